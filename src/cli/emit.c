/* emit.c — formats, escaping, widths and cells for every report (see emit.h). */
#include "emit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "gloss/utf8.h"

static const char *const format_names[] = {"text", "csv", "tsv", "json", "markdown", "html"};

/* format_named: the format a name in a list stands for ("table" is the text format) */
static bool format_named(const char *name, size_t n, enum emit_format *f)
{
	for (size_t i = 0; i < ARRAY_LEN(format_names); i++)
		if (strlen(format_names[i]) == n && memcmp(name, format_names[i], n) == 0) {
			*f = (enum emit_format)i;
			return true;
		}
	if (n == 5 && memcmp(name, "table", 5) == 0) {
		*f = EMIT_TEXT;
		return true;
	}
	return false;
}

bool emit_format_parse(const char *s, const char *list, enum emit_format *f)
{
	for (const char *p = list; *p;) {
		size_t n = strcspn(p, ", ");
		enum emit_format g;
		if (n && format_named(p, n, &g) &&
		    ((strlen(s) == n && memcmp(s, p, n) == 0) ||
		     (g == EMIT_MARKDOWN && strcmp(s, "md") == 0))) {
			*f = g;
			return true;
		}
		p += n;
		p += strspn(p, ", ");
		if (strncmp(p, "or ", 3) == 0)
			p += 3;
	}
	return false;
}

int emit_format_error(const char *s, const char *list)
{
	char *fmt = xasprintf("unknown format '%%s' (use %s)", list);
	int rc = cli_usage_error(fmt, s);

	free(fmt);
	return rc;
}

/* ---- the terminal ---- */

void emit_safe(struct strbuf *out, const char *s, size_t n)
{
	utf8_sanitize_display(out, s, n, false);
}

size_t emit_width(const char *s, size_t n)
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

size_t emit_fit(struct strbuf *out, const char *s, size_t max)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = 0, i = 0;

	utf8_sanitize_display(&tmp, s, strlen(s), false);
	if (emit_width(tmp.data, tmp.len) <= max) {
		sb_add(out, tmp.data, tmp.len);
		w = emit_width(tmp.data, tmp.len);
		sb_done(&tmp);
		return w;
	}
	while (i < tmp.len) {
		uint32_t cp;
		size_t k = utf8_decode(tmp.data + i, tmp.len - i, &cp);
		int cw = utf8_width(cp) > 0 ? utf8_width(cp) : 0;
		if (w + (size_t)cw + 1 > max)
			break;
		sb_add(out, tmp.data + i, k);
		w += (size_t)cw;
		i += k;
	}
	sb_adds(out, "…");
	sb_done(&tmp);
	return w + 1;
}

void emit_pad(struct strbuf *out, size_t n)
{
	while (n-- > 0)
		sb_addc(out, ' ');
}

size_t emit_cell(struct strbuf *out, const char *s, size_t max, size_t width, bool right)
{
	struct strbuf tmp = STRBUF_INIT;
	size_t w = emit_fit(&tmp, s, max);

	if (right)
		emit_pad(out, width > w ? width - w : 0);
	sb_add(out, tmp.data, tmp.len);
	if (!right)
		emit_pad(out, width > w ? width - w : 0);
	sb_done(&tmp);
	return w;
}

int emit_digits(size_t n)
{
	int d = 1;

	while (n >= 10)
		n /= 10, d++;
	return d;
}

/* wrap_para: one paragraph of sanitized text (no LF) wrapped at spaces to width columns,
 * each line indented; the spaces between words are kept except where a line breaks, and
 * a word longer than a line is cut */
