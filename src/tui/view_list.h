/* view_list.h — the transcript list (view_list.c). */
#ifndef GLOSS_VIEW_LIST_H
#define GLOSS_VIEW_LIST_H

#include <stdbool.h>

#include "view.h"

struct project;
struct session_doc;
struct transcript;
struct codings;

/* the transcript list's inputs */
struct list_input {
	const struct project *p;
	const struct session_doc *ds;
	const char *coder;
	long cur;   /* the open document or -1 */
	bool blind; /* the coder works blind (--blind): said in the title */
};
/* list_run: the transcript list; returns the chosen document or -1. */
long list_run(const struct view_host *h, const struct list_input *in);
/* list_coded_percent: the share of t's words inside the counted codings of c. */
int list_coded_percent(const struct transcript *t, struct codings *c);

#endif
