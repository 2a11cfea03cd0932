/* test_tally.c — tally arithmetic on a project built in memory: theme roll-up over distinct
 * segments, words over the union of overlapping ranges, speakers, unknown-code rows,
 * drifted codings left out, and the --by matrices.
 *
 * The project (codebook: motives > {care, purpose > meaning}, work; speaker labels and
 * front matter are not words):
 *   a.txt (role: manager)
 *     INT: Why do you volunteer?                      4 words
 *     AMARA: I like helping people. It gives purpose.  7 words
 *     INT: And at work?                                3 words
 *     AMARA: Work matters too.                         3 words
 *   b.txt (no role)
 *     INT: Tell me more.                               3 words
 *     BEN: Care is key.                                3 words
 * Codings (segments):
 *   a S1 "I like helping people"     ana care, ana purpose, ben care
 *   a S2 "It gives purpose"          ana meaning
 *   a S3 "Work matters"              ana ghost (not in the codebook)
 *   a S4 "And at work?"              ana work
 *   a S5 "helping people. It gives"  ben care
 *   a    "Why do"                    ana work, DRIFTED (not counted)
 *   b S6 "Care is key"               ana care
 *   b S7 "Tell me more.\nBEN: Care"  ben work (two turns: INT and BEN)
 * Expected:
 *   motives  S1 S2 S5 S6 = 4 passages, 2 docs, speakers AMARA BEN = 2,
 *            words: a "I like helping people. It gives purpose" 7 + b "Care is key" 3 = 10
 *   care     S1 S5 S6 = 3, 2 docs, 2 speakers, words a union "I like ... It gives" 6
 *            + b 3 = 9
 *   purpose  S1 S2 = 2 (S1 once though coded twice), 1 doc, 1 speaker, 4 + 3 = 7 words
 *   meaning  S2 = 1, 3 words
 *   work     S4 S7 = 2, 2 docs, speakers INT BEN = 2, words 3 + "Tell me more." 3 +
 *            "Care" 1 = 7
 *   ghost    unknown row after the codebook: 1 passage, 2 words, depth 0, no parent
 *   total words 17 + 6 = 23; 7 distinct passages; 1 drifted. */
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

#include "demo_project.h"

static const struct tally_row *row(const struct tally *t, const char *id)
{
	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].id, id) == 0)
			return &t->rows[i];
	return NULL;
}

static void check_row(const struct tally *t, const char *id, size_t passages, size_t docs_,
                      size_t speakers, size_t words)
{
	const struct tally_row *r = row(t, id);
	char name[80];

	OK(r != NULL, id);
	if (!r)
		return;
	snprintf(name, sizeof(name), "%s: passages", id);
	IS_INT(r->passages, passages, name);
	snprintf(name, sizeof(name), "%s: documents", id);
	IS_INT(r->documents, docs_, name);
	snprintf(name, sizeof(name), "%s: speakers", id);
	IS_INT(r->speakers, speakers, name);
	snprintf(name, sizeof(name), "%s: words", id);
	IS_INT(r->words, words, name);
}

static void test_plain(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t = tally_run(&proj, &o);

	IS_INT(docs[0].t->words + docs[1].t->words, 23, "transcript words (labels excluded)");
	IS_INT(t->nrows, 6, "5 codebook rows + 1 unknown");
	IS_INT(t->total_words, 23, "total words");
	IS_INT(t->ndocs, 2, "documents");
	IS_INT(t->drifted, 1, "one drifted coding");
	IS_INT(t->passages, 7, "distinct passages overall");
	IS_INT(t->max_passages, 4, "max passages");
	check_row(t, "motives", 4, 2, 2, 10);
	check_row(t, "care", 3, 2, 2, 9);
	check_row(t, "purpose", 2, 1, 1, 7);
	check_row(t, "meaning", 1, 1, 1, 3);
	check_row(t, "work", 2, 2, 2, 7);
	check_row(t, "ghost", 1, 1, 1, 2);
	OK(t->rows[0].theme && t->rows[2].theme && !t->rows[1].theme, "theme flags");
	IS_STR(t->rows[3].parent, "purpose", "meaning's parent");
	IS_INT(t->rows[3].depth, 2, "meaning's depth");
	OK(t->rows[5].unknown && t->rows[5].code == -1 && t->rows[5].parent == NULL &&
	       t->rows[5].depth == 0,
	   "unknown row last, no parent, depth 0");
	OK(t->rows[0].share > 10.0 / 23 - 1e-9 && t->rows[0].share < 10.0 / 23 + 1e-9,
	   "share = words / total words");
	OK(t->rows[0].by == NULL && t->ngroups == 0, "no groups without --by");
	tally_free(t);
}

