/* cmd_report.c — gloss report: one self-contained, printable HTML page of the analysis,
 * charts as inline SVG (svg.h) with their numbers beside them, every number computed by
 * the same core calls as gloss tally and gloss agree. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/cooccur.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "svg.h"

#define REPORT_FORMATS "html"
#define AGREE_MAX_CODERS 32
#define MAX_GROUPS 20 /* an attribute with more values gets no heat map */

const char cmd_report_help[] =
    "usage: gloss report [--format html] [--codebook FILE] [--coder NAME]... [-v] [PATH...]\n"
    "\n"
    "Write one self-contained, printable HTML page of the analysis of the transcripts\n"
    "(PATHs, else transcripts/) to standard output: charts as inline SVG in the\n"
    "codebook's colours, each with a title, a text alternative and its numbers in a\n"
    "table beside it. No scripts, external styles, fonts or images. The page holds:\n"
    "  codes and themes by passages and documents (as gloss tally);\n"
    "  codes by each front-matter attribute, counts and column shares (as gloss tally\n"
    "  --by ATTR; a share is the cell over the column's total of the codes that are\n"
    "  not themes; attributes with more than 20 values, and those gloss import\n"
    "  writes, are left out);\n"
    "  co-occurring codes by passage (as gloss tally --cooccur);\n"
    "  documents by codes (as gloss tally --by document);\n"
    "  agreement per code, when two coders or more coded a document (as gloss agree);\n"
    "  code saturation: the codes first seen in each document, documents in the order\n"
    "  they were first coded (the earliest 'created' of their codings).\n"
    "\n"
    "options:\n"
    "  --format html     the only format (the default)\n"
    "  --codebook FILE   the codebook (see gloss help tally)\n"
    "  --coder NAME      only this coder's codings; repeat for several\n"
    "  -v, --verbose     also report codings that were re-anchored, drifted or\n"
    "                    ambiguous, one by one\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: as gloss tally.\n";

static const char *const provenance[] = {"source", "format", "imported"};
static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

struct page {
	const struct project *p;
	const struct args *a;
	struct strbuf *out;
	char (*fill)[8]; /* per codebook code: its effective colour, "" for none */
	char **tmp;      /* strings made for labels, freed at the end */
	size_t ntmp, captmp;
};

static const char *keep(struct page *pg, char *s)
{
	VEC_PUSH(pg->tmp, pg->ntmp, pg->captmp, s);
	return s;
}

static void fills(struct page *pg)
{
	const struct codebook *cb = pg->p->cb;

	pg->fill = xcalloc(cb->ncodes + 1, sizeof(*pg->fill));
	for (size_t k = 0; k < cb->ncodes; k++) {
		struct code_color c = codebook_effective_color(cb, (int)k);
		if (c.kind == COLOR_NAMED && c.named >= 0 && c.named < 8)
			snprintf(pg->fill[k], 8, "%s", color_names[c.named]);
		else if (c.kind == COLOR_RGB)
			snprintf(pg->fill[k], 8, "#%02x%02x%02x", c.r, c.g, c.b);
	}
}

/* rows_of: a grid with t's rows (codes in codebook order, then unknown ids) and nc
 * columns */
static void rows_of(struct page *pg, struct grid *g, const struct tally *t, size_t nc)
{
	grid_init(g, t->nrows, nc);
	for (size_t r = 0; r < t->nrows; r++) {
		const struct tally_row *row = &t->rows[r];
		g->rid[r] = row->id;
		g->rlabel[r] = row->unknown ? keep(pg, xasprintf("? %s (not in codebook)", row->id))
		                            : (row->name ? row->name : row->id);
		g->depth[r] = row->depth;
		g->colour[r] =
		    row->code >= 0 && pg->fill[row->code][0] ? pg->fill[row->code] : NULL;
	}
}

static void figure_open(struct strbuf *out, const char *id, const char *title, const char *what)
{
	sb_printf(out, "<section class=\"figure\" id=\"s-%s\">\n<h2>", id);
	emit_html_s(out, title);
	sb_adds(out, "</h2>\n<p class=\"note\">");
	emit_html_s(out, what);
	sb_adds(out, "</p>\n<div class=\"pair\">\n");
}

static void figure_close(struct strbuf *out)
{
	sb_adds(out, "</div>\n</section>\n");
}

