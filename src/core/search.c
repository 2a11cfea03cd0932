/* search.c — PCRE2 patterns with UTF/UCP, JIT when available, and bounded matching. */
#include "gloss/search.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"

struct search {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mctx; /* the shared one, or its own (SEARCH_THREAD) */
	pcre2_jit_stack *stack;    /* its own (SEARCH_THREAD), else NULL */
	bool line_local;
	/* for search_exec_budget, made on first use: the pattern compiled with
	 * PCRE2_USE_OFFSET_LIMIT, and a match context whose limits change from call to call */
	char *pattern;
	uint32_t opts;
	pcre2_code *wcode;
	pcre2_match_data *wmd;
	pcre2_match_context *wctx;
	pcre2_jit_stack *wstack;
};

/* One match context (limits + JIT stack) for every pattern of the main thread: gloss
 * matches one pattern at a time there, and a codebook with thousands of patterns must not
 * hold thousands of JIT stacks. Patterns for other threads have their own (SEARCH_THREAD). */
static pcre2_match_context *shared_mctx;
static pcre2_jit_stack *shared_jit_stack;
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static pcre2_match_context *new_context(pcre2_jit_stack **stack)
{
	pcre2_match_context *m = pcre2_match_context_create(NULL);

	if (!m)
		die(EXIT_OOM, "out of memory (regular expression)");
	pcre2_set_match_limit(m, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(m, SEARCH_DEPTH_LIMIT);
	*stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (*stack) /* without one JIT uses 32K of machine stack */
		pcre2_jit_stack_assign(m, NULL, *stack);
	return m;
}

static void shared_init(void)
{
	shared_mctx = new_context(&shared_jit_stack);
}

static void copy_error(int rc, char *err, size_t errsize)
{
	PCRE2_UCHAR buf[256];

	if (!err || errsize == 0)
		return;
	if (pcre2_get_error_message(rc, buf, sizeof(buf)) < 0)
		snprintf((char *)buf, sizeof(buf), "error %d", rc);
	snprintf(err, errsize, "%s", (const char *)buf);
}

/* line_local: see search_line_local. The pattern text is read conservatively: a '^' or
 * '$' anywhere (even escaped or in a class) counts as an anchor. */
static bool line_local(const pcre2_code *code, const char *pattern)
{
	uint32_t empty = 1;

	if (pcre2_pattern_info(code, PCRE2_INFO_MATCHEMPTY, &empty) != 0 || empty)
		return false;
	for (const char *p = pattern; *p; p++) {
		if (*p == '^' || *p == '$')
			return false;
		if (*p == '(' && (p[1] == '*' ||
		                  (p[1] == '?' && (p[2] == '=' || p[2] == '!' ||
		                                   (p[2] == '<' && (p[3] == '=' || p[3] == '!'))))))
			return false;
		if (*p == '\\') {
			if (!p[1])
				break;
			if (strchr("AzZGK", p[1]))
				return false;
			p++; /* the escaped character is not a metacharacter */
		}
	}
	return true;
}

/* ---- typographic equivalents ------------------------------------------------------
 * The same characters re-anchoring folds (anchor.c): straight and typographic single
 * quotes and primes, double quotes, dashes and the minus sign, and the ellipsis, which
 * matches three full stops. Each set lists its members as UTF-8. */
struct equiv {
	const char *cls; /* the members for a character class, the ASCII one first */
	const char *members[6];
};

static const struct equiv equivs[] = {
    {"'\u2018\u2019\u201A\u201B\u2032", {"'", "\u2018", "\u2019", "\u201A", "\u201B", "\u2032"}},
    {"\"\u201C\u201D\u201E\u201F\u2033", {"\"", "\u201C", "\u201D", "\u201E", "\u201F", "\u2033"}},
    {"\\-\u2012\u2013\u2014\u2015\u2212", {"-", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212"}},
};

#define ELLIPSIS "\u2026"
#define ELLIPSIS_ALT "(?:" ELLIPSIS "|\\.\\.\\.)"

/* equiv_at: the set whose member starts p (its length in *n), or NULL. */
static const struct equiv *equiv_at(const char *p, size_t *n)
{
	for (size_t i = 0; i < ARRAY_LEN(equivs); i++)
		for (size_t k = 0; k < ARRAY_LEN(equivs[i].members); k++) {
			size_t len = strlen(equivs[i].members[k]);
			if (strncmp(p, equivs[i].members[k], len) == 0) {
				*n = len;
				return &equivs[i];
			}
		}
	return NULL;
}

static void add_class(struct strbuf *out, const struct equiv *q)
{
	sb_addc(out, '[');
	sb_adds(out, q->cls);
	sb_addc(out, ']');
}

static size_t char_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;

	for (size_t k = 1; k < n; k++)
		if (!p[k])
			return k;
	return n;
}

/* copy_through: copy p up to and including the first c (or to the end); returns the end */
static const char *copy_through(struct strbuf *out, const char *p, char c)
{
	const char *e = strchr(p, c);

	e = e ? e + 1 : p + strlen(p);
	sb_add(out, p, (size_t)(e - p));
	return e;
}

/* copy_escape: an escape that names no quote or dash (\\d, \\x{..}, \\p{..}), unchanged */
static const char *copy_escape(struct strbuf *out, const char *p)
{
	if (!p[1]) { /* a trailing backslash: PCRE2 reports it */
		sb_addc(out, *p);
		return p + 1;
	}
	sb_add(out, p, 2);
	p += 2;
	return *p == '{' ? copy_through(out, p, '}') : p;
}

/* loose_class: the class that starts at p ('['), with every quote or dash member widened
 * to its set (not where it is the end of a range); returns the end. */
static const char *loose_class(struct strbuf *out, const char *p)
{
	bool range_end = false, first = true;

	sb_addc(out, *p++);
	if (*p == '^')
		sb_addc(out, *p++);
	if (*p == ']')
		sb_addc(out, *p++), first = false;
	for (; *p && *p != ']'; first = false) {
		const struct equiv *q;
		size_t n = 0;
		bool esc = *p == '\\' && p[1] && !strchr("QEpPxoNcdDsSwWhHvVRX", p[1]);
		const char *c = esc ? p + 1 : p;

		if (*p == '[' && p[1] == ':') {
			p = copy_through(out, p, ']');
			continue;
		}
		if (*p == '\\' && !esc) { /* \Q, \x{..}, \p{..}: copied as they are */
			p = copy_escape(out, p);
			continue;
		}
		q = (*c != '-' || esc || first || p[1] == ']') ? equiv_at(c, &n) : NULL;
		if (!q)
			n = char_len(c);
		if (q && !range_end && !(c[n] == '-' && c[n + 1] != ']')) {
			sb_adds(out, q->cls);
		} else {
			sb_add(out, p, (size_t)(c + n - p));
		}
		range_end = !esc && *c == '-' && !q;
		p = c + n;
	}
	if (*p)
		sb_addc(out, *p++);
	return p;
}

static bool name_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '^' || c == '+' || c == '-';
}

/* loose_group: p follows a '(' (already copied): copy what is not pattern text there
 * (comments, callouts, conditions, group names, option settings, verbs) unchanged and
 * return where the pattern text resumes. */
static const char *loose_group(struct strbuf *out, const char *p)
{
	const char *q;

	if (*p == '*') { /* (*VERB:NAME) whole; (*alpha_assertion: up to its ':' */
		for (q = p + 1; *q >= 'A' && *q <= 'Z'; q++)
			;
		return copy_through(out, p, q > p + 1 || *q == ':' ? ')' : ':');
	}
	if (*p != '?')
		return p;
	if (p[1] == '#' || p[1] == 'C' || (p[1] == '(' && p[2] != '?' && p[2] != '*'))
		return copy_through(out, p, ')');
	if (p[1] == '\'') {
		sb_add(out, p, 2);
		return copy_through(out, p + 2, '\'');
	}
	for (q = p + 1; name_char(*q); q++)
		;
	if (q > p + 1 && (*q == ')' || *q == ':'))
		return copy_through(out, p, *q);
	return p;
}

/* loose_escape: the escape at p ('\\'); returns the end, *quote set for \Q. */
static const char *loose_escape(struct strbuf *out, const char *p, bool *quote)
{
	const struct equiv *q;
	size_t n;

	if (strncmp(p, "\\.\\.\\.", 6) == 0 && !(p[6] && strchr("?*+{", p[6]))) {
		sb_adds(out, ELLIPSIS_ALT);
		return p + 6;
	}
	if (p[1] && (q = equiv_at(p + 1, &n)) != NULL) {
		add_class(out, q);
		return p + 1 + n;
	}
	*quote = p[1] == 'Q';
	if (p[1] == 'c' && p[2]) {
		sb_add(out, p, 3);
		return p + 3;
	}
	n = p[1] ? 1 + char_len(p + 1) : 1;
	sb_add(out, p, n);
	p += n;
	if (strchr("gk", p[-1]) && (*p == '{' || *p == '<' || *p == '\''))
		return copy_through(out, p, *p == '{' ? '}' : *p == '<' ? '>' : '\'');
	if (strchr("xopPN", p[-1]) && *p == '{')
		return copy_through(out, p, '}');
	while (p[-1] == 'g' && (*p == '-' || *p == '+' || (*p >= '0' && *p <= '9')))
		sb_addc(out, *p++);
	return p;
}

/* loose_quoted: text inside \Q...\E at p; returns the end (after \E, or of the pattern). */
static const char *loose_quoted(struct strbuf *out, const char *p)
{
	while (*p && strncmp(p, "\\E", 2) != 0) {
		const struct equiv *q;
		size_t n;
		if ((q = equiv_at(p, &n)) != NULL) {
			sb_adds(out, "\\E[");
			sb_adds(out, q->cls);
			sb_adds(out, "]\\Q");
		} else if (strncmp(p, ELLIPSIS, n = strlen(ELLIPSIS)) == 0 ||
		           strncmp(p, "...", n = 3) == 0) {
			sb_adds(out, "\\E" ELLIPSIS_ALT "\\Q");
		} else {
			sb_add(out, p, n = char_len(p));
		}
		p += n;
	}
	if (*p)
		sb_add(out, p, 2), p += 2;
	return p;
}

void search_loosen(struct strbuf *out, const char *p)
{
	while (*p) {
		const struct equiv *q;
		bool quote = false;
		size_t n;

		if (*p == '\\') {
			p = loose_escape(out, p, &quote);
			if (quote)
				p = loose_quoted(out, p);
		} else if (*p == '[') {
			p = loose_class(out, p);
		} else if (*p == '(') {
			sb_addc(out, *p);
			p = loose_group(out, p + 1);
		} else if ((q = equiv_at(p, &n)) != NULL) {
			add_class(out, q);
			p += n;
		} else if (strncmp(p, ELLIPSIS, strlen(ELLIPSIS)) == 0) {
			sb_adds(out, ELLIPSIS_ALT);
			p += strlen(ELLIPSIS);
		} else {
			sb_add(out, p, n = char_len(p));
			p += n;
		}
	}
}

bool search_line_local(const struct search *s)
{
	return s && s->line_local;
}

struct search *search_new(const char *pattern, int flags, char *err, size_t errsize, size_t *erroff)
{
	/* MATCH_INVALID_UTF: subjects are not re-validated on every call (which would make
	 * iterating over a transcript quadratic), yet invalid bytes can never crash a match. */
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	struct search *s;
	PCRE2_SIZE off = 0;
	int rc = 0;

	if (flags & SEARCH_CASELESS)
		opts |= PCRE2_CASELESS;
	s = xcalloc(1, sizeof(*s));
	if (!(flags & SEARCH_EXACT_QUOTES)) {
		struct strbuf loose = STRBUF_INIT;
		search_loosen(&loose, pattern);
		sb_addc(&loose, '\0');
		s->code =
		    pcre2_compile((PCRE2_SPTR)loose.data, loose.len - 1, opts, &rc, &off, NULL);
		if (s->code) /* search_exec_budget compiles the same text again */
			s->pattern = xstrdup(loose.data);
		sb_done(&loose);
	}
	if (!s->code) /* exact, or the error is reported where the user wrote it */
		s->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &rc, &off,
		                        NULL);
	if (!s->code) {
		size_t plen = strlen(pattern);

		copy_error(rc, err, errsize);
		if (erroff)
			*erroff = utf8_count(pattern, off < plen ? off : plen);
		free(s);
		return NULL;
	}
	s->md = pcre2_match_data_create_from_pattern(s->code, NULL);
	if (!s->md)
		die(EXIT_OOM, "out of memory (regular expression)");
	if (flags & SEARCH_THREAD) {
		s->mctx = new_context(&s->stack);
	} else {
		pthread_once(&shared_once, shared_init);
		s->mctx = shared_mctx;
	}
	s->line_local = line_local(s->code, pattern);
	if (!s->pattern)
		s->pattern = xstrdup(pattern);
	s->opts = opts;
	/* JIT when available; when it fails the interpreter runs the pattern (same results) */
	(void)pcre2_jit_compile(s->code, PCRE2_JIT_COMPLETE);
	return s;
}

