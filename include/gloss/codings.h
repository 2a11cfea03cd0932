/* codings.h — the codings of one coder on one transcript, stored as a YAML file.
 *
 * Path rule (gloss(5)): the codings of coder C on transcript DIR/NAME.txt live in
 * DIR/codings/C/NAME.yaml; any other file name keeps its extension (DIR/int.TXT:
 * DIR/codings/C/int.TXT.yaml), so int.txt and int.TXT never share a file. One file per
 * transcript per coder, so two coders never touch the same file and git merges are clean.
 * Two transcripts of one directory that would still share one (int and int.txt) are
 * refused by project_open.
 *
 * File format, written deterministically (sorted by start, end, code, created; every
 * string double-quoted; adding one coding adds its lines and moves nothing else):
 *
 *   # gloss codings: one transcript, one coder. See gloss(5).
 *   transcript: "01-amara-okafor.txt"
 *   coder: "ana"
 *   codings:
 *     - code: "purpose-at-work"
 *       start: 1520          # code points into the transcript text (see transcript.h)
 *       end: 1788            # exclusive
 *       quote: "the passage" # whole passage up to 200 code points, else its first 100
 *       quote_end: "..."     # only for long passages: the last 100 code points
 *       prefix: "..."        # up to 32 code points of text before the passage
 *       suffix: "..."        # up to 32 code points of text after it
 *       memo: "optional"
 *       created: "2026-03-20T10:15:00Z"
 *
 * Nothing is dropped: codings whose code id is not in the codebook are kept (status
 * CODING_UNKNOWN_CODE) and written back; codings whose quote cannot be found again, or
 * whose offsets lie past the end of the text, are kept with their old offsets
 * (CODING_DRIFTED) and written back unchanged, and so are codings that cannot be placed
 * without doubt (CODING_AMBIGUOUS: see anchor.h); unknown fields of a coding or of the
 * file are kept and written back in flow style. */
#ifndef GLOSS_CODINGS_H
#define GLOSS_CODINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/anchor.h"
#include "gloss/diag.h"

struct transcript;
struct codebook;

enum coding_status {
	CODING_OK,
	CODING_MOVED,     /* re-anchored on load: offsets changed (saved on the next write) */
	CODING_DRIFTED,   /* quote not found, or past the end of the text: kept, reported, not
	                     counted in tallies */
	CODING_AMBIGUOUS, /* found, but not without doubt (several places fit equally, or the
	                     place found would reorder the codings or is another coding's):
	                     kept where it was, written back unchanged, reported, not counted */
	CODING_EDITED,    /* re-anchored on load with its text edited inside (anchor.h): counted
	                     like MOVED; offsets, quote and context saved on the next write */
};

struct extra_field { /* a field gloss does not know, kept with its meaning (yamlx_write_flow) */
	char *key;   /* its name in YAML flow syntax, as written back ("note", "<<", "\"a b\"") */
	char *flow;  /* its value in YAML flow syntax */
};

struct coding {
	char *code;              /* code id */
	size_t start, end;       /* byte offsets into the transcript text (converted at I/O) */
	size_t cp_start, cp_end; /* code-point offsets as last read/written */
	char *quote, *quote_end; /* quote_end NULL for short passages */
	char *prefix, *suffix;   /* context around the passage; NULL when not stored */
	char *memo;              /* NULL if none */
	char *created;           /* ISO 8601 UTC */
	/* the memo's own times (memo_created, memo_modified in the file): set by
	 * codings_set_memo; NULL in files written before gloss kept them */
	char *memo_created, *memo_modified;
	enum coding_status status;
	enum anchor_doubt doubt; /* CODING_AMBIGUOUS: why (anchor.h); else ANCHOR_DOUBT_NONE */
	size_t places;           /* ANCHOR_DOUBT_TIE: how many places fit equally well */
	bool unknown_code;       /* code id not in the codebook (kept, reported) */
	unsigned line;           /* line in the codings file, 0 for new codings */
	struct extra_field *extra;
	size_t nextra;
};

