/* keymap.c — the key table: every key of the interactive coder, its action and its help. */
#include "keymap.h"

#include <stdio.h>

#include "screen.h"
#include "gloss/utf8.h"

#define CTRL(c) ((c)&0x1f)

static const struct keybind table[] = {
    {KC_MAIN, KA_DOWN, {'j', SK_DOWN}, "move to the next unit (turn, sentence or line)"},
    {KC_MAIN, KA_UP, {'k', SK_UP}, "move to the previous unit"},
    {KC_MAIN, KA_HALF_DOWN, {CTRL('d')}, "move down half a page"},
    {KC_MAIN, KA_HALF_UP, {CTRL('u')}, "move up half a page"},
    {KC_MAIN, KA_PAGE_DOWN, {SK_PGDN, ' ', CTRL('f')}, "move down one page"},
    {KC_MAIN, KA_PAGE_UP, {SK_PGUP, CTRL('b')}, "move up one page"},
    {KC_MAIN, KA_TOP, {'g', SK_HOME}, "go to the top of the transcript"},
    {KC_MAIN, KA_BOTTOM, {'G', SK_END}, "go to the bottom of the transcript"},
    {KC_MAIN, KA_NEXT_TURN, {'}'}, "go to the next speaker turn"},
    {KC_MAIN, KA_PREV_TURN, {'{'}, "go to the previous speaker turn"},
    {KC_MAIN, KA_NEXT_CODED, {']'}, "go to the next coded passage"},
    {KC_MAIN, KA_PREV_CODED, {'['}, "go to the previous coded passage"},
    {KC_MAIN, KA_NEXT_WITH, {'\''}, "then a code key: go to the next passage with that code"},
    {KC_MAIN, KA_PREV_WITH, {'"'}, "then a code key: go to the previous passage with it"},
    {KC_MAIN, KA_GOTO_LINE, {':'}, "go to line N (type the number, then Enter)"},
    {KC_MAIN, KA_SEARCH, {'/'}, "search forward (PCRE2; all lowercase = ignore case)"},
    {KC_MAIN, KA_SEARCH_BACK, {'\\'}, "search backward"},
    {KC_MAIN, KA_MATCH_NEXT, {'n'}, "go to the next match"},
    {KC_MAIN, KA_MATCH_PREV, {'N'}, "go to the previous match"},
    {KC_MAIN, KA_UNIT, {'s'}, "change the unit: turn, sentence, line"},
    {KC_MAIN, KA_SELECT, {'v'}, "start (or end) a selection that grows as you move"},
    {KC_MAIN, KA_END_LEFT, {'<'}, "move the end of the selection back by a word"},
    {KC_MAIN, KA_END_RIGHT, {'>'}, "move the end of the selection forward by a word"},
    {KC_MAIN, KA_START_LEFT, {','}, "move the start of the selection back by a word"},
    {KC_MAIN, KA_START_RIGHT, {'.'}, "move the start of the selection forward by a word"},
    {KC_MAIN, KA_WORD_NEXT, {'w'}, "move by word: to the next word (the cursor is a word)"},
    {KC_MAIN, KA_WORD_PREV, {'b'}, "move by word: to the previous word"},
    {KC_MAIN, KA_WORD_END, {'e'}, "move by word: to the end of the word"},
    {KC_MAIN, KA_UNIT_START, {'^'}, "move by word: to the first word of the sentence or turn"},
    {KC_MAIN, KA_UNIT_END, {'$'}, "move by word: to the last word of the sentence or turn"},
    {KC_MAIN, KA_SELECT_MATCH, {SK_ENTER}, "select the current search match (then a code key)"},
    {KC_MAIN, KA_CANCEL, {SK_ESC}, "cancel the selection, clear the search highlight"},
    {KC_MAIN, KA_OTHERS, {'p'}, "show or hide other coders' codings (read-only, dim)"},
    {KC_MAIN, KA_HIGHLIGHT, {'h'}, "show or hide the highlighting of coded text"},
    {KC_MAIN, KA_REPAIR, {'!'}, "repair codings that could not be placed (all coders')"},
    {KC_MAIN, KA_SUGGESTION, {'f'}, "select the next uncoded passage a code's patterns find"},
    {KC_MAIN, KA_PICK_CODE, {'c'}, "choose a code from a list (type to filter) and apply it"},
    {KC_MAIN, KA_REMOVE, {'x', 'd'}, "remove a code from the passage under the cursor"},
    {KC_MAIN, KA_MEMO, {'m'}, "write or edit the memo of a coding under the cursor"},
    {KC_MAIN, KA_INVIVO, {'a'}, "add an in-vivo code named after the selection, apply it"},
    {KC_MAIN, KA_UNDO, {'u'}, "undo the last coding change"},
    {KC_MAIN, KA_REDO, {CTRL('r')}, "redo the last undone change"},
    {KC_MAIN, KA_TALLY, {'t'}, "show the tally (this transcript and the project)"},
    {KC_MAIN, KA_RETRIEVE, {'r'}, "list the passages of a code or theme across the project"},
    {KC_MAIN, KA_MEMOS, {'i'}, "list the memos (this transcript or the project)"},
    {KC_MAIN, KA_MEMO_HERE, {'&'}, "write or edit your memo on this transcript"},
    {KC_MAIN, KA_BACK, {SK_BACKSPACE}, "back to the passage or memo list you came from"},
    {KC_MAIN, KA_LIST, {'o'}, "open another transcript from the list"},
    {KC_MAIN, KA_COMPARE, {'='}, "compare coders: = both coded, \u2260 one only (again: stop)"},
    {KC_MAIN, KA_NEXT_DIFF, {')'}, "comparing: go to the next disagreement"},
    {KC_MAIN, KA_PREV_DIFF, {'('}, "comparing: go to the previous disagreement"},
    {KC_MAIN, KA_COPY_OTHER, {'y'}, "comparing: copy (yank) their coding here into yours"},
    {KC_MAIN,
     KA_REVIEW,
     {'z'},
     "review queue: accept or reject what patterns, models, searches suggest"},
    {KC_MAIN,
     KA_PROJECT_SEARCH,
     {'%'},
     "search every transcript (as gloss grep); the hits go to the review queue"},
    {KC_MAIN, KA_FOCUS, {SK_TAB}, "switch to the codebook pane and back"},
    {KC_MAIN, KA_HELP, {'?', SK_F1}, "show this help"},
    {KC_MAIN, KA_REDRAW, {CTRL('l')}, "redraw the screen"},
    {KC_MAIN, KA_QUIT, {'q'}, "quit (everything is already saved)"},

    {KC_CODEBOOK, KA_DOWN, {'j', SK_DOWN}, "highlight the next code"},
    {KC_CODEBOOK, KA_UP, {'k', SK_UP}, "highlight the previous code"},
    {KC_CODEBOOK, KA_TOP, {'g', SK_HOME}, "highlight the first code"},
    {KC_CODEBOOK, KA_BOTTOM, {'G', SK_END}, "highlight the last code"},
    {KC_CODEBOOK, KA_SEARCH, {'/'}, "filter the codes by id or name: Enter keeps, Esc drops"},
    {KC_CODEBOOK, KA_ACCEPT, {SK_ENTER}, "apply the highlighted code to the selection"},
    {KC_CODEBOOK, KA_FOCUS, {SK_TAB, SK_ESC}, "back to the transcript"},
    {KC_CODEBOOK,
     KA_RENAME_CODE,
     {'r'},
     "rename the highlighted code (id, then name), in every coder's codings"},
    {KC_CODEBOOK, KA_MERGE_CODE, {'m'}, "merge it into another code, chosen from a list"},
    {KC_CODEBOOK, KA_MOVE_CODE, {'p'}, "put it under another code, or at the top level"},
    {KC_CODEBOOK, KA_DELETE_CODE, {'d'}, "delete it (asks before deleting codings with it)"},
    {KC_CODEBOOK, KA_MEMO_HERE, {'&'}, "write or edit your memo on the highlighted code"},
    {KC_CODEBOOK, KA_QUIT, {'q'}, "quit"},

    {KC_LIST, KA_DOWN, {'j', SK_DOWN}, "next transcript"},
    {KC_LIST, KA_UP, {'k', SK_UP}, "previous transcript"},
    {KC_LIST, KA_TOP, {'g', SK_HOME}, "first transcript"},
    {KC_LIST, KA_BOTTOM, {'G', SK_END}, "last transcript"},
    {KC_LIST, KA_ACCEPT, {SK_ENTER}, "open the highlighted transcript"},
    {KC_LIST, KA_MEMO_HERE, {'&'}, "write or edit your memo on the highlighted transcript"},
    {KC_LIST, KA_SEARCH, {'/'}, "type to filter the list (Enter keeps the filter, Esc drops it)"},
    {KC_LIST, KA_CANCEL, {SK_ESC}, "clear the filter, else back to the open transcript"},
    {KC_LIST, KA_HELP, {'?', SK_F1}, "show this help"},
    {KC_LIST, KA_QUIT, {'q'}, "quit"},

    {KC_PICKER, KA_DOWN, {SK_DOWN, CTRL('n')}, "next entry (type to filter by id or name)"},
    {KC_PICKER, KA_UP, {SK_UP, CTRL('p')}, "previous entry"},
    {KC_PICKER, KA_ACCEPT, {SK_ENTER}, "choose the highlighted entry"},
    {KC_PICKER, KA_CANCEL, {SK_ESC}, "cancel"},
    {KC_PICKER, KA_BACKSPACE, {SK_BACKSPACE}, "delete the last character of the filter"},
    {KC_PICKER, KA_KILL, {CTRL('u')}, "clear the filter"},

    {KC_PROMPT, KA_ACCEPT, {SK_ENTER}, "accept"},
    {KC_PROMPT, KA_CANCEL, {SK_ESC}, "cancel"},
    {KC_PROMPT, KA_LEFT, {SK_LEFT}, "move the cursor left"},
    {KC_PROMPT, KA_RIGHT, {SK_RIGHT}, "move the cursor right"},
    {KC_PROMPT, KA_LINE_START, {SK_HOME, CTRL('a')}, "go to the start of the text"},
    {KC_PROMPT, KA_LINE_END, {SK_END, CTRL('e')}, "go to the end of the text"},
    {KC_PROMPT, KA_BACKSPACE, {SK_BACKSPACE}, "delete the character before the cursor"},
    {KC_PROMPT, KA_DELETE, {SK_DELETE}, "delete the character under the cursor"},
    {KC_PROMPT, KA_KILL, {CTRL('u')}, "delete everything before the cursor"},

    {KC_TALLY, KA_DOWN, {'j', SK_DOWN}, "scroll down"},
    {KC_TALLY, KA_UP, {'k', SK_UP}, "scroll up"},
    {KC_TALLY, KA_PAGE_DOWN, {SK_PGDN, ' '}, "scroll down one page"},
    {KC_TALLY, KA_PAGE_UP, {SK_PGUP, 'b'}, "scroll up one page"},
    {KC_TALLY, KA_TOP, {'g', SK_HOME}, "go to the top"},
    {KC_TALLY, KA_BOTTOM, {'G', SK_END}, "go to the bottom"},
    {KC_TALLY, KA_SCOPE, {SK_TAB}, "switch between this transcript and the whole project"},
    {KC_TALLY, KA_CANCEL, {SK_ESC, 'q', 't'}, "close the tally"},

    {KC_RETRIEVE, KA_DOWN, {'j', SK_DOWN}, "next passage"},
    {KC_RETRIEVE, KA_UP, {'k', SK_UP}, "previous passage"},
    {KC_RETRIEVE, KA_HALF_DOWN, {CTRL('d')}, "down half a page"},
    {KC_RETRIEVE, KA_HALF_UP, {CTRL('u')}, "up half a page"},
    {KC_RETRIEVE, KA_PAGE_DOWN, {SK_PGDN, ' '}, "down one page"},
    {KC_RETRIEVE, KA_PAGE_UP, {SK_PGUP, 'b'}, "up one page"},
    {KC_RETRIEVE, KA_TOP, {'g', SK_HOME}, "first passage"},
    {KC_RETRIEVE, KA_BOTTOM, {'G', SK_END}, "last passage"},
    {KC_RETRIEVE, KA_ACCEPT, {SK_ENTER}, "open the transcript at the highlighted passage"},
    {KC_RETRIEVE, KA_CANCEL, {SK_ESC, 'q'}, "close the list"},

    {KC_MEMOS, KA_DOWN, {'j', SK_DOWN}, "next memo"},
    {KC_MEMOS, KA_UP, {'k', SK_UP}, "previous memo"},
    {KC_MEMOS, KA_HALF_DOWN, {CTRL('d')}, "down half a page"},
    {KC_MEMOS, KA_HALF_UP, {CTRL('u')}, "up half a page"},
    {KC_MEMOS, KA_PAGE_DOWN, {SK_PGDN, ' '}, "down one page"},
    {KC_MEMOS, KA_PAGE_UP, {SK_PGUP, 'b'}, "up one page"},
    {KC_MEMOS, KA_TOP, {'g', SK_HOME}, "first memo"},
    {KC_MEMOS, KA_BOTTOM, {'G', SK_END}, "last memo"},
    {KC_MEMOS,
     KA_ACCEPT,
     {SK_ENTER},
     "go to the passage of a coding's memo; edit a memo on a transcript, code or project"},
    {KC_MEMOS, KA_PROJECT_MEMO, {'P'}, "write or edit your memo on the project"},
    {KC_MEMOS, KA_MEMO_KIND, {'f'}, "show memos of one kind: codings, documents, codes, project"},
    {KC_MEMOS, KA_MEMO_CODE, {'c'}, "show only the memos of one code (and on it)"},
    {KC_MEMOS, KA_SCOPE, {SK_TAB}, "switch between this transcript and the whole project"},
    {KC_MEMOS, KA_CANCEL, {SK_ESC, 'q'}, "close the list"},

    {KC_REPAIR, KA_DOWN, {'j', SK_DOWN}, "next coding"},
    {KC_REPAIR, KA_UP, {'k', SK_UP}, "previous coding"},
    {KC_REPAIR, KA_TOP, {'g', SK_HOME}, "first coding"},
    {KC_REPAIR, KA_BOTTOM, {'G', SK_END}, "last coding"},
    {KC_REPAIR, KA_NEXT_PLACE, {'n', SK_RIGHT}, "highlight the next candidate place"},
    {KC_REPAIR, KA_PREV_PLACE, {'N', SK_LEFT}, "highlight the previous candidate place"},
    {KC_REPAIR, KA_ACCEPT, {SK_ENTER}, "go to the candidate place in the text, selected"},
    {KC_REPAIR, KA_PLACE, {'p'}, "place the coding on the highlighted candidate"},
    {KC_REPAIR, KA_PLACE_SEL, {'s'}, "place the coding on the selection made before !"},
    {KC_REPAIR, KA_REMOVE, {'x', 'd'}, "remove the coding"},
    {KC_REPAIR, KA_CANCEL, {SK_ESC, 'q', '!'}, "close the list"},

    {KC_REVIEW, KA_DOWN, {'j', SK_DOWN}, "next candidate"},
    {KC_REVIEW, KA_UP, {'k', SK_UP}, "previous candidate"},
    {KC_REVIEW, KA_ACCEPT, {SK_ENTER, 'a'}, "accept: it becomes your coding (with suggested_by)"},
    {KC_REVIEW,
     KA_PICK_CODE,
     {'c'},
     "accept as another code, chosen from a list (or press its key)"},
    {KC_REVIEW, KA_REMOVE, {'x'}, "reject: never suggested again for this passage and code"},
    {KC_REVIEW, KA_SKIP, {'s', ' '}, "skip: leave it undecided, go to the next open one"},
    {KC_REVIEW, KA_START_LEFT, {','}, "widen: the start back by a word"},
    {KC_REVIEW, KA_START_RIGHT, {'.'}, "narrow: the start forward by a word"},
    {KC_REVIEW, KA_END_LEFT, {'<'}, "narrow: the end back by a word"},
    {KC_REVIEW, KA_END_RIGHT, {'>'}, "widen: the end forward by a word"},
    {KC_REVIEW, KA_ACCEPT_ALL, {'+'}, "accept every remaining hit of the search"},
    {KC_REVIEW, KA_UNDO, {'u'}, "undo the last decision (an accept-all at once)"},
    {KC_REVIEW, KA_CANCEL, {SK_ESC, 'q'}, "close the queue"},

    {KC_HITS, KA_DOWN, {'j', SK_DOWN}, "next hit"},
    {KC_HITS, KA_UP, {'k', SK_UP}, "previous hit"},
    {KC_HITS, KA_PAGE_DOWN, {SK_PGDN, ' '}, "down one page"},
    {KC_HITS, KA_PAGE_UP, {SK_PGUP, 'b'}, "up one page"},
    {KC_HITS, KA_TOP, {'g', SK_HOME}, "first hit"},
    {KC_HITS, KA_BOTTOM, {'G', SK_END}, "last hit"},
    {KC_HITS, KA_ACCEPT, {SK_ENTER}, "review the hits in the queue, from the highlighted one"},
    {KC_HITS, KA_CANCEL, {SK_ESC, 'q'}, "close the list (Esc while searching stops it)"},

    {KC_HELP, KA_DOWN, {'j', SK_DOWN}, "scroll down"},
    {KC_HELP, KA_UP, {'k', SK_UP}, "scroll up"},
    {KC_HELP, KA_PAGE_DOWN, {SK_PGDN, ' '}, "scroll down one page"},
    {KC_HELP, KA_PAGE_UP, {SK_PGUP, 'b'}, "scroll up one page"},
    {KC_HELP, KA_TOP, {'g', SK_HOME}, "go to the top"},
    {KC_HELP, KA_BOTTOM, {'G', SK_END}, "go to the bottom"},
    {KC_HELP, KA_CANCEL, {SK_ESC, 'q', '?', SK_F1}, "close the help"},

    {KC_MEMOEDIT, KA_SAVE, {CTRL('g')}, "save the memo and close the editor"},
    {KC_MEMOEDIT, KA_CANCEL, {SK_ESC}, "close without saving (asks y/N when it changed)"},
    {KC_MEMOEDIT, KA_NEWLINE, {SK_ENTER}, "a line break"},
    {KC_MEMOEDIT, KA_LEFT, {SK_LEFT}, "move the cursor left"},
    {KC_MEMOEDIT, KA_RIGHT, {SK_RIGHT}, "move the cursor right"},
    {KC_MEMOEDIT, KA_UP, {SK_UP}, "move the cursor up a screen line"},
    {KC_MEMOEDIT, KA_DOWN, {SK_DOWN}, "move the cursor down a screen line"},
    {KC_MEMOEDIT, KA_WORD_PREV, {CTRL('b')}, "move to the start of the previous word"},
    {KC_MEMOEDIT, KA_WORD_NEXT, {CTRL('f')}, "move to the start of the next word"},
    {KC_MEMOEDIT, KA_LINE_START, {SK_HOME, CTRL('a')}, "go to the start of the line"},
    {KC_MEMOEDIT, KA_LINE_END, {SK_END, CTRL('e')}, "go to the end of the line"},
    {KC_MEMOEDIT, KA_BACKSPACE, {SK_BACKSPACE}, "delete the character before the cursor"},
    {KC_MEMOEDIT, KA_DELETE, {SK_DELETE}, "delete the character under the cursor"},
    {KC_MEMOEDIT, KA_EXTERNAL, {CTRL('x')}, "edit the memo in $VISUAL or $EDITOR (else vi)"},
};