void search_free(struct search *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
	if (s->mctx != shared_mctx) { /* its own (SEARCH_THREAD) */
		pcre2_match_context_free(s->mctx);
		pcre2_jit_stack_free(s->stack);
	}
	pcre2_code_free(s->code);
	if (s->wcode) {
		pcre2_match_data_free(s->wmd);
		pcre2_match_context_free(s->wctx);
		pcre2_jit_stack_free(s->wstack);
		pcre2_code_free(s->wcode);
	}
	free(s->pattern);
	free(s);
}

/* The guard (search.h): steps left, whether stop() said so, and who may be asked. */
static _Atomic unsigned long long guard_left = SEARCH_GUARD_STEPS;
static atomic_bool guard_stopped;
static bool (*guard_stop)(void *arg);
static void *guard_arg;
static pthread_t guard_thread;
static unsigned long guard_calls;

void search_guard_reset(bool (*stop)(void *arg), void *arg)
{
	atomic_store(&guard_left, SEARCH_GUARD_STEPS);
	atomic_store(&guard_stopped, false);
	guard_stop = stop;
	guard_arg = arg;
	guard_thread = pthread_self();
	guard_calls = 0;
}

bool search_guard_spent(void)
{
	return atomic_load(&guard_left) == 0 || atomic_load(&guard_stopped);
}

