/* writer.h — the one way gloss writes a user's file. Every writer (codings, codebook,
 * gloss code, the journal, merge, import, export, init) goes through here; atomic.h is
 * the mechanism below it and lock.h the locks.
 *
 * The rules (gloss(5), WRITING FILES), checked in this order before anything is written:
 *  1. In its place. A path is the directory the user named (the base: a transcript's
 *     directory, --into DIR, the directory of an export, the codebook's directory), used
 *     as it is, then what gloss makes below it (codings/CODER/NAME.yaml, the files of an
 *     import, ...). No part below the base may be a symbolic link — not the file, not a
 *     directory (transcripts/codings -> /outside, codings/zed -> ben) — and each must be a
 *     directory.
 *  2. Only over a regular file. A FIFO, a device, a socket or a directory where the file
 *     should be is refused, never opened (it could block) and never replaced.
 *  3. No overwrite where a command creates files (WRITER_NEW) unless WRITER_FORCE.
 *  4. Under the file's lock (WRITER_LOCK, lock.h), unless this process holds it already.
 *  5. Atomic: a temporary file ".NAME.tmp.XXXXXX" beside it, fsync, rename, fsync the
 *     directory; a failure leaves the old file and removes the temporary file.
 *  6. Temporary files are removed on SIGINT, SIGTERM, SIGHUP and SIGQUIT (atomic.h); a
 *     set of files (writer_write_all) is renamed with those signals held back, so an
 *     interrupt leaves all of them or none.
 * A refusal names the path and the reason and writes nothing.
 *
 * To add a writer: build the contents in memory, describe the target as a struct
 * writer_file (path, base, data, mode), pick the flags, call writer_write (one file) or
 * writer_write_all (several as one), and turn the status into the exit status the front
 * end gives (gloss(1): WRITER_EXISTS is 1, the others 3). Add the writer to the table of
 * tests/hostile/run-writers.sh. */
#ifndef GLOSS_WRITER_H
#define GLOSS_WRITER_H

#include <stdbool.h>
#include <stddef.h>

enum writer_flags {
	WRITER_NEW = 1,   /* the command creates the file: an existing one is refused ... */
	WRITER_FORCE = 2, /* ... unless forced (a regular file only, still) */
	WRITER_MKDIR = 4, /* create missing directories below the base */
	WRITER_LOCK = 8,  /* hold the file's lock while writing (lock.h) */
};

enum writer_status {
	WRITER_OK = 0,
	WRITER_EXISTS = -1,  /* WRITER_NEW and the file exists; nothing written */
	WRITER_REFUSED = -2, /* rule 1 or 2: the place is not one gloss writes; nothing written */
	WRITER_BUSY = -3,    /* another gloss holds the file's lock; nothing written */
	WRITER_FAILED = -4,  /* a write failed: the old file is intact (for writer_write_all:
	                        the message says which files were replaced already) */
};

struct writer_file {
	const char *path;
	size_t base; /* path[0..base) is the user's directory, used as it is (0: check all) */
	const void *data;
	size_t len;
	int mode; /* permission bits of a new file (before the umask); a file keeps its own */
};

/* writer_base: the base of path when the user named its directory: the length of
 * dirname(path) plus its '/' (0 for a bare file name). */
size_t writer_base(const char *path);

/* writer_check: rules 1 to 3 for f; WRITER_OK, or a status with "cannot write PATH: ..."
 * in err (with errno set: ELOOP for a link, EEXIST, ENOTDIR, EINVAL for a non-regular
 * file). Nothing is written or made. */
int writer_check(const struct writer_file *f, int flags, char *err, size_t errsize);
/* writer_write: check, make the directories (WRITER_MKDIR), take the lock (WRITER_LOCK),
 * write atomically. A status (err set unless WRITER_OK). */
int writer_write(const struct writer_file *f, int flags, char *err, size_t errsize);
/* writer_write_all: n files as one: every place checked first (nothing written when one
 * is refused), every file staged and synced, then all renamed with the terminating
 * signals held back. flags apply to each. */
int writer_write_all(const struct writer_file *f, size_t n, int flags, char *err, size_t errsize);

/* writer_stage: rules 1 and 2, then a synced temporary file for f (atomic_stage): 0 with
 * *tmp set (caller commits with atomic_commit or drops with atomic_discard), or a status
 * with err set. For the journal (journal.h). */
int writer_stage(const struct writer_file *f, char **tmp, char *err, size_t errsize);

#endif
