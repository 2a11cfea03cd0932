/* memos.c — memos on documents, codes and the project: one file a coder under memos/
 * (memos.h). Read with yamlx, written through the writer (writer.h) under the file's lock. */
#include "gloss/memos.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/codings.h"
#include "gloss/lock.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

static const char *const kind_names[] = {"document", "code", "project"};

const char *memo_kind_name(enum memo_kind k)
{
	return (unsigned)k < ARRAY_LEN(kind_names) ? kind_names[k] : "?";
}

bool memo_kind_parse(const char *s, enum memo_kind *k)
{
	for (size_t i = 0; i < ARRAY_LEN(kind_names); i++)
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum memo_kind)i;
			return true;
		}
	return false;
}

static void memo_done(struct memo *mo)
{
	free(mo->target);
	free(mo->coder);
	free(mo->text);
}

void memos_free(struct memos *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->len; i++)
		memo_done(&m->items[i]);
	free(m->items);
	for (size_t i = 0; i < m->nreadonly; i++)
		free(m->readonly[i]);
	free(m->readonly);
	free(m->root);
	free(m);
}

static struct memo *push(struct memos *m)
{
	grow_array((void **)&m->items, &m->cap, m->len + 1, sizeof(*m->items));
	memset(&m->items[m->len], 0, sizeof(*m->items));
	return &m->items[m->len++];
}

static void set_readonly(struct memos *m, const char *coder)
{
	m->readonly = xreallocarray(m->readonly, m->nreadonly + 1, sizeof(*m->readonly));
	m->readonly[m->nreadonly++] = xstrdup(coder);
}

static bool is_readonly(const struct memos *m, const char *coder)
{
	for (size_t i = 0; i < m->nreadonly; i++)
		if (strcmp(m->readonly[i], coder) == 0)
			return true;
	return false;
}

static char *file_of(const char *root, const char *coder)
{
	char *dir = path_join(root, MEMOS_DIR), *name = xasprintf("%s.yaml", coder);
	char *p = path_join(dir, name);

	free(dir);
	free(name);
	return p;
}

/* ---- reading ---------------------------------------------------------------------- */

static bool bad(struct diags *d, const char *file, const struct yamlx_node *n, const char *what)
{
	diag_add(d, DIAG_ERROR, DK_INVALID, file, n ? n->line : 0, n ? n->col : 0, "%s", what);
	return false;
}

static bool get_scalar(const struct yamlx_node *item, const char *key, const char *file,
                       struct diags *d, const char **out)
{
	const struct yamlx_node *v = yamlx_get(item, key);

	*out = NULL;
	if (!v)
		return true;
	if (v->type != YX_SCALAR) {
		diag_add(d, DIAG_ERROR, DK_SYNTAX, file, v->line, v->col,
		         "%s must be a string, not %s", key, yamlx_type_name(v));
		return false;
	}
	if (strlen(v->str) != v->len)
		return bad(d, file, v, "a NUL character in a memo file");
	*out = v->str;
	return true;
}

static bool read_item(struct memos *m, const char *coder, const struct yamlx_node *item,
                      const char *file, struct diags *d)
{
	static const char *const known[] = {"kind", "target", "created", "modified", "memo"};
	const char *kind = NULL, *target = NULL, *created = NULL, *modified = NULL, *text = NULL;
	enum memo_kind k;
	struct memo *mo;
	bool ok = true;

	if (item->type != YX_MAP)
		return bad(d, file, item, "a memo must be a mapping (kind, target, memo)");
	for (size_t i = 0; i < item->n; i++) {
		const struct yamlx_node *key = item->keys[i];
		bool found = false;

		for (size_t j = 0; key->type == YX_SCALAR && j < ARRAY_LEN(known); j++)
			found |= strcmp(key->str, known[j]) == 0;
		if (!found) {
			diag_add(d, DIAG_ERROR, DK_UNKNOWN, file, key->line, key->col,
			         "unknown field '%s' in a memo (gloss will not write this file)",
			         key->type == YX_SCALAR ? key->str : "?");
			ok = false;
		}
	}
	if (!get_scalar(item, "kind", file, d, &kind) ||
	    !get_scalar(item, "target", file, d, &target) ||
	    !get_scalar(item, "created", file, d, &created) ||
	    !get_scalar(item, "modified", file, d, &modified) ||
	    !get_scalar(item, "memo", file, d, &text))
		return false;
	if (!kind || !memo_kind_parse(kind, &k))
		return bad(d, file, yamlx_get(item, "kind") ? yamlx_get(item, "kind") : item,
		           "a memo's kind must be document, code or project");
	if (k != MEMO_PROJECT && (!target || !*target))
		return bad(d, file, item, "a document or code memo needs a target");
	if (k == MEMO_PROJECT)
		target = "";
	if (memos_find(m, coder, k, target) >= 0)
		return bad(d, file, item, "a second memo on the same target");
	if (!ok)
		return false;
	mo = push(m);
	mo->kind = k;
	mo->target = xstrdup(target);
	mo->coder = xstrdup(coder);
	mo->text = xstrdup(text ? text : "");
	snprintf(mo->created, sizeof(mo->created), "%s", created ? created : "");
	snprintf(mo->modified, sizeof(mo->modified), "%s", modified ? modified : "");
	return true;
}

