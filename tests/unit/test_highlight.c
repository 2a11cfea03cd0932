/* test_highlight.c — which bytes of the text carry which codings (highlight.h): runs of
 * equal coverage, overlap counted, the innermost coding's code, other coders' apart,
 * drifted codings left out, clipped to the range shown. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/transcript.h"
#include "highlight.h"
#include "t.h"

static const char text[] = "ANA: one two three four five six seven eight nine ten.\n";
static const char book[] = "codes:\n  - id: a\n    name: A\n  - id: b\n    name: B\n"
                           "  - id: c\n    name: C\n";

/* ana: a on "two three four" (9-23), b on "three" (13-18), a drifted c on "six";
 * ben: c on "four five" (19-28) */
static const char mine_yaml[] = "codings:\n"
                                "  - {code: a, start: 9, end: 23, quote: \"two three four\"}\n"
                                "  - {code: b, start: 13, end: 18, quote: \"three\"}\n"
                                "  - {code: c, start: 29, end: 32, quote: \"gone\"}\n";
static const char ben_yaml[] =
    "codings:\n  - {code: c, start: 19, end: 28, quote: \"four five\"}\n";

int main(void)
{
	struct diags d;
	struct transcript *t;
	struct codebook *cb;
	struct codings *mine, *ben, *sets[2];
	struct highlight h = HIGHLIGHT_INIT;
	const struct hl_run *r;

	diags_init(&d);
	t = transcript_load_mem(text, strlen(text), "t.txt", &d);
	cb = codebook_load_mem(book, strlen(book), "book.yaml", &d);
	mine = codings_parse(mine_yaml, strlen(mine_yaml), "m.yaml", t, "ana", cb, &d);
	ben = codings_parse(ben_yaml, strlen(ben_yaml), "b.yaml", t, "ben", cb, &d);
	OK(t && cb && mine && ben, "the fixtures load");
	sets[0] = mine, sets[1] = ben;

	highlight_build(&h, cb, "ana", mine, NULL, 0, 0, t->len);
	IS_INT(h.n, 3, "yours only: three runs (a, a+b, a)");
	r = highlight_at(&h, 9);
	OK(r && r->start == 9 && r->end == 13 && r->mine == 1 && r->code == 0, "two: a alone");
	r = highlight_at(&h, 15);
	OK(r && r->start == 13 && r->end == 18 && r->mine == 2, "three: two codings overlap");
	IS_INT(r ? r->code : -9, 1, "the overlap takes the innermost coding's code (b)");
	r = highlight_at(&h, 18);
	OK(r && r->start == 18 && r->end == 23 && r->mine == 1 && r->code == 0, "four: a again");
	OK(!highlight_at(&h, 8) && !highlight_at(&h, 23), "the bytes just outside are plain");
	OK(!highlight_at(&h, 30), "a drifted coding is not shown");

	highlight_build(&h, cb, "ana", mine, sets, 2, 0, t->len);
	r = highlight_at(&h, 20);
	OK(r && r->mine == 1 && r->theirs == 1 && r->code == 0,
	   "four with ben's: both counted, your code first");
	r = highlight_at(&h, 25);
	OK(r && r->mine == 0 && r->theirs == 1 && r->code == 2 && r->start == 23 && r->end == 28,
	   "five: ben's only, with ben's code");

	{ /* highlight_near from any hint, in order, backwards and jumping, is highlight_at */
		size_t hint = 0, bad = 0, o;

		for (o = 0; o <= t->len; o++)
			bad += highlight_near(&h, o, &hint) != highlight_at(&h, o);
		for (o = t->len + 1; o-- > 0;)
			bad += highlight_near(&h, o, &hint) != highlight_at(&h, o);
		for (size_t from = 0; from <= h.n; from++) /* every hint, every byte */
			for (o = 0; o <= t->len; o++) {
				hint = from;
				bad += highlight_near(&h, o, &hint) != highlight_at(&h, o);
			}
		OK(h.n >= 3 && bad == 0, "highlight_near agrees with highlight_at from any hint");
	}

	sets[1] = mine; /* the coder's own set among the others is not theirs */
	highlight_build(&h, cb, "ana", mine, sets, 2, 0, t->len);
	r = highlight_at(&h, 15);
	OK(r && r->theirs == 0 && r->mine == 2, "your own set is never counted as theirs");
	sets[1] = ben;
	highlight_build(&h, cb, "ben", NULL, sets + 1, 1, 0, t->len);
	OK(!highlight_at(&h, 20), "nor a set of the coder at work named so");

	highlight_build(&h, cb, "ana", mine, NULL, 0, 15, 20);
	OK(h.n == 2 && h.runs[0].start == 15 && h.runs[h.n - 1].end == 20,
	   "clipped to the bytes shown");

	highlight_done(&h);
	codings_free(mine);
	codings_free(ben);
	codebook_free(cb);
	transcript_free(t);
	diags_done(&d);
	return t_done();
}
