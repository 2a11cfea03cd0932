/* test_merge.c — the three-way merge of codings sets: the cases the git driver test
 * (tests/team/run-merge.sh) cannot reach easily: a coding moved on one side and edited
 * on the other, moved differently on both sides, unknown fields, and that nothing
 * present on either side is lost. */
#include <string.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/merge.h"
#include "gloss/util.h"
#include "merge_fixture.h"
#include "t.h"

static const struct coding *find(const struct codings *c, const char *code, size_t s)
{
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->items[i].code, code) == 0 && c->items[i].cp_start == s)
			return &c->items[i];
	return NULL;
}

static void out_free(struct codings *out)
{
	for (size_t i = 0; i < out->len; i++)
		coding_done(&out->items[i]);
	free(out->items);
	for (size_t i = 0; i < out->nextra; i++) {
		free(out->extra[i].key);
		free(out->extra[i].flow);
	}
	free(out->extra);
	memset(out, 0, sizeof(*out));
}

/* base: care 10-20 "abc" (T1). ours: it moved to 12-22 (the transcript was edited above
 * it; same code, created and quote). theirs: its memo was set. The merge has it once, at
 * 12-22, with the memo. */
static void test_moved_and_edited(void)
{
	struct codings *o = parse("codings:\n" CODING("care", 10, 20, "abc", "T1", ""));
	struct codings *a = parse("codings:\n" CODING("care", 12, 22, "abc", "T1", ""));
	struct codings *b =
	    parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"m\"\n"));
	struct codings out = {0};
	struct merge_stats st;
	const struct coding *c;

	IS_INT(merge_codings(o, a, b, &out, &st), 0, "moved here, memo there: resolved");
	IS_INT(out.len, 1, "moved here, memo there: one coding");
	c = find(&out, "care", 12);
	OK(c && c->cp_end == 22 && c->memo && strcmp(c->memo, "m") == 0,
	   "moved here, memo there: at the new place, with the memo");
	out_free(&out);
	/* the memo's own times come with it from the side that wrote it */
	codings_free(b);
	b = parse("codings:\n" CODING("care", 10, 20, "abc", "T1",
	                              "    memo: \"m\"\n    memo_created: \"T5\"\n"
	                              "    memo_modified: \"T6\"\n"));
	merge_codings(o, a, b, &out, &st);
	c = find(&out, "care", 12);
	OK(c && c->memo_created && strcmp(c->memo_created, "T5") == 0 && c->memo_modified &&
	       strcmp(c->memo_modified, "T6") == 0,
	   "memo there: with its times");
	out_free(&out);
	{ /* both wrote a memo: both texts, the earlier creation, the later change */
		struct codings *a2 =
		    parse("codings:\n" CODING("care", 12, 22, "abc", "T1",
		                              "    memo: \"ours\"\n    memo_created: \"T4\"\n"
		                              "    memo_modified: \"T4\"\n"));
		IS_INT(merge_codings(o, a2, b, &out, &st), 1, "two memos: a conflict");
		c = out.len == 1 ? &out.items[0] : NULL;
		OK(c && c->memo && strstr(c->memo, "ours") && strstr(c->memo, "m") &&
		       c->memo_created && strcmp(c->memo_created, "T4") == 0 && c->memo_modified &&
		       strcmp(c->memo_modified, "T6") == 0,
		   "two memos: both texts, created T4 (ours, earlier), modified T6 (theirs, "
		   "later)");
		out_free(&out);
		codings_free(a2);
	}
	codings_free(a);
	/* moved differently on both sides: both kept */
	a = parse("codings:\n" CODING("care", 12, 22, "abc", "T1", ""));
	codings_free(b);
	b = parse("codings:\n" CODING("care", 30, 40, "abc", "T1", ""));
	merge_codings(o, a, b, &out, &st);
	OK(out.len == 2 && find(&out, "care", 12) && find(&out, "care", 30) && st.moved_both == 1,
	   "moved differently on both sides: both places kept");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

