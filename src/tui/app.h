/* app.h — the interactive coder's state, private to src/tui: the session (session.h: the
 * project, the coder's codings, undo, saving, locks) and the transcript view's state
 * around it (layout, cursor, selection, search, the codebook pane, counts, geometry).
 * tui.c owns it; the transcript view (view_transcript.c, view_mouse.c) works on it. No
 * other view sees it. */
#ifndef GLOSS_APP_H
#define GLOSS_APP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "gloss/agree.h"
#include "gloss/overlap.h"
#include "gloss/session.h"
#include "layout.h"
#include "view.h"
#include "view_codebook.h"

struct search;
struct tallycache;
struct vretrieve;
struct vmemos;
struct vcompare;

/* UNIT_WORD: entered with the word keys (w b e); j, k and s go back to the unit before */
enum unit_kind { UNIT_TURN, UNIT_SENTENCE, UNIT_LINE, UNIT_WORD };

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

struct app {
	struct session sess;        /* the project, the coder's codings, undo, saving (session.h) */
	const struct transcript *t; /* the open document's */
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
	struct memos *umemos;   /* memos on documents, codes, the project (loaded on first use) */
	struct vreview *review; /* the review queue (view_review.c), kept between openings */
	enum { BACK_NONE, BACK_RETRIEVE, BACK_MEMOS } back;
	int search_flags;             /* SEARCH_EXACT_QUOTES or 0 (option, setting) */
	bool show_others;             /* other coders' codings in the margin (read-only) */
	bool hide_coded;              /* the coded text is not highlighted (h; highlight.h) */
	size_t repair_row;            /* the repair view's row (view_repair.h) */
	char **repair_ok;             /* other coders whose files the coder let the repair */
	size_t nrepair_ok;            /* view change this session (asked once each) */
	bool mouse;                   /* the mouse is wanted (option, setting) */
	bool dragging;                /* button 1 went down in the text */
	size_t press_off;             /* where */
	int press_y, press_x, clicks; /* for double clicks: the same cell, soon after */
	double press_ms;
	bool blind;            /* nothing of other coders was loaded (--blind) */
	const char *blind_why; /* when blind: "--blind" or gloss.yaml's "blind: true" */
	const struct tui_opts *opts;
	struct vcompare *cmp; /* the compare view, when on (view_compare.c) */
	/* the coding the last code key made or extended, so that `m` right after it writes
	 * its memo wherever the cursor went (after coding a searched phrase) */
	unsigned long nkeys; /* keys handled so far */
	struct {
		unsigned long key; /* nkeys when it was made (0: none) */
		size_t doc, start, end;
		int code;
	} coded;
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

#endif
