/* fuzzy.c — Myers' bit-parallel edit distance in blocks of 64 pattern rows (see fuzzy.h).
 *
 * Column j of the dynamic programme holds D[i][j], the distance between the first i code
 * points of the pattern and the first j of the piece of text; the first row D[0][j] = j
 * (the piece starts where it must: no free start). The column is kept as two bit vectors
 * of vertical differences, +1 (pv) and -1 (mv), one word per 64 rows; each text code
 * point updates every word once, and the score D[m][j] follows from the bottom row's
 * horizontal difference. */
#include "gloss/fuzzy.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"

struct fuzzy {
	size_t m, w;     /* pattern code points; words a column */
	uint64_t *ascii; /* 128 x w: the rows that hold each ASCII code point */
	uint32_t *keys;  /* the other code points of the pattern, sorted */
	uint64_t *masks; /* nkeys x w */
	size_t nkeys;
	bool backward;
};

static uint32_t fuzzy_fold(uint32_t cp)
{
	if (cp < 0x80)
		return cp == '\t' || cp == '\n' || cp == '\v' || cp == '\f' || cp == '\r' ? ' '
		                                                                          : cp;
	if (utf8_is_space(cp))
		return ' ';
	return utf8_fold_punct(cp);
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static long key_of(const struct fuzzy *f, uint32_t c)
{
	size_t lo = 0, hi = f->nkeys;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->keys[mid] < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->nkeys && f->keys[lo] == c ? (long)lo : -1;
}

struct fuzzy *fuzzy_new(const char *pat, size_t len, bool backward)
{
	struct fuzzy *f = xcalloc(1, sizeof(*f));
	uint32_t *cps = xcalloc(len + 1, sizeof(*cps)), *sorted;
	size_t m = 0;

	for (size_t i = 0; i < len;) {
		uint32_t c;
		i += utf8_decode(pat + i, len - i, &c);
		cps[m++] = fuzzy_fold(c);
	}
	if (backward)
		for (size_t a = 0, b = m; a + 1 < b; a++, b--) {
			uint32_t x = cps[a];
			cps[a] = cps[b - 1], cps[b - 1] = x;
		}
	f->m = m, f->backward = backward;
	f->w = m ? (m + 63) / 64 : 1;
	f->ascii = xcalloc(128 * f->w, sizeof(*f->ascii));
	sorted = xcalloc(m + 1, sizeof(*sorted));
	for (size_t i = 0; i < m; i++)
		if (cps[i] >= 0x80)
			sorted[f->nkeys++] = cps[i];
	sort_array(sorted, f->nkeys, sizeof(*sorted), cmp_u32);
	{
		size_t k = 0;
		for (size_t i = 0; i < f->nkeys; i++)
			if (k == 0 || sorted[i] != sorted[k - 1])
				sorted[k++] = sorted[i];
		f->nkeys = k;
	}
	f->keys = sorted;
	f->masks = xcalloc(f->nkeys * f->w + 1, sizeof(*f->masks));
	for (size_t i = 0; i < m; i++) {
		uint64_t bit = (uint64_t)1 << (i % 64);
		if (cps[i] < 0x80)
			f->ascii[cps[i] * f->w + i / 64] |= bit;
		else
			f->masks[(size_t)key_of(f, cps[i]) * f->w + i / 64] |= bit;
	}
	free(cps);
	return f;
}

void fuzzy_free(struct fuzzy *f)
{
	if (!f)
		return;
	free(f->ascii);
	free(f->keys);
	free(f->masks);
	free(f);
}

size_t fuzzy_length(const struct fuzzy *f)
{
	return f->m;
}

/* the column, and the score of its bottom row */
struct column {
	uint64_t *pv, *mv;
	size_t score;
};

static void column_init(const struct fuzzy *f, struct column *c)
{
	c->pv = xcalloc(2 * f->w, sizeof(*c->pv));
	c->mv = c->pv + f->w;
	for (size_t b = 0; b < f->w; b++)
		c->pv[b] = ~(uint64_t)0;
	c->score = f->m;
}

/* step: the next column, for text code point c */
static void step(const struct fuzzy *f, struct column *col, uint32_t c)
{
	const uint64_t *peq = NULL;
	unsigned last = (unsigned)((f->m + 63) % 64);
	int hin = 1; /* D[0][j] = j: the top row grows by one */

	c = fuzzy_fold(c);
	if (c < 0x80) {
		peq = f->ascii + c * f->w;
	} else {
		long k = key_of(f, c);
		peq = k >= 0 ? f->masks + (size_t)k * f->w : NULL;
	}
	for (size_t b = 0; b < f->w; b++) {
		uint64_t eq = peq ? peq[b] : 0, pv = col->pv[b], mv = col->mv[b];
		uint64_t xv = eq | mv, xh, ph, mh;
		int hout;
		if (hin < 0)
			eq |= 1;
		xh = (((eq & pv) + pv) ^ pv) | eq;
		ph = mv | ~(xh | pv);
		mh = pv & xh;
		if (b + 1 == f->w && f->m) {
			if ((ph >> last) & 1)
				col->score++;
			else if ((mh >> last) & 1)
				col->score--;
		}
		hout = (ph >> 63) & 1 ? 1 : (mh >> 63) & 1 ? -1 : 0;
		ph <<= 1, mh <<= 1;
		if (hin < 0)
			mh |= 1;
		else if (hin > 0)
			ph |= 1;
		col->pv[b] = mh | ~(xv | ph);
		col->mv[b] = ph & xv;
		hin = hout;
	}
	if (!f->m)
		col->score++;
}

/* next_cp: the code point at pos (forward) or before it (backward); its other end in *to */
static uint32_t next_cp(const struct fuzzy *f, const char *text, size_t len, size_t pos, size_t *to)
{
	uint32_t c;

	if (f->backward) {
		size_t p = utf8_prev(text, pos);
		utf8_decode(text + p, pos - p, &c);
		*to = p;
	} else {
		*to = pos + utf8_decode(text + pos, len - pos, &c);
	}
	return c;
}

static size_t dist(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

unsigned fuzzy_match(const struct fuzzy *f, const char *text, size_t len, size_t at, unsigned k,
                     size_t target, size_t *other)
{
	struct column col;
	size_t pos = at, best = f->m, best_at = at, j = 0, most = f->m + k;

	if (at > len)
		return FUZZY_NONE;
	column_init(f, &col);
	while (j < most && (f->backward ? pos > 0 : pos < len)) {
		step(f, &col, next_cp(f, text, len, pos, &pos));
		j++;
		if (col.score < best ||
		    (col.score == best &&
		     (target == SIZE_MAX || dist(pos, target) <= dist(best_at, target))))
			best = col.score, best_at = pos;
	}
	free(col.pv);
	if (best > k)
		return FUZZY_NONE;
	*other = best_at;
	return (unsigned)best;
}

unsigned fuzzy_distance(const struct fuzzy *f, const char *text, size_t s, size_t e)
{
	struct column col;
	size_t pos = f->backward ? e : s, score;

	if (s > e)
		return FUZZY_NONE;
	column_init(f, &col);
	while (f->backward ? pos > s : pos < e)
		step(f, &col, next_cp(f, text, e, pos, &pos));
	score = col.score;
	free(col.pv);
	return score > (size_t)FUZZY_NONE - 1 ? FUZZY_NONE - 1 : (unsigned)score;
}
