/* tally.c — counts of codes and themes over a project (definitions in tally.h).
 *
 * One pass per document: the codings of every coder become entries (start, end, row,
 * coder) sorted by segment; each distinct segment is one passage. A segment counts once
 * for every row it touches: its codes and their ancestors (O(codings x depth)). Words are
 * counted over the union of each row's ranges in a document, merged as the sorted segments
 * arrive. Distinct speakers and group counts are collected as (row, value) pairs and
 * reduced at the end. */
#include "gloss/tally.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

/* The group of documents without the attribute (passages without a speaker) is interned
 * under a key that no value can equal (values come from valid UTF-8 text, and 0xFF is
 * never valid UTF-8) and shown as NONE_GROUP; see group_label. */
#define NONE_KEY "\xff"
#define NONE_GROUP "(none)"
#define TOTAL_COLUMN "total"

/* intern: string -> dense index; the strings are copies, owned (a document's transcript
 * and codings are freed once it is counted) */
struct intern {
	char **strs;
	size_t n, cap;
	uint32_t *slots; /* index + 1; 0 is empty */
	size_t nslots;
};

struct pair {
	uint32_t row, val;
};

/* gitem: a passage of a row in a group, when a --by cell counts more than passages */
struct gitem {
	uint32_t row, group, val; /* val: the speaker (--count speakers) */
	size_t s, e;
};

/* wcount: n to add to the cell (row, group) */
struct wcount {
	uint32_t row, group;
	size_t n;
};

/* triple: a speaker (val) of a row's passage in a group (--count speakers), once each */
struct triple {
	uint32_t row, group, val;
};

struct entry {
	size_t start, end;
	uint32_t row, coder;
};

/* The segment boundaries of a document (the clipped starts and ends of its codings that
 * did not drift, sorted, each once) and the words before each, so that the words of any
 * union of segments cost two look-ups. Made in the loading threads by tally_prepare, or
 * here. */
struct bounds {
	size_t *at, *words;
	size_t n, cap, capw;
};

/* tally_acc: the counts of the documents seen so far, in one thread. Rows: the codebook's
 * codes, then the ids not in the codebook in the order first seen (ncodes + their intern
 * index; build_result sorts them). What grows with the corpus rather than with the codes
 * and groups (speakers of rows, cells of groups) is made unique or summed now and then
 * (compact), so a tally holds the counts, never the documents. */
struct tally_acc {
	const struct codebook *cb;
	const struct tally_opts *o;
	size_t ncodes, nrows, caprows;
	struct intern unknown;
	int *parent; /* per row */
	struct intern speakers, groups, coders;
	size_t *passages, *documents, *words, *last_doc;
	size_t *open_s, *open_e;
	size_t *touched;
	size_t ntouched;
	uint32_t *spk_stamp; /* per speaker: segment serial + 1 */
	size_t capstamp;
	uint32_t *turn_spk; /* per turn of the current document */
	struct pair *spk, *segpairs;
	size_t nspk, capspk, nseg, capseg, spk_mark;
	uint32_t *segspk;
	size_t nsegspk, capsegspk;
	struct entry *ents;
	size_t nents, capents;
	struct gitem *gi; /* this document's gitems */
	size_t ngi, capgi;
	struct wcount *wc; /* cells to add to */
	size_t nwc, capwc, wc_mark;
	struct triple *tr; /* --count speakers */
	size_t ntr, captr, tr_mark;
	struct bounds own;        /* the document's boundaries when not prepared */
	const struct bounds *bnd; /* the current document's */
	uint32_t serial, doc_group;
	size_t total_passages, drifted, ambiguous, total_words, ndocs;
};

static void intern_rehash(struct intern *in)
{
	size_t n = in->nslots ? in->nslots * 2 : 64;

	free(in->slots);
	in->slots = xcalloc(n, sizeof(*in->slots));
	in->nslots = n;
	for (size_t i = 0; i < in->n; i++) {
		size_t h = str_hash(in->strs[i]) & (n - 1);
		while (in->slots[h])
			h = (h + 1) & (n - 1);
		in->slots[h] = (uint32_t)i + 1;
	}
}

