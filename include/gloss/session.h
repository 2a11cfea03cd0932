/* session.h — a coder's session on a project, headless: what the interactive coder does to
 * data, with no screen.
 *
 * A session holds a project (owned), the coder's codings set of every document (found in
 * the project's sets, or a new empty set added to them), which documents are read-only and
 * why, the exclusive lock on the open document's codings file (codings_lock; the kernel
 * drops it if the process dies), the documents whose last save failed (dirty) and the undo
 * history (undo.h). Every change is made the way the coder makes it — a code key through
 * codings_apply (one passage, one coding), a removal, a memo, a copy of another coder's
 * coding, undo and redo — recorded for undo and saved at once: the open document, and any
 * document whose save failed before (retried on every change). A failed save keeps the
 * change in memory, leaves the old file as it was, marks the document dirty and says
 * "NOT SAVED: REASON (will retry on the next change)".
 *
 * What the session has to tell the coder ("coded Trust", "already coded Trust", "NOT
 * SAVED: ...") it says through ev.say; the front end shows it (the coder's message line) or
 * prints it. Positions are byte offsets into the open document's transcript text. */
#ifndef GLOSS_SESSION_H
#define GLOSS_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/undo.h"

struct project;
struct codings;
struct recode_opts;
struct recode_result;
struct diags;

/* one document of the session */
struct session_doc {
	struct codings *cs; /* the coder's codings (in the project's sets), NULL if unusable */
	const char *ro;     /* why this document is read-only, or NULL */
	bool dirty;         /* a change is in memory but could not be saved */
	int lock_fd;        /* the codings file's lock while the document is open, or -1 */
};

/* session_events: how the session reaches its front end (either may be NULL) */
struct session_events {
	void *ctx;
	/* say: a message for the coder (err: an error or a refusal) */
	void (*say)(void *ctx, bool err, const char *msg);
	/* merged: a save of document doc took codings from disk (another program had saved
	 * the file meanwhile): what was counted of it is out of date */
	void (*merged)(void *ctx, size_t doc);
};

enum session_flags {
	/* no lock on the open document's codings file (a tool writing one file whose system
	 * calls are counted by a test, such as tests/tools/savecodings) */
	SESSION_NO_LOCK = 1,
};

struct session {
	struct project *p;      /* owned */
	const char *coder;      /* borrowed */
	struct session_doc *ds; /* one per document of p */
	size_t doc;             /* the open document (when open) */
	bool open;
	struct codings *cs; /* the open document's ds[doc].cs */
	struct undo undo;
	struct session_events ev;
	int flags;
	char save_err[512]; /* why the last failed save failed */
};

#define SESSION_RO_LOCKED "read-only: another gloss is editing this file"

/* session_init: a session of coder on p (taken over: session_done frees it), no document
 * open. Finds or makes the coder's codings set of every document; a document is read-only
 * when its codings file could not be read, would be shared with another transcript, or the
 * codebook has errors. ev may be NULL. */
void session_init(struct session *s, struct project *p, const char *coder, int flags,
                  const struct session_events *ev);
/* session_done: release every lock and free the project. */
void session_done(struct session *s);

/* session_open_doc: make doc the open document: the previous one's lock is let go and
 * doc's is taken (a lock held by another process makes doc read-only:
 * SESSION_RO_LOCKED). */
void session_open_doc(struct session *s, size_t doc);
/* session_close_doc: let the open document's lock go; no document is open. */
void session_close_doc(struct session *s);
/* session_say_state: say why the open document is read-only, or how many of its codings
 * (every coder's) could not be placed (drifted or ambiguous: kept where they were, not
 * shown; ! repairs them, repair.h) and how many were re-anchored with changes, if any. */
void session_say_state(struct session *s);
/* session_readonly: why the open document cannot be changed, or NULL. */
const char *session_readonly(const struct session *s);
/* session_writable: !session_readonly, saying the reason when not. */
bool session_writable(struct session *s);

/* ---- changes (each recorded for undo and saved at once; false: nothing changed) ---- */

