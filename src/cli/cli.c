/* cli.c — the headless front end: argument parsing, help, dispatch to the commands
 * (src/cmd_*.c, see cmd.h), and what the commands share. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/journal.h"
#include "gloss/project.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#ifndef GLOSS_VERSION
#define GLOSS_VERSION "0.1.0"
#endif

/* ---- help texts ---- */

static const char usage_text[] =
    "usage: gloss [open] [--codebook FILE] [--coder NAME] [--exact-quotes] [--no-mouse]\n"
    "             [--blind] [PATH...]\n"
    "       gloss tally [--codebook FILE] [--coder NAME]... [--by GROUP [--count WHAT]]\n"
    "                   [--cooccur [--unit UNIT]] [--format FORMAT] [-v] [PATH...]\n"
    "       gloss grep [-i] [-c] [-C N] [--exact-quotes] [--codebook FILE] [--coder NAME]...\n"
    "                  PATTERN [PATH...]\n"
    "       gloss quotes [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                    [--per-coder] [--context question|N] [--attr KEY,...]\n"
    "                    [--format FORMAT] [-v] [CODE...] [PATH...]\n"
    "       gloss memos [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                   [--context question|N] [--attr KEY,...] [--format FORMAT] [-v]\n"
    "                   [CODE...] [PATH...]\n"
    "       gloss check [--codebook FILE] [PATH...]\n"
    "       gloss agree [--coder NAME]... [--unit UNIT] [--code ID]... [--theme-as-variable]\n"
    "                   [--format FORMAT] [--codebook FILE] [-v] [PATH...]\n"
    "       gloss agree --reference CODER --coder NAME [--unit UNIT] [--code ID]... [PATH...]\n"
    "       gloss merge BASE OURS THEIRS PATH\n"
    "       gloss code rename OLD NEW | merge FROM INTO | move ID --under THEME | --top |\n"
    "                  delete ID [--force]   [--codebook FILE] [PATH...]\n"
    "       gloss init [DIR]\n"
    "       gloss suggest [--codebook FILE] [--coder NAME]... [CODE...]\n"
    "       gloss suggest --model NAME | --cmd COMMAND [-j N] [--timeout SECONDS]\n"
    "                     [--codebook FILE] [PATH...]\n"
    "       gloss import [--into DIR] [--format FORMAT] [--force] FILE...\n"
    "       gloss export --qdc FILE | --qdpx FILE [--codebook FILE] [--force] [PATH...]\n"
    "       gloss codebook [--format FORMAT] [--counts] [--example-quotes] [--codebook FILE]\n"
    "                      [--coder NAME]... [PATH...]\n"
    "       gloss report [--format html] [--codebook FILE] [--coder NAME]... [-v] [PATH...]\n"
    "       gloss help [COMMAND]\n"
    "       gloss --help | --version\n";

static const char overview_text[] =
    "\n"
    "commands:\n"
    "  open    the interactive coder (the default when no command is given)\n"
    "  tally   count codes and themes: passages, documents, speakers, words\n"
    "  grep    search the transcripts; key word in context with the codes at each match\n"
    "  quotes  the coded passages of codes, in full, with who said them and who coded them\n"
    "  memos   every memo, with its code, passage, document, coder and date\n"
    "  check   validate the codebook, transcripts and codings\n"
    "  agree   inter-coder agreement: percent, Cohen's kappa, Krippendorff's alpha\n"
    "  merge   the git merge driver for codings files and codebooks\n"
    "  code    rename, merge, move or delete a code in the codebook and every coding\n"
    "  init    start a project: a codebook template, an example transcript, git files\n"
    "  git-setup  configure git to merge codings and codebooks with gloss merge\n"
    "  suggest list the codings the codebook's patterns suggest and nobody applied\n"
    "  import  transcripts from captions, Otter, Word; projects from REFI-QDA\n"
    "  export  the codebook or the project in REFI-QDA format (.qdc, .qdpx)\n"
    "  codebook  the codebook as a document: markdown, html, csv or json\n"
    "  report  one printable page of charts and tables: the analysis at a glance\n"
    "  help    describe a command: gloss help COMMAND\n"
    "\n"
    "Options may come before or after PATHs, and before the command (gloss --coder ana\n"
    "tally), as --opt VALUE or --opt=VALUE; '--' ends the options. A PATH is a transcript\n"
    "file, or a directory searched recursively for *.txt (skipping hidden entries and\n"
    "codings/ directories); without PATHs, transcripts/.\n"
    "The codebook is --codebook FILE, else $GLOSS_CODEBOOK, else the only codebooks/*.yaml.\n";