/* intern_get: index of s; added (copied) when add is true, else -1 when absent */
static long intern_get(struct intern *in, const char *s, bool add)
{
	size_t h;

	if (!in->nslots || (in->n + 1) * 2 > in->nslots) {
		if (!add && !in->nslots)
			return -1;
		if (add)
			intern_rehash(in);
	}
	h = str_hash(s) & (in->nslots - 1);
	while (in->slots[h]) {
		if (strcmp(in->strs[in->slots[h] - 1], s) == 0)
			return (long)in->slots[h] - 1;
		h = (h + 1) & (in->nslots - 1);
	}
	if (!add)
		return -1;
	VEC_PUSH(in->strs, in->n, in->cap, xstrdup(s));
	in->slots[h] = (uint32_t)in->n;
	return (long)in->n - 1;
}

static void intern_done(struct intern *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->strs[i]);
	free(in->strs);
	free(in->slots);
	memset(in, 0, sizeof(*in));
}

/* cb_lookup: the codebook row of id, or -1 (codebook_find is a binary search over the
 * codebook's id index) */
static long cb_lookup(const struct tally_acc *r, const char *id)
{
	return r->ncodes ? codebook_find(r->cb, id) : -1;
}

static const char *doc_group_name(const struct tally_acc *r, const struct transcript *t)
{
	const char *v;

	if (r->o->by == TALLY_BY_DOCUMENT)
		return t->name;
	v = r->o->attr ? transcript_attr(t, r->o->attr) : NULL;
	return v ? v : NONE_KEY;
}

/* add_rows: room for n rows (the per-row arrays grow with the ids not in the codebook) */
static void add_rows(struct tally_acc *r, size_t n)
{
	size_t old = r->caprows;

	if (n <= old)
		return;
	r->caprows = n > old * 2 ? n : old * 2;
	r->parent = xreallocarray(r->parent, r->caprows, sizeof(*r->parent));
#define GROW(a)                                                                                    \
	do {                                                                                       \
		(a) = xreallocarray((a), r->caprows, sizeof(*(a)));                                \
		memset((a) + old, 0, (r->caprows - old) * sizeof(*(a)));                           \
	} while (0)
	GROW(r->passages);
	GROW(r->documents);
	GROW(r->words);
	GROW(r->last_doc);
	GROW(r->open_s);
	GROW(r->open_e);
	GROW(r->touched);
#undef GROW
	for (size_t i = old; i < r->caprows; i++)
		r->parent[i] = i < r->ncodes ? r->cb->codes[i].parent : -1;
}

static int cmp_str_index(const void *a, const void *b, const struct intern *in)
{
	return strcmp(in->strs[*(const uint32_t *)a], in->strs[*(const uint32_t *)b]);
}

static const struct intern *sort_in;

static int cmp_sort_in(const void *a, const void *b)
{
	return cmp_str_index(a, b, sort_in);
}

/* sorted_order: rank[i] = position of intern string i in sorted order; returns order */
static uint32_t *sorted_order(const struct intern *in, uint32_t **rank)
{
	uint32_t *order = xcalloc(in->n + 1, sizeof(*order));

	*rank = xcalloc(in->n + 1, sizeof(**rank));
	for (size_t i = 0; i < in->n; i++)
		order[i] = (uint32_t)i;
	sort_in = in;
	sort_array(order, in->n, sizeof(*order), cmp_sort_in);
	for (size_t i = 0; i < in->n; i++)
		(*rank)[order[i]] = (uint32_t)i;
	return order;
}

/* row_of: the row of a code id, added when it is not in the codebook */
static uint32_t row_of(struct tally_acc *r, const char *id)
{
	long i = cb_lookup(r, id);

	if (i >= 0)
		return (uint32_t)i;
	i = intern_get(&r->unknown, id, true);
	r->nrows = r->ncodes + r->unknown.n;
	add_rows(r, r->nrows);
	return (uint32_t)(r->ncodes + (size_t)i);
}

/* speaker_of: the speaker's index, with room for its stamp */
static uint32_t speaker_of(struct tally_acc *r, const char *name)
{
	uint32_t sp = (uint32_t)intern_get(&r->speakers, name, true);

	if (r->speakers.n > r->capstamp) {
		size_t old = r->capstamp;
		r->capstamp = r->speakers.n * 2;
		r->spk_stamp = xreallocarray(r->spk_stamp, r->capstamp, sizeof(uint32_t));
		memset(r->spk_stamp + old, 0, (r->capstamp - old) * sizeof(uint32_t));
	}
	return sp;
}

static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->coder < y->coder ? -1 : x->coder > y->coder;
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->val < y->val ? -1 : x->val > y->val;
}

