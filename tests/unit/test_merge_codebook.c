/* test_merge_codebook.c — merge_codebook: the three-way codebook merge by code id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/merge_codebook.h"
#include "gloss/yamlx.h"
#include "t.h"

static const char base[] = "# codes of the study\n"
                           "name: Study\n"
                           "codes:\n"
                           "  - id: motives\n"
                           "    name: \"Motives\"\n"
                           "    codes:\n"
                           "      - id: values\n"
                           "        name: \"Values\"\n"
                           "      # career is about jobs\n"
                           "      - id: career\n"
                           "  - id: obstacles\n"
                           "    name: \"Obstacles\"\n";

static long merge(const char *o, const char *a, const char *b, struct strbuf *out, struct diags *d)
{
	sb_reset(out);
	diags_init(d);
	return merge_codebook(o, strlen(o), a, strlen(a), b, strlen(b), "codebooks/x.yaml", out, d);
}

/* replace: s with the first from replaced by to (caller frees) */
static char *replace(const char *s, const char *from, const char *to)
{
	const char *p = strstr(s, from);
	char *r;

	if (!p)
		return strdup(s);
	r = malloc(strlen(s) - strlen(from) + strlen(to) + 1);
	memcpy(r, s, (size_t)(p - s));
	strcpy(r + (p - s), to);
	strcat(r, p + strlen(from));
	return r;
}

static int ncodes(const struct strbuf *out)
{
	struct diags d;
	struct codebook *cb;
	int n;

	diags_init(&d);
	cb = codebook_load_mem(out->data, out->len, "m.yaml", &d);
	n = cb && d.errors == 0 ? (int)cb->ncodes : -1;
	codebook_free(cb);
	diags_done(&d);
	return n;
}

int main(void)
{
	struct strbuf out = STRBUF_INIT;
	struct diags d;
	char *a, *b, *t;
	long rc;

	/* nothing changed: ours byte for byte */
	rc = merge(base, base, base, &out, &d);
	IS_INT(rc, 0, "unchanged: no conflict");
	IS_STR(out.data, base, "unchanged: the text as it was, comments included");
	diags_done(&d);

	/* additions on both sides, at the end of the same list: both kept, ours first */
	a = xasprintf("%s  - id: pride\n    name: \"Pride\"\n", base);
	b = xasprintf("%s  - id: fake-commute\n", base);
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 0, "two additions: no conflict");
	IS_INT(ncodes(&out), 6, "two additions: 6 codes load");
	OK(strstr(out.data, "name: \"Obstacles\"\n  - id: pride\n    name: \"Pride\"\n  - id: "
	                    "fake-commute\n"),
	   "two additions: in place, ours then theirs");
	diags_done(&d);
	free(a);
	free(b);

	/* an addition under a theme, between its codes: kept there */
	b = replace(base, "      # career", "      - id: money\n      # career");
	rc = merge(base, base, b, &out, &d);
	IS_INT(rc, 0, "addition in a theme: no conflict");
	OK(strstr(out.data, "name: \"Values\"\n      - id: money\n      # career is about jobs\n"
	                    "      - id: career\n"),
	   "addition in a theme: after the code it follows, the comment kept with career");
	diags_done(&d);
	free(b);

	/* a change on one side and an addition on the other */
	a = xasprintf("%s  - id: pride\n", base);
	b = replace(base, "\"Values\"", "\"Personal values\"");
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 0, "change there, addition here: no conflict");
	OK(strstr(out.data, "name: \"Personal values\"") && strstr(out.data, "- id: pride"),
	   "change there, addition here: both");
	diags_done(&d);
	free(a);
	free(b);

	/* the same change on both sides: once, no conflict */
	a = replace(base, "\"Values\"", "\"Beliefs\"");
	rc = merge(base, a, a, &out, &d);
	IS_INT(rc, 0, "the same change on both sides: no conflict");
	IS_STR(out.data, a, "the same change on both sides: once");
	diags_done(&d);

	/* changed differently: a conflict between markers, and yamlx says so */
	b = replace(base, "\"Values\"", "\"Personal values\"");
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 1, "changed differently: one conflict");
	OK(strstr(out.data,
	          "<<<<<<< ours\n      - id: values\n        name: \"Beliefs\"\n=======\n"
	          "      - id: values\n        name: \"Personal values\"\n>>>>>>> theirs\n"),
	   "changed differently: both versions between markers");
	IS_INT(yamlx_conflict_marker_line(out.data, out.len), 7, "the markers start on line 7");
	OK(d.warnings == 1 && strstr(d.items[0].msg, "'values'"), "changed differently: named");
	{
		struct diags e;
		struct codebook *cb;
		diags_init(&e);
		cb = codebook_load_mem(out.data, out.len, "x.yaml", &e);
		OK(e.errors == 1 && e.items[0].line == 7 &&
		       strcmp(e.items[0].msg, "git conflict markers: resolve the merge first") == 0,
		   "loading it: 'git conflict markers' at line 7, not a YAML error");
		codebook_free(cb);
		diags_done(&e);
	}
	diags_done(&d);
	free(a);
	free(b);

	/* removed on one side, unchanged on the other: removed; a theme with its codes too */
	b = replace(base, "  - id: obstacles\n    name: \"Obstacles\"\n", "");
	a = xasprintf("%s  - id: pride\n", base);
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 0, "removal there: no conflict");
	OK(!strstr(out.data, "obstacles") && strstr(out.data, "- id: pride"),
	   "removal there: gone");
	diags_done(&d);
	free(a);
	free(b);
	t = replace(base, "      - id: career\n", "");
	b = replace(t, "  - id: obstacles\n    name: \"Obstacles\"\n", "");
	free(t);
	a = replace(base, "\"Obstacles\"", "\"Barriers\"");
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 0, "removed there, changed here: no conflict");
	OK(strstr(out.data, "Barriers") && !strstr(out.data, "id: career"),
	   "removed there, changed here: kept; the unchanged removal is made");
	OK(d.warnings == 1 && strstr(d.items[0].msg, "removed on theirs but changed on ours"),
	   "removed there, changed here: said");
	diags_done(&d);
	free(a);
	free(b);

	/* a move under another theme there: followed */
	t = replace(base, "      - id: career\n", "");
	b = xasprintf("%s    codes:\n      - id: career\n", t);
	free(t);
	a = xasprintf("%s  - id: pride\n", base);
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 0, "a move there: no conflict");
	OK(strstr(out.data, "name: \"Obstacles\"\n    codes:\n      # career is about jobs\n"
	                    "      - id: career\n  - id: pride\n"),
	   "a move there: career (its comment with it) under obstacles, pride after it");
	IS_INT(ncodes(&out), 5, "a move there: 5 codes load");
	diags_done(&d);
	free(a);
	free(b);

	/* a rename of the id there: followed; its name changed here: both */
	b = replace(base, "id: values", "id: beliefs");
	a = replace(base, "\"Values\"", "\"Values held\"");
	rc = merge(base, base, b, &out, &d);
	IS_INT(rc, 0, "a rename there: no conflict");
	OK(strstr(out.data, "id: beliefs") && !strstr(out.data, "id: values"),
	   "a rename there: followed");
	diags_done(&d);
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 1, "a rename there, a new name here: the same code changed on both: a conflict");
	diags_done(&d);
	free(a);
	free(b);

	/* a deeper theirs layout: its code shifted to ours' indentation */
	b = xasprintf("%s    codes:\n        - id: cost\n          name: \"Cost\"\n", base);
	rc = merge(base, base, b, &out, &d);
	IS_INT(rc, 0, "other indentation: no conflict");
	IS_INT(ncodes(&out), 5, "other indentation: loads");
	OK(strstr(out.data, "    codes:\n      - id: cost\n        name: \"Cost\"\n"),
	   "other indentation: shifted to ours' columns");
	diags_done(&d);
	free(b);

	/* top fields changed differently: a conflict; only on one side: taken */
	a = replace(base, "name: Study", "name: Study A");
	b = replace(base, "name: Study", "name: Study B");
	rc = merge(base, a, b, &out, &d);
	IS_INT(rc, 1, "top fields changed differently: a conflict");
	OK(strstr(out.data, "<<<<<<< ours\n# codes of the study\nname: Study A\n"),
	   "top fields: marked");
	diags_done(&d);
	rc = merge(base, base, b, &out, &d);
	IS_INT(rc, 0, "top fields changed there: no conflict");
	OK(strstr(out.data, "name: Study B\n"), "top fields changed there: taken");
	diags_done(&d);
	free(a);
	free(b);

	/* a side that does not load, or a flow list: -1 (the caller merges line by line) */
	rc = merge(base, "codes: [\n", base, &out, &d);
	IS_INT(rc, -1, "a broken side: -1");
	OK(d.errors == 1 && out.len == 0, "a broken side: said, nothing written");
	diags_done(&d);
	rc = merge(base, base, "codes: [{id: a}, {id: b}]\n", &out, &d);
	IS_INT(rc, -1, "a flow-style list: -1");
	diags_done(&d);

	/* yamlx_conflict_marker_line: only a full set of markers at line starts */
	IS_INT(yamlx_conflict_marker_line("a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n", 44),
	       2, "markers: the first line");
	IS_INT(yamlx_conflict_marker_line("a: \"<<<<<<< ours\"\n", 18), 0,
	       "markers: not inside a line");
	IS_INT(yamlx_conflict_marker_line("<<<<<<< ours\nb\n", 15), 0,
	       "markers: not without the rest");
	sb_done(&out);
	return t_done();
}