static const char help_open[] =
    "usage: gloss [open] [--codebook FILE] [--coder NAME] [--exact-quotes] [--no-mouse]\n"
    "             [--blind] [PATH...]\n"
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
    "  --exact-quotes    search matches quotes, dashes and ellipses only as written\n"
    "                    (default: ' finds ’ and the other way round; gloss.yaml\n"
    "                    exact_quotes: true)\n"
    "  --no-mouse        leave the mouse to the terminal (gloss.yaml mouse: false)\n"
    "  --blind           code independently: nothing of other coders is loaded or\n"
    "                    shown (their shares in the list, their codings in the\n"
    "                    margin and the tally), for agreement to be measured later\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 ok; 1 the project could not be loaded; 2 usage error, or no terminal;\n"
    "3 a save failed (the old file is intact).\n";

static const char help_help[] =
    "usage: gloss help [COMMAND]\n"
    "\n"
    "Describe COMMAND (open, tally, grep, quotes, memos, check, agree, merge, code,\n"
    "init, git-setup, suggest, import, export, codebook, report, help), or list the\n"
    "commands when none is given.\n"
    "Exit status 0; 2 for an unknown command.\n";

struct command_help {
	const char *name;
	const char *text;
};

static const struct command_help helps[] = {
    {"open", help_open},
    {"tally", cmd_tally_help},
    {"grep", cmd_grep_help},
    {"quotes", cmd_quotes_help},
    {"memos", cmd_memos_help},
    {"check", cmd_check_help},
    {"agree", cmd_agree_help},
    {"merge", cmd_merge_help},
    {"code", cmd_code_help},
    {"init", cmd_init_help},
    {"suggest", cmd_suggest_help},
    {"import", cmd_import_help},
    {"export", cmd_export_help},
    {"help", help_help},
    {"codebook", cmd_codebook_help},
    {"report", cmd_report_help},
    {"git-setup", cmd_gitsetup_help},
};

void cli_usage(void *fp)
{
	fputs(usage_text, (FILE *)fp);
}

int cli_usage_error(const char *fmt, const char *arg)
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

static const char *help_for(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(helps); i++)
		if (strcmp(helps[i].name, name) == 0)
			return helps[i].text;
	return NULL;
}

/* ---- argument parsing ---- */

struct opt_spec {
	const char *name;
	char short_name;
	bool has_arg;
	enum opt_id id;
};

static const struct opt_spec all_opts[] = {
    {"help", 'h', false, OPT_HELP},
    {"codebook", 0, true, OPT_CODEBOOK},
    {"coder", 0, true, OPT_CODER},
    {"by", 0, true, OPT_BY},
    {"format", 0, true, OPT_FORMAT},
    {"verbose", 'v', false, OPT_VERBOSE},
    {"ignore-case", 'i', false, OPT_ICASE},
    {"context", 'C', true, OPT_CONTEXT},
    {"count", 'c', false, OPT_COUNT},
    {"where", 0, true, OPT_WHERE},
    {"cooccur", 0, false, OPT_COOCCUR},
    {"unit", 0, true, OPT_UNIT},
    {"count", 0, true, OPT_COUNT_BY},
    {"exact-quotes", 0, false, OPT_EXACT_QUOTES},
    {"no-mouse", 0, false, OPT_NO_MOUSE},
    {"code", 0, true, OPT_CODE},
    {"theme-as-variable", 0, false, OPT_THEME_VAR},
    {"under", 0, true, OPT_UNDER},
    {"top", 0, false, OPT_TOP},
    {"name", 0, true, OPT_NAME},
    {"force", 'f', false, OPT_FORCE},
    {"blind", 0, false, OPT_BLIND},
    {"into", 0, true, OPT_INTO},
    {"qdc", 0, true, OPT_QDC},
    {"qdpx", 0, true, OPT_QDPX},
    {"partial", 0, false, OPT_PARTIAL},
    {"per-coder", 0, false, OPT_PER_CODER},
    {"attr", 0, true, OPT_ATTR},
    {"counts", 0, false, OPT_COUNTS},
    {"example-quotes", 0, false, OPT_EXAMPLE_QUOTES},
    {"model", 0, true, OPT_MODEL},
    {"cmd", 0, true, OPT_CMD},
    {"jobs", 'j', true, OPT_JOBS},
    {"timeout", 0, true, OPT_TIMEOUT},
    {"reference", 0, true, OPT_REFERENCE},
    {"kind", 0, true, OPT_KIND},
    {"doc", 0, true, OPT_DOC},
    {"speaker", 0, true, OPT_SPEAKER},
    {"not-speaker", 0, true, OPT_NOT_SPEAKER},
    {"uncoded", 0, true, OPT_UNCODED},
};

