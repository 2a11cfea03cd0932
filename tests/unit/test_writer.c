/* test_writer.c — the rules of writer.h, table-driven: each hostile layout against each way
 * of writing (writer_write, writer_write_all, writer_stage) gives the same refusal: the
 * status, errno, a message naming the path and the reason, and the layout untouched. Then
 * the base (the user's directory is followed), --force, a set written as one, and the
 * temporary files removed on a signal. */
#include "gloss/writer.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/util.h"
#include "t.h"

static char top[] = "/tmp/gloss-writer-XXXXXX";

static char *at(const char *rel)
{
	return path_join(top, rel);
}

static bool is_link_to(const char *p, const char *target)
{
	char buf[4096];
	ssize_t n = readlink(p, buf, sizeof(buf) - 1);

	if (n < 0)
		return false;
	buf[n] = '\0';
	return strcmp(buf, target) == 0;
}

static char *slurp(const char *p)
{
	size_t len;

	return read_file(p, 1 << 20, &len);
}

static int temps_in(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		n += strstr(e->d_name, ".tmp.") != NULL;
	closedir(d);
	return n;
}

static void rm_rf(const char *p)
{
	char *cmd = xasprintf("chmod -R u+w '%s' 2>/dev/null; rm -rf '%s'", p, p);

	(void)!system(cmd);
	free(cmd);
}

/* A layout: made under top/p (the project: the base is "top/p/"), the target
 * p/codings/ana/x.yaml; intact() says it is as made. */
struct layout {
	const char *name;
	void (*make)(void);
	bool (*intact)(void);
	int status, err;
	const char *reason; /* in the message */
};

static char *P, *T, *ANA, *CODINGS, *OUT;

static void mk_base(void)
{
	rm_rf(P);
	rm_rf(OUT);
	mkdir_p(ANA);
	mkdir_p(OUT);
}

static void put(const char *p, const char *s)
{
	FILE *fp = fopen(p, "w");

	fputs(s, fp);
	fclose(fp);
}

static bool outside_intact(void)
{
	char *f = path_join(OUT, "file"), *s = slurp(f);
	bool ok = s && strcmp(s, "outside\n") == 0;

	free(s);
	free(f);
	return ok;
}

static void make_file_link(void)
{
	char *f = path_join(OUT, "file");

	mk_base();
	put(f, "outside\n");
	(void)!symlink(f, T);
	free(f);
}

static bool file_link_intact(void)
{
	char *f = path_join(OUT, "file");
	bool ok = is_link_to(T, f) && outside_intact();

	free(f);
	return ok;
}

static void make_dangling(void)
{
	mk_base();
	(void)!symlink("nothing-here", T);
}

static bool dangling_intact(void)
{
	char *f = path_join(ANA, "nothing-here");
	bool ok = is_link_to(T, "nothing-here") && access(f, F_OK) != 0;

	free(f);
	return ok;
}

static void make_coder_link(void) /* codings/ana -> ben */
{
	char *ben = at("p/codings/ben");

	mk_base();
	rm_rf(ANA);
	mkdir_p(ben);
	(void)!symlink("ben", ANA);
	free(ben);
}

static bool coder_link_intact(void)
{
	char *f = at("p/codings/ben/x.yaml");
	bool ok = is_link_to(ANA, "ben") && access(f, F_OK) != 0;

	free(f);
	return ok;
}

static void make_codings_link(void) /* codings -> a directory outside */
{
	char *oana = path_join(OUT, "ana");

	mk_base();
	rm_rf(CODINGS);
	mkdir_p(oana);
	(void)!symlink(OUT, CODINGS);
	free(oana);
}

static bool codings_link_intact(void)
{
	char *f = path_join(OUT, "ana/x.yaml");
	bool ok = is_link_to(CODINGS, OUT) && access(f, F_OK) != 0;

	free(f);
	return ok;
}

static void make_fifo(void)
{
	mk_base();
	mkfifo(T, 0644);
}

static bool fifo_intact(void)
{
	struct stat st;

	return lstat(T, &st) == 0 && S_ISFIFO(st.st_mode);
}

static void make_dir(void)
{
	mk_base();
	mkdir(T, 0755);
}

static bool dir_intact(void)
{
	struct stat st;

	return lstat(T, &st) == 0 && S_ISDIR(st.st_mode);
}

static void make_file_dir(void) /* codings/ana is a regular file */
{
	mk_base();
	rm_rf(ANA);
	put(ANA, "not a directory\n");
}

static bool file_dir_intact(void)
{
	char *s = slurp(ANA);
	bool ok = s && strcmp(s, "not a directory\n") == 0;

	free(s);
	return ok;
}

