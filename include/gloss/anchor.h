/* anchor.h — find a coded passage again when the transcript has changed.
 *
 * A coding remembers its offsets and its quote (the whole passage when it is at most
 * ANCHOR_FULL_QUOTE code points, else its first and last ANCHOR_HALF_QUOTE code points).
 * When the offsets no longer hold the quote, anchor_find looks for it:
 *  1. the exact quote, taking the occurrence nearest the old position;
 *  2. a loose match that ignores differences in white space (runs, CRLF, NBSP), typographic
 *     quotes and apostrophes (“ ” ‘ ’ vs " '), dashes (– — vs -) and ellipses (… vs ...);
 *  3. for long passages, head and tail matched separately, the tail after the head and
 *     within twice the old length.
 * Only when all fail is the coding drifted. Everything works in byte offsets into the
 * transcript text. */
#ifndef GLOSS_ANCHOR_H
#define GLOSS_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>

#define ANCHOR_FULL_QUOTE 200
#define ANCHOR_HALF_QUOTE 100

struct transcript;

enum anchor_result {
	ANCHOR_EXACT,   /* offsets already hold the quote */
	ANCHOR_MOVED,   /* found elsewhere; *start and *end updated */
	ANCHOR_DRIFTED, /* not found; offsets left as they were (clamped to the text) */
};

/* anchor_check: do bytes [start, end) of t hold the quote (head/tail for long quotes)? */
bool anchor_check(const struct transcript *t, size_t start, size_t end, const char *quote,
                  const char *quote_end);
/* anchor_find: re-anchor; *start and *end are byte offsets in and out. quote_end is NULL for
 * a full quote. */
enum anchor_result anchor_find(const struct transcript *t, size_t *start, size_t *end,
                               const char *quote, const char *quote_end);
/* anchor_make_quote: the quote (and quote_end, or NULL) to store for bytes [start, end)
 * of t. Caller frees both. */
void anchor_make_quote(const struct transcript *t, size_t start, size_t end, char **quote,
                       char **quote_end);

#endif