/* two look-alike codings (same code, created time and quote): the one left unchanged is
 * matched exactly first, so the one that moved is matched as moved */
static void test_lookalikes(void)
{
	struct codings *o = parse("codings:\n" CODING("care", 10, 13, "abc", "T1", "")
	                              CODING("care", 50, 53, "abc", "T1", ""));
	struct codings *a = parse("codings:\n" CODING("care", 12, 15, "abc", "T1", "")
	                              CODING("care", 50, 53, "abc", "T1", ""));
	struct codings *b = parse("codings:\n" CODING("care", 10, 13, "abc", "T1", "")
	                              CODING("care", 50, 53, "abc", "T1", "    memo: \"x\"\n"));
	struct codings out = {0};
	struct merge_stats st;

	merge_codings(o, a, b, &out, &st);
	OK(out.len == 2 && find(&out, "care", 12) && find(&out, "care", 50) &&
	       find(&out, "care", 50)->memo,
	   "look-alikes: one moved, the other gets its memo");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

/* unknown fields: one side's change is taken; different changes on both sides are a
 * conflict (ours kept); a field of the file is merged the same way */
static void test_fields(void)
{
	struct codings *o = parse("x: 1\ncodings:\n" CODING("care", 1, 2, "a", "T", "    k: 1\n"));
	struct codings *a = parse("x: 2\ncodings:\n" CODING("care", 1, 2, "a", "T", "    k: 2\n"));
	struct codings *b =
	    parse("x: 1\ncodings:\n" CODING("care", 1, 2, "a", "T", "    k: 3\n    j: 4\n"));
	struct codings out = {0};
	struct merge_stats st;
	const struct coding *c;

	IS_INT(merge_codings(o, a, b, &out, &st), 1, "a field set differently on both sides");
	c = find(&out, "care", 1);
	OK(c && c->nextra == 2 && strcmp(c->extra[0].flow, "2") == 0 &&
	       strcmp(c->extra[1].key, "j") == 0,
	   "ours kept for the conflict, their new field added");
	OK(out.nextra == 1 && strcmp(out.extra[0].flow, "2") == 0,
	   "a file field changed on one side: that change");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

/* the same coding added on both sides (no quote, no memo): once, counted as an addition,
 * not as a change */
static void test_added_both(void)
{
	struct codings *o = parse("codings: []\n");
	const char *one = "codings:\n  - code: \"care\"\n    start: 1\n    end: 2\n"
	                  "    created: \"T\"\n";
	struct codings *a = parse(one), *b = parse(one);
	struct codings out = {0};
	struct merge_stats st;

	merge_codings(o, a, b, &out, &st);
	OK(out.len == 1 && st.added_ours == 1 && st.added_theirs == 0 && st.changed == 0,
	   "added on both sides: once, one addition, no change");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

/* a file saved on our side gained the context of its codings (prefix, suffix); theirs set
 * a memo: the merge keeps both changes */
static void test_context(void)
{
	struct codings *o = parse("codings:\n" CODING("care", 10, 20, "abc", "T1", ""));
	struct codings *a = parse("codings:\n" CODING("care", 10, 20, "abc", "T1",
	                                              "    prefix: \"before \"\n"
	                                              "    suffix: \" after\"\n"));
	struct codings *b =
	    parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"m\"\n"));
	struct codings out = {0};
	struct merge_stats st;
	const struct coding *c;

	merge_codings(o, a, b, &out, &st);
	c = find(&out, "care", 10);
	OK(out.len == 1 && c && c->prefix && strcmp(c->prefix, "before ") == 0 && c->suffix &&
	       c->memo && strcmp(c->memo, "m") == 0,
	   "context added here, memo there: both kept");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

int main(void)
{
	test_added_both();
	test_context();
	test_moved_and_edited();
	test_lookalikes();
	test_fields();
	return t_done();
}
