/* test_anchor.c — re-anchoring quotes: exact, moved, loose, long passages, drifted, and
 * repeated quotes told apart by their context, never collapsed (issue 9). */
#include "gloss/anchor.h"

#include <stdlib.h>

#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "t.h"

static struct transcript *mk(const char *s)
{
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load_mem(s, strlen(s), "t.txt", &d);
	diags_done(&d);
	return t;
}

static size_t off(const struct transcript *t, const char *needle)
{
	const char *p = strstr(t->text, needle);

	return p ? (size_t)(p - t->text) : (size_t)-1;
}

/* find_ctx: re-anchor one coding with its context (NULL: none stored); *s, *e in and out */
static enum anchor_result find_ctx(const struct transcript *t, size_t *s, size_t *e,
                                   const char *quote, const char *quote_end, const char *prefix,
                                   const char *suffix)
{
	struct anchor_item it = {.quote = quote,
	                         .quote_end = quote_end,
	                         .prefix = prefix,
	                         .suffix = suffix,
	                         .start = *s > t->len ? t->len : *s,
	                         .end = *e > t->len ? t->len : *e,
	                         .key_start = *s,
	                         .key_end = *e,
	                         .past_end = *e > t->len};

	if (it.end < it.start)
		it.end = it.start;
	anchor_run(t, &it, 1);
	*s = it.new_start, *e = it.new_end;
	return it.result;
}

static enum anchor_result anchor_find(const struct transcript *t, size_t *s, size_t *e,
                                      const char *quote, const char *quote_end)
{
	return find_ctx(t, s, e, quote, quote_end, NULL, NULL);
}

static void test_exact_and_moved(void)
{
	struct transcript *t = mk("A: the cat sat on the mat. the cat ran.\n");
	struct transcript *t2 =
	    mk("A: Inserted words here. the cat sat on the mat. the cat ran.\n");
	struct transcript *t3 = mk("A: xx the cat sat on the mat. the cat ran.\n");
	size_t s = off(t, "cat sat"), e = s + 7;

	OK(anchor_check(t, s, e, "cat sat", NULL), "check holds");
	OK(!anchor_check(t, s, e + 1, "cat sat", NULL), "check fails on wrong end");
	OK(!anchor_check(t, s, t->len + 5, "cat sat", NULL), "check fails out of range");
	IS_INT(anchor_find(t, &s, &e, "cat sat", NULL), ANCHOR_EXACT, "exact");
	IS_INT(s, off(t, "cat sat"), "exact keeps start");
	IS_INT(anchor_find(t2, &s, &e, "cat sat", NULL), ANCHOR_MOVED, "moved after insertion");
	IS_INT(s, off(t2, "cat sat"), "moved start");
	IS_INT(e, off(t2, "cat sat") + 7, "moved end");
	/* "the cat" occurs twice: with no context stored, neither is taken (no guessing) */
	s = off(t, "the cat ran"), e = s + 7;
	IS_INT(anchor_find(t3, &s, &e, "the cat", NULL), ANCHOR_AMBIGUOUS,
	       "repeated quote, no context: ambiguous");
	IS_INT(s, off(t, "the cat ran"), "ambiguous: left where it was");
	/* with its context, the right one is taken, not the nearest */
	s = off(t, "the cat ran"), e = s + 7;
	IS_INT(find_ctx(t3, &s, &e, "the cat", NULL, "on the mat. ", " ran.\n"), ANCHOR_MOVED,
	       "repeated quote with context: moved");
	IS_INT(s, off(t3, "the cat ran"), "the occurrence whose context fits");
	s = 0, e = 7;
	IS_INT(find_ctx(t2, &s, &e, "the cat", NULL, "A: ", " sat on the mat."), ANCHOR_MOVED,
	       "context beats the position");
	IS_INT(s, off(t2, "the cat sat"), "the first occurrence, though the prefix changed");
	/* a tie that includes the old offsets: it stays */
	s = off(t, "the cat sat"), e = s + 7;
	IS_INT(find_ctx(t, &s, &e, "the cat", NULL, "x", "y"), ANCHOR_EXACT,
	       "tie with the old place: in place");
	IS_INT(s, off(t, "the cat sat"), "in place start");
	transcript_free(t);
	transcript_free(t2);
	transcript_free(t3);
}

static void test_loose(void)
{
	struct transcript *t = mk("A: She said \xE2\x80\x9Cit\xE2\x80\x99s fine\xE2\x80\x9D "
	                          "\xE2\x80\x94 then   left\n  the room\xE2\x80\xA6 ok\n");
	const char *q = "\"it's fine\" - then left the room...";
	size_t s = 3, e = 3 + strlen(q);

	IS_INT(anchor_find(t, &s, &e, q, NULL), ANCHOR_MOVED, "loose match found");
	IS_INT(s, off(t, "\xE2\x80\x9Cit"), "loose start maps to the curly quote");
	IS_INT(e, off(t, " ok"), "loose end maps past the ellipsis");
	transcript_free(t);

	t = mk("A: one\r\ntwo\xC2\xA0three four\n");
	s = 0, e = 5;
	IS_INT(anchor_find(t, &s, &e, "one two three", NULL), ANCHOR_MOVED, "CRLF and NBSP");
	IS_INT(s, off(t, "one"), "start of one");
	IS_INT(e, off(t, " four"), "end after three");
	transcript_free(t);

	t = mk("A: x\n");
	s = 0, e = 1;
	IS_INT(anchor_find(t, &s, &e, "The Cat", NULL), ANCHOR_DRIFTED, "case is not folded");
	transcript_free(t);
	t = mk("A: the cat\n");
	s = 0, e = 1;
	IS_INT(anchor_find(t, &s, &e, "The Cat", NULL), ANCHOR_DRIFTED, "case differs: drifted");
	transcript_free(t);
}

