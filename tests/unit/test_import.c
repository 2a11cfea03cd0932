/* test_import.c — transcripts from captions and text exports: speakers, joining, markup,
 * timestamps, detection, errors with their line, and the result as gloss reads it. */
#include "gloss/import.h"

#include <stdlib.h>
#include <string.h>

#include "gloss/transcript.h"
#include "gloss/utf8.h"
#include "gloss/util.h"
#include "gloss/zipx.h"
#include "t.h"

static char *conv(enum import_format f, const char *in, struct diags *d)
{
	size_t n;

	diags_init(d);
	return import_convert(f, in, strlen(in), "in/x.vtt", "2026-03-20", &n, d);
}

/* body: the text after the front matter */
static const char *body(const char *s)
{
	const char *e = s ? strstr(s + 4, "\n---\n") : NULL;
	return e ? e + 5 : "(no front matter)";
}

static bool has_msg(const struct diags *d, const char *part)
{
	for (size_t i = 0; i < d->len; i++)
		if (strstr(d->items[i].msg, part))
			return true;
	return false;
}

static void test_vtt(void)
{
	struct diags d;
	char *s;
	struct transcript *t;

	s = conv(IMPORT_VTT,
	         "WEBVTT - Teams\n\nSTYLE\n::cue { color: red }\n\nNOTE a note\nspanning lines\n\n"
	         "id-1\n00:01.000 --> 00:02.000 align:start\n<v.first.loud Ana Ruiz>Hello</v>\n\n"
	         "00:00:02.000 --> 00:00:03.000\n<v Ana Ruiz>again &#x1F642; &amp; &lt;b&gt; "
	         "&unknown;</v>\n\n"
	         "00:00:04.500 --> 00:00:06.000\n<v Ana Ruiz>Question?</v><v Ben>Answer <c.x>one"
	         "</c><00:00:05.000>two</v>\n",
	         &d);
	IS_STR(body(s),
	       "[00:00:01] Ana Ruiz: Hello again \U0001F642 & <b> &unknown; Question?\n\n"
	       "[00:00:04] Ben: Answer onetwo\n",
	       "voices, classes, entities, tags; one speaker's cues joined; two voices in a cue");
	IS_INT(d.errors, 0, "no errors");
	OK(s && strncmp(s, "---\nsource: \"x.vtt\"\nformat: vtt\nimported: 2026-03-20\n---\n",
	                56) == 0,
	   "front matter: source base name, format, date");
	t = s ? transcript_load_mem(s, strlen(s), "x.txt", &d) : NULL;
	OK(t && t->nturns == 2 && strcmp(t->turns[1].speaker, "Ben") == 0, "gloss reads two turns");
	OK(t && transcript_attr(t, "source") && strcmp(transcript_attr(t, "source"), "x.vtt") == 0,
	   "the source is a front-matter attribute");
	transcript_free(t);
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nDr. Ruth M\u00FCller: Welcome.\n\n"
	         "00:00:02.000 --> 00:00:03.000\nSo what I said was: no.\n\n"
	         "00:00:03.000 --> 00:00:04.000\nDr. Ruth M\u00FCller: Next: the plan.\n",
	         &d);
	IS_STR(body(s),
	       "[00:00:01] Dr. Ruth M\u00FCller: Welcome. So what I said was: no. Next: the "
	       "plan.\n",
	       "Name: prefixes; a sentence with a colon continues the turn");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:01.000 --> 00:02.000\nfirst caption\n\n"
	         "00:02.000 --> 00:03.000\n[00:01] x: call back\n",
	         &d);
	IS_STR(body(s), "first caption\n[00:01] x: call back\n",
	       "captions without speakers, a line each");
	OK(has_msg(&d, "'x' starts a turn there"), "a line gloss reads as a label is a warning");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT, "WEBVTT\n\n00:01.000 --> 00:02.000\n<v A:B\tC>x</v>\n", &d);
	IS_STR(body(s), "[00:00:01] A B C: x\n", "a voice with a colon and a tab is cleaned");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT, "WEBVT\n", &d);
	OK(!s && d.errors == 1 && d.items[0].line == 1, "a missing header is an error at line 1");
	diags_done(&d);
	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:01.000 --> 00:02.000\nA: x\n\n00:61.000 --> 00:62.000\nB\n", &d);
	OK(!s && d.errors == 1 && d.items[0].line == 6,
	   "seconds over 59 are an error at their line");
	diags_done(&d);
	s = conv(IMPORT_VTT, "WEBVTT\n\n00:01.000 --> 00:02.000\nA: caf\xE9\n", &d);
	OK(!s && d.errors == 1 && d.items[0].line == 4 && d.items[0].col == 7,
	   "invalid UTF-8 is an error at line and column");
	diags_done(&d);
}

