/* suggester.c — a suggesting command's request, answer, run and storage (suggester.h).
 * JSON is read and written with jansson. */
#include "gloss/suggester.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gloss/agree.h"
#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/lock.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/yamlx.h"

extern char **environ;

/* ---- the request ---------------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null(); /* json_string refuses invalid UTF-8 */
}

static json_t *request_code(const struct codebook *cb, size_t i)
{
	const struct code *c = &cb->codes[i];
	json_t *o = json_object(), *ex = json_array();

	json_object_set_new(o, "id", str_or_null(c->id));
	json_object_set_new(o, "name", str_or_null(c->name));
	json_object_set_new(o, "theme", json_boolean(c->nchildren > 0));
	json_object_set_new(o, "parent",
	                    c->parent >= 0 ? str_or_null(cb->codes[c->parent].id) : json_null());
	json_object_set_new(o, "description", str_or_null(c->description));
	json_object_set_new(o, "include", str_or_null(c->include));
	json_object_set_new(o, "exclude", str_or_null(c->exclude));
	for (size_t k = 0; k < c->nexamples; k++)
		json_array_append_new(ex, str_or_null(c->examples[k]));
	json_object_set_new(o, "examples", ex);
	return o;
}

static json_t *request_units(const struct transcript *t)
{
	struct agree_span *u;
	size_t n = agree_units(t, AGREE_LINE, &u);
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		const char *sp = transcript_speaker_at(t, u[i].start);
		json_object_set_new(o, "id", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "start",
		                    json_integer((json_int_t)transcript_byte_to_cp(t, u[i].start)));
		json_object_set_new(o, "end",
		                    json_integer((json_int_t)transcript_byte_to_cp(t, u[i].end)));
		json_object_set_new(o, "speaker", str_or_null(sp));
		json_object_set_new(o, "text",
		                    json_stringn(t->text + u[i].start, u[i].end - u[i].start));
		json_array_append_new(a, o);
	}
	free(u);
	return a;
}

static char *dump(json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);

	json_decref(j);
	if (!s)
		die(EXIT_OOM, "out of memory");
	return s;
}

char *suggester_codebook_json(const struct codebook *cb)
{
	json_t *codes = json_array();

	for (size_t i = 0; i < cb->ncodes; i++)
		json_array_append_new(codes, request_code(cb, i));
	return dump(codes);
}

/* The request is jansson's compact text of {"gloss", "transcript", "length", "codebook",
 * "units"} in that order, made in three parts: the head object with its closing brace
 * left off, the codebook's array (the same for every transcript of a run: made once),
 * and the units' array. */
char *suggester_request_with(const char *codebook_json, const struct transcript *t, size_t *len)
{
	json_t *head = json_object();
	char *h, *units;
	struct strbuf sb = STRBUF_INIT;

	json_object_set_new(head, "gloss", json_integer(1));
	json_object_set_new(head, "transcript", str_or_null(t->name));
	json_object_set_new(head, "length", json_integer((json_int_t)t->ncp));
	h = dump(head);
	units = dump(request_units(t));
	sb_add(&sb, h, strlen(h) - 1); /* without its "}" */
	sb_adds(&sb, ",\"codebook\":");
	sb_adds(&sb, codebook_json);
	sb_adds(&sb, ",\"units\":");
	sb_adds(&sb, units);
	sb_adds(&sb, "}\n");
	free(h);
	free(units);
	*len = sb.len;
	return sb_detach(&sb);
}

char *suggester_request(const struct codebook *cb, const struct transcript *t, size_t *len)
{
	char *codes = suggester_codebook_json(cb), *r = suggester_request_with(codes, t, len);

	free(codes);
	return r;
}

/* ---- the answer ----------------------------------------------------------------------- */

struct parser {
	const struct codebook *cb;
	const struct transcript *t;
	const char *file;
	struct diags *d;
	struct agree_span *units;
	size_t nunits;
	size_t body_cp;
	struct model_suggestion *out;
	size_t n, cap;
};

static bool int_field(json_t *o, const char *key, json_int_t *v, bool *present)
{
	json_t *j = json_object_get(o, key);

	*present = j != NULL;
	if (!j)
		return true;
	if (!json_is_integer(j))
		return false;
	*v = json_integer_value(j);
	return true;
}

