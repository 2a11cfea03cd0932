/* test_agree.c — inter-coder agreement against worked examples from the literature, the
 * degenerate cases, and the units, counts and differences of a small project.
 *
 * Every expected value is computed by hand in the comments. */
#include <math.h>
#include <string.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"
#include "demo_project.h"

#define M AGREE_MISSING

static int near(double got, double want)
{
	return fabs(got - want) < 5e-4;
}

#define IS_NEAR(got, want, name)                                                                   \
	do {                                                                                       \
		double g_ = (got), w_ = (want);                                                    \
		if (!OK(near(g_, w_), name))                                                       \
			printf("#   got %.6f, want %.6f\n", g_, w_);                               \
	} while (0)

/* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", A: binary data, two
 * observers, no missing data (10 units):
 *   A: 0 1 0 0 0 0 0 0 1 0
 *   B: 1 1 1 0 0 1 0 0 0 0
 * Coincidences: pairs (0,0) in units 4 5 7 8 10 count twice each: o00 = 10; (0,1) in units
 * 1 3 6 9: o01 = o10 = 4; (1,1) in unit 2: o11 = 2. n0 = 14, n1 = 6, n = 20.
 * alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 19 * 4 / 84 = 1 - 76/84 = 0.0952 (his 0.095).
 * Cohen's kappa on the same data: contingency A x B: (0,0) 5, (0,1) 3, (1,0) 1, (1,1) 1;
 * p_o = 6/10 = .6; A marks 1 twice, B four times: p_e = .2 * .4 + .8 * .6 = .56;
 * kappa = (.6 - .56) / (1 - .56) = .04/.44 = 0.0909. Percent agreement 6/10 = 0.6. */
static void test_binary_two(void)
{
	static const int a[] = {0, 1, 0, 0, 0, 0, 0, 0, 1, 0}, b[] = {1, 1, 1, 0, 0, 1, 0, 0, 0, 0};
	struct agree_tab t;
	struct agree_stats s;

	agree_tab_init(&t, 2, 2, true);
	for (int u = 0; u < 10; u++) {
		int v[2] = {a[u], b[u]};
		agree_tab_add(&t, v, 1);
	}
	agree_tab_stats(&t, &s);
	IS_INT(t.units, 10, "K2011 binary: 10 pairable units");
	IS_INT(t.agreements, 6, "K2011 binary: 6 agreements");
	IS_INT(t.disagreements, 4, "K2011 binary: 4 disagreements");
	IS_INT(t.coded[0], 2, "K2011 binary: A coded 2 units");
	IS_INT(t.coded[1], 4, "K2011 binary: B coded 4 units");
	IS_NEAR(t.o[0], 10, "K2011 binary: o00 = 10");
	IS_NEAR(t.o[1], 4, "K2011 binary: o01 = 4");
	IS_NEAR(t.o[3], 2, "K2011 binary: o11 = 2");
	IS_NEAR(s.n, 20, "K2011 binary: n = 20");
	IS_NEAR(s.alpha, 1.0 - 76.0 / 84.0, "K2011 binary: alpha = 0.095");
	IS_NEAR(s.p_o, 0.6, "K2011 binary: p_o = .6");
	IS_NEAR(s.p_e, 0.56, "K2011 binary: p_e = .56");
	IS_NEAR(s.kappa, 0.04 / 0.44, "K2011 binary: kappa = 0.091");
	IS_NEAR(s.percent, 0.6, "K2011 binary: percent agreement .6");
	agree_tab_done(&t);
}

