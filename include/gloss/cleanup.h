/* cleanup.h — paths to remove when gloss is ended by a signal.
 *
 * The interactive coder registers what it leaves on disk only while it runs (a lock file,
 * directories it created and may leave empty); the signal path (screen.c) removes them with
 * cleanup_run before the process dies. The registry is a fixed table of copies of the paths,
 * so cleanup_run is async-signal-safe (only unlink(2) and rmdir(2)) and may run inside a
 * signal handler. No curses, no allocation. */
#ifndef GLOSS_CLEANUP_H
#define GLOSS_CLEANUP_H

#include <stdbool.h>

/* CLEANUP_MAX entries of at most CLEANUP_PATH_MAX - 1 bytes each. */
#define CLEANUP_MAX 32
#define CLEANUP_PATH_MAX 4096

/* cleanup_add: remove path at a signal exit: a file is unlinked; a directory (dir) is
 * removed only if it is empty then. Files go before directories, later ones first. A path
 * may be registered more than once (each cleanup_forget drops one). false when the table is
 * full or the path too long (then it is simply not removed). */
bool cleanup_add(const char *path, bool dir);
/* cleanup_forget: drop one registration of path (after the normal code removed it or wants
 * to keep it). Nothing happens if it is not registered. */
void cleanup_forget(const char *path);
/* cleanup_run: remove every registered path now and empty the table. Async-signal-safe. */
void cleanup_run(void);
/* cleanup_count: how many paths are registered (for tests). */
int cleanup_count(void);

#endif
