/* repair.h — the codings that could not be placed (drifted, ambiguous: codings.h), and
 * putting them back: what the coder's repair view lists and does, without a screen.
 *
 * Such a coding is kept where it was, written back unchanged and not counted. The
 * researcher may place it on a passage (a candidate anchor_candidates lists, or any
 * passage): it keeps its code, memo, created time and unknown fields, takes its offsets,
 * quote and context from the text there, and counts again (CODING_OK). Or remove it
 * (codings_remove). Nothing here saves: the caller saves the set like any other change. */
#ifndef GLOSS_REPAIR_H
#define GLOSS_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/anchor.h"
#include "gloss/codings.h"

/* repair_needed: is cd one that could not be placed (CODING_DRIFTED or CODING_AMBIGUOUS)? */
bool repair_needed(const struct coding *cd);
/* repair_count: how many codings of sets[0..n) could not be placed (NULL sets skipped). */
size_t repair_count(struct codings *const *sets, size_t n);

/* repair_why: why cd, a coding of c, could not be placed, in words for the researcher:
 * "drifted: its quote is not found", "drifted: it lies past the end of the text",
 * "ambiguous: its quote fits 3 places equally well", "ambiguous: its place would change
 * the order of the codings", "ambiguous: its place is another coding's" ("" for a coding
 * that is placed). Written into buf (size >= 64 is enough); returns buf. */
const char *repair_why(const struct codings *c, const struct coding *cd, char *buf, size_t size);

/* repair_candidates: the places where coding i of c could stand now, best first
 * (anchor_candidates on its stored quote and context), at most max; returns how many. */
size_t repair_candidates(const struct codings *c, size_t i, struct anchor_place *out, size_t max);

enum repair_result {
	REPAIR_PLACED,    /* done */
	REPAIR_EMPTY,     /* [start, end) holds nothing but white space: nothing changed */
	REPAIR_DUPLICATE, /* a placed coding of the same code in the set overlaps the passage
	                     (one passage, one coding): nothing changed (remove this one) */
};

/* repair_place: place coding i of c on bytes [start, end) of c's transcript (clamped to
 * the text, widened to whole characters). On REPAIR_PLACED the coding as it was is moved
 * into *before (the caller frees it with coding_done; undo puts it back with
 * codings_insert) and *index is the placed coding's index in c (after sorting). */
enum repair_result repair_place(struct codings *c, size_t i, size_t start, size_t end,
                                struct coding *before, size_t *index);

#endif
