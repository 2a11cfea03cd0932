/* cmd_tally.c — gloss tally: counts of codes and themes. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/cooccur.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "report.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

const char cmd_tally_help[] =
    "usage: gloss tally [--codebook FILE] [--coder NAME]... [--by GROUP [--count WHAT]]\n"
    "                   [--cooccur [--unit UNIT]] [--format FORMAT] [-v] [PATH...]\n"
    "\n"
    "Count how often each code and theme of the codebook was applied in the transcripts\n"
    "given as PATHs (files, or directories searched recursively for *.txt), or in\n"
    "transcripts/ when no PATH is given. One row per code, in codebook order:\n"
    "  passages  distinct coded segments (document, start, end), whichever coder made\n"
    "            them; a theme counts the segments coded with it or with any code below\n"
    "            it, each segment once\n"
    "  docs      documents with at least one such passage\n"
    "  speakers  distinct speaker names whose turns overlap those passages\n"
    "  words     words inside those passages, overlapping passages counted once, turn\n"
    "            labels excluded\n"
    "  share     those words as a share of all words of the documents tallied\n"
    "Codes found in codings but not in the codebook follow as rows of their own\n"
    "('? ID (not in codebook)'), sorted by id. Drifted codings (whose quote is no longer\n"
    "found in the transcript) are not counted; standard error says how many there were\n"
    "(gloss check lists them). A final line gives the documents, their words and the\n"
    "distinct coded passages.\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  --coder NAME      count only this coder's codings; repeat for several\n"
    "                    (default: every coder)\n"
    "  --by GROUP        passages per group instead of the statistics: document,\n"
    "                    speaker, coder, or a front-matter attribute such as role\n"
    "                    (documents without it are in the group \"(none)\"); groups are\n"
    "                    sorted by name; a passage spanning turns of two speakers counts\n"
    "                    for both; a total column gives the row's own figure\n"
    "  --count WHAT      what a --by cell counts: passages (default), documents (in\n"
    "                    which the code has a passage in the group), speakers\n"
    "                    (distinct speakers of its passages in the group) or words\n"
    "                    (inside the union of its passages in the group)\n"
    "  --cooccur         a code x code matrix instead (themes rolled up): each cell\n"
    "                    counts, for the row's code and the column's, in the --unit:\n"
    "                      passage   pairs of a passage of one and a passage of the\n"
    "                                other that share at least one character (a\n"
    "                                segment coded with both is one pair)\n"
    "                      turn      speaker turns touched by a passage of each\n"
    "                      document  documents with a passage of each\n"
    "                    the diagonal is the code's own count: passages, turns\n"
    "                    touched, documents\n"
    "  --unit UNIT       passage (default), turn or document\n"
    "  --format FORMAT   table (default), csv, tsv, json or markdown\n"
    "  -v, --verbose     also report codings that were re-anchored, drifted or ambiguous,\n"
    "                    one by one\n"
    "  -h, --help        show this help\n"
    "\n"
    "formats:\n"
    "  table     names indented under their themes and cut to 40 columns, share as a\n"
    "            percentage, a bar of passages; with --by, one column per group (names\n"
    "            cut to 12 columns) and a total\n"
    "  csv       RFC 4180 with CRLF line ends; columns id,name,parent,depth,theme,\n"
    "            unknown,passages,documents,speakers,words,share (theme and unknown are\n"
    "            true/false, share a fraction with 4 decimals); with --by:\n"
    "            id,name,parent,depth,GROUP...,total\n"
    "  tsv       the same columns separated by tabs, LF line ends; tabs and line breaks\n"
    "            inside fields become spaces\n"
    "  json      {\"by\", \"groups\", \"total_words\", \"documents\", \"codes\": [{\"id\",\n"
    "            \"name\", \"parent\", \"depth\", \"theme\", \"unknown\", \"passages\",\n"
    "            \"documents\", \"speakers\", \"words\", \"share\", \"by\"}]}; \"by\" is null\n"
    "            without --by, else {GROUP: count, ...} (and \"count\": WHAT when\n"
    "            --count is not passages); one code per line\n"
    "  markdown  a GitHub table with the table's columns (no bar)\n"
    "With --cooccur: table and markdown have a column per code (headed by its id), csv\n"
    "and tsv the columns id,name,parent,depth and one per code id, json {\"unit\",\n"
    "\"documents\", \"columns\": [ids], \"codes\": [{\"id\", ..., \"cells\": [...]}]}.\n"
    "In CSV and TSV a text cell that a spreadsheet would take for a formula (starting\n"
    "with = + - @, tab or carriage return) gets a leading '.\n"
    "\n"
    "Errors and warnings about the input go to standard error.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors (nothing is tallied), no transcript\n"
    "could be loaded, or some file could not be read or parsed; 2 usage error (also when\n"
    "several codebooks need --codebook); 3 the output could not be written.\n";

/* stream: one pass over the documents as they are loaded, each thread adding to its own
 * accumulators; every document is dropped once counted, so the memory is that of the
 * counts and of a few transcripts, whatever the number of documents */
struct stream {
	const struct tally_opts *to;
	bool cooccur;
	enum cooccur_unit unit;
	const struct codebook *cb;
	struct tally_acc *acc[PROJECT_MAX_THREADS];
	struct cooccur_acc *co[PROJECT_MAX_THREADS];
	bool attr_seen[PROJECT_MAX_THREADS];
	size_t edited[PROJECT_MAX_THREADS];
};

