/* test_memos.c — memos on documents, codes and the project: set, times, a storage round
 * trip, one file a coder, problems reported and the file then kept read-only, no writing
 * through a symbolic link. */
#include "gloss/memos.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/codings.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-memos-XXXXXX";

static char *at(const char *rel)
{
	return path_join(dir, rel);
}

static void put(const char *rel, const char *text)
{
	char *p = at(rel), *d = path_dirname(p), err[256];

	mkdir_p(d);
	OK(atomic_write(p, text, strlen(text), 0644, err, sizeof(err)) == 0, "fixture written");
	free(d);
	free(p);
}

static void test_set_and_times(void)
{
	struct diags d;
	struct memos *m;
	long i;

	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	IS_INT(m->len, 0, "no memos directory: no memos");
	IS_INT(d.len, 0, "and no problem");
	OK(memos_set(m, "ana", MEMO_DOCUMENT, "transcripts/p01.txt", "first\nsecond line",
	             "2026-01-01T10:00:00Z"),
	   "a document memo set");
	i = memos_find(m, "ana", MEMO_DOCUMENT, "transcripts/p01.txt");
	OK(i >= 0, "found");
	IS_STR(m->items[i].created, "2026-01-01T10:00:00Z", "created when first written");
	IS_STR(m->items[i].modified, "2026-01-01T10:00:00Z", "modified = created at first");
	OK(!memos_set(m, "ana", MEMO_DOCUMENT, "transcripts/p01.txt", "first\nsecond line",
	              "2026-01-02T10:00:00Z"),
	   "the same text is no change");
	IS_STR(m->items[i].modified, "2026-01-01T10:00:00Z", "and keeps its modified time");
	OK(memos_set(m, "ana", MEMO_DOCUMENT, "transcripts/p01.txt", "changed",
	             "2026-01-03T10:00:00Z"),
	   "an edit");
	IS_STR(m->items[i].created, "2026-01-01T10:00:00Z", "keeps its created time");
	IS_STR(m->items[i].modified, "2026-01-03T10:00:00Z", "and gets a new modified time");
	OK(memos_find(m, "ben", MEMO_DOCUMENT, "transcripts/p01.txt") < 0,
	   "another coder's memo on the same target is another memo");
	OK(memos_set(m, "ana", MEMO_PROJECT, "ignored", "the project", "2026-01-04T10:00:00Z"),
	   "a project memo");
	OK(memos_find(m, "ana", MEMO_PROJECT, NULL) >= 0, "one project memo a coder, any target");
	OK(memos_set(m, "ana", MEMO_PROJECT, NULL, "", NULL), "empty text removes it");
	OK(memos_find(m, "ana", MEMO_PROJECT, NULL) < 0, "removed");
	memos_free(m);
	diags_done(&d);
}

static void test_round_trip(void)
{
	struct diags d;
	struct memos *m, *r;
	char err[512], *path = at("memos/ana.yaml"), *ben = at("memos/ben.yaml");
	const char *tricky = "line one\n  indented \"quoted\" \\ tab\there\n\nlast: colon # hash";
	long i;

	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	memos_set(m, "ana", MEMO_CODE, "dignity", tricky, "2026-02-01T09:00:00Z");
	memos_set(m, "ana", MEMO_PROJECT, NULL, "about it all", "2026-02-01T09:01:00Z");
	memos_set(m, "ana", MEMO_DOCUMENT, "transcripts/p01.txt", "doc", "2026-02-01T09:02:00Z");
	memos_set(m, "ben", MEMO_CODE, "dignity", "ben's view", "2026-02-01T09:03:00Z");
	IS_INT(memos_save(m, "ana", err, sizeof(err)), 0, "ana's memos saved");
	OK(access(path, F_OK) == 0, "in memos/ana.yaml");
	OK(access(ben, F_OK) != 0, "ben's memo is not written with ana's");
	IS_INT(memos_save(m, "ben", err, sizeof(err)), 0, "ben's memos saved");
	OK(access(ben, F_OK) == 0, "in a file of his own");
	r = memos_load(dir, NULL, 0, &d);
	IS_INT(d.len, 0, "read back without problems");
	IS_INT(r->len, 4, "every memo read back");
	i = memos_find(r, "ana", MEMO_CODE, "dignity");
	OK(i >= 0, "the code memo is back");
	if (i >= 0) {
		IS_STR(r->items[i].text, tricky, "its text exactly (line breaks, quotes, colons)");
		IS_STR(r->items[i].created, "2026-02-01T09:00:00Z", "its created time");
		IS_STR(r->items[i].modified, "2026-02-01T09:00:00Z", "its modified time");
	}
	IS_INT(r->items[0].kind, MEMO_PROJECT, "listed: the project first");
	memos_free(r);
	{
		const char *only[] = {"ben"};

		r = memos_load(dir, only, 1, &d);
		IS_INT(r->len, 1, "only the coders asked for");
		memos_free(r);
	}
	memos_set(m, "ben", MEMO_CODE, "dignity", NULL, NULL);
	IS_INT(memos_save(m, "ben", err, sizeof(err)), 0, "ben's last memo removed, saved");
	OK(access(ben, F_OK) != 0, "his file is gone");
	memos_free(m);
	diags_done(&d);
	free(path);
	free(ben);
}

