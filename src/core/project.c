/* project.c — find and load a project's codebook, transcripts and codings (project.h).
 *
 * Fatal problems go into the caller's diags with kind DK_IO (nothing to open: no codebook,
 * a PATH that cannot be read, no transcripts) or DK_INVALID (several codebooks: the user
 * must choose one, a usage problem). */
#include "gloss/project.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/suggest.h"
#include "gloss/transcript.h"
#include "gloss/util.h"

#define MAX_WALK_DEPTH 32

struct names {
	char **items;
	size_t len, cap;
};

static void names_free(struct names *n)
{
	for (size_t i = 0; i < n->len; i++)
		free(n->items[i]);
	free(n->items);
	memset(n, 0, sizeof(*n));
}

static void names_sort_unique(struct names *n)
{
	size_t k = 0;

	if (n->len == 0)
		return;
	sort_array(n->items, n->len, sizeof(char *), str_cmp_ptr);
	for (size_t i = 1; i < n->len; i++) {
		if (strcmp(n->items[i], n->items[k]) == 0)
			free(n->items[i]);
		else
			n->items[++k] = n->items[i];
	}
	n->len = k + 1;
}

/* list_codebooks: the *.yaml files of dir (not hidden), sorted */
static int list_codebooks(const char *dir, struct names *out)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *p;
		if (e->d_name[0] == '.' || !path_has_ext(e->d_name, "yaml"))
			continue;
		p = path_join(dir, e->d_name);
		if (path_is_dir(p))
			free(p);
		else
			VEC_PUSH(out->items, out->len, out->cap, p);
	}
	closedir(d);
	names_sort_unique(out);
	return 0;
}

static char *several_codebooks(const struct names *n, struct diags *d)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < n->len; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", path_basename(n->items[i]));
	diag_add(d, DIAG_ERROR, DK_INVALID, NULL, 0, 0,
	         "several codebooks in " CODEBOOK_DIR "/ (%s); choose one with --codebook",
	         sb.data);
	sb_done(&sb);
	return NULL;
}

char *project_find_codebook(const char *arg, struct diags *d)
{
	const char *env = getenv("GLOSS_CODEBOOK");
	struct names n = {0};
	char *path = NULL;

	if (arg)
		return xstrdup(arg);
	if (env && *env)
		return xstrdup(env);
	if (list_codebooks(CODEBOOK_DIR, &n) < 0 || n.len == 0)
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
		         "no codebook: " CODEBOOK_DIR "/*.yaml not found; use --codebook FILE, or "
		         "start a project here with 'gloss init' (see 'man 5 gloss')");
	else if (n.len > 1)
		several_codebooks(&n, d);
	else
		path = xstrdup(n.items[0]);
	names_free(&n);
	return path;
}

/* sorting indexes by the strings they point to (one sort at a time, main thread only) */
static char **sort_keys;

static int key_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_keys[x], sort_keys[y]);

	return c ? c : (x > y) - (x < y);
}

struct walk {
	struct names *out;
	struct stat *seen; /* directories entered (device, inode): symlink loops end here */
	size_t nseen, capseen;
};

static bool walk_enter(struct walk *w, const struct stat *st)
{
	for (size_t i = 0; i < w->nseen; i++)
		if (w->seen[i].st_dev == st->st_dev && w->seen[i].st_ino == st->st_ino)
			return false;
	VEC_PUSH(w->seen, w->nseen, w->capseen, *st);
	return true;
}

static void walk_dir(struct walk *w, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	struct stat st;

	if (depth > MAX_WALK_DEPTH || stat(dir, &st) < 0 || !walk_enter(w, &st) ||
	    !(d = opendir(dir)))
		return;
	while ((e = readdir(d)) != NULL) {
		char *p;
		if (e->d_name[0] == '.')
			continue;
		p = path_join(dir, e->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (strcmp(e->d_name, "codings") != 0)
				walk_dir(w, p, depth + 1);
			free(p);
		} else if (path_has_ext(e->d_name, "txt") && S_ISREG(st.st_mode)) {
			VEC_PUSH(w->out->items, w->out->len, w->out->cap, p);
		} else {
			free(p);
		}
	}
	closedir(d);
}