/* line_range: the bytes the line's suggestion names; false (reported) when none */
static bool line_range(struct parser *p, json_t *o, unsigned ln, size_t *s, size_t *e)
{
	json_int_t unit = 0, a = 0, b = 0;
	bool hu, ha, hb;

	if (!int_field(o, "unit", &unit, &hu) || !int_field(o, "start", &a, &ha) ||
	    !int_field(o, "end", &b, &hb)) {
		diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
		         "unit, start and end must be whole numbers");
		return false;
	}
	if (hu == (ha || hb) || ha != hb) {
		diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
		         "a suggestion names a unit, or a start and an end");
		return false;
	}
	if (hu) {
		if (unit < 1 || (size_t)unit > p->nunits) {
			diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
			         "no unit %lld (the transcript has %zu)", (long long)unit,
			         p->nunits);
			return false;
		}
		*s = p->units[unit - 1].start;
		*e = p->units[unit - 1].end;
		return true;
	}
	if (a < (json_int_t)p->body_cp || b <= a || (size_t)b > p->t->ncp) {
		diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
		         "range %lld-%lld is not inside the body (code points %zu-%zu)",
		         (long long)a, (long long)b, p->body_cp, p->t->ncp);
		return false;
	}
	*s = transcript_cp_to_byte(p->t, (size_t)a);
	*e = transcript_cp_to_byte(p->t, (size_t)b);
	return true;
}

static bool line_extras(struct parser *p, json_t *o, unsigned ln, struct model_suggestion *sg)
{
	json_t *c = json_object_get(o, "confidence"), *r = json_object_get(o, "rationale");

	sg->confidence = -1;
	if (c && !json_is_null(c)) {
		double v = json_number_value(c);
		if (!json_is_number(c) || !(v >= 0 && v <= 1)) {
			diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
			         "confidence must be a number from 0 to 1");
			return false;
		}
		sg->confidence = v;
	}
	if (r && !json_is_null(r)) {
		size_t n;
		if (!json_is_string(r)) {
			diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0,
			         "rationale must be a string");
			return false;
		}
		n = json_string_length(r);
		if (n > SUGGESTER_MAX_RATIONALE) { /* cut at a character boundary */
			n = SUGGESTER_MAX_RATIONALE;
			while (n > 0 && (json_string_value(r)[n] & 0xC0) == 0x80)
				n--;
		}
		sg->rationale = xstrndup(json_string_value(r), n);
	}
	return true;
}

static bool duplicate(const struct parser *p, const struct model_suggestion *sg)
{
	for (size_t i = p->n; i-- > 0;)
		if (p->out[i].code == sg->code && p->out[i].start == sg->start &&
		    p->out[i].end == sg->end)
			return true;
	return false;
}

static void parse_line(struct parser *p, const char *s, size_t n, unsigned ln)
{
	struct model_suggestion sg = {0};
	json_error_t je;
	json_t *o, *code;

	o = json_loadb(s, n, JSON_REJECT_DUPLICATES, &je);
	if (!o || !json_is_object(o)) {
		diag_add(p->d, DIAG_ERROR, DK_SYNTAX, p->file, ln, o ? 0 : (unsigned)je.column,
		         "not a JSON object%s%s", o ? "" : ": ", o ? "" : je.text);
		json_decref(o);
		return;
	}
	code = json_object_get(o, "code");
	if (!json_is_string(code)) {
		diag_add(p->d, DIAG_ERROR, DK_INVALID, p->file, ln, 0, "no code (a string)");
	} else if ((sg.code = codebook_find(p->cb, json_string_value(code))) < 0) {
		diag_add(p->d, DIAG_ERROR, DK_UNKNOWN, p->file, ln, 0,
		         "no code '%s' in the codebook", json_string_value(code));
	} else if (line_range(p, o, ln, &sg.start, &sg.end) && line_extras(p, o, ln, &sg)) {
		if (duplicate(p, &sg)) {
			diag_add(p->d, DIAG_WARNING, DK_INVALID, p->file, ln, 0,
			         "the same suggestion again (left out)");
			free(sg.rationale);
		} else {
			VEC_PUSH(p->out, p->n, p->cap, sg);
		}
	} else {
		free(sg.rationale);
	}
	json_decref(o);
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

size_t suggester_parse(const char *buf, size_t len, const struct codebook *cb,
                       const struct transcript *t, const char *file, struct diags *d,
                       struct model_suggestion **out)
{
	struct parser p = {cb, t, file, d, NULL, 0, 0, NULL, 0, 0};
	unsigned ln = 0;

	p.nunits = agree_units(t, AGREE_LINE, &p.units);
	p.body_cp = transcript_byte_to_cp(t, t->body);
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(buf + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (buf + at)) : len - at;
		ln++;
		if (n > SUGGESTER_MAX_LINE)
			diag_add(d, DIAG_ERROR, DK_INVALID, file, ln, 0,
			         "line longer than %d bytes (left out)", SUGGESTER_MAX_LINE);
		else if (p.n >= SUGGESTER_MAX_LINES && !blank(buf + at, n)) {
			diag_add(d, DIAG_ERROR, DK_INVALID, file, ln, 0,
			         "more than %d suggestions (the rest left out)",
			         SUGGESTER_MAX_LINES);
			break;
		} else if (!blank(buf + at, n)) {
			parse_line(&p, buf + at, n, ln);
		}
		at += n + (nl != NULL);
	}
	free(p.units);
	*out = p.out;
	return p.n;
}