static void test_srt_otter(void)
{
	struct diags d;
	char *s;

	s = conv(IMPORT_SRT,
	         "\xEF\xBB\xBF"
	         "1\r\n00:00:01,000 --> 00:00:02,500\r\n<font color=\"#fff\">ANA:</font> {\\an8}Hi "
	         "<i>there</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n- a < b\r\n",
	         &d);
	IS_STR(body(s), "[00:00:01] ANA: Hi there - a < b\n", "SRT: BOM, CRLF, tags, a < b kept");
	free(s);
	diags_done(&d);
	s = conv(IMPORT_SRT, "1\n00:00:01,000 --> 00:00:02,500\nx\n\n2\nno timing\n", &d);
	OK(!s && d.errors == 1 && d.items[0].line == 6, "SRT: a missing timing at its line");
	diags_done(&d);

	s = conv(IMPORT_OTTER,
	         "Intro text\n\nSpeaker 1  0:05\nHello.\nSame paragraph.\n\nNew paragraph.\n\n"
	         "Jos\u00E9 (1:02:03):\nYes.\n",
	         &d);
	IS_STR(body(s),
	       "Intro text\n\n[00:00:05] Speaker 1: Hello. Same paragraph.\n\nNew paragraph.\n\n"
	       "[01:02:03] Jos\u00E9: Yes.\n",
	       "Otter and Rev headings, paragraphs, text before the first heading");
	free(s);
	diags_done(&d);
	s = conv(IMPORT_OTTER, "just text\n", &d);
	OK(!s && d.errors == 1, "Otter without a heading is refused");
	diags_done(&d);

	s = conv(IMPORT_TXT, "---\nrole: x\n---\r\nA: b\r\n", &d);
	IS_STR(s, "---\nrole: x\n---\nA: b\n", "text with front matter is kept (CR LF read as LF)");
	free(s);
	diags_done(&d);
}

/* docx: a Word document holding xml as word/document.xml */
static char *docx(const char *paras, size_t *len)
{
	char *xml = xasprintf("<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas."
	                      "openxmlformats.org/wordprocessingml/2006/main\"><w:body>%s"
	                      "</w:body></w:document>",
	                      paras),
	     err[64], *zip;
	struct zipw *w = zipw_new();

	zipw_add(w, "word/document.xml", xml, strlen(xml), err, sizeof(err));
	zip = zipw_finish(w, len, err, sizeof(err));
	free(xml);
	return zip;
}

