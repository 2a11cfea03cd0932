/* test_journal.c — several files replaced as one change (journal.h): all made and the
 * journal gone; an interrupted change (a journal and its temporary files left behind)
 * completed by journal_recover; a journal naming a file that is not a temporary file of
 * its target is not followed. */
#include "gloss/journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-journal-XXXXXX";

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

	return s ? s : xstrdup("(none)");
}

static void is_file(const char *path, const char *want, const char *name)
{
	char *got = slurp(path);

	IS_STR(got, want, name);
	free(got);
}

static void test_commit(void)
{
	struct journal_change c[] = {{"a.yaml", "new a\n", 6, 0}, {"sub/b.yaml", "new b\n", 6, 0}};
	char err[256];

	put("a.yaml", "old a\n");
	mkdir("sub", 0755);
	put("sub/b.yaml", "old b\n");
	IS_INT(journal_commit(".", c, 2, err, sizeof(err)), 0, "a change of two files");
	is_file("a.yaml", "new a\n", "the first replaced");
	is_file("sub/b.yaml", "new b\n", "the second replaced");
	OK(access(JOURNAL_NAME, F_OK) != 0, "no journal left");
	{
		struct journal_change bad[] = {{"a.yaml", "newer a\n", 8, 0},
		                               {"nodir/c.yaml", "c\n", 2, 0}};
		IS_INT(journal_commit(".", bad, 2, err, sizeof(err)), -1,
		       "a file that cannot be written: none is changed");
		is_file("a.yaml", "new a\n", "the first as it was");
		OK(access(JOURNAL_NAME, F_OK) != 0, "and no journal");
	}
}

static void test_recover(void)
{
	char msg[256];

	IS_INT(journal_recover(".", msg, sizeof(msg)), 0, "no journal: nothing to do");
	put(".a.yaml.tmp.ABC123", "recovered a\n");
	put("sub/.b.yaml.tmp.DEF456", "recovered b\n");
	put(JOURNAL_NAME, "renames:\n"
	                  "  - [\".a.yaml.tmp.ABC123\", \"a.yaml\"]\n"
	                  "  - [\"sub/.b.yaml.tmp.DEF456\", \"sub/b.yaml\"]\n");
	OK(journal_recover(".", msg, sizeof(msg)) > 0, "an interrupted change is completed");
	is_file("a.yaml", "recovered a\n", "the first file");
	is_file("sub/b.yaml", "recovered b\n", "the second file");
	OK(access(JOURNAL_NAME, F_OK) != 0 && access(".a.yaml.tmp.ABC123", F_OK) != 0,
	   "the journal and the temporary files are gone");
	put("other.txt", "not a temporary file\n");
	put(JOURNAL_NAME, "renames:\n  - [\"other.txt\", \"a.yaml\"]\n");
	journal_recover(".", msg, sizeof(msg));
	is_file("a.yaml", "recovered a\n", "a journal naming another file: not followed");
	is_file("other.txt", "not a temporary file\n", "which is left alone");
	unlink(JOURNAL_NAME);
}

int main(void)
{
	if (t_scratch(dir) < 0)
		return 1;
	test_commit();
	test_recover();
	t_scratch_done(dir);
	return t_done();
}
