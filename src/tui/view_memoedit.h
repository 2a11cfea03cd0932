/* view_memoedit.h — the memo editor (view_memoedit.c): a memo of several lines in a box
 * over the coder's screen, wrapped at word boundaries. */
#ifndef GLOSS_VIEW_MEMOEDIT_H
#define GLOSS_VIEW_MEMOEDIT_H

#include "view.h"

/* memoedit_run: edit initial (NULL: empty) under title; returns the text (caller frees)
 * on Ctrl-G, NULL when cancelled (Esc; when the text changed, a y/N question, one key,
 * asks first: anything but y goes back to the text). */
char *memoedit_run(const struct view_host *h, const char *title, const char *initial);

#endif
