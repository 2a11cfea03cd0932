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
	long show;  /* 1 + the transcript highlighted first; 0: the open one */
};
/* list_run: the transcript list; returns the chosen document, -1, or -2 - d when the
 * coder asked to write the memo on document d (KA_MEMO_HERE). */
long list_run(const struct view_host *h, const struct list_input *in);
/* list_coded_percent: the share of t's words inside the counted codings of c. */
int list_coded_percent(const struct transcript *t, struct codings *c);

#endif
