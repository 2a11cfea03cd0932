/* main.c — pick a front end: the interactive coder or a headless command. */
#include <locale.h>
#include <stdlib.h>

#include "gloss/cli.h"
#include "gloss/tui.h"

int main(int argc, char **argv)
{
	struct tui_opts o = {0};
	int rc;

	/* only the character type: numbers in CSV/JSON keep a '.' whatever LC_NUMERIC says */
	setlocale(LC_CTYPE, "");
	argc--, argv++;
	if (!cli_wants_tui(argc, argv))
		return cli_main(argc, argv);
	rc = cli_open_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = tui_main(&o);
	free((void *)o.paths);
	return rc;
}
