/* util.h — allocation, growable buffers and small helpers shared by every module.
 *
 * Allocation failure is handled in one place: the x* functions print a message and
 * exit(EXIT_OOM) (after running the registered fatal hook, which the TUI uses to restore
 * the terminal). No caller checks for NULL from them. */
#ifndef GLOSS_UTIL_H
#define GLOSS_UTIL_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define EXIT_OOM 70

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* xreallocarray: realloc for n elements of size bytes, with overflow check. */
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* xasprintf: printf into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A hook run before a fatal exit (out of memory, die()); the TUI sets it to endwin. */
void util_set_fatal_hook(void (*hook)(void));
/* die: run the fatal hook, print "gloss: MESSAGE" to stderr and exit(status). */
_Noreturn void die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Grow a dynamic array: ensures *cap >= need, reallocating *items (element size elsize). */
void grow_array(void **items, size_t *cap, size_t need, size_t elsize);
#define VEC_PUSH(items, len, cap, value)                                                           \
	do {                                                                                       \
		grow_array((void **)&(items), &(cap), (len) + 1, sizeof(*(items)));                \
		(items)[(len)++] = (value);                                                        \
	} while (0)

/* strbuf — a growable byte buffer, always NUL-terminated (the NUL is not counted in len). */
struct strbuf {
	char *data;
	size_t len, cap;
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}
void sb_init(struct strbuf *sb);
void sb_done(struct strbuf *sb);
void sb_reset(struct strbuf *sb);
void sb_add(struct strbuf *sb, const void *data, size_t len);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_printf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vprintf(struct strbuf *sb, const char *fmt, va_list ap);
/* sb_detach: return the buffer (caller frees) and reset sb. Never NULL. */
char *sb_detach(struct strbuf *sb);

/* read_file: read a whole regular file into a malloc'd buffer (NUL-terminated, *len set).
 * Returns NULL and sets errno on failure. Refuses files larger than max (errno = EFBIG),
 * directories (EISDIR) and anything else that is not a regular file — a FIFO, a device
 * such as /dev/tty, a socket — without blocking on it (errno = READ_FILE_NOT_REGULAR).
 * The file is opened with O_NONBLOCK and checked with fstat before any read. */
char *read_file(const char *path, size_t max, size_t *len);
/* Linux has no "not a regular file" errno; this one is never set by a read otherwise. */
#define READ_FILE_NOT_REGULAR EMEDIUMTYPE
/* read_file_strerror: the reason for a read_file errno, for messages: "not a regular
 * file", "the file is too large" (EFBIG), else strerror(e). */
const char *read_file_strerror(int e);

/* path helpers (all return malloc'd strings) */
char *path_join(const char *dir, const char *name);
char *path_dirname(const char *path);
/* path_stem: the base name without its last extension ("a/b/01-x.txt" -> "01-x"). */
char *path_stem(const char *path);
const char *path_basename(const char *path);
bool path_has_ext(const char *path, const char *ext); /* ext without dot, case-insensitive */
bool path_is_dir(const char *path);
/* path_under: is path (resolved, absolute) dir itself or inside it (dir resolved too)? */
bool path_under(const char *path, const char *dir);
/* mkdir_p: create a directory and its parents (mode 0777 & umask). 0 or -1 with errno. */
int mkdir_p(const char *path);

/* utf8_ctype: set LC_CTYPE from the environment and, when that locale is not UTF-8 (a bare
 * "C" or POSIX locale, as on many fresh machines), to C.UTF-8: gloss reads and writes
 * UTF-8 whatever the locale says, and the terminal layer needs a UTF-8 LC_CTYPE. */
void utf8_ctype(void);

/* now_utc_iso: the current time as "YYYY-MM-DDTHH:MM:SSZ" into buf (>= 21 bytes).
 * Honours SOURCE_DATE_EPOCH so tests are reproducible: decimal digits only, 0 to
 * 253402300799 (9999-12-31T23:59:59Z); any other value is ignored (the current time is
 * used) and util_epoch_problem says so. */
void now_utc_iso(char *buf, size_t size);
/* util_epoch_problem: NULL when SOURCE_DATE_EPOCH is unset, empty or valid, else a
 * warning to show the user ("SOURCE_DATE_EPOCH is not ..."; static, do not free). */
const char *util_epoch_problem(void);

int str_cmp_ptr(const void *a, const void *b); /* qsort helper for char ** */
/* str_hash: FNV-1a of a NUL-terminated string, for the open-addressing tables. */
size_t str_hash(const char *s);
/* sort_array: qsort that accepts an empty (possibly NULL) array, which qsort does not. */
void sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif
