/* report_quotes.c — quotes and memos (gloss quotes, gloss memos) in six formats: text
 * (wrapped), markdown, csv, tsv, json and html (see report.h). The passages come from the
 * core retrieval (quotes.h); this file only formats them, through the emitter. */
#include "report.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/pool.h"
#include "gloss/project.h"
#include "gloss/quotes.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

#define FLUSH_AT ((size_t)1 << 16)

/* What one output needs. A record is a quote (memos: one memo of a quote, coding ci). */
struct qout {
	const struct project *p;
	struct quote_list *q; /* its keys in memory; its quotes read a window at a time */
	bool memos;
	int width;
	const char **attrs; /* the attribute keys shown: --attr's, else every key of the
	                       documents quoted but the import's, sorted */
	size_t nattrs;
	struct strbuf *out; /* written to fp whenever it holds FLUSH_AT bytes */
	FILE *fp;
	bool tsv; /* csv: tabs */
	const struct quotes_report *r;
};

/* the attributes gloss import writes: where a transcript came from, hidden by default */
static const char *const provenance[] = {"source", "format", "imported"};

struct kv {
	const char *key, *value;
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

/* other_name: the name of another code (its id when not in the codebook) */
static const char *other_name(const struct qout *o, const char *id)
{
	int k = o->p->cb ? codebook_find(o->p->cb, id) : -1;

	if (k < 0 || !o->p->cb->codes[k].name)
		return id;
	return o->p->cb->codes[k].name;
}

static bool is_provenance(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(provenance); i++)
		if (strcmp(key, provenance[i]) == 0)
			return true;
	return false;
}

/* doc_attrs: the attributes of t shown, in kv (room for t->nattrs + o->nattrs): --attr's
 * keys in their order, else t's own but the import's, in t's order */
static size_t doc_attrs(const struct qout *o, const struct transcript *t, struct kv *kv)
{
	size_t n = 0;

	if (o->r->attrs) {
		for (size_t i = 0; i < o->r->nattrs; i++) {
			const char *v = transcript_attr(t, o->r->attrs[i]);
			if (v)
				kv[n++] = (struct kv){o->r->attrs[i], v};
		}
		return n;
	}
	for (size_t a = 0; a < t->nattrs; a++)
		if (!is_provenance(t->attrs[a].key))
			kv[n++] = (struct kv){t->attrs[a].key, t->attrs[a].value};
	return n;
}

/* passages: the distinct passages (document, start, end) among items[i..end), which are in
 * document and position order: what tally counts */
static size_t passages(const struct qout *o, size_t i, size_t end)
{
	size_t n = 0;

	for (size_t k = i; k < end; k++) {
		const struct quote_key *a = &o->q->keys[k], *b = &o->q->keys[k - (k > i)];
		if (k == i || a->doc != b->doc || a->start != b->start || a->end != b->end)
			n++;
	}
	return n;
}

static bool same_group(const struct quote_key *a, const struct quote_key *b)
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

/* key_records: how many records quote k makes, from its key */
static size_t key_records(const struct qout *o, const struct quote_key *k)
{
	return o->memos ? k->nmemos : 1;
}

/* group_records: the records of the group starting at quote i; *end is one past it */
static size_t group_records(const struct qout *o, size_t i, size_t *end)
{
	size_t n = 0, j = i;

	while (j < o->q->n && same_group(&o->q->keys[i], &o->q->keys[j]))
		n += key_records(o, &o->q->keys[j++]);
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
};

struct parts {
	struct qout *o;
	struct part *part;
	record_fn fn;
	size_t skip_first; /* bytes left out at the start of the first record (a separator) */
	bool any;
};

static void format_part(void *ctx, size_t k)
{
	struct parts *ps = ctx;
	struct part *pt = &ps->part[k];

	pt->o.out = &pt->out;
	pt->o.fp = NULL; /* kept whole, written by the main thread */
	for (size_t i = pt->from; i < pt->to; i++)
		each_record(&pt->o, quotes_item(pt->o.q, i), ps->fn);
}

