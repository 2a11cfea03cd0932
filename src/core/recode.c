/* recode.c — codebook changes carried into every codings file, as one change (recode.h). */
#include "gloss/recode.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "gloss/codebook_edit.h"
#include "gloss/codings.h"
#include "gloss/journal.h"
#include "gloss/lock.h"
#include "gloss/project.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/writer.h"

#define RECODE_MAX_FILE ((size_t)256 << 20)

struct job {
	const struct recode_opts *o;
	struct recode_result *r;
	struct diags *d;
	struct journal_change *ch; /* paths and data owned here */
	size_t nch, capch;
};

/* add_change: path's new contents; base: the part of path the user named (writer.h) */
static void add_change(struct job *j, char *path, size_t base, char *data, size_t len)
{
	struct journal_change c = {path, data, len, base};

	VEC_PUSH(j->ch, j->nch, j->capch, c);
}

static void refuse(struct job *j)
{
	if (j->r->status != RECODE_FAILED)
		j->r->status = RECODE_REFUSED;
}

/* cannot_write: a file of the change cannot be written (a lock file cannot be made: a
 * read-only directory): the change fails as a write does, nothing changed */
static void cannot_write(struct job *j, const char *msg)
{
	j->r->status = RECODE_FAILED;
	snprintf(j->r->err, sizeof(j->r->err), "%s", msg);
}

/* ---- the codebook ------------------------------------------------------------------- */

/* id_changes: a rename of the id (not only of the name) */
static bool id_changes(const struct recode_opts *o)
{
	return o->to && strcmp(o->to, o->id) != 0;
}

/* rename_code: the id, then the name, each when asked */
static char *rename_code(const struct job *j, const char *buf, size_t len, const char *path,
                         size_t *outlen)
{
	const struct recode_opts *o = j->o;
	char *out = NULL, *named;

	if (id_changes(o) &&
	    !(out = codebook_edit_rename(buf, len, path, o->id, o->to, outlen, j->d)))
		return NULL;
	if (!o->name)
		return out;
	named = codebook_edit_set_name(out ? out : buf, out ? *outlen : len, path,
	                               id_changes(o) ? o->to : o->id, o->name, outlen, j->d);
	free(out);
	return named;
}

static char *edit_codebook(const struct job *j, const char *buf, size_t len, const char *path,
                           size_t *outlen)
{
	const struct recode_opts *o = j->o;

	switch (o->op) {
	case RECODE_RENAME:
		return rename_code(j, buf, len, path, outlen);
	case RECODE_MOVE:
		return codebook_edit_move(buf, len, path, o->id, o->to, outlen, j->d);
	case RECODE_MERGE:
	case RECODE_DELETE:
		return codebook_edit_remove(buf, len, path, o->id, outlen, j->d);
	}
	return NULL;
}

static bool merge_ok(struct job *j, const struct codebook *cb)
{
	const char *why = NULL;

	if (j->o->op != RECODE_MERGE)
		return true;
	if (codebook_find(cb, j->o->to) < 0)
		why = "no such code to merge it into";
	else if (strcmp(j->o->id, j->o->to) == 0)
		why = "a code cannot be merged into itself";
	if (why) {
		diag_add(j->d, DIAG_ERROR, DK_INVALID, cb->path, 0, 0, "cannot merge '%s': %s",
		         j->o->id, why);
		refuse(j);
	}
	return !why;
}

static bool stage_codebook(struct job *j, const struct project *p)
{
	size_t len, outlen;
	char *buf, *out;

	if (!p->cb || p->cb_errors) {
		diag_add(j->d, DIAG_ERROR, DK_INVALID, p->codebook_path, 0, 0,
		         "the codebook has errors (run gloss check); nothing changed");
		refuse(j);
		return false;
	}
	if (!merge_ok(j, p->cb))
		return false;
	buf = read_file(p->codebook_path, RECODE_MAX_FILE, &len);
	if (!buf) {
		diag_add(j->d, DIAG_ERROR, DK_IO, p->codebook_path, 0, 0, "cannot read: %s",
		         read_file_strerror(errno));
		refuse(j);
		return false;
	}
	out = edit_codebook(j, buf, len, p->codebook_path, &outlen);
	free(buf);
	if (!out) {
		refuse(j);
		return false;
	}
	add_change(j, xstrdup(p->codebook_path), writer_base(p->codebook_path), out, outlen);
	return true;
}

/* ---- one codings file --------------------------------------------------------------- */

