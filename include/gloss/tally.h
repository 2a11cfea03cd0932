/* tally.h — counts of codes and themes; the one function both front ends call.
 *
 * Definitions (gloss(1) documents them for users):
 *  - a passage is a distinct coded segment: (document, start, end), whichever coder made
 *    it; a code's passages are the distinct segments coded with it, a theme's the distinct
 *    segments coded with it or any descendant (one segment coded with two children counts
 *    once for the theme);
 *  - documents: documents with at least one such passage;
 *  - speakers: distinct speaker names whose turns overlap those passages;
 *  - words: words inside the union of those passages (overlaps counted once), turn labels
 *    excluded; share = words / all words of the documents tallied;
 *  - drifted and ambiguous codings are not counted (gloss check lists them);
 *  - codes found in codings but not in the codebook get rows of their own (unknown = true)
 *    after the codebook's codes, sorted by id.
 * With a grouping (by), each row also has a count per group, chosen by count:
 *  - passages (the default): the row's passages in the group; a passage with two speakers
 *    or two coders counts for both;
 *  - documents: the documents in which the row has a passage in the group;
 *  - speakers: the distinct speakers whose turns overlap the row's passages in the group;
 *  - words: the words inside the union of the row's passages in the group (a passage
 *    counted for a speaker or a coder brings all its words).
 * Groups are sorted by name, after the group "(none)" of the documents lacking the
 * attribute (of passages outside any speaker's turn). Group names are column names, each
 * distinct: a value that reads "(none)", "total" (the reports' totals column) or starts
 * with a double quote is shown in double quotes ("\"total\""), so a front-matter value
 * "(none)" never merges with the missing value. */
#ifndef GLOSS_TALLY_H
#define GLOSS_TALLY_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct doc;

enum tally_by { TALLY_BY_NONE, TALLY_BY_DOCUMENT, TALLY_BY_SPEAKER, TALLY_BY_CODER, TALLY_BY_ATTR };
enum tally_count {
	TALLY_COUNT_PASSAGES,
	TALLY_COUNT_DOCUMENTS,
	TALLY_COUNT_SPEAKERS,
	TALLY_COUNT_WORDS
};

struct tally_opts {
	enum tally_by by;
	const char *attr;       /* TALLY_BY_ATTR: the front-matter key */
	long doc;               /* only this document index, or -1 for all */
	bool prepared;          /* the project was loaded with tally_prepare (below) */
	enum tally_count count; /* what a --by cell counts */
};

struct tally_row {
	int code;              /* codebook index, -1 for an unknown id */
	const char *id, *name; /* borrowed from the codebook or the codings */
	const char *parent;    /* parent id or NULL */
	int depth;
	bool theme, unknown;
	size_t passages, documents, speakers, words;
	double share; /* 0..1 */
	size_t *by;   /* ngroups counts, NULL without grouping */
};

struct tally {
	enum tally_by by;
	char *by_name; /* "document", "speaker", "coder" or the attribute */
	char **groups; /* column names (see above) */
	size_t ngroups;
	struct tally_row *rows;
	size_t nrows;
	size_t total_words, ndocs, drifted;
	size_t max_passages;    /* for bars */
	size_t passages;        /* distinct coded segments overall (any code, drifted excluded) */
	long none_group;        /* index in groups of "(none)", the missing value, or -1 */
	size_t ambiguous;       /* codings not counted because they are ambiguous */
	enum tally_count count; /* what by[] counts */
};

/* tally_by_parse: "document" | "speaker" | "coder" | "none" (or NULL/"": no grouping) |
 * any other word = attribute (o->attr points into s). */
void tally_by_parse(const char *s, struct tally_opts *o);
/* tally_count_parse: "passages" | "documents" | "speakers" | "words"; false otherwise. */
bool tally_count_parse(const char *s, enum tally_count *c);
const char *tally_count_name(enum tally_count c);
/* tally_row_total: the row's own figure of the kind t->count names (the total of a --by
 * table). */
size_t tally_row_total(const struct tally *t, const struct tally_row *r);
struct tally *tally_run(const struct project *p, const struct tally_opts *o);
/* tally_prepare: as project_opts.each, the part of a tally that needs one document only
 * (the words before each coded segment's bounds), done in the loading threads and kept in
 * doc->user; tally_run then uses it when o->prepared. tally_prepared_free frees it. */
void tally_prepare(void *ctx, unsigned worker, struct doc *doc);
void tally_prepared_free(struct project *p);
void tally_free(struct tally *t);

/* One pass in bounded memory: a tally_acc adds up the documents handed to it, one at a
 * time (in a loading thread, as project_opts.each, before the document is dropped); it
 * keeps counts, never a transcript. tally_acc_finish merges the accumulators of every
 * thread (NULL entries are skipped) into the tally that tally_run would make of the same
 * documents, whatever the order the documents came in. cb is the project's codebook
 * (project_opts.start gives it before the first document); o is kept, and must outlive
 * the accumulator. tally_run is this with one accumulator over p->docs. */
struct codebook;
struct tally_acc;
struct tally_acc *tally_acc_new(const struct codebook *cb, const struct tally_opts *o);
void tally_acc_doc(struct tally_acc *a, const struct doc *doc);
struct tally *tally_acc_finish(struct tally_acc *const *accs, size_t n, const struct project *p,
                               const struct tally_opts *o);
void tally_acc_free(struct tally_acc *a);

#endif
