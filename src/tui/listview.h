/* listview.h — the one list widget of the coder (htop's Panel, tig's view lines).
 *
 * A list of n rows whose contents a callback draws; the widget scrolls, keeps one row
 * highlighted, moves by row, half page, page and to either end, and filters the rows by
 * text typed into it (incrementally: a longer filter only looks at the rows the shorter
 * one let through). Each row takes row_h screen rows. In pager mode (help, tally) nothing
 * is highlighted and the movement keys scroll. It draws through screen.h into a rectangle
 * and keeps no pointer to the rows: the caller says how many there are. */
#ifndef GLOSS_LISTVIEW_H
#define GLOSS_LISTVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "gloss/util.h"

struct rect {
	int x, y, w, h;
};

#define LISTVIEW_NONE ((size_t)-1)

struct listview {
	void *ctx;
	size_t n;  /* rows of the model */
	int row_h; /* screen rows a row takes (>= 1) */
	bool pager;
	/* draw_row: draw model row `row` into r (r.h == row_h), highlighted when sel */
	void (*draw_row)(void *ctx, size_t row, struct rect r, bool sel);
	/* text: what the filter looks for in model row `row` (case-insensitive), NULL: the
	 * list cannot be filtered */
	const char *(*text)(void *ctx, size_t row);
	const char *empty; /* shown when there is no row ("(nothing matches)" by default) */
	struct strbuf filter;
	bool filtered; /* vis holds the rows the filter let through */
	size_t *vis, nvis, capvis;
	size_t sel, top; /* indices into the visible rows */
	int shown;       /* rows that fit at the last draw (for the page keys) */
	int y0;          /* the screen row of the first row at the last draw */
};

/* listview_init: an empty list drawing rows with draw_row; text may be NULL. */
void listview_init(struct listview *lv, void *ctx,
                   void (*draw_row)(void *ctx, size_t row, struct rect r, bool sel),
                   const char *(*text)(void *ctx, size_t row));
void listview_done(struct listview *lv);
/* listview_set_rows: the model now has n rows (the filter is applied again, the
 * highlighted position kept where it can be). */
void listview_set_rows(struct listview *lv, size_t n);
/* listview_draw: draw the visible rows into r. */
void listview_draw(struct listview *lv, struct rect r);
/* listview_move: act on a movement (KA_DOWN, KA_UP, KA_HALF_DOWN, KA_HALF_UP,
 * KA_PAGE_DOWN, KA_PAGE_UP, KA_TOP, KA_BOTTOM); false for any other action. */
bool listview_move(struct listview *lv, enum keyaction act);
/* listview_filter_key: edit the filter with key (a printable character is added) or act
 * (KA_BACKSPACE drops the last character, KA_KILL clears it); false when neither applies
 * or the list has no text callback. */
bool listview_filter_key(struct listview *lv, int key, enum keyaction act);
/* listview_count: the rows visible through the filter. */
size_t listview_count(const struct listview *lv);
/* listview_current: the highlighted model row, or LISTVIEW_NONE when no row is visible. */
size_t listview_current(const struct listview *lv);
/* listview_select: highlight model row `row` when it is visible; false otherwise. */
bool listview_select(struct listview *lv, size_t row);
/* listview_row_at: the model row drawn on screen row y at the last draw (a mouse click),
 * or LISTVIEW_NONE. */
size_t listview_row_at(const struct listview *lv, int y);
/* listview_filter_text: the filter typed so far ("" when none). */
const char *listview_filter_text(const struct listview *lv);

#endif
