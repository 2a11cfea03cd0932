/* layout.h — wrapping transcript lines into screen rows by display width.
 *
 * Widths follow utf8_width: combining marks and zero-width characters take no cell and stay
 * with the character before them, East Asian wide characters take two cells and are never
 * split across rows; control characters, escapes and invalid text are drawn as one-cell
 * placeholders (utf8_placeholder) and measured as such. TAB is one cell. Lines are wrapped
 * at spaces where possible, else inside the word.
 *
 * A struct layout wraps lazily: only the lines that are asked for are wrapped, and their row
 * starts are cached until the width changes. Opening a 50 MB transcript or jumping to its
 * end therefore wraps only the lines on screen. */
#ifndef GLOSS_LAYOUT_H
#define GLOSS_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct transcript;

/* layout_cp_width: cells one code point takes on screen (0, 1 or 2). */
int layout_cp_width(uint32_t cp);
/* layout_cell: the character that fills the next cell of s[0..n): a base code point and
 * the zero-width marks that follow it, at most max in cl (extra marks are skipped); *m is
 * how many were stored, *w its width in cells (a lone mark counts as 1). Returns the bytes
 * used (>= 1). Unsafe code points are never joined to a cell. */
size_t layout_cell(const char *s, size_t n, uint32_t *cl, size_t max, size_t *m, int *w);
/* layout_text_width: cells s[0..n) takes. */
int layout_text_width(const char *s, size_t n);
/* layout_wrap: wrap s[0..len) to width (>= 1) columns. Writes the byte offset (relative to
 * s) where each row starts to starts[0..cap) and returns the number of rows (>= 1, also for
 * an empty line); starts[0] is 0. A row ends where the next one starts (the last at len). */
size_t layout_wrap(const char *s, size_t len, int width, uint32_t *starts, size_t cap);

/* A position on screen: a transcript line and a row inside its wrapped rows. */
struct lpos {
	size_t line, row;
};

struct lrows {
	uint32_t n;       /* 0: not wrapped yet */
	uint32_t *starts; /* NULL when n == 1 */
};

struct layout {
	const struct transcript *t;
	int width;
	struct lrows *rows; /* one per line, computed on demand */
	size_t *done;       /* lines wrapped so far (to reset them quickly) */
	size_t ndone, capdone;
};

void layout_init(struct layout *l, const struct transcript *t, int width);
void layout_done(struct layout *l);
/* layout_set_width: rewrap lazily for a new width (drops the cache when it changed). */
void layout_set_width(struct layout *l, int width);
/* layout_nrows: rows of line (>= 1). */
size_t layout_nrows(struct layout *l, size_t line);
/* layout_row_range: byte offsets [*s, *e) of one row of line (absolute, into t->text). */
void layout_row_range(struct layout *l, size_t line, size_t row, size_t *s, size_t *e);
/* layout_row_of: the row of line that holds byte offset off (clamped to the line). */
size_t layout_row_of(struct layout *l, size_t line, size_t off);
/* layout_pos_of: the screen position of byte offset off. */
struct lpos layout_pos_of(struct layout *l, size_t off);
/* layout_move: move p by delta rows (negative: up), clamped to the text. Returns the rows
 * actually moved (absolute value). */
size_t layout_move(struct layout *l, struct lpos *p, long delta);
/* layout_last: the position of the very last row. */
struct lpos layout_last(struct layout *l);
/* layout_cmp: <0, 0, >0 like strcmp for two positions. */
int layout_cmp(struct lpos a, struct lpos b);

#endif