/* write_part: what o holds so far, then part k (the first one from its byte skip) */
static void write_part(void *ctx, size_t k)
{
	struct parts *ps = ctx;
	struct qout *o = ps->o;
	const struct strbuf *part = &ps->part[k].out;
	size_t skip = ps->any ? 0 : ps->skip_first;

	if (o->out->len) {
		fwrite(o->out->data, 1, o->out->len, o->fp);
		sb_reset(o->out);
	}
	if (part->len > skip)
		fwrite(part->data + skip, 1, part->len - skip, o->fp);
	ps->any |= part->len > 0;
	sb_done(&ps->part[k].out);
}

/* PART_RECORDS: the records a part formats at most, so that what is held before it is
 * written stays small whatever the number of quotes; ROUND_BYTES: about the most a round
 * reads of the quotes (quotes_window) */
#define PART_RECORDS 4096
#define ROUND_BYTES ((size_t)4 << 20)

/* records_parallel: fn for every record, in rounds of project_threads parts formatted side
 * by side (pool.h), written in order. Returns whether there was a record. */
static bool records_parallel(struct qout *o, record_fn fn, size_t skip_first)
{
	size_t n = project_threads(o->q->n), base = 0;
	struct part *part = xcalloc(n, sizeof(*part));
	struct parts ps = {o, part, fn, skip_first, false};

	do {
		size_t end = quotes_window(o->q, base, n * PART_RECORDS, ROUND_BYTES);
		quotes_load(o->q, base, end);
		for (size_t k = 0; k < n; k++)
			part[k] = (struct part){*o, STRBUF_INIT, base + (end - base) * k / n,
			                        base + (end - base) * (k + 1) / n};
		pool_run(n, &ps, format_part, write_part);
		base = end;
	} while (base < o->q->n);
	free(part);
	return ps.any;
}

