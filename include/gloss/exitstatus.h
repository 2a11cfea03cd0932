/* exitstatus.h — gloss's exit statuses (gloss(1), EXIT STATUS), shared by both front ends
 * (the headless commands and the coder) so that neither includes the other. */
#ifndef GLOSS_EXITSTATUS_H
#define GLOSS_EXITSTATUS_H

enum {
	GLOSS_EXIT_OK = 0,
	GLOSS_EXIT_PROBLEMS = 1, /* invalid input found (check), or a file could not be loaded */
	GLOSS_EXIT_USAGE = 2,    /* unknown command or option, bad argument */
	GLOSS_EXIT_IO = 3,       /* a write failed; the old file is intact */
};

#endif
