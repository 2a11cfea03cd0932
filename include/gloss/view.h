/* view.h — the interactive coder's state and its views (TUI layer, never the core).
 *
 * tui.c owns struct app and the event loop; each view_*.c draws one screen or mode through
 * screen.h and handles its keys through keymap.h. Positions are byte offsets into the
 * current transcript's text. */
#ifndef GLOSS_VIEW_H
#define GLOSS_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/layout.h"
#include "gloss/screen.h"
#include "gloss/undo.h"

struct project;
struct transcript;
struct codings;
struct search;

#define MIN_COLS 40
#define MIN_ROWS 12

/* UNIT_WORD: entered with the word keys (w b e); j, k and s go back to the unit before */
enum unit_kind { UNIT_TURN, UNIT_SENTENCE, UNIT_LINE, UNIT_WORD };

struct docstate {
	struct codings *cs; /* the coder's codings (in the project's sets), NULL if unusable */
	const char *ro;     /* why this document is read-only, or NULL */
	bool dirty;         /* a change is in memory but could not be saved */
	int lock_fd;
};

struct geom {
	int rows, cols;
	int tx, tw;       /* transcript pane: x and width (0 when hidden) */
	int th;           /* text rows */
	int lanes;        /* coding stripes beside the text */
	int textx, textw; /* where the text itself goes */
	int namex, namew; /* code names column (namew 0: none) */
	int px, pw;       /* codebook pane (pw 0: hidden) */
	bool too_small;
};

struct app {
	struct project *p;
	const char *coder;
	struct docstate *ds; /* one per document */
	size_t doc;
	bool open; /* a document is open */
	const struct transcript *t;
	struct codings *cs;
	struct layout lay;
	struct lpos top;
	size_t pos; /* the cursor (a byte offset); the unit is computed around it */
	enum unit_kind unit;
	enum unit_kind prev_unit; /* the unit before UNIT_WORD: ^ and $ work in it */
	bool selecting;
	size_t anc_s, anc_e, sel_s, sel_e;
	struct search *re;
	char *pattern;
	bool have_match;
	size_t match_s, match_e;
	struct undo undo;
	char msg[512];
	bool msg_err;
	bool focus_cb; /* the codebook pane has the keyboard */
	int cb_sel;    /* highlighted code */
	int cb_top;
	/* index of the current codings: prefix maximum of end, code index per item */
	size_t *pmax;
	int *code_of;
	size_t nidx;
	/* passages per code in this document and in the project (tally), -1 = stale */
	size_t *cnt_doc, *cnt_all;
	bool counts_stale;
	int colors;
	struct geom g;
	bool quit_armed;
	int search_flags;             /* SEARCH_EXACT_QUOTES or 0 (option, setting) */
	bool show_others;             /* other coders' codings in the margin (read-only) */
	bool mouse;                   /* the mouse is wanted (option, setting) */
	bool dragging;                /* button 1 went down in the text */
	size_t press_off;             /* where */
	int press_y, press_x, clicks; /* for double clicks: the same cell, soon after */
	double press_ms;
};

/* tui.c */
void app_message(struct app *a, bool err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void app_draw(struct app *a); /* everything below the modal layers */
bool app_apply_code(struct app *a, int code);
void app_open_doc(struct app *a, size_t doc);
const char *app_readonly(const struct app *a);
struct sattr app_code_attr(const struct app *a, int code, bool stripe);

/* view_transcript.c */
void vt_geometry(struct app *a);
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
/* vt_covering: codings (indices into cs->items) overlapping [s, e); returns the count. */
size_t vt_covering(const struct app *a, size_t s, size_t e, size_t *out, size_t max);
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
 * not coded with that code (suggest.h), wrapping at the end; its code key accepts it. */
bool vt_next_suggestion(struct app *a);
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

/* view_codebook.c */
void vc_draw(struct app *a, int x, int y, int w, int h);
void vc_key(struct app *a, int key);
void vc_follow_cursor(struct app *a);
void vc_counts(struct app *a);
/* vc_code_at: the code drawn on row (0 = the pane's title) of the codebook pane, or -1 */
int vc_code_at(const struct app *a, int row);

/* view_mouse.c */
/* vm_event: act on the mouse event behind an SK_MOUSE key: in the text a click places the
 * cursor, a drag selects (snapped to word edges), a double click selects a word, the wheel
 * scrolls; a click on a code in the codebook pane applies it. */
void vm_event(struct app *a);

/* view_tally.c */
void vtally_run(struct app *a);

/* view_picker.c */
/* picker_run: choose one of labels[0..n) (filter on match[i], or labels when NULL).
 * Returns the index or -1 when cancelled. */
long picker_run(struct app *a, const char *title, char *const *labels, char *const *match,
                size_t n);
/* prompt_run: edit a line at the bottom; returns the text (caller frees) or NULL. */
char *prompt_run(struct app *a, const char *label, const char *initial);
/* list_run: the transcript list; returns the chosen document or -1. */
long list_run(struct app *a);
void help_run(struct app *a);
/* draw_box: a framed box with a title, returns the inner area. */
void draw_box(int x, int y, int w, int h, const char *title);

#endif
