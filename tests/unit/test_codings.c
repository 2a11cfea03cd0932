/* test_codings.c — codings files: round trip, order, re-anchoring, drift, errors, saving. */
#include "gloss/codings.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/codebook.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static const char CB[] = "name: T\ncodes:\n  - id: purpose-at-work\n    name: P\n"
                         "  - id: aligning-practice\n    name: A\n";

static char *data_path(const char *name)
{
	const char *src = getenv("SRCDIR");

	return xasprintf("%s/tests/data/transcripts/%s", src && *src ? src : ".", name);
}

static char *slurp(const char *path, size_t *len)
{
	size_t n;
	char *s = read_file(path, 1 << 24, &n);

	if (len)
		*len = n;
	return s;
}

static struct transcript *demo(void)
{
	char *p = data_path("codings-demo.txt");
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load(p, &d);
	diags_done(&d);
	free(p);
	return t;
}

/* demo_with: the demo transcript text with from replaced by to (same path). */
static struct transcript *demo_with(const char *from, const char *to)
{
	char *p = data_path("codings-demo.txt"), *s = slurp(p, NULL);
	char *at = strstr(s, from);
	struct strbuf sb = STRBUF_INIT;
	struct diags d;
	struct transcript *t;

	sb_add(&sb, s, (size_t)(at - s));
	sb_adds(&sb, to);
	sb_adds(&sb, at + strlen(from));
	diags_init(&d);
	t = transcript_load_mem(sb.data, sb.len, p, &d);
	diags_done(&d);
	sb_done(&sb);
	free(s);
	free(p);
	return t;
}

static char *fmt_diag(const struct diags *d, size_t i)
{
	return i < d->len ? diag_format(&d->items[i]) : xstrdup("(none)");
}

static bool has_diag(const struct diags *d, const char *needle)
{
	for (size_t i = 0; i < d->len; i++) {
		char *s = diag_format(&d->items[i]);
		bool ok = strstr(s, needle) != NULL;
		free(s);
		if (ok)
			return true;
	}
	return false;
}

static void test_round_trip(void)
{
	struct transcript *t = demo();
	char *file = data_path("codings/ana/codings-demo.yaml"), *want, *got, *msg;
	struct diags d;
	struct codebook *cb;
	struct codings *c;
	size_t wlen, glen;

	diags_init(&d);
	cb = codebook_load_mem(CB, strlen(CB), "cb.yaml", &d);
	IS_INT(d.errors, 0, "test codebook loads");
	diags_done(&d);
	diags_init(&d);
	c = codings_load(t, "ana", cb, &d);
	OK(c != NULL, "codings load");
	IS_STR(c->path, file, "path by the rule DIR/codings/CODER/NAME.yaml");
	OK(c->exists && !c->readonly, "exists, writable");
	IS_INT(c->len, 5, "five codings");
	IS_INT(d.errors, 0, "no errors");
	IS_INT(d.len, 1, "one diagnostic");
	msg = fmt_diag(&d, 0);
	want = xasprintf("%s:15: warning: code 'no-such-code' is not in the codebook (coding "
	                 "kept)",
	                 file);
	IS_STR(msg, want, "unknown code reported with line");
	free(want);
	free(msg);
	for (size_t i = 0; i < c->len; i++)
		if (strcmp(c->items[i].code, "no-such-code") == 0)
			OK(c->items[i].unknown_code && c->items[i].status == CODING_OK,
			   "unknown code kept");
	IS_INT(c->items[0].status, CODING_OK, "exact: OK");
	IS_INT(c->items[0].start, strstr(t->text, "Purpose is") - t->text, "byte offset");
	IS_INT(c->items[0].cp_start, 111, "cp offset");
	IS_STR(c->items[0].memo, "core definition, with \"quotes\"\nand a newline", "memo");
	IS_INT(c->items[0].nextra, 1, "unknown coding field kept");
	IS_STR(c->items[0].extra[0].flow, "0.8", "unknown field value");
	IS_INT(c->nextra, 1, "unknown top-level field kept");
	IS_STR(c->extra[0].flow, "{round: 2, status: done, tags: [\"a b\", x]}", "flow value");
	OK(c->items[4].quote_end != NULL, "long passage quote_end");
	want = slurp(file, &wlen);
	got = codings_serialize(c, &glen);
	IS_INT(glen, wlen, "serialized length equals the file");
	IS_STR(got, want, "parse -> serialize gives identical bytes");
	free(got);
	codings_free(c);
	diags_done(&d);
	codebook_free(cb);
	transcript_free(t);
	free(want);
	free(file);
}

static struct codings *load_demo(const struct transcript *t, struct diags *d)
{
	char *file = data_path("codings/ana/codings-demo.yaml");
	size_t len;
	char *buf = slurp(file, &len);
	struct codings *c = codings_parse(buf, len, file, t, "ana", NULL, d);

	free(buf);
	free(file);
	return c;
}

