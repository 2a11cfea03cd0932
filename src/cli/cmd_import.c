/* cmd_import.c — gloss import: transcripts from captions, Otter/Rev, Word and text files;
 * projects and codebooks from REFI-QDA (.qdpx, .qdc). Everything is converted in memory
 * first; nothing is written unless every file converted and no target exists (or
 * --force). */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gloss/ibudget.h"
#include "gloss/import.h"
#include "gloss/qdpx.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/writer.h"

const char cmd_import_help[] =
    "usage: gloss import [--into DIR] [--format FORMAT] [--force] FILE...\n"
    "       gloss import [--into DIR] [--force] [--partial] FILE.qdpx | FILE.qdc\n"
    "\n"
    "Convert transcripts from other tools into gloss transcripts (DIR/NAME.txt, with\n"
    "front matter naming the source file and the import date, and one\n"
    "\"[hh:mm:ss] SPEAKER: text\" line per speaker turn), or a REFI-QDA project (.qdpx)\n"
    "or codebook (.qdc) into a gloss project: DIR/codebooks/NAME.yaml,\n"
    "DIR/transcripts/NAME.txt and DIR/transcripts/codings/CODER/NAME.yaml.\n"
    "Formats:\n"
    "  vtt     WebVTT captions (Zoom, Teams, YouTube): <v Name> voices or Name: prefixes\n"
    "  srt     SubRip captions: speaker from a Name: prefix\n"
    "  otter   Otter or Rev text: 'Name  0:05' or 'Name (00:05):' above the text\n"
    "  docx    Word documents: one paragraph a line, Name: paragraphs start turns\n"
    "  txt     plain text, kept as it is (front matter added when there is none)\n"
    "  auto    by content, then by extension (the default)\n"
    "A file that cannot be read is reported as FILE:LINE:COL with what was expected,\n"
    "and then nothing at all is written. What a REFI-QDA file holds that gloss cannot\n"
    "represent is listed on standard error.\n"
    "\n"
    "options:\n"
    "  --into DIR        where to write (default: transcripts/ for transcripts, the\n"
    "                    current directory for .qdpx and .qdc)\n"
    "  --format FORMAT   the input format for every FILE (default auto)\n"
    "  --force           replace files that exist (without it, nothing is written\n"
    "                    when a target exists)\n"
    "  --partial         a REFI-QDA text source or selection that cannot be imported\n"
    "                    is a warning and the rest is imported (without it, nothing)\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 ok; 1 a file could not be read or converted, or a target exists;\n"
    "2 usage error; 3 a target may not be written (a symbolic link below DIR, not a\n"
    "regular file) or a write failed: nothing was written (the files are written as\n"
    "one: all of them or, interrupted or failing, none).\n";

/* counted: "1 code", "2 codes" */
static const char *counted(char *buf, size_t size, size_t n, const char *what)
{
	snprintf(buf, size, "%zu %s%s", n, what, n == 1 ? "" : "s");
	return buf;
}

static void print_diags(const struct diags *d)
{
	for (size_t i = 0; i < d->len; i++) {
		char *s = diag_format(&d->items[i]);
		fprintf(stderr, "%s\n", s);
		free(s);
	}
}

static void print_path(FILE *fp, const char *fmt, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	utf8_sanitize_display(&sb, path, strlen(path), false);
	fprintf(fp, fmt, sb.data);
	sb_done(&sb);
}

/* The files to write: paths relative to the current directory. */
struct outputs {
	struct qdpx_file *items;
	size_t n, cap;
	size_t into_len; /* the paths start with the --into directory and a '/' */
};

/* check_targets: every target in a place the writer allows (writer.h: no symbolic link
 * below the --into directory, a regular file or none; none exists unless force), no two
 * the same; each problem reported. WRITER_OK, or the worst status found. */
