/* view_compare.h — the compare view (view_compare.c). */
#ifndef GLOSS_VIEW_COMPARE_H
#define GLOSS_VIEW_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/agree.h"

/*
 * Another coder's codings of the open transcript beside the coder's own in the margin,
 * and the units where the two disagree: those of agree_doc_diffs (agree.h), as gloss
 * agree --unit counts them. It borrows the transcript, the codebook and both codings sets;
 * vcompare_update after any change to the coder's set or unit. */

struct vcompare;
struct coding;
struct strbuf;
/* vcompare_new: sp (borrowed; NULL: every unit) limits the units compared to some
 * speakers' turns, as gloss agree --speaker does (gloss.yaml's agree: setting). */
struct vcompare *vcompare_new(const struct transcript *t, const struct codebook *cb,
                              struct codings *mine, struct codings *other, enum agree_unit unit,
                              const struct agree_speakers *sp);
void vcompare_free(struct vcompare *v);
void vcompare_update(struct vcompare *v, struct codings *mine, enum agree_unit unit);
const char *vcompare_coder(const struct vcompare *v); /* the other coder */
size_t vcompare_count(const struct vcompare *v);      /* units in disagreement */
enum agree_unit vcompare_unit(const struct vcompare *v);
/* vcompare_margin: the columns of the margin (the coder's names, a mark, the other's) for
 * a text area textw wide; 0 when there is no room. */
int vcompare_margin(int textw);
/* vcompare_draw_row: the margin of the screen row showing bytes [rs, re), at x, w wide:
 * the codes of the codings starting on the row, the coder's then the other's, each once
 * and marked "=" when the other coder applied it there too (over every unit it touches)
 * or "≠" when not; a mark between the two sides when the row is in a unit where they
 * disagree. Whole names while they fit, else the first cut with an ellipsis; the codes
 * that do not fit are counted ("+2") and shown on the rows below that have none of their
 * own. Rows are drawn top down: a row not right below the last one drawn starts afresh. */
void vcompare_draw_row(struct vcompare *v, int y, int x, int w, size_t rs, size_t re);
/* vcompare_scope: " [P05]", " [not INTERVIEWER]" when the units are limited to some
 * speakers' turns (" [A or B, not C]"), else nothing. */
void vcompare_scope(const struct vcompare *v, struct strbuf *out);
/* vcompare_next: the next (dir > 0) or previous unit in disagreement from the cursor unit
 * [s, e): true with its bytes in *ds, *de and its number (from 1) in *index. */
bool vcompare_next(const struct vcompare *v, size_t s, size_t e, int dir, size_t *ds, size_t *de,
                   size_t *index);
/* vcompare_describe: what the disagreement in [s, e) is ("disagreement 2/5: only ben
 * coded Trust; only ana coded Care"), me naming the coder; false when they agree there. */
bool vcompare_describe(const struct vcompare *v, size_t s, size_t e, const char *me,
                       struct strbuf *out);
/* vcompare_missing: the other's counted codings overlapping [s, e) that would settle a
 * disagreement there (their code is one only the other applied in a unit overlapping
 * [s, e)) and that the coder lacks (no coding of the same code and bytes): their indices
 * in the other's set, up to max, in order of start; returns how many in all. */
size_t vcompare_missing(const struct vcompare *v, size_t s, size_t e, size_t *out, size_t max);
const struct coding *vcompare_other_coding(const struct vcompare *v, size_t item);

#endif
