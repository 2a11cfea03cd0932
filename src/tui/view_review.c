/* view_review.c — the review queue and the project-wide search that feeds it
 * (view_review.h). The candidates and decisions are the core's (review.h); this file only
 * shows them and turns keys into decisions. */
#include "view_review.h"
#include "view_picker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/grep.h"
#include "gloss/project.h"
#include "gloss/review.h"
#include "gloss/search.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"
#include "view.h"

#define CONTEXT_BEFORE 400 /* bytes of text shown before a candidate, at most */

struct qundo {
	size_t item;
	enum review_state before;
	size_t pos_before;
	size_t start, end; /* the item's range before the decision */
	size_t undo_mark;  /* accepted: the coder's undo position after the coding */
	bool coded;        /* accepted: the coding changed (it was not there already) */
	unsigned group;    /* decisions taken with one key (accept all) */
};

struct vreview {
	const struct project *p;
	const char *coder;
	struct review_queue q;
	struct review_decisions **dec; /* per document, read on first use */
	struct qundo *undo;
	size_t nundo, capundo;
	unsigned group;
	/* the change asked of tui.c */
	bool pending;
	struct review_change change;
	size_t pend_item;
	/* accept all: the items still to accept */
	size_t *batch;
	size_t nbatch, capbatch, batch_pos;
	int search_code; /* the code the search's hits get (-1: none chosen yet) */
	char *pattern;
	struct strbuf msgbuf;
	bool err;
	/* the view's result */
	bool want_change, closed, chain;
	/* the search's hit list */
	struct listview lv;
	size_t *hits;
	size_t nhits, caphits, searched;
	bool searching, stopped, open_queue;
};

/* ---- decisions ---------------------------------------------------------------------- */

static struct review_decisions *decisions(struct vreview *v, size_t doc)
{
	if (!v->dec[doc]) {
		struct diags d;
		diags_init(&d);
		v->dec[doc] = review_decisions_load(v->p->docs[doc].t, v->coder, &d);
		if (!v->dec[doc]) { /* unreadable: an empty set that is never saved over it */
			v->dec[doc] = review_decisions_parse("", 0, "", &d);
			v->dec[doc]->exists = true;
		}
		diags_done(&d);
	}
	return v->dec[doc];
}

static void say(struct vreview *v, bool err, const char *fmt, const char *arg)
{
	sb_reset(&v->msgbuf);
	sb_printf(&v->msgbuf, fmt, arg);
	v->err = err;
}

/* record: write item i's decision (v: accept or reject); false (said) when it cannot be */
static bool record(struct vreview *v, size_t i, enum review_verdict verdict)
{
	const struct review_item *it = &v->q.items[i];
	const struct transcript *t = v->p->docs[it->doc].t;
	struct review_decisions *ds = decisions(v, it->doc);
	char err[512];

	if (!ds->path[0]) {
		say(v, true, "%s: the decisions file could not be read; nothing decided", t->name);
		return false;
	}
	review_decide(ds, t, verdict, v->p->cb->codes[it->code].id, it->start, it->end, it->by);
	if (review_decisions_save(ds, err, sizeof(err)) < 0) {
		review_undecide(ds, (size_t)review_decided(ds, t, v->p->cb->codes[it->code].id,
		                                           it->start, it->end));
		say(v, true, "%s", err);
		return false;
	}
	return true;
}

static bool unrecord(struct vreview *v, size_t i)
{
	const struct review_item *it = &v->q.items[i];
	const struct transcript *t = v->p->docs[it->doc].t;
	struct review_decisions *ds = decisions(v, it->doc);
	long k = it->code >= 0
	             ? review_decided(ds, t, v->p->cb->codes[it->code].id, it->start, it->end)
	             : -1;
	char err[512];

	if (k < 0)
		return true;
	review_undecide(ds, (size_t)k);
	if (review_decisions_save(ds, err, sizeof(err)) < 0) {
		say(v, true, "%s", err);
		return false;
	}
	return true;
}

