/* cmd_quotes.c — gloss quotes: the coded passages of codes, in full, with their metadata;
 * and gloss memos (cmd_memos.c), which lists the same records one memo at a time. The
 * passages come from the core retrieval (quotes.h), the formats from report_quotes.c; text
 * on a terminal goes through the pager (pager.h). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "pager.h"
#include "report.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

#define WRAP_MIN 40
#define QUOTES_FORMATS "text, markdown, csv, tsv, json or html"
#define WRAP_DEFAULT 80

const char cmd_quotes_help[] =
    "usage: gloss quotes [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                    [--format FORMAT] [-v] [CODE...] [PATH...]\n"
    "\n"
    "Print every coded passage of the CODEs (a theme stands for its whole subtree; no\n"
    "CODE: every code), in full, grouped by code in codebook order, then by document\n"
    "and position. An argument that names an existing file or directory is a PATH\n"
    "(transcripts to read, as for tally), any other a CODE. A passage coded with one\n"
    "code by several coders is printed once. Each passage comes with its document, the\n"
    "document's front-matter attributes, its line, the speaker(s) and timestamp of its\n"
    "turn(s), the coders who applied the code, their memos, and the other codes whose\n"
    "codings overlap it. Drifted and ambiguous codings are not quoted; standard error\n"
    "says how many.\n"
    "\n"
    "options:\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        only this coder's codings; repeat for several\n"
    "  --where ATTR=VALUE  only documents whose front matter has ATTR: VALUE; repeat\n"
    "                      for several: conditions on different attributes must all\n"
    "                      hold, several values of one attribute are alternatives\n"
    "  --format FORMAT     text (default), markdown, csv, tsv, json or html\n"
    "  -v, --verbose       also report codings that were re-anchored, drifted or\n"
    "                      ambiguous, one by one\n"
    "  -h, --help          show this help\n"
    "\n"
    "formats:\n"
    "  text      for reading: wrapped to the terminal's width (80 columns when not a\n"
    "            terminal); on a terminal the output goes through $PAGER (less when\n"
    "            unset; PAGER=cat or empty: no pager)\n"
    "  markdown  one section per code, each passage a blockquote with an attribution\n"
    "            line, memos as a list\n"
    "  csv       RFC 4180, CRLF line ends, one passage a row; columns code,name,\n"
    "            document,path,line,line_end,speakers,timestamp,coders,memos,\n"
    "            other_codes, attr.KEY for each front-matter attribute KEY, then text\n"
    "            (lists separated by ';', memos as CODER: MEMO, one a line)\n"
    "  tsv       the same separated by tabs (tabs and line breaks as spaces)\n"
    "  json      {\"quotes\": [{\"code\", \"name\", \"document\", \"path\", \"attributes\",\n"
    "            \"line\", \"line_end\", \"speakers\", \"timestamp\", \"codings\": [{\"coder\",\n"
    "            \"memo\", \"created\"}], \"other_codes\", \"text\"}], \"skipped\"}\n"
    "  html      one self-contained page (no external scripts, styles or fonts) with a\n"
    "            table of contents by theme\n"
    "Text from the files is escaped for each format; control characters are shown as\n"
    "visible symbols; CSV and TSV cells that a spreadsheet would take for a formula get a\n"
    "leading '.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, or some file could not be read or\n"
    "parsed; 2 usage error; 3 the output could not be written.\n";

/* ---- the command ---- */

/* split_args: positional arguments naming existing files or directories are PATHs, the
 * others CODEs */
static void split_args(const struct args *a, const char ***codes, size_t *ncodes,
                       const char ***paths, size_t *npaths)
{
	size_t capc = 0, capp = 0;

	for (size_t i = 0; i < a->npos; i++) {
		struct stat st;
		if (stat(a->pos[i], &st) == 0)
			VEC_PUSH(*paths, *npaths, capp, a->pos[i]);
		else
			VEC_PUSH(*codes, *ncodes, capc, a->pos[i]);
	}
}

static int parse_wheres(const struct args *a, struct quotes_where *w)
{
	for (size_t i = 0; i < a->nwheres; i++) {
		const char *eq = strchr(a->wheres[i], '=');
		if (!eq || eq == a->wheres[i])
			return cli_usage_error("invalid --where '%s' (use ATTR=VALUE)",
			                       a->wheres[i]);
		w[i].key = xstrndup(a->wheres[i], (size_t)(eq - a->wheres[i]));
		w[i].value = eq + 1;
	}
	return -1;
}

