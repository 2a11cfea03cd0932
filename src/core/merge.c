/* merge.c — three-way merge of codings sets (see merge.h).
 *
 * Each side is matched against the base once: exact identities first (both lists sorted
 * by identity and walked together), then, among what is left, codings that moved (same
 * code, created time and quote, unique on both sides). Every base coding then has its
 * counterpart on each side or none, and every side coding without a counterpart in the
 * base is an addition. */
#include "gloss/merge.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/util.h"

static int str_cmp0(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static bool str_eq0(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static int size_cmp(size_t a, size_t b)
{
	return (a > b) - (a < b);
}

/* ident_cmp: code, created, start, end */
static int ident_cmp(const struct coding *a, const struct coding *b)
{
	int c = strcmp(a->code, b->code);

	if (!c)
		c = str_cmp0(a->created, b->created);
	if (!c)
		c = size_cmp(a->cp_start, b->cp_start);
	if (!c)
		c = size_cmp(a->cp_end, b->cp_end);
	return c;
}

/* moved_cmp: code, created, quote (a coding that moved keeps these) */
static int moved_cmp(const struct coding *a, const struct coding *b)
{
	int c = strcmp(a->code, b->code);

	if (!c)
		c = str_cmp0(a->created, b->created);
	if (!c)
		c = str_cmp0(a->quote, b->quote);
	return c;
}

struct ref {
	const struct coding *cd;
	size_t i;
};

static int ref_ident_cmp(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	int c = ident_cmp(a->cd, b->cd);

	return c ? c : size_cmp(a->i, b->i);
}

static int ref_moved_cmp(const void *x, const void *y)
{
	const struct ref *a = x, *b = y;
	int c = moved_cmp(a->cd, b->cd);

	return c ? c : size_cmp(a->i, b->i);
}

/* refs_of: references to the items of c not yet matched (m[i] < 0), sorted by cmp */
static struct ref *refs_of(const struct codings *c, const long *m, size_t *n,
                           int (*cmp)(const void *, const void *))
{
	struct ref *r = xcalloc(c->len + 1, sizeof(*r));

	*n = 0;
	for (size_t i = 0; i < c->len; i++)
		if (m[i] < 0)
			r[(*n)++] = (struct ref){&c->items[i], i};
	sort_array(r, *n, sizeof(*r), cmp);
	return r;
}

/* match_exact: pair equal identities, one to one */
static void match_exact(const struct codings *x, const struct codings *y, long *mx, long *my)
{
	size_t nx, ny, i = 0, j = 0;
	struct ref *rx = refs_of(x, mx, &nx, ref_ident_cmp),
	           *ry = refs_of(y, my, &ny, ref_ident_cmp);

	while (i < nx && j < ny) {
		int c = ident_cmp(rx[i].cd, ry[j].cd);
		if (c < 0) {
			i++;
		} else if (c > 0) {
			j++;
		} else {
			mx[rx[i].i] = (long)ry[j].i;
			my[ry[j].i] = (long)rx[i].i;
			i++, j++;
		}
	}
	free(rx);
	free(ry);
}

/* run_end: the end of the run of references equal (by moved_cmp) to r[i] */
static size_t run_end(const struct ref *r, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && moved_cmp(r[i].cd, r[j].cd) == 0)
		j++;
	return j;
}

/* match_moved: pair what is left by code, created and quote when unique on both sides */
static void match_moved(const struct codings *x, const struct codings *y, long *mx, long *my)
{
	size_t nx, ny, i = 0, j = 0;
	struct ref *rx = refs_of(x, mx, &nx, ref_moved_cmp),
	           *ry = refs_of(y, my, &ny, ref_moved_cmp);

	while (i < nx && j < ny) {
		int c = moved_cmp(rx[i].cd, ry[j].cd);
		size_t ei = run_end(rx, nx, i), ej = run_end(ry, ny, j);
		if (c == 0 && ei == i + 1 && ej == j + 1 && rx[i].cd->created) {
			mx[rx[i].i] = (long)ry[j].i;
			my[ry[j].i] = (long)rx[i].i;
		}
		if (c <= 0)
			i = ei;
		if (c >= 0)
			j = ej;
	}
	free(rx);
	free(ry);
}

static long *unmatched(size_t n)
{
	long *m = xcalloc(n + 1, sizeof(*m));

	for (size_t i = 0; i < n; i++)
		m[i] = -1;
	return m;
}

/* ---- comparing and merging one coding ----------------------------------------------- */

static bool same_range(const struct coding *a, const struct coding *b)
{
	return a->cp_start == b->cp_start && a->cp_end == b->cp_end;
}

static const char *extra_get(const struct extra_field *x, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(x[i].key, key) == 0)
			return x[i].flow;
	return NULL;
}

