/* undo.h — unlimited undo and redo of coding changes within a session.
 *
 * Each change is recorded with a full copy of the coding it touched, so undoing a removal
 * puts back exactly the coding that was removed (its memo, created time and unknown fields),
 * and undoing an add removes exactly the coding that was added. A change is identified in
 * the codings set by (code, start, end). The caller saves after each undo/redo. */
#ifndef GLOSS_UNDO_H
#define GLOSS_UNDO_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/codings.h"

enum undo_kind { UNDO_ADD, UNDO_REMOVE, UNDO_MEMO };

struct undo_op {
	enum undo_kind kind;
	size_t doc;       /* which document's codings */
	struct coding cd; /* deep copy of the coding (as added / as removed / memo before) */
	char *memo_after; /* UNDO_MEMO: the new memo (NULL: none) */
	bool joined;      /* undone and redone in one step with the op before it */
	bool repair;      /* a repair (undo_mark_repair): placing or removing a coding that
	                     could not be placed */
	char *coder;      /* whose codings: NULL for the session's own coder, else another
	                     coder's (a repair of theirs) */
};

struct undo {
	struct undo_op *ops;
	size_t len, cap;
	size_t pos; /* ops[0..pos) can be undone, ops[pos..len) redone */
};

void undo_init(struct undo *u);
void undo_done(struct undo *u);
/* undo_record_*: note a change just made (drops anything that could be redone). */
void undo_record_add(struct undo *u, size_t doc, const struct coding *added);
void undo_record_remove(struct undo *u, size_t doc, const struct coding *removed);
void undo_record_memo(struct undo *u, size_t doc, const struct coding *before,
                      const char *memo_after);

/* undo_join: the last n ops recorded are one step: undo and redo apply them all (an
 * extended coding: the codings it replaced removed, the extended one added). */
void undo_join(struct undo *u, size_t n);

/* undo_mark_repair: the last n ops recorded are a repair (repair.h) of the codings of
 * coder: NULL for the session's own coder, else another coder's set of op->doc, which the
 * caller undoes and redoes them in. Their messages say "placing" for a joined step. */
void undo_mark_repair(struct undo *u, size_t n, const char *coder);

/* undo_peek / redo_peek: the op undo_undo / undo_redo would apply, or NULL. */
const struct undo_op *undo_peek(const struct undo *u);
const struct undo_op *redo_peek(const struct undo *u);
/* undo_undo / undo_redo: apply the next op to c (the codings of op->doc). Returns the
 * index of the coding touched in c (or of where it was), or -1 when there is nothing to do
 * or the coding could not be found (then the history is left as it was; in a joined step,
 * from that op on). msg gets a short
 * description ("undid add purpose-at-work"). */
long undo_undo(struct undo *u, struct codings *c, char *msg, size_t msgsize);
long undo_redo(struct undo *u, struct codings *c, char *msg, size_t msgsize);

#endif
