/* suggester.h — codings suggested by a program of the user's choice (a local language
 * model behind an adapter): the request it reads, the answer it writes, running it under
 * limits, and storing what it suggested as a coder of its own (gloss(5), "Suggesters").
 *
 * Protocol. The command reads one JSON object on its standard input (suggester_request):
 *
 *   {"gloss": 1, "transcript": "NAME", "length": CODE-POINTS,
 *    "codebook": [{"id", "name", "theme", "parent", "description", "include",
 *                  "exclude", "examples": [...]}, ...],
 *    "units": [{"id": 1, "start": CP, "end": CP, "speaker": "ANA", "text": "..."}, ...]}
 *
 * (units: the transcript's non-blank body lines without their speaker labels; offsets
 * in code points of the transcript text, end exclusive) and writes JSON lines:
 *
 *   {"unit": ID, "code": "ID", "confidence": 0.8, "rationale": "why"}
 *   {"start": CP, "end": CP, "code": "ID", ...}
 *
 * Its output is untrusted: suggester_parse checks every line and keeps only suggestions
 * that name a code of the codebook and a range inside the body, reporting the others. */
#ifndef GLOSS_SUGGESTER_H
#define GLOSS_SUGGESTER_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

struct codebook;
struct transcript;
struct strbuf;

#define SUGGESTER_MAX_BYTES ((size_t)4 << 20) /* output of one run */
#define SUGGESTER_MAX_LINES 20000             /* suggestions of one run */
#define SUGGESTER_MAX_LINE 65536              /* bytes of one line */
#define SUGGESTER_MAX_RATIONALE 2000          /* bytes of a rationale (longer: cut) */
#define SUGGESTER_MAX_STDERR 4096             /* bytes of its standard error kept */
#define SUGGESTER_TIMEOUT_MS 300000           /* default time for one transcript */

struct model_suggestion {
	int code;          /* index into the codebook */
	size_t start, end; /* bytes into the transcript text */
	double confidence; /* 0..1, or < 0 when not given */
	char *rationale;   /* NULL when not given; valid UTF-8, may hold controls */
};

/* suggester_request: the JSON object the command reads for transcript t. Caller frees. */
char *suggester_request(const struct codebook *cb, const struct transcript *t, size_t *len);
/* The same in two steps, for many transcripts with one codebook: the "codebook" array as
 * JSON text once (suggester_codebook_json; caller frees), then each request with it. */
char *suggester_codebook_json(const struct codebook *cb);
char *suggester_request_with(const char *codebook_json, const struct transcript *t, size_t *len);

/* suggester_parse: the suggestions in buf[0..len) (JSON lines; blank lines are skipped).
 * A line that is not a JSON object, names no code or one not in cb, gives a unit that does
 * not exist or a range outside the body (or empty), a confidence outside 0..1, or a
 * rationale that is not a string, is reported in d (file, its line number) and left out;
 * so is a suggestion given twice. Returns the count; *out is malloc'd (NULL when none);
 * free with suggester_free. */
size_t suggester_parse(const char *buf, size_t len, const struct codebook *cb,
                       const struct transcript *t, const char *file, struct diags *d,
                       struct model_suggestion **out);
void suggester_free(struct model_suggestion *s, size_t n);

/* ---- running the command ----------------------------------------------------------- */

enum suggester_status {
	SUGGESTER_OK,
	SUGGESTER_SPAWN,     /* the command could not be started (errno in detail) */
	SUGGESTER_EXIT,      /* it exited with status detail (not 0) */
	SUGGESTER_SIGNAL,    /* it was killed by signal detail */
	SUGGESTER_TIMEOUT,   /* it ran out of time: its process group was killed */
	SUGGESTER_TOO_LARGE, /* it wrote more than the limit: its process group was killed */
	SUGGESTER_STOPPED,   /* *stop was set: its process group was killed */
};

struct suggester_limits {
	size_t max_bytes;    /* 0: SUGGESTER_MAX_BYTES */
	unsigned timeout_ms; /* 0: SUGGESTER_TIMEOUT_MS */
};

/* suggester_exec: run "/bin/sh -c cmd" in a process group of its own with in[0..inlen)
 * on its standard input, collecting its standard output into out and the last
 * SUGGESTER_MAX_STDERR bytes of its standard error into err. When the time or the output
 * limit runs out, or *stop (may be NULL) becomes non-zero, the whole process group is
 * killed. Never raises SIGPIPE. Safe to call from several threads at once. */
enum suggester_status suggester_exec(const char *cmd, const char *in, size_t inlen,
                                     const struct suggester_limits *lim,
                                     volatile sig_atomic_t *stop, struct strbuf *out,
                                     struct strbuf *err, int *detail);
/* suggester_status_text: "exited with status 3", "timed out after 5 s", ... into buf. */
const char *suggester_status_text(enum suggester_status st, int detail,
                                  const struct suggester_limits *lim, char *buf, size_t size);

/* ---- storing ------------------------------------------------------------------------ */

/* suggester_coder: "suggest-NAME" for the model NAME (caller frees); NULL when that is not
 * a valid coder name (codings_coder_valid). */
char *suggester_coder(const char *name);

/* suggester_store: make s[0..n) the codings of coder (suggest-NAME) on t, replacing what
 * that coder had there, in one atomic save: every coding gets the fields model (model),
 * confidence and rationale (when given). An empty n writes an empty set (the model saw
 * the transcript and suggested nothing). loaded: the coder's set of t as the project
 * loaded it (it becomes the new set), or NULL to read it here. 0, or -1 with the reason
 * in err (the old file is left as it was: a file with errors is never replaced). */
/* suggester_fill: the same in memory: c's codings replaced by s[0..n), unsaved. */
struct codings;
void suggester_fill(struct codings *c, const struct codebook *cb, const char *model,
                    const struct model_suggestion *s, size_t n);
int suggester_store(const struct transcript *t, const struct codebook *cb, const char *coder,
                    const char *model, const struct model_suggestion *s, size_t n,
                    struct codings *loaded, char *err, size_t errsize);

#endif