/* Krippendorff (2011), C: nominal data, four observers, 12 units, missing data:
 *   unit: 1 2 3 4 5 6 7 8 9 10 11 12
 *   A:    1 2 3 3 2 1 4 1 2 .  .  .
 *   B:    1 2 3 3 2 2 4 1 2 5  .  3
 *   C:    . 3 3 3 2 3 4 2 2 5  1  .
 *   D:    1 2 3 3 2 4 4 1 2 5  1  .
 * Unit 12 has one value: not pairable. Per unit, m_u values, each ordered pair of values
 * from different observers adds 1/(m_u - 1):
 *   u1 {1,1,1} m=3: o11 += 6/2 = 3       u2 {2,3,2,2}: o22 += 6/3 = 2, o23 = o32 += 3/3 = 1
 *   u3 {3,3,3,3}: o33 += 12/3 = 4        u4 likewise o33 += 4
 *   u5 {2,2,2,2}: o22 += 4               u6 {1,2,3,4}: every c != k pair += 1/3
 *   u7 {4,4,4,4}: o44 += 4               u8 {1,1,2,1}: o11 += 2, o12 = o21 += 1
 *   u9 {2,2,2,2}: o22 += 4               u10 {5,5,5}: o55 += 3
 *   u11 {1,1}: o11 += 2
 * o11 = 3+2+2 = 7, o22 = 2+4+4 = 10, o33 = 4+4 = 8, o44 = 4, o55 = 3 (sum 32);
 * o12 = 1 + 1/3, o23 = 1 + 1/3, o13 = o14 = o24 = o34 = 1/3 (and symmetric): 8 off the
 * diagonal. n_1 = 9, n_2 = 13, n_3 = 10, n_4 = 5, n_5 = 3, n = 40.
 * sum_{c!=k} n_c n_k = 40^2 - (81 + 169 + 100 + 25 + 9) = 1600 - 384 = 1216.
 * alpha = 1 - (n - 1) * 8 / 1216 = 1 - 312/1216 = 0.7434 (Krippendorff: 0.743).
 * Percent agreement: units 3 4 5 7 9 10 11 agree, 1 also (A B D all 1): 8 of 11. */
static void test_nominal_missing(void)
{
	static const int d[4][12] = {
	    {1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M},
	    {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3},
	    {M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M},
	    {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M},
	};
	struct agree_tab t;
	struct agree_stats s;

	agree_tab_init(&t, 6, 4, false); /* values 1..5; 0 unused */
	for (int u = 0; u < 12; u++) {
		int v[4] = {d[0][u], d[1][u], d[2][u], d[3][u]};
		agree_tab_add(&t, v, 1);
	}
	agree_tab_stats(&t, &s);
	IS_INT(t.units, 11, "K2011 nominal: 11 pairable units (unit 12 has one value)");
	IS_INT(t.agreements, 8, "K2011 nominal: 8 units where every observer agrees");
	IS_NEAR(s.n, 40, "K2011 nominal: n = 40 pairable values");
	IS_NEAR(t.o[1 * 6 + 1], 7, "K2011 nominal: o11 = 7");
	IS_NEAR(t.o[1 * 6 + 2], 4.0 / 3, "K2011 nominal: o12 = 4/3");
	IS_NEAR(t.o[5 * 6 + 5], 3, "K2011 nominal: o55 = 3");
	IS_NEAR(s.d_o, 8, "K2011 nominal: 8 disagreeing pairs");
	IS_NEAR(s.alpha, 1.0 - 312.0 / 1216.0, "K2011 nominal: alpha = 0.743");
	OK(isnan(s.kappa), "K2011 nominal: no kappa for four observers");
	IS_INT(t.coded[2], 10, "K2011 nominal: observer C valued 10 units");
	agree_tab_done(&t);
}

/* Cohen (1960)'s illustration, as counts of 200 units (his proportions times 200):
 *            B=1  B=2  B=3 | A
 *     A=1     88   14   18 | 120
 *     A=2     10   40   10 |  60
 *     A=3      2    6   12 |  20
 *     B      100   60   40
 * p_o = (88 + 40 + 12)/200 = .70; p_e = .6 * .5 + .3 * .3 + .1 * .2 = .41;
 * kappa = (.70 - .41)/(1 - .41) = .29/.59 = 0.4915.
 * Krippendorff's alpha on the same data: o = table + its transpose; n = 400,
 * n_1 = 120 + 100 = 220, n_2 = 120, n_3 = 60; disagreeing pairs 2 * 60 = 120;
 * sum n_c n_k = 160000 - (48400 + 14400 + 3600) = 93600;
 * alpha = 1 - 399 * 120 / 93600 = 1 - 47880/93600 = 0.4885 (alpha < kappa: alpha takes
 * the two coders' values as one population). */
