/* qdpx_import.c — REFI-QDA import (.qdpx, .qdc) into gloss files; see qdpx.h. */
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/docx.h"
#include "gloss/ibudget.h"
#include "gloss/import.h"
#include "gloss/memos.h"
#include "gloss/qdpx.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/xmlsafe.h"
#include "gloss/yamlx.h"
#include "gloss/zipx.h"

#define MAX_CODE_DEPTH 32
#define CODER_MAX 64 /* bytes of a coder's name (codings.h) */

/* stab: names and GUIDs to indexes, an open-addressing table (GUIDs compared without case,
 * as the standard's are): every look-up of an import is O(1), so a project of 100,000
 * selections or thousands of same-named codes and sources imports in linear time. */
struct stab {
	char **keys;
	size_t *vals;
	size_t n, cap;
	bool fold;
};

static char *stab_key(const struct stab *t, const char *k)
{
	char *s = xstrdup(k);
	if (t->fold)
		for (char *p = s; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
	return s;
}

static size_t stab_slot(const struct stab *t, const char *key)
{
	size_t i = str_hash(key) & (t->cap - 1);
	while (t->keys[i] && strcmp(t->keys[i], key) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

/* stab_get: the value of k, or SIZE_MAX */
static size_t stab_get(const struct stab *t, const char *k)
{
	size_t i, v = SIZE_MAX;
	char *key;

	if (!t->cap || !k)
		return SIZE_MAX;
	key = stab_key(t, k);
	i = stab_slot(t, key);
	if (t->keys[i])
		v = t->vals[i];
	free(key);
	return v;
}

static void stab_put(struct stab *t, const char *k, size_t v)
{
	char *key;
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct stab o = *t;
		t->cap = o.cap ? 2 * o.cap : 64;
		t->keys = xcalloc(t->cap, sizeof(*t->keys));
		t->vals = xcalloc(t->cap, sizeof(*t->vals));
		for (size_t j = 0; j < o.cap; j++)
			if (o.keys[j]) {
				i = stab_slot(t, o.keys[j]);
				t->keys[i] = o.keys[j], t->vals[i] = o.vals[j];
			}
		free(o.keys), free(o.vals);
	}
	key = stab_key(t, k);
	i = stab_slot(t, key);
	if (t->keys[i]) {
		free(key);
	} else {
		t->keys[i] = key;
		t->n++;
	}
	t->vals[i] = v;
}

static void stab_done(struct stab *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys), free(t->vals);
	memset(t, 0, sizeof(*t));
}

/* unique_name: base, or base-2, base-3, ... (base cut at a character boundary so that the
 * whole is at most max bytes; ext appended) that taken does not hold yet; taken records
 * it, next remembers where each base's numbers went on, so n names of one base cost O(n) */
static char *unique_name(struct stab *taken, struct stab *next, const char *base, size_t max,
                         const char *ext)
{
	size_t k = stab_get(next, base), blen = strlen(base);
	char *s = xasprintf("%s%s", base, ext);

	if (stab_get(taken, s) != SIZE_MAX || blen + strlen(ext) > max)
		for (k = k == SIZE_MAX ? 2 : k;; k++) {
			char suffix[32];
			size_t cut;
			snprintf(suffix, sizeof(suffix), "-%zu%s", k, ext);
			cut = strlen(suffix) >= max ? 0 : max - strlen(suffix);
			cut = cut < blen ? cut : blen;
			while (cut > 0 && ((unsigned char)base[cut] & 0xC0) == 0x80)
				cut--;
			free(s);
			s = xasprintf("%.*s%s", (int)cut, base, suffix);
			if (stab_get(taken, s) == SIZE_MAX) {
				stab_put(next, base, k + 1);
				break;
			}
		}
	stab_put(taken, s, 0);
	return s;
}

struct icode {
	char *guid, *id, *name, *color; /* color: "#rrggbb" or a name, NULL */
	char *description, *include, *exclude, *key;
	char **examples, **patterns;
	size_t nexamples, npatterns, capex, cappat;
	int parent, depth;
};

struct iuser {
	char *guid, *name, *given; /* given: the name in the project */
	size_t ncodings, nmemos;
};

struct ivar {
	char *guid, *name;
};

struct importer {
	const char *file, *ns, *date;
	struct diags *d;
	struct zipx *z;
	struct icode *codes;
	size_t ncodes, capcodes;
	struct iuser *users;
	size_t nusers, capusers;
	struct ivar *vars;
	size_t nvars, capvars;
	xmlNode *root, *notes;
	struct stab code_guids, ids, id_next, names, name_next, note_guids, user_guids, coders,
	    coder_next, var_guids;
	const xmlNode **note_nodes;
	bool *note_used;     /* note_nodes[i] went into a coding's memo or a memo */
	struct memos *memos; /* memos on sources, codes and the project, by coder */
	size_t anon_memos;   /* notes by no known user */
	size_t *kid, *sib;   /* codes: first child, next sibling (SIZE_MAX: none) */
	size_t nnotes, capnotes;
	char *anon; /* the coder of codings by no known user */
	size_t anon_codings, bad_dates;
	struct qdpx_import *out;
	struct ibudget budget; /* everything the import reads and makes, in all */
	bool failed, partial;
	char *xml_name;      /* "FILE(project.qde)" */
	const char *archive; /* FILE as given */
	bool crlf_one;       /* the exporting tool counts CR LF as one character (ATLAS.ti) */
	bool utf16_doubt;    /* the exporting tool may count UTF-16 units (not gloss, QualCoder) */
};

static unsigned line_of(const xmlNode *n)
{
	long l = xmlGetLineNo(n);
	return l > 0 ? (unsigned)l : 0;
}

static void warn(struct importer *im, const xmlNode *n, const char *fmt, const char *arg)
{
	diag_add(im->d, DIAG_WARNING, DK_UNKNOWN, im->file, n ? line_of(n) : 0, 0, fmt, arg);
}

static void fail(struct importer *im, const xmlNode *n, const char *fmt, const char *arg)
{
	diag_add(im->d, DIAG_ERROR, DK_INVALID, im->file, n ? line_of(n) : 0, 0, fmt, arg);
	im->failed = true;
}

/* problem: what cannot be imported: an error that fails the import, or with --partial a
 * warning (the rest is imported) */
static void problem(struct importer *im, const xmlNode *n, const char *fmt, const char *arg)
{
	if (im->partial)
		warn(im, n, fmt, arg);
	else
		fail(im, n, fmt, arg);
}

static bool is(const xmlNode *n, struct importer *im, const char *name)
{
	return xmlsafe_is(n, im->ns, name);
}

static char *text_of(const xmlNode *n)
{
	struct strbuf sb = STRBUF_INIT;

	for (const xmlNode *c = n->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content)
			sb_adds(&sb, (const char *)c->content);
	if (!sb.data)
		sb_adds(&sb, "");
	return sb_detach(&sb);
}

static const xmlNode *child(const xmlNode *n, struct importer *im, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (is(c, im, name))
			return c;
	return NULL;
}

/* ---- notes ---- */

static void index_notes(struct importer *im)
{
	for (const xmlNode *n = im->notes ? im->notes->children : NULL; n; n = n->next)
		if (is(n, im, "Note") && xmlsafe_attr(n, "guid") &&
		    stab_get(&im->note_guids, xmlsafe_attr(n, "guid")) == SIZE_MAX) {
			stab_put(&im->note_guids, xmlsafe_attr(n, "guid"), im->nnotes);
			VEC_PUSH(im->note_nodes, im->nnotes, im->capnotes, n);
		}
	im->note_used = xcalloc(im->nnotes ? im->nnotes : 1, sizeof(*im->note_used));
}

/* ref_note: the Note a NoteRef refers to, when it has plain text (marked used); else
 * NULL, reported */
static const xmlNode *ref_note(struct importer *im, const xmlNode *r)
{
	size_t i = stab_get(&im->note_guids, xmlsafe_attr(r, "targetGUID"));

	if (i == SIZE_MAX || !child(im->note_nodes[i], im, "PlainTextContent")) {
		warn(im, r, "note %s has no plain text content in the project: not imported",
		     xmlsafe_attr(r, "targetGUID"));
		return NULL;
	}
	im->note_used[i] = true;
	return im->note_nodes[i];
}

/* note_time: a Note's attribute when it is a real date and time, else NULL */
static const char *note_time(const xmlNode *note, const char *attr)
{
	const char *v = xmlsafe_attr(note, attr);
	return v && codings_created_valid(v) ? v : NULL;
}

/* take_memos: the notes NoteRefs under n refer to become memos on (kind, target), one a
 * user (the note's creatingUser; a note by no known user is the import's own coder's);
 * two notes of one user on one target are joined, and that is said */
static void take_memos(struct importer *im, const xmlNode *n, enum memo_kind kind,
                       const char *target, const char *label)
{
	for (const xmlNode *r = n->children; r; r = r->next) {
		const xmlNode *note;
		const char *user, *coder, *created, *modified;
		size_t u;
		long at;
		char *text;

		if (!is(r, im, "NoteRef") || !xmlsafe_attr(r, "targetGUID") ||
		    !(note = ref_note(im, r)))
			continue;
		user = xmlsafe_attr(note, "creatingUser");
		u = user ? stab_get(&im->user_guids, user) : SIZE_MAX;
		if (u == SIZE_MAX) {
			coder = im->anon;
			im->anon_memos++;
		} else {
			coder = im->users[u].name;
			im->users[u].nmemos++;
		}
		text = text_of(child(note, im, "PlainTextContent"));
		created = note_time(note, "creationDateTime");
		modified = note_time(note, "modifiedDateTime");
		at = memos_find(im->memos, coder, kind, target);
		if (at >= 0) {
			struct memo *mo = &im->memos->items[at];
			char *joined = xasprintf("%s\n\n%s", mo->text, text);
			const char *later = modified ? modified : created;
			free(mo->text);
			mo->text = joined;
			if (later && strcmp(later, mo->modified) > 0)
				snprintf(mo->modified, sizeof(mo->modified), "%s", later);
			warn(im, r,
			     "two notes of one user on %s: joined into one memo (gloss keeps one "
			     "memo "
			     "a coder on each)",
			     label);
		} else if (*text) {
			memos_set(im->memos, coder, kind, target, text, im->date);
			at = memos_find(im->memos, coder, kind, target);
			snprintf(im->memos->items[at].created, sizeof(im->memos->items[at].created),
			         "%s",
			         created    ? created
			         : modified ? modified
			                    : im->date);
			snprintf(im->memos->items[at].modified,
			         sizeof(im->memos->items[at].modified), "%s",
			         modified  ? modified
			         : created ? created
			                   : im->date);
		}
		free(text);
	}
}

static void add_file(struct importer *im, char *path, char *data, size_t len)
{
	struct qdpx_file f = {path, data, len};

	if (!ibudget_write(&im->budget, len, im->file, path, im->d))
		im->failed = true;
	VEC_PUSH(im->out->files, im->out->n, im->out->cap, f);
}

static int find_code(const struct importer *im, const char *guid)
{
	size_t i = stab_get(&im->code_guids, guid);
	return i == SIZE_MAX ? -1 : (int)i;
}

/* ---- codes ---- */

static bool id_valid(const char *id)
{
	if (!id || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= '0' && id[0] <= '9')))
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		      *p == '-'))
			return false;
	return strlen(id) <= 64;
}

