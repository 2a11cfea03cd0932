/* layout.c — wrapping lines into rows by display width, lazily, with a cache. */
#include "layout.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

int layout_cp_width(uint32_t cp)
{
	int w;

	if (cp == '\t' || utf8_unsafe(cp))
		return 1;
	w = utf8_width(cp);
	return w < 0 ? 1 : w;
}

int layout_text_width(const char *s, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		w += layout_cp_width(cp);
	}
	return w;
}

static bool is_break_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || (cp != 0xA0 && cp != 0x202F && utf8_is_space(cp));
}

static void put_start(uint32_t *starts, size_t cap, size_t n, size_t off)
{
	if (n < cap)
		starts[n] = (uint32_t)off;
}

size_t layout_wrap(const char *s, size_t len, int width, uint32_t *starts, size_t cap)
{
	size_t n = 1, i = 0, rowstart = 0, brk = 0;
	int col = 0;

	if (width < 1)
		width = 1;
	put_start(starts, cap, 0, 0);
	while (i < len) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);
		int w = layout_cp_width(cp);
		bool space = is_break_space(cp);

		if (w > 0 && col + w > width && col > 0 && !space) {
			size_t at = brk > rowstart ? brk : i;
			put_start(starts, cap, n++, at);
			rowstart = at;
			brk = 0;
			col = layout_text_width(s + at, i - at);
			continue;
		}
		col += w;
		i += k;
		if (space)
			brk = i;
	}
	return n;
}

void layout_init(struct layout *l, const struct transcript *t, int width)
{
	memset(l, 0, sizeof(*l));
	l->t = t;
	l->width = width < 1 ? 1 : width;
	l->rows = xcalloc(t->nlines ? t->nlines : 1, sizeof(*l->rows));
}

static void layout_reset(struct layout *l)
{
	for (size_t i = 0; i < l->ndone; i++) {
		struct lrows *r = &l->rows[l->done[i]];
		free(r->starts);
		r->starts = NULL;
		r->n = 0;
	}
	l->ndone = 0;
}

void layout_done(struct layout *l)
{
	layout_reset(l);
	free(l->rows);
	free(l->done);
	memset(l, 0, sizeof(*l));
}

void layout_set_width(struct layout *l, int width)
{
	if (width < 1)
		width = 1;
	if (width == l->width)
		return;
	layout_reset(l);
	l->width = width;
}

static struct lrows *line_rows(struct layout *l, size_t line)
{
	struct lrows *r = &l->rows[line];
	const struct tline *tl = &l->t->lines[line];
	uint32_t buf[64];
	size_t n;

	if (r->n)
		return r;
	n = layout_wrap(l->t->text + tl->off, tl->len, l->width, buf, ARRAY_LEN(buf));
	if (n > 1) {
		r->starts = xreallocarray(NULL, n, sizeof(*r->starts));
		if (n <= ARRAY_LEN(buf))
			memcpy(r->starts, buf, n * sizeof(*buf));
		else
			layout_wrap(l->t->text + tl->off, tl->len, l->width, r->starts, n);
	}
	r->n = (uint32_t)n;
	VEC_PUSH(l->done, l->ndone, l->capdone, line);
	return r;
}

size_t layout_nrows(struct layout *l, size_t line)
{
	if (line >= l->t->nlines)
		return 1;
	return line_rows(l, line)->n;
}

void layout_row_range(struct layout *l, size_t line, size_t row, size_t *s, size_t *e)
{
	const struct tline *tl;
	struct lrows *r;

	if (line >= l->t->nlines) {
		*s = *e = l->t->len;
		return;
	}
	tl = &l->t->lines[line];
	r = line_rows(l, line);
	if (row >= r->n)
		row = r->n - 1;
	*s = tl->off + (r->starts ? r->starts[row] : 0);
	*e = row + 1 < r->n ? tl->off + r->starts[row + 1] : tl->off + tl->len;
}

size_t layout_row_of(struct layout *l, size_t line, size_t off)
{
	struct lrows *r;
	size_t lo = 0, hi, rel;

	if (line >= l->t->nlines)
		return 0;
	r = line_rows(l, line);
	if (!r->starts)
		return 0;
	rel = off > l->t->lines[line].off ? off - l->t->lines[line].off : 0;
	hi = r->n;
	while (hi - lo > 1) {
		size_t mid = (lo + hi) / 2;
		if (r->starts[mid] <= rel)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

struct lpos layout_pos_of(struct layout *l, size_t off)
{
	struct lpos p = {0, 0};

	if (l->t->nlines == 0)
		return p;
	p.line = transcript_line_at(l->t, off);
	p.row = layout_row_of(l, p.line, off);
	return p;
}

size_t layout_move(struct layout *l, struct lpos *p, long delta)
{
	size_t moved = 0;

	if (l->t->nlines == 0)
		return 0;
	while (delta > 0) {
		size_t n = layout_nrows(l, p->line);
		if (p->row + 1 < n) {
			p->row++;
		} else if (p->line + 1 < l->t->nlines) {
			p->line++;
			p->row = 0;
		} else {
			break;
		}
		delta--, moved++;
	}
	while (delta < 0) {
		if (p->row > 0) {
			p->row--;
		} else if (p->line > 0) {
			p->line--;
			p->row = layout_nrows(l, p->line) - 1;
		} else {
			break;
		}
		delta++, moved++;
	}
	return moved;
}

struct lpos layout_last(struct layout *l)
{
	struct lpos p = {0, 0};

	if (l->t->nlines == 0)
		return p;
	p.line = l->t->nlines - 1;
	p.row = layout_nrows(l, p.line) - 1;
	return p;
}

int layout_cmp(struct lpos a, struct lpos b)
{
	if (a.line != b.line)
		return a.line < b.line ? -1 : 1;
	if (a.row != b.row)
		return a.row < b.row ? -1 : 1;
	return 0;
}

size_t layout_cell(const char *s, size_t n, uint32_t *cl, size_t max, size_t *m, int *w)
{
	size_t i = utf8_decode(s, n, &cl[0]);

	*m = 1;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (utf8_unsafe(cp) || layout_cp_width(cp) != 0)
			break;
		if (*m < max)
			cl[(*m)++] = cp;
		i += k;
	}
	*w = layout_cp_width(cl[0]);
	if (*w == 0)
		*w = 1; /* a lone combining mark is drawn as a replacement */
	return i;
}
