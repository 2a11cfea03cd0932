/* test_qdpx.c — REFI-QDA: the sample project's project.qde validates against the standard's
 * schema (libxml2 xmlSchemaValidateDoc), exports are stable, the archive round-trips, a
 * codebook's fields survive .qdc, and positions of tools that count CR LF as two characters
 * are mapped to gloss's text. */
#include "gloss/qdpx.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/zipx.h"
#include "t.h"

static char *src_path(const char *rel)
{
	const char *src = getenv("SRCDIR");
	return xasprintf("%s/%s", src && *src ? src : ".", rel);
}

static int validate(const char *xml, size_t len)
{
	char *xsd = src_path("tests/interchange/Project.xsd");
	xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(xsd);
	xmlSchemaPtr schema = pc ? xmlSchemaParse(pc) : NULL;
	xmlSchemaValidCtxtPtr vc = schema ? xmlSchemaNewValidCtxt(schema) : NULL;
	xmlDocPtr doc = xmlReadMemory(xml, (int)len, "project.qde", NULL, XML_PARSE_NONET);
	int rc = vc && doc ? xmlSchemaValidateDoc(vc, doc) : -1;

	xmlFreeDoc(doc);
	xmlSchemaFreeValidCtxt(vc);
	xmlSchemaFree(schema);
	xmlSchemaFreeParserCtxt(pc);
	free(xsd);
	return rc;
}

static struct project *sample(struct diags *d)
{
	struct project_opts o = {0};
	char *cb = src_path("codebooks/work-and-social-benefit.yaml"),
	     *tr = src_path("transcripts");
	const char *paths[] = {tr};
	struct project *p;

	o.codebook = cb;
	o.paths = paths;
	o.npaths = 1;
	diags_init(d);
	p = project_open(&o, d);
	free(cb);
	free(tr);
	return p;
}

static const struct qdpx_file *find(const struct qdpx_import *imp, const char *suffix)
{
	for (size_t i = 0; i < imp->n; i++) {
		size_t a = strlen(imp->files[i].path), b = strlen(suffix);
		if (a >= b && strcmp(imp->files[i].path + a - b, suffix) == 0)
			return &imp->files[i];
	}
	return NULL;
}

static void test_project(void)
{
	struct diags d, e;
	struct project *p = sample(&d);
	char *xml, *xml2, *zip, *zip2;
	size_t len, len2, zlen, zlen2;
	struct qdpx_import imp;
	const struct qdpx_file *f;

	OK(p && p->ndocs == 9, "the sample project loads");
	if (!p)
		return;
	diags_init(&e);
	xml = qdpx_project_xml(p, &len, &e);
	IS_INT(validate(xml, len), 0, "project.qde validates against Project.xsd");
	xml2 = qdpx_project_xml(p, &len2, &e);
	OK(len == len2 && memcmp(xml, xml2, len) == 0, "two exports are the same bytes");
	zip = qdpx_export(p, &zlen, &e);
	zip2 = qdpx_export(p, &zlen2, &e);
	OK(zip && zlen == zlen2 && memcmp(zip, zip2, zlen) == 0, "two archives are the same bytes");
	IS_INT(e.errors + e.warnings, 0, "nothing to report for the sample");
	OK(qdpx_import(zip, zlen, false, "s.qdpx", "2026-01-01T00:00:00Z", &imp, &e),
	   "the archive imports");
	IS_INT(imp.nsources, 9, "nine transcripts");
	IS_INT(imp.ncodes, p->cb->ncodes, "every code");
	f = find(&imp, "transcripts/01-amara-okafor.txt");
	OK(f && f->len == p->docs[0].t->len && memcmp(f->data, p->docs[0].t->text, f->len) == 0,
	   "a transcript comes back as gloss read it");
	qdpx_import_done(&imp);
	free(xml), free(xml2), free(zip), free(zip2);
	diags_done(&e);
	project_free(p);
	diags_done(&d);
}

