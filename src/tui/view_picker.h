/* view_picker.h — the picker (view_picker.c): choose one of a list, typing filters; and
 * the code picker built on it, the one list of codebook codes every chooser of a code
 * uses. */
#ifndef GLOSS_VIEW_PICKER_H
#define GLOSS_VIEW_PICKER_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

struct codebook;

/* picker_run: choose one of labels[0..n) (filter on match[i], or labels when NULL).
 * Returns the index or -1 when cancelled. */
long picker_run(const struct view_host *h, const char *title, char *const *labels,
                char *const *match, size_t n);
/* picker_choose: the same list without a filter (choosing among a few codings): typed
 * letters are ignored, never a filter, so text typed ahead cannot land in it. */
long picker_choose(const struct view_host *h, const char *title, char *const *labels, size_t n);

/* code_pick_run: a code of cb chosen in a picker with the title. flags: */
enum code_pick_flags {
	CP_KEYS = 1,         /* "K name (id)", K the code's key; typing filters on id and name */
	CP_TOP = 2,          /* "(top level)" first (chosen: CODE_PICK_TOP) */
	CP_THEMES = 4,       /* themes (codes with children) only */
	CP_ID_FIRST = 8,     /* "id  name" (the codebook's changes) rather than "name (id)" */
	CP_SKIP_SUBTREE = 16 /* skip's subtree is left out, not skip alone */
};
#define CODE_PICK_TOP (-1)
#define CODE_PICK_NONE (-2)
/* Codes are indented by depth; skip (>= 0) is left out. Returns the code's index,
 * CODE_PICK_TOP, or CODE_PICK_NONE when the coder cancels. */
long code_pick_run(const struct view_host *h, const struct codebook *cb, const char *title,
                   int flags, int skip);
/* code_pick_run_from: the same with code start (when offered) highlighted first. */
long code_pick_run_from(const struct view_host *h, const struct codebook *cb, const char *title,
                        int flags, int skip, int start);

#endif
