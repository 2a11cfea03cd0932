/* test_emit.c — the report emitter: format names, widths and cells, wrapping, and the
 * escaping of each format (CSV formula guard, JSON, Markdown, HTML, the terminal). */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "t.h"

static char *with(void (*fn)(struct strbuf *, const char *), const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	fn(&sb, s);
	return sb_detach(&sb);
}

static void test_formats(void)
{
	enum emit_format f = EMIT_HTML;

	OK(emit_format_parse("table", EMIT_TABLES, &f) && f == EMIT_TEXT,
	   "table is the text format");
	OK(!emit_format_parse("text", EMIT_TABLES, &f), "text is not a name of the tables'");
	OK(emit_format_parse("md", EMIT_TABLES, &f) && f == EMIT_MARKDOWN, "md is markdown");
	OK(!emit_format_parse("html", EMIT_TABLES, &f), "html not listed: refused");
	OK(emit_format_parse("html", "text or html", &f) && f == EMIT_HTML, "html listed last");
	OK(!emit_format_parse("tab", EMIT_TABLES, &f), "a prefix of a name is refused");
	OK(!emit_format_parse("md", "text or html", &f), "md only when markdown is listed");
}

static void test_width(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w;

	IS_INT(emit_width("abc", 3), 3, "ascii");
	IS_INT(emit_width("日本", 6), 4, "wide characters are two columns");
	IS_INT(emit_width("e\xcc\x81", 3), 1, "a combining mark takes none");
	w = emit_fit(&sb, "日本語テキスト", 7);
	IS_STR(sb.data, "日本語…", "cut before a wide character that would pass the limit");
	IS_INT(w, 7, "columns used by the cut text");
	sb_reset(&sb);
	w = emit_cell(&sb, "ab\x1b[1m", 10, 8, true);
	IS_STR(sb.data, "  ab\xe2\x90\x9b[1m", "a right-aligned cell, escape made visible");
	IS_INT(w, 6, "its width before padding");
	sb_reset(&sb);
	emit_cell(&sb, "abc", 10, 5, false);
	IS_STR(sb.data, "abc  ", "a left-aligned cell");
	IS_INT(emit_digits(0), 1, "digits of 0");
	IS_INT(emit_digits(1000), 4, "digits of 1000");
	sb_done(&sb);
}

static void test_wrap(void)
{
	struct strbuf sb = STRBUF_INIT;

	emit_wrap(&sb, "one two three four\nfive", 23, 2, 14);
	IS_STR(sb.data, "  one two\n  three four\n  five\n",
	       "wrapped at spaces, indented, a line of the text a paragraph");
	sb_reset(&sb);
	emit_wrap(&sb, "abcdefghijklmnopqrstuvwxyz", 26, 0, 10);
	IS_STR(sb.data, "abcdefghij\nklmnopqrst\nuvwxyz\n", "a word longer than a line is cut");
	sb_done(&sb);
}

static void test_csv(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct emit_row r = EMIT_ROW(&sb, false);
	static const char *const v[] = {"a", "b,c"};

	emit_row_s(&r, "=SUM(A1)");
	emit_row_s(&r, "say \"hi\"\nbye");
	emit_row_num(&r, 42);
	emit_row_s(&r, NULL);
	emit_row_join(&r, v, 2, ";");
	emit_row_s(&r, "bell\a");
	emit_row_end(&r);
	IS_STR(sb.data, "'=SUM(A1),\"say \"\"hi\"\"\nbye\",42,,\"a;b,c\",bell\xe2\x90\x87\r\n",
	       "csv: formula guard, quotes doubled, number, empty, join, control visible, CRLF");
	sb_reset(&sb);
	r = EMIT_ROW(&sb, true);
	emit_row_s(&r, "-x\ty");
	emit_row_s(&r, "\"q\"");
	emit_row_end(&r);
	IS_STR(sb.data, "'-x y\t\"q\"\n", "tsv: guard, tab as space, quotes kept, LF");
	sb_done(&sb);
}

static void test_json(void)
{
	char *s = with(emit_json_s, "a\"b\\c\n\x1b\xc2\x85\xff");
	struct strbuf sb = STRBUF_INIT;
	static const char *const v[] = {"x", "y"};

	IS_STR(s, "\"a\\\"b\\\\c\\n\\u001b\\u0085\\ufffd\"", "json string escapes");
	free(s);
	emit_json_or_null(&sb, NULL);
	sb_addc(&sb, ' ');
	emit_json_list(&sb, v, 2);
	IS_STR(sb.data, "null [\"x\", \"y\"]", "null and a list");
	sb_done(&sb);
}

static void test_markdown(void)
{
	char *s = with(emit_md_cell, "a|b\\c\x1b");
	struct strbuf sb = STRBUF_INIT;

	IS_STR(s, "a\\|b\\\\c\xe2\x90\x9b", "table cell: pipe and backslash escaped");
	free(s);
	emit_md(&sb, "*a* _b_\nline", 12, "> ");
	IS_STR(sb.data, "\\*a\\* \\_b\\_\\\n> line", "inline markup escaped, a hard break kept");
	sb_done(&sb);
}

static void test_html(void)
{
	struct strbuf sb = STRBUF_INIT;

	emit_html(&sb, "<b>&\"'\x07\n", 8, true);
	IS_STR(sb.data, "&lt;b&gt;&amp;&quot;&#39;\xe2\x90\x87<br>\n", "entities, control, break");
	sb_reset(&sb);
	emit_text_s(&sb, EMIT_TEXT, "a\nb");
	IS_STR(sb.data,
	       "a\xe2\x90\x8a"
	       "b",
	       "text: a line feed is a placeholder");
	sb_reset(&sb);
	emit_cite_begin(&sb, EMIT_HTML);
	emit_text_s(&sb, EMIT_HTML, "a<b");
	emit_cite_end(&sb, EMIT_HTML);
	IS_STR(sb.data, "<cite>a&lt;b</cite>", "a citation in html");
	sb_done(&sb);
}

int main(void)
{
	test_formats();
	test_width();
	test_wrap();
	test_csv();
	test_json();
	test_markdown();
	test_html();
	return t_done();
}