static void walk(const char *dir, struct names *out)
{
	struct walk w = {out, NULL, 0, 0};

	walk_dir(&w, dir, 0);
	free(w.seen);
}

/* add_path: a PATH argument: a file is taken as given, a directory searched */
static bool add_path(const char *path, struct names *out, struct diags *d)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "cannot read %s: %s", path,
		         strerror(errno));
		return false;
	}
	if (S_ISDIR(st.st_mode))
		walk(path, out);
	else
		VEC_PUSH(out->items, out->len, out->cap, xstrdup(path));
	return true;
}

static bool find_transcripts(const struct project_opts *o, struct names *out, struct diags *d)
{
	if (o->npaths == 0) {
		if (!path_is_dir(TRANSCRIPT_DIR)) {
			diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
			         "no transcripts: " TRANSCRIPT_DIR "/ not found; name files or "
			         "directories to open, or start a project with 'gloss init' (see "
			         "'man 5 gloss')");
			return false;
		}
		walk(TRANSCRIPT_DIR, out);
	}
	for (size_t i = 0; i < o->npaths; i++)
		if (!add_path(o->paths[i], out, d))
			return false;
	names_sort_unique(out);
	if (out->len == 0) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "no transcripts (*.txt) found in %s",
		         o->npaths == 1 ? o->paths[0]
		         : o->npaths    ? "the paths given"
		                        : TRANSCRIPT_DIR "/");
		return false;
	}
	return true;
}

static bool coder_wanted(const struct project_opts *o, const char *coder)
{
	if (o->ncoders == 0)
		return !(o->no_models && suggest_is_model(coder));
	for (size_t i = 0; i < o->ncoders; i++)
		if (strcmp(o->coders[i], coder) == 0)
			return true;
	return false;
}

/* note_temps: temporary files of interrupted saves are reported (as notes: gloss check
 * lists them, tally stays quiet); temps: those of every directory, found once */
static void note_temps(struct project *p, const struct doc *doc, const struct names *temps)
{
	for (size_t i = 0; i < temps->len; i++)
		if (codings_temp_of(temps->items[i], doc->t->path))
			diag_add(&p->diags, DIAG_NOTE, DK_IO, temps->items[i], 0, 0,
			         "temporary file left by an interrupted save; the codings file is "
			         "intact and this can be deleted");
}

/* find_temps: the temporary files of interrupted saves in the codings directories of the
 * transcripts' directories */
static void find_temps(const struct names *files, struct names *temps)
{
	struct names dirs = {0};

	for (size_t i = 0; i < files->len; i++)
		VEC_PUSH(dirs.items, dirs.len, dirs.cap, path_dirname(files->items[i]));
	names_sort_unique(&dirs);
	for (size_t i = 0; i < dirs.len; i++) {
		size_t n = 0;
		char **list = codings_list_temps(dirs.items[i], &n);
		for (size_t k = 0; k < n; k++)
			VEC_PUSH(temps->items, temps->len, temps->cap, list[k]);
		free(list);
	}
	names_free(&dirs);
}

static void load_codings(struct project *p, struct doc *doc, const struct project_opts *o,
                         const struct names *temps, struct names *coders)
{
	size_t n = 0, cap = 0;
	char **list = codings_list_coders(doc->t->path, &n);

	note_temps(p, doc, temps);

	for (size_t i = 0; i < n; i++) {
		struct codings *c = NULL;
		if (coder_wanted(o, list[i]))
			c = codings_load(doc->t, list[i], p->cb, &p->diags);
		if (c) {
			VEC_PUSH(doc->sets, doc->nsets, cap, c);
			VEC_PUSH(coders->items, coders->len, coders->cap, xstrdup(list[i]));
		}
		free(list[i]);
	}
	free(list);
}

/* warn_outside: a transcript that is a symbolic link to a file outside the project (the
 * current directory) is read, but reported */
static void warn_outside(struct project *p, const char *path)
{
	struct stat st;
	char *root, *target;

	if (lstat(path, &st) < 0 || !S_ISLNK(st.st_mode))
		return;
	root = realpath(".", NULL);
	target = realpath(path, NULL);
	if (root && target && !path_under(target, root))
		diag_add(&p->diags, DIAG_WARNING, DK_IO, path, 0, 0,
		         "symbolic link to a file outside the project (%s); read, never written",
		         target);
	free(root);
	free(target);
}