static void list(struct job *j, const char *file, const struct coding *cd)
{
	struct recode_coding rc = {xstrdup(file), xstrdup(cd->code), cd->cp_start, cd->cp_end,
	                           xstrdup(cd->quote ? cd->quote : "")};
	size_t cap = j->r->nlisted;

	VEC_PUSH(j->r->listed, j->r->nlisted, cap, rc);
}

/* fold: the FROM coding cd goes into c->items[k] (INTO, same range): its memo is added */
static void fold(struct codings *c, size_t k, const struct coding *cd)
{
	struct coding *into = &c->items[k];

	if (!cd->memo || (into->memo && strstr(into->memo, cd->memo)))
		return;
	if (!into->memo) {
		into->memo = xstrdup(cd->memo);
	} else {
		char *m = xasprintf("%s\n\n%s", into->memo, cd->memo);
		free(into->memo);
		into->memo = m;
	}
}

static long same_range_as(const struct codings *c, const char *code, const struct coding *cd)
{
	for (size_t k = 0; k < c->len; k++)
		if (strcmp(c->items[k].code, code) == 0 && c->items[k].cp_start == cd->cp_start &&
		    c->items[k].cp_end == cd->cp_end)
			return (long)k;
	return -1;
}

/* recode_set: change c as the operation asks; the codings changed */
static size_t recode_set(struct job *j, struct codings *c, const char *file)
{
	size_t changed = 0, i = 0;

	while (i < c->len) {
		struct coding *cd = &c->items[i];
		long into;
		if (strcmp(cd->code, j->o->id) != 0) {
			i++;
			continue;
		}
		changed++;
		into = j->o->op == RECODE_MERGE ? same_range_as(c, j->o->to, cd) : -1;
		if (j->o->op == RECODE_RENAME || (j->o->op == RECODE_MERGE && into < 0)) {
			free(cd->code);
			cd->code = xstrdup(j->o->to);
			i++;
			continue;
		}
		if (into >= 0)
			fold(c, (size_t)into, cd);
		list(j, file, cd);
		codings_remove(c, i, NULL);
	}
	return changed;
}

static struct codings *load_set(struct job *j, const char *path, const char *coder)
{
	struct diags tmp;
	struct codings *c;
	size_t len;
	char *buf = read_file(path, RECODE_MAX_FILE, &len);

	if (!buf) {
		diag_add(j->d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read: %s",
		         read_file_strerror(errno));
		return NULL;
	}
	diags_init(&tmp);
	c = codings_parse(buf, len, path, NULL, coder, NULL, &tmp);
	free(buf);
	if (!c || c->readonly) {
		diag_add(j->d, DIAG_ERROR, DK_INVALID, path, 0, 0,
		         "the codings file has errors (run gloss check); nothing changed");
		codings_free(c);
		c = NULL;
	}
	diags_done(&tmp);
	return c;
}

static void add_use(struct job *j, const char *path, size_t n)
{
	struct recode_use u = {xstrdup(path), n};
	size_t cap = j->r->nuses;

	VEC_PUSH(j->r->uses, j->r->nuses, cap, u);
}

static size_t count_uses(const struct codings *c, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < c->len; i++)
		n += strcmp(c->items[i].code, id) == 0;
	return n;
}

/* busy: is the codings file open in an interactive coder (its lock held, lock.h)? Taking
 * the lock for a moment here changes nothing. NULL, or why the file cannot be changed. */
static const char *busy(const char *path, char *err, size_t errsize)
{
	int fd = lock_take(path, 0, err, errsize);

	if (fd == LOCK_BUSY)
		return "open in the interactive coder (close it there first); nothing changed";
	if (fd < 0)
		return err;
	lock_release(fd);
	return NULL;
}

/* codings_base: the length of the transcript's directory (and its '/') in a codings path
 * of it: the user's part, below which the writer allows no link */
static size_t codings_base(const char *tpath)
{
	return writer_base(tpath);
}

/* stage_set: the new text of one codings file, when the change touches it */
static bool stage_set(struct job *j, const char *path, const char *tpath, const char *coder)
{
	struct transcript named = {0}; /* serializing needs the transcript's name only */
	struct codings *c;
	size_t changed, len;
	char *data, err[512];
	const char *why = busy(path, err, sizeof(err));

	if (why == err) {
		cannot_write(j, err);
		return false;
	}
	if (why) {
		diag_add(j->d, DIAG_ERROR, DK_IO, path, 0, 0, "%s", why);
		return false;
	}
	c = load_set(j, path, coder);
	if (!c)
		return false;
	if (j->o->op == RECODE_RENAME && (changed = count_uses(c, j->o->to)) > 0)
		add_use(j, path, changed); /* orphans of the new id: refused below */
	if (j->o->op == RECODE_DELETE && !j->o->force) {
		changed = count_uses(c, j->o->id);
		if (changed)
			add_use(j, path, changed);
		codings_free(c);
		return true;
	}
	changed = recode_set(j, c, path);
	if (changed) {
		named.path = (char *)tpath;
		c->t = &named;
		data = codings_serialize(c, &len);
		c->t = NULL;
		add_change(j, xstrdup(path), codings_base(tpath), data, len);
		j->r->files++;
		j->r->codings += changed;
	}
	codings_free(c);
	return true;
}