/* sort_unique: sort pairs and drop duplicates; returns the new length */
static size_t sort_unique(struct pair *v, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	sort_array(v, n, sizeof(*v), cmp_pair);
	for (size_t i = 1; i < n; i++)
		if (cmp_pair(&v[i], &v[k]) != 0)
			v[++k] = v[i];
	return k + 1;
}

static int cmp_wcount(const void *a, const void *b)
{
	const struct wcount *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->group < y->group ? -1 : x->group > y->group;
}

/* sum_cells: sort the cells and add up those of one (row, group); returns the new length */
static size_t sum_cells(struct wcount *v, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	sort_array(v, n, sizeof(*v), cmp_wcount);
	for (size_t i = 1; i < n; i++) {
		if (cmp_wcount(&v[i], &v[k]) == 0)
			v[k].n += v[i].n;
		else
			v[++k] = v[i];
	}
	return k + 1;
}

static int cmp_triple(const void *a, const void *b)
{
	const struct triple *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return x->val < y->val ? -1 : x->val > y->val;
}

static size_t unique_triples(struct triple *v, size_t n)
{
	size_t k = 0;

	if (n == 0)
		return 0;
	sort_array(v, n, sizeof(*v), cmp_triple);
	for (size_t i = 1; i < n; i++)
		if (cmp_triple(&v[i], &v[k]) != 0)
			v[++k] = v[i];
	return k + 1;
}

/* compact: what was collected, made unique or summed once it doubled since the last time,
 * so that it grows with the distinct (row, speaker) and (row, group) cells, not with the
 * passages */
static void compact(struct tally_acc *r, bool now)
{
	if (now || r->nspk > 2 * r->spk_mark + 4096)
		r->spk_mark = r->nspk = sort_unique(r->spk, r->nspk);
	if (now || r->nwc > 2 * r->wc_mark + 4096)
		r->wc_mark = r->nwc = sum_cells(r->wc, r->nwc);
	if (now || r->ntr > 2 * r->tr_mark + 4096)
		r->tr_mark = r->ntr = unique_triples(r->tr, r->ntr);
}

/* clip: a coding's segment within a text of len bytes (the entries and the bounds of a
 * document must agree on it) */
static void clip(const struct coding *cd, size_t len, size_t *start, size_t *end)
{
	*start = cd->start < len ? cd->start : len;
	*end = cd->end < len ? cd->end : len;
	if (*end < *start)
		*end = *start;
}

static void collect_entries(struct tally_acc *r, const struct doc *doc)
{
	size_t len = doc->t->len;

	r->nents = 0;
	for (size_t s = 0; s < doc->nsets; s++) {
		const struct codings *c = doc->sets[s];
		uint32_t coder = (uint32_t)intern_get(&r->coders, c->coder, true);
		if (r->o->by == TALLY_BY_CODER)
			intern_get(&r->groups, c->coder, true);
		for (size_t i = 0; i < c->len; i++) {
			const struct coding *cd = &c->items[i];
			struct entry e;
			if (!coding_counted(cd)) {
				r->drifted += cd->status == CODING_DRIFTED;
				r->ambiguous += cd->status == CODING_AMBIGUOUS;
				continue;
			}
			clip(cd, len, &e.start, &e.end);
			e.row = row_of(r, cd->code);
			e.coder = coder;
			VEC_PUSH(r->ents, r->nents, r->capents, e);
		}
	}
	if (r->nents)
		sort_array(r->ents, r->nents, sizeof(*r->ents), cmp_entry);
}

