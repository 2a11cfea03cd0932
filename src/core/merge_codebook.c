/* merge_codebook.c — three-way merge of a codebook file by code id (merge_codebook.h).
 *
 * Each side is parsed with yamlx for positions; every code's own text (the lines from the
 * end of the code before it to the end of its mapping, less its 'codes:' list) is cut out
 * as its side wrote it. The merged tree starts as ours' tree; theirs' changes against the
 * base are applied to it by code; the result is written as ours' header, the tree (each
 * code's own text shifted to its new depth) and ours' trailer. */
#include "gloss/merge_codebook.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/yamlx.h"

struct mc_code {
	const char *id;  /* the id as written (the yamlx node's string) */
	const char *key; /* identity: the base id it descends from, else id */
	int parent;      /* index in the side's codes, -1 for top level */
	size_t rs, re;   /* own text [rs, re) ... */
	size_t cs, ce;   /* ... less its codes list [cs, ce) (cs == ce: none) */
	size_t mapcol;   /* bytes from the line start to the mapping */
	char *fields;    /* the fields but codes, in flow style: for comparing */
	char *noid;      /* the same without the id */
};

struct mc_side {
	const char *buf, *label;
	size_t len;
	struct yamlx_doc doc;
	struct mc_code *codes;
	size_t n, cap;
	size_t head_end, tail_start; /* header [0, head_end), trailer [tail_start, len) */
	size_t top_col, step;        /* mapping column of top-level codes; a level's step */
};

struct mnode {
	const struct mc_side *src, *alt; /* alt: theirs, written beside src in a conflict */
	size_t ci, ai;
	const char *key;
	int parent;
	int *kids;
	size_t n, cap;
	bool dead;
};

struct mc {
	struct mc_side s[3]; /* base, ours, theirs */
	struct mnode *nodes; /* 0: the root */
	size_t n, cap;
	const char *path;
	struct diags *d;
	long conflicts;
};

static void note(struct mc *m, const char *fmt, const char *id)
{
	diag_add(m->d, DIAG_WARNING, DK_INVALID, m->path, 0, 0, fmt, id);
}

static char *fields_flow(const struct yamlx_node *map, bool with_id)
{
	struct strbuf sb = STRBUF_INIT;

	sb_addc(&sb, '{');
	for (size_t i = 0; i < map->n; i++) {
		const struct yamlx_node *k = map->keys[i];
		if (k->type == YX_SCALAR &&
		    (strcmp(k->str, "codes") == 0 || (!with_id && strcmp(k->str, "id") == 0)))
			continue;
		yamlx_write_flow(&sb, k);
		sb_addc(&sb, ':');
		yamlx_write_flow(&sb, map->items[i]);
		sb_addc(&sb, ',');
	}
	sb_addc(&sb, '}');
	return sb_detach(&sb);
}

/* walk: the codes of block list seq (under code parent), whose first gap starts at gap */
static bool walk(struct mc_side *s, const struct yamlx_node *seq, int parent, size_t gap)
{
	if (seq->type != YX_SEQ || yamlx_is_flow(s->buf, s->len, seq))
		return false;
	for (size_t i = 0; i < seq->n; i++) {
		const struct yamlx_node *map = seq->items[i], *id = yamlx_get(map, "id"),
		                        *ck = NULL, *cv = NULL;
		struct mc_code c = {0};
		size_t ls, end, p;

		if (map->type != YX_MAP || yamlx_is_flow(s->buf, s->len, map) || !id ||
		    id->type != YX_SCALAR)
			return false;
		ls = yamlx_line_start(s->buf, map->start_off);
		for (p = ls; p < map->start_off && s->buf[p] == ' '; p++)
			;
		if (p >= map->start_off || s->buf[p] != '-') /* "-" alone on its line: not ours */
			return false;
		end = yamlx_content_end(s->buf, s->len, map);
		if (end == SIZE_MAX || gap > ls)
			return false;
		c.id = id->str;
		c.key = id->str;
		c.parent = parent;
		c.rs = gap;
		c.re = yamlx_line_after(s->buf, s->len, end);
		c.mapcol = map->start_off - ls;
		c.fields = fields_flow(map, true);
		c.noid = fields_flow(map, false);
		for (size_t k = 0; k < map->n; k++)
			if (map->keys[k]->type == YX_SCALAR &&
			    strcmp(map->keys[k]->str, "codes") == 0) {
				ck = map->keys[k];
				cv = map->items[k];
			}
		if (ck) {
			size_t vend = yamlx_content_end(s->buf, s->len, cv);
			if (vend == SIZE_MAX) {
				free(c.fields);
				free(c.noid);
				return false;
			}
			c.cs = yamlx_line_start(s->buf, ck->start_off);
			c.ce = yamlx_line_after(s->buf, s->len,
			                        vend > ck->end_off ? vend : ck->end_off);
		}
		VEC_PUSH(s->codes, s->n, s->cap, c);
		if (cv && cv->type == YX_SEQ && cv->n) {
			size_t me = s->n - 1;
			if (s->step == 0 && parent < 0) {
				const struct yamlx_node *m0 = cv->items[0];
				size_t l0 = yamlx_line_start(s->buf, m0->start_off);
				if (m0->start_off - l0 > c.mapcol)
					s->step = m0->start_off - l0 - c.mapcol;
			}
			if (!walk(s, cv, (int)me, yamlx_line_after(s->buf, s->len, ck->start_off)))
				return false;
		} else if (cv && !(cv->type == YX_SCALAR && yamlx_is_null(cv)) &&
		           !(cv->type == YX_SEQ && cv->n == 0))
			return false;
		gap = yamlx_line_after(s->buf, s->len, end);
	}
	return true;
}