/* One transcript's load, done by any worker thread into a slot of its own; slots are
 * merged in file order afterwards, so output does not depend on thread timing. */
struct slot {
	struct doc doc;
	bool loaded;
	struct diags diags;
	struct names coders;
};

struct loader {
	struct project *p;
	atomic_uint workers; /* numbers given to threads so far */
	const struct project_opts *o;
	const struct names *files;
	char **doc_names;   /* each file's document name (doc_names) */
	bool *clash;        /* files whose codings file another file would share (find_clashes) */
	struct names temps; /* temporary files of interrupted saves, in every directory */
	struct slot *slots;
	atomic_size_t next;
};

static void drop_doc(struct doc *doc)
{
	for (size_t k = 0; k < doc->nsets; k++)
		codings_free(doc->sets[k]);
	free(doc->sets);
	transcript_free(doc->t);
	doc->sets = NULL;
	doc->nsets = 0;
	doc->t = NULL;
}

static void load_one(struct loader *l, unsigned worker, size_t i)
{
	struct slot *s = &l->slots[i];
	/* with a broken codebook every code id would look unknown: the codebook's own errors
	 * are the finding, so codings are not checked against it */
	struct project tmp = {.cb = l->p->cb_errors ? NULL : l->p->cb};

	diags_init(&tmp.diags);
	s->doc.t = transcript_load_rules(l->files->items[i],
	                                 (l->o->no_words ? TRANSCRIPT_NO_WORDS : 0) |
	                                     (l->o->text_only ? TRANSCRIPT_TEXT_ONLY : 0),
	                                 &l->p->rules, &tmp.diags);
	if (s->doc.t) {
		free(s->doc.t->name);
		s->doc.t->name = xstrdup(l->doc_names[i]);
		s->doc.codings_clash = l->clash[i];
		warn_outside(&tmp, l->files->items[i]);
		if (!l->o->text_only && !l->clash[i])
			load_codings(&tmp, &s->doc, l->o, &l->temps, &s->coders);
		s->loaded = true;
		if (l->o->each)
			l->o->each(l->o->each_ctx, worker, &s->doc);
		if (l->o->drop)
			drop_doc(&s->doc);
	}
	s->diags = tmp.diags;
}

static void *load_worker(void *arg)
{
	struct loader *l = arg;
	unsigned worker = atomic_fetch_add(&l->workers, 1);
	size_t i;

	while ((i = atomic_fetch_add(&l->next, 1)) < l->files->len)
		load_one(l, worker, i);
	return NULL;
}

size_t project_threads(size_t nfiles)
{
	const char *env = getenv("GLOSS_THREADS");
	long n = env && *env ? strtol(env, NULL, 10) : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1 || nfiles < 8)
		n = 1;
	return (size_t)(n > PROJECT_MAX_THREADS ? PROJECT_MAX_THREADS : n);
}

static void run_loaders(struct loader *l)
{
	size_t n = project_threads(l->files->len), started = 0;
	pthread_t tids[PROJECT_MAX_THREADS];

	for (size_t i = 1; i < n; i++)
		if (pthread_create(&tids[started], NULL, load_worker, l) == 0)
			started++;
	load_worker(l);
	for (size_t i = 0; i < started; i++)
		pthread_join(tids[i], NULL);
}

/* display_path: path relative to the project root (the current directory) when it lies
 * inside it ("./a/x.txt" and "/root/a/x.txt" both "a/x.txt"), else as given */
static char *display_path(const char *path, const char *root)
{
	char *real = NULL, *dir = path_dirname(path), *rdir = realpath(dir, NULL), *r;
	size_t n = root ? strlen(root) : 0;

	if (rdir)
		real = path_join(rdir, path_basename(path));
	if (real && root && strncmp(real, root, n) == 0 && real[n] == '/')
		r = xstrdup(real + n + 1);
	else
		r = xstrdup(strncmp(path, "./", 2) == 0 ? path + 2 : path);
	free(real);
	free(rdir);
	free(dir);
	return r;
}

