/* report.c — print a tally as a table, CSV, TSV, JSON or Markdown (see report.h). */
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

bool report_format_parse(const char *s, enum report_format *f)
{
	static const char *const names[] = {"table", "csv", "tsv", "json", "markdown"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++) {
		if (strcmp(s, names[i]) == 0) {
			*f = (enum report_format)i;
			return true;
		}
	}
	if (strcmp(s, "md") == 0) {
		*f = REPORT_MARKDOWN;
		return true;
	}
	return false;
}

/* ---- display width helpers (table and markdown) ---- */

/* str_width: terminal columns of already sanitized text */
static size_t str_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int cw;
		i += utf8_decode(s + i, n - i, &cp);
		cw = utf8_width(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

/* add_fit: append sanitized s cut to at most max columns ("…" marks a cut); returns the
 * columns used */
static size_t add_fit(struct strbuf *out, const char *s, size_t max)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = 0, i = 0;

	utf8_sanitize_display(&tmp, s, strlen(s), false);
	if (str_width(tmp.data, tmp.len) <= max) {
		sb_add(out, tmp.data, tmp.len);
		w = str_width(tmp.data, tmp.len);
		sb_done(&tmp);
		return w;
	}
	while (i < tmp.len) {
		uint32_t cp;
		size_t k = utf8_decode(tmp.data + i, tmp.len - i, &cp);
		int cw = utf8_width(cp) > 0 ? utf8_width(cp) : 0;
		if (w + (size_t)cw + 1 > max)
			break;
		sb_add(out, tmp.data + i, k);
		w += (size_t)cw;
		i += k;
	}
	sb_adds(out, "…");
	sb_done(&tmp);
	return w + 1;
}

static void add_spaces(struct strbuf *out, size_t n)
{
	while (n-- > 0)
		sb_addc(out, ' ');
}

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
	w = str_width(tmp.data, tmp.len) + 2 * (size_t)(r->depth > 0 ? r->depth : 0);
	free(label);
	sb_done(&tmp);
	return w;
}

static size_t name_column(const struct tally *t)
{
	size_t w = 4; /* "code" */

	for (size_t i = 0; i < t->nrows; i++) {
		size_t lw = label_width(&t->rows[i]);
		if (lw > w)
			w = lw;
	}
	return w > NAME_MAX_COLS ? NAME_MAX_COLS : w;
}

/* add_name_cell: indented, truncated label padded to width columns */
static void add_name_cell(struct strbuf *out, const struct tally_row *r, size_t width)
{
	size_t indent = 2 * (size_t)(r->depth > 0 ? r->depth : 0), used;
	char *label = row_label(r);

	if (indent > width - 1)
		indent = width - 1;
	add_spaces(out, indent);
	used = indent + add_fit(out, label, width - indent);
	add_spaces(out, width > used ? width - used : 0);
	free(label);
}

static int digits(size_t n)
{
	int d = 1;

	while (n >= 10)
		n /= 10, d++;
	return d;
}

/* ---- table ---- */

struct table_cols {
	size_t name;
	int words;
};

static void table_header(struct strbuf *out, const struct table_cols *c)
{
	sb_adds(out, "code");
	add_spaces(out, c->name - 4);
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
	struct table_cols c = {name_column(t), 5};
	size_t used, bar = 0;

	for (size_t i = 0; i < t->nrows; i++)
		if (digits(t->rows[i].words) > c.words)
			c.words = digits(t->rows[i].words);
	/* name + passages + docs + speakers + words + share, with two-space gaps */
	used = c.name + 10 + 6 + 10 + 2 + (size_t)c.words + 8;
	/* the bar fills what is left of the width (80 when output is not a terminal), but
	 * is never narrower than 10 cells nor wider than BAR_MAX */
	if (width <= 0)
		width = 80;
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
			hw = add_fit(&tmp, t->groups[g], GROUP_MAX_COLS);
		} else {
			hw = 5; /* "total" */
		}
		w[g] = hw;
		for (size_t i = 0; i < t->nrows; i++) {
			size_t v =
			    g < t->ngroups ? t->rows[i].by[g] : tally_row_total(t, &t->rows[i]);
			if ((size_t)digits(v) > w[g])
				w[g] = (size_t)digits(v);
		}
	}
	sb_done(&tmp);
	return w;
}