static bool extras_eq(const struct extra_field *a, size_t na, const struct extra_field *b,
                      size_t nb)
{
	if (na != nb)
		return false;
	for (size_t i = 0; i < na; i++)
		if (!str_eq0(extra_get(b, nb, a[i].key), a[i].flow))
			return false;
	return true;
}

static bool coding_eq(const struct coding *a, const struct coding *b)
{
	return same_range(a, b) && str_eq0(a->quote, b->quote) &&
	       str_eq0(a->quote_end, b->quote_end) && str_eq0(a->prefix, b->prefix) &&
	       str_eq0(a->suffix, b->suffix) && str_eq0(a->memo, b->memo) &&
	       extras_eq(a->extra, a->nextra, b->extra, b->nextra);
}

/* coding_changed: did x change the coding itself from o — its memo or an unknown field?
 * (Its code and span are its identity: a match has the same. Its quote, quote_end, prefix
 * and suffix are its context, re-made by any save of a newer gloss, and a move to the
 * same quote elsewhere is a re-anchoring after an edit of the transcript: neither is a
 * change of the coding, so neither keeps a coding the other side removed.) */
static bool coding_changed(const struct coding *o, const struct coding *x)
{
	return !str_eq0(o->memo, x->memo) || !extras_eq(o->extra, o->nextra, x->extra, x->nextra);
}

/* merge3_str: the three-way value of one string field; *conflict when both changed it
 * differently (then ours is returned) */
static const char *merge3_str(const char *o, const char *a, const char *b, bool *conflict)
{
	*conflict = false;
	if (str_eq0(a, b) || str_eq0(o, b))
		return a;
	if (str_eq0(o, a))
		return b;
	*conflict = true;
	return a;
}

/* both_memos: the two texts, marked */
static char *both_memos(const char *a, const char *b)
{
	return xasprintf(MERGE_OURS_MARK "%s" MERGE_SPLIT_MARK "%s" MERGE_THEIRS_MARK,
	                 a ? a : "(no memo)", b ? b : "(no memo)");
}

static void set_str(char **field, const char *v)
{
	char *old = *field;

	*field = v ? xstrdup(v) : NULL;
	free(old);
}

/* merge_extras: per key, three-way; into dst (which holds ours); returns conflicts */
static size_t merge_extras(struct extra_field **dst, size_t *ndst, const struct extra_field *o,
                           size_t no, const struct extra_field *b, size_t nb)
{
	size_t conflicts = 0, cap = *ndst;
	bool conflict;

	for (size_t i = 0; i < nb; i++) { /* keys theirs has */
		const char *vo = extra_get(o, no, b[i].key), *va = extra_get(*dst, *ndst, b[i].key);
		const char *v = merge3_str(vo, va, b[i].flow, &conflict);
		conflicts += conflict;
		if (v == b[i].flow && !va) {
			struct extra_field f = {xstrdup(b[i].key), xstrdup(v)};
			VEC_PUSH(*dst, *ndst, cap, f);
		} else if (v == b[i].flow) {
			for (size_t k = 0; k < *ndst; k++)
				if (strcmp((*dst)[k].key, b[i].key) == 0)
					set_str(&(*dst)[k].flow, v);
		}
	}
	for (size_t k = 0; k < *ndst;) { /* keys theirs removed and ours left alone */
		const char *vo = extra_get(o, no, (*dst)[k].key);
		if (vo && !extra_get(b, nb, (*dst)[k].key) && strcmp(vo, (*dst)[k].flow) == 0) {
			free((*dst)[k].key);
			free((*dst)[k].flow);
			memmove(&(*dst)[k], &(*dst)[k + 1], (*ndst - k - 1) * sizeof(**dst));
			(*ndst)--;
		} else {
			k++;
		}
	}
	return conflicts;
}