static void test_cohen(void)
{
	static const int table[3][3] = {{88, 14, 18}, {10, 40, 10}, {2, 6, 12}};
	struct agree_tab t, w;
	struct agree_stats s;

	agree_tab_init(&t, 3, 2, false);
	agree_tab_init(&w, 3, 2, false);
	for (int a = 0; a < 3; a++) {
		for (int b = 0; b < 3; b++) {
			int v[2] = {a, b};
			agree_tab_add(&t, v, (size_t)table[a][b]);
			for (int k = 0; k < table[a][b]; k++)
				agree_tab_add(&w, v, 1);
		}
	}
	agree_tab_stats(&t, &s);
	IS_NEAR(s.p_o, 0.70, "Cohen 1960: p_o = .70");
	IS_NEAR(s.p_e, 0.41, "Cohen 1960: p_e = .41");
	IS_NEAR(s.kappa, 0.29 / 0.59, "Cohen 1960: kappa = 0.49");
	IS_NEAR(s.alpha, 1.0 - 47880.0 / 93600.0, "Cohen 1960 data: alpha = 0.489");
	IS_NEAR(s.percent, 0.70, "Cohen 1960: percent agreement .70");
	OK(memcmp(t.o, w.o, 9 * sizeof(double)) == 0 && t.units == w.units &&
	       t.agreements == w.agreements,
	   "a weighted unit counts as that many units");
	agree_tab_done(&t);
	agree_tab_done(&w);
}

/* Degenerate cases.
 *  - one category only (both coders 0 on 5 units): percent 1, but o01 = 0 and
 *    sum n_c n_k = 0 (n_1 = 0), so alpha = 0/0; p_e = 1, so kappa = 0/0: both undefined;
 *  - all agree, two categories (3 units 0, 2 units 1): no disagreement, alpha = 1 - 0 = 1,
 *    p_o = 1, p_e = .6^2 + .4^2 = .52, kappa = .48/.48 = 1;
 *  - no overlap (A codes units 1-3, B units 4-6, never the same unit): no pairable unit,
 *    n = 0: percent, kappa and alpha undefined; each coder still counts its own;
 *  - all disagree, two values once each: o01 = o10 = 1, n = 2, n_0 = n_1 = 1;
 *    alpha = 1 - (n - 1) o01 / (n_0 n_1) = 1 - 1 * 1 / 1 = 0; A = 0 and B = 1: p_o = 0,
 *    p_e = P(A=0) P(B=0) + P(A=1) P(B=1) = 1 * 0 + 0 * 1 = 0, kappa = 0. */
static void test_degenerate(void)
{
	struct agree_tab t;
	struct agree_stats s;
	int zz[2] = {0, 0}, oo[2] = {1, 1}, zo[2] = {0, 1}, am[2] = {1, M}, mb[2] = {M, 1};

	agree_tab_init(&t, 2, 2, true);
	agree_tab_add(&t, zz, 5);
	agree_tab_stats(&t, &s);
	IS_NEAR(s.percent, 1, "one category only: percent 1");
	OK(isnan(s.alpha) && isnan(s.kappa), "one category only: alpha and kappa undefined");
	agree_tab_done(&t);

	agree_tab_init(&t, 2, 2, true);
	agree_tab_add(&t, zz, 3);
	agree_tab_add(&t, oo, 2);
	agree_tab_stats(&t, &s);
	IS_NEAR(s.alpha, 1, "all agree: alpha 1");
	IS_NEAR(s.kappa, 1, "all agree: kappa 1");
	IS_NEAR(s.p_e, 0.52, "all agree: p_e .52");
	agree_tab_done(&t);

	agree_tab_init(&t, 2, 2, true);
	agree_tab_add(&t, am, 3);
	agree_tab_add(&t, mb, 3);
	agree_tab_stats(&t, &s);
	IS_INT(t.units, 0, "no overlap: no pairable unit");
	OK(isnan(s.percent) && isnan(s.alpha) && isnan(s.kappa) && s.n == 0,
	   "no overlap: every statistic undefined");
	OK(t.coded[0] == 3 && t.coded[1] == 3, "no overlap: each coder's units still counted");
	agree_tab_done(&t);

	agree_tab_init(&t, 2, 2, true);
	agree_tab_add(&t, zo, 1);
	agree_tab_stats(&t, &s);
	IS_NEAR(s.alpha, 0, "one disagreement: alpha 0");
	IS_NEAR(s.kappa, 0, "one disagreement: kappa 0");
	agree_tab_done(&t);
}

