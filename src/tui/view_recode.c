/* view_recode.c — the codebook pane's project-wide changes of the highlighted code:
 * rename, merge into another, move (put under another, or at the top level), delete; the
 * same as gloss code (recode.h), asked for with a prompt or a picker. tui.c makes the
 * change (recode_run) between vr_ask and vr_say. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "keymap.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/util.h"
#include "view.h"

/* pick: a code other than skip's subtree (and the top level when top), from a picker;
 * *chosen is a copy of its id or NULL for the top level. false when cancelled. */
static bool pick(struct app *a, const char *title, int skip, bool top, const char **chosen)
{
	const struct codebook *cb = a->sess.p->cb;
	char **labels = xcalloc(cb->ncodes + 2, sizeof(*labels));
	int *idx = xcalloc(cb->ncodes + 2, sizeof(*idx));
	size_t n = 0;
	long r;

	if (top) {
		labels[n] = xstrdup("(top level)");
		idx[n++] = -1;
	}
	for (size_t i = 0; i < cb->ncodes; i++) {
		if (top ? codebook_is_descendant(cb, (int)i, skip) : (int)i == skip)
			continue;
		labels[n] = xasprintf("%*s%s  %s", 2 * cb->codes[i].depth, "", cb->codes[i].id,
		                      cb->codes[i].name ? cb->codes[i].name : "");
		idx[n++] = (int)i;
	}
	r = picker_run(&a->host, title, labels, NULL, n);
	if (r >= 0)
		*chosen = idx[r] >= 0 ? xstrdup(cb->codes[idx[r]].id) : NULL;
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(idx);
	return r >= 0;
}

static bool yes(struct app *a, const char *question)
{
	char *ans = prompt_run(a, question, "");
	bool y = ans && (strcmp(ans, "y") == 0 || strcmp(ans, "yes") == 0);

	free(ans);
	return y;
}

bool vr_ask(struct app *a, enum keyaction act, int code, struct recode_opts *o)
{
	char *q, *ans;
	bool y;

	memset(o, 0, sizeof(*o));
	o->id = xstrdup(a->sess.p->cb->codes[code].id); /* the codebook is read again afterwards */
	switch (act) {
	case KA_RENAME_CODE:
		q = xasprintf("rename '%s' to: ", o->id);
		ans = prompt_run(a, q, o->id);
		free(q);
		o->op = RECODE_RENAME;
		o->to = ans;
		return ans && *ans && strcmp(ans, o->id) != 0;
	case KA_MERGE_CODE:
		o->op = RECODE_MERGE;
		return pick(a, "merge into", code, false, &o->to);
	case KA_MOVE_CODE:
		o->op = RECODE_MOVE;
		return pick(a, "put under", code, true, &o->to);
	default:
		o->op = RECODE_DELETE;
		q = xasprintf("delete code '%s' from the codebook? (y/N) ", o->id);
		y = yes(a, q);
		free(q);
		return y;
	}
}

void vr_free(struct recode_opts *o)
{
	free((char *)o->id);
	free((char *)o->to);
	o->id = o->to = NULL;
}

void vr_say(struct app *a, const struct recode_opts *o, const struct recode_result *r,
            const struct diags *d)
{
	static const char *const done[] = {"renamed", "merged", "moved", "deleted"};

	if (r->status == RECODE_DONE)
		app_message(a, false,
		            "%s code '%s' and %zu coding%s in %zu file%s (undo history cleared)",
		            done[o->op], o->id, r->codings, r->codings == 1 ? "" : "s", r->files,
		            r->files == 1 ? "" : "s");
	else if (r->status == RECODE_REFUSED && d->len)
		app_message(a, true, "%s", d->items[0].msg);
	else if (r->status == RECODE_FAILED)
		app_message(a, true, "%s; nothing changed", r->err);
	else if (r->status == RECODE_HALF_DONE)
		app_message(a, true, "%s; the change is half made: the next gloss completes it",
		            r->err);
	else
		app_message(a, true, "nothing changed");
}

bool vr_in_use(struct app *a, const struct recode_opts *o, const struct recode_result *r)
{
	size_t n = 0;
	char *q;
	bool y;

	for (size_t i = 0; i < r->nuses; i++)
		n += r->uses[i].n;
	q = xasprintf("%zu coding%s '%s' (all coders); delete %s too? (y/N) ", n,
	              n == 1 ? " uses" : "s use", o->id, n == 1 ? "it" : "them");
	y = yes(a, q);
	free(q);
	return y;
}
