/* review.h — the review queue: candidates for codings from three sources (the codebook's
 * patterns, a model's suggestions stored as coder suggest-NAME, the hits of a search over
 * the project), and the decisions a coder takes on them, remembered in a file.
 *
 * Decisions (gloss(5)). The decisions of coder C on transcript DIR/NAME.txt are the file
 * DIR/codings/C/NAME.decisions, beside C's codings: a comment line, then one line per
 * decision, sorted, tab-separated:
 *
 *   accept  purpose-at-work  1520  1788  9f2c4e01a7b3d655  suggest-llama  2026-03-20T10:15:00Z
 *   reject  trust            2001  2140  0c4f...           pattern        2026-03-20T10:16:02Z
 *
 * (what, code id, start and end in code points, a hash of the passage's text: FNV-1a 64
 * in 16 hex digits, the source, when). The lines are a set: git merges two coders' or
 * two sessions' additions with merge=union (gloss init's .gitattributes). A candidate is
 * decided when a decision of its code and exact range has the hash of the text there now;
 * a decision whose passage changed no longer matches (gloss check reports it), so the
 * changed passage is suggested again. A line gloss cannot read is reported and written
 * back as it was. Nothing here prints or knows a screen. */
#ifndef GLOSS_REVIEW_H
#define GLOSS_REVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gloss/diag.h"

struct transcript;
struct project;
struct codebook;

#define REVIEW_MAX_FILE ((size_t)64 << 20)

enum review_verdict { REVIEW_ACCEPT, REVIEW_REJECT };

struct review_decision {
	enum review_verdict verdict;
	char *code;
	size_t cp_start, cp_end;
	uint64_t hash;
	char *by;      /* the source: "pattern", "search" or a model's coder "suggest-NAME" */
	char *when;    /* ISO 8601 UTC */
	char *raw;     /* a line that could not be read: kept and written back as it was (the
	                  other fields are then empty) */
	unsigned line; /* in the file, 0 for a new decision */
};

struct review_decisions {
	char *path;
	struct review_decision *items;
	size_t n, cap;
	bool exists;
};

/* review_hash: FNV-1a 64 of s[0..n). */
uint64_t review_hash(const char *s, size_t n);
/* review_decisions_path: DIR/codings/CODER/NAME.decisions. Caller frees. */
char *review_decisions_path(const char *transcript_path, const char *coder);
/* review_decisions_load: the decisions of coder on t; a missing file gives an empty set.
 * Lines that cannot be read are warnings in d (file:line) and are kept. NULL only when
 * the file exists and cannot be read (error in d). */
struct review_decisions *review_decisions_load(const struct transcript *t, const char *coder,
                                               struct diags *d);
struct review_decisions *review_decisions_parse(const char *buf, size_t len, const char *path,
                                                struct diags *d);
void review_decisions_free(struct review_decisions *ds);
/* review_decided: the index of the decision on code at bytes [start, end) of t whose
 * passage is unchanged, or -1. */
long review_decided(const struct review_decisions *ds, const struct transcript *t, const char *code,
                    size_t start, size_t end);
/* review_decide: add (or replace) the decision on code at bytes [start, end); returns its
 * index. */
size_t review_decide(struct review_decisions *ds, const struct transcript *t, enum review_verdict v,
                     const char *code, size_t start, size_t end, const char *by);
/* review_undecide: remove decision i. */
void review_undecide(struct review_decisions *ds, size_t i);
/* review_changed: is decision i's passage different now (its hash does not match the text
 * at its range, or the range lies outside the text)? */
bool review_changed(const struct review_decisions *ds, size_t i, const struct transcript *t);
/* review_list_coders: the coders that have a decisions file for transcript_path (any
 * order). Caller frees the array and its strings. */
char **review_list_coders(const char *transcript_path, size_t *n);
/* review_check: a warning in d for every decision of t (any coder's) whose passage
 * changed; returns how many. */
size_t review_check(const struct transcript *t, struct diags *d);
/* review_decisions_serialize: the file's contents (sorted; deterministic). Caller frees. */
char *review_decisions_serialize(struct review_decisions *ds, size_t *len);
/* review_decisions_save: write atomically (creating the coder's directory), never through
 * a symbolic link. An empty set of a file that does not exist writes nothing. 0, or -1
 * with the reason in err (the old file is intact). */
int review_decisions_save(struct review_decisions *ds, char *err, size_t errsize);

/* ---- the queue ----------------------------------------------------------------------- */

enum review_source { REVIEW_PATTERN, REVIEW_MODEL, REVIEW_SEARCH };

enum review_state { REVIEW_OPEN, REVIEW_ACCEPTED, REVIEW_REJECTED, REVIEW_SKIPPED };

struct review_item {
	size_t doc;        /* index into the project's documents */
	int code;          /* codebook index; -1 for a search hit not given a code yet */
	size_t start, end; /* bytes: what accepting codes (the sentence, unit or hit) */
	size_t ms, me;     /* bytes: what to highlight in it (the match; = start, end) */
	enum review_source source;
	const char *by;        /* "pattern", "search", or the model's coder (borrowed) */
	double confidence;     /* < 0: none */
	const char *rationale; /* borrowed from the model's coding (YAML flow syntax:
	                          review_flow_text), or NULL */
	enum review_state state;
};

struct review_queue {
	struct review_item *items;
	size_t n, cap;
	size_t pos; /* the current item */
};

void review_queue_init(struct review_queue *q);
void review_queue_done(struct review_queue *q);
void review_queue_add(struct review_queue *q, const struct review_item *it);
/* review_queue_sort: by document, start, code (stable otherwise). */
void review_queue_sort(struct review_queue *q);
/* review_queue_next: the next open item after pos (wrapping), or -1 when none is open. */
long review_queue_next(const struct review_queue *q, size_t from);
/* review_queue_open: how many are still open; review_queue_decided: how many are not. */
size_t review_queue_open(const struct review_queue *q);

/* review_mark_suggested: note on an accepted coding where it came from: the unknown field
 * suggested_by (kept by the codings loader and written back) set to by, unless the
 * coding has one already (the first suggestion that led to it stays). */
struct coding;
void review_mark_suggested(struct coding *cd, const char *by);

/* review_flow_text: the text of a field kept in YAML flow syntax (struct extra_field: a
 * model's rationale), or a copy of flow when it is not a scalar. Caller frees. */
char *review_flow_text(const char *flow);

/* review_edge: an edge of a candidate moved by a word (the word motions of the coder),
 * bytes into t: for a start (end false) the start of the next word after off (dir > 0,
 * narrowing) or of the word before it (dir < 0, widening); for an end the end of the next
 * word (dir > 0, widening) or of the word before (dir < 0, narrowing). off when there is
 * no such word, or when it lies across a blank line. Never into the front matter. */
size_t review_edge(const struct transcript *t, size_t off, int dir, bool end);

/* review_model_items: the codings of every coder named suggest-* in the project's
 * document doc, as items (borrowing the codings' fields: keep the project alive), left
 * out when decided (decisions may be NULL) or already coded by coder (same code,
 * overlapping: sets[] of doc). */
void review_model_items(struct review_queue *q, const struct project *p, size_t doc,
                        const char *coder, const struct review_decisions *ds);
/* review_pattern_items: the same for the codebook's patterns (suggest.h). */
void review_pattern_items(struct review_queue *q, const struct project *p, size_t doc,
                          const struct review_decisions *ds);

#endif
