/* test_yamlx.c — the YAML tree: structure, positions, limits, errors, writing. */
#include <time.h>

#include "gloss/yamlx.h"
#include "t.h"

static struct diags d;

/* load: parse s; returns true on success. */
static bool load(struct yamlx_doc *doc, const char *s)
{
	diags_done(&d);
	return yamlx_load(doc, s, strlen(s), "t.yaml", &d);
}

/* err_of: the formatted first diagnostic after a failed load (static buffer). */
static const char *err_of(const char *s)
{
	static char buf[512];
	struct yamlx_doc doc;

	if (load(&doc, s)) {
		yamlx_free(&doc);
		return "(loaded)";
	}
	if (d.len == 0)
		return "(no diagnostic)";
	char *m = diag_format(&d.items[0]);
	snprintf(buf, sizeof(buf), "%s", m);
	free(m);
	return buf;
}

static void test_structure(void)
{
	struct yamlx_doc doc;
	const char *src = "# comment\n"
	                  "name: \"é x\"\n"
	                  "list:\n"
	                  "  - a\n"
	                  "  - {k: v, n: 12}\n"
	                  "empty:\n"
	                  "q: 'null'\n";
	struct yamlx_node *r, *list, *m;
	long long v = 0;

	OK(load(&doc, src), "valid document loads");
	r = doc.root;
	OK(r && r->type == YX_MAP && r->n == 4, "root is a mapping of 4");
	IS_INT(r->line, 2, "root line");
	IS_INT(r->col, 1, "root col");
	IS_STR(yamlx_get(r, "name")->str, "é x", "quoted value");
	IS_INT(yamlx_get(r, "name")->col, 7, "value column");
	list = yamlx_get(r, "list");
	OK(list && list->type == YX_SEQ && list->n == 2, "list of 2");
	IS_INT(list->line, 4, "list line");
	IS_INT(list->col, 3, "list col is the dash");
	m = list->items[1];
	OK(m->type == YX_MAP, "flow mapping");
	IS_INT(m->line, 5, "flow map line");
	IS_INT(m->col, 5, "flow map col");
	IS_INT(m->start_off, strstr(src, "{k") - src, "flow map start offset");
	IS_INT(m->end_off, strstr(src, "}\n") + 1 - src, "flow map end offset");
	OK(yamlx_as_int(yamlx_get(m, "n"), &v) && v == 12, "as_int 12");
	OK(!yamlx_as_int(yamlx_get(m, "k"), &v), "as_int rejects v");
	OK(yamlx_is_null(yamlx_get(r, "empty")), "empty value is null");
	OK(!yamlx_is_null(yamlx_get(r, "q")), "quoted 'null' is not null");
	OK(yamlx_get(r, "missing") == NULL, "missing key");
	OK(yamlx_get(list, "a") == NULL, "get on a list");
	IS_STR(yamlx_type_name(list), "a list", "type name list");
	IS_STR(yamlx_type_name(m), "a mapping", "type name map");
	IS_STR(yamlx_type_name(list->items[0]), "a string", "type name scalar");
	yamlx_free(&doc);
	yamlx_free(&doc); /* harmless twice */

	OK(load(&doc, "") && doc.root == NULL, "empty document has no root");
	yamlx_free(&doc);
}

/* offsets are bytes even with a BOM, CRLF line ends and multibyte characters */
static void test_offsets(void)
{
	struct yamlx_doc doc;
	const char *src = "\xEF\xBB\xBF"
	                  "a: \"ééé\"\r\n"
	                  "bé: ü\r\n";
	struct yamlx_node *v;

	OK(load(&doc, src), "BOM + CRLF loads");
	v = yamlx_get(doc.root, "bé");
	OK(v != NULL, "non-ASCII key");
	IS_INT(v->start_off, strstr(src, "ü") - src, "start_off is a byte offset");
	IS_INT(v->end_off, strstr(src, "ü") + 2 - src, "end_off is a byte offset");
	IS_INT(v->line, 2, "line after CRLF");
	IS_INT(v->col, 5, "column counts code points");
	v = yamlx_get(doc.root, "a");
	IS_INT(v->start_off, 6, "after BOM");
	IS_INT(v->end_off, 6 + 8, "quoted scalar end");
	yamlx_free(&doc);
}

