/* view_picker.c — the pickers, the one-line prompt, the transcript list and the help
 * overlay: list views over struct listview, driven by view_run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "keymap.h"
#include "lineedit.h"
#include "gloss/overlap.h"
#include "gloss/project.h"
#include "style.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "view.h"

static bool printable_key(int key)
{
	return key >= 32 && key < SK_BASE && key != 127 && !utf8_unsafe((uint32_t)key);
}

/* ---- picker ---- */

struct picker {
	const char *title;
	char *const *labels, *const *match;
	size_t n;
	struct listview lv;
	long result;
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
	screen_text(in.y, in.x, in.w, "> ", 2, style(STYLE_FILTER));
	screen_text(in.y, in.x + 2, in.w - 2, f, strlen(f), style(STYLE_NORMAL));
	snprintf(count, sizeof(count), "%zu/%zu", listview_count(&pk->lv), pk->n);
	screen_text(in.y, in.x + in.w - (int)strlen(count), (int)strlen(count), count,
	            strlen(count), style(STYLE_DIM));
	listview_draw(&pk->lv, (struct rect){in.x, in.y + 1, in.w, in.h - 1});
}

static enum view_result picker_key(void *v, int key, enum keyaction act)
{
	struct picker *pk = v;

	if (listview_move(&pk->lv, act) || listview_filter_key(&pk->lv, key, act))
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

long picker_run(const struct view_host *h, const char *title, char *const *labels,
                char *const *match, size_t n)
{
	struct picker pk = {title, labels, match, n, {0}, -1};

	listview_init(&pk.lv, &pk, picker_row, picker_text);
	listview_set_rows(&pk.lv, n);
	view_run(&picker_ops, &pk, h);
	listview_done(&pk.lv);
	return pk.result;
}

/* ---- prompt ---- */

/* The prompt's text and cursor live in a lineedit (lineedit.h): editing and drawing cost
 * O(1) and O(width) a key, so a paste of n characters costs O(n). */

static void prompt_draw(struct app *a, const char *label, struct lineedit *le)
{
	int y = a->g.rows - 1, lw = layout_text_width(label, strlen(label));
	int avail = a->g.cols - lw - 1;
	struct lineedit_view v;

	lineedit_view(le, avail > 0 ? avail : 1, &v);
	screen_fill(y, 0, a->g.cols, ' ', style(STYLE_NORMAL));
	screen_text(y, 0, a->g.cols, label, strlen(label), style(STYLE_TITLE));
	screen_text(y, lw, avail, v.before, v.nbefore, style(STYLE_NORMAL));
	screen_text(y, lw + v.cursor_col, avail - v.cursor_col, v.after, v.nafter,
	            style(STYLE_NORMAL));
	screen_cursor(y, lw + v.cursor_col);
}

/* returns 1 accept, -1 cancel, 0 go on */
static int prompt_key(struct lineedit *le, int key)
{
	switch (keymap_lookup(KC_PROMPT, key)) {
	case KA_ACCEPT:
		return 1;
	case KA_CANCEL:
		return -1;
	case KA_LEFT:
		lineedit_left(le);
		break;
	case KA_RIGHT:
		lineedit_right(le);
		break;
	case KA_LINE_START:
		lineedit_home(le);
		break;
	case KA_LINE_END:
		lineedit_end(le);
		break;
	case KA_BACKSPACE:
		lineedit_backspace(le);
		break;
	case KA_DELETE:
		lineedit_delete(le);
		break;
	case KA_KILL:
		lineedit_kill_before(le);
		break;
	default:
		if (printable_key(key))
			lineedit_insert(le, (uint32_t)key);
	}
	return 0;
}

char *prompt_run(struct app *a, const char *label, const char *initial)
{
	struct lineedit le;
	char *text = NULL;
	int r = 0;

	lineedit_init(&le, initial);
	while (r == 0) {
		int key;
		struct rect area;
		a->status.msg[0] = '\0';
		if (!screen_input_pending()) { /* a paste is drawn once, at its end */
			if (a->host.frame(a->host.ctx, VIEW_OVERLAY, &area))
				prompt_draw(a, label, &le);
			screen_refresh();
		}
		key = screen_getkey(-1);
		if (key != SK_NONE && key != SK_RESIZE)
			r = prompt_key(&le, key);
	}
	screen_cursor(-1, 0);
	if (r > 0)
		text = lineedit_text(&le);
	lineedit_done(&le);
	return text;
}

/* ---- transcript list ---- */

/* list_coded_percent: the union of the counted codings (the overlap index holds them
 * sorted by start), in words */
int list_coded_percent(const struct transcript *t, struct codings *c)
{
	struct overlap ix = OVERLAP_INIT;
	size_t words = 0, s = 0, e = 0;

	if (!c || c->len == 0 || t->words == 0)
		return 0;
	overlap_build(&ix, &c, 1);
	for (size_t k = 0; k < ix.n; k++) {
		if (ix.refs[k].start > e) {
			words += e > s ? transcript_words(t, s, e) : 0;
			s = ix.refs[k].start;
		}
		if (ix.refs[k].end > e)
			e = ix.refs[k].end;
	}
	words += e > s ? transcript_words(t, s, e) : 0;
	overlap_done(&ix);
	return (int)(words * 100 / t->words);
}

struct tlist {
	const struct list_input *in;
	const struct view_host *h;
	char **labels;
	struct listview lv;
	long result;
	bool typing; /* keys go to the filter (after /) */
};

static char **list_labels(const struct list_input *in)
{
	const struct project *p = in->p;
	char **labels = xcalloc(p->ndocs ? p->ndocs : 1, sizeof(*labels));

	for (size_t i = 0; i < p->ndocs; i++) {
		const struct transcript *t = p->docs[i].t;
		struct strbuf sb = STRBUF_INIT;
		const struct doc *d = &p->docs[i];
		sb_printf(&sb, "%-24s %3d%% coded%s ", t->name, list_coded_percent(t, in->ds[i].cs),
		          in->ds[i].ro ? " (read-only)" : "");
		for (size_t k = 0; k < d->nsets; k++) /* other coders, for comparison */
			if (d->sets[k] != in->ds[i].cs && d->sets[k]->len)
				sb_printf(&sb, " %s %d%%", d->sets[k]->coder,
				          list_coded_percent(t, d->sets[k]));
		for (size_t k = 0; k < t->nattrs; k++)
			sb_printf(&sb, " %s=%s", t->attrs[k].key, t->attrs[k].value);
		labels[i] = sb_detach(&sb);
	}
	return labels;
}

static void list_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct tlist *l = ctx;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_NORMAL);

	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, l->labels[i], strlen(l->labels[i]), at);
}

