/* view_picker.c — the picker (a list to choose from, typing filters) and the code picker
 * built on it. */
#include "view_picker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

struct picker {
	const char *title;
	char *const *labels, *const *match;
	size_t n;
	struct listview lv;
	long result;
	bool no_filter; /* picker_choose: typed letters are not a filter */
};

static const char *picker_text(void *ctx, size_t i)
{
	struct picker *pk = ctx;

	return pk->match ? pk->match[i] : pk->labels[i];
}

static void picker_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct picker *pk = ctx;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_NORMAL);

	if (sel)
		screen_fill(r.y, r.x - 1, r.w + 2, ' ', at);
	screen_text(r.y, r.x, r.w, pk->labels[i], strlen(pk->labels[i]), at);
}

static void picker_draw(void *v, struct rect area)
{
	struct picker *pk = v;
	int w = area.w - 4 < 76 ? area.w - 4 : 76;
	int h = (int)listview_count(&pk->lv) + 4;
	const char *f = listview_filter_text(&pk->lv);
	char count[48];
	struct rect in;

	if (h > area.h - 2)
		h = area.h - 2;
	if (h < 5)
		h = 5;
	in = view_box(area, w, h, pk->title);
	if (pk->no_filter)
		screen_text(in.y, in.x, in.w, "(arrows, Enter; Esc cancels)", 28, style(STYLE_DIM));
	else {
		screen_text(in.y, in.x, in.w, "> ", 2, style(STYLE_FILTER));
		screen_text(in.y, in.x + 2, in.w - 2, f, strlen(f), style(STYLE_NORMAL));
	}
	snprintf(count, sizeof(count), "%zu/%zu", listview_count(&pk->lv), pk->n);
	screen_text(in.y, in.x + in.w - (int)strlen(count), (int)strlen(count), count,
	            strlen(count), style(STYLE_DIM));
	listview_draw(&pk->lv, (struct rect){in.x, in.y + 1, in.w, in.h - 1});
}

static enum view_result picker_key(void *v, int key, enum keyaction act)
{
	struct picker *pk = v;

	if (listview_move(&pk->lv, act) ||
	    (!pk->no_filter && listview_filter_key(&pk->lv, key, act)))
		return VIEW_GO_ON;
	if (act == KA_CANCEL)
		return VIEW_DONE;
	if (act == KA_ACCEPT && listview_current(&pk->lv) != LISTVIEW_NONE) {
		pk->result = (long)listview_current(&pk->lv);
		return VIEW_DONE;
	}
	return VIEW_GO_ON;
}

static const struct view_ops picker_ops = {"picker", KC_PICKER, VIEW_OVERLAY, picker_draw,
                                           picker_key};

/* run_picker: a picker with row first highlighted at the start; no_filter (picker_choose):
 * typed letters are not a filter */
static long run_picker(const struct view_host *h, const char *title, char *const *labels,
                       char *const *match, size_t n, size_t first, bool no_filter)
{
	struct picker pk = {title, labels, match, n, {0}, -1, no_filter};

	listview_init(&pk.lv, &pk, picker_row, picker_text);
	listview_set_rows(&pk.lv, n);
	if (first < n)
		listview_select(&pk.lv, first);
	view_run(&picker_ops, &pk, h);
	listview_done(&pk.lv);
	return pk.result;
}

long picker_run(const struct view_host *h, const char *title, char *const *labels,
                char *const *match, size_t n)
{
	return run_picker(h, title, labels, match, n, 0, false);
}

long picker_choose(const struct view_host *h, const char *title, char *const *labels, size_t n)
{
	return run_picker(h, title, labels, NULL, n, 0, true);
}

/* ---- the code picker ---- */

/* code_label: code c's line in the picker */
static char *code_label(const struct code *c, int flags)
{
	char key[8] = " ";

	if (flags & CP_ID_FIRST)
		return xasprintf("%*s%s  %s", 2 * c->depth, "", c->id, c->name ? c->name : "");
	if (!(flags & CP_KEYS))
		return xasprintf("%*s%s (%s)", c->depth * 2, "", c->name, c->id);
	if (c->key)
		key[utf8_encode(c->key, key)] = '\0';
	return xasprintf("%s %*s%s (%s)", key, c->depth * 2, "", c->name, c->id);
}

/* code_left_out: code i is not offered */
static bool code_left_out(const struct codebook *cb, size_t i, int flags, int skip)
{
	if ((flags & CP_THEMES) && cb->codes[i].nchildren == 0)
		return true;
	if (skip < 0)
		return false;
	return flags & CP_SKIP_SUBTREE ? codebook_is_descendant(cb, (int)i, skip) : (int)i == skip;
}

long code_pick_run(const struct view_host *h, const struct codebook *cb, const char *title,
                   int flags, int skip)
{
	return code_pick_run_from(h, cb, title, flags, skip, -1);
}

long code_pick_run_from(const struct view_host *h, const struct codebook *cb, const char *title,
                        int flags, int skip, int start)
{
	size_t first = 0;
	char **labels = xcalloc(cb->ncodes + 2, sizeof(*labels));
	char **match = flags & CP_KEYS ? xcalloc(cb->ncodes + 2, sizeof(*match)) : NULL;
	long *idx = xcalloc(cb->ncodes + 2, sizeof(*idx)), r;
	size_t n = 0;

	if (flags & CP_TOP) {
		labels[n] = xstrdup("(top level)");
		idx[n++] = CODE_PICK_TOP;
	}
	for (size_t i = 0; i < cb->ncodes; i++) {
		if (code_left_out(cb, i, flags, skip))
			continue;
		labels[n] = code_label(&cb->codes[i], flags);
		if (match)
			match[n] = xasprintf("%s %s", cb->codes[i].id, cb->codes[i].name);
		if ((long)i == start)
			first = n;
		idx[n++] = (long)i;
	}
	r = run_picker(h, title, labels, match, n, first, false);
	r = r < 0 ? CODE_PICK_NONE : idx[r];
	for (size_t i = 0; i < n; i++) {
		free(labels[i]);
		if (match)
			free(match[i]);
	}
	free(labels);
	free(match);
	free(idx);
	return r;
}