static char *unique_id(struct importer *im, const char *want, const char *name)
{
	char *base = id_valid(want) ? xstrdup(want) : codebook_slug(NULL, name),
	     *id = unique_name(&im->ids, &im->id_next, base, 64, "");

	free(base);
	return id;
}

/* take_trailer: the "gloss: {...}" last paragraph of a description written by gloss:
 * parsed into c, removed from desc */
static void take_trailer(struct importer *im, struct icode *c, char *desc, char **want_id,
                         size_t **sec, size_t *nsec)
{
	char *t = strstr(desc, "gloss: {"), *last = NULL;
	struct yamlx_doc doc;
	struct diags d;

	for (; t; t = strstr(t + 1, "gloss: {"))
		if (t == desc || (t >= desc + 2 && t[-1] == '\n' && t[-2] == '\n'))
			last = t;
	if (!last || strchr(last, '\n'))
		return;
	diags_init(&d);
	if (yamlx_load(&doc, last, strlen(last), im->file, &d) && doc.root &&
	    doc.root->type == YX_MAP) {
		const struct yamlx_node *m = yamlx_get(doc.root, "gloss"), *v;
		if (m && m->type == YX_MAP) {
			if ((v = yamlx_get(m, "id")) && v->type == YX_SCALAR)
				*want_id = xstrdup(v->str);
			if ((v = yamlx_get(m, "color")) && v->type == YX_SCALAR) {
				free(c->color);
				c->color = xstrdup(v->str);
			}
			if ((v = yamlx_get(m, "key")) && v->type == YX_SCALAR)
				c->key = xstrdup(v->str);
			if ((v = yamlx_get(m, "sections")) && v->type == YX_SEQ) {
				*sec = xcalloc(v->n + 1, sizeof(**sec));
				for (size_t i = 0; i < v->n; i++)
					(*sec)[(*nsec)++] =
					    v->items[i]->type == YX_SCALAR
					        ? strtoull(v->items[i]->str, NULL, 10)
					        : SIZE_MAX;
			}
			if ((v = yamlx_get(m, "patterns")) && v->type == YX_SEQ)
				for (size_t i = 0; i < v->n; i++)
					if (v->items[i]->type == YX_SCALAR)
						VEC_PUSH(c->patterns, c->npatterns, c->cappat,
						         xstrdup(v->items[i]->str));
			*(last == desc ? last : last - 2) = '\0';
		}
	}
	yamlx_free(&doc);
	diags_done(&d);
}

