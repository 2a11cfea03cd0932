/* test_pool.c — pool_run: every part runs once, parts are taken in order, each after its
 * own part finished. */
#include <stdlib.h>

#include "gloss/pool.h"
#include "t.h"

#define N 7

struct ctx {
	int ran[N];
	size_t taken[N];
	size_t ntaken;
	int bad;
};

static void run(void *arg, size_t k)
{
	struct ctx *c = arg;

	c->ran[k]++;
}

static void take(void *arg, size_t k)
{
	struct ctx *c = arg;

	if (c->ran[k] != 1)
		c->bad++;
	c->taken[c->ntaken++] = k;
}

int main(void)
{
	struct ctx c = {0};
	int order = 1, once = 1;

	pool_run(N, &c, run, take);
	for (size_t k = 0; k < N; k++) {
		once &= c.ran[k] == 1;
		order &= c.taken[k] == k;
	}
	OK(once, "every part ran once");
	IS_INT(c.ntaken, N, "every part taken");
	OK(order, "parts taken in order");
	IS_INT(c.bad, 0, "each part taken after it finished");
	pool_run(0, &c, run, NULL);
	IS_INT(c.ran[0], 1, "no parts: nothing runs");
	return t_done();
}
