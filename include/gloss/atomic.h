/* atomic.h — replace a file atomically: write a temp file beside it, fsync, rename, fsync
 * the directory. Either the new contents are complete on disk or the old file is left
 * exactly as it was; a failure at any step removes the temp file and reports which step
 * failed and why.
 *
 * This is the mechanism only: the rules for writing a user's file (no link, never over a
 * non-regular file, the lock, no overwrite without --force) are writer.h's, and every
 * writer of gloss goes through writer.h, never through these calls directly.
 *
 * Temporary files are listed while they live; the first one made installs a handler for
 * SIGINT, SIGTERM, SIGHUP and SIGQUIT (where the signal's action is still the default)
 * that removes the listed files and the lock files held (lock.h), then ends the process
 * by the signal. */
#ifndef GLOSS_ATOMIC_H
#define GLOSS_ATOMIC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

/* atomic_write: replace path with data[0..len). mode is used when the file is new (an
 * existing file keeps its permission bits). Returns 0, or -1 with errno set and a message
 * ("cannot write codings/ana/x.yaml: fsync: No space left on device") in err. The parent
 * directory must exist. */
int atomic_write(const char *path, const void *data, size_t len, int mode, char *err,
                 size_t errsize);

/* atomic_write in steps, for a change of several files made as one (journal.h), so that
 * the slow fsyncs come after every write (the file system can flush them together) and
 * each directory is synced once:
 * atomic_stage writes data to a new temporary file beside path (named like atomic_write's,
 * ".NAME.tmp.XXXXXX"), with path's permission bits (mode when path is new), closes it
 * (not yet synced) and returns its name in *tmp (caller frees): 0, or -1 with errno and
 * err set and no temporary file left. atomic_sync_file fsyncs the temporary file tmp of
 * path. atomic_commit renames tmp over path (the rename either happened or not).
 * atomic_sync_dir fsyncs the directory holding path (a file system that cannot is not an
 * error). Each returns 0, or -1 with errno set and "cannot write PATH: STEP: REASON" in
 * err. */
int atomic_stage(const char *path, const void *data, size_t len, int mode, char **tmp, char *err,
                 size_t errsize);
int atomic_sync_file(const char *tmp, const char *path, char *err, size_t errsize);
int atomic_commit(const char *tmp, const char *path, char *err, size_t errsize);
int atomic_sync_dir(const char *path, char *err, size_t errsize);
/* atomic_discard: remove a temporary file of atomic_stage that will not be committed. */
void atomic_discard(const char *tmp);

/* atomic_hold_signals / atomic_release_signals: block the terminating signals (old gets
 * the mask before) and restore the mask: around the renames of a change of several files,
 * so that a signal comes after all of them, never between two. */
void atomic_hold_signals(sigset_t *old);
void atomic_release_signals(const sigset_t *old);
/* atomic_remove_temps_signal: remove every listed temporary file (async-signal-safe: for
 * a front end's own handler). atomic_temps_live: how many are listed (tests). */
void atomic_remove_temps_signal(void);
size_t atomic_temps_live(void);

#endif