struct codings {
	char *path; /* the codings file */
	char *coder;
	const struct transcript *t; /* not owned */
	struct coding *items;
	size_t len, cap;
	struct extra_field *extra; /* unknown top-level fields */
	size_t nextra;
	bool exists; /* the file existed when loaded */
	/* Another writer: what the file on disk was when this set last read or wrote it
	 * (identity, size, mtime), and a snapshot of the codings as they were then, taken at
	 * the first change. codings_save notices a file changed behind its back and merges
	 * (see there) instead of overwriting the other writer's work. */
	struct {
		bool known, present;
		unsigned long long dev, ino, size;
		long long mtime_s, mtime_ns;
	} disk;
	struct coding *base; /* NULL until the first change after a read or write */
	size_t nbase;
	bool has_base;
	size_t merged; /* codings taken from disk by the last codings_save */
	bool readonly; /* the file had errors (reported when loaded): some codings
	                  could not be read, so codings_save refuses to write it */
};

/* codings_name: the NAME of a transcript's codings files: its file name without ".txt"
 * when it ends so (exactly, in lower case), else its whole file name. Caller frees. */
char *codings_name(const char *transcript_path);
/* codings_path: DIR/codings/CODER/NAME.yaml for transcript path. Caller frees. */
char *codings_path(const char *transcript_path, const char *coder);
/* codings_coder_valid: coder names are 1-64 of [A-Za-z0-9._-], not starting with '.'. */
bool codings_coder_valid(const char *coder);
/* codings_default_coder: --coder value if given, else $GLOSS_CODER, else the login name,
 * else "coder". Returned string is static or arg; do not free. It is not validated: the
 * caller checks it with codings_coder_valid and rejects an invalid name with a message. */
const char *codings_default_coder(const char *arg);
/* codings_list_coders: the coders that have a codings file for transcript_path (sorted).
 * Caller frees the array and its strings. */
char **codings_list_coders(const char *transcript_path, size_t *n);

/* codings_list_temps: temporary files ".NAME.yaml.tmp.*" left in DIR/codings/CODER/ for
 * the transcripts of directory DIR by saves that were interrupted (killed, power loss):
 * the codings files themselves are intact, these are safe to delete. One scan of each
 * coder's directory; codings_temp_of tells which transcript a temporary file belongs to.
 * Caller frees the array and its strings. */
char **codings_list_temps(const char *transcript_dir, size_t *n);
bool codings_temp_of(const char *temp, const char *transcript_path);

/* codings_load: load the file for (t, coder); a missing file gives an empty set (exists =
 * false). A file that parses as YAML but has invalid codings (missing code/start/end,
 * non-integer offsets, end < start, wrong types) gives errors naming file:line:col and a
 * set with readonly = true that holds the valid codings (codings_save refuses it).
 * cb may be NULL (then no code is "unknown"). Re-anchors every coding against t,
 * reporting moved (DK_DRIFT note), drifted (DK_DRIFT warning) and unknown-code (DK_UNKNOWN
 * warning) codings in d with the codings file's line. Returns NULL only when the file
 * exists but cannot be read or parsed (error in d). */
struct codings *codings_load(const struct transcript *t, const char *coder,
                             const struct codebook *cb, struct diags *d);
/* codings_parse: the same from a buffer; path names the file in messages. */
struct codings *codings_parse(const char *buf, size_t len, const char *path,
                              const struct transcript *t, const char *coder,
                              const struct codebook *cb, struct diags *d);
void codings_free(struct codings *c);

/* codings_serialize: the file contents (deterministic; sorts c->items). Caller frees. */
char *codings_serialize(struct codings *c, size_t *len);
/* codings_save: serialize and write atomically (creating DIR/codings/CODER/). 0 on
 * success; -1 with the reason in err (the old file is left intact).
 * If the file changed on disk since this set read or wrote it (another gloss, an editor,
 * git), the changes made here since then are applied to what is on disk now — codings
 * added here are added, removed here are removed, memos edited here are set; everything
 * else on disk is kept — and the result is written and becomes this set (c->merged tells
 * how many codings came from disk). If the changed file cannot be read or has errors,
 * nothing is written and -1 is returned. A file deleted meanwhile is written anew.
 * Never through a symbolic link (-1, EPERM, naming it): a codings file that is a link,
 * a coder directory that is one (codings/ana -> ben), or a codings directory linking
 * outside the transcript's directory. */
