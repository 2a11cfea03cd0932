/* anchor.c — find coded passages again: in place, then every place of the quote scored by
 * its context, then order and one-segment-per-coding (see anchor.h).
 *
 * The text is searched once for all quotes that are not in place: a Rabin-Karp pass per
 * pattern length class (a pattern hashes its first 1, 2, 4, 8 or MP_K bytes, the most its
 * length allows) with a bitmap filter in front of a sorted table, over the
 * text for exact places and over a normalized copy for loose ones. The normalized copy is
 * mapped back to byte offsets through a checkpoint every CK_EVERY units and a short walk,
 * never through a per-byte table. */
#include "gloss/anchor.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/fuzzy.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define MP_K 16                      /* bytes hashed per pattern at most */
#define MP_BITS 20                   /* the filter has at most 2^MP_BITS bits */
#define CK_EVERY 64                  /* units between checkpoints of the normalized text */
#define MAX_PLACES ((size_t)1 << 16) /* a quote found more often is not scored */
#define WINDOW_MIN 16                /* a quote found this often: first with its context */

/* ---- normalization ---------------------------------------------------------------- */

static uint32_t fold(uint32_t cp)
{
	return utf8_fold_punct(cp);
}

/* norm_unit: normalize the unit at s[i..e) (one code point, or a run of white space) into
 * out (>= 4 bytes); returns the bytes written and sets *next past the unit. */
static size_t norm_unit(const char *s, size_t i, size_t e, char *out, size_t *next)
{
	uint32_t cp;
	size_t k;

	if ((unsigned char)s[i] < 0x80 && s[i] != ' ' && (s[i] < 0x09 || s[i] > 0x0D)) {
		out[0] = s[i];
		*next = i + 1;
		return 1;
	}
	k = utf8_decode(s + i, e - i, &cp);
	if (utf8_is_space(cp)) {
		do {
			i += k;
			if (i >= e)
				break;
			k = utf8_decode(s + i, e - i, &cp);
		} while (utf8_is_space(cp));
		*next = i;
		out[0] = ' ';
		return 1;
	}
	*next = i + k;
	if (cp == 0x2026) {
		memcpy(out, "...", 3);
		return 3;
	}
	return utf8_encode(fold(cp), out);
}

static char *normalize(const char *s)
{
	struct strbuf out = STRBUF_INIT;
	size_t a = 0, b = strlen(s);
	char buf[4];

	while (a < b) {
		size_t n = norm_unit(s, a, b, buf, &a);
		sb_add(&out, buf, n);
	}
	return sb_detach(&out);
}

/* unit_before: where the unit (a code point, or a run of white space) that ends at i
 * starts (i > 0). */
static size_t unit_before(const char *s, size_t i)
{
	size_t p = utf8_prev(s, i);
	uint32_t cp;

	utf8_decode(s + p, i - p, &cp);
	if (!utf8_is_space(cp))
		return p;
	while (p > 0) {
		size_t q = utf8_prev(s, p);
		utf8_decode(s + q, p - q, &cp);
		if (!utf8_is_space(cp))
			break;
		p = q;
	}
	return p;
}

/* ---- the normalized text ----------------------------------------------------------- */

struct checkpoint {
	size_t byte, norm; /* a unit's byte offset and normalized offset */
};

struct ntext {
	char *n; /* the normalized text: never longer than the text */
	size_t len;
	struct checkpoint *ck; /* every CK_EVERY-th unit */
	size_t nck, capck;
};

static void ntext_build(struct ntext *nt, const char *s, size_t len)
{
	size_t i = 0, units = 0;

	memset(nt, 0, sizeof(*nt));
	nt->n = xmalloc(len + 4);
	while (i < len) {
		if (units++ % CK_EVERY == 0) {
			struct checkpoint c = {i, nt->len};
			VEC_PUSH(nt->ck, nt->nck, nt->capck, c);
		}
		nt->len += norm_unit(s, i, len, nt->n + nt->len, &i);
	}
}

static void ntext_done(struct ntext *nt)
{
	free(nt->n);
	free(nt->ck);
}

/* ntext_unit: the bytes [*bs, *be) of the unit that holds normalized byte j; returns
 * where that unit's normalized bytes start, and their length in *nk */
static size_t ntext_unit(const struct ntext *nt, const char *s, size_t len, size_t j, size_t *bs,
                         size_t *be, size_t *nk)
{
	size_t lo = 0, hi = nt->nck, i, n;
	char buf[4];

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (nt->ck[mid].norm <= j)
			lo = mid;
		else
			hi = mid;
	}
	i = nt->ck[lo].byte, n = nt->ck[lo].norm;
	for (;;) {
		size_t next, k = norm_unit(s, i, len, buf, &next);
		if (j < n + k || next >= len) {
			*bs = i, *be = next, *nk = k;
			return n;
		}
		n += k;
		i = next;
	}
}

/* ---- multi-pattern search ---------------------------------------------------------- */

struct mp_pat {
	const char *s;
	size_t len;
};

struct mp_ent {
	uint64_t h;
	size_t pat;
};

typedef void (*mp_hit)(void *ctx, size_t pat, size_t pos);

#define MP_B 0x100000001B3ULL

static uint64_t mp_hash(const char *s, size_t k)
{
	uint64_t h = 0;

	for (size_t i = 0; i < k; i++)
		h = h * MP_B + (unsigned char)s[i];
	return h;
}

static size_t mp_bit(uint64_t h, unsigned bits)
{
	return (size_t)((h * 0x9E3779B97F4A7C15ULL) >> (64 - bits));
}

/* mp_nbits: the filter for n patterns has 2^mp_nbits(n) bits, about 64 a pattern */
static unsigned mp_nbits(size_t n)
{
	unsigned b = 12;

	while (b < MP_BITS && ((size_t)1 << b) < 64 * n)
		b++;
	return b;
}

static int mp_ent_cmp(const void *a, const void *b)
{
	uint64_t x = ((const struct mp_ent *)a)->h, y = ((const struct mp_ent *)b)->h;

	return x < y ? -1 : x > y;
}

struct mp_class {
	const char *hay;
	size_t hn, k;
	const struct mp_pat *pats;
	struct mp_ent *ents;
	size_t ne;
	uint64_t *bits;
	unsigned nbits; /* the filter has 2^nbits bits: about 64 a pattern */
	mp_hit hit;
	void *ctx;
};

static void mp_probe(const struct mp_class *c, size_t j, uint64_t h)
{
	size_t lo = 0, hi = c->ne;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->ents[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < c->ne && c->ents[lo].h == h; lo++) {
		const struct mp_pat *p = &c->pats[c->ents[lo].pat];
		if (p->len <= c->hn - j && memcmp(c->hay + j, p->s, p->len) == 0)
			c->hit(c->ctx, c->ents[lo].pat, j);
	}
}

static void mp_pass(struct mp_class *c)
{
	uint64_t pw = 1, h;
	size_t k = c->k;

	sort_array(c->ents, c->ne, sizeof(*c->ents), mp_ent_cmp);
	c->nbits = mp_nbits(c->ne);
	memset(c->bits, 0, ((size_t)1 << c->nbits) / 8);
	for (size_t i = 0; i < c->ne; i++) {
		size_t b = mp_bit(c->ents[i].h, c->nbits);
		c->bits[b >> 6] |= (uint64_t)1 << (b & 63);
	}
	for (size_t i = 1; i < k; i++)
		pw *= MP_B;
	h = mp_hash(c->hay, k);
	for (size_t j = 0;; j++) {
		size_t b = mp_bit(h, c->nbits);
		if ((c->bits[b >> 6] >> (b & 63)) & 1)
			mp_probe(c, j, h);
		if (j + k >= c->hn)
			break;
		h = (h - (unsigned char)c->hay[j] * pw) * MP_B + (unsigned char)c->hay[j + k];
	}
}

/* mp_class_of: the bytes hashed for a pattern of len bytes: the largest power of two up
 * to MP_K not above len (0 for an empty pattern), so that there are at most five passes */
static size_t mp_class_of(size_t len)
{
	size_t k = 1;

	if (len == 0)
		return 0;
	while (k * 2 <= len && k * 2 <= MP_K)
		k *= 2;
	return k;
}

/* mp_search: call hit(ctx, i, pos) for every place pos of every pattern i in hay, in
 * increasing pos for each pattern. */
static void mp_search(const char *hay, size_t hn, const struct mp_pat *pats, size_t np, mp_hit hit,
                      void *ctx)
{
	struct mp_class c = {hay, hn, 0, pats, NULL, 0, NULL, 0, hit, ctx};

	c.ents = xcalloc(np + 1, sizeof(*c.ents));
	c.bits = xmalloc(((size_t)1 << mp_nbits(np)) / 8);
	for (c.k = 1; c.k <= MP_K; c.k *= 2) {
		c.ne = 0;
		for (size_t i = 0; i < np; i++)
			if (mp_class_of(pats[i].len) == c.k)
				c.ents[c.ne++] = (struct mp_ent){mp_hash(pats[i].s, c.k), i};
		if (c.ne && hn >= c.k)
			mp_pass(&c);
	}
	free(c.ents);
	free(c.bits);
}

