/* view_mouse.c — the mouse in the coder: place the cursor, select by dragging (snapped to
 * word edges), select a word with a double click, scroll with the wheel, apply a code by
 * clicking it in the codebook pane. The terminal's reports arrive as SK_MOUSE keys
 * (screen.h); the transcript list handles its own clicks (list_run). */
#include <time.h>

#include "gloss/transcript.h"
#include "view_codebook.h"
#include "view_mouse.h"
#include "view_transcript.h"

#define WHEEL_ROWS 3

#define DOUBLE_CLICK_MS 400

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

static void snap(struct app *a, size_t x, size_t y)
{
	size_t s, e;

	vt_snap_words(a, x, y, &s, &e);
	a->selecting = true;
	a->anc_s = a->sel_s = s;
	a->anc_e = a->sel_e = e;
	a->pos = s;
}

static void press(struct app *a, const struct smouse *m, size_t off)
{
	double t = now_ms();
	bool same = a->clicks > 0 && m->y == a->press_y && m->x == a->press_x &&
	            t - a->press_ms < DOUBLE_CLICK_MS;

	a->clicks = same ? a->clicks + 1 : 1;
	a->press_ms = t;
	a->press_y = m->y, a->press_x = m->x;
	a->press_off = off;
	if (a->clicks >= 2) { /* a double click: the word */
		size_t s, e;
		vt_word_span(a, off, &s, &e);
		if (e > s) {
			a->selecting = true;
			a->anc_s = a->sel_s = s;
			a->anc_e = a->sel_e = e;
			a->pos = s;
			a->dragging = false;
			app_message(a, false, "selected a word: press a code key");
			return;
		}
	}
	a->dragging = true;
	a->selecting = false;
	vt_goto(a, off);
}

static void in_text(struct app *a, const struct smouse *m)
{
	size_t off;

	if (!vt_offset_at(a, m->y, m->x, &off)) {
		a->dragging = false;
		return;
	}
	if (m->kind == SM_PRESS || m->kind == SM_CLICK || m->kind == SM_DOUBLE) {
		if (m->kind == SM_DOUBLE)
			a->clicks = 1, a->press_y = m->y, a->press_x = m->x, a->press_ms = now_ms();
		press(a, m, off);
		if (m->kind != SM_PRESS)
			a->dragging = false;
	} else if (m->kind == SM_MOVE && a->dragging && off != a->press_off) {
		a->clicks = 0;
		snap(a, a->press_off, off);
		vt_reveal(a);
	} else if (m->kind == SM_RELEASE) {
		a->dragging = false;
		if (a->selecting && a->sel_e > a->sel_s && a->clicks == 0)
			app_message(a, false,
			            "selected by mouse: press a code key or click a code");
	}
}

int vm_event(struct app *a)
{
	struct smouse m;

	if (!screen_mouse_event(&m) || a->g.too_small)
		return -1;
	if (m.kind == SM_WHEEL_UP || m.kind == SM_WHEEL_DOWN) {
		size_t s = a->sel_s, e = a->sel_e;
		if (!a->sess.open)
			return -1;
		vt_scroll(a, m.kind == SM_WHEEL_UP ? -WHEEL_ROWS : WHEEL_ROWS, false);
		if (a->selecting) /* scrolling reads on; it does not change the selection */
			a->anc_s = a->sel_s = s, a->anc_e = a->sel_e = e;
		return -1;
	}
	if (a->g.pw > 0 && m.x >= a->g.px && m.y < a->g.th) {
		a->dragging = false;
		if (m.kind != SM_PRESS && m.kind != SM_CLICK)
			return -1;
		return vc_code_at(&a->pane, m.y);
	}
	if (a->sess.open && a->g.tw > 0)
		in_text(a, &m);
	return -1;
}