static void args_done(struct args *a)
{
	free(a->coders);
	free(a->pos);
	free(a->codes);
	free(a->wheres);
	free(a->docs);
	free(a->speakers);
	free(a->not_speakers);
}

static const struct opt_spec *find_long(const struct args *a, const char *name, size_t n)
{
	for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
		if (strlen(all_opts[i].name) == n && strncmp(all_opts[i].name, name, n) == 0 &&
		    (a->allowed & (UINT64_C(1) << all_opts[i].id)))
			return &all_opts[i];
	return NULL;
}

static const struct opt_spec *find_short(const struct args *a, char c)
{
	for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
		if (all_opts[i].short_name == c && (a->allowed & (UINT64_C(1) << all_opts[i].id)))
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
	case OPT_WHERE:
		VEC_PUSH(a->wheres, a->nwheres, a->capwheres, val);
		break;
	case OPT_COOCCUR:
		a->cooccur = true;
		break;
	case OPT_UNIT:
		a->unit = val;
		break;
	case OPT_COUNT_BY:
		a->count_by = val;
		break;
	case OPT_EXACT_QUOTES:
		a->exact_quotes = true;
		break;
	case OPT_NO_MOUSE:
		a->no_mouse = true;
		break;
	case OPT_CODE:
		VEC_PUSH(a->codes, a->ncodes, a->capcodes, val);
		break;
	case OPT_KIND:
		a->kind = val;
		break;
	case OPT_DOC:
		VEC_PUSH(a->docs, a->ndocs, a->capdocs, val);
		break;
	case OPT_THEME_VAR:
		a->theme_var = true;
		break;
	case OPT_UNDER:
		a->under = val;
		break;
	case OPT_TOP:
		a->top = true;
		break;
	case OPT_NAME:
		a->name = val;
		break;
	case OPT_INTO:
		a->into = val;
		break;
	case OPT_FORCE:
		a->force = true;
		break;
	case OPT_BLIND:
		a->blind = true;
		break;
	case OPT_QDC:
		a->qdc = val;
		break;
	case OPT_QDPX:
		a->qdpx = val;
		break;
	case OPT_PARTIAL:
		a->partial = true;
		break;
	case OPT_PER_CODER:
		a->per_coder = true;
		break;
	case OPT_ATTR:
		a->attr = val;
		break;
	case OPT_COUNTS:
		a->counts = true;
		break;
	case OPT_EXAMPLE_QUOTES:
		a->example_quotes = true;
		break;
	case OPT_MODEL:
		a->model = val;
		break;
	case OPT_CMD:
		a->cmd = val;
		break;
	case OPT_JOBS:
		a->jobs = val;
		break;
	case OPT_TIMEOUT:
		a->timeout = val;
		break;
	case OPT_REFERENCE:
		a->reference = val;
		break;
	case OPT_SPEAKER:
		VEC_PUSH(a->speakers, a->nspeakers, a->capspeakers, val);
		break;
	case OPT_NOT_SPEAKER:
		VEC_PUSH(a->not_speakers, a->nnot_speakers, a->capnot_speakers, val);
		break;
	case OPT_UNCODED:
		a->uncoded = val;
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
		return cli_usage_error("unknown option '%s'", argv[*i]);
	if (o->has_arg) {
		val = take_value(eq ? eq + 1 : NULL, argc, argv, i);
		if (!val)
			return cli_usage_error("option '--%s' needs a value", o->name);
	} else if (eq) {
		return cli_usage_error("option '--%s' takes no value", o->name);
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
			return cli_usage_error("unknown option '%s'", name);
		if (o->has_arg) {
			val = take_value(arg[k + 1] ? arg + k + 1 : NULL, argc, argv, i);
			if (!val)
				return cli_usage_error("option '%s' needs a value", name);
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

int cli_check_coders(const struct args *a)
{
	for (size_t i = 0; i < a->ncoders; i++)
		if (!codings_coder_valid(a->coders[i]))
			return cli_usage_error(
			    "invalid coder name '%s' (use 1 to 64 of A-Z a-z 0-9 . _ "
			    "-, not starting with '.')",
			    a->coders[i]);
	return -1;
}

/* ---- loading and diagnostics ---- */

void cli_add_safe(struct strbuf *out, const char *s, size_t n)
{
	utf8_sanitize_display(out, s, n, false);
}

void cli_print_diag(FILE *fp, const char *prefix, const struct diag *dg)
{
	char *s = diag_format(dg);

	fprintf(fp, "%s%s\n", prefix, s);
	free(s);
}

/* fatal: project_open failed; print why. Several codebooks is a usage problem. */
int cli_fatal(struct diags *d)
{
	int rc = GLOSS_EXIT_PROBLEMS;

	for (size_t i = 0; i < d->len; i++) {
		cli_print_diag(stderr, "gloss: ", &d->items[i]);
		if (d->items[i].kind == DK_INVALID)
			rc = GLOSS_EXIT_USAGE;
	}
	diags_done(d);
	return rc;
}

/* warn_coders: a --coder NAME with no codings file at all is most likely a typo */
void cli_warn_coders(const struct project *p, const struct args *a)
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
void cli_print_load_diags(const struct diags *d, bool verbose)
{
	for (size_t i = 0; i < d->len; i++) {
		const struct diag *dg = &d->items[i];
		if (!verbose && (dg->level == DIAG_NOTE || dg->kind == DK_DRIFT))
			continue;
		cli_print_diag(stderr, "", dg);
	}
}

void cli_project_opts(struct project_opts *po, const struct args *a, const char *const *paths,
                      size_t npaths, bool with_coders)
{
	po->codebook = a->codebook;
	po->paths = paths;
	po->npaths = npaths;
	if (with_coders) {
		po->coders = a->coders;
		po->ncoders = a->ncoders;
		po->no_models = true; /* counts are people's unless a model is named */
	}
}

struct project *cli_open_project(const struct args *a, const char *const *paths, size_t npaths,
                                 bool with_coders, struct diags *d)
{
	struct project_opts po = {0};

	cli_project_opts(&po, a, paths, npaths, with_coders);
	diags_init(d);
	return project_open(&po, d);
}

int cli_project_usable(const struct project *p, const char *done)
{
	if (!p->cb || p->cb_errors) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, p->codebook_path, strlen(p->codebook_path));
		fprintf(stderr, "gloss: %s %s; nothing %s (see gloss check)\n", sb.data,
		        p->cb ? "has errors" : "could not be loaded", done);
		sb_done(&sb);
		return GLOSS_EXIT_PROBLEMS;
	}
	if (p->ndocs == 0) {
		fputs("gloss: no transcript could be loaded\n", stderr);
		return GLOSS_EXIT_PROBLEMS;
	}
	return -1;
}

/* flush_out: GLOSS_EXIT_IO (with a message) when standard output could not be written */
int cli_flush_out(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gloss: cannot write the output: %s\n", strerror(errno));
		return GLOSS_EXIT_IO;
	}
	return rc;
}