static void push_undo(struct vreview *v, size_t i, enum review_state before, size_t s, size_t e,
                      size_t mark, bool coded)
{
	struct qundo u = {i, before, v->q.pos, s, e, mark, coded, v->group};
	VEC_PUSH(v->undo, v->nundo, v->capundo, u);
}

/* ---- moving ----------------------------------------------------------------------------- */

static void advance(struct vreview *v)
{
	long n = review_queue_next(&v->q, v->q.pos);

	if (n >= 0)
		v->q.pos = (size_t)n;
}

static struct review_item *cur(struct vreview *v)
{
	return v->q.n ? &v->q.items[v->q.pos] : NULL;
}

/* ---- collecting --------------------------------------------------------------------- */

static int cmp_pos(const struct review_item *a, const struct review_item *b)
{
	if (a->doc != b->doc)
		return a->doc < b->doc ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	return a->code < b->code ? -1 : a->code > b->code;
}

void vreview_refresh(struct vreview *v)
{
	struct review_queue old = v->q;
	struct review_item was = old.n ? old.items[old.pos] : (struct review_item){0};

	review_queue_init(&v->q);
	for (size_t d = 0; d < v->p->ndocs; d++) {
		review_pattern_items(&v->q, v->p, d, decisions(v, d));
		review_model_items(&v->q, v->p, d, v->coder, decisions(v, d));
	}
	for (size_t i = 0; i < old.n; i++) /* search hits still open stay */
		if (old.items[i].source == REVIEW_SEARCH && old.items[i].state == REVIEW_OPEN)
			review_queue_add(&v->q, &old.items[i]);
	review_queue_sort(&v->q);
	for (size_t i = 0; old.n && i < v->q.n; i++)
		if (cmp_pos(&v->q.items[i], &was) >= 0) {
			v->q.pos = i;
			break;
		}
	review_queue_done(&old);
	v->nundo = 0; /* decisions before a refresh are undone in the transcript (u) */
	v->nhits = 0;
}

struct vreview *vreview_new(const struct project *p, const char *coder)
{
	struct vreview *v = xcalloc(1, sizeof(*v));

	v->p = p;
	v->coder = coder;
	v->dec = xcalloc(p->ndocs ? p->ndocs : 1, sizeof(*v->dec));
	v->search_code = -1;
	review_queue_init(&v->q);
	return v;
}

void vreview_free(struct vreview *v)
{
	if (!v)
		return;
	for (size_t d = 0; d < v->p->ndocs; d++)
		review_decisions_free(v->dec[d]);
	free(v->dec);
	review_queue_done(&v->q);
	free(v->undo);
	free(v->batch);
	free(v->hits);
	free(v->pattern);
	sb_done(&v->msgbuf);
	if (v->lv.draw_row)
		listview_done(&v->lv);
	free(v);
}

size_t vreview_count(const struct vreview *v, size_t *open)
{
	*open = review_queue_open(&v->q);
	return v->q.n;
}

/* ---- drawing ------------------------------------------------------------------------ */

static const char *source_name(const struct review_item *it)
{
	return it->source == REVIEW_PATTERN  ? "the codebook's patterns"
	       : it->source == REVIEW_SEARCH ? "search"
	                                     : it->by;
}

static const char *state_name(enum review_state s)
{
	static const char *const names[] = {"", "accepted", "rejected", "skipped"};
	return names[s];
}

/* draw_context: bytes [from, to) of t wrapped into r, [s, e) as the candidate and
 * [ms, me) as its match; a line break starts a new row */
static void draw_context(const struct transcript *t, size_t from, size_t to,
                         const struct review_item *it, struct rect r)
{
	int y = r.y, x = r.x;

	for (size_t o = from; o < to && y < r.y + r.h;) {
		uint32_t cp;
		size_t n = utf8_decode(t->text + o, to - o, &cp);
		int w = cp == '\n' ? 0 : utf8_width(cp);
		enum style st = o >= it->ms && o < it->me && it->me > it->ms ? STYLE_MATCH
		                : o >= it->start && o < it->end              ? STYLE_SELECTION
		                                                             : STYLE_NORMAL;
		if (cp == '\n' || x + (w > 0 ? w : 0) > r.x + r.w) {
			y++, x = r.x;
			if (cp == '\n') {
				o += n;
				continue;
			}
			if (y >= r.y + r.h)
				break;
		}
		if (w > 0)
			x += screen_put(y, x, &cp, 1, style(st));
		o += n;
	}
}

