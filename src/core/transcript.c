/* transcript.c — load an interview transcript: clean text, front matter, lines, turns, words.
 *
 * Loading is a few linear passes with no per-character allocation: normalize the bytes
 * (BOM, CRLF, invalid UTF-8), split lines, parse the front matter, detect turns and count
 * words line by line. Turn detection looks at a bounded prefix of each line, so a huge
 * single line costs no more than its length. */
#include "gloss/transcript.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#if defined(__SSE2__) && defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "gloss/search.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/yamlx.h"

#define SPEAKER_MAX_CP 40
#define SPEAKER_MAX_WORDS 4

/* ---- normalization ---------------------------------------------------------------- */

struct norm {
	struct strbuf out;
	bool had_bom, had_crlf;
	size_t invalid;        /* bytes replaced */
	size_t first_bad_file; /* offset of the first bad byte in the file */
	size_t first_bad_out;  /* ... and in the normalized text */
	bool first_bad_nul;
};

static void norm_bad(struct norm *n, size_t file_off, bool nul)
{
	if (n->invalid == 0) {
		n->first_bad_file = file_off;
		n->first_bad_out = n->out.len;
		n->first_bad_nul = nul;
	}
	n->invalid++;
	sb_add(&n->out, "\xEF\xBF\xBD", 3);
}

static void normalize(struct norm *n, const char *buf, size_t len)
{
	size_t i = 0;

	memset(n, 0, sizeof(*n));
	grow_array((void **)&n->out.data, &n->out.cap, len + 1, 1);
	n->out.data[0] = '\0';
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		n->had_bom = true;
		i = 3;
	}
	while (i < len) {
		size_t r = i + utf8_clean_len(buf + i, len - i, true);

		sb_add(&n->out, buf + i, r - i);
		i = r;
		if (i >= len)
			break;
		if (buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n') {
			n->had_crlf = true;
			sb_addc(&n->out, '\n');
			i += 2;
		} else if (buf[i] == '\r') {
			sb_addc(&n->out, '\r');
			i++;
		} else {
			norm_bad(n, i, buf[i] == '\0');
			i++;
		}
	}
}

/* ---- lines ------------------------------------------------------------------------- */

#if defined(__SSE2__) && defined(__x86_64__)
/* count_cp: code points in valid UTF-8: every byte but a continuation byte (10xxxxxx, as a
 * signed byte below -64) starts one. Sixteen bytes at a time, summed every 255 blocks. */
static size_t count_cp(const char *s, size_t n)
{
	const __m128i cont_max = _mm_set1_epi8(-65), zero = _mm_setzero_si128();
	size_t c = 0, i = 0;

	while (i + 16 <= n) {
		__m128i acc = zero, sum;
		for (int k = 0; k < 255 && i + 16 <= n; k++, i += 16) {
			__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
			acc = _mm_sub_epi8(acc, _mm_cmpgt_epi8(x, cont_max));
		}
		sum = _mm_sad_epu8(acc, zero);
		c += (size_t)_mm_cvtsi128_si64(sum) +
		     (size_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(sum, sum));
	}
	for (; i < n; i++)
		c += (signed char)s[i] > -65;
	return c;
}
#else
#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

static uint64_t load64(const char *p)
{
	uint64_t x;

	memcpy(&x, p, sizeof(x));
	return x;
}

