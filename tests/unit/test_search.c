/* test_search.c — PCRE2 wrapper: flags, UTF, errors, limits, empty matches, typographic
 * equivalents. */
#include <pthread.h>
#include <time.h>

#include "gloss/search.h"
#include "gloss/util.h"
#include "t.h"

/* find: first match of pat in subj from start; returns "start-end", "none", "limit" or
 * "error" (static buffer). */
static const char *find(const char *pat, int flags, const char *subj, size_t start)
{
	static char buf[64];
	char err[128];
	size_t eo, ms = 99, me = 99;
	struct search *s = search_new(pat, flags, err, sizeof(err), &eo);
	enum search_result r;

	if (!s)
		return "compile error";
	r = search_exec(s, subj, strlen(subj), start, &ms, &me);
	if (r == SEARCH_FOUND)
		snprintf(buf, sizeof(buf), "%zu-%zu", ms, me);
	else
		snprintf(buf, sizeof(buf), "%s",
		         r == SEARCH_NOMATCH ? "none"
		         : r == SEARCH_LIMIT ? "limit"
		                             : "error");
	search_free(s);
	return buf;
}

static void test_basic(void)
{
	IS_STR(find("purpose", 0, "a sense of purpose here", 0), "11-18", "plain match");
	IS_STR(find("PURPOSE", 0, "a sense of purpose", 0), "none", "case-sensitive by default");
	IS_STR(find("PURPOSE", SEARCH_CASELESS, "a sense of Purpose", 0), "11-18", "caseless");
	IS_STR(find("ÉTÉ", SEARCH_CASELESS, "un été", 0), "3-8", "caseless non-ASCII");
	IS_STR(find("\\bpurpose\\b", 0, "purposeful purpose", 0), "11-18", "word boundary");
	IS_STR(find("a", 0, "banana", 2), "3-4", "start offset");
	IS_STR(find("a", 0, "banana", 6), "none", "start at end");
	IS_STR(find("a", 0, "banana", 7), "none", "start past end");
}

static void test_utf(void)
{
	IS_STR(find("^\\w+$", 0, "café", 0), "0-5", "\\w matches é (UCP)");
	IS_STR(find("\\w+", 0, "–naïve–", 0), "3-9", "\\w run with ï, byte offsets");
	IS_STR(find(".", 0, "日本", 0), "0-3", "dot is one code point");
	IS_STR(find("\\d", 0, "x٣", 0), "1-3", "\\d matches Arabic-Indic digit (UCP)");
	/* invalid bytes in a subject never crash and never match */
	IS_STR(find("b", 0,
	            "a\xff"
	            "b",
	            0),
	       "2-3", "match after an invalid byte");
	IS_STR(find(".", 0, "\xff", 0), "none", "invalid byte does not match dot");
}

static void test_errors(void)
{
	char err[128] = "";
	size_t eo = 99;
	struct search *s = search_new("(foo", 0, err, sizeof(err), &eo);

	OK(s == NULL, "invalid pattern rejected");
	IS_STR(err, "missing closing parenthesis", "error message");
	IS_INT(eo, 4, "error offset");
	s = search_new("éé(", 0, err, sizeof(err), &eo);
	OK(s == NULL, "invalid pattern after non-ASCII");
	IS_INT(eo, 3, "error offset counts code points, not bytes");
	s = search_new("a{2,1}", 0, err, sizeof(err), &eo);
	OK(s == NULL && strstr(err, "out of order"), "quantifier out of order");
	s = search_new("\xff", 0, err, sizeof(err), &eo);
	OK(s == NULL && strstr(err, "UTF-8"), "invalid UTF-8 pattern rejected");
	s = search_new("(", 0, err, 8, &eo);
	OK(s == NULL && strlen(err) == 7, "message truncated to errsize");
}

static void test_limit(void)
{
	char subj[64];
	clock_t t0 = clock();

	memset(subj, 'a', 40);
	strcpy(subj + 40, "b");
	IS_STR(find("(a+)+$", 0, subj, 0), "limit", "catastrophic backtracking hits the limit");
	OK((double)(clock() - t0) / CLOCKS_PER_SEC < 5.0, "limit reached quickly");
	OK(strstr(search_error_message(SEARCH_LIMIT), "limit") != NULL, "limit message");
	OK(strcmp(search_error_message(SEARCH_ERROR), search_error_message(SEARCH_LIMIT)) != 0,
	   "error message differs");
}

