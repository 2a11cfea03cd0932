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

enum report_format { REPORT_TABLE, REPORT_CSV, REPORT_TSV, REPORT_JSON, REPORT_MARKDOWN };

bool report_format_parse(const char *s, enum report_format *f);
/* report_tally: append the formatted tally to out; width is the terminal width for the
 * table's bars (0: not a terminal, taken as 80 columns). */
void report_tally(struct strbuf *out, const struct tally *t, enum report_format f, int width);
/* report_json_str: append s as a JSON string literal. */
void report_json_str(struct strbuf *out, const char *s);
/* The escaping the tally uses, for other reports (gloss agree):
 * report_csv_text: s as one CSV (or, with tsv, TSV) cell: formula-like text gets a
 * leading ', controls are made visible, CSV quotes when needed, TSV turns tabs and line
 * breaks into spaces. NULL is an empty cell. */
void report_csv_text(struct strbuf *out, const char *s, bool tsv);
/* report_md_text: s made terminal-safe with | and \ escaped, for a Markdown table cell. */
void report_md_text(struct strbuf *out, const char *s);
/* report_fit: s made terminal-safe and cut to at most max columns ("…" marks a cut);
 * returns the columns used. */
size_t report_fit(struct strbuf *out, const char *s, size_t max);

#endif
