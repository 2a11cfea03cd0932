/* cmd_quotes.c — gloss quotes: the coded passages of codes, in full, with their metadata;
 * and the output of gloss memos (cmd_memos.c), which lists the same records one memo at a
 * time. The passages come from the core retrieval (quotes.h); this file only formats them:
 * text (wrapped, paged on a terminal), markdown, csv, tsv, json and html. */
#include "cmd.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "report.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define WRAP_MIN 40
#define FLUSH_AT ((size_t)1 << 16)
#define WRAP_DEFAULT 80

const char cmd_quotes_help[] =
    "usage: gloss quotes [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                    [--format FORMAT] [-v] [CODE...] [PATH...]\n"
    "\n"
    "Print every coded passage of the CODEs (a theme stands for its whole subtree; no\n"
    "CODE: every code), in full, grouped by code in codebook order, then by document\n"
    "and position. An argument that names an existing file or directory is a PATH\n"
    "(transcripts to read, as for tally), any other a CODE. A passage coded with one\n"
    "code by several coders is printed once. Each passage comes with its document, the\n"
    "document's front-matter attributes, its line, the speaker(s) and timestamp of its\n"
    "turn(s), the coders who applied the code, their memos, and the other codes whose\n"
    "codings overlap it. Drifted and ambiguous codings are not quoted; standard error\n"
    "says how many.\n"
    "\n"
    "options:\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        only this coder's codings; repeat for several\n"
    "  --where ATTR=VALUE  only documents whose front matter has ATTR: VALUE; repeat\n"
    "                      for several: conditions on different attributes must all\n"
    "                      hold, several values of one attribute are alternatives\n"
    "  --format FORMAT     text (default), markdown, csv, tsv, json or html\n"
    "  -v, --verbose       also report codings that were re-anchored, drifted or\n"
    "                      ambiguous, one by one\n"
    "  -h, --help          show this help\n"
    "\n"
    "formats:\n"
    "  text      for reading: wrapped to the terminal's width (80 columns when not a\n"
    "            terminal); on a terminal the output goes through $PAGER (less when\n"
    "            unset; PAGER=cat or empty: no pager)\n"
    "  markdown  one section per code, each passage a blockquote with an attribution\n"
    "            line, memos as a list\n"
    "  csv       RFC 4180, CRLF line ends, one passage a row; columns code,name,\n"
    "            document,path,line,line_end,speakers,timestamp,coders,memos,\n"
    "            other_codes, attr.KEY for each front-matter attribute KEY, then text\n"
    "            (lists separated by ';', memos as CODER: MEMO, one a line)\n"
    "  tsv       the same separated by tabs (tabs and line breaks as spaces)\n"
    "  json      {\"quotes\": [{\"code\", \"name\", \"document\", \"path\", \"attributes\",\n"
    "            \"line\", \"line_end\", \"speakers\", \"timestamp\", \"codings\": [{\"coder\",\n"
    "            \"memo\", \"created\"}], \"other_codes\", \"text\"}], \"skipped\"}\n"
    "  html      one self-contained page (no external scripts, styles or fonts) with a\n"
    "            table of contents by theme\n"
    "Text from the files is escaped for each format; control characters are shown as\n"
    "visible symbols; CSV and TSV cells that a spreadsheet would take for a formula get a\n"
    "leading '.\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, or some file could not be read or\n"
    "parsed; 2 usage error; 3 the output could not be written.\n";

enum qformat { QF_TEXT, QF_MARKDOWN, QF_CSV, QF_TSV, QF_JSON, QF_HTML };

/* What one output needs. A record is a quote (memos: one memo of a quote, coding ci). */
struct qout {
	const struct project *p;
	const struct quote_list *q;
	bool memos;
	int width;
	const char **attrs; /* every attribute key of the documents quoted, sorted */
	size_t nattrs;
	struct strbuf *out; /* written to fp whenever it holds FLUSH_AT bytes */
	FILE *fp;
	bool tsv; /* csv: tabs */
};

#define ALL_CODINGS SIZE_MAX

static const struct transcript *doc_t(const struct qout *o, const struct quote *qt)
{
	return o->p->docs[qt->doc].t;
}

static const char *code_name(const struct qout *o, const struct quote *qt)
{
	if (qt->code < 0 || !o->p->cb)
		return qt->id;
	return o->p->cb->codes[qt->code].name ? o->p->cb->codes[qt->code].name : qt->id;
}

static bool same_group(const struct quote *a, const struct quote *b)
{
	return a->code == b->code && strcmp(a->id, b->id) == 0;
}

static size_t memo_count(const struct quote *qt)
{
	size_t n = 0;

	for (size_t i = 0; i < qt->ncodings; i++)
		n += qt->codings[i].memo != NULL;
	return n;
}

/* records: how many records the quote makes (memos: its memos) */
static size_t records(const struct qout *o, const struct quote *qt)
{
	return o->memos ? memo_count(qt) : 1;
}

/* group_records: the records of the group starting at quote i; *end is one past it */
static size_t group_records(const struct qout *o, size_t i, size_t *end)
{
	size_t n = 0, j = i;

	while (j < o->q->n && same_group(&o->q->items[i], &o->q->items[j]))
		n += records(o, &o->q->items[j++]);
	*end = j;
	return n;
}

/* record visitor: fn(o, quote, ci) for every record in order; ci is the coding with the
 * memo (memos) or ALL_CODINGS */
typedef void (*record_fn)(struct qout *o, const struct quote *qt, size_t ci);