static void draw_item(struct vreview *v, const struct review_item *it, struct rect a)
{
	const struct transcript *t = v->p->docs[it->doc].t;
	const char *sp = transcript_speaker_at(t, it->start);
	struct strbuf sb = STRBUF_INIT;
	size_t from = it->start > t->body + CONTEXT_BEFORE ? it->start - CONTEXT_BEFORE : t->body;
	int y = a.y + 1;

	while (from > t->body && t->text[from - 1] != '\n') /* from a line's start */
		from--;
	if (it->start - from > CONTEXT_BEFORE * 2) { /* a long line: from a word's start in it */
		from =
		    transcript_cp_to_byte(t, transcript_byte_to_cp(t, it->start - CONTEXT_BEFORE));
		while (from < it->start && t->text[from - 1] != ' ')
			from++; /* bytes: a space is never part of a longer character */
	}
	sb_printf(&sb, "%s  line %zu%s%s  from %s", t->name, transcript_line_at(t, it->start) + 1,
	          sp ? "  " : "", sp ? sp : "", source_name(it));
	if (it->confidence >= 0)
		sb_printf(&sb, "  confidence %.2f", it->confidence);
	if (it->state != REVIEW_OPEN)
		sb_printf(&sb, "  [%s]", state_name(it->state));
	screen_text(y++, a.x + 1, a.w - 2, sb.data, sb.len, style(STYLE_TITLE));
	sb_reset(&sb);
	if (it->code >= 0)
		sb_printf(&sb, "code: %s (%s)", v->p->cb->codes[it->code].name,
		          v->p->cb->codes[it->code].id);
	else
		sb_adds(&sb, "code: none yet (a code key, or c, gives it one)");
	screen_text(y++, a.x + 1, a.w - 2, sb.data, sb.len, style(STYLE_NORMAL));
	if (it->rationale) { /* through the screen's cell writer: controls made visible */
		char *why = review_flow_text(it->rationale);
		sb_reset(&sb);
		sb_adds(&sb, "why: ");
		sb_adds(&sb, why);
		screen_text(y++, a.x + 1, a.w - 2, sb.data, sb.len, style(STYLE_DIM));
		free(why);
	}
	y++;
	draw_context(t, from, it->end + 200 < t->len ? it->end + 200 : t->len, it,
	             (struct rect){a.x + 2, y, a.w - 4, a.y + a.h - 2 - y});
	sb_done(&sb);
}

static void review_draw(void *vv, struct rect a)
{
	struct vreview *v = vv;
	size_t open = review_queue_open(&v->q);
	char head[256];
	static const char hint[] = "Enter accept  c or a code key: as that code  x reject  s skip  "
	                           "< > , . narrow/widen  + accept all hits  u undo  Esc close";

	if (v->q.n == 0) {
		snprintf(head, sizeof(head), "Review: nothing to review (%s)",
		         "no suggestion is undecided; % searches every transcript");
		screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
		return;
	}
	snprintf(head, sizeof(head), "Review: %zu of %zu  (%zu open)", v->q.pos + 1, v->q.n, open);
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	draw_item(v, &v->q.items[v->q.pos], a);
	if (v->msgbuf.len)
		screen_text(a.y + a.h - 2, a.x + 1, a.w - 2, v->msgbuf.data, v->msgbuf.len,
		            style(v->err ? STYLE_ERROR : STYLE_MESSAGE));
	screen_text(a.y + a.h - 1, a.x + 1, a.w - 2, hint, strlen(hint), style(STYLE_DIM));
}

/* ---- keys ----------------------------------------------------------------------------- */

static long pick_code(struct vreview *v, const struct view_host *h)
{
	long r = code_pick_run(h, v->p->cb, "Accept as which code? (type to filter)", CP_KEYS, -1);

	return r < 0 ? -1 : r;
}

