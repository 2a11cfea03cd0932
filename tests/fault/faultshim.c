/* faultshim.c — an LD_PRELOAD library that makes chosen file system calls fail.
 *
 *   GLOSS_FAULT="fsync:1:ENOSPC[,write:2:EIO...]"
 *	fail the Nth call (1-based; "*" = every call) of a function with that errno.
 *	Functions: open (also openat, creat), mkstemp (all mkstemp variants), write, fsync,
 *	fsyncdir (fsync/fdatasync on a directory), fsyncfile (on anything else), fdatasync,
 *	close, rename (also renameat/renameat2), fchmod, unlink, pwrite.
 *	"write:N:SHORT" makes the Nth write write only half its bytes (at least one) and
 *	"...:N:EINTR" fails once with EINTR, to test retry loops.
 *   GLOSS_FAULT_DIR=/abs/dir	only calls on paths below this directory, or on file
 *	descriptors opened below it, are counted and failed (default: every call).
 *   GLOSS_FAULT_LOG=file	append one line per injected failure ("fsync#1 /x/y ENOSPC").
 *
 * Only single-threaded programs are supported (the counters are not atomic). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define MAX_RULES 16
#define MAX_FDS 4096

enum fn {
	F_OPEN,
	F_MKSTEMP,
	F_WRITE,
	F_FSYNC,
	F_FSYNCDIR,
	F_FSYNCFILE,
	F_FDATASYNC,
	F_CLOSE,
	F_CLOSEWRITE,
	F_RENAME,
	F_FCHMOD,
	F_UNLINK,
	F_PWRITE,
	F_COUNT
};

static const char *const fn_names[F_COUNT] = {
    [F_OPEN] = "open",           [F_MKSTEMP] = "mkstemp",   [F_WRITE] = "write",
    [F_FSYNC] = "fsync",         [F_FSYNCDIR] = "fsyncdir", [F_FSYNCFILE] = "fsyncfile",
    [F_FDATASYNC] = "fdatasync", [F_CLOSE] = "close",       [F_CLOSEWRITE] = "closewrite",
    [F_RENAME] = "rename",       [F_FCHMOD] = "fchmod",     [F_UNLINK] = "unlink",
    [F_PWRITE] = "pwrite",
};

struct rule {
	enum fn fn;
	long nth; /* 0: every call */
	int err;  /* -1: short write */
};

static struct rule rules[MAX_RULES];
static int nrules = -1; /* -1: not initialised */
static unsigned long counts[F_COUNT];
static char fault_dir[PATH_MAX];
static size_t fault_dir_len;
static char *fd_paths[MAX_FDS];
static bool fd_writable[MAX_FDS];
static bool in_shim;

static const struct {
	const char *name;
	int value;
} errnos[] = {
    {"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EACCES", EACCES}, {"EROFS", EROFS},
    {"EFBIG", EFBIG},   {"EDQUOT", EDQUOT}, {"EPERM", EPERM},   {"EINTR", EINTR},
    {"ENOENT", ENOENT}, {"EEXIST", EEXIST}, {"EMFILE", EMFILE}, {"EBADF", EBADF},
    {"EXDEV", EXDEV},   {"SHORT", -1},
};

static void *real(const char *name)
{
	void *p = dlsym(RTLD_NEXT, name);

	if (!p) {
		fprintf(stderr, "faultshim: no symbol %s\n", name);
		abort();
	}
	return p;
}

static int parse_errno(const char *s)
{
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strcmp(s, errnos[i].name) == 0)
			return errnos[i].value;
	return atoi(s) > 0 ? atoi(s) : EIO;
}

static void parse_rule(char *spec)
{
	char *fn = strtok(spec, ":"), *nth = strtok(NULL, ":"), *err = strtok(NULL, ":");

	if (!fn || nrules >= MAX_RULES)
		return;
	for (int i = 0; i < F_COUNT; i++) {
		if (strcmp(fn, fn_names[i]) != 0)
			continue;
		rules[nrules].fn = (enum fn)i;
		rules[nrules].nth = (!nth || strcmp(nth, "*") == 0) ? 0 : atol(nth);
		rules[nrules].err = err ? parse_errno(err) : EIO;
		nrules++;
		return;
	}
	fprintf(stderr, "faultshim: unknown function '%s'\n", fn);
}