void suggester_free(struct model_suggestion *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].rationale);
	free(s);
}

/* ---- running the command -------------------------------------------------------------- */

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void keep_tail(struct strbuf *err, const char *buf, size_t n)
{
	sb_add(err, buf, n);
	if (err->len > SUGGESTER_MAX_STDERR) {
		size_t cut = err->len - SUGGESTER_MAX_STDERR;
		memmove(err->data, err->data + cut, SUGGESTER_MAX_STDERR);
		err->len = SUGGESTER_MAX_STDERR;
		err->data[err->len] = '\0';
	}
}

static pid_t spawn(const char *cmd, int in, int out, int err, int *detail)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	char *argv[] = {"sh", "-c", (char *)cmd, NULL};
	sigset_t none, all;
	pid_t pid;
	int rc;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in, 0);
	posix_spawn_file_actions_adddup2(&fa, out, 1);
	posix_spawn_file_actions_adddup2(&fa, err, 2);
	posix_spawnattr_init(&at);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setsigmask(&at, &none);
	sigemptyset(&all);
	sigaddset(&all, SIGPIPE);
	sigaddset(&all, SIGINT);
	sigaddset(&all, SIGTERM);
	posix_spawnattr_setsigdefault(&at, &all);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
	                                  POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, "/bin/sh", &fa, &at, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	if (rc != 0) {
		*detail = rc;
		return -1;
	}
	return pid;
}

struct io {
	int fd[3]; /* our ends: stdin (a socket: send never raises SIGPIPE), stdout, stderr */
	const char *in;
	size_t inlen, sent;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* pump: one round of poll; false when stdout and stderr are both closed */
static bool pump(struct io *io, int wait_ms, struct strbuf *out, struct strbuf *err, size_t max)
{
	struct pollfd pf[3];
	char buf[65536];

	for (int i = 0; i < 3; i++)
		pf[i] = (struct pollfd){io->fd[i], i == 0 ? POLLOUT : POLLIN, 0};
	if (poll(pf, 3, wait_ms) <= 0)
		return io->fd[1] >= 0 || io->fd[2] >= 0;
	if (io->fd[0] >= 0 && pf[0].revents) {
		ssize_t w = send(io->fd[0], io->in + io->sent, io->inlen - io->sent,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0)
			io->sent += (size_t)w;
		if ((w < 0 && errno != EAGAIN && errno != EINTR) || io->sent == io->inlen)
			close_fd(&io->fd[0]); /* all sent, or it stopped reading */
	}
	for (int i = 1; i < 3; i++) {
		ssize_t r;
		if (io->fd[i] < 0 || !pf[i].revents)
			continue;
		r = read(io->fd[i], buf, sizeof(buf));
		if (r > 0 && i == 1)
			sb_add(out, buf,
			       (size_t)(out->len + (size_t)r > max + 1 ? max + 1 - out->len
			                                               : (size_t)r));
		else if (r > 0)
			keep_tail(err, buf, (size_t)r);
		else if (r == 0 || (errno != EAGAIN && errno != EINTR))
			close_fd(&io->fd[i]);
	}
	return io->fd[1] >= 0 || io->fd[2] >= 0;
}

/* wait_exit: wait until pid has exited or the deadline passed, through a pidfd (Linux 5.3
 * and later); false when there is none (then the caller sleeps and asks again). A command
 * closes its output a moment before it exits: this wakes as it does, where a sleep would
 * add up to its length to every transcript. */
static bool wait_exit(pid_t pid, long long deadline)
{
#ifdef SYS_pidfd_open
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	long long left = deadline - now_ms();
	struct pollfd p = {fd, POLLIN, 0};

	if (fd < 0)
		return false;
	if (left > 0)
		poll(&p, 1, left > 1000 ? 1000 : (int)left);
	close(fd);
	return true;
#else
	(void)pid, (void)deadline;
	return false;
#endif
}

static enum suggester_status reap(pid_t pid, bool kill_first, long long deadline, int *detail)
{
	int ws;