static bool stage_codings(struct job *j, const struct project *p)
{
	/* a move, and a new name alone, change the codebook only */
	bool ok = j->o->op != RECODE_MOVE && (j->o->op != RECODE_RENAME || id_changes(j->o));

	if (!ok)
		return true;
	for (size_t i = 0; i < p->ndocs && ok; i++) {
		const char *tpath = p->docs[i].t->path;
		size_t nc;
		char **coders = codings_list_coders(tpath, &nc);
		for (size_t k = 0; k < nc; k++) {
			char *path = codings_path(tpath, coders[k]);
			ok = ok && stage_set(j, path, tpath, coders[k]);
			free(path);
			free(coders[k]);
		}
		free(coders);
	}
	if (!ok)
		refuse(j);
	return ok;
}

/* ---- the change --------------------------------------------------------------------- */

/* lock_codebook: the codebook's lock (lock.h), held while the change is made so that a
 * code added meanwhile (codebook_append_code) is neither lost nor half-renamed */
static int lock_codebook(struct job *j, const char *path)
{
	char err[512];
	int fd = lock_take(path, LOCK_WAIT, err, sizeof(err));

	if (fd == LOCK_BUSY)
		diag_add(j->d, DIAG_ERROR, DK_IO, path, 0, 0,
		         "another gloss is changing the codebook; try again; nothing changed");
	else if (fd < 0)
		cannot_write(j, err);
	if (fd < 0)
		refuse(j);
	return fd;
}

static void commit(struct job *j)
{
	int rc = journal_commit(".", j->ch, j->nch, j->r->err, sizeof(j->r->err));

	if (rc == -1)
		j->r->status = RECODE_FAILED;
	else if (rc == -2)
		j->r->status = RECODE_HALF_DONE;
	else
		j->r->status = RECODE_DONE;
}

/* lock_session_x: the project's session lock, exclusive (lock.h): no coder session may be
 * open while the codebook and the codings change under it */
static int lock_session_x(struct recode_result *r, struct diags *d)
{
	char err[512];
	int fd = lock_session(".", true, 0, err, sizeof(err));

	if (fd == LOCK_BUSY)
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
		         "a coder session is open on this project (the interactive gloss); close "
		         "it first: it would go on with the old codes; nothing changed");
	else if (fd < 0)
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "%s; nothing changed", err);
	if (fd < 0)
		r->status = RECODE_REFUSED;
	return fd;
}

void recode_run(const struct recode_opts *o, struct recode_result *r, struct diags *d)
{
	struct project_opts po = {0};
	struct job j = {o, r, d, NULL, 0, 0};
	struct project *p;
	int lock, session;

	memset(r, 0, sizeof(*r));
	session = lock_session_x(r, d);
	if (session < 0)
		return;
	po.codebook = o->codebook;
	po.paths = o->paths;
	po.npaths = o->npaths;
	po.text_only = true;
	p = project_open(&po, d);
	if (!p) {
		r->status = RECODE_REFUSED;
		lock_session_end(session);
		return;
	}
	r->codebook = xstrdup(p->codebook_path);
	lock = lock_codebook(&j, p->codebook_path);
	if (lock >= 0 && stage_codebook(&j, p) && stage_codings(&j, p)) {
		if (r->nuses)
			r->status = o->op == RECODE_RENAME ? RECODE_TARGET_USED : RECODE_IN_USE;
		else
			commit(&j);
	}
	lock_release(lock);
	for (size_t i = 0; i < j.nch; i++) {
		free((char *)j.ch[i].path);
		free((char *)j.ch[i].data);
	}
	free(j.ch);
	project_free(p);
	lock_session_end(session);
}

void recode_result_done(struct recode_result *r)
{
	for (size_t i = 0; i < r->nlisted; i++) {
		free(r->listed[i].file);
		free(r->listed[i].code);
		free(r->listed[i].quote);
	}
	free(r->listed);
	for (size_t i = 0; i < r->nuses; i++)
		free(r->uses[i].file);
	free(r->uses);
	free(r->codebook);
	memset(r, 0, sizeof(*r));
}