static void test_docx(void)
{
	struct diags d;
	size_t len, n;
	char *zip, *s;

	zip = docx("<w:p><w:r><w:t>Ana Ruiz  0:00</w:t></w:r></w:p><w:p><w:r><w:t>Hello "
	           "\u201Cthere\u201D.</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>Ben (00:01:05):"
	           "</w:t></w:r></w:p><w:p><w:r><w:t>Hi.</w:t></w:r></w:p>",
	           &len);
	diags_init(&d);
	s = import_convert(IMPORT_DOCX, zip, len, "o.docx", "2026-03-20", &n, &d);
	IS_STR(body(s), "[00:00:00] Ana Ruiz: Hello \u201Cthere\u201D.\n\n[00:01:05] Ben: Hi.\n",
	       "a Word export of Otter or Rev: headings above the text");
	free(s);
	free(zip);
	diags_done(&d);

	zip = docx("<w:p><w:r><w:t>Notes</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">"
	           "AMARA: </w:t></w:r><w:r><w:t>Yes</w:t></w:r><w:r><w:tab/><w:t>no</w:t></w:r>"
	           "</w:p>",
	           &len);
	diags_init(&d);
	s = import_convert(IMPORT_DOCX, zip, len, "w.docx", "2026-03-20", &n, &d);
	IS_STR(body(s), "Notes\n\nAMARA: Yes\tno\n", "Word paragraphs, runs and tabs");
	free(s);
	free(zip);
	diags_done(&d);

	diags_init(&d);
	s = import_convert(IMPORT_DOCX, "PK\x03\x04junk", 8, "j.docx", "2026-03-20", &n, &d);
	OK(!s && d.errors == 1 && strstr(d.items[0].msg, "not a readable zip"),
	   "a damaged .docx is an error");
	diags_done(&d);
}

/* finding: meeting software's names (Zoom, Teams) are speakers; a label-like start of
 * one caption that is not taken is a warning with its line, never silently text */
static void test_meeting_names(void)
{
	struct diags d;
	char *s;

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAshlee Kupor (SL): Okay.\n\n"
	         "2\n00:00:02.500 --> 00:00:03.000\nAna Ruiz (she/her): Hi.\n\n"
	         "3\n00:00:04.000 --> 00:00:05.000\nAshlee Kupor (SL): So, first.\n\n"
	         "4\n00:00:06.000 --> 00:00:07.000\nana ruiz: lower case.\n\n"
	         "5\n00:00:08.000 --> 00:00:09.000\nana ruiz: again.\n\n"
	         "6\n00:00:10.000 --> 00:00:11.000\n\u674E\u660E: \u4F60\u597D\n\n"
	         "7\n00:00:12.000 --> 00:00:13.000\nJ. R. Okafor: Dots.\n\n"
	         "8\n00:00:14.000 --> 00:00:15.000\nSpeaker 1: Numbered.\n\n"
	         "9\n00:00:16.000 --> 00:00:17.000\nwell then: no\n",
	         &d);
	IS_STR(body(s),
	       "[00:00:01] Ashlee Kupor (SL): Okay.\n\n[00:00:02] Ana Ruiz (she/her): Hi.\n\n"
	       "[00:00:04] Ashlee Kupor (SL): So, first.\n\n[00:00:06] ana ruiz: lower case. "
	       "again.\n\n[00:00:10] \u674E\u660E: \u4F60\u597D\n\n[00:00:12] J. R. Okafor: "
	       "Dots.\n\n[00:00:14] Speaker 1: Numbered. well then: no\n",
	       "parentheses, pronouns, lower case twice, other scripts, initials, numbers");
	OK(d.warnings == 1 && has_msg(&d, "'well then:' looks like a speaker label") &&
	       d.items[0].line == 37,
	   "a label-like start of one caption only is a warning at its line");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ashlee Kupor (SL)>Okay.</v>\n\n"
	         "00:00:02.000 --> 00:00:03.000\n<v ana ruiz (she/her)>Hi.</v>\n",
	         &d);
	IS_STR(body(s),
	       "[00:00:01] Ashlee Kupor (SL): Okay.\n\n[00:00:02] ana ruiz (she/her): Hi.\n",
	       "Teams voices of any shape");
	IS_INT(d.warnings, 0, "no warnings");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna: so\n\n"
	         "00:00:03.000 --> 00:00:04.000\nWait\u2026: no\n",
	         &d);
	IS_STR(body(s), "[00:00:01] Ana: so Wait\u2026: no\n",
	       "a character outside the name's (U+2026, low byte '&') ends the name");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_SRT,
	         "1\n00:00:01,000 --> 00:00:02,000\nAna Ruiz (she/her): Hi.\n\n"
	         "2\n00:00:03,000 --> 00:00:04,000\nBen: Yes.\n",
	         &d);
	IS_STR(body(s), "[00:00:01] Ana Ruiz (she/her): Hi.\n\n[00:00:03] Ben: Yes.\n",
	       "SRT prefixes alike");
	free(s);
	diags_done(&d);
}

