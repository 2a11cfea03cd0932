/* fuzz_import_common.h — the checks shared by the transcript import fuzz targets
 * (fuzz_vtt, fuzz_srt, fuzz_otter, fuzz_docx): a conversion either fails with an error or
 * gives a transcript that is valid UTF-8, starts with front matter and loads in gloss. */
#ifndef GLOSS_FUZZ_IMPORT_COMMON_H
#define GLOSS_FUZZ_IMPORT_COMMON_H

#include <string.h>

#include "fuzz_common.h"
#include "gloss/import.h"
#include "gloss/transcript.h"

static inline void fuzz_import(enum import_format f, const char *buf, size_t size)
{
	struct diags d;
	size_t n = 0;
	char *s;
	struct transcript *t;

	diags_init(&d);
	s = import_convert(f, buf, size, "fuzz/in.x", "2026-01-01", &n, &d);
	FUZZ_ASSERT((s == NULL) == (d.errors > 0));
	if (s) {
		FUZZ_ASSERT(strlen(s) == n);
		FUZZ_ASSERT(utf8_valid(s, n, NULL));
		FUZZ_ASSERT(n >= 4 && memcmp(s, "---\n", 4) == 0);
		t = transcript_load_mem(s, n, "fuzz.txt", &d);
		FUZZ_ASSERT(t != NULL);
		FUZZ_ASSERT(transcript_attr(t, "imported") != NULL || f == IMPORT_TXT);
		transcript_free(t);
	}
	(void)import_detect("fuzz/in.txt", buf, size);
	free(s);
	fuzz_diags_done(&d);
}

#endif
