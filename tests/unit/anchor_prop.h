/* anchor_prop.h — one random re-anchoring case drawn from a stream of bytes, shared by the
 * property test (tests/unit/test_anchor_prop.c, seeded) and the fuzz target
 * (tests/fuzz/fuzz_anchor.c, libFuzzer's bytes; when they run out a generator seeded by
 * them goes on).
 *
 * A case: a transcript of lines built from a small pool of sentences (so sentences, and
 * whole windows of context, repeat), random codings written by codings_add and
 * serialized as gloss writes them, then one to three edits (insert a sentence, insert a
 * copy of a piece of the text, delete, replace, duplicate a line, add or remove front
 * matter, normalise white space, CRLF line ends, typographic quotes). The harness follows
 * every coded passage through the edits: it survives when no edit touches it, and then
 * its new place is known. The codings file is read against the edited transcript and:
 *  P1 none is lost: every coding is read back, none has errors;
 *  P2 a coding whose passage survived, and whose stored context + passage occurs exactly
 *     once in the text before and once after the edits, at its new place (for a long
 *     passage also its context + head and tail + context, as the middle is not kept), is found
 *     there: never elsewhere, and left out (ambiguous) only when another coding is placed
 *     where the harness cannot follow it (its passage was destroyed and its text found on
 *     a copy), which may take its segment or its place in the order;
 *  P3 a coding that is placed (OK or MOVED) holds its passage, loosely compared (short
 *     passages: a long one may have been edited in the middle);
 *  P4 drifted and ambiguous codings keep their offsets and quote (reported, not guessed);
 *  P5 no two codings from distinct segments end on one segment (a drifted or ambiguous
 *     coding whose quote no longer stands at its offsets holds no segment);
 *  P6 placed codings keep their relative order;
 *  P7 writing the result and reading it again keeps every placed coding where it is
 *     (an ambiguous one may be placed then: the codings around it have moved);
 *  P8 every drifted or ambiguous coding is reported (a warning at its line), every coding
 *     re-anchored with changes too (a note at its line).
 * Edits inside a passage (issue 16: a few code points inserted, deleted or replaced well
 * inside it) leave it alive, edited; such a passage whose old text is gone from the text,
 * whose stored prefix and suffix stand around its new place and occur once, is found at
 * its edited place (P2), and an edited coding holds at most a quarter of changes (P3).
 * prop_run returns NULL when every property holds, else which one broke (static text). */
#ifndef GLOSS_ANCHOR_PROP_H
#define GLOSS_ANCHOR_PROP_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/anchor.h"
#include "gloss/codings.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define PROP_MAX_CODINGS 12

static int prop_debug; /* print the case that breaks a property (for a person looking) */

struct prop_src {
	const uint8_t *p;
	size_t n, i;
	uint64_t x;
};

static inline unsigned prop_byte(struct prop_src *s)
{
	if (s->i < s->n)
		return s->p[s->i++];
	s->x ^= s->x << 13, s->x ^= s->x >> 7, s->x ^= s->x << 17;
	return (unsigned)(s->x >> 24) & 0xFF;
}

/* prop_pick: a number in [0, n) */
static inline size_t prop_pick(struct prop_src *s, size_t n)
{
	size_t v = prop_byte(s) | (size_t)prop_byte(s) << 8;

	return n ? v % n : 0;
}

static const char *const prop_pool[] = {
    "Yes.",
    "No.",
    "(skipped)",
    "I think so, yes.",
    "It's \"fine\", I'd say.",
    "We  met   twice.",
    "Caf\xC3\xA9, na\xC3\xAFve, Zo\xC3\xAB.",
    "That was \xE2\x80\x94 well \xE2\x80\x94 hard\xE2\x80\xA6",
    "Okay.",
    "Can you say more about that?",
    "The clinic on Thursdays is where I actually feel like I'm helping someone.",
    "Pro bono was a Saturday thing.",
};

/* a replacement of old bytes [a, b) by len bytes */
struct prop_rep {
	size_t a, b, len;
};

