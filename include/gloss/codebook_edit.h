/* codebook_edit.h — change a codebook file's text: rename, move or remove a code,
 * leaving every other line and comment as it was (the approach of codebook_append_code).
 *
 * Each function takes the file's bytes and returns the new bytes (caller frees), or NULL
 * with an error naming the file in d. Nothing is written here: a change that must also
 * touch the codings files goes through recode.h, which writes everything as one. Every
 * result is verified before it is returned: it must load without errors and show exactly
 * the change asked for (else "the edited codebook would not load; nothing changed").
 * The original must load without errors too. Refused: a code in a flow-style list
 * ("[...]"), and entries or lists written with YAML aliases. CRLF files keep CRLF. */
#ifndef GLOSS_CODEBOOK_EDIT_H
#define GLOSS_CODEBOOK_EDIT_H

#include <stddef.h>

#include "gloss/diag.h"

/* codebook_edit_rename: the code old gets the id new (a valid, unused id); only the id's
 * scalar changes (written plain, or double-quoted where YAML would not read it as a
 * string). */
char *codebook_edit_rename(const char *buf, size_t len, const char *path, const char *old,
                           const char *new_id, size_t *outlen, struct diags *d);
/* codebook_edit_set_name: the code id gets the name (what the coder sees) name: one line,
 * not empty, written double-quoted in place of the old name's scalar, or as a "name:" line
 * after the id's line when the code had none. A name written as a block scalar (| or >),
 * with an anchor or a tag, is refused. */
char *codebook_edit_set_name(const char *buf, size_t len, const char *path, const char *id,
                             const char *name, size_t *outlen, struct diags *d);
/* codebook_edit_remove: remove the code id (which must have no child codes): the lines of
 * its list item go; a theme whose only child it was loses its "codes:" key; the top list
 * becomes "codes: []". */
char *codebook_edit_remove(const char *buf, size_t len, const char *path, const char *id,
                           size_t *outlen, struct diags *d);
/* codebook_edit_move: move the code id with everything below it to the end of the
 * children of parent (NULL: the top level), re-indented to its new place; parent must
 * not be the code itself or below it. */
char *codebook_edit_move(const char *buf, size_t len, const char *path, const char *id,
                         const char *parent, size_t *outlen, struct diags *d);

#endif