static void test_drifted(void)
{
	struct transcript *t = mk("A: nothing to see here\n");
	size_t s = 5, e = 900;

	IS_INT(anchor_find(t, &s, &e, "deleted passage", NULL), ANCHOR_DRIFTED, "deleted: drifted");
	IS_INT(s, 5, "drifted start kept");
	IS_INT(e, t->len, "drifted end clamped to the text");
	s = 100, e = 120;
	IS_INT(anchor_find(t, &s, &e, "", NULL), ANCHOR_DRIFTED,
	       "empty quote past the end: drifted");
	s = 100, e = 120;
	IS_INT(anchor_find(t, &s, &e, NULL, NULL), ANCHOR_DRIFTED,
	       "no quote, offsets past the end: drifted, not trusted");
	s = 3, e = 10;
	IS_INT(anchor_find(t, &s, &e, NULL, NULL), ANCHOR_EXACT, "no quote, offsets in the text");
	transcript_free(t);
}

/* long: a passage of n code points built from numbered words. */
static char *numbered(size_t from, size_t to)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = from; i < to; i++)
		sb_printf(&sb, "w%zu\xC3\xA9 ", i);
	return sb_detach(&sb);
}

static void test_long(void)
{
	char *body = numbered(0, 300), *text = xasprintf("A: %s\n", body);
	char *text2 = xasprintf("B: new words first. A: %s\n", body);
	struct transcript *t = mk(text), *t2;
	size_t s = 3 + 20, e = 3 + 800, os, oe;
	char *q, *qe;

	anchor_make_quote(t, s, e, &q, &qe);
	OK(qe != NULL, "long passage has quote_end");
	IS_INT(utf8_count(q, strlen(q)), ANCHOR_HALF_QUOTE, "head is 100 code points");
	IS_INT(utf8_count(qe, strlen(qe)), ANCHOR_HALF_QUOTE, "tail is 100 code points");
	OK(anchor_check(t, s, e, q, qe), "long check holds");
	os = s, oe = e;
	IS_INT(anchor_find(t, &os, &oe, q, qe), ANCHOR_EXACT, "long exact");
	t2 = mk(text2);
	IS_INT(anchor_find(t2, &os, &oe, q, qe), ANCHOR_MOVED, "long moved");
	IS_INT(os, s + 20, "long moved start");
	IS_INT(oe, e + 20, "long moved end");
	transcript_free(t2);
	/* middle edited, head and tail intact: still found */
	free(text2);
	text2 = xasprintf("A: %.*sEDITED%s\n", 400, body, body + 400);
	t2 = mk(text2);
	os = s, oe = e;
	IS_INT(anchor_find(t2, &os, &oe, q, qe), ANCHOR_MOVED, "middle edited: moved");
	IS_INT(os, s, "head start unchanged");
	IS_INT(oe, e + 6, "tail end after the edit");
	transcript_free(t2);
	/* tail deleted: drifted */
	free(text2);
	text2 = xasprintf("A: %.*s\n", 600, body);
	t2 = mk(text2);
	os = s, oe = e;
	IS_INT(anchor_find(t2, &os, &oe, q, qe), ANCHOR_DRIFTED, "tail gone: drifted");
	transcript_free(t2);
	free(q);
	free(qe);
	anchor_make_quote(t, 3, 3 + 20, &q, &qe);
	OK(qe == NULL, "short passage: no quote_end");
	OK(q && strlen(q) == 20 && memcmp(q, t->text + 3, 20) == 0, "short quote is the passage");
	free(q);
	transcript_free(t);
	free(text);
	free(text2);
	free(body);
}

static void test_far(void)
{
	size_t n = 4 << 20;
	char *buf = xmalloc(n + 64);
	struct transcript *t;
	size_t s, e;

	memset(buf, 'x', n);
	memcpy(buf, "A: ", 3);
	memcpy(buf + n - 40, " needle \xE2\x80\x94 here ", 18);
	buf[n] = '\0';
	t = mk(buf);
	s = 10, e = 30;
	IS_INT(anchor_find(t, &s, &e, "needle \xE2\x80\x94 here", NULL), ANCHOR_MOVED,
	       "exact found far away");
	IS_INT(s, n - 39, "far start");
	s = 10, e = 30;
	IS_INT(anchor_find(t, &s, &e, "needle - here", NULL), ANCHOR_MOVED, "loose found far away");
	IS_INT(e - s, 15, "far loose length");
	IS_INT(s, n - 39, "far loose start");
	IS_INT(e, n - 39 + 15, "far loose end");
	transcript_free(t);
	free(buf);
}

