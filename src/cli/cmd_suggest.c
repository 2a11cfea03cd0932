/* cmd_suggest.c — gloss suggest: the codings the codebook's patterns suggest and nobody
 * applied yet. */
#include "cmd.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/project.h"
#include "gloss/review.h"
#include "gloss/suggest.h"
#include "gloss/suggester.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

#define SUGGEST_MAX_SHOWN 160 /* bytes of a sentence shown at most, around the match */

const char cmd_suggest_help[] =
    "usage: gloss suggest [--codebook FILE] [--coder NAME]... [CODE...]\n"
    "\n"
    "List the codings the codebook's patterns suggest (the patterns: field of a code, see\n"
    "gloss(5)) that are not applied yet: for every match of a code's pattern in the\n"
    "transcripts (transcripts/; the body, outside speaker labels) that no coding of that\n"
    "code overlaps, the sentence around it, once per code and sentence:\n"
    "\n"
    "  PATH:LINE: CODE: SPEAKER: SENTENCE WITH THE [MATCH]\n"
    "\n"
    "Only the CODEs given (ids) when there are any, else every code with patterns. In the\n"
    "interactive coder the same suggestions are marked in the margin. A model's suggestions\n"
    "(gloss suggest --model, below) follow, marked (suggest-NAME, CONFIDENCE). Suggestions\n"
    "accepted or rejected in the review queue are left out: the decisions of the first\n"
    "--coder, else of the coder the coder would be (gloss help open).\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (see gloss help tally)\n"
    "  --coder NAME      a suggestion is applied when this coder coded it; repeat for\n"
    "                    several (default: any coder)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 suggestions listed; 1 none, or the project could not be loaded;\n"
    "2 an unknown CODE or a usage error.\n"
    "\n"
    "usage: gloss suggest --model NAME | --cmd COMMAND [-j N] [--timeout SECONDS]\n"
    "                     [--codebook FILE] [PATH...]\n"
    "\n"
    "Ask a program (a local language model behind an adapter, see contrib/) for\n"
    "suggestions: COMMAND, or the command gloss.yaml's models: gives for NAME, runs once per\n"
    "transcript, reading the codebook and the transcript's units as JSON and writing one\n"
    "JSON line per suggestion (gloss(5)). Its suggestions are checked and stored as the\n"
    "codings of coder suggest-NAME (suggest-cmd for --cmd alone), replacing that coder's\n"
    "codings of the transcript in one save; a transcript whose command fails, times out or\n"
    "writes too much keeps what it had. gloss agree --coder ana --coder suggest-NAME\n"
    "measures the model; the coder's review queue (key R) accepts or rejects each.\n"
    "\n"
    "options:\n"
    "  --model NAME      the model: its command from gloss.yaml, and its coder's name\n"
    "  --cmd COMMAND     run COMMAND (with /bin/sh) instead\n"
    "  -j, --jobs N      run N commands at once (default 1, at most 64)\n"
    "  --timeout SECONDS the time for one transcript (default: gloss.yaml, else 300)\n"
    "\n"
    "A progress line is shown when standard error is a terminal; Ctrl-C stops the commands\n"
    "still running and keeps what finished. Exit status: 0 every transcript done; 1 a\n"
    "command failed or wrote invalid lines (reported), or interrupted; 2 usage; 3 a write\n"
    "failed.\n";

/* wanted_codes: a flag per code of the codebook; -1 or a usage error's status */
static int wanted_codes(const struct codebook *cb, const struct args *a, bool **wanted)
{
	*wanted = NULL;
	if (a->npos == 0)
		return -1;
	*wanted = xcalloc(cb->ncodes + 1, sizeof(bool));
	for (size_t i = 0; i < a->npos; i++) {
		int c = codebook_find(cb, a->pos[i]);
		if (c < 0)
			return cli_usage_error("no code '%s' in the codebook", a->pos[i]);
		(*wanted)[c] = true;
	}
	return -1;
}

