/* test_merge_combos.c — the three-way merge on every combination of what two coders do to
 * one codings file (merge.h's rules), generated, not sampled: what a fuzzer finds only by
 * chance (e.g. the last of several additions only one side has dropped) fails here at once.
 *
 * The base holds NBASE codings. Each side gives each of them one fate — kept, removed, its
 * memo changed (a text of that side's own, or the same text as the other side), moved (to a
 * place of that side's own) — and adds 0, 2 or 3 codings of its own (with one addition the
 * same on both sides, or none), placed after or before its other codings. That is
 * 5^(2*NBASE) fate combinations times 13 addition counts times 2 orders. For each merge an
 * oracle written from merge.h's rules (not from merge.c) gives the codings the merge must
 * hold; the test asserts that nothing present on either side is lost (a coding is dropped
 * only when one side removed it and the other left it unchanged), that the merge holds
 * exactly the expected codings, and that its counts (additions, codings kept as changed,
 * memo conflicts, moves on both sides) say what happened. Failures are counted per addition
 * count and per pair of fates, with the first failing combination shown. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "gloss/codings.h"
#include "gloss/merge.h"
#include "gloss/util.h"
#include "t.h"

#define NBASE 3
#define MAXADD 3
#define MAXITEMS (NBASE + MAXADD)

enum fate { KEEP, REMOVE, MEMO, MEMO_SAME, MOVE, NFATES };
static const char *const fate_name[NFATES] = {"kept", "removed", "memo changed",
                                              "memo changed alike", "moved"};
enum side { OURS, THEIRS };

/* the strings every coding points into: generated once, never freed */
struct names {
	char code[NBASE][48], created[NBASE][48], quote[NBASE][48]; /* room for any int */
	char memo[2][NBASE][48], same[NBASE][48];
	char add_created[2][MAXADD][48];
};
static struct names nm;

static void names_init(void)
{
	for (int i = 0; i < NBASE; i++) {
		snprintf(nm.code[i], sizeof(nm.code[i]), "c%d", i);
		snprintf(nm.created[i], sizeof(nm.created[i]), "2026-01-0%dT10:00:00Z", i + 1);
		snprintf(nm.quote[i], sizeof(nm.quote[i]), "q%d", i);
		snprintf(nm.memo[OURS][i], sizeof(nm.memo[0][i]), "ours %d", i);
		snprintf(nm.memo[THEIRS][i], sizeof(nm.memo[1][i]), "theirs %d", i);
		snprintf(nm.same[i], sizeof(nm.same[i]), "same %d", i);
	}
	for (int s = 0; s < 2; s++)
		for (int k = 0; k < MAXADD; k++)
			snprintf(nm.add_created[s][k], sizeof(nm.add_created[s][k]),
			         "2026-02-0%dT1%d:00:00Z", k + 1, s);
}

static struct coding base_coding(int i)
{
	size_t s = 10 + 100 * (size_t)i;

	return (struct coding){.code = nm.code[i],
	                       .cp_start = s,
	                       .cp_end = s + 10,
	                       .start = s,
	                       .end = s + 10,
	                       .quote = nm.quote[i],
	                       .created = nm.created[i]};
}

/* side_version: base coding i as side s left it (fate f != REMOVE) */
static struct coding side_version(int i, enum side s, enum fate f)
{
	struct coding c = base_coding(i);
	size_t shift = s == OURS ? 1000 : 2000;

	if (f == MEMO)
		c.memo = nm.memo[s][i];
	else if (f == MEMO_SAME)
		c.memo = nm.same[i];
	else if (f == MOVE)
		c.cp_start += shift, c.cp_end += shift, c.start += shift, c.end += shift;
	return c;
}

/* addition k of side s; with shared, theirs' first addition is ours' first */
static struct coding addition(enum side s, int k, bool shared)
{
	size_t at = 5000 + 100 * (size_t)k + (s == THEIRS && !(shared && k == 0) ? 50 : 0);
	enum side who = shared && k == 0 ? OURS : s;

