/* cmd_codebook.c — gloss codebook: the codebook as a document for a paper's appendix
 * (markdown, html, csv, json), optionally with each code's counts (tally) and one example
 * quote (quotes.h). Written through the emitter (emit.h). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "gloss/tally.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define CODEBOOK_FORMATS "markdown, html, csv or json"

const char cmd_codebook_help[] =
    "usage: gloss codebook [--format FORMAT] [--counts] [--example-quotes] [--codebook FILE]\n"
    "                      [--coder NAME]... [PATH...]\n"
    "\n"
    "Print the codebook as a document, ready for a paper's appendix: its name and\n"
    "description, then every theme and code in codebook order with its id, key,\n"
    "colour, description, when to use it (include), when not to (exclude) and its\n"
    "examples.\n"
    "\n"
    "options:\n"
    "  --format FORMAT   markdown (default), html, csv or json\n"
    "  --counts          each code's passages and documents, as gloss tally counts them\n"
    "                    (a theme with the codes below it) in the transcripts (PATHs,\n"
    "                    else transcripts/) of the coders chosen\n"
    "  --example-quotes  one example quote per code: its first coded passage (by\n"
    "                    document, then position), with its speaker and document\n"
    "  --codebook FILE   the codebook (see gloss help tally)\n"
    "  --coder NAME      count and quote only this coder's codings; repeat for several\n"
    "  -h, --help        show this help\n"
    "\n"
    "formats:\n"
    "  markdown  a heading per code (deeper for the codes below a theme), its fields as\n"
    "            paragraphs, its examples as a list\n"
    "  html      one self-contained page (no external scripts, styles or fonts), each\n"
    "            code with a swatch of its colour\n"
    "  csv       RFC 4180, CRLF line ends; columns id,name,parent,depth,theme,key,\n"
    "            colour,description,include,exclude,examples (one a line), then with\n"
    "            --counts passages,documents, with --example-quotes example_document,\n"
    "            example_line,example_speakers,example_text\n"
    "  json      {\"name\", \"description\", \"codes\": [{\"id\", \"name\", \"parent\",\n"
    "            \"depth\", \"theme\", \"key\", \"colour\", \"description\", \"include\",\n"
    "            \"exclude\", \"examples\", \"passages\", \"documents\", \"example\":\n"
    "            {\"document\", \"line\", \"speakers\", \"text\"}}]} (counts and example\n"
    "            only with their options; null when a code has none)\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors or could not be read, or (with\n"
    "--counts or --example-quotes) no transcript could be loaded; 2 usage error; 3 the\n"
    "output could not be written.\n";

/* What the document shows of code k: its counts (row, or NULL) and example (or NULL). */
struct book {
	const struct codebook *cb;
	const struct project *p;      /* with --counts or --example-quotes */
	const struct tally_row **row; /* per code, with --counts */
	const struct quote **example; /* per code, with --example-quotes */
	bool counts, examples;
	enum emit_format f;
};

static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

/* colour: "green", "#2e8b57" or NULL */
static const char *colour(const struct code_color *c, char buf[8])
{
	if (c->kind == COLOR_NAMED)
		return c->named >= 0 && c->named < 8 ? color_names[c->named] : NULL;
	if (c->kind == COLOR_RGB) {
		snprintf(buf, 8, "#%02x%02x%02x", c->r, c->g, c->b);
		return buf;
	}
	return NULL;
}

static const char *key_str(uint32_t key, char buf[8])
{
	size_t n;

	if (!key)
		return NULL;
	n = utf8_encode(key, buf);
	buf[n] = '\0';
	return buf;
}

static const char *parent_id(const struct codebook *cb, const struct code *c)
{
	return c->parent >= 0 ? cb->codes[c->parent].id : NULL;
}

static const struct transcript *ex_doc(const struct book *b, const struct quote *q)
{
	return b->p->docs[q->doc].t;
}

/* ---- markdown ---- */

static void md_field(struct strbuf *out, const char *label, const char *text)
{
	if (!text)
		return;
	sb_printf(out, "**%s:** ", label);
	emit_md(out, text, strlen(text), "");
	sb_adds(out, "\n\n");
}