static void test_reanchor(void)
{
	const char *ins = "[00:00:01] INTERVIEWER: Hello there, welcome.\n\n";
	struct transcript *t = demo_with("[00:00:04]", "[00:00:01] INTERVIEWER: Hello there, "
	                                               "welcome.\n\n[00:00:04]");
	size_t k = strlen(ins), len;
	struct diags d;
	struct codings *c;
	char *got, *s;

	diags_init(&d);
	c = load_demo(t, &d);
	IS_INT(d.errors + d.warnings, 0, "moved codings are notes, not warnings");
	IS_INT(d.len, 5, "five re-anchored notes");
	OK(has_diag(&d, "codings-demo.yaml:6: note: coding 'purpose-at-work' re-anchored from "
	                "111 to 158"),
	   "moved note text");
	IS_INT(d.items[0].kind, DK_DRIFT, "kind DK_DRIFT");
	IS_INT(c->items[0].status, CODING_MOVED, "status MOVED");
	IS_INT(c->items[0].cp_start, 111 + k, "new cp start");
	IS_INT(c->items[4].cp_end, 640 + k, "long passage moved");
	got = codings_serialize(c, &len);
	s = xasprintf("    start: %zu\n    end: %zu\n", 111 + k, 153 + k);
	OK(strstr(got, s) != NULL, "saving writes new offsets");
	free(s);
	s = xasprintf("    start: %zu\n    end: %zu\n", 297 + k, 640 + k);
	OK(strstr(got, s) != NULL, "saving writes new long offsets");
	OK(strstr(got, "start: 111\n") == NULL, "old offset gone");
	free(s);
	free(got);
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
}

/* issue 16: a word corrected inside a coded passage: re-anchored with changes, counted,
 * its quote and context taken from the edited text on the next save */
static void test_edited(void)
{
	struct transcript *t = demo_with("charity day", "Charity Day");
	struct diags d;
	struct codings *c;
	char *got;
	size_t len, nedit = 0;

	diags_init(&d);
	c = load_demo(t, &d);
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].status == CODING_EDITED) {
			nedit++;
			OK(coding_counted(&c->items[i]), "an edited coding is counted");
			IS_INT(c->items[i].cp_start, 154, "edited in place: its start");
			IS_STR(c->items[i].quote, "Not the Charity Day \xE2\x80\x94 the Tuesday.",
			       "its quote is the edited text");
		}
	IS_INT(nedit, 2, "both codings of the edited passage re-anchored with changes");
	IS_INT(d.warnings, 0, "no drift warnings");
	OK(has_diag(&d, "codings-demo.yaml:22: note: coding 'purpose-at-work' at 154-188 "
	                "re-anchored with changes to 154-188: its text was edited (its quote is "
	                "updated)"),
	   "reported as a note, with the line of the codings entry");
	got = codings_serialize(c, &len);
	OK(strstr(got, "quote: \"Not the Charity Day \xE2\x80\x94 the Tuesday.\"") != NULL,
	   "written with the new quote");
	OK(strstr(got, "quote: \"Not the charity day") == NULL, "the old quote is gone");
	free(got);
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
}

static void test_drift(void)
{
	/* same length, words replaced: neither exact nor loose matches, and more than a
	 * quarter of the passage is changed, so it is not the passage edited either (a case
	 * change alone is: test_edited) */
	struct transcript *t = demo_with("charity day", "kindness ok");
	char *file = data_path("codings/ana/codings-demo.yaml"), *want = slurp(file, NULL), *got;
	struct diags d;
	struct codings *c;
	size_t len, ndrift = 0;

	diags_init(&d);
	c = load_demo(t, &d);
	for (size_t i = 0; i < c->len; i++)
		ndrift += c->items[i].status == CODING_DRIFTED;
	IS_INT(ndrift, 2, "two drifted codings");
	IS_INT(d.warnings, 2, "two drift warnings");
	OK(has_diag(&d, "codings-demo.yaml:22: warning: coding 'purpose-at-work' at 154-188 "
	                "drifted: its quote was not found (kept unchanged)"),
	   "drift warning text");
	got = codings_serialize(c, &len);
	IS_STR(got, want, "drifted codings written back unchanged");
	free(got);
	codings_free(c);
	diags_done(&d);
	transcript_free(t);

	t = demo_with("Not the charity day \xE2\x80\x94 the Tuesday.", "");
	diags_init(&d);
	c = load_demo(t, &d);
	ndrift = 0;
	for (size_t i = 0; i < c->len; i++)
		ndrift += c->items[i].status == CODING_DRIFTED;
	IS_INT(ndrift, 2, "deleted passage: drifted");
	IS_INT(c->len, 5, "nothing dropped");
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
	free(want);
	free(file);
}

