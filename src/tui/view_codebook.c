/* view_codebook.c — the codebook pane: the code tree with keys, colours and counts, and
 * the highlighted code's definition, include and exclude rules and an example. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "keymap.h"
#include "layout.h"
#include "style.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "view.h"
#include "view_codebook.h"

static void draw_code_row(void *ctx, size_t row, struct rect r, bool sel)
{
	struct vcpane *pn = ctx;
	const struct code *cd = &pn->cb->codes[row];
	struct sattr at = style(cd->nchildren ? STYLE_THEME : STYLE_NORMAL);
	uint32_t sw = cd->key ? cd->key : 0xB7; /* a middle dot: no key (not a letter that
	                                         * could be taken for one) */
	char cnt[48];
	int cw, used;

	if (sel)
		at = style_over(at, STYLE_SELECTED);
	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_put(r.y, r.x, &sw, 1, style_code(pn->cb, (int)row, true));
	snprintf(cnt, sizeof(cnt), " %zu/%zu", pn->cnt_doc ? pn->cnt_doc[row] : 0,
	         pn->cnt_all ? pn->cnt_all[row] : 0);
	cw = (int)strlen(cnt);
	used = 2 + cd->depth * 2;
	if (used < r.w - cw)
		screen_text(r.y, r.x + used, r.w - cw - used, cd->name, strlen(cd->name), at);
	if (cw < r.w - 4)
		screen_text(r.y, r.x + r.w - cw, cw, cnt, (size_t)cw, at);
}

/* code_text: what / finds a code by: its id and its name */
static const char *code_text(void *ctx, size_t row)
{
	struct vcpane *pn = ctx;
	const struct code *cd = &pn->cb->codes[row];

	sb_reset(&pn->rowtxt);
	sb_printf(&pn->rowtxt, "%s %s", cd->id, cd->name ? cd->name : "");
	return pn->rowtxt.data;
}

void vc_init(struct vcpane *pn)
{
	memset(pn, 0, sizeof(*pn));
	sb_init(&pn->rowtxt);
	listview_init(&pn->lv, pn, draw_code_row, code_text);
	pn->lv.empty = NULL;
}

void vc_done(struct vcpane *pn)
{
	listview_done(&pn->lv);
	sb_done(&pn->rowtxt);
}

static bool filtering(const struct vcpane *pn)
{
	return pn->typing || *listview_filter_text(&pn->lv);
}

void vc_set(struct vcpane *pn, const struct codebook *cb, const size_t *cnt_doc,
            const size_t *cnt_all)
{
	size_t cur = listview_current(&pn->lv);
	bool filtered = *listview_filter_text(&pn->lv);

	pn->cb = cb;
	pn->cnt_doc = cnt_doc;
	pn->cnt_all = cnt_all;
	/* under a filter the codes may have changed (renamed, moved): filter them again */
	if (pn->lv.n != cb->ncodes || filtered)
		listview_set_rows(&pn->lv, cb->ncodes);
	if (filtered && cur != LISTVIEW_NONE && cur < cb->ncodes)
		listview_select(&pn->lv, cur);
}

int vc_selected(const struct vcpane *pn)
{
	size_t c = listview_current(&pn->lv);

	return c == LISTVIEW_NONE ? -1 : (int)c;
}

void vc_select(struct vcpane *pn, int code)
{
	if (code < 0 || listview_select(&pn->lv, (size_t)code))
		return;
	pn->typing = false;
	listview_filter_key(&pn->lv, 0, KA_KILL);
	listview_select(&pn->lv, (size_t)code);
}

/* wrapped paragraph "Label: text"; returns the next free row */
static int paragraph(int x, int y, int w, int maxy, const char *label, const char *text,
                     struct sattr at)
{
	struct strbuf sb = STRBUF_INIT;
	uint32_t starts[256];
	size_t n;

	if (!text || !*text || y >= maxy)
		return y;
	sb_printf(&sb, "%s%s", label, text);
	for (size_t i = 0; i < sb.len; i++)
		if (sb.data[i] == '\n')
			sb.data[i] = ' ';
	n = layout_wrap(sb.data, sb.len, w, starts, ARRAY_LEN(starts));
	if (n > ARRAY_LEN(starts))
		n = ARRAY_LEN(starts);
	for (size_t i = 0; i < n && y < maxy; i++, y++) {
		size_t e = i + 1 < n ? starts[i + 1] : sb.len;
		screen_text(y, x, w, sb.data + starts[i], e - starts[i], at);
	}
	sb_done(&sb);
	return y;
}

static void draw_details(struct vcpane *pn, int x, int y, int w, int maxy)
{
	const struct code *cd = &pn->cb->codes[vc_selected(pn)];
	struct strbuf ex = STRBUF_INIT;

	screen_fill(y++, x, w, 0x2500, style(STYLE_SEPARATOR));
	y = paragraph(x, y, w, maxy, "", cd->name, style(STYLE_TITLE));
	y = paragraph(x, y, w, maxy, "id: ", cd->id, style(STYLE_DIM));
	y = paragraph(x, y, w, maxy, "", cd->description, style(STYLE_NORMAL));
	y = paragraph(x, y, w, maxy, "Include: ", cd->include, style(STYLE_NORMAL));
	y = paragraph(x, y, w, maxy, "Exclude: ", cd->exclude, style(STYLE_NORMAL));
	if (cd->nexamples) {
		sb_printf(&ex, "\xe2\x80\x9c%s\xe2\x80\x9d", cd->examples[0]);
		paragraph(x, y, w, maxy, "Example: ", ex.data, style(STYLE_DIM));
	}
	sb_done(&ex);
}