/* ---- places of the quotes ---------------------------------------------------------- */

struct place {
	size_t s, e;
	bool exact; /* the quote itself, not a loose match */
};

struct plist {
	struct place *v;
	size_t n, cap;
};

struct pattern {
	const char *s;
	size_t len;
	struct plist exact, loose, all;
};

struct score;

struct run {
	const struct transcript *t;
	struct anchor_item *items;
	size_t n;
	struct pattern *pats;
	size_t npats;
	size_t *qi, *qe; /* per item: pattern of its quote and of its quote_end (or SIZE_MAX) */
	unsigned char *cls;
	struct score *sc; /* per item: the score of the place it moved to */
	struct ntext nt;
};

enum { CLS_FIXED, CLS_SURE, CLS_OTHER };

static void hit_exact(void *ctx, size_t pat, size_t pos)
{
	struct run *r = ctx;
	struct plist *l = &r->pats[pat].exact;
	struct place p = {pos, pos + r->pats[pat].len, true};

	if (l->n < MAX_PLACES + 1)
		VEC_PUSH(l->v, l->n, l->cap, p);
}

struct loose_ctx {
	struct run *r;
	const struct mp_pat *np;
};

static void hit_loose(void *ctx, size_t pat, size_t pos)
{
	struct loose_ctx *lc = ctx;
	struct run *r = lc->r;
	struct plist *l = &r->pats[pat].loose;
	struct place p = {0, 0, false};
	size_t last = pos + lc->np[pat].len - 1, x, k;

	if (l->n > MAX_PLACES)
		return;
	/* a match covers whole units: "." is not found inside the "..." of an ellipsis */
	if (ntext_unit(&r->nt, r->t->text, r->t->len, pos, &p.s, &x, &k) != pos ||
	    ntext_unit(&r->nt, r->t->text, r->t->len, last, &x, &p.e, &k) + k != last + 1)
		return;
	VEC_PUSH(l->v, l->n, l->cap, p);
}

/* merge_places: the exact places and the loose ones that hold no exact place, by start */
static void merge_places(struct pattern *p)
{
	size_t i = 0, j = 0, k = 0;

	while (i < p->exact.n || j < p->loose.n) {
		const struct place *l = j < p->loose.n ? &p->loose.v[j] : NULL;
		if (l) {
			while (k < p->exact.n && p->exact.v[k].s < l->s)
				k++;
			if (k < p->exact.n && p->exact.v[k].e <= l->e) {
				j++; /* an exact place inside it: the loose one is the same */
				continue;
			}
		}
		if (i < p->exact.n && (!l || p->exact.v[i].s <= l->s)) {
			VEC_PUSH(p->all.v, p->all.n, p->all.cap, p->exact.v[i]);
			i++;
		} else {
			VEC_PUSH(p->all.v, p->all.n, p->all.cap, *l);
			j++;
		}
	}
}

static void search_all(struct run *r)
{
	struct mp_pat *ex = xcalloc(r->npats + 1, sizeof(*ex)),
	              *lo = xcalloc(r->npats + 1, sizeof(*lo));
	struct loose_ctx lc = {r, lo};

	for (size_t i = 0; i < r->npats; i++) {
		r->pats[i].len = strlen(r->pats[i].s);
		ex[i] = (struct mp_pat){r->pats[i].s, r->pats[i].len};
		lo[i].s = normalize(r->pats[i].s);
		lo[i].len = strlen(lo[i].s);
	}
	mp_search(r->t->text, r->t->len, ex, r->npats, hit_exact, r);
	ntext_build(&r->nt, r->t->text, r->t->len);
	mp_search(r->nt.n, r->nt.len, lo, r->npats, hit_loose, &lc);
	for (size_t i = 0; i < r->npats; i++) {
		merge_places(&r->pats[i]);
		free((char *)lo[i].s);
	}
	ntext_done(&r->nt);
	free(ex);
	free(lo);
}

/* ---- patterns ---------------------------------------------------------------------- */