/* split_sections: description, then "Include: ", "Exclude: ", "Example: " paragraphs */
static void split_sections(struct icode *c, const char *desc)
{
	static const char *const marks[] = {"Include: ", "Exclude: ", "Example: "};
	const char *p = desc;
	int kind = -1; /* -1: the description */

	while (*p || kind == -1) {
		const char *next = NULL;
		int nkind = -1;
		size_t mlen = 0;
		for (const char *q = p; *q && !next; q++) {
			if (!(q == desc || (q - desc >= 2 && q[-1] == '\n' && q[-2] == '\n')))
				continue;
			for (int k = 0; k < 3; k++)
				if (strncmp(q, marks[k], strlen(marks[k])) == 0 &&
				    (k == 2 || k > kind)) {
					next = q, nkind = k, mlen = strlen(marks[k]);
					break;
				}
		}
		size_t n = next ? (size_t)(next - p) : strlen(p);
		if (next && next != desc)
			n -= 2; /* the "\n\n" before the mark */
		char *s = xstrndup(p, n);
		if (kind == -1 && n)
			c->description = s;
		else if (kind == 0)
			c->include = s;
		else if (kind == 1)
			c->exclude = s;
		else if (kind == 2)
			VEC_PUSH(c->examples, c->nexamples, c->capex, s);
		else
			free(s);
		if (!next)
			break;
		p = next + mlen;
		kind = nkind;
	}
}

/* cut_sections: desc cut by the byte lengths a gloss trailer gives (sections: [description,
 * include, exclude, example...]); false, and c untouched, when they do not fit the text */
static bool cut_sections(struct icode *c, const char *desc, const size_t *sec, size_t nsec)
{
	static const char *const marks[] = {"", "Include: ", "Exclude: ", "Example: "};
	size_t pos = 0, len = strlen(desc), at[64][2], k;

	if (nsec < 3 || nsec > 64)
		return false;
	for (k = 0; k < nsec; k++) {
		const char *m = marks[k < 3 ? k : 3];
		at[k][0] = at[k][1] = 0;
		if (sec[k] == 0)
			continue;
		if (pos && (len - pos < 2 || memcmp(desc + pos, "\n\n", 2) != 0))
			return false;
		pos += pos ? 2 : 0;
		if (strncmp(desc + pos, m, strlen(m)) != 0)
			return false;
		pos += strlen(m);
		if (sec[k] > len - pos)
			return false;
		at[k][0] = pos, at[k][1] = sec[k];
		pos += sec[k];
	}
	if (pos != len)
		return false;
	c->description = at[0][1] ? xstrndup(desc + at[0][0], at[0][1]) : NULL;
	c->include = at[1][1] ? xstrndup(desc + at[1][0], at[1][1]) : NULL;
	c->exclude = at[2][1] ? xstrndup(desc + at[2][0], at[2][1]) : NULL;
	for (k = 3; k < nsec; k++)
		if (at[k][1])
			VEC_PUSH(c->examples, c->nexamples, c->capex,
			         xstrndup(desc + at[k][0], at[k][1]));
	return true;
}

static void read_code(struct importer *im, const xmlNode *n, int parent, int depth)
{
	struct icode c = {0};
	const char *guid = xmlsafe_attr(n, "guid"), *name = xmlsafe_attr(n, "name"),
	           *color = xmlsafe_attr(n, "color");
	const xmlNode *desc = child(n, im, "Description");
	char *want = NULL;
	int self;

	if (depth >= MAX_CODE_DEPTH) {
		fail(im, n, "codes nested deeper than 32 levels%s: refused", "");
		return;
	}
	if (!guid || !name) {
		fail(im, n, "a Code needs a guid and a name%s", "");
		return;
	}
	if (find_code(im, guid) >= 0) {
		fail(im, n, "two codes have the guid %s", guid);
		return;
	}
	c.guid = xstrdup(guid);
	c.name = xstrdup(name);
	if (color) {
		struct code_color cc;
		if (codebook_color_parse(color, &cc))
			c.color = xstrdup(color);
		else
			warn(im, n, "colour '%s' is not #rrggbb: left out", color);
	}
	if (desc) {
		char *s = text_of(desc);
		size_t *sec = NULL, nsec = 0;
		take_trailer(im, &c, s, &want, &sec, &nsec);
		if (!cut_sections(&c, s, sec, nsec))
			split_sections(&c, s);
		free(sec);
		free(s);
	}
	c.id = unique_id(im, want, name);
	free(want);
	c.parent = parent;
	c.depth = depth;
	stab_put(&im->code_guids, guid, im->ncodes);
	VEC_PUSH(im->codes, im->ncodes, im->capcodes, c);
	self = (int)im->ncodes - 1;
	for (const xmlNode *k = n->children; k; k = k->next)
		if (is(k, im, "Code"))
			read_code(im, k, self, depth + 1);
	take_memos(im, n, MEMO_CODE, im->codes[self].id, name);
}

static void read_codes(struct importer *im, const xmlNode *book)
{
	const xmlNode *codes = child(book, im, "Codes");

	for (const xmlNode *c = codes ? codes->children : NULL; c; c = c->next)
		if (is(c, im, "Code"))
			read_code(im, c, -1, 0);
}

static void write_str_field(struct strbuf *sb, int indent, const char *key, const char *v)
{
	if (!v)
		return;
	sb_printf(sb, "%*s%s: ", indent, "", key);
	yamlx_write_str(sb, v, strlen(v));
	sb_addc(sb, '\n');
}

static void write_list(struct strbuf *sb, int indent, const char *key, char **v, size_t n)
{
	if (n == 0)
		return;
	sb_printf(sb, "%*s%s:\n", indent, "", key);
	for (size_t i = 0; i < n; i++) {
		sb_printf(sb, "%*s  - ", indent, "");
		yamlx_write_str(sb, v[i], strlen(v[i]));
		sb_addc(sb, '\n');
	}
}

static void write_code(struct strbuf *sb, const struct importer *im, size_t i, int indent)
{
	const struct icode *c = &im->codes[i];
	bool kids = false;

	sb_printf(sb, "%*s- id: ", indent, "");
	yamlx_write_str(sb, c->id, strlen(c->id));
	sb_addc(sb, '\n');
	write_str_field(sb, indent + 2, "name", c->name);
	write_str_field(sb, indent + 2, "description", c->description);
	write_str_field(sb, indent + 2, "include", c->include);
	write_str_field(sb, indent + 2, "exclude", c->exclude);
	write_list(sb, indent + 2, "examples", c->examples, c->nexamples);
	write_str_field(sb, indent + 2, "color", c->color);
	write_str_field(sb, indent + 2, "key", c->key);
	write_list(sb, indent + 2, "patterns", c->patterns, c->npatterns);
	for (size_t k = im->kid[i]; k != SIZE_MAX; k = im->sib[k]) {
		if (!kids)
			sb_printf(sb, "%*scodes:\n", indent + 2, "");
		kids = true;
		write_code(sb, im, k, indent + 4);
	}
}

/* link_kids: each code's first child and next sibling, in the codes' order */
static void link_kids(struct importer *im)
{
	size_t *last = xcalloc(im->ncodes + 1, sizeof(*last));

	im->kid = xcalloc(im->ncodes + 1, sizeof(*im->kid));
	im->sib = xcalloc(im->ncodes + 1, sizeof(*im->sib));
	for (size_t i = 0; i < im->ncodes; i++)
		im->kid[i] = im->sib[i] = last[i] = SIZE_MAX;
	for (size_t i = 0; i < im->ncodes; i++) {
		int p = im->codes[i].parent;
		if (p < 0)
			continue;
		if (last[p] == SIZE_MAX)
			im->kid[p] = i;
		else
			im->sib[last[p]] = i;
		last[p] = i;
	}
	free(last);
}

