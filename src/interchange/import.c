/* import.c — captions, Otter/Rev text, Word and plain text to gloss transcripts; see
 * import.h. Each reader turns its input into a list of turns (time, speaker, text); one
 * writer renders them, and the result is read back with transcript_load_mem to check that
 * gloss sees the same turns. */
#include "gloss/import.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/docx.h"
#include "gloss/ibudget.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/yamlx.h"

#define SPEAKER_MAX_CP 40
#define PREFIX_MAX_WORDS 5

struct iturn {
	double secs;   /* -1: none */
	char *speaker; /* NULL: text outside any turn */
	struct strbuf text;
	unsigned line; /* of the input where the turn starts (0: unknown) */
};

/* The names that start captions in a file ("Name: text"), sorted: a name of a shape that
 * could also be text ("ana ruiz (she/her)") is a speaker when it starts two cues or more. */
struct names {
	char **items;
	size_t n, cap;
};

struct idoc {
	const char *file;
	struct iturn *turns;
	size_t n, cap;
	struct diags *d;
	struct names *seen;        /* counting pass: names are added here, nothing else */
	const struct names *known; /* the counting pass's names, sorted (NULL: none) */
	unsigned line;             /* of the caption being added */
	size_t unlabelled;         /* captions that look labelled but were read as text */
	unsigned past_clock;       /* first line of a cue past 99:59:59 (0: none) */
	struct ibudget *budget;    /* what a Word document reads and parses */
};

#define UNLABELLED_SHOWN 20

/* A line of the input: [s, s + n), 1-based number. */
struct iline {
	const char *s;
	size_t n;
	unsigned no;
};

struct ilines {
	struct iline *items;
	size_t n, cap;
};

static const char *const format_names[] = {"auto", "txt", "vtt", "srt", "otter", "docx"};

bool import_format_parse(const char *s, enum import_format *out)
{
	for (size_t i = 0; i < ARRAY_LEN(format_names); i++)
		if (strcmp(s, format_names[i]) == 0) {
			*out = (enum import_format)i;
			return true;
		}
	return false;
}

const char *import_format_name(enum import_format f)
{
	return format_names[f];
}

/* split_lines: LF, CRLF and lone CR all end a line (WebVTT allows each) */
static void split_lines(const char *buf, size_t len, struct ilines *out)
{
	size_t i = 0, s = 0;
	unsigned no = 1;

	memset(out, 0, sizeof(*out));
	while (i <= len) {
		if (i == len || buf[i] == '\n' || buf[i] == '\r') {
			struct iline l = {buf + s, i - s, no++};
			if (i == len && s == len)
				break;
			VEC_PUSH(out->items, out->n, out->cap, l);
			if (i < len && buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n')
				i++;
			s = i + 1;
		}
		i++;
	}
}

static bool blank(const struct iline *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->s[i] != ' ' && l->s[i] != '\t')
			return false;
	return true;
}

static bool starts(const struct iline *l, const char *p)
{
	size_t n = strlen(p);
	return l->n >= n && memcmp(l->s, p, n) == 0;
}

static bool contains(const struct iline *l, const char *p)
{
	size_t n = strlen(p);
	for (size_t i = 0; i + n <= l->n; i++)
		if (memcmp(l->s + i, p, n) == 0)
			return true;
	return false;
}

/* ---- speakers and turns ---- */