static void flush_some(struct qout *o)
{
	if (o->fp && o->out->len >= FLUSH_AT) {
		fwrite(o->out->data, 1, o->out->len, o->fp);
		sb_reset(o->out);
	}
}

static void each_record(struct qout *o, const struct quote *qt, record_fn fn)
{
	if (!o->memos) {
		fn(o, qt, ALL_CODINGS);
	} else {
		for (size_t i = 0; i < qt->ncodings; i++)
			if (qt->codings[i].memo)
				fn(o, qt, i);
	}
	flush_some(o);
}

/* A part of the records, formatted in a thread of its own (csv, tsv and json, where every
 * record stands alone); the parts are written in order. */
struct part {
	struct qout o;
	struct strbuf out;
	size_t from, to;
	record_fn fn;
};

static void *format_part(void *arg)
{
	struct part *pt = arg;

	pt->o.out = &pt->out;
	pt->o.fp = NULL; /* kept whole, written by the main thread */
	for (size_t i = pt->from; i < pt->to; i++)
		each_record(&pt->o, &pt->o.q->items[i], pt->fn);
	return NULL;
}

/* write_part: what o holds so far, then part (from its byte skip) */
static void write_part(struct qout *o, const struct strbuf *part, size_t skip)
{
	if (o->out->len) {
		fwrite(o->out->data, 1, o->out->len, o->fp);
		sb_reset(o->out);
	}
	if (part->len > skip)
		fwrite(part->data + skip, 1, part->len - skip, o->fp);
}

/* records_parallel: fn for every record, in project_threads parts formatted side by side,
 * written in order; skip_first: bytes left out at the start of the first record (a
 * separator). Returns whether there was a record. */
static bool records_parallel(struct qout *o, record_fn fn, size_t skip_first)
{
	struct part parts[PROJECT_MAX_THREADS];
	pthread_t tids[PROJECT_MAX_THREADS];
	bool started[PROJECT_MAX_THREADS] = {false}, any = false;
	size_t n = project_threads(o->q->n);

	for (size_t k = 0; k < n; k++)
		parts[k] =
		    (struct part){*o, STRBUF_INIT, o->q->n * k / n, o->q->n * (k + 1) / n, fn};
	for (size_t k = 1; k < n; k++)
		started[k] = pthread_create(&tids[k], NULL, format_part, &parts[k]) == 0;
	format_part(&parts[0]);
	for (size_t k = 0; k < n; k++) {
		if (started[k])
			pthread_join(tids[k], NULL);
		else if (k > 0)
			format_part(&parts[k]);
		write_part(o, &parts[k].out, any ? 0 : skip_first);
		any |= parts[k].out.len > 0;
		sb_done(&parts[k].out);
	}
	return any;
}

static void collect_attrs(struct qout *o)
{
	size_t cap = 0, k = 0;
	bool *seen = xcalloc(o->p->ndocs + 1, sizeof(bool));

	for (size_t i = 0; i < o->q->n; i++) {
		const struct transcript *t = doc_t(o, &o->q->items[i]);
		if (seen[o->q->items[i].doc])
			continue;
		seen[o->q->items[i].doc] = true;
		for (size_t a = 0; a < t->nattrs; a++)
			VEC_PUSH(o->attrs, o->nattrs, cap, t->attrs[a].key);
	}
	free(seen);
	if (o->nattrs == 0)
		return;
	sort_array(o->attrs, o->nattrs, sizeof(*o->attrs), str_cmp_ptr);
	for (size_t i = 1; i < o->nattrs; i++)
		if (strcmp(o->attrs[i], o->attrs[k]) != 0)
			o->attrs[++k] = o->attrs[i];
	o->nattrs = k + 1;
}

/* ---- plain text ---- */

static size_t text_width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int cw;
		i += utf8_decode(s + i, n - i, &cp);
		cw = utf8_width(cp);
		w += cw > 0 ? (size_t)cw : 0;
	}
	return w;
}

static void add_indent(struct strbuf *out, size_t n)
{
	while (n-- > 0)
		sb_addc(out, ' ');
}

/* wrap_para: one paragraph of sanitized text (no LF) wrapped at spaces to width columns,
 * each line indented; the spaces between words are kept except where a line breaks, and
 * a word longer than a line is cut */
static void wrap_para(struct strbuf *out, const char *s, size_t n, size_t indent, size_t width)
{
	size_t avail = width > indent + 10 ? width - indent : 10, col = 0, i = 0;
	bool fresh = true; /* nothing on the paragraph's first line yet */

	add_indent(out, indent);
	while (i < n) {
		size_t ws = i, we, w, gap;
		while (ws < n && s[ws] == ' ')
			ws++;
		we = ws;
		while (we < n && s[we] != ' ')
			we++;
		if (ws == n)
			break;
		w = text_width(s + ws, we - ws);
		gap = ws - i;
		if (col > 0 && col + gap + w > avail) {
			sb_addc(out, '\n');
			add_indent(out, indent);
			col = 0;
		} else if (col > 0 || fresh) {
			add_indent(out, gap);
			col += gap;
		}
		fresh = false;
		for (size_t k = ws; k < we;) { /* the word, cut where it passes the line */
			uint32_t cp;
			size_t len = utf8_decode(s + k, we - k, &cp);
			size_t cw = utf8_width(cp) > 0 ? (size_t)utf8_width(cp) : 0;
			if (col > 0 && col + cw > avail) {
				sb_addc(out, '\n');
				add_indent(out, indent);
				col = 0;
			}
			sb_add(out, s + k, len);
			col += cw;
			k += len;
		}
		i = we;
	}
	sb_addc(out, '\n');
}

