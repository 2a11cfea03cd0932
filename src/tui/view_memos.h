/* view_memos.h — the memos (view_memos.c): every memo the coder can read, on codings,
 * documents, codes and the project, filtered by kind (f), code (c) and document (Tab). It
 * keeps its place between runs (KA_BACK runs it again). */
#ifndef GLOSS_VIEW_MEMOS_H
#define GLOSS_VIEW_MEMOS_H

#include <stdbool.h>

#include "gloss/memos.h"
#include "view.h"

struct project;

/* what the coder asked of the memo list */
enum vmemos_result {
	VMEMOS_NONE,      /* closed */
	VMEMOS_JUMP,      /* go to the passage *j of a coding's memo */
	VMEMOS_EDIT,      /* write or edit the memo *e (kind and target) */
	VMEMOS_PICK_CODE, /* choose the code filter (vmemos_set_code), then run again */
};
struct vmemos_edit {
	enum memo_kind kind;
	const char *target; /* borrowed: valid until the list changes */
	const char *coder;  /* whose memo it is (the coder writes only their own) */
};

struct vmemos;
/* vmemos_new: memos of every document, or of document doc (>= 0) first shown; um: the
 * memos on documents, codes and the project (borrowed, may be NULL). */
struct vmemos *vmemos_new(const struct project *p, long doc, const struct memos *um);
enum vmemos_result vmemos_run(struct vmemos *v, const struct view_host *h, struct view_jump *j,
                              struct vmemos_edit *e);
/* vmemos_set_code: only memos of code (a codebook index; -1: any code) */
void vmemos_set_code(struct vmemos *v, long code);
void vmemos_refresh(struct vmemos *v);
void vmemos_free(struct vmemos *v);

#endif
