/* cli.h — the headless front end: gloss tally, grep, check, help, --version. */
#ifndef GLOSS_CLI_H
#define GLOSS_CLI_H

/* Exit statuses (gloss(1), EXIT STATUS). */
enum {
	GLOSS_EXIT_OK = 0,
	GLOSS_EXIT_PROBLEMS = 1, /* invalid input found (check), or a file could not be loaded */
	GLOSS_EXIT_USAGE = 2,    /* unknown command or option, bad argument */
	GLOSS_EXIT_IO = 3,       /* a write failed; the old file is intact */
};

/* cli_main: run the command in argv[0] (argv after the program name). */
int cli_main(int argc, char **argv);
/* cli_usage: print the usage summary to fp. */
void cli_usage(void *fp);

#endif
