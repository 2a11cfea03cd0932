/* search.h — PCRE2 regular expressions (UTF + UCP mode, JIT when available).
 *
 * Every pattern from a user (command line, TUI prompt, codebook) goes through here, so
 * invalid patterns give one kind of message and runaway backtracking is bounded by the
 * match and depth limits below: such a match fails with SEARCH_LIMIT instead of hanging. */
#ifndef GLOSS_SEARCH_H
#define GLOSS_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#define SEARCH_MATCH_LIMIT 10000000u
#define SEARCH_DEPTH_LIMIT 100000u

/* SEARCH_THREAD: the pattern gets a match context and JIT stack of its own, so that it can
 * be used in one thread while other patterns are used in others (each thread needs its own
 * struct search; without this flag patterns share one context, for the main thread). */
/* SEARCH_EXACT_QUOTES: match quotes, dashes and ellipses only as written. Without it (the
 * default) a pattern is widened by search_loosen first, so what was typed or pasted with
 * straight quotes finds the typographic ones and the other way round. */
enum search_flags { SEARCH_CASELESS = 1, SEARCH_THREAD = 2, SEARCH_EXACT_QUOTES = 4 };

struct search; /* opaque: a compiled pattern plus match data */

/* search_new: compile pattern (NUL-terminated). On error returns NULL and writes a message
 * such as "missing closing parenthesis" to err (size errsize) and the code-point offset of
 * the error in the pattern to *erroff. */
struct search *search_new(const char *pattern, int flags, char *err, size_t errsize,
                          size_t *erroff);
void search_free(struct search *s);
/* search_loosen: append to out the pattern that matches what pattern matches with the
 * equivalences re-anchoring uses (anchor.c): a literal ' (or any of ‘ ’ ‚ ‛ ′) matches any
 * of them, likewise " “ ” „ ‟ ″, and - ‒ – — ― − (also inside a character class where the
 * character is not a range's end), and … matches itself or three full stops (\.\.\. the
 * other way round). Escapes, \Q...\E, group names, comments, callouts, option settings
 * and verbs are respected. When the result does not compile, search_new falls back to the
 * pattern as written. */
struct strbuf;
void search_loosen(struct strbuf *out, const char *pattern);

enum search_result {
	SEARCH_NOMATCH = 0,
	SEARCH_FOUND = 1,
	SEARCH_LIMIT = -1,
	SEARCH_ERROR = -2,
	SEARCH_STOPPED = -3, /* the budget's stop callback asked to stop (search_exec_budget) */
};

/* search_exec: find the first match in subject[0..len) starting at byte offset start.
 * On SEARCH_FOUND sets *mstart and *mend (byte offsets, end exclusive). Subjects should be
 * valid UTF-8 (transcripts are sanitized on load); invalid bytes never crash a match
 * (patterns are compiled with PCRE2_MATCH_INVALID_UTF), they just never match. An empty
 * match is reported as found; callers that iterate must step past it. SEARCH_LIMIT means
 * the match/depth limit was hit. */
enum search_result search_exec(struct search *s, const char *subject, size_t len, size_t start,
                               size_t *mstart, size_t *mend);
/* A search that an interactive user can stop, with one budget for all its matching.
 *
 * search_exec_budget finds what search_exec finds (the same per-start-position limit,
 * SEARCH_MATCH_LIMIT), but tries start positions a window of SEARCH_WINDOW bytes at a time
 * (pcre2_set_offset_limit), and asks stop() between windows: the work between two calls
 * is at most SEARCH_WINDOW positions of SEARCH_STEP_LIMIT steps each. A position that needs
 * more is retried alone with a doubled limit (asking stop() between tries) up to
 * SEARCH_MATCH_LIMIT. Every window and every try is charged to left: a window the
 * positions it covered, a try the limit it was given. SEARCH_LIMIT when a position needs
 * more than SEARCH_MATCH_LIMIT or left runs out (one budget for a whole search, however
 * many calls it makes: start left at SEARCH_BUDGET and pass the same budget to every
 * call); SEARCH_STOPPED when stop() returned true. */
#define SEARCH_WINDOW 64
#define SEARCH_STEP_LIMIT 100000u
#define SEARCH_BUDGET (200ull * SEARCH_MATCH_LIMIT)

struct search_budget {
	unsigned long long left; /* steps the search may still be charged */
	bool (*stop)(void *arg); /* NULL: never stop early */
	void *arg;
	unsigned long polls; /* how often stop() was asked (callers show progress from it) */
	unsigned long slow;  /* start positions that needed more than SEARCH_STEP_LIMIT */
	size_t start_limit;  /* when not 0: only matches starting before it are looked for */
};

enum search_result search_exec_budget(struct search *s, const char *subject, size_t len,
                                      size_t start, size_t *mstart, size_t *mend,
                                      struct search_budget *b);
/* One budget for all the matching search_exec does in a command: the limits above bound
 * one call; the guard bounds them all, so that a pattern from a codebook, a .qdc or
 * gloss.yaml that backtracks catastrophically on every line (a speaker_pattern such as
 * '(a|aa)*\d' over thousands of lines of "aaa...b") costs a second, not minutes. Every
 * call that hits its limit is charged that limit; once SEARCH_GUARD_STEPS are charged, or
 * stop() has said so, every later search_exec returns SEARCH_LIMIT (SEARCH_STOPPED after
 * stop) at once, until search_guard_reset. A command line program starts with a fresh
 * budget; the coder resets it for each action that matches patterns (its 'f'), with a
 * stop() that reads Esc and Ctrl-C. stop is asked only from the thread that reset the
 * guard, every SEARCH_GUARD_POLL calls and after every call that hit its limit. */
#define SEARCH_GUARD_STEPS (10ull * SEARCH_MATCH_LIMIT)
#define SEARCH_GUARD_POLL 64
void search_guard_reset(bool (*stop)(void *arg), void *arg);
/* search_guard_spent: has the budget run out (or stop() said so) since the last reset? */
bool search_guard_spent(void);

/* search_group: after search_exec returned SEARCH_FOUND, the bytes [*gs, *ge) of capture
 * group n (1 the first); false when the pattern has no such group or it did not take part
 * in the match. */
bool search_group(const struct search *s, unsigned n, size_t *gs, size_t *ge);
/* search_line_local: true when what the pattern matches inside a line cannot depend on
 * the text around the line, so that one search over a whole text finds, at or before the
 * first match of any line searched on its own, a match too: the pattern cannot match the
 * empty string and has no anchors (^ $ \A \z \Z \G), no lookaround, no \K and no (*VERB).
 * \b and \B are allowed: a line (or a turn's text after its label) is bounded by
 * characters that are not word characters on both sides either way. Callers use it to find
 * candidate lines quickly and then confirm each line on its own. */
bool search_line_local(const struct search *s);
/* search_error_message: text for a SEARCH_LIMIT/SEARCH_ERROR result. */
const char *search_error_message(enum search_result r);

#endif
