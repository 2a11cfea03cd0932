/* test_layout.c — wrapping by display width: words, long words, wide and combining
 * characters, control characters as one-cell placeholders, the lazy line cache. */
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static size_t wrap(const char *s, int width, uint32_t *starts)
{
	return layout_wrap(s, strlen(s), width, starts, 16);
}

static void test_words(void)
{
	uint32_t st[16];

	IS_INT(wrap("", 10, st), 1, "empty line is one row");
	IS_INT(wrap("hello world", 20, st), 1, "fits on one row");
	IS_INT(wrap("hello world", 8, st), 2, "breaks between words");
	IS_INT(st[1], 6, "second row starts at the second word");
	IS_INT(wrap("hello world", 5, st), 2, "space at the edge stays on the first row");
	IS_INT(st[1], 6, "no row starts with the space");
	IS_INT(wrap("abcdefghij", 4, st), 3, "a long word is broken inside");
	IS_INT(st[1], 4, "second piece");
	IS_INT(st[2], 8, "third piece");
	IS_INT(wrap("a b c d", 1, st), 4, "width 1 still progresses");
}

static void test_widths(void)
{
	uint32_t st[16];
	/* 5 wide characters = 10 cells */
	const char *cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xa7\xe8\xa9\xb1";
	/* e + combining acute, four times: 4 cells */
	const char *comb = "e\xcc\x81"
	                   "e\xcc\x81"
	                   "e\xcc\x81"
	                   "e\xcc\x81";

	IS_INT(layout_text_width(cjk, strlen(cjk)), 10, "wide characters take two cells");
	IS_INT(wrap(cjk, 5, st), 3, "wide characters never split: 2+2 per row of 5");
	IS_INT(st[1], 6, "second row starts at the third character");
	IS_INT(layout_text_width(comb, strlen(comb)), 4, "combining marks take no cell");
	IS_INT(wrap(comb, 2, st), 2, "combining marks stay with their base");
	IS_INT(st[1], 6, "the break is after the mark");
	IS_INT(layout_text_width("\x1b[31m", 5), 5, "ESC is a one-cell placeholder");
	IS_INT(layout_text_width("\t", 1), 1, "TAB is one cell");
	IS_INT(layout_text_width("\xc2\x9b", 2), 1, "C1 control is one cell");
	IS_INT(layout_text_width("\xff", 1), 1, "an invalid byte is one cell");
}

/* a hand-made transcript of three lines */
static struct transcript *fake(const char *text)
{
	struct transcript *t = xcalloc(1, sizeof(*t));
	size_t off = 0;

	t->text = xstrdup(text);
	t->len = strlen(text);
	while (off <= t->len) {
		const char *nl = memchr(t->text + off, '\n', t->len - off);
		size_t len = nl ? (size_t)(nl - t->text) - off : t->len - off;
		struct tline l = {off, len, off, off, 0, -1, false};
		t->lines = xreallocarray(t->lines, t->nlines + 1, sizeof(*t->lines));
		t->lines[t->nlines++] = l;
		if (!nl)
			break;
		off += len + 1;
	}
	return t;
}

static void test_cache(void)
{
	struct transcript *t = fake("one two three four\n\nfive six");
	struct layout l;
	struct lpos p = {0, 0};
	size_t s, e;

	layout_init(&l, t, 9);
	IS_INT(t->nlines, 3, "three lines");
	IS_INT(l.ndone, 0, "nothing wrapped before it is needed");
	IS_INT(layout_nrows(&l, 0), 3, "first line wraps into three rows");
	IS_INT(l.ndone, 1, "only that line was wrapped");
	layout_row_range(&l, 0, 1, &s, &e);
	IS_INT(s, 8, "row 2 starts at 'three'");
	IS_INT(e, 14, "row 2 ends before 'four'");
	IS_INT(layout_row_of(&l, 0, 10), 1, "offset 10 is on row 2");
	IS_INT(layout_move(&l, &p, 4), 4, "move down four rows");
	IS_INT(p.line, 2, "now on the third line");
	IS_INT(layout_move(&l, &p, 5), 0, "cannot move past the end");
	IS_INT(layout_move(&l, &p, -10), 4, "moving up stops at the top");
	IS_INT(layout_cmp(layout_last(&l), (struct lpos){2, 0}), 0, "last row");
	layout_set_width(&l, 40);
	IS_INT(l.ndone, 0, "a new width drops the cache");
	IS_INT(layout_nrows(&l, 0), 1, "and rewraps lazily");
	layout_done(&l);
	free(t->lines);
	free(t->text);
	free(t);
}

int main(void)
{
	test_words();
	test_widths();
	test_cache();
	return t_done();
}