static void wrap_para(struct strbuf *out, const char *s, size_t n, size_t indent, size_t width)
{
	size_t avail = width > indent + 10 ? width - indent : 10, col = 0, i = 0;
	bool fresh = true; /* nothing on the paragraph's first line yet */

	emit_pad(out, indent);
	while (i < n) {
		size_t ws = i, we, w, gap;
		while (ws < n && s[ws] == ' ')
			ws++;
		we = ws;
		while (we < n && s[we] != ' ')
			we++;
		if (ws == n)
			break;
		w = emit_width(s + ws, we - ws);
		gap = ws - i;
		if (col > 0 && col + gap + w > avail) {
			sb_addc(out, '\n');
			emit_pad(out, indent);
			col = 0;
		} else if (col > 0 || fresh) {
			emit_pad(out, gap);
			col += gap;
		}
		fresh = false;
		for (size_t k = ws; k < we;) { /* the word, cut where it passes the line */
			uint32_t cp;
			size_t len = utf8_decode(s + k, we - k, &cp);
			size_t cw = utf8_width(cp) > 0 ? (size_t)utf8_width(cp) : 0;
			if (col > 0 && col + cw > avail) {
				sb_addc(out, '\n');
				emit_pad(out, indent);
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

void emit_wrap(struct strbuf *out, const char *s, size_t n, size_t indent, size_t width)
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

/* ---- CSV / TSV ---- */

/* csv_safe_byte: a byte copied as it is into a CSV or TSV cell (printable ASCII) */
static bool csv_safe_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7F && c != '"';
}

/* csv_needs_quotes: a CSV cell holding one of , " CR LF is quoted */
static bool csv_needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return true;
	return false;
}

/* csv_add_char: one code point of a cell: controls other than TAB CR LF made visible (text
 * from files must not reach a terminal raw, even in CSV); in TSV, TAB CR LF as spaces */
static void csv_add_char(struct strbuf *out, uint32_t cp, bool tsv)
{
	char buf[4];

	if (cp == '"')
		sb_adds(out, tsv ? "\"" : "\"\"");
	else if (cp == '\t' || cp == '\r' || cp == '\n')
		sb_addc(out, tsv ? ' ' : (char)cp);
	else if (utf8_unsafe(cp))
		sb_add(out, buf, utf8_encode(utf8_placeholder(cp), buf));
	else
		sb_add(out, buf, utf8_encode(cp, buf));
}

void emit_csv(struct strbuf *out, const char *s, size_t n, bool tsv)
{
	bool quote;

	if (!s)
		s = "", n = 0;
	quote = !tsv && csv_needs_quotes(s, n);
	if (quote)
		sb_addc(out, '"');
	if (n && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
	          s[0] == '\r'))
		sb_addc(out, '\'');
	for (size_t i = 0; i < n;) {
		size_t run = i;
		uint32_t cp;
		while (run < n && csv_safe_byte((unsigned char)s[run]))
			run++;
		if (run > i) { /* plain ASCII at once */
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		i += utf8_decode(s + i, n - i, &cp);
		csv_add_char(out, cp, tsv);
	}
	if (quote)
		sb_addc(out, '"');
}

void emit_eol(struct strbuf *out, bool tsv)
{
	sb_adds(out, tsv ? "\n" : "\r\n");
}

void emit_row_cell(struct emit_row *r, const char *s, size_t n)
{
	if (!r->first)
		sb_addc(r->out, r->tsv ? '\t' : ',');
	r->first = false;
	emit_csv(r->out, s, n, r->tsv);
}

void emit_row_s(struct emit_row *r, const char *s)
{
	emit_row_cell(r, s, s ? strlen(s) : 0);
}

void emit_row_num(struct emit_row *r, size_t v)
{
	if (!r->first)
		sb_addc(r->out, r->tsv ? '\t' : ',');
	r->first = false;
	sb_printf(r->out, "%zu", v);
}

void emit_row_join(struct emit_row *r, const char *const *v, size_t n, const char *sep)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			sb_adds(&sb, sep);
		sb_adds(&sb, v[i]);
	}
	emit_row_cell(r, sb.data, sb.len);
	sb_done(&sb);
}

void emit_row_end(struct emit_row *r)
{
	emit_eol(r->out, r->tsv);
	r->first = true;
}

/* ---- JSON ---- */

void emit_json(struct strbuf *out, const char *s, size_t n)
{
	sb_addc(out, '"');
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char buf[4];
		if (cp == '"' || cp == '\\')
			sb_printf(out, "\\%c", (char)cp);
		else if (cp == '\n')
			sb_adds(out, "\\n");
		else if (cp == '\t')
			sb_adds(out, "\\t");
		else if (cp == '\r')
			sb_adds(out, "\\r");
		else if (utf8_unsafe(cp))
			sb_printf(out, "\\u%04x", (unsigned)cp);
		else if (cp == UTF8_REPLACEMENT && k == 1)
			sb_adds(out, "\\ufffd");
		else
			sb_add(out, buf, utf8_encode(cp, buf));
		i += k;
	}
	sb_addc(out, '"');
}

void emit_json_s(struct strbuf *out, const char *s)
{
	emit_json(out, s ? s : "", s ? strlen(s) : 0);
}

void emit_json_or_null(struct strbuf *out, const char *s)
{
	if (s)
		emit_json_s(out, s);
	else
		sb_adds(out, "null");
}

void emit_json_list(struct strbuf *out, const char *const *v, size_t n)
{
	sb_addc(out, '[');
	for (size_t i = 0; i < n; i++) {
		sb_adds(out, i ? ", " : "");
		emit_json_s(out, v[i]);
	}
	sb_addc(out, ']');
}

/* ---- Markdown ---- */

void emit_md_cell(struct strbuf *out, const char *s)
{
	struct strbuf v = STRBUF_INIT;

	s = s ? s : "";
	utf8_sanitize_display(&v, s, strlen(s), false);
	for (size_t i = 0; i < v.len; i++) {
		if (v.data[i] == '|' || v.data[i] == '\\')
			sb_addc(out, '\\');
		sb_addc(out, v.data[i]);
	}
	sb_done(&v);
}

static bool is_punct(char c)
{
	return c > 0x20 && c < 0x7F &&
	       !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static bool is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (unsigned char)c >= 0x80;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\0';
}

