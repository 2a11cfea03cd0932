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

void vc_init(struct vcpane *pn)
{
	memset(pn, 0, sizeof(*pn));
	listview_init(&pn->lv, pn, draw_code_row, NULL);
	pn->lv.empty = NULL;
}

void vc_done(struct vcpane *pn)
{
	listview_done(&pn->lv);
}

void vc_set(struct vcpane *pn, const struct codebook *cb, const size_t *cnt_doc,
            const size_t *cnt_all)
{
	pn->cb = cb;
	pn->cnt_doc = cnt_doc;
	pn->cnt_all = cnt_all;
	if (pn->lv.n != cb->ncodes)
		listview_set_rows(&pn->lv, cb->ncodes);
}

int vc_selected(const struct vcpane *pn)
{
	size_t c = listview_current(&pn->lv);

	return c == LISTVIEW_NONE ? -1 : (int)c;
}

void vc_select(struct vcpane *pn, int code)
{
	if (code >= 0)
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

void vc_draw(struct vcpane *pn, struct rect r)
{
	int tree_h, n = (int)pn->cb->ncodes, x = r.x, y = r.y, w = r.w, h = r.h;

	screen_text(y, x, w, "Codebook", 8, style(STYLE_TITLE));
	screen_text(y, x + w - 14 > 9 ? x + w - 14 : x + 9, 14, " here/project", 13,
	            style(STYLE_DIM));
	y++, h--;
	tree_h = tree_rows(n, h);
	listview_draw(&pn->lv, (struct rect){x, y, w, tree_h});
	if (n > 0 && h - tree_h > 2)
		draw_details(pn, x, y + tree_h, w, y + h);
}

enum vc_result vc_key(struct vcpane *pn, int key)
{
	enum keyaction act = keymap_lookup(KC_CODEBOOK, key);
	int code;

	if (listview_move(&pn->lv, act))
		return VC_NONE;
	switch (act) {
	case KA_ACCEPT:
		return pn->cb->ncodes ? VC_APPLY : VC_LEAVE;
	case KA_FOCUS:
		return VC_LEAVE;
	case KA_RENAME_CODE:
	case KA_MERGE_CODE:
	case KA_MOVE_CODE:
	case KA_DELETE_CODE:
		return pn->cb->ncodes ? VC_RECODE : VC_NONE;
	case KA_MEMO_HERE: /* the code's memo (issue 21) */
		return pn->cb->ncodes ? VC_MEMO : VC_NONE;
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
