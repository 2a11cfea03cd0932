/* tui.c — the interactive coder: start-up, the event loop, coding changes and saving. */
#include "tui.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "keymap.h"
#include "gloss/lock.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/review.h"
#include "gloss/search.h"
#include "style.h"
#include "tallycache.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "view.h"
#include "view_review.h"

#define RO_LOCKED "read-only: another gloss is editing this file"

static void app_draw(struct app *a);

static const char *app_readonly(const struct app *a)
{
	if (!a->open)
		return "no transcript is open";
	return a->ds[a->doc].ro;
}

/* ---- counts for the codebook pane and the tally view ---- */

/* counts: the project's tally, made on first use and kept up to date one document at a
 * time (tallycache.h) */
static struct tallycache *counts(struct app *a)
{
	if (!a->counts)
		a->counts = tallycache_new(a->p);
	return a->counts;
}

static void fill_counts(size_t *cnt, size_t n, const struct tally *t)
{
	memset(cnt, 0, (n ? n : 1) * sizeof(*cnt));
	for (size_t i = 0; t && i < t->nrows; i++)
		if (t->rows[i].code >= 0 && (size_t)t->rows[i].code < n)
			cnt[t->rows[i].code] = t->rows[i].passages;
}

/* pane_counts: the pane's passages per code here and in the project, when they changed */
static void pane_counts(struct app *a)
{
	struct tallycache *tc = counts(a);
	size_t n = a->p->cb->ncodes;
	unsigned long v = tallycache_version(tc) * 2 + (a->open ? 1 : 0);

	if (a->cnt_doc && v == a->counts_version && a->pane.lv.n == n && a->counts_doc == a->doc)
		return;
	a->cnt_doc = xreallocarray(a->cnt_doc, n ? n : 1, sizeof(size_t));
	a->cnt_all = xreallocarray(a->cnt_all, n ? n : 1, sizeof(size_t));
	fill_counts(a->cnt_doc, n, a->open ? tallycache_doc(tc, a->doc) : NULL);
	fill_counts(a->cnt_all, n, tallycache_project(tc));
	a->counts_version = v;
	a->counts_doc = a->doc;
	vc_set(&a->pane, a->p->cb, a->cnt_doc, a->cnt_all);
}

/* follow_cursor: highlight in the pane the code of the first coding at the cursor */
static void follow_cursor(struct app *a)
{
	struct overlap_ref r[16];
	size_t s, e, n;

	if (a->pane.focus || !a->open || !a->ix.n)
		return;
	vt_range(a, &s, &e);
	n = vt_covering(a, a->pos, a->pos + 1, r, 16);
	if (n == 0)
		n = vt_covering(a, s, e, r, 16);
	if (n > 0) {
		int c = codebook_find(a->p->cb, overlap_coding(&a->ix, &r[0])->code);
		if (c >= 0)
			vc_select(&a->pane, c);
	}
}

/* ---- locking and opening documents ---- */

/* take_lock: an exclusive lock on the codings file (codings_lock), held while the
 * document is open; the kernel drops it if gloss dies. Failing to get it makes the
 * document read-only. */
static void take_lock(struct app *a, struct docstate *ds)
{
	static char why[600];
	char err[512];
	int fd = codings_lock(ds->cs, err, sizeof(err));

	(void)a;
	if (fd == LOCK_BUSY) {
		ds->ro = RO_LOCKED;
	} else if (fd < 0) {
		snprintf(why, sizeof(why), "read-only: %s", err);
		ds->ro = why;
	} else {
		ds->lock_fd = fd;
	}
}

/* release_lock: remove the lock file and the coder's directories if they are left empty
 * (lock_release), so a session that coded nothing leaves nothing behind. */
static void release_lock(struct docstate *ds)
{
	lock_release(ds->lock_fd);
	ds->lock_fd = -1;
	if (ds->ro && strcmp(ds->ro, RO_LOCKED) == 0)
		ds->ro = NULL;
}

/* the coder's codings of doc i: the project's set, or a new empty one added to it */
static void find_codings(struct app *a, size_t i)
{
	struct doc *d = &a->p->docs[i];
	struct docstate *ds = &a->ds[i];
	struct diags dg;
	char *path;

	ds->lock_fd = -1;
	if (d->codings_clash) {
		ds->ro =
		    "read-only: another transcript would share its codings file (see gloss check)";
		return;
	}
	ds->cs = project_doc_codings(a->p, i, a->coder);
	if (ds->cs)
		return;
	path = codings_path(d->t->path, a->coder);
	if (access(path, F_OK) == 0) {
		ds->ro = "read-only: the codings file could not be read (see gloss check)";
		free(path);
		return;
	}
	free(path);
	diags_init(&dg);
	ds->cs = codings_load(d->t, a->coder, a->p->cb, &dg);
	diags_done(&dg);
	if (!ds->cs) {
		ds->ro = "read-only: the codings file could not be read (see gloss check)";
		return;
	}
	d->sets = xreallocarray(d->sets, d->nsets + 1, sizeof(*d->sets));
	d->sets[d->nsets++] = ds->cs;
}

/* report_unplaced: say so when some of the open document's codings are drifted or
 * ambiguous (kept where they were, not shown) */
static void report_unplaced(struct app *a)
{
	size_t drifted = 0, ambiguous = 0;

	for (size_t i = 0; a->cs && i < a->cs->len; i++) {
		drifted += a->cs->items[i].status == CODING_DRIFTED;
		ambiguous += a->cs->items[i].status == CODING_AMBIGUOUS;
	}
	if (drifted || ambiguous)
		app_message(
		    a, true,
		    "%zu ambiguous and %zu drifted coding%s not shown, kept where they were "
		    "(see gloss check)",
		    ambiguous, drifted, ambiguous + drifted == 1 ? "" : "s");
}

/* coder_set: the codings of document doc by coder, or NULL */
static struct codings *coder_set(const struct app *a, size_t doc, const char *coder)
{
	const struct doc *d = &a->p->docs[doc];

	for (size_t k = 0; k < d->nsets; k++)
		if (d->sets[k]->coder && strcmp(d->sets[k]->coder, coder) == 0)
			return d->sets[k];
	return NULL;
}

static size_t counted(const struct codings *c)
{
	size_t n = 0;

	for (size_t i = 0; c && i < c->len; i++)
		n += coding_counted(&c->items[i]);
	return n;
}

static void compare_stop(struct app *a)
{
	vcompare_free(a->cmp);
	a->cmp = NULL;
}

