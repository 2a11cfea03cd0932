/* tui.c — the interactive coder: start-up, the event loop, coding changes and saving. */
#include "gloss/tui.h"

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

#include "gloss/cli.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/keymap.h"
#include "gloss/lock.h"
#include "gloss/project.h"
#include "gloss/search.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/view.h"

#define RO_LOCKED "read-only: another gloss is editing this file"

void app_message(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_err = err;
}

const char *app_readonly(const struct app *a)
{
	if (!a->open)
		return "no transcript is open";
	return a->ds[a->doc].ro;
}

struct sattr app_code_attr(const struct app *a, int code, bool stripe)
{
	static const short pal[] = {2, 4, 5, 6, 3, 1};
	struct sattr at = SATTR(0);
	struct code_color c;
	short idx;

	if (code < 0 || !a->colors)
		return SATTR(stripe ? SA_REVERSE : SA_BOLD);
	c = codebook_effective_color(a->p->cb, code);
	if (c.kind == COLOR_NAMED)
		idx = (short)c.named;
	else if (c.kind == COLOR_RGB)
		idx = screen_color_rgb(a->colors, c.r, c.g, c.b);
	else
		idx = pal[(size_t)code % ARRAY_LEN(pal)];
	if (stripe) {
		at.bg = idx;
		at.fg = idx == 0 || idx == 4 || idx == 16 ? 7 : 0;
	} else {
		at.fg = idx == 0 ? SCOLOR_DEFAULT : idx;
		at.flags = SA_BOLD;
	}
	return at;
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

void app_open_doc(struct app *a, size_t doc)
{
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
	layout_init(&a->lay, a->t, 1);
	a->selecting = false;
	a->have_match = false;
	vt_geometry(a);
	vt_index(a);
	vt_first_unit(a);
	if (a->ds[doc].ro)
		app_message(a, true, "%s", a->ds[doc].ro);
	else
		report_unplaced(a);
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
	a->cb_sel = code;
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

bool app_apply_code(struct app *a, int code)
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

/* choose one of the codings overlapping the cursor unit (or selection); -1 if none */
static long pick_coding(struct app *a, const char *title)
{
	size_t s, e, idx[64], n;
	char *labels[64];
	long r;

	vt_range(a, &s, &e);
	n = vt_covering(a, s, e, idx, 64);
	if (n == 0) {
		app_message(a, true, "no coding here");
		return -1;
	}
	if (n == 1)
		return (long)idx[0];
	for (size_t i = 0; i < n; i++)
		labels[i] = coding_label(a, &a->cs->items[idx[n - 1 - i]]);
	r = picker_run(a, title, labels, NULL, n);
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	return r < 0 ? -1 : (long)idx[n - 1 - (size_t)r];
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

static void pick_code(struct app *a)
{
	const struct codebook *cb = a->p->cb;
	char **labels, **match;
	long r;

	if (!check_writable(a))
		return;
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
	r = picker_run(a, "Apply which code? (type to filter)", labels, match, cb->ncodes);
	for (size_t i = 0; i < cb->ncodes; i++)
		free(labels[i]), free(match[i]);
	free(labels);
	free(match);
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
	r = picker_run(a, "Put the new code under which theme?", labels, NULL, n);
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
		vt_index(a);
		int c = codebook_find(a->p->cb, id);
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
	i = redo ? undo_redo(&a->undo, a->cs, msg, sizeof(msg))
	         : undo_undo(&a->undo, a->cs, msg, sizeof(msg));
	if (i < 0) {
		app_message(a, true, "%s", msg);
		return;
	}
	a->selecting = false;
	vt_index(a);
	if ((size_t)i < a->cs->len)
		vt_goto(a, a->cs->items[i].start);
	changed(a, "%s", msg);
}

/* ' or " then a code key: the next or previous passage with that code */
static void jump_with_code(struct app *a, int dir)
{
	int key, code;
	size_t best = SIZE_MAX;

	app_message(a, false, "%s which code? (press its key)", dir > 0 ? "next" : "previous");
	app_draw(a);
	screen_refresh();
	key = screen_getkey(-1);
	a->msg[0] = '\0';
	code = key > 0 && key < 128 ? codebook_by_key(a->p->cb, (uint32_t)key) : -1;
	if (code < 0) {
		app_message(a, true, "no code has that key");
		return;
	}
	for (size_t i = 0; i < a->nidx; i++) {
		size_t st = a->cs->items[i].start;
		if (a->code_of[i] != code || !coding_counted(&a->cs->items[i]))
			continue;
		if (dir > 0 && st > a->pos && (best == SIZE_MAX || st < best))
			best = st;
		if (dir < 0 && st < a->pos && (best == SIZE_MAX || st > best))
			best = st;
	}
	if (best == SIZE_MAX)
		app_message(a, true, "no %s passage coded %s", dir > 0 ? "further" : "earlier",
		            a->p->cb->codes[code].name);
	else
		vt_goto(a, best);
}

static void jump_coded(struct app *a, int dir)
{
	size_t best = SIZE_MAX;

	for (size_t i = 0; i < a->nidx; i++) {
		size_t st = a->cs->items[i].start;
		if (!coding_counted(&a->cs->items[i]))
			continue;
		if (dir > 0 && st > a->pos) {
			best = st;
			break;
		}
		if (dir < 0 && st < a->pos)
			best = st;
	}
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
		            SATTR(SA_BOLD));
	}
}

void app_draw(struct app *a)
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
				screen_put(y, a->g.px - 1, &vbar, 1, SATTR(SA_DIM));
		vc_draw(a, a->g.px, 0, a->g.pw, a->g.th);
	}
	vt_status(a);
	screen_cursor(-1, 0);
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
		vt_next_suggestion(a);
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
	long d;

	switch (act) {
	case KA_TALLY:
		vtally_run(a);
		break;
	case KA_LIST:
		if ((d = list_run(a)) >= 0)
			app_open_doc(a, (size_t)d);
		break;
	case KA_FOCUS:
		a->focus_cb = !a->focus_cb;
		break;
	case KA_HELP:
		help_run(a);
		break;
	case KA_REDRAW:
		screen_redraw();
		break;
	default:
		return false;
	}
	return true;
}

static bool handle_key(struct app *a, int key)
{
	enum keyaction act;
	int code;

	if (key == SK_RESIZE || key == SK_NONE)
		return true;
	if (key == SK_MOUSE) {
		vm_event(a);
		return true;
	}
	if (a->g.too_small)
		return keymap_lookup(KC_MAIN, key) != KA_QUIT || !quit(a);
	if (a->focus_cb) {
		vc_key(a, key);
		return keymap_lookup(KC_CODEBOOK, key) != KA_QUIT || !quit(a);
	}
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

		if (!a->open) {
			long d = list_run(a);
			if (d < 0)
				return;
			app_open_doc(a, (size_t)d);
		}
		app_draw(a);
		screen_refresh();
		key = screen_getkey(-1);
		if (key != SK_NONE && key != SK_RESIZE) {
			a->msg[0] = '\0';
			if (keymap_lookup(KC_MAIN, key) != KA_QUIT)
				a->quit_armed = false;
		}
		if (!handle_key(a, key))
			return;
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
	free(a->pmax);
	free(a->code_of);
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
	a.colors = screen_colors();
	if (a.mouse)
		screen_mouse_on();
	a.counts_stale = true;
	vt_geometry(&a);
	if (a.p->ndocs == 1)
		app_open_doc(&a, 0);
	run(&a);
	screen_close();
	app_free(&a);
	return GLOSS_EXIT_OK;
}
