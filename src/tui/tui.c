/* tui.c — the interactive coder: start-up, the event loop, the message line, and the keys
 * that change data (made and saved by the session, session.h) or the compare view; the
 * transcript view's own keys are its vt_ops (view_transcript.c). */
#include "tui.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/exitstatus.h"
#include "gloss/gitsetup.h"
#include "keymap.h"
#include "gloss/session.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/repair.h"
#include "gloss/review.h"
#include "gloss/search.h"
#include "gloss/settings.h"
#include "style.h"
#include "tallycache.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "app.h"
#include "view_codebook.h"
#include "view_compare.h"
#include "view_help.h"
#include "view_list.h"
#include "view_memoedit.h"
#include "view_memos.h"
#include "view_mouse.h"
#include "view_picker.h"
#include "view_prompt.h"
#include "view_recode.h"
#include "view_repair.h"
#include "view_retrieve.h"
#include "view_tally.h"
#include "view_transcript.h"
#include "view_review.h"

static void app_draw(struct app *a);

/* ask: the view_host's ask (view.h): the prompt over the coder's screen, its message
 * cleared */
static char *ask(void *ctx, const char *label, const char *initial)
{
	struct app *a = ctx;

	a->status.msg[0] = '\0';
	return prompt_run(&a->host, label, initial);
}

/* ---- counts for the codebook pane and the tally view ---- */

/* counts: the project's tally, made on first use and kept up to date one document at a
 * time (tallycache.h) */
static struct tallycache *counts(struct app *a)
{
	if (!a->counts)
		a->counts = tallycache_new(a->sess.p);
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
	size_t n = a->sess.p->cb->ncodes;
	unsigned long v = tallycache_version(tc) * 2 + (a->sess.open ? 1 : 0);

	if (a->cnt_doc && v == a->counts_version && a->pane.lv.n == n &&
	    a->counts_doc == a->sess.doc)
		return;
	a->cnt_doc = xreallocarray(a->cnt_doc, n ? n : 1, sizeof(size_t));
	a->cnt_all = xreallocarray(a->cnt_all, n ? n : 1, sizeof(size_t));
	fill_counts(a->cnt_doc, n, a->sess.open ? tallycache_doc(tc, a->sess.doc) : NULL);
	fill_counts(a->cnt_all, n, tallycache_project(tc));
	a->counts_version = v;
	a->counts_doc = a->sess.doc;
	vc_set(&a->pane, a->sess.p->cb, a->cnt_doc, a->cnt_all);
}

/* follow_cursor: highlight in the pane the code of the first coding at the cursor */
static void follow_cursor(struct app *a)
{
	struct overlap_ref r[16];
	size_t s, e, n;

	if (a->pane.focus || !a->sess.open || !a->ix.n)
		return;
	vt_range(a, &s, &e);
	n = vt_covering(a, a->pos, a->pos + 1, r, 16);
	if (n == 0)
		n = vt_covering(a, s, e, r, 16);
	if (n > 0) {
		int c = codebook_find(a->sess.p->cb, overlap_coding(&a->ix, &r[0])->code);
		if (c >= 0)
			vc_select(&a->pane, c);
	}
}

/* ---- opening documents ---- */

/* coder_set: the codings of document doc by coder, or NULL */
static struct codings *coder_set(const struct app *a, size_t doc, const char *coder)
{
	const struct doc *d = &a->sess.p->docs[doc];

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

/* compare_speakers: the turns the compare view compares (gloss.yaml's agree:, gloss(5)) */
static struct agree_speakers compare_speakers(const struct app *a)
{
	const struct settings *st = a->sess.p->settings;