static void collect_attrs(struct qout *o)
{
	size_t cap = 0, k = 0;
	bool *seen;

	if (o->r->attrs) {
		for (size_t i = 0; i < o->r->nattrs; i++)
			VEC_PUSH(o->attrs, o->nattrs, cap, o->r->attrs[i]);
		return;
	}
	seen = xcalloc(o->p->ndocs + 1, sizeof(bool));

	for (size_t i = 0; i < o->q->n; i++) {
		size_t d = o->q->keys[i].doc;
		const struct transcript *t = o->p->docs[d].t;
		if (seen[d])
			continue;
		seen[d] = true;
		for (size_t a = 0; a < t->nattrs; a++)
			if (!is_provenance(t->attrs[a].key))
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

static void add_safe(struct strbuf *out, const char *s)
{
	emit_safe(out, s, strlen(s));
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

/* add_attrs: " (KEY: VALUE, ...)" of the attributes shown, in format f */
static void add_attrs(struct strbuf *out, enum emit_format f, const struct qout *o,
                      const struct transcript *t, const char *open)
{
	struct kv *kv = xcalloc(t->nattrs + o->nattrs + 1, sizeof(*kv));
	size_t n = doc_attrs(o, t, kv);

	for (size_t a = 0; a < n; a++) {
		sb_adds(out, a ? ", " : open);
		emit_text_s(out, f, kv[a].key);
		sb_adds(out, ": ");
		emit_text_s(out, f, kv[a].value);
		sb_adds(out, a + 1 == n ? ")" : "");
	}
	free(kv);
}

/* add_others: the names of the other codes, joined by ", ", in format f */
static void add_others(struct strbuf *out, enum emit_format f, const struct qout *o,
                       const struct quote *qt, const char *lead)
{
	for (size_t i = 0; i < qt->nothers; i++) {
		sb_adds(out, i ? ", " : lead);
		emit_text_s(out, f, other_name(o, qt->others[i]));
	}
}

/* text_context: the turns before the passage, each a paragraph */
static void text_context(struct qout *o, const struct quote *qt)
{
	for (size_t i = 0; i < qt->ncontext; i++)
		emit_wrap(o->out, qt->context[i].text, qt->context[i].len, 2, (size_t)o->width);
}

/* memo_time: the memo's own time (when it was last changed, else written), else (a memo
 * from before memos had times) the coding's */
static const char *memo_time(const struct quote_coding *qc)
{
	if (qc->memo_modified)
		return qc->memo_modified;
	return qc->memo_created ? qc->memo_created : qc->created;
}

static void text_memo(struct strbuf *out, const struct qout *o, const struct quote_coding *qc)
{
	sb_adds(out, "  memo by ");
	add_safe(out, qc->coder);
	if (memo_time(qc)) {
		sb_adds(out, ", ");
		add_safe(out, memo_time(qc));
	}
	sb_adds(out, ":\n");
	emit_wrap(out, qc->memo, strlen(qc->memo), 4, (size_t)o->width);
}

static void text_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct strbuf *out = o->out, line = STRBUF_INIT;
	const struct transcript *t = doc_t(o, qt);

	text_place(&line, o, qt);
	add_attrs(&line, EMIT_TEXT, o, t, "  (");
	emit_wrap(out, line.data, line.len, 0, (size_t)o->width);
	sb_reset(&line);
	text_context(o, qt);
	if (o->memos) {
		text_memo(out, o, &qt->codings[ci]);
		sb_adds(out, "  on the passage:\n");
		emit_wrap(out, qt->text, qt->end - qt->start, 4, (size_t)o->width);
	} else {
		emit_wrap(out, qt->text, qt->end - qt->start, 4, (size_t)o->width);
		sb_adds(&line, "coded by ");
		add_coders(&line, qt, ci, ", ");
		add_others(&line, EMIT_TEXT, o, qt, "; other codes: ");
		emit_wrap(out, line.data, line.len, 2, (size_t)o->width);
		for (size_t i = 0; i < qt->ncodings; i++)
			if (qt->codings[i].memo)
				text_memo(out, o, &qt->codings[i]);
	}
	sb_addc(out, '\n');
	sb_done(&line);
}

/* code_path: "Motives > Purpose > Meaning at work" for a codebook code */
static void code_path(struct strbuf *out, const struct qout *o, const struct quote_key *qt,
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

/* group_count: what a group's heading counts: its memos, or its passages as tally counts
 * them (with --per-coder a passage has an entry per coder, still one passage) */
static size_t group_count(const struct qout *o, size_t i, size_t end, size_t records)
{
	return o->memos ? records : passages(o, i, end);
}

/* group_each: fn for every record of quotes [i, end), read a window at a time */
static void group_each(struct qout *o, size_t i, size_t end, record_fn fn)
{
	for (size_t k = i; k < end; k++)
		each_record(o, quotes_get(o->q, k), fn);
}

static void format_text(struct qout *o)
{
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote_key *qt = &o->q->keys[i];
		size_t n = group_records(o, i, &end);
		struct strbuf head = STRBUF_INIT;
		if (n == 0)
			continue;
		sb_adds(&head, "== ");
		code_path(&head, o, qt, " > ");
		n = group_count(o, i, end, n);
		sb_printf(&head, " [%s]%s: %zu %s", qt->id,
		          qt->code < 0 ? " (not in codebook)" : "", n, noun(o, n));
		emit_wrap(o->out, head.data, head.len, 0, (size_t)o->width);
		sb_addc(o->out, '\n');
		sb_done(&head);
		group_each(o, i, end, text_record);
	}
}

/* ---- markdown ---- */

/* attribution: "— SPEAKER, *document*, line N, TIMESTAMP (KEY: VALUE, ...); coded by
 * CODERS; other codes: NAMES" in markdown or html (a memo's record: no coders nor codes) */
static void attribution(struct strbuf *out, enum emit_format f, const struct qout *o,
                        const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);

	sb_adds(out, "— ");
	for (size_t i = 0; i < qt->nspeakers; i++) {
		sb_adds(out, i ? ", " : "");
		emit_text_s(out, f, qt->speakers[i]);
	}
	sb_adds(out, qt->nspeakers ? ", " : "");
	emit_cite_begin(out, f);
	emit_text_s(out, f, t->name);
	emit_cite_end(out, f);
	sb_printf(out, ", line %zu", qt->line);
	if (qt->timestamp) {
		sb_adds(out, ", ");
		emit_text_s(out, f, qt->timestamp);
	}
	add_attrs(out, f, o, t, " (");
	if (ci != ALL_CODINGS)
		return;
	sb_adds(out, "; coded by ");
	for (size_t i = 0; i < qt->ncodings; i++) {
		sb_adds(out, i ? ", " : "");
		emit_text_s(out, f, qt->codings[i].coder);
	}
	add_others(out, f, o, qt, "; other codes: ");
}

static void md_memo(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "- **Memo by ");
	emit_md_s(out, qc->coder);
	sb_adds(out, "**");
	if (memo_time(qc)) {
		sb_adds(out, " (");
		emit_md_s(out, memo_time(qc));
		sb_adds(out, ")");
	}
	sb_adds(out, ": ");
	emit_md(out, qc->memo, strlen(qc->memo), "  ");
	sb_addc(out, '\n');
}

