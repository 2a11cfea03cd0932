/* test_transcript.c — loading transcripts: front matter, turns, encoding, words, offsets. */
#include "gloss/transcript.h"

#include <stdlib.h>
#include <time.h>

#include "gloss/utf8.h"
#include "gloss/util.h"
#include "t.h"

static char *fixture(const char *name)
{
	const char *src = getenv("SRCDIR");

	return xasprintf("%s/tests/data/transcripts/%s", src && *src ? src : ".", name);
}

static struct transcript *mem(const char *s, size_t n, struct diags *d)
{
	return transcript_load_mem(s, n, "t.txt", d);
}

/* off: byte offset of the first occurrence of needle in t's text. */
static size_t off(const struct transcript *t, const char *needle)
{
	const char *p = strstr(t->text, needle);

	return p ? (size_t)(p - t->text) : (size_t)-1;
}

static char *first_diag(const struct diags *d)
{
	return d->len ? diag_format(&d->items[0]) : xstrdup("");
}

static void test_fixture(void)
{
	char *path = fixture("interview.txt"), *msg;
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load(path, &d);
	OK(t != NULL, "fixture loads");
	if (!t)
		return;
	IS_STR(t->name, "interview", "name is the stem");
	IS_INT(t->nlines, 18, "line count");
	IS_INT(t->nattrs, 3, "three scalar attributes");
	IS_STR(transcript_attr(t, "participant"), "P07", "attr participant");
	IS_STR(transcript_attr(t, "name"), "Yuki Sato", "quoted attr");
	IS_STR(transcript_attr(t, "age"), "34", "number kept as string");
	IS_STR(transcript_attr(t, "tags"), NULL, "list attribute skipped");
	IS_INT(d.warnings, 1, "one warning (the list)");
	msg = first_diag(&d);
	OK(strstr(msg, "interview.txt:5:7: warning: attribute 'tags' is a list") != NULL,
	   "list warning names file:line:col");
	free(msg);
	OK(t->lines[0].front && t->lines[5].front && !t->lines[6].front, "front lines marked");
	IS_INT(t->body, off(t, "[00:00:04]"), "body starts after front matter");
	IS_INT(t->nturns, 5, "five turns");
	IS_STR(t->turns[0].speaker, "INTERVIEWER", "turn 0 speaker");
	IS_STR(t->turns[0].timestamp, "00:00:04", "turn 0 timestamp");
	OK(t->turns[0].seconds == 4.0, "turn 0 seconds");
	IS_STR(t->turns[1].speaker, "YUKI SATO", "two-word speaker");
	IS_INT(t->turns[1].line_first, 8, "turn 1 first line");
	IS_INT(t->turns[1].line_last, 13, "continuation lines up to next turn");
	IS_INT(t->turns[1].start, off(t, "Sure."), "turn 1 text start");
	IS_INT(t->turns[1].end, off(t, "words: x") + 8, "turn 1 end at last line end");
	IS_INT(t->turns[1].label_off, off(t, "[00:00:10]"), "label start");
	IS_INT(t->turns[1].label_end, off(t, "Sure."), "label end");
	IS_STR(t->turns[2].speaker, "dr. lee", "any name after a timestamp");
	OK(t->turns[2].seconds == 3723.5, "h:mm:ss.f seconds");
	IS_STR(t->turns[3].speaker, "Q", "one-letter speaker");
	IS_STR(t->turns[3].timestamp, NULL, "no timestamp");
	OK(t->turns[3].seconds == -1, "no timestamp: -1 seconds");
	IS_INT(t->turns[3].line_last, 15, "trailing blank line excluded");
	IS_INT(t->lines[16].turn, 3, "blank line still in the turn");
	IS_INT(t->lines[12].turn, 1, "'note: lowercase' is a continuation");
	IS_INT(t->lines[13].turn, 1, "long sentence with colon is a continuation");
	IS_INT(transcript_turn_at(t, off(t, "Kyōto")), 1, "turn_at");
	IS_INT(transcript_turn_at(t, 2), -1, "turn_at in front matter");
	IS_STR(transcript_speaker_at(t, off(t, "Answer")), "A", "speaker_at");
	IS_INT(t->lines[8].content, off(t, "Sure."), "content after label");
	IS_INT(t->lines[9].content, t->lines[9].off, "content of continuation line");
	IS_INT(t->words, 56, "total words (labels and front matter excluded)");
	IS_INT(transcript_words(t, t->turns[1].start, t->turns[1].end), 35, "words in turn 1");
	IS_INT(transcript_words(t, t->turns[0].label_off, t->turns[0].end), 11,
	       "words in turn 0 with its label");
	IS_INT(transcript_words(t, off(t, "don't") + 1, off(t, "plans") + 1), 3,
	       "word starting before the range is not counted");
	IS_INT(transcript_words(t, 0, t->len), 56, "words over the whole text");
	IS_INT(transcript_words(t, 0, t->body), 0, "no words in front matter");
	transcript_free(t);
	diags_done(&d);
	free(path);
}