static void print_one(struct strbuf *out, const struct project *p, const struct transcript *t,
                      const struct suggestion *sg)
{
	size_t s = sg->start, e = sg->end;
	const char *id = p->cb->codes[sg->code].id, *sp = transcript_speaker_at(t, sg->ms);

	if (e - s > SUGGEST_MAX_SHOWN) { /* keep the match and some of each side */
		s = sg->ms > s + SUGGEST_MAX_SHOWN / 2 ? sg->ms - SUGGEST_MAX_SHOWN / 2 : s;
		e = sg->me + SUGGEST_MAX_SHOWN / 2 < e ? sg->me + SUGGEST_MAX_SHOWN / 2 : e;
		while (s > sg->start && (t->text[s] & 0xC0) == 0x80)
			s--;
		while (e < sg->end && (t->text[e] & 0xC0) == 0x80)
			e++;
	}
	cli_add_safe(out, t->path, strlen(t->path));
	sb_printf(out, ":%zu: ", sg->line + 1);
	cli_add_safe(out, id, strlen(id));
	sb_adds(out, ": ");
	if (sp) {
		cli_add_safe(out, sp, strlen(sp));
		sb_adds(out, ": ");
	}
	sb_adds(out, s > sg->start ? "..." : "");
	cli_add_safe(out, t->text + s, sg->ms - s);
	sb_addc(out, '[');
	cli_add_safe(out, t->text + sg->ms, sg->me - sg->ms);
	sb_addc(out, ']');
	cli_add_safe(out, t->text + sg->me, e - sg->me);
	sb_adds(out, e < sg->end ? "...\n" : "\n");
}

/* print_model: a model's suggestion (review.h), with its source and confidence */
static void print_model(struct strbuf *out, const struct project *p, const struct review_item *it)
{
	const struct transcript *t = p->docs[it->doc].t;
	struct suggestion sg = {it->code,  it->start, it->end,
	                        it->start, it->end,   transcript_line_at(t, it->start)};

	print_one(out, p, t, &sg);
	out->data[--out->len] = '\0'; /* the newline */
	sb_adds(out, " (");
	cli_add_safe(out, it->by, strlen(it->by));
	if (it->confidence >= 0)
		sb_printf(out, ", %.2f", it->confidence);
	sb_adds(out, ")\n");
}

/* suggest_doc: document d's undecided suggestions (decisions of coder): the patterns'
 * and the models'; returns how many */
static size_t suggest_doc(const struct project *p, size_t d, const bool *wanted, const char *coder,
                          struct strbuf *out, size_t *limited)
{
	const struct transcript *t = p->docs[d].t;
	struct review_queue q;
	struct review_decisions *ds;
	struct suggestion *sg;
	struct diags dg;
	size_t lim = 0, shown = 0,
	       n = suggest_find(p->cb, t, p->docs[d].sets, p->docs[d].nsets, wanted, &sg, &lim);

	diags_init(&dg);
	ds = review_decisions_load(t, coder, &dg);
	for (size_t i = 0; i < dg.len; i++)
		cli_print_diag(stderr, "gloss: ", &dg.items[i]);
	diags_done(&dg);
	for (size_t i = 0; i < n; i++)
		if (review_decided(ds, t, p->cb->codes[sg[i].code].id, sg[i].start, sg[i].end) < 0)
			print_one(out, p, t, &sg[i]), shown++;
	free(sg);
	review_queue_init(&q);
	review_model_items(&q, p, d, coder, ds);
	for (size_t i = 0; i < q.n; i++)
		if (!wanted || wanted[q.items[i].code])
			print_model(out, p, &q.items[i]), shown++;
	review_queue_done(&q);
	review_decisions_free(ds);
	*limited += lim;
	return shown;
}

static size_t suggest_all(const struct project *p, const bool *wanted, const char *coder,
                          struct strbuf *out)
{
	size_t total = 0, limited = 0;

	for (size_t d = 0; d < p->ndocs; d++)
		total += suggest_doc(p, d, wanted, coder, out, &limited);
	if (limited)
		fprintf(
		    stderr,
		    "gloss: warning: %zu line%s skipped: a pattern needs too much backtracking\n",
		    limited, limited == 1 ? "" : "s");
	return total;
}

/* ---- gloss suggest --model / --cmd: run a suggester over the transcripts ---- */

static volatile sig_atomic_t run_stop;

static void on_interrupt(int sig)
{
	(void)sig;
	run_stop = 1;
}

/* A run is a pipeline: the runners (-j N) make each transcript's request, run the command
 * and check its answer; the savers store the checked answers, each in its own atomic save
 * (temporary file, fsync, rename, the directory's fsync), while the runners go on with the
 * next transcripts. A save waits for the disk and hardly for the processor, so with
 * several savers the disk's flushes overlap each other and the commands: the time of a
 * transcript is its command's, not its command's plus its saves'. Nothing is weakened:
 * every transcript is still one atomic save, and a failed one is reported as before. */
