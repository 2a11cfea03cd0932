/* transcript.h — an interview transcript: text, front matter, lines, speaker turns, words.
 *
 * A transcript file is UTF-8 text (format in gloss(5)). On load:
 *  - a leading UTF-8 BOM is dropped and every CRLF is read as one LF;
 *  - each invalid byte and each NUL byte becomes U+FFFD (one code point each) and is
 *    reported as a DK_ENCODING warning with its byte offset in the file;
 *  - optional YAML front matter between a first line "---" and the next "---" line gives
 *    attributes (scalar values only; others are warned about and ignored for grouping);
 *  - lines "[hh:mm:ss] SPEAKER: text" (timestamp optional) start speaker turns; so do
 *    labels as real transcripts write them (see turn_start in transcript.c and gloss(5)):
 *    leading blanks, blanks before the colon, role words in any case ("interviewee:"),
 *    the project's speakers and speaker_pattern (struct speaker_rules), and a header line
 *    "Speaker 1  0:05" with the turn's text below.
 *
 * The resulting text (t->text) is valid UTF-8 with no NUL. Offsets in codings files are
 * code points into exactly this text ("the transcript as stored, BOM excluded, CRLF as
 * LF"). Internally gloss works in byte offsets into t->text and converts at the boundary
 * with transcript_cp_to_byte / transcript_byte_to_cp (O(log lines + line length)). */
#ifndef GLOSS_TRANSCRIPT_H
#define GLOSS_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gloss/diag.h"

struct attr {
	char *key, *value;
};

struct tline {
	size_t off;          /* byte offset of the line start in text */
	size_t len;          /* bytes, without the LF */
	size_t cp;           /* code-point offset of the line start */
	size_t content;      /* byte offset (absolute) where the turn text starts on this line:
	                        after "[ts] SPEAKER: " on a turn's first line, else == off */
	size_t words_before; /* words in content before this line (front matter excluded) */
	int turn;            /* index of the turn this line belongs to, -1 before the first turn
	                        and in the front matter */
	bool front;          /* part of the front matter (including its --- lines) */
};

struct turn {
	const char *speaker;          /* as written, e.g. "AMARA" (in turn_strs) */
	const char *timestamp;        /* "00:01:02" or NULL (in turn_strs) */
	double seconds;               /* timestamp in seconds, -1 if none */
	size_t line_first, line_last; /* inclusive line range (trailing blank lines excluded) */
	size_t label_off, label_end;  /* bytes: the "[ts] SPEAKER: " label */
	size_t start, end; /* bytes: the turn's text (after the label, to the end of its last
	                      non-blank line) */
};

/* struct speaker_rules: a project's own speaker labels (gloss.yaml, settings.h). Borrowed:
 * they must outlive every transcript loaded with them. */
struct speaker_rules {
	const char *pattern;      /* PCRE2 matched at each line's start, or NULL */
	const char *const *names; /* names that start a turn in any case */
	size_t nnames;
};

struct search;

struct transcript {
	char *path; /* as given */
	char *name; /* base name without extension: the document name in tallies */
	char *text; /* valid UTF-8, NUL-terminated */
	size_t len; /* bytes */
	size_t ncp; /* code points */
	struct attr *attrs;
	size_t nattrs;
	struct tline *lines;
	size_t nlines;
	struct turn *turns;
	size_t nturns;
	char *turn_strs; /* the turns' speakers (each distinct name once) and timestamps */
	size_t body;     /* byte offset where the body starts (after the front matter) */
	size_t words;    /* words in the body, turn labels and timestamps excluded */
	bool had_bom, had_crlf;
	size_t invalid_bytes;       /* count of bytes replaced by U+FFFD */
	struct speaker_rules rules; /* as loaded with (none: all NULL) */
	struct search *speaker_re;  /* rules.pattern, compiled; only while needed */
	size_t pattern_limited;     /* lines speaker_re could not be tried on (its match
	                               limit or the command's pattern budget, search.h) */
	size_t pattern_first;       /* the first of them (a line index) */
};

/* transcript_load: read path (must be a regular file below TRANSCRIPT_MAX_SIZE). Returns
 * NULL (with an error in d) only when the file cannot be read; encoding problems and bad
 * front matter are warnings and the transcript still loads. */
#define TRANSCRIPT_MAX_SIZE ((size_t)1 << 31)
struct transcript *transcript_load(const char *path, struct diags *d);
/* transcript_load_flags: the same, with TRANSCRIPT_NO_WORDS to skip counting words (for
 * callers that never look at words, such as grep: t->words and every words_before are
 * then 0 and transcript_words must not be used), or TRANSCRIPT_TEXT_ONLY for the text and
 * the body offset alone (grep -c: no lines, turns, words, code point offsets or
 * attributes, and the front matter is not parsed; only transcript_content_start may be
 * asked). */
#define TRANSCRIPT_NO_WORDS 1u
#define TRANSCRIPT_TEXT_ONLY 2u
struct transcript *transcript_load_flags(const char *path, unsigned flags, struct diags *d);
/* transcript_load_mem: the same for a buffer (path is used for messages and t->name). */
struct transcript *transcript_load_mem(const char *buf, size_t len, const char *path,
                                       struct diags *d);
