/* svg.c — bar charts, heat maps and their tables as inline SVG and HTML (see svg.h). */
#include "svg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

#define DEFAULT_FILL "#5b7fa6"
#define LABEL_W 170 /* the label column of a chart */
#define BAR_W 220
#define ROW_H 18
#define CELL_W 44
#define HEAD_H 70

void grid_init(struct grid *g, size_t nr, size_t nc)
{
	memset(g, 0, sizeof(*g));
	g->nr = nr;
	g->nc = nc;
	g->rid = xcalloc(nr + 1, sizeof(*g->rid));
	g->rlabel = xcalloc(nr + 1, sizeof(*g->rlabel));
	g->cid = xcalloc(nc + 1, sizeof(*g->cid));
	g->clabel = xcalloc(nc + 1, sizeof(*g->clabel));
	g->colour = xcalloc(nr + 1, sizeof(*g->colour));
	g->depth = xcalloc(nr + 1, sizeof(*g->depth));
	g->v = xcalloc(nr * nc + 1, sizeof(*g->v));
}

void grid_done(struct grid *g)
{
	free(g->rid);
	free(g->rlabel);
	free(g->cid);
	free(g->clabel);
	free(g->colour);
	free(g->depth);
	free(g->v);
}

static void svg_open(struct strbuf *out, size_t w, size_t h, const char *title, const char *desc)
{
	static unsigned serial;
	unsigned id = ++serial;

	sb_printf(out,
	          "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%zu\" "
	          "height=\"%zu\" viewBox=\"0 0 %zu %zu\" aria-labelledby=\"svg-t%u svg-d%u\">\n"
	          "<title id=\"svg-t%u\">",
	          w, h, w, h, id, id, id);
	emit_html_s(out, title);
	sb_printf(out, "</title>\n<desc id=\"svg-d%u\">", id);
	emit_html_s(out, desc);
	sb_adds(out, "</desc>\n");
}

/* label: a row's label, cut to fit the label column, indented by depth */
static void label(struct strbuf *out, const struct grid *g, size_t r, size_t y)
{
	struct strbuf cut = STRBUF_INIT;
	int d = g->depth[r] > 0 ? g->depth[r] : 0;

	emit_fit(&cut, g->rlabel[r], 26 - 2 * (size_t)(d < 4 ? d : 4));
	sb_printf(out, "<text x=\"%d\" y=\"%zu\" font-size=\"11\">", 4 + 10 * d, y);
	emit_html(out, cut.data, cut.len, false);
	sb_adds(out, "</text>\n");
	sb_done(&cut);
}

void svg_bars(struct strbuf *out, const struct grid *g, size_t col, const char *title,
              const char *desc)
{
	size_t max = 0, h = g->nr * ROW_H + 10;

	for (size_t r = 0; r < g->nr; r++)
		if (*grid_at(g, r, col) > max)
			max = *grid_at(g, r, col);
	svg_open(out, LABEL_W + BAR_W + 40, h, title, desc);
	for (size_t r = 0; r < g->nr; r++) {
		size_t v = *grid_at(g, r, col), y = r * ROW_H + 5;
		size_t w = max ? (v * BAR_W + max / 2) / max : 0;
		label(out, g, r, y + 13);
		sb_printf(out,
		          "<rect x=\"%d\" y=\"%zu\" width=\"%zu\" height=\"%d\" fill=\"%s\"/>\n"
		          "<text x=\"%zu\" y=\"%zu\" font-size=\"11\">%zu</text>\n",
		          LABEL_W, y + 2, w, ROW_H - 4, g->colour[r] ? g->colour[r] : DEFAULT_FILL,
		          LABEL_W + w + 4, y + 13, v);
	}
	sb_adds(out, "</svg>\n");
}