static const struct layout layouts[] = {
    {"file link", make_file_link, file_link_intact, WRITER_REFUSED, ELOOP, "symbolic link"},
    {"dangling link", make_dangling, dangling_intact, WRITER_REFUSED, ELOOP, "symbolic link"},
    {"coder directory link", make_coder_link, coder_link_intact, WRITER_REFUSED, ELOOP,
     "codings/ana is a symbolic link"},
    {"codings directory link", make_codings_link, codings_link_intact, WRITER_REFUSED, ELOOP,
     "codings is a symbolic link"},
    {"FIFO", make_fifo, fifo_intact, WRITER_REFUSED, EINVAL, "FIFO"},
    {"directory", make_dir, dir_intact, WRITER_REFUSED, EINVAL, "a directory"},
    {"a file for a directory", make_file_dir, file_dir_intact, WRITER_REFUSED, ENOTDIR,
     "not a directory"},
};

enum how { BY_WRITE, BY_WRITE_ALL, BY_STAGE };
static const char *const hows[] = {"writer_write", "writer_write_all", "writer_stage"};

static int write_by(enum how h, const struct writer_file *f, int flags, char *err, size_t size)
{
	char *tmp = NULL;
	int rc;

	switch (h) {
	case BY_WRITE:
		return writer_write(f, flags, err, size);
	case BY_WRITE_ALL:
		return writer_write_all(f, 1, flags, err, size);
	case BY_STAGE:
		rc = writer_stage(f, &tmp, err, size);
		if (tmp)
			atomic_discard(tmp);
		free(tmp);
		return rc;
	}
	return 0;
}

static void test_layouts(void)
{
	struct writer_file f = {T, strlen(P) + 1, "new\n", 4, 0644};
	char err[1024], name[256];

	for (size_t i = 0; i < ARRAY_LEN(layouts); i++)
		for (int h = BY_WRITE; h <= BY_STAGE; h++) {
			const struct layout *l = &layouts[i];
			int rc;
			l->make();
			errno = 0;
			rc = write_by(h, &f, WRITER_MKDIR, err, sizeof(err));
			snprintf(name, sizeof(name), "%s, %s: refused (%d), errno %d", l->name,
			         hows[h], l->status, l->err);
			OK(rc == l->status && errno == l->err, name);
			snprintf(name, sizeof(name), "%s, %s: the message names the file and '%s'",
			         l->name, hows[h], l->reason);
			OK(strstr(err, "x.yaml") && strstr(err, l->reason), name);
			if (!strstr(err, l->reason))
				printf("#   %s\n", err);
			snprintf(name, sizeof(name), "%s, %s: untouched, no temporary file",
			         l->name, hows[h]);
			OK(l->intact() && temps_in(ANA) == 0 && atomic_temps_live() == 0, name);
		}
}

/* a device: one made with mknod as root; else /dev/null itself, with /dev/ as the base
 * (an unprivileged writer could not replace it anyway) */
static void test_device(void)
{
	char *dev = at("p/null"), err[512];
	bool root = getuid() == 0;
	struct writer_file f = {root ? dev : "/dev/null", root ? strlen(P) + 1 : 5, "x", 1, 0644};
	struct stat st;

	mk_base();
	if (root)
		OK(mknod(dev, S_IFCHR | 0666, makedev(1, 3)) == 0, "a character device made");
	for (int h = BY_WRITE; h <= BY_STAGE; h++) {
		int rc = write_by(h, &f, WRITER_NEW | WRITER_FORCE, err, sizeof(err));
		OK(rc == WRITER_REFUSED && strstr(err, "character device") && strstr(err, "null"),
		   hows[h]);
		OK(stat(f.path, &st) == 0 && S_ISCHR(st.st_mode), "the device is still a device");
	}
	if (root)
		unlink(dev);
	free(dev);
}

/* a read-only directory: the write fails with EACCES, the file is intact; as root, done by
 * a child that has become nobody (root writes anywhere) */
static void test_readonly(void)
{
	int status = 0;
	pid_t pid;

	mk_base();
	put(T, "old\n");
	chmod(T, 0644);
	chmod(top, 0755);
	chmod(P, 0755);
	chmod(CODINGS, 0755);
	chmod(ANA, 0555);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct writer_file f = {T, strlen(P) + 1, "new\n", 4, 0644};
		char err[512];
		int rc;
		if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(10);
		rc = writer_write(&f, 0, err, sizeof(err));
		_exit(rc == WRITER_FAILED && errno == EACCES && strstr(err, "x.yaml") &&
		              strstr(err, "Permission denied")
		          ? 0
		          : 1);
	}
	waitpid(pid, &status, 0);
	OK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	   "read-only directory (as an unprivileged user): refused with EACCES, naming it");
	{
		char *s = slurp(T);
		OK(s && strcmp(s, "old\n") == 0 && temps_in(ANA) == 0, "... the file is intact");
		free(s);
	}
	chmod(ANA, 0755);
}

/* the base is the user's: a link there is followed; below it, never */
static void test_base(void)
{
	char *real = at("real"), *lnk = at("lnk"), *via = at("lnk/codings/ana/x.yaml"), err[512];
	char *made = at("real/codings/ana/x.yaml");
	struct writer_file f = {via, strlen(lnk) + 1, "x\n", 2, 0644};

	rm_rf(real);
	mkdir_p(real);
	(void)!symlink("real", lnk);
	IS_INT(writer_write(&f, WRITER_MKDIR, err, sizeof(err)), WRITER_OK,
	       "a link in the user's directory is followed");
	OK(access(made, F_OK) == 0, "... the file is where the link points");
	f.base = 0;
	IS_INT(writer_write(&f, 0, err, sizeof(err)), WRITER_REFUSED,
	       "the same link below the base is refused");
	unlink(lnk);
	rm_rf(real);
	free(real);
	free(lnk);
	free(via);
	free(made);
}

