/* cmd_grep.c — gloss grep: key word in context with the codes at each match. */
#include "gloss/cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/search.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define GREP_CONTEXT_DEFAULT 30
#define GREP_CONTEXT_MAX 1000

const char cmd_grep_help[] =
    "usage: gloss grep [-i] [-c] [-C N] [--codebook FILE] [--coder NAME]... PATTERN [PATH...]\n"
    "\n"
    "Search the transcripts (PATHs, else transcripts/) for PATTERN, a Perl-compatible\n"
    "regular expression (PCRE2, Unicode-aware), one line at a time: the front matter and\n"
    "the \"[time] SPEAKER:\" labels are not searched, and ^ and $ match at the start and\n"
    "end of the text on a line. Each match is printed on a line of its own, key word in\n"
    "context:\n"
    "\n"
    "  PATH:LINE: SPEAKER: LEFT[MATCH]RIGHT  {CODE,...}\n"
    "\n"
    "LEFT and RIGHT are up to N characters of the same line before and after the match.\n"
    "The braces list the ids of the codes whose codings (of every coder, or of the\n"
    "--coder ones; drifted codings excepted) overlap the match, sorted; they are left\n"
    "out when there are none, and SPEAKER when the line is outside any turn. When\n"
    "standard output is a terminal the match is shown in bold instead of brackets.\n"
    "Control characters are shown as visible symbols. Empty matches are not shown.\n"
    "\n"
    "options:\n"
    "  -i, --ignore-case   match regardless of case\n"
    "  -c, --count         print only PATH:N, the number of lines with a match, for each\n"
    "                      transcript (like grep -c; codings are not read)\n"
    "  -C, --context N     characters of context on each side (default 30, 0 to 1000)\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        show only this coder's codes; repeat for several\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 something matched; 1 nothing matched; 2 invalid pattern, a pattern\n"
    "that needs too much backtracking (PCRE2 match limit), or usage error.\n";

/* The transcripts are searched in the threads that load them (project_opts.each); each
 * document's output is kept in its struct found and printed in path order afterwards, and
 * with -c the transcript is dropped as soon as it is counted. */
struct grep {
	const char *pattern;
	int flags;
	struct search *re[PROJECT_MAX_THREADS]; /* one per loading thread, made on first use */
	size_t context;
	bool tty, count;
};

struct found {
	char *path;        /* the transcript's (its doc is dropped with -c) */
	struct strbuf out; /* the lines to print */
	size_t matches;    /* matches printed, or lines counted with -c */
	char *error;       /* "PATH:LINE: message": the search stopped here */
};

/* add_codes: "  {a,b}" for the codes of codings overlapping [ms, me) */
static void add_codes(struct strbuf *out, const struct doc *doc, size_t ms, size_t me)
{
	const char **ids = NULL;
	size_t n = 0, cap = 0;

	for (size_t s = 0; s < doc->nsets; s++) {
		const struct codings *c = doc->sets[s];
		for (size_t i = 0; i < c->len; i++) {
			const struct coding *cd = &c->items[i];
			if (cd->status != CODING_DRIFTED && cd->start < me && cd->end > ms)
				VEC_PUSH(ids, n, cap, cd->code);
		}
	}
	if (n) {
		sort_array(ids, n, sizeof(*ids), str_cmp_ptr);
		sb_adds(out, "  {");
		for (size_t i = 0; i < n; i++) {
			if (i && strcmp(ids[i], ids[i - 1]) == 0)
				continue;
			if (i)
				sb_addc(out, ',');
			cli_add_safe(out, ids[i], strlen(ids[i]));
		}
		sb_addc(out, '}');
	}
	free(ids);
}

