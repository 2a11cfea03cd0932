/* test_grep.c — the search engine behind gloss grep (grep.h), on transcripts in memory:
 * matches line by line with the front matter and speaker labels left out, empty matches
 * skipped, no match across lines, the same matches whether the whole-text scan is used or
 * not, line counts, and a search that fails. */
#include <string.h>

#include "gloss/grep.h"
#include "gloss/search.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static const char text[] = "---\n"                                   /* line 0 */
                           "name: Secondment Dee\n"                  /* 1: front matter */
                           "---\n"                                   /* 2 */
                           "[00:00:01] SECONDMENT: the secondment\n" /* 3: label left out */
                           "went well. Secondment\n"                 /* 4 */
                           "secondment again; the secondment\n"      /* 5: two matches */
                           "Q: nothing here\n";                      /* 6 */

static struct transcript *load(const char *s, unsigned flags)
{
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load_mem_flags(s, strlen(s), "t.txt", flags, &d);
	diags_done(&d);
	return t;
}

/* run: grep pattern over text; returns the result (caller frees) */
static struct grep_result *run(const char *pattern, int flags, bool count, struct transcript *t)
{
	struct grep g;
	struct doc doc = {.t = t};

	grep_init(&g, pattern, flags, count);
	grep_each(&g, 0, &doc);
	grep_done(&g);
	return grep_result(&doc);
}

static void match_is(const struct transcript *t, const struct grep_match *m, size_t line,
                     const char *s, const char *name)
{
	IS_INT(m->line, line, name);
	OK(m->end - m->start == strlen(s) && memcmp(t->text + m->start, s, strlen(s)) == 0, name);
}

static void test_matches(void)
{
	struct transcript *t = load(text, 0);
	struct grep_result *r = run("secondment", 0, false, t);

	IS_INT(r->n, 3, "three matches: not in the front matter or the label");
	IS_INT(r->error, SEARCH_FOUND, "no failure");
	IS_STR(r->path, "t.txt", "path");
	if (r->n == 3) {
		match_is(t, &r->m[0], 3, "secondment", "line 4 (index 3), after the label");
		match_is(t, &r->m[1], 5, "secondment", "line 6, first");
		match_is(t, &r->m[2], 5, "secondment", "line 6, second");
		OK(r->m[1].start < r->m[2].start, "in order");
	}
	grep_result_free(r);
	r = run("secondment", SEARCH_CASELESS, false, t);
	IS_INT(r->n, 4, "-i: four matches");
	grep_result_free(r);
	/* the same pattern with an empty lookahead is searched line by line, without the
	 * whole-text scan: the same matches */
	r = run("secondment(?=)", SEARCH_CASELESS, false, t);
	IS_INT(r->n, 4, "line by line: the same four");
	grep_result_free(r);
	r = run("Secondment\\ssecondment", 0, false, t);
	IS_INT(r->n, 0, "no match across lines");
	grep_result_free(r);
	r = run("^the", 0, false, t);
	IS_INT(r->n, 1, "^ matches after the label");
	grep_result_free(r);
	r = run("z*", 0, false, t);
	IS_INT(r->n, 0, "empty matches are skipped");
	grep_result_free(r);
	transcript_free(t);
}

static void test_count(void)
{
	struct transcript *t = load(text, TRANSCRIPT_TEXT_ONLY);
	struct grep_result *r = run("secondment", SEARCH_CASELESS, true, t);

	IS_INT(r->lines, 3, "-c: lines with a match (4, 5, 6)");
	IS_INT(r->n, 0, "-c lists no matches");
	grep_result_free(r);
	transcript_free(t);
}

static void test_limit(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct transcript *t;
	struct grep_result *r;

	sb_adds(&sb, "A: ok\nB: ");
	for (int i = 0; i < 40; i++)
		sb_addc(&sb, 'a');
	sb_adds(&sb, "b\n");
	t = load(sb.data, 0);
	r = run("(a+)+$", 0, false, t);
	IS_INT(r->error, SEARCH_LIMIT, "catastrophic backtracking stops at the match limit");
	IS_INT(r->error_line, 1, "on the second line");
	grep_result_free(r);
	transcript_free(t);
	sb_done(&sb);
}

int main(void)
{
	test_matches();
	test_count();
	test_limit();
	return t_done();
}
