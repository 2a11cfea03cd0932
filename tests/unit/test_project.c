/* test_project.c — opening a project (project.h): the codebook rule, which files are
 * transcripts and in what order, document names, codings by coder (and the coders filter),
 * shared codings files, the fatal problems and how many threads load it. */
#include "gloss/project.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static char dir[] = "/tmp/gloss-test-project-XXXXXX";

static void put(const char *path, const char *data)
{
	FILE *f = fopen(path, "w");

	fputs(data, f);
	fclose(f);
}

static struct project *open_with(const struct project_opts *o, struct diags *d)
{
	diags_init(d);
	return project_open(o, d);
}

/* names: the documents' names, "|"-separated */
static char *names(const struct project *p)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < p->ndocs; i++)
		sb_printf(&sb, "%s|", p->docs[i].t->name);
	sb_adds(&sb, "");
	return sb_detach(&sb);
}

static bool has_msg(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->len; i++)
		if (strstr(d->items[i].msg, part))
			return true;
	return false;
}

static void test_missing(void)
{
	struct project_opts o = {0};
	struct diags d;
	struct project *p = open_with(&o, &d);

	OK(!p && d.errors && d.items[0].kind == DK_IO && has_msg(&d, "no codebook"),
	   "no codebook: NULL, a DK_IO error");
	diags_done(&d);
	mkdir("codebooks", 0755);
	put("codebooks/a.yaml", "name: A\ncodes:\n  - id: trust\n");
	put("codebooks/b.yaml", "name: B\ncodes:\n  - id: care\n");
	p = open_with(&o, &d);
	OK(!p && d.errors && d.items[0].kind == DK_INVALID && has_msg(&d, "several codebooks"),
	   "several codebooks: DK_INVALID (a usage problem), asking for --codebook");
	diags_done(&d);
	unlink("codebooks/b.yaml");
	p = open_with(&o, &d);
	OK(!p && has_msg(&d, "no transcripts: transcripts/ not found"),
	   "no transcripts/ directory: said");
	diags_done(&d);
	mkdir("transcripts", 0755);
	p = open_with(&o, &d);
	OK(!p && has_msg(&d, "no transcripts (*.txt) found in transcripts/"),
	   "an empty transcripts/: said");
	diags_done(&d);
}

static void test_open(void)
{
	struct project_opts o = {0};
	struct diags d;
	struct project *p;
	char *got;

	mkdir("transcripts/sub", 0755);
	mkdir("transcripts/.hidden", 0755);
	mkdir("transcripts/x", 0755);
	mkdir("transcripts/y", 0755);
	put("transcripts/b.txt", "AMARA: I trust them.\n");
	put("transcripts/sub/a.txt", "BEN: Care is key.\n");
	put("transcripts/.hidden/h.txt", "X: hidden\n");
	put("transcripts/notes.md", "not a transcript\n");
	put("transcripts/x/int.txt", "A: x\n");
	put("transcripts/y/int.txt", "A: y\n");
	p = open_with(&o, &d);
	OK(p && p->cb && p->cb_errors == 0, "the only codebook in codebooks/ is the codebook");
	IS_STR(p->codebook_path, "codebooks/a.yaml", "its path");
	IS_INT(p->ndocs, 4, "the *.txt files under transcripts/, hidden entries skipped");
	got = names(p);
	IS_STR(got, "b|a|transcripts/x/int.txt|transcripts/y/int.txt|",
	       "sorted by path; two named int: each by its path instead");
	free(got);
	IS_INT(p->docs[0].nsets, 0, "no codings yet");
	project_free(p);
	diags_done(&d);
}

