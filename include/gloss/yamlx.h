/* yamlx.h — a small YAML document tree on top of libyaml, with limits and positions.
 *
 * yamlx_load parses one YAML document into a tree of nodes that remember their line and
 * column (1-based, code points). It protects against hostile input:
 *  - aliases are shared, never copied, and what they add to the document (every alias
 *    counted as a full copy of its target) must stay under YAMLX_MAX_EXPANDED nodes on top
 *    of the nodes in the input itself, so a "billion laughs" file is an error, not
 *    gigabytes (YAMLX_MAX_EXPANDED_BYTES bounds the expanded scalar text the same way),
 *    while a long file without aliases (a flow-style codings file of a million codings)
 *    loads: its nodes are bounded by its length;
 *  - nesting deeper than YAMLX_MAX_DEPTH is an error;
 *  - syntax errors give file:line:col from libyaml's marks (invalid UTF-8 and control
 *    characters too, located from libyaml's byte offset);
 *  - a mapping with the same (scalar) key twice is an error naming the second one;
 *  - an alias to an unknown anchor, or to a node that contains the alias, is an error;
 *  - a file holds ONE document: a second document ("---" after the first) is an error,
 *    not silently ignored, since gloss may rewrite the file and would lose it.
 * Aliases are shared: the alias's place in the tree points at the anchored node itself
 * (so its line/col are the anchor's). Offsets: start_off/end_off are byte offsets into the
 * buffer given to yamlx_load (a leading BOM counts); libyaml's end mark of a block
 * collection lies where the next token starts (after trailing comments), while a scalar's
 * end is the end of its text.
 * All scalars are kept as strings (tag resolution is the caller's: yamlx_as_* helpers). */
#ifndef GLOSS_YAMLX_H
#define GLOSS_YAMLX_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"
#include "gloss/util.h"

#define YAMLX_MAX_DEPTH 64
/* YAML allows an implicit ("key: value") key of at most 1024 characters; writers use the
 * explicit form ("? key" / ": value") for keys longer than this many bytes. */
#define YAMLX_MAX_SIMPLE_KEY 1000
#define YAMLX_MAX_EXPANDED 1000000
/* The scalar text of the expanded document (aliases counted in full) is limited too, so a
 * long string referenced a million times cannot make callers copy gigabytes. */
#define YAMLX_MAX_EXPANDED_BYTES (64 << 20)

enum yamlx_type { YX_SCALAR, YX_SEQ, YX_MAP };

struct yamlx_node {
	enum yamlx_type type;
	unsigned line, col;         /* where the node starts */
	unsigned end_line, end_col; /* where it ends (libyaml end mark) */
	size_t start_off, end_off;  /* byte offsets of the node in the input */
	/* YX_SCALAR */
	char *str; /* NUL-terminated; may contain NUL only if the input did (then len tells) */
	size_t len;
	bool plain;       /* written as a plain (unquoted) scalar without a tag: null/true/123
	                     resolve only then */
	bool plain_style; /* written as a plain scalar, with or without a tag */
	/* any node: its tag as libyaml gives it ("tag:yaml.org,2002:str" for !!str, "!point",
	 * "!" for the non-specific tag), NULL when the node has none */
	char *tag;
	/* YX_SEQ: items; YX_MAP: keys[i] -> items[i] */
	struct yamlx_node **items;
	struct yamlx_node **keys;
	size_t n, cap;
};

struct yamlx_doc {
	struct yamlx_node *root; /* NULL for an empty document */
	/* every node is owned by the doc (aliases point into the same pool) */
	struct yamlx_node **pool;
	size_t npool, cappool;
};

/* yamlx_load: parse buf[0..len) (file is used in messages). On success returns true and
 * fills doc. On failure adds an error (DK_SYNTAX) naming file:line:col to d and returns
 * false (doc is then empty and needs no yamlx_free, though calling it is harmless). */
bool yamlx_load(struct yamlx_doc *doc, const char *buf, size_t len, const char *file,
                struct diags *d);
void yamlx_free(struct yamlx_doc *doc);
/* A file git left with a merge conflict holds lines starting with git's markers
 * ("<<<<<<< ", "=======", ">>>>>>> "); yamlx_load reports a file that does not parse and
 * holds them as "file:LINE:1: git conflict markers: resolve the merge first" (LINE: the
 * first "<<<<<<<") instead of libyaml's error. yamlx_conflict_marker_line: that LINE, or 0
 * when buf[0..len) holds no complete set of markers. */
unsigned yamlx_conflict_marker_line(const char *buf, size_t len);

/* yamlx_get: the value for key in a mapping (NULL if absent or node is not a mapping). */
struct yamlx_node *yamlx_get(const struct yamlx_node *map, const char *key);
/* yamlx_is_null: a plain scalar "", "~", "null", "Null" or "NULL". */
bool yamlx_is_null(const struct yamlx_node *n);
/* yamlx_as_int: parse a plain decimal integer scalar; false if not one. */
bool yamlx_as_int(const struct yamlx_node *n, long long *out);
/* yamlx_type_name: "a string", "a list", "a mapping" for messages. */
const char *yamlx_type_name(const struct yamlx_node *n);

/* Writing. gloss writes its own files (codings) with these so output is deterministic:
 * yamlx_write_str appends s as a double-quoted YAML scalar with JSON-compatible escapes
 * (\" \\ \n \t, \u00XX for other controls, DEL and C1; invalid UTF-8 as \uFFFD; other
 * non-ASCII raw). yamlx_write_flow appends any node in flow style (["a", {"k": "v"}]) so
 * unknown data is written back with the same meaning: tags are kept (!!str, !point,
 * !<verbatim>), a plain scalar stays plain when flow style allows it (null, ~, 12:30,
 * a merge key <<) and is double-quoted otherwise (it was a string then), an empty plain
 * scalar is written null, and an alias is written as a copy of its anchored node. */
void yamlx_write_str(struct strbuf *out, const char *s, size_t len);
void yamlx_write_flow(struct strbuf *out, const struct yamlx_node *n);

/* Editing a YAML file's text in place (codebook.c appends a code, codebook_edit.c renames,
 * moves and removes codes): the file is parsed with yamlx_load for positions only and
 * lines of the original bytes buf[0..len) are cut and spliced, so comments, blank lines,
 * quoting and key order elsewhere stay as they were.
 * yamlx_is_flow: n is a flow collection ([...] or {...}). */
bool yamlx_is_flow(const char *buf, size_t len, const struct yamlx_node *n);
/* yamlx_content_end: the byte offset where n's own text ends (a block collection's end
 * mark lies at the next token, after comments, so its last child's end is taken). An alias
 * shares its anchor's node, whose offsets lie earlier in the file: then the end is unknown
 * and SIZE_MAX is returned. */
size_t yamlx_content_end(const char *buf, size_t len, const struct yamlx_node *n);
/* yamlx_line_start: the start of the line holding offset off. */
size_t yamlx_line_start(const char *buf, size_t off);
/* yamlx_line_after: the start of the line after the one holding offset off (len at the
 * end; off itself when it is a line start after a newline). */
size_t yamlx_line_after(const char *buf, size_t len, size_t off);
/* yamlx_newline: "\r\n" when the file's first line ends in CR LF, else "\n". */
const char *yamlx_newline(const char *buf, size_t len);
/* yamlx_plain_safe: a code id (codebook.h's rule) may be written as a plain scalar: not
 * one a YAML reader could take for a number, a boolean or null (then it is quoted). */
bool yamlx_plain_safe(const char *id);

#endif
