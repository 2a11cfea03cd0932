/* agree.c — inter-coder agreement (see agree.h).
 *
 * A document's units are numbered 0..N-1 (for characters: its content code points), and
 * every coding becomes an interval [a, b) of unit numbers for one variable, coder and
 * value (a mark). For each variable the marks are swept once, left to right: between two
 * consecutive mark boundaries every unit has the same value for every coder, so one call
 * of agree_tab_add with that run's length as weight stands for all of them. A document
 * costs its units plus its codings, whatever the unit. */
#include "gloss/agree.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

static const char *const unit_names[] = {"turn", "sentence", "line", "character"};

bool agree_unit_parse(const char *s, enum agree_unit *u)
{
	for (size_t i = 0; i < ARRAY_LEN(unit_names); i++) {
		if (strcmp(s, unit_names[i]) == 0) {
			*u = (enum agree_unit)i;
			return true;
		}
	}
	return false;
}

const char *agree_unit_name(enum agree_unit u)
{
	return unit_names[u];
}

/* ---- tables ------------------------------------------------------------------------- */

void agree_tab_init(struct agree_tab *t, size_t ncat, size_t ncoders, bool binary)
{
	memset(t, 0, sizeof(*t));
	t->ncat = ncat;
	t->ncoders = ncoders;
	t->binary = binary;
	t->o = xcalloc(ncat * ncat + 1, sizeof(*t->o));
	t->ct = xcalloc(ncat * ncat + 1, sizeof(*t->ct));
	t->coded = xcalloc(ncoders + 1, sizeof(*t->coded));
	t->scratch = xcalloc(ncat + 1, sizeof(*t->scratch));
	t->distinct = xcalloc(ncoders + 1, sizeof(*t->distinct));
}

void agree_tab_done(struct agree_tab *t)
{
	free(t->o);
	free(t->ct);
	free(t->coded);
	free(t->scratch);
	free(t->distinct);
	memset(t, 0, sizeof(*t));
}

/* add_pairs: the unit's contribution to the coincidence matrix: every ordered pair of
 * values from different coders, weighted 1 / (m - 1) (Krippendorff 2011, step B). */
static void add_pairs(struct agree_tab *t, const int *distinct, size_t nd, size_t m, size_t w)
{
	double f = (double)w / (double)(m - 1);

	for (size_t i = 0; i < nd; i++) {
		size_t c = (size_t)distinct[i], nc = t->scratch[c];
		for (size_t j = 0; j < nd; j++) {
			size_t k = (size_t)distinct[j], nk = t->scratch[k];
			t->o[c * t->ncat + k] += f * (double)(c == k ? nc * (nc - 1) : nc * nk);
		}
	}
}

void agree_tab_add(struct agree_tab *t, const int *values, size_t weight)
{
	int *distinct = t->distinct;
	size_t nd = 0, m = 0;

	if (weight == 0)
		return;
	for (size_t k = 0; k < t->ncoders; k++) {
		int v = values[k];
		if (v == AGREE_MISSING)
			continue;
		m++;
		if (t->binary ? v == 1 : true)
			t->coded[k] += weight;
		if (t->scratch[v]++ == 0)
			distinct[nd++] = v;
	}
	if (m >= 2) {
		add_pairs(t, distinct, nd, m, weight);
		t->units += weight;
		if (nd == 1)
			t->agreements += weight;
		else
			t->disagreements += weight;
	}
	if (t->ncoders == 2 && values[0] != AGREE_MISSING && values[1] != AGREE_MISSING) {
		t->ct[(size_t)values[0] * t->ncat + (size_t)values[1]] += (double)weight;
		t->ct_n += weight;
	}
	for (size_t i = 0; i < nd; i++)
		t->scratch[distinct[i]] = 0;
}

void agree_tab_sum(struct agree_tab *dst, const struct agree_tab *src, size_t offset)
{
	for (size_t c = 0; c < src->ncat; c++) {
		for (size_t k = 0; k < src->ncat; k++) {
			size_t d = (c + offset) * dst->ncat + k + offset;
			dst->o[d] += src->o[c * src->ncat + k];
			dst->ct[d] += src->ct[c * src->ncat + k];
		}
	}
	for (size_t k = 0; k < src->ncoders && k < dst->ncoders; k++)
		dst->coded[k] += src->coded[k];
	dst->ct_n += src->ct_n;
	dst->units += src->units;
	dst->agreements += src->agreements;
	dst->disagreements += src->disagreements;
}