struct transcript *transcript_load_mem_flags(const char *buf, size_t len, const char *path,
                                             unsigned flags, struct diags *d);
/* transcript_load_rules, transcript_load_mem_rules: the same, also reading the labels of
 * r (NULL: the built-in rules only). */
struct transcript *transcript_load_rules(const char *path, unsigned flags,
                                         const struct speaker_rules *r, struct diags *d);
struct transcript *transcript_load_mem_rules(const char *buf, size_t len, const char *path,
                                             unsigned flags, const struct speaker_rules *r,
                                             struct diags *d);
void transcript_free(struct transcript *t);
/* transcript_content_start: where the text of the body line text[off..end) begins: after
 * its "[ts] SPEAKER: " label when it starts a turn, else off (lines[].content, for a
 * transcript loaded with TRANSCRIPT_TEXT_ONLY). */
size_t transcript_content_start(const struct transcript *t, size_t off, size_t end);

/* transcript_label_guess: for gloss check, in a transcript with no turns: the body lines
 * that look like a speaker label no rule reads ("name:" at the line start after optional
 * blanks, with blanks before the colon allowed and the colon followed by a blank or the
 * line's end; the name 1-40 characters in 1-4 words, no URL), the first of them, and up to
 * TRANSCRIPT_GUESS_NAMES distinct names (ASCII case folded) in order of appearance
 * (more: there were others). Returns g->lines; 0 when the transcript has turns. */
#define TRANSCRIPT_GUESS_NAMES 5
struct transcript_guess {
	size_t lines, nonblank, first_line;
	char names[TRANSCRIPT_GUESS_NAMES][4 * 40 + 1];
	size_t nnames;
	bool more;
};
size_t transcript_label_guess(const struct transcript *t, struct transcript_guess *g);

/* transcript_label_unread: for gloss check, in a transcript with turns: body lines that no
 * rule reads as a turn but that start like a speaker label as meeting software and
 * transcribers write them ("Ashlee Kupor (SL): ", "ana ruiz: ", "J. Okafor: ": 1-40
 * characters in 1-6 words of letters, digits and ( ) . ' - & , _ before a colon and a
 * blank), where one name (ASCII case folded) starts two such lines or more: they are read
 * as text of the turn before. g as for transcript_label_guess (nonblank unused). Returns
 * g->lines. */
size_t transcript_label_unread(const struct transcript *t, struct transcript_guess *g);

/* Offset conversions; out-of-range input is clamped to the text's end. */
size_t transcript_cp_to_byte(const struct transcript *t, size_t cp);
size_t transcript_byte_to_cp(const struct transcript *t, size_t byte);
/* transcript_line_at: index of the line containing byte offset off. */
size_t transcript_line_at(const struct transcript *t, size_t off);
/* transcript_turn_at: index of the turn containing byte offset off, or -1. */
int transcript_turn_at(const struct transcript *t, size_t off);
/* transcript_turn_ending_after: the first turn that ends after byte x (t->nturns: none) */
size_t transcript_turn_ending_after(const struct transcript *t, size_t x);
/* transcript_turns_touching: the turns [*first, *last] that bytes [s, e) touch (a turn
 * reaches from its label to the end of its text; an empty range touches the turn holding
 * s); false when none does. The rule tally uses for a passage's speakers. */
bool transcript_turns_touching(const struct transcript *t, size_t s, size_t e, size_t *first,
                               size_t *last);
/* The word rule, one for counts and for the coder's word cursor: a word is a run of word
 * characters (letters and digits: utf8_is_word) in which a joiner between two word
 * characters does not break it ("don't", "long-term" are one word); a speaker label is
 * never part of a word.
 * transcript_words: words whose first character lies in bytes [start, end), not counting
 * turn labels, timestamps or the front matter. */
size_t transcript_words(const struct transcript *t, size_t start, size_t end);
/* transcript_is_joiner: cp joins two word characters into one word: ' U+2019 - U+2010
 * U+2011 */
bool transcript_is_joiner(uint32_t cp);
/* transcript_in_word: the character at byte p belongs to a word (never in a speaker
 * label; front matter has words for the cursor, though transcript_words skips it). */
bool transcript_in_word(const struct transcript *t, size_t p);
/* transcript_next_in_word: the first byte at or after p that is in a word, or t->len. */
size_t transcript_next_in_word(const struct transcript *t, size_t p);
/* transcript_word_bounds: the word at p, or the next one after p, as bytes [*s, *e);
 * *s == *e when there is none. */
void transcript_word_bounds(const struct transcript *t, size_t p, size_t *s, size_t *e);
/* transcript_attr: value of a front-matter attribute, or NULL. */
const char *transcript_attr(const struct transcript *t, const char *key);
/* transcript_speaker_at: speaker name of the turn containing off, or NULL. */
const char *transcript_speaker_at(const struct transcript *t, size_t off);
/* transcript_sentence_bounds: the sentence around byte offset off, as bytes [*s, *e):
 * sentences end after . ! ? … (plus closing quotes/brackets) followed by space, and at
 * turn and paragraph boundaries. */
void transcript_sentence_bounds(const struct transcript *t, size_t off, size_t *s, size_t *e);

#endif
