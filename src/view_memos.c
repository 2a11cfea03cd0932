/* view_memos.c — the memo list: every memo of the project, or of the open transcript (Tab
 * switches), with its code, document, line, coder and date, the memo and the start of its
 * passage; Enter jumps to the passage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/keymap.h"
#include "gloss/passages.h"
#include "gloss/project.h"
#include "gloss/style.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/view.h"

struct vmemos {
	const struct project *p;
	long doc; /* the open document, -1 when none */
	bool all; /* every document, else doc's */
	struct memo_ref *ms;
	size_t n;
	struct listview lv;
	bool chosen;
};

static void memo_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vmemos *v = ctx;
	const struct memo_ref *m = &v->ms[i];
	const struct coding *cd = passages_memo_coding(v->p, m);
	const struct transcript *t = v->p->docs[m->doc].t;
	int c = codebook_find(v->p->cb, cd->code);
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	uint32_t mark = 0x270E;

	sb_printf(&sb, "%s  L%zu  %s  (%s%s%.10s)", t->name, transcript_line_at(t, m->start) + 1,
	          c >= 0 ? v->p->cb->codes[c].name : cd->code,
	          v->p->docs[m->doc].sets[m->set]->coder, cd->created ? ", " : "",
	          cd->created ? cd->created : "");
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, sb.data, sb.len, at);
	screen_put(r.y + 1, r.x + 2, &mark, 1, style(STYLE_MEMO_MARK));
	screen_text(r.y + 1, r.x + 4, r.w - 5, cd->memo, strlen(cd->memo), style(STYLE_NORMAL));
	if (r.h > 2)
		view_excerpt(t, m->start, m->end, (struct rect){r.x + 4, r.y + 2, r.w - 5, r.h - 2},
		             style(STYLE_DIM));
	sb_done(&sb);
}

static void memos_draw(void *vv, struct rect a)
{
	struct vmemos *v = vv;
	char head[512];

	if (v->all)
		snprintf(head, sizeof(head), "Memos: project, %zu%s", v->n,
		         v->doc >= 0 ? " (Tab: this transcript)" : "");
	else
		snprintf(head, sizeof(head), "Memos: %s, %zu (Tab: whole project)",
		         v->p->docs[v->doc].t->name, v->n);
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 2, a.w, a.h - 2});
}

static void collect(struct vmemos *v)
{
	free(v->ms);
	v->n = passages_memos(v->p, v->all ? -1 : v->doc, &v->ms);
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
	size_t cur = listview_current(&v->lv);
	struct memo_ref was = cur != LISTVIEW_NONE ? v->ms[cur] : (struct memo_ref){0};

	collect(v);
	for (size_t i = 0; cur != LISTVIEW_NONE && i < v->n; i++)
		if (v->ms[i].doc > was.doc ||
		    (v->ms[i].doc == was.doc && v->ms[i].start >= was.start)) {
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
	*j = (struct view_jump){v->ms[cur].doc, v->ms[cur].start, v->ms[cur].end};
	return true;
}

void vmemos_free(struct vmemos *v)
{
	if (!v)
		return;
	free(v->ms);
	listview_done(&v->lv);
	free(v);
}
