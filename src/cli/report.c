/* report.c — a tally or co-occurrence matrix as a table, CSV, TSV, JSON or Markdown, written
 * through the emitter (see report.h, emit.h). */
#include "report.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/cooccur.h"
#include "gloss/tally.h"
#include "gloss/utf8.h"

#define NAME_MAX_COLS 40
#define GROUP_MAX_COLS 12
#define BAR_MAX 20

static const char *const csv_columns[] = {"id",       "name",    "parent",   "depth",
                                          "theme",    "unknown", "passages", "documents",
                                          "speakers", "words",   "share"};

/* row_label: the code column's text for a row (indent not included) */
static char *row_label(const struct tally_row *r)
{
	if (r->unknown)
		return xasprintf("? %s (not in codebook)", r->id);
	return xstrdup(r->name ? r->name : r->id);
}

static size_t label_width(const struct tally_row *r)
{
	struct strbuf tmp = STRBUF_INIT;
	char *label = row_label(r);
	size_t w;

	utf8_sanitize_display(&tmp, label, strlen(label), false);
	w = emit_width(tmp.data, tmp.len) + 2 * (size_t)(r->depth > 0 ? r->depth : 0);
	free(label);
	sb_done(&tmp);
	return w;
}

/* name_column: the code column's width: the widest label, cut only where the line would
 * pass avail columns (what the other columns leave of the terminal), and never cut below
 * NAME_MAX_COLS */
static size_t name_column(const struct tally *t, size_t avail)
{
	size_t w = 4, max = avail > NAME_MAX_COLS ? avail : NAME_MAX_COLS; /* "code" */

	for (size_t i = 0; i < t->nrows; i++) {
		size_t lw = label_width(&t->rows[i]);
		if (lw > w)
			w = lw;
	}
	return w > max ? max : w;
}

/* add_name_cell: indented, truncated label padded to width columns */
static void add_name_cell(struct strbuf *out, const struct tally_row *r, size_t width)
{
	size_t indent = 2 * (size_t)(r->depth > 0 ? r->depth : 0), used;
	char *label = row_label(r);

	if (indent > width - 1)
		indent = width - 1;
	emit_pad(out, indent);
	used = indent + emit_fit(out, label, width - indent);
	emit_pad(out, width > used ? width - used : 0);
	free(label);
}

/* ---- table ---- */

struct table_cols {
	size_t name;
	int words;
};

static void table_header(struct strbuf *out, const struct table_cols *c)
{
	sb_adds(out, "code");
	emit_pad(out, c->name - 4);
	sb_printf(out, "  passages  docs  speakers  %*s   share\n", c->words, "words");
}

static void add_bar(struct strbuf *out, const struct tally *t, const struct tally_row *r,
                    size_t cells)
{
	size_t n;

	if (cells == 0 || t->max_passages == 0 || r->passages == 0)
		return;
	n = (r->passages * cells + t->max_passages / 2) / t->max_passages;
	if (n == 0)
		n = 1;
	sb_adds(out, "  ");
	while (n-- > 0)
		sb_adds(out, "█");
}

static void table_row(struct strbuf *out, const struct tally *t, const struct tally_row *r,
                      const struct table_cols *c, size_t bar)
{
	add_name_cell(out, r, c->name);
	sb_printf(out, "  %8zu  %4zu  %8zu  %*zu  %5.1f%%", r->passages, r->documents, r->speakers,
	          c->words, r->words, r->share * 100.0);
	add_bar(out, t, r, bar);
	sb_addc(out, '\n');
}

static void table_footer(struct strbuf *out, const struct tally *t)
{
	sb_printf(out, "%zu document%s, %zu word%s; %zu passage%s coded\n", t->ndocs,
	          t->ndocs == 1 ? "" : "s", t->total_words, t->total_words == 1 ? "" : "s",
	          t->passages, t->passages == 1 ? "" : "s");
}