static void app_open_doc(struct app *a, size_t doc)
{
	char *other = NULL;

	if (a->open) {
		release_lock(&a->ds[a->doc]);
		layout_done(&a->lay);
	}
	a->doc = doc;
	a->open = true;
	a->t = a->p->docs[doc].t;
	a->cs = a->ds[doc].cs;
	if (a->cs && !a->ds[doc].ro)
		take_lock(a, &a->ds[doc]);
	if (a->cmp) { /* go on comparing with the same coder, if they coded this one */
		struct codings *o = coder_set(a, doc, vcompare_coder(a->cmp));
		other = xstrdup(vcompare_coder(a->cmp));
		compare_stop(a);
		if (o && counted(o))
			a->cmp = vcompare_new(a->t, a->p->cb, a->cs, o, vt_agree_unit(a));
	}
	layout_init(&a->lay, a->t, 1);
	a->selecting = false;
	a->have_match = false;
	vt_geometry(a);
	vt_index(a);
	vt_first_unit(a);
	follow_cursor(a);
	if (a->ds[doc].ro)
		app_message(a, true, "%s", a->ds[doc].ro);
	else
		report_unplaced(a);
	if (other && !a->cmp)
		app_message(a, false, "%s has not coded %s: compare view closed", other,
		            a->t->name);
	free(other);
}

/* ---- a codebook change across the project ---- */

/* reload_doc: every codings set of document i read again (a set that cannot be read is
 * kept as it was) */
static void reload_doc(struct app *a, size_t i, struct diags *d)
{
	struct doc *doc = &a->p->docs[i];

	for (size_t k = 0; k < doc->nsets; k++) {
		struct codings *old = doc->sets[k];
		struct codings *fresh = codings_load(doc->t, old->coder, a->p->cb, d);
		if (!fresh)
			continue;
		if (a->ds[i].cs == old)
			a->ds[i].cs = fresh;
		doc->sets[k] = fresh;
		codings_free(old);
	}
}

/* reload: the codebook and every codings set read again after a change across the
 * project; what was built on the old ones (counts, lists, the undo history, which may
 * name codes that are gone) is dropped */
static void reload(struct app *a)
{
	struct diags d;
	struct codebook *cb;

	compare_stop(a); /* its sets are about to be replaced */
	vt_geometry(a);
	diags_init(&d);
	cb = codebook_load(a->p->codebook_path, &d);
	if (cb && d.errors == 0) {
		codebook_free(a->p->cb);
		a->p->cb = cb;
	} else {
		codebook_free(cb);
	}
	for (size_t i = 0; i < a->p->ndocs; i++)
		reload_doc(a, i, &d);
	diags_done(&d);
	a->cs = a->open ? a->ds[a->doc].cs : NULL;
	undo_done(&a->undo);
	undo_init(&a->undo);
	tallycache_free(a->counts);
	a->counts = NULL;
	free(a->cnt_doc);
	a->cnt_doc = NULL;
	vretrieve_free(a->retr);
	vmemos_free(a->memos);
	vreview_free(a->review);
	a->review = NULL;
	a->retr = NULL;
	a->memos = NULL;
	a->back = BACK_NONE;
	vc_set(&a->pane, a->p->cb, NULL, NULL);
	if (a->open)
		vt_index(a);
}

/* recode: a codebook change across the project (recode_run; o's codebook and paths are
 * set here): the open document's lock is let go meanwhile, and afterwards everything is
 * read again (reload) */
static void recode(struct app *a, struct recode_opts *o, struct recode_result *r, struct diags *d)
{
	for (size_t i = 0; i < a->p->ndocs; i++) {
		if (a->ds[i].dirty) { /* reading the files again would lose that change */
			memset(r, 0, sizeof(*r));
			r->status = RECODE_REFUSED;
			diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
			         "a change to %s is not saved yet; nothing changed",
			         a->p->docs[i].t->name);
			return;
		}
	}
	o->codebook = a->p->codebook_path;
	o->paths = a->opts ? a->opts->paths : NULL;
	o->npaths = a->opts ? a->opts->npaths : 0;
	if (a->open)
		release_lock(&a->ds[a->doc]);
	recode_run(o, r, d);
	if (r->status == RECODE_DONE || r->status == RECODE_HALF_DONE)
		reload(a);
	if (a->open && a->ds[a->doc].cs && !a->ds[a->doc].ro)
		take_lock(a, &a->ds[a->doc]);
}

/* run_recode: rename, merge, move or delete the codebook pane's highlighted code */
static void run_recode(struct app *a, enum keyaction act)
{
	struct recode_opts o;
	struct recode_result r;
	struct diags d;
	int code = vc_selected(&a->pane);

	if (code < 0)
		return;
	if (!vr_ask(a, act, code, &o)) {
		app_message(a, false, "nothing changed");
		vr_free(&o);
		return;
	}
	diags_init(&d);
	recode(a, &o, &r, &d);
	if (r.status == RECODE_IN_USE && vr_in_use(a, &o, &r)) {
		recode_result_done(&r);
		diags_done(&d);
		diags_init(&d);
		o.force = true;
		recode(a, &o, &r, &d);
	}
	vr_say(a, &o, &r, &d);
	recode_result_done(&r);
	diags_done(&d);
	vr_free(&o);
}

/* ---- saving ---- */

static bool save_doc(struct app *a, size_t i)
{
	char err[512];
	struct docstate *ds = &a->ds[i];

	if (codings_save(ds->cs, err, sizeof(err)) < 0) {
		ds->dirty = true;
		app_message(a, true, "NOT SAVED: %s (will retry on the next change)", err);
		return false;
	}
	ds->dirty = false;
	if (ds->cs->merged && a->counts) /* codings taken from disk count too */
		tallycache_update(a->counts, i);
	return true;
}

/* save the current document and retry any that failed before */
static bool save_all(struct app *a)
{
	bool ok = true;

	for (size_t i = 0; i < a->p->ndocs; i++)
		if (i != a->doc && a->ds[i].dirty)
			ok &= save_doc(a, i);
	if (a->open && a->cs)
		ok &= save_doc(a, a->doc);
	return ok;
}

static void changed(struct app *a, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	vt_index(a);
	if (a->counts)
		tallycache_update(a->counts, a->doc);
	if (!save_all(a))
		return;
	if (a->cs && a->cs->merged) { /* the file had changed on disk: merged, re-index */
		vt_index(a);
		app_message(a, false, "%s; kept %zu coding%s saved meanwhile by another program",
		            msg, a->cs->merged, a->cs->merged == 1 ? "" : "s");
		return;
	}
	app_message(a, false, "%s", msg);
}

