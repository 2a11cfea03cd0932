/* session.c — a coder's session on a project: codings changes, undo, saving, locks. */
#include "gloss/session.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/lock.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/repair.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

static __attribute__((format(printf, 3, 4))) void say(struct session *s, bool err, const char *fmt,
                                                      ...)
{
	char msg[1024];
	va_list ap;

	if (!s->ev.say)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	s->ev.say(s->ev.ctx, err, msg);
}

/* ---- locks ---- */

/* take_lock: an exclusive lock on the codings file (codings_lock), held while the
 * document is open. Failing to get it makes the document read-only. */
static void take_lock(struct session *s, struct session_doc *ds)
{
	static char why[600];
	char err[512];
	int fd;

	if (s->flags & SESSION_NO_LOCK)
		return;
	fd = codings_lock(ds->cs, err, sizeof(err));
	if (fd == LOCK_BUSY) {
		ds->ro = SESSION_RO_LOCKED;
	} else if (fd < 0) {
		snprintf(why, sizeof(why), "read-only: %s", err);
		ds->ro = why;
	} else {
		ds->lock_fd = fd;
	}
}

/* release_lock: remove the lock file and the coder's directories if they are left empty
 * (lock_release), so a session that coded nothing leaves nothing behind. */
static void release_lock(struct session_doc *ds)
{
	lock_release(ds->lock_fd);
	ds->lock_fd = -1;
	if (ds->ro && strcmp(ds->ro, SESSION_RO_LOCKED) == 0)
		ds->ro = NULL;
}

/* ---- opening ---- */

/* find_codings: the coder's codings of doc i: the project's set, or a new empty one added
 * to it */
static void find_codings(struct session *s, size_t i)
{
	struct doc *d = &s->p->docs[i];
	struct session_doc *ds = &s->ds[i];
	struct diags dg;
	char *path;

	ds->lock_fd = -1;
	if (d->codings_clash) {
		ds->ro =
		    "read-only: another transcript would share its codings file (see gloss check)";
		return;
	}
	ds->cs = project_doc_codings(s->p, i, s->coder);
	if (ds->cs)
		return;
	path = codings_path(d->t->path, s->coder);
	if (access(path, F_OK) == 0) {
		ds->ro = "read-only: the codings file could not be read (see gloss check)";
		free(path);
		return;
	}
	free(path);
	diags_init(&dg);
	ds->cs = codings_load(d->t, s->coder, s->p->cb, &dg);
	diags_done(&dg);
	if (!ds->cs) {
		ds->ro = "read-only: the codings file could not be read (see gloss check)";
		return;
	}
	d->sets = xreallocarray(d->sets, d->nsets + 1, sizeof(*d->sets));
	d->sets[d->nsets++] = ds->cs;
}

void session_init(struct session *s, struct project *p, const char *coder, int flags,
                  const struct session_events *ev)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->coder = coder;
	s->flags = flags;
	if (ev)
		s->ev = *ev;
	s->ds = xcalloc(p->ndocs ? p->ndocs : 1, sizeof(*s->ds));
	for (size_t i = 0; i < p->ndocs; i++)
		find_codings(s, i);
	for (size_t i = 0; i < p->ndocs; i++)
		if (p->cb_errors && !s->ds[i].ro)
			s->ds[i].ro = "read-only: the codebook has errors (see gloss check)";
	undo_init(&s->undo);
}

void session_done(struct session *s)
{
	for (size_t i = 0; s->p && i < s->p->ndocs; i++)
		release_lock(&s->ds[i]);
	undo_done(&s->undo);
	free(s->ds);
	project_free(s->p);
	memset(s, 0, sizeof(*s));
}

void session_close_doc(struct session *s)
{
	if (s->open)
		release_lock(&s->ds[s->doc]);
	s->open = false;
	s->cs = NULL;
}

void session_open_doc(struct session *s, size_t doc)
{
	session_close_doc(s);
	s->doc = doc;
	s->open = true;
	s->cs = s->ds[doc].cs;
	if (s->cs && !s->ds[doc].ro)
		take_lock(s, &s->ds[doc]);
}

void session_say_state(struct session *s)
{
	const struct doc *d;
	size_t n, edited = 0;
	char more[96] = "";

	if (!s->open)
		return;
	if (s->ds[s->doc].ro) {
		say(s, true, "%s", s->ds[s->doc].ro);
		return;
	}
	/* every coder's codings that could not be placed (repair.h), and which key repairs
	 * them; those re-anchored with changes to their text */
	d = &s->p->docs[s->doc];
	n = repair_count(d->sets, d->nsets);
	for (size_t k = 0; k < d->nsets; k++)
		for (size_t i = 0; i < d->sets[k]->len; i++)
			edited += d->sets[k]->items[i].status == CODING_EDITED;
	if (edited)
		snprintf(more, sizeof(more), "%s%zu coding%s re-anchored with changes",
		         n ? "; " : "", edited, edited == 1 ? "" : "s");
	if (n)
		say(s, true, "%zu coding%s could not be placed \xe2\x80\x94 ! to repair%s", n,
		    n == 1 ? "" : "s", more);
	else if (edited)
		say(s, false, "%s (%s text was edited inside)", more,
		    edited == 1 ? "its" : "their");
}

const char *session_readonly(const struct session *s)
{
	if (!s->open)
		return "no transcript is open";
	return s->ds[s->doc].ro;
}

bool session_writable(struct session *s)
{
	const char *ro = session_readonly(s);

	if (ro) {
		say(s, true, "%s", ro);
		return false;
	}
	return true;
}

/* ---- saving ---- */

bool session_save_doc(struct session *s, size_t i)
{
	struct session_doc *ds = &s->ds[i];

	if (codings_save(ds->cs, s->save_err, sizeof(s->save_err)) < 0) {
		ds->dirty = true;
		say(s, true, "NOT SAVED: %s (will retry on the next change)", s->save_err);
		return false;
	}
	ds->dirty = false;
	if (ds->cs->merged && s->ev.merged) /* codings taken from disk count too */
		s->ev.merged(s->ev.ctx, i);
	return true;
}

bool session_save_all(struct session *s)
{
	bool ok = true;

	for (size_t i = 0; i < s->p->ndocs; i++)
		if (i != s->doc && s->ds[i].dirty)
			ok &= session_save_doc(s, i);
	if (s->open && s->cs)
		ok &= session_save_doc(s, s->doc);
	return ok;
}

long session_dirty(const struct session *s, size_t from)
{
	for (size_t i = from; i < s->p->ndocs; i++)
		if (s->ds[i].dirty)
			return (long)i;
	return -1;
}

/* changed (session_changed): a change was made in memory: save, and say msg (with what a
 * save took from disk), or that the save failed */
void session_changed(struct session *s, const char *msg)
{
	if (!session_save_all(s))
		return;
	if (s->cs && s->cs->merged) { /* the file had changed on disk: merged */
		say(s, false, "%s; kept %zu coding%s saved meanwhile by another program", msg,
		    s->cs->merged, s->cs->merged == 1 ? "" : "s");
		return;
	}
	say(s, false, "%s", msg);
}

static const char *code_name(const struct session *s, const char *id)
{
	int c = s->p->cb ? codebook_find(s->p->cb, id) : -1;

	return c >= 0 ? s->p->cb->codes[c].name : id;
}

/* ---- changes ---- */

/* apply_new: one passage, one coding: a coding of the same code that overlaps or touches
 * [start, end) is extended (codings_apply), in one undo step */
static enum session_apply_result apply_new(struct session *s, const char *id, size_t start,
                                           size_t end)
{
	enum codings_apply_result r;
	struct coding *out;
	size_t nout, i;
	char msg[512];

	i = codings_apply(s->cs, id, start, end, &out, &nout, &r);
	for (size_t k = 0; k < nout; k++) {
		undo_record_remove(&s->undo, s->doc, &out[k]);
		coding_done(&out[k]);
	}
	free(out);
	if (r == CODINGS_COVERED) {
		say(s, false, "already coded %s", code_name(s, id));
		return SESSION_COVERED;
	}
	undo_record_add(&s->undo, s->doc, &s->cs->items[i]);
	undo_join(&s->undo, nout + 1);
	if (r == CODINGS_EXTENDED)
		snprintf(msg, sizeof(msg), "extended %s (one passage, one coding)",
		         code_name(s, id));
	else
		snprintf(msg, sizeof(msg), "coded %s", code_name(s, id));
	session_changed(s, msg);
	return r == CODINGS_EXTENDED ? SESSION_EXTENDED : SESSION_CODED;
}