/* md_context: "*Context:* TURN" (a hard break between turns), then a blank line */
static void md_context(struct strbuf *out, const struct quote *qt, const char *indent)
{
	if (qt->ncontext == 0)
		return;
	sb_adds(out, indent);
	sb_adds(out, "*Context:* ");
	for (size_t i = 0; i < qt->ncontext; i++) {
		if (i) {
			sb_adds(out, "\\\n");
			sb_adds(out, indent);
		}
		emit_md(out, qt->context[i].text, qt->context[i].len, indent);
	}
	sb_adds(out, "\n\n");
}

static void md_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct strbuf *out = o->out;

	if (o->memos) {
		md_memo(out, &qt->codings[ci]);
		sb_addc(out, '\n');
		md_context(out, qt, "  ");
		sb_adds(out, "  > ");
		emit_md(out, qt->text, qt->end - qt->start, "  > ");
		sb_adds(out, "\n  >\n  > ");
		attribution(out, EMIT_MARKDOWN, o, qt, ci);
		sb_adds(out, "\n\n");
		return;
	}
	md_context(out, qt, "");
	sb_adds(out, "> ");
	emit_md(out, qt->text, qt->end - qt->start, "> ");
	sb_adds(out, "\n>\n> ");
	attribution(out, EMIT_MARKDOWN, o, qt, ci);
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
		const struct quote_key *qt = &o->q->keys[i];
		struct strbuf path = STRBUF_INIT;
		size_t n = group_records(o, i, &end);
		if (n == 0)
			continue;
		code_path(&path, o, qt, " › ");
		n = group_count(o, i, end, n);
		sb_adds(o->out, "## ");
		emit_md_s(o->out, path.data);
		sb_adds(o->out, " (");
		emit_md_s(o->out, qt->id);
		sb_printf(o->out, ")%s\n\n", qt->code < 0 ? ", not in the codebook" : "");
		sb_done(&path);
		group_each(o, i, end, md_record);
	}
}

/* ---- csv, tsv ---- */

static void csv_header(struct qout *o, struct emit_row *c)
{
	static const char *const qcols[] = {"code",   "name",     "document",   "path",
	                                    "line",   "line_end", "speakers",   "timestamp",
	                                    "coders", "memos",    "other_codes"};
	static const char *const mcols[] = {"code",  "name",     "document", "path",
	                                    "line",  "line_end", "speakers", "timestamp",
	                                    "coder", "created",  "memo"};

	for (size_t i = 0; i < ARRAY_LEN(qcols); i++)
		emit_row_s(c, o->memos ? mcols[i] : qcols[i]);
	if (o->r->context != QUOTES_NO_CONTEXT)
		emit_row_s(c, "context");
	for (size_t i = 0; i < o->nattrs; i++) {
		char *h = xasprintf("attr.%s", o->attrs[i]);
		emit_row_s(c, h);
		free(h);
	}
	emit_row_s(c, "text");
	emit_row_end(c);
}

static void csv_codings(struct emit_row *c, const struct quote *qt)
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
	emit_row_cell(c, coders.data, coders.len);
	emit_row_cell(c, memos.data, memos.len);
	sb_done(&coders);
	sb_done(&memos);
}

/* csv_context: the turns before the passage, as written, one a line */
static void csv_context(struct emit_row *c, const struct quote *qt)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < qt->ncontext; i++) {
		if (i)
			sb_addc(&sb, '\n');
		sb_add(&sb, qt->context[i].text, qt->context[i].len);
	}
	emit_row_cell(c, sb.data, sb.len);
	sb_done(&sb);
}

