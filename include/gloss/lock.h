/* lock.h — keep two writers out of one file: an exclusive flock(2) on a lock file beside it.
 *
 * The lock of DIR/NAME is DIR/.NAME.lock. It is held while the interactive coder has a
 * codings file open (so a second gloss opens it read-only) and while the codebook is read,
 * changed and written back (so two coders adding a code at the same moment both keep
 * theirs). The kernel drops a flock when its process dies, so a lock file left behind by
 * a crash never blocks anyone; it is removed on release.
 *
 * The lock file is never followed through a symbolic link: it is opened with O_NOFOLLOW
 * and O_NONBLOCK and must be a regular file, so a committed link (.NAME.yaml.lock ->
 * /somewhere) cannot make gloss create or lock a file elsewhere. Directories are the
 * caller's to check (codings_lock checks a codings file's directories first).
 *
 * The paths of the locks held are kept in static storage (at most LOCK_MAX_HELD at once)
 * so that lock_release_all_signal can remove the lock files from a signal handler; take
 * and release locks from one thread only. */
#ifndef GLOSS_LOCK_H
#define GLOSS_LOCK_H

#include <stdbool.h>
#include <stddef.h>

#define LOCK_MAX_HELD 8
#define LOCK_BUSY (-2)

enum lock_flags {
	LOCK_WAIT = 1,   /* another holder: wait for it (at most LOCK_WAIT_MS), else LOCK_BUSY */
	LOCK_MKDIR = 2,  /* create DIR (and its parents) when missing */
	LOCK_TIDY1 = 4,  /* lock_release also removes DIR when it is left empty */
	LOCK_TIDY2 = 12, /* ... and DIR's parent when it is left empty too */
};
#define LOCK_WAIT_MS 10000

/* lock_take: lock file (which need not exist) for writing. Returns the lock's file
 * descriptor (>= 0), LOCK_BUSY when another process holds the lock (after LOCK_WAIT_MS
 * with LOCK_WAIT), or -1 with errno set and a message in err
 * ("codings/ana/.x.yaml.lock is a symbolic link; gloss will not follow it (remove it)",
 * "cannot create DIR: REASON", "cannot lock FILE: too many locks held"). flags: enum
 * lock_flags. */
int lock_take(const char *file, int flags, char *err, size_t errsize);
/* lock_release: remove the lock file (while still holding it: a gloss that opened it
 * meanwhile sees that it is gone and takes a new one), close fd and remove the emptied
 * directories asked for by LOCK_TIDY1/LOCK_TIDY2. fd < 0 is ignored. */
void lock_release(int fd);
/* lock_held_path: the lock file of a held fd (static storage), or NULL. */
const char *lock_held_path(int fd);
/* lock_release_all_signal: remove every lock file held, and the emptied directories
 * lock_release would remove, using only unlink(2) and rmdir(2) on paths kept in static
 * storage: async-signal-safe, for a handler of SIGTERM, SIGINT, SIGHUP or SIGQUIT that
 * then ends the process (the flocks go with it; the fds are not closed). */
void lock_release_all_signal(void);
/* lock_holds: does this process hold the lock of file (lock_take)? */
bool lock_holds(const char *file);

/* The session lock of a project: a flock(2) on the project's directory itself (no file is
 * made, so nothing is left behind). Every interactive coder holds it shared from start to
 * end, even on the transcript list; a change of the codebook across the project (gloss
 * code) takes it exclusive, so that it never runs while a coder is open, and a coder
 * started meanwhile waits for it. lock_session: the lock's fd, LOCK_BUSY when it is held
 * the other way (after LOCK_WAIT_MS with LOCK_WAIT), or -1 with errno and err set.
 * lock_session_end: let it go (fd < 0 is ignored). */
int lock_session(const char *root, bool exclusive, int flags, char *err, size_t errsize);
void lock_session_end(int fd);

#endif
