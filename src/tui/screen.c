/* screen.c — the only file that talks to ncursesw: cells, attributes, colours, keys. */
#include "screen.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "layout.h"
#include "gloss/lock.h"
#include "gloss/utf8.h"
#include "gloss/util.h"

#define MAX_COMBINING 4

static SCREEN *scr;
static bool active;
static int ncolors;
static volatile sig_atomic_t pending_signal;
/* a long operation runs (screen_busy_begin): SIGINT asks to stop it instead of ending gloss */
static volatile sig_atomic_t busy, interrupted;
/* keys screen_busy_poll read that are not for it, kept for screen_getkey */
static int held[32];
static size_t nheld, held_at;
/* what the signal handler writes and sets when it must restore the terminal by itself:
 * leave the alternate screen, show the cursor, keypad off, plain attributes; the termios
 * the shell had */
static char restore_seq[256];
static size_t restore_len;
static struct termios shell_tio;
static bool have_shell_tio;

/* colour pairs are allocated on first use: (fg, bg) -> pair */
struct pair {
	short fg, bg;
};
static struct pair *pairs;
static int npairs;
/* the last pair asked for: most cells share it (reset with the pairs) */
static short last_fg = -2, last_bg = -2, last_pair;

static const int exit_signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};

/* die_by: end the process by sig with its default action (a core dump for SIGQUIT, as the
 * user asked). Async-signal-safe. */
static void die_by(int sig)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

/* on_signal: a terminating signal is handled where gloss waits for a key or polls during a
 * long operation (check_signal), never in the middle of a save. A second one while the
 * first is still pending means gloss is stuck: the handler then restores the terminal and
 * removes the lock files itself, with async-signal-safe calls only. */
static void on_signal(int sig)
{
	if (sig == SIGINT && busy) {
		interrupted = 1;
		return;
	}
	if (pending_signal) {
		if (restore_len)
			(void)!write(STDOUT_FILENO, restore_seq, restore_len);
		if (have_shell_tio)
			tcsetattr(STDIN_FILENO, TCSADRAIN, &shell_tio);
		lock_release_all_signal();
		die_by(sig);
	}
	pending_signal = sig;
}

static void fatal_hook(void)
{
	screen_close();
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_LEN(exit_signals); i++)
		sigaddset(&sa.sa_mask, exit_signals[i]);
	for (size_t i = 0; i < ARRAY_LEN(exit_signals); i++)
		sigaction(exit_signals[i], &sa, NULL);
}

/* keep_restore_seq: the terminal's own strings that undo the coder's modes */
static void keep_restore_seq(void)
{
	static const char *const caps[] = {"sgr0", "cnorm", "rmkx", "rmcup"};

	restore_len = 0;
	for (size_t i = 0; i < ARRAY_LEN(caps); i++) {
		const char *v = tigetstr(caps[i]);
		size_t n = v && v != (char *)-1 ? strlen(v) : 0;
		if (restore_len + n < sizeof(restore_seq)) {
			memcpy(restore_seq + restore_len, v, n);
			restore_len += n;
		}
	}
}

static void init_colors(bool no_color)
{
	ncolors = 0;
	if (no_color || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	ncolors = COLORS >= 256 ? 256 : (COLORS >= 8 ? 8 : 0);
}

/* term_addressable: can the terminal described by TERM move the cursor to any cell? A
 * terminal without cursor addressing (TERM=dumb, a hardcopy or glass terminal) would show a
 * garbled coder; an unknown TERM is left to newterm, which refuses it. */
static bool term_addressable(void)
{
	TERMINAL *saved = cur_term;
	const char *cup;
	bool ok = true;
	int e = 0;

	if (setupterm(NULL, STDOUT_FILENO, &e) != OK)
		return true;
	cup = tigetstr("cup");
	if (!cup || cup == (char *)-1 || tigetflag("hc") > 0 || tigetnum("lines") == 0)
		ok = false;
	del_curterm(cur_term);
	set_curterm(saved);
	return ok;
}

bool screen_open(bool no_color, char *err, size_t errsize)
{
	const char *term = getenv("TERM");

	if (active)
		return true;
	if (!term_addressable()) {
		snprintf(
		    err, errsize,
		    "the terminal (TERM=%s) cannot place the cursor, and the interactive coder "
		    "needs a full-screen terminal; set TERM to your terminal's type (for "
		    "example xterm-256color), or use 'gloss tally', 'gloss grep' or 'gloss check'",
		    term ? term : "");
		return false;
	}
	have_shell_tio = tcgetattr(STDIN_FILENO, &shell_tio) == 0;
	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errsize, "cannot initialise the terminal (TERM=%s)",
		         getenv("TERM") ? getenv("TERM") : "");
		return false;
	}
	active = true;
	keep_restore_seq();
	util_set_fatal_hook(fatal_hook);
	install_signals();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	meta(stdscr, TRUE);
	curs_set(0);
	init_colors(no_color);
	return true;
}