static void test_sentences(void)
{
	char *path = fixture("interview.txt");
	struct diags d;
	struct transcript *t;
	size_t s, e;

	diags_init(&d);
	t = transcript_load(path, &d);
	transcript_sentence_bounds(t, off(t, "second"), &s, &e);
	IS_INT(s, off(t, "That's"), "sentence start at paragraph start");
	IS_INT(e, off(t, "! It's") + 1, "sentence ends after !");
	transcript_sentence_bounds(t, off(t, "quoted"), &s, &e);
	IS_INT(s, off(t, "It's"), "second sentence start");
	IS_INT(e, off(t, "\" Yes") + 1, "closing quote included");
	transcript_sentence_bounds(t, off(t, "café"), &s, &e);
	IS_INT(s, off(t, "I work"), "sentence across line start");
	IS_INT(e, off(t, "Kyōto.") + strlen("Kyōto."), "ends at paragraph end");
	transcript_sentence_bounds(t, off(t, "many"), &s, &e);
	IS_INT(s, off(t, "note:"), "sentence joins continuation lines");
	IS_INT(e, off(t, "words: x") + 8, "sentence ends at the turn boundary");
	transcript_sentence_bounds(t, off(t, "Sure"), &s, &e);
	IS_INT(s, off(t, "Sure"), "first sentence starts after the label");
	IS_INT(e, off(t, "Sure.") + 5, "first sentence end");
	transcript_free(t);
	diags_done(&d);
	free(path);
}

static int turns_of(const char *s)
{
	struct diags d;
	struct transcript *t;
	int n;

	diags_init(&d);
	t = mem(s, strlen(s), &d);
	n = (int)t->nturns;
	transcript_free(t);
	diags_done(&d);
	return n;
}

static void test_speakers(void)
{
	struct diags d;
	struct transcript *t;
	const char *s = "[00:00:01,250] A: x\n[12:34]  lower case name : hi\n";

	IS_INT(turns_of("note: lowercase\n"), 0, "lowercase is not a speaker");
	IS_INT(turns_of("This is a long sentence with many words: x\n"), 0, "too many words");
	IS_INT(turns_of("Dr Jane Ann Smith: x\n"), 1, "four words ok");
	IS_INT(turns_of("One Two Three Four Five: x\n"), 0, "five words rejected");
	IS_INT(turns_of("AMARA  OKAFOR: x\n"), 0, "double space rejected");
	IS_INT(turns_of("AMARA :x\n"), 0, "space before colon rejected");
	IS_INT(turns_of("AMARA:no space\n"), 0, "colon needs a space after it");
	IS_INT(turns_of("AMARA:\n"), 1, "colon at end of line");
	IS_INT(turns_of("AMARA:\tx\n"), 1, "colon then tab");
	IS_INT(turns_of("\xC3\x9Cnal: merhaba\n"), 1, "non-ASCII initial");
	IS_INT(turns_of("P2: hello\n"), 1, "name with a digit");
	IS_INT(turns_of("[00:00:04]AMARA: x\n"), 1, "timestamp without space");
	IS_INT(turns_of("[0:4] X: y\n"), 0, "bad timestamp is not a turn");
	IS_INT(turns_of("[00:00:04] AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: x\n"), 0,
	       "41 code points too long");
	IS_INT(turns_of("[00:00:04] AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA: x\n"), 1,
	       "40 code points ok");
	IS_INT(turns_of("http://example.org: x\n"), 0, "URL is not a speaker");
	IS_INT(turns_of("  AMARA: indented\n"), 1, "indented label is a turn");
	diags_init(&d);
	t = mem(s, strlen(s), &d);
	IS_INT(t->nturns, 2, "timestamped turns");
	if (t->nturns == 2) {
		OK(t->turns[0].seconds == 1.25, "comma fraction");
		IS_STR(t->turns[0].timestamp, "00:00:01,250", "timestamp as written");
		IS_STR(t->turns[1].speaker, "lower case name", "speaker trimmed");
		OK(t->turns[1].seconds == 754, "mm:ss seconds");
		IS_INT(t->turns[1].start, off(t, "hi"), "text after colon and space");
	}
	transcript_free(t);
	diags_done(&d);
}