	return (struct coding){.code = "new",
	                       .cp_start = at,
	                       .cp_end = at + 5,
	                       .start = at,
	                       .end = at + 5,
	                       .quote = "added",
	                       .created = nm.add_created[who][k]};
}

struct combo {
	enum fate f[2][NBASE];
	int nadd[2];
	bool shared, added_first;
};

static void describe(const struct combo *c, char *buf, size_t n)
{
	int w = snprintf(buf, n, "adds ours %d theirs %d%s%s;", c->nadd[OURS], c->nadd[THEIRS],
	                 c->shared ? " (one alike)" : "", c->added_first ? " listed first" : "");

	for (int i = 0; i < NBASE && w > 0 && (size_t)w < n; i++)
		w += snprintf(buf + w, n - (size_t)w, " c%d %s/%s", i, fate_name[c->f[OURS][i]],
		              fate_name[c->f[THEIRS][i]]);
}

static void side_set(const struct combo *c, enum side s, struct coding *items, struct codings *set)
{
	size_t n = 0;

	memset(set, 0, sizeof(*set));
	if (c->added_first)
		for (int k = 0; k < c->nadd[s]; k++)
			items[n++] = addition(s, k, c->shared);
	for (int i = 0; i < NBASE; i++)
		if (c->f[s][i] != REMOVE)
			items[n++] = side_version(i, s, c->f[s][i]);
	if (!c->added_first)
		for (int k = 0; k < c->nadd[s]; k++)
			items[n++] = addition(s, k, c->shared);
	set->items = items;
	set->len = set->cap = n;
}

/* what merge.h promises: the expected codings and counts */
struct expect {
	struct coding items[2 * MAXITEMS];
	char memo[NBASE][96];
	size_t len;
	struct merge_stats st;
};

static const char *memo3(const char *o, const char *a, const char *b, bool *conflict)
{
	*conflict = false;
	if (!a || !b ? a == b : strcmp(a, b) == 0)
		return a;
	if (!b || (o && strcmp(o, b) == 0)) /* theirs left the base's (here: none) */
		return a;
	if (!a)
		return b;
	*conflict = true;
	return NULL;
}

static void expect_base(const struct combo *c, int i, struct expect *e)
{
	enum fate fa = c->f[OURS][i], fb = c->f[THEIRS][i];
	struct coding a, b, m;
	bool conflict;

	if (fa == REMOVE || fb == REMOVE) { /* a deletion wins over an unchanged coding only */
		enum fate other = fa == REMOVE ? fb : fa;
		if (other != REMOVE && other != KEEP) {
			e->items[e->len++] = side_version(i, fa == REMOVE ? THEIRS : OURS, other);
			e->st.kept_changed++;
		}
		return;
	}
	a = side_version(i, OURS, fa);
	b = side_version(i, THEIRS, fb);
	if (fa == MOVE && fb == MOVE) { /* moved differently on both sides: both kept */
		e->items[e->len++] = a;
		e->items[e->len++] = b;
		e->st.moved_both++;
		return;
	}
	m = fb == MOVE ? b : a; /* the place comes from the side that moved it */
	m.memo = (char *)memo3(NULL, a.memo, b.memo, &conflict);
	if (conflict) {
		snprintf(e->memo[i], sizeof(e->memo[i]),
		         MERGE_OURS_MARK "%s" MERGE_SPLIT_MARK "%s" MERGE_THEIRS_MARK, a.memo,
		         b.memo);
		m.memo = e->memo[i];
		e->st.memo_conflicts++;
	}
	e->items[e->len++] = m;
}

static void expect_merge(const struct combo *c, struct expect *e)
{
	memset(e, 0, sizeof(*e));
	for (int i = 0; i < NBASE; i++)
		expect_base(c, i, e);
	for (int k = 0; k < c->nadd[OURS]; k++)
		e->items[e->len++] = addition(OURS, k, c->shared);
	for (int k = c->shared ? 1 : 0; k < c->nadd[THEIRS]; k++)
		e->items[e->len++] = addition(THEIRS, k, c->shared);
	e->st.added_ours = (size_t)c->nadd[OURS];
	e->st.added_theirs = (size_t)c->nadd[THEIRS] - (c->shared ? 1 : 0);
}

