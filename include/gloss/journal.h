/* journal.h — replace several files as one change: all of them, or none.
 *
 * journal_commit:
 *  0. checks that every target is in a place gloss writes (writer.h: no symbolic link
 *     below the base, a regular file or none); one that is not refuses the whole change;
 *  1. writes every new content to a temporary file beside its target (writer_stage); a
 *     failure removes the temporary files written so far: every file is as before;
 *  2. writes ROOT/.gloss-journal (atomically) listing each temporary file and its target;
 *     a failure here also leaves every file as before;
 *  3. renames each temporary file over its target, then removes the journal; from step 2
 *     to the end a terminating signal is held back (it would remove the temporary files).
 * A failure or a crash during step 3 leaves the journal behind, and journal_recover — which
 * every gloss command runs before anything else — renames the temporary files that are
 * still there and removes it: an interrupted change is completed by the next command.
 * So after any interruption every file is either as before (no journal) or as the change
 * wanted once the next gloss command has run.
 *
 * The journal (YAML, see gloss(5)) lists pairs [TEMP, TARGET] of paths relative to the
 * project root; recovery only renames a TEMP that is a temporary file of its TARGET
 * (".NAME.tmp.XXXXXX" in the same directory). */
#ifndef GLOSS_JOURNAL_H
#define GLOSS_JOURNAL_H

#include <stddef.h>

#define JOURNAL_NAME ".gloss-journal"

struct journal_change {
	const char *path; /* the file to replace (or create), relative to the root */
	const char *data;
	size_t len;
	size_t base; /* path[0..base) is a directory the user named (writer.h); below it no
	                link is followed */
};

/* journal_commit: make the changes in root ("." for the current directory). 0 when all are
 * made; -1 with the reason in err when none is (nothing changed), -2 when the change is
 * half made and the journal is left for the next command to complete. */
int journal_commit(const char *root, const struct journal_change *c, size_t n, char *err,
                   size_t errsize);
/* journal_recover: complete an interrupted change in root. 0 when there was none; > 0
 * when one was completed (1 + the renames that were left; message in msg); -1 when the
 * journal cannot be read or a rename fails (reason in msg; the journal is kept). */
long journal_recover(const char *root, char *msg, size_t msgsize);

#endif
