/* view_repair.c — the codings that could not be placed, and the coder's choice for one
 * (see view_repair.h). */
#include "view_repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/repair.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

#define MAX_PLACES 32

struct vrep_row {
	size_t set, item;
	/* the order of the list: yours first, then by coder, then by place */
	bool mine;
	const char *coder;
	size_t start;
};

struct vrepair {
	const struct repair_input *in;
	struct vrep_row *rows;
	size_t n;
	struct listview lv;
	struct anchor_place places[MAX_PLACES];
	size_t nplaces, places_row; /* the candidates of row places_row */
	size_t cur;                 /* the highlighted candidate */
	char note[256];             /* what the last key could not do */
	struct repair_choice *out;
	bool chosen;
};

static const struct coding *row_coding(const struct vrepair *v, size_t r)
{
	return &v->in->sets[v->rows[r].set]->items[v->rows[r].item];
}

static const struct codings *row_set(const struct vrepair *v, size_t r)
{
	return v->in->sets[v->rows[r].set];
}

static bool mine(const struct vrepair *v, const struct codings *c)
{
	return c->coder && v->in->me && strcmp(c->coder, v->in->me) == 0;
}

static const char *code_name(const struct vrepair *v, const struct coding *cd)
{
	int c = codebook_find(v->in->cb, cd->code);

	return c >= 0 ? v->in->cb->codes[c].name : cd->code;
}

/* the candidates of the highlighted row, found once per row */
static void find_places(struct vrepair *v)
{
	size_t r = listview_current(&v->lv);

	if (r == v->places_row)
		return;
	v->places_row = r;
	v->cur = 0;
	v->nplaces = r == LISTVIEW_NONE
	                 ? 0
	                 : repair_candidates(row_set(v, r), v->rows[r].item, v->places, MAX_PLACES);
	for (size_t k = 0; v->in->selecting && k < v->nplaces; k++)
		if (v->places[k].start == v->in->sel_s && v->places[k].end == v->in->sel_e)
			v->cur = k; /* the place selected (Enter on it before) */
}

/* quote_text: the stored quote as one string ("head … tail" for a long passage) */
static void quote_text(const struct coding *cd, struct strbuf *sb)
{
	if (!cd->quote) {
		sb_adds(sb, "(no quote stored)");
		return;
	}
	sb_printf(sb, "\xe2\x80\x9c%s", cd->quote);
	if (cd->quote_end)
		sb_printf(sb, " \xe2\x80\xa6 %s", cd->quote_end);
	sb_adds(sb, "\xe2\x80\x9d");
}

static void repair_row(void *ctx, size_t r, struct rect rc, bool sel)
{
	struct vrepair *v = ctx;
	const struct coding *cd = row_coding(v, r);
	const struct codings *c = row_set(v, r);
	struct strbuf sb = STRBUF_INIT;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_TITLE);
	char why[128];
	int x;

	if (sel)
		screen_fill(rc.y, rc.x, rc.w, ' ', at);
	if (mine(v, c))
		sb_adds(&sb, "yours");
	else
		sb_printf(&sb, "%s's", c->coder ? c->coder : "?");
	sb_printf(&sb, "  %s  ", code_name(v, cd));
	x = screen_text(rc.y, rc.x + 1, rc.w - 2, sb.data, sb.len, at);
	repair_why(c, cd, why, sizeof(why));
	if (x < rc.w - 2)
		screen_text(rc.y, rc.x + 1 + x, rc.w - 2 - x, why, strlen(why),
		            sel ? at : style(STYLE_REPAIR_WHY));
	sb.len = 0;
	quote_text(cd, &sb);
	if (rc.h > 1)
		view_paragraph(sb.data, sb.len, (struct rect){rc.x + 4, rc.y + 1, rc.w - 5, 1},
		               style(STYLE_NORMAL));
	sb_done(&sb);
}