static bool str_same(const char *a, const char *b)
{
	return !a || !b ? a == b : strcmp(a, b) == 0;
}

static bool same_coding(const struct coding *x, const struct coding *y)
{
	return strcmp(x->code, y->code) == 0 && str_same(x->created, y->created) &&
	       x->cp_start == y->cp_start && x->cp_end == y->cp_end && str_same(x->memo, y->memo) &&
	       str_same(x->quote, y->quote);
}

/* holds: out holds exactly the expected codings (each once) */
static bool holds(const struct codings *out, const struct expect *e, char *why, size_t n)
{
	bool used[2 * MAXITEMS + 8] = {false};

	if (out->len != e->len) {
		snprintf(why, n, "%zu codings, want %zu", out->len, e->len);
		return false;
	}
	for (size_t i = 0; i < e->len; i++) {
		size_t j = 0;
		while (j < out->len && (used[j] || !same_coding(&out->items[j], &e->items[i])))
			j++;
		if (j == out->len) {
			snprintf(why, n, "missing or wrong: %s %zu-%zu created %s memo %s",
			         e->items[i].code, e->items[i].cp_start, e->items[i].cp_end,
			         e->items[i].created,
			         e->items[i].memo ? e->items[i].memo : "(none)");
			return false;
		}
		used[j] = true;
	}
	return true;
}

/* lost: a coding one side has (by code and created time) that the merge dropped, other
 * than one removed on one side and left unchanged on the other */
static bool lost(const struct combo *c, const struct codings *side, const struct codings *out,
                 char *why, size_t n)
{
	for (size_t i = 0; i < side->len; i++) {
		const struct coding *s = &side->items[i];
		bool found = false;
		for (size_t j = 0; j < out->len && !found; j++)
			found = strcmp(out->items[j].code, s->code) == 0 &&
			        str_same(out->items[j].created, s->created);
		if (found)
			continue;
		for (int b = 0; b < NBASE; b++)
			if (strcmp(s->code, nm.code[b]) == 0 &&
			    ((c->f[OURS][b] == REMOVE && c->f[THEIRS][b] == KEEP) ||
			     (c->f[THEIRS][b] == REMOVE && c->f[OURS][b] == KEEP)))
				found = true; /* the deletion the rules allow */
		if (!found) {
			snprintf(why, n, "lost %s created %s", s->code, s->created);
			return true;
		}
	}
	return false;
}

static bool stats_as_expected(const struct merge_stats *got, const struct merge_stats *want,
                              char *why, size_t n)
{
	if (got->added_ours == want->added_ours && got->added_theirs == want->added_theirs &&
	    got->kept_changed == want->kept_changed &&
	    got->memo_conflicts == want->memo_conflicts && got->moved_both == want->moved_both &&
	    got->field_conflicts == 0)
		return true;
	snprintf(why, n,
	         "counts: added %zu+%zu (want %zu+%zu), kept changed %zu (%zu), memo conflicts %zu "
	         "(%zu), moved on both %zu (%zu), field conflicts %zu (0)",
	         got->added_ours, got->added_theirs, want->added_ours, want->added_theirs,
	         got->kept_changed, want->kept_changed, got->memo_conflicts, want->memo_conflicts,
	         got->moved_both, want->moved_both, got->field_conflicts);
	return false;
}

static void out_free(struct codings *out)
{
	for (size_t i = 0; i < out->len; i++)
		coding_done(&out->items[i]);
	free(out->items);
	for (size_t i = 0; i < out->nextra; i++) {
		free(out->extra[i].key);
		free(out->extra[i].flow);
	}
	free(out->extra);
	memset(out, 0, sizeof(*out));
}

/* a tally of failures along one axis, with the first failure's description */
struct axis {
	long runs, lost, wrong;
	char first[512];
};

static void axis_fail(struct axis *x, bool was_lost, const struct combo *c, const char *why)
{
	char d[384];

	if (was_lost)
		x->lost++;
	else
		x->wrong++;
	if (!x->first[0]) {
		describe(c, d, sizeof(d));
		snprintf(x->first, sizeof(x->first), "%s: %s", d, why);
	}
}

