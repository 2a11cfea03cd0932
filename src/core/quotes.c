/* quotes.c — the coded passages of a set of codes with their metadata (see quotes.h).
 *
 * Per document: an overlap index over the chosen coders' codings gives every counted
 * coding in order of (start, end); the run of codings sharing a range makes one quote per
 * chosen code id, and the same index answers which other codes overlap it. The quotes of
 * every document are then sorted into code, document, position order. */
#include "gloss/quotes.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/overlap.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

struct collect {
	const struct project *p;
	const struct quotes_opts *o;
	const bool *wanted;             /* per codebook code; NULL: every code */
	const struct quote_list *asked; /* the ids asked for that are not in the codebook */
	size_t from, to;                /* the documents of this part */
	struct quote_list *q;
	size_t cap;
	const struct codings **sets; /* the chosen sets of the current document */
	struct overlap ix;
	const char **ids; /* scratch: other code ids */
	size_t nids, capids;
	const char **spk; /* scratch: speakers */
	size_t capspk;
	struct quote_coding *cod; /* scratch: codings */
	size_t capcod;
};

/* The quotes' arrays (speakers, codings, others) are copied into blocks of an arena that
 * the list frees at once: a few allocations instead of three a quote. */
#define BLOCK_SIZE ((size_t)1 << 16)

struct block {
	struct block *next;
	size_t used, cap;
	char data[]; /* 8-aligned: the header is three 8-byte fields */
};

static void *arena_copy(struct quote_list *q, const void *src, size_t n)
{
	struct block *b = q->arena;
	size_t need = (n + 7) & ~(size_t)7;
	void *p;

	if (n == 0)
		return NULL;
	if (!b || b->cap - b->used < need) {
		size_t cap = need > BLOCK_SIZE ? need : BLOCK_SIZE;
		struct block *nb = xmalloc(sizeof(*nb) + cap);
		nb->next = b;
		nb->used = 0;
		nb->cap = cap;
		q->arena = b = nb;
	}
	p = b->data + b->used;
	b->used += need;
	memcpy(p, src, n);
	return p;
}

static const struct codebook *cb_of(const struct collect *c)
{
	return c->p->cb;
}

static int code_index(const struct collect *c, const char *id)
{
	return cb_of(c) ? codebook_find(cb_of(c), id) : -1;
}

/* select_codes: the chosen codes and their subtrees (NULL: every code); ids that are not
 * in the codebook go to q->ids */
static bool *select_codes(const struct project *p, const struct quotes_opts *o,
                          struct quote_list *q)
{
	const struct codebook *cb = p->cb;
	size_t cap = 0;
	bool *wanted;

	if (o->ncodes == 0)
		return NULL;
	wanted = xcalloc(cb && cb->ncodes ? cb->ncodes : 1, sizeof(bool));
	for (size_t i = 0; i < o->ncodes; i++) {
		int k = cb ? codebook_find(cb, o->codes[i]) : -1;
		if (k < 0) {
			VEC_PUSH(q->ids, q->nids, cap, o->codes[i]);
			continue;
		}
		for (size_t d = (size_t)k; d < cb->codes[k].subtree_end; d++)
			wanted[d] = true;
	}
	return wanted;
}

static bool id_wanted(const struct collect *c, const char *id)
{
	int k;

	if (c->o->ncodes == 0)
		return true;
	k = code_index(c, id);
	if (k >= 0)
		return c->wanted[k];
	for (size_t i = 0; i < c->asked->nids; i++)
		if (strcmp(c->asked->ids[i], id) == 0)
			return true;
	return false;
}

static bool coder_chosen(const struct quotes_opts *o, const char *coder)
{
	if (o->ncoders == 0)
		return true;
	for (size_t i = 0; i < o->ncoders; i++)
		if (strcmp(o->coders[i], coder) == 0)
			return true;
	return false;
}

bool quotes_doc_matches(const struct project *p, size_t doc, const struct quotes_opts *o)
{
	const struct transcript *t = p->docs[doc].t;

	if (o->doc >= 0 && (size_t)o->doc != doc)
		return false;
	for (size_t i = 0; i < o->nwhere; i++) {
		const char *key = o->where[i].key, *v = transcript_attr(t, key);
		bool any = false, seen = false;
		for (size_t k = 0; k < i && !seen; k++) /* this key was decided already */
			seen = strcmp(o->where[k].key, key) == 0;
		if (seen)
			continue;
		for (size_t k = i; k < o->nwhere && !any; k++)
			any = strcmp(o->where[k].key, key) == 0 && v &&
			      strcmp(v, o->where[k].value) == 0;
		if (!any)
			return false;
	}
	return true;
}