static void csv_record_to(struct qout *o, struct emit_row *c, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);

	emit_row_s(c, qt->id);
	emit_row_s(c, code_name(o, qt));
	emit_row_s(c, t->name);
	emit_row_s(c, t->path);
	emit_row_num(c, qt->line);
	emit_row_num(c, qt->line_end);
	emit_row_join(c, qt->speakers, qt->nspeakers, ";");
	emit_row_s(c, qt->timestamp);
	if (o->memos) {
		emit_row_s(c, qt->codings[ci].coder);
		emit_row_s(c, qt->codings[ci].created);
		emit_row_s(c, qt->codings[ci].memo);
	} else {
		csv_codings(c, qt);
		emit_row_join(c, qt->others, qt->nothers, ";");
	}
	if (o->r->context != QUOTES_NO_CONTEXT)
		csv_context(c, qt);
	for (size_t i = 0; i < o->nattrs; i++)
		emit_row_s(c, transcript_attr(t, o->attrs[i]));
	emit_row_cell(c, qt->text, qt->end - qt->start);
	emit_row_end(c);
}

static void csv_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct emit_row c = EMIT_ROW(o->out, o->tsv);

	csv_record_to(o, &c, qt, ci);
}

static void format_csv(struct qout *o, bool tsv)
{
	struct emit_row c = EMIT_ROW(o->out, tsv);

	o->tsv = tsv;
	csv_header(o, &c);
	records_parallel(o, csv_record, 0);
}

/* ---- json ---- */

static void json_coding(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "{\"coder\": ");
	emit_json_s(out, qc->coder);
	sb_adds(out, ", \"memo\": ");
	emit_json_or_null(out, qc->memo);
	sb_adds(out, ", \"created\": ");
	emit_json_or_null(out, qc->created);
	sb_addc(out, '}');
}

static void json_attrs(struct strbuf *out, const struct qout *o, const struct transcript *t)
{
	struct kv *kv = xcalloc(t->nattrs + o->nattrs + 1, sizeof(*kv));
	size_t n = doc_attrs(o, t, kv);

	for (size_t a = 0; a < n; a++) {
		sb_adds(out, a ? ", " : "");
		emit_json_s(out, kv[a].key);
		sb_adds(out, ": ");
		emit_json_s(out, kv[a].value);
	}
	free(kv);
}

/* json_context: "context": [{"speaker", "timestamp", "text"}], the turns before */
static void json_context(struct strbuf *out, const struct quote *qt)
{
	sb_adds(out, ", \"context\": [");
	for (size_t i = 0; i < qt->ncontext; i++) {
		const struct quote_turn *tu = &qt->context[i];
		sb_adds(out, i ? ", {\"speaker\": " : "{\"speaker\": ");
		emit_json_s(out, tu->speaker);
		sb_adds(out, ", \"timestamp\": ");
		emit_json_or_null(out, tu->timestamp);
		sb_adds(out, ", \"text\": ");
		emit_json(out, tu->text + tu->body, tu->len - tu->body);
		sb_addc(out, '}');
	}
	sb_addc(out, ']');
}

static void json_record(struct qout *o, const struct quote *qt, size_t ci)
{
	const struct transcript *t = doc_t(o, qt);
	struct strbuf *out = o->out;

	sb_adds(out, ",\n    {\"code\": "); /* the first record's "," is left out */
	emit_json_s(out, qt->id);
	sb_adds(out, ", \"name\": ");
	emit_json_s(out, code_name(o, qt));
	sb_adds(out, ", \"document\": ");
	emit_json_s(out, t->name);
	sb_adds(out, ", \"path\": ");
	emit_json_s(out, t->path);
	sb_adds(out, ", \"attributes\": {");
	json_attrs(out, o, t);
	sb_printf(out, "}, \"line\": %zu, \"line_end\": %zu, \"speakers\": ", qt->line,
	          qt->line_end);
	emit_json_list(out, qt->speakers, qt->nspeakers);
	sb_adds(out, ", \"timestamp\": ");
	emit_json_or_null(out, qt->timestamp);
	if (o->memos) {
		sb_adds(out, ", \"coder\": ");
		emit_json_s(out, qt->codings[ci].coder);
		sb_adds(out, ", \"created\": ");
		emit_json_or_null(out, qt->codings[ci].created);
		sb_adds(out, ", \"memo\": ");
		emit_json_s(out, qt->codings[ci].memo);
	} else {
		sb_adds(out, ", \"codings\": [");
		for (size_t i = 0; i < qt->ncodings; i++) {
			sb_adds(out, i ? ", " : "");
			json_coding(out, &qt->codings[i]);
		}
		sb_adds(out, "], \"other_codes\": ");
		emit_json_list(out, qt->others, qt->nothers);
	}
	if (o->r->context != QUOTES_NO_CONTEXT)
		json_context(out, qt);
	sb_adds(out, ", \"text\": ");
	emit_json(out, qt->text, qt->end - qt->start);
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
    ".note { font-size: 0.9em; color: #555; }\n"
    ".context { font-size: 0.9em; color: #555; margin: 1em 0 0 1.2em; font-style: italic; }\n"
    "</style>\n"
    "</head>\n"
    "<body>\n";

/* the anchor of a group: its codebook index, or its position in the output */
static void html_anchor(struct strbuf *out, const struct quote_key *qt, size_t i)
{
	if (qt->code >= 0)
		sb_printf(out, "code-%d", qt->code);
	else
		sb_printf(out, "other-%zu", i);
}

struct seg {
	size_t doc, start, end;
};

static int cmp_seg(const void *a, const void *b)
{
	const struct seg *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->end > y->end) - (x->end < y->end);
}

