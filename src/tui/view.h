/* view.h — the contract every view of the interactive coder keeps (TUI layer, never the
 * core).
 *
 * A view is one view_*.c with a header of its own: a table of operations (struct view_ops:
 * draw, key), like tig's view_ops, that view_run drives, its inputs in a struct of its own,
 * and what lies beneath it on the screen (the coder's screen under an overlay, the status
 * line under a full-screen view) asked of a struct view_host, which tui.c provides. tui.c
 * owns the event loop and is the only caller of the views: no view calls back into it or
 * runs another view (what it needs of others it asks of view_host). Two modules beside the
 * views are not views: view_recode.c is a dialog that tui.c runs, made of the prompt and
 * the code picker; the compare state (view_compare.c) is what the transcript view draws
 * its margin from. Lists are struct listview (listview.h); looks are named in style.h.
 * Positions are byte offsets into a transcript's text. */
#ifndef GLOSS_VIEW_H
#define GLOSS_VIEW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "layout.h"
#include "listview.h"
#include "screen.h"

struct transcript;

#define MIN_COLS 40
#define MIN_ROWS 12

/* ---- what every view shares ---- */

/* where a view lies: over the coder's screen (pickers, prompts), on a screen of its own
 * above the status line (lists, tally), or on the whole screen (help) */
enum view_layer { VIEW_OVERLAY, VIEW_FULL, VIEW_BARE };

/* view_host: what a view may ask of the coder beneath it. frame draws what lies under
 * the view — the coder's screen for an overlay, an empty screen with the status line and
 * message for a full view, an empty screen for a bare one — and gives the area the view
 * may use; false when the terminal is too small (a notice was drawn instead). A view asks
 * for another view rather than running it: help shows the help overlay, ask the one-line
 * prompt (view_prompt.h) over the coder's screen with its message cleared, returning the
 * text (caller frees) or NULL; ask with initial NULL is a y/N question taking one key. */
struct view_host {
	void *ctx;
	bool (*frame)(void *ctx, enum view_layer layer, struct rect *area);
	void (*help)(void *ctx);
	char *(*ask)(void *ctx, const char *label, const char *initial);
};

/* VIEW_PASS: the key is not the view's (the coder's base screen, the transcript view, passes
 * the keys that change data to tui.c); view_run treats it as VIEW_GO_ON */
enum view_result { VIEW_GO_ON, VIEW_DONE, VIEW_PASS };

/* view_ops: one view: its key context (keymap.h), where it lies, how it draws into its
 * area and what a key does (act is keymap_lookup of key in the view's context). */
struct view_ops {
	const char *name;
	enum keyctx keys;
	enum view_layer layer;
	void (*draw)(void *v, struct rect area);
	enum view_result (*key)(void *v, int key, enum keyaction act);
};

/* view_run: draw v and hand it keys until its key operation says VIEW_DONE. */
void view_run(const struct view_ops *ops, void *v, const struct view_host *h);
/* view_box: a framed box with a title inside area, centred, w x h (clamped); returns the
 * inner area. */
struct rect view_box(struct rect area, int w, int h, const char *title);

/* view_paragraph: text[0..len) as one paragraph (line breaks and tabs as spaces, runs of
 * spaces as one), wrapped into r, with an ellipsis when it does not fit. */
void view_paragraph(const char *text, size_t len, struct rect r, struct sattr at);
/* view_excerpt: view_paragraph of bytes [s, e) of t. */
void view_excerpt(const struct transcript *t, size_t s, size_t e, struct rect r, struct sattr at);

/* view_jump: where a list view sends the coder (a passage of a document). */
struct view_jump {
	size_t doc, start, end;
};

/* ---- the message line (view.c) ---- */

struct status {
	char msg[512];
	bool err;
};

void status_set(struct status *st, bool err, const char *fmt, va_list ap);
/* status_draw: the status line (left and right parts) on row y and the message under it. */
void status_draw(const struct status *st, int y, int cols, const char *left, const char *right);

#endif
