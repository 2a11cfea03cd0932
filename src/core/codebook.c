/* codebook.c — load and validate a YAML codebook; insert new codes as text. */
#include "gloss/codebook.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "gloss/lock.h"
#include "gloss/search.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

#define CODEBOOK_MAX_SIZE (16u << 20)
#define CODEBOOK_MAX_ID 64
#define CODEBOOK_MAX_PATTERNS 10000 /* compiled patterns cost memory: bound hostile files */
#define KEY_HINT "use a digit or an uppercase letter other than G H J K L N"

static const char *const color_names[] = {"black", "red",     "green", "yellow",
                                          "blue",  "magenta", "cyan",  "white"};

struct loader {
	struct codebook *cb;
	const char *file;
	struct diags *d;
	size_t *slots; /* id hash: index + 1, 0 = empty */
	size_t nslots;
	unsigned *id_line; /* line of each code's id, for "first defined at" */
	size_t capidline;
	int key_owner[128]; /* index + 1 of the code holding an ASCII key */
	size_t npatterns;   /* patterns compiled so far */
};

/* ---- diagnostics ---- */

static void report(struct loader *l, enum diag_level lv, enum diag_kind k,
                   const struct yamlx_node *at, const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	sb_vprintf(&sb, fmt, ap);
	diag_add(l->d, lv, k, l->file, at ? at->line : 0, at ? at->col : 0, "%s",
	         sb.data ? sb.data : "");
	sb_done(&sb);
}