struct prop_case {
	struct strbuf text; /* the transcript as loaded (LF line ends) */
	struct strbuf raw;  /* the bytes to load (CRLF after that edit) */
	struct prop_rep reps[512];
	size_t nreps;
	bool overflow;
};

static inline size_t prop_cp_floor(const char *s, size_t i)
{
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static inline void prop_sentence(struct prop_src *src, struct strbuf *sb)
{
	sb_adds(sb, prop_pool[prop_pick(src, ARRAY_LEN(prop_pool))]);
}

static inline void prop_make_text(struct prop_src *src, struct strbuf *sb)
{
	size_t lines = 3 + prop_pick(src, 30);

	if (prop_pick(src, 4) == 0)
		sb_adds(sb, "---\nid: P01\n---\n");
	for (size_t i = 0; i < lines; i++) {
		size_t n = 1 + prop_pick(src, 3);
		sb_adds(sb, prop_pick(src, 2) ? "A: " : "B: ");
		for (size_t k = 0; k < n; k++) {
			if (k)
				sb_addc(sb, ' ');
			prop_sentence(src, sb);
		}
		sb_adds(sb, prop_pick(src, 5) == 0 ? "\n\n" : "\n");
	}
}

/* prop_apply: new text from old with the replacements (sorted, disjoint) */
static inline void prop_apply(struct prop_case *pc, const struct prop_rep *reps,
                              const char *const *with, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	size_t at = 0;

	for (size_t i = 0; i < n; i++) {
		sb_add(&out, pc->text.data + at, reps[i].a - at);
		sb_add(&out, with[i], reps[i].len);
		at = reps[i].b;
	}
	sb_add(&out, pc->text.data + at, pc->text.len - at);
	sb_done(&pc->text);
	pc->text = out;
	sb_reset(&pc->raw);
	sb_add(&pc->raw, pc->text.data, pc->text.len);
}

/* the passages followed through the edits */
struct prop_track {
	size_t s, e; /* bytes in the current text */
	bool alive;
	size_t changed; /* bytes replaced inside the passage (it survives edited) */
};

static inline void prop_follow(struct prop_track *tr, size_t n, const struct prop_rep *reps,
                               size_t nreps)
{
	for (size_t k = 0; k < n; k++) {
		long long shift = 0;
		long long grow = 0;
		for (size_t i = 0; tr[k].alive && i < nreps; i++) {
			const struct prop_rep *r = &reps[i];
			if (r->b <= tr[k].s) {
				shift += (long long)r->len - (long long)(r->b - r->a);
			} else if (r->a > tr[k].s && r->b < tr[k].e) { /* inside: edited */
				grow += (long long)r->len - (long long)(r->b - r->a);
				tr[k].changed += r->len > r->b - r->a ? r->len : r->b - r->a;
			} else if (r->a < tr[k].e) {
				tr[k].alive = false;
			}
		}
		tr[k].s = (size_t)((long long)tr[k].s + shift);
		tr[k].e = (size_t)((long long)tr[k].e + shift + grow);
	}
}

static inline size_t prop_range(struct prop_src *src, const struct strbuf *t, size_t *b)
{
	size_t a = prop_cp_floor(t->data, prop_pick(src, t->len + 1));

	*b = a + prop_pick(src, 80);
	*b = *b >= t->len ? t->len : prop_cp_floor(t->data, *b);
	if (*b < a)
		*b = a;
	return a;
}

static inline struct transcript *prop_load(const struct strbuf *sb)
{
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load_mem(sb->data ? sb->data : "", sb->len, "transcripts/p.txt", &d);
	diags_done(&d);
	return t;
}

/* prop_edit: one random edit of pc->text; tr follows it */
static inline void prop_edit(struct prop_src *src, struct prop_case *pc, struct prop_track *tr,
                             size_t ntr)
{
	static const char fm[] = "---\nsite: dublin\n---\n";
	struct strbuf ins = STRBUF_INIT;
	struct prop_rep r[512];
	const char *with[512];
	size_t n = 0, kind = prop_pick(src, 11), a, b;
	const char *t = pc->text.data;

	switch (kind) {
	case 0: /* insert a sentence */
	case 1: /* replace a range by a sentence */
		a = prop_range(src, &pc->text, &b);
		prop_sentence(src, &ins);
		sb_addc(&ins, ' ');
		r[n] = (struct prop_rep){a, kind ? b : a, ins.len}, with[n++] = ins.data;
		break;
	case 2: /* delete a range */
		a = prop_range(src, &pc->text, &b);
		r[n] = (struct prop_rep){a, b, 0}, with[n++] = "";
		break;
	case 3: /* insert a copy of a piece of the text: repeated windows */
		a = prop_range(src, &pc->text, &b);
		sb_add(&ins, t + a, b - a);
		a = prop_cp_floor(t, prop_pick(src, pc->text.len + 1));
		r[n] = (struct prop_rep){a, a, ins.len}, with[n++] = ins.data;
		break;
	case 4: { /* duplicate a line */
		const char *nl;
		a = prop_cp_floor(t, prop_pick(src, pc->text.len + 1));
		while (a > 0 && t[a - 1] != '\n')
			a--;
		nl = memchr(t + a, '\n', pc->text.len - a);
		b = nl ? (size_t)(nl - t) + 1 : pc->text.len;
		sb_add(&ins, t + a, b - a);
		r[n] = (struct prop_rep){b, b, ins.len}, with[n++] = ins.data;
		break;
	}
	case 5: { /* front matter added, or removed */
		struct transcript *cur = prop_load(&pc->raw);
		size_t body = cur->body;
		transcript_free(cur);
		if (body > 0)
			r[n] = (struct prop_rep){0, body, 0}, with[n++] = "";
		else
			r[n] = (struct prop_rep){0, 0, sizeof(fm) - 1}, with[n++] = fm;
		break;
	}
	case 6: /* white space runs normalised to one space */
		for (size_t i = 0; i + 1 < pc->text.len && n < ARRAY_LEN(r); i++)
			if (t[i] == ' ' && t[i + 1] == ' ') {
				size_t j = i + 1;
				while (j < pc->text.len && t[j] == ' ')
					j++;
				r[n] = (struct prop_rep){i + 1, j, 0}, with[n++] = "";
				i = j - 1;
			}
		break;
	case 7: /* typographic quotes */
		for (size_t i = 0, open = 1; i < pc->text.len && n < ARRAY_LEN(r); i++) {
			if (t[i] == '\'')
				r[n] = (struct prop_rep){i, i + 1, 3}, with[n++] = "\xE2\x80\x99";
			else if (t[i] == '"') {
				r[n] = (struct prop_rep){i, i + 1, 3};
				with[n++] = open ? "\xE2\x80\x9C" : "\xE2\x80\x9D";
				open = !open;
			}
		}
		break;
	case 9:
	case 10: { /* a few code points edited inside a coded passage (issue 16) */
		static const char *const words[] = {"really ", "[crosstalk] ", "\xE2\x80\x94", "x",
		                                    "maybe a third "};
		size_t k = ntr ? prop_pick(src, ntr) : 0, op = prop_pick(src, 3), len;
		if (!ntr || !tr[k].alive || tr[k].e - tr[k].s < 12) {
			sb_done(&ins);
			return;
		}
		a = prop_cp_floor(t, tr[k].s + 1 + prop_pick(src, tr[k].e - tr[k].s - 2));
		if (a <= tr[k].s)
			a = tr[k].s + 1, a = prop_cp_floor(t, a) > tr[k].s ? a : tr[k].s + 1;
		while (a < tr[k].e && ((unsigned char)t[a] & 0xC0) == 0x80)
			a++;
		b = a;
		if (op > 0) /* delete or replace one to three code points */
			for (size_t c = 1 + prop_pick(src, 3); c > 0 && b + 1 < tr[k].e; c--) {
				b++;
				while (b < tr[k].e && ((unsigned char)t[b] & 0xC0) == 0x80)
					b++;
			}
		if (b >= tr[k].e || a <= tr[k].s) {
			sb_done(&ins);
			return;
		}
		if (op != 1)
			sb_adds(&ins, words[prop_pick(src, ARRAY_LEN(words))]);
		len = ins.len;
		r[n] = (struct prop_rep){a, b, len}, with[n++] = ins.data ? ins.data : "";
		break;
	}
	default: /* CRLF line ends: the same text once loaded */
		sb_reset(&pc->raw);
		for (size_t i = 0; i < pc->text.len; i++) {
			if (t[i] == '\n')
				sb_addc(&pc->raw, '\r');
			sb_addc(&pc->raw, t[i]);
		}
		sb_done(&ins);
		return;
	}
	if (n == ARRAY_LEN(r))
		pc->overflow = true;
	prop_follow(tr, ntr, r, n);
	prop_apply(pc, r, with, n);
	sb_done(&ins);
}

static inline size_t prop_count(const char *hay, size_t hn, const char *needle, size_t nn)
{
	size_t c = 0;
	const char *p = hay;

	while (nn && hn >= nn && (p = memmem(p, hn - (size_t)(p - hay), needle, nn)) != NULL &&
	       c < 2) {
		c++;
		p++;
	}
	return c;
}

static inline char *prop_norm(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	bool sp = false;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char buf[4];
		i += k;
		if (utf8_is_space(cp)) {
			sp = true;
			continue;
		}
		if (sp)
			sb_addc(&sb, ' ');
		sp = false;
		if (cp == 0x2026) {
			sb_adds(&sb, "...");
			continue;
		}
		if (cp == 0x2018 || cp == 0x2019)
			cp = '\'';
		if (cp == 0x201C || cp == 0x201D)
			cp = '"';
		if (cp == 0x2013 || cp == 0x2014)
			cp = '-';
		sb_add(&sb, buf, utf8_encode(cp, buf));
	}
	if (sp)
		sb_addc(&sb, ' ');
	return sb_detach(&sb);
}