static void report_table_by(struct strbuf *out, const struct tally *t)
{
	size_t name = name_column(t), *w = group_widths(t);

	sb_adds(out, "code");
	add_spaces(out, name - 4);
	for (size_t g = 0; g < t->ngroups; g++) {
		struct strbuf cell = STRBUF_INIT;
		size_t cw = add_fit(&cell, t->groups[g], GROUP_MAX_COLS);
		sb_adds(out, "  ");
		add_spaces(out, w[g] - cw);
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

/* csv_safe_byte: a byte copied as it is into a CSV or TSV cell (printable ASCII) */
static bool csv_safe_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"';
}

/* csv_needs_quotes: a CSV cell holding one of , " CR LF is quoted */
static bool csv_needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/* csv_add_char: one code point of a cell: controls other than TAB CR LF made visible (text
 * from files must not reach a terminal raw, even in CSV); in TSV, TAB CR LF as spaces */
static void csv_add_char(struct strbuf *out, uint32_t cp, bool tsv)
{
	char buf[4];

	if (cp == '"')
		sb_adds(out, tsv ? "\"" : "\"\"");
	else if (cp == '\t' || cp == '\r' || cp == '\n')
		sb_addc(out, tsv ? ' ' : (char)cp);
	else if (utf8_unsafe(cp))
		sb_add(out, buf, utf8_encode(utf8_placeholder(cp), buf));
	else
		sb_add(out, buf, utf8_encode(cp, buf));
}

void report_csv_text(struct strbuf *out, const char *s, size_t n, bool tsv)
{
	bool quote;

	if (!s)
		s = "", n = 0;
	quote = !tsv && csv_needs_quotes(s, n);
	if (quote)
		sb_addc(out, '"');
	if (n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	          s[0] == '\r'))
		sb_addc(out, '\'');
	for (size_t i = 0; i < n;) {
		size_t run = i;
		uint32_t cp;
		while (run < n && csv_safe_byte((unsigned char)s[run]))
			run++;
		if (run > i) { /* plain ASCII at once */
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		csv_add_char(out, cp, tsv);
	}
	if (quote)
		sb_addc(out, '"');
}

static void csv_text(struct strbuf *out, const char *s, bool tsv)
{
	report_csv_text(out, s, s ? strlen(s) : 0, tsv);
}

static void csv_eol(struct strbuf *out, bool tsv)
{
	sb_adds(out, tsv ? "\n" : "\r\n");
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
	csv_eol(out, tsv);
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
		csv_eol(out, tsv);
	}
}

/* ---- JSON ---- */

void report_json_str(struct strbuf *out, const char *s)
{
	report_json_strn(out, s, s ? strlen(s) : 0);
}

void report_json_strn(struct strbuf *out, const char *s, size_t n)
{
	sb_addc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char buf[4];
		if (cp == '"' || cp == '\\')
			sb_printf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			sb_adds(out, "\\n");
		else if (cp == '\t')
			sb_adds(out, "\\t");
		else if (cp == '\r')
			sb_adds(out, "\\r");
		else if (utf8_unsafe(cp))
			sb_printf(out, "\\u%04x", (unsigned)cp);
		else if (cp == UTF8_REPLACEMENT && k == 1)
			sb_adds(out, "\\ufffd");
		else
			sb_add(out, buf, utf8_encode(cp, buf));
		i += k;
	}
	sb_addc(out, '"');
}

static void json_nullable(struct strbuf *out, const char *s)
{
	if (s)
		report_json_str(out, s);
	else
		sb_adds(out, "null");
}

static void json_row(struct strbuf *out, const struct tally *t, const struct tally_row *r)
{
	sb_adds(out, "    {\"id\": ");
	report_json_str(out, r->id);
	sb_adds(out, ", \"name\": ");
	report_json_str(out, r->name ? r->name : r->id);
	sb_adds(out, ", \"parent\": ");
	json_nullable(out, r->parent);
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
		report_json_str(out, t->groups[g]);
		sb_printf(out, ": %zu", r->by ? r->by[g] : 0);
	}
	sb_adds(out, "}}");
}