static bool mouse_active;

/* SGR (1006) mouse reports, "CSI < b ; x ; y M" (a press or motion) or "... m" (a release),
 * are read here whatever terminfo says: many entries (tmux-256color, screen, ...) name only
 * the X10 encoding, which cannot report a column past 223. gloss asks for 1006 itself, binds
 * the report's "CSI <" to a key code of its own and reads the numbers that follow; a terminal
 * that does not know 1006 keeps sending X10, which ncurses reads (getmouse). */
#define KEY_SGR_MOUSE (KEY_MAX + 0x40)
#define MOUSE_ON "\033[?1002h\033[?1006h"
#define MOUSE_OFF "\033[?1006l\033[?1002l\033[?1000l"
/* the SGR reports read and not yet asked for by screen_mouse_event */
static struct smouse sgr_events[16];
static size_t sgr_n, sgr_at;

bool screen_mouse_on(void)
{
	mmask_t want = BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED |
	               BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED |
	               REPORT_MOUSE_POSITION;

	if (!active || mousemask(want, NULL) == 0 || !has_mouse())
		return false;
	mouseinterval(0); /* presses and releases as they come: drags, no click merging */
	define_key("\033[<", KEY_SGR_MOUSE);
	/* button-event tracking (motion while pressed) in the SGR encoding */
	fputs(MOUSE_ON, stdout);
	fflush(stdout);
	if (!mouse_active && restore_len + strlen(MOUSE_OFF) < sizeof(restore_seq)) {
		memcpy(restore_seq + restore_len, MOUSE_OFF, strlen(MOUSE_OFF));
		restore_len += strlen(MOUSE_OFF);
	}
	mouse_active = true;
	return true;
}

/* sgr_kind: the event of an SGR report's button code b, ending in M (press) or m */
static enum smouse_kind sgr_kind(long b, bool press)
{
	if (b & 64) /* the wheel: 64 up, 65 down (presses only) */
		return (b & 3) == 0 ? SM_WHEEL_UP : (b & 3) == 1 ? SM_WHEEL_DOWN : SM_OTHER;
	if ((b & 3) != 0) /* another button than the first */
		return SM_OTHER;
	if (b & 32)
		return SM_MOVE;
	return press ? SM_PRESS : SM_RELEASE;
}

/* read_sgr_mouse: the rest of an SGR report after its "CSI <": "b;x;y" and M or m. false
 * (the report dropped) when it is malformed, names a cell off the screen or does not
 * arrive whole. */
static bool read_sgr_mouse(struct smouse *m)
{
	long v[3] = {0, 0, 0};
	int i = 0, len = 0;
	wint_t c;

	timeout(100); /* the report arrives in one piece; this only ends a broken one */
	while (len++ < 32 && get_wch(&c) == OK) {
		if (c >= '0' && c <= '9' && v[i] < 100000)
			v[i] = v[i] * 10 + (long)(c - '0');
		else if (c == ';' && i < 2)
			i++;
		else if ((c == 'M' || c == 'm') && i == 2 && v[1] > 0 && v[2] > 0 && v[1] <= COLS &&
		         v[2] <= LINES) {
			m->kind = sgr_kind(v[0], c == 'M');
			m->x = (int)v[1] - 1;
			m->y = (int)v[2] - 1;
			return true;
		} else
			return false;
	}
	return false;
}

/* next_sgr: the SGR report that was sent with the one just read, if the next input is one
 * (any other key is put back) */
static bool next_sgr(struct smouse *m)
{
	wint_t c;
	int rc;

	timeout(0);
	rc = get_wch(&c);
	if (rc == ERR)
		return false;
	if (rc == KEY_CODE_YES && c == KEY_SGR_MOUSE)
		return read_sgr_mouse(m);
	if (rc == KEY_CODE_YES)
		ungetch((int)c);
	else
		unget_wch((wchar_t)c);
	return false;
}