/* draw_places: the highlighted coding's candidate places, from row y of area a */
static void draw_places(struct vrepair *v, struct rect a, int y)
{
	const struct transcript *t = v->in->t;
	char head[160];
	int end = a.y + a.h - 1; /* the last row is the note's */
	size_t first = 0;

	if (listview_current(&v->lv) == LISTVIEW_NONE || y >= end)
		return;
	screen_fill(y++, a.x, a.w, 0x2500, style(STYLE_SEPARATOR));
	if (v->nplaces == 0) {
		const char *none = "No place holds its quote now: select the passage in the text "
		                   "(v), then press ! and s; or x removes the coding.";
		view_paragraph(none, strlen(none), (struct rect){a.x + 1, y, a.w - 2, end - y},
		               style(STYLE_DIM));
		return;
	}
	snprintf(head, sizeof(head),
	         "%zu place%s where it could stand (n N choose, Enter goes "
	         "there, p places it there):",
	         v->nplaces, v->nplaces == 1 ? "" : "s");
	screen_text(y++, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	if (end - y > 0 && v->cur >= first + (size_t)(end - y))
		first = v->cur - (size_t)(end - y) + 1;
	for (size_t k = first; k < v->nplaces && y < end; k++, y++) {
		const struct anchor_place *pl = &v->places[k];
		char lab[64];
		bool sel = k == v->cur;
		struct sattr at = style(sel ? STYLE_SELECTED : STYLE_NORMAL);
		int w;
		snprintf(lab, sizeof(lab), "%s%2zu. line %zu, %s: ", sel ? "\xe2\x96\xb8" : " ",
		         k + 1, transcript_line_at(t, pl->start) + 1,
		         pl->exact ? "exact" : "loose");
		if (sel)
			screen_fill(y, a.x, a.w, ' ', at);
		w = screen_text(y, a.x + 1, a.w - 2, lab, strlen(lab), at);
		view_excerpt(t, pl->start, pl->end, (struct rect){a.x + 1 + w, y, a.w - 2 - w, 1},
		             at);
	}
}

static void repair_draw(void *vv, struct rect a)
{
	struct vrepair *v = vv;
	char head[256];
	const char *keys = "n N: choose a place  Enter: go there  p: place  s: on the selection  "
	                   "x: remove";
	int listh;

	find_places(v);
	snprintf(head, sizeof(head), "%zu coding%s of %s could not be placed", v->n,
	         v->n == 1 ? "" : "s", v->in->t->name);
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	screen_text(a.y + 1, a.x + 1, a.w - 2, keys, strlen(keys), style(STYLE_DIM));
	listh = (int)v->n * v->lv.row_h;
	if (listh > (a.h - 3) / 2)
		listh = (a.h - 3) / 2;
	if (listh < v->lv.row_h)
		listh = v->lv.row_h;
	listview_draw(&v->lv, (struct rect){a.x, a.y + 3, a.w, listh});
	draw_places(v, a, a.y + 3 + listh);
	if (v->note[0])
		screen_text(a.y + a.h - 1, a.x + 1, a.w - 2, v->note, strlen(v->note),
		            style(STYLE_ERROR));
}

static enum view_result choose(struct vrepair *v, enum repair_do what, size_t s, size_t e)
{
	size_t r = listview_current(&v->lv);

	*v->out = (struct repair_choice){what, v->rows[r].set, v->rows[r].item, s, e};
	v->chosen = true;
	return VIEW_DONE;
}

static enum view_result repair_key(void *vv, int key, enum keyaction act)
{
	struct vrepair *v = vv;
	bool any = listview_current(&v->lv) != LISTVIEW_NONE;

	(void)key;
	v->note[0] = '\0';
	if (listview_move(&v->lv, act)) {
		find_places(v);
		return VIEW_GO_ON;
	}
	switch (act) {
	case KA_NEXT_PLACE:
	case KA_PREV_PLACE:
		if (v->nplaces)
			v->cur =
			    (v->cur + (act == KA_NEXT_PLACE ? 1 : v->nplaces - 1)) % v->nplaces;
		return VIEW_GO_ON;
	case KA_ACCEPT:
	case KA_PLACE:
		if (!any)
			return VIEW_GO_ON;
		if (!v->nplaces) {
			snprintf(
			    v->note, sizeof(v->note),
			    "no place holds its quote: select the passage in the text, then ! s");
			return VIEW_GO_ON;
		}
		return choose(v, act == KA_ACCEPT ? REPAIR_DO_JUMP : REPAIR_DO_PLACE,
		              v->places[v->cur].start, v->places[v->cur].end);
	case KA_PLACE_SEL:
		if (!any)
			return VIEW_GO_ON;
		if (!v->in->selecting || v->in->sel_e <= v->in->sel_s) {
			snprintf(
			    v->note, sizeof(v->note),
			    "no selection: select the passage in the text first (v, or Enter on "
			    "a place), then ! and s");
			return VIEW_GO_ON;
		}
		return choose(v, REPAIR_DO_PLACE, v->in->sel_s, v->in->sel_e);
	case KA_REMOVE:
		return any ? choose(v, REPAIR_DO_REMOVE, 0, 0) : VIEW_GO_ON;
	case KA_CANCEL:
		return VIEW_DONE;
	default:
		return VIEW_GO_ON;
	}
}

static const struct view_ops repair_ops = {"repair", KC_REPAIR, VIEW_FULL, repair_draw, repair_key};

static int cmp_row(const void *x, const void *y)
{
	const struct vrep_row *p = x, *q = y;
	int k;

	if (p->mine != q->mine)
		return p->mine ? -1 : 1;
	if ((k = strcmp(p->coder, q->coder)) != 0)
		return k;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	if (p->set != q->set)
		return p->set < q->set ? -1 : 1;
	return (p->item > q->item) - (p->item < q->item);
}

bool vrepair_run(const struct view_host *h, const struct repair_input *in, size_t *row,
                 struct repair_choice *out)
{
	struct vrepair v;
	size_t cap = 0;

	memset(&v, 0, sizeof(v));
	v.in = in;
	v.out = out;
	v.places_row = LISTVIEW_NONE - 1; /* none found yet */
	for (size_t s = 0; s < in->nsets; s++)
		for (size_t i = 0; in->sets[s] && i < in->sets[s]->len; i++)
			if (repair_needed(&in->sets[s]->items[i])) {
				struct vrep_row r = {s, i, mine(&v, in->sets[s]),
				                     in->sets[s]->coder ? in->sets[s]->coder : "",
				                     in->sets[s]->items[i].start};
				VEC_PUSH(v.rows, v.n, cap, r);
			}
	sort_array(v.rows, v.n, sizeof(*v.rows), cmp_row);
	listview_init(&v.lv, &v, repair_row, NULL);
	v.lv.row_h = 2;
	v.lv.empty = "(every coding of this transcript is placed)";
	listview_set_rows(&v.lv, v.n);
	if (v.n)
		listview_select(&v.lv, *row < v.n ? *row : v.n - 1);
	out->what = REPAIR_DO_NOTHING;
	view_run(&repair_ops, &v, h);
	if (listview_current(&v.lv) != LISTVIEW_NONE)
		*row = listview_current(&v.lv);
	listview_done(&v.lv);
	free(v.rows);
	return v.chosen;
}