static void error_at(struct loader *l, enum diag_kind k, const struct yamlx_node *at,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void error_at(struct loader *l, enum diag_kind k, const struct yamlx_node *at,
                     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(l, DIAG_ERROR, k, at, fmt, ap);
	va_end(ap);
}

static void warn_at(struct loader *l, const struct yamlx_node *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void warn_at(struct loader *l, const struct yamlx_node *at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(l, DIAG_WARNING, DK_UNKNOWN, at, fmt, ap);
	va_end(ap);
}

/* owner: " of code 'x'" for messages about a code's field, "" at the top level. */
static char *owner(const struct loader *l, int code)
{
	if (code < 0)
		return xstrdup("");
	return xasprintf(" of code '%s'", l->cb->codes[code].id);
}

/* ---- id table ---- */

static size_t *id_slot(struct loader *l, const char *id)
{
	size_t i = str_hash(id) & (l->nslots - 1);

	while (l->slots[i] && strcmp(l->cb->codes[l->slots[i] - 1].id, id) != 0)
		i = (i + 1) & (l->nslots - 1);
	return &l->slots[i];
}

/* id_claim: register code idx under its id; returns the earlier holder or -1. */
static int id_claim(struct loader *l, int idx)
{
	size_t *slot;

	if ((size_t)(idx + 1) * 2 > l->nslots) {
		size_t *old = l->slots, nold = l->nslots;

		l->nslots = l->nslots ? l->nslots * 2 : 64;
		l->slots = xcalloc(l->nslots, sizeof(*l->slots));
		for (size_t i = 0; i < nold; i++)
			if (old[i])
				*id_slot(l, l->cb->codes[old[i] - 1].id) = old[i];
		free(old);
	}
	slot = id_slot(l, l->cb->codes[idx].id);
	if (*slot)
		return (int)*slot - 1;
	*slot = (size_t)idx + 1;
	return -1;
}

/* ---- validation helpers ---- */

static bool id_valid(const char *s, size_t len)
{
	if (len == 0 || len > CODEBOOK_MAX_ID || strlen(s) != len)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

		if (!alnum && (i == 0 || (c != '-' && c != '_')))
			return false;
	}
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

bool codebook_color_parse(const char *s, struct code_color *out)
{
	struct code_color c = {COLOR_NONE, 0, 0, 0, 0};

	if (s[0] == '#' && strlen(s) == 7) {
		unsigned char v[3];

		for (int i = 0; i < 3; i++) {
			int hi = hexval(s[1 + 2 * i]), lo = hexval(s[2 + 2 * i]);
			if (hi < 0 || lo < 0)
				return false;
			v[i] = (unsigned char)(hi * 16 + lo);
		}
		c.kind = COLOR_RGB, c.r = v[0], c.g = v[1], c.b = v[2];
		*out = c;
		return true;
	}
	for (int i = 0; i < (int)ARRAY_LEN(color_names); i++) {
		if (strcasecmp(s, color_names[i]) == 0) {
			c.kind = COLOR_NAMED, c.named = i;
			*out = c;
			return true;
		}
	}
	return false;
}

/* ---- fields ---- */

/* scalar_field: the string value of a field, or NULL (absent/null, or wrong type: error). */
static char *scalar_field(struct loader *l, int code, const char *field, const struct yamlx_node *v)
{
	if (!v || yamlx_is_null(v))
		return NULL;
	if (v->type != YX_SCALAR) {
		char *o = owner(l, code);
		error_at(l, DK_SYNTAX, v, "field '%s'%s must be a string, not %s", field, o,
		         yamlx_type_name(v));
		free(o);
		return NULL;
	}
	return xstrdup(v->str);
}

/* string_list: the scalar nodes of a field that is a list of strings (a single string
 * counts as a list of one). Returns the count; *out is malloc'd (NULL when 0). */
static size_t string_list(struct loader *l, int code, const char *field, const struct yamlx_node *v,
                          const struct yamlx_node ***out)
{
	size_t n = 0;
	char *o;

	*out = NULL;
	if (!v || yamlx_is_null(v))
		return 0;
	if (v->type == YX_SCALAR) {
		*out = xmalloc(sizeof(**out));
		(*out)[0] = v;
		return 1;
	}
	o = owner(l, code);
	if (v->type != YX_SEQ) {
		error_at(l, DK_SYNTAX, v, "field '%s'%s must be a list of strings, not %s", field,
		         o, yamlx_type_name(v));
		free(o);
		return 0;
	}
	*out = xreallocarray(NULL, v->n ? v->n : 1, sizeof(**out));
	for (size_t i = 0; i < v->n; i++) {
		if (v->items[i]->type == YX_SCALAR)
			(*out)[n++] = v->items[i];
		else
			error_at(l, DK_SYNTAX, v->items[i],
			         "field '%s'%s must be a list of strings; item %zu is %s", field, o,
			         i + 1, yamlx_type_name(v->items[i]));
	}
	free(o);
	return n;
}

static void load_examples(struct loader *l, int code, const struct yamlx_node *v)
{
	const struct yamlx_node **items;
	size_t n = string_list(l, code, "examples", v, &items);
	struct code *c = &l->cb->codes[code];

	c->examples = n ? xreallocarray(NULL, n, sizeof(char *)) : NULL;
	for (size_t i = 0; i < n; i++)
		c->examples[i] = xstrdup(items[i]->str);
	c->nexamples = n;
	free(items);
}

static void load_patterns(struct loader *l, int code, const struct yamlx_node *v)
{
	const struct yamlx_node **items;
	size_t n = string_list(l, code, "patterns", v, &items);
	struct code *c = &l->cb->codes[code];

	c->patterns = n ? xreallocarray(NULL, n, sizeof(char *)) : NULL;
	c->compiled = n ? xreallocarray(NULL, n, sizeof(struct search *)) : NULL;
	for (size_t i = 0; i < n; i++) {
		char err[256];
		size_t eo = 0;
		struct search *s;

		if (++l->npatterns > CODEBOOK_MAX_PATTERNS) {
			if (l->npatterns == CODEBOOK_MAX_PATTERNS + 1)
				error_at(
				    l, DK_INVALID, items[i],
				    "more than %d patterns in the codebook; the rest are ignored",
				    CODEBOOK_MAX_PATTERNS);
			continue;
		}
		s = search_new(items[i]->str, 0, err, sizeof(err), &eo);
		if (!s) {
			error_at(l, DK_INVALID, items[i],
			         "invalid pattern '%s' in code '%s': %s at offset %zu",
			         items[i]->str, c->id, err, eo);
			continue;
		}
		c->patterns[c->npatterns] = xstrdup(items[i]->str);
		c->compiled[c->npatterns++] = s;
	}
	free(items);
}

static void load_color(struct loader *l, int code, const struct yamlx_node *v)
{
	char *s = scalar_field(l, code, "color", v);
	struct code *c = &l->cb->codes[code];

	if (s && !codebook_color_parse(s, &c->color))
		error_at(l, DK_INVALID, v,
		         "invalid color '%s' of code '%s': use black, red, green, yellow, blue, "
		         "magenta, cyan, white or #RRGGBB",
		         s, c->id);
	free(s);
}

static void load_key(struct loader *l, int code, const struct yamlx_node *v)
{
	char *s = scalar_field(l, code, "key", v);
	struct code *c = &l->cb->codes[code];
	uint32_t cp = 0;

	if (!s)
		return;
	if (v->len == 0 || utf8_count(v->str, v->len) != 1) {
		error_at(l, DK_INVALID, v, "key '%s' of code '%s' must be one character; " KEY_HINT,
		         s, c->id);
	} else if (utf8_decode(v->str, v->len, &cp),
	           cp == 0 || cp >= 128 || !strchr(CODEBOOK_KEYS, (int)cp)) {
		error_at(l, DK_INVALID, v,
		         "key '%s' of code '%s' is reserved by the interactive coder; " KEY_HINT, s,
		         c->id);
	} else if (l->key_owner[cp]) {
		error_at(l, DK_INVALID, v, "duplicate key '%s' of code '%s' (already used by '%s')",
		         s, c->id, l->cb->codes[l->key_owner[cp] - 1].id);
	} else {
		l->key_owner[cp] = code + 1;
		c->key = cp;
	}
	free(s);
}

/* ---- codes ---- */

static int code_push(struct loader *l, const struct yamlx_node *n, int parent, int depth)
{
	struct codebook *cb = l->cb;
	struct code c;

	memset(&c, 0, sizeof(c));
	c.parent = parent;
	c.depth = depth;
	c.line = n->line;
	c.col = n->col;
	VEC_PUSH(cb->codes, cb->ncodes, cb->capcodes, c);
	grow_array((void **)&l->id_line, &l->capidline, cb->ncodes, sizeof(*l->id_line));
	l->id_line[cb->ncodes - 1] = n->line;
	if (parent >= 0)
		cb->codes[parent].nchildren++;
	return (int)cb->ncodes - 1;
}

static void load_id(struct loader *l, int idx, const struct yamlx_node *map)
{
	const struct yamlx_node *v = yamlx_get(map, "id");
	struct code *c = &l->cb->codes[idx];
	int first;

	if (!v || yamlx_is_null(v)) {
		error_at(l, DK_INVALID, map, "code without an 'id'");
		c->id = xasprintf("(no id, line %u)", map->line);
		return;
	}
	if (v->type != YX_SCALAR) {
		error_at(l, DK_SYNTAX, v, "field 'id' must be a string, not %s",
		         yamlx_type_name(v));
		c->id = xasprintf("(no id, line %u)", map->line);
		return;
	}
	c->id = xstrdup(v->str);
	l->id_line[idx] = v->line;
	if (!id_valid(v->str, v->len)) {
		error_at(l, DK_INVALID, v,
		         "invalid code id '%s': use lower-case letters, digits, '-' and '_', "
		         "starting with a letter or digit, at most %d characters",
		         c->id, CODEBOOK_MAX_ID);
		return;
	}
	first = id_claim(l, idx);
	if (first >= 0)
		error_at(l, DK_INVALID, v, "duplicate code id '%s' (first defined at line %u)",
		         c->id, l->id_line[first]);
}

static void load_code(struct loader *l, const struct yamlx_node *n, int parent, int depth);

static void load_children(struct loader *l, int code, const struct yamlx_node *v, int depth)
{
	if (!v)
		return;
	if (v->type != YX_SEQ) {
		char *o = owner(l, code);
		error_at(l, DK_SYNTAX, v, "field 'codes'%s must be a list of codes, not %s", o,
		         yamlx_is_null(v) ? "empty" : yamlx_type_name(v));
		free(o);
		return;
	}
	for (size_t i = 0; i < v->n; i++)
		load_code(l, v->items[i], code, depth);
}

static bool set_text(struct loader *l, int code, const char *field, const struct yamlx_node *v)
{
	static const char *const fields[] = {"name", "description", "include", "exclude"};
	struct code *c = &l->cb->codes[code];
	char **slots[] = {&c->name, &c->description, &c->include, &c->exclude};

	for (size_t i = 0; i < ARRAY_LEN(fields); i++) {
		if (strcmp(field, fields[i]) == 0) {
			char *s = scalar_field(l, code, field, v);
			free(*slots[i]);
			*slots[i] = s;
			return true;
		}
	}
	return false;
}

/* load_field: one field of a code; returns false for a field gloss does not know. */
static bool load_field(struct loader *l, int code, const char *field, const struct yamlx_node *v)
{
	if (strcmp(field, "id") == 0 || strcmp(field, "codes") == 0)
		return true; /* handled by load_code */
	if (set_text(l, code, field, v))
		return true;
	if (strcmp(field, "examples") == 0)
		load_examples(l, code, v);
	else if (strcmp(field, "patterns") == 0)
		load_patterns(l, code, v);
	else if (strcmp(field, "color") == 0)
		load_color(l, code, v);
	else if (strcmp(field, "key") == 0)
		load_key(l, code, v);
	else
		return false;
	return true;
}

static void load_code(struct loader *l, const struct yamlx_node *n, int parent, int depth)
{
	int idx;

	if (n->type != YX_MAP) {
		error_at(l, DK_SYNTAX, n, "each code must be a mapping with an 'id', not %s",
		         yamlx_type_name(n));
		return;
	}
	idx = code_push(l, n, parent, depth);
	load_id(l, idx, n);
	for (size_t i = 0; i < n->n; i++) {
		const struct yamlx_node *k = n->keys[i];

		if (k->type != YX_SCALAR || !load_field(l, idx, k->str, n->items[i]))
			warn_at(l, k, "unknown field '%s' in code '%s' (kept, ignored)",
			        k->type == YX_SCALAR ? k->str : "?", l->cb->codes[idx].id);
	}
	if (!l->cb->codes[idx].name)
		l->cb->codes[idx].name = xstrdup(l->cb->codes[idx].id);
	load_children(l, idx, yamlx_get(n, "codes"), depth + 1);
	l->cb->codes[idx].subtree_end = l->cb->ncodes;
}

/* ---- top level ---- */

static void load_top(struct loader *l, const struct yamlx_node *root)
{
	const struct yamlx_node *codes;

	if (!root || yamlx_is_null(root)) {
		error_at(l, DK_SYNTAX, NULL, "the codebook is empty; it needs a 'codes' list");
		return;
	}
	if (root->type != YX_MAP) {
		error_at(l, DK_SYNTAX, root,
		         "the codebook must be a mapping with a 'codes' list, not %s",
		         yamlx_type_name(root));
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const struct yamlx_node *k = root->keys[i], *v = root->items[i];
		const char *f = k->type == YX_SCALAR ? k->str : "?";

		if (strcmp(f, "name") == 0)
			l->cb->name = scalar_field(l, -1, "name", v);
		else if (strcmp(f, "description") == 0)
			l->cb->description = scalar_field(l, -1, "description", v);
		else if (strcmp(f, "codes") != 0 || k->type != YX_SCALAR)
			warn_at(l, k, "unknown field '%s' (kept, ignored)", f);
	}
	codes = yamlx_get(root, "codes");
	if (!codes)
		error_at(l, DK_SYNTAX, root, "missing field 'codes' (the list of codes)");
	else
		load_children(l, -1, codes, 0);
}

static const struct codebook *sort_cb;

static int by_id_cmp(const void *a, const void *b)
{
	return strcmp(sort_cb->codes[*(const size_t *)a].id, sort_cb->codes[*(const size_t *)b].id);
}

/* index_ids: sort code indices by id so codebook_find is a binary search. */
static void index_ids(struct codebook *cb)
{
	cb->by_id = xcalloc(cb->ncodes + 1, sizeof(*cb->by_id));
	for (size_t i = 0; i < cb->ncodes; i++)
		cb->by_id[i] = i;
	sort_cb = cb;
	sort_array(cb->by_id, cb->ncodes, sizeof(*cb->by_id), by_id_cmp);
	sort_cb = NULL;
	cb->nby_id = cb->ncodes;
}

struct codebook *codebook_load_mem(const char *buf, size_t len, const char *file, struct diags *d)
{
	struct yamlx_doc doc;
	struct loader l;

	if (!yamlx_load(&doc, buf, len, file, d))
		return NULL;
	memset(&l, 0, sizeof(l));
	l.cb = xcalloc(1, sizeof(*l.cb));
	l.cb->path = xstrdup(file);
	l.file = file;
	l.d = d;
	load_top(&l, doc.root);
	index_ids(l.cb);
	free(l.slots);
	free(l.id_line);
	yamlx_free(&doc);
	return l.cb;
}

struct codebook *codebook_load(const char *path, struct diags *d)
{
	struct codebook *cb;
	size_t len;
	char *buf = read_file(path, CODEBOOK_MAX_SIZE, &len);

	if (!buf) {
		if (errno == EFBIG)
			diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0,
			         "cannot read: the file is larger than 16 MiB");
		else
			diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read: %s",
			         read_file_strerror(errno));
		return NULL;
	}
	cb = codebook_load_mem(buf, len, path, d);
	free(buf);
	return cb;
}