static void sgr_queue(const struct smouse *m)
{
	if (sgr_at == sgr_n)
		sgr_at = sgr_n = 0;
	if (sgr_n < ARRAY_LEN(sgr_events)) /* more reports than keys read: the oldest kept */
		sgr_events[sgr_n++] = *m;
}

/* sgr_mouse_key: an SGR report read and queued for screen_mouse_event: SK_MOUSE, or
 * SK_NONE for one that is broken. A press whose release at the same cell came with it is
 * one SM_CLICK, as ncurses makes it of X10 reports. */
static int sgr_mouse_key(void)
{
	struct smouse m, r;

	if (!read_sgr_mouse(&m))
		return SK_NONE;
	if (m.kind == SM_PRESS && next_sgr(&r)) {
		if (r.kind == SM_RELEASE && r.x == m.x && r.y == m.y) {
			m.kind = SM_CLICK;
		} else { /* two events: the next screen_getkey returns the second's key */
			sgr_queue(&m);
			m = r;
			if (nheld < ARRAY_LEN(held))
				held[nheld++] = SK_MOUSE;
		}
	}
	sgr_queue(&m);
	return SK_MOUSE;
}

bool screen_mouse_event(struct smouse *m)
{
	MEVENT ev;

	if (sgr_at < sgr_n) {
		*m = sgr_events[sgr_at++];
		return true;
	}
	if (getmouse(&ev) != OK)
		return false;
	m->y = ev.y;
	m->x = ev.x;
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		m->kind = SM_DOUBLE;
	else if (ev.bstate & BUTTON1_CLICKED)
		m->kind = SM_CLICK;
	else if (ev.bstate & BUTTON1_PRESSED)
		m->kind = SM_PRESS;
	else if (ev.bstate & BUTTON1_RELEASED)
		m->kind = SM_RELEASE;
	else if (ev.bstate & BUTTON4_PRESSED)
		m->kind = SM_WHEEL_UP;
	else if (ev.bstate & BUTTON5_PRESSED)
		m->kind = SM_WHEEL_DOWN;
	else if (ev.bstate & REPORT_MOUSE_POSITION)
		m->kind = SM_MOVE;
	else
		m->kind = SM_OTHER;
	return true;
}

void screen_close(void)
{
	if (!active)
		return;
	if (mouse_active) {
		mousemask(0, NULL);
		fputs(MOUSE_OFF, stdout);
		fflush(stdout);
		mouse_active = false;
	}
	active = false;
	curs_set(1);
	endwin();
	delscreen(scr);
	scr = NULL;
	free(pairs);
	pairs = NULL;
	npairs = 0;
	last_fg = last_bg = -2;
}

static bool suspended, mouse_was_on;

void screen_suspend(void)
{
	if (!active || suspended)
		return;
	mouse_was_on = mouse_active;
	if (mouse_active) {
		fputs("\033[?1002l", stdout);
		fflush(stdout);
	}
	def_prog_mode();
	curs_set(1);
	endwin();
	fflush(stdout);
	suspended = true;
}

void screen_resume(void)
{
	if (!active || !suspended)
		return;
	suspended = false;
	reset_prog_mode();
	keypad(stdscr, TRUE);
	curs_set(0);
	if (mouse_was_on) {
		fputs("\033[?1002h", stdout);
		fflush(stdout);
	}
	clearok(curscr, TRUE);
	refresh();
}

int screen_colors(void)
{
	return ncolors;
}

static const unsigned char basic8[8][3] = {
    {0, 0, 0},   {205, 0, 0},   {0, 205, 0},   {205, 205, 0},
    {0, 0, 238}, {205, 0, 205}, {0, 205, 205}, {229, 229, 229},
};

static long dist2(int r1, int g1, int b1, int r2, int g2, int b2)
{
	long dr = r1 - r2, dg = g1 - g2, db = b1 - b2;
	return dr * dr * 3 + dg * dg * 4 + db * db * 2;
}

static int cube_level(int v)
{
	static const int lv[6] = {0, 95, 135, 175, 215, 255};
	int best = 0;

	for (int i = 1; i < 6; i++)
		if (abs(lv[i] - v) < abs(lv[best] - v))
			best = i;
	return best;
}

