/* undo.c — the undo/redo history of coding changes. */
#include "gloss/undo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/util.h"

void undo_init(struct undo *u)
{
	memset(u, 0, sizeof(*u));
}

static void op_done(struct undo_op *op)
{
	coding_done(&op->cd);
	free(op->memo_after);
	free(op->coder);
}

static void truncate_redo(struct undo *u)
{
	while (u->len > u->pos)
		op_done(&u->ops[--u->len]);
}

void undo_done(struct undo *u)
{
	u->pos = 0;
	truncate_redo(u);
	free(u->ops);
	undo_init(u);
}

static struct undo_op *push(struct undo *u, enum undo_kind kind, size_t doc,
                            const struct coding *cd)
{
	struct undo_op op;

	truncate_redo(u);
	memset(&op, 0, sizeof(op));
	op.kind = kind;
	op.doc = doc;
	coding_copy(&op.cd, cd);
	VEC_PUSH(u->ops, u->len, u->cap, op);
	u->pos = u->len;
	return &u->ops[u->len - 1];
}

void undo_record_add(struct undo *u, size_t doc, const struct coding *added)
{
	push(u, UNDO_ADD, doc, added);
}

void undo_record_remove(struct undo *u, size_t doc, const struct coding *removed)
{
	push(u, UNDO_REMOVE, doc, removed);
}

void undo_record_memo(struct undo *u, size_t doc, const struct coding *before,
                      const char *memo_after)
{
	struct undo_op *op = push(u, UNDO_MEMO, doc, before);

	op->memo_after = memo_after && *memo_after ? xstrdup(memo_after) : NULL;
}

const struct undo_op *undo_peek(const struct undo *u)
{
	return u->pos > 0 ? &u->ops[u->pos - 1] : NULL;
}

const struct undo_op *redo_peek(const struct undo *u)
{
	return u->pos < u->len ? &u->ops[u->pos] : NULL;
}

static long put_back(struct codings *c, const struct coding *cd)
{
	struct coding copy;

	coding_copy(&copy, cd);
	return (long)codings_insert(c, &copy);
}

static long take_out(struct codings *c, const struct coding *cd)
{
	long i = codings_find(c, cd->code, cd->start, cd->end);

	if (i >= 0)
		codings_remove(c, (size_t)i, NULL);
	return i;
}

static long set_memo(struct codings *c, const struct coding *cd, const char *memo)
{
	long i = codings_find(c, cd->code, cd->start, cd->end);

	if (i >= 0)
		codings_set_memo(c, (size_t)i, memo);
	return i;
}

static const char *kind_name(enum undo_kind k)
{
	return k == UNDO_ADD ? "add of" : k == UNDO_REMOVE ? "removal of" : "memo on";
}

static long undo_one(struct undo *u, struct codings *c, char *msg, size_t msgsize)
{
	struct undo_op *op = &u->ops[u->pos - 1];
	long i;

	if (op->kind == UNDO_ADD)
		i = take_out(c, &op->cd);
	else if (op->kind == UNDO_REMOVE)
		i = put_back(c, &op->cd);
	else
		i = set_memo(c, &op->cd, op->cd.memo);
	if (i < 0) {
		snprintf(msg, msgsize, "cannot undo: the coding is gone");
		return -1;
	}
	u->pos--;
	snprintf(msg, msgsize, "undid %s %s", kind_name(op->kind), op->cd.code);
	return i;
}

long undo_undo(struct undo *u, struct codings *c, char *msg, size_t msgsize)
{
	long i;
	bool more;
	size_t n = 0;

	if (u->pos == 0) {
		snprintf(msg, msgsize, "nothing to undo");
		return -1;
	}
	do {
		more = u->ops[u->pos - 1].joined;
		i = undo_one(u, c, msg, msgsize);
		n++;
	} while (i >= 0 && more && u->pos > 0);
	if (i >= 0 && n > 1)
		snprintf(msg, msgsize, "undid the %s of %s",
		         u->ops[u->pos].repair ? "placing" : "extension", u->ops[u->pos].cd.code);
	return i;
}

static long redo_one(struct undo *u, struct codings *c, char *msg, size_t msgsize)
{
	struct undo_op *op = &u->ops[u->pos];
	long i;

	if (op->kind == UNDO_ADD)
		i = put_back(c, &op->cd);
	else if (op->kind == UNDO_REMOVE)
		i = take_out(c, &op->cd);
	else
		i = set_memo(c, &op->cd, op->memo_after);
	if (i < 0) {
		snprintf(msg, msgsize, "cannot redo: the coding is gone");
		return -1;
	}
	u->pos++;
	snprintf(msg, msgsize, "redid %s %s", kind_name(op->kind), op->cd.code);
	return i;
}

long undo_redo(struct undo *u, struct codings *c, char *msg, size_t msgsize)
{
	long i;
	size_t n = 0;

	if (u->pos >= u->len) {
		snprintf(msg, msgsize, "nothing to redo");
		return -1;
	}
	do {
		i = redo_one(u, c, msg, msgsize);
		n++;
	} while (i >= 0 && u->pos < u->len && u->ops[u->pos].joined);
	if (i >= 0 && n > 1)
		snprintf(msg, msgsize, "redid the %s of %s",
		         u->ops[u->pos - 1].repair ? "placing" : "extension",
		         u->ops[u->pos - 1].cd.code);
	return i;
}

void undo_mark_repair(struct undo *u, size_t n, const char *coder)
{
	for (size_t k = 1; k <= n && k <= u->len; k++) {
		u->ops[u->len - k].repair = true;
		free(u->ops[u->len - k].coder);
		u->ops[u->len - k].coder = coder ? xstrdup(coder) : NULL;
	}
}

void undo_join(struct undo *u, size_t n)
{
	for (size_t k = 1; k < n && k < u->len; k++)
		u->ops[u->len - k].joined = true;
}
