/* test_anchor_context.c — re-anchoring's context rule (anchor.h, steps 1 and 2), case by
 * case: a passage that occurs twice, where only the text before it (prefix), or only the
 * text after it (suffix), tells the two places apart. Each case codes a passage in one
 * text the way the coder does (anchor_make_quote, anchor_make_context), edits the text,
 * and re-anchors, with the old offsets read back as a codings file would read them.
 *  - scoring (step 2): the quote no longer stands at its offsets; of its two places, the
 *    one whose prefix (or suffix) is the stored one must win, exactly or loosely, for short
 *    and for long passages;
 *  - in place (step 1): the quote still stands at its offsets, but the prefix (or suffix)
 *    there is not the stored one, while the whole stored context stands around its other
 *    place: the coding is not in place there, it moves to the other place.
 * Each case also holds the other side of the context equal at both places, so that it
 * fails when the rule for its side is broken (the prefix or the suffix counting for nothing
 * in the score, or in deciding that a coding is in place). */
#include "gloss/anchor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static struct transcript *mk(const char *s)
{
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load_mem(s, strlen(s), "t.txt", &d);
	IS_INT(d.errors, 0, "the text loads");
	diags_done(&d);
	return t;
}

/* nth: byte offset of the n-th (0-based) occurrence of needle in t, or SIZE_MAX */
static size_t nth(const struct transcript *t, const char *needle, int n)
{
	const char *p = t->text;

	for (p = strstr(p, needle); p && n > 0; n--)
		p = strstr(p + 1, needle);
	return p ? (size_t)(p - t->text) : SIZE_MAX;
}

/* a coding made in one text: what a codings file keeps of it */
struct stored {
	char *quote, *quote_end, *prefix, *suffix;
	size_t cp_start, cp_end;
};

static struct stored code_at(const struct transcript *t, size_t s, size_t e)
{
	struct stored c;

	anchor_make_quote(t, s, e, &c.quote, &c.quote_end);
	anchor_make_context(t, s, e, &c.prefix, &c.suffix);
	c.cp_start = transcript_byte_to_cp(t, s);
	c.cp_end = transcript_byte_to_cp(t, e);
	return c;
}

static void stored_done(struct stored *c)
{
	free(c->quote);
	free(c->quote_end);
	free(c->prefix);
	free(c->suffix);
}

/* reanchor: the stored coding against text t, its old offsets read as code points of t */
static struct anchor_item reanchor(const struct transcript *t, const struct stored *c)
{
	size_t s = c->cp_start <= t->ncp ? transcript_cp_to_byte(t, c->cp_start) : t->len;
	size_t e = c->cp_end <= t->ncp ? transcript_cp_to_byte(t, c->cp_end) : t->len;
	struct anchor_item it = {.quote = c->quote,
	                         .quote_end = c->quote_end,
	                         .prefix = c->prefix,
	                         .suffix = c->suffix,
	                         .start = s,
	                         .end = e,
	                         .key_start = c->cp_start,
	                         .key_end = c->cp_end,
	                         .past_end = c->cp_end > t->ncp};

	anchor_run(t, &it, 1);
	return it;
}

static const char *result_name(enum anchor_result r)
{
	static const char *const names[] = {"EXACT", "MOVED", "AMBIGUOUS", "DRIFTED"};

	return names[r];
}

/* expect: the coding is placed (MOVED, or EXACT when want_exact) at [s, e) */
static void expect(const struct anchor_item *it, enum anchor_result want, size_t s, size_t e,
                   const char *name)
{
	if (!OK(it->result == want && it->new_start == s && it->new_end == e, name))
		printf("#   got %s at %zu-%zu, want %s at %zu-%zu\n", result_name(it->result),
		       it->new_start, it->new_end, result_name(want), s, e);
}

/* case_move: code occurrence `which` of quote in before; re-anchor in after, where the
 * quote no longer stands at the old offsets; it must move to occurrence `which` of after */