static void test_aliases(void)
{
	struct yamlx_doc doc;
	struct yamlx_node *a, *b;

	OK(load(&doc, "a: &x [1, 2]\nb: *x\n"), "alias loads");
	a = yamlx_get(doc.root, "a");
	b = yamlx_get(doc.root, "b");
	OK(a && a == b, "alias shares the anchored node");
	yamlx_free(&doc);
	IS_STR(err_of("a: *nope\n"), "t.yaml:1:4: unknown alias '*nope'", "unknown alias");
	IS_STR(err_of("a: &x [1, *x]\n"),
	       "t.yaml:1:11: alias '*x' refers to a node that contains it", "recursive alias");
}

static void test_bomb(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct yamlx_doc doc;
	clock_t t0 = clock();

	sb_adds(&sb, "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
	for (int i = 1; i < 10; i++) {
		sb_printf(&sb, "a%d: &a%d [", i, i);
		for (int j = 0; j < 9; j++)
			sb_printf(&sb, "%s*a%d", j ? ", " : "", i - 1);
		sb_adds(&sb, "]\n");
	}
	diags_done(&d);
	OK(!yamlx_load(&doc, sb.data, sb.len, "bomb.yaml", &d), "billion laughs rejected");
	OK(d.len == 1 && strstr(d.items[0].msg, "YAML aliases expand to more than 1000000 nodes"),
	   "bomb message");
	IS_INT(d.items[0].line, 7, "bomb reported where the limit is crossed");
	OK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0, "bomb rejected quickly");
	sb_done(&sb);
}

/* a long string referenced many times is bounded by bytes, not just nodes */
static void test_string_bomb(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct yamlx_doc doc;

	sb_adds(&sb, "s: &s \"");
	for (int i = 0; i < 1 << 20; i++)
		sb_addc(&sb, 'x');
	sb_adds(&sb, "\"\nl: [");
	for (int i = 0; i < 70; i++)
		sb_adds(&sb, i ? ", *s" : "*s");
	sb_adds(&sb, "]\n");
	diags_done(&d);
	OK(!yamlx_load(&doc, sb.data, sb.len, "t.yaml", &d), "string bomb rejected");
	IS_STR(d.len ? d.items[0].msg : "", "YAML aliases expand to more than 64 MiB of text",
	       "string bomb message");
	/* 64 MiB on top of the 1 MiB of text in the file: the 66th alias crosses it */
	IS_INT(d.len ? d.items[0].col : 0, 5 + 65 * 4, "string bomb column: the 66th alias");
	sb_done(&sb);
}

/* nodes that are in the file itself are bounded by its length: no alias, no node limit
 * (a flow-style codings file of 150,000 codings has more than 1,000,000 nodes) */
static void test_many_real_nodes(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct yamlx_doc doc;
	bool loaded;

	sb_addc(&sb, '[');
	for (int i = 0; i < 1200000; i++)
		sb_adds(&sb, i ? ",a" : "a");
	sb_adds(&sb, "]\n");
	diags_done(&d);
	loaded = yamlx_load(&doc, sb.data, sb.len, "t.yaml", &d);
	OK(loaded && d.len == 0, "1,200,000 nodes without aliases load");
	IS_INT(loaded ? doc.root->n : 0, 1200000, "every item is there");
	yamlx_free(&doc);
	/* the same with one small alias still loads: the limit is what aliases add */
	sb_reset(&sb);
	sb_adds(&sb, "x: &x [1, 2]\ny: *x\nl: [");
	for (int i = 0; i < 1200000; i++)
		sb_adds(&sb, i ? ",a" : "a");
	sb_adds(&sb, "]\n");
	diags_done(&d);
	OK(yamlx_load(&doc, sb.data, sb.len, "t.yaml", &d), "a big file with a small alias loads");
	yamlx_free(&doc);
	sb_done(&sb);
}

static void test_depth(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct yamlx_doc doc;

	for (int i = 0; i < 64; i++)
		sb_addc(&sb, '[');
	for (int i = 0; i < 64; i++)
		sb_addc(&sb, ']');
	OK(load(&doc, sb.data), "64 levels load");
	yamlx_free(&doc);
	sb_reset(&sb);
	for (int i = 0; i < 10000; i++)
		sb_addc(&sb, '[');
	IS_STR(err_of(sb.data), "t.yaml:1:65: YAML nesting is deeper than 64 levels",
	       "deep nesting rejected");
	sb_reset(&sb);
	for (int i = 0; i < 70; i++)
		sb_printf(&sb, "%*sk:\n", i * 2, "");
	IS_STR(err_of(sb.data), "t.yaml:65:129: YAML nesting is deeper than 64 levels",
	       "deep block nesting rejected");
	sb_done(&sb);
}