struct prop_orig {
	char *code, *quote, *window;
	char *head, *tail; /* long passages: prefix + quote, quote_end + suffix (else NULL) */
	size_t cp_start, cp_end, s, e;
	size_t window_len, prefix_len, suffix_len;
	bool unique_before;
};

/* prop_fold: a code point as the edit distance compares it (white space one space,
 * typographic quotes and dashes their ASCII forms) */
static inline uint32_t prop_fold(uint32_t cp)
{
	if (utf8_is_space(cp))
		return ' ';
	if (cp == 0x2018 || cp == 0x2019)
		return '\'';
	if (cp == 0x201C || cp == 0x201D)
		return '"';
	if (cp == 0x2013 || cp == 0x2014)
		return '-';
	return cp;
}

/* prop_lev: the edit distance in code points between a[0..an) and b[0..bn) (plain DP) */
static inline size_t prop_lev(const char *a, size_t an, const char *b, size_t bn)
{
	uint32_t *x = xcalloc(an + 1, sizeof(*x)), *y = xcalloc(bn + 1, sizeof(*y));
	size_t m = 0, n = 0, *row, d;

	for (size_t i = 0; i < an;)
		i += utf8_decode(a + i, an - i, &x[m]), x[m] = prop_fold(x[m]), m++;
	for (size_t i = 0; i < bn;)
		i += utf8_decode(b + i, bn - i, &y[n]), y[n] = prop_fold(y[n]), n++;
	row = xcalloc(n + 1, sizeof(*row));
	for (size_t j = 0; j <= n; j++)
		row[j] = j;
	for (size_t i = 1; i <= m; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t up = row[j], v = diag + (x[i - 1] != y[j - 1]);
			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up, row[j] = v;
		}
	}
	d = row[n];
	free(row);
	free(x);
	free(y);
	return d;
}