static void write_codebook(struct importer *im, const char *name, const char *description)
{
	struct strbuf sb = STRBUF_INIT;
	struct diags d;
	struct codebook *cb;
	char *slug = codebook_slug(NULL, name), *path = xasprintf("codebooks/%s.yaml", slug);

	sb_printf(&sb, "# Imported from %s by gloss on %.10s. See gloss(5).\n",
	          path_basename(im->archive), im->date);
	write_str_field(&sb, 0, "name", name);
	write_str_field(&sb, 0, "description", description);
	sb_adds(&sb, im->ncodes ? "codes:\n" : "codes: []\n");
	link_kids(im);
	for (size_t i = 0; i < im->ncodes; i++)
		if (im->codes[i].parent < 0)
			write_code(&sb, im, i, 2);
	diags_init(&d);
	cb = codebook_load_mem(sb.data, sb.len, path, &d);
	if (!cb || d.errors) {
		/* a key or pattern gloss does not accept (from a hand-edited gloss line) */
		diags_append(im->d, &d);
		fail(im, NULL, "the codebook written from %s would not load: refused", im->file);
	}
	codebook_free(cb);
	diags_done(&d);
	im->out->ncodes = im->ncodes;
	add_file(im, path, sb.data, sb.len);
	sb.data = NULL;
	free(slug);
}

/* ---- users and variables ---- */

/* coder_name: a user's name as a coder's (codings.h: A-Z a-z 0-9 . _ -, at most 64
 * bytes), made unique among the users: two users never share a coder's files */
static char *coder_name(struct importer *im, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	for (const char *p = name ? name : ""; *p && sb.len < CODER_MAX; p++) {
		char c = *p;
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
		if (ok && !(sb.len == 0 && (c == '.' || c == '-')))
			sb_addc(&sb, c);
		else if (sb.len && sb.data[sb.len - 1] != '-' && (unsigned char)c < 0x80)
			sb_addc(&sb, '-');
	}
	while (sb.len && sb.data[sb.len - 1] == '-')
		sb.data[--sb.len] = '\0';
	if (!sb.len)
		sb_adds(&sb, "user");
	s = unique_name(&im->coders, &im->coder_next, sb.data, CODER_MAX, "");
	sb_done(&sb);
	if (!name || strcmp(s, name) != 0)
		diag_add(im->d, DIAG_NOTE, DK_UNKNOWN, im->file, 0, 0,
		         "user '%s' is the coder '%s' (coder names are A-Z a-z 0-9 . _ -, at most "
		         "64, one a user)",
		         name ? name : "", s);
	return s;
}

static void read_users(struct importer *im)
{
	const xmlNode *users = child(im->root, im, "Users");

	for (const xmlNode *u = users ? users->children : NULL; u; u = u->next) {
		const char *guid = xmlsafe_attr(u, "guid");
		struct iuser x = {0};
		if (!is(u, im, "User") || !guid)
			continue;
		if (stab_get(&im->user_guids, guid) != SIZE_MAX) {
			warn(im, u, "two users have the guid %s: the second is left out", guid);
			continue;
		}
		x.name = coder_name(im, xmlsafe_attr(u, "name"));
		x.given = xstrdup(xmlsafe_attr(u, "name") ? xmlsafe_attr(u, "name") : "");
		x.guid = xstrdup(guid);
		stab_put(&im->user_guids, guid, im->nusers);
		VEC_PUSH(im->users, im->nusers, im->capusers, x);
	}
	im->anon = unique_name(&im->coders, &im->coder_next, "imported", CODER_MAX, "");
}

/* user_of: the coder of a coding by the user guid (counted for the report) */
static const char *user_of(struct importer *im, const char *guid)
{
	size_t i = stab_get(&im->user_guids, guid);

	if (i == SIZE_MAX) {
		im->anon_codings++;
		return im->anon;
	}
	im->users[i].ncodings++;
	return im->users[i].name;
}

/* report_users: users without codings, and codings by no user of the project */
static void report_users(struct importer *im)
{
	for (size_t i = 0; i < im->nusers; i++)
		if (im->users[i].ncodings == 0 && im->users[i].nmemos == 0)
			diag_add(im->d, DIAG_NOTE, DK_UNKNOWN, im->file, 0, 0,
			         "user '%s' has no codings: no coder '%s' is made",
			         im->users[i].given, im->users[i].name);
	if (im->bad_dates > 1)
		diag_add(im->d, DIAG_WARNING, DK_UNKNOWN, im->file, 0, 0,
		         "%zu codings in all had a creationDateTime that is not a date and time: "
		         "they get the import's time",
		         im->bad_dates);
	if (im->anon_codings)
		diag_add(im->d, DIAG_WARNING, DK_UNKNOWN, im->file, 0, 0,
		         "%zu codings name no user of the project: they are the coder '%s'",
		         im->anon_codings, im->anon);
	if (im->anon_memos)
		diag_add(im->d, DIAG_WARNING, DK_UNKNOWN, im->file, 0, 0,
		         "%zu note%s name%s no user of the project: the memos of the coder '%s'",
		         im->anon_memos, im->anon_memos == 1 ? "" : "s",
		         im->anon_memos == 1 ? "s" : "", im->anon);
}

/* report_notes: notes nothing gloss imported refers to */
static void report_notes(struct importer *im)
{
	for (size_t i = 0; i < im->nnotes; i++)
		if (!im->note_used[i]) {
			const char *name = xmlsafe_attr(im->note_nodes[i], "name");
			struct strbuf sb = STRBUF_INIT;

			sb_printf(&sb, "%s ('%s')", xmlsafe_attr(im->note_nodes[i], "guid"),
			          name ? name : "");
			warn(im, im->note_nodes[i],
			     "note %s is attached to nothing gloss imports (a selection, source, "
			     "code or the project): not imported",
			     sb.data);
			sb_done(&sb);
		}
}

/* emit_memos: a memos file for each coder with memos */
static void emit_memos(struct importer *im)
{
	char **coders = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < im->memos->len; i++) {
		bool seen = false;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(coders[k], im->memos->items[i].coder) == 0;
		if (!seen)
			VEC_PUSH(coders, n, cap, xstrdup(im->memos->items[i].coder));
	}
	sort_array(coders, n, sizeof(*coders), str_cmp_ptr);
	for (size_t k = 0; k < n; k++) {
		size_t len, count;
		char *text = memos_format(im->memos, coders[k], &len, &count);

		add_file(im, xasprintf("%s/%s.yaml", MEMOS_DIR, coders[k]), text, len);
		im->out->nmemos += count;
		free(coders[k]);
	}
	free(coders);
}

static void read_variables(struct importer *im)
{
	const xmlNode *vars = child(im->root, im, "Variables");

	for (const xmlNode *v = vars ? vars->children : NULL; v; v = v->next) {
		const char *guid = xmlsafe_attr(v, "guid"), *name = xmlsafe_attr(v, "name");
		struct ivar x;
		if (!is(v, im, "Variable") || !guid || !name)
			continue;
		x.guid = xstrdup(guid);
		x.name = xstrdup(name);
		stab_put(&im->var_guids, guid, im->nvars);
		VEC_PUSH(im->vars, im->nvars, im->capvars, x);
	}
}