static const char *list_text(void *ctx, size_t i)
{
	return ((struct tlist *)ctx)->labels[i];
}

static void list_draw(void *v, struct rect area)
{
	struct tlist *l = v;
	const char *f = listview_filter_text(&l->lv);
	char head[160];

	snprintf(head, sizeof(head),
	         "Transcripts (%zu), coder %s%s: Enter opens, / filters, ? help", l->in->p->ndocs,
	         l->in->coder, l->in->blind ? " (blind)" : "");
	screen_text(area.y, area.x + 1, area.w - 2, head, strlen(head), style(STYLE_TITLE));
	if (l->typing || *f) {
		snprintf(head, sizeof(head), "%zu/%zu", listview_count(&l->lv), l->in->p->ndocs);
		screen_text(area.y + 1, area.x + 1, 2, "/ ", 2, style(STYLE_FILTER));
		screen_text(area.y + 1, area.x + 3, area.w - 14, f, strlen(f), style(STYLE_NORMAL));
		screen_text(area.y + 1, area.x + area.w - 1 - (int)strlen(head), (int)strlen(head),
		            head, strlen(head), style(STYLE_DIM));
		if (l->typing)
			screen_cursor(area.y + 1, area.x + 3 + layout_text_width(f, strlen(f)));
	}
	listview_draw(&l->lv, (struct rect){area.x, area.y + 2, area.w, area.h - 2});
}

/* list_type: a key while typing the filter: Enter keeps it, Esc drops it */
static void list_type(struct tlist *l, int key)
{
	enum keyaction act = keymap_lookup(KC_PICKER, key);

	if (act == KA_ACCEPT || act == KA_CANCEL) {
		l->typing = false;
		screen_cursor(-1, 0);
		if (act == KA_CANCEL)
			listview_filter_key(&l->lv, 0, KA_KILL);
		return;
	}
	if (!listview_move(&l->lv, act))
		listview_filter_key(&l->lv, key, act);
}

static enum view_result list_key(void *v, int key, enum keyaction act)
{
	struct tlist *l = v;

