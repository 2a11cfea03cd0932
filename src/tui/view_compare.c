/* view_compare.c — the compare view: another coder's codings of the open transcript beside
 * the coder's own in the margin, and where the two disagree. A disagreement is what
 * gloss agree counts as one: agree_doc_diffs (agree.h) over the coder's unit (turn,
 * sentence or line), so a unit coded by one of the two and not the other, or coded
 * differently, is a disagreement here exactly when it is one there. */
#include <stdlib.h>
#include <string.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/overlap.h"
#include "style.h"
#include "gloss/util.h"
#include "view.h"
#include "view_compare.h"

struct span {
	size_t start, end;
};

struct vcompare {
	const struct transcript *t;
	const struct codebook *cb;
	struct codings *mine, *other; /* borrowed */
	enum agree_unit unit;
	struct overlap ixm, ixo; /* the counted codings of each, by range */
	struct agree_diff *d;    /* sorted by start, then code */
	size_t nd;
	struct span *units; /* the distinct units of d, in order */
	size_t nunits;
};

static void rebuild(struct vcompare *v)
{
	free(v->d);
	free(v->units);
	v->units = NULL;
	v->nunits = 0;
	overlap_build(&v->ixm, &v->mine, 1);
	overlap_build(&v->ixo, &v->other, 1);
	v->nd = agree_doc_diffs(v->t, v->mine, v->other, v->cb, v->unit, &v->d);
	v->units = xreallocarray(NULL, v->nd ? v->nd : 1, sizeof(*v->units));
	for (size_t i = 0; i < v->nd; i++) {
		struct span *last = v->nunits ? &v->units[v->nunits - 1] : NULL;
		if (last && last->start == v->d[i].start && last->end == v->d[i].end)
			continue;
		v->units[v->nunits++] = (struct span){v->d[i].start, v->d[i].end};
	}
}

struct vcompare *vcompare_new(const struct transcript *t, const struct codebook *cb,
                              struct codings *mine, struct codings *other, enum agree_unit unit)
{
	struct vcompare *v = xcalloc(1, sizeof(*v));

	v->t = t;
	v->cb = cb;
	v->mine = mine;
	v->other = other;
	v->unit = unit;
	rebuild(v);
	return v;
}

void vcompare_free(struct vcompare *v)
{
	if (!v)
		return;
	overlap_done(&v->ixm);
	overlap_done(&v->ixo);
	free(v->d);
	free(v->units);
	free(v);
}

void vcompare_update(struct vcompare *v, struct codings *mine, enum agree_unit unit)
{
	v->mine = mine;
	v->unit = unit;
	rebuild(v);
}

const char *vcompare_coder(const struct vcompare *v)
{
	return v->other->coder;
}

enum agree_unit vcompare_unit(const struct vcompare *v)
{
	return v->unit;
}

size_t vcompare_count(const struct vcompare *v)
{
	return v->nunits;
}

int vcompare_margin(int textw)
{
	int col = textw / 5;

	if (col > 20)
		col = 20;
	if (col < 8 || textw - (2 * col + 1) - 1 < 24)
		return 0;
	return 2 * col + 1;
}

/* ---- drawing ---- */

struct names {
	const struct vcompare *v;
	const struct overlap *ix;
	int y, x, w, used;
	size_t rs, re;
};

static bool name_one(void *ctx, const struct overlap_ref *r)
{
	struct names *n = ctx;
	const struct coding *cd = overlap_coding(n->ix, r);
	int c = codebook_find(n->v->cb, cd->code);
	const char *name = c >= 0 ? n->v->cb->codes[c].name : cd->code;

	if (cd->start < n->rs || (cd->start >= n->re && !(n->re == n->rs && cd->start == n->rs)))
		return true; /* starts on another row */
	if (n->used >= n->w)
		return false;
	if (n->used > 0)
		n->used += screen_text(n->y, n->x + n->used, n->w - n->used, " ", 1, SATTR(0));
	n->used += screen_text(n->y, n->x + n->used, n->w - n->used, name, strlen(name),
	                       style_code(n->v->cb, c, false));
	return true;
}

static void draw_names(const struct vcompare *v, const struct overlap *ix, int y, int x, int w,
                       size_t rs, size_t re)
{
	struct names n = {v, ix, y, x, w, 0, rs, re};

	overlap_each(ix, rs, re > rs ? re : rs + 1, name_one, &n);
}

/* first_unit_from: the index of the first unit whose end is after off */
static size_t first_unit_from(const struct vcompare *v, size_t off)
{
	size_t lo = 0, hi = v->nunits;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->units[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* first_unit_diff: the first entry of d that may overlap bytes from off on (the entries
 * of one unit share its bytes; turns, sentences and lines do not overlap, so the ends are
 * in order too) */
static size_t first_unit_diff(const struct vcompare *v, size_t off)
{
	size_t lo = 0, hi = v->nd;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (v->d[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool disagrees_in(const struct vcompare *v, size_t s, size_t e)
{
	size_t i = first_unit_from(v, s);

	if (e <= s)
		e = s + 1;
	return i < v->nunits && v->units[i].start < e;
}

void vcompare_draw_row(const struct vcompare *v, int y, int x, int w, size_t rs, size_t re)
{
	int col = (w - 1) / 2;
	uint32_t bar = 0x2502, ne = 0x2260; /* │ ≠ */

	draw_names(v, &v->ixm, y, x, col, rs, re);
	if (disagrees_in(v, rs, re))
		screen_put(y, x + col, &ne, 1, style(STYLE_DISAGREE));
	else
		screen_put(y, x + col, &bar, 1, style(STYLE_SEPARATOR));
	draw_names(v, &v->ixo, y, x + col + 1, w - col - 1, rs, re);
}

/* ---- moving and describing ---- */

bool vcompare_next(const struct vcompare *v, size_t s, size_t e, int dir, size_t *ds, size_t *de,
                   size_t *index)
{
	size_t i;

	if (dir > 0) {
		i = first_unit_from(v, e > s ? e - 1 : s);
		while (i < v->nunits && v->units[i].start < (e > s ? e : s + 1))
			i++;
		if (i >= v->nunits)
			return false;
	} else {
		i = first_unit_from(v, s);
		if (i == 0)
			return false;
		i--;
	}
	*ds = v->units[i].start;
	*de = v->units[i].end;
	*index = i + 1;
	return true;
}

/* add_codes: the names of the codes that only coder k (0: mine, 1: other) applied in the
 * diffs overlapping [s, e), comma-separated; how many */
static size_t add_codes(const struct vcompare *v, size_t s, size_t e, int k, struct strbuf *out)
{
	size_t n = 0, from = out->len;

	for (size_t i = first_unit_diff(v, s); i < v->nd && v->d[i].start < e; i++) {
		const struct agree_diff *d = &v->d[i];
		bool dup = false;
		if (d->end <= s || (k == 0 ? !d->a : !d->b))
			continue;
		for (size_t j = first_unit_diff(v, s); j < i && !dup; j++) /* a code once */
			dup = v->d[j].code == d->code && v->d[j].end > s &&
			      (k == 0 ? v->d[j].a : v->d[j].b);
		if (dup)
			continue;
		sb_adds(out, n++ ? ", " : "");
		sb_adds(out, v->cb->codes[d->code].name);
	}
	if (n == 0)
		out->len = from;
	return n;
}

bool vcompare_describe(const struct vcompare *v, size_t s, size_t e, const char *me,
                       struct strbuf *out)
{
	size_t i = first_unit_from(v, s), k = 0;
	struct strbuf mine = STRBUF_INIT, other = STRBUF_INIT;

	if (e <= s)
		e = s + 1;
	if (i >= v->nunits || v->units[i].start >= e)
		return false;
	k = i + 1;
	add_codes(v, s, e, 0, &mine);
	add_codes(v, s, e, 1, &other);
	sb_printf(out, "disagreement %zu/%zu:", k, v->nunits);
	if (other.len)
		sb_printf(out, " only %s coded %s%s", v->other->coder, other.data,
		          mine.len ? ";" : "");
	if (mine.len)
		sb_printf(out, " only %s coded %s", me, mine.data);
	sb_done(&mine);
	sb_done(&other);
	return true;
}

struct missing {
	const struct vcompare *v;
	size_t *out, max, n;
	size_t s, e;
};

/* only_other: did only the other coder apply code in a unit overlapping [s, e)? */
static bool only_other(const struct vcompare *v, int code, size_t s, size_t e)
{
	for (size_t i = first_unit_diff(v, s); i < v->nd && v->d[i].start < e; i++)
		if (v->d[i].code == code && v->d[i].b && v->d[i].end > s)
			return true;
	return false;
}

static bool missing_one(void *ctx, const struct overlap_ref *r)
{
	struct missing *m = ctx;
	const struct coding *cd = overlap_coding(&m->v->ixo, r);
	int c = codebook_find(m->v->cb, cd->code);

	if (c < 0 || !only_other(m->v, c, m->s, m->e))
		return true; /* not in the codebook, or no disagreement that it would settle */
	if (m->v->mine && codings_find(m->v->mine, cd->code, cd->start, cd->end) >= 0)
		return true;
	if (m->n < m->max)
		m->out[m->n] = r->item;
	m->n++;
	return true;
}

size_t vcompare_missing(const struct vcompare *v, size_t s, size_t e, size_t *out, size_t max)
{
	struct missing m = {v, out, max, 0, s, e > s ? e : s + 1};

	overlap_each(&v->ixo, m.s, m.e, missing_one, &m);
	return m.n;
}

const struct coding *vcompare_other_coding(const struct vcompare *v, size_t item)
{
	return &v->other->items[item];
}
