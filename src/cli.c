/* cli.c — the headless front end: argument parsing, help texts, tally, grep and check. */
#include "gloss/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/cmd.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/report.h"
#include "gloss/search.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/tui.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#ifndef GLOSS_VERSION
#define GLOSS_VERSION "0.1.0"
#endif

#define GREP_CONTEXT_DEFAULT 30
#define GREP_CONTEXT_MAX 1000

/* ---- help texts ---- */

static const char usage_text[] =
    "usage: gloss [open] [--codebook FILE] [--coder NAME] [PATH...]\n"
    "       gloss tally [--codebook FILE] [--coder NAME]... [--by GROUP] [--format FORMAT]\n"
    "                   [-v] [PATH...]\n"
    "       gloss grep [-i] [-c] [-C N] [--codebook FILE] [--coder NAME]... PATTERN [PATH...]\n"
    "       gloss check [--codebook FILE] [PATH...]\n"
    "       gloss import [--into DIR] [--format FORMAT] [--force] FILE...\n"
    "       gloss export --qdc FILE | --qdpx FILE [--codebook FILE] [--force] [PATH...]\n"
    "       gloss help [COMMAND]\n"
    "       gloss --help | --version\n";

static const char overview_text[] =
    "\n"
    "commands:\n"
    "  open    the interactive coder (the default when no command is given)\n"
    "  tally   count codes and themes: passages, documents, speakers, words\n"
    "  grep    search the transcripts; key word in context with the codes at each match\n"
    "  check   validate the codebook, transcripts and codings\n"
    "  import  transcripts from captions, Otter, Word; projects from REFI-QDA\n"
    "  export  the codebook or the project in REFI-QDA format (.qdc, .qdpx)\n"
    "  help    describe a command: gloss help COMMAND\n"
    "\n"
    "Options may come before or after PATHs, as --opt VALUE or --opt=VALUE; '--' ends the\n"
    "options. A PATH is a transcript file, or a directory searched recursively for *.txt\n"
    "(skipping hidden entries and codings/ directories); without PATHs, transcripts/.\n"
    "The codebook is --codebook FILE, else $GLOSS_CODEBOOK, else the only codebooks/*.yaml.\n";

static const char help_open[] =
    "usage: gloss [open] [--codebook FILE] [--coder NAME] [PATH...]\n"
    "\n"
    "Open the interactive coder on the transcripts given as PATHs (files, or directories\n"
    "searched recursively for *.txt, skipping hidden entries and codings/ directories), or\n"
    "on transcripts/ when no PATH is given. 'open' may be left out when the first argument\n"
    "is an option or an existing file or directory. Standard input and output must be a\n"
    "terminal.\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  --coder NAME      whose codings to read and write, in\n"
    "                    DIR/codings/NAME/*.yaml (default: $GLOSS_CODER, else the login\n"
    "                    name, else \"coder\"); 1 to 64 of A-Z a-z 0-9 . _ -, not\n"
    "                    starting with '.'\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 ok; 1 the project could not be loaded; 2 usage error, or no terminal;\n"
    "3 a save failed (the old file is intact).\n";

static const char help_tally[] =
    "usage: gloss tally [--codebook FILE] [--coder NAME]... [--by GROUP] [--format FORMAT]\n"
    "                   [-v] [PATH...]\n"
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
    "                    for both; a total column gives the row's passages\n"
    "  --format FORMAT   table (default), csv, tsv, json or markdown\n"
    "  -v, --verbose     also report codings that were re-anchored or drifted, one by one\n"
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
    "            without --by, else {GROUP: passages, ...}; one code per line\n"
    "  markdown  a GitHub table with the table's columns (no bar)\n"
    "In CSV and TSV a text cell that a spreadsheet would take for a formula (starting\n"
    "with = + - @, tab or carriage return) gets a leading '.\n"
    "\n"
    "Errors and warnings about the input go to standard error.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors (nothing is tallied), no transcript\n"
    "could be loaded, or some file could not be read or parsed; 2 usage error (also when\n"
    "several codebooks need --codebook); 3 the output could not be written.\n";

