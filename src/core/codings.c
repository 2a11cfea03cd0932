/* codings.c — one coder's codings on one transcript: parse, re-anchor, serialize, save.
 *
 * The file is parsed with yamlx; every coding is kept (unknown code ids, drifted quotes,
 * unknown fields) and written back deterministically. Code-point offsets are converted to
 * byte offsets in one sorted sweep, so a file with many codings on a long line costs one
 * pass over that line, not one per coding. */
#include "gloss/codings.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/anchor.h"
#include "gloss/codebook.h"
#include "gloss/lock.h"
#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

#define CODINGS_MAX_SIZE ((size_t)256 << 20)
#define CODINGS_HEADER "# gloss codings: one transcript, one coder. See gloss(5).\n"

/* ---- paths and coders ------------------------------------------------------------- */

char *codings_name(const char *transcript_path)
{
	const char *base = path_basename(transcript_path);
	size_t n = strlen(base);

	if (n > 4 && strcmp(base + n - 4, ".txt") == 0)
		return xstrndup(base, n - 4);
	return xstrdup(base);
}

char *codings_path(const char *transcript_path, const char *coder)
{
	char *dir = path_dirname(transcript_path), *stem = codings_name(transcript_path);
	char *rel = xasprintf("codings/%s/%s.yaml", coder, stem);
	char *p = path_join(dir, rel);

	free(dir);
	free(stem);
	free(rel);
	return p;
}

bool codings_coder_valid(const char *coder)
{
	size_t n = 0;

	if (!coder || coder[0] == '.')
		return false;
	for (; coder[n]; n++) {
		char c = coder[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return n >= 1 && n <= 64;
}

const char *codings_default_coder(const char *arg)
{
	static char login[256];
	const char *s = getenv("GLOSS_CODER");
	struct passwd *pw;

	if (arg && *arg)
		return arg;
	if (s && *s)
		return s;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		s = pw->pw_name;
	else
		s = getlogin();
	if (!s || !*s || strlen(s) >= sizeof(login))
		return "coder";
	snprintf(login, sizeof(login), "%s", s);
	return login;
}

/* A list of strings being collected from the coders' directories. */
struct found {
	char **items;
	size_t n, cap;
};

/* each_coder: call fn(dir of coder, coder, stem, f) for every valid coder directory in
 * dir/codings/, then sort what fn collected */
static char **each_coder(const char *dir, const char *stem, size_t *n,
                         void (*fn)(const char *, const char *, const char *, struct found *))
{
	char *cdir = path_join(dir, "codings");
	DIR *dh = opendir(cdir);
	struct found f = {NULL, 0, 0};
	struct dirent *e;

	while (dh && (e = readdir(dh))) {
		char *cd;

		if (!codings_coder_valid(e->d_name))
			continue;
		cd = path_join(cdir, e->d_name);
		fn(cd, e->d_name, stem, &f);
		free(cd);
	}
	if (dh)
		closedir(dh);
	sort_array(f.items, f.n, sizeof(*f.items), str_cmp_ptr);
	free(cdir);
	*n = f.n;
	return f.items;
}

/* has_codings: the coder, when its directory holds NAME.yaml (anything but a directory:
 * a FIFO or device there is then reported by codings_load as not a regular file) */
static void has_codings(const char *cd, const char *coder, const char *stem, struct found *f)
{
	char *file = xasprintf("%s/%s.yaml", cd, stem);
	struct stat st;

	if (stat(file, &st) == 0 && !S_ISDIR(st.st_mode))
		VEC_PUSH(f->items, f->n, f->cap, xstrdup(coder));
	free(file);
}

/* temps_in: the ".NAME.yaml.tmp.*" files in the coder's directory, of any NAME */
static void temps_in(const char *cd, const char *coder, const char *stem, struct found *f)
{
	DIR *dh = opendir(cd);
	struct dirent *e;

	(void)coder;
	(void)stem;
	while (dh && (e = readdir(dh)))
		if (e->d_name[0] == '.' && strstr(e->d_name, ".yaml.tmp.") != NULL)
			VEC_PUSH(f->items, f->n, f->cap, xasprintf("%s/%s", cd, e->d_name));
	if (dh)
		closedir(dh);
}

char **codings_list_coders(const char *transcript_path, size_t *n)
{
	char *dir = path_dirname(transcript_path), *stem = codings_name(transcript_path);
	char **list = each_coder(dir, stem, n, has_codings);

	free(dir);
	free(stem);
	return list;
}

char **codings_list_temps(const char *transcript_dir, size_t *n)
{
	return each_coder(transcript_dir, NULL, n, temps_in);
}

bool codings_temp_of(const char *temp, const char *transcript_path)
{
	char *dir = path_dirname(transcript_path), *stem = codings_name(transcript_path);
	char *cdir = path_join(dir, "codings"), *prefix = xasprintf(".%s.yaml.tmp.", stem);
	size_t cl = strlen(cdir);
	const char *base = strrchr(temp, '/');
	bool r = base && strncmp(temp, cdir, cl) == 0 && temp[cl] == '/' &&
	         memchr(temp + cl + 1, '/', (size_t)(base - temp) - cl - 1) == NULL &&
	         strncmp(base + 1, prefix, strlen(prefix)) == 0;

	free(dir);
	free(stem);
	free(cdir);
	free(prefix);
	return r;
}

/* ---- one coding ------------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void coding_copy(struct coding *dst, const struct coding *src)
{
	*dst = *src;
	dst->code = dup_or_null(src->code);
	dst->quote = dup_or_null(src->quote);
	dst->quote_end = dup_or_null(src->quote_end);
	dst->prefix = dup_or_null(src->prefix);
	dst->suffix = dup_or_null(src->suffix);
	dst->memo = dup_or_null(src->memo);
	dst->created = dup_or_null(src->created);
	dst->memo_created = dup_or_null(src->memo_created);
	dst->memo_modified = dup_or_null(src->memo_modified);
	dst->extra = src->nextra ? xcalloc(src->nextra, sizeof(*dst->extra)) : NULL;
	for (size_t i = 0; i < src->nextra; i++) {
		dst->extra[i].key = xstrdup(src->extra[i].key);
		dst->extra[i].flow = xstrdup(src->extra[i].flow);
	}
}

static void extras_free(struct extra_field *x, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(x[i].key);
		free(x[i].flow);
	}
	free(x);
}

void coding_done(struct coding *cd)
{
	free(cd->code);
	free(cd->quote);
	free(cd->quote_end);
	free(cd->prefix);
	free(cd->suffix);
	free(cd->memo);
	free(cd->created);
	free(cd->memo_created);
	free(cd->memo_modified);
	extras_free(cd->extra, cd->nextra);
	memset(cd, 0, sizeof(*cd));
}

static void drop_base(struct codings *c)
{
	for (size_t i = 0; i < c->nbase; i++)
		coding_done(&c->base[i]);
	free(c->base);
	c->base = NULL;
	c->nbase = 0;
	c->has_base = false;
}

/* snapshot: remember the codings as last read or written, before the first change. */
static void snapshot(struct codings *c)
{
	if (c->has_base)
		return;
	c->base = xcalloc(c->len + 1, sizeof(*c->base));
	for (size_t i = 0; i < c->len; i++)
		coding_copy(&c->base[i], &c->items[i]);
	c->nbase = c->len;
	c->has_base = true;
}

void codings_free(struct codings *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->len; i++)
		coding_done(&c->items[i]);
	free(c->items);
	drop_base(c);
	extras_free(c->extra, c->nextra);
	free(c->path);
	free(c->coder);
	free(c);
}

/* ---- ordering --------------------------------------------------------------------- */

static int cmp_size(size_t a, size_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "");
}

