/* pool.h — a piece of work shared among threads: parts formatted or collected side by
 * side, then taken in order. No knowledge of what the parts are; the core's quotes and the
 * CLI's reports use it.
 *
 * pool_run(n, ctx, run, take): run(ctx, k) for every part k in [0, n): part 0 in the
 * calling thread, the others in threads of their own (a part whose thread cannot be started
 * runs in the calling thread); then, in the calling thread and in order k = 0, 1, ..., as
 * soon as part k is finished, take(ctx, k) (take may be NULL). run must only touch state of
 * its own part; take may touch anything. Returns when every part is taken. */
#ifndef GLOSS_POOL_H
#define GLOSS_POOL_H

#include <stddef.h>

typedef void (*pool_fn)(void *ctx, size_t k);

void pool_run(size_t n, void *ctx, pool_fn run, pool_fn take);

#endif
