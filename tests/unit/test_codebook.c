/* test_codebook.c — loading, validation messages, queries, slugs and appending codes. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/search.h"
#include "gloss/util.h"
#include "t.h"

static struct diags d;
static char tmpdir[] = "/tmp/gloss-test-codebook-XXXXXX";

static char *fixture(const char *name)
{
	const char *src = getenv("SRCDIR");
	char *rel = xasprintf("tests/data/codebooks/%s", name);
	char *p = path_join(src && *src ? src : ".", rel);

	free(rel);
	return p;
}

static struct codebook *load_str(const char *s)
{
	diags_done(&d);
	return codebook_load_mem(s, strlen(s), "cb.yaml", &d);
}

/* msg: diagnostic i formatted (static buffer). */
static const char *msg(size_t i)
{
	static char buf[512];
	char *m;

	if (i >= d.len)
		return "(none)";
	m = diag_format(&d.items[i]);
	snprintf(buf, sizeof(buf), "%s", m);
	free(m);
	return buf;
}

/* only_error: load s and return its single diagnostic (or a note that there were more). */
static const char *only_error(const char *s)
{
	struct codebook *cb = load_str(s);

	codebook_free(cb);
	if (d.len != 1)
		return d.len ? "(more than one diagnostic)" : "(no diagnostic)";
	return msg(0);
}

static void test_valid(void)
{
	char *p = fixture("valid.yaml");
	struct codebook *cb;
	const struct code *c;
	const char *ids[] = {"arena", "purpose", "pro_bono", "burnout",
	                     "modes", "time",    "long-term"};
	const int parents[] = {-1, 0, 0, -1, -1, 4, 5};
	const int depths[] = {0, 1, 1, 0, 0, 1, 2};
	const size_t nch[] = {2, 0, 0, 0, 1, 1, 0};
	const size_t ends[] = {3, 2, 3, 4, 7, 7, 7};
	size_t ms, me;
	int ok = 1;

	diags_done(&d);
	cb = codebook_load(p, &d);
	OK(cb != NULL, "valid codebook loads");
	IS_INT(d.len, 0, "no diagnostics");
	if (!cb)
		return;
	IS_STR(cb->path, p, "path kept");
	IS_STR(cb->name, "Test study", "codebook name");
	IS_STR(cb->description, "A codebook for tests.\n", "codebook description");
	IS_INT(cb->ncodes, 7, "seven codes");
	for (size_t i = 0; i < 7 && i < cb->ncodes; i++) {
		c = &cb->codes[i];
		if (strcmp(c->id, ids[i]) || c->parent != parents[i] || c->depth != depths[i] ||
		    c->nchildren != nch[i] || c->subtree_end != ends[i]) {
			printf("# code %zu: %s parent %d depth %d nchildren %zu end %zu\n", i,
			       c->id, c->parent, c->depth, c->nchildren, c->subtree_end);
			ok = 0;
		}
	}
	OK(ok, "pre-order tree: ids, parents, depths, children, subtree ends");
	c = &cb->codes[1];
	IS_STR(c->name, "Purpose at work", "name");
	IS_STR(c->description, "Work as meaningful.\n", "block description");
	IS_STR(c->include, "Own work.", "include");
	IS_STR(c->exclude, "Other work.", "exclude");
	IS_INT(c->nexamples, 2, "two examples");
	IS_STR(c->examples[1], "Second example", "second example");
	IS_INT(c->key, '1', "plain 1 is key '1'");
	IS_INT(c->line, 11, "code line");
	IS_INT(c->col, 9, "code col");
	IS_INT(c->npatterns, 2, "two patterns");
	IS_STR(c->patterns[1], "(?i)\\bmeaning(ful)?\\b", "pattern source");
	OK(search_exec(c->compiled[1], "so Meaningful", 13, 0, &ms, &me) == SEARCH_FOUND &&
	       ms == 3 && me == 13,
	   "compiled pattern matches");
	OK(search_exec(c->compiled[0], "purposeful", 10, 0, &ms, &me) == SEARCH_NOMATCH,
	   "compiled pattern respects \\b");
	c = &cb->codes[2];
	IS_STR(c->name, "pro_bono", "name defaults to id");
	IS_INT(c->nexamples, 1, "a single string is one example");
	IS_INT(c->npatterns, 1, "a single string is one pattern");
	OK(c->color.kind == COLOR_RGB && c->color.r == 0x2e && c->color.g == 0x8b &&
	       c->color.b == 0x57,
	   "rgb colour");
	OK(cb->codes[0].color.kind == COLOR_NAMED && cb->codes[0].color.named == 2, "green");
	OK(cb->codes[3].color.kind == COLOR_NAMED && cb->codes[3].color.named == 1,
	   "Red (any case)");
	OK(cb->codes[1].color.kind == COLOR_NONE, "no colour");
	OK(codebook_effective_color(cb, 1).named == 2 &&
	       codebook_effective_color(cb, 1).kind == COLOR_NAMED,
	   "colour inherited from theme");
	OK(codebook_effective_color(cb, 6).kind == COLOR_NONE, "no colour anywhere");
	IS_INT(codebook_find(cb, "long-term"), 6, "find");
	IS_INT(codebook_find(cb, "Long-term"), -1, "ids are case-sensitive");
	IS_INT(codebook_by_key(cb, 'P'), 2, "by key");
	IS_INT(codebook_by_key(cb, 'Z'), -1, "unbound key");
	IS_INT(codebook_by_key(cb, 0), -1, "key 0 is none");
	OK(codebook_is_descendant(cb, 6, 4) && codebook_is_descendant(cb, 6, 6) &&
	       !codebook_is_descendant(cb, 3, 0) && !codebook_is_descendant(cb, 0, 1) &&
	       !codebook_is_descendant(cb, 99, 0) && !codebook_is_descendant(cb, -1, 0),
	   "descendants");
	codebook_free(cb);
	free(p);
}