static const char help_grep[] =
    "usage: gloss grep [-i] [-c] [-C N] [--codebook FILE] [--coder NAME]... PATTERN [PATH...]\n"
    "\n"
    "Search the transcripts (PATHs, else transcripts/) for PATTERN, a Perl-compatible\n"
    "regular expression (PCRE2, Unicode-aware), one line at a time: the front matter and\n"
    "the \"[time] SPEAKER:\" labels are not searched, and ^ and $ match at the start and\n"
    "end of the text on a line. Each match is printed on a line of its own, key word in\n"
    "context:\n"
    "\n"
    "  PATH:LINE: SPEAKER: LEFT[MATCH]RIGHT  {CODE,...}\n"
    "\n"
    "LEFT and RIGHT are up to N characters of the same line before and after the match.\n"
    "The braces list the ids of the codes whose codings (of every coder, or of the\n"
    "--coder ones; drifted codings excepted) overlap the match, sorted; they are left\n"
    "out when there are none, and SPEAKER when the line is outside any turn. When\n"
    "standard output is a terminal the match is shown in bold instead of brackets.\n"
    "Control characters are shown as visible symbols. Empty matches are not shown.\n"
    "\n"
    "options:\n"
    "  -i, --ignore-case   match regardless of case\n"
    "  -c, --count         print only PATH:N, the number of lines with a match, for each\n"
    "                      transcript (like grep -c; codings are not read)\n"
    "  -C, --context N     characters of context on each side (default 30, 0 to 1000)\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        show only this coder's codes; repeat for several\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 something matched; 1 nothing matched; 2 invalid pattern, a pattern\n"
    "that needs too much backtracking (PCRE2 match limit), or usage error.\n";

static const char help_check[] =
    "usage: gloss check [--codebook FILE] [PATH...]\n"
    "\n"
    "Load the codebook, the transcripts (PATHs, else transcripts/) and the codings of\n"
    "every coder, and print every diagnostic, notes included, sorted by file and line:\n"
    "  FILE:LINE:COL: MESSAGE            an error\n"
    "  FILE:LINE:COL: warning: MESSAGE   a warning: an unknown field or code id (kept in\n"
    "                                    the file), a drifted coding, bad encoding\n"
    "  FILE:LINE:COL: note: MESSAGE      a note: a coding found again elsewhere after\n"
    "                                    the transcript changed\n"
    "then the summary\n"
    "  checked 1 codebook (N codes), N transcripts, N codings by N coders: N errors, N\n"
    "  warnings\n"
    "and, when there are any, a line listing the drifted codings and a line listing the\n"
    "codings whose code is not in the codebook (FILE:LINE each).\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 nothing wrong; 1 errors, drifted codings or codings with codes not in\n"
    "the codebook; 2 usage error.\n";

static const char help_help[] = "usage: gloss help [COMMAND]\n"
                                "\n"
                                "Describe COMMAND (open, tally, grep, check, import, export,\n"
                                "help), or list the commands when none is given. Exit status 0;\n"
                                "2 for an unknown command.\n";

struct command_help {
	const char *name;
	const char *text;
};

static const struct command_help helps[] = {
    {"open", help_open},   {"tally", help_tally}, {"grep", help_grep},
    {"check", help_check}, {"help", help_help},
};

void cli_usage(void *fp)
{
	fputs(usage_text, (FILE *)fp);
}

static int usage_error(const char *fmt, const char *arg)
{
	struct strbuf sb = STRBUF_INIT;

	utf8_sanitize_display(&sb, arg, strlen(arg), false);
	fputs("gloss: ", stderr);
	fprintf(stderr, fmt, sb.len ? sb.data : "");
	fputc('\n', stderr);
	cli_usage(stderr);
	sb_done(&sb);
	return GLOSS_EXIT_USAGE;
}

/* commands in files of their own (cmd.h) */
static const struct cmd *const ext_cmds[] = {&cmd_import, &cmd_export};

static const struct cmd *find_ext(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(ext_cmds); i++)
		if (strcmp(ext_cmds[i]->name, name) == 0)
			return ext_cmds[i];
	return NULL;
}

static const char *help_for(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(helps); i++)
		if (strcmp(helps[i].name, name) == 0)
			return helps[i].text;
	return find_ext(name) ? find_ext(name)->help : NULL;
}

/* ---- argument parsing ---- */

enum opt_id {
	OPT_HELP,
	OPT_CODEBOOK,
	OPT_CODER,
	OPT_BY,
	OPT_FORMAT,
	OPT_VERBOSE,
	OPT_ICASE,
	OPT_CONTEXT,
	OPT_COUNT
};

struct opt_spec {
	const char *name;
	char short_name;
	bool has_arg;
	enum opt_id id;
};

static const struct opt_spec all_opts[] = {
    {"help", 'h', false, OPT_HELP},         {"codebook", 0, true, OPT_CODEBOOK},
    {"coder", 0, true, OPT_CODER},          {"by", 0, true, OPT_BY},
    {"format", 0, true, OPT_FORMAT},        {"verbose", 'v', false, OPT_VERBOSE},
    {"ignore-case", 'i', false, OPT_ICASE}, {"context", 'C', true, OPT_CONTEXT},
    {"count", 'c', false, OPT_COUNT},
};

struct args {
	unsigned allowed; /* bit per opt_id */
	bool help, verbose, icase, count;
	const char *codebook, *by, *format, *context;
	const char **coders, **pos;
	size_t ncoders, capcoders, npos, cappos;
};

static void args_done(struct args *a)
{
	free(a->coders);
	free(a->pos);
}