static size_t by_of(const struct tally *t, const char *id, const char *group)
{
	const struct tally_row *r = row(t, id);

	for (size_t g = 0; r && g < t->ngroups; g++)
		if (strcmp(t->groups[g], group) == 0)
			return r->by[g];
	return (size_t)-1;
}

static void test_by_speaker(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t;

	tally_by_parse("speaker", &o);
	t = tally_run(&proj, &o);
	IS_INT(t->ngroups, 3, "speaker groups AMARA BEN INT");
	IS_STR(t->groups[0], "AMARA", "groups sorted (0)");
	IS_STR(t->groups[2], "INT", "groups sorted (2)");
	IS_STR(t->by_name, "speaker", "by name");
	IS_INT(by_of(t, "work", "INT"), 2, "work by INT (S4 and S7)");
	IS_INT(by_of(t, "work", "BEN"), 1, "work by BEN (S7 spans two speakers)");
	IS_INT(by_of(t, "motives", "AMARA"), 3, "motives by AMARA");
	IS_INT(by_of(t, "motives", "BEN"), 1, "motives by BEN");
	tally_free(t);
}

static void test_by_coder(void)
{
	struct tally_opts o = {TALLY_BY_CODER, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t = tally_run(&proj, &o);

	IS_INT(t->ngroups, 2, "coder groups");
	IS_INT(by_of(t, "care", "ana"), 2, "care by ana (S1, S6)");
	IS_INT(by_of(t, "care", "ben"), 2, "care by ben (S1, S5)");
	IS_INT(by_of(t, "motives", "ana"), 3, "motives by ana: S1 once though two codes, S2, S6");
	IS_INT(by_of(t, "ghost", "ana"), 1, "unknown code by ana");
	tally_free(t);
}

static void test_by_attr(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t;

	tally_by_parse("role", &o);
	IS_INT(o.by, TALLY_BY_ATTR, "role is an attribute");
	t = tally_run(&proj, &o);
	IS_INT(t->ngroups, 2, "role groups");
	IS_STR(t->groups[0], "(none)", "(none) for documents without the attribute");
	IS_STR(t->groups[1], "manager", "manager");
	IS_INT(by_of(t, "care", "manager"), 2, "care by manager");
	IS_INT(by_of(t, "care", "(none)"), 1, "care by (none)");
	tally_free(t);
	tally_by_parse("document", &o);
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "motives", "a"), 3, "motives in document a");
	IS_INT(by_of(t, "motives", "b"), 1, "motives in document b");
	tally_free(t);
}

/* --count: the same groups, other figures (worked out from the segments above):
 *   by role, documents: motives manager (a) 1, (none) (b) 1
 *   by role, words: motives manager = a's union S1 S5 S2 "I like helping people. It gives
 *     purpose" 7, (none) S6 3; care manager S1 S5 "I like ... It gives" 6; work (none)
 *     S7 "Tell me more." 3 + "Care" 1 = 4
 *   by role, speakers: work manager S4: INT = 1, (none) S7: INT and BEN = 2
 *   by speaker, speakers: work INT 1, BEN 1, AMARA 0 (a speaker group is one speaker)
 *   by coder, documents: care ana S1 (a), S6 (b) = 2, ben S1 S5 (a) = 1 */
