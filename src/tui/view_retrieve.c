/* view_retrieve.c — retrieval: every passage coded with a code (a theme: its subtree)
 * across the project, with its document, line, speakers, coders and first lines, in the
 * order of `gloss quotes` (quotes.h: by code, then document and position); Enter opens the
 * transcript at the passage, and the coder's back key returns here, to the same place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "keymap.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "style.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "view_retrieve.h"

struct vretrieve {
	const struct project *p;
	int code;
	struct quote_list *q;
	size_t ndocs;
	struct listview lv;
	bool chosen;
};

/* speakers: "A, B" (at most three, then "...") */
static void speakers(const struct quote *q, struct strbuf *sb)
{
	for (size_t i = 0; i < q->nspeakers; i++) {
		if (i == 3) {
			sb_adds(sb, ", ...");
			return;
		}
		sb_printf(sb, "%s%s", i ? ", " : "", q->speakers[i]);
	}
}

static void retrieve_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vretrieve *v = ctx;
	const struct quote *q = &v->q->items[i];
	const struct transcript *t = v->p->docs[q->doc].t;
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);

	sb_printf(&sb, "%s  L%zu  ", t->name, q->line);
	speakers(q, &sb);
	sb_adds(&sb, "  (");
	for (size_t k = 0; k < q->ncodings; k++)
		sb_printf(&sb, "%s%s", k ? ", " : "", q->codings[k].coder);
	if (q->code != v->code && q->code >= 0)
		sb_printf(&sb, "; %s", v->p->cb->codes[q->code].name);
	sb_adds(&sb, ")");
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, sb.data, sb.len, at);
	view_excerpt(t, q->start, q->end, (struct rect){r.x + 4, r.y + 1, r.w - 5, r.h - 1},
	             style(STYLE_NORMAL));
	sb_done(&sb);
}

static void retrieve_draw(void *vv, struct rect a)
{
	struct vretrieve *v = vv;
	const struct code *cd = &v->p->cb->codes[v->code];
	char head[512];

	snprintf(head, sizeof(head), "%s %s: %zu passage%s in %zu transcript%s (Enter opens one)",
	         cd->nchildren ? "Theme" : "Code", cd->name, v->q->n, v->q->n == 1 ? "" : "s",
	         v->ndocs, v->ndocs == 1 ? "" : "s");
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 2, a.w, a.h - 2});
}

static enum view_result retrieve_key(void *vv, int key, enum keyaction act)
{
	struct vretrieve *v = vv;

	(void)key;
	if (listview_move(&v->lv, act))
		return VIEW_GO_ON;
	if (act == KA_ACCEPT && listview_current(&v->lv) != LISTVIEW_NONE) {
		v->chosen = true;
		return VIEW_DONE;
	}
	return act == KA_CANCEL ? VIEW_DONE : VIEW_GO_ON;
}

static const struct view_ops retrieve_ops = {"retrieval", KC_RETRIEVE, VIEW_FULL, retrieve_draw,
                                             retrieve_key};

static void collect(struct vretrieve *v)
{
	struct quotes_opts o = QUOTES_OPTS_INIT;
	const char *id = v->p->cb->codes[v->code].id;
	bool *seen = xcalloc(v->p->ndocs ? v->p->ndocs : 1, sizeof(*seen));

	o.codes = &id;
	o.ncodes = 1;
	quotes_free(v->q);
	v->q = quotes_collect(v->p, &o);
	v->ndocs = 0;
	for (size_t i = 0; i < v->q->n; i++)
		if (!seen[v->q->items[i].doc]) {
			seen[v->q->items[i].doc] = true;
			v->ndocs++;
		}
	free(seen);
	listview_set_rows(&v->lv, v->q->n);
}

struct vretrieve *vretrieve_new(const struct project *p, int code)
{
	struct vretrieve *v = xcalloc(1, sizeof(*v));

	v->p = p;
	v->code = code;
	listview_init(&v->lv, v, retrieve_row, NULL);
	v->lv.row_h = 3;
	v->lv.empty = "(no passage is coded with it yet)";
	collect(v);
	return v;
}

/* same_or_after: is quote x at or after where (code, doc, start) in the list's order? */
static bool same_or_after(const struct quote *x, const struct quote *was)
{
	if (x->code != was->code)
		return x->code > was->code;
	if (x->doc != was->doc)
		return x->doc > was->doc;
	return x->start >= was->start;
}

void vretrieve_refresh(struct vretrieve *v)
{
	size_t cur = listview_current(&v->lv);
	struct quote was = cur != LISTVIEW_NONE ? v->q->items[cur] : (struct quote){0};

	collect(v);
	for (size_t i = 0; cur != LISTVIEW_NONE && i < v->q->n; i++)
		if (same_or_after(&v->q->items[i], &was)) {
			listview_select(&v->lv, i);
			break;
		}
}

bool vretrieve_run(struct vretrieve *v, const struct view_host *h, struct view_jump *j)
{
	size_t cur;
	const struct quote *q;

	v->chosen = false;
	view_run(&retrieve_ops, v, h);
	cur = listview_current(&v->lv);
	if (!v->chosen || cur == LISTVIEW_NONE)
		return false;
	q = &v->q->items[cur];
	*j = (struct view_jump){q->doc, q->start, q->end};
	return true;
}

void vretrieve_free(struct vretrieve *v)
{
	if (!v)
		return;
	quotes_free(v->q);
	listview_done(&v->lv);
	free(v);
}
