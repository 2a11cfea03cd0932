/* xmlsafe.c — libxml2 with the doors shut; see xmlsafe.h. */
#include "gloss/xmlsafe.h"

#include <libxml/parser.h>
#include <string.h>

#include "gloss/ibudget.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

/* line_col: 1-based line and column (code points) of byte off in buf */
static void line_col(const char *buf, size_t off, unsigned *line, unsigned *col)
{
	size_t ls = 0;

	*line = 1;
	for (size_t i = 0; i < off; i++)
		if (buf[i] == '\n')
			(*line)++, ls = i + 1;
	*col = (unsigned)utf8_count(buf + ls, off - ls) + 1;
}

/* skip_to: offset just after the first occurrence of end at or after i, or len */
static size_t skip_to(const char *buf, size_t len, size_t i, const char *end)
{
	size_t n = strlen(end);

	for (; i + n <= len; i++)
		if (memcmp(buf + i, end, n) == 0)
			return i + n;
	return len;
}

/* find_doctype: the offset of a <!DOCTYPE in the prolog, or SIZE_MAX */
static size_t find_doctype(const char *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;

	for (;;) {
		while (i < len && strchr(" \t\r\n", buf[i]))
			i++;
		if (i + 4 <= len && memcmp(buf + i, "<!--", 4) == 0)
			i = skip_to(buf, len, i + 4, "-->");
		else if (i + 2 <= len && memcmp(buf + i, "<?", 2) == 0)
			i = skip_to(buf, len, i + 2, "?>");
		else if (i + 9 <= len && strncasecmp(buf + i, "<!DOCTYPE", 9) == 0)
			return i;
		else
			return SIZE_MAX;
	}
}

static bool check_tree(const xmlNode *n, int depth, const char *file, struct diags *d)
{
	for (; n; n = n->next) {
		unsigned line = (unsigned)xmlGetLineNo(n);
		if (n->type == XML_ENTITY_REF_NODE || n->type == XML_DTD_NODE) {
			diag_add(d, DIAG_ERROR, DK_INVALID, file, line, 0,
			         "entity references are not allowed: refused");
			return false;
		}
		if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
		    strlen((const char *)n->content) > XMLSAFE_MAX_TEXT) {
			diag_add(d, DIAG_ERROR, DK_INVALID, file, line, 0,
			         "a text longer than 10 MB in one piece: refused");
			return false;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (depth > XMLSAFE_MAX_DEPTH) {
			diag_add(d, DIAG_ERROR, DK_INVALID, file, line, 0,
			         "elements nested deeper than %d: refused", XMLSAFE_MAX_DEPTH);
			return false;
		}
		for (const xmlAttr *a = n->properties; a; a = a->next) {
			size_t vl = 0;
			for (const xmlNode *c = a->children; c; c = c->next) {
				if (c->type == XML_ENTITY_REF_NODE) {
					diag_add(d, DIAG_ERROR, DK_INVALID, file, line, 0,
					         "entity references are not allowed: refused");
					return false;
				}
				vl += c->content ? strlen((const char *)c->content) : 0;
			}
			if (vl > XMLSAFE_MAX_ATTR) {
				diag_add(d, DIAG_ERROR, DK_INVALID, file, line, 0,
				         "attribute '%s' is longer than 1 MiB: refused",
				         (const char *)a->name);
				return false;
			}
		}
		if (!check_tree(n->children, depth + 1, file, d))
			return false;
	}
	return true;
}