/* add_wrapped: text from a file, made safe and wrapped; each line of it a paragraph */
static void add_wrapped(struct strbuf *out, const char *s, size_t n, size_t indent, size_t width)
{
	struct strbuf v = STRBUF_INIT;
	size_t i = 0;

	utf8_sanitize_display(&v, s, n, true);
	for (size_t k = 0; k < v.len; k++)
		if (v.data[k] == '\t')
			v.data[k] = ' ';
	do {
		const char *nl = memchr(v.data + i, '\n', v.len - i);
		size_t e = nl ? (size_t)(nl - v.data) : v.len;
		wrap_para(out, v.data + i, e - i, indent, width);
		i = e + 1;
	} while (i <= v.len && v.len);
	if (!v.len)
		sb_addc(out, '\n');
	sb_done(&v);
}

static void add_safe(struct strbuf *out, const char *s)
{
	cli_add_safe(out, s, strlen(s));
}

/* add_list: the strings joined by sep, each made safe for the terminal */
static void add_list(struct strbuf *out, const char *const *v, size_t n, const char *sep)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(out, sep);
		add_safe(out, v[i]);
	}
}

static void add_coders(struct strbuf *out, const struct quote *qt, size_t ci, const char *sep)
{
	for (size_t i = 0; i < qt->ncodings; i++) {
		if (ci != ALL_CODINGS && i != ci)
			continue;
		if (out->len && ci == ALL_CODINGS && i)
			sb_adds(out, sep);
		add_safe(out, qt->codings[i].coder);
	}
}

/* text_place: "01-ada:9  ADA  00:00:09" */
static void text_place(struct strbuf *out, const struct qout *o, const struct quote *qt)
{
	const struct transcript *t = doc_t(o, qt);

	add_safe(out, t->name);
	sb_printf(out, ":%zu", qt->line);
	if (qt->line_end != qt->line)
		sb_printf(out, "-%zu", qt->line_end);
	if (qt->nspeakers) {
		sb_adds(out, "  ");
		add_list(out, qt->speakers, qt->nspeakers, ", ");
	}
	if (qt->timestamp) {
		sb_adds(out, "  ");
		add_safe(out, qt->timestamp);
	}
}

static void text_attrs(struct strbuf *out, const struct transcript *t)
{
	if (!t->nattrs)
		return;
	sb_adds(out, "  (");
	for (size_t a = 0; a < t->nattrs; a++) {
		sb_adds(out, a ? ", " : "");
		add_safe(out, t->attrs[a].key);
		sb_adds(out, ": ");
		add_safe(out, t->attrs[a].value);
	}
	sb_addc(out, ')');
}

static void text_memo(struct strbuf *out, const struct qout *o, const struct quote_coding *qc)
{
	sb_adds(out, "  memo by ");
	add_safe(out, qc->coder);
	if (qc->memo_modified) { /* the memo's own time: when it was last changed */
		sb_adds(out, ", ");
		add_safe(out, qc->memo_modified);
	} else if (qc->created) {
		sb_adds(out, ", ");
		add_safe(out, qc->created);
	}
	sb_adds(out, ":\n");
	add_wrapped(out, qc->memo, strlen(qc->memo), 4, (size_t)o->width);
}

static void text_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct strbuf *out = o->out, line = STRBUF_INIT;
	const struct transcript *t = doc_t(o, qt);

	text_place(&line, o, qt);
	text_attrs(&line, t);
	add_wrapped(out, line.data, line.len, 0, (size_t)o->width);
	sb_reset(&line);
	if (o->memos) {
		text_memo(out, o, &qt->codings[ci]);
		sb_adds(out, "  on the passage:\n");
		add_wrapped(out, t->text + qt->start, qt->end - qt->start, 4, (size_t)o->width);
	} else {
		add_wrapped(out, t->text + qt->start, qt->end - qt->start, 4, (size_t)o->width);
		sb_adds(&line, "coded by ");
		add_coders(&line, qt, ci, ", ");
		if (qt->nothers) {
			sb_adds(&line, "; other codes: ");
			add_list(&line, qt->others, qt->nothers, ", ");
		}
		add_wrapped(out, line.data, line.len, 2, (size_t)o->width);
		for (size_t i = 0; i < qt->ncodings; i++)
			if (qt->codings[i].memo)
				text_memo(out, o, &qt->codings[i]);
	}
	sb_addc(out, '\n');
	sb_done(&line);
}

/* code_path: "Motives > Purpose > Meaning at work" for a codebook code */
static void code_path(struct strbuf *out, const struct qout *o, const struct quote *qt,
                      const char *sep)
{
	const struct codebook *cb = o->p->cb;
	int chain[64], n = 0;

	if (qt->code < 0 || !cb) {
		sb_adds(out, qt->id);
		return;
	}
	for (int c = qt->code; c >= 0 && n < 64; c = cb->codes[c].parent)
		chain[n++] = c;
	while (n-- > 0) {
		sb_adds(out, cb->codes[chain[n]].name ? cb->codes[chain[n]].name
		                                      : cb->codes[chain[n]].id);
		if (n)
			sb_adds(out, sep);
	}
}

static const char *noun(const struct qout *o, size_t n)
{
	if (o->memos)
		return n == 1 ? "memo" : "memos";
	return n == 1 ? "passage" : "passages";
}