enum session_apply_result session_apply(struct session *s, const char *code, size_t start,
                                        size_t end)
{
	char msg[512];
	long i;

	if (!session_writable(s))
		return SESSION_REFUSED;
	if (end <= start) {
		say(s, true, "nothing to code here");
		return SESSION_REFUSED;
	}
	i = codings_find(s->cs, code, start, end);
	if (i >= 0) {
		struct coding gone;
		codings_remove(s->cs, (size_t)i, &gone);
		undo_record_remove(&s->undo, s->doc, &gone);
		coding_done(&gone);
		snprintf(msg, sizeof(msg), "removed %s", code_name(s, code));
		session_changed(s, msg);
		return SESSION_REMOVED;
	}
	return apply_new(s, code, start, end);
}

enum session_apply_result session_apply_new(struct session *s, const char *code, size_t start,
                                            size_t end)
{
	if (!session_writable(s))
		return SESSION_REFUSED;
	if (end <= start) {
		say(s, true, "nothing to code here");
		return SESSION_REFUSED;
	}
	return apply_new(s, code, start, end);
}

enum session_apply_result session_apply_code(struct session *s, int code, size_t start, size_t end)
{
	return session_apply(s, s->p->cb->codes[code].id, start, end);
}

long session_add(struct session *s, const char *code, size_t start, size_t end, const char *memo,
                 const char *msg)
{
	size_t i;

	if (!session_writable(s))
		return -1;
	i = codings_add(s->cs, code, start, end, memo);
	undo_record_add(&s->undo, s->doc, &s->cs->items[i]);
	session_changed(s, msg);
	return (long)i;
}

bool session_remove(struct session *s, size_t item)
{
	struct coding gone;
	char msg[512];

	if (!session_writable(s) || item >= s->cs->len)
		return false;
	codings_remove(s->cs, item, &gone);
	undo_record_remove(&s->undo, s->doc, &gone);
	snprintf(msg, sizeof(msg), "removed %s", code_name(s, gone.code));
	session_changed(s, msg);
	coding_done(&gone);
	return true;
}

bool session_set_memo(struct session *s, size_t item, const char *memo)
{
	struct coding before;
	char msg[512];

	if (!session_writable(s) || item >= s->cs->len)
		return false;
	if (!memo)
		memo = "";
	coding_copy(&before, &s->cs->items[item]);
	codings_set_memo(s->cs, item, memo);
	undo_record_memo(&s->undo, s->doc, &before, memo);
	snprintf(msg, sizeof(msg), *memo ? "memo saved on %s" : "memo removed from %s",
	         code_name(s, before.code));
	session_changed(s, msg);
	coding_done(&before);
	return true;
}

bool session_undo_doc(struct session *s, bool redo, size_t *doc)
{
	const struct undo_op *op = redo ? redo_peek(&s->undo) : undo_peek(&s->undo);
	const struct session_doc *ds;

	if (!session_writable(s))
		return false;
	if (!op) {
		say(s, false, redo ? "nothing to redo" : "nothing to undo");
		return false;
	}
	ds = &s->ds[op->doc];
	if (op->doc != s->doc && !op->coder && (ds->ro || !ds->cs)) {
		say(s, true, "cannot undo in %s: %s", s->p->docs[op->doc].t->name,
		    ds->ro ? ds->ro : "not writable");
		return false;
	}
	*doc = op->doc;
	return true;
}

/* undo_other: undo (redo) a repair of another coder's codings (op->coder; repair.h) in
 * that coder's set of the document, saved at once under its lock; when that fails it stays
 * as it was, and so does the history */
