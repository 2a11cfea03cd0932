/* savecodings — a tiny headless writer of codings files for fault-injection and crash
 * tests. It drives the coder's session (session.h) on the one transcript: every change is
 * made, recorded for undo and saved by the same functions the interactive coder calls —
 * `code` is a code key (session_apply: one passage, one coding), `add` the coder's copy of
 * a coding as it is (session_add), `remove` a removal (session_remove). It runs the session
 * without the codings file's lock (SESSION_NO_LOCK), so the fault tests count the save's
 * system calls alone; the lock is tested in tests/unit/test_session.c.
 *
 *   savecodings [--before-save CMD] TRANSCRIPT CODER add CODE START END [MEMO]
 *   savecodings [--before-save CMD] TRANSCRIPT CODER code CODE START END
 *   savecodings [--before-save CMD] TRANSCRIPT CODER remove CODE START END
 *   savecodings [--before-save CMD] TRANSCRIPT CODER apply N [SEED]
 *   savecodings TRANSCRIPT CODER list
 *
 * START and END are code points. `apply` adds N codings one at a time (seeded, distinct),
 * saving after each and printing "applied CODE START END" once the save returned. `list`
 * prints "CODE START END" for every coding (exit 1 if the file cannot be loaded or has
 * errors). --before-save runs CMD with sh before every change (to delete or replace the
 * file while the writer holds it). Exit: 0 ok, 1 load problem, 2 usage, 3 save failed. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/session.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

static const char *before_save;

static void usage(void)
{
	fputs("usage: savecodings [--before-save CMD] TRANSCRIPT CODER "
	      "add CODE START END [MEMO] | code CODE START END | remove CODE START END | "
	      "apply N [SEED] | list\n",
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

/* before: the --before-save command, run before each change */
static void before(void)
{
	if (before_save && system(before_save) == -1)
		perror("savecodings: system");
}

/* saved: 0 when the change was saved, else 3 with the reason on stderr (the session keeps
 * the change and marks the document dirty) */
static int saved(const struct session *s)
{
	if (!s->ds[0].dirty)
		return 0;
	fprintf(stderr, "savecodings: %s\n", s->save_err);
	return 3;
}

static int range(const struct transcript *t, char **av, size_t *s, size_t *e)
{
	*s = transcript_cp_to_byte(t, num(av[1]));
	*e = transcript_cp_to_byte(t, num(av[2]));
	if (*e <= *s) {
		fputs("savecodings: empty range\n", stderr);
		return 2;
	}
	return 0;
}

static int do_add(struct session *ss, const struct transcript *t, char **av, int ac)
{
	size_t s, e;

	if (range(t, av, &s, &e))
		return 2;
	before();
	session_add(ss, av[0], s, e, ac > 3 ? av[3] : NULL, "added");
	return saved(ss);
}

static int do_code(struct session *ss, const struct transcript *t, char **av)
{
	size_t s, e;

	if (range(t, av, &s, &e))
		return 2;
	before();
	session_apply(ss, av[0], s, e);
	return saved(ss);
}

static int do_remove(struct session *ss, const struct transcript *t, char **av)
{
	size_t s = transcript_cp_to_byte(t, num(av[1])), e = transcript_cp_to_byte(t, num(av[2]));
	long i = codings_find(ss->cs, av[0], s, e);

	if (i < 0) {
		fputs("savecodings: no such coding\n", stderr);
		return 1;
	}
	before();
	session_remove(ss, (size_t)i);
	return saved(ss);
}

static unsigned long long rng = 1;

static size_t rnd(size_t n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return n ? (size_t)((rng >> 33) % n) : 0;
}

static int do_apply(struct session *ss, const struct transcript *t, size_t n)
{
	static const char *const codes[] = {"purpose", "trust", "core", "arena", "pro-bono"};

	for (size_t i = 0; i < n && t->ncp > 1; i++) {
		const char *code = codes[rnd(ARRAY_LEN(codes))];
		size_t cs = rnd(t->ncp - 1), ce = cs + 1 + rnd(60), s, e;

		if (ce > t->ncp)
			ce = t->ncp;
		s = transcript_cp_to_byte(t, cs);
		e = transcript_cp_to_byte(t, ce);
		if (codings_find(ss->cs, code, s, e) >= 0)
			continue;
		before();
		session_add(ss, code, s, e, i % 7 == 3 ? "memo with \"quotes\" and ünïcode" : NULL,
		            "added");
		if (saved(ss))
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

/* one_doc: a project of the one transcript t and its codings c (both taken over), with no
 * codebook: what the session works on */
static struct project *one_doc(struct transcript *t, struct codings *c)
{
	struct project *p = xcalloc(1, sizeof(*p));

	p->docs = xcalloc(1, sizeof(*p->docs));
	p->ndocs = 1;
	p->docs[0].t = t;
	p->docs[0].sets = xcalloc(1, sizeof(*p->docs[0].sets));
	p->docs[0].sets[0] = c;
	p->docs[0].nsets = 1;
	diags_init(&p->diags);
	return p;
}

/* edit: a change through the session */
static int edit(struct transcript *t, struct codings *c, const char *coder, int ac, char **av)
{
	struct session ss;
	int rc = 2;

	session_init(&ss, one_doc(t, c), coder, SESSION_NO_LOCK, NULL);
	session_open_doc(&ss, 0);
	if (strcmp(av[0], "add") == 0 && (ac == 4 || ac == 5))
		rc = do_add(&ss, t, av + 1, ac - 1);
	else if (strcmp(av[0], "code") == 0 && ac == 4)
		rc = do_code(&ss, t, av + 1);
	else if (strcmp(av[0], "remove") == 0 && ac == 4)
		rc = do_remove(&ss, t, av + 1);
	else if (strcmp(av[0], "apply") == 0 && (ac == 2 || ac == 3)) {
		rng = ac == 3 ? num(av[2]) : 1;
		rc = do_apply(&ss, t, num(av[1]));
	} else
		usage();
	session_done(&ss); /* frees t and c */
	return rc;
}

/* run: returns the exit status; *t is NULL when the session took it over */
static int run(struct transcript **t, const char *coder, int ac, char **av, struct diags *d)
{
	struct codings *c = codings_load(*t, coder, NULL, d);
	int rc;

	if (!c)
		return 1;
	if (strcmp(av[0], "list") == 0 && ac == 1) {
		rc = do_list(c, d);
		codings_free(c);
		return rc;
	}
	rc = edit(*t, c, coder, ac, av);
	*t = NULL;
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
	rc = t ? run(&t, argv[2], argc - 3, argv + 3, &d) : 1;
	diags_print(&d, stderr, DIAG_WARNING);
	transcript_free(t);
	diags_done(&d);
	return rc;
}