static void test_encoding(void)
{
	const char bad[] = "AMARA: ok\nbad \xFF\0 x\n";
	const char bom[] = "\xEF\xBB\xBF"
	                   "A: x\r\nb\xC3\r\nc\rd";
	struct diags d;
	struct transcript *t;
	char *msg;

	diags_init(&d);
	t = mem(bad, sizeof(bad) - 1, &d);
	IS_INT(t->invalid_bytes, 2, "two bytes replaced");
	IS_STR(t->text, "AMARA: ok\nbad \xEF\xBF\xBD\xEF\xBF\xBD x\n", "shown as U+FFFD");
	IS_INT(t->len, strlen(t->text), "no NUL left in the text");
	IS_INT(d.len, 1, "one encoding warning per file");
	msg = first_diag(&d);
	IS_STR(msg,
	       "t.txt:2:5: warning: invalid UTF-8 (byte offset 14 in the file; 2 bytes "
	       "shown as U+FFFD)",
	       "encoding warning text");
	IS_INT(d.items[0].kind, DK_ENCODING, "kind DK_ENCODING");
	OK(utf8_valid(t->text, t->len, NULL), "text is valid UTF-8");
	free(msg);
	transcript_free(t);
	diags_done(&d);

	diags_init(&d);
	t = mem("a\0b", 3, &d);
	msg = first_diag(&d);
	IS_STR(msg,
	       "t.txt:1:2: warning: NUL byte (byte offset 1 in the file; 1 byte shown as "
	       "U+FFFD)",
	       "NUL warning text");
	free(msg);
	transcript_free(t);
	diags_done(&d);

	diags_init(&d);
	t = mem(bom, sizeof(bom) - 1, &d);
	OK(t->had_bom && t->had_crlf, "BOM and CRLF seen");
	IS_STR(t->text, "A: x\nb\xEF\xBF\xBD\nc\rd", "BOM dropped, CRLF as LF, lone CR kept");
	IS_INT(t->nlines, 3, "three lines");
	msg = first_diag(&d);
	IS_STR(msg,
	       "t.txt:2:2: warning: invalid UTF-8 (byte offset 10 in the file; 1 byte shown "
	       "as U+FFFD)",
	       "file offset counts the BOM and CR");
	free(msg);
	transcript_free(t);
	diags_done(&d);
}

static void test_bad_front(void)
{
	char *path = fixture("bad-front.txt"), *msg;
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = transcript_load(path, &d);
	OK(t != NULL, "bad front matter still loads");
	IS_INT(d.errors, 0, "no errors");
	IS_INT(d.warnings, 1, "one warning");
	msg = first_diag(&d);
	OK(strstr(msg, "bad-front.txt:3:1: warning: front matter: ") != NULL,
	   "warning names the file line");
	free(msg);
	IS_INT(t->nturns, 1, "body parsed");
	IS_INT(t->nattrs, 0, "no attributes");
	transcript_free(t);
	diags_done(&d);
	free(path);

	diags_init(&d);
	t = mem("---\na: 1\nno end\n", 16, &d);
	IS_INT(t->nattrs, 0, "unclosed front matter is body text");
	IS_INT(t->body, 0, "body from the start");
	OK(!t->lines[0].front, "no front lines");
	transcript_free(t);
	t = mem("---  \na: 1\n...\nX: y", 19, &d);
	IS_STR(transcript_attr(t, "a"), "1", "--- with trailing spaces and ... end");
	IS_INT(t->nturns, 1, "turn after front matter");
	transcript_free(t);
	diags_done(&d);

	diags_init(&d);
	transcript_free(transcript_load("/nonexistent/x.txt", &d));
	IS_INT(d.errors, 1, "missing file is an error");
	diags_done(&d);
}