/* prop_ws_between: bytes [a, b) (either order) of t are white space only: a boundary that
 * loose context cannot place more precisely */
static inline bool prop_ws_between(const struct transcript *t, size_t a, size_t b)
{
	if (a > b) {
		size_t x = a;
		a = b, b = x;
	}
	for (size_t i = a; i < b; i++)
		if (t->text[i] != ' ' && t->text[i] != '\n' && t->text[i] != '\t')
			return false;
	return true;
}

/* prop_edited_identifiable: a passage that survived with a few edits inside (at most a
 * quarter of its code points) can be told apart: its whole stored context stands around
 * its new place, prefix and suffix each occur once in the text, and its old text is
 * nowhere (exactly or loosely), so no other place holds it unedited */
static inline bool prop_edited_identifiable(const struct transcript *t2, const struct prop_orig *o,
                                            const struct prop_track *tr)
{
	const char *pre = o->window, *suf = o->window + o->window_len - o->suffix_len;
	char *nt, *nq;
	bool ok;

	if (!tr->alive || !tr->changed || o->head || !o->unique_before || !o->prefix_len ||
	    !o->suffix_len || 4 * tr->changed > utf8_count(o->quote, strlen(o->quote)))
		return false;
	if (tr->s < o->prefix_len || tr->e + o->suffix_len > t2->len ||
	    memcmp(t2->text + tr->s - o->prefix_len, pre, o->prefix_len) != 0 ||
	    memcmp(t2->text + tr->e, suf, o->suffix_len) != 0 ||
	    prop_count(t2->text, t2->len, pre, o->prefix_len) != 1 ||
	    prop_count(t2->text, t2->len, suf, o->suffix_len) != 1)
		return false;
	nt = prop_norm(t2->text, t2->len), nq = prop_norm(o->quote, strlen(o->quote));
	ok = strstr(nt, nq) == NULL;
	free(nt);
	free(nq);
	return ok;
}

