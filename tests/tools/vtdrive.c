/* vtdrive.c — drive a terminal program in a pseudo-terminal and snapshot its screen.
 *
 * usage: vtdrive [-g COLSxROWS] [-t TIMEOUT_MS] [-o DIR] [-b] [-e VAR=VAL]...
 *                SCRIPT -- COMMAND [ARG...]
 *
 * The command runs in a pty of the given size (default 80x24, TERM=xterm-256color unless
 * -e sets it); its output is fed to a libvterm screen. vtdrive never decides from time that
 * the program has done something: after each key it waits until the program is IDLE, a
 * state read from the kernel: every thread of the program is blocked reading the terminal
 * (read(2) on the pty, or poll/select with no timeout), no input is left unread in the pty,
 * no signal is pending for it, and all its output has been fed to the screen. (A program
 * waiting for the rest of an escape sequence polls with a timeout, so it is not idle yet.)
 * TIMEOUT_MS (default 10000) is only a watchdog: reaching it is a failure, never a decision.
 * The script (a file, "-" for stdin) is read line by line:
 *   # comment / blank line      ignored
 *   @wait                       wait until the program is idle (or has exited)
 *   @snap NAME                  write the screen as text to DIR/NAME.txt (rows with trailing
 *                               spaces trimmed); without -o, print it to stdout
 *   @attrs NAME                 write the cell attributes to DIR/NAME.attrs: per cell
 *                               R reverse, U underline, B bold, c colour only, . plain
 *   @resize COLSxROWS           resize the pty (the program gets SIGWINCH), wait until idle
 *   @expect TEXT                wait until TEXT is on the screen (the program may be busy)
 *   @gone TEXT                  wait until TEXT is no longer on the screen
 *   @match REGEX                wait until a row of the screen matches the extended REGEX
 *                               (-b: @expect and @match count, as a latency, the time from
 *                               when they start waiting until the screen shows it: after
 *                               @send KEYS, the time from those keys to what they showed,
 *                               such as the first hits of a search still running)
 *   @send KEYS                  type KEYS (as below) without waiting for the program
 *   @kill SIG                   send a signal (TERM, INT, HUP, QUIT, KILL), wait until idle
 *                               or exited
 *   @exit                       wait for the program to exit
 *   @normal                     wait until the terminal has left the alternate screen and
 *                               shows the cursor again (the program restored the terminal)
 *   @file NAME PATH             copy the file PATH to DIR/NAME.file ("(no file)" if absent)
 *   @sh COMMAND                 run a shell command (another program touching the project),
 *                               then wait until the program is idle
 *   @until COMMAND              run a shell command again and again until it succeeds (a
 *                               state of the files), reading the program's output meanwhile
 *   @measure off|on             -b: leave the keys that follow out of the latency figures
 *                               (setting up: opening a view), or count them again
 *   @mouse WHAT COL ROW         the terminal's mouse reports for a cell (1-based), made by
 *                               libvterm only when the program turned reporting on, in
 *                               its protocol (SGR 1006 "\033[<0;C;RM"): WHAT is press,
 *                               release, drag (move, button 1 held), click, double
 *                               (two clicks), wheelup or wheeldown; then wait until idle
 *   anything else               keys: text is typed as is; <Name> is a named key: <Esc>
 *                               <Enter> <Tab> <S-Tab> <BS> <Del> <Up> <Down> <Left> <Right>
 *                               <PgUp> <PgDn> <Home> <End> <F1> <Space> <lt> (a "<"),
 *                               <C-x> (Ctrl+x). After each text run or named key, vtdrive
 *                               waits until the program is idle.
 * The first failed wait ends the script and kills the program. At the end the program is
 * waited for (killed after TIMEOUT_MS). Exit status: the
 * program's, 124 when it had to be killed, 125 for a failed wait, @sh or usage errors.
 * -b (bench) prints keystroke-to-idle latency percentiles and the total time. -s MS is
 * accepted and ignored (older scripts settled on a quiet period). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <regex.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct drv {
	VTerm *vt;
	VTermScreen *scr;
	int fd, sfd; /* the pty's master, and its slave kept open to look at the input queue */
	char slave[128];
	pid_t pid;
	int rows, cols;
	int timeout_ms;
	const char *outdir;
	char *outq; /* bytes for the program not written yet (on_output) */
	size_t outlen, outcap;
	bool bench, eof, exited, failed, warned, unmeasured;
	bool altscreen, cursor_visible, keypad; /* the terminal's modes as the program set them */
	int kstate;                             /* bytes of "\033[?1" seen (track_keypad) */
	int mouse_mode; /* VTERM_PROP_MOUSE: what reporting the program turned on */
	int status;
	double *lat;
	size_t nlat, caplat;
	double t_start;
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* on_output: bytes for the program (keys, libvterm's answers) are queued and written
 * as the pty takes them (flush_out, from pump), so a program that is slow to read, or that
 * blocks writing its output, never deadlocks vtdrive */
static void on_output(const char *s, size_t len, void *user)
{
	struct drv *d = user;

	if (d->outlen + len > d->outcap) {
		d->outcap = (d->outlen + len) * 2;
		d->outq = realloc(d->outq, d->outcap);
		if (!d->outq)
			exit(125);
	}
	memcpy(d->outq + d->outlen, s, len);
	d->outlen += len;
}

static void flush_out(struct drv *d)
{
	while (d->outlen > 0) {
		ssize_t n = write(d->fd, d->outq, d->outlen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n < 0 && errno != EAGAIN)
				d->outlen = 0; /* the program is gone */
			return;
		}
		memmove(d->outq, d->outq + n, d->outlen - (size_t)n);
		d->outlen -= (size_t)n;
	}
}

