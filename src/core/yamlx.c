/* yamlx.c — a YAML node tree built from libyaml events, with size and depth limits. */
#include "gloss/yamlx.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "gloss/utf8.h"

/* An anchor: its node, the node's expanded size, and whether the node is complete (an
 * alias to an incomplete node would make the tree cyclic). */
struct anchor {
	char *name;
	struct yamlx_node *node;
	size_t size, bytes;
	bool done;
};

/* Anchors by name: open addressing over indexes into anchors[] (later anchors with the same
 * name replace earlier ones, as YAML says). */
struct anchor_table {
	struct anchor *items;
	size_t len, cap;
	size_t *slots; /* index + 1, 0 = empty */
	size_t nslots;
};

struct frame {
	struct yamlx_node *node;
	struct yamlx_node *key; /* YX_MAP: a key waiting for its value */
	size_t size;            /* expanded size so far (1 + children) */
	size_t bytes;           /* expanded scalar bytes so far */
	size_t anchor;          /* index + 1 into anchors, 0 = none */
};

/* libyaml's mark.index counts characters; this cursor maps it to byte offsets. */
struct cursor {
	const char *buf;
	size_t len, base; /* base: bytes before character 0 (a BOM) */
	size_t ci, off;
};

struct builder {
	struct yamlx_doc *doc;
	const char *file;
	struct diags *d;
	struct frame *stack;
	size_t depth, capstack;
	struct anchor_table anchors;
	struct cursor cur;
	size_t real_nodes, real_bytes; /* nodes and scalar bytes in the input itself */
	bool failed;
	int ndocs;
};

/* ---- character index -> byte offset ---- */

static size_t cursor_byte(struct cursor *c, size_t ci)
{
	while (c->ci < ci && c->off < c->len) {
		uint32_t cp;
		c->off += utf8_decode(c->buf + c->off, c->len - c->off, &cp);
		c->ci++;
	}
	while (c->ci > ci && c->off > c->base) {
		c->off = utf8_prev(c->buf, c->off);
		c->ci--;
	}
	return c->off;
}

/* ---- anchors ---- */

static size_t *anchor_slot(struct anchor_table *t, const char *name)
{
	size_t i = str_hash(name) & (t->nslots - 1);

	while (t->slots[i] && strcmp(t->items[t->slots[i] - 1].name, name) != 0)
		i = (i + 1) & (t->nslots - 1);
	return &t->slots[i];
}

static void anchor_rehash(struct anchor_table *t)
{
	free(t->slots);
	t->nslots = t->nslots ? t->nslots * 2 : 64;
	t->slots = xcalloc(t->nslots, sizeof(*t->slots));
	for (size_t i = 0; i < t->len; i++)
		*anchor_slot(t, t->items[i].name) = i + 1;
}

static struct anchor *anchor_find(struct anchor_table *t, const char *name)
{
	size_t *slot;

	if (!t->nslots)
		return NULL;
	slot = anchor_slot(t, name);
	return *slot ? &t->items[*slot - 1] : NULL;
}

/* anchor_add: register name for node (not yet complete); returns index + 1. */
static size_t anchor_add(struct anchor_table *t, const char *name, struct yamlx_node *node)
{
	struct anchor a = {xstrdup(name), node, 0, 0, false};
	size_t *slot;

	if ((t->len + 1) * 2 > t->nslots)
		anchor_rehash(t);
	VEC_PUSH(t->items, t->len, t->cap, a);
	slot = anchor_slot(t, name);
	*slot = t->len; /* replaces an earlier anchor of the same name */
	return t->len;
}

