/* pool.c — parts of a piece of work run side by side, taken in order (see pool.h). */
#include "gloss/pool.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "gloss/util.h"

struct pool_part {
	void *ctx;
	pool_fn run;
	size_t k;
	pthread_t tid;
	bool started;
};

static void *part_main(void *arg)
{
	struct pool_part *pt = arg;

	pt->run(pt->ctx, pt->k);
	return NULL;
}

void pool_run(size_t n, void *ctx, pool_fn run, pool_fn take)
{
	struct pool_part *parts;

	if (n == 0)
		return;
	parts = xcalloc(n, sizeof(*parts));
	for (size_t k = 0; k < n; k++)
		parts[k] = (struct pool_part){.ctx = ctx, .run = run, .k = k};
	for (size_t k = 1; k < n; k++)
		parts[k].started = pthread_create(&parts[k].tid, NULL, part_main, &parts[k]) == 0;
	run(ctx, 0);
	for (size_t k = 0; k < n; k++) {
		if (parts[k].started)
			pthread_join(parts[k].tid, NULL);
		else if (k > 0)
			run(ctx, k);
		if (take)
			take(ctx, k);
	}
	free(parts);
}
