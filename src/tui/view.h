/* view.h — the interactive coder's views and what they share (TUI layer, never the core).
 *
 * tui.c owns the session (struct app) and the event loop, and it is the only caller of
 * the views: no view calls back into it. The transcript view (view_transcript.c) works on
 * the session itself; the codebook pane (struct vcpane) is a panel that tui.c feeds the
 * codebook and the counts and asks what a key meant. Every other view gets its inputs in
 * a struct of its own and is a table of operations (struct view_ops: draw, key), like
 * tig's view_ops, that view_run drives; what lies beneath it on the screen (the coder's
 * screen under an overlay, the status line under a full-screen view) it asks of a struct
 * view_host, which tui.c provides. Lists are struct listview (listview.h); looks are
 * named in style.h.
 * Positions are byte offsets into a transcript's text. */
#ifndef GLOSS_VIEW_H
#define GLOSS_VIEW_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "gloss/agree.h"
#include "keymap.h"
#include "layout.h"
#include "listview.h"
#include "gloss/overlap.h"
#include "screen.h"
#include "gloss/undo.h"

struct project;
struct transcript;
struct codings;
struct codebook;
struct search;
struct tallycache;

#define MIN_COLS 40
#define MIN_ROWS 12

/* ---- what every view shares ---- */

/* where a view lies: over the coder's screen (pickers, prompts), on a screen of its own
 * above the status line (lists, tally), or on the whole screen (help) */
enum view_layer { VIEW_OVERLAY, VIEW_FULL, VIEW_BARE };

/* view_host: what a view may ask of the coder beneath it. frame draws what lies under
 * the view — the coder's screen for an overlay, an empty screen with the status line and
 * message for a full view, an empty screen for a bare one — and gives the area the view
 * may use; false when the terminal is too small (a notice was drawn instead). */
struct view_host {
	void *ctx;
	bool (*frame)(void *ctx, enum view_layer layer, struct rect *area);
};

enum view_result { VIEW_GO_ON, VIEW_DONE };

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

/* ---- the session (tui.c) and the transcript view (view_transcript.c) ---- */

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
	int cmpx, cmpw;   /* the compare view's margin (cmpw 0: none) */
	bool too_small;
};

/* the codebook pane (view_codebook.c) */
struct vcpane {
	struct listview lv;
	const struct codebook *cb;
	const size_t *cnt_doc, *cnt_all; /* passages per code here and in the project */
	bool focus;
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
	struct status status;
	struct vcpane pane;
	int pane_code; /* a code the pane shows after this key (a suggestion's), or -1 */
	/* the coder's counted codings in the open document by range (overlap.h), and the
	 * codebook index of each of the coder's codings (-1: not in the codebook) */
	struct overlap ix;
	int *ref_code;
	struct tallycache *counts; /* passages per code, kept up to date (tallycache.h) */
	size_t *cnt_doc, *cnt_all;
	unsigned long counts_version;
	size_t counts_doc;
	struct geom g;
	struct view_host host;
	bool quit_armed;
	/* the list views the coder jumped from, kept for KA_BACK (back: which was last) */
	struct vretrieve *retr;
	struct vmemos *memos;
	enum { BACK_NONE, BACK_RETRIEVE, BACK_MEMOS } back;
	int search_flags;             /* SEARCH_EXACT_QUOTES or 0 (option, setting) */
	bool show_others;             /* other coders' codings in the margin (read-only) */
	bool mouse;                   /* the mouse is wanted (option, setting) */
	bool dragging;                /* button 1 went down in the text */
	size_t press_off;             /* where */
	int press_y, press_x, clicks; /* for double clicks: the same cell, soon after */
	double press_ms;
	bool blind; /* nothing of other coders was loaded (--blind) */
	const struct tui_opts *opts;
	struct vcompare *cmp;   /* the compare view, when on (view_compare.c) */
	struct vreview *review; /* the review queue, once opened (view_review.c) */
};

/* app_message: a message under the status line (err: shown as an error). */
static inline __attribute__((format(printf, 3, 4))) void app_message(struct app *a, bool err,
                                                                     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_set(&a->status, err, fmt, ap);
	va_end(ap);
}

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

/* ---- the mouse (view_mouse.c) ---- */

/* vm_event: act on the mouse event behind an SK_MOUSE key: in the text a click places the
 * cursor, a drag selects (snapped to word edges), a double click selects a word, the wheel
 * scrolls. Returns the code clicked in the codebook pane (the caller applies it), or -1. */
int vm_event(struct app *a);

/* ---- the codebook pane (view_codebook.c) ---- */

enum vc_result { VC_NONE, VC_APPLY, VC_LEAVE, VC_UNKNOWN, VC_RECODE };

void vc_init(struct vcpane *pn);
void vc_done(struct vcpane *pn);
/* vc_set: the codebook and the counts the pane shows (borrowed). */
void vc_set(struct vcpane *pn, const struct codebook *cb, const size_t *cnt_doc,
            const size_t *cnt_all);
void vc_draw(struct vcpane *pn, struct rect r);
/* vc_key: a key while the pane has the focus; VC_APPLY: apply vc_selected; VC_RECODE: the
 * key's action (KA_RENAME_CODE ... KA_DELETE_CODE) is a change of vc_selected across the
 * project (view_recode.c asks for it, tui.c makes it). */
enum vc_result vc_key(struct vcpane *pn, int key);
int vc_selected(const struct vcpane *pn);
void vc_select(struct vcpane *pn, int code);
/* vc_code_at: the code drawn on row (0 = the pane's title) at the last vc_draw, or -1 */
int vc_code_at(const struct vcpane *pn, int row);

