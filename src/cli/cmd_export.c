/* cmd_export.c — gloss export: the codebook as REFI-QDA .qdc, the project as .qdpx. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gloss/codebook.h"
#include "gloss/codings.h"
#include "gloss/memos.h"
#include "gloss/project.h"
#include "gloss/qdpx.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/writer.h"

const char cmd_export_help[] =
    "usage: gloss export --qdc FILE [--codebook FILE] [--force]\n"
    "       gloss export --qdpx FILE [--codebook FILE] [--force] [PATH...]\n"
    "\n"
    "Write the project in the REFI-QDA exchange format read by NVivo, ATLAS.ti, MAXQDA,\n"
    "QualCoder and Taguette (gloss(5), REFI-QDA).\n"
    "  --qdc FILE    the codebook alone: themes and codes as nested codes with their\n"
    "                names, colours and descriptions (include, exclude and examples are\n"
    "                paragraphs of the description)\n"
    "  --qdpx FILE   the whole project: coders as users, the codebook, each transcript\n"
    "                (PATHs, else transcripts/) as a text source, each coding as a\n"
    "                selection with its code, coder and memo, front matter as variables\n"
    "                and cases, memos on transcripts, codes and the project (memos/)\n"
    "                as notes\n"
    "Identifiers are derived from code ids, paths and coder names, so two exports of an\n"
    "unchanged project are the same bytes. Codings that cannot be exported (drifted, or\n"
    "with a code not in the codebook) are reported on standard error.\n"
    "\n"
    "options:\n"
    "  --codebook FILE   the codebook (default: $GLOSS_CODEBOOK, else the only\n"
    "                    codebooks/*.yaml)\n"
    "  --force           replace FILE if it exists (without it, an existing FILE is\n"
    "                    an error); never a link, a FIFO, a device or a directory\n"
    "  -h, --help        show this help\n"
    "\n"
    "exit status: 0 ok; 1 the codebook has errors or the project could not be loaded;\n"
    "2 usage error; 3 FILE could not be written (an old FILE is intact).\n";

/* counted: "1 code", "2 codes" */
static const char *counted(char *buf, size_t size, size_t n, const char *what)
{
	snprintf(buf, size, "%zu %s%s", n, what, n == 1 ? "" : "s");
	return buf;
}

static void print_diags(const struct diags *d, enum diag_level min)
{
	for (size_t i = 0; i < d->len; i++)
		if (d->items[i].level >= min) {
			char *s = diag_format(&d->items[i]);
			fprintf(stderr, "%s\n", s);
			free(s);
		}
}

/* write_out: FILE through the writer (writer.h): never over a link or anything but a
 * regular file, an existing file only with --force */
static int write_out(const char *path, const char *data, size_t len, bool force)
{
	char err[1024];
	struct strbuf sb = STRBUF_INIT;
	struct writer_file f = {path, writer_base(path), data, len, 0644};
	int rc = writer_write(&f, WRITER_NEW | (force ? WRITER_FORCE : 0), err, sizeof(err));

	if (rc == WRITER_OK)
		return GLOSS_EXIT_OK;
	utf8_sanitize_display(&sb, err, strlen(err), false);
	fprintf(stderr, "gloss: %s\n", sb.data);
	sb_done(&sb);
	return rc == WRITER_EXISTS ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_IO;
}

static int export_qdc(const struct args *a)
{
	char n1[48];
	struct diags d;
	char *path, *xml;
	struct codebook *cb;
	size_t len;
	int rc;

	diags_init(&d);
	path = project_find_codebook(a->codebook, &d);
	cb = path ? codebook_load(path, &d) : NULL;
	print_diags(&d, DIAG_WARNING);
	if (!cb || d.errors) {
		fprintf(stderr, "gloss: the codebook cannot be exported: fix the errors above\n");
		codebook_free(cb);
		free(path);
		diags_done(&d);
		return GLOSS_EXIT_PROBLEMS;
	}
	diags_done(&d);
	diags_init(&d);
	xml = qdpx_export_qdc(cb, &len, &d);
	print_diags(&d, DIAG_WARNING);
	rc = write_out(a->qdc, xml, len, a->force);
	if (rc == GLOSS_EXIT_OK) {
		struct strbuf shown = STRBUF_INIT; /* the path as given, made safe */
		cli_add_safe(&shown, a->qdc, strlen(a->qdc));
		printf("exported %s to %s\n", counted(n1, sizeof(n1), cb->ncodes, "code"),
		       shown.data);
		sb_done(&shown);
	}
	free(xml);
	codebook_free(cb);
	free(path);
	diags_done(&d);
	return rc;
}

static size_t count_codings(const struct project *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->ndocs; i++)
		for (size_t k = 0; k < p->docs[i].nsets; k++)
			n += p->docs[i].sets[k]->len;
	return n;
}

static int export_qdpx(const struct args *a)
{
	char n1[48], n2[48], n3[48], n4[48];
	struct project_opts po = {0};
	struct project *p;
	struct memos *m;
	struct diags d;
	char *zip;
	size_t len;
	int rc;

	po.codebook = a->codebook;
	po.paths = a->pos;
	po.npaths = a->npos;
	po.no_models = true; /* a model's suggestions are not a coder's codings */
	diags_init(&d);
	p = project_open(&po, &d);
	if (!p) {
		print_diags(&d, DIAG_NOTE);
		diags_done(&d);
		return GLOSS_EXIT_PROBLEMS;
	}
	print_diags(&p->diags, DIAG_WARNING);
	if (p->cb_errors || !p->cb) {
		fprintf(stderr, "gloss: the codebook has errors: nothing is exported\n");
		project_free(p);
		diags_done(&d);
		return GLOSS_EXIT_PROBLEMS;
	}
	m = memos_load(".", NULL, 0, &d);
	if (d.errors) { /* what could not be read whole is not exported in part */
		print_diags(&d, DIAG_NOTE);
		fprintf(stderr, "gloss: the memos have errors: nothing is exported\n");
		memos_free(m);
		project_free(p);
		diags_done(&d);
		return GLOSS_EXIT_PROBLEMS;
	}
	zip = qdpx_export_memos(p, m, &len, &d);
	print_diags(&d, DIAG_WARNING);
	rc = zip ? write_out(a->qdpx, zip, len, a->force) : GLOSS_EXIT_PROBLEMS;
	if (rc == GLOSS_EXIT_OK) {
		struct strbuf shown = STRBUF_INIT; /* the path as given, made safe */
		cli_add_safe(&shown, a->qdpx, strlen(a->qdpx));
		printf("exported %s, %s, %s by %s", counted(n1, sizeof(n1), p->cb->ncodes, "code"),
		       counted(n2, sizeof(n2), p->ndocs, "transcript"),
		       counted(n3, sizeof(n3), count_codings(p), "coding"),
		       counted(n4, sizeof(n4), p->ncoders, "coder"));
		if (m->len)
			printf(", %s", counted(n1, sizeof(n1), m->len, "memo"));
		printf(" to %s\n", shown.data);
		sb_done(&shown);
	}
	free(zip);
	memos_free(m);
	project_free(p);
	diags_done(&d);
	return rc;
}

int cmd_export(struct args *a)
{
	int rc = -1;

	if (!a->qdc == !a->qdpx)
		rc = cli_usage_error("export needs one of --qdc FILE and --qdpx FILE%s", "");
	if (rc < 0 && a->qdc && a->npos)
		rc = cli_usage_error("--qdc takes no PATH ('%s')", a->pos[0]);
	if (rc < 0)
		rc = a->qdc ? export_qdc(a) : export_qdpx(a);
	return cli_flush_out(rc);
}
