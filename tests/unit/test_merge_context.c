/* test_merge_context.c — the merge tells a change of a coding's context from a change of
 * the coding (issue 18, finding 10): a coding removed on one side stays removed when the
 * other side only re-saved it (prefix/suffix added, quote re-made, moved by re-anchoring
 * to the same quote), and is kept when the other side changed the coding itself (its memo,
 * an unknown field). Memo conflicts are conflicts (finding 22): merge_codings counts them. */
#include <string.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/merge.h"
#include "gloss/util.h"
#include "merge_fixture.h"
#include "t.h"

/* the base, as an older gloss wrote it: no context */
#define CARE CODING("care", 10, 20, "abc", "T1", "")
#define WORK CODING("work", 40, 50, "xyz", "T2", "")
#define TRUST CODING("trust", 60, 70, "uvw", "T3", "")
/* the same two, saved by a newer gloss: with context */
#define CTX "    prefix: \"before \"\n    suffix: \" after\"\n"
#define CARE_CTX CODING("care", 10, 20, "abc", "T1", CTX)
#define WORK_CTX CODING("work", 40, 50, "xyz", "T2", CTX)

static bool has(const struct codings *c, const char *code)
{
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->items[i].code, code) == 0)
			return true;
	return false;
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

/* one case: base O; side R removes care; side S changes it as given (and adds trust).
 * Both orders (R as ours, then as theirs). kept: is care in the merge? */
static void removal_against(const char *label, const char *s_body, bool kept)
{
	char name[256];

	for (int order = 0; order < 2; order++) {
		struct codings *o = parse("codings:\n" CARE WORK);
		struct codings *r = parse("codings:\n" WORK);
		struct codings *s = parse(s_body);
		struct codings out = {0};
		struct merge_stats st;
		size_t conflicts =
		    order ? merge_codings(o, s, r, &out, &st) : merge_codings(o, r, s, &out, &st);

		snprintf(name, sizeof(name), "%s (removed %s): care %s", label,
		         order ? "theirs" : "ours", kept ? "kept" : "stays removed");
		OK(has(&out, "care") == kept, name);
		snprintf(name, sizeof(name), "%s (removed %s): trust added, work kept, no conflict",
		         label, order ? "theirs" : "ours");
		OK(has(&out, "trust") && has(&out, "work") && conflicts == 0, name);
		if (!kept) {
			snprintf(name, sizeof(name), "%s: counted as a removal over a re-save",
			         label);
			IS_INT(st.removed_resaved, 1, name);
		}
		out_free(&out);
		codings_free(o);
		codings_free(r);
		codings_free(s);
	}
}

/* finding 10: the other side's save added prefix/suffix to every coding */
static void test_context_resave(void)
{
	removal_against("prefix/suffix added", "codings:\n" CARE_CTX WORK_CTX TRUST, false);
	removal_against("quote re-made",
	                "codings:\n" CODING("care", 10, 20, "abc def", "T1", "") WORK TRUST, false);
	removal_against("quote_end added",
	                "codings:\n" CODING("care", 10, 20, "abc", "T1", "    quote_end: \"end\"\n")
	                    WORK TRUST,
	                false);
	/* the transcript was edited above it: re-anchored to the same quote, 3 later */
	removal_against("a re-anchored move",
	                "codings:\n" CODING("care", 13, 23, "abc", "T1", CTX) WORK TRUST, false);
}

/* a change of the coding itself keeps it: nothing a researcher wrote is lost */
static void test_coding_change(void)
{
	removal_against(
	    "memo set",
	    "codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"m\"\n") WORK TRUST, true);
	removal_against("memo set with the context re-made",
	                "codings:\n" CODING("care", 10, 20, "abc", "T1", CTX "    memo: \"m\"\n")
	                    WORK TRUST,
	                true);
	removal_against(
	    "an unknown field set",
	    "codings:\n" CODING("care", 10, 20, "abc", "T1", "    note: \"n\"\n") WORK TRUST, true);
}

/* finding 22: a memo changed differently on both sides is a conflict (git must stop) */
static void test_memo_conflict(void)
{
	struct codings *o =
	    parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"m\"\n"));
	struct codings *a =
	    parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"a\"\n"));
	struct codings *b =
	    parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"b\"\n"));
	struct codings out = {0};
	struct merge_stats st;

	IS_INT(merge_codings(o, a, b, &out, &st), 1, "memos edited on both sides: one conflict");
	OK(out.len == 1 && out.items[0].memo && strstr(out.items[0].memo, MERGE_OURS_MARK) &&
	       st.memo_conflicts == 1,
	   "... both texts kept, marked");
	out_free(&out);
	codings_free(b);
	b = parse("codings:\n" CODING("care", 10, 20, "abc", "T1", "    memo: \"a\"\n"));
	IS_INT(merge_codings(o, a, b, &out, &st), 0, "the same memo on both sides: no conflict");
	out_free(&out);
	codings_free(o);
	codings_free(a);
	codings_free(b);
}

int main(void)
{
	test_context_resave();
	test_coding_change();
	test_memo_conflict();
	return t_done();
}
