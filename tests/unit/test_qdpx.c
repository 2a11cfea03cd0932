/* test_qdpx.c — REFI-QDA: the sample project's project.qde validates against the standard's
 * schema (libxml2 xmlSchemaValidateDoc), exports are stable, the archive round-trips, a
 * codebook's fields survive .qdc, and positions of tools that count CR LF as two characters
 * are mapped to gloss's text. */
#include "gloss/qdpx.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
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

#define G "00000000-0000-4000-8000-0000000000"

/* qdpx: an archive of project.qde (the Project element's children in body) and the
 * entries name=data given in pairs (NULL-terminated) */
static char *qdpx(const char *body, size_t *len, ...)
{
	struct strbuf x = STRBUF_INIT;
	struct zipw *w = zipw_new();
	char err[128];
	const char *name;
	va_list ap;

	sb_printf(&x,
	          "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project "
	          "xmlns=\"urn:QDA-XML:project:1.0\" name=\"P\" origin=\"qc 1.3\">%s</Project>\n",
	          body);
	zipw_add(w, "project.qde", x.data, x.len, err, sizeof(err));
	va_start(ap, len);
	while ((name = va_arg(ap, const char *))) {
		const char *data = va_arg(ap, const char *);
		zipw_add(w, name, data, strlen(data), err, sizeof(err));
	}
	va_end(ap);
	sb_done(&x);
	return zipw_finish(w, len, err, sizeof(err));
}

static bool has_msg(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->len; i++)
		if (strstr(d->items[i].msg, part))
			return true;
	return false;
}

#define CODEBOOK                                                                                   \
	"<Users><User guid=\"" G "01\" name=\"ana\"/><User guid=\"" G "09\" name=\"idle\"/>"       \
	"</Users><CodeBook><Codes><Code guid=\"" G "02\" name=\"Trust\" "                          \
	"isCodable=\"true\"/></Codes></CodeBook>"
#define CODING(n, a, b, when)                                                                      \
	"<PlainTextSelection guid=\"" G n "\" startPosition=\"" a "\" endPosition=\"" b            \
	"\" creatingUser=\"" G "01\"><Coding guid=\"" G "7" n "\" creationDateTime=\"" when        \
	"\"><CodeRef targetGUID=\"" G "02\"/></Coding></PlainTextSelection>"

/* qc 1.3: a bare plainTextPath for sources/NAME, a source with no name; selections
 * without a Coding, empty ones, users without codings and garbage dates are reported */
