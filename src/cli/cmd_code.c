/* cmd_code.c — gloss code rename|merge|move|delete: codebook changes across the project
 * (the core is recode.c). */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/diag.h"
#include "gloss/recode.h"
#include "gloss/util.h"

const char cmd_code_help[] =
    "usage: gloss code rename OLD [NEW] [--name NAME] [--codebook FILE] [PATH...]\n"
    "       gloss code merge FROM INTO [--codebook FILE] [PATH...]\n"
    "       gloss code move ID --under THEME | --top [--codebook FILE]\n"
    "       gloss code delete ID [--force] [--codebook FILE] [PATH...]\n"
    "\n"
    "Change the codebook and every coder's codings files of the transcripts (PATHs, else\n"
    "transcripts/) together:\n"
    "  rename OLD NEW    the code OLD gets the id NEW, in the codebook and every coding\n"
    "                    (with --name NAME, the name too; without NEW, the name only)\n"
    "  merge FROM INTO   FROM's codings become INTO's and FROM leaves the codebook (it must\n"
    "                    have no codes under it); a FROM coding on exactly the passage of\n"
    "                    an INTO coding of the same coder is folded into it (memo added)\n"
    "  move ID           put the code, with the codes under it, under THEME (--under) or\n"
    "                    at the top level (--top), at the end of the list there\n"
    "  delete ID         remove the code (it must have no codes under it); refused while\n"
    "                    codings use it (they are counted per file), unless --force, which\n"
    "                    deletes those codings too and lists them\n"
    "The codebook is edited as text: other lines and comments stay as they are. Either\n"
    "every file changes or none does: new contents go to temporary files first, then a\n"
    "journal (.gloss-journal) lists them, then they replace the files. A change interrupted\n"
    "half-way (a crash, a full disk) is completed by the next gloss command of any kind.\n"
    "\n"
    "options:\n"
    "  --under THEME     move: the new parent (a theme, or a code that becomes one)\n"
    "  --top             move: to the top level\n"
    "  --name NAME       rename: the name the coder sees (the codebook's name: field)\n"
    "  -f, --force       delete: also delete the codings that use the code\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  -h, --help        show this help\n"
    "\n"
    "Refused while any interactive coder is open on the project (it would go on with the\n"
    "old ids), and when codings already use the new id of a rename (orphans, not in the\n"
    "codebook: they would be taken in).\n"
    "\n"
    "exit status: 0 done; 1 refused (no such code, id taken or used by codings, codings\n"
    "use it, a codings file has errors, a coder is open): nothing changed; 2 usage\n"
    "error; 3 a file may not be written (a symbolic link, not a regular file) or a write\n"
    "failed: nothing changed, or (said so) the change is half made and the next gloss\n"
    "command completes it.\n";

struct sub {
	const char *name;
	enum recode_op op;
	size_t nargs; /* positional arguments after the sub-command */
};

static const struct sub subs[] = {
    {"rename", RECODE_RENAME, 2},
    {"merge", RECODE_MERGE, 2},
    {"move", RECODE_MOVE, 1},
    {"delete", RECODE_DELETE, 1},
};

static void safe(struct strbuf *sb, const char *s)
{
	cli_add_safe(sb, s, strlen(s));
}

static void print_listed(const struct recode_result *r, const char *how)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < r->nlisted; i++) {
		const struct recode_coding *c = &r->listed[i];
		sb_printf(&sb, "  %s ", how);
		safe(&sb, c->file);
		sb_adds(&sb, ": ");
		safe(&sb, c->code);
		sb_printf(&sb, " %zu-%zu \"", c->start, c->end);
		safe(&sb, c->quote);
		sb_adds(&sb, "\"\n");
	}
	fputs(sb.len ? sb.data : "", stdout);
	sb_done(&sb);
}

static void print_done(const struct recode_opts *o, const struct recode_result *r)
{
	struct strbuf sb = STRBUF_INIT;

	switch (o->op) {
	case RECODE_RENAME:
		sb_adds(&sb, "renamed code '");
		break;
	case RECODE_MERGE:
		sb_adds(&sb, "merged code '");
		break;
	case RECODE_MOVE:
		sb_adds(&sb, "moved code '");
		break;
	case RECODE_DELETE:
		sb_adds(&sb, "deleted code '");
		break;
	}
	safe(&sb, o->id);
	sb_adds(&sb, "'");
	if (o->op == RECODE_RENAME && (!o->to || strcmp(o->to, o->id) == 0)) {
		sb_reset(&sb);
		sb_adds(&sb, "code '");
		safe(&sb, o->id);
		sb_adds(&sb, "' is now named '");
		safe(&sb, o->name);
		sb_adds(&sb, "' in ");
		safe(&sb, r->codebook);
		sb_adds(&sb, "\n");
		fputs(sb.data, stdout);
		sb_done(&sb);
		return;
	}
	if (o->op == RECODE_RENAME || o->op == RECODE_MERGE) {
		sb_adds(&sb, o->op == RECODE_RENAME ? " to '" : " into '");
		safe(&sb, o->to);
		sb_adds(&sb, "'");
		if (o->name) {
			sb_adds(&sb, " named '");
			safe(&sb, o->name);
			sb_adds(&sb, "'");
		}
	} else if (o->op == RECODE_MOVE) {
		sb_adds(&sb, o->to ? " under '" : " to the top level");
		if (o->to) {
			safe(&sb, o->to);
			sb_adds(&sb, "'");
		}
	}
	sb_adds(&sb, " in ");
	safe(&sb, r->codebook);
	if (o->op != RECODE_MOVE)
		sb_printf(&sb, " and %zu coding%s in %zu codings file%s", r->codings,
		          r->codings == 1 ? "" : "s", r->files, r->files == 1 ? "" : "s");
	sb_adds(&sb, "\n");
	fputs(sb.data, stdout);
	sb_done(&sb);
	if (o->op == RECODE_MERGE && r->nlisted)
		fputs("codings folded into one of the same passage:\n", stdout);
	if (o->op == RECODE_DELETE && r->nlisted)
		fputs("codings deleted:\n", stdout);
	print_listed(r, o->op == RECODE_MERGE ? "folded" : "deleted");
}

