/* view.c — what every view shares: the loop that drives a view, boxes, the message
 * line. */
#include "view.h"

#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "style.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

void view_run(const struct view_ops *ops, void *v, const struct view_host *h)
{
	for (;;) {
		struct rect area;
		int key;

		if (h->frame(h->ctx, ops->layer, &area))
			ops->draw(v, area);
		screen_refresh();
		key = screen_getkey(-1);
		if (key == SK_NONE || key == SK_RESIZE)
			continue;
		if (ops->key(v, key, keymap_lookup(ops->keys, key)) == VIEW_DONE)
			return;
	}
}

struct rect view_box(struct rect area, int w, int h, const char *title)
{
	struct sattr at = style(STYLE_FRAME);
	uint32_t h_ = 0x2500, v = 0x2502, tl = 0x250C, tr = 0x2510, bl = 0x2514, br = 0x2518;
	int x, y;

	w = w > area.w ? area.w : w;
	h = h > area.h ? area.h : h;
	x = area.x + (area.w - w) / 2;
	y = area.y + (area.h - h) / 2;
	for (int r = y; r < y + h; r++)
		screen_fill(r, x, w, ' ', at);
	screen_fill(y, x + 1, w - 2, h_, at);
	screen_fill(y + h - 1, x + 1, w - 2, h_, at);
	for (int r = y + 1; r < y + h - 1; r++) {
		screen_put(r, x, &v, 1, at);
		screen_put(r, x + w - 1, &v, 1, at);
	}
	screen_put(y, x, &tl, 1, at);
	screen_put(y, x + w - 1, &tr, 1, at);
	screen_put(y + h - 1, x, &bl, 1, at);
	screen_put(y + h - 1, x + w - 1, &br, 1, at);
	if (title)
		screen_text(y, x + 2, w - 4, title, strlen(title), style(STYLE_TITLE));
	return (struct rect){x + 2, y + 1, w - 4, h - 2};
}

void status_set(struct status *st, bool err, const char *fmt, va_list ap)
{
	vsnprintf(st->msg, sizeof(st->msg), fmt, ap);
	st->err = err;
}

void status_draw(const struct status *st, int y, int cols, const char *left, const char *right)
{
	int rw = layout_text_width(right, strlen(right));

	screen_fill(y, 0, cols, ' ', style(STYLE_STATUS));
	screen_text(y, 0, cols - rw - 1 > 0 ? cols - rw - 1 : 0, left, strlen(left),
	            style(STYLE_STATUS_NAME));
	if (rw < cols)
		screen_text(y, cols - rw, rw, right, strlen(right), style(STYLE_STATUS));
	if (st->msg[0])
		screen_text(y + 1, 0, cols, st->msg, strlen(st->msg),
		            style(st->err ? STYLE_ERROR : STYLE_MESSAGE));
}

void view_paragraph(const char *text, size_t len, struct rect r, struct sattr at)
{
	struct strbuf sb = STRBUF_INIT;
	size_t max = (size_t)(r.w > 0 ? r.w : 1) * (size_t)(r.h > 0 ? r.h : 1) * 4 + 8, n;
	uint32_t starts[16];
	bool cut = len > max;

	if (r.w < 4 || r.h < 1)
		return;
	if (cut) { /* no more than fits, cut at a character */
		len = max;
		while (len > 0 && (text[len] & 0xC0) == 0x80)
			len--;
	}
	for (size_t i = 0; i < len; i++) { /* one paragraph: line breaks and tabs as spaces */
		char ch = text[i] == '\n' || text[i] == '\t' ? ' ' : text[i];
		if (ch != ' ' || (sb.len && sb.data[sb.len - 1] != ' '))
			sb_addc(&sb, ch);
	}
	n = layout_wrap(sb.data ? sb.data : "", sb.len, r.w - 1, starts, ARRAY_LEN(starts));
	for (size_t i = 0; i < n && i < (size_t)r.h && i < ARRAY_LEN(starts); i++) {
		size_t b = starts[i],
		       en = i + 1 < n && i + 1 < ARRAY_LEN(starts) ? starts[i + 1] : sb.len;
		int w = screen_text(r.y + (int)i, r.x, r.w - 1, sb.data + b, en - b, at);
		if (i + 1 == (size_t)r.h && (i + 1 < n || cut)) {
			uint32_t ell = 0x2026;
			screen_put(r.y + (int)i, r.x + (w < r.w - 1 ? w : r.w - 1), &ell, 1, at);
		}
	}
	sb_done(&sb);
}

void view_excerpt(const struct transcript *t, size_t s, size_t e, struct rect r, struct sattr at)
{
	e = e > t->len ? t->len : e;
	s = s > e ? e : s;
	view_paragraph(t->text + s, e - s, r, at);
}