/* prop_holds: the coding holds its segment: it is placed, or its quote still stands at its
 * offsets (a drifted or ambiguous coding whose text is gone from there holds nothing) */
static inline bool prop_holds(const struct transcript *t2, const struct coding *cd)
{
	return coding_counted(cd) ||
	       (cd->cp_end <= t2->ncp &&
	        anchor_check(t2, cd->start, cd->end, cd->quote, cd->quote_end));
}

/* prop_long_unique: for a long passage, what gloss keeps of it (context and head, tail
 * and context) is unique too: its middle is not kept, so it cannot tell places apart */
static inline bool prop_long_unique(const struct transcript *t2, const struct prop_orig *o)
{
	return !o->head || (prop_count(t2->text, t2->len, o->head, strlen(o->head)) == 1 &&
	                    prop_count(t2->text, t2->len, o->tail, strlen(o->tail)) == 1);
}

/* prop_window_at: the coding's stored context and passage stand intact at its new place */
static inline bool prop_window_at(const struct transcript *t2, const struct prop_orig *o,
                                  const struct prop_track *tr)
{
	return tr->s >= o->prefix_len && tr->s - o->prefix_len + o->window_len <= t2->len &&
	       memcmp(t2->text + tr->s - o->prefix_len, o->window, o->window_len) == 0;
}

/* prop_unverified: some coding is placed where the harness cannot say it belongs (its
 * passage did not survive, or it was found on another copy): it may keep an identifiable
 * coding out, through the order of the codings or by holding its segment */
static inline bool prop_unverified(const struct codings *c2, const struct prop_orig *o,
                                   const struct prop_track *tr, size_t n)
{
	for (size_t i = 0; i < c2->len; i++)
		for (size_t k = 0; k < n; k++)
			if (strcmp(c2->items[i].code, o[k].code) == 0 &&
			    coding_counted(&c2->items[i]) &&
			    (!tr[k].alive || c2->items[i].start != tr[k].s ||
			     c2->items[i].end != tr[k].e))
				return true;
	return false;
}

/* prop_held: another coding that is not placed holds the segment [tr->s, tr->e): its
 * quote stands at its old offsets, by chance, there (rule 4 keeps it: it may be placed
 * there on a later reading) */
static inline bool prop_held(const struct transcript *t2, const struct codings *c2,
                             const struct coding *cd, const struct prop_track *tr)
{
	for (size_t i = 0; i < c2->len; i++) {
		const struct coding *x = &c2->items[i];
		if (x != cd && !coding_counted(x) && x->start == tr->s && x->end == tr->e &&
		    prop_holds(t2, x))
			return true;
	}
	return false;
}

