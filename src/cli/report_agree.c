/* report_agree.c — agreement as a table, CSV, TSV, JSON or Markdown (see report.h); the
 * statistics come from agree.c. */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/agree.h"
#include "gloss/prf.h"

#define NAME_COLS 32
#define CODER_COLS 10

static void add_stat(struct strbuf *out, double v, const char *fmt, const char *undef)
{
	if (isnan(v))
		sb_adds(out, undef);
	else
		sb_printf(out, fmt, v);
}

static const char *row_name(const struct agree_row *r)
{
	return r->name ? r->name : r->id;
}

static size_t coder_width(const char *name)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = emit_fit(&tmp, name, CODER_COLS);

	sb_done(&tmp);
	return w < 6 ? 6 : w;
}

static void table_header(struct strbuf *out, const struct agree *a, size_t name)
{
	sb_adds(out, "code");
	emit_pad(out, name - 4);
	sb_adds(out, "  units");
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, "  ");
		emit_cell(out, a->coders[k], coder_width(a->coders[k]), coder_width(a->coders[k]),
		          true);
	}
	sb_adds(out, "   agree  disagree  percent   kappa   alpha");
	if (a->theme_as_variable)
		sb_adds(out, "  violations");
	sb_addc(out, '\n');
}

static void table_row(struct strbuf *out, const struct agree *a, const struct agree_row *r,
                      size_t name)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t indent = r->code >= 0 ? 2 * (size_t)r->depth : 0, used;

	if (indent > name - 4)
		indent = name - 4;
	emit_pad(out, indent);
	used = indent + emit_fit(&tmp, row_name(r), name - indent);
	sb_add(out, tmp.data, tmp.len);
	emit_pad(out, name > used ? name - used : 0);
	sb_printf(out, "  %5zu", r->tab.units);
	for (size_t k = 0; k < a->ncoders; k++)
		sb_printf(out, "  %*zu", (int)coder_width(a->coders[k]), r->tab.coded[k]);
	sb_printf(out, "  %6zu  %8zu  ", r->tab.agreements, r->tab.disagreements);
	add_stat(out, r->st.percent * 100.0, "%6.1f%%", "      -");
	add_stat(out, r->st.kappa, "  %6.3f", "       -");
	add_stat(out, r->st.alpha, "  %6.3f", "       -");
	if (a->theme_as_variable)
		sb_printf(out, "  %10zu", r->violations);
	sb_addc(out, '\n');
	sb_done(&tmp);
}

void report_agree_skipped(struct strbuf *out, const struct agree *a, const char *prefix)
{
	for (size_t i = 0; i < a->nskipped; i++) {
		const struct agree_skip *s = &a->skipped[i];
		sb_printf(out, "%sskipped ", prefix);
		emit_safe(out, s->doc, strlen(s->doc));
		if (s->ncoders == 0)
			sb_adds(out, ": coded by none of the coders compared\n");
		else
			sb_adds(out, ": coded by ");
		for (size_t k = 0; k < s->ncoders; k++) {
			emit_safe(out, s->coders[k], strlen(s->coders[k]));
			sb_adds(out, k + 1 < s->ncoders ? ", " : " only\n");
		}
	}
}

static void add_names(struct strbuf *out, const char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(out, i + 1 < n ? ", " : " or ");
		emit_safe(out, v[i], strlen(v[i]));
	}
}

/* add_speakers: " in turns of A or B", " in turns not of C", or nothing (every turn) */
static void add_speakers(struct strbuf *out, const struct agree *a)
{
	const struct agree_speakers *sp = &a->speakers;

	if (sp->nonly + sp->nbut_not == 0)
		return;
	sb_adds(out, " in turns ");
	if (sp->nonly) {
		sb_adds(out, "of ");
		add_names(out, sp->only, sp->nonly);
	}
	if (sp->nbut_not) {
		sb_adds(out, sp->nonly ? " but not of " : "not of ");
		add_names(out, sp->but_not, sp->nbut_not);
	}
}