static int str_ptr_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t pattern_of(const struct run *r, const char *const *sorted, const char *s)
{
	size_t lo = 0, hi = r->npats;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(sorted[mid], s);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* make_patterns: each distinct quote and quote_end of the pending items once */
static void make_patterns(struct run *r, const size_t *pending, size_t np)
{
	const char **v = xcalloc(2 * np + 1, sizeof(*v));
	size_t n = 0, k = 0;

	for (size_t i = 0; i < np; i++) {
		const struct anchor_item *it = &r->items[pending[i]];
		v[n++] = it->quote;
		if (it->quote_end)
			v[n++] = it->quote_end;
	}
	sort_array(v, n, sizeof(*v), str_ptr_cmp);
	for (size_t i = 0; i < n; i++)
		if (k == 0 || strcmp(v[i], v[k - 1]) != 0)
			v[k++] = v[i];
	r->npats = k;
	r->pats = xcalloc(k + 1, sizeof(*r->pats));
	for (size_t i = 0; i < k; i++)
		r->pats[i].s = v[i];
	for (size_t i = 0; i < np; i++) {
		const struct anchor_item *it = &r->items[pending[i]];
		r->qi[pending[i]] = pattern_of(r, v, it->quote);
		r->qe[pending[i]] = it->quote_end ? pattern_of(r, v, it->quote_end) : SIZE_MAX;
	}
	free(v);
}

static void patterns_free(struct run *r)
{
	for (size_t i = 0; i < r->npats; i++) {
		free(r->pats[i].exact.v);
		free(r->pats[i].loose.v);
		free(r->pats[i].all.v);
	}
	free(r->pats);
}

/* ---- context ----------------------------------------------------------------------- */

struct score {
	size_t loose; /* units of context that match loosely */
	bool qexact;  /* the quote itself, not a loose match */
	size_t exact; /* bytes of context that match exactly */
	size_t dev;   /* how far the length is from the old length (long passages) */
};

static int score_cmp(const struct score *a, const struct score *b)
{
	if (a->loose != b->loose)
		return a->loose < b->loose ? -1 : 1;
	if (a->qexact != b->qexact)
		return a->qexact ? 1 : -1;
	if (a->exact != b->exact)
		return a->exact < b->exact ? -1 : 1;
	return a->dev > b->dev ? -1 : a->dev < b->dev;
}

static size_t exact_back(const char *s, size_t at, const char *p)
{
	size_t pl = strlen(p), k = 0;

	while (k < pl && k < at && s[at - 1 - k] == p[pl - 1 - k])
		k++;
	return k;
}

static size_t exact_fwd(const char *s, size_t len, size_t at, const char *p)
{
	size_t k = 0;

	while (p[k] && at + k < len && s[at + k] == p[k])
		k++;
	return k;
}

static bool same_unit(const char *a, size_t an, const char *b, size_t bn)
{
	return an == bn && memcmp(a, b, an) == 0;
}

/* loose_back_to: the units of p's end that match loosely before at; *to: where the
 * match starts in s */
static size_t loose_back_to(const char *s, size_t at, const char *p, size_t *to)
{
	size_t i = at, j = strlen(p), n = 0, x;
	char a[4], b[4];

	while (i > 0 && j > 0) {
		size_t ui = unit_before(s, i), uj = unit_before(p, j);
		size_t an = norm_unit(s, ui, i, a, &x), bn = norm_unit(p, uj, j, b, &x);
		if (!same_unit(a, an, b, bn))
			break;
		n++;
		i = ui, j = uj;
	}
	*to = i;
	return n;
}

static size_t loose_back(const char *s, size_t at, const char *p)
{
	size_t to;

	return loose_back_to(s, at, p, &to);
}

/* loose_fwd_to: the units of p's start that match loosely from at; *to: where the match
 * ends in s */
static size_t loose_fwd_to(const char *s, size_t len, size_t at, const char *p, size_t *to)
{
	size_t i = at, j = 0, pl = strlen(p), n = 0;
	char a[4], b[4];

	while (i < len && j < pl) {
		size_t ni, nj, an = norm_unit(s, i, len, a, &ni), bn = norm_unit(p, j, pl, b, &nj);
		if (!same_unit(a, an, b, bn))
			break;
		n++;
		i = ni, j = nj;
	}
	*to = i;
	return n;
}

static size_t loose_fwd(const char *s, size_t len, size_t at, const char *p)
{
	size_t to;

	return loose_fwd_to(s, len, at, p, &to);
}

static struct score score_at(const struct transcript *t, const struct anchor_item *it,
                             const struct place *pl)
{
	struct score sc = {0, pl->exact, 0, 0};

	if (it->quote_end) { /* lengths in code points: the old one is known only so */
		size_t len = utf8_count(t->text + pl->s, pl->e - pl->s);
		size_t old = it->key_end - it->key_start;
		sc.dev = len > old ? len - old : old - len;
	}

	if (it->prefix) {
		sc.loose += loose_back(t->text, pl->s, it->prefix);
		sc.exact += exact_back(t->text, pl->s, it->prefix);
	}
	if (it->suffix) {
		sc.loose += loose_fwd(t->text, t->len, pl->e, it->suffix);
		sc.exact += exact_fwd(t->text, t->len, pl->e, it->suffix);
	}
	return sc;
}

/* context_holds: the whole stored context stands exactly around [s, e) */
static bool context_holds(const struct transcript *t, const struct anchor_item *it, size_t s,
                          size_t e)
{
	return (!it->prefix || exact_back(t->text, s, it->prefix) == strlen(it->prefix)) &&
	       (!it->suffix || exact_fwd(t->text, t->len, e, it->suffix) == strlen(it->suffix));
}

/* context_whole: a context shorter than ANCHOR_CONTEXT ended at an end of the text; it
 * is whole evidence only if [s, e) stands as near that end now */
static bool context_whole(const struct transcript *t, const struct anchor_item *it, size_t s,
                          size_t e)
{
	size_t pl = it->prefix ? strlen(it->prefix) : 0, sl = it->suffix ? strlen(it->suffix) : 0;

	if (!it->prefix || !it->suffix)
		return false;
	return (utf8_count(it->prefix, pl) >= ANCHOR_CONTEXT || s == pl) &&
	       (utf8_count(it->suffix, sl) >= ANCHOR_CONTEXT || e + sl == t->len);
}

/* ---- choosing a place --------------------------------------------------------------- */

struct choice {
	struct score best;
	struct place at;
	size_t nbest;
	bool old_best; /* the old offsets are among the best */
};

static void consider(const struct run *r, const struct anchor_item *it, struct choice *c,
                     const struct place *pl)
{
	struct score sc = score_at(r->t, it, pl);
	bool old = !it->past_end && pl->s == it->start && pl->e == it->end;
	int k = c->nbest ? score_cmp(&sc, &c->best) : 1;

	if (k > 0) {
		c->best = sc, c->at = *pl, c->nbest = 1, c->old_best = old;
	} else if (k == 0) {
		c->nbest++;
		c->old_best |= old;
	}
}

/* first_from: index of the first place in l starting at or after s */
static size_t first_from(const struct plist *l, size_t s)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->v[mid].s < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* tail_for: the place in tails, starting at or after from and ending within limit, whose
 * end is nearest target (the earlier on a tie); SIZE_MAX if none */
static size_t tail_for(const struct plist *tails, size_t from, size_t limit, size_t target)
{
	size_t k = first_from(tails, from), best = SIZE_MAX, bd = 0;

	for (; k < tails->n && tails->v[k].e <= limit; k++) {
		size_t e = tails->v[k].e, d = e > target ? e - target : target - e;
		if (best == SIZE_MAX || d < bd)
			best = k, bd = d;
		if (e >= target)
			break; /* ends only grow from here */
	}
	return best;
}

/* choose_long: pair each place of the head with the place of the tail after it whose end
 * gives the passage its old length most nearly, within about twice that length */
static void choose_long(const struct run *r, size_t i, struct choice *c)
{
	const struct anchor_item *it = &r->items[i];
	const struct transcript *t = r->t;
	const struct plist *heads = &r->pats[r->qi[i]].all, *tails = &r->pats[r->qe[i]].all;
	size_t cp_len = it->key_end - it->key_start; /* the old length, in code points */

	for (size_t h = 0; h < heads->n; h++) {
		const struct place *hp = &heads->v[h];
		size_t hcp = transcript_byte_to_cp(t, hp->s), k;
		size_t target = transcript_cp_to_byte(t, hcp + cp_len);
		size_t limit = transcript_cp_to_byte(t, hcp + 2 * cp_len + 200);
		struct place pl;
		k = tail_for(tails, hp->e, limit, target);
		if (k == SIZE_MAX)
			continue;
		pl = (struct place){hp->s, tails->v[k].e, hp->exact && tails->v[k].exact};
		consider(r, it, c, &pl);
	}
}

static void choose(struct run *r, size_t i)
{
	struct anchor_item *it = &r->items[i];
	struct choice c;
	const struct plist *l = &r->pats[r->qi[i]].all;

	memset(&c, 0, sizeof(c));
	if (l->n > MAX_PLACES || (it->quote_end && r->pats[r->qe[i]].all.n > MAX_PLACES)) {
		it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_TIE, it->places = l->n;
		return;
	}
	if (it->quote_end)
		choose_long(r, i, &c);
	else
		for (size_t k = 0; k < l->n; k++)
			consider(r, it, &c, &l->v[k]);
	if (c.nbest == 0) {
		it->result = ANCHOR_DRIFTED;
	} else if (c.nbest == 1) {
		bool full = c.best.qexact && context_holds(r->t, it, c.at.s, c.at.e);
		it->new_start = c.at.s, it->new_end = c.at.e;
		/* at its old offsets but only loosely: MOVED, so that the quote is taken anew */
		full = full && context_whole(r->t, it, c.at.s, c.at.e);
		it->result = c.old_best && c.best.qexact ? ANCHOR_EXACT : ANCHOR_MOVED;
		r->cls[i] = full ? CLS_SURE : CLS_OTHER;
		r->sc[i] = c.best;
	} else if (c.old_best) {
		it->new_start = it->start, it->new_end = it->end;
		it->result = c.best.qexact ? ANCHOR_EXACT : ANCHOR_MOVED;
		r->cls[i] = CLS_OTHER;
	} else {
		it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_TIE, it->places = c.nbest;
	}
}

/* ---- quotes found at many places: with their whole context first --------------------- */

struct win_ctx {
	size_t *count, *pos;
};

static void hit_window(void *ctx, size_t pat, size_t pos)
{
	struct win_ctx *w = ctx;

	if (w->count[pat]++ == 0)
		w->pos[pat] = pos;
}

/* place_at: the one best candidate of item i is [s, e), found exactly with its context */
static void place_at(struct run *r, size_t i, size_t s, size_t e)
{
	struct anchor_item *it = &r->items[i];

	it->new_start = s, it->new_end = e;
	it->result = !it->past_end && s == it->start && e == it->end ? ANCHOR_EXACT : ANCHOR_MOVED;
	r->cls[i] = context_whole(r->t, it, s, e) ? CLS_SURE : CLS_OTHER;
	r->sc[i] = score_at(r->t, it, &(struct place){s, e, true});
}

/* by_window: a short quote found at WINDOW_MIN places or more is first looked for with its
 * whole stored context (prefix, quote, suffix), all such at once. Found exactly once, that
 * place is its one best candidate (nothing else can match as much context exactly), and
 * its places need not be scored one by one; done[k] marks pending[k] as placed. */
static void by_window(struct run *r, const size_t *pending, size_t np, bool *done)
{
	struct mp_pat *w = xcalloc(np + 1, sizeof(*w));
	size_t *who = xcalloc(np + 1, sizeof(*who)), nw = 0;
	struct win_ctx c = {xcalloc(np + 1, sizeof(size_t)), xcalloc(np + 1, sizeof(size_t))};

	for (size_t k = 0; k < np; k++) {
		const struct anchor_item *it = &r->items[pending[k]];
		if (it->quote_end || !it->prefix || !it->suffix ||
		    r->pats[r->qi[pending[k]]].all.n < WINDOW_MIN)
			continue;
		w[nw].s = xasprintf("%s%s%s", it->prefix, it->quote, it->suffix);
		w[nw].len = strlen(w[nw].s);
		who[nw++] = k;
	}
	if (nw)
		mp_search(r->t->text, r->t->len, w, nw, hit_window, &c);
	for (size_t j = 0; j < nw; j++) {
		size_t k = who[j], i = pending[k], s = c.pos[j] + strlen(r->items[i].prefix);
		if (c.count[j] == 1) {
			place_at(r, i, s, s + strlen(r->items[i].quote));
			done[k] = true;
		}
		free((char *)w[j].s);
	}
	free(c.count);
	free(c.pos);
	free(who);
	free(w);
}

/* ---- passages edited inside ---------------------------------------------------------- */

#define SEEDS_MAX 64   /* a context found more often does not fix an end */
#define EDIT_SHARE 4   /* up to 1/EDIT_SHARE of a quote's code points may be edited */
#define PAIRS_MAX 4096 /* heads x tails of a long passage looked at, at most */
#define PAIRS_EACH 128 /* prefix/suffix pairs of one passage measured, at most */

/* the places of the stored contexts, searched once for every item that needs them */
struct ctx_search {
	struct pattern *pats;
	size_t npats;
	size_t *pi, *si; /* per item: the pattern of its prefix and suffix, or SIZE_MAX */
};

struct ecand {
	size_t s, e;
	unsigned dist; /* code points edited */
	size_t whole;  /* sides of the stored context that stand whole around it (0-2) */
	size_t xwhole; /* of those, the sides that stand whole exactly (0-2) */
	size_t units;  /* units of context that match loosely */
	size_t exact;  /* bytes of context that match exactly */
	size_t dev;    /* code points from the old length (long passages) */
};

struct elist {
	struct ecand *v;
	size_t n, cap;
};

static void ctx_search_run(struct run *r, const size_t *who, size_t nw, struct ctx_search *cs)
{
	struct pattern *quote_pats = r->pats;
	size_t quote_n = r->npats, *qi = r->qi, *qe = r->qe;
	struct anchor_item *tmp = xcalloc(nw + 1, sizeof(*tmp));
	size_t *idx = xcalloc(nw + 1, sizeof(*idx)), n = 0;
	struct anchor_item *saved = r->items;

	cs->pi = xcalloc(r->n + 1, sizeof(*cs->pi));
	cs->si = xcalloc(r->n + 1, sizeof(*cs->si));
	for (size_t i = 0; i < r->n; i++)
		cs->pi[i] = cs->si[i] = SIZE_MAX;
	/* as items of a run of their own: the prefix (or the suffix) as the quote, the suffix
	 * as the quote_end, so that make_patterns and search_all find them */
	for (size_t k = 0; k < nw; k++) {
		const struct anchor_item *it = &saved[who[k]];
		const char *a = it->prefix && *it->prefix ? it->prefix : NULL;
		const char *b = it->suffix && *it->suffix ? it->suffix : NULL;
		if (!a && !b)
			continue;
		tmp[n].quote = a ? a : b;
		tmp[n].quote_end = a && b ? b : NULL;
		idx[n++] = k;
	}
	r->items = tmp;
	r->qi = xcalloc(n + 1, sizeof(*r->qi));
	r->qe = xcalloc(n + 1, sizeof(*r->qe));
	{
		size_t *pending = xcalloc(n + 1, sizeof(*pending));
		for (size_t k = 0; k < n; k++)
			pending[k] = k;
		if (n) {
			make_patterns(r, pending, n);
			search_all(r);
		} else {
			r->pats = NULL, r->npats = 0;
		}
		free(pending);
	}
	for (size_t k = 0; k < n; k++) {
		const struct anchor_item *it = &saved[who[idx[k]]];
		bool a = it->prefix && *it->prefix, b = it->suffix && *it->suffix;
		cs->pi[who[idx[k]]] = a ? r->qi[k] : SIZE_MAX;
		cs->si[who[idx[k]]] = b ? (a ? r->qe[k] : r->qi[k]) : SIZE_MAX;
	}
	cs->pats = r->pats, cs->npats = r->npats;
	free(r->qi);
	free(r->qe);
	r->items = saved, r->pats = quote_pats, r->npats = quote_n, r->qi = qi, r->qe = qe;
	free(tmp);
	free(idx);
}

static void ctx_search_done(struct run *r, struct ctx_search *cs)
{
	struct pattern *quote_pats = r->pats;
	size_t quote_n = r->npats;

	r->pats = cs->pats, r->npats = cs->npats;
	patterns_free(r);
	r->pats = quote_pats, r->npats = quote_n;
	free(cs->pi);
	free(cs->si);
}

/* seeds: where one side's stored context puts an end of the passage: after each place of
 * the prefix (or at the start of the text when the stored prefix is empty), before each
 * place of the suffix (or at the end of the text). *many: too many places to use. */
struct seeds {
	size_t *v;
	size_t n, cap;
	bool many;
};

static void seeds_of(const struct run *r, const struct ctx_search *cs, size_t i, bool pre,
                     struct seeds *sd)
{
	const struct anchor_item *it = &r->items[i];
	const char *c = pre ? it->prefix : it->suffix;
	size_t p = pre ? cs->pi[i] : cs->si[i];

	memset(sd, 0, sizeof(*sd));
	if (!c)
		return;
	if (!*c) {
		size_t at = pre ? 0 : r->t->len;
		VEC_PUSH(sd->v, sd->n, sd->cap, at);
		return;
	}
	if (p == SIZE_MAX)
		return;
	if (cs->pats[p].all.n > SEEDS_MAX) {
		sd->many = true;
		return;
	}
	for (size_t k = 0; k < cs->pats[p].all.n; k++) {
		size_t at = pre ? cs->pats[p].all.v[k].e : cs->pats[p].all.v[k].s;
		VEC_PUSH(sd->v, sd->n, sd->cap, at);
	}
}

static size_t units_of(const char *s)
{
	return loose_fwd(s, strlen(s), 0, s);
}

/* ecand_eval: how the stored context stands around [s, e); false when it does not agree
 * (neither side whole, or less than half of it matching) */
/* side_whole: a side of the context stands whole: all its units match loosely, and a
 * side shorter than ANCHOR_CONTEXT (cut by an end of the text) also reaches that end
 * again or matches exactly, so that a short context never stands whole on a loose match
 * of a space or two */
static bool side_whole(const char *c, size_t units, size_t n, bool at_end, size_t exact)
{
	if (!*c)
		return at_end; /* the passage was at that end of the text */
	return units == n &&
	       (at_end || exact == strlen(c) || utf8_count(c, strlen(c)) >= ANCHOR_CONTEXT);
}

/* how one side of the stored context (c, of n units) stands at byte at: before it (the
 * prefix) or after it (the suffix) */
struct side {
	size_t units, exact; /* units matching loosely, bytes matching exactly */
	bool at_end;         /* the loose match reaches that end of the text */
	bool whole, xwhole;  /* side_whole; and whole exactly */
};

static struct side side_at(const struct transcript *t, const char *c, size_t n, bool pre, size_t at)
{
	struct side sd;
	size_t to;

	if (pre) {
		sd.exact = exact_back(t->text, at, c);
		sd.units = loose_back_to(t->text, at, c, &to);
		sd.at_end = to == 0;
	} else {
		sd.exact = exact_fwd(t->text, t->len, at, c);
		sd.units = loose_fwd_to(t->text, t->len, at, c, &to);
		sd.at_end = to == t->len;
	}
	sd.whole = side_whole(c, sd.units, n, sd.at_end, sd.exact);
	sd.xwhole = sd.whole && sd.exact == strlen(c);
	return sd;
}

static bool ecand_eval(const struct run *r, const struct anchor_item *it, struct ecand *c)
{
	size_t total = 0, up = 0, us = 0;
	const struct transcript *t = r->t;

	c->whole = 0, c->xwhole = 0, c->exact = 0;
	if (it->prefix) {
		size_t n = units_of(it->prefix);
		struct side sd = side_at(t, it->prefix, n, true, c->s);
		up = sd.units;
		c->exact += sd.exact, c->whole += sd.whole, c->xwhole += sd.xwhole;
		total += n;
	}
	if (it->suffix) {
		size_t n = units_of(it->suffix);
		struct side sd = side_at(t, it->suffix, n, false, c->e);
		us = sd.units;
		c->exact += sd.exact, c->whole += sd.whole, c->xwhole += sd.xwhole;
		total += n;
	}
	c->units = up + us;
	if (it->quote_end) {
		size_t len = utf8_count(t->text + c->s, c->e - c->s),
		       old = it->key_end - it->key_start;
		c->dev = len > old ? len - old : old - len;
	}
	return c->whole > 0 && 2 * c->units >= total;
}

/* ecand_cmp: which place is better; by_exact: a side that stands exactly outweighs fewer
 * edits (not between places only white space apart: see edited) */
static int ecand_cmp(const struct ecand *a, const struct ecand *b, bool by_exact)
{
	if (a->whole != b->whole)
		return a->whole > b->whole ? 1 : -1;
	if (by_exact && a->xwhole != b->xwhole)
		return a->xwhole > b->xwhole ? 1 : -1;
	if (a->dist != b->dist)
		return a->dist < b->dist ? 1 : -1;
	if (a->units != b->units)
		return a->units > b->units ? 1 : -1;
	if (a->exact != b->exact)
		return a->exact > b->exact ? 1 : -1;
	return a->dev < b->dev ? 1 : a->dev > b->dev ? -1 : 0;
}

static void ecand_add(const struct run *r, const struct anchor_item *it, struct elist *l, size_t s,
                      size_t e, unsigned dist)
{
	struct ecand c = {s, e, dist, 0, 0, 0, 0, 0};

	if (e < s || e == s)
		return;
	for (size_t k = 0; k < l->n; k++)
		if (l->v[k].s == s && l->v[k].e == e) {
			if (dist < l->v[k].dist)
				l->v[k].dist = dist;
			return;
		}
	if (!ecand_eval(r, it, &c))
		return;
	VEC_PUSH(l->v, l->n, l->cap, c);
}

/* ends_from: the pieces a matcher finds from each seed: starting after a prefix place
 * (forward) or ending before a suffix place (backward); and, when both sides have seeds,
 * every prefix/suffix pair the quote fits between. Pieces are (s, e, dist) in out. */
struct piece {
	size_t s, e;
	unsigned dist;
};

struct plist2 {
	struct piece *v;
	size_t n, cap;
};

/* pieces_of: false when more prefix/suffix pairs fit than PAIRS_EACH (a text repeating
 * the context over and over): then not all were looked at */
static bool pieces_of(const struct run *r, const char *q, const struct seeds *ps,
                      const struct seeds *ss, struct plist2 *out)
{
	size_t pairs = 0;
	const struct transcript *t = r->t;
	size_t ql = strlen(q);
	struct fuzzy *fw = fuzzy_new(q, ql, false), *bw = fuzzy_new(q, ql, true);
	size_t m = fuzzy_length(fw);
	unsigned k = (unsigned)(m / EDIT_SHARE);

	memset(out, 0, sizeof(*out));
	for (size_t a = 0; k && a < ps->n; a++) {
		size_t s = ps->v[a], e, span;
		unsigned d = fuzzy_match(fw, t->text, t->len, s, k, s + ql, &e);
		struct piece pc = {s, e, d};
		if (d != FUZZY_NONE)
			VEC_PUSH(out->v, out->n, out->cap, pc);
		span = s + utf8_advance(t->text + s, t->len - s, m + k);
		for (size_t b = 0; b < ss->n; b++) {
			size_t e2 = ss->v[b];
			if (e2 <= s || e2 > span || e2 == e)
				continue;
			if (++pairs > PAIRS_EACH)
				break;
			d = fuzzy_distance(fw, t->text, s, e2);
			if (d <= k) {
				struct piece p2 = {s, e2, d};
				VEC_PUSH(out->v, out->n, out->cap, p2);
			}
		}
	}
	for (size_t b = 0; k && b < ss->n; b++) {
		size_t e = ss->v[b], s;
		unsigned d = fuzzy_match(bw, t->text, t->len, e, k, e >= ql ? e - ql : 0, &s);
		struct piece pc = {s, e, d};
		if (d != FUZZY_NONE)
			VEC_PUSH(out->v, out->n, out->cap, pc);
	}
	fuzzy_free(fw);
	fuzzy_free(bw);
	return pairs <= PAIRS_EACH;
}

/* edit_cands: every place where item i's passage may stand edited, with its context */
static bool edit_cands(const struct run *r, const struct ctx_search *cs, size_t i, struct elist *l)
{
	const struct anchor_item *it = &r->items[i];
	struct seeds ps, ss;
	bool ok = true;

	memset(l, 0, sizeof(*l));
	seeds_of(r, cs, i, true, &ps);
	seeds_of(r, cs, i, false, &ss);
	if (!it->quote_end) {
		struct plist2 pc;
		ok = pieces_of(r, it->quote, &ps, &ss, &pc);
		for (size_t k = 0; k < pc.n; k++)
			ecand_add(r, it, l, pc.v[k].s, pc.v[k].e, pc.v[k].dist);
		free(pc.v);
	} else {
		/* heads: the places of the head, and the head edited after a prefix place;
		 * tails: the places of the tail, and the tail edited before a suffix place */
		struct plist2 hp, tp;
		struct seeds none = {NULL, 0, 0, false};
		const struct plist *hx = &r->pats[r->qi[i]].all, *tx = &r->pats[r->qe[i]].all;
		size_t cp_len = it->key_end - it->key_start;
		pieces_of(r, it->quote, &ps, &none, &hp); /* no pairs: always whole */
		pieces_of(r, it->quote_end, &none, &ss, &tp);
		for (size_t k = 0; k < hx->n && k <= MAX_PLACES; k++) {
			struct piece p = {hx->v[k].s, hx->v[k].e, 0};
			VEC_PUSH(hp.v, hp.n, hp.cap, p);
		}
		for (size_t k = 0; k < tx->n && k <= MAX_PLACES; k++) {
			struct piece p = {tx->v[k].s, tx->v[k].e, 0};
			VEC_PUSH(tp.v, tp.n, tp.cap, p);
		}
		if (hp.n * tp.n > PAIRS_MAX) {
			ok = false;
		} else {
			/* each head with the tail after it that gives the passage its old
			 * length most nearly (the fewer edits on a tie), as choose_long does */
			for (size_t a = 0; a < hp.n; a++) {
				size_t hcp = transcript_byte_to_cp(r->t, hp.v[a].s),
				       best = SIZE_MAX;
				size_t target = transcript_cp_to_byte(r->t, hcp + cp_len), bd = 0;
				size_t limit = transcript_cp_to_byte(r->t, hcp + 2 * cp_len + 200);
				for (size_t b = 0; b < tp.n; b++) {
					size_t e = tp.v[b].e,
					       d = e > target ? e - target : target - e;
					if (tp.v[b].s < hp.v[a].e || e > limit ||
					    hp.v[a].dist + tp.v[b].dist == 0)
						continue;
					if (best == SIZE_MAX || d < bd ||
					    (d == bd && tp.v[b].dist < tp.v[best].dist))
						best = b, bd = d;
				}
				if (best != SIZE_MAX)
					ecand_add(r, it, l, hp.v[a].s, tp.v[best].e,
					          hp.v[a].dist + tp.v[best].dist);
			}
		}
		free(hp.v);
		free(tp.v);
	}
	/* a side with too many places fixes no end: a place it would have given may be
	 * missing, so only places with the whole context on both sides can be sure */
	for (size_t k = 0; (ps.many || ss.many) && k < l->n;) {
		if (l->v[k].whole < 2)
			l->v[k] = l->v[--l->n];
		else
			k++;
	}
	free(ps.v);
	free(ss.v);
	return ok;
}

/* ws_only: bytes [a, b) (either order) of t are white space only */
static bool ws_only(const struct transcript *t, size_t a, size_t b)
{
	if (a > b) {
		size_t x = a;
		a = b, b = x;
	}
	while (a < b) {
		uint32_t cp;
		a += utf8_decode(t->text + a, b - a, &cp);
		if (!utf8_is_space(cp))
			return false;
	}
	return true;
}

/* side_rival: a side of the stored context stands, at least as well as at the place
 * [s, e) (whole; exactly, and reaching the end of the text, if it does there), at another
 * point (not only white space apart) from which to the place's other end the passage
 * would have a length the edits allowed could give it: the text around the passage
 * repeats, so its context does not fix that end, and fewer edits are no proof */
static bool side_rival(const struct transcript *t, const struct anchor_item *it, bool pre, size_t s,
                       size_t e)
{
	const char *c = pre ? it->prefix : it->suffix;
	size_t n, at = pre ? s : e, m, k, lo, hi, other, least;
	struct side here;

	if (!c || !*c)
		return false; /* an empty side stands only at its end of the text */
	if (it->quote_end) {  /* the old length; head and tail each edited up to a share */
		m = it->key_end - it->key_start;
		k = (utf8_count(it->quote, strlen(it->quote)) +
		     utf8_count(it->quote_end, strlen(it->quote_end))) /
		    EDIT_SHARE;
	} else {
		m = utf8_count(it->quote, strlen(it->quote));
		k = m / EDIT_SHARE;
	}
	/* the points that give the passage least to m + k code points */
	least = m > k + 1 ? m - k : 1;
	other = transcript_byte_to_cp(t, pre ? e : s);
	if (pre) {
		if (other < least)
			return false;
		lo = other > m + k ? other - (m + k) : 0;
		hi = other - least;
	} else {
		if (other + least > t->ncp)
			return false;
		lo = other + least;
		hi = other + m + k < t->ncp ? other + m + k : t->ncp;
	}
	n = units_of(c);
	here = side_at(t, c, n, pre, at);
	lo = transcript_cp_to_byte(t, lo), hi = transcript_cp_to_byte(t, hi);
	for (size_t p = lo; p <= hi; p++) {
		struct side o;
		if (p == at || (p < t->len && ((unsigned char)t->text[p] & 0xC0) == 0x80))
			continue;
		o = side_at(t, c, n, pre, p);
		if (o.whole && o.xwhole >= here.xwhole && o.at_end >= here.at_end &&
		    !ws_only(t, p, at))
			return true;
	}
	return false;
}

/* edited: an item not found is looked for edited inside (see anchor.h): the one best
 * place where its stored context agrees and at most a quarter of its quote (of its head
 * and of its tail, for a long passage) was edited; several as good, or its context
 * standing as well near another end of it (side_rival): AMBIGUOUS. */
static void edited(struct run *r, const struct ctx_search *cs, size_t i)
{
	struct anchor_item *it = &r->items[i];
	struct elist l;
	size_t best = SIZE_MAX, nbest = 0;
	bool old_best = false;

	if (!edit_cands(r, cs, i, &l) && l.n) { /* not all places looked at */
		it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_TIE, it->places = l.n;
		free(l.v);
		return;
	}
	for (size_t k = 0; k < l.n; k++) {
		int c = best == SIZE_MAX ? 1 : ecand_cmp(&l.v[k], &l.v[best], true);
		bool old = !it->past_end && l.v[k].s == it->start && l.v[k].e == it->end;
		if (c > 0)
			best = k, nbest = 1, old_best = old;
		else if (c == 0)
			nbest++, old_best |= old;
	}
	if (nbest == 0) {
		free(l.v);
		return; /* stays DRIFTED */
	}
	/* the same place but for white space at its ends: the fewer edits (a blank the
	 * context stands exactly after stays out of the passage) */
	for (size_t k = 0; nbest == 1 && k < l.n; k++)
		if (ws_only(r->t, l.v[k].s, l.v[best].s) && ws_only(r->t, l.v[k].e, l.v[best].e) &&
		    ecand_cmp(&l.v[k], &l.v[best], false) > 0)
			best = k,
			old_best = !it->past_end && l.v[k].s == it->start && l.v[k].e == it->end;
	if (nbest == 1 && (side_rival(r->t, it, true, l.v[best].s, l.v[best].e) ||
	                   side_rival(r->t, it, false, l.v[best].s, l.v[best].e)))
		nbest++;
	if (nbest > 1 && !old_best) {
		it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_TIE, it->places = nbest;
		free(l.v);
		return;
	}
	if (nbest > 1)
		it->new_start = it->start, it->new_end = it->end;
	else
		it->new_start = l.v[best].s, it->new_end = l.v[best].e;
	it->result = ANCHOR_EDITED;
	r->cls[i] = l.v[best].whole == 2 && context_whole(r->t, it, it->new_start, it->new_end)
	                ? CLS_SURE
	                : CLS_OTHER;
	r->sc[i] = score_at(r->t, it, &(struct place){it->new_start, it->new_end, false});
	free(l.v);
}

/* edit_step: every item left DRIFTED with a quote and some context */
static void edit_step(struct run *r, const size_t *pending, size_t np)
{
	size_t *who = xcalloc(np + 1, sizeof(*who)), nw = 0;
	struct ctx_search cs;

	for (size_t k = 0; k < np; k++) {
		const struct anchor_item *it = &r->items[pending[k]];
		if (it->result == ANCHOR_DRIFTED && it->quote && (it->prefix || it->suffix))
			who[nw++] = pending[k];
	}
	if (nw) {
		ctx_search_run(r, who, nw, &cs);
		for (size_t k = 0; k < nw; k++)
			edited(r, &cs, who[k]);
		ctx_search_done(r, &cs);
	}
	free(who);
}

/* ---- order ------------------------------------------------------------------------- */

/* weight: what a run of placed codings keeps, compared in this order: codings with
 * trusted offsets (they cannot move anyway), codings that stay at their offsets (so that
 * what one reading placed, the next keeps), codings found with their whole context, all
 * codings, then the least distance moved */
struct weight {
	size_t fixed, home, sure, all;
	long long near; /* minus the sum of the distances moved */
};

static int weight_cmp(const struct weight *a, const struct weight *b)
{
	const size_t x[] = {a->fixed, a->home, a->sure, a->all};
	const size_t y[] = {b->fixed, b->home, b->sure, b->all};

	for (size_t k = 0; k < ARRAY_LEN(x); k++)
		if (x[k] != y[k])
			return x[k] < y[k] ? -1 : 1;
	return a->near < b->near ? -1 : a->near > b->near;
}

static void weight_add(struct weight *w, int cls, const struct anchor_item *it)
{
	size_t d =
	    it->new_start > it->start ? it->new_start - it->start : it->start - it->new_start;

	w->fixed += cls == CLS_FIXED;
	w->home += !it->past_end && it->new_start == it->start && it->new_end == it->end;
	w->sure += cls == CLS_SURE;
	w->all++;
	w->near -= (long long)d;
}

static bool placed(const struct anchor_item *it)
{
	return it->result == ANCHOR_EXACT || it->result == ANCHOR_MOVED ||
	       it->result == ANCHOR_EDITED;
}

static const struct anchor_item *sort_items;

static int by_key(const void *a, const void *b)
{
	const struct anchor_item *x = &sort_items[*(const size_t *)a];
	const struct anchor_item *y = &sort_items[*(const size_t *)b];

	if (x->key_start != y->key_start)
		return x->key_start < y->key_start ? -1 : 1;
	if (x->key_end != y->key_end)
		return x->key_end < y->key_end ? -1 : 1;
	/* codings of one old segment have no order among themselves: by their new places,
	 * so that any of them can be kept together, whatever their order in the file */
	if (x->new_start != y->new_start)
		return x->new_start < y->new_start ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

struct fenwick {
	struct weight *best;
	size_t *who;
	size_t m;
};

static void fen_query(const struct fenwick *f, size_t pos, struct weight *w, size_t *who)
{
	memset(w, 0, sizeof(*w));
	*who = SIZE_MAX;
	for (size_t p = pos; p > 0; p -= p & (~p + 1))
		if (f->who[p] != SIZE_MAX && (*who == SIZE_MAX || weight_cmp(&f->best[p], w) > 0))
			*w = f->best[p], *who = f->who[p];
}

static void fen_update(struct fenwick *f, size_t pos, const struct weight *w, size_t who)
{
	for (size_t p = pos; p <= f->m; p += p & (~p + 1))
		if (f->who[p] == SIZE_MAX || weight_cmp(w, &f->best[p]) > 0)
			f->best[p] = *w, f->who[p] = who;
}

static size_t rank_of(const size_t *v, size_t m, size_t x)
{
	size_t lo = 0, hi = m;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo + 1;
}

/* keep_order: the placed items, in the order of their old offsets, must have
 * non-decreasing new starts; keep the heaviest such run (see struct weight: the most
 * codings, so a few placed wrongly cannot outvote the many placed right), the rest are
 * ambiguous. */
static void keep_order(struct run *r)
{
	size_t *ord = xcalloc(r->n + 1, sizeof(*ord)), *vals = xcalloc(r->n + 1, sizeof(*vals));
	size_t *pred = xcalloc(r->n + 1, sizeof(*pred)), n = 0, m = 0, end = SIZE_MAX;
	struct weight *dp = xcalloc(r->n + 1, sizeof(*dp)), top;
	struct fenwick f;
	unsigned char *keep = xcalloc(r->n + 1, 1);

	for (size_t i = 0; i < r->n; i++)
		if (placed(&r->items[i]))
			ord[n++] = i, vals[m++] = r->items[i].new_start;
	sort_items = r->items;
	sort_array(ord, n, sizeof(*ord), by_key);
	sort_array(vals, m, sizeof(*vals), cmp_size);
	f.m = m;
	f.best = xcalloc(m + 1, sizeof(*f.best));
	f.who = xcalloc(m + 1, sizeof(*f.who));
	for (size_t p = 0; p <= m; p++)
		f.who[p] = SIZE_MAX;
	memset(&top, 0, sizeof(top));
	for (size_t k = 0; k < n; k++) {
		size_t i = ord[k], rk = rank_of(vals, m, r->items[i].new_start), j;
		fen_query(&f, rk, &dp[i], &j);
		pred[i] = j;
		weight_add(&dp[i], r->cls[i], &r->items[i]);
		fen_update(&f, rk, &dp[i], i);
		if (end == SIZE_MAX || weight_cmp(&dp[i], &top) > 0)
			top = dp[i], end = i;
	}
	for (size_t i = end; i != SIZE_MAX; i = pred[i])
		keep[i] = 1;
	for (size_t k = 0; k < n; k++)
		if (!keep[ord[k]]) {
			struct anchor_item *it = &r->items[ord[k]];
			it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_ORDER;
		}
	free(f.best);
	free(f.who);
	free(keep);
	free(dp);
	free(pred);
	free(vals);
	free(ord);
}

/* ---- one coding a segment ----------------------------------------------------------- */

struct seg {
	size_t s, e, ks, ke, i;
};

static int seg_cmp(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	if (x->s != y->s)
		return x->s < y->s ? -1 : 1;
	if (x->e != y->e)
		return x->e < y->e ? -1 : 1;
	if (x->ks != y->ks)
		return x->ks < y->ks ? -1 : 1;
	return x->ke < y->ke ? -1 : x->ke > y->ke;
}

/* at_home: moved to its own old offsets (found there loosely) */
static bool at_home(const struct anchor_item *it)
{
	return !it->past_end && it->new_start == it->start && it->new_end == it->end;
}

static bool mover(const struct anchor_item *it)
{
	return (it->result == ANCHOR_MOVED || it->result == ANCHOR_EDITED) && !at_home(it);
}

/* mover_cmp: which of two codings moving onto one segment has the better claim: found
 * with its whole context, then by the score of the place */
static int mover_cmp(const struct run *r, size_t a, size_t b)
{
	if ((r->cls[a] == CLS_SURE) != (r->cls[b] == CLS_SURE))
		return r->cls[a] == CLS_SURE ? 1 : -1;
	return score_cmp(&r->sc[a], &r->sc[b]);
}

/* sure_mover: in one run of equal segments held by nothing else, the one old segment
 * whose codings have the best claim to it (mover_cmp), better than every other old
 * segment's, as an index into v; SIZE_MAX when held or when two are as good */
static size_t sure_mover(const struct run *r, const struct seg *v, size_t n)
{
	size_t best = SIZE_MAX;
	bool tie = false;

	for (size_t k = 0; k < n; k++) {
		int c;
		if (!mover(&r->items[v[k].i]))
			return SIZE_MAX; /* held by a coding that stays there */
		if (best == SIZE_MAX) {
			best = k;
			continue;
		}
		c = mover_cmp(r, v[k].i, v[best].i);
		if (v[k].ks == v[best].ks && v[k].ke == v[best].ke) {
			if (c > 0)
				best = k; /* one old segment: its best claim counts */
		} else if (c > 0) {
			best = k, tie = false;
		} else if (c == 0) {
			tie = true;
		}
	}
	return tie ? SIZE_MAX : best;
}

/* revert_taken: in one run of equal segments, if they come from distinct old segments,
 * every moved item goes back (but those of the sure_mover's old segment); true if any
 * did */
static bool revert_taken(struct run *r, const struct seg *v, size_t n)
{
	bool distinct = false, changed = false;
	size_t keep;

	for (size_t k = 1; k < n; k++)
		distinct |= v[k].ks != v[0].ks || v[k].ke != v[0].ke;
	keep = distinct ? sure_mover(r, v, n) : SIZE_MAX;
	for (size_t k = 0; distinct && k < n; k++) {
		struct anchor_item *it = &r->items[v[k].i];
		if (mover(it) &&
		    (keep == SIZE_MAX || v[k].ks != v[keep].ks || v[k].ke != v[keep].ke)) {
			it->result = ANCHOR_AMBIGUOUS, it->doubt = ANCHOR_DOUBT_TAKEN;
			changed = true;
		}
	}
	return changed;
}

/* holds_segment: an item that stays where it was holds its segment when it is placed,
 * or when its quote still stands there (it may be placed there on a later reading); a
 * drifted or ambiguous one whose text is gone from there does not */
static bool holds_segment(const struct transcript *t, const struct anchor_item *it)
{
	if (it->past_end)
		return false;
	if (placed(it) || !it->quote)
		return true;
	return anchor_check(t, it->start, it->end, it->quote, it->quote_end);
}

static void one_per_segment(struct run *r)
{
	struct seg *v = xcalloc(r->n + 1, sizeof(*v));
	bool changed = true;

	while (changed) {
		size_t n = 0;
		changed = false;
		for (size_t i = 0; i < r->n; i++) {
			const struct anchor_item *it = &r->items[i];
			if (it->result == ANCHOR_MOVED || it->result == ANCHOR_EDITED)
				v[n++] = (struct seg){it->new_start, it->new_end, it->key_start,
				                      it->key_end, i};
			else if (holds_segment(r->t, it))
				v[n++] =
				    (struct seg){it->start, it->end, it->key_start, it->key_end, i};
		}
		sort_array(v, n, sizeof(*v), seg_cmp);
		for (size_t a = 0, b; a < n; a = b) {
			for (b = a + 1; b < n && v[b].s == v[a].s && v[b].e == v[a].e; b++)
				;
			if (b - a > 1)
				changed |= revert_taken(r, v + a, b - a);
		}
	}
	free(v);
}

/* resolve: the order, then one coding a segment. A coding left out for the order may have
 * been outvoted by codings that then lost their segment: every such coding gets its place
 * back and both run again, until no coding loses its segment (each further round sends at
 * least one more back, and none comes back from that, so it ends). */
static void resolve(struct run *r)
{
	enum anchor_result *was = xcalloc(r->n + 1, sizeof(*was));
	size_t taken = 0;

	for (;;) {
		size_t now = 0;
		bool again = false;
		for (size_t i = 0; i < r->n; i++)
			was[i] = r->items[i].result;
		keep_order(r);
		one_per_segment(r);
		for (size_t i = 0; i < r->n; i++)
			now += r->items[i].doubt == ANCHOR_DOUBT_TAKEN;
		if (now == taken)
			break;
		taken = now;
		for (size_t i = 0; i < r->n; i++)
			if (r->items[i].doubt == ANCHOR_DOUBT_ORDER) {
				r->items[i].result = was[i], r->items[i].doubt = ANCHOR_DOUBT_NONE;
				again = true;
			}
		if (!again)
			break;
	}
	free(was);
}

/* ---- codings without context placed by their neighbours ------------------------------ */

/* by_neighbours: a coding with no stored context whose quote fits several places equally
 * (a tie) is placed on the place at its old offset plus d, when the placed codings just
 * before and just after it (by old offsets, other segments) both moved by d code points:
 * the position is the hint, the neighbours make it certain. Otherwise it stays
 * ambiguous. True if any was placed. */
static bool by_neighbours(struct run *r)
{
	size_t *ord = xcalloc(r->n + 1, sizeof(*ord)), *prev = xcalloc(r->n + 1, sizeof(*prev));
	size_t *next = xcalloc(r->n + 1, sizeof(*next));
	long long *shift = xcalloc(r->n + 1, sizeof(*shift));
	bool any = false;

	for (size_t i = 0; i < r->n; i++) {
		ord[i] = i;
		if (placed(&r->items[i]))
			shift[i] = (long long)transcript_byte_to_cp(r->t, r->items[i].new_start) -
			           (long long)r->items[i].key_start;
	}
	sort_items = r->items;
	sort_array(ord, r->n, sizeof(*ord), by_key);
	/* prev[k]: the last placed item with a smaller old start than ord[k]'s; next[k]: the
	 * first placed with a larger one */
	{
		size_t last = SIZE_MAX;
		for (size_t a = 0, b; a < r->n; a = b) {
			size_t cand = SIZE_MAX;
			for (b = a;
			     b < r->n && r->items[ord[b]].key_start == r->items[ord[a]].key_start;
			     b++)
				if (placed(&r->items[ord[b]]))
					cand = ord[b];
			for (size_t k = a; k < b; k++)
				prev[k] = last;
			if (cand != SIZE_MAX)
				last = cand;
		}
		last = SIZE_MAX;
		for (size_t b = r->n, a; b > 0; b = a) {
			size_t cand = SIZE_MAX;
			for (a = b; a > 0 && r->items[ord[a - 1]].key_start ==
			                         r->items[ord[b - 1]].key_start;
			     a--)
				if (placed(&r->items[ord[a - 1]]))
					cand = ord[a - 1];
			for (size_t k = a; k < b; k++)
				next[k] = last;
			if (cand != SIZE_MAX)
				last = cand;
		}
	}
	for (size_t k = 0; k < r->n; k++) {
		size_t i = ord[k], tb, at;
		struct anchor_item *it = &r->items[i];
		const struct plist *l;
		long long want;
		if (it->result != ANCHOR_AMBIGUOUS || it->doubt != ANCHOR_DOUBT_TIE || !it->quote ||
		    it->quote_end || it->prefix || it->suffix || r->qi[i] == SIZE_MAX ||
		    prev[k] == SIZE_MAX || next[k] == SIZE_MAX || shift[prev[k]] != shift[next[k]])
			continue;
		l = &r->pats[r->qi[i]].all;
		want = (long long)it->key_start + shift[prev[k]];
		if (want < 0 || l->n > MAX_PLACES || (size_t)want > r->t->ncp)
			continue;
		tb = transcript_cp_to_byte(r->t, (size_t)want);
		at = first_from(l, tb);
		if (at >= l->n || l->v[at].s != tb)
			continue;
		it->new_start = l->v[at].s, it->new_end = l->v[at].e;
		it->result = !it->past_end && it->new_start == it->start &&
		                     it->new_end == it->end && l->v[at].exact
		                 ? ANCHOR_EXACT
		                 : ANCHOR_MOVED;
		it->doubt = ANCHOR_DOUBT_NONE, it->places = 0;
		r->cls[i] = CLS_OTHER;
		r->sc[i] = score_at(r->t, it, &l->v[at]);
		any = true;
	}
	free(ord);
	free(prev);
	free(next);
	free(shift);
	return any;
}

/* ---- public ------------------------------------------------------------------------ */

bool anchor_check(const struct transcript *t, size_t start, size_t end, const char *quote,
                  const char *quote_end)
{
	size_t ql = strlen(quote), el;

	if (start > end || end > t->len)
		return false;
	if (!quote_end)
		return end - start == ql && memcmp(t->text + start, quote, ql) == 0;
	el = strlen(quote_end);
	return end - start >= ql && end - start >= el && memcmp(t->text + start, quote, ql) == 0 &&
	       memcmp(t->text + end - el, quote_end, el) == 0;
}

/* in_place: a first look that needs no search */
static bool in_place(struct run *r, size_t i)
{
	struct anchor_item *it = &r->items[i];

	if (!it->quote) {
		it->result = it->past_end ? ANCHOR_DRIFTED : ANCHOR_EXACT;
		r->cls[i] = CLS_FIXED;
		return true;
	}
	if (!it->past_end && anchor_check(r->t, it->start, it->end, it->quote, it->quote_end) &&
	    context_holds(r->t, it, it->start, it->end)) {
		it->result = ANCHOR_EXACT;
		r->cls[i] = context_whole(r->t, it, it->start, it->end) ? CLS_SURE : CLS_OTHER;
		return true;
	}
	return false;
}

void anchor_run(const struct transcript *t, struct anchor_item *items, size_t n)
{
	struct run r;
	size_t *pending = xcalloc(n + 1, sizeof(*pending)), np = 0;

	memset(&r, 0, sizeof(r));
	r.t = t, r.items = items, r.n = n;
	r.cls = xcalloc(n + 1, 1);
	r.sc = xcalloc(n + 1, sizeof(*r.sc));
	r.qi = xcalloc(n + 1, sizeof(*r.qi));
	r.qe = xcalloc(n + 1, sizeof(*r.qe));
	for (size_t i = 0; i < n; i++) {
		struct anchor_item *it = &items[i];
		r.qi[i] = r.qe[i] = SIZE_MAX;
		it->result = ANCHOR_EXACT, it->doubt = ANCHOR_DOUBT_NONE, it->places = 0;
		it->new_start = it->start, it->new_end = it->end;
		if (!in_place(&r, i))
			pending[np++] = i;
	}
	if (np) {
		bool *done = xcalloc(np + 1, sizeof(*done));
		make_patterns(&r, pending, np);
		search_all(&r);
		by_window(&r, pending, np, done);
		for (size_t k = 0; k < np; k++)
			if (!done[k])
				choose(&r, pending[k]);
		edit_step(&r, pending, np);
		free(done);
		resolve(&r);
		if (by_neighbours(&r))
			resolve(&r);
		patterns_free(&r);
	}
	for (size_t i = 0; i < n; i++)
		if (items[i].result != ANCHOR_MOVED && items[i].result != ANCHOR_EDITED)
			items[i].new_start = items[i].start, items[i].new_end = items[i].end;
	free(pending);
	free(r.cls);
	free(r.sc);
	free(r.qi);
	free(r.qe);
}

/* ---- candidates for a repair view -------------------------------------------------- */

struct cand_list {
	struct anchor_place *v;
	size_t n, cap;
	size_t hint;
};

static int cand_score(const struct score *sc)
{
	return (int)(sc->loose * 4 + sc->qexact * 2) - (int)(sc->dev > 1000 ? 1000 : sc->dev);
}

static void cand_add(struct cand_list *cl, const struct run *r, const struct anchor_item *it,
                     const struct place *pl)
{
	struct score sc = score_at(r->t, it, pl);
	struct anchor_place ap = {pl->s, pl->e, cand_score(&sc), pl->exact};

	for (size_t k = 0; k < cl->n; k++)
		if (cl->v[k].start == ap.start && cl->v[k].end == ap.end) {
			if (ap.score > cl->v[k].score)
				cl->v[k] = ap;
			return;
		}
	VEC_PUSH(cl->v, cl->n, cl->cap, ap);
}

static size_t cand_hint;

static int cand_cmp(const void *a, const void *b)
{
	const struct anchor_place *x = a, *y = b;
	size_t dx = x->start > cand_hint ? x->start - cand_hint : cand_hint - x->start;
	size_t dy = y->start > cand_hint ? y->start - cand_hint : cand_hint - y->start;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

size_t anchor_candidates(const struct transcript *t, const struct anchor_item *item,
                         struct anchor_place *out, size_t max)
{
	struct anchor_item it = *item;
	struct run r;
	struct cand_list cl = {NULL, 0, 0, item->start};
	size_t pending = 0, n;

	if (!item->quote || !*item->quote)
		return 0;
	memset(&r, 0, sizeof(r));
	r.t = t, r.items = &it, r.n = 1;
	r.qi = xcalloc(1, sizeof(*r.qi));
	r.qe = xcalloc(1, sizeof(*r.qe));
	make_patterns(&r, &pending, 1);
	search_all(&r);
	if (it.quote_end) {
		const struct plist *heads = &r.pats[r.qi[0]].all, *tails = &r.pats[r.qe[0]].all;
		size_t cp_len = it.key_end - it.key_start;
		for (size_t h = 0; h < heads->n && h < MAX_PLACES; h++) {
			const struct place *hp = &heads->v[h];
			size_t hcp = transcript_byte_to_cp(t, hp->s), k;
			size_t target = transcript_cp_to_byte(t, hcp + cp_len);
			size_t limit = transcript_cp_to_byte(t, hcp + 2 * cp_len + 200);
			k = tail_for(tails, hp->e, limit, target);
			if (k != SIZE_MAX)
				cand_add(&cl, &r, &it,
				         &(struct place){hp->s, tails->v[k].e,
				                         hp->exact && tails->v[k].exact});
		}
	} else {
		const struct plist *l = &r.pats[r.qi[0]].all;
		for (size_t k = 0; k < l->n && k < MAX_PLACES; k++)
			cand_add(&cl, &r, &it, &l->v[k]);
	}
	if (it.prefix || it.suffix) { /* and where it may stand edited */
		struct ctx_search cs;
		struct elist el;
		size_t who = 0;
		ctx_search_run(&r, &who, 1, &cs);
		edit_cands(&r, &cs, 0, &el);
		for (size_t k = 0; k < el.n; k++) {
			struct anchor_place ap = {
			    el.v[k].s, el.v[k].e,
			    (int)(el.v[k].units * 4) - (int)el.v[k].dist * 4 -
			        (int)(el.v[k].dev > 1000 ? 1000 : el.v[k].dev),
			    false};
			bool seen = false;
			for (size_t j = 0; j < cl.n && !seen; j++)
				seen = cl.v[j].start == ap.start && cl.v[j].end == ap.end;
			if (!seen)
				VEC_PUSH(cl.v, cl.n, cl.cap, ap);
		}
		free(el.v);
		ctx_search_done(&r, &cs);
	}
	patterns_free(&r);
	free(r.qi);
	free(r.qe);
	cand_hint = cl.hint;
	sort_array(cl.v, cl.n, sizeof(*cl.v), cand_cmp);
	n = cl.n < max ? cl.n : max;
	if (n)
		memcpy(out, cl.v, n * sizeof(*out));
	free(cl.v);
	return n;
}

static size_t clamp(size_t v, size_t max)
{
	return v > max ? max : v;
}

void anchor_make_quote(const struct transcript *t, size_t start, size_t end, char **quote,
                       char **quote_end)
{
	const char *s = t->text;
	size_t n, head, tail;

	end = clamp(end, t->len);
	start = clamp(start, end);
	n = utf8_count(s + start, end - start);
	if (n <= ANCHOR_FULL_QUOTE) {
		*quote = xstrndup(s + start, end - start);
		*quote_end = NULL;
		return;
	}
	head = start + utf8_advance(s + start, end - start, ANCHOR_HALF_QUOTE);
	tail = end;
	for (int i = 0; i < ANCHOR_HALF_QUOTE; i++)
		tail = utf8_prev(s, tail);
	*quote = xstrndup(s + start, head - start);
	*quote_end = xstrndup(s + tail, end - tail);
}

void anchor_make_context(const struct transcript *t, size_t start, size_t end, char **prefix,
                         char **suffix)
{
	const char *s = t->text;
	size_t a, b;

	end = clamp(end, t->len);
	start = clamp(start, end);
	a = start;
	for (int i = 0; i < ANCHOR_CONTEXT && a > 0; i++)
		a = utf8_prev(s, a);
	b = end + utf8_advance(s + end, t->len - end, ANCHOR_CONTEXT);
	*prefix = xstrndup(s + a, start - a);
	*suffix = xstrndup(s + end, b - end);
}
