/* prf.c — precision, recall and F1 against a reference coder (prf.h). */
#include "gloss/prf.h"

#include <math.h>

#include "gloss/agree.h"

static double ratio(double a, double b)
{
	return b > 0 ? a / b : NAN;
}

void prf_from_counts(size_t tp, size_t fp, size_t fn, struct prf *out)
{
	out->tp = tp, out->fp = fp, out->fn = fn;
	out->precision = ratio((double)tp, (double)(tp + fp));
	out->recall = ratio((double)tp, (double)(tp + fn));
	out->f1 = ratio(2.0 * (double)tp, 2.0 * (double)tp + (double)fp + (double)fn);
}

void prf_from_tab(const struct agree_tab *t, struct prf *out)
{
	if (!t->binary || t->ncat != 2 || t->ncoders != 2) {
		prf_from_counts(0, 0, 0, out);
		return;
	}
	/* ct[reference value * 2 + candidate value] */
	prf_from_counts((size_t)t->ct[3], (size_t)t->ct[1], (size_t)t->ct[2], out);
}
