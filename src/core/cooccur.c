/* cooccur.c — the code x code co-occurrence matrix (definitions in cooccur.h).
 *
 * Per document: every counted coding becomes items (segment, row) for its code and each
 * ancestor, sorted by segment and made unique, so that each item is one passage of one
 * row. Passages: a sweep in order of start keeps the items that still reach the current
 * start; each pair of overlapping items of different rows is one pair for both cells.
 * Turns and documents: the (turn, row) or (document, row) memberships, made unique, and
 * every pair of rows within one turn or document counted once. */
#include "gloss/cooccur.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

struct item {
	size_t s, e;
	uint32_t row;
};

struct member {
	size_t group; /* the turn, or 0 for the document */
	uint32_t row;
};

/* co: a cooccur_acc: the cells of the documents seen so far, over rows of its own: the
 * codebook's codes, then the ids not in the codebook in the order first seen */
struct co {
	const struct codebook *cb;
	enum cooccur_unit unit;
	size_t ncodes;
	char **ids; /* ids not in the codebook, sorted (row: ncodes + rows[k]) */
	uint32_t *rows;
	size_t nids, capids, caprows;
	size_t n, dim; /* rows, and the row length of cells (dim >= n) */
	size_t *cells;
	struct item *items;
	size_t nitems, capitems;
	size_t *active;
	size_t nactive, capactive;
	struct member *mem;
	size_t nmem, capmem;
};

bool cooccur_unit_parse(const char *s, enum cooccur_unit *u)
{
	static const char *const names[] = {"passage", "turn", "document"};

	if (!s) {
		*u = COOCCUR_PASSAGE;
		return true;
	}
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*u = (enum cooccur_unit)i;
			return true;
		}
	return false;
}

const char *cooccur_unit_name(enum cooccur_unit u)
{
	return u == COOCCUR_TURN ? "turn" : u == COOCCUR_DOCUMENT ? "document" : "passage";
}

/* grow: room for n rows in the cells */
static void grow(struct co *co, size_t n)
{
	size_t dim = co->dim, *cells;

	if (n <= dim)
		return;
	dim = n > dim * 2 ? n : dim * 2;
	cells = xcalloc(dim * dim + 1, sizeof(*cells));
	for (size_t a = 0; a < co->n; a++)
		memcpy(cells + a * dim, co->cells + a * co->dim, co->n * sizeof(*cells));
	free(co->cells);
	co->cells = cells;
	co->dim = dim;
}

/* row_of: the row of a code id: its codebook index, else that of the id not in the
 * codebook (added when new) */
static long row_of(struct co *co, const char *id)
{
	long k = co->ncodes ? codebook_find(co->cb, id) : -1;
	size_t lo = 0, hi = co->nids;

	if (k >= 0)
		return k;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(co->ids[mid], id);
		if (r == 0)
			return (long)(co->ncodes + co->rows[mid]);
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	grow_array((void **)&co->ids, &co->capids, co->nids + 1, sizeof(*co->ids));
	grow_array((void **)&co->rows, &co->caprows, co->nids + 1, sizeof(*co->rows));
	memmove(co->ids + lo + 1, co->ids + lo, (co->nids - lo) * sizeof(*co->ids));
	memmove(co->rows + lo + 1, co->rows + lo, (co->nids - lo) * sizeof(*co->rows));
	co->ids[lo] = xstrdup(id);
	co->rows[lo] = (uint32_t)co->nids++;
	grow(co, co->ncodes + co->nids);
	co->n = co->ncodes + co->nids;
	return (long)(co->n - 1);
}

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e < y->e ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static int cmp_member(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	return (x->row > y->row) - (x->row < y->row);
}

static void push_coding(struct co *co, const struct coding *cd, size_t len)
{
	long row = row_of(co, cd->code);
	size_t s = cd->start < len ? cd->start : len, e = cd->end < len ? cd->end : len;

	if (e < s)
		e = s;
	for (; row >= 0; row = (size_t)row < co->ncodes ? co->cb->codes[row].parent : -1) {
		struct item it = {s, e, (uint32_t)row};
		VEC_PUSH(co->items, co->nitems, co->capitems, it);
	}
}

/* doc_items: the document's passages per row, sorted, each once */
static void doc_items(struct co *co, const struct doc *doc)
{
	size_t k = 0;

	co->nitems = 0;
	for (size_t s = 0; s < doc->nsets; s++)
		for (size_t i = 0; i < doc->sets[s]->len; i++)
			if (coding_counted(&doc->sets[s]->items[i]))
				push_coding(co, &doc->sets[s]->items[i], doc->t->len);
	if (co->nitems == 0)
		return;
	sort_array(co->items, co->nitems, sizeof(*co->items), cmp_item);
	for (size_t i = 1; i < co->nitems; i++)
		if (cmp_item(&co->items[i], &co->items[k]) != 0)
			co->items[++k] = co->items[i];
	co->nitems = k + 1;
}

static void count_pair(struct co *co, uint32_t a, uint32_t b)
{
	size_t n = co->dim;

	co->cells[(size_t)a * n + b]++;
	if (a != b)
		co->cells[(size_t)b * n + a]++;
}

/* overlaps: item j (which starts at or before item i) and item i are one segment or share
 * a character */
static bool overlaps(const struct item *j, const struct item *i)
{
	return (j->s == i->s && j->e == i->e) || (i->e > i->s && j->e > i->s);
}