/* item: a coding of bytes [s, e) of t, with quote and context taken from t as gloss stores
 * them (strings owned by the caller through *mem) */
struct mem {
	char *q, *qe, *pre, *suf;
};

static struct anchor_item item_of(const struct transcript *t, size_t s, size_t e, struct mem *m)
{
	anchor_make_quote(t, s, e, &m->q, &m->qe);
	anchor_make_context(t, s, e, &m->pre, &m->suf);
	return (struct anchor_item){.quote = m->q,
	                            .quote_end = m->qe,
	                            .prefix = m->pre,
	                            .suffix = m->suf,
	                            .start = s,
	                            .end = e,
	                            .key_start = s,
	                            .key_end = e};
}

static void mem_done(struct mem *m)
{
	free(m->q);
	free(m->qe);
	free(m->pre);
	free(m->suf);
}

/* issue 9, case 1: two codings on repeated "(skipped)", then front matter is added */
static void test_repeated_front_matter(void)
{
	const char *body = "Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n";
	char *edited = xasprintf("---\nsite: dublin\n---\n%s", body);
	struct transcript *t = mk(body), *t2 = mk(edited);
	struct anchor_item v[2];
	struct mem m[2];

	v[0] = item_of(t, 3, 12, &m[0]);
	v[1] = item_of(t, 16, 25, &m[1]);
	anchor_run(t, v, 2);
	OK(v[0].result == ANCHOR_EXACT && v[1].result == ANCHOR_EXACT, "unchanged: both in place");
	anchor_run(t2, v, 2);
	IS_INT(v[0].result, ANCHOR_MOVED, "first moved");
	IS_INT(v[1].result, ANCHOR_MOVED, "second moved");
	IS_INT(v[0].new_start, 3 + 21, "first found on the first (skipped)");
	IS_INT(v[1].new_start, 16 + 21, "second found on the second (skipped)");
	OK(v[0].new_start != v[1].new_start, "never on one segment");
	/* and back: the front matter removed again */
	v[0].start = 24, v[0].end = 33, v[1].start = 37, v[1].end = 46;
	anchor_run(t, v, 2);
	OK(v[0].new_start == 3 && v[1].new_start == 16, "front matter removed: back in place");
	/* with no context stored, both are ambiguous and stay */
	v[0].prefix = v[0].suffix = v[1].prefix = v[1].suffix = NULL;
	v[0].start = 3, v[0].end = 12, v[1].start = 16, v[1].end = 25;
	anchor_run(t2, v, 2);
	IS_INT(v[0].result, ANCHOR_AMBIGUOUS, "no context: first ambiguous");
	IS_INT(v[1].result, ANCHOR_AMBIGUOUS, "no context: second ambiguous");
	IS_INT(v[0].doubt, ANCHOR_DOUBT_TIE, "a tie");
	IS_INT(v[0].places, 3, "three places fit");
	OK(v[0].new_start == 3 && v[1].new_start == 16, "ambiguous: left where they were");
	mem_done(&m[0]);
	mem_done(&m[1]);
	transcript_free(t);
	transcript_free(t2);
	free(edited);
}

/* issue 9, case 2: a long passage whose old start and end both lie past the shorter text */
static void test_long_past_end(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char *body = numbered(0, 60);
	struct transcript *t, *t2;
	struct anchor_item it;
	struct mem m;
	size_t s;

	for (int i = 0; i < 80; i++)
		sb_printf(&a, "        indented line %d\n", i);
	for (int i = 0; i < 80; i++)
		sb_printf(&b, "indented line %d\n", i);
	sb_printf(&a, "A: %s\n", body);
	sb_printf(&b, "A: %s\n", body);
	t = mk(a.data), t2 = mk(b.data);
	s = off(t, "A: w0");
	it = item_of(t, s, t->len - 1, &m);
	OK(it.quote_end != NULL, "a long passage");
	it.past_end = true; /* its old offsets lie past the end of the shorter text */
	it.key_start = s, it.key_end = t->len - 1;
	it.start = it.end = t2->len;
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_MOVED, "found again, not drifted");
	IS_INT(it.new_start, off(t2, "A: w0"), "new start");
	IS_INT(it.new_end, t2->len - 1, "new end");
	mem_done(&m);
	transcript_free(t);
	transcript_free(t2);
	sb_done(&a);
	sb_done(&b);
	free(body);
}

/* a moved coding may not land on another coding's segment */
static void test_taken(void)
{
	struct transcript *t = mk("A: the cat. the dog.\n");
	struct anchor_item v[2] = {
	    {.quote = "the cat", .start = 3, .end = 10, .key_start = 3, .key_end = 10},
	    {.quote = "the cat", .start = 12, .end = 19, .key_start = 40, .key_end = 47}};

	anchor_run(t, v, 2);
	IS_INT(v[0].result, ANCHOR_EXACT, "the first is in place");
	IS_INT(v[1].result, ANCHOR_AMBIGUOUS, "the second would land on it: ambiguous");
	IS_INT(v[1].doubt, ANCHOR_DOUBT_TAKEN, "because the place is taken");
	IS_INT(v[1].new_start, 12, "and left where it was");
	transcript_free(t);
}

