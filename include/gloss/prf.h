/* prf.h — precision, recall and F1 of a candidate coder (a model: suggest-NAME) against a
 * reference coder, per code, from the agreement tables of agree.h.
 *
 * For one binary variable (a code) whose table compares coder 0, the reference, with
 * coder 1, the candidate, over the units both coded (agree.h): a unit the candidate
 * applied the code to is a true positive when the reference did too, else a false
 * positive; a unit only the reference applied it to is a false negative.
 *   precision = tp / (tp + fp), recall = tp / (tp + fn),
 *   F1 = 2 * precision * recall / (precision + recall) = 2 tp / (2 tp + fp + fn)
 * A ratio that is 0/0 is NAN (undefined, not zero). The pooled row sums the counts (the
 * micro average). */
#ifndef GLOSS_PRF_H
#define GLOSS_PRF_H

#include <stddef.h>

struct agree_tab;

struct prf {
	size_t tp, fp, fn;
	double precision, recall, f1; /* NAN when 0/0 */
};

/* prf_from_tab: the counts and ratios of a binary table (agree_tab.binary, ncat 2) of
 * two coders; a table of another kind gives zero counts and NANs. */
void prf_from_tab(const struct agree_tab *t, struct prf *out);
/* prf_from_counts: the ratios of tp, fp and fn. */
void prf_from_counts(size_t tp, size_t fp, size_t fn, struct prf *out);

#endif
