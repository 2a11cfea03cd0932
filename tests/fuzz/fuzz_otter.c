/* fuzz_otter — the Otter/Rev reader (import_convert with IMPORT_OTTER) on arbitrary bytes: an
 * error or a transcript gloss can load (fuzz_import_common.h). */
#include "fuzz_import_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_import(IMPORT_OTTER, (const char *)data, size);
	return 0;
}