static void load_file(struct memos *m, const char *coder, struct diags *d)
{
	char *path = file_of(m->root, coder), *buf;
	struct yamlx_doc doc = {0};
	const struct yamlx_node *list;
	bool ok = true;
	size_t len;

	buf = read_file(path, MEMOS_MAX_SIZE, &len);
	if (!buf) {
		if (errno != ENOENT) {
			diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read memos: %s",
			         errno == EFBIG ? "file too large" : read_file_strerror(errno));
			set_readonly(m, coder);
		}
		free(path);
		return;
	}
	if (!yamlx_load(&doc, buf, len, path, d)) {
		set_readonly(m, coder);
		free(buf);
		free(path);
		return;
	}
	list = doc.root ? yamlx_get(doc.root, "memos") : NULL;
	if (doc.root && (doc.root->type != YX_MAP || (list && list->type != YX_SEQ)))
		ok = bad(d, path, doc.root, "a memo file is a mapping with a list 'memos'");
	for (size_t i = 0; ok && list && i < list->n; i++)
		ok &= read_item(m, coder, list->items[i], path, d);
	if (!ok)
		set_readonly(m, coder);
	yamlx_free(&doc);
	free(buf);
	free(path);
}

static bool wanted(const char *coder, const char *const *coders, size_t ncoders)
{
	if (!ncoders)
		return true;
	for (size_t i = 0; i < ncoders; i++)
		if (strcmp(coders[i], coder) == 0)
			return true;
	return false;
}

struct memos *memos_new(const char *root)
{
	struct memos *m = xcalloc(1, sizeof(*m));

	m->root = xstrdup(root);
	return m;
}

struct memos *memos_load(const char *root, const char *const *coders, size_t ncoders,
                         struct diags *d)
{
	struct memos *m = xcalloc(1, sizeof(*m));
	char *dir = path_join(root, MEMOS_DIR);
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	DIR *dp;

	m->root = xstrdup(root);
	dp = opendir(dir);
	if (!dp) {
		if (errno != ENOENT)
			diag_add(d, DIAG_ERROR, DK_IO, dir, 0, 0, "cannot read memos: %s",
			         strerror(errno));
		free(dir);
		return m;
	}
	while ((e = readdir(dp))) {
		char *stem;

		if (e->d_name[0] == '.' || !path_has_ext(e->d_name, "yaml"))
			continue;
		stem = path_stem(e->d_name);
		if (!codings_coder_valid(stem) || !wanted(stem, coders, ncoders)) {
			free(stem);
			continue;
		}
		grow_array((void **)&names, &cap, n + 1, sizeof(*names));
		names[n++] = stem;
	}
	closedir(dp);
	sort_array(names, n, sizeof(*names), str_cmp_ptr);
	for (size_t i = 0; i < n; i++) {
		load_file(m, names[i], d);
		free(names[i]);
	}
	free(names);
	free(dir);
	memos_sort(m);
	return m;
}

/* ---- changing --------------------------------------------------------------------- */

long memos_find(const struct memos *m, const char *coder, enum memo_kind kind, const char *target)
{
	if (!target)
		target = "";
	for (size_t i = 0; i < m->len; i++)
		if (m->items[i].kind == kind && strcmp(m->items[i].coder, coder) == 0 &&
		    (kind == MEMO_PROJECT || strcmp(m->items[i].target, target) == 0))
			return (long)i;
	return -1;
}

void memos_remove(struct memos *m, size_t i)
{
	if (i >= m->len)
		return;
	memo_done(&m->items[i]);
	memmove(&m->items[i], &m->items[i + 1], (m->len - i - 1) * sizeof(*m->items));
	m->len--;
}