/* track_keypad: the application keypad mode (smkx "\033[?1h", rmkx "\033[?1l"), which
 * libvterm does not report; a small matcher, so a sequence split between reads is seen */
static void track_keypad(struct drv *d, const char *buf, size_t n)
{
	static const char pre[] = "\033[?1";

	const int len = (int)sizeof(pre) - 1;

	for (size_t i = 0; i < n; i++) {
		if (d->kstate == len && (buf[i] == 'h' || buf[i] == 'l'))
			d->keypad = buf[i] == 'h';
		if (d->kstate < len && buf[i] == pre[d->kstate])
			d->kstate++;
		else
			d->kstate = buf[i] == pre[0] ? 1 : 0;
	}
}

/* read what is there within ms; returns bytes read, 0 on timeout, -1 at EOF */
static ssize_t pump(struct drv *d, int ms)
{
	struct pollfd p = {d->fd, POLLIN, 0};
	char buf[65536];
	ssize_t n;
	int r;

	if (d->eof)
		return -1;
	flush_out(d);
	if (d->outlen)
		p.events |= POLLOUT;
	r = poll(&p, 1, ms);
	if (r <= 0)
		return 0;
	if (p.revents & POLLOUT)
		flush_out(d);
	if (!(p.revents & (POLLIN | POLLHUP | POLLERR)))
		return 0;
	n = read(d->fd, buf, sizeof(buf));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return 0;
	if (n <= 0) {
		d->eof = true;
		return -1;
	}
	track_keypad(d, buf, (size_t)n);
	vterm_input_write(d->vt, buf, (size_t)n);
	return n;
}

static void record_latency(struct drv *d, double ms)
{
	if (d->nlat == d->caplat) {
		d->caplat = d->caplat ? d->caplat * 2 : 64;
		d->lat = realloc(d->lat, d->caplat * sizeof(*d->lat));
		if (!d->lat)
			exit(125);
	}
	d->lat[d->nlat++] = ms;
}

/* reap: has the program exited? (its status is kept) */
static void reap(struct drv *d)
{
	if (!d->exited && waitpid(d->pid, &d->status, WNOHANG) == d->pid)
		d->exited = true;
}

static bool read_line_of(const char *path, char *buf, size_t size)
{
	FILE *fp = fopen(path, "r");
	bool ok;

	if (!fp)
		return false;
	ok = fgets(buf, (int)size, fp) != NULL;
	fclose(fp);
	return ok;
}

/* signal_pending: a signal is queued for the task and not blocked (it will run a handler) */
static bool signal_pending(const char *taskdir)
{
	char path[512], line[256];
	unsigned long long pnd = 0, shd = 0, blk = 0, v;
	FILE *fp;

	snprintf(path, sizeof(path), "%s/status", taskdir);
	if (!(fp = fopen(path, "r")))
		return false;
	while (fgets(line, sizeof(line), fp)) {
		if (sscanf(line, "SigPnd: %llx", &v) == 1)
			pnd = v;
		else if (sscanf(line, "ShdPnd: %llx", &v) == 1)
			shd = v;
		else if (sscanf(line, "SigBlk: %llx", &v) == 1)
			blk = v;
	}
	fclose(fp);
	return ((pnd | shd) & ~blk) != 0;
}

