/* gitsetup.h — a project kept in git: is gloss's merge driver configured, and configuring
 * it (gloss git-setup, gloss init).
 *
 * The driver is two things: .gitattributes lines that send codings files and codebooks to
 * the driver named gloss, and the repository's configuration of that driver
 * (merge.gloss.driver, in .git/config, which git never commits). */
#ifndef GLOSS_GITSETUP_H
#define GLOSS_GITSETUP_H

#include <stdbool.h>

#include "gloss/diag.h"
#include "gloss/util.h"

/* The .gitattributes lines gloss wants, and the driver's command. */
#define GITSETUP_ATTR_CODINGS "transcripts/**/codings/**/*.yaml merge=gloss"
#define GITSETUP_ATTR_CODEBOOKS "codebooks/*.yaml merge=gloss"
#define GITSETUP_DRIVER "gloss merge %O %A %B %P"
/* What the coder and gloss check say, once, when gitsetup_state is GITSETUP_MISSING. */
#define GITSETUP_HINT                                                                              \
	"this git repository has no merge driver for gloss files (merges of codings and "          \
	"codebooks will conflict): run 'gloss git-setup'"

enum gitsetup_state {
	GITSETUP_NO_REPO, /* dir is not inside a git work tree (no .git in it or above) */
	GITSETUP_OK,      /* merge.gloss.driver is set */
	GITSETUP_MISSING, /* a repository without merge.gloss.driver */
	GITSETUP_UNKNOWN, /* git could not be run */
};

/* gitsetup_state: the state of the project in dir (runs git config --get). */
enum gitsetup_state gitsetup_state(const char *dir);
/* gitsetup_configure: add the lines above that dir/.gitattributes lacks (atomically; the
 * file's other lines are kept; a symbolic link is refused) and, when dir is in a git
 * repository, set merge.gloss.name and merge.gloss.driver there. What was done is added
 * to done (one line each). false with an error in d when something could not be done. */
bool gitsetup_configure(const char *dir, struct strbuf *done, struct diags *d);

#endif
