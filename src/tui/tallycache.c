/* tallycache.c — a project's tally kept up to date one document at a time (see
 * tallycache.h). */
#include "tallycache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/project.h"
#include "gloss/util.h"

/* names: string -> dense index (the strings are the cache's own copies) */
struct names {
	char **strs;
	size_t n, cap;
	uint32_t *slots; /* index + 1; 0 is empty */
	size_t nslots;
};

/* a (row, speaker) pair and the documents in which that speaker has a passage of row */
struct pairslot {
	uint64_t key; /* (row << 32 | speaker) + 1; 0 is empty */
	size_t docs;
};

struct tallycache {
	const struct project *p;
	struct tally **docs; /* each document's own tally */
	size_t ncodes;
	struct names unknown, speakers;
	/* per row key (code index, or ncodes + unknown index) */
	size_t *passages, *documents, *words, *spk;
	size_t nkeys, capkeys;
	struct pairslot *pairs;
	size_t npairs, nslots;
	size_t total_words, drifted, total_passages;
	unsigned long version, proj_version;
	struct tally proj;
	bool proj_made;
};

static void names_rehash(struct names *nm)
{
	size_t n = nm->nslots ? nm->nslots * 2 : 64;

	free(nm->slots);
	nm->slots = xcalloc(n, sizeof(*nm->slots));
	nm->nslots = n;
	for (size_t i = 0; i < nm->n; i++) {
		size_t h = str_hash(nm->strs[i]) & (n - 1);
		while (nm->slots[h])
			h = (h + 1) & (n - 1);
		nm->slots[h] = (uint32_t)i + 1;
	}
}

static size_t names_get(struct names *nm, const char *s)
{
	size_t h;

	if ((nm->n + 1) * 2 > nm->nslots)
		names_rehash(nm);
	h = str_hash(s) & (nm->nslots - 1);
	while (nm->slots[h]) {
		if (strcmp(nm->strs[nm->slots[h] - 1], s) == 0)
			return nm->slots[h] - 1;
		h = (h + 1) & (nm->nslots - 1);
	}
	VEC_PUSH(nm->strs, nm->n, nm->cap, xstrdup(s));
	nm->slots[h] = (uint32_t)nm->n;
	return nm->n - 1;
}

static void names_done(struct names *nm)
{
	for (size_t i = 0; i < nm->n; i++)
		free(nm->strs[i]);
	free(nm->strs);
	free(nm->slots);
	memset(nm, 0, sizeof(*nm));
}

/* pair_hash: a mix of every bit of the key (splitmix64's finaliser) */
static size_t pair_hash(uint64_t k, size_t nslots)
{
	k ^= k >> 30;
	k *= 0xBF58476D1CE4E5B9ull;
	k ^= k >> 27;
	k *= 0x94D049BB133111EBull;
	k ^= k >> 31;
	return (size_t)k & (nslots - 1);
}

static size_t *pair_docs(struct tallycache *tc, size_t row, size_t spk)
{
	uint64_t key = ((uint64_t)row << 32 | spk) + 1;
	size_t h;

	if ((tc->npairs + 1) * 2 > tc->nslots) {
		struct pairslot *old = tc->pairs;
		size_t oldn = tc->nslots;
		tc->nslots = oldn ? oldn * 2 : 256;
		tc->pairs = xcalloc(tc->nslots, sizeof(*tc->pairs));
		for (size_t i = 0; i < oldn; i++) {
			if (!old[i].key)
				continue;
			h = pair_hash(old[i].key, tc->nslots);
			while (tc->pairs[h].key)
				h = (h + 1) & (tc->nslots - 1);
			tc->pairs[h] = old[i];
		}
		free(old);
	}
	h = pair_hash(key, tc->nslots);
	while (tc->pairs[h].key && tc->pairs[h].key != key)
		h = (h + 1) & (tc->nslots - 1);
	if (!tc->pairs[h].key) {
		tc->pairs[h].key = key;
		tc->npairs++;
	}
	return &tc->pairs[h].docs;
}

static size_t row_key(struct tallycache *tc, const struct tally_row *r)
{
	size_t k = r->code >= 0 ? (size_t)r->code : tc->ncodes + names_get(&tc->unknown, r->id);

	if (k >= tc->nkeys) {
		grow_array((void **)&tc->passages, &tc->capkeys, k + 1, sizeof(size_t));
		tc->documents = xreallocarray(tc->documents, tc->capkeys, sizeof(size_t));
		tc->words = xreallocarray(tc->words, tc->capkeys, sizeof(size_t));
		tc->spk = xreallocarray(tc->spk, tc->capkeys, sizeof(size_t));
		for (size_t i = tc->nkeys; i < tc->capkeys; i++)
			tc->passages[i] = tc->documents[i] = tc->words[i] = tc->spk[i] = 0;
		tc->nkeys = k + 1;
	}
	return k;
}

/* add_speakers: sign the speakers of row (key k) in document tally t */
static void add_speakers(struct tallycache *tc, const struct tally *t, const struct tally_row *r,
                         size_t k, int sign)
{
	for (size_t g = 0; g < t->ngroups; g++) {
		size_t *n;
		if (!r->by[g] || (long)g == t->none_group) /* passages outside every turn */
			continue;
		n = pair_docs(tc, k, names_get(&tc->speakers, t->groups[g]));
		if (sign > 0 && (*n)++ == 0)
			tc->spk[k]++;
		else if (sign < 0 && --(*n) == 0)
			tc->spk[k]--;
	}
}