static void md_code(struct strbuf *out, const struct book *b, size_t k)
{
	const struct code *c = &b->cb->codes[k];
	int level = 2 + (c->depth < 4 ? c->depth : 4);
	char cbuf[8], kbuf[8];
	const char *col = colour(&c->color, cbuf), *key = key_str(c->key, kbuf);

	for (int i = 0; i < level; i++)
		sb_addc(out, '#');
	sb_addc(out, ' ');
	emit_md_s(out, c->name ? c->name : c->id);
	sb_adds(out, "\n\n");
	sb_adds(out, c->nchildren ? "Theme `" : "Code `");
	sb_adds(out, c->id); /* an id is [a-z0-9_-]: nothing to escape in a code span */
	sb_adds(out, "`");
	if (key) {
		sb_adds(out, ", key ");
		emit_md_s(out, key);
	}
	if (col)
		sb_printf(out, ", colour %s", col);
	sb_adds(out, "\n\n");
	if (c->description) {
		emit_md(out, c->description, strlen(c->description), "");
		sb_adds(out, "\n\n");
	}
	md_field(out, "When to use", c->include);
	md_field(out, "When not to use", c->exclude);
	if (c->nexamples) {
		sb_adds(out, "**Examples:**\n\n");
		for (size_t i = 0; i < c->nexamples; i++) {
			sb_adds(out, "- ");
			emit_md(out, c->examples[i], strlen(c->examples[i]), "  ");
			sb_addc(out, '\n');
		}
		sb_addc(out, '\n');
	}
	if (b->counts)
		sb_printf(out, "**Coded:** %zu passage%s in %zu document%s\n\n",
		          b->row[k] ? b->row[k]->passages : 0,
		          b->row[k] && b->row[k]->passages == 1 ? "" : "s",
		          b->row[k] ? b->row[k]->documents : 0,
		          b->row[k] && b->row[k]->documents == 1 ? "" : "s");
	if (b->examples && b->example[k]) {
		const struct quote *q = b->example[k];
		const struct transcript *t = ex_doc(b, q);
		sb_adds(out, "> ");
		emit_md(out, t->text + q->start, q->end - q->start, "> ");
		sb_adds(out, "\n>\n> — ");
		for (size_t i = 0; i < q->nspeakers; i++) {
			emit_md_s(out, q->speakers[i]);
			sb_adds(out, i + 1 < q->nspeakers ? ", " : ", ");
		}
		sb_adds(out, "*");
		emit_md_s(out, t->name);
		sb_printf(out, "*, line %zu\n\n", q->line);
	}
}

static void format_markdown(struct strbuf *out, const struct book *b)
{
	sb_adds(out, "# ");
	emit_md_s(out, b->cb->name ? b->cb->name : "Codebook");
	sb_adds(out, "\n\n");
	if (b->cb->description) {
		emit_md(out, b->cb->description, strlen(b->cb->description), "");
		sb_adds(out, "\n\n");
	}
	if (b->counts)
		sb_adds(out, "Counts are passages as gloss tally counts them: distinct coded "
		             "segments; a theme's take each segment coded with it or a code below "
		             "it once.\n\n");
	for (size_t k = 0; k < b->cb->ncodes; k++)
		md_code(out, b, k);
}

/* ---- html ---- */

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>";
static const char html_style[] =
    "</title>\n"
    "<style>\n"
    "body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;\n"
    "  line-height: 1.5; color: #222; background: #fff; }\n"
    "section { margin-left: 1.2em; }\n"
    ".swatch { display: inline-block; width: 0.8em; height: 0.8em; border: 1px solid #999;\n"
    "  margin-right: 0.4em; }\n"
    ".id { font-family: monospace; color: #555; font-size: 0.9em; }\n"
    "dt { font-weight: bold; } dd { margin: 0 0 0.5em 1.2em; }\n"
    "blockquote { margin: 0.5em 0; padding: 0.2em 1em; border-left: 4px solid #8a9;\n"
    "  background: #f6f8f6; }\n"
    ".note, .meta { font-size: 0.9em; color: #555; }\n";

static void html_field(struct strbuf *out, const char *label, const char *text)
{
	if (!text)
		return;
	sb_printf(out, "<dt>%s</dt><dd>", label);
	emit_html(out, text, strlen(text), true);
	sb_adds(out, "</dd>\n");
}

