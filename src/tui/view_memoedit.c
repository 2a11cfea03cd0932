/* view_memoedit.c — the memo editor: several lines, wrapped at word boundaries in a box
 * over the coder's screen. Enter breaks the line, Ctrl-G saves, Esc cancels (asking y/N,
 * one key, when the text changed). A paste is drawn once, at its end. */
#include "view_memoedit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

struct row {
	size_t start, end; /* bytes of the text shown on one screen line (no '\n') */
};

struct medit {
	struct strbuf text;
	size_t cur; /* the cursor, a byte offset */
	struct row *rows;
	size_t nrows, caprows;
	size_t top;   /* the first row shown */
	int want_col; /* the column Up and Down keep, or -1 */
};

static int cp_width(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	int w;

	*len = utf8_decode(s, n, &cp);
	if (*len == 0)
		*len = 1;
	w = utf8_width(cp);
	return w < 0 ? 1 : w;
}

static void add_row(struct medit *m, size_t s, size_t e)
{
	grow_array((void **)&m->rows, &m->caprows, m->nrows + 1, sizeof(*m->rows));
	m->rows[m->nrows++] = (struct row){s, e};
}

/* wrap: the text as rows of at most w columns, broken after a space where one is */
static void wrap(struct medit *m, int w)
{
	const char *t = m->text.data ? m->text.data : "";
	size_t n = m->text.len, s = 0;

	m->nrows = 0;
	while (s <= n) {
		size_t i = s, brk = 0, len;
		int col = 0;

		while (i < n && t[i] != '\n') {
			int cw = cp_width(t + i, n - i, &len);

			if (col + cw > w && i > s)
				break;
			col += cw;
			i += len;
			if (t[i - 1] == ' ')
				brk = i;
		}
		if (i < n && t[i] != '\n') { /* wrapped */
			if (brk > s)
				i = brk;
			add_row(m, s, i);
			s = i;
			continue;
		}
		add_row(m, s, i);
		s = i + 1; /* past the '\n' (or the end) */
	}
}

/* cursor_row: the row holding the cursor */
static size_t cursor_row(const struct medit *m)
{
	for (size_t r = 0; r < m->nrows; r++) {
		bool last_of_line = r + 1 == m->nrows || m->rows[r + 1].start != m->rows[r].end;

		if (m->cur >= m->rows[r].start &&
		    (m->cur < m->rows[r].end || (m->cur == m->rows[r].end && last_of_line)))
			return r;
	}
	return m->nrows ? m->nrows - 1 : 0;
}

static int col_of(const struct medit *m, size_t r, size_t off)
{
	int col = 0;
	size_t len;

	for (size_t i = m->rows[r].start; i < off && i < m->rows[r].end; i += len)
		col += cp_width(m->text.data + i, m->text.len - i, &len);
	return col;
}

static size_t off_at_col(const struct medit *m, size_t r, int want)
{
	size_t i = m->rows[r].start, len;
	int col = 0;

	while (i < m->rows[r].end) {
		int cw = cp_width(m->text.data + i, m->text.len - i, &len);

		if (col + cw > want)
			break;
		col += cw;
		i += len;
	}
	return i;
}

static void insert(struct medit *m, const char *s, size_t n)
{
	sb_add(&m->text, s, n); /* grow, then move the tail */
	memmove(m->text.data + m->cur + n, m->text.data + m->cur, m->text.len - n - m->cur);
	memcpy(m->text.data + m->cur, s, n);
	m->cur += n;
}

static void erase(struct medit *m, size_t s, size_t e)
{
	memmove(m->text.data + s, m->text.data + e, m->text.len - e);
	m->text.len -= e - s;
	m->text.data[m->text.len] = '\0';
	m->cur = s;
}