/* two codings would move onto one segment: the one found with its whole context keeps it */
static void test_taken_sure(void)
{
	struct transcript *t = mk("A: x. the cat. y.\n");
	struct anchor_item v[2] = {{.quote = "the cat",
	                            .prefix = "A: x. ",
	                            .suffix = ". y.\n",
	                            .start = 0,
	                            .end = 7,
	                            .key_start = 0,
	                            .key_end = 7},
	                           {.quote = "the cat",
	                            .prefix = "zz",
	                            .suffix = "qq",
	                            .start = 8,
	                            .end = 15,
	                            .key_start = 8,
	                            .key_end = 15}};

	anchor_run(t, v, 2);
	IS_INT(v[0].result, ANCHOR_MOVED, "the one with its whole context moves");
	IS_INT(v[0].new_start, 6, "onto the cat");
	IS_INT(v[1].result, ANCHOR_AMBIGUOUS, "the other does not follow it there");
	IS_INT(v[1].doubt, ANCHOR_DOUBT_TAKEN, "the place is taken");
	transcript_free(t);
}

/* codings keep their relative order: one whose only place would jump over others stays */
static void test_order(void)
{
	struct transcript *t = mk("A: alpha beta gamma delta epsilon zeta\n");
	struct anchor_item v[4] = {
	    {.quote = "zeta", .start = 3, .end = 7, .key_start = 3, .key_end = 7},
	    {.quote = "beta", .start = 0, .end = 4, .key_start = 5, .key_end = 9},
	    {.quote = "gamma", .start = 0, .end = 5, .key_start = 10, .key_end = 15},
	    {.quote = "delta", .start = 0, .end = 5, .key_start = 16, .key_end = 21}};

	anchor_run(t, v, 4);
	IS_INT(v[0].result, ANCHOR_AMBIGUOUS, "the one out of order is ambiguous");
	IS_INT(v[0].doubt, ANCHOR_DOUBT_ORDER, "because of the order");
	IS_INT(v[0].new_start, 3, "left where it was");
	OK(v[1].result == ANCHOR_MOVED && v[2].result == ANCHOR_MOVED &&
	       v[3].result == ANCHOR_MOVED,
	   "the others move");
	OK(v[1].new_start < v[2].new_start && v[2].new_start < v[3].new_start, "in their order");
	transcript_free(t);
}

/* issue 9, case 10: many codings whose quotes are nowhere, all searched in one pass */
static void test_many_unmatched(void)
{
	struct strbuf sb = STRBUF_INIT;
	struct anchor_item *v = xcalloc(2000, sizeof(*v));
	char **q = xcalloc(2000, sizeof(*q));
	struct transcript *t;
	size_t drifted = 0;

	for (int i = 0; i < 16000; i++)
		sb_printf(&sb, "A: line %d of a long transcript, with some words in it.\n", i);
	t = mk(sb.data);
	for (size_t i = 0; i < 2000; i++) {
		q[i] = xasprintf("a passage that is gone %zu, nowhere", i);
		v[i] = (struct anchor_item){.quote = q[i],
		                            .start = i * 400,
		                            .end = i * 400 + 30,
		                            .key_start = i * 400,
		                            .key_end = i * 400 + 30};
	}
	anchor_run(t, v, 2000);
	for (size_t i = 0; i < 2000; i++) {
		drifted += v[i].result == ANCHOR_DRIFTED;
		free(q[i]);
	}
	IS_INT(drifted, 2000, "2,000 unmatched codings in 1 MB: all drifted");
	free(q);
	free(v);
	transcript_free(t);
	sb_done(&sb);
}

/* a short quote found at thousands of places: each coding found by its context, at once */
static void test_many_repeats(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct anchor_item *v = xcalloc(500, sizeof(*v));
	struct mem *m = xcalloc(500, sizeof(*m));
	struct transcript *t, *t2;
	size_t right = 0;

	for (int i = 0; i < 5000; i++)
		sb_printf(&a, "A: Yes. line %d here.\n", i);
	sb_printf(&b, "B: a new first line.\n%s", a.data);
	t = mk(a.data), t2 = mk(b.data);
	for (size_t i = 0; i < 500; i++) {
		size_t s = (size_t)(strstr(t->text + i * 200, "Yes.") - t->text);
		v[i] = item_of(t, s, s + 4, &m[i]);
	}
	anchor_run(t2, v, 500);
	for (size_t i = 0; i < 500; i++) {
		right += v[i].result == ANCHOR_MOVED && v[i].new_start == v[i].start + 21;
		mem_done(&m[i]);
	}
	IS_INT(right, 500, "500 codings on one of 5,000 \"Yes.\" each found at its own");
	free(m);
	free(v);
	transcript_free(t);
	transcript_free(t2);
	sb_done(&a);
	sb_done(&b);
}

/* ---- issue 16: passages edited inside, and codings placed by their neighbours -------- */