static const struct opt_spec *find_long(const struct args *a, const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
		if (strlen(all_opts[i].name) == n && strncmp(all_opts[i].name, name, n) == 0 &&
		    (a->allowed & (1u << all_opts[i].id)))
			return &all_opts[i];
	return NULL;
}

static const struct opt_spec *find_short(const struct args *a, char c)
{
	for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
		if (all_opts[i].short_name == c && (a->allowed & (1u << all_opts[i].id)))
			return &all_opts[i];
	return NULL;
}

static void set_opt(struct args *a, enum opt_id id, const char *val)
{
	switch (id) {
	case OPT_HELP:
		a->help = true;
		break;
	case OPT_CODEBOOK:
		a->codebook = val;
		break;
	case OPT_CODER:
		VEC_PUSH(a->coders, a->ncoders, a->capcoders, val);
		break;
	case OPT_BY:
		a->by = val;
		break;
	case OPT_FORMAT:
		a->format = val;
		break;
	case OPT_VERBOSE:
		a->verbose = true;
		break;
	case OPT_ICASE:
		a->icase = true;
		break;
	case OPT_CONTEXT:
		a->context = val;
		break;
	case OPT_COUNT:
		a->count = true;
		break;
	}
}

/* take_value: the option's value from "=value", the rest of a short cluster, or the next
 * argument; NULL when missing */
static const char *take_value(const char *inline_val, int argc, char **argv, int *i)
{
	if (inline_val)
		return inline_val;
	if (*i + 1 < argc)
		return argv[++*i];
	return NULL;
}

static int parse_long(struct args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i] + 2, *eq = strchr(arg, '=');
	const struct opt_spec *o = find_long(a, arg, eq ? (size_t)(eq - arg) : strlen(arg));
	const char *val = NULL;

	if (!o)
		return usage_error("unknown option '%s'", argv[*i]);
	if (o->has_arg) {
		val = take_value(eq ? eq + 1 : NULL, argc, argv, i);
		if (!val)
			return usage_error("option '--%s' needs a value", o->name);
	} else if (eq) {
		return usage_error("option '--%s' takes no value", o->name);
	}
	set_opt(a, o->id, val);
	return -1;
}

static int parse_short(struct args *a, int argc, char **argv, int *i)
{
	const char *arg = argv[*i];

	for (size_t k = 1; arg[k]; k++) {
		const struct opt_spec *o = find_short(a, arg[k]);
		const char *val = NULL;
		char name[3] = {'-', arg[k], '\0'};
		if (!o)
			return usage_error("unknown option '%s'", name);
		if (o->has_arg) {
			val = take_value(arg[k + 1] ? arg + k + 1 : NULL, argc, argv, i);
			if (!val)
				return usage_error("option '%s' needs a value", name);
			set_opt(a, o->id, val);
			return -1;
		}
		set_opt(a, o->id, NULL);
	}
	return -1;
}

/* parse_args: fill a from argv; -1 when done, else an exit status (message printed) */
static int parse_args(struct args *a, int argc, char **argv)
{
	bool opts_done = false;

	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		int rc = -1;
		if (!opts_done && strcmp(arg, "--") == 0)
			opts_done = true;
		else if (!opts_done && strncmp(arg, "--", 2) == 0)
			rc = parse_long(a, argc, argv, &i);
		else if (!opts_done && arg[0] == '-' && arg[1] != '\0')
			rc = parse_short(a, argc, argv, &i);
		else
			VEC_PUSH(a->pos, a->npos, a->cappos, arg);
		if (rc >= 0)
			return rc;
	}
	return -1;
}

static int check_coders(const struct args *a)
{
	for (size_t i = 0; i < a->ncoders; i++)
		if (!codings_coder_valid(a->coders[i]))
			return usage_error(
			    "invalid coder name '%s' (use 1 to 64 of A-Z a-z 0-9 . _ "
			    "-, not starting with '.')",
			    a->coders[i]);
	return -1;
}

/* ---- loading and diagnostics ---- */

static void add_safe(struct strbuf *out, const char *s, size_t n)
{
	utf8_sanitize_display(out, s, n, false);
}

static void print_diag(FILE *fp, const char *prefix, const struct diag *dg)
{
	char *s = diag_format(dg);

	fprintf(fp, "%s%s\n", prefix, s);
	free(s);
}

/* fatal: project_open failed; print why. Several codebooks is a usage problem. */
static int fatal(struct diags *d)
{
	int rc = GLOSS_EXIT_PROBLEMS;

	for (size_t i = 0; i < d->len; i++) {
		print_diag(stderr, "gloss: ", &d->items[i]);
		if (d->items[i].kind == DK_INVALID)
			rc = GLOSS_EXIT_USAGE;
	}
	diags_done(d);
	return rc;
}

