/* quotes.c — the coded passages of a set of codes with their metadata (see quotes.h).
 *
 * Per document: an overlap index over the chosen coders' codings gives every counted
 * coding in order of (start, end); the run of codings sharing a range makes one quote per
 * chosen code id, and the same index answers which other codes overlap it. The quotes of
 * every document are then sorted into code, document, position order. */
#include "gloss/quotes.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/overlap.h"
#include "gloss/pool.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

struct collect {
	const struct project *p;   /* quotes_collect's, or NULL (a stream) */
	const struct codebook *cb; /* the project's */
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
	const struct doc *doc; /* the current document */
	bool own; /* a stream: the strings of the codings are copied into the list's arena */
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
		/* from 1 KiB, doubling up to BLOCK_SIZE: a document with few quotes (a stream
		 * keeps one list a document) takes little */
		size_t cap = b ? (b->cap * 2 < BLOCK_SIZE ? b->cap * 2 : BLOCK_SIZE) : 1024;
		if (cap < need)
			cap = need;
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
	return c->cb;
}

/* own_str: s, or in a stream (whose codings are freed once collected) a copy in the arena */
static const char *own_str(struct collect *c, const char *s)
{
	return s && c->own ? arena_copy(c->q, s, strlen(s) + 1) : s;
}

static int code_index(const struct collect *c, const char *id)
{
	return cb_of(c) ? codebook_find(cb_of(c), id) : -1;
}

/* select_codes: the chosen codes and their subtrees (NULL: every code); ids that are not
 * in the codebook go to q->ids */
