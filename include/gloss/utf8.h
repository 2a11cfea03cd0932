/* utf8.h — UTF-8 decoding, validation and terminal-safe rendering of text from files.
 *
 * Text in gloss is UTF-8 bytes in memory. Offsets stored in files are code points; the
 * helpers here convert. Invalid input never crashes: each invalid byte decodes as U+FFFD
 * and counts as one code point. */
#ifndef GLOSS_UTF8_H
#define GLOSS_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gloss/util.h"

#define UTF8_REPLACEMENT 0xFFFDu

/* utf8_decode: decode one code point at s[0..n). Sets *cp and returns the number of bytes
 * used (1..4). An invalid, overlong, surrogate or truncated sequence yields *cp = U+FFFD
 * and returns 1 (so each bad byte is one replacement character). n must be > 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);
/* utf8_encode: write cp as UTF-8 into out (>= 4 bytes); returns the length (1..4). */
size_t utf8_encode(uint32_t cp, char *out);
/* utf8_valid: true when s[0..n) is valid UTF-8 with no NUL byte; else *bad_off (if not
 * NULL) gets the byte offset of the first problem. */
bool utf8_valid(const char *s, size_t n, size_t *bad_off);
/* utf8_clean_len: the length of the longest prefix of s[0..n) that is valid UTF-8 holding
 * no NUL byte and, when stop_cr, no CR: the offset where a scan for problems stops (a
 * sequence cut short by the end stops it too). With SSSE3 where the processor has it;
 * utf8_clean_len_scalar is the plain loop, the reference the vector version is tested
 * against. */
size_t utf8_clean_len(const char *s, size_t n, bool stop_cr);
size_t utf8_clean_len_scalar(const char *s, size_t n, bool stop_cr);
/* utf8_count: number of code points in s[0..n) (invalid bytes count one each). */
size_t utf8_count(const char *s, size_t n);
/* utf8_advance: byte offset reached after skipping ncp code points from s[0..n). */
size_t utf8_advance(const char *s, size_t n, size_t ncp);
/* utf8_prev: byte offset of the code point that ends at off (off > 0). */
size_t utf8_prev(const char *s, size_t off);

/* utf8_width: terminal columns of one code point: 0 for combining marks and zero-width
 * characters, 2 for East Asian wide/fullwidth and most emoji, 1 otherwise. Control
 * characters are reported as -1 (they must be shown as placeholders, see below). */
int utf8_width(uint32_t cp);

/* Display safety. A code point is "unsafe" when writing it raw to a terminal could do more
 * than print a glyph: C0 controls (except TAB/LF where the caller handles them), DEL, C1
 * controls U+0080..U+009F, and U+FFFD stays as is. utf8_placeholder returns the visible
 * stand-in for an unsafe code point: the Unicode Control Pictures (U+2400 + cp for C0,
 * U+2421 for DEL); C1 controls and bidirectional overrides are shown as U+FFFD. */
bool utf8_unsafe(uint32_t cp);
uint32_t utf8_placeholder(uint32_t cp);
/* utf8_sanitize_display: append s[0..n) to out with invalid bytes replaced by U+FFFD and
 * unsafe code points (including ESC, so escape sequences) replaced by placeholders. When
 * keep_newlines is false, LF and TAB become placeholders too. */
void utf8_sanitize_display(struct strbuf *out, const char *s, size_t n, bool keep_newlines);

/* utf8_is_word: true when cp is part of a word for word counts (letters, digits, marks;
 * ASCII alnum, or any non-ASCII code point that is not punctuation, a symbol or a space). */
bool utf8_is_word(uint32_t cp);
/* utf8_is_space: Unicode white space (ASCII space/tab/newline/CR, NBSP, U+2000..U+200A,
 * U+2028/9, U+202F, U+205F, U+3000). */
bool utf8_is_space(uint32_t cp);

/* utf8_fold_punct: typographic quotes, primes, dashes and the minus sign as their ASCII
 * counterparts (" ' -); any other code point as it is. What re-anchoring and approximate
 * matching read as the same character. */
uint32_t utf8_fold_punct(uint32_t cp);

#endif
