/* passages.h — the coded passages and memos of a project, collected for the coder's
 * retrieval and memo views.
 *
 * A passage is tally.h's: a distinct coded segment (document, start, end), whichever coder
 * made it; codings that do not count (coding_counted: drifted) are left out. A code's
 * passages are those coded with it or, for a theme, with any code of its subtree.
 * (`gloss quotes` answers the same question for the command line with more detail per
 * passage; this is the small part the coder needs on every open of its view.) */
#ifndef GLOSS_PASSAGES_H
#define GLOSS_PASSAGES_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct coding;

struct passage {
	size_t doc;
	size_t start, end; /* bytes into the document's text */
	const char *coder; /* the first coder (in the document's order of sets) */
	unsigned ncoders;  /* how many coders coded it */
	const char *code;  /* the first code id found on it (of the asked subtree) */
};

struct memo_ref {
	size_t doc;
	size_t set, item; /* p->docs[doc].sets[set]->items[item] */
	size_t start, end;
};

/* passages_of_code: every passage of code (a codebook index; a theme means its subtree)
 * across p, sorted by document and then position. Caller frees *out. Returns the count. */
size_t passages_of_code(const struct project *p, int code, struct passage **out);
/* passages_memos: every counted coding with a non-empty memo, of document doc (>= 0) or of
 * every document (-1), sorted by document, position and coder. Caller frees *out. */
size_t passages_memos(const struct project *p, long doc, struct memo_ref **out);
/* passages_memo_coding: the coding a memo reference names. */
const struct coding *passages_memo_coding(const struct project *p, const struct memo_ref *m);

#endif
