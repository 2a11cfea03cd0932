/* style.h — the coder's named looks, mapped once to colours and attributes.
 *
 * Views ask for a look by name (STYLE_SELECTED, STYLE_STATUS, STYLE_MEMO_MARK, ...) and
 * never write a colour number: one table here says what each name looks like with 256
 * colours, with 8, and with none (NO_COLOR or a terminal without colours), where
 * attributes (reverse, bold, underline) stand in for colour. Code colours come from the
 * codebook (style_code), speaker colours from the speaker's name (style_speaker). */
#ifndef GLOSS_STYLE_H
#define GLOSS_STYLE_H

#include <stdbool.h>

#include "screen.h"

struct codebook;

enum style {
	STYLE_NORMAL,
	STYLE_TITLE,        /* a view's heading, a box title */
	STYLE_DIM,          /* secondary text: column heads, counts, ids */
	STYLE_SELECTED,     /* the highlighted row of a list */
	STYLE_THEME,        /* a theme (a code with children) in a list */
	STYLE_FRAME,        /* box lines */
	STYLE_SEPARATOR,    /* the pane's vertical bar, rules */
	STYLE_STATUS,       /* the status line */
	STYLE_STATUS_NAME,  /* the document name in the status line */
	STYLE_MESSAGE,      /* an informative message under the status line */
	STYLE_ERROR,        /* an error message */
	STYLE_FRONT,        /* front matter, timestamps */
	STYLE_UNIT,         /* the cursor unit (sentence, line) */
	STYLE_UNIT_TURN,    /* the cursor unit when it is a whole turn */
	STYLE_SELECTION,    /* the selection being made */
	STYLE_MATCH,        /* a search match */
	STYLE_MATCH_IN_SEL, /* a search match inside the selection */
	STYLE_CURSOR_BAR,   /* the bar beside the cursor unit */
	STYLE_MORE,         /* "+": more codes than lanes */
	STYLE_MEMO_MARK,    /* the margin mark of a coded passage with a memo */
	STYLE_FILTER,       /* the filter text of a list */
	STYLE_THEIRS,       /* another coder's code in the margin (attributes over its colour) */
	STYLE_SUGGESTED,    /* the margin mark of a passage the codebook's patterns suggest */
	STYLE_DISAGREE,     /* the compare view's mark of a unit where two coders disagree */
	STYLE_CODED,        /* text inside one of your codings (with colours: the code's) */
	STYLE_CODED_MANY,   /* text inside two or more of your codings */
	STYLE_CODED_THEIRS, /* text inside only other coders' codings (shown with p) */
	STYLE_REPAIR_WHY,   /* the repair view: why a coding could not be placed */
	STYLE_COUNT
};

/* style_init: choose the table's column for a terminal with 256, 8 or 0 colours. */
void style_init(int colors);
/* style_colors: what style_init was given. */
int style_colors(void);
/* style: the look of a name. */
struct sattr style(enum style s);
/* style_over: base with the look of s laid over it (its colours replace base's where it has
 * any, its attributes are added). */
struct sattr style_over(struct sattr base, enum style s);
/* style_code: a code's look, as a margin stripe (background) or as text (foreground); the
 * codebook's colour, else the parent's, else one of a small palette by position. Without
 * colours: reverse (stripe) or bold (text). code < 0 (unknown id) likewise. */
struct sattr style_code(const struct codebook *cb, int code, bool stripe);
/* style_coded: the look of text inside codings (highlight.h): `mine` of the coder's
 * codings and `theirs` of other coders' cover it, code (-1: unknown) is the innermost
 * one's. With colours, the code's colour as the text's; two or more of yours add bold;
 * only other coders' is dim and underlined. Without colours: bold, bold and underlined,
 * dim and underlined. Laid over base (its colour replaced, attributes added). */
struct sattr style_coded(struct sattr base, const struct codebook *cb, int code, unsigned mine,
                         unsigned theirs);
/* style_speaker: a speaker label: bold, coloured by a hash of the name. */
struct sattr style_speaker(const char *name);

#endif
