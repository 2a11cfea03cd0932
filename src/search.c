/* search.c — PCRE2 patterns with UTF/UCP, JIT when available, and bounded matching. */
#include "gloss/search.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

#include "gloss/utf8.h"
#include "gloss/util.h"

struct search {
	pcre2_code *code;
	pcre2_match_data *md;
};

/* One match context (limits + JIT stack) for every pattern: gloss matches one pattern at a
 * time, and a codebook with thousands of patterns must not hold thousands of JIT stacks. */
static pcre2_match_context *shared_mctx;
static pcre2_jit_stack *shared_jit_stack;

static pcre2_match_context *match_context(void)
{
	if (shared_mctx)
		return shared_mctx;
	shared_mctx = pcre2_match_context_create(NULL);
	if (!shared_mctx)
		die(EXIT_OOM, "out of memory (regular expression)");
	pcre2_set_match_limit(shared_mctx, SEARCH_MATCH_LIMIT);
	pcre2_set_depth_limit(shared_mctx, SEARCH_DEPTH_LIMIT);
	shared_jit_stack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (shared_jit_stack) /* without one JIT uses 32K of machine stack */
		pcre2_jit_stack_assign(shared_mctx, NULL, shared_jit_stack);
	return shared_mctx;
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
	/* JIT when available; when it fails the interpreter runs the pattern (same results) */
	(void)pcre2_jit_compile(s->code, PCRE2_JIT_COMPLETE);
	return s;
}

void search_free(struct search *s)
{
	if (!s)
		return;
	pcre2_match_data_free(s->md);
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
	rc = pcre2_match(s->code, (PCRE2_SPTR)subject, len, start, 0, s->md, match_context());
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
