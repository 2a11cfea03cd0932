/* fuzz_search — compile a pattern and run it over a subject: input is FLAGS PATTERN \0
 * SUBJECT. Matching must terminate (match/depth limits) and report sane offsets, and a
 * pattern that search_line_local calls line-local must keep its promise: a line with a
 * match of its own is found by a search of the whole text from the line's start, at or
 * before that match (what grep's whole-text scan relies on). */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/search.h"

/* valid_utf8: the subject as search_exec requires it (invalid bytes and NUL -> U+FFFD). */
static char *valid_utf8(const char *s, size_t n, size_t *out_len)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		char enc[4];

		if (cp == 0)
			cp = UTF8_REPLACEMENT;
		sb_add(&sb, enc, utf8_encode(cp, enc));
		i += k;
	}
	*out_len = sb.len;
	return sb_detach(&sb);
}

/* check_line_local: the promise of search_line_local, for every line of the subject */
static void check_line_local(struct search *s, const char *subject, size_t slen)
{
	size_t ls = 0;

	if (!search_line_local(s))
		return;
	for (int lines = 0; ls <= slen && lines < 16; lines++) {
		const char *nl = memchr(subject + ls, '\n', slen - ls);
		size_t le = nl ? (size_t)(nl - subject) : slen, ms, me, ws, we;
		enum search_result r = search_exec(s, subject + ls, le - ls, 0, &ms, &me), w;

		if (r == SEARCH_LIMIT)
			break;
		if (r == SEARCH_FOUND) {
			/* a line-local pattern cannot match the empty string */
			FUZZ_ASSERT(me > ms);
			w = search_exec(s, subject, slen, ls, &ws, &we);
			FUZZ_ASSERT(w == SEARCH_LIMIT || (w == SEARCH_FOUND && ws <= ls + ms));
			if (w == SEARCH_LIMIT)
				break; /* grep goes on line by line after one; so does this check */
		}
		if (!nl)
			break;
		ls = le + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data, *nul;
	char *pattern, *subject, err[256];
	size_t plen, slen, erroff = 0, at = 0;
	struct search *s;

	if (size < 1)
		return 0;
	nul = memchr(in + 1, '\0', size - 1);
	plen = nul ? (size_t)(nul - in - 1) : size - 1;
	pattern = xstrndup(in + 1, plen);
	subject = valid_utf8(nul ? nul + 1 : "", nul ? size - plen - 2 : 0, &slen);
	s = search_new(pattern, data[0] & 1 ? SEARCH_CASELESS : 0, err, sizeof(err), &erroff);
	if (!s) {
		FUZZ_ASSERT(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
		FUZZ_ASSERT(erroff <= strlen(pattern));
	}
	for (int i = 0; s && i < 1000 && at <= slen; i++) {
		size_t ms = 0, me = 0;
		enum search_result r = search_exec(s, subject, slen, at, &ms, &me);

		if (r != SEARCH_FOUND) {
			FUZZ_ASSERT(r == SEARCH_NOMATCH || search_error_message(r) != NULL);
			break;
		}
		FUZZ_ASSERT(at <= ms && ms <= me && me <= slen);
		at = me > ms ? me : me + 1;
		while (at < slen && (subject[at] & 0xC0) == 0x80)
			at++;
	}
	if (s) {
		check_line_local(s, subject, slen);
		search_free(s);
	}
	free(pattern);
	free(subject);
	return 0;
}