static void test_loose_crlf(void)
{
	char *p = data_path("codings-demo.txt"), *s = slurp(p, NULL);
	char *file = data_path("codings/ana/codings-demo.yaml"), *want = slurp(file, NULL), *got;
	struct strbuf sb = STRBUF_INIT;
	struct diags d;
	struct transcript *t;
	struct codings *c;
	size_t len;

	for (const char *q = s; *q; q++) {
		if (*q == '\n')
			sb_addc(&sb, '\r');
		sb_addc(&sb, *q);
	}
	diags_init(&d);
	t = transcript_load_mem(sb.data, sb.len, p, &d);
	c = load_demo(t, &d);
	IS_INT(d.len, 0, "CRLF transcript: every coding exact");
	got = codings_serialize(c, &len);
	IS_STR(got, want, "CRLF transcript: same codings file");
	free(got);
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	sb_done(&sb);

	/* typographic dash replaced by a hyphen: found by the loose match */
	t = demo_with("charity day \xE2\x80\x94 the", "charity day - the");
	diags_init(&d);
	c = load_demo(t, &d);
	IS_INT(d.warnings, 0, "loose match: no drift");
	IS_INT(c->items[2].status, CODING_MOVED, "loose match: moved");
	IS_STR(c->items[2].quote, "Not the charity day - the Tuesday.", "quote refreshed");
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	free(want);
	free(file);
	free(s);
	free(p);
}

static struct codings *empty_set(const struct transcript *t)
{
	struct diags d;
	struct codings *c;

	diags_init(&d);
	c = codings_parse("", 0, "x/codings/zed/codings-demo.yaml", t, "zed", NULL, &d);
	diags_done(&d);
	return c;
}

static void test_order_and_edit(void)
{
	struct transcript *t = demo();
	struct codings *a = empty_set(t), *b = empty_set(t);
	size_t s1 = strstr(t->text, "Purpose") - t->text, s2 = strstr(t->text, "Tuesday") - t->text;
	size_t s3 = strstr(t->text, "bank") - t->text, la, lb, i;
	char *x, *y, *before, *after;
	struct coding removed;

	setenv("SOURCE_DATE_EPOCH", "1774000000", 1);
	IS_STR(x = codings_serialize(a, &la),
	       "# gloss codings: one transcript, one coder. See gloss(5).\n"
	       "transcript: \"codings-demo.txt\"\ncoder: \"zed\"\ncodings: []\n",
	       "empty set serializes as codings: []");
	free(x);
	codings_add(a, "b-code", s2, s2 + 7, NULL);
	codings_add(a, "a-code", s1, s1 + 7, "memo");
	codings_add(a, "a-code", s3, s3 + 4, NULL);
	codings_add(b, "a-code", s3, s3 + 4, NULL);
	codings_add(b, "a-code", s1, s1 + 7, "memo");
	i = codings_add(b, "b-code", s2, s2 + 7, NULL);
	IS_INT(i, 1, "add returns the sorted index");
	x = codings_serialize(a, &la);
	y = codings_serialize(b, &lb);
	IS_STR(x, y, "same file regardless of insertion order");
	OK(strstr(x,
	          "    quote: \"Purpose\"\n    prefix: \"eans to you?\\n\\n[00:00:09] AMARA: \"\n"
	          "    suffix: \" is when the work itself does go\"\n    memo: \"memo\"\n"
	          "    created: \"2026-03-20T09:46:40Z\"\n") != NULL,
	   "added coding has quote, context, memo and created");
	IS_INT(codings_find(a, "b-code", s2, s2 + 7), 1, "find");
	IS_INT(codings_find(a, "b-code", s2, s2 + 8), -1, "find misses");

	before = x;
	codings_add(a, "c-code", s1 + 8, s1 + 12, NULL);
	after = codings_serialize(a, &la);
	{
		size_t p = 0, q, bl = strlen(before), al = strlen(after);
		while (p < bl && before[p] == after[p])
			p++;
		while (p > 0 && before[p - 1] != '\n')
			p--;
		q = 0;
		while (q < bl - p && before[bl - 1 - q] == after[al - 1 - q])
			q++;
		OK(p + q >= bl, "adding one coding keeps every other line");
		OK(strncmp(after + p, "  - code: \"c-code\"\n", 19) == 0 &&
		       al - bl == (size_t)(strstr(after + p + 1, "  - code:") - (after + p)),
		   "only the new coding's lines are inserted");
	}
	free(after);
	i = (size_t)codings_find(a, "c-code", s1 + 8, s1 + 12);
	codings_remove(a, i, &removed);
	after = codings_serialize(a, &la);
	IS_STR(after, before, "remove restores the file");
	free(after);
	codings_insert(a, &removed);
	IS_INT(a->len, 4, "insert puts it back");
	codings_set_memo(a, 0, "");
	IS_STR(a->items[0].memo, NULL, "empty memo removes it");
	codings_set_memo(a, 0, "new");
	IS_STR(a->items[0].memo, "new", "set memo");
	{
		struct coding cp;
		coding_copy(&cp, &a->items[0]);
		IS_STR(cp.memo, "new", "coding_copy copies");
		OK(cp.memo != a->items[0].memo, "coding_copy is deep");
		coding_done(&cp);
	}
	free(before);
	free(y);
	codings_free(a);
	codings_free(b);
	transcript_free(t);
}

