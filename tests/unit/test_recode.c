/* test_recode.c — a codebook change carried into every coder's codings (recode.h): rename,
 * merge (a coding on the same range folded, its memo kept), move, delete (refused while in
 * use, forced), and all-or-nothing refusals: a codings file with errors, or one open in a
 * coder (its lock held). */
#include "gloss/recode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/lock.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-recode-XXXXXX";

static const char codebook[] = "name: Recode test\n"
                               "codes:\n"
                               "  - id: motives # a theme\n"
                               "    codes:\n"
                               "      - id: care\n"
                               "      - id: concern\n"
                               "  - id: trust\n";

static void put(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");

	fputs(data, f);
	fclose(f);
}

static char *slurp(const char *path)
{
	size_t len;
	char *s = read_file(path, 1 << 20, &len);

	return s ? s : xstrdup("");
}

/* codings_of: coder's codings of a.txt as "code start end[ memo]|" */
static char *codings_of(const char *coder)
{
	struct diags d;
	struct transcript *t;
	struct codings *c;
	struct strbuf sb = STRBUF_INIT;

	diags_init(&d);
	t = transcript_load("transcripts/a.txt", &d);
	c = t ? codings_load(t, coder, NULL, &d) : NULL;
	for (size_t i = 0; c && i < c->len; i++) {
		sb_printf(&sb, "%s %zu %zu", c->items[i].code, c->items[i].cp_start,
		          c->items[i].cp_end);
		if (c->items[i].memo)
			sb_printf(&sb, " %s", c->items[i].memo);
		sb_adds(&sb, "|");
	}
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	sb_adds(&sb, "");
	return sb_detach(&sb);
}

static void is_codings(const char *coder, const char *want, const char *name)
{
	char *got = codings_of(coder);

	IS_STR(got, want, name);
	free(got);
}

static void codings_file(const char *coder, const char *items)
{
	char *d = xasprintf("transcripts/codings/%s", coder), *f;

	mkdir("transcripts/codings", 0755);
	mkdir(d, 0755);
	f = xasprintf("%s/a.yaml", d);
	put(f, items);
	free(f);
	free(d);
}

static void setup(void)
{
	mkdir("codebooks", 0755);
	mkdir("transcripts", 0755);
	put("codebooks/cb.yaml", codebook);
	put("transcripts/a.txt", "AMARA: I trust them. They care about us.\n");
	codings_file("ana", "transcript: a.txt\ncoder: ana\ncodings:\n"
	                    "  - code: care\n    start: 28\n    end: 32\n"
	                    "  - code: concern\n    start: 28\n    end: 32\n    memo: same\n"
	                    "  - code: trust\n    start: 9\n    end: 14\n");
	codings_file("ben", "transcript: a.txt\ncoder: ben\ncodings:\n"
	                    "  - code: concern\n    start: 21\n    end: 32\n");
}

static enum recode_status run(enum recode_op op, const char *id, const char *to, bool force,
                              struct recode_result *r, struct diags *d)
{
	struct recode_opts o = {op, id, to, force, NULL, NULL, 0, NULL};

	diags_init(d);
	recode_run(&o, r, d);
	return r->status;
}

static void done(struct recode_result *r, struct diags *d)
{
	recode_result_done(r);
	diags_done(d);
}

static void test_rename(void)
{
	struct recode_result r;
	struct diags d;
	char *cb;

	IS_INT(run(RECODE_RENAME, "trust", "faith", false, &r, &d), RECODE_DONE, "rename");
	IS_INT(r.files, 1, "one codings file rewritten");
	IS_INT(r.codings, 1, "one coding");
	is_codings("ana", "faith 9 14|care 28 32|concern 28 32 same|", "the coding renamed");
	cb = slurp("codebooks/cb.yaml");
	OK(strstr(cb, "  - id: faith\n") && strstr(cb, "  - id: motives # a theme\n"),
	   "the codebook renamed in place, its comment kept");
	free(cb);
	done(&r, &d);
	IS_INT(run(RECODE_RENAME, "faith", "care", false, &r, &d), RECODE_REFUSED,
	       "renaming onto an existing id is refused");
	OK(d.len > 0, "saying why");
	done(&r, &d);
}

static void test_merge(void)
{
	struct recode_result r;
	struct diags d;
	char *cb;

	IS_INT(run(RECODE_MERGE, "concern", "care", false, &r, &d), RECODE_DONE, "merge");
	IS_INT(r.nlisted, 1, "the coding on the same range by the same coder is folded, listed");
	is_codings("ana", "faith 9 14|care 28 32 same|", "folded into care, its memo kept");
	is_codings("ben", "care 21 32|", "another coder's becomes care");
	cb = slurp("codebooks/cb.yaml");
	OK(!strstr(cb, "concern"), "concern leaves the codebook");
	free(cb);
	done(&r, &d);
}

static void test_move(void)
{
	struct recode_result r;
	struct diags d;
	char *before = slurp("transcripts/codings/ana/a.yaml"), *after, *cb;

	IS_INT(run(RECODE_MOVE, "faith", "motives", false, &r, &d), RECODE_DONE, "move");
	cb = slurp("codebooks/cb.yaml");
	OK(strstr(cb, "      - id: faith\n") != NULL, "under the theme in the codebook");
	free(cb);
	after = slurp("transcripts/codings/ana/a.yaml");
	IS_STR(after, before, "codings files are left as they were");
	free(before);
	free(after);
	done(&r, &d);
}

static void test_refusals(void)
{
	struct recode_result r;
	struct diags d;
	char *cb = slurp("codebooks/cb.yaml"), *now, err[256];
	int fd;

	IS_INT(run(RECODE_DELETE, "care", NULL, false, &r, &d), RECODE_IN_USE,
	       "delete of a code in use: refused");
	IS_INT(r.nuses, 2, "the two files that use it are listed");
	done(&r, &d);
	fd = lock_take("transcripts/codings/ben/a.yaml", 0, err, sizeof(err));
	OK(fd >= 0, "ben's file is open in a coder (its lock held)");
	IS_INT(run(RECODE_DELETE, "care", NULL, true, &r, &d), RECODE_REFUSED,
	       "a forced delete is refused while it is");
	done(&r, &d);
	lock_release(fd);
	is_codings("ana", "faith 9 14|care 28 32 same|", "nothing changed in ana's file");
	now = slurp("codebooks/cb.yaml");
	IS_STR(now, cb, "nor in the codebook");
	free(now);
	put("transcripts/codings/ben/a.yaml", "codings: [\n");
	IS_INT(run(RECODE_RENAME, "care", "kindness", false, &r, &d), RECODE_REFUSED,
	       "a codings file with errors stops the change");
	done(&r, &d);
	is_codings("ana", "faith 9 14|care 28 32 same|", "all or none: ana's file as it was");
	codings_file("ben", "transcript: a.txt\ncoder: ben\ncodings: []\n");
	IS_INT(run(RECODE_DELETE, "care", NULL, true, &r, &d), RECODE_DONE, "delete, forced");
	IS_INT(r.nlisted, 1, "the coding removed is listed");
	is_codings("ana", "faith 9 14|", "it is gone");
	done(&r, &d);
	free(cb);
}

int main(void)
{
	if (t_scratch(dir) < 0)
		return 1;
	unsetenv("GLOSS_CODEBOOK");
	setup();
	test_rename();
	test_merge();
	test_move();
	test_refusals();
	t_scratch_done(dir);
	return t_done();
}
