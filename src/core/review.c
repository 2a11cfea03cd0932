/* review.c — the review queue and the decisions file (review.h). */
#include "gloss/review.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "gloss/atomic.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/project.h"
#include "gloss/suggest.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

#define HEADER "# gloss decisions: one transcript, one coder; one line a decision. See gloss(5).\n"

uint64_t review_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

char *review_decisions_path(const char *transcript_path, const char *coder)
{
	char *yaml = codings_path(transcript_path, coder), *p;
	size_t n = strlen(yaml);

	yaml[n - 5] = '\0'; /* ".yaml" */
	p = xasprintf("%s.decisions", yaml);
	free(yaml);
	return p;
}

/* ---- reading -------------------------------------------------------------------------- */

static bool field_ok(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == ' ')
			return false;
	return true;
}

static bool parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > SIZE_MAX / 2)
		return false;
	*out = (size_t)v;
	return true;
}

/* parse_fields: one line's seven fields into dc; false when it cannot be read */
static bool parse_fields(char *line, struct review_decision *dc)
{
	char *f[7], *save = NULL;
	size_t n = 0;
	char *end;

	for (char *tok = strtok_r(line, "\t", &save); tok && n < 8;
	     tok = strtok_r(NULL, "\t", &save))
		if (n < 7)
			f[n++] = tok;
		else
			return false;
	if (n != 7)
		return false;
	if (strcmp(f[0], "accept") == 0)
		dc->verdict = REVIEW_ACCEPT;
	else if (strcmp(f[0], "reject") == 0)
		dc->verdict = REVIEW_REJECT;
	else
		return false;
	if (!field_ok(f[1]) || !field_ok(f[5]) || !field_ok(f[6]) || strlen(f[4]) != 16 ||
	    !parse_size(f[2], &dc->cp_start) || !parse_size(f[3], &dc->cp_end) ||
	    dc->cp_end <= dc->cp_start)
		return false;
	errno = 0;
	dc->hash = strtoull(f[4], &end, 16);
	if (errno || *end)
		return false;
	dc->code = xstrdup(f[1]);
	dc->by = xstrdup(f[5]);
	dc->when = xstrdup(f[6]);
	return true;
}

struct review_decisions *review_decisions_parse(const char *buf, size_t len, const char *path,
                                                struct diags *d)
{
	struct review_decisions *ds = xcalloc(1, sizeof(*ds));
	unsigned ln = 0;

	ds->path = xstrdup(path);
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(buf + at, '\n', len - at), *start = buf + at;
		size_t n = nl ? (size_t)(nl - start) : len - at;
		struct review_decision dc = {0};
		char *line = xstrndup(start, n);
		ln++;
		at += n + (nl != NULL);
		if (n == 0 || line[0] == '#') {
			free(line);
			continue;
		}
		if (strlen(line) != n || !parse_fields(line, &dc)) {
			diag_add(d, DIAG_WARNING, DK_SYNTAX, path, ln, 0,
			         "not a decision (what, code, start, end, hash, source, time: "
			         "tab-separated); kept as it is");
			free(dc.code), free(dc.by), free(dc.when);
			memset(&dc, 0, sizeof(dc));
			dc.raw = xstrndup(start, n);
		}
		free(line);
		dc.line = ln;
		VEC_PUSH(ds->items, ds->n, ds->cap, dc);
	}
	return ds;
}

struct review_decisions *review_decisions_load(const struct transcript *t, const char *coder,
                                               struct diags *d)
{
	char *path = review_decisions_path(t->path, coder), *buf;
	struct review_decisions *ds;
	size_t len;

	buf = read_file(path, REVIEW_MAX_FILE, &len);
	if (!buf && errno == ENOENT) {
		ds = xcalloc(1, sizeof(*ds));
		ds->path = path;
		return ds;
	}
	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read the decisions: %s",
		         read_file_strerror(errno));
		free(path);
		return NULL;
	}
	ds = review_decisions_parse(buf, len, path, d);
	ds->exists = true;
	free(buf);
	free(path);
	return ds;
}