static void html_code(struct strbuf *out, const struct book *b, size_t k)
{
	const struct code *c = &b->cb->codes[k];
	int level = 2 + (c->depth < 4 ? c->depth : 4);
	char cbuf[8], kbuf[8];
	const char *col = colour(&c->color, cbuf), *key = key_str(c->key, kbuf);
	struct code_color eff = codebook_effective_color(b->cb, (int)k);
	const char *effc = colour(&eff, cbuf);

	sb_adds(out, "<section id=\"");
	emit_html_s(out, c->id);
	sb_printf(out, "\">\n<h%d>", level);
	if (effc)
		sb_printf(out, "<span class=\"swatch sw-%zu\"></span>", k);
	emit_html_s(out, c->name ? c->name : c->id);
	sb_printf(out, " <span class=\"id\">%s ", c->nchildren ? "theme" : "code");
	emit_html_s(out, c->id);
	sb_printf(out, "</span></h%d>\n", level);
	if (key || col) {
		sb_adds(out, "<p class=\"meta\">");
		if (key) {
			sb_adds(out, "key ");
			emit_html_s(out, key);
		}
		if (col)
			sb_printf(out, "%scolour %s", key ? ", " : "", col);
		sb_adds(out, "</p>\n");
	}
	if (c->description) {
		sb_adds(out, "<p>");
		emit_html(out, c->description, strlen(c->description), true);
		sb_adds(out, "</p>\n");
	}
	if (c->include || c->exclude || c->nexamples || b->counts) {
		sb_adds(out, "<dl>\n");
		html_field(out, "When to use", c->include);
		html_field(out, "When not to use", c->exclude);
		if (c->nexamples) {
			sb_adds(out, "<dt>Examples</dt><dd><ul>\n");
			for (size_t i = 0; i < c->nexamples; i++) {
				sb_adds(out, "<li>");
				emit_html(out, c->examples[i], strlen(c->examples[i]), true);
				sb_adds(out, "</li>\n");
			}
			sb_adds(out, "</ul></dd>\n");
		}
		if (b->counts)
			sb_printf(out, "<dt>Coded</dt><dd>%zu passages in %zu documents</dd>\n",
			          b->row[k] ? b->row[k]->passages : 0,
			          b->row[k] ? b->row[k]->documents : 0);
		sb_adds(out, "</dl>\n");
	}
	if (b->examples && b->example[k]) {
		const struct quote *q = b->example[k];
		const struct transcript *t = ex_doc(b, q);
		sb_adds(out, "<blockquote><p>");
		emit_html(out, t->text + q->start, q->end - q->start, true);
		sb_adds(out, "</p></blockquote>\n<p class=\"meta\">— ");
		for (size_t i = 0; i < q->nspeakers; i++) {
			emit_html_s(out, q->speakers[i]);
			sb_adds(out, ", ");
		}
		sb_adds(out, "<cite>");
		emit_html_s(out, t->name);
		sb_printf(out, "</cite>, line %zu</p>\n", q->line);
	}
	sb_adds(out, "</section>\n");
}

static void format_html(struct strbuf *out, const struct book *b)
{
	const char *title = b->cb->name ? b->cb->name : "Codebook";

	sb_adds(out, html_head);
	emit_html_s(out, title);
	sb_adds(out, html_style);
	for (size_t k = 0; k < b->cb->ncodes; k++) { /* the colours, as classes */
		struct code_color eff = codebook_effective_color(b->cb, (int)k);
		char cbuf[8];
		const char *c = colour(&eff, cbuf);
		if (c)
			sb_printf(out, ".sw-%zu { background: %s; }\n", k, c);
	}
	sb_adds(out, "</style>\n</head>\n<body>\n<h1>");
	emit_html_s(out, title);
	sb_adds(out, "</h1>\n");
	if (b->cb->description) {
		sb_adds(out, "<p>");
		emit_html(out, b->cb->description, strlen(b->cb->description), true);
		sb_adds(out, "</p>\n");
	}
	if (b->counts)
		sb_adds(out,
		        "<p class=\"note\">Counts are passages as gloss tally counts them: "
		        "distinct coded segments; a theme's take each segment coded with it or "
		        "a code below it once.</p>\n");
	for (size_t k = 0; k < b->cb->ncodes; k++)
		html_code(out, b, k);
	sb_adds(out, "</body>\n</html>\n");
}