static void test_codings(void)
{
	struct project_opts o = {0};
	const char *only_ben[] = {"ben"};
	const char *paths[] = {"transcripts/b.txt"};
	struct diags d;
	struct project *p;

	mkdir("transcripts/codings", 0755);
	mkdir("transcripts/codings/ana", 0755);
	mkdir("transcripts/codings/ben", 0755);
	put("transcripts/codings/ana/b.yaml", "transcript: b.txt\ncoder: ana\ncodings:\n  - code: "
	                                      "trust\n    start: 7\n    end: 12\n");
	put("transcripts/codings/ben/b.yaml", "transcript: b.txt\ncoder: ben\ncodings: []\n");
	put("transcripts/codings/ana/skip.txt", "X: not a transcript: inside codings/\n");
	o.paths = paths;
	o.npaths = 1;
	p = open_with(&o, &d);
	IS_INT(p ? p->ndocs : 0, 1, "a PATH argument: that transcript alone");
	IS_INT(p->docs[0].nsets, 2, "every coder's codings");
	IS_INT(p->ncoders, 2, "two coders");
	OK(p->ncoders == 2 && strcmp(p->coders[0], "ana") == 0 && strcmp(p->coders[1], "ben") == 0,
	   "sorted");
	OK(project_doc_codings(p, 0, "ana") && project_doc_codings(p, 0, "ana")->len == 1,
	   "project_doc_codings: ana's set, one coding");
	OK(project_doc_codings(p, 0, "cara") == NULL && project_doc_codings(p, 5, "ana") == NULL,
	   "no such coder, no such document: NULL");
	project_free(p);
	diags_done(&d);
	o.coders = only_ben;
	o.ncoders = 1;
	p = open_with(&o, &d);
	OK(p && p->docs[0].nsets == 1 && strcmp(p->docs[0].sets[0]->coder, "ben") == 0,
	   "opts.coders: only ben's codings are loaded");
	project_free(p);
	diags_done(&d);
	o = (struct project_opts){0};
	p = open_with(&o, &d);
	IS_INT(p ? p->ndocs : 0, 4, "nothing under codings/ is a transcript");
	project_free(p);
	diags_done(&d);
}

static void test_clash(void)
{
	const char *paths[] = {"transcripts/sub/a", "transcripts/sub/a.txt"};
	struct project_opts o = {.paths = paths, .npaths = 2};
	struct diags d;
	struct project *p;
	size_t clashes = 0;

	put("transcripts/sub/a", "A: no extension\n");
	p = open_with(&o, &d);
	for (size_t i = 0; p && i < p->ndocs; i++)
		clashes += p->docs[i].codings_clash;
	OK(p && clashes == 2 && has_msg(&p->diags, "cannot be told apart"),
	   "a and a.txt would share codings/CODER/a.yaml: both marked, said");
	project_free(p);
	diags_done(&d);
}

static void test_threads(void)
{
	setenv("GLOSS_THREADS", "3", 1);
	IS_INT(project_threads(100), 3, "GLOSS_THREADS sets the threads");
	IS_INT(project_threads(7), 1, "below 8 files: one");
	setenv("GLOSS_THREADS", "99", 1);
	IS_INT(project_threads(100), PROJECT_MAX_THREADS, "at most PROJECT_MAX_THREADS");
	setenv("GLOSS_THREADS", "0", 1);
	IS_INT(project_threads(100), 1, "at least one");
	unsetenv("GLOSS_THREADS");
}

static void test_find_codebook(void)
{
	struct diags d;
	char *cb;

	diags_init(&d);
	cb = project_find_codebook("elsewhere.yaml", &d);
	IS_STR(cb, "elsewhere.yaml", "--codebook wins");
	free(cb);
	cb = project_find_codebook(NULL, &d);
	IS_STR(cb, "codebooks/a.yaml", "else the only one in codebooks/");
	free(cb);
	diags_done(&d);
}

int main(void)
{
	if (t_scratch(dir) < 0)
		return 1;
	unsetenv("GLOSS_CODEBOOK");
	test_missing();
	test_open();
	test_codings();
	test_clash();
	test_threads();
	test_find_codebook();
	t_scratch_done(dir);
	return t_done();
}
