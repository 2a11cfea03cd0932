/* atomic.h — replace a file atomically: write a temp file beside it, fsync, rename, fsync
 * the directory. Either the new contents are complete on disk or the old file is left
 * exactly as it was; a failure at any step removes the temp file and reports which step
 * failed and why. */
#ifndef GLOSS_ATOMIC_H
#define GLOSS_ATOMIC_H

#include <stdbool.h>
#include <stddef.h>

/* atomic_write: replace path with data[0..len). mode is used when the file is new (an
 * existing file keeps its permission bits). Returns 0, or -1 with errno set and a message
 * ("cannot write codings/ana/x.yaml: fsync: No space left on device") in err. The parent
 * directory must exist. */
int atomic_write(const char *path, const void *data, size_t len, int mode, char *err,
                 size_t errsize);

/* atomic_write in two steps, for a change of several files made as one (journal.h):
 * atomic_stage writes data to a new temporary file beside path (named like atomic_write's,
 * ".NAME.tmp.XXXXXX"), with path's permission bits (mode when path is new), fsyncs and
 * closes it, and returns its name in *tmp (caller frees): 0, or -1 with errno and err set
 * and no temporary file left. atomic_commit renames tmp over path and fsyncs the
 * directory: 0, or -1 with errno and err set (the rename either happened or not). */
int atomic_stage(const char *path, const void *data, size_t len, int mode, char **tmp, char *err,
                 size_t errsize);
int atomic_commit(const char *tmp, const char *path, char *err, size_t errsize);

#endif