static bool undo_other(struct session *s, const struct undo_op *op, bool redo)
{
	struct codings *c = project_doc_codings(s->p, op->doc, op->coder);
	char *coder = xstrdup(op->coder); /* op is freed when the history changes */
	char msg[512];
	long i;

	if (!c) {
		say(s, true, "cannot %s: %s's codings are gone", redo ? "redo" : "undo", coder);
	} else if ((i = repair_undo_other(&s->undo, c, redo, msg, sizeof(msg))) == -2) {
		say(s, true, "NOT SAVED: %s; %s's codings left as they were", msg, coder);
	} else if (i < 0) {
		say(s, true, "%s", msg);
	} else {
		say(s, false, "%s (%s's codings)", msg, coder);
		free(coder);
		return true;
	}
	free(coder);
	return false;
}

bool session_undo(struct session *s, bool redo, size_t *at)
{
	const struct undo_op *op = redo ? redo_peek(&s->undo) : undo_peek(&s->undo);
	char msg[256];
	long i;

	if (!session_writable(s))
		return false;
	if (!op || op->doc != s->doc) {
		say(s, false, redo ? "nothing to redo" : "nothing to undo");
		return false;
	}
	*at = op->cd.start;
	if (op->coder)
		return undo_other(s, op, redo);
	i = redo ? undo_redo(&s->undo, s->cs, msg, sizeof(msg))
	         : undo_undo(&s->undo, s->cs, msg, sizeof(msg));
	if (i < 0) {
		say(s, true, "%s", msg);
		return false;
	}
	session_changed(s, msg);
	return true;
}

bool session_add_code(struct session *s, const char *parent, const char *name, char **id,
                      struct diags *d)
{
	return codebook_add_in_vivo(&s->p->cb, parent, name, id, d);
}

/* ---- a codebook change across the project ---- */

/* reload_doc: every codings set of document i read again (a set that cannot be read is
 * kept as it was) */
static void reload_doc(struct session *s, size_t i, struct diags *d)
{
	struct doc *doc = &s->p->docs[i];

	for (size_t k = 0; k < doc->nsets; k++) {
		struct codings *old = doc->sets[k];
		struct codings *fresh = codings_load(doc->t, old->coder, s->p->cb, d);
		if (!fresh)
			continue;
		if (s->ds[i].cs == old)
			s->ds[i].cs = fresh;
		doc->sets[k] = fresh;
		codings_free(old);
	}
}

void session_reload(struct session *s, struct diags *d)
{
	struct codebook *cb = codebook_load(s->p->codebook_path, d);

	if (cb && d->errors == 0) {
		codebook_free(s->p->cb);
		s->p->cb = cb;
	} else {
		codebook_free(cb);
	}
	for (size_t i = 0; i < s->p->ndocs; i++)
		reload_doc(s, i, d);
	s->cs = s->open ? s->ds[s->doc].cs : NULL;
	undo_done(&s->undo);
	undo_init(&s->undo);
}

bool session_recode(struct session *s, struct recode_opts *o, const char *const *paths,
                    size_t npaths, struct recode_result *r, struct diags *d)
{
	struct diags rd;
	bool done;

	for (size_t i = 0; i < s->p->ndocs; i++) {
		if (s->ds[i].dirty) { /* reading the files again would lose that change */
			memset(r, 0, sizeof(*r));
			r->status = RECODE_REFUSED;
			diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
			         "a change to %s is not saved yet; nothing changed",
			         s->p->docs[i].t->name);
			return false;
		}
	}
	o->codebook = s->p->codebook_path;
	o->paths = paths;
	o->npaths = npaths;
	if (s->open)
		release_lock(&s->ds[s->doc]);
	recode_run(o, r, d);
	done = r->status == RECODE_DONE || r->status == RECODE_HALF_DONE;
	if (done) {
		diags_init(&rd);
		session_reload(s, &rd);
		diags_done(&rd);
	}
	if (s->open && s->ds[s->doc].cs && !s->ds[s->doc].ro)
		take_lock(s, &s->ds[s->doc]);
	return done;
}
