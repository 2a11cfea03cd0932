/* highlight.h — which bytes of the text on the screen carry which codings (TUI layer).
 *
 * The transcript view shows the exact span of each counted coding in the text itself, as
 * well as in the margin: the code's colour (style_coded, style.h), a stronger look where
 * two or more of the coder's codings overlap, and another look for other coders' codings
 * (only while they are shown, p). highlight_build cuts the bytes [vs, ve) the screen shows
 * into runs of equal coverage; the row drawing asks highlight_at for each cell. Drifted
 * and ambiguous codings (coding_counted false) are not shown, as in the margin. */
#ifndef GLOSS_HIGHLIGHT_H
#define GLOSS_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

struct codings;
struct codebook;

/* hl_run: bytes [start, end) covered by `mine` of the coder's codings and `theirs` of other
 * coders' (at least one of the two is not 0). code: the codebook index (-1: not in the
 * codebook) of the coder's innermost coding there (the one that starts last, then the
 * shortest), else of the other coders' innermost one. */
struct hl_run {
	size_t start, end;
	unsigned mine, theirs;
	int code;
};

struct highlight {
	struct hl_run *runs; /* sorted, disjoint */
	size_t n, cap;
};

#define HIGHLIGHT_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* highlight_build: the runs of bytes [vs, ve) covered by the counted codings of mine (may
 * be NULL) and of others[0..nothers) (sets of other coders; NULL entries, mine itself and
 * sets of the coder `me` are skipped). cb gives the codes' indices (may be NULL: every code is -1).
 * Replaces what h held. */
void highlight_build(struct highlight *h, const struct codebook *cb, const char *me,
                     const struct codings *mine, struct codings *const *others, size_t nothers,
                     size_t vs, size_t ve);
/* highlight_at: the run holding byte o, or NULL. */
const struct hl_run *highlight_at(const struct highlight *h, size_t o);
/* highlight_near: the same, starting from *hint (a run index a previous call left there;
 * 0 at first): constant time when o is in or just after the run of the previous call, as
 * for cells drawn in order. */
const struct hl_run *highlight_near(const struct highlight *h, size_t o, size_t *hint);
void highlight_done(struct highlight *h);

#endif
