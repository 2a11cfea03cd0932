/* test_compare.c — the compare view without a screen: its units in disagreement are those
 * of agree_doc_diffs (a unit coded by one coder only, or with different codes), ) and (
 * go from one to the next and stop at the ends, the description names who coded what,
 * what y would copy is only the other's codings that settle a disagreement and that the
 * coder lacks, and a change to the coder's set (vcompare_update) is seen. */
#include <string.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "view_compare.h"
#include "t.h"

static const char text[] = "[00:00:01] ANA: One two. Three four.\n"
                           "\n"
                           "[00:00:05] BEN: Five six.\n"
                           "\n"
                           "[00:00:09] ANA: Seven eight.\n"
                           "\n"
                           "[00:00:12] BEN: Nine ten.\n";

static const char book[] = "codes:\n"
                           "  - id: care\n"
                           "    name: Care\n"
                           "  - id: trust\n"
                           "    name: Trust\n"
                           "  - id: time\n"
                           "    name: Time\n";

static size_t at(const char *s)
{
	return (size_t)(strstr(text, s) - text);
}

static void add(struct codings *c, const char *code, const char *from, const char *to)
{
	codings_add(c, code, at(from), at(to) + strlen(to), NULL);
}

int main(void)
{
	struct diags d;
	struct transcript *t;
	struct codebook *cb;
	struct codings *mine, *other;
	struct vcompare *v;
	struct strbuf sb = STRBUF_INIT;
	size_t s, e, k, items[8], n;

	diags_init(&d);
	t = transcript_load_mem(text, strlen(text), "t.txt", &d);
	cb = codebook_load_mem(book, strlen(book), "cb.yaml", &d);
	OK(t && cb && d.errors == 0, "fixture loads");
	mine = codings_parse("", 0, "mine.yaml", t, "ana", cb, &d);
	other = codings_parse("", 0, "other.yaml", t, "ben", cb, &d);
	OK(mine && other, "empty codings sets");
	/* turn 1: both care (agree); turn 2: ben trust only; turn 3: ana time, ben trust
	 * (differently); turn 4: nobody */
	add(mine, "care", "One", "two.");
	add(other, "care", "Three", "four.");
	add(other, "trust", "Five", "six.");
	add(mine, "time", "Seven", "eight.");
	add(other, "trust", "Seven", "Seven");
	codings_sort(mine);
	codings_sort(other);

	v = vcompare_new(t, cb, mine, other, AGREE_TURN, NULL);
	IS_STR(vcompare_coder(v), "ben", "the other coder");
	IS_INT(vcompare_count(v), 2, "two turns in disagreement (care agrees in turn 1)");
	OK(vcompare_next(v, 0, at("[00:00:05]"), 1, &s, &e, &k) && k == 1 && s <= at("Five") &&
	       e > at("six."),
	   ") from turn 1 goes to turn 2");
	OK(vcompare_next(v, s, e, 1, &s, &e, &k) && k == 2 && s <= at("Seven") && e > at("eight."),
	   ") again goes to turn 3");
	OK(!vcompare_next(v, s, e, 1, &s, &e, &k), ") stops after the last");
	OK(vcompare_next(v, at("[00:00:12]"), strlen(text), -1, &s, &e, &k) && k == 2,
	   "( from turn 4 goes to turn 3");
	OK(vcompare_describe(v, s, e, "ana", &sb), "turn 3 is a disagreement");
	IS_STR(sb.data, "disagreement 2/2: only ben coded Trust; only ana coded Time",
	       "what it is");
	sb_reset(&sb);
	OK(!vcompare_describe(v, 0, at("[00:00:05]"), "ana", &sb), "turn 1 is no disagreement");
	OK(!vcompare_next(v, 0, at("[00:00:05]"), -1, &s, &e, &k), "( stops before the first");

	n = vcompare_missing(v, at("[00:00:05]"), at("[00:00:09]"), items, 8);
	OK(n == 1 && strcmp(vcompare_other_coding(v, items[0])->code, "trust") == 0,
	   "y in turn 2 offers ben's trust");
	n = vcompare_missing(v, 0, at("[00:00:05]"), items, 8);
	IS_INT(n, 0, "y in turn 1 offers nothing: ben's care settles no disagreement");

	/* the coder copies ben's trust of turn 2: one disagreement left */
	n = vcompare_missing(v, at("[00:00:05]"), at("[00:00:09]"), items, 8);
	codings_add(mine, "trust", vcompare_other_coding(v, items[0])->start,
	            vcompare_other_coding(v, items[0])->end, NULL);
	codings_sort(mine);
	vcompare_update(v, mine, AGREE_TURN);
	IS_INT(vcompare_count(v), 1, "after the copy, turn 3 alone disagrees");
	n = vcompare_missing(v, at("[00:00:05]"), at("[00:00:09]"), items, 8);
	IS_INT(n, 0, "nothing more to copy in turn 2");

	/* by sentence: turn 1's two sentences are coded by one coder each */
	vcompare_update(v, mine, AGREE_SENTENCE);
	OK(vcompare_unit(v) == AGREE_SENTENCE, "the unit follows the coder's");
	{
		struct agree_diff *df;
		size_t nd = agree_doc_diffs(t, mine, other, cb, AGREE_SENTENCE, &df), units = 0;
		for (size_t i = 0; i < nd; i++)
			units += i == 0 || df[i].start != df[i - 1].start;
		IS_INT(vcompare_count(v), units, "by sentence: the units of agree_doc_diffs");
		OK(units == 3, "by sentence: One two / Three four / Seven eight");
		free(df);
	}

	sb_done(&sb);
	vcompare_free(v);
	codings_free(mine);
	codings_free(other);
	codebook_free(cb);
	transcript_free(t);
	diags_done(&d);
	return t_done();
}
