/* view_memoedit.c — the memo editor: several lines, wrapped at word boundaries in a box
 * over the coder's screen. Enter breaks the line, Ctrl-G saves, Esc cancels (asking y/N,
 * one key, when the text changed), Ctrl-X hands the text to $VISUAL or $EDITOR (else vi)
 * in a private temporary file and takes back what the editor leaves there. A paste is
 * drawn once, at its end. */
#include "view_memoedit.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/utf8.h"
#include "gloss/util.h"
#include "keymap.h"
#include "style.h"

struct row {
	size_t start, end; /* bytes of the text shown on one screen line (no '\n') */
};

struct medit {
	struct strbuf text;
	size_t cur; /* the cursor, a byte offset */
	struct row *rows;
	size_t nrows, caprows;
	size_t top;   /* the first row shown */
	int want_col; /* the column Up and Down keep, or -1 */
};

static int cp_width(const char *s, size_t n, size_t *len)
{
	uint32_t cp;
	int w;

	*len = utf8_decode(s, n, &cp);
	if (*len == 0)
		*len = 1;
	w = utf8_width(cp);
	return w < 0 ? 1 : w;
}

static void add_row(struct medit *m, size_t s, size_t e)
{
	grow_array((void **)&m->rows, &m->caprows, m->nrows + 1, sizeof(*m->rows));
	m->rows[m->nrows++] = (struct row){s, e};
}

/* wrap: the text as rows of at most w columns, broken after a space where one is */
static void wrap(struct medit *m, int w)
{
	const char *t = m->text.data ? m->text.data : "";
	size_t n = m->text.len, s = 0;

	m->nrows = 0;
	while (s <= n) {
		size_t i = s, brk = 0, len;
		int col = 0;

		while (i < n && t[i] != '\n') {
			int cw = cp_width(t + i, n - i, &len);

			if (col + cw > w && i > s)
				break;
			col += cw;
			i += len;
			if (t[i - 1] == ' ')
				brk = i;
		}
		if (i < n && t[i] != '\n') { /* wrapped */
			if (brk > s)
				i = brk;
			add_row(m, s, i);
			s = i;
			continue;
		}
		add_row(m, s, i);
		s = i + 1; /* past the '\n' (or the end) */
	}
}

/* cursor_row: the row holding the cursor */
static size_t cursor_row(const struct medit *m)
{
	for (size_t r = 0; r < m->nrows; r++) {
		bool last_of_line = r + 1 == m->nrows || m->rows[r + 1].start != m->rows[r].end;

		if (m->cur >= m->rows[r].start &&
		    (m->cur < m->rows[r].end || (m->cur == m->rows[r].end && last_of_line)))
			return r;
	}
	return m->nrows ? m->nrows - 1 : 0;
}

static int col_of(const struct medit *m, size_t r, size_t off)
{
	int col = 0;
	size_t len;

	for (size_t i = m->rows[r].start; i < off && i < m->rows[r].end; i += len)
		col += cp_width(m->text.data + i, m->text.len - i, &len);
	return col;
}

static size_t off_at_col(const struct medit *m, size_t r, int want)
{
	size_t i = m->rows[r].start, len;
	int col = 0;

	while (i < m->rows[r].end) {
		int cw = cp_width(m->text.data + i, m->text.len - i, &len);

		if (col + cw > want)
			break;
		col += cw;
		i += len;
	}
	return i;
}

static void insert(struct medit *m, const char *s, size_t n)
{
	sb_add(&m->text, s, n); /* grow, then move the tail */
	memmove(m->text.data + m->cur + n, m->text.data + m->cur, m->text.len - n - m->cur);
	memcpy(m->text.data + m->cur, s, n);
	m->cur += n;
}

static void erase(struct medit *m, size_t s, size_t e)
{
	memmove(m->text.data + s, m->text.data + e, m->text.len - e);
	m->text.len -= e - s;
	m->text.data[m->text.len] = '\0';
	m->cur = s;
}