void svg_heat(struct strbuf *out, const struct grid *g, bool by_column, const char *title,
              const char *desc)
{
	size_t w = LABEL_W + g->nc * CELL_W + 10, h = HEAD_H + g->nr * ROW_H + 10, all = 0;
	size_t *colmax = xcalloc(g->nc + 1, sizeof(*colmax));

	for (size_t r = 0; r < g->nr; r++)
		for (size_t c = 0; c < g->nc; c++) {
			size_t v = *grid_at(g, r, c);
			if (v > colmax[c])
				colmax[c] = v;
			if (v > all)
				all = v;
		}
	svg_open(out, w, h, title, desc);
	for (size_t c = 0; c < g->nc; c++) {
		struct strbuf cut = STRBUF_INIT;
		emit_fit(&cut, g->clabel[c], 14);
		sb_printf(
		    out,
		    "<text x=\"%zu\" y=\"%d\" font-size=\"10\" transform=\"rotate(-45 %zu %d)\">",
		    LABEL_W + c * CELL_W + CELL_W / 2, HEAD_H - 4,
		    LABEL_W + c * CELL_W + CELL_W / 2, HEAD_H - 4);
		emit_html(out, cut.data, cut.len, false);
		sb_adds(out, "</text>\n");
		sb_done(&cut);
	}
	for (size_t r = 0; r < g->nr; r++) {
		size_t y = HEAD_H + r * ROW_H;
		label(out, g, r, y + 13);
		for (size_t c = 0; c < g->nc; c++) {
			size_t v = *grid_at(g, r, c), max = by_column ? colmax[c] : all;
			double op = max && v ? 0.15 + 0.85 * (double)v / (double)max : 0.0;
			sb_printf(
			    out,
			    "<rect x=\"%zu\" y=\"%zu\" width=\"%d\" height=\"%d\" fill=\"%s\" "
			    "fill-opacity=\"%.2f\" stroke=\"#ddd\"/>\n"
			    "<text x=\"%zu\" y=\"%zu\" font-size=\"10\" "
			    "text-anchor=\"middle\">%zu</text>\n",
			    LABEL_W + c * CELL_W, y, CELL_W, ROW_H,
			    g->colour[r] ? g->colour[r] : DEFAULT_FILL, op,
			    LABEL_W + c * CELL_W + CELL_W / 2, y + 13, v);
		}
	}
	sb_adds(out, "</svg>\n");
	free(colmax);
}

void svg_table(struct strbuf *out, const char *tid, const struct grid *g, const bool *sum,
               bool shares)
{
	size_t *total = xcalloc(g->nc + 1, sizeof(*total));

	for (size_t r = 0; r < g->nr; r++)
		for (size_t c = 0; c < g->nc && (!sum || sum[r]); c++)
			total[c] += *grid_at(g, r, c);
	sb_printf(out, "<table class=\"data\" id=\"%s\">\n<thead><tr><th></th>", tid);
	for (size_t c = 0; c < g->nc; c++) {
		sb_adds(out, "<th scope=\"col\">");
		emit_html_s(out, g->clabel[c]);
		sb_adds(out, "</th>");
	}
	sb_adds(out, "</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < g->nr; r++) {
		int d = g->depth[r] > 0 ? g->depth[r] : 0;
		sb_printf(out, "<tr><th scope=\"row\" class=\"d%d\">", d < 4 ? d : 4);
		emit_html_s(out, g->rlabel[r]);
		sb_adds(out, "</th>");
		for (size_t c = 0; c < g->nc; c++) {
			size_t v = *grid_at(g, r, c);
			sb_adds(out, "<td data-row=\"");
			emit_html_s(out, g->rid[r]);
			sb_adds(out, "\" data-col=\"");
			emit_html_s(out, g->cid[c]);
			sb_printf(out, "\" data-n=\"%zu\">%zu", v, v);
			if (shares && total[c])
				sb_printf(out, " <span class=\"share\">(%.0f%%)</span>",
				          100.0 * (double)v / (double)total[c]);
			sb_adds(out, "</td>");
		}
		sb_adds(out, "</tr>\n");
	}
	sb_adds(out, "</tbody>\n</table>\n");
	free(total);
}

char *svg_desc(const struct grid *g, size_t col, const char *lead)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, lead);
	for (size_t r = 0; r < g->nr; r++)
		sb_printf(&sb, "%s%s %zu", r ? ", " : "", g->rlabel[r], *grid_at(g, r, col));
	sb_addc(&sb, '.');
	return sb_detach(&sb);
}
