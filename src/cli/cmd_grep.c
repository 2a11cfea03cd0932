/* cmd_grep.c — gloss grep: key word in context with the codes at each match. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/grep.h"
#include "gloss/overlap.h"
#include "gloss/project.h"
#include "gloss/search.h"
#include "gloss/settings.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define GREP_CONTEXT_DEFAULT 30
#define GREP_CONTEXT_MAX 1000

const char cmd_grep_help[] =
    "usage: gloss grep [-i] [-c] [-C N] [--exact-quotes] [--codebook FILE] [--coder NAME]...\n"
    "                  PATTERN [PATH...]\n"
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
    "--coder ones; drifted and ambiguous codings excepted) overlap the match, sorted;\n"
    "they are left out when there are none, and SPEAKER when the line is outside any\n"
    "turn. When standard output is a terminal the match is shown in bold instead of\n"
    "brackets.\n"
    "Control characters are shown as visible symbols. Empty matches are not shown.\n"
    "\n"
    "options:\n"
    "  -i, --ignore-case   match regardless of case\n"
    "  -c, --count         print only PATH:N, the number of lines with a match, for each\n"
    "                      transcript (like grep -c; codings are not read)\n"
    "  -C, --context N     characters of context on each side (default 30, 0 to 1000)\n"
    "  --exact-quotes      match quotes, dashes and ellipses only as written (by default\n"
    "                      ' \" - and ... also find ‘ ’ “ ” – — and …, and the other way\n"
    "                      round; gloss.yaml: exact_quotes: true)\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        show only this coder's codes; repeat for several\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 something matched; 1 nothing matched; 2 invalid pattern, a pattern\n"
    "that needs too much backtracking (PCRE2 match limit), or usage error.\n";

/* The transcripts are searched in the threads that load them (grep.h); each document's
 * matches are printed in path order afterwards, with the codes at each match from the
 * overlap index (overlap.h). With -c the transcript is dropped as soon as it is counted. */
struct out {
	size_t context;
	bool tty;
	struct overlap ix;
	const char **ids;
	size_t nids, capids;
};

static bool add_id(void *ctx, const struct overlap_ref *r)
{
	struct out *o = ctx;

	VEC_PUSH(o->ids, o->nids, o->capids, overlap_coding(&o->ix, r)->code);
	return true;
}

/* add_codes: "  {a,b}" for the codes of the counted codings overlapping [ms, me) */
static void add_codes(struct strbuf *out, struct out *o, size_t ms, size_t me)
{
	o->nids = 0;
	overlap_each(&o->ix, ms, me, add_id, o);
	if (o->nids == 0)
		return;
	sort_array(o->ids, o->nids, sizeof(*o->ids), str_cmp_ptr);
	sb_adds(out, "  {");
	for (size_t i = 0; i < o->nids; i++) {
		if (i && strcmp(o->ids[i], o->ids[i - 1]) == 0)
			continue;
		if (i)
			sb_addc(out, ',');
		cli_add_safe(out, o->ids[i], strlen(o->ids[i]));
	}
	sb_addc(out, '}');
}

static void print_match(struct strbuf *out, struct out *o, const struct transcript *t,
                        const struct grep_match *m)
{
	const struct tline *ln = &t->lines[m->line];
	size_t ls = ln->content, le = ln->off + ln->len, left = m->start, right;

	for (size_t k = 0; k < o->context && left > ls; k++)
		left = utf8_prev(t->text, left);
	right = m->end + utf8_advance(t->text + m->end, le - m->end, o->context);
	cli_add_safe(out, t->path, strlen(t->path));
	sb_printf(out, ":%zu: ", m->line + 1);
	if (ln->turn >= 0 && (size_t)ln->turn < t->nturns) {
		const char *sp = t->turns[ln->turn].speaker;
		cli_add_safe(out, sp, strlen(sp));
		sb_adds(out, ": ");
	}
	cli_add_safe(out, t->text + left, m->start - left);
	sb_adds(out, o->tty ? "\033[1m" : "[");
	cli_add_safe(out, t->text + m->start, m->end - m->start);
	sb_adds(out, o->tty ? "\033[22m" : "]");
	cli_add_safe(out, t->text + m->end, right - m->end);
	add_codes(out, o, m->start, m->end);
	sb_addc(out, '\n');
}

