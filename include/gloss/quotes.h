/* quotes.h — retrieval: the coded passages of a set of codes, with everything needed to
 * quote them. The one query behind `gloss quotes`, `gloss memos` and the coder's retrieval
 * and memo views.
 *
 * A quote is one passage coded with one code: (document, start, end, code), whoever coded
 * it. The codings of several coders with the same code on the same range make one quote
 * that lists each coder (with their memo and date); per_coder makes one quote of each.
 * A code's quotes (without per_coder) are its passages as tally counts them. Only codings that
 * count are quoted (coding_counted: drifted and ambiguous ones are not); those of the chosen codes
 * that do not count are counted in quote_list.skipped.
 *
 * Order: grouped by code in codebook order (a code not in the codebook after them, by id),
 * then by document (the project's order, by path), then by start and end.
 * Every pointer in a quote is borrowed from the project (codebook, transcripts, codings) or
 * owned by the list: the list is valid while the project is unchanged (a stream's list:
 * a quote's pointers until the next window is loaded). */
#ifndef GLOSS_QUOTES_H
#define GLOSS_QUOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct project;
struct doc;

/* quotes_where: keep documents whose front-matter attribute key has this value. Several
 * conditions on different keys must all hold (AND); several on the same key are
 * alternatives (OR). */
struct quotes_where {
	const char *key, *value;
};

/* quotes_opts.context: the turns before each passage that a quote carries (quote.context) */
#define QUOTES_NO_CONTEXT 0 /* none */
#define QUOTES_QUESTION                                                                            \
	(-1) /* back to the nearest turn by a speaker who does not speak in                        \
	        the passage (the interviewer's question, as a rule) */
/* N > 0: the N turns before the passage's first */

struct quotes_opts {
	const char *const *codes; /* code ids; a theme stands for its whole subtree; an id not in
	                             the codebook matches codings with that id. None: every
	                             code, including ids not in the codebook */
	size_t ncodes;
	const char *const *coders; /* only these coders' codings (none: every set loaded) */
	size_t ncoders;
	const struct quotes_where *where;
	size_t nwhere;
	long doc;        /* only this document (index into p->docs), or -1 for all */
	bool memos_only; /* only quotes with at least one memo */
	bool per_coder;  /* one quote a coding: each coder's coding of a range on its own */
	long context;    /* the turns each quote carries: QUOTES_NO_CONTEXT, QUOTES_QUESTION
	                    or N */
};

#define QUOTES_OPTS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, NULL, 0, NULL, 0, -1, false, false, QUOTES_NO_CONTEXT                     \
	}

/* quote_coding: one coder's coding of the passage: doc->sets[set]->items[item]. */
struct quote_coding {
	const char *coder;
	const char *memo; /* NULL when there is none */
	const char *created;
	const char *memo_created, *memo_modified; /* the memo's own times, NULL: unknown */
	unsigned set;
	size_t item;
};

/* quote_turn: a turn before the passage, as written */
struct quote_turn {
	const char *speaker;
	const char *timestamp; /* or NULL */
	const char *text;      /* the turn as written, its label included (not NUL-terminated) */
	size_t len;
	size_t body; /* where the turn's own text starts in text (after its label) */
};

struct quote {
	size_t doc;            /* index into p->docs */
	int code;              /* codebook index, -1 for an id not in the codebook */
	const char *id;        /* the code id */
	size_t start, end;     /* bytes into the document's text, end exclusive */
	size_t line;           /* 1-based line of start */
	size_t line_end;       /* 1-based line of the passage's last character */
	int turn_first;        /* the first and last speaker turns the passage touches, -1 when */
	int turn_last;         /* it lies outside every turn (doc's t->turns[...]) */
	const char *timestamp; /* of the first turn touched that has one, or NULL */
	const char **speakers; /* distinct speakers of the turns touched, in order */
	size_t nspeakers;
	struct quote_coding *codings; /* sorted by coder */
	size_t ncodings;
	const char **others; /* ids of the other codes whose counted codings by the quote's own
	                        coders overlap the passage by a character, sorted, once each */
	size_t nothers;
	const char *text;                 /* the passage: end - start bytes (not NUL-terminated) */
	const struct quote_turn *context; /* the turns before it (quotes_opts.context), in order */
	size_t ncontext;
};

