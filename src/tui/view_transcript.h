/* view_transcript.h — the transcript view: the open transcript with the coder's codings
 * in the margin, the cursor unit, the selection, search and the word cursor (works on
 * struct app, app.h). */
#ifndef GLOSS_VIEW_TRANSCRIPT_H
#define GLOSS_VIEW_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"

void vt_geometry(struct app *a);
/* vt_agree_unit: the coder's unit as agree.h names it (for the compare view) */
enum agree_unit vt_agree_unit(const struct app *a);
void vt_draw(struct app *a);
void vt_status(struct app *a);
void vt_unit_bounds(const struct app *a, size_t off, size_t *s, size_t *e);
void vt_range(const struct app *a, size_t *s, size_t *e); /* selection or cursor unit */
void vt_first_unit(struct app *a);
void vt_last_unit(struct app *a);
void vt_move_unit(struct app *a, int dir);
void vt_scroll(struct app *a, long rows, bool move_cursor);
void vt_goto(struct app *a, size_t off); /* put the cursor at off and show it */
void vt_reveal(struct app *a);
void vt_index(struct app *a); /* rebuild the codings index after a change */
/* vt_covering: the counted codings of the coder overlapping [s, e) (overlap_find on the
 * index); returns how many in all. */
size_t vt_covering(const struct app *a, size_t s, size_t e, struct overlap_ref *out, size_t max);
bool vt_search(struct app *a, bool backward, bool from_here);
void vt_word_adjust(struct app *a, bool end, int dir);
/* vt_word_move: the word keys: the cursor becomes a word (UNIT_WORD) and moves to the
 * next word (w), the previous one (b), the end of the word (e), or the first or last word
 * of the unit it was in before (^ $); a selection grows or shrinks with it. */
enum word_move { WM_NEXT, WM_PREV, WM_END, WM_UNIT_START, WM_UNIT_END };
void vt_word_move(struct app *a, enum word_move m);
/* vt_leave_word: back to the unit before the word keys (j k s call it) */
void vt_leave_word(struct app *a);
/* vt_select_match: the current search match becomes the selection; false (and a message)
 * when there is none. */
bool vt_select_match(struct app *a);
/* vt_next_suggestion: select the next passage the codebook's patterns suggest and you have
 * not coded with that code (suggest.h), wrapping at the end; its code key accepts it.
 * Returns that code (for the pane to highlight), or -1 when there is none. */
int vt_next_suggestion(struct app *a);
void vt_select_update(struct app *a);
size_t vt_cursor_line(const struct app *a);
/* vt_offset_at: the byte offset of the text cell at screen row y, column x (a column past
 * the row's end gives the row's end); false outside the text. */
bool vt_offset_at(struct app *a, int y, int x, size_t *off);
/* vt_word_span: the word at or after off, as bytes [*s, *e) (*s == *e: none) */
void vt_word_span(const struct app *a, size_t off, size_t *s, size_t *e);
/* vt_snap_words: the selection of the cells from x to y (either order, both included),
 * widened to the words they touch and without white space or punctuation at the ends */
void vt_snap_words(const struct app *a, size_t x, size_t y, size_t *s, size_t *e);

/* vt_ops: the transcript view's operations: draw (vt_reveal, vt_draw; tui.c sets the
 * geometry first) and key: the motion, selection, search and word keys, the jumps (turn,
 * coded passage, passage with a code, line), the suggestion and the other coders' codings;
 * VIEW_PASS for every other key. struct app is its state. */
extern const struct view_ops vt_ops;

#endif
