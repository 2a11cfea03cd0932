/* journal.c — several files replaced as one change (see journal.h). */
#include "gloss/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/atomic.h"
#include "gloss/diag.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

#define JOURNAL_MAX_SIZE ((size_t)64 << 20)

static const char journal_head[] =
    "# gloss journal: a change of several files in progress (see gloss(5)). If it is\n"
    "# still here, the change was interrupted: the next gloss command completes it by\n"
    "# renaming each temporary file over its target. Do not edit.\n"
    "renames:\n";

static void unstage(char **tmp, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (tmp[i])
			atomic_discard(tmp[i]);
		free(tmp[i]);
	}
	free(tmp);
}

/* place: change c under root as the writer sees it (full path: caller frees) */
static struct writer_file place(const char *root, const struct journal_change *c, char **full)
{
	size_t skip = strcmp(root, ".") == 0 ? 0 : strlen(root) + 1;

	*full = skip ? path_join(root, c->path) : xstrdup(c->path);
	return (struct writer_file){*full, skip + c->base, c->data, c->len, 0666};
}

/* check_all: every target in a place the writer allows (writer.h), before anything is
 * written; 0 or -1 with err set */
static int check_all(const char *root, const struct journal_change *c, size_t n, char *err,
                     size_t errsize)
{
	int rc = WRITER_OK;

	for (size_t i = 0; i < n && rc == WRITER_OK; i++) {
		char *full;
		struct writer_file f = place(root, &c[i], &full);
		rc = writer_check(&f, 0, err, errsize);
		free(full);
	}
	return rc == WRITER_OK ? 0 : -1;
}

static char *journal_text(char *const *tmp, const struct journal_change *c, size_t n, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, journal_head);
	for (size_t i = 0; i < n; i++) {
		sb_adds(&sb, "  - [");
		yamlx_write_str(&sb, tmp[i], strlen(tmp[i]));
		sb_adds(&sb, ", ");
		yamlx_write_str(&sb, c[i].path, strlen(c[i].path));
		sb_adds(&sb, "]\n");
	}
	*len = sb.len;
	return sb_detach(&sb);
}

static void sync_root(const char *root)
{
	int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* stage_all: every content in a synced temporary file beside its target (paths under
 * root); NULL (err set, none left) on failure */
static char **stage_all(const char *root, const struct journal_change *c, size_t n, char *err,
                        size_t errsize)
{
	char **tmp = xcalloc(n + 1, sizeof(*tmp));
	int rc = WRITER_OK;

	for (size_t i = 0; i < n && rc == WRITER_OK; i++) {
		char *full;
		struct writer_file f = place(root, &c[i], &full);
		rc = writer_stage(&f, &tmp[i], err, errsize);
		free(full);
	}
	if (rc != WRITER_OK) {
		unstage(tmp, n);
		return NULL;
	}
	return tmp;
}

/* relative_temps: the temporary files' paths relative to root, for the journal */
static char **relative_temps(char *const *tmp, const struct journal_change *c, size_t n)
{
	char **rel = xcalloc(n + 1, sizeof(*rel));

	for (size_t i = 0; i < n; i++) {
		char *dir = path_dirname(c[i].path);
		rel[i] = path_join(dir, path_basename(tmp[i]));
		free(dir);
	}
	return rel;
}

static void strings_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* sync_dirs: fsync each directory of the targets once; 0 or -1 (err set) */
static int sync_dirs(const char *root, const struct journal_change *c, size_t n, char *err,
                     size_t errsize)
{
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		char *di = path_dirname(c[i].path), *full;
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++) {
			char *dk = path_dirname(c[k].path);
			seen = strcmp(di, dk) == 0;
			free(dk);
		}
		full = path_join(root, c[i].path);
		if (!seen && atomic_sync_dir(full, err, errsize) < 0)
			rc = -1;
		free(full);
		free(di);
	}
	return rc;
}

/* rename_all: step 3; 0, or -2 when a rename failed or a directory could not be synced
 * after it (the journal stays: the next command renames what is left, if anything) */
static int rename_all(const char *root, char *const *tmp, const struct journal_change *c, size_t n,
                      char *err, size_t errsize)
{
	for (size_t i = 0; i < n; i++) {
		char *full = path_join(root, c[i].path);
		int rc = atomic_commit(tmp[i], full, err, errsize);
		free(full);
		if (rc < 0)
			return -2; /* not renamed: stop here */
	}
	return sync_dirs(root, c, n, err, errsize) < 0 ? -2 : 0;
}

/* write_journal: the journal itself (a regular file in root, never through a link) */
static int write_journal(const char *root, const char *jpath, const char *text, size_t len,
                         char *err, size_t errsize)
{
	size_t base = strcmp(root, ".") == 0 ? 0 : strlen(root) + 1;
	struct writer_file f = {jpath, base, text, len, 0644};

	return writer_write(&f, 0, err, errsize) == WRITER_OK ? 0 : -1;
}