	if (kill_first)
		killpg(pid, SIGKILL);
	for (;;) {
		pid_t r = waitpid(pid, &ws, kill_first ? 0 : WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return SUGGESTER_SPAWN;
		if (r == 0 && now_ms() >= deadline) {
			kill_first = true;
			killpg(pid, SIGKILL);
		} else if (r == 0 && !wait_exit(pid, deadline)) {
			struct timespec ts = {0, 2000000};
			nanosleep(&ts, NULL); /* it closed its output and has not exited yet */
		}
	}
	killpg(pid, SIGKILL); /* what it left running in its group */
	if (WIFEXITED(ws)) {
		*detail = WEXITSTATUS(ws);
		return *detail ? SUGGESTER_EXIT : SUGGESTER_OK;
	}
	*detail = WIFSIGNALED(ws) ? WTERMSIG(ws) : 0;
	return SUGGESTER_SIGNAL;
}

enum suggester_status suggester_exec(const char *cmd, const char *in, size_t inlen,
                                     const struct suggester_limits *lim,
                                     volatile sig_atomic_t *stop, struct strbuf *out,
                                     struct strbuf *err, int *detail)
{
	size_t max = lim && lim->max_bytes ? lim->max_bytes : SUGGESTER_MAX_BYTES;
	unsigned tmo = lim && lim->timeout_ms ? lim->timeout_ms : SUGGESTER_TIMEOUT_MS;
	long long deadline = now_ms() + tmo;
	enum suggester_status st = SUGGESTER_OK;
	int sv[2], po[2], pe[2];
	struct io io = {{-1, -1, -1}, in, inlen, 0};
	pid_t pid;

