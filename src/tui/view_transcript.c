/* view_transcript.c — the transcript pane: wrapped text, coding stripes, cursor units,
 * selection, search and the status line. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/search.h"
#include "style.h"
#include "gloss/suggest.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "highlight.h"
#include "view_compare.h"
#include "view_transcript.h"

#define MAX_MATCHES 1024
#define MAX_COVER 64

/* ---- geometry ---- */

void vt_geometry(struct app *a)
{
	struct geom *g = &a->g;

	screen_size(&g->rows, &g->cols);
	g->too_small = g->cols < MIN_COLS || g->rows < MIN_ROWS;
	g->th = g->rows - 2;
	g->tx = 0;
	g->pw = 0;
	g->px = g->cols;
	g->tw = g->cols;
	if (g->cols >= 100) {
		g->pw = g->cols / 3 < 32 ? 32 : (g->cols / 3 > 48 ? 48 : g->cols / 3);
		g->px = g->cols - g->pw;
		g->tw = g->px - 1;
	} else if (a->pane.focus) {
		g->pw = g->cols;
		g->px = 0;
		g->tw = 0;
	}
	g->lanes = g->tw >= 60 ? 4 : 2;
	g->textx = g->tx + g->lanes + 2;
	g->textw = g->tw - g->lanes - 2;
	g->namew = 0;
	g->cmpw = a->cmp ? vcompare_margin(g->textw) : 0;
	if (g->cmpw > 0) { /* the compare view's two columns take the names' place */
		g->textw -= g->cmpw + 1;
		g->cmpx = g->textx + g->textw + 1;
	} else if (g->textw >= 84) {
		g->namew = 20;
		g->textw -= g->namew + 1;
		g->namex = g->textx + g->textw + 1;
	}
	if (g->textw < 1)
		g->textw = 1;
	if (a->sess.open)
		layout_set_width(&a->lay, g->textw);
}

/* ---- units ---- */

static bool is_space_at(const struct transcript *t, size_t p, size_t *k)
{
	uint32_t cp;

	*k = utf8_decode(t->text + p, t->len - p, &cp);
	return utf8_is_space(cp);
}

/* the label ("[ts] SPEAKER: ") of a turn's first line holding p, if p is in one */
static bool in_label(const struct transcript *t, size_t p, const struct tline **out)
{
	const struct tline *tl = &t->lines[transcript_line_at(t, p)];

	*out = tl;
	return !tl->front && tl->turn >= 0 && p >= tl->off && p < tl->content;
}

static size_t skip_fwd(const struct transcript *t, size_t p)
{
	while (p < t->len) {
		const struct tline *tl;
		size_t k;

		if (in_label(t, p, &tl))
			p = tl->content;
		else if (is_space_at(t, p, &k))
			p += k;
		else
			break;
	}
	return p;
}

/* back to the last non-space, non-label character before p; false if none */
static bool skip_back(const struct transcript *t, size_t *pp)
{
	size_t p = *pp;

	while (p > 0) {
		const struct tline *tl;
		size_t q = utf8_prev(t->text, p), k;

		if (in_label(t, q, &tl))
			p = tl->off;
		else if (is_space_at(t, q, &k))
			p = q;
		else {
			*pp = q;
			return true;
		}
	}
	return false;
}

static void line_bounds(const struct transcript *t, size_t line, size_t *s, size_t *e)
{
	const struct tline *tl = &t->lines[line];

	*s = tl->front ? tl->off : tl->content;
	*e = tl->off + tl->len;
	while (*e > *s && (t->text[*e - 1] == ' ' || t->text[*e - 1] == '\t'))
		(*e)--;
}

/* ---- words ---- */

static uint32_t cp_at(const struct transcript *t, size_t p, size_t *k)
{
	uint32_t cp;

	*k = utf8_decode(t->text + p, t->len - p, &cp);
	return cp;
}

void vt_unit_bounds(const struct app *a, size_t off, size_t *s, size_t *e)
{
	const struct transcript *t = a->t;
	size_t line;
	int ti;

	*s = *e = 0;
	if (t->nlines == 0)
		return;
	if (off > t->len)
		off = t->len;
	line = transcript_line_at(t, off);
	if (line >= t->nlines)
		line = t->nlines - 1;
	if (t->lines[line].front || a->unit == UNIT_LINE) {
		line_bounds(t, line, s, e);
		return;
	}
	if (a->unit == UNIT_TURN) {
		ti = transcript_turn_at(t, off);
		if (ti >= 0 && t->turns[ti].end > t->turns[ti].start) {
			*s = t->turns[ti].start;
			*e = t->turns[ti].end;
			return;
		}
		line_bounds(t, line, s, e);
		return;
	}
	if (a->unit == UNIT_WORD) {
		transcript_word_bounds(t, off, s, e);
		if (*e > *s)
			return;
		line_bounds(t, line, s, e);
		return;
	}
	transcript_sentence_bounds(t, off, s, e);
	if (*e <= *s || *s > off || *e < off)
		line_bounds(t, line, s, e);
}

void vt_range(const struct app *a, size_t *s, size_t *e)
{
	if (a->selecting) {
		*s = a->sel_s;
		*e = a->sel_e;
	} else {
		vt_unit_bounds(a, a->pos, s, e);
	}
}

size_t vt_cursor_line(const struct app *a)
{
	return a->t->nlines ? transcript_line_at(a->t, a->pos) : 0;
}

void vt_select_update(struct app *a)
{
	size_t s, e;

	if (!a->selecting)
		return;
	vt_unit_bounds(a, a->pos, &s, &e);
	a->sel_s = s < a->anc_s ? s : a->anc_s;
	a->sel_e = e > a->anc_e ? e : a->anc_e;
}

static bool row_visible_range(struct app *a, struct lpos *bottom)
{
	*bottom = a->top;
	layout_move(&a->lay, bottom, a->g.th - 1);
	return true;
}