/* ---- csv, json ---- */

static void format_csv(struct strbuf *out, const struct book *b)
{
	static const char *const cols[] = {"id",      "name",    "parent",  "depth",
	                                   "theme",   "key",     "colour",  "description",
	                                   "include", "exclude", "examples"};
	struct emit_row r = EMIT_ROW(out, false);

	for (size_t i = 0; i < ARRAY_LEN(cols); i++)
		emit_row_s(&r, cols[i]);
	if (b->counts) {
		emit_row_s(&r, "passages");
		emit_row_s(&r, "documents");
	}
	if (b->examples) {
		emit_row_s(&r, "example_document");
		emit_row_s(&r, "example_line");
		emit_row_s(&r, "example_speakers");
		emit_row_s(&r, "example_text");
	}
	emit_row_end(&r);
	for (size_t k = 0; k < b->cb->ncodes; k++) {
		const struct code *c = &b->cb->codes[k];
		char cbuf[8], kbuf[8];
		emit_row_s(&r, c->id);
		emit_row_s(&r, c->name ? c->name : c->id);
		emit_row_s(&r, parent_id(b->cb, c));
		emit_row_num(&r, (size_t)c->depth);
		emit_row_s(&r, c->nchildren ? "true" : "false");
		emit_row_s(&r, key_str(c->key, kbuf));
		emit_row_s(&r, colour(&c->color, cbuf));
		emit_row_s(&r, c->description);
		emit_row_s(&r, c->include);
		emit_row_s(&r, c->exclude);
		emit_row_join(&r, (const char *const *)c->examples, c->nexamples, "\n");
		if (b->counts) {
			emit_row_num(&r, b->row[k] ? b->row[k]->passages : 0);
			emit_row_num(&r, b->row[k] ? b->row[k]->documents : 0);
		}
		if (b->examples) {
			const struct quote *q = b->example[k];
			emit_row_s(&r, q ? ex_doc(b, q)->name : NULL);
			if (q)
				emit_row_num(&r, q->line);
			else
				emit_row_s(&r, NULL);
			if (q)
				emit_row_join(&r, q->speakers, q->nspeakers, ";");
			else
				emit_row_s(&r, NULL);
			if (q)
				emit_row_cell(&r, ex_doc(b, q)->text + q->start, q->end - q->start);
			else
				emit_row_s(&r, NULL);
		}
		emit_row_end(&r);
	}
}

static void json_code(struct strbuf *out, const struct book *b, size_t k)
{
	const struct code *c = &b->cb->codes[k];
	char cbuf[8], kbuf[8];

	sb_adds(out, "    {\"id\": ");
	emit_json_s(out, c->id);
	sb_adds(out, ", \"name\": ");
	emit_json_s(out, c->name ? c->name : c->id);
	sb_adds(out, ", \"parent\": ");
	emit_json_or_null(out, parent_id(b->cb, c));
	sb_printf(out, ", \"depth\": %d, \"theme\": %s, \"key\": ", c->depth,
	          c->nchildren ? "true" : "false");
	emit_json_or_null(out, key_str(c->key, kbuf));
	sb_adds(out, ", \"colour\": ");
	emit_json_or_null(out, colour(&c->color, cbuf));
	sb_adds(out, ", \"description\": ");
	emit_json_or_null(out, c->description);
	sb_adds(out, ", \"include\": ");
	emit_json_or_null(out, c->include);
	sb_adds(out, ", \"exclude\": ");
	emit_json_or_null(out, c->exclude);
	sb_adds(out, ", \"examples\": ");
	emit_json_list(out, (const char *const *)c->examples, c->nexamples);
	if (b->counts)
		sb_printf(out, ", \"passages\": %zu, \"documents\": %zu",
		          b->row[k] ? b->row[k]->passages : 0,
		          b->row[k] ? b->row[k]->documents : 0);
	if (b->examples) {
		const struct quote *q = b->example[k];
		sb_adds(out, ", \"example\": ");
		if (!q) {
			sb_adds(out, "null");
		} else {
			sb_adds(out, "{\"document\": ");
			emit_json_s(out, ex_doc(b, q)->name);
			sb_printf(out, ", \"line\": %zu, \"speakers\": ", q->line);
			emit_json_list(out, q->speakers, q->nspeakers);
			sb_adds(out, ", \"text\": ");
			emit_json(out, ex_doc(b, q)->text + q->start, q->end - q->start);
			sb_addc(out, '}');
		}
	}
	sb_addc(out, '}');
}