static void test_errors_fixture(void)
{
	static const char *const want[] = {
	    "1:7: field 'name' must be a string, not a list",
	    "5:9: invalid code id 'Bad Id': use lower-case letters, digits, '-' and '_', "
	    "starting with a letter or digit, at most 64 characters",
	    "6:5: code without an 'id'",
	    "7:5: each code must be a mapping with an 'id', not a string",
	    "8:9: duplicate code id 'ok' (first defined at line 3)",
	    "9:10: duplicate key '1' of code 'ok' (already used by 'ok')",
	    "11:12: invalid color 'grene' of code 'colours': use black, red, green, yellow, "
	    "blue, magenta, cyan, white or #RRGGBB",
	    "12:10: key 'j' of code 'colours' is reserved by the interactive coder; use a digit "
	    "or an uppercase letter other than G H J K L N",
	    "14:10: key '12' of code 'keys' must be one character; use a digit or an uppercase "
	    "letter other than G H J K L N",
	    "15:15: field 'examples' of code 'keys' must be a list of strings, not a mapping",
	    "16:16: invalid pattern '(foo' in code 'keys': missing closing parenthesis at offset 4",
	    "16:32: invalid pattern '\\béé(' in code 'keys': missing closing parenthesis at "
	    "offset 5",
	    "17:12: field 'codes' of code 'keys' must be a list of codes, not a string",
	    "19:11: field 'name' of code 'typed' must be a string, not a list",
	    "20:18: field 'description' of code 'typed' must be a string, not a mapping",
	    "21:24: field 'examples' of code 'typed' must be a list of strings; item 2 is a list",
	    "22:5: warning: unknown field 'colour' in code 'typed' (kept, ignored)",
	    "23:5: warning: unknown field 'mood' in code 'typed' (kept, ignored)",
	};
	char *p = fixture("errors.yaml");
	struct codebook *cb;
	int ok = 1;

	diags_done(&d);
	cb = codebook_load(p, &d);
	OK(cb != NULL, "codebook with errors still loads (partial)");
	IS_INT(d.errors, 16, "every error reported");
	IS_INT(d.warnings, 2, "warnings for unknown fields");
	IS_INT(d.len, ARRAY_LEN(want), "diagnostic count");
	for (size_t i = 0; i < ARRAY_LEN(want) && i < d.len; i++) {
		char *exp = xasprintf("%s:%s", p, want[i]);
		if (strcmp(msg(i), exp) != 0) {
			printf("#   got  %s\n#   want %s\n", msg(i), exp);
			ok = 0;
		}
		free(exp);
	}
	OK(ok, "exact messages with line:col");
	OK(d.items[10].kind == DK_INVALID && d.items[0].kind == DK_SYNTAX &&
	       d.items[16].kind == DK_UNKNOWN,
	   "diagnostic kinds");
	if (cb) {
		IS_INT(cb->ncodes, 7, "codes kept despite errors");
		IS_INT(cb->codes[5].npatterns, 1, "only valid patterns kept");
		IS_STR(cb->codes[5].patterns[0], "fine", "the valid pattern");
		IS_STR(cb->codes[6].examples[0], "fine", "valid example kept");
		OK(cb->codes[2].id != NULL && cb->codes[2].name != NULL,
		   "code without id has names");
	}
	codebook_free(cb);
	free(p);
}

