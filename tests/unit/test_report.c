/* test_report.c — report formats on a hand-made tally: table, CSV quoting and the formula
 * guard, TSV, JSON escaping, Markdown pipes. */
#include <string.h>

#include "report.h"
#include "gloss/tally.h"
#include "t.h"

static struct tally_row rows[3];
static size_t by0[2] = {2, 1}, by1[2] = {1, 0}, by2[2] = {0, 1};
static char g0[] = "AMARA", g1[] = "=cmd|x";
static char *groups[2] = {g0, g1};
static struct tally tl;

static void setup(void)
{
	rows[0] = (struct tally_row){
	    0, "motives", "Motives, \"why\"", NULL, 0, true, false, 3, 2, 2, 40, 0.4, by0};
	rows[1] = (struct tally_row){
	    1, "care", "-care\tline\nnext|pipe", "motives", 1, false, false, 1, 1, 1, 10, 0.1, by1};
	rows[2] = (struct tally_row){
	    -1, "ghost\x1b[31m", "ghost\x1b[31m", NULL, 0, false, true, 1, 1, 0, 5, 0.05, by2};
	tl = (struct tally){TALLY_BY_NONE,       NULL, NULL, 0, rows, 3, 100, 2, 0, 3, 4, -1, 0,
	                    TALLY_COUNT_PASSAGES};
}

static char *fmt(enum emit_format f)
{
	struct strbuf sb = STRBUF_INIT;

	report_tally(&sb, &tl, f, 80);
	return sb_detach(&sb);
}

static void test_parse(void)
{
	enum emit_format f = EMIT_TEXT;

	OK(emit_format_parse("csv", EMIT_TABLES, &f) && f == EMIT_CSV, "parse csv");
	OK(emit_format_parse("markdown", EMIT_TABLES, &f) && f == EMIT_MARKDOWN, "parse markdown");
	OK(!emit_format_parse("xls", EMIT_TABLES, &f), "reject xls");
}

static void test_csv(void)
{
	char *s = fmt(EMIT_CSV);

	IS_STR(s,
	       "id,name,parent,depth,theme,unknown,passages,documents,speakers,words,share\r\n"
	       "motives,\"Motives, \"\"why\"\"\",,0,true,false,3,2,2,40,0.4000\r\n"
	       "care,\"'-care\tline\nnext|pipe\",motives,1,false,false,1,1,1,10,0.1000\r\n"
	       "ghost\xe2\x90\x9b[31m,ghost\xe2\x90\x9b[31m,,0,false,true,1,1,0,5,0.0500\r\n",
	       "csv: quoting, doubled quotes, formula guard, CRLF, ESC made visible");
	free(s);
}

static void test_tsv_by(void)
{
	char *s;

	tl.by = TALLY_BY_SPEAKER;
	tl.by_name = "speaker";
	tl.groups = groups;
	tl.ngroups = 2;
	s = fmt(EMIT_TSV);
	IS_STR(s,
	       "id\tname\tparent\tdepth\tAMARA\t'=cmd|x\ttotal\n"
	       "motives\tMotives, \"why\"\t\t0\t2\t1\t3\n"
	       "care\t'-care line next|pipe\tmotives\t1\t1\t0\t1\n"
	       "ghost\xe2\x90\x9b[31m\tghost\xe2\x90\x9b[31m\t\t0\t0\t1\t1\n",
	       "tsv --by: group columns, guard on group names, tabs/newlines as spaces");
	free(s);
	s = fmt(EMIT_JSON);
	OK(strstr(s, "\"by\": {\"AMARA\": 2, \"=cmd|x\": 1}}") != NULL, "json by object");
	OK(strncmp(s, "{\n  \"by\": \"speaker\",\n  \"groups\": [\"AMARA\", \"=cmd|x\"],", 51) == 0,
	   "json by name and groups");
	free(s);
	s = fmt(EMIT_MARKDOWN);
	OK(strncmp(s, "| code | AMARA | =cmd\\|x | total |\n|---|---:|---:|---:|\n", 55) == 0,
	   "markdown --by header escapes pipes");
	free(s);
	tl.by = TALLY_BY_NONE;
	tl.by_name = NULL;
	tl.groups = NULL;
	tl.ngroups = 0;
}