/* finding 17: the read-back compares every turn; past 100 hours is reported; an entity
 * line break cannot start a turn of its own */
static void test_read_back(void)
{
	struct diags d;
	char *s;

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna: hi\n\n"
	         "100:00:01.000 --> 100:00:02.000\nBen: late\n",
	         &d);
	IS_STR(body(s), "[00:00:01] Ana: hi\n\n[99:59:59] Ben: late\n", "a turn past 100 hours");
	OK(has_msg(&d, "100 hours or more") && d.items[0].line == 6,
	   "past 100 hours is a warning at the cue");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_VTT,
	         "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAna: hi&#10;&#10;[00:00:05] FAKE: x\n",
	         &d);
	IS_STR(body(s), "[00:00:01] Ana: hi  [00:00:05] FAKE: x\n",
	       "an entity line break in a caption is a space");
	free(s);
	diags_done(&d);

	s = conv(IMPORT_OTTER, "Ana  0:01\nhello\n\nBob Smith: said in the text\n", &d);
	OK(has_msg(&d, "gloss reads the result differently") && has_msg(&d, "'Bob Smith' starts"),
	   "a line of text that gloss reads as a turn is caught (same speaker count or not)");
	free(s);
	diags_done(&d);
}

/* Otter: headings of one speaker stay turns of their own; the footer is left out */
static void test_otter_headings(void)
{
	struct diags d;
	char *s;

	s = conv(IMPORT_OTTER,
	         "Unknown Speaker  0:05\nFirst one.\n\nUnknown Speaker  0:09\nSecond one.\n\n\n"
	         "Transcribed by https://otter.ai\n",
	         &d);
	IS_STR(body(s),
	       "[00:00:05] Unknown Speaker: First one.\n\n[00:00:09] Unknown Speaker: Second "
	       "one.\n",
	       "two headings, two turns; no footer");
	OK(has_msg(&d, "Otter's footer") && d.items[0].line == 8, "the footer is a note");
	free(s);
	diags_done(&d);
}

/* findings 15, 16, 18: front matter written "--- "; names of files */
static void test_names_front(void)
{
	struct diags d;
	char *s, name[256];
	size_t n;

	diags_init(&d);
	s = import_convert(IMPORT_TXT, "--- \ngroup: a\n---\nAna: hi\n", 26, "f.txt", "2026-03-20",
	                   &n, &d);
	IS_STR(s, "--- \ngroup: a\n---\nAna: hi\n", "front matter with a blank after --- is kept");
	free(s);
	diags_done(&d);
	s = import_file_stem(".vtt", 4);
	IS_STR(s, "vtt", "no hidden file");
	free(s);
	memset(name, 'x', 199);
	memcpy(name + 199, "\xC3\xA9", 3);
	s = import_file_stem(name, 201);
	OK(s && strlen(s) == 199 && utf8_valid(s, strlen(s), &n), "cut at a character boundary");
	free(s);
	OK(import_file_stem("...", 3) == NULL, "nothing left");
}