static void case_move(const char *before, const char *after, const char *quote, int which,
                      const char *name)
{
	struct transcript *t0 = mk(before), *t1 = mk(after);
	size_t s0 = nth(t0, quote, which), s1 = nth(t1, quote, which), n = strlen(quote);
	struct stored c = code_at(t0, s0, s0 + n);
	struct anchor_item it = reanchor(t1, &c);

	OK(nth(t0, quote, 2) == SIZE_MAX && nth(t1, quote, 1) != SIZE_MAX &&
	       !anchor_check(t1, it.start, it.end, c.quote, c.quote_end),
	   "the case is as described: two places, neither at the old offsets");
	expect(&it, ANCHOR_MOVED, s1, s1 + n, name);
	stored_done(&c);
	transcript_free(t0);
	transcript_free(t1);
}

/* Two places of one sentence with the same 32 characters after them; only the text before
 * them differs. A line inserted at the top shifts both, so neither is at the old offsets. */
#define SAME_AFTER " and we kept going through the winter anyway.\n"
static const char prefix_before[] =
    "ANA: Tell me about the first partnership with the clinic.\n"
    "BEN: Well, the money ran out in spring" SAME_AFTER
    "ANA: And the second one, with the school district?\n"
    "BEN: Honestly? Same story: the money ran out in spring" SAME_AFTER;
static const char prefix_after[] =
    "(Recording resumed after a short break.)\n"
    "ANA: Tell me about the first partnership with the clinic.\n"
    "BEN: Well, the money ran out in spring" SAME_AFTER
    "ANA: And the second one, with the school district?\n"
    "BEN: Honestly? Same story: the money ran out in spring" SAME_AFTER;

/* the same with the context swapped: the same 32 characters before both, different after */
#define SAME_BEFORE "BEN: When the director asked us what we needed, "
static const char suffix_before[] =
    "ANA: What happened with the clinic?\n" SAME_BEFORE
    "we said more time, because the first pilot had been rushed by everyone.\n"
    "ANA: And with the school district?\n" SAME_BEFORE
    "we said more time, and they laughed at us in the meeting.\n";
static const char suffix_after[] = "(Recording resumed after a short break.)\n"
                                   "ANA: What happened with the clinic?\n" SAME_BEFORE
                                   "we said more time, because the first pilot had been rushed by "
                                   "everyone.\n"
                                   "ANA: And with the school district?\n" SAME_BEFORE
                                   "we said more time, and they laughed at us in the meeting.\n";

static void test_scoring(void)
{
	case_move(prefix_before, prefix_after, "the money ran out in spring", 0,
	          "only the prefix tells two places apart: the first is found by it");
	case_move(prefix_before, prefix_after, "the money ran out in spring", 1,
	          "only the prefix tells two places apart: the second is found by it");
	case_move(suffix_before, suffix_after, "we said more time", 0,
	          "only the suffix tells two places apart: the first is found by it");
	case_move(suffix_before, suffix_after, "we said more time", 1,
	          "only the suffix tells two places apart: the second is found by it");
}

/* the context matches only loosely at the right place (the edit made quotes typographic
 * there, and added a line at the top), and not at all at the other place */
static void test_scoring_loose(void)
{
	static const char before[] =
	    "ANA: What did the board say?\n"
	    "BEN: They said \"not now\" and the money ran out in spring"
	    " and nobody said a word about it.\n"
	    "ANA: And the staff?\n"
	    "BEN: Ah, the staff. Some left, and the money ran out in spring"
	    " and nobody said a word about it.\n";
	static const char after[] =
	    "(Recording resumed.)\n"
	    "ANA: What did the board say?\n"
	    "BEN: They said \u201cnot now\u201d and the money ran out in spring"
	    " and nobody said a word about it.\n"
	    "ANA: And the staff?\n"
	    "BEN: Ah, the staff. Some left, and the money ran out in spring"
	    " and nobody said a word about it.\n";

	case_move(before, after, "the money ran out in spring", 0,
	          "a prefix that matches only loosely (typographic quotes) still tells the places "
	          "apart");
}

