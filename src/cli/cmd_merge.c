/* cmd_merge.c — gloss merge: the git merge driver for codings files (core: merge.c) and
 * codebooks (core: merge_codebook.c). */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sys/stat.h>

#include "gloss/codings.h"
#include "gloss/diag.h"
#include "gloss/merge.h"
#include "gloss/merge_codebook.h"
#include "gloss/transcript.h"
#include "gloss/util.h"
#include "gloss/writer.h"
#include "gloss/yamlx.h"

#define MERGE_MAX_SIZE ((size_t)256 << 20)

const char cmd_merge_help[] =
    "usage: gloss merge BASE OURS THEIRS PATH\n"
    "\n"
    "The git merge driver for codings and codebook files: merge the codings of BASE (the common\n"
    "ancestor), OURS and THEIRS, and write the result over OURS (atomically). PATH is\n"
    "the file's place in the repository, DIR/codings/CODER/NAME.yaml, which names the\n"
    "coder and the transcript. Set it up once per repository:\n"
    "  git config merge.gloss.driver 'gloss merge %O %A %B %P'\n"
    "and in .gitattributes:\n"
    "  **/codings/*/*.yaml merge=gloss\n"
    "  codebooks/*.yaml merge=gloss\n"
    "(gloss git-setup does both.)\n"
    "A coding is identified by its code, start, end and created time. Codings added on\n"
    "either side are kept; one removed on one side is removed unless the other side\n"
    "changed the coding itself (its memo or an unknown field: then it is kept); a change\n"
    "of its context only (quote, prefix, suffix re-made, or a place re-anchored after an\n"
    "edit of the transcript) does not keep it. A change on one side is taken; a memo\n"
    "changed on both sides keeps both texts, marked '<<<<<<< ours', '=======',\n"
    "'>>>>>>> theirs', and is a conflict; a coding moved differently on both sides is\n"
    "kept twice. Standard error says what was kept. A file that is not a codings file,\n"
    "or does not load, is merged line by line with git merge-file instead. BASE, OURS and\n"
    "THEIRS must be regular files (a FIFO or a device is refused at once).\n"
    "A codebook (PATH DIR/codebooks/NAME.yaml) is merged by code id: codes added on\n"
    "either side are kept in place, changes, moves and renames made on one side are\n"
    "taken, a code changed differently on both sides is written twice between\n"
    "'<<<<<<< ours', '=======' and '>>>>>>> theirs' (a conflict: keep one).\n"
    "\n"
    "exit status: 0 merged; 1 a conflict is left (a memo or an unknown field changed\n"
    "differently on both sides, or the line merge left conflict markers: git stops so\n"
    "that you edit it), or a side is not a regular file; 2 usage error; 3 OURS could not\n"
    "be written (it is intact).\n";

/* warn: "gloss merge: " + fmt with s (a path: made safe for the terminal) */
static void warn(const char *fmt, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	cli_add_safe(&sb, s, strlen(s));
	fputs("gloss merge: ", stderr);
	fprintf(stderr, fmt, sb.data);
	fputc('\n', stderr);
	sb_done(&sb);
}

/* names_from_path: CODER and NAME from DIR/codings/CODER/NAME.yaml; false if PATH does
 * not look like a codings file */
static bool names_from_path(const char *path, char **coder, char **stem)
{
	char *cdir = path_dirname(path), *codings = path_dirname(cdir);
	bool ok = path_has_ext(path, "yaml") && strcmp(path_basename(codings), "codings") == 0 &&
	          codings_coder_valid(path_basename(cdir));

	*coder = *stem = NULL;
	if (ok) {
		*stem = path_stem(path);
		*coder = xstrdup(path_basename(cdir));
	}
	free(cdir);
	free(codings);
	return ok;
}

/* named_transcript: the 'transcript:' field of a codings file's head (the lines before
 * 'codings:'), when it names a transcript whose codings files are NAME.yaml; or NULL */
static char *named_transcript(const char *buf, size_t len, const char *stem)
{
	const char *end = strstr(buf, "\ncodings:");
	struct yamlx_doc doc = {0};
	const struct yamlx_node *v;
	struct diags d;
	char *name = NULL, *cn;

	diags_init(&d);
	if (yamlx_load(&doc, buf, end ? (size_t)(end - buf) + 1 : len, "head", &d) &&
	    (v = yamlx_get(doc.root, "transcript")) && v->type == YX_SCALAR && *v->str &&
	    !strchr(v->str, '/')) {
		cn = codings_name(v->str);
		if (strcmp(cn, stem) == 0)
			name = xstrdup(v->str);
		free(cn);
	}
	yamlx_free(&doc);
	diags_done(&d);
	return name;
}