static void format_text(struct qout *o)
{
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote *qt = &o->q->items[i];
		size_t n = group_records(o, i, &end);
		struct strbuf head = STRBUF_INIT;
		if (n == 0)
			continue;
		sb_adds(&head, "== ");
		code_path(&head, o, qt, " > ");
		sb_printf(&head, " [%s]%s: %zu %s", qt->id,
		          qt->code < 0 ? " (not in codebook)" : "", n, noun(o, n));
		add_wrapped(o->out, head.data, head.len, 0, (size_t)o->width);
		sb_addc(o->out, '\n');
		sb_done(&head);
		for (size_t k = i; k < end; k++)
			each_record(o, &o->q->items[k], text_record);
	}
}

/* ---- markdown ---- */

/* md_text: text made safe, with Markdown's markup characters escaped; at_line marks where
 * a line starts (list and heading markers there are escaped too) */
static void md_text(struct strbuf *out, const char *s, size_t n, const char *line_prefix)
{
	struct strbuf v = STRBUF_INIT;
	bool bol = true;

	utf8_sanitize_display(&v, s, n, line_prefix != NULL);
	for (size_t i = 0; i < v.len; i++) {
		char c = v.data[i];
		if (c == '\n') { /* a hard line break: the transcript's lines stay lines */
			sb_adds(out, i + 1 < v.len ? "\\\n" : "\n");
			sb_adds(out, line_prefix);
			bol = true;
			continue;
		}
		if (c == '\t')
			c = ' ';
		if (strchr("\\`*_[]<>|~&", c) || (bol && strchr("#-+=", c)) ||
		    (c == '.' && i > 0 && v.data[i - 1] >= '0' && v.data[i - 1] <= '9'))
			sb_addc(out, '\\');
		sb_addc(out, c);
		bol = false;
	}
	sb_done(&v);
}

static void md_s(struct strbuf *out, const char *s)
{
	md_text(out, s, strlen(s), NULL);
}

static void md_attribution(struct strbuf *out, const struct qout *o, const struct quote *qt,
                           size_t ci)
{
	const struct transcript *t = doc_t(o, qt);

	sb_adds(out, "— ");
	for (size_t i = 0; i < qt->nspeakers; i++) {
		sb_adds(out, i ? ", " : "");
		md_s(out, qt->speakers[i]);
	}
	sb_adds(out, qt->nspeakers ? ", *" : "*");
	md_s(out, t->name);
	sb_printf(out, "*, line %zu", qt->line);
	if (qt->timestamp) {
		sb_adds(out, ", ");
		md_s(out, qt->timestamp);
	}
	for (size_t a = 0; a < t->nattrs; a++) {
		sb_adds(out, a ? ", " : " (");
		md_s(out, t->attrs[a].key);
		sb_adds(out, ": ");
		md_s(out, t->attrs[a].value);
		sb_adds(out, a + 1 == t->nattrs ? ")" : "");
	}
	if (ci == ALL_CODINGS) {
		sb_adds(out, "; coded by ");
		for (size_t i = 0; i < qt->ncodings; i++) {
			sb_adds(out, i ? ", " : "");
			md_s(out, qt->codings[i].coder);
		}
		if (qt->nothers)
			sb_adds(out, "; other codes: ");
		for (size_t i = 0; i < qt->nothers; i++) {
			sb_adds(out, i ? ", " : "");
			md_s(out, qt->others[i]);
		}
	}
}

static void md_memo(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "- **Memo by ");
	md_s(out, qc->coder);
	sb_adds(out, "**");
	if (qc->created) {
		sb_adds(out, " (");
		md_s(out, qc->created);
		sb_adds(out, ")");
	}
	sb_adds(out, ": ");
	md_text(out, qc->memo, strlen(qc->memo), "  ");
	sb_addc(out, '\n');
}

static void md_record(struct qout *o, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);
	struct strbuf *out = o->out;

	if (o->memos) {
		md_memo(out, &qt->codings[ci]);
		sb_adds(out, "\n  > ");
		md_text(out, t->text + qt->start, qt->end - qt->start, "  > ");
		sb_adds(out, "\n  >\n  > ");
		md_attribution(out, o, qt, ci);
		sb_adds(out, "\n\n");
		return;
	}
	sb_adds(out, "> ");
	md_text(out, t->text + qt->start, qt->end - qt->start, "> ");
	sb_adds(out, "\n>\n> ");
	md_attribution(out, o, qt, ci);
	sb_adds(out, "\n\n");
	for (size_t i = 0; i < qt->ncodings; i++)
		if (qt->codings[i].memo)
			md_memo(out, &qt->codings[i]);
	if (records(o, qt) && qt->ncodings && memo_count(qt))
		sb_addc(out, '\n');
}

static void format_markdown(struct qout *o)
{
	sb_adds(o->out, o->memos ? "# Memos\n\n" : "# Quotes\n\n");
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote *qt = &o->q->items[i];
		struct strbuf path = STRBUF_INIT;
		size_t n = group_records(o, i, &end);
		if (n == 0)
			continue;
		code_path(&path, o, qt, " › ");
		sb_adds(o->out, "## ");
		md_s(o->out, path.data);
		sb_adds(o->out, " (");
		md_s(o->out, qt->id);
		sb_printf(o->out, ")%s\n\n", qt->code < 0 ? ", not in the codebook" : "");
		sb_done(&path);
		for (size_t k = i; k < end; k++)
			each_record(o, &o->q->items[k], md_record);
	}
}

/* ---- csv, tsv ---- */