static size_t prev_cp(const struct medit *m, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && (m->text.data[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_cp(const struct medit *m, size_t i)
{
	if (i >= m->text.len)
		return m->text.len;
	i++;
	while (i < m->text.len && (m->text.data[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static bool word_byte(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c & 0x80) || c == '_' || c == '\'';
}

static void word_next(struct medit *m)
{
	size_t i = m->cur;

	while (i < m->text.len && word_byte(m->text.data[i]))
		i++;
	while (i < m->text.len && !word_byte(m->text.data[i]))
		i++;
	m->cur = i;
}

static void word_prev(struct medit *m)
{
	size_t i = m->cur;

	while (i > 0 && !word_byte(m->text.data[i - 1]))
		i--;
	while (i > 0 && word_byte(m->text.data[i - 1]))
		i--;
	m->cur = i;
}

static void draw(struct medit *m, struct rect area, const char *title, const char *bottom)
{
	int w = area.w - 4 < 76 ? area.w - 4 : 76, h = area.h - 4 < 14 ? area.h - 4 : 14;
	struct rect in;
	size_t cr;

	if (w < 8)
		w = 8;
	if (h < 4)
		h = 4;
	in = view_box(area, w, h, title);
	wrap(m, in.w > 1 ? in.w - 1 : 1);
	cr = cursor_row(m);
	if (in.h < 2)
		return;
	if (cr < m->top)
		m->top = cr;
	if (cr >= m->top + (size_t)(in.h - 1))
		m->top = cr - (size_t)(in.h - 2);
	for (int y = 0; y < in.h - 1 && m->top + (size_t)y < m->nrows; y++) {
		const struct row *r = &m->rows[m->top + (size_t)y];

		screen_text(in.y + y, in.x, in.w, m->text.data + r->start, r->end - r->start,
		            style(STYLE_NORMAL));
	}
	screen_text(in.y + in.h - 1, in.x, in.w, bottom, strlen(bottom), style(STYLE_DIM));
	if (bottom[0] == 'd') /* the question: no cursor in the text */
		screen_cursor(-1, 0);
	else
		screen_cursor(in.y + (int)(cr - m->top), in.x + col_of(m, cr, m->cur));
}

/* key: 1 save, -1 cancel, 0 go on */
static int key(struct medit *m, int k)
{
	enum keyaction act = keymap_lookup(KC_MEMOEDIT, k);
	char enc[4];
	size_t r;

	if (act != KA_UP && act != KA_DOWN)
		m->want_col = -1;
	switch (act) {
	case KA_SAVE:
		return 1;
	case KA_CANCEL:
		return -1;
	case KA_NEWLINE:
		insert(m, "\n", 1);
		break;
	case KA_LEFT:
		m->cur = prev_cp(m, m->cur);
		break;
	case KA_RIGHT:
		m->cur = next_cp(m, m->cur);
		break;
	case KA_UP:
	case KA_DOWN:
		r = cursor_row(m);
		if (m->want_col < 0)
			m->want_col = col_of(m, r, m->cur);
		if (act == KA_UP && r > 0)
			m->cur = off_at_col(m, r - 1, m->want_col);
		else if (act == KA_DOWN && r + 1 < m->nrows)
			m->cur = off_at_col(m, r + 1, m->want_col);
		break;
	case KA_WORD_NEXT:
		word_next(m);
		break;
	case KA_WORD_PREV:
		word_prev(m);
		break;
	case KA_LINE_START:
		while (m->cur > 0 && m->text.data[m->cur - 1] != '\n')
			m->cur--;
		break;
	case KA_LINE_END:
		while (m->cur < m->text.len && m->text.data[m->cur] != '\n')
			m->cur++;
		break;
	case KA_BACKSPACE:
		if (m->cur > 0)
			erase(m, prev_cp(m, m->cur), m->cur);
		break;
	case KA_DELETE:
		if (m->cur < m->text.len)
			erase(m, m->cur, next_cp(m, m->cur));
		break;
	default:
		if (k >= 32 && k < SK_BASE && k != 127 && !utf8_unsafe((uint32_t)k))
			insert(m, enc, utf8_encode((uint32_t)k, enc));
	}
	return 0;
}

char *memoedit_run(const struct view_host *h, const char *title, const char *initial)
{
	struct medit m = {STRBUF_INIT, 0, NULL, 0, 0, 0, -1};
	const char *bottom = "Enter: new line  Ctrl-G: save  Esc: cancel";
	char *text = NULL;
	int r = 0;

	sb_adds(&m.text, initial ? initial : "");
	m.cur = m.text.len;
	while (r == 0) {
		struct rect area;
		int k;

		if (!screen_input_pending()) { /* a paste is drawn once, at its end */
			if (h->frame(h->ctx, VIEW_OVERLAY, &area))
				draw(&m, area, title, bottom);
			screen_refresh();
		}
		k = screen_getkey(-1);
		if (k == SK_NONE || k == SK_RESIZE)
			continue;
		r = key(&m, k);
		if (r < 0 && strcmp(m.text.data ? m.text.data : "", initial ? initial : "") != 0) {
			struct rect qa;

			if (h->frame(h->ctx, VIEW_OVERLAY, &qa))
				draw(&m, qa, title, "discard the changes? (y/N)");
			screen_refresh();
			do
				k = screen_getkey(-1);
			while (k == SK_NONE || k == SK_RESIZE);
			if (k != 'y' && k != 'Y')
				r = 0;
		}
	}
	screen_cursor(-1, 0);
	if (r > 0)
		text = xstrdup(m.text.data ? m.text.data : "");
	sb_done(&m.text);
	free(m.rows);
	return text;
}