static void anchor_table_done(struct anchor_table *t)
{
	for (size_t i = 0; i < t->len; i++)
		free(t->items[i].name);
	free(t->items);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

/* ---- nodes ---- */

static void node_free(struct yamlx_node *n)
{
	free(n->str);
	free(n->tag);
	free(n->items);
	free(n->keys);
	free(n);
}

void yamlx_free(struct yamlx_doc *doc)
{
	for (size_t i = 0; i < doc->npool; i++)
		node_free(doc->pool[i]);
	free(doc->pool);
	memset(doc, 0, sizeof(*doc));
}

static void set_start(struct builder *b, struct yamlx_node *n, const yaml_mark_t *m)
{
	n->line = (unsigned)m->line + 1;
	n->col = (unsigned)m->column + 1;
	n->start_off = cursor_byte(&b->cur, m->index);
}

static void set_end(struct builder *b, struct yamlx_node *n, const yaml_mark_t *m)
{
	n->end_line = (unsigned)m->line + 1;
	n->end_col = (unsigned)m->column + 1;
	n->end_off = cursor_byte(&b->cur, m->index);
}

static struct yamlx_node *node_new(struct builder *b, enum yamlx_type type, const yaml_event_t *ev)
{
	struct yamlx_node *n = xcalloc(1, sizeof(*n));
	struct yamlx_doc *doc = b->doc;

	b->real_nodes++;
	n->type = type;
	set_start(b, n, &ev->start_mark);
	set_end(b, n, &ev->end_mark);
	VEC_PUSH(doc->pool, doc->npool, doc->cappool, n);
	return n;
}

static void node_append(struct yamlx_node *n, struct yamlx_node *key, struct yamlx_node *val)
{
	size_t cap = n->cap;

	if (n->n + 1 > cap) {
		grow_array((void **)&n->items, &n->cap, n->n + 1, sizeof(*n->items));
		if (n->type == YX_MAP)
			n->keys = xreallocarray(n->keys, n->cap, sizeof(*n->keys));
	}
	if (n->type == YX_MAP)
		n->keys[n->n] = key;
	n->items[n->n++] = val;
}

/* ---- errors ---- */

static void fail(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(struct builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (b->failed)
		return;
	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_add(b->d, DIAG_ERROR, DK_SYNTAX, b->file, m ? (unsigned)m->line + 1 : 0,
	         m ? (unsigned)m->column + 1 : 0, "%s", sb.data);
	sb_done(&sb);
	b->failed = true;
}

/* line_col: 1-based line and column (code points) of byte offset off in buf. */
static void line_col(const char *buf, size_t len, size_t off, unsigned *line, unsigned *col)
{
	size_t ls = 0;

	*line = 1;
	if (off > len)
		off = len;
	for (size_t i = 0; i < off; i++) {
		if (buf[i] == '\n' || (buf[i] == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			(*line)++;
			ls = i + 1;
		}
	}
	*col = (unsigned)utf8_count(buf + ls, off - ls) + 1;
}

/* hint: what usually causes a libyaml problem, as a clause to add to its message */
static const char *hint(const char *problem)
{
	static const struct {
		const char *problem, *hint;
	} hints[] = {
	    {"mapping values are not allowed in this context",
	     "; a value that contains ': ' must be quoted, as in name: \"Work: life balance\""},
	    {"found character that cannot start any token",
	     "; indent with spaces, not tabs, and quote a value that starts with @ ` % or |"},
	    {"did not find expected key", "; check the indentation of this line and the one above"},
	};

	for (size_t i = 0; i < ARRAY_LEN(hints); i++)
		if (strcmp(problem, hints[i].problem) == 0)
			return hints[i].hint;
	return "";
}

static void fail_parser(struct builder *b, const yaml_parser_t *p)
{
	const char *problem = p->problem ? p->problem : "invalid YAML";
	yaml_mark_t m = p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		die(EXIT_OOM, "out of memory (parsing YAML)");
	if (p->error == YAML_READER_ERROR) {
		unsigned line, col;

		line_col(b->cur.buf, b->cur.len, p->problem_offset, &line, &col);
		m.line = line - 1;
		m.column = col - 1;
		if (p->problem_value != -1)
			fail(b, &m, "%s (byte 0x%02X)", problem, (unsigned)p->problem_value & 0xFF);
		else
			fail(b, &m, "%s", problem);
		return;
	}
	if (p->context)
		fail(b, &m, "%s (%s at line %zu)%s", problem, p->context,
		     (size_t)p->context_mark.line + 1, hint(problem));
	else
		fail(b, &m, "%s%s", problem, hint(problem));
}

/* ---- building ---- */

/* add_size: count a child's expanded nodes and bytes into its parent's totals. Nodes and
 * text that are in the input itself are bounded by its length; only what aliases add on
 * top of them is limited, so a long file without aliases always loads. */
static bool add_size(struct builder *b, struct frame *f, size_t size, size_t bytes,
                     const yaml_mark_t *m)
{
	f->size += size;
	f->bytes += bytes;
	if (f->size > YAMLX_MAX_EXPANDED + b->real_nodes) {
		fail(b, m, "YAML aliases expand to more than %d nodes", YAMLX_MAX_EXPANDED);
		return false;
	}
	if (f->bytes > (size_t)YAMLX_MAX_EXPANDED_BYTES + b->real_bytes) {
		fail(b, m, "YAML aliases expand to more than %d MiB of text",
		     YAMLX_MAX_EXPANDED_BYTES >> 20);
		return false;
	}
	return true;
}

/* attach: give a finished node (of expanded size) to the enclosing collection. */
static void attach(struct builder *b, struct yamlx_node *n, size_t size, size_t bytes,
                   const yaml_mark_t *m)
{
	struct frame *f;

	if (b->depth == 0) {
		b->doc->root = n;
		return;
	}
	f = &b->stack[b->depth - 1];
	if (!add_size(b, f, size, bytes, m))
		return;
	if (f->node->type == YX_SEQ) {
		node_append(f->node, NULL, n);
	} else if (!f->key) {
		f->key = n;
	} else {
		node_append(f->node, f->key, n);
		f->key = NULL;
	}
}

static size_t maybe_anchor(struct builder *b, const yaml_char_t *anchor, struct yamlx_node *n)
{
	return anchor ? anchor_add(&b->anchors, (const char *)anchor, n) : 0;
}

static void on_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct yamlx_node *n = node_new(b, YX_SCALAR, ev);
	size_t a;

	n->len = ev->data.scalar.length;
	n->str = xstrndup((const char *)ev->data.scalar.value, n->len);
	b->real_bytes += n->len;
	n->plain_style = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	n->plain = n->plain_style && !ev->data.scalar.tag;
	n->tag = ev->data.scalar.tag ? xstrdup((const char *)ev->data.scalar.tag) : NULL;
	a = maybe_anchor(b, ev->data.scalar.anchor, n);
	if (a) {
		b->anchors.items[a - 1].size = 1;
		b->anchors.items[a - 1].bytes = n->len;
		b->anchors.items[a - 1].done = true;
	}
	attach(b, n, 1, n->len, &ev->start_mark);
}

static void on_alias(struct builder *b, const yaml_event_t *ev)
{
	const char *name = (const char *)ev->data.alias.anchor;
	struct anchor *a = anchor_find(&b->anchors, name);

	if (!a) {
		fail(b, &ev->start_mark, "unknown alias '*%s'", name);
		return;
	}
	if (!a->done) {
		fail(b, &ev->start_mark, "alias '*%s' refers to a node that contains it", name);
		return;
	}
	attach(b, a->node, a->size, a->bytes, &ev->start_mark);
}

static void on_start(struct builder *b, const yaml_event_t *ev, enum yamlx_type type)
{
	const yaml_char_t *anchor =
	    type == YX_SEQ ? ev->data.sequence_start.anchor : ev->data.mapping_start.anchor;
	const yaml_char_t *tag =
	    type == YX_SEQ ? ev->data.sequence_start.tag : ev->data.mapping_start.tag;
	struct frame f = {0};

	if (b->depth >= YAMLX_MAX_DEPTH) {
		fail(b, &ev->start_mark, "YAML nesting is deeper than %d levels", YAMLX_MAX_DEPTH);
		return;
	}
	f.node = node_new(b, type, ev);
	f.node->tag = tag ? xstrdup((const char *)tag) : NULL;
	f.size = 1;
	f.anchor = maybe_anchor(b, anchor, f.node);
	VEC_PUSH(b->stack, b->depth, b->capstack, f);
}

static int key_cmp(const struct yamlx_node *a, const struct yamlx_node *b)
{
	int c;

	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	c = memcmp(a->str, b->str, a->len);
	if (c)
		return c;
	return a->start_off < b->start_off ? -1 : a->start_off > b->start_off;
}

static int key_cmp_ptr(const void *pa, const void *pb)
{
	return key_cmp(*(struct yamlx_node *const *)pa, *(struct yamlx_node *const *)pb);
}

static bool same_key(const struct yamlx_node *a, const struct yamlx_node *b)
{
	return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
}

/* check_dup_keys: sort the scalar keys and report the earliest repeated one. */
static void check_dup_keys(struct builder *b, const struct yamlx_node *map)
{
	struct yamlx_node **k = xreallocarray(NULL, map->n ? map->n : 1, sizeof(*k));
	const struct yamlx_node *dup = NULL, *first = NULL;
	size_t nk = 0;

	for (size_t i = 0; i < map->n; i++)
		if (map->keys[i]->type == YX_SCALAR)
			k[nk++] = map->keys[i];
	qsort(k, nk, sizeof(*k), key_cmp_ptr);
	for (size_t i = 1; i < nk; i++) {
		if (!same_key(k[i - 1], k[i]))
			continue;
		size_t g = i - 1;
		while (g > 0 && same_key(k[g - 1], k[i]))
			g--;
		if (!dup || k[i]->start_off < dup->start_off)
			dup = k[i], first = k[g];
	}
	if (dup) {
		yaml_mark_t m = {0, dup->line - 1, dup->col - 1};
		struct strbuf s = STRBUF_INIT;

		utf8_sanitize_display(&s, dup->str, dup->len, false);
		fail(b, &m, "duplicate key '%s' (first at line %u)", s.data ? s.data : "",
		     first->line);
		sb_done(&s);
	}
	free(k);
}

static void on_end(struct builder *b, const yaml_event_t *ev)
{
	struct frame f;

	if (b->depth == 0) {
		fail(b, &ev->start_mark, "unbalanced YAML collection");
		return;
	}
	f = b->stack[--b->depth];
	set_end(b, f.node, &ev->end_mark);
	if (f.node->type == YX_MAP)
		check_dup_keys(b, f.node);
	if (f.anchor) {
		b->anchors.items[f.anchor - 1].size = f.size;
		b->anchors.items[f.anchor - 1].bytes = f.bytes;
		b->anchors.items[f.anchor - 1].done = true;
	}
	attach(b, f.node, f.size, f.bytes, &ev->start_mark);
}

static void on_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (++b->ndocs > 1)
			fail(b, &ev->start_mark,
			     "a second YAML document (only one document per file is allowed)");
		break;
	case YAML_SCALAR_EVENT:
		on_scalar(b, ev);
		break;
	case YAML_ALIAS_EVENT:
		on_alias(b, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		on_start(b, ev, YX_SEQ);
		break;
	case YAML_MAPPING_START_EVENT:
		on_start(b, ev, YX_MAP);
		break;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		on_end(b, ev);
		break;
	default:
		break;
	}
}

static void run_parser(struct builder *b, const char *buf, size_t len)
{
	yaml_parser_t p;
	bool done = false;

	if (!yaml_parser_initialize(&p))
		die(EXIT_OOM, "out of memory (parsing YAML)");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
	while (!done && !b->failed) {
		yaml_event_t ev;

		if (!yaml_parser_parse(&p, &ev)) {
			fail_parser(b, &p);
			break;
		}
		on_event(b, &ev);
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
}

bool yamlx_load(struct yamlx_doc *doc, const char *buf, size_t len, const char *file,
                struct diags *d)
{
	struct builder b = {0};
	struct diags tmp;
	unsigned marker;

	diags_init(&tmp);
	memset(doc, 0, sizeof(*doc));
	b.doc = doc;
	b.file = file;
	b.d = &tmp;
	b.cur.buf = buf;
	b.cur.len = len;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		b.cur.base = b.cur.off = 3;
	run_parser(&b, buf, len);
	free(b.stack);
	anchor_table_done(&b.anchors);
	/* a file git left half-merged: say that, not what libyaml makes of it */
	if (b.failed && (marker = yamlx_conflict_marker_line(buf, len)) != 0)
		diag_add(d, DIAG_ERROR, DK_SYNTAX, file, marker, 1,
		         "git conflict markers: resolve the merge first");
	else
		diags_append(d, &tmp);
	diags_done(&tmp);
	if (b.failed) {
		yamlx_free(doc);
		return false;
	}
	return true;
}

/* is_marker: the line at p (of n bytes left) starts with git's marker c x 7, then the end
 * of the line or a space */
static bool is_marker(const char *p, size_t n, char c)
{
	size_t i = 0;

	while (i < 7 && i < n && p[i] == c)
		i++;
	return i == 7 && (i == n || p[i] == ' ' || p[i] == '\n' || p[i] == '\r');
}

unsigned yamlx_conflict_marker_line(const char *buf, size_t len)
{
	unsigned line = 1, first = 0;
	bool ours = false, split = false;

	for (size_t i = 0; i < len; line++) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) + 1 : len;
		if (is_marker(buf + i, len - i, '<') && !ours) {
			ours = true;
			first = line;
		} else if (ours && is_marker(buf + i, len - i, '='))
			split = true;
		else if (ours && split && is_marker(buf + i, len - i, '>'))
			return first;
		i = end;
	}
	return 0;
}