static void test_errors(void)
{
	IS_STR(err_of("a: b\nc: d: e\n"),
	       "t.yaml:2:5: mapping values are not allowed in this context; a value that contains "
	       "': ' must be quoted, as in name: \"Work: life balance\"",
	       "syntax error, with the usual cause");
	IS_STR(err_of("a: [1, 2\n"),
	       "t.yaml:2:1: did not find expected ',' or ']' (while parsing a flow sequence at "
	       "line 1)",
	       "unclosed flow sequence");
	IS_STR(err_of("ok: 1\nbé: \"\xff\"\n"),
	       "t.yaml:2:6: invalid leading UTF-8 octet (byte 0xFF)", "invalid UTF-8 position");
	IS_STR(err_of("a: \"x\x01\"\n"),
	       "t.yaml:1:6: control characters are not allowed (byte 0x01)", "control character");
	IS_STR(err_of("a: \"\x1b[31m\"\n"),
	       "t.yaml:1:5: control characters are not allowed (byte 0x1B)",
	       "escape character never reaches the message raw");
	IS_STR(err_of("a: 1\nb: 2\na: 3\n"), "t.yaml:3:1: duplicate key 'a' (first at line 1)",
	       "duplicate key");
	IS_STR(err_of("- {x: 1, y: 2, x: 3}\n"), "t.yaml:1:16: duplicate key 'x' (first at line 1)",
	       "duplicate key in flow mapping");
	IS_STR(err_of("a: 1\n---\nb: 2\n"),
	       "t.yaml:2:1: a second YAML document (only one document per file is allowed)",
	       "second document");
	OK(strcmp(err_of("a: 1\n...\n"), "(loaded)") == 0, "document end marker is fine");
}

static const char *wstr(const char *s, size_t len)
{
	static struct strbuf sb;

	sb_reset(&sb);
	yamlx_write_str(&sb, s, len);
	return sb.data;
}

static void test_write_str(void)
{
	IS_STR(wstr("plain", 5), "\"plain\"", "plain string");
	IS_STR(wstr("a\"b\\c", 5), "\"a\\\"b\\\\c\"", "quote and backslash");
	IS_STR(wstr("l1\nl2\tx", 7), "\"l1\\nl2\\tx\"", "newline and tab");
	IS_STR(wstr("\x1b[0m\r\x7f", 6), "\"\\u001B[0m\\u000D\\u007F\"", "ESC CR DEL");
	IS_STR(wstr("a\0b", 3), "\"a\\u0000b\"", "NUL");
	IS_STR(wstr("\xc2\x85", 2), "\"\\u0085\"", "C1 control");
	IS_STR(wstr("é–日😀", strlen("é–日😀")), "\"é–日😀\"", "non-ASCII raw");
	IS_STR(wstr("a\xff"
	            "b\xc3",
	            4),
	       "\"a\\uFFFDb\\uFFFD\"", "invalid UTF-8");
	IS_STR(wstr("\xed\xa0\x80", 3), "\"\\uFFFD\\uFFFD\\uFFFD\"", "surrogate bytes");
	IS_STR(wstr("\xe2\x80\xa8", 3), "\"\\u2028\"", "line separator escaped");
	IS_STR(wstr("", 0), "\"\"", "empty");
}

/* every written string reads back as the same bytes */
static void test_write_roundtrip(void)
{
	const char *cases[] = {"x\"y\\z",
	                       "tab\tnl\n",
	                       "\x01\x1f\x7f",
	                       "é\xc2\x85日",
	                       " lead and trail ",
	                       "#not a comment",
	                       "- dash",
	                       "\xe2\x80\xa9",
	                       "\xef\xbb\xbf"
	                       "bom",
	                       "\xef\xbf\xbe"};
	struct yamlx_doc doc;
	int ok = 1;

	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct strbuf sb = STRBUF_INIT;

		sb_adds(&sb, "k: ");
		yamlx_write_str(&sb, cases[i], strlen(cases[i]));
		if (!load(&doc, sb.data) || strcmp(yamlx_get(doc.root, "k")->str, cases[i]) != 0) {
			printf("# round trip failed for case %zu: %s\n", i, sb.data);
			ok = 0;
		}
		yamlx_free(&doc);
		sb_done(&sb);
	}
	OK(ok, "write_str round trips");
}

