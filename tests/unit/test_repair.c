/* test_repair.c — the codings that could not be placed, and putting them back (repair.h):
 * what the coder's repair view lists and does, without a screen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/repair.h"
#include "gloss/transcript.h"
#include "gloss/undo.h"
#include "gloss/util.h"
#include "t.h"

static const char text[] = "[00:00:01] ANA: We meet on Mondays. It is the same every week.\n"
                           "\n"
                           "[00:00:09] BEN: Yes, the same people, the same room.\n";

/* 0: drifted (quote gone); 1: ambiguous ("the same" three times, no context); 2: placed;
 * 3: past the end of the text */
static const char yaml[] =
    "transcript: \"t.txt\"\ncoder: \"ana\"\ncodings:\n"
    "  - {code: routine, start: 16, end: 35, quote: \"We meet on Tuesdays.\", memo: \"kept\","
    " created: \"2026-01-01T00:00:00Z\", note: 7}\n"
    "  - {code: routine, start: 40, end: 48, quote: \"the same\"}\n"
    "  - {code: people, start: 94, end: 100, quote: \"people\"}\n"
    "  - {code: people, start: 500, end: 510, quote: \"nowhere\"}\n";

static struct codings *load(struct transcript **tp, struct diags *d)
{
	diags_init(d);
	*tp = transcript_load_mem(text, strlen(text), "t.txt", d);
	return codings_parse(yaml, strlen(yaml), "codings/ana/t.yaml", *tp, "ana", NULL, d);
}

static long find_code_at(const struct codings *c, const char *code, enum coding_status st)
{
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->items[i].code, code) == 0 && c->items[i].status == st)
			return (long)i;
	return -1;
}