/* ---- queries ---- */

struct yamlx_node *yamlx_get(const struct yamlx_node *map, const char *key)
{
	size_t klen;

	if (!map || map->type != YX_MAP)
		return NULL;
	klen = strlen(key);
	for (size_t i = 0; i < map->n; i++) {
		const struct yamlx_node *k = map->keys[i];
		if (k->type == YX_SCALAR && k->len == klen && memcmp(k->str, key, klen) == 0)
			return map->items[i];
	}
	return NULL;
}

bool yamlx_is_null(const struct yamlx_node *n)
{
	static const char *const nulls[] = {"", "~", "null", "Null", "NULL"};

	if (!n || n->type != YX_SCALAR || !n->plain)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(nulls); i++)
		if (strlen(nulls[i]) == n->len && strcmp(n->str, nulls[i]) == 0)
			return true;
	return false;
}

bool yamlx_as_int(const struct yamlx_node *n, long long *out)
{
	const char *s;
	char *end;
	long long v;

	if (!n || n->type != YX_SCALAR || !n->plain || n->len == 0 || strlen(n->str) != n->len)
		return false;
	s = n->str;
	if (*s == '+' || *s == '-')
		s++;
	if (*s < '0' || *s > '9')
		return false;
	for (const char *p = s; *p; p++)
		if (*p < '0' || *p > '9')
			return false;
	errno = 0;
	v = strtoll(n->str, &end, 10);
	if (errno == ERANGE || *end)
		return false;
	*out = v;
	return true;
}