#define TURN1                                                                                      \
	"Honestly, a lot of the sustainability talk is branding. Some of it is genuine. The "      \
	"rest is what firms say to keep graduates from leaving early."
#define TURN1_EDITED                                                                               \
	"Honestly, a lot of the sustainability talk is branding. Some of it \xE2\x80\x94 maybe "   \
	"a third \xE2\x80\x94 is genuine. The rest is what firms say to keep graduates from "      \
	"leaving early."
#define TURN2_HEAD "When I started out in consulting, "
#define TURN2_REST                                                                                 \
	"every firm had a programme, and you would spend a Saturday helping at a food bank and "   \
	"then write a post about it. It was fine. But the work that mattered was the Tuesday "     \
	"work, advising the cooperative on its books, which nobody photographed or praised. Ok."

static char *study(const char *turn1, const char *turn2)
{
	return xasprintf("INTERVIEWER: And the awards, the rankings?\n\nAMARA: %s\n\n"
	                 "INTERVIEWER: Tell me about the early years.\n\nAMARA: %s\n\n"
	                 "INTERVIEWER: Thank you.\n",
	                 turn1, turn2);
}

/* the two edits: a phrase inserted in a coded 143-character turn, and
 * "[Crosstalk removed.]" inserted near the start of a coded 290-character turn */
static void test_edited_turns(void)
{
	char *a = study(TURN1, TURN2_HEAD TURN2_REST);
	char *b = study(TURN1_EDITED, TURN2_HEAD "[Crosstalk removed.] " TURN2_REST);
	struct transcript *t = mk(a), *t2 = mk(b);
	size_t s1 = off(t, TURN1), s2 = off(t, TURN2_HEAD);
	struct anchor_item v[2];
	struct mem m[2];

	IS_INT(strlen(TURN1), 143, "the first turn has 143 characters");
	IS_INT(strlen(TURN2_HEAD TURN2_REST), 290, "the second 290");
	v[0] = item_of(t, s1, s1 + strlen(TURN1), &m[0]);
	v[1] = item_of(t, s2, s2 + strlen(TURN2_HEAD TURN2_REST), &m[1]);
	OK(v[1].quote_end != NULL, "the long turn is stored as head and tail");
	anchor_run(t2, v, 2);
	IS_INT(v[0].result, ANCHOR_EDITED, "phrase inserted: re-anchored with changes");
	IS_INT(v[0].new_start, off(t2, TURN1_EDITED), "at the edited turn's start");
	IS_INT(v[0].new_end, off(t2, TURN1_EDITED) + strlen(TURN1_EDITED), "to its end");
	IS_INT(v[1].result, ANCHOR_EDITED, "[Crosstalk removed.] inserted: with changes");
	IS_INT(v[1].new_start, off(t2, TURN2_HEAD), "at the long turn's start");
	IS_INT(v[1].new_end, off(t2, TURN2_REST) + strlen(TURN2_REST), "to its end");
	mem_done(&m[0]);
	mem_done(&m[1]);
	transcript_free(t2);
	free(b);
	/* the tail of the long turn edited instead */
	b = study(TURN1, TURN2_HEAD "every firm had a programme, and you would spend a Saturday "
	                            "helping at a food bank and then write a post about it. It was "
	                            "fine. But the work that mattered was the Tuesday work, "
	                            "advising the co-op on its books [laughs], which nobody "
	                            "photographed or praised. Ok.");
	t2 = mk(b);
	v[1] = item_of(t, s2, s2 + strlen(TURN2_HEAD TURN2_REST), &m[1]);
	anchor_run(t2, &v[1], 1);
	IS_INT(v[1].result, ANCHOR_EDITED, "tail edited: re-anchored with changes");
	IS_INT(v[1].new_start, off(t2, TURN2_HEAD), "at the turn's start");
	IS_INT(v[1].new_end, off(t2, "Ok.\n") + 3, "to its end");
	mem_done(&m[1]);
	transcript_free(t2);
	free(b);
	/* more than a quarter edited: drifted, kept where it was */
	b = study(
	    "Honestly, a lot of the sustainability talk is branding, and I mean this truly, "
	    "deeply and honestly, all of it. Some of it is genuine. The rest is what firms say "
	    "to keep graduates from leaving early.",
	    TURN2_HEAD TURN2_REST);
	t2 = mk(b);
	v[0] = item_of(t, s1, s1 + strlen(TURN1), &m[0]);
	anchor_run(t2, &v[0], 1);
	IS_INT(v[0].result, ANCHOR_DRIFTED, "over a quarter edited: drifted");
	IS_INT(v[0].new_start, s1, "left where it was");
	mem_done(&m[0]);
	transcript_free(t2);
	free(b);
	transcript_free(t);
	free(a);
}