/* agree_tab_sum keeps categories apart with an offset: theme X's values {0,1} and theme
 * Y's {0,1} pooled as {0,1,2,3}: two units where both coders agree on X=0 and Y=1 give
 * o00 = 2 and o33 = 2, no disagreement: alpha = 1. */
static void test_sum(void)
{
	struct agree_tab x, y, p;
	struct agree_stats s;
	int v0[2] = {0, 0}, v1[2] = {1, 1};

	agree_tab_init(&x, 2, 2, false);
	agree_tab_init(&y, 2, 2, false);
	agree_tab_init(&p, 4, 2, false);
	agree_tab_add(&x, v0, 1);
	agree_tab_add(&y, v1, 1);
	agree_tab_sum(&p, &x, 0);
	agree_tab_sum(&p, &y, 2);
	agree_tab_stats(&p, &s);
	IS_NEAR(p.o[0], 2, "pooled: o00 from the first table");
	IS_NEAR(p.o[3 * 4 + 3], 2, "pooled: o33 from the second, offset by 2");
	IS_INT(p.units, 2, "pooled: units add up");
	IS_NEAR(s.alpha, 1, "pooled: alpha 1");
	agree_tab_done(&x);
	agree_tab_done(&y);
	agree_tab_done(&p);
}

/* ---- a project ----
 * Codebook: motives > {care, purpose}; work.
 *   a.txt  T0 INT: Why do you volunteer?                       (21 code points)
 *          T1 AMARA: I like helping people. It gives purpose.   (40)
 *          T2 INT: And at work?                                 (12)
 *          T3 AMARA: Work matters too.                          (17)   90 in all
 *   sentences: S0 Why..., S1 I like helping people., S2 It gives purpose., S3 And at
 *   work?, S4 Work matters too.
 *   b.txt  T0 INT: Tell me more.  T1 BEN: Care is key.
 * Codings: a: ana care "I like helping people", ana work "And at work?";
 *             ben care "helping people. It gives", ben purpose "It gives purpose",
 *             ben work "Why do" drifted (left out);
 *          b: ana care "Care is key"; cara care "Care is key" (ben has no file for b).
 * By turn, ana and ben (b skipped: only ana coded it):
 *   care: T1 both, others neither: 4 units, 4 agreements; values 0 and 1 both occur, so
 *         chance disagreement is not 0: alpha = kappa = 1.
 *   purpose: ben T1 only: 3 agree, 1 disagrees; p_o = .75, ana all 0: p_e = 1 * .75 =
 *         .75, kappa = 0; o00 = 6, o01 = o10 = 1: n = 8, n0 = 7, n1 = 1,
 *         alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 7 * 1 / 7 = 0.
 *   work: ana T2 only: the same, kappa = alpha = 0.
 *   motives (theme, with care and purpose below it): T1 both: alpha = kappa = 1.
 *   pooled (each code as applied itself; motives' own table is 4 units of 0 0):
 *         16 units, 14 agreements; contingency (0,0) 4+3+3+3 = 13, (1,1) 1 (care T1),
 *         (0,1) 1 (purpose), (1,0) 1 (work); p_o = 14/16 = .875, each coder has 2 ones:
 *         p_e = (2/16)^2 + (14/16)^2 = 200/256 = .78125, kappa = .09375/.21875 = 3/7;
 *         o00 = 26, o01 = o10 = 2, o11 = 2: n = 32, n0 = 28, n1 = 4,
 *         alpha = 1 - (n - 1) o01 / (n0 n1) = 1 - 31 * 2 / 112 = 0.4464.
 * By sentence, care: ana S1, ben S1 S2: 5 units, 4 agreements.
 * By character, care: ana 21 code points "I like helping people", ben 24 "helping
 *   people. It gives", shared 14 "helping people": 90 units, 21 + 24 - 2 * 14 = 17
 *   disagreements, 73 agreements.
 * Theme as variable (motives: care = 0, purpose = 1), by sentence: S1 ana care, ben care:
 *   agree; S2 ben care and purpose: a violation (missing); ana nothing: missing. 1 unit,
 *   1 agreement, 1 violation; alpha undefined (one value only).
 * Three coders ana ben cara, by turn, care: a has ana ben (cara missing): 4 units agree;
 *   b has ana cara: T1 both 1, T0 both 0: 6 units, 6 agreements, nothing skipped. */