static short nearest256(int r, int g, int b)
{
	static const int lv[6] = {0, 95, 135, 175, 215, 255};
	int cr = cube_level(r), cg = cube_level(g), cb = cube_level(b);
	long dc = dist2(r, g, b, lv[cr], lv[cg], lv[cb]);
	int grey = (r + g + b) / 3;
	int gi = grey < 8 ? 0 : (grey > 238 ? 23 : (grey - 8) / 10);
	int gv = 8 + gi * 10;
	long dg = dist2(r, g, b, gv, gv, gv);

	if (dg < dc)
		return (short)(232 + gi);
	return (short)(16 + 36 * cr + 6 * cg + cb);
}

short screen_color_rgb(int colors, unsigned char r, unsigned char g, unsigned char b)
{
	int best = 0;

	if (colors >= 256)
		return nearest256(r, g, b);
	if (colors < 8)
		return SCOLOR_DEFAULT;
	for (int i = 1; i < 8; i++)
		if (dist2(r, g, b, basic8[i][0], basic8[i][1], basic8[i][2]) <
		    dist2(r, g, b, basic8[best][0], basic8[best][1], basic8[best][2]))
			best = i;
	return (short)best;
}

void screen_size(int *rows, int *cols)
{
	*rows = LINES;
	*cols = COLS;
}

void screen_erase(void)
{
	erase();
}

static short color_clamp(short c)
{
	if (c < 0 || c >= ncolors)
		return -1;
	return c;
}

static short lookup_pair(short fg, short bg)
{
	fg = color_clamp(fg);
	bg = color_clamp(bg);
	if (ncolors == 0 || (fg < 0 && bg < 0))
		return 0;
	for (int i = 0; i < npairs; i++)
		if (pairs[i].fg == fg && pairs[i].bg == bg)
			return (short)(i + 1);
	if (npairs + 1 >= COLOR_PAIRS || npairs + 1 > 32000)
		return 0;
	pairs = xreallocarray(pairs, (size_t)npairs + 1, sizeof(*pairs));
	pairs[npairs] = (struct pair){fg, bg};
	init_pair((short)(npairs + 1), fg, bg);
	return (short)++npairs;
}

static short pair_for(short fg, short bg)
{
	short p;

	if (fg == last_fg && bg == last_bg)
		return last_pair;
	p = lookup_pair(fg, bg);
	last_fg = fg;
	last_bg = bg;
	last_pair = p;
	return p;
}

static attr_t attr_flags(unsigned f)
{
	attr_t a = A_NORMAL;

	if (f & SA_BOLD)
		a |= A_BOLD;
	if (f & SA_DIM)
		a |= A_DIM;
	if (f & SA_REVERSE)
		a |= A_REVERSE;
	if (f & SA_UNDERLINE)
		a |= A_UNDERLINE;
	return a;
}

int screen_put(int y, int x, const uint32_t *cps, size_t n, struct sattr a)
{
	wchar_t wc[MAX_COMBINING + 2];
	size_t k = 0;
	cchar_t cc;
	int w;

	if (n == 0)
		return 0;
	if (n == 1 && (cps[0] == '\t' || (cps[0] >= ' ' && cps[0] < 0x7F))) {
		/* printable ASCII, most of the screen: the narrow path (no width look-ups) */
		short pair = pair_for(a.fg, a.bg);
		if (pair < 256) {
			chtype ch = cps[0] == '\t' ? ' ' : (chtype)cps[0];
			if (y >= 0 && x >= 0 && y < LINES && x < COLS)
				mvaddch(y, x, ch | attr_flags(a.flags) | (chtype)COLOR_PAIR(pair));
			return 1;
		}
	}
	if (cps[0] == '\t' || cps[0] == ' ')
		wc[k++] = L' ';
	else if (utf8_unsafe(cps[0]) || layout_cp_width(cps[0]) == 0)
		wc[k++] =
		    (wchar_t)(utf8_unsafe(cps[0]) ? utf8_placeholder(cps[0]) : UTF8_REPLACEMENT);
	else
		wc[k++] = (wchar_t)cps[0];
	for (size_t i = 1; i < n && k <= MAX_COMBINING; i++)
		if (!utf8_unsafe(cps[i]) && layout_cp_width(cps[i]) == 0)
			wc[k++] = (wchar_t)cps[i];
	wc[k] = L'\0';
	w = layout_cp_width((uint32_t)wc[0]);
	if (y < 0 || x < 0 || y >= LINES || x + w > COLS)
		return w;
	setcchar(&cc, wc, attr_flags(a.flags), pair_for(a.fg, a.bg), NULL);
	mvadd_wch(y, x, &cc);
	return w;
}

