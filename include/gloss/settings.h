/* settings.h — the project's settings: the file gloss.yaml at the project root (gloss(5)).
 *
 * Every setting is optional and so is the file; it is read only when it is a regular file
 * (a directory, a device or a FIFO of that name is reported and ignored, never opened).
 *
 *   speaker_pattern: '^(\w+) -- '   # PCRE2: a line starting with a match starts a turn
 *   speakers: [interviewee, moi]    # names that start a turn in any case: "moi :"
 *   exact_quotes: false             # true: search matches quotes and dashes as written
 *   mouse: true                     # false: the coder leaves the mouse to the terminal
 *   blind: false                    # true: the coder loads nothing of other coders
 *   agree:                          # the units gloss agree and the compare view count
 *     speakers: [P05]               # only turns of these speakers (ASCII case ignored)
 *     not_speakers: [INTERVIEWER]   # not turns of these
 *   models:                         # gloss suggest --model NAME (suggester.h)
 *     llama: "python3 contrib/gloss-ollama --model llama3.1"
 *     slow: {command: "contrib/gloss-llamacpp", timeout: 600}   # seconds per transcript
 *
 * Problems are diagnostics with file:line:col: a file that cannot be parsed or a value of
 * the wrong type is an error (the setting keeps its default); an unknown key is a warning
 * (gloss never writes this file, so nothing is lost). */
#ifndef GLOSS_SETTINGS_H
#define GLOSS_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

#define SETTINGS_FILE "gloss.yaml"
#define SETTINGS_MAX_SIZE (1u << 20)
#define SETTINGS_MAX_SPEAKERS 1000

struct settings {
	char *speaker_pattern; /* PCRE2 source (it compiles), or NULL */
	char **speakers;       /* known speaker names, as written */
	size_t nspeakers;
	bool exact_quotes; /* default false: quotes, dashes and ellipses match their kin */
	bool mouse;        /* default true */
	bool blind;        /* default false: code blind, as with --blind */
	/* agree.speakers, agree.not_speakers: the turns agreement is measured on (none: all) */
	char **agree_speakers, **agree_not_speakers;
	size_t nagree_speakers, nagree_not_speakers;
	/* models: the suggesting commands by name (gloss suggest --model NAME) */
	struct settings_model {
		char *name, *command;
		unsigned timeout_ms; /* 0: the default */
	} * models;
	size_t nmodels;
};

/* settings_init: the defaults. */
void settings_init(struct settings *s);
/* settings_load: settings_init, then read path when it exists. Returns false when the file
 * exists but has errors (added to d; the settings that were valid are kept). */
bool settings_load(struct settings *s, const char *path, struct diags *d);
void settings_done(struct settings *s);
/* settings_model: the model called name, or NULL. */
const struct settings_model *settings_model(const struct settings *s, const char *name);

#endif