static struct tally *tally_by(const struct project *p, const char *by)
{
	struct tally_opts to = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};

	tally_by_parse(by, &to);
	return tally_run(p, &to);
}

/* ---- the sections ---- */

static void codes_section(struct page *pg, const struct tally *t)
{
	struct grid g;
	char *desc;

	rows_of(pg, &g, t, 2);
	g.cid[0] = "passages", g.clabel[0] = "passages";
	g.cid[1] = "documents", g.clabel[1] = "documents";
	for (size_t r = 0; r < t->nrows; r++) {
		*grid_at(&g, r, 0) = t->rows[r].passages;
		*grid_at(&g, r, 1) = t->rows[r].documents;
	}
	figure_open(pg->out, "codes", "Codes and themes",
	            "Passages: distinct coded segments (document, start, end), whoever coded "
	            "them; a theme counts each segment coded with it or a code below it once. "
	            "Documents: those with at least one such passage. As gloss tally.");
	desc = svg_desc(&g, 0, "Bar chart of passages per code: ");
	svg_bars(pg->out, &g, 0, "Passages per code", desc);
	free(desc);
	desc = svg_desc(&g, 1, "Bar chart of documents per code: ");
	svg_bars(pg->out, &g, 1, "Documents per code", desc);
	free(desc);
	svg_table(pg->out, "t-codes", &g, NULL, false);
	figure_close(pg->out);
	sb_printf(pg->out, "<p class=\"note\">%zu document%s; %zu passage%s coded.</p>\n", t->ndocs,
	          t->ndocs == 1 ? "" : "s", t->passages, t->passages == 1 ? "" : "s");
	grid_done(&g);
}

/* attr_keys: the attributes worth a heat map: not the import's, and not one whose every
 * value names a single document (a name) */
static size_t attr_keys(const struct project *p, const char ***keys)
{
	size_t n = 0, cap = 0;

	for (size_t d = 0; d < p->ndocs; d++) {
		const struct transcript *t = p->docs[d].t;
		for (size_t a = 0; t && a < t->nattrs; a++) {
			bool dup = false;
			for (size_t i = 0; i < n && !dup; i++)
				dup = strcmp((*keys)[i], t->attrs[a].key) == 0;
			for (size_t i = 0; i < ARRAY_LEN(provenance) && !dup; i++)
				dup = strcmp(provenance[i], t->attrs[a].key) == 0;
			if (!dup)
				VEC_PUSH(*keys, n, cap, t->attrs[a].key);
		}
	}
	if (n)
		sort_array(*keys, n, sizeof(**keys), str_cmp_ptr);
	return n;
}

/* groups: the distinct values of attribute key */
static size_t groups(const struct project *p, const char *key)
{
	size_t n = 0;

	for (size_t d = 0; d < p->ndocs; d++) {
		const char *v = transcript_attr(p->docs[d].t, key);
		bool dup = false;
		for (size_t e = 0; e < d && v && !dup; e++) {
			const char *w = transcript_attr(p->docs[e].t, key);
			dup = w && strcmp(v, w) == 0;
		}
		n += v && !dup;
	}
	return n;
}

static void by_section(struct page *pg, const char *by, const char *id, const char *title,
                       const char *what, bool shares)
{
	struct tally *t = tally_by(pg->p, by);
	bool *sum = xcalloc(t->nrows + 1, sizeof(bool));
	struct grid g;
	char *desc;
	struct strbuf sb = STRBUF_INIT;

	rows_of(pg, &g, t, t->ngroups);
	for (size_t c = 0; c < t->ngroups; c++)
		g.cid[c] = g.clabel[c] = t->groups[c];
	for (size_t r = 0; r < t->nrows; r++) {
		sum[r] = !t->rows[r].theme;
		for (size_t c = 0; c < t->ngroups; c++)
			*grid_at(&g, r, c) = t->rows[r].by ? t->rows[r].by[c] : 0;
	}
	figure_open(pg->out, id, title, what);
	sb_printf(&sb, "Heat map of passages per code (rows) and %s (columns):", by);
	for (size_t r = 0; r < g.nr; r++) {
		sb_printf(&sb, " %s:", g.rlabel[r]);
		for (size_t c = 0; c < g.nc; c++)
			sb_printf(&sb, " %s %zu%s", g.clabel[c], *grid_at(&g, r, c),
			          c + 1 < g.nc ? "," : ";");
	}
	desc = sb_detach(&sb);
	svg_heat(pg->out, &g, shares, title, desc);
	free(desc);
	svg_table(pg->out, id, &g, sum, shares);
	figure_close(pg->out);
	grid_done(&g);
	free(sum);
	tally_free(t);
}

