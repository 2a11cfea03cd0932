/* qdpx.c — REFI-QDA export (.qdc, .qdpx); see qdpx.h. The import is in qdpx_import.c. */
#include "gloss/qdpx.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/memos.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/uuid.h"
#include "gloss/yamlx.h"
#include "gloss/zipx.h"

#ifndef GLOSS_VERSION
#define GLOSS_VERSION "0.1.0"
#endif

static const char *const rgb_of_named[] = {"#000000", "#cc0000", "#00aa00", "#cccc00",
                                           "#0000cc", "#cc00cc", "#00cccc", "#ffffff"};
static const char *const named[] = {"black", "red",     "green", "yellow",
                                    "blue",  "magenta", "cyan",  "white"};

struct exporter {
	xmlNsPtr ns;
	struct diags *d;
	size_t replaced;           /* characters XML 1.0 cannot carry, written as U+FFFD */
	const struct memos *memos; /* memos on documents, codes, the project; NULL: none */
	bool *placed;              /* memos[i] went out as a note */
	xmlNodePtr notes;          /* the project's Notes, made with the first note */
};

/* xml_ok: may cp appear in an XML 1.0 document? */
static bool xml_ok(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
	       (cp >= 0xE000 && cp <= 0xFFFD) || cp >= 0x10000;
}

/* xml_str: s as text XML 1.0 can carry (one U+FFFD for each character it cannot, so
 * positions do not move). Caller frees. */
static xmlChar *xml_str(struct exporter *x, const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);
		if (!xml_ok(cp) ||
		    (cp == UTF8_REPLACEMENT && k == 1 && (unsigned char)s[i] != 0xEF)) {
			sb_adds(&sb, "\xEF\xBF\xBD");
			x->replaced++;
		} else {
			sb_add(&sb, s + i, k);
		}
		i += k;
	}
	if (!sb.data)
		sb_adds(&sb, "");
	return (xmlChar *)sb_detach(&sb);
}

static void set_attr(struct exporter *x, xmlNodePtr n, const char *name, const char *value)
{
	xmlChar *v = xml_str(x, value);
	xmlNewProp(n, (const xmlChar *)name, v);
	free(v);
}

static xmlNodePtr add_el(struct exporter *x, xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, x->ns, (const xmlChar *)name, NULL);
}

static void add_text_el(struct exporter *x, xmlNodePtr parent, const char *name, const char *text)
{
	xmlChar *v = xml_str(x, text);
	xmlNewTextChild(parent, x->ns, (const xmlChar *)name, v);
	free(v);
}

static void guid_attr(struct exporter *x, xmlNodePtr n, const char *attr, const char *kind,
                      const char *name)
{
	char *key = xasprintf("%s:%s", kind, name);
	char g[UUID_STR_LEN];

	uuid_v5(key, g);
	set_attr(x, n, attr, g);
	free(key);
}

/* is_datetime: a real date and time as xsd:dateTime wants (codings_created_valid) */
static bool is_datetime(const char *s)
{
	return s && codings_created_valid(s);
}

/* new_note: a Note in the project's Notes: guid from key, name, the coder as its
 * creatingUser, the times that are real dates, the text */
static void new_note(struct exporter *x, const char *key, const char *name, const char *coder,
                     const char *created, const char *modified, const char *text)
{
	xmlNodePtr note;

	if (!x->notes)
		x->notes = xmlNewNode(x->ns, (const xmlChar *)"Notes");
	note = add_el(x, x->notes, "Note");
	guid_attr(x, note, "guid", "note", key);
	set_attr(x, note, "name", name);
	guid_attr(x, note, "creatingUser", "user", coder);
	if (is_datetime(created))
		set_attr(x, note, "creationDateTime", created);
	if (is_datetime(modified))
		set_attr(x, note, "modifiedDateTime", modified);
	add_text_el(x, note, "PlainTextContent", text);
}