/* ---- the codebook pane's project-wide changes (view_recode.c) ---- */

struct recode_opts;
struct recode_result;
struct diags;
/* vr_ask: what to do with code (act: KA_RENAME_CODE ... KA_DELETE_CODE), asked with a
 * prompt or a picker: fills o's op, id and to (copies: vr_free frees them); false when the
 * coder cancels. */
bool vr_ask(struct app *a, enum keyaction act, int code, struct recode_opts *o);
void vr_free(struct recode_opts *o);
/* vr_in_use: a delete refused because codings use the code: true when the coder says to
 * delete them too. */
bool vr_in_use(struct app *a, const struct recode_opts *o, const struct recode_result *r);
/* vr_say: the outcome, as the message under the status line. */
void vr_say(struct app *a, const struct recode_opts *o, const struct recode_result *r,
            const struct diags *d);

/* ---- the compare view (view_compare.c) ----
 * Another coder's codings of the open transcript beside the coder's own in the margin,
 * and the units where the two disagree: those of agree_doc_diffs (agree.h), as gloss
 * agree --unit counts them. It borrows the transcript, the codebook and both codings sets;
 * vcompare_update after any change to the coder's set or unit. */

struct vcompare;
struct coding;
struct strbuf;
struct vcompare *vcompare_new(const struct transcript *t, const struct codebook *cb,
                              struct codings *mine, struct codings *other, enum agree_unit unit);
void vcompare_free(struct vcompare *v);
void vcompare_update(struct vcompare *v, struct codings *mine, enum agree_unit unit);
const char *vcompare_coder(const struct vcompare *v); /* the other coder */
size_t vcompare_count(const struct vcompare *v);      /* units in disagreement */
enum agree_unit vcompare_unit(const struct vcompare *v);
/* vcompare_margin: the columns of the margin (the coder's names, a mark, the other's) for
 * a text area textw wide; 0 when there is no room. */
int vcompare_margin(int textw);
/* vcompare_draw_row: the margin of the screen row showing bytes [rs, re), at x, w wide:
 * the names of the codings starting on the row, the coder's then the other's, with a mark
 * between them when the row is in a unit where they disagree. */
void vcompare_draw_row(const struct vcompare *v, int y, int x, int w, size_t rs, size_t re);
/* vcompare_next: the next (dir > 0) or previous unit in disagreement from the cursor unit
 * [s, e): true with its bytes in *ds, *de and its number (from 1) in *index. */
bool vcompare_next(const struct vcompare *v, size_t s, size_t e, int dir, size_t *ds, size_t *de,
                   size_t *index);
/* vcompare_describe: what the disagreement in [s, e) is ("disagreement 2/5: only ben
 * coded Trust; only ana coded Care"), me naming the coder; false when they agree there. */
bool vcompare_describe(const struct vcompare *v, size_t s, size_t e, const char *me,
                       struct strbuf *out);
/* vcompare_missing: the other's counted codings overlapping [s, e) that would settle a
 * disagreement there (their code is one only the other applied in a unit overlapping
 * [s, e)) and that the coder lacks (no coding of the same code and bytes): their indices
 * in the other's set, up to max, in order of start; returns how many in all. */
size_t vcompare_missing(const struct vcompare *v, size_t s, size_t e, size_t *out, size_t max);
const struct coding *vcompare_other_coding(const struct vcompare *v, size_t item);

/* ---- pickers, the prompt, the transcript list, help (view_picker.c) ---- */

/* picker_run: choose one of labels[0..n) (filter on match[i], or labels when NULL).
 * Returns the index or -1 when cancelled. */
long picker_run(const struct view_host *h, const char *title, char *const *labels,
                char *const *match, size_t n);
/* prompt_run: edit a line at the bottom; returns the text (caller frees) or NULL. */
char *prompt_run(struct app *a, const char *label, const char *initial);

/* the transcript list's inputs */
struct list_input {
	const struct project *p;
	const struct docstate *ds;
	const char *coder;
	long cur;   /* the open document or -1 */
	bool blind; /* the coder works blind (--blind): said in the title */
};
/* list_run: the transcript list; returns the chosen document or -1. */
long list_run(const struct view_host *h, const struct list_input *in);
/* list_coded_percent: the share of t's words inside the counted codings of c. */
int list_coded_percent(const struct transcript *t, struct codings *c);
void help_run(const struct view_host *h);

/* ---- the tally view (view_tally.c) ---- */

struct tally_input {
	const struct project *p;
	struct tallycache *counts;
	const char *coder; /* the coder at work (whose codings count with everyone's) */
	long doc;          /* the open document or -1 */
	bool blind;        /* only the coder's codings were loaded (--blind) */
};
void vtally_run(const struct view_host *h, const struct tally_input *in);

/* ---- list views that jump to a passage: retrieval (view_retrieve.c), memos (view_memos.c)
 * Each keeps its place between runs (KA_BACK runs it again); run returns true with *j
 * set when the coder chose a passage. */

struct vretrieve;
struct vretrieve *vretrieve_new(const struct project *p, int code);
bool vretrieve_run(struct vretrieve *v, const struct view_host *h, struct view_jump *j);
/* vretrieve_refresh: collect the passages again (codings changed), keeping the place. */
void vretrieve_refresh(struct vretrieve *v);
void vretrieve_free(struct vretrieve *v);

struct vmemos;
/* vmemos_new: memos of every document, or of document doc (>= 0) first shown. */
struct vmemos *vmemos_new(const struct project *p, long doc);
bool vmemos_run(struct vmemos *v, const struct view_host *h, struct view_jump *j);
void vmemos_refresh(struct vmemos *v);
void vmemos_free(struct vmemos *v);

#endif
