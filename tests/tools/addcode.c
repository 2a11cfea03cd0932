/* addcode — a headless writer of in-vivo codes for tests: adds each NAME to the codebook
 * at top level, one at a time, the way the interactive coder's in-vivo key does (a slug of
 * the name as the id, codebook_append_code), each from the codebook as this process last
 * loaded it. Two of these running at once are two coders adding codes at the same moment.
 *
 *   addcode CODEBOOK NAME...
 *
 * Prints "added ID" for each code once it is saved. Exit: 0 ok, 1 the codebook cannot be
 * loaded, 2 usage, 3 a code could not be added (the message on stderr). */
#include <stdio.h>
#include <stdlib.h>

#include "gloss/codebook.h"
#include "gloss/diag.h"
#include "gloss/util.h"

int main(int argc, char **argv)
{
	struct codebook *cb;
	struct diags d;
	int rc = 0;

	if (argc < 3) {
		fputs("usage: addcode CODEBOOK NAME...\n", stderr);
		return 2;
	}
	diags_init(&d);
	cb = codebook_load(argv[1], &d);
	if (!cb || d.errors) {
		diags_print(&d, stderr, DIAG_ERROR);
		return 1;
	}
	for (int i = 2; i < argc && rc == 0; i++) {
		char *id = codebook_slug(cb, argv[i]);

		diags_done(&d);
		diags_init(&d);
		if (codebook_append_code(&cb, NULL, id, argv[i], 0, NULL, &d)) {
			printf("added %s\n", id);
			fflush(stdout);
		} else {
			diags_print(&d, stderr, DIAG_ERROR);
			rc = 3;
		}
		free(id);
	}
	diags_done(&d);
	codebook_free(cb);
	return rc;
}
