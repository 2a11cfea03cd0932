/* overlap.c — the index of a document's codings by range (see overlap.h). */
#include "gloss/overlap.h"

#include <stdlib.h>

#include "gloss/codings.h"
#include "gloss/util.h"

static int cmp_ref(const void *a, const void *b)
{
	const struct overlap_ref *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->set != y->set)
		return x->set < y->set ? -1 : 1;
	return (x->item > y->item) - (x->item < y->item);
}

void overlap_build(struct overlap *ix, struct codings *const *sets, size_t nsets)
{
	size_t total = 0, m = 0;

	overlap_done(ix);
	ix->sets = sets;
	ix->nsets = nsets;
	for (size_t s = 0; s < nsets; s++)
		total += sets[s] ? sets[s]->len : 0;
	if (total == 0)
		return;
	ix->refs = xreallocarray(NULL, total, sizeof(*ix->refs));
	for (size_t s = 0; s < nsets; s++) {
		for (size_t i = 0; sets[s] && i < sets[s]->len; i++) {
			const struct coding *cd = &sets[s]->items[i];
			if (coding_counted(cd))
				ix->refs[ix->n++] =
				    (struct overlap_ref){(unsigned)s, i, cd->start, cd->end};
		}
	}
	sort_array(ix->refs, ix->n, sizeof(*ix->refs), cmp_ref);
	ix->pmax = xreallocarray(NULL, ix->n ? ix->n : 1, sizeof(*ix->pmax));
	for (size_t i = 0; i < ix->n; i++) {
		if (ix->refs[i].end > m)
			m = ix->refs[i].end;
		ix->pmax[i] = m;
	}
}

void overlap_done(struct overlap *ix)
{
	free(ix->refs);
	free(ix->pmax);
	*ix = (struct overlap)OVERLAP_INIT;
}

/* starts_before: the number of refs with start < off */
static size_t starts_before(const struct overlap *ix, size_t off)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->refs[mid].start < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* first_reaching: the first ref (below hi) whose running maximum end exceeds s: no ref
 * before it can reach past s */
static size_t first_reaching(const struct overlap *ix, size_t hi, size_t s)
{
	size_t lo = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ix->pmax[mid] > s)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

void overlap_each(const struct overlap *ix, size_t s, size_t e,
                  bool (*fn)(void *ctx, const struct overlap_ref *r), void *ctx)
{
	size_t hi, lo;

	if (e <= s)
		e = s + 1;
	hi = starts_before(ix, e);
	lo = first_reaching(ix, hi, s);
	for (size_t i = lo; i < hi; i++)
		if (ix->refs[i].end > s && !fn(ctx, &ix->refs[i]))
			return;
}

struct find_ctx {
	struct overlap_ref *out;
	size_t max, n;
};

static bool find_one(void *ctx, const struct overlap_ref *r)
{
	struct find_ctx *f = ctx;

	if (f->n < f->max)
		f->out[f->n] = *r;
	f->n++;
	return true;
}

size_t overlap_find(const struct overlap *ix, size_t s, size_t e, struct overlap_ref *out,
                    size_t max)
{
	struct find_ctx f = {out, max, 0};

	overlap_each(ix, s, e, find_one, &f);
	return f.n;
}

const struct coding *overlap_coding(const struct overlap *ix, const struct overlap_ref *r)
{
	return &ix->sets[r->set]->items[r->item];
}
