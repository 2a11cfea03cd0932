/* project.h — a gloss project: a codebook, transcripts and their codings.
 *
 * The project root is the current directory; its settings are SETTINGS_FILE there. The codebook is
 * --codebook FILE, else $GLOSS_CODEBOOK, else the only *.yaml file in ROOT/codebooks/ (several: an
 * error that lists them and asks for --codebook). Transcripts are the PATH arguments (files, or
 * directories searched recursively for *.txt, skipping hidden entries and directories named
 * "codings"), else ROOT/transcripts/. Documents are sorted by path.
 * A document's name (transcript.name) is its file's base name without the extension,
 * unless two documents of the project would get the same name (a/int.txt and b/int.txt,
 * int.txt and int.TXT): then each of those is named by its path relative to ROOT
 * ("transcripts/a/int.txt"), so tallies by document never merge two documents. */
#ifndef GLOSS_PROJECT_H
#define GLOSS_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"
#include "gloss/settings.h"
#include "gloss/transcript.h"

#define CODEBOOK_DIR "codebooks"
#define TRANSCRIPT_DIR "transcripts"

struct codebook;
struct transcript;
struct codings;
struct project;

struct doc {
	struct transcript *t;
	struct codings **sets; /* one per coder that has a file (filtered by opts.coders) */
	size_t nsets;
	void *user; /* the caller's, set by opts.each */
	/* another transcript of the project would share this one's codings files (int and
	 * int.txt in one directory: codings_name): reported as an error, no codings read, and
	 * none may be written */
	bool codings_clash;
};

#define PROJECT_MAX_THREADS 8

struct project_opts {
	const char *codebook; /* --codebook or NULL */
	/* settings: already read by the caller (who keeps them alive and reports their
	 * problems), else NULL: project_open reads SETTINGS_FILE into p->own_settings, its
	 * problems into p->diags */
	const struct settings *settings;
	const char *const *paths; /* PATH arguments */
	size_t npaths;
	const char *const *coders; /* only these coders' codings (none: every coder) */
	size_t ncoders;
	/* no_models: with no coders named, leave out the codings of models (suggest-NAME,
	 * suggest.h): a model's suggestions are counted only where a report names it */
	bool no_models;
	bool no_words;  /* do not count words (TRANSCRIPT_NO_WORDS; grep) */
	bool text_only; /* transcripts hold their text only (TRANSCRIPT_TEXT_ONLY) and no
	                   codings are loaded (grep -c) */
	/* each: when set, called for every document in the thread that loaded it, as soon as
	 * it is loaded (in no particular order; worker is that thread's number, below
	 * PROJECT_MAX_THREADS, for state of its own, such as match data). It may set
	 * doc->user. With drop, the transcript and codings are freed right after the call
	 * (doc->t and doc->sets are NULL in p->docs): one pass over a project of any size in
	 * the memory of a few transcripts. */
	void (*each)(void *ctx, unsigned worker, struct doc *doc);
	void *each_ctx;
	bool drop;
	/* start: when set, called (with each_ctx) once the codebook and settings are read,
	 * before the first document is loaded: what each needs of the project (p->cb) */
	void (*start)(void *ctx, const struct project *p);
};

struct project {
	char *codebook_path;
	struct codebook *cb; /* NULL if it could not be loaded */
	struct doc *docs;
	size_t ndocs;
	char **coders; /* every coder whose codings were loaded, sorted */
	size_t ncoders;
	struct diags diags; /* everything found while loading */
	size_t cb_errors;   /* errors found in the codebook (a codebook with errors must not
	                       be used to tally or to write data) */
	const struct settings *settings; /* opts.settings, or &own_settings */
	struct settings own_settings;
	struct speaker_rules rules; /* from the settings, for every transcript */
};

/* project_open: load everything. Returns NULL only on a fatal problem (no codebook found,
 * no transcripts, an unreadable PATH), with the reason in *d (which must be initialised):
 * kind DK_INVALID when several codebooks need a choice (--codebook, a usage problem),
 * DK_IO otherwise. Otherwise warnings and non-fatal errors are in p->diags; a transcript
 * that cannot be read is left out of p->docs (error in p->diags). */
struct project *project_open(const struct project_opts *o, struct diags *d);
void project_free(struct project *p);
/* project_find_codebook: the codebook path chosen by the rule above (caller frees), or NULL
 * with an error in d. */
char *project_find_codebook(const char *arg, struct diags *d);
/* project_threads: how many threads share n pieces of work (the transcripts to load): one
 * per processor, at most PROJECT_MAX_THREADS, and one below 8 pieces (GLOSS_THREADS
 * overrides, for measuring and testing). */
size_t project_threads(size_t n);
/* project_doc_codings: the codings set of coder in doc, or NULL. */
struct codings *project_doc_codings(const struct project *p, size_t doc, const char *coder);

#endif
