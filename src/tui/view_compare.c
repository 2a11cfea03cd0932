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
#include "layout.h"
#include "style.h"
#include "gloss/util.h"
#include "view.h"
#include "view_compare.h"

struct span {
	size_t start, end;
};

/* a code in the margin: its codebook index (-1: not in the codebook, then id names it)
 * and whether the other coder applied it too wherever this one did (see entry_agrees) */
struct entry {
	int code;
	const char *id;
	bool agree;
};

#define VC_CARRY 16

/* what a row could not show, for the rows below it that have nothing of their own */
struct carry {
	struct entry e[VC_CARRY];
	size_t n;
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
	struct agree_speakers sp; /* the units compared (borrowed) */
	struct carry carry[2];    /* the coder's, the other's */
	int last_y;               /* the row drawn last (rows are drawn top down) */
};

static void rebuild(struct vcompare *v)
{
	free(v->d);
	free(v->units);
	v->units = NULL;
	v->nunits = 0;
	v->carry[0].n = v->carry[1].n = 0; /* they borrow the codings' ids */
	v->last_y = -2;
	overlap_build(&v->ixm, &v->mine, 1);
	overlap_build(&v->ixo, &v->other, 1);
	v->nd = agree_doc_diffs_of(v->t, v->mine, v->other, v->cb, v->unit, &v->sp, &v->d);
	v->units = xreallocarray(NULL, v->nd ? v->nd : 1, sizeof(*v->units));
	for (size_t i = 0; i < v->nd; i++) {
		struct span *last = v->nunits ? &v->units[v->nunits - 1] : NULL;
		if (last && last->start == v->d[i].start && last->end == v->d[i].end)
			continue;
		v->units[v->nunits++] = (struct span){v->d[i].start, v->d[i].end};
	}
}