struct csv {
	struct strbuf *out;
	bool tsv;
	bool first;
};

static void cell(struct csv *c, const char *s, size_t n)
{
	if (!c->first)
		sb_addc(c->out, c->tsv ? '\t' : ',');
	c->first = false;
	report_csv_text(c->out, s, n, c->tsv);
}

static void cell_s(struct csv *c, const char *s)
{
	cell(c, s, s ? strlen(s) : 0);
}

static void cell_num(struct csv *c, size_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%zu", v);
	cell_s(c, buf);
}

static void cell_join(struct csv *c, const char *const *v, size_t n)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_addc(&sb, ';');
		sb_adds(&sb, v[i]);
	}
	cell(c, sb.data, sb.len);
	sb_done(&sb);
}

static void csv_eol(struct csv *c)
{
	sb_adds(c->out, c->tsv ? "\n" : "\r\n");
	c->first = true;
}

static void csv_header(struct qout *o, struct csv *c)
{
	static const char *const qcols[] = {"code",   "name",     "document",   "path",
	                                    "line",   "line_end", "speakers",   "timestamp",
	                                    "coders", "memos",    "other_codes"};
	static const char *const mcols[] = {"code",  "name",     "document", "path",
	                                    "line",  "line_end", "speakers", "timestamp",
	                                    "coder", "created",  "memo"};

	for (size_t i = 0; i < ARRAY_LEN(qcols); i++)
		cell_s(c, o->memos ? mcols[i] : qcols[i]);
	for (size_t i = 0; i < o->nattrs; i++) {
		char *h = xasprintf("attr.%s", o->attrs[i]);
		cell_s(c, h);
		free(h);
	}
	cell_s(c, "text");
	csv_eol(c);
}

static void csv_codings(struct csv *c, const struct quote *qt)
{
	struct strbuf coders = STRBUF_INIT, memos = STRBUF_INIT;

	for (size_t i = 0; i < qt->ncodings; i++) {
		const struct quote_coding *qc = &qt->codings[i];
		if (i)
			sb_addc(&coders, ';');
		sb_adds(&coders, qc->coder);
		if (qc->memo)
			sb_printf(&memos, "%s%s: %s", memos.len ? "\n" : "", qc->coder, qc->memo);
	}
	cell(c, coders.data, coders.len);
	cell(c, memos.data, memos.len);
	sb_done(&coders);
	sb_done(&memos);
}

static void csv_record_to(struct qout *o, struct csv *c, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);

	cell_s(c, qt->id);
	cell_s(c, code_name(o, qt));
	cell_s(c, t->name);
	cell_s(c, t->path);
	cell_num(c, qt->line);
	cell_num(c, qt->line_end);
	cell_join(c, qt->speakers, qt->nspeakers);
	cell_s(c, qt->timestamp);
	if (o->memos) {
		cell_s(c, qt->codings[ci].coder);
		cell_s(c, qt->codings[ci].created);
		cell_s(c, qt->codings[ci].memo);
	} else {
		csv_codings(c, qt);
		cell_join(c, qt->others, qt->nothers);
	}
	for (size_t i = 0; i < o->nattrs; i++)
		cell_s(c, transcript_attr(t, o->attrs[i]));
	cell(c, t->text + qt->start, qt->end - qt->start);
	csv_eol(c);
}

static void csv_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct csv c = {o->out, o->tsv, true};

	csv_record_to(o, &c, qt, ci);
}

static void format_csv(struct qout *o, bool tsv)
{
	struct csv c = {o->out, tsv, true};

	o->tsv = tsv;
	csv_header(o, &c);
	records_parallel(o, csv_record, 0);
}

/* ---- json ---- */

static void json_list(struct strbuf *out, const char *const *v, size_t n)
{
	sb_addc(out, '[');
	for (size_t i = 0; i < n; i++) {
		sb_adds(out, i ? ", " : "");
		report_json_str(out, v[i]);
	}
	sb_addc(out, ']');
}

static void json_nullable(struct strbuf *out, const char *s)
{
	if (s)
		report_json_str(out, s);
	else
		sb_adds(out, "null");
}

static void json_coding(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "{\"coder\": ");
	report_json_str(out, qc->coder);
	sb_adds(out, ", \"memo\": ");
	json_nullable(out, qc->memo);
	sb_adds(out, ", \"created\": ");
	json_nullable(out, qc->created);
	sb_addc(out, '}');
}

static void json_record(struct qout *o, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);
	struct strbuf *out = o->out;

	sb_adds(out, ",\n    {\"code\": "); /* the first record's "," is left out */
	report_json_str(out, qt->id);
	sb_adds(out, ", \"name\": ");
	report_json_str(out, code_name(o, qt));
	sb_adds(out, ", \"document\": ");
	report_json_str(out, t->name);
	sb_adds(out, ", \"path\": ");
	report_json_str(out, t->path);
	sb_adds(out, ", \"attributes\": {");
	for (size_t a = 0; a < t->nattrs; a++) {
		sb_adds(out, a ? ", " : "");
		report_json_str(out, t->attrs[a].key);
		sb_adds(out, ": ");
		report_json_str(out, t->attrs[a].value);
	}
	sb_printf(out, "}, \"line\": %zu, \"line_end\": %zu, \"speakers\": ", qt->line,
	          qt->line_end);
	json_list(out, qt->speakers, qt->nspeakers);
	sb_adds(out, ", \"timestamp\": ");
	json_nullable(out, qt->timestamp);
	if (o->memos) {
		sb_adds(out, ", \"coder\": ");
		report_json_str(out, qt->codings[ci].coder);
		sb_adds(out, ", \"created\": ");
		json_nullable(out, qt->codings[ci].created);
		sb_adds(out, ", \"memo\": ");
		report_json_str(out, qt->codings[ci].memo);
	} else {
		sb_adds(out, ", \"codings\": [");
		for (size_t i = 0; i < qt->ncodings; i++) {
			sb_adds(out, i ? ", " : "");
			json_coding(out, &qt->codings[i]);
		}
		sb_adds(out, "], \"other_codes\": ");
		json_list(out, qt->others, qt->nothers);
	}
	sb_adds(out, ", \"text\": ");
	report_json_strn(out, t->text + qt->start, qt->end - qt->start);
	sb_addc(out, '}');
}

