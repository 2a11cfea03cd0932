/* cmd_memos.c — gloss memos: every memo, of every kind. The memos on the project, documents
 * and codes (memos.h) are printed first, whole; then the memos on codings, whose records
 * are the quotes that carry memos (quotes.h), one a memo, formatted by cmd_quotes.c. */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "gloss/diag.h"
#include "gloss/memos.h"
#include "gloss/util.h"

const char cmd_memos_help[] =
    "usage: gloss memos [--codebook FILE] [--coder NAME]... [--where ATTR=VALUE]...\n"
    "                   [--context question|N] [--attr KEY,...] [--kind KIND] [--code ID]...\n"
    "                   [--doc PATH]... [--format FORMAT] [-v] [CODE...] [PATH...]\n"
    "\n"
    "Print every memo: first the memos on the project, on documents and on codes\n"
    "(memos/CODER.yaml), each whole with its coder and its created and modified times;\n"
    "then every memo written on a coding of the CODEs (a theme stands for its whole\n"
    "subtree; no CODE: every code), grouped by code in codebook order, then by document\n"
    "and position: the memo, its coder and date, the code, and the passage in full with\n"
    "its document, line, speaker(s), timestamp and the document's front-matter\n"
    "attributes. An argument that names an existing file or directory is a PATH, any\n"
    "other a CODE. Memos of drifted and ambiguous codings are not listed; standard\n"
    "error says how many codings were left out.\n"
    "\n"
    "options:\n"
    "  --codebook FILE     the codebook (see gloss help tally)\n"
    "  --coder NAME        only this coder's memos; repeat for several\n"
    "  --kind KIND         only memos on a coding, document, code or project\n"
    "  --code ID           only memos on the code ID and on its codings; repeat for\n"
    "                      several (a CODE argument limits the codings' memos only)\n"
    "  --doc PATH          only memos on the document PATH (or the documents under a\n"
    "                      directory) and on its codings; repeat for several\n"
    "  --where ATTR=VALUE  only documents whose front matter has ATTR: VALUE (see\n"
    "                      gloss help quotes)\n"
    "  --context question|N, -C question|N\n"
    "                      the turns before each passage (see gloss help quotes)\n"
    "  --attr KEY,...      the front-matter attributes shown (see gloss help quotes)\n"
    "  --format FORMAT     text (default), markdown, csv, tsv, json or html, as for\n"
    "                      quotes; csv and tsv columns code,name,document,path,line,\n"
    "                      line_end,speakers,timestamp,coder,created,memo, context\n"
    "                      (with --context), attr.KEY for each attribute shown,\n"
    "                      then text; json\n"
    "                      {\"memos\": [{... \"coder\", \"created\", \"memo\", \"text\"}],\n"
    "                      \"skipped\"}. Memos on the project, documents and codes are\n"
    "                      printed in text only\n"
    "  -v, --verbose       also report codings that were re-anchored, drifted or\n"
    "                      ambiguous, one by one\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors, or some file could not be read or\n"
    "parsed; 2 usage error; 3 the output could not be written.\n";

/* plain_path: PATH without leading "./" */
static const char *plain_path(const char *p)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

/* keep: mo passes the --code and --doc filters */
static bool keep(const struct memo *mo, const struct args *a)
{
	if (mo->kind == MEMO_PROJECT)
		return !a->ncodes && !a->ndocs;
	if (mo->kind == MEMO_CODE) {
		if (a->ndocs)
			return false;
		for (size_t i = 0; i < a->ncodes; i++)
			if (strcmp(a->codes[i], mo->target) == 0)
				return true;
		return !a->ncodes;
	}
	if (a->ncodes)
		return false;
	for (size_t i = 0; i < a->ndocs; i++) {
		const char *d = plain_path(a->docs[i]), *t = plain_path(mo->target);
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			n--;
		if (strncmp(d, t, n) == 0 && (t[n] == '\0' || t[n] == '/'))
			return true;
	}
	return !a->ndocs;
}

