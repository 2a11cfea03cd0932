/* test_undo.c — undo/redo of add, remove and memo restore exactly what was there. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/transcript.h"
#include "gloss/undo.h"
#include "gloss/util.h"
#include "t.h"

static const char text[] = "[00:00:01] A: One sentence here. Another one.\n";

int main(void)
{
	struct diags d;
	struct transcript *t;
	struct codings *c;
	struct undo u;
	char msg[128];
	size_t i;
	struct coding gone;

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
