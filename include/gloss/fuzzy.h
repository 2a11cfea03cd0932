/* fuzzy.h — approximate matching: how few edits (code points inserted, deleted or
 * replaced) turn a pattern into a piece of text, with one end of that piece fixed.
 *
 * Myers' bit-parallel edit distance (G. Myers, "A fast bit-vector algorithm for
 * approximate string matching based on dynamic programming", 1999), in the blocks of 64
 * rows of H. Hyyrö's formulation, so a pattern may be of any length: each code point of
 * text costs one step per 64 code points of pattern. The text is read in code points
 * (valid UTF-8, as transcript.text is), white space folded to a space and typographic
 * quotes and dashes to their ASCII forms (as anchor.c's loose matching does).
 *
 * Used by anchor.c to find a passage edited inside: its stored context fixes one end (the
 * passage starts where the prefix ends, or ends where the suffix starts) and the matcher
 * finds the other end and how much was edited. */
#ifndef GLOSS_FUZZY_H
#define GLOSS_FUZZY_H

#include <stdbool.h>
#include <stddef.h>

#define FUZZY_NONE ((unsigned)-1)

struct fuzzy;

/* fuzzy_new: a matcher for the pattern pat[0..len) (UTF-8). backward: the piece of text
 * is read from its end towards its start (its end is the fixed one). */
struct fuzzy *fuzzy_new(const char *pat, size_t len, bool backward);
void fuzzy_free(struct fuzzy *f);
/* fuzzy_length: the pattern's length in code points */
size_t fuzzy_length(const struct fuzzy *f);

/* fuzzy_match: the least edit distance between the pattern and a piece of text[0..len)
 * that starts at byte at (forward) or ends at byte at (backward), over pieces of up to
 * length + k code points; FUZZY_NONE when it is more than k. *other receives the other
 * end of the best piece: of the pieces at that distance, the one whose other end is
 * nearest the byte target (SIZE_MAX: the longest). */
unsigned fuzzy_match(const struct fuzzy *f, const char *text, size_t len, size_t at, unsigned k,
                     size_t target, size_t *other);

/* fuzzy_distance: the edit distance between the pattern and text[s..e) (whole). */
unsigned fuzzy_distance(const struct fuzzy *f, const char *text, size_t s, size_t e);

#endif
