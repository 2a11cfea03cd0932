/* view_codebook.h — the codebook pane (view_codebook.c): a panel that tui.c feeds the
 * codebook and the counts and asks what a key meant. */
#ifndef GLOSS_VIEW_CODEBOOK_H
#define GLOSS_VIEW_CODEBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "listview.h"

struct codebook;

/* the codebook pane (view_codebook.c) */
struct vcpane {
	struct listview lv;
	const struct codebook *cb;
	const size_t *cnt_doc, *cnt_all; /* passages per code here and in the project */
	bool focus;
	bool typing;          /* keys go to the filter (after /) */
	size_t before;        /* the code highlighted when / was pressed */
	struct strbuf rowtxt; /* the filter's text of one code: "id name" */
};

enum vc_result { VC_NONE, VC_APPLY, VC_LEAVE, VC_UNKNOWN, VC_RECODE, VC_MEMO };

void vc_init(struct vcpane *pn);
void vc_done(struct vcpane *pn);
/* vc_set: the codebook and the counts the pane shows (borrowed). */
void vc_set(struct vcpane *pn, const struct codebook *cb, const size_t *cnt_doc,
            const size_t *cnt_all);
void vc_draw(struct vcpane *pn, struct rect r);
/* vc_key: a key while the pane has the focus (while typing a filter every key is the
 * filter's: Enter keeps it, Esc drops it; Esc drops a kept filter before it leaves); VC_APPLY:
 * apply vc_selected; VC_RECODE: the key's action (KA_RENAME_CODE ... KA_DELETE_CODE) is a change of
 * vc_selected across the project (view_recode.c asks for it, tui.c makes it). */
enum vc_result vc_key(struct vcpane *pn, int key);
int vc_selected(const struct vcpane *pn);
/* vc_select: highlight code; a filter that hides it is dropped, so the highlight is always
 * on the code named */
void vc_select(struct vcpane *pn, int code);
/* vc_code_at: the code drawn on row (0 = the pane's title) at the last vc_draw, or -1 */
int vc_code_at(const struct vcpane *pn, int row);

#endif