static void report_table_plain(struct strbuf *out, const struct tally *t, int width)
{
	struct table_cols c = {0, 5};
	size_t used, bar = 0, rest;

	for (size_t i = 0; i < t->nrows; i++)
		if (emit_digits(t->rows[i].words) > c.words)
			c.words = emit_digits(t->rows[i].words);
	/* the width: the terminal's, 80 when output is not a terminal */
	if (width <= 0)
		width = 80;
	/* passages + docs + speakers + words + share with two-space gaps, and the smallest bar */
	rest = 10 + 6 + 10 + 2 + (size_t)c.words + 8 + 3 + 10;
	c.name = name_column(t, (size_t)width > rest ? (size_t)width - rest : 0);
	used = c.name + rest - 3 - 10;
	/* the bar fills what is left of the width, but is never narrower than 10 cells nor
	 * wider than BAR_MAX */
	bar = (size_t)width > used + 3 + 10 ? (size_t)width - used - 3 : 10;
	if (bar > BAR_MAX)
		bar = BAR_MAX;
	table_header(out, &c);
	for (size_t i = 0; i < t->nrows; i++)
		table_row(out, t, &t->rows[i], &c, bar);
	table_footer(out, t);
}

/* group_widths: column width of each group and of the total column */
static size_t *group_widths(const struct tally *t)
{
	size_t *w = xcalloc(t->ngroups + 1, sizeof(*w));
	struct strbuf tmp = STRBUF_INIT;

	for (size_t g = 0; g <= t->ngroups; g++) {
		size_t hw;
		if (g < t->ngroups) {
			sb_reset(&tmp);
			hw = emit_fit(&tmp, t->groups[g], GROUP_MAX_COLS);
		} else {
			hw = 5; /* "total" */
		}
		w[g] = hw;
		for (size_t i = 0; i < t->nrows; i++) {
			size_t v =
			    g < t->ngroups ? t->rows[i].by[g] : tally_row_total(t, &t->rows[i]);
			if ((size_t)emit_digits(v) > w[g])
				w[g] = (size_t)emit_digits(v);
		}
	}
	sb_done(&tmp);
	return w;
}

static void report_table_by(struct strbuf *out, const struct tally *t, int width)
{
	size_t name, *w = group_widths(t), rest = 0;

	for (size_t g = 0; g <= t->ngroups; g++)
		rest += 2 + w[g];
	if (width <= 0)
		width = 80;
	name = name_column(t, (size_t)width > rest ? (size_t)width - rest : 0);

	sb_adds(out, "code");
	emit_pad(out, name - 4);
	for (size_t g = 0; g < t->ngroups; g++) {
		struct strbuf cell = STRBUF_INIT;
		size_t cw = emit_fit(&cell, t->groups[g], GROUP_MAX_COLS);
		sb_adds(out, "  ");
		emit_pad(out, w[g] - cw);
		sb_add(out, cell.data, cell.len);
		sb_done(&cell);
	}
	sb_printf(out, "  %*s\n", (int)w[t->ngroups], "total");
	for (size_t i = 0; i < t->nrows; i++) {
		const struct tally_row *r = &t->rows[i];
		add_name_cell(out, r, name);
		for (size_t g = 0; g < t->ngroups; g++)
			sb_printf(out, "  %*zu", (int)w[g], r->by ? r->by[g] : 0);
		sb_printf(out, "  %*zu\n", (int)w[t->ngroups], tally_row_total(t, r));
	}
	table_footer(out, t);
	free(w);
}

/* ---- CSV / TSV ---- */

static void csv_text(struct strbuf *out, const char *s, bool tsv)
{
	emit_csv(out, s, s ? strlen(s) : 0, tsv);
}

static void csv_row_common(struct strbuf *out, const struct tally_row *r, char sep, bool tsv)
{
	csv_text(out, r->id, tsv);
	sb_addc(out, sep);
	csv_text(out, r->name ? r->name : r->id, tsv);
	sb_addc(out, sep);
	csv_text(out, r->parent, tsv);
	sb_printf(out, "%c%d", sep, r->depth);
}

