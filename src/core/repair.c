/* repair.c — the codings that could not be placed, and putting them back (see repair.h). */
#include "gloss/repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/util.h"

bool repair_needed(const struct coding *cd)
{
	return cd->status == CODING_DRIFTED || cd->status == CODING_AMBIGUOUS;
}

size_t repair_count(struct codings *const *sets, size_t n)
{
	size_t k = 0;

	for (size_t s = 0; s < n; s++)
		for (size_t i = 0; sets[s] && i < sets[s]->len; i++)
			k += repair_needed(&sets[s]->items[i]);
	return k;
}

const char *repair_why(const struct codings *c, const struct coding *cd, char *buf, size_t size)
{
	if (cd->status == CODING_DRIFTED) {
		bool past = c->t && cd->cp_end > c->t->ncp;
		snprintf(buf, size, "drifted: %s",
		         past ? "it lies past the end of the text" : "its quote is not found");
	} else if (cd->status != CODING_AMBIGUOUS) {
		snprintf(buf, size, "%s", "");
	} else if (cd->doubt == ANCHOR_DOUBT_TIE) {
		snprintf(buf, size, "ambiguous: its quote fits %zu places equally well",
		         cd->places);
	} else if (cd->doubt == ANCHOR_DOUBT_ORDER) {
		snprintf(buf, size, "ambiguous: its place would change the order of the codings");
	} else if (cd->doubt == ANCHOR_DOUBT_TAKEN) {
		snprintf(buf, size, "ambiguous: its place is another coding's");
	} else {
		snprintf(buf, size, "ambiguous: it cannot be placed without doubt");
	}
	return buf;
}

size_t repair_candidates(const struct codings *c, size_t i, struct anchor_place *out, size_t max)
{
	struct anchor_item it;

	if (!c->t || i >= c->len || max == 0)
		return 0;
	it = codings_anchor_item(c, &c->items[i]);
	return anchor_candidates(c->t, &it, out, max);
}

static bool blank(const char *s, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s[k] != ' ' && s[k] != '\t' && s[k] != '\n' && s[k] != '\r')
			return false;
	return true;
}

enum repair_result repair_place(struct codings *c, size_t i, size_t start, size_t end,
                                struct coding *before, size_t *index)
{
	const struct transcript *t = c->t;
	struct coding cd;
	size_t at;

	if (end > t->len)
		end = t->len;
	if (start > end)
		start = end;
	while (start > 0 && ((unsigned char)t->text[start] & 0xC0) == 0x80)
		start--; /* offsets inside a character: widen to whole characters */
	while (end < t->len && ((unsigned char)t->text[end] & 0xC0) == 0x80)
		end++;
	if (i >= c->len || blank(t->text + start, end - start))
		return REPAIR_EMPTY;
	for (size_t k = 0; k < c->len; k++) { /* one passage, one coding of a code */
		const struct coding *o = &c->items[k];
		if (k != i && coding_counted(o) && strcmp(o->code, c->items[i].code) == 0 &&
		    o->start < end && o->end > start)
			return REPAIR_DUPLICATE;
	}
	codings_remove(c, i, before);
	coding_copy(&cd, before);
	free(cd.quote);
	free(cd.quote_end);
	free(cd.prefix);
	free(cd.suffix);
	cd.start = start, cd.end = end;
	cd.cp_start = transcript_byte_to_cp(t, start);
	cd.cp_end = transcript_byte_to_cp(t, end);
	anchor_make_quote(t, start, end, &cd.quote, &cd.quote_end);
	anchor_make_context(t, start, end, &cd.prefix, &cd.suffix);
	cd.status = CODING_OK;
	cd.doubt = ANCHOR_DOUBT_NONE;
	cd.places = 0;
	at = codings_insert(c, &cd);
	if (index)
		*index = at;
	return REPAIR_PLACED;
}