/* quote_key: where a quote is in the order, and what a report counts of it without
 * reading it: its document, code and range, and its memos. */
struct quote_key {
	const char *id;      /* the code id */
	uint64_t off;        /* private: where a stream's record of the quote is */
	uint32_t start, end; /* as the quote's (a transcript is below TRANSCRIPT_MAX_SIZE) */
	uint32_t doc;        /* index into p->docs */
	int32_t code;        /* codebook index, -1 for an id not in the codebook */
	uint32_t nmemos;
	uint32_t len; /* private: the size of a stream's record */
};

struct spill;
struct quote_list {
	struct quote *items; /* quotes_collect: every quote; a stream's list: only the quotes
	                        loaded, [first, first + nloaded) (quotes_load, quotes_get) */
	size_t n;
	struct quote_key *keys; /* every quote's key, in order */
	size_t first, nloaded;
	size_t skipped;   /* codings of the chosen codes that do not count: not quoted */
	size_t ndocs;     /* documents that passed the filters */
	size_t nmemos;    /* memos among the quotes' codings */
	const char **ids; /* the codes asked for that match no codebook code (borrowed) */
	size_t nids;
	void *arena;         /* private: the blocks the quotes' arrays live in */
	struct spill *spill; /* private: a stream's records */
	int error;           /* a stream: the errno of a failure to keep its records, else 0 */
};

/* quotes_collect: the quotes of o (NULL: every code, every document) in p. Never NULL. */
struct quote_list *quotes_collect(const struct project *p, const struct quotes_opts *o);
void quotes_free(struct quote_list *q);
/* One pass in bounded memory (gloss quotes, gloss memos): a quotes_stream collects each
 * document's quotes as it is loaded (project_opts.each, without drop: quotes_stream_doc in
 * loading thread worker, with the codebook that project_opts.start gave), writes each
 * quote as a record of its own (its passage, context turns, codings and names included) to
 * an unlinked temporary file in $TMPDIR (else /tmp; when none can be made, the records are
 * kept in memory and quotes_stream_new's warning says so), keeps only its key, and frees
 * what the document held but its name, path and attributes. quotes_stream_finish (after
 * project_open; it frees s) sorts the keys into the order above, as quotes_collect would
 * over the same documents; the quotes are then read back a window at a time (quotes_load,
 * quotes_get), so that what is held is the keys and one window, whatever the corpus.
 * o must outlive s. */
struct codebook;
struct transcript;
struct quotes_stream;
/* quotes_stream_new: *warning (when not NULL) is set to a message to show (allocated), or
 * NULL */
struct quotes_stream *quotes_stream_new(const struct codebook *cb, const struct quotes_opts *o,
                                        char **warning);
void quotes_stream_doc(struct quotes_stream *s, unsigned worker, struct doc *doc);
struct quote_list *quotes_stream_finish(struct quotes_stream *s, struct project *p);
/* quotes_load: make quotes [from, to) of q readable by quotes_item (from any thread), in
 * place of those loaded before (whose pointers it invalidates). Nothing to do for a list of
 * quotes_collect. */
void quotes_load(struct quote_list *q, size_t from, size_t to);
/* quotes_window: the end of the window that starts at from: at most max quotes, and no
 * more than about max_bytes of records (at least one quote) */
size_t quotes_window(const struct quote_list *q, size_t from, size_t max, size_t max_bytes);
/* quotes_item: quote i, which must be loaded */
const struct quote *quotes_item(const struct quote_list *q, size_t i);
/* quotes_get: quote i, loading the window from i when it is not loaded */
const struct quote *quotes_get(struct quote_list *q, size_t i);
/* quotes_context: the turns [*from, *to) of t before qt that context names (see
 * quotes_opts.context). False when there are none. */
bool quotes_context(const struct transcript *t, const struct quote *qt, long context, size_t *from,
                    size_t *to);
/* quotes_doc_matches: does document doc of p pass o's --where conditions? */
bool quotes_doc_matches(const struct project *p, size_t doc, const struct quotes_opts *o);

#endif