/* warn_coders: a --coder NAME with no codings file at all is most likely a typo */
static void warn_coders(const struct project *p, const struct args *a)
{
	for (size_t i = 0; i < a->ncoders; i++) {
		bool found = false;
		for (size_t k = 0; k < p->ncoders && !found; k++)
			found = strcmp(p->coders[k], a->coders[i]) == 0;
		if (!found)
			fprintf(stderr, "gloss: warning: no codings by coder '%s'\n", a->coders[i]);
	}
}

/* print_load_diags: errors and warnings to stderr; notes and drift reports only when
 * verbose (drifted codings are summed up in one line instead) */
static void print_load_diags(const struct diags *d, bool verbose)
{
	for (size_t i = 0; i < d->len; i++) {
		const struct diag *dg = &d->items[i];
		if (!verbose && (dg->level == DIAG_NOTE || dg->kind == DK_DRIFT))
			continue;
		print_diag(stderr, "", dg);
	}
}

static void project_opts_from(struct project_opts *po, const struct args *a,
                              const char *const *paths, size_t npaths, bool with_coders)
{
	po->codebook = a->codebook;
	po->paths = paths;
	po->npaths = npaths;
	if (with_coders) {
		po->coders = a->coders;
		po->ncoders = a->ncoders;
	}
}

static struct project *open_project(const struct args *a, const char *const *paths, size_t npaths,
                                    bool with_coders, struct diags *d)
{
	struct project_opts po = {0};

	project_opts_from(&po, a, paths, npaths, with_coders);
	diags_init(d);
	return project_open(&po, d);
}

/* flush_out: GLOSS_EXIT_IO (with a message) when standard output could not be written */
static int flush_out(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gloss: cannot write the output: %s\n", strerror(errno));
		return GLOSS_EXIT_IO;
	}
	return rc;
}

static int write_out(const struct strbuf *sb)
{
	if (sb->len)
		fwrite(sb->data, 1, sb->len, stdout);
	return flush_out(GLOSS_EXIT_OK);
}

/* ---- tally ---- */

static int terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

static bool attr_used(const struct project *p, const char *attr)
{
	for (size_t i = 0; i < p->ndocs; i++)
		if (transcript_attr(p->docs[i].t, attr))
			return true;
	return false;
}

static int tally_checked(const struct project *p)
{
	if (!p->cb || p->cb_errors) {
		struct strbuf sb = STRBUF_INIT;
		add_safe(&sb, p->codebook_path, strlen(p->codebook_path));
		fprintf(stderr, "gloss: %s %s; nothing tallied (see gloss check)\n", sb.data,
		        p->cb ? "has errors" : "could not be loaded");
		sb_done(&sb);
		return GLOSS_EXIT_PROBLEMS;
	}
	if (p->ndocs == 0) {
		fputs("gloss: no transcript could be loaded\n", stderr);
		return GLOSS_EXIT_PROBLEMS;
	}
	return -1;
}

static int tally_print(const struct project *p, const struct args *a, struct tally_opts *to,
                       enum report_format fmt)
{
	struct strbuf out = STRBUF_INIT;
	struct tally *t;
	int rc;

	if (to->by == TALLY_BY_ATTR && !attr_used(p, to->attr)) {
		struct strbuf sb = STRBUF_INIT;
		add_safe(&sb, to->attr, strlen(to->attr));
		fprintf(stderr, "gloss: warning: no transcript has the attribute '%s'\n", sb.data);
		sb_done(&sb);
	}
	t = tally_run(p, to);
	report_tally(&out, t, fmt, terminal_width());
	rc = write_out(&out);
	if (t->drifted)
		fprintf(stderr, "gloss: %zu drifted coding%s not counted (see gloss check)\n",
		        t->drifted, t->drifted == 1 ? "" : "s");
	tally_free(t);
	sb_done(&out);
	if (rc == GLOSS_EXIT_OK && p->diags.errors)
		rc = GLOSS_EXIT_PROBLEMS;
	return rc;
}

static int cmd_tally(struct args *a)
{
	struct tally_opts to = {TALLY_BY_NONE, NULL, -1, false};
	struct project_opts po = {0};
	enum report_format fmt = REPORT_TABLE;
	struct project *p;
	struct diags d;
	int rc;

	if (a->format && !report_format_parse(a->format, &fmt))
		return usage_error("unknown format '%s' (use table, csv, tsv, json or markdown)",
		                   a->format);
	if (a->by && !*a->by)
		return usage_error("empty group for --by%s", "");
	tally_by_parse(a->by, &to);
	if ((rc = check_coders(a)) >= 0)
		return rc;
	project_opts_from(&po, a, a->pos, a->npos, true);
	po.each = tally_prepare; /* each document's own part, in the loading threads */
	to.prepared = true;
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p)
		return fatal(&d);
	diags_done(&d);
	print_load_diags(&p->diags, a->verbose);
	warn_coders(p, a);
	rc = tally_checked(p);
	if (rc < 0)
		rc = tally_print(p, a, &to, fmt);
	tally_prepared_free(p);
	project_free(p);
	return rc;
}