/* guard_charge: a call that hit its limit costs the limit */
static void guard_charge(unsigned long long n)
{
	unsigned long long left = atomic_load(&guard_left);

	while (!atomic_compare_exchange_weak(&guard_left, &left, left > n ? left - n : 0))
		;
}

/* guard_poll: ask stop() (from the thread that set it) whether to stop */
static bool guard_poll(bool hit)
{
	if (!guard_stop || !pthread_equal(pthread_self(), guard_thread))
		return false;
	if (!hit && ++guard_calls % SEARCH_GUARD_POLL != 0)
		return false;
	if (guard_stop(guard_arg))
		atomic_store(&guard_stopped, true);
	return atomic_load(&guard_stopped);
}

enum search_result search_exec(struct search *s, const char *subject, size_t len, size_t start,
                               size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	unsigned long long left = atomic_load(&guard_left),
	                   limit = left < SEARCH_MATCH_LIMIT ? left : SEARCH_MATCH_LIMIT;
	int rc;

	if (!s || start > len)
		return SEARCH_NOMATCH;
	if (atomic_load(&guard_stopped) || guard_poll(false))
		return SEARCH_STOPPED;
	if (limit == 0)
		return SEARCH_LIMIT;
	pcre2_set_match_limit(s->mctx, (uint32_t)limit);
	rc = pcre2_match(s->code, (PCRE2_SPTR)subject, len, start, 0, s->md, s->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return SEARCH_NOMATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT) {
		guard_charge(limit);
		guard_poll(true);
		return SEARCH_LIMIT;
	}
	if (rc < 0)
		return SEARCH_ERROR;
	ov = pcre2_get_ovector_pointer(s->md);
	if (ov[1] < ov[0]) /* \K in a lookahead can do this; report an empty match */
		ov[1] = ov[0];
	*mstart = ov[0];
	*mend = ov[1];
	return SEARCH_FOUND;
}