enum session_apply_result {
	SESSION_REFUSED,  /* read-only, or an empty range: said why */
	SESSION_CODED,    /* a new coding */
	SESSION_EXTENDED, /* a coding of that code overlapping or touching [s, e) extended */
	SESSION_COVERED,  /* already coded so: nothing changed, nothing saved */
	SESSION_REMOVED,  /* a coding of code on exactly [s, e) was there: removed */
};

/* session_apply: what a code key does on [start, end) of the open document with the code
 * whose id is code: a coding of that code on exactly these bytes is removed; else one
 * passage, one coding (codings_apply). Said with the code's name from the codebook (its id
 * when it has none). */
enum session_apply_result session_apply(struct session *s, const char *code, size_t start,
                                        size_t end);
/* session_apply_new: one passage, one coding of code (an id) on [start, end), as
 * session_apply does it, but never removing a coding (the review queue's accept). */
enum session_apply_result session_apply_new(struct session *s, const char *code, size_t start,
                                            size_t end);
/* session_apply_code: session_apply with code an index into the project's codebook. */
enum session_apply_result session_apply_code(struct session *s, int code, size_t start, size_t end);
/* session_add: a coding of code (an id) on [start, end) with memo (or NULL) added as it is
 * (codings_add: the coder's copy of another coder's coding); msg says what was done.
 * Returns its index in s->cs, or -1 when read-only. */
long session_add(struct session *s, const char *code, size_t start, size_t end, const char *memo,
                 const char *msg);
/* session_remove: remove coding item of the open document. */
bool session_remove(struct session *s, size_t item);
/* session_set_memo: the memo of coding item ("" or NULL: none). */
bool session_set_memo(struct session *s, size_t item, const char *memo);
/* session_undo_doc: the document the next undo (redo) is in, when it can be made: false
 * when there is nothing to undo, or its document is read-only (said). The caller opens that
 * document (session_open_doc) when it is not the open one. */
bool session_undo_doc(struct session *s, bool redo, size_t *doc);
/* session_undo: undo (redo) the next step in the open document; *at is the start of the
 * coding it touched. A repair of another coder's codings (op->coder, repair.h) is undone
 * in that coder's set and saved at once (repair_undo_other). */
bool session_undo(struct session *s, bool redo, size_t *at);
/* session_add_code: a new code named name (under the code with id parent, or at the top
 * level when NULL) added to the codebook file and to the project's codebook
 * (codebook_add_in_vivo); *id is its id (caller frees). Errors go to d. */
bool session_add_code(struct session *s, const char *parent, const char *name, char **id,
                      struct diags *d);

/* ---- saving ---- */

/* session_save_doc: save document i; on failure it is dirty and the failure is said. */
bool session_save_doc(struct session *s, size_t i);
/* session_save_all: save the open document and retry every dirty one. */
bool session_save_all(struct session *s);
/* session_changed: the open document's codings were changed in memory outside the calls
 * above (a repair, repair.h, recorded for undo by its caller): save as after any change
 * and say msg (or why the save failed). */
void session_changed(struct session *s, const char *msg);
/* session_dirty: the first dirty document at or after from, or -1. */
long session_dirty(const struct session *s, size_t from);

/* ---- a codebook change across the project ---- */

/* session_recode: recode_run with o (its codebook and paths set here: paths as the
 * project was opened), refused while a document is dirty (reading the files again would
 * lose that change). The open document's lock is let go meanwhile. When files changed,
 * the codebook and every codings set are read again (session_reload) and true is
 * returned: whatever the caller built on the old ones must be dropped. */
bool session_recode(struct session *s, struct recode_opts *o, const char *const *paths,
                    size_t npaths, struct recode_result *r, struct diags *d);
/* session_reload: the codebook and every codings set read again (a set or a codebook that
 * cannot be read is kept as it was); the undo history, which may name codes that are gone,
 * is cleared. */
void session_reload(struct session *s, struct diags *d);

#endif
