/* test_codebook_edit.c — rename, remove and move codes in a codebook's text: the exact
 * bytes that result (comments and layout elsewhere untouched), and the refusals. */
#include <string.h>

#include "gloss/codebook_edit.h"
#include "gloss/diag.h"
#include "gloss/util.h"
#include "t.h"

static const char book[] = "# study codebook\n"
                           "name: Study\n"
                           "codes:\n"
                           "  # the motives\n"
                           "  - id: motives\n"
                           "    name: Motives\n"
                           "    codes:\n"
                           "      - id: care   # kindness\n"
                           "        name: \"Care\"\n"
                           "      - id: purpose\n"
                           "        description: >\n"
                           "          Folded text.\n"
                           "  - id: work\n"
                           "    name: Work\n"
                           "    codes:\n"
                           "      - id: pay\n"
                           "  - id: \"42\"\n"
                           "    name: Answer\n";

/* the edits on book; NULL (and an error in d) when refused */
static char *rename_(const char *a, const char *b, struct diags *d)
{
	size_t n;
	return codebook_edit_rename(book, strlen(book), "c.yaml", a, b, &n, d);
}

static char *move_(const char *a, const char *b, struct diags *d)
{
	size_t n;
	return codebook_edit_move(book, strlen(book), "c.yaml", a, b, &n, d);
}

static char *remove_(const char *a, struct diags *d)
{
	size_t n;
	return codebook_edit_remove(book, strlen(book), "c.yaml", a, &n, d);
}

static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	struct strbuf sb = STRBUF_INIT;

	if (!p)
		return xstrdup("(fixture text not found)");
	sb_add(&sb, s, (size_t)(p - s));
	sb_adds(&sb, to);
	sb_adds(&sb, p + strlen(from));
	return sb_detach(&sb);
}

static void is_edit(char *got, const char *from, const char *to, const char *name)
{
	char *want = replace(book, from, to);

	IS_STR(got, want, name);
	free(want);
	free(got);
}

static void refused(char *got, struct diags *d, const char *words, const char *name)
{
	if (!OK(got == NULL && d->errors == 1 && strstr(d->items[0].msg, words), name) && d->len)
		printf("#   %s\n", d->items[0].msg);
	free(got);
	diags_done(d);
	diags_init(d);
}

int main(void)
{
	struct diags d;

	diags_init(&d);
	is_edit(rename_("care", "caring", &d), "- id: care   #", "- id: caring   #",
	        "rename: only the id changes, the comment after it stays");
	is_edit(rename_("42", "43", &d), "- id: \"42\"", "- id: \"43\"",
	        "rename: an id YAML would read as a number is quoted");
	is_edit(rename_("work", "labour", &d), "- id: work\n", "- id: labour\n", "rename: a theme");
	refused(rename_("care", "purpose", &d), &d, "taken", "rename onto an existing id: refused");
	refused(rename_("nope", "x", &d), &d, "no such code", "rename of an unknown code: refused");
	refused(rename_("care", "Bad Id", &d), &d, "1 to 64", "rename to an invalid id: refused");

	is_edit(remove_("care", &d), "      - id: care   # kindness\n        name: \"Care\"\n", "",
	        "delete: the item's lines go, the rest stays");
	is_edit(remove_("pay", &d), "    codes:\n      - id: pay\n", "",
	        "delete the only child: the theme loses its codes: key");
	refused(remove_("motives", &d), &d, "move or delete them first",
	        "delete a theme with codes under it: refused");

	is_edit(
	    move_("pay", "motives", &d),
	    "          Folded text.\n  - id: work\n    name: Work\n    codes:\n      - id: pay\n",
	    "          Folded text.\n      - id: pay\n  - id: work\n    name: Work\n",
	    "move the only child into another theme: appended there, old codes: key gone");
	{
		size_t n;
		char *got = codebook_edit_move(book, strlen(book), "c.yaml", "care", NULL, &n, &d);
		char *want =
		    replace(book, "      - id: care   # kindness\n        name: \"Care\"\n", "");
		char *want2 = xasprintf("%s  - id: care   # kindness\n    name: \"Care\"\n", want);
		IS_STR(got, want2, "move to the top: re-indented, at the end of the top list");
		free(got);
		free(want);
		free(want2);
	}
	is_edit(
	    move_("purpose", "work", &d),
	    "      - id: purpose\n        description: >\n          Folded text.\n  - id: work\n"
	    "    name: Work\n    codes:\n      - id: pay\n",
	    "  - id: work\n    name: Work\n    codes:\n      - id: pay\n      - id: purpose\n"
	    "        description: >\n          Folded text.\n",
	    "move with a folded scalar: its text moves along");
	{
		char *got = move_("pay", "care", &d);
		char *a = replace(book, "        name: \"Care\"\n",
		                  "        name: \"Care\"\n        codes:\n          - id: pay\n");
		char *want =
		    replace(a, "    name: Work\n    codes:\n      - id: pay\n", "    name: Work\n");
		IS_STR(got, want,
		       "move under a leaf: it gets a codes: key, the old theme loses its");
		free(got);
		free(a);
		free(want);
	}
	refused(move_("motives", "care", &d), &d, "below it", "move under its own child: refused");
	refused(move_("care", "motives", &d), &d, "there already", "move to where it is: refused");
	{ /* the name: replaced in place, or added after the id's line; a block name refused */
		size_t n;
		char *got = codebook_edit_set_name(book, strlen(book), "c.yaml", "care",
		                                   "Caring: \"for\" others", &n, &d);
		char *want = replace(book, "        name: \"Care\"\n",
		                     "        name: \"Caring: \\\"for\\\" others\"\n");
		IS_STR(got, want,
		       "set name: the scalar replaced, double-quoted, the rest as it was");
		free(got);
		free(want);
		got = codebook_edit_set_name(book, strlen(book), "c.yaml", "pay", "Pay", &n, &d);
		want =
		    replace(book, "      - id: pay\n", "      - id: pay\n        name: \"Pay\"\n");
		IS_STR(got, want, "set name: a code without one gets a name line after its id");
		free(got);
		free(want);
		got = codebook_edit_set_name(book, strlen(book), "c.yaml", "motives", "", &n, &d);
		OK(!got && d.errors, "set name: an empty name is refused");
		got = codebook_edit_set_name(book, strlen(book), "c.yaml", "nope", "X", &n, &d);
		OK(!got, "set name: an unknown code is refused");
	}
	diags_done(&d);
	return t_done();
}
