/* pager.h — long output for reading: through $PAGER when standard output is a terminal. */
#ifndef GLOSS_PAGER_H
#define GLOSS_PAGER_H

#include <stdio.h>

/* pager_open: $PAGER (less with LESS=FRX when unset, as git does) when standard output is a
 * terminal and PAGER is neither empty nor cat; SIGPIPE is then ignored (quitting the pager
 * early is not an error). NULL: write to standard output. */
FILE *pager_open(void);
/* pager_close: wait for the pager to finish. */
void pager_close(FILE *fp);

#endif
