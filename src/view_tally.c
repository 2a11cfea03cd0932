/* view_tally.c — the tally of codes and themes as horizontal bars, for this transcript
 * and for the project: the same tally_run that `gloss tally` prints. */
#include <stdio.h>
#include <string.h>

#include "gloss/keymap.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/view.h"

static void draw_row(struct app *a, const struct tally *t, const struct tally_row *r, int y,
                     int namew)
{
	char num[64];
	int barw = a->g.cols - namew - 22, len;
	uint32_t block = 0x2588;
	struct sattr at = r->code >= 0 ? app_code_attr(a, r->code, false) : SATTR(0);

	screen_text(y, 1 + r->depth * 2, namew - r->depth * 2, r->name, strlen(r->name),
	            SATTR(r->theme ? SA_BOLD : 0));
	snprintf(num, sizeof(num), "%5zu", r->passages);
	screen_text(y, namew + 2, 5, num, strlen(num), SATTR(0));
	if (barw < 1)
		return;
	len = t->max_passages
	          ? (int)((r->passages * (size_t)barw + t->max_passages - 1) / t->max_passages)
	          : 0;
	at.flags &= ~(unsigned)SA_BOLD;
	screen_fill(y, namew + 8, len, block, at);
	snprintf(num, sizeof(num), "%5.1f%%", r->share * 100);
	screen_text(y, a->g.cols - 8, 7, num, strlen(num), SATTR(SA_DIM));
}

static void draw(struct app *a, const struct tally *t, bool project, size_t top)
{
	char head[256];
	int namew = a->g.cols / 3 > 32 ? 32 : a->g.cols / 3;

	screen_erase();
	if (project)
		snprintf(head, sizeof(head), "Tally: project, %zu transcripts (Tab: this one)",
		         t->ndocs);
	else
		snprintf(head, sizeof(head), "Tally: %s (Tab: whole project)", a->t->name);
	screen_text(0, 1, a->g.cols - 2, head, strlen(head), SATTR(SA_BOLD));
	screen_text(1, 1, a->g.cols - 2, "code", 4, SATTR(SA_DIM));
	screen_text(1, namew + 1, 9, "passages", 8, SATTR(SA_DIM));
	screen_text(1, a->g.cols - 8, 7, " words", 6, SATTR(SA_DIM));
	for (int y = 2; y < a->g.rows - 2 && top + (size_t)(y - 2) < t->nrows; y++)
		draw_row(a, t, &t->rows[top + (size_t)(y - 2)], y, namew);
	vt_status(a);
}

void vtally_run(struct app *a)
{
	bool project = !a->open, done = false;
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	size_t top = 0;

	while (!done) {
		struct tally *t;
		int key, page = a->g.rows > 6 ? a->g.rows - 5 : 1;
		o.doc = project ? -1 : (long)a->doc;
		t = tally_run(a->p, &o);
		app_draw(a);
		if (!a->g.too_small)
			draw(a, t, project, top);
		screen_refresh();
		key = screen_getkey(-1);
		switch (keymap_lookup(KC_TALLY, key)) {
		case KA_DOWN:
			top = top + 1 < t->nrows ? top + 1 : top;
			break;
		case KA_UP:
			top = top ? top - 1 : 0;
			break;
		case KA_PAGE_DOWN:
			top = top + (size_t)page < t->nrows ? top + (size_t)page : top;
			break;
		case KA_PAGE_UP:
			top = top > (size_t)page ? top - (size_t)page : 0;
			break;
		case KA_SCOPE:
			project = !project || !a->open;
			break;
		case KA_CANCEL:
			done = true;
			break;
		default:
			break;
		}
		tally_free(t);
	}
}