static bool check_writable(struct app *a)
{
	const char *ro = app_readonly(a);

	if (ro) {
		app_message(a, true, "%s", ro);
		return false;
	}
	return true;
}

/* ---- coding changes ---- */

/* apply_new: one passage, one coding: a coding of the same code that overlaps or touches
 * [s, e) is extended (codings_apply), in one undo step */
static bool apply_new(struct app *a, int code, size_t s, size_t e)
{
	const struct code *c = &a->p->cb->codes[code];
	enum codings_apply_result r;
	struct coding *out;
	size_t nout, i;

	i = codings_apply(a->cs, c->id, s, e, &out, &nout, &r);
	for (size_t k = 0; k < nout; k++) {
		undo_record_remove(&a->undo, a->doc, &out[k]);
		coding_done(&out[k]);
	}
	free(out);
	a->selecting = false;
	vc_select(&a->pane, code);
	if (r == CODINGS_COVERED) {
		app_message(a, false, "already coded %s", c->name);
		return true;
	}
	undo_record_add(&a->undo, a->doc, &a->cs->items[i]);
	undo_join(&a->undo, nout + 1);
	if (r == CODINGS_EXTENDED)
		changed(a, "extended %s (one passage, one coding)", c->name);
	else
		changed(a, "coded %s", c->name);
	return true;
}

static bool app_apply_code(struct app *a, int code)
{
	const struct code *c;
	size_t s, e;
	long i;

	if (!check_writable(a))
		return false;
	c = &a->p->cb->codes[code];
	vt_range(a, &s, &e);
	if (e <= s) {
		app_message(a, true, "nothing to code here");
		return false;
	}
	i = codings_find(a->cs, c->id, s, e);
	if (i >= 0) {
		struct coding gone;
		codings_remove(a->cs, (size_t)i, &gone);
		undo_record_remove(&a->undo, a->doc, &gone);
		coding_done(&gone);
		a->selecting = false;
		changed(a, "removed %s", c->name);
		return true;
	}
	return apply_new(a, code, s, e);
}

static char *coding_label(struct app *a, const struct coding *cd)
{
	int c = codebook_find(a->p->cb, cd->code);
	struct strbuf sb = STRBUF_INIT;
	size_t qn = cd->end - cd->start;

	sb_printf(&sb, "%s  \"", c >= 0 ? a->p->cb->codes[c].name : cd->code);
	if (qn > 60)
		qn = 60;
	while (qn > 0 && (a->t->text[cd->start + qn] & 0xC0) == 0x80)
		qn--;
	sb_add(&sb, a->t->text + cd->start, qn);
	sb_adds(&sb, qn < cd->end - cd->start ? "...\"" : "\"");
	if (cd->memo)
		sb_printf(&sb, "  memo: %s", cd->memo);
	return sb_detach(&sb);
}

/* item_of: the index in the coder's set of the coding a reference names */
static long item_of(const struct overlap_ref *r)
{
	return (long)r->item;
}