/* segment_speakers: distinct speaker ids of the turns overlapping [s, e) into segspk */
static void segment_speakers(struct tally_acc *r, const struct transcript *t, size_t s, size_t e)
{
	size_t first, last;

	r->nsegspk = 0;
	r->serial++;
	if (!transcript_turns_touching(t, s, e, &first, &last))
		return;
	for (size_t i = first; i <= last; i++) {
		uint32_t sp = r->turn_spk[i];
		if (r->spk_stamp[sp] == r->serial)
			continue;
		r->spk_stamp[sp] = r->serial;
		VEC_PUSH(r->segspk, r->nsegspk, r->capsegspk, sp);
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static void make_bounds(struct bounds *b, const struct doc *doc)
{
	const struct transcript *t = doc->t;
	size_t k = 0;

	b->n = 0;
	for (size_t s = 0; s < doc->nsets; s++)
		for (size_t i = 0; i < doc->sets[s]->len; i++) {
			const struct coding *cd = &doc->sets[s]->items[i];
			size_t st, en;
			if (!coding_counted(cd))
				continue;
			clip(cd, t->len, &st, &en);
			VEC_PUSH(b->at, b->n, b->cap, st);
			VEC_PUSH(b->at, b->n, b->cap, en);
		}
	if (b->n == 0)
		return;
	sort_array(b->at, b->n, sizeof(size_t), cmp_size);
	for (size_t i = 1; i < b->n; i++)
		if (b->at[i] != b->at[k])
			b->at[++k] = b->at[i];
	b->n = k + 1;
	grow_array((void **)&b->words, &b->capw, b->n, sizeof(size_t));
	for (size_t i = 0; i < b->n; i++)
		b->words[i] = transcript_words(t, 0, b->at[i]);
}

static void word_bounds(struct tally_acc *r, const struct doc *doc, bool prepared)
{
	if (prepared && doc->user) {
		r->bnd = doc->user;
		return;
	}
	make_bounds(&r->own, doc);
	r->bnd = &r->own;
}

void tally_prepare(void *ctx, unsigned worker, struct doc *doc)
{
	struct bounds *b = xcalloc(1, sizeof(*b));

	(void)ctx;
	(void)worker;
	make_bounds(b, doc);
	doc->user = b;
}

static void bounds_free(struct bounds *b)
{
	free(b->at);
	free(b->words);
}

void tally_prepared_free(struct project *p)
{
	for (size_t d = 0; d < p->ndocs; d++) {
		if (p->docs[d].user)
			bounds_free(p->docs[d].user);
		free(p->docs[d].user);
		p->docs[d].user = NULL;
	}
}

static size_t words_before(const struct tally_acc *r, size_t off)
{
	const struct bounds *b = r->bnd;
	const size_t *p = bsearch(&off, b->at, b->n, sizeof(size_t), cmp_size);

	return p ? b->words[p - b->at] : 0;
}

/* words_between: words in [s, e); s and e are segment boundaries */
static size_t words_between(const struct tally_acc *r, size_t s, size_t e)
{
	return e > s ? words_before(r, e) - words_before(r, s) : 0;
}

static void add_words(struct tally_acc *r, uint32_t row, size_t s, size_t e)
{
	if (r->open_e[row] >= s && r->open_s[row] <= s) {
		if (e > r->open_e[row])
			r->open_e[row] = e;
		return;
	}
	r->words[row] += words_between(r, r->open_s[row], r->open_e[row]);
	r->open_s[row] = s;
	r->open_e[row] = e;
}

/* group_words: the words of the union of gi[a..b) (one row and group, sorted) */
static size_t group_words(const struct tally_acc *r, size_t a, size_t b)
{
	size_t n = 0, os = r->gi[a].s, oe = r->gi[a].e;

	for (size_t i = a + 1; i < b; i++) {
		if (r->gi[i].s <= oe) {
			if (r->gi[i].e > oe)
				oe = r->gi[i].e;
			continue;
		}
		n += words_between(r, os, oe);
		os = r->gi[i].s;
		oe = r->gi[i].e;
	}
	return n + words_between(r, os, oe);
}

/* add_group: the passage [s, e) of row counts in group g */
static void add_group(struct tally_acc *r, uint32_t row, uint32_t g, size_t s, size_t e)
{
	if (r->o->count == TALLY_COUNT_PASSAGES) {
		VEC_PUSH(r->wc, r->nwc, r->capwc, ((struct wcount){row, g, 1}));
		return;
	}
	if (r->o->count != TALLY_COUNT_SPEAKERS) {
		VEC_PUSH(r->gi, r->ngi, r->capgi, ((struct gitem){row, g, 0, s, e}));
		return;
	}
	if (r->o->by == TALLY_BY_SPEAKER) { /* the group is the speaker */
		if (r->nsegspk)
			VEC_PUSH(r->tr, r->ntr, r->captr, ((struct triple){row, g, g}));
		return;
	}
	for (size_t i = 0; i < r->nsegspk; i++)
		VEC_PUSH(r->tr, r->ntr, r->captr, ((struct triple){row, g, r->segspk[i]}));
}

static uint32_t group_index(struct tally_acc *r, const char *name)
{
	return (uint32_t)intern_get(&r->groups, name, true);
}

static void count_groups(struct tally_acc *r, uint32_t row, size_t first, size_t last, size_t s,
                         size_t e)
{
	switch (r->o->by) {
	case TALLY_BY_NONE:
		break;
	case TALLY_BY_DOCUMENT:
	case TALLY_BY_ATTR:
		add_group(r, row, r->doc_group, s, e);
		break;
	case TALLY_BY_SPEAKER:
		for (size_t i = 0; i < r->nsegspk; i++)
			add_group(r, row, group_index(r, r->speakers.strs[r->segspk[i]]), s, e);
		if (r->nsegspk == 0)
			add_group(r, row, group_index(r, NONE_KEY), s, e);
		break;
	case TALLY_BY_CODER:
		for (size_t i = first; i < last; i++)
			add_group(r, row, group_index(r, r->coders.strs[r->segpairs[i].val]), s, e);
		break;
	}
}

static int cmp_gitem(const void *a, const void *b)
{
	const struct gitem *x = a, *y = b;

	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->val != y->val)
		return x->val < y->val ? -1 : 1;
	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

/* doc_groups: the document's gitems become one document, or its union's words, for each
 * (row, group) */
static void doc_groups(struct tally_acc *r)
{
	if (r->o->count != TALLY_COUNT_DOCUMENTS && r->o->count != TALLY_COUNT_WORDS)
		return;
	sort_array(r->gi, r->ngi, sizeof(*r->gi), cmp_gitem);
	for (size_t a = 0; a < r->ngi;) {
		size_t b = a;
		struct wcount w = {r->gi[a].row, r->gi[a].group, 1};
		while (b < r->ngi && r->gi[b].row == w.row && r->gi[b].group == w.group)
			b++;
		if (r->o->count == TALLY_COUNT_WORDS)
			w.n = group_words(r, a, b);
		VEC_PUSH(r->wc, r->nwc, r->capwc, w);
		a = b;
	}
	r->ngi = 0;
}

/* count_row: segment [s, e) counts for row; segpairs[first..last) are its (row, coder) */
static void count_row(struct tally_acc *r, uint32_t row, size_t s, size_t e, size_t first,
                      size_t last)
{
	r->passages[row]++;
	if (r->last_doc[row] != r->ndocs) {
		r->last_doc[row] = r->ndocs;
		r->documents[row]++;
		r->touched[r->ntouched++] = row;
		r->open_s[row] = s;
		r->open_e[row] = e;
	} else {
		add_words(r, row, s, e);
	}
	for (size_t i = 0; i < r->nsegspk; i++) {
		struct pair pr = {row, r->segspk[i]};
		VEC_PUSH(r->spk, r->nspk, r->capspk, pr);
	}
	count_groups(r, row, first, last, s, e);
}

/* count_segment: entries [i, j) share one (start, end) */
static void count_segment(struct tally_acc *r, const struct transcript *t, size_t i, size_t j)
{
	size_t s = r->ents[i].start, e = r->ents[i].end;

	r->total_passages++;
	r->nseg = 0;
	for (size_t k = i; k < j; k++) {
		for (long row = r->ents[k].row; row >= 0; row = r->parent[row]) {
			struct pair pr = {(uint32_t)row, r->ents[k].coder};
			VEC_PUSH(r->segpairs, r->nseg, r->capseg, pr);
		}
	}
	r->nseg = sort_unique(r->segpairs, r->nseg);
	segment_speakers(r, t, s, e);
	for (size_t a = 0; a < r->nseg;) {
		size_t b = a;
		while (b < r->nseg && r->segpairs[b].row == r->segpairs[a].row)
			b++;
		count_row(r, r->segpairs[a].row, s, e, a, b);
		a = b;
	}
}

static void acc_doc(struct tally_acc *r, const struct doc *doc, bool prepared)
{
	const struct transcript *t = doc->t;

	if (!t)
		return;
	r->ndocs++; /* also the serial of this document in last_doc */
	r->total_words += t->words;
	r->turn_spk = xreallocarray(r->turn_spk, t->nturns ? t->nturns : 1, sizeof(uint32_t));
	for (size_t i = 0; i < t->nturns; i++) {
		r->turn_spk[i] = speaker_of(r, t->turns[i].speaker);
		if (r->o->by == TALLY_BY_SPEAKER) /* a speaker is a group, coded or not */
			intern_get(&r->groups, t->turns[i].speaker, true);
	}
	if (r->o->by == TALLY_BY_DOCUMENT || r->o->by == TALLY_BY_ATTR)
		r->doc_group = group_index(r, doc_group_name(r, t));
	collect_entries(r, doc);
	word_bounds(r, doc, prepared);
	for (size_t i = 0; i < r->nents;) {
		size_t j = i;
		while (j < r->nents && r->ents[j].start == r->ents[i].start &&
		       r->ents[j].end == r->ents[i].end)
			j++;
		count_segment(r, t, i, j);
		i = j;
	}
	for (size_t k = 0; k < r->ntouched; k++) {
		uint32_t row = (uint32_t)r->touched[k];
		r->words[row] += words_between(r, r->open_s[row], r->open_e[row]);
	}
	r->ntouched = 0;
	doc_groups(r);
	compact(r, false);
	r->bnd = NULL;
}

void tally_acc_doc(struct tally_acc *r, const struct doc *doc)
{
	acc_doc(r, doc, false);
}

struct tally_acc *tally_acc_new(const struct codebook *cb, const struct tally_opts *o)
{
	struct tally_acc *r = xcalloc(1, sizeof(*r));

	r->cb = cb;
	r->o = o;
	r->ncodes = cb ? cb->ncodes : 0;
	r->nrows = r->ncodes;
	add_rows(r, r->ncodes + 1);
	return r;
}

void tally_acc_free(struct tally_acc *r)
{
	if (!r)
		return;
	intern_done(&r->unknown);
	intern_done(&r->speakers);
	intern_done(&r->groups);
	intern_done(&r->coders);
	free(r->parent);
	free(r->passages);
	free(r->documents);
	free(r->words);
	free(r->last_doc);
	free(r->open_s);
	free(r->open_e);
	free(r->touched);
	free(r->spk_stamp);
	free(r->turn_spk);
	free(r->spk);
	free(r->segpairs);
	free(r->segspk);
	free(r->ents);
	free(r->gi);
	free(r->wc);
	free(r->tr);
	bounds_free(&r->own);
	free(r);
}

/* merge: add the counts of b into a (b's rows, speakers and groups by name) */
static void merge(struct tally_acc *a, const struct tally_acc *b)
{
	uint32_t *row = xcalloc(b->nrows + 1, sizeof(*row)), *spk, *grp;

	for (size_t i = 0; i < b->nrows; i++)
		row[i] = i < b->ncodes ? (uint32_t)i : row_of(a, b->unknown.strs[i - b->ncodes]);
	spk = xcalloc(b->speakers.n + 1, sizeof(*spk));
	for (size_t i = 0; i < b->speakers.n; i++)
		spk[i] = speaker_of(a, b->speakers.strs[i]);
	grp = xcalloc(b->groups.n + 1, sizeof(*grp));
	for (size_t i = 0; i < b->groups.n; i++)
		grp[i] = group_index(a, b->groups.strs[i]);
	for (size_t i = 0; i < b->coders.n; i++)
		intern_get(&a->coders, b->coders.strs[i], true);
	for (size_t i = 0; i < b->nrows; i++) {
		a->passages[row[i]] += b->passages[i];
		a->documents[row[i]] += b->documents[i];
		a->words[row[i]] += b->words[i];
	}
	for (size_t i = 0; i < b->nspk; i++)
		VEC_PUSH(a->spk, a->nspk, a->capspk,
		         ((struct pair){row[b->spk[i].row], spk[b->spk[i].val]}));
	for (size_t i = 0; i < b->nwc; i++)
		VEC_PUSH(a->wc, a->nwc, a->capwc,
		         ((struct wcount){row[b->wc[i].row], grp[b->wc[i].group], b->wc[i].n}));
	for (size_t i = 0; i < b->ntr; i++) {
		const struct triple *x = &b->tr[i];
		/* val is a speaker, or with --by speaker the group itself */
		uint32_t v = a->o->by == TALLY_BY_SPEAKER ? grp[x->val] : spk[x->val];
		VEC_PUSH(a->tr, a->ntr, a->captr, ((struct triple){row[x->row], grp[x->group], v}));
	}
	a->total_passages += b->total_passages;
	a->drifted += b->drifted;
	a->ambiguous += b->ambiguous;
	a->total_words += b->total_words;
	a->ndocs += b->ndocs;
	compact(a, false);
	free(row);
	free(spk);
	free(grp);
}

/* final_row: a row's place in the result: the ids not in the codebook sorted by id */
static size_t final_row(const struct tally_acc *r, const uint32_t *urank, size_t row)
{
	return row < r->ncodes ? row : r->ncodes + urank[row - r->ncodes];
}

static void fill_row(const struct tally_acc *r, struct tally_row *row, size_t i)
{
	memset(row, 0, sizeof(*row));
	if (i < r->ncodes) {
		const struct code *c = &r->cb->codes[i];
		row->code = (int)i;
		row->id = c->id;
		row->name = c->name ? c->name : c->id;
		row->parent = c->parent >= 0 ? r->cb->codes[c->parent].id : NULL;
		row->depth = c->depth;
		row->theme = c->nchildren > 0;
	} else {
		row->code = -1;
		row->unknown = true;
	}
	row->passages = r->passages[i];
	row->documents = r->documents[i];
	row->words = r->words[i];
	row->share = r->total_words ? (double)row->words / (double)r->total_words : 0.0;
}

/* group_label: a group's column name: NONE_GROUP for the missing value; a value that
 * reads like NONE_GROUP, the reports' TOTAL_COLUMN or a quoted value is put in double
 * quotes, so that every column name is distinct */
static char *group_label(const char *v, bool none)
{
	if (none)
		return xstrdup(NONE_GROUP);
	if (strcmp(v, NONE_GROUP) == 0 || strcmp(v, TOTAL_COLUMN) == 0 || v[0] == '"')
		return xasprintf("\"%s\"", v);
	return xstrdup(v);
}

/* none_first: the missing-value group (sorted last: 0xFF is above every UTF-8 byte)
 * comes first; false when there is none */
static bool none_first(struct tally_acc *r, uint32_t *order, uint32_t *rank, size_t n)
{
	uint32_t none;

	if ((r->o->by != TALLY_BY_ATTR && r->o->by != TALLY_BY_SPEAKER) || n == 0 ||
	    strcmp(r->groups.strs[order[n - 1]], NONE_KEY) != 0)
		return false;
	none = order[n - 1];
	memmove(order + 1, order, (n - 1) * sizeof(*order));
	order[0] = none;
	for (size_t i = 0; i < n; i++)
		rank[order[i]] = (uint32_t)i;
	return true;
}

static void fill_groups(struct tally_acc *r, struct tally *t, const uint32_t *urank)
{
	uint32_t *rank, *order = sorted_order(&r->groups, &rank);

	bool has_none = none_first(r, order, rank, r->groups.n);

	t->ngroups = r->groups.n;
	t->groups = xcalloc(t->ngroups, sizeof(char *));
	t->none_group = has_none ? 0 : -1;
	for (size_t i = 0; i < t->ngroups; i++)
		t->groups[i] = group_label(r->groups.strs[order[i]], has_none && i == 0);
	for (size_t i = 0; i < t->nrows; i++)
		t->rows[i].by = xcalloc(t->ngroups, sizeof(size_t));
	for (size_t i = 0; i < r->nwc; i++)
		t->rows[final_row(r, urank, r->wc[i].row)].by[rank[r->wc[i].group]] += r->wc[i].n;
	for (size_t i = 0; i < r->ntr; i++) /* unique (compact) */
		t->rows[final_row(r, urank, r->tr[i].row)].by[rank[r->tr[i].group]]++;
	free(order);
	free(rank);
}

static const char *by_name(const struct tally_opts *o)
{
	switch (o->by) {
	case TALLY_BY_DOCUMENT:
		return "document";
	case TALLY_BY_SPEAKER:
		return "speaker";
	case TALLY_BY_CODER:
		return "coder";
	case TALLY_BY_ATTR:
		return o->attr ? o->attr : "";
	case TALLY_BY_NONE:
		break;
	}
	return NULL;
}

/* build_result: the tally of r's counts (with a copy of the ids not in the codebook) */
static struct tally *build_result(struct tally_acc *r)
{
	struct tally *t = xcalloc(1, sizeof(*t));
	const char *bn = by_name(r->o);
	uint32_t *urank, *uorder = sorted_order(&r->unknown, &urank);
	size_t sbytes = 0;
	char *tail;

	compact(r, true);
	t->by = r->o->by;
	t->count = r->o->count;
	t->by_name = bn ? xstrdup(bn) : NULL;
	t->none_group = -1;
	t->nrows = r->nrows;
	for (size_t i = 0; i < r->unknown.n; i++)
		sbytes += strlen(r->unknown.strs[i]) + 1;
	/* the rows, then the ids not in the codebook (theirs): one block, freed as one */
	t->rows = xcalloc(1, (t->nrows + 1) * sizeof(*t->rows) + sbytes);
	tail = (char *)(t->rows + t->nrows + 1);
	for (size_t i = 0; i < t->nrows; i++) {
		size_t f = final_row(r, urank, i);
		fill_row(r, &t->rows[f], i);
		if (t->rows[f].passages > t->max_passages)
			t->max_passages = t->rows[f].passages;
	}
	for (size_t i = 0; i < r->unknown.n; i++) {
		struct tally_row *row = &t->rows[r->ncodes + urank[i]];
		size_t len = strlen(r->unknown.strs[i]) + 1;
		row->id = row->name = memcpy(tail, r->unknown.strs[i], len);
		tail += len;
	}
	for (size_t i = 0; i < r->nspk; i++) /* unique (compact) */
		t->rows[final_row(r, urank, r->spk[i].row)].speakers++;
	if (r->o->by != TALLY_BY_NONE)
		fill_groups(r, t, urank);
	t->total_words = r->total_words;
	t->ndocs = r->ndocs;
	t->drifted = r->drifted;
	t->ambiguous = r->ambiguous;
	t->passages = r->total_passages;
	free(uorder);
	free(urank);
	return t;
}

struct tally *tally_acc_finish(struct tally_acc *const *accs, size_t n, const struct project *p,
                               const struct tally_opts *o)
{
	struct tally_acc *r = tally_acc_new(p->cb, o);
	struct tally *t;

	/* every coder loaded is a group of --by coder, whether coded in the documents tallied
	 * or not */
	for (size_t i = 0; i < p->ncoders; i++) {
		intern_get(&r->coders, p->coders[i], true);
		if (o->by == TALLY_BY_CODER)
			intern_get(&r->groups, p->coders[i], true);
	}
	for (size_t i = 0; i < n; i++)
		if (accs[i])
			merge(r, accs[i]);
	t = build_result(r);
	tally_acc_free(r);
	return t;
}

struct tally *tally_run(const struct project *p, const struct tally_opts *o)
{
	struct tally_acc *r = tally_acc_new(p->cb, o);
	struct tally *t;

	for (size_t d = 0; d < p->ndocs; d++)
		if (o->doc < 0 || (size_t)o->doc == d)
			acc_doc(r, &p->docs[d], o->prepared);
	t = tally_acc_finish(&r, 1, p, o);
	tally_acc_free(r);
	return t;
}

void tally_free(struct tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i].by);
	for (size_t i = 0; i < t->ngroups; i++)
		free(t->groups[i]);
	free(t->groups);
	free(t->rows);
	free(t->by_name);
	free(t);
}

