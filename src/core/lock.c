/* lock.c — exclusive locks on lock files beside the files they protect (lock.h). */
#include "gloss/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gloss/util.h"

#define LOCK_POLL_MS 5

/* A held lock: its fd and its lock file's path, in static storage for the signal path. */
struct held {
	volatile sig_atomic_t used;
	int fd;
	int tidy; /* directories above the lock file to remove when emptied: 0, 1 or 2 */
	char path[PATH_MAX];
};

static struct held held[LOCK_MAX_HELD];

static char *lock_path(const char *file)
{
	char *dir = path_dirname(file);
	char *name = xasprintf(".%s.lock", path_basename(file));
	char *p = path_join(dir, name);

	free(dir);
	free(name);
	return p;
}

static struct held *free_slot(void)
{
	for (size_t i = 0; i < LOCK_MAX_HELD; i++)
		if (!held[i].used)
			return &held[i];
	return NULL;
}

static struct held *slot_of(int fd)
{
	for (size_t i = 0; i < LOCK_MAX_HELD; i++)
		if (held[i].used && held[i].fd == fd)
			return &held[i];
	return NULL;
}

/* fail: the message into err, errno = e; returns -1 */
static int fail(char *err, size_t errsize, int e, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errsize, int e, const char *fmt, ...)
{
	va_list ap;

	if (err && errsize) {
		va_start(ap, fmt);
		vsnprintf(err, errsize, fmt, ap);
		va_end(ap);
	}
	errno = e;
	return -1;
}

/* same_file: is lp still the inode fd locked? (The gloss that held it may have removed
 * it between our open and our flock; a link put in its place is not it either.) */
static bool same_file(int fd, const char *lp)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && lstat(lp, &b) == 0 && a.st_dev == b.st_dev &&
	       a.st_ino == b.st_ino;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* flock_wait: 0 when locked, LOCK_BUSY when another holds it (polling until deadline, a
 * now_ms time, or at once when deadline is 0) */
static int flock_wait(int fd, long long deadline)
{
	struct timespec pause = {0, LOCK_POLL_MS * 1000000L};

	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if ((errno != EWOULDBLOCK && errno != EINTR) || now_ms() >= deadline)
			return LOCK_BUSY;
		nanosleep(&pause, NULL);
	}
}

/* open_lock: open (creating) the lock file, never through a link; -1 with err set */
static int open_lock(const char *lp, char *err, size_t errsize)
{
	int fd = open(lp, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0644);
	struct stat st;

	if (fd < 0 && errno == ELOOP)
		return fail(err, errsize, ELOOP,
		            "%s is a symbolic link; gloss will not follow it (remove it)", lp);
	if (fd < 0)
		return fail(err, errsize, errno, "cannot create %s: %s", lp, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return fail(err, errsize, EINVAL, "%s is not a regular file", lp);
	}
	return fd;
}

static int make_dir(const char *file, char *err, size_t errsize)
{
	char *dir = path_dirname(file);
	int rc = 0;

	if (mkdir_p(dir) < 0)
		rc = fail(err, errsize, errno, "cannot create %s: %s", dir, strerror(errno));
	free(dir);
	return rc;
}

static int take(struct held *h, const char *file, const char *lp, int flags, char *err,
                size_t errsize)
{
	long long deadline = flags & LOCK_WAIT ? now_ms() + LOCK_WAIT_MS : 0;

	if ((flags & LOCK_MKDIR) && make_dir(file, err, errsize) < 0)
		return -1;
	/* the holder may remove the file between our open and our flock: then try the new
	 * one, three times, or until the deadline when waiting */
	for (int tries = 0; tries < 3 || now_ms() < deadline; tries++) {
		int fd = open_lock(lp, err, errsize);

		if (fd < 0)
			return -1;
		if (flock_wait(fd, deadline) == LOCK_BUSY) {
			close(fd);
			return LOCK_BUSY;
		}
		if (!same_file(fd, lp)) {
			close(fd);
			continue;
		}
		memcpy(h->path, lp, strlen(lp) + 1);
		h->fd = fd;
		h->tidy = (flags & LOCK_TIDY2) == LOCK_TIDY2 ? 2 : (flags & LOCK_TIDY1) ? 1 : 0;
		h->used = 1;
		return fd;
	}
	return LOCK_BUSY;
}