/* DOCX dash labels */
static void test_docx_dash(void)
{
	struct diags d;
	size_t len, n;
	char *zip, *s;

	zip = docx("<w:p><w:r><w:t>I \u2013 How did it start?</w:t></w:r></w:p>"
	           "<w:p><w:r><w:t>C \u2013 Slowly.</w:t></w:r></w:p>"
	           "<w:p><w:r><w:t>I - And then?</w:t></w:r></w:p>"
	           "<w:p><w:r><w:t>C \u2014 Then \u2013 fast.</w:t></w:r></w:p>"
	           "<w:p><w:r><w:t>Then \u2013 once only.</w:t></w:r></w:p>",
	           &len);
	diags_init(&d);
	s = import_convert(IMPORT_DOCX, zip, len, "d.docx", "2026-03-20", &n, &d);
	IS_STR(body(s),
	       "I: How did it start?\n\nC: Slowly.\n\nI: And then?\n\nC: Then \u2013 fast.\n\n"
	       "Then \u2013 once only.\n",
	       "dash labels of two paragraphs or more are labels");
	OK(has_msg(&d, "4 paragraphs start with a speaker label and a dash"), "and it is said");
	free(s);
	free(zip);
	diags_done(&d);
}

/* zipw_store (the fuzz targets' archives): entries are stored, not deflated, and read back
 * the same */
static void test_zip_store(void)
{
	char text[4000], err[64], *zip[2], *got;
	size_t len[2], n;
	struct diags d;

	for (size_t i = 0; i < sizeof(text); i++)
		text[i] = "ab\n"[i % 3];
	for (int stored = 0; stored < 2; stored++) {
		struct zipw *w = zipw_new();
		if (stored)
			zipw_store(w);
		OK(zipw_add(w, "t.txt", text, sizeof(text), err, sizeof(err)), "entry added");
		zip[stored] = zipw_finish(w, &len[stored], err, sizeof(err));
	}
	OK(len[0] < 500 && len[1] > sizeof(text), "deflated by default, stored after zipw_store");
	for (int stored = 0; stored < 2; stored++) {
		struct zipx *z;
		diags_init(&d);
		z = zipx_open(zip[stored], len[stored], "t.zip", &d);
		got = z ? zipx_read(z, "t.txt", &n, &d) : NULL;
		OK(got && n == sizeof(text) && memcmp(got, text, n) == 0 && d.errors == 0,
		   stored ? "a stored entry reads back whole"
		          : "a deflated entry reads back whole");
		free(got);
		zipx_close(z);
		free(zip[stored]);
		diags_done(&d);
	}
}

static void test_detect(void)
{
	IS_INT(import_detect("a.txt", "\xEF\xBB\xBFWEBVTT\n", 10), IMPORT_VTT, "WEBVTT by content");
	IS_INT(import_detect("a.txt", "1\n00:00:01,000 --> 00:00:02,000\nx\n", 33), IMPORT_SRT,
	       "SRT by content");
	IS_INT(import_detect("a.txt", "\nAna Ruiz  0:00\nHi\n", 19), IMPORT_OTTER,
	       "Otter by content");
	IS_INT(import_detect("a.bin", "PK\x03\x04", 4), IMPORT_DOCX, "a zip is a Word document");
	IS_INT(import_detect("a.srt", "hello", 5), IMPORT_SRT, "by extension otherwise");
	IS_INT(import_detect("a.txt", "hello: 0:00 x", 13), IMPORT_TXT, "plain text otherwise");
}

int main(void)
{
	enum import_format f;
	char *c;

	test_vtt();
	test_srt_otter();
	test_detect();
	test_docx();
	test_zip_store();
	test_meeting_names();
	test_read_back();
	test_otter_headings();
	test_names_front();
	test_docx_dash();
	OK(import_format_parse("otter", &f) && f == IMPORT_OTTER && !import_format_parse("x", &f),
	   "format names");
	c = import_speaker_clean("  \t:: ", 6);
	OK(c == NULL, "a speaker of separators only is none");
	c = import_speaker_clean("An extremely long speaker name that goes on and on and on", 57);
	IS_STR(c, "An extremely long speaker name that goes", "speakers are cut to 40 characters");
	free(c);
	return t_done();
}