/* apply: add (sign 1) or take away (-1) document tally t's contribution */
static void apply(struct tallycache *tc, const struct tally *t, int sign)
{
	size_t s = (size_t)(long)sign; /* unsigned arithmetic wraps back exactly */

	tc->total_words += s * t->total_words;
	tc->drifted += s * t->drifted;
	tc->total_passages += s * t->passages;
	for (size_t i = 0; i < t->nrows; i++) {
		const struct tally_row *r = &t->rows[i];
		size_t k;
		if (!r->passages)
			continue;
		k = row_key(tc, r);
		tc->passages[k] += s * r->passages;
		tc->documents[k] += s;
		tc->words[k] += s * r->words;
		add_speakers(tc, t, r, k, sign);
	}
	tc->version++;
}

static struct tally *doc_tally(const struct project *p, size_t d)
{
	struct tally_opts o = {TALLY_BY_SPEAKER, NULL, (long)d, false, TALLY_COUNT_PASSAGES};

	return tally_run(p, &o);
}

static void count_all(struct tallycache *tc)
{
	tc->ncodes = tc->p->cb ? tc->p->cb->ncodes : 0;
	for (size_t d = 0; d < tc->p->ndocs; d++) {
		tc->docs[d] = doc_tally(tc->p, d);
		apply(tc, tc->docs[d], 1);
	}
}

struct tallycache *tallycache_new(const struct project *p)
{
	struct tallycache *tc = xcalloc(1, sizeof(*tc));

	tc->p = p;
	tc->docs = xcalloc(p->ndocs ? p->ndocs : 1, sizeof(*tc->docs));
	count_all(tc);
	return tc;
}

static void proj_done(struct tallycache *tc)
{
	free(tc->proj.rows);
	memset(&tc->proj, 0, sizeof(tc->proj));
	tc->proj_made = false;
}

static void clear(struct tallycache *tc)
{
	for (size_t d = 0; d < tc->p->ndocs; d++) {
		tally_free(tc->docs[d]);
		tc->docs[d] = NULL;
	}
	names_done(&tc->unknown);
	names_done(&tc->speakers);
	free(tc->passages);
	free(tc->documents);
	free(tc->words);
	free(tc->spk);
	free(tc->pairs);
	tc->passages = tc->documents = tc->words = tc->spk = NULL;
	tc->pairs = NULL;
	tc->nkeys = tc->capkeys = tc->npairs = tc->nslots = 0;
	tc->total_words = tc->drifted = tc->total_passages = 0;
	proj_done(tc);
}

void tallycache_free(struct tallycache *tc)
{
	if (!tc)
		return;
	clear(tc);
	free(tc->docs);
	free(tc);
}

void tallycache_update(struct tallycache *tc, size_t doc)
{
	if (doc >= tc->p->ndocs)
		return;
	apply(tc, tc->docs[doc], -1);
	tally_free(tc->docs[doc]);
	tc->docs[doc] = doc_tally(tc->p, doc);
	apply(tc, tc->docs[doc], 1);
}

void tallycache_rebuild(struct tallycache *tc)
{
	unsigned long v = tc->version;

	clear(tc);
	count_all(tc);
	tc->version = v + 1;
}

const struct tally *tallycache_doc(const struct tallycache *tc, size_t doc)
{
	return doc < tc->p->ndocs ? tc->docs[doc] : NULL;
}

unsigned long tallycache_version(const struct tallycache *tc)
{
	return tc->version;
}

static void fill_code_row(const struct tallycache *tc, struct tally_row *row, size_t i)
{
	const struct codebook *cb = tc->p->cb;
	const struct code *c = &cb->codes[i];

	row->code = (int)i;
	row->id = c->id;
	row->name = c->name ? c->name : c->id;
	row->parent = c->parent >= 0 ? cb->codes[c->parent].id : NULL;
	row->depth = c->depth;
	row->theme = c->nchildren > 0;
}

static int cmp_unknown(const void *a, const void *b)
{
	const struct tally_row *x = a, *y = b;

	return strcmp(x->id, y->id);
}

static void fill_counts(const struct tallycache *tc, struct tally_row *row, size_t k)
{
	row->passages = tc->passages[k];
	row->documents = tc->documents[k];
	row->words = tc->words[k];
	row->speakers = tc->spk[k];
	row->share = tc->total_words ? (double)row->words / (double)tc->total_words : 0.0;
}

static void make_project(struct tallycache *tc)
{
	struct tally *t = &tc->proj;
	size_t nunk = 0;

	proj_done(tc);
	t->rows = xcalloc(tc->ncodes + tc->unknown.n + 1, sizeof(*t->rows));
	for (size_t i = 0; i < tc->ncodes; i++) {
		fill_code_row(tc, &t->rows[i], i);
		if (i < tc->nkeys)
			fill_counts(tc, &t->rows[i], i);
	}
	for (size_t u = 0; u < tc->unknown.n; u++) {
		size_t k = tc->ncodes + u;
		struct tally_row *row = &t->rows[tc->ncodes + nunk];
		if (k >= tc->nkeys || !tc->passages[k])
			continue;
		row->code = -1;
		row->unknown = true;
		row->id = row->name = tc->unknown.strs[u];
		fill_counts(tc, row, k);
		nunk++;
	}
	sort_array(t->rows + tc->ncodes, nunk, sizeof(*t->rows), cmp_unknown);
	t->nrows = tc->ncodes + nunk;
	for (size_t i = 0; i < t->nrows; i++)
		if (t->rows[i].passages > t->max_passages)
			t->max_passages = t->rows[i].passages;
	t->total_words = tc->total_words;
	t->ndocs = tc->p->ndocs;
	t->drifted = tc->drifted;
	t->passages = tc->total_passages;
	tc->proj_made = true;
	tc->proj_version = tc->version;
}

const struct tally *tallycache_project(struct tallycache *tc)
{
	if (!tc->proj_made || tc->proj_version != tc->version)
		make_project(tc);
	return &tc->proj;
}
