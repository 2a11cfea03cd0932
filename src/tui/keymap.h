/* keymap.h — the one key table of the interactive coder: key -> named action + help.
 *
 * Every key the TUI reacts to is a row here, in the context (screen or mode) where it
 * works. The help overlay (?) and tests/screen/KEYS.txt are generated from this table, and a
 * test holds the table against gloss(1). Code keys (CODEBOOK_KEYS) are not in the table:
 * keymap_lookup returns KA_NONE for them and the caller looks them up in the codebook. */
#ifndef GLOSS_KEYMAP_H
#define GLOSS_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/util.h"

enum keyctx {
	KC_MAIN,     /* the transcript */
	KC_CODEBOOK, /* the codebook pane, when it has the focus */
	KC_LIST,     /* the transcript list */
	KC_PICKER,   /* a code or coding picker (typing filters) */
	KC_PROMPT,   /* a one-line prompt (search, memo, name, line number) */
	KC_TALLY,    /* the tally view */
	KC_RETRIEVE, /* the passages of a code */
	KC_MEMOS,    /* the memo list */
	KC_REPAIR,   /* the codings that could not be placed (view_repair.c) */
	KC_REVIEW,   /* the review queue (view_review.c) */
	KC_HITS,     /* the hits of a search over every transcript */
	KC_HELP,     /* this help */
	KC_MEMOEDIT, /* the memo editor (several lines) */
	KC_COUNT
};

#define KEYMAP_ACTIONS(X)                                                                          \
	X(NONE, "none")                                                                            \
	X(DOWN, "down")                                                                            \
	X(UP, "up")                                                                                \
	X(HALF_DOWN, "half-page-down")                                                             \
	X(HALF_UP, "half-page-up")                                                                 \
	X(PAGE_DOWN, "page-down")                                                                  \
	X(PAGE_UP, "page-up")                                                                      \
	X(TOP, "top")                                                                              \
	X(BOTTOM, "bottom")                                                                        \
	X(NEXT_TURN, "next-turn")                                                                  \
	X(PREV_TURN, "previous-turn")                                                              \
	X(NEXT_CODED, "next-coded")                                                                \
	X(PREV_CODED, "previous-coded")                                                            \
	X(NEXT_WITH, "next-with-code")                                                             \
	X(PREV_WITH, "previous-with-code")                                                         \
	X(GOTO_LINE, "goto-line")                                                                  \
	X(SEARCH, "search")                                                                        \
	X(SEARCH_BACK, "search-backward")                                                          \
	X(MATCH_NEXT, "next-match")                                                                \
	X(MATCH_PREV, "previous-match")                                                            \
	X(UNIT, "cycle-unit")                                                                      \
	X(SELECT, "select")                                                                        \
	X(END_LEFT, "end-word-back")                                                               \
	X(END_RIGHT, "end-word-forward")                                                           \
	X(START_LEFT, "start-word-back")                                                           \
	X(START_RIGHT, "start-word-forward")                                                       \
	X(WORD_NEXT, "next-word")                                                                  \
	X(WORD_PREV, "previous-word")                                                              \
	X(WORD_END, "word-end")                                                                    \
	X(UNIT_START, "unit-start")                                                                \
	X(UNIT_END, "unit-end")                                                                    \
	X(SELECT_MATCH, "select-match")                                                            \
	X(OTHERS, "other-coders")                                                                  \
	X(HIGHLIGHT, "coded-text")                                                                 \
	X(REPAIR, "repair")                                                                        \
	X(NEXT_PLACE, "next-candidate")                                                            \
	X(PREV_PLACE, "previous-candidate")                                                        \
	X(PLACE, "place-on-candidate")                                                             \
	X(PLACE_SEL, "place-on-selection")                                                         \
	X(SUGGESTION, "next-suggestion")                                                           \
	X(CANCEL, "cancel")                                                                        \
	X(PICK_CODE, "code-picker")                                                                \
	X(REMOVE, "remove-code")                                                                   \
	X(MEMO, "memo")                                                                            \
	X(INVIVO, "in-vivo-code")                                                                  \
	X(UNDO, "undo")                                                                            \
	X(REDO, "redo")                                                                            \
	X(TALLY, "tally")                                                                          \
	X(RETRIEVE, "retrieve")                                                                    \
	X(MEMOS, "memo-list")                                                                      \
	X(BACK, "back-to-list")                                                                    \
	X(LIST, "transcript-list")                                                                 \
	X(FOCUS, "codebook-pane")                                                                  \
	X(HELP, "help")                                                                            \
	X(REDRAW, "redraw")                                                                        \
	X(QUIT, "quit")                                                                            \
	X(ACCEPT, "accept")                                                                        \
	X(SCOPE, "switch-scope")                                                                   \
	X(LEFT, "cursor-left")                                                                     \
	X(RIGHT, "cursor-right")                                                                   \
	X(LINE_START, "line-start")                                                                \
	X(LINE_END, "line-end")                                                                    \
	X(BACKSPACE, "delete-back")                                                                \
	X(DELETE, "delete")                                                                        \
	X(KILL, "clear")                                                                           \
	X(RENAME_CODE, "rename-code")                                                              \
	X(MERGE_CODE, "merge-code")                                                                \
	X(MOVE_CODE, "move-code")                                                                  \
	X(DELETE_CODE, "delete-code")                                                              \
	X(COMPARE, "compare")                                                                      \
	X(NEXT_DIFF, "next-disagreement")                                                          \
	X(PREV_DIFF, "prev-disagreement")                                                          \
	X(COPY_OTHER, "copy-other")                                                                \
	X(REVIEW, "review-queue")                                                                  \
	X(PROJECT_SEARCH, "search-project")                                                        \
	X(SKIP, "skip")                                                                            \
	X(ACCEPT_ALL, "accept-all")                                                                \
	X(NEWLINE, "newline")                                                                      \
	X(SAVE, "save")                                                                            \
	X(EXTERNAL, "external-editor")                                                             \
	X(MEMO_HERE, "memo-on-this")                                                               \
	X(PROJECT_MEMO, "project-memo")                                                            \
	X(MEMO_KIND, "memo-kind-filter")                                                           \
	X(MEMO_CODE, "memo-code-filter")