/* ---- sources ---- */

struct attrs {
	char **keys, **values;
	size_t n, capk, capv;
};

static void attrs_done(struct attrs *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->keys[i]), free(a->values[i]);
	free(a->keys);
	free(a->values);
}

static void read_values(struct importer *im, const xmlNode *parent, struct attrs *a)
{
	for (const xmlNode *vv = parent->children; vv; vv = vv->next) {
		const xmlNode *ref, *val = NULL;
		const char *name = NULL;
		bool seen = false;
		if (!is(vv, im, "VariableValue") || !(ref = child(vv, im, "VariableRef")))
			continue;
		size_t vi = stab_get(&im->var_guids, xmlsafe_attr(ref, "targetGUID"));
		if (vi != SIZE_MAX)
			name = im->vars[vi].name;
		for (const xmlNode *c = vv->children; c; c = c->next)
			if (c->type == XML_ELEMENT_NODE && c != ref)
				val = c;
		if (!name || !val)
			continue;
		for (size_t i = 0; i < a->n; i++)
			seen |= strcmp(a->keys[i], name) == 0;
		if (seen)
			continue;
		VEC_PUSH(a->keys, a->n, a->capk, xstrdup(name));
		a->n--;
		VEC_PUSH(a->values, a->n, a->capv, text_of(val));
	}
}

/* case_values: variable values of the cases that hold this source */
static void case_values(struct importer *im, const char *guid, struct attrs *a)
{
	const xmlNode *cases = child(im->root, im, "Cases");

	for (const xmlNode *c = cases ? cases->children : NULL; c; c = c->next)
		for (const xmlNode *r = is(c, im, "Case") ? c->children : NULL; r; r = r->next)
			if (is(r, im, "SourceRef") && xmlsafe_attr(r, "targetGUID") &&
			    strcasecmp(xmlsafe_attr(r, "targetGUID"), guid) == 0)
				read_values(im, c, a);
}

/* file_name: the transcript's file name for a source named name (else its plain text's
 * path, else its guid): import_file_stem's rules, ".txt", unique among the sources */
static char *file_name(struct importer *im, const char *name, const char *path, const char *guid)
{
	const char *base = name && *name ? name : path && *path ? path_basename(path) : guid;
	size_t n = strlen(base);
	char *stem, *s;

	if (n > 4 && strcasecmp(base + n - 4, ".txt") == 0)
		n -= 4; /* exactly ".txt": the codings file is then NAME.yaml */
	stem = import_file_stem(base, n);
	s = unique_name(&im->names, &im->name_next, stem ? stem : "source", IMPORT_STEM_MAX + 12,
	                ".txt");
	free(stem);
	return s;
}

/* docx_text: the text of a source given only as a Word document: its paragraphs, one a
 * line. The standard wants a plain text beside it; without one, where the exporting
 * program's positions fall in this text is a guess, and the import says so. */
static char *docx_text(struct importer *im, const xmlNode *src, const char *name, size_t *len)
{
	char *entry = xasprintf("sources/%s", name), *buf;
	struct docx_paras p;
	struct strbuf sb = STRBUF_INIT;
	size_t blen;

	char *where = xasprintf("%s(%s)", im->archive, entry);
	bool ok;

	buf = im->z ? zipx_read(im->z, entry, &blen, im->d) : NULL;
	free(entry);
	ok = buf && docx_read_budget(buf, blen, where, &im->budget, &p, im->d);
	free(where);
	free(buf);
	if (!ok) {
		im->failed = true;
		return NULL;
	}
	for (size_t i = 0; i < p.n; i++) {
		sb_adds(&sb, p.items[i]);
		sb_addc(&sb, '\n');
	}
	docx_paras_done(&p);
	warn(im, src,
	     "source '%s' has no plain text, only a Word document: its paragraphs are "
	     "read one a line, and the selections' positions are taken to count in "
	     "that text (check the codings)",
	     xmlsafe_attr(src, "name") ? xmlsafe_attr(src, "name") : name);
	if (!sb.data)
		sb_adds(&sb, "");
	*len = sb.len;
	return sb_detach(&sb);
}

/* entry_for: the archive's entry holding a plainTextPath: "internal://NAME" is
 * sources/NAME; a bare or "sources/"-relative path naming an entry of the archive is that
 * entry (qc writes plainTextPath="board_2017.txt" for sources/board_2017.txt). NULL when
 * the path names nothing inside the archive. */
static char *entry_for(struct importer *im, const char *path)
{
	char *e;

	if (strncmp(path, "internal://", 11) == 0)
		return xasprintf("sources/%s", path + 11);
	if (!im->z || strstr(path, "://") || !*path)
		return NULL;
	e = xasprintf("sources/%s", path);
	if (zipx_has(im->z, e))
		return e;
	free(e);
	return zipx_has(im->z, path) ? xstrdup(path) : NULL;
}

/* source_text: the plain text of a TextSource: PlainTextContent, or the archive's entry
 * for its plainTextPath (entry_for), or its Word document */
static char *source_text(struct importer *im, const xmlNode *src, const char *label, size_t *len)
{
	const char *path = xmlsafe_attr(src, "plainTextPath"),
	           *rich = xmlsafe_attr(src, "richTextPath");
	const xmlNode *content = child(src, im, "PlainTextContent");
	char *entry, *s;

	if (content) {
		s = text_of(content);
		*len = strlen(s);
		return s;
	}
	if (!path && rich && strncmp(rich, "internal://", 11) == 0 && path_has_ext(rich, "docx"))
		return docx_text(im, src, rich + 11, len);
	if (path && !im->z) {
		problem(im, src, "source '%s' refers to a file, but this is not an archive", label);
		return NULL;
	}
	if (!path || !(entry = entry_for(im, path))) {
		problem(im, src,
		        "source '%s' has no plain text inside the archive (only a relative:// or "
		        "absolute path, a path naming no entry, or a rich text): not imported",
		        label);
		return NULL;
	}
	s = zipx_read(im->z, entry, len, im->d);
	if (!s)
		im->failed = true;
	free(entry);
	return s;
}

/* normalize: the text as gloss reads it (BOM dropped, CRLF as LF) with crs[] = the code
 * point positions (in the original) of every CR that was dropped */
static char *normalize(const char *s, size_t len, size_t **crs, size_t *ncr, size_t *outlen)
{
	struct strbuf sb = STRBUF_INIT;
	size_t cp = 0, cap = 0;

	*crs = NULL, *ncr = 0;
	if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		s += 3, len -= 3;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')
			VEC_PUSH(*crs, *ncr, cap, cp);
		else
			sb_addc(&sb, s[i]);
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cp++;
	}
	if (!sb.data)
		sb_adds(&sb, "");
	*outlen = sb.len;
	return sb_detach(&sb);
}

