/* grep.c — the search of transcripts, line by line, in the loading threads (see grep.h). */
#include "gloss/grep.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

/* One document being searched. */
struct scan {
	struct search *re;
	struct grep_result *r;
	const struct transcript *t;
};

void grep_init(struct grep *g, const char *pattern, int flags, bool count)
{
	memset(g, 0, sizeof(*g));
	g->pattern = pattern;
	g->flags = flags;
	g->count = count;
}

void grep_done(struct grep *g)
{
	for (size_t i = 0; i < PROJECT_MAX_THREADS; i++)
		search_free(g->re[i]);
	memset(g->re, 0, sizeof(g->re));
}

void grep_result_free(struct grep_result *r)
{
	if (!r)
		return;
	free(r->path);
	free(r->m);
	free(r->compile_error);
	free(r);
}

/* first_match: the first non-empty match in subj[0..len) from pos (empty matches are
 * stepped over): SEARCH_FOUND with *ms and *me set, SEARCH_NOMATCH or a failure */
static enum search_result first_match(struct search *re, const char *subj, size_t len, size_t pos,
                                      size_t *ms, size_t *me)
{
	for (;;) {
		enum search_result r = search_exec(re, subj, len, pos, ms, me);
		if (r != SEARCH_FOUND || *me > *ms)
			return r;
		if (*ms >= len)
			return SEARCH_NOMATCH;
		pos = *ms + utf8_advance(subj + *ms, len - *ms, 1);
	}
}

static bool failed(struct scan *sc, size_t li, enum search_result r)
{
	sc->r->error = r;
	sc->r->error_line = li;
	return false;
}

/* match_line: every match in the text of line li; false when the search failed */
static bool match_line(struct scan *sc, size_t li)
{
	const struct tline *ln = &sc->t->lines[li];
	const char *subj = sc->t->text + ln->content;
	size_t len = ln->off + ln->len - ln->content, pos = 0, ms, me;
	enum search_result r;

	while ((r = first_match(sc->re, subj, len, pos, &ms, &me)) == SEARCH_FOUND) {
		struct grep_match m = {li, ln->content + ms, ln->content + me};
		VEC_PUSH(sc->r->m, sc->r->n, sc->r->cap, m);
		pos = me;
	}
	return r == SEARCH_NOMATCH || failed(sc, li, r);
}

/* count_line: the body line text[ls..le) has a match?; false when the search failed */
static bool count_line(struct scan *sc, size_t ls, size_t le)
{
	const struct transcript *t = sc->t;
	size_t cs = transcript_content_start(t, ls, le), ms, me, li = 0;
	enum search_result r = first_match(sc->re, t->text + cs, le - cs, 0, &ms, &me);

	if (r == SEARCH_FOUND)
		sc->r->lines++;
	if (r == SEARCH_FOUND || r == SEARCH_NOMATCH)
		return true;
	for (const char *p = t->text; (p = memchr(p, '\n', (size_t)(t->text + ls - p))); p++)
		li++; /* the line number, for the message (no line table in a text-only load) */
	return failed(sc, li, r);
}

static bool kwic_line(struct scan *sc, size_t ls, size_t le)
{
	(void)le;
	return match_line(sc, transcript_line_at(sc->t, ls));
}

/* scan_lines: fn for every body line that may match, in order, until it returns false.
 * With a line-local pattern one search over the rest of the text finds the next line
 * that may match; if that search backtracks too much (over many lines), the rest is read
 * line by line. */
static bool scan_lines(struct scan *sc, bool (*fn)(struct scan *, size_t, size_t))
{
	const struct transcript *t = sc->t;
	size_t ls = t->body, ms, me;
	bool scan = search_line_local(sc->re);

	while (ls < t->len) {
		const char *nl;
		if (scan) {
			enum search_result r = search_exec(sc->re, t->text, t->len, ls, &ms, &me);
			if (r == SEARCH_NOMATCH)
				break;
			scan = r == SEARCH_FOUND;
			if (scan && (nl = memrchr(t->text + ls, '\n', ms - ls)) != NULL)
				ls = (size_t)(nl - t->text) + 1;
		}
		nl = memchr(t->text + ls, '\n', t->len - ls);
		if (!fn(sc, ls, nl ? (size_t)(nl - t->text) : t->len))
			return false;
		if (!nl)
			break;
		ls = (size_t)(nl - t->text) + 1;
	}
	return true;
}

void grep_each(void *ctx, unsigned worker, struct doc *doc)
{
	struct grep *g = ctx;
	struct grep_result *r = xcalloc(1, sizeof(*r));
	char err[256];
	size_t off;

	if (!g->re[worker])
		g->re[worker] =
		    search_new(g->pattern, g->flags | SEARCH_THREAD, err, sizeof(err), &off);
	doc->user = r;
	r->path = xstrdup(doc->t->path);
	r->error = SEARCH_FOUND;
	if (!g->re[worker]) /* it compiled in the main thread: out of memory for the JIT? */
		r->compile_error = xstrdup(err);
	else
		scan_lines(&(struct scan){g->re[worker], r, doc->t},
		           g->count ? count_line : kwic_line);
}
