/* test_session.c — the coder's session without a screen (session.h): a code key through
 * codings_apply, removal, memos, copies, undo and redo (also across documents), saving at
 * once, the lock (held by another process: read-only), a failed save (the old file stays,
 * the change stays in memory, dirty, retried on the next change), reload and recode. */
#include "gloss/session.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/lock.h"
#include "gloss/project.h"
#include "gloss/recode.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-session-XXXXXX";
static char said[1024];
static bool said_err;
static size_t merged_doc = (size_t)-1;

static void on_say(void *ctx, bool err, const char *msg)
{
	(void)ctx;
	snprintf(said, sizeof(said), "%s", msg);
	said_err = err;
}

static void on_merged(void *ctx, size_t doc)
{
	(void)ctx;
	merged_doc = doc;
}

static const char codebook[] = "name: Session test\n"
                               "codes:\n"
                               "  - id: trust\n"
                               "    name: Trust\n"
                               "    key: 1\n"
                               "  - id: care\n"
                               "    name: Care\n"
                               "    key: 2\n";
static const char text_a[] = "AMARA: I trust my colleagues. They care about the work.\n";
static const char text_b[] = "BEN: Care is key. Trust comes later.\n";

static void put(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");

	fputs(data, f);
	fclose(f);
}

static char *slurp(const char *path)
{
	size_t len;

	return read_file(path, 1 << 20, &len);
}

static struct project *open_project(void)
{
	struct project_opts po = {0};
	struct diags d;
	struct project *p;

	diags_init(&d);
	p = project_open(&po, &d);
	diags_done(&d);
	return p;
}

/* on_disk: the codings of doc in ana's file, as "code start end[ memo]" lines (bytes) */
static char *on_disk(const struct session *s, size_t doc)
{
	struct diags d;
	struct codings *c;
	struct strbuf sb = STRBUF_INIT;

	diags_init(&d);
	c = codings_load(s->p->docs[doc].t, "ana", NULL, &d);
	for (size_t i = 0; c && i < c->len; i++) {
		sb_printf(&sb, "%s %zu %zu", c->items[i].code, c->items[i].start, c->items[i].end);
		if (c->items[i].memo)
			sb_printf(&sb, " %s", c->items[i].memo);
		sb_adds(&sb, ";");
	}
	codings_free(c);
	diags_done(&d);
	sb_adds(&sb, "");
	return sb_detach(&sb);
}

static void is_disk(const struct session *s, size_t doc, const char *want, const char *name)
{
	char *got = on_disk(s, doc);

	IS_STR(got, want, name);
	free(got);
}

/* at: the byte offset of word in doc's text */
static size_t at(const struct session *s, size_t doc, const char *word)
{
	return (size_t)(strstr(s->p->docs[doc].t->text, word) - s->p->docs[doc].t->text);
}

static void test_apply(struct session *s)
{
	size_t t = at(s, 0, "trust"), c = at(s, 0, "colleagues");

	IS_INT(session_apply_code(s, 0, t, t + 5), SESSION_CODED, "a code key codes");
	IS_STR(said, "coded Trust", "said with the code's name");
	is_disk(s, 0, "trust 9 14;", "saved at once");
	IS_INT(session_apply_code(s, 0, t + 1, t + 3), SESSION_COVERED, "inside: covered");
	IS_STR(said, "already coded Trust", "said so");
	IS_INT(session_apply_code(s, 0, t + 3, c + 10), SESSION_EXTENDED,
	       "overlapping the same code: extended (codings_apply)");
	is_disk(s, 0, "trust 9 28;", "one passage, one coding on disk");
	IS_INT(session_apply(s, "trust", t, c + 10), SESSION_REMOVED,
	       "the same code on the same bytes: removed");
	IS_STR(said, "removed Trust", "said");
	is_disk(s, 0, "", "and gone from disk");
	IS_INT(session_apply_code(s, 1, t, t), SESSION_REFUSED, "an empty range is refused");
	IS_STR(said, "nothing to code here", "said why");
	OK(said_err, "as an error");
}

static void test_undo(struct session *s)
{
	size_t at_ = 0, doc = 9;
	size_t t = at(s, 0, "trust");

	OK(session_undo_doc(s, false, &doc) && doc == 0, "the next undo is in the open document");
	OK(session_undo(s, false, &at_), "undo the removal");
	is_disk(s, 0, "trust 9 28;", "the extended coding is back on disk");
	OK(session_undo(s, false, &at_), "undo the extension");
	is_disk(s, 0, "trust 9 14;", "one step: the coding as it was before");
	IS_INT(at_, t, "the undone coding's place");
	OK(session_undo(s, true, &at_), "redo the extension");
	is_disk(s, 0, "trust 9 28;", "extended again");
	OK(session_undo(s, true, &at_), "redo the removal");
	is_disk(s, 0, "", "removed again");
	OK(!session_undo_doc(s, true, &doc), "nothing more to redo");
	IS_STR(said, "nothing to redo", "said");
}