static void csv_header(struct strbuf *out, const struct tally *t, bool tsv)
{
	char sep = tsv ? '\t' : ',';
	size_t ncols = t->by != TALLY_BY_NONE ? 4 : ARRAY_LEN(csv_columns);

	for (size_t i = 0; i < ncols; i++)
		sb_printf(out, "%s%s", i ? (tsv ? "\t" : ",") : "", csv_columns[i]);
	if (t->by != TALLY_BY_NONE) {
		for (size_t g = 0; g < t->ngroups; g++) {
			sb_addc(out, sep);
			csv_text(out, t->groups[g], tsv);
		}
		sb_printf(out, "%ctotal", sep);
	}
	emit_eol(out, tsv);
}

static void report_csv(struct strbuf *out, const struct tally *t, bool tsv)
{
	char sep = tsv ? '\t' : ',';

	csv_header(out, t, tsv);
	for (size_t i = 0; i < t->nrows; i++) {
		const struct tally_row *r = &t->rows[i];
		csv_row_common(out, r, sep, tsv);
		if (t->by != TALLY_BY_NONE) {
			for (size_t g = 0; g < t->ngroups; g++)
				sb_printf(out, "%c%zu", sep, r->by ? r->by[g] : 0);
			sb_printf(out, "%c%zu", sep, tally_row_total(t, r));
		} else {
			sb_printf(out, "%c%s%c%s%c%zu%c%zu%c%zu%c%zu%c%.4f", sep,
			          r->theme ? "true" : "false", sep, r->unknown ? "true" : "false",
			          sep, r->passages, sep, r->documents, sep, r->speakers, sep,
			          r->words, sep, r->share);
		}
		emit_eol(out, tsv);
	}
}

/* ---- JSON ---- */

static void json_row(struct strbuf *out, const struct tally *t, const struct tally_row *r)
{
	sb_adds(out, "    {\"id\": ");
	emit_json_s(out, r->id);
	sb_adds(out, ", \"name\": ");
	emit_json_s(out, r->name ? r->name : r->id);
	sb_adds(out, ", \"parent\": ");
	emit_json_or_null(out, r->parent);
	sb_printf(out,
	          ", \"depth\": %d, \"theme\": %s, \"unknown\": %s, \"passages\": %zu, "
	          "\"documents\": %zu, \"speakers\": %zu, \"words\": %zu, \"share\": %.4f, "
	          "\"by\": ",
	          r->depth, r->theme ? "true" : "false", r->unknown ? "true" : "false", r->passages,
	          r->documents, r->speakers, r->words, r->share);
	if (t->by == TALLY_BY_NONE) {
		sb_adds(out, "null}");
		return;
	}
	sb_addc(out, '{');
	for (size_t g = 0; g < t->ngroups; g++) {
		sb_adds(out, g ? ", " : "");
		emit_json_s(out, t->groups[g]);
		sb_printf(out, ": %zu", r->by ? r->by[g] : 0);
	}
	sb_adds(out, "}}");
}