static int cmp_extras(const struct coding *a, const struct coding *b)
{
	int r = cmp_size(a->nextra, b->nextra);

	for (size_t i = 0; !r && i < a->nextra; i++) {
		r = strcmp(a->extra[i].key, b->extra[i].key);
		if (!r)
			r = strcmp(a->extra[i].flow, b->extra[i].flow);
	}
	return r;
}

/* coding_cmp: (start, end, code, created), then everything else that is written, so the
 * order of the file never depends on the order of insertion. */
static int coding_cmp(const struct coding *a, const struct coding *b)
{
	int r = cmp_size(a->start, b->start);

	if (!r)
		r = cmp_size(a->end, b->end);
	if (!r)
		r = cmp_str(a->code, b->code);
	if (!r)
		r = cmp_str(a->created, b->created);
	if (!r)
		r = cmp_size(a->cp_start, b->cp_start);
	if (!r)
		r = cmp_size(a->cp_end, b->cp_end);
	if (!r)
		r = cmp_str(a->memo, b->memo);
	if (!r)
		r = cmp_str(a->quote, b->quote);
	if (!r)
		r = cmp_str(a->quote_end, b->quote_end);
	if (!r)
		r = cmp_str(a->prefix, b->prefix);
	if (!r)
		r = cmp_str(a->suffix, b->suffix);
	if (!r)
		r = cmp_extras(a, b);
	return r;
}

static int coding_cmp_ptr(const void *a, const void *b)
{
	return coding_cmp(a, b);
}

bool coding_counted(const struct coding *cd)
{
	return cd->status == CODING_OK || cd->status == CODING_MOVED || cd->status == CODING_EDITED;
}

struct anchor_item codings_anchor_item(const struct codings *c, const struct coding *cd)
{
	const struct transcript *t = c->t;
	size_t len = t ? t->len : 0;

	return (struct anchor_item){.quote = cd->quote,
	                            .quote_end = cd->quote ? cd->quote_end : NULL,
	                            .prefix = cd->prefix,
	                            .suffix = cd->suffix,
	                            .start = cd->start < len ? cd->start : len,
	                            .end = cd->end < len ? cd->end : len,
	                            .key_start = cd->cp_start,
	                            .key_end = cd->cp_end,
	                            .past_end = !t || cd->cp_end > t->ncp};
}

void codings_sort(struct codings *c)
{
	if (c->len > 1)
		sort_array(c->items, c->len, sizeof(*c->items), coding_cmp_ptr);
}