int cli_write_out(const struct strbuf *sb)
{
	if (sb->len)
		fwrite(sb->data, 1, sb->len, stdout);
	return cli_flush_out(GLOSS_EXIT_OK);
}

int cli_terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

/* ---- help and dispatch ---- */

static int cmd_help(struct args *a)
{
	const char *text;

	if (a->npos == 0) {
		fputs(usage_text, stdout);
		fputs(overview_text, stdout);
		return cli_flush_out(GLOSS_EXIT_OK);
	}
	if (a->npos > 1)
		return cli_usage_error("help takes one COMMAND, not '%s'", a->pos[1]);
	text = help_for(a->pos[0]);
	if (!text)
		return cli_usage_error("no help for '%s': not a command", a->pos[0]);
	fputs(text, stdout);
	return cli_flush_out(GLOSS_EXIT_OK);
}

#define BIT(x) (UINT64_C(1) << (x))
#define COMMON_OPTS (BIT(OPT_HELP) | BIT(OPT_CODEBOOK))

struct command {
	const char *name;
	uint64_t opts;
	int (*run)(struct args *a);
};

static const struct command commands[] = {
    {"tally",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_BY) | BIT(OPT_FORMAT) | BIT(OPT_VERBOSE) |
         BIT(OPT_COOCCUR) | BIT(OPT_UNIT) | BIT(OPT_COUNT_BY),
     cmd_tally},
    {"grep",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_ICASE) | BIT(OPT_CONTEXT) | BIT(OPT_VERBOSE) |
         BIT(OPT_COUNT) | BIT(OPT_EXACT_QUOTES),
     cmd_grep},
    {"quotes",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_WHERE) | BIT(OPT_FORMAT) | BIT(OPT_VERBOSE) |
         BIT(OPT_PER_CODER) | BIT(OPT_CONTEXT) | BIT(OPT_ATTR),
     cmd_quotes},
    {"memos",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_WHERE) | BIT(OPT_FORMAT) | BIT(OPT_VERBOSE) |
         BIT(OPT_CONTEXT) | BIT(OPT_ATTR) | BIT(OPT_KIND) | BIT(OPT_CODE) | BIT(OPT_DOC),
     cmd_memos},
    {"check", COMMON_OPTS, cmd_check},
    {"agree",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_UNIT) | BIT(OPT_CODE) | BIT(OPT_FORMAT) |
         BIT(OPT_THEME_VAR) | BIT(OPT_VERBOSE) | BIT(OPT_REFERENCE) | BIT(OPT_SPEAKER) |
         BIT(OPT_NOT_SPEAKER) | BIT(OPT_UNCODED),
     cmd_agree},
    {"merge", BIT(OPT_HELP), cmd_merge},
    {"code", COMMON_OPTS | BIT(OPT_UNDER) | BIT(OPT_TOP) | BIT(OPT_NAME) | BIT(OPT_FORCE),
     cmd_code},
    {"init", BIT(OPT_HELP), cmd_init},
    {"git-setup", BIT(OPT_HELP), cmd_gitsetup},
    {"suggest",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_VERBOSE) | BIT(OPT_MODEL) | BIT(OPT_CMD) |
         BIT(OPT_JOBS) | BIT(OPT_TIMEOUT),
     cmd_suggest},
    {"import", BIT(OPT_HELP) | BIT(OPT_INTO) | BIT(OPT_FORMAT) | BIT(OPT_FORCE) | BIT(OPT_PARTIAL),
     cmd_import},
    {"export", COMMON_OPTS | BIT(OPT_QDC) | BIT(OPT_QDPX) | BIT(OPT_FORCE), cmd_export},
    {"help", BIT(OPT_HELP), cmd_help},
    {"codebook",
     COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_FORMAT) | BIT(OPT_COUNTS) | BIT(OPT_EXAMPLE_QUOTES),
     cmd_codebook},
    {"report", COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_FORMAT) | BIT(OPT_VERBOSE), cmd_report},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

