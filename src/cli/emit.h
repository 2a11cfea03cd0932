/* emit.h — the report emitter of the headless commands: output formats, escaping for each
 * format, display widths and cells. Every report (report.c: tally and co-occurrence;
 * report_agree.c; report_quotes.c; cmd_codebook.c; cmd_report.c) writes through these and
 * escapes nothing itself.
 *
 * Rules every function keeps: text from files never reaches a terminal raw (controls and
 * escape sequences become visible placeholders, utf8_sanitize_display), in every format; a
 * CSV or TSV text cell that a spreadsheet would take for a formula (starting with = + - @,
 * TAB or CR) gets a leading single quote; invalid UTF-8 is U+FFFD. */
#ifndef GLOSS_EMIT_H
#define GLOSS_EMIT_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/util.h"

/* The formats. EMIT_TEXT is the terminal's: "table" for tally and agree, "text" for
 * quotes. */
enum emit_format { EMIT_TEXT, EMIT_CSV, EMIT_TSV, EMIT_JSON, EMIT_MARKDOWN, EMIT_HTML };

/* the formats of the tables (tally, agree), as named in a usage error */
#define EMIT_TABLES "table, csv, tsv, json or markdown"

/* emit_format_parse: s as one of the formats named in list ("table, csv or json": the text
 * format is named table or text; "md" stands for markdown when markdown is listed). */
bool emit_format_parse(const char *s, const char *list, enum emit_format *f);
/* emit_format_error: "unknown format 'S' (use LIST)" as a usage error (cli_usage_error);
 * returns its exit status. */
int emit_format_error(const char *s, const char *list);

/* ---- the terminal: widths and cells ---- */

/* emit_safe: s[0..n) made terminal-safe (LF and TAB too become placeholders). */
void emit_safe(struct strbuf *out, const char *s, size_t n);
/* emit_width: the terminal columns of s[0..n), text already made safe (a control counts
 * 0). The one width function of the CLI. */
size_t emit_width(const char *s, size_t n);
/* emit_fit: s made terminal-safe and cut to at most max columns ("…" marks a cut); returns
 * the columns used. */
size_t emit_fit(struct strbuf *out, const char *s, size_t max);
/* emit_pad: n spaces. */
void emit_pad(struct strbuf *out, size_t n);
/* emit_cell: s made safe, cut to max columns and padded to width columns (right: aligned
 * to the right); returns the columns written before padding. */
size_t emit_cell(struct strbuf *out, const char *s, size_t max, size_t width, bool right);
/* emit_digits: the decimal digits of n. */
int emit_digits(size_t n);
/* emit_wrap: text from a file made safe and wrapped at spaces to width columns, each line
 * of it a paragraph, every output line indented; tabs are spaces; a word longer than a
 * line is cut. Ends with a newline. */
void emit_wrap(struct strbuf *out, const char *s, size_t n, size_t indent, size_t width);

/* ---- CSV and TSV ---- */

/* emit_csv: s[0..n) as one CSV cell (RFC 4180: quoted when it holds , " CR LF; tsv: a TSV
 * cell, tabs and line breaks as spaces), controls other than TAB CR LF made visible, and
 * the formula guard. NULL is an empty cell. */
void emit_csv(struct strbuf *out, const char *s, size_t n, bool tsv);
/* emit_eol: CRLF (CSV) or LF (TSV). */
void emit_eol(struct strbuf *out, bool tsv);

/* A row being written: the separator goes before every cell but the first. */
struct emit_row {
	struct strbuf *out;
	bool tsv;
	bool first;
};
#define EMIT_ROW(out, tsv) ((struct emit_row){(out), (tsv), true})
void emit_row_cell(struct emit_row *r, const char *s, size_t n);
void emit_row_s(struct emit_row *r, const char *s); /* NULL: empty */
void emit_row_num(struct emit_row *r, size_t v);    /* a number, never guarded */
/* emit_row_join: the strings joined by sep, as one cell */
void emit_row_join(struct emit_row *r, const char *const *v, size_t n, const char *sep);
void emit_row_end(struct emit_row *r); /* the line end; the next cell starts a row */

/* ---- JSON ---- */

/* emit_json: s[0..n) as a JSON string literal (controls, DEL, C1 and bidi overrides as
 * \u escapes, an invalid byte as \ufffd). */
void emit_json(struct strbuf *out, const char *s, size_t n);
void emit_json_s(struct strbuf *out, const char *s);                     /* NULL: "" */
void emit_json_or_null(struct strbuf *out, const char *s);               /* NULL: null */
void emit_json_list(struct strbuf *out, const char *const *v, size_t n); /* [..] */

/* ---- Markdown ---- */

/* emit_md_cell: s made safe with | and \ escaped, for a Markdown table cell. */
void emit_md_cell(struct strbuf *out, const char *s);
/* emit_md: text made safe with the characters Markdown would read as markup escaped;
 * line_prefix non-NULL keeps the text's lines (a hard break "\" before each LF, then the
 * prefix, e.g. "> " in a blockquote), else LF and TAB are placeholders. */
void emit_md(struct strbuf *out, const char *s, size_t n, const char *line_prefix);
void emit_md_s(struct strbuf *out, const char *s);

/* ---- HTML ---- */

/* emit_html: s[0..n) made safe with & < > " ' as entities; breaks: LF is "<br>\n" (else a
 * placeholder). */
void emit_html(struct strbuf *out, const char *s, size_t n, bool breaks);
void emit_html_s(struct strbuf *out, const char *s);

/* ---- any format ---- */

/* emit_text: inline text in format f (text: safe; markdown: emit_md; html: emit_html;
 * csv/tsv/json: safe, for the caller to put in a cell). */
void emit_text(struct strbuf *out, enum emit_format f, const char *s, size_t n);
void emit_text_s(struct strbuf *out, enum emit_format f, const char *s);
/* emit_cite_begin/end: a document's name set apart: *...* (markdown), <cite> (html),
 * nothing otherwise. */
void emit_cite_begin(struct strbuf *out, enum emit_format f);
void emit_cite_end(struct strbuf *out, enum emit_format f);

#endif