enum keyaction keymap_lookup(enum keyctx ctx, int key)
{
	if (key == 0)
		return KA_NONE;
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		if (table[i].ctx != ctx)
			continue;
		for (size_t k = 0; k < KEYMAP_MAX_KEYS && table[i].keys[k]; k++)
			if (table[i].keys[k] == key)
				return table[i].action;
	}
	return KA_NONE;
}

const struct keybind *keymap_table(size_t *n)
{
	*n = ARRAY_LEN(table);
	return table;
}

const char *keymap_action_name(enum keyaction a)
{
#define KEYMAP_STR(name, str) str,
	static const char *const names[] = {KEYMAP_ACTIONS(KEYMAP_STR)};
#undef KEYMAP_STR
	return (unsigned)a < ARRAY_LEN(names) ? names[a] : "?";
}

const char *keymap_ctx_title(enum keyctx c)
{
	static const char *const titles[] = {
	    "Transcript",  "Codebook pane", "Transcript list", "Pickers", "Prompts",
	    "Tally",       "Passages",      "Memos",           "Repair",  "Review queue",
	    "Search hits", "Help",          "Memo editor",
	};
	return (unsigned)c < ARRAY_LEN(titles) ? titles[c] : "?";
}

static const char *special_name(int key)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
	    {SK_UP, "Up"},       {SK_DOWN, "Down"},     {SK_LEFT, "Left"},
	    {SK_RIGHT, "Right"}, {SK_PGUP, "PgUp"},     {SK_PGDN, "PgDn"},
	    {SK_HOME, "Home"},   {SK_END, "End"},       {SK_ENTER, "Enter"},
	    {SK_ESC, "Esc"},     {SK_TAB, "Tab"},       {SK_BTAB, "Shift-Tab"},
	    {SK_F1, "F1"},       {SK_DELETE, "Delete"}, {SK_BACKSPACE, "Backspace"},
	    {' ', "space"},
	};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (names[i].key == key)
			return names[i].name;
	return NULL;
}

