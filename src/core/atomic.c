/* atomic.c — replace a file atomically (temp file, fsync, rename, fsync the directory).
 *
 * Only plain libc calls (open, write, fsync, close, rename, unlink) are used so a fault
 * injection shim loaded with LD_PRELOAD can make any step fail.
 *
 * Every temporary file made here is listed in a registry until it is renamed over its
 * target or removed; a terminating signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) removes the
 * files listed (and the lock files held) before the process ends. The registry is changed
 * only with those signals blocked, so the handler always sees it whole. */
#include "gloss/atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/lock.h"
#include "gloss/util.h"

/* ---- the registry of live temporary files ------------------------------------------- */

static const int term_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};
static char **temps; /* live temporary files (malloc'd paths); NULL slots are free */
static size_t ntemps;
static bool handlers_set;

void atomic_hold_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_LEN(term_signals); i++)
		sigaddset(&set, term_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

void atomic_release_signals(const sigset_t *old)
{
	sigprocmask(SIG_SETMASK, old, NULL);
}

void atomic_remove_temps_signal(void)
{
	for (size_t i = 0; i < ntemps; i++)
		if (temps[i])
			unlink(temps[i]);
}

/* on_term: remove the temporary files and the lock files held, then end the process by
 * the signal's default action (async-signal-safe) */
static void on_term(int sig)
{
	struct sigaction sa;

	atomic_remove_temps_signal();
	lock_release_all_signal();
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	raise(sig); /* blocked while the handler runs: delivered as it returns */
}

/* install: the handler, for each signal whose action is still the default (a front end
 * that handles them itself, as the coder does, or a signal the caller ignores, is left
 * alone) */
static void install(void)
{
	struct sigaction sa, cur;

	if (handlers_set)
		return;
	handlers_set = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(term_signals); i++)
		sigaddset(&sa.sa_mask, term_signals[i]);
	for (size_t i = 0; i < ARRAY_LEN(term_signals); i++)
		if (sigaction(term_signals[i], NULL, &cur) == 0 && !(cur.sa_flags & SA_SIGINFO) &&
		    cur.sa_handler == SIG_DFL)
			sigaction(term_signals[i], &sa, NULL);
}

/* track: list path as a live temporary file; call with the signals held */
static void track(const char *path)
{
	size_t i = 0;

	while (i < ntemps && temps[i])
		i++;
	if (i == ntemps) {
		char **grown = xcalloc(ntemps * 2 + 8, sizeof(*grown));
		if (ntemps)
			memcpy(grown, temps, ntemps * sizeof(*grown));
		free(temps);
		temps = grown;
		ntemps = ntemps * 2 + 8;
	}
	temps[i] = xstrdup(path);
}

/* untrack: path is no longer a temporary file (renamed or removed) */
static void untrack(const char *path)
{
	sigset_t old;
	char *gone = NULL;

	atomic_hold_signals(&old);
	for (size_t i = 0; i < ntemps && !gone; i++)
		if (temps[i] && strcmp(temps[i], path) == 0) {
			gone = temps[i];
			temps[i] = NULL;
		}
	atomic_release_signals(&old);
	free(gone);
}

size_t atomic_temps_live(void)
{
	size_t n = 0;

	for (size_t i = 0; i < ntemps; i++)
		n += temps[i] != NULL;
	return n;
}

/* ---- writing ------------------------------------------------------------------------ */

struct atomic_job {
	const char *path;
	char *tmp;
	int fd;
	char *err;
	size_t errsize;
};

/* fail: record "cannot write PATH: STEP: REASON", keep errno, return -1. */
static int fail(struct atomic_job *j, const char *step)
{
	int e = errno;

	if (j->err && j->errsize)
		snprintf(j->err, j->errsize, "cannot write %s: %s: %s", j->path, step, strerror(e));
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (j->tmp) {
		unlink(j->tmp);
		untrack(j->tmp);
	}
	free(j->tmp);
	j->tmp = NULL;
	errno = e;
	return -1;
}

static mode_t current_umask(void)
{
	mode_t m = umask(022);

	umask(m);
	return m;
}

