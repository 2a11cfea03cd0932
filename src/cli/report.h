/* report.h — format a tally as a table, CSV (RFC 4180), TSV, JSON or Markdown.
 *
 * report never recomputes anything; it prints what tally_run produced. Text cells that a
 * spreadsheet would take for a formula (starting with = + - @, TAB or CR) are prefixed with
 * a single quote in CSV and TSV. Text from files is made terminal-safe in table output. */
#ifndef GLOSS_REPORT_H
#define GLOSS_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/util.h"

struct tally;
struct cooccur;

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_TSV, REPORT_JSON, REPORT_MARKDOWN };

bool report_format_parse(const char *s, enum report_format *f);
/* report_tally: append the formatted tally to out; width is the terminal width for the
 * table's bars (0: not a terminal, taken as 80 columns). */
void report_tally(struct strbuf *out, const struct tally *t, enum report_format f, int width);
/* report_cooccur: append the co-occurrence matrix c of t's rows: table (a column per code,
 * headed by its id cut to 12 columns), csv/tsv (id,name,parent,depth, then a column per
 * code id), json ({"unit", "documents", "columns": [ids], "codes": [{"id", ..., "cells"}]})
 * or markdown. */
void report_cooccur(struct strbuf *out, const struct tally *t, const struct cooccur *c,
                    enum report_format f);
/* report_json_str: append s as a JSON string literal. */
void report_json_str(struct strbuf *out, const char *s);
/* report_json_strn: the same for s[0..n). */
void report_json_strn(struct strbuf *out, const char *s, size_t n);
/* report_csv_text: append s[0..n) as one CSV cell (quoted when needed; tsv: a TSV cell,
 * tabs and line breaks as spaces), controls other than TAB CR LF made visible, and a
 * leading ' when a spreadsheet would take it for a formula (= + - @ TAB CR). NULL is an
 * empty cell. */
void report_csv_text(struct strbuf *out, const char *s, size_t n, bool tsv);
/* report_md_text: s made terminal-safe with | and \ escaped, for a Markdown table cell. */
void report_md_text(struct strbuf *out, const char *s);
/* report_fit: s made terminal-safe and cut to at most max columns ("…" marks a cut);
 * returns the columns used. */
size_t report_fit(struct strbuf *out, const char *s, size_t max);

#endif
