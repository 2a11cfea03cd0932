/* grep.h — the search behind `gloss grep`: every match of a pattern in the text of the
 * transcripts' lines, in the threads that load them.
 *
 * A transcript is searched as gloss reads it for coding: one line at a time, the front
 * matter and the "[time] SPEAKER:" labels left out, so ^ and $ match at the start and end
 * of the text on a line. Empty matches are skipped. With a pattern whose matches cannot
 * depend on the text around a line (search_line_local), one search over the rest of the
 * text finds the next line that may match and only that line is searched on its own.
 *
 * Use: grep_init, then project_opts.each = grep_each with each_ctx = the struct grep (each
 * loading thread compiles the pattern for itself); after project_open every document's
 * result is grep_result(doc) (doc->user); grep_result_free and grep_done free them. The
 * core prints nothing: the command formats the matches. */
#ifndef GLOSS_GREP_H
#define GLOSS_GREP_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/project.h"
#include "gloss/search.h"

struct grep {
	const char *pattern;
	int flags;  /* search_flags (SEARCH_THREAD is added) */
	bool count; /* count the lines with a match instead of listing the matches */
	struct search *re[PROJECT_MAX_THREADS]; /* one per loading thread, made on first use */
};

struct grep_match {
	size_t line;       /* index into t->lines */
	size_t start, end; /* bytes into t->text, end > start */
};

/* One document's result. */
struct grep_result {
	char *path; /* the transcript's (its doc may be dropped with count) */
	struct grep_match *m;
	size_t n, cap;
	size_t lines;             /* count: lines with a match */
	enum search_result error; /* SEARCH_LIMIT or SEARCH_ERROR: the search stopped at line
	                             error_line (0-based); SEARCH_FOUND otherwise */
	size_t error_line;
	char *compile_error; /* the pattern could not be compiled in this thread (NULL: it was) */
};

void grep_init(struct grep *g, const char *pattern, int flags, bool count);
void grep_done(struct grep *g);
/* grep_each: search doc (project_opts.each; ctx is a struct grep); the result goes to
 * doc->user. */
void grep_each(void *ctx, unsigned worker, struct doc *doc);
static inline struct grep_result *grep_result(const struct doc *doc)
{
	return doc->user;
}
void grep_result_free(struct grep_result *r);

#endif