static void fill_turns(struct collect *c, struct quote *qt, const struct transcript *t)
{
	size_t first, last, n = 0;

	qt->turn_first = qt->turn_last = -1;
	if (transcript_turns_touching(t, qt->start, qt->end, &first, &last)) {
		qt->turn_first = (int)first;
		qt->turn_last = (int)last;
	}
	for (int i = qt->turn_first; i >= 0 && i <= qt->turn_last; i++) {
		const struct turn *tu = &t->turns[i];
		bool dup = false;
		if (!qt->timestamp && tu->timestamp)
			qt->timestamp = tu->timestamp;
		for (size_t k = 0; k < n && !dup; k++)
			dup = c->spk[k] == tu->speaker || strcmp(c->spk[k], tu->speaker) == 0;
		if (!dup)
			VEC_PUSH(c->spk, n, c->capspk, tu->speaker);
	}
	qt->nspeakers = n;
	qt->speakers = arena_copy(c->q, c->spk, n * sizeof(*c->spk));
}

struct others_ctx {
	struct collect *c;
	const char *id;
	size_t s, e;
};

static bool add_other(void *ctx, const struct overlap_ref *r)
{
	struct others_ctx *oc = ctx;
	const struct coding *cd = overlap_coding(&oc->c->ix, r);
	size_t s = r->start > oc->s ? r->start : oc->s, e = r->end < oc->e ? r->end : oc->e;

	if (s < e && strcmp(cd->code, oc->id) != 0)
		VEC_PUSH(oc->c->ids, oc->c->nids, oc->c->capids, cd->code);
	return true;
}

static void fill_others(struct collect *c, struct quote *qt)
{
	struct others_ctx oc = {c, qt->id, qt->start, qt->end};
	size_t k = 0;

	c->nids = 0;
	overlap_each(&c->ix, qt->start, qt->end, add_other, &oc);
	if (c->nids == 0)
		return;
	sort_array(c->ids, c->nids, sizeof(*c->ids), str_cmp_ptr);
	for (size_t i = 1; i < c->nids; i++)
		if (strcmp(c->ids[i], c->ids[k]) != 0)
			c->ids[++k] = c->ids[i];
	qt->nothers = k + 1;
	qt->others = arena_copy(c->q, c->ids, qt->nothers * sizeof(*qt->others));
}

static int cmp_coding(const void *a, const void *b)
{
	const struct quote_coding *x = a, *y = b;
	int r = strcmp(x->coder, y->coder);

	return r ? r : (x->set > y->set) - (x->set < y->set);
}

/* add_quote: refs[0..n) share one range; the quote of code id among them */
static void add_quote(struct collect *c, size_t d, const struct overlap_ref *refs, size_t n,
                      const char *id)
{
	const struct transcript *t = c->p->docs[d].t;
	struct quote qt = {0};
	size_t last;
	bool memo = false;

	for (size_t i = 0; i < n; i++) {
		const struct coding *cd = overlap_coding(&c->ix, &refs[i]);
		struct quote_coding qc = {
		    c->sets[refs[i].set]->coder, cd->memo,    cd->created, cd->memo_created,
		    cd->memo_modified,           refs[i].set, refs[i].item};
		if (strcmp(cd->code, id) != 0)
			continue;
		if (qc.memo && !*qc.memo)
			qc.memo = NULL;
		memo |= qc.memo != NULL;
		VEC_PUSH(c->cod, qt.ncodings, c->capcod, qc);
	}
	if (c->o->memos_only && !memo)
		return;
	sort_array(c->cod, qt.ncodings, sizeof(*c->cod), cmp_coding);
	qt.codings = arena_copy(c->q, c->cod, qt.ncodings * sizeof(*c->cod));
	for (size_t i = 0; i < qt.ncodings; i++)
		c->q->nmemos += qt.codings[i].memo != NULL;
	qt.doc = d;
	qt.id = id;
	qt.code = code_index(c, id);
	qt.start = refs[0].start < t->len ? refs[0].start : t->len;
	qt.end = refs[0].end < t->len ? refs[0].end : t->len;
	if (qt.end < qt.start)
		qt.end = qt.start;
	last = qt.end > qt.start ? qt.end - 1 : qt.start;
	qt.line = t->nlines ? transcript_line_at(t, qt.start) + 1 : 1;
	qt.line_end = t->nlines ? transcript_line_at(t, last) + 1 : 1;
	fill_turns(c, &qt, t);
	fill_others(c, &qt);
	VEC_PUSH(c->q->items, c->q->n, c->cap, qt);
}

/* range_quotes: the quotes of refs[0..n), which share one range: one per chosen code id */
static void range_quotes(struct collect *c, size_t d, const struct overlap_ref *refs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *id = overlap_coding(&c->ix, &refs[i])->code;
		bool done = false;
		for (size_t k = 0; k < i && !done; k++)
			done = strcmp(overlap_coding(&c->ix, &refs[k])->code, id) == 0;
		if (!done && id_wanted(c, id))
			add_quote(c, d, refs, n, id);
	}
}

