/* view_help.h — the help overlay (view_help.c): every key of the key table. */
#ifndef GLOSS_VIEW_HELP_H
#define GLOSS_VIEW_HELP_H

#include "view.h"

void help_run(const struct view_host *h);

#endif