/* fd_is_terminal: does descriptor fd of process pid refer to our pty (or /dev/tty)? */
static bool fd_is_terminal(struct drv *d, pid_t pid, unsigned long long fd)
{
	char path[128], target[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%d/fd/%llu", (int)pid, fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return strcmp(target, d->slave) == 0 || strcmp(target, "/dev/tty") == 0;
}

static bool process_idle(struct drv *d, pid_t pid, int depth);

/* children_idle: the task waits for its children (wait4/waitid: a pager, say) and every
 * child it has is idle in turn */
static bool children_idle(struct drv *d, const char *taskdir, int depth)
{
	char path[512], list[4096];
	bool idle = true, any = false;
	char *p = list, *end;
	FILE *fp;
	size_t n;

	snprintf(path, sizeof(path), "%s/children", taskdir);
	if (depth > 8 || !(fp = fopen(path, "r")))
		return false;
	n = fread(list, 1, sizeof(list) - 1, fp);
	fclose(fp);
	list[n] = '\0';
	for (long c; idle && (c = strtol(p, &end, 10)) > 0; p = end) {
		idle = process_idle(d, (pid_t)c, depth + 1);
		any = true;
	}
	return idle && any;
}

/* task_waits_for_keys: the task is blocked in a system call that only input on the terminal
 * ends: read(2) of the terminal, or poll/select/epoll with no timeout, or it waits for
 * children that do. A program waiting for the rest of an escape sequence polls with a
 * timeout: it is not waiting for keys. */
static bool task_waits_for_keys(struct drv *d, pid_t pid, const char *taskdir, int depth)
{
	char path[512], line[512];
	long long nr;
	unsigned long long a[6] = {0};

	snprintf(path, sizeof(path), "%s/syscall", taskdir);
	if (!read_line_of(path, line, sizeof(line))) {
		reap(d);
		if (!d->warned && !d->exited)
			fprintf(stderr,
			        "vtdrive: cannot read %s: idle detection needs Linux /proc\n",
			        path);
		d->warned = true;
		return false;
	}
	if (sscanf(line, "%lld %llx %llx %llx %llx %llx %llx", &nr, &a[0], &a[1], &a[2], &a[3],
	           &a[4], &a[5]) < 2)
		return false; /* "running" */
	if (nr == SYS_read)
		return fd_is_terminal(d, pid, a[0]);
	if (nr == SYS_wait4 || nr == SYS_waitid)
		return children_idle(d, taskdir, depth);
#ifdef SYS_poll
	if (nr == SYS_poll)
		return (int)a[2] < 0;
#endif
	if (nr == SYS_ppoll)
		return a[2] == 0;
#ifdef SYS_select
	if (nr == SYS_select)
		return a[4] == 0;
#endif
	if (nr == SYS_pselect6)
		return a[4] == 0;
#ifdef SYS_epoll_wait
	if (nr == SYS_epoll_wait)
		return (int)a[3] < 0;
#endif
	if (nr == SYS_epoll_pwait)
		return (int)a[3] < 0;
	return false;
}

/* input_pending: bytes sent to the program that it has not read yet. poll(2) on the slave
 * first pushes what is still in the kernel's flip buffer into the queue FIONREAD counts. */
static bool input_pending(struct drv *d)
{
	struct pollfd p = {d->sfd, POLLIN, 0};
	int n = 0;

	if (d->outlen > 0)
		return true;
	if (d->sfd < 0)
		return false;
	if (poll(&p, 1, 0) > 0 && (p.revents & POLLIN))
		return true;
	return ioctl(d->sfd, FIONREAD, &n) == 0 && n > 0;
}

/* process_idle: every thread of process pid waits for keys (or for children that do) and
 * no signal is pending for it */
static bool process_idle(struct drv *d, pid_t pid, int depth)
{
	char dir[64], taskdir[320];
	struct dirent *e;
	bool idle = true, any = false;
	DIR *dp;

	snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
	if (!(dp = opendir(dir)))
		return false;
	while (idle && (e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(taskdir, sizeof(taskdir), "%s/%s", dir, e->d_name);
		idle = !signal_pending(taskdir);
	}
	rewinddir(dp);
	while (idle && (e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(taskdir, sizeof(taskdir), "%s/%s", dir, e->d_name);
		idle = task_waits_for_keys(d, pid, taskdir, depth);
		any = true;
	}
	closedir(dp);
	return idle && any;
}

/* program_idle: the program (and any child it waits for) waits for keys, no signal is
 * pending for it and it has read all its input. The order matters: a signal or a key that
 * was sent is either still seen as pending, or the program has woken for it (then it is
 * not blocked in the same wait unless it has finished handling it). */
static bool program_idle(struct drv *d)
{
	return !input_pending(d) && process_idle(d, d->pid, 0);
}

/* drain: feed everything the program has written so far to the screen */
static void drain(struct drv *d)
{
	while (pump(d, 0) > 0)
		;
}

/* wait_idle: wait until the program is idle (see the header) or has exited; returns the
 * time it was found so. The short poll below only paces the checks: nothing is decided by
 * it, and TIMEOUT_MS only turns a program that never gets there into a failure. */
static double wait_idle(struct drv *d)
{
	double start = now_ms();

	for (;;) {
		if (pump(d, 0) > 0)
			continue;
		reap(d);
		if (d->exited) {
			drain(d);
			return now_ms();
		}
		if (program_idle(d)) {
			double t = now_ms();
			if (pump(d, 0) > 0) /* written before it blocked: show it and look again */
				continue;
			return t;
		}
		if (now_ms() - start > d->timeout_ms) {
			fprintf(stderr,
			        "vtdrive: timed out (%d ms) waiting for the program to be idle\n",
			        d->timeout_ms);
			d->failed = true;
			return now_ms();
		}
		pump(d, 1);
	}
}

static void put_utf8(FILE *fp, uint32_t c)
{
	if (c < 0x80) {
		fputc((int)c, fp);
	} else if (c < 0x800) {
		fputc((int)(0xC0 | (c >> 6)), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	} else if (c < 0x10000) {
		fputc((int)(0xE0 | (c >> 12)), fp);
		fputc((int)(0x80 | ((c >> 6) & 0x3F)), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	} else {
		fputc((int)(0xF0 | (c >> 18)), fp);
		fputc((int)(0x80 | ((c >> 12) & 0x3F)), fp);
		fputc((int)(0x80 | ((c >> 6) & 0x3F)), fp);
		fputc((int)(0x80 | (c & 0x3F)), fp);
	}
}

static char attr_char(const VTermScreenCell *c)
{
	if (c->attrs.reverse)
		return 'R';
	if (c->attrs.underline)
		return 'U';
	if (c->attrs.bold)
		return 'B';
	if (!VTERM_COLOR_IS_DEFAULT_FG(&c->fg) || !VTERM_COLOR_IS_DEFAULT_BG(&c->bg))
		return 'c';
	return '.';
}

/* one row as text (or attributes) into a buffer, trailing spaces trimmed */
static void dump_row(struct drv *d, int row, bool attrs, FILE *fp)
{
	char *line = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&line, &len);

	for (int col = 0; col < d->cols;) {
		VTermScreenCell c;
		VTermPos pos = {row, col};
		int w;

		vterm_screen_get_cell(d->scr, pos, &c);
		w = c.width > 0 ? c.width : 1;
		if (attrs) {
			for (int k = 0; k < w; k++)
				fputc(attr_char(&c), mem);
		} else if (c.chars[0] == 0 || c.chars[0] == (uint32_t)-1) {
			fputc(' ', mem);
		} else {
			for (int k = 0; k < VTERM_MAX_CHARS_PER_CELL && c.chars[k]; k++)
				put_utf8(mem, c.chars[k]);
		}
		col += w;
	}
	fclose(mem);
	while (len > 0 && (line[len - 1] == ' ' || (attrs && line[len - 1] == '.')))
		len--;
	fwrite(line, 1, len, fp);
	fputc('\n', fp);
	free(line);
}

static void snapshot(struct drv *d, const char *name, bool attrs)
{
	FILE *fp = stdout;
	char path[4096];

	if (d->outdir) {
		snprintf(path, sizeof(path), "%s/%s%s", d->outdir, name, attrs ? ".attrs" : ".txt");
		fp = fopen(path, "w");
		if (!fp) {
			perror(path);
			d->failed = true;
			return;
		}
	} else {
		printf("=== %s%s\n", name, attrs ? " (attributes)" : "");
	}
	for (int r = 0; r < d->rows; r++)
		dump_row(d, r, attrs, fp);
	if (fp != stdout)
		fclose(fp);
	else
		fflush(stdout);
}

static void copy_file(struct drv *d, char *arg)
{
	char *path = strchr(arg, ' '), out[4096], buf[4096];
	FILE *in, *fp;
	size_t n;

	if (!path || !d->outdir) {
		fprintf(stderr, "vtdrive: @file needs NAME PATH and -o DIR\n");
		d->failed = true;
		return;
	}
	*path++ = '\0';
	snprintf(out, sizeof(out), "%s/%s.file", d->outdir, arg);
	fp = fopen(out, "w");
	if (!fp) {
		perror(out);
		d->failed = true;
		return;
	}
	in = fopen(path, "r");
	if (!in)
		fputs("(no file)\n", fp);
	while (in && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, fp);
	if (in)
		fclose(in);
	fclose(fp);
}

static bool screen_has(struct drv *d, const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bool found;

	for (int r = 0; r < d->rows; r++)
		dump_row(d, r, false, mem);
	fclose(mem);
	found = strstr(buf, text) != NULL;
	free(buf);
	return found;
}

static bool screen_matches(struct drv *d, const regex_t *re)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	bool found = false;

	for (int r = 0; r < d->rows; r++)
		dump_row(d, r, false, mem);
	fclose(mem);
	for (char *line = buf, *nl; !found && line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		found = regexec(re, line, 0, NULL, 0) == 0;
	}
	free(buf);
	return found;
}

/* wait_match: wait until a row of the screen matches the extended regular expression */
static void wait_match(struct drv *d, const char *pattern)
{
	double start = now_ms();
	regex_t re;

	if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
		fprintf(stderr, "vtdrive: bad regular expression %s\n", pattern);
		d->failed = true;
		return;
	}
	while (!screen_matches(d, &re)) {
		reap(d);
		if (d->exited)
			drain(d);
		if (now_ms() - start > d->timeout_ms || (d->exited && !screen_matches(d, &re))) {
			fprintf(stderr, "vtdrive: %s waiting for a row matching %s\n",
			        d->exited ? "the program exited" : "timed out", pattern);
			d->failed = true;
			break;
		}
		pump(d, 1);
	}
	regfree(&re);
	if (d->bench && !d->unmeasured && !d->failed) /* -b: how long the screen took */
		record_latency(d, now_ms() - start);
}

/* wait_screen: wait until TEXT is on the screen (or, with gone, no longer is); the
 * program may be busy meanwhile */
static void wait_screen(struct drv *d, const char *text, bool gone)
{
	double start = now_ms();

	while (screen_has(d, text) == gone) {
		reap(d);
		if (d->exited)
			drain(d);
		if (screen_has(d, text) != gone)
			break;
		if (now_ms() - start > d->timeout_ms || d->exited) {
			fprintf(stderr, "vtdrive: %s waiting for \"%s\" to %s\n",
			        d->exited ? "the program exited" : "timed out", text,
			        gone ? "go" : "show");
			d->failed = true;
			return;
		}
		pump(d, 1);
	}
	if (d->bench && !d->unmeasured) /* -b: how long the screen took to show it */
		record_latency(d, now_ms() - start);
}

static bool terminal_normal(struct drv *d)
{
	struct termios tio;

	if (d->altscreen || !d->cursor_visible || d->keypad)
		return false;
	return tcgetattr(d->sfd, &tio) == 0 && (tio.c_lflag & ICANON) && (tio.c_lflag & ECHO) &&
	       (tio.c_lflag & ISIG) && (tio.c_iflag & ICRNL);
}

/* wait_normal: wait until the terminal is back in its normal state: main screen, cursor
 * shown, keypad in normal mode, line editing and echo on */
static void wait_normal(struct drv *d)
{
	double start = now_ms();

	while (!terminal_normal(d)) {
		if (now_ms() - start > d->timeout_ms) {
			fprintf(
			    stderr,
			    "vtdrive: the terminal was not restored (alternate screen %d, cursor "
			    "%s, keypad %d, termios %s)\n",
			    d->altscreen, d->cursor_visible ? "shown" : "hidden", d->keypad,
			    tcgetattr(d->sfd, &(struct termios){0}) == 0 ? "raw" : "unreadable");
			d->failed = true;
			return;
		}
		pump(d, 5);
	}
}

static void resize(struct drv *d, const char *arg)
{
	struct winsize ws = {0};
	int c, r;

	if (sscanf(arg, "%dx%d", &c, &r) != 2 || c < 1 || r < 1 || c > 1000 || r > 1000) {
		fprintf(stderr, "vtdrive: bad size %s\n", arg);
		d->failed = true;
		return;
	}
	d->cols = c, d->rows = r;
	vterm_set_size(d->vt, r, c);
	ws.ws_row = (unsigned short)r;
	ws.ws_col = (unsigned short)c;
	ioctl(d->fd, TIOCSWINSZ, &ws);
	wait_idle(d);
}

static void wait_exit(struct drv *d)
{
	double start = now_ms();

	while (!d->exited) {
		reap(d);
		if (d->exited)
			break;
		if (now_ms() - start > d->timeout_ms) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &d->status, 0);
			d->exited = true;
			d->status = -1;
			break;
		}
		pump(d, 5);
	}
	drain(d);
}

static void record(struct drv *d, double sent)
{
	double last = wait_idle(d);

	if (d->bench && !d->unmeasured)
		record_latency(d, last > sent ? last - sent : 0);
}

static const struct {
	const char *name;
	VTermKey key;
	VTermModifier mod;
} named[] = {
    {"Esc", VTERM_KEY_ESCAPE, 0},     {"Enter", VTERM_KEY_ENTER, 0},
    {"Tab", VTERM_KEY_TAB, 0},        {"S-Tab", VTERM_KEY_TAB, VTERM_MOD_SHIFT},
    {"BS", VTERM_KEY_BACKSPACE, 0},   {"Del", VTERM_KEY_DEL, 0},
    {"Up", VTERM_KEY_UP, 0},          {"Down", VTERM_KEY_DOWN, 0},
    {"Left", VTERM_KEY_LEFT, 0},      {"Right", VTERM_KEY_RIGHT, 0},
    {"PgUp", VTERM_KEY_PAGEUP, 0},    {"PgDn", VTERM_KEY_PAGEDOWN, 0},
    {"Home", VTERM_KEY_HOME, 0},      {"End", VTERM_KEY_END, 0},
    {"F1", VTERM_KEY_FUNCTION(1), 0},
};

static bool send_named(struct drv *d, const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		if (strlen(named[i].name) == n && strncmp(named[i].name, name, n) == 0) {
			vterm_keyboard_key(d->vt, named[i].key, named[i].mod);
			return true;
		}
	}
	if (n == 5 && strncmp(name, "Space", 5) == 0)
		vterm_keyboard_unichar(d->vt, ' ', 0);
	else if (n == 2 && strncmp(name, "lt", 2) == 0)
		vterm_keyboard_unichar(d->vt, '<', 0);
	else if (n == 3 && strncmp(name, "C-", 2) == 0)
		vterm_keyboard_unichar(d->vt, (uint32_t)name[2], VTERM_MOD_CTRL);
	else
		return false;
	return true;
}