int journal_commit(const char *root, const struct journal_change *c, size_t n, char *err,
                   size_t errsize)
{
	char **tmp, **rel, *jpath, *text;
	sigset_t old;
	size_t len;
	int rc;

	if (check_all(root, c, n, err, errsize) < 0 || !(tmp = stage_all(root, c, n, err, errsize)))
		return -1;
	rel = relative_temps(tmp, c, n);
	jpath = strcmp(root, ".") == 0 ? xstrdup(JOURNAL_NAME) : path_join(root, JOURNAL_NAME);
	text = journal_text(rel, c, n, &len);
	strings_free(rel, n);
	/* from the journal to the last rename, a signal waits: it would otherwise remove
	 * temporary files the journal names */
	atomic_hold_signals(&old);
	rc = write_journal(root, jpath, text, len, err, errsize);
	free(text);
	if (rc < 0) {
		struct stat st;
		if (lstat(jpath, &st) == 0 && S_ISREG(st.st_mode))
			unlink(jpath); /* in place if only its directory's fsync failed */
		unstage(tmp, n);
		atomic_release_signals(&old);
		free(jpath);
		return -1;
	}
	rc = rename_all(root, tmp, c, n, err, errsize);
	if (rc == 0 && unlink(jpath) == 0)
		sync_root(root);
	atomic_release_signals(&old);
	strings_free(tmp, n);
	free(jpath);
	return rc;
}

/* ---- recovery ----------------------------------------------------------------------- */

/* temp_of: is tmp a temporary file of target (".NAME.tmp.*" in the same directory)? */
static bool temp_of(const char *tmp, const char *target)
{
	char *dt = path_dirname(tmp), *dg = path_dirname(target);
	char *prefix = xasprintf(".%s.tmp.", path_basename(target));
	bool ok = strcmp(dt, dg) == 0 && strncmp(path_basename(tmp), prefix, strlen(prefix)) == 0;

	free(dt);
	free(dg);
	free(prefix);
	return ok;
}

/* check_pairs: every entry a pair of strings, a temporary file and its target */
static const char *check_pairs(const struct yamlx_node *list)
{
	if (!list || list->type != YX_SEQ)
		return "no 'renames' list";
	for (size_t i = 0; i < list->n; i++) {
		const struct yamlx_node *e = list->items[i];
		if (e->type != YX_SEQ || e->n != 2 || e->items[0]->type != YX_SCALAR ||
		    e->items[1]->type != YX_SCALAR)
			return "an entry is not a pair [TEMP, TARGET]";
		if (!temp_of(e->items[0]->str, e->items[1]->str))
			return "an entry's TEMP is not a temporary file of its TARGET";
	}
	return NULL;
}

/* redo: rename the temporary files that are left; the count done, or -1 */
static long redo(const struct yamlx_node *list, const char *root, char *msg, size_t msgsize)
{
	long done = 0;

	for (size_t i = 0; i < list->n; i++) {
		char *tmp = path_join(root, list->items[i]->items[0]->str);
		char *target = path_join(root, list->items[i]->items[1]->str);
		struct stat st;
		bool failed = false;
		if (lstat(tmp, &st) == 0 && S_ISREG(st.st_mode)) {
			failed = atomic_sync_file(tmp, target, msg, msgsize) < 0 ||
			         atomic_commit(tmp, target, msg, msgsize) < 0;
			atomic_sync_dir(target, NULL, 0);
			done += !failed;
		}
		free(tmp);
		free(target);
		if (failed)
			return -1;
	}
	return done;
}

long journal_recover(const char *root, char *msg, size_t msgsize)
{
	char *jpath = path_join(root, JOURNAL_NAME), *buf;
	struct yamlx_doc doc = {0};
	struct stat st;
	bool link;
	struct diags d;
	const char *why = NULL;
	size_t len;
	long done = -1;

	msg[0] = '\0';
	link = lstat(jpath, &st) == 0 && S_ISLNK(st.st_mode);
	buf = link ? NULL : read_file(jpath, JOURNAL_MAX_SIZE, &len);
	if (!buf && !link && errno == ENOENT) {
		free(jpath);
		return 0;
	}
	diags_init(&d);
	if (link)
		why = "it is a symbolic link, which gloss does not follow (remove it)";
	else if (!buf)
		why = read_file_strerror(errno);
	else if (!yamlx_load(&doc, buf, len, jpath, &d))
		why = "it is not valid YAML";
	else
		why = check_pairs(yamlx_get(doc.root, "renames"));
	if (!why) {
		done = redo(yamlx_get(doc.root, "renames"), root, msg, msgsize);
		if (done >= 0 && unlink(jpath) < 0)
			why = strerror(errno), done = -1;
		else if (done >= 0)
			snprintf(msg, msgsize,
			         "completed an interrupted change of %zu files (%ld left to "
			         "rename) recorded in %s",
			         yamlx_get(doc.root, "renames")->n, done, jpath);
		sync_root(root);
		done = done >= 0 ? 1 + done : done;
	}
	if (why)
		snprintf(msg, msgsize,
		         "cannot complete the interrupted change in %s: %s (see "
		         "gloss(5), JOURNAL)",
		         jpath, why);
	diags_done(&d);
	yamlx_free(&doc);
	free(buf);
	free(jpath);
	return why ? -1 : done;
}
