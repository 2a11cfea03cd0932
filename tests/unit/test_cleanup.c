/* test_cleanup.c — the signal-exit registry removes what was registered and nothing else. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/cleanup.h"
#include "t.h"

static char base[] = "/tmp/gloss-cleanup.XXXXXX";

static char *at(const char *name)
{
	static char buf[4][256];
	static int k;
	char *p = buf[k++ % 4];

	snprintf(p, 256, "%s/%s", base, name);
	return p;
}

static void touch(const char *path)
{
	FILE *fp = fopen(path, "w");
	if (fp)
		fclose(fp);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

int main(void)
{
	char longpath[CLEANUP_PATH_MAX + 8];
	int n = 0;

	if (!mkdtemp(base))
		return 1;
	mkdir(at("codings"), 0755);
	mkdir(at("codings/ana"), 0755);
	touch(at("codings/ana/.a.yaml.lock"));
	touch(at("codings/ana/keep.yaml"));
	mkdir(at("empty"), 0755);
	mkdir(at("empty/inner"), 0755);
	touch(at("other.lock"));

	OK(cleanup_add(at("empty"), true), "a directory is registered");
	OK(cleanup_add(at("empty/inner"), true), "a directory inside it is registered");
	OK(cleanup_add(at("codings"), true), "a directory that will not be empty");
	OK(cleanup_add(at("codings/ana/.a.yaml.lock"), false), "a lock file is registered");
	OK(cleanup_add(at("other.lock"), false), "another file is registered");
	cleanup_forget(at("other.lock"));
	IS_INT(cleanup_count(), 4, "a forgotten path is no longer registered");
	cleanup_forget(at("never-registered"));
	IS_INT(cleanup_count(), 4, "forgetting an unknown path changes nothing");

	memset(longpath, 'a', sizeof(longpath) - 1);
	longpath[sizeof(longpath) - 1] = '\0';
	OK(!cleanup_add(longpath, false), "a path too long is refused, not cut");
	OK(!cleanup_add("", false), "an empty path is refused");

	cleanup_run();
	OK(!exists(at("codings/ana/.a.yaml.lock")), "the registered lock file is removed");
	OK(exists(at("codings/ana/keep.yaml")), "a file that was not registered stays");
	OK(exists(at("codings")), "a directory that is not empty stays");
	OK(!exists(at("empty/inner")) && !exists(at("empty")),
	   "empty directories are removed, the inner one first");
	OK(exists(at("other.lock")), "a forgotten file stays");
	IS_INT(cleanup_count(), 0, "the table is empty after a run");

	while (cleanup_add("/nonexistent/x", false))
		n++;
	IS_INT(n, CLEANUP_MAX, "the table holds CLEANUP_MAX paths, then refuses");
	cleanup_run();
	IS_INT(cleanup_count(), 0, "a run empties a full table");

	unlink(at("codings/ana/keep.yaml"));
	unlink(at("other.lock"));
	rmdir(at("codings/ana"));
	rmdir(at("codings"));
	rmdir(base);
	return t_done();
}