static bool *select_codes(const struct codebook *cb, const struct quotes_opts *o,
                          struct quote_list *q)
{
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

/* attrs_match: does t pass o's --where conditions? */
static bool attrs_match(const struct transcript *t, const struct quotes_opts *o)
{
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

bool quotes_doc_matches(const struct project *p, size_t doc, const struct quotes_opts *o)
{
	if (o->doc >= 0 && (size_t)o->doc != doc)
		return false;
	return attrs_match(p->docs[doc].t, o);
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
	const struct quote *qt;
};

/* same_coder: was r made by one of the coders of the quote? */
static bool same_coder(const struct quote *qt, const struct overlap_ref *r)
{
	for (size_t i = 0; i < qt->ncodings; i++)
		if (qt->codings[i].set == r->set)
			return true;
	return false;
}

static bool add_other(void *ctx, const struct overlap_ref *r)
{
	struct others_ctx *oc = ctx;
	const struct quote *qt = oc->qt;
	const struct coding *cd = overlap_coding(&oc->c->ix, r);
	size_t s = r->start > qt->start ? r->start : qt->start;
	size_t e = r->end < qt->end ? r->end : qt->end;

	if (s < e && strcmp(cd->code, qt->id) != 0 && same_coder(qt, r))
		VEC_PUSH(oc->c->ids, oc->c->nids, oc->c->capids, cd->code);
	return true;
}

/* fill_others: the codes of the quote's own coders that overlap it (gloss(1): "of the same
 * coders") */
static void fill_others(struct collect *c, struct quote *qt)
{
	struct others_ctx oc = {c, qt};
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
	for (size_t i = 0; i < qt->nothers; i++)
		c->ids[i] = own_str(c, c->ids[i]);
	qt->others = arena_copy(c->q, c->ids, qt->nothers * sizeof(*qt->others));
}

static int cmp_coding(const void *a, const void *b)
{
	const struct quote_coding *x = a, *y = b;
	int r = strcmp(x->coder, y->coder);

	return r ? r : (x->set > y->set) - (x->set < y->set);
}

static void push_quote(struct collect *c, size_t d, struct quote *src,
                       const struct overlap_ref *refs);

/* add_quote: refs[0..n) share one range; the quote of code id among them (per_coder: one
 * for each coder) */
static void add_quote(struct collect *c, size_t d, const struct overlap_ref *refs, size_t n,
                      const char *id)
{
	struct quote qt = {0};
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
		qc.coder = own_str(c, qc.coder);
		qc.memo = own_str(c, qc.memo);
		qc.created = own_str(c, qc.created);
		qc.memo_created = own_str(c, qc.memo_created);
		qc.memo_modified = own_str(c, qc.memo_modified);
		memo |= qc.memo != NULL;
		VEC_PUSH(c->cod, qt.ncodings, c->capcod, qc);
	}
	if (c->o->memos_only && !memo)
		return;
	sort_array(c->cod, qt.ncodings, sizeof(*c->cod), cmp_coding);
	qt.id = own_str(c, id);
	if (c->o->per_coder) { /* one quote a coding */
		size_t ncod = qt.ncodings;
		for (size_t i = 0; i < ncod; i++) {
			if (c->o->memos_only && !c->cod[i].memo)
				continue;
			qt.ncodings = 1;
			qt.codings = arena_copy(c->q, &c->cod[i], sizeof(*c->cod));
			push_quote(c, d, &qt, refs);
		}
		return;
	}
	qt.codings = arena_copy(c->q, c->cod, qt.ncodings * sizeof(*c->cod));
	push_quote(c, d, &qt, refs);
}

/* push_quote: qt (its codings set) completed with its place, turns and other codes */
static void push_quote(struct collect *c, size_t d, struct quote *src,
                       const struct overlap_ref *refs)
{
	const struct transcript *t = c->doc->t;
	struct quote qt = *src;
	size_t last;

	for (size_t i = 0; i < qt.ncodings; i++)
		c->q->nmemos += qt.codings[i].memo != NULL;
	qt.doc = d;
	qt.code = code_index(c, qt.id);
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

static void collect_doc(struct collect *c, const struct doc *doc, size_t d)
{
	c->doc = doc;
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
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->ncodings && y->ncodings) /* per_coder: one range's quotes by coder */
		return cmp_coding(x->codings, y->codings);
	return 0;
}

/* The parts of a collection: part k collects documents [c[k].from, c[k].to) into parts[k],
 * which is then moved into q. */
struct collect_run {
	struct collect c[PROJECT_MAX_THREADS];
	struct quote_list parts[PROJECT_MAX_THREADS];
	struct quote_list *q;
	size_t cap;
};

/* collect_part: the quotes of part k's documents, in a thread of its own */
static void collect_part(void *arg, size_t k)
{
	struct collect *c = &((struct collect_run *)arg)->c[k];

	for (size_t d = c->from; d < c->to; d++) {
		if (!c->p->docs[d].t || !quotes_doc_matches(c->p, d, c->o))
			continue;
		c->q->ndocs++;
		collect_doc(c, &c->p->docs[d], d);
	}
	free(c->sets);
	free(c->ids);
	free(c->spk);
	free(c->cod);
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

static void take_part_k(void *arg, size_t k)
{
	struct collect_run *run = arg;

	take_part(run->q, &run->cap, &run->parts[k]);
}

/* quotes_collect: the documents are shared among project_threads parts, collected side by
 * side (pool.h) and merged; the sort gives the order (which does not depend on the parts) */
struct quote_list *quotes_collect(const struct project *p, const struct quotes_opts *o)
{
	static const struct quotes_opts all = QUOTES_OPTS_INIT;
	struct quote_list *q = xcalloc(1, sizeof(*q));
	struct collect_run run = {.q = q};
	size_t n = project_threads(p->ndocs);
	bool *wanted;

	o = o ? o : &all;
	wanted = select_codes(p->cb, o, q);
	for (size_t k = 0; k < n; k++)
		run.c[k] = (struct collect){.p = p,
		                            .cb = p->cb,
		                            .o = o,
		                            .wanted = wanted,
		                            .asked = q,
		                            .from = p->ndocs * k / n,
		                            .to = p->ndocs * (k + 1) / n,
		                            .q = &run.parts[k],
		                            .ix = OVERLAP_INIT};
	pool_run(n, &run, collect_part, take_part_k);
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

/* ---- one pass (quotes_stream) --------------------------------------------------------- */

struct quotes_stream {
	const struct quotes_opts *o;
	bool *wanted;
	struct quote_list *q; /* the result: its ids now, its quotes at the end */
	quotes_keep_fn keep;
	void *keep_ctx;
	struct collect c[PROJECT_MAX_THREADS];
};

struct quotes_stream *quotes_stream_new(const struct codebook *cb, const struct quotes_opts *o,
                                        quotes_keep_fn keep, void *keep_ctx)
{
	struct quotes_stream *s = xcalloc(1, sizeof(*s));

	s->o = o;
	s->q = xcalloc(1, sizeof(*s->q));
	s->wanted = select_codes(cb, o, s->q);
	s->keep = keep;
	s->keep_ctx = keep_ctx;
	for (size_t k = 0; k < PROJECT_MAX_THREADS; k++)
		s->c[k] = (struct collect){.cb = cb,
		                           .o = o,
		                           .wanted = s->wanted,
		                           .asked = s->q,
		                           .ix = OVERLAP_INIT,
		                           .own = true};
	return s;
}

/* span: a range of the text kept */
struct span {
	size_t s, e, at; /* at: where it starts in the lean text */
};

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

/* lean_at: where offset x of the text is in the lean one (monotonic, and one to one on
 * the spans kept) */
static size_t lean_at(const struct span *v, size_t n, size_t x)
{
	size_t lo = 0, hi = n;

	while (lo < hi) { /* the first span starting after x */
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid].s <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return 0;
	lo--;
	return v[lo].at + ((x < v[lo].e ? x : v[lo].e) - v[lo].s);
}

/* lean: what the report reads of doc is kept, the rest freed: the text of the quotes'
 * passages and of the turns keep names (each span after a line break, so that spans
 * stay apart), every offset moved to the lean text; the turns (only when keep named
 * some), the name, path and attributes. The codings (copied into the quotes) and the lines
 * (the quotes have their line numbers) are freed. */
static void lean(struct quotes_stream *st, struct doc *doc, struct quote_list *dq)
{
	struct transcript *t = doc->t;
	struct span *v = NULL;
	size_t n = 0, cap = 0, k = 0, len = 0;
	bool turns = false; /* some turns are kept: the report reads them */
	char *text;

	for (size_t i = 0; dq && i < dq->n; i++) {
		const struct quote *qt = &dq->items[i];
		size_t from = 0, to = 0;
		VEC_PUSH(v, n, cap, ((struct span){qt->start, qt->end, 0}));
		if (!st->keep || !st->keep(st->keep_ctx, t, qt, &from, &to))
			continue;
		turns = true;
		for (size_t u = from; u < to && u < t->nturns; u++) {
			const struct turn *tu = &t->turns[u];
			size_t b = tu->label_off < tu->start ? tu->label_off : tu->start;
			VEC_PUSH(v, n, cap, ((struct span){b, tu->end > b ? tu->end : b, 0}));
		}
	}
	sort_array(v, n, sizeof(*v), cmp_span);
	for (size_t i = 0; i < n; i++) { /* merged where they overlap or touch */
		if (k && v[i].s <= v[k - 1].e) {
			if (v[i].e > v[k - 1].e)
				v[k - 1].e = v[i].e;
			continue;
		}
		v[k++] = v[i];
	}
	n = k;
	for (size_t i = 0; i < n; i++)
		len += 1 + v[i].e - v[i].s;
	text = xmalloc(len + 1);
	len = 0;
	for (size_t i = 0; i < n; i++) {
		text[len++] = '\n';
		v[i].at = len;
		memcpy(text + len, t->text + v[i].s, v[i].e - v[i].s);
		len += v[i].e - v[i].s;
	}
	text[len] = '\0';
	for (size_t i = 0; dq && i < dq->n; i++) {
		dq->items[i].start = lean_at(v, n, dq->items[i].start);
		dq->items[i].end = lean_at(v, n, dq->items[i].end);
	}
	for (size_t i = 0; i < t->nturns; i++) {
		struct turn *tu = &t->turns[i];
		tu->label_off = lean_at(v, n, tu->label_off);
		tu->label_end = lean_at(v, n, tu->label_end);
		tu->start = lean_at(v, n, tu->start);
		tu->end = lean_at(v, n, tu->end);
		tu->line_first = tu->line_last = 0;
	}
	if (!turns) {
		free(t->turns);
		t->turns = NULL;
		t->nturns = 0;
	}
	free(t->text);
	t->text = text;
	t->len = len;
	t->body = 0;
	free(t->lines);
	t->lines = NULL;
	t->nlines = 0;
	for (size_t i = 0; i < doc->nsets; i++)
		codings_free(doc->sets[i]);
	free(doc->sets);
	doc->sets = NULL;
	doc->nsets = 0;
	free(v);
}

void quotes_stream_doc(struct quotes_stream *s, unsigned worker, struct doc *doc)
{
	struct collect *c = &s->c[worker];
	struct quote_list *dq = NULL;

	if (attrs_match(doc->t, s->o)) {
		dq = xcalloc(1, sizeof(*dq));
		dq->ndocs = 1;
		c->q = dq;
		c->cap = 0;
		collect_doc(c, doc, 0);
		c->q = NULL;
		if (dq->n) /* kept until the end: at its size */
			dq->items = xreallocarray(dq->items, dq->n, sizeof(*dq->items));
	}
	lean(s, doc, dq);
	doc->user = dq;
}

static const struct quote *sort_items; /* cmp_quote_index's (the calling thread's) */

static int cmp_quote_index(const void *a, const void *b)
{
	return cmp_quote(&sort_items[*(const size_t *)a], &sort_items[*(const size_t *)b]);
}

/* sort_quotes: q's quotes in order, sorting their indices (a quote is 16 times the size of
 * an index: qsort's buffer stays small) and then moving each quote once, cycle by cycle */
static void sort_quotes(struct quote_list *q)
{
	size_t *ix = xcalloc(q->n + 1, sizeof(*ix));

	for (size_t i = 0; i < q->n; i++)
		ix[i] = i;
	sort_items = q->items;
	sort_array(ix, q->n, sizeof(*ix), cmp_quote_index);
	sort_items = NULL;
	for (size_t i = 0; i < q->n; i++) { /* items[j] = old items[ix[j]] */
		struct quote tmp;
		size_t j = i;
		if (ix[i] == i)
			continue;
		tmp = q->items[i];
		while (ix[j] != i) {
			size_t k = ix[j];
			q->items[j] = q->items[k];
			ix[j] = j;
			j = k;
		}
		q->items[j] = tmp;
		ix[j] = j;
	}
	free(ix);
}

struct quote_list *quotes_stream_finish(struct quotes_stream *s, struct project *p)
{
	struct quote_list *q = s->q;
	size_t total = 0, cap;

	for (size_t d = 0; d < p->ndocs; d++) {
		const struct quote_list *dq = p->docs[d].user;
		total += dq ? dq->n : 0;
	}
	q->items = xcalloc(total + 1, sizeof(*q->items)); /* once, at its size */
	cap = total + 1;
	for (size_t d = 0; d < p->ndocs; d++) {
		struct quote_list *dq = p->docs[d].user;
		if (!dq)
			continue;
		for (size_t i = 0; i < dq->n; i++)
			dq->items[i].doc = d;
		take_part(q, &cap, dq);
		free(dq);
		p->docs[d].user = NULL;
	}
	sort_quotes(q);
	for (size_t k = 0; k < PROJECT_MAX_THREADS; k++) {
		free(s->c[k].sets);
		free(s->c[k].ids);
		free(s->c[k].spk);
		free(s->c[k].cod);
	}
	free(s->wanted);
	free(s);
	return q;
}
