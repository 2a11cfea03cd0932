/* test_lock.c — lock files: exclusive, never through a symbolic link, removed on release
 * and from a signal handler; codings_lock refuses links between coders. */
#include "gloss/lock.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/codings.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-lock-XXXXXX";

static bool exists(const char *p)
{
	struct stat st;

	return lstat(p, &st) == 0;
}

static char *at(const char *rel)
{
	return path_join(dir, rel);
}

static void test_exclusive(void)
{
	char *file = at("d/x.yaml"), *lp = at("d/.x.yaml.lock"), err[512];
	int a, b;

	a = lock_take(file, LOCK_MKDIR | LOCK_TIDY1, err, sizeof(err));
	OK(a >= 0, "lock taken, its directory made");
	OK(exists(lp), "the lock file is DIR/.NAME.lock");
	IS_STR(lock_held_path(a), lp, "its path is kept");
	b = lock_take(file, 0, err, sizeof(err));
	IS_INT(b, LOCK_BUSY, "a second holder is refused: busy");
	lock_release(a);
	OK(!exists(lp), "release removes the lock file");
	OK(!exists(file) && access(dir, F_OK) == 0, "and the emptied directory");
	{
		char *d = at("d");
		OK(!exists(d), "the directory made for the lock is gone");
		free(d);
	}
	b = lock_take(file, 0, err, sizeof(err));
	OK(b < 0 && b != LOCK_BUSY && strstr(err, "cannot create"),
	   "no directory, no LOCK_MKDIR: an error");
	free(file);
	free(lp);
}

static void test_no_links(void)
{
	char *file = at("l/x.yaml"), *lp = at("l/.x.yaml.lock"), *target = at("target");
	char *d = at("l"), err[512];
	int fd;

	mkdir(d, 0755);
	OK(symlink(target, lp) == 0, "a committed link as the lock file");
	fd = lock_take(file, 0, err, sizeof(err));
	OK(fd == -1 && strstr(err, "symbolic link"), "lock refused: it names the link");
	OK(!exists(target), "nothing is created where the link points");
	unlink(lp);
	OK(mkfifo(lp, 0600) == 0, "a FIFO as the lock file");
	fd = lock_take(file, 0, err, sizeof(err));
	OK(fd == -1 && strstr(err, "not a regular file"), "lock refused, no hang");
	unlink(lp);
	rmdir(d);
	free(d);
	free(file);
	free(lp);
	free(target);
}

static void on_term(int sig)
{
	lock_release_all_signal();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void test_signal(void)
{
	char *file = at("s/c/x.yaml"), *lp = at("s/c/.x.yaml.lock"), *top = at("s");
	int pipefd[2], status = 0;
	char c = 0;
	pid_t pid;

	OK(pipe(pipefd) == 0, "pipe");
	pid = fork();
	if (pid == 0) {
		char err[256];

		close(pipefd[0]);
		signal(SIGTERM, on_term);
		if (lock_take(file, LOCK_MKDIR | LOCK_TIDY2, err, sizeof(err)) < 0)
			_exit(1);
		if (write(pipefd[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(pipefd[1]);
	OK(read(pipefd[0], &c, 1) == 1, "the child holds the lock");
	OK(exists(lp), "its lock file exists");
	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	close(pipefd[0]);
	OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "the child ended by SIGTERM");
	OK(!exists(lp), "the handler removed the lock file");
	OK(!exists(top), "and the two directories it made");
	free(file);
	free(lp);
	free(top);
}

/* codings_lock: a coder directory linked to another coder's is refused (issue 9, case 7);
 * a codings directory linked outside makes no directory there (case 13) */
static void test_codings_lock(void)
{
	char *tdir = at("p"), *tpath = at("p/int.txt"), *ben = at("p/codings/ben");
	char *ana = at("p/codings/ana"), *outside = at("outside"), *cdir = at("p/codings");
	char *made = at("outside/ana"), err[512];
	struct transcript *t;
	struct codings *c;
	struct diags d;
	int fd;

	mkdir(tdir, 0755);
	diags_init(&d);
	t = transcript_load_mem("A: hello there\n", 15, tpath, &d);
	OK(mkdir_p(ben) == 0 && symlink("ben", ana) == 0, "codings/ana -> ben");
	c = codings_load(t, "ana", NULL, &d);
	fd = codings_lock(c, err, sizeof(err));
	OK(fd == -1 && strstr(err, "codings/ana is a symbolic link"), "ana's lock refused");
	codings_add(c, "x", 0, 1, NULL);
	OK(codings_save(c, err, sizeof(err)) < 0 && strstr(err, "coder's directory"),
	   "ana's save refused, naming the coder directory");
	{
		char *f = at("p/codings/ben/int.yaml");
		OK(!exists(f), "nothing written into ben's directory");
		free(f);
	}
	codings_free(c);
	unlink(ana);
	rmdir(ben);
	rmdir(cdir);
	mkdir(outside, 0755);
	OK(symlink(outside, cdir) == 0, "codings -> a directory outside");
	c = codings_load(t, "ana", NULL, &d);
	fd = codings_lock(c, err, sizeof(err));
	OK(fd == -1 && strstr(err, "outside the project"), "the lock is refused");
	OK(!exists(made), "no coder directory is made outside");
	codings_free(c);
	unlink(cdir);
	rmdir(outside);
	c = codings_load(t, "ana", NULL, &d);
	fd = codings_lock(c, err, sizeof(err));
	OK(fd >= 0, "a plain project: locked");
	lock_release(fd);
	OK(!exists(cdir), "released: the codings directory made for it is gone");
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	rmdir(tdir);
	free(tdir);
	free(tpath);
	free(ben);
	free(ana);
	free(outside);
	free(cdir);
	free(made);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_exclusive();
	test_no_links();
	test_signal();
	test_codings_lock();
	rmdir(dir);
	return t_done();
}