static size_t count_cp(const char *s, size_t n)
{
	size_t c = 0, i = 0;

	/* every byte but a continuation byte (10xxxxxx) starts a code point; the text is
	 * valid UTF-8 here, so counting lead bytes is exact */
	for (; i + 8 <= n; i += 8) {
		uint64_t x = load64(s + i);
		uint64_t cont = (x & ~(x << 1) & HIGHS) >> 7; /* 1 in each continuation byte */
		c += 8 - (size_t)((cont * ONES) >> 56);
	}
	for (; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

#endif

static void split_lines(struct transcript *t)
{
	size_t cap = 0, off = 0, cp = 0;

	for (;;) {
		const char *nl = memchr(t->text + off, '\n', t->len - off);
		size_t len = nl ? (size_t)(nl - (t->text + off)) : t->len - off;
		struct tline ln = {off, len, cp, off, 0, -1, false};

		if (!nl && len == 0 && t->nlines > 0)
			break; /* text ends with LF: no empty last line */
		VEC_PUSH(t->lines, t->nlines, cap, ln);
		cp += count_cp(t->text + off, len) + (nl ? 1 : 0);
		if (!nl)
			break;
		off += len + 1;
	}
	t->ncp = cp;
}

/* line_is: the line s[off..end) is word followed by nothing but blanks */
static bool line_is(const char *s, size_t off, size_t end, const char *word)
{
	size_t n = strlen(word);

	if (end - off < n || memcmp(s + off, word, n) != 0)
		return false;
	for (size_t k = off + n; k < end; k++)
		if (s[k] != ' ' && s[k] != '\t')
			return false;
	return true;
}

static bool line_blank(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t' && s[k] != '\r')
			return false;
	return true;
}

/* ---- front matter ------------------------------------------------------------------ */

static void add_attr(struct transcript *t, size_t *cap, const struct yamlx_node *k,
                     const struct yamlx_node *v, struct diags *d)
{
	struct attr a;

	if (k->type != YX_SCALAR) {
		diag_add(d, DIAG_WARNING, DK_SYNTAX, t->path, k->line, k->col,
		         "front matter key is %s, not a name (ignored)", yamlx_type_name(k));
		return;
	}
	if (v->type != YX_SCALAR) {
		diag_add(d, DIAG_WARNING, DK_UNKNOWN, t->path, v->line, v->col,
		         "attribute '%s' is %s; only plain values are used (ignored)", k->str,
		         yamlx_type_name(v));
		return;
	}
	a.key = xstrndup(k->str, strlen(k->str));
	a.value = xstrndup(v->str, strlen(v->str));
	VEC_PUSH(t->attrs, t->nattrs, *cap, a);
}

static void front_attrs(struct transcript *t, const struct yamlx_node *root, struct diags *d)
{
	size_t cap = 0;

	if (!root)
		return;
	if (root->type != YX_MAP) {
		diag_add(d, DIAG_WARNING, DK_SYNTAX, t->path, root->line, root->col,
		         "front matter is %s, not a mapping of attributes (ignored)",
		         yamlx_type_name(root));
		return;
	}
	for (size_t i = 0; i < root->n; i++)
		add_attr(t, &cap, root->keys[i], root->items[i], d);
}

/* parse_yaml: load the front matter (from its opening "---", so YAML lines are the file's
 * lines); its errors become warnings. */
static void parse_yaml(struct transcript *t, size_t from, size_t to, struct diags *d)
{
	struct yamlx_doc doc;
	struct diags tmp;

	memset(&doc, 0, sizeof(doc));
	diags_init(&tmp);
	if (yamlx_load(&doc, t->text + from, to - from, t->path, &tmp))
		front_attrs(t, doc.root, d);
	for (size_t i = 0; i < tmp.len; i++) {
		const struct diag *g = &tmp.items[i];
		diag_add(d, DIAG_WARNING, g->kind, t->path, g->line, g->col, "front matter: %s",
		         g->msg);
	}
	diags_done(&tmp);
	yamlx_free(&doc);
}

/* front_matter: a text that starts with a "---" line closed by a "---" or "..." line has
 * front matter: t->body is set after it and, with lines, its attributes are read and its
 * lines marked (a text-only load needs the body alone). */
static void front_matter(struct transcript *t, bool lines, struct diags *d)
{
	const char *s = t->text, *nl = memchr(s, '\n', t->len);
	size_t nline = 1, off, end;

	t->body = 0;
	if (!nl || !line_is(s, 0, (size_t)(nl - s), "---"))
		return;
	for (off = (size_t)(nl - s) + 1;; off = end + 1, nline++) {
		if (off >= t->len)
			return; /* not closed: no front matter */
		nl = memchr(s + off, '\n', t->len - off);
		end = nl ? (size_t)(nl - s) : t->len;
		if (line_is(s, off, end, "---") || line_is(s, off, end, "..."))
			break;
	}
	t->body = end < t->len ? end + 1 : t->len;
	if (!lines)
		return;
	for (size_t i = 0; i <= nline; i++)
		t->lines[i].front = true;
	parse_yaml(t, 0, off, d);
}

/* ---- turns ------------------------------------------------------------------------- */

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* digits: parse 1..max digits at s[*i] (bounded by e); false if none. */
static bool digits(const char *s, size_t *i, size_t e, size_t min, size_t max, long *v)
{
	size_t n = 0;

	*v = 0;
	while (*i < e && n < max && is_digit(s[*i])) {
		*v = *v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n >= min && !(*i < e && is_digit(s[*i]));
}

/* parse_clock: "h:mm:ss", "hh:mm:ss" or "mm:ss" with an optional .ddd/,ddd fraction at
 * s[*i]; sets *i past it and *secs. */
static bool parse_clock(const char *s, size_t *pi, size_t e, double *secs)
{
	long a, b, c = 0, frac = 0;
	size_t fstart, i = *pi;
	bool three = false;

	if (!digits(s, &i, e, 1, 2, &a) || i >= e || s[i] != ':')
		return false;
	i++;
	if (!digits(s, &i, e, 2, 2, &b) || b > 59)
		return false;
	if (i < e && s[i] == ':') {
		i++;
		if (!digits(s, &i, e, 2, 2, &c) || c > 59)
			return false;
		three = true;
	}
	if (i < e && (s[i] == '.' || s[i] == ',')) {
		i++;
		fstart = i;
		if (!digits(s, &i, e, 1, 3, &frac))
			return false;
		*secs = (double)frac;
		for (size_t k = fstart; k < i; k++)
			*secs /= 10;
	} else {
		*secs = 0;
	}
	*secs += three ? a * 3600.0 + b * 60.0 + c : a * 60.0 + b;
	*pi = i;
	return true;
}

/* parse_timestamp: "[" clock "]" at s[i] == '['; sets *after to the byte after ']'. */
static bool parse_timestamp(const char *s, size_t i, size_t e, size_t *after, double *secs)
{
	i++;
	if (!parse_clock(s, &i, e, secs) || i >= e || s[i] != ']')
		return false;
	*after = i + 1;
	return true;
}

static bool speaker_word_start(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp >= 0x80 && utf8_is_word(cp));
}

/* speaker_end: scan a speaker name at s[i..e) up to its ':'; returns the offset of the
 * colon or 0 when this is not a name. strict: the 1-4 capitalised words rule. */
static size_t speaker_end(const char *s, size_t i, size_t e, bool strict)
{
	size_t ncp = 0, words = 0;
	bool at_word_start = true;

	while (i < e && ncp <= SPEAKER_MAX_CP) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = cp < 0x80 ? 1 : utf8_decode(s + i, e - i, &cp);

		if (cp == ':')
			return ncp > 0 && !at_word_start ? i : 0;
		if (cp < 0x80 ? cp >= '\t' && cp <= '\r' : utf8_is_space(cp)) /* not ' ' */
			return 0;
		if (strict && cp == ' ') {
			if (at_word_start)
				return 0; /* leading or double space */
			at_word_start = true;
		} else if (at_word_start) {
			if (strict && (!speaker_word_start(cp) || ++words > SPEAKER_MAX_WORDS))
				return 0;
			at_word_start = cp == ' ';
		}
		ncp++;
		i += k;
	}
	return 0;
}

static bool colon_ok(const char *s, size_t i, size_t e)
{
	return i + 1 >= e || s[i + 1] == ' ' || s[i + 1] == '\t';
}

static size_t skip_blanks(const char *s, size_t i, size_t e)
{
	while (i < e && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* A turn label's speaker and timestamp, as byte ranges of the text; below: the label is
 * alone on its line and the turn's text starts on the next non-blank line. */
struct label {
	size_t name, name_end, ts, ts_end;
	bool below;
};

/* strict_turn: the label gloss has always read, "[ts] SPEAKER: " at the line start with
 * SPEAKER 1-4 capitalised words (any name after a timestamp). Fills the turn's label fields
 * and *lb (ts == ts_end without a timestamp). */
static bool strict_turn(const struct transcript *t, size_t off, size_t e, struct turn *tu,
                        struct label *lb)
{
	const char *s = t->text;
	size_t i = off, name, colon, name_end, ts_end = off;
	bool has_ts = false;

	tu->seconds = -1;
	if (i < e && s[i] == '[') {
		if (!parse_timestamp(s, i, e, &i, &tu->seconds))
			return false;
		has_ts = true;
		ts_end = i - 1; /* the ']' */
		i = skip_blanks(s, i, e);
	}
	name = i;
	colon = speaker_end(s, i, e, !has_ts);
	if (!colon || !colon_ok(s, colon, e))
		return false;
	name_end = colon;
	while (name_end > name && s[name_end - 1] == ' ')
		name_end--;
	if (name_end == name)
		return false;
	lb->name = name;
	lb->name_end = name_end;
	lb->ts = has_ts ? off + 1 : off;
	lb->ts_end = has_ts ? ts_end : off;
	tu->label_off = off;
	tu->label_end = skip_blanks(s, colon + 1, e);
	return true;
}

/* ---- labels as real transcripts write them ------------------------------------------
 * Tried after the strict label fails, so a line that was a turn stays the same turn:
 * leading blanks, blanks (also no-break spaces, as French writes them) before the colon, a
 * lower-case name when it is a known role word (optionally numbered) or one of the
 * project's speakers (gloss.yaml), the project's speaker_pattern, and the header layout
 * of Otter and Rev exports ("Speaker 1  0:05" alone on a line, the text below). */

static const char *const role_words[] = {
    "interviewer",    "interviewee",  "respondent",
    "participant",    "speaker",      "moderator",
    "facilitator",    "researcher",   "informant",
    "subject",        "int",          "resp",
    "enquêteur",      "enquêtrice",   "enquêté",
    "enquêtée",       "intervieweur", "intervieweuse",
    "interviewé",     "interviewée",  "chercheur",
    "chercheuse",     "participante", "répondant",
    "répondante",     "animateur",    "animatrice",
    "befragte",       "befragter",    "entrevistador",
    "entrevistadora", "entrevistado", "entrevistada",
};

/* blank_len: the length of a blank at s[i] (space, tab, U+00A0, U+202F), else 0 */
static size_t blank_len(const char *s, size_t i, size_t e)
{
	if (i < e && (s[i] == ' ' || s[i] == '\t'))
		return 1;
	if (i + 1 < e && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0)
		return 2;
	if (i + 2 < e && memcmp(s + i, "\xE2\x80\xAF", 3) == 0)
		return 3;
	return 0;
}

static size_t skip_any_blanks(const char *s, size_t i, size_t e)
{
	size_t k;

	while ((k = blank_len(s, i, e)) != 0)
		i += k;
	return i;
}

/* trim_blanks: the end of s[a..b) without trailing blanks */
static size_t trim_blanks(const char *s, size_t a, size_t b)
{
	for (;;) {
		if (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
			b--;
		else if (b >= a + 2 && blank_len(s, b - 2, b) == 2)
			b -= 2;
		else if (b >= a + 3 && blank_len(s, b - 3, b) == 3)
			b -= 3;
		else
			return b;
	}
}

static bool ascii_caseeq(const char *a, size_t n, const char *b, size_t bn)
{
	if (n != bn)
		return false;
	for (size_t i = 0; i < n; i++) {
		char x = a[i] >= 'A' && a[i] <= 'Z' ? (char)(a[i] + 32) : a[i];
		char y = b[i] >= 'A' && b[i] <= 'Z' ? (char)(b[i] + 32) : b[i];
		if (x != y)
			return false;
	}
	return true;
}

/* capitalised: 1-4 words, each starting with an uppercase letter, a digit or a non-ASCII
 * letter, single spaces between them (the strict rule's name) */
static bool capitalised(const char *s, size_t a, size_t b)
{
	size_t words = 0;
	bool start = true;

	while (a < b) {
		uint32_t cp = (unsigned char)s[a];
		size_t k = cp < 0x80 ? 1 : utf8_decode(s + a, b - a, &cp);
		if (cp == ' ') {
			if (start)
				return false;
			start = true;
		} else if (start) {
			if (!speaker_word_start(cp) || ++words > SPEAKER_MAX_WORDS)
				return false;
			start = false;
		} else if (cp < 0x80 ? cp < ' ' : utf8_is_space(cp)) {
			return false;
		}
		a += k;
	}
	return words > 0 && !start;
}

/* role_name: a role word in any case, optionally numbered ("interviewer 2", "int1") */
static bool role_name(const char *s, size_t a, size_t b)
{
	while (b > a && s[b - 1] >= '0' && s[b - 1] <= '9')
		b--;
	if (b > a && s[b - 1] == ' ')
		b--;
	for (size_t i = 0; i < ARRAY_LEN(role_words); i++)
		if (ascii_caseeq(s + a, b - a, role_words[i], strlen(role_words[i])))
			return true;
	return false;
}

static bool known_name(const struct transcript *t, const char *s, size_t a, size_t b)
{
	for (size_t i = 0; i < t->rules.nnames; i++)
		if (ascii_caseeq(s + a, b - a, t->rules.names[i], strlen(t->rules.names[i])))
			return true;
	return false;
}

static bool name_ok(const struct transcript *t, size_t a, size_t b)
{
	const char *s = t->text;

	return b > a && b - a <= 4 * SPEAKER_MAX_CP &&
	       (capitalised(s, a, b) || role_name(s, a, b) || known_name(t, s, a, b));
}

static void set_label(struct turn *tu, struct label *lb, size_t off, size_t name, size_t name_end,
                      size_t label_end)
{
	lb->name = name;
	lb->name_end = name_end;
	lb->ts = lb->ts_end = off;
	lb->below = false;
	tu->label_off = off;
	tu->label_end = label_end;
}

/* loose_turn: "  Name :" — a name, then blanks, then the colon */
static bool loose_turn(const struct transcript *t, size_t off, size_t e, struct turn *tu,
                       struct label *lb)
{
	const char *s = t->text;
	size_t i = skip_any_blanks(s, off, e),
	       lim = e - i > 4 * SPEAKER_MAX_CP + 8 ? i + 4 * SPEAKER_MAX_CP + 8 : e;
	const char *colon = memchr(s + i, ':', lim - i);
	size_t c, name_end;

	if (!colon)
		return false;
	c = (size_t)(colon - s);
	name_end = trim_blanks(s, i, c);
	if (!colon_ok(s, c, e) || !name_ok(t, i, name_end))
		return false;
	set_label(tu, lb, off, i, name_end, skip_blanks(s, c + 1, e));
	return true;
}

/* header_turn: "Speaker 1  0:05", "Name (00:01:02):" or "Name [0:05]" alone on a line */
static bool header_turn(const struct transcript *t, size_t off, size_t e, struct turn *tu,
                        struct label *lb)
{
	const char *s = t->text;
	size_t i = skip_any_blanks(s, off, e), r = trim_blanks(s, off, e), c, ts, name_end;
	char close = 0;

	if (r > i && s[r - 1] == ':')
		r--;
	if (r > i && (s[r - 1] == ')' || s[r - 1] == ']'))
		close = s[--r];
	for (c = r; c > i && ((s[c - 1] >= '0' && s[c - 1] <= '9') || strchr(":.,", s[c - 1])); c--)
		;
	ts = c;
	if (c == r || !parse_clock(s, &ts, r, &tu->seconds) || ts != r)
		return false;
	if (close && (c == i || s[c - 1] != (close == ')' ? '(' : '[')))
		return false;
	name_end = trim_blanks(s, i, close ? c - 1 : c);
	if (name_end == (close ? c - 1 : c) || !name_ok(t, i, name_end))
		return false; /* the name and the time are apart */
	set_label(tu, lb, off, i, name_end, e);
	lb->ts = c;
	lb->ts_end = r;
	lb->below = true;
	return true;
}

/* pattern_turn: the project's speaker_pattern matches at the line start; the speaker is its
 * first group, else the match without a trailing colon */
static bool pattern_turn(const struct transcript *t, size_t off, size_t e, struct turn *tu,
                         struct label *lb)
{
	const char *s = t->text;
	size_t ms, me, gs, ge;
	enum search_result r = search_exec(t->speaker_re, s + off, e - off, 0, &ms, &me);

	if (r < 0) { /* only while loading (speaker_re is freed after): t is being made */
		struct transcript *w = (struct transcript *)t;
		if (w->pattern_limited++ == 0)
			w->pattern_first = transcript_line_at(t, off);
	}
	if (r != SEARCH_FOUND || ms != 0 || me == 0)
		return false;
	if (!search_group(t->speaker_re, 1, &gs, &ge)) {
		gs = 0;
		ge = trim_blanks(s + off, 0, me);
		if (ge > 0 && s[off + ge - 1] == ':')
			ge = trim_blanks(s + off, 0, ge - 1);
	}
	gs += off;
	ge += off;
	if (ge <= gs || ge > e)
		return false;
	set_label(tu, lb, off, gs, ge, skip_any_blanks(s, off + me, e));
	lb->below = tu->label_end == e;
	return true;
}

/* turn_start: does the line at [off, e) start a turn? Fills the turn's label fields and
 * *lb (ts == ts_end without a timestamp). */
static bool turn_start(const struct transcript *t, size_t off, size_t e, struct turn *tu,
                       struct label *lb)
{
	lb->below = false;
	if (strict_turn(t, off, e, tu, lb))
		return true;
	tu->seconds = -1;
	if (off == e)
		return false;
	if (t->speaker_re && pattern_turn(t, off, e, tu, lb))
		return true;
	if (loose_turn(t, off, e, tu, lb))
		return true;
	tu->seconds = -1;
	return header_turn(t, off, e, tu, lb);
}

/* The speakers and timestamps of a transcript's turns are kept in one block (t->turn_strs)
 * rather than as two allocations a turn; a speaker seen recently is stored once. */
#define RECENT_SPEAKERS 8

struct turn_strs {
	struct strbuf sb;
	size_t *at; /* per turn: offset of its speaker, offset of its timestamp or SIZE_MAX */
	size_t cap;
	size_t recent[RECENT_SPEAKERS], recent_len[RECENT_SPEAKERS]; /* speakers stored */
	size_t nrecent, next;
};

static size_t put_str(struct turn_strs *ts, const char *s, size_t n)
{
	size_t at = ts->sb.len;

	sb_add(&ts->sb, s, n);
	sb_addc(&ts->sb, '\0');
	return at;
}

static size_t put_speaker(struct turn_strs *ts, const char *s, size_t n)
{
	for (size_t k = 0; k < ts->nrecent; k++)
		if (ts->recent_len[k] == n && memcmp(ts->sb.data + ts->recent[k], s, n) == 0)
			return ts->recent[k];
	ts->recent_len[ts->next % RECENT_SPEAKERS] = n;
	ts->recent[ts->next++ % RECENT_SPEAKERS] = ts->sb.len;
	if (ts->nrecent < RECENT_SPEAKERS)
		ts->nrecent++;
	return put_str(ts, s, n);
}

static void add_turn_strs(struct turn_strs *ts, size_t turn, const char *text,
                          const struct label *lb)
{
	grow_array((void **)&ts->at, &ts->cap, 2 * (turn + 1), sizeof(size_t));
	ts->at[2 * turn] = put_speaker(ts, text + lb->name, lb->name_end - lb->name);
	ts->at[2 * turn + 1] =
	    lb->ts_end > lb->ts ? put_str(ts, text + lb->ts, lb->ts_end - lb->ts) : SIZE_MAX;
}

static void set_turn_strs(struct transcript *t, struct turn_strs *ts)
{
	t->turn_strs = sb_detach(&ts->sb);
	for (size_t i = 0; i < t->nturns; i++) {
		t->turns[i].speaker = t->turn_strs + ts->at[2 * i];
		t->turns[i].timestamp =
		    ts->at[2 * i + 1] == SIZE_MAX ? NULL : t->turn_strs + ts->at[2 * i + 1];
	}
	free(ts->at);
}

size_t transcript_content_start(const struct transcript *t, size_t off, size_t end)
{
	struct turn tu;
	struct label lb;

	if (t->nlines) {
		const struct tline *ln = &t->lines[transcript_line_at(t, off)];
		if (ln->off == off)
			return ln->front ? off : ln->content;
	}
	return turn_start(t, off, end, &tu, &lb) ? tu.label_end : off;
}

static void find_turns(struct transcript *t)
{
	struct turn_strs ts = {STRBUF_INIT, NULL, 0, {0}, {0}, 0, 0};
	size_t cap = 0;
	int cur = -1;
	bool below = false;

	for (size_t i = 0; i < t->nlines; i++) {
		struct tline *ln = &t->lines[i];
		struct turn tu;
		struct label lb;

		if (ln->front)
			continue;
		memset(&tu, 0, sizeof(tu));
		if (turn_start(t, ln->off, ln->off + ln->len, &tu, &lb)) {
			tu.line_first = tu.line_last = i;
			tu.start = tu.label_end;
			tu.end = ln->off + ln->len;
			add_turn_strs(&ts, t->nturns, t->text, &lb);
			VEC_PUSH(t->turns, t->nturns, cap, tu);
			cur = (int)t->nturns - 1;
			ln->content = tu.label_end;
			below = lb.below;
		} else if (cur >= 0 && !line_blank(t->text + ln->off, ln->len)) {
			if (below) /* the header layout: the text starts on this line */
				t->turns[cur].start = ln->off;
			below = false;
			t->turns[cur].line_last = i;
			t->turns[cur].end = ln->off + ln->len;
		}
		ln->turn = cur;
	}
	set_turn_strs(t, &ts);
}

/* ---- words ------------------------------------------------------------------------- */

bool transcript_is_joiner(uint32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static uint32_t cp_at(const struct transcript *t, size_t p, size_t *k)
{
	uint32_t cp;

	*k = utf8_decode(t->text + p, t->len - p, &cp);
	return cp;
}

/* in_label: byte p is in the speaker label of its line */
static bool in_label(const struct transcript *t, size_t p)
{
	const struct tline *tl = &t->lines[transcript_line_at(t, p)];

	return !tl->front && tl->turn >= 0 && p >= tl->off && p < tl->content;
}

bool transcript_in_word(const struct transcript *t, size_t p)
{
	size_t k, k2;
	uint32_t cp;

	if (p >= t->len || in_label(t, p))
		return false;
	cp = cp_at(t, p, &k);
	if (utf8_is_word(cp))
		return true;
	return transcript_is_joiner(cp) && p > 0 && p + k < t->len &&
	       utf8_is_word(cp_at(t, utf8_prev(t->text, p), &k2)) &&
	       utf8_is_word(cp_at(t, p + k, &k2));
}

size_t transcript_next_in_word(const struct transcript *t, size_t p)
{
	size_t k;

	while (p < t->len && !transcript_in_word(t, p))
		p += (cp_at(t, p, &k), k);
	return p;
}

void transcript_word_bounds(const struct transcript *t, size_t p, size_t *s, size_t *e)
{
	size_t k;

	p = transcript_next_in_word(t, p);
	*s = *e = p;
	while (*s > 0 && transcript_in_word(t, utf8_prev(t->text, *s)))
		*s = utf8_prev(t->text, *s);
	while (*e < t->len && transcript_in_word(t, *e))
		*e += (cp_at(t, *e, &k), k);
}

/* byte classes for the word scanner: other, word character, ASCII joiner, non-ASCII lead */
enum { BC_OTHER, BC_WORD, BC_JOIN, BC_HIGH };

/* The class of each byte, as a constant table so that loading transcripts in parallel
 * shares no mutable state: digits and ASCII letters are word characters, ' and - join, and
 * every byte from 0x80 starts or continues a non-ASCII character (the slow path). */
/* clang-format off */
#define O BC_OTHER
#define W BC_WORD
#define J BC_JOIN
#define H BC_HIGH
static const unsigned char byte_class_tab[256] = {
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
	O, O, O, O, O, O, O, O, O, O, O, O, O, O, O, O,
	O, O, O, O, O, O, O, J, O, O, O, O, O, J, O, O,
	W, W, W, W, W, W, W, W, W, W, O, O, O, O, O, O,
	O, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O,
	O, W, W, W, W, W, W, W, W, W, W, W, W, W, W, W,
	W, W, W, W, W, W, W, W, W, W, W, O, O, O, O, O,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
	H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H,
};
#undef H
#undef O
#undef W
#undef J
/* clang-format on */

static const unsigned char *byte_classes(void)
{
	return byte_class_tab;
}

/* word_starts: count words that start in [from, to) while scanning s[scan, end): the scan
 * begins at a position where no word is in progress (a line's content start). A word
 * starts at a word character whose previous character is neither a word character nor a
 * joiner that follows a word character ("don't", "long-term" are one word). This loop is
 * most of the time gloss spends loading a transcript, so the state is the last two
 * characters' classes in registers (no table lookup in the dependency chain, no branch on
 * word boundaries); only non-ASCII characters take the decoding branch. */
static size_t word_starts(const char *s, size_t scan, size_t end, size_t from, size_t to)
{
	const unsigned char *tab = byte_classes();
	unsigned w1 = 0, w2 = 0, j1 = 0;
	size_t n = 0, i = scan;

	if (to > end)
		to = end;
	while (i < to) {
		unsigned char b = (unsigned char)s[i];
		size_t at = i;
		unsigned c, w, j;

		if (b < 0x80) {
			c = tab[b];
			i++;
		} else {
			uint32_t cp;
			i += utf8_decode(s + i, end - i, &cp);
			c = utf8_is_word(cp)           ? BC_WORD
			    : transcript_is_joiner(cp) ? BC_JOIN
			                               : BC_OTHER;
		}
		w = c == BC_WORD;
		j = c == BC_JOIN;
		n += w & !w1 & !(j1 & w2) & (at >= from);
		w2 = w1;
		w1 = w;
		j1 = j;
	}
	return n;
}

static size_t line_words(const struct transcript *t, size_t i, size_t from, size_t to)
{
	const struct tline *ln = &t->lines[i];

	if (ln->front)
		return 0;
	return word_starts(t->text, ln->content, ln->off + ln->len, from, to);
}

static void count_words(struct transcript *t)
{
	size_t total = 0;

	for (size_t i = 0; i < t->nlines; i++) {
		t->lines[i].words_before = total;
		total += line_words(t, i, 0, SIZE_MAX);
	}
	t->words = total;
}

/* ---- loading ----------------------------------------------------------------------- */

static void report_encoding(const struct transcript *t, const struct norm *n, struct diags *d)
{
	size_t line = 0, ls = 0, col;

	if (n->invalid == 0)
		return;
	for (const char *p = t->text, *e = t->text + n->first_bad_out;
	     (p = memchr(p, '\n', (size_t)(e - p))) != NULL; p++) {
		line++;
		ls = (size_t)(p - t->text) + 1;
	}
	col = count_cp(t->text + ls, n->first_bad_out - ls);
	diag_add(d, DIAG_WARNING, DK_ENCODING, t->path, (unsigned)(line + 1), (unsigned)(col + 1),
	         "%s (byte offset %zu in the file; %zu byte%s shown as U+FFFD)",
	         n->first_bad_nul ? "NUL byte" : "invalid UTF-8", n->first_bad_file, n->invalid,
	         n->invalid == 1 ? "" : "s");
}

/* load_text: the text of t from buf, taking buf over when it needs no change (the usual
 * case: no BOM, CR, NUL or invalid byte), so a large transcript is not held twice. */
static void load_text(struct transcript *t, char *buf, size_t len, bool owned, struct norm *n)
{
	bool bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0;

	if (owned && !bom && utf8_clean_len(buf, len, true) == len) {
		memset(n, 0, sizeof(*n));
		t->text = buf;
		t->len = len;
		return;
	}
	normalize(n, buf, len);
	t->len = n->out.len;
	t->text = sb_detach(&n->out);
	if (owned)
		free(buf);
}

/* compile_rules: the project's speaker_pattern, for this transcript's thread */
static void compile_rules(struct transcript *t, const struct speaker_rules *r)
{
	char err[256];
	size_t off;

	if (!r)
		return;
	t->rules = *r;
	if (r->pattern)
		t->speaker_re = search_new(r->pattern, SEARCH_THREAD | SEARCH_EXACT_QUOTES, err,
		                           sizeof(err), &off);
}

static struct transcript *load(char *buf, size_t len, bool owned, const char *path, unsigned flags,
                               const struct speaker_rules *r, struct diags *d)
{
	struct transcript *t = xcalloc(1, sizeof(*t));
	struct norm n;

	compile_rules(t, r);
	t->path = xstrdup(path);
	t->name = path_stem(path);
	load_text(t, buf, len, owned, &n);
	t->had_bom = n.had_bom;
	t->had_crlf = n.had_crlf;
	t->invalid_bytes = n.invalid;
	report_encoding(t, &n, d);
	if (flags & TRANSCRIPT_TEXT_ONLY) {
		front_matter(t, false, d);
		return t;
	}
	split_lines(t);
	front_matter(t, true, d);
	find_turns(t);
	if (t->pattern_limited)
		diag_add(d, DIAG_WARNING, DK_UNKNOWN, t->path, (unsigned)t->pattern_first + 1, 1,
		         "speaker_pattern needs too much backtracking from this line on (%zu lines "
		         "in all): they were not tested as speaker labels (simplify the pattern in "
		         "gloss.yaml)",
		         t->pattern_limited);
	search_free(t->speaker_re); /* lines[].content holds what it found */
	t->speaker_re = NULL;
	if (!(flags & TRANSCRIPT_NO_WORDS))
		count_words(t);
	return t;
}

struct transcript *transcript_load_mem(const char *buf, size_t len, const char *path,
                                       struct diags *d)
{
	return load((char *)buf, len, false, path, 0, NULL, d);
}

struct transcript *transcript_load_mem_flags(const char *buf, size_t len, const char *path,
                                             unsigned flags, struct diags *d)
{
	return load((char *)buf, len, false, path, flags, NULL, d);
}

struct transcript *transcript_load_mem_rules(const char *buf, size_t len, const char *path,
                                             unsigned flags, const struct speaker_rules *r,
                                             struct diags *d)
{
	return load((char *)buf, len, false, path, flags, r, d);
}

struct transcript *transcript_load(const char *path, struct diags *d)
{
	return transcript_load_flags(path, 0, d);
}

struct transcript *transcript_load_flags(const char *path, unsigned flags, struct diags *d)
{
	return transcript_load_rules(path, flags, NULL, d);
}

struct transcript *transcript_load_rules(const char *path, unsigned flags,
                                         const struct speaker_rules *r, struct diags *d)
{
	struct stat st;
	size_t len;
	char *buf;

	if (stat(path, &st) < 0) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read transcript: %s",
		         strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0,
		         "cannot read transcript: not a regular file");
		return NULL;
	}
	buf = read_file(path, TRANSCRIPT_MAX_SIZE, &len);
	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read transcript: %s",
		         errno == EFBIG ? "file too large" : strerror(errno));
		return NULL;
	}
	return load(buf, len, true, path, flags, r, d);
}

void transcript_free(struct transcript *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nattrs; i++) {
		free(t->attrs[i].key);
		free(t->attrs[i].value);
	}
	search_free(t->speaker_re);
	free(t->turn_strs);
	free(t->attrs);
	free(t->turns);
	free(t->lines);
	free(t->text);
	free(t->name);
	free(t->path);
	free(t);
}