static void init(void)
{
	const char *spec = getenv("GLOSS_FAULT"), *dir = getenv("GLOSS_FAULT_DIR");
	char buf[1024];

	if (nrules >= 0)
		return;
	nrules = 0;
	if (dir && *dir && realpath(dir, fault_dir))
		fault_dir_len = strlen(fault_dir);
	if (!spec)
		return;
	snprintf(buf, sizeof(buf), "%s", spec);
	for (char *save = NULL, *r = strtok_r(buf, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
		char one[128];
		snprintf(one, sizeof(one), "%s", r);
		parse_rule(one);
	}
}

/* absolute: make path absolute against dirfd's tracked path or the cwd (no symlink
 * resolution of the last component: it may not exist yet). */
static void absolute(int dirfd, const char *path, char *out, size_t size)
{
	char base[PATH_MAX];

	if (path[0] == '/') {
		snprintf(out, size, "%s", path);
		return;
	}
	if (dirfd != AT_FDCWD && dirfd >= 0 && dirfd < MAX_FDS && fd_paths[dirfd])
		snprintf(base, sizeof(base), "%s", fd_paths[dirfd]);
	else if (!getcwd(base, sizeof(base)))
		base[0] = '\0';
	snprintf(out, size, "%s/%s", base, path);
}

static bool under_dir(const char *abs)
{
	if (fault_dir_len == 0)
		return true;
	return strncmp(abs, fault_dir, fault_dir_len) == 0 &&
	       (abs[fault_dir_len] == '/' || abs[fault_dir_len] == '\0');
}

static bool path_tracked(int dirfd, const char *path, char *abs, size_t size)
{
	absolute(dirfd, path, abs, size);
	return under_dir(abs);
}

static bool fd_tracked(int fd)
{
	if (fault_dir_len == 0)
		return fd >= 0;
	return fd >= 0 && fd < MAX_FDS && fd_paths[fd] != NULL;
}

static void track_fd(int fd, const char *abs, bool writable)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	free(fd_paths[fd]);
	fd_paths[fd] = strdup(abs);
	fd_writable[fd] = writable;
}

static void untrack_fd(int fd)
{
	if (fd < 0 || fd >= MAX_FDS)
		return;
	free(fd_paths[fd]);
	fd_paths[fd] = NULL;
}

static void log_fault(enum fn f, const char *what, int err)
{
	const char *path = getenv("GLOSS_FAULT_LOG");
	int (*ropen)(const char *, int, ...) = real("open");
	ssize_t (*rwrite)(int, const void *, size_t) = real("write");
	int (*rclose)(int) = real("close");
	char line[PATH_MAX + 64];
	int fd, n;

	if (!path)
		return;
	n = snprintf(line, sizeof(line), "%s#%lu %s %s\n", fn_names[f], counts[f],
	             what ? what : "?", err < 0 ? "SHORT" : strerrorname_np(err));
	fd = ropen(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (rwrite(fd, line, (size_t)n) < 0)
		n = 0;
	rclose(fd);
}

/* should_fail: count a call of f and return the errno to fail with (0: let it pass). */
static int should_fail(enum fn f, const char *what)
{
	init();
	if (in_shim)
		return 0;
	counts[f]++;
	for (int i = 0; i < nrules; i++) {
		if (rules[i].fn != f || (rules[i].nth && (unsigned long)rules[i].nth != counts[f]))
			continue;
		in_shim = true;
		log_fault(f, what, rules[i].err);
		in_shim = false;
		return rules[i].err;
	}
	return 0;
}

static const char *fd_name(int fd)
{
	return fd >= 0 && fd < MAX_FDS && fd_paths[fd] ? fd_paths[fd] : "fd";
}

static int do_openat(int dirfd, const char *path, int flags, mode_t mode)
{
	static int (*ropenat)(int, const char *, int, ...);
	char abs[PATH_MAX];
	bool tracked;
	int fd, e;

	if (!ropenat)
		ropenat = real("openat");
	init();
	if (in_shim)
		return ropenat(dirfd, path, flags, mode);
	tracked = path_tracked(dirfd, path, abs, sizeof(abs));
	if (tracked && (e = should_fail(F_OPEN, abs)) != 0) {
		errno = e;
		return -1;
	}
	fd = ropenat(dirfd, path, flags, mode);
	if (fd >= 0 && tracked)
		track_fd(fd, abs, (flags & O_ACCMODE) != O_RDONLY);
	return fd;
}

static mode_t va_mode(int flags, va_list ap)
{
	if (flags & (O_CREAT | __O_TMPFILE))
		return (mode_t)va_arg(ap, int);
	return 0;
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_mode(flags, ap);
	va_end(ap);
	return do_openat(AT_FDCWD, path, flags, mode);
}

int open64(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_mode(flags, ap);
	va_end(ap);
	return do_openat(AT_FDCWD, path, flags, mode);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_mode(flags, ap);
	va_end(ap);
	return do_openat(dirfd, path, flags, mode);
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_mode(flags, ap);
	va_end(ap);
	return do_openat(dirfd, path, flags, mode);
}

int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	return do_openat(AT_FDCWD, path, flags, 0);
}