/* make the cursor unit visible: its start, and as much of it as fits */
void vt_reveal(struct app *a)
{
	size_t s, e;
	struct lpos ps, pe, bottom, nt;

	if (!a->sess.open || a->t->nlines == 0)
		return;
	vt_range(a, &s, &e);
	if (a->pos < s || a->pos > e)
		s = e = a->pos;
	ps = layout_pos_of(&a->lay, s);
	pe = layout_pos_of(&a->lay, e > s ? e - 1 : e);
	row_visible_range(a, &bottom);
	if (layout_cmp(ps, a->top) < 0) {
		a->top = ps;
	} else if (layout_cmp(pe, bottom) > 0) {
		nt = pe;
		layout_move(&a->lay, &nt, -(long)(a->g.th - 1));
		a->top = layout_cmp(nt, ps) > 0 ? ps : nt;
	}
}

void vt_goto(struct app *a, size_t off)
{
	a->pos = off > a->t->len ? a->t->len : off;
	vt_select_update(a);
	vt_reveal(a);
}

void vt_first_unit(struct app *a)
{
	a->top = (struct lpos){0, 0};
	vt_goto(a, skip_fwd(a->t, a->t->body));
}

void vt_last_unit(struct app *a)
{
	size_t p = a->t->len, s, e;

	if (!skip_back(a->t, &p)) {
		vt_first_unit(a);
		return;
	}
	vt_unit_bounds(a, p, &s, &e);
	vt_goto(a, s <= p ? s : p);
}

void vt_move_unit(struct app *a, int dir)
{
	size_t s, e, p;

	vt_unit_bounds(a, a->pos, &s, &e);
	if (dir > 0) {
		p = skip_fwd(a->t, e > a->pos ? e : a->pos + 1);
		if (p >= a->t->len) {
			app_message(a, false, "end of transcript");
			return;
		}
	} else {
		p = s < a->pos ? s : a->pos;
		if (!skip_back(a->t, &p)) {
			app_message(a, false, "top of transcript");
			return;
		}
		vt_unit_bounds(a, p, &s, &e);
		p = s <= p ? s : p;
	}
	vt_goto(a, p);
}

static void clamp_top(struct app *a)
{
	struct lpos last = layout_last(&a->lay);

	layout_move(&a->lay, &last, -(long)(a->g.th - 1));
	if (layout_cmp(a->top, last) > 0)
		a->top = last;
}

void vt_scroll(struct app *a, long rows, bool move_cursor)
{
	struct lpos cur, bottom;
	size_t s, e, vs, ve, us, ue;

	layout_move(&a->lay, &a->top, rows);
	clamp_top(a);
	if (move_cursor) {
		cur = layout_pos_of(&a->lay, a->pos);
		layout_move(&a->lay, &cur, rows);
		layout_row_range(&a->lay, cur.line, cur.row, &s, &e);
		a->pos = skip_fwd(a->t, s);
	}
	/* keep the cursor on screen */
	row_visible_range(a, &bottom);
	layout_row_range(&a->lay, a->top.line, a->top.row, &vs, &e);
	layout_row_range(&a->lay, bottom.line, bottom.row, &s, &ve);
	vt_unit_bounds(a, a->pos, &us, &ue);
	if (ue < vs || us > ve || a->pos > ve || a->pos < vs) {
		size_t p = skip_fwd(a->t, rows > 0 ? vs : s);
		if (p > ve)
			p = skip_fwd(a->t, vs);
		a->pos = p;
	}
	vt_select_update(a);
}

/* ---- codings index ---- */

void vt_index(struct app *a)
{
	overlap_done(&a->ix);
	free(a->ref_code);
	a->ref_code = NULL;
	if (a->sess.cs)
		codings_sort(a->sess.cs);
	if (a->cmp)
		vcompare_update(a->cmp, a->sess.cs, vt_agree_unit(a));
	if (!a->sess.cs || a->sess.cs->len == 0)
		return;
	overlap_build(&a->ix, &a->sess.cs, 1);
	a->ref_code = xreallocarray(NULL, a->sess.cs->len, sizeof(*a->ref_code));
	for (size_t i = 0; i < a->sess.cs->len; i++)
		a->ref_code[i] = codebook_find(a->sess.p->cb, a->sess.cs->items[i].code);
}

enum agree_unit vt_agree_unit(const struct app *a)
{
	/* the word cursor compares sentences (agreement has no word unit) */
	return a->unit == UNIT_TURN   ? AGREE_TURN
	       : a->unit == UNIT_LINE ? AGREE_LINE
	                              : AGREE_SENTENCE;
}

size_t vt_covering(const struct app *a, size_t s, size_t e, struct overlap_ref *out, size_t max)
{
	return overlap_find(&a->ix, s, e, out, max);
}

/* ref_code: the codebook index of a reference's code (-1: not in the codebook) */
static int ref_code(const struct app *a, const struct overlap_ref *r)
{
	return a->ref_code[r->item];
}

/* ---- search ---- */

static enum search_result find_last(struct app *a, size_t end, size_t *ms, size_t *me,
                                    struct search_budget *b)
{
	size_t w = 65536;

	for (;;) {
		size_t from = end > w ? end - w : 0, p, s, e;
		bool found = false;
		enum search_result r = SEARCH_NOMATCH;

		from = a->t->lines[transcript_line_at(a->t, from)].off;
		for (p = from; p <= a->t->len;) {
			r = search_exec_budget(a->re, a->t->text, a->t->len, p, &s, &e, b);
			if (r != SEARCH_FOUND || s >= end)
				break;
			*ms = s, *me = e, found = true;
			p = e > s ? e : s + 1;
		}
		if (r < 0)
			return r;
		if (found)
			return SEARCH_FOUND;
		if (from == 0)
			return SEARCH_NOMATCH;
		w *= 4;
	}
}

static enum search_result find_next(struct app *a, size_t from, size_t *ms, size_t *me,
                                    struct search_budget *b)
{
	if (from > a->t->len)
		return SEARCH_NOMATCH;
	return search_exec_budget(a->re, a->t->text, a->t->len, from, ms, me, b);
}

/* A search the user can stop: after a moment it says so on screen, and Esc or Ctrl-C
 * (screen_busy_poll) stops it. */
struct search_progress {
	struct app *a;
	struct search_budget *b;
	bool shown;
};

#define SEARCH_SHOW_AFTER 64 /* polls (windows of SEARCH_WINDOW bytes or slow positions) */

static bool search_poll(void *arg)
{
	struct search_progress *sp = arg;

	if (!sp->shown && (sp->b->polls >= SEARCH_SHOW_AFTER || sp->b->slow > 0)) {
		sp->shown = true;
		struct rect area;
		app_message(sp->a, false, "searching\u2026 Esc to stop");
		sp->a->host.frame(sp->a->host.ctx, VIEW_OVERLAY, &area); /* the coder's screen */
		screen_refresh();
	}
	return screen_busy_poll();
}

static size_t after_char(const struct app *a, size_t p)
{
	uint32_t cp;

	if (p >= a->t->len)
		return a->t->len + 1;
	return p + utf8_decode(a->t->text + p, a->t->len - p, &cp);
}

/* match_count: "match N of M" for the current match (M counted up to MAX_COUNTED, within
 * the search's budget; Esc stops the counting too, and the count then ends in "+") */
#define MAX_COUNTED 10000
static void match_count(struct app *a, const char *extra, struct search_budget *b)
{
	size_t p = 0, s, e, n = 0, at = 0;
	enum search_result r = SEARCH_NOMATCH;

	while (p <= a->t->len && n < MAX_COUNTED &&
	       (r = search_exec_budget(a->re, a->t->text, a->t->len, p, &s, &e, b)) ==
	           SEARCH_FOUND) {
		n++;
		if (s == a->match_s)
			at = n;
		p = e > s ? e : after_char(a, s);
	}
	if (at)
		app_message(a, false, "match %zu of %zu%s%s", at, n,
		            n == MAX_COUNTED || r < 0 ? "+" : "", extra);
	else
		app_message(a, false, "match %zu+ of %zu+%s", n, n, extra);
}

bool vt_search(struct app *a, bool backward, bool from_here)
{
	size_t ms = 0, me = 0, from;
	enum search_result r;
	bool wrapped = false;
	struct search_budget b = {.left = SEARCH_BUDGET, .stop = search_poll};
	struct search_progress sp = {a, &b, false};

	if (!a->re) {
		app_message(a, true, "no search pattern (type / to search)");
		return false;
	}
	b.arg = &sp;
	screen_busy_begin();
	if (backward) {
		from = a->have_match && !from_here ? a->match_s : a->pos;
		r = find_last(a, from, &ms, &me, &b);
		if (r == SEARCH_NOMATCH) {
			r = find_last(a, a->t->len + 1, &ms, &me, &b);
			wrapped = true;
		}
	} else {
		from = a->have_match && !from_here
		           ? (a->match_e > a->match_s ? a->match_e : after_char(a, a->match_s))
		           : after_char(a, a->pos);
		r = find_next(a, from, &ms, &me, &b);
		if (r == SEARCH_NOMATCH) {
			r = find_next(a, 0, &ms, &me, &b);
			wrapped = true;
		}
	}
	if (sp.shown)
		a->status.msg[0] = '\0';
	if (r == SEARCH_FOUND) {
		a->have_match = true;
		a->match_s = ms;
		a->match_e = me;
		match_count(a,
		            wrapped
		                ? (backward ? " (wrapped to the bottom)" : " (wrapped to the top)")
		                : "",
		            &b);
	}
	screen_busy_end();
	if (r == SEARCH_STOPPED) {
		app_message(a, true, "search stopped; n or N searches again");
		return false;
	}
	if (r == SEARCH_NOMATCH) {
		app_message(a, true, "pattern not found: %s", a->pattern);
		a->have_match = false;
		return false;
	}
	if (r != SEARCH_FOUND) {
		app_message(a, true, "search stopped: %s", search_error_message(r));
		return false;
	}
	vt_goto(a, ms);
	return true;
}

/* ---- word adjustment of the selection ---- */

/* The selection's ends move by the word rule of the core (transcript_in_word): a word is
 * letters and digits joined by ' or -, so punctuation after a word ("time," ".") is never
 * a word of its own that > or < would take alone. */
static size_t next_char(const struct transcript *t, size_t p)
{
	uint32_t cp;

	return p + utf8_decode(t->text + p, t->len - p, &cp);
}

/* word_fwd_end: the end of the word at or after p */
static size_t word_fwd_end(const struct transcript *t, size_t p)
{
	p = transcript_next_in_word(t, p);
	while (p < t->len && transcript_in_word(t, p))
		p = next_char(t, p);
	return p;
}

/* word_fwd_start: the start of the word after the first word at or after p */
static size_t word_fwd_start(const struct transcript *t, size_t p)
{
	p = transcript_next_in_word(t, p);
	while (p < t->len && transcript_in_word(t, p))
		p = next_char(t, p);
	return transcript_next_in_word(t, p);
}

/* word_back_start: the start of the word before p */
static size_t word_back_start(const struct transcript *t, size_t p)
{
	while (p > 0 && !transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	while (p > 0 && transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	return p;
}

/* word_back_end: the end of the word before the last word that ends at or before p */
static size_t word_back_end(const struct transcript *t, size_t p)
{
	while (p > 0 && !transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	while (p > 0 && transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	while (p > 0 && !transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	return p;
}

void vt_word_adjust(struct app *a, bool end, int dir)
{
	size_t s, e;

	if (!a->selecting) {
		vt_unit_bounds(a, a->pos, &s, &e);
		a->selecting = true;
		a->anc_s = a->sel_s = s;
		a->anc_e = a->sel_e = e;
	}
	s = a->sel_s, e = a->sel_e;
	if (end)
		e = dir > 0 ? word_fwd_end(a->t, e) : word_back_end(a->t, e);
	else
		s = dir > 0 ? word_fwd_start(a->t, s) : word_back_start(a->t, s);
	if (e <= s) {
		app_message(a, true, "the selection cannot be empty");
		return;
	}
	a->sel_s = a->anc_s = s;
	a->sel_e = a->anc_e = e;
	a->pos = end ? (e > s ? utf8_prev(a->t->text, e) : s) : s;
	vt_reveal(a);
}

/* ---- the mouse's view of the text ---- */

bool vt_offset_at(struct app *a, int y, int x, size_t *off)
{
	struct lpos p = a->top;
	size_t rs, re, i;
	int col = a->g.textx;

	if (!a->sess.open || a->t->nlines == 0 || y < 0 || y >= a->g.th || x < a->g.tx ||
	    x >= a->g.tx + a->g.tw)
		return false;
	if (layout_move(&a->lay, &p, y) != (size_t)y)
		return false; /* below the text's end */
	layout_row_range(&a->lay, p.line, p.row, &rs, &re);
	for (i = rs; i < re;) {
		uint32_t cl[5];
		size_t m = 0;
		int w;
		size_t k = layout_cell(a->t->text + i, re - i, cl, ARRAY_LEN(cl), &m, &w);
		if (x < col + w)
			break;
		col += w;
		i += k;
	}
	*off = i;
	return true;
}

void vt_word_span(const struct app *a, size_t off, size_t *s, size_t *e)
{
	transcript_word_bounds(a->t, off, s, e);
}

void vt_snap_words(const struct app *a, size_t x, size_t y, size_t *s, size_t *e)
{
	const struct transcript *t = a->t;
	size_t lo = x < y ? x : y, hi = x < y ? y : x, ws, we, k;

	transcript_word_bounds(t, lo, &ws, &we);
	*s = ws <= lo || ws > hi ? (ws <= lo ? ws : lo) : ws;
	transcript_word_bounds(t, hi, &ws, &we);
	if (ws <= hi && we > hi) {
		*e = we;
	} else {
		*e = hi < t->len ? hi + (cp_at(t, hi, &k), k) : hi;
		while (*e > *s && !transcript_in_word(t, utf8_prev(t->text, *e)))
			*e = utf8_prev(t->text, *e);
	}
	if (*e <= *s) { /* no word in the range: the cells as they are */
		*s = lo;
		*e = hi < t->len ? hi + (cp_at(t, hi, &k), k) : hi;
	}
}

/* ---- the word keys ---- */

/* prev_word: the start of the word before the one starting at or containing p */
static bool prev_word(const struct transcript *t, size_t p, size_t *out)
{
	size_t s, e;

	transcript_word_bounds(t, p, &s, &e);
	if (s < p && e > s && p <= e) {
		*out = s;
		return true;
	}
	p = s < p ? s : p;
	while (p > 0 && !transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	if (p == 0)
		return false;
	while (p > 0 && transcript_in_word(t, utf8_prev(t->text, p)))
		p = utf8_prev(t->text, p);
	*out = p;
	return true;
}

/* unit_words: the first word start and the last word start of the unit before the word
 * keys, around p */
static void unit_words(struct app *a, size_t p, size_t *first, size_t *last)
{
	enum unit_kind u = a->unit;
	size_t us, ue, s, e;

	a->unit = a->prev_unit;
	vt_unit_bounds(a, p, &us, &ue);
	a->unit = u;
	*first = transcript_next_in_word(a->t, us);
	*last = *first;
	while (prev_word(a->t, ue, &s) && s >= *first) {
		transcript_word_bounds(a->t, s, &s, &e);
		if (e <= ue) {
			*last = s;
			break;
		}
		ue = s;
	}
}

void vt_word_move(struct app *a, enum word_move m)
{
	const struct transcript *t = a->t;
	size_t s, e, p = a->pos, first, last;

	if (a->unit != UNIT_WORD) {
		a->prev_unit = a->unit;
		a->unit = UNIT_WORD;
	}
	transcript_word_bounds(t, a->pos, &s, &e);
	switch (m) {
	case WM_NEXT:
		p = transcript_next_in_word(t, e);
		break;
	case WM_PREV:
		if (!prev_word(t, a->pos, &p)) {
			app_message(a, false, "top of transcript");
			p = s;
		}
		break;
	case WM_END:
		p = e > s ? utf8_prev(t->text, e) : e;
		if (p <= a->pos && e < t->len) {
			transcript_word_bounds(t, e, &s, &e);
			p = e > s ? utf8_prev(t->text, e) : e;
		}
		break;
	case WM_UNIT_START:
	case WM_UNIT_END:
		unit_words(a, a->pos, &first, &last);
		p = m == WM_UNIT_START ? first : last;
		break;
	}
	if (p >= t->len) {
		app_message(a, false, "end of transcript");
		p = s < t->len ? s : a->pos;
	}
	vt_goto(a, p);
}

void vt_leave_word(struct app *a)
{
	if (a->unit == UNIT_WORD)
		a->unit = a->prev_unit;
}

bool vt_select_match(struct app *a)
{
	if (!a->have_match || a->match_e <= a->match_s || a->match_e > a->t->len) {
		app_message(a, true, "no search match to select (search with / first)");
		return false;
	}
	a->selecting = true;
	a->anc_s = a->sel_s = a->match_s;
	a->anc_e = a->sel_e = a->match_e;
	a->pos = a->match_s;
	vt_reveal(a);
	app_message(a, false, "selected the match: press a code key (Esc cancels)");
	return true;
}

/* ---- drawing ---- */

struct frame {
	size_t us, ue; /* cursor unit or selection */
	size_t ms[MAX_MATCHES], me[MAX_MATCHES];
	size_t nm;
	struct suggestion *sg; /* pattern suggestions on the rows shown */
	size_t nsg;
	struct highlight hl; /* the coded text shown (highlight.h) */
	/* text_attr's memo: cells are drawn left to right, so the run of the last cell and its
	 * look over the last base are usually the next cell's too */
	size_t hl_hint;
	const struct hl_run *look_run;
	struct sattr look_base, look;
};

static bool has_patterns(const struct app *a)
{
	for (size_t c = 0; a->sess.p->cb && c < a->sess.p->cb->ncodes; c++)
		if (a->sess.p->cb->codes[c].npatterns)
			return true;
	return false;
}

static bool guard_poll(void *arg)
{
	(void)arg;
	return screen_busy_poll();
}

/* suggestions: the pattern suggestions not yet coded by you in lines [first, last) */
static size_t suggestions(const struct app *a, size_t first, size_t last, struct suggestion **sg)
{
	size_t n;

	*sg = NULL;
	if (!has_patterns(a) || a->sess.p->cb_errors)
		return 0;
	/* the codebook's patterns under one budget, stopped by Esc or Ctrl-C (search.h) */
	search_guard_reset(guard_poll, NULL);
	screen_busy_begin();
	n = suggest_find_lines(a->sess.p->cb, a->t, &a->sess.cs, a->sess.cs ? 1 : 0, NULL, first,
	                       last, sg, NULL);
	screen_busy_end();
	return n;
}

/* draw_suggested: a mark beside the margin on a row where a suggestion's match starts */
static void draw_suggested(struct app *a, const struct frame *f, int y, size_t rs, size_t re)
{
	uint32_t mark = '*';

	for (size_t i = 0; i < f->nsg; i++)
		if (f->sg[i].ms >= rs && (f->sg[i].ms < re || (re == rs && f->sg[i].ms == rs))) {
			screen_put(y, a->g.tx + a->g.lanes + 1, &mark, 1, style(STYLE_SUGGESTED));
			return;
		}
}

int vt_next_suggestion(struct app *a)
{
	const struct code *c;
	int code;
	struct suggestion *sg, *pick = NULL;
	size_t n, from = a->selecting ? a->sel_s + 1 : a->pos, line = vt_cursor_line(a);

	n = suggestions(a, line, a->t->nlines, &sg);
	for (size_t i = 0; i < n && !pick; i++)
		if (sg[i].start >= from)
			pick = &sg[i];
	if (!pick) { /* wrap to the top */
		free(sg);
		n = suggestions(a, 0, a->t->nlines, &sg);
		pick = n ? &sg[0] : NULL;
	}
	if (!pick) {
		free(sg);
		if (search_guard_spent())
			app_message(a, true,
			            "suggestions stopped (Esc, or a pattern needs too much "
			            "backtracking)");
		else
			app_message(a, false,
			            "no suggestions: the codebook's patterns find nothing uncoded");
		return -1;
	}
	code = pick->code;
	c = &a->sess.p->cb->codes[code];
	a->selecting = true;
	a->anc_s = a->sel_s = pick->start;
	a->anc_e = a->sel_e = pick->end;
	a->pos = pick->start;
	vt_reveal(a);
	if (c->key)
		app_message(a, false, "suggested: %s; press %c to code it, f for the next", c->name,
		            (char)c->key);
	else
		app_message(a, false, "suggested: %s; c codes it, f for the next", c->name);
	free(sg);
	return code;
}

static void collect_matches(struct app *a, struct frame *f, size_t vs, size_t ve)
{
	size_t p = vs, s, e;
	/* what the screen shows only: a bounded search that never looks past it */
	struct search_budget b = {.left = 20ull * SEARCH_STEP_LIMIT, .start_limit = ve};

	f->nm = 0;
	if (!a->re)
		return;
	while (p <= a->t->len && f->nm < MAX_MATCHES) {
		if (search_exec_budget(a->re, a->t->text, a->t->len, p, &s, &e, &b) !=
		        SEARCH_FOUND ||
		    s >= ve)
			break;
		if (e > s) {
			f->ms[f->nm] = s;
			f->me[f->nm++] = e;
		}
		p = e > s ? e : after_char(a, s);
	}
}

static bool in_match(const struct frame *f, size_t o)
{
	for (size_t i = 0; i < f->nm; i++)
		if (o >= f->ms[i] && o < f->me[i])
			return true;
	return false;
}

static bool sattr_eq(struct sattr x, struct sattr y)
{
	return x.fg == y.fg && x.bg == y.bg && x.flags == y.flags;
}

static struct sattr text_attr(struct app *a, struct frame *f, const struct tline *tl, size_t o)
{
	struct sattr at = SATTR(0);
	const struct transcript *t = a->t;
	const struct hl_run *hr;

	if (tl->front) {
		at = style(STYLE_FRONT);
	} else if (tl->turn >= 0 && o >= tl->off && o < tl->content) {
		const struct turn *tu = &t->turns[tl->turn];
		const char *close = t->text[tl->off] == '['
		                        ? memchr(t->text + tl->off, ']', tl->content - tl->off)
		                        : NULL;
		if (close && o <= (size_t)(close - t->text))
			at = style(STYLE_FRONT);
		else
			at = style_speaker(tu->speaker);
	}
	if ((hr = highlight_near(&f->hl, o, &f->hl_hint))) {
		if (hr != f->look_run || !sattr_eq(at, f->look_base)) {
			f->look_run = hr;
			f->look_base = at;
			f->look = style_coded(at, a->sess.p->cb, hr->code, hr->mine, hr->theirs);
		}
		at = f->look;
	}
	if (o >= f->us && o < f->ue)
		at = style_over(at, a->selecting
		                        ? STYLE_SELECTION
		                        : (a->unit == UNIT_TURN ? STYLE_UNIT_TURN : STYLE_UNIT));
	if (in_match(f, o))
		at = style_over(at, a->selecting ? STYLE_MATCH_IN_SEL : STYLE_MATCH);
	return at;
}

static void draw_text_row(struct app *a, struct frame *f, int y, size_t line, size_t rs, size_t re)
{
	const struct transcript *t = a->t;
	const struct tline *tl = &t->lines[line];
	int x = 0;
	size_t i = rs;

	while (i < re && x < a->g.textw) {
		uint32_t cl[5];
		size_t m = 0, o = i;
		int w;

		i += layout_cell(t->text + i, re - i, cl, ARRAY_LEN(cl), &m, &w);
		if (x + w > a->g.textw)
			break;
		screen_put(y, a->g.textx + x, cl, m, text_attr(a, f, tl, o));
		x += w;
	}
}

static int cmp_int(const void *x, const void *y)
{
	int p = *(const int *)x, q = *(const int *)y;
	return (p > q) - (p < q);
}

/* stripe_char: a code's mark in the margin: its key, else a middle dot as in the codebook
 * pane (never a letter, which could be taken for a command key) */
static uint32_t stripe_char(const struct app *a, int code)
{
	if (code < 0)
		return '?';
	if (a->sess.p->cb->codes[code].key)
		return a->sess.p->cb->codes[code].key;
	return 0xB7;
}

/* others: the codes of other coders' codings over [rs, re), not yet in codes[0..nc) of
 * theirs; appended to codes, returns the new count */
static size_t others(const struct app *a, size_t rs, size_t re, int *codes, size_t nc, size_t max)
{
	const struct doc *doc = &a->sess.p->docs[a->sess.doc];

	for (size_t s = 0; s < doc->nsets; s++) {
		const struct codings *c = doc->sets[s];
		if (c == a->sess.cs || strcmp(c->coder, a->sess.coder) == 0)
			continue;
		for (size_t i = 0; i < c->len && nc < max; i++) {
			const struct coding *cd = &c->items[i];
			int code;
			bool seen = false;
			if (!coding_counted(cd) || cd->start >= (re > rs ? re : rs + 1) ||
			    cd->end <= rs)
				continue;
			code = a->sess.p->cb ? codebook_find(a->sess.p->cb, cd->code) : -1;
			for (size_t k = 0; k < nc; k++)
				seen |= codes[k] == code;
			if (!seen)
				codes[nc++] = code;
		}
	}
	return nc;
}

static void draw_lanes(struct app *a, int y, size_t rs, size_t re)
{
	struct overlap_ref refs[MAX_COVER];
	int codes[MAX_COVER], theirs[MAX_COVER];
	size_t n = vt_covering(a, rs, re, refs, MAX_COVER), nc = 0, nt = 0;
	int x = a->g.tx + 1;

	if (n > MAX_COVER)
		n = MAX_COVER;
	for (size_t i = 0; i < n; i++) {
		int c = ref_code(a, &refs[i]);
		bool seen = false;
		for (size_t k = 0; k < nc; k++)
			seen |= codes[k] == c;
		if (!seen)
			codes[nc++] = c;
	}
	sort_array(codes, nc, sizeof(*codes), cmp_int);
	if (a->show_others) { /* theirs after yours, dim and underlined */
		nt = others(a, rs, re, theirs, 0, MAX_COVER);
		sort_array(theirs, nt, sizeof(*theirs), cmp_int);
	}
	for (size_t k = 0; k < nc + nt && (int)k < a->g.lanes; k++) {
		bool mine = k < nc;
		int code = mine ? codes[k] : theirs[k - nc];
		uint32_t ch = stripe_char(a, code);
		struct sattr at = style_code(a->sess.p->cb, code, mine);
		if (!mine) /* the code's colour, dim and underlined */
			at.flags = style(STYLE_THEIRS).flags;
		if ((int)k == a->g.lanes - 1 && (int)(nc + nt) > a->g.lanes)
			ch = '+', at = style(STYLE_MORE);
		screen_put(y, x + (int)k, &ch, 1, at);
	}
}

/* starts_in: does a coding that starts in row [rs, re) (an empty row: at rs) start here? */
static bool starts_in(const struct coding *cd, size_t rs, size_t re)
{
	return cd->start >= rs && (cd->start < re || (re == rs && cd->start == rs));
}

struct names_ctx {
	struct app *a;
	int y, x;
	size_t rs, re;
	bool memo;
};

static bool name_one(void *ctx, const struct overlap_ref *r)
{
	struct names_ctx *nc = ctx;
	struct app *a = nc->a;
	const struct coding *cd = overlap_coding(&a->ix, r);
	int c = ref_code(a, r);
	const char *name = c >= 0 ? a->sess.p->cb->codes[c].name : cd->code;

	if (!starts_in(cd, nc->rs, nc->re))
		return true;
	nc->memo |= cd->memo && *cd->memo;
	if (!a->g.namew || nc->x >= a->g.namew)
		return true;
	if (nc->x > 0)
		nc->x +=
		    screen_text(nc->y, a->g.namex + nc->x, a->g.namew - nc->x, " ", 1, SATTR(0));
	nc->x += screen_text(nc->y, a->g.namex + nc->x, a->g.namew - nc->x, name, strlen(name),
	                     style_code(a->sess.p->cb, c, false));
	return true;
}

/* draw_names: the names of the codings that start on this row, and the memo mark in the
 * margin when one of them has a memo */
static void draw_names(struct app *a, int y, size_t rs, size_t re)
{
	struct names_ctx nc = {a, y, 0, rs, re, false};
	uint32_t mark = 0x270E; /* ✎ */

	overlap_each(&a->ix, rs, re > rs ? re : rs + 1, name_one, &nc);
	if (nc.memo)
		screen_put(y, a->g.tx + a->g.lanes + 1, &mark, 1, style(STYLE_MEMO_MARK));
}

static void draw_row(struct app *a, struct frame *f, int y, struct lpos p)
{
	size_t rs, re;
	uint32_t bar = 0x258C; /* ▌ */

	layout_row_range(&a->lay, p.line, p.row, &rs, &re);
	if (f->ue > f->us && rs < f->ue && (re > f->us || (re == rs && rs >= f->us)))
		screen_put(y, a->g.tx, &bar, 1, style(STYLE_CURSOR_BAR));
	if (f->nsg)
		draw_suggested(a, f, y, rs, re);
	if (a->ix.n || a->show_others)
		draw_lanes(a, y, rs, re);
	if (a->ix.n)
		draw_names(a, y, rs, re);
	if (a->cmp && a->g.cmpw > 0)
		vcompare_draw_row(a->cmp, y, a->g.cmpx, a->g.cmpw, rs, re);
	draw_text_row(a, f, y, p.line, rs, re);
}

void vt_draw(struct app *a)
{
	struct frame *f;
	struct lpos p = a->top, bottom;
	size_t vs, ve, s;

	if (!a->sess.open || a->g.tw <= 0 || a->t->nlines == 0)
		return;
	f = xcalloc(1, sizeof(*f));
	vt_range(a, &f->us, &f->ue);
	row_visible_range(a, &bottom);
	vs = a->t->lines[a->top.line].off;
	layout_row_range(&a->lay, bottom.line, bottom.row, &s, &ve);
	collect_matches(a, f, vs, ve);
	f->nsg = suggestions(a, a->top.line, bottom.line + 1, &f->sg);
	if (!a->hide_coded)
		highlight_build(&f->hl, a->sess.p->cb, a->sess.coder, a->sess.cs,
		                a->show_others ? a->sess.p->docs[a->sess.doc].sets : NULL,
		                a->show_others ? a->sess.p->docs[a->sess.doc].nsets : 0, vs, ve);
	for (int y = 0; y < a->g.th; y++) {
		draw_row(a, f, y, p);
		if (layout_move(&a->lay, &p, 1) == 0)
			break;
	}
	free(f->sg);
	highlight_done(&f->hl);
	free(f);
}

/* ---- status line ---- */

static const char *unit_name(enum unit_kind u)
{
	return u == UNIT_TURN       ? "turn"
	       : u == UNIT_SENTENCE ? "sentence"
	       : u == UNIT_LINE     ? "line"
	                            : "word";
}

void vt_status(struct app *a)
{
	struct strbuf left = STRBUF_INIT, right = STRBUF_INIT;
	const struct session_doc *ds = a->sess.open ? &a->sess.ds[a->sess.doc] : NULL;

	if (a->sess.open) {
		size_t line = vt_cursor_line(a), n = a->t->nlines ? a->t->nlines : 1;
		sb_printf(&left, " %s", a->t->name);
		if (a->cmp) {
			size_t nd = vcompare_count(a->cmp);
			sb_printf(&left, "  %s | %s: %zu %s%s disagree%s", a->sess.coder,
			          vcompare_coder(a->cmp), nd, agree_unit_name(vt_agree_unit(a)),
			          nd == 1 ? "" : "s", nd == 1 ? "s" : "");
			vcompare_scope(a->cmp, &left);
		}
		sb_printf(&right, "L%zu/%zu %zu%%  %s%s  ", line + 1, n, (line + 1) * 100 / n,
		          a->sess.coder, a->blind ? " (blind)" : "");
		if (a->show_others)
			sb_adds(&right, "+others  ");
		if (a->selecting) {
			size_t nw = transcript_words(a->t, a->sel_s, a->sel_e);
			sb_printf(&right, "selection %zu word%s", nw, nw == 1 ? "" : "s");
		} else
			sb_adds(&right, unit_name(a->unit));
		sb_printf(&right, "  %s ",
		          ds->dirty ? "UNSAVED" : (ds->ro ? "read-only" : "saved"));
	} else {
		sb_adds(&left, " gloss: choose a transcript");
	}
	status_draw(&a->status, a->g.rows - 2, a->g.cols, left.data ? left.data : "",
	            right.data ? right.data : "");
	sb_done(&left);
	sb_done(&right);
}

/* ---- jumps, search and the other coders ---- */

/* nearest_start: the start of the nearest counted coding (of code, or any when code < 0)
 * after (dir > 0) or before the cursor, SIZE_MAX when none */
static size_t nearest_start(const struct app *a, int code, int dir)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < a->ix.n; i++) {
		size_t st = a->ix.refs[i].start;
		if (code >= 0 && a->ref_code[a->ix.refs[i].item] != code)
			continue;
		if (dir > 0 && st > a->pos)
			return st;
		if (dir < 0 && st < a->pos)
			best = st;
	}
	return best;
}

/* ' or " then a code key: the next or previous passage with that code */
static void jump_with_code(struct app *a, int dir)
{
	struct rect area;
	int key, code;
	size_t best;

	app_message(a, false, "%s which code? (press its key)", dir > 0 ? "next" : "previous");
	a->host.frame(a->host.ctx, VIEW_OVERLAY, &area); /* the coder's screen, the question */
	screen_refresh();
	key = screen_getkey(-1);
	a->status.msg[0] = '\0';
	code = key > 0 && key < 128 ? codebook_by_key(a->sess.p->cb, (uint32_t)key) : -1;
	if (code < 0) {
		app_message(a, true, "no code has that key");
		return;
	}
	best = nearest_start(a, code, dir);
	if (best == SIZE_MAX)
		app_message(a, true, "no %s passage coded %s", dir > 0 ? "further" : "earlier",
		            a->sess.p->cb->codes[code].name);
	else
		vt_goto(a, best);
}

static void jump_coded(struct app *a, int dir)
{
	size_t best = nearest_start(a, -1, dir);

	if (best == SIZE_MAX)
		app_message(a, false, "no %s coded passage", dir > 0 ? "further" : "earlier");
	else
		vt_goto(a, best);
}

static void jump_turn(struct app *a, int dir)
{
	int ti = transcript_turn_at(a->t, a->pos);
	long next;

	if (a->t->nturns == 0) {
		app_message(a, false, "no speaker turns in this transcript");
		return;
	}
	if (ti < 0)
		next = dir > 0 && a->pos < a->t->turns[0].start ? 0 : (long)a->t->nturns - 1;
	else if (dir < 0 && a->pos > a->t->turns[ti].start)
		next = ti;
	else
		next = ti + dir;
	if (next < 0 || next >= (long)a->t->nturns) {
		app_message(a, false, dir > 0 ? "last turn" : "first turn");
		return;
	}
	vt_goto(a, a->t->turns[next].start);
}

static void goto_line(struct app *a)
{
	char *s = a->host.ask(a->host.ctx, ":", ""), *end;
	unsigned long n;

	if (!s || !*s) {
		free(s);
		return;
	}
	n = strtoul(s, &end, 10);
	if (*end || n == 0) {
		app_message(a, true, "not a line number: %s", s);
	} else {
		if (n > a->t->nlines)
			n = a->t->nlines;
		vt_goto(a, a->t->lines[n - 1].front ? a->t->lines[n - 1].off
		                                    : a->t->lines[n - 1].content);
		a->top = layout_pos_of(&a->lay, a->t->lines[n - 1].off);
		vt_reveal(a);
	}
	free(s);
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

static void search_prompt(struct app *a, bool backward)
{
	char *pat = a->host.ask(a->host.ctx, backward ? "\\" : "/", ""), err[256];
	struct search *re;
	size_t erroff = 0;

	if (!pat)
		return;
	if (!*pat) {
		free(pat);
		if (a->re)
			vt_search(a, backward, true);
		return;
	}
	re = search_new(pat, (has_upper(pat) ? 0 : SEARCH_CASELESS) | a->search_flags, err,
	                sizeof(err), &erroff);
	if (!re) {
		app_message(a, true, "invalid pattern at %zu: %s", erroff, err);
		free(pat);
		return;
	}
	search_free(a->re);
	free(a->pattern);
	a->re = re;
	a->pattern = pat;
	a->have_match = false;
	vt_search(a, backward, true);
}

/* toggle_others: show or hide the other coders' codings of this transcript */
static void toggle_others(struct app *a)
{
	const struct doc *doc = &a->sess.p->docs[a->sess.doc];
	size_t n = 0;

	if (a->blind) { /* never loaded: whether anyone else coded is not known here */
		app_message(a, true, "coding blind (%s): other coders' codings are hidden",
		            a->blind_why);
		return;
	}
	for (size_t s = 0; s < doc->nsets; s++)
		n += strcmp(doc->sets[s]->coder, a->sess.coder) != 0;
	a->show_others = !a->show_others;
	if (!a->show_others)
		app_message(a, false, "other coders' codings hidden");
	else if (n == 0)
		app_message(a, false, "no other coder has coded %s", a->t->name);
	else
		app_message(a, false,
		            "the codings of %zu other coder%s, dim and underlined (read-only)", n,
		            n == 1 ? "" : "s");
}

/* toggle_highlight: show or hide the highlighting of coded text (highlight.h) */
static void toggle_highlight(struct app *a)
{
	a->hide_coded = !a->hide_coded;
	app_message(a, false,
	            a->hide_coded ? "coded text not highlighted (h shows it again)"
	                          : "coded text highlighted");
}

/* ---- the view's keys ---- */

/* move_key: the keys that move the cursor or the text; false for any other */
static bool move_key(struct app *a, enum keyaction act)
{
	long half = a->g.th / 2 > 0 ? a->g.th / 2 : 1, page = a->g.th > 2 ? a->g.th - 2 : 1;

	switch (act) {
	case KA_DOWN:
	case KA_UP:
		vt_leave_word(a);
		vt_move_unit(a, act == KA_DOWN ? 1 : -1);
		break;
	case KA_HALF_DOWN:
	case KA_HALF_UP:
		vt_scroll(a, act == KA_HALF_DOWN ? half : -half, true);
		break;
	case KA_PAGE_DOWN:
	case KA_PAGE_UP:
		vt_scroll(a, act == KA_PAGE_DOWN ? page : -page, false);
		break;
	case KA_TOP:
		vt_first_unit(a);
		break;
	case KA_BOTTOM:
		a->top = layout_last(&a->lay);
		layout_move(&a->lay, &a->top, -(long)(a->g.th - 1));
		vt_last_unit(a);
		break;
	default:
		return false;
	}
	return true;
}

/* jump_key: the keys that jump to a turn, a coded passage, a line or a search match */
static bool jump_key(struct app *a, enum keyaction act)
{
	int dir = act == KA_NEXT_TURN || act == KA_NEXT_CODED || act == KA_NEXT_WITH ? 1 : -1;

	switch (act) {
	case KA_NEXT_TURN:
	case KA_PREV_TURN:
		jump_turn(a, dir);
		break;
	case KA_NEXT_CODED:
	case KA_PREV_CODED:
		jump_coded(a, dir);
		break;
	case KA_NEXT_WITH:
	case KA_PREV_WITH:
		jump_with_code(a, dir);
		break;
	case KA_GOTO_LINE:
		goto_line(a);
		break;
	case KA_SEARCH:
	case KA_SEARCH_BACK:
		search_prompt(a, act == KA_SEARCH_BACK);
		break;
	case KA_MATCH_NEXT:
	case KA_MATCH_PREV:
		vt_search(a, act == KA_MATCH_PREV, false);
		break;
	default:
		return false;
	}
	return true;
}

/* next_unit: s: the next unit (turn, sentence, line), or back from the word cursor */
static void next_unit(struct app *a)
{
	if (a->unit == UNIT_WORD)
		vt_leave_word(a);
	else
		a->unit = (a->unit + 1) % 3;
	vt_select_update(a);
	app_message(a, false, "unit: %s",
	            a->unit == UNIT_TURN ? "turn"
	                                 : (a->unit == UNIT_SENTENCE ? "sentence" : "line"));
}

/* toggle_select: v: start a selection at the cursor unit, or drop it */
static void toggle_select(struct app *a)
{
	if (a->selecting) {
		a->selecting = false;
		return;
	}
	a->selecting = true;
	vt_unit_bounds(a, a->pos, &a->anc_s, &a->anc_e);
	a->sel_s = a->anc_s, a->sel_e = a->anc_e;
	app_message(a, false, "selecting: move to extend, press a code key to code");
}

/* word_move_of: the word key's move */
static enum word_move word_move_of(enum keyaction act)
{
	return act == KA_WORD_NEXT    ? WM_NEXT
	       : act == KA_WORD_PREV  ? WM_PREV
	       : act == KA_WORD_END   ? WM_END
	       : act == KA_UNIT_START ? WM_UNIT_START
	                              : WM_UNIT_END;
}

/* select_key: the keys of the unit, the selection, the word cursor and the suggestions */
static bool select_key(struct app *a, enum keyaction act)
{
	switch (act) {
	case KA_WORD_NEXT:
	case KA_WORD_PREV:
	case KA_WORD_END:
	case KA_UNIT_START:
	case KA_UNIT_END:
		vt_word_move(a, word_move_of(act));
		break;
	case KA_END_LEFT:
	case KA_END_RIGHT:
	case KA_START_LEFT:
	case KA_START_RIGHT:
		vt_word_adjust(a, act == KA_END_LEFT || act == KA_END_RIGHT,
		               act == KA_END_RIGHT || act == KA_START_RIGHT ? 1 : -1);
		break;
	case KA_UNIT:
		next_unit(a);
		break;
	case KA_SELECT:
		toggle_select(a);
		break;
	case KA_SELECT_MATCH:
		vt_select_match(a);
		break;
	case KA_SUGGESTION:
		a->pane_code = vt_next_suggestion(a);
		break;
	case KA_CANCEL:
		if (a->selecting)
			a->selecting = false;
		else
			a->have_match = false, search_free(a->re), a->re = NULL;
		break;
	default:
		return false;
	}
	return true;
}

/* vt_key: the transcript view's view_ops.key: the motion, selection and search keys;
 * VIEW_PASS for any other key (tui.c's) */
static enum view_result vt_key(void *v, int key, enum keyaction act)
{
	struct app *a = v;

	(void)key;
	if (act == KA_OTHERS)
		toggle_others(a);
	else if (act == KA_HIGHLIGHT)
		toggle_highlight(a);
	else if (!move_key(a, act) && !jump_key(a, act) && !select_key(a, act))
		return VIEW_PASS;
	return VIEW_GO_ON;
}

/* vt_draw_ops: the view's view_ops.draw: tui.c has set the geometry (vt_geometry) */
static void vt_draw_ops(void *v, struct rect area)
{
	(void)area;
	vt_reveal(v);
	vt_draw(v);
}

/* the transcript view is the coder's base screen: tui.c's loop drives it (not view_run) */
const struct view_ops vt_ops = {"transcript", KC_MAIN, VIEW_FULL, vt_draw_ops, vt_key};