/* ---- grep ---- */

/* The transcripts are searched in the threads that load them (project_opts.each); each
 * document's output is kept in its struct found and printed in path order afterwards, and
 * with -c the transcript is dropped as soon as it is counted. */
struct grep {
	const char *pattern;
	int flags;
	struct search *re[PROJECT_MAX_THREADS]; /* one per loading thread, made on first use */
	size_t context;
	bool tty, count;
};

struct found {
	char *path;        /* the transcript's (its doc is dropped with -c) */
	struct strbuf out; /* the lines to print */
	size_t matches;    /* matches printed, or lines counted with -c */
	char *error;       /* "PATH:LINE: message": the search stopped here */
};

/* add_codes: "  {a,b}" for the codes of codings overlapping [ms, me) */
static void add_codes(struct strbuf *out, const struct doc *doc, size_t ms, size_t me)
{
	const char **ids = NULL;
	size_t n = 0, cap = 0;

	for (size_t s = 0; s < doc->nsets; s++) {
		const struct codings *c = doc->sets[s];
		for (size_t i = 0; i < c->len; i++) {
			const struct coding *cd = &c->items[i];
			if (cd->status != CODING_DRIFTED && cd->start < me && cd->end > ms)
				VEC_PUSH(ids, n, cap, cd->code);
		}
	}
	if (n) {
		sort_array(ids, n, sizeof(*ids), str_cmp_ptr);
		sb_adds(out, "  {");
		for (size_t i = 0; i < n; i++) {
			if (i && strcmp(ids[i], ids[i - 1]) == 0)
				continue;
			if (i)
				sb_addc(out, ',');
			add_safe(out, ids[i], strlen(ids[i]));
		}
		sb_addc(out, '}');
	}
	free(ids);
}

static void print_match(const struct grep *g, struct found *f, const struct doc *doc, size_t li,
                        size_t ms, size_t me)
{
	const struct transcript *t = doc->t;
	const struct tline *ln = &t->lines[li];
	size_t ls = ln->content, le = ln->off + ln->len, left = ms, right;

	for (size_t k = 0; k < g->context && left > ls; k++)
		left = utf8_prev(t->text, left);
	right = me + utf8_advance(t->text + me, le - me, g->context);
	add_safe(&f->out, t->path, strlen(t->path));
	sb_printf(&f->out, ":%zu: ", li + 1);
	if (ln->turn >= 0 && (size_t)ln->turn < t->nturns) {
		const char *sp = t->turns[ln->turn].speaker;
		add_safe(&f->out, sp, strlen(sp));
		sb_adds(&f->out, ": ");
	}
	add_safe(&f->out, t->text + left, ms - left);
	sb_adds(&f->out, g->tty ? "\033[1m" : "[");
	add_safe(&f->out, t->text + ms, me - ms);
	sb_adds(&f->out, g->tty ? "\033[22m" : "]");
	add_safe(&f->out, t->text + me, right - me);
	add_codes(&f->out, doc, ms, me);
	sb_addc(&f->out, '\n');
	f->matches++;
}

/* One document being searched. */
struct grep_scan {
	const struct grep *g;
	struct search *re;
	struct found *f;
	const struct doc *doc;
};

/* first_match: the first non-empty match in subj[0..len) from pos (empty matches are
 * stepped over): SEARCH_FOUND with *ms and *me set, SEARCH_NOMATCH or a failure */
static enum search_result first_match(struct search *re, const char *subj, size_t len, size_t pos,
                                      size_t *ms, size_t *me)
{
	for (;;) {
		enum search_result r = search_exec(re, subj, len, pos, ms, me);
		if (r != SEARCH_FOUND || *me > *ms)
			return r;
		if (*ms >= len)
			return SEARCH_NOMATCH;
		pos = *ms + utf8_advance(subj + *ms, len - *ms, 1);
	}
}

/* search_failed: f->error for a search that failed on line li (0-based) of t */
static void search_failed(struct found *f, const struct transcript *t, size_t li,
                          enum search_result r)
{
	struct strbuf sb = STRBUF_INIT;

	add_safe(&sb, t->path, strlen(t->path));
	sb_printf(&sb, ":%zu: %s", li + 1, search_error_message(r));
	f->error = sb_detach(&sb);
}

/* grep_line: every match in the text of line li; false when the search failed (f->error
 * says why) */
static bool grep_line(const struct grep *g, struct search *re, struct found *f,
                      const struct doc *doc, size_t li)
{
	const struct transcript *t = doc->t;
	const struct tline *ln = &t->lines[li];
	const char *subj = t->text + ln->content;
	size_t len = ln->off + ln->len - ln->content, pos = 0, ms, me;
	enum search_result r;

	while ((r = first_match(re, subj, len, pos, &ms, &me)) == SEARCH_FOUND) {
		print_match(g, f, doc, li, ln->content + ms, ln->content + me);
		pos = me;
	}
	if (r == SEARCH_FOUND || r == SEARCH_NOMATCH)
		return true;
	search_failed(f, t, li, r);
	return false;
}

/* count_line: grep -c on the body line text[ls..le); false when the search failed */
static bool count_line(struct grep_scan *sc, size_t ls, size_t le)
{
	const struct transcript *t = sc->doc->t;
	size_t cs = transcript_content_start(t, ls, le), ms, me, li = 0;
	enum search_result r = first_match(sc->re, t->text + cs, le - cs, 0, &ms, &me);

	if (r == SEARCH_FOUND)
		sc->f->matches++;
	if (r == SEARCH_FOUND || r == SEARCH_NOMATCH)
		return true;
	for (const char *p = t->text; (p = memchr(p, '\n', (size_t)(t->text + ls - p))); p++)
		li++; /* the line number, for the message */
	search_failed(sc->f, t, li, r);
	return false;
}

/* kwic_line: every match of the body line text[ls..le), in context */
static bool kwic_line(struct grep_scan *sc, size_t ls, size_t le)
{
	(void)le;
	return grep_line(sc->g, sc->re, sc->f, sc->doc, transcript_line_at(sc->doc->t, ls));
}

/* scan_lines: fn for every body line that may match, in order, until it returns false.
 * With a pattern whose matches do not depend on the text around a line
 * (search_line_local), one search over the rest of the text finds the next line that may
 * match and only that line is searched on its own: the text is scanned at the speed of
 * the JIT instead of one call per line. If that search backtracks too much (over many
 * lines), the rest is read line by line. */
static bool scan_lines(struct grep_scan *sc, bool (*fn)(struct grep_scan *, size_t, size_t))
{
	const struct transcript *t = sc->doc->t;
	size_t ls = t->body, ms, me;
	bool scan = search_line_local(sc->re);

	while (ls < t->len) {
		const char *nl;
		if (scan) {
			enum search_result r = search_exec(sc->re, t->text, t->len, ls, &ms, &me);
			if (r == SEARCH_NOMATCH)
				break;
			scan = r == SEARCH_FOUND;
			if (scan && (nl = memrchr(t->text + ls, '\n', ms - ls)) != NULL)
				ls = (size_t)(nl - t->text) + 1;
		}
		nl = memchr(t->text + ls, '\n', t->len - ls);
		if (!fn(sc, ls, nl ? (size_t)(nl - t->text) : t->len))
			return false;
		if (!nl)
			break;
		ls = (size_t)(nl - t->text) + 1;
	}
	return true;
}

/* grep_each: search one document, in the thread that loaded it */
static void grep_each(void *ctx, unsigned worker, struct doc *doc)
{
	struct grep *g = ctx;
	struct found *f = xcalloc(1, sizeof(*f));
	char err[256];
	size_t off;

	if (!g->re[worker])
		g->re[worker] =
		    search_new(g->pattern, g->flags | SEARCH_THREAD, err, sizeof(err), &off);
	doc->user = f;
	f->path = xstrdup(doc->t->path);
	if (!g->re[worker]) /* it compiled in the main thread: out of memory for the JIT? */
		f->error = xstrdup(err);
	else
		scan_lines(&(struct grep_scan){g, g->re[worker], f, doc},
		           g->count ? count_line : kwic_line);
}

/* grep_print: the documents' output in path order, up to the first failed search; -1 or an
 * exit status */
static int grep_print(const struct grep *g, const struct project *p, size_t *matches)
{
	int rc = -1;

	for (size_t d = 0; d < p->ndocs; d++) {
		struct found *f = p->docs[d].user;
		if (!f)
			continue;
		if (rc < 0) {
			if (f->out.len)
				fwrite(f->out.data, 1, f->out.len, stdout);
			if (g->count && !f->error) {
				struct strbuf sb = STRBUF_INIT;
				add_safe(&sb, f->path, strlen(f->path));
				printf("%s:%zu\n", sb.data, f->matches);
				sb_done(&sb);
			}
			*matches += f->matches;
			if (f->error) {
				fflush(stdout);
				fprintf(stderr, "gloss: %s\n", f->error);
				rc = GLOSS_EXIT_USAGE;
			}
		}
		sb_done(&f->out);
		free(f->path);
		free(f->error);
		free(f);
	}
	return rc;
}