/* transcript_of: the transcript of the codings file at PATH (DIR/codings/CODER/NAME.yaml):
 * the name the sides record, else DIR/NAME when that file exists (int.TXT), else
 * NAME.txt. Caller frees. */
static char *transcript_of(const char *path, const char *stem, char *const *named)
{
	char *cdir = path_dirname(path), *codings = path_dirname(cdir),
	     *dir = path_dirname(codings);
	char *bare = path_join(dir, stem), *name = NULL;
	struct stat st;

	for (int i = 1; i < 4 && !name; i++) /* ours, theirs, base */
		if (named[i % 3])
			name = xstrdup(named[i % 3]);
	if (!name)
		name = stat(bare, &st) == 0 && S_ISREG(st.st_mode) ? xstrdup(stem)
		                                                   : xasprintf("%s.txt", stem);
	free(bare);
	free(dir);
	free(codings);
	free(cdir);
	return name;
}

/* load: one side, or NULL (reason on stderr) when it cannot be read or has errors;
 * *named: the transcript it names (named_transcript) */
static struct codings *load(const char *file, const char *label, const char *coder,
                            const char *stem, char **named)
{
	struct diags d;
	struct codings *c;
	size_t len;
	char *buf = read_file(file, MERGE_MAX_SIZE, &len);

	*named = NULL;
	if (!buf) {
		char *what = xasprintf("%s (%s): %s", label, file, read_file_strerror(errno));
		warn("cannot read %s", what);
		free(what);
		return NULL;
	}
	if (len && !strstr(buf, "codings:")) { /* some other YAML file: not ours to rewrite */
		fprintf(stderr, "gloss merge: %s has no 'codings:'\n", label);
		free(buf);
		return NULL;
	}
	diags_init(&d);
	c = codings_parse(buf, len, label, NULL, coder, NULL, &d);
	*named = named_transcript(buf, len, stem);
	free(buf);
	for (size_t i = 0; i < d.len; i++)
		if (d.items[i].level == DIAG_ERROR)
			cli_print_diag(stderr, "gloss merge: ", &d.items[i]);
	if (c && c->readonly) {
		codings_free(c);
		c = NULL;
	}
	diags_done(&d);
	return c;
}

/* line_merge: git merge-file OURS BASE THEIRS, git's own line merge */
static int line_merge(char **argv)
{
	char *args[] = {"git", "merge-file", "-L",    "ours",  "-L",    "base",
	                "-L",  "theirs",     argv[1], argv[0], argv[2], NULL};
	pid_t pid;
	int status;

	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		execvp("git", args);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		fprintf(stderr, "gloss merge: cannot run git merge-file: %s\n", strerror(errno));
		return GLOSS_EXIT_PROBLEMS;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return GLOSS_EXIT_OK;
	return GLOSS_EXIT_PROBLEMS;
}

static void say(const char *path, size_t n, const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	if (!n)
		return;
	cli_add_safe(&sb, path, strlen(path));
	fprintf(stderr, "gloss merge: %s: %zu %s\n", sb.data, n, what);
	sb_done(&sb);
}

static void report(const char *path, const struct merge_stats *st)
{
	say(path, st->memo_conflicts,
	    "memo(s) edited on both sides: both texts kept, marked <<<<<<< ours ... >>>>>>> "
	    "theirs; edit them");
	say(path, st->kept_changed, "coding(s) removed on one side but changed on the other: kept");
	say(path, st->removed_resaved,
	    "coding(s) removed on one side whose context only was re-made on the other: removed");
	say(path, st->moved_both, "coding(s) moved differently on both sides: both places kept");
	say(path, st->field_conflicts,
	    "unknown field(s) set differently on both sides: ours kept; resolve by hand");
}

/* write_merged: serialize out as the codings file of tname and write it over file */
static int write_merged(struct codings *out, const char *tname, const char *file)
{
	struct transcript named = {0}; /* serialize needs the transcript's name only */
	char err[512], *data;
	size_t len;
	int rc;

	named.path = (char *)tname;
	out->t = &named;
	data = codings_serialize(out, &len);
	out->t = NULL;
	rc = writer_write(&(struct writer_file){file, writer_base(file), data, len, 0666}, 0, err,
	                  sizeof(err));
	free(data);
	if (rc != WRITER_OK) {
		warn("%s (left as it was)", err);
		return GLOSS_EXIT_IO;
	}
	return GLOSS_EXIT_OK;
}

static void sides_free(struct codings **side, char **named)
{
	for (int i = 0; i < 3; i++) {
		codings_free(side[i]);
		free(named[i]);
	}
}