const char *yamlx_type_name(const struct yamlx_node *n)
{
	if (!n)
		return "nothing";
	switch (n->type) {
	case YX_SCALAR:
		return "a string";
	case YX_SEQ:
		return "a list";
	case YX_MAP:
		return "a mapping";
	}
	return "a node";
}

/* ---- writing ---- */

/* needs_escape: code points that must not appear raw in a double-quoted scalar: controls,
 * DEL, C1, line/paragraph separators (YAML line breaks), BOM and the non-characters
 * U+FFFE/U+FFFF (libyaml rejects them). */
static bool needs_escape(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xFEFF || cp == 0xFFFE || cp == 0xFFFF;
}

static void write_cp(struct strbuf *out, uint32_t cp)
{
	char buf[4];

	if (cp == '"')
		sb_adds(out, "\\\"");
	else if (cp == '\\')
		sb_adds(out, "\\\\");
	else if (cp == '\n')
		sb_adds(out, "\\n");
	else if (cp == '\t')
		sb_adds(out, "\\t");
	else if (needs_escape(cp))
		sb_printf(out, "\\u%04X", (unsigned)cp);
	else
		sb_add(out, buf, utf8_encode(cp, buf));
}

void yamlx_write_str(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	sb_addc(out, '"');
	while (i < len) {
		size_t run = i;
		uint32_t cp;
		size_t k;

		while (run < len && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		k = utf8_decode(s + i, len - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1 && (unsigned char)s[i] >= 0x80)
			sb_adds(out, "\\uFFFD");
		else
			write_cp(out, cp);
		i += k;
	}
	sb_addc(out, '"');
}

/* flow_plain_char: may c stand in a plain scalar written in flow style? Flow indicators,
 * comments and controls may not. */
static bool flow_plain_char(uint32_t c)
{
	return c != ',' && c != '[' && c != ']' && c != '{' && c != '}' && c != '\t' &&
	       !needs_escape(c);
}

/* flow_plain_first: may c begin a plain scalar (the indicators may not; '-' may when
 * followed by a non-space, which flow_plain_safe checks) */
static bool flow_plain_first(char c, char next)
{
	if (c == '-')
		return next != '\0' && next != ' ';
	return !strchr("?:#&*!|>'\"%@` ", c);
}

/* flow_plain_safe: a scalar written plain that can be written back plain, in flow style,
 * with the same text (so null, true, 12:30, << stay what they were); anything else is
 * double-quoted, which for a plain scalar that cannot be written plain is the same
 * string. A colon must be followed by a letter or digit: libyaml reads "12:30" in a flow
 * collection, but not "a:?". */
static bool flow_plain_safe(const struct yamlx_node *n)
{
	const char *s = n->str;

	if (!n->plain_style || n->len == 0 || strlen(s) != n->len || !utf8_valid(s, n->len, NULL) ||
	    !flow_plain_first(s[0], s[1]) || s[n->len - 1] == ' ')
		return false;
	if ((strncmp(s, "---", 3) == 0 || strncmp(s, "...", 3) == 0) &&
	    (s[3] == '\0' || s[3] == ' ' || s[3] == '\t'))
		return false; /* at a line's start (a key) it would end or start a document */
	for (size_t i = 0; i < n->len;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n->len - i, &cp);

		if (!flow_plain_char(cp) || (cp == ':' && !isalnum((unsigned char)s[i + 1])) ||
		    (cp == ' ' && s[i + 1] == '#'))
			return false;
		i += k;
	}
	return true;
}