/* kappa: Cohen (1960): (p_o - p_e) / (1 - p_e) over the units both coders valued. */
static void kappa(const struct agree_tab *t, struct agree_stats *s)
{
	double n = (double)t->ct_n, po = 0, pe = 0;

	s->kappa = s->p_o = s->p_e = NAN;
	if (t->ncoders != 2 || t->ct_n == 0)
		return;
	for (size_t c = 0; c < t->ncat; c++) {
		double row = 0, col = 0;
		for (size_t k = 0; k < t->ncat; k++) {
			row += t->ct[c * t->ncat + k];
			col += t->ct[k * t->ncat + c];
		}
		po += t->ct[c * t->ncat + c];
		pe += (row / n) * (col / n);
	}
	s->p_o = po / n;
	s->p_e = pe;
	if (1.0 - pe > 1e-12)
		s->kappa = (s->p_o - pe) / (1.0 - pe);
}

/* alpha: Krippendorff (2011), nominal: 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k */
static void alpha(const struct agree_tab *t, struct agree_stats *s)
{
	double n = 0, dis = 0, exp = 0, sq = 0;

	for (size_t c = 0; c < t->ncat; c++) {
		double nc = 0;
		for (size_t k = 0; k < t->ncat; k++) {
			nc += t->o[c * t->ncat + k];
			if (c != k)
				dis += t->o[c * t->ncat + k];
		}
		n += nc;
		sq += nc * nc;
	}
	exp = n * n - sq; /* sum over c != k of n_c n_k */
	s->n = n;
	s->alpha = s->d_o = s->d_e = NAN;
	if (n < 2)
		return;
	s->d_o = dis;
	s->d_e = exp / (n - 1);
	if (exp > 1e-9)
		s->alpha = 1.0 - (n - 1) * dis / exp;
}

void agree_tab_stats(const struct agree_tab *t, struct agree_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->percent = t->units ? (double)t->agreements / (double)t->units : NAN;
	kappa(t, s);
	alpha(t, s);
}

/* ---- units -------------------------------------------------------------------------- */

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (!utf8_is_space(cp))
			return false;
	}
	return true;
}

static void push_span(struct agree_span **v, size_t *n, size_t *cap, size_t s, size_t e)
{
	VEC_PUSH(*v, *n, *cap, ((struct agree_span){s, e}));
}

static size_t units_turns(const struct transcript *t, struct agree_span **v)
{
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < t->nturns; i++)
		if (t->turns[i].end > t->turns[i].start)
			push_span(v, &n, &cap, t->turns[i].start, t->turns[i].end);
	return n;
}

static size_t units_lines(const struct transcript *t, struct agree_span **v)
{
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *l = &t->lines[i];
		size_t end = l->off + l->len;
		if (!l->front && end > l->content && !blank(t->text + l->content, end - l->content))
			push_span(v, &n, &cap, l->content, end);
	}
	return n;
}

static size_t units_sentences(const struct transcript *t, struct agree_span **v)
{
	size_t n = 0, cap = 0, pos = 0, last = 0, s, e;

	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *l = &t->lines[i];
		size_t end = l->off + l->len;
		if (l->front)
			continue;
		if (pos < l->content)
			pos = l->content;
		while (pos < end) {
			while (pos < end && (t->text[pos] == ' ' || t->text[pos] == '\t'))
				pos++;
			if (pos >= end)
				break;
			transcript_sentence_bounds(t, pos, &s, &e);
			if (e <= pos) {
				pos = end;
				break;
			}
			if (s < last)
				s = last;
			if (e > s && !blank(t->text + s, e - s))
				push_span(v, &n, &cap, s, e);
			last = pos = e;
		}
	}
	return n;
}

bool agree_speaker_kept(const struct agree_speakers *sp, const char *speaker)
{
	bool kept;

	if (!sp || sp->nonly + sp->nbut_not == 0)
		return true;
	if (!speaker)
		speaker = "";
	kept = sp->nonly == 0;
	for (size_t i = 0; i < sp->nonly && !kept; i++)
		kept = strcasecmp(sp->only[i], speaker) == 0;
	for (size_t i = 0; i < sp->nbut_not && kept; i++)
		kept = strcasecmp(sp->but_not[i], speaker) != 0;
	return kept;
}

/* speaker_at: the speaker of the turn byte x lies in (NULL: in no turn) */
static const char *speaker_at(const struct transcript *t, size_t x)
{
	size_t lo = transcript_turn_ending_after(t, x);

	if (lo < t->nturns && t->turns[lo].start <= x)
		return t->turns[lo].speaker;
	return NULL;
}