#define KEYMAP_ENUM(name, str) KA_##name,
enum keyaction { KEYMAP_ACTIONS(KEYMAP_ENUM) KA_COUNT };
#undef KEYMAP_ENUM

#define KEYMAP_MAX_KEYS 4

struct keybind {
	enum keyctx ctx;
	enum keyaction action;
	int keys[KEYMAP_MAX_KEYS]; /* screen_getkey values; 0 ends the list */
	const char *help;
};

/* keymap_lookup: the action of key in ctx, or KA_NONE. */
enum keyaction keymap_lookup(enum keyctx ctx, int key);
/* keymap_table: every row of the table. */
const struct keybind *keymap_table(size_t *n);
/* keymap_action_name: "half-page-down" etc. */
const char *keymap_action_name(enum keyaction a);
/* keymap_ctx_title: "Transcript", "Code picker", ... */
const char *keymap_ctx_title(enum keyctx c);
/* keymap_key_name: the name of a key as gloss(1) writes it: "j", "Ctrl-D", "PgDn",
 * "space", "Enter", "Esc", "Tab", "F1". Returns buf (size >= 16). */
const char *keymap_key_name(int key, char *buf);
/* keymap_keys_text: "j, Down" for a row. */
void keymap_keys_text(const struct keybind *b, struct strbuf *out);
/* keymap_format: the whole table as text, one "KEYS<TAB>ACTION<TAB>HELP" line per row
 * under a "[Context]" line per context (the contents of tests/screen/KEYS.txt). */
void keymap_format(struct strbuf *out);

#endif
