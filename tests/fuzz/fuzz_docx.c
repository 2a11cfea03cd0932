/* fuzz_docx — the Word reader. An input starting with "PK" is read as the .docx itself (the
 * archive checks); any other input is word/document.xml, zipped here, so the fuzzer works
 * on the XML and the paragraph walk rather than on zip headers. */
#include "fuzz_import_common.h"
#include "gloss/zipx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct zipw *w;
	char err[128], *zip;
	size_t len;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		fuzz_import(IMPORT_DOCX, (const char *)data, size);
		return 0;
	}
	w = zipw_new();
	zipw_store(w); /* deflate's set-up would cost more than the import */
	FUZZ_ASSERT(zipw_add(w, "word/document.xml", data, size, err, sizeof(err)));
	zip = zipw_finish(w, &len, err, sizeof(err));
	FUZZ_ASSERT(zip != NULL);
	fuzz_import(IMPORT_DOCX, zip, len);
	free(zip);
	return 0;
}