/* two places where the edited passage fits equally well, context and all: ambiguous */
static void test_edited_tie(void)
{
	const char *block = "INTERVIEWER: Tell me more about it.\nAMARA: %s\nINTERVIEWER: Thank "
	                    "you, that helps.\n";
	char *one = xasprintf(block, TURN1), *one2 = xasprintf(block, TURN1_EDITED);
	char *a = xasprintf("%s%s", one, one), *b = xasprintf("%s%s", one2, one2);
	struct transcript *t = mk(a), *t2 = mk(b);
	size_t s = off(t, TURN1);
	struct anchor_item it;
	struct anchor_place pl[4];
	struct mem m;

	it = item_of(t, s, s + strlen(TURN1), &m);
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_AMBIGUOUS, "two equally good edited places: ambiguous");
	IS_INT(it.doubt, ANCHOR_DOUBT_TIE, "a tie");
	IS_INT(it.places, 2, "of two places");
	IS_INT(it.new_start, s, "left where it was");
	IS_INT(anchor_candidates(t2, &it, pl, 4), 2, "the repair view sees both edited places");
	OK(pl[0].start == off(t2, TURN1_EDITED) && !pl[0].exact, "the first, not exact");
	OK(pl[1].start > pl[0].start, "then the second");
	mem_done(&m);
	transcript_free(t);
	transcript_free(t2);
	free(one), free(one2), free(a), free(b);
}

/* found by fuzz_anchor (regression crash-6cb53c1c...): in a run of repeated turns, a
 * passage edited inside ("[crosstalk] " inserted) whose stored prefix stands exactly at its
 * place and once in the text; one turn later the same prefix stands only loosely (a blank
 * line folded to a line end), and there the old text is fewer edits away. The context
 * that stands exactly wins: the passage is found at its edited place, never a turn later */
#define RUN_HEAD "B: No.\n\nB: Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: Yes.\nB"
#define RUN_END "Yes.\nA: Yes. Caf\xC3\xA9, na\xC3\xAFve, Zo\xC3\xAB.\n"
static void test_edited_repeated_context(void)
{
	const char *a = RUN_HEAD ": Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: " RUN_END;
	const char *b = RUN_HEAD ": Yes.\n\nB: Yes.\n\nB: [crosstalk] Yes.\n\nB: " RUN_END;
	struct transcript *t = mk(a), *t2 = mk(b);
	size_t s = strlen(RUN_HEAD), e = off(t, "e, Zo");
	struct anchor_item it;
	struct mem m;
	const char *p;

	it = item_of(t, s, e, &m);
	IS_STR(it.prefix, "es.\n\nB: Yes.\n\nB: Yes.\n\nB: Yes.\nB", "the prefix ends one turn");
	p = strstr(t2->text, it.prefix);
	OK(p && p + strlen(it.prefix) == t2->text + s && !strstr(p + 1, it.prefix),
	   "and stands exactly once in the edited text: before its place");
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_EDITED, "re-anchored with changes");
	IS_INT(it.new_start, s, "where its exact prefix ends, not a turn later");
	IS_INT(it.new_end, off(t2, "e, Zo"), "to where its suffix starts");
	mem_done(&m);
	transcript_free(t);
	transcript_free(t2);
}

/* the same run of turns, its blank lines taken out (around the passage, or everywhere) as
 * well as "[crosstalk] " inserted: the prefix now stands only loosely, at every turn, so
 * nothing tells which turn the passage starts at; the fewer edits a turn later are no
 * proof. Ambiguous, left where it was: never placed a turn off */
static void test_edited_repeated_doubt(void)
{
	const char *a = RUN_HEAD ": Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: " RUN_END;
	const char *edits[] = {
	    "B: No.\n\nB: Yes.\n\nB: Yes.\n\nB: Yes.\nB: Yes.\nB: Yes.\n\nB: Yes.\n\nB: "
	    "[crosstalk] Yes.\n\nB: " RUN_END,
	    "B: No.\nB: Yes.\nB: Yes.\nB: Yes.\nB: Yes.\nB: Yes.\nB: Yes.\nB: [crosstalk] "
	    "Yes.\nB: " RUN_END,
	};
	struct transcript *t = mk(a), *t2;
	size_t s = strlen(RUN_HEAD), e = off(t, "e, Zo");

	for (size_t k = 0; k < ARRAY_LEN(edits); k++) {
		t2 = mk(edits[k]);
		struct mem m;
		struct anchor_item it = item_of(t, s, e, &m);
		anchor_run(t2, &it, 1);
		IS_INT(it.result, ANCHOR_AMBIGUOUS,
		       k ? "blank lines taken out everywhere: ambiguous"
		         : "a blank line taken out before it: ambiguous");
		OK(it.new_start == s && it.new_end == e, "left where it was");
		mem_done(&m);
		transcript_free(t2);
	}
	transcript_free(t);
	/* the same after the passage: its suffix stands loosely at every turn */
	t = mk(
	    "A: Yes. Caf\xC3\xA9, na\xC3\xAFve, Zo\xC3\xAB.\nB: Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: "
	    "Yes.\nB: Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: No.\n");
	t2 = mk("A: Yes. Caf\xC3\xA9, na\xC3\xAFve, Zo\xC3\xAB.\nB: Yes.\nB: [crosstalk] Yes.\nB: "
	        "Yes.\nB: Yes.\nB: Yes.\nB: Yes.\nB: Yes.\nB: No.\n");
	s = off(t, "Caf"), e = off(t, "\nB: Yes.\n\nB: Yes.\n\nB: Yes.\n\nB: No.");
	{
		struct mem m;
		struct anchor_item it = item_of(t, s, e, &m);
		anchor_run(t2, &it, 1);
		IS_INT(it.result, ANCHOR_AMBIGUOUS, "its suffix at every turn: ambiguous");
		OK(it.new_start == s && it.new_end == e, "left where it was");
		mem_done(&m);
	}
	transcript_free(t);
	transcript_free(t2);
}