static void push(struct codings *out, const struct coding *cd)
{
	struct coding c;

	coding_copy(&c, cd);
	VEC_PUSH(out->items, out->len, out->cap, c);
}

/* place_fields: the passage's text and context go with its place: from the side that
 * moved it, else each taken three-way (ours where both changed it: the file's next save
 * writes them afresh from the transcript anyway) */
static void place_fields(struct coding *m, const struct coding *o, const struct coding *a,
                         const struct coding *b, const struct coding *range)
{
	bool moved = !same_range(o, range), c;

	set_str(&m->quote, moved ? range->quote : merge3_str(o->quote, a->quote, b->quote, &c));
	set_str(&m->quote_end, moved ? range->quote_end
	                             : merge3_str(o->quote_end, a->quote_end, b->quote_end, &c));
	set_str(&m->prefix,
	        moved ? range->prefix : merge3_str(o->prefix, a->prefix, b->prefix, &c));
	set_str(&m->suffix,
	        moved ? range->suffix : merge3_str(o->suffix, a->suffix, b->suffix, &c));
}

/* memo_times: a memo's own times follow the memo: theirs when only theirs changed it; on
 * a conflict (both texts kept) the earlier creation and the later change */
static void memo_times(struct coding *m, const struct coding *o, const struct coding *a,
                       const struct coding *b, bool conflict)
{
	if (conflict) {
		if (b->memo_created &&
		    (!m->memo_created || strcmp(b->memo_created, m->memo_created) < 0))
			set_str(&m->memo_created, b->memo_created);
		if (b->memo_modified &&
		    (!m->memo_modified || strcmp(b->memo_modified, m->memo_modified) > 0))
			set_str(&m->memo_modified, b->memo_modified);
	} else if (str_eq0(o->memo, a->memo) && !str_eq0(o->memo, b->memo)) {
		set_str(&m->memo_created, b->memo_created);
		set_str(&m->memo_modified, b->memo_modified);
	}
}

/* merge_one: a coding both sides still have */
static void merge_one(struct codings *out, const struct coding *o, const struct coding *a,
                      const struct coding *b, struct merge_stats *st)
{
	const struct coding *range = same_range(o, a) ? b : a;
	struct coding m;
	bool conflict;

	if (!same_range(o, a) && !same_range(o, b) && !same_range(a, b)) {
		push(out, a); /* moved differently on both sides: keep both */
		push(out, b);
		st->moved_both++;
		return;
	}
	st->changed += !coding_eq(o, a) || !coding_eq(o, b);
	coding_copy(&m, a);
	m.cp_start = m.start = range->cp_start;
	m.cp_end = m.end = range->cp_end;
	place_fields(&m, o, a, b, range);
	set_str(&m.memo, merge3_str(o->memo, a->memo, b->memo, &conflict));
	if (conflict) {
		free(m.memo);
		m.memo = both_memos(a->memo, b->memo);
		st->memo_conflicts++;
	}
	memo_times(&m, o, a, b, conflict);
	st->field_conflicts +=
	    merge_extras(&m.extra, &m.nextra, o->extra, o->nextra, b->extra, b->nextra);
	VEC_PUSH(out->items, out->len, out->cap, m);
}