/* ask_accept: ask tui.c to code item i (with code) */
static enum view_result ask_accept(struct vreview *v, size_t i, int code)
{
	struct review_item *it = &v->q.items[i];

	if (it->state != REVIEW_OPEN) {
		say(v, true, "already %s (u undoes it)", state_name(it->state));
		return VIEW_GO_ON;
	}
	if (code < 0) {
		say(v, true, "%sthis hit has no code yet: press a code key or c", "");
		return VIEW_GO_ON;
	}
	it->code = code;
	if (it->source == REVIEW_SEARCH)
		v->search_code = code;
	v->pending = true;
	v->pend_item = i;
	v->change = (struct review_change){RC_ACCEPT, it->doc, code, it->start, it->end, it->by, 0};
	v->want_change = true;
	return VIEW_DONE;
}

static void reject(struct vreview *v)
{
	struct review_item *it = cur(v);

	if (it->state != REVIEW_OPEN) {
		say(v, true, "already %s (u undoes it)", state_name(it->state));
		return;
	}
	if (it->code < 0) {
		it->state = REVIEW_REJECTED; /* a search hit without a code: dropped, not stored */
		push_undo(v, v->q.pos, REVIEW_OPEN, it->start, it->end, 0, false);
		advance(v);
		return;
	}
	if (!record(v, v->q.pos, REVIEW_REJECT))
		return;
	v->group++;
	push_undo(v, v->q.pos, REVIEW_OPEN, it->start, it->end, 0, false);
	it->state = REVIEW_REJECTED;
	say(v, false, "rejected: %s is not suggested again for this passage",
	    v->p->cb->codes[it->code].name);
	advance(v);
}

static void skip(struct vreview *v)
{
	struct review_item *it = cur(v);

	if (it->state == REVIEW_OPEN) {
		v->group++;
		push_undo(v, v->q.pos, REVIEW_OPEN, it->start, it->end, 0, false);
		it->state = REVIEW_SKIPPED;
	}
	advance(v);
	sb_reset(&v->msgbuf);
}

static enum view_result undo_last(struct vreview *v);

/* undo_group: the rest of an accept-all after one of it was undone: undone one by one,
 * without keys (a coding to undo is asked of tui.c: v->chain) */
static void undo_group(struct vreview *v, unsigned group)
{
	while (v->nundo && v->undo[v->nundo - 1].group == group) {
		undo_last(v);
		if (v->pending) {
			v->chain = true;
			return;
		}
	}
	say(v, false, "%sundone", "");
}

/* undo_last: undo the last decision (all of one accept-all); an accepted one asks tui.c
 * to undo the coding first */
static enum view_result undo_last(struct vreview *v)
{
	struct qundo *u;
	struct review_item *it;

	if (v->nundo == 0) {
		say(v, false, "%snothing to undo in the queue", "");
		return VIEW_GO_ON;
	}
	u = &v->undo[v->nundo - 1];
	it = &v->q.items[u->item];
	if (it->state == REVIEW_ACCEPTED && u->coded) {
		v->pending = true;
		v->pend_item = u->item;
		v->change = (struct review_change){RC_UNDO, it->doc, it->code,    it->start,
		                                   it->end, it->by,  u->undo_mark};
		v->want_change = true;
		return VIEW_DONE;
	}
	if (it->state != REVIEW_OPEN && it->state != REVIEW_SKIPPED && !unrecord(v, u->item))
		return VIEW_GO_ON;
	it->state = u->before;
	it->start = u->start, it->end = u->end;
	v->q.pos = u->item;
	v->nundo--;
	say(v, false, "%sundone", "");
	return VIEW_GO_ON;
}

static void move_edge(struct vreview *v, enum keyaction act)
{
	struct review_item *it = cur(v);
	const struct transcript *t = v->p->docs[it->doc].t;
	size_t s = it->start, e = it->end;

	if (it->state != REVIEW_OPEN)
		return;
	if (act == KA_START_LEFT || act == KA_START_RIGHT)
		s = review_edge(t, s, act == KA_START_RIGHT ? 1 : -1, false);
	else
		e = review_edge(t, e, act == KA_END_RIGHT ? 1 : -1, true);
	if (s < e) {
		it->start = s, it->end = e;
		if (it->ms < s || it->me > e)
			it->ms = it->me = s;
	}
}

