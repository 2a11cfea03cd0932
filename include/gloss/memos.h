/* memos.h — memos on a document, a code and the project (a coding's memo lives in the
 * coder's codings file: codings.h).
 *
 * Each coder's memos are one file, ROOT/memos/CODER.yaml, written only by that coder, so
 * two coders never touch the same file and git merges their work without conflict. The
 * file holds at most one memo per target (kind and target), each with its own created and
 * modified times (UTC, "YYYY-MM-DDTHH:MM:SSZ"):
 *
 *   memos:
 *     - kind: document            # document | code | project
 *       target: "transcripts/p01.txt"   # the document's path, the code's id; none for project
 *       created: "2026-12-07T15:00:00Z"
 *       modified: "2026-12-07T15:10:00Z"
 *       memo: "text, with\nline breaks"
 *
 * Entries are written sorted by kind, then target, so a file's diff shows the memo that
 * changed. A file that had problems when it was read (not YAML, an unknown kind or field,
 * two memos on one target) is reported (file:line:col) and kept read-only: gloss will not
 * write over what it could not read whole. Saving is atomic (temporary file, fsync,
 * rename), under the lock of the file, never through a symbolic link. */
#ifndef GLOSS_MEMOS_H
#define GLOSS_MEMOS_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

#define MEMOS_DIR "memos"
#define MEMOS_MAX_SIZE (64 << 20)

enum memo_kind { MEMO_DOCUMENT, MEMO_CODE, MEMO_PROJECT };

struct memo {
	enum memo_kind kind;
	char *target; /* document path / code id; "" for the project */
	char *coder;
	char *text;
	char created[32], modified[32]; /* "" when the file gave none */
};

struct memos {
	char *root; /* the project root the files are under */
	struct memo *items;
	size_t len, cap;
	char **readonly; /* coders whose file had problems: never written */
	size_t nreadonly;
};

/* memo_kind_name / memo_kind_parse: "document", "code", "project". */
const char *memo_kind_name(enum memo_kind k);
bool memo_kind_parse(const char *s, enum memo_kind *k);

/* memos_load: every ROOT/memos/CODER.yaml (only coders[0..ncoders) when ncoders > 0).
 * Problems go to d; a missing directory is no memos. Never NULL. */
struct memos *memos_load(const char *root, const char *const *coders, size_t ncoders,
                         struct diags *d);
void memos_free(struct memos *m);
/* memos_new: no memos, under root (memos built in memory, e.g. by an import). */
struct memos *memos_new(const char *root);

/* memos_find: the index of coder's memo on (kind, target), or -1. */
long memos_find(const struct memos *m, const char *coder, enum memo_kind kind, const char *target);
/* memos_set: coder's memo on (kind, target) becomes text, modified now (now: a time as
 * now_utc_iso gives; NULL: the current time); a new memo gets created = modified. Text ""
 * or NULL removes it. Returns false when nothing changed (the same text). In memory
 * only: memos_save writes. */
bool memos_set(struct memos *m, const char *coder, enum memo_kind kind, const char *target,
               const char *text, const char *now);
/* memos_remove: remove item i. */
void memos_remove(struct memos *m, size_t i);
/* memos_save: write coder's memos to ROOT/memos/CODER.yaml (the file is removed when
 * none are left). 0, or -1 with err set and the old file intact. */
int memos_save(struct memos *m, const char *coder, char *err, size_t errsize);
/* memos_format: the contents of coder's memos file as memos_save writes it (sorted
 * first); *len its length, *count (when not NULL) how many memos it holds. Caller frees. */
char *memos_format(struct memos *m, const char *coder, size_t *len, size_t *count);
/* memos_sort: items by kind, target, coder (the order of listings). */
void memos_sort(struct memos *m);

#endif
