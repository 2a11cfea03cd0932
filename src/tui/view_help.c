/* view_help.c — the help overlay: every key of the key table, by context. */
#include "view_help.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

struct help {
	char **lines;
	size_t n, cap;
	struct listview lv;
};

static void help_add(struct help *hp, struct strbuf *sb)
{
	VEC_PUSH(hp->lines, hp->n, hp->cap, sb_detach(sb));
}

static void help_lines(struct help *hp)
{
	size_t n;
	const struct keybind *tb = keymap_table(&n);
	struct strbuf sb = STRBUF_INIT;

	for (int c = 0; c < KC_COUNT; c++) {
		sb_printf(&sb, "%s", keymap_ctx_title((enum keyctx)c));
		help_add(hp, &sb);
		if (c == KC_MAIN) {
			sb_printf(
			    &sb, "  %-20s %s", "0-9 A-Z",
			    "apply the code with that key (not G H J K L N); again removes it");
			help_add(hp, &sb);
		}
		for (size_t i = 0; i < n; i++) {
			struct strbuf k = STRBUF_INIT;
			if (tb[i].ctx != (enum keyctx)c)
				continue;
			keymap_keys_text(&tb[i], &k);
			sb_printf(&sb, "  %-20s %s", k.data, tb[i].help);
			help_add(hp, &sb);
			sb_done(&k);
		}
	}
}

static void help_row(void *ctx, size_t i, struct rect r, bool sel)
{
	struct help *hp = ctx;
	const char *s = hp->lines[i];

	(void)sel;
	screen_text(r.y, r.x, r.w, s, strlen(s), style(*s != ' ' ? STYLE_TITLE : STYLE_NORMAL));
}

static void help_draw(void *v, struct rect area)
{
	struct help *hp = v;

	screen_text(area.y, area.x + 1, area.w - 2, "Keys (q or Esc closes)", 22,
	            style(STYLE_TITLE));
	listview_draw(&hp->lv, (struct rect){area.x + 1, area.y + 1, area.w - 2, area.h - 2});
}

static enum view_result help_key(void *v, int key, enum keyaction act)
{
	struct help *hp = v;

	(void)key;
	if (listview_move(&hp->lv, act))
		return VIEW_GO_ON;
	return act == KA_CANCEL ? VIEW_DONE : VIEW_GO_ON;
}

static const struct view_ops help_ops = {"help", KC_HELP, VIEW_BARE, help_draw, help_key};

void help_run(const struct view_host *h)
{
	struct help hp = {NULL, 0, 0, {0}};

	help_lines(&hp);
	listview_init(&hp.lv, &hp, help_row, NULL);
	hp.lv.pager = true;
	listview_set_rows(&hp.lv, hp.n);
	view_run(&help_ops, &hp, h);
	for (size_t i = 0; i < hp.n; i++)
		free(hp.lines[i]);
	free(hp.lines);
	listview_done(&hp.lv);
}
