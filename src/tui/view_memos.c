/* view_memos.c — the memo list: every memo of the project, or of the open transcript (Tab
 * switches): the project's, the codes', the documents' and the codings' (with code,
 * document, line, coder and date, the memo and the start of the passage), filtered by kind
 * (f) and code (c). Enter jumps to a coding's passage or edits a memo on a document, a
 * code or the project; P writes the project memo. */
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

/* the kind filter: every kind, or one */
enum kfilter { KF_ALL, KF_CODING, KF_DOCUMENT, KF_CODE, KF_PROJECT, KF_COUNT };
static const char *const kf_names[] = {"all kinds", "codings", "documents", "codes", "project"};

/* one memo: coding k of quote q (q != NULL), or um->items[mi] */
struct memo_ref {
	const struct quote *q;
	size_t k, mi;
	size_t group, at; /* the order: project, codes (codebook order), documents */
};

struct vmemos {
	const struct project *p;
	const struct memos *um;
	long doc; /* the open document, -1 when none */
	bool all; /* every document, else doc's */
	enum kfilter kind;
	long code; /* only this code's memos, -1 any */
	struct quote_list *ql;
	struct memo_ref *ms;
	size_t n, cap;
	struct listview lv;
	enum vmemos_result res;
	bool project; /* the edit asked for is of the project memo (P) */
};

/* doc_target: a document's path as memos name it (relative, no "./") */
static const char *doc_target(const struct transcript *t)
{
	const char *s = t->path;

	while (s[0] == '.' && s[1] == '/')
		s += 2;
	return s;
}

static const char *ref_text(const struct vmemos *v, const struct memo_ref *m)
{
	return m->q ? m->q->codings[m->k].memo : v->um->items[m->mi].text;
}

/* memo_head: a memo row's first two lines: its head, then the memo's first line */
static void memo_head(struct rect r, bool sel, const struct strbuf *head, const char *memo)
{
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	uint32_t mark = 0x270E;

	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, head->data, head->len, at);
	screen_put(r.y + 1, r.x + 2, &mark, 1, style(STYLE_MEMO_MARK));
	view_paragraph(memo, strlen(memo), (struct rect){r.x + 4, r.y + 1, r.w - 4, 1},
	               style(STYLE_NORMAL));
}

/* unit_row: a memo on a document, a code or the project */
static void unit_row(struct vmemos *v, const struct memo_ref *m, struct rect r, bool sel)
{
	const struct memo *mo = &v->um->items[m->mi];
	struct strbuf sb = STRBUF_INIT;

	if (mo->kind == MEMO_PROJECT) {
		sb_adds(&sb, "Project memo");
	} else if (mo->kind == MEMO_CODE) {
		int c = v->p->cb ? codebook_find(v->p->cb, mo->target) : -1;
		sb_printf(&sb, "Code memo: %s", c >= 0 ? v->p->cb->codes[c].name : mo->target);
	} else {
		sb_printf(&sb, "Document memo: %s",
		          m->at < v->p->ndocs ? v->p->docs[m->at].t->name : mo->target);
	}
	sb_printf(&sb, "  (%s%s%.10s)", mo->coder, *mo->modified ? ", " : "", mo->modified);
	memo_head(r, sel, &sb, mo->text);
	sb_done(&sb);
}

static void memo_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vmemos *v = ctx;
	const struct quote *q = v->ms[i].q;
	const struct quote_coding *cd;
	const struct transcript *t;
	struct strbuf sb = STRBUF_INIT;

	if (!q) {
		unit_row(v, &v->ms[i], r, sel);
		return;
	}
	cd = &q->codings[v->ms[i].k];
	t = v->p->docs[q->doc].t;
	sb_printf(&sb, "%s  L%zu  %s  (%s%s%.10s)", t->name, q->line,
	          q->code >= 0 ? v->p->cb->codes[q->code].name : q->id, cd->coder,
	          cd->memo_modified || cd->created ? ", " : "",
	          cd->memo_modified ? cd->memo_modified
	          : cd->created     ? cd->created
	                            : "");
	memo_head(r, sel, &sb, cd->memo);
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
	snprintf(head + strlen(head), sizeof(head) - strlen(head), "  f: %s  c: %s",
	         kf_names[v->kind], v->code >= 0 ? v->p->cb->codes[v->code].name : "any code");
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 2, a.w, a.h - 2 - whole});
	if (whole && cur != LISTVIEW_NONE) { /* the highlighted memo whole, with its lines */
		const char *rule = "── the memo in full ──";

		screen_text(a.y + a.h - whole, a.x + 1, a.w - 2, rule, strlen(rule),
		            style(STYLE_DIM));
		draw_whole(ref_text(v, &v->ms[cur]),
		           (struct rect){a.x + 2, a.y + a.h - whole + 1, a.w - 4, whole - 1},
		           style(STYLE_NORMAL));
	}
}

/* the project's, the codes' (codebook order), then each document's memo and its codings'
 * in the order of the transcript: position, code, coder */
