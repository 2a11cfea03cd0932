/* anchor.h — find coded passages again when the transcript has changed.
 *
 * Modelled on the W3C Web Annotation TextQuoteSelector (exact text, a prefix and a suffix
 * of context, the position only a hint) and on the Hypothesis client's anchoring. A coding
 * remembers its offsets, its quote (the whole passage when it is at most ANCHOR_FULL_QUOTE
 * code points, else its first and last ANCHOR_HALF_QUOTE code points) and up to
 * ANCHOR_CONTEXT code points of text before (prefix) and after (suffix) the passage.
 *
 * anchor_run re-anchors all codings of one file at once:
 *  1. a coding whose quote and context still stand at its offsets is in place;
 *  2. else every place the quote occurs is a candidate: exactly, and loosely (white space
 *     runs, CRLF, NBSP, typographic quotes, dashes and ellipses folded); long passages
 *     pair each place of the head with the first place of the tail after it, within about
 *     twice the old length. Each candidate is scored by how much of the prefix (read
 *     backwards) and the suffix match around it, loosely, then by an exact quote, then by
 *     the exact context. The one best candidate wins. When several are best, the coding
 *     stays in place if its old offsets are one of them, else it is AMBIGUOUS; with no
 *     candidate it is DRIFTED;
 *  2a. a DRIFTED coding with a quote and a stored context may have been edited inside
 *     (issue 16): the places of its prefix and suffix (searched once for all such
 *     codings; a context found more than 64 times fixes no end) fix one end of the
 *     passage, and fuzzy.h's matcher the other end and the edit distance. A place counts
 *     when at most a quarter of the quote's code points (of head and of tail, for long
 *     passages) are edited and the context agrees (one side whole — a side shorter than
 *     ANCHOR_CONTEXT only exactly or at its end of the text again — and half of all of it
 *     matching). Best: the most sides whole, then the most of them whole exactly (a
 *     context that stands as stored outweighs fewer edits: in repeated text a loose match
 *     of it may stand one turn away), then the fewest edits, then the most context
 *     loosely, then exactly (then, long passages, the nearest old length); between places
 *     only white space apart, the fewest edits first. The one best is ANCHOR_EDITED;
 *     several: AMBIGUOUS (a tie). Also AMBIGUOUS (a tie of two): a side of the context
 *     stands as well (whole, as exactly, reaching the end of the text if it does there)
 *     at another point, not only white space away, from which the passage would have a
 *     length within the edits allowed of the old one: the text repeats around it, so the
 *     context does not fix that end and fewer edits are no proof;
 *  3. the codings placed keep their relative order (a weighted longest non-decreasing
 *     run by old position; codings that would break it are AMBIGUOUS);
 *  4. no two codings from distinct old segments end on one segment: a moved coding that
 *     lands where another coding is (or lands too) is AMBIGUOUS, repeatedly, until none;
 *  5. a coding with neither prefix nor suffix left AMBIGUOUS by a tie is placed at its
 *     old offset + d when the placed codings just before and just after it (old order,
 *     other old segments) both moved by d code points and the quote stands there; then
 *     3 and 4 run again.
 * AMBIGUOUS and DRIFTED codings keep their old offsets; EDITED ones are placed like MOVED.
 * The text is searched once for all quotes (a multi-pattern Rabin-Karp pass per pattern
 * length class, over the text and over its normalized copy), each distinct quote once; a short
 * quote found at many places is first looked for with its whole context around it, and found once
 * is placed without scoring its places. So the cost is near-linear in the text and the codings.
 * Everything works in byte offsets into the transcript text. */
#ifndef GLOSS_ANCHOR_H
#define GLOSS_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>

#define ANCHOR_FULL_QUOTE 200
#define ANCHOR_HALF_QUOTE 100
#define ANCHOR_CONTEXT 32

struct transcript;

enum anchor_result {
	ANCHOR_EXACT,     /* offsets already hold the quote (and it is best there) */
	ANCHOR_MOVED,     /* found elsewhere; new_start and new_end give the place */
	ANCHOR_AMBIGUOUS, /* found, but not without doubt: left where it was */
	ANCHOR_DRIFTED,   /* not found, or its offsets lie past the text: left where it was */
	ANCHOR_EDITED,    /* found with its text edited inside (see above): new_start and
	                     new_end give the edited place */
};

/* Why a coding is ambiguous. */
enum anchor_doubt {
	ANCHOR_DOUBT_NONE,
	ANCHOR_DOUBT_TIE,   /* several places fit equally well (places says how many) */
	ANCHOR_DOUBT_ORDER, /* its best place would change the order of the file's codings */
	ANCHOR_DOUBT_TAKEN, /* its best place is another coding's segment */
};

struct anchor_item {
	/* in */
	const char *quote;     /* NULL: no quote stored; the offsets are trusted */
	const char *quote_end; /* NULL for short passages */
	const char *prefix;    /* the stored context; NULL when none is stored */
	const char *suffix;
	size_t start, end;         /* old byte offsets, clamped to the text */
	size_t key_start, key_end; /* the old offsets as stored (code points): a coding's
	                              identity and its place in the file's order */
	bool past_end;             /* the stored end lies beyond the text */
	/* out */
	enum anchor_result result;
	enum anchor_doubt doubt;
	size_t places; /* ANCHOR_DOUBT_TIE: how many places fit equally well */
	size_t new_start, new_end;
};

/* anchor_run: re-anchor items[0..n) against t (see above). Sets every item's out fields;
 * new_start/new_end equal start/end unless the result is ANCHOR_MOVED or ANCHOR_EDITED. */
void anchor_run(const struct transcript *t, struct anchor_item *items, size_t n);

/* anchor_place: a place where an item's quote could stand now (anchor_candidates). */
struct anchor_place {
	size_t start, end; /* byte offsets into the text */
	int score;         /* higher is better: context that agrees, less edited text */
	bool exact;        /* the quote stands there exactly (else loosely, or edited) */
};

/* anchor_candidates: the places where item's quote could stand in t now — exactly,
 * loosely, and edited (as anchor_run's edit-tolerant step finds them) — best first (by
 * score, then nearest the old offsets), at most max of them in out; returns how many
 * were written. Only the item's in fields are read. For a repair view: anchor_run decides,
 * this only lists. */
size_t anchor_candidates(const struct transcript *t, const struct anchor_item *item,
                         struct anchor_place *out, size_t max);

/* anchor_check: do bytes [start, end) of t hold the quote (head/tail for long quotes)? */
bool anchor_check(const struct transcript *t, size_t start, size_t end, const char *quote,
                  const char *quote_end);
/* anchor_make_quote: the quote (and quote_end, or NULL) to store for bytes [start, end)
 * of t. Caller frees both. */
void anchor_make_quote(const struct transcript *t, size_t start, size_t end, char **quote,
                       char **quote_end);
/* anchor_make_context: the prefix and suffix to store for bytes [start, end) of t: up to
 * ANCHOR_CONTEXT code points before and after (shorter at the ends of the text). Caller
 * frees both. */
void anchor_make_context(const struct transcript *t, size_t start, size_t end, char **prefix,
                         char **suffix);

#endif