static int check_targets(const struct outputs *o, bool force)
{
	int worst = WRITER_OK;
	char err[1024];

	for (size_t i = 0; i < o->n; i++) {
		const char *p = o->items[i].path;
		struct writer_file f = {p, o->into_len, NULL, 0, 0644};
		int rc;
		for (size_t k = 0; k < i; k++)
			if (strcmp(o->items[k].path, p) == 0) {
				print_path(stderr, "gloss: two inputs would both become %s\n", p);
				worst = worst == WRITER_OK ? WRITER_EXISTS : worst;
			}
		rc = writer_check(&f, WRITER_NEW | (force ? WRITER_FORCE : 0), err, sizeof(err));
		if (rc != WRITER_OK)
			print_path(stderr, "gloss: %s\n", err);
		if (rc != WRITER_OK && (worst == WRITER_OK || worst == WRITER_EXISTS))
			worst = rc;
	}
	return worst;
}

/* write_all: every file as one (writer_write_all): all or none, even when interrupted */
static int write_all(const struct outputs *o, bool force)
{
	struct writer_file *f = xcalloc(o->n + 1, sizeof(*f));
	char err[1024];
	int rc;

	for (size_t i = 0; i < o->n; i++)
		f[i] = (struct writer_file){o->items[i].path, o->into_len, o->items[i].data,
		                            o->items[i].len, 0644};
	rc = writer_write_all(f, o->n, WRITER_NEW | WRITER_MKDIR | (force ? WRITER_FORCE : 0), err,
	                      sizeof(err));
	free(f);
	if (rc != WRITER_OK) {
		print_path(stderr, "gloss: %s\n", err);
		return rc == WRITER_EXISTS ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_IO;
	}
	for (size_t i = 0; i < o->n; i++)
		print_path(stdout, "wrote %s\n", o->items[i].path);
	return GLOSS_EXIT_OK;
}

static void outputs_done(struct outputs *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->items[i].path);
		free(o->items[i].data);
	}
	free(o->items);
}

static bool is_refi(const char *path, bool *qdc)
{
	*qdc = path_has_ext(path, "qdc");
	return *qdc || path_has_ext(path, "qdpx");
}

static int finish(struct outputs *o, bool ok, bool force)
{
	int rc = GLOSS_EXIT_PROBLEMS, checked = ok ? check_targets(o, force) : WRITER_OK;

	if (ok && checked == WRITER_OK)
		rc = write_all(o, force);
	else if (ok)
		fprintf(stderr, "gloss: nothing was written\n");
	if (ok && checked != WRITER_OK && checked != WRITER_EXISTS)
		rc = GLOSS_EXIT_IO;
	outputs_done(o);
	return rc;
}

static int import_refi(const struct args *a, const char *file, bool qdc)
{
	char n1[48], n2[48], n3[48], n4[48];
	struct outputs o = {0};
	struct qdpx_import imp = {0};
	struct diags d;
	size_t len;
	char *buf = read_file(file, QDPX_MAX_SIZE, &len), now[32];
	const char *into = a->into ? a->into : ".";
	bool ok;

	if (!buf) {
		print_path(stderr, "gloss: %s: ", file);
		fprintf(stderr, "cannot read: %s\n", read_file_strerror(errno));
		return GLOSS_EXIT_PROBLEMS;
	}
	now_utc_iso(now, sizeof(now));
	diags_init(&d);
	ok = qdpx_import_opts(buf, len, qdc, file, now, a->partial ? QDPX_PARTIAL : 0, &imp, &d);
	print_diags(&d);
	if (!ok)
		fprintf(stderr, "gloss: nothing was imported\n");
	o.into_len = strlen(into) + 1;
	for (size_t i = 0; ok && i < imp.n; i++) {
		struct qdpx_file f = {path_join(into, imp.files[i].path), imp.files[i].data,
		                      imp.files[i].len};
		imp.files[i].data = NULL;
		VEC_PUSH(o.items, o.n, o.cap, f);
	}
	if (ok) {
		printf("%s: %s, %s, %s by %s", path_basename(file),
		       counted(n1, sizeof(n1), imp.ncodes, "code"),
		       counted(n2, sizeof(n2), imp.nsources, "transcript"),
		       counted(n3, sizeof(n3), imp.ncodings, "coding"),
		       counted(n4, sizeof(n4), imp.ncoders, "coder"));
		if (imp.nmemos)
			printf(", %s", counted(n1, sizeof(n1), imp.nmemos, "memo"));
		printf("\n");
	}
	qdpx_import_done(&imp);
	diags_done(&d);
	free(buf);
	return finish(&o, ok, a->force);
}

