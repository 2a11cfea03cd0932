/* style.c — the table of named looks (see style.h). */
#include "style.h"

#include "gloss/codebook.h"
#include "gloss/util.h"

#define D SCOLOR_DEFAULT

static int level; /* 0: no colours, 1: 8, 2: 256 */
static int ncolors;

/* for each name: the look with no colours, with 8 and with 256 */
static const struct sattr table[STYLE_COUNT][3] = {
    [STYLE_NORMAL] = {{D, D, 0}, {D, D, 0}, {D, D, 0}},
    [STYLE_TITLE] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_DIM] = {{D, D, SA_DIM}, {D, D, SA_DIM}, {D, D, SA_DIM}},
    [STYLE_SELECTED] = {{D, D, SA_REVERSE}, {D, D, SA_REVERSE}, {D, D, SA_REVERSE}},
    [STYLE_THEME] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_FRAME] = {{D, D, 0}, {D, D, 0}, {D, D, 0}},
    [STYLE_SEPARATOR] = {{D, D, SA_DIM}, {D, D, SA_DIM}, {D, D, SA_DIM}},
    [STYLE_STATUS] = {{D, D, SA_REVERSE}, {D, D, SA_REVERSE}, {D, D, SA_REVERSE}},
    [STYLE_STATUS_NAME] = {{D, D, SA_REVERSE | SA_BOLD},
                           {D, D, SA_REVERSE | SA_BOLD},
                           {D, D, SA_REVERSE | SA_BOLD}},
    [STYLE_MESSAGE] = {{D, D, 0}, {D, D, 0}, {D, D, 0}},
    [STYLE_ERROR] = {{D, D, SA_BOLD}, {1, D, SA_BOLD}, {1, D, SA_BOLD}},
    [STYLE_FRONT] = {{D, D, SA_DIM}, {D, D, SA_DIM}, {D, D, SA_DIM}},
    [STYLE_UNIT] = {{D, D, SA_UNDERLINE}, {D, D, SA_UNDERLINE}, {D, 236, 0}},
    [STYLE_UNIT_TURN] = {{D, D, 0}, {D, D, 0}, {D, 236, 0}},
    [STYLE_SELECTION] = {{D, D, SA_REVERSE}, {7, 4, 0}, {7, 4, 0}},
    [STYLE_MATCH] = {{D, D, SA_REVERSE}, {0, 3, 0}, {0, 3, 0}},
    [STYLE_MATCH_IN_SEL] = {{D, D, SA_UNDERLINE | SA_BOLD}, {0, 3, 0}, {0, 3, 0}},
    [STYLE_CURSOR_BAR] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_MORE] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_MEMO_MARK] = {{D, D, SA_BOLD}, {3, D, SA_BOLD}, {214, D, SA_BOLD}},
    [STYLE_FILTER] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_THEIRS] = {{D, D, SA_DIM | SA_UNDERLINE},
                      {D, D, SA_DIM | SA_UNDERLINE},
                      {D, D, SA_DIM | SA_UNDERLINE}},
    [STYLE_SUGGESTED] = {{D, D, SA_BOLD}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_DISAGREE] = {{D, D, SA_BOLD}, {1, D, SA_BOLD}, {203, D, SA_BOLD}},
    [STYLE_CODED] = {{D, D, SA_BOLD}, {D, D, 0}, {D, D, 0}},
    [STYLE_CODED_MANY] = {{D, D, SA_BOLD | SA_UNDERLINE}, {D, D, SA_BOLD}, {D, D, SA_BOLD}},
    [STYLE_CODED_THEIRS] = {{D, D, SA_DIM | SA_UNDERLINE},
                            {D, D, SA_DIM | SA_UNDERLINE},
                            {D, D, SA_DIM | SA_UNDERLINE}},
    [STYLE_REPAIR_WHY] = {{D, D, SA_BOLD}, {3, D, 0}, {214, D, 0}},
};

void style_init(int colors)
{
	ncolors = colors;
	level = colors >= 256 ? 2 : (colors > 0 ? 1 : 0);
}

int style_colors(void)
{
	return ncolors;
}

struct sattr style(enum style s)
{
	return (unsigned)s < STYLE_COUNT ? table[s][level] : table[STYLE_NORMAL][level];
}

struct sattr style_over(struct sattr base, enum style s)
{
	struct sattr o = style(s);

	if (o.fg != D)
		base.fg = o.fg;
	if (o.bg != D)
		base.bg = o.bg;
	base.flags |= o.flags;
	return base;
}

struct sattr style_code(const struct codebook *cb, int code, bool stripe)
{
	static const short pal[] = {2, 4, 5, 6, 3, 1};
	struct sattr at = SATTR(0);
	struct code_color c;
	short idx;

	if (code < 0 || !level)
		return SATTR(stripe ? SA_REVERSE : SA_BOLD);
	c = codebook_effective_color(cb, code);
	if (c.kind == COLOR_NAMED)
		idx = (short)c.named;
	else if (c.kind == COLOR_RGB)
		idx = screen_color_rgb(ncolors, c.r, c.g, c.b);
	else
		idx = pal[(size_t)code % ARRAY_LEN(pal)];
	if (stripe) {
		at.bg = idx;
		at.fg = idx == 0 || idx == 4 || idx == 16 ? 7 : 0;
	} else {
		at.fg = idx == 0 ? D : idx;
		at.flags = SA_BOLD;
	}
	return at;
}

struct sattr style_coded(struct sattr base, const struct codebook *cb, int code, unsigned mine,
                         unsigned theirs)
{
	struct sattr look = style(mine > 1 ? STYLE_CODED_MANY
	                          : mine   ? STYLE_CODED
	                                   : STYLE_CODED_THEIRS);
	short fg = level ? style_code(cb, code, false).fg : D;

	if (!mine && !theirs)
		return base;
	if (fg != D)
		base.fg = fg;
	else if (level && mine) /* a code without a colour of its own still shows */
		base.flags |= SA_BOLD;
	base.flags |= look.flags;
	return base;
}

struct sattr style_speaker(const char *name)
{
	static const short pal[] = {6, 5, 4, 3, 2, 1};
	struct sattr at = SATTR(SA_BOLD);
	unsigned h = 5381;

	for (const char *s = name; s && *s; s++)
		h = h * 33 + (unsigned char)*s;
	if (level)
		at.fg = pal[h % ARRAY_LEN(pal)];
	return at;
}