/* memo_key: the name a memo's note guid is made from */
static char *memo_key(const struct memo *mo)
{
	return xasprintf("memo\n%s\n%s\n%s", memo_kind_name(mo->kind), mo->target, mo->coder);
}

/* add_memo_refs: a NoteRef under parent, and its Note, for each memo on (kind, target) */
static void add_memo_refs(struct exporter *x, xmlNodePtr parent, enum memo_kind kind,
                          const char *target, const char *label)
{
	for (size_t i = 0; x->memos && i < x->memos->len; i++) {
		const struct memo *mo = &x->memos->items[i];
		char *key, *name;
		xmlNodePtr ref;

		if (mo->kind != kind || strcmp(mo->target, target) != 0 || x->placed[i])
			continue;
		x->placed[i] = true;
		key = memo_key(mo);
		name = xasprintf("Memo on %s %s", memo_kind_name(kind), label);
		ref = add_el(x, parent, "NoteRef");
		guid_attr(x, ref, "targetGUID", "note", key);
		new_note(x, key, kind == MEMO_PROJECT ? "Memo on the project" : name, mo->coder,
		         mo->created, mo->modified, mo->text);
		free(name);
		free(key);
	}
}

/* ---- the codebook ---- */

static void add_section(struct strbuf *sb, const char *label, const char *text)
{
	if (!text || !*text)
		return;
	if (sb->len)
		sb_adds(sb, "\n\n");
	sb_adds(sb, label);
	sb_adds(sb, text);
}

/* marked: does text hold a paragraph that starts like a section ("Include: ", ...), so
 * that the sections cannot be told apart by their marks alone? */
static bool marked(const char *text, bool at_start)
{
	static const char *const marks[] = {"Include: ", "Exclude: ", "Example: ", "gloss: {"};

	for (const char *p = text; p && *p; p++)
		if ((p == text && at_start) || (p - text >= 2 && p[-1] == '\n' && p[-2] == '\n'))
			for (size_t k = 0; k < ARRAY_LEN(marks); k++)
				if (strncmp(p, marks[k], strlen(marks[k])) == 0)
					return true;
	return false;
}

/* add_sections: when a field holds what reads as a mark, the trailer gives the byte length
 * of every section (description, include, exclude, each example), so the import cuts them
 * where they were */
static void add_sections(struct strbuf *tr, const struct code *c)
{
	bool amb =
	    marked(c->description, true) || marked(c->include, false) || marked(c->exclude, false);

	for (size_t i = 0; i < c->nexamples; i++)
		amb |= marked(c->examples[i], false);
	if (!amb)
		return;
	sb_printf(tr, ", sections: [%zu, %zu, %zu", c->description ? strlen(c->description) : 0,
	          c->include ? strlen(c->include) : 0, c->exclude ? strlen(c->exclude) : 0);
	for (size_t i = 0; i < c->nexamples; i++)
		sb_printf(tr, ", %zu", strlen(c->examples[i]));
	sb_adds(tr, "]");
}

/* code_description: description, include, exclude, examples and the "gloss:" line */
static char *code_description(const struct code *c)
{
	struct strbuf sb = STRBUF_INIT, tr = STRBUF_INIT;

	add_section(&sb, "", c->description);
	add_section(&sb, "Include: ", c->include);
	add_section(&sb, "Exclude: ", c->exclude);
	for (size_t i = 0; i < c->nexamples; i++)
		add_section(&sb, "Example: ", c->examples[i]);
	sb_adds(&tr, "gloss: {id: ");
	yamlx_write_str(&tr, c->id, strlen(c->id));
	if (c->color.kind == COLOR_NAMED)
		sb_printf(&tr, ", color: \"%s\"", named[c->color.named]);
	if (c->key) {
		char k[4];
		sb_adds(&tr, ", key: ");
		yamlx_write_str(&tr, k, utf8_encode(c->key, k));
	}
	if (c->npatterns) {
		sb_adds(&tr, ", patterns: [");
		for (size_t i = 0; i < c->npatterns; i++) {
			if (i)
				sb_adds(&tr, ", ");
			yamlx_write_str(&tr, c->patterns[i], strlen(c->patterns[i]));
		}
		sb_adds(&tr, "]");
	}
	add_sections(&tr, c);
	sb_adds(&tr, "}");
	add_section(&sb, "", tr.data);
	sb_done(&tr);
	return sb_detach(&sb);
}