	if (l->typing) {
		list_type(l, key);
		return VIEW_GO_ON;
	}
	if (key == SK_MOUSE) { /* a click on a transcript opens it */
		struct smouse m;
		size_t row;
		if (screen_mouse_event(&m) && (m.kind == SM_PRESS || m.kind == SM_CLICK) &&
		    (row = listview_row_at(&l->lv, m.y)) != LISTVIEW_NONE) {
			l->result = (long)row;
			return VIEW_DONE;
		}
		return VIEW_GO_ON;
	}
	if (listview_move(&l->lv, act))
		return VIEW_GO_ON;
	switch (act) {
	case KA_ACCEPT:
		if (listview_current(&l->lv) == LISTVIEW_NONE)
			return VIEW_GO_ON;
		l->result = (long)listview_current(&l->lv);
		return VIEW_DONE;
	case KA_SEARCH:
		l->typing = true;
		return VIEW_GO_ON;
	case KA_CANCEL:
		return l->in->cur >= 0 ? VIEW_DONE : VIEW_GO_ON;
	case KA_QUIT:
		return VIEW_DONE;
	case KA_HELP:
		help_run(l->h);
		return VIEW_GO_ON;
	default:
		return VIEW_GO_ON;
	}
}

static const struct view_ops list_ops = {"transcript list", KC_LIST, VIEW_FULL, list_draw,
                                         list_key};

long list_run(const struct view_host *h, const struct list_input *in)
{
	struct tlist l = {in, h, list_labels(in), {0}, -1, false};

	listview_init(&l.lv, &l, list_row, list_text);
	listview_set_rows(&l.lv, in->p->ndocs);
	if (in->cur >= 0)
		listview_select(&l.lv, (size_t)in->cur);
	view_run(&list_ops, &l, h);
	for (size_t i = 0; i < in->p->ndocs; i++)
		free(l.labels[i]);
	free(l.labels);
	listview_done(&l.lv);
	return l.result;
}

/* ---- help ---- */

struct help {
	char **lines;
	size_t n, cap;
	struct listview lv;
};

static void help_add(struct help *hp, struct strbuf *sb)
{
	VEC_PUSH(hp->lines, hp->n, hp->cap, sb_detach(sb));
}

static void help_lines(struct help *hp)
{
	size_t n;
	const struct keybind *tb = keymap_table(&n);
	struct strbuf sb = STRBUF_INIT;

	for (int c = 0; c < KC_COUNT; c++) {
		sb_printf(&sb, "%s", keymap_ctx_title((enum keyctx)c));
		help_add(hp, &sb);
		if (c == KC_MAIN) {
			sb_printf(
			    &sb, "  %-20s %s", "0-9 A-Z",
			    "apply the code with that key (not G H J K L N); again removes it");
			help_add(hp, &sb);
		}
		for (size_t i = 0; i < n; i++) {
			struct strbuf k = STRBUF_INIT;
			if (tb[i].ctx != (enum keyctx)c)
				continue;
			keymap_keys_text(&tb[i], &k);
			sb_printf(&sb, "  %-20s %s", k.data, tb[i].help);
			help_add(hp, &sb);
			sb_done(&k);
		}
	}
}

static void help_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct help *hp = ctx;
	const char *s = hp->lines[i];

	(void)sel;
	screen_text(r.y, r.x, r.w, s, strlen(s), style(*s != ' ' ? STYLE_TITLE : STYLE_NORMAL));
}

static void help_draw(void *v, struct rect area)
{
	struct help *hp = v;

	screen_text(area.y, area.x + 1, area.w - 2, "Keys (q or Esc closes)", 22,
	            style(STYLE_TITLE));
	listview_draw(&hp->lv, (struct rect){area.x + 1, area.y + 1, area.w - 2, area.h - 2});
}

static enum view_result help_key(void *v, int key, enum keyaction act)
{
	struct help *hp = v;

	(void)key;
	if (listview_move(&hp->lv, act))
		return VIEW_GO_ON;
	return act == KA_CANCEL ? VIEW_DONE : VIEW_GO_ON;
}

static const struct view_ops help_ops = {"help", KC_HELP, VIEW_BARE, help_draw, help_key};

void help_run(const struct view_host *h)
{
	struct help hp = {NULL, 0, 0, {0}};

	help_lines(&hp);
	listview_init(&hp.lv, &hp, help_row, NULL);
	hp.lv.pager = true;
	listview_set_rows(&hp.lv, hp.n);
	view_run(&help_ops, &hp, h);
	for (size_t i = 0; i < hp.n; i++)
		free(hp.lines[i]);
	free(hp.lines);
	listview_done(&hp.lv);
}
