/* overlap.h — which codings overlap a range of one transcript: the one index that the
 * coder's views, grep, quotes and tally ask.
 *
 * An index is built over one document's codings sets (one per coder, or just the coder's
 * own) and holds every coding that counts (coding_counted: drifted and otherwise unplaced
 * codings are left out, as tally leaves them out). It sorts references by start and keeps
 * the running maximum of their ends: a query is two binary searches and a scan of the
 * codings between the first that could reach the range and the last that starts in it.
 * The index borrows the sets: a change to any of them (add, remove, sort, status) needs
 * overlap_build again. */
#ifndef GLOSS_OVERLAP_H
#define GLOSS_OVERLAP_H

#include <stdbool.h>
#include <stddef.h>

struct codings;
struct coding;

/* overlap_ref: one coding, sets[set]->items[item]. */
struct overlap_ref {
	unsigned set;
	size_t item;
	size_t start, end; /* its byte range, copied for the search */
};

struct overlap {
	struct codings *const *sets; /* borrowed */
	size_t nsets;
	struct overlap_ref *refs; /* sorted by (start, end, set, item) */
	size_t *pmax;             /* pmax[i]: the largest end among refs[0..i] */
	size_t n;
};

#define OVERLAP_INIT                                                                               \
	{                                                                                          \
		NULL, 0, NULL, NULL, 0                                                             \
	}

/* overlap_build: (re)build ix over sets[0..nsets) (NULL sets are skipped). Sorts nothing in
 * the sets themselves. */
void overlap_build(struct overlap *ix, struct codings *const *sets, size_t nsets);
void overlap_done(struct overlap *ix);
/* overlap_find: the counted codings overlapping bytes [s, e) (sharing at least one byte;
 * an empty range [s, s) asks for the codings covering byte s), into out[0..max) in order of
 * start (then end); returns how many overlap in all, which may exceed max. */
size_t overlap_find(const struct overlap *ix, size_t s, size_t e, struct overlap_ref *out,
                    size_t max);
/* overlap_each: call fn for every counted coding overlapping [s, e), in order of start;
 * stops early when fn returns false. */
void overlap_each(const struct overlap *ix, size_t s, size_t e,
                  bool (*fn)(void *ctx, const struct overlap_ref *r), void *ctx);
/* overlap_coding: the coding a reference names. */
const struct coding *overlap_coding(const struct overlap *ix, const struct overlap_ref *r);

#endif