static bool same_tree(const struct yamlx_node *a, const struct yamlx_node *b)
{
	if (a->type != b->type || a->n != b->n)
		return false;
	if (a->type == YX_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (size_t i = 0; i < a->n; i++) {
		if (a->type == YX_MAP && !same_tree(a->keys[i], b->keys[i]))
			return false;
		if (!same_tree(a->items[i], b->items[i]))
			return false;
	}
	return true;
}

static void test_write_flow(void)
{
	const char *src = "a: [1, \"two\", {k: v}]\n"
	                  "b:\n  c: |\n    multi\n    line\n  d: []\n  e: {}\n"
	                  "? [complex, key]\n: val\n"
	                  "f: &x {y: \"\\e\"}\n"
	                  "g: *x\n";
	struct yamlx_doc doc, doc2;
	struct strbuf sb = STRBUF_INIT;

	OK(load(&doc, src), "flow source loads");
	yamlx_write_flow(&sb, doc.root);
	IS_STR(sb.data,
	       "{a: [1, \"two\", {k: v}], b: {c: \"multi\\nline\\n\", d: [], e: {}}, "
	       "? [complex, key]: val, f: {y: \"\\u001B\"}, g: {y: \"\\u001B\"}}",
	       "flow output: plain scalars stay plain (numbers keep their type), others quoted");
	OK(load(&doc2, sb.data), "flow output loads");
	OK(doc.root && doc2.root && same_tree(doc.root, doc2.root), "flow round trip");
	yamlx_free(&doc2);
	yamlx_free(&doc);
	sb_done(&sb);
}

/* a plain scalar that starts like a document marker is quoted: written as a key at the
 * start of a line ("... end: x") it would end the document */
static void test_write_markers(void)
{
	struct yamlx_doc doc;
	struct strbuf sb = STRBUF_INIT;

	OK(load(&doc, "[... end, --- start, ...x, a ... b]\n"), "marker-like scalars load");
	yamlx_write_flow(&sb, doc.root);
	IS_STR(sb.data, "[\"... end\", \"--- start\", ...x, a ... b]", "quoted where needed");
	yamlx_free(&doc);
	sb_done(&sb);
}

/* the text-editing helpers codebook.c and codebook_edit.c share */
static void test_edit_helpers(void)
{
	static const char y[] = "codes:\n  - id: a\n    codes:\n      - id: b\n  # note\n"
	                        "  - id: c\n    x: [1, 2]\nother: &k {q: 1}\nalias: *k\n";
	struct yamlx_doc doc;
	const struct yamlx_node *codes, *a, *x;
	size_t n = strlen(y), end;

	OK(yamlx_load(&doc, y, n, "e.yaml", &d), "an editable file loads");
	codes = yamlx_get(doc.root, "codes");
	a = codes->items[0];
	x = yamlx_get(codes->items[1], "x");
	end = yamlx_content_end(y, n, a);
	IS_INT(end, strstr(y, "b\n") - y + 1, "a block item's text ends with its last child's");
	IS_INT(yamlx_line_after(y, n, end), strstr(y, "  # note") - y,
	       "the line after it: the comment stays outside");
	IS_INT(yamlx_line_start(y, a->start_off), strstr(y, "  - id: a") - y,
	       "the start of its line");
	OK(yamlx_is_flow(y, n, x) && !yamlx_is_flow(y, n, a), "[1, 2] is flow, a block is not");
	IS_INT(yamlx_content_end(y, n, doc.root), SIZE_MAX,
	       "ending in an alias (of a node earlier in the file): end unknown");
	IS_INT(yamlx_line_after(y, n, n), n, "at the end: the end");
	IS_STR(yamlx_newline("a: 1\r\nb: 2\n", 11), "\r\n", "CR LF as the first line has it");
	IS_STR(yamlx_newline("a: 1\nb: 2\r\n", 11), "\n", "else LF");
	OK(yamlx_plain_safe("trust") && yamlx_plain_safe("1st-try"), "plain ids stay plain");
	OK(!yamlx_plain_safe("12") && !yamlx_plain_safe("1e5") && !yamlx_plain_safe("no") &&
	       !yamlx_plain_safe("y") && !yamlx_plain_safe("null"),
	   "numbers, booleans and null are quoted");
	yamlx_free(&doc);
}

int main(void)
{
	diags_init(&d);
	test_edit_helpers();
	test_structure();
	test_offsets();
	test_aliases();
	test_bomb();
	test_string_bomb();
	test_many_real_nodes();
	test_depth();
	test_errors();
	test_write_str();
	test_write_roundtrip();
	test_write_flow();
	test_write_markers();
	diags_done(&d);
	return t_done();
}
