/* cmd.h — commands kept in files of their own (src/cmd_NAME.c), dispatched by cli.c.
 *
 * Each parses its own arguments (argv after the command name), prints to stdout/stderr
 * and returns an exit status (cli.h). help is what `gloss help NAME` prints. */
#ifndef GLOSS_CMD_H
#define GLOSS_CMD_H

struct cmd {
	const char *name;
	const char *help;
	int (*run)(int argc, char **argv);
};

extern const struct cmd cmd_import, cmd_export;

#endif