static void add_code(struct exporter *x, xmlNodePtr parent, const struct codebook *cb, size_t i)
{
	const struct code *c = &cb->codes[i];
	xmlNodePtr n = add_el(x, parent, "Code");
	char *desc = code_description(c), rgb[8];

	guid_attr(x, n, "guid", "code", c->id);
	set_attr(x, n, "name", c->name);
	set_attr(x, n, "isCodable", "true");
	if (c->color.kind == COLOR_NAMED) {
		set_attr(x, n, "color", rgb_of_named[c->color.named]);
	} else if (c->color.kind == COLOR_RGB) {
		snprintf(rgb, sizeof(rgb), "#%02x%02x%02x", c->color.r, c->color.g, c->color.b);
		set_attr(x, n, "color", rgb);
	}
	add_text_el(x, n, "Description", desc);
	free(desc);
	add_memo_refs(x, n, MEMO_CODE, c->id, c->name);
	for (size_t k = i + 1; k < c->subtree_end; k = cb->codes[k].subtree_end)
		add_code(x, n, cb, k);
}

static void add_codes(struct exporter *x, xmlNodePtr parent, const struct codebook *cb)
{
	xmlNodePtr codes = add_el(x, parent, "Codes");

	for (size_t i = 0; i < cb->ncodes; i = cb->codes[i].subtree_end)
		add_code(x, codes, cb, i);
}

static char *dump(xmlDocPtr doc, size_t *len)
{
	xmlChar *mem = NULL;
	int size = 0;
	char *out;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
	if (!mem)
		die(EXIT_OOM, "out of memory");
	out = xstrndup((const char *)mem, (size_t)size);
	*len = (size_t)size;
	xmlFree(mem);
	return out;
}

static void report_replaced(struct exporter *x, const char *what)
{
	if (x->replaced)
		diag_add(x->d, DIAG_WARNING, DK_ENCODING, NULL, 0, 0,
		         "%zu characters that XML 1.0 cannot carry (control characters) were "
		         "written as U+FFFD in %s",
		         x->replaced, what);
}

char *qdpx_export_qdc(const struct codebook *cb, size_t *len, struct diags *d)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"CodeBook");
	struct exporter x = {NULL, d, 0, NULL, NULL, NULL};
	char *out;

	xmlDocSetRootElement(doc, root);
	x.ns = xmlNewNs(root, (const xmlChar *)QDPX_NS_CODEBOOK, NULL);
	xmlSetNs(root, x.ns);
	set_attr(&x, root, "origin", "gloss " GLOSS_VERSION);
	if (cb->ncodes)
		add_codes(&x, root, cb);
	out = dump(doc, len);
	xmlFreeDoc(doc);
	report_replaced(&x, "the codebook");
	return out;
}

/* ---- the project ---- */

static const char *doc_path(const struct transcript *t)
{
	const char *p = t->path;
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return p;
}

static void add_user(struct exporter *x, xmlNodePtr *users, xmlNodePtr root, const char *name)
{
	xmlNodePtr u;

	if (!*users)
		*users = add_el(x, root, "Users");
	u = add_el(x, *users, "User");
	guid_attr(x, u, "guid", "user", name);
	set_attr(x, u, "name", name);
}

/* add_users: the coders, then those who wrote memos and coded nothing */
static void add_users(struct exporter *x, xmlNodePtr root, const struct project *p)
{
	xmlNodePtr users = NULL;

	for (size_t i = 0; i < p->ncoders; i++)
		add_user(x, &users, root, p->coders[i]);
	for (size_t i = 0; x->memos && i < x->memos->len; i++) {
		const char *c = x->memos->items[i].coder;
		bool seen = false;

		for (size_t k = 0; k < p->ncoders && !seen; k++)
			seen = strcmp(p->coders[k], c) == 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(x->memos->items[k].coder, c) == 0;
		if (!seen)
			add_user(x, &users, root, c);
	}
}

