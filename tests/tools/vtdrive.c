/* vtdrive.c — drive a terminal program in a pseudo-terminal and snapshot its screen.
 *
 * usage: vtdrive [-g COLSxROWS] [-s SETTLE_MS] [-t TIMEOUT_MS] [-o DIR] [-b] [-e VAR=VAL]...
 *                SCRIPT -- COMMAND [ARG...]
 *
 * The command runs in a pty of the given size (default 80x24, TERM=xterm-256color unless
 * -e sets it); its output is fed to a libvterm screen. The script (a file, "-" for stdin)
 * is read line by line:
 *   # comment / blank line      ignored
 *   @wait                       wait until the screen settles (no output for SETTLE_MS)
 *   @snap NAME                  write the screen as text to DIR/NAME.txt (rows with trailing
 *                               spaces trimmed); without -o, print it to stdout
 *   @attrs NAME                 write the cell attributes to DIR/NAME.attrs: per cell
 *                               R reverse, U underline, B bold, c colour only, . plain
 *   @resize COLSxROWS           resize the pty (the program gets SIGWINCH)
 *   @sleep MS                   wait
 *   @expect TEXT                wait (up to TIMEOUT_MS) until TEXT is on the screen
 *   @kill SIG                   send a signal (TERM, INT, HUP, KILL) to the program
 *   @exit                       wait for the program to exit
 *   @file NAME PATH             copy the file PATH to DIR/NAME.file ("(no file)" if absent)
 *   @sh COMMAND                 run a shell command (another program touching the project)
 *   @mouse WHAT COL ROW         the terminal's mouse reports for a cell (1-based), made by
 *                               libvterm only when the program turned reporting on, in
 *                               its protocol (SGR 1006 "\033[<0;C;RM"): WHAT is press,
 *                               release, drag (move, button 1 held), click, double
 *                               (two clicks), wheelup or wheeldown
 *   anything else               keys: text is typed as is; <Name> is a named key: <Esc>
 *                               <Enter> <Tab> <S-Tab> <BS> <Del> <Up> <Down> <Left> <Right>
 *                               <PgUp> <PgDn> <Home> <End> <F1> <Space> <lt> (a "<"),
 *                               <C-x> (Ctrl+x). After each text run or named key, vtdrive
 *                               waits for the screen to settle.
 * At the end the program is waited for (killed after TIMEOUT_MS). Exit status: the
 * program's, 124 when it had to be killed, 125 for a failed @expect or usage errors.
 * -b (bench) prints keystroke-to-settled latency percentiles and the total time. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <vterm.h>

struct drv {
	VTerm *vt;
	VTermScreen *scr;
	int fd;
	pid_t pid;
	int rows, cols;
	int settle_ms, timeout_ms;
	const char *outdir;
	bool bench, eof, exited, failed;
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

static void on_output(const char *s, size_t len, void *user)
{
	struct drv *d = user;

	while (len > 0) {
		ssize_t n = write(d->fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n, len -= (size_t)n;
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
	r = poll(&p, 1, ms);
	if (r <= 0)
		return 0;
	n = read(d->fd, buf, sizeof(buf));
	if (n <= 0) {
		d->eof = true;
		return -1;
	}
	vterm_input_write(d->vt, buf, (size_t)n);
	return n;
}

/* wait until no output for settle_ms; returns the time of the last output */
static double settle(struct drv *d, bool need_output)
{
	double start = now_ms(), last = start;
	bool got = false;

	for (;;) {
		double t = now_ms();
		ssize_t n;
		if (t - start > d->timeout_ms)
			break;
		n = pump(d, need_output && !got ? 50 : d->settle_ms);
		if (n < 0)
			break;
		if (n > 0) {
			got = true;
			last = now_ms();
			continue;
		}
		if (!need_output || got)
			break;
	}
	return last;
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

static void expect(struct drv *d, const char *text)
{
	double start = now_ms();

	while (!screen_has(d, text)) {
		if (now_ms() - start > d->timeout_ms || pump(d, 50) < 0) {
			fprintf(stderr, "vtdrive: timed out waiting for \"%s\"\n", text);
			d->failed = true;
			return;
		}
	}
	settle(d, false);
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
	settle(d, false);
}

static void wait_exit(struct drv *d)
{
	double start = now_ms();

	while (!d->exited) {
		pid_t r = waitpid(d->pid, &d->status, WNOHANG);
		if (r == d->pid) {
			d->exited = true;
			break;
		}
		if (now_ms() - start > d->timeout_ms) {
			kill(d->pid, SIGKILL);
			waitpid(d->pid, &d->status, 0);
			d->exited = true;
			d->status = -1;
			break;
		}
		pump(d, 20);
	}
	while (pump(d, 0) > 0)
		;
}

static void record(struct drv *d, double sent)
{
	double last = settle(d, false);

	if (!d->bench)
		return;
	if (d->nlat == d->caplat) {
		d->caplat = d->caplat ? d->caplat * 2 : 64;
		d->lat = realloc(d->lat, d->caplat * sizeof(*d->lat));
		if (!d->lat)
			exit(125);
	}
	d->lat[d->nlat++] = last > sent ? last - sent : 0;
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

static void keys(struct drv *d, const char *s)
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
		record(d, sent);
	}
}