/* tag_word: a tag suffix that can be written as it is: [A-Za-z0-9-]+ */
static bool tag_word(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-'))
			return false;
	return true;
}

/* write_tag: a node's tag, in the shortest form that reads back as the same tag: "!" (the
 * non-specific tag), !!word, !word, else verbatim !<...> with every byte outside a safe
 * URI set written %XX (libyaml decodes %XX in tags) */
static void write_tag(struct strbuf *out, const char *tag)
{
	static const char core[] = "tag:yaml.org,2002:";
	static const char safe[] = "-._~:/?@!$&'()*+;="; /* not #: libyaml ends a tag there */

	if (strcmp(tag, "!") == 0) {
		sb_addc(out, '!');
	} else if (strncmp(tag, core, sizeof(core) - 1) == 0 && tag_word(tag + sizeof(core) - 1)) {
		sb_printf(out, "!!%s", tag + sizeof(core) - 1);
	} else if (tag[0] == '!' && tag_word(tag + 1)) {
		sb_adds(out, tag);
	} else {
		sb_adds(out, "!<");
		for (const unsigned char *p = (const unsigned char *)tag; *p; p++) {
			if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			    (*p >= '0' && *p <= '9') || strchr(safe, *p))
				sb_addc(out, (char)*p);
			else
				sb_printf(out, "%%%02X", *p);
		}
		sb_addc(out, '>');
	}
	sb_addc(out, ' ');
}

