/* test_cooccur.c — the co-occurrence matrix (cooccur.h) on the project of test_tally.c,
 * with every cell worked out by hand.
 *
 * Codebook motives > {care, purpose > meaning}, work; ghost is not in the codebook.
 *   a.txt  INT: Why do you volunteer?                        turn a0
 *          AMARA: I like helping people. It gives purpose.   turn a1
 *          INT: And at work?                                 turn a2
 *          AMARA: Work matters too.                          turn a3
 *   b.txt  INT: Tell me more.                                turn b0
 *          BEN: Care is key.                                 turn b1
 * Segments (passages, whoever coded them; the drifted "Why do" is left out):
 *   S1 a "I like helping people"     care, purpose        (a1)
 *   S2 a "It gives purpose"          meaning              (a1)
 *   S3 a "Work matters"              ghost                (a3)
 *   S4 a "And at work?"              work                 (a2)
 *   S5 a "helping people. It gives"  care                 (a1)
 *   S6 b "Care is key"               care                 (b1)
 *   S7 b "Tell me more.\nBEN: Care"  work                 (b0, b1)
 * Segments sharing a character: S1-S5 ("helping people"), S5-S2 ("It gives"), S6-S7
 * ("Care"); S1 and S2 do not touch.
 * Passages per row (themes rolled up): motives S1 S2 S5 S6; care S1 S5 S6; purpose S1 S2;
 * meaning S2; work S4 S7; ghost S3.
 *
 * passage: pairs (P of a, Q of b) sharing a character or the same segment:
 *   motives x care    S1-S1 S1-S5 S5-S1 S5-S5 S2-S5 S6-S6 = 6
 *   motives x purpose S1-S1 S2-S2 S5-S1 S5-S2 = 4
 *   motives x meaning S2-S2 S5-S2 = 2;   motives x work S6-S7 = 1
 *   care x purpose    S1-S1 S5-S1 S5-S2 = 3;   care x meaning S5-S2 = 1
 *   care x work       S6-S7 = 1;   purpose x meaning S2-S2 = 1;   purpose x work 0
 *   ghost x anything 0; diagonal = passages: 4 3 2 1 2 1
 * turn: motives a1 b1; care a1 b1; purpose a1; meaning a1; work a2 b0 b1; ghost a3
 *   motives x care 2, motives x purpose 1, motives x work 1 (b1), care x work 1,
 *   purpose x work 0, ghost x anything 0; diagonal 2 2 1 1 3 1
 * document: motives a b; care a b; purpose a; meaning a; work a b; ghost a
 *   motives x work 2, purpose x work 1, ghost x care 1, ghost x work 1, purpose x
 *   meaning 1; diagonal 2 2 1 1 2 1 */
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/cooccur.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

#include "demo_project.h"

enum { MOT, CARE, PURP, MEAN, WORK, GHOST };

static void cell(const struct cooccur *c, int a, int b, size_t want, const char *name)
{
	char n[120];

	snprintf(n, sizeof(n), "%s (%d,%d)", name, a, b);
	IS_INT(cooccur_cell(c, (size_t)a, (size_t)b), want, n);
	snprintf(n, sizeof(n), "%s (%d,%d) symmetric", name, b, a);
	IS_INT(cooccur_cell(c, (size_t)b, (size_t)a), want, n);
}

static void diagonal(const struct cooccur *c, const size_t *want, const char *unit)
{
	char n[80];

	for (int i = 0; i < 6; i++) {
		snprintf(n, sizeof(n), "%s: diagonal %d", unit, i);
		IS_INT(cooccur_cell(c, (size_t)i, (size_t)i), want[i], n);
	}
}

static struct cooccur *run(enum cooccur_unit u, struct tally **t)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};

	*t = tally_run(&proj, &o);
	IS_INT((*t)->nrows, 6, "tally rows: 5 codes + ghost");
	return cooccur_run(&proj, *t, u, -1);
}

static void test_passage(void)
{
	static const size_t diag[] = {4, 3, 2, 1, 2, 1};
	struct tally *t;
	struct cooccur *c = run(COOCCUR_PASSAGE, &t);

	diagonal(c, diag, "passage");
	cell(c, MOT, CARE, 6, "passage: motives x care");
	cell(c, MOT, PURP, 4, "passage: motives x purpose");
	cell(c, MOT, MEAN, 2, "passage: motives x meaning");
	cell(c, MOT, WORK, 1, "passage: motives x work");
	cell(c, CARE, PURP, 3, "passage: care x purpose");
	cell(c, CARE, MEAN, 1, "passage: care x meaning");
	cell(c, CARE, WORK, 1, "passage: care x work");
	cell(c, PURP, MEAN, 1, "passage: purpose x meaning");
	cell(c, PURP, WORK, 0, "passage: purpose x work");
	cell(c, MEAN, WORK, 0, "passage: meaning x work");
	for (int i = 0; i < 5; i++)
		cell(c, GHOST, i, 0, "passage: ghost x any");
	cooccur_free(c);
	tally_free(t);
}

static void test_turn(void)
{
	static const size_t diag[] = {2, 2, 1, 1, 3, 1};
	struct tally *t;
	struct cooccur *c = run(COOCCUR_TURN, &t);

	diagonal(c, diag, "turn");
	cell(c, MOT, CARE, 2, "turn: motives x care");
	cell(c, MOT, PURP, 1, "turn: motives x purpose");
	cell(c, MOT, WORK, 1, "turn: motives x work");
	cell(c, CARE, WORK, 1, "turn: care x work");
	cell(c, PURP, WORK, 0, "turn: purpose x work");
	cell(c, PURP, MEAN, 1, "turn: purpose x meaning");
	for (int i = 0; i < 5; i++)
		cell(c, GHOST, i, 0, "turn: ghost x any");
	cooccur_free(c);
	tally_free(t);
}

static void test_document(void)
{
	static const size_t diag[] = {2, 2, 1, 1, 2, 1};
	struct tally *t;
	struct cooccur *c = run(COOCCUR_DOCUMENT, &t);

	diagonal(c, diag, "document");
	cell(c, MOT, WORK, 2, "document: motives x work");
	cell(c, PURP, WORK, 1, "document: purpose x work");
	cell(c, GHOST, CARE, 1, "document: ghost x care");
	cell(c, GHOST, WORK, 1, "document: ghost x work");
	cell(c, PURP, MEAN, 1, "document: purpose x meaning");
	cooccur_free(c);
	tally_free(t);
}

static void test_parse(void)
{
	enum cooccur_unit u = COOCCUR_DOCUMENT;

	OK(cooccur_unit_parse(NULL, &u) && u == COOCCUR_PASSAGE, "no unit: passage");
	OK(cooccur_unit_parse("turn", &u) && u == COOCCUR_TURN, "turn");
	OK(!cooccur_unit_parse("line", &u), "line is no unit");
	IS_STR(cooccur_unit_name(COOCCUR_DOCUMENT), "document", "unit name");
}

int main(void)
{
	build();
	test_passage();
	test_turn();
	test_document();
	test_parse();
	teardown();
	return t_done();
}