static enum view_result accept_all(struct vreview *v, const struct view_host *h)
{
	int code = v->search_code;

	if (cur(v)->source != REVIEW_SEARCH) {
		say(v, true, "%s+ accepts the hits of a search (%% searches every transcript)", "");
		return VIEW_GO_ON;
	}
	if (code < 0 && (code = (int)pick_code(v, h)) < 0)
		return VIEW_GO_ON;
	v->search_code = code;
	v->nbatch = v->batch_pos = 0;
	v->group++;
	for (size_t i = 0; i < v->q.n; i++)
		if (v->q.items[i].source == REVIEW_SEARCH && v->q.items[i].state == REVIEW_OPEN)
			VEC_PUSH(v->batch, v->nbatch, v->capbatch, i);
	if (v->nbatch == 0)
		return VIEW_GO_ON;
	return ask_accept(v, v->batch[v->batch_pos++], code);
}

struct keyctx_run {
	struct vreview *v;
	const struct view_host *h;
};

static enum view_result review_key(void *vv, int key, enum keyaction act)
{
	struct keyctx_run *k = vv;
	struct vreview *v = k->v;
	int code;

	if (act == KA_CANCEL) {
		v->closed = true;
		return VIEW_DONE;
	}
	if (v->q.n == 0)
		return VIEW_GO_ON;
	sb_reset(&v->msgbuf);
	if (act == KA_NONE && key > 0 && key < SK_BASE &&
	    (code = codebook_by_key(v->p->cb, (uint32_t)key)) >= 0) {
		v->group++;
		return ask_accept(v, v->q.pos, code);
	}
	switch (act) {
	case KA_DOWN:
		v->q.pos = v->q.pos + 1 < v->q.n ? v->q.pos + 1 : v->q.pos;
		break;
	case KA_UP:
		v->q.pos = v->q.pos ? v->q.pos - 1 : 0;
		break;
	case KA_ACCEPT:
		v->group++;
		code = cur(v)->code >= 0                 ? cur(v)->code
		       : cur(v)->source == REVIEW_SEARCH ? v->search_code
		                                         : -1;
		return ask_accept(v, v->q.pos, code);
	case KA_PICK_CODE:
		if (cur(v)->state == REVIEW_OPEN && (code = (int)pick_code(v, k->h)) >= 0) {
			v->group++;
			return ask_accept(v, v->q.pos, code);
		}
		break;
	case KA_REMOVE:
		reject(v);
		break;
	case KA_SKIP:
		skip(v);
		break;
	case KA_UNDO:
		return undo_last(v);
	case KA_START_LEFT:
	case KA_START_RIGHT:
	case KA_END_LEFT:
	case KA_END_RIGHT:
		move_edge(v, act);
		break;
	case KA_ACCEPT_ALL:
		return accept_all(v, k->h);
	default:
		break;
	}
	return VIEW_GO_ON;
}

static void review_draw_run(void *vv, struct rect a)
{
	review_draw(((struct keyctx_run *)vv)->v, a);
}

static const struct view_ops review_ops = {"review", KC_REVIEW, VIEW_FULL, review_draw_run,
                                           review_key};

bool vreview_run(struct vreview *v, const struct view_host *h, struct review_change *c, char *msg,
                 size_t msgsize)
{
	struct keyctx_run k = {v, h};

	msg[0] = '\0';
	if (v->chain) {
		v->chain = false;
		*c = v->change;
		return true;
	}
	if (v->pending) { /* vreview_changed was not called: nothing happened */
		v->pending = false;
		v->nbatch = 0;
	}
	if (v->nbatch && v->batch_pos < v->nbatch) { /* accept all: the next hit, no key */
		ask_accept(v, v->batch[v->batch_pos++], v->search_code);
		*c = v->change;
		return true;
	}
	v->want_change = v->closed = false;
	view_run(&review_ops, &k, h);
	if (v->want_change) {
		*c = v->change;
		return true;
	}
	snprintf(msg, msgsize, "review: %zu of %zu candidates still open", review_queue_open(&v->q),
	         v->q.n);
	return false;
}

void vreview_changed(struct vreview *v, bool ok, size_t undo_before, size_t undo_after,
                     const char *why)
{
	struct review_item *it;

	if (!v->pending)
		return;
	v->pending = false;
	it = &v->q.items[v->pend_item];
	if (!ok) {
		say(v, true, "%s", why && *why ? why : "the coding could not be changed");
		v->nbatch = 0;
		return;
	}
	if (v->change.kind == RC_UNDO) {
		struct qundo *u = &v->undo[v->nundo - 1];
		unrecord(v, u->item);
		it->state = u->before;
		it->start = u->start, it->end = u->end;
		v->q.pos = u->item;
		v->nundo--;
		undo_group(v, u->group);
		return;
	}
	if (!record(v, v->pend_item, REVIEW_ACCEPT)) {
		v->nbatch = 0;
		return; /* the coding stays (u in the transcript undoes it); said why */
	}
	push_undo(v, v->pend_item, REVIEW_OPEN, it->start, it->end, undo_after,
	          undo_after != undo_before);
	it->state = REVIEW_ACCEPTED;
	say(v, false, "accepted as %s", v->p->cb->codes[it->code].name);
	if (v->nbatch == 0 || v->batch_pos >= v->nbatch)
		advance(v);
	if (v->nbatch && v->batch_pos >= v->nbatch) {
		say(v, false, "accepted every remaining hit as %s", v->p->cb->codes[it->code].name);
		v->nbatch = 0;
	}
}

/* ---- the project-wide search ------------------------------------------------------- */

static void hit_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vreview *v = ctx;
	const struct review_item *it = &v->q.items[v->hits[i]];
	const struct transcript *t = v->p->docs[it->doc].t;
	const char *sp = transcript_speaker_at(t, it->ms);
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	size_t ln = transcript_line_at(t, it->ms), ls = t->lines[ln].content,
	       le = t->lines[ln].off + t->lines[ln].len;
	size_t from = it->ms > ls + 60 ? it->ms - 60 : ls;

	sb_printf(&sb, "%s  L%zu  %s", t->name, ln + 1, sp ? sp : "");
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, sb.data, sb.len, at);
	from = transcript_cp_to_byte(t, transcript_byte_to_cp(t, from));
	draw_context(t, from, le, it, (struct rect){r.x + 4, r.y + 1, r.w - 5, 1});
	sb_done(&sb);
}

static void hits_draw(void *vv, struct rect a)
{
	struct vreview *v = ((struct keyctx_run *)vv)->v;
	char head[512];

	snprintf(head, sizeof(head),
	         "Search every transcript: %zu hit%s in %zu of %zu transcripts%s", v->nhits,
	         v->nhits == 1 ? "" : "s", v->searched, v->p->ndocs,
	         v->searching ? "  (searching; Esc stops)"
	         : v->stopped ? ", stopped  (Enter: review them, Esc closes)"
	                      : "  (Enter: review them, Esc closes)");
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 2, a.w, a.h - 2});
}

static enum view_result hits_key(void *vv, int key, enum keyaction act)
{
	struct vreview *v = ((struct keyctx_run *)vv)->v;

	(void)key;
	if (listview_move(&v->lv, act))
		return VIEW_GO_ON;
	if (act == KA_ACCEPT && listview_current(&v->lv) != LISTVIEW_NONE) {
		v->q.pos = v->hits[listview_current(&v->lv)];
		v->open_queue = true;
		return VIEW_DONE;
	}
	return act == KA_CANCEL ? VIEW_DONE : VIEW_GO_ON;
}

static const struct view_ops hits_ops = {"search hits", KC_HITS, VIEW_FULL, hits_draw, hits_key};

static void show(struct vreview *v, const struct view_host *h)
{
	struct keyctx_run k = {v, h};
	struct rect area;

	listview_set_rows(&v->lv, v->nhits);
	if (h->frame(h->ctx, VIEW_FULL, &area))
		hits_draw(&k, area);
	screen_refresh();
}