static void test_memo_and_copy(struct session *s)
{
	size_t c = at(s, 0, "care");
	long i = session_add(s, "care", c, c + 4, NULL, "copied ben's Care");

	OK(i >= 0, "a copy is added as it is");
	IS_STR(said, "copied ben's Care", "said as asked");
	OK(session_set_memo(s, (size_t)i, "they care"), "a memo");
	IS_STR(said, "memo saved on Care", "said");
	is_disk(s, 0, "care 35 39 they care;", "the memo on disk");
	OK(session_set_memo(s, (size_t)i, ""), "the memo removed");
	IS_STR(said, "memo removed from Care", "said");
	is_disk(s, 0, "care 35 39;", "gone on disk");
	{
		size_t a;
		OK(session_undo(s, false, &a), "undo the memo's removal");
		is_disk(s, 0, "care 35 39 they care;", "the memo is back");
	}
	OK(session_remove(s, (size_t)i), "remove a coding");
	IS_STR(said, "removed Care", "said");
	is_disk(s, 0, "", "gone on disk");
}

/* the next undo is in another document: the caller opens it */
static void test_undo_across(struct session *s)
{
	size_t doc = 9, a;

	session_open_doc(s, 1);
	session_apply_code(s, 1, 5, 9);
	is_disk(s, 1, "care 5 9;", "a coding in the second document");
	session_open_doc(s, 0);
	OK(session_undo_doc(s, false, &doc), "undo from the first document");
	IS_INT(doc, 1, "is in the second");
	session_open_doc(s, doc);
	OK(session_undo(s, false, &a), "undone there");
	is_disk(s, 1, "", "and saved there");
}

/* another process holds the lock of b's codings file */
static void test_lock(struct session *s)
{
	int go[2], ready[2];
	char c = 0, *lock = path_join(dir, "transcripts/codings/ana/.b.yaml.lock");
	pid_t pid;

	session_open_doc(s, 1);
	OK(access(lock, F_OK) == 0, "the open document's codings file is locked");
	session_open_doc(s, 0);
	OK(access(lock, F_OK) != 0, "opening another lets the lock go");
	if (pipe(go) < 0 || pipe(ready) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		char err[256];
		char *f = path_join(dir, "transcripts/codings/ana/b.yaml");
		int fd = lock_take(f, LOCK_MKDIR, err, sizeof(err));
		if (write(ready[1], fd >= 0 ? "y" : "n", 1) != 1 || read(go[0], &c, 1) < 0)
			_exit(1);
		_exit(0);
	}
	OK(read(ready[0], &c, 1) == 1 && c == 'y', "another process holds b's lock");
	session_open_doc(s, 1);
	IS_STR(session_readonly(s), SESSION_RO_LOCKED, "b opens read-only");
	IS_INT(session_apply_code(s, 0, 5, 9), SESSION_REFUSED, "a code key is refused");
	IS_STR(said, SESSION_RO_LOCKED, "saying why");
	is_disk(s, 1, "", "nothing written");
	if (write(go[1], "x", 1) != 1)
		return;
	waitpid(pid, NULL, 0);
	session_open_doc(s, 0);
	session_open_doc(s, 1);
	OK(session_readonly(s) == NULL, "once it is let go, b opens writable");
	close(go[0]), close(go[1]), close(ready[0]), close(ready[1]);
	free(lock);
}

/* a save that fails leaves the old file and keeps the change, dirty, retried */
static void test_save_failure(struct session *s)
{
	char *path = path_join(dir, "transcripts/codings/ana/a.yaml"), *good, *now;
	size_t t = at(s, 0, "trust"), c = at(s, 0, "care");

	session_open_doc(s, 0);
	session_apply_code(s, 0, t, t + 5);
	good = slurp(path);
	put(path, "codings: [\n"); /* another program left it broken */
	IS_INT(session_apply_code(s, 1, c, c + 4), SESSION_CODED, "a change made in memory");
	OK(said_err && strncmp(said, "NOT SAVED: ", 11) == 0 &&
	       strstr(said, "(will retry on the next change)"),
	   "said: NOT SAVED ... will retry");
	now = slurp(path);
	IS_STR(now, "codings: [\n", "the file on disk is left as it was");
	free(now);
	OK(s->ds[0].dirty, "the document is dirty");
	IS_INT(session_dirty(s, 0), 0, "session_dirty finds it");
	OK(s->cs->len == 2, "the change is kept in memory");
	put(path, good);
	session_open_doc(s, 1);
	session_apply_code(s, 1, 5, 9);
	OK(!s->ds[0].dirty, "the next change (in another document) retries it: saved");
	IS_INT(session_dirty(s, 0), -1, "nothing dirty");
	is_disk(s, 0, "trust 9 14;care 35 39;", "both codings on disk");
	IS_INT(merged_doc, (size_t)-1, "nothing was taken from disk: not merged");
	free(good);
	free(path);
}

