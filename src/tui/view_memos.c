/* view_memos.c — the memo list: every memo of the project, or of the open transcript (Tab
 * switches), with its code, document, line, coder and date, the memo and the start of its
 * passage; Enter jumps to the passage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "keymap.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "style.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "view_memos.h"

/* one memo: coding k of quote q */
struct memo_ref {
	const struct quote *q;
	size_t k;
};

struct vmemos {
	const struct project *p;
	long doc; /* the open document, -1 when none */
	bool all; /* every document, else doc's */
	struct quote_list *ql;
	struct memo_ref *ms;
	size_t n, cap;
	struct listview lv;
	bool chosen;
};

static void memo_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vmemos *v = ctx;
	const struct quote *q = v->ms[i].q;
	const struct quote_coding *cd = &q->codings[v->ms[i].k];
	const struct transcript *t = v->p->docs[q->doc].t;
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	uint32_t mark = 0x270E;

	sb_printf(&sb, "%s  L%zu  %s  (%s%s%.10s)", t->name, q->line,
	          q->code >= 0 ? v->p->cb->codes[q->code].name : q->id, cd->coder,
	          cd->memo_modified || cd->created ? ", " : "",
	          cd->memo_modified ? cd->memo_modified
	          : cd->created     ? cd->created
	                            : "");
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, sb.data, sb.len, at);
	screen_put(r.y + 1, r.x + 2, &mark, 1, style(STYLE_MEMO_MARK));
	view_paragraph(cd->memo, strlen(cd->memo), (struct rect){r.x + 4, r.y + 1, r.w - 4, 1},
	               style(STYLE_NORMAL));
	if (r.h > 2)
		view_excerpt(t, q->start, q->end, (struct rect){r.x + 4, r.y + 2, r.w - 5, r.h - 2},
		             style(STYLE_DIM));
	sb_done(&sb);
}

/* draw_whole: text with its line breaks, each line wrapped to r.w columns, as many rows
 * as r has (an ellipsis on the last when more is left) */
static void draw_whole(const char *text, struct rect r, struct sattr at)
{
	const char *s = text, *end = text + strlen(text);
	int y = 0;

	while (s < end && y < r.h) {
		const char *e = s;
		int col = 0;

		while (e < end && *e != '\n') {
			uint32_t cp;
			size_t len = utf8_decode(e, (size_t)(end - e), &cp);
			int cw = utf8_width(cp);

			if (len == 0)
				len = 1;
			if (cw < 0)
				cw = 1;
			if (col + cw > r.w && e > s)
				break;
			col += cw;
			e += len;
		}
		if (y == r.h - 1 && e < end) {
			uint32_t dots = 0x2026;

			screen_text(r.y + y, r.x, r.w - 1, s, (size_t)(e - s), at);
			screen_put(r.y + y, r.x + (col < r.w ? col : r.w - 1), &dots, 1, at);
			return;
		}
		screen_text(r.y + y, r.x, r.w, s, (size_t)(e - s), at);
		y++;
		s = e < end && (*e == '\n' || *e == ' ') ? e + 1
		                                         : e; /* a break at a space eats it */
	}
}

static void memos_draw(void *vv, struct rect a)
{
	struct vmemos *v = vv;
	char head[512];
	size_t cur = listview_current(&v->lv);
	int whole = v->n && a.h >= 12 ? (a.h - 2) / 2 : 0;

	if (v->all)
		snprintf(head, sizeof(head), "Memos: project, %zu%s", v->n,
		         v->doc >= 0 ? " (Tab: this transcript)" : "");
	else
		snprintf(head, sizeof(head), "Memos: %s, %zu (Tab: whole project)",
		         v->p->docs[v->doc].t->name, v->n);
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 2, a.w, a.h - 2 - whole});
	if (whole && cur != LISTVIEW_NONE) { /* the highlighted memo whole, with its lines */
		const char *rule = "── the memo in full ──";

		screen_text(a.y + a.h - whole, a.x + 1, a.w - 2, rule, strlen(rule),
		            style(STYLE_DIM));
		draw_whole(v->ms[cur].q->codings[v->ms[cur].k].memo,
		           (struct rect){a.x + 2, a.y + a.h - whole + 1, a.w - 4, whole - 1},
		           style(STYLE_NORMAL));
	}
}