/* insert_sorted: put cd (taken over) at its sorted place; returns the index. */
static size_t insert_sorted(struct codings *c, const struct coding *cd)
{
	size_t lo = 0, hi = c->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (coding_cmp(&c->items[mid], cd) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	grow_array((void **)&c->items, &c->cap, c->len + 1, sizeof(*c->items));
	memmove(&c->items[lo + 1], &c->items[lo], (c->len - lo) * sizeof(*c->items));
	c->items[lo] = *cd;
	c->len++;
	return lo;
}

/* ---- editing ---------------------------------------------------------------------- */

size_t codings_add(struct codings *c, const char *code, size_t start, size_t end, const char *memo)
{
	struct coding cd;
	char now[32];

	snapshot(c);
	memset(&cd, 0, sizeof(cd));
	if (end > c->t->len)
		end = c->t->len;
	if (start > end)
		start = end;
	while (start > 0 && ((unsigned char)c->t->text[start] & 0xC0) == 0x80)
		start--; /* offsets inside a character: widen to whole characters */
	while (end < c->t->len && ((unsigned char)c->t->text[end] & 0xC0) == 0x80)
		end++;
	cd.code = xstrdup(code);
	cd.start = start, cd.end = end;
	cd.cp_start = transcript_byte_to_cp(c->t, start);
	cd.cp_end = transcript_byte_to_cp(c->t, end);
	anchor_make_quote(c->t, start, end, &cd.quote, &cd.quote_end);
	anchor_make_context(c->t, start, end, &cd.prefix, &cd.suffix);
	cd.memo = memo && *memo ? xstrdup(memo) : NULL;
	now_utc_iso(now, sizeof(now));
	cd.created = xstrdup(now);
	cd.status = CODING_OK;
	return insert_sorted(c, &cd);
}

/* gap_touches: text[a..b) is nothing but spaces and tabs, with at most one line break */
static bool gap_touches(const char *text, size_t a, size_t b)
{
	int breaks = 0;

	for (; a < b; a++) {
		if (text[a] == '\n')
			breaks++;
		else if (text[a] != ' ' && text[a] != '\t')
			return false;
	}
	return breaks <= 1;
}

/* joins: cd is a counted coding of code that overlaps [start, end) or touches it (only
 * white space between them, no blank line) */
static bool joins(const struct codings *c, const struct coding *cd, const char *code, size_t start,
                  size_t end)
{
	if (cd->status == CODING_DRIFTED || strcmp(cd->code, code) != 0)
		return false;
	if (cd->start <= end && cd->end >= start)
		return true;
	return cd->end < start ? gap_touches(c->t->text, cd->end, start)
	                       : gap_touches(c->t->text, end, cd->start);
}

/* absorb: fold the memo and unknown fields of o into the kept coding k */
static void absorb(struct coding *k, const struct coding *o)
{
	if (o->memo && *o->memo) {
		char *m = k->memo && *k->memo ? xasprintf("%s\n\n%s", k->memo, o->memo)
		                              : xstrdup(o->memo);
		free(k->memo);
		k->memo = m;
	}
	for (size_t i = 0; i < o->nextra; i++) {
		bool taken = false;
		for (size_t j = 0; j < k->nextra && !taken; j++)
			taken = strcmp(k->extra[j].key, o->extra[i].key) == 0;
		if (!taken) {
			struct extra_field f = {xstrdup(o->extra[i].key),
			                        xstrdup(o->extra[i].flow)};
			size_t cap = k->nextra;
			VEC_PUSH(k->extra, k->nextra, cap, f);
		}
	}
}

size_t codings_apply(struct codings *c, const char *code, size_t start, size_t end,
                     struct coding **out, size_t *nout, enum codings_apply_result *result)
{
	struct coding kept;
	size_t cap = 0, xcap = 0, ns = start, ne = end, i;

	*out = NULL;
	*nout = 0;
	for (i = 0; i < c->len; i++) {
		const struct coding *cd = &c->items[i];
		if (joins(c, cd, code, start, end) && cd->start <= start && cd->end >= end) {
			*result = CODINGS_COVERED;
			return i;
		}
	}
	for (i = 0; i < c->len;) {
		struct coding gone;
		if (!joins(c, &c->items[i], code, start, end)) {
			i++;
			continue;
		}
		ns = c->items[i].start < ns ? c->items[i].start : ns;
		ne = c->items[i].end > ne ? c->items[i].end : ne;
		codings_remove(c, i, &gone);
		VEC_PUSH(*out, *nout, cap, gone);
	}
	i = codings_add(c, code, ns, ne, NULL);
	*result = *nout ? CODINGS_EXTENDED : CODINGS_ADDED;
	if (!*nout)
		return i;
	kept = c->items[i]; /* the first replaced coding, extended: its identity, memo, fields */
	free(kept.created);
	kept.created = xstrdup((*out)[0].created);
	kept.memo = (*out)[0].memo ? xstrdup((*out)[0].memo) : NULL;
	for (size_t k = 0; k < (*out)[0].nextra; k++) {
		struct extra_field f = {xstrdup((*out)[0].extra[k].key),
		                        xstrdup((*out)[0].extra[k].flow)};
		VEC_PUSH(kept.extra, kept.nextra, xcap, f);
	}
	for (size_t k = 1; k < *nout; k++)
		absorb(&kept, &(*out)[k]);
	c->items[i] = kept;
	return i;
}

long codings_find(const struct codings *c, const char *code, size_t start, size_t end)
{
	for (size_t i = 0; i < c->len; i++) {
		const struct coding *cd = &c->items[i];
		if (cd->start == start && cd->end == end && strcmp(cd->code, code) == 0)
			return (long)i;
	}
	return -1;
}

void codings_remove(struct codings *c, size_t i, struct coding *out)
{
	if (i >= c->len)
		return;
	snapshot(c);
	if (out)
		*out = c->items[i];
	else
		coding_done(&c->items[i]);
	memmove(&c->items[i], &c->items[i + 1], (c->len - i - 1) * sizeof(*c->items));
	c->len--;
}

size_t codings_insert(struct codings *c, struct coding *cd)
{
	size_t i;

	snapshot(c);
	i = insert_sorted(c, cd);

	memset(cd, 0, sizeof(*cd));
	return i;
}

void codings_set_memo(struct codings *c, size_t i, const char *memo)
{
	if (i >= c->len)
		return;
	snapshot(c);
	{
		struct coding *cd = &c->items[i];
		char now[32];
		bool had = cd->memo != NULL;

		if (cd->memo && memo && strcmp(cd->memo, memo) == 0)
			return;
		free(cd->memo);
		cd->memo = memo && *memo ? xstrdup(memo) : NULL;
		now_utc_iso(now, sizeof(now));
		if (!cd->memo) {
			free(cd->memo_created);
			free(cd->memo_modified);
			cd->memo_created = cd->memo_modified = NULL;
			return;
		}
		if (!had || !cd->memo_created) {
			free(cd->memo_created);
			cd->memo_created = xstrdup(now);
		}
		free(cd->memo_modified);
		cd->memo_modified = xstrdup(now);
	}
}

/* ---- writing ---------------------------------------------------------------------- */

static void write_field(struct strbuf *sb, const char *indent, const char *key, const char *s)
{
	sb_printf(sb, "%s%s: ", indent, key);
	yamlx_write_str(sb, s, strlen(s));
	sb_addc(sb, '\n');
}

static void write_extras(struct strbuf *sb, const char *indent, const struct extra_field *x,
                         size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sb_adds(sb, indent);
		if (strlen(x[i].key) > YAMLX_MAX_SIMPLE_KEY) /* too long for "key: value" */
			sb_printf(sb, "? %s\n%s: %s\n", x[i].key, indent, x[i].flow);
		else
			sb_printf(sb, "%s: %s\n", x[i].key, x[i].flow);
	}
}

static void write_coding(struct strbuf *sb, const struct coding *cd)
{
	sb_adds(sb, "  - code: ");
	yamlx_write_str(sb, cd->code, strlen(cd->code));
	sb_printf(sb, "\n    start: %zu\n    end: %zu\n", cd->cp_start, cd->cp_end);
	if (cd->quote) /* none only for a drifted coding that had none (past the text's end) */
		write_field(sb, "    ", "quote", cd->quote);
	if (cd->quote_end)
		write_field(sb, "    ", "quote_end", cd->quote_end);
	if (cd->prefix)
		write_field(sb, "    ", "prefix", cd->prefix);
	if (cd->suffix)
		write_field(sb, "    ", "suffix", cd->suffix);
	if (cd->memo)
		write_field(sb, "    ", "memo", cd->memo);
	if (cd->memo && cd->memo_created)
		write_field(sb, "    ", "memo_created", cd->memo_created);
	if (cd->memo && cd->memo_modified)
		write_field(sb, "    ", "memo_modified", cd->memo_modified);
	if (cd->created)
		write_field(sb, "    ", "created", cd->created);
	write_extras(sb, "    ", cd->extra, cd->nextra);
}

char *codings_serialize(struct codings *c, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	codings_sort(c);
	sb_adds(&sb, CODINGS_HEADER);
	write_field(&sb, "", "transcript", c->t ? path_basename(c->t->path) : "");
	write_field(&sb, "", "coder", c->coder);
	write_extras(&sb, "", c->extra, c->nextra);
	if (c->len == 0)
		sb_adds(&sb, "codings: []\n");
	else
		sb_adds(&sb, "codings:\n");
	for (size_t i = 0; i < c->len; i++)
		write_coding(&sb, &c->items[i]);
	*len = sb.len;
	return sb_detach(&sb);
}

/* saved: after a successful write the file holds every coding at its current place. */
/* ---- another writer ---------------------------------------------------------------- */

