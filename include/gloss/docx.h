/* docx.h — the paragraphs of a Word document (.docx), read with libzip and libxml2.
 *
 * Only word/document.xml is read: the text of every paragraph (w:p) of the body, tables
 * included, in document order. Runs (w:t) are joined; w:tab is a TAB, w:br and w:cr a
 * line break, w:noBreakHyphen U+2011, w:softHyphen U+00AD; deleted text (w:delText) and
 * field codes (w:instrText) are left out. Typographic characters are kept as they are.
 * The archive and the XML are read with the limits of zipx.h and xmlsafe.h. */
#ifndef GLOSS_DOCX_H
#define GLOSS_DOCX_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

struct docx_paras {
	char **items; /* UTF-8, NUL-terminated */
	size_t n, cap;
};

/* docx_read: the paragraphs of the document in buf[0..len). false with an error (file
 * named) in d when it is not a readable .docx. */
bool docx_read(const char *buf, size_t len, const char *file, struct docx_paras *out,
               struct diags *d);
/* docx_read_budget: the same, what it reads and parses charged to b (ibudget.h). */
struct ibudget;
bool docx_read_budget(const char *buf, size_t len, const char *file, struct ibudget *b,
                      struct docx_paras *out, struct diags *d);
void docx_paras_done(struct docx_paras *p);

#endif