static void code_done(struct code *c)
{
	free(c->id);
	free(c->name);
	free(c->description);
	free(c->include);
	free(c->exclude);
	for (size_t i = 0; i < c->nexamples; i++)
		free(c->examples[i]);
	free(c->examples);
	for (size_t i = 0; i < c->npatterns; i++) {
		free(c->patterns[i]);
		search_free(c->compiled[i]);
	}
	free(c->patterns);
	free(c->compiled);
}

void codebook_free(struct codebook *cb)
{
	if (!cb)
		return;
	for (size_t i = 0; i < cb->ncodes; i++)
		code_done(&cb->codes[i]);
	free(cb->codes);
	free(cb->by_id);
	free(cb->path);
	free(cb->name);
	free(cb->description);
	free(cb);
}

/* ---- queries ---- */

int codebook_find(const struct codebook *cb, const char *id)
{
	if (cb && cb->by_id && cb->nby_id == cb->ncodes) {
		size_t lo = 0, hi = cb->ncodes;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(id, cb->codes[cb->by_id[mid]].id);
			if (c == 0)
				return (int)cb->by_id[mid];
			if (c < 0)
				hi = mid;
			else
				lo = mid + 1;
		}
		return -1;
	}
	for (size_t i = 0; cb && i < cb->ncodes; i++)
		if (strcmp(cb->codes[i].id, id) == 0)
			return (int)i;
	return -1;
}