/* uncoded_says: how a unit a coder left uncoded counts, with themes as variables */
static const char *uncoded_says(const struct agree *a)
{
	return a->uncoded_none ? "uncoded units are the value 'none'" : "uncoded units are missing";
}

static void table_title(struct strbuf *out, const struct agree *a)
{
	sb_adds(out, "agreement of ");
	for (size_t k = 0; k < a->ncoders; k++) {
		if (k)
			sb_adds(out, k + 1 < a->ncoders ? ", " : " and ");
		emit_safe(out, a->coders[k], strlen(a->coders[k]));
	}
	sb_printf(out, " by %s", agree_unit_name(a->unit));
	add_speakers(out, a);
	if (a->theme_as_variable)
		sb_printf(out, " (themes as variables; %s)", uncoded_says(a));
	sb_printf(out, ": %zu document%s compared, %zu skipped\n", a->ndocs,
	          a->ndocs == 1 ? "" : "s", a->nskipped);
}

static void report_table(struct strbuf *out, const struct agree *a)
{
	size_t name = 9; /* "all codes" */

	for (size_t i = 0; i < a->nrows; i++) {
		struct strbuf tmp = STRBUF_INIT;
		size_t w = emit_fit(&tmp, row_name(&a->rows[i]), NAME_COLS) +
		           (a->rows[i].code >= 0 ? 2 * (size_t)a->rows[i].depth : 0);
		if (w > name)
			name = w > NAME_COLS ? NAME_COLS : w;
		sb_done(&tmp);
	}
	table_title(out, a);
	table_header(out, a, name);
	for (size_t i = 0; i < a->nrows; i++)
		table_row(out, a, &a->rows[i], name);
	report_agree_skipped(out, a, "");
}

static void csv_stat(struct strbuf *out, char sep, double v)
{
	sb_addc(out, sep);
	add_stat(out, v, "%.4f", "");
}

static void report_csv(struct strbuf *out, const struct agree *a, bool tsv)
{
	char sep = tsv ? '\t' : ',';
	const char *eol = tsv ? "\n" : "\r\n";

	sb_printf(out, "id%cname%cdepth%ctheme%cunits", sep, sep, sep, sep);
	for (size_t k = 0; k < a->ncoders; k++) {
		char *col = xasprintf("coded:%s", a->coders[k]);
		sb_addc(out, sep);
		emit_csv(out, col, strlen(col), tsv);
		free(col);
	}
	sb_printf(out, "%cagreements%cdisagreements%cpercent%ckappa%calpha%cviolations", sep, sep,
	          sep, sep, sep, sep);
	sb_printf(out, "%s%s", a->theme_as_variable ? (tsv ? "\tuncoded" : ",uncoded") : "", eol);
	for (size_t i = 0; i < a->nrows; i++) {
		const struct agree_row *r = &a->rows[i];
		emit_csv(out, r->id, strlen(r->id), tsv);
		sb_addc(out, sep);
		emit_csv(out, row_name(r), strlen(row_name(r)), tsv);
		sb_printf(out, "%c%d%c%s%c%zu", sep, r->depth, sep, r->theme ? "true" : "false",
		          sep, r->tab.units);
		for (size_t k = 0; k < a->ncoders; k++)
			sb_printf(out, "%c%zu", sep, r->tab.coded[k]);
		sb_printf(out, "%c%zu%c%zu", sep, r->tab.agreements, sep, r->tab.disagreements);
		csv_stat(out, sep, r->st.percent);
		csv_stat(out, sep, r->st.kappa);
		csv_stat(out, sep, r->st.alpha);
		sb_printf(out, "%c%zu", sep, r->violations);
		if (a->theme_as_variable)
			sb_printf(out, "%c%s", sep, a->uncoded_none ? "none" : "missing");
		sb_adds(out, eol);
	}
}

static void json_stat(struct strbuf *out, const char *key, double v)
{
	sb_printf(out, ", \"%s\": ", key);
	add_stat(out, v, "%.4f", "null");
}