static enum search_result result_of(int rc)
{
	if (rc >= 0)
		return SEARCH_FOUND;
	if (rc == PCRE2_ERROR_NOMATCH)
		return SEARCH_NOMATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
		return SEARCH_LIMIT;
	return SEARCH_ERROR;
}

/* windowed: compile the offset-limited twin of the pattern on first use */
static bool windowed(struct search *s)
{
	int rc = 0;
	PCRE2_SIZE off = 0;

	if (s->wcode)
		return true;
	s->wcode = pcre2_compile((PCRE2_SPTR)s->pattern, PCRE2_ZERO_TERMINATED,
	                         s->opts | PCRE2_USE_OFFSET_LIMIT, &rc, &off, NULL);
	if (!s->wcode)
		return false;
	s->wmd = pcre2_match_data_create_from_pattern(s->wcode, NULL);
	s->wctx = new_context(&s->wstack);
	if (!s->wmd)
		die(EXIT_OOM, "out of memory (regular expression)");
	(void)pcre2_jit_compile(s->wcode, PCRE2_JIT_COMPLETE);
	return true;
}

/* try_window: start positions [from, last] with a per-position limit */
static enum search_result try_window(struct search *s, const char *subject, size_t len, size_t from,
                                     size_t last, uint32_t limit, size_t *ms, size_t *me)
{
	PCRE2_SIZE *ov;
	enum search_result r;

	pcre2_set_offset_limit(s->wctx, last);
	pcre2_set_match_limit(s->wctx, limit);
	r = result_of(pcre2_match(s->wcode, (PCRE2_SPTR)subject, len, from, 0, s->wmd, s->wctx));
	if (r != SEARCH_FOUND)
		return r;
	ov = pcre2_get_ovector_pointer(s->wmd);
	*ms = ov[0];
	*me = ov[1] < ov[0] ? ov[0] : ov[1];
	return SEARCH_FOUND;
}

