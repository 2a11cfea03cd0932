/* repair.c — the codings that could not be placed, and putting them back (see repair.h). */
#include "gloss/repair.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/lock.h"
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

int repair_save_other(struct codings *c, char *err, size_t errsize)
{
	int fd = codings_lock(c, err, errsize), rc = -1;

	if (fd == LOCK_BUSY)
		snprintf(err, errsize, "another gloss is editing %s's codings",
		         c->coder ? c->coder : "these");
	if (fd >= 0) {
		rc = codings_save(c, err, errsize);
		lock_release(fd);
	}
	return rc;
}

enum repair_result repair_commit(struct codings *c, size_t item, bool place, size_t start,
                                 size_t end, struct undo *u, size_t doc, bool other, size_t *at,
                                 char *err, size_t errsize)
{
	struct coding was, placed = {0};
	enum repair_result r = REPAIR_PLACED;
	size_t k = 0;
	long i;

	if (item >= c->len)
		return REPAIR_EMPTY;
	if (place) {
		if ((r = repair_place(c, item, start, end, &was, &k)) != REPAIR_PLACED)
			return r;
		coding_copy(&placed, &c->items[k]);
	} else {
		codings_remove(c, item, &was);
	}
	if (other && repair_save_other(c, err, errsize) < 0) { /* put it back as it was */
		i = place ? codings_find(c, placed.code, placed.start, placed.end) : -1;
		if (i >= 0)
			codings_remove(c, (size_t)i, NULL);
		codings_insert(c, &was);
		coding_done(&placed);
		return REPAIR_NOT_SAVED;
	}
	undo_record_remove(u, doc, &was);
	if (place) {
		undo_record_add(u, doc, &placed);
		undo_join(u, 2);
	}
	undo_mark_repair(u, place ? 2 : 1, other ? c->coder : NULL);
	i = place ? codings_find(c, placed.code, placed.start, placed.end) : -1;
	if (at)
		*at = i >= 0 ? (size_t)i : 0;
	coding_done(&placed);
	coding_done(&was);
	return r;
}

long repair_undo_other(struct undo *u, struct codings *c, bool redo, char *msg, size_t msgsize)
{
	char err[512], back[256];
	long i = redo ? undo_redo(u, c, msg, msgsize) : undo_undo(u, c, msg, msgsize);

	if (i < 0)
		return -1;
	if (repair_save_other(c, err, sizeof(err)) == 0)
		return i;
	if (redo) /* put back as it was, the history too */
		undo_undo(u, c, back, sizeof(back));
	else
		undo_redo(u, c, back, sizeof(back));
	snprintf(msg, msgsize, "%s", err);
	return -2;
}
