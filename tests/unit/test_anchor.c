/* test_anchor.c — re-anchoring quotes: exact, moved, loose, long passages, drifted. */
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
	/* "the cat" occurs twice: the one nearest the old start wins */
	s = off(t, "the cat ran"), e = s + 7;
	IS_INT(anchor_find(t3, &s, &e, "the cat", NULL), ANCHOR_MOVED, "nearest occurrence");
	IS_INT(s, off(t3, "the cat ran"), "the second occurrence is nearest");
	s = 0, e = 7;
	IS_INT(anchor_find(t2, &s, &e, "the cat", NULL), ANCHOR_MOVED, "nearest from 0");
	IS_INT(s, off(t2, "the cat sat"), "the first occurrence is nearest to 0");
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
	IS_INT(anchor_find(t, &s, &e, "", NULL), ANCHOR_MOVED, "empty quote out of range clamps");
	IS_INT(s, t->len, "clamped start");
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
	IS_INT(s, n - 39, "far loose start");
	IS_INT(e, n - 39 + 15, "far loose end");
	transcript_free(t);
	free(buf);
}

int main(void)
{
	test_exact_and_moved();
	test_loose();
	test_drifted();
	test_long();
	test_far();
	return t_done();
}
