/* codebook_edit.c — rename, move and remove codes in a codebook's text (codebook_edit.h).
 *
 * The file is parsed with yamlx for positions only; the edit cuts and splices lines of the
 * original bytes, so comments, blank lines, quoting and key order elsewhere stay as they
 * were. A list item's lines run from the line of its '-' to the line where its content
 * ends (comments after it stay where they are). */
#include "gloss/codebook_edit.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/util.h"
#include "gloss/yamlx.h"

struct ed {
	const char *buf;
	size_t len;
	const char *path;
	const char *nl;
	struct diags *d;
	struct yamlx_doc doc;
	struct codebook *cb; /* the file as it is */
};

/* found: where a code's mapping is: item idx of seq, which is the "codes" value of owner
 * (a code's mapping, or the root for the top list) under the key node key */
struct found {
	const struct yamlx_node *seq, *map, *owner, *key;
	size_t idx;
};

static void *fail(struct ed *e, const char *what, const char *id, const char *why)
{
	diag_add(e->d, DIAG_ERROR, DK_INVALID, e->path, 0, 0, "cannot %s '%s': %s", what, id, why);
	return NULL;
}

static bool ed_open(struct ed *e, const char *buf, size_t len, const char *path, struct diags *d)
{
	struct diags tmp;
	bool ok;

	memset(e, 0, sizeof(*e));
	e->buf = buf;
	e->len = len;
	e->path = path;
	e->d = d;
	e->nl = yamlx_newline(buf, len);
	diags_init(&tmp);
	e->cb = codebook_load_mem(buf, len, path, &tmp);
	ok = e->cb && tmp.errors == 0 && yamlx_load(&e->doc, buf, len, path, &tmp);
	diags_done(&tmp);
	if (!ok)
		diag_add(d, DIAG_ERROR, DK_INVALID, path, 0, 0,
		         "the codebook has errors (run gloss check); nothing changed");
	return ok;
}

static void ed_close(struct ed *e)
{
	yamlx_free(&e->doc);
	codebook_free(e->cb);
}

static bool find_in(const struct yamlx_node *owner, const struct yamlx_node *key,
                    const struct yamlx_node *seq, const char *id, struct found *f)
{
	if (!seq || seq->type != YX_SEQ)
		return false;
	for (size_t i = 0; i < seq->n; i++) {
		const struct yamlx_node *m = seq->items[i], *v = yamlx_get(m, "id");
		const struct yamlx_node *sub = yamlx_get(m, "codes");
		if (v && v->type == YX_SCALAR && strcmp(v->str, id) == 0) {
			*f = (struct found){seq, m, owner, key, i};
			return true;
		}
		for (size_t k = 0; m->type == YX_MAP && k < m->n; k++)
			if (m->items[k] == sub && find_in(m, m->keys[k], sub, id, f))
				return true;
	}
	return false;
}

/* codes_key: the key node "codes" of a mapping, or NULL */
static const struct yamlx_node *codes_key(const struct yamlx_node *map)
{
	for (size_t k = 0; map && map->type == YX_MAP && k < map->n; k++)
		if (map->keys[k]->type == YX_SCALAR && strcmp(map->keys[k]->str, "codes") == 0)
			return map->keys[k];
	return NULL;
}

static bool find_code(const struct ed *e, const char *id, struct found *f)
{
	const struct yamlx_node *root = e->doc.root;

	return find_in(root, codes_key(root), yamlx_get(root, "codes"), id, f);
}

/* dash_of: the offset of the '-' that starts list item m */
static size_t dash_of(const struct ed *e, const struct yamlx_node *m)
{
	size_t p = m->start_off;

	while (p > 0 && strchr(" \t\r\n", e->buf[p - 1]))
		p--;
	return p > 0 && e->buf[p - 1] == '-' ? p - 1 : m->start_off;
}

/* item_range: the lines of list item f->map, as [*s, *end); false behind an alias */
static bool item_range(const struct ed *e, const struct found *f, size_t *s, size_t *end)
{
	size_t ce = yamlx_content_end(e->buf, e->len, f->map);

	if (ce == SIZE_MAX)
		return false;
	*s = yamlx_line_start(e->buf, dash_of(e, f->map));
	*end = yamlx_line_after(e->buf, e->len, ce);
	return true;
}

static char *done(struct strbuf *sb, size_t *outlen)
{
	*outlen = sb->len;
	return sb_detach(sb);
}

/* ---- verification ------------------------------------------------------------------- */

struct want {
	const char *gone;   /* an id that must be gone */
	const char *id;     /* an id that must be there */
	const char *parent; /* ... under this parent (NULL: top), unless any_parent */
	bool any_parent;
	long delta; /* codes more (or fewer) than before */
};