static int signum(const char *s)
{
	if (strcmp(s, "TERM") == 0)
		return SIGTERM;
	if (strcmp(s, "INT") == 0)
		return SIGINT;
	if (strcmp(s, "HUP") == 0)
		return SIGHUP;
	if (strcmp(s, "KILL") == 0)
		return SIGKILL;
	return 0;
}

/* run_shell: "@sh CMD" runs a shell command in the current directory (another program
 * touching the project while gloss runs), then lets the screen settle */
static void run_shell(struct drv *d, const char *cmd)
{
	int rc = system(cmd);

	if (rc != 0) {
		fprintf(stderr, "vtdrive: @sh %s: exit %d\n", cmd, rc);
		d->failed = true;
	}
	settle(d, false);
}

static int on_termprop(VTermProp prop, VTermValue *val, void *user)
{
	struct drv *d = user;

	if (prop == VTERM_PROP_MOUSE)
		d->mouse_mode = val->number;
	return 1;
}

static VTermScreenCallbacks screen_cbs = {.settermprop = on_termprop};

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
		settle(d, false);
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
		settle(d, false);
	else if (strcmp(line, "@snap") == 0)
		snapshot(d, arg, false);
	else if (strcmp(line, "@attrs") == 0)
		snapshot(d, arg, true);
	else if (strcmp(line, "@resize") == 0)
		resize(d, arg);
	else if (strcmp(line, "@sleep") == 0)
		usleep((useconds_t)atoi(arg) * 1000);
	else if (strcmp(line, "@expect") == 0)
		expect(d, arg);
	else if (strcmp(line, "@kill") == 0 && signum(arg))
		kill(d->pid, signum(arg)), settle(d, false);
	else if (strcmp(line, "@exit") == 0)
		wait_exit(d);
	else if (strcmp(line, "@file") == 0)
		copy_file(d, arg);
	else if (strcmp(line, "@sh") == 0)
		run_shell(d, arg);
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

	while ((n = getline(&line, &cap, fp)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		if (line[0] == '@')
			command(d, line);
		else
			keys(d, line);
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
	fputs("usage: vtdrive [-g COLSxROWS] [-s SETTLE_MS] [-t TIMEOUT_MS] [-o DIR] [-b] "
	      "[-e VAR=VAL]... SCRIPT -- COMMAND [ARG...]\n",
	      stderr);
	return 125;
}

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

	wait_exit(d);
	report(d);
	vterm_free(d->vt);
	close(d->fd);
	free(d->lat);
	if (d->status == -1)
		return 124;
	rc = WIFEXITED(d->status) ? WEXITSTATUS(d->status) : 128 + WTERMSIG(d->status);
	return d->failed && rc == 0 ? 125 : rc;
}

int main(int argc, char **argv)
{
	struct drv d = {.rows = 24, .cols = 80, .settle_ms = 80, .timeout_ms = 10000};
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
		case 's':
			d.settle_ms = atoi(optarg);
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
	settle(&d, true);
	run_script(&d, script);
	if (script != stdin)
		fclose(script);
	return finish(&d);
}