/* search_doc: the hits of document d (as gloss grep finds them) into the queue */
static void search_doc(struct vreview *v, struct grep *g, size_t d)
{
	struct doc tmp = v->p->docs[d];
	struct grep_result *r;
	size_t first = v->q.n;

	tmp.user = NULL;
	grep_each(g, 0, &tmp);
	r = tmp.user;
	for (size_t i = 0; r && i < r->n; i++) {
		const struct grep_match *m = &r->m[i];
		struct review_item it = {
		    d, -1, 0, 0, m->start, m->end, REVIEW_SEARCH, "search", -1, NULL, REVIEW_OPEN};
		transcript_sentence_bounds(v->p->docs[d].t, m->start, &it.start, &it.end);
		if (it.end < m->end || it.start > m->start)
			it.start = m->start, it.end = m->end;
		if (v->q.n > first && v->q.items[v->q.n - 1].start == it.start &&
		    v->q.items[v->q.n - 1].end == it.end)
			continue; /* one candidate per sentence, as the patterns' */
		if (v->search_code >= 0 &&
		    review_decided(decisions(v, d), v->p->docs[d].t,
		                   v->p->cb->codes[v->search_code].id, m->start, m->end) >= 0)
			continue;
		review_queue_add(&v->q, &it);
	}
	grep_result_free(r);
}

/* reindex_hits: the search's hits in the queue (after it is sorted) */
static void reindex_hits(struct vreview *v)
{
	v->nhits = 0;
	for (size_t i = 0; i < v->q.n; i++)
		if (v->q.items[i].source == REVIEW_SEARCH && v->q.items[i].state == REVIEW_OPEN)
			VEC_PUSH(v->hits, v->nhits, v->caphits, i);
}

bool vreview_search(struct vreview *v, const struct view_host *h, const char *pattern, int flags,
                    char *err, size_t errsize)
{
	struct keyctx_run k = {v, h};
	struct search *re;
	struct grep g;
	size_t off = 0, shown = 0;
	bool stopped = false;

	re = search_new(pattern, flags, err, errsize, &off);
	if (!re)
		return false;
	search_free(re);
	for (size_t i = 0; i < v->q.n;) /* the hits of an earlier search go */
		if (v->q.items[i].source == REVIEW_SEARCH)
			v->q.items[i] = v->q.items[--v->q.n];
		else
			i++;
	review_queue_sort(&v->q);
	free(v->pattern);
	v->pattern = xstrdup(pattern);
	v->search_code = -1;
	if (!v->lv.draw_row) {
		listview_init(&v->lv, v, hit_row, NULL);
		v->lv.row_h = 2;
		v->lv.empty = "(no hit yet)";
	}
	grep_init(&g, pattern, flags, false);
	v->searching = true;
	v->nhits = v->searched = 0;
	screen_busy_begin();
	show(v, h); /* at once: the title says it is searching and that Esc stops it */
	for (size_t d = 0; d < v->p->ndocs && !stopped; d++) {
		size_t before = v->q.n;
		search_doc(v, &g, d);
		for (size_t i = before; i < v->q.n; i++)
			VEC_PUSH(v->hits, v->nhits, v->caphits, i);
		v->searched = d + 1;
		/* stream: the first hits at once, then new ones every 16 transcripts, and how far
		 * it got every 64 even without new hits (a rare pattern) */
		if ((v->nhits != shown && (shown == 0 || d % 16 == 0)) || d % 64 == 63) {
			show(v, h);
			shown = v->nhits;
		}
		stopped = screen_busy_poll();
	}
	screen_busy_end();
	grep_done(&g);
	v->searching = false;
	v->stopped = stopped;
	review_queue_sort(&v->q);
	reindex_hits(v);
	listview_set_rows(&v->lv, v->nhits);
	v->open_queue = false;
	view_run(&hits_ops, &k, h);
	if (v->open_queue) /* the suggestions join the hits (after the search: first hits first) */
		vreview_refresh(v);
	if (stopped)
		snprintf(err, errsize, "search stopped after %zu of %zu transcripts", v->searched,
		         v->p->ndocs);
	else
		err[0] = '\0';
	return v->open_queue;
}
