/* test_tallycache.c — the coder's incremental tally: after any change to one document and
 * tallycache_update of that document alone, the project's figures equal a fresh tally_run
 * of the whole project (passages, documents, speakers, words, share, unknown rows), and
 * each document's own figures equal tally_run of that document.
 *
 * The project is test_tally.c's (two transcripts, two coders, a theme with a sub-theme, an
 * unknown code, a drifted coding); the changes remove and add codings, make an unknown id
 * appear and disappear, and take away the last passage of a speaker who speaks in both
 * documents (INT), whose count must fall only when no document has them any more. */
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/tally.h"
#include "tallycache.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

#include "demo_project.h"

static bool same_rows(const struct tally *a, const struct tally *b, char *why, size_t n)
{
	if (a->nrows != b->nrows || a->total_words != b->total_words ||
	    a->passages != b->passages || a->drifted != b->drifted ||
	    a->max_passages != b->max_passages || a->ndocs != b->ndocs) {
		snprintf(why, n, "totals differ (rows %zu/%zu)", a->nrows, b->nrows);
		return false;
	}
	for (size_t i = 0; i < a->nrows; i++) {
		const struct tally_row *x = &a->rows[i], *y = &b->rows[i];
		if (strcmp(x->id, y->id) != 0 || x->passages != y->passages ||
		    x->documents != y->documents || x->speakers != y->speakers ||
		    x->words != y->words || x->share != y->share || x->unknown != y->unknown ||
		    x->depth != y->depth || x->theme != y->theme) {
			snprintf(why, n, "row %zu (%s): %zu/%zu passages, %zu/%zu speakers", i,
			         x->id, x->passages, y->passages, x->speakers, y->speakers);
			return false;
		}
	}
	return true;
}

static void check(struct tallycache *tc, const char *what)
{
	struct tally_opts o = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct tally *t = tally_run(&proj, &o);
	char why[160] = "", name[400];
	bool ok = same_rows(tallycache_project(tc), t, why, sizeof(why));

	snprintf(name, sizeof(name), "%s: the project's figures equal tally_run%s%s", what,
	         ok ? "" : ": ", why);
	OK(ok, name);
	tally_free(t);
	for (size_t d = 0; d < proj.ndocs; d++) {
		o.doc = (long)d;
		t = tally_run(&proj, &o);
		ok = same_rows(tallycache_doc(tc, d), t, why, sizeof(why));
		snprintf(name, sizeof(name), "%s: document %zu's figures equal tally_run%s%s", what,
		         d, ok ? "" : ": ", why);
		OK(ok, name);
		tally_free(t);
	}
}

static const struct tally_row *prow(struct tallycache *tc, const char *id)
{
	const struct tally *t = tallycache_project(tc);

	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].id, id) == 0)
			return &t->rows[i];
	return NULL;
}

static void drop(struct codings *c, const char *code, const char *text, const char *phrase)
{
	size_t s = (size_t)(strstr(text, phrase) - text);

	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->items[i].code, code) == 0 && c->items[i].start == s) {
			c->items[i] = c->items[--c->len];
			return;
		}
}

int main(void)
{
	struct tallycache *tc;
	unsigned long v;

	build();
	tc = tallycache_new(&proj);
	check(tc, "at the start");
	IS_INT(prow(tc, "work")->speakers, 2, "work: INT and BEN");
	IS_INT(prow(tc, "ghost")->passages, 1, "the unknown code has its row");

	v = tallycache_version(tc);
	drop(&sets[0], "ghost", text_a, "Work matters");
	add(&sets[0], "phantom", text_a, "Work matters too", CODING_OK);
	tallycache_update(tc, 0);
	OK(tallycache_version(tc) != v, "an update changes the version");
	check(tc, "an unknown code replaced by another");
	OK(prow(tc, "ghost") == NULL, "the unknown code without passages has no row");

	drop(&sets[0], "work", text_a, "And at work?");
	tallycache_update(tc, 0);
	check(tc, "INT's passage in a taken away");
	IS_INT(prow(tc, "work")->speakers, 2, "work: INT still has a passage in b");

	drop(&sets[3], "work", text_b, "Tell me more.\nBEN: Care");
	tallycache_update(tc, 1);
	check(tc, "the last work passage taken away");
	IS_INT(prow(tc, "work")->speakers, 0, "work: no speaker left");
	IS_INT(prow(tc, "work")->documents, 0, "work: no document left");

	add(&sets[2], "meaning", text_b, "Tell me more.", CODING_OK);
	add(&sets[3], "work", text_a, "Why do you volunteer?", CODING_OK);
	tallycache_update(tc, 1);
	tallycache_update(tc, 0);
	check(tc, "codings added in both documents");

	tallycache_rebuild(tc);
	check(tc, "after a rebuild");
	tallycache_free(tc);
	teardown();
	return t_done();
}
