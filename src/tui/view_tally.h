/* view_tally.h — the tally view (view_tally.c). */
#ifndef GLOSS_VIEW_TALLY_H
#define GLOSS_VIEW_TALLY_H

#include <stdbool.h>

#include "view.h"

struct project;
struct tallycache;

struct tally_input {
	const struct project *p;
	struct tallycache *counts;
	const char *coder; /* the coder at work (whose codings count with everyone's) */
	long doc;          /* the open document or -1 */
	const char *blind; /* only the coder's codings were loaded: why ("--blind" or
	                      gloss.yaml's "blind: true"), else NULL */
};
void vtally_run(const struct view_host *h, const struct tally_input *in);

#endif