static char n_cara[] = "cara";
static char *coders3[3] = {coder_ana, coder_ben, n_cara};

/* build_agree: demo_project.h's transcripts and codebook without "meaning" (motives: care
 * purpose; work), with these codings */
static void build_agree(void)
{
	demo_load();
	set_code(0, "motives", -1, 0, 2, 3);
	set_code(2, "purpose", 0, 1, 0, 3);
	set_code(3, "work", -1, 0, 0, 4);
	cb.ncodes = 4;
	sets[0].coder = coder_ana;
	sets[1].coder = coder_ben;
	sets[2].coder = coder_ana;
	sets[3].coder = n_cara;
	for (int i = 0; i < 4; i++)
		sets[i].exists = true;
	add(&sets[0], "care", text_a, "I like helping people", CODING_OK);
	add(&sets[0], "work", text_a, "And at work?", CODING_OK);
	add(&sets[1], "care", text_a, "helping people. It gives", CODING_OK);
	add(&sets[1], "purpose", text_a, "It gives purpose", CODING_OK);
	add(&sets[1], "work", text_a, "Why do", CODING_DRIFTED);
	add(&sets[2], "care", text_b, "Care is key", CODING_OK);
	add(&sets[3], "care", text_b, "Care is key", CODING_OK);
	demo_link(coders3, 3);
}

static const struct agree_row *row(const struct agree *a, const char *id)
{
	for (size_t i = 0; i < a->nrows; i++)
		if (strcmp(a->rows[i].id, id) == 0)
			return &a->rows[i];
	return NULL;
}

static void test_units(void)
{
	struct agree_span *sp;
	size_t n;

	n = agree_units(docs[0].t, AGREE_TURN, &sp);
	IS_INT(n, 4, "turns: 4 units");
	IS_INT(sp[1].start, strstr(text_a, "I like") - text_a, "a turn starts after its label");
	free(sp);
	n = agree_units(docs[0].t, AGREE_SENTENCE, &sp);
	IS_INT(n, 5, "sentences: 5 units");
	OK(n == 5 && sp[2].start == (size_t)(strstr(text_a, "It gives") - text_a) &&
	       sp[2].end == (size_t)(strstr(text_a, "purpose.") - text_a) + 8,
	   "the third sentence is 'It gives purpose.'");
	free(sp);
	n = agree_units(docs[0].t, AGREE_LINE, &sp);
	IS_INT(n, 4, "lines: 4 units");
	free(sp);
}