static void disk_record(struct codings *c)
{
	struct stat st;

	c->disk.known = true;
	c->disk.present = stat(c->path, &st) == 0;
	if (!c->disk.present)
		return;
	c->disk.dev = (unsigned long long)st.st_dev;
	c->disk.ino = (unsigned long long)st.st_ino;
	c->disk.size = (unsigned long long)st.st_size;
	c->disk.mtime_s = (long long)st.st_mtim.tv_sec;
	c->disk.mtime_ns = (long long)st.st_mtim.tv_nsec;
}

/* disk_changed: has the file changed since this set last read or wrote it? */
static bool disk_changed(const struct codings *c, bool *present)
{
	struct stat st;

	*present = stat(c->path, &st) == 0;
	if (!c->disk.known)
		return *present; /* never read: a file that appeared is someone else's */
	if (*present != c->disk.present)
		return true;
	return *present && ((unsigned long long)st.st_dev != c->disk.dev ||
	                    (unsigned long long)st.st_ino != c->disk.ino ||
	                    (unsigned long long)st.st_size != c->disk.size ||
	                    (long long)st.st_mtim.tv_sec != c->disk.mtime_s ||
	                    (long long)st.st_mtim.tv_nsec != c->disk.mtime_ns);
}

static bool same_coding(const struct coding *a, const struct coding *b)
{
	return a->cp_start == b->cp_start && a->cp_end == b->cp_end &&
	       strcmp(a->code, b->code) == 0 && cmp_str(a->created, b->created) == 0;
}

static long find_same(const struct coding *v, size_t n, const struct coding *x)
{
	for (size_t i = 0; i < n; i++)
		if (same_coding(&v[i], x))
			return (long)i;
	return -1;
}

/* merge_into: apply this set's changes since its snapshot (c->base) to disk's codings,
 * then make the result this set's codings. */
static void merge_into(struct codings *c, struct codings *disk)
{
	const struct coding *base = c->has_base ? c->base : c->items;
	size_t nbase = c->has_base ? c->nbase : c->len;

	for (size_t i = 0; i < nbase; i++) { /* removed here */
		long j = find_same(disk->items, disk->len, &base[i]);
		if (j >= 0 && find_same(c->items, c->len, &base[i]) < 0)
			codings_remove(disk, (size_t)j, NULL);
	}
	for (size_t i = 0; i < c->len; i++) { /* added or edited here */
		const struct coding *o = &c->items[i];
		long b = find_same(base, nbase, o), j = find_same(disk->items, disk->len, o);
		if (j < 0 && b < 0) {
			struct coding cd;
			coding_copy(&cd, o);
			codings_insert(disk, &cd);
		} else if (j >= 0 && b >= 0 && cmp_str(base[b].memo, o->memo) != 0) {
			codings_set_memo(disk, (size_t)j, o->memo);
		}
	}
	c->merged = 0;
	for (size_t i = 0; i < disk->len; i++)
		c->merged += find_same(c->items, c->len, &disk->items[i]) < 0;
	for (size_t i = 0; i < c->len; i++)
		coding_done(&c->items[i]);
	free(c->items);
	c->items = disk->items;
	c->len = disk->len;
	c->cap = disk->cap;
	disk->items = NULL;
	disk->len = disk->cap = 0;
}

/* merge_disk: read the file another writer changed and merge; false (err set) when it
 * cannot be read or has errors. */
static bool merge_disk(struct codings *c, char *err, size_t errsize)
{
	struct diags d;
	struct codings *disk;
	size_t len;
	char *buf = read_file(c->path, CODINGS_MAX_SIZE, &len);

	if (!buf) {
		snprintf(err, errsize, "cannot write %s: it changed on disk and cannot be read: %s",
		         c->path, read_file_strerror(errno));
		return false;
	}
	diags_init(&d);
	disk = codings_parse(buf, len, c->path, c->t, c->coder, NULL, &d);
	free(buf);
	if (!disk || disk->readonly) {
		snprintf(err, errsize,
		         "cannot write %s: it changed on disk and now has errors (run gloss "
		         "check); nothing was written",
		         c->path);
		codings_free(disk);
		diags_done(&d);
		errno = EINVAL;
		return false;
	}
	merge_into(c, disk);
	codings_free(disk);
	diags_done(&d);
	return true;
}

static int save_checked(struct codings *c, char *err, size_t errsize);

static void mark_saved(struct codings *c)
{
	c->exists = true;
	for (size_t i = 0; i < c->len; i++)
		if (c->items[i].status == CODING_MOVED || c->items[i].status == CODING_EDITED)
			c->items[i].status = CODING_OK;
	drop_base(c);
	disk_record(c);
}

/* bad_link: the first of DIR/codings, DIR/codings/CODER and the file itself that is a
 * symbolic link, or NULL; *why says what is wrong with it. gloss never writes through a
 * link (writer.h): a codings directory linked elsewhere would put a researcher's codings
 * where nobody looks, and a coder directory that is a link (codings/ana -> ben) would put
 * one coder's codings in another's files. */
static char *bad_link(const char *path, const char **why)
{
	char *coder_dir = path_dirname(path), *codings_dir = path_dirname(coder_dir);
	char *dir = path_dirname(codings_dir), *root = NULL, *bad = NULL;
	const char *steps[] = {codings_dir, coder_dir, path};
	static const char *const whys[] = {
	    "(gloss writes codings only into the project's own directories, never through a "
	    "link)",
	    "(a coder's directory must be a directory of its own: gloss keeps coders' codings "
	    "apart, so it will not write through a link)",
	    "(gloss replaces codings files, so it will not write through a link)"};
	struct stat st;

	for (size_t i = 0; !bad && i < ARRAY_LEN(steps); i++) {
		char *real;

		if (lstat(steps[i], &st) < 0 || !S_ISLNK(st.st_mode))
			continue;
		bad = xstrdup(steps[i]);
		*why = whys[i];
		if (i > 0 || (!root && !(root = realpath(dir, NULL))))
			continue;
		real = realpath(steps[i], NULL);
		if (!real || !path_under(real, root))
			*why = "to a directory outside the project";
		free(real);
	}
	free(root);
	free(dir);
	free(codings_dir);
	free(coder_dir);
	return bad;
}

/* place_of: c's file as the writer sees it: the transcript's directory is the base (the
 * user's), codings/CODER/NAME.yaml below it is gloss's */
static struct writer_file place_of(const struct codings *c, const char *data, size_t len)
{
	struct writer_file f = {c->path, 0, data, len, 0666};
	size_t slashes = 0;

	for (size_t i = strlen(c->path); i > 0 && !f.base; i--)
		if (c->path[i - 1] == '/' && ++slashes == 3)
			f.base = i;
	return f;
}