/* map_pos: a position of the original text in the normalized one */
static size_t map_pos(size_t pos, const size_t *crs, size_t ncr)
{
	size_t lo = 0, hi = ncr;

	while (lo < hi) { /* CRs strictly before pos */
		size_t mid = (lo + hi) / 2;
		if (crs[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return pos - lo;
}

static bool beyond_bmp(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0xF0)
			return true;
	return false;
}

static bool has_front(const char *s, size_t len)
{
	return import_has_front(s, len);
}

static char *front_matter(const struct attrs *a, size_t *ncp)
{
	struct strbuf sb = STRBUF_INIT;

	if (a->n == 0) {
		*ncp = 0;
		return xstrdup("");
	}
	sb_adds(&sb, "---\n");
	for (size_t i = 0; i < a->n; i++) {
		yamlx_write_str(&sb, a->keys[i], strlen(a->keys[i]));
		sb_adds(&sb, ": ");
		yamlx_write_str(&sb, a->values[i], strlen(a->values[i]));
		sb_addc(&sb, '\n');
	}
	sb_adds(&sb, "---\n");
	*ncp = utf8_count(sb.data, sb.len);
	return sb_detach(&sb);
}

/* check_front: a source with front matter of its own keeps it; variables that say
 * something else are reported */
static void check_front(struct importer *im, const xmlNode *src, const struct transcript *t,
                        const struct attrs *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++) {
		const char *v = transcript_attr(t, a->keys[i]);
		if (v && strcmp(v, a->values[i]) == 0)
			continue;
		diag_add(im->d, DIAG_WARNING, DK_UNKNOWN, im->file, line_of(src), 0,
		         "source '%s' has front matter of its own, which %s variable '%s' "
		         "('%s'): the front matter is kept",
		         name, v ? "gives another value for" : "lacks", a->keys[i], a->values[i]);
	}
}

struct src_ctx {
	struct transcript *t;
	char *tpath;
	size_t *crs, ncr, shift, orig_ncp;
	struct codings **sets;
	size_t nsets, capsets;
};

static struct codings *set_for(struct src_ctx *s, const char *coder)
{
	struct codings *c;

	for (size_t i = 0; i < s->nsets; i++)
		if (strcmp(s->sets[i]->coder, coder) == 0)
			return s->sets[i];
	c = xcalloc(1, sizeof(*c));
	c->coder = xstrdup(coder);
	c->path = codings_path(s->tpath, coder);
	c->t = s->t;
	VEC_PUSH(s->sets, s->nsets, s->capsets, c);
	return c;
}

/* memo_of: the text of the notes referred to by NoteRefs under n (joined); *timed the
 * first of them with a modifiedDateTime (gloss's own memo times) */
static void memo_of(struct importer *im, const xmlNode *n, struct strbuf *memo,
                    const xmlNode **timed)
{
	for (const xmlNode *r = n->children; r; r = r->next) {
		const xmlNode *note, *content;
		if (!is(r, im, "NoteRef") || !xmlsafe_attr(r, "targetGUID"))
			continue;
		if (!(note = ref_note(im, r)))
			continue;
		content = child(note, im, "PlainTextContent");
		if (!*timed && note_time(note, "modifiedDateTime"))
			*timed = note;
		char *s = text_of(content);
		if (!memo->len || strcmp(memo->data, s) != 0) { /* gloss writes both */
			if (memo->len)
				sb_adds(memo, "\n\n");
			sb_adds(memo, s);
		}
		free(s);
	}
}

static bool parse_pos(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return false;
	v = strtoull(s, &end, 10);
	*out = (size_t)v;
	return *end == '\0' && v < ((unsigned long long)1 << 40);
}

/* The passage of a selection: code points [a, b) of gloss's text, and its comment. */
struct span {
	size_t a, b;
	const char *desc; /* the selection's Description, NULL when empty */
};

/* add_coding: one Coding of selection sel as a gloss coding; false when its code is not
 * in the codebook (reported) */
static bool add_coding(struct importer *im, struct src_ctx *s, const xmlNode *sel, const xmlNode *c,
                       const struct span *sp)
{
	const xmlNode *ref = child(c, im, "CodeRef");
	const char *user = xmlsafe_attr(c, "creatingUser"), *when;
	struct strbuf memo = STRBUF_INIT;
	const xmlNode *timed = NULL;
	struct codings *set;
	int code = ref ? find_code(im, xmlsafe_attr(ref, "targetGUID")) : -1;
	size_t i;

	if (code < 0) {
		problem(im, c, "coding %s refers to no code of the codebook: not imported",
		        xmlsafe_attr(c, "guid") ? xmlsafe_attr(c, "guid") : "");
		return false;
	}
	set = set_for(s, user_of(im, user ? user : xmlsafe_attr(sel, "creatingUser")));
	if (sp->desc) /* QualCoder writes a coding's memo here */
		sb_adds(&memo, sp->desc);
	memo_of(im, sel, &memo, &timed);
	memo_of(im, c, &memo, &timed);
	i = codings_add(set, im->codes[code].id, transcript_cp_to_byte(s->t, sp->a),
	                transcript_cp_to_byte(s->t, sp->b), memo.data);
	when = xmlsafe_attr(c, "creationDateTime");
	when = when ? when : xmlsafe_attr(sel, "creationDateTime");
	if (when && !codings_created_valid(when)) {
		if (im->bad_dates++ == 0)
			warn(im, c,
			     "creationDateTime '%s' is not a date and time: the coding gets the "
			     "import's time (so do the others like it, counted at the end)",
			     when);
		when = NULL;
	}
	free(set->items[i].created);
	set->items[i].created = xstrdup(when ? when : im->date);
	if (timed && set->items[i].memo) { /* the memo's own times, as gloss exports them */
		const char *mc = note_time(timed, "creationDateTime");
		set->items[i].memo_modified = xstrdup(note_time(timed, "modifiedDateTime"));
		set->items[i].memo_created = xstrdup(mc ? mc : set->items[i].memo_modified);
	}
	sb_done(&memo);
	im->out->ncodings++;
	return true;
}

static void read_selection(struct importer *im, struct src_ctx *s, const xmlNode *sel)
{
	struct span sp = {0, 0, NULL};
	const xmlNode *desc = child(sel, im, "Description");
	const char *guid = xmlsafe_attr(sel, "guid") ? xmlsafe_attr(sel, "guid") : "";
	char *dtext = desc ? text_of(desc) : NULL;
	size_t ncodings = 0;

	if (!parse_pos(xmlsafe_attr(sel, "startPosition"), &sp.a) ||
	    !parse_pos(xmlsafe_attr(sel, "endPosition"), &sp.b) || sp.a > sp.b ||
	    sp.b > (im->crlf_one ? s->orig_ncp - s->ncr : s->orig_ncp)) {
		problem(im, sel, "selection %s has positions outside the text: not imported", guid);
		free(dtext);
		return;
	}
	if (sp.a == sp.b) {
		warn(
		    im, sel,
		    "selection %s is empty (startPosition = endPosition): not imported as a coding",
		    guid);
		free(dtext);
		return;
	}
	if (!im->crlf_one) {
		sp.a = map_pos(sp.a, s->crs, s->ncr);
		sp.b = map_pos(sp.b, s->crs, s->ncr);
	}
	sp.a += s->shift, sp.b += s->shift;
	sp.desc = dtext && *dtext ? dtext : NULL;
	for (const xmlNode *c = sel->children; c; c = c->next)
		if (is(c, im, "Coding"))
			ncodings += add_coding(im, s, sel, c, &sp);
	if (ncodings == 0 && !child(sel, im, "Coding"))
		warn(im, sel,
		     sp.desc || child(sel, im, "NoteRef")
		         ? "selection %s has a comment or note but no code: gloss keeps memos only "
		           "on codings, so it is not imported"
		         : "selection %s has no Coding (no code): not imported",
		     guid);
	free(dtext);
}

static void emit_codings(struct importer *im, struct src_ctx *s)
{
	for (size_t i = 0; i < s->nsets; i++) {
		size_t len;
		char *data;
		codings_sort(s->sets[i]); /* their creation times were set after adding */
		data = codings_serialize(s->sets[i], &len);
		add_file(im, xstrdup(s->sets[i]->path), data, len);
		codings_free(s->sets[i]);
	}
	free(s->sets);
}

/* source_plain: the source's text as gloss reads it (caller frees), with s->crs, s->ncr
 * and s->orig_ncp set for mapping positions; NULL when it cannot be had */
static char *source_plain(struct importer *im, const xmlNode *src, const char *label,
                          struct src_ctx *s, size_t *tlen)
{
	size_t rlen, bad;
	char *raw = source_text(im, src, label, &rlen), *text;

	if (!raw)
		return NULL;
	if (!utf8_valid(raw, rlen, &bad)) {
		diag_add(im->d, DIAG_ERROR, DK_ENCODING, im->file, line_of(src), 0,
		         "the text of source '%s' is not UTF-8 (byte offset %zu): refused", label,
		         bad);
		im->failed = true;
		free(raw);
		return NULL;
	}
	s->orig_ncp = utf8_count(raw, rlen) - (rlen >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0);
	text = normalize(raw, rlen, &s->crs, &s->ncr, tlen);
	free(raw);
	if (im->utf16_doubt && beyond_bmp(text, *tlen))
		warn(im, src,
		     "source '%s' has characters outside the Basic Multilingual Plane "
		     "(such as emoji): if the exporting program counted UTF-16 units, "
		     "selections after them are shifted by one character each (gloss "
		     "counts code points)",
		     label);
	return text;
}

/* A selection in the order its codings are added: by position (each then lands at the
 * end of the codings, in O(1)), in document order among equals. */
struct selref {
	const xmlNode *n;
	size_t a, b, i;
};

static int selref_cmp(const void *x, const void *y)
{
	const struct selref *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	if (p->b != q->b)
		return p->b < q->b ? -1 : 1;
	return (p->i > q->i) - (p->i < q->i);
}

static void read_selections(struct importer *im, const xmlNode *src, struct src_ctx *s)
{
	struct selref *v = NULL;
	size_t n = 0, cap = 0;

	for (const xmlNode *c = src->children; c; c = c->next)
		if (is(c, im, "PlainTextSelection")) {
			struct selref r = {c, SIZE_MAX, SIZE_MAX, n};
			parse_pos(xmlsafe_attr(c, "startPosition"), &r.a);
			parse_pos(xmlsafe_attr(c, "endPosition"), &r.b);
			VEC_PUSH(v, n, cap, r);
		}
	sort_array(v, n, sizeof(*v), selref_cmp);
	for (size_t i = 0; i < n; i++)
		read_selection(im, s, v[i].n);
	free(v);
}

/* source_children: the selections become codings; what else a source holds is reported */
static void source_children(struct importer *im, const xmlNode *src, const char *label,
                            struct src_ctx *s)
{
	read_selections(im, src, s);
	for (const xmlNode *c = src->children; c; c = c->next)
		if (is(c, im, "Coding"))
			warn(im, c,
			     "a coding of a whole source ('%s') cannot be represented in "
			     "gloss: not imported",
			     label);
	take_memos(im, src, MEMO_DOCUMENT, s->tpath, label);
}

static void read_source(struct importer *im, const xmlNode *src)
{
	struct src_ctx s = {0};
	struct attrs a = {0};
	const char *guid = xmlsafe_attr(src, "guid"), *name = xmlsafe_attr(src, "name");
	const char *path = xmlsafe_attr(src, "plainTextPath");
	const char *label = name && *name ? name : path && *path ? path : guid;
	char *text, *fname;
	size_t tlen;
	struct diags d;
	struct strbuf sb = STRBUF_INIT;

	if (!guid) {
		problem(im, src, "a TextSource (%s) needs a guid", label ? label : "with no name");
		return;
	}
	if (!(text = source_plain(im, src, label, &s, &tlen)))
		return;
	read_values(im, src, &a);
	case_values(im, guid, &a);
	if (!has_front(text, tlen)) {
		char *front = front_matter(&a, &s.shift);
		sb_adds(&sb, front);
		free(front);
	}
	sb_add(&sb, text, tlen);
	fname = file_name(im, name, xmlsafe_attr(src, "plainTextPath"), guid);
	s.tpath = xasprintf("transcripts/%s", fname);
	diags_init(&d);
	s.t = transcript_load_mem(sb.data ? sb.data : "", sb.len, s.tpath, &d);
	diags_done(&d);
	if (has_front(text, tlen))
		check_front(im, src, s.t, &a, label);
	source_children(im, src, label, &s);
	emit_codings(im, &s);
	add_file(im, s.tpath, sb.data ? sb.data : xstrdup(""), sb.len);
	im->out->nsources++;
	transcript_free(s.t);
	free(s.crs);
	free(fname);
	free(text);
	attrs_done(&a);
}

static void report_other(struct importer *im)
{
	static const char *const sources[] = {"PictureSource", "PDFSource", "AudioSource",
	                                      "VideoSource"};
	static const char *const project[] = {"Sets", "Graphs", "Links"};
	const xmlNode *srcs = child(im->root, im, "Sources"), *cases = child(im->root, im, "Cases");

	for (const xmlNode *c = srcs ? srcs->children : NULL; c; c = c->next)
		for (size_t k = 0; k < ARRAY_LEN(sources); k++)
			if (is(c, im, sources[k]))
				warn(im, c,
				     "a %s (and its selections) cannot be represented in gloss: "
				     "not imported",
				     sources[k]);
	for (const xmlNode *c = cases ? cases->children : NULL; c; c = c->next)
		if (is(c, im, "Case") && (child(c, im, "CodeRef") || child(c, im, "SelectionRef")))
			warn(im, c,
			     "the codes and selections of case '%s' cannot be represented in "
			     "gloss: not imported",
			     xmlsafe_attr(c, "name") ? xmlsafe_attr(c, "name") : "");
	for (const xmlNode *c = im->root->children; c; c = c->next)
		for (size_t k = 0; k < ARRAY_LEN(project); k++)
			if (is(c, im, project[k]))
				warn(im, c,
				     "%s of the project cannot be represented in gloss: not "
				     "imported",
				     project[k]);
}

static void count_coders(struct importer *im)
{
	char **seen = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i < im->out->n; i++) {
		const char *p = im->out->files[i].path;
		bool dup = false;
		if (strncmp(p, "transcripts/codings/", 20) != 0)
			continue;
		char *coder = xstrndup(p + 20, strcspn(p + 20, "/"));
		for (size_t k = 0; k < n; k++)
			dup |= strcmp(seen[k], coder) == 0;
		if (dup)
			free(coder);
		else
			VEC_PUSH(seen, n, cap, coder);
	}
	im->out->ncoders = n;
	for (size_t k = 0; k < n; k++)
		free(seen[k]);
	free(seen);
}

