/* highlight.c — the runs of coded bytes on the screen (see highlight.h). */
#include "highlight.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/util.h"

struct span {
	size_t s, e;       /* clipped to the range shown */
	size_t start, end; /* the coding's own bytes (which is innermost) */
	int code;
	bool mine;
};

static int cmp_span(const void *x, const void *y)
{
	const struct span *p = x, *q = y;

	if (p->s != q->s)
		return p->s < q->s ? -1 : 1;
	return (p->e > q->e) - (p->e < q->e);
}

static int cmp_size(const void *x, const void *y)
{
	size_t p = *(const size_t *)x, q = *(const size_t *)y;

	return (p > q) - (p < q);
}

static void collect(const struct codebook *cb, const struct codings *c, bool mine, size_t vs,
                    size_t ve, struct span **v, size_t *n, size_t *cap)
{
	for (size_t i = 0; c && i < c->len; i++) {
		const struct coding *cd = &c->items[i];
		struct span sp;
		if (!coding_counted(cd) || cd->end <= cd->start || cd->end <= vs || cd->start >= ve)
			continue;
		sp.s = cd->start > vs ? cd->start : vs;
		sp.e = cd->end < ve ? cd->end : ve;
		sp.start = cd->start, sp.end = cd->end;
		sp.code = cb ? codebook_find(cb, cd->code) : -1;
		sp.mine = mine;
		VEC_PUSH(*v, *n, *cap, sp);
	}
}

/* inner: is p more inner than q (starts later, then ends sooner)? */
static bool inner(const struct span *p, const struct span *q)
{
	return p->start != q->start ? p->start > q->start : p->end < q->end;
}

static void add_run(struct highlight *h, struct hl_run r)
{
	struct hl_run *last = h->n ? &h->runs[h->n - 1] : NULL;

	if (last && last->end == r.start && last->mine == r.mine && last->theirs == r.theirs &&
	    last->code == r.code) {
		last->end = r.end;
		return;
	}
	VEC_PUSH(h->runs, h->n, h->cap, r);
}

void highlight_build(struct highlight *h, const struct codebook *cb, const char *me,
                     const struct codings *mine, struct codings *const *others, size_t nothers,
                     size_t vs, size_t ve)
{
	struct span *v = NULL;
	size_t n = 0, cap = 0, nb = 0, next = 0, nact = 0;
	size_t *b, *act;

	h->n = 0;
	collect(cb, mine, true, vs, ve, &v, &n, &cap);
	for (size_t k = 0; k < nothers; k++)
		if (others[k] && others[k] != mine &&
		    !(me && others[k]->coder && strcmp(others[k]->coder, me) == 0))
			collect(cb, others[k], false, vs, ve, &v, &n, &cap);
	if (n == 0) {
		free(v);
		return;
	}
	sort_array(v, n, sizeof(*v), cmp_span);
	b = xcalloc(2 * n, sizeof(*b));
	for (size_t i = 0; i < n; i++)
		b[nb++] = v[i].s, b[nb++] = v[i].e;
	sort_array(b, nb, sizeof(*b), cmp_size);
	act = xcalloc(n, sizeof(*act));
	/* sweep the boundaries, keeping the spans that cover [b[k], b[k+1]) */
	for (size_t k = 0; k + 1 < nb; k++) {
		struct hl_run r = {b[k], b[k + 1], 0, 0, -1};
		const struct span *best_mine = NULL, *best_theirs = NULL;
		size_t keep = 0;
		if (b[k] == b[k + 1])
			continue;
		while (next < n && v[next].s <= b[k])
			act[nact++] = next++;
		for (size_t j = 0; j < nact; j++) {
			const struct span *sp = &v[act[j]];
			if (sp->e <= b[k])
				continue; /* ended: dropped */
			act[keep++] = act[j];
			if (sp->mine) {
				r.mine++;
				if (!best_mine || inner(sp, best_mine))
					best_mine = sp;
			} else {
				r.theirs++;
				if (!best_theirs || inner(sp, best_theirs))
					best_theirs = sp;
			}
		}
		nact = keep;
		if (!r.mine && !r.theirs)
			continue;
		r.code = best_mine ? best_mine->code : best_theirs->code;
		add_run(h, r);
	}
	free(act);
	free(b);
	free(v);
}

/* first_after: the index of the first run ending after byte o (h->n when none does) */
static size_t first_after(const struct highlight *h, size_t o)
{
	size_t lo = 0, hi = h->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->runs[mid].end <= o)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct hl_run *highlight_at(const struct highlight *h, size_t o)
{
	size_t i = first_after(h, o);

	return i < h->n && h->runs[i].start <= o ? &h->runs[i] : NULL;
}

const struct hl_run *highlight_near(const struct highlight *h, size_t o, size_t *hint)
{
	size_t i = *hint;

	/* runs are sorted and disjoint; i is first_after(o) when run i ends after o and run
	 * i - 1 does not; cells drawn in order stay on run i or step to the next */
	if (i <= h->n && (i == h->n || o < h->runs[i].end) && (i == 0 || h->runs[i - 1].end <= o))
		; /* i is right */
	else if (i + 1 < h->n && h->runs[i].end <= o && o < h->runs[i + 1].end)
		i++;
	else
		i = first_after(h, o);
	*hint = i;
	return i < h->n && h->runs[i].start <= o ? &h->runs[i] : NULL;
}

void highlight_done(struct highlight *h)
{
	free(h->runs);
	memset(h, 0, sizeof(*h));
}