static void test_codebook(void)
{
	static const char yaml[] =
	    "name: C\ncodes:\n  - id: th\n    name: Theme\n    color: Cyan\n    key: \"W\"\n"
	    "    description: \"Para one.\\n\\nPara two.\"\n    include: In\n    exclude: Ex\n"
	    "    examples: [\"e1\", \"e2\\n\\nwith a paragraph\"]\n    codes:\n"
	    "      - id: leaf\n        name: \"Leaf <&>\"\n        color: \"#12ab3C\"\n"
	    "        patterns: [\"(?i)a|b\"]\n";
	struct diags d;
	struct codebook *a, *b;
	struct qdpx_import imp;
	char *qdc;
	size_t len;

	diags_init(&d);
	a = codebook_load_mem(yaml, sizeof(yaml) - 1, "c.yaml", &d);
	qdc = qdpx_export_qdc(a, &len, &d);
	OK(qdpx_import(qdc, len, true, "c.qdc", "2026-01-01T00:00:00Z", &imp, &d) && imp.n == 1,
	   "the .qdc imports");
	b = imp.n ? codebook_load_mem(imp.files[0].data, imp.files[0].len, "b.yaml", &d) : NULL;
	IS_INT(d.errors, 0, "no errors");
	OK(b && b->ncodes == 2 && b->codes[1].parent == 0, "the tree is kept");
	if (b && b->ncodes == 2) {
		IS_STR(b->codes[0].id, "th", "the id");
		IS_STR(b->codes[0].description, "Para one.\n\nPara two.", "the description");
		IS_STR(b->codes[0].include, "In", "include");
		IS_STR(b->codes[0].exclude, "Ex", "exclude");
		OK(b->codes[0].nexamples == 2 &&
		       strcmp(b->codes[0].examples[1], "e2\n\nwith a paragraph") == 0,
		   "examples");
		OK(b->codes[0].color.kind == COLOR_NAMED && b->codes[0].key == 'W',
		   "colour name, key");
		IS_STR(b->codes[1].name, "Leaf <&>", "a name with markup characters");
		OK(b->codes[1].color.kind == COLOR_RGB && b->codes[1].color.b == 0x3c,
		   "RGB colour");
		OK(b->codes[1].npatterns == 1 && strcmp(b->codes[1].patterns[0], "(?i)a|b") == 0,
		   "patterns");
	}
	codebook_free(a);
	codebook_free(b);
	qdpx_import_done(&imp);
	free(qdc);
	diags_done(&d);
}

/* a project as NVivo writes one: CR LF in the text counted as two characters */
static void test_crlf(void)
{
	static const char qde[] =
	    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"N\" origin=\"NVivo 14\">"
	    "<Users><User guid=\"00000000-0000-4000-8000-000000000001\" name=\"ana\"/></Users>"
	    "<CodeBook><Codes><Code guid=\"00000000-0000-4000-8000-000000000002\" name=\"Trust\" "
	    "isCodable=\"true\"/></Codes></CodeBook><Sources><TextSource "
	    "guid=\"00000000-0000-4000-8000-000000000003\" name=\"i\" "
	    "plainTextPath=\"internal://s.txt\"><PlainTextSelection "
	    "guid=\"00000000-0000-4000-8000-000000000004\" startPosition=\"%d\" endPosition=\"%d\" "
	    "creatingUser=\"00000000-0000-4000-8000-000000000001\"><Coding "
	    "guid=\"00000000-0000-4000-8000-000000000005\"><CodeRef "
	    "targetGUID=\"00000000-0000-4000-8000-000000000002\"/></Coding></PlainTextSelection>"
	    "</TextSource></Sources></Project>\n";
	static const char text[] = "A: one\r\n\r\nB: trust me\r\n";
	char buf[2048], err[128], *zip;
	struct zipw *w = zipw_new();
	struct qdpx_import imp;
	struct diags d;
	size_t len;
	const struct qdpx_file *f;

	snprintf(buf, sizeof(buf), qde, 13, 21); /* "trust me" counting every CR */
	zipw_add(w, "project.qde", buf, strlen(buf), err, sizeof(err));
	zipw_add(w, "sources/s.txt", text, strlen(text), err, sizeof(err));
	zip = zipw_finish(w, &len, err, sizeof(err));
	diags_init(&d);
	OK(qdpx_import(zip, len, false, "n.qdpx", "2026-01-01T00:00:00Z", &imp, &d), "imports");
	f = find(&imp, "codings/ana/i.yaml");
	OK(f && strstr(f->data, "start: 11\n    end: 19\n    quote: \"trust me\""),
	   "positions after CR LF pairs are moved onto gloss's LF text");
	qdpx_import_done(&imp);
	free(zip);
	diags_done(&d);
}

int main(void)
{
	test_project();
	test_codebook();
	test_crlf();
	return t_done();
}
