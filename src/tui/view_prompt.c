/* view_prompt.c — the one-line prompt at the bottom of the screen. */
#include "view_prompt.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/utf8.h"
#include "keymap.h"
#include "layout.h"
#include "lineedit.h"
#include "style.h"

static bool printable_key(int key)
{
	return key >= 32 && key < SK_BASE && key != 127 && !utf8_unsafe((uint32_t)key);
}

/* The prompt's text and cursor live in a lineedit (lineedit.h): editing and drawing cost
 * O(1) and O(width) a key, so a paste of n characters costs O(n). */

static void prompt_draw(struct rect area, const char *label, struct lineedit *le)
{
	int y = area.y + area.h - 1, lw = layout_text_width(label, strlen(label));
	int avail = area.w - lw - 1;
	struct lineedit_view v;

	lineedit_view(le, avail > 0 ? avail : 1, &v);
	screen_fill(y, 0, area.w, ' ', style(STYLE_NORMAL));
	screen_text(y, 0, area.w, label, strlen(label), style(STYLE_TITLE));
	screen_text(y, lw, avail, v.before, v.nbefore, style(STYLE_NORMAL));
	screen_text(y, lw + v.cursor_col, avail - v.cursor_col, v.after, v.nafter,
	            style(STYLE_NORMAL));
	screen_cursor(y, lw + v.cursor_col);
}

/* returns 1 accept, -1 cancel, 0 go on */
static int prompt_key(struct lineedit *le, int key)
{
	switch (keymap_lookup(KC_PROMPT, key)) {
	case KA_ACCEPT:
		return 1;
	case KA_CANCEL:
		return -1;
	case KA_LEFT:
		lineedit_left(le);
		break;
	case KA_RIGHT:
		lineedit_right(le);
		break;
	case KA_LINE_START:
		lineedit_home(le);
		break;
	case KA_LINE_END:
		lineedit_end(le);
		break;
	case KA_BACKSPACE:
		lineedit_backspace(le);
		break;
	case KA_DELETE:
		lineedit_delete(le);
		break;
	case KA_KILL:
		lineedit_kill_before(le);
		break;
	default:
		if (printable_key(key))
			lineedit_insert(le, (uint32_t)key);
	}
	return 0;
}

/* prompt_yes: a y/N question answered by one key: "y" for y or Y, NULL for any other
 * key (n, Esc, Enter: cancel), so nothing typed after it lands in it */
static char *prompt_yes(const struct view_host *h, const char *label)
{
	struct lineedit le;
	int key = SK_NONE;

	lineedit_init(&le, "");
	while (key == SK_NONE || key == SK_RESIZE) {
		struct rect area;
		if (h->frame(h->ctx, VIEW_OVERLAY, &area))
			prompt_draw(area, label, &le);
		screen_refresh();
		key = screen_getkey(-1);
	}
	screen_cursor(-1, 0);
	lineedit_done(&le);
	return key == 'y' || key == 'Y' ? xstrdup("y") : NULL;
}

char *prompt_run(const struct view_host *h, const char *label, const char *initial)
{
	struct lineedit le;
	char *text = NULL;
	int r = 0;

	if (!initial)
		return prompt_yes(h, label);
	lineedit_init(&le, initial);
	while (r == 0) {
		int key;
		struct rect area;
		if (!screen_input_pending()) { /* a paste is drawn once, at its end */
			if (h->frame(h->ctx, VIEW_OVERLAY, &area))
				prompt_draw(area, label, &le);
			screen_refresh();
		}
		key = screen_getkey(-1);
		if (key != SK_NONE && key != SK_RESIZE)
			r = prompt_key(&le, key);
	}
	screen_cursor(-1, 0);
	if (r > 0)
		text = lineedit_text(&le);
	lineedit_done(&le);
	return text;
}
