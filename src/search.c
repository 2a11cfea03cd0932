/* search.c — PCRE2 patterns with UTF/UCP, JIT when available, and bounded matching. */
#include "gloss/search.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
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
	s->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &rc, &off, NULL);
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
	free(s);
}

enum search_result search_exec(struct search *s, const char *subject, size_t len, size_t start,
                               size_t *mstart, size_t *mend)
{
	PCRE2_SIZE *ov;
	int rc;

	if (!s || start > len)
		return SEARCH_NOMATCH;
	rc = pcre2_match(s->code, (PCRE2_SPTR)subject, len, start, 0, s->md, s->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return SEARCH_NOMATCH;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
		return SEARCH_LIMIT;
	if (rc < 0)
		return SEARCH_ERROR;
	ov = pcre2_get_ovector_pointer(s->md);
	if (ov[1] < ov[0]) /* \K in a lookahead can do this; report an empty match */
		ov[1] = ov[0];
	*mstart = ov[0];
	*mend = ov[1];
	return SEARCH_FOUND;
}

const char *search_error_message(enum search_result r)
{
	switch (r) {
	case SEARCH_LIMIT:
		return "the pattern needs too much backtracking (match limit reached); simplify it";
	case SEARCH_ERROR:
		return "the pattern could not be matched";
	case SEARCH_NOMATCH:
		return "no match";
	case SEARCH_FOUND:
		return "found";
	}
	return "unknown search result";
}
