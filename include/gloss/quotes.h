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
 * owned by the list: the list is valid while the project is unchanged. */
#ifndef GLOSS_QUOTES_H
#define GLOSS_QUOTES_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct doc;

/* quotes_where: keep documents whose front-matter attribute key has this value. Several
 * conditions on different keys must all hold (AND); several on the same key are
 * alternatives (OR). */
struct quotes_where {
	const char *key, *value;
};

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
};

#define QUOTES_OPTS_INIT                                                                           \
	{                                                                                          \
		NULL, 0, NULL, 0, NULL, 0, -1, false, false                                        \
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
};

struct quote_list {
	struct quote *items;
	size_t n;
	size_t skipped;   /* codings of the chosen codes that do not count: not quoted */
	size_t ndocs;     /* documents that passed the filters */
	size_t nmemos;    /* memos among the quotes' codings */
	const char **ids; /* the codes asked for that match no codebook code (borrowed) */
	size_t nids;
	void *arena; /* private: the blocks the quotes' arrays live in */
};

/* quotes_collect: the quotes of o (NULL: every code, every document) in p. Never NULL. */
struct quote_list *quotes_collect(const struct project *p, const struct quotes_opts *o);
void quotes_free(struct quote_list *q);
/* One pass in bounded memory (gloss quotes, gloss memos): a quotes_stream collects each
 * document's quotes as it is loaded (project_opts.each, without drop: quotes_stream_doc in
 * loading thread worker, with the codebook that project_opts.start gave), then makes the
 * document lean: its codings are freed (what the quotes need of them copied into the
 * list), its lines freed and its text cut down to the quotes' passages and the turns that
 * keep names (e.g. the question before each: keep returns turns [*from, *to), or false),
 * with every offset in its quotes and turns moved to the lean text; its name, path,
 * attributes and (when keep named some) its turns stay. quotes_stream_finish (after
 * project_open; it frees s) gathers the documents' quotes in the order above, as
 * quotes_collect would over the same documents, with the offsets of the lean texts. o must
 * outlive s. */
struct codebook;
struct transcript;
struct quotes_stream;
typedef bool (*quotes_keep_fn)(void *ctx, const struct transcript *t, const struct quote *qt,
                               size_t *from, size_t *to);
struct quotes_stream *quotes_stream_new(const struct codebook *cb, const struct quotes_opts *o,
                                        quotes_keep_fn keep, void *keep_ctx);
void quotes_stream_doc(struct quotes_stream *s, unsigned worker, struct doc *doc);
struct quote_list *quotes_stream_finish(struct quotes_stream *s, struct project *p);
/* quotes_doc_matches: does document doc of p pass o's --where conditions? */
bool quotes_doc_matches(const struct project *p, size_t doc, const struct quotes_opts *o);

#endif