static void stream_start(void *ctx, const struct project *p)
{
	struct stream *st = ctx;

	st->cb = p->cb;
}

static void stream_each(void *ctx, unsigned w, struct doc *doc)
{
	struct stream *st = ctx;

	if (!st->acc[w])
		st->acc[w] = tally_acc_new(st->cb, st->to);
	tally_acc_doc(st->acc[w], doc);
	if (st->cooccur) {
		if (!st->co[w])
			st->co[w] = cooccur_acc_new(st->cb, st->unit);
		cooccur_acc_doc(st->co[w], doc);
	}
	if (st->to->by == TALLY_BY_ATTR && transcript_attr(doc->t, st->to->attr))
		st->attr_seen[w] = true;
	for (size_t s = 0; s < doc->nsets; s++)
		for (size_t i = 0; i < doc->sets[s]->len; i++)
			st->edited[w] += doc->sets[s]->items[i].status == CODING_EDITED;
}

static void stream_done(struct stream *st)
{
	for (size_t w = 0; w < PROJECT_MAX_THREADS; w++) {
		tally_acc_free(st->acc[w]);
		cooccur_acc_free(st->co[w]);
	}
}

static int tally_print(const struct project *p, const struct args *a, struct stream *st,
                       enum emit_format fmt)
{
	struct strbuf out = STRBUF_INIT;
	const struct tally_opts *to = st->to;
	struct tally *t;
	bool attr_seen = false;
	size_t edited = 0;
	int rc;

	for (size_t w = 0; w < PROJECT_MAX_THREADS; w++) {
		attr_seen |= st->attr_seen[w];
		edited += st->edited[w];
	}
	if (to->by == TALLY_BY_ATTR && !attr_seen) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, to->attr, strlen(to->attr));
		fprintf(stderr, "gloss: warning: no transcript has the attribute '%s'\n", sb.data);
		sb_done(&sb);
	}
	t = tally_acc_finish(st->acc, PROJECT_MAX_THREADS, p, to);
	if (a->cooccur) {
		struct cooccur *c = cooccur_acc_finish(st->co, PROJECT_MAX_THREADS, t, st->unit);
		report_cooccur(&out, t, c, fmt);
		cooccur_free(c);
	} else {
		report_tally(&out, t, fmt, cli_terminal_width());
	}
	rc = cli_write_out(&out);
	if (t->drifted)
		fprintf(stderr, "gloss: %zu drifted coding%s not counted (see gloss check)\n",
		        t->drifted, t->drifted == 1 ? "" : "s");
	if (t->ambiguous)
		fprintf(stderr, "gloss: %zu ambiguous coding%s not counted (see gloss check)\n",
		        t->ambiguous, t->ambiguous == 1 ? "" : "s");
	if (a->verbose && edited)
		fprintf(stderr,
		        "gloss: %zu coding%s re-anchored with changes, counted (see gloss "
		        "check)\n",
		        edited, edited == 1 ? "" : "s");
	tally_free(t);
	sb_done(&out);
	if (rc == GLOSS_EXIT_OK && p->diags.errors)
		rc = GLOSS_EXIT_PROBLEMS;
	return rc;
}

/* tally_args: --count, --cooccur and --unit, checked against each other */
static int tally_args(const struct args *a, struct tally_opts *to)
{
	enum cooccur_unit u;

	if (a->count_by && !tally_count_parse(a->count_by, &to->count))
		return cli_usage_error(
		    "unknown count '%s' (use passages, documents, speakers or words)", a->count_by);
	if (a->count_by && to->by == TALLY_BY_NONE)
		return cli_usage_error("--count needs --by GROUP%s", "");
	if (a->unit && !cooccur_unit_parse(a->unit, &u))
		return cli_usage_error("unknown unit '%s' (use passage, turn or document)",
		                       a->unit);
	if (a->unit && !a->cooccur)
		return cli_usage_error("--unit needs --cooccur%s", "");
	if (a->cooccur && to->by != TALLY_BY_NONE)
		return cli_usage_error("--cooccur and --by cannot be combined%s", "");
	return -1;
}

int cmd_tally(struct args *a)
{
	struct tally_opts to = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct project_opts po = {0};
	struct stream st = {0};
	enum emit_format fmt = EMIT_TEXT;
	struct project *p;
	struct diags d;
	int rc;

	if (a->format && !emit_format_parse(a->format, EMIT_TABLES, &fmt))
		return emit_format_error(a->format, EMIT_TABLES);
	if (a->by && !*a->by)
		return cli_usage_error("empty group for --by%s", "");
	tally_by_parse(a->by, &to);
	if ((rc = tally_args(a, &to)) >= 0 || (rc = cli_check_coders(a)) >= 0)
		return rc;
	cli_project_opts(&po, a, a->pos, a->npos, true);
	st.to = &to;
	st.cooccur = a->cooccur;
	cooccur_unit_parse(a->unit, &st.unit);
	po.start = stream_start;
	po.each = stream_each; /* counted in the loading threads, */
	po.each_ctx = &st;
	po.drop = true; /* then dropped */
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p) {
		stream_done(&st);
		return cli_fatal(&d);
	}
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "tallied");
	if (rc < 0)
		rc = tally_print(p, a, &st, fmt);
	stream_done(&st);
	project_free(p);
	return rc;
}
