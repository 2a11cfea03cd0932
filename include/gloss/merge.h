/* merge.h — three-way merge of one coder's codings of one transcript: what the git merge
 * driver (gloss merge, src/cmd_merge.c) does with a codings file both branches changed.
 *
 * Identity. A coding is the same coding on two sides when its code, its start, its end
 * and its created time are the same (what codings_save also goes by). A coding that kept
 * its code, created time and quote but moved (re-anchored after the transcript was
 * edited on one side) is matched too, when it is the only such one on both sides.
 *
 * Rules, for base O, ours A and theirs B:
 *  - added on either side: kept (added on both with the same identity: once);
 *  - removed on one side and unchanged on the other: removed;
 *  - removed on one side and only its context changed on the other (quote, quote_end,
 *    prefix or suffix re-made, as any save of a newer gloss does, or moved to the same
 *    quote elsewhere, as re-anchoring after an edit of the transcript does): removed —
 *    a re-save is not a change of the coding, so a deletion is never undone by one;
 *  - removed on one side and the coding itself changed on the other (its memo or an
 *    unknown field): kept as changed (nothing is lost; the merge says so);
 *  - changed on one side: that change (a place, with its quote and context, comes from
 *    the side that moved it); changed alike on both: once;
 *  - a memo changed differently on both sides: both texts are kept in the memo, marked
 *      <<<<<<< ours / ======= / >>>>>>> theirs
 *    ("(no memo)" standing for a removed one) — a conflict: the file loads, and the user
 *    edits the memo before committing;
 *  - moved differently on both sides: both versions are kept as two codings;
 *  - an unknown field (of a coding or of the file) set differently on both sides cannot
 *    be resolved: ours is kept and the merge reports a conflict.
 * No coding present on either side is lost except one removed on one side and left
 * unchanged on the other. */
#ifndef GLOSS_MERGE_H
#define GLOSS_MERGE_H

#include <stddef.h>

struct codings;

#define MERGE_OURS_MARK "<<<<<<< ours\n"
#define MERGE_SPLIT_MARK "\n=======\n"
#define MERGE_THEIRS_MARK "\n>>>>>>> theirs"

struct merge_stats {
	size_t added_ours, added_theirs;     /* codings added on one side */
	size_t removed_ours, removed_theirs; /* codings removed on one side */
	size_t changed;                      /* codings changed on one side (or alike on both) */
	size_t memo_conflicts;               /* memos changed differently: both texts kept */
	size_t kept_changed;                 /* removed on one side, changed on the other: kept */
	size_t removed_resaved; /* removed on one side, only its context changed on the other */
	size_t moved_both;      /* moved differently on both sides: both kept */
	size_t field_conflicts; /* unknown fields set differently: ours kept */
};

/* merge_codings: merge base, ours and theirs (parsed files; their offsets as read) into
 * out, which must be empty: its items and top-level extras are set here. Returns 0 when
 * everything was resolved, else the number of conflicts left for the user
 * (field_conflicts + memo_conflicts; out is still the best merge: ours where fields
 * conflict, both texts in a memo). */
size_t merge_codings(const struct codings *base, const struct codings *ours,
                     const struct codings *theirs, struct codings *out, struct merge_stats *st);

#endif