/* print_doc: one document's matches (or count); false when its search failed */
static bool print_doc(struct out *o, const struct doc *doc, const struct grep_result *r, bool count)
{
	struct strbuf sb = STRBUF_INIT;

	if (count && !r->compile_error && r->error == SEARCH_FOUND) {
		cli_add_safe(&sb, r->path, strlen(r->path));
		sb_printf(&sb, ":%zu\n", r->lines);
	} else if (!count && r->n) {
		overlap_build(&o->ix, doc->sets, doc->nsets);
		for (size_t i = 0; i < r->n; i++)
			print_match(&sb, o, doc->t, &r->m[i]);
		overlap_done(&o->ix);
	}
	if (sb.len)
		fwrite(sb.data, 1, sb.len, stdout);
	sb_reset(&sb);
	if (r->compile_error || r->error != SEARCH_FOUND) {
		fflush(stdout);
		if (r->compile_error) {
			fprintf(stderr, "gloss: %s\n", r->compile_error);
		} else {
			cli_add_safe(&sb, r->path, strlen(r->path));
			fprintf(stderr, "gloss: %s:%zu: %s\n", sb.data, r->error_line + 1,
			        search_error_message(r->error));
		}
	}
	sb_done(&sb);
	return !r->compile_error && r->error == SEARCH_FOUND;
}

/* grep_print: the documents' output in path order, up to the first failed search; -1 or an
 * exit status */
static int grep_print(const struct grep *g, struct out *o, const struct project *p, size_t *matches)
{
	int rc = -1;

	for (size_t d = 0; d < p->ndocs; d++) {
		struct grep_result *r = grep_result(&p->docs[d]);
		if (!r)
			continue;
		if (rc < 0) {
			*matches += g->count ? r->lines : r->n;
			if (!print_doc(o, &p->docs[d], r, g->count))
				rc = GLOSS_EXIT_USAGE;
		}
		grep_result_free(r);
		p->docs[d].user = NULL;
	}
	return rc;
}

static int grep_compile(struct search **re, const struct args *a, int flags)
{
	char err[256];
	size_t off = 0;
	struct strbuf pat = STRBUF_INIT;

	*re = search_new(a->pos[0], flags, err, sizeof(err), &off);
	if (*re)
		return -1;
	cli_add_safe(&pat, a->pos[0], strlen(a->pos[0]));
	fprintf(stderr, "gloss: invalid pattern '%s': %s at offset %zu\n", pat.data, err, off);
	sb_done(&pat);
	return GLOSS_EXIT_USAGE;
}

static int grep_context(struct out *g, const struct args *a)
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
	struct grep g;
	struct out o = {0};
	struct search *re = NULL;
	struct project_opts po = {0};
	struct settings st;
	struct project *p;
	struct diags d;
	size_t matches = 0;
	int rc, flags;

	if (a->npos == 0)
		return cli_usage_error("grep needs a PATTERN%s", "");
	if ((rc = grep_context(&o, a)) >= 0 || (rc = cli_check_coders(a)) >= 0)
		return rc;
	diags_init(&d);
	settings_load(&st, SETTINGS_FILE, &d); /* before the loading threads use the flags */
	cli_print_load_diags(&d, a->verbose);
	diags_done(&d);
	flags = (a->icase ? SEARCH_CASELESS : 0) |
	        (a->exact_quotes || st.exact_quotes ? SEARCH_EXACT_QUOTES : 0);
	if ((rc = grep_compile(&re, a, flags)) >= 0) {
		settings_done(&st);
		return rc;
	}
	search_free(re); /* it compiles: each loading thread makes its own */
	grep_init(&g, a->pos[0], flags, a->count);
	o.tty = isatty(STDOUT_FILENO);
	cli_project_opts(&po, a, a->pos + 1, a->npos - 1, true);
	po.no_words = true;      /* grep never counts words */
	po.text_only = a->count; /* and -c needs neither lines nor codes */
	po.each = grep_each;
	po.each_ctx = &g;
	po.drop = a->count; /* -c keeps nothing but the count */
	po.settings = &st;
	diags_init(&d);
	p = project_open(&po, &d);
	grep_done(&g);
	if (!p) {
		settings_done(&st);
		return cli_fatal(&d);
	}
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	cli_warn_coders(p, a);
	rc = grep_print(&g, &o, p, &matches);
	if (rc < 0)
		rc = cli_flush_out(matches ? GLOSS_EXIT_OK : GLOSS_EXIT_PROBLEMS);
	project_free(p);
	settings_done(&st);
	free(o.ids);
	return rc;
}