static void test_inline_errors(void)
{
	struct codebook *cb;

	IS_STR(only_error("- a\n- b\n"),
	       "cb.yaml:1:1: the codebook must be a mapping with a 'codes' list, not a list",
	       "top level not a mapping");
	IS_STR(only_error("# nothing\n"), "cb.yaml: the codebook is empty; it needs a 'codes' list",
	       "empty codebook");
	IS_STR(only_error("name: x\n"), "cb.yaml:1:1: missing field 'codes' (the list of codes)",
	       "codes missing");
	IS_STR(only_error("codes: {a: b}\n"),
	       "cb.yaml:1:8: field 'codes' must be a list of codes, not a mapping",
	       "codes not a list");
	IS_STR(only_error("codes:\n"),
	       "cb.yaml:1:7: field 'codes' must be a list of codes, not empty", "codes empty");
	IS_STR(only_error("codes:\n  - id: a\n    key: \"\"\n"),
	       "cb.yaml:3:10: key '' of code 'a' must be one character; use a digit or an "
	       "uppercase letter other than G H J K L N",
	       "empty key");
	IS_STR(only_error("codes:\n  - id: a\n    key: \"\\0\"\n"),
	       "cb.yaml:3:10: key '' of code 'a' is reserved by the interactive coder; use a "
	       "digit or an uppercase letter other than G H J K L N",
	       "NUL key");
	IS_STR(only_error("codes:\n  - id: é\n"),
	       "cb.yaml:2:9: invalid code id 'é': use lower-case letters, digits, '-' and '_', "
	       "starting with a letter or digit, at most 64 characters",
	       "non-ASCII id");
	IS_STR(only_error("codes:\n  - id: -a\n"),
	       "cb.yaml:2:9: invalid code id '-a': use lower-case letters, digits, '-' and '_', "
	       "starting with a letter or digit, at most 64 characters",
	       "id starting with a dash");
	IS_STR(only_error("codes:\n  - id: [a]\n"),
	       "cb.yaml:2:9: field 'id' must be a string, not a list", "id of wrong type");
	IS_STR(only_error("codes:\n  - id: a\nfoo: 1\n"),
	       "cb.yaml:3:1: warning: unknown field 'foo' (kept, ignored)", "unknown top field");
	IS_STR(only_error("codes:\n  - id: a\n    color: \"#12345g\"\n"),
	       "cb.yaml:3:12: invalid color '#12345g' of code 'a': use black, red, green, yellow, "
	       "blue, magenta, cyan, white or #RRGGBB",
	       "bad hex colour");
	IS_STR(only_error("codes:\n  - id: a\n    name: \"\\e[31m\"\n    key: [x]\n"),
	       "cb.yaml:4:10: field 'key' of code 'a' must be a string, not a list",
	       "key of wrong type");

	cb = load_str("codes:\n  - id: a\n   b: c\n");
	OK(cb == NULL, "YAML syntax error gives NULL");
	IS_STR(msg(0),
	       "cb.yaml:3:4: did not find expected '-' indicator (while parsing a block "
	       "collection at line 2)",
	       "syntax error position");
	cb = load_str("codes:\n  - id: a\n    name: \"x\xc3\x28\"\n");
	OK(cb == NULL && d.errors == 1, "invalid UTF-8 rejected");
	IS_STR(msg(0), "cb.yaml:3:14: invalid trailing UTF-8 octet (byte 0x28)",
	       "invalid UTF-8 position");
	cb = load_str("codes:\n  - &a {id: a}\n  - *a\n");
	OK(cb != NULL && d.errors == 1, "aliased code is a duplicate");
	codebook_free(cb);
	IS_STR(msg(0), "cb.yaml:2:13: duplicate code id 'a' (first defined at line 2)",
	       "aliased duplicate position");
}

