/* util.c — allocation, buffers, paths, time. */
#include "gloss/util.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void (*fatal_hook)(void);

void util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

_Noreturn void die(int status, const char *fmt, ...)
{
	va_list ap;

	if (fatal_hook)
		fatal_hook();
	fputs("gloss: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void *check_alloc(void *p)
{
	if (!p)
		die(EXIT_OOM, "out of memory");
	return p;
}

void *xmalloc(size_t n)
{
	return check_alloc(malloc(n ? n : 1));
}

void *xcalloc(size_t n, size_t size)
{
	return check_alloc(calloc(n ? n : 1, size ? size : 1));
}

void *xrealloc(void *p, size_t n)
{
	return check_alloc(realloc(p, n ? n : 1));
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	if (size && n > SIZE_MAX / size)
		die(EXIT_OOM, "out of memory (size overflow)");
	return xrealloc(p, n * size);
}

char *xstrdup(const char *s)
{
	return check_alloc(strdup(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(&sb, fmt, ap);
	va_end(ap);
	return sb_detach(&sb);
}

void grow_array(void **items, size_t *cap, size_t need, size_t elsize)
{
	size_t ncap;

	if (need <= *cap)
		return;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2)
			die(EXIT_OOM, "out of memory (array too large)");
		ncap *= 2;
	}
	*items = xreallocarray(*items, ncap, elsize);
	*cap = ncap;
}

void sb_init(struct strbuf *sb)
{
	sb->data = NULL;
	sb->len = sb->cap = 0;
}

void sb_done(struct strbuf *sb)
{
	free(sb->data);
	sb_init(sb);
}

void sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->data)
		sb->data[0] = '\0';
}

static void sb_reserve(struct strbuf *sb, size_t extra)
{
	if (extra > SIZE_MAX - sb->len - 1)
		die(EXIT_OOM, "out of memory (buffer too large)");
	grow_array((void **)&sb->data, &sb->cap, sb->len + extra + 1, 1);
}

void sb_add(struct strbuf *sb, const void *data, size_t len)
{
	sb_reserve(sb, len);
	if (len)
		memcpy(sb->data + sb->len, data, len);
	sb->len += len;
	sb->data[sb->len] = '\0';
}

void sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void sb_addc(struct strbuf *sb, char c)
{
	sb_add(sb, &c, 1);
}

void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return;
	sb_reserve(sb, (size_t)n);
	vsnprintf(sb->data + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

char *sb_detach(struct strbuf *sb)
{
	char *p;

	if (!sb->data)
		sb_reserve(sb, 0), sb->data[0] = '\0';
	p = sb->data;
	sb_init(sb);
	return p;
}

/* not_regular: errno for a file that is not a regular file */
static int not_regular(const struct stat *st)
{
	return S_ISDIR(st->st_mode) ? EISDIR : READ_FILE_NOT_REGULAR;
}

/* open_regular: open path for reading only when it is a regular file: stat first, so a
 * device is never opened, then open without blocking (a FIFO swapped in meanwhile) and
 * check again what was opened. errno EISDIR or READ_FILE_NOT_REGULAR otherwise. */
static int open_regular(const char *path, struct stat *st)
{
	int fd, e;

	if (stat(path, st) < 0)
		return -1;
	if (!S_ISREG(st->st_mode)) {
		errno = not_regular(st);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) == 0 && S_ISREG(st->st_mode))
		return fd;
	e = errno;
	if (fstat(fd, st) == 0)
		e = not_regular(st);
	close(fd);
	errno = e;
	return -1;
}

const char *read_file_strerror(int e)
{
	if (e == READ_FILE_NOT_REGULAR)
		return "not a regular file";
	if (e == EFBIG)
		return "the file is too large";
	return strerror(e);
}

char *read_file(const char *path, size_t max, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd = open_regular(path, &st);

	if (fd < 0)
		return NULL;
	if ((size_t)st.st_size > max) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	sb_reserve(&sb, (size_t)st.st_size);
	for (;;) {
		ssize_t n;

		sb_reserve(&sb, 65536);
		n = read(fd, sb.data + sb.len, sb.cap - sb.len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			sb_done(&sb);
			errno = e;
			return NULL;
		}
		if (n == 0)
			break;
		sb.len += (size_t)n;
		if (sb.len > max) {
			close(fd);
			sb_done(&sb);
			errno = EFBIG;
			return NULL;
		}
	}
	close(fd);
	sb_reserve(&sb, 0);
	sb.data[sb.len] = '\0';
	*len = sb.len;
	return sb_detach(&sb);
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir);

	if (n == 0 || strcmp(dir, ".") == 0)
		return xstrdup(name);
	return xasprintf("%s%s%s", dir, dir[n - 1] == '/' ? "" : "/", name);
}

char *path_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *path_stem(const char *path)
{
	const char *base = path_basename(path);
	const char *dot = strrchr(base, '.');

	if (!dot || dot == base)
		return xstrdup(base);
	return xstrndup(base, (size_t)(dot - base));
}

bool path_has_ext(const char *path, const char *ext)
{
	const char *base = path_basename(path);
	const char *dot = strrchr(base, '.');

	return dot && dot != base && strcasecmp(dot + 1, ext) == 0;
}

bool path_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0' || n == 1);
}

int mkdir_p(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
		if (rc)
			break;
	}
	if (!rc && mkdir(p, 0777) < 0 && errno != EEXIST)
		rc = -1;
	if (!rc && !path_is_dir(p)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

/* The last second that fits "YYYY-MM-DDTHH:MM:SSZ": 9999-12-31T23:59:59Z. */
#define EPOCH_MAX 253402300799LL

/* epoch_from_env: SOURCE_DATE_EPOCH as seconds, when it is set and valid (decimal digits
 * only, 0 to EPOCH_MAX); -1 when unset or invalid. */
static long long epoch_from_env(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	long long v = 0;

	if (!s || !*s || strspn(s, "0123456789") != strlen(s) || strlen(s) > 12)
		return -1;
	for (; *s; s++)
		v = v * 10 + (*s - '0');
	return v <= EPOCH_MAX ? v : -1;
}

const char *util_epoch_problem(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");

	if (!s || !*s || epoch_from_env() >= 0)
		return NULL;
	return "SOURCE_DATE_EPOCH is not a whole number of seconds from 0 to 253402300799 "
	       "(year 9999); new codings get the current time";
}

void now_utc_iso(char *buf, size_t size)
{
	long long sde = epoch_from_env();
	time_t t = sde >= 0 ? (time_t)sde : time(NULL);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, size, "1970-01-01T00:00:00Z");
}

int str_cmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

size_t str_hash(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * (size_t)1099511628211ull;
	return h;
}

void utf8_ctype(void)
{
	const char *cs;

	setlocale(LC_CTYPE, "");
	cs = nl_langinfo(CODESET);
	if (!cs || (strcasecmp(cs, "UTF-8") != 0 && strcasecmp(cs, "utf8") != 0))
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "C.utf8");
}