int codebook_by_key(const struct codebook *cb, uint32_t key)
{
	for (size_t i = 0; cb && key && i < cb->ncodes; i++)
		if (cb->codes[i].key == key)
			return (int)i;
	return -1;
}

bool codebook_is_descendant(const struct codebook *cb, int d, int a)
{
	if (!cb || d < 0 || a < 0 || (size_t)d >= cb->ncodes || (size_t)a >= cb->ncodes)
		return false;
	return d >= a && (size_t)d < cb->codes[a].subtree_end;
}

struct code_color codebook_effective_color(const struct codebook *cb, int code)
{
	struct code_color none = {COLOR_NONE, 0, 0, 0, 0};

	while (cb && code >= 0 && (size_t)code < cb->ncodes) {
		if (cb->codes[code].color.kind != COLOR_NONE)
			return cb->codes[code].color;
		code = cb->codes[code].parent;
	}
	return none;
}

/* ---- slugs ---- */

/* latin1_base: the unaccented ASCII form of a Latin-1 letter (U+00C0..U+00FF), or NULL. */
static const char *latin1_base(uint32_t cp)
{
	static const char *const map[64] = {
	    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
	    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "ss",
	    "a", "a", "a", "a", "a", "a", "ae", "c",  "e", "e", "e", "e", "i", "i", "i",  "i",
	    "d", "n", "o", "o", "o", "o", "o",  NULL, "o", "u", "u", "u", "u", "y", "th", "y"};

	return cp >= 0xC0 && cp <= 0xFF ? map[cp - 0xC0] : NULL;
}

