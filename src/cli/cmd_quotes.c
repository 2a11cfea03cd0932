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
    "                    [--per-coder] [--context question|N] [--attr KEY,...]\n"
    "                    [--format FORMAT] [-v] [CODE...] [PATH...]\n"
    "\n"
    "Print every coded passage of the CODEs (a theme stands for its whole subtree; no\n"
    "CODE: every code), in full, grouped by code in codebook order, then by document\n"
    "and position. An argument that names an existing file or directory is a PATH\n"
    "(transcripts to read, as for tally), any other a CODE. A passage (a segment:\n"
    "document, start, end) coded with one code by several coders is one entry listing\n"
    "every coder who applied it, so a code's entries are its passages as gloss tally\n"
    "counts them. Each passage comes with its document, the document's front-matter\n"
    "attributes, its line, the speaker(s) and timestamp of its turn(s), the coders who\n"
    "applied the code, their memos, and the other codes that those same coders applied\n"
    "to an overlapping passage (by name). Drifted and ambiguous codings are not quoted;\n"
    "standard error says how many.\n"
    "\n"
    "options:\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        only this coder's codings; repeat for several\n"
    "  --where ATTR=VALUE  only documents whose front matter has ATTR: VALUE; repeat\n"
    "                      for several: conditions on different attributes must all\n"
    "                      hold, several values of one attribute are alternatives\n"
    "  --per-coder         one entry for each coder's coding of a passage (the other\n"
    "                      codes then those of that coder)\n"
    "  --context question|N, -C question|N\n"
    "                      the turns before each passage, as written: question, those\n"
    "                      back to the nearest turn by a speaker who does not speak in\n"
    "                      the passage (the interviewer's question, as a rule); N, the\n"
    "                      N turns before the passage's first (1 to 1000)\n"
    "  --attr KEY,...      the front-matter attributes shown, in this order (empty:\n"
    "                      none); default every attribute but those gloss import\n"
    "                      writes (source, format, imported)\n"
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
    "            line, memos as a list, the context a paragraph \"*Context:* ...\"\n"
    "            before it; only what Markdown would misread is escaped\n"
    "  csv       RFC 4180, CRLF line ends, one passage a row; columns code,name,\n"
    "            document,path,line,line_end,speakers,timestamp,coders,memos,\n"
    "            other_codes (ids), context (with --context: the turns, one a\n"
    "            line), attr.KEY for each attribute shown, then text (lists separated\n"
    "            by ';', memos as CODER: MEMO, one a line)\n"
    "  tsv       the same separated by tabs (tabs and line breaks as spaces)\n"
    "  json      {\"quotes\": [{\"code\", \"name\", \"document\", \"path\", \"attributes\",\n"
    "            \"line\", \"line_end\", \"speakers\", \"timestamp\", \"codings\": [{\"coder\",\n"
    "            \"memo\", \"created\"}], \"other_codes\" (ids), \"context\": [{\"speaker\",\n"
    "            \"timestamp\", \"text\"}] (with --context), \"text\"}], \"skipped\"}\n"
    "  html      one self-contained page (no external scripts, styles or fonts) with a\n"
    "            table of contents by theme; its counts are passages as gloss tally\n"
    "            counts them (a theme's: each segment coded with it or below it once)\n"
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

/* parse_context: --context question or N (1 to 1000 turns) */
static int parse_context(const struct args *a, struct quotes_report *r)
{
	char *end;
	long n;

	r->context = QUOTES_NO_CONTEXT;
	if (!a->context)
		return -1;
	if (strcmp(a->context, "question") == 0) {
		r->context = QUOTES_QUESTION;
		return -1;
	}
	n = strtol(a->context, &end, 10);
	if (!*a->context || *end || n < 1 || n > 1000)
		return cli_usage_error("invalid --context '%s' (use question or a number of "
		                       "turns, 1 to 1000)",
		                       a->context);
	r->context = n;
	return -1;
}

/* parse_attrs: --attr KEY,... into keys (a copy of the value cut at the commas); an empty
 * value shows no attribute */
