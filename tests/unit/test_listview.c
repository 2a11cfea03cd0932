/* test_listview.c — the list widget without a screen: movement by row, page and to the
 * ends, the pager's stop at the last page, incremental filtering (a longer filter looks
 * only at what the shorter one let through: counted here), the highlighted row kept
 * across filters and model changes, and selection of a model row. */
#include <string.h>

#include "listview.h"
#include "t.h"

static const char *const names[] = {"alpha", "beta", "gamma", "delta", "epsilon",
                                    "zeta",  "eta",  "theta", "iota",  "kappa"};
static size_t asked;

static const char *text(void *ctx, size_t row)
{
	(void)ctx;
	asked++;
	return names[row];
}

static void draw_row(void *ctx, size_t row, struct rect r, bool sel)
{
	(void)ctx, (void)row, (void)r, (void)sel;
}

static void type(struct listview *lv, const char *s)
{
	for (; *s; s++)
		listview_filter_key(lv, *s, KA_NONE);
}

int main(void)
{
	struct listview lv;

	listview_init(&lv, NULL, draw_row, text);
	listview_set_rows(&lv, 10);
	lv.shown = 4;
	IS_INT(listview_current(&lv), 0, "starts on the first row");
	listview_move(&lv, KA_DOWN);
	listview_move(&lv, KA_DOWN);
	IS_INT(listview_current(&lv), 2, "down twice");
	listview_move(&lv, KA_PAGE_DOWN);
	IS_INT(listview_current(&lv), 5, "a page is the rows shown less one");
	listview_move(&lv, KA_BOTTOM);
	IS_INT(listview_current(&lv), 9, "bottom");
	listview_move(&lv, KA_DOWN);
	IS_INT(listview_current(&lv), 9, "no further than the last row");
	listview_move(&lv, KA_HALF_UP);
	IS_INT(listview_current(&lv), 7, "half a page up");
	listview_move(&lv, KA_TOP);
	listview_move(&lv, KA_UP);
	IS_INT(listview_current(&lv), 0, "no further than the first row");
	OK(!listview_move(&lv, KA_ACCEPT), "other actions are not movements");

	asked = 0;
	type(&lv, "e");
	IS_INT(asked, 10, "the first character looks at every row");
	IS_INT(listview_count(&lv), 6, "rows with an e: beta delta epsilon zeta eta theta");
	asked = 0;
	type(&lv, "t");
	IS_INT(asked, 6, "a longer filter looks only at the rows let through");
	IS_INT(listview_count(&lv), 4, "et: beta zeta eta theta");
	IS_INT(listview_current(&lv), 1, "typing highlights the first match (beta)");
	listview_move(&lv, KA_DOWN);
	IS_INT(listview_current(&lv), 5, "moving goes through the matches (zeta)");
	IS_STR(listview_filter_text(&lv), "et", "the filter text");
	type(&lv, "q");
	IS_INT(listview_count(&lv), 0, "nothing matches etq");
	IS_INT(listview_current(&lv), LISTVIEW_NONE, "no row highlighted when none is visible");
	listview_filter_key(&lv, 0, KA_BACKSPACE);
	IS_INT(listview_count(&lv), 4, "backspace widens again");
	OK(listview_select(&lv, 7), "select theta (visible)");
	IS_INT(listview_current(&lv), 7, "theta highlighted");
	OK(!listview_select(&lv, 0), "alpha is filtered out: not selectable");
	listview_filter_key(&lv, 0, KA_KILL);
	IS_INT(listview_count(&lv), 10, "clearing the filter shows every row");
	IS_INT(listview_current(&lv), 7, "and keeps the highlighted row");
	listview_set_rows(&lv, 5);
	IS_INT(listview_current(&lv), 4, "fewer rows: the highlight moves to the last");
	listview_done(&lv);

	listview_init(&lv, NULL, draw_row, NULL);
	lv.pager = true;
	listview_set_rows(&lv, 10);
	lv.shown = 4;
	listview_move(&lv, KA_BOTTOM);
	IS_INT(lv.top, 6, "a pager stops with its last row at the bottom");
	listview_move(&lv, KA_PAGE_UP);
	IS_INT(lv.top, 3, "a pager's page up");
	OK(!listview_filter_key(&lv, 'x', KA_NONE), "a list without text cannot be filtered");
	listview_done(&lv);
	return t_done();
}