static int cmp_memo(const void *a, const void *b)
{
	const struct memo_ref *x = a, *y = b;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (!x->q || !y->q) /* a document's own memos before its codings' */
		return x->q ? 1 : y->q ? -1 : (x->mi > y->mi) - (x->mi < y->mi);
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

/* unit_memo: memo mi of um as a row, when the filters let it through */
static void unit_memo(struct vmemos *v, size_t mi)
{
	const struct memo *mo = &v->um->items[mi];
	struct memo_ref m = {NULL, 0, mi, 0, 0};
	static const enum kfilter kf[] = {KF_DOCUMENT, KF_CODE, KF_PROJECT};

	if (v->kind != KF_ALL && v->kind != kf[mo->kind])
		return;
	if (mo->kind == MEMO_CODE) {
		int c = v->p->cb ? codebook_find(v->p->cb, mo->target) : -1;
		if (!v->all || (v->code >= 0 && c != v->code))
			return;
		m.group = 1, m.at = c >= 0 ? (size_t)c : SIZE_MAX;
	} else if (mo->kind == MEMO_DOCUMENT) {
		size_t d = 0;
		while (d < v->p->ndocs && strcmp(doc_target(v->p->docs[d].t), mo->target) != 0)
			d++;
		if (v->code >= 0 || (!v->all && (long)d != v->doc))
			return;
		m.group = 2, m.at = d;
	} else if (v->code >= 0 || !v->all) {
		return;
	}
	VEC_PUSH(v->ms, v->n, v->cap, m);
}

static void collect(struct vmemos *v)
{
	struct quotes_opts o = QUOTES_OPTS_INIT;

	o.doc = v->all ? -1 : v->doc;
	o.memos_only = true;
	quotes_free(v->ql);
	v->ql = quotes_collect(v->p, &o);
	v->n = 0;
	for (size_t i = 0; (v->kind == KF_ALL || v->kind == KF_CODING) && i < v->ql->n; i++)
		for (size_t k = 0; k < v->ql->items[i].ncodings; k++) {
			struct memo_ref m = {&v->ql->items[i], k, 0, 2, v->ql->items[i].doc};
			if (m.q->codings[k].memo && *m.q->codings[k].memo &&
			    (v->code < 0 || m.q->code == v->code))
				VEC_PUSH(v->ms, v->n, v->cap, m);
		}
	for (size_t i = 0; v->um && i < v->um->len; i++)
		unit_memo(v, i);
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
		if (listview_current(&v->lv) == LISTVIEW_NONE)
			return VIEW_GO_ON;
		v->res = v->ms[listview_current(&v->lv)].q ? VMEMOS_JUMP : VMEMOS_EDIT;
		v->project = false;
		return VIEW_DONE;
	case KA_PROJECT_MEMO:
		v->res = VMEMOS_EDIT;
		v->project = true;
		return VIEW_DONE;
	case KA_MEMO_CODE:
		v->res = VMEMOS_PICK_CODE;
		return VIEW_DONE;
	case KA_MEMO_KIND:
		v->kind = (v->kind + 1) % KF_COUNT;
		v->lv.sel = v->lv.top = 0;
		collect(v);
		return VIEW_GO_ON;
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

struct vmemos *vmemos_new(const struct project *p, long doc, const struct memos *um)
{
	struct vmemos *v = xcalloc(1, sizeof(*v));

	v->p = p;
	v->um = um;
	v->doc = doc;
	v->all = doc < 0;
	v->code = -1;
	listview_init(&v->lv, v, memo_row, NULL);
	v->lv.row_h = 3;
	v->lv.empty = "(no memo here: m writes one on a coding, & on a transcript or code, "
	              "P on the project)";
	collect(v);
	return v;
}

void vmemos_set_code(struct vmemos *v, long code)
{
	v->code = code;
	v->lv.sel = v->lv.top = 0;
}

void vmemos_refresh(struct vmemos *v)
{
	size_t cur = listview_current(&v->lv), group = 0, at = 0, start = 0;
	bool coding = false;

	if (cur != LISTVIEW_NONE) { /* the quotes go with the list: keep only the place */
		group = v->ms[cur].group, at = v->ms[cur].at;
		coding = v->ms[cur].q != NULL;
		start = coding ? v->ms[cur].q->start : 0;
	}
	collect(v);
	for (size_t i = 0; cur != LISTVIEW_NONE && i < v->n; i++) {
		const struct memo_ref *m = &v->ms[i];
		if (m->group > group || (m->group == group && m->at > at) ||
		    (m->group == group && m->at == at &&
		     (!coding || (m->q && m->q->start >= start)))) {
			listview_select(&v->lv, i);
			break;
		}
	}
}

enum vmemos_result vmemos_run(struct vmemos *v, const struct view_host *h, struct view_jump *j,
                              struct vmemos_edit *e)
{
	size_t cur;

	v->res = VMEMOS_NONE;
	view_run(&memos_ops, v, h);
	cur = listview_current(&v->lv);
	if (v->res == VMEMOS_JUMP)
		*j = (struct view_jump){v->ms[cur].q->doc, v->ms[cur].q->start, v->ms[cur].q->end};
	if (v->res == VMEMOS_EDIT && v->project)
		*e = (struct vmemos_edit){MEMO_PROJECT, "", NULL};
	else if (v->res == VMEMOS_EDIT) {
		const struct memo *mo = &v->um->items[v->ms[cur].mi];
		*e = (struct vmemos_edit){mo->kind, mo->target, mo->coder};
	}
	return v->res;
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