static void warn_codes(const struct project *p, const struct quote_list *q)
{
	for (size_t i = 0; i < q->nids; i++) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, q->ids[i], strlen(q->ids[i]));
		fprintf(stderr, "gloss: warning: no code '%s' in %s\n", sb.data,
		        path_basename(p->codebook_path));
		sb_done(&sb);
	}
}

/* warn_wheres: a --where attribute that no transcript has is most likely a typo */
static void warn_wheres(const struct project *p, const struct quotes_opts *qo)
{
	for (size_t i = 0; i < qo->nwhere; i++) {
		bool found = false;
		struct strbuf sb = STRBUF_INIT;
		for (size_t d = 0; d < p->ndocs && !found; d++)
			found = transcript_attr(p->docs[d].t, qo->where[i].key) != NULL;
		if (found)
			continue;
		cli_add_safe(&sb, qo->where[i].key, strlen(qo->where[i].key));
		fprintf(stderr, "gloss: warning: no transcript has the attribute '%s'\n", sb.data);
		sb_done(&sb);
	}
}

/* quotes_print: the report, written as it is made (to the pager on a terminal) */
static int quotes_print(struct quotes_report *r, enum emit_format fmt)
{
	struct strbuf out = STRBUF_INIT;
	FILE *pager;
	int rc = GLOSS_EXIT_OK;

	r->width = cli_terminal_width();
	if (r->width <= 0)
		r->width = WRAP_DEFAULT;
	if (r->width < WRAP_MIN)
		r->width = WRAP_MIN;
	pager = pager_open();
	r->fp = pager ? pager : stdout;
	report_quotes(r, fmt, &out);
	if (pager) {
		fwrite(out.data, 1, out.len, pager);
		pager_close(pager);
	} else {
		rc = cli_write_out(&out);
	}
	sb_done(&out);
	return rc;
}

static int quotes_run(struct args *a, bool memos, const char *const *paths, size_t npaths,
                      struct quotes_opts *qo, enum emit_format fmt)
{
	struct project_opts po = {0};
	struct project *p;
	struct quote_list *q;
	struct diags d;
	int rc;

	cli_project_opts(&po, a, paths, npaths, true);
	po.no_words = true; /* quotes count no words */
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "quoted");
	if (rc < 0) {
		struct quotes_report r = {p, NULL, memos, 0, NULL};
		qo->memos_only = memos;
		q = quotes_collect(p, qo);
		warn_codes(p, q);
		warn_wheres(p, qo);
		r.q = q;
		rc = quotes_print(&r, fmt);
		if (q->skipped)
			fprintf(
			    stderr,
			    "gloss: %zu drifted or ambiguous coding%s not %s (see gloss check)\n",
			    q->skipped, q->skipped == 1 ? "" : "s", memos ? "listed" : "quoted");
		quotes_free(q);
		if (rc == GLOSS_EXIT_OK && p->diags.errors)
			rc = GLOSS_EXIT_PROBLEMS;
	}
	project_free(p);
	return rc;
}

int cmd_quotes_run(struct args *a, bool memos)
{
	struct quotes_opts qo = QUOTES_OPTS_INIT;
	enum emit_format fmt = EMIT_TEXT;
	const char **codes = NULL, **paths = NULL;
	size_t ncodes = 0, npaths = 0;
	struct quotes_where *w = xcalloc(a->nwheres + 1, sizeof(*w));
	int rc = -1;

	if (a->format && !emit_format_parse(a->format, QUOTES_FORMATS, &fmt))
		rc = emit_format_error(a->format, QUOTES_FORMATS);
	if (rc < 0)
		rc = cli_check_coders(a);
	if (rc < 0)
		rc = parse_wheres(a, w);
	if (rc < 0) {
		split_args(a, &codes, &ncodes, &paths, &npaths);
		qo.codes = codes;
		qo.ncodes = ncodes;
		qo.where = w;
		qo.nwhere = a->nwheres;
		rc = quotes_run(a, memos, paths, npaths, &qo, fmt);
	}
	for (size_t i = 0; i < a->nwheres; i++)
		free((char *)w[i].key);
	free(w);
	free(codes);
	free(paths);
	return rc;
}

int cmd_quotes(struct args *a)
{
	return cmd_quotes_run(a, false);
}
