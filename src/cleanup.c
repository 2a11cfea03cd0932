/* cleanup.c — a fixed table of paths to remove at a signal exit (see cleanup.h). */
#include "gloss/cleanup.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

struct entry {
	volatile sig_atomic_t used; /* set last when adding, cleared first when forgetting */
	bool dir;
	char path[CLEANUP_PATH_MAX];
};

static struct entry table[CLEANUP_MAX];

bool cleanup_add(const char *path, bool dir)
{
	size_t n = strlen(path);

	if (n == 0 || n >= CLEANUP_PATH_MAX)
		return false;
	for (int i = 0; i < CLEANUP_MAX; i++) {
		if (table[i].used)
			continue;
		memcpy(table[i].path, path, n + 1);
		table[i].dir = dir;
		table[i].used = 1;
		return true;
	}
	return false;
}

void cleanup_forget(const char *path)
{
	for (int i = CLEANUP_MAX - 1; i >= 0; i--) {
		if (table[i].used && strcmp(table[i].path, path) == 0) {
			table[i].used = 0;
			return;
		}
	}
}

/* remove_pass: one kind (files, then directories), later entries first */
static void remove_pass(bool dirs)
{
	for (int i = CLEANUP_MAX - 1; i >= 0; i--) {
		if (!table[i].used || table[i].dir != dirs)
			continue;
		if (dirs)
			rmdir(table[i].path); /* fails, harmlessly, unless empty */
		else
			unlink(table[i].path);
		table[i].used = 0;
	}
}

void cleanup_run(void)
{
	remove_pass(false);
	remove_pass(true);
}

int cleanup_count(void)
{
	int n = 0;

	for (int i = 0; i < CLEANUP_MAX; i++)
		n += table[i].used != 0;
	return n;
}
