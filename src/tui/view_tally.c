/* view_tally.c — the tally of codes and themes, for this transcript and for the project:
 * passages, documents, speakers and words per code, with bars. The figures are
 * tally_run's (the same that `gloss tally` prints), kept up to date by the coder's
 * tallycache: a key here never tallies anything. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "gloss/project.h"
#include "style.h"
#include "gloss/tally.h"
#include "tallycache.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/utf8.h"
#include "view_tally.h"

struct vtally {
	const struct tally_input *in;
	bool project;
	const struct tally *t;
	char *whose;
	struct listview lv;
	int namew; /* the names' column, set by tally_draw */
};

/* the numbers' columns: passages, documents, speakers, words */
#define NUMW 31

/* name_width: the names' column: a third of the width, at most 32, or wider when a name
 * (indent included) needs it, up to what the numbers and a bar of 8 leave free */
static int name_width(const struct tally *t, int cols)
{
	int least = cols / 3 > 32 ? 32 : cols / 3, want = least, most = cols - NUMW - 11 - 8;

	for (size_t i = 0; t && i < t->nrows; i++) {
		const char *n = t->rows[i].name;
		size_t len = strlen(n), k = 0;
		int w = t->rows[i].depth * 2;
		if ((size_t)want >= len + (size_t)w + 1)
			continue; /* a name is never wider than its bytes: it fits without a look */
		while (k < len) {
			uint32_t cp;
			k += utf8_decode(n + k, len - k, &cp);
			w += utf8_width(cp) > 0 ? utf8_width(cp) : 0;
		}
		if (w + 1 > want)
			want = w + 1;
	}
	if (most < least)
		most = least;
	return want < most ? want : most;
}

static void tally_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct vtally *v = ctx;
	const struct tally_row *row = &v->t->rows[i];
	int namew = v->namew, x = r.x + namew + 1, barw = r.w - namew - NUMW - 11, len;
	char num[96];
	uint32_t block = 0x2588;
	struct sattr at = style_code(v->in->p->cb, row->code, false);

	(void)sel;
	screen_text(r.y, r.x + 1 + row->depth * 2, namew - row->depth * 2, row->name,
	            strlen(row->name), style(row->theme ? STYLE_THEME : STYLE_NORMAL));
	snprintf(num, sizeof(num), "%8zu %5zu %8zu %7zu", row->passages, row->documents,
	         row->speakers, row->words);
	screen_text(r.y, x, NUMW, num, strlen(num), style(STYLE_NORMAL));
	snprintf(num, sizeof(num), "%6.1f%%", row->share * 100);
	screen_text(r.y, r.x + r.w - 8, 7, num, strlen(num), style(STYLE_DIM));
	if (barw < 1)
		return;
	len = v->t->max_passages ? (int)((row->passages * (size_t)barw + v->t->max_passages - 1) /
	                                 v->t->max_passages)
	                         : 0;
	at.flags &= ~(unsigned)SA_BOLD;
	screen_fill(r.y, x + NUMW + 1, len, block, at);
}

static void tally_draw(void *vv, struct rect a)
{
	struct vtally *v = vv;
	const struct project *p = v->in->p;
	char head[512];
	int namew;
	static const char cols[] = "passages  docs speakers   words";

	v->t = v->project ? tallycache_project(v->in->counts)
	                  : tallycache_doc(v->in->counts, (size_t)v->in->doc);
	namew = v->namew = name_width(v->t, a.w);
	if (v->lv.n != v->t->nrows)
		listview_set_rows(&v->lv, v->t->nrows);
	if (v->project)
		snprintf(head, sizeof(head), "Tally: project, %zu transcripts%s", v->t->ndocs,
		         v->in->doc >= 0 ? " (Tab: this one)" : "");
	else
		snprintf(head, sizeof(head), "Tally: %s (Tab: whole project)",
		         p->docs[v->in->doc].t->name);
	screen_text(a.y, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_TITLE));
	snprintf(head, sizeof(head), "%s; %zu passage%s in all%s", v->whose, v->t->passages,
	         v->t->passages == 1 ? "" : "s", v->t->drifted ? "; drifted codings left out" : "");
	screen_text(a.y + 1, a.x + 1, a.w - 2, head, strlen(head), style(STYLE_DIM));
	screen_text(a.y + 2, a.x + 1, namew, "code", 4, style(STYLE_DIM));
	screen_text(a.y + 2, a.x + namew + 1, NUMW, cols, strlen(cols), style(STYLE_DIM));
	screen_text(a.y + 2, a.x + a.w - 8, 7, "% words", 7, style(STYLE_DIM));
	listview_draw(&v->lv, (struct rect){a.x, a.y + 3, a.w, a.h - 3});
}

static enum view_result tally_key(void *vv, int key, enum keyaction act)
{
	struct vtally *v = vv;

	(void)key;
	if (listview_move(&v->lv, act))
		return VIEW_GO_ON;
	if (act == KA_SCOPE) {
		v->project = !v->project || v->in->doc < 0;
		return VIEW_GO_ON;
	}
	return act == KA_CANCEL ? VIEW_DONE : VIEW_GO_ON;
}

static const struct view_ops tally_ops = {"tally", KC_TALLY, VIEW_FULL, tally_draw, tally_key};

/* whose: "counts the codings of every coder: ana, ben", or the coder's alone when blind */
static char *whose(const struct tally_input *in)
{
	const struct project *p = in->p;
	struct strbuf sb = STRBUF_INIT;
	bool mine = false;

	if (in->blind) {
		sb_printf(&sb, "counts only the codings of %s (coding blind: %s)", in->coder,
		          in->blind);
		return sb_detach(&sb);
	}
	sb_adds(&sb, "counts the codings of every coder: ");
	for (size_t i = 0; i < p->ncoders; i++) {
		sb_printf(&sb, "%s%s", i ? ", " : "", p->coders[i]);
		mine |= strcmp(p->coders[i], in->coder) == 0;
	}
	if (!mine)
		sb_printf(&sb, "%s%s", p->ncoders ? ", " : "", in->coder);
	return sb_detach(&sb);
}

void vtally_run(const struct view_host *h, const struct tally_input *in)
{
	struct vtally v = {in, in->doc < 0, NULL, whose(in), {0}, 0};

	listview_init(&v.lv, &v, tally_row, NULL);
	v.lv.pager = true;
	v.lv.empty = "(the codebook has no codes)";
	view_run(&tally_ops, &v, h);
	listview_done(&v.lv);
	free(v.whose);
}