static void decision_done(struct review_decision *dc)
{
	free(dc->code);
	free(dc->by);
	free(dc->when);
	free(dc->raw);
}

void review_decisions_free(struct review_decisions *ds)
{
	if (!ds)
		return;
	for (size_t i = 0; i < ds->n; i++)
		decision_done(&ds->items[i]);
	free(ds->items);
	free(ds->path);
	free(ds);
}

/* ---- deciding ------------------------------------------------------------------------- */

long review_decided(const struct review_decisions *ds, const struct transcript *t, const char *code,
                    size_t start, size_t end)
{
	size_t cs, ce;
	uint64_t h;

	if (!ds || ds->n == 0)
		return -1;
	cs = transcript_byte_to_cp(t, start);
	ce = transcript_byte_to_cp(t, end);
	h = review_hash(t->text + start, end - start);
	for (size_t i = 0; i < ds->n; i++) {
		const struct review_decision *dc = &ds->items[i];
		if (!dc->raw && dc->cp_start == cs && dc->cp_end == ce && dc->hash == h &&
		    strcmp(dc->code, code) == 0)
			return (long)i;
	}
	return -1;
}

size_t review_decide(struct review_decisions *ds, const struct transcript *t, enum review_verdict v,
                     const char *code, size_t start, size_t end, const char *by)
{
	long old = review_decided(ds, t, code, start, end);
	struct review_decision dc = {0};
	char now[32];

	now_utc_iso(now, sizeof(now));
	dc.verdict = v;
	dc.code = xstrdup(code);
	dc.cp_start = transcript_byte_to_cp(t, start);
	dc.cp_end = transcript_byte_to_cp(t, end);
	dc.hash = review_hash(t->text + start, end - start);
	dc.by = xstrdup(by);
	dc.when = xstrdup(now);
	if (old >= 0) {
		decision_done(&ds->items[old]);
		ds->items[old] = dc;
		return (size_t)old;
	}
	VEC_PUSH(ds->items, ds->n, ds->cap, dc);
	return ds->n - 1;
}

void review_undecide(struct review_decisions *ds, size_t i)
{
	if (i >= ds->n)
		return;
	decision_done(&ds->items[i]);
	memmove(&ds->items[i], &ds->items[i + 1], (ds->n - i - 1) * sizeof(*ds->items));
	ds->n--;
}

bool review_changed(const struct review_decisions *ds, size_t i, const struct transcript *t)
{
	const struct review_decision *dc = &ds->items[i];
	size_t s, e;

	if (dc->raw)
		return false;
	if (dc->cp_end > t->ncp)
		return true;
	s = transcript_cp_to_byte(t, dc->cp_start);
	e = transcript_cp_to_byte(t, dc->cp_end);
	return review_hash(t->text + s, e - s) != dc->hash;
}

char **review_list_coders(const char *transcript_path, size_t *n)
{
	char *dir = path_dirname(transcript_path), *codings = path_join(dir, "codings");
	char **out = NULL;
	size_t cap = 0;
	DIR *dp = opendir(codings);
	struct dirent *e;

	*n = 0;
	while (dp && (e = readdir(dp))) {
		char *path;
		struct stat st;
		if (!codings_coder_valid(e->d_name))
			continue;
		path = review_decisions_path(transcript_path, e->d_name);
		if (lstat(path, &st) == 0)
			VEC_PUSH(out, *n, cap, xstrdup(e->d_name));
		free(path);
	}
	if (dp)
		closedir(dp);
	free(codings);
	free(dir);
	return out;
}

size_t review_check(const struct transcript *t, struct diags *d)
{
	size_t nc, found = 0;
	char **coders = review_list_coders(t->path, &nc);

	for (size_t k = 0; k < nc; k++) {
		struct review_decisions *ds = review_decisions_load(t, coders[k], d);
		for (size_t i = 0; ds && i < ds->n; i++) {
			const struct review_decision *dc = &ds->items[i];
			if (!review_changed(ds, i, t))
				continue;
			diag_add(d, DIAG_WARNING, DK_DRIFT, ds->path, dc->line, 0,
			         "the passage of this decision (%s %s, from %s) changed: it no "
			         "longer applies, and the passage may be suggested again",
			         dc->verdict == REVIEW_ACCEPT ? "accept" : "reject", dc->code,
			         dc->by);
			found++;
		}
		review_decisions_free(ds);
		free(coders[k]);
	}
	free(coders);
	return found;
}