static void slug_base(struct strbuf *sb, const char *name)
{
	size_t n = strlen(name);
	bool dash = false;

	for (size_t i = 0; i < n && sb->len < CODEBOOK_MAX_ID;) {
		uint32_t cp;
		const char *t = NULL;
		char c[2] = {0, 0};

		i += utf8_decode(name + i, n - i, &cp);
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c[0] = (char)cp, t = c;
		else if (cp >= 'A' && cp <= 'Z')
			c[0] = (char)(cp - 'A' + 'a'), t = c;
		else if (cp >= 0x80 && utf8_is_word(cp))
			t = latin1_base(cp) ? latin1_base(cp) : "";
		if (!t) {
			dash = true;
			continue;
		}
		if (!*t)
			continue;
		if (dash && sb->len)
			sb_addc(sb, '-');
		dash = false;
		sb_adds(sb, t);
	}
}

/* trim_to: cut sb to at most max bytes and drop trailing '-'. */
static void trim_to(struct strbuf *sb, size_t max)
{
	if (sb->len > max)
		sb->len = max;
	while (sb->len && sb->data[sb->len - 1] == '-')
		sb->len--;
	if (sb->data)
		sb->data[sb->len] = '\0';
}

char *codebook_slug(const struct codebook *cb, const char *name)
{
	struct strbuf base = STRBUF_INIT, out = STRBUF_INIT;

	slug_base(&base, name ? name : "");
	trim_to(&base, CODEBOOK_MAX_ID);
	if (base.len == 0)
		sb_adds(&base, "code");
	sb_adds(&out, base.data);
	for (unsigned k = 2; codebook_find(cb, out.data) >= 0; k++) {
		char suffix[16];

		snprintf(suffix, sizeof(suffix), "-%u", k);
		trim_to(&base, CODEBOOK_MAX_ID - strlen(suffix));
		sb_reset(&out);
		sb_printf(&out, "%s%s", base.len ? base.data : "code", suffix);
	}
	sb_done(&base);
	return sb_detach(&out);
}

/* ---- appending a code as text ---- */

struct append {
	const char *buf;
	size_t len;
	const char *nl; /* "\n" or "\r\n", as the file uses */
	size_t at;      /* insertion offset (a line start, or len) */
	struct strbuf text;
};

static void add_indent(struct strbuf *sb, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		sb_addc(sb, ' ');
}

struct new_code {
	const char *id, *name, *description;
	uint32_t key;
};

