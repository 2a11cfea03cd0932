/* anchor.c — find a coded passage again: exact, then loose, then head and tail.
 *
 * Searches start in a window around the old position that grows geometrically, so a
 * passage moved by a small edit is found after looking at a few kilobytes, and the
 * nearest occurrence wins. The loose match compares normalized text (white space runs,
 * typographic quotes, dashes and ellipses folded); the normalized copy of a window is
 * mapped back to byte offsets with one forward walk, never with a per-byte table. */
#include "gloss/anchor.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define ANCHOR_WINDOW 4096

/* ---- normalization ---------------------------------------------------------------- */

static uint32_t fold(uint32_t cp)
{
	switch (cp) {
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x2033:
		return '"';
	case 0x2018:
	case 0x2019:
	case 0x201A:
	case 0x201B:
	case 0x2032:
		return '\'';
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
		return '-';
	default:
		return cp;
	}
}

/* norm_unit: normalize the unit at s[i..e) (one code point, or a run of white space) into
 * out (>= 4 bytes); returns the bytes written and sets *next past the unit. */
static size_t norm_unit(const char *s, size_t i, size_t e, char *out, size_t *next)
{
	uint32_t cp;
	size_t k;

	if ((unsigned char)s[i] < 0x80 && s[i] != ' ' && (s[i] < 0x09 || s[i] > 0x0D)) {
		out[0] = s[i];
		*next = i + 1;
		return 1;
	}
	k = utf8_decode(s + i, e - i, &cp);
	if (utf8_is_space(cp)) {
		do {
			i += k;
			if (i >= e)
				break;
			k = utf8_decode(s + i, e - i, &cp);
		} while (utf8_is_space(cp));
		*next = i;
		out[0] = ' ';
		return 1;
	}
	*next = i + k;
	if (cp == 0x2026) {
		memcpy(out, "...", 3);
		return 3;
	}
	return utf8_encode(fold(cp), out);
}

static void normalize(struct strbuf *out, const char *s, size_t a, size_t b)
{
	char buf[4];

	while (a < b) {
		size_t n = norm_unit(s, a, b, buf, &a);
		sb_add(out, buf, n);
	}
}

/* walker: maps normalized offsets back to byte offsets by walking the units forward. */
struct walker {
	const char *s;
	size_t i, e;  /* unit start in s, window end */
	size_t n;     /* normalized offset of the unit's first byte */
	size_t ulen;  /* normalized length of the unit at i */
	size_t unext; /* byte offset after the unit at i */
};

static void walker_unit(struct walker *w)
{
	char buf[4];

	w->ulen = w->i < w->e ? norm_unit(w->s, w->i, w->e, buf, &w->unext) : 0;
}

static void walker_init(struct walker *w, const char *s, size_t a, size_t b)
{
	w->s = s, w->i = a, w->e = b, w->n = 0;
	walker_unit(w);
}

/* walker_to: move to the unit holding normalized byte j (j must be in the window). */
static void walker_to(struct walker *w, size_t j)
{
	while (w->i < w->e && w->n + w->ulen <= j) {
		w->n += w->ulen;
		w->i = w->unext;
		walker_unit(w);
	}
}

/* ---- searching in a window --------------------------------------------------------- */

struct best {
	size_t target;
	bool found;
	size_t start, end;
	size_t dist;
};

static void consider(struct best *b, size_t s, size_t e)
{
	size_t d = s > b->target ? s - b->target : b->target - s;

	if (!b->found || d < b->dist) {
		b->found = true;
		b->start = s, b->end = e, b->dist = d;
	}
}

static void exact_in(const char *s, size_t a, size_t b, const char *q, size_t qlen,
                     struct best *best)
{
	size_t i = a;

	while (i + qlen <= b) {
		const char *p = memmem(s + i, b - i, q, qlen);
		if (!p)
			break;
		i = (size_t)(p - s);
		consider(best, i, i + qlen);
		i++;
	}
}

static void loose_in(const char *s, size_t a, size_t b, const char *nq, size_t nqlen,
                     struct best *best)
{
	struct strbuf nt = STRBUF_INIT;
	struct walker ws, we;
	size_t j = 0;

	normalize(&nt, s, a, b);
	walker_init(&ws, s, a, b);
	walker_init(&we, s, a, b);
	while (j + nqlen <= nt.len) {
		const char *p = memmem(nt.data + j, nt.len - j, nq, nqlen);
		if (!p)
			break;
		j = (size_t)(p - nt.data);
		walker_to(&ws, j);
		walker_to(&we, j + nqlen - 1);
		consider(best, ws.i, we.unext);
		j++;
	}
	sb_done(&nt);
}

static bool is_cont(const char *s, size_t i)
{
	return ((unsigned char)s[i] & 0xC0) == 0x80;
}