void tally_by_parse(const char *s, struct tally_opts *o)
{
	o->attr = NULL;
	if (!s || !*s || strcmp(s, "none") == 0)
		o->by = TALLY_BY_NONE;
	else if (strcmp(s, "document") == 0)
		o->by = TALLY_BY_DOCUMENT;
	else if (strcmp(s, "speaker") == 0)
		o->by = TALLY_BY_SPEAKER;
	else if (strcmp(s, "coder") == 0)
		o->by = TALLY_BY_CODER;
	else {
		o->by = TALLY_BY_ATTR;
		o->attr = s;
	}
}

bool tally_count_parse(const char *s, enum tally_count *c)
{
	static const char *const names[] = {"passages", "documents", "speakers", "words"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*c = (enum tally_count)i;
			return true;
		}
	return false;
}

const char *tally_count_name(enum tally_count c)
{
	static const char *const names[] = {"passages", "documents", "speakers", "words"};

	return names[c];
}

size_t tally_row_total(const struct tally *t, const struct tally_row *r)
{
	switch (t->count) {
	case TALLY_COUNT_DOCUMENTS:
		return r->documents;
	case TALLY_COUNT_SPEAKERS:
		return r->speakers;
	case TALLY_COUNT_WORDS:
		return r->words;
	case TALLY_COUNT_PASSAGES:
		break;
	}
	return r->passages;
}