/* choose one of the codings overlapping the cursor unit (or selection); -1 if none */
static long pick_coding(struct app *a, const char *title)
{
	struct overlap_ref r[64];
	size_t s, e, n;
	char *labels[64];
	long res;

	vt_range(a, &s, &e);
	n = vt_covering(a, s, e, r, 64);
	if (n > 64)
		n = 64;
	if (n == 0) {
		app_message(a, true, "no coding here");
		return -1;
	}
	if (n == 1)
		return item_of(&r[0]);
	for (size_t i = 0; i < n; i++)
		labels[i] = coding_label(a, &a->cs->items[item_of(&r[i])]);
	res = picker_run(&a->host, title, labels, NULL, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	return res < 0 ? -1 : item_of(&r[res]);
}

static const char *code_name(const struct app *a, const char *id)
{
	int c = codebook_find(a->p->cb, id);

	return c >= 0 ? a->p->cb->codes[c].name : id;
}

static void remove_coding(struct app *a)
{
	struct coding gone;
	long i;

	if (!check_writable(a) || (i = pick_coding(a, "Remove which coding?")) < 0)
		return;
	codings_remove(a->cs, (size_t)i, &gone);
	undo_record_remove(&a->undo, a->doc, &gone);
	changed(a, "removed %s", code_name(a, gone.code));
	coding_done(&gone);
}

static void edit_memo(struct app *a)
{
	long i;
	char *memo;
	struct coding before;

	if (!check_writable(a) || (i = pick_coding(a, "Memo on which coding?")) < 0)
		return;
	memo = prompt_run(a, "memo: ", a->cs->items[i].memo ? a->cs->items[i].memo : "");
	if (!memo)
		return;
	coding_copy(&before, &a->cs->items[i]);
	codings_set_memo(a->cs, (size_t)i, memo);
	undo_record_memo(&a->undo, a->doc, &before, memo);
	changed(a, *memo ? "memo saved on %s" : "memo removed from %s", code_name(a, before.code));
	coding_done(&before);
	free(memo);
}

/* pick_any_code: a code or theme from the picker (typing filters), or -1 */
static long pick_any_code(struct app *a, const char *title)
{
	const struct codebook *cb = a->p->cb;
	char **labels, **match;
	long r;

	labels = xcalloc(cb->ncodes + 1, sizeof(*labels));
	match = xcalloc(cb->ncodes + 1, sizeof(*match));
	for (size_t i = 0; i < cb->ncodes; i++) {
		const struct code *c = &cb->codes[i];
		char key[8] = " ";
		if (c->key)
			key[utf8_encode(c->key, key)] = '\0';
		labels[i] = xasprintf("%s %*s%s (%s)", key, c->depth * 2, "", c->name, c->id);
		match[i] = xasprintf("%s %s", c->id, c->name);
	}
	r = picker_run(&a->host, title, labels, match, cb->ncodes);
	for (size_t i = 0; i < cb->ncodes; i++)
		free(labels[i]), free(match[i]);
	free(labels);
	free(match);
	return r;
}

static void pick_code(struct app *a)
{
	long r;

	if (!check_writable(a))
		return;
	r = pick_any_code(a, "Apply which code? (type to filter)");
	if (r >= 0)
		app_apply_code(a, (int)r);
}

static char *default_code_name(struct app *a)
{
	size_t s, e;

	vt_range(a, &s, &e);
	return codebook_invivo_name(a->t->text + s, e - s);
}

static long pick_parent(struct app *a)
{
	const struct codebook *cb = a->p->cb;
	char **labels = xcalloc(cb->ncodes + 1, sizeof(*labels));
	int *map = xcalloc(cb->ncodes + 1, sizeof(*map));
	size_t n = 0;
	long r;

	labels[n] = xstrdup("(top level)");
	map[n++] = -1;
	for (size_t i = 0; i < cb->ncodes; i++) {
		if (cb->codes[i].nchildren == 0)
			continue;
		labels[n] = xasprintf("%*s%s (%s)", cb->codes[i].depth * 2, "", cb->codes[i].name,
		                      cb->codes[i].id);
		map[n++] = (int)i;
	}
	r = picker_run(&a->host, "Put the new code under which theme?", labels, NULL, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	r = r < 0 ? -2 : map[r];
	free(map);
	return r;
}

static void in_vivo(struct app *a)
{
	char *def, *name, *id;
	long parent;
	struct diags d;
	char *pid;

	if (!check_writable(a))
		return;
	if (a->p->cb_errors) {
		app_message(a, true, "the codebook has errors; fix them first (gloss check)");
		return;
	}
	def = default_code_name(a);
	name = prompt_run(a, "new code name: ", def);
	free(def);
	if (!name || !*name) {
		free(name);
		return;
	}
	parent = pick_parent(a);
	if (parent == -2) {
		free(name);
		return;
	}
	pid = parent >= 0 ? xstrdup(a->p->cb->codes[parent].id) : NULL;
	diags_init(&d);
	if (!codebook_add_in_vivo(&a->p->cb, pid, name, &id, &d)) {
		char *m = d.len ? diag_format(&d.items[0]) : xstrdup("cannot add the code");
		app_message(a, true, "%s", m);
		free(m);
	} else {
		int c = codebook_find(a->p->cb, id);
		vt_index(a);
		if (a->counts) /* the codebook's rows changed: every document's */
			tallycache_rebuild(a->counts);
		pane_counts(a);
		if (c >= 0)
			app_apply_code(a, c);
	}
	diags_done(&d);
	free(pid);
	free(id);
	free(name);
}

static void do_undo(struct app *a, bool redo)
{
	const struct undo_op *op = redo ? redo_peek(&a->undo) : undo_peek(&a->undo);
	char msg[256];
	size_t at;
	long i;

	if (!check_writable(a))
		return;
	if (!op) {
		app_message(a, false, redo ? "nothing to redo" : "nothing to undo");
		return;
	}
	if (op->doc != a->doc) {
		if (a->ds[op->doc].ro || !a->ds[op->doc].cs) {
			app_message(a, true, "cannot undo in %s: %s", a->p->docs[op->doc].t->name,
			            a->ds[op->doc].ro ? a->ds[op->doc].ro : "not writable");
			return;
		}
		app_open_doc(a, op->doc);
		if (!check_writable(a))
			return;
	}
	at = op->cd.start;
	i = redo ? undo_redo(&a->undo, a->cs, msg, sizeof(msg))
	         : undo_undo(&a->undo, a->cs, msg, sizeof(msg));
	if (i < 0) {
		app_message(a, true, "%s", msg);
		return;
	}
	a->selecting = false;
	vt_index(a);
	vt_goto(a, at); /* the passage of the coding undone (an undone add is gone) */
	changed(a, "%s", msg);
}

/* nearest_start: the start of the nearest counted coding (of code, or any when code < 0)
 * after (dir > 0) or before the cursor, SIZE_MAX when none */
static size_t nearest_start(const struct app *a, int code, int dir)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < a->ix.n; i++) {
		size_t st = a->ix.refs[i].start;
		if (code >= 0 && a->ref_code[a->ix.refs[i].item] != code)
			continue;
		if (dir > 0 && st > a->pos)
			return st;
		if (dir < 0 && st < a->pos)
			best = st;
	}
	return best;
}

/* ' or " then a code key: the next or previous passage with that code */
static void jump_with_code(struct app *a, int dir)
{
	int key, code;
	size_t best;

	app_message(a, false, "%s which code? (press its key)", dir > 0 ? "next" : "previous");
	app_draw(a);
	screen_refresh();
	key = screen_getkey(-1);
	a->status.msg[0] = '\0';
	code = key > 0 && key < 128 ? codebook_by_key(a->p->cb, (uint32_t)key) : -1;
	if (code < 0) {
		app_message(a, true, "no code has that key");
		return;
	}
	best = nearest_start(a, code, dir);
	if (best == SIZE_MAX)
		app_message(a, true, "no %s passage coded %s", dir > 0 ? "further" : "earlier",
		            a->p->cb->codes[code].name);
	else
		vt_goto(a, best);
}

static void jump_coded(struct app *a, int dir)
{
	size_t best = nearest_start(a, -1, dir);

	if (best == SIZE_MAX)
		app_message(a, false, "no %s coded passage", dir > 0 ? "further" : "earlier");
	else
		vt_goto(a, best);
}

static void jump_turn(struct app *a, int dir)
{
	int ti = transcript_turn_at(a->t, a->pos);
	long next;

	if (a->t->nturns == 0) {
		app_message(a, false, "no speaker turns in this transcript");
		return;
	}
	if (ti < 0)
		next = dir > 0 && a->pos < a->t->turns[0].start ? 0 : (long)a->t->nturns - 1;
	else if (dir < 0 && a->pos > a->t->turns[ti].start)
		next = ti;
	else
		next = ti + dir;
	if (next < 0 || next >= (long)a->t->nturns) {
		app_message(a, false, dir > 0 ? "last turn" : "first turn");
		return;
	}
	vt_goto(a, a->t->turns[next].start);
}