static void test_empty(void)
{
	struct diags d;
	struct transcript *t;
	size_t s, e;

	diags_init(&d);
	t = mem("", 0, &d);
	IS_INT(t->len, 0, "empty text");
	IS_INT(t->ncp, 0, "no code points");
	IS_INT(t->words, 0, "no words");
	IS_INT(t->nturns, 0, "no turns");
	IS_INT(transcript_cp_to_byte(t, 5), 0, "cp_to_byte clamps");
	IS_INT(transcript_byte_to_cp(t, 5), 0, "byte_to_cp clamps");
	IS_INT(transcript_line_at(t, 3), 0, "line_at");
	IS_INT(transcript_turn_at(t, 0), -1, "turn_at");
	IS_INT(transcript_words(t, 0, 10), 0, "words");
	transcript_sentence_bounds(t, 0, &s, &e);
	OK(s == 0 && e == 0, "sentence bounds of nothing");
	IS_INT(d.len, 0, "no diagnostics");
	transcript_free(t);
	diags_done(&d);
}

static void test_offsets(void)
{
	const char *s = "X: na\xC3\xAFve \xE2\x80\x9Cquote\xE2\x80\x9D\n\xE4\xB8\xAD\xE6\x96\x87 "
	                "\xF0\x9F\x98\x80 ok\nlast";
	struct diags d;
	struct transcript *t;
	bool ok = true;
	size_t cp = 0;

	diags_init(&d);
	t = mem(s, strlen(s), &d);
	IS_INT(t->ncp, utf8_count(s, strlen(s)), "ncp counts code points");
	for (size_t c = 0; c <= t->ncp; c++)
		if (transcript_byte_to_cp(t, transcript_cp_to_byte(t, c)) != c)
			ok = false;
	OK(ok, "cp -> byte -> cp round trip for every code point");
	ok = true;
	for (size_t b = 0; b <= t->len; b++) {
		if (b < t->len && (t->text[b] & 0xC0) == 0x80)
			continue;
		if (transcript_cp_to_byte(t, cp) != b || transcript_byte_to_cp(t, b) != cp)
			ok = false;
		cp++;
	}
	OK(ok, "byte -> cp -> byte round trip at every boundary");
	IS_INT(transcript_cp_to_byte(t, 6), 7, "cp 6 after the two-byte i");
	IS_INT(transcript_line_at(t, off(t, "ok")), 1, "line_at second line");
	IS_INT(transcript_line_at(t, t->len), 2, "line_at end");
	IS_INT(t->words, 5, "words: naïve quote 中文 ok last (emoji is not a word)");
	transcript_free(t);
	diags_done(&d);
}

static void test_words(void)
{
	const char *s = "A: don't stop - long-term ‘rock’n’roll’ it’s -x- 'quoted' e.g.\n";
	struct diags d;
	struct transcript *t;

	diags_init(&d);
	t = mem(s, strlen(s), &d);
	/* don't | stop | long-term | rock’n’roll | it’s | x | quoted | e | g */
	IS_INT(t->words, 9, "apostrophes and hyphens join words");
	{ /* the cursor's words (transcript_word_bounds) are the words counted */
		struct strbuf sb = STRBUF_INIT;
		size_t ws, we, n = 0;
		for (size_t p = 0; transcript_word_bounds(t, p, &ws, &we), we > ws; p = we, n++)
			sb_printf(&sb, "%.*s|", (int)(we - ws), t->text + ws);
		IS_STR(sb.data, "don't|stop|long-term|rock’n’roll|it’s|x|quoted|e|g|",
		       "the word cursor's words: the same rule, the label skipped");
		IS_INT(n, t->words, "as many as transcript_words counts");
		OK(!transcript_in_word(t, 0) && transcript_in_word(t, 6) &&
		       !transcript_in_word(t, 8),
		   "in a word: not the label, the joiner of don't, not the space");
		sb_done(&sb);
	}
	transcript_free(t);
	diags_done(&d);
}

static double seconds_since(struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_MONOTONIC, &b);
	return (double)(b.tv_sec - a->tv_sec) + (double)(b.tv_nsec - a->tv_nsec) / 1e9;
}