static void format_json(struct strbuf *out, const struct book *b)
{
	sb_adds(out, "{\n  \"name\": ");
	emit_json_or_null(out, b->cb->name);
	sb_adds(out, ",\n  \"description\": ");
	emit_json_or_null(out, b->cb->description);
	sb_adds(out, ",\n  \"codes\": [");
	for (size_t k = 0; k < b->cb->ncodes; k++) {
		sb_adds(out, k ? ",\n" : "\n");
		json_code(out, b, k);
	}
	sb_adds(out, b->cb->ncodes ? "\n  ]\n}\n" : "]\n}\n");
}

/* ---- the command ---- */

static int book_print(struct book *b)
{
	struct strbuf out = STRBUF_INIT;
	int rc;

	switch (b->f) {
	case EMIT_HTML:
		format_html(&out, b);
		break;
	case EMIT_CSV:
		format_csv(&out, b);
		break;
	case EMIT_JSON:
		format_json(&out, b);
		break;
	default:
		format_markdown(&out, b);
	}
	rc = cli_write_out(&out);
	sb_done(&out);
	return rc;
}

/* codebook_only: the document without counts or quotes: the codebook alone is read */
static int codebook_only(const struct args *a, struct book *b)
{
	struct diags d;
	struct codebook *cb;
	char *path;
	int rc = GLOSS_EXIT_PROBLEMS;

	diags_init(&d);
	path = project_find_codebook(a->codebook, &d);
	if (!path)
		return cli_fatal(&d);
	cb = codebook_load(path, &d);
	cli_print_load_diags(&d, false);
	if (cb && !d.errors) {
		b->cb = cb;
		rc = book_print(b);
	} else {
		fputs("gloss: the codebook has errors or could not be read; nothing printed (see "
		      "gloss check)\n",
		      stderr);
	}
	codebook_free(cb);
	free(path);
	diags_done(&d);
	return rc;
}

/* with_project: the document with counts and/or example quotes */
static int with_project(struct args *a, struct book *b)
{
	struct tally_opts to = {TALLY_BY_NONE, NULL, -1, false, TALLY_COUNT_PASSAGES};
	struct quote_list *q = NULL;
	struct tally *t = NULL;
	struct project *p;
	struct diags d;
	int rc;

	p = cli_open_project(a, a->pos, a->npos, true, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "printed");
	if (rc < 0) {
		b->p = p;
		b->cb = p->cb;
		b->row = xcalloc(p->cb->ncodes + 1, sizeof(*b->row));
		b->example = xcalloc(p->cb->ncodes + 1, sizeof(*b->example));
		if (b->counts) {
			t = tally_run(p, &to);
			for (size_t i = 0; i < t->nrows; i++)
				if (t->rows[i].code >= 0)
					b->row[t->rows[i].code] = &t->rows[i];
		}
		if (b->examples) {
			q = quotes_collect(p, NULL);
			for (size_t i = q->n; i-- > 0;) /* the first of each code wins */
				if (q->items[i].code >= 0)
					b->example[q->items[i].code] = &q->items[i];
		}
		rc = book_print(b);
		if (rc == GLOSS_EXIT_OK && p->diags.errors)
			rc = GLOSS_EXIT_PROBLEMS;
		free(b->row);
		free(b->example);
	}
	quotes_free(q);
	tally_free(t);
	project_free(p);
	return rc;
}

int cmd_codebook(struct args *a)
{
	struct book b = {0};
	int rc;

	b.f = EMIT_MARKDOWN;
	if (a->format && !emit_format_parse(a->format, CODEBOOK_FORMATS, &b.f))
		return emit_format_error(a->format, CODEBOOK_FORMATS);
	if ((rc = cli_check_coders(a)) >= 0)
		return rc;
	b.counts = a->counts;
	b.examples = a->example_quotes;
	if (!b.counts && !b.examples)
		return codebook_only(a, &b);
	return with_project(a, &b);
}