static void attr_sections(struct page *pg)
{
	const char **keys = NULL;
	size_t n = attr_keys(pg->p, &keys);

	for (size_t i = 0; i < n; i++) {
		char *id, *title;
		if (groups(pg->p, keys[i]) > MAX_GROUPS) {
			sb_adds(pg->out, "<p class=\"note\">The attribute ");
			emit_html_s(pg->out, keys[i]);
			sb_printf(
			    pg->out,
			    " has more than %d values: too many for a chart (gloss tally --by "
			    "ATTRIBUTE lists them).</p>\n",
			    MAX_GROUPS);
			continue;
		}
		id = xasprintf("t-attr-%zu", i);
		title = xasprintf("Codes by %s", keys[i]);
		by_section(pg, keys[i], id, title,
		           "Passages of each code among the documents with each value, as gloss "
		           "tally --by ATTRIBUTE (documents without it: (none)); in brackets the "
		           "cell's share of its column, over the codes that are not themes. The "
		           "shade of a cell is its share of the largest in its column.",
		           true);
		free(id);
		free(title);
	}
	free(keys);
}

static void cooccur_section(struct page *pg, const struct tally *t)
{
	struct cooccur *c = cooccur_run(pg->p, t, COOCCUR_PASSAGE, -1);
	struct grid g;
	struct strbuf sb = STRBUF_INIT;
	char *desc;

	rows_of(pg, &g, t, t->nrows);
	for (size_t b = 0; b < t->nrows; b++) {
		g.cid[b] = t->rows[b].id;
		g.clabel[b] = t->rows[b].id;
		for (size_t a = 0; a < t->nrows; a++)
			*grid_at(&g, a, b) = cooccur_cell(c, a, b);
	}
	figure_open(pg->out, "cooccur", "Co-occurring codes",
	            "Pairs of a passage of the row's code and one of the column's that share "
	            "at least one character (a segment coded with both is one pair); the "
	            "diagonal is the code's passages. As gloss tally --cooccur (themes rolled "
	            "up).");
	sb_adds(&sb, "Heat map of co-occurrence by passage:");
	for (size_t a = 0; a < g.nr; a++)
		for (size_t b = a + 1; b < g.nc; b++)
			if (*grid_at(&g, a, b))
				sb_printf(&sb, " %s and %s %zu;", g.rid[a], g.rid[b],
				          *grid_at(&g, a, b));
	desc = sb_detach(&sb);
	svg_heat(pg->out, &g, false, "Co-occurring codes", desc);
	free(desc);
	svg_table(pg->out, "t-cooccur", &g, NULL, false);
	figure_close(pg->out);
	grid_done(&g);
	cooccur_free(c);
}

