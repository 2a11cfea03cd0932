/* import.h — transcripts from other tools: WebVTT and SRT captions (Zoom, Teams, YouTube),
 * Otter/Rev text exports, Word documents (.docx) and plain text, converted to gloss's
 * transcript format (gloss(5)): front matter naming the source and the import date, then
 * one "[hh:mm:ss] SPEAKER: text" line a speaker turn.
 *
 * Conversion is all or nothing: a file that cannot be read as its format gives errors
 * naming file:line:col (what was expected) and no text. Doubts that do not stop the
 * conversion (a speaker name that had to be changed, a line of text that gloss will read
 * as a speaker label) are warnings. */
#ifndef GLOSS_IMPORT_H
#define GLOSS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

enum import_format { IMPORT_AUTO, IMPORT_TXT, IMPORT_VTT, IMPORT_SRT, IMPORT_OTTER, IMPORT_DOCX };

/* Files larger than this are refused (a transcript of a long day is a few MiB). */
#define IMPORT_MAX_SIZE ((size_t)256 << 20)

/* import_format_parse: "auto", "txt", "vtt", "srt", "otter", "docx"; false if unknown. */
bool import_format_parse(const char *s, enum import_format *out);
const char *import_format_name(enum import_format f);
/* import_detect: the format of a file: by content first (WEBVTT header, a zip's "PK"
 * signature, an SRT cue number followed by a timing line, an Otter/Rev speaker heading),
 * then by extension (.vtt, .srt, .docx); anything else is plain text. */
enum import_format import_detect(const char *path, const char *buf, size_t len);

/* import_convert: the gloss transcript for buf[0..len) read as format f (not
 * IMPORT_AUTO). file names the input in messages; its base name is the front matter's
 * "source"; date ("YYYY-MM-DD") its "imported". Returns the text (caller frees, *outlen
 * set) or NULL with errors in d. */
char *import_convert(enum import_format f, const char *buf, size_t len, const char *file,
                     const char *date, size_t *outlen, struct diags *d);

/* import_file_stem: a transcript's file name without ".txt" from s[0..n) (a source's name,
 * an input file's stem): valid UTF-8 (invalid bytes become U+FFFD), no control characters,
 * slashes or backslashes, no leading dots, blanks or dashes (a hidden file, an option), no
 * trailing blanks or dots, cut at a character boundary to at most IMPORT_STEM_MAX bytes so
 * that NAME-NNNNNN.yaml stays within the 255 bytes of a file name. NULL when nothing is
 * left. Caller frees. */
#define IMPORT_STEM_MAX 200
char *import_file_stem(const char *s, size_t n);

/* import_convert_budget: the same, what it reads, parses and makes charged to b
 * (ibudget.h): one budget for all the files of one import. */
struct ibudget;
char *import_convert_budget(enum import_format f, const char *buf, size_t len, const char *file,
                            const char *date, struct ibudget *b, size_t *outlen, struct diags *d);

/* import_has_front: does s[0..len) start with front matter as gloss reads it (a "---" line,
 * blanks after the dashes allowed, closed by a "---" or "..." line)? */
bool import_has_front(const char *s, size_t len);

/* import_speaker_clean: a speaker name as gloss can read it after a timestamp: white
 * space, controls and ':' become single spaces, ends trimmed, at most 40 characters.
 * Returns NULL for a name with nothing left. Caller frees. */
char *import_speaker_clean(const char *s, size_t n);

#endif