static void test_qc(void)
{
	size_t len;
	struct qdpx_import imp;
	struct diags d;
	const struct qdpx_file *f;
	char *zip = qdpx(
	    CODEBOOK
	    "<Sources><TextSource guid=\"" G "03\" "
	    "plainTextPath=\"board_2017.txt\">" CODING("10", "3", "8", "2017-05-01T10:00:00Z")
	        CODING("11", "4", "4", "2017-05-01T10:00:00Z")
	            CODING("12", "0", "2",
	                   "2017-02-30T10:00:00Z") "<PlainTextSelection guid=\"" G
	                                           "13\" startPosition=\"1\" "
	                                           "endPosition=\"3\"/></TextSource></Sources>",
	    &len, "sources/board_2017.txt", "A: trust me, ok\n", (char *)NULL);

	diags_init(&d);
	OK(qdpx_import(zip, len, false, "qc.qdpx", "2026-01-01T00:00:00Z", &imp, &d),
	   "a qc 1.3 project imports");
	IS_INT(imp.nsources, 1, "its source");
	IS_INT(imp.ncodings, 2, "two codings (not the empty selection)");
	OK(find(&imp, "transcripts/board_2017.txt"), "named by its plainTextPath");
	f = find(&imp, "codings/ana/board_2017.yaml");
	OK(f && strstr(f->data, "created: \"2017-05-01T10:00:00Z\"") &&
	       strstr(f->data, "created: \"2026-01-01T00:00:00Z\"") && !strstr(f->data, "02-30"),
	   "a creationDateTime that is no date gets the import's time");
	OK(has_msg(&d, "creationDateTime '2017-02-30T10:00:00Z' is not a date"), "said");
	OK(has_msg(&d, "is empty (startPosition = endPosition)"), "the empty selection is said");
	OK(has_msg(&d, G "13 has no Coding"), "the selection without a Coding is said");
	OK(has_msg(&d, "user 'idle' has no codings"), "the user without codings is said");
	qdpx_import_done(&imp);
	diags_done(&d);
	free(zip);

	zip = qdpx(CODEBOOK "<Sources><TextSource guid=\"" G "03\" plainTextPath=\"gone.txt\"/>"
	                    "<TextSource guid=\"" G "04\" name=\"ok\" "
	                    "plainTextPath=\"sources/here.txt\">" CODING("10", "0", "9", "x")
	                        CODING("11", "0", "99", "x") "</TextSource></Sources>",
	           &len, "sources/here.txt", "A: trust me\n", (char *)NULL);
	diags_init(&d);
	OK(!qdpx_import(zip, len, false, "p.qdpx", "2026-01-01T00:00:00Z", &imp, &d) &&
	       imp.n == 0 && has_msg(&d, "source 'gone.txt' has no plain text"),
	   "a source that cannot be imported fails the import, named by its path");
	diags_done(&d);
	diags_init(&d);
	OK(qdpx_import_opts(zip, len, false, "p.qdpx", "2026-01-01T00:00:00Z", QDPX_PARTIAL, &imp,
	                    &d) &&
	       imp.nsources == 1 && imp.ncodings == 1 && d.errors == 0 &&
	       has_msg(&d, "positions outside the text"),
	   "with --partial the rest is imported and the rest said");
	qdpx_import_done(&imp);
	diags_done(&d);
	free(zip);
}

/* findings 3, 4, 6, 7, 18: names made unique (fast), valid, and within the limits */
static void test_names(void)
{
	struct strbuf b = STRBUF_INIT;
	size_t len;
	struct qdpx_import imp;
	struct diags d;
	char *zip, longname[202];

	memset(longname, 'x', 199);
	memcpy(longname + 199, "\xC3\xA9", 3);
	sb_adds(&b, "<Users>");
	for (int i = 0; i < 3; i++) /* a-2-3, a-2, a-2; then two of one long name */
		sb_printf(&b, "<User guid=\"" G "%02d\" name=\"%s\"/>", 10 + i,
		          i == 0 ? "a-2-3" : "a-2");
	for (int i = 0; i < 2; i++)
		sb_printf(&b, "<User guid=\"" G "%02d\" name=\"%070d\"/>", 20 + i, 7);
	sb_adds(&b, "</Users><CodeBook><Codes>");
	for (int i = 0; i < 4000; i++)
		sb_printf(&b,
		          "<Code guid=\"%08d-0000-4000-8000-000000000000\" name=\"Same\" "
		          "isCodable=\"true\"/>",
		          i);
	sb_adds(&b, "</Codes></CodeBook><Sources>");
	for (int i = 0; i < 2000; i++) {
		sb_printf(&b,
		          "<TextSource guid=\"%08d-0000-4000-8000-000000000001\" name=\"%s\">"
		          "<PlainTextContent>A: trust me</PlainTextContent>",
		          i, i < 3 ? longname : "x");
		if (i < 5)
			sb_printf(&b,
			          "<PlainTextSelection guid=\"%08d-0000-4000-8000-000000000002\" "
			          "startPosition=\"0\" endPosition=\"4\" creatingUser=\"" G
			          "%02d\">"
			          "<Coding guid=\"%08d-0000-4000-8000-000000000003\"><CodeRef "
			          "targetGUID=\"00000000-0000-4000-8000-000000000000\"/></Coding>"
			          "</PlainTextSelection>",
			          i, i < 3 ? 10 + i : 20 + i - 3, i);
		sb_adds(&b, "</TextSource>");
	}
	sb_adds(&b, "</Sources>");
	zip = qdpx(b.data, &len, (char *)NULL);
	diags_init(&d);
	OK(qdpx_import(zip, len, false, "n.qdpx", "2026-01-01T00:00:00Z", &imp, &d),
	   "4,000 codes and 2,000 sources of one name import");
	IS_INT(imp.ncoders, 5, "five users, five coders (a-2-3, a-2, a-2, two long names)");
	{
		bool ok = true, dup = false;
		size_t n;
		for (size_t i = 0; i < imp.n; i++) {
			const char *base = path_basename(imp.files[i].path);
			ok &= strlen(base) <= 255 && utf8_valid(base, strlen(base), &n);
			if (strncmp(imp.files[i].path, "transcripts/codings/", 20) == 0)
				ok &= strcspn(imp.files[i].path + 20, "/") <= 64;
			for (size_t k = i + 1; k < imp.n && k < i + 3; k++)
				dup |= strcmp(imp.files[i].path, imp.files[k].path) == 0;
		}
		OK(ok, "every file name valid UTF-8 within 255 bytes, coders within 64");
		OK(!dup, "no two files share a name");
		OK(find(&imp, "transcripts/x-1997.txt") && !find(&imp, "transcripts/x-1998.txt") &&
		       !find(&imp, "transcripts/x-2-3.txt"),
		   "x, x-2, ... x-1997");
		OK(imp.n && strstr(imp.files[0].data, "id: \"same-4000\""),
		   "same, same-2, ... same-4000");
	}
	qdpx_import_done(&imp);
	diags_done(&d);
	free(zip);
	sb_done(&b);
}

