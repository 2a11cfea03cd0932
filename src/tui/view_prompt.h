/* view_prompt.h — the one-line prompt at the bottom of the screen (view_prompt.c). */
#ifndef GLOSS_VIEW_PROMPT_H
#define GLOSS_VIEW_PROMPT_H

#include "view.h"

/* prompt_run: edit a line at the bottom of the area h's frame gives an overlay, over what
 * lies beneath; returns the text (caller frees) or NULL when cancelled. A paste is drawn
 * once, at its end. With initial NULL it is a y/N question answered by a single key:
 * "y" (caller frees) for y or Y, NULL for any other key (n, Esc, Enter). */
char *prompt_run(const struct view_host *h, const char *label, const char *initial);

#endif
