/* test_fuzzy.c — the bit-parallel edit distance (fuzzy.h) against the plain dynamic
 * programme on random strings of every length across the 64-row blocks, forward and
 * backward, ASCII and not; and the pieces it picks. */
#include "gloss/fuzzy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"
#include "t.h"

/* naive: the least distance of pattern p (code points) to a piece of t starting at 0
 * (every length up to tn); *at its length (the longest on a tie); dist_all[j]: to t[0..j) */
static size_t naive(const uint32_t *p, size_t m, const uint32_t *t, size_t tn, size_t *dist_all)
{
	size_t *prev = xcalloc(m + 1, sizeof(size_t)), *cur = xcalloc(m + 1, sizeof(size_t));
	size_t best;

	for (size_t i = 0; i <= m; i++)
		prev[i] = i;
	dist_all[0] = m, best = m;
	for (size_t j = 1; j <= tn; j++) {
		size_t *x;
		cur[0] = j;
		for (size_t i = 1; i <= m; i++) {
			size_t a = prev[i - 1] + (p[i - 1] != t[j - 1]), b = prev[i] + 1,
			       c = cur[i - 1] + 1;
			cur[i] = a < b ? (a < c ? a : c) : (b < c ? b : c);
		}
		dist_all[j] = cur[m];
		if (cur[m] < best)
			best = cur[m];
		x = prev, prev = cur, cur = x;
	}
	free(prev);
	free(cur);
	return best;
}

static uint64_t rng = 88172645463325252ULL;

static unsigned rnd(unsigned n)
{
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* a random string of n code points over a small alphabet (some of them two bytes) */
static const uint32_t alpha[] = {'a', 'b', 'c', ' ', 0xE9, 0x3B1};

static void rand_str(uint32_t *cp, size_t n, char *out, size_t *len)
{
	*len = 0;
	for (size_t i = 0; i < n; i++) {
		cp[i] = alpha[rnd(ARRAY_LEN(alpha))];
		*len += utf8_encode(cp[i], out + *len);
	}
	out[*len] = 0;
}

static void test_against_dp(void)
{
	size_t bad = 0, cases = 0;
	uint32_t p[300], t[400], rp[300], rt[400];
	char ps[1300], ts[1700];
	size_t dall[401];

	for (int round = 0; round < 400; round++) {
		size_t m = 1 + rnd(260), tn = rnd(m + 60), pl, tl, other, want, cut;
		unsigned k = rnd(2) ? (unsigned)(m / 4) : (unsigned)(m + tn);
		struct fuzzy *f, *b;
		unsigned got;
		rand_str(p, m, ps, &pl);
		if (rnd(2)) { /* the text: the pattern with a few edits, or random */
			tn = 0;
			for (size_t i = 0; i < m && tn < 390; i++) {
				unsigned r = rnd(20);
				if (r == 0)
					continue;
				if (r == 1)
					t[tn++] = alpha[rnd(ARRAY_LEN(alpha))];
				t[tn++] = r == 2 ? alpha[rnd(ARRAY_LEN(alpha))] : p[i];
			}
		} else {
			for (size_t i = 0; i < tn; i++)
				t[i] = alpha[rnd(ARRAY_LEN(alpha))];
		}
		tl = 0;
		for (size_t i = 0; i < tn; i++)
			tl += utf8_encode(t[i], ts + tl);
		ts[tl] = 0;
		/* forward: pieces starting at 0 of up to m + k code points */
		cut = tn < m + k ? tn : m + k;
		want = naive(p, m, t, cut, dall);
		f = fuzzy_new(ps, pl, false);
		got = fuzzy_match(f, ts, tl, 0, k, SIZE_MAX, &other);
		cases++;
		if (want > k ? got != FUZZY_NONE
		             : got != want || dall[utf8_count(ts, other)] != want) {
			bad++;
			printf("# forward m=%zu tn=%zu k=%u: got %u want %zu\n", m, tn, k, got,
			       want);
		}
		naive(p, m, t, tn, dall);
		if (fuzzy_distance(f, ts, 0, tl) != dall[tn])
			bad++, printf("# distance m=%zu tn=%zu\n", m, tn);
		fuzzy_free(f);
		/* backward: pieces ending at the end of the text */
		for (size_t i = 0; i < m; i++)
			rp[i] = p[m - 1 - i];
		for (size_t i = 0; i < tn; i++)
			rt[i] = t[tn - 1 - i];
		want = naive(rp, m, rt, cut, dall);
		b = fuzzy_new(ps, pl, true);
		got = fuzzy_match(b, ts, tl, tl, k, SIZE_MAX, &other);
		if (want > k ? got != FUZZY_NONE
		             : got != want || dall[utf8_count(ts + other, tl - other)] != want) {
			bad++;
			printf("# backward m=%zu tn=%zu k=%u: got %u want %zu\n", m, tn, k, got,
			       want);
		}
		naive(p, m, t, tn, dall);
		if (fuzzy_distance(b, ts, 0, tl) != dall[tn])
			bad++, printf("# backward distance m=%zu tn=%zu\n", m, tn);
		fuzzy_free(b);
	}
	IS_INT(bad, 0, "forward, backward and whole distances equal the plain DP (400 cases)");
	OK(cases == 400, "all cases ran");
}

static void test_pieces(void)
{
	const char *pat = "Some of it is genuine.";
	const char *txt = "A: Some of it is really genuine. B: ok";
	struct fuzzy *f = fuzzy_new(pat, strlen(pat), false);
	struct fuzzy *b = fuzzy_new(pat, strlen(pat), true);
	size_t other = 0, end = (size_t)(strstr(txt, " B:") - txt);

	IS_INT(fuzzy_length(f), 22, "length in code points");
	IS_INT(fuzzy_match(f, txt, strlen(txt), 3, 5, SIZE_MAX, &other), FUZZY_NONE,
	       "more than k: none");
	IS_INT(fuzzy_match(f, txt, strlen(txt), 3, 22, SIZE_MAX, &other), 7,
	       "the inserted 'really ' costs 7 code points");
	IS_INT(other, end, "the piece ends after 'genuine.'");
	IS_INT(fuzzy_match(b, txt, strlen(txt), end, 22, SIZE_MAX, &other), 7,
	       "backward from the end: the same distance");
	IS_INT(other, 3, "and the piece starts after 'A: '");
	IS_INT(fuzzy_distance(f, txt, 3, end), 7, "whole distance");
	IS_INT(fuzzy_distance(
	           f, "Some of it \xE2\x80\x94 maybe a third \xE2\x80\x94 is genuine.", 0,
	           strlen("Some of it \xE2\x80\x94 maybe a third \xE2\x80\x94 is genuine.")),
	       18, "the issue's edit: 18 code points inserted");
	IS_INT(fuzzy_distance(f, "Some  of\nit is genuine.", 0, 23), 1,
	       "white space folded, an extra space costs one");
	IS_INT(fuzzy_distance(f, "Some of it is genuine.", 0, 22), 0, "the same text: 0");
	/* ties: the end nearest the target */
	fuzzy_free(f);
	f = fuzzy_new("abc", 3, false);
	IS_INT(fuzzy_match(f, "abxc", 4, 0, 1, SIZE_MAX, &other), 1, "one edit");
	IS_INT(other, 4, "no target: the longest piece");
	IS_INT(fuzzy_match(f, "abxc", 4, 0, 1, 3, &other), 1, "one edit");
	IS_INT(other, 3, "target 3: the piece ending there");
	fuzzy_free(f);
	fuzzy_free(b);
}

int main(void)
{
	test_against_dp();
	test_pieces();
	return t_done();
}
