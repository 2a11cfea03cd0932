/* test_lineedit.c — the prompt's line editor: UTF-8 aware editing, the view that keeps the
 * cursor inside the width, and work linear in the text (counted, never timed). */
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"
#include "t.h"

static char *text(const struct lineedit *le)
{
	static char *last;
	free(last);
	last = lineedit_text(le);
	return last;
}

static void type(struct lineedit *le, const char *s)
{
	while (*s)
		lineedit_insert(le, (unsigned char)*s++);
}

static void editing(void)
{
	struct lineedit le;

	lineedit_init(&le, "Café näive");
	IS_INT(lineedit_cursor(&le), strlen("Café näive"), "the cursor starts at the end");
	lineedit_left(&le);
	lineedit_left(&le);
	lineedit_left(&le);
	lineedit_backspace(&le);
	lineedit_insert(&le, 0xEF); /* ï */
	IS_STR(text(&le), "Café nïive", "left over UTF-8, backspace and insert");
	lineedit_home(&le);
	type(&le, "Was: ");
	lineedit_end(&le);
	lineedit_insert(&le, 0x2713);
	IS_STR(text(&le), "Was: Café nïive✓", "home, end and a three-byte character");
	lineedit_home(&le);
	lineedit_right(&le);
	lineedit_delete(&le);
	IS_STR(text(&le), "Ws: Café nïive✓", "delete after the cursor");
	lineedit_end(&le);
	lineedit_left(&le);
	lineedit_kill_before(&le);
	IS_STR(text(&le), "✓", "kill removes everything before the cursor");
	IS_INT(lineedit_cursor(&le), 0, "and leaves the cursor at the start");
	lineedit_left(&le);
	lineedit_backspace(&le);
	IS_STR(text(&le), "✓", "nothing happens at the start");
	lineedit_end(&le);
	lineedit_right(&le);
	lineedit_delete(&le);
	IS_STR(text(&le), "✓", "nothing happens at the end");
	lineedit_done(&le);

	lineedit_init(&le, NULL);
	IS_STR(text(&le), "", "an empty line");
	lineedit_done(&le);
}

static void view(void)
{
	struct lineedit le;
	struct lineedit_view v;

	lineedit_init(&le, "abcdefghij");
	lineedit_view(&le, 20, &v);
	IS_INT(v.nbefore, 10, "a short line is shown whole");
	IS_INT(v.cursor_col, 10, "with the cursor after it");
	lineedit_view(&le, 5, &v);
	OK(v.nbefore == 4 && memcmp(v.before, "ghij", 4) == 0 && v.cursor_col == 4,
	   "a long line shows its end, the cursor in the last column");
	lineedit_home(&le);
	lineedit_view(&le, 5, &v);
	OK(v.nbefore == 0 && v.cursor_col == 0 && v.nafter == 5 && memcmp(v.after, "abcde", 5) == 0,
	   "at the start: the first width columns after the cursor");
	lineedit_done(&le);

	lineedit_init(&le, "日本語テキスト");
	lineedit_view(&le, 6, &v);
	IS_INT(v.cursor_col, 4, "wide characters count two columns (two fit before the cursor)");
	OK(v.nbefore == 6 && memcmp(v.before, "キスト" + 3, 6) == 0, "they are the last two");
	lineedit_done(&le);
}

/* work: n keys typed at the end, then n more in the middle, a view drawn after each key */
static size_t work(size_t n)
{
	struct lineedit le;
	struct lineedit_view v;
	size_t ops;

	lineedit_init(&le, NULL);
	for (size_t i = 0; i < n; i++) {
		lineedit_insert(&le, i % 7 == 0 ? 0x00E9 : 'a' + (uint32_t)(i % 26));
		lineedit_view(&le, 78, &v);
	}
	lineedit_home(&le);
	for (size_t i = 0; i < n / 2; i++)
		lineedit_right(&le);
	for (size_t i = 0; i < n; i++) {
		lineedit_insert(&le, 'x');
		lineedit_view(&le, 78, &v);
	}
	ops = le.ops;
	lineedit_done(&le);
	return ops;
}

static void linear(void)
{
	size_t small = work(2000), big = work(100000);

	/* a view looks at about two widths of text; a key moves or writes a few bytes; the
	 * buffer doubles. Quadratic work would be ~50 times more for 50 times the keys. */
	OK(big <= 400 * 2 * 100000, "100,000 keys with a view after each: at most 400 ops a key");
	OK(big <= 60 * small, "50 times the keys cost at most 60 times the work (linear)");
	if (big > 60 * small)
		printf("#   2,000 keys: %zu ops, 100,000 keys: %zu ops\n", small, big);
}

int main(void)
{
	editing();
	view();
	linear();
	return t_done();
}
