/* fuzz_qdpx — the REFI-QDA reader. The input is project.qde, optionally followed by a NUL
 * and the text of the source "internal://s.txt"; it is zipped here (so the fuzzer works on
 * the XML, positions and texts) and imported as .qdpx, and the XML alone is imported as a
 * .qdc. An input starting with "PK" is read as the archive itself. Contracts: failure means
 * an error; success means every file is under codebooks/ or transcripts/ (or is a coder's
 * memos file, memos/CODER.yaml, from the notes) with no ".." component, every transcript
 * and memos file is valid UTF-8, and the codebook loads without errors. */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/codebook.h"
#include "gloss/qdpx.h"
#include "gloss/zipx.h"

static void check(const struct qdpx_import *imp)
{
	for (size_t i = 0; i < imp->n; i++) {
		const struct qdpx_file *f = &imp->files[i];
		FUZZ_ASSERT(strncmp(f->path, "codebooks/", 10) == 0 ||
		            strncmp(f->path, "transcripts/", 12) == 0 ||
		            strncmp(f->path, "memos/", 6) == 0);
		if (strncmp(f->path, "memos/", 6) == 0) /* one file a coder, beside the others */
			FUZZ_ASSERT(
			    strchr(f->path + 6, '/') == NULL && path_has_ext(f->path, "yaml") &&
			    strlen(f->path + 6) <= 64 + 5 && utf8_valid(f->data, f->len, NULL));
		FUZZ_ASSERT(strstr(f->path, "/../") == NULL && strstr(f->path, "/./") == NULL);
		FUZZ_ASSERT(f->data != NULL);
		/* names unique, valid UTF-8, no hidden files, within the limits (findings 3, 6,
		 * 7, 16, 18) */
		FUZZ_ASSERT(strlen(path_basename(f->path)) <= 255 &&
		            path_basename(f->path)[0] != '.');
		FUZZ_ASSERT(utf8_valid(f->path, strlen(f->path), NULL));
		if (strncmp(f->path, "transcripts/codings/", 20) == 0)
			FUZZ_ASSERT(strcspn(f->path + 20, "/") <= 64);
		for (size_t k = i + 1; k < imp->n; k++)
			FUZZ_ASSERT(strcmp(f->path, imp->files[k].path) != 0);
		if (path_has_ext(f->path, "txt"))
			FUZZ_ASSERT(utf8_valid(f->data, f->len, NULL));
		if (strncmp(f->path, "codebooks/", 10) == 0) {
			struct diags d;
			struct codebook *cb;
			diags_init(&d);
			cb = codebook_load_mem(f->data, f->len, f->path, &d);
			FUZZ_ASSERT(cb != NULL && d.errors == 0);
			codebook_free(cb);
			diags_done(&d);
		}
	}
}

static void run(const char *buf, size_t len, bool qdc)
{
	struct qdpx_import imp;
	struct diags d;
	bool ok;

	diags_init(&d);
	/* half the inputs with --partial: failure is still an error, and only then */
	ok = qdpx_import_opts(buf, len, qdc, "fuzz.qdpx", "2026-01-01T00:00:00Z",
	                      len & 1 ? QDPX_PARTIAL : 0, &imp, &d);
	FUZZ_ASSERT(ok == (d.errors == 0));
	if (ok)
		check(&imp);
	qdpx_import_done(&imp);
	fuzz_diags_done(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *nul = memchr(s, '\0', size);
	size_t xml = nul ? (size_t)(nul - s) : size, len;
	struct zipw *w;
	char err[128], *zip;

	if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
		run(s, size, false);
		return 0;
	}
	w = zipw_new();
	zipw_store(w); /* deflate's set-up would cost more than the import */
	FUZZ_ASSERT(zipw_add(w, "project.qde", s, xml, err, sizeof(err)));
	if (nul)
		FUZZ_ASSERT(
		    zipw_add(w, "sources/s.txt", nul + 1, size - xml - 1, err, sizeof(err)));
	zip = zipw_finish(w, &len, err, sizeof(err));
	FUZZ_ASSERT(zip != NULL);
	run(zip, len, false);
	free(zip);
	run(s, xml, true);
	return 0;
}