static size_t prev_cp(const struct medit *m, size_t i)
{
	if (i == 0)
		return 0;
	i--;
	while (i > 0 && (m->text.data[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static size_t next_cp(const struct medit *m, size_t i)
{
	if (i >= m->text.len)
		return m->text.len;
	i++;
	while (i < m->text.len && (m->text.data[i] & 0xC0) == 0x80)
		i++;
	return i;
}

static bool word_byte(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c & 0x80) || c == '_' || c == '\'';
}

static void word_next(struct medit *m)
{
	size_t i = m->cur;

	while (i < m->text.len && word_byte(m->text.data[i]))
		i++;
	while (i < m->text.len && !word_byte(m->text.data[i]))
		i++;
	m->cur = i;
}

static void word_prev(struct medit *m)
{
	size_t i = m->cur;

	while (i > 0 && !word_byte(m->text.data[i - 1]))
		i--;
	while (i > 0 && word_byte(m->text.data[i - 1]))
		i--;
	m->cur = i;
}

static void draw(struct medit *m, struct rect area, const char *title, const char *bottom)
{
	int w = area.w - 4 < 76 ? area.w - 4 : 76, h = area.h - 4 < 14 ? area.h - 4 : 14;
	struct rect in;
	size_t cr;

	if (w < 8)
		w = 8;
	if (h < 4)
		h = 4;
	in = view_box(area, w, h, title);
	wrap(m, in.w > 1 ? in.w - 1 : 1);
	cr = cursor_row(m);
	if (in.h < 2)
		return;
	if (cr < m->top)
		m->top = cr;
	if (cr >= m->top + (size_t)(in.h - 1))
		m->top = cr - (size_t)(in.h - 2);
	for (int y = 0; y < in.h - 1 && m->top + (size_t)y < m->nrows; y++) {
		const struct row *r = &m->rows[m->top + (size_t)y];

		screen_text(in.y + y, in.x, in.w, m->text.data + r->start, r->end - r->start,
		            style(STYLE_NORMAL));
	}
	screen_text(in.y + in.h - 1, in.x, in.w, bottom, strlen(bottom), style(STYLE_DIM));
	if (bottom[0] == 'd') /* the question: no cursor in the text */
		screen_cursor(-1, 0);
	else
		screen_cursor(in.y + (int)(cr - m->top), in.x + col_of(m, cr, m->cur));
}

/* the largest memo taken back from an external editor */
#define MEMOEDIT_MAX_FILE ((size_t)1 << 20)

/* editor_name: $VISUAL, else $EDITOR, else vi */
static const char *editor_name(void)
{
	const char *e = getenv("VISUAL");

	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

/* write_all: the whole of s[0..n) to fd */
static bool write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		s += w;
		n -= (size_t)w;
	}
	return true;
}

/* run_editor: run the editor on path as git does (sh -c 'EDITOR "$@"'), the terminal
 * handed over; gloss ignores Ctrl-C and Ctrl-\ meanwhile (they are the editor's). Returns
 * the wait status, or -1 when no process could be started. */
static int run_editor(const char *editor, const char *path)
{
	struct sigaction ign, old_int, old_quit;
	char *cmd = xasprintf("%s \"$@\"", editor);
	int status = -1;
	pid_t pid;

	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	screen_suspend();
	pid = fork();
	if (pid == 0) {
		struct sigaction dfl;

		memset(&dfl, 0, sizeof(dfl));
		dfl.sa_handler = SIG_DFL;
		sigemptyset(&dfl.sa_mask);
		sigaction(SIGINT, &dfl, NULL);
		sigaction(SIGQUIT, &dfl, NULL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR) {
				status = -1;
				break;
			}
	screen_resume();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	free(cmd);
	return status;
}

/* clean_back: the editor's text as a memo, or NULL with the reason in why: no NUL, valid
 * UTF-8; CR LF becomes LF, one final line break is dropped (editors add it), a tab a space,
 * and other control characters and escapes U+FFFD (counted in *replaced) */
static char *clean_back(const char *s, size_t n, size_t *replaced, char *why, size_t whysize)
{
	struct strbuf sb = STRBUF_INIT;
	size_t bad;

	*replaced = 0;
	if (memchr(s, '\0', n)) {
		snprintf(why, whysize, "the file holds a NUL byte");
		return NULL;
	}
	if (!utf8_valid(s, n, &bad)) {
		snprintf(why, whysize, "the file is not UTF-8 (byte %zu)", bad + 1);
		return NULL;
	}
	if (n > 0 && s[n - 1] == '\n')
		n -= n > 1 && s[n - 2] == '\r' ? 2 : 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp);

		if (k == 0)
			k = 1;
		if (cp == '\r' && i + 1 < n && s[i + 1] == '\n') {
			i++;
			continue;
		}
		if (cp == '\n')
			sb_addc(&sb, '\n');
		else if (cp == '\t')
			sb_addc(&sb, ' ');
		else if (utf8_unsafe(cp)) {
			sb_adds(&sb, "\xEF\xBF\xBD");
			(*replaced)++;
		} else
			sb_add(&sb, s + i, k);
		i += k;
	}
	return sb_detach(&sb);
}

/* external: hand the text to the coder's editor and take back what it leaves; the text
 * stays as it was when anything goes wrong, and msg says what happened */
static void external(struct medit *m, char *msg, size_t msgsize)
{
	const char *editor = editor_name(), *dir = getenv("TMPDIR");
	char *path, *back, why[128];
	size_t len, replaced;
	int fd, status;

	if (!dir || !*dir)
		dir = "/tmp";
	path = xasprintf("%s/gloss-memo-XXXXXX.txt", dir);
	fd = mkstemps(path, 4); /* 0600: the memo is the coder's */
	if (fd < 0) {
		snprintf(msg, msgsize,
		         "no temporary file for the editor (%s): the memo is as it was",
		         strerror(errno));
		free(path);
		return;
	}
	if (!write_all(fd, m->text.data ? m->text.data : "", m->text.len) ||
	    (m->text.len && m->text.data[m->text.len - 1] != '\n' && !write_all(fd, "\n", 1)) ||
	    close(fd) != 0) {
		snprintf(msg, msgsize,
		         "cannot write the temporary file (%s): the memo is as it was",
		         strerror(errno));
		unlink(path);
		free(path);
		return;
	}
	status = run_editor(editor, path);
	if (status == -1)
		snprintf(msg, msgsize, "the editor could not be started: the memo is as it was");
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		snprintf(msg, msgsize, "editor '%.60s' not found: the memo is as it was", editor);
	else if (WIFEXITED(status) && WEXITSTATUS(status) != 0)
		snprintf(msg, msgsize, "editor '%.60s' failed (exit %d): the memo is as it was",
		         editor, WEXITSTATUS(status));
	else if (!WIFEXITED(status))
		snprintf(msg, msgsize,
		         "editor '%.60s' was stopped by a signal: the memo is as it was", editor);
	else if (!(back = read_file(path, MEMOEDIT_MAX_FILE, &len)))
		snprintf(msg, msgsize,
		         "cannot read the editor's file back (%s): the memo is as it was",
		         errno == EFBIG ? "larger than 1 MiB" : read_file_strerror(errno));
	else {
		char *text = clean_back(back, len, &replaced, why, sizeof(why));

		if (!text) {
			snprintf(msg, msgsize, "%s: the memo is as it was", why);
		} else {
			sb_done(&m->text);
			sb_adds(&m->text, text);
			m->cur = m->text.len;
			m->top = 0;
			if (replaced)
				snprintf(msg, msgsize,
				         "from the editor; %zu control character%s shown as "
				         "\xEF\xBF\xBD",
				         replaced, replaced == 1 ? "" : "s");
			else
				snprintf(msg, msgsize, "from the editor (Ctrl-G saves)");
			free(text);
		}
		free(back);
	}
	unlink(path);
	free(path);
}

/* key: 1 save, -1 cancel, 2 the external editor, 0 go on */
static int key(struct medit *m, int k)
{
	enum keyaction act = keymap_lookup(KC_MEMOEDIT, k);
	char enc[4];
	size_t r;

	if (act != KA_UP && act != KA_DOWN)
		m->want_col = -1;
	switch (act) {
	case KA_SAVE:
		return 1;
	case KA_CANCEL:
		return -1;
	case KA_EXTERNAL:
		return 2;
	case KA_NEWLINE:
		insert(m, "\n", 1);
		break;
	case KA_LEFT:
		m->cur = prev_cp(m, m->cur);
		break;
	case KA_RIGHT:
		m->cur = next_cp(m, m->cur);
		break;
	case KA_UP:
	case KA_DOWN:
		r = cursor_row(m);
		if (m->want_col < 0)
			m->want_col = col_of(m, r, m->cur);
		if (act == KA_UP && r > 0)
			m->cur = off_at_col(m, r - 1, m->want_col);
		else if (act == KA_DOWN && r + 1 < m->nrows)
			m->cur = off_at_col(m, r + 1, m->want_col);
		break;
	case KA_WORD_NEXT:
		word_next(m);
		break;
	case KA_WORD_PREV:
		word_prev(m);
		break;
	case KA_LINE_START:
		while (m->cur > 0 && m->text.data[m->cur - 1] != '\n')
			m->cur--;
		break;
	case KA_LINE_END:
		while (m->cur < m->text.len && m->text.data[m->cur] != '\n')
			m->cur++;
		break;
	case KA_BACKSPACE:
		if (m->cur > 0)
			erase(m, prev_cp(m, m->cur), m->cur);
		break;
	case KA_DELETE:
		if (m->cur < m->text.len)
			erase(m, m->cur, next_cp(m, m->cur));
		break;
	default:
		if (k >= 32 && k < SK_BASE && k != 127 && !utf8_unsafe((uint32_t)k))
			insert(m, enc, utf8_encode((uint32_t)k, enc));
	}
	return 0;
}

char *memoedit_run(const struct view_host *h, const char *title, const char *initial)
{
	struct medit m = {STRBUF_INIT, 0, NULL, 0, 0, 0, -1};
	const char *bottom = "Enter: new line  Ctrl-G: save  Ctrl-X: $EDITOR  Esc: cancel";
	char *text = NULL, msg[256] = "";
	int r = 0;

	sb_adds(&m.text, initial ? initial : "");
	m.cur = m.text.len;
	while (r == 0) {
		struct rect area;
		int k;

		if (!screen_input_pending()) { /* a paste is drawn once, at its end */
			if (h->frame(h->ctx, VIEW_OVERLAY, &area))
				draw(&m, area, title, *msg ? msg : bottom);
			screen_refresh();
		}
		k = screen_getkey(-1);
		if (k == SK_NONE || k == SK_RESIZE)
			continue;
		msg[0] = '\0';
		r = key(&m, k);
		if (r == 2) {
			external(&m, msg, sizeof(msg));
			r = 0;
			continue;
		}
		if (r < 0 && strcmp(m.text.data ? m.text.data : "", initial ? initial : "") != 0) {
			struct rect qa;

			if (h->frame(h->ctx, VIEW_OVERLAY, &qa))
				draw(&m, qa, title, "discard the changes? (y/N)");
			screen_refresh();
			do
				k = screen_getkey(-1);
			while (k == SK_NONE || k == SK_RESIZE);
			if (k != 'y' && k != 'Y')
				r = 0;
		}
	}
	screen_cursor(-1, 0);
	if (r > 0)
		text = xstrdup(m.text.data ? m.text.data : "");
	sb_done(&m.text);
	free(m.rows);
	return text;
}