static void write_scalar(struct strbuf *out, const struct yamlx_node *n)
{
	if (n->tag)
		write_tag(out, n->tag);
	if (!n->tag && n->plain_style && n->len == 0)
		sb_adds(out, "null"); /* "key:" with nothing after it */
	else if (flow_plain_safe(n))
		sb_add(out, n->str, n->len);
	else
		yamlx_write_str(out, n->str, n->len);
}

void yamlx_write_flow(struct strbuf *out, const struct yamlx_node *n)
{
	if (!n) {
		sb_adds(out, "\"\"");
		return;
	}
	if (n->type == YX_SCALAR) {
		write_scalar(out, n);
		return;
	}
	if (n->tag)
		write_tag(out, n->tag);
	sb_addc(out, n->type == YX_SEQ ? '[' : '{');
	for (size_t i = 0; i < n->n; i++) {
		if (i)
			sb_adds(out, ", ");
		if (n->type == YX_MAP) {
			struct strbuf key = STRBUF_INIT;

			yamlx_write_flow(&key, n->keys[i]);
			if (n->keys[i]->type != YX_SCALAR || key.len > YAMLX_MAX_SIMPLE_KEY)
				sb_adds(out, "? ");
			sb_add(out, key.data, key.len);
			sb_adds(out, ": ");
			sb_done(&key);
		}
		yamlx_write_flow(out, n->items[i]);
	}
	sb_addc(out, n->type == YX_SEQ ? ']' : '}');
}