static void malformed(const char *yaml, const char *want, bool null_set, const char *name)
{
	struct transcript *t = demo();
	struct diags d;
	struct codings *c;
	char err[256], *msg;

	diags_init(&d);
	c = codings_parse(yaml, strlen(yaml), "m.yaml", t, "ana", NULL, &d);
	OK(null_set ? c == NULL : (c != NULL && c->readonly), name);
	msg = xstrdup("(no error)");
	for (size_t i = 0; i < d.len; i++) {
		if (d.items[i].level == DIAG_ERROR) {
			free(msg);
			msg = fmt_diag(&d, i);
			break;
		}
	}
	if (!strstr(msg, want))
		printf("# got: %s\n", msg);
	OK(strstr(msg, want) != NULL, "error names file:line:col");
	if (c)
		OK(codings_save(c, err, sizeof(err)) == -1 && strstr(err, "m.yaml"),
		   "read-only set refuses to save");
	free(msg);
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
}

static void test_malformed(void)
{
	malformed("codings:\n  - code: \"x\"\n    end: 5\n    quote: \"a\"\n",
	          "m.yaml:2:5: coding has no 'start'", false, "missing start: read-only");
	malformed("codings:\n  - code: \"x\"\n    start: abc\n    end: 5\n",
	          "m.yaml:3:12: 'start' must be a non-negative integer", false,
	          "non-integer start");
	malformed("codings:\n  - code: \"x\"\n    start: 9\n    end: 5\n",
	          "m.yaml:4:10: end 5 is before start 9", false, "end before start");
	malformed("codings:\n  - start: 1\n    end: 5\n", "m.yaml:2:5: coding has no code id",
	          false, "missing code");
	malformed("codings: 7\n", "m.yaml:1:10: 'codings' must be a list", false,
	          "codings not a list");
	malformed("codings:\n  - [1, 2]\n", "m.yaml:2:5: a coding must be a mapping", false,
	          "item not a mapping");
	malformed("codings: [\n", "m.yaml:", true, "YAML syntax error: NULL");
	malformed("- a\n- b\n", "m.yaml:1:1: a codings file must be a mapping", false,
	          "root not a mapping");
	/* a YAML "\0" escape would cut the id short in C and change the file on save
	 * (found by fuzz_codings; kept in tests/fuzz/regressions/codings/) */
	malformed("codings:\n  - code: \"\\0x\"\n    start: 1\n    end: 5\n",
	          "m.yaml:2:11: 'code' contains a NUL character", false, "NUL in a code id");
	malformed("codings:\n  - code: \"x\"\n    start: 1\n    end: 5\n    memo: \"a\\0b\"\n",
	          "m.yaml:5:11: 'memo' contains a NUL character", false, "NUL in a memo");
}

static void test_other_fields(void)
{
	struct transcript *t = demo();
	struct diags d;
	struct codings *c;
	const char *y = "codings:\n  - {code: x, start: 111, end: 118, memo: ~}\n";

	diags_init(&d);
	c = codings_parse(y, strlen(y), "m.yaml", t, "ana", NULL, &d);
	OK(c && !c->readonly, "flow style, no quote: accepted");
	IS_INT(d.warnings, 2, "missing transcript and coder warned");
	OK(has_diag(&d, "no 'transcript' field"), "missing transcript warning");
	IS_STR(c->items[0].quote, "Purpose", "missing quote taken from the text");
	IS_STR(c->items[0].memo, NULL, "null memo is no memo");
	IS_INT(c->items[0].status, CODING_OK, "offsets trusted");
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
}

