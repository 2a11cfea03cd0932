/* screen.h — the only door to the terminal: a thin cell/attribute drawing API on ncursesw.
 *
 * Views draw cells and text through these calls and never include <curses.h>. Every code
 * point written goes through the cell writer, which replaces control characters, escapes
 * and invalid text by visible placeholders (utf8_placeholder), so text from files never
 * reaches the terminal raw. Widths follow layout_cp_width (layout.h). Colours: the terminal is used
 * with 256, 8 or no colours (NO_COLOR set and non-empty, or has_colors() false); callers ask
 * screen_colors() and use attributes (reverse, bold, underline) where colour is missing. */
#ifndef GLOSS_SCREEN_H
#define GLOSS_SCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Attribute flags. */
enum {
	SA_BOLD = 1,
	SA_DIM = 2,
	SA_REVERSE = 4,
	SA_UNDERLINE = 8,
};

#define SCOLOR_DEFAULT (-1)

/* A cell's look: flags plus foreground and background colour indices (0..255 or
 * SCOLOR_DEFAULT). Colours are ignored when the terminal has none. */
struct sattr {
	short fg, bg;
	unsigned flags;
};

#define SATTR(fl) ((struct sattr){SCOLOR_DEFAULT, SCOLOR_DEFAULT, (fl)})

/* Keys returned by screen_getkey: a Unicode code point (control characters as themselves,
 * e.g. 4 for Ctrl-D), or one of these. */
enum {
	SK_NONE = -1, /* timeout */
	SK_BASE = 0x110000,
	SK_UP,
	SK_DOWN,
	SK_LEFT,
	SK_RIGHT,
	SK_PGUP,
	SK_PGDN,
	SK_HOME,
	SK_END,
	SK_ENTER,
	SK_ESC,
	SK_TAB,
	SK_BTAB,
	SK_BACKSPACE,
	SK_DELETE,
	SK_F1,
	SK_RESIZE,
	SK_MOUSE, /* a mouse event: screen_mouse_event tells what */
	SK_OTHER, /* a function key gloss does not use */
};

/* A mouse event (cells, 0-based). Button 1 only, plus the wheel; SM_MOVE is a motion
 * report, which terminals send while button 1 is held (a drag). A press and its release
 * that arrive together are one SM_CLICK, two such clicks one SM_DOUBLE. */
enum smouse_kind {
	SM_PRESS,
	SM_RELEASE,
	SM_CLICK,
	SM_DOUBLE,
	SM_MOVE,
	SM_WHEEL_UP,
	SM_WHEEL_DOWN,
	SM_OTHER
};
struct smouse {
	int y, x;
	enum smouse_kind kind;
};

/* screen_mouse_on: ask the terminal to report button 1 presses, releases and drags and the
 * wheel (SGR 1006 reports, whatever terminfo names); false when it cannot report the
 * mouse. screen_close turns it off again. */
bool screen_mouse_on(void);
/* screen_mouse_event: the event behind the last SK_MOUSE; false when there is none. */
bool screen_mouse_event(struct smouse *m);

/* screen_open: start curses on the controlling terminal (newterm on stdin/stdout), with
 * colours unless no_color; installs the fatal hook and SIGTERM/SIGINT/SIGHUP/SIGQUIT
 * handlers that restore the terminal (see screen_getkey). false (message in err) when the
 * terminal cannot be used: an unknown TERM, or one that cannot place the cursor. */
bool screen_open(bool no_color, char *err, size_t errsize);
/* screen_close: restore the terminal; safe to call twice. */
void screen_close(void);
/* screen_suspend / screen_resume: leave curses for a program that uses the terminal
 * itself (the coder's $EDITOR): the terminal as the shell had it, the mouse reports off;
 * screen_resume takes it back and repaints everything on the next refresh. */
void screen_suspend(void);
void screen_resume(void);
/* screen_colors: 256, 8 or 0. */
int screen_colors(void);
/* screen_color_rgb: nearest palette index for an RGB colour (in the xterm 256-colour cube
 * and grey ramp, or among the 8 basic colours), or SCOLOR_DEFAULT without colours. */
short screen_color_rgb(int colors, unsigned char r, unsigned char g, unsigned char b);
void screen_size(int *rows, int *cols);
void screen_erase(void);
/* screen_put: draw one cell cluster (a base code point and its combining marks) at y,x.
 * Returns the columns used (1 or 2). Unsafe code points become placeholders. */
int screen_put(int y, int x, const uint32_t *cps, size_t n, struct sattr a);
/* screen_text: draw UTF-8 text s[0..n) at y,x, clipped to maxw columns (a wide character
 * that does not fit is left out); TAB and LF show as placeholders. Returns columns used. */
int screen_text(int y, int x, int maxw, const char *s, size_t n, struct sattr a);
/* screen_fill: w cells of code point cp. */
void screen_fill(int y, int x, int w, uint32_t cp, struct sattr a);
/* screen_cursor: place the terminal cursor (visible) or hide it (y < 0). */
void screen_cursor(int y, int x);
void screen_refresh(void);
/* screen_redraw: repaint everything on the next refresh (Ctrl-L). */
void screen_redraw(void);
/* screen_getkey: wait up to timeout_ms (-1: forever) for a key; SK_NONE on timeout. A
 * pending SIGTERM/SIGINT/SIGHUP/SIGQUIT restores the terminal, removes the lock files held
 * (lock_release_all_signal, lock.h) and ends gloss by that signal here. A second such signal
 * while one is pending (gloss is stuck) does the same at once, in the signal handler. */
int screen_getkey(int timeout_ms);
/* screen_input_pending: keys are waiting to be read (a paste is coming in): a view may
 * skip drawing until they are handled. */
bool screen_input_pending(void);
/* A long operation the user can stop: between screen_busy_begin and screen_busy_end, Esc
 * and Ctrl-C (SIGINT) ask to stop it. screen_busy_poll returns true once asked; it also
 * acts on a pending SIGTERM/SIGHUP/SIGQUIT as screen_getkey does. It costs one poll(2):
 * call it every few milliseconds of work. Other keys typed meanwhile are kept for the next
 * screen_getkey calls (up to 32). */
void screen_busy_begin(void);
bool screen_busy_poll(void);
void screen_busy_end(void);

#endif