/* variable_names: every front-matter key of the project, sorted, each once */
static char **variable_names(const struct project *p, size_t *n)
{
	char **v = NULL;
	size_t len = 0, cap = 0, k = 0;

	for (size_t i = 0; i < p->ndocs; i++)
		for (size_t a = 0; a < p->docs[i].t->nattrs; a++)
			VEC_PUSH(v, len, cap, p->docs[i].t->attrs[a].key);
	sort_array(v, len, sizeof(*v), str_cmp_ptr);
	for (size_t i = 0; i < len; i++)
		if (k == 0 || strcmp(v[k - 1], v[i]) != 0)
			v[k++] = v[i];
	*n = k;
	return v;
}

static void add_variables(struct exporter *x, xmlNodePtr root, char **vars, size_t n)
{
	xmlNodePtr vs;

	if (n == 0)
		return;
	vs = add_el(x, root, "Variables");
	for (size_t i = 0; i < n; i++) {
		xmlNodePtr v = add_el(x, vs, "Variable");
		guid_attr(x, v, "guid", "variable", vars[i]);
		set_attr(x, v, "name", vars[i]);
		set_attr(x, v, "typeOfVariable", "Text");
	}
}

static void add_values(struct exporter *x, xmlNodePtr parent, const struct transcript *t)
{
	for (size_t a = 0; a < t->nattrs; a++) {
		xmlNodePtr vv = add_el(x, parent, "VariableValue");
		xmlNodePtr ref = add_el(x, vv, "VariableRef");
		guid_attr(x, ref, "targetGUID", "variable", t->attrs[a].key);
		add_text_el(x, vv, "TextValue", t->attrs[a].value);
	}
}

static void add_cases(struct exporter *x, xmlNodePtr root, const struct project *p)
{
	xmlNodePtr cases = NULL;

	for (size_t i = 0; i < p->ndocs; i++) {
		const struct transcript *t = p->docs[i].t;
		xmlNodePtr c, ref;
		if (t->nattrs == 0)
			continue;
		if (!cases)
			cases = add_el(x, root, "Cases");
		c = add_el(x, cases, "Case");
		guid_attr(x, c, "guid", "case", doc_path(t));
		set_attr(x, c, "name", t->name);
		add_values(x, c, t);
		ref = add_el(x, c, "SourceRef");
		guid_attr(x, ref, "targetGUID", "source", doc_path(t));
	}
}

struct sel_ctx {
	struct exporter *x;
	const struct project *p;
	size_t skipped_drift, skipped_unknown;
};

/* add_note: a coding's memo; its own times when it has them, else the coding's */
static void add_note(struct sel_ctx *s, const char *key, const struct coding *cd, const char *coder)
{
	new_note(s->x, key, cd->code, coder,
	         is_datetime(cd->memo_created) ? cd->memo_created : cd->created, cd->memo_modified,
	         cd->memo);
}