/* merge_base: every coding of the base, with its counterparts */
static void merge_base(const struct codings *o, const struct codings *a, const struct codings *b,
                       const long *ma, const long *mb, struct codings *out, struct merge_stats *st)
{
	for (size_t i = 0; i < o->len; i++) {
		const struct coding *oc = &o->items[i];
		const struct coding *ac = ma[i] >= 0 ? &a->items[ma[i]] : NULL;
		const struct coding *bc = mb[i] >= 0 ? &b->items[mb[i]] : NULL;
		if (ac && bc) {
			merge_one(out, oc, ac, bc, st);
		} else if (ac || bc) { /* removed on one side */
			const struct coding *kept = ac ? ac : bc;
			if (!coding_changed(oc, kept)) {
				st->removed_ours += !ac;
				st->removed_theirs += !bc;
				st->removed_resaved += !coding_eq(oc, kept);
			} else {
				push(out, kept);
				st->kept_changed++;
			}
		} else {
			st->removed_ours++; /* removed on both sides */
		}
	}
}

/* merge_added: additions of both sides (the same coding added on both: once, with its
 * memos merged as two changes of no memo) */
static void merge_added(const struct codings *a, const struct codings *b, const long *ma_rev,
                        const long *mb_rev, struct codings *out, struct merge_stats *st)
{
	static const struct coding none = {0};
	struct codings aa = {0}, bb = {0};
	long *mx, *my;

	for (size_t j = 0; j < a->len; j++)
		if (ma_rev[j] < 0)
			VEC_PUSH(aa.items, aa.len, aa.cap, a->items[j]);
	for (size_t j = 0; j < b->len; j++)
		if (mb_rev[j] < 0)
			VEC_PUSH(bb.items, bb.len, bb.cap, b->items[j]);
	mx = unmatched(aa.len);
	my = unmatched(bb.len);
	match_exact(&aa, &bb, mx, my);
	for (size_t j = 0; j < aa.len; j++) {
		if (mx[j] >= 0) {
			struct coding o = none;
			size_t changed = st->changed;
			o.cp_start = aa.items[j].cp_start;
			o.cp_end = aa.items[j].cp_end;
			merge_one(out, &o, &aa.items[j], &bb.items[mx[j]], st);
			st->changed = changed; /* an addition, counted below */
		} else {
			push(out, &aa.items[j]);
		}
		st->added_ours++;
	}
	for (size_t j = 0; j < bb.len; j++) {
		if (my[j] < 0) {
			push(out, &bb.items[j]);
			st->added_theirs++;
		}
	}
	free(mx);
	free(my);
	free(aa.items); /* the items are borrowed */
	free(bb.items);
}

/* match: base against one side */
static void match(const struct codings *o, const struct codings *x, long **mo, long **mx)
{
	*mo = unmatched(o->len);
	*mx = unmatched(x->len);
	match_exact(o, x, *mo, *mx);
	match_moved(o, x, *mo, *mx);
}

size_t merge_codings(const struct codings *base, const struct codings *ours,
                     const struct codings *theirs, struct codings *out, struct merge_stats *st)
{
	long *oa, *ao, *ob, *bo;

	memset(st, 0, sizeof(*st));
	match(base, ours, &oa, &ao);
	match(base, theirs, &ob, &bo);
	merge_base(base, ours, theirs, oa, ob, out, st);
	merge_added(ours, theirs, ao, bo, out, st);
	for (size_t i = 0; i < ours->nextra; i++) {
		struct extra_field f = {xstrdup(ours->extra[i].key), xstrdup(ours->extra[i].flow)};
		size_t cap = out->nextra;
		VEC_PUSH(out->extra, out->nextra, cap, f);
	}
	st->field_conflicts += merge_extras(&out->extra, &out->nextra, base->extra, base->nextra,
	                                    theirs->extra, theirs->nextra);
	free(oa);
	free(ao);
	free(ob);
	free(bo);
	return st->field_conflicts + st->memo_conflicts;
}