static int mode_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static void test_save(void)
{
	char tmpl[] = "/tmp/gloss-codings-XXXXXX", err[512];
	char *dir = mkdtemp(tmpl), *tp, *src = data_path("codings-demo.txt"), *text, *path;
	char *old, *now;
	struct diags d;
	struct transcript *t;
	struct codings *c;
	struct rlimit lim, orig;
	char **coders;
	size_t n, len;
	int rc, e;

	text = slurp(src, &len);
	tp = xasprintf("%s/sub/int.txt", dir);
	path = xasprintf("%s/sub", dir);
	mkdir_p(path);
	free(path);
	atomic_write(tp, text, len, 0644, err, sizeof(err));
	diags_init(&d);
	t = transcript_load(tp, &d);
	c = codings_load(t, "bob", NULL, &d);
	OK(c && !c->exists && c->len == 0, "missing file: empty set");
	codings_add(c, "purpose-at-work", 10, 20, NULL);
	IS_INT(codings_save(c, err, sizeof(err)), 0, "save creates codings/bob/");
	path = codings_path(tp, "bob");
	OK(c->exists, "exists after save");
	old = slurp(path, NULL);
	OK(old && strstr(old, "transcript: \"int.txt\"\ncoder: \"bob\"\n"), "saved file");
	codings_free(c);
	c = codings_load(t, "bob", NULL, &d);
	IS_INT(c ? c->len : 0, 1, "reloaded");
	now = codings_serialize(c, &n);
	IS_STR(now, old, "reload and serialize: same bytes");
	free(now);
	coders = codings_list_coders(tp, &n);
	IS_INT(n, 1, "one coder");
	IS_STR(n ? coders[0] : NULL, "bob", "coder listed");
	for (size_t i = 0; i < n; i++)
		free(coders[i]);
	free(coders);

	/* a failing write leaves the old file intact */
	for (int i = 0; i < 200; i++)
		codings_add(c, "purpose-at-work", (size_t)i, (size_t)i + 50, "a long memo here");
	getrlimit(RLIMIT_FSIZE, &orig);
	lim = orig;
	lim.rlim_cur = 2048;
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &lim);
	rc = codings_save(c, err, sizeof(err));
	e = errno;
	setrlimit(RLIMIT_FSIZE, &orig);
	IS_INT(rc, -1, "save beyond the size limit fails");
	IS_INT(e, EFBIG, "errno kept");
	OK(strstr(err, "bob/int.yaml: write: File too large") != NULL, "error names the step");
	now = slurp(path, NULL);
	IS_STR(now, old, "old codings file intact");
	free(now);
	IS_INT(mode_of(path), 0666 & ~(int)umask(022), "file mode from umask");
	codings_free(c);
	transcript_free(t);
	diags_done(&d);
	unlink(path);
	free(path);
	path = xasprintf("%s/sub/codings/bob", dir);
	rmdir(path);
	free(path);
	path = xasprintf("%s/sub/codings", dir);
	rmdir(path);
	free(path);
	unlink(tp);
	path = xasprintf("%s/sub", dir);
	rmdir(path);
	free(path);
	rmdir(dir);
	free(old);
	free(tp);
	free(text);
	free(src);
}

