/* report.h — the reports of the headless commands, written through the emitter (emit.h):
 * a tally and a co-occurrence matrix (report.c), agreement (report_agree.c), quotes and
 * memos (report_quotes.c).
 *
 * A report never recomputes anything; it prints what the core produced (tally_run,
 * cooccur_run, agree_run, quotes_collect). */
#ifndef GLOSS_REPORT_H
#define GLOSS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "emit.h"
#include "gloss/util.h"

struct tally;
struct cooccur;
struct agree;
struct project;
struct quote_list;
struct quote;
struct transcript;

/* report_tally: append the formatted tally to out (EMIT_TEXT: the table; not html); width
 * is the terminal width (0: not a terminal, taken as 80 columns): the code column cuts a
 * name only where the other columns and a bar of 10 would pass it (never below 40
 * columns), and the bars fill what is left. Other formats never cut a name. */
void report_tally(struct strbuf *out, const struct tally *t, enum emit_format f, int width);
/* report_cooccur: append the co-occurrence matrix c of t's rows: table (a column per code,
 * headed by its id cut to 12 columns), csv/tsv (id,name,parent,depth, then a column per
 * code id), json ({"unit", "documents", "columns": [ids], "codes": [{"id", ..., "cells"}]})
 * or markdown. */
void report_cooccur(struct strbuf *out, const struct tally *t, const struct cooccur *c,
                    enum emit_format f);

/* report_agree: the agreement table (table, csv, tsv, json, markdown; gloss help agree). */
void report_agree(struct strbuf *out, const struct agree *a, enum emit_format f);
/* report_agree_skipped: one line per skipped document, each starting with prefix. */
void report_agree_skipped(struct strbuf *out, const struct agree *a, const char *prefix);
/* report_prf: precision, recall and F1 of a->coders[1] against the reference a->coders[0],
 * per code (agree --reference; a table). */
void report_prf(struct strbuf *out, const struct agree *a);

/* What a quotes or memos report needs. A record is a quote (memos: one memo of a quote). */

struct quotes_report {
	const struct project *p;
	struct quote_list *q;     /* read a window at a time (quotes_get) */
	bool memos;               /* gloss memos: one record a memo */
	int width;                /* text: the columns to wrap to */
	FILE *fp;                 /* where the output goes, written as it is made */
	const char *const *attrs; /* --attr: the attribute keys shown, in order; NULL: every
	                             attribute but the import's (source, format, imported) */
	size_t nattrs;
	long context; /* the turns before each passage shown (quotes_opts.context; the
	                 quotes carry them): QUOTES_NO_CONTEXT, QUOTES_QUESTION or N */
};

/* report_quotes: the quotes of r in format f (text, markdown, csv, tsv, json, html; see
 * gloss help quotes), written to r->fp as it is made; out is the buffer, left holding the
 * last part for the caller to write. */
void report_quotes(struct quotes_report *r, enum emit_format f, struct strbuf *out);

#endif
