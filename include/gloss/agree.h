/* agree.h — inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's
 * alpha (nominal), computed from the codings of two or more coders on the same documents.
 *
 * Units. A document is cut into units (agree_units): its speaker turns, its sentences
 * (transcript_sentence_bounds), its non-blank body lines, or its characters (the code
 * points of the body lines, turn labels and line breaks excluded). A coder's coding
 * applies to every unit it shares at least one byte (one code point) with.
 *
 * Variables. By default every code of the codebook is a binary variable: a unit's value
 * for a coder is 1 when the coder applied the code — or, for a theme, the theme or any
 * code below it — to the unit, else 0. With theme_as_variable every theme is one nominal
 * variable whose values are its child codes (a code deeper down counts as the child it
 * lies under): a unit's value for a coder is the child that coder applied there, missing
 * when none (or, with uncoded_none, the value "none"), and a violation (counted, then
 * missing) when several. A coder who has no
 * codings file for a document is missing for every unit of it; a document that fewer than
 * two of the chosen coders have coded is skipped (listed in agree.skipped). Drifted
 * codings (coding_counted) and codings of codes not in the codebook are left out.
 *
 * Statistics (gloss(1) gives the formulas and references). For one variable, over the
 * pairable units (units with values from at least two coders):
 *  - percent agreement: the share of pairable units on which every coder who gave a value
 *    gave the same one;
 *  - Cohen's kappa (two coders only): (p_o - p_e) / (1 - p_e) from the coders' contingency
 *    table (Cohen 1960);
 *  - Krippendorff's alpha, nominal: 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k
 *    from the coincidence matrix o (Krippendorff 2011; Hayes & Krippendorff 2007).
 * A statistic that is 0/0 (no pairable unit; one category only, so that no disagreement
 * could be expected) is NAN: undefined, not zero. The pooled row ("all codes") adds up,
 * for every chosen code, the table of the codings whose nearest chosen code at or above
 * their own is that code, so that no coding counts twice (with every code chosen: each
 * code as applied itself; with only the themes chosen: each theme with the codes below
 * it); with theme_as_variable it adds up the themes' tables, each theme's values kept
 * apart. */
#ifndef GLOSS_AGREE_H
#define GLOSS_AGREE_H

#include <stdbool.h>
#include <stddef.h>

struct project;
struct transcript;
struct codings;
struct codebook;
struct doc;

enum agree_unit { AGREE_TURN, AGREE_SENTENCE, AGREE_LINE, AGREE_CHARACTER };

/* agree_unit_parse: "turn" | "sentence" | "line" | "character"; false for anything else. */
bool agree_unit_parse(const char *s, enum agree_unit *u);
const char *agree_unit_name(enum agree_unit u);

/* ---- one variable's reliability data ------------------------------------------------ */

#define AGREE_MISSING (-1)

/* agree_tab: the tables of one variable, filled unit by unit with agree_tab_add. */
struct agree_tab {
	size_t ncat;    /* values are 0..ncat-1 */
	size_t ncoders; /* values per unit */
	bool binary;    /* value 1 means "applied" (coded counts value 1, not any value) */
	double *o;      /* ncat x ncat coincidences (Krippendorff), row-major */
	double *ct;     /* ncat x ncat contingency table of coders 0 and 1 (Cohen) */
	size_t ct_n;    /* units valued by both coder 0 and coder 1 */
	size_t units;   /* pairable units (values from >= 2 coders), weighted */
	size_t agreements, disagreements; /* pairable units with one value / several */
	size_t *coded;   /* per coder: units it applied the code to (binary), else valued */
	size_t *scratch; /* per value: how many coders gave it (while adding a unit) */
	int *distinct;   /* the values given (while adding a unit) */
};

/* agree_tab_init: empty tables for ncat values and ncoders coders; agree_tab_done frees. */
void agree_tab_init(struct agree_tab *t, size_t ncat, size_t ncoders, bool binary);
void agree_tab_done(struct agree_tab *t);
/* agree_tab_add: weight units with these values (values[ncoders], AGREE_MISSING or a value
 * below ncat). A unit with fewer than two values adds to coded only. */
void agree_tab_add(struct agree_tab *t, const int *values, size_t weight);
/* agree_tab_sum: add src's tables to dst's, src's value v becoming dst's v + offset (the
 * pooled row); dst must have room (ncat >= src->ncat + offset, same ncoders). */
void agree_tab_sum(struct agree_tab *dst, const struct agree_tab *src, size_t offset);

struct agree_stats {
	double n;        /* pairable values (sum of the coincidence matrix) */
	double percent;  /* agreements / units */
	double kappa;    /* NAN with other than two coders, or 0/0 */
	double p_o, p_e; /* kappa's observed and chance agreement */
	double alpha;    /* NAN when 0/0 */
	double d_o, d_e; /* alpha's observed and expected disagreement (sums over c != k of
	                    o_ck and of n_c n_k / (n - 1)) */
};

void agree_tab_stats(const struct agree_tab *t, struct agree_stats *s);

/* ---- units of a document ------------------------------------------------------------ */

struct agree_span {
	size_t start, end; /* bytes into the transcript text */
};