#define RUN_SAVERS 4   /* savers (saves at once) */
#define RUN_PENDING 64 /* checked answers waiting for a saver, at most */

struct pending {
	size_t doc;
	struct model_suggestion *sg;
	size_t n;
};

struct run {
	const struct project *p;
	const char *cmd, *model, *coder;
	char *codebook_json; /* the request's codebook: the same for every transcript */
	struct suggester_limits lim;
	pthread_mutex_t mu;
	pthread_cond_t more, room; /* a pending answer to save; room in pend */
	size_t next, done;
	struct pending pend[RUN_PENDING]; /* a ring: npend from head */
	size_t head, npend;
	long runners;        /* still running */
	struct strbuf *msgs; /* per document, printed in order at the end */
	bool progress, problems, io_failed;
};

static void run_progress(struct run *r)
{
	if (r->progress)
		fprintf(stderr, "\rgloss: suggest-%s: %zu of %zu transcripts stored", r->model,
		        r->done, r->p->ndocs);
}

static void run_diags(struct strbuf *m, const struct diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		char *s = diag_format(&d->items[i]);
		sb_printf(m, "gloss: %s\n", s);
		free(s);
	}
}

/* run_doc: one transcript's command and its answer checked; what to report goes to m;
 * false on a problem. The answer to store goes to *sg, *n (true returned or not: an answer
 * with invalid lines keeps its valid ones); *store false when there is none. */
static bool run_doc(struct run *r, size_t k, struct strbuf *m, struct model_suggestion **sg,
                    size_t *n, bool *store)
{
	const struct transcript *t = r->p->docs[k].t;
	struct strbuf out = STRBUF_INIT, err = STRBUF_INIT;
	size_t inlen;
	char *in = suggester_request_with(r->codebook_json, t, &inlen), *file, buf[256];
	int detail;
	enum suggester_status st =
	    suggester_exec(r->cmd, in, inlen, &r->lim, &run_stop, &out, &err, &detail);
	struct diags d;
	bool ok = st == SUGGESTER_OK;

	free(in);
	diags_init(&d);
	file = xasprintf("%s (model %s)", t->path, r->model);
	*sg = NULL, *n = 0, *store = ok;
	if (!ok) {
		sb_adds(m, "gloss: ");
		cli_add_safe(m, t->path, strlen(t->path));
		sb_printf(m, ": the command %s; nothing stored",
		          suggester_status_text(st, detail, &r->lim, buf, sizeof(buf)));
		while (err.len && (err.data[err.len - 1] == '\n' || err.data[err.len - 1] == '\r'))
			err.data[--err.len] = '\0';
		if (err.len) {
			sb_adds(m, ": ");
			cli_add_safe(m, err.data, err.len > 200 ? 200 : err.len);
		}
		sb_addc(m, '\n');
	} else {
		*n = suggester_parse(out.data ? out.data : "", out.len, r->p->cb, t, file, &d, sg);
		run_diags(m, &d);
		ok = d.errors == 0;
	}
	diags_done(&d);
	free(file);
	sb_done(&out);
	sb_done(&err);
	return ok;
}

/* save_doc: store one checked answer; false (reported in m, *io set) when the save failed */
static bool save_doc(struct run *r, const struct pending *pd, struct strbuf *m, bool *io)
{
	char buf[256];

	if (suggester_store(r->p->docs[pd->doc].t, r->p->cb, r->coder, r->model, pd->sg, pd->n,
	                    project_doc_codings(r->p, pd->doc, r->coder), buf, sizeof(buf)) < 0) {
		sb_adds(m, "gloss: ");
		cli_add_safe(m, buf, strlen(buf));
		sb_addc(m, '\n');
		*io = true;
		return false;
	}
	return true;
}