char *import_speaker_clean(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0, ncp = 0;
	bool space = true; /* drop leading spaces */

	while (i < n && ncp < SPEAKER_MAX_CP) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		bool sep = cp == ':' || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		           utf8_is_space(cp) || cp == 0x200e || cp == 0x200f;
		if (sep) {
			if (!space && ncp < SPEAKER_MAX_CP)
				sb_addc(&sb, ' '), ncp++;
			space = true;
		} else {
			char enc[4];
			sb_add(&sb, enc, utf8_encode(cp, enc));
			ncp++;
			space = false;
		}
		i += k;
	}
	while (sb.len && sb.data[sb.len - 1] == ' ')
		sb.data[--sb.len] = '\0';
	if (sb.len == 0) {
		sb_done(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

/* add_text: append text to the document as said by speaker (NULL: nobody named) at secs.
 * A cue without a speaker continues the turn before it; consecutive cues of one speaker
 * are joined into one turn. */
static void add_text(struct idoc *doc, double secs, const char *speaker, const char *text, size_t n)
{
	struct iturn *last = doc->n ? &doc->turns[doc->n - 1] : NULL;

	while (n && (text[0] == ' ' || text[0] == '\t'))
		text++, n--;
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		n--;
	if (n == 0 && !speaker)
		return;
	if (last && (!speaker || (last->speaker && strcmp(last->speaker, speaker) == 0))) {
		if (last->text.len && n)
			sb_adds(&last->text, last->speaker ? " " : "\n");
		sb_add(&last->text, text, n);
		return;
	}
	struct iturn t = {secs, speaker ? xstrdup(speaker) : NULL, STRBUF_INIT, doc->line};
	sb_add(&t.text, text, n);
	VEC_PUSH(doc->turns, doc->n, doc->cap, t);
}

static void idoc_done(struct idoc *doc)
{
	for (size_t i = 0; i < doc->n; i++) {
		free(doc->turns[i].speaker);
		sb_done(&doc->turns[i].text);
	}
	free(doc->turns);
}

/* label_char: may cp be inside a speaker name as meeting software writes it ("Ashlee
 * Kupor (SL)", "Ana Ruiz (she/her)", "J. R. Okafor", "O'Neil-Baptiste", "Speaker 1")? */
static bool label_char(uint32_t cp)
{
	return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
	       (cp && cp < 0x80 && strchr("().'-/&,_@+", (int)cp)) || cp == 0x2019 ||
	       (cp >= 0x80 && utf8_is_word(cp));
}

/* name_prefix: "Name: text" at the start of a caption: the length of the name (the colon
 * follows it, then a blank or the end), or 0. A name is 1-40 characters in 1-6 words
 * separated by single spaces, of letters (any script, any case), digits and ( ) . ' - / &
 * , _ @ +, the first word starting with a letter or a digit ("So what I said was: no" is
 * too long, "well, no: never" has a word of punctuation). *strict: the name reads as a
 * label on its own (at most 5 words, each starting with an upper-case letter, a digit, a
 * non-ASCII letter or a parenthesis, as "Dr. Ruth Müller", "Speaker 2", "Ashlee Kupor
 * (SL)"); otherwise ("ana ruiz", "maria de la cruz") it is one when it starts two cues. */
static size_t name_prefix(const char *s, size_t n, bool *strict)
{
	size_t words = 0, ncp = 0;
	bool word_start = true, upper = true;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == ':') {
			if (i == 0 || word_start ||
			    !(i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\t'))
				return 0;
			*strict = upper && words <= 5;
			return i;
		}
		if (cp == ' ') {
			if (word_start)
				return 0;
			word_start = true;
		} else if (!label_char(cp)) {
			return 0;
		} else if (word_start) {
			bool letter = (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			              (cp >= '0' && cp <= '9') || (cp >= 0x80 && utf8_is_word(cp));
			if ((words == 0 && !letter) || (!letter && cp != '(') || ++words > 6)
				return 0;
			if (cp >= 'a' && cp <= 'z')
				upper = false;
			word_start = false;
		}
		if (++ncp > SPEAKER_MAX_CP)
			return 0;
		i += k;
	}
	return 0;
}

static int names_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* names_count: how many captions of the file start with name */
static size_t names_count(const struct names *ns, const char *name)
{
	size_t lo = 0, hi = ns ? ns->n : 0, first, n = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(ns->items[mid], name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (first = lo;
	     first + n < (ns ? ns->n : 0) && strcmp(ns->items[first + n], name) == 0 && n < 2; n++)
		;
	return n;
}

static void names_done(struct names *ns)
{
	for (size_t i = 0; i < ns->n; i++)
		free(ns->items[i]);
	free(ns->items);
}

/* unlabelled: a caption that starts like a label but is read as text is said, with its
 * line (the first UNLABELLED_SHOWN of them; how many in all at the end) */
static void unlabelled(struct idoc *doc, const char *name)
{
	if (doc->unlabelled++ < UNLABELLED_SHOWN)
		diag_add(doc->d, DIAG_WARNING, DK_UNKNOWN, doc->file, doc->line, 1,
		         "'%s:' looks like a speaker label, but only this caption starts with it: "
		         "read as text of the turn before (use a name like it on two captions, or "
		         "edit the file, if it is a speaker)",
		         name);
}

/* add_caption: a caption's text, with a "Name:" prefix taken as its speaker when it has
 * no voice */
static void add_caption(struct idoc *doc, double secs, const char *voice, const char *s, size_t n)
{
	size_t k;
	bool strict = false;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	if (!voice && (k = name_prefix(s, n, &strict)) > 0) {
		char *name = import_speaker_clean(s, k);
		if (name && doc->seen) {
			VEC_PUSH(doc->seen->items, doc->seen->n, doc->seen->cap, name);
			return;
		}
		if (name && (strict || names_count(doc->known, name) >= 2)) {
			add_text(doc, secs, name, s + k + 1, n - k - 1);
			free(name);
			return;
		}
		if (name)
			unlabelled(doc, name);
		free(name);
	}
	if (doc->seen)
		return;
	if (voice) {
		char *name = import_speaker_clean(voice, strlen(voice));
		add_text(doc, secs, name, s, n);
		free(name);
		return;
	}
	add_text(doc, secs, NULL, s, n);
}

/* ---- timestamps ---- */

static bool digits_at(const char *s, size_t n, size_t *i, size_t min, size_t max, long *v)
{
	size_t st = *i;

	*v = 0;
	while (*i < n && *i - st < max && s[*i] >= '0' && s[*i] <= '9')
		*v = *v * 10 + (s[(*i)++] - '0');
	return *i - st >= min;
}

/* parse_time: [h+:]mm:ss[.,]fff (WebVTT and SRT), or with frac_opt [h:]m:ss (Otter) at
 * s[*i..n); advances *i */
static bool parse_time(const char *s, size_t n, size_t *i, bool frac_opt, double *secs)
{
	long a, b, c = -1, f = 0;
	size_t j = *i;

	if (!digits_at(s, n, &j, 1, 9, &a) || j >= n || s[j] != ':')
		return false;
	j++;
	if (!digits_at(s, n, &j, 2, 2, &b))
		return false;
	if (j < n && s[j] == ':') {
		j++;
		if (!digits_at(s, n, &j, 2, 2, &c))
			return false;
	}
	if (j < n && (s[j] == '.' || s[j] == ',')) {
		j++;
		if (!digits_at(s, n, &j, 3, 3, &f))
			return false;
	} else if (!frac_opt) {
		return false;
	}
	if (c >= 0 ? b > 59 || c > 59 : b > 59)
		return false;
	*secs = c >= 0 ? a * 3600.0 + b * 60.0 + c : a * 60.0 + b;
	*secs += f / 1000.0;
	*i = j;
	return true;
}

/* parse_timing: "START --> END[ settings]" */
static bool parse_timing(const struct iline *l, double *start)
{
	size_t i = 0;
	double end;

	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	if (!parse_time(l->s, l->n, &i, false, start))
		return false;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	if (i + 3 > l->n || memcmp(l->s + i, "-->", 3) != 0)
		return false;
	i += 3;
	while (i < l->n && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return parse_time(l->s, l->n, &i, false, &end) &&
	       (i == l->n || l->s[i] == ' ' || l->s[i] == '\t');
}

static void err_at(struct idoc *doc, unsigned line, unsigned col, const char *msg)
{
	diag_add(doc->d, DIAG_ERROR, DK_SYNTAX, doc->file, line, col, "%s", msg);
}

/* cue_at: the cue whose timing is line l starts at secs: its text is on the next line; a
 * time gloss's timestamps cannot hold (100 hours or more) is noted for a warning */
static void cue_at(struct idoc *doc, const struct iline *l, double secs)
{
	doc->line = l->no + 1;
	if (secs >= 100 * 3600.0 && !doc->past_clock)
		doc->past_clock = l->no;
}

/* ---- WebVTT ---- */

static const struct {
	const char *name, *utf8;
} entities[] = {{"amp", "&"},  {"lt", "<"},        {"gt", ">"},       {"quot", "\""},
                {"apos", "'"}, {"nbsp", "\u00A0"}, {"lrm", "\u200E"}, {"rlm", "\u200F"}};

/* entity: decode "&...;" at s[i..n) into out; returns the bytes used (0: not an entity) */
static size_t entity(const char *s, size_t n, size_t i, struct strbuf *out)
{
	size_t e = i + 1;

	while (e < n && e - i < 12 && s[e] != ';')
		e++;
	if (e >= n || s[e] != ';')
		return 0;
	if (s[i + 1] == '#') {
		bool hex = i + 2 < e && (s[i + 2] == 'x' || s[i + 2] == 'X');
		unsigned long v = 0;
		size_t k = i + 2 + hex;
		char enc[4];
		if (k == e)
			return 0;
		for (; k < e; k++) {
			int dv = s[k] >= '0' && s[k] <= '9' ? s[k] - '0'
			         : hex && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f'
			             ? (s[k] | 0x20) - 'a' + 10
			             : -1;
			if (dv < 0)
				return 0;
			v = v * (hex ? 16 : 10) + (unsigned long)dv;
			if (v > 0x10FFFF)
				return 0;
		}
		if (v == 0 || (v >= 0xD800 && v <= 0xDFFF))
			v = UTF8_REPLACEMENT;
		sb_add(out, enc, utf8_encode((uint32_t)v, enc));
		return e + 1 - i;
	}
	for (size_t k = 0; k < ARRAY_LEN(entities); k++)
		if (strlen(entities[k].name) == e - i - 1 &&
		    memcmp(s + i + 1, entities[k].name, e - i - 1) == 0) {
			sb_adds(out, entities[k].utf8);
			return e + 1 - i;
		}
	return 0;
}

/* voice_tag: the annotation of a "<v[.class] Name>" tag's body t[0..n), or NULL */
static char *voice_tag(const char *t, size_t n)
{
	size_t i = 1;

	if (n < 1 || t[0] != 'v' || (n > 1 && t[1] != '.' && t[1] != ' ' && t[1] != '\t'))
		return NULL;
	while (i < n && t[i] != ' ' && t[i] != '\t')
		i++;
	while (i < n && (t[i] == ' ' || t[i] == '\t'))
		i++;
	return xstrndup(t + i, n - i);
}

struct cue {
	double secs;
	char *voice;        /* the current <v> annotation */
	struct strbuf text; /* text since the voice last changed */
};

static void cue_flush(struct idoc *doc, struct cue *c)
{
	add_caption(doc, c->secs, c->voice, c->text.data ? c->text.data : "", c->text.len);
	sb_reset(&c->text);
}

/* cue_line: one line of cue text: tags removed (a voice span sets the speaker), entities
 * decoded */
static void cue_line(struct idoc *doc, struct cue *c, const char *s, size_t n)
{
	if (c->text.len)
		sb_addc(&c->text, ' ');
	for (size_t i = 0; i < n;) {
		size_t k;
		if (s[i] == '<') {
			const char *gt = memchr(s + i, '>', n - i);
			size_t e = gt ? (size_t)(gt - s) : n;
			char *v = voice_tag(s + i + 1, e - i - 1);
			if (v) {
				if (c->text.len && (!c->voice || strcmp(c->voice, v) != 0))
					cue_flush(doc, c);
				free(c->voice);
				c->voice = v;
			}
			i = gt ? e + 1 : n;
		} else if (s[i] == '&' && (k = entity(s, n, i, &c->text)) > 0) {
			if (c->text.len && (c->text.data[c->text.len - 1] == '\n' ||
			                    c->text.data[c->text.len - 1] == '\r'))
				c->text.data[c->text.len - 1] = ' ';
			i += k;
		} else {
			sb_addc(&c->text, s[i++]);
		}
	}
}

static bool vtt_block_kind(const struct iline *l, const char *kw)
{
	size_t n = strlen(kw);
	return starts(l, kw) && (l->n == n || l->s[n] == ' ' || l->s[n] == '\t');
}

static bool read_vtt(struct idoc *doc, const struct ilines *ls)
{
	size_t i = 1;

	if (ls->n == 0 || !vtt_block_kind(&ls->items[0], "WEBVTT")) {
		err_at(doc, 1, 1, "expected 'WEBVTT' at the start of a WebVTT file");
		return false;
	}
	while (i < ls->n && !blank(&ls->items[i])) /* header */
		i++;
	while (i < ls->n) {
		const struct iline *l;
		struct cue c = {0, NULL, STRBUF_INIT};
		while (i < ls->n && blank(&ls->items[i]))
			i++;
		if (i >= ls->n)
			break;
		l = &ls->items[i];
		if (vtt_block_kind(l, "NOTE") || vtt_block_kind(l, "STYLE") ||
		    vtt_block_kind(l, "REGION")) {
			while (i < ls->n && !blank(&ls->items[i]))
				i++;
			continue;
		}
		if (!contains(l, "-->") && i + 1 < ls->n && !blank(&ls->items[i + 1]))
			l = &ls->items[++i]; /* the cue identifier */
		if (!parse_timing(l, &c.secs)) {
			err_at(doc, l->no, 1,
			       "expected a cue timing 'hh:mm:ss.ttt --> hh:mm:ss.ttt' (or "
			       "'mm:ss.ttt')");
			return false;
		}
		cue_at(doc, l, c.secs);
		for (i++; i < ls->n && !blank(&ls->items[i]); i++)
			cue_line(doc, &c, ls->items[i].s, ls->items[i].n);
		cue_flush(doc, &c);
		free(c.voice);
		sb_done(&c.text);
	}
	return true;
}

/* ---- SRT ---- */

/* srt_line: text without markup tags (<i>, <b>, <font ...>) and {\an8} positions */
static void srt_line(struct strbuf *out, const char *s, size_t n)
{
	if (out->len)
		sb_addc(out, ' ');
	for (size_t i = 0; i < n;) {
		const char *close;
		if (s[i] == '<' && i + 1 < n &&
		    (s[i + 1] == '/' || ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z')) &&
		    (close = memchr(s + i, '>', n - i))) {
			i = (size_t)(close - s) + 1;
		} else if (s[i] == '{' && i + 1 < n && s[i + 1] == '\\' &&
		           (close = memchr(s + i, '}', n - i))) {
			i = (size_t)(close - s) + 1;
		} else {
			sb_addc(out, s[i++]);
		}
	}
}

static bool all_digits(const struct iline *l)
{
	size_t n = l->n;
	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < n; i++)
		if (l->s[i] < '0' || l->s[i] > '9')
			return false;
	return n > 0;
}

static bool read_srt(struct idoc *doc, const struct ilines *ls)
{
	size_t i = 0;

	while (i < ls->n) {
		struct strbuf text = STRBUF_INIT;
		double secs;
		while (i < ls->n && blank(&ls->items[i]))
			i++;
		if (i >= ls->n)
			break;
		if (!all_digits(&ls->items[i]) && !contains(&ls->items[i], "-->")) {
			err_at(doc, ls->items[i].no, 1, "expected a cue number");
			return false;
		}
		if (all_digits(&ls->items[i]))
			i++;
		if (i >= ls->n || !parse_timing(&ls->items[i], &secs)) {
			err_at(doc, i < ls->n ? ls->items[i].no : ls->items[ls->n - 1].no + 1, 1,
			       "expected a cue timing 'hh:mm:ss,mmm --> hh:mm:ss,mmm'");
			return false;
		}
		cue_at(doc, &ls->items[i], secs);
		for (i++; i < ls->n && !blank(&ls->items[i]); i++)
			srt_line(&text, ls->items[i].s, ls->items[i].n);
		add_caption(doc, secs, NULL, text.data ? text.data : "", text.len);
		sb_done(&text);
	}
	return true;
}

/* ---- Otter / Rev ---- */

/* otter_heading: "Speaker 1  0:05" (Otter) or "Speaker 1 (00:05):" (Rev) on a line of its
 * own: the name's length and the time, or 0 */
static size_t otter_heading(const struct iline *l, double *secs)
{
	size_t n = l->n, e, j;

	while (n && (l->s[n - 1] == ' ' || l->s[n - 1] == '\t'))
		n--;
	if (n && l->s[n - 1] == ':')
		n--;
	if (n && l->s[n - 1] == ')') { /* Rev */
		for (e = n - 1; e > 0 && l->s[e - 1] != '('; e--)
			;
		if (e < 2 || l->s[e - 2] != ' ')
			return 0;
		j = e;
		if (!parse_time(l->s, n - 1, &j, true, secs) || j != n - 1)
			return 0;
		e -= 2;
	} else { /* Otter: the time is the last word */
		for (e = n; e > 0 && l->s[e - 1] != ' ' && l->s[e - 1] != '\t'; e--)
			;
		j = e;
		if (e == 0 || !parse_time(l->s, n, &j, true, secs) || j != n)
			return 0;
		while (e > 0 && (l->s[e - 1] == ' ' || l->s[e - 1] == '\t'))
			e--;
	}
	if (e == 0 || e > 160 || memchr(l->s, ':', e))
		return 0;
	return e;
}

/* new_turn: a heading starts a turn of its own, even of the speaker before (two
 * "Unknown Speaker"s, each with its own time) */
static void new_turn(struct idoc *doc, double secs, const char *speaker)
{
	struct iturn t = {secs, speaker ? xstrdup(speaker) : NULL, STRBUF_INIT, doc->line};
	VEC_PUSH(doc->turns, doc->n, doc->cap, t);
}

/* otter_footer: "Transcribed by https://otter.ai", which Otter puts below the text */
static bool otter_footer(const struct iline *l)
{
	return starts(l, "Transcribed by ") && contains(l, "otter.ai");
}

static bool read_otter(struct idoc *doc, const struct ilines *ls)
{
	char *speaker = NULL;
	double secs = -1;
	bool para = false, any = false;

	for (size_t i = 0; i < ls->n; i++) {
		const struct iline *l = &ls->items[i];
		double s;
		size_t k = otter_heading(l, &s);
		if (k) {
			free(speaker);
			speaker = import_speaker_clean(l->s, k);
			secs = s;
			any = true;
			doc->line = l->no;
			if (speaker) /* a heading of separators only names nobody */
				new_turn(doc, secs, speaker);
			para = false;
			continue;
		}
		if (otter_footer(l)) {
			diag_add(
			    doc->d, DIAG_NOTE, DK_UNKNOWN, doc->file, l->no, 1,
			    "the line 'Transcribed by ...' is Otter's footer, not what was said: "
			    "left out");
			continue;
		}
		if (blank(l)) {
			para = false;
			continue;
		}
		if (para && doc->n) /* a line of the same paragraph */
			add_text(doc, secs, NULL, l->s, l->n);
		else if (doc->n && doc->turns[doc->n - 1].text.len) {
			struct iturn *t = &doc->turns[doc->n - 1];
			sb_adds(&t->text, "\n\n");
			sb_add(&t->text, l->s, l->n);
		} else {
			add_text(doc, secs, NULL, l->s, l->n);
		}
		para = true;
	}
	free(speaker);
	if (!any) {
		err_at(doc, 1, 1,
		       "expected a speaker heading such as 'Speaker 1  0:05' (Otter) or "
		       "'Speaker 1 (00:05):' (Rev)");
		return false;
	}
	return true;
}

static bool otter_like(const struct ilines *ls);

/* ---- rendering ---- */

static void render_front(struct strbuf *out, const char *file, enum import_format f,
                         const char *date)
{
	const char *base = path_basename(file);

	sb_adds(out, "---\nsource: ");
	yamlx_write_str(out, base, strlen(base));
	sb_printf(out, "\nformat: %s\nimported: %s\n---\n", import_format_name(f), date);
}

/* clean_text: turn text on one line: line breaks and other controls but TAB as spaces
 * (paragraph breaks "\n\n" that readers put in on purpose are kept) */
static void add_clean(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool para = s[i] == '\n' && i + 1 < n && s[i + 1] == '\n';
		if (para) {
			sb_adds(out, "\n\n");
			i++;
		} else if (s[i] == '\n' && i > 0 && s[i - 1] != '\n') {
			sb_addc(out, '\n');
		} else if ((unsigned char)s[i] < 0x20 && s[i] != '\t') {
			sb_addc(out, ' ');
		} else {
			sb_addc(out, s[i]);
		}
	}
}

/* What a turn was rendered as: its speaker (NULL: text before any turn) and the bytes of
 * its text in the result, for the read-back. */
struct rturn {
	const char *speaker;
	size_t start, end;
	unsigned line;
};

#define CLOCK_MAX (100 * 3600 - 1) /* 99:59:59, the most a gloss timestamp holds */

static size_t render_turns(struct strbuf *out, const struct idoc *doc, struct rturn *rt)
{
	size_t speakers = 0;

	for (size_t i = 0; i < doc->n; i++) {
		const struct iturn *t = &doc->turns[i];
		if (i)
			sb_addc(out, '\n');
		if (t->speaker) {
			long s = t->secs < 0 ? 0 : t->secs > CLOCK_MAX ? CLOCK_MAX : (long)t->secs;
			sb_printf(out, "[%02ld:%02ld:%02ld] %s:", s / 3600, s / 60 % 60, s % 60,
			          t->speaker);
			if (t->text.len)
				sb_addc(out, ' ');
			speakers++;
		}
		rt[i].speaker = t->speaker;
		rt[i].line = t->line;
		rt[i].start = out->len;
		add_clean(out, t->text.data ? t->text.data : "", t->text.len);
		rt[i].end = out->len;
		sb_addc(out, '\n');
	}
	return speakers;
}

/* trimmed: [*a, *b) of text without blanks and line breaks at either end */
static void trimmed(const char *text, size_t *a, size_t *b)
{
	while (*a < *b && strchr(" \t\n", text[*a]))
		(*a)++;
	while (*b > *a && strchr(" \t\n", text[*b - 1]))
		(*b)--;
}

/* turn_differs: does the turn gloss reads (t's turn k) say other than rendered turn r? */
static bool turn_differs(const struct transcript *t, size_t k, const struct rturn *r)
{
	size_t a = r->start, b = r->end, ta, tb;

	if (k >= t->nturns)
		return true;
	ta = t->turns[k].start, tb = t->turns[k].end;
	trimmed(t->text, &a, &b);
	trimmed(t->text, &ta, &tb);
	if (ta < tb ? a != ta || b != tb : a != b)
		return true;
	return !r->speaker || strcmp(t->turns[k].speaker, r->speaker) != 0;
}

/* verify: read the result as gloss will and compare every turn, its speaker and its text,
 * with what was read from the input: a difference (a line of text that reads as a label,
 * a label that does not read) is reported with the line of the input and of the result */
static void verify(const char *text, size_t len, const struct rturn *rt, size_t nrt,
                   struct idoc *doc)
{
	struct diags d;
	struct transcript *t;
	size_t k = 0, i = 0;

	diags_init(&d);
	t = transcript_load_mem(text, len, doc->file, &d);
	if (nrt && !rt[0].speaker)
		i = 1; /* text before the first turn */
	for (; t && i < nrt; i++, k++)
		if (turn_differs(t, k, &rt[i]))
			break;
	if (t && (i < nrt || k < t->nturns)) {
		size_t at;
		if (i < nrt && k + 1 < t->nturns && rt[i].speaker &&
		    strcmp(t->turns[k].speaker, rt[i].speaker) == 0)
			k++; /* the turn was cut short: by the next one gloss reads */
		at = k < t->nturns ? t->turns[k].line_first + 1 : 0;
		diag_add(doc->d, DIAG_WARNING, DK_UNKNOWN, doc->file, i < nrt ? rt[i].line : 0, 0,
		         "gloss reads the result differently from the input from here on: it has "
		         "%zu speaker turns where %zu were read%s%s%s (line %zu of the result)",
		         t->nturns, nrt - (nrt && !rt[0].speaker), k < t->nturns ? ", and '" : "",
		         k < t->nturns ? t->turns[k].speaker : "",
		         k < t->nturns ? "' starts a turn there" : "", at);
	}
	transcript_free(t);
	diags_done(&d);
}

static bool check_utf8(const char *buf, size_t len, const char *file, struct diags *d)
{
	size_t bad, line = 1, ls = 0;

	if (utf8_valid(buf, len, &bad))
		return true;
	for (size_t i = 0; i < bad; i++)
		if (buf[i] == '\n')
			line++, ls = i + 1;
	diag_add(d, DIAG_ERROR, DK_ENCODING, file, (unsigned)line,
	         (unsigned)utf8_count(buf + ls, bad - ls) + 1,
	         buf[bad] ? "invalid UTF-8 (byte 0x%02x): convert the file to UTF-8 first"
	                  : "a NUL byte (0x%02x): this is not a text file",
	         (unsigned char)buf[bad]);
	return false;
}

/* dash_label: "I – text", "Q - text", "Ana — text": a paragraph starting with a name of
 * 1-3 capitalised words (as the strict label rule, at most 40 characters), a blank, a dash
 * (- – —) and a blank, as transcribers write labels in Word. Returns the name's length
 * and sets *text where the text begins, or 0. */
static size_t dash_label(const char *s, size_t n, size_t *text)
{
	size_t words = 0, ncp = 0;
	bool word_start = true;

	for (size_t i = 0; i < n && ncp <= SPEAKER_MAX_CP;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (cp == ' ' && !word_start) {
			size_t j = i + 1, dk = 0;
			if (j < n && s[j] == '-')
				dk = 1;
			else if (j + 3 <= n && (memcmp(s + j, "\u2013", 3) == 0 ||
			                        memcmp(s + j, "\u2014", 3) == 0))
				dk = 3;
			if (dk && (j + dk == n || s[j + dk] == ' ')) {
				*text = j + dk < n ? j + dk + 1 : n;
				return i;
			}
			word_start = true;
		} else if (word_start) {
			bool ok = (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') ||
			          (cp >= 0x80 && utf8_is_word(cp));
			if (!ok || ++words > 3)
				return 0;
			word_start = false;
		} else if (!label_char(cp) || cp == ':') {
			return 0;
		}
		ncp++;
		i += k;
	}
	return 0;
}

/* dash_labels: paragraphs with a dash label whose name starts two paragraphs or more are
 * rewritten "Name: text", which gloss reads as a turn */
static void dash_labels(struct docx_paras *p, struct idoc *doc)
{
	struct names ns = {0};
	size_t changed = 0, t;

	for (size_t i = 0; i < p->n; i++) {
		size_t k = dash_label(p->items[i], strlen(p->items[i]), &t);
		if (k)
			VEC_PUSH(ns.items, ns.n, ns.cap, xstrndup(p->items[i], k));
	}
	sort_array(ns.items, ns.n, sizeof(*ns.items), names_cmp);
	for (size_t i = 0; i < p->n; i++) {
		char *s = p->items[i], *name;
		size_t k = dash_label(s, strlen(s), &t);
		if (!k)
			continue;
		name = xstrndup(s, k);
		if (names_count(&ns, name) >= 2) {
			p->items[i] = xasprintf("%s: %s", name, s + t);
			free(s);
			changed++;
		}
		free(name);
	}
	if (changed)
		diag_add(doc->d, DIAG_NOTE, DK_UNKNOWN, doc->file, 0, 0,
		         "%zu paragraphs start with a speaker label and a dash ('I \u2013 ...'): "
		         "written as 'I: ...'",
		         changed);
	names_done(&ns);
}

/* docx_to_doc: paragraphs as lines separated by blank lines: gloss's own turn rule finds
 * the "Name:" paragraphs (and the dash labels, rewritten so) */
static bool read_docx(const char *buf, size_t len, struct idoc *doc, struct strbuf *body)
{
	struct docx_paras p;

	if (!docx_read_budget(buf, len, doc->file, doc->budget, &p, doc->d))
		return false;
	for (size_t i = 0; i < p.n; i++)
		if (!check_utf8(p.items[i], strlen(p.items[i]), doc->file, doc->d)) {
			docx_paras_done(&p);
			return false;
		}
	dash_labels(&p, doc);
	for (size_t i = 0; i < p.n; i++) {
		size_t n = strlen(p.items[i]);
		while (n && (p.items[i][n - 1] == ' ' || p.items[i][n - 1] == '\n'))
			n--;
		if (n == 0)
			continue;
		if (body->len)
			sb_addc(body, '\n');
		for (size_t k = 0; k < n; k++)
			sb_addc(body, p.items[i][k] == '\r' ? '\n' : p.items[i][k]);
		sb_addc(body, '\n');
	}
	docx_paras_done(&p);
	return true;
}

static bool read_txt(const char *buf, size_t len, struct strbuf *body)
{
	for (size_t i = 0; i < len; i++)
		if (!(buf[i] == '\r' && i + 1 < len && buf[i + 1] == '\n'))
			sb_addc(body, buf[i]);
	if (body->len && body->data[body->len - 1] != '\n')
		sb_addc(body, '\n');
	return true;
}

/* docx_otter: a Word document exported by Otter or Rev (a heading paragraph above each
 * turn's text) is read as their text export */
static bool docx_otter(struct idoc *doc, struct strbuf *body)
{
	struct ilines ls;
	bool ok = true;

	split_lines(body->data ? body->data : "", body->len, &ls);
	if (otter_like(&ls)) {
		ok = read_otter(doc, &ls);
		sb_reset(body);
	}
	free(ls.items);
	return ok;
}

char *import_file_stem(const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i = 0;

	while (i < n && (s[i] == '.' || s[i] == ' ' || s[i] == '-'))
		i++;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char enc[4];
		size_t el;
		if (cp < 0x20 || cp == 0x7f || cp == '/' || cp == '\\') {
			i += k;
			continue;
		}
		el = utf8_encode(cp, enc);
		if (sb.len + el > IMPORT_STEM_MAX)
			break;
		sb_add(&sb, enc, el);
		i += k;
	}
	while (sb.len && (sb.data[sb.len - 1] == ' ' || sb.data[sb.len - 1] == '.'))
		sb.data[--sb.len] = '\0';
	if (sb.len == 0) {
		sb_done(&sb);
		return NULL;
	}
	return sb_detach(&sb);
}

bool import_has_front(const char *s, size_t len)
{
	struct diags d;
	struct transcript *t;
	bool has;

	if (len < 3 || memcmp(s, "---", 3) != 0)
		return false;
	diags_init(&d);
	t = transcript_load_mem_flags(s, len, "front", TRANSCRIPT_TEXT_ONLY, &d);
	has = t && t->body > 0;
	transcript_free(t);
	diags_done(&d);
	return has;
}

/* report_read: what the readers noted for the whole file */
static void report_read(struct idoc *doc)
{
	if (doc->unlabelled > UNLABELLED_SHOWN)
		diag_add(doc->d, DIAG_WARNING, DK_UNKNOWN, doc->file, 0, 0,
		         "%zu captions in all look like a speaker label but were read as text",
		         doc->unlabelled);
	if (doc->past_clock)
		diag_add(doc->d, DIAG_WARNING, DK_UNKNOWN, doc->file, doc->past_clock, 1,
		         "this cue and those after it start 100 hours or more into the "
		         "recording: gloss timestamps end at 99:59:59, so their turns are "
		         "written with that time");
}

/* count_labels: the counting pass of a caption file: the "Name:" prefixes of its
 * captions, sorted, into ns */
static void count_labels(enum import_format f, const struct ilines *ls, const char *file,
                         struct names *ns)
{
	struct diags scratch;
	struct idoc pre = {file, NULL, 0, 0, &scratch, ns, NULL, 0, 0, 0, NULL};

	diags_init(&scratch);
	if (f == IMPORT_VTT)
		read_vtt(&pre, ls);
	else
		read_srt(&pre, ls);
	diags_done(&scratch);
	idoc_done(&pre);
	sort_array(ns->items, ns->n, sizeof(*ns->items), names_cmp);
}

char *import_convert(enum import_format f, const char *buf, size_t len, const char *file,
                     const char *date, size_t *outlen, struct diags *d)
{
	struct ibudget b = {0};
	return import_convert_budget(f, buf, len, file, date, &b, outlen, d);
}

char *import_convert_budget(enum import_format f, const char *buf, size_t len, const char *file,
                            const char *date, struct ibudget *budget, size_t *outlen,
                            struct diags *d)
{
	struct idoc doc = {file, NULL, 0, 0, d, NULL, NULL, 0, 0, 0, budget};
	struct strbuf out = STRBUF_INIT, body = STRBUF_INIT;
	struct ilines ls = {0};
	struct names seen = {0};
	bool ok;

	if (len > IMPORT_MAX_SIZE) {
		diag_add(d, DIAG_ERROR, DK_IO, file, 0, 0, "larger than 256 MiB: refused");
		return NULL;
	}
	if (f != IMPORT_DOCX) {
		if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
			buf += 3, len -= 3;
		if (!check_utf8(buf, len, file, d))
			return NULL;
		split_lines(buf, len, &ls);
	}
	if (f == IMPORT_VTT || f == IMPORT_SRT) {
		count_labels(f, &ls, file, &seen);
		doc.known = &seen;
	}
	switch (f) {
	case IMPORT_VTT:
		ok = read_vtt(&doc, &ls);
		break;
	case IMPORT_SRT:
		ok = read_srt(&doc, &ls);
		break;
	case IMPORT_OTTER:
		ok = read_otter(&doc, &ls);
		break;
	case IMPORT_DOCX:
		ok = read_docx(buf, len, &doc, &body) && docx_otter(&doc, &body);
		break;
	default:
		ok = read_txt(buf, len, &body);
		break;
	}
	free(ls.items);
	if (ok) {
		bool has_front = f == IMPORT_TXT && import_has_front(body.data, body.len);
		if (!has_front)
			render_front(&out, file, f, date);
		if (body.len) {
			sb_add(&out, body.data, body.len);
		} else {
			struct rturn *rt = xcalloc(doc.n + 1, sizeof(*rt));
			render_turns(&out, &doc, rt);
			verify(out.data, out.len, rt, doc.n, &doc);
			free(rt);
		}
		report_read(&doc);
	}
	idoc_done(&doc);
	names_done(&seen);
	sb_done(&body);
	if (ok && !ibudget_write(budget, out.len, file, path_basename(file), d))
		ok = false;
	if (!ok) {
		sb_done(&out);
		return NULL;
	}
	*outlen = out.len;
	return sb_detach(&out);
}

/* ---- detection ---- */

static bool srt_like(const struct ilines *ls)
{
	size_t i = 0;

	while (i < ls->n && blank(&ls->items[i]))
		i++;
	return i + 1 < ls->n && all_digits(&ls->items[i]) && contains(&ls->items[i + 1], "-->");
}

static bool otter_like(const struct ilines *ls)
{
	size_t i = 0;
	double s;

	while (i < ls->n && blank(&ls->items[i]))
		i++;
	return i < ls->n && otter_heading(&ls->items[i], &s) > 0;
}

enum import_format import_detect(const char *path, const char *buf, size_t len)
{
	struct ilines ls;
	enum import_format f = IMPORT_TXT;
	size_t head = len < 4096 ? len : 4096;

	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		buf += 3, len -= 3, head = len < 4096 ? len : 4096;
	if (len >= 6 && memcmp(buf, "WEBVTT", 6) == 0)
		return IMPORT_VTT;
	if (len >= 4 && memcmp(buf, "PK\x03\x04", 4) == 0)
		return IMPORT_DOCX;
	split_lines(buf, head, &ls);
	if (srt_like(&ls))
		f = IMPORT_SRT;
	else if (otter_like(&ls))
		f = IMPORT_OTTER;
	else if (path_has_ext(path, "vtt"))
		f = IMPORT_VTT;
	else if (path_has_ext(path, "srt"))
		f = IMPORT_SRT;
	else if (path_has_ext(path, "docx"))
		f = IMPORT_DOCX;
	free(ls.items);
	return f;
}
