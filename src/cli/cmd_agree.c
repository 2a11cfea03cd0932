/* cmd_agree.c — gloss agree: inter-coder agreement (the core is agree.c). */
#include "cmd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/prf.h"
#include "gloss/project.h"
#include "report.h"
#include "gloss/util.h"

#define AGREE_MAX_CODERS 32
#define NAME_COLS 32
#define CODER_COLS 10

const char cmd_agree_help[] =
    "usage: gloss agree [--coder NAME]... [--unit UNIT] [--code ID]... [--theme-as-variable]\n"
    "                   [--format FORMAT] [--codebook FILE] [-v] [PATH...]\n"
    "       gloss agree --reference CODER --coder NAME [--unit UNIT] [--code ID]... [PATH...]\n"
    "\n"
    "How well coders agree, over the documents (PATHs, else transcripts/) that at least\n"
    "two of them coded (the others are listed as skipped). Each document is cut into\n"
    "units; a coding applies to every unit it overlaps. For every code (a theme with the\n"
    "codes below it) a unit is 1 or 0 for each coder who coded the document; a coder\n"
    "without a codings file for a document is missing there. One row per code, in\n"
    "codebook order, then 'all codes' (pooled: each coding counted once, for the nearest\n"
    "compared code at or above its own):\n"
    "  units     pairable units: valued by at least two coders\n"
    "  CODER     units that coder applied the code to (one column per coder)\n"
    "  agree     units on which every coder agrees; disagree: the others\n"
    "  percent   agree / units\n"
    "  kappa     Cohen's kappa (two coders only): (p_o - p_e) / (1 - p_e)\n"
    "  alpha     Krippendorff's alpha, nominal, with missing data:\n"
    "            1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c * n_k\n"
    "A statistic that is 0/0 (no pairable unit, or one value only) is shown as '-'.\n"
    "Drifted codings and codes not in the codebook are left out (standard error says how\n"
    "many). gloss(1) gives the formulas and references.\n"
    "\n"
    "options:\n"
    "  --coder NAME          a coder to compare; repeat (default: every coder)\n"
    "  --unit UNIT           turn (default), sentence, line or character\n"
    "  --code ID             only this code (with --theme-as-variable: theme); repeat\n"
    "  --theme-as-variable   every theme is one variable whose values are its child\n"
    "                        codes: a unit's value is the child a coder applied there,\n"
    "                        missing when none, a violation (counted, then missing)\n"
    "                        when several\n"
    "  --reference CODER     also precision, recall and F1 per code of the one --coder\n"
    "                        against CODER (tp: units both applied the code to; fp:\n"
    "                        the candidate only; fn: the reference only)\n"
    "  --format FORMAT       table (default), csv, tsv, json or markdown\n"
    "  --codebook FILE       the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                        codebooks/*.yaml)\n"
    "  -v, --verbose         also report re-anchored and drifted codings one by one\n"
    "  -h, --help            show this help\n"
    "\n"
    "formats: table lists skipped documents after the rows; csv (RFC 4180, CRLF) and tsv\n"
    "have the columns id,name,depth,theme,units,coded:CODER...,agreements,disagreements,\n"
    "percent,kappa,alpha,violations (an undefined statistic is an empty cell; skipped\n"
    "documents go to standard error); json {\"unit\", \"coders\", \"documents\",\n"
    "\"theme_as_variable\", \"skipped\": [{\"document\", \"coders\"}], \"rows\": [{\"id\",\n"
    "\"name\", \"depth\", \"theme\", \"units\", \"coded\": {CODER: n}, \"agreements\",\n"
    "\"disagreements\", \"percent\", \"kappa\", \"p_o\", \"p_e\", \"alpha\",\n"
    "\"pairable_values\", \"d_o\", \"d_e\", \"violations\"}]} (null when undefined; p_o and\n"
    "p_e are kappa's observed and chance agreement, d_o and d_e alpha's observed and\n"
    "expected disagreement, so that alpha = 1 - d_o / d_e); markdown a GitHub table.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, fewer than two coders coded anything,\n"
    "or some file could not be read or parsed; 2 usage error; 3 the output could not be\n"
    "written.\n";

/* ---- formatting --------------------------------------------------------------------- */

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

static void pad(struct strbuf *out, size_t n)
{
	while (n-- > 0)
		sb_addc(out, ' ');
}

/* cell: s (terminal-safe, cut to max columns) right-aligned in width columns */
static void cell(struct strbuf *out, const char *s, size_t width)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = report_fit(&tmp, s, width);

	pad(out, width > w ? width - w : 0);
	sb_add(out, tmp.data, tmp.len);
	sb_done(&tmp);
}