static int target_mode(const char *path, int mode)
{
	struct stat st;

	if (stat(path, &st) == 0)
		return (int)(st.st_mode & 07777);
	return mode & ~(int)current_umask() & 07777;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* make_temp: create the temporary file and list it, with the signals held in between (a
 * signal either comes before it exists or finds it listed) */
static int make_temp(struct atomic_job *j)
{
	char *dir = path_dirname(j->path);
	char *name = xasprintf(".%s.tmp.XXXXXX", path_basename(j->path));
	sigset_t old;
	int e;

	j->tmp = path_join(dir, name);
	free(dir);
	free(name);
	install();
	atomic_hold_signals(&old);
	j->fd = mkstemp(j->tmp);
	e = errno;
	if (j->fd >= 0)
		track(j->tmp);
	atomic_release_signals(&old);
	if (j->fd < 0) {
		free(j->tmp);
		j->tmp = NULL;
		errno = e;
		return -1;
	}
	return 0;
}

static int sync_dir(const char *path)
{
	char *dir = path_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = 0;

	free(dir);
	if (fd < 0)
		return -1;
	/* some file systems cannot fsync a directory; that is not a failed save */
	if (fsync(fd) < 0 && errno != EINVAL && errno != ENOTSUP)
		rc = -1;
	if (rc < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

int atomic_write(const char *path, const void *data, size_t len, int mode, char *err,
                 size_t errsize)
{
	struct atomic_job j = {path, NULL, -1, err, errsize};
	int fd;

	if (err && errsize)
		err[0] = '\0';
	if (make_temp(&j) < 0)
		return fail(&j, "create temporary file");
	if (fchmod(j.fd, (mode_t)target_mode(path, mode)) < 0)
		return fail(&j, "fchmod");
	if (write_all(j.fd, data, len) < 0)
		return fail(&j, "write");
	if (fsync(j.fd) < 0)
		return fail(&j, "fsync");
	fd = j.fd;
	j.fd = -1;
	if (close(fd) < 0)
		return fail(&j, "close");
	if (rename(j.tmp, path) < 0)
		return fail(&j, "rename");
	untrack(j.tmp);
	free(j.tmp);
	j.tmp = NULL;
	if (sync_dir(path) < 0)
		return fail(&j, "fsync directory");
	return 0;
}

int atomic_stage(const char *path, const void *data, size_t len, int mode, char **tmp, char *err,
                 size_t errsize)
{
	struct atomic_job j = {path, NULL, -1, err, errsize};
	int fd;

	*tmp = NULL;
	if (err && errsize)
		err[0] = '\0';
	if (make_temp(&j) < 0)
		return fail(&j, "create temporary file");
	if (fchmod(j.fd, (mode_t)target_mode(path, mode)) < 0)
		return fail(&j, "fchmod");
	if (write_all(j.fd, data, len) < 0)
		return fail(&j, "write");
	fd = j.fd;
	j.fd = -1;
	if (close(fd) < 0)
		return fail(&j, "close");
	*tmp = j.tmp;
	return 0;
}

void atomic_discard(const char *tmp)
{
	unlink(tmp);
	untrack(tmp);
}

/* say: "cannot write PATH: STEP: REASON" into err, keeping errno; -1 */
static int say(const char *path, const char *step, char *err, size_t errsize)
{
	int e = errno;

	if (err && errsize)
		snprintf(err, errsize, "cannot write %s: %s: %s", path, step, strerror(e));
	errno = e;
	return -1;
}

int atomic_sync_file(const char *tmp, const char *path, char *err, size_t errsize)
{
	int fd = open(tmp, O_RDONLY | O_CLOEXEC | O_NOFOLLOW), rc = 0;

	if (fd < 0)
		return say(path, "fsync", err, errsize);
	if (fsync(fd) < 0)
		rc = say(path, "fsync", err, errsize);
	close(fd);
	return rc;
}

int atomic_commit(const char *tmp, const char *path, char *err, size_t errsize)
{
	if (rename(tmp, path) < 0)
		return say(path, "rename", err, errsize);
	untrack(tmp);
	return 0;
}

int atomic_sync_dir(const char *path, char *err, size_t errsize)
{
	if (sync_dir(path) < 0)
		return say(path, "fsync directory", err, errsize);
	return 0;
}