/* sources_fit: the entries the TextSources name, as declared (zipx_read holds each to its
 * declaration), fit the import's budget: a project whose sources would read more is
 * refused before any is read */
static bool sources_fit(struct importer *im, const xmlNode *srcs)
{
	unsigned long long total = 0;

	for (const xmlNode *c = srcs && im->z ? srcs->children : NULL; c; c = c->next) {
		const char *path = xmlsafe_attr(c, "plainTextPath");
		char *entry = is(c, im, "TextSource") && path && !child(c, im, "PlainTextContent")
		                  ? entry_for(im, path)
		                  : NULL;
		if (entry)
			total += zipx_size(im->z, entry);
		free(entry);
		if (total > IBUDGET_READ) {
			fail(im, c,
			     "the sources up to this one name more than 256 MiB of text in all "
			     "(%s): refused",
			     "an archive whose entries are read again and again, or a zip bomb");
			return false;
		}
	}
	return true;
}

static void read_project(struct importer *im)
{
	const xmlNode *book = child(im->root, im, "CodeBook"), *srcs, *desc;
	const char *name = xmlsafe_attr(im->root, "name"),
	           *origin = xmlsafe_attr(im->root, "origin");
	char *description = NULL;

	im->crlf_one = origin && strcasestr(origin, "ATLAS.ti");
	im->utf16_doubt =
	    !origin || (strncmp(origin, "gloss ", 6) != 0 && !strcasestr(origin, "QualCoder"));

	read_users(im);
	read_variables(im);
	im->notes = (xmlNode *)child(im->root, im, "Notes");
	index_notes(im);
	if (book)
		read_codes(im, book);
	if (im->failed)
		return;
	desc = child(im->root, im, "Description");
	if (desc)
		description = text_of(desc);
	write_codebook(im, name && *name ? name : "Imported project", description);
	free(description);
	srcs = child(im->root, im, "Sources");
	if (!sources_fit(im, srcs))
		return;
	for (const xmlNode *c = srcs ? srcs->children : NULL; c && !im->failed; c = c->next)
		if (is(c, im, "TextSource"))
			read_source(im, c);
	take_memos(im, im->root, MEMO_PROJECT, "", "the project");
	report_other(im);
	report_users(im);
	report_notes(im);
	emit_memos(im);
	count_coders(im);
}