static void test_huge_line(void)
{
	size_t n = 10 << 20;
	char *buf = xmalloc(n);
	struct diags d;
	struct transcript *t;
	struct timespec t0;
	size_t s, e;

	for (size_t i = 0; i < n; i++)
		buf[i] = "word "[i % 5];
	diags_init(&d);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	t = mem(buf, n, &d);
	OK(seconds_since(&t0) < 5.0, "10 MB single line loads quickly");
	IS_INT(t->nlines, 1, "one line");
	IS_INT(t->words, n / 5, "2M words");
	IS_INT(transcript_words(t, n / 2, n / 2 + 50), 10, "words in a range of the line");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	transcript_sentence_bounds(t, n / 2, &s, &e);
	OK(s == 0 && e == n - 1, "sentence of the whole line");
	transcript_free(t);
	memset(buf, '.', n);
	memcpy(buf, "AMARA AMARA AMARA AMARA", 23);
	t = mem(buf, n, &d);
	transcript_sentence_bounds(t, n / 2, &s, &e);
	OK(e <= n, "sentence bounds in a line of dots");
	IS_INT(t->nturns, 0, "no turn in a line without colon");
	OK(seconds_since(&t0) < 5.0, "huge lines of dots are linear");
	transcript_free(t);
	diags_done(&d);
	free(buf);
}

/* speakers_of: the speakers of s's turns joined by '|', each with the first bytes of its
 * text */
static const char *speakers_of(const char *s, const struct speaker_rules *r)
{
	static char buf[512];
	struct diags d;
	struct transcript *t;
	size_t n = 0;

	diags_init(&d);
	t = transcript_load_mem_rules(s, strlen(s), "t.txt", 0, r, &d);
	buf[0] = '\0';
	for (size_t i = 0; i < t->nturns && n < sizeof(buf); i++) {
		const char *x = t->text + t->turns[i].start;
		int w = (int)strcspn(x, "\n");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s=%.*s", i ? "|" : "",
		                      t->turns[i].speaker, w < 3 ? w : 3, x);
	}
	transcript_free(t);
	diags_done(&d);
	return buf;
}

static void test_real_labels(void)
{
	const char *names[] = {"moi", "Grand-mère"};
	struct speaker_rules known = {NULL, names, 2};
	struct speaker_rules pat = {"^-- (\\w+) --", NULL, 0};
	struct speaker_rules bare = {"^Q\\.", NULL, 0};

	IS_STR(speakers_of("interviewee: yes\nINTERVIEWER: no\n", NULL),
	       "interviewee=yes|INTERVIEWER=no", "role word in lower case");
	IS_STR(speakers_of("Interviewer1 : oui\nenquêtée : non\n", NULL),
	       "Interviewer1=oui|enquêtée=non", "French space before the colon");
	IS_STR(speakers_of("Amara\xC2\xA0: oui\nBen\xE2\x80\xAF: non\n", NULL), "Amara=oui|Ben=non",
	       "no-break spaces before the colon");
	IS_STR(speakers_of(" interviewer 2: a\n\tP03: b\n", NULL), "interviewer 2=a|P03=b",
	       "leading blanks, numbered");
	IS_STR(
	    speakers_of("Speaker 1  0:05\nHello there.\nmore\n\nSpeaker 2  1:02:03\nHi.\n", NULL),
	    "Speaker 1=Hel|Speaker 2=Hi.", "Otter layout: text below");
	IS_STR(speakers_of("Amara Okafor (00:12):\nYes.\n", NULL), "Amara Okafor=Yes",
	       "Rev layout");
	IS_STR(speakers_of("note: lowercase\nso this is it: x\nWe met at 10:30\n", NULL), "",
	       "ordinary sentences stay text");
	IS_STR(speakers_of("We Met At 10:30 today\n", NULL), "", "time inside a sentence");
	IS_STR(speakers_of("moi : oui\ngrand-mère: non\nnote: x\n", &known),
	       "moi=oui|grand-mère=non", "known speakers in any case");
	IS_STR(speakers_of("-- ana -- hi\n-- ben --\nbelow\n", &pat), "ana=hi|ben=bel",
	       "speaker_pattern with a group, header layout");
	IS_STR(speakers_of("Q. what\n", &bare), "Q.=wha", "speaker_pattern without a group");
	IS_STR(speakers_of("x -- ana -- hi\n", &pat), "", "pattern must match at the start");
}

int main(void)
{
	test_fixture();
	test_sentences();
	test_speakers();
	test_real_labels();
	test_encoding();
	test_bad_front();
	test_empty();
	test_offsets();
	test_words();
	test_huge_line();
	return t_done();
}