/* ---- writing -------------------------------------------------------------------------- */

static void line_of(struct strbuf *sb, const struct review_decision *dc)
{
	if (dc->raw) {
		sb_adds(sb, dc->raw);
		return;
	}
	sb_printf(sb, "%s\t%s\t%zu\t%zu\t%016" PRIx64 "\t%s\t%s",
	          dc->verdict == REVIEW_ACCEPT ? "accept" : "reject", dc->code, dc->cp_start,
	          dc->cp_end, dc->hash, dc->by, dc->when);
}

static int cmp_line(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char *review_decisions_serialize(struct review_decisions *ds, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char **lines = xcalloc(ds->n + 1, sizeof(char *));

	for (size_t i = 0; i < ds->n; i++) {
		struct strbuf l = STRBUF_INIT;
		line_of(&l, &ds->items[i]);
		lines[i] = sb_detach(&l);
	}
	sort_array(lines, ds->n, sizeof(char *), cmp_line);
	sb_adds(&sb, HEADER);
	for (size_t i = 0; i < ds->n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0) /* a set: no line twice */
			sb_printf(&sb, "%s\n", lines[i]);
	for (size_t i = 0; i < ds->n; i++)
		free(lines[i]);
	free(lines);
	*len = sb.len;
	return sb_detach(&sb);
}

/* linked: the first of the file, its coder's directory and the codings directory that is
 * a symbolic link (caller frees), or NULL */
static char *linked(const char *path)
{
	char *coder_dir = path_dirname(path), *codings_dir = path_dirname(coder_dir);
	const char *steps[] = {codings_dir, coder_dir, path};
	char *bad = NULL;
	struct stat st;

	for (size_t i = 0; !bad && i < ARRAY_LEN(steps); i++)
		if (lstat(steps[i], &st) == 0 && S_ISLNK(st.st_mode))
			bad = xstrdup(steps[i]);
	free(coder_dir);
	free(codings_dir);
	return bad;
}

int review_decisions_save(struct review_decisions *ds, char *err, size_t errsize)
{
	char *link = linked(ds->path), *dir, *buf;
	size_t len;
	int rc;

	if (link) {
		snprintf(err, errsize,
		         "cannot write %s: %s is a symbolic link (gloss will not write through "
		         "one); nothing was written",
		         ds->path, link);
		free(link);
		errno = EPERM;
		return -1;
	}
	if (ds->n == 0 && !ds->exists)
		return 0;
	dir = path_dirname(ds->path);
	if (mkdir_p(dir) < 0) {
		snprintf(err, errsize, "cannot create %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	buf = review_decisions_serialize(ds, &len);
	{
		/* below the transcripts' directory nothing may be a link (writer.h) */
		const char *c = strstr(ds->path, "codings/");
		size_t base = c && (c == ds->path || c[-1] == '/') ? (size_t)(c - ds->path)
		                                                   : writer_base(ds->path);
		rc = writer_write(&(struct writer_file){ds->path, base, buf, len, 0666}, 0, err,
		                  errsize) == WRITER_OK
		         ? 0
		         : -1;
	}
	free(buf);
	if (rc == 0)
		ds->exists = true;
	return rc;
}

void review_mark_suggested(struct coding *cd, const char *by)
{
	struct extra_field f;
	struct strbuf sb = STRBUF_INIT;
	size_t cap = cd->nextra;

	for (size_t k = 0; k < cd->nextra; k++)
		if (strcmp(cd->extra[k].key, "suggested_by") == 0)
			return;
	yamlx_write_str(&sb, by, strlen(by));
	f.key = xstrdup("suggested_by");
	f.flow = sb_detach(&sb);
	VEC_PUSH(cd->extra, cd->nextra, cap, f);
}

char *review_flow_text(const char *flow)
{
	struct yamlx_doc doc = {0};
	struct diags d;
	char *s = NULL;

	diags_init(&d);
	if (yamlx_load(&doc, flow, strlen(flow), "", &d) && doc.root && doc.root->type == YX_SCALAR)
		s = xstrndup(doc.root->str, doc.root->len);
	yamlx_free(&doc);
	diags_done(&d);
	return s ? s : xstrdup(flow);
}

/* ---- word motions ---------------------------------------------------------------------- */

static bool word_at(const struct transcript *t, size_t off)
{
	uint32_t cp;

	if (off >= t->len)
		return false;
	utf8_decode(t->text + off, t->len - off, &cp);
	return utf8_is_word(cp);
}

static size_t fwd(const struct transcript *t, size_t off)
{
	uint32_t cp;
	return off < t->len ? off + utf8_decode(t->text + off, t->len - off, &cp) : off;
}

/* word_before: is the character before off a word's? */
static bool word_before(const struct transcript *t, size_t off)
{
	return off > t->body && word_at(t, utf8_prev(t->text, off));
}

/* blank_between: is there a blank line in bytes [a, b) (a paragraph break)? */
static bool blank_between(const struct transcript *t, size_t a, size_t b)
{
	const char *nl = a < b ? memchr(t->text + a, '\n', b - a) : NULL;

	while (nl && (size_t)(nl - t->text) + 1 < b) {
		size_t k = (size_t)(nl - t->text) + 1;
		while (k < b && (t->text[k] == ' ' || t->text[k] == '\t' || t->text[k] == '\r'))
			k++;
		if (k < b && t->text[k] == '\n')
			return true;
		nl = memchr(t->text + k, '\n', b - k);
	}
	return false;
}

/* in_label: does off lie in a turn's label ("[ts] SPEAKER: "), before its text? */
static bool in_label(const struct transcript *t, size_t off)
{
	const struct tline *l;

	if (t->nlines == 0)
		return false;
	l = &t->lines[transcript_line_at(t, off)];
	return off >= l->off && off < l->content;
}

size_t review_edge(const struct transcript *t, size_t off, int dir, bool end)
{
	size_t o = off, r;

	if (!end && dir > 0) { /* narrow: the next word's start */
		while (o < t->len && word_at(t, o))
			o = fwd(t, o);
		while (o < t->len && !word_at(t, o))
			o = fwd(t, o);
		r = o < t->len ? o : off;
	} else if (end && dir > 0) { /* widen: the next word's end */
		while (o < t->len && !word_at(t, o))
			o = fwd(t, o);
		while (o < t->len && word_at(t, o))
			o = fwd(t, o);
		r = o > off && word_before(t, o) ? o : off;
	} else if (!end) { /* widen: the start of the word before */
		while (o > t->body && !word_before(t, o))
			o = utf8_prev(t->text, o);
		while (o > t->body && word_before(t, o))
			o = utf8_prev(t->text, o);
		r = o < off && word_at(t, o) ? o : off;
	} else { /* narrow: the end of the word before the last one */
		while (o > t->body && !word_before(t, o))
			o = utf8_prev(t->text, o);
		while (o > t->body && word_before(t, o))
			o = utf8_prev(t->text, o);
		while (o > t->body && !word_before(t, o))
			o = utf8_prev(t->text, o);
		r = o > t->body && o < off ? o : off;
	}
	return blank_between(t, r < off ? r : off, r < off ? off : r) || in_label(t, r) ? off : r;
}

/* ---- the queue ------------------------------------------------------------------------ */

void review_queue_init(struct review_queue *q)
{
	memset(q, 0, sizeof(*q));
}

void review_queue_done(struct review_queue *q)
{
	free(q->items);
	review_queue_init(q);
}

void review_queue_add(struct review_queue *q, const struct review_item *it)
{
	VEC_PUSH(q->items, q->n, q->cap, *it);
}

static int cmp_item(const void *a, const void *b)
{
	const struct review_item *x = a, *y = b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->code != y->code)
		return x->code < y->code ? -1 : 1;
	return x->source < y->source ? -1 : x->source > y->source;
}

void review_queue_sort(struct review_queue *q)
{
	sort_array(q->items, q->n, sizeof(*q->items), cmp_item);
}

long review_queue_next(const struct review_queue *q, size_t from)
{
	for (size_t k = 1; k <= q->n; k++) {
		size_t i = (from + k) % q->n;
		if (q->items[i].state == REVIEW_OPEN)
			return (long)i;
	}
	return -1;
}

size_t review_queue_open(const struct review_queue *q)
{
	size_t n = 0;

	for (size_t i = 0; i < q->n; i++)
		n += q->items[i].state == REVIEW_OPEN;
	return n;
}

/* coded: does coder's set in doc have a counted coding of code overlapping [s, e)? */
static bool coded(const struct doc *d, const char *coder, const char *code, size_t s, size_t e)
{
	for (size_t k = 0; k < d->nsets; k++) {
		const struct codings *c = d->sets[k];
		if (strcmp(c->coder, coder) != 0)
			continue;
		for (size_t i = 0; i < c->len; i++)
			if (coding_counted(&c->items[i]) && c->items[i].start < e &&
			    s < c->items[i].end && strcmp(c->items[i].code, code) == 0)
				return true;
	}
	return false;
}

static double confidence_of(const struct coding *cd)
{
	for (size_t i = 0; i < cd->nextra; i++)
		if (strcmp(cd->extra[i].key, "confidence") == 0) {
			char *end;
			double v = strtod(cd->extra[i].flow, &end);
			return *end == '\0' && v >= 0 && v <= 1 ? v : -1;
		}
	return -1;
}

static const char *field_of(const struct coding *cd, const char *key)
{
	for (size_t i = 0; i < cd->nextra; i++)
		if (strcmp(cd->extra[i].key, key) == 0)
			return cd->extra[i].flow;
	return NULL;
}

void review_model_items(struct review_queue *q, const struct project *p, size_t doc,
                        const char *coder, const struct review_decisions *ds)
{
	const struct doc *d = &p->docs[doc];

	for (size_t k = 0; k < d->nsets; k++) {
		const struct codings *c = d->sets[k];
		if (!suggest_is_model(c->coder) || strcmp(c->coder, coder) == 0)
			continue;
		for (size_t i = 0; i < c->len; i++) {
			const struct coding *cd = &c->items[i];
			int code = codebook_find(p->cb, cd->code);
			struct review_item it = {0};
			if (code < 0 || !coding_counted(cd) ||
			    review_decided(ds, d->t, cd->code, cd->start, cd->end) >= 0 ||
			    coded(d, coder, cd->code, cd->start, cd->end))
				continue;
			it.doc = doc, it.code = code;
			it.start = it.ms = cd->start, it.end = it.me = cd->end;
			it.source = REVIEW_MODEL;
			it.by = c->coder;
			it.confidence = confidence_of(cd);
			it.rationale = field_of(cd, "rationale");
			review_queue_add(q, &it);
		}
	}
}

void review_pattern_items(struct review_queue *q, const struct project *p, size_t doc,
                          const struct review_decisions *ds)
{
	const struct doc *d = &p->docs[doc];
	struct suggestion *sg;
	size_t n = suggest_find(p->cb, d->t, d->sets, d->nsets, NULL, &sg, NULL);

	for (size_t i = 0; i < n; i++) {
		struct review_item it = {0};
		const char *id = p->cb->codes[sg[i].code].id;
		if (review_decided(ds, d->t, id, sg[i].start, sg[i].end) >= 0)
			continue;
		it.doc = doc, it.code = sg[i].code;
		it.start = sg[i].start, it.end = sg[i].end;
		it.ms = sg[i].ms, it.me = sg[i].me;
		it.source = REVIEW_PATTERN;
		it.by = "pattern";
		it.confidence = -1;
		review_queue_add(q, &it);
	}
	free(sg);
}