/* speakers (issue 21): text_a's turns are INT, AMARA, INT, AMARA */
static void test_speakers(void)
{
	static const char *const amara[] = {"AMARA"}, *const intv[] = {"int"};
	struct agree_speakers only = {amara, 1, NULL, 0}, except = {NULL, 0, intv, 1};
	struct agree_speakers both = {amara, 1, amara, 1};
	struct agree_span *sp;
	struct agree_diff *d;
	size_t n;

	OK(agree_speaker_kept(NULL, "X") && agree_speaker_kept(&(struct agree_speakers){0}, "X"),
	   "no limit: every speaker");
	OK(agree_speaker_kept(&only, "amara") && !agree_speaker_kept(&only, "AMAR"),
	   "--speaker: that speaker, ASCII case ignored, no prefix");
	OK(!agree_speaker_kept(&only, NULL) && agree_speaker_kept(&except, NULL),
	   "text in no turn: out with --speaker, in with --not-speaker");
	OK(!agree_speaker_kept(&except, "INT") && agree_speaker_kept(&except, "AMARA"),
	   "--not-speaker int leaves INT out");
	OK(!agree_speaker_kept(&both, "AMARA"), "named by both: left out");
	n = agree_units_of(docs[0].t, AGREE_TURN, &only, &sp);
	OK(n == 2 && sp[0].start == (size_t)(strstr(text_a, "I like") - text_a),
	   "AMARA's turns: 2 units, the first 'I like ...'");
	free(sp);
	n = agree_units_of(docs[0].t, AGREE_SENTENCE, &except, &sp);
	IS_INT(n, 3, "sentences not of INT: 2 + 1");
	free(sp);
	/* by turn: purpose in T1 (AMARA's), work in T2 (INT's); AMARA only: purpose */
	n = agree_doc_diffs_of(docs[0].t, &sets[0], &sets[1], &cb, AGREE_TURN, &only, &d);
	OK(n == 1 && d[0].code == 2, "diffs in AMARA's turns: purpose only");
	free(d);
}

static struct agree *run(enum agree_unit u, const char *const *cs, size_t ncs, bool themes)
{
	struct agree_opts o = {
	    .unit = u, .coders = cs, .ncoders = ncs, .theme_as_variable = themes};

	return agree_run(&proj, &o);
}

static void test_turns(void)
{
	static const char *const two[] = {"ana", "ben"};
	struct agree *a = run(AGREE_TURN, two, 2, false);
	const struct agree_row *r;

	IS_INT(a->ndocs, 1, "turns: one document compared");
	IS_INT(a->nskipped, 1, "turns: one document skipped");
	OK(a->nskipped == 1 && strcmp(a->skipped[0].doc, "b") == 0 && a->skipped[0].ncoders == 1 &&
	       strcmp(a->skipped[0].coders[0], "ana") == 0,
	   "b is skipped, coded by ana only");
	IS_INT(a->drifted, 1, "the drifted coding is left out");
	IS_INT(a->nrows, 5, "4 codes and the pooled row");
	r = row(a, "care");
	OK(r && r->tab.units == 4 && r->tab.agreements == 4 && near(r->st.alpha, 1) &&
	       near(r->st.kappa, 1),
	   "care by turn: 4 of 4, alpha = kappa = 1");
	r = row(a, "purpose");
	OK(r && r->tab.units == 4 && r->tab.disagreements == 1 && near(r->st.kappa, 0) &&
	       near(r->st.alpha, 0) && r->tab.coded[0] == 0 && r->tab.coded[1] == 1,
	   "purpose by turn: 1 disagreement, kappa = alpha = 0, coded 0 and 1");
	r = row(a, "motives");
	OK(r && r->theme && r->tab.agreements == 4 && near(r->st.alpha, 1),
	   "motives (theme, codes below it included): 4 agreements, alpha 1");
	r = row(a, "*");
	OK(r && r->code == -1 && r->tab.units == 16 && r->tab.agreements == 14,
	   "pooled: 16 (unit, code) items, 14 agreements");
	OK(r && near(r->st.kappa, 3.0 / 7) && near(r->st.alpha, 1.0 - 62.0 / 112),
	   "pooled: kappa 3/7, alpha 0.446");
	agree_free(a);
}