static size_t coder_width(const char *name)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = report_fit(&tmp, name, CODER_COLS);

	sb_done(&tmp);
	return w < 6 ? 6 : w;
}

static void table_header(struct strbuf *out, const struct agree *a, size_t name)
{
	sb_adds(out, "code");
	pad(out, name - 4);
	sb_adds(out, "  units");
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, "  ");
		cell(out, a->coders[k], coder_width(a->coders[k]));
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
	pad(out, indent);
	used = indent + report_fit(&tmp, row_name(r), name - indent);
	sb_add(out, tmp.data, tmp.len);
	pad(out, name > used ? name - used : 0);
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

static void list_skipped(struct strbuf *out, const struct agree *a, const char *prefix)
{
	for (size_t i = 0; i < a->nskipped; i++) {
		const struct agree_skip *s = &a->skipped[i];
		sb_printf(out, "%sskipped ", prefix);
		cli_add_safe(out, s->doc, strlen(s->doc));
		if (s->ncoders == 0)
			sb_adds(out, ": coded by none of the coders compared\n");
		else
			sb_adds(out, ": coded by ");
		for (size_t k = 0; k < s->ncoders; k++) {
			cli_add_safe(out, s->coders[k], strlen(s->coders[k]));
			sb_adds(out, k + 1 < s->ncoders ? ", " : " only\n");
		}
	}
}

static void table_title(struct strbuf *out, const struct agree *a)
{
	sb_adds(out, "agreement of ");
	for (size_t k = 0; k < a->ncoders; k++) {
		if (k)
			sb_adds(out, k + 1 < a->ncoders ? ", " : " and ");
		cli_add_safe(out, a->coders[k], strlen(a->coders[k]));
	}
	sb_printf(out, " by %s%s: %zu document%s compared, %zu skipped\n", agree_unit_name(a->unit),
	          a->theme_as_variable ? " (themes as variables)" : "", a->ndocs,
	          a->ndocs == 1 ? "" : "s", a->nskipped);
}

static void report_table(struct strbuf *out, const struct agree *a)
{
	size_t name = 9; /* "all codes" */

	for (size_t i = 0; i < a->nrows; i++) {
		struct strbuf tmp = STRBUF_INIT;
		size_t w = report_fit(&tmp, row_name(&a->rows[i]), NAME_COLS) +
		           (a->rows[i].code >= 0 ? 2 * (size_t)a->rows[i].depth : 0);
		if (w > name)
			name = w > NAME_COLS ? NAME_COLS : w;
		sb_done(&tmp);
	}
	table_title(out, a);
	table_header(out, a, name);
	for (size_t i = 0; i < a->nrows; i++)
		table_row(out, a, &a->rows[i], name);
	list_skipped(out, a, "");
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
		report_csv_text(out, col, strlen(col), tsv);
		free(col);
	}
	sb_printf(out, "%cagreements%cdisagreements%cpercent%ckappa%calpha%cviolations%s", sep, sep,
	          sep, sep, sep, sep, eol);
	for (size_t i = 0; i < a->nrows; i++) {
		const struct agree_row *r = &a->rows[i];
		report_csv_text(out, r->id, strlen(r->id), tsv);
		sb_addc(out, sep);
		report_csv_text(out, row_name(r), strlen(row_name(r)), tsv);
		sb_printf(out, "%c%d%c%s%c%zu", sep, r->depth, sep, r->theme ? "true" : "false",
		          sep, r->tab.units);
		for (size_t k = 0; k < a->ncoders; k++)
			sb_printf(out, "%c%zu", sep, r->tab.coded[k]);
		sb_printf(out, "%c%zu%c%zu", sep, r->tab.agreements, sep, r->tab.disagreements);
		csv_stat(out, sep, r->st.percent);
		csv_stat(out, sep, r->st.kappa);
		csv_stat(out, sep, r->st.alpha);
		sb_printf(out, "%c%zu%s", sep, r->violations, eol);
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
	report_json_str(out, r->id);
	sb_adds(out, ", \"name\": ");
	report_json_str(out, row_name(r));
	sb_printf(out, ", \"depth\": %d, \"theme\": %s, \"units\": %zu, \"coded\": {", r->depth,
	          r->theme ? "true" : "false", r->tab.units);
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, k ? ", " : "");
		report_json_str(out, a->coders[k]);
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
		report_json_str(out, a->skipped[i].doc);
		sb_adds(out, ", \"coders\": [");
		for (size_t k = 0; k < a->skipped[i].ncoders; k++) {
			sb_adds(out, k ? ", " : "");
			report_json_str(out, a->skipped[i].coders[k]);
		}
		sb_adds(out, "]}");
	}
	sb_adds(out, a->nskipped ? "\n  ],\n" : "],\n");
}

