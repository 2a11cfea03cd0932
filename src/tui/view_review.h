/* view_review.h — the review queue (view_review.c): one candidate at a time, from the
 * codebook's patterns, a model's suggestions (coder suggest-NAME) and the hits of a search
 * over every transcript, each in its context with its code, confidence and rationale;
 * one key per decision (review.h keeps the decisions).
 *
 * The view never changes a coding itself: when a candidate is accepted (or an accepted
 * one undone) vreview_run returns the change as a struct review_change, tui.c makes it
 * with the function a code key uses (or its undo) and says with vreview_changed whether
 * it could; only then is the decision written. */
#ifndef GLOSS_VIEW_REVIEW_H
#define GLOSS_VIEW_REVIEW_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct view_host;
struct vreview;

enum review_change_kind { RC_ACCEPT, RC_UNDO };

struct review_change {
	enum review_change_kind kind;
	size_t doc; /* the document */
	int code;   /* RC_ACCEPT: the code to apply to bytes [start, end) */
	size_t start, end;
	const char *by;   /* the candidate's source (for the coding's suggested_by) */
	size_t undo_mark; /* RC_UNDO: the coder's undo position right after the accept */
};

/* vreview_new: a queue over p for coder (both borrowed); vreview_refresh fills it. */
struct vreview *vreview_new(const struct project *p, const char *coder);
void vreview_free(struct vreview *v);
/* vreview_refresh: collect the candidates again (codings changed meanwhile), keeping the
 * search hits still open and the place. */
void vreview_refresh(struct vreview *v);
/* vreview_search: search every transcript for pattern (search.h flags, as gloss grep),
 * listing hits as they are found (Esc or Ctrl-C stops); false when the pattern is
 * invalid (message in err) or the coder leaves the list without opening the queue. The
 * hits join the queue as candidates without a code. */
bool vreview_search(struct vreview *v, const struct view_host *h, const char *pattern, int flags,
                    char *err, size_t errsize);
/* vreview_run: show the queue; true with *c set when a coding must change (then call
 * vreview_changed and run again), false when the coder closes it. msg: the message to
 * show when it closes ("" when none), at least 256 bytes. */
bool vreview_run(struct vreview *v, const struct view_host *h, struct review_change *c, char *msg,
                 size_t msgsize);
/* vreview_changed: the change vreview_run asked for was made (ok; the coder's undo
 * position before and after it: equal when the passage was coded already) or not (why). */
void vreview_changed(struct vreview *v, bool ok, size_t undo_before, size_t undo_after,
                     const char *why);
/* vreview_count: candidates in the queue, and how many are still open. */
size_t vreview_count(const struct vreview *v, size_t *open);

#endif
