/* view_picker.c — modal layers: filtering pickers, the one-line prompt, the transcript
 * list and the help overlay. Each runs its own small loop over screen_getkey and draws
 * on top of app_draw. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/keymap.h"
#include "gloss/lineedit.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/view.h"

void draw_box(int x, int y, int w, int h, const char *title)
{
	struct sattr at = SATTR(0);
	uint32_t h_ = 0x2500, v = 0x2502, tl = 0x250C, tr = 0x2510, bl = 0x2514, br = 0x2518;

	for (int r = y; r < y + h; r++)
		screen_fill(r, x, w, ' ', at);
	screen_fill(y, x + 1, w - 2, h_, at);
	screen_fill(y + h - 1, x + 1, w - 2, h_, at);
	for (int r = y + 1; r < y + h - 1; r++) {
		screen_put(r, x, &v, 1, at);
		screen_put(r, x + w - 1, &v, 1, at);
	}
	screen_put(y, x, &tl, 1, at);
	screen_put(y, x + w - 1, &tr, 1, at);
	screen_put(y + h - 1, x, &bl, 1, at);
	screen_put(y + h - 1, x + w - 1, &br, 1, at);
	if (title)
		screen_text(y, x + 2, w - 4, title, strlen(title), SATTR(SA_BOLD));
}

static bool printable_key(int key)
{
	return key >= 32 && key < SK_BASE && key != 127 && !utf8_unsafe((uint32_t)key);
}

static void sb_add_cp(struct strbuf *sb, size_t at, int key)
{
	char buf[4];
	size_t k = utf8_encode((uint32_t)key, buf);
	size_t tail = sb->len - at;

	sb_add(sb, buf, k); /* grow, then move the tail */
	memmove(sb->data + at + k, sb->data + at, tail);
	memcpy(sb->data + at, buf, k);
}

static void sb_cut(struct strbuf *sb, size_t from, size_t to)
{
	memmove(sb->data + from, sb->data + to, sb->len - to);
	sb->len -= to - from;
	sb->data[sb->len] = '\0';
}

static bool refresh_or_small(struct app *a)
{
	app_draw(a);
	return !a->g.too_small;
}

/* ---- picker ---- */

struct picker {
	const char *title;
	char *const *labels, *const *match;
	size_t n, *vis, nvis, sel, top;
	struct strbuf filter;
};

static void picker_filter(struct picker *pk)
{
	pk->nvis = 0;
	for (size_t i = 0; i < pk->n; i++) {
		const char *m = pk->match ? pk->match[i] : pk->labels[i];
		if (!pk->filter.len || strcasestr(m, pk->filter.data))
			pk->vis[pk->nvis++] = i;
	}
	if (pk->sel >= pk->nvis)
		pk->sel = pk->nvis ? pk->nvis - 1 : 0;
}

static void picker_draw(struct app *a, struct picker *pk)
{
	int w = a->g.cols - 4 < 76 ? a->g.cols - 4 : 76;
	int h = (int)pk->nvis + 4, x, y, rows;
	char count[32];

	if (h > a->g.rows - 2)
		h = a->g.rows - 2;
	if (h < 5)
		h = 5;
	x = (a->g.cols - w) / 2, y = (a->g.rows - h) / 2;
	rows = h - 3;
	draw_box(x, y, w, h, pk->title);
	screen_text(y + 1, x + 2, w - 4, "> ", 2, SATTR(SA_BOLD));
	screen_text(y + 1, x + 4, w - 6, pk->filter.data ? pk->filter.data : "", pk->filter.len,
	            SATTR(0));
	snprintf(count, sizeof(count), "%zu/%zu", pk->nvis, pk->n);
	screen_text(y + 1, x + w - 2 - (int)strlen(count), (int)strlen(count), count, strlen(count),
	            SATTR(SA_DIM));
	if (pk->sel < pk->top)
		pk->top = pk->sel;
	if (pk->sel >= pk->top + (size_t)rows)
		pk->top = pk->sel - (size_t)rows + 1;
	for (int r = 0; r < rows && pk->top + (size_t)r < pk->nvis; r++) {
		size_t i = pk->vis[pk->top + (size_t)r];
		bool cur = pk->top + (size_t)r == pk->sel;
		struct sattr at = SATTR(cur ? SA_REVERSE : 0);
		if (cur)
			screen_fill(y + 2 + r, x + 1, w - 2, ' ', at);
		screen_text(y + 2 + r, x + 2, w - 4, pk->labels[i], strlen(pk->labels[i]), at);
	}
	if (pk->nvis == 0)
		screen_text(y + 2, x + 2, w - 4, "(nothing matches)", 17, SATTR(SA_DIM));
}

