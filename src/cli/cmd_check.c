/* cmd_check.c — gloss check: validate the codebook, transcripts and codings. */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/gitsetup.h"
#include "gloss/merge.h"
#include "gloss/project.h"
#include "gloss/review.h"
#include "gloss/transcript.h"
#include "gloss/yamlx.h"
#include "gloss/util.h"

const char cmd_check_help[] =
    "usage: gloss check [--codebook FILE] [PATH...]\n"
    "\n"
    "Load the codebook, the transcripts (PATHs, else transcripts/) and the codings of\n"
    "every coder, and print every diagnostic, notes included, sorted by file and line:\n"
    "  FILE:LINE:COL: MESSAGE            an error\n"
    "  FILE:LINE:COL: warning: MESSAGE   a warning: an unknown field or code id (kept in\n"
    "                                    the file), a drifted or ambiguous coding, bad\n"
    "                                    encoding, a memo with both sides of a merge\n"
    "  FILE:LINE:COL: note: MESSAGE      a note: a coding found again elsewhere after\n"
    "                                    the transcript changed\n"
    "then the summary\n"
    "  checked 1 codebook (N codes), N transcripts, N codings by N coders: N errors, N\n"
    "  warnings\n"
    "and, when there are any, a line listing the drifted codings, one listing the\n"
    "ambiguous codings (not placed without doubt: kept where they were) and one listing\n"
    "the codings whose code is not in the codebook (FILE:LINE each).\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 nothing wrong; 1 errors, drifted or ambiguous codings, or codings with\n"
    "codes not in the codebook; 2 usage error.\n";

static int cmp_diag_ptr(const void *a, const void *b)
{
	const struct diag *x = *(const struct diag *const *)a, *y = *(const struct diag *const *)b;
	int c;

	if (!x->file || !y->file)
		c = (x->file != NULL) - (y->file != NULL);
	else
		c = strcmp(x->file, y->file);
	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x < y ? -1 : x > y; /* items of one array: keeps the load order */
}

static void print_sorted_diags(const struct diags *d)
{
	const struct diag **v = xcalloc(d->len, sizeof(*v));

	for (size_t i = 0; i < d->len; i++)
		v[i] = &d->items[i];
	sort_array(v, d->len, sizeof(*v), cmp_diag_ptr);
	for (size_t i = 0; i < d->len; i++)
		cli_print_diag(stdout, "", v[i]);
	free(v);
}

struct check_counts {
	size_t codings, drifted, ambiguous, unknown, edited;
	struct strbuf drifted_list, ambiguous_list, unknown_list, edited_list;
};

static void list_coding(struct strbuf *sb, const struct codings *c, const struct coding *cd)
{
	sb_adds(sb, sb->len ? ", " : "");
	cli_add_safe(sb, c->path, strlen(c->path));
	sb_printf(sb, ":%u", cd->line);
}

static void count_codings(const struct project *p, struct check_counts *k)
{
	for (size_t d = 0; d < p->ndocs; d++) {
		for (size_t s = 0; s < p->docs[d].nsets; s++) {
			const struct codings *c = p->docs[d].sets[s];
			k->codings += c->len;
			for (size_t i = 0; i < c->len; i++) {
				if (c->items[i].status == CODING_DRIFTED) {
					k->drifted++;
					list_coding(&k->drifted_list, c, &c->items[i]);
				}
				if (c->items[i].status == CODING_AMBIGUOUS) {
					k->ambiguous++;
					list_coding(&k->ambiguous_list, c, &c->items[i]);
				}
				if (c->items[i].status == CODING_EDITED) {
					k->edited++;
					list_coding(&k->edited_list, c, &c->items[i]);
				}
				if (c->items[i].unknown_code) {
					k->unknown++;
					list_coding(&k->unknown_list, c, &c->items[i]);
				}
			}
		}
	}
}

/* warn_merged_memos: memos in which gloss merge kept both sides of a conflicting edit */
static void warn_merged_memos(struct project *p)
{
	for (size_t d = 0; d < p->ndocs; d++) {
		for (size_t s = 0; s < p->docs[d].nsets; s++) {
			const struct codings *c = p->docs[d].sets[s];
			for (size_t i = 0; i < c->len; i++) {
				const struct coding *cd = &c->items[i];
				if (cd->memo && strstr(cd->memo, MERGE_OURS_MARK))
					diag_add(
					    &p->diags, DIAG_WARNING, DK_INVALID, c->path, cd->line,
					    0,
					    "the memo of coding '%s' at %zu-%zu holds both sides "
					    "of "
					    "a merge (<<<<<<< ours ... >>>>>>> theirs); edit it",
					    cd->code, cd->cp_start, cd->cp_end);
			}
		}
	}
}