/* long passages (over ANCHOR_FULL_QUOTE code points: head and tail stored) */
static void test_scoring_long(void)
{
	char passage[400], before[2048], after[2048];
	const char *p1 = "ANA: About the clinic, then. What happened first?\nBEN: ";
	const char *p2 = "ANA: And the school district, was it any different?\nBEN: ";
	const char *s = " That is the whole story, really, from start to end.\n";

	snprintf(passage, sizeof(passage), "%s",
	         "We wrote the proposal together over three weekends, we met the families in "
	         "the evenings, we learned which forms mattered and which did not, we argued "
	         "about the budget line by line, and in the end the program ran for two years "
	         "with twelve volunteers who still call each other today.");
	snprintf(before, sizeof(before), "%s%s%s%s%s%s", p1, passage, s, p2, passage, s);
	snprintf(after, sizeof(after), "(Recording resumed.)\n%s%s%s%s%s%s", p1, passage, s, p2,
	         passage, s);
	OK(strlen(passage) > ANCHOR_FULL_QUOTE, "the passage is long (head and tail stored)");
	case_move(before, after, passage, 1,
	          "a long passage at two places, only the prefix differs: found by it");
	snprintf(before, sizeof(before), "%s%s%s%s%s%s", p1, passage, s, p1, passage,
	         " And that was the end of the money.\n");
	snprintf(after, sizeof(after), "(Recording resumed.)\n%s%s%s%s%s%s", p1, passage, s, p1,
	         passage, " And that was the end of the money.\n");
	case_move(before, after, passage, 1,
	          "a long passage at two places, only the suffix differs: found by it");
}

/* case_in_place: code occurrence 1 of quote in text; then prepend filler so that occurrence
 * 0 lands exactly on the old offsets (its context there differs on one side only), while
 * occurrence 1 keeps its whole context. The coding must not count as in place at the old
 * offsets: it moves to occurrence 1. */
static void case_in_place(const char *text, const char *quote, const char *name)
{
	struct transcript *t0 = mk(text), *t1;
	size_t s0 = nth(t0, quote, 0), s1 = nth(t0, quote, 1), n = strlen(quote);
	struct stored c = code_at(t0, s1, s1 + n);
	size_t shift = s1 - s0;
	char *filler = xmalloc(shift + 1), *edited;
	struct anchor_item it;

	memset(filler, '.', shift - 1);
	filler[shift - 1] = '\n';
	filler[shift] = '\0';
	edited = xasprintf("%s%s", filler, text);
	t1 = mk(edited);
	it = reanchor(t1, &c);
	OK(anchor_check(t1, it.start, it.end, c.quote, c.quote_end) && it.start == s1,
	   "the case is as described: the quote stands at the old offsets");
	expect(&it, ANCHOR_MOVED, s1 + shift, s1 + shift + n, name);
	free(filler);
	free(edited);
	stored_done(&c);
	transcript_free(t0);
	transcript_free(t1);
}

static void test_in_place(void)
{
	case_in_place(prefix_before, "the money ran out in spring",
	              "the quote at its offsets with another prefix there is not in place: it "
	              "moves to where its prefix is");
	case_in_place(suffix_before, "we said more time",
	              "the quote at its offsets with another suffix there is not in place: it "
	              "moves to where its suffix is");
}

/* the other side of the rule: with its whole context at its offsets a coding is in place,
 * though its quote (and one side of its context) stands elsewhere too */
static void test_stays(void)
{
	struct transcript *t = mk(prefix_before);
	size_t s = nth(t, "the money ran out in spring", 0),
	       n = strlen("the money ran out in spring");
	struct stored c = code_at(t, s, s + n);
	struct anchor_item it = reanchor(t, &c);

	expect(&it, ANCHOR_EXACT, s, s + n, "with its whole context at its offsets: in place");
	stored_done(&c);
	transcript_free(t);
	t = mk(suffix_before);
	s = nth(t, "we said more time", 1), n = strlen("we said more time");
	c = code_at(t, s, s + n);
	it = reanchor(t, &c);
	expect(&it, ANCHOR_EXACT, s, s + n,
	       "with its whole context at its offsets: in place (the second of two places)");
	stored_done(&c);
	transcript_free(t);
}

int main(void)
{
	test_scoring();
	test_scoring_loose();
	test_scoring_long();
	test_in_place();
	test_stays();
	return t_done();
}