/* entry_text: "- id: x" and its fields, dash at column dash, fields at column body. */
static void entry_text(struct append *a, const struct new_code *nc, unsigned dash, unsigned body)
{
	struct strbuf *sb = &a->text;

	add_indent(sb, dash);
	sb_adds(sb, "- id: ");
	if (yamlx_plain_safe(nc->id))
		sb_adds(sb, nc->id);
	else
		yamlx_write_str(sb, nc->id, strlen(nc->id));
	sb_adds(sb, a->nl);
	add_indent(sb, body);
	sb_adds(sb, "name: ");
	yamlx_write_str(sb, nc->name, strlen(nc->name));
	sb_adds(sb, a->nl);
	if (nc->key) {
		char k = (char)nc->key;

		add_indent(sb, body);
		sb_adds(sb, "key: ");
		yamlx_write_str(sb, &k, 1);
		sb_adds(sb, a->nl);
	}
	if (nc->description) {
		add_indent(sb, body);
		sb_adds(sb, "description: ");
		yamlx_write_str(sb, nc->description, strlen(nc->description));
		sb_adds(sb, a->nl);
	}
}

/* find_code_map: the mapping of the code with this id in a codes list (recursive). */
static const struct yamlx_node *find_code_map(const struct yamlx_node *list, const char *id)
{
	if (!list || list->type != YX_SEQ)
		return NULL;
	for (size_t i = 0; i < list->n; i++) {
		const struct yamlx_node *m = list->items[i], *v = yamlx_get(m, "id"), *r;

		if (v && v->type == YX_SCALAR && strcmp(v->str, id) == 0)
			return m;
		r = find_code_map(yamlx_get(m, "codes"), id);
		if (r)
			return r;
	}
	return NULL;
}

/* plan_in_list: append an entry after the last item of a block sequence. */
static const char *plan_in_list(struct append *a, const struct yamlx_node *seq,
                                const struct new_code *nc)
{
	const struct yamlx_node *last;
	unsigned dash, body;

	if (yamlx_is_flow(a->buf, a->len, seq))
		return "cannot add a code to a flow-style list";
	if (seq->n == 0)
		return "cannot add a code to an empty list";
	last = seq->items[seq->n - 1];
	dash = seq->col - 1;
	body =
	    last->type == YX_MAP && !yamlx_is_flow(a->buf, a->len, last) ? last->col - 1 : dash + 2;
	if (yamlx_content_end(a->buf, a->len, seq) == SIZE_MAX)
		return "the list ends with a YAML alias; add the code by hand";
	a->at = yamlx_line_after(a->buf, a->len, yamlx_content_end(a->buf, a->len, seq));
	entry_text(a, nc, dash, body);
	return NULL;
}

/* plan_new_list: add "codes:" with one entry to a code mapping that has none. */
static const char *plan_new_list(struct append *a, const struct yamlx_node *map,
                                 const struct new_code *nc)
{
	unsigned ind = map->col - 1;

	if (yamlx_is_flow(a->buf, a->len, map))
		return "cannot add a code to a flow-style mapping";
	if (yamlx_content_end(a->buf, a->len, map) == SIZE_MAX)
		return "the code ends with a YAML alias; add the code by hand";
	a->at = yamlx_line_after(a->buf, a->len, yamlx_content_end(a->buf, a->len, map));
	add_indent(&a->text, ind);
	sb_adds(&a->text, "codes:");
	sb_adds(&a->text, a->nl);
	entry_text(a, nc, ind + 2, ind + 4);
	return NULL;
}

static const char *plan(struct append *a, const struct yamlx_node *root, const char *parent_id,
                        const struct new_code *nc)
{
	const struct yamlx_node *top = yamlx_get(root, "codes"), *map, *list;

	if (!parent_id)
		return top && top->type == YX_SEQ ? plan_in_list(a, top, nc)
		                                  : "the codebook has no 'codes' list";
	map = find_code_map(top, parent_id);
	if (!map)
		return "no such theme in the file";
	list = yamlx_get(map, "codes");
	if (!list)
		return plan_new_list(a, map, nc);
	if (list->type != YX_SEQ)
		return "the theme's 'codes' field is not a list";
	return plan_in_list(a, list, nc);
}

/* check_new: refuse ids, keys and parents that would make the codebook invalid. */
static bool check_new(const struct codebook *cb, const char *parent_id, const struct new_code *nc,
                      struct diags *d)
{
	const char *p = cb->path;
	int k;

	if (!id_valid(nc->id, strlen(nc->id))) {
		diag_add(d, DIAG_ERROR, DK_INVALID, p, 0, 0,
		         "cannot add code: invalid code id '%s'", nc->id);
		return false;
	}
	if (codebook_find(cb, nc->id) >= 0) {
		diag_add(d, DIAG_ERROR, DK_INVALID, p, 0, 0,
		         "cannot add code: code id '%s' already exists", nc->id);
		return false;
	}
	if (parent_id && codebook_find(cb, parent_id) < 0) {
		diag_add(d, DIAG_ERROR, DK_INVALID, p, 0, 0,
		         "cannot add code '%s': no code '%s' to put it under", nc->id, parent_id);
		return false;
	}
	if (!nc->key)
		return true;
	if (nc->key >= 128 || !strchr(CODEBOOK_KEYS, (int)nc->key)) {
		diag_add(
		    d, DIAG_ERROR, DK_INVALID, p, 0, 0,
		    "cannot add code '%s': key is reserved by the interactive coder; " KEY_HINT,
		    nc->id);
		return false;
	}
	k = codebook_by_key(cb, nc->key);
	if (k >= 0) {
		diag_add(d, DIAG_ERROR, DK_INVALID, p, 0, 0,
		         "cannot add code '%s': key '%c' is already used by '%s'", nc->id,
		         (char)nc->key, cb->codes[k].id);
		return false;
	}
	return true;
}

