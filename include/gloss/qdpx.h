/* qdpx.h — REFI-QDA exchange: the codebook file (.qdc, namespace urn:QDA-XML:codebook:1.0)
 * and the project file (.qdpx: a zip of project.qde, namespace urn:QDA-XML:project:1.0,
 * and sources/GUID.txt), read and written as gloss(5) describes.
 *
 * Export. Coders are Users, codes nested Codes (isCodable="true"; colour as #rrggbb; the
 * description carries include, exclude and examples as "Include: ...", "Exclude: ...",
 * "Example: ..." paragraphs and ends with a line "gloss: {id: ..., ...}" holding what the
 * standard has no place for: the id, a named colour, the key, the patterns). Each
 * transcript is a TextSource whose plain text (sources/GUID.txt) is the transcript text
 * exactly as gloss reads it (BOM dropped, CRLF as LF, front matter included), so positions
 * are gloss's own offsets: code points. Each coding is a PlainTextSelection with one
 * Coding (code, coder, creation time) and its memo as a Note and as the selection's
 * Description (where QualCoder reads it; the import takes the same text once); front-matter
 * attributes are Text Variables with values on the source and on a Case for the transcript. GUIDs
 * are version-5 UUIDs of names ("code:ID", "source:PATH", ...), so exports of one project are byte
 * for byte the same. What cannot be exported (drifted codings, codings whose code is not in the
 * codebook, characters XML 1.0 cannot carry) is reported in d.
 *
 * Import. The reverse, into an in-memory set of files (a codebook, transcripts, codings
 * files) that the caller writes: nothing is written when anything is wrong. What gloss
 * cannot represent (pictures, PDF, audio and video sources and selections, sets, graphs,
 * links, codings of whole sources, sources outside the archive, notes attached to none
 * of these) is listed as DK_UNKNOWN warnings, never dropped silently. Notes a TextSource,
 * a Code or the Project refers to (NoteRef) become memos on that document, code or the
 * project (memos/CODER.yaml, memos.h; the coder is the note's creatingUser, its times the
 * note's), two notes of one user on one target joined into one memo (a warning); a
 * coding's notes with a modifiedDateTime give its memo_created and memo_modified. */
#ifndef GLOSS_QDPX_H
#define GLOSS_QDPX_H

#include <stdbool.h>
#include <stddef.h>

#include "gloss/diag.h"

struct project;
struct codebook;
struct memos;

#define QDPX_NS_PROJECT "urn:QDA-XML:project:1.0"
#define QDPX_NS_CODEBOOK "urn:QDA-XML:codebook:1.0"
/* archives and codebook files larger than this are refused */
#define QDPX_MAX_SIZE ((size_t)1 << 30)

/* qdpx_export_qdc: the codebook as a .qdc document (caller frees). */
char *qdpx_export_qdc(const struct codebook *cb, size_t *len, struct diags *d);
/* qdpx_project_xml: the project.qde document of p (caller frees). */
char *qdpx_project_xml(const struct project *p, size_t *len, struct diags *d);
/* qdpx_export: the .qdpx archive of p (caller frees); NULL with an error in d. */
char *qdpx_export(const struct project *p, size_t *len, struct diags *d);
/* qdpx_project_xml_memos / qdpx_export_memos: the same, with the memos of m (NULL: none)
 * as Notes: a document's memo referred to (NoteRef) by its TextSource, a code's by its
 * Code, the project's by the Project (after its Description); each Note has the coder as
 * creatingUser (a User, coder or not), creationDateTime and modifiedDateTime, the text as
 * PlainTextContent. A memo on a document or code the project does not have is a warning. */
char *qdpx_project_xml_memos(const struct project *p, const struct memos *m, size_t *len,
                             struct diags *d);
char *qdpx_export_memos(const struct project *p, const struct memos *m, size_t *len,
                        struct diags *d);

struct qdpx_file {
	char *path; /* relative to the directory imported into */
	char *data;
	size_t len;
};

struct qdpx_import {
	struct qdpx_file *files;
	size_t n, cap;
	size_t ncodes, nsources, ncodings, ncoders, nmemos;
};

/* qdpx_import: read a .qdpx (is_qdc false) or .qdc (true) from buf[0..len); file names it
 * in messages, date ("YYYY-MM-DDTHH:MM:SSZ") is the creation time of codings that have
 * none. The codebook goes to codebooks/SLUG.yaml, transcripts to transcripts/NAME.txt and
 * codings to transcripts/codings/CODER/NAME.yaml. false with errors in d (and no files). */
bool qdpx_import(const char *buf, size_t len, bool is_qdc, const char *file, const char *date,
                 struct qdpx_import *out, struct diags *d);
/* qdpx_import_opts: the same with flags: QDPX_PARTIAL makes a TextSource or a selection
 * that cannot be imported (no plain text in the archive, no guid, positions outside the
 * text, a code not in the codebook) a warning, the rest being imported; without it such a
 * source or selection is an error naming it (by its plainTextPath when it has no name). */
#define QDPX_PARTIAL 1u
bool qdpx_import_opts(const char *buf, size_t len, bool is_qdc, const char *file, const char *date,
                      unsigned flags, struct qdpx_import *out, struct diags *d);
void qdpx_import_done(struct qdpx_import *imp);

#endif