/* ---- labels no rule reads ------------------------------------------------------------ */

/* guess_name: the name of a label-like line at [off, e), as [*a, *b); false if none */
static bool guess_name(const char *s, size_t off, size_t e, size_t *a, size_t *b)
{
	size_t i = skip_any_blanks(s, off, e),
	       lim = e - i > 4 * SPEAKER_MAX_CP ? i + 4 * SPEAKER_MAX_CP : e;
	const char *colon = memchr(s + i, ':', lim - i);
	size_t c, words = 0, ncp = 0;

	if (!colon)
		return false;
	c = (size_t)(colon - s);
	*a = i;
	*b = trim_blanks(s, i, c);
	if (*b == *a || !colon_ok(s, c, e))
		return false;
	for (size_t k = *a; k < *b; k++) {
		unsigned char ch = (unsigned char)s[k];
		if ((ch & 0xC0) != 0x80)
			ncp++;
		if (ch == ' ' && s[k - 1] != ' ')
			words++;
		if (ch == '\t' || ch == '/' || ch == '.' || ch == ',' || ch == '?' || ch == '!')
			return false;
	}
	return ncp <= SPEAKER_MAX_CP && words < SPEAKER_MAX_WORDS;
}

static void guess_add(struct transcript_guess *g, const char *s, size_t a, size_t b)
{
	for (size_t k = 0; k < g->nnames; k++)
		if (ascii_caseeq(g->names[k], strlen(g->names[k]), s + a, b - a))
			return;
	if (g->nnames == TRANSCRIPT_GUESS_NAMES) {
		g->more = true;
		return;
	}
	memcpy(g->names[g->nnames], s + a, b - a);
	g->names[g->nnames++][b - a] = '\0';
}

