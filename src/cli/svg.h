/* svg.h — charts as inline SVG for the report page (cmd_report.c), and the table of
 * numbers beside each, through the emitter (emit.h). A chart is drawn from a grid of
 * counts: rows (codes, documents) by columns (measures, groups, codes).
 *
 * Every chart has a <title> and a <desc> (its text alternative) and role="img"; every
 * number of its table is a cell <td data-row="ROW" data-col="COL" data-n="N"> whose text
 * starts with N, for a reader (or a test) to check against gloss tally. Colours are the
 * codebook's (a named colour or #rrggbb) as fill attributes; nothing is fetched. */
#ifndef GLOSS_SVG_H
#define GLOSS_SVG_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/util.h"

struct grid {
	size_t nr, nc;
	const char **rid, **rlabel; /* per row: the id in data-row, the label shown */
	const char **cid, **clabel; /* per column */
	const char **colour;        /* per row: a fill colour (NULL: the default) */
	int *depth;                 /* per row: indent of the label (NULL: none) */
	size_t *v;                  /* nr * nc counts, row-major */
};

void grid_init(struct grid *g, size_t nr, size_t nc);
void grid_done(struct grid *g);
static inline size_t *grid_at(const struct grid *g, size_t r, size_t c)
{
	return &g->v[r * g->nc + c];
}

/* svg_bars: horizontal bars of column col of every row, scaled to the largest, each
 * labelled with its value; desc is the text alternative. */
void svg_bars(struct strbuf *out, const struct grid *g, size_t col, const char *title,
              const char *desc);
/* svg_heat: a heat map of the grid (shade: the cell over the largest of its column when
 * by_column, else of the whole grid), each cell labelled with its value. */
void svg_heat(struct strbuf *out, const struct grid *g, bool by_column, const char *title,
              const char *desc);
/* svg_table: the grid as a table with id tid (rows headed by their labels); shares: each
 * cell also gives its share of the column's total over the rows counted in sum (NULL:
 * every row), as "N (P%)". */
void svg_table(struct strbuf *out, const char *tid, const struct grid *g, const bool *sum,
               bool shares);
/* svg_desc: "LABEL N, LABEL N, ..." of column col, for a text alternative (caller
 * frees). */
char *svg_desc(const struct grid *g, size_t col, const char *lead);

#endif
