/* test_review.c — the review queue's core: a suggester's untrusted output (suggester_parse
 * against hostile lines), running a suggester under limits (suggester_exec), the
 * decisions file (decide, undo, changed passages, lines kept as read, atomic save, no
 * symbolic links), and precision/recall/F1 against counts worked out by hand (prf.h). */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/prf.h"
#include "gloss/review.h"
#include "gloss/suggester.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static const char cb_text[] = "codes:\n"
                              "  - id: arena\n"
                              "    codes:\n"
                              "      - id: purpose\n"
                              "  - id: trust\n";

/* units (non-blank body lines, labels left out): 1 "Pro bono work, ..." 2 "No pro bono
 * here? Yes." 3 "Trust me." */
static const char text[] = "---\nnote: x\n---\n"
                           "ANA: Pro bono work, and café again.\n"
                           "BEN: No pro bono here? Yes.\n"
                           "\n"
                           "ANA: Trust me.\n";

static struct codebook *cb;
static struct transcript *t;

static size_t parse(const char *out, struct diags *d, struct model_suggestion **s)
{
	diags_init(d);
	return suggester_parse(out, strlen(out), cb, t, "out", d, s);
}

static bool has_msg(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->len; i++)
		if (strstr(d->items[i].msg, part))
			return true;
	return false;
}

static void test_parse_good(void)
{
	struct model_suggestion *s;
	struct diags d;
	size_t body = transcript_byte_to_cp(t, t->body);
	char *out = xasprintf("{\"unit\": 1, \"code\": \"purpose\", \"confidence\": 0.8, "
	                      "\"rationale\": \"pro bono\"}\n\n"
	                      "{\"start\": %zu, \"end\": %zu, \"code\": \"trust\"}\r\n",
	                      body + 5, body + 8);
	size_t n = suggester_parse(out, strlen(out), cb, t, "out", (diags_init(&d), &d), &s);

	IS_INT(n, 2, "parse: a unit and a range");
	IS_INT(d.len, 0, "parse: no message for good lines (CRLF and blank lines too)");
	OK(n == 2 && strncmp(t->text + s[0].start, "Pro bono work", 13) == 0 &&
	       t->text[s[0].end] == '\n',
	   "parse: unit 1 is the first line's text without its label");
	OK(n == 2 && fabs(s[0].confidence - 0.8) < 1e-9 && strcmp(s[0].rationale, "pro bono") == 0,
	   "parse: confidence and rationale kept");
	OK(n == 2 && s[1].confidence < 0 && !s[1].rationale && s[1].end - s[1].start == 3,
	   "parse: a range in code points, no confidence");
	suggester_free(s, n);
	diags_done(&d);
	free(out);
}