/* ---- editing a file's text (codebook.c, codebook_edit.c) ---- */

bool yamlx_is_flow(const char *buf, size_t len, const struct yamlx_node *n)
{
	return n->type != YX_SCALAR && n->start_off < len &&
	       (buf[n->start_off] == '[' || buf[n->start_off] == '{');
}

size_t yamlx_content_end(const char *buf, size_t len, const struct yamlx_node *n)
{
	while (n->type != YX_SCALAR && !yamlx_is_flow(buf, len, n) && n->n > 0) {
		const struct yamlx_node *last = n->items[n->n - 1];
		size_t after = n->type == YX_MAP ? n->keys[n->n - 1]->end_off : n->start_off;

		if (last->start_off < after)
			return SIZE_MAX;
		n = last;
	}
	return n->end_off;
}

size_t yamlx_line_start(const char *buf, size_t off)
{
	while (off > 0 && buf[off - 1] != '\n')
		off--;
	return off;
}

size_t yamlx_line_after(const char *buf, size_t len, size_t off)
{
	if (off > len)
		off = len;
	if (off > 0 && buf[off - 1] == '\n')
		return off;
	while (off < len && buf[off] != '\n')
		off++;
	return off < len ? off + 1 : len;
}

const char *yamlx_newline(const char *buf, size_t len)
{
	const char *nl = memchr(buf, '\n', len);

	return nl && nl > buf && nl[-1] == '\r' ? "\r\n" : "\n";
}

bool yamlx_plain_safe(const char *id)
{
	static const char *const special[] = {"null", "true", "false", "yes", "no",
	                                      "on",   "off",  "y",     "n",   "~"};

	if (strspn(id, "0123456789.+-eE") == strlen(id))
		return false;
	for (size_t i = 0; i < sizeof(special) / sizeof(special[0]); i++)
		if (strcasecmp(id, special[i]) == 0)
			return false;
	return true;
}