/* check_place: -1 with err set when the file may not be written (bad_link) */
static int check_place(const char *path, char *err, size_t errsize)
{
	const char *why = NULL;
	char *link = bad_link(path, &why);

	if (!link)
		return 0;
	snprintf(err, errsize, "cannot write %s: %s is a symbolic link %s; nothing was written",
	         path, link, why);
	free(link);
	errno = EPERM;
	return -1;
}

int codings_save(struct codings *c, char *err, size_t errsize)
{
	if (check_place(c->path, err, errsize) < 0)
		return -1;
	return save_checked(c, err, errsize);
}

int codings_lock(const struct codings *c, char *err, size_t errsize)
{
	if (check_place(c->path, err, errsize) < 0)
		return -1;
	return lock_take(c->path, LOCK_MKDIR | LOCK_TIDY2, err, errsize);
}

static int save_checked(struct codings *c, char *err, size_t errsize)
{
	struct writer_file f;
	char *data;
	size_t len;
	bool present;
	int rc;

	if (c->readonly) {
		snprintf(err, errsize,
		         "cannot write %s: it had errors when it was loaded (fix them "
		         "first; nothing was changed)",
		         c->path);
		errno = EINVAL;
		return -1;
	}
	c->merged = 0;
	if (disk_changed(c, &present) && present && !merge_disk(c, err, errsize))
		return -1;
	data = codings_serialize(c, &len);
	f = place_of(c, data, len);
	rc = writer_write(&f, WRITER_MKDIR, err, errsize);
	free(data);
	if (rc != WRITER_OK)
		return -1;
	mark_saved(c);
	return 0;
}

/* ---- parsing ---------------------------------------------------------------------- */

struct parser {
	struct codings *c;
	const char *path;
	const struct codebook *cb;
	struct diags *d;
};

static void error_at(struct parser *p, const struct yamlx_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void error_at(struct parser *p, const struct yamlx_node *n, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	diag_add(p->d, DIAG_ERROR, DK_SYNTAX, p->path, n ? n->line : 0, n ? n->col : 0, "%s",
	         sb.data);
	sb_done(&sb);
	p->c->readonly = true;
}

static char *flow_of(const struct yamlx_node *n)
{
	struct strbuf sb = STRBUF_INIT;

	yamlx_write_flow(&sb, n);
	return sb_detach(&sb);
}

static void add_extra(struct extra_field **x, size_t *n, const struct yamlx_node *k,
                      const struct yamlx_node *v)
{
	struct extra_field f = {flow_of(k), flow_of(v)};
	size_t cap = *n;

	VEC_PUSH(*x, *n, cap, f);
}

/* get_str: a scalar field as a string (NULL when absent); other types are errors. */
/* created_ok: a created that is not a date and time is a warning (the coding is kept) */
static bool created_ok(struct parser *p, const struct yamlx_node *v, const char *created)
{
	if (created && !codings_created_valid(created))
		diag_add(p->d, DIAG_WARNING, DK_INVALID, p->path, v ? v->line : 0, v ? v->col : 0,
		         "created '%s' is not a date and time such as 2026-03-20T10:00:00Z "
		         "(export leaves it out)",
		         created);
	return true;
}

static bool get_str(struct parser *p, const struct yamlx_node *v, const char *key, char **out)
{
	*out = NULL;
	if (!v || yamlx_is_null(v))
		return true;
	if (v->type != YX_SCALAR) {
		error_at(p, v, "'%s' must be a string, not %s", key, yamlx_type_name(v));
		return false;
	}
	if (memchr(v->str, '\0', v->len)) { /* "\0" in YAML: would be cut short in C */
		error_at(p, v, "'%s' contains a NUL character", key);
		return false;
	}
	*out = xstrndup(v->str, v->len);
	return true;
}

static bool get_offset(struct parser *p, const struct yamlx_node *item, const struct yamlx_node *v,
                       const char *key, size_t *out)
{
	long long x;

	if (!v) {
		error_at(p, item, "coding has no '%s'", key);
		return false;
	}
	if (!yamlx_as_int(v, &x) || x < 0) {
		error_at(p, v, "'%s' must be a non-negative integer (code points), not '%s'", key,
		         v->type == YX_SCALAR ? v->str : yamlx_type_name(v));
		return false;
	}
	*out = (size_t)x;
	return true;
}

static bool known_field(const char *k)
{
	static const char *const known[] = {"code",      "start",        "end",          "quote",
	                                    "quote_end", "prefix",       "suffix",       "memo",
	                                    "created",   "memo_created", "memo_modified"};

	for (size_t i = 0; i < ARRAY_LEN(known); i++)
		if (strcmp(k, known[i]) == 0)
			return true;
	return false;
}

static bool item_extras(struct parser *p, const struct yamlx_node *item, struct coding *cd)
{
	for (size_t i = 0; i < item->n; i++) {
		const struct yamlx_node *k = item->keys[i];
		if (k->type != YX_SCALAR) {
			error_at(p, k, "a coding's field name must be a string");
			return false;
		}
		if (!known_field(k->str))
			add_extra(&cd->extra, &cd->nextra, k, item->items[i]);
	}
	return true;
}

static bool item_fields(struct parser *p, const struct yamlx_node *item, struct coding *cd)
{
	const struct yamlx_node *code = yamlx_get(item, "code");

	if (!code || yamlx_is_null(code) || code->type != YX_SCALAR || code->len == 0) {
		error_at(p, code ? code : item, "coding has no code id");
		return false;
	}
	if (!get_str(p, code, "code", &cd->code))
		return false;
	if (!get_offset(p, item, yamlx_get(item, "start"), "start", &cd->cp_start) ||
	    !get_offset(p, item, yamlx_get(item, "end"), "end", &cd->cp_end))
		return false;
	if (cd->cp_end < cd->cp_start) {
		error_at(p, yamlx_get(item, "end"), "end %zu is before start %zu", cd->cp_end,
		         cd->cp_start);
		return false;
	}
	return get_str(p, yamlx_get(item, "quote"), "quote", &cd->quote) &&
	       get_str(p, yamlx_get(item, "quote_end"), "quote_end", &cd->quote_end) &&
	       get_str(p, yamlx_get(item, "prefix"), "prefix", &cd->prefix) &&
	       get_str(p, yamlx_get(item, "suffix"), "suffix", &cd->suffix) &&
	       get_str(p, yamlx_get(item, "memo"), "memo", &cd->memo) &&
	       get_str(p, yamlx_get(item, "created"), "created", &cd->created) &&
	       created_ok(p, yamlx_get(item, "created"), cd->created) &&
	       get_str(p, yamlx_get(item, "memo_created"), "memo_created", &cd->memo_created) &&
	       get_str(p, yamlx_get(item, "memo_modified"), "memo_modified", &cd->memo_modified) &&
	       item_extras(p, item, cd);
}

static bool num2(const char *s, int lo, int hi, int *v)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return false;
	*v = (s[0] - '0') * 10 + (s[1] - '0');
	return *v >= lo && *v <= hi;
}