struct vcompare *vcompare_new(const struct transcript *t, const struct codebook *cb,
                              struct codings *mine, struct codings *other, enum agree_unit unit,
                              const struct agree_speakers *sp)
{
	struct vcompare *v = xcalloc(1, sizeof(*v));

	if (sp)
		v->sp = *sp;
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

static bool disagrees_in(const struct vcompare *v, size_t s, size_t e);
static size_t first_unit_diff(const struct vcompare *v, size_t off);

struct names {
	const struct vcompare *v;
	int k; /* 0: the coder's, 1: the other's */
	const struct overlap *ix;
	size_t rs, re;
	struct entry e[VC_CARRY];
	size_t n, more; /* entries kept; codes beyond VC_CARRY (counted only) */
};

struct has {
	const struct overlap *ix;
	const char *id;
	bool found;
};

static bool has_one(void *ctx, const struct overlap_ref *r)
{
	struct has *h = ctx;

	h->found = strcmp(overlap_coding(h->ix, r)->code, h->id) == 0;
	return !h->found; /* stop at the first */
}

/* entry_agrees: did the other coder apply code c (id) over [s, e) too: a coding of theirs
 * of the code overlaps it, and no unit it touches has the code from coder k only */
static bool entry_agrees(const struct vcompare *v, int k, int c, const char *id, size_t s, size_t e)
{
	struct has h = {k ? &v->ixm : &v->ixo, id, false};

	if (e <= s)
		e = s + 1;
	if (c < 0)
		return false;
	overlap_each(h.ix, s, e, has_one, &h);
	if (!h.found)
		return false;
	for (size_t i = first_unit_diff(v, s); i < v->nd && v->d[i].start < e; i++)
		if (v->d[i].code == c && v->d[i].end > s && (k == 0 ? v->d[i].a : v->d[i].b))
			return false;
	return true;
}

static bool name_one(void *ctx, const struct overlap_ref *r)
{
	struct names *n = ctx;
	const struct coding *cd = overlap_coding(n->ix, r);
	int c = codebook_find(n->v->cb, cd->code);
	bool agree;

	if (cd->start < n->rs || (cd->start >= n->re && !(n->re == n->rs && cd->start == n->rs)))
		return true; /* starts on another row */
	agree = entry_agrees(n->v, n->k, c, cd->code, cd->start, cd->end);
	for (size_t i = 0; i < n->n; i++) {
		if (strcmp(n->e[i].id, cd->code) == 0) { /* a code once a row */
			n->e[i].agree = n->e[i].agree && agree;
			return true;
		}
	}
	if (n->n < VC_CARRY)
		n->e[n->n++] = (struct entry){c, cd->code, agree};
	else
		n->more++;
	return true;
}

/* entry_cmp: codebook order, codes not in it last */
static int entry_cmp(const void *x, const void *y)
{
	unsigned a = (unsigned)((const struct entry *)x)->code; /* -1: the largest */
	unsigned b = (unsigned)((const struct entry *)y)->code;

	return (a > b) - (a < b);
}

static const char *entry_name(const struct vcompare *v, const struct entry *e)
{
	return e->code >= 0 && v->cb->codes[e->code].name ? v->cb->codes[e->code].name : e->id;
}

/* entry_width: the columns of an entry: its mark and its name */
static int entry_width(const struct vcompare *v, const struct entry *e)
{
	const char *name = entry_name(v, e);

	return 1 + layout_text_width(name, strlen(name));
}

/* draw_entry: the mark (= both coded it, ≠ only this coder) and the name, in w columns
 * (an ellipsis when the name is cut); returns the columns used */
static int draw_entry(const struct vcompare *v, const struct entry *e, int y, int x, int w)
{
	uint32_t mark = e->agree ? '=' : 0x2260, ell = 0x2026; /* ≠ … */
	const char *name = entry_name(v, e);
	int used;

	if (w < 2)
		return 0;
	screen_put(y, x, &mark, 1, style(e->agree ? STYLE_DIM : STYLE_DISAGREE));
	if (entry_width(v, e) <= w)
		return 1 + screen_text(y, x + 1, w - 1, name, strlen(name),
		                       style_code(v->cb, e->code, false));
	used =
	    1 + screen_text(y, x + 1, w - 2, name, strlen(name), style_code(v->cb, e->code, false));
	return used + screen_put(y, x + used, &ell, 1, style(STYLE_DIM));
}

/* draw_side: the entries of one side on a row, w wide: whole names while they fit; what
 * does not fit is counted ("+2") and carried to the rows below */
static void draw_side(struct vcompare *v, int k, const struct names *n, int y, int x, int w)
{
	struct carry *c = &v->carry[k];
	const struct entry *e = n->n ? n->e : c->e; /* own entries, else what is carried */
	size_t ne = n->n ? n->n : c->n, shown = 0, rest;
	int used = 0;
	char more[24];

	for (; shown < ne; shown++) { /* whole entries, leaving room for a count if needed */
		int ew = entry_width(v, &e[shown]) + (shown ? 1 : 0);
		int room = w - (shown + 1 < ne || n->more ? 5 : 0);
		if (used + ew > room)
			break;
		used += ew;
	}
	if (shown == 0 && ne > 0) /* one entry, cut */
		shown = 1;
	rest = ne - shown + (n->n ? n->more : 0);
	used = 0;
	for (size_t i = 0; i < shown && used < w; i++) {
		int room = w - used - (i ? 1 : 0) - (rest ? 4 : 0);
		if (i)
			used++;
		used += draw_entry(v, &e[i], y, x + used, room > 0 ? room : 0);
	}
	if (rest) {
		snprintf(more, sizeof(more), " +%zu", rest);
		screen_text(y, x + (used + (int)strlen(more) <= w ? used : w - (int)strlen(more)),
		            (int)strlen(more), more, strlen(more), style(STYLE_MORE));
	}
	memmove(c->e, e + shown, (ne - shown) * sizeof(*e));
	c->n = ne - shown;
}

void vcompare_draw_row(struct vcompare *v, int y, int x, int w, size_t rs, size_t re)
{
	int col = (w - 1) / 2;
	uint32_t bar = 0x2502, ne = 0x2260; /* │ ≠ */
	struct names mine = {v, 0, &v->ixm, rs, re, {{0, NULL, false}}, 0, 0};
	struct names other = {v, 1, &v->ixo, rs, re, {{0, NULL, false}}, 0, 0};

	if (y != v->last_y + 1) /* a new frame: nothing is carried into its first row */
		v->carry[0].n = v->carry[1].n = 0;
	v->last_y = y;
	overlap_each(&v->ixm, rs, re > rs ? re : rs + 1, name_one, &mine);
	overlap_each(&v->ixo, rs, re > rs ? re : rs + 1, name_one, &other);
	qsort(mine.e, mine.n, sizeof(*mine.e), entry_cmp);
	qsort(other.e, other.n, sizeof(*other.e), entry_cmp);
	draw_side(v, 0, &mine, y, x, col);
	if (disagrees_in(v, rs, re))
		screen_put(y, x + col, &ne, 1, style(STYLE_DISAGREE));
	else
		screen_put(y, x + col, &bar, 1, style(STYLE_SEPARATOR));
	draw_side(v, 1, &other, y, x + col + 2, w - col - 2); /* a blank after the mark */
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

static void scope_names(struct strbuf *out, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sb_printf(out, "%s%s", i ? (i + 1 < n ? ", " : " or ") : "", v[i]);
}

void vcompare_scope(const struct vcompare *v, struct strbuf *out)
{
	if (v->sp.nonly + v->sp.nbut_not == 0)
		return;
	sb_adds(out, " [");
	scope_names(out, v->sp.only, v->sp.nonly);
	if (v->sp.nbut_not) {
		sb_adds(out, v->sp.nonly ? ", not " : "not ");
		scope_names(out, v->sp.but_not, v->sp.nbut_not);
	}
	sb_adds(out, "]");
}