static void agree_section(struct page *pg)
{
	const struct args *a = pg->a;
	struct agree_opts o = {.unit = AGREE_TURN, .coders = a->coders, .ncoders = a->ncoders};
	struct agree *ag;
	struct grid g;
	char *desc;

	if ((a->ncoders ? a->ncoders : pg->p->ncoders) < 2 ||
	    (a->ncoders ? a->ncoders : pg->p->ncoders) > AGREE_MAX_CODERS)
		return;
	ag = agree_run(pg->p, &o);
	if (ag->ndocs == 0) {
		agree_free(ag);
		return;
	}
	grid_init(&g, ag->nrows, 1);
	g.cid[0] = g.clabel[0] = "percent";
	for (size_t r = 0; r < ag->nrows; r++) {
		const struct agree_row *row = &ag->rows[r];
		g.rid[r] = row->id;
		g.rlabel[r] = row->name ? row->name : row->id;
		g.depth[r] = row->code >= 0 ? row->depth : 0;
		g.colour[r] = row->code >= 0 && pg->fill[row->code][0] ? pg->fill[row->code] : NULL;
		*grid_at(&g, r, 0) = row->st.percent == row->st.percent
		                         ? (size_t)(row->st.percent * 100.0 + 0.5)
		                         : 0;
	}
	figure_open(pg->out, "agree", "Agreement per code",
	            "Units are speaker turns; a unit agrees when every coder compared applied "
	            "the code or none did. Percent agreement, Cohen's kappa (two coders) and "
	            "Krippendorff's alpha, as gloss agree ('-': undefined).");
	desc = svg_desc(&g, 0, "Bar chart of percent agreement per code: ");
	svg_bars(pg->out, &g, 0, "Percent agreement per code", desc);
	free(desc);
	sb_adds(pg->out, "<table class=\"data\" id=\"t-agree\">\n<thead><tr><th></th><th "
	                 "scope=\"col\">units</th><th scope=\"col\">percent</th><th "
	                 "scope=\"col\">kappa</th><th scope=\"col\">alpha</th></tr></thead>\n"
	                 "<tbody>\n");
	for (size_t r = 0; r < ag->nrows; r++) {
		const struct agree_row *row = &ag->rows[r];
		const double v[3] = {row->st.percent, row->st.kappa, row->st.alpha};
		const char *col[3] = {"percent", "kappa", "alpha"};
		sb_adds(pg->out, "<tr><th scope=\"row\">");
		emit_html_s(pg->out, g.rlabel[r]);
		sb_adds(pg->out, "</th><td data-row=\"");
		emit_html_s(pg->out, row->id);
		sb_printf(pg->out, "\" data-col=\"units\" data-n=\"%zu\">%zu</td>", row->tab.units,
		          row->tab.units);
		for (size_t k = 0; k < 3; k++) {
			sb_adds(pg->out, "<td data-row=\"");
			emit_html_s(pg->out, row->id);
			if (v[k] == v[k])
				sb_printf(pg->out, "\" data-col=\"%s\" data-n=\"%.4f\">%.4f</td>",
				          col[k], v[k], v[k]);
			else
				sb_printf(pg->out, "\" data-col=\"%s\" data-n=\"\">-</td>", col[k]);
		}
		sb_adds(pg->out, "</tr>\n");
	}
	sb_adds(pg->out, "</tbody>\n</table>\n");
	figure_close(pg->out);
	grid_done(&g);
	agree_free(ag);
}

/* ---- saturation ---- */

struct first {
	size_t doc;
	const char *created; /* the earliest of the document's counted codings, or NULL */
};

static int cmp_first(const void *x, const void *y)
{
	const struct first *a = x, *b = y;

	if (!a->created || !b->created) {
		if (a->created != b->created)
			return a->created ? -1 : 1;
	} else {
		int r = strcmp(a->created, b->created);
		if (r)
			return r;
	}
	return (a->doc > b->doc) - (a->doc < b->doc);
}

static bool seen(const char *const *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], id) == 0)
			return true;
	return false;
}

static void saturation_section(struct page *pg)
{
	const struct project *p = pg->p;
	struct first *order = xcalloc(p->ndocs + 1, sizeof(*order));
	const char **codes = NULL;
	size_t n = 0, ncodes = 0, cap = 0;
	struct grid g;
	char *desc;

	for (size_t d = 0; d < p->ndocs; d++) {
		const struct doc *doc = &p->docs[d];
		struct first f = {d, NULL};
		bool any = false;
		for (size_t s = 0; s < doc->nsets; s++)
			for (size_t i = 0; i < doc->sets[s]->len; i++) {
				const struct coding *cd = &doc->sets[s]->items[i];
				if (!coding_counted(cd))
					continue;
				any = true;
				if (cd->created &&
				    (!f.created || strcmp(cd->created, f.created) < 0))
					f.created = cd->created;
			}
		if (any)
			order[n++] = f;
	}
	sort_array(order, n, sizeof(*order), cmp_first);
	grid_init(&g, n, 2);
	g.cid[0] = "new", g.clabel[0] = "new codes";
	g.cid[1] = "total", g.clabel[1] = "codes so far";
	for (size_t k = 0; k < n; k++) {
		const struct doc *doc = &p->docs[order[k].doc];
		size_t before = ncodes;
		for (size_t s = 0; s < doc->nsets; s++)
			for (size_t i = 0; i < doc->sets[s]->len; i++) {
				const struct coding *cd = &doc->sets[s]->items[i];
				if (coding_counted(cd) && !seen(codes, ncodes, cd->code))
					VEC_PUSH(codes, ncodes, cap, cd->code);
			}
		g.rid[k] = g.rlabel[k] = doc->t->name;
		*grid_at(&g, k, 0) = ncodes - before;
		*grid_at(&g, k, 1) = ncodes;
	}
	figure_open(pg->out, "saturation", "Code saturation",
	            "The codes applied for the first time in each document (any coder, "
	            "codes not in the codebook included), documents in the order they were "
	            "first coded: the earliest creation time of their codings.");
	desc = svg_desc(&g, 0, "Bar chart of new codes per document, in coding order: ");
	svg_bars(pg->out, &g, 0, "New codes per document", desc);
	free(desc);
	svg_table(pg->out, "t-saturation", &g, NULL, false);
	figure_close(pg->out);
	grid_done(&g);
	free(codes);
	free(order);
}

