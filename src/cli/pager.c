/* pager.c — output through $PAGER on a terminal (see pager.h). */
#include "pager.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

FILE *pager_open(void)
{
	const char *pager = getenv("PAGER");
	FILE *fp;

	if (!isatty(STDOUT_FILENO) || (pager && (!*pager || strcmp(pager, "cat") == 0)))
		return NULL;
	if (!pager)
		pager = "less";
	setenv("LESS", "FRX", 0);
	fflush(stdout);
	fp = popen(pager, "w");
	if (fp)
		signal(SIGPIPE, SIG_IGN);
	return fp;
}

void pager_close(FILE *fp)
{
	if (fp)
		pclose(fp);
}
