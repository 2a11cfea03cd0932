/* xmlsafe.h — parsing XML from other programs (.docx, .qde, .qdc) safely, with libxml2.
 *
 * The parser never touches the network or the file system (XML_PARSE_NONET, no
 * XML_PARSE_NOENT, no XML_PARSE_DTDLOAD) and a document is refused, with an error naming
 * file:line:col, when it
 *  - declares a document type (<!DOCTYPE ...>): no entity can be defined, so there are
 *    no external entities (XXE) and no entity expansion (billion laughs);
 *  - is not UTF-8 (or holds invalid UTF-8), or is larger than XMLSAFE_MAX_SIZE;
 *  - nests elements deeper than XMLSAFE_MAX_DEPTH;
 *  - has an attribute value longer than XMLSAFE_MAX_ATTR bytes, or a text longer than
 *    XMLSAFE_MAX_TEXT in one piece;
 *  - would take its import past the budget of ibudget.h (nodes counted before parsing);
 *  - is not well-formed (libxml2's message, with its line and column).
 * libxml2's own limits for huge documents are lifted (XML_PARSE_HUGE): these and the
 * budget bound what a document costs, and a document of more than 10 MB reads as any
 * other. */
#ifndef GLOSS_XMLSAFE_H
#define GLOSS_XMLSAFE_H

#include <libxml/tree.h>
#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

#define XMLSAFE_MAX_SIZE ((size_t)256 << 20)
#define XMLSAFE_MAX_DEPTH 128
#define XMLSAFE_MAX_ATTR ((size_t)1 << 20)
#define XMLSAFE_MAX_TEXT ((size_t)10 << 20)

/* xmlsafe_parse: the document in buf[0..len) (file names it); NULL with an error in d.
 * Free with xmlFreeDoc. */
xmlDocPtr xmlsafe_parse(const char *buf, size_t len, const char *file, struct diags *d);
/* xmlsafe_parse_budget: the same, the document's nodes charged to b (ibudget.h) before it
 * is parsed. */
struct ibudget;
xmlDocPtr xmlsafe_parse_budget(const char *buf, size_t len, const char *file, struct ibudget *b,
                               struct diags *d);
/* xmlsafe_is: is node an element named name in namespace ns (NULL: any namespace)? */
bool xmlsafe_is(const xmlNode *node, const char *ns, const char *name);
/* xmlsafe_attr: the attribute's value (not copied) or NULL. */
const char *xmlsafe_attr(const xmlNode *node, const char *name);

#endif
