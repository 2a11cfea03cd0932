/* demo_project.h — the small project in memory that the tally, co-occurrence, quotes,
 * tally-cache and agreement tests share (test_tally.c's header comment draws it: two
 * transcripts, a five-code codebook, codings by ana and ben, one of them drifted). build()
 * makes it in proj, teardown() frees it. A test that needs other codings on the same
 * transcripts and codebook (test_agree.c) builds them with demo_load, add and demo_link
 * instead of build. Static functions, like t.h: include it in one test file. */
#ifndef GLOSS_DEMO_PROJECT_H
#define GLOSS_DEMO_PROJECT_H

static const char text_a[] = "---\nrole: manager\n---\n"
                             "INT: Why do you volunteer?\n"
                             "AMARA: I like helping people. It gives purpose.\n"
                             "INT: And at work?\n"
                             "AMARA: Work matters too.\n";
static const char text_b[] = "INT: Tell me more.\n"
                             "BEN: Care is key.\n";

static struct code codes[5];
static struct codebook cb = {.codes = codes, .ncodes = 5, .capcodes = 5};

static void set_code(int i, const char *id, int parent, int depth, size_t nchildren,
                     size_t subtree_end)
{
	codes[i].id = (char *)id;
	codes[i].name = (char *)id;
	codes[i].parent = parent;
	codes[i].depth = depth;
	codes[i].nchildren = nchildren;
	codes[i].subtree_end = subtree_end;
}

static void add(struct codings *c, const char *code, const char *text, const char *phrase,
                enum coding_status st)
{
	const char *p = strstr(text, phrase);
	struct coding cd;

	memset(&cd, 0, sizeof(cd));
	cd.code = (char *)code;
	cd.start = (size_t)(p - text);
	cd.end = cd.start + strlen(phrase);
	cd.status = st;
	VEC_PUSH(c->items, c->len, c->cap, cd);
}

static struct codings sets[4];
static struct codings *sets_a[2] = {&sets[0], &sets[1]}, *sets_b[2] = {&sets[2], &sets[3]};
static struct doc docs[2];
static char coder_ana[] = "ana", coder_ben[] = "ben";
static char *coders[2] = {coder_ana, coder_ben};
static struct project proj;

/* demo_load: the codebook and the two transcripts (no codings yet) */
static void demo_load(void)
{
	struct diags d;

	set_code(0, "motives", -1, 0, 2, 4);
	set_code(1, "care", 0, 1, 0, 2);
	set_code(2, "purpose", 0, 1, 1, 4);
	set_code(3, "meaning", 2, 2, 0, 4);
	set_code(4, "work", -1, 0, 0, 5);
	diags_init(&d);
	docs[0].t = transcript_load_mem(text_a, strlen(text_a), "a.txt", &d);
	docs[1].t = transcript_load_mem(text_b, strlen(text_b), "b.txt", &d);
	IS_INT(d.errors + d.warnings, 0, "fixture transcripts load cleanly");
	diags_done(&d);
}

/* demo_link: sets[0..1] are the codings of a, sets[2..3] of b; the project of them all,
 * its coders cs[0..n) */
static void demo_link(char **cs, size_t n)
{
	docs[0].sets = sets_a;
	docs[0].nsets = 2;
	docs[1].sets = sets_b;
	docs[1].nsets = 2;
	proj.cb = &cb;
	proj.docs = docs;
	proj.ndocs = 2;
	proj.coders = cs;
	proj.ncoders = n;
}

static __attribute__((unused)) void build(void)
{
	demo_load();
	for (int i = 0; i < 4; i++)
		sets[i].coder = coders[i % 2];
	add(&sets[0], "care", text_a, "I like helping people", CODING_OK);
	add(&sets[0], "purpose", text_a, "I like helping people", CODING_OK);
	add(&sets[0], "meaning", text_a, "It gives purpose", CODING_MOVED);
	add(&sets[0], "ghost", text_a, "Work matters", CODING_OK);
	add(&sets[0], "work", text_a, "And at work?", CODING_OK);
	add(&sets[0], "work", text_a, "Why do", CODING_DRIFTED);
	add(&sets[1], "care", text_a, "helping people. It gives", CODING_OK);
	add(&sets[1], "care", text_a, "I like helping people", CODING_OK);
	add(&sets[2], "care", text_b, "Care is key", CODING_OK);
	add(&sets[3], "work", text_b, "Tell me more.\nBEN: Care", CODING_OK);
	demo_link(coders, 2);
}

static void teardown(void)
{
	for (int i = 0; i < 4; i++)
		free(sets[i].items);
	transcript_free(docs[0].t);
	transcript_free(docs[1].t);
}

#endif
