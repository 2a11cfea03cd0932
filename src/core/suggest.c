/* suggest.c — codings suggested by the codebook's patterns (suggest.h). */
#include "gloss/suggest.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/search.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

struct finder {
	const struct codebook *cb;
	const struct transcript *t;
	struct codings *const *sets;
	size_t nsets;
	struct suggestion *out;
	size_t n, cap, limited;
};

bool suggest_is_model(const char *coder)
{
	return coder && strncmp(coder, "suggest-", 8) == 0;
}

static bool applied(const struct finder *f, int code, size_t ms, size_t me)
{
	const char *id = f->cb->codes[code].id;

	for (size_t s = 0; s < f->nsets; s++)
		for (size_t i = 0; !suggest_is_model(f->sets[s]->coder) && i < f->sets[s]->len;
		     i++) {
			const struct coding *cd = &f->sets[s]->items[i];
			if (coding_counted(cd) && cd->start < (me > ms ? me : ms + 1) &&
			    cd->end > ms && strcmp(cd->code, id) == 0)
				return true;
		}
	return false;
}

static void add(struct finder *f, int code, size_t line, size_t ms, size_t me)
{
	struct suggestion sg = {code, 0, 0, ms, me, line};

	transcript_sentence_bounds(f->t, ms, &sg.start, &sg.end);
	for (size_t i = f->n; i-- > 0 && f->out[i].code == code;)
		if (f->out[i].start == sg.start)
			return; /* this sentence already */
	if (!applied(f, code, ms, me))
		VEC_PUSH(f->out, f->n, f->cap, sg);
}

/* one_line: the matches of code's patterns in line li */
static void one_line(struct finder *f, int code, size_t li)
{
	const struct code *c = &f->cb->codes[code];
	const struct tline *ln = &f->t->lines[li];
	const char *s = f->t->text + ln->content;
	size_t len = ln->off + ln->len - ln->content;

	for (size_t p = 0; p < c->npatterns; p++) {
		size_t pos = 0, ms, me;
		enum search_result r;
		while ((r = search_exec(c->compiled[p], s, len, pos, &ms, &me)) == SEARCH_FOUND) {
			if (me > ms)
				add(f, code, li, ln->content + ms, ln->content + me);
			pos = me > ms ? me : ms + 1;
			if (pos > len)
				break;
		}
		if (r < 0) /* the match limit, the command's pattern budget, or stopped */
			f->limited++;
	}
}

static int by_start(const void *a, const void *b)
{
	const struct suggestion *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return (x->code > y->code) - (x->code < y->code);
}

size_t suggest_find(const struct codebook *cb, const struct transcript *t,
                    struct codings *const *sets, size_t nsets, const bool *wanted,
                    struct suggestion **out, size_t *limited)
{
	return suggest_find_lines(cb, t, sets, nsets, wanted, 0, t->nlines, out, limited);
}

size_t suggest_find_lines(const struct codebook *cb, const struct transcript *t,
                          struct codings *const *sets, size_t nsets, const bool *wanted,
                          size_t first, size_t last, struct suggestion **out, size_t *limited)
{
	struct finder f = {cb, t, sets, nsets, NULL, 0, 0, 0};

	if (last > t->nlines)
		last = t->nlines;
	for (size_t c = 0; cb && c < cb->ncodes; c++) {
		if ((wanted && !wanted[c]) || cb->codes[c].npatterns == 0)
			continue;
		for (size_t li = first; li < last; li++)
			if (!t->lines[li].front)
				one_line(&f, (int)c, li);
	}
	if (f.n > 1)
		qsort(f.out, f.n, sizeof(*f.out), by_start);
	*out = f.out;
	if (limited)
		*limited = f.limited;
	return f.n;
}