/* findings 1, 23: one budget, and a clear word for archives that cannot be read */
static void test_budget(void)
{
	struct strbuf b = STRBUF_INIT;
	size_t len;
	struct qdpx_import imp;
	struct diags d;
	char *zip, *big = xmalloc((4u << 20) + 1);

	memset(big, 'a', 4u << 20);
	big[4u << 20] = '\0';
	sb_adds(&b, "<Sources>");
	for (int i = 0; i < 80; i++)
		sb_printf(&b,
		          "<TextSource guid=\"%08d-0000-4000-8000-000000000001\" name=\"s\" "
		          "plainTextPath=\"internal://big.txt\"/>",
		          i);
	sb_adds(&b, "</Sources>");
	zip = qdpx(b.data, &len, "sources/big.txt", big, (char *)NULL);
	diags_init(&d);
	OK(!qdpx_import(zip, len, false, "b.qdpx", "2026-01-01T00:00:00Z", &imp, &d) &&
	       has_msg(&d, "more than 256 MiB of text in all"),
	   "80 sources of one 4 MiB entry: past the budget, refused before reading");
	diags_done(&d);
	free(zip);
	free(big);
	sb_done(&b);
	OK(codings_created_valid("2024-02-29T23:59:59.5+14:00") &&
	       !codings_created_valid("2023-02-29T10:00:00Z") &&
	       !codings_created_valid("2026-02-30T10:00:00Z") &&
	       !codings_created_valid("2026-01-01T24:00:00Z") && !codings_created_valid("x"),
	   "created: real dates and times only");
}

/* finding 21: a .qdc round trip keeps a description's paragraphs, include and examples
 * apart even when a paragraph reads like a mark */
static void test_qdc_sections(void)
{
	static const char yaml[] =
	    "name: C\ncodes:\n  - id: t\n    name: T\n"
	    "    description: \"One.\\n\\nExample: in the description.\"\n"
	    "    include: \"In.\\n\\nAlso.\"\n    examples: [\"e1\", \"e2\\n\\nInclude: x\"]\n";
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
	OK(b && b->ncodes == 1 && strcmp(b->codes[0].description, a->codes[0].description) == 0 &&
	       strcmp(b->codes[0].include, a->codes[0].include) == 0 &&
	       b->codes[0].nexamples == 2 &&
	       strcmp(b->codes[0].examples[1], a->codes[0].examples[1]) == 0,
	   "description, include and examples come back apart");
	qdpx_import_done(&imp);
	codebook_free(a);
	codebook_free(b);
	free(qdc);
	diags_done(&d);
}

int main(void)
{
	test_project();
	test_codebook();
	test_crlf();
	test_qc();
	test_names();
	test_budget();
	test_qdc_sections();
	return t_done();
}