/* keys: type s; after each text run or named key wait until the program is idle (unless
 * nowait: then the keys are only sent) */
static void keys(struct drv *d, const char *s, bool nowait)
{
	while (*s) {
		const char *gt = *s == '<' ? strchr(s, '>') : NULL;
		double sent = now_ms();
		if (gt && send_named(d, s + 1, (size_t)(gt - s - 1))) {
			s = gt + 1;
		} else {
			size_t n = 1;
			while (s[n] && s[n] != '<')
				n++;
			on_output(s, n, d);
			s += n;
		}
		if (!nowait)
			record(d, sent);
	}
}

static int signum(const char *s)
{
	static const struct {
		const char *name;
		int sig;
	} sigs[] = {{"TERM", SIGTERM}, {"INT", SIGINT},   {"HUP", SIGHUP},
	            {"QUIT", SIGQUIT}, {"KILL", SIGKILL}, {"WINCH", SIGWINCH}};

	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (strcmp(s, sigs[i].name) == 0)
			return sigs[i].sig;
	return 0;
}

/* run_shell: "@sh CMD" runs a shell command in the current directory (another program
 * touching the project while gloss runs); a failing command fails the script */
static void run_shell(struct drv *d, const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0) {
		fprintf(stderr, "vtdrive: @sh %s: exit %d\n", cmd, rc);
		d->failed = true;
	}
	wait_idle(d);
}