static void goto_line(struct app *a)
{
	char *s = prompt_run(a, ":", ""), *end;
	unsigned long n;

	if (!s || !*s) {
		free(s);
		return;
	}
	n = strtoul(s, &end, 10);
	if (*end || n == 0) {
		app_message(a, true, "not a line number: %s", s);
	} else {
		if (n > a->t->nlines)
			n = a->t->nlines;
		vt_goto(a, a->t->lines[n - 1].front ? a->t->lines[n - 1].off
		                                    : a->t->lines[n - 1].content);
		a->top = layout_pos_of(&a->lay, a->t->lines[n - 1].off);
		vt_reveal(a);
	}
	free(s);
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

static void search_prompt(struct app *a, bool backward)
{
	char *pat = prompt_run(a, backward ? "\\" : "/", ""), err[256];
	struct search *re;
	size_t erroff = 0;

	if (!pat)
		return;
	if (!*pat) {
		free(pat);
		if (a->re)
			vt_search(a, backward, true);
		return;
	}
	re = search_new(pat, (has_upper(pat) ? 0 : SEARCH_CASELESS) | a->search_flags, err,
	                sizeof(err), &erroff);
	if (!re) {
		app_message(a, true, "invalid pattern at %zu: %s", erroff, err);
		free(pat);
		return;
	}
	search_free(a->re);
	free(a->pattern);
	a->re = re;
	a->pattern = pat;
	a->have_match = false;
	vt_search(a, backward, true);
}

/* ---- the compare view (view_compare.c) ---- */

/* compare_start: compare with a coder chosen among those who coded the open document */
static void compare_start(struct app *a)
{
	const struct doc *d = &a->p->docs[a->doc];
	char **labels = xcalloc(d->nsets + 1, sizeof(*labels));
	struct codings **sets = xcalloc(d->nsets + 1, sizeof(*sets));
	size_t n = 0;
	long r = -1;

	for (size_t k = 0; k < d->nsets; k++) {
		size_t c = counted(d->sets[k]);
		if (d->sets[k] == a->cs || !d->sets[k]->coder ||
		    strcmp(d->sets[k]->coder, a->coder) == 0 || c == 0)
			continue;
		labels[n] =
		    xasprintf("%s  (%zu coding%s)", d->sets[k]->coder, c, c == 1 ? "" : "s");
		sets[n++] = d->sets[k];
	}
	if (n == 0)
		app_message(a, true, "no other coder has coded %s", a->t->name);
	else
		r = picker_run(&a->host, "Compare with which coder? (type to filter)", labels, NULL,
		               n);
	if (r >= 0) {
		a->cmp = vcompare_new(a->t, a->p->cb, a->cs, sets[r], vt_agree_unit(a));
		vt_geometry(a);
		app_message(a, false,
		            "comparing with %s: ) and ( go to disagreements, y copies %s's coding, "
		            "= stops",
		            sets[r]->coder, sets[r]->coder);
	}
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(sets);
}

static void compare_toggle(struct app *a)
{
	if (a->cmp) {
		compare_stop(a);
		vt_geometry(a);
		app_message(a, false, "compare view closed");
	} else if (a->blind) {
		app_message(a, true,
		            "coding blind (--blind): other coders' codings are not shown; open "
		            "without --blind to compare");
	} else if (a->open) {
		compare_start(a);
	}
}

static bool comparing(struct app *a)
{
	if (!a->cmp)
		app_message(a, true, "not comparing: = compares with another coder");
	return a->cmp != NULL;
}

static void compare_move(struct app *a, int dir)
{
	size_t s, e, ds, de, k;

	if (!comparing(a))
		return;
	vt_range(a, &s, &e);
	if (!vcompare_next(a->cmp, s, e, dir, &ds, &de, &k)) {
		app_message(a, false, "no %s disagreement with %s", dir > 0 ? "further" : "earlier",
		            vcompare_coder(a->cmp));
		return;
	}
	a->selecting = false;
	vt_goto(a, ds);
}

/* compare_copy: one of the other coder's codings at the cursor (chosen from a list when
 * there are several) added to the coder's own */
static void compare_copy(struct app *a)
{
	size_t s, e, items[64], n;
	long r = 0, i;
	char msg[256];
	const struct coding *cd;
	char *code;
	size_t cs, ce;

	if (!comparing(a) || !check_writable(a))
		return;
	vt_range(a, &s, &e);
	n = vcompare_missing(a->cmp, s, e, items, ARRAY_LEN(items));
	if (n == 0) {
		app_message(a, false, "%s has no coding here that you lack",
		            vcompare_coder(a->cmp));
		return;
	}
	if (n > ARRAY_LEN(items))
		n = ARRAY_LEN(items);
	if (n > 1) {
		char **labels = xcalloc(n, sizeof(*labels));
		char *title = xasprintf("Copy which of %s's codings?", vcompare_coder(a->cmp));
		for (size_t k = 0; k < n; k++)
			labels[k] = coding_label(a, vcompare_other_coding(a->cmp, items[k]));
		r = picker_run(&a->host, title, labels, NULL, n);
		for (size_t k = 0; k < n; k++)
			free(labels[k]);
		free(labels);
		free(title);
		if (r < 0)
			return;
	}
	cd = vcompare_other_coding(a->cmp, items[r]);
	code = xstrdup(cd->code);
	cs = cd->start, ce = cd->end;
	i = (long)codings_add(a->cs, code, cs, ce, NULL);
	undo_record_add(&a->undo, a->doc, &a->cs->items[i]);
	a->selecting = false;
	snprintf(msg, sizeof(msg), "copied %s's %s", vcompare_coder(a->cmp), code_name(a, code));
	free(code);
	changed(a, "%s", msg);
}

/* compare_say: what the disagreement at the cursor is, when there is one */
static void compare_say(struct app *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t s, e;

	vt_range(a, &s, &e);
	if (vcompare_describe(a->cmp, s, e, a->coder, &sb))
		app_message(a, false, "%s", sb.data);
	sb_done(&sb);
}

/* ---- drawing ---- */

/* draw_too_small: "terminal too small (need 40×12)", centred, on one line when it fits,
 * else as two shorter lines */
static void draw_too_small(struct app *a)
{
	const char *lines[] = {"terminal too small (need 40\xc3\x97"
	                       "12)",
	                       "too small:",
	                       "need 40\xc3\x97"
	                       "12"};
	bool one = layout_text_width(lines[0], strlen(lines[0])) <= a->g.cols;
	int y = a->g.rows / 2 - (one ? 0 : 1);

	for (size_t i = one ? 0 : 1; i < (one ? 1u : 3u); i++, y++) {
		int w = layout_text_width(lines[i], strlen(lines[i]));
		int x = (a->g.cols - w) / 2;
		screen_text(y < 0 ? 0 : y, x < 0 ? 0 : x, a->g.cols, lines[i], strlen(lines[i]),
		            style(STYLE_TITLE));
	}
}

static void app_draw(struct app *a)
{
	uint32_t vbar = 0x2502;

	vt_geometry(a);
	screen_erase();
	if (a->g.too_small) {
		draw_too_small(a);
		return;
	}
	if (a->open) {
		vt_reveal(a);
		vt_draw(a);
	}
	if (a->g.pw > 0) {
		if (a->g.px > 0)
			for (int y = 0; y < a->g.th; y++)
				screen_put(y, a->g.px - 1, &vbar, 1, style(STYLE_SEPARATOR));
		pane_counts(a);
		vc_draw(&a->pane, (struct rect){a->g.px, 0, a->g.pw, a->g.th});
	}
	vt_status(a);
	screen_cursor(-1, 0);
}

/* frame: the view_host's frame (view.h): what lies beneath a view */
static bool frame(void *ctx, enum view_layer layer, struct rect *area)
{
	struct app *a = ctx;

	if (layer == VIEW_OVERLAY) {
		app_draw(a);
		*area = (struct rect){0, 0, a->g.cols, a->g.rows};
		return !a->g.too_small;
	}
	vt_geometry(a);
	screen_erase();
	screen_cursor(-1, 0);
	if (a->g.too_small) {
		draw_too_small(a);
		return false;
	}
	*area = (struct rect){0, 0, a->g.cols, a->g.rows};
	if (layer == VIEW_FULL) {
		area->h -= 2;
		vt_status(a);
	}
	return true;
}

/* ---- the list views ---- */

static void run_list(struct app *a)
{
	struct list_input in = {a->p, a->ds, a->coder, a->open ? (long)a->doc : -1, a->blind};
	long d = list_run(&a->host, &in);

	if (d >= 0)
		app_open_doc(a, (size_t)d);
}

static void run_tally(struct app *a)
{
	struct tally_input in = {a->p, counts(a), a->coder, a->open ? (long)a->doc : -1, a->blind};

	vtally_run(&a->host, &in);
}

/* jump: open the chosen passage's transcript with the passage as the selection */
static void jump(struct app *a, const struct view_jump *j)
{
	if (!a->open || a->doc != j->doc)
		app_open_doc(a, j->doc);
	a->selecting = false;
	vt_goto(a, j->start);
	if (j->end > j->start) {
		a->selecting = true;
		a->anc_s = a->sel_s = j->start;
		a->anc_e = a->sel_e = j->end > a->t->len ? a->t->len : j->end;
		vt_reveal(a);
	}
	if (!a->ds[a->doc].ro) /* a read-only document's reason stays on the screen */
		app_message(a, false,
		            "the passage is selected (Esc clears it); Backspace goes back "
		            "to the list");
}

/* run_back: run again the list the coder last jumped from (KA_BACK), or a new one */
static void run_back(struct app *a, int which)
{
	struct view_jump j;
	bool go;

	if (which == BACK_RETRIEVE) {
		vretrieve_refresh(a->retr);
		go = vretrieve_run(a->retr, &a->host, &j);
	} else if (which == BACK_MEMOS) {
		vmemos_refresh(a->memos);
		go = vmemos_run(a->memos, &a->host, &j);
	} else {
		app_message(a, false, "no passage or memo list to go back to (r or i opens one)");
		return;
	}
	a->back = which;
	if (go)
		jump(a, &j);
}

/* ---- the review queue (view_review.c): its changes made as a code key makes them ---- */

/* review_accept: code the candidate with apply_new and note suggested_by on the coding */
static bool review_accept(struct app *a, const struct review_change *c)
{
	const char *id = a->p->cb->codes[c->code].id;
	size_t mark = a->undo.pos;

	if (!apply_new(a, c->code, c->start, c->end))
		return false;
	for (size_t i = 0; a->undo.pos != mark && i < a->cs->len; i++) {
		struct coding *cd = &a->cs->items[i];
		if (strcmp(cd->code, id) == 0 && cd->start <= c->start && cd->end >= c->end) {
			review_mark_suggested(cd, c->by);
			return save_doc(a, a->doc);
		}
	}
	return true;
}

static void run_review(struct app *a, bool search)
{
	struct review_change c;
	char msg[512];

	if (!a->review)
		a->review = vreview_new(a->p, a->coder);
	if (search) {
		char *pat = prompt_run(a, "search every transcript: ", a->pattern);
		bool go;
		if (!pat || !*pat) {
			free(pat);
			return;
		}
		go = vreview_search(a->review, &a->host, pat,
		                    (has_upper(pat) ? 0 : SEARCH_CASELESS) | a->search_flags, msg,
		                    sizeof(msg));
		free(pat);
		if (msg[0])
			app_message(a, !go, "%s", msg);
		if (!go)
			return;
	} else {
		vreview_refresh(a->review);
	}
	while (vreview_run(a->review, &a->host, &c, msg, sizeof(msg))) {
		bool ok = false;
		size_t before = a->undo.pos;
		if (a->ds[c.doc].ro || !a->ds[c.doc].cs) {
			vreview_changed(a->review, false, 0, 0,
			                a->ds[c.doc].ro ? a->ds[c.doc].ro : "not writable");
			continue;
		}
		if (!a->open || a->doc != c.doc)
			app_open_doc(a, c.doc);
		if (c.kind == RC_ACCEPT) {
			ok = check_writable(a) && review_accept(a, &c);
		} else if (a->undo.pos == c.undo_mark) {
			do_undo(a, false);
			ok = a->undo.pos != before;
		}
		vreview_changed(a->review, ok, before, a->undo.pos,
		                c.kind == RC_UNDO && !ok
		                    ? "the coding was changed since: undo it in "
		                      "the transcript (u)"
		                    : a->status.msg);
	}
	if (msg[0])
		app_message(a, false, "%s", msg);
}

static void run_retrieve(struct app *a)
{
	long c = pick_any_code(a, "Passages of which code or theme? (type to filter)");

	if (c < 0)
		return;
	vretrieve_free(a->retr);
	a->retr = vretrieve_new(a->p, (int)c);
	run_back(a, BACK_RETRIEVE);
}

static void run_memos(struct app *a)
{
	vmemos_free(a->memos);
	a->memos = vmemos_new(a->p, a->open ? (long)a->doc : -1);
	run_back(a, BACK_MEMOS);
}

/* ---- the main loop ---- */

static bool quit(struct app *a)
{
	for (size_t i = 0; i < a->p->ndocs; i++) {
		if (a->ds[i].dirty && !save_doc(a, i) && !a->quit_armed) {
			a->quit_armed = true;
			app_message(a, true, "%s NOT SAVED; press q again to quit anyway",
			            a->p->docs[i].t->name);
			return false;
		}
	}
	return true;
}

/* toggle_others: show or hide the other coders' codings of this transcript */
static void toggle_others(struct app *a)
{
	const struct doc *doc = &a->p->docs[a->doc];
	size_t n = 0;

	for (size_t s = 0; s < doc->nsets; s++)
		n += strcmp(doc->sets[s]->coder, a->coder) != 0;
	a->show_others = !a->show_others;
	if (!a->show_others)
		app_message(a, false, "other coders' codings hidden");
	else if (n == 0)
		app_message(a, false, "no other coder has coded %s", a->t->name);
	else
		app_message(a, false,
		            "the codings of %zu other coder%s, dim and underlined (read-only)", n,
		            n == 1 ? "" : "s");
}

static bool main_action(struct app *a, enum keyaction act)
{
	long half = a->g.th / 2 > 0 ? a->g.th / 2 : 1, page = a->g.th > 2 ? a->g.th - 2 : 1;

	switch (act) {
	case KA_DOWN:
		vt_leave_word(a);
		vt_move_unit(a, 1);
		break;
	case KA_UP:
		vt_leave_word(a);
		vt_move_unit(a, -1);
		break;
	case KA_WORD_NEXT:
	case KA_WORD_PREV:
	case KA_WORD_END:
	case KA_UNIT_START:
	case KA_UNIT_END:
		vt_word_move(a, act == KA_WORD_NEXT    ? WM_NEXT
		                : act == KA_WORD_PREV  ? WM_PREV
		                : act == KA_WORD_END   ? WM_END
		                : act == KA_UNIT_START ? WM_UNIT_START
		                                       : WM_UNIT_END);
		break;
	case KA_SELECT_MATCH:
		vt_select_match(a);
		break;
	case KA_OTHERS:
		toggle_others(a);
		break;
	case KA_SUGGESTION:
		a->pane_code = vt_next_suggestion(a);
		break;
	case KA_HALF_DOWN:
		vt_scroll(a, half, true);
		break;
	case KA_HALF_UP:
		vt_scroll(a, -half, true);
		break;
	case KA_PAGE_DOWN:
		vt_scroll(a, page, false);
		break;
	case KA_PAGE_UP:
		vt_scroll(a, -page, false);
		break;
	case KA_TOP:
		vt_first_unit(a);
		break;
	case KA_BOTTOM:
		a->top = layout_last(&a->lay);
		layout_move(&a->lay, &a->top, -(long)(a->g.th - 1));
		vt_last_unit(a);
		break;
	case KA_NEXT_TURN:
		jump_turn(a, 1);
		break;
	case KA_PREV_TURN:
		jump_turn(a, -1);
		break;
	case KA_NEXT_CODED:
		jump_coded(a, 1);
		break;
	case KA_PREV_CODED:
		jump_coded(a, -1);
		break;
	case KA_NEXT_WITH:
		jump_with_code(a, 1);
		break;
	case KA_PREV_WITH:
		jump_with_code(a, -1);
		break;
	case KA_GOTO_LINE:
		goto_line(a);
		break;
	case KA_SEARCH:
		search_prompt(a, false);
		break;
	case KA_SEARCH_BACK:
		search_prompt(a, true);
		break;
	case KA_MATCH_NEXT:
		vt_search(a, false, false);
		break;
	case KA_MATCH_PREV:
		vt_search(a, true, false);
		break;
	case KA_UNIT:
		if (a->unit == UNIT_WORD)
			vt_leave_word(a);
		else
			a->unit = (a->unit + 1) % 3;
		vt_select_update(a);
		app_message(a, false, "unit: %s",
		            a->unit == UNIT_TURN
		                ? "turn"
		                : (a->unit == UNIT_SENTENCE ? "sentence" : "line"));
		break;
	case KA_SELECT:
		if (a->selecting) {
			a->selecting = false;
			break;
		}
		a->selecting = true;
		vt_unit_bounds(a, a->pos, &a->anc_s, &a->anc_e);
		a->sel_s = a->anc_s, a->sel_e = a->anc_e;
		app_message(a, false, "selecting: move to extend, press a code key to code");
		break;
	case KA_END_LEFT:
		vt_word_adjust(a, true, -1);
		break;
	case KA_END_RIGHT:
		vt_word_adjust(a, true, 1);
		break;
	case KA_START_LEFT:
		vt_word_adjust(a, false, -1);
		break;
	case KA_START_RIGHT:
		vt_word_adjust(a, false, 1);
		break;
	case KA_CANCEL:
		if (a->selecting)
			a->selecting = false;
		else
			a->have_match = false, search_free(a->re), a->re = NULL;
		break;
	case KA_PICK_CODE:
		pick_code(a);
		break;
	case KA_REMOVE:
		remove_coding(a);
		break;
	case KA_MEMO:
		edit_memo(a);
		break;
	case KA_INVIVO:
		in_vivo(a);
		break;
	case KA_UNDO:
		do_undo(a, false);
		break;
	case KA_COMPARE:
		compare_toggle(a);
		break;
	case KA_NEXT_DIFF:
		compare_move(a, 1);
		break;
	case KA_PREV_DIFF:
		compare_move(a, -1);
		break;
	case KA_COPY_OTHER:
		compare_copy(a);
		break;
	case KA_REDO:
		do_undo(a, true);
		break;
	default:
		return false;
	}
	return true;
}

static bool global_action(struct app *a, enum keyaction act)
{
	switch (act) {
	case KA_TALLY:
		run_tally(a);
		break;
	case KA_LIST:
		run_list(a);
		break;
	case KA_RETRIEVE:
		run_retrieve(a);
		break;
	case KA_REVIEW:
	case KA_PROJECT_SEARCH:
		run_review(a, act == KA_PROJECT_SEARCH);
		break;
	case KA_MEMOS:
		run_memos(a);
		break;
	case KA_BACK:
		run_back(a, a->back);
		break;
	case KA_FOCUS:
		a->pane.focus = !a->pane.focus;
		break;
	case KA_HELP:
		help_run(&a->host);
		break;
	case KA_REDRAW:
		screen_redraw();
		break;
	default:
		return false;
	}
	return true;
}

/* pane_key: a key while the codebook pane has the focus; false to quit */
static bool pane_key(struct app *a, int key)
{
	switch (vc_key(&a->pane, key)) {
	case VC_APPLY:
		a->pane.focus = false;
		if (a->open)
			app_apply_code(a, vc_selected(&a->pane));
		break;
	case VC_LEAVE:
		a->pane.focus = false;
		break;
	case VC_UNKNOWN:
		app_message(a, true, "unknown key here (Tab or Esc goes back)");
		break;
	case VC_RECODE:
		run_recode(a, keymap_lookup(KC_CODEBOOK, key));
		break;
	case VC_NONE:
		break;
	}
	return keymap_lookup(KC_CODEBOOK, key) != KA_QUIT || !quit(a);
}

static bool handle_key(struct app *a, int key)
{
	enum keyaction act;
	int code;

	if (key == SK_RESIZE || key == SK_NONE)
		return true;
	if (key == SK_MOUSE) {
		if ((code = vm_event(a)) >= 0) { /* a click on a code in the pane */
			vc_select(&a->pane, code);
			if (a->open)
				app_apply_code(a, code);
		}
		return true;
	}
	if (a->g.too_small)
		return keymap_lookup(KC_MAIN, key) != KA_QUIT || !quit(a);
	if (a->pane.focus)
		return pane_key(a, key);
	act = keymap_lookup(KC_MAIN, key);
	if (act == KA_QUIT)
		return !quit(a);
	if (act != KA_NONE && (main_action(a, act) || global_action(a, act)))
		return true;
	code = key > 0 && key < 128 && strchr(CODEBOOK_KEYS, key)
	           ? codebook_by_key(a->p->cb, (uint32_t)key)
	           : -1;
	if (code >= 0)
		app_apply_code(a, code);
	else if (key > 0 && key < 128 && strchr(CODEBOOK_KEYS, key))
		app_message(a, true, "no code has the key %c", key);
	else
		app_message(a, true, "unknown key (press ? for help)");
	return true;
}

static void run(struct app *a)
{
	for (;;) {
		int key;
		size_t was_pos, was_doc;

		if (!a->open) {
			run_list(a);
			if (!a->open)
				return;
		}
		app_draw(a);
		screen_refresh();
		key = screen_getkey(-1);
		if (key != SK_NONE && key != SK_RESIZE) {
			a->status.msg[0] = '\0';
			if (keymap_lookup(KC_MAIN, key) != KA_QUIT)
				a->quit_armed = false;
		}
		was_pos = a->pos, was_doc = a->doc;
		if (!handle_key(a, key))
			return;
		if (a->pos != was_pos || a->doc != was_doc) /* the pane follows the cursor */
			follow_cursor(a);
		if (a->cmp && vcompare_unit(a->cmp) != vt_agree_unit(a)) /* s, or the word cursor */
			vcompare_update(a->cmp, a->cs, vt_agree_unit(a));
		if (a->cmp && a->open && !a->status.msg[0])
			compare_say(a);
		if (a->pane_code >= 0) /* or shows the code a key was about */
			vc_select(&a->pane, a->pane_code);
		a->pane_code = -1;
	}
}

/* ---- start and end ---- */

static struct project *load(const struct tui_opts *o)
{
	struct project_opts po = {0};
	struct diags d;
	struct project *p;

	po.codebook = o->codebook;
	po.paths = o->paths;
	po.npaths = o->npaths;
	if (o->blind) { /* independent coding: other coders' codings are never loaded */
		po.coders = &o->coder;
		po.ncoders = 1;
	}
	diags_init(&d);
	p = project_open(&po, &d);
	diags_print(&d, stderr, DIAG_ERROR);
	diags_done(&d);
	if (p && !p->cb) {
		diags_print(&p->diags, stderr, DIAG_ERROR);
		project_free(p);
		return NULL;
	}
	if (p && p->ndocs == 0) {
		diags_print(&p->diags, stderr, DIAG_ERROR);
		fputs("gloss: no transcripts to open\n", stderr);
		project_free(p);
		return NULL;
	}
	return p;
}

static void app_free(struct app *a)
{
	for (size_t i = 0; i < a->p->ndocs; i++)
		release_lock(&a->ds[i]);
	if (a->open)
		layout_done(&a->lay);
	undo_done(&a->undo);
	search_free(a->re);
	free(a->pattern);
	overlap_done(&a->ix);
	free(a->ref_code);
	tallycache_free(a->counts);
	vc_done(&a->pane);
	vretrieve_free(a->retr);
	vmemos_free(a->memos);
	vreview_free(a->review);
	vcompare_free(a->cmp);
	free(a->cnt_doc);
	free(a->cnt_all);
	free(a->ds);
	project_free(a->p);
}

int tui_main(const struct tui_opts *o)
{
	struct app a;
	const char *nc = getenv("NO_COLOR");
	char err[256];

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("gloss: the interactive coder needs a terminal; use 'gloss tally', "
		      "'gloss grep' or 'gloss check' in scripts\n",
		      stderr);
		return GLOSS_EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	utf8_ctype();
	memset(&a, 0, sizeof(a));
	a.coder = o->coder;
	a.blind = o->blind;
	a.opts = o;
	if (!(a.p = load(o)))
		return GLOSS_EXIT_PROBLEMS;
	a.search_flags = o->exact_quotes || a.p->settings->exact_quotes ? SEARCH_EXACT_QUOTES : 0;
	a.mouse = !o->no_mouse && a.p->settings->mouse;
	a.ds = xcalloc(a.p->ndocs, sizeof(*a.ds));
	for (size_t i = 0; i < a.p->ndocs; i++)
		find_codings(&a, i);
	for (size_t i = 0; i < a.p->ndocs; i++)
		if (a.p->cb_errors && !a.ds[i].ro)
			a.ds[i].ro = "read-only: the codebook has errors (see gloss check)";
	undo_init(&a.undo);
	if (!screen_open(nc && *nc, err, sizeof(err))) {
		fprintf(stderr, "gloss: %s\n", err);
		app_free(&a);
		return GLOSS_EXIT_USAGE;
	}
	style_init(screen_colors());
	a.host = (struct view_host){&a, frame};
	vc_init(&a.pane);
	vc_set(&a.pane, a.p->cb, NULL, NULL);
	a.pane_code = -1;
	if (a.mouse)
		screen_mouse_on();
	vt_geometry(&a);
	if (a.p->ndocs == 1)
		app_open_doc(&a, 0);
	run(&a);
	screen_close();
	app_free(&a);
	return GLOSS_EXIT_OK;
}
