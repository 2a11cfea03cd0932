/* cli.h — the headless front end: gloss tally, grep, check, help, --version. */
#ifndef GLOSS_CLI_H
#define GLOSS_CLI_H

#include <stdbool.h>

#include "gloss/exitstatus.h"

#include <stddef.h>

/* what "gloss [open] [options] [PATH...]" asks of the coder; src/main.c hands it to the
 * coder as its struct tui_opts (the front ends do not include each other) */
struct cli_open {
	const char *codebook;     /* --codebook or NULL */
	const char *const *paths; /* PATH arguments (malloc'd array; the strings are argv's) */
	size_t npaths;
	const char *coder; /* resolved coder name (never NULL) */
	bool exact_quotes; /* --exact-quotes */
	bool no_mouse;     /* --no-mouse */
	bool blind;        /* --blind */
};

/* cli_main: run the command in argv[0] (argv after the program name): tally, grep, check,
 * help, --help/-h, --version. An unknown command or option prints a message and the usage
 * to stderr and returns GLOSS_EXIT_USAGE. */
int cli_main(int argc, char **argv);
/* cli_usage: print the usage summary to fp. */
void cli_usage(void *fp);
/* cli_hoist_command: global options may come before the command, as in git
 * ("gloss --coder x tally"): when the first argument that is neither an option nor an
 * option's value is a command name (or "open"), move it to argv[0], keeping the order of
 * the rest, so the command parses those options as its own. */
void cli_hoist_command(int argc, char **argv);
/* cli_wants_tui: true when the arguments (after the program name) ask for the interactive
 * coder: none, "open", an option that is not --help/-h/--version, or an existing path. */
bool cli_wants_tui(int argc, char **argv);
/* cli_open_args: parse "[open] [--codebook FILE] [--coder NAME] [PATH...]" into o, with the
 * coder resolved by codings_default_coder and validated. Returns -1 when o is ready (free
 * o->paths, the array, afterwards), else an exit status (help printed, or a usage error
 * reported on stderr). */
int cli_open_args(int argc, char **argv, struct cli_open *o);
/* cli_recover_journal: complete an interrupted change of several files left in the project
 * root (journal_recover), saying so on standard error. -1 to go on; GLOSS_EXIT_IO when it
 * cannot be completed (only help and --version still run then). */
int cli_recover_journal(int argc, char **argv);

#endif
