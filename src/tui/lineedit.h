/* lineedit.h — the buffer of a one-line editor (the coder's prompts): UTF-8 text and a
 * cursor, edited in time linear in the text, with the horizontal scroll that keeps the
 * cursor in view.
 *
 * The text is a gap buffer: the gap sits at the cursor, so typing or pasting n characters
 * costs O(n) in all, wherever the cursor is; moving the cursor by one character is O(1),
 * Home/End O(distance). lineedit_view finds what to show by looking at one screen width of
 * text around the cursor, never at the whole line. No terminal here (the TUI draws the
 * view); ops counts the bytes moved and looked at, so tests can bound the work. */
#ifndef GLOSS_LINEEDIT_H
#define GLOSS_LINEEDIT_H

#include <stddef.h>
#include <stdint.h>

struct lineedit {
	char *buf;      /* text: buf[0, gap) then buf[gap_end, cap) */
	size_t gap;     /* the cursor (a byte offset into the text) */
	size_t gap_end; /* where the text after the cursor starts in buf */
	size_t cap;
	size_t ops; /* bytes moved and looked at since lineedit_init */
};

/* What fits in a given width: the text before the cursor from the first byte shown, and
 * after it (the caller clips it to the width); cursor_col is where the cursor goes. The
 * pointers are valid until the next change. */
struct lineedit_view {
	const char *before, *after;
	size_t nbefore, nafter;
	int cursor_col;
};

/* lineedit_init: the text initial (NULL: empty), cursor at its end. _done frees it. */
void lineedit_init(struct lineedit *le, const char *initial);
void lineedit_done(struct lineedit *le);
size_t lineedit_len(const struct lineedit *le);
size_t lineedit_cursor(const struct lineedit *le);
/* lineedit_insert: cp at the cursor, which moves after it. */
void lineedit_insert(struct lineedit *le, uint32_t cp);
/* Cursor moves by one code point, or to either end; nothing at the ends. */
void lineedit_left(struct lineedit *le);
void lineedit_right(struct lineedit *le);
void lineedit_home(struct lineedit *le);
void lineedit_end(struct lineedit *le);
/* lineedit_backspace / _delete: remove the code point before / after the cursor. */
void lineedit_backspace(struct lineedit *le);
void lineedit_delete(struct lineedit *le);
/* lineedit_kill_before: remove everything before the cursor (Ctrl-U). */
void lineedit_kill_before(struct lineedit *le);
/* lineedit_text: the text as a new NUL-terminated string (caller frees). */
char *lineedit_text(const struct lineedit *le);
/* lineedit_view: what to show in width (>= 1) columns: as much of the text before the
 * cursor as leaves the cursor inside the width (the line scrolls left as the cursor goes
 * right), then the text after it. Looks at O(width) bytes (zero-width marks aside, at
 * most 8 code points a column). */
void lineedit_view(struct lineedit *le, int width, struct lineedit_view *v);

#endif