/* tree_rows: the rows of the code tree in a pane of h rows below its title */
static int tree_rows(int n, int h)
{
	int tree_h = n < h / 2 ? n : (h - 8 > h / 2 ? h - 8 : h / 2);

	return tree_h < 1 ? h : tree_h;
}

int vc_code_at(const struct vcpane *pn, int row)
{
	size_t c = listview_row_at(&pn->lv, row);

	return c == LISTVIEW_NONE ? -1 : (int)c;
}

/* draw_filter: the title row while a filter is typed or kept: "/ text" and "shown/all" */
static void draw_filter(struct vcpane *pn, int x, int y, int w)
{
	const char *f = listview_filter_text(&pn->lv);
	char cnt[48];
	int cw;

	snprintf(cnt, sizeof(cnt), " %zu/%zu", listview_count(&pn->lv), pn->cb->ncodes);
	cw = (int)strlen(cnt);
	screen_text(y, x, 2, "/ ", 2, style(STYLE_FILTER));
	screen_text(y, x + 2, w - 2 - cw, f, strlen(f), style(STYLE_NORMAL));
	if (cw < w - 4)
		screen_text(y, x + w - cw, cw, cnt, (size_t)cw, style(STYLE_DIM));
	if (pn->typing && pn->focus)
		screen_cursor(y, x + 2 + layout_text_width(f, strlen(f)));
}

void vc_draw(struct vcpane *pn, struct rect r)
{
	int tree_h, n = (int)pn->cb->ncodes, x = r.x, y = r.y, w = r.w, h = r.h;

	if (filtering(pn)) {
		draw_filter(pn, x, y, w);
	} else {
		screen_text(y, x, w, "Codebook", 8, style(STYLE_TITLE));
		screen_text(y, x + w - 14 > 9 ? x + w - 14 : x + 9, 14, " here/project", 13,
		            style(STYLE_DIM));
	}
	y++, h--;
	tree_h = tree_rows(n, h);
	pn->lv.empty = filtering(pn) ? "(no code matches)" : NULL;
	listview_draw(&pn->lv, (struct rect){x, y, w, tree_h});
	if (vc_selected(pn) >= 0 && h - tree_h > 2)
		draw_details(pn, x, y + tree_h, w, y + h);
}

/* vc_type: a key while typing the filter: Enter keeps it (and the highlight), Esc drops it */
static enum vc_result vc_type(struct vcpane *pn, int key)
{
	enum keyaction act = keymap_lookup(KC_PICKER, key);

	if (act == KA_ACCEPT || act == KA_CANCEL) {
		size_t cur = listview_current(&pn->lv);
		pn->typing = false;
		screen_cursor(-1, 0);
		if (act == KA_CANCEL) { /* the highlight stays, or goes back to where it was */
			listview_filter_key(&pn->lv, 0, KA_KILL);
			listview_select(&pn->lv, cur != LISTVIEW_NONE ? cur : pn->before);
		}
		return VC_NONE;
	}
	if (!listview_move(&pn->lv, act))
		listview_filter_key(&pn->lv, key, act);
	return VC_NONE;
}

enum vc_result vc_key(struct vcpane *pn, int key)
{
	enum keyaction act = keymap_lookup(KC_CODEBOOK, key);
	bool some = listview_current(&pn->lv) != LISTVIEW_NONE; /* a code is highlighted */
	int code;

	if (pn->typing)
		return vc_type(pn, key);
	if (listview_move(&pn->lv, act))
		return VC_NONE;
	switch (act) {
	case KA_ACCEPT:
		return some ? VC_APPLY : pn->cb->ncodes ? VC_NONE : VC_LEAVE;
	case KA_SEARCH: /* a new filter, not more of the last one */
		pn->typing = true;
		pn->before = listview_current(&pn->lv);
		listview_filter_key(&pn->lv, 0, KA_KILL);
		return VC_NONE;
	case KA_FOCUS:
		if (key == SK_ESC && *listview_filter_text(&pn->lv)) {
			vc_type(pn, SK_ESC); /* a kept filter goes first, then the pane */
			return VC_NONE;
		}
		return VC_LEAVE;
	case KA_RENAME_CODE:
	case KA_MERGE_CODE:
	case KA_MOVE_CODE:
	case KA_DELETE_CODE:
		return some ? VC_RECODE : VC_NONE;
	case KA_MEMO_HERE: /* the code's memo (issue 21) */
		return some ? VC_MEMO : VC_NONE;
	case KA_QUIT:
		return VC_NONE;
	default:
		code = key > 0 && key < 128 && strchr(CODEBOOK_KEYS, key)
		           ? codebook_by_key(pn->cb, (uint32_t)key)
		           : -1;
		if (code < 0)
			return VC_UNKNOWN;
		vc_select(pn, code);
		return VC_NONE;
	}
}
