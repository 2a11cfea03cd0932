/* lineedit.c — a gap buffer for one line of text (see lineedit.h). */
#include "lineedit.h"

#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define MARKS_PER_COLUMN 8

static size_t after_len(const struct lineedit *le)
{
	return le->cap - le->gap_end;
}

/* grow: make room for need more bytes in the gap (doubling, so n inserts cost O(n)) */
static void grow(struct lineedit *le, size_t need)
{
	size_t tail = after_len(le), cap = le->cap ? le->cap : 64;

	if (le->gap_end - le->gap >= need)
		return;
	while (cap - (le->gap + tail) < need)
		cap *= 2;
	le->buf = xrealloc(le->buf, cap);
	memmove(le->buf + cap - tail, le->buf + le->gap_end, tail);
	le->ops += tail;
	le->gap_end = cap - tail;
	le->cap = cap;
}

void lineedit_init(struct lineedit *le, const char *initial)
{
	size_t n = initial ? strlen(initial) : 0;

	memset(le, 0, sizeof(*le));
	grow(le, n + 16);
	memcpy(le->buf, initial ? initial : "", n);
	le->gap = n;
	le->ops = n;
}

void lineedit_done(struct lineedit *le)
{
	free(le->buf);
	memset(le, 0, sizeof(*le));
}

size_t lineedit_len(const struct lineedit *le)
{
	return le->gap + after_len(le);
}

size_t lineedit_cursor(const struct lineedit *le)
{
	return le->gap;
}

void lineedit_insert(struct lineedit *le, uint32_t cp)
{
	char enc[4];
	size_t k = utf8_encode(cp, enc);

	grow(le, k);
	memcpy(le->buf + le->gap, enc, k);
	le->gap += k;
	le->ops += k;
}

/* next_len: bytes of the code point just after the cursor */
static size_t next_len(const struct lineedit *le)
{
	uint32_t cp;

	return utf8_decode(le->buf + le->gap_end, after_len(le), &cp);
}

void lineedit_left(struct lineedit *le)
{
	size_t p, k;

	if (le->gap == 0)
		return;
	p = utf8_prev(le->buf, le->gap);
	k = le->gap - p;
	le->gap_end -= k;
	memmove(le->buf + le->gap_end, le->buf + p, k);
	le->gap = p;
	le->ops += k;
}

void lineedit_right(struct lineedit *le)
{
	size_t k;

	if (after_len(le) == 0)
		return;
	k = next_len(le);
	memmove(le->buf + le->gap, le->buf + le->gap_end, k);
	le->gap += k;
	le->gap_end += k;
	le->ops += k;
}

void lineedit_home(struct lineedit *le)
{
	size_t k = le->gap;

	le->gap_end -= k;
	memmove(le->buf + le->gap_end, le->buf, k);
	le->gap = 0;
	le->ops += k;
}

void lineedit_end(struct lineedit *le)
{
	size_t k = after_len(le);

	memmove(le->buf + le->gap, le->buf + le->gap_end, k);
	le->gap += k;
	le->gap_end = le->cap;
	le->ops += k;
}

void lineedit_backspace(struct lineedit *le)
{
	if (le->gap > 0)
		le->gap = utf8_prev(le->buf, le->gap);
	le->ops++;
}

void lineedit_delete(struct lineedit *le)
{
	if (after_len(le) > 0)
		le->gap_end += next_len(le);
	le->ops++;
}

void lineedit_kill_before(struct lineedit *le)
{
	le->gap = 0;
	le->ops++;
}

char *lineedit_text(const struct lineedit *le)
{
	char *s = xmalloc(lineedit_len(le) + 1);

	memcpy(s, le->buf, le->gap);
	memcpy(s + le->gap, le->buf + le->gap_end, after_len(le));
	s[lineedit_len(le)] = '\0';
	return s;
}

void lineedit_view(struct lineedit *le, int width, struct lineedit_view *v)
{
	size_t from = le->gap, cps = 0,
	       limit = ((size_t)(width > 0 ? width : 1) + 1) * MARKS_PER_COLUMN;
	int w = 0;

	/* the smallest start whose text up to the cursor is narrower than width */
	while (from > 0 && cps < limit) {
		size_t p = utf8_prev(le->buf, from);
		uint32_t cp;
		int cw;
		utf8_decode(le->buf + p, from - p, &cp);
		cw = layout_cp_width(cp);
		le->ops += from - p;
		if (w + cw >= width)
			break;
		w += cw;
		from = p;
		cps++;
	}
	v->before = le->buf + from;
	v->nbefore = le->gap - from;
	v->cursor_col = w;
	v->after = le->buf + le->gap_end;
	v->nafter = after_len(le);
	/* the caller shows at most width - w columns of it: cut it there */
	{
		size_t i = 0, n = 0;
		int aw = w;
		while (i < v->nafter && n < limit) {
			uint32_t cp;
			size_t k = utf8_decode(v->after + i, v->nafter - i, &cp);
			int cw = layout_cp_width(cp);
			if (aw + cw > width)
				break;
			aw += cw;
			i += k;
			n++;
		}
		le->ops += i;
		v->nafter = i;
	}
}