/* where the context repeats but only one of its places gives the passage a length its
 * edits could give it, that place is sure: lines that all end alike (the prefix stands at
 * every line's start, the previous one too), one line edited; and a passage at the start
 * of the text, whose short prefix stands again inside it but only there reaches the
 * text's start */
static void test_edited_context_elsewhere(void)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct transcript *t, *t2;
	struct anchor_item it;
	struct mem m;
	size_t s, e;

	for (int i = 0; i < 8; i++) {
		sb_printf(&a,
		          "A: line %d of a long transcript, with some words in it, and a few more "
		          "after that.\n",
		          i);
		sb_printf(&b,
		          "A: line %d of a long transcript, with %s words in it, and a few more "
		          "after that.\n",
		          i, i == 4 ? "a few more" : "some");
	}
	t = mk(a.data), t2 = mk(b.data);
	s = off(t, "line 4"), e = off(t, "\nA: line 5");
	it = item_of(t, s, e, &m);
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_EDITED, "alike lines, one edited: re-anchored with changes");
	IS_INT(it.new_start, off(t2, "line 4"), "at its line's start");
	IS_INT(it.new_end, off(t2, "\nA: line 5"), "to its end");
	mem_done(&m);
	transcript_free(t), transcript_free(t2);
	sb_reset(&a), sb_reset(&b);
	for (int i = 0; i < 8; i++) { /* lines that all start alike: the suffix everywhere */
		sb_printf(&a, "A: Well, as I said before, it was line %d, %s.\n", i, "really");
		sb_printf(&b, "A: Well, as I said before, it was line %d, %s.\n", i,
		          i == 4 ? "really, truly" : "really");
	}
	t = mk(a.data), t2 = mk(b.data);
	s = off(t, "line 3, really.\n") + 19,
	e = off(t, "\nA: Well, as I said before, it was line 5");
	it = item_of(t, s, e, &m);
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_EDITED, "lines starting alike: re-anchored with changes");
	IS_INT(it.new_start, off(t2, "line 3, really.\n") + 19, "at its line's start");
	IS_INT(it.new_end, off(t2, "\nA: Well, as I said before, it was line 5"), "to its end");
	mem_done(&m);
	transcript_free(t), transcript_free(t2);
	t = mk("A: Yes. A: Yes. I think so, yes, I do.\nB: Good.\n");
	t2 = mk("A: Yes. A: Yes. I think so, really yes, I do.\nB: Good.\n");
	s = 3, e = off(t, "\nB:");
	it = item_of(t, s, e, &m);
	IS_STR(it.prefix, "A: ", "a short prefix: the passage was at the text's start");
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_EDITED, "its prefix again inside it: re-anchored with changes");
	IS_INT(it.new_start, 3, "still at the start");
	IS_INT(it.new_end, off(t2, "\nB:"), "to its end");
	mem_done(&m);
	transcript_free(t), transcript_free(t2);
	/* a prefix that stands loosely one space earlier too: the same place */
	t = mk("INTERVIEWER: And what did you do about it?  AMARA: I went to the clinic on "
	       "Thursdays and helped.\nINTERVIEWER: Thank you.\n");
	t2 = mk("INTERVIEWER: And what did you do about it?   AMARA: I went to the clinic on "
	        "Thursdays and I helped.\nINTERVIEWER: Thank you.\n");
	s = off(t, "AMARA"), e = off(t, "\nINTERVIEWER: Thank");
	it = item_of(t, s, e, &m);
	anchor_run(t2, &it, 1);
	IS_INT(it.result, ANCHOR_EDITED, "a space more before it: re-anchored with changes");
	IS_INT(it.new_start, off(t2, "AMARA"), "at its start");
	mem_done(&m);
	transcript_free(t), transcript_free(t2);
	sb_done(&a), sb_done(&b);
}

/* items of bytes [s, e) of t without context (an older file, another tool) */
static struct anchor_item bare(const struct transcript *t, const char *needle, size_t nth,
                               struct mem *m)
{
	const char *p = t->text;
	struct anchor_item it;
	size_t s;

	for (size_t k = 0; k <= nth; k++)
		p = strstr(k ? p + 1 : p, needle);
	s = (size_t)(p - t->text);
	it = item_of(t, s, s + strlen(needle), m);
	it.prefix = it.suffix = NULL;
	return it;
}

/* issue 16, item 2: three lines of front matter added to a file whose codings have no
 * context: the repeated quotes are placed where their neighbours moved */
