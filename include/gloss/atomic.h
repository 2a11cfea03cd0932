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

#endif