/* find_near: the occurrence of q (exact, or nq normalized when loose) in bytes [lo, hi)
 * whose start is nearest target, searching windows of growing size. */
static bool find_near(const char *s, size_t lo, size_t hi, const char *q, size_t qlen, bool loose,
                      size_t target, size_t *ms, size_t *me)
{
	struct best best = {target, false, 0, 0, 0};

	if (qlen == 0 || lo >= hi)
		return false;
	target = target < lo ? lo : target > hi ? hi : target;
	for (size_t w = ANCHOR_WINDOW;; w *= 4) {
		size_t a = target > lo + w ? target - w : lo;
		size_t b = hi - target > 2 * w + qlen ? target + 2 * w + qlen : hi;

		while (a > lo && is_cont(s, a))
			a--;
		while (b < hi && is_cont(s, b))
			b++;
		best.found = false;
		if (loose)
			loose_in(s, a, b, q, qlen, &best);
		else
			exact_in(s, a, b, q, qlen, &best);
		if ((best.found && best.dist <= w) || (a == lo && b == hi))
			break;
		if (w > SIZE_MAX / 8)
			break;
	}
	if (!best.found)
		return false;
	*ms = best.start, *me = best.end;
	return true;
}

/* locate: exact first, then loose. */
static bool locate(const char *s, size_t lo, size_t hi, const char *q, size_t target, size_t *ms,
                   size_t *me)
{
	struct strbuf nq = STRBUF_INIT;
	bool ok;

	if (find_near(s, lo, hi, q, strlen(q), false, target, ms, me))
		return true;
	normalize(&nq, q, 0, strlen(q));
	ok = find_near(s, lo, hi, nq.data, nq.len, true, target, ms, me);
	sb_done(&nq);
	return ok;
}

/* ---- public ------------------------------------------------------------------------ */

bool anchor_check(const struct transcript *t, size_t start, size_t end, const char *quote,
                  const char *quote_end)
{
	size_t ql = strlen(quote), el;

	if (start > end || end > t->len)
		return false;
	if (!quote_end)
		return end - start == ql && memcmp(t->text + start, quote, ql) == 0;
	el = strlen(quote_end);
	return end - start >= ql && end - start >= el && memcmp(t->text + start, quote, ql) == 0 &&
	       memcmp(t->text + end - el, quote_end, el) == 0;
}

static size_t clamp(size_t v, size_t max)
{
	return v > max ? max : v;
}

static bool find_long(const struct transcript *t, size_t *start, size_t *end, const char *quote,
                      const char *quote_end)
{
	size_t old_len = *end - *start, el = strlen(quote_end), hs, he, ts, te, span, limit;

	if (!locate(t->text, 0, t->len, quote, *start, &hs, &he))
		return false;
	span = old_len > t->len ? t->len : 2 * old_len + 200;
	limit = t->len - hs > span ? hs + span : t->len;
	if (!locate(t->text, he, limit, quote_end, hs + (old_len > el ? old_len - el : 0), &ts,
	            &te))
		return false;
	*start = hs, *end = te;
	return true;
}

enum anchor_result anchor_find(const struct transcript *t, size_t *start, size_t *end,
                               const char *quote, const char *quote_end)
{
	size_t s = clamp(*start, t->len), e = clamp(*end, t->len), ms, me;
	bool found;

	if (e < s)
		e = s;
	if (anchor_check(t, s, e, quote, quote_end)) {
		bool same = s == *start && e == *end;
		*start = s, *end = e;
		return same ? ANCHOR_EXACT : ANCHOR_MOVED;
	}
	if (quote_end) {
		ms = s, me = e;
		found = find_long(t, &ms, &me, quote, quote_end);
	} else {
		found = locate(t->text, 0, t->len, quote, s, &ms, &me);
	}
	if (!found) {
		*start = s, *end = e;
		return ANCHOR_DRIFTED;
	}
	*start = ms, *end = me;
	return ANCHOR_MOVED;
}

void anchor_make_quote(const struct transcript *t, size_t start, size_t end, char **quote,
                       char **quote_end)
{
	const char *s = t->text;
	size_t n, head, tail;

	end = clamp(end, t->len);
	start = clamp(start, end);
	n = utf8_count(s + start, end - start);
	if (n <= ANCHOR_FULL_QUOTE) {
		*quote = xstrndup(s + start, end - start);
		*quote_end = NULL;
		return;
	}
	head = start + utf8_advance(s + start, end - start, ANCHOR_HALF_QUOTE);
	tail = end;
	for (int i = 0; i < ANCHOR_HALF_QUOTE; i++)
		tail = utf8_prev(s, tail);
	*quote = xstrndup(s + start, head - start);
	*quote_end = xstrndup(s + tail, end - tail);
}