static int grep_compile(struct search **re, const struct args *a)
{
	char err[256];
	size_t off = 0;
	struct strbuf pat = STRBUF_INIT;

	*re = search_new(a->pos[0], a->icase ? SEARCH_CASELESS : 0, err, sizeof(err), &off);
	if (*re)
		return -1;
	add_safe(&pat, a->pos[0], strlen(a->pos[0]));
	fprintf(stderr, "gloss: invalid pattern '%s': %s at offset %zu\n", pat.data, err, off);
	sb_done(&pat);
	return GLOSS_EXIT_USAGE;
}

static int grep_context(struct grep *g, const struct args *a)
{
	char *end;
	long v;

	g->context = GREP_CONTEXT_DEFAULT;
	if (!a->context)
		return -1;
	errno = 0;
	v = strtol(a->context, &end, 10);
	if (errno || end == a->context || *end || v < 0 || v > GREP_CONTEXT_MAX)
		return usage_error("invalid context '%s' (use a number from 0 to 1000)",
		                   a->context);
	g->context = (size_t)v;
	return -1;
}

static int cmd_grep(struct args *a)
{
	struct grep g = {0};
	struct search *re = NULL;
	struct project_opts po = {0};
	struct project *p;
	struct diags d;
	size_t matches = 0;
	int rc;

	if (a->npos == 0)
		return usage_error("grep needs a PATTERN%s", "");
	if ((rc = grep_context(&g, a)) >= 0 || (rc = check_coders(a)) >= 0 ||
	    (rc = grep_compile(&re, a)) >= 0)
		return rc;
	search_free(re); /* it compiles: each loading thread makes its own */
	g.pattern = a->pos[0];
	g.flags = a->icase ? SEARCH_CASELESS : 0;
	g.tty = isatty(STDOUT_FILENO);
	g.count = a->count;
	project_opts_from(&po, a, a->pos + 1, a->npos - 1, true);
	po.no_words = true;      /* grep never counts words */
	po.text_only = a->count; /* and -c needs neither lines nor codes */
	po.each = grep_each;
	po.each_ctx = &g;
	po.drop = a->count; /* -c keeps nothing but the count */
	diags_init(&d);
	p = project_open(&po, &d);
	for (size_t i = 0; i < PROJECT_MAX_THREADS; i++)
		search_free(g.re[i]);
	if (!p)
		return fatal(&d);
	diags_done(&d);
	print_load_diags(&p->diags, a->verbose);
	warn_coders(p, a);
	rc = grep_print(&g, p, &matches);
	if (rc < 0)
		rc = flush_out(matches ? GLOSS_EXIT_OK : GLOSS_EXIT_PROBLEMS);
	project_free(p);
	return rc;
}

/* ---- check ---- */

static int cmp_diag_ptr(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
	int c;

	if (!x->file || !y->file)
		c = (x->file != NULL) - (y->file != NULL);
	else
		c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : x > y; /* items of one array: keeps the load order */
}

static void print_sorted_diags(const struct diags *d)
{
	const struct diag **v = xcalloc(d->len, sizeof(*v));

	for (size_t i = 0; i < d->len; i++)
		v[i] = &d->items[i];
	sort_array(v, d->len, sizeof(*v), cmp_diag_ptr);
	for (size_t i = 0; i < d->len; i++)
		print_diag(stdout, "", v[i]);
	free(v);
}

struct check_counts {
	size_t codings, drifted, unknown;
	struct strbuf drifted_list, unknown_list;
};

static void list_coding(struct strbuf *sb, const struct codings *c, const struct coding *cd)
{
	sb_adds(sb, sb->len ? ", " : "");
	add_safe(sb, c->path, strlen(c->path));
	sb_printf(sb, ":%u", cd->line);
}