static void test_list(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c = load(&t, &d);
	char why[128];
	long dr = find_code_at(c, "routine", CODING_DRIFTED),
	     am = find_code_at(c, "routine", CODING_AMBIGUOUS),
	     past = find_code_at(c, "people", CODING_DRIFTED),
	     ok = find_code_at(c, "people", CODING_OK);

	OK(dr >= 0 && am >= 0 && past >= 0 && ok >= 0,
	   "the file loads: drifted, ambiguous, placed");
	IS_INT(repair_count(&c, 1), 3, "three codings could not be placed");
	OK(!repair_needed(&c->items[ok]), "a placed coding needs no repair");
	IS_STR(repair_why(c, &c->items[dr], why, sizeof(why)), "drifted: its quote is not found",
	       "why: drifted");
	IS_STR(repair_why(c, &c->items[past], why, sizeof(why)),
	       "drifted: it lies past the end of the text", "why: past the end");
	IS_STR(repair_why(c, &c->items[am], why, sizeof(why)),
	       "ambiguous: its quote fits 3 places equally well", "why: a tie, with how many");
	IS_STR(repair_why(c, &c->items[ok], why, sizeof(why)), "", "why: nothing for a placed one");
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

static void test_candidates(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c = load(&t, &d);
	struct anchor_place pl[8];
	long am = find_code_at(c, "routine", CODING_AMBIGUOUS);
	size_t n = repair_candidates(c, (size_t)am, pl, 8), seen = 0;

	IS_INT(n, 3, "the ambiguous coding has its three places as candidates");
	for (size_t k = 0; k < n; k++)
		seen +=
		    pl[k].end - pl[k].start == 8 && memcmp(text + pl[k].start, "the same", 8) == 0;
	IS_INT(seen, 3, "each candidate holds the quote");
	IS_INT(repair_candidates(c, (size_t)am, pl, 1), 1, "at most max candidates");
	IS_INT(repair_candidates(c, (size_t)find_code_at(c, "routine", CODING_DRIFTED), pl, 8), 0,
	       "a quote that is gone has no candidate");
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

static void test_place(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c = load(&t, &d);
	size_t len0, len1, at, n0 = c->len;
	char *orig = codings_serialize(c, &len0), *now;
	const char *monday = strstr(text, "We meet on Mondays.");
	size_t ms = (size_t)(monday - text), me = ms + strlen("We meet on Mondays.");
	struct coding before;
	const struct coding *cd;
	long dr = find_code_at(c, "routine", CODING_DRIFTED);
	struct undo u;
	char msg[128];

	IS_INT(repair_place(c, (size_t)dr, ms, ms, &before, &at), REPAIR_EMPTY,
	       "an empty passage is refused");
	IS_INT(repair_place(c, (size_t)dr, 62, 64, &before, &at), REPAIR_EMPTY,
	       "white space only is refused");
	IS_INT(c->len, n0, "a refused place changes nothing");
	IS_INT(repair_place(c, (size_t)dr, ms, me, &before, &at), REPAIR_PLACED, "placed");
	cd = &c->items[at];
	OK(coding_counted(cd) && cd->status == CODING_OK, "the placed coding counts again");
	IS_INT(cd->start, ms, "at the start given");
	IS_INT(cd->end, me, "to the end given");
	IS_STR(cd->quote, "We meet on Mondays.", "its quote is the text there");
	IS_STR(cd->prefix, "[00:00:01] ANA: ", "its prefix is the text before");
	OK(cd->suffix && strncmp(cd->suffix, " It is the same", 15) == 0,
	   "its suffix is the text after");
	IS_STR(cd->memo, "kept", "it keeps its memo");
	IS_STR(cd->created, "2026-01-01T00:00:00Z", "it keeps its created time");
	OK(cd->nextra == 1 && strcmp(cd->extra[0].key, "note") == 0, "it keeps its unknown fields");
	IS_INT(before.status, CODING_DRIFTED, "the coding as it was comes back (drifted)");
	IS_STR(before.quote, "We meet on Tuesdays.", "with its old quote");
	IS_INT(c->len, n0, "one coding for one: nothing added, nothing lost");
	now = codings_serialize(c, &len1);
	OK(strstr(now, "quote: \"We meet on Mondays.\"") && !strstr(now, "Tuesdays"),
	   "the file will hold the new quote, not the old");
	free(now);
	/* undone as the coder undoes it (one step): the placed one out, the old one back */
	undo_init(&u);
	undo_record_remove(&u, 0, &before);
	undo_record_add(&u, 0, &c->items[at]);
	undo_join(&u, 2);
	undo_mark_repair(&u, 2, NULL);
	coding_done(&before);
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "the placing is undone");
	IS_STR(msg, "undid the placing of routine", "and says so");
	now = codings_serialize(c, &len1);
	IS_STR(now, orig, "undoing the place gives the file as it was, byte for byte");
	free(now);
	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "and redone");
	IS_STR(msg, "redid the placing of routine", "which it says");
	now = codings_serialize(c, &len1);
	OK(strstr(now, "quote: \"We meet on Mondays.\"") && !strstr(now, "Tuesdays"),
	   "the place is back");
	free(now);
	undo_done(&u);
	free(orig);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

static void test_duplicate(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c = load(&t, &d);
	struct coding before;
	size_t at, n0 = c->len;
	long past = find_code_at(c, "people", CODING_DRIFTED),
	     ok = find_code_at(c, "people", CODING_OK);

	IS_INT(repair_place(c, (size_t)past, c->items[ok].start, c->items[ok].end, &before, &at),
	       REPAIR_DUPLICATE, "placing on a passage already coded with the code is refused");
	IS_INT(repair_place(c, (size_t)past, c->items[ok].start + 2, c->items[ok].end + 3, &before,
	                    &at),
	       REPAIR_DUPLICATE, "so is a passage overlapping one coded with the code");
	IS_INT(c->len, n0, "nothing changed");
	IS_INT(c->items[past].status, CODING_DRIFTED, "the coding stays as it was");
	IS_INT(repair_place(c, (size_t)past, c->items[ok].start, c->items[ok].end, &before, &at) ==
	               REPAIR_DUPLICATE &&
	           repair_place(c, (size_t)find_code_at(c, "routine", CODING_DRIFTED),
	                        c->items[ok].start, c->items[ok].end, &before,
	                        &at) == REPAIR_PLACED,
	       1, "another code may be placed there");
	coding_done(&before);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

/* the undo history names whose codings a change was to */
static void test_undo_coder(void)
{
	struct undo u;
	struct coding cd = {0};

	cd.code = "x";
	undo_init(&u);
	undo_record_remove(&u, 0, &cd);
	undo_record_add(&u, 0, &cd);
	undo_join(&u, 2);
	undo_mark_repair(&u, 2, "ben");
	IS_STR(undo_peek(&u)->coder, "ben", "the last op is ben's");
	IS_STR(u.ops[0].coder, "ben", "and so is the op joined with it");
	OK(u.ops[0].repair && u.ops[1].repair, "both are a repair");
	undo_record_add(&u, 0, &cd);
	IS_STR(undo_peek(&u)->coder, NULL, "an op of the coder's own names no coder");
	OK(!undo_peek(&u)->repair, "and is no repair");
	undo_done(&u);
}

static char *slurp_file(const char *path)
{
	size_t len;

	return read_file(path, 1 << 20, &len);
}

static void write_text(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	if (fp) {
		fputs(s, fp);
		fclose(fp);
	}
}

/* another coder's file: changed and saved at once, under its lock; undone likewise; a
 * file that may not be written (a symbolic link) leaves everything as it was */
static void test_other_coder(void)
{
	char dir[] = "/tmp/gloss-test-repair.XXXXXX", tpath[128], cdir[128], cpath[256], real[256],
	     err[512], msg[512];
	struct diags d;
	struct transcript *t;
	struct codings *ben;
	struct undo u;
	char *f;
	size_t at, n0;
	long dr;

	OK(mkdtemp(dir) != NULL, "a scratch directory");
	snprintf(tpath, sizeof(tpath), "%s/t.txt", dir);
	snprintf(cdir, sizeof(cdir), "%s/codings", dir);
	mkdir(cdir, 0755);
	snprintf(cdir, sizeof(cdir), "%s/codings/ben", dir);
	mkdir(cdir, 0755);
	snprintf(cpath, sizeof(cpath), "%s/t.yaml", cdir);
	snprintf(real, sizeof(real), "%s/elsewhere.yaml", cdir);
	write_text(tpath, text);
	write_text(cpath,
	           "transcript: \"t.txt\"\ncoder: \"ben\"\ncodings:\n"
	           "  - {code: routine, start: 16, end: 35, quote: \"We meet on Tuesdays.\"}\n");
	diags_init(&d);
	t = transcript_load(tpath, &d);
	ben = t ? codings_load(t, "ben", NULL, &d) : NULL;
	OK(ben && ben->len == 1 && ben->items[0].status == CODING_DRIFTED, "ben's drifted coding");
	if (!ben) {
		diags_done(&d);
		return;
	}
	undo_init(&u);
	dr = 0;
	IS_INT(repair_commit(ben, (size_t)dr, true, 16, 35, &u, 0, true, &at, err, sizeof(err)),
	       REPAIR_PLACED, "ben's coding placed");
	f = slurp_file(cpath);
	OK(f && strstr(f, "quote: \"We meet on Mondays.\"") && !strstr(f, "Tuesdays"),
	   "and saved in ben's file at once");
	free(f);
	IS_STR(undo_peek(&u)->coder, "ben", "the step names ben");
	IS_INT(repair_undo_other(&u, ben, false, msg, sizeof(msg)) >= 0, 1, "undone");
	f = slurp_file(cpath);
	OK(f && strstr(f, "Tuesdays"), "and ben's file holds the coding as it was");
	free(f);
	IS_INT(repair_undo_other(&u, ben, true, msg, sizeof(msg)) >= 0, 1, "redone");
	f = slurp_file(cpath);
	OK(f && strstr(f, "Mondays"), "and saved again");
	free(f);

	/* ben's file becomes a symbolic link: never written through */
	OK(rename(cpath, real) == 0 && symlink("elsewhere.yaml", cpath) == 0, "a link");
	IS_INT(repair_undo_other(&u, ben, false, msg, sizeof(msg)), -2,
	       "an undo that cannot be saved is refused");
	OK(strstr(ben->items[0].quote, "Mondays") != NULL, "and the set is as it was");
	OK(u.pos == u.len, "and so is the history (still undoable)");
	n0 = u.len;
	IS_INT(repair_commit(ben, 0, false, 0, 0, &u, 0, true, &at, err, sizeof(err)),
	       REPAIR_NOT_SAVED, "a removal that cannot be saved is refused");
	OK(strstr(err, "link") != NULL, "saying why");
	IS_INT(ben->len, 1, "the coding is still there");
	IS_INT(u.len, n0, "nothing recorded");
	f = slurp_file(real);
	OK(f && strstr(f, "Mondays"), "the file is as it was");
	free(f);
	undo_done(&u);
	codings_free(ben);
	transcript_free(t);
	diags_done(&d);
	unlink(cpath);
	unlink(real);
	rmdir(cdir);
	snprintf(cdir, sizeof(cdir), "%s/codings", dir);
	rmdir(cdir);
	unlink(tpath);
	rmdir(dir);
}

int main(void)
{
	test_list();
	test_candidates();
	test_place();
	test_duplicate();
	test_undo_coder();
	test_other_coder();
	return t_done();
}