static void *run_worker(void *arg)
{
	struct run *r = arg;

	for (;;) {
		struct pending pd = {0};
		bool store = false, ok;
		size_t k;
		pthread_mutex_lock(&r->mu);
		k = r->next < r->p->ndocs && !run_stop ? r->next++ : SIZE_MAX;
		pthread_mutex_unlock(&r->mu);
		if (k == SIZE_MAX)
			break;
		ok = run_doc(r, k, &r->msgs[k], &pd.sg, &pd.n, &store);
		pd.doc = k;
		pthread_mutex_lock(&r->mu);
		r->problems |= !ok;
		while (store && r->npend == RUN_PENDING)
			pthread_cond_wait(&r->room, &r->mu);
		if (store) { /* a finished answer is saved even after Ctrl-C */
			r->pend[(r->head + r->npend++) % RUN_PENDING] = pd;
			pthread_cond_signal(&r->more);
		}
		pthread_mutex_unlock(&r->mu);
		if (!store)
			suggester_free(pd.sg, pd.n);
	}
	pthread_mutex_lock(&r->mu);
	if (--r->runners == 0)
		pthread_cond_broadcast(&r->more);
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

static void *run_saver(void *arg)
{
	struct run *r = arg;

	for (;;) {
		struct pending pd;
		bool io = false, ok;
		pthread_mutex_lock(&r->mu);
		while (r->npend == 0 && r->runners > 0)
			pthread_cond_wait(&r->more, &r->mu);
		if (r->npend == 0) {
			pthread_mutex_unlock(&r->mu);
			return NULL;
		}
		pd = r->pend[r->head];
		r->head = (r->head + 1) % RUN_PENDING;
		r->npend--;
		pthread_cond_signal(&r->room);
		pthread_mutex_unlock(&r->mu);
		/* msgs[pd.doc] is this saver's alone now: its runner is done with it */
		ok = save_doc(r, &pd, &r->msgs[pd.doc], &io);
		suggester_free(pd.sg, pd.n);
		pthread_mutex_lock(&r->mu);
		r->problems |= !ok;
		r->io_failed |= io;
		r->done += ok;
		run_progress(r);
		pthread_mutex_unlock(&r->mu);
	}
}

static int parse_count(const char *s, long lo, long hi, const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = s ? strtol(s, &end, 10) : 0;
	if (!s || errno || *end || end == s || v < lo || v > hi)
		return cli_usage_error(what, s ? s : "");
	*out = v;
	return -1;
}

static int run_all(struct run *r, long jobs)
{
	pthread_t th[64], sv[RUN_SAVERS];
	struct sigaction sa = {0}, old_int, old_term;
	long started = 0, savers = 0;

	sa.sa_handler = on_interrupt;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	r->msgs = xcalloc(r->p->ndocs, sizeof(*r->msgs));
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->more, NULL);
	pthread_cond_init(&r->room, NULL);
	run_progress(r);
	r->runners = 1; /* held by this thread until the runners are started */
	for (; savers < RUN_SAVERS && (size_t)savers < r->p->ndocs; savers++)
		if (pthread_create(&sv[savers], NULL, run_saver, r) != 0)
			break;
	for (; savers > 0 && started < jobs && (size_t)started < r->p->ndocs; started++) {
		pthread_mutex_lock(&r->mu);
		r->runners++;
		pthread_mutex_unlock(&r->mu);
		if (pthread_create(&th[started], NULL, run_worker, r) != 0) {
			pthread_mutex_lock(&r->mu);
			r->runners--;
			pthread_mutex_unlock(&r->mu);
			break;
		}
	}
	if (savers == 0) { /* no thread could be made: run and save here, one at a time */
		struct pending *p = r->pend;
		for (size_t k = 0; k < r->p->ndocs && !run_stop; k++) {
			bool store, io = false,
			            ok = run_doc(r, k, &r->msgs[k], &p->sg, &p->n, &store);
			p->doc = k;
			if (store && !save_doc(r, p, &r->msgs[k], &io))
				ok = false;
			r->done += store && !io;
			r->problems |= !ok;
			r->io_failed |= io;
			suggester_free(p->sg, p->n);
			run_progress(r);
		}
	} else if (started == 0) {
		run_worker(r); /* gives up this thread's hold on the savers */
	} else {
		pthread_mutex_lock(&r->mu);
		if (--r->runners == 0)
			pthread_cond_broadcast(&r->more);
		pthread_mutex_unlock(&r->mu);
	}
	for (long i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	for (long i = 0; i < savers; i++)
		pthread_join(sv[i], NULL);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (r->progress)
		fputc('\n', stderr);
	for (size_t k = 0; k < r->p->ndocs; k++) {
		if (r->msgs[k].len)
			fputs(r->msgs[k].data, stderr);
		sb_done(&r->msgs[k]);
	}
	free(r->msgs);
	pthread_cond_destroy(&r->more);
	pthread_cond_destroy(&r->room);
	pthread_mutex_destroy(&r->mu);
	if (run_stop)
		fprintf(stderr, "gloss: interrupted: %zu of %zu transcripts done (kept)\n", r->done,
		        r->p->ndocs);
	printf("suggest-%s: %zu of %zu transcripts stored\n", r->model, r->done, r->p->ndocs);
	if (r->io_failed)
		return cli_flush_out(GLOSS_EXIT_IO);
	return cli_flush_out(r->problems || run_stop ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_OK);
}

static int run_model(struct args *a, struct project *p)
{
	struct run r = {0};
	const struct settings_model *m = NULL;
	long jobs = 1, secs = 0;
	int rc;

	r.p = p;
	r.model = a->model ? a->model : "cmd";
	if (a->model && !a->cmd && !(m = settings_model(p->settings, a->model)))
		return cli_usage_error("no model '%s' in gloss.yaml (models:)", a->model);
	if (!(r.coder = suggester_coder(r.model)))
		return cli_usage_error("'%s' cannot name a coder (1 to 55 of A-Z a-z 0-9 . _ -)",
		                       r.model);
	r.cmd = a->cmd ? a->cmd : m->command;
	r.lim.timeout_ms = m ? m->timeout_ms : 0;
	if ((a->jobs && (rc = parse_count(a->jobs, 1, 64,
	                                  "-j needs a number from 1 to 64, not "
	                                  "'%s'",
	                                  &jobs)) >= 0) ||
	    (a->timeout && (rc = parse_count(a->timeout, 1, 86400,
	                                     "--timeout needs seconds from 1 to 86400, "
	                                     "not '%s'",
	                                     &secs)) >= 0)) {
		free((char *)r.coder);
		return rc;
	}
	if (secs)
		r.lim.timeout_ms = (unsigned)secs * 1000u;
	r.progress = isatty(STDERR_FILENO);
	run_stop = 0;
	r.codebook_json = suggester_codebook_json(p->cb);
	rc = run_all(&r, jobs);
	free(r.codebook_json);
	free((char *)r.coder);
	return rc;
}

int cmd_suggest(struct args *a)
{
	struct strbuf out = STRBUF_INIT;
	struct project *p;
	struct diags d;
	bool *wanted = NULL;
	size_t n;
	int rc;

	if ((rc = cli_check_coders(a)) >= 0)
		return rc;
	if (a->model || a->cmd) {
		if (a->ncoders)
			return cli_usage_error("%s--coder does not go with --model or --cmd", "");
		/* only the model's own codings are loaded: the others are not read or written
		 * here, and loading every coder's would cost more than running a fast command;
		 * nor are words counted */
		struct project_opts po = {0};
		char *coder = suggester_coder(a->model ? a->model : "cmd");
		const char *only[1] = {coder};

		cli_project_opts(&po, a, a->pos, a->npos, false);
		po.no_words = true; /* the request has lines, never word counts */
		if (coder) {
			po.coders = only;
			po.ncoders = 1;
		}
		diags_init(&d);
		p = project_open(&po, &d);
		free(coder);
		if (!p)
			return cli_fatal(&d);
		diags_done(&d);
		cli_print_load_diags(&p->diags, a->verbose);
		rc = cli_project_usable(p, "suggested");
		if (rc < 0)
			rc = run_model(a, p);
		project_free(p);
		return rc;
	}
	if (a->jobs || a->timeout)
		return cli_usage_error("%s-j and --timeout go with --model or --cmd", "");
	{
		struct project_opts po = {0};

		cli_project_opts(&po, a, NULL, 0, true);
		po.no_models = false; /* a model's suggestions are listed too */
		diags_init(&d);
		p = project_open(&po, &d);
	}
	if (!p)
		return cli_fatal(&d);
	diags_done(&d);
	cli_print_load_diags(&p->diags, a->verbose);
	if (!p->cb || p->cb_errors) {
		fputs("gloss: the codebook has errors; nothing suggested (see gloss check)\n",
		      stderr);
		project_free(p);
		return GLOSS_EXIT_PROBLEMS;
	}
	if ((rc = wanted_codes(p->cb, a, &wanted)) < 0) {
		cli_warn_coders(p, a);
		n = suggest_all(p, wanted, a->ncoders ? a->coders[0] : codings_default_coder(NULL),
		                &out);
		rc = cli_write_out(&out);
		if (rc == GLOSS_EXIT_OK && n == 0)
			rc = GLOSS_EXIT_PROBLEMS;
	}
	sb_done(&out);
	free(wanted);
	project_free(p);
	return rc;
}