/* verify: the new text loads without errors and holds the code under its parent. */
static struct codebook *verify(const char *buf, size_t len, const char *path, const char *parent_id,
                               const char *id)
{
	struct diags tmp;
	struct codebook *cb;
	int i;

	diags_init(&tmp);
	cb = codebook_load_mem(buf, len, path, &tmp);
	if (cb && tmp.errors == 0 && (i = codebook_find(cb, id)) >= 0) {
		int want = parent_id ? codebook_find(cb, parent_id) : -1;
		if (cb->codes[i].parent == want) {
			diags_done(&tmp);
			return cb;
		}
	}
	diags_done(&tmp);
	codebook_free(cb);
	return NULL;
}

/* load_current: the file as it is on disk now, which must load without errors. */
static char *load_current(const char *path, size_t *len, struct codebook **cur, struct diags *d)
{
	struct diags tmp;
	char *buf = read_file(path, CODEBOOK_MAX_SIZE, len);

	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read: %s",
		         read_file_strerror(errno));
		return NULL;
	}
	diags_init(&tmp);
	*cur = codebook_load_mem(buf, *len, path, &tmp);
	if (!*cur || tmp.errors) {
		diag_add(d, DIAG_ERROR, DK_INVALID, path, 0, 0,
		         "cannot add a code: the codebook has errors (run gloss check)");
		codebook_free(*cur);
		*cur = NULL;
		free(buf);
		buf = NULL;
	}
	diags_done(&tmp);
	return buf;
}

/* splice: the new file contents, or NULL with an error added. */
static char *splice(struct append *a, const char *path, const char *parent_id,
                    const struct new_code *nc, size_t *outlen, struct diags *d)
{
	struct yamlx_doc doc;
	struct diags tmp;
	struct strbuf out = STRBUF_INIT;
	const char *why = "cannot parse the codebook";

	diags_init(&tmp);
	if (yamlx_load(&doc, a->buf, a->len, path, &tmp))
		why = plan(a, doc.root, parent_id, nc);
	yamlx_free(&doc);
	diags_done(&tmp);
	if (why) {
		diag_add(d, DIAG_ERROR, DK_INVALID, path, 0, 0, "cannot add code '%s': %s", nc->id,
		         why);
		sb_done(&a->text);
		return NULL;
	}
	sb_add(&out, a->buf, a->at);
	if (a->at == a->len && a->len > 0 && a->buf[a->len - 1] != '\n')
		sb_adds(&out, a->nl);
	sb_add(&out, a->text.data, a->text.len);
	sb_add(&out, a->buf + a->at, a->len - a->at);
	sb_done(&a->text);
	*outlen = out.len;
	return sb_detach(&out);
}

/* write_new: splice the new code into the file as it is on disk now (a.buf, cur),
 * verify and write it; the new codebook or NULL with an error added. Runs under the
 * codebook's lock. */
static struct codebook *write_new(struct append *a, const struct codebook *cur, const char *path,
                                  const char *parent_id, const struct new_code *nc, struct diags *d)
{
	struct codebook *next = NULL;
	char *data, err[512];
	size_t dlen = 0;

	if (!check_new(cur, parent_id, nc, d))
		return NULL;
	a->nl = yamlx_newline(a->buf, a->len);
	data = splice(a, path, parent_id, nc, &dlen, d);
	if (data)
		next = verify(data, dlen, path, parent_id, nc->id);
	if (data && !next)
		diag_add(
		    d, DIAG_ERROR, DK_INVALID, path, 0, 0,
		    "cannot add code '%s': the edited codebook would not load; file left as it "
		    "was",
		    nc->id);
	if (next && writer_write(&(struct writer_file){path, writer_base(path), data, dlen, 0644},
	                         WRITER_LOCK, err, sizeof(err)) != WRITER_OK) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "%s", err);
		codebook_free(next);
		next = NULL;
	}
	free(data);
	return next;
}

/* lock_codebook: refuse a codebook that is a symbolic link (atomic_write would replace the
 * link by a plain file and leave its target as it was), then take the codebook's lock,
 * waiting for another writer; the lock's fd, or -1 with an error added. */