	return (struct agree_speakers){(const char *const *)st->agree_speakers, st->nagree_speakers,
	                               (const char *const *)st->agree_not_speakers,
	                               st->nagree_not_speakers};
}

static void compare_stop(struct app *a)
{
	vcompare_free(a->cmp);
	a->cmp = NULL;
}

static void app_open_doc(struct app *a, size_t doc)
{
	char *other = NULL;

	if (a->sess.open)
		layout_done(&a->lay);
	session_open_doc(&a->sess, doc);
	a->t = a->sess.p->docs[doc].t;
	if (a->cmp) { /* go on comparing with the same coder, if they coded this one */
		struct codings *o = coder_set(a, doc, vcompare_coder(a->cmp));
		other = xstrdup(vcompare_coder(a->cmp));
		compare_stop(a);
		if (o && counted(o)) {
			struct agree_speakers sp = compare_speakers(a);
			a->cmp =
			    vcompare_new(a->t, a->sess.p->cb, a->sess.cs, o, vt_agree_unit(a), &sp);
		}
	}
	layout_init(&a->lay, a->t, 1);
	a->selecting = false;
	a->have_match = false;
	vt_geometry(a);
	vt_index(a);
	vt_first_unit(a);
	follow_cursor(a);
	session_say_state(&a->sess);
	if (other && !a->cmp)
		app_message(a, false, "%s has not coded %s: compare view closed", other,
		            a->t->name);
	free(other);
}

/* ---- a codebook change across the project ---- */

/* reloaded: the codebook and every codings set were read again (session_reload); what
 * was built on the old ones (the compare view, counts, lists) is dropped */
static void reloaded(struct app *a)
{
	compare_stop(a);
	vt_geometry(a);
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
	vc_set(&a->pane, a->sess.p->cb, NULL, NULL);
	if (a->sess.open)
		vt_index(a);
}

/* recode: a codebook change across the project (session_recode) */
static void recode(struct app *a, struct recode_opts *o, struct recode_result *r, struct diags *d)
{
	if (session_recode(&a->sess, o, a->opts ? a->opts->paths : NULL,
	                   a->opts ? a->opts->npaths : 0, r, d))
		reloaded(a);
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
	if (!vr_ask(&a->host, a->sess.p->cb, act, code, &o)) {
		app_message(a, false, "nothing changed");
		vr_free(&o);
		return;
	}
	diags_init(&d);
	recode(a, &o, &r, &d);
	if (r.status == RECODE_IN_USE && vr_in_use(&a->host, &o, &r)) {
		recode_result_done(&r);
		diags_done(&d);
		diags_init(&d);
		o.force = true;
		recode(a, &o, &r, &d);
	}
	vr_say(&a->status, &o, &r, &d);
	if (r.status == RECODE_DONE && act != KA_DELETE_CODE) /* the highlight follows it */
		vc_select(&a->pane,
		          codebook_find(a->sess.p->cb, act == KA_MOVE_CODE || !o.to ? o.id : o.to));
	recode_result_done(&r);
	diags_done(&d);
	vr_free(&o);
}

/* ---- coding changes (session.h makes and saves them) ---- */

/* app_say, app_merged: the session's events (session.h) */
static void app_say(void *ctx, bool err, const char *msg)
{
	app_message(ctx, err, "%s", msg);
}

static void app_merged(void *ctx, size_t doc)
{
	struct app *a = ctx;

	if (a->counts) /* codings taken from disk count too */
		tallycache_update(a->counts, doc);
}

/* after_change: the coder's codings of the open document changed: index and count them
 * again */
static void after_change(struct app *a)
{
	vt_index(a);
	if (a->counts)
		tallycache_update(a->counts, a->sess.doc);
}

/* app_apply_code: a code key: the code on the selection or the cursor unit (session.h:
 * removed when it is there exactly, else one passage, one coding) */
static bool app_apply_code(struct app *a, int code)
{
	enum session_apply_result r;
	size_t s, e;

	if (!session_writable(&a->sess))
		return false;
	vt_range(a, &s, &e);
	r = session_apply_code(&a->sess, code, s, e);
	if (r == SESSION_REFUSED)
		return false;
	a->selecting = false;
	if (r != SESSION_REMOVED)
		vc_select(&a->pane, code);
	if (r != SESSION_COVERED)
		after_change(a);
	a->coded.key = 0;
	if (r == SESSION_CODED || r == SESSION_EXTENDED || r == SESSION_COVERED) {
		a->coded.key = a->nkeys;
		a->coded.doc = a->sess.doc;
		a->coded.start = s;
		a->coded.end = e;
		a->coded.code = code;
	}
	return true;
}

/* just_coded: the coding the key before this one made (app_apply_code), or -1 */
static long just_coded(const struct app *a)
{
	const char *id;

	if (!a->coded.key || a->coded.key + 1 != a->nkeys || a->coded.doc != a->sess.doc ||
	    a->coded.code < 0 || (size_t)a->coded.code >= a->sess.p->cb->ncodes)
		return -1;
	id = a->sess.p->cb->codes[a->coded.code].id;
	for (size_t i = 0; i < a->sess.cs->len; i++) {
		const struct coding *cd = &a->sess.cs->items[i];

		if (strcmp(cd->code, id) == 0 && cd->start <= a->coded.start &&
		    cd->end >= a->coded.end)
			return (long)i;
	}
	return -1;
}

static char *coding_label(struct app *a, const struct coding *cd)
{
	int c = codebook_find(a->sess.p->cb, cd->code);
	struct strbuf sb = STRBUF_INIT;
	size_t qn = cd->end - cd->start;

	sb_printf(&sb, "%s  \"", c >= 0 ? a->sess.p->cb->codes[c].name : cd->code);
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
		labels[i] = coding_label(a, &a->sess.cs->items[item_of(&r[i])]);
	res = picker_choose(&a->host, title, labels, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	return res < 0 ? -1 : item_of(&r[res]);
}

static const char *code_name(const struct app *a, const char *id)
{
	int c = codebook_find(a->sess.p->cb, id);

	return c >= 0 ? a->sess.p->cb->codes[c].name : id;
}

static void remove_coding(struct app *a)
{
	long i;

	if (!session_writable(&a->sess) || (i = pick_coding(a, "Remove which coding?")) < 0)
		return;
	if (session_remove(&a->sess, (size_t)i))
		after_change(a);
}

static void edit_memo(struct app *a)
{
	long i;
	char *memo;

	if (!session_writable(&a->sess))
		return;
	if ((i = just_coded(a)) < 0 && (i = pick_coding(a, "Memo on which coding?")) < 0)
		return;
	{
		char *title = xasprintf("Memo on %s", code_name(a, a->sess.cs->items[i].code));

		memo = memoedit_run(&a->host, title,
		                    a->sess.cs->items[i].memo ? a->sess.cs->items[i].memo : "");
		free(title);
	}
	if (!memo)
		return;
	if (session_set_memo(&a->sess, (size_t)i, memo))
		after_change(a);
	free(memo);
}

/* pick_any_code: a code or theme from the code picker (typing filters), or -1 */
static long pick_any_code(struct app *a, const char *title)
{
	long r = code_pick_run(&a->host, a->sess.p->cb, title, CP_KEYS, -1);

	return r < 0 ? -1 : r;
}

static void pick_code(struct app *a)
{
	long r;

	if (!session_writable(&a->sess))
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

/* pick_parent: the theme a new code goes under: a code, -1 for the top level, -2 when the
 * coder cancels */
static long pick_parent(struct app *a)
{
	const struct codebook *cb = a->sess.p->cb;
	int c = vc_selected(&a->pane); /* starts on the highlighted code's theme */

	if (c >= 0 && !cb->codes[c].nchildren)
		c = cb->codes[c].parent;
	return code_pick_run_from(&a->host, cb, "Put the new code under which theme?",
	                          CP_TOP | CP_THEMES, -1, c);
}

static void in_vivo(struct app *a)
{
	char *def, *name, *id;
	long parent;
	struct diags d;
	char *pid;

	if (!session_writable(&a->sess))
		return;
	if (a->sess.p->cb_errors) {
		app_message(a, true, "the codebook has errors; fix them first (gloss check)");
		return;
	}
	def = default_code_name(a);
	name = ask(a, "new code name: ", def);
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
	pid = parent >= 0 ? xstrdup(a->sess.p->cb->codes[parent].id) : NULL;
	diags_init(&d);
	if (!session_add_code(&a->sess, pid, name, &id, &d)) {
		char *m = d.len ? diag_format(&d.items[0]) : xstrdup("cannot add the code");
		app_message(a, true, "%s", m);
		free(m);
	} else {
		int c = codebook_find(a->sess.p->cb, id);
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

/* ---- repairing codings that could not be placed (view_repair.c) ---- */

/* other_ok: may the repair change coder's codings file? Asked once a session, one key */
static bool other_ok(struct app *a, const char *coder)
{
	int key;

	for (size_t i = 0; i < a->nrepair_ok; i++)
		if (strcmp(a->repair_ok[i], coder) == 0)
			return true;
	app_message(a, false, "this changes %s's codings file: go on? (y/N)", coder);
	app_draw(a);
	screen_refresh();
	key = screen_getkey(-1);
	if (key != 'y' && key != 'Y') {
		app_message(a, false, "%s's codings left as they were", coder);
		return false;
	}
	a->repair_ok = xreallocarray(a->repair_ok, a->nrepair_ok + 1, sizeof(*a->repair_ok));
	a->repair_ok[a->nrepair_ok++] = xstrdup(coder);
	return true;
}

/* repaired: after a repair in set c: index, counts, and for the coder's own set the
 * session's save (another coder's was saved by repair_commit) */
static void repaired(struct app *a, struct codings *c, const char *msg)
{
	after_change(a);
	if (c == a->sess.cs)
		session_changed(&a->sess, msg);
	else
		app_message(a, false, "%s", msg);
}

static void run_repair(struct app *a)
{
	const struct doc *d = &a->sess.p->docs[a->sess.doc];
	struct repair_input in = {a->t,          a->sess.p->cb, d->sets,  d->nsets,
	                          a->sess.coder, a->selecting,  a->sel_s, a->sel_e};
	struct repair_choice ch;
	struct codings *c;
	char msg[256], whose[96], err[512];
	size_t at, left;
	enum repair_result r;

	if (repair_count(d->sets, d->nsets) == 0) {
		app_message(a, false, "every coding of %s is placed", a->t->name);
		return;
	}
	if (!vrepair_run(&a->host, &in, &a->repair_row, &ch))
		return;
	c = d->sets[ch.set];
	if (ch.what == REPAIR_DO_JUMP) {
		vt_goto(a, ch.start);
		a->selecting = true;
		a->anc_s = a->sel_s = ch.start;
		a->anc_e = a->sel_e = ch.end;
		vt_reveal(a);
		app_message(a, false,
		            "the place is selected: ! then p places the coding here "
		            "(or adjust it and press ! then s)");
		return;
	}
	if (c != a->sess.cs && c->coder && strcmp(c->coder, a->sess.coder) == 0) { /* yours */
		const char *ro = session_readonly(&a->sess);
		app_message(a, true, "%s", ro ? ro : "read-only");
		return;
	}
	if (c == a->sess.cs ? !session_writable(&a->sess) : !other_ok(a, c->coder))
		return;
	snprintf(whose, sizeof(whose), "%s%s", c == a->sess.cs ? "" : c->coder,
	         c == a->sess.cs ? "" : "'s ");
	snprintf(msg, sizeof(msg), "%s %s%s", ch.what == REPAIR_DO_REMOVE ? "removed" : "placed",
	         whose, code_name(a, c->items[ch.item].code));
	r = repair_commit(c, ch.item, ch.what == REPAIR_DO_PLACE, ch.start, ch.end, &a->sess.undo,
	                  a->sess.doc, c != a->sess.cs, &at, err, sizeof(err));
	if (r != REPAIR_PLACED) {
		vt_index(a);
		if (r == REPAIR_NOT_SAVED)
			app_message(a, true, "NOT SAVED: %s; %s's codings left as they were", err,
			            c->coder);
		else
			app_message(
			    a, true,
			    r == REPAIR_EMPTY
			        ? "nothing to place it on there"
			        : "the code is on that passage already: x removes this one");
		return;
	}
	if (ch.what == REPAIR_DO_PLACE)
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), " at line %zu",
		         transcript_line_at(a->t, ch.start) + 1);
	a->selecting = false;
	if (ch.what == REPAIR_DO_PLACE)
		vt_goto(a, ch.start);
	left = repair_count(d->sets, d->nsets);
	if (left)
		snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg), "; %zu left (!)", left);
	repaired(a, c, msg);
}

static void do_undo(struct app *a, bool redo)
{
	size_t doc, at;

	if (!session_undo_doc(&a->sess, redo, &doc))
		return;
	if (doc != a->sess.doc) {
		app_open_doc(a, doc);
		if (!session_writable(&a->sess))
			return;
	}
	if (!session_undo(&a->sess, redo, &at))
		return;
	a->selecting = false;
	after_change(a);
	vt_goto(a, at); /* the passage of the coding undone (an undone add is gone) */
}

/* ---- the compare view (view_compare.c) ---- */

/* compare_start: compare with a coder chosen among those who coded the open document */
static void compare_start(struct app *a)
{
	const struct doc *d = &a->sess.p->docs[a->sess.doc];
	char **labels = xcalloc(d->nsets + 1, sizeof(*labels));
	struct codings **sets = xcalloc(d->nsets + 1, sizeof(*sets));
	size_t n = 0;
	long r = -1;

	for (size_t k = 0; k < d->nsets; k++) {
		size_t c = counted(d->sets[k]);
		if (d->sets[k] == a->sess.cs || !d->sets[k]->coder ||
		    strcmp(d->sets[k]->coder, a->sess.coder) == 0 || c == 0)
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
		struct agree_speakers sp = compare_speakers(a);
		a->cmp =
		    vcompare_new(a->t, a->sess.p->cb, a->sess.cs, sets[r], vt_agree_unit(a), &sp);
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
		            "coding blind (%s): other coders' codings are not shown; %s to compare",
		            a->blind_why,
		            a->opts->blind ? "open without --blind" : "set blind: false");
	} else if (a->sess.open) {
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
	long r = 0;
	char msg[256];
	const struct coding *cd;
	char *code;
	size_t cs, ce;

	if (!comparing(a) || !session_writable(&a->sess))
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
	snprintf(msg, sizeof(msg), "copied %s's %s", vcompare_coder(a->cmp), code_name(a, code));
	if (session_add(&a->sess, code, cs, ce, NULL, msg) >= 0) {
		a->selecting = false;
		after_change(a);
	}
	free(code);
}

/* compare_say: what the disagreement at the cursor is, when there is one */
static void compare_say(struct app *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t s, e;

	vt_range(a, &s, &e);
	if (vcompare_describe(a->cmp, s, e, a->sess.coder, &sb))
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
	if (a->sess.open) {
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

/* help: the view_host's help (view.h) */
static void help(void *ctx)
{
	struct app *a = ctx;

	help_run(&a->host);
}

/* ---- the list views ---- */

static void doc_memo_of(struct app *a, size_t d);

static void run_list(struct app *a)
{
	struct list_input in = {a->sess.p,     a->sess.ds,
	                        a->sess.coder, a->sess.open ? (long)a->sess.doc : -1,
	                        a->blind,      0};
	long d;

	while ((d = list_run(&a->host, &in)) <= -2) { /* a memo on a transcript, then back */
		doc_memo_of(a, (size_t)(-2 - d));
		in.show = -1 - d;
	}
	if (d >= 0)
		app_open_doc(a, (size_t)d);
}

static void run_tally(struct app *a)
{
	struct tally_input in = {a->sess.p, counts(a), a->sess.coder,
	                         a->sess.open ? (long)a->sess.doc : -1,
	                         a->blind ? a->blind_why : NULL};

	vtally_run(&a->host, &in);
}

/* jump: open the chosen passage's transcript with the passage as the selection */
static void jump(struct app *a, const struct view_jump *j)
{
	if (!a->sess.open || a->sess.doc != j->doc)
		app_open_doc(a, j->doc);
	a->selecting = false;
	vt_goto(a, j->start);
	if (j->end > j->start) {
		a->selecting = true;
		a->anc_s = a->sel_s = j->start;
		a->anc_e = a->sel_e = j->end > a->t->len ? a->t->len : j->end;
		vt_reveal(a);
	}
	if (!a->sess.ds[a->sess.doc].ro) /* a read-only document's reason stays on the screen */
		app_message(a, false,
		            "the passage is selected (Esc clears it); Backspace goes back "
		            "to the list");
}

/* ---- memos on a document, a code and the project (memos.h; issue 21) ---- */

/* unit_memos: the memos files, read on first use (the coder's own only when blind) */
static struct memos *unit_memos(struct app *a)
{
	struct diags d;

	if (a->umemos)
		return a->umemos;
	diags_init(&d);
	a->umemos = memos_load(".", a->blind ? &a->sess.coder : NULL, a->blind ? 1 : 0, &d);
	if (d.len) { /* a file with problems is kept read-only (memos.h): say the first */
		char *msg = diag_format(&d.items[0]);
		app_message(a, true, "%s", msg);
		free(msg);
	}
	diags_done(&d);
	return a->umemos;
}

/* edit_unit_memo: the coder writes or edits their memo on (kind, target) */
static void edit_unit_memo(struct app *a, enum memo_kind kind, const char *target,
                           const char *label)
{
	struct memos *m = unit_memos(a);
	long i = memos_find(m, a->sess.coder, kind, target);
	char *title = xasprintf("Memo on %s", label), *text, err[512];

	text = memoedit_run(&a->host, title, i >= 0 ? m->items[i].text : "");
	free(title);
	if (!text)
		return;
	if (memos_set(m, a->sess.coder, kind, target, text, NULL)) {
		if (memos_save(m, a->sess.coder, err, sizeof(err)) < 0)
			app_message(a, true, "memo NOT SAVED: %s", err);
		else if (*text)
			app_message(a, false, "memo saved on %s", label);
		else
			app_message(a, false, "memo on %s removed", label);
	}
	free(text);
}

static void doc_memo_of(struct app *a, size_t d)
{
	const struct transcript *t = a->sess.p->docs[d].t;
	const char *path = t->path;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	edit_unit_memo(a, MEMO_DOCUMENT, path, t->name);
}

static void doc_memo(struct app *a)
{
	if (a->sess.open)
		doc_memo_of(a, a->sess.doc);
}

static void code_memo(struct app *a, int c)
{
	const struct code *cd = &a->sess.p->cb->codes[c];

	edit_unit_memo(a, MEMO_CODE, cd->id, cd->name);
}

/* run_memo_list: the memo list, and what the coder asks of it (an edit, a code filter)
 * until a jump or the end; true with *j set on a jump */
static bool run_memo_list(struct app *a, struct view_jump *j)
{
	for (;;) {
		struct vmemos_edit e;
		enum vmemos_result r;

		vmemos_refresh(a->memos);
		r = vmemos_run(a->memos, &a->host, j, &e);
		if (r == VMEMOS_PICK_CODE) {
			vmemos_set_code(a->memos,
			                pick_any_code(a, "Memos of which code? (Esc: any)"));
		} else if (r == VMEMOS_EDIT && e.coder && strcmp(e.coder, a->sess.coder) != 0) {
			app_message(a, true, "%s's memo: only %s changes it", e.coder, e.coder);
		} else if (r == VMEMOS_EDIT) {
			char *target = xstrdup(e.target), *label;
			int c = e.kind == MEMO_CODE ? codebook_find(a->sess.p->cb, target) : -1;

			label = e.kind == MEMO_PROJECT ? xstrdup("the project")
			        : c >= 0               ? xstrdup(a->sess.p->cb->codes[c].name)
			                               : xstrdup(path_basename(target));
			edit_unit_memo(a, e.kind, target, label);
			free(label);
			free(target);
		} else {
			return r == VMEMOS_JUMP;
		}
	}
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
		go = run_memo_list(a, &j);
	} else {
		app_message(a, false, "no passage or memo list to go back to (r or i opens one)");
		return;
	}
	a->back = which;
	if (go)
		jump(a, &j);
}

/* ---- the review queue (view_review.c): its changes made as a code key makes them ---- */

/* review_accept: code the candidate as a code key adds a passage (never removing one)
 * and note suggested_by on the coding */
static bool review_accept(struct app *a, const struct review_change *c)
{
	const char *id = a->sess.p->cb->codes[c->code].id;
	size_t mark = a->sess.undo.pos;
	enum session_apply_result r = session_apply_new(&a->sess, id, c->start, c->end);

	if (r == SESSION_REFUSED || r == SESSION_COVERED)
		return false;
	for (size_t i = 0; a->sess.undo.pos != mark && i < a->sess.cs->len; i++) {
		struct coding *cd = &a->sess.cs->items[i];
		if (strcmp(cd->code, id) == 0 && cd->start <= c->start && cd->end >= c->end) {
			review_mark_suggested(cd, c->by);
			return session_save_doc(&a->sess, a->sess.doc);
		}
	}
	return true;
}

static bool pattern_has_upper(const char *s)
{
	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			return true;
	return false;
}

static void run_review(struct app *a, bool search)
{
	struct review_change c;
	char msg[512];

	if (!a->review)
		a->review = vreview_new(a->sess.p, a->sess.coder);
	if (search) {
		char *pat = ask(a, "search every transcript: ", a->pattern ? a->pattern : "");
		bool go;
		if (!pat || !*pat) {
			free(pat);
			return;
		}
		go =
		    vreview_search(a->review, &a->host, pat,
		                   (pattern_has_upper(pat) ? 0 : SEARCH_CASELESS) | a->search_flags,
		                   msg, sizeof(msg));
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
		size_t before = a->sess.undo.pos;
		if (a->sess.ds[c.doc].ro || !a->sess.ds[c.doc].cs) {
			vreview_changed(a->review, false, 0, 0,
			                a->sess.ds[c.doc].ro ? a->sess.ds[c.doc].ro
			                                     : "not writable");
			continue;
		}
		if (!a->sess.open || a->sess.doc != c.doc)
			app_open_doc(a, c.doc);
		if (c.kind == RC_ACCEPT) {
			ok = session_writable(&a->sess) && review_accept(a, &c);
		} else if (a->sess.undo.pos == c.undo_mark) {
			do_undo(a, false);
			ok = a->sess.undo.pos != before;
		}
		vreview_changed(a->review, ok, before, a->sess.undo.pos,
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
	a->retr = vretrieve_new(a->sess.p, (int)c);
	run_back(a, BACK_RETRIEVE);
}

static void run_memos(struct app *a)
{
	vmemos_free(a->memos);
	a->memos = vmemos_new(a->sess.p, a->sess.open ? (long)a->sess.doc : -1, unit_memos(a));
	run_back(a, BACK_MEMOS);
}

/* ---- the main loop ---- */

static bool quit(struct app *a)
{
	for (size_t i = 0; i < a->sess.p->ndocs; i++) {
		if (a->sess.ds[i].dirty && !session_save_doc(&a->sess, i) && !a->quit_armed) {
			a->quit_armed = true;
			app_message(a, true, "%s NOT SAVED; press q again to quit anyway",
			            a->sess.p->docs[i].t->name);
			return false;
		}
	}
	return true;
}

/* main_action: a key of the coder's that changes data or the compare view (the transcript
 * view's own keys are its view_ops.key, view_transcript.c) */
static bool main_action(struct app *a, enum keyaction act)
{
	switch (act) {
	case KA_REPAIR:
		run_repair(a);
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
	case KA_MEMO_HERE:
		doc_memo(a);
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
	bool typing = a->pane.typing; /* a q typed into the filter is not quit */

	switch (vc_key(&a->pane, key)) {
	case VC_APPLY:
		a->pane.focus = false;
		if (a->sess.open)
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
	case VC_MEMO:
		code_memo(a, vc_selected(&a->pane));
		break;
	case VC_NONE:
		break;
	}
	return typing || keymap_lookup(KC_CODEBOOK, key) != KA_QUIT || !quit(a);
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
			if (a->sess.open)
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
	if (act != KA_NONE &&
	    (vt_ops.key(a, key, act) != VIEW_PASS || main_action(a, act) || global_action(a, act)))
		return true;
	code = key > 0 && key < 128 && strchr(CODEBOOK_KEYS, key)
	           ? codebook_by_key(a->sess.p->cb, (uint32_t)key)
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

		if (!a->sess.open) {
			run_list(a);
			if (!a->sess.open)
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
		was_pos = a->pos, was_doc = a->sess.doc;
		if (key != SK_NONE && key != SK_RESIZE)
			a->nkeys++;
		if (!handle_key(a, key))
			return;
		if (a->pos != was_pos || a->sess.doc != was_doc) /* the pane follows the cursor */
			follow_cursor(a);
		if (a->cmp && vcompare_unit(a->cmp) != vt_agree_unit(a)) /* s, or the word cursor */
			vcompare_update(a->cmp, a->sess.cs, vt_agree_unit(a));
		if (a->cmp && a->sess.open && !a->status.msg[0])
			compare_say(a);
		if (a->pane_code >= 0) /* or shows the code a key was about */
			vc_select(&a->pane, a->pane_code);
		a->pane_code = -1;
	}
}

/* ---- start and end ---- */

static struct project *load(const struct tui_opts *o, const struct settings *st, bool blind)
{
	struct project_opts po = {0};
	struct diags d;
	struct project *p;

	po.codebook = o->codebook;
	po.paths = o->paths;
	po.npaths = o->npaths;
	po.settings = st;
	if (blind) { /* independent coding: other coders' codings are never loaded */
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
	if (a->sess.open)
		layout_done(&a->lay);
	search_free(a->re);
	free(a->pattern);
	overlap_done(&a->ix);
	free(a->ref_code);
	tallycache_free(a->counts);
	vc_done(&a->pane);
	vretrieve_free(a->retr);
	vmemos_free(a->memos);
	memos_free(a->umemos);
	vreview_free(a->review);
	vcompare_free(a->cmp);
	for (size_t i = 0; i < a->nrepair_ok; i++)
		free(a->repair_ok[i]);
	free(a->repair_ok);
	free(a->cnt_doc);
	free(a->cnt_all);
	session_done(&a->sess);
}

int tui_main(const struct tui_opts *o)
{
	struct app a;
	struct session_events ev = {&a, app_say, app_merged};
	struct project *p;
	const char *nc = getenv("NO_COLOR");
	char err[256];
	struct settings st; /* read first: blind decides what is loaded; outlives p */
	struct diags sd;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("gloss: the interactive coder needs a terminal; use 'gloss tally', "
		      "'gloss grep' or 'gloss check' in scripts\n",
		      stderr);
		return GLOSS_EXIT_USAGE;
	}
	setlocale(LC_ALL, "");
	utf8_ctype();
	memset(&a, 0, sizeof(a));
	diags_init(&sd);
	settings_load(&st, SETTINGS_FILE, &sd);
	diags_print(&sd, stderr, DIAG_ERROR);
	diags_done(&sd);
	a.blind = o->blind || st.blind;
	a.blind_why = o->blind ? "--blind" : "gloss.yaml: blind: true";
	a.opts = o;
	if (!(p = load(o, &st, a.blind))) {
		settings_done(&st);
		return GLOSS_EXIT_PROBLEMS;
	}
	session_init(&a.sess, p, o->coder, 0, &ev);
	a.search_flags =
	    o->exact_quotes || a.sess.p->settings->exact_quotes ? SEARCH_EXACT_QUOTES : 0;
	a.mouse = !o->no_mouse && a.sess.p->settings->mouse;
	if (!screen_open(nc && *nc, err, sizeof(err))) {
		fprintf(stderr, "gloss: %s\n", err);
		app_free(&a);
		settings_done(&st);
		return GLOSS_EXIT_USAGE;
	}
	style_init(screen_colors());
	a.host = (struct view_host){&a, frame, help, ask};
	vc_init(&a.pane);
	vc_set(&a.pane, a.sess.p->cb, NULL, NULL);
	a.pane_code = -1;
	if (a.mouse)
		screen_mouse_on();
	vt_geometry(&a);
	if (a.sess.p->ndocs == 1)
		app_open_doc(&a, 0);
	if (gitsetup_state(".") == GITSETUP_MISSING) /* once, at the start */
		app_message(&a, true, "%s", GITSETUP_HINT);
	run(&a);
	screen_close();
	app_free(&a);
	settings_done(&st);
	return GLOSS_EXIT_OK;
}