/* subtree_count: the passages of codes [k, end) as tally counts a theme (each segment
 * once), or their memos */
static size_t subtree_count(const struct qout *o, size_t k, size_t end)
{
	struct seg *v = NULL;
	size_t n = 0, cap = 0, distinct = 0;

	for (size_t i = 0; i < o->q->n; i++) {
		const struct quote_key *qt = &o->q->keys[i];
		if (qt->code < (int)k || qt->code >= (int)end)
			continue;
		if (o->memos)
			distinct += key_records(o, qt);
		else
			VEC_PUSH(v, n, cap, ((struct seg){qt->doc, qt->start, qt->end}));
	}
	if (n)
		sort_array(v, n, sizeof(*v), cmp_seg);
	for (size_t i = 0; i < n; i++)
		distinct += i == 0 || cmp_seg(&v[i], &v[i - 1]) != 0;
	free(v);
	return distinct;
}

/* html_count: "(N passages)" with the figure in data-n for a reader that checks it */
static void html_count(struct strbuf *out, const struct qout *o, const char *id, size_t n,
                       const char *what)
{
	sb_adds(out, " <span class=\"count\" data-code=\"");
	emit_html_s(out, id);
	sb_printf(out, "\" data-n=\"%zu\">(%zu %s%s)</span>", n, n, noun(o, n), what);
}

/* html_toc_code: the entry of codebook code k (and its subtree), when it has records */
static void html_toc_code(struct qout *o, int k, const size_t *count)
{
	const struct codebook *cb = o->p->cb;
	const struct code *c = &cb->codes[k];
	size_t total = subtree_count(o, (size_t)k, c->subtree_end);

	if (total == 0)
		return;
	sb_adds(o->out, "<li>");
	if (count[k]) {
		sb_printf(o->out, "<a href=\"#code-%d\">", k);
		emit_html_s(o->out, c->name ? c->name : c->id);
		sb_adds(o->out, "</a>");
	} else {
		emit_html_s(o->out, c->name ? c->name : c->id);
	}
	html_count(o->out, o, c->id, total, c->nchildren ? " in all" : "");
	if (c->nchildren) {
		bool any = false;
		for (size_t d = (size_t)k + 1; d < c->subtree_end; d = cb->codes[d].subtree_end) {
			if (!subtree_count(o, d, cb->codes[d].subtree_end))
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

	sb_adds(o->out, "<nav>\n<h2>Contents</h2>\n");
	sb_adds(o->out, o->memos ? "<p class=\"note\">Counts are memos; a theme's take in the "
	                           "memos of the codes below it.</p>\n"
	                         : "<p class=\"note\">Counts are passages as gloss tally "
	                           "counts them: distinct coded segments (document, start, "
	                           "end), whoever coded them; a theme's count (in all) takes "
	                           "each segment coded with it or a code below it once.</p>\n");
	sb_adds(o->out, "<ul>\n");
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote_key *qt = &o->q->keys[i];
		size_t n = group_records(o, i, &end);
		if (qt->code >= 0)
			count[qt->code] = n;
	}
	for (size_t k = 0; k < ncodes; k = cb->codes[k].subtree_end)
		html_toc_code(o, (int)k, count);
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote_key *qt = &o->q->keys[i];
		size_t n = group_records(o, i, &end);
		if (qt->code >= 0 || n == 0)
			continue;
		sb_adds(o->out, "<li><a href=\"#");
		html_anchor(o->out, qt, i);
		sb_adds(o->out, "\">");
		emit_html_s(o->out, qt->id);
		sb_adds(o->out, "</a> (not in the codebook)");
		html_count(o->out, o, qt->id, group_count(o, i, end, n), "");
		sb_adds(o->out, "</li>\n");
	}
	sb_adds(o->out, "</ul>\n</nav>\n");
	free(count);
}