static void json_row(struct strbuf *out, const struct agree *a, const struct agree_row *r)
{
	sb_adds(out, "    {\"id\": ");
	emit_json_s(out, r->id);
	sb_adds(out, ", \"name\": ");
	emit_json_s(out, row_name(r));
	sb_printf(out, ", \"depth\": %d, \"theme\": %s, \"units\": %zu, \"coded\": {", r->depth,
	          r->theme ? "true" : "false", r->tab.units);
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, k ? ", " : "");
		emit_json_s(out, a->coders[k]);
		sb_printf(out, ": %zu", r->tab.coded[k]);
	}
	sb_printf(out, "}, \"agreements\": %zu, \"disagreements\": %zu", r->tab.agreements,
	          r->tab.disagreements);
	json_stat(out, "percent", r->st.percent);
	json_stat(out, "kappa", r->st.kappa);
	json_stat(out, "p_o", r->st.p_o);
	json_stat(out, "p_e", r->st.p_e);
	json_stat(out, "alpha", r->st.alpha);
	sb_printf(out, ", \"pairable_values\": %.0f", r->st.n);
	json_stat(out, "d_o", r->st.d_o);
	json_stat(out, "d_e", r->st.d_e);
	sb_printf(out, ", \"violations\": %zu}", r->violations);
}

static void json_skipped(struct strbuf *out, const struct agree *a)
{
	sb_adds(out, "  \"skipped\": [");
	for (size_t i = 0; i < a->nskipped; i++) {
		sb_adds(out, i ? ",\n    {\"document\": " : "\n    {\"document\": ");
		emit_json_s(out, a->skipped[i].doc);
		sb_adds(out, ", \"coders\": [");
		for (size_t k = 0; k < a->skipped[i].ncoders; k++) {
			sb_adds(out, k ? ", " : "");
			emit_json_s(out, a->skipped[i].coders[k]);
		}
		sb_adds(out, "]}");
	}
	sb_adds(out, a->nskipped ? "\n  ],\n" : "],\n");
}

static void json_names(struct strbuf *out, const char *key, const char *const *v, size_t n)
{
	sb_printf(out, "  \"%s\": [", key);
	for (size_t i = 0; i < n; i++) {
		sb_adds(out, i ? ", " : "");
		emit_json_s(out, v[i]);
	}
	sb_adds(out, "],\n");
}

static void report_json(struct strbuf *out, const struct agree *a)
{
	sb_printf(out, "{\n  \"unit\": \"%s\",\n  \"coders\": [", agree_unit_name(a->unit));
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, k ? ", " : "");
		emit_json_s(out, a->coders[k]);
	}
	sb_printf(out, "],\n  \"documents\": %zu,\n  \"theme_as_variable\": %s,\n", a->ndocs,
	          a->theme_as_variable ? "true" : "false");
	if (a->theme_as_variable)
		sb_printf(out, "  \"uncoded\": \"%s\",\n", a->uncoded_none ? "none" : "missing");
	json_names(out, "speakers", a->speakers.only, a->speakers.nonly);
	json_names(out, "not_speakers", a->speakers.but_not, a->speakers.nbut_not);
	json_skipped(out, a);
	sb_adds(out, "  \"rows\": [");
	for (size_t i = 0; i < a->nrows; i++) {
		sb_adds(out, i ? ",\n" : "\n");
		json_row(out, a, &a->rows[i]);
	}
	sb_adds(out, a->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

/* markdown_says: what the table counts, when that is not every unit or a code a column */
static void markdown_says(struct strbuf *out, const struct agree *a)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->speakers.nonly + a->speakers.nbut_not == 0 && !a->theme_as_variable)
		return;
	sb_printf(&sb, "Units: %ss", agree_unit_name(a->unit));
	add_speakers(&sb, a);
	if (a->theme_as_variable)
		sb_printf(&sb, "; themes as variables; %s", uncoded_says(a));
	sb_adds(&sb, ".");
	emit_md_cell(out, sb.data);
	sb_adds(out, "\n\n");
	sb_done(&sb);
}