/* ---- the page ---- */

static const char page_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";
static const char page_style[] =
    "</title>\n"
    "<style>\n"
    "body { font-family: Georgia, serif; max-width: 60em; margin: 2em auto; padding: 0 1em;\n"
    "  line-height: 1.4; color: #222; background: #fff; }\n"
    "h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }\n"
    ".pair { display: flex; flex-wrap: wrap; gap: 1.5em; align-items: flex-start; }\n"
    ".note { font-size: 0.9em; color: #555; }\n"
    "table.data { border-collapse: collapse; font-size: 0.85em; }\n"
    "table.data th, table.data td { border: 1px solid #ddd; padding: 0.1em 0.4em; }\n"
    "table.data td { text-align: right; }\n"
    "table.data th.d1 { padding-left: 1.2em; } table.data th.d2 { padding-left: 2em; }\n"
    "table.data th.d3, table.data th.d4 { padding-left: 2.8em; }\n"
    "table.data th { text-align: left; font-weight: normal; }\n"
    ".share { color: #777; }\n"
    "svg { font-family: sans-serif; max-width: 100%; height: auto; }\n"
    "@media print { body { max-width: none; margin: 0; } section.figure { "
    "break-inside: avoid; } }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

static void page(struct page *pg)
{
	const struct codebook *cb = pg->p->cb;
	const char *title = cb->name ? cb->name : "Analysis";
	struct tally *t = tally_by(pg->p, NULL);

	sb_adds(pg->out, page_head);
	sb_adds(pg->out, "Report — ");
	emit_html_s(pg->out, title);
	sb_adds(pg->out, page_style);
	sb_adds(pg->out, "<h1>Report — ");
	emit_html_s(pg->out, title);
	sb_adds(pg->out, "</h1>\n");
	if (cb->description) {
		sb_adds(pg->out, "<p>");
		emit_html_s(pg->out, cb->description);
		sb_adds(pg->out, "</p>\n");
	}
	sb_adds(pg->out, "<p class=\"note\">Coders: ");
	for (size_t i = 0; i < (pg->a->ncoders ? pg->a->ncoders : pg->p->ncoders); i++) {
		sb_adds(pg->out, i ? ", " : "");
		emit_html_s(pg->out, pg->a->ncoders ? pg->a->coders[i] : pg->p->coders[i]);
	}
	sb_adds(pg->out, ". Drifted and ambiguous codings are not counted.</p>\n");
	codes_section(pg, t);
	attr_sections(pg);
	cooccur_section(pg, t);
	by_section(pg, "document", "t-docs", "Documents by codes",
	           "Passages of each code in each document, as gloss tally --by document.", false);
	agree_section(pg);
	saturation_section(pg);
	sb_adds(pg->out, "</body>\n</html>\n");
	tally_free(t);
}

int cmd_report(struct args *a)
{
	enum emit_format f = EMIT_HTML;
	struct strbuf out = STRBUF_INIT;
	struct page pg = {0};
	struct project *p;
	struct diags d;
	int rc;

	if (a->format && !emit_format_parse(a->format, REPORT_FORMATS, &f))
		return emit_format_error(a->format, REPORT_FORMATS);
	if ((rc = cli_check_coders(a)) >= 0)
		return rc;
	p = cli_open_project(a, a->pos, a->npos, true, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "reported");
	if (rc < 0) {
		pg = (struct page){p, a, &out, NULL, NULL, 0, 0};
		fills(&pg);
		page(&pg);
		rc = cli_write_out(&out);
		if (rc == GLOSS_EXIT_OK && p->diags.errors)
			rc = GLOSS_EXIT_PROBLEMS;
		for (size_t i = 0; i < pg.ntmp; i++)
			free(pg.tmp[i]);
		free(pg.tmp);
		free(pg.fill);
	}
	sb_done(&out);
	project_free(p);
	return rc;
}
