/* fuzz_codings — codings_parse on arbitrary bytes against a fixed small transcript and
 * codebook; a parsed set must serialize, and its serialization must parse back to the
 * same bytes (the format is deterministic and loses nothing), or, when a coding was
 * ambiguous, keep every placed coding where it is. */
#include "fuzz_fixture.h"
#include "gloss/codings.h"

static void edit(struct codings *c, const uint8_t *data, size_t size)
{
	size_t a = size ? data[0] % (fixed_t->len + 1) : 0, b = size > 1 ? data[1] : 7;
	size_t s = transcript_cp_to_byte(fixed_t, transcript_byte_to_cp(fixed_t, a));
	size_t e = transcript_cp_to_byte(fixed_t, transcript_byte_to_cp(fixed_t, s) + b % 40);
	size_t i;
	long f;

	if (e <= s)
		return;
	i = codings_add(c, "trust", s, e, size > 2 && data[2] & 1 ? "a memo" : NULL);
	FUZZ_ASSERT(i < c->len);
	f = codings_find(c, "trust", s, e);
	FUZZ_ASSERT(f >= 0);
	codings_set_memo(c, (size_t)f, "");
	codings_remove(c, (size_t)f, NULL);
}

/* An ambiguous coding (gloss(5), Re-anchoring) stays at its old offsets while others move;
 * read again, it may then fit where it did not (the order of the codings around it has
 * changed), so with one the file read back need not be the same bytes: but every coding
 * placed must stay placed, where it was. */
static bool any_ambiguous(const struct codings *c)
{
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].status == CODING_AMBIGUOUS)
			return true;
	return false;
}

static bool placed_stay(const struct codings *a, const struct codings *b)
{
	size_t placed = 0, kept = 0;

	for (size_t i = 0; i < a->len; i++)
		placed += coding_counted(&a->items[i]);
	for (size_t i = 0; i < a->len; i++)
		for (size_t j = 0; coding_counted(&a->items[i]) && j < b->len; j++)
			if (coding_counted(&b->items[j]) &&
			    a->items[i].cp_start == b->items[j].cp_start &&
			    a->items[i].cp_end == b->items[j].cp_end &&
			    strcmp(a->items[i].code, b->items[j].code) == 0) {
				kept++;
				break;
			}
	return kept >= placed;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct codings *c, *c2;
	char *out, *out2;
	size_t len, len2;

	setup();
	diags_init(&d);
	c = codings_parse((const char *)data, size, "transcripts/codings/ana/01-fuzz.yaml", fixed_t,
	                  "ana", fixed_cb, &d);
	if (!c) {
		FUZZ_ASSERT(d.errors > 0);
		fuzz_diags_done(&d);
		return 0;
	}
	for (size_t i = 0; i < c->len; i++)
		FUZZ_ASSERT(c->items[i].start <= c->items[i].end &&
		            c->items[i].end <= fixed_t->len);
	out = codings_serialize(c, &len);
	c2 = codings_parse(out, len, "re-read.yaml", fixed_t, "ana", fixed_cb, &d);
	FUZZ_ASSERT(c2 != NULL);
	FUZZ_ASSERT(c2->len == c->len);
	out2 = codings_serialize(c2, &len2);
	if (any_ambiguous(c))
		FUZZ_ASSERT(placed_stay(c, c2));
	else
		FUZZ_ASSERT(len == len2 && memcmp(out, out2, len) == 0);
	edit(c2, data, size);
	free(out);
	free(out2);
	codings_free(c2);
	codings_free(c);
	fuzz_diags_done(&d);
	return 0;
}
