/* fuzz_merge — the three-way merge of codings sets (gloss merge) on arbitrary files: the
 * input is base, ours and theirs separated by lines "---8<---". When all three load, the
 * merge must keep every coding that ours or theirs has and the base has not (nothing
 * added or changed on either side is lost), and its result must serialize to a file that
 * loads back without errors, with as many codings. */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/codings.h"
#include "gloss/merge.h"
#include "gloss/transcript.h"

#define SEP "\n---8<---\n"

static struct codings *parse(const char *s, size_t n)
{
	struct diags d;
	struct codings *c;

	diags_init(&d);
	c = codings_parse(s, n, "c.yaml", NULL, "ana", NULL, &d);
	fuzz_diags_done(&d);
	if (c && c->readonly) {
		codings_free(c);
		c = NULL;
	}
	return c;
}

static bool same_ident(const struct coding *a, const struct coding *b)
{
	return strcmp(a->code, b->code) == 0 && a->cp_start == b->cp_start &&
	       a->cp_end == b->cp_end &&
	       strcmp(a->created ? a->created : "", b->created ? b->created : "") == 0;
}

static bool has(const struct codings *c, const struct coding *x)
{
	for (size_t i = 0; i < c->len; i++)
		if (same_ident(&c->items[i], x))
			return true;
	return false;
}

static bool same_text(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* resaved_but_removed: x is a base coding that this side only moved to the same quote (same
 * code, created time and quote) while the other side removed it: merge.h's rule lets the
 * deletion win over such a change of context */
static bool resaved_but_removed(const struct codings *base, const struct codings *other,
                                const struct coding *x)
{
	for (size_t i = 0; i < base->len; i++) {
		const struct coding *b = &base->items[i];
		if (strcmp(b->code, x->code) != 0 || !same_text(b->created, x->created) ||
		    !same_text(b->quote, x->quote) || !same_text(b->memo, x->memo))
			continue;
		for (size_t j = 0; j < other->len; j++)
			if (strcmp(other->items[j].code, x->code) == 0 &&
			    same_text(other->items[j].created, x->created))
				return false;
		return true;
	}
	return false;
}

/* kept: every coding of side that the base does not have is in out, but for one only
 * moved there while the other side removed it */
static void kept(const struct codings *base, const struct codings *side,
                 const struct codings *other, const struct codings *out)
{
	for (size_t i = 0; i < side->len; i++)
		if (!has(base, &side->items[i]) &&
		    !resaved_but_removed(base, other, &side->items[i]))
			FUZZ_ASSERT(has(out, &side->items[i]));
}

static void round_trip(struct codings *out)
{
	struct transcript named = {0};
	struct codings *back;
	size_t len, n = out->len;
	char *data;

	named.path = "x.txt";
	out->t = &named;
	data = codings_serialize(out, &len);
	out->t = NULL;
	back = parse(data, len);
	FUZZ_ASSERT(back && back->len == n);
	codings_free(back);
	free(data);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data, *cut[2];
	struct codings *side[3] = {NULL, NULL, NULL}, out = {0};
	struct merge_stats st;
	char *buf = xstrndup(s, size);

	cut[0] = strstr(buf, SEP);
	cut[1] = cut[0] ? strstr(cut[0] + strlen(SEP), SEP) : NULL;
	if (cut[1] && strlen(buf) == size) {
		side[0] = parse(buf, (size_t)(cut[0] - buf));
		side[1] = parse(cut[0] + strlen(SEP), (size_t)(cut[1] - cut[0]) - strlen(SEP));
		side[2] = parse(cut[1] + strlen(SEP), strlen(cut[1] + strlen(SEP)));
	}
	if (side[0] && side[1] && side[2]) {
		out.coder = "ana";
		merge_codings(side[0], side[1], side[2], &out, &st);
		kept(side[0], side[1], side[2], &out);
		kept(side[0], side[2], side[1], &out);
		round_trip(&out);
		for (size_t i = 0; i < out.len; i++)
			coding_done(&out.items[i]);
		free(out.items);
		for (size_t i = 0; i < out.nextra; i++) {
			free(out.extra[i].key);
			free(out.extra[i].flow);
		}
		free(out.extra);
	}
	for (int i = 0; i < 3; i++)
		codings_free(side[i]);
	free(buf);
	return 0;
}
