/* ibudget.c — the import's budget; see ibudget.h. */
#include "gloss/ibudget.h"

static bool charge(struct ibudget *b, unsigned long long *spent, unsigned long long n,
                   unsigned long long max)
{
	if (b->spent || n > max - *spent) {
		b->spent = true;
		return false;
	}
	*spent += n;
	return true;
}

bool ibudget_read(struct ibudget *b, unsigned long long n, const char *file, const char *what,
                  struct diags *d)
{
	bool was = b->spent;

	if (charge(b, &b->read, n, IBUDGET_READ))
		return true;
	if (!was)
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0,
		         "reading '%s' would take the import past 256 MiB decompressed in all "
		         "(an archive whose entries are read again and again, or a zip bomb): "
		         "refused",
		         what);
	return false;
}

bool ibudget_write(struct ibudget *b, unsigned long long n, const char *file, const char *what,
                   struct diags *d)
{
	bool was = b->spent;

	if (charge(b, &b->written, n, IBUDGET_WRITTEN))
		return true;
	if (!was)
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0,
		         "making '%s' would take the import past 256 MiB of files in all: refused",
		         what);
	return false;
}

bool ibudget_nodes(struct ibudget *b, unsigned long long n, const char *file, struct diags *d)
{
	bool was = b->spent;

	if (charge(b, &b->nodes, n, IBUDGET_NODES))
		return true;
	if (!was)
		diag_add(d, DIAG_ERROR, DK_INVALID, file, 0, 0,
		         "the XML would take the import past 3,000,000 elements and attributes "
		         "in all: refused");
	return false;
}
