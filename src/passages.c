/* passages.c — the coded passages and memos of a project (see passages.h). */
#include "gloss/passages.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/util.h"

static int cmp_passage(const void *a, const void *b)
{
	const struct passage *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* in_subtree: is coding cd's code in code's subtree? */
static bool in_subtree(const struct codebook *cb, const struct coding *cd, int code)
{
	int c = codebook_find(cb, cd->code);

	return c >= code && (size_t)c < cb->codes[code].subtree_end;
}

/* merge: one passage for each distinct (doc, start, end), counting its coders */
static size_t merge(struct passage *v, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (k && cmp_passage(&v[k - 1], &v[i]) == 0) {
			if (strcmp(v[k - 1].coder, v[i].coder) != 0)
				v[k - 1].ncoders++;
			continue;
		}
		v[k++] = v[i];
	}
	return k;
}

size_t passages_of_code(const struct project *p, int code, struct passage **out)
{
	struct passage *v = NULL;
	size_t n = 0, cap = 0;

	*out = NULL;
	if (!p->cb || code < 0 || (size_t)code >= p->cb->ncodes)
		return 0;
	for (size_t d = 0; d < p->ndocs; d++)
		for (size_t s = 0; s < p->docs[d].nsets; s++) {
			const struct codings *c = p->docs[d].sets[s];
			for (size_t i = 0; i < c->len; i++) {
				const struct coding *cd = &c->items[i];
				struct passage ps = {d, cd->start, cd->end, c->coder, 1, cd->code};
				if (coding_counted(cd) && in_subtree(p->cb, cd, code))
					VEC_PUSH(v, n, cap, ps);
			}
		}
	sort_array(v, n, sizeof(*v), cmp_passage);
	*out = v;
	return merge(v, n);
}

static const struct project *sort_p;

static int cmp_memo(const void *a, const void *b)
{
	const struct memo_ref *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return strcmp(sort_p->docs[x->doc].sets[x->set]->coder,
	              sort_p->docs[y->doc].sets[y->set]->coder);
}

size_t passages_memos(const struct project *p, long doc, struct memo_ref **out)
{
	struct memo_ref *v = NULL;
	size_t n = 0, cap = 0;

	for (size_t d = doc < 0 ? 0 : (size_t)doc; d < p->ndocs && (doc < 0 || d == (size_t)doc);
	     d++)
		for (size_t s = 0; s < p->docs[d].nsets; s++) {
			const struct codings *c = p->docs[d].sets[s];
			for (size_t i = 0; i < c->len; i++) {
				const struct coding *cd = &c->items[i];
				struct memo_ref m = {d, s, i, cd->start, cd->end};
				if (coding_counted(cd) && cd->memo && *cd->memo)
					VEC_PUSH(v, n, cap, m);
			}
		}
	sort_p = p;
	sort_array(v, n, sizeof(*v), cmp_memo);
	*out = v;
	return n;
}

const struct coding *passages_memo_coding(const struct project *p, const struct memo_ref *m)
{
	return &p->docs[m->doc].sets[m->set]->items[m->item];
}