static void report_json(struct strbuf *out, const struct tally *t)
{
	sb_adds(out, "{\n  \"by\": ");
	emit_json_or_null(out, t->by == TALLY_BY_NONE ? NULL : t->by_name);
	if (t->by != TALLY_BY_NONE && t->count != TALLY_COUNT_PASSAGES) {
		sb_adds(out, ",\n  \"count\": ");
		emit_json_s(out, tally_count_name(t->count));
	}
	sb_adds(out, ",\n  \"groups\": [");
	for (size_t g = 0; g < t->ngroups; g++) {
		sb_adds(out, g ? ", " : "");
		emit_json_s(out, t->groups[g]);
	}
	sb_printf(out, "],\n  \"total_words\": %zu,\n  \"documents\": %zu,\n  \"codes\": [",
	          t->total_words, t->ndocs);
	for (size_t i = 0; i < t->nrows; i++) {
		sb_adds(out, i ? ",\n" : "\n");
		json_row(out, t, &t->rows[i]);
	}
	sb_adds(out, t->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- Markdown ---- */

static void md_name(struct strbuf *out, const struct tally_row *r)
{
	char *label = row_label(r);

	for (int d = 0; d < r->depth; d++)
		sb_adds(out, "&emsp;");
	emit_md_cell(out, label);
	free(label);
}

static void report_markdown(struct strbuf *out, const struct tally *t)
{
	bool by = t->by != TALLY_BY_NONE;

	if (by) {
		sb_adds(out, "| code |");
		for (size_t g = 0; g < t->ngroups; g++) {
			sb_addc(out, ' ');
			emit_md_cell(out, t->groups[g]);
			sb_adds(out, " |");
		}
		sb_adds(out, " total |\n|---|");
		for (size_t g = 0; g <= t->ngroups; g++)
			sb_adds(out, "---:|");
		sb_addc(out, '\n');
	} else {
		sb_adds(out, "| code | passages | docs | speakers | words | share |\n"
		             "|---|---:|---:|---:|---:|---:|\n");
	}
	for (size_t i = 0; i < t->nrows; i++) {
		const struct tally_row *r = &t->rows[i];
		sb_adds(out, "| ");
		md_name(out, r);
		if (by) {
			for (size_t g = 0; g < t->ngroups; g++)
				sb_printf(out, " | %zu", r->by ? r->by[g] : 0);
			sb_printf(out, " | %zu |\n", tally_row_total(t, r));
		} else {
			sb_printf(out, " | %zu | %zu | %zu | %zu | %.1f%% |\n", r->passages,
			          r->documents, r->speakers, r->words, r->share * 100.0);
		}
	}
}

void report_tally(struct strbuf *out, const struct tally *t, enum emit_format f, int width)
{
	switch (f) {
	case EMIT_TEXT:
		if (t->by != TALLY_BY_NONE)
			report_table_by(out, t, width);
		else
			report_table_plain(out, t, width);
		break;
	case EMIT_CSV:
	case EMIT_TSV:
		report_csv(out, t, f == EMIT_TSV);
		break;
	case EMIT_JSON:
		report_json(out, t);
		break;
	case EMIT_MARKDOWN:
	case EMIT_HTML: /* not a tally format: cmd_report.c draws the page */
		report_markdown(out, t);
		break;
	}
}

/* ---- co-occurrence ---- */

static void cooccur_table(struct strbuf *out, const struct tally *t, const struct cooccur *c)
{
	size_t name = name_column(t, 0), *w = xcalloc(t->nrows + 1, sizeof(*w));
	struct strbuf cellb = STRBUF_INIT;

	for (size_t b = 0; b < t->nrows; b++) {
		sb_reset(&cellb);
		w[b] = emit_fit(&cellb, t->rows[b].id, GROUP_MAX_COLS);
		for (size_t a = 0; a < t->nrows; a++)
			if ((size_t)emit_digits(cooccur_cell(c, a, b)) > w[b])
				w[b] = (size_t)emit_digits(cooccur_cell(c, a, b));
	}
	sb_adds(out, "code");
	emit_pad(out, name - 4);
	for (size_t b = 0; b < t->nrows; b++) {
		size_t cw;
		sb_reset(&cellb);
		cw = emit_fit(&cellb, t->rows[b].id, GROUP_MAX_COLS);
		sb_adds(out, "  ");
		emit_pad(out, w[b] - cw);
		sb_add(out, cellb.data, cellb.len);
	}
	sb_addc(out, '\n');
	for (size_t a = 0; a < t->nrows; a++) {
		add_name_cell(out, &t->rows[a], name);
		for (size_t b = 0; b < t->nrows; b++)
			sb_printf(out, "  %*zu", (int)w[b], cooccur_cell(c, a, b));
		sb_addc(out, '\n');
	}
	sb_printf(out, "co-occurrence by %s; %zu document%s\n", cooccur_unit_name(c->unit),
	          t->ndocs, t->ndocs == 1 ? "" : "s");
	sb_done(&cellb);
	free(w);
}

static void cooccur_csv(struct strbuf *out, const struct tally *t, const struct cooccur *c,
                        bool tsv)
{
	char sep = tsv ? '\t' : ',';

	for (size_t i = 0; i < 4; i++)
		sb_printf(out, "%s%s", i ? (tsv ? "\t" : ",") : "", csv_columns[i]);
	for (size_t b = 0; b < t->nrows; b++) {
		sb_addc(out, sep);
		csv_text(out, t->rows[b].id, tsv);
	}
	emit_eol(out, tsv);
	for (size_t a = 0; a < t->nrows; a++) {
		csv_row_common(out, &t->rows[a], sep, tsv);
		for (size_t b = 0; b < t->nrows; b++)
			sb_printf(out, "%c%zu", sep, cooccur_cell(c, a, b));
		emit_eol(out, tsv);
	}
}

static void cooccur_json(struct strbuf *out, const struct tally *t, const struct cooccur *c)
{
	sb_adds(out, "{\n  \"unit\": ");
	emit_json_s(out, cooccur_unit_name(c->unit));
	sb_printf(out, ",\n  \"documents\": %zu,\n  \"columns\": [", t->ndocs);
	for (size_t b = 0; b < t->nrows; b++) {
		sb_adds(out, b ? ", " : "");
		emit_json_s(out, t->rows[b].id);
	}
	sb_adds(out, "],\n  \"codes\": [");
	for (size_t a = 0; a < t->nrows; a++) {
		const struct tally_row *r = &t->rows[a];
		sb_adds(out, a ? ",\n    {\"id\": " : "\n    {\"id\": ");
		emit_json_s(out, r->id);
		sb_adds(out, ", \"name\": ");
		emit_json_s(out, r->name ? r->name : r->id);
		sb_adds(out, ", \"parent\": ");
		emit_json_or_null(out, r->parent);
		sb_printf(out, ", \"depth\": %d, \"theme\": %s, \"unknown\": %s, \"cells\": [",
		          r->depth, r->theme ? "true" : "false", r->unknown ? "true" : "false");
		for (size_t b = 0; b < t->nrows; b++)
			sb_printf(out, "%s%zu", b ? ", " : "", cooccur_cell(c, a, b));
		sb_adds(out, "]}");
	}
	sb_adds(out, t->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

static void cooccur_markdown(struct strbuf *out, const struct tally *t, const struct cooccur *c)
{
	sb_adds(out, "| code |");
	for (size_t b = 0; b < t->nrows; b++) {
		sb_addc(out, ' ');
		emit_md_cell(out, t->rows[b].id);
		sb_adds(out, " |");
	}
	sb_adds(out, "\n|---|");
	for (size_t b = 0; b < t->nrows; b++)
		sb_adds(out, "---:|");
	sb_addc(out, '\n');
	for (size_t a = 0; a < t->nrows; a++) {
		sb_adds(out, "| ");
		md_name(out, &t->rows[a]);
		for (size_t b = 0; b < t->nrows; b++)
			sb_printf(out, " | %zu", cooccur_cell(c, a, b));
		sb_adds(out, " |\n");
	}
}

void report_cooccur(struct strbuf *out, const struct tally *t, const struct cooccur *c,
                    enum emit_format f)
{
	switch (f) {
	case EMIT_TEXT:
		cooccur_table(out, t, c);
		break;
	case EMIT_CSV:
	case EMIT_TSV:
		cooccur_csv(out, t, c, f == EMIT_TSV);
		break;
	case EMIT_JSON:
		cooccur_json(out, t, c);
		break;
	case EMIT_MARKDOWN:
	case EMIT_HTML:
		cooccur_markdown(out, t, c);
		break;
	}
}