static void report_json(struct strbuf *out, const struct agree *a)
{
	sb_printf(out, "{\n  \"unit\": \"%s\",\n  \"coders\": [", agree_unit_name(a->unit));
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_adds(out, k ? ", " : "");
		report_json_str(out, a->coders[k]);
	}
	sb_printf(out, "],\n  \"documents\": %zu,\n  \"theme_as_variable\": %s,\n", a->ndocs,
	          a->theme_as_variable ? "true" : "false");
	json_skipped(out, a);
	sb_adds(out, "  \"rows\": [");
	for (size_t i = 0; i < a->nrows; i++) {
		sb_adds(out, i ? ",\n" : "\n");
		json_row(out, a, &a->rows[i]);
	}
	sb_adds(out, a->nrows ? "\n  ]\n}\n" : "]\n}\n");
}

static void report_markdown(struct strbuf *out, const struct agree *a)
{
	sb_adds(out, "| code | units |");
	for (size_t k = 0; k < a->ncoders; k++) {
		sb_addc(out, ' ');
		report_md_text(out, a->coders[k]);
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
		report_md_text(out, row_name(r));
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
	list_skipped(out, a, "");
}

static void report_agree(struct strbuf *out, const struct agree *a, enum report_format f)
{
	switch (f) {
	case REPORT_TABLE:
		report_table(out, a);
		break;
	case REPORT_CSV:
	case REPORT_TSV:
		report_csv(out, a, f == REPORT_TSV);
		break;
	case REPORT_JSON:
		report_json(out, a);
		break;
	case REPORT_MARKDOWN:
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
	pad(out, indent);
	used = indent + report_fit(&tmp, row_name(r), name - indent);
	sb_add(out, tmp.data, tmp.len);
	pad(out, name > used ? name - used : 0);
	sb_printf(out, "  %6zu  %6zu  %6zu", f.tp, f.fp, f.fn);
	add_stat(out, f.precision, "  %9.3f", "          -");
	add_stat(out, f.recall, "  %6.3f", "       -");
	add_stat(out, f.f1, "  %6.3f", "       -");
	sb_addc(out, '\n');
	sb_done(&tmp);
}

static void report_prf(struct strbuf *out, const struct agree *a)
{
	size_t name = 9;

	for (size_t i = 0; i < a->nrows; i++) {
		struct strbuf tmp = STRBUF_INIT;
		size_t w = report_fit(&tmp, row_name(&a->rows[i]), NAME_COLS) +
		           (a->rows[i].code >= 0 ? 2 * (size_t)a->rows[i].depth : 0);
		if (w > name)
			name = w > NAME_COLS ? NAME_COLS : w;
		sb_done(&tmp);
	}
	sb_adds(out, "\nprecision and recall of ");
	cli_add_safe(out, a->coders[1], strlen(a->coders[1]));
	sb_adds(out, " against the reference ");
	cli_add_safe(out, a->coders[0], strlen(a->coders[0]));
	sb_printf(out, " by %s\n", agree_unit_name(a->unit));
	sb_adds(out, "code");
	pad(out, name - 4);
	sb_adds(out, "      tp      fp      fn  precision  recall      F1\n");
	for (size_t i = 0; i < a->nrows; i++)
		prf_row(out, &a->rows[i], name);
}

/* reference_coders: [reference, candidate] from --reference R and the one other --coder;
 * -1, or a usage error's status */
static int reference_coders(const struct args *a, const char *pair[2])
{
	pair[0] = a->reference;
	pair[1] = NULL;
	if (!codings_coder_valid(a->reference))
		return cli_usage_error("invalid coder name '%s'", a->reference);
	if (a->format && strcmp(a->format, "table") != 0)
		return cli_usage_error("--reference gives a table only, not '%s'", a->format);
	if (a->theme_var)
		return cli_usage_error("%s--reference compares codes, not --theme-as-variable", "");
	for (size_t i = 0; i < a->ncoders; i++) {
		if (strcmp(a->coders[i], a->reference) == 0)
			continue;
		if (pair[1])
			return cli_usage_error("--reference measures one coder: '%s' is a second",
			                       a->coders[i]);
		pair[1] = a->coders[i];
	}
	if (!pair[1])
		return cli_usage_error("--reference needs the coder to measure: add --coder%s", "");
	return -1;
}

/* ---- the command -------------------------------------------------------------------- */

static int agree_usable(const struct project *p, const struct args *a)
{
	if (!p->cb || p->cb_errors) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, p->codebook_path, strlen(p->codebook_path));
		fprintf(stderr, "gloss: %s %s; no agreement computed (see gloss check)\n", sb.data,
		        p->cb ? "has errors" : "could not be loaded");
		sb_done(&sb);
		return GLOSS_EXIT_PROBLEMS;
	}
	if (a->ncoders == 0 && p->ncoders < 2) {
		fprintf(stderr, "gloss: agreement needs two coders; %s\n",
		        p->ncoders ? "only one has codings files" : "nobody has codings files");
		return GLOSS_EXIT_PROBLEMS;
	}
	if (a->ncoders == 0 && p->ncoders > AGREE_MAX_CODERS) {
		fprintf(stderr, "gloss: %zu coders; choose at most %d with --coder\n", p->ncoders,
		        AGREE_MAX_CODERS);
		return GLOSS_EXIT_USAGE;
	}
	for (size_t i = 0; p->cb && i < a->ncodes; i++) {
		int c = codebook_find(p->cb, a->codes[i]);
		if (c < 0)
			return cli_usage_error("no code '%s' in the codebook", a->codes[i]);
		if (a->theme_var && p->cb->codes[c].nchildren == 0)
			return cli_usage_error("'%s' is not a theme (--theme-as-variable compares "
			                       "themes)",
			                       a->codes[i]);
	}
	return -1;
}

