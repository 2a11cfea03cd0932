/* test_quotes.c — retrieval (quotes.h) on the project of test_tally.c.
 *
 *   a.txt (role: manager)                     b.txt (no role)
 *   1 ---  2 role: manager  3 ---             1 INT: Tell me more.
 *   4 INT: Why do you volunteer?              2 BEN: Care is key.
 *   5 AMARA: I like helping people. It gives purpose.
 *   6 INT: And at work?
 *   7 AMARA: Work matters too.
 * Codings: a "I like helping people" ana care, ana purpose, ben care; "It gives purpose"
 * ana meaning; "Work matters" ana ghost (not in the codebook); "And at work?" ana work;
 * "Why do" ana work DRIFTED; "helping people. It gives" ben care (memo "overlap");
 * b "Care is key" ana care; "Tell me more.\nBEN: Care" ben work.
 * Expected, every code, in codebook order then document then position:
 *   care S1 (ana, ben: one quote) others {purpose}; care S5 (ben) others {} (meaning and
 *   purpose there are ana's); care S6 (b, ana) others {} (work is ben's); purpose S1
 *   others {care}; meaning S2 others {} (care S5 is ben's); work S4; work S7 (b, lines
 *   1-2, INT and BEN) others {}; ghost S3. Other codes are the quote's own coders'.
 *   8 quotes, 1 skipped (the drifted work). */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

#include "demo_project.h"

static char memo_text[] = "overlap";

static void check(const struct quote *q, const char *id, size_t doc, const char *text,
                  size_t ncodings, const char *others)
{
	char name[120], got[120] = "";
	const struct transcript *t = docs[doc].t;

	snprintf(name, sizeof(name), "%s in %zu: \"%s\"", id, doc, text);
	for (char *p = name; (p = strchr(p, '\n')) != NULL;)
		*p = '/'; /* one TAP line */
	IS_STR(q->id, id, name);
	IS_INT(q->doc, doc, name);
	OK(q->end - q->start == strlen(text) && memcmp(t->text + q->start, text, strlen(text)) == 0,
	   name);
	IS_INT(q->ncodings, ncodings, name);
	for (size_t i = 0; i < q->nothers; i++)
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", i ? "," : "",
		         q->others[i]);
	IS_STR(got, others, name);
}

static void test_all(void)
{
	struct quote_list *q = quotes_collect(&proj, NULL);

	IS_INT(q->n, 8, "every code: 8 quotes");
	IS_INT(q->skipped, 1, "the drifted coding is not quoted");
	IS_INT(q->ndocs, 2, "both documents");
	if (q->n != 8)
		return;
	check(&q->items[0], "care", 0, "I like helping people", 2, "purpose");
	IS_STR(q->items[0].codings[0].coder, "ana", "coders sorted (ana)");
	IS_STR(q->items[0].codings[1].coder, "ben", "coders sorted (ben)");
	check(&q->items[1], "care", 0, "helping people. It gives", 1, "");
	IS_STR(q->items[1].codings[0].memo, "overlap", "the memo");
	check(&q->items[2], "care", 1, "Care is key", 1, "");
	check(&q->items[3], "purpose", 0, "I like helping people", 1, "care");
	check(&q->items[4], "meaning", 0, "It gives purpose", 1, "");
	check(&q->items[5], "work", 0, "And at work?", 1, "");
	check(&q->items[6], "work", 1, "Tell me more.\nBEN: Care", 1, "");
	check(&q->items[7], "ghost", 0, "Work matters", 1, "");
	OK(q->items[7].code == -1, "ghost is not in the codebook");
	IS_INT(q->items[0].line, 5, "line of S1");
	IS_INT(q->items[6].line, 1, "S7 starts on line 1");
	IS_INT(q->items[6].line_end, 2, "and ends on line 2");
	IS_INT(q->items[6].nspeakers, 2, "S7: two speakers");
	IS_STR(q->items[6].speakers[0], "INT", "S7: INT first");
	IS_STR(q->items[6].speakers[1], "BEN", "S7: then BEN");
	OK(q->items[6].turn_first == 0 && q->items[6].turn_last == 1, "S7: turns 0 to 1");
	IS_STR(q->items[0].speakers[0], "AMARA", "S1: AMARA");
	OK(q->items[0].timestamp == NULL, "no timestamps in this project");
	IS_INT(q->nmemos, 1, "one memo");
	quotes_free(q);
}

static void test_theme(void)
{
	const char *ids[] = {"motives"};
	struct quotes_opts o = QUOTES_OPTS_INIT;
	struct quote_list *q;

	o.codes = ids;
	o.ncodes = 1;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 5, "motives: its subtree's 5 quotes (care 3, purpose, meaning)");
	IS_INT(q->skipped, 0, "the drifted coding is work's: not counted here");
	IS_INT(q->nids, 0, "motives is in the codebook");
	quotes_free(q);
	ids[0] = "ghost";
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 1, "an id not in the codebook matches its codings");
	IS_INT(q->nids, 1, "and is reported");
	quotes_free(q);
}

static void test_per_coder(void)
{
	const char *ids[] = {"care"};
	struct quotes_opts o = QUOTES_OPTS_INIT;
	struct quote_list *q;

	o.codes = ids;
	o.ncodes = 1;
	o.per_coder = true;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 4, "care per coder: S1 twice (ana, ben), S5, S6");
	if (q->n == 4) {
		check(&q->items[0], "care", 0, "I like helping people", 1, "purpose");
		IS_STR(q->items[0].codings[0].coder, "ana", "S1: ana's entry first");
		check(&q->items[1], "care", 0, "I like helping people", 1, "");
		IS_STR(q->items[1].codings[0].coder, "ben",
		       "S1: then ben's, without ana's purpose");
	}
	quotes_free(q);
}