int lock_take(const char *file, int flags, char *err, size_t errsize)
{
	struct held *h = free_slot();
	char *lp = lock_path(file);
	int rc;

	if (err && errsize)
		err[0] = '\0';
	if (!h)
		rc = fail(err, errsize, EMFILE, "cannot lock %s: too many locks held", file);
	else if (strlen(lp) >= sizeof(h->path))
		rc = fail(err, errsize, ENAMETOOLONG, "cannot lock %s: %s", file,
		          strerror(ENAMETOOLONG));
	else
		rc = take(h, file, lp, flags, err, errsize);
	free(lp);
	return rc;
}

/* tidy: remove the lock file and the emptied directories above it (async-signal-safe:
 * works on a copy of the path on the stack, calls only unlink and rmdir) */
static void tidy(const struct held *h)
{
	char dir[PATH_MAX];
	size_t n = 0;

	unlink(h->path);
	while (n < sizeof(dir) - 1 && h->path[n])
		n++;
	memcpy(dir, h->path, n);
	dir[n] = '\0';
	for (int level = 0; level < h->tidy; level++) {
		while (n > 0 && dir[n - 1] != '/')
			n--;
		if (n <= 1) /* a relative name in ".", or the root */
			return;
		dir[--n] = '\0';
		if (rmdir(dir) < 0) /* fails, harmlessly, unless empty */
			return;
	}
}

void lock_release(int fd)
{
	struct held *h = slot_of(fd);

	if (fd < 0)
		return;
	if (h) {
		tidy(h);
		h->used = 0;
	}
	close(fd);
}

const char *lock_held_path(int fd)
{
	struct held *h = slot_of(fd);

	return h ? h->path : NULL;
}

void lock_release_all_signal(void)
{
	for (size_t i = 0; i < LOCK_MAX_HELD; i++)
		if (held[i].used)
			tidy(&held[i]);
}

bool lock_holds(const char *file)
{
	char *lp = lock_path(file);
	bool held_here = false;

	for (size_t i = 0; i < LOCK_MAX_HELD && !held_here; i++)
		held_here = held[i].used && strcmp(held[i].path, lp) == 0;
	free(lp);
	return held_here;
}

/* The session lock this process holds shared (a coder), and whether it is raised to
 * exclusive for a change the coder makes itself (its own shared lock would refuse it). */
static int session_fd = -1;
static bool session_raised;

/* session_flock: flock(fd, how), polling until deadline (0: once); 0, LOCK_BUSY, or -1 */
static int session_flock(int fd, int how, long long deadline)
{
	struct timespec pause = {0, LOCK_POLL_MS * 1000000L};

	for (;;) {
		if (flock(fd, how | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (now_ms() >= deadline)
			return LOCK_BUSY;
		nanosleep(&pause, NULL);
	}
}

/* raise_own: this process's shared session lock made exclusive; when others hold it
 * too, it is taken shared again (a failed conversion lets it go: flock(2)) */
static int raise_own(long long deadline, char *err, size_t errsize)
{
	int rc = session_flock(session_fd, LOCK_EX, deadline);

	if (rc == 0) {
		session_raised = true;
		return session_fd;
	}
	if (flock(session_fd, LOCK_SH) < 0)
		return fail(err, errsize, errno, "cannot lock the project: %s", strerror(errno));
	return LOCK_BUSY;
}

int lock_session(const char *root, bool exclusive, int flags, char *err, size_t errsize)
{
	long long deadline = flags & LOCK_WAIT ? now_ms() + LOCK_WAIT_MS : 0;
	int fd, rc;

	if (err && errsize)
		err[0] = '\0';
	if (exclusive && session_fd >= 0 && !session_raised)
		return raise_own(deadline, err, errsize);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errsize, errno, "cannot open %s: %s", root, strerror(errno));
	rc = session_flock(fd, exclusive ? LOCK_EX : LOCK_SH, deadline);
	if (rc < 0) {
		int e = errno;
		close(fd);
		if (rc == LOCK_BUSY)
			return LOCK_BUSY;
		return fail(err, errsize, e, "cannot lock %s: %s", root, strerror(e));
	}
	if (!exclusive && session_fd < 0)
		session_fd = fd;
	return fd;
}

void lock_session_end(int fd)
{
	if (fd < 0)
		return;
	if (fd == session_fd && session_raised) {
		flock(fd, LOCK_SH); /* back to what the coder held */
		session_raised = false;
		return;
	}
	if (fd == session_fd)
		session_fd = -1;
	close(fd);
}
