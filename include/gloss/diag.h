/* diag.h — diagnostics: errors and warnings about a user's files, with file:line:col.
 *
 * Recoverable problems are collected as values in a struct diags and printed by the front
 * end; nothing in the core prints by itself. Lines and columns are 1-based; 0 means unknown
 * (and is then left out of the message). Columns count code points. */
#ifndef GLOSS_DIAG_H
#define GLOSS_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_level { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR };

/* What kind of problem; the exit status of a command follows from the worst kind. */
enum diag_kind {
	DK_SYNTAX,   /* a file could not be parsed (YAML syntax, wrong types) */
	DK_INVALID,  /* parsed but invalid (duplicate id, bad colour, bad regex, ...) */
	DK_IO,       /* a file could not be read or written */
	DK_ENCODING, /* invalid UTF-8, NUL bytes */
	DK_UNKNOWN,  /* data gloss does not understand: unknown field, unknown code id (kept) */
	DK_DRIFT,    /* a coding whose quote no longer matches (re-anchored or drifted) */
};

struct diag {
	enum diag_level level;
	enum diag_kind kind;
	char *file; /* may be NULL */
	unsigned line, col;
	char *msg;
};

struct diags {
	struct diag *items;
	size_t len, cap;
	size_t errors, warnings;
};

void diags_init(struct diags *d);
void diags_done(struct diags *d);
void diag_add(struct diags *d, enum diag_level level, enum diag_kind kind, const char *file,
              unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* diag_format: "file:line:col: msg" for errors, "file:line:col: warning: msg" for warnings
 * and "...: note: msg" for notes (location parts left out when unknown). Caller frees.
 * Text taken from user files inside msg is made safe for a terminal (see utf8_sanitize_display). */
char *diag_format(const struct diag *dg);
/* diags_print: print every diagnostic at or above min level to fp, one per line. */
void diags_print(const struct diags *d, FILE *fp, enum diag_level min);
/* diags_append: move all of src's items to the end of dst (src is emptied). */
void diags_append(struct diags *dst, struct diags *src);

#endif