/* in the order of the transcripts: document, position, code, coder */
static int cmp_memo(const void *a, const void *b)
{
	const struct memo_ref *x = a, *y = b;

	if (x->q->doc != y->q->doc)
		return x->q->doc < y->q->doc ? -1 : 1;
	if (x->q->start != y->q->start)
		return x->q->start < y->q->start ? -1 : 1;
	if (x->q->end != y->q->end)
		return x->q->end < y->q->end ? -1 : 1;
	if (x->q != y->q) /* quotes.h's order: codebook order */
		return x->q < y->q ? -1 : 1;
	return (x->k > y->k) - (x->k < y->k);
}

static void collect(struct vmemos *v)
{
	struct quotes_opts o = QUOTES_OPTS_INIT;

	o.doc = v->all ? -1 : v->doc;
	o.memos_only = true;
	quotes_free(v->ql);
	v->ql = quotes_collect(v->p, &o);
	v->n = 0;
	for (size_t i = 0; i < v->ql->n; i++)
		for (size_t k = 0; k < v->ql->items[i].ncodings; k++) {
			struct memo_ref m = {&v->ql->items[i], k};
			if (m.q->codings[k].memo && *m.q->codings[k].memo)
				VEC_PUSH(v->ms, v->n, v->cap, m);
		}
	sort_array(v->ms, v->n, sizeof(*v->ms), cmp_memo);
	listview_set_rows(&v->lv, v->n);
}

static enum view_result memos_key(void *vv, int key, enum keyaction act)
{
	struct vmemos *v = vv;

	(void)key;
	if (listview_move(&v->lv, act))
		return VIEW_GO_ON;
	switch (act) {
	case KA_ACCEPT:
		v->chosen = listview_current(&v->lv) != LISTVIEW_NONE;
		return v->chosen ? VIEW_DONE : VIEW_GO_ON;
	case KA_SCOPE:
		v->all = !v->all || v->doc < 0;
		v->lv.sel = v->lv.top = 0;
		collect(v);
		return VIEW_GO_ON;
	case KA_CANCEL:
		return VIEW_DONE;
	default:
		return VIEW_GO_ON;
	}
}

static const struct view_ops memos_ops = {"memos", KC_MEMOS, VIEW_FULL, memos_draw, memos_key};

struct vmemos *vmemos_new(const struct project *p, long doc)
{
	struct vmemos *v = xcalloc(1, sizeof(*v));

	v->p = p;
	v->doc = doc;
	v->all = doc < 0;
	listview_init(&v->lv, v, memo_row, NULL);
	v->lv.row_h = 3;
	v->lv.empty = "(no memo yet: m writes one on a coding)";
	collect(v);
	return v;
}

void vmemos_refresh(struct vmemos *v)
{
	size_t cur = listview_current(&v->lv), doc = 0, start = 0;

	if (cur != LISTVIEW_NONE) /* the quotes go with the list: keep only the place */
		doc = v->ms[cur].q->doc, start = v->ms[cur].q->start;
	collect(v);
	for (size_t i = 0; cur != LISTVIEW_NONE && i < v->n; i++)
		if (v->ms[i].q->doc > doc ||
		    (v->ms[i].q->doc == doc && v->ms[i].q->start >= start)) {
			listview_select(&v->lv, i);
			break;
		}
}

bool vmemos_run(struct vmemos *v, const struct view_host *h, struct view_jump *j)
{
	size_t cur;

	v->chosen = false;
	view_run(&memos_ops, v, h);
	cur = listview_current(&v->lv);
	if (!v->chosen || cur == LISTVIEW_NONE)
		return false;
	*j = (struct view_jump){v->ms[cur].q->doc, v->ms[cur].q->start, v->ms[cur].q->end};
	return true;
}

void vmemos_free(struct vmemos *v)
{
	if (!v)
		return;
	quotes_free(v->ql);
	free(v->ms);
	listview_done(&v->lv);
	free(v);
}