static void report_json(struct strbuf *out, const struct tally *t)
{
	sb_adds(out, "{\n  \"by\": ");
	json_nullable(out, t->by == TALLY_BY_NONE ? NULL : t->by_name);
	if (t->by != TALLY_BY_NONE && t->count != TALLY_COUNT_PASSAGES) {
		sb_adds(out, ",\n  \"count\": ");
		report_json_str(out, tally_count_name(t->count));
	}
	sb_adds(out, ",\n  \"groups\": [");
	for (size_t g = 0; g < t->ngroups; g++) {
		sb_adds(out, g ? ", " : "");
		report_json_str(out, t->groups[g]);
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

static void md_text(struct strbuf *out, const char *s)
{
	struct strbuf v = STRBUF_INIT;

	utf8_sanitize_display(&v, s, strlen(s), false);
	for (size_t i = 0; i < v.len; i++) {
		if (v.data[i] == '|' || v.data[i] == '\\')
			sb_addc(out, '\\');
		sb_addc(out, v.data[i]);
	}
	sb_done(&v);
}

static void md_name(struct strbuf *out, const struct tally_row *r)
{
	char *label = row_label(r);

	for (int d = 0; d < r->depth; d++)
		sb_adds(out, "&emsp;");
	md_text(out, label);
	free(label);
}

static void report_markdown(struct strbuf *out, const struct tally *t)
{
	bool by = t->by != TALLY_BY_NONE;

	if (by) {
		sb_adds(out, "| code |");
		for (size_t g = 0; g < t->ngroups; g++) {
			sb_addc(out, ' ');
			md_text(out, t->groups[g]);
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

void report_tally(struct strbuf *out, const struct tally *t, enum report_format f, int width)
{
	switch (f) {
	case REPORT_TABLE:
		if (t->by != TALLY_BY_NONE)
			report_table_by(out, t);
		else
			report_table_plain(out, t, width);
		break;
	case REPORT_CSV:
	case REPORT_TSV:
		report_csv(out, t, f == REPORT_TSV);
		break;
	case REPORT_JSON:
		report_json(out, t);
		break;
	case REPORT_MARKDOWN:
		report_markdown(out, t);
		break;
	}
}

/* ---- co-occurrence ---- */

static void cooccur_table(struct strbuf *out, const struct tally *t, const struct cooccur *c)
{
	size_t name = name_column(t), *w = xcalloc(t->nrows + 1, sizeof(*w));
	struct strbuf cellb = STRBUF_INIT;

	for (size_t b = 0; b < t->nrows; b++) {
		sb_reset(&cellb);
		w[b] = add_fit(&cellb, t->rows[b].id, GROUP_MAX_COLS);
		for (size_t a = 0; a < t->nrows; a++)
			if ((size_t)digits(cooccur_cell(c, a, b)) > w[b])
				w[b] = (size_t)digits(cooccur_cell(c, a, b));
	}
	sb_adds(out, "code");
	add_spaces(out, name - 4);
	for (size_t b = 0; b < t->nrows; b++) {
		size_t cw;
		sb_reset(&cellb);
		cw = add_fit(&cellb, t->rows[b].id, GROUP_MAX_COLS);
		sb_adds(out, "  ");
		add_spaces(out, w[b] - cw);
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
	csv_eol(out, tsv);
	for (size_t a = 0; a < t->nrows; a++) {
		csv_row_common(out, &t->rows[a], sep, tsv);
		for (size_t b = 0; b < t->nrows; b++)
			sb_printf(out, "%c%zu", sep, cooccur_cell(c, a, b));
		csv_eol(out, tsv);
	}
}

static void cooccur_json(struct strbuf *out, const struct tally *t, const struct cooccur *c)
{
	sb_adds(out, "{\n  \"unit\": ");
	report_json_str(out, cooccur_unit_name(c->unit));
	sb_printf(out, ",\n  \"documents\": %zu,\n  \"columns\": [", t->ndocs);
	for (size_t b = 0; b < t->nrows; b++) {
		sb_adds(out, b ? ", " : "");
		report_json_str(out, t->rows[b].id);
	}
	sb_adds(out, "],\n  \"codes\": [");
	for (size_t a = 0; a < t->nrows; a++) {
		const struct tally_row *r = &t->rows[a];
		sb_adds(out, a ? ",\n    {\"id\": " : "\n    {\"id\": ");
		report_json_str(out, r->id);
		sb_adds(out, ", \"name\": ");
		report_json_str(out, r->name ? r->name : r->id);
		sb_adds(out, ", \"parent\": ");
		json_nullable(out, r->parent);
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
		md_text(out, t->rows[b].id);
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
                    enum report_format f)
{
	switch (f) {
	case REPORT_TABLE:
		cooccur_table(out, t, c);
		break;
	case REPORT_CSV:
	case REPORT_TSV:
		cooccur_csv(out, t, c, f == REPORT_TSV);
		break;
	case REPORT_JSON:
		cooccur_json(out, t, c);
		break;
	case REPORT_MARKDOWN:
		cooccur_markdown(out, t, c);
		break;
	}
}

void report_md_text(struct strbuf *out, const char *s)
{
	md_text(out, s ? s : "");
}

size_t report_fit(struct strbuf *out, const char *s, size_t max)
{
	return add_fit(out, s, max);
}
