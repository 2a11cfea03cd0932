/* test_overlap.c — the overlap index against a brute-force scan: random codings in two sets
 * (drifted ones among them, which never count), every query range, and the edge cases (an
 * empty range, touching ranges, no codings, a NULL set). */
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/overlap.h"
#include "t.h"

static void fill(struct codings *c, size_t n, unsigned seed)
{
	memset(c, 0, sizeof(*c));
	c->items = calloc(n ? n : 1, sizeof(*c->items));
	c->len = n;
	srand(seed);
	for (size_t i = 0; i < n; i++) {
		size_t s = (size_t)rand() % 200, len = (size_t)rand() % (i % 7 == 0 ? 120 : 15);
		c->items[i].start = s;
		c->items[i].end = s + len + 1;
		c->items[i].status = i % 11 == 3 ? CODING_DRIFTED : CODING_OK;
	}
}

/* brute: count of counted codings overlapping [s, e) (an empty range means byte s) */
static size_t brute(struct codings *const *sets, size_t nsets, size_t s, size_t e)
{
	size_t n = 0;

	if (e <= s)
		e = s + 1;
	for (size_t k = 0; k < nsets; k++)
		for (size_t i = 0; sets[k] && i < sets[k]->len; i++) {
			const struct coding *cd = &sets[k]->items[i];
			n += coding_counted(cd) && cd->start < e && cd->end > s;
		}
	return n;
}

static void test_random(void)
{
	struct codings a, b;
	struct codings *sets[3];
	struct overlap ix = OVERLAP_INIT;
	struct overlap_ref out[400];
	bool all_same = true, all_ordered = true, all_inside = true;

	fill(&a, 150, 1);
	fill(&b, 90, 2);
	sets[0] = &a, sets[1] = NULL, sets[2] = &b;
	overlap_build(&ix, sets, 3);
	IS_INT(ix.n, brute(sets, 3, 0, 1000), "every counted coding is indexed, drifted left out");
	for (size_t s = 0; s < 340; s++) {
		for (size_t e = s; e < s + 60; e += 3) {
			size_t n = overlap_find(&ix, s, e, out, 400), want = brute(sets, 3, s, e);
			all_same &= n == want;
			for (size_t i = 0; i < n; i++) {
				const struct coding *cd = overlap_coding(&ix, &out[i]);
				size_t ee = e > s ? e : s + 1;
				all_inside &= cd->start < ee && cd->end > s && coding_counted(cd);
				if (i)
					all_ordered &= out[i - 1].start <= out[i].start;
			}
		}
	}
	OK(all_same, "overlap_find finds exactly what a scan finds, for every range");
	OK(all_inside, "every coding found overlaps the range and counts");
	OK(all_ordered, "found in order of start");
	IS_INT(overlap_find(&ix, 0, 1000, out, 3), brute(sets, 3, 0, 1000),
	       "the count goes on past max");
	overlap_done(&ix);
	free(a.items);
	free(b.items);
}

static bool stop_after_two(void *ctx, const struct overlap_ref *r)
{
	(void)r;
	return ++*(int *)ctx < 2;
}

static void test_edges(void)
{
	struct coding items[3] = {0};
	struct codings c = {0};
	struct codings *sets[1] = {&c};
	struct overlap ix = OVERLAP_INIT;
	struct overlap_ref out[4];
	int calls = 0;

	overlap_build(&ix, sets, 1);
	IS_INT(overlap_find(&ix, 0, 10, out, 4), 0, "no codings: nothing found");
	items[0].start = 10, items[0].end = 20;
	items[1].start = 20, items[1].end = 30;
	items[2].start = 5, items[2].end = 25;
	c.items = items, c.len = 3;
	overlap_build(&ix, sets, 1);
	IS_INT(overlap_find(&ix, 20, 20, out, 4), 2, "an empty range asks for the byte there");
	IS_INT(overlap_find(&ix, 0, 5, out, 4), 0, "a range ending where a coding starts: none");
	IS_INT(overlap_find(&ix, 25, 30, out, 4), 1, "a range starting where one ends: not it");
	IS_INT(out[0].item, 1, "... the one that goes on");
	IS_INT(overlap_find(&ix, 0, 100, out, 4), 3, "all three");
	IS_INT(out[0].start, 5, "first by start");
	overlap_each(&ix, 0, 100, stop_after_two, &calls);
	IS_INT(calls, 2, "overlap_each stops when asked");
	items[2].status = CODING_DRIFTED;
	overlap_build(&ix, sets, 1);
	IS_INT(overlap_find(&ix, 0, 100, out, 4), 2, "rebuilt after a change of status");
	overlap_done(&ix);
	IS_INT(ix.n, 0, "overlap_done leaves an empty index");
}

int main(void)
{
	test_random();
	test_edges();
	return t_done();
}