static inline const char *prop_check(const struct transcript *t2, const struct codings *c2,
                                     const struct prop_orig *o, const struct prop_track *tr,
                                     size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const struct coding *cd = NULL;
		for (size_t i = 0; i < c2->len; i++)
			if (strcmp(c2->items[i].code, o[k].code) == 0)
				cd = &c2->items[i];
		if (!cd)
			return "P1: a coding was lost";
		if (!coding_counted(cd) &&
		    (cd->cp_start != o[k].cp_start || cd->cp_end != o[k].cp_end ||
		     strcmp(cd->quote, o[k].quote) != 0))
			return "P4: a drifted or ambiguous coding was moved or changed";
		if (prop_edited_identifiable(t2, &o[k], &tr[k]) &&
		    (!coding_counted(cd)
		         ? !prop_unverified(c2, o, tr, n) && !prop_held(t2, c2, cd, &tr[k])
		         : !prop_ws_between(t2, cd->start, tr[k].s) ||
		               !prop_ws_between(t2, cd->end, tr[k].e))) {
			if (prop_debug)
				printf(
				    "# %s status %d at %zu-%zu, edited truth %zu-%zu, old %zu-%zu "
				    "window [%s]\n# text [%s]\n",
				    cd->code, cd->status, cd->start, cd->end, tr[k].s, tr[k].e,
				    o[k].s, o[k].e, o[k].window, t2->text);
			return coding_counted(cd)
			           ? "P2: a passage edited inside was placed elsewhere"
			           : "P2: a passage edited inside, identifiable, was not placed";
		}
		if (tr[k].alive && !tr[k].changed && o[k].unique_before &&
		    prop_window_at(t2, &o[k], &tr[k]) &&
		    prop_count(t2->text, t2->len, o[k].window, o[k].window_len) == 1 &&
		    prop_long_unique(t2, &o[k])) {
			if (!coding_counted(cd) && !prop_unverified(c2, o, tr, n) &&
			    !prop_held(t2, c2, cd, &tr[k])) {
				if (prop_debug)
					printf(
					    "# %s status %d at %zu-%zu, truth %zu-%zu, old %zu-%zu "
					    "window [%s]\n# text [%s]\n",
					    cd->code, cd->status, cd->start, cd->end, tr[k].s,
					    tr[k].e, o[k].s, o[k].e, o[k].window, t2->text);
				return "P2: a surviving, identifiable coding was not placed";
			}
			if (coding_counted(cd) && (cd->start != tr[k].s || cd->end != tr[k].e)) {
				if (prop_debug)
					printf(
					    "# %s status %d at %zu-%zu, truth %zu-%zu, old %zu-%zu "
					    "window [%s]\n# text [%s]\n",
					    cd->code, cd->status, cd->start, cd->end, tr[k].s,
					    tr[k].e, o[k].s, o[k].e, o[k].window, t2->text);
				return "P2: a surviving, identifiable coding was placed elsewhere";
			}
		}
	}
	for (size_t i = 0; i < c2->len; i++)
		for (size_t j = i + 1; j < c2->len; j++) {
			const struct coding *x = &c2->items[i], *y = &c2->items[j];
			const struct prop_orig *ox = NULL, *oy = NULL;
			for (size_t k = 0; k < n; k++) {
				if (strcmp(o[k].code, x->code) == 0)
					ox = &o[k];
				if (strcmp(o[k].code, y->code) == 0)
					oy = &o[k];
			}
			if (!ox || !oy)
				return "P1: a coding was lost";
			if ((ox->cp_start != oy->cp_start || ox->cp_end != oy->cp_end) &&
			    x->cp_start == y->cp_start && x->cp_end == y->cp_end &&
			    prop_holds(t2, x) && prop_holds(t2, y))
				return "P5: two distinct codings ended on one segment";
			if (coding_counted(x) && coding_counted(y) &&
			    ((ox->cp_start < oy->cp_start && x->start > y->start) ||
			     (oy->cp_start < ox->cp_start && y->start > x->start)))
				return "P6: placed codings changed their order";
		}
	return NULL;
}

