/* savecodings — a tiny headless writer of codings files for fault-injection and crash
 * tests. It uses only the core API (transcript_load, codings_load/add/remove/save), so it
 * exercises exactly the code the interactive coder uses to save.
 *
 *   savecodings [--before-save CMD] TRANSCRIPT CODER add CODE START END [MEMO]
 *   savecodings [--before-save CMD] TRANSCRIPT CODER remove CODE START END
 *   savecodings [--before-save CMD] TRANSCRIPT CODER apply N [SEED]
 *   savecodings TRANSCRIPT CODER list
 *
 * START and END are code points. `apply` adds N codings one at a time (seeded, distinct),
 * saving after each and printing "applied CODE START END" once the save returned. `list`
 * prints "CODE START END" for every coding (exit 1 if the file cannot be loaded or has
 * errors). --before-save runs CMD with sh before every save (to delete or replace the file
 * while the writer holds it). Exit: 0 ok, 1 load problem, 2 usage, 3 save failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

static const char *before_save;

static void usage(void)
{
	fputs("usage: savecodings [--before-save CMD] TRANSCRIPT CODER "
	      "add CODE START END [MEMO] | remove CODE START END | apply N [SEED] | list\n",
	      stderr);
	exit(2);
}

static size_t num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || s[0] == '-' || !s[0])
		usage();
	return (size_t)v;
}

static int save(struct codings *c)
{
	char err[1024];

	if (before_save && system(before_save) == -1)
		perror("savecodings: system");
	if (codings_save(c, err, sizeof(err)) == 0)
		return 0;
	fprintf(stderr, "savecodings: %s\n", err);
	return -1;
}

static int do_add(struct codings *c, const struct transcript *t, char **av, int ac)
{
	size_t s = transcript_cp_to_byte(t, num(av[1])), e = transcript_cp_to_byte(t, num(av[2]));

	if (e <= s) {
		fputs("savecodings: empty range\n", stderr);
		return 2;
	}
	codings_add(c, av[0], s, e, ac > 3 ? av[3] : NULL);
	return save(c) < 0 ? 3 : 0;
}

static int do_remove(struct codings *c, const struct transcript *t, char **av)
{
	size_t s = transcript_cp_to_byte(t, num(av[1])), e = transcript_cp_to_byte(t, num(av[2]));
	long i = codings_find(c, av[0], s, e);

	if (i < 0) {
		fputs("savecodings: no such coding\n", stderr);
		return 1;
	}
	codings_remove(c, (size_t)i, NULL);
	return save(c) < 0 ? 3 : 0;
}

static unsigned long long rng = 1;

static size_t rnd(size_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (size_t)((rng >> 33) % n) : 0;
}

static int do_apply(struct codings *c, const struct transcript *t, size_t n)
{
	static const char *const codes[] = {"purpose", "trust", "core", "arena", "pro-bono"};

	for (size_t i = 0; i < n && t->ncp > 1; i++) {
		const char *code = codes[rnd(ARRAY_LEN(codes))];
		size_t cs = rnd(t->ncp - 1), ce = cs + 1 + rnd(60), s, e;

		if (ce > t->ncp)
			ce = t->ncp;
		s = transcript_cp_to_byte(t, cs);
		e = transcript_cp_to_byte(t, ce);
		if (codings_find(c, code, s, e) >= 0)
			continue;
		codings_add(c, code, s, e, i % 7 == 3 ? "memo with \"quotes\" and ünïcode" : NULL);
		if (save(c) < 0)
			return 3;
		printf("applied %s %zu %zu\n", code, cs, ce);
		fflush(stdout);
	}
	return 0;
}

static int do_list(const struct codings *c, const struct diags *d)
{
	for (size_t i = 0; i < c->len; i++)
		printf("%s %zu %zu\n", c->items[i].code, c->items[i].cp_start, c->items[i].cp_end);
	return d->errors ? 1 : 0;
}

static int run(const struct transcript *t, const char *coder, int ac, char **av, struct diags *d)
{
	struct codings *c = codings_load(t, coder, NULL, d);
	int rc = 2;

	if (!c)
		return 1;
	if (strcmp(av[0], "add") == 0 && (ac == 4 || ac == 5))
		rc = do_add(c, t, av + 1, ac - 1);
	else if (strcmp(av[0], "remove") == 0 && ac == 4)
		rc = do_remove(c, t, av + 1);
	else if (strcmp(av[0], "apply") == 0 && (ac == 2 || ac == 3)) {
		rng = ac == 3 ? num(av[2]) : 1;
		rc = do_apply(c, t, num(av[1]));
	} else if (strcmp(av[0], "list") == 0 && ac == 1)
		rc = do_list(c, d);
	else
		usage();
	codings_free(c);
	return rc;
}

int main(int argc, char **argv)
{
	struct diags d;
	struct transcript *t;
	int rc;

	if (argc > 2 && strcmp(argv[1], "--before-save") == 0) {
		before_save = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc < 4)
		usage();
	diags_init(&d);
	t = transcript_load(argv[1], &d);
	rc = t ? run(t, argv[2], argc - 3, argv + 3, &d) : 1;
	diags_print(&d, stderr, DIAG_WARNING);
	if (!t)
		rc = 1;
	else
		transcript_free(t);
	diags_done(&d);
	return rc;
}