int __openat_2(int dirfd, const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags)
{
	return do_openat(dirfd, path, flags, 0);
}

int creat(const char *path, mode_t mode)
{
	return do_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* do_mkstemp: call the real function named fn (the temp file is created by glibc's
 * internal open, which we cannot see) and track the resulting fd. */
static int do_mkstemp(const char *fn, char *tmpl, int suffixlen, int flags)
{
	char abs[PATH_MAX];
	int fd, e;

	init();
	if (path_tracked(AT_FDCWD, tmpl, abs, sizeof(abs)) && (e = should_fail(F_MKSTEMP, abs))) {
		errno = e;
		return -1;
	}
	if (strcmp(fn, "mkstemp") == 0)
		fd = ((int (*)(char *))real(fn))(tmpl);
	else if (strcmp(fn, "mkostemp") == 0)
		fd = ((int (*)(char *, int))real(fn))(tmpl, flags);
	else if (strcmp(fn, "mkstemps") == 0)
		fd = ((int (*)(char *, int))real(fn))(tmpl, suffixlen);
	else
		fd = ((int (*)(char *, int, int))real(fn))(tmpl, suffixlen, flags);
	if (fd >= 0 && path_tracked(AT_FDCWD, tmpl, abs, sizeof(abs)))
		track_fd(fd, abs, true);
	return fd;
}

int mkstemp(char *tmpl)
{
	return do_mkstemp("mkstemp", tmpl, 0, 0);
}

int mkstemp64(char *tmpl)
{
	return do_mkstemp("mkstemp", tmpl, 0, 0);
}

int mkostemp(char *tmpl, int flags)
{
	return do_mkstemp("mkostemp", tmpl, 0, flags);
}

int mkostemp64(char *tmpl, int flags)
{
	return do_mkstemp("mkostemp", tmpl, 0, flags);
}

int mkstemps(char *tmpl, int suffixlen)
{
	return do_mkstemp("mkstemps", tmpl, suffixlen, 0);
}

int mkostemps(char *tmpl, int suffixlen, int flags)
{
	return do_mkstemp("mkostemps", tmpl, suffixlen, flags);
}

/* write_fault: what the write (fn F_WRITE or F_PWRITE) of n bytes to fd does: 0 goes
 * ahead with *n bytes (half of them for a short write), else the errno to fail with */
static int write_fault(int fd, enum fn fn, size_t *n)
{
	int e;

	init();
	if (in_shim || !fd_tracked(fd) || fd <= 2 || !(e = should_fail(fn, fd_name(fd))))
		return 0;
	if (e > 0)
		return e;
	*n = *n > 1 ? *n / 2 : *n;
	return 0;
}

ssize_t write(int fd, const void *buf, size_t n)
{
	static ssize_t (*rwrite)(int, const void *, size_t);
	int e;

	if (!rwrite)
		rwrite = real("write");
	if ((e = write_fault(fd, F_WRITE, &n))) {
		errno = e;
		return -1;
	}
	return rwrite(fd, buf, n);
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off)
{
	static ssize_t (*rpwrite)(int, const void *, size_t, off_t);
	int e;

	if (!rpwrite)
		rpwrite = real("pwrite");
	if ((e = write_fault(fd, F_PWRITE, &n))) {
		errno = e;
		return -1;
	}
	return rpwrite(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off)
{
	return pwrite(fd, buf, n, off);
}

static bool is_dir_fd(int fd)
{
	struct stat st;

	return fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
}

/* sync_fault: count fn and the dir/file specific variant; the first hit wins. */
static int sync_fault(int fd, enum fn fn)
{
	int e;

	if (in_shim || !fd_tracked(fd))
		return 0;
	e = should_fail(fn, fd_name(fd));
	if (fn == F_FSYNC || fn == F_FDATASYNC) {
		int e2 = should_fail(is_dir_fd(fd) ? F_FSYNCDIR : F_FSYNCFILE, fd_name(fd));
		if (!e)
			e = e2;
	}
	return e;
}

int fsync(int fd)
{
	static int (*rfsync)(int);
	int e;

	if (!rfsync)
		rfsync = real("fsync");
	init();
	if ((e = sync_fault(fd, F_FSYNC)) > 0) {
		errno = e;
		return -1;
	}
	return rfsync(fd);
}

int fdatasync(int fd)
{
	static int (*rfdatasync)(int);
	int e;

	if (!rfdatasync)
		rfdatasync = real("fdatasync");
	init();
	if ((e = sync_fault(fd, F_FDATASYNC)) > 0) {
		errno = e;
		return -1;
	}
	return rfdatasync(fd);
}

int close(int fd)
{
	static int (*rclose)(int);
	int e = 0;
	bool tracked;

	if (!rclose)
		rclose = real("close");
	init();
	tracked = fd_tracked(fd) && fd > 2;
	if (!in_shim && tracked) {
		bool w = fd < MAX_FDS && fd_writable[fd];
		e = should_fail(F_CLOSE, fd_name(fd));
		if (w && !e)
			e = should_fail(F_CLOSEWRITE, fd_name(fd));
		else if (w)
			(void)should_fail(F_CLOSEWRITE, NULL);
	}
	untrack_fd(fd);
	if (e > 0) {
		/* like a real close that reports a deferred write error: the fd is gone */
		rclose(fd);
		errno = e;
		return -1;
	}
	return rclose(fd);
}

int fchmod(int fd, mode_t mode)
{
	static int (*rfchmod)(int, mode_t);
	int e;

	if (!rfchmod)
		rfchmod = real("fchmod");
	init();
	if (!in_shim && fd_tracked(fd) && (e = should_fail(F_FCHMOD, fd_name(fd))) > 0) {
		errno = e;
		return -1;
	}
	return rfchmod(fd, mode);
}

static int rename_fault(int olddirfd, const char *oldp, int newdirfd, const char *newp)
{
	char a[PATH_MAX], b[PATH_MAX];

	init();
	if (in_shim)
		return 0;
	if (!path_tracked(olddirfd, oldp, a, sizeof(a)) &&
	    !path_tracked(newdirfd, newp, b, sizeof(b)))
		return 0;
	absolute(newdirfd, newp, b, sizeof(b));
	return should_fail(F_RENAME, b);
}

int rename(const char *oldp, const char *newp)
{
	int e = rename_fault(AT_FDCWD, oldp, AT_FDCWD, newp);

	if (e > 0) {
		errno = e;
		return -1;
	}
	return ((int (*)(const char *, const char *))real("rename"))(oldp, newp);
}

int renameat(int od, const char *oldp, int nd, const char *newp)
{
	int e = rename_fault(od, oldp, nd, newp);

	if (e > 0) {
		errno = e;
		return -1;
	}
	return ((int (*)(int, const char *, int, const char *))real("renameat"))(od, oldp, nd,
	                                                                         newp);
}

int renameat2(int od, const char *oldp, int nd, const char *newp, unsigned flags)
{
	int e = rename_fault(od, oldp, nd, newp);

	if (e > 0) {
		errno = e;
		return -1;
	}
	return ((int (*)(int, const char *, int, const char *, unsigned))real("renameat2"))(
	    od, oldp, nd, newp, flags);
}

int unlink(const char *path)
{
	char abs[PATH_MAX];
	int e;

	init();
	if (!in_shim && path_tracked(AT_FDCWD, path, abs, sizeof(abs)) &&
	    (e = should_fail(F_UNLINK, abs)) > 0) {
		errno = e;
		return -1;
	}
	return ((int (*)(const char *))real("unlink"))(path);
}