static int agree_print(const struct project *p, const struct args *a, enum agree_unit unit,
                       enum report_format fmt, const char **pair)
{
	struct agree_opts o = {unit,      a->coders,    a->ncoders, a->codes,
	                       a->ncodes, a->theme_var, true};
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct agree *ag;
	int rc;

	if (a->reference)
		o.coders = pair, o.ncoders = 2;
	ag = agree_run(p, &o);
	report_agree(&out, ag, fmt);
	if (a->reference)
		report_prf(&out, ag);
	rc = cli_write_out(&out);
	if (fmt == REPORT_CSV || fmt == REPORT_TSV) /* the other formats list them */
		list_skipped(&err, ag, "gloss: ");
	fputs(err.len ? err.data : "", stderr);
	if (ag->ndocs == 0)
		fputs("gloss: warning: no document was coded by two of the coders compared\n",
		      stderr);
	if (ag->drifted)
		fprintf(stderr, "gloss: %zu drifted coding%s left out (see gloss check)\n",
		        ag->drifted, ag->drifted == 1 ? "" : "s");
	if (ag->unknown)
		fprintf(stderr, "gloss: %zu coding%s with codes not in the codebook left out\n",
		        ag->unknown, ag->unknown == 1 ? "" : "s");
	agree_free(ag);
	sb_done(&out);
	sb_done(&err);
	if (rc == GLOSS_EXIT_OK && p->diags.errors)
		rc = GLOSS_EXIT_PROBLEMS;
	return rc;
}

static int agree_args(const struct args *a, enum agree_unit *unit, enum report_format *fmt)
{
	int rc;

	if (a->format && !report_format_parse(a->format, fmt))
		return cli_usage_error(
		    "unknown format '%s' (use table, csv, tsv, json or markdown)", a->format);
	if (a->unit && !agree_unit_parse(a->unit, unit))
		return cli_usage_error("unknown unit '%s' (use turn, sentence, line or character)",
		                       a->unit);
	if ((rc = cli_check_coders(a)) >= 0)
		return rc;
	for (size_t i = 0; i < a->ncoders; i++)
		for (size_t k = 0; k < i; k++)
			if (strcmp(a->coders[i], a->coders[k]) == 0)
				return cli_usage_error("coder '%s' is given twice", a->coders[i]);
	if (a->ncoders == 1 && !a->reference)
		return cli_usage_error("agreement needs two coders: add another --coder%s", "");
	if (a->ncoders > AGREE_MAX_CODERS)
		return cli_usage_error("too many coders (at most 32)%s", "");
	return -1;
}

int cmd_agree(struct args *a)
{
	enum agree_unit unit = AGREE_TURN;
	enum report_format fmt = REPORT_TABLE;
	struct project_opts po = {0};
	struct project *p;
	struct diags d;
	const char *pair[2];
	int rc;

	if ((rc = agree_args(a, &unit, &fmt)) >= 0)
		return rc;
	if (a->reference && (rc = reference_coders(a, pair)) >= 0)
		return rc;
	cli_project_opts(&po, a, a->pos, a->npos, true);
	if (a->reference)
		po.coders = pair, po.ncoders = 2;
	po.no_words = true;
	po.each = agree_prepare; /* each document's units, in the loading threads */
	po.each_ctx = &unit;
	po.drop = true;
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = agree_usable(p, a);
	if (rc < 0)
		rc = agree_print(p, a, unit, fmt, pair);
	agree_prepared_free(p);
	project_free(p);
	return rc;
}
