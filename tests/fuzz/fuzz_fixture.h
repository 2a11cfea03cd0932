/* fuzz_fixture.h — the small transcript and codebook that the targets reading codings
 * (fuzz_codings.c) and a suggester's answer (fuzz_suggestion.c) are fuzzed against: front
 * matter, timestamps, two speakers, typographic quotes, an ellipsis and multibyte text. */
#ifndef GLOSS_FUZZ_FIXTURE_H
#define GLOSS_FUZZ_FIXTURE_H

#include <string.h>

#include "fuzz_common.h"
#include "gloss/codebook.h"
#include "gloss/transcript.h"

static const char transcript_text[] =
    "---\nparticipant: P01\nrole: thought leader\n---\n"
    "[00:00:04] INTERVIEWER: Thank you for making time. Could you start?\n\n"
    "[00:00:15] AMARA: Of course. I run a small practice in Lagos — eleven people.\n"
    "Pro bono… “honestly” it was frustration. Zoë said: café, naïve, 東京.\n\n"
    "[00:01:32] INTERVIEWER: That's striking.\n";
static const char codebook_text[] = "name: Fuzz\ncodes:\n"
                                    "  - id: arena\n    codes:\n"
                                    "      - id: purpose\n        key: \"1\"\n"
                                    "      - id: core\n"
                                    "  - id: trust\n";

static struct transcript *fixed_t;
static struct codebook *fixed_cb;

/* setup: load the fixture once (at the first input) */
static void setup(void)
{
	struct diags d;

	if (fixed_t)
		return;
	diags_init(&d);
	fixed_t = transcript_load_mem(transcript_text, strlen(transcript_text),
	                              "transcripts/01-fuzz.txt", &d);
	fixed_cb = codebook_load_mem(codebook_text, strlen(codebook_text), "codebooks/f.yaml", &d);
	FUZZ_ASSERT(fixed_t && fixed_cb && d.errors == 0);
	diags_done(&d);
}

#endif