static void add_text(struct strbuf *sb, const char *text)
{
	const char *s = text;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);

		if (n)
			sb_adds(sb, "    ");
		cli_add_safe(sb, s, n);
		sb_addc(sb, '\n');
		s += n + (e != NULL);
	}
}

/* print_others: the memos on the project, documents and codes; -1, or an exit status */
static int print_others(const struct args *a, bool only, size_t *shown)
{
	struct diags d;
	struct memos *m;
	struct strbuf sb;
	bool kinds[3] = {true, true, true};
	const struct memo *prev = NULL;
	enum memo_kind k;
	int rc = -1;

	if (a->kind && memo_kind_parse(a->kind, &k)) {
		kinds[0] = kinds[1] = kinds[2] = false;
		kinds[k] = true;
	}
	diags_init(&d);
	m = memos_load(".", a->coders, a->ncoders, &d);
	cli_print_load_diags(&d, a->verbose);
	if (d.errors)
		rc = GLOSS_EXIT_PROBLEMS;
	sb_init(&sb);
	for (size_t i = 0; i < m->len; i++) {
		const struct memo *mo = &m->items[i];

		if (!kinds[mo->kind] || !keep(mo, a))
			continue;
		if (!prev || mo->kind != prev->kind || strcmp(mo->target, prev->target) != 0) {
			if (prev)
				sb_addc(&sb, '\n');
			sb_printf(&sb, "== %s",
			          mo->kind == MEMO_PROJECT ? "the project"
			          : mo->kind == MEMO_CODE  ? "code "
			                                   : "document ");
			cli_add_safe(&sb, mo->target, strlen(mo->target));
			sb_addc(&sb, '\n');
		}
		sb_addc(&sb, '\n');
		sb_adds(&sb, "  memo by ");
		cli_add_safe(&sb, mo->coder, strlen(mo->coder));
		sb_adds(&sb, ", created ");
		cli_add_safe(&sb, *mo->created ? mo->created : "?",
		             strlen(*mo->created ? mo->created : "?"));
		sb_adds(&sb, ", modified ");
		cli_add_safe(&sb, *mo->modified ? mo->modified : "?",
		             strlen(*mo->modified ? mo->modified : "?"));
		sb_adds(&sb, ":\n");
		add_text(&sb, mo->text);
		(*shown)++;
		prev = mo;
	}
	if (only && !*shown)
		sb_adds(&sb, "no memos\n");
	else if (!only && *shown)
		sb_addc(&sb, '\n');
	{
		int w = cli_write_out(&sb);

		if (w != 0)
			rc = w;
	}
	sb_done(&sb);
	memos_free(m);
	diags_done(&d);
	return rc;
}

int cmd_memos(struct args *a)
{
	enum memo_kind k;
	bool text = !a->format || strcmp(a->format, "text") == 0;
	size_t shown = 0, npos = a->npos;
	int rc = -1, rc2;

	if (a->kind && strcmp(a->kind, "coding") != 0 && !memo_kind_parse(a->kind, &k))
		return cli_usage_error(
		    "unknown memo kind '%s' (use coding, document, code or project)", a->kind);
	if (a->kind && strcmp(a->kind, "coding") != 0) {
		if (!text)
			return cli_usage_error("memos on a %s are printed in text only", a->kind);
		rc = cli_check_coders(a);
		if (rc < 0)
			rc = print_others(a, true, &shown);
		return rc < 0 ? 0 : rc;
	}
	if (!a->kind && text) {
		rc = cli_check_coders(a);
		if (rc >= 0)
			return rc;
		rc = print_others(a, false, &shown);
	}
	/* the codings' memos: --code and --doc are CODE and PATH arguments to them */
	for (size_t i = 0; i < a->ncodes; i++)
		VEC_PUSH(a->pos, a->npos, a->cappos, a->codes[i]);
	for (size_t i = 0; i < a->ndocs; i++)
		VEC_PUSH(a->pos, a->npos, a->cappos, a->docs[i]);
	rc2 = cmd_quotes_run(a, true);
	a->npos = npos;
	return rc >= 0 && rc2 == 0 ? rc : rc2;
}