static bool asked_to_stop(struct search_budget *b)
{
	b->polls++;
	return b->stop && b->stop(b->arg);
}

static bool charge(struct search_budget *b, unsigned long long steps)
{
	if (b->left < steps) {
		b->left = 0;
		return false;
	}
	b->left -= steps;
	return true;
}

/* one_position: the start position p alone, the limit doubled from SEARCH_STEP_LIMIT */
static enum search_result one_position(struct search *s, const char *subject, size_t len, size_t p,
                                       size_t *ms, size_t *me, struct search_budget *b)
{
	enum search_result r = SEARCH_LIMIT;

	b->slow++;
	for (uint32_t limit = 2 * SEARCH_STEP_LIMIT; r == SEARCH_LIMIT; limit *= 2) {
		if (limit > SEARCH_MATCH_LIMIT)
			limit = SEARCH_MATCH_LIMIT;
		if (asked_to_stop(b))
			return SEARCH_STOPPED;
		if (!charge(b, limit))
			return SEARCH_LIMIT;
		r = try_window(s, subject, len, p, p, limit, ms, me);
		if (limit == SEARCH_MATCH_LIMIT)
			break;
	}
	return r;
}

/* char_end: the first code point boundary at or after p */
static size_t char_end(const char *subject, size_t len, size_t p)
{
	while (p < len && ((unsigned char)subject[p] & 0xC0) == 0x80)
		p++;
	return p;
}

/* one_by_one: the start positions [p, end) of a window that hit the step limit */
static enum search_result one_by_one(struct search *s, const char *subject, size_t len, size_t p,
                                     size_t end, size_t *ms, size_t *me, struct search_budget *b)
{
	if (!charge(b, SEARCH_STEP_LIMIT))
		return SEARCH_LIMIT;
	for (size_t q = p; q < end; q = char_end(subject, len, q + 1)) {
		enum search_result r;
		if (asked_to_stop(b))
			return SEARCH_STOPPED;
		r = try_window(s, subject, len, q, q, SEARCH_STEP_LIMIT, ms, me);
		if (r == SEARCH_LIMIT)
			r = one_position(s, subject, len, q, ms, me, b);
		if (r != SEARCH_NOMATCH || q >= len)
			return r;
	}
	return SEARCH_NOMATCH;
}

enum search_result search_exec_budget(struct search *s, const char *subject, size_t len,
                                      size_t start, size_t *mstart, size_t *mend,
                                      struct search_budget *b)
{
	size_t p = start;

	if (!s || start > len)
		return SEARCH_NOMATCH;
	if (!windowed(s))
		return SEARCH_ERROR;
	for (;;) { /* windows [p, end) of start positions; the last one includes len */
		size_t end =
		    p + SEARCH_WINDOW >= len ? len + 1 : char_end(subject, len, p + SEARCH_WINDOW);
		enum search_result r;
		if (b->start_limit && p >= b->start_limit)
			return SEARCH_NOMATCH;
		if (asked_to_stop(b))
			return SEARCH_STOPPED;
		if (!charge(b, end - p))
			return SEARCH_LIMIT;
		r = try_window(s, subject, len, p, end - 1, SEARCH_STEP_LIMIT, mstart, mend);
		if (r == SEARCH_LIMIT) /* some position needs more: take them one by one */
			r = one_by_one(s, subject, len, p, end, mstart, mend, b);
		if (r != SEARCH_NOMATCH || end > len)
			return r;
		p = end;
	}
}

bool search_group(const struct search *s, unsigned n, size_t *gs, size_t *ge)
{
	PCRE2_SIZE *ov;

	if (!s || n == 0 || n >= pcre2_get_ovector_count(s->md))
		return false;
	ov = pcre2_get_ovector_pointer(s->md);
	if (ov[2 * n] == PCRE2_UNSET || ov[2 * n + 1] < ov[2 * n])
		return false;
	*gs = ov[2 * n];
	*ge = ov[2 * n + 1];
	return true;
}

const char *search_error_message(enum search_result r)
{
	switch (r) {
	case SEARCH_LIMIT:
		return "the pattern needs too much backtracking (match limit reached); simplify it";
	case SEARCH_ERROR:
		return "the pattern could not be matched";
	case SEARCH_STOPPED:
		return "stopped";
	case SEARCH_NOMATCH:
		return "no match";
	case SEARCH_FOUND:
		return "found";
	}
	return "unknown search result";
}
