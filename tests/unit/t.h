/* t.h — a tiny TAP producer for gloss's unit tests.
 *
 *   OK(cond, "name")           one test point
 *   IS_INT(got, want, "name")  integer equality, printing both on failure
 *   IS_STR(got, want, "name")  string equality (NULL-safe)
 *   SKIP("why")                a point that cannot run here ("ok N # SKIP why"): tests/run.sh
 *                              counts it as skipped, never as passed
 *   return t_done();           prints the plan; exit status 1 if anything failed
 *   t_scratch(tmpl), t_scratch_done(dir)  a scratch directory (mkdtemp template, entered)
 *                              and its removal with all it holds
 *
 * tests/run.sh counts the "ok"/"not ok" lines of every test program. */
#ifndef GLOSS_T_H
#define GLOSS_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int t_count, t_failed;

static inline int t_ok(int ok, const char *file, int line, const char *name)
{
	t_count++;
	printf("%sok %d - %s\n", ok ? "" : "not ", t_count, name);
	if (!ok) {
		t_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return ok;
}

#define OK(cond, name) t_ok(!!(cond), __FILE__, __LINE__, name)
#define SKIP(why) (t_count++, printf("ok %d # SKIP %s\n", t_count, why), fflush(stdout))
#define IS_INT(got, want, name)                                                                    \
	do {                                                                                       \
		long long g_ = (long long)(got), w_ = (long long)(want);                           \
		if (!t_ok(g_ == w_, __FILE__, __LINE__, name))                                     \
			printf("#   got %lld, want %lld\n", g_, w_);                               \
	} while (0)
#define IS_STR(got, want, name)                                                                    \
	do {                                                                                       \
		const char *g_ = (got), *w_ = (want);                                              \
		int ok_ = (g_ == NULL && w_ == NULL) ||                                            \
		          (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0);                       \
		if (!t_ok(ok_, __FILE__, __LINE__, name))                                          \
			printf("#   got  \"%s\"\n#   want \"%s\"\n", g_ ? g_ : "(null)",           \
			       w_ ? w_ : "(null)");                                                \
	} while (0)

/* t_scratch: make the directory of the mkdtemp template tmpl (".../x.XXXXXX") and enter
 * it; 0, or -1 when it cannot */
static inline int t_scratch(char *tmpl)
{
	return mkdtemp(tmpl) && chdir(tmpl) == 0 ? 0 : -1;
}

/* t_scratch_done: leave for / and remove dir with all it holds (saying so when it cannot) */
static inline void t_scratch_done(const char *dir)
{
	char cmd[4200];

	if (chdir("/") == 0 &&
	    (size_t)snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir) < sizeof(cmd) &&
	    system(cmd) == 0)
		return;
	printf("# could not remove %s\n", dir);
}

static inline int t_done(void)
{
	printf("1..%d\n", t_count);
	return t_failed ? 1 : 0;
}

#endif
