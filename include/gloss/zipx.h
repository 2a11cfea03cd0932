/* zipx.h — reading zip archives from other programs (.docx, .qdpx) safely, with libzip.
 *
 * zipx_open checks every entry before anything is read and refuses the whole archive
 * (an error naming the archive and the entry) when an entry
 *  - has a name that could escape a directory (zip-slip): empty, absolute ("/x", "\x",
 *    "C:x"), or with a ".." component, or a NUL or control character;
 *  - is a symbolic link (Unix mode bits in the external attributes);
 *  - is encrypted;
 *  - declares more than ZIPX_MAX_ENTRY bytes uncompressed, or all entries together more
 *    than ZIPX_MAX_TOTAL (a zip bomb), or there are more than ZIPX_MAX_ENTRIES entries.
 * zipx_read then never returns more than the entry declared: an entry whose data turns out
 * longer than declared, or whose checksum is wrong, is an error. Nothing is ever written
 * to disk under an entry's name. */
#ifndef GLOSS_ZIPX_H
#define GLOSS_ZIPX_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

#define ZIPX_MAX_ENTRY ((size_t)256 << 20)
#define ZIPX_MAX_TOTAL ((unsigned long long)1 << 30)
#define ZIPX_MAX_ENTRIES 100000

struct zipx;

/* zipx_open: open the archive in buf[0..len) (not copied: buf must outlive it); file
 * names it in messages. NULL with an error in d. */
struct zipx *zipx_open(const char *buf, size_t len, const char *file, struct diags *d);
void zipx_close(struct zipx *z);
/* zipx_set_budget: charge every zipx_read of z to b (ibudget.h): what is read, in all. */
struct ibudget;
void zipx_set_budget(struct zipx *z, struct ibudget *b);
/* zipx_has: is there an entry with exactly this name? */
bool zipx_has(struct zipx *z, const char *name);
/* zipx_read: the data of entry name, NUL-terminated (caller frees, *len set); NULL with an
 * error in d when it is missing or cannot be read. */
char *zipx_read(struct zipx *z, const char *name, size_t *len, struct diags *d);
/* zipx_size: the uncompressed size entry name declares (zipx_read holds it to that), or 0
 * when there is no such entry. */
unsigned long long zipx_size(struct zipx *z, const char *name);
/* zipx_count / zipx_name: the entries, in archive order. */
size_t zipx_count(const struct zipx *z);
const char *zipx_name(struct zipx *z, size_t i);

/* zipw — writing an archive in memory (deterministic: fixed times, entries in the order
 * added, deflated). */
struct zipw;
struct zipw *zipw_new(void);
/* zipw_add: add an entry holding a copy of data[0..len). false with a reason in err. */
bool zipw_add(struct zipw *w, const char *name, const void *data, size_t len, char *err,
              size_t errsize);
/* zipw_store: entries added from now on are stored, not deflated (the fuzz targets, which
 * zip every input: a deflate stream's set-up costs more than the import they test). */
void zipw_store(struct zipw *w);
/* zipw_finish: the archive's bytes (caller frees); NULL with a reason in err. Frees w. */
char *zipw_finish(struct zipw *w, size_t *len, char *err, size_t errsize);

#endif
