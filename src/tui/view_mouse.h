/* view_mouse.h — the mouse in the transcript view (view_mouse.c). */
#ifndef GLOSS_VIEW_MOUSE_H
#define GLOSS_VIEW_MOUSE_H

#include "app.h"

/* vm_event: act on the mouse event behind an SK_MOUSE key: in the text a click places the
 * cursor, a drag selects (snapped to word edges), a double click selects a word, the wheel
 * scrolls. Returns the code clicked in the codebook pane (the caller applies it), or -1. */
int vm_event(struct app *a);

#endif