static void report_markdown(struct strbuf *out, const struct agree *a)
{
	markdown_says(out, a);
	sb_adds(out, "| code | units |");
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_addc(out, ' ');
		emit_md_cell(out, a->coders[k]);
		sb_adds(out, " |");
	}
	sb_adds(out, " agree | disagree | percent | kappa | alpha |");
	sb_adds(out, a->theme_as_variable ? " violations |\n|---|---:|" : "\n|---|---:|");
	for (size_t k = 0; k < a->ncoders + 5 + a->theme_as_variable; k++)
		sb_adds(out, "---:|");
	sb_addc(out, '\n');
	for (size_t i = 0; i < a->nrows; i++) {
		const struct agree_row *r = &a->rows[i];
		sb_adds(out, "| ");
		for (int d = 0; r->code >= 0 && d < r->depth; d++)
			sb_adds(out, "&emsp;");
		emit_md_cell(out, row_name(r));
		sb_printf(out, " | %zu |", r->tab.units);
		for (size_t k = 0; k < a->ncoders; k++)
			sb_printf(out, " %zu |", r->tab.coded[k]);
		sb_printf(out, " %zu | %zu | ", r->tab.agreements, r->tab.disagreements);
		add_stat(out, r->st.percent * 100.0, "%.1f%%", "–");
		add_stat(out, r->st.kappa, " | %.3f", " | –");
		add_stat(out, r->st.alpha, " | %.3f |", " | – |");
		if (a->theme_as_variable)
			sb_printf(out, " %zu |", r->violations);
		sb_addc(out, '\n');
	}
	if (a->nskipped)
		sb_addc(out, '\n');
	report_agree_skipped(out, a, "");
}

void report_agree(struct strbuf *out, const struct agree *a, enum emit_format f)
{
	switch (f) {
	case EMIT_TEXT:
		report_table(out, a);
		break;
	case EMIT_CSV:
	case EMIT_TSV:
		report_csv(out, a, f == EMIT_TSV);
		break;
	case EMIT_JSON:
		report_json(out, a);
		break;
	case EMIT_MARKDOWN:
	case EMIT_HTML: /* not an agreement format: cmd_report.c draws the page */
		report_markdown(out, a);
		break;
	}
}

/* ---- --reference: precision, recall and F1 of the candidate (prf.h) ------------------ */

static void prf_row(struct strbuf *out, const struct agree_row *r, size_t name)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t indent = r->code >= 0 ? 2 * (size_t)r->depth : 0, used;
	struct prf f;

	prf_from_tab(&r->tab, &f);
	if (indent > name - 4)
		indent = name - 4;
	emit_pad(out, indent);
	used = indent + emit_fit(&tmp, row_name(r), name - indent);
	sb_add(out, tmp.data, tmp.len);
	emit_pad(out, name > used ? name - used : 0);
	sb_printf(out, "  %6zu  %6zu  %6zu", f.tp, f.fp, f.fn);
	add_stat(out, f.precision, "  %9.3f", "          -");
	add_stat(out, f.recall, "  %6.3f", "       -");
	add_stat(out, f.f1, "  %6.3f", "       -");
	sb_addc(out, '\n');
	sb_done(&tmp);
}

void report_prf(struct strbuf *out, const struct agree *a)
{
	size_t name = 9;

	for (size_t i = 0; i < a->nrows; i++) {
		struct strbuf tmp = STRBUF_INIT;
		size_t w = emit_fit(&tmp, row_name(&a->rows[i]), NAME_COLS) +
		           (a->rows[i].code >= 0 ? 2 * (size_t)a->rows[i].depth : 0);
		if (w > name)
			name = w > NAME_COLS ? NAME_COLS : w;
		sb_done(&tmp);
	}
	sb_adds(out, "\nprecision and recall of ");
	emit_safe(out, a->coders[1], strlen(a->coders[1]));
	sb_adds(out, " against the reference ");
	emit_safe(out, a->coders[0], strlen(a->coders[0]));
	sb_printf(out, " by %s\n", agree_unit_name(a->unit));
	sb_adds(out, "code");
	emit_pad(out, name - 4);
	sb_adds(out, "      tp      fp      fn  precision  recall      F1\n");
	for (size_t i = 0; i < a->nrows; i++)
		prf_row(out, &a->rows[i], name);
}