size_t transcript_label_guess(const struct transcript *t, struct transcript_guess *g)
{
	memset(g, 0, sizeof(*g));
	if (t->nturns)
		return 0;
	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *ln = &t->lines[i];
		size_t a, b;
		if (ln->front || line_blank(t->text + ln->off, ln->len))
			continue;
		g->nonblank++;
		if (!guess_name(t->text, ln->off, ln->off + ln->len, &a, &b))
			continue;
		if (g->lines++ == 0)
			g->first_line = i;
		guess_add(g, t->text, a, b);
	}
	return g->lines;
}

/* unread_name: a label-like start of the line [off, e) as meeting software writes names,
 * as [*a, *b); false if none */
static bool unread_name(const char *s, size_t off, size_t e, size_t *a, size_t *b)
{
	size_t i = skip_any_blanks(s, off, e), ncp = 0, words = 0;
	bool start = true;

	*a = i;
	for (; i < e && ncp <= SPEAKER_MAX_CP; ncp++) {
		uint32_t cp = (unsigned char)s[i];
		size_t k = cp < 0x80 ? 1 : utf8_decode(s + i, e - i, &cp);
		if (cp == ':') {
			*b = trim_blanks(s, *a, i);
			return words > 0 && *b > *a && colon_ok(s, i, e);
		}
		if (cp == ' ') {
			start = true;
		} else if (!((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
		             (cp >= '0' && cp <= '9') ||
		             (cp && cp < 0x80 && strchr("().'-&,_", (int)cp)) ||
		             (cp >= 0x80 && utf8_is_word(cp)))) {
			return false;
		} else if (start) {
			if (++words > 6 || (words == 1 && cp == '('))
				return false;
			start = false;
		}
		i += k;
	}
	return false;
}

struct unread {
	char *name; /* ASCII case folded */
	size_t line;
};

static int unread_cmp(const void *x, const void *y)
{
	const struct unread *p = x, *q = y;
	int r = strcmp(p->name, q->name);
	return r ? r : (p->line > q->line) - (p->line < q->line);
}

static int unread_line_cmp(const void *x, const void *y)
{
	const struct unread *p = x, *q = y;
	return (p->line > q->line) - (p->line < q->line);
}

size_t transcript_label_unread(const struct transcript *t, struct transcript_guess *g)
{
	struct unread *v = NULL;
	size_t n = 0, cap = 0, k = 0;

	memset(g, 0, sizeof(*g));
	for (size_t i = 0; i < t->nlines; i++) {
		const struct tline *ln = &t->lines[i];
		size_t a, b;
		if (ln->front || ln->turn < 0 || t->turns[ln->turn].line_first == i ||
		    !unread_name(t->text, ln->off, ln->off + ln->len, &a, &b))
			continue;
		struct unread u = {xstrndup(t->text + a, b - a), i};
		for (char *p = u.name; *p; p++)
			*p = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
		VEC_PUSH(v, n, cap, u);
	}
	sort_array(v, n, sizeof(*v), unread_cmp);
	for (size_t i = 0; i < n; i = k) { /* keep the names of two lines or more */
		for (k = i; k < n && strcmp(v[k].name, v[i].name) == 0; k++)
			;
		for (size_t j = i; j < k; j++)
			v[j].line = k - i >= 2 ? v[j].line : SIZE_MAX;
	}
	sort_array(v, n, sizeof(*v), unread_line_cmp);
	for (size_t i = 0; i < n && v[i].line != SIZE_MAX; i++) {
		const struct tline *ln = &t->lines[v[i].line];
		size_t a, b;
		if (g->lines++ == 0)
			g->first_line = v[i].line;
		unread_name(t->text, ln->off, ln->off + ln->len, &a, &b);
		guess_add(g, t->text, a, b);
	}
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return g->lines;
}

/* ---- queries ----------------------------------------------------------------------- */

size_t transcript_line_at(const struct transcript *t, size_t off)
{
	size_t lo = 0, hi = t->nlines;

	/* the last line whose start is <= off */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static size_t line_at_cp(const struct transcript *t, size_t cp)
{
	size_t lo = 0, hi = t->nlines;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->lines[mid].cp <= cp)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t transcript_cp_to_byte(const struct transcript *t, size_t cp)
{
	size_t li, off;

	if (cp >= t->ncp || t->nlines == 0)
		return t->len;
	li = line_at_cp(t, cp);
	off = t->lines[li].off;
	return off + utf8_advance(t->text + off, t->len - off, cp - t->lines[li].cp);
}

size_t transcript_byte_to_cp(const struct transcript *t, size_t byte)
{
	size_t li;

	if (byte >= t->len || t->nlines == 0)
		return t->ncp;
	li = transcript_line_at(t, byte);
	return t->lines[li].cp + count_cp(t->text + t->lines[li].off, byte - t->lines[li].off);
}

int transcript_turn_at(const struct transcript *t, size_t off)
{
	if (t->nlines == 0)
		return -1;
	return t->lines[transcript_line_at(t, off)].turn;
}

size_t transcript_turn_ending_after(const struct transcript *t, size_t x)
{
	size_t lo = 0, hi = t->nturns;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->turns[mid].end > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

bool transcript_turns_touching(const struct transcript *t, size_t s, size_t e, size_t *first,
                               size_t *last)
{
	size_t lo = transcript_turn_ending_after(t, s), qe = e > s ? e : s + 1;

	if (lo >= t->nturns || t->turns[lo].label_off >= qe)
		return false;
	*first = *last = lo;
	while (*last + 1 < t->nturns && t->turns[*last + 1].label_off < qe)
		++*last;
	return true;
}

const char *transcript_speaker_at(const struct transcript *t, size_t off)
{
	int i = transcript_turn_at(t, off);

	return i < 0 ? NULL : t->turns[i].speaker;
}

const char *transcript_attr(const struct transcript *t, const char *key)
{
	for (size_t i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i].key, key) == 0)
			return t->attrs[i].value;
	return NULL;
}

/* words_upto: words of line li that start before byte pos. */
static size_t words_upto(const struct transcript *t, size_t li, size_t pos)
{
	return line_words(t, li, 0, pos);
}

size_t transcript_words(const struct transcript *t, size_t start, size_t end)
{
	size_t li, lj;

	if (t->nlines == 0 || end <= start)
		return 0;
	if (end > t->len)
		end = t->len;
	if (start >= end)
		return 0;
	li = transcript_line_at(t, start);
	lj = transcript_line_at(t, end);
	return t->lines[lj].words_before + words_upto(t, lj, end) - t->lines[li].words_before -
	       words_upto(t, li, start);
}

/* ---- sentences --------------------------------------------------------------------- */

static bool is_terminator(uint32_t cp)
{
	return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026;
}

static bool is_closer(uint32_t cp)
{
	return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 ||
	       cp == 0xBB || cp == 0x203A;
}

static bool turn_first_line(const struct transcript *t, size_t i)
{
	return t->lines[i].content != t->lines[i].off;
}

static bool para_line(const struct transcript *t, size_t i)
{
	return !t->lines[i].front && !line_blank(t->text + t->lines[i].off, t->lines[i].len);
}

static size_t skip_space(const char *s, size_t i, size_t e)
{
	while (i < e) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, e - i, &cp);
		if (!utf8_is_space(cp))
			break;
		i += k;
	}
	return i;
}