static void test_names(void)
{
	char *p = codings_path("transcripts/01-amara.txt", "ana");

	IS_STR(p, "transcripts/codings/ana/01-amara.yaml", "codings_path");
	free(p);
	p = codings_path("x.txt", "b");
	IS_STR(p, "codings/b/x.yaml", "codings_path without dir");
	free(p);
	OK(codings_coder_valid("ana") && codings_coder_valid("a.b_c-9"), "valid coders");
	OK(!codings_coder_valid("") && !codings_coder_valid(".hidden") &&
	       !codings_coder_valid("a/b") && !codings_coder_valid("a b"),
	   "invalid coders");
	OK(!codings_coder_valid(
	       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	   "65 chars too long");
	setenv("GLOSS_CODER", "envcoder", 1);
	IS_STR(codings_default_coder("arg"), "arg", "arg wins");
	IS_STR(codings_default_coder(NULL), "envcoder", "then $GLOSS_CODER");
	unsetenv("GLOSS_CODER");
	OK(codings_default_coder(NULL)[0] != '\0', "then the login name");
}

static void test_bulk(void)
{
	struct transcript *t = demo();
	struct codings *c = empty_set(t), *c2;
	struct diags d;
	struct timespec a, b;
	char *s;
	size_t len;

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (size_t i = 0; i < 5000; i++)
		codings_add(c, i % 2 ? "x" : "y", (i * 7) % 600, (i * 7) % 600 + 20, NULL);
	s = codings_serialize(c, &len);
	diags_init(&d);
	c2 = codings_parse(s, len, c->path, t, "zed", NULL, &d);
	clock_gettime(CLOCK_MONOTONIC, &b);
	IS_INT(c2 ? c2->len : 0, 5000, "5000 codings round trip");
	IS_INT(d.len, 0, "all exact");
	OK((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9 < 5.0,
	   "5000 codings are fast");
	free(s);
	codings_free(c);
	codings_free(c2);
	diags_done(&d);
	transcript_free(t);
}

/* The canonical layout is read without libyaml; the result must be exactly what the
 * YAML path gives for the same bytes (a trailing comment forces the YAML path). */
static void test_fast_path(void)
{
	struct transcript *t = demo();
	struct codings *c = codings_parse("", 0, "x.yaml", t, "ana", NULL, NULL), *a, *b;
	struct diags d;
	char *canon, *slow, *again;
	size_t n, m;
	const char *words[] = {"Purpose", "newline", "the"};

	diags_init(&d);
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		const char *at = strstr(t->text, words[i]);
		size_t s = at ? (size_t)(at - t->text) : 0;
		codings_add(c, "c", s, s + 30,
		            i == 1 ? "memo \"q\" \\ \t\x01 \xc3\xa9 \xe2\x80\xa8\nend" : NULL);
	}
	codings_add(c, "long", 0, t->len, NULL);
	canon = codings_serialize(c, &n);
	slow = xasprintf("%s# a comment makes this file take the YAML path\n", canon);
	a = codings_parse(canon, n, c->path, t, "ana", NULL, &d);
	b = codings_parse(slow, strlen(slow), c->path, t, "ana", NULL, &d);
	OK(a && b, "both parse");
	IS_INT(d.len, 0, "no diagnostics");
	IS_INT(a->len, b->len, "same number of codings");
	for (size_t i = 0; i < a->len && i < b->len; i++) {
		const struct coding *x = &a->items[i], *y = &b->items[i];
		OK(strcmp(x->code, y->code) == 0 && x->start == y->start && x->end == y->end &&
		       x->cp_start == y->cp_start && x->cp_end == y->cp_end && x->line == y->line &&
		       x->status == y->status,
		   "fast and YAML paths agree on a coding's fields");
		IS_STR(x->quote, y->quote, "same quote");
		IS_STR(x->quote_end, y->quote_end, "same quote_end");
		IS_STR(x->memo, y->memo, "same memo");
		IS_STR(x->created, y->created, "same created");
	}
	again = codings_serialize(a, &m);
	OK(m == n && memcmp(again, canon, n) == 0, "fast path round trip is byte-identical");
	free(again);
	free(canon);
	free(slow);
	codings_free(a);
	codings_free(b);
	codings_free(c);
	diags_done(&d);
	transcript_free(t);
}

static const struct transcript *merge_t;

/* has_coding: does the codings file hold code at byte offset start of merge_t? */
static bool has_coding(const char *file, const char *code, size_t start)
{
	char *text = slurp(file, NULL), *needle = xasprintf("code: \"%s\"\n    start: %zu\n", code,
	                                                    transcript_byte_to_cp(merge_t, start));
	bool yes = text && strstr(text, needle);

	free(text);
	free(needle);
	return yes;
}

/* Another writer changes the file while a set is open: saving merges, never overwrites. */
static void test_other_writer(void)
{
	char tmpl[] = "/tmp/gloss-merge-XXXXXX", err[512];
	char *dir = mkdtemp(tmpl), *src = data_path("codings-demo.txt"), *text, *tp, *path, *before,
	     *after;
	struct diags d;
	struct transcript *t;
	struct codings *a, *b;
	size_t len;

	text = slurp(src, &len);
	tp = xasprintf("%s/int.txt", dir);
	atomic_write(tp, text, len, 0644, err, sizeof(err));
	diags_init(&d);
	t = transcript_load(tp, &d);
	merge_t = t;
	path = codings_path(tp, "ana");
	a = codings_load(t, "ana", NULL, &d);
	codings_add(a, "kept", 0, 10, NULL);
	codings_add(a, "removed-here", 20, 30, NULL);
	IS_INT(codings_save(a, err, sizeof(err)), 0, "first save");

	b = codings_load(t, "ana", NULL, &d); /* the other writer */
	codings_add(b, "added-elsewhere", 40, 50, NULL);
	codings_set_memo(b, 0, "memo elsewhere");
	IS_INT(codings_save(b, err, sizeof(err)), 0, "other writer saves");

	codings_remove(a, (size_t)codings_find(a, "removed-here", 20, 30), NULL);
	codings_add(a, "added-here", 56, 66, NULL);
	IS_INT(codings_save(a, err, sizeof(err)), 0, "save after the file changed on disk");
	OK(has_coding(path, "added-elsewhere", 40), "the other writer's coding is kept");
	OK(has_coding(path, "added-here", 56), "this writer's new coding is saved");
	OK(!has_coding(path, "removed-here", 20), "this writer's removal is saved");
	OK(has_coding(path, "kept", 0), "untouched coding kept");
	after = slurp(path, NULL);
	OK(after && strstr(after, "memo: \"memo elsewhere\""), "the other writer's memo is kept");
	IS_INT(a->merged, 1, "one coding taken from disk");
	IS_INT(a->len, 3, "the open set now holds the merged codings");
	free(after);

	/* a changed file with errors is not overwritten */
	before = "codings:\n  - code: \"x\"\n    start: oops\n";
	atomic_write(path, before, strlen(before), 0644, err, sizeof(err));
	codings_add(a, "more", 30, 38, NULL);
	OK(codings_save(a, err, sizeof(err)) < 0,
	   "refuses to overwrite a changed file with errors");
	OK(strstr(err, "changed on disk") != NULL, "says why");
	after = slurp(path, NULL);
	IS_STR(after, before, "the other writer's file is left as it was");
	free(after);

	/* a file deleted meanwhile is written anew with everything this set holds */
	unlink(path);
	IS_INT(codings_save(a, err, sizeof(err)), 0, "save after the file was deleted");
	OK(has_coding(path, "more", 30) && has_coding(path, "added-here", 56),
	   "deleted file recreated with this set's codings");

	codings_free(a);
	codings_free(b);
	transcript_free(t);
	diags_done(&d);
	free(text);
	free(tp);
	free(path);
	free(src);
}

/* An unknown field whose name is longer than YAML allows for "key: value" (1024
 * characters) is written back in the explicit "? key" form and reads back the same
 * (found by fuzz_codings; kept in tests/fuzz/regressions/codings/). */
static void test_long_keys(void)
{
	struct transcript *t = demo();
	struct strbuf src = STRBUF_INIT, key = STRBUF_INIT;
	struct diags d;
	struct codings *a, *b;
	char *out, *out2;
	size_t n, n2;

	for (int i = 0; i < 1100; i++)
		sb_addc(&key, (char)('a' + i % 26));
	sb_printf(&src, "transcript: \"codings-demo.txt\"\ncoder: \"ana\"\n? %s\n: 1\n", key.data);
	sb_printf(
	    &src,
	    "codings:\n  - code: \"x\"\n    start: 0\n    end: 3\n    ? %s\n    : {? %s: 2}\n",
	    key.data, key.data);
	diags_init(&d);
	a = codings_parse(src.data, src.len, "l.yaml", t, "ana", NULL, &d);
	OK(a && a->nextra == 1 && a->len == 1 && a->items[0].nextra == 1,
	   "long field names are read");
	out = a ? codings_serialize(a, &n) : xstrdup("");
	b = codings_parse(out, strlen(out), "l2.yaml", t, "ana", NULL, &d);
	IS_INT(d.errors, 0, "what gloss writes for long field names reads back without errors");
	out2 = b ? codings_serialize(b, &n2) : xstrdup("");
	IS_STR(out2, out, "and writes the same bytes again");
	OK(strstr(out, "\n? ") != NULL && strstr(out, "\n    ? ") != NULL,
	   "explicit keys at the top level and in a coding");
	free(out);
	free(out2);
	codings_free(a);
	codings_free(b);
	sb_done(&src);
	sb_done(&key);
	diags_done(&d);
	transcript_free(t);
}

/* unknown fields survive a save exactly: null stays null, tags are kept, a merge key stays
 * a merge key, plain scalars stay plain (issue 9, case 8) */
static void test_exact_extras(void)
{
	static const char *const want[] = {
	    "\nempty: null\n",
	    "\ntilde: ~\n",
	    "\nword: null\n",
	    "\nnum: !!str 123\n",
	    "\nlocal: !point {x: 1, y: 2}\n",
	    "\nlist: !!set {a: null, b: null}\n",
	    "\nwide: !<tag:example.com%2C2026:a%20b> x\n",
	    "\ntime: 12:30\n",
	    "\nspaced: plain words here\n",
	    "\n    <<: {reviewed: true, by: tomas}\n",
	    "\n    <<: [{a: 1}, {b: 2}]\n",
	    "\n    !!str key: value\n",
	};
	const char *y = "transcript: \"codings-demo.txt\"\ncoder: \"ana\"\n"
	                "base: &base {reviewed: true, by: tomas}\n"
	                "empty:\n"
	                "tilde: ~\n"
	                "word: null\n"
	                "num: !!str 123\n"
	                "local: !point {x: 1, y: 2}\n"
	                "list: !!set {? a, ? b}\n"
	                "wide: !<tag:example.com,2026:a%20b> x\n"
	                "time: 12:30\n"
	                "spaced: plain words here\n"
	                "codings:\n"
	                "  - code: \"x\"\n    start: 0\n    end: 3\n"
	                "    <<: *base\n"
	                "  - code: \"y\"\n    start: 0\n    end: 4\n"
	                "    <<: [{a: 1}, {b: 2}]\n"
	                "    !!str key: value\n";
	struct transcript *t = demo();
	struct diags d;
	struct codings *a, *b;
	char *out, *out2;
	size_t n, n2;

	diags_init(&d);
	a = codings_parse(y, strlen(y), "x.yaml", t, "ana", NULL, &d);
	OK(a && !a->readonly && a->len == 2, "a file with tags, nulls and merge keys loads");
	out = a ? codings_serialize(a, &n) : xstrdup("");
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		char name[160];

		snprintf(name, sizeof(name), "written back exactly: %s", want[i] + 1);
		name[strlen(name) - 1] = '\0';
		OK(strstr(out, want[i]) != NULL, name);
	}
	OK(strstr(out, "\"<<\"") == NULL, "the merge key is not turned into a literal key");
	b = codings_parse(out, strlen(out), "x2.yaml", t, "ana", NULL, &d);
	IS_INT(d.errors, 0, "what gloss writes reads back without errors");
	out2 = b ? codings_serialize(b, &n2) : xstrdup("");
	IS_STR(out2, out, "and writes the same bytes again");
	free(out);
	free(out2);
	codings_free(a);
	codings_free(b);
	diags_done(&d);
	transcript_free(t);
}