/* until: "@until CMD" waits for a state of the files that CMD tests, while the program
 * runs (its output is read between tries, so it never blocks on a full pty) */
static void until(struct drv *d, const char *cmd)
{
	double start = now_ms();

	while (system(cmd) != 0) {
		if (now_ms() - start > d->timeout_ms) {
			fprintf(stderr, "vtdrive: timed out waiting until %s\n", cmd);
			d->failed = true;
			return;
		}
		pump(d, 1);
		drain(d);
	}
}

/* mouse: "@mouse WHAT COL ROW": the terminal's mouse reports, made by libvterm as the
 * terminal would: only when the program turned mouse reporting on, in the protocol it
 * chose (SGR 1006 "\033[<0;C;RM" for gloss). WHAT: press, release, drag (move with button
 * 1 held), click (press and release), double (two clicks), wheelup, wheeldown. */
static void mouse(struct drv *d, const char *arg)
{
	static const struct {
		const char *what, *steps; /* p press, r release, m move, u wheel up, d down */
	} kinds[] = {
	    {"press", "mp"},     {"release", "mr"}, {"drag", "m"},       {"click", "mpr"},
	    {"double", "mprpr"}, {"wheelup", "mu"}, {"wheeldown", "md"},
	};
	char what[16];
	int c, r;

	if (sscanf(arg, "%15s %d %d", what, &c, &r) != 3 || c < 1 || r < 1) {
		fprintf(stderr, "vtdrive: bad @mouse %s\n", arg);
		d->failed = true;
		return;
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (strcmp(kinds[i].what, what) != 0)
			continue;
		/* a terminal whose program did not ask for the mouse reports nothing */
		for (const char *s = kinds[i].steps; *s && d->mouse_mode != VTERM_PROP_MOUSE_NONE;
		     s++) {
			if (*s == 'm')
				vterm_mouse_move(d->vt, r - 1, c - 1, VTERM_MOD_NONE);
			else if (*s == 'u' || *s == 'd')
				vterm_mouse_button(d->vt, *s == 'u' ? 4 : 5, true, VTERM_MOD_NONE);
			else
				vterm_mouse_button(d->vt, 1, *s == 'p', VTERM_MOD_NONE);
		}
		wait_idle(d);
		return;
	}
	fprintf(stderr, "vtdrive: bad @mouse %s\n", arg);
	d->failed = true;
}