/* opt_takes_value: does the option argument arg (a long option without "=", or a cluster
 * of short options) consume the next argument as its value? */
static bool opt_takes_value(const char *arg)
{
	if (arg[1] == '-') {
		if (strchr(arg, '='))
			return false;
		for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
			if (strcmp(all_opts[i].name, arg + 2) == 0)
				return all_opts[i].has_arg;
		return false;
	}
	for (size_t k = 1; arg[k]; k++)
		for (size_t i = 0; i < ARRAY_LEN(all_opts); i++)
			if (all_opts[i].short_name == arg[k] && all_opts[i].has_arg)
				return arg[k + 1] == '\0';
	return false;
}

void cli_hoist_command(int argc, char **argv)
{
	int i = 0;

	while (i < argc && argv[i][0] == '-' && argv[i][1] != '\0' && strcmp(argv[i], "--") != 0)
		i += opt_takes_value(argv[i]) ? 2 : 1;
	if (i == 0 || i >= argc || !(find_command(argv[i]) || strcmp(argv[i], "open") == 0))
		return;
	for (char *cmd = argv[i]; i > 0; i--)
		argv[i] = argv[i - 1], argv[i - 1] = cmd;
}

bool cli_wants_tui(int argc, char **argv)
{
	struct stat st;

	if (argc == 0 || strcmp(argv[0], "open") == 0)
		return true;
	if (find_command(argv[0]) || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0 ||
	    strcmp(argv[0], "--version") == 0)
		return false;
	if (argv[0][0] == '-')
		return true;
	return stat(argv[0], &st) == 0;
}

