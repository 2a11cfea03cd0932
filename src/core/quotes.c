/* quotes.c — the coded passages of a set of codes with their metadata (see quotes.h).
 *
 * Per document: an overlap index over the chosen coders' codings gives every counted
 * coding in order of (start, end); the run of codings sharing a range makes one quote per
 * chosen code id, and the same index answers which other codes overlap it. The quotes of
 * every document are then sorted into code, document, position order. */
#include "gloss/quotes.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/exitstatus.h"
#include "gloss/overlap.h"
#include "gloss/pool.h"
#include "gloss/project.h"
#include "gloss/search.h"
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
	qt->others = arena_copy(c->q, c->ids, qt->nothers * sizeof(*qt->others));
}

bool quotes_context(const struct transcript *t, const struct quote *qt, long context, size_t *from,
                    size_t *to)
{
	size_t first = 0;

	if (context == QUOTES_NO_CONTEXT || t->nturns == 0)
		return false;
	if (qt->turn_first >= 0) {
		first = (size_t)qt->turn_first;
	} else { /* outside every turn: the turns that end before it */
		while (first < t->nturns && t->turns[first].end <= qt->start)
			first++;
	}
	*to = first;
	if (context > 0) {
		*from = first > (size_t)context ? first - (size_t)context : 0;
		return *from < *to;
	}
	for (size_t i = first; i-- > 0;) {
		bool other = true;
		for (size_t k = 0; k < qt->nspeakers && other; k++)
			other = strcmp(qt->speakers[k], t->turns[i].speaker) != 0;
		if (other) {
			*from = i;
			return true;
		}
	}
	return false;
}

/* fill_context: the turns before the passage that o->context names, as written */
static void fill_context(struct collect *c, struct quote *qt, const struct transcript *t)
{
	size_t from, to, n = 0;
	struct quote_turn *v;

	if (!quotes_context(t, qt, c->o->context, &from, &to))
		return;
	v = xcalloc(to - from, sizeof(*v));
	for (size_t i = from; i < to; i++) {
		const struct turn *tu = &t->turns[i];
		size_t b = tu->label_off < tu->start ? tu->label_off : tu->start;
		size_t len = tu->end > b ? tu->end - b : 0;
		v[n++] = (struct quote_turn){tu->speaker, tu->timestamp, t->text + b, len,
		                             tu->start - b < len ? tu->start - b : len};
	}
	qt->ncontext = n;
	qt->context = arena_copy(c->q, v, n * sizeof(*v));
	free(v);
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
		memo |= qc.memo != NULL;
		VEC_PUSH(c->cod, qt.ncodings, c->capcod, qc);
	}
	if (c->o->memos_only && !memo)
		return;
	sort_array(c->cod, qt.ncodings, sizeof(*c->cod), cmp_coding);
	qt.id = id;
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
	qt.text = t->text + qt.start;
	fill_context(c, &qt, t);
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

/* cmp_key: the order of quotes.h: code (codebook order, then ids not in it), document,
 * start, end */