static void test_neighbours_front_matter(void)
{
	const char *body = "Q1: Where do you work?\nA: (skipped)\nQ2: What do you do there?\n"
	                   "A: (skipped)\nQ3: Since when?\nA: (skipped)\nQ4: Thanks.\n";
	char *edited = xasprintf("---\nsite: dublin\n---\n%s", body);
	struct transcript *t = mk(body), *t2 = mk(edited);
	const char *q[] = {
	    "Where do you work?", "(skipped)", "What do you do there?", "(skipped)", "Since when?",
	    "(skipped)",          "Thanks."};
	size_t nth[] = {0, 0, 0, 1, 0, 2, 0}, placed = 0;
	struct anchor_item v[7];
	struct mem m[7];

	for (size_t i = 0; i < 7; i++)
		v[i] = bare(t, q[i], nth[i], &m[i]);
	anchor_run(t2, v, 7);
	for (size_t i = 0; i < 7; i++)
		placed += v[i].result == ANCHOR_MOVED && v[i].new_start == v[i].start + 21;
	IS_INT(placed, 7, "front matter added: all seven placed, each 21 bytes on");
	OK(v[1].new_start < v[3].new_start && v[3].new_start < v[5].new_start,
	   "the three (skipped) on three places");
	/* without the neighbour after the last (skipped), it stays ambiguous */
	for (size_t i = 0; i < 7; i++)
		v[i].start = v[i].key_start, v[i].end = v[i].key_end;
	anchor_run(t2, v, 6);
	IS_INT(v[5].result, ANCHOR_AMBIGUOUS, "no placed neighbour after it: ambiguous");
	IS_INT(v[3].result, ANCHOR_MOVED, "the one between two placed neighbours: placed");
	/* a neighbour that moved by another amount: ambiguous */
	v[4].key_start += 1, v[4].key_end += 1; /* "Since when?" was one further on */
	anchor_run(t2, v, 7);
	IS_INT(v[3].result, ANCHOR_AMBIGUOUS, "neighbours moved by different amounts: ambiguous");
	IS_INT(v[3].doubt, ANCHOR_DOUBT_TIE, "a tie, as before");
	for (size_t i = 0; i < 7; i++)
		mem_done(&m[i]);
	transcript_free(t);
	transcript_free(t2);
	free(edited);
}

/* leading indentation stripped: each line moves by another amount, so only the neighbours
 * of the same line agree */
static void test_neighbours_indent(void)
{
	const char *body = "    A: The clinic. Yes. Right.\n    B: Yes. Okay.\n";
	const char *edited = "A: The clinic. Yes. Right.\nB: Yes. Okay.\n";
	struct transcript *t = mk(body), *t2 = mk(edited);
	const char *q[] = {"The clinic.", "Yes.", "Right.", "Yes.", "Okay."};
	size_t nth[] = {0, 0, 0, 1, 0};
	struct anchor_item v[5];
	struct mem m[5];

	for (size_t i = 0; i < 5; i++)
		v[i] = bare(t, q[i], nth[i], &m[i]);
	anchor_run(t2, v, 5);
	IS_INT(v[0].result, ANCHOR_MOVED, "unique quotes moved");
	IS_INT(v[1].result, ANCHOR_MOVED, "Yes. between two neighbours of its line: placed");
	IS_INT(v[1].new_start, off(t2, "Yes."), "on its own line's Yes.");
	IS_INT(v[3].result, ANCHOR_AMBIGUOUS,
	       "Yes. whose neighbours lie on two lines (moved 4 and 8): ambiguous");
	for (size_t i = 0; i < 5; i++)
		mem_done(&m[i]);
	transcript_free(t);
	transcript_free(t2);
}

/* anchor_candidates: every place the quote could stand, best first */
static void test_candidates(void)
{
	const char *body = "Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n";
	struct transcript *t = mk(body);
	struct anchor_place pl[8];
	struct anchor_item it;
	struct mem m;

	it = item_of(t, 16, 25, &m);
	IS_INT(anchor_candidates(t, &it, pl, 8), 3, "three places of (skipped)");
	IS_INT(pl[0].start, 16, "the one with its context first");
	OK(pl[0].exact && pl[0].end == 25, "exact, its old end");
	OK(pl[0].score > pl[1].score, "scored above the others");
	IS_INT(anchor_candidates(t, &it, pl, 2), 2, "at most max");
	it.prefix = it.suffix = NULL;
	IS_INT(anchor_candidates(t, &it, pl, 8), 3, "no context: still three");
	IS_INT(pl[0].start, 16, "equal scores: the nearest the old offsets first");
	it.quote = "(absent)";
	IS_INT(anchor_candidates(t, &it, pl, 8), 0, "a quote that is nowhere: none");
	mem_done(&m);
	transcript_free(t);
}

int main(void)
{
	test_exact_and_moved();
	test_loose();
	test_drifted();
	test_long();
	test_far();
	test_repeated_front_matter();
	test_long_past_end();
	test_taken();
	test_taken_sure();
	test_order();
	test_many_unmatched();
	test_many_repeats();
	test_candidates();
	test_edited_turns();
	test_edited_tie();
	test_edited_repeated_context();
	test_edited_repeated_doubt();
	test_edited_context_elsewhere();
	test_neighbours_front_matter();
	test_neighbours_indent();
	return t_done();
}