static int parse_attrs(const struct args *a, struct quotes_report *r, char **copy,
                       const char ***keys)
{
	size_t n = 0, max = 1;

	if (!a->attr)
		return -1;
	for (const char *c = a->attr; *c; c++)
		max += *c == ',';
	*copy = xstrdup(a->attr);
	*keys = xcalloc(max, sizeof(**keys)); /* never NULL: --attr was given */
	for (char *k = *copy, *next; k; k = next) {
		next = strchr(k, ',');
		if (next)
			*next++ = '\0';
		if (*k)
			(*keys)[n++] = k;
		else if (next || k != *copy) /* only a value that is empty as a whole shows none */
			return cli_usage_error("empty key in --attr '%s' (use KEY,KEY,...)",
			                       a->attr);
	}
	r->attrs = *keys;
	r->nattrs = n;
	return -1;
}

/* warn_attrs: an --attr key that no transcript has is most likely a typo */
static void warn_attrs(const struct project *p, const struct quotes_report *r)
{
	for (size_t i = 0; i < r->nattrs; i++) {
		bool found = false;
		struct strbuf sb = STRBUF_INIT;
		for (size_t d = 0; d < p->ndocs && !found; d++)
			found = transcript_attr(p->docs[d].t, r->attrs[i]) != NULL;
		if (found)
			continue;
		cli_add_safe(&sb, r->attrs[i], strlen(r->attrs[i]));
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

/* The quotes are collected in the loading threads as each document is loaded, written to
 * a temporary file and the document freed at once (quotes.h): what is held is a key a
 * quote and the window of quotes being printed, never the transcripts. */
struct qstream {
	struct quotes_stream *s;
	const struct quotes_opts *qo;
};

static void qstream_start(void *ctx, const struct project *p)
{
	struct qstream *qs = ctx;
	char *warning;

	qs->s = quotes_stream_new(p->cb, qs->qo, &warning);
	if (warning) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, warning, strlen(warning));
		fprintf(stderr, "gloss: warning: %s\n", sb.data);
		sb_done(&sb);
		free(warning);
	}
}

static void qstream_each(void *ctx, unsigned worker, struct doc *doc)
{
	quotes_stream_doc(((struct qstream *)ctx)->s, worker, doc);
}

static int quotes_run(struct args *a, struct quotes_report *r, const char *const *paths,
                      size_t npaths, struct quotes_opts *qo, enum emit_format fmt)
{
	bool memos = r->memos;
	struct project_opts po = {0};
	struct qstream qs = {NULL, qo};
	struct project *p;
	struct quote_list *q;
	struct diags d;
	int rc;

	cli_project_opts(&po, a, paths, npaths, true);
	po.no_words = true; /* quotes count no words */
	qo->memos_only = memos;
	qo->context = r->context;
	po.start = qstream_start;
	po.each = qstream_each;
	po.each_ctx = &qs;
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	q = quotes_stream_finish(qs.s, p);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "quoted");
	if (rc < 0 && q->error) {
		fprintf(stderr, "gloss: cannot keep the quotes in a temporary file: %s\n",
		        strerror(q->error));
		rc = GLOSS_EXIT_PROBLEMS;
	}
	if (rc < 0) {
		warn_codes(p, q);
		warn_wheres(p, qo);
		warn_attrs(p, r);
		r->p = p;
		r->q = q;
		rc = quotes_print(r, fmt);
		if (q->skipped)
			fprintf(
			    stderr,
			    "gloss: %zu drifted or ambiguous coding%s not %s (see gloss check)\n",
			    q->skipped, q->skipped == 1 ? "" : "s", memos ? "listed" : "quoted");
		if (rc == GLOSS_EXIT_OK && p->diags.errors)
			rc = GLOSS_EXIT_PROBLEMS;
	}
	quotes_free(q);
	project_free(p);
	return rc;
}

int cmd_quotes_run(struct args *a, bool memos)
{
	struct quotes_report r = {NULL, NULL, memos, 0, NULL, NULL, 0, QUOTES_NO_CONTEXT};
	char *attr_copy = NULL;
	const char **attr_keys = NULL;
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
	if (rc < 0)
		rc = parse_context(a, &r);
	if (rc < 0)
		rc = parse_attrs(a, &r, &attr_copy, &attr_keys);
	if (rc < 0) {
		split_args(a, &codes, &ncodes, &paths, &npaths);
		qo.codes = codes;
		qo.ncodes = ncodes;
		qo.where = w;
		qo.nwhere = a->nwheres;
		qo.per_coder = a->per_coder;
		rc = quotes_run(a, &r, paths, npaths, &qo, fmt);
	}
	free(attr_copy);
	free(attr_keys);
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
