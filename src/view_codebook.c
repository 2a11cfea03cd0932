/* view_codebook.c — the codebook pane: the code tree with keys, colours and counts, and
 * the highlighted code's definition, include and exclude rules and an example. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/keymap.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/view.h"

static void fill_counts(struct app *a, size_t *cnt, long doc)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, doc, false, TALLY_COUNT_PASSAGES};
	struct tally *t = tally_run(a->p, &o);

	memset(cnt, 0, a->p->cb->ncodes * sizeof(*cnt));
	for (size_t i = 0; t && i < t->nrows; i++)
		if (t->rows[i].code >= 0 && (size_t)t->rows[i].code < a->p->cb->ncodes)
			cnt[t->rows[i].code] = t->rows[i].passages;
	tally_free(t);
}

void vc_counts(struct app *a)
{
	size_t n = a->p->cb->ncodes;

	if (!a->counts_stale)
		return;
	a->cnt_doc = xreallocarray(a->cnt_doc, n ? n : 1, sizeof(size_t));
	a->cnt_all = xreallocarray(a->cnt_all, n ? n : 1, sizeof(size_t));
	if (a->open)
		fill_counts(a, a->cnt_doc, (long)a->doc);
	else
		memset(a->cnt_doc, 0, (n ? n : 1) * sizeof(size_t));
	fill_counts(a, a->cnt_all, -1);
	a->counts_stale = false;
}

void vc_follow_cursor(struct app *a)
{
	size_t s, e, idx[16], n;

	if (a->focus_cb || !a->open || !a->nidx)
		return;
	vt_range(a, &s, &e);
	n = vt_covering(a, a->pos, a->pos + 1, idx, 16);
	if (n == 0)
		n = vt_covering(a, s, e, idx, 16);
	if (n > 0 && a->code_of[idx[n - 1]] >= 0)
		a->cb_sel = a->code_of[idx[n - 1]];
}

static void draw_code_row(struct app *a, int x, int y, int w, int c)
{
	const struct code *cd = &a->p->cb->codes[c];
	bool sel = c == a->cb_sel;
	struct sattr at = SATTR((sel ? SA_REVERSE : 0) | (cd->nchildren ? SA_BOLD : 0));
	uint32_t sw = cd->key ? cd->key : 0xB7; /* a middle dot: no key (not a letter that
	                                         * could be taken for one) */
	char cnt[48];
	int cw, used;

	if (sel)
		screen_fill(y, x, w, ' ', at);
	screen_put(y, x, &sw, 1, app_code_attr(a, c, true));
	snprintf(cnt, sizeof(cnt), " %zu/%zu", a->cnt_doc[c], a->cnt_all[c]);
	cw = (int)strlen(cnt);
	used = 2 + cd->depth * 2;
	if (used < w - cw)
		screen_text(y, x + used, w - cw - used, cd->name, strlen(cd->name), at);
	if (cw < w - 4)
		screen_text(y, x + w - cw, cw, cnt, (size_t)cw, at);
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

static void draw_details(struct app *a, int x, int y, int w, int maxy)
{
	const struct code *cd = &a->p->cb->codes[a->cb_sel];
	struct strbuf ex = STRBUF_INIT;

	screen_fill(y++, x, w, 0x2500, SATTR(SA_DIM));
	y = paragraph(x, y, w, maxy, "", cd->name, SATTR(SA_BOLD));
	y = paragraph(x, y, w, maxy, "id: ", cd->id, SATTR(SA_DIM));
	y = paragraph(x, y, w, maxy, "", cd->description, SATTR(0));
	y = paragraph(x, y, w, maxy, "Include: ", cd->include, SATTR(0));
	y = paragraph(x, y, w, maxy, "Exclude: ", cd->exclude, SATTR(0));
	if (cd->nexamples) {
		sb_printf(&ex, "\xe2\x80\x9c%s\xe2\x80\x9d", cd->examples[0]);
		paragraph(x, y, w, maxy, "Example: ", ex.data, SATTR(SA_DIM));
	}
	sb_done(&ex);
}

/* tree_rows: the rows of the code tree in a pane of h rows below its title */
static int tree_rows(int n, int h)
{
	int tree_h = n < h / 2 ? n : (h - 8 > h / 2 ? h - 8 : h / 2);

	return tree_h < 1 ? h : tree_h;
}

int vc_code_at(const struct app *a, int row)
{
	int n = (int)a->p->cb->ncodes, tree_h = tree_rows(n, a->g.th - 1);

	if (row < 1 || row > tree_h || a->cb_top + row - 1 >= n)
		return -1;
	return a->cb_top + row - 1;
}

void vc_draw(struct app *a, int x, int y, int w, int h)
{
	const struct codebook *cb = a->p->cb;
	int tree_h, n = (int)cb->ncodes;

	vc_counts(a);
	if (a->cb_sel < 0 || a->cb_sel >= n)
		a->cb_sel = 0;
	screen_text(y, x, w, "Codebook", 8, SATTR(SA_BOLD));
	screen_text(y, x + w - 14 > 9 ? x + w - 14 : x + 9, 14, " here/project", 13, SATTR(SA_DIM));
	y++, h--;
	tree_h = tree_rows(n, h);
	if (a->cb_sel < a->cb_top)
		a->cb_top = a->cb_sel;
	if (a->cb_sel >= a->cb_top + tree_h)
		a->cb_top = a->cb_sel - tree_h + 1;
	if (a->cb_top > n - tree_h)
		a->cb_top = n - tree_h > 0 ? n - tree_h : 0;
	for (int i = 0; i < tree_h && a->cb_top + i < n; i++)
		draw_code_row(a, x, y + i, w, a->cb_top + i);
	if (n > 0 && h - tree_h > 2)
		draw_details(a, x, y + tree_h, w, y + h);
}

void vc_key(struct app *a, int key)
{
	int n = (int)a->p->cb->ncodes, code;

	switch (keymap_lookup(KC_CODEBOOK, key)) {
	case KA_DOWN:
		if (a->cb_sel + 1 < n)
			a->cb_sel++;
		break;
	case KA_UP:
		if (a->cb_sel > 0)
			a->cb_sel--;
		break;
	case KA_ACCEPT:
		a->focus_cb = false;
		if (n > 0 && a->open)
			app_apply_code(a, a->cb_sel);
		break;
	case KA_FOCUS:
		a->focus_cb = false;
		break;
	case KA_QUIT:
		break;
	default:
		code = key > 0 && key < 128 && strchr(CODEBOOK_KEYS, key)
		           ? codebook_by_key(a->p->cb, (uint32_t)key)
		           : -1;
		if (code >= 0)
			a->cb_sel = code;
		else
			app_message(a, true, "unknown key here (Tab or Esc goes back)");
	}
}