static void html_memo(struct strbuf *out, const struct quote_coding *qc)
{
	sb_adds(out, "<p class=\"memo\"><strong>Memo by ");
	emit_html_s(out, qc->coder);
	sb_adds(out, "</strong>");
	if (memo_time(qc)) {
		sb_adds(out, " (");
		emit_html_s(out, memo_time(qc));
		sb_adds(out, ")");
	}
	sb_adds(out, ": ");
	emit_html(out, qc->memo, strlen(qc->memo), true);
	sb_adds(out, "</p>\n");
}

static void html_meta(struct strbuf *out, const struct qout *o, const struct quote *qt, size_t ci)
{
	sb_adds(out, "<p class=\"meta\">");
	attribution(out, EMIT_HTML, o, qt, ci);
	sb_adds(out, "</p>\n");
}

/* html_context: the turns before the passage, as written */
static void html_context(struct strbuf *out, const struct quote *qt)
{
	if (qt->ncontext == 0)
		return;
	sb_adds(out, "<p class=\"context\">");
	for (size_t i = 0; i < qt->ncontext; i++) {
		sb_adds(out, i ? "<br>\n" : "");
		emit_html(out, qt->context[i].text, qt->context[i].len, true);
	}
	sb_adds(out, "</p>\n");
}

static void html_record(struct qout *o, const struct quote *qt, size_t ci)
{
	struct strbuf *out = o->out;

	if (o->memos)
		html_memo(out, &qt->codings[ci]);
	html_context(out, qt);
	sb_adds(out, "<blockquote><p>");
	emit_html(out, qt->text, qt->end - qt->start, true);
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
		emit_html_s(&t, o->p->cb->name);
	}
	sb_printf(o->out, html_head, t.data);
	sb_printf(o->out, "<h1>%s</h1>\n", t.data);
	sb_done(&t);
	html_toc(o);
	for (size_t i = 0, end; i < o->q->n; i = end) {
		const struct quote_key *qt = &o->q->keys[i];
		struct strbuf path = STRBUF_INIT;
		size_t n = group_records(o, i, &end);
		if (n == 0)
			continue;
		sb_adds(o->out, "<section id=\"");
		html_anchor(o->out, qt, i);
		sb_adds(o->out, "\">\n<h2>");
		code_path(&path, o, qt, " › ");
		emit_html_s(o->out, path.data);
		n = group_count(o, i, end, n);
		sb_adds(o->out, " <span class=\"count\">(");
		emit_html_s(o->out, qt->id);
		sb_printf(o->out, "; %zu %s)</span></h2>\n", n, noun(o, n));
		sb_done(&path);
		group_each(o, i, end, html_record);
		sb_adds(o->out, "</section>\n");
	}
	sb_adds(o->out, "</body>\n</html>\n");
}

static void format(struct qout *o, enum emit_format fmt)
{
	switch (fmt) {
	case EMIT_TEXT:
		format_text(o);
		break;
	case EMIT_MARKDOWN:
		format_markdown(o);
		break;
	case EMIT_CSV:
	case EMIT_TSV:
		format_csv(o, fmt == EMIT_TSV);
		break;
	case EMIT_JSON:
		format_json(o);
		break;
	case EMIT_HTML:
		format_html(o);
		break;
	}
}

void report_quotes(struct quotes_report *r, enum emit_format f, struct strbuf *out)
{
	struct qout o = {r->p, r->q, r->memos, r->width, NULL, 0, out, r->fp, false, r};

	collect_attrs(&o);
	format(&o, f);
	free(o.attrs);
}