bool codings_created_valid(const char *s)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y = 0, mo, d, h, mi, se, zh, zm;

	if (!s || strlen(s) < 19)
		return false;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
		else
			y = y * 10 + (s[i] - '0');
	if (s[4] != '-' || !num2(s + 5, 1, 12, &mo) || s[7] != '-' || !num2(s + 8, 1, 31, &d) ||
	    s[10] != 'T' || !num2(s + 11, 0, 23, &h) || s[13] != ':' || !num2(s + 14, 0, 59, &mi) ||
	    s[16] != ':' || !num2(s + 17, 0, 59, &se))
		return false;
	if (d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return false;
	s += 19;
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return false;
		for (s++; *s >= '0' && *s <= '9'; s++)
			;
	}
	if (*s == '\0' || strcmp(s, "Z") == 0)
		return true;
	return (s[0] == '+' || s[0] == '-') && num2(s + 1, 0, 14, &zh) && s[3] == ':' &&
	       num2(s + 4, 0, 59, &zm) && s[6] == '\0';
}

static void parse_item(struct parser *p, const struct yamlx_node *item)
{
	struct coding cd;

	if (item->type != YX_MAP) {
		error_at(p, item, "a coding must be a mapping, not %s", yamlx_type_name(item));
		return;
	}
	memset(&cd, 0, sizeof(cd));
	cd.line = item->line;
	if (!item_fields(p, item, &cd)) {
		coding_done(&cd);
		return;
	}
	if (cd.memo && !*cd.memo) {
		free(cd.memo);
		cd.memo = NULL;
	}
	VEC_PUSH(p->c->items, p->c->len, p->c->cap, cd);
}

static void parse_codings_list(struct parser *p, const struct yamlx_node *list)
{
	if (!list || yamlx_is_null(list))
		return;
	if (list->type != YX_SEQ) {
		error_at(p, list, "'codings' must be a list, not %s", yamlx_type_name(list));
		return;
	}
	for (size_t i = 0; i < list->n; i++)
		parse_item(p, list->items[i]);
}

static void check_name(struct parser *p, const struct yamlx_node *root, const char *key,
                       const char *want)
{
	const struct yamlx_node *v = yamlx_get(root, key);

	if (!v) {
		diag_add(p->d, DIAG_WARNING, DK_SYNTAX, p->path, root->line, root->col,
		         "no '%s' field (assuming '%s')", key, want);
	} else if (v->type != YX_SCALAR) {
		diag_add(p->d, DIAG_WARNING, DK_SYNTAX, p->path, v->line, v->col,
		         "'%s' should be a string, not %s (ignored)", key, yamlx_type_name(v));
	} else if (strcmp(v->str, want) != 0) {
		diag_add(p->d, DIAG_WARNING, DK_INVALID, p->path, v->line, v->col,
		         "%s '%s' does not match '%s' (the file's place decides)", key, v->str,
		         want);
	}
}

static void parse_root(struct parser *p, const struct yamlx_node *root)
{
	const char *tname = p->c->t ? path_basename(p->c->t->path) : "";

	if (!root)
		return;
	if (root->type != YX_MAP) {
		error_at(p, root, "a codings file must be a mapping, not %s",
		         yamlx_type_name(root));
		return;
	}
	check_name(p, root, "transcript", tname);
	check_name(p, root, "coder", p->c->coder);
	for (size_t i = 0; i < root->n; i++) {
		const struct yamlx_node *k = root->keys[i];
		if (k->type != YX_SCALAR) {
			error_at(p, k, "a field name must be a string");
			continue;
		}
		if (strcmp(k->str, "transcript") && strcmp(k->str, "coder") &&
		    strcmp(k->str, "codings"))
			add_extra(&p->c->extra, &p->c->nextra, k, root->items[i]);
	}
	parse_codings_list(p, yamlx_get(root, "codings"));
}

/* ---- re-anchoring ----------------------------------------------------------------- */

struct cp_ref {
	size_t cp;
	size_t *byte;
};

static int cp_ref_cmp(const void *a, const void *b)
{
	return cmp_size(((const struct cp_ref *)a)->cp, ((const struct cp_ref *)b)->cp);
}

/* to_bytes: convert every coding's cp offsets to bytes in one sorted sweep. */
static void to_bytes(struct codings *c)
{
	const struct transcript *t = c->t;
	struct cp_ref *r = xcalloc(c->len * 2 + 1, sizeof(*r));
	size_t n = 0, cp = 0, byte = 0, li = 0;

	for (size_t i = 0; i < c->len; i++) {
		r[n++] = (struct cp_ref){c->items[i].cp_start, &c->items[i].start};
		r[n++] = (struct cp_ref){c->items[i].cp_end, &c->items[i].end};
	}
	sort_array(r, n, sizeof(*r), cp_ref_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t want = r[i].cp;
		if (want >= t->ncp) {
			*r[i].byte = t->len;
			continue;
		}
		if (li + 1 < t->nlines && want >= t->lines[li + 1].cp) {
			byte = transcript_cp_to_byte(t, want);
			li = transcript_line_at(t, byte);
		} else {
			byte += utf8_advance(t->text + byte, t->len - byte, want - cp);
		}
		cp = want;
		*r[i].byte = byte;
	}
	free(r);
}

/* refresh: take the quote and the context from the text at the coding's offsets */
static void refresh(const struct transcript *t, struct coding *cd, bool quote)
{
	if (quote) {
		free(cd->quote);
		free(cd->quote_end);
		anchor_make_quote(t, cd->start, cd->end, &cd->quote, &cd->quote_end);
	}
	free(cd->prefix);
	free(cd->suffix);
	anchor_make_context(t, cd->start, cd->end, &cd->prefix, &cd->suffix);
}

static void report_drifted(struct parser *p, const struct coding *cd)
{
	const struct transcript *t = p->c->t;

	if (cd->cp_end > t->ncp)
		diag_add(p->d, DIAG_WARNING, DK_DRIFT, p->path, cd->line, 0,
		         "coding '%s' at %zu-%zu lies past the end of the text (%zu characters)%s "
		         "(kept unchanged)",
		         cd->code, cd->cp_start, cd->cp_end, t->ncp,
		         cd->quote ? " and its quote was not found" : "");
	else
		diag_add(p->d, DIAG_WARNING, DK_DRIFT, p->path, cd->line, 0,
		         "coding '%s' at %zu-%zu drifted: its quote was not found (kept unchanged)",
		         cd->code, cd->cp_start, cd->cp_end);
}

