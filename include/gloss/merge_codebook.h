/* merge_codebook.h — three-way merge of a codebook file by code id: what the git merge
 * driver (gloss merge, src/cli/cmd_merge.c) does with codebooks/NAME.yaml when both
 * branches changed it.
 *
 * Identity. A code is the same code on two sides when its id is the same; a code whose id
 * changed on one side (gloss code rename) is followed when its other fields are the same
 * as the base's and no other code matches.
 *
 * Rules, for base O, ours A and theirs B (the result is built from ours' text: comments,
 * quoting and blank lines of every code are kept as its side wrote them):
 *  - added on either side: kept, in place (after the code it follows on its side, under
 *    the same theme); added on both with the same fields: once;
 *  - changed (any field, the id included) on one side: that change; alike on both: once;
 *  - moved under another theme on one side: moved;
 *  - removed on one side and unchanged on the other: removed (a theme only when nothing is
 *    left under it);
 *  - removed on one side and changed on the other, or a theme removed on one side that
 *    gained codes on the other: kept, and reported;
 *  - the same code changed differently on both sides, or the top fields (name,
 *    description) changed differently: a conflict. Both versions are written between
 *    git's markers ("<<<<<<< ours", "=======", ">>>>>>> theirs"), which every gloss
 *    command reports until they are resolved;
 *  - moved differently on both sides: ours kept, a conflict reported.
 * A side that does not load without errors, or writes a code list in flow style, is not
 * merged here (the caller merges line by line). */
#ifndef GLOSS_MERGE_CODEBOOK_H
#define GLOSS_MERGE_CODEBOOK_H

#include <stddef.h>

#include "gloss/diag.h"
#include "gloss/util.h"

/* merge_codebook: merge the texts base, ours and theirs (path names the file in
 * messages) into out. Returns the number of conflicts (0: out is a codebook that loads),
 * or -1 when the merge cannot be made by code (d says why; out is empty). What was done
 * that the user should know (kept removals, conflicts) is added to d as warnings. */
long merge_codebook(const char *base, size_t blen, const char *ours, size_t olen,
                    const char *theirs, size_t tlen, const char *path, struct strbuf *out,
                    struct diags *d);

#endif