static void axis_report(const struct axis *x, const char *what)
{
	char name[256];

	snprintf(name, sizeof(name), "%s: nothing either side has is lost (%ld merges)", what,
	         x->runs);
	if (!OK(x->lost == 0, name))
		printf("#   %ld lost; first: %s\n", x->lost, x->first);
	snprintf(name, sizeof(name), "%s: every merge holds what merge.h's rules say", what);
	if (!OK(x->lost == 0 && x->wrong == 0, name))
		printf("#   %ld wrong; first: %s\n", x->wrong + x->lost, x->first);
}

/* the 13 addition counts: (0|2|3) x (0|2|3), and one addition alike when both add */
static const int add_counts[] = {0, 2, 3};
#define NADD (sizeof(add_counts) / sizeof(add_counts[0]))

static struct axis by_adds[NADD][NADD][2], by_fates[NFATES][NFATES];

static void run_one(const struct combo *c, struct axis *adds)
{
	struct coding ob[NBASE], ai[MAXITEMS], bi[MAXITEMS];
	struct codings o = {0}, a, b, out = {0};
	struct merge_stats st;
	struct expect e;
	char why[256] = "";
	bool was_lost, ok;

	for (int i = 0; i < NBASE; i++)
		ob[i] = base_coding(i);
	o.items = ob;
	o.len = o.cap = NBASE;
	side_set(c, OURS, ai, &a);
	side_set(c, THEIRS, bi, &b);
	merge_codings(&o, &a, &b, &out, &st);
	expect_merge(c, &e);
	was_lost = lost(c, &a, &out, why, sizeof(why)) || lost(c, &b, &out, why, sizeof(why));
	ok = !was_lost && holds(&out, &e, why, sizeof(why)) &&
	     stats_as_expected(&st, &e.st, why, sizeof(why));
	adds->runs++;
	for (int i = 0; i < NBASE; i++)
		by_fates[c->f[OURS][i]][c->f[THEIRS][i]].runs++;
	if (!ok) {
		axis_fail(adds, was_lost, c, why);
		for (int i = 0; i < NBASE; i++)
			axis_fail(&by_fates[c->f[OURS][i]][c->f[THEIRS][i]], was_lost, c, why);
	}
	out_free(&out);
}

/* every fate combination for one addition count */
static void run_fates(struct combo *c, struct axis *adds)
{
	long total = 1;

	for (int i = 0; i < 2 * NBASE; i++)
		total *= NFATES;
	for (long k = 0; k < total; k++) {
		long r = k;
		for (int i = 0; i < NBASE; i++) {
			c->f[OURS][i] = (enum fate)(r % NFATES), r /= NFATES;
			c->f[THEIRS][i] = (enum fate)(r % NFATES), r /= NFATES;
		}
		for (int first = 0; first < 2; first++) {
			c->added_first = first;
			run_one(c, adds);
		}
	}
}

int main(void)
{
	char what[128];

	names_init();
	for (size_t x = 0; x < NADD; x++)
		for (size_t y = 0; y < NADD; y++)
			for (int shared = 0; shared < 2; shared++) {
				struct combo c = {.nadd = {add_counts[x], add_counts[y]},
				                  .shared = shared};
				if (shared && (!c.nadd[OURS] || !c.nadd[THEIRS]))
					continue;
				run_fates(&c, &by_adds[x][y][shared]);
				snprintf(what, sizeof(what), "ours adds %d, theirs adds %d%s",
				         c.nadd[OURS], c.nadd[THEIRS],
				         shared ? " (one alike)" : "");
				axis_report(&by_adds[x][y][shared], what);
			}
	for (int fa = 0; fa < NFATES; fa++)
		for (int fb = 0; fb < NFATES; fb++) {
			snprintf(what, sizeof(what), "a base coding %s in ours, %s in theirs",
			         fate_name[fa], fate_name[fb]);
			axis_report(&by_fates[fa][fb], what);
		}
	return t_done();
}
