/* view_retrieve.h — the passages of a code (view_retrieve.c), a list view that jumps to a
 * passage. It keeps its place between runs (KA_BACK runs it again); run returns true with
 * *j set when the coder chose a passage. */
#ifndef GLOSS_VIEW_RETRIEVE_H
#define GLOSS_VIEW_RETRIEVE_H

#include <stdbool.h>

#include "view.h"

struct project;

struct vretrieve;
struct vretrieve *vretrieve_new(const struct project *p, int code);
bool vretrieve_run(struct vretrieve *v, const struct view_host *h, struct view_jump *j);
/* vretrieve_refresh: collect the passages again (codings changed), keeping the place. */
void vretrieve_refresh(struct vretrieve *v);
void vretrieve_free(struct vretrieve *v);

#endif