static int merge_sets(char **argv, const char *coder, const char *stem)
{
	struct codings *side[3], out = {0};
	static const char *const labels[] = {"base", "ours", "theirs"};
	struct merge_stats st;
	char *named[3], *tname;
	size_t conflicts;
	int rc;

	for (int i = 0; i < 3; i++)
		side[i] = load(argv[i], labels[i], coder, stem, &named[i]);
	if (!side[0] || !side[1] || !side[2]) {
		sides_free(side, named);
		warn("%s: merging line by line instead", argv[3]);
		return line_merge(argv);
	}
	out.coder = (char *)coder;
	conflicts = merge_codings(side[0], side[1], side[2], &out, &st);
	tname = transcript_of(argv[3], stem, named);
	rc = write_merged(&out, tname, argv[1]);
	free(tname);
	if (rc == GLOSS_EXIT_OK) {
		report(argv[3], &st);
		rc = conflicts ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_OK;
	}
	out.coder = NULL;
	for (size_t i = 0; i < out.len; i++)
		coding_done(&out.items[i]);
	free(out.items);
	for (size_t i = 0; i < out.nextra; i++) {
		free(out.extra[i].key);
		free(out.extra[i].flow);
	}
	free(out.extra);
	sides_free(side, named);
	return rc;
}

/* regular_sides: BASE, OURS and THEIRS are regular files (git's temporary files); a FIFO
 * or a device would block the read or the line merge: refused at once */
static bool regular_sides(char **argv)
{
	static const char *const labels[] = {"base", "ours", "theirs"};
	struct stat st;

	for (int i = 0; i < 3; i++) {
		char *what;
		if (stat(argv[i], &st) < 0) {
			what = xasprintf("%s (%s): %s", labels[i], argv[i], strerror(errno));
			warn("cannot read %s", what);
		} else if (!S_ISREG(st.st_mode)) {
			what = xasprintf("%s (%s) is %s", labels[i], argv[i],
			                 S_ISFIFO(st.st_mode)  ? "a FIFO"
			                 : S_ISDIR(st.st_mode) ? "a directory"
			                 : S_ISCHR(st.st_mode) ? "a character device"
			                                       : "not a regular file");
			warn("%s, not a regular file: refused (nothing was merged)", what);
		} else {
			continue;
		}
		free(what);
		return false;
	}
	return true;
}

/* is_codebook_path: PATH is DIR/codebooks/NAME.yaml */
static bool is_codebook_path(const char *path)
{
	char *dir = path_dirname(path);
	bool ok = path_has_ext(path, "yaml") && strcmp(path_basename(dir), "codebooks") == 0;

	free(dir);
	return ok;
}

/* merge_codebook_files: the codebook merge (core: merge_codebook.c), or the line merge
 * when a side cannot be merged by code */
static int merge_codebook_files(char **argv)
{
	char *buf[3];
	size_t len[3];
	struct strbuf out = STRBUF_INIT;
	struct diags d;
	long conflicts = -1;
	int rc = GLOSS_EXIT_PROBLEMS;

	diags_init(&d);
	for (int i = 0; i < 3; i++)
		buf[i] = read_file(argv[i], MERGE_MAX_SIZE, &len[i]);
	if (buf[0] && buf[1] && buf[2])
		conflicts = merge_codebook(buf[0], len[0], buf[1], len[1], buf[2], len[2], argv[3],
		                           &out, &d);
	for (size_t i = 0; i < d.len; i++)
		cli_print_diag(stderr, "gloss merge: ", &d.items[i]);
	if (conflicts < 0) {
		warn("%s: merging line by line instead", argv[3]);
		rc = line_merge(argv);
	} else {
		char err[512];
		if (writer_write(&(struct writer_file){argv[1], writer_base(argv[1]),
		                                       out.data ? out.data : "", out.len, 0666},
		                 0, err, sizeof(err)) != WRITER_OK) {
			warn("%s (left as it was)", err);
			rc = GLOSS_EXIT_IO;
		} else
			rc = conflicts ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_OK;
	}
	for (int i = 0; i < 3; i++)
		free(buf[i]);
	sb_done(&out);
	diags_done(&d);
	return rc;
}

int cmd_merge(struct args *a)
{
	char *coder, *stem, *argv[4];
	int rc;

	if (a->npos != 4)
		return cli_usage_error("merge takes BASE OURS THEIRS PATH%s", "");
	for (int i = 0; i < 4; i++)
		argv[i] = (char *)a->pos[i];
	if (!regular_sides(argv))
		return GLOSS_EXIT_PROBLEMS;
	if (is_codebook_path(argv[3]))
		return merge_codebook_files(argv);
	if (!names_from_path(argv[3], &coder, &stem)) {
		warn("%s is not a codings file (DIR/codings/CODER/NAME.yaml); merging line by line",
		     argv[3]);
		return line_merge(argv);
	}
	rc = merge_sets(argv, coder, stem);
	free(coder);
	free(stem);
	return rc;
}
