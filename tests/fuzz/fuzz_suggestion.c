/* fuzz_suggestion — suggester_parse (a suggesting command's JSON lines, untrusted) on
 * arbitrary bytes against a fixed small transcript and codebook. Every suggestion kept
 * must name a code of the codebook and a non-empty range of whole characters inside the
 * body, with a confidence in 0..1 and a rationale of valid UTF-8 within the limit; every
 * message must be terminal-safe; and the suggestions, stored as a coder's codings
 * (suggester_fill), must serialize and parse back with their fields. */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/suggester.h"
#include "gloss/transcript.h"

static const char transcript_text[] =
    "---\nparticipant: P01\n---\n"
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

static void check_one(const struct model_suggestion *s)
{
	FUZZ_ASSERT(s->code >= 0 && (size_t)s->code < fixed_cb->ncodes);
	FUZZ_ASSERT(s->start >= fixed_t->body && s->start < s->end && s->end <= fixed_t->len);
	FUZZ_ASSERT((fixed_t->text[s->start] & 0xC0) != 0x80);
	FUZZ_ASSERT(s->end == fixed_t->len || (fixed_t->text[s->end] & 0xC0) != 0x80);
	FUZZ_ASSERT(s->confidence < 0 || (s->confidence >= 0 && s->confidence <= 1));
	if (s->rationale) {
		size_t n = strlen(s->rationale);
		FUZZ_ASSERT(n <= SUGGESTER_MAX_RATIONALE);
		FUZZ_ASSERT(utf8_valid(s->rationale, n, NULL));
	}
}

static void round_trip(const struct model_suggestion *s, size_t n)
{
	struct diags d;
	struct codings *c, *back;
	size_t len;
	char *buf;

	diags_init(&d);
	c = codings_parse("", 0, "transcripts/codings/suggest-f/01-fuzz.yaml", fixed_t, "suggest-f",
	                  fixed_cb, &d);
	FUZZ_ASSERT(c);
	suggester_fill(c, fixed_cb, "f", s, n);
	FUZZ_ASSERT(c->len == n);
	buf = codings_serialize(c, &len);
	back = codings_parse(buf, len, c->path, fixed_t, "suggest-f", fixed_cb, &d);
	FUZZ_ASSERT(back && !back->readonly && back->len == n);
	for (size_t i = 0; i < n; i++) {
		FUZZ_ASSERT(back->items[i].nextra == c->items[i].nextra);
		FUZZ_ASSERT(back->items[i].start == c->items[i].start);
	}
	codings_free(back);
	codings_free(c);
	free(buf);
	fuzz_diags_done(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct model_suggestion *s;
	struct diags d;
	size_t n;

	setup();
	diags_init(&d);
	n = suggester_parse((const char *)data, size, fixed_cb, fixed_t, "out", &d, &s);
	for (size_t i = 0; i < n; i++)
		check_one(&s[i]);
	if (n)
		round_trip(s, n);
	suggester_free(s, n);
	fuzz_diags_done(&d);
	return 0;
}