static void command(struct drv *d, char *line)
{
	char *arg = strchr(line, ' ');

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (strcmp(line, "@wait") == 0)
		wait_idle(d);
	else if (strcmp(line, "@snap") == 0)
		snapshot(d, arg, false);
	else if (strcmp(line, "@attrs") == 0)
		snapshot(d, arg, true);
	else if (strcmp(line, "@resize") == 0)
		resize(d, arg);
	else if (strcmp(line, "@expect") == 0)
		wait_screen(d, arg, false);
	else if (strcmp(line, "@match") == 0)
		wait_match(d, arg);
	else if (strcmp(line, "@gone") == 0)
		wait_screen(d, arg, true);
	else if (strcmp(line, "@send") == 0)
		keys(d, arg, true);
	else if (strcmp(line, "@kill") == 0 && signum(arg))
		kill(d->pid, signum(arg)), wait_idle(d);
	else if (strcmp(line, "@exit") == 0)
		wait_exit(d);
	else if (strcmp(line, "@normal") == 0)
		wait_normal(d);
	else if (strcmp(line, "@file") == 0)
		copy_file(d, arg);
	else if (strcmp(line, "@sh") == 0)
		run_shell(d, arg);
	else if (strcmp(line, "@until") == 0)
		until(d, arg);
	else if (strcmp(line, "@measure") == 0)
		d->unmeasured = strcmp(arg, "off") == 0;
	else if (strcmp(line, "@mouse") == 0)
		mouse(d, arg);
	else {
		fprintf(stderr, "vtdrive: unknown command %s\n", line);
		d->failed = true;
	}
}

