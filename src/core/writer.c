/* writer.c — the rules for writing a user's file, in one place (writer.h). */
#include "gloss/writer.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/lock.h"
#include "gloss/util.h"

/* refuse: "cannot write PATH: " + the reason into err; errno = e; returns status */
static int refuse(int status, int e, char *err, size_t errsize, const char *path, const char *fmt,
                  ...) __attribute__((format(printf, 6, 7)));

static int refuse(int status, int e, char *err, size_t errsize, const char *path, const char *fmt,
                  ...)
{
	va_list ap;
	int n;

	if (err && errsize) {
		n = snprintf(err, errsize, "cannot write %s: ", path);
		if (n >= 0 && (size_t)n < errsize) {
			va_start(ap, fmt);
			vsnprintf(err + n, errsize - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	errno = e;
	return status;
}

size_t writer_base(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? (size_t)(slash - path) + 1 : 0;
}

/* kind: what a file that is not a regular one is, for messages */
static const char *kind(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

/* check_dirs: every directory of f->path below the base exists as a directory, not a
 * link, or is missing (then so is everything below it: *missing) */
static int check_dirs(const struct writer_file *f, bool *missing, char *err, size_t errsize)
{
	const char *p = f->path, *s = p + f->base;
	struct stat st;
	int rc = WRITER_OK;

	*missing = false;
	while (*s == '/')
		s++;
	for (s = strchr(s, '/'); s && rc == WRITER_OK && !*missing; s = strchr(s + 1, '/')) {
		char *dir = xstrndup(p, (size_t)(s - p));
		int r = lstat(dir, &st);
		if (r < 0 && errno == ENOENT)
			*missing = true;
		else if (r < 0)
			rc = refuse(WRITER_FAILED, errno, err, errsize, p, "%s: %s", dir,
			            strerror(errno));
		else if (S_ISLNK(st.st_mode))
			rc = refuse(WRITER_REFUSED, ELOOP, err, errsize, p,
			            "%s is a symbolic link; gloss never writes through a link "
			            "(nothing was written)",
			            dir);
		else if (!S_ISDIR(st.st_mode))
			rc = refuse(WRITER_REFUSED, ENOTDIR, err, errsize, p,
			            "%s is %s, not a directory (nothing was written)", dir,
			            kind(st.st_mode));
		free(dir);
	}
	return rc;
}

/* check_file: the file itself: missing, or a regular file (not a link) */
static int check_file(const struct writer_file *f, int flags, char *err, size_t errsize)
{
	struct stat st;

	if (lstat(f->path, &st) < 0) {
		if (errno == ENOENT)
			return WRITER_OK;
		return refuse(WRITER_FAILED, errno, err, errsize, f->path, "%s", strerror(errno));
	}
	if (S_ISLNK(st.st_mode))
		return refuse(WRITER_REFUSED, ELOOP, err, errsize, f->path,
		              "it is a symbolic link; gloss replaces files, so it never writes "
		              "through a link (nothing was written)");
	if (!S_ISREG(st.st_mode))
		return refuse(WRITER_REFUSED, EINVAL, err, errsize, f->path,
		              "it is %s; gloss writes only regular files (nothing was written)",
		              kind(st.st_mode));
	if ((flags & WRITER_NEW) && !(flags & WRITER_FORCE))
		return refuse(WRITER_EXISTS, EEXIST, err, errsize, f->path,
		              "it exists; use --force to replace it");
	return WRITER_OK;
}

int writer_check(const struct writer_file *f, int flags, char *err, size_t errsize)
{
	bool missing;
	int rc;

	if (err && errsize)
		err[0] = '\0';
	rc = check_dirs(f, &missing, err, errsize);
	if (rc == WRITER_OK && !missing)
		rc = check_file(f, flags, err, errsize);
	return rc;
}

/* make_dirs: the missing directories of f->path (checked: none below the base is a
 * link) */
static int make_dirs(const struct writer_file *f, char *err, size_t errsize)
{
	char *dir = path_dirname(f->path);
	int rc = WRITER_OK;

	if (mkdir_p(dir) < 0)
		rc = refuse(WRITER_FAILED, errno, err, errsize, f->path, "mkdir %s: %s", dir,
		            strerror(errno));
	free(dir);
	return rc;
}

/* made: the directories a set of writes created, removed again when the set fails */
struct made {
	char **dirs;
	size_t n, cap;
};

/* make_dirs_noted: make_dirs for a set, noting each directory it creates */
static int make_dirs_noted(const struct writer_file *f, struct made *m, char *err, size_t errsize)
{
	char *dir = path_dirname(f->path);
	int rc = WRITER_OK;

	/* from the top: a missing user's directory is made too (checked: nothing below it
	 * exists that could be a link) */
	for (char *s = dir + (dir[0] == '/'); s && rc == WRITER_OK;) {
		char *slash = strchr(s, '/');
		char *part = slash ? xstrndup(dir, (size_t)(slash - dir)) : xstrdup(dir);
		if (*part && mkdir(part, 0777) == 0) {
			VEC_PUSH(m->dirs, m->n, m->cap, part);
			part = NULL;
		} else if (*part && errno != EEXIST) {
			rc = refuse(WRITER_FAILED, errno, err, errsize, f->path, "mkdir %s: %s",
			            part, strerror(errno));
		}
		free(part);
		s = slash ? slash + 1 : NULL;
	}
	free(dir);
	return rc;
}

static void made_undo(struct made *m, bool remove)
{
	while (m->n > 0) {
		char *d = m->dirs[--m->n];
		if (remove)
			rmdir(d);
		free(d);
	}
	free(m->dirs);
}

/* prepare: check, then make the directories asked for */
static int prepare(const struct writer_file *f, int flags, char *err, size_t errsize)
{
	int rc = writer_check(f, flags, err, errsize);

	if (rc == WRITER_OK && (flags & WRITER_MKDIR))
		rc = make_dirs(f, err, errsize);
	return rc;
}

/* take_lock: the file's lock when asked for and not held here yet; *fd gets it (-1 when
 * none was taken) */
static int take_lock(const struct writer_file *f, int flags, int *fd, char *err, size_t errsize)
{
	char msg[512];

	*fd = -1;
	if (!(flags & WRITER_LOCK) || lock_holds(f->path))
		return WRITER_OK;
	*fd = lock_take(f->path, LOCK_WAIT, msg, sizeof(msg));
	if (*fd == LOCK_BUSY)
		return refuse(WRITER_BUSY, EBUSY, err, errsize, f->path,
		              "another gloss is writing it; try again (nothing was written)");
	if (*fd < 0)
		return refuse(WRITER_REFUSED, errno, err, errsize, f->path, "%s", msg);
	return WRITER_OK;
}

int writer_write(const struct writer_file *f, int flags, char *err, size_t errsize)
{
	int lock, rc = prepare(f, flags, err, errsize);

	if (rc == WRITER_OK)
		rc = take_lock(f, flags, &lock, err, errsize);
	if (rc != WRITER_OK)
		return rc;
	/* the place again under a lock just taken: it may have changed while we waited */
	if (lock >= 0)
		rc = writer_check(f, flags, err, errsize);
	if (rc == WRITER_OK && atomic_write(f->path, f->data, f->len, f->mode, err, errsize) < 0)
		rc = WRITER_FAILED;
	lock_release(lock);
	return rc;
}

int writer_stage(const struct writer_file *f, char **tmp, char *err, size_t errsize)
{
	int rc = writer_check(f, 0, err, errsize);

	*tmp = NULL;
	if (rc != WRITER_OK)
		return rc;
	if (atomic_stage(f->path, f->data, f->len, f->mode, tmp, err, errsize) < 0 ||
	    atomic_sync_file(*tmp, f->path, err, errsize) < 0) {
		if (*tmp)
			atomic_discard(*tmp);
		free(*tmp);
		*tmp = NULL;
		return WRITER_FAILED;
	}
	return WRITER_OK;
}

static void discard_all(char **tmp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (tmp[i])
			atomic_discard(tmp[i]);
		free(tmp[i]);
	}
	free(tmp);
}

/* sync_dirs: fsync the directory of each file, once for files side by side */
static int sync_dirs(const struct writer_file *f, size_t n, char *err, size_t errsize)
{
	for (size_t i = 0; i < n; i++) {
		size_t b = writer_base(f[i].path);
		if (i > 0 && b == writer_base(f[i - 1].path) &&
		    strncmp(f[i].path, f[i - 1].path, b) == 0)
			continue;
		if (atomic_sync_dir(f[i].path, err, errsize) < 0)
			return WRITER_FAILED;
	}
	return WRITER_OK;
}

/* commit_all: rename every staged file, the signals held back; WRITER_FAILED with err
 * saying how many were replaced when a rename fails */
static int commit_all(const struct writer_file *f, char **tmp, size_t n, char *err, size_t errsize)
{
	sigset_t old;
	size_t done = 0;

	atomic_hold_signals(&old);
	while (done < n && atomic_commit(tmp[done], f[done].path, err, errsize) == 0) {
		free(tmp[done]);
		tmp[done++] = NULL;
	}
	atomic_release_signals(&old);
	discard_all(tmp, n); /* the ones not renamed */
	if (done < n) {
		size_t len = strlen(err);
		if (done)
			snprintf(err + len, errsize - len,
			         " (%zu of the %zu files were replaced before it)", done, n);
		return WRITER_FAILED;
	}
	return sync_dirs(f, n, err, errsize);
}

int writer_write_all(const struct writer_file *f, size_t n, int flags, char *err, size_t errsize)
{
	char **tmp = xcalloc(n + 1, sizeof(*tmp));
	struct made m = {0};
	int rc = WRITER_OK;

	for (size_t i = 0; i < n && rc == WRITER_OK; i++)
		rc = writer_check(&f[i], flags, err, errsize);
	for (size_t i = 0; i < n && rc == WRITER_OK; i++)
		if (flags & WRITER_MKDIR)
			rc = make_dirs_noted(&f[i], &m, err, errsize);
	for (size_t i = 0; i < n && rc == WRITER_OK; i++)
		rc = writer_stage(&f[i], &tmp[i], err, errsize);
	if (rc != WRITER_OK) {
		discard_all(tmp, n);
		made_undo(&m, true); /* none of the set was written: nor are its directories */
		return rc;
	}
	made_undo(&m, false);
	return commit_all(f, tmp, n, err, errsize);
}
