/* view_retrieve.c — retrieval: every passage coded with a code (a theme: its subtree)
 * across the project, with its document, line, speakers, coders and first lines; Enter
 * opens the transcript at the passage, and the coder's back key returns here, to the same
 * place. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/keymap.h"
#include "gloss/passages.h"
#include "gloss/project.h"
#include "gloss/style.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/view.h"

struct vretrieve {
	const struct project *p;
	int code;
	struct passage *ps;
	size_t n, ndocs;
	struct listview lv;
	bool chosen;
};

/* speakers: the distinct speakers of the turns that [s, e) touches, "A, B" (at most 3) */
static void speakers(const struct transcript *t, size_t s, size_t e, struct strbuf *sb)
{
	int ti = transcript_turn_at(t, s);
	const char *seen[3];
	size_t ns = 0;

	if (ti < 0) {
		for (ti = 0; (size_t)ti < t->nturns && t->turns[ti].end <= s; ti++)
			;
	}
	for (size_t i = (size_t)ti; i < t->nturns && t->turns[i].label_off < e; i++) {
		bool dup = false;
		for (size_t k = 0; k < ns; k++)
			dup |= strcmp(seen[k], t->turns[i].speaker) == 0;
		if (dup)
			continue;
		if (ns == ARRAY_LEN(seen)) {
			sb_adds(sb, ", ...");
			return;
		}
		sb_printf(sb, "%s%s", ns ? ", " : "", t->turns[i].speaker);
		seen[ns++] = t->turns[i].speaker;
	}
}

static void retrieve_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vretrieve *v = ctx;
	const struct passage *ps = &v->ps[i];
	const struct transcript *t = v->p->docs[ps->doc].t;
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	int c = codebook_find(v->p->cb, ps->code);

	sb_printf(&sb, "%s  L%zu  ", t->name, transcript_line_at(t, ps->start) + 1);
	speakers(t, ps->start, ps->end, &sb);
	sb_printf(&sb, "  (%s%s", ps->coder, ps->ncoders > 1 ? " and others" : "");
	if (c != v->code && c >= 0)
		sb_printf(&sb, "; %s", v->p->cb->codes[c].name);
	sb_adds(&sb, ")");
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, sb.data, sb.len, at);
	view_excerpt(t, ps->start, ps->end, (struct rect){r.x + 4, r.y + 1, r.w - 5, r.h - 1},
	             style(STYLE_NORMAL));
	sb_done(&sb);
}

static void retrieve_draw(void *vv, struct rect a)
{
	struct vretrieve *v = vv;
	const struct code *cd = &v->p->cb->codes[v->code];
	char head[512];

	snprintf(head, sizeof(head), "%s %s: %zu passage%s in %zu transcript%s (Enter opens one)",
	         cd->nchildren ? "Theme" : "Code", cd->name, v->n, v->n == 1 ? "" : "s", v->ndocs,
	         v->ndocs == 1 ? "" : "s");
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
	free(v->ps);
	v->n = passages_of_code(v->p, v->code, &v->ps);
	v->ndocs = 0;
	for (size_t i = 0; i < v->n; i++)
		v->ndocs += i == 0 || v->ps[i].doc != v->ps[i - 1].doc;
	listview_set_rows(&v->lv, v->n);
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

void vretrieve_refresh(struct vretrieve *v)
{
	size_t cur = listview_current(&v->lv);
	struct passage was = cur != LISTVIEW_NONE ? v->ps[cur] : (struct passage){0};

	collect(v);
	for (size_t i = 0; cur != LISTVIEW_NONE && i < v->n; i++)
		if (v->ps[i].doc > was.doc ||
		    (v->ps[i].doc == was.doc && v->ps[i].start >= was.start)) {
			listview_select(&v->lv, i);
			break;
		}
}

bool vretrieve_run(struct vretrieve *v, const struct view_host *h, struct view_jump *j)
{
	size_t cur;

	v->chosen = false;
	view_run(&retrieve_ops, v, h);
	cur = listview_current(&v->lv);
	if (!v->chosen || cur == LISTVIEW_NONE)
		return false;
	*j = (struct view_jump){v->ps[cur].doc, v->ps[cur].start, v->ps[cur].end};
	return true;
}

void vretrieve_free(struct vretrieve *v)
{
	if (!v)
		return;
	free(v->ps);
	listview_done(&v->lv);
	free(v);
}