static void format_json(struct qout *o)
{
	bool any;

	sb_adds(o->out, o->memos ? "{\n  \"memos\": [" : "{\n  \"quotes\": [");
	any = records_parallel(o, json_record, 1);
	sb_printf(o->out, "%s],\n  \"skipped\": %zu\n}\n", any ? "\n  " : "", o->q->skipped);
}

/* ---- html ---- */

static void html_text(struct strbuf *out, const char *s, size_t n, bool breaks)
{
	struct strbuf v = STRBUF_INIT;

	utf8_sanitize_display(&v, s, n, breaks);
	for (size_t i = 0; i < v.len; i++) {
		switch (v.data[i]) {
		case '&':
			sb_adds(out, "&amp;");
			break;
		case '<':
			sb_adds(out, "&lt;");
			break;
		case '>':
			sb_adds(out, "&gt;");
			break;
		case '"':
			sb_adds(out, "&quot;");
			break;
		case '\'':
			sb_adds(out, "&#39;");
			break;
		case '\n':
			sb_adds(out, "<br>\n");
			break;
		default:
			sb_addc(out, v.data[i]);
		}
	}
	sb_done(&v);
}

static void html_s(struct strbuf *out, const char *s)
{
	html_text(out, s, strlen(s), false);
}

static const char html_head[] =
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<title>%s</title>\n"
    "<style>\n"
    "body { font-family: Georgia, serif; max-width: 46em; margin: 2em auto; padding: 0 1em;\n"
    "  line-height: 1.5; color: #222; background: #fff; }\n"
    "nav ul { list-style: none; padding-left: 1.2em; }\n"
    "h2 { border-bottom: 1px solid #ccc; margin-top: 2em; }\n"
    "blockquote { margin: 1em 0 0.3em; padding: 0.2em 1em; border-left: 4px solid #8a9;\n"
    "  background: #f6f8f6; }\n"
    ".meta { font-size: 0.9em; color: #555; margin: 0 0 0.3em 1.2em; }\n"
    ".memo { font-size: 0.9em; margin: 0.2em 0 1em 1.2em; }\n"
    ".count { color: #777; font-weight: normal; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

/* the anchor of a group: its codebook index, or its position in the output */
static void html_anchor(struct strbuf *out, const struct quote *qt, size_t i)
{
	if (qt->code >= 0)
		sb_printf(out, "code-%d", qt->code);
	else
		sb_printf(out, "other-%zu", i);
}

/* html_toc_code: the entry of codebook code k (and its subtree), when it has records */
static void html_toc_code(struct qout *o, int k, const size_t *count)
{
	const struct codebook *cb = o->p->cb;
	const struct code *c = &cb->codes[k];
	size_t total = 0;

	for (size_t d = (size_t)k; d < c->subtree_end; d++)
		total += count[d];
	if (total == 0)
		return;
	sb_adds(o->out, "<li>");
	if (count[k]) {
		sb_printf(o->out, "<a href=\"#code-%d\">", k);
		html_s(o->out, c->name ? c->name : c->id);
		sb_printf(o->out, "</a> <span class=\"count\">(%zu)</span>", count[k]);
	} else {
		html_s(o->out, c->name ? c->name : c->id);
		sb_printf(o->out, " <span class=\"count\">(%zu in all)</span>", total);
	}
	if (c->nchildren) {
		bool any = false;
		for (size_t d = (size_t)k + 1; d < c->subtree_end; d = cb->codes[d].subtree_end) {
			size_t sub = 0;
			for (size_t e = d; e < cb->codes[d].subtree_end; e++)
				sub += count[e];
			if (!sub)
				continue;
			if (!any)
				sb_adds(o->out, "\n<ul>\n");
			any = true;
			html_toc_code(o, (int)d, count);
		}
		if (any)
			sb_adds(o->out, "</ul>\n");
	}
	sb_adds(o->out, "</li>\n");
}

static void html_toc(struct qout *o)
{
	const struct codebook *cb = o->p->cb;
	size_t ncodes = cb ? cb->ncodes : 0;
	size_t *count = xcalloc(ncodes + 1, sizeof(size_t));

	sb_adds(o->out, "<nav>\n<h2>Contents</h2>\n<ul>\n");
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote *qt = &o->q->items[i];
		size_t n = group_records(o, i, &end);
		if (qt->code >= 0)
			count[qt->code] = n;
	}
	for (size_t k = 0; k < ncodes; k = cb->codes[k].subtree_end)
		html_toc_code(o, (int)k, count);
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote *qt = &o->q->items[i];
		size_t n = group_records(o, i, &end);
		if (qt->code >= 0 || n == 0)
			continue;
		sb_adds(o->out, "<li><a href=\"#");
		html_anchor(o->out, qt, i);
		sb_adds(o->out, "\">");
		html_s(o->out, qt->id);
		sb_printf(o->out,
		          "</a> (not in the codebook) <span class=\"count\">(%zu)</span></li>\n",
		          n);
	}
	sb_adds(o->out, "</ul>\n</nav>\n");
	free(count);
}