static void add_selection(struct sel_ctx *s, xmlNodePtr src, const struct transcript *t,
                          const char *coder, const struct coding *cd)
{
	xmlNodePtr sel, coding, ref;
	char num[32], *key;
	size_t cs = transcript_byte_to_cp(t, cd->start), ce = transcript_byte_to_cp(t, cd->end);

	key = xasprintf("%s\n%s\n%zu\n%zu\n%s\n%s", doc_path(t), coder, cs, ce, cd->code,
	                cd->created ? cd->created : "");
	sel = add_el(s->x, src, "PlainTextSelection");
	guid_attr(s->x, sel, "guid", "selection", key);
	set_attr(s->x, sel, "name", cd->quote ? cd->quote : "");
	snprintf(num, sizeof(num), "%zu", cs);
	set_attr(s->x, sel, "startPosition", num);
	snprintf(num, sizeof(num), "%zu", ce);
	set_attr(s->x, sel, "endPosition", num);
	guid_attr(s->x, sel, "creatingUser", "user", coder);
	if (is_datetime(cd->created))
		set_attr(s->x, sel, "creationDateTime", cd->created);
	if (cd->memo && *cd->memo) /* where QualCoder reads a coding's memo */
		add_text_el(s->x, sel, "Description", cd->memo);
	coding = add_el(s->x, sel, "Coding");
	guid_attr(s->x, coding, "guid", "coding", key);
	guid_attr(s->x, coding, "creatingUser", "user", coder);
	if (is_datetime(cd->created))
		set_attr(s->x, coding, "creationDateTime", cd->created);
	ref = add_el(s->x, coding, "CodeRef");
	guid_attr(s->x, ref, "targetGUID", "code", cd->code);
	if (cd->memo && *cd->memo) {
		ref = add_el(s->x, sel, "NoteRef");
		guid_attr(s->x, ref, "targetGUID", "note", key);
		add_note(s, key, cd, coder);
	}
	free(key);
}

static void add_source(struct sel_ctx *s, xmlNodePtr sources, const struct doc *doc)
{
	const struct transcript *t = doc->t;
	xmlNodePtr src = add_el(s->x, sources, "TextSource");
	char g[UUID_STR_LEN], *key = xasprintf("source:%s", doc_path(t)), *path;

	uuid_v5(key, g);
	set_attr(s->x, src, "guid", g);
	set_attr(s->x, src, "name", path_basename(t->path));
	path = xasprintf("internal://%s.txt", g);
	set_attr(s->x, src, "plainTextPath", path);
	for (size_t k = 0; k < doc->nsets; k++)
		if (doc->sets[k]->nextra)
			diag_add(s->x->d, DIAG_WARNING, DK_UNKNOWN, doc->sets[k]->path, 0, 0,
			         "field '%s' of the codings file is not exported (REFI-QDA has no "
			         "place for it)",
			         doc->sets[k]->extra[0].key);
	for (size_t k = 0; k < doc->nsets; k++)
		for (size_t i = 0; i < doc->sets[k]->len; i++) {
			const struct coding *cd = &doc->sets[k]->items[i];
			if (cd->status == CODING_DRIFTED) {
				s->skipped_drift++;
				diag_add(s->x->d, DIAG_WARNING, DK_DRIFT, doc->sets[k]->path,
				         cd->line, 0,
				         "coding '%s' not exported: its passage is no longer found "
				         "in the transcript (gloss check)",
				         cd->code);
			} else if (s->p->cb && codebook_find(s->p->cb, cd->code) < 0) {
				s->skipped_unknown++;
				diag_add(
				    s->x->d, DIAG_WARNING, DK_UNKNOWN, doc->sets[k]->path, cd->line,
				    0, "coding '%s' not exported: the code is not in the codebook",
				    cd->code);
			} else {
				add_selection(s, src, t, doc->sets[k]->coder, cd);
				if (cd->nextra)
					diag_add(s->x->d, DIAG_WARNING, DK_UNKNOWN,
					         doc->sets[k]->path, cd->line, 0,
					         "field '%s' of coding '%s' is not exported "
					         "(REFI-QDA has no place for it)",
					         cd->extra[0].key, cd->code);
			}
		}
	add_memo_refs(s->x, src, MEMO_DOCUMENT, doc_path(t), t->name);
	add_values(s->x, src, t);
	free(path);
	free(key);
}

