/* test_undo.c — undo/redo of add, remove and memo restore exactly what was there; one
 * passage, one coding (codings_apply) and its joined undo. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/transcript.h"
#include "gloss/undo.h"
#include "gloss/util.h"
#include "t.h"

static const char text[] = "[00:00:01] A: One sentence here. Another one.\n";

/* apply: codings_apply as the coder does it, recording the undo step */
static enum codings_apply_result apply(struct codings *c, struct undo *u, const char *code,
                                       size_t s, size_t e)
{
	struct coding *out;
	size_t nout, i;
	enum codings_apply_result r;

	i = codings_apply(c, code, s, e, &out, &nout, &r);
	for (size_t k = 0; k < nout; k++) {
		undo_record_remove(u, 0, &out[k]);
		coding_done(&out[k]);
	}
	free(out);
	if (r != CODINGS_COVERED) {
		undo_record_add(u, 0, &c->items[i]);
		undo_join(u, nout + 1);
	}
	return r;
}

static void test_one_passage(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c;
	struct undo u;
	char msg[128];
	size_t i;

	diags_init(&d);
	t = transcript_load_mem(text, strlen(text), "x/01-a.txt", &d);
	c = codings_parse("", 0, "x/codings/me/01-a.yaml", t, "me", NULL, &d);
	undo_init(&u);
	IS_INT(apply(c, &u, "a", 14, 20), CODINGS_ADDED, "a new passage: added");
	codings_set_memo(c, 0, "first");
	IS_INT(apply(c, &u, "b", 18, 25), CODINGS_ADDED, "another code overlapping: added");
	IS_INT(apply(c, &u, "a", 16, 19), CODINGS_COVERED, "inside: nothing changes");
	IS_INT(apply(c, &u, "a", 26, 33), CODINGS_ADDED, "apart: added");
	IS_INT(apply(c, &u, "c", 14, 32), CODINGS_ADDED, "sentence one");
	IS_INT(apply(c, &u, "c", 33, 45), CODINGS_EXTENDED, "sentence two after a space: extended");
	OK(codings_find(c, "c", 14, 45) >= 0, "one passage of two sentences");
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0 && undo_undo(&u, c, msg, sizeof(msg)) >= 0,
	   "undone");
	i = codings_find(c, "a", 26, 33);
	codings_set_memo(c, (size_t)i, "second");
	IS_INT(c->len, 3, "three codings");
	IS_INT(apply(c, &u, "a", 20, 26), CODINGS_EXTENDED, "touching both: extended");
	IS_INT(c->len, 2, "one coding of a, one of b");
	i = codings_find(c, "a", 14, 33);
	OK((long)i >= 0, "a covers 14..33");
	IS_STR((long)i >= 0 ? c->items[i].memo : NULL, "first\n\nsecond", "memos kept, joined");
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "one undo");
	IS_STR(msg, "undid the extension of a", "says what it undid");
	IS_INT(c->len, 3, "both codings are back");
	OK(codings_find(c, "a", 14, 20) >= 0 && codings_find(c, "a", 26, 33) >= 0,
	   "with their ranges");
	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "one redo");
	IS_INT(c->len, 2, "extended again");
	OK(codings_find(c, "a", 14, 33) >= 0, "as before");
	c->items[codings_find(c, "b", 18, 25)].status = CODING_DRIFTED;
	IS_INT(apply(c, &u, "b", 20, 30), CODINGS_ADDED, "a drifted coding is not joined");
	undo_done(&u);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
}

int main(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c;
	struct undo u;
	char msg[128];
	size_t i;
	struct coding gone;

	test_one_passage();
	diags_init(&d);
	t = transcript_load_mem(text, strlen(text), "x/01-a.txt", &d);
	OK(t != NULL, "transcript loads");
	c = codings_parse("", 0, "x/codings/me/01-a.yaml", t, "me", NULL, &d);
	if (!c)
		c = codings_load(t, "me", NULL, &d);
	OK(c != NULL, "empty codings");
	if (!t || !c)
		return t_done();
	undo_init(&u);
	IS_INT(undo_undo(&u, c, msg, sizeof(msg)), -1, "nothing to undo at first");
	IS_STR(msg, "nothing to undo", "says so");

	i = codings_add(c, "a", 14, 33, NULL);
	undo_record_add(&u, 0, &c->items[i]);
	i = codings_add(c, "b", 14, 33, "why");
	undo_record_add(&u, 0, &c->items[i]);
	IS_INT(c->len, 2, "two codings");

	i = (size_t)codings_find(c, "b", 14, 33);
	undo_record_memo(&u, 0, &c->items[i], "changed");
	codings_set_memo(c, i, "changed");

	i = (size_t)codings_find(c, "b", 14, 33);
	codings_remove(c, i, &gone);
	undo_record_remove(&u, 0, &gone);
	coding_done(&gone);
	IS_INT(c->len, 1, "one left after remove");

	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "undo remove");
	IS_INT(c->len, 2, "removed coding is back");
	i = (size_t)codings_find(c, "b", 14, 33);
	IS_STR(c->items[i].memo, "changed", "with its memo");
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "undo memo");
	IS_STR(c->items[codings_find(c, "b", 14, 33)].memo, "why", "old memo back");
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "undo add b");
	IS_INT(codings_find(c, "b", 14, 33), -1, "b gone");
	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "undo add a");
	IS_INT(c->len, 0, "all undone");
	IS_INT(undo_undo(&u, c, msg, sizeof(msg)), -1, "nothing more to undo");

	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "redo add a");
	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "redo add b");
	IS_STR(c->items[codings_find(c, "b", 14, 33)].memo, "why", "b with its first memo");
	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "redo memo");
	IS_STR(c->items[codings_find(c, "b", 14, 33)].memo, "changed", "memo changed again");
	OK(undo_redo(&u, c, msg, sizeof(msg)) >= 0, "redo remove");
	IS_INT(c->len, 1, "b removed again");
	IS_INT(undo_redo(&u, c, msg, sizeof(msg)), -1, "nothing to redo");

	OK(undo_undo(&u, c, msg, sizeof(msg)) >= 0, "undo once more");
	i = codings_add(c, "c", 0, 5, NULL);
	undo_record_add(&u, 0, &c->items[i]);
	IS_INT(undo_redo(&u, c, msg, sizeof(msg)), -1, "a new change drops the redo history");

	undo_done(&u);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	return t_done();
}