static void html_memo(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "<p class=\"memo\"><strong>Memo by ");
	html_s(out, qc->coder);
	sb_adds(out, "</strong>");
	if (qc->created) {
		sb_adds(out, " (");
		html_s(out, qc->created);
		sb_adds(out, ")");
	}
	sb_adds(out, ": ");
	html_text(out, qc->memo, strlen(qc->memo), true);
	sb_adds(out, "</p>\n");
}

static void html_meta(struct strbuf *out, const struct qout *o, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);

	sb_adds(out, "<p class=\"meta\">— ");
	for (size_t i = 0; i < qt->nspeakers; i++) {
		sb_adds(out, i ? ", " : "");
		html_s(out, qt->speakers[i]);
	}
	sb_adds(out, qt->nspeakers ? ", <cite>" : "<cite>");
	html_s(out, t->name);
	sb_printf(out, "</cite>, line %zu", qt->line);
	if (qt->timestamp) {
		sb_adds(out, ", ");
		html_s(out, qt->timestamp);
	}
	for (size_t a = 0; a < t->nattrs; a++) {
		sb_adds(out, a ? ", " : " (");
		html_s(out, t->attrs[a].key);
		sb_adds(out, ": ");
		html_s(out, t->attrs[a].value);
		sb_adds(out, a + 1 == t->nattrs ? ")" : "");
	}
	if (ci == ALL_CODINGS) {
		sb_adds(out, "; coded by ");
		for (size_t i = 0; i < qt->ncodings; i++) {
			sb_adds(out, i ? ", " : "");
			html_s(out, qt->codings[i].coder);
		}
		for (size_t i = 0; i < qt->nothers; i++) {
			sb_adds(out, i ? ", " : "; other codes: ");
			html_s(out, qt->others[i]);
		}
	}
	sb_adds(out, "</p>\n");
}

static void html_record(struct qout *o, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);
	struct strbuf *out = o->out;

	if (o->memos)
		html_memo(out, &qt->codings[ci]);
	sb_adds(out, "<blockquote><p>");
	html_text(out, t->text + qt->start, qt->end - qt->start, true);
	sb_adds(out, "</p></blockquote>\n");
	html_meta(out, o, qt, ci);
	for (size_t i = 0; !o->memos && i < qt->ncodings; i++)
		if (qt->codings[i].memo)
			html_memo(out, &qt->codings[i]);
}

static void format_html(struct qout *o)
{
	const char *title = o->memos ? "Memos" : "Quotes";
	struct strbuf t = STRBUF_INIT;

	sb_adds(&t, title);
	if (o->p->cb && o->p->cb->name) {
		sb_adds(&t, " — ");
		html_s(&t, o->p->cb->name);
	}
	sb_printf(o->out, html_head, t.data);
	sb_printf(o->out, "<h1>%s</h1>\n", t.data);
	sb_done(&t);
	html_toc(o);
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote *qt = &o->q->items[i];
		struct strbuf path = STRBUF_INIT;
		size_t n = group_records(o, i, &end);
		if (n == 0)
			continue;
		sb_adds(o->out, "<section id=\"");
		html_anchor(o->out, qt, i);
		sb_adds(o->out, "\">\n<h2>");
		code_path(&path, o, qt, " › ");
		html_s(o->out, path.data);
		sb_adds(o->out, " <span class=\"count\">(");
		html_s(o->out, qt->id);
		sb_printf(o->out, "; %zu %s)</span></h2>\n", n, noun(o, n));
		sb_done(&path);
		for (size_t k = i; k < end; k++)
			each_record(o, &o->q->items[k], html_record);
		sb_adds(o->out, "</section>\n");
	}
	sb_adds(o->out, "</body>\n</html>\n");
}

/* ---- the command ---- */

static bool format_parse(const char *s, enum qformat *f)
{
	static const char *const names[] = {"text", "markdown", "csv", "tsv", "json", "html"};

	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*f = (enum qformat)i;
			return true;
		}
	if (strcmp(s, "md") == 0) {
		*f = QF_MARKDOWN;
		return true;
	}
	return false;
}

/* open_pager: $PAGER (less -FRX when unset, as git does) when standard output is a
 * terminal and PAGER is not empty or cat; NULL: write to standard output */
static FILE *open_pager(void)
{
	const char *pager = getenv("PAGER");
	FILE *fp;

	if (!isatty(STDOUT_FILENO) || (pager && (!*pager || strcmp(pager, "cat") == 0)))
		return NULL;
	if (!pager)
		pager = "less";
	setenv("LESS", "FRX", 0);
	fflush(stdout);
	fp = popen(pager, "w");
	if (fp)
		signal(SIGPIPE, SIG_IGN); /* quitting the pager early is not an error */
	return fp;
}

/* split_args: positional arguments naming existing files or directories are PATHs, the
 * others CODEs */
static void split_args(const struct args *a, const char ***codes, size_t *ncodes,
                       const char ***paths, size_t *npaths)
{
	size_t capc = 0, capp = 0;

	for (size_t i = 0; i < a->npos; i++) {
		struct stat st;
		if (stat(a->pos[i], &st) == 0)
			VEC_PUSH(*paths, *npaths, capp, a->pos[i]);
		else
			VEC_PUSH(*codes, *ncodes, capc, a->pos[i]);
	}
}