const char *keymap_key_name(int key, char *buf)
{
	const char *s = special_name(key);

	if (s)
		snprintf(buf, 16, "%s", s);
	else if (key > 0 && key < 32)
		snprintf(buf, 16, "Ctrl-%c", key + '@');
	else if (key > 32 && key < 127)
		snprintf(buf, 16, "%c", key);
	else if (key > 127 && key < SK_BASE && !utf8_unsafe((uint32_t)key))
		buf[utf8_encode((uint32_t)key, buf)] = '\0';
	else
		snprintf(buf, 16, "key-%d", key);
	return buf;
}

void keymap_keys_text(const struct keybind *b, struct strbuf *out)
{
	char buf[16];

	for (size_t k = 0; k < KEYMAP_MAX_KEYS && b->keys[k]; k++) {
		if (k)
			sb_adds(out, ", ");
		sb_adds(out, keymap_key_name(b->keys[k], buf));
	}
}

void keymap_format(struct strbuf *out)
{
	sb_adds(out, "# gloss interactive keys: KEYS<TAB>ACTION<TAB>DESCRIPTION, by context.\n"
	             "# Generated from src/keymap.c (test_keymap checks it is current).\n"
	             "[Transcript]\n"
	             "0-9, A-Z\tapply-code\tthe key of a code (digits, uppercase letters except"
	             " G H J K L N): apply it to the selection or unit; again removes it\n");
	for (int c = 0; c < KC_COUNT; c++) {
		if (c != KC_MAIN)
			sb_printf(out, "[%s]\n", keymap_ctx_title((enum keyctx)c));
		for (size_t i = 0; i < ARRAY_LEN(table); i++) {
			if (table[i].ctx != (enum keyctx)c)
				continue;
			keymap_keys_text(&table[i], out);
			sb_printf(out, "\t%s\t%s\n", keymap_action_name(table[i].action),
			          table[i].help);
		}
	}
}