static void test_count(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_DOCUMENTS};
	struct tally *t;

	tally_by_parse("role", &o);
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "motives", "manager"), 1, "count documents: motives, manager");
	IS_INT(by_of(t, "motives", "(none)"), 1, "count documents: motives, (none)");
	IS_INT(tally_row_total(t, row(t, "motives")), 2, "count documents: total = documents");
	tally_free(t);
	o.count = TALLY_COUNT_WORDS;
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "motives", "manager"), 7, "count words: motives, manager (union)");
	IS_INT(by_of(t, "motives", "(none)"), 3, "count words: motives, (none)");
	IS_INT(by_of(t, "care", "manager"), 6, "count words: care, manager (S1 and S5 overlap)");
	IS_INT(by_of(t, "work", "(none)"), 4, "count words: work, (none) (across two turns)");
	IS_INT(tally_row_total(t, row(t, "motives")), 10, "count words: total = words");
	tally_free(t);
	o.count = TALLY_COUNT_SPEAKERS;
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "work", "manager"), 1, "count speakers: work, manager (INT)");
	IS_INT(by_of(t, "work", "(none)"), 2, "count speakers: work, (none) (INT, BEN)");
	tally_free(t);
	tally_by_parse("speaker", &o);
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "work", "INT"), 1, "count speakers by speaker: INT");
	IS_INT(by_of(t, "work", "BEN"), 1, "count speakers by speaker: BEN");
	IS_INT(by_of(t, "work", "AMARA"), 0, "count speakers by speaker: AMARA");
	tally_free(t);
	tally_by_parse("coder", &o);
	o.count = TALLY_COUNT_DOCUMENTS;
	t = tally_run(&proj, &o);
	IS_INT(by_of(t, "care", "ana"), 2, "count documents by coder: care, ana");
	IS_INT(by_of(t, "care", "ben"), 1, "count documents by coder: care, ben");
	tally_free(t);
}

static void test_one_doc(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, 1, false, TALLY_COUNT_PASSAGES};
	struct tally *t = tally_run(&proj, &o);

	IS_INT(t->ndocs, 1, "one document");
	IS_INT(t->total_words, 6, "its words");
	IS_INT(t->drifted, 0, "drifted coding is in the other document");
	check_row(t, "care", 1, 1, 1, 3);
	IS_INT(t->nrows, 5, "no unknown row when the unknown code is elsewhere");
	tally_free(t);
}

static void test_no_codings(void)
{
	struct tally_opts o = {TALLY_BY_SPEAKER, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t;

	docs[0].nsets = docs[1].nsets = 0;
	t = tally_run(&proj, &o);
	IS_INT(t->nrows, 5, "no codings: codebook rows only");
	IS_INT(t->passages + t->max_passages + t->drifted, 0, "no codings: nothing counted");
	IS_INT(t->total_words, 23, "no codings: words still counted");
	tally_free(t);
	docs[0].nsets = docs[1].nsets = 2;
}

/* tally_prepare (in the loading threads) gives the same tally as tally_run alone */
static void test_prepared(void)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *a, *b;
	int same = 1;

	tally_by_parse("speaker", &o);
	a = tally_run(&proj, &o);
	for (size_t d = 0; d < 2; d++)
		tally_prepare(NULL, 0, &docs[d]);
	OK(docs[0].user != NULL && docs[1].user != NULL, "prepared: kept in doc->user");
	o.prepared = true;
	b = tally_run(&proj, &o);
	same = a->nrows == b->nrows && a->ngroups == b->ngroups && a->total_words == b->total_words;
	for (size_t i = 0; same && i < a->nrows; i++) {
		same = a->rows[i].passages == b->rows[i].passages &&
		       a->rows[i].words == b->rows[i].words &&
		       a->rows[i].speakers == b->rows[i].speakers;
		for (size_t g = 0; same && g < a->ngroups; g++)
			same = a->rows[i].by[g] == b->rows[i].by[g];
	}
	OK(same, "prepared: the same rows, words and groups");
	tally_prepared_free(&proj);
	OK(docs[0].user == NULL, "prepared: freed");
	tally_free(a);
	tally_free(b);
}

int main(void)
{
	build();
	test_plain();
	test_prepared();
	test_by_speaker();
	test_by_coder();
	test_by_attr();
	test_count();
	test_one_doc();
	test_no_codings();
	teardown();
	return t_done();
}