/* punct_run: the end of the run of terminators and closing quotes starting at i. */
static size_t punct_run(const char *s, size_t i, size_t e)
{
	while (i < e) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, e - i, &cp);
		if (!is_terminator(cp) && !is_closer(cp))
			break;
		i += k;
	}
	return i;
}

static bool space_at(const char *s, size_t i, size_t e)
{
	uint32_t cp;

	if (i >= e)
		return true;
	utf8_decode(s + i, e - i, &cp);
	return utf8_is_space(cp);
}

static void sentence_in(const char *s, size_t lo, size_t hi, size_t off, size_t *ps, size_t *pe)
{
	size_t st = skip_space(s, lo, hi), i = st;

	while (i < hi) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, hi - i, &cp), e, next;

		if (!is_terminator(cp)) {
			i += k;
			continue;
		}
		e = punct_run(s, i, hi);
		if (!space_at(s, e, hi)) {
			i = e;
			continue;
		}
		next = skip_space(s, e, hi);
		if (off < next || next >= hi) {
			*ps = st, *pe = e;
			return;
		}
		st = i = next;
	}
	while (hi > st && (s[hi - 1] == ' ' || s[hi - 1] == '\t'))
		hi--;
	*ps = st;
	*pe = hi;
}

void transcript_sentence_bounds(const struct transcript *t, size_t off, size_t *s, size_t *e)
{
	size_t li, lj;

	if (off > t->len)
		off = t->len;
	*s = *e = off;
	if (t->nlines == 0)
		return;
	li = lj = transcript_line_at(t, off);
	if (!para_line(t, li))
		return;
	while (li > 0 && !turn_first_line(t, li) && para_line(t, li - 1))
		li--;
	while (lj + 1 < t->nlines && !turn_first_line(t, lj + 1) && para_line(t, lj + 1))
		lj++;
	sentence_in(t->text, t->lines[li].content, t->lines[lj].off + t->lines[lj].len, off, s, e);
}
