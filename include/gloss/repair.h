/* repair.h — the codings that could not be placed (drifted, ambiguous: codings.h), and
 * putting them back: what the coder's repair view lists and does, without a screen.
 *
 * Such a coding is kept where it was, written back unchanged and not counted. The
 * researcher may place it on a passage (a candidate anchor_candidates lists, or any
 * passage): it keeps its code, memo, created time and unknown fields, takes its offsets,
 * quote and context from the text there, and counts again (CODING_OK). Or remove it
 * (codings_remove). Nothing here saves: the caller saves the set like any other change. */
#ifndef GLOSS_REPAIR_H
#define GLOSS_REPAIR_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/anchor.h"
#include "gloss/codings.h"
#include "gloss/undo.h"

/* repair_needed: is cd one that could not be placed (CODING_DRIFTED or CODING_AMBIGUOUS)? */
bool repair_needed(const struct coding *cd);
/* repair_count: how many codings of sets[0..n) could not be placed (NULL sets skipped). */
size_t repair_count(struct codings *const *sets, size_t n);

/* repair_why: why cd, a coding of c, could not be placed, in words for the researcher:
 * "drifted: its quote is not found", "drifted: it lies past the end of the text",
 * "ambiguous: its quote fits 3 places equally well", "ambiguous: its place would change
 * the order of the codings", "ambiguous: its place is another coding's" ("" for a coding
 * that is placed). Written into buf (size >= 64 is enough); returns buf. */
const char *repair_why(const struct codings *c, const struct coding *cd, char *buf, size_t size);

/* repair_candidates: the places where coding i of c could stand now, best first
 * (anchor_candidates on its stored quote and context), at most max; returns how many. */
size_t repair_candidates(const struct codings *c, size_t i, struct anchor_place *out, size_t max);

enum repair_result {
	REPAIR_PLACED,    /* done */
	REPAIR_EMPTY,     /* [start, end) holds nothing but white space: nothing changed */
	REPAIR_DUPLICATE, /* a placed coding of the same code in the set overlaps the passage
	                     (one passage, one coding): nothing changed (remove this one) */
	REPAIR_NOT_SAVED, /* repair_commit: another coder's file could not be saved: put back,
	                     nothing changed (the reason in err) */
};

/* repair_place: place coding i of c on bytes [start, end) of c's transcript (clamped to
 * the text, widened to whole characters). On REPAIR_PLACED the coding as it was is moved
 * into *before (the caller frees it with coding_done; undo puts it back with
 * codings_insert) and *index is the placed coding's index in c (after sorting). */
enum repair_result repair_place(struct codings *c, size_t i, size_t start, size_t end,
                                struct coding *before, size_t *index);

/* repair_save_other: save another coder's set c at once, under its file's lock
 * (codings_lock, codings_save, lock_release). 0, or -1 with the reason in err ("another
 * gloss is editing ben's codings", or why the save failed): nothing was written. */
int repair_save_other(struct codings *c, char *err, size_t errsize);

/* repair_commit: the coder's repair of coding item of c, as one undoable step of document
 * doc in u: placed on [start, end) when place (repair_place), else removed. other: c is
 * another coder's set: it is saved at once (repair_save_other), and when that fails the
 * change is put back, nothing is recorded and REPAIR_NOT_SAVED is returned (the reason in
 * err); the steps recorded name its coder (undo_mark_repair). Else c is the session
 * coder's own, which the caller saves like any change. *at: where the coding is now in c
 * (REPAIR_PLACED of a place). Returns REPAIR_PLACED when done (a removal too). */
enum repair_result repair_commit(struct codings *c, size_t item, bool place, size_t start,
                                 size_t end, struct undo *u, size_t doc, bool other, size_t *at,
                                 char *err, size_t errsize);

/* repair_undo_other: undo (or redo) the repair at the top of u, a step naming another
 * coder (op->coder), in that coder's set c, and save c at once (repair_save_other); when
 * that fails it is put back and the history left as it was (-2, the reason in msg). The
 * index touched (msg says what was done), or -1 when it cannot be undone (msg says why). */
long repair_undo_other(struct undo *u, struct codings *c, bool redo, char *msg, size_t msgsize);

#endif