static void importer_done(struct importer *im)
{
	for (size_t i = 0; i < im->ncodes; i++) {
		struct icode *c = &im->codes[i];
		free(c->guid), free(c->id), free(c->name), free(c->color);
		free(c->description), free(c->include), free(c->exclude), free(c->key);
		for (size_t k = 0; k < c->nexamples; k++)
			free(c->examples[k]);
		for (size_t k = 0; k < c->npatterns; k++)
			free(c->patterns[k]);
		free(c->examples), free(c->patterns);
	}
	free(im->codes);
	for (size_t i = 0; i < im->nusers; i++)
		free(im->users[i].guid), free(im->users[i].name), free(im->users[i].given);
	free(im->users);
	for (size_t i = 0; i < im->nvars; i++)
		free(im->vars[i].guid), free(im->vars[i].name);
	free(im->vars);
	stab_done(&im->code_guids), stab_done(&im->ids), stab_done(&im->id_next);
	stab_done(&im->names), stab_done(&im->name_next), stab_done(&im->note_guids);
	stab_done(&im->user_guids), stab_done(&im->coders), stab_done(&im->coder_next);
	stab_done(&im->var_guids);
	free(im->note_nodes);
	free(im->note_used);
	memos_free(im->memos);
	free(im->anon);
	free(im->kid), free(im->sib);
}

/* open_doc: the XML document; for an archive, im->xml_name ("FILE(project.qde)") names it
 * in the messages that follow */
static xmlDocPtr open_doc(struct importer *im, const char *buf, size_t len, bool is_qdc)
{
	char *xml = NULL, *name;
	size_t xlen;
	xmlDocPtr doc;

	if (is_qdc)
		return xmlsafe_parse_budget(buf, len, im->file, &im->budget, im->d);
	im->z = zipx_open(buf, len, im->file, im->d);
	if (!im->z)
		return NULL;
	zipx_set_budget(im->z, &im->budget);
	xml = zipx_read(im->z, "project.qde", &xlen, im->d);
	if (!xml)
		return NULL;
	name = xasprintf("%s(project.qde)", im->file);
	doc = xmlsafe_parse_budget(xml, xlen, name, &im->budget, im->d);
	im->xml_name = name;
	free(xml);
	return doc;
}

bool qdpx_import(const char *buf, size_t len, bool is_qdc, const char *file, const char *date,
                 struct qdpx_import *out, struct diags *d)
{
	return qdpx_import_opts(buf, len, is_qdc, file, date, 0, out, d);
}

bool qdpx_import_opts(const char *buf, size_t len, bool is_qdc, const char *file, const char *date,
                      unsigned flags, struct qdpx_import *out, struct diags *d)
{
	struct importer im;
	xmlDocPtr doc;

	memset(&im, 0, sizeof(im));
	im.partial = flags & QDPX_PARTIAL;
	im.code_guids.fold = im.note_guids.fold = im.user_guids.fold = im.var_guids.fold = true;
	im.file = im.archive = file, im.ns = is_qdc ? QDPX_NS_CODEBOOK : QDPX_NS_PROJECT;
	im.date = date, im.d = d;
	memset(out, 0, sizeof(*out));
	im.out = out;
	im.memos = memos_new("");
	doc = open_doc(&im, buf, len, is_qdc);
	im.root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (im.xml_name)
		im.file = im.xml_name;
	if (doc && !is(im.root, &im, is_qdc ? "CodeBook" : "Project"))
		fail(&im, im.root, "expected the root element %s",
		     is_qdc ? "CodeBook in namespace "
		              "urn:QDA-XML:codebook:1.0"
		            : "Project in namespace "
		              "urn:QDA-XML:project:1.0");
	else if (doc && is_qdc) {
		read_codes(&im, im.root);
		char *stem = path_stem(file);
		if (!im.failed)
			write_codebook(&im, stem, NULL);
		free(stem);
	} else if (doc) {
		read_project(&im);
	}
	if (!doc)
		im.failed = true;
	if (doc)
		xmlFreeDoc(doc);
	zipx_close(im.z);
	importer_done(&im);
	free(im.xml_name);
	if (im.failed)
		qdpx_import_done(out);
	return !im.failed;
}

void qdpx_import_done(struct qdpx_import *imp)
{
	for (size_t i = 0; i < imp->n; i++) {
		free(imp->files[i].path);
		free(imp->files[i].data);
	}
	free(imp->files);
	memset(imp, 0, sizeof(*imp));
}