static xmlDocPtr project_doc(const struct project *p, struct exporter *x)
{
	xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
	xmlNodePtr root = xmlNewNode(NULL, (const xmlChar *)"Project"), sources = NULL, refs;
	struct sel_ctx s = {x, p, 0, 0};
	char **vars;
	size_t nvars;

	xmlDocSetRootElement(doc, root);
	x->ns = xmlNewNs(root, (const xmlChar *)QDPX_NS_PROJECT, NULL);
	xmlSetNs(root, x->ns);
	set_attr(x, root, "name", p->cb && p->cb->name ? p->cb->name : "gloss project");
	set_attr(x, root, "origin", "gloss " GLOSS_VERSION);
	add_users(x, root, p);
	if (p->cb && p->cb->ncodes)
		add_codes(x, add_el(x, root, "CodeBook"), p->cb);
	vars = variable_names(p, &nvars);
	add_variables(x, root, vars, nvars);
	free(vars);
	add_cases(x, root, p);
	for (size_t i = 0; i < p->ndocs; i++) {
		if (!sources)
			sources = add_el(x, root, "Sources");
		add_source(&s, sources, &p->docs[i]);
	}
	/* the project's NoteRefs come last, after Description; their Notes go in Notes */
	refs = xmlNewNode(x->ns, (const xmlChar *)"Refs");
	add_memo_refs(x, refs, MEMO_PROJECT, "", "");
	if (x->notes)
		xmlAddChild(root, x->notes);
	if (p->cb && p->cb->description)
		add_text_el(x, root, "Description", p->cb->description);
	while (refs->children) {
		xmlNodePtr r = refs->children;
		xmlUnlinkNode(r);
		xmlAddChild(root, r);
	}
	xmlFreeNode(refs);
	return doc;
}

/* report_unplaced: memos on a document or code the project does not have */
static void report_unplaced(struct exporter *x)
{
	for (size_t i = 0; x->memos && i < x->memos->len; i++) {
		const struct memo *mo = &x->memos->items[i];
		char *file;

		if (x->placed[i])
			continue;
		file = xasprintf("%s/%s.yaml", MEMOS_DIR, mo->coder);
		diag_add(x->d, DIAG_WARNING, DK_UNKNOWN, file, 0, 0,
		         "memo on %s '%s' not exported: the project has no such %s",
		         memo_kind_name(mo->kind), mo->target,
		         mo->kind == MEMO_CODE ? "code" : "transcript");
		free(file);
	}
}

char *qdpx_project_xml_memos(const struct project *p, const struct memos *m, size_t *len,
                             struct diags *d)
{
	struct exporter x = {NULL, d, 0, m, NULL, NULL};
	xmlDocPtr doc;
	char *out;

	x.placed = xcalloc(m && m->len ? m->len : 1, sizeof(*x.placed));
	doc = project_doc(p, &x);
	out = dump(doc, len);
	xmlFreeDoc(doc);
	report_replaced(&x, "project.qde");
	report_unplaced(&x);
	free(x.placed);
	return out;
}

char *qdpx_project_xml(const struct project *p, size_t *len, struct diags *d)
{
	return qdpx_project_xml_memos(p, NULL, len, d);
}

char *qdpx_export(const struct project *p, size_t *len, struct diags *d)
{
	return qdpx_export_memos(p, NULL, len, d);
}

char *qdpx_export_memos(const struct project *p, const struct memos *m, size_t *len,
                        struct diags *d)
{
	struct zipw *w = zipw_new();
	char err[512], *xml, *out;
	size_t xlen;
	bool ok;

	xml = qdpx_project_xml_memos(p, m, &xlen, d);
	ok = zipw_add(w, "project.qde", xml, xlen, err, sizeof(err));
	free(xml);
	for (size_t i = 0; ok && i < p->ndocs; i++) {
		const struct transcript *t = p->docs[i].t;
		char g[UUID_STR_LEN], *key = xasprintf("source:%s", doc_path(t)), *name;
		uuid_v5(key, g);
		name = xasprintf("sources/%s.txt", g);
		ok = zipw_add(w, name, t->text, t->len, err, sizeof(err));
		free(name);
		free(key);
	}
	if (!ok) {
		char ignored[64];
		free(zipw_finish(w, len, ignored, sizeof(ignored)));
		out = NULL;
	} else {
		out = zipw_finish(w, len, err, sizeof(err));
	}
	if (!out) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "cannot build the archive: %s", err);
		return NULL;
	}
	return out;
}