/* another program saved a coding meanwhile: kept, said */
static void test_merged(struct session *s)
{
	char *path = path_join(dir, "transcripts/codings/ana/b.yaml");
	struct diags d;
	struct codings *other;

	diags_init(&d);
	other = codings_load(s->p->docs[1].t, "ana", NULL, &d);
	codings_add(other, "trust", 18, 23, NULL);
	OK(codings_save(other, said, sizeof(said)) == 0, "another program saves b");
	codings_free(other);
	diags_done(&d);
	session_open_doc(s, 1);
	session_apply_code(s, 0, 24, 29);
	IS_STR(said, "coded Trust; kept 1 coding saved meanwhile by another program",
	       "its coding is kept and said");
	IS_INT(merged_doc, 1, "the front end hears that b's counts changed");
	is_disk(s, 1, "care 5 9;trust 18 23;trust 24 29;", "all three on disk");
	free(path);
}

static void test_recode(struct session *s)
{
	struct recode_opts o = {RECODE_RENAME, "care", "concern", false, NULL, NULL, 0, NULL};
	struct recode_result r;
	struct diags d;

	s->ds[0].dirty = true;
	diags_init(&d);
	OK(!session_recode(s, &o, NULL, 0, &r, &d), "a recode with a dirty document");
	IS_INT(r.status, RECODE_REFUSED, "is refused");
	OK(d.len && strstr(d.items[0].msg, "not saved yet"), "saying why");
	diags_done(&d);
	s->ds[0].dirty = false;
	diags_init(&d);
	OK(session_recode(s, &o, NULL, 0, &r, &d), "rename care to concern: reloaded");
	IS_INT(r.status, RECODE_DONE, "done");
	OK(codebook_find(s->p->cb, "concern") >= 0 && codebook_find(s->p->cb, "care") < 0,
	   "the session's codebook is the new one");
	is_disk(s, 1, "concern 5 9;trust 18 23;trust 24 29;", "the files renamed");
	OK(s->cs == s->ds[1].cs && s->cs->len == 3 && strcmp(s->cs->items[0].code, "concern") == 0,
	   "the open document's set is the one read again");
	OK(undo_peek(&s->undo) == NULL, "the undo history is cleared");
	OK(session_readonly(s) == NULL, "the lock is taken again");
	recode_result_done(&r);
	diags_done(&d);
}

/* reload: the codebook and every set read again, what was on disk wins, undo cleared */
static void test_reload(struct session *s)
{
	struct diags d;
	struct codings *before = s->ds[0].cs;

	session_open_doc(s, 0);
	session_apply_code(s, 1, 40, 44);
	OK(undo_peek(&s->undo) != NULL, "a change to undo");
	put("transcripts/codings/ana/a.yaml",
	    "transcript: a.txt\ncoder: ana\ncodings:\n  - code: trust\n    start: 2\n    end: 7\n");
	diags_init(&d);
	session_reload(s, &d);
	OK(d.errors == 0, "reload: no errors");
	OK(s->ds[0].cs != before && s->cs == s->ds[0].cs, "a's set is a new one, the open one");
	OK(s->cs->len == 1 && s->cs->items[0].start == 2, "holding what is on disk");
	OK(s->p->docs[0].sets[0] == s->cs || s->p->docs[0].sets[1] == s->cs,
	   "and the project's sets hold it");
	OK(undo_peek(&s->undo) == NULL, "the undo history is cleared");
	diags_done(&d);
}

int main(void)
{
	struct session s;
	struct session_events ev = {NULL, on_say, on_merged};
	struct project *p;
	char *lock;

	if (!mkdtemp(dir) || chdir(dir) < 0)
		return 1;
	mkdir("codebooks", 0755);
	mkdir("transcripts", 0755);
	put("codebooks/cb.yaml", codebook);
	put("transcripts/a.txt", text_a);
	put("transcripts/b.txt", text_b);
	p = open_project();
	OK(p && p->ndocs == 2, "a project of two transcripts");
	if (!p)
		return t_done();
	session_init(&s, p, "ana", 0, &ev);
	OK(s.ds[0].cs && s.ds[1].cs && !s.ds[0].ro && !s.ds[1].ro,
	   "ana's (new) codings sets, writable");
	IS_STR(session_readonly(&s), "no transcript is open", "nothing open: read-only");
	session_open_doc(&s, 0);
	test_apply(&s);
	test_undo(&s);
	test_memo_and_copy(&s);
	test_undo_across(&s);
	test_lock(&s);
	test_save_failure(&s);
	test_merged(&s);
	test_recode(&s);
	test_reload(&s);
	lock = path_join(dir, "transcripts/codings/ana/.b.yaml.lock");
	session_done(&s);
	OK(access(lock, F_OK) != 0, "session_done lets the locks go");
	free(lock);
	if (system("rm -rf transcripts codebooks") != 0)
		return 1;
	if (chdir("/") == 0)
		rmdir(dir);
	return t_done();
}
