/* suggest.h — codings the codebook's patterns suggest (the codes' patterns: field).
 *
 * A code's patterns (gloss(5)) describe wording typical of it. Where one matches in a
 * transcript's text (the body, outside speaker labels, one line at a time) and no coding
 * of that code overlaps the match yet, the sentence around the match is a suggestion:
 * gloss suggest lists them, and the coder marks them and steps through them. The core
 * only: nothing here prints. */
#ifndef GLOSS_SUGGEST_H
#define GLOSS_SUGGEST_H

#include <stdbool.h>
#include <stddef.h>

struct codebook;
struct transcript;
struct codings;

struct suggestion {
	int code;          /* index into the codebook's codes */
	size_t start, end; /* bytes: the sentence around the match (what accepting codes) */
	size_t ms, me;     /* bytes: the first match of the code's patterns in it */
	size_t line;       /* the line of the match */
};

/* suggest_is_model: is coder a model's (suggest-NAME, suggester.h)? Its codings are
 * suggestions themselves, never a reason to leave a suggestion out. */
bool suggest_is_model(const char *coder);
/* suggest_find: the suggestions for transcript t, whose codings are sets[0..nsets) (any
 * coder's coding of the code overlapping the match makes it applied, but a model's;
 * drifted codings do not count). wanted: a flag per code of cb (NULL: every code). One suggestion
 * per code and sentence, sorted by start, then by code. A pattern that hits the match limit on a
 * line is skipped for that line and counted in *limited (may be NULL). Returns the count;
 * *out is malloc'd (NULL when none), the caller frees it. */
size_t suggest_find(const struct codebook *cb, const struct transcript *t,
                    struct codings *const *sets, size_t nsets, const bool *wanted,
                    struct suggestion **out, size_t *limited);
/* suggest_find_lines: the same for the matches in lines [first, last) only (the coder
 * asks for the rows on screen). */
size_t suggest_find_lines(const struct codebook *cb, const struct transcript *t,
                          struct codings *const *sets, size_t nsets, const bool *wanted,
                          size_t first, size_t last, struct suggestion **out, size_t *limited);

#endif
