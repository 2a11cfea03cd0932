/* cooccur.h — code co-occurrence: a code x code matrix over the rows of a tally.
 *
 * Rows are the tally's rows (codebook codes in codebook order, then ids not in the
 * codebook); themes are rolled up: a theme's passages are the distinct segments coded with
 * it or any code below it, as in tally.h. Only codings that count (coding_counted) are
 * used. The cell (a, b), a != b, in each unit:
 *  - COOCCUR_PASSAGE: the number of pairs (P, Q), P a passage of a and Q a passage of b,
 *    that overlap: share at least one character, or are the same segment (a segment coded
 *    with both a and b is one pair);
 *  - COOCCUR_TURN: the number of speaker turns that a passage of a and a passage of b both
 *    touch (a turn reaches from its label to the end of its text; passages outside every
 *    turn touch none);
 *  - COOCCUR_DOCUMENT: the number of documents with a passage of a and a passage of b.
 * The diagonal (a, a) is a's own count in the unit: its passages, the turns its passages
 * touch, the documents it occurs in. The matrix is symmetric. */
#ifndef GLOSS_COOCCUR_H
#define GLOSS_COOCCUR_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct tally;

enum cooccur_unit { COOCCUR_PASSAGE, COOCCUR_TURN, COOCCUR_DOCUMENT };

struct cooccur {
	enum cooccur_unit unit;
	size_t n;      /* rows (= the tally's nrows) */
	size_t *cells; /* n x n, row-major: cells[a * n + b] */
};

/* cooccur_unit_parse: "passage" | "turn" | "document" (NULL: passage); false otherwise. */
bool cooccur_unit_parse(const char *s, enum cooccur_unit *u);
const char *cooccur_unit_name(enum cooccur_unit u);
/* cooccur_run: the matrix for the rows of t, which tally_run made from p (with the same
 * documents: t's document filter, doc, is the argument here: -1 for all). */
struct cooccur *cooccur_run(const struct project *p, const struct tally *t, enum cooccur_unit u,
                            long doc);
static inline size_t cooccur_cell(const struct cooccur *c, size_t a, size_t b)
{
	return c->cells[a * c->n + b];
}
void cooccur_free(struct cooccur *c);

/* One pass in bounded memory, as tally_acc (tally.h): an accumulator a thread hands each
 * document to (cells, never a transcript); cooccur_acc_finish sums those of every thread
 * (NULL entries skipped) over the rows of t, the tally of the same documents. cooccur_run
 * is this with one accumulator over p->docs. */
struct codebook;
struct doc;
struct cooccur_acc;
struct cooccur_acc *cooccur_acc_new(const struct codebook *cb, enum cooccur_unit u);
void cooccur_acc_doc(struct cooccur_acc *a, const struct doc *doc);
struct cooccur *cooccur_acc_finish(struct cooccur_acc *const *accs, size_t n, const struct tally *t,
                                   enum cooccur_unit u);
void cooccur_acc_free(struct cooccur_acc *a);

#endif