/* convert_one: one transcript file into o; false when it cannot be converted */
static bool convert_one(const struct args *a, enum import_format fmt, const char *file,
                        const char *date, struct ibudget *b, struct outputs *o, struct diags *d)
{
	size_t len, olen;
	char *buf = read_file(file, IMPORT_MAX_SIZE, &len), *text, *stem, *name;
	enum import_format f = fmt;

	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, file, 0, 0, "cannot read: %s",
		         read_file_strerror(errno));
		return false;
	}
	if (f == IMPORT_AUTO)
		f = import_detect(file, buf, len);
	text = import_convert_budget(f, buf, len, file, date, b, &olen, d);
	free(buf);
	if (!text)
		return false;
	stem = path_stem(file);
	{
		char *clean = import_file_stem(stem, strlen(stem));
		if (!clean || strcmp(clean, stem) != 0)
			diag_add(d, DIAG_NOTE, DK_UNKNOWN, file, 0, 0,
			         "written as '%s.txt' (a transcript's name has no leading dot, "
			         "control characters, or more than 200 bytes)",
			         clean ? clean : import_format_name(f));
		name = xasprintf("%s.txt", clean ? clean : import_format_name(f));
		free(clean);
	}
	struct qdpx_file out = {path_join(a->into ? a->into : "transcripts", name), text, olen};
	VEC_PUSH(o->items, o->n, o->cap, out);
	free(stem);
	free(name);
	return true;
}

static int import_transcripts(const struct args *a, enum import_format fmt)
{
	struct outputs o = {0};
	struct ibudget b = {0};
	struct diags d;
	char now[32];
	bool ok = true;

	now_utc_iso(now, sizeof(now));
	now[10] = '\0';
	o.into_len = strlen(a->into ? a->into : "transcripts") + 1;
	diags_init(&d);
	for (size_t i = 0; i < a->npos; i++)
		ok &= convert_one(a, fmt, a->pos[i], now, &b, &o, &d);
	print_diags(&d);
	diags_done(&d);
	if (!ok)
		fprintf(stderr, "gloss: nothing was imported\n");
	return finish(&o, ok, a->force);
}

int cmd_import(struct args *a)
{
	enum import_format fmt = IMPORT_AUTO;
	int rc = -1;
	bool qdc = false, any_refi = false;

	if (a->npos == 0)
		rc = cli_usage_error("import needs a FILE%s", "");
	if (rc < 0 && a->format && !import_format_parse(a->format, &fmt))
		rc = cli_usage_error("unknown format '%s' (use auto, vtt, srt, otter, docx or txt)",
		                     a->format);
	for (size_t i = 0; rc < 0 && i < a->npos; i++)
		any_refi |= is_refi(a->pos[i], &qdc);
	if (rc < 0 && any_refi && a->npos > 1)
		rc = cli_usage_error("a .qdpx or .qdc file is imported alone, not with '%s'",
		                     a->pos[is_refi(a->pos[0], &qdc) ? 1 : 0]);
	if (rc < 0 && any_refi && a->format)
		rc = cli_usage_error("--format is for transcripts, not for '%s'", a->pos[0]);
	if (rc < 0 && any_refi)
		is_refi(a->pos[0], &qdc);
	if (rc < 0)
		rc = any_refi ? import_refi(a, a->pos[0], qdc) : import_transcripts(a, fmt);
	return cli_flush_out(rc);
}