static void test_parse_hostile(void)
{
	struct model_suggestion *s;
	struct diags d;
	size_t n;
	char *big;

	n = parse("{\"unit\": 1, \"code\": \"nope\"}\n"
	          "{\"unit\": 4, \"code\": \"trust\"}\n"
	          "{\"unit\": 0, \"code\": \"trust\"}\n"
	          "{\"start\": 0, \"end\": 3, \"code\": \"trust\"}\n"
	          "{\"start\": 30, \"end\": 29, \"code\": \"trust\"}\n"
	          "{\"start\": 30, \"end\": 99999, \"code\": \"trust\"}\n"
	          "{\"unit\": 1, \"start\": 30, \"end\": 31, \"code\": \"trust\"}\n"
	          "{\"start\": 30, \"code\": \"trust\"}\n"
	          "{\"unit\": 1.5, \"code\": \"trust\"}\n"
	          "{\"unit\": \"1\", \"code\": \"trust\"}\n"
	          "{\"unit\": 1, \"code\": 7}\n"
	          "{\"unit\": 1, \"code\": \"trust\", \"confidence\": 1.5}\n"
	          "{\"unit\": 1, \"code\": \"trust\", \"confidence\": \"high\"}\n"
	          "{\"unit\": 1, \"code\": \"trust\", \"rationale\": [1]}\n"
	          "{\"unit\": 1, \"code\": \"trust\", \"code\": \"purpose\"}\n"
	          "[{\"unit\": 1, \"code\": \"trust\"}]\n"
	          "{\"unit\": 1, \"code\": \"trust\"\n"
	          "not json at all\n"
	          "{\"unit\": 1, \"code\": \"trust\", \"rationale\": \"\xff\xfe\"}\n"
	          "{\"unit\": 1, \"code\": \"tru\\u0000st\"}\n",
	          &d, &s);
	IS_INT(n, 0, "hostile: no line kept");
	IS_INT(d.errors, 20, "hostile: every line reported");
	OK(has_msg(&d, "no code 'nope'"), "hostile: an unknown code named");
	OK(has_msg(&d, "no unit 4 (the transcript has 3)"), "hostile: a unit that is not there");
	OK(has_msg(&d, "is not inside the body"), "hostile: a range in the front matter");
	OK(has_msg(&d, "a unit, or a start and an end"), "hostile: unit and range both");
	OK(has_msg(&d, "confidence must be a number from 0 to 1"), "hostile: confidence");
	OK(has_msg(&d, "not a JSON object"), "hostile: not JSON, or not an object");
	OK(d.len && d.items[0].line == 1 && d.items[19].line == 20, "hostile: line numbers");
	suggester_free(s, n);
	diags_done(&d);

	n = parse(
	    "{\"unit\": 3, \"code\": \"trust\", \"rationale\": \"\\u001b[2J\\u009b31m gone\"}\n"
	    "{\"unit\": 3, \"code\": \"trust\"}\n",
	    &d, &s);
	IS_INT(n, 1, "escapes: kept (shown through the sanitiser only), the duplicate left out");
	OK(n == 1 && strcmp(s[0].rationale, "\x1b[2J\xc2\x9b"
	                                    "31m gone") == 0,
	   "escapes: the rationale is stored as written, never shown raw");
	OK(d.warnings == 1 && has_msg(&d, "the same suggestion again"), "duplicate reported");
	suggester_free(s, n);
	diags_done(&d);

	big = xmalloc(SUGGESTER_MAX_LINE + 64);
	memset(big, 'x', SUGGESTER_MAX_LINE + 10);
	memcpy(big, "{\"unit\": 1, \"code\": \"trust\", \"rationale\": \"", 43);
	strcpy(big + SUGGESTER_MAX_LINE + 10, "\"}\n{\"unit\": 2, \"code\": \"trust\"}\n");
	n = parse(big, &d, &s);
	IS_INT(n, 1, "huge line: left out, the next one read");
	OK(has_msg(&d, "line longer than"), "huge line: reported");
	suggester_free(s, n);
	diags_done(&d);

	memset(big, 'y', SUGGESTER_MAX_LINE);
	memcpy(big, "{\"unit\": 1, \"code\": \"trust\", \"rationale\": \"", 43);
	strcpy(big + SUGGESTER_MAX_LINE - 10, "\"}\n");
	n = parse(big, &d, &s);
	OK(n == 1 && strlen(s[0].rationale) == SUGGESTER_MAX_RATIONALE,
	   "a long rationale is cut to the limit");
	suggester_free(s, n);
	diags_done(&d);
	free(big);
}

static void test_parse_many(void)
{
	struct strbuf sb = STRBUF_INIT, tx = STRBUF_INIT;
	struct model_suggestion *s;
	struct transcript *big;
	struct diags d;
	size_t n;

	for (size_t i = 0; i < SUGGESTER_MAX_LINES + 50; i++) {
		sb_printf(&tx, "ANA: line %zu\n", i);
		sb_printf(&sb, "{\"unit\": %zu, \"code\": \"trust\"}\n", i + 1);
	}
	diags_init(&d);
	big = transcript_load_mem(tx.data, tx.len, "x/big.txt", &d);
	n = suggester_parse(sb.data, sb.len, cb, big, "out", &d, &s);
	IS_INT(n, SUGGESTER_MAX_LINES, "many lines: the limit kept");
	OK(d.errors == 1 && has_msg(&d, "more than"), "many lines: reported once");
	suggester_free(s, n);
	diags_done(&d);
	sb_done(&sb);
	sb_done(&tx);
	transcript_free(big);
}

/* ---- running ---- */