static void test_new_and_force(void)
{
	struct writer_file f = {T, strlen(P) + 1, "new\n", 4, 0644};
	char err[512], *s;

	mk_base();
	put(T, "old\n");
	IS_INT(writer_write(&f, WRITER_NEW, err, sizeof(err)), WRITER_EXISTS,
	       "a file that exists: not replaced without --force");
	OK(strstr(err, "x.yaml") && strstr(err, "--force") && errno == EEXIST, "... and said so");
	IS_INT(writer_write(&f, WRITER_NEW | WRITER_FORCE, err, sizeof(err)), WRITER_OK,
	       "replaced with --force");
	s = slurp(T);
	IS_STR(s, "new\n", "... the new contents");
	free(s);
}

/* a set as one: a refused place anywhere writes nothing, not even directories */
static void test_all_or_none(void)
{
	char *a = at("p/codings/ana/a.yaml"), *b = at("p/new/dir/b.yaml");
	char *newdir = at("p/new"), err[512];
	struct writer_file f[3] = {{a, strlen(P) + 1, "a\n", 2, 0644},
	                           {b, strlen(P) + 1, "b\n", 2, 0644},
	                           {T, strlen(P) + 1, "t\n", 2, 0644}};

	make_fifo(); /* the third is a FIFO */
	IS_INT(writer_write_all(f, 3, WRITER_MKDIR, err, sizeof(err)), WRITER_REFUSED,
	       "a set with a FIFO in it: refused");
	OK(access(a, F_OK) != 0 && access(newdir, F_OK) != 0 && fifo_intact(),
	   "... nothing written, no directory made");
	unlink(T);
	IS_INT(writer_write_all(f, 3, WRITER_MKDIR, err, sizeof(err)), WRITER_OK,
	       "the same set without it: written");
	OK(access(a, F_OK) == 0 && access(b, F_OK) == 0 && access(T, F_OK) == 0,
	   "... every file is there");
	{ /* a user's directory that is missing (import --into NEW) is made too */
		char *fresh = at("p/fresh/x.txt");
		struct writer_file g = {fresh, strlen(P) + strlen("/fresh/"), "x\n", 2, 0644};
		IS_INT(writer_write_all(&g, 1, WRITER_MKDIR, err, sizeof(err)), WRITER_OK,
		       "a missing user's directory: made, and the file written");
		OK(access(fresh, F_OK) == 0, "... it is there");
		free(fresh);
	}
	free(a);
	free(b);
	free(newdir);
}

/* signals: a live temporary file is removed by SIGTERM; a set is renamed whole even when
 * a signal comes while it is written */
static void test_signals(void)
{
	char *a = at("p/codings/ana/a.yaml"), *b = at("p/codings/ana/b.yaml");
	int status = 0;
	pid_t pid;

	mk_base();
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct writer_file f = {T, strlen(P) + 1, "x\n", 2, 0644};
		char *tmp, err[256];
		if (writer_stage(&f, &tmp, err, sizeof(err)) != WRITER_OK)
			_exit(2);
		raise(SIGTERM);
		_exit(3); /* not reached: the handler ends the process by the signal */
	}
	waitpid(pid, &status, 0);
	OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "a writer killed by SIGTERM ...");
	OK(temps_in(ANA) == 0, "... leaves no temporary file");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct writer_file f[3] = {{a, strlen(P) + 1, "a\n", 2, 0644},
		                           {b, strlen(P) + 1, "b\n", 2, 0644},
		                           {T, strlen(P) + 1, "t\n", 2, 0644}};
		char err[256];
		sigset_t old;
		atomic_hold_signals(&old);
		raise(SIGINT); /* arrives while the set is written */
		if (writer_write_all(f, 3, 0, err, sizeof(err)) != WRITER_OK)
			_exit(2);
		atomic_release_signals(&old);
		_exit(3);
	}
	waitpid(pid, &status, 0);
	OK(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT, "a set interrupted by SIGINT ...");
	OK(access(a, F_OK) == 0 && access(b, F_OK) == 0 && access(T, F_OK) == 0 &&
	       temps_in(ANA) == 0,
	   "... is written whole, with no temporary file left");
	free(a);
	free(b);
}

int main(void)
{
	if (!mkdtemp(top))
		return 1;
	P = at("p");
	T = at("p/codings/ana/x.yaml");
	ANA = at("p/codings/ana");
	CODINGS = at("p/codings");
	OUT = at("outside");
	test_layouts();
	test_device();
	test_readonly();
	test_base();
	test_new_and_force();
	test_all_or_none();
	test_signals();
	rm_rf(top);
	free(P);
	free(T);
	free(ANA);
	free(CODINGS);
	free(OUT);
	return t_done();
}