int codings_save(struct codings *c, char *err, size_t errsize);

/* codings_lock: lock c's file for this process (lock.h: DIR/codings/CODER/.NAME.yaml.lock,
 * creating the coder's directory, removed again on lock_release when left empty). Returns
 * the lock's fd, LOCK_BUSY when another gloss holds it, or -1 with the reason in err when
 * the file may not be written: a codings file that is a symbolic link, a coder directory
 * that is one (codings/ana -> ben), a codings directory that links outside the
 * transcript's directory (codings_save refuses the same), or a lock file that cannot be
 * made. Release with lock_release(fd). */
int codings_lock(const struct codings *c, char *err, size_t errsize);

/* codings_add: add a coding of code on bytes [start, end) with a quote taken from the
 * transcript and created = now. Returns its index (after sorting). */
size_t codings_add(struct codings *c, const char *code, size_t start, size_t end, const char *memo);
/* codings_apply: one passage, one coding. Code bytes [start, end) with code: when codings
 * of the same code in this set (this coder) overlap or touch the range (nothing but white
 * space between them, without a blank line), the first of them
 * (by start) is extended to cover them all and the range — it keeps its created time,
 * memo and unknown fields; the others' memos are appended to its memo, their unknown
 * fields kept unless the key is taken — and the others are removed; otherwise a new
 * coding is added. Drifted codings are never joined. Returns the index of the coding that
 * covers the range now. *out receives the codings that were replaced (moved out of the
 * set; the caller frees each with coding_done and the array with free; NULL when none)
 * and *nout their count: 0 for a new coding, or when one coding already covers the range
 * (then nothing changed and *result says so). */
enum codings_apply_result { CODINGS_ADDED, CODINGS_EXTENDED, CODINGS_COVERED };
size_t codings_apply(struct codings *c, const char *code, size_t start, size_t end,
                     struct coding **out, size_t *nout, enum codings_apply_result *result);
/* codings_find: index of the coding with exactly this code and range, or -1. */
long codings_find(const struct codings *c, const char *code, size_t start, size_t end);
/* codings_remove: remove item i (the removed coding is moved to *out if out is not NULL,
 * else freed). */
void codings_remove(struct codings *c, size_t i, struct coding *out);
/* codings_insert: put back a coding previously removed (undo). Takes ownership. */
size_t codings_insert(struct codings *c, struct coding *cd);
/* codings_set_memo: replace item i's memo (NULL or "" removes it). */
void codings_set_memo(struct codings *c, size_t i, const char *memo);
/* coding_copy / coding_done: deep copy and free of one coding's fields. */
void coding_copy(struct coding *dst, const struct coding *src);
void coding_done(struct coding *cd);
/* coding_counted: does this coding count (tallies, overlaps, coverage, what grep and the
 * coder show)? Only when it stands where its offsets say (OK or MOVED): drifted and
 * ambiguous codings are only reported. The one rule every count uses. */
bool coding_counted(const struct coding *cd);
/* codings_anchor_item: the anchor_item of cd (a coding of c) as it stands now: its quote,
 * context and offsets, for anchor_candidates. The item points into cd: valid while cd
 * is unchanged. */
struct anchor_item codings_anchor_item(const struct codings *c, const struct coding *cd);
/* codings_created_valid: is s a real date and time as xsd:dateTime writes it,
 * "YYYY-MM-DDTHH:MM:SS", an optional fraction, and "Z" or "+hh:mm"/"-hh:mm" or nothing (a
 * month of 1-12, a day that month has, 00-23 hours, 00-59 minutes and seconds)? A coding
 * whose created is not is reported on load (file:line:col); export leaves it out. */
bool codings_created_valid(const char *s);
/* codings_sort: sort items by (start, end, code, created). */
void codings_sort(struct codings *c);

#endif
