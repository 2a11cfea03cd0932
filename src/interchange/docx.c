/* docx.c — paragraphs of a .docx (word/document.xml) with libzip and libxml2; see docx.h. */
#include "gloss/docx.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/ibudget.h"
#include "gloss/util.h"
#include "gloss/xmlsafe.h"
#include "gloss/zipx.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

static void add_para(struct docx_paras *p, struct strbuf *sb)
{
	VEC_PUSH(p->items, p->n, p->cap, sb_detach(sb));
}

/* run_text: append the text inside a paragraph's node n (runs, hyperlinks, insertions,
 * smart tags: everything but deleted text and field codes) */
static void run_text(const xmlNode *n, struct strbuf *sb)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlsafe_is(n, W_NS, "t")) {
			for (const xmlNode *c = n->children; c; c = c->next)
				if ((c->type == XML_TEXT_NODE ||
				     c->type == XML_CDATA_SECTION_NODE) &&
				    c->content)
					sb_adds(sb, (const char *)c->content);
		} else if (xmlsafe_is(n, W_NS, "tab") || xmlsafe_is(n, W_NS, "ptab")) {
			sb_addc(sb, '\t');
		} else if (xmlsafe_is(n, W_NS, "br") || xmlsafe_is(n, W_NS, "cr")) {
			sb_addc(sb, '\n');
		} else if (xmlsafe_is(n, W_NS, "noBreakHyphen")) {
			sb_adds(sb, "\u2011");
		} else if (xmlsafe_is(n, W_NS, "softHyphen")) {
			sb_adds(sb, "\u00AD");
		} else if (xmlsafe_is(n, W_NS, "del") || xmlsafe_is(n, W_NS, "delText") ||
		           xmlsafe_is(n, W_NS, "instrText") || xmlsafe_is(n, W_NS, "pPr") ||
		           xmlsafe_is(n, W_NS, "rPr") || xmlsafe_is(n, W_NS, "footnoteReference") ||
		           xmlsafe_is(n, W_NS, "p")) {
			continue; /* a nested w:p (text box) is walked by walk_block */
		} else {
			run_text(n->children, sb);
		}
	}
}

/* walk_block: every w:p below n, in document order (body, tables, text boxes) */
static void walk_block(const xmlNode *n, struct docx_paras *p)
{
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (xmlsafe_is(n, W_NS, "p")) {
			struct strbuf sb = STRBUF_INIT;
			run_text(n->children, &sb);
			add_para(p, &sb);
		}
		if (!xmlsafe_is(n, W_NS, "del"))
			walk_block(n->children, p);
	}
}

bool docx_read(const char *buf, size_t len, const char *file, struct docx_paras *out,
               struct diags *d)
{
	struct ibudget b = {0};
	return docx_read_budget(buf, len, file, &b, out, d);
}

bool docx_read_budget(const char *buf, size_t len, const char *file, struct ibudget *b,
                      struct docx_paras *out, struct diags *d)
{
	struct zipx *z = zipx_open(buf, len, file, d);
	xmlDocPtr doc = NULL;
	xmlNode *root, *body = NULL;
	char *xml, *name;
	size_t xlen;

	memset(out, 0, sizeof(*out));
	if (!z)
		return false;
	zipx_set_budget(z, b);
	xml = zipx_read(z, "word/document.xml", &xlen, d);
	zipx_close(z);
	if (!xml)
		return false;
	name = xasprintf("%s(word/document.xml)", file);
	doc = xmlsafe_parse_budget(xml, xlen, name, b, d);
	free(xml);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (doc && !xmlsafe_is(root, W_NS, "document"))
		diag_add(d, DIAG_ERROR, DK_INVALID, name, (unsigned)xmlGetLineNo(root), 0,
		         "expected a WordprocessingML w:document element");
	else if (doc)
		for (xmlNode *c = root->children; c; c = c->next)
			if (xmlsafe_is(c, W_NS, "body"))
				body = c;
	if (doc && xmlsafe_is(root, W_NS, "document") && !body)
		diag_add(d, DIAG_ERROR, DK_INVALID, name, 0, 0, "the document has no w:body");
	if (body)
		walk_block(body->children, out);
	if (doc)
		xmlFreeDoc(doc);
	free(name);
	return body != NULL;
}

void docx_paras_done(struct docx_paras *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->items[i]);
	free(p->items);
	memset(p, 0, sizeof(*p));
}
