/* tui.c — placeholder until the interactive coder lands (owned by the TUI work). */
#include "gloss/tui.h"

#include <stdio.h>

int tui_main(const struct tui_opts *o)
{
	(void)o;
	fputs("gloss: the interactive coder is not built yet; try 'gloss tally'\n", stderr);
	return 2;
}