static void test_problems(void)
{
	struct diags d;
	struct memos *m;
	char err[512], *before, *after, *path = at("memos/cat.yaml");
	size_t n1, n2;

	put("memos/cat.yaml",
	    "memos:\n  - kind: code\n    target: x\n    memo: a\n    colour: red\n");
	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	OK(d.len >= 1, "an unknown field is reported");
	if (d.len) {
		IS_STR(d.items[0].file, path, "with the file");
		IS_INT(d.items[0].line, 5, "its line");
		IS_INT(d.items[0].col, 5, "and column");
	}
	before = read_file(path, 1 << 20, &n1);
	memos_set(m, "cat", MEMO_PROJECT, NULL, "new", NULL);
	OK(memos_save(m, "cat", err, sizeof(err)) < 0, "a file with problems is not written");
	OK(strstr(err, "had errors") != NULL, "and says why");
	after = read_file(path, 1 << 20, &n2);
	OK(before && after && n1 == n2 && memcmp(before, after, n1) == 0, "the file is as it was");
	free(before);
	free(after);
	memos_free(m);
	diags_done(&d);

	put("memos/cat.yaml", "memos:\n  - kind: code\n    target: x\n    memo: a\n"
	                      "  - kind: code\n    target: x\n    memo: b\n");
	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	OK(d.len == 1 && d.items[0].line == 5, "a second memo on one target: reported at its line");
	memos_free(m);
	diags_done(&d);

	put("memos/cat.yaml", "memos:\n  - kind: chapter\n    memo: a\n");
	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	OK(d.len == 1 && d.items[0].line == 2, "an unknown kind: reported");
	memos_free(m);
	diags_done(&d);
	unlink(path);
	free(path);
}

static void test_no_links(void)
{
	struct diags d;
	struct memos *m;
	char err[512], *path = at("memos/dan.yaml"), *elsewhere = at("elsewhere.yaml");
	struct stat st;

	put("elsewhere.yaml", "memos: []\n");
	OK(symlink(elsewhere, path) == 0, "a link made");
	diags_init(&d);
	m = memos_load(dir, NULL, 0, &d);
	memos_set(m, "dan", MEMO_PROJECT, NULL, "x", NULL);
	OK(memos_save(m, "dan", err, sizeof(err)) < 0, "not written through a symbolic link");
	OK(strstr(err, "symbolic link") != NULL, "and says so");
	OK(lstat(path, &st) == 0 && S_ISLNK(st.st_mode), "the link is left as it was");
	memos_free(m);
	diags_done(&d);
	unlink(path);
	free(path);
	free(elsewhere);
}

/* a coding's memo has its own created and modified times, written and read back, and
 * not the coding's creation time */
static void test_coding_memo_times(void)
{
	const char *text = "Alpha beta gamma.\n";
	struct diags d;
	struct transcript *t;
	struct codings *c, *r;
	char *out;
	size_t len;

	diags_init(&d);
	t = transcript_load_mem(text, strlen(text), "t.txt", &d);
	c = codings_parse("", 0, "codings/ana/t.yaml", t, "ana", NULL, &d);
	OK(t && c, "a transcript and an empty codings set");
	if (!t || !c)
		return;
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1); /* 2026-01-01T00:00:00Z */
	codings_add(c, "x", 0, 5, NULL);
	codings_set_memo(c, 0, "first");
	IS_STR(c->items[0].memo_created, "2026-01-01T00:00:00Z", "a memo's created time");
	setenv("SOURCE_DATE_EPOCH", "1767229200", 1); /* an hour later */
	codings_set_memo(c, 0, "first, edited");
	IS_STR(c->items[0].memo_created, "2026-01-01T00:00:00Z", "kept when the memo is edited");
	IS_STR(c->items[0].memo_modified, "2026-01-01T01:00:00Z", "modified when it is edited");
	IS_STR(c->items[0].created, "2026-01-01T00:00:00Z", "the coding's own time unchanged");
	out = codings_serialize(c, &len);
	r = codings_parse(out, len, "codings/ana/t.yaml", t, "ana", NULL, &d);
	OK(r && r->len == 1, "read back");
	if (r && r->len == 1) {
		IS_STR(r->items[0].memo_created, "2026-01-01T00:00:00Z", "memo_created read back");
		IS_STR(r->items[0].memo_modified, "2026-01-01T01:00:00Z",
		       "memo_modified read back");
		IS_INT(r->items[0].nextra, 0, "as known fields, not unknown ones");
	}
	codings_set_memo(c, 0, "");
	OK(!c->items[0].memo_created && !c->items[0].memo_modified, "no memo, no memo times");
	unsetenv("SOURCE_DATE_EPOCH");
	free(out);
	codings_free(r);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	test_set_and_times();
	test_round_trip();
	test_problems();
	test_no_links();
	test_coding_memo_times();
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0)
			return 1;
		free(cmd);
	}
	return t_done();
}
