/* view_recode.c — the codebook pane's project-wide changes of the highlighted code:
 * rename, merge into another, move (put under another, or at the top level), delete; the
 * same as gloss code (recode.h), asked for with the prompt or the code picker. tui.c makes
 * the change (session_recode) between vr_ask and vr_say. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "keymap.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/util.h"
#include "view_picker.h"
#include "view_recode.h"

/* pick: a code other than skip (move: other than skip's subtree, or the top level) from
 * the code picker; *chosen is a copy of its id or NULL for the top level. false when
 * cancelled. */
static bool pick(const struct view_host *h, const struct codebook *cb, const char *title, int skip,
                 bool top, const char **chosen)
{
	long r =
	    code_pick_run(h, cb, title, CP_ID_FIRST | (top ? CP_TOP | CP_SKIP_SUBTREE : 0), skip);

	if (r == CODE_PICK_NONE)
		return false;
	*chosen = r >= 0 ? xstrdup(cb->codes[r].id) : NULL;
	return true;
}

static bool yes(const struct view_host *h, const char *question)
{
	char *ans = h->ask(h->ctx, question, NULL); /* one key: y, or anything else for no */
	bool y = ans && strcmp(ans, "y") == 0;

	free(ans);
	return y;
}

bool vr_ask(const struct view_host *h, const struct codebook *cb, enum keyaction act, int code,
            struct recode_opts *o)
{
	char *q, *ans;
	bool y;

	memset(o, 0, sizeof(*o));
	o->id = xstrdup(cb->codes[code].id); /* the codebook is read again afterwards */
	switch (act) {
	case KA_RENAME_CODE: /* the id (Enter keeps it), then the name the coder sees */
		q = xasprintf("rename '%s' to: ", o->id);
		ans = h->ask(h->ctx, q, o->id);
		free(q);
		o->op = RECODE_RENAME;
		o->to = ans;
		if (!ans || !*ans)
			return false;
		q = xasprintf("name of '%s': ", ans);
		ans = h->ask(h->ctx, q, cb->codes[code].name);
		free(q);
		if (!ans)
			return false;
		if (*ans && strcmp(ans, cb->codes[code].name) != 0)
			o->name = ans;
		else
			free(ans);
		return strcmp(o->to, o->id) != 0 || o->name;
	case KA_MERGE_CODE:
		o->op = RECODE_MERGE;
		return pick(h, cb, "merge into", code, false, &o->to);
	case KA_MOVE_CODE:
		o->op = RECODE_MOVE;
		return pick(h, cb, "put under", code, true, &o->to);
	default:
		o->op = RECODE_DELETE;
		q = xasprintf("delete code '%s' from the codebook? (y/N) ", o->id);
		y = yes(h, q);
		free(q);
		return y;
	}
}

void vr_free(struct recode_opts *o)
{
	free((char *)o->id);
	free((char *)o->to);
	free((char *)o->name);
	o->id = o->to = o->name = NULL;
}

/* say: the message under the status line */
static __attribute__((format(printf, 3, 4))) void say(struct status *st, bool err, const char *fmt,
                                                      ...)
{
	va_list ap;

	va_start(ap, fmt);
	status_set(st, err, fmt, ap);
	va_end(ap);
}

void vr_say(struct status *st, const struct recode_opts *o, const struct recode_result *r,
            const struct diags *d)
{
	static const char *const done[] = {"renamed", "merged", "moved", "deleted"};

	if (r->status == RECODE_DONE && o->op == RECODE_RENAME && o->name)
		say(st, false, "code '%s' is now named '%s' (%zu coding%s in %zu file%s changed)",
		    o->to ? o->to : o->id, o->name, r->codings, r->codings == 1 ? "" : "s",
		    r->files, r->files == 1 ? "" : "s");
	else if (r->status == RECODE_DONE)
		say(st, false, "%s code '%s' and %zu coding%s in %zu file%s (undo history cleared)",
		    done[o->op], o->id, r->codings, r->codings == 1 ? "" : "s", r->files,
		    r->files == 1 ? "" : "s");
	else if (r->status == RECODE_REFUSED && d->len)
		say(st, true, "%s", d->items[0].msg);
	else if (r->status == RECODE_FAILED)
		say(st, true, "%s; nothing changed", r->err);
	else if (r->status == RECODE_HALF_DONE)
		say(st, true, "%s; the change is half made: the next gloss completes it", r->err);
	else
		say(st, true, "nothing changed");
}

bool vr_in_use(const struct view_host *h, const struct recode_opts *o,
               const struct recode_result *r)
{
	size_t n = 0;
	char *q;
	bool y;

	for (size_t i = 0; i < r->nuses; i++)
		n += r->uses[i].n;
	q = xasprintf("%zu coding%s '%s' (all coders); delete %s too? (y/N) ", n,
	              n == 1 ? " uses" : "s use", o->id, n == 1 ? "it" : "them");
	y = yes(h, q);
	free(q);
	return y;
}