bool memos_set(struct memos *m, const char *coder, enum memo_kind kind, const char *target,
               const char *text, const char *now)
{
	long i = memos_find(m, coder, kind, target);
	char stamp[32];
	struct memo *mo;

	if (!now) {
		now_utc_iso(stamp, sizeof(stamp));
		now = stamp;
	}
	if (!text || !*text) {
		if (i < 0)
			return false;
		memos_remove(m, (size_t)i);
		return true;
	}
	if (i >= 0) {
		mo = &m->items[i];
		if (strcmp(mo->text, text) == 0)
			return false;
		free(mo->text);
		mo->text = xstrdup(text);
		snprintf(mo->modified, sizeof(mo->modified), "%s", now);
		return true;
	}
	mo = push(m);
	mo->kind = kind;
	mo->target = xstrdup(kind == MEMO_PROJECT || !target ? "" : target);
	mo->coder = xstrdup(coder);
	mo->text = xstrdup(text);
	snprintf(mo->created, sizeof(mo->created), "%s", now);
	snprintf(mo->modified, sizeof(mo->modified), "%s", now);
	return true;
}

static int cmp_memo(const void *a, const void *b)
{
	const struct memo *x = a, *y = b;
	int r;

	if (x->kind != y->kind)
		return x->kind == MEMO_PROJECT   ? -1
		       : y->kind == MEMO_PROJECT ? 1
		                                 : (int)x->kind - (int)y->kind;
	r = strcmp(x->target, y->target);
	return r ? r : strcmp(x->coder, y->coder);
}

void memos_sort(struct memos *m)
{
	sort_array(m->items, m->len, sizeof(*m->items), cmp_memo);
}

/* ---- writing ---------------------------------------------------------------------- */

static void write_field(struct strbuf *sb, const char *key, const char *s)
{
	sb_printf(sb, "    %s: ", key);
	yamlx_write_str(sb, s, strlen(s));
	sb_addc(sb, '\n');
}

/* check_place: the memos directory and the file must not be symbolic links */
static int check_place(const char *root, const char *path, char *err, size_t errsize)
{
	char *dir = path_join(root, MEMOS_DIR);
	const char *steps[] = {dir, path};
	struct stat st;

	for (size_t i = 0; i < ARRAY_LEN(steps); i++)
		if (lstat(steps[i], &st) == 0 && S_ISLNK(st.st_mode)) {
			snprintf(
			    err, errsize,
			    "cannot write %s: %s is a symbolic link (gloss will not write through "
			    "a link); nothing was written",
			    path, steps[i]);
			free(dir);
			errno = EPERM;
			return -1;
		}
	free(dir);
	return 0;
}

char *memos_format(struct memos *m, const char *coder, size_t *len, size_t *count)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	memos_sort(m);
	sb_printf(&sb, "# %s's memos on documents, codes and the project (gloss(5))\nmemos:\n",
	          coder);
	for (size_t i = 0; i < m->len; i++) {
		const struct memo *mo = &m->items[i];

		if (strcmp(mo->coder, coder) != 0)
			continue;
		n++;
		sb_printf(&sb, "  - kind: %s\n", memo_kind_name(mo->kind));
		if (mo->kind != MEMO_PROJECT)
			write_field(&sb, "target", mo->target);
		if (*mo->created)
			write_field(&sb, "created", mo->created);
		if (*mo->modified)
			write_field(&sb, "modified", mo->modified);
		write_field(&sb, "memo", mo->text);
	}
	*len = sb.len;
	if (count)
		*count = n;
	return sb_detach(&sb);
}

int memos_save(struct memos *m, const char *coder, char *err, size_t errsize)
{
	char *path = file_of(m->root, coder);
	char *text;
	size_t n = 0, len;
	int fd, rc = -1;

	if (is_readonly(m, coder)) {
		snprintf(err, errsize,
		         "cannot write %s: it had errors when it was read (fix them first; nothing "
		         "was changed)",
		         path);
		free(path);
		errno = EINVAL;
		return -1;
	}
	if (check_place(m->root, path, err, errsize) < 0) {
		free(path);
		return -1;
	}
	fd = lock_take(path, LOCK_MKDIR | LOCK_WAIT, err, errsize);
	if (fd < 0) {
		if (fd == LOCK_BUSY)
			snprintf(err, errsize, "cannot write %s: another gloss holds its lock",
			         path);
		free(path);
		return -1;
	}
	text = memos_format(m, coder, &len, &n);
	if (!n) {
		if (unlink(path) == 0 || errno == ENOENT)
			rc = 0;
		else
			snprintf(err, errsize, "cannot remove %s: %s", path, strerror(errno));
	} else {
		/* below the project's directory nothing may be a link (writer.h) */
		size_t rl = strlen(m->root);
		size_t base =
		    strncmp(path, m->root, rl) == 0 && path[rl] == '/' ? rl + 1 : writer_base(path);
		rc = writer_write(&(struct writer_file){path, base, text, len, 0644}, 0, err,
		                  errsize) == WRITER_OK
		         ? 0
		         : -1;
	}
	free(text);
	lock_release(fd);
	free(path);
	return rc;
}