static void test_empty(void)
{
	char err[64];
	size_t eo, ms, me, n = 0, pos = 0;
	const char *subj = "ab";
	struct search *s = search_new("x*", 0, err, sizeof(err), &eo);

	IS_STR(find("x*", 0, "ab", 0), "0-0", "empty match reported");
	IS_STR(find("$", 0, "ab", 0), "2-2", "empty match at end");
	IS_STR(find("", 0, "", 0), "0-0", "empty pattern on empty subject");
	/* iterating by stepping past empty matches visits every position once */
	while (pos <= strlen(subj) &&
	       search_exec(s, subj, strlen(subj), pos, &ms, &me) == SEARCH_FOUND) {
		n++;
		pos = me > ms ? me : me + 1;
	}
	IS_INT(n, 3, "three empty matches in \"ab\"");
	search_free(s);
	search_free(NULL);
}

static bool local(const char *pat)
{
	char err[128];
	size_t eo;
	struct search *s = search_new(pat, 0, err, sizeof(err), &eo);
	bool r = search_line_local(s);

	search_free(s);
	return r;
}

static void test_line_local(void)
{
	static const char *const yes[] = {"secondment",  "\\bpro bono\\b", "\\Bcond",
	                                  "a\\s+b",      "[[:upper:]]{2}", "(?i)x",
	                                  "(?<name>ab)", "\\\\A",          "a|b"};
	static const char *const no[] = {
	    "^Q",     "x$",      "[^z]x",   "\\Ax",      "x\\z", "x\\Z", "\\Gx", "a\\Kb", "a(?=b)",
	    "a(?!b)", "(?<=a)b", "(?<!a)b", "(*pla:a)b", "x*",   "a|",   "(?:)", "\\b"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		OK(local(yes[i]), yes[i]);
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		OK(!local(no[i]), no[i]);
	OK(!search_line_local(NULL), "no pattern");
}

/* several threads match with patterns of their own (SEARCH_THREAD) at the same time */
struct worker {
	const char *subject;
	size_t found;
};

static void *match_many(void *arg)
{
	struct worker *w = arg;
	char err[128];
	size_t eo, ms, me, pos = 0, len = strlen(w->subject);
	struct search *s = search_new("(a|b)+c", SEARCH_THREAD, err, sizeof(err), &eo);

	for (int round = 0; round < 200; round++, pos = 0)
		while (search_exec(s, w->subject, len, pos, &ms, &me) == SEARCH_FOUND) {
			w->found++;
			pos = me;
		}
	search_free(s);
	return NULL;
}

static void test_threads(void)
{
	pthread_t tid[4];
	struct worker w[4];
	size_t ok = 0;

	for (int i = 0; i < 4; i++) {
		w[i].subject = "abababc xx bbbc aac c abc";
		w[i].found = 0;
		pthread_create(&tid[i], NULL, match_many, &w[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(tid[i], NULL);
		ok += w[i].found == 200 * 4;
	}
	IS_INT(ok, 4, "four threads each find their 800 matches");
}

/* every match of pat in subj, with search_exec or search_exec_budget, as "s-e s-e ..." */
static void all_matches(const char *pat, const char *subj, bool budget, struct strbuf *out)
{
	char err[128];
	size_t eo, ms, me, pos = 0, len = strlen(subj);
	struct search *s = search_new(pat, 0, err, sizeof(err), &eo);
	struct search_budget b = {.left = SEARCH_BUDGET};
	enum search_result r;

	sb_reset(out);
	while (pos <= len) {
		r = budget ? search_exec_budget(s, subj, len, pos, &ms, &me, &b)
		           : search_exec(s, subj, len, pos, &ms, &me);
		if (r != SEARCH_FOUND) {
			sb_printf(out, "[%d]", (int)r);
			break;
		}
		sb_printf(out, "%zu-%zu ", ms, me);
		pos = me > ms ? me : ms + 1;
		while (pos < len && ((unsigned char)subj[pos] & 0xC0) == 0x80)
			pos++;
	}
	search_free(s);
}

static void test_budget_same(void)
{
	static const char *const pats[] = {"a",       "ab|b",      "x*",  "(?<=a)b",
	                                   "b(?=\n)", "^A:",       "$",   "\\bé\\w*",
	                                   "a.{70}b", "(?s)A.*?B", "日本"};
	struct strbuf subj = STRBUF_INIT, want = STRBUF_INIT, got = STRBUF_INIT;
	int same = 0;

	for (int i = 0; i < 300; i++) /* windows of 64 bytes cut through all of these */
		sb_printf(&subj, "%s",
		          i % 3 == 0 ? "A: ab éa日本b\n" : (i % 3 == 1 ? "aab B\n" : "é"));
	for (size_t i = 0; i < ARRAY_LEN(pats); i++) {
		all_matches(pats[i], subj.data, false, &want);
		all_matches(pats[i], subj.data, true, &got);
		if (strcmp(want.data, got.data) == 0)
			same++;
		else
			printf("#   %s: search_exec %.60s, budget %.60s\n", pats[i], want.data,
			       got.data);
	}
	IS_INT(same, ARRAY_LEN(pats), "search_exec_budget finds what search_exec finds");
	sb_done(&subj);
	sb_done(&want);
	sb_done(&got);
}

static bool stop_after(void *arg)
{
	unsigned long *n = arg;
	return --*n == 0;
}

static void test_budget_stops(void)
{
	struct strbuf subj = STRBUF_INIT;
	char err[128];
	size_t eo, ms, me;
	struct search *s = search_new("(a|aa)*\\d", 0, err, sizeof(err), &eo);
	unsigned long n = 40;
	struct search_budget b = {.left = SEARCH_BUDGET, .stop = stop_after, .arg = &n};
	enum search_result r;

	for (int i = 0; i < 10000; i++) /* minutes of backtracking when searched in one go */
		sb_printf(&subj, "A: %s\n\n", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	r = search_exec_budget(s, subj.data, subj.len, 0, &ms, &me, &b);
	IS_INT(r, SEARCH_STOPPED, "a runaway search stops when stop() says so");
	IS_INT(b.polls, 40, "stop() is asked again and again while it runs");
	OK(b.slow > 0, "the slow start positions were taken one by one");

	b = (struct search_budget){.left = 20ull * SEARCH_STEP_LIMIT};
	r = search_exec_budget(s, subj.data, subj.len, 0, &ms, &me, &b);
	IS_INT(r, SEARCH_LIMIT, "without stop() it ends when the budget is spent");
	IS_INT(b.left, 0, "the whole budget was charged");

	b = (struct search_budget){.left = 3ull * SEARCH_STEP_LIMIT};
	r = search_exec_budget(s, subj.data, 100, 0, &ms, &me, &b);
	if (r != SEARCH_LIMIT)
		r = search_exec_budget(s, subj.data, subj.len, 100, &ms, &me, &b);
	IS_INT(r, SEARCH_LIMIT, "one budget spans the calls of a search");
	search_free(s);
	sb_done(&subj);
}

static const char *loosen(const char *pat)
{
	static char buf[256];
	struct strbuf sb = STRBUF_INIT;

	search_loosen(&sb, pat);
	snprintf(buf, sizeof(buf), "%.*s", (int)sb.len, sb.len ? sb.data : "");
	sb_done(&sb);
	return buf;
}

static void test_loose(void)
{
	IS_STR(find("I'd", 0, "and I\u2019d say", 0), "4-9", "' finds \u2019 by default");
	IS_STR(find("I\u2019d", 0, "and I'd say", 0), "4-7", "\u2019 finds '");
	IS_STR(find("I'd", SEARCH_EXACT_QUOTES, "and I\u2019d say", 0), "none",
	       "SEARCH_EXACT_QUOTES: only as written");
	IS_STR(find("\"fake\"", 0, "a \u201Cfake\u201D one", 0), "2-12", "double quotes");
	IS_STR(find("2-3", 0, "2\u20133", 0), "0-5", "hyphen finds en dash");
	IS_STR(find("a \u2014 b", 0, "a - b", 0), "0-5", "em dash finds hyphen");
	IS_STR(find("wait\\.\\.\\.", 0, "wait\u2026 no", 0), "0-7", "\\.\\.\\. finds \u2026");
	IS_STR(find("wait\u2026", 0, "wait... no", 0), "0-7", "\u2026 finds three stops");
	IS_STR(find("[a-c']+", 0, "x\u2019ab", 0), "1-6", "quote in a class widened");
	IS_STR(find("[^']+", 0, "ab\u2019c", 0), "0-2", "negated class excludes all quotes");
	IS_STR(find("[-x]", 0, "\u2014", 0), "0-3", "literal dash first in a class");
	IS_STR(find("[a-z]+", 0, "\u2014abc", 0), "3-6", "range dash stays a range");
	IS_STR(find("\\Qit's\\E", 0, "it\u2019s", 0), "0-6", "\\Q...\\E widened");
	IS_STR(find("(?i-s)A'B", 0, "a\u2019b", 0), "0-5", "option setting kept");
	IS_STR(find("(?'q'x)\\k'q'", 0, "xx", 0), "0-2", "quoted group names kept");
	IS_STR(find("(?#it's)x", 0, "x", 0), "0-1", "comment kept");
	IS_STR(loosen("a\\d{2}[[:alpha:]]\\x{2019}"), "a\\d{2}[[:alpha:]]\\x{2019}",
	       "patterns without quotes unchanged");
	IS_STR(loosen("[\\d-']"), "[\\d-']", "range end not widened");
	OK(strstr(loosen("\\'"), "\u2019") != NULL, "escaped quote widened");
	IS_STR(find("(a'", 0, "a'", 0), "compile error", "errors still reported");
	IS_STR(find("[a\\", 0, "a", 0), "compile error", "a class ending in a backslash");
	IS_STR(find("x\\", 0, "x", 0), "compile error", "a pattern ending in a backslash");
	IS_STR(find("(?", 0, "x", 0), "compile error", "an unfinished group");
	IS_STR(find("\\Qit's", 0, "it\u2019s", 0), "0-6", "\\Q without \\E");
}

static bool stop_now(void *arg)
{
	(*(int *)arg)++;
	return true;
}

/* finding 5: one budget for all the matching of a command; stop() ends it */
static void test_guard(void)
{
	char err[64], subj[64];
	size_t eo, ms, me, hits = 0, i;
	struct search *bad = search_new("(a|aa)*\\d", 0, err, sizeof(err), &eo),
	              *good = search_new("b", 0, err, sizeof(err), &eo);
	int asked = 0;

	memset(subj, 'a', 40);
	strcpy(subj + 40, "b");
	search_guard_reset(NULL, NULL);
	for (i = 0; i < 100 && !search_guard_spent(); i++)
		hits += search_exec(bad, subj, strlen(subj), 0, &ms, &me) == SEARCH_LIMIT;
	IS_INT(hits, SEARCH_GUARD_STEPS / SEARCH_MATCH_LIMIT,
	       "the budget is spent after that many limits");
	IS_INT(search_exec(good, subj, strlen(subj), 0, &ms, &me), SEARCH_LIMIT,
	       "then nothing more is matched, not even an easy pattern");
	search_guard_reset(NULL, NULL);
	OK(!search_guard_spent() &&
	       search_exec(good, subj, strlen(subj), 0, &ms, &me) == SEARCH_FOUND,
	   "a new command has a new budget");
	search_guard_reset(stop_now, &asked);
	for (i = 0; i < 2 * SEARCH_GUARD_POLL &&
	            search_exec(good, subj, strlen(subj), 0, &ms, &me) == SEARCH_FOUND;
	     i++)
		;
	OK(i == SEARCH_GUARD_POLL - 1 && asked == 1 &&
	       search_exec(good, subj, strlen(subj), 0, &ms, &me) == SEARCH_STOPPED &&
	       search_guard_spent(),
	   "stop() is asked every SEARCH_GUARD_POLL matches and stops them");
	search_guard_reset(NULL, NULL);
	search_free(bad);
	search_free(good);
}

int main(void)
{
	test_basic();
	test_utf();
	test_errors();
	test_limit();
	test_empty();
	test_line_local();
	test_threads();
	test_budget_same();
	test_budget_stops();
	test_loose();
	test_guard();
	return t_done();
}