static bool side_load(struct mc *m, struct mc_side *s, const char *buf, size_t len,
                      const char *label)
{
	struct diags tmp;
	struct codebook *cb;
	const struct yamlx_node *root, *codes = NULL, *ckey = NULL;
	bool ok;

	s->buf = buf;
	s->len = len;
	s->label = label;
	diags_init(&tmp);
	cb = codebook_load_mem(buf, len, label, &tmp);
	ok = cb && tmp.errors == 0 && yamlx_load(&s->doc, buf, len, label, &tmp);
	codebook_free(cb);
	if (!ok) {
		for (size_t i = 0; i < tmp.len; i++)
			if (tmp.items[i].level == DIAG_ERROR) {
				char *msg = diag_format(&tmp.items[i]);
				diag_add(m->d, DIAG_ERROR, DK_INVALID, m->path, 0, 0, "%s", msg);
				free(msg);
				break;
			}
		diags_done(&tmp);
		return false;
	}
	diags_done(&tmp);
	root = s->doc.root;
	for (size_t i = 0; root && root->type == YX_MAP && i < root->n; i++)
		if (root->keys[i]->type == YX_SCALAR && strcmp(root->keys[i]->str, "codes") == 0) {
			ckey = root->keys[i];
			codes = root->items[i];
		}
	if (!codes || codes->type != YX_SEQ || codes->n == 0 || yamlx_is_flow(buf, len, codes))
		goto flow;
	s->head_end = yamlx_line_after(buf, len, ckey->start_off);
	s->tail_start = yamlx_content_end(buf, len, codes);
	if (s->tail_start == SIZE_MAX)
		goto flow;
	s->tail_start = yamlx_line_after(buf, len, s->tail_start);
	if (!walk(s, codes, -1, s->head_end))
		goto flow;
	s->top_col = s->codes[0].mapcol;
	return true;
flow:
	diag_add(m->d, DIAG_ERROR, DK_INVALID, m->path, 0, 0,
	         "%s: the code list is not written as block lists of mappings", label);
	return false;
}

static void side_done(struct mc_side *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->codes[i].fields);
		free(s->codes[i].noid);
	}
	free(s->codes);
	yamlx_free(&s->doc);
}

static int by_key(const struct mc_side *s, const char *key)
{
	for (size_t i = 0; key && i < s->n; i++)
		if (strcmp(s->codes[i].key, key) == 0)
			return (int)i;
	return -1;
}

static int by_id(const struct mc_side *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->codes[i].id, id) == 0)
			return (int)i;
	return -1;
}

/* follow_renames: a code of s not in base whose fields but the id are a base code's that
 * s no longer has (and no other code's) descends from it: it takes its key */