/* agree_units: a document's units, in order and not overlapping: turns (their text),
 * sentences, non-blank body lines (their content, after a turn label), or for
 * AGREE_CHARACTER the body lines' content, each standing for its code points. Returns
 * how many (*out is the caller's to free; never NULL). */
size_t agree_units(const struct transcript *t, enum agree_unit u, struct agree_span **out);

/* struct agree_speakers: which turns' units are compared. A unit belongs to the turn its
 * first byte lies in (text outside every turn has no speaker, ""). With only, the units
 * of turns whose speaker is one of them; without but_not, those of the other turns; speakers
 * compared as written, ASCII case ignored. Empty (both counts 0): every unit. */
struct agree_speakers {
	const char *const *only;
	size_t nonly;
	const char *const *but_not;
	size_t nbut_not;
};

/* agree_speaker_kept: is a turn of this speaker (NULL: none) compared under sp (NULL:
 * every turn)? */
bool agree_speaker_kept(const struct agree_speakers *sp, const char *speaker);

/* agree_units_of: agree_units, only the units sp keeps. */
size_t agree_units_of(const struct transcript *t, enum agree_unit u,
                      const struct agree_speakers *sp, struct agree_span **out);

/* ---- a project ---------------------------------------------------------------------- */

struct agree_opts {
	enum agree_unit unit;
	const char *const *coders; /* the coders to compare (at least two; none: every coder
	                              of the project) */
	size_t ncoders;
	const char *const *codes; /* only these code ids (themes with theme_as_variable); none:
	                             every code (every theme) */
	size_t ncodes;
	bool theme_as_variable;
	bool prepared;                  /* the project was loaded with agree_prepare (below) */
	struct agree_speakers speakers; /* only the units of these turns (none: all) */
	/* uncoded_none: with theme_as_variable, a unit a coder (who coded the document)
	 * applied none of the theme's codes to has the value "none" (the theme's last value,
	 * ncat - 1), so it is pairable; false: it is missing (the default) */
	bool uncoded_none;
};

struct agree_row {
	int code;              /* codebook index; -1 for the pooled row */
	const char *id, *name; /* borrowed from the codebook; "*" / "all codes" when pooled */
	int depth;
	bool theme;
	size_t ncat;          /* the variable's values (2 for a code) */
	struct agree_tab tab; /* the counts behind the statistics */
	struct agree_stats st;
	size_t violations; /* theme_as_variable: (unit, coder) with several child codes */
};

struct agree_skip {
	char *doc;     /* the transcript's name */
	char **coders; /* the chosen coders who coded it (0 or 1 of them) */
	size_t ncoders;
};

struct agree {
	enum agree_unit unit;
	bool theme_as_variable;
	bool uncoded_none;              /* opts.uncoded_none (with theme_as_variable) */
	struct agree_speakers speakers; /* opts.speakers, borrowed */
	bool *speaker_seen; /* per name of speakers.only, then of .but_not: a turn of the
	                       documents (coded or not) has it */
	char **coders;      /* the coders compared, in the order given (or sorted) */
	size_t ncoders;
	struct agree_row *rows; /* codebook order, then the pooled row */
	size_t nrows;
	struct agree_skip *skipped;
	size_t nskipped;
	size_t ndocs;            /* documents compared */
	size_t drifted, unknown; /* codings left out */
	size_t violations;       /* over every row but the pooled one */
};

/* agree_run: agreement over the documents of p. p->cb must be loaded without errors and
 * o->ncoders (or p->ncoders) must be at least two. Never NULL. */
struct agree *agree_run(const struct project *p, const struct agree_opts *o);
void agree_free(struct agree *a);
/* agree_prepare: as project_opts.each, with each_ctx pointing to the struct agree_opts
 * (its unit and speakers; they must outlive the loading): the
 * part of agree_run that needs one document's text (its units and where each coding
 * falls among them), done in the loading threads and kept in doc->user, so that the
 * project can be loaded with drop (only this is kept). agree_run uses it when o->prepared
 * (and then the unit must be the same); agree_prepared_free frees it. */
void agree_prepare(void *ctx, unsigned worker, struct doc *doc);
void agree_prepared_free(struct project *p);

/* ---- one document, two coders: where they differ (for a compare view) --------------- */

struct agree_diff {
	size_t start, end; /* bytes: the unit (or, for characters, the run of them) */
	int code;          /* codebook index (the code itself, not its theme) */
	bool a, b;         /* which of the two coders applied it there (exactly one) */
};

/* agree_doc_diffs: the units of t on which coder sets a and b differ: for each unit and
 * code of the codebook, one entry when exactly one of them applied the code there (a unit
 * coded X by one and Y by the other gives two entries). Sorted by start, then code. For
 * AGREE_CHARACTER the entries are maximal runs of characters. Codings that do not count
 * and codes not in cb are left out. *out is the caller's to free; returns how many. */
size_t agree_doc_diffs(const struct transcript *t, const struct codings *a, const struct codings *b,
                       const struct codebook *cb, enum agree_unit u, struct agree_diff **out);
/* agree_doc_diffs_of: agree_doc_diffs over the units sp keeps (NULL: all). */
size_t agree_doc_diffs_of(const struct transcript *t, const struct codings *a,
                          const struct codings *b, const struct codebook *cb, enum agree_unit u,
                          const struct agree_speakers *sp, struct agree_diff **out);

#endif
