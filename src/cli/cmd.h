/* cmd.h — what the headless commands share: parsed arguments and the helpers for loading a
 * project, reporting diagnostics and writing the output. The CLI layer only: src/cli.c
 * parses the arguments and dispatches; each command is src/cmd_NAME.c with its help text
 * cmd_NAME_help and its entry point cmd_NAME. The core never includes this header.
 *
 * A new command: a file src/cmd_NAME.c, its two declarations below, one row in cli.c's
 * command table (with the options it accepts) and one in its help table; a new option: an
 * opt_id, a row in cli.c's all_opts and a field in struct args. */
#ifndef GLOSS_CMD_H
#define GLOSS_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "cli.h"

struct strbuf;
struct diag;
struct diags;
struct project;
struct project_opts;

enum opt_id {
	OPT_HELP,
	OPT_CODEBOOK,
	OPT_CODER,
	OPT_BY,
	OPT_FORMAT,
	OPT_VERBOSE,
	OPT_ICASE,
	OPT_CONTEXT,
	OPT_COUNT,
	OPT_WHERE,
	OPT_COOCCUR,
	OPT_UNIT,
	OPT_COUNT_BY, /* tally's --count WHAT (grep's --count is a flag) */
	OPT_EXACT_QUOTES,
	OPT_NO_MOUSE,
	OPT_CODE,
	OPT_THEME_VAR,
	OPT_UNDER,
	OPT_TOP,
	OPT_NAME, /* code rename --name */
	OPT_FORCE,
	OPT_BLIND,
	OPT_INTO,
	OPT_QDC,
	OPT_QDPX,
	OPT_PARTIAL,        /* import --partial */
	OPT_PER_CODER,      /* quotes --per-coder */
	OPT_ATTR,           /* quotes --attr KEY,... */
	OPT_COUNTS,         /* codebook --counts */
	OPT_EXAMPLE_QUOTES, /* codebook --example-quotes */
	OPT_MODEL,          /* suggest --model NAME */
	OPT_CMD,            /* suggest --cmd COMMAND */
	OPT_JOBS,           /* suggest -j N */
	OPT_TIMEOUT,        /* suggest --timeout SECONDS */
	OPT_REFERENCE,      /* agree --reference CODER */
	OPT_KIND,           /* memos --kind */
	OPT_DOC,            /* memos --doc, repeatable */
	OPT_SPEAKER,        /* agree --speaker, repeatable */
	OPT_NOT_SPEAKER,    /* agree --not-speaker, repeatable */
	OPT_UNCODED,        /* agree --uncoded none|missing */
};

/* struct args: the options of one command line (values borrowed from argv). */
struct args {
	uint64_t allowed; /* bit per opt_id (more than 32 of them) */
	bool help, verbose, icase, count, cooccur, exact_quotes, no_mouse;
	const char *codebook, *by, *format, *context, *unit, *count_by;
	const char *into, *qdc, *qdpx; /* import --into; export --qdc, --qdpx */
	const char **coders, **pos, **wheres;
	size_t ncoders, capcoders, npos, cappos, nwheres, capwheres;
	bool theme_var, top, force; /* agree --theme-as-variable; code move --top; --force */
	bool blind;                 /* open --blind */
	bool partial;               /* import --partial */
	const char *under;          /* code move --under */
	const char *name;           /* code rename --name */
	const char **codes;         /* agree --code, repeatable */
	size_t ncodes, capcodes;
	bool per_coder;              /* quotes --per-coder */
	const char *attr;            /* quotes --attr KEY,... */
	bool counts, example_quotes; /* codebook --counts, --example-quotes */
	/* suggest --model, --cmd, -j, --timeout; agree --reference */
	const char *model, *cmd, *jobs, *timeout, *reference;
	const char *kind;  /* memos --kind */
	const char **docs; /* memos --doc, repeatable */
	size_t ndocs, capdocs;
	/* agree --speaker, --not-speaker (repeatable), --uncoded */
	const char **speakers, **not_speakers, *uncoded;
	size_t nspeakers, capspeakers, nnot_speakers, capnot_speakers;
};

/* cli_usage_error: "gloss: " + fmt with arg (sanitised for the terminal), then the usage, to
 * standard error; returns GLOSS_EXIT_USAGE. */
int cli_usage_error(const char *fmt, const char *arg);
/* cli_check_coders: -1 when every --coder name is valid, else a usage error's status. */
int cli_check_coders(const struct args *a);
/* cli_add_safe: append s[0..n) to out with control characters made visible. */
void cli_add_safe(struct strbuf *out, const char *s, size_t n);
void cli_print_diag(FILE *fp, const char *prefix, const struct diag *dg);
/* cli_fatal: project_open failed; print why (and free d). GLOSS_EXIT_USAGE when several
 * codebooks need a choice, else GLOSS_EXIT_PROBLEMS. */
int cli_fatal(struct diags *d);
/* cli_warn_coders: a --coder NAME with no codings file at all is most likely a typo. */
void cli_warn_coders(const struct project *p, const struct args *a);
/* cli_print_load_diags: errors and warnings to standard error; notes and drift reports only
 * when verbose. */
void cli_print_load_diags(const struct diags *d, bool verbose);
/* cli_project_opts: the codebook, the paths and (with_coders) the --coder filter into po. */
void cli_project_opts(struct project_opts *po, const struct args *a, const char *const *paths,
                      size_t npaths, bool with_coders);
/* cli_open_project: project_open with those options; d is initialised here. */
struct project *cli_open_project(const struct args *a, const char *const *paths, size_t npaths,
                                 bool with_coders, struct diags *d);
/* cli_project_usable: -1 when p has a codebook without errors and at least one transcript,
 * else GLOSS_EXIT_PROBLEMS after saying why on standard error ("nothing <done>"). */
int cli_project_usable(const struct project *p, const char *done);
/* cli_flush_out: GLOSS_EXIT_IO (with a message) when standard output could not be written,
 * else rc. */
int cli_flush_out(int rc);
/* cli_write_out: write sb to standard output and flush (as cli_flush_out). */
int cli_write_out(const struct strbuf *sb);
/* cli_terminal_width: the columns of standard output when it is a terminal, else 0. */
int cli_terminal_width(void);

extern const char cmd_tally_help[];
int cmd_tally(struct args *a);
extern const char cmd_grep_help[];
int cmd_grep(struct args *a);
extern const char cmd_check_help[];
int cmd_check(struct args *a);
extern const char cmd_quotes_help[];
int cmd_quotes(struct args *a);
extern const char cmd_memos_help[];
int cmd_memos(struct args *a);
/* cmd_quotes_run: gloss quotes, or with memos gloss memos (one record a memo). */
int cmd_quotes_run(struct args *a, bool memos);
extern const char cmd_init_help[];
int cmd_init(struct args *a);
extern const char cmd_gitsetup_help[];
int cmd_gitsetup(struct args *a);
extern const char cmd_suggest_help[];
int cmd_suggest(struct args *a);
extern const char cmd_agree_help[];
int cmd_agree(struct args *a);
extern const char cmd_merge_help[];
int cmd_merge(struct args *a);
extern const char cmd_code_help[];
int cmd_code(struct args *a);
extern const char cmd_import_help[];
int cmd_import(struct args *a);
extern const char cmd_export_help[];
int cmd_export(struct args *a);
extern const char cmd_codebook_help[];
int cmd_codebook(struct args *a);
extern const char cmd_report_help[];
int cmd_report(struct args *a);

#endif