static int parse_wheres(const struct args *a, struct quotes_where *w)
{
	for (size_t i = 0; i < a->nwheres; i++) {
		const char *eq = strchr(a->wheres[i], '=');
		if (!eq || eq == a->wheres[i])
			return cli_usage_error("invalid --where '%s' (use ATTR=VALUE)",
			                       a->wheres[i]);
		w[i].key = xstrndup(a->wheres[i], (size_t)(eq - a->wheres[i]));
		w[i].value = eq + 1;
	}
	return -1;
}

static void warn_codes(const struct project *p, const struct quote_list *q)
{
	for (size_t i = 0; i < q->nids; i++) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, q->ids[i], strlen(q->ids[i]));
		fprintf(stderr, "gloss: warning: no code '%s' in %s\n", sb.data,
		        path_basename(p->codebook_path));
		sb_done(&sb);
	}
}

/* warn_wheres: a --where attribute that no transcript has is most likely a typo */
static void warn_wheres(const struct project *p, const struct quotes_opts *qo)
{
	for (size_t i = 0; i < qo->nwhere; i++) {
		bool found = false;
		struct strbuf sb = STRBUF_INIT;
		for (size_t d = 0; d < p->ndocs && !found; d++)
			found = transcript_attr(p->docs[d].t, qo->where[i].key) != NULL;
		if (found)
			continue;
		cli_add_safe(&sb, qo->where[i].key, strlen(qo->where[i].key));
		fprintf(stderr, "gloss: warning: no transcript has the attribute '%s'\n", sb.data);
		sb_done(&sb);
	}
}

static void format(struct qout *o, enum qformat fmt)
{
	switch (fmt) {
	case QF_TEXT:
		format_text(o);
		break;
	case QF_MARKDOWN:
		format_markdown(o);
		break;
	case QF_CSV:
	case QF_TSV:
		format_csv(o, fmt == QF_TSV);
		break;
	case QF_JSON:
		format_json(o);
		break;
	case QF_HTML:
		format_html(o);
		break;
	}
}

/* quotes_print: the output, written as it is made (to the pager on a terminal) */
static int quotes_print(struct qout *o, enum qformat fmt)
{
	struct strbuf out = STRBUF_INIT;
	FILE *pager;
	int rc = GLOSS_EXIT_OK;

	o->out = &out;
	o->width = cli_terminal_width();
	if (o->width <= 0)
		o->width = WRAP_DEFAULT;
	if (o->width < WRAP_MIN)
		o->width = WRAP_MIN;
	collect_attrs(o);
	pager = open_pager();
	o->fp = pager ? pager : stdout;
	format(o, fmt);
	if (pager) {
		fwrite(out.data, 1, out.len, pager);
		pclose(pager);
	} else {
		rc = cli_write_out(&out);
	}
	sb_done(&out);
	free(o->attrs);
	return rc;
}

static int quotes_run(struct args *a, bool memos, const char *const *paths, size_t npaths,
                      struct quotes_opts *qo, enum qformat fmt)
{
	struct project_opts po = {0};
	struct project *p;
	struct quote_list *q;
	struct diags d;
	int rc;

	cli_project_opts(&po, a, paths, npaths, true);
	po.no_words = true; /* quotes count no words */
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = cli_project_usable(p, "quoted");
	if (rc < 0) {
		struct qout o = {p, NULL, memos, 0, NULL, 0, NULL, NULL, false};
		qo->memos_only = memos;
		q = quotes_collect(p, qo);
		warn_codes(p, q);
		warn_wheres(p, qo);
		o.q = q;
		rc = quotes_print(&o, fmt);
		if (q->skipped)
			fprintf(
			    stderr,
			    "gloss: %zu drifted or ambiguous coding%s not %s (see gloss check)\n",
			    q->skipped, q->skipped == 1 ? "" : "s", memos ? "listed" : "quoted");
		quotes_free(q);
		if (rc == GLOSS_EXIT_OK && p->diags.errors)
			rc = GLOSS_EXIT_PROBLEMS;
	}
	project_free(p);
	return rc;
}

int cmd_quotes_run(struct args *a, bool memos)
{
	struct quotes_opts qo = QUOTES_OPTS_INIT;
	enum qformat fmt = QF_TEXT;
	const char **codes = NULL, **paths = NULL;
	size_t ncodes = 0, npaths = 0;
	struct quotes_where *w = xcalloc(a->nwheres + 1, sizeof(*w));
	int rc = -1;

	if (a->format && !format_parse(a->format, &fmt))
		rc = cli_usage_error(
		    "unknown format '%s' (use text, markdown, csv, tsv, json or html)", a->format);
	if (rc < 0)
		rc = cli_check_coders(a);
	if (rc < 0)
		rc = parse_wheres(a, w);
	if (rc < 0) {
		split_args(a, &codes, &ncodes, &paths, &npaths);
		qo.codes = codes;
		qo.ncodes = ncodes;
		qo.where = w;
		qo.nwhere = a->nwheres;
		rc = quotes_run(a, memos, paths, npaths, &qo, fmt);
	}
	for (size_t i = 0; i < a->nwheres; i++)
		free((char *)w[i].key);
	free(w);
	free(codes);
	free(paths);
	return rc;
}

int cmd_quotes(struct args *a)
{
	return cmd_quotes_run(a, false);
}
