/* cmd_suggest.c — gloss suggest: the codings the codebook's patterns suggest and nobody
 * applied yet. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/suggest.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

#define SUGGEST_MAX_SHOWN 160 /* bytes of a sentence shown at most, around the match */

const char cmd_suggest_help[] =
    "usage: gloss suggest [--codebook FILE] [--coder NAME]... [CODE...]\n"
    "\n"
    "List the codings the codebook's patterns suggest (the patterns: field of a code, see\n"
    "gloss(5)) that are not applied yet: for every match of a code's pattern in the\n"
    "transcripts (transcripts/; the body, outside speaker labels) that no coding of that\n"
    "code overlaps, the sentence around it, once per code and sentence:\n"
    "\n"
    "  PATH:LINE: CODE: SPEAKER: SENTENCE WITH THE [MATCH]\n"
    "\n"
    "Only the CODEs given (ids) when there are any, else every code with patterns. In the\n"
    "interactive coder the same suggestions are marked in the margin.\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (see gloss help tally)\n"
    "  --coder NAME      a suggestion is applied when this coder coded it; repeat for\n"
    "                    several (default: any coder)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 suggestions listed; 1 none, or the project could not be loaded;\n"
    "2 an unknown CODE or a usage error.\n";

/* wanted_codes: a flag per code of the codebook; -1 or a usage error's status */
static int wanted_codes(const struct codebook *cb, const struct args *a, bool **wanted)
{
	*wanted = NULL;
	if (a->npos == 0)
		return -1;
	*wanted = xcalloc(cb->ncodes + 1, sizeof(bool));
	for (size_t i = 0; i < a->npos; i++) {
		int c = codebook_find(cb, a->pos[i]);
		if (c < 0)
			return cli_usage_error("no code '%s' in the codebook", a->pos[i]);
		(*wanted)[c] = true;
	}
	return -1;
}

static void print_one(struct strbuf *out, const struct project *p, const struct transcript *t,
                      const struct suggestion *sg)
{
	size_t s = sg->start, e = sg->end;
	const char *id = p->cb->codes[sg->code].id, *sp = transcript_speaker_at(t, sg->ms);

	if (e - s > SUGGEST_MAX_SHOWN) { /* keep the match and some of each side */
		s = sg->ms > s + SUGGEST_MAX_SHOWN / 2 ? sg->ms - SUGGEST_MAX_SHOWN / 2 : s;
		e = sg->me + SUGGEST_MAX_SHOWN / 2 < e ? sg->me + SUGGEST_MAX_SHOWN / 2 : e;
		while (s > sg->start && (t->text[s] & 0xC0) == 0x80)
			s--;
		while (e < sg->end && (t->text[e] & 0xC0) == 0x80)
			e++;
	}
	cli_add_safe(out, t->path, strlen(t->path));
	sb_printf(out, ":%zu: ", sg->line + 1);
	cli_add_safe(out, id, strlen(id));
	sb_adds(out, ": ");
	if (sp) {
		cli_add_safe(out, sp, strlen(sp));
		sb_adds(out, ": ");
	}
	sb_adds(out, s > sg->start ? "..." : "");
	cli_add_safe(out, t->text + s, sg->ms - s);
	sb_addc(out, '[');
	cli_add_safe(out, t->text + sg->ms, sg->me - sg->ms);
	sb_addc(out, ']');
	cli_add_safe(out, t->text + sg->me, e - sg->me);
	sb_adds(out, e < sg->end ? "...\n" : "\n");
}

static size_t suggest_all(const struct project *p, const bool *wanted, struct strbuf *out)
{
	size_t total = 0, limited = 0;

	for (size_t d = 0; d < p->ndocs; d++) {
		struct suggestion *sg;
		size_t lim = 0, n = suggest_find(p->cb, p->docs[d].t, p->docs[d].sets,
		                                 p->docs[d].nsets, wanted, &sg, &lim);
		for (size_t i = 0; i < n; i++)
			print_one(out, p, p->docs[d].t, &sg[i]);
		free(sg);
		total += n;
		limited += lim;
	}
	if (limited)
		fprintf(
		    stderr,
		    "gloss: warning: %zu line%s skipped: a pattern needs too much backtracking\n",
		    limited, limited == 1 ? "" : "s");
	return total;
}

int cmd_suggest(struct args *a)
{
	struct strbuf out = STRBUF_INIT;
	struct project *p;
	struct diags d;
	bool *wanted = NULL;
	size_t n;
	int rc;

	if ((rc = cli_check_coders(a)) >= 0)
		return rc;
	p = cli_open_project(a, NULL, 0, true, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	if (!p->cb || p->cb_errors) {
		fputs("gloss: the codebook has errors; nothing suggested (see gloss check)\n",
		      stderr);
		project_free(p);
		return GLOSS_EXIT_PROBLEMS;
	}
	if ((rc = wanted_codes(p->cb, a, &wanted)) < 0) {
		cli_warn_coders(p, a);
		n = suggest_all(p, wanted, &out);
		rc = cli_write_out(&out);
		if (rc == GLOSS_EXIT_OK && n == 0)
			rc = GLOSS_EXIT_PROBLEMS;
	}
	sb_done(&out);
	free(wanted);
	project_free(p);
	return rc;
}