static enum suggester_status run(const char *cmd, const char *in, unsigned ms, struct strbuf *out,
                                 int *detail)
{
	struct suggester_limits lim = {4096, ms};
	struct strbuf err = STRBUF_INIT;
	enum suggester_status st;

	sb_reset(out);
	st = suggester_exec(cmd, in, strlen(in), &lim, NULL, out, &err, detail);
	sb_done(&err);
	return st;
}

/* dead: pid no longer runs — gone, or a zombie that its new parent (init, or whatever
 * reaps orphans here) has not reaped yet: killed all the same */
static bool dead(pid_t pid)
{
	char path[64], buf[512], *p;
	FILE *fp;
	size_t n;

	if (kill(pid, 0) < 0)
		return true;
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	if (!(fp = fopen(path, "r")))
		return true;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	p = strrchr(buf, ')'); /* "pid (comm) STATE ..." */
	return p && (p[2] == 'Z' || p[2] == 'X');
}

static bool gone(pid_t pid)
{
	for (int i = 0; i < 30000; i++) { /* watchdog only: 30 s */
		struct timespec ts = {0, 1000000};
		if (dead(pid))
			return true;
		nanosleep(&ts, NULL);
	}
	return false;
}

static void test_exec(void)
{
	struct strbuf out = STRBUF_INIT;
	char *big = xmalloc(1 << 20);
	int detail;
	FILE *fp;
	long pid = 0;

	IS_INT(run("cat", "hello\n", 5000, &out, &detail), SUGGESTER_OK, "exec: cat");
	IS_STR(out.data, "hello\n", "exec: its output read");
	IS_INT(run("exit 3", "", 5000, &out, &detail), SUGGESTER_EXIT, "exec: a failure");
	IS_INT(detail, 3, "exec: its status");
	IS_INT(run("yes", "", 5000, &out, &detail), SUGGESTER_TOO_LARGE, "exec: too much output");
	OK(out.len <= 4097, "exec: the output kept bounded");
	memset(big, 'a', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\0';
	IS_INT(run("exec 0<&-; echo done", big, 5000, &out, &detail), SUGGESTER_OK,
	       "exec: a command that reads nothing of a large input (no SIGPIPE)");
	unlink("test_review.pid");
	IS_INT(run("sleep 30 & echo $! > test_review.pid; wait", "", 2000, &out, &detail),
	       SUGGESTER_TIMEOUT, "exec: a slow command times out");
	fp = fopen("test_review.pid", "r");
	OK(fp && fscanf(fp, "%ld", &pid) == 1 && pid > 0 && gone((pid_t)pid),
	   "exec: its whole process group is killed");
	if (fp)
		fclose(fp);
	unlink("test_review.pid");
	IS_INT(run("exec 1>&-; sleep 30", "", 300, &out, &detail), SUGGESTER_TIMEOUT,
	       "exec: closing its output and lingering times out too");
	IS_INT(run("kill -9 $$", "", 5000, &out, &detail), SUGGESTER_SIGNAL, "exec: killed");
	sb_done(&out);
	free(big);
}

/* ---- decisions ---- */

static void test_decisions(void)
{
	struct review_decisions *ds;
	struct transcript *t2;
	struct diags d;
	size_t len, s = t->body + 5, e = s + 8, i;
	char *buf, *again;
	static const char edited[] = "---\nnote: x\n---\n"
	                             "ANA: Con bono work, and café again.\n"
	                             "BEN: No pro bono here? Yes.\n";

	diags_init(&d);
	ds = review_decisions_parse("", 0, "x/codings/me/01.decisions", &d);
	i = review_decide(ds, t, REVIEW_REJECT, "trust", s, e, "suggest-m");
	OK(review_decided(ds, t, "trust", s, e) == (long)i, "decide: decided");
	OK(review_decided(ds, t, "purpose", s, e) < 0, "decide: another code is not");
	OK(review_decided(ds, t, "trust", s, e + 1) < 0, "decide: another range is not");
	review_decide(ds, t, REVIEW_ACCEPT, "trust", s, e, "suggest-m");
	IS_INT(ds->n, 1, "decide again: replaced, not added");
	review_decide(ds, t, REVIEW_REJECT, "purpose", s, e, "pattern");
	buf = review_decisions_serialize(ds, &len);
	review_decisions_free(ds);
	OK(strstr(buf, "accept\ttrust\t") && strstr(buf, "reject\tpurpose\t") &&
	       strstr(buf, "\tsuggest-m\t"),
	   "serialize: one line a decision");
	ds = review_decisions_parse(buf, len, "x/codings/me/01.decisions", &d);
	again = review_decisions_serialize(ds, &len);
	IS_STR(again, buf, "serialize: reads back the same");
	IS_INT(d.len, 0, "parse: no message");
	OK(review_decided(ds, t, "purpose", s, e) >= 0, "parse: the decision holds");
	t2 = transcript_load_mem(edited, strlen(edited), "x/01.txt", &d);
	OK(review_decided(ds, t2, "purpose", s, e) < 0, "changed passage: no longer decided");
	OK(review_changed(ds, 0, t2) && !review_changed(ds, 0, t), "changed passage: reported");
	review_undecide(ds, (size_t)review_decided(ds, t, "purpose", s, e));
	IS_INT(ds->n, 1, "undecide: removed");
	review_decisions_free(ds);
	free(buf);
	free(again);
	transcript_free(t2);

	buf = "# c\naccept\ttrust\t1\t2\tzz\tx\ty\nweird line\twith tab\n"
	      "reject\ttrust\t5\t9\t0000000000000001\tpattern\t2026-01-01T00:00:00Z\n";
	ds = review_decisions_parse(buf, strlen(buf), "f.decisions", &d);
	IS_INT(d.warnings, 2, "parse: lines that are not decisions are reported");
	OK(d.len == 2 && d.items[0].line == 2 && d.items[1].line == 3, "parse: with their lines");
	again = review_decisions_serialize(ds, &len);
	OK(strstr(again, "accept\ttrust\t1\t2\tzz\tx\ty\n") &&
	       strstr(again, "weird line\twith tab\n"),
	   "serialize: lines that are not decisions are kept as they were");
	free(again);
	review_decisions_free(ds);
	diags_done(&d);
}

static void test_decisions_disk(void)
{
	char dir[] = "/tmp/gloss-review-XXXXXX", err[512], *path, *tp;
	struct review_decisions *ds;
	struct transcript *td;
	struct diags d;
	struct stat st;

	diags_init(&d);
	OK(mkdtemp(dir) != NULL, "disk: a directory");
	tp = xasprintf("%s/01.txt", dir);
	td = transcript_load_mem(text, strlen(text), tp, &d);
	ds = review_decisions_load(td, "me", &d);
	OK(ds && !ds->exists && ds->n == 0, "disk: no file, no decisions");
	OK(review_decisions_save(ds, err, sizeof(err)) == 0, "disk: saving nothing");
	path = xasprintf("%s/codings/me/01.decisions", dir);
	OK(stat(path, &st) < 0, "disk: nothing written for nothing");
	review_decide(ds, td, REVIEW_REJECT, "trust", td->body + 5, td->body + 9, "pattern");
	OK(review_decisions_save(ds, err, sizeof(err)) == 0, "disk: saved");
	review_decisions_free(ds);
	ds = review_decisions_load(td, "me", &d);
	OK(ds && ds->exists && ds->n == 1 &&
	       review_decided(ds, td, "trust", td->body + 5, td->body + 9) >= 0,
	   "disk: read back");
	review_undecide(ds, 0);
	OK(review_decisions_save(ds, err, sizeof(err)) == 0, "disk: undo saved");
	review_decisions_free(ds);
	ds = review_decisions_load(td, "me", &d);
	OK(ds && ds->n == 0, "disk: the undone decision is gone");
	review_decide(ds, td, REVIEW_ACCEPT, "trust", td->body + 5, td->body + 9, "pattern");
	unlink(path);
	OK(symlink("/tmp/elsewhere-review", path) == 0, "disk: a link in its place");
	OK(review_decisions_save(ds, err, sizeof(err)) < 0 && strstr(err, "symbolic link"),
	   "disk: never written through a symbolic link");
	OK(lstat("/tmp/elsewhere-review", &st) < 0, "disk: nothing written where it points");
	unlink(path);
	review_decisions_free(ds);
	free(path);
	path = xasprintf("rm -rf '%s'", dir);
	OK(system(path) == 0, "disk: cleaned up");
	free(path);
	free(tp);
	transcript_free(td);
	diags_done(&d);
}

/* ---- word motions, suggested_by ---- */

static void test_edges(void)
{
	const char *line = strstr(t->text, "Pro bono work");
	size_t s = (size_t)(line - t->text), e = s + strlen("Pro bono work");
	size_t yes = (size_t)(strstr(t->text, "Yes.") - t->text) + 4;
	struct coding cd = {0};

	IS_INT(review_edge(t, s, 1, false), s + 4, "narrow the start: the next word");
	IS_INT(review_edge(t, e, 1, true), e + 5, "widen the end: over ', and'");
	IS_INT(review_edge(t, e, -1, true), s + 8, "narrow the end: after 'bono'");
	IS_INT(review_edge(t, s + 4, -1, false), s, "widen the start: back to 'Pro'");
	IS_INT(review_edge(t, s, -1, false), s, "widen the start: never into a speaker label");
	size_t eol = (size_t)(strstr(t->text, "again.") - t->text) + 6;
	IS_INT(review_edge(t, eol, 1, true), eol, "widen the end: never into the next label");
	IS_INT(review_edge(t, yes, 1, true), yes, "never across a blank line");
	review_mark_suggested(&cd, "suggest-m");
	review_mark_suggested(&cd, "pattern");
	OK(cd.nextra == 1 && strcmp(cd.extra[0].key, "suggested_by") == 0 &&
	       strcmp(cd.extra[0].flow, "\"suggest-m\"") == 0,
	   "suggested_by: set once, the first source stays");
	coding_done(&cd);
}

/* ---- precision, recall, F1 ---- */

static void add_units(struct agree_tab *tab, int ref, int cand, size_t n)
{
	int v[2] = {ref, cand};
	agree_tab_add(tab, v, n);
}

static void test_prf(void)
{
	struct agree_tab tab;
	struct prf f;

	/* by hand: 3 units both applied the code (tp), 2 only the candidate (fp), 1 only the
	 * reference (fn), 4 neither: precision 3/5, recall 3/4, F1 2*3/(2*3+2+1) = 2/3 */
	agree_tab_init(&tab, 2, 2, true);
	add_units(&tab, 1, 1, 3);
	add_units(&tab, 0, 1, 2);
	add_units(&tab, 1, 0, 1);
	add_units(&tab, 0, 0, 4);
	prf_from_tab(&tab, &f);
	OK(f.tp == 3 && f.fp == 2 && f.fn == 1, "prf: tp 3, fp 2, fn 1");
	OK(fabs(f.precision - 0.6) < 1e-12, "prf: precision 3/5");
	OK(fabs(f.recall - 0.75) < 1e-12, "prf: recall 3/4");
	OK(fabs(f.f1 - 2.0 / 3.0) < 1e-12, "prf: F1 2/3");
	agree_tab_done(&tab);

	agree_tab_init(&tab, 2, 2, true);
	add_units(&tab, 0, 0, 5);
	prf_from_tab(&tab, &f);
	OK(isnan(f.precision) && isnan(f.recall) && isnan(f.f1), "prf: 0/0 is undefined");
	agree_tab_done(&tab);
	prf_from_counts(0, 4, 0, &f);
	OK(f.precision == 0 && isnan(f.recall) && f.f1 == 0, "prf: only false positives");
}

int main(void)
{
	struct diags d;

	diags_init(&d);
	cb = codebook_load_mem(cb_text, strlen(cb_text), "cb.yaml", &d);
	t = transcript_load_mem(text, strlen(text), "x/01.txt", &d);
	OK(cb && t && d.errors == 0, "loaded");
	if (!cb || !t)
		return t_done();
	test_parse_good();
	test_parse_hostile();
	test_parse_many();
	test_exec();
	test_decisions();
	test_decisions_disk();
	test_edges();
	test_prf();
	codebook_free(cb);
	transcript_free(t);
	diags_done(&d);
	return t_done();
}