static size_t *sorted_by(char **keys, size_t n, int (*cmp)(const void *, const void *))
{
	size_t *ix = xcalloc(n + 1, sizeof(*ix));

	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	sort_keys = keys;
	sort_array(ix, n, sizeof(*ix), cmp);
	return ix;
}

/* doc_names: each file's document name: its base name without the extension, or, when
 * two documents of the project would get the same name (a/int.txt and b/int.txt, int.txt
 * and int.TXT), its path relative to the project root, so that no two are the same. */
static char **doc_names(const struct names *files)
{
	char **names = xcalloc(files->len + 1, sizeof(char *)), *root = realpath(".", NULL);
	size_t *ix;

	for (size_t i = 0; i < files->len; i++)
		names[i] = path_stem(files->items[i]);
	ix = sorted_by(names, files->len, key_cmp);
	for (size_t k = 0; k < files->len;) {
		size_t e = k + 1;
		while (e < files->len && strcmp(names[ix[e]], names[ix[k]]) == 0)
			e++;
		for (size_t j = k; e - k > 1 && j < e; j++) {
			free(names[ix[j]]);
			names[ix[j]] = display_path(files->items[ix[j]], root);
		}
		k = e;
	}
	free(ix);
	free(root);
	return names;
}

/* The real path of the last directory asked for: files come sorted by path, so one
 * realpath a directory rather than one a file. */
struct dir_memo {
	char *dir, *real;
};

static void dir_memo_done(struct dir_memo *m)
{
	free(m->dir);
	free(m->real);
}

/* clash_key: where a transcript's codings files go: its real directory and codings name */
static char *clash_key(const char *path, struct dir_memo *m)
{
	char *dir = path_dirname(path), *name = codings_name(path), *k;

	if (!m->dir || strcmp(m->dir, dir) != 0) {
		dir_memo_done(m);
		m->dir = xstrdup(dir);
		m->real = realpath(dir, NULL);
	}
	k = xasprintf("%s/%s", m->real ? m->real : dir, name);
	free(dir);
	free(name);
	return k;
}

/* warn_old_name: a transcript not ending in .txt had its codings in STEM.yaml before
 * codings_name kept the extension; when such a file is there and belongs to no other
 * transcript of the project, say how to keep it (it is not read under the old name) */
static void warn_old_name(struct project *p, const struct names *files, char **keys, size_t i)
{
	const char *path = files->items[i];
	char *stem = path_stem(path), *name = codings_name(path), *dir, *as_txt, *key, **coders;
	struct dir_memo memo = {NULL, NULL};
	size_t n = 0;
	bool claimed = false;

	if (strcmp(stem, name) == 0) { /* NAME.txt, or a name without extension */
		free(stem);
		free(name);
		return;
	}
	dir = path_dirname(path);
	as_txt = xasprintf("%s/%s.txt", dir, stem);
	key = clash_key(as_txt, &memo);
	for (size_t k = 0; k < files->len && !claimed; k++)
		claimed = strcmp(keys[k], key) == 0;
	coders = claimed ? NULL : codings_list_coders(as_txt, &n);
	for (size_t k = 0; k < n; k++) {
		diag_add(&p->diags, DIAG_WARNING, DK_IO, path, 0, 0,
		         "codings/%s/%s.yaml may hold this transcript's codings from an earlier "
		         "gloss, which named them so; they are now codings/%s/%s.yaml: rename the "
		         "file to keep them",
		         coders[k], stem, coders[k], name);
		free(coders[k]);
	}
	free(coders);
	free(key);
	dir_memo_done(&memo);
	free(as_txt);
	free(dir);
	free(name);
	free(stem);
}

/* find_clashes: transcripts whose codings files would be one and the same (int and
 * int.txt in one directory) cannot be told apart: an error for each, and their codings
 * are neither read nor written. */