static int picker_key(struct picker *pk, int key)
{
	switch (keymap_lookup(KC_PICKER, key)) {
	case KA_DOWN:
		if (pk->sel + 1 < pk->nvis)
			pk->sel++;
		break;
	case KA_UP:
		if (pk->sel > 0)
			pk->sel--;
		break;
	case KA_ACCEPT:
		return pk->nvis ? 1 : 0;
	case KA_CANCEL:
		return -1;
	case KA_BACKSPACE:
		if (pk->filter.len)
			sb_cut(&pk->filter, utf8_prev(pk->filter.data, pk->filter.len),
			       pk->filter.len);
		picker_filter(pk);
		break;
	case KA_KILL:
		sb_reset(&pk->filter);
		picker_filter(pk);
		break;
	default:
		if (printable_key(key)) {
			sb_add_cp(&pk->filter, pk->filter.len, key);
			pk->sel = 0;
			picker_filter(pk);
		}
	}
	return 0;
}

long picker_run(struct app *a, const char *title, char *const *labels, char *const *match, size_t n)
{
	struct picker pk = {title, labels, match, n, NULL, 0, 0, 0, STRBUF_INIT};
	long result = -1;

	pk.vis = xcalloc(n ? n : 1, sizeof(*pk.vis));
	sb_adds(&pk.filter, "");
	picker_filter(&pk);
	for (;;) {
		int key, r;
		if (refresh_or_small(a))
			picker_draw(a, &pk);
		screen_refresh();
		key = screen_getkey(-1);
		if (key == SK_NONE || key == SK_RESIZE)
			continue;
		r = picker_key(&pk, key);
		if (r < 0)
			break;
		if (r > 0) {
			result = (long)pk.vis[pk.sel];
			break;
		}
	}
	free(pk.vis);
	sb_done(&pk.filter);
	return result;
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
	screen_fill(y, 0, a->g.cols, ' ', SATTR(0));
	screen_text(y, 0, a->g.cols, label, strlen(label), SATTR(SA_BOLD));
	screen_text(y, lw, avail, v.before, v.nbefore, SATTR(0));
	screen_text(y, lw + v.cursor_col, avail - v.cursor_col, v.after, v.nafter, SATTR(0));
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
		a->msg[0] = '\0';
		if (!screen_input_pending()) { /* a paste is drawn once, at its end */
			if (refresh_or_small(a))
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

static int cmp_size(const void *x, const void *y)
{
	const size_t *p = x, *q = y;
	return (p[0] > q[0]) - (p[0] < q[0]);
}

/* percentage of the words covered by the coder's codings */
/* coded_percent: the share of transcript t's words inside codings of c */
static int coded_percent(const struct transcript *t, const struct codings *c)
{
	size_t(*iv)[2], words = 0, s = 0, e = 0;

	if (!c || c->len == 0 || t->words == 0)
		return 0;
	iv = xreallocarray(NULL, c->len, sizeof(*iv));
	for (size_t k = 0; k < c->len; k++)
		iv[k][0] = c->items[k].start, iv[k][1] = c->items[k].end;
	sort_array(iv, c->len, sizeof(*iv), cmp_size);
	for (size_t k = 0; k < c->len; k++) {
		if (iv[k][0] > e) {
			words += e > s ? transcript_words(t, s, e) : 0;
			s = iv[k][0];
		}
		if (iv[k][1] > e)
			e = iv[k][1];
	}
	words += e > s ? transcript_words(t, s, e) : 0;
	free(iv);
	return (int)(words * 100 / t->words);
}

static char **list_labels(struct app *a)
{
	char **labels = xcalloc(a->p->ndocs, sizeof(*labels));

	for (size_t i = 0; i < a->p->ndocs; i++) {
		const struct transcript *t = a->p->docs[i].t;
		struct strbuf sb = STRBUF_INIT;
		const struct doc *d = &a->p->docs[i];
		sb_printf(&sb, "%-24s %3d%% coded%s ", t->name, coded_percent(t, a->ds[i].cs),
		          a->ds[i].ro ? " (read-only)" : "");
		for (size_t k = 0; k < d->nsets; k++) /* other coders, for comparison */
			if (d->sets[k] != a->ds[i].cs && d->sets[k]->len)
				sb_printf(&sb, " %s %d%%", d->sets[k]->coder,
				          coded_percent(t, d->sets[k]));
		for (size_t k = 0; k < t->nattrs; k++)
			sb_printf(&sb, " %s=%s", t->attrs[k].key, t->attrs[k].value);
		labels[i] = sb_detach(&sb);
	}
	return labels;
}

static void list_draw(struct app *a, char **labels, size_t sel, size_t *top)
{
	int rows = a->g.rows - 4;
	char head[128];

	screen_erase();
	snprintf(head, sizeof(head), "Transcripts (%zu), coder %s: Enter opens, ? help",
	         a->p->ndocs, a->coder);
	screen_text(0, 1, a->g.cols - 2, head, strlen(head), SATTR(SA_BOLD));
	if (sel < *top)
		*top = sel;
	if (sel >= *top + (size_t)rows)
		*top = sel - (size_t)rows + 1;
	for (int r = 0; r < rows && *top + (size_t)r < a->p->ndocs; r++) {
		size_t i = *top + (size_t)r;
		struct sattr at = SATTR(i == sel ? SA_REVERSE : 0);
		if (i == sel)
			screen_fill(2 + r, 0, a->g.cols, ' ', at);
		screen_text(2 + r, 1, a->g.cols - 2, labels[i], strlen(labels[i]), at);
	}
	vt_status(a);
}

long list_run(struct app *a)
{
	char **labels = list_labels(a);
	size_t sel = a->open ? a->doc : 0, top = 0, n = a->p->ndocs;
	long result = -2;

	while (result == -2) {
		int key;
		vt_geometry(a);
		if (refresh_or_small(a))
			list_draw(a, labels, sel, &top);
		screen_refresh();
		key = screen_getkey(-1);
		a->msg[0] = '\0';
		if (key == SK_MOUSE) { /* a click on a transcript opens it */
			struct smouse m;
			if (screen_mouse_event(&m) && (m.kind == SM_PRESS || m.kind == SM_CLICK) &&
			    m.y >= 2 && m.y < a->g.rows - 2 && top + (size_t)(m.y - 2) < n)
				result = (long)(top + (size_t)(m.y - 2));
			continue;
		}
		switch (keymap_lookup(KC_LIST, key)) {
		case KA_DOWN:
			sel = sel + 1 < n ? sel + 1 : sel;
			break;
		case KA_UP:
			sel = sel ? sel - 1 : 0;
			break;
		case KA_TOP:
			sel = 0;
			break;
		case KA_BOTTOM:
			sel = n - 1;
			break;
		case KA_ACCEPT:
			result = (long)sel;
			break;
		case KA_CANCEL:
			if (a->open)
				result = -1;
			break;
		case KA_QUIT:
			result = -1;
			break;
		case KA_HELP:
			help_run(a);
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	return result;
}

/* ---- help ---- */

static void help_lines(struct strbuf *sb, size_t *nlines)
{
	size_t n;
	const struct keybind *tb = keymap_table(&n);

	*nlines = 0;
	for (int c = 0; c < KC_COUNT; c++) {
		sb_printf(sb, "%s\n", keymap_ctx_title((enum keyctx)c));
		(*nlines)++;
		if (c == KC_MAIN) {
			sb_printf(
			    sb, "  %-20s %s\n", "0-9 A-Z",
			    "apply the code with that key (not G H J K L N); again removes it");
			(*nlines)++;
		}
		for (size_t i = 0; i < n; i++) {
			struct strbuf k = STRBUF_INIT;
			if (tb[i].ctx != (enum keyctx)c)
				continue;
			keymap_keys_text(&tb[i], &k);
			sb_printf(sb, "  %-20s %s\n", k.data, tb[i].help);
			sb_done(&k);
			(*nlines)++;
		}
	}
}

static void help_draw(struct app *a, const struct strbuf *sb, size_t top)
{
	const char *p = sb->data;
	int rows = a->g.rows - 2;

	screen_erase();
	screen_text(0, 1, a->g.cols - 2, "Keys (q or Esc closes)", 22, SATTR(SA_BOLD));
	for (size_t i = 0; i < top && p; i++)
		p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL;
	for (int r = 0; r < rows && p && *p; r++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		screen_text(1 + r, 1, a->g.cols - 2, p, len, SATTR(*p != ' ' ? SA_BOLD : 0));
		p = e ? e + 1 : NULL;
	}
}

void help_run(struct app *a)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n, top = 0;
	bool done = false;

	help_lines(&sb, &n);
	while (!done) {
		int key, page;
		if (refresh_or_small(a))
			help_draw(a, &sb, top);
		screen_refresh();
		key = screen_getkey(-1);
		page = a->g.rows > 4 ? a->g.rows - 3 : 1;
		switch (keymap_lookup(KC_HELP, key)) {
		case KA_DOWN:
			top = top + 1 < n ? top + 1 : top;
			break;
		case KA_UP:
			top = top ? top - 1 : 0;
			break;
		case KA_PAGE_DOWN:
			top = top + (size_t)page < n ? top + (size_t)page : top;
			break;
		case KA_PAGE_UP:
			top = top > (size_t)page ? top - (size_t)page : 0;
			break;
		case KA_CANCEL:
			done = true;
			break;
		default:
			break;
		}
	}
	sb_done(&sb);
}