static void run_script(struct drv *d, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	while (!d->failed && (n = getline(&line, &cap, fp)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (line[0] == '@')
			command(d, line);
		else
			keys(d, line, false);
	}
	free(line);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void report(struct drv *d)
{
	double total = now_ms() - d->t_start;

	if (!d->bench)
		return;
	if (d->nlat == 0) {
		printf("keys 0 total %.1f ms\n", total);
		return;
	}
	qsort(d->lat, d->nlat, sizeof(*d->lat), cmp_double);
	printf("keys %zu p50 %.1f ms p90 %.1f ms p99 %.1f ms max %.1f ms total %.1f ms\n", d->nlat,
	       d->lat[d->nlat / 2], d->lat[d->nlat * 9 / 10], d->lat[d->nlat * 99 / 100],
	       d->lat[d->nlat - 1], total);
}

static int usage(void)
{
	fputs("usage: vtdrive [-g COLSxROWS] [-t TIMEOUT_MS] [-o DIR] [-b] "
	      "[-e VAR=VAL]... SCRIPT -- COMMAND [ARG...]\n",
	      stderr);
	return 125;
}

/* on_termprop: libvterm reports the modes the program sets (mouse reporting, alternate
 * screen, cursor) */
static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
	struct drv *d = user;

	if (prop == VTERM_PROP_MOUSE)
		d->mouse_mode = val->number;
	else if (prop == VTERM_PROP_ALTSCREEN)
		d->altscreen = val->boolean;
	else if (prop == VTERM_PROP_CURSORVISIBLE)
		d->cursor_visible = val->boolean;
	return 1;
}

static const VTermScreenCallbacks screen_cbs = {.settermprop = on_termprop};

static int start(struct drv *d, char **argv)
{
	struct winsize ws = {0};

	ws.ws_row = (unsigned short)d->rows;
	ws.ws_col = (unsigned short)d->cols;
	d->pid = forkpty(&d->fd, NULL, NULL, &ws);
	if (d->pid < 0) {
		perror("forkpty");
		return -1;
	}
	if (d->pid == 0) {
		execvp(argv[0], argv);
		perror(argv[0]);
		_exit(127);
	}
	if (ptsname_r(d->fd, d->slave, sizeof(d->slave)) != 0 ||
	    (d->sfd = open(d->slave, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		perror("vtdrive: the pty's slave");
		return -1;
	}
	fcntl(d->fd, F_SETFL, fcntl(d->fd, F_GETFL) | O_NONBLOCK);
	d->cursor_visible = true;
	d->vt = vterm_new(d->rows, d->cols);
	vterm_set_utf8(d->vt, 1);
	vterm_output_set_callback(d->vt, on_output, d);
	d->scr = vterm_obtain_screen(d->vt);
	vterm_screen_set_callbacks(d->scr, &screen_cbs, d);
	vterm_screen_enable_altscreen(d->scr, 1);
	vterm_screen_reset(d->scr, 1);
	return 0;
}

static int finish(struct drv *d)
{
	int rc;

	if (d->failed && !d->exited) { /* a wait failed: the rest of the script was skipped */
		kill(d->pid, SIGKILL);
		waitpid(d->pid, &d->status, 0);
		d->exited = true;
	}
	wait_exit(d);
	report(d);
	vterm_free(d->vt);
	close(d->fd);
	close(d->sfd);
	free(d->lat);
	free(d->outq);
	if (d->status == -1)
		return 124;
	rc = WIFEXITED(d->status) ? WEXITSTATUS(d->status) : 128 + WTERMSIG(d->status);
	return d->failed ? 125 : rc;
}

int main(int argc, char **argv)
{
	struct drv d = {.rows = 24, .cols = 80, .timeout_ms = 10000, .sfd = -1};
	FILE *script;
	int opt;

	setenv("TERM", "xterm-256color", 1);
	while ((opt = getopt(argc, argv, "+g:s:t:o:be:")) != -1) {
		switch (opt) {
		case 'g':
			if (sscanf(optarg, "%dx%d", &d.cols, &d.rows) != 2 || d.cols < 1 ||
			    d.rows < 1 || d.cols > 1000 || d.rows > 1000)
				return usage();
			break;
		case 's': /* ignored: vtdrive no longer waits for a quiet period */
			break;
		case 't':
			d.timeout_ms = atoi(optarg);
			break;
		case 'o':
			d.outdir = optarg;
			break;
		case 'b':
			d.bench = true;
			break;
		case 'e':
			putenv(optarg);
			break;
		default:
			return usage();
		}
	}
	if (argc - optind < 3 || strcmp(argv[optind + 1], "--") != 0)
		return usage();
	script = strcmp(argv[optind], "-") == 0 ? stdin : fopen(argv[optind], "r");
	if (!script) {
		perror(argv[optind]);
		return 125;
	}
	signal(SIGPIPE, SIG_IGN);
	d.t_start = now_ms();
	if (start(&d, argv + optind + 2) < 0)
		return 125;
	wait_idle(&d);
	run_script(&d, script);
	if (script != stdin)
		fclose(script);
	return finish(&d);
}