static void report_ambiguous(struct parser *p, const struct coding *cd,
                             const struct anchor_item *it)
{
	char why[96];

	if (it->doubt == ANCHOR_DOUBT_TIE)
		snprintf(why, sizeof(why), "its quote fits %zu places equally well", it->places);
	else if (it->doubt == ANCHOR_DOUBT_ORDER)
		snprintf(why, sizeof(why), "the place found would change the order of the codings");
	else
		snprintf(why, sizeof(why), "the place found holds another coding");
	diag_add(p->d, DIAG_WARNING, DK_DRIFT, p->path, cd->line, 0,
	         "coding '%s' at %zu-%zu is ambiguous: %s (kept where it was)", cd->code,
	         cd->cp_start, cd->cp_end, why);
}

/* apply: one coding's re-anchoring result */
static void apply(struct parser *p, struct coding *cd, const struct anchor_item *it)
{
	const struct transcript *t = p->c->t;
	size_t old = cd->cp_start, old_end = cd->cp_end;

	switch (it->result) {
	case ANCHOR_EXACT:
		if (!cd->quote || !cd->prefix || !cd->suffix) /* an older file: complete it */
			refresh(t, cd, !cd->quote);
		return;
	case ANCHOR_DRIFTED:
		cd->status = CODING_DRIFTED;
		report_drifted(p, cd);
		return;
	case ANCHOR_AMBIGUOUS:
		cd->status = CODING_AMBIGUOUS;
		cd->doubt = it->doubt, cd->places = it->places;
		report_ambiguous(p, cd, it);
		return;
	case ANCHOR_EDITED:
		cd->status = CODING_EDITED;
		cd->start = it->new_start, cd->end = it->new_end;
		cd->cp_start = transcript_byte_to_cp(t, cd->start);
		cd->cp_end = transcript_byte_to_cp(t, cd->end);
		refresh(t, cd, true);
		diag_add(p->d, DIAG_NOTE, DK_DRIFT, p->path, cd->line, 0,
		         "coding '%s' at %zu-%zu re-anchored with changes to %zu-%zu: its text "
		         "was edited (its quote is updated)",
		         cd->code, old, old_end, cd->cp_start, cd->cp_end);
		return;
	case ANCHOR_MOVED:
		break;
	}
	cd->status = CODING_MOVED;
	cd->start = it->new_start, cd->end = it->new_end;
	cd->cp_start = transcript_byte_to_cp(t, cd->start);
	cd->cp_end = transcript_byte_to_cp(t, cd->end);
	refresh(t, cd, true);
	if (cd->cp_start == old && cd->cp_end == old_end)
		diag_add(p->d, DIAG_NOTE, DK_DRIFT, p->path, cd->line, 0,
		         "coding '%s' at %zu-%zu found again loosely (its quote is updated)",
		         cd->code, cd->cp_start, cd->cp_end);
	else
		diag_add(p->d, DIAG_NOTE, DK_DRIFT, p->path, cd->line, 0,
		         "coding '%s' re-anchored from %zu to %zu", cd->code, old, cd->cp_start);
}

/* reanchor: every coding of the set against its transcript, at once (see anchor.h) */
static void reanchor(struct parser *p)
{
	struct codings *c = p->c;
	struct anchor_item *v = xcalloc(c->len + 1, sizeof(*v));

	for (size_t i = 0; i < c->len; i++)
		v[i] = codings_anchor_item(c, &c->items[i]);
	anchor_run(c->t, v, c->len);
	for (size_t i = 0; i < c->len; i++)
		apply(p, &c->items[i], &v[i]);
	free(v);
}

static void check_code(struct parser *p, struct coding *cd)
{
	if (!p->cb || codebook_find(p->cb, cd->code) >= 0)
		return;
	cd->unknown_code = true;
	diag_add(p->d, DIAG_WARNING, DK_UNKNOWN, p->path, cd->line, 0,
	         "code '%s' is not in the codebook (coding kept)", cd->code);
}

static void reanchor_all(struct parser *p)
{
	struct codings *c = p->c;

	if (!c->t) {
		for (size_t i = 0; i < c->len; i++)
			c->items[i].start = c->items[i].cp_start,
			c->items[i].end = c->items[i].cp_end;
	} else {
		to_bytes(c);
	}
	for (size_t i = 0; i < c->len; i++)
		check_code(p, &c->items[i]);
	if (c->t)
		reanchor(p);
	codings_sort(c);
}

static struct codings *codings_new(const char *path, const struct transcript *t, const char *coder)
{
	struct codings *c = xcalloc(1, sizeof(*c));

	c->path = xstrdup(path);
	c->coder = xstrdup(coder);
	c->t = t;
	return c;
}

/* ---- fast path ---------------------------------------------------------------------
 * gloss writes codings files in one canonical layout (codings_serialize). Reading that
 * layout through libyaml costs ~20x more than reading the bytes, which matters for 1,000
 * transcripts. fast_parse reads exactly the canonical layout and gives up (returns false)
 * at the first byte that differs; the caller then parses the file with yamlx, so any
 * valid YAML still loads and every problem is still reported with its position. */

struct fast {
	const char *s, *e;
	unsigned line;
};

static bool fast_lit(struct fast *f, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(f->e - f->s) < n || memcmp(f->s, lit, n) != 0)
		return false;
	f->s += n;
	return true;
}

static bool fast_eol(struct fast *f)
{
	if (f->s < f->e && *f->s == '\n') {
		f->s++;
		f->line++;
		return true;
	}
	return f->s == f->e;
}

static bool fast_hex(const char *s, int n, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'                     ? c - '0'
		        : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
		                                                 : -1;
		if (d < 0)
			return false;
		v = v * 16 + (uint32_t)d;
	}
	*out = v;
	return true;
}

static bool fast_escape(struct fast *f, struct strbuf *sb)
{
	static const char from[] = "\"\\/ntr", to[] = "\"\\/\n\t\r";
	const char *k;
	uint32_t cp;
	char buf[4];

	if (f->e - f->s < 2)
		return false;
	k = strchr(from, f->s[1]);
	if (k && *k && k - from < 6) {
		sb_addc(sb, to[k - from]);
		f->s += 2;
		return true;
	}
	if (f->s[1] == 'u' && f->e - f->s >= 6 && fast_hex(f->s + 2, 4, &cp) && cp != 0 &&
	    (cp < 0xD800 || cp > 0xDFFF)) {
		sb_add(sb, buf, utf8_encode(cp, buf));
		f->s += 6;
		return true;
	}
	return false;
}

