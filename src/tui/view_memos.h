/* view_memos.h — the memos (view_memos.c), a list view that jumps to a passage. It keeps
 * its place between runs (KA_BACK runs it again); run returns true with *j set when the
 * coder chose a passage. */
#ifndef GLOSS_VIEW_MEMOS_H
#define GLOSS_VIEW_MEMOS_H

#include <stdbool.h>

#include "view.h"

struct project;

struct vmemos;
/* vmemos_new: memos of every document, or of document doc (>= 0) first shown. */
struct vmemos *vmemos_new(const struct project *p, long doc);
bool vmemos_run(struct vmemos *v, const struct view_host *h, struct view_jump *j);
void vmemos_refresh(struct vmemos *v);
void vmemos_free(struct vmemos *v);

#endif