static void print_uses(const struct recode_opts *o, const struct recode_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t total = 0;

	for (size_t i = 0; i < r->nuses; i++)
		total += r->uses[i].n;
	sb_adds(&sb, "gloss: code '");
	safe(&sb, o->id);
	sb_printf(&sb, "' is used by %zu coding%s; nothing changed (--force deletes them too):\n",
	          total, total == 1 ? "" : "s");
	for (size_t i = 0; i < r->nuses; i++) {
		sb_adds(&sb, "  ");
		safe(&sb, r->uses[i].file);
		sb_printf(&sb, ": %zu\n", r->uses[i].n);
	}
	fputs(sb.data, stderr);
	sb_done(&sb);
}

static void print_orphans(const struct recode_opts *o, const struct recode_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t total = 0;

	for (size_t i = 0; i < r->nuses; i++)
		total += r->uses[i].n;
	sb_adds(&sb, "gloss: cannot rename '");
	safe(&sb, o->id);
	sb_adds(&sb, "' to '");
	safe(&sb, o->to);
	sb_printf(&sb,
	          "': %zu coding%s already use%s that id (it is not in the codebook) and would "
	          "be taken in; nothing changed (rename or delete those first):\n",
	          total, total == 1 ? "" : "s", total == 1 ? "s" : "");
	for (size_t i = 0; i < r->nuses; i++) {
		sb_adds(&sb, "  ");
		safe(&sb, r->uses[i].file);
		sb_printf(&sb, ": %zu\n", r->uses[i].n);
	}
	fputs(sb.data, stderr);
	sb_done(&sb);
}

static int report(const struct recode_opts *o, struct recode_result *r, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].level == DIAG_ERROR)
			cli_print_diag(stderr, "gloss: ", &d->items[i]);
	safe(&sb, r->err);
	switch (r->status) {
	case RECODE_DONE:
		print_done(o, r);
		break;
	case RECODE_REFUSED:
		break;
	case RECODE_IN_USE:
		print_uses(o, r);
		break;
	case RECODE_TARGET_USED:
		print_orphans(o, r);
		break;
	case RECODE_FAILED:
		fprintf(stderr, "gloss: %s; nothing changed\n", sb.data);
		break;
	case RECODE_HALF_DONE:
		fprintf(stderr,
		        "gloss: %s; the change is half made: the next gloss command completes it "
		        "(from .gloss-journal)\n",
		        sb.data);
		break;
	}
	sb_done(&sb);
	if (r->status == RECODE_DONE)
		return cli_flush_out(GLOSS_EXIT_OK);
	return r->status == RECODE_FAILED || r->status == RECODE_HALF_DONE ? GLOSS_EXIT_IO
	                                                                   : GLOSS_EXIT_PROBLEMS;
}

static int code_args(struct args *a, const struct sub **sub)
{
	*sub = NULL;
	if (a->npos == 0)
		return cli_usage_error("code needs rename, merge, move or delete%s", "");
	for (size_t i = 0; i < ARRAY_LEN(subs); i++)
		if (strcmp(a->pos[0], subs[i].name) == 0)
			*sub = &subs[i];
	if (!*sub)
		return cli_usage_error(
		    "unknown code command '%s' (use rename, merge, move or delete)", a->pos[0]);
	if (a->name && (*sub)->op != RECODE_RENAME)
		return cli_usage_error("--name goes with code rename, not code %s", (*sub)->name);
	if (a->npos < 1 + (*sub)->nargs && !(a->name && a->npos == 2))
		return cli_usage_error("code %s needs more arguments", (*sub)->name);
	if ((*sub)->op == RECODE_MOVE && a->top == (a->under != NULL))
		return cli_usage_error("code move needs --under THEME or --top (one of them)%s",
		                       "");
	if ((*sub)->op != RECODE_MOVE && (a->top || a->under))
		return cli_usage_error("--under and --top go with code move, not code %s",
		                       (*sub)->name);
	if ((*sub)->op != RECODE_DELETE && a->force)
		return cli_usage_error("--force goes with code delete, not code %s", (*sub)->name);
	return -1;
}

int cmd_code(struct args *a)
{
	const struct sub *sub;
	struct recode_opts o = {0};
	struct recode_result r;
	struct diags d;
	int rc = code_args(a, &sub);
	size_t nargs;

	if (rc >= 0)
		return rc;
	nargs = sub->nargs;
	o.op = sub->op;
	o.id = a->pos[1];
	if (sub->op == RECODE_RENAME && a->name && (a->npos < 3 || access(a->pos[2], F_OK) == 0))
		nargs = 1; /* the name alone: no NEW (what follows is a PATH) */
	o.name = a->name;
	o.to = sub->op == RECODE_MOVE ? a->under : nargs > 1 ? a->pos[2] : NULL;
	o.force = a->force;
	o.codebook = a->codebook;
	o.paths = a->pos + 1 + nargs;
	o.npaths = a->npos - 1 - nargs;
	diags_init(&d);
	recode_run(&o, &r, &d);
	if (r.status == RECODE_REFUSED && !r.codebook) {
		rc = cli_fatal(&d);
		recode_result_done(&r);
		return rc;
	}
	rc = report(&o, &r, &d);
	recode_result_done(&r);
	diags_done(&d);
	return rc;
}
