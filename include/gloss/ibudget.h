/* ibudget.h — one budget for everything an import reads and makes.
 *
 * A foreign file (an archive, its XML, the sources it names) can declare anything; what
 * gloss spends on it is counted here, in all, however the archive is laid out: the bytes
 * decompressed from every entry read (an entry named by 80 sources is read, and counted,
 * 80 times), the bytes of every file the import makes, and the XML nodes parsed (counted
 * before parsing as an upper bound: every '<' and every '=' of a document). Memory follows
 * from these: the parsed XML is bounded by its nodes and bytes, the files made by their
 * bytes. The first limit hit is an error naming the file and what ran out; the import
 * then stops and writes nothing. */
#ifndef GLOSS_IBUDGET_H
#define GLOSS_IBUDGET_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

#define IBUDGET_READ ((unsigned long long)256 << 20)
#define IBUDGET_WRITTEN ((unsigned long long)256 << 20)
#define IBUDGET_NODES 3000000ull

struct ibudget {
	unsigned long long read, written, nodes; /* spent so far */
	bool spent;                              /* a limit was hit (and reported) */
};

/* ibudget_read, ibudget_write, ibudget_nodes: charge n; false (with an error about file,
 * naming what: an entry, a file made) when the budget has run out. */
bool ibudget_read(struct ibudget *b, unsigned long long n, const char *file, const char *what,
                  struct diags *d);
bool ibudget_write(struct ibudget *b, unsigned long long n, const char *file, const char *what,
                   struct diags *d);
bool ibudget_nodes(struct ibudget *b, unsigned long long n, const char *file, struct diags *d);

#endif