static void test_pattern_cap(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct codebook *cb;

	/* 11000 patterns through one alias: capped, one error (at the 10001st: item 100 of
	 * the list, column 7 + 10 * 4 + 90 * 5 + 100 * 2 + 1), no blow-up */
	sb_adds(&sb, "p: &p [");
	for (int i = 0; i < 1100; i++)
		sb_printf(&sb, "%s'w%d'", i ? ", " : "", i);
	sb_adds(&sb, "]\ncodes:\n");
	for (int i = 0; i < 10; i++)
		sb_printf(&sb, "  - {id: c%d, patterns: *p}\n", i);
	diags_done(&d);
	cb = codebook_load_mem(sb.data, sb.len, "cb.yaml", &d);
	OK(cb != NULL && d.errors == 1, "pattern cap: one error");
	IS_STR(msg(d.len - 1),
	       "cb.yaml:1:698: more than 10000 patterns in the codebook; the rest are ignored",
	       "pattern cap message");
	OK(cb && cb->codes[9].npatterns == 100, "patterns up to the cap compiled");
	codebook_free(cb);
	sb_done(&sb);
}

static void test_io_errors(void)
{
	char *missing = path_join(tmpdir, "missing.yaml");
	char *big = path_join(tmpdir, "big.yaml");
	char *want;
	int fd;

	diags_done(&d);
	OK(codebook_load(missing, &d) == NULL, "missing file");
	want = xasprintf("%s: cannot read: No such file or directory", missing);
	IS_STR(msg(0), want, "missing file message");
	IS_INT(d.items[0].line, 0, "no line for I/O errors");
	free(want);
	fd = open(big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	OK(fd >= 0 && ftruncate(fd, 17 << 20) == 0, "make a 17 MiB file");
	close(fd);
	diags_done(&d);
	OK(codebook_load(big, &d) == NULL, "file over 16 MiB refused");
	want = xasprintf("%s: cannot read: the file is larger than 16 MiB", big);
	IS_STR(msg(0), want, "big file message");
	free(want);
	unlink(big);
	free(big);
	free(missing);
}

static void test_color_parse(void)
{
	struct code_color c;

	OK(codebook_color_parse("magenta", &c) && c.kind == COLOR_NAMED && c.named == 5, "magenta");
	OK(codebook_color_parse("#FFa000", &c) && c.kind == COLOR_RGB && c.r == 255 && c.g == 160 &&
	       c.b == 0,
	   "hex");
	OK(!codebook_color_parse("#fff", &c), "short hex refused");
	OK(!codebook_color_parse("", &c), "empty refused");
	OK(!codebook_color_parse("orange", &c), "unknown name refused");
}

static void test_slug(void)
{
	struct codebook *cb = load_str("codes:\n  - id: pro-bono-own-time\n  - id: code\n"
	                               "  - id: pro-bono-own-time-2\n");
	char *s;
	char longname[200];

	OK(cb != NULL && d.len == 0, "slug codebook loads");
	s = codebook_slug(NULL, "Pro bono – own time");
	IS_STR(s, "pro-bono-own-time", "slug from a name");
	free(s);
	s = codebook_slug(cb, "Pro bono – own time");
	IS_STR(s, "pro-bono-own-time-3", "unique suffix");
	free(s);
	s = codebook_slug(NULL, "  Ça déjà vu, Straße!  ");
	IS_STR(s, "ca-deja-vu-strasse", "Latin-1 accents dropped");
	free(s);
	s = codebook_slug(NULL, "日本 work");
	IS_STR(s, "work", "other letters dropped");
	free(s);
	s = codebook_slug(cb, "!!!");
	IS_STR(s, "code-2", "empty becomes code, made unique");
	free(s);
	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	s = codebook_slug(NULL, longname);
	IS_INT(strlen(s), 64, "slug capped at 64");
	free(s);
	codebook_free(cb);
}

static char *slurp(const char *path, size_t *len)
{
	char *b = read_file(path, 1 << 24, len);

	return b ? b : xstrdup("");
}

static char *copy_fixture(const char *name, const char *as)
{
	char *src = fixture(name), *dst = path_join(tmpdir, as), *buf;
	size_t len;
	FILE *f;

	buf = slurp(src, &len);
	f = fopen(dst, "wb");
	fwrite(buf, 1, len, f);
	fclose(f);
	free(buf);
	free(src);
	return dst;
}

/* inserted_once: nw is old with text inserted at one place (every other byte kept). */
static bool inserted_once(const char *old, size_t olen, const char *nw, size_t nlen,
                          const char *text)
{
	size_t tl = strlen(text);

	if (nlen != olen + tl)
		return false;
	for (size_t at = 0; at <= olen; at++) {
		if (at > 0 && old[at - 1] != nw[at - 1])
			return false;
		if (memcmp(nw + at, text, tl) == 0 &&
		    memcmp(nw + at + tl, old + at, olen - at) == 0)
			return true;
	}
	return false;
}

/* append: add a code and check that only the expected text was inserted. */
static void check_append(struct codebook **cb, const char *parent, const char *id, const char *name,
                         uint32_t key, const char *descr, const char *text, const char *label)
{
	size_t olen, nlen;
	char *old = slurp((*cb)->path, &olen), *nw;
	bool ok;

	diags_done(&d);
	ok = codebook_append_code(cb, parent, id, name, key, descr, &d);
	nw = slurp((*cb)->path, &nlen);
	OK(ok && d.errors == 0, label);
	if (!OK(inserted_once(old, olen, nw, nlen, text),
	        "exactly the entry inserted, every other byte kept"))
		printf("# file now:\n%s\n# expected insertion:\n%s\n", nw, text);
	free(old);
	free(nw);
}

static void check_refused(struct codebook **cb, const char *parent, const char *id, uint32_t key,
                          const char *want, const char *label)
{
	size_t olen, nlen;
	char *old = slurp((*cb)->path, &olen), *nw;
	char *full = xasprintf("%s: %s", (*cb)->path, want);
	struct codebook *before = *cb;

	diags_done(&d);
	OK(!codebook_append_code(cb, parent, id, NULL, key, NULL, &d), label);
	nw = slurp((*cb)->path, &nlen);
	OK(olen == nlen && memcmp(old, nw, olen) == 0 && *cb == before,
	   "file and codebook untouched");
	IS_STR(msg(0), full, "refusal message");
	free(full);
	free(old);
	free(nw);
}

static void test_append(void)
{
	char *path = copy_fixture("append.yaml", "append.yaml");
	struct codebook *cb;
	int i;

	diags_done(&d);
	cb = codebook_load(path, &d);
	OK(cb != NULL && d.errors == 0, "append fixture loads");
	if (!cb)
		return;
	check_append(&cb, NULL, "new-top", "New \"top\"", 'Q', "é\n",
	             "  - id: new-top\n    name: \"New \\\"top\\\"\"\n    key: \"Q\"\n"
	             "    description: \"é\\n\"\n",
	             "append at top level");
	i = codebook_find(cb, "new-top");
	OK(i == 4 && cb->codes[i].parent == -1 && cb->codes[i].depth == 0 &&
	       cb->codes[i].key == 'Q' && strcmp(cb->codes[i].name, "New \"top\"") == 0,
	   "new top-level code reloaded");
	check_append(&cb, "arena", "in-arena", NULL, 0, NULL,
	             "      - id: in-arena\n        name: \"in-arena\"\n", "append under a theme");
	i = codebook_find(cb, "in-arena");
	OK(i == 3 && cb->codes[i].parent == 0 && cb->codes[i].depth == 1 &&
	       cb->codes[0].nchildren == 3 && cb->codes[0].subtree_end == 4,
	   "new child is the theme's last child");
	OK(cb->codes[2].npatterns == 2, "multi-line flow list before it intact");
	check_append(&cb, "purpose", "sub", "Sub", '7', NULL,
	             "        codes:\n          - id: sub\n            name: \"Sub\"\n"
	             "            key: \"7\"\n",
	             "append under a code without children");
	i = codebook_find(cb, "sub");
	OK(i == 2 && cb->codes[i].parent == 1 && cb->codes[i].depth == 2 &&
	       cb->codes[1].nchildren == 1,
	   "code became a theme");
	check_append(&cb, "burnout", "true", NULL, 0, NULL,
	             "    codes:\n      - id: \"true\"\n        name: \"true\"\n",
	             "YAML-special id is quoted");
	check_refused(&cb, NULL, "arena", 0, "cannot add code: code id 'arena' already exists",
	              "duplicate id refused");
	check_refused(&cb, NULL, "x", 'B',
	              "cannot add code 'x': key 'B' is already used by 'burnout'",
	              "duplicate key refused");
	check_refused(&cb, NULL, "x", 'j',
	              "cannot add code 'x': key is reserved by the interactive coder; use a digit "
	              "or an uppercase letter other than G H J K L N",
	              "reserved key refused");
	check_refused(&cb, "nope", "x", 0, "cannot add code 'x': no code 'nope' to put it under",
	              "unknown parent refused");
	check_refused(&cb, NULL, "Bad", 0, "cannot add code: invalid code id 'Bad'",
	              "invalid id refused");
	codebook_free(cb);
	free(path);
}

/* two coders adding a code at the same moment, each from the codebook as it loaded it,
 * both keep theirs; the same name gets two ids; a symbolic link is refused (issue 9, cases
 * 5 and 6) */
static void test_in_vivo_two_writers(void)
{
	char *path = copy_fixture("append.yaml", "vivo.yaml"), *lnk = path_join(tmpdir, "lnk.yaml");
	char *lock = path_join(tmpdir, ".vivo.yaml.lock"), *id1 = NULL, *id2 = NULL, *before;
	struct codebook *a, *b, *c;
	size_t len, len2;
	char *after;

	diags_done(&d);
	a = codebook_load(path, &d);
	b = codebook_load(path, &d);
	OK(a && b && d.errors == 0, "two coders load the codebook");
	OK(codebook_add_in_vivo(&a, NULL, "Pride", &id1, &d), "ana adds 'Pride'");
	IS_STR(id1, "pride", "its id");
	OK(codebook_append_code(&b, NULL, "shame", "Shame", 0, NULL, &d),
	   "ben adds 'shame' from his older copy");
	OK(codebook_find(b, "pride") >= 0, "ben's codebook now holds ana's code too");
	OK(codebook_add_in_vivo(&b, "arena", "Pride", &id2, &d), "ben adds 'Pride' too");
	IS_STR(id2, "pride-2", "a slug unique in the file on disk, not in ben's copy");
	c = codebook_load(path, &d);
	OK(c && d.errors == 0 && codebook_find(c, "pride") >= 0 && codebook_find(c, "shame") >= 0 &&
	       codebook_find(c, "pride-2") >= 0,
	   "the file holds every code");
	OK(access(lock, F_OK) != 0, "no lock file is left");
	codebook_free(c);
	OK(symlink("vivo.yaml", lnk) == 0, "a codebook reached through a link");
	codebook_free(a);
	a = codebook_load(lnk, &d);
	before = slurp(path, &len);
	diags_done(&d);
	OK(!codebook_append_code(&a, NULL, "linked", NULL, 0, NULL, &d),
	   "adding a code is refused");
	OK(d.len == 1 && strstr(d.items[0].msg, "symbolic link"), "the message says why");
	after = slurp(path, &len2);
	struct stat st;
	OK(lstat(lnk, &st) == 0 && S_ISLNK(st.st_mode), "the link is still a link");
	OK(len == len2 && memcmp(before, after, len) == 0, "its target is unchanged");
	free(before);
	free(after);
	unlink(lnk);
	codebook_free(a);
	codebook_free(b);
	free(id1);
	free(id2);
	free(lnk);
	free(lock);
	free(path);
}

static void test_append_refusals(void)
{
	char *path = path_join(tmpdir, "flow.yaml");
	FILE *f = fopen(path, "w");
	struct codebook *cb;

	fputs("p: &p ['x']\ncodes:\n  - id: a\n    codes: [{id: b}]\n  - {id: c}\n"
	      "  - id: d\n    patterns: *p\n",
	      f);
	fclose(f);
	diags_done(&d);
	cb = codebook_load(path, &d);
	OK(cb && d.errors == 0, "flow codebook loads");
	check_refused(&cb, "a", "x", 0,
	              "cannot add code 'x': cannot add a code to a flow-style list",
	              "flow list refused");
	check_refused(&cb, "c", "x", 0,
	              "cannot add code 'x': cannot add a code to a flow-style mapping",
	              "flow mapping refused");
	check_refused(&cb, "d", "x", 0,
	              "cannot add code 'x': the code ends with a YAML alias; add the code by hand",
	              "parent ending in an alias refused");
	check_refused(&cb, NULL, "x", 0,
	              "cannot add code 'x': the list ends with a YAML alias; add the code by hand",
	              "list ending in an alias refused");
	codebook_free(cb);
	free(path);
}

static void test_append_crlf(void)
{
	char *path = path_join(tmpdir, "crlf.yaml");
	const char *src = "codes:\r\n  - id: a\r\n    name: A # c\r\n";
	FILE *f = fopen(path, "wb");
	struct codebook *cb;
	size_t len;
	char *buf;

	fputs(src, f);
	fclose(f);
	diags_done(&d);
	cb = codebook_load(path, &d);
	OK(cb && codebook_append_code(&cb, NULL, "b", "B", 0, NULL, &d), "append to CRLF file");
	buf = slurp(path, &len);
	IS_STR(buf, "codes:\r\n  - id: a\r\n    name: A # c\r\n  - id: b\r\n    name: \"B\"\r\n",
	       "CRLF kept");
	free(buf);
	codebook_free(cb);
	free(path);
	/* a file without a final newline */
	path = path_join(tmpdir, "nonl.yaml");
	f = fopen(path, "wb");
	fputs("codes:\n- id: a", f);
	fclose(f);
	cb = codebook_load(path, &d);
	OK(cb && codebook_append_code(&cb, NULL, "b", NULL, 0, NULL, &d),
	   "append, no final newline");
	buf = slurp(path, &len);
	IS_STR(buf, "codes:\n- id: a\n- id: b\n  name: \"b\"\n", "indentless list");
	free(buf);
	codebook_free(cb);
	free(path);
}

static void invivo(const char *text, const char *want, const char *name)
{
	char *got = codebook_invivo_name(text, strlen(text));

	IS_STR(got, want, name);
	free(got);
}

static void test_invivo_name(void)
{
	invivo("\u201Corigin stories\u201D", "origin stories", "typographic quotes left out");
	invivo("fake commute,", "fake commute", "trailing comma left out");
	invivo("  \"(it's a job)\"...  ", "it's a job", "nested wrapping, inner apostrophe kept");
	invivo("\u00AB\u00A0la bo\u00EEte\u00A0\u00BB", "la bo\u00EEte", "guillemets");
	invivo("well \u2014\n  paid\u2026", "well \u2014 paid",
	       "inner dash kept, space runs joined");
	invivo("50%", "50%", "symbols kept");
	invivo("\"...\"", "", "nothing left");
	invivo("a\x01"
	       "b",
	       "ab", "controls dropped");
	invivo("one two three four five six seven eight nine ten eleven",
	       "one two three four "
	       "five six seven eight",
	       "at most 40 characters");
}

int main(void)
{
	test_invivo_name();
	diags_init(&d);
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_valid();
	test_errors_fixture();
	test_inline_errors();
	test_pattern_cap();
	test_io_errors();
	test_color_parse();
	test_slug();
	test_append();
	test_append_refusals();
	test_in_vivo_two_writers();
	test_append_crlf();
	diags_done(&d);
	t_scratch_done(tmpdir);
	return t_done();
}