size_t agree_units_of(const struct transcript *t, enum agree_unit u,
                      const struct agree_speakers *sp, struct agree_span **out)
{
	size_t n = agree_units(t, u, out), k = 0;

	if (!sp || sp->nonly + sp->nbut_not == 0)
		return n;
	for (size_t i = 0; i < n; i++)
		if (agree_speaker_kept(sp, speaker_at(t, (*out)[i].start)))
			(*out)[k++] = (*out)[i];
	return k;
}

size_t agree_units(const struct transcript *t, enum agree_unit u, struct agree_span **out)
{
	size_t n = 0;

	*out = NULL;
	switch (u) {
	case AGREE_TURN:
		n = units_turns(t, out);
		break;
	case AGREE_SENTENCE:
		n = units_sentences(t, out);
		break;
	case AGREE_LINE:
	case AGREE_CHARACTER:
		n = units_lines(t, out);
		break;
	}
	if (!*out)
		*out = xcalloc(1, sizeof(**out));
	return n;
}

/* docunits: a document's units and the map from byte ranges to unit numbers */
struct docunits {
	const struct transcript *t;
	bool chars;
	struct agree_span *spans;
	size_t n;
	size_t *cum;  /* chars: content code points before span i (n + 1 entries) */
	size_t total; /* N: units, or content code points */
};

static void docunits_init(struct docunits *du, const struct transcript *t, enum agree_unit u,
                          const struct agree_speakers *sp)
{
	memset(du, 0, sizeof(*du));
	du->t = t;
	du->chars = u == AGREE_CHARACTER;
	du->n = agree_units_of(t, u, sp, &du->spans);
	du->total = du->n;
	if (!du->chars)
		return;
	du->cum = xcalloc(du->n + 1, sizeof(*du->cum));
	for (size_t i = 0; i < du->n; i++)
		du->cum[i + 1] = du->cum[i] + utf8_count(t->text + du->spans[i].start,
		                                         du->spans[i].end - du->spans[i].start);
	du->total = du->cum[du->n];
}

static void docunits_done(struct docunits *du)
{
	free(du->spans);
	free(du->cum);
}