static void parse_error(xmlParserCtxtPtr ctxt, const char *file, struct diags *d)
{
	const xmlError *e = xmlCtxtGetLastError(ctxt);
	struct strbuf msg = STRBUF_INIT;

	if (e && e->message) {
		sb_adds(&msg, e->message);
		while (msg.len && (msg.data[msg.len - 1] == '\n' || msg.data[msg.len - 1] == ' '))
			msg.data[--msg.len] = '\0';
	}
	if (msg.len && strstr(msg.data, "Huge input lookup"))
		diag_add(d, DIAG_ERROR, DK_INVALID, file, e ? (unsigned)e->line : 0,
		         e && e->int2 > 0 ? (unsigned)e->int2 : 0,
		         "a text or name here is longer than 10 MB, more than gloss reads in one "
		         "piece of XML: refused");
	else
		diag_add(d, DIAG_ERROR, DK_SYNTAX, file, e ? (unsigned)e->line : 0,
		         e && e->int2 > 0 ? (unsigned)e->int2 : 0, "not well-formed XML: %s",
		         msg.len ? msg.data : "unknown error");
	sb_done(&msg);
}

/* node_bound: at least as many as the nodes libxml2 makes of buf: each element, comment,
 * processing instruction and text begins at or after a '<', each attribute at a '=' */
static unsigned long long node_bound(const char *buf, size_t len)
{
	unsigned long long n = 1;

	for (const char *p = buf, *e = buf + len; p < e; p++)
		n += (*p == '<') * 2 + (*p == '=');
	return n;
}

xmlDocPtr xmlsafe_parse(const char *buf, size_t len, const char *file, struct diags *d)
{
	struct ibudget b = {0};
	return xmlsafe_parse_budget(buf, len, file, &b, d);
}

xmlDocPtr xmlsafe_parse_budget(const char *buf, size_t len, const char *file, struct ibudget *b,
                               struct diags *d)
{
	xmlParserCtxtPtr ctxt;
	xmlDocPtr doc;
	size_t bad, dt;
	unsigned line, col;

	if (len > XMLSAFE_MAX_SIZE || len > (size_t)INT32_MAX) {
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0, "larger than 256 MiB: refused");
		return NULL;
	}
	if (!utf8_valid(buf, len, &bad)) {
		line_col(buf, bad, &line, &col);
		diag_add(d, DIAG_ERROR, DK_ENCODING, file, line, col,
		         "not UTF-8 (invalid byte 0x%02x at byte offset %zu): refused",
		         (unsigned char)buf[bad], bad);
		return NULL;
	}
	if ((dt = find_doctype(buf, len)) != SIZE_MAX) {
		line_col(buf, dt, &line, &col);
		diag_add(d, DIAG_ERROR, DK_INVALID, file, line, col,
		         "a document type declaration (<!DOCTYPE>, entities) is not allowed: "
		         "refused");
		return NULL;
	}
	if (!ibudget_nodes(b, node_bound(buf, len), file, d))
		return NULL;
	ctxt = xmlNewParserCtxt();
	if (!ctxt)
		die(EXIT_OOM, "out of memory");
	doc = xmlCtxtReadMemory(ctxt, buf, (int)len, file, "UTF-8",
	                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	                            XML_PARSE_HUGE);
	if (!doc || !ctxt->wellFormed) {
		parse_error(ctxt, file, d);
		if (doc)
			xmlFreeDoc(doc);
		xmlFreeParserCtxt(ctxt);
		return NULL;
	}
	xmlFreeParserCtxt(ctxt);
	if (doc->intSubset || doc->extSubset) {
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0,
		         "a document type declaration is not allowed: refused");
		xmlFreeDoc(doc);
		return NULL;
	}
	if (!check_tree(doc->children, 1, file, d)) {
		xmlFreeDoc(doc);
		return NULL;
	}
	return doc;
}

bool xmlsafe_is(const xmlNode *node, const char *ns, const char *name)
{
	if (!node || node->type != XML_ELEMENT_NODE || strcmp((const char *)node->name, name) != 0)
		return false;
	if (!ns)
		return true;
	return node->ns && node->ns->href && strcmp((const char *)node->ns->href, ns) == 0;
}

const char *xmlsafe_attr(const xmlNode *node, const char *name)
{
	for (const xmlAttr *a = node->properties; a; a = a->next)
		if (!a->ns && strcmp((const char *)a->name, name) == 0 && a->children &&
		    a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
		else if (!a->ns && strcmp((const char *)a->name, name) == 0)
			return "";
	return NULL;
}