static void print_match(const struct grep *g, struct found *f, const struct doc *doc, size_t li,
                        size_t ms, size_t me)
{
	const struct transcript *t = doc->t;
	const struct tline *ln = &t->lines[li];
	size_t ls = ln->content, le = ln->off + ln->len, left = ms, right;

	for (size_t k = 0; k < g->context && left > ls; k++)
		left = utf8_prev(t->text, left);
	right = me + utf8_advance(t->text + me, le - me, g->context);
	cli_add_safe(&f->out, t->path, strlen(t->path));
	sb_printf(&f->out, ":%zu: ", li + 1);
	if (ln->turn >= 0 && (size_t)ln->turn < t->nturns) {
		const char *sp = t->turns[ln->turn].speaker;
		cli_add_safe(&f->out, sp, strlen(sp));
		sb_adds(&f->out, ": ");
	}
	cli_add_safe(&f->out, t->text + left, ms - left);
	sb_adds(&f->out, g->tty ? "\033[1m" : "[");
	cli_add_safe(&f->out, t->text + ms, me - ms);
	sb_adds(&f->out, g->tty ? "\033[22m" : "]");
	cli_add_safe(&f->out, t->text + me, right - me);
	add_codes(&f->out, doc, ms, me);
	sb_addc(&f->out, '\n');
	f->matches++;
}

/* One document being searched. */
struct grep_scan {
	const struct grep *g;
	struct search *re;
	struct found *f;
	const struct doc *doc;
};

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

/* search_failed: f->error for a search that failed on line li (0-based) of t */
static void search_failed(struct found *f, const struct transcript *t, size_t li,
                          enum search_result r)
{
	struct strbuf sb = STRBUF_INIT;

	cli_add_safe(&sb, t->path, strlen(t->path));
	sb_printf(&sb, ":%zu: %s", li + 1, search_error_message(r));
	f->error = sb_detach(&sb);
}

/* grep_line: every match in the text of line li; false when the search failed (f->error
 * says why) */
static bool grep_line(const struct grep *g, struct search *re, struct found *f,
                      const struct doc *doc, size_t li)
{
	const struct transcript *t = doc->t;
	const struct tline *ln = &t->lines[li];
	const char *subj = t->text + ln->content;
	size_t len = ln->off + ln->len - ln->content, pos = 0, ms, me;
	enum search_result r;

	while ((r = first_match(re, subj, len, pos, &ms, &me)) == SEARCH_FOUND) {
		print_match(g, f, doc, li, ln->content + ms, ln->content + me);
		pos = me;
	}
	if (r == SEARCH_FOUND || r == SEARCH_NOMATCH)
		return true;
	search_failed(f, t, li, r);
	return false;
}

/* count_line: grep -c on the body line text[ls..le); false when the search failed */
static bool count_line(struct grep_scan *sc, size_t ls, size_t le)
{
	const struct transcript *t = sc->doc->t;
	size_t cs = transcript_content_start(t, ls, le), ms, me, li = 0;
	enum search_result r = first_match(sc->re, t->text + cs, le - cs, 0, &ms, &me);

	if (r == SEARCH_FOUND)
		sc->f->matches++;
	if (r == SEARCH_FOUND || r == SEARCH_NOMATCH)
		return true;
	for (const char *p = t->text; (p = memchr(p, '\n', (size_t)(t->text + ls - p))); p++)
		li++; /* the line number, for the message */
	search_failed(sc->f, t, li, r);
	return false;
}

/* kwic_line: every match of the body line text[ls..le), in context */
static bool kwic_line(struct grep_scan *sc, size_t ls, size_t le)
{
	(void)le;
	return grep_line(sc->g, sc->re, sc->f, sc->doc, transcript_line_at(sc->doc->t, ls));
}

/* scan_lines: fn for every body line that may match, in order, until it returns false.
 * With a pattern whose matches do not depend on the text around a line
 * (search_line_local), one search over the rest of the text finds the next line that may
 * match and only that line is searched on its own: the text is scanned at the speed of
 * the JIT instead of one call per line. If that search backtracks too much (over many
 * lines), the rest is read line by line. */
