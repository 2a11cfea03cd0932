/* zipx.c — safe reading and deterministic writing of zip archives with libzip; see zipx.h. */
#include "gloss/zipx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "gloss/ibudget.h"
#include "gloss/util.h"

struct zipx {
	zip_t *za;
	char *file;
	char **names; /* entry i's name, checked */
	zip_uint64_t *sizes;
	size_t n;
	struct ibudget *budget; /* NULL: none */
};

void zipx_set_budget(struct zipx *z, struct ibudget *b)
{
	z->budget = b;
}

static void zipx_err(struct diags *d, const char *file, const char *fmt, const char *entry)
{
	diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0, fmt, entry);
}

/* name_problem: why an entry name is refused, or NULL */
static const char *name_problem(const char *name)
{
	size_t n = strlen(name);

	if (n == 0)
		return "has an empty name";
	if (name[0] == '/' || name[0] == '\\' ||
	    (n >= 2 && name[1] == ':' && ((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z')))
		return "has an absolute path";
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return "has a control character in its name";
	for (const char *p = name; *p;) {
		size_t k = strcspn(p, "/\\");
		if (k == 2 && p[0] == '.' && p[1] == '.')
			return "has a '..' component (it would leave the directory)";
		p += k;
		if (*p)
			p++;
	}
	return NULL;
}

static bool check_entry(struct zipx *z, zip_uint64_t i, unsigned long long *total, struct diags *d)
{
	zip_stat_t st;
	zip_uint8_t opsys;
	zip_uint32_t attr;
	const char *name = zip_get_name(z->za, i, 0), *why;

	if (!name || zip_stat_index(z->za, i, 0, &st) != 0) {
		zipx_err(d, z->file, "cannot read the archive's directory%s", "");
		return false;
	}
	if ((why = name_problem(name))) {
		diag_add(d, DIAG_ERROR, DK_INVALID, z->file, 0, 0, "entry '%s' %s: refused", name,
		         why);
		return false;
	}
	if (zip_file_get_external_attributes(z->za, i, 0, &opsys, &attr) == 0 &&
	    opsys == ZIP_OPSYS_UNIX && ((attr >> 16) & S_IFMT) == S_IFLNK) {
		zipx_err(d, z->file, "entry '%s' is a symbolic link: refused", name);
		return false;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		zipx_err(d, z->file, "entry '%s' is encrypted: refused", name);
		return false;
	}
	if (!(st.valid & ZIP_STAT_SIZE) || st.size > ZIPX_MAX_ENTRY) {
		zipx_err(d, z->file, "entry '%s' is larger than 256 MiB uncompressed: refused",
		         name);
		return false;
	}
	*total += st.size;
	if (*total > ZIPX_MAX_TOTAL) {
		zipx_err(d, z->file,
		         "the entries hold more than 1 GiB uncompressed (at '%s'): "
		         "refused",
		         name);
		return false;
	}
	z->names[i] = xstrdup(name);
	z->sizes[i] = st.size;
	return true;
}

/* dup_entry: for the message when libzip finds two entries of one name: that name, read
 * from the central directory's headers (caller frees), or NULL */
static char *dup_entry(const char *buf, size_t len)
{
	const unsigned char *b = (const unsigned char *)buf;
	char **names = NULL, *dup = NULL;
	size_t n = 0, cap = 0;

	for (size_t i = 0; i + 46 <= len; i++) {
		size_t nl;
		if (memcmp(b + i, "PK\x01\x02", 4) != 0)
			continue;
		nl = (size_t)b[i + 28] | (size_t)b[i + 29] << 8;
		if (i + 46 + nl > len)
			break;
		VEC_PUSH(names, n, cap, xstrndup(buf + i + 46, nl));
		i += 45 + nl;
	}
	sort_array(names, n, sizeof(*names), str_cmp_ptr);
	for (size_t i = 1; i < n && !dup; i++)
		if (strcmp(names[i - 1], names[i]) == 0)
			dup = xstrdup(names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return dup;
}

struct zipx *zipx_open(const char *buf, size_t len, const char *file, struct diags *d)
{
	zip_error_t ze;
	zip_source_t *src;
	struct zipx *z;
	zip_int64_t n;
	unsigned long long total = 0;

	zip_error_init(&ze);
	src = zip_source_buffer_create(buf, len, 0, &ze);
	z = xcalloc(1, sizeof(*z));
	z->file = xstrdup(file);
	if (src)
		z->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!z->za && zip_error_code_zip(&ze) == ZIP_ER_EXISTS) {
		char *dup = dup_entry(buf, len);
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0,
		         "the archive has two entries named '%s': which one is meant cannot be "
		         "told, refused",
		         dup ? dup : "(a name)");
		free(dup);
	} else if (!z->za) {
		diag_add(d, DIAG_ERROR, DK_SYNTAX, file, 0, 0, "not a readable zip archive: %s",
		         zip_error_strerror(&ze));
	}
	if (!z->za) {
		if (src)
			zip_source_free(src);
		zip_error_fini(&ze);
		zipx_close(z);
		return NULL;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(z->za, 0);
	if (n < 0 || n > ZIPX_MAX_ENTRIES) {
		zipx_err(d, file, "the archive has too many entries (more than 100000)%s", "");
		zipx_close(z);
		return NULL;
	}
	z->n = (size_t)n;
	z->names = xcalloc(z->n + 1, sizeof(*z->names));
	z->sizes = xcalloc(z->n + 1, sizeof(*z->sizes));
	for (size_t i = 0; i < z->n; i++)
		if (!check_entry(z, i, &total, d)) {
			zipx_close(z);
			return NULL;
		}
	return z;
}

void zipx_close(struct zipx *z)
{
	if (!z)
		return;
	if (z->za)
		zip_discard(z->za);
	for (size_t i = 0; i < z->n; i++)
		free(z->names[i]);
	free(z->names);
	free(z->sizes);
	free(z->file);
	free(z);
}

static long find_entry(const struct zipx *z, const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->names[i], name) == 0)
			return (long)i;
	return -1;
}

unsigned long long zipx_size(struct zipx *z, const char *name)
{
	long i = find_entry(z, name);
	return i < 0 ? 0 : (unsigned long long)z->sizes[i];
}

bool zipx_has(struct zipx *z, const char *name)
{
	return find_entry(z, name) >= 0;
}

size_t zipx_count(const struct zipx *z)
{
	return z->n;
}

const char *zipx_name(struct zipx *z, size_t i)
{
	return i < z->n ? z->names[i] : NULL;
}

char *zipx_read(struct zipx *z, const char *name, size_t *len, struct diags *d)
{
	long i = find_entry(z, name);
	zip_file_t *zf;
	size_t want, got = 0;
	char *buf, extra;
	zip_int64_t r;

	if (i < 0) {
		zipx_err(d, z->file, "the archive has no entry '%s'", name);
		return NULL;
	}
	want = (size_t)z->sizes[i];
	if (z->budget && !ibudget_read(z->budget, want, z->file, name, d))
		return NULL;
	zf = zip_fopen_index(z->za, (zip_uint64_t)i, 0);
	if (!zf) {
		diag_add(d, DIAG_ERROR, DK_IO, z->file, 0, 0, "cannot read entry '%s': %s", name,
		         zip_strerror(z->za));
		return NULL;
	}
	buf = xmalloc(want + 1);
	while (got < want && (r = zip_fread(zf, buf + got, want - got)) > 0)
		got += (size_t)r;
	/* one byte more than declared would be a lie about the size (a zip bomb) */
	r = got == want ? zip_fread(zf, &extra, 1) : -1;
	if (got != want || r != 0) {
		diag_add(d, DIAG_ERROR, DK_INVALID, z->file, 0, 0,
		         "entry '%s' does not hold the %zu bytes it declares (%s): refused", name,
		         want, r < 0 ? zip_file_strerror(zf) : "more data follows");
		zip_fclose(zf);
		free(buf);
		return NULL;
	}
	if (zip_fclose(zf) != 0) {
		diag_add(d, DIAG_ERROR, DK_INVALID, z->file, 0, 0, "entry '%s' is damaged", name);
		free(buf);
		return NULL;
	}
	buf[got] = '\0';
	*len = got;
	return buf;
}

/* ---- writing ---- */

struct zipw {
	zip_source_t *src;
	zip_t *za;
	bool store; /* entries stored, not deflated */
};

struct zipw *zipw_new(void)
{
	struct zipw *w = xcalloc(1, sizeof(*w));
	zip_error_t ze;

	zip_error_init(&ze);
	w->src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!w->src)
		die(EXIT_OOM, "cannot create a zip archive in memory: %s", zip_error_strerror(&ze));
	zip_source_keep(w->src);
	w->za = zip_open_from_source(w->src, ZIP_TRUNCATE, &ze);
	if (!w->za)
		die(EXIT_OOM, "cannot create a zip archive in memory: %s", zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return w;
}

bool zipw_add(struct zipw *w, const char *name, const void *data, size_t len, char *err,
              size_t errsize)
{
	void *copy = len ? xmalloc(len) : NULL; /* libzip does not free an empty buffer */
	zip_source_t *s;
	zip_int64_t i;

	if (len)
		memcpy(copy, data, len);
	s = zip_source_buffer(w->za, copy, len, len > 0);
	if (!s) {
		free(copy);
		snprintf(err, errsize, "zip: %s", zip_strerror(w->za));
		return false;
	}
	i = zip_file_add(w->za, name, s, ZIP_FL_ENC_UTF_8);
	if (i < 0) {
		zip_source_free(s);
		snprintf(err, errsize, "zip: %s: %s", name, zip_strerror(w->za));
		return false;
	}
	if (w->store && zip_set_file_compression(w->za, (zip_uint64_t)i, ZIP_CM_STORE, 0) != 0) {
		snprintf(err, errsize, "zip: %s: %s", name, zip_strerror(w->za));
		return false;
	}
	/* a fixed time (1 January 2000): two exports of one project are the same bytes */
	zip_file_set_mtime(w->za, (zip_uint64_t)i, 946684800, 0);
	return true;
}

void zipw_store(struct zipw *w)
{
	w->store = true;
}

char *zipw_finish(struct zipw *w, size_t *len, char *err, size_t errsize)
{
	zip_stat_t st;
	char *buf = NULL;

	if (zip_close(w->za) != 0) {
		snprintf(err, errsize, "zip: %s", zip_strerror(w->za));
		zip_discard(w->za);
		goto out;
	}
	if (zip_source_stat(w->src, &st) != 0 || zip_source_open(w->src) != 0) {
		snprintf(err, errsize, "zip: cannot read the archive back");
		goto out;
	}
	buf = xmalloc(st.size + 1);
	if (zip_source_read(w->src, buf, st.size) != (zip_int64_t)st.size) {
		snprintf(err, errsize, "zip: cannot read the archive back");
		free(buf);
		buf = NULL;
	}
	*len = buf ? (size_t)st.size : 0;
	zip_source_close(w->src);
out:
	zip_source_free(w->src);
	free(w);
	return buf;
}