/* entity_at: does s[i..n) start an HTML entity (&name; &#123; &#x1F;)? */
static bool entity_at(const char *s, size_t i, size_t n)
{
	size_t k = i + 1, start;

	if (k < n && s[k] == '#') {
		k++;
		if (k < n && (s[k] == 'x' || s[k] == 'X'))
			k++;
	}
	start = k;
	while (k < n && k - start < 32 && is_alnum(s[k]) && (unsigned char)s[k] < 0x80)
		k++;
	return k > start && k < n && s[k] == ';';
}

/* md_block_mark: the length of what, at the start of line s[i..e), Markdown would read as
 * a block (heading, list item, block quote, thematic break or setext underline), after at
 * most three spaces; the position to escape is returned in *at. 0: none. */
static bool md_block_mark(const char *s, size_t i, size_t e, size_t *at)
{
	size_t k = i, d;
	bool only = true;

	while (k < e && k - i < 3 && s[k] == ' ')
		k++;
	if (k >= e)
		return false;
	*at = k;
	if (s[k] == '>')
		return true;
	if ((s[k] == '-' || s[k] == '+' || s[k] == '*') && (k + 1 >= e || is_blank(s[k + 1])))
		return true;
	for (d = k; d < e && s[d] == '#'; d++)
		;
	if (d > k && d - k <= 6 && (d >= e || is_blank(s[d])))
		return true;
	for (d = k; d < e && d - k < 9 && s[d] >= '0' && s[d] <= '9'; d++)
		;
	if (d > k && d < e && (s[d] == '.' || s[d] == ')') && (d + 1 >= e || is_blank(s[d + 1]))) {
		*at = d;
		return true;
	}
	for (d = k; d < e; d++) /* --- === *** ___: a rule or an underline */
		only &= s[d] == ' ' || s[d] == '\t' || s[d] == s[k];
	return only && strchr("-=*_", s[k]);
}

/* md_escape: does character i of line s[b..e) need a backslash to be read as itself? */
static bool md_escape(const char *s, size_t b, size_t i, size_t e)
{
	char c = s[i], prev = i > b ? s[i - 1] : '\0', next = i + 1 < e ? s[i + 1] : '\0';

	switch (c) {
	case '\\': /* an escape before punctuation, a hard break at the end of a line */
		return next == '\0' || is_punct(next);
	case '`':
		return true;
	case '*':
	case '~': /* emphasis, strikethrough: not when it stands between spaces */
		return !(i > b && is_blank(prev) && is_blank(next));
	case '_': /* no emphasis inside a word */
		return !(is_alnum(prev) && is_alnum(next));
	case ']': /* a link, an image or a link reference definition */
		return next == '(' || next == '[' || next == ':';
	case '<': /* raw HTML or an autolink */
		return (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
		       next == '/' || next == '!' || next == '?';
	case '&':
		return entity_at(s, i, e);
	default:
		return false;
	}
}

void emit_md(struct strbuf *out, const char *s, size_t n, const char *line_prefix)
{
	struct strbuf v = STRBUF_INIT;

	utf8_sanitize_display(&v, s, n, line_prefix != NULL);
	for (size_t b = 0; b <= v.len;) {
		const char *nl = memchr(v.data + b, '\n', v.len - b);
		size_t e = nl ? (size_t)(nl - v.data) : v.len, mark = SIZE_MAX;
		if (!md_block_mark(v.data, b, e, &mark))
			mark = SIZE_MAX;
		for (size_t i = b; i < e; i++) {
			char c = v.data[i] == '\t' ? ' ' : v.data[i];
			if (i == mark || md_escape(v.data, b, i, e))
				sb_addc(out, '\\');
			sb_addc(out, c);
		}
		if (!nl)
			break;
		/* a hard break: the transcript's lines stay lines */
		sb_adds(out, e + 1 < v.len ? "\\\n" : "\n");
		sb_adds(out, line_prefix);
		b = e + 1;
	}
	sb_done(&v);
}

void emit_md_s(struct strbuf *out, const char *s)
{
	emit_md(out, s, strlen(s), NULL);
}

/* ---- HTML ---- */

void emit_html(struct strbuf *out, const char *s, size_t n, bool breaks)
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

void emit_html_s(struct strbuf *out, const char *s)
{
	emit_html(out, s, strlen(s), false);
}

/* ---- any format ---- */

void emit_text(struct strbuf *out, enum emit_format f, const char *s, size_t n)
{
	switch (f) {
	case EMIT_MARKDOWN:
		emit_md(out, s, n, NULL);
		break;
	case EMIT_HTML:
		emit_html(out, s, n, false);
		break;
	default:
		emit_safe(out, s, n);
	}
}

void emit_text_s(struct strbuf *out, enum emit_format f, const char *s)
{
	emit_text(out, f, s, strlen(s));
}

void emit_cite_begin(struct strbuf *out, enum emit_format f)
{
	sb_adds(out, f == EMIT_MARKDOWN ? "*" : f == EMIT_HTML ? "<cite>" : "");
}

void emit_cite_end(struct strbuf *out, enum emit_format f)
{
	sb_adds(out, f == EMIT_MARKDOWN ? "*" : f == EMIT_HTML ? "</cite>" : "");
}