static int cmp_key(const struct quote_key *x, const struct quote_key *y)
{
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

/* place: what cmp_key orders qt by */
static struct quote_key place(const struct quote *qt)
{
	return (struct quote_key){.id = qt->id,
	                          .start = (uint32_t)qt->start,
	                          .end = (uint32_t)qt->end,
	                          .doc = (uint32_t)qt->doc,
	                          .code = qt->code};
}

static int cmp_quote(const void *a, const void *b)
{
	const struct quote *x = a, *y = b;
	struct quote_key kx = place(x), ky = place(y);
	int r = cmp_key(&kx, &ky);

	if (r)
		return r;
	if (x->ncodings && y->ncodings) /* per_coder: one range's quotes by coder */
		return cmp_coding(x->codings, y->codings);
	return 0;
}

static uint32_t memos_of(const struct quote *qt)
{
	uint32_t n = 0;

	for (size_t i = 0; i < qt->ncodings; i++)
		n += qt->codings[i].memo != NULL;
	return n;
}

static struct quote_key key_of(const struct quote *qt, size_t doc)
{
	return (struct quote_key){qt->id,        0,        (uint32_t)qt->start, (uint32_t)qt->end,
	                          (uint32_t)doc, qt->code, memos_of(qt),        0};
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
	q->keys = xcalloc(q->n + 1, sizeof(*q->keys));
	for (size_t i = 0; i < q->n; i++)
		q->keys[i] = key_of(&q->items[i], q->items[i].doc);
	q->nloaded = q->n;
	return q;
}

static void spill_free(struct spill *sp);

void quotes_free(struct quote_list *q)
{
	if (!q)
		return;
	for (struct block *b = q->arena, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	spill_free(q->spill);
	free(q->items);
	free(q->keys);
	free(q->ids);
	free(q);
}

/* ---- one pass (quotes_stream) --------------------------------------------------------- */

/* The records of a stream. A record is the image of a quote followed by its arrays and
 * strings, each at an 8-aligned place, with every pointer replaced by its offset from the
 * record's start plus one (0: NULL); loading a record puts the pointers back. The records
 * go to an unlinked temporary file, written by the loading threads side by side (each
 * takes its place under the lock, then writes), or when none could be made to memory. */
struct spill {
	int fd;             /* the temporary file, or -1: the records are in mem */
	pthread_mutex_t mu; /* guards size, mem, ids and error while loading */
	uint64_t size;      /* bytes of records */
	char *mem;          /* fd < 0: the records */
	size_t cap;
	struct quote_key *keys; /* every document's, as they come (the list's at the end) */
	size_t nkeys, capkeys;
	const char **ids; /* codes not in the codebook, once each (the keys point here) */
	size_t nids, capids;
	int error;         /* the first failure to keep a record */
	char *window;      /* the records loaded */
	size_t wcap, icap; /* its size, and that of the list's items */
};

static void spill_free(struct spill *sp)
{
	if (!sp)
		return;
	if (sp->fd >= 0)
		close(sp->fd);
	pthread_mutex_destroy(&sp->mu);
	for (size_t i = 0; i < sp->nids; i++)
		free((char *)sp->ids[i]);
	free(sp->ids);
	free(sp->keys);
	free(sp->mem);
	free(sp->window);
	free(sp);
}

#define WINDOW_QUOTES 8192
#define WINDOW_BYTES ((size_t)2 << 20)

/* spill_open: an unlinked temporary file in $TMPDIR (else /tmp), or -1 with *warning set */
static int spill_open(char **warning)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd, err;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0)
		return fd;
	err = errno;
	if (err == EOPNOTSUPP || err == EISDIR || err == EINVAL) { /* no O_TMPFILE there */
		path = xasprintf("%s/gloss-quotes-XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		err = errno;
		if (fd >= 0)
			unlink(path);
		free(path);
		if (fd >= 0)
			return fd;
	}
	if (warning)
		*warning = xasprintf("no temporary file in %s (%s): the quotes are kept in memory",
		                     dir, strerror(err));
	return -1;
}

struct doc_keys {       /* a document's part of the result, in doc->user until the end */
	size_t from, n; /* its keys: sp->keys[from, from + n) */
	size_t skipped, nmemos;
};

struct quotes_stream {
	const struct quotes_opts *o;
	const struct codebook *cb;
	bool *wanted;
	struct quote_list *q; /* the result: its ids now, its quotes at the end */
	struct spill *sp;
	struct collect c[PROJECT_MAX_THREADS];
	struct quote_list dq[PROJECT_MAX_THREADS];   /* each worker's current document */
	struct strbuf buf[PROJECT_MAX_THREADS];      /* its records */
	struct quote_key *keys[PROJECT_MAX_THREADS]; /* and their keys */
	size_t capkeys[PROJECT_MAX_THREADS];
};

struct quotes_stream *quotes_stream_new(const struct codebook *cb, const struct quotes_opts *o,
                                        char **warning)
{
	struct quotes_stream *s = xcalloc(1, sizeof(*s));

	if (warning)
		*warning = NULL;
	s->o = o;
	s->cb = cb;
	s->q = xcalloc(1, sizeof(*s->q));
	s->wanted = select_codes(cb, o, s->q);
	s->sp = xcalloc(1, sizeof(*s->sp));
	s->sp->fd = spill_open(warning);
	pthread_mutex_init(&s->sp->mu, NULL);
	s->q->spill = s->sp;
	for (size_t k = 0; k < PROJECT_MAX_THREADS; k++) {
		s->c[k] = (struct collect){
		    .cb = cb, .o = o, .wanted = s->wanted, .asked = s->q, .ix = OVERLAP_INIT};
		sb_init(&s->buf[k]);
	}
	return s;
}

/* put: n bytes of p at the next 8-aligned place of the record that starts at rs; its
 * offset + 1, or 0 for NULL */
static uintptr_t put(struct strbuf *b, size_t rs, const void *p, size_t n)
{
	static const char zero[8];
	size_t off;

	if (!p)
		return 0;
	if ((b->len - rs) % 8)
		sb_add(b, zero, 8 - (b->len - rs) % 8);
	off = b->len - rs;
	sb_add(b, p, n);
	return off + 1;
}

static uintptr_t put_s(struct strbuf *b, size_t rs, const char *s)
{
	return s ? put(b, rs, s, strlen(s) + 1) : 0;
}

/* put_strs: an array of n strings, each put, then the array of their offsets */
static uintptr_t put_strs(struct strbuf *b, size_t rs, const char *const *v, size_t n)
{
	uintptr_t *off;
	uintptr_t r;

	if (!v || n == 0)
		return 0;
	off = xcalloc(n, sizeof(*off));
	for (size_t i = 0; i < n; i++)
		off[i] = put_s(b, rs, v[i]);
	r = put(b, rs, off, n * sizeof(*off));
	free(off);
	return r;
}

#define REL(x) ((void *)(uintptr_t)(x))

/* record_put: qt as a record, at the end of b (its length a multiple of 8) */
static void record_put(struct strbuf *b, const struct quote *qt)
{
	size_t rs = b->len;
	struct quote r = *qt;
	char nul = '\0';

	sb_add(b, &r, sizeof(r)); /* its place; filled in at the end */
	r.id = REL(put_s(b, rs, qt->id));
	r.timestamp = REL(put_s(b, rs, qt->timestamp));
	r.speakers = REL(put_strs(b, rs, qt->speakers, qt->nspeakers));
	r.others = REL(put_strs(b, rs, qt->others, qt->nothers));
	if (qt->ncodings) {
		struct quote_coding *v = xcalloc(qt->ncodings, sizeof(*v));
		for (size_t i = 0; i < qt->ncodings; i++) {
			const struct quote_coding *qc = &qt->codings[i];
			v[i] = *qc;
			v[i].coder = REL(put_s(b, rs, qc->coder));
			v[i].memo = REL(put_s(b, rs, qc->memo));
			v[i].created = REL(put_s(b, rs, qc->created));
			v[i].memo_created = REL(put_s(b, rs, qc->memo_created));
			v[i].memo_modified = REL(put_s(b, rs, qc->memo_modified));
		}
		r.codings = REL(put(b, rs, v, qt->ncodings * sizeof(*v)));
		free(v);
	}
	r.text = REL(put(b, rs, qt->text ? qt->text : "", qt->end - qt->start));
	sb_add(b, &nul, 1);
	if (qt->ncontext) {
		struct quote_turn *v = xcalloc(qt->ncontext, sizeof(*v));
		for (size_t i = 0; i < qt->ncontext; i++) {
			const struct quote_turn *tu = &qt->context[i];
			v[i] = *tu;
			v[i].speaker = REL(put_s(b, rs, tu->speaker));
			v[i].timestamp = REL(put_s(b, rs, tu->timestamp));
			v[i].text = REL(put(b, rs, tu->text, tu->len));
			sb_add(b, &nul, 1);
		}
		r.context = REL(put(b, rs, v, qt->ncontext * sizeof(*v)));
		free(v);
	}
	put(b, rs, "", 0); /* the next record 8-aligned */
	memcpy(b->data + rs, &r, sizeof(r));
}

/* at: a record's pointer put back (base: the record's start) */
static void *at(char *base, const void *rel)
{
	return rel ? base + ((uintptr_t)rel - 1) : NULL;
}

/* record_get: the quote of the record at base, its pointers put back */
static void record_get(char *base, struct quote *qt)
{
	memcpy(qt, base, sizeof(*qt));
	qt->id = at(base, qt->id);
	qt->timestamp = at(base, qt->timestamp);
	qt->speakers = at(base, qt->speakers);
	for (size_t i = 0; i < qt->nspeakers; i++)
		qt->speakers[i] = at(base, qt->speakers[i]);
	qt->others = at(base, qt->others);
	for (size_t i = 0; i < qt->nothers; i++)
		qt->others[i] = at(base, qt->others[i]);
	qt->codings = at(base, qt->codings);
	for (size_t i = 0; i < qt->ncodings; i++) {
		struct quote_coding *qc = &qt->codings[i];
		qc->coder = at(base, qc->coder);
		qc->memo = at(base, qc->memo);
		qc->created = at(base, qc->created);
		qc->memo_created = at(base, qc->memo_created);
		qc->memo_modified = at(base, qc->memo_modified);
	}
	qt->text = at(base, qt->text);
	qt->context = at(base, qt->context);
	for (size_t i = 0; i < qt->ncontext; i++) {
		struct quote_turn *tu = (struct quote_turn *)&qt->context[i];
		tu->speaker = at(base, tu->speaker);
		tu->timestamp = at(base, tu->timestamp);
		tu->text = at(base, tu->text);
	}
}

/* spill_write: the n bytes of records at p kept, and their n keys k (whose off is where
 * the record starts in p) added to sp->keys; where the keys start there. Under the lock:
 * the records' place taken (the memory grown), the keys added; the file written outside
 * it. */
static size_t spill_write(struct spill *sp, const char *p, size_t n, struct quote_key *k, size_t nk)
{
	uint64_t off;
	size_t from;
	int err = 0;

	pthread_mutex_lock(&sp->mu);
	off = sp->size;
	sp->size += n;
	if (sp->fd < 0 && n) {
		grow_array((void **)&sp->mem, &sp->cap, sp->size, 1);
		memcpy(sp->mem + off, p, n);
	}
	from = sp->nkeys;
	grow_array((void **)&sp->keys, &sp->capkeys, sp->nkeys + nk + 1, sizeof(*sp->keys));
	for (size_t i = 0; i < nk; i++) {
		sp->keys[sp->nkeys] = k[i];
		sp->keys[sp->nkeys++].off += off;
	}
	pthread_mutex_unlock(&sp->mu);
	for (size_t done = 0; sp->fd >= 0 && done < n && !err;) {
		ssize_t w = pwrite(sp->fd, p + done, n - done, (off_t)(off + done));
		if (w > 0)
			done += (size_t)w;
		else if (w < 0 && errno != EINTR)
			err = errno;
		else if (w == 0)
			err = EIO;
	}
	if (err) {
		pthread_mutex_lock(&sp->mu);
		if (!sp->error)
			sp->error = err;
		pthread_mutex_unlock(&sp->mu);
	}
	return from;
}

/* intern: the id of a code not in the codebook, kept once for the keys */
static const char *intern(struct spill *sp, const char *id)
{
	const char *r = NULL;

	pthread_mutex_lock(&sp->mu);
	for (size_t i = 0; i < sp->nids && !r; i++)
		if (strcmp(sp->ids[i], id) == 0)
			r = sp->ids[i];
	if (!r) {
		r = xstrdup(id);
		VEC_PUSH(sp->ids, sp->nids, sp->capids, r);
	}
	pthread_mutex_unlock(&sp->mu);
	return r;
}

/* strip: what the report reads of doc is in its records: all but the name, path and
 * attributes is freed */
static void strip(struct doc *doc)
{
	struct transcript *t = doc->t;

	free(t->text);
	t->text = xstrdup("");
	t->len = t->body = 0;
	free(t->lines);
	t->lines = NULL;
	t->nlines = 0;
	free(t->turns);
	t->turns = NULL;
	t->nturns = 0;
	free(t->turn_strs);
	t->turn_strs = NULL;
	search_free(t->speaker_re);
	t->speaker_re = NULL;
	for (size_t i = 0; i < doc->nsets; i++)
		codings_free(doc->sets[i]);
	free(doc->sets);
	doc->sets = NULL;
	doc->nsets = 0;
}

static void clear_list(struct quote_list *dq)
{
	for (struct block *b = dq->arena, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	dq->arena = NULL;
	dq->n = dq->skipped = dq->nmemos = 0;
}

void quotes_stream_doc(struct quotes_stream *s, unsigned worker, struct doc *doc)
{
	struct collect *c = &s->c[worker];
	struct quote_list *dq = &s->dq[worker];
	struct strbuf *b = &s->buf[worker];
	struct doc_keys *dk;
	struct quote_key *k;

	if (!attrs_match(doc->t, s->o)) {
		strip(doc);
		return;
	}
	c->q = dq;
	clear_list(dq);
	collect_doc(c, doc, 0);
	c->q = NULL;
	dk = xcalloc(1, sizeof(*dk));
	dk->n = dq->n;
	dk->skipped = dq->skipped;
	dk->nmemos = dq->nmemos;
	grow_array((void **)&s->keys[worker], &s->capkeys[worker], dq->n + 1, sizeof(*k));
	k = s->keys[worker];
	sb_reset(b);
	for (size_t i = 0; i < dq->n; i++) {
		const struct quote *qt = &dq->items[i];
		size_t pos = b->len;
		record_put(b, qt);
		k[i] = key_of(qt, 0);
		k[i].id = qt->code >= 0 ? s->cb->codes[qt->code].id : intern(s->sp, qt->id);
		k[i].off = pos;
		k[i].len = (uint32_t)(b->len - pos);
		if (b->len - pos > UINT32_MAX) { /* a record of 4 GiB: not kept */
			pthread_mutex_lock(&s->sp->mu);
			s->sp->error = s->sp->error ? s->sp->error : EFBIG;
			pthread_mutex_unlock(&s->sp->mu);
		}
	}
	dk->from = spill_write(s->sp, b->data, b->len, k, dq->n);
	if (b->cap > ((size_t)4 << 20)) /* a large document's records: not held on */
		sb_done(b);
	clear_list(dq);
	strip(doc);
	doc->user = dk;
}

static const struct quote_key *sort_keys; /* cmp_key_index's (the calling thread's) */

/* cmp_key_index: by key, then by place in the documents' order (per_coder: one range's
 * quotes were made in their coders' order) */
static int cmp_key_index(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int r = cmp_key(&sort_keys[i], &sort_keys[j]);

	return r ? r : (i > j) - (i < j);
}

/* sort_by_key: q's keys in order, sorting their indices (qsort's buffer stays small) and
 * then moving each key once, cycle by cycle */
static void sort_by_key(struct quote_list *q)
{
	size_t *ix = xcalloc(q->n + 1, sizeof(*ix));

	for (size_t i = 0; i < q->n; i++)
		ix[i] = i;
	sort_keys = q->keys;
	sort_array(ix, q->n, sizeof(*ix), cmp_key_index);
	sort_keys = NULL;
	for (size_t i = 0; i < q->n; i++) { /* keys[j] = old keys[ix[j]] */
		struct quote_key tmp;
		size_t j = i;
		if (ix[i] == i)
			continue;
		tmp = q->keys[i];
		while (ix[j] != i) {
			size_t k = ix[j];
			q->keys[j] = q->keys[k];
			ix[j] = j;
			j = k;
		}
		q->keys[j] = tmp;
		ix[j] = j;
	}
	free(ix);
}

struct quote_list *quotes_stream_finish(struct quotes_stream *s, struct project *p)
{
	struct quote_list *q = s->q;
	struct spill *sp = s->sp;

	for (size_t d = 0; d < p->ndocs; d++) {
		struct doc_keys *dk = p->docs[d].user;
		if (!dk)
			continue;
		for (size_t i = 0; i < dk->n; i++)
			sp->keys[dk->from + i].doc = (uint32_t)d;
		q->ndocs++;
		q->skipped += dk->skipped;
		q->nmemos += dk->nmemos;
		free(dk);
		p->docs[d].user = NULL;
	}
	q->keys = sp->keys ? sp->keys : xcalloc(1, sizeof(*q->keys));
	q->n = sp->nkeys;
	sp->keys = NULL;
	sort_by_key(q);
	q->error = sp->error;
	for (size_t k = 0; k < PROJECT_MAX_THREADS; k++) {
		free(s->c[k].sets);
		free(s->c[k].ids);
		free(s->c[k].spk);
		free(s->c[k].cod);
		clear_list(&s->dq[k]);
		free(s->dq[k].items);
		sb_done(&s->buf[k]);
		free(s->keys[k]);
	}
	free(s->wanted);
	free(s);
	return q;
}

size_t quotes_window(const struct quote_list *q, size_t from, size_t max, size_t max_bytes)
{
	size_t to = from, bytes = 0;

	while (to < q->n && to - from < max && (to == from || bytes + q->keys[to].len <= max_bytes))
		bytes += q->keys[to++].len;
	return to;
}

/* spill_read: the record of key k into dst */
static void spill_read(const struct spill *sp, const struct quote_key *k, char *dst)
{
	size_t done = 0;

	if (sp->fd < 0) {
		memcpy(dst, sp->mem + k->off, k->len);
		return;
	}
	while (done < k->len) {
		ssize_t r = pread(sp->fd, dst + done, k->len - done, (off_t)(k->off + done));
		if (r > 0)
			done += (size_t)r;
		else if (r == 0 || errno != EINTR)
			die(GLOSS_EXIT_PROBLEMS, "cannot read back the quotes' temporary file: %s",
			    r == 0 ? "it is shorter than written" : strerror(errno));
	}
}

void quotes_load(struct quote_list *q, size_t from, size_t to)
{
	struct spill *sp = q->spill;
	size_t bytes = 0, pos = 0;

	if (!sp || (from >= q->first && to <= q->first + q->nloaded))
		return;
	to = to < q->n ? to : q->n;
	from = from < to ? from : to;
	for (size_t i = from; i < to; i++)
		bytes += q->keys[i].len;
	grow_array((void **)&sp->window, &sp->wcap, bytes + 1, 1);
	grow_array((void **)&q->items, &sp->icap, to - from + 1, sizeof(*q->items));
	for (size_t i = from; i < to; i++) {
		spill_read(sp, &q->keys[i], sp->window + pos);
		record_get(sp->window + pos, &q->items[i - from]);
		q->items[i - from].doc = q->keys[i].doc;
		pos += q->keys[i].len;
	}
	q->first = from;
	q->nloaded = to - from;
}

const struct quote *quotes_item(const struct quote_list *q, size_t i)
{
	return &q->items[i - q->first];
}

const struct quote *quotes_get(struct quote_list *q, size_t i)
{
	if (i < q->first || i >= q->first + q->nloaded)
		quotes_load(q, i, quotes_window(q, i, WINDOW_QUOTES, WINDOW_BYTES));
	return quotes_item(q, i);
}