int cli_open_args(int argc, char **argv, struct cli_open *o)
{
	struct args a = {0};
	int rc;

	a.allowed = COMMON_OPTS | BIT(OPT_CODER) | BIT(OPT_EXACT_QUOTES) | BIT(OPT_NO_MOUSE) |
	            BIT(OPT_BLIND);
	if (argc > 0 && strcmp(argv[0], "open") == 0)
		argc--, argv++;
	rc = parse_args(&a, argc, argv);
	if (rc < 0 && a.help) {
		fputs(help_open, stdout);
		rc = cli_flush_out(GLOSS_EXIT_OK);
	}
	if (rc < 0 && a.ncoders > 0 && !codings_coder_valid(a.coders[a.ncoders - 1]))
		rc = cli_check_coders(&a);
	if (rc < 0) {
		o->codebook = a.codebook;
		o->blind = a.blind;
		o->coder = codings_default_coder(a.ncoders ? a.coders[a.ncoders - 1] : NULL);
		if (!codings_coder_valid(o->coder))
			rc = cli_usage_error(
			    "invalid coder name '%s'; choose one with --coder NAME", o->coder);
	}
	if (rc < 0) {
		o->exact_quotes = a.exact_quotes;
		o->no_mouse = a.no_mouse;
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
		return cli_usage_error("no command%s", "");
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
		argv[0] = "help";
	if (strcmp(argv[0], "--version") == 0) {
		puts("gloss " GLOSS_VERSION);
		return cli_flush_out(GLOSS_EXIT_OK);
	}
	c = find_command(argv[0]);
	if (!c)
		return cli_usage_error(
		    argv[0][0] == '-' ? "unknown option '%s'" : "unknown command '%s'", argv[0]);
	a.allowed = c->opts;
	rc = parse_args(&a, argc - 1, argv + 1);
	if (rc < 0 && a.help) {
		fputs(help_for(c->name), stdout);
		rc = cli_flush_out(GLOSS_EXIT_OK);
	}
	if (rc < 0)
		rc = c->run(&a);
	args_done(&a);
	return rc;
}

int cli_recover_journal(int argc, char **argv)
{
	char msg[2048];
	long r = journal_recover(".", msg, sizeof(msg));
	bool help = argc > 0 && (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0 ||
	                         strcmp(argv[0], "-h") == 0 || strcmp(argv[0], "--version") == 0);
	struct strbuf sb = STRBUF_INIT;

	if (r == 0)
		return -1;
	cli_add_safe(&sb, msg, strlen(msg));
	fprintf(stderr, "gloss: %s%s\n", r < 0 ? "error: " : "", sb.data);
	sb_done(&sb);
	return r < 0 && !help ? GLOSS_EXIT_IO : -1;
}
