/* recode.h — a change of the codebook carried into every coder's codings files: rename a
 * code, merge one code into another, move a code under another theme, delete a code.
 *
 * The codebook is edited as text (codebook_edit.h); every codings file of the project's
 * transcripts (all coders) that holds an affected coding is rewritten (in its canonical
 * layout, offsets as stored: nothing is re-anchored); and all of it is written as one
 * change through journal.h: either every file changes or none does, and a change
 * interrupted half-way is completed by the next gloss command.
 *  - rename OLD NEW: the code's id in the codebook and in every coding; with a name, its
 *    name (label) as well, or only the name;
 *  - merge FROM INTO: FROM's codings become INTO's, FROM leaves the codebook (it must have
 *    no child codes); a FROM coding on exactly the range of an INTO coding by the same
 *    coder is folded into it (its memo added to the other's) and listed;
 *  - move ID --under THEME | --top: the codebook only (ids do not change);
 *  - delete ID: refused while codings use it (they are listed) unless force, which
 *    removes them too and lists them.
 * A codings file with errors, or open in an interactive coder (its lock held), stops the
 * change before anything is written (all or none); so does any coder session open on the
 * project (lock_session: it would go on coding with the old ids), a rename onto an id that
 * codings use already (orphans not in the codebook: they would be adopted), and a file the
 * writer will not write (writer.h: a link below the transcript's directory, a linked
 * codebook, a file that is not a regular one). */
#ifndef GLOSS_RECODE_H
#define GLOSS_RECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

enum recode_op { RECODE_RENAME, RECODE_MERGE, RECODE_MOVE, RECODE_DELETE };

struct recode_opts {
	enum recode_op op;
	const char *id;       /* the code to change */
	const char *to;       /* rename: the new id; merge: INTO; move: the new parent or NULL */
	bool force;           /* delete: also delete the codings that use it */
	const char *codebook; /* --codebook or NULL */
	const char *const *paths; /* transcripts (none: transcripts/) */
	size_t npaths;
	const char *name; /* rename: the new name (label), or NULL; with to NULL or equal to
	                     id only the name changes (no codings file is touched) */
};

/* recode_coding: a coding removed (delete --force) or folded into another (merge) */
struct recode_coding {
	char *file;
	char *code;
	size_t start, end; /* code points */
	char *quote;
};

/* recode_use: a codings file that uses the code (a refused delete) */
struct recode_use {
	char *file;
	size_t n;
};

enum recode_status {
	RECODE_DONE,
	RECODE_REFUSED,     /* the change is not possible (reason in d); nothing written */
	RECODE_IN_USE,      /* delete without force: codings use it (uses); nothing written */
	RECODE_TARGET_USED, /* rename: codings use the new id already (uses); nothing written */
	RECODE_FAILED,      /* a write failed; nothing changed (reason in err) */
	RECODE_HALF_DONE,   /* a rename failed half-way: the journal completes it next time */
};

struct recode_result {
	enum recode_status status;
	char *codebook;               /* the codebook's path */
	size_t files, codings;        /* codings files rewritten, codings changed or removed */
	struct recode_coding *listed; /* removed (delete --force) or folded (merge) */
	size_t nlisted;
	struct recode_use *uses; /* of the code (IN_USE) or of the new id (TARGET_USED) */
	size_t nuses;
	char err[1024];
};

/* recode_run: make the change in the project of the current directory. */
void recode_run(const struct recode_opts *o, struct recode_result *r, struct diags *d);
void recode_result_done(struct recode_result *r);

#endif
