/* tui.h — the interactive coder (ncursesw). The only entry point of the TUI layer. */
#ifndef GLOSS_TUI_H
#define GLOSS_TUI_H

#include <stdbool.h>
#include <stddef.h>

struct tui_opts {
	const char *codebook;     /* --codebook or NULL */
	const char *const *paths; /* PATH arguments (transcripts or directories) */
	size_t npaths;
	const char *coder; /* resolved coder name (never NULL) */
	bool exact_quotes; /* --exact-quotes (else the exact_quotes setting) */
	bool no_mouse;     /* --no-mouse (else the mouse setting) */
	bool blind;        /* load nothing of other coders (--blind) */
};

/* tui_main: open the project and run the interactive coder until the user quits.
 * Returns an exit status (cli.h). Refuses to start (status 2, message on stderr) when
 * stdin or stdout is not a terminal. */
int tui_main(const struct tui_opts *o);

#endif