static bool *find_clashes(struct project *p, const struct names *files)
{
	char **keys = xcalloc(files->len + 1, sizeof(char *));
	bool *clash = xcalloc(files->len + 1, sizeof(bool));
	struct dir_memo memo = {NULL, NULL};
	size_t *ix;

	for (size_t i = 0; i < files->len; i++)
		keys[i] = clash_key(files->items[i], &memo);
	dir_memo_done(&memo);
	ix = sorted_by(keys, files->len, key_cmp);
	for (size_t k = 1; k < files->len; k++) {
		size_t a = ix[k - 1], b = ix[k];
		char *name;
		if (strcmp(keys[a], keys[b]) != 0)
			continue;
		clash[a] = clash[b] = true;
		name = codings_name(files->items[b]);
		diag_add(
		    &p->diags, DIAG_ERROR, DK_INVALID, files->items[b], 0, 0,
		    "its codings cannot be told apart from those of %s: both would be "
		    "codings/CODER/%s.yaml; rename one (their codings are not read or written)",
		    files->items[a], name);
		free(name);
	}
	for (size_t i = 0; i < files->len; i++)
		if (!clash[i])
			warn_old_name(p, files, keys, i);
	for (size_t i = 0; i < files->len; i++)
		free(keys[i]);
	free(keys);
	free(ix);
	return clash;
}

static void load_docs(struct project *p, const struct project_opts *o, struct names *files)
{
	struct loader l = {p,
	                   0,
	                   o,
	                   files,
	                   doc_names(files),
	                   NULL,
	                   {0},
	                   xcalloc(files->len + 1, sizeof(struct slot)),
	                   0};
	struct names coders = {0};
	size_t cap = 0;

	l.clash = find_clashes(p, files);
	if (!o->text_only)
		find_temps(files, &l.temps);
	run_loaders(&l);
	for (size_t i = 0; i < files->len; i++)
		free(l.doc_names[i]);
	free(l.doc_names);
	free(l.clash);
	names_free(&l.temps);
	for (size_t i = 0; i < files->len; i++) {
		struct slot *s = &l.slots[i];
		diags_append(&p->diags, &s->diags);
		for (size_t k = 0; k < s->coders.len; k++)
			VEC_PUSH(coders.items, coders.len, coders.cap, s->coders.items[k]);
		free(s->coders.items);
		if (s->loaded)
			VEC_PUSH(p->docs, p->ndocs, cap, s->doc);
	}
	free(l.slots);
	names_sort_unique(&coders);
	p->coders = coders.items;
	p->ncoders = coders.len;
}

struct project *project_open(const struct project_opts *o, struct diags *d)
{
	struct names files = {0};
	struct project *p;
	char *cbpath = project_find_codebook(o->codebook, d);

	if (!cbpath)
		return NULL;
	if (!find_transcripts(o, &files, d)) {
		free(cbpath);
		names_free(&files);
		return NULL;
	}
	p = xcalloc(1, sizeof(*p));
	diags_init(&p->diags);
	p->codebook_path = cbpath;
	p->cb = codebook_load(cbpath, &p->diags);
	p->cb_errors = p->diags.errors;
	settings_init(&p->own_settings);
	if (!o->settings)
		settings_load(&p->own_settings, SETTINGS_FILE, &p->diags);
	p->settings = o->settings ? o->settings : &p->own_settings;
	p->rules.pattern = p->settings->speaker_pattern;
	p->rules.names = (const char *const *)p->settings->speakers;
	p->rules.nnames = p->settings->nspeakers;
	if (o->start)
		o->start(o->each_ctx, p);
	load_docs(p, o, &files);
	names_free(&files);
	return p;
}

void project_free(struct project *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ndocs; i++)
		drop_doc(&p->docs[i]);
	free(p->docs);
	for (size_t i = 0; i < p->ncoders; i++)
		free(p->coders[i]);
	free(p->coders);
	codebook_free(p->cb);
	settings_done(&p->own_settings);
	free(p->codebook_path);
	diags_done(&p->diags);
	free(p);
}

struct codings *project_doc_codings(const struct project *p, size_t doc, const char *coder)
{
	if (doc >= p->ndocs)
		return NULL;
	for (size_t i = 0; i < p->docs[doc].nsets; i++)
		if (strcmp(p->docs[doc].sets[i]->coder, coder) == 0)
			return p->docs[doc].sets[i];
	return NULL;
}