/* fast_str: a double-quoted scalar on one line, with the escapes gloss writes. */
static bool fast_str(struct fast *f, char **out)
{
	struct strbuf sb = STRBUF_INIT;

	if (!fast_lit(f, "\""))
		return false;
	for (;;) {
		const char *q = f->s;

		while (q < f->e && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20 &&
		       *q != 0x7F)
			q++;
		sb_add(&sb, f->s, (size_t)(q - f->s));
		f->s = q;
		if (q < f->e && *q == '"')
			break;
		if (q >= f->e || *q != '\\' || !fast_escape(f, &sb)) {
			sb_done(&sb);
			return false;
		}
	}
	f->s++;
	*out = sb_detach(&sb);
	return true;
}

static bool fast_field_str(struct fast *f, const char *key, char **out)
{
	return fast_lit(f, key) && fast_str(f, out) && fast_eol(f);
}

static bool fast_num(struct fast *f, const char *key, size_t *out)
{
	size_t v = 0, n = 0;

	if (!fast_lit(f, key))
		return false;
	while (f->s < f->e && *f->s >= '0' && *f->s <= '9' && n < 15) {
		v = v * 10 + (size_t)(*f->s++ - '0');
		n++;
	}
	if (n == 0 || (n > 1 && f->s[-(long)n] == '0'))
		return false;
	*out = v;
	return fast_eol(f);
}

/* fast_opt: an optional string field: absent, or read into *out */
static bool fast_opt(struct fast *f, const char *key, char **out)
{
	size_t n = strlen(key);

	if ((size_t)(f->e - f->s) <= n || memcmp(f->s, key, n) != 0)
		return true;
	return fast_field_str(f, key, out);
}

static bool fast_item(struct fast *f, struct coding *cd)
{
	memset(cd, 0, sizeof(*cd));
	cd->line = f->line;
	if (!fast_field_str(f, "  - code: ", &cd->code) || !*cd->code ||
	    !fast_num(f, "    start: ", &cd->cp_start) || !fast_num(f, "    end: ", &cd->cp_end) ||
	    cd->cp_end < cd->cp_start || !fast_opt(f, "    quote: ", &cd->quote))
		return false;
	if (!fast_opt(f, "    quote_end: ", &cd->quote_end) ||
	    !fast_opt(f, "    prefix: ", &cd->prefix) || !fast_opt(f, "    suffix: ", &cd->suffix))
		return false;
	if (f->s < f->e && f->e - f->s > 10 && memcmp(f->s, "    memo: ", 10) == 0 &&
	    (!fast_field_str(f, "    memo: ", &cd->memo) || !*cd->memo))
		return false;
	if (!fast_opt(f, "    memo_created: ", &cd->memo_created) ||
	    !fast_opt(f, "    memo_modified: ", &cd->memo_modified))
		return false;
	/* a created that is not a date and time is reported by the slow path */
	return fast_field_str(f, "    created: ", &cd->created) &&
	       codings_created_valid(cd->created);
}

static bool fast_header(struct fast *f, struct parser *p)
{
	const char *tname = p->c->t ? path_basename(p->c->t->path) : "";
	char *tr = NULL, *co = NULL;
	bool ok;

	while (f->s < f->e && *f->s == '#') {
		const char *nl = memchr(f->s, '\n', (size_t)(f->e - f->s));
		if (!nl)
			return false;
		f->s = nl;
		fast_eol(f);
	}
	ok = fast_field_str(f, "transcript: ", &tr) && strcmp(tr, tname) == 0 &&
	     fast_field_str(f, "coder: ", &co) && strcmp(co, p->c->coder) == 0;
	free(tr);
	free(co);
	return ok;
}

static bool fast_parse(struct parser *p, const char *buf, size_t len)
{
	struct fast f = {buf, buf + len, 1};
	struct coding cd;

	if (!utf8_valid(buf, len, NULL) || !fast_header(&f, p))
		return false;
	if (fast_lit(&f, "codings: []"))
		return fast_eol(&f) && f.s == f.e;
	if (!fast_lit(&f, "codings:") || !fast_eol(&f))
		return false;
	while (f.s < f.e) {
		if (!fast_item(&f, &cd)) {
			coding_done(&cd);
			return false;
		}
		VEC_PUSH(p->c->items, p->c->len, p->c->cap, cd);
	}
	return true;
}

/* parse_fast: the canonical layout without libyaml, or NULL to take the slow path. */
static struct codings *parse_fast(const char *buf, size_t len, const char *path,
                                  const struct transcript *t, const char *coder,
                                  const struct codebook *cb, struct diags *d)
{
	struct parser p = {codings_new(path, t, coder), path, cb, d};

	p.c->exists = true;
	if (!fast_parse(&p, buf, len)) {
		codings_free(p.c);
		return NULL;
	}
	reanchor_all(&p);
	return p.c;
}

struct codings *codings_parse(const char *buf, size_t len, const char *path,
                              const struct transcript *t, const char *coder,
                              const struct codebook *cb, struct diags *d)
{
	struct yamlx_doc doc;
	struct parser p;
	struct codings *c = parse_fast(buf, len, path, t, coder, cb, d);

	if (c)
		return c;
	memset(&doc, 0, sizeof(doc));
	if (!yamlx_load(&doc, buf, len, path, d)) {
		yamlx_free(&doc);
		return NULL;
	}
	p = (struct parser){codings_new(path, t, coder), path, cb, d};
	p.c->exists = true;
	parse_root(&p, doc.root);
	yamlx_free(&doc);
	reanchor_all(&p);
	return p.c;
}

/* warn_link: a file read through a link that codings_save would refuse (a coder's
 * directory linked to another's: codings/ana -> ben) is read, and reported */
static void warn_link(const struct codings *c, struct diags *d)
{
	const char *why = NULL;
	char *link = bad_link(c->path, &why);

	if (link)
		diag_add(d, DIAG_WARNING, DK_IO, c->path, 0, 0,
		         "read through %s, a symbolic link %s; gloss will not write it", link, why);
	free(link);
}

struct codings *codings_load(const struct transcript *t, const char *coder,
                             const struct codebook *cb, struct diags *d)
{
	char *path = codings_path(t->path, coder), *buf;
	struct codings *c;
	size_t len;

	buf = read_file(path, CODINGS_MAX_SIZE, &len);
	if (!buf && errno == ENOENT) {
		c = codings_new(path, t, coder);
		c->disk.known = true; /* known to be absent */
		free(path);
		return c;
	}
	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read codings: %s",
		         errno == EFBIG ? "file too large" : read_file_strerror(errno));
		free(path);
		return NULL;
	}
	c = codings_parse(buf, len, path, t, coder, cb, d);
	free(buf);
	if (c)
		warn_link(c, d);
	free(path);
	if (c)
		disk_record(c);
	return c;
}
