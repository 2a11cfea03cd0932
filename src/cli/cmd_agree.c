/* cmd_agree.c — gloss agree: inter-coder agreement (the core is agree.c). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/prf.h"
#include "gloss/project.h"
#include "gloss/settings.h"
#include "report.h"
#include "gloss/util.h"

#define AGREE_MAX_CODERS 32

const char cmd_agree_help[] =
    "usage: gloss agree [--coder NAME]... [--unit UNIT] [--code ID]... [--theme-as-variable]\n"
    "                   [--uncoded none|missing] [--speaker NAME]... [--not-speaker NAME]...\n"
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
    "                        missing when none (see --uncoded), a violation (counted,\n"
    "                        then missing) when several\n"
    "  --uncoded none|missing  with --theme-as-variable: a unit a coder left uncoded has\n"
    "                        the value 'none' (so it is compared), or is missing (the\n"
    "                        default); the output says which\n"
    "  --speaker NAME        only the units in turns of this speaker (ASCII case\n"
    "                        ignored); repeat. For --unit sentence, line, character:\n"
    "                        those that start in such a turn\n"
    "  --not-speaker NAME    not the units in turns of this speaker; repeat. Both\n"
    "                        replace gloss.yaml's agree: speakers and not_speakers\n"
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
    "percent,kappa,alpha,violations (then uncoded with --theme-as-variable: none or\n"
    "missing; an undefined statistic is an empty cell; skipped\n"
    "documents go to standard error); json {\"unit\", \"coders\", \"documents\",\n"
    "\"theme_as_variable\", \"uncoded\" (with it), \"speakers\", \"not_speakers\", \"skipped\":\n"
    "[{\"document\", \"coders\"}], \"rows\": [{\"id\",\n"
    "\"name\", \"depth\", \"theme\", \"units\", \"coded\": {CODER: n}, \"agreements\",\n"
    "\"disagreements\", \"percent\", \"kappa\", \"p_o\", \"p_e\", \"alpha\",\n"
    "\"pairable_values\", \"d_o\", \"d_e\", \"violations\"}]} (null when undefined; p_o and\n"
    "p_e are kappa's observed and chance agreement, d_o and d_e alpha's observed and\n"
    "expected disagreement, so that alpha = 1 - d_o / d_e); markdown a GitHub table.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, fewer than two coders coded anything,\n"
    "or some file could not be read or parsed; 2 usage error; 3 the output could not be\n"
    "written.\n";

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

/* warn_speakers: a --speaker or --not-speaker name that no turn has is most likely a typo */
static void warn_speakers(const struct agree *ag)
{
	const struct agree_speakers *sp = &ag->speakers;

	for (size_t k = 0; k < sp->nonly + sp->nbut_not; k++) {
		const char *name = k < sp->nonly ? sp->only[k] : sp->but_not[k - sp->nonly];
		struct strbuf sb = STRBUF_INIT;
		if (ag->speaker_seen[k])
			continue;
		cli_add_safe(&sb, name, strlen(name));
		fprintf(stderr, "gloss: warning: no turn of speaker '%s' in the documents\n",
		        sb.data);
		sb_done(&sb);
	}
}

static int agree_print(const struct project *p, const struct args *a, struct agree_opts *o,
                       enum emit_format fmt)
{
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	struct agree *ag;
	int rc;

	ag = agree_run(p, o);
	warn_speakers(ag);
	report_agree(&out, ag, fmt);
	if (a->reference)
		report_prf(&out, ag);
	rc = cli_write_out(&out);
	if (fmt == EMIT_CSV || fmt == EMIT_TSV) /* the other formats list them */
		report_agree_skipped(&err, ag, "gloss: ");
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

static int agree_args(const struct args *a, enum agree_unit *unit, enum emit_format *fmt)
{
	int rc;

	if (a->uncoded && strcmp(a->uncoded, "none") != 0 && strcmp(a->uncoded, "missing") != 0)
		return cli_usage_error("--uncoded is none or missing, not '%s'", a->uncoded);
	if (a->uncoded && !a->theme_var)
		return cli_usage_error("--uncoded goes with --theme-as-variable%s", "");
	for (size_t i = 0; i < a->nspeakers + a->nnot_speakers; i++) {
		const char *s =
		    i < a->nspeakers ? a->speakers[i] : a->not_speakers[i - a->nspeakers];
		if (!*s || strchr(s, '\n'))
			return cli_usage_error("a speaker is a name on one line, not '%s'", s);
	}

	if (a->format && !emit_format_parse(a->format, EMIT_TABLES, fmt))
		return emit_format_error(a->format, EMIT_TABLES);
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

/* agree_speakers_of: --speaker and --not-speaker, else gloss.yaml's agree: speakers and
 * not_speakers (the command line replaces them both) */
static struct agree_speakers agree_speakers_of(const struct args *a, const struct settings *st)
{
	struct agree_speakers sp = {(const char *const *)st->agree_speakers, st->nagree_speakers,
	                            (const char *const *)st->agree_not_speakers,
	                            st->nagree_not_speakers};

	if (a->nspeakers + a->nnot_speakers > 0)
		sp = (struct agree_speakers){a->speakers, a->nspeakers, a->not_speakers,
		                             a->nnot_speakers};
	return sp;
}

int cmd_agree(struct args *a)
{
	enum emit_format fmt = EMIT_TEXT;
	struct agree_opts o = {.unit = AGREE_TURN,
	                       .coders = a->coders,
	                       .ncoders = a->ncoders,
	                       .codes = a->codes,
	                       .ncodes = a->ncodes,
	                       .theme_as_variable = a->theme_var,
	                       .prepared = true};
	struct project_opts po = {0};
	struct settings st;
	struct project *p;
	struct diags d;
	const char *pair[2];
	int rc;

	if ((rc = agree_args(a, &o.unit, &fmt)) >= 0)
		return rc;
	if (a->reference && (rc = reference_coders(a, pair)) >= 0)
		return rc;
	o.uncoded_none = a->uncoded && strcmp(a->uncoded, "none") == 0;
	diags_init(&d);
	settings_load(&st, SETTINGS_FILE, &d); /* before the loading threads cut units */
	cli_print_load_diags(&d, a->verbose);
	diags_done(&d);
	o.speakers = agree_speakers_of(a, &st);
	cli_project_opts(&po, a, a->pos, a->npos, true);
	if (a->reference)
		po.coders = pair, po.ncoders = 2, o.coders = pair, o.ncoders = 2;
	po.no_words = true;
	po.each = agree_prepare; /* each document's units, in the loading threads */
	po.each_ctx = &o;
	po.drop = true;
	po.settings = &st;
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p) {
		settings_done(&st);
		return cli_fatal(&d);
	}
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = agree_usable(p, a);
	if (rc < 0)
		rc = agree_print(p, a, &o, fmt);
	agree_prepared_free(p);
	project_free(p);
	settings_done(&st);
	return rc;
}
