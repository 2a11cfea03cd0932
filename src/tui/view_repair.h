/* view_repair.h — the repair view: the open transcript's codings that could not be placed
 * (drifted, ambiguous: repair.h), every coder's, and what the coder does with one.
 *
 * It lists them with whose they are, their code, why they could not be placed and their
 * stored quote, and under the highlighted one the places where it could stand now
 * (repair_candidates). It changes nothing itself: it returns the coder's choice — go to a
 * place, place the coding on a place or on the selection made before, remove it — and
 * tui.c makes the change (undoable, saved, asking before another coder's file). */
#ifndef GLOSS_VIEW_REPAIR_H
#define GLOSS_VIEW_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "view.h"

struct repair_input {
	const struct transcript *t;
	const struct codebook *cb;
	struct codings *const *sets; /* every coder's codings of the transcript */
	size_t nsets;
	const char *me; /* the coder at work (their codings come first) */
	bool selecting; /* a selection was made before: [sel_s, sel_e) */
	size_t sel_s, sel_e;
};

enum repair_do {
	REPAIR_DO_NOTHING,
	REPAIR_DO_JUMP,   /* go to [start, end) and select it; nothing changes */
	REPAIR_DO_PLACE,  /* place the coding on [start, end) */
	REPAIR_DO_REMOVE, /* remove the coding */
};

struct repair_choice {
	enum repair_do what;
	size_t set, item;  /* the coding: in->sets[set]->items[item] */
	size_t start, end; /* REPAIR_DO_JUMP, REPAIR_DO_PLACE */
};

/* vrepair_run: the view, starting at row *row (kept between runs: the caller keeps it);
 * false when the coder closed it without a choice. */
bool vrepair_run(const struct view_host *h, const struct repair_input *in, size_t *row,
                 struct repair_choice *out);

#endif
