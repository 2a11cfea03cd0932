/* main.c — pick a front end: the interactive coder or a headless command. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "tui.h"
#include "gloss/lock.h"
#include "gloss/util.h"

/* coder: the interactive coder, holding the project's session lock shared from start to
 * end (lock.h), so that gloss code waits for no coder and no coder works on while the
 * codes change under it */
static int coder(const struct cli_open *c)
{
	struct tui_opts o = {c->codebook,     c->paths,    c->npaths, c->coder,
	                     c->exact_quotes, c->no_mouse, c->blind};
	char err[512];
	int rc, session = lock_session(".", false, LOCK_WAIT, err, sizeof(err));

	if (session == LOCK_BUSY) {
		fputs("gloss: gloss code is changing the project's codes; try again\n", stderr);
		return 1;
	}
	rc = tui_main(&o); /* a project that cannot be locked (read-only) is opened anyway */
	lock_session_end(session);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli_open o = {0};
	int rc;

	/* only the character type: numbers in CSV/JSON keep a '.' whatever LC_NUMERIC says */
	utf8_ctype();
	/* a file-size limit (ulimit -f) must make a save fail with EFBIG, which gloss reports
	 * and survives, rather than kill the process and the session with it */
	signal(SIGXFSZ, SIG_IGN);
	argc--, argv++;
	cli_hoist_command(argc, argv);
	if (util_epoch_problem())
		fprintf(stderr, "gloss: warning: %s\n", util_epoch_problem());
	/* an interrupted change of several files (gloss code ...) is completed first */
	rc = cli_recover_journal(argc, argv);
	if (rc >= 0)
		return rc;
	if (!cli_wants_tui(argc, argv))
		return cli_main(argc, argv);
	rc = cli_open_args(argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = coder(&o);
	free((void *)o.paths);
	return rc;
}