static void test_json(void)
{
	char *s = fmt(EMIT_JSON);

	IS_STR(s,
	       "{\n  \"by\": null,\n  \"groups\": [],\n  \"total_words\": 100,\n"
	       "  \"documents\": 2,\n  \"codes\": [\n"
	       "    {\"id\": \"motives\", \"name\": \"Motives, \\\"why\\\"\", \"parent\": null, "
	       "\"depth\": 0, \"theme\": true, \"unknown\": false, \"passages\": 3, "
	       "\"documents\": 2, \"speakers\": 2, \"words\": 40, \"share\": 0.4000, \"by\": "
	       "null},\n"
	       "    {\"id\": \"care\", \"name\": \"-care\\tline\\nnext|pipe\", \"parent\": "
	       "\"motives\", \"depth\": 1, \"theme\": false, \"unknown\": false, \"passages\": "
	       "1, \"documents\": 1, \"speakers\": 1, \"words\": 10, \"share\": 0.1000, \"by\": "
	       "null},\n"
	       "    {\"id\": \"ghost\\u001b[31m\", \"name\": \"ghost\\u001b[31m\", \"parent\": "
	       "null, \"depth\": 0, \"theme\": false, \"unknown\": true, \"passages\": 1, "
	       "\"documents\": 1, \"speakers\": 0, \"words\": 5, \"share\": 0.0500, \"by\": "
	       "null}\n  ]\n}\n",
	       "json: escapes, null parent, one code per line");
	free(s);
}

static void test_json_str(void)
{
	struct strbuf sb = STRBUF_INIT;

	emit_json_s(&sb, "a\"b\\c\x01\x7f\xc2\x85\xff\xe2\x80\xae"
	                 "é");
	IS_STR(sb.data, "\"a\\\"b\\\\c\\u0001\\u007f\\u0085\\ufffd\\u202eé\"",
	       "json string: controls, DEL, C1, invalid byte, bidi override");
	sb_done(&sb);
}

static void test_table(void)
{
	char *s = fmt(EMIT_TEXT);

	/* name column = widest label (30); 80 - 71 used - 3 leaves 6 cells, less than the
	 * 10-cell minimum, so bars get 10: 3/3 -> 10, 1/3 -> 3 (rounded) */
	IS_STR(s,
	       "code                            passages  docs  speakers  words   share\n"
	       "Motives, \"why\"                         3     2         2     40   40.0%  "
	       "██████████\n"
	       "  -care␉line␊next|pipe                 1     1         1     10   10.0%  "
	       "███\n"
	       "? ghost␛[31m (not in codebook)         1     1         0      5    5.0%  "
	       "███\n"
	       "2 documents, 100 words; 4 passages coded\n",
	       "table: indent, sanitized names, right-aligned numbers, bars");
	free(s);
}

static void test_markdown(void)
{
	char *s = fmt(EMIT_MARKDOWN);

	IS_STR(s,
	       "| code | passages | docs | speakers | words | share |\n"
	       "|---|---:|---:|---:|---:|---:|\n"
	       "| Motives, \"why\" | 3 | 2 | 2 | 40 | 40.0% |\n"
	       "| &emsp;-care␉line␊next\\|pipe | 1 | 1 | 1 | 10 | 10.0% |\n"
	       "| ? ghost␛[31m (not in codebook) | 1 | 1 | 0 | 5 | 5.0% |\n",
	       "markdown: escaped pipe, indent, sanitized");
	free(s);
}

static void test_truncate(void)
{
	struct tally_row r = {
	    0,     "long", "Ein sehr langer Codename, der nicht in die Spalte passt",
	    NULL,  0,      false,
	    false, 0,      0,
	    0,     0,      0.0,
	    NULL};
	struct tally t1 = {TALLY_BY_NONE,       NULL, NULL, 0, &r, 1, 0, 0, 0, 0, 0, -1, 0,
	                   TALLY_COUNT_PASSAGES};
	struct strbuf sb = STRBUF_INIT;

	report_tally(&sb, &t1, EMIT_TEXT, 0);
	OK(strstr(sb.data, "\nEin sehr langer Codename, der nicht in …  ") != NULL,
	   "long names cut to 40 columns with an ellipsis");
	sb_done(&sb);
}

int main(void)
{
	setup();
	test_parse();
	test_csv();
	test_tsv_by();
	test_json();
	test_json_str();
	test_table();
	test_markdown();
	test_truncate();
	return t_done();
}