static void count_codings(const struct project *p, struct check_counts *k)
{
	for (size_t d = 0; d < p->ndocs; d++) {
		for (size_t s = 0; s < p->docs[d].nsets; s++) {
			const struct codings *c = p->docs[d].sets[s];
			k->codings += c->len;
			for (size_t i = 0; i < c->len; i++) {
				if (c->items[i].status == CODING_DRIFTED) {
					k->drifted++;
					list_coding(&k->drifted_list, c, &c->items[i]);
				}
				if (c->items[i].unknown_code) {
					k->unknown++;
					list_coding(&k->unknown_list, c, &c->items[i]);
				}
			}
		}
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void check_summary(const struct project *p, struct check_counts *k)
{
	size_t ncodes = p->cb ? p->cb->ncodes : 0;

	printf("checked 1 codebook (%zu %s), %zu %s, %zu %s by %zu %s: %zu %s, %zu %s\n", ncodes,
	       plural(ncodes, "code", "codes"), p->ndocs,
	       plural(p->ndocs, "transcript", "transcripts"), k->codings,
	       plural(k->codings, "coding", "codings"), p->ncoders,
	       plural(p->ncoders, "coder", "coders"), p->diags.errors,
	       plural(p->diags.errors, "error", "errors"), p->diags.warnings,
	       plural(p->diags.warnings, "warning", "warnings"));
	if (k->drifted)
		printf("%zu drifted %s (not counted in tallies): %s\n", k->drifted,
		       plural(k->drifted, "coding", "codings"), k->drifted_list.data);
	if (k->unknown)
		printf("%zu %s with a code not in the codebook: %s\n", k->unknown,
		       plural(k->unknown, "coding", "codings"), k->unknown_list.data);
}

static int cmd_check(struct args *a)
{
	struct check_counts k = {0, 0, 0, STRBUF_INIT, STRBUF_INIT};
	struct project *p;
	struct diags d;
	int rc;

	p = open_project(a, a->pos, a->npos, false, &d);
	if (!p)
		return fatal(&d);
	diags_done(&d);
	print_sorted_diags(&p->diags);
	count_codings(p, &k);
	check_summary(p, &k);
	rc = p->diags.errors || k.drifted || k.unknown ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_OK;
	rc = flush_out(rc);
	sb_done(&k.drifted_list);
	sb_done(&k.unknown_list);
	project_free(p);
	return rc;
}

/* ---- help and dispatch ---- */

static int cmd_help(struct args *a)
{
	const char *text;

	if (a->npos == 0) {
		fputs(usage_text, stdout);
		fputs(overview_text, stdout);
		return GLOSS_EXIT_OK;
	}
	if (a->npos > 1)
		return usage_error("help takes one COMMAND, not '%s'", a->pos[1]);
	text = help_for(a->pos[0]);
	if (!text)
		return usage_error("no help for '%s': not a command", a->pos[0]);
	fputs(text, stdout);
	return GLOSS_EXIT_OK;
}

#define BIT(x) (1u << (x))
#define COMMON_OPTS (BIT(OPT_HELP) | BIT(OPT_CODEBOOK))

struct command {
	const char *name;
	unsigned opts;
	int (*run)(struct args *a);
};

static const struct command commands[] = {
    {"tally", COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_BY) | BIT(OPT_FORMAT) | BIT(OPT_VERBOSE),
     cmd_tally},
    {"grep",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_ICASE) | BIT(OPT_CONTEXT) | BIT(OPT_VERBOSE) |
         BIT(OPT_COUNT),
     cmd_grep},
    {"check", COMMON_OPTS, cmd_check},
    {"help", BIT(OPT_HELP), cmd_help},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

bool cli_wants_tui(int argc, char **argv)
{
	struct stat st;

	if (argc == 0 || strcmp(argv[0], "open") == 0)
		return true;
	if (find_command(argv[0]) || find_ext(argv[0]) || strcmp(argv[0], "--help") == 0 ||
	    strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--version") == 0)
		return false;
	if (argv[0][0] == '-')
		return true;
	return stat(argv[0], &st) == 0;
}

int cli_open_args(int argc, char **argv, struct tui_opts *o)
{
	struct args a = {0};
	int rc;

	a.allowed = COMMON_OPTS | BIT(OPT_CODER);
	if (argc > 0 && strcmp(argv[0], "open") == 0)
		argc--, argv++;
	rc = parse_args(&a, argc, argv);
	if (rc < 0 && a.help) {
		fputs(help_open, stdout);
		rc = GLOSS_EXIT_OK;
	}
	if (rc < 0 && a.ncoders > 0 && !codings_coder_valid(a.coders[a.ncoders - 1]))
		rc = check_coders(&a);
	if (rc < 0) {
		o->codebook = a.codebook;
		o->coder = codings_default_coder(a.ncoders ? a.coders[a.ncoders - 1] : NULL);
		if (!codings_coder_valid(o->coder))
			rc = usage_error("invalid coder name '%s'; choose one with --coder NAME",
			                 o->coder);
	}
	if (rc < 0) {
		o->paths = (const char *const *)a.pos;
		o->npaths = a.npos;
		a.pos = NULL;
	}
	args_done(&a);
	return rc;
}

int cli_main(int argc, char **argv)
{
	const struct command *c;
	struct args a = {0};
	int rc;

	if (argc == 0)
		return usage_error("no command%s", "");
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
		argv[0] = "help";
	if (strcmp(argv[0], "--version") == 0) {
		puts("gloss " GLOSS_VERSION);
		return GLOSS_EXIT_OK;
	}
	c = find_command(argv[0]);
	if (!c && find_ext(argv[0]))
		return find_ext(argv[0])->run(argc - 1, argv + 1);
	if (!c)
		return usage_error(
		    argv[0][0] == '-' ? "unknown option '%s'" : "unknown command '%s'", argv[0]);
	a.allowed = c->opts;
	rc = parse_args(&a, argc - 1, argv + 1);
	if (rc < 0 && a.help) {
		fputs(help_for(c->name), stdout);
		rc = GLOSS_EXIT_OK;
	}
	if (rc < 0)
		rc = c->run(&a);
	args_done(&a);
	return rc;
}
