/* test_atomic.c — atomic file replacement: contents, modes, failures leave the old file. */
#include "gloss/atomic.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/util.h"
#include "t.h"

static char *slurp(const char *path)
{
	size_t len;

	return read_file(path, 1 << 20, &len);
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* leftover_temps: number of ".NAME.tmp." files in dir. */
static int leftover_temps(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

static void test_write_new_and_replace(const char *dir)
{
	char *p = path_join(dir, "x.yaml"), *s;
	char err[256] = "junk";

	umask(022);
	IS_INT(atomic_write(p, "hello\n", 6, 0666, err, sizeof(err)), 0, "write new file");
	IS_STR(err, "", "no error message on success");
	s = slurp(p);
	IS_STR(s, "hello\n", "new file contents");
	free(s);
	IS_INT(mode_of(p), 0644, "new file mode is mode & ~umask");
	chmod(p, 0600);
	IS_INT(atomic_write(p, "second\n", 7, 0666, err, sizeof(err)), 0, "replace file");
	s = slurp(p);
	IS_STR(s, "second\n", "replaced contents");
	free(s);
	IS_INT(mode_of(p), 0600, "replaced file keeps its mode");
	IS_INT(atomic_write(p, "", 0, 0666, err, sizeof(err)), 0, "write empty file");
	s = slurp(p);
	IS_STR(s, "", "empty contents");
	free(s);
	IS_INT(leftover_temps(dir), 0, "no temp files left");
	free(p);
}

static void test_big(const char *dir)
{
	char *p = path_join(dir, "big.bin"), *s;
	size_t n = 3 << 20, len;
	char *data = xmalloc(n);
	char err[256];

	for (size_t i = 0; i < n; i++)
		data[i] = (char)(i * 7);
	IS_INT(atomic_write(p, data, n, 0644, err, sizeof(err)), 0, "write 3 MB");
	s = read_file(p, n + 1, &len);
	OK(s && len == n && memcmp(s, data, n) == 0, "3 MB read back identical");
	free(s);
	free(data);
	free(p);
}

/* What a write attempt reported, passed from the child that made it. */
struct attempt {
	int rc, err_no;
	char err[256];
};

/* attempt_unprivileged: atomic_write(p, "new\n") made by a child process; when this test
 * runs as root (as CI does) the child first becomes the user nobody (uid and gid 65534),
 * whom the permissions of the read-only directory stop. 0 when the attempt was made, -1
 * when root could not drop its privileges here (then *why says so). */
static int attempt_unprivileged(const char *p, struct attempt *a, const char **why)
{
	int fd[2], status;
	pid_t pid;
	ssize_t got;

	if (pipe(fd) != 0) {
		*why = "pipe failed";
		return -1;
	}
	pid = fork();
	if (pid == 0) {
		struct attempt r = {0};

		close(fd[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 ||
		                       setuid(65534) != 0 || geteuid() == 0))
			_exit(2);
		r.rc = atomic_write(p, "new\n", 4, 0644, r.err, sizeof(r.err));
		r.err_no = errno;
		_exit(write(fd[1], &r, sizeof(r)) == (ssize_t)sizeof(r) ? 0 : 3);
	}
	close(fd[1]);
	got = pid > 0 ? read(fd[0], a, sizeof(*a)) : -1;
	close(fd[0]);
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || got != (ssize_t)sizeof(*a)) {
		*why = pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 2
		           ? "running as root and cannot become another user here"
		           : "the child making the attempt failed";
		return -1;
	}
	return 0;
}

static void test_readonly_dir(const char *dir)
{
	char *sub = path_join(dir, "ro"), *p = path_join(sub, "keep.yaml"), *s;
	char err[256];
	struct attempt a;
	const char *why = "";

	mkdir(sub, 0755);
	IS_INT(atomic_write(p, "old\n", 4, 0644, err, sizeof(err)), 0, "write original");
	if (geteuid() == 0) { /* the child becomes nobody: it owns the directory, as a user would */
		chmod(dir, 0711);
		if (chown(sub, 65534, 65534) != 0)
			why = "cannot chown the directory to nobody";
	}
	chmod(sub, 0555);
	if (*why == '\0' && attempt_unprivileged(p, &a, &why) == 0) {
		IS_INT(a.rc, -1, "write into read-only dir fails");
		IS_INT(a.err_no, EACCES, "errno is EACCES");
		OK(strstr(a.err, "cannot write ") && strstr(a.err, "keep.yaml: ") &&
		       strstr(a.err, "Permission denied"),
		   "message names the file and the reason");
	} else {
		SKIP(why);
		SKIP(why);
		SKIP(why);
	}
	chmod(sub, 0755);
	s = slurp(p);
	IS_STR(s, "old\n", "old file intact");
	free(s);
	IS_INT(leftover_temps(sub), 0, "no temp file left in read-only dir");
	unlink(p);
	rmdir(sub);
	free(p);
	free(sub);
}

static void test_missing_dir(const char *dir)
{
	char *p = path_join(dir, "nope/x.yaml");
	char err[256];
	int rc = atomic_write(p, "x", 1, 0644, err, sizeof(err));
	int e = errno;

	IS_INT(rc, -1, "missing directory fails");
	IS_INT(e, ENOENT, "errno ENOENT");
	OK(strstr(err, "nope/x.yaml: create temporary file: No such file or directory") != NULL,
	   "message names the step");
	free(p);
}

static void test_target_is_dir(const char *dir)
{
	char *p = path_join(dir, "adir");
	char err[256];
	int rc;

	mkdir(p, 0755);
	rc = atomic_write(p, "x", 1, 0644, err, sizeof(err));
	IS_INT(rc, -1, "renaming over a directory fails");
	OK(strstr(err, ": rename: ") != NULL, "message says rename");
	OK(path_is_dir(p), "directory still there");
	IS_INT(leftover_temps(dir), 0, "temp file removed after failed rename");
	rmdir(p);
	free(p);
}

/* A file size limit makes write() fail with EFBIG, even for root. */
static void test_write_fails(const char *dir)
{
	char *p = path_join(dir, "limited.yaml"), *s;
	struct rlimit old, lim;
	char big[8192], err[256];
	int rc, e;

	memset(big, 'x', sizeof(big));
	IS_INT(atomic_write(p, "old contents\n", 13, 0644, err, sizeof(err)), 0, "write original");
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 4096;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &lim);
	rc = atomic_write(p, big, sizeof(big), 0644, err, sizeof(err));
	e = errno;
	setrlimit(RLIMIT_FSIZE, &old);
	IS_INT(rc, -1, "write beyond the file size limit fails");
	IS_INT(e, EFBIG, "errno EFBIG preserved");
	OK(strstr(err, "limited.yaml: write: File too large") != NULL, "message names write step");
	s = slurp(p);
	IS_STR(s, "old contents\n", "old file intact after failed write");
	free(s);
	IS_INT(leftover_temps(dir), 0, "temp file removed after failed write");
	unlink(p);
	free(p);
}

static void test_dir_is_file(const char *dir)
{
	char *f = path_join(dir, "plain"), *p = path_join(dir, "plain/x.yaml");
	char err[256];
	int rc, e;

	IS_INT(atomic_write(f, "f", 1, 0644, err, sizeof(err)), 0, "write a plain file");
	rc = atomic_write(p, "x", 1, 0644, err, sizeof(err));
	e = errno;
	IS_INT(rc, -1, "parent that is a file fails");
	IS_INT(e, ENOTDIR, "errno ENOTDIR");
	unlink(f);
	free(f);
	free(p);
}

int main(void)
{
	char tmpl[] = "/tmp/gloss-atomic-XXXXXX";
	char *dir = mkdtemp(tmpl);

	if (!dir) {
		perror("mkdtemp");
		return 1;
	}
	test_write_new_and_replace(dir);
	test_big(dir);
	test_readonly_dir(dir);
	test_missing_dir(dir);
	test_target_is_dir(dir);
	test_write_fails(dir);
	test_dir_is_file(dir);
	{
		char *p = path_join(dir, "x.yaml"), *b = path_join(dir, "big.bin");
		unlink(p);
		unlink(b);
		free(p);
		free(b);
	}
	rmdir(dir);
	return t_done();
}
