/* codebook.h — the code tree loaded from a YAML codebook file (format in gloss(5)).
 *
 * Codes are kept in one array in codebook (pre-)order; a code with children is a theme.
 * Loading validates everything and collects every problem (not just the first) in diags:
 * duplicate ids or keys, bad colours, invalid regexes (naming code, pattern and PCRE2
 * offset), wrong types, YAML syntax errors. Unknown fields are warnings (DK_UNKNOWN); they
 * stay in the file because gloss never rewrites a codebook — it only inserts new codes as
 * text (codebook_append_code), leaving every other line and comment as it was. */
#ifndef GLOSS_CODEBOOK_H
#define GLOSS_CODEBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gloss/diag.h"

struct search;

/* Keys the interactive coder keeps for itself; a code's key may be any of CODEBOOK_KEYS. */
#define CODEBOOK_KEYS "0123456789ABCDEFIMOPQRSTUVWXYZ"

enum color_kind { COLOR_NONE, COLOR_NAMED, COLOR_RGB };
struct code_color {
	enum color_kind kind;
	int named;             /* 0..7: black red green yellow blue magenta cyan white */
	unsigned char r, g, b; /* COLOR_RGB */
};

struct code {
	char *id;   /* unique slug [a-z0-9][a-z0-9_-]* (case-sensitive) */
	char *name; /* defaults to id */
	char *description, *include, *exclude; /* may be NULL */
	char **examples;
	size_t nexamples;
	struct code_color color;  /* COLOR_NONE: inherit the parent's when drawing */
	uint32_t key;             /* 0 = none */
	char **patterns;          /* source text */
	struct search **compiled; /* one per pattern, compiled at load */
	size_t npatterns;
	int parent;         /* index into codebook.codes, -1 for top level */
	int depth;          /* 0 for top level */
	size_t nchildren;   /* direct children; > 0 makes this a theme */
	size_t subtree_end; /* index one past this code's last descendant (pre-order) */
	unsigned line, col; /* where the code's mapping starts in the file */
};

struct codebook {
	char *path;
	char *name, *description;
	struct code *codes;
	size_t ncodes, capcodes;
	/* index of codes sorted by id, for codebook_find in O(log n); built by the loaders.
	 * A codebook built by hand may leave it NULL (codebook_find then scans). */
	size_t *by_id;
	size_t nby_id;
};

/* codebook_load: read and validate path. Returns a codebook (possibly partial) or NULL
 * when the file cannot be read (error "path: cannot read: REASON", line 0; files over
 * 16 MiB are refused) or is not valid YAML. The caller checks d->errors: a codebook
 * with errors must not be used to write data. In a partial codebook every code still has
 * an id and a name (a code without a usable id gets a placeholder such as
 * "(no id, line 12)"), invalid patterns are left out of patterns/compiled (every
 * compiled[i] is non-NULL), and at most 10000 patterns are compiled per codebook.
 * Messages: "duplicate code id 'x' (first defined at line 4)", "invalid pattern '(a' in
 * code 'x': missing closing parenthesis at offset 2" (offset in code points), "field
 * 'examples' of code 'x' must be a list of strings, not a mapping", "key 'j' of code 'x'
 * is reserved by the interactive coder; use ...", "unknown field 'foo' in code 'x' (kept,
 * ignored)" (a DK_UNKNOWN warning). Named colours are accepted in any case. */
struct codebook *codebook_load(const char *path, struct diags *d);
/* codebook_load_mem: the same for a buffer; file names it in messages. */
struct codebook *codebook_load_mem(const char *buf, size_t len, const char *file, struct diags *d);
void codebook_free(struct codebook *cb);

/* codebook_find: index of the code with this id, or -1. */
int codebook_find(const struct codebook *cb, const char *id);
/* codebook_by_key: index of the code bound to key, or -1. */
int codebook_by_key(const struct codebook *cb, uint32_t key);
/* codebook_is_descendant: true when code d is a (strict or not) descendant of a, or d == a. */
bool codebook_is_descendant(const struct codebook *cb, int d, int a);
/* codebook_color_parse: parse "green" / "#2e8b57"; false if invalid. */
bool codebook_color_parse(const char *s, struct code_color *out);
/* codebook_effective_color: the code's colour or the nearest ancestor's. */
struct code_color codebook_effective_color(const struct codebook *cb, int code);

/* codebook_append_code: add a new code to the codebook FILE at path as text, under the
 * theme parent_id (NULL: top level), with the given id, name (NULL or "": the id) and
 * optional key (0) and description (NULL). The file's other lines and comments are left
 * byte for byte; the save is atomic. On success the file is reloaded into *cb (replaced)
 * and true is returned; on failure the file is untouched, an error is added to d, and
 * false is returned.
 * The edit is made under the codebook's lock (lock.h: .NAME.yaml.lock beside it, waited
 * for when another gloss holds it): the file is re-read under the lock (so codes another
 * coder added meanwhile, and any other change made since *cb was loaded, are kept) and
 * must load without errors. A codebook that is a symbolic link is refused (the atomic
 * save would replace the link by a plain file). The new entry goes after the last item of the
 * parent's block list (after a trailing comment on that item's last line), indented like the list;
 * a parent without children gets a "codes:" key. Strings are written double-quoted (the id plain
 * unless YAML would read it as a number, boolean or null); CRLF files get CRLF. Refused: an invalid
 * or existing id, an unknown parent, a reserved or used key, a flow-style list or parent mapping
 * ("cannot add a code to a flow-style list"), and any edit whose result would not load with the new
 * code in place. */
bool codebook_append_code(struct codebook **cb, const char *parent_id, const char *id,
                          const char *name, uint32_t key, const char *description, struct diags *d);
/* codebook_add_in_vivo: codebook_append_code for a code named name (no key, no
 * description) whose id is made from the name with codebook_slug under the lock, unique
 * in the codebook as it is on disk then: two coders adding "Pride" at the same moment get
 * "pride" and "pride-2". On success *id is the id (caller frees); else NULL. */
bool codebook_add_in_vivo(struct codebook **cb, const char *parent_id, const char *name, char **id,
                          struct diags *d);
/* codebook_slug: make an id from a name ("Pro bono – own time" -> "pro-bono-own-time"),
 * unique in cb (cb may be NULL; "-2", "-3", ... is added). ASCII letters are lowered,
 * Latin-1 letters lose their accents ("Straße" -> "strasse"), other letters are dropped,
 * anything else separates words with one '-'. At most 64 bytes; "code" when nothing is
 * left. Caller frees. */
char *codebook_slug(const struct codebook *cb, const char *name);
/* codebook_invivo_name: the name an in-vivo code proposes for the passage text[0..len):
 * its words without the wrapping — white space, quotes, brackets and punctuation at
 * either end are left out ("\u201Corigin stories\u201D" -> "origin stories", "fake
 * commute," -> "fake commute"), runs of white space inside become one space, controls
 * are dropped, and at most CODEBOOK_INVIVO_MAX code points are kept. "" when nothing is
 * left. Caller frees. */
#define CODEBOOK_INVIVO_MAX 40
char *codebook_invivo_name(const char *text, size_t len);

#endif
