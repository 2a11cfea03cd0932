/* test_suggest.c — pattern suggestions: one per code and sentence, none where a coding of
 * the code overlaps the match, labels and front matter never searched, drifted codings do
 * not count. */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/suggest.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "t.h"

static const char cb_text[] = "codes:\n"
                              "  - id: bono\n"
                              "    patterns: ['(?i)pro bono', 'clinic']\n"
                              "  - id: none\n"
                              "  - id: ana\n"
                              "    patterns: ['ANA']\n";

static const char text[] = "---\nnote: pro bono\n---\n"
                           "ANA: Pro bono work, and pro bono again. The clinic too.\n"
                           "BEN: No pro bono here? Yes, pro bono.\n";

int main(void)
{
	struct diags d;
	struct codebook *cb;
	struct transcript *t;
	struct codings *c;
	struct suggestion *sg;
	bool wanted[3] = {true, true, false};
	size_t n, at;

	diags_init(&d);
	cb = codebook_load_mem(cb_text, strlen(cb_text), "cb.yaml", &d);
	t = transcript_load_mem(text, strlen(text), "x/01.txt", &d);
	c = codings_parse("", 0, "x/codings/me/01.yaml", t, "me", cb, &d);
	OK(cb && t && c, "loaded");
	if (!cb || !t || !c)
		return t_done();
	n = suggest_find(cb, t, &c, 1, NULL, &sg, NULL);
	IS_INT(n, 4, "one a code and sentence; labels and front matter not searched");
	IS_INT(n ? sg[0].code : -1, 0, "first: bono");
	IS_INT(n ? sg[0].ms : 0, strstr(text, "Pro bono") - text, "at its first match");
	IS_INT(n > 1 ? sg[1].ms : 0, strstr(text, "clinic") - text, "clinic: its own sentence");
	free(sg);
	at = (size_t)(strstr(text, "No pro bono") - text);
	codings_add(c, "bono", at, at + 11, NULL);
	n = suggest_find(cb, t, &c, 1, wanted, &sg, NULL);
	IS_INT(n, 3, "a coding overlapping the match: applied");
	free(sg);
	c->items[0].status = CODING_DRIFTED;
	n = suggest_find(cb, t, &c, 1, wanted, &sg, NULL);
	IS_INT(n, 4, "a drifted coding does not count");
	free(sg);
	wanted[0] = false;
	n = suggest_find(cb, t, &c, 1, wanted, &sg, NULL);
	IS_INT(n, 0, "only the wanted codes");
	OK(sg == NULL, "nothing allocated");
	codings_free(c);
	transcript_free(t);
	codebook_free(cb);
	diags_done(&d);
	return t_done();
}