static bool verify(struct ed *e, const char *buf, size_t len, const struct want *w)
{
	struct diags tmp;
	struct codebook *cb;
	bool ok;
	int i;

	diags_init(&tmp);
	cb = codebook_load_mem(buf, len, e->path, &tmp);
	ok = cb && tmp.errors == 0 && (long)cb->ncodes == (long)e->cb->ncodes + w->delta &&
	     (!w->gone || codebook_find(cb, w->gone) < 0);
	if (ok && w->id) {
		i = codebook_find(cb, w->id);
		ok = i >= 0 &&
		     (w->any_parent ||
		      (w->parent ? cb->codes[i].parent >= 0 &&
		                       strcmp(cb->codes[cb->codes[i].parent].id, w->parent) == 0
		                 : cb->codes[i].parent < 0));
	}
	diags_done(&tmp);
	codebook_free(cb);
	return ok;
}

static char *checked(struct ed *e, struct strbuf *sb, const struct want *w, const char *what,
                     const char *id, size_t *outlen)
{
	if (!verify(e, sb->data, sb->len, w)) {
		sb_done(sb);
		return fail(e, what, id, "the edited codebook would not load; nothing changed");
	}
	return done(sb, outlen);
}

/* ---- rename ------------------------------------------------------------------------- */

static bool id_ok(const char *id)
{
	size_t n = strlen(id);

	if (n == 0 || n > 64 || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return false;
	return strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") == n;
}

char *codebook_edit_rename(const char *buf, size_t len, const char *path, const char *old,
                           const char *new_id, size_t *outlen, struct diags *d)
{
	struct want w = {old, new_id, NULL, true, 0};
	struct strbuf sb = STRBUF_INIT;
	const struct yamlx_node *v;
	struct found f;
	struct ed e;
	char *out = NULL;

	if (!ed_open(&e, buf, len, path, d))
		goto end;
	if (codebook_find(e.cb, old) < 0 || !find_code(&e, old, &f)) {
		fail(&e, "rename", old, "no such code");
	} else if (!id_ok(new_id)) {
		fail(&e, "rename", old,
		     "the new id must be 1 to 64 of a-z 0-9 _ -, starting "
		     "with a letter or digit");
	} else if (codebook_find(e.cb, new_id) >= 0) {
		fail(&e, "rename", old, "the new id is taken by another code");
	} else if (!(v = yamlx_get(f.map, "id")) || v->end_off > len || v->start_off > v->end_off) {
		fail(&e, "rename", old, "its id is not where it should be");
	} else {
		sb_add(&sb, buf, v->start_off);
		if (yamlx_plain_safe(new_id))
			sb_adds(&sb, new_id);
		else
			yamlx_write_str(&sb, new_id, strlen(new_id));
		sb_add(&sb, buf + v->end_off, len - v->end_off);
		out = checked(&e, &sb, &w, "rename", old, outlen);
	}
end:
	ed_close(&e);
	return out;
}

/* ---- the name ----------------------------------------------------------------------- */

/* name_is: the codebook buf loads and code id is named name */
static bool name_is(const struct ed *e, const char *buf, size_t len, const char *id,
                    const char *name)
{
	struct diags tmp;
	struct codebook *cb;
	int i;
	bool ok;

	diags_init(&tmp);
	cb = codebook_load_mem(buf, len, e->path, &tmp);
	ok = cb && tmp.errors == 0 && cb->ncodes == e->cb->ncodes &&
	     (i = codebook_find(cb, id)) >= 0 && strcmp(cb->codes[i].name, name) == 0;
	diags_done(&tmp);
	codebook_free(cb);
	return ok;
}

char *codebook_edit_set_name(const char *buf, size_t len, const char *path, const char *id,
                             const char *name, size_t *outlen, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;
	const struct yamlx_node *v, *idkey = NULL;
	struct found f;
	struct ed e;
	char *out = NULL;

	if (!ed_open(&e, buf, len, path, d))
		goto end;
	if (codebook_find(e.cb, id) < 0 || !find_code(&e, id, &f)) {
		fail(&e, "rename", id, "no such code");
		goto end;
	}
	if (!*name || strchr(name, '\n')) {
		fail(&e, "rename", id, "the name must be one line, not empty");
		goto end;
	}
	for (size_t k = 0; k < f.map->n; k++)
		if (f.map->keys[k]->type == YX_SCALAR && strcmp(f.map->keys[k]->str, "id") == 0)
			idkey = f.map->keys[k];
	v = yamlx_get(f.map, "name");
	if (v) {
		if (v->type != YX_SCALAR || v->end_off > len || v->start_off >= v->end_off ||
		    buf[v->start_off] == '|' || buf[v->start_off] == '>' ||
		    buf[v->start_off] == '&' || buf[v->start_off] == '!') {
			fail(&e, "rename", id,
			     "its name is not a one-line string; edit it in the file");
			goto end;
		}
		sb_add(&sb, buf, v->start_off);
		yamlx_write_str(&sb, name, strlen(name));
		sb_add(&sb, buf + v->end_off, len - v->end_off);
	} else {
		const struct yamlx_node *idv = yamlx_get(f.map, "id");
		size_t at, ls;
		if (!idkey || !idv || idv->end_off > len) {
			fail(&e, "rename", id, "its id is not where it should be");
			goto end;
		}
		at = yamlx_line_after(buf, len, idv->end_off);
		ls = yamlx_line_start(buf, idkey->start_off);
		sb_add(&sb, buf, at);
		if (at == len && len && buf[len - 1] != '\n')
			sb_adds(&sb, e.nl);
		for (size_t k = ls; k < idkey->start_off; k++)
			sb_addc(&sb, ' ');
		sb_adds(&sb, "name: ");
		yamlx_write_str(&sb, name, strlen(name));
		sb_adds(&sb, e.nl);
		sb_add(&sb, buf + at, len - at);
	}
	if (!name_is(&e, sb.data, sb.len, id, name)) {
		sb_done(&sb);
		fail(&e, "rename", id, "the edited codebook would not load; nothing changed");
		goto end;
	}
	out = done(&sb, outlen);
end:
	ed_close(&e);
	return out;
}

/* ---- remove ------------------------------------------------------------------------- */

/* cut_range: the bytes to cut to take item f out of its list: its lines, plus the
 * "codes:" key line when it is the only item of a theme's list; *top_empty when it is the
 * only item of the top list (which then becomes "codes: []") */
static bool cut_range(const struct ed *e, const struct found *f, size_t *s, size_t *end,
                      bool *top_empty)
{
	*top_empty = false;
	if (!item_range(e, f, s, end))
		return false;
	if (f->seq->n == 1 && f->key) {
		*s = yamlx_line_start(e->buf, f->key->start_off);
		*top_empty = f->owner == e->doc.root;
	}
	return true;
}

/* cut: buf without [s, end) (and with "codes: []" there when top_empty) */
static void cut(const struct ed *e, struct strbuf *sb, size_t s, size_t end, bool top_empty,
                unsigned key_col)
{
	sb_add(sb, e->buf, s);
	if (top_empty) {
		for (unsigned i = 1; i < key_col; i++)
			sb_addc(sb, ' ');
		sb_adds(sb, "codes: []");
		sb_adds(sb, e->nl);
	}
	sb_add(sb, e->buf + end, e->len - end);
}

static const char *refuse_item(const struct ed *e, const struct found *f)
{
	if (yamlx_is_flow(e->buf, e->len, f->seq) || yamlx_is_flow(e->buf, e->len, f->map))
		return "it is written in flow style ([...] or {...}); change it by hand";
	return NULL;
}

char *codebook_edit_remove(const char *buf, size_t len, const char *path, const char *id,
                           size_t *outlen, struct diags *d)
{
	struct want w = {id, NULL, NULL, true, -1};
	struct strbuf sb = STRBUF_INIT;
	struct found f;
	struct ed e;
	size_t s, end;
	bool top_empty;
	char *out = NULL;
	int c;

	if (!ed_open(&e, buf, len, path, d))
		goto end;
	c = codebook_find(e.cb, id);
	if (c < 0 || !find_code(&e, id, &f))
		fail(&e, "delete", id, "no such code");
	else if (e.cb->codes[c].nchildren > 0)
		fail(&e, "delete", id, "codes are filed under it; move or delete them first");
	else if (refuse_item(&e, &f))
		fail(&e, "delete", id, refuse_item(&e, &f));
	else if (!cut_range(&e, &f, &s, &end, &top_empty))
		fail(&e, "delete", id, "it is written with a YAML alias; change it by hand");
	else {
		cut(&e, &sb, s, end, top_empty, f.key ? f.key->col : 1);
		out = checked(&e, &sb, &w, "delete", id, outlen);
	}
end:
	ed_close(&e);
	return out;
}

/* ---- move --------------------------------------------------------------------------- */

/* reindent: text's lines shifted from column from to column to (blank lines kept) */
static void reindent(struct strbuf *out, const char *text, size_t n, size_t from, size_t to)
{
	size_t i = 0;

	while (i < n) {
		const char *nl = memchr(text + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - text) + 1 : n, k = i;
		bool blank = strspn(text + i, " \t\r") >= end - i - (nl ? 1 : 0);
		if (!blank && to > from) {
			for (size_t j = from; j < to; j++)
				sb_addc(out, ' ');
		} else if (!blank) {
			while (k < end && k - i < from - to && text[k] == ' ')
				k++;
		}
		sb_add(out, text + k, end - k);
		i = end;
	}
}

struct place {
	size_t at;        /* where the moved lines go */
	size_t col;       /* the column of their '-' */
	const char *head; /* a "codes:" line to put first (the parent had no children) */
	size_t head_col;
};

/* place_in: where an item goes at the end of list seq (children of parent map, or the
 * top list) */
static const char *place_in(const struct ed *e, const struct yamlx_node *map, struct place *p)
{
	const struct yamlx_node *seq = yamlx_get(map, "codes");
	size_t ce;

	memset(p, 0, sizeof(*p));
	if (!seq) { /* a leaf becomes a theme */
		if (yamlx_is_flow(e->buf, e->len, map) ||
		    (ce = yamlx_content_end(e->buf, e->len, map)) == SIZE_MAX)
			return "the new parent is written in flow style or with an alias";
		p->at = yamlx_line_after(e->buf, e->len, ce);
		p->head = "codes:";
		p->head_col = map->col - 1;
		p->col = map->col + 1;
		return NULL;
	}
	if (seq->type != YX_SEQ || yamlx_is_flow(e->buf, e->len, seq) || seq->n == 0)
		return "the new parent's list is empty or in flow style ([...]); change it by hand";
	if ((ce = yamlx_content_end(e->buf, e->len, seq)) == SIZE_MAX)
		return "the new parent's list ends with a YAML alias";
	p->at = yamlx_line_after(e->buf, e->len, ce);
	p->col = dash_of(e, seq->items[0]) - yamlx_line_start(e->buf, dash_of(e, seq->items[0]));
	return NULL;
}

static void moved_text(const struct ed *e, struct strbuf *sb, const struct place *p, size_t s,
                       size_t end, size_t from)
{
	if (p->at == e->len && e->len > 0 && e->buf[e->len - 1] != '\n')
		sb_adds(sb, e->nl);
	if (p->head) {
		for (size_t i = 0; i < p->head_col; i++)
			sb_addc(sb, ' ');
		sb_adds(sb, p->head);
		sb_adds(sb, e->nl);
	}
	reindent(sb, e->buf + s, end - s, from, p->col);
}

static const char *move_check(const struct ed *e, int c, int pc, const struct found *f)
{
	if (pc >= 0 && codebook_is_descendant(e->cb, pc, c))
		return "a code cannot go under itself or a code below it";
	if (e->cb->codes[c].parent == pc)
		return pc < 0 ? "it is at the top level already" : "it is there already";
	return refuse_item(e, f);
}

char *codebook_edit_move(const char *buf, size_t len, const char *path, const char *id,
                         const char *parent, size_t *outlen, struct diags *d)
{
	struct want w = {NULL, id, parent, false, 0};
	struct strbuf sb = STRBUF_INIT;
	struct found f, pf;
	struct place p;
	struct ed e;
	size_t s, end, item_s, item_end;
	bool top_empty;
	const char *why = NULL;
	char *out = NULL;
	int c, pc = -1;

	if (!ed_open(&e, buf, len, path, d))
		goto end;
	c = codebook_find(e.cb, id);
	if (parent)
		pc = codebook_find(e.cb, parent);
	if (c < 0 || !find_code(&e, id, &f))
		why = "no such code";
	else if (parent && (pc < 0 || !find_code(&e, parent, &pf)))
		why = "no such code to put it under";
	else if (!(why = move_check(&e, c, pc, &f)) &&
	         !(why = place_in(&e, parent ? pf.map : e.doc.root, &p)) &&
	         (!cut_range(&e, &f, &s, &end, &top_empty) ||
	          !item_range(&e, &f, &item_s, &item_end)))
		why = "it is written with a YAML alias; change it by hand";
	if (why) {
		fail(&e, "move", id, why);
		goto end;
	}
	if (top_empty) {
		fail(&e, "move", id, "it is the only code at the top level");
		goto end;
	}
	if (p.at <= s) {
		sb_add(&sb, buf, p.at);
		moved_text(&e, &sb, &p, item_s, item_end, dash_of(&e, f.map) - item_s);
		sb_add(&sb, buf + p.at, s - p.at);
		sb_add(&sb, buf + end, len - end);
	} else {
		sb_add(&sb, buf, s);
		sb_add(&sb, buf + end, p.at - end);
		moved_text(&e, &sb, &p, item_s, item_end, dash_of(&e, f.map) - item_s);
		sb_add(&sb, buf + p.at, len - p.at);
	}
	out = checked(&e, &sb, &w, "move", id, outlen);
end:
	ed_close(&e);
	return out;
}