	*detail = 0;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		*detail = errno;
		return SUGGESTER_SPAWN;
	}
	if (pipe2(po, O_CLOEXEC) < 0) {
		*detail = errno;
		close(sv[0]), close(sv[1]);
		return SUGGESTER_SPAWN;
	}
	if (pipe2(pe, O_CLOEXEC) < 0) {
		*detail = errno;
		close(sv[0]), close(sv[1]), close(po[0]), close(po[1]);
		return SUGGESTER_SPAWN;
	}
	shutdown(sv[1], SHUT_RD); /* ours writes only */
	pid = spawn(cmd, sv[0], po[1], pe[1], detail);
	close(sv[0]), close(po[1]), close(pe[1]);
	io.fd[0] = sv[1], io.fd[1] = po[0], io.fd[2] = pe[0];
	for (int i = 0; i < 3; i++)
		fcntl(io.fd[i], F_SETFL, fcntl(io.fd[i], F_GETFL) | O_NONBLOCK);
	if (pid < 0) {
		for (int i = 0; i < 3; i++)
			close_fd(&io.fd[i]);
		return SUGGESTER_SPAWN;
	}
	if (inlen == 0)
		close_fd(&io.fd[0]);
	for (;;) {
		long long left = deadline - now_ms();
		if (stop && *stop)
			st = SUGGESTER_STOPPED;
		else if (left <= 0)
			st = SUGGESTER_TIMEOUT;
		else if (out->len > max)
			st = SUGGESTER_TOO_LARGE;
		if (st != SUGGESTER_OK || !pump(&io, left < 100 ? (int)left : 100, out, err, max))
			break;
	}
	for (int i = 0; i < 3; i++)
		close_fd(&io.fd[i]);
	if (st != SUGGESTER_OK) {
		int ignored;
		reap(pid, true, deadline, &ignored);
		return st;
	}
	st = reap(pid, false, deadline, detail);
	if (st == SUGGESTER_SIGNAL && *detail == SIGKILL && now_ms() >= deadline)
		st = SUGGESTER_TIMEOUT;
	return st;
}

const char *suggester_status_text(enum suggester_status st, int detail,
                                  const struct suggester_limits *lim, char *buf, size_t size)
{
	size_t max = lim && lim->max_bytes ? lim->max_bytes : SUGGESTER_MAX_BYTES;
	unsigned tmo = lim && lim->timeout_ms ? lim->timeout_ms : SUGGESTER_TIMEOUT_MS;

	switch (st) {
	case SUGGESTER_OK:
		snprintf(buf, size, "ok");
		break;
	case SUGGESTER_SPAWN:
		snprintf(buf, size, "could not be started: %s", strerror(detail));
		break;
	case SUGGESTER_EXIT:
		snprintf(buf, size, "exited with status %d", detail);
		break;
	case SUGGESTER_SIGNAL:
		snprintf(buf, size, "was killed by signal %d", detail);
		break;
	case SUGGESTER_TIMEOUT:
		snprintf(buf, size, "timed out after %.1f s (stopped)", tmo / 1000.0);
		break;
	case SUGGESTER_TOO_LARGE:
		snprintf(buf, size, "wrote more than %zu bytes (stopped)", max);
		break;
	case SUGGESTER_STOPPED:
		snprintf(buf, size, "was interrupted");
		break;
	}
	return buf;
}

/* ---- storing -------------------------------------------------------------------------- */

char *suggester_coder(const char *name)
{
	char *c = xasprintf("suggest-%s", name);
	if (!codings_coder_valid(c)) {
		free(c);
		return NULL;
	}
	return c;
}

static void add_field(struct coding *cd, const char *key, char *flow)
{
	size_t cap = cd->nextra;
	struct extra_field f = {xstrdup(key), flow};
	VEC_PUSH(cd->extra, cd->nextra, cap, f);
}

static char *flow_str(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	yamlx_write_str(&sb, s, strlen(s));
	return sb_detach(&sb);
}

void suggester_fill(struct codings *c, const struct codebook *cb, const char *model,
                    const struct model_suggestion *s, size_t n)
{
	while (c->len)
		codings_remove(c, c->len - 1, NULL);
	for (size_t i = 0; i < n; i++) {
		size_t k = codings_add(c, cb->codes[s[i].code].id, s[i].start, s[i].end, NULL);
		struct coding *cd = &c->items[k];
		if (s[i].confidence >= 0)
			add_field(cd, "confidence", xasprintf("%.3g", s[i].confidence));
		add_field(cd, "model", flow_str(model));
		if (s[i].rationale)
			add_field(cd, "rationale", flow_str(s[i].rationale));
	}
}

int suggester_store(const struct transcript *t, const struct codebook *cb, const char *coder,
                    const char *model, const struct model_suggestion *s, size_t n,
                    struct codings *loaded, char *err, size_t errsize)
{
	struct diags d;
	struct codings *c = loaded;
	int fd, rc = -1;

	diags_init(&d);
	if (!c)
		c = codings_load(t, coder, cb, &d);
	if (!c || c->readonly) {
		snprintf(err, errsize, "%s: the codings file has errors; left as it was",
		         c ? c->path : coder);
		goto out;
	}
	fd = codings_lock(c, err, errsize);
	if (fd == LOCK_BUSY)
		snprintf(err, errsize, "%s: another gloss is writing it", c->path);
	if (fd < 0)
		goto out;
	suggester_fill(c, cb, model, s, n);
	rc = codings_save(c, err, errsize);
	lock_release(fd);
out:
	if (c != loaded)
		codings_free(c);
	diags_done(&d);
	return rc;
}