static void test_filters(void)
{
	const char *ben[] = {"ben"};
	struct quotes_where w[2] = {{"role", "manager"}, {"role", "founder"}};
	struct quotes_opts o = QUOTES_OPTS_INIT;
	struct quote_list *q;

	o.coders = ben;
	o.ncoders = 1;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 3, "ben: care S1, care S5, work S7");
	if (q->n == 3) {
		IS_INT(q->items[0].ncodings, 1, "ben's coding of S1 alone");
		IS_INT(q->items[0].nothers, 0, "ana's purpose on S1 is not ben's");
	}
	quotes_free(q);
	o.ncoders = 0;
	o.where = w;
	o.nwhere = 1;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 6, "role=manager: a's 6 quotes");
	IS_INT(q->ndocs, 1, "role=manager: one document");
	quotes_free(q);
	o.nwhere = 2;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 6, "role=manager or role=founder: a's 6 quotes");
	quotes_free(q);
	w[1].key = "country";
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 0, "role=manager and country=founder: none");
	quotes_free(q);
	o.nwhere = 0;
	o.memos_only = true;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 1, "memos only: the one quote with a memo");
	quotes_free(q);
	o.memos_only = false;
	o.doc = 1;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 2, "document b alone: care S6, work S7");
	quotes_free(q);
}

/* test_threads: a project of 10 documents (a and b five times) is collected in parts side by
 * side: the same quotes in the same order with one thread and with four */
static void test_threads(void)
{
	struct doc many[10];
	struct project p10 = proj;
	struct quote_list *q1, *q4;
	bool same;

	for (int i = 0; i < 10; i++)
		many[i] = docs[i % 2];
	p10.docs = many;
	p10.ndocs = 10;
	setenv("GLOSS_THREADS", "1", 1);
	q1 = quotes_collect(&p10, NULL);
	setenv("GLOSS_THREADS", "4", 1);
	q4 = quotes_collect(&p10, NULL);
	unsetenv("GLOSS_THREADS");
	IS_INT(q1->n, 40, "10 documents: five times 8 quotes");
	IS_INT(q4->n, q1->n, "four threads: as many quotes");
	IS_INT(q4->skipped, 5, "four threads: the 5 drifted codings");
	same = q1->n == q4->n;
	for (size_t i = 0; same && i < q1->n; i++)
		same = q1->items[i].doc == q4->items[i].doc &&
		       q1->items[i].start == q4->items[i].start &&
		       q1->items[i].id == q4->items[i].id &&
		       q1->items[i].ncodings == q4->items[i].ncodings;
	OK(same, "four threads: the same quotes in the same order");
	IS_INT(q4->items[0].doc, 0, "grouped by code, then document: care in a first");
	IS_INT(q4->items[1].doc, 0, "care in a, the second passage");
	IS_INT(q4->items[2].doc, 1, "then care in b");
	quotes_free(q1);
	quotes_free(q4);
}

/* the turns a quote carries before it (quotes_opts.context): as written, label and all */
static void test_context(void)
{
	const char *ids[] = {"care", "work"};
	struct quotes_opts o = QUOTES_OPTS_INIT;
	struct quote_list *q;

	o.codes = ids;
	o.ncodes = 2;
	q = quotes_collect(&proj, &o);
	IS_INT(q->n, 5, "care and work: 5 quotes");
	OK(q->n == 5 && q->items[0].ncontext == 0, "no context unless asked for");
	quotes_free(q);
	o.context = QUOTES_QUESTION;
	q = quotes_collect(&proj, &o);
	if (q->n == 5) {
		const struct quote *s1 = &q->items[0], *s6 = &q->items[2], *s4 = &q->items[3];
		IS_INT(s1->ncontext, 1, "S1 (AMARA): the question before it");
		if (s1->ncontext == 1) {
			const struct quote_turn *tu = &s1->context[0];
			OK(tu->len == strlen("INT: Why do you volunteer?") &&
			       memcmp(tu->text, "INT: Why do you volunteer?", tu->len) == 0,
			   "as written, its label included");
			IS_STR(tu->speaker, "INT", "its speaker");
			OK(tu->body == strlen("INT: "), "its own text after the label");
		}
		IS_INT(s6->ncontext, 1, "S6 in b (BEN): INT's turn before it");
		IS_INT(s4->ncontext, 1, "S4 (INT's own question): back to AMARA's turn");
		OK(s4->ncontext == 1 && strcmp(s4->context[0].speaker, "AMARA") == 0,
		   "the nearest turn by a speaker not in the passage");
		OK(memcmp(s1->text, "I like helping people", s1->end - s1->start) == 0,
		   "the quote's text is its passage");
	}
	quotes_free(q);
	o.context = 2;
	q = quotes_collect(&proj, &o);
	OK(q->n == 5 && q->items[3].ncontext == 2 &&
	       strcmp(q->items[3].context[0].speaker, "INT") == 0 &&
	       strcmp(q->items[3].context[1].speaker, "AMARA") == 0,
	   "--context 2: the two turns before, in order");
	OK(q->n == 5 && q->items[4].ncontext == 0, "S7 starts at b's first turn: none before");
	quotes_free(q);
}

int main(void)
{
	build();
	sets[1].items[0].memo = memo_text; /* ben's care on "helping people. It gives" */
	test_all();
	test_theme();
	test_per_coder();
	test_filters();
	test_threads();
	test_context();
	teardown();
	return t_done();
}
