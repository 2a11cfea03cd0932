/* tallycache.h — a project's tally kept up to date one document at a time.
 *
 * The coder shows counts for the open transcript and for the whole project after every
 * change. Instead of tallying the project again (tally_run over every document), the
 * cache keeps each document's own tally (tally_run with o.doc, grouped by speaker so that
 * the speakers of each code are known) and the project's sums: passages, documents and
 * words add up over documents (a passage and its words belong to one document); speakers
 * do not (one speaker name may speak in many documents), so the cache counts, per code
 * and speaker, the documents in which that speaker has a passage with the code. A change
 * to one document's codings is tallycache_update(doc): its old contribution is taken
 * away, it is tallied again, and the new one added: the work of one document, never the
 * project's. The definitions are tally.h's, so the project figures equal tally_run's. */
#ifndef GLOSS_TALLYCACHE_H
#define GLOSS_TALLYCACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/tally.h"

struct project;
struct tallycache;

/* tallycache_new: tally every document of p once. p must outlive the cache; after its
 * codebook is replaced, call tallycache_rebuild. */
struct tallycache *tallycache_new(const struct project *p);
void tallycache_free(struct tallycache *tc);
/* tallycache_update: document doc's codings changed: recount it alone. */
void tallycache_update(struct tallycache *tc, size_t doc);
/* tallycache_rebuild: the codebook changed (a code was added): recount every document. */
void tallycache_rebuild(struct tallycache *tc);
/* tallycache_doc: document doc's own tally (rows as tally_run with o.doc = doc, grouped
 * by speaker). Valid until the next update of that document. */
const struct tally *tallycache_doc(const struct tallycache *tc, size_t doc);
/* tallycache_project: the project's tally (rows, total_words, ndocs, drifted, passages,
 * max_passages as tally_run gives them without grouping; rows[].by is NULL). Valid until
 * the next update; made again only when something changed since the last call. */
const struct tally *tallycache_project(struct tallycache *tc);
/* tallycache_version: a number that changes with every update or rebuild. */
unsigned long tallycache_version(const struct tallycache *tc);

#endif
