/* fuzz_common.h — helpers shared by the libFuzzer targets (tests/fuzz/fuzz_*.c). */
#ifndef GLOSS_FUZZ_COMMON_H
#define GLOSS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gloss/diag.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* FUZZ_ASSERT: a broken contract is a crash libFuzzer records (and says which). */
#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: contract broken: %s\n", __FILE__, __LINE__,        \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

/* fuzz_diags_done: format every diagnostic (exercising diag_format) and free them. Every
 * message must be terminal-safe: no ESC, BEL or C1 CSI byte may survive. */
static inline void fuzz_diags_done(struct diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		char *s = diag_format(&d->items[i]);
		for (const unsigned char *p = (const unsigned char *)s; *p; p++)
			FUZZ_ASSERT(*p != 0x1b && *p != 0x07);
		free(s);
	}
	diags_done(d);
}

#endif
