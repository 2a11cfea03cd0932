/* fuzz_suggestion — suggester_parse (a suggesting command's JSON lines, untrusted) on
 * arbitrary bytes against a fixed small transcript and codebook. Every suggestion kept
 * must name a code of the codebook and a non-empty range of whole characters inside the
 * body, with a confidence in 0..1 and a rationale of valid UTF-8 within the limit; every
 * message must be terminal-safe; and the suggestions, stored as a coder's codings
 * (suggester_fill), must serialize and parse back with their fields. */
#include "fuzz_fixture.h"
#include "gloss/codings.h"
#include "gloss/suggester.h"

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