static void collect_doc(struct collect *c, size_t d)
{
	const struct doc *doc = &c->p->docs[d];

	c->sets = xreallocarray(c->sets, doc->nsets ? doc->nsets : 1, sizeof(*c->sets));
	for (size_t s = 0; s < doc->nsets; s++) {
		const struct codings *cs = doc->sets[s];
		c->sets[s] = coder_chosen(c->o, cs->coder) ? cs : NULL;
		for (size_t i = 0; c->sets[s] && i < cs->len; i++)
			if (!coding_counted(&cs->items[i]) && id_wanted(c, cs->items[i].code))
				c->q->skipped++;
	}
	overlap_build(&c->ix, (struct codings *const *)c->sets, doc->nsets);
	for (size_t i = 0; i < c->ix.n;) {
		size_t j = i;
		while (j < c->ix.n && c->ix.refs[j].start == c->ix.refs[i].start &&
		       c->ix.refs[j].end == c->ix.refs[i].end)
			j++;
		range_quotes(c, d, c->ix.refs + i, j - i);
		i = j;
	}
	overlap_done(&c->ix);
}

static int cmp_quote(const void *a, const void *b)
{
	const struct quote *x = a, *y = b;

	if (x->code != y->code) {
		if (x->code < 0 || y->code < 0)
			return x->code < 0 ? 1 : -1;
		return x->code < y->code ? -1 : 1;
	}
	if (x->code < 0) {
		int r = strcmp(x->id, y->id);
		if (r)
			return r;
	}
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* collect_part: the quotes of documents [from, to), in a thread of its own */
static void *collect_part(void *arg)
{
	struct collect *c = arg;

	for (size_t d = c->from; d < c->to; d++) {
		if (!c->p->docs[d].t || !quotes_doc_matches(c->p, d, c->o))
			continue;
		c->q->ndocs++;
		collect_doc(c, d);
	}
	free(c->sets);
	free(c->ids);
	free(c->spk);
	free(c->cod);
	return NULL;
}

/* take_part: move the quotes and counts of part into q */
static void take_part(struct quote_list *q, size_t *cap, struct quote_list *part)
{
	grow_array((void **)&q->items, cap, q->n + part->n, sizeof(*q->items));
	if (part->n)
		memcpy(q->items + q->n, part->items, part->n * sizeof(*q->items));
	q->n += part->n;
	q->skipped += part->skipped;
	q->ndocs += part->ndocs;
	q->nmemos += part->nmemos;
	free(part->items);
	if (part->arena) { /* its blocks join the list's */
		struct block *tail = part->arena;
		while (tail->next)
			tail = tail->next;
		tail->next = q->arena;
		q->arena = part->arena;
	}
}

/* quotes_collect: the documents are shared among project_threads parts, collected side by
 * side and merged; the sort gives the order (which does not depend on the parts) */
struct quote_list *quotes_collect(const struct project *p, const struct quotes_opts *o)
{
	static const struct quotes_opts all = QUOTES_OPTS_INIT;
	struct quote_list *q = xcalloc(1, sizeof(*q)), parts[PROJECT_MAX_THREADS];
	struct collect c[PROJECT_MAX_THREADS];
	pthread_t tids[PROJECT_MAX_THREADS];
	bool started[PROJECT_MAX_THREADS] = {false};
	size_t n = project_threads(p->ndocs), cap = 0;
	bool *wanted;

	o = o ? o : &all;
	wanted = select_codes(p, o, q);
	memset(parts, 0, sizeof(parts));
	for (size_t k = 0; k < n; k++)
		c[k] = (struct collect){.p = p,
		                        .o = o,
		                        .wanted = wanted,
		                        .asked = q,
		                        .from = p->ndocs * k / n,
		                        .to = p->ndocs * (k + 1) / n,
		                        .q = &parts[k],
		                        .ix = OVERLAP_INIT};
	for (size_t k = 1; k < n; k++)
		started[k] = pthread_create(&tids[k], NULL, collect_part, &c[k]) == 0;
	collect_part(&c[0]);
	for (size_t k = 0; k < n; k++) {
		if (started[k])
			pthread_join(tids[k], NULL);
		else if (k > 0)
			collect_part(&c[k]);
		take_part(q, &cap, &parts[k]);
	}
	sort_array(q->items, q->n, sizeof(*q->items), cmp_quote);
	free(wanted);
	return q;
}

void quotes_free(struct quote_list *q)
{
	if (!q)
		return;
	for (struct block *b = q->arena, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(q->items);
	free(q->ids);
	free(q);
}