/* issue 9, cases 1 and 3: a coding past the end of the text is drifted, never trusted, and
 * written back as it was; codings on a repeated quote after front matter was added keep
 * apart, through the file's context fields; with none stored they are ambiguous. */
static void test_past_end_and_repeats(void)
{
	static const char past[] = "transcript: \"s.txt\"\ncoder: \"ana\"\ncodings:\n"
	                           "  - {code: a, start: 1000, end: 2000}\n";
	const char *body = "Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n";
	char *fm = xasprintf("---\nsite: dublin\n---\n%s", body), *x, *y;
	struct transcript *t, *t2;
	struct codings *c, *c2;
	struct diags d;
	size_t len, len2;

	diags_init(&d);
	t = transcript_load_mem("A: a short transcript of exactly fifty-five characters\n", 55,
	                        "x/s.txt", &d);
	c = codings_parse(past, strlen(past), "x/codings/ana/s.yaml", t, "ana", NULL, &d);
	IS_INT(c->items[0].status, CODING_DRIFTED, "past the end, no quote: drifted");
	OK(!coding_counted(&c->items[0]), "and not counted");
	OK(has_diag(&d, "lies past the end of the text (55 characters)"), "reported as such");
	x = codings_serialize(c, &len);
	OK(strstr(x, "    start: 1000\n    end: 2000\n") != NULL && strstr(x, "quote") == NULL,
	   "written back with its offsets and no quote made up");
	c2 = codings_parse(x, len, "x/codings/ana/s.yaml", t, "ana", NULL, &d);
	IS_INT(c2->items[0].status, CODING_DRIFTED, "read back: still drifted");
	free(x);
	codings_free(c2);
	codings_free(c);
	transcript_free(t);

	t = transcript_load_mem(body, strlen(body), "x/q.txt", &d);
	t2 = transcript_load_mem(fm, strlen(fm), "x/q.txt", &d);
	c = codings_parse("", 0, "x/codings/ana/q.yaml", t, "ana", NULL, &d);
	codings_add(c, "a", 3, 12, NULL);
	codings_add(c, "a", 16, 25, NULL);
	x = codings_serialize(c, &len);
	c2 = codings_parse(x, len, "x/codings/ana/q.yaml", t2, "ana", NULL, &d);
	IS_INT(c2->len, 2, "both read");
	OK(c2->items[0].status == CODING_MOVED && c2->items[1].status == CODING_MOVED,
	   "both moved");
	IS_INT(c2->items[0].cp_start, 3 + 21, "first on the first (skipped)");
	IS_INT(c2->items[1].cp_start, 16 + 21, "second on the second (skipped)");
	codings_free(c2);
	codings_free(c);
	free(x);
	/* the same file without its context fields: ambiguous, kept, written back unchanged */
	c = codings_parse("", 0, "x/codings/ana/q.yaml", t, "ana", NULL, &d);
	codings_add(c, "a", 3, 12, NULL);
	codings_add(c, "a", 16, 25, NULL);
	for (size_t i = 0; i < c->len; i++) {
		free(c->items[i].prefix), free(c->items[i].suffix);
		c->items[i].prefix = c->items[i].suffix = NULL;
	}
	x = codings_serialize(c, &len);
	c2 = codings_parse(x, len, "x/codings/ana/q.yaml", t2, "ana", NULL, &d);
	OK(c2->items[0].status == CODING_AMBIGUOUS && c2->items[1].status == CODING_AMBIGUOUS,
	   "no context: both ambiguous");
	OK(!coding_counted(&c2->items[0]), "ambiguous: not counted");
	OK(c2->items[0].doubt == ANCHOR_DOUBT_TIE && c2->items[0].places == 3,
	   "ambiguous: why (a tie of 3 places) kept on the coding");
	{
		struct anchor_item it = codings_anchor_item(c2, &c2->items[1]);
		struct anchor_place pl[4];
		OK(it.quote == c2->items[1].quote && it.start == c2->items[1].start &&
		       it.key_start == 16 && !it.prefix,
		   "codings_anchor_item: the coding's quote and offsets");
		IS_INT(anchor_candidates(t2, &it, pl, 4), 3, "its candidates: the three places");
	}
	OK(has_diag(&d, "is ambiguous: its quote fits 3 places equally well (kept where it was)"),
	   "ambiguous reported");
	y = codings_serialize(c2, &len2);
	IS_STR(y, x, "ambiguous codings written back unchanged");
	free(x);
	free(y);
	codings_free(c2);
	codings_free(c);
	transcript_free(t);
	transcript_free(t2);
	free(fm);
	diags_done(&d);
}

int main(void)
{
	test_long_keys();
	test_exact_extras();
	test_other_writer();
	test_fast_path();
	test_round_trip();
	test_reanchor();
	test_drift();
	test_edited();
	test_loose_crlf();
	test_order_and_edit();
	test_malformed();
	test_other_fields();
	test_save();
	test_names();
	test_bulk();
	test_past_end_and_repeats();
	return t_done();
}
