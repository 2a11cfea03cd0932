/* merge_fixture.h — what the merge tests (test_merge.c, test_merge_context.c) build their
 * sides from: a codings file of coder ana on x.txt from YAML items, and one item. */
#ifndef GLOSS_MERGE_FIXTURE_H
#define GLOSS_MERGE_FIXTURE_H

#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/util.h"
#include "t.h"

/* parse: the codings of body (the items under "codings:"), which must parse cleanly */
static struct codings *parse(const char *body)
{
	struct diags d;
	char *buf = xasprintf("transcript: \"x.txt\"\ncoder: \"ana\"\n%s", body);
	struct codings *c;

	diags_init(&d);
	c = codings_parse(buf, strlen(buf), "x.yaml", NULL, "ana", NULL, &d);
	IS_INT(d.errors, 0, "fixture parses");
	diags_done(&d);
	free(buf);
	return c;
}

/* CODING: one item of a codings file, as YAML */
#define CODING(code, s, e, quote, created, rest)                                                   \
	"  - code: \"" code "\"\n    start: " #s "\n    end: " #e "\n    quote: \"" quote          \
	"\"\n" rest "    created: \"" created "\"\n"

#endif
