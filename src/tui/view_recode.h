/* view_recode.h — the codebook pane's project-wide changes (view_recode.c): a dialog that
 * asks for a change with the prompt and the code picker; tui.c makes it
 * (session_recode). */
#ifndef GLOSS_VIEW_RECODE_H
#define GLOSS_VIEW_RECODE_H

#include <stdbool.h>

#include "keymap.h"
#include "view.h"

struct codebook;

struct recode_opts;
struct recode_result;
struct diags;
/* vr_ask: what to do with code (act: KA_RENAME_CODE ... KA_DELETE_CODE), asked with a
 * prompt or a picker: fills o's op, id and to (copies: vr_free frees them); false when the
 * coder cancels. */
bool vr_ask(const struct view_host *h, const struct codebook *cb, enum keyaction act, int code,
            struct recode_opts *o);
void vr_free(struct recode_opts *o);
/* vr_in_use: a delete refused because codings use the code: true when the coder says to
 * delete them too. */
bool vr_in_use(const struct view_host *h, const struct recode_opts *o,
               const struct recode_result *r);
/* vr_say: the outcome, as the message under the status line (st). */
void vr_say(struct status *st, const struct recode_opts *o, const struct recode_result *r,
            const struct diags *d);

#endif
