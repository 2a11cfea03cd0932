/* listview.c — the one list widget (see listview.h). */
#include "listview.h"

#include <stdlib.h>
#include <string.h>

#include "screen.h"
#include "style.h"
#include "gloss/utf8.h"

void listview_init(struct listview *lv, void *ctx,
                   void (*draw_row)(void *ctx, size_t row, struct rect r, bool sel),
                   const char *(*text)(void *ctx, size_t row))
{
	memset(lv, 0, sizeof(*lv));
	lv->ctx = ctx;
	lv->row_h = 1;
	lv->draw_row = draw_row;
	lv->text = text;
	lv->empty = "(nothing matches)";
	sb_init(&lv->filter);
}

void listview_done(struct listview *lv)
{
	sb_done(&lv->filter);
	free(lv->vis);
	lv->vis = NULL;
}

size_t listview_count(const struct listview *lv)
{
	return lv->filtered ? lv->nvis : lv->n;
}

static size_t model_row(const struct listview *lv, size_t i)
{
	return lv->filtered ? lv->vis[i] : i;
}

size_t listview_current(const struct listview *lv)
{
	return lv->sel < listview_count(lv) ? model_row(lv, lv->sel) : LISTVIEW_NONE;
}

const char *listview_filter_text(const struct listview *lv)
{
	return lv->filter.data ? lv->filter.data : "";
}

static bool passes(const struct listview *lv, size_t row)
{
	const char *s = lv->text(lv->ctx, row);

	return s && strcasestr(s, lv->filter.data);
}

/* refilter: from all rows, or (narrowing) from those the shorter filter let through */
static void refilter(struct listview *lv, bool narrowing)
{
	size_t k = 0, cur = listview_current(lv);

	if (!lv->filter.len) {
		lv->filtered = false;
	} else if (narrowing && lv->filtered) {
		for (size_t i = 0; i < lv->nvis; i++)
			if (passes(lv, lv->vis[i]))
				lv->vis[k++] = lv->vis[i];
		lv->nvis = k;
	} else {
		grow_array((void **)&lv->vis, &lv->capvis, lv->n ? lv->n : 1, sizeof(*lv->vis));
		for (size_t i = 0; i < lv->n; i++)
			if (passes(lv, i))
				lv->vis[k++] = i;
		lv->nvis = k;
		lv->filtered = true;
	}
	lv->sel = lv->top = 0;
	if (cur != LISTVIEW_NONE)
		listview_select(lv, cur);
}

void listview_set_rows(struct listview *lv, size_t n)
{
	lv->n = n;
	if (lv->filtered || lv->filter.len)
		refilter(lv, false);
	if (lv->sel >= listview_count(lv))
		lv->sel = listview_count(lv) ? listview_count(lv) - 1 : 0;
}

bool listview_select(struct listview *lv, size_t row)
{
	size_t lo = 0, hi = listview_count(lv);

	if (!lv->filtered) {
		if (row >= lv->n)
			return false;
		lv->sel = row;
		return true;
	}
	while (lo < hi) { /* vis is in model order */
		size_t mid = lo + (hi - lo) / 2;
		if (lv->vis[mid] < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < lv->nvis && lv->vis[lo] == row) {
		lv->sel = lo;
		return true;
	}
	return false;
}

static int fits(const struct listview *lv, int h)
{
	int n = h / (lv->row_h > 0 ? lv->row_h : 1);

	return n > 0 ? n : 1;
}

/* settle: keep the highlighted row in view and the list's end at the bottom */
static void settle(struct listview *lv, int rows)
{
	size_t n = listview_count(lv), r = (size_t)rows;

	if (lv->pager)
		lv->sel = lv->top;
	if (lv->sel < lv->top)
		lv->top = lv->sel;
	if (lv->sel >= lv->top + r)
		lv->top = lv->sel - r + 1;
	if (lv->top + r > n)
		lv->top = n > r ? n - r : 0;
	if (lv->pager)
		lv->sel = lv->top;
}

void listview_draw(struct listview *lv, struct rect r)
{
	int rows = fits(lv, r.h);
	size_t n = listview_count(lv);

	lv->shown = rows;
	lv->y0 = r.y;
	settle(lv, rows);
	if (n == 0 && lv->empty) {
		screen_text(r.y, r.x, r.w, lv->empty, strlen(lv->empty), style(STYLE_DIM));
		return;
	}
	for (int i = 0; i < rows && lv->top + (size_t)i < n; i++) {
		size_t v = lv->top + (size_t)i;
		struct rect rr = {r.x, r.y + i * lv->row_h, r.w, lv->row_h};
		lv->draw_row(lv->ctx, model_row(lv, v), rr, !lv->pager && v == lv->sel);
	}
}

size_t listview_row_at(const struct listview *lv, int y)
{
	size_t v;

	if (y < lv->y0 || y >= lv->y0 + lv->shown * (lv->row_h > 0 ? lv->row_h : 1))
		return LISTVIEW_NONE;
	v = lv->top + (size_t)((y - lv->y0) / (lv->row_h > 0 ? lv->row_h : 1));
	return v < listview_count(lv) ? model_row(lv, v) : LISTVIEW_NONE;
}

static void step(struct listview *lv, long d)
{
	size_t n = listview_count(lv), *p = lv->pager ? &lv->top : &lv->sel;
	size_t last = n ? n - 1 : 0;

	if (lv->pager) /* a pager stops when the last row is at the bottom */
		last = n > (size_t)lv->shown ? n - (size_t)lv->shown : 0;
	if (d < 0)
		*p = (size_t)-d > *p ? 0 : *p - (size_t)-d;
	else
		*p = *p + (size_t)d > last ? last : *p + (size_t)d;
	if (lv->pager)
		lv->sel = lv->top;
}

bool listview_move(struct listview *lv, enum keyaction act)
{
	long page = lv->shown > 1 ? lv->shown - 1 : 1, half = lv->shown > 1 ? lv->shown / 2 : 1;

	switch (act) {
	case KA_DOWN:
		step(lv, 1);
		break;
	case KA_UP:
		step(lv, -1);
		break;
	case KA_HALF_DOWN:
		step(lv, half);
		break;
	case KA_HALF_UP:
		step(lv, -half);
		break;
	case KA_PAGE_DOWN:
		step(lv, page);
		break;
	case KA_PAGE_UP:
		step(lv, -page);
		break;
	case KA_TOP:
		step(lv, -(long)listview_count(lv) - 1);
		break;
	case KA_BOTTOM:
		step(lv, (long)listview_count(lv) + 1);
		break;
	default:
		return false;
	}
	return true;
}

static bool printable_key(int key)
{
	return key >= 32 && key < SK_BASE && key != 127 && !utf8_unsafe((uint32_t)key);
}

bool listview_filter_key(struct listview *lv, int key, enum keyaction act)
{
	if (!lv->text)
		return false;
	if (act == KA_BACKSPACE) {
		if (lv->filter.len) {
			lv->filter.len = utf8_prev(lv->filter.data, lv->filter.len);
			lv->filter.data[lv->filter.len] = '\0';
			refilter(lv, false);
		}
		return true;
	}
	if (act == KA_KILL) {
		sb_reset(&lv->filter);
		refilter(lv, false);
		return true;
	}
	if (act != KA_NONE || !printable_key(key))
		return false;
	{
		char buf[4];
		sb_add(&lv->filter, buf, utf8_encode((uint32_t)key, buf));
	}
	refilter(lv, true);
	lv->sel = 0;
	return true;
}