int screen_text(int y, int x, int maxw, const char *s, size_t n, struct sattr a)
{
	int used = 0;
	size_t i = 0;

	while (i < n) {
		uint32_t cl[MAX_COMBINING + 1];
		size_t m = 0;
		int w;

		i += layout_cell(s + i, n - i, cl, ARRAY_LEN(cl), &m, &w);
		if (cl[0] == '\t' || cl[0] == '\n')
			cl[0] = utf8_placeholder(cl[0]);
		if (used + w > maxw)
			break;
		screen_put(y, x + used, cl, m, a);
		used += w;
	}
	return used;
}

void screen_fill(int y, int x, int w, uint32_t cp, struct sattr a)
{
	for (int i = 0; i < w; i++)
		screen_put(y, x + i, &cp, 1, a);
}

void screen_cursor(int y, int x)
{
	if (y < 0) {
		curs_set(0);
		return;
	}
	move(y, x);
	curs_set(1);
}

void screen_refresh(void)
{
	refresh();
}

void screen_redraw(void)
{
	clearok(curscr, TRUE);
}

/* check_signal: a pending terminating signal restores the terminal, removes the lock files
 * held and the directories emptied (lock_release_all_signal), and ends gloss by that
 * signal */
static void check_signal(void)
{
	int sig = pending_signal;

	if (!sig)
		return;
	screen_close();
	lock_release_all_signal();
	die_by(sig);
}

static int map_fkey(wint_t k)
{
	switch (k) {
	case KEY_UP:
		return SK_UP;
	case KEY_DOWN:
		return SK_DOWN;
	case KEY_LEFT:
		return SK_LEFT;
	case KEY_RIGHT:
		return SK_RIGHT;
	case KEY_PPAGE:
		return SK_PGUP;
	case KEY_NPAGE:
		return SK_PGDN;
	case KEY_HOME:
		return SK_HOME;
	case KEY_END:
		return SK_END;
	case KEY_ENTER:
		return SK_ENTER;
	case KEY_BTAB:
		return SK_BTAB;
	case KEY_BACKSPACE:
		return SK_BACKSPACE;
	case KEY_DC:
		return SK_DELETE;
	case KEY_F(1):
		return SK_F1;
	case KEY_RESIZE:
		return SK_RESIZE;
	case KEY_MOUSE:
		return SK_MOUSE;
	default:
		return SK_OTHER;
	}
}

static int map_char(wint_t c)
{
	switch (c) {
	case '\r':
	case '\n':
		return SK_ENTER;
	case 27:
		return SK_ESC;
	case '\t':
		return SK_TAB;
	case 8:
	case 127:
		return SK_BACKSPACE;
	default:
		return (int)c;
	}
}

static int read_key(int timeout_ms)
{
	wint_t c;
	int rc;

	timeout(timeout_ms);
	rc = get_wch(&c);
	if (rc == ERR)
		return SK_NONE;
	if (rc == KEY_CODE_YES && c == KEY_SGR_MOUSE)
		return sgr_mouse_key();
	if (rc == KEY_CODE_YES)
		return map_fkey(c);
	return map_char(c);
}

int screen_getkey(int timeout_ms)
{
	int key;

	check_signal();
	if (held_at < nheld) {
		key = held[held_at++];
		if (held_at == nheld)
			held_at = nheld = 0;
		return key;
	}
	key = read_key(timeout_ms);
	check_signal();
	return key;
}

bool screen_input_pending(void)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};

	return held_at < nheld || (active && poll(&p, 1, 0) > 0 && (p.revents & POLLIN));
}

void screen_busy_begin(void)
{
	interrupted = 0;
	busy = 1;
}

bool screen_busy_poll(void)
{
	struct pollfd p = {STDIN_FILENO, POLLIN, 0};

	check_signal();
	if (interrupted)
		return true;
	while (active && poll(&p, 1, 0) > 0 && (p.revents & POLLIN)) {
		int key = read_key(0);
		if (key == SK_ESC || key == 3) {
			interrupted = 1;
			return true;
		}
		if (key == SK_NONE)
			break;
		if (nheld < ARRAY_LEN(held)) /* typed ahead: for the next screen_getkey */
			held[nheld++] = key;
	}
	return false;
}

void screen_busy_end(void)
{
	busy = 0;
	interrupted = 0;
	check_signal();
}