/* prop_placed_holds: P3 for one coding (the passage, compared loosely with the old one) */
static inline bool prop_placed_holds(const struct transcript *t2, const struct coding *cd,
                                     const char *old, size_t oldn)
{
	char *a = prop_norm(t2->text + cd->start, cd->end - cd->start), *b = prop_norm(old, oldn);
	bool ok = strcmp(a, b) == 0;

	free(a);
	free(b);
	return ok;
}

/* prop_stable: every coding placed in a stays placed, at the same offsets, in b */
static inline bool prop_stable(const struct codings *a, const struct codings *b)
{
	if (a->len != b->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		const struct coding *x = &a->items[i];
		bool found = false;
		for (size_t j = 0; j < b->len && !found; j++) {
			const struct coding *y = &b->items[j];
			found = strcmp(x->code, y->code) == 0 &&
			        (!coding_counted(x) ||
			         (coding_counted(y) && x->cp_start == y->cp_start &&
			          x->cp_end == y->cp_end && strcmp(x->quote, y->quote) == 0));
		}
		if (!found)
			return false;
	}
	return true;
}

static inline const char *prop_run(const uint8_t *data, size_t size)
{
	struct prop_src src = {data, size, 0, 0x9E3779B97F4A7C15ULL};
	struct prop_case pc;
	struct prop_track tr[PROP_MAX_CODINGS];
	struct prop_orig o[PROP_MAX_CODINGS];
	struct transcript *t, *t2;
	struct codings *c, *c2, *c3;
	struct diags d;
	const char *bad = NULL;
	char *f, *f2, *f3;
	size_t n = 0, flen, f2len, f3len = 0, ncodings, edits, d0;

	for (size_t i = 0; i < size; i++)
		src.x = (src.x ^ data[i]) * 0x100000001B3ULL;
	memset(&pc, 0, sizeof(pc));
	sb_init(&pc.text);
	sb_init(&pc.raw);
	prop_make_text(&src, &pc.text);
	sb_add(&pc.raw, pc.text.data, pc.text.len);
	t = prop_load(&pc.raw);
	diags_init(&d);
	c = codings_parse("", 0, "transcripts/codings/ana/p.yaml", t, "ana", NULL, &d);
	ncodings = 1 + prop_pick(&src, PROP_MAX_CODINGS);
	for (size_t k = 0; k < ncodings && t->len > t->body; k++) {
		size_t a = prop_cp_floor(t->text, t->body + prop_pick(&src, t->len - t->body));
		size_t len =
		    prop_pick(&src, 6) == 0 ? 201 + prop_pick(&src, 200) : 1 + prop_pick(&src, 60);
		size_t b = transcript_cp_to_byte(t, transcript_byte_to_cp(t, a) + len);
		char code[24];
		if (b <= a)
			continue;
		snprintf(code, sizeof(code), "c%zu", n);
		codings_add(c, code, a, b, NULL);
		tr[n] = (struct prop_track){a, b, true, 0};
		n++;
	}
	for (size_t k = 0; k < n; k++) {
		const struct coding *cd = NULL;
		struct strbuf w = STRBUF_INIT;
		char code[24];
		snprintf(code, sizeof(code), "c%zu", k);
		for (size_t i = 0; i < c->len; i++)
			if (strcmp(c->items[i].code, code) == 0)
				cd = &c->items[i];
		sb_adds(&w, cd->prefix);
		sb_add(&w, t->text + cd->start, cd->end - cd->start);
		sb_adds(&w, cd->suffix);
		memset(&o[k], 0, sizeof(o[k]));
		o[k].code = xstrdup(code), o[k].quote = xstrdup(cd->quote);
		o[k].cp_start = cd->cp_start, o[k].cp_end = cd->cp_end;
		o[k].s = cd->start, o[k].e = cd->end;
		o[k].window_len = w.len, o[k].prefix_len = strlen(cd->prefix);
		o[k].suffix_len = strlen(cd->suffix);
		o[k].unique_before = prop_count(t->text, t->len, w.data, w.len) == 1;
		o[k].head = cd->quote_end ? xasprintf("%s%s", cd->prefix, cd->quote) : NULL;
		o[k].tail = cd->quote_end ? xasprintf("%s%s", cd->quote_end, cd->suffix) : NULL;
		o[k].window = sb_detach(&w);
	}
	f = codings_serialize(c, &flen);
	edits = 1 + prop_pick(&src, 3);
	for (size_t e = 0; e < edits; e++)
		prop_edit(&src, &pc, tr, n);
	t2 = prop_load(&pc.raw);
	if (t2->len != pc.text.len || memcmp(t2->text, pc.text.data, pc.text.len) != 0)
		pc.overflow = true; /* the loader changed more than the edits (cannot follow) */
	d0 = d.len;
	c2 = codings_parse(f, flen, "transcripts/codings/ana/p.yaml", t2, "ana", NULL, &d);
	if (!c2 || c2->readonly || c2->len != c->len) {
		bad = "P1: the codings file did not read back whole";
		goto out;
	}
	for (size_t i = 0; i < c2->len && !bad; i++) { /* P8: the doubt is reported */
		const struct coding *cd = &c2->items[i];
		bool said = false;
		for (size_t k = d0; k < d.len && !said; k++)
			said = d.items[k].line == cd->line &&
			       (cd->status == CODING_EDITED
			            ? d.items[k].level == DIAG_NOTE &&
			                  strstr(d.items[k].msg, "re-anchored with changes")
			            : coding_counted(cd) || d.items[k].level == DIAG_WARNING);
		if (!said && (!coding_counted(cd) || cd->status == CODING_EDITED))
			bad = "P8: a drifted, ambiguous or edited coding was not reported at its "
			      "line";
	}
	if (!pc.overflow && !bad)
		bad = prop_check(t2, c2, o, tr, n);
	if (prop_debug) {
		printf("# file\n%s\n", f);
		diags_print(&d, stdout, DIAG_NOTE);
	}
	for (size_t i = 0; !bad && i < c2->len; i++) {
		const struct coding *cd = &c2->items[i];
		for (size_t k = 0; k < n; k++)
			if (strcmp(cd->code, o[k].code) == 0 && coding_counted(cd) && !o[k].head &&
			    (cd->status == CODING_EDITED
			         ? 4 * prop_lev(t2->text + cd->start, cd->end - cd->start,
			                        t->text + o[k].s, o[k].e - o[k].s) >
			               utf8_count(t->text + o[k].s, o[k].e - o[k].s)
			         : !prop_placed_holds(t2, cd, t->text + o[k].s, o[k].e - o[k].s))) {
				bad = "P3: a placed coding does not hold its passage";
				if (prop_debug)
					printf("# %s at %zu-%zu [%.*s] was [%.*s]\n", cd->code,
					       cd->start, cd->end, (int)(cd->end - cd->start),
					       t2->text + cd->start, (int)(o[k].e - o[k].s),
					       t->text + o[k].s);
			}
	}
	f2 = codings_serialize(c2, &f2len);
	c3 = codings_parse(f2, f2len, "transcripts/codings/ana/p.yaml", t2, "ana", NULL, &d);
	f3 = c3 ? codings_serialize(c3, &f3len) : NULL;
	if (!bad && (!f3 || !prop_stable(c2, c3))) {
		bad = "P7: reading the file written again moved a placed coding";
		if (prop_debug)
			printf("# first\n%s\n# then\n%s\n# text [%s]\n", f2, f3 ? f3 : "",
			       t2->text);
	}
	free(f2);
	free(f3);
	codings_free(c3);
out:
	for (size_t k = 0; k < n; k++) {
		free(o[k].code);
		free(o[k].quote);
		free(o[k].window);
		free(o[k].head);
		free(o[k].tail);
	}
	codings_free(c2);
	codings_free(c);
	free(f);
	transcript_free(t2);
	transcript_free(t);
	sb_done(&pc.text);
	sb_done(&pc.raw);
	diags_done(&d);
	return bad;
}

#endif