static int lock_codebook(const char *path, const char *id, struct diags *d)
{
	struct stat st;
	char err[512];
	int fd;

	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		diag_add(
		    d, DIAG_ERROR, DK_IO, path, 0, 0,
		    "cannot add code '%s': the codebook is a symbolic link (gloss replaces the "
		    "file to add a code, so it will not write through a link); add the code "
		    "in the file it points to",
		    id ? id : "");
		return -1;
	}
	fd = lock_take(path, LOCK_WAIT, err, sizeof(err));
	if (fd == LOCK_BUSY)
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0,
		         "cannot add code '%s': another gloss is changing the codebook; try again",
		         id ? id : "");
	else if (fd < 0)
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot add code '%s': %s", id ? id : "",
		         err);
	return fd;
}

/* add_code: the safe write: under the codebook's lock, re-read the file (so whatever
 * another writer added meanwhile is kept), make the id from the name when id is NULL (a
 * slug unique in the file as it is now; *made gets it), splice, verify, write atomically. */
static bool add_code(struct codebook **cbp, const char *parent_id, struct new_code *nc, char **made,
                     struct diags *d)
{
	struct append a;
	struct codebook *cur = NULL, *next = NULL;
	char *path = xstrdup((*cbp)->path), *slug = NULL;
	int fd = lock_codebook(path, nc->id ? nc->id : nc->name, d);

	memset(&a, 0, sizeof(a));
	if (fd >= 0)
		a.buf = load_current(path, &a.len, &cur, d);
	if (a.buf && !nc->id)
		nc->id = slug = codebook_slug(cur, nc->name);
	if (a.buf)
		next = write_new(&a, cur, path, parent_id, nc, d);
	lock_release(fd);
	if (next) {
		codebook_free(*cbp);
		*cbp = next;
	}
	if (made)
		*made = next ? slug : NULL;
	if (!next || !made)
		free(slug);
	codebook_free(cur);
	free((char *)a.buf);
	free(path);
	return next != NULL;
}

bool codebook_append_code(struct codebook **cbp, const char *parent_id, const char *id,
                          const char *name, uint32_t key, const char *description, struct diags *d)
{
	struct new_code nc = {id, name && *name ? name : id, description, key};

	return add_code(cbp, parent_id, &nc, NULL, d);
}

bool codebook_add_in_vivo(struct codebook **cbp, const char *parent_id, const char *name, char **id,
                          struct diags *d)
{
	struct new_code nc = {NULL, name, NULL, 0};

	*id = NULL;
	return add_code(cbp, parent_id, &nc, id, d);
}

/* ---- in-vivo names ---- */

/* wrapping: punctuation that may wrap or end a quoted phrase (not symbols such as % $ +,
 * which can belong to the words) */
static bool wrapping(uint32_t cp)
{
	if (cp < 0x80)
		return cp && strchr("\"'()[]{}<>,.;:!?-_*/\\`", (int)cp) != NULL;
	return (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2039 && cp <= 0x203A) || cp == 0xAB ||
	       cp == 0xBB || cp == 0xA1 || cp == 0xBF || (cp >= 0x3001 && cp <= 0x3011) ||
	       cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF0C || cp == 0xFF01 || cp == 0xFF1F;
}

static bool trimmed(uint32_t cp)
{
	return utf8_is_space(cp) || utf8_unsafe(cp) || wrapping(cp);
}

/* invivo_bounds: text[*s..*e) without what trims at either end */
static void invivo_bounds(const char *text, size_t len, size_t *s, size_t *e)
{
	uint32_t cp;
	size_t k;

	for (*s = 0; *s < len && trimmed((k = utf8_decode(text + *s, len - *s, &cp), cp));)
		*s += k;
	for (*e = len; *e > *s;) {
		size_t b = *e - 1;
		while (b > *s && (text[b] & 0xC0) == 0x80)
			b--;
		utf8_decode(text + b, *e - b, &cp);
		if (!trimmed(cp))
			break;
		*e = b;
	}
}

char *codebook_invivo_name(const char *text, size_t len)
{
	struct strbuf sb = STRBUF_INIT;
	size_t s, e, n = 0;
	bool sp = false;

	invivo_bounds(text, len, &s, &e);
	for (size_t i = s; i < e && n < CODEBOOK_INVIVO_MAX;) {
		uint32_t cp;
		size_t k = utf8_decode(text + i, e - i, &cp);
		if (utf8_is_space(cp)) {
			sp = sb.len > 0;
		} else if (!utf8_unsafe(cp)) {
			if (sp && n + 2 > CODEBOOK_INVIVO_MAX)
				break;
			if (sp)
				sb_addc(&sb, ' '), n++;
			sp = false;
			sb_add(&sb, text + i, k);
			n++;
		}
		i += k;
	}
	return sb_detach(&sb);
}
