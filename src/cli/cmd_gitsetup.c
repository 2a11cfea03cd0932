/* cmd_gitsetup.c — gloss git-setup: configure git to merge codings files and codebooks
 * with gloss merge (core: gitsetup.c). */
#include "cmd.h"

#include <stdio.h>

#include "gloss/diag.h"
#include "gloss/gitsetup.h"
#include "gloss/util.h"

const char cmd_gitsetup_help[] =
    "usage: gloss git-setup [DIR]\n"
    "\n"
    "Set up the project in DIR (default: the current directory) for git, so that two\n"
    "coders' branches merge without conflicts in codings files and codebooks:\n"
    "  .gitattributes   gets the lines it lacks of\n"
    "                     " GITSETUP_ATTR_CODINGS "\n"
    "                     " GITSETUP_ATTR_CODEBOOKS "\n"
    "  .git/config      merge.gloss.driver = '" GITSETUP_DRIVER "'\n"
    "                   (git never commits it: run git-setup once in every clone)\n"
    "then say what was done. gloss must be on the PATH of the git that merges.\n"
    "\n"
    "exit status: 0 done; 1 a file could not be written or git config failed; 2 usage\n"
    "error.\n";

int cmd_gitsetup(struct args *a)
{
	const char *dir = a->npos ? a->pos[0] : ".";
	struct strbuf done = STRBUF_INIT;
	struct diags d;
	bool ok;

	if (a->npos > 1)
		return cli_usage_error("git-setup takes one DIR, not '%s'", a->pos[1]);
	if (!path_is_dir(dir))
		return cli_usage_error("git-setup: '%s' is not a directory", dir);
	diags_init(&d);
	ok = gitsetup_configure(dir, &done, &d);
	if (done.len)
		fputs(done.data, stdout);
	if (!done.len && ok)
		puts("nothing to do: the driver is configured");
	for (size_t i = 0; i < d.len; i++)
		cli_print_diag(stderr, "gloss: ", &d.items[i]);
	diags_done(&d);
	sb_done(&done);
	return cli_flush_out(ok ? GLOSS_EXIT_OK : GLOSS_EXIT_PROBLEMS);
}