static void test_other_units(void)
{
	static const char *const two[] = {"ana", "ben"};
	struct agree *a = run(AGREE_SENTENCE, two, 2, false);
	const struct agree_row *r = row(a, "care");

	OK(r && r->tab.units == 5 && r->tab.agreements == 4, "care by sentence: 4 of 5");
	agree_free(a);
	a = run(AGREE_CHARACTER, two, 2, false);
	r = row(a, "care");
	OK(r && r->tab.units == 90 && r->tab.disagreements == 17 && r->tab.coded[0] == 21 &&
	       r->tab.coded[1] == 24,
	   "care by character: 90 units, 17 disagreements, 21 and 24 coded");
	agree_free(a);
	a = run(AGREE_SENTENCE, two, 2, true);
	IS_INT(a->nrows, 2, "theme as variable: motives and the pooled row");
	r = row(a, "motives");
	OK(r && r->tab.units == 1 && r->tab.agreements == 1 && r->violations == 1 &&
	       isnan(r->st.alpha),
	   "theme as variable: 1 unit agreed, 1 violation, alpha undefined");
	agree_free(a);
}

static void test_three(void)
{
	struct agree *a = run(AGREE_TURN, NULL, 0, false);
	const struct agree_row *r = row(a, "care");

	IS_INT(a->ncoders, 3, "every coder of the project by default");
	IS_INT(a->nskipped, 0, "three coders: nothing skipped");
	OK(r && r->tab.units == 6 && r->tab.agreements == 6 && isnan(r->st.kappa) &&
	       near(r->st.alpha, 1),
	   "three coders, care: 6 of 6, missing coders left out, no kappa");
	agree_free(a);
}

/* the prepared path (agree_prepare in the loading threads, then agree_run) gives the same
 * tables as the direct one */
static void test_prepared(void)
{
	static const char *const two[] = {"ana", "ben"};
	enum agree_unit u = AGREE_SENTENCE;
	struct agree_opts o = {.unit = u, .coders = two, .ncoders = 2, .prepared = true};
	struct agree *a = run(u, two, 2, false), *b;
	bool same = true;

	for (size_t d = 0; d < proj.ndocs; d++)
		agree_prepare(&o, 0, &docs[d]);
	b = agree_run(&proj, &o);
	same = a->nrows == b->nrows && a->ndocs == b->ndocs && a->nskipped == b->nskipped &&
	       a->drifted == b->drifted;
	for (size_t i = 0; same && i < a->nrows; i++)
		same = a->rows[i].tab.units == b->rows[i].tab.units &&
		       a->rows[i].tab.agreements == b->rows[i].tab.agreements &&
		       memcmp(a->rows[i].tab.o, b->rows[i].tab.o, 4 * sizeof(double)) == 0;
	OK(same, "prepared documents give the same tables");
	agree_prepared_free(&proj);
	OK(docs[0].user == NULL, "agree_prepared_free clears doc->user");
	agree_free(a);
	agree_free(b);
}

static void test_diffs(void)
{
	struct agree_diff *d;
	size_t n = agree_doc_diffs(docs[0].t, &sets[0], &sets[1], &cb, AGREE_TURN, &d);

	IS_INT(n, 2, "diffs by turn: purpose in T1, work in T2");
	OK(n == 2 && d[0].code == 2 && !d[0].a && d[0].b && d[1].code == 3 && d[1].a && !d[1].b,
	   "diffs by turn: who coded what");
	free(d);
	n = agree_doc_diffs(docs[0].t, &sets[0], &sets[1], &cb, AGREE_CHARACTER, &d);
	IS_INT(n, 4, "diffs by character: care twice, purpose, work");
	OK(n == 4 && d[0].code == 1 && d[0].a &&
	       d[0].start == (size_t)(strstr(text_a, "I like") - text_a) &&
	       d[0].end == (size_t)(strstr(text_a, "helping") - text_a),
	   "diffs by character: 'I like ' is ana's only");
	OK(n == 4 && d[1].code == 1 && d[1].b &&
	       d[1].start == (size_t)(strstr(text_a, ". It") - text_a) &&
	       d[1].end == (size_t)(strstr(text_a, " purpose.") - text_a),
	   "diffs by character: '. It gives' is ben's only");
	free(d);
}

int main(void)
{
	test_binary_two();
	test_nominal_missing();
	test_cohen();
	test_degenerate();
	test_sum();
	build_agree();
	test_units();
	test_speakers();
	test_turns();
	test_other_units();
	test_three();
	test_prepared();
	test_diffs();
	teardown();
	return t_done();
}