static bool scan_lines(struct grep_scan *sc, bool (*fn)(struct grep_scan *, size_t, size_t))
{
	const struct transcript *t = sc->doc->t;
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

/* grep_each: search one document, in the thread that loaded it */
static void grep_each(void *ctx, unsigned worker, struct doc *doc)
{
	struct grep *g = ctx;
	struct found *f = xcalloc(1, sizeof(*f));
	char err[256];
	size_t off;

	if (!g->re[worker])
		g->re[worker] =
		    search_new(g->pattern, g->flags | SEARCH_THREAD, err, sizeof(err), &off);
	doc->user = f;
	f->path = xstrdup(doc->t->path);
	if (!g->re[worker]) /* it compiled in the main thread: out of memory for the JIT? */
		f->error = xstrdup(err);
	else
		scan_lines(&(struct grep_scan){g, g->re[worker], f, doc},
		           g->count ? count_line : kwic_line);
}

/* grep_print: the documents' output in path order, up to the first failed search; -1 or an
 * exit status */
static int grep_print(const struct grep *g, const struct project *p, size_t *matches)
{
	int rc = -1;

	for (size_t d = 0; d < p->ndocs; d++) {
		struct found *f = p->docs[d].user;
		if (!f)
			continue;
		if (rc < 0) {
			if (f->out.len)
				fwrite(f->out.data, 1, f->out.len, stdout);
			if (g->count && !f->error) {
				struct strbuf sb = STRBUF_INIT;
				cli_add_safe(&sb, f->path, strlen(f->path));
				printf("%s:%zu\n", sb.data, f->matches);
				sb_done(&sb);
			}
			*matches += f->matches;
			if (f->error) {
				fflush(stdout);
				fprintf(stderr, "gloss: %s\n", f->error);
				rc = GLOSS_EXIT_USAGE;
			}
		}
		sb_done(&f->out);
		free(f->path);
		free(f->error);
		free(f);
	}
	return rc;
}

static int grep_compile(struct search **re, const struct args *a)
{
	char err[256];
	size_t off = 0;
	struct strbuf pat = STRBUF_INIT;

	*re = search_new(a->pos[0], a->icase ? SEARCH_CASELESS : 0, err, sizeof(err), &off);
	if (*re)
		return -1;
	cli_add_safe(&pat, a->pos[0], strlen(a->pos[0]));
	fprintf(stderr, "gloss: invalid pattern '%s': %s at offset %zu\n", pat.data, err, off);
	sb_done(&pat);
	return GLOSS_EXIT_USAGE;
}

static int grep_context(struct grep *g, const struct args *a)
{
	char *end;
	long v;

	g->context = GREP_CONTEXT_DEFAULT;
	if (!a->context)
		return -1;
	errno = 0;
	v = strtol(a->context, &end, 10);
	if (errno || end == a->context || *end || v < 0 || v > GREP_CONTEXT_MAX)
		return cli_usage_error("invalid context '%s' (use a number from 0 to 1000)",
		                       a->context);
	g->context = (size_t)v;
	return -1;
}

int cmd_grep(struct args *a)
{
	struct grep g = {0};
	struct search *re = NULL;
	struct project_opts po = {0};
	struct project *p;
	struct diags d;
	size_t matches = 0;
	int rc;

	if (a->npos == 0)
		return cli_usage_error("grep needs a PATTERN%s", "");
	if ((rc = grep_context(&g, a)) >= 0 || (rc = cli_check_coders(a)) >= 0 ||
	    (rc = grep_compile(&re, a)) >= 0)
		return rc;
	search_free(re); /* it compiles: each loading thread makes its own */
	g.pattern = a->pos[0];
	g.flags = a->icase ? SEARCH_CASELESS : 0;
	g.tty = isatty(STDOUT_FILENO);
	g.count = a->count;
	cli_project_opts(&po, a, a->pos + 1, a->npos - 1, true);
	po.no_words = true;      /* grep never counts words */
	po.text_only = a->count; /* and -c needs neither lines nor codes */
	po.each = grep_each;
	po.each_ctx = &g;
	po.drop = a->count; /* -c keeps nothing but the count */
	diags_init(&d);
	p = project_open(&po, &d);
	for (size_t i = 0; i < PROJECT_MAX_THREADS; i++)
		search_free(g.re[i]);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = grep_print(&g, p, &matches);
	if (rc < 0)
		rc = cli_flush_out(matches ? GLOSS_EXIT_OK : GLOSS_EXIT_PROBLEMS);
	project_free(p);
	return rc;
}