static void passages(struct co *co)
{
	co->nactive = 0;
	for (size_t i = 0; i < co->nitems; i++) {
		const struct item *it = &co->items[i];
		size_t k = 0;
		for (size_t a = 0; a < co->nactive; a++) { /* drop what ends before it */
			const struct item *j = &co->items[co->active[a]];
			if (j->e > it->s || (j->s == it->s && j->e == it->e))
				co->active[k++] = co->active[a];
		}
		co->nactive = k;
		for (size_t a = 0; a < co->nactive; a++) {
			const struct item *j = &co->items[co->active[a]];
			if (j->row != it->row && overlaps(j, it))
				count_pair(co, j->row, it->row);
		}
		count_pair(co, it->row, it->row);
		VEC_PUSH(co->active, co->nactive, co->capactive, i);
	}
}

/* members: count every pair of rows sharing a group (turn or document), once per group */
static void members(struct co *co)
{
	size_t k = 0;

	if (co->nmem == 0)
		return;
	sort_array(co->mem, co->nmem, sizeof(*co->mem), cmp_member);
	for (size_t i = 1; i < co->nmem; i++)
		if (cmp_member(&co->mem[i], &co->mem[k]) != 0)
			co->mem[++k] = co->mem[i];
	co->nmem = k + 1;
	for (size_t a = 0; a < co->nmem;) {
		size_t b = a;
		while (b < co->nmem && co->mem[b].group == co->mem[a].group)
			b++;
		for (size_t x = a; x < b; x++)
			for (size_t y = x; y < b; y++)
				count_pair(co, co->mem[x].row, co->mem[y].row);
		a = b;
	}
}

static void turns(struct co *co, const struct transcript *t)
{
	co->nmem = 0;
	for (size_t i = 0; i < co->nitems; i++) {
		size_t first, last;
		if (!transcript_turns_touching(t, co->items[i].s, co->items[i].e, &first, &last))
			continue;
		for (size_t u = first; u <= last; u++) {
			struct member m = {u, co->items[i].row};
			VEC_PUSH(co->mem, co->nmem, co->capmem, m);
		}
	}
	members(co);
}

static void documents(struct co *co)
{
	co->nmem = 0;
	for (size_t i = 0; i < co->nitems; i++) {
		struct member m = {0, co->items[i].row};
		VEC_PUSH(co->mem, co->nmem, co->capmem, m);
	}
	members(co);
}

struct cooccur_acc *cooccur_acc_new(const struct codebook *cb, enum cooccur_unit u)
{
	struct co *co = xcalloc(1, sizeof(*co));

	co->cb = cb;
	co->unit = u;
	co->ncodes = cb ? cb->ncodes : 0;
	grow(co, co->ncodes + 1);
	co->n = co->ncodes;
	return (struct cooccur_acc *)co;
}

void cooccur_acc_doc(struct cooccur_acc *acc, const struct doc *doc)
{
	struct co *co = (struct co *)acc;

	if (!doc->t)
		return;
	doc_items(co, doc);
	if (co->unit == COOCCUR_PASSAGE)
		passages(co);
	else if (co->unit == COOCCUR_TURN)
		turns(co, doc->t);
	else
		documents(co);
}

/* tally_row_of: the row of t with this id (the ids not in the codebook follow its codes,
 * sorted), or -1 */
static long tally_row_of(const struct tally *t, size_t ncodes, const char *id)
{
	size_t lo = ncodes, hi = t->nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(t->rows[mid].id, id);
		if (r == 0)
			return (long)mid;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

struct cooccur *cooccur_acc_finish(struct cooccur_acc *const *accs, size_t nacc,
                                   const struct tally *t, enum cooccur_unit u)
{
	struct cooccur *c = xcalloc(1, sizeof(*c));

	c->unit = u;
	c->n = t->nrows;
	c->cells = xcalloc(c->n * c->n + 1, sizeof(*c->cells));
	for (size_t k = 0; k < nacc; k++) {
		const struct co *co = (const struct co *)accs[k];
		long *map;
		if (!co)
			continue;
		map = xcalloc(co->n + 1, sizeof(*map));
		for (size_t i = 0; i < co->ncodes; i++)
			map[i] = i < c->n ? (long)i : -1;
		for (size_t i = 0; i < co->nids; i++)
			map[co->ncodes + co->rows[i]] = tally_row_of(t, co->ncodes, co->ids[i]);
		for (size_t a = 0; a < co->n; a++)
			for (size_t b = 0; b < co->n; b++)
				if (map[a] >= 0 && map[b] >= 0)
					c->cells[(size_t)map[a] * c->n + (size_t)map[b]] +=
					    co->cells[a * co->dim + b];
		free(map);
	}
	return c;
}

void cooccur_acc_free(struct cooccur_acc *acc)
{
	struct co *co = (struct co *)acc;

	if (!co)
		return;
	for (size_t i = 0; i < co->nids; i++)
		free(co->ids[i]);
	free(co->ids);
	free(co->rows);
	free(co->cells);
	free(co->items);
	free(co->active);
	free(co->mem);
	free(co);
}

struct cooccur *cooccur_run(const struct project *p, const struct tally *t, enum cooccur_unit u,
                            long doc)
{
	struct cooccur_acc *acc = cooccur_acc_new(p->cb, u);
	struct cooccur *c;

	for (size_t d = 0; d < p->ndocs; d++)
		if (doc < 0 || (size_t)doc == d)
			cooccur_acc_doc(acc, &p->docs[d]);
	c = cooccur_acc_finish(&acc, 1, t, u);
	cooccur_acc_free(acc);
	return c;
}

void cooccur_free(struct cooccur *c)
{
	if (!c)
		return;
	free(c->cells);
	free(c);
}