static const char *plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void check_summary(const struct project *p, struct check_counts *k)
{
	size_t ncodes = p->cb ? p->cb->ncodes : 0;

	printf("checked 1 codebook (%zu %s), %zu %s, %zu %s by %zu %s: %zu %s, %zu %s\n", ncodes,
	       plural(ncodes, "code", "codes"), p->ndocs,
	       plural(p->ndocs, "transcript", "transcripts"), k->codings,
	       plural(k->codings, "coding", "codings"), p->ncoders,
	       plural(p->ncoders, "coder", "coders"), p->diags.errors,
	       plural(p->diags.errors, "error", "errors"), p->diags.warnings,
	       plural(p->diags.warnings, "warning", "warnings"));
	if (k->drifted)
		printf("%zu drifted %s (not counted in tallies): %s\n", k->drifted,
		       plural(k->drifted, "coding", "codings"), k->drifted_list.data);
	if (k->ambiguous)
		printf("%zu ambiguous %s (kept where they were, not counted in tallies): %s\n",
		       k->ambiguous, plural(k->ambiguous, "coding", "codings"),
		       k->ambiguous_list.data);
	if (k->unknown)
		printf("%zu %s with a code not in the codebook: %s\n", k->unknown,
		       plural(k->unknown, "coding", "codings"), k->unknown_list.data);
	if (k->edited)
		printf("%zu %s re-anchored with changes (the passage's text was edited; counted, "
		       "quote and context rewritten on the next save): %s\n",
		       k->edited, plural(k->edited, "coding", "codings"), k->edited_list.data);
	if (k->drifted || k->ambiguous)
		printf(
		    "to repair drifted or ambiguous codings: press ! in the coder (gloss open "
		    "TRANSCRIPT) to see where each could stand and place or remove it, or remove "
		    "them from their codings files\n");
}

/* warn_labels: a transcript without turns in which many lines look like labels: say so,
 * and which setting would read them */
static void warn_labels(struct project *p, const struct transcript *t)
{
	struct transcript_guess g;
	struct strbuf sb = STRBUF_INIT;

	if (transcript_label_guess(t, &g) < 3 || g.lines * 5 < g.nonblank)
		return;
	for (size_t k = 0; k < g.nnames; k++) {
		sb_adds(&sb, k ? ", " : "");
		yamlx_write_str(&sb, g.names[k], strlen(g.names[k]));
	}
	diag_add(&p->diags, DIAG_WARNING, DK_UNKNOWN, t->path, (unsigned)g.first_line + 1, 1,
	         "no speaker turns found, but %zu of %zu lines start like a label; to read them "
	         "as turns, add to gloss.yaml: %s%s%s",
	         g.lines, g.nonblank,
	         g.more ? "speaker_pattern: '^\\s*([^:]{1,40}?)\\s*:(?=\\s|$)'" : "speakers: [",
	         g.more ? "" : sb.data, g.more ? "" : "]");
	sb_done(&sb);
}

/* warn_unread_labels: lines of a transcript with turns that start like a label no rule
 * reads, as meeting software writes names ("Ashlee Kupor (SL):"): they are text of the
 * turn before, which is rarely what was meant */
static void warn_unread_labels(struct project *p, const struct transcript *t)
{
	struct transcript_guess g;
	struct strbuf sb = STRBUF_INIT;

	if (transcript_label_unread(t, &g) == 0)
		return;
	for (size_t k = 0; k < g.nnames; k++) {
		sb_adds(&sb, k ? ", " : "");
		yamlx_write_str(&sb, g.names[k], strlen(g.names[k]));
	}
	diag_add(&p->diags, DIAG_WARNING, DK_UNKNOWN, t->path, (unsigned)g.first_line + 1, 1,
	         "%zu lines start like a speaker label that gloss does not read as one (the "
	         "first here): they are text of the turn before; to read them as turns, add to "
	         "gloss.yaml: speakers: [%s%s]",
	         g.lines, sb.data, g.more ? ", ..." : "");
	sb_done(&sb);
}

/* bad_dates: codings whose created is not a date and time (each reported on load) */
static size_t bad_dates(const struct project *p)
{
	size_t n = 0;

	for (size_t d = 0; d < p->ndocs; d++)
		for (size_t s = 0; s < p->docs[d].nsets; s++)
			for (size_t i = 0; i < p->docs[d].sets[s]->len; i++) {
				const char *c = p->docs[d].sets[s]->items[i].created;
				n += c && !codings_created_valid(c);
			}
	return n;
}

int cmd_check(struct args *a)
{
	struct check_counts k = {0, 0, 0, 0, 0, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	struct project *p;
	struct diags d;
	int rc;

	p = cli_open_project(a, a->pos, a->npos, false, &d);
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	warn_merged_memos(p);
	for (size_t i = 0; i < p->ndocs; i++) {
		warn_labels(p, p->docs[i].t);
		warn_unread_labels(p, p->docs[i].t);
	}
	for (size_t i = 0; i < p->ndocs; i++) /* review decisions whose passage changed */
		review_check(p->docs[i].t, &p->diags);
	print_sorted_diags(&p->diags);
	if (gitsetup_state(".") == GITSETUP_MISSING)
		fputs("gloss: warning: " GITSETUP_HINT "\n", stderr);
	count_codings(p, &k);
	check_summary(p, &k);
	rc = p->diags.errors || k.drifted || k.ambiguous || k.unknown ? GLOSS_EXIT_PROBLEMS
	                                                              : GLOSS_EXIT_OK;
	if (bad_dates(p)) /* each reported with its line when the codings were loaded */
		rc = GLOSS_EXIT_PROBLEMS;
	rc = cli_flush_out(rc);
	sb_done(&k.drifted_list);
	sb_done(&k.ambiguous_list);
	sb_done(&k.unknown_list);
	sb_done(&k.edited_list);
	project_free(p);
	return rc;
}