/* first_ending_after: the first span whose end is beyond byte x (n when none) */
static size_t first_ending_after(const struct docunits *du, size_t x)
{
	size_t lo = 0, hi = du->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (du->spans[mid].end > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* first_starting_at: the first span that starts at or after byte x */
static size_t first_starting_at(const struct docunits *du, size_t x)
{
	size_t lo = 0, hi = du->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (du->spans[mid].start >= x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* content_pos: content code points before byte x */
static size_t content_pos(const struct docunits *du, size_t x)
{
	size_t i = first_ending_after(du, x);

	if (i == du->n)
		return du->total;
	if (x <= du->spans[i].start)
		return du->cum[i];
	return du->cum[i] + utf8_count(du->t->text + du->spans[i].start, x - du->spans[i].start);
}

/* docunits_map: the units bytes [s, e) applies to, as [*a, *b) */
static void docunits_map(const struct docunits *du, size_t s, size_t e, size_t *a, size_t *b)
{
	if (du->chars) {
		*a = content_pos(du, s);
		*b = content_pos(du, e);
	} else {
		*a = first_ending_after(du, s);
		*b = first_starting_at(du, e > s ? e : s + 1);
	}
	if (*b < *a)
		*b = *a;
}

/* docunits_byte: the byte where unit (content code point) p starts; at_end: where the unit
 * before p ends */
static size_t docunits_byte(const struct docunits *du, size_t p, bool at_end)
{
	size_t lo = 0, hi = du->n;

	if (!du->chars)
		return at_end ? du->spans[p - 1].end : du->spans[p].start;
	while (lo < hi) { /* the first span whose code points reach beyond p (or to p) */
		size_t mid = lo + (hi - lo) / 2;
		if (at_end ? du->cum[mid + 1] >= p : du->cum[mid + 1] > p)
			hi = mid;
		else
			lo = mid + 1;
	}
	if (lo >= du->n)
		return du->n ? du->spans[du->n - 1].end : 0;
	return du->spans[lo].start + utf8_advance(du->t->text + du->spans[lo].start,
	                                          du->spans[lo].end - du->spans[lo].start,
	                                          p - du->cum[lo]);
}

/* ---- marks and the sweep ------------------------------------------------------------ */

struct mark {
	size_t var;
	unsigned coder;
	int value;
	size_t a, b;
};

struct marks {
	struct mark *v;
	size_t n, cap;
};

static void marks_add(struct marks *m, size_t var, unsigned coder, int value, size_t a, size_t b)
{
	if (b > a)
		VEC_PUSH(m->v, m->n, m->cap, ((struct mark){var, coder, value, a, b}));
}

static int mark_cmp(const void *x, const void *y)
{
	const struct mark *p = x, *q = y;

	if (p->var != q->var)
		return p->var < q->var ? -1 : 1;
	return (p->a > q->a) - (p->a < q->a);
}

struct event {
	size_t pos;
	unsigned coder;
	int value, delta;
};

static int event_cmp(const void *x, const void *y)
{
	const struct event *p = x, *q = y;

	return (p->pos > q->pos) - (p->pos < q->pos);
}

/* struct sweep: one variable's state while its marks are swept */
struct sweep {
	size_t ncoders, nvals;
	bool binary;
	bool uncoded_none;   /* not binary: a coder present with no value has the last one */
	const bool *present; /* per coder: coded the document */
	unsigned *cnt;       /* ncoders x nvals: marks covering the current unit */
	unsigned *nact;      /* per coder: values with cnt > 0 */
	int *values;
	struct event *ev;
	size_t nev, capev;
	/* called for every run [p, q) of units with the same values; viol: coders with
	 * several values there */
	void (*cell)(void *ctx, size_t p, size_t q, const int *values, size_t viol);
	void *ctx;
};

static void sweep_values(struct sweep *s, size_t *viol)
{
	*viol = 0;
	for (size_t k = 0; k < s->ncoders; k++) {
		int v = AGREE_MISSING;
		if (s->present[k] && s->binary)
			v = s->nact[k] > 0;
		else if (s->present[k] && s->nact[k] == 0 && s->uncoded_none)
			v = (int)s->nvals - 1;
		else if (s->present[k] && s->nact[k] == 1)
			for (size_t j = 0; j < s->nvals; j++)
				if (s->cnt[k * s->nvals + j])
					v = (int)j;
		if (s->present[k] && !s->binary && s->nact[k] > 1)
			(*viol)++;
		s->values[k] = v;
	}
}

static void sweep_apply(struct sweep *s, const struct event *e)
{
	unsigned *c = &s->cnt[e->coder * s->nvals + (size_t)e->value];

	if (e->delta > 0 && (*c)++ == 0)
		s->nact[e->coder]++;
	else if (e->delta < 0 && --(*c) == 0)
		s->nact[e->coder]--;
}

/* sweep_run: the runs of [0, total) for the marks m[0..n) of one variable */
static void sweep_run(struct sweep *s, const struct mark *m, size_t n, size_t total)
{
	size_t pos = 0, i = 0, viol;

	s->nev = 0;
	for (size_t k = 0; k < n; k++) {
		VEC_PUSH(s->ev, s->nev, s->capev,
		         ((struct event){m[k].a, m[k].coder, m[k].value, 1}));
		VEC_PUSH(s->ev, s->nev, s->capev,
		         ((struct event){m[k].b, m[k].coder, m[k].value, -1}));
	}
	sort_array(s->ev, s->nev, sizeof(*s->ev), event_cmp);
	memset(s->cnt, 0, s->ncoders * s->nvals * sizeof(*s->cnt));
	memset(s->nact, 0, s->ncoders * sizeof(*s->nact));
	while (pos < total) {
		size_t next;
		while (i < s->nev && s->ev[i].pos <= pos)
			sweep_apply(s, &s->ev[i++]);
		next = i < s->nev && s->ev[i].pos < total ? s->ev[i].pos : total;
		sweep_values(s, &viol);
		s->cell(s->ctx, pos, next, s->values, viol);
		pos = next;
	}
}

static void sweep_init(struct sweep *s, size_t ncoders, size_t maxvals, const bool *present)
{
	memset(s, 0, sizeof(*s));
	s->ncoders = ncoders;
	s->present = present;
	s->cnt = xcalloc(ncoders * (maxvals ? maxvals : 1), sizeof(*s->cnt));
	s->nact = xcalloc(ncoders, sizeof(*s->nact));
	s->values = xcalloc(ncoders, sizeof(*s->values));
}

static void sweep_done(struct sweep *s)
{
	free(s->cnt);
	free(s->nact);
	free(s->values);
	free(s->ev);
}

/* ---- a project ---------------------------------------------------------------------- */

/* run: the state of agree_run. Variables: binary mode, var c is code c with its
 * descendants, and var ncodes + c the codings whose nearest compared code at or above
 * their own is c (the pooled row adds these up, so no coding counts twice); theme mode,
 * var c is theme c. */
struct run {
	const struct project *p;
	const struct codebook *cb;
	const struct agree_opts *o;
	struct agree *res;
	bool *want;             /* per code: a row of its own */
	int *childpos;          /* per code: its place among its parent's children */
	int *coder_of;          /* per project coder: index among the compared coders, or -1 */
	struct agree_tab *tabs; /* per var (only wanted ones initialised) */
	size_t nvars;
	size_t *viol; /* per var */
	bool *present;
	struct marks marks;
	struct sweep sw;
	size_t cur; /* the var being swept */
};

static size_t var_vals(const struct run *r, size_t var)
{
	if (!r->o->theme_as_variable)
		return 1;
	return r->cb->codes[var].nchildren + (r->o->uncoded_none ? 1 : 0); /* then "none" */
}

static bool var_wanted(const struct run *r, size_t var)
{
	size_t nc = r->cb->ncodes;

	if (r->o->theme_as_variable)
		return r->want[var];
	if (var < nc)
		return r->want[var];
	return r->want[var - nc];
}

static void run_cell(void *ctx, size_t p, size_t q, const int *values, size_t viol)
{
	struct run *r = ctx;

	agree_tab_add(&r->tabs[r->cur], values, q - p);
	r->viol[r->cur] += viol * (q - p);
}

/* mark_coding: the marks one coding of code ci gives */
static void mark_coding(struct run *r, unsigned k, int ci, size_t a, size_t b)
{
	bool pooled = false;
	const struct code *codes = r->cb->codes;
	size_t nc = r->cb->ncodes;

	if (r->o->theme_as_variable) {
		for (int x = ci; codes[x].parent >= 0; x = codes[x].parent)
			if (r->want[codes[x].parent])
				marks_add(&r->marks, (size_t)codes[x].parent, k, r->childpos[x], a,
				          b);
		return;
	}
	for (int x = ci; x >= 0; x = codes[x].parent) {
		if (!r->want[x])
			continue;
		marks_add(&r->marks, (size_t)x, k, 0, a, b);
		if (!pooled) /* the nearest compared code at or above ci pools it */
			marks_add(&r->marks, nc + (size_t)x, k, 0, a, b);
		pooled = true;
	}
}

/* sweep_doc: every wanted variable over the document's units */
static void sweep_doc(struct run *r, size_t total)
{
	size_t i = 0;

	sort_array(r->marks.v, r->marks.n, sizeof(*r->marks.v), mark_cmp);
	for (size_t var = 0; var < r->nvars; var++) {
		size_t j = i;
		while (j < r->marks.n && r->marks.v[j].var == var)
			j++;
		if (var_wanted(r, var) &&
		    (j > i || !r->o->theme_as_variable || r->o->uncoded_none)) {
			r->cur = var;
			r->sw.nvals = var_vals(r, var);
			r->sw.binary = !r->o->theme_as_variable;
			sweep_run(&r->sw, r->marks.v + i, j - i, total);
		}
		i = j;
	}
}

/* ---- a document, prepared ---------------------------------------------------------
 * What agree_run needs of a document, without its text: its name, its units' count, the
 * coders with a codings file, and where each coding falls among the units. */

struct prep_coding {
	size_t code; /* offset of the code id in prep.pool */
	unsigned set;
	bool counted;
	size_t a, b;
};

struct prep {
	char *name;
	size_t total;
	char **coders; /* the coders with a codings file (exists) */
	size_t ncoders;
	struct prep_coding *c;
	size_t n, cap;
	struct strbuf pool;
	bool *seen; /* per name of the speakers (only, then not): a turn of it is here */
};

static bool *speakers_seen(const struct transcript *t, const struct agree_speakers *sp)
{
	size_t n = sp ? sp->nonly + sp->nbut_not : 0;
	bool *seen = xcalloc(n + 1, sizeof(*seen));

	for (size_t k = 0; k < n; k++) {
		const char *name = k < sp->nonly ? sp->only[k] : sp->but_not[k - sp->nonly];
		for (size_t i = 0; i < t->nturns && !seen[k]; i++)
			seen[k] = t->turns[i].speaker && strcasecmp(t->turns[i].speaker, name) == 0;
	}
	return seen;
}

static struct prep *prep_new(const struct doc *d, enum agree_unit u,
                             const struct agree_speakers *sp)
{
	struct prep *pr = xcalloc(1, sizeof(*pr));
	struct docunits du;

	docunits_init(&du, d->t, u, sp);
	pr->seen = speakers_seen(d->t, sp);
	pr->name = xstrdup(d->t->name);
	pr->total = du.total;
	pr->coders = xcalloc(d->nsets + 1, sizeof(*pr->coders));
	for (size_t s = 0; s < d->nsets; s++) {
		const struct codings *c = d->sets[s];
		if (!c->exists)
			continue;
		for (size_t i = 0; i < c->len; i++) {
			const struct coding *cd = &c->items[i];
			struct prep_coding pc = {pr->pool.len, (unsigned)pr->ncoders,
			                         coding_counted(cd), 0, 0};
			sb_add(&pr->pool, cd->code, strlen(cd->code) + 1);
			docunits_map(&du, cd->start, cd->end, &pc.a, &pc.b);
			VEC_PUSH(pr->c, pr->n, pr->cap, pc);
		}
		pr->coders[pr->ncoders++] = xstrdup(c->coder);
	}
	docunits_done(&du);
	return pr;
}

static void prep_free(struct prep *pr)
{
	if (!pr)
		return;
	for (size_t k = 0; k < pr->ncoders; k++)
		free(pr->coders[k]);
	free(pr->coders);
	free(pr->seen);
	free(pr->name);
	free(pr->c);
	sb_done(&pr->pool);
	free(pr);
}

void agree_prepare(void *ctx, unsigned worker, struct doc *doc)
{
	const struct agree_opts *o = ctx;

	(void)worker;
	doc->user = prep_new(doc, o->unit, &o->speakers);
}

void agree_prepared_free(struct project *p)
{
	for (size_t i = 0; i < p->ndocs; i++) {
		prep_free(p->docs[i].user);
		p->docs[i].user = NULL;
	}
}

static void skip_doc(struct run *r, const struct prep *pr)
{
	struct agree *res = r->res;
	struct agree_skip sk = {NULL, NULL, 0};
	size_t cap = 0;

	sk.doc = xstrdup(pr->name);
	for (size_t k = 0; k < res->ncoders; k++)
		if (r->present[k])
			VEC_PUSH(sk.coders, sk.ncoders, cap, xstrdup(res->coders[k]));
	cap = res->nskipped;
	VEC_PUSH(res->skipped, res->nskipped, cap, sk);
}

/* mark_prep: the marks of the document's codings by the compared coders (map[set]: the
 * coder's index, or -1) */
static void mark_prep(struct run *r, const struct prep *pr, const int *map)
{
	for (size_t i = 0; i < pr->n; i++) {
		const struct prep_coding *pc = &pr->c[i];
		int ci;
		if (map[pc->set] < 0)
			continue;
		if (!pc->counted) {
			r->res->drifted++;
			continue;
		}
		ci = codebook_find(r->cb, pr->pool.data + pc->code);
		if (ci < 0)
			r->res->unknown++;
		else
			mark_coding(r, (unsigned)map[pc->set], ci, pc->a, pc->b);
	}
}

static void run_doc(struct run *r, const struct prep *pr)
{
	int *map = xcalloc(pr->ncoders + 1, sizeof(*map));
	size_t npresent = 0;

	for (size_t k = 0; k < r->res->speakers.nonly + r->res->speakers.nbut_not; k++)
		r->res->speaker_seen[k] = r->res->speaker_seen[k] || pr->seen[k];
	memset(r->present, 0, r->res->ncoders * sizeof(*r->present));
	for (size_t s = 0; s < pr->ncoders; s++) {
		map[s] = -1;
		for (size_t k = 0; k < r->res->ncoders && map[s] < 0; k++)
			if (strcmp(pr->coders[s], r->res->coders[k]) == 0)
				map[s] = (int)k;
		if (map[s] >= 0 && !r->present[map[s]])
			r->present[map[s]] = true, npresent++;
	}
	if (npresent < 2) {
		skip_doc(r, pr);
	} else {
		r->res->ndocs++;
		r->marks.n = 0;
		mark_prep(r, pr, map);
		sweep_doc(r, pr->total);
	}
	free(map);
}

static void pick_coders(struct agree *res, const struct project *p, const struct agree_opts *o)
{
	size_t n = o->ncoders ? o->ncoders : p->ncoders;

	res->coders = xcalloc(n + 1, sizeof(*res->coders));
	for (size_t k = 0; k < n; k++) {
		const char *name = o->ncoders ? o->coders[k] : p->coders[k];
		bool dup = false;
		for (size_t j = 0; j < res->ncoders; j++)
			dup = dup || strcmp(res->coders[j], name) == 0;
		if (!dup)
			res->coders[res->ncoders++] = xstrdup(name);
	}
}

/* child_positions: every code's place among its parent's direct children */
static void child_positions(const struct codebook *cb, int *pos)
{
	int *next = xcalloc(cb->ncodes + 1, sizeof(*next));

	for (size_t i = 0; i < cb->ncodes; i++)
		if (cb->codes[i].parent >= 0)
			pos[i] = next[cb->codes[i].parent]++;
	free(next);
}

static void pick_codes(struct run *r)
{
	const struct codebook *cb = r->cb;

	r->want = xcalloc(cb->ncodes + 1, sizeof(*r->want));
	r->childpos = xcalloc(cb->ncodes + 1, sizeof(*r->childpos));
	for (size_t i = 0; i < cb->ncodes; i++) {
		bool theme = cb->codes[i].nchildren > 0;
		r->want[i] = !r->o->theme_as_variable || theme;
		if (r->o->ncodes) {
			r->want[i] = false;
			for (size_t j = 0; j < r->o->ncodes; j++)
				r->want[i] =
				    r->want[i] || strcmp(cb->codes[i].id, r->o->codes[j]) == 0;
			r->want[i] = r->want[i] && (!r->o->theme_as_variable || theme);
		}
	}
	child_positions(cb, r->childpos);
}

static void run_init(struct run *r, const struct project *p, const struct agree_opts *o)
{
	size_t nc = p->cb->ncodes;

	memset(r, 0, sizeof(*r));
	r->p = p;
	r->cb = p->cb;
	r->o = o;
	r->res = xcalloc(1, sizeof(*r->res));
	r->res->unit = o->unit;
	r->res->theme_as_variable = o->theme_as_variable;
	r->res->uncoded_none = o->theme_as_variable && o->uncoded_none;
	r->res->speakers = o->speakers;
	r->res->speaker_seen = xcalloc(o->speakers.nonly + o->speakers.nbut_not + 1, sizeof(bool));
	pick_coders(r->res, p, o);
	pick_codes(r);
	r->nvars = o->theme_as_variable ? nc : 2 * nc;
	r->tabs = xcalloc(r->nvars + 1, sizeof(*r->tabs));
	r->viol = xcalloc(r->nvars + 1, sizeof(*r->viol));
	for (size_t v = 0; v < r->nvars; v++)
		if (var_wanted(r, v))
			agree_tab_init(&r->tabs[v], o->theme_as_variable ? var_vals(r, v) : 2,
			               r->res->ncoders, !o->theme_as_variable);
	r->present = xcalloc(r->res->ncoders + 1, sizeof(*r->present));
	sweep_init(&r->sw, r->res->ncoders, o->theme_as_variable ? nc + 1 : 1, r->present);
	r->sw.uncoded_none = o->theme_as_variable && o->uncoded_none;
	r->sw.cell = run_cell;
	r->sw.ctx = r;
}

static void row_from(struct agree_row *row, const struct codebook *cb, int c)
{
	row->code = c;
	row->id = cb->codes[c].id;
	row->name = cb->codes[c].name ? cb->codes[c].name : cb->codes[c].id;
	row->depth = cb->codes[c].depth;
	row->theme = cb->codes[c].nchildren > 0;
}

/* make_rows: one row per wanted variable (taking its table), then the pooled row */
static void make_rows(struct run *r)
{
	struct agree *res = r->res;
	size_t nc = r->cb->ncodes, pooled_cat = 2, off = 0;
	struct agree_row *pooled;

	res->rows = xcalloc(nc + 2, sizeof(*res->rows));
	if (r->o->theme_as_variable) {
		pooled_cat = 0;
		for (size_t c = 0; c < nc; c++)
			pooled_cat += r->want[c] ? var_vals(r, c) : 0;
	}
	pooled = &res->rows[nc + 1]; /* built aside, moved to its place at the end */
	agree_tab_init(&pooled->tab, pooled_cat ? pooled_cat : 1, res->ncoders,
	               !r->o->theme_as_variable);
	for (size_t c = 0; c < nc; c++) {
		struct agree_row *row;
		size_t own = r->o->theme_as_variable ? c : nc + c;
		if (!r->want[c])
			continue;
		row = &res->rows[res->nrows++];
		row_from(row, r->cb, (int)c);
		row->tab = r->tabs[c];
		row->ncat = row->tab.ncat;
		row->violations = r->viol[c];
		res->violations += r->viol[c];
		agree_tab_stats(&row->tab, &row->st);
		agree_tab_sum(&pooled->tab, &r->tabs[own], r->o->theme_as_variable ? off : 0);
		off += row->ncat;
		memset(&r->tabs[c], 0, sizeof(r->tabs[c]));
	}
	pooled->code = -1;
	pooled->id = "*";
	pooled->name = r->o->theme_as_variable ? "all themes" : "all codes";
	pooled->ncat = pooled->tab.ncat;
	pooled->violations = res->violations;
	agree_tab_stats(&pooled->tab, &pooled->st);
	res->rows[res->nrows++] = *pooled;
	memset(pooled, 0, sizeof(*pooled));
}

static void run_done(struct run *r)
{
	for (size_t v = 0; v < r->nvars; v++)
		if (r->tabs[v].o)
			agree_tab_done(&r->tabs[v]);
	free(r->tabs);
	free(r->viol);
	free(r->want);
	free(r->childpos);
	free(r->present);
	free(r->marks.v);
	sweep_done(&r->sw);
}

struct agree *agree_run(const struct project *p, const struct agree_opts *o)
{
	struct run r;
	struct agree *res;

	run_init(&r, p, o);
	for (size_t d = 0; d < p->ndocs; d++) {
		struct prep *pr = o->prepared ? p->docs[d].user : NULL;
		if (pr) {
			run_doc(&r, pr);
		} else if (!o->prepared && p->docs[d].t) {
			pr = prep_new(&p->docs[d], o->unit, &o->speakers);
			run_doc(&r, pr);
			prep_free(pr);
		}
	}
	make_rows(&r);
	res = r.res;
	run_done(&r);
	return res;
}

void agree_free(struct agree *a)
{
	if (!a)
		return;
	for (size_t i = 0; i < a->ncoders; i++)
		free(a->coders[i]);
	free(a->coders);
	for (size_t i = 0; i < a->nrows; i++)
		agree_tab_done(&a->rows[i].tab);
	free(a->rows);
	for (size_t i = 0; i < a->nskipped; i++) {
		free(a->skipped[i].doc);
		for (size_t k = 0; k < a->skipped[i].ncoders; k++)
			free(a->skipped[i].coders[k]);
		free(a->skipped[i].coders);
	}
	free(a->skipped);
	free(a->speaker_seen);
	free(a);
}

/* ---- where two coders differ -------------------------------------------------------- */

struct diffs {
	const struct docunits *du;
	struct agree_diff *v;
	size_t n, cap;
	int code;
};

static void diff_cell(void *ctx, size_t p, size_t q, const int *values, size_t viol)
{
	struct diffs *d = ctx;
	const struct docunits *du = d->du;

	(void)viol;
	if (values[0] == values[1])
		return;
	if (du->chars) {
		struct agree_diff x = {docunits_byte(du, p, false), docunits_byte(du, q, true),
		                       d->code, values[0] == 1, values[1] == 1};
		VEC_PUSH(d->v, d->n, d->cap, x);
		return;
	}
	for (size_t u = p; u < q; u++) {
		struct agree_diff x = {du->spans[u].start, du->spans[u].end, d->code,
		                       values[0] == 1, values[1] == 1};
		VEC_PUSH(d->v, d->n, d->cap, x);
	}
}

static int diff_cmp(const void *x, const void *y)
{
	const struct agree_diff *p = x, *q = y;

	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return (p->code > q->code) - (p->code < q->code);
}

static void diff_marks(struct marks *m, unsigned k, const struct codings *c,
                       const struct codebook *cb, const struct docunits *du)
{
	for (size_t i = 0; c && i < c->len; i++) {
		const struct coding *cd = &c->items[i];
		int ci = coding_counted(cd) ? codebook_find(cb, cd->code) : -1;
		size_t a, b;
		if (ci < 0)
			continue;
		docunits_map(du, cd->start, cd->end, &a, &b);
		marks_add(m, (size_t)ci, k, 0, a, b);
	}
}

size_t agree_doc_diffs(const struct transcript *t, const struct codings *a, const struct codings *b,
                       const struct codebook *cb, enum agree_unit u, struct agree_diff **out)
{
	return agree_doc_diffs_of(t, a, b, cb, u, NULL, out);
}

size_t agree_doc_diffs_of(const struct transcript *t, const struct codings *a,
                          const struct codings *b, const struct codebook *cb, enum agree_unit u,
                          const struct agree_speakers *sp, struct agree_diff **out)
{
	static const bool both[2] = {true, true};
	struct docunits du;
	struct marks m = {0};
	struct diffs d = {0};
	struct sweep sw;
	size_t i = 0;

	docunits_init(&du, t, u, sp);
	d.du = &du;
	diff_marks(&m, 0, a, cb, &du);
	diff_marks(&m, 1, b, cb, &du);
	sort_array(m.v, m.n, sizeof(*m.v), mark_cmp);
	sweep_init(&sw, 2, 1, both);
	sw.nvals = 1;
	sw.binary = true;
	sw.cell = diff_cell;
	sw.ctx = &d;
	while (i < m.n) {
		size_t j = i;
		while (j < m.n && m.v[j].var == m.v[i].var)
			j++;
		d.code = (int)m.v[i].var;
		sweep_run(&sw, m.v + i, j - i, du.total);
		i = j;
	}
	sweep_done(&sw);
	free(m.v);
	docunits_done(&du);
	sort_array(d.v, d.n, sizeof(*d.v), diff_cmp);
	*out = d.v ? d.v : xcalloc(1, sizeof(**out));
	return d.n;
}