static void follow_renames(const struct mc_side *base, struct mc_side *s)
{
	for (size_t i = 0; i < s->n; i++) {
		int match = -1, count = 0, back = 0;
		if (by_id(base, s->codes[i].id) >= 0)
			continue;
		for (size_t b = 0; b < base->n; b++)
			if (by_id(s, base->codes[b].id) < 0 &&
			    strcmp(base->codes[b].noid, s->codes[i].noid) == 0) {
				match = (int)b;
				count++;
			}
		if (count != 1)
			continue;
		for (size_t j = 0; j < s->n; j++)
			if (by_id(base, s->codes[j].id) < 0 &&
			    strcmp(base->codes[match].noid, s->codes[j].noid) == 0)
				back++;
		if (back == 1)
			s->codes[i].key = base->codes[match].id;
	}
}

static const char *parent_key(const struct mc_side *s, int c)
{
	int p = s->codes[c].parent;
	return p < 0 ? NULL : s->codes[p].key;
}

static bool same_key(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int node_of(const struct mc *m, const char *key)
{
	for (size_t i = 1; key && i < m->n; i++)
		if (!m->nodes[i].dead && strcmp(m->nodes[i].key, key) == 0)
			return (int)i;
	return key ? -1 : 0;
}

static void attach(struct mc *m, int node, int parent, size_t pos)
{
	struct mnode *p = &m->nodes[parent];
	int zero = 0;

	VEC_PUSH(p->kids, p->n, p->cap, zero);
	if (pos > p->n - 1)
		pos = p->n - 1;
	memmove(p->kids + pos + 1, p->kids + pos, (p->n - 1 - pos) * sizeof(int));
	p->kids[pos] = node;
	m->nodes[node].parent = parent;
}

static void detach(struct mc *m, int node)
{
	struct mnode *p = &m->nodes[m->nodes[node].parent];

	for (size_t i = 0; i < p->n; i++)
		if (p->kids[i] == node) {
			memmove(p->kids + i, p->kids + i + 1, (p->n - i - 1) * sizeof(int));
			p->n--;
			break;
		}
}

static int new_node(struct mc *m, const struct mc_side *src, size_t ci)
{
	struct mnode nd = {0};

	nd.src = src;
	nd.ci = ci;
	nd.key = src ? src->codes[ci].key : "";
	nd.parent = -1;
	VEC_PUSH(m->nodes, m->n, m->cap, nd);
	return (int)m->n - 1;
}

/* place: put node (theirs' code tc) where theirs has it: under its theme, after the code it
 * follows there (and after codes ours added right after that one) */
static void place(struct mc *m, int node, int tc)
{
	const struct mc_side *t = &m->s[2];
	const char *pk = parent_key(t, tc);
	int parent = node_of(m, pk), prev = -1;
	size_t pos = 0;

	if (parent < 0) {
		note(m, "code '%s' was put under a theme the other side removed: put at the top",
		     t->codes[tc].id);
		parent = 0;
	}
	for (int j = tc - 1; j >= 0; j--)
		if (t->codes[j].parent == t->codes[tc].parent) {
			prev = node_of(m, t->codes[j].key);
			break;
		}
	if (prev > 0 && m->nodes[prev].parent == parent) {
		struct mnode *p = &m->nodes[parent];
		for (pos = 0; pos < p->n && p->kids[pos] != prev; pos++)
			;
		pos++;
		while (pos < p->n && by_key(&m->s[0], m->nodes[p->kids[pos]].key) < 0 &&
		       by_key(t, m->nodes[p->kids[pos]].key) < 0)
			pos++; /* ours' own additions there stay first */
	}
	attach(m, node, parent, pos);
}

static void conflict(struct mc *m, int node, size_t tc, const char *why)
{
	m->nodes[node].alt = &m->s[2];
	m->nodes[node].ai = tc;
	m->conflicts++;
	note(m, why, m->nodes[node].src->codes[m->nodes[node].ci].id);
}

static void merge_base_code(struct mc *m, size_t b)
{
	const struct mc_side *base = &m->s[0], *o = &m->s[1], *t = &m->s[2];
	const char *key = base->codes[b].key;
	int oc = by_key(o, key), tc = by_key(t, key), node = node_of(m, key);
	bool co = oc >= 0 && strcmp(o->codes[oc].fields, base->codes[b].fields) != 0;
	bool ct = tc >= 0 && strcmp(t->codes[tc].fields, base->codes[b].fields) != 0;

	if (tc < 0) {
		if (oc >= 0 && co)
			note(m, "code '%s' was removed on theirs but changed on ours: kept",
			     o->codes[oc].id);
		return; /* removals: later, children first */
	}
	if (oc < 0) {
		if (ct) {
			note(m, "code '%s' was removed on ours but changed on theirs: kept",
			     t->codes[tc].id);
			place(m, new_node(m, t, (size_t)tc), tc);
		}
		return;
	}
	if (ct && !co) {
		m->nodes[node].src = t;
		m->nodes[node].ci = (size_t)tc;
	} else if (ct && co && strcmp(o->codes[oc].fields, t->codes[tc].fields) != 0)
		conflict(m, node, (size_t)tc,
		         "code '%s' was changed differently on both sides: both versions are "
		         "written between conflict markers; keep one");
}

/* move_base_code: a code moved under another theme on theirs only is moved */
static void move_base_code(struct mc *m, size_t b)
{
	const struct mc_side *base = &m->s[0], *o = &m->s[1], *t = &m->s[2];
	const char *key = base->codes[b].key, *pb, *po, *pt;
	int oc = by_key(o, key), tc = by_key(t, key), node = node_of(m, key);

	if (oc < 0 || tc < 0 || node < 0)
		return;
	pb = parent_key(base, (int)b);
	po = parent_key(o, oc);
	pt = parent_key(t, tc);
	if (!same_key(pt, pb) && same_key(po, pb)) {
		detach(m, node);
		place(m, node, tc);
	} else if (!same_key(pt, pb) && !same_key(po, pb) && !same_key(po, pt)) {
		m->conflicts++;
		note(m, "code '%s' was moved to different themes on both sides: ours kept",
		     o->codes[oc].id);
	}
}

static void remove_base_code(struct mc *m, size_t b)
{
	const struct mc_side *base = &m->s[0], *o = &m->s[1], *t = &m->s[2];
	const char *key = base->codes[b].key;
	int oc = by_key(o, key), node = node_of(m, key);

	if (by_key(t, key) >= 0 || oc < 0 || node < 0 ||
	    strcmp(o->codes[oc].fields, base->codes[b].fields) != 0)
		return;
	if (m->nodes[node].n) {
		note(m, "theme '%s' was removed on theirs but has codes under it here: kept",
		     o->codes[oc].id);
		return;
	}
	detach(m, node);
	m->nodes[node].dead = true;
}

static void merge_new_code(struct mc *m, size_t tc)
{
	const struct mc_side *base = &m->s[0], *t = &m->s[2];
	const char *key = t->codes[tc].key;
	int node;

	if (by_key(base, key) >= 0)
		return;
	node = node_of(m, key);
	if (node > 0) {
		const struct mnode *nd = &m->nodes[node];
		if (strcmp(nd->src->codes[nd->ci].fields, t->codes[tc].fields) != 0)
			conflict(m, node, tc,
			         "code '%s' was added on both sides with different fields: both "
			         "versions are written between conflict markers; keep one");
		return;
	}
	place(m, new_node(m, t, tc), (int)tc);
}

/* add_shifted: buf[from, to) with every line's indentation changed by delta */
static void add_shifted(struct strbuf *out, const char *buf, size_t from, size_t to, long delta)
{
	while (from < to) {
		const char *nl = memchr(buf + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - buf) + 1 : to;
		bool blank = buf[from] == '\n' || (buf[from] == '\r' && from + 1 < to);
		if (delta > 0 && !blank)
			for (long i = 0; i < delta; i++)
				sb_addc(out, ' ');
		for (long i = 0; delta < 0 && i < -delta && from < end && buf[from] == ' '; i++)
			from++;
		sb_add(out, buf + from, end - from);
		from = end;
	}
}

static void add_own(struct strbuf *out, const struct mc_side *s, size_t ci, size_t col)
{
	const struct mc_code *c = &s->codes[ci];
	long delta = (long)col - (long)c->mapcol;

	if (c->cs < c->ce) {
		add_shifted(out, s->buf, c->rs, c->cs, delta);
		add_shifted(out, s->buf, c->ce, c->re, delta);
	} else
		add_shifted(out, s->buf, c->rs, c->re, delta);
	if (out->len && out->data[out->len - 1] != '\n')
		sb_addc(out, '\n');
}

static void render(struct mc *m, struct strbuf *out, int node, size_t col, size_t step)
{
	const struct mnode *nd = &m->nodes[node];

	if (node) {
		if (nd->alt)
			sb_adds(out, "<<<<<<< ours\n");
		add_own(out, nd->src, nd->ci, col);
		if (nd->alt) {
			sb_adds(out, "=======\n");
			add_own(out, nd->alt, nd->ai, col);
			sb_adds(out, ">>>>>>> theirs\n");
		}
		if (nd->n) {
			for (size_t i = 0; i < col; i++)
				sb_addc(out, ' ');
			sb_adds(out, "codes:\n");
		}
		col += step;
	}
	for (size_t i = 0; i < nd->n; i++)
		render(m, out, nd->kids[i], col, step);
}

/* add_part: ours' [a0,a1) unless only theirs changed it from the base's; both changed
 * differently: both between markers */
static void add_part(struct mc *m, struct strbuf *out, size_t b0, size_t b1, size_t a0, size_t a1,
                     size_t t0, size_t t1)
{
	const char *b = m->s[0].buf + b0, *a = m->s[1].buf + a0, *t = m->s[2].buf + t0;
	size_t bl = b1 - b0, al = a1 - a0, tl = t1 - t0;
	bool ca = al != bl || memcmp(a, b, bl) != 0, ct = tl != bl || memcmp(t, b, bl) != 0;
	bool same = al == tl && memcmp(a, t, al) == 0;

	if (ct && !ca)
		sb_add(out, t, tl);
	else if (ct && ca && !same) {
		m->conflicts++;
		note(m,
		     "%s changed differently on both sides: both versions are written between "
		     "conflict markers; keep one",
		     "the codebook's top fields");
		sb_adds(out, "<<<<<<< ours\n");
		sb_add(out, a, al);
		sb_adds(out, "=======\n");
		sb_add(out, t, tl);
		sb_adds(out, ">>>>>>> theirs\n");
	} else
		sb_add(out, a, al);
}

long merge_codebook(const char *base, size_t blen, const char *ours, size_t olen,
                    const char *theirs, size_t tlen, const char *path, struct strbuf *out,
                    struct diags *d)
{
	struct mc m = {0};
	static const char *const labels[] = {"base", "ours", "theirs"};
	const char *bufs[] = {base, ours, theirs};
	size_t lens[] = {blen, olen, tlen}, step = 0;
	long rc = -1;

	m.path = path;
	m.d = d;
	for (int i = 0; i < 3; i++)
		if (!side_load(&m, &m.s[i], bufs[i], lens[i], labels[i]))
			goto done;
	follow_renames(&m.s[0], &m.s[1]);
	follow_renames(&m.s[0], &m.s[2]);
	new_node(&m, NULL, 0);
	for (size_t i = 0; i < m.s[1].n; i++) {
		int node = new_node(&m, &m.s[1], i), p = m.s[1].codes[i].parent;
		attach(&m, node, p < 0 ? 0 : p + 1, SIZE_MAX);
	}
	for (size_t b = 0; b < m.s[0].n; b++)
		merge_base_code(&m, b);
	for (size_t t = 0; t < m.s[2].n; t++)
		merge_new_code(&m, t);
	for (size_t b = 0; b < m.s[0].n; b++)
		move_base_code(&m, b);
	for (size_t b = m.s[0].n; b-- > 0;)
		remove_base_code(&m, b);
	for (int i = 1; i >= 0 && !step; i = i == 1 ? 2 : i == 2 ? 0 : -1)
		step = m.s[i].step;
	add_part(&m, out, 0, m.s[0].head_end, 0, m.s[1].head_end, 0, m.s[2].head_end);
	render(&m, out, 0, m.s[1].top_col, step ? step : 4);
	add_part(&m, out, m.s[0].tail_start, blen, m.s[1].tail_start, olen, m.s[2].tail_start,
	         tlen);
	rc = m.conflicts;
	if (rc == 0) { /* what is written must load as it did */
		struct diags tmp;
		struct codebook *cb;
		diags_init(&tmp);
		cb = codebook_load_mem(out->data ? out->data : "", out->len, path, &tmp);
		if (!cb || tmp.errors) {
			char *msg = tmp.len ? diag_format(&tmp.items[0]) : xstrdup("?");
			diag_add(d, DIAG_ERROR, DK_INVALID, path, 0, 0,
			         "the merged codebook would not load (%s)", msg);
			free(msg);
			sb_reset(out);
			rc = -1;
		}
		codebook_free(cb);
		diags_done(&tmp);
	}
done:
	if (rc < 0)
		sb_reset(out);
	for (size_t i = 0; i < m.n; i++)
		free(m.nodes[i].kids);
	free(m.nodes);
	for (int i = 0; i < 3; i++)
		side_done(&m.s[i]);
	return rc;
}
