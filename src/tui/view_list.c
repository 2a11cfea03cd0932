/* view_list.c — the transcript list: every transcript of the project with its codings
 * and how much of it the coder has coded. */
#include "view_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/overlap.h"
#include "gloss/project.h"
#include "gloss/session.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

/* list_coded_percent: the union of the counted codings (the overlap index holds them
 * sorted by start), in words */
int list_coded_percent(const struct transcript *t, struct codings *c)
{
	struct overlap ix = OVERLAP_INIT;
	size_t words = 0, s = 0, e = 0;

	if (!c || c->len == 0 || t->words == 0)
		return 0;
	overlap_build(&ix, &c, 1);
	for (size_t k = 0; k < ix.n; k++) {
		if (ix.refs[k].start > e) {
			words += e > s ? transcript_words(t, s, e) : 0;
			s = ix.refs[k].start;
		}
		if (ix.refs[k].end > e)
			e = ix.refs[k].end;
	}
	words += e > s ? transcript_words(t, s, e) : 0;
	overlap_done(&ix);
	return (int)(words * 100 / t->words);
}

struct tlist {
	const struct list_input *in;
	const struct view_host *h;
	char **labels;
	struct listview lv;
	long result;
	bool typing; /* keys go to the filter (after /) */
};

static char **list_labels(const struct list_input *in)
{
	const struct project *p = in->p;
	char **labels = xcalloc(p->ndocs ? p->ndocs : 1, sizeof(*labels));

	for (size_t i = 0; i < p->ndocs; i++) {
		const struct transcript *t = p->docs[i].t;
		struct strbuf sb = STRBUF_INIT;
		const struct doc *d = &p->docs[i];
		sb_printf(&sb, "%-24s %3d%% coded%s ", t->name, list_coded_percent(t, in->ds[i].cs),
		          in->ds[i].ro ? " (read-only)" : "");
		for (size_t k = 0; k < d->nsets; k++) /* other coders, for comparison */
			if (d->sets[k] != in->ds[i].cs && d->sets[k]->len)
				sb_printf(&sb, " %s %d%%", d->sets[k]->coder,
				          list_coded_percent(t, d->sets[k]));
		for (size_t k = 0; k < t->nattrs; k++)
			sb_printf(&sb, " %s=%s", t->attrs[k].key, t->attrs[k].value);
		labels[i] = sb_detach(&sb);
	}
	return labels;
}

static void list_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct tlist *l = ctx;
	struct sattr at = style(sel ? STYLE_SELECTED : STYLE_NORMAL);

	if (sel)
		screen_fill(r.y, r.x, r.w, ' ', at);
	screen_text(r.y, r.x + 1, r.w - 2, l->labels[i], strlen(l->labels[i]), at);
}

static const char *list_text(void *ctx, size_t i)
{
	return ((struct tlist *)ctx)->labels[i];
}

static void list_draw(void *v, struct rect area)
{
	struct tlist *l = v;
	const char *f = listview_filter_text(&l->lv);
	char head[160];

	snprintf(head, sizeof(head),
	         "Transcripts (%zu), coder %s%s: Enter opens, / filters, ? help", l->in->p->ndocs,
	         l->in->coder, l->in->blind ? " (blind)" : "");
	screen_text(area.y, area.x + 1, area.w - 2, head, strlen(head), style(STYLE_TITLE));
	if (l->typing || *f) {
		snprintf(head, sizeof(head), "%zu/%zu", listview_count(&l->lv), l->in->p->ndocs);
		screen_text(area.y + 1, area.x + 1, 2, "/ ", 2, style(STYLE_FILTER));
		screen_text(area.y + 1, area.x + 3, area.w - 14, f, strlen(f), style(STYLE_NORMAL));
		screen_text(area.y + 1, area.x + area.w - 1 - (int)strlen(head), (int)strlen(head),
		            head, strlen(head), style(STYLE_DIM));
		if (l->typing)
			screen_cursor(area.y + 1, area.x + 3 + layout_text_width(f, strlen(f)));
	}
	listview_draw(&l->lv, (struct rect){area.x, area.y + 2, area.w, area.h - 2});
}

/* list_type: a key while typing the filter: Enter keeps it, Esc drops it */
static void list_type(struct tlist *l, int key)
{
	enum keyaction act = keymap_lookup(KC_PICKER, key);

	if (act == KA_ACCEPT || act == KA_CANCEL) {
		l->typing = false;
		screen_cursor(-1, 0);
		if (act == KA_CANCEL)
			listview_filter_key(&l->lv, 0, KA_KILL);
		return;
	}
	if (!listview_move(&l->lv, act))
		listview_filter_key(&l->lv, key, act);
}

static enum view_result list_key(void *v, int key, enum keyaction act)
{
	struct tlist *l = v;

	if (l->typing) {
		list_type(l, key);
		return VIEW_GO_ON;
	}
	if (key == SK_MOUSE) { /* a click on a transcript opens it */
		struct smouse m;
		size_t row;
		if (screen_mouse_event(&m) && (m.kind == SM_PRESS || m.kind == SM_CLICK) &&
		    (row = listview_row_at(&l->lv, m.y)) != LISTVIEW_NONE) {
			l->result = (long)row;
			return VIEW_DONE;
		}
		return VIEW_GO_ON;
	}
	if (listview_move(&l->lv, act))
		return VIEW_GO_ON;
	switch (act) {
	case KA_ACCEPT:
		if (listview_current(&l->lv) == LISTVIEW_NONE)
			return VIEW_GO_ON;
		l->result = (long)listview_current(&l->lv);
		return VIEW_DONE;
	case KA_MEMO_HERE: /* the memo on the highlighted transcript: list_run's -2 - d */
		if (listview_current(&l->lv) == LISTVIEW_NONE)
			return VIEW_GO_ON;
		l->result = -2 - (long)listview_current(&l->lv);
		return VIEW_DONE;
	case KA_SEARCH: /* a new filter, not more of the last one */
		listview_filter_key(&l->lv, 0, KA_KILL);
		l->typing = true;
		return VIEW_GO_ON;
	case KA_CANCEL: /* a kept filter goes first, then the list */
		if (*listview_filter_text(&l->lv)) {
			listview_filter_key(&l->lv, 0, KA_KILL);
			return VIEW_GO_ON;
		}
		return l->in->cur >= 0 ? VIEW_DONE : VIEW_GO_ON;
	case KA_QUIT:
		return VIEW_DONE;
	case KA_HELP:
		l->h->help(l->h->ctx);
		return VIEW_GO_ON;
	default:
		return VIEW_GO_ON;
	}
}

static const struct view_ops list_ops = {"transcript list", KC_LIST, VIEW_FULL, list_draw,
                                         list_key};

long list_run(const struct view_host *h, const struct list_input *in)
{
	struct tlist l = {in, h, list_labels(in), {0}, -1, false};

	listview_init(&l.lv, &l, list_row, list_text);
	listview_set_rows(&l.lv, in->p->ndocs);
	if (in->show > 0)
		listview_select(&l.lv, (size_t)in->show - 1);
	else if (in->cur >= 0)
		listview_select(&l.lv, (size_t)in->cur);
	view_run(&list_ops, &l, h);
	for (size_t i = 0; i < in->p->ndocs; i++)
		free(l.labels[i]);
	free(l.labels);
	listview_done(&l.lv);
	return l.result;
}
