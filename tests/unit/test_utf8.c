/* test_utf8.c — decoding, counting, widths and display sanitizing. */
#include "gloss/utf8.h"

#include <stdlib.h>

#include "t.h"

static uint32_t dec(const char *s, size_t n, size_t *k)
{
	uint32_t cp;

	*k = utf8_decode(s, n, &cp);
	return cp;
}

static void test_decode(void)
{
	size_t k;

	IS_INT(dec("A", 1, &k), 'A', "ascii");
	IS_INT(k, 1, "ascii length");
	IS_INT(dec("\xC3\xA9", 2, &k), 0xE9, "two bytes");
	IS_INT(k, 2, "two bytes length");
	IS_INT(dec("\xE2\x80\x99", 3, &k), 0x2019, "three bytes");
	IS_INT(dec("\xF0\x9F\x98\x80", 4, &k), 0x1F600, "four bytes");
	IS_INT(k, 4, "four bytes length");
	IS_INT(dec("\xC0\xAF", 2, &k), UTF8_REPLACEMENT, "overlong C0 AF");
	IS_INT(k, 1, "overlong consumes one byte");
	IS_INT(dec("\xE0\x80\xAF", 3, &k), UTF8_REPLACEMENT, "overlong three bytes");
	IS_INT(dec("\xF0\x80\x80\xAF", 4, &k), UTF8_REPLACEMENT, "overlong four bytes");
	IS_INT(dec("\xED\xA0\x80", 3, &k), UTF8_REPLACEMENT, "surrogate D800");
	IS_INT(k, 1, "surrogate consumes one byte");
	IS_INT(dec("\xF4\x90\x80\x80", 4, &k), UTF8_REPLACEMENT, "above U+10FFFF");
	IS_INT(dec("\xE2\x80", 2, &k), UTF8_REPLACEMENT, "truncated at end");
	IS_INT(k, 1, "truncated consumes one byte");
	IS_INT(dec("\xE2\x41\x41", 3, &k), UTF8_REPLACEMENT, "bad continuation");
	IS_INT(dec("\x80", 1, &k), UTF8_REPLACEMENT, "lone continuation");
	IS_INT(dec("\xFF", 1, &k), UTF8_REPLACEMENT, "FF byte");
	IS_INT(dec("\xEF\xBF\xBD", 3, &k), UTF8_REPLACEMENT, "real U+FFFD");
	IS_INT(k, 3, "real U+FFFD is three bytes");
}

static void test_encode_valid(void)
{
	char buf[4];
	size_t bad = 99;

	IS_INT(utf8_encode(0x20AC, buf), 3, "encode euro length");
	OK(memcmp(buf, "\xE2\x82\xAC", 3) == 0, "encode euro bytes");
	IS_INT(utf8_encode(0xD800, buf), 3, "encode surrogate gives U+FFFD");
	OK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0, "encode surrogate bytes");
	IS_INT(utf8_encode(0x10FFFF, buf), 4, "encode max");
	OK(utf8_valid("caf\xC3\xA9", 5, &bad), "valid text");
	OK(!utf8_valid("ab\0c", 4, &bad), "NUL is not valid");
	IS_INT(bad, 2, "NUL offset");
	OK(!utf8_valid("abc\xC3", 4, &bad), "truncated is not valid");
	IS_INT(bad, 3, "truncated offset");
	OK(!utf8_valid("a\xED\xBF\xBF", 4, &bad), "surrogate is not valid");
	IS_INT(bad, 1, "surrogate offset");
}

static void test_count_advance(void)
{
	const char *s = "a\xC3\xA9\xE2\x80\x99\xF0\x9F\x98\x80z"; /* a é ’ 😀 z */
	size_t n = strlen(s);

	IS_INT(utf8_count(s, n), 5, "count mixed");
	IS_INT(utf8_count("\xFF\xFE", 2), 2, "count invalid bytes one each");
	IS_INT(utf8_count("\xE2\x80", 2), 2, "count truncated bytes one each");
	IS_INT(utf8_advance(s, n, 0), 0, "advance 0");
	IS_INT(utf8_advance(s, n, 2), 3, "advance 2");
	IS_INT(utf8_advance(s, n, 4), 10, "advance 4");
	IS_INT(utf8_advance(s, n, 99), n, "advance clamps");
	IS_INT(utf8_prev(s, n), 10, "prev of z");
	IS_INT(utf8_prev(s, 10), 6, "prev of emoji");
	IS_INT(utf8_prev(s, 3), 1, "prev of e acute");
	IS_INT(utf8_prev("a\xE2\x80", 3), 2, "prev of a dangling continuation");
	IS_INT(utf8_prev(s, 0), 0, "prev of 0");
}

static void test_width(void)
{
	IS_INT(utf8_width('a'), 1, "ascii width");
	IS_INT(utf8_width(0x4E2D), 2, "CJK width 2");
	IS_INT(utf8_width(0xAC00), 2, "Hangul width 2");
	IS_INT(utf8_width(0xFF21), 2, "fullwidth A width 2");
	IS_INT(utf8_width(0x1F600), 2, "emoji width 2");
	IS_INT(utf8_width(0x0301), 0, "combining acute width 0");
	IS_INT(utf8_width(0x200B), 0, "zero width space");
	IS_INT(utf8_width(0x1B), -1, "ESC is a control");
	IS_INT(utf8_width(0x9B), -1, "CSI C1 is a control");
	IS_INT(utf8_width(0xE9), 1, "latin-1 letter width 1");
}

static void sanitized(const char *in, size_t n, bool keep, const char *want, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	utf8_sanitize_display(&sb, in, n, keep);
	IS_STR(sb.data ? sb.data : "", want, name);
	sb_done(&sb);
}

static void test_sanitize(void)
{
	const char csi[] = "a\x1b[2Jb";
	const char osc[] = "\x1b]0;pwned\x07x";
	const char c1[] = "\xC2\x9B"
	                  "31m";

	sanitized("plain text", 10, false, "plain text", "plain ascii unchanged");
	sanitized(csi, strlen(csi), false, "a\xE2\x90\x9B[2Jb", "CSI: ESC shown as U+241B");
	sanitized(osc, strlen(osc), false, "\xE2\x90\x9B]0;pwned\xE2\x90\x87x",
	          "OSC: ESC and BEL shown as pictures");
	sanitized(c1, strlen(c1), false,
	          "\xEF\xBF\xBD"
	          "31m",
	          "C1 CSI shown as U+FFFD");
	sanitized("a\nb\tc", 5, true, "a\nb\tc", "newline and tab kept");
	sanitized("a\nb\tc", 5, false,
	          "a\xE2\x90\x8A"
	          "b\xE2\x90\x89"
	          "c",
	          "newline and tab as pictures");
	sanitized("x\x7fy", 3, false, "x\xE2\x90\xA1y", "DEL as U+2421");
	sanitized("a\rb", 3, true,
	          "a\xE2\x90\x8D"
	          "b",
	          "CR as U+240D");
	sanitized("\xFF\xC3", 2, false, "\xEF\xBF\xBD\xEF\xBF\xBD", "invalid bytes as U+FFFD");
	sanitized("a\0b", 3, false,
	          "a\xE2\x90\x80"
	          "b",
	          "NUL as U+2400");
	sanitized("\xE2\x80\xAE"
	          "evil",
	          7, false,
	          "\xEF\xBF\xBD"
	          "evil",
	          "RLO override replaced");
	sanitized("caf\xC3\xA9 \xE4\xB8\xAD", 9, false, "caf\xC3\xA9 \xE4\xB8\xAD",
	          "non-ASCII text kept");
}

static void test_classes(void)
{
	OK(utf8_is_word('a') && utf8_is_word('Z') && utf8_is_word('7'), "ascii word chars");
	OK(!utf8_is_word('\'') && !utf8_is_word('-') && !utf8_is_word(' '), "ascii non-word");
	OK(utf8_is_word(0xE9) && utf8_is_word(0x4E2D) && utf8_is_word(0x0301), "non-ascii word");
	OK(!utf8_is_word(0x2019) && !utf8_is_word(0x2014) && !utf8_is_word(0xA0),
	   "typographic punctuation is not a word");
	OK(!utf8_is_word(0x3002) && !utf8_is_word(0xFF0C), "CJK punctuation is not a word");
	OK(!utf8_is_word(0xFF3B) && !utf8_is_word(0xFF5B), "fullwidth brackets are not words");
	OK(!utf8_is_word(0xFEFF), "BOM is not a word");
	OK(utf8_is_space(0xA0) && utf8_is_space(0x3000) && utf8_is_space('\n'), "spaces");
	OK(!utf8_is_space('x') && !utf8_is_space(0x200B), "non-spaces");
	OK(utf8_unsafe(0x1B) && utf8_unsafe(0x85) && !utf8_unsafe(0xE9), "unsafe");
	IS_INT(utf8_placeholder(0x1B), 0x241B, "ESC placeholder");
}

/* ref_clean_len: the clean prefix by another route (utf8_decode), the reference for both
 * utf8_clean_len (vectors where the processor has them) and utf8_clean_len_scalar. */
static size_t ref_clean_len(const char *s, size_t n, bool cr)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (s[i] == '\0' || (cr && s[i] == '\r'))
			break;
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1)
			break;
		i += k;
	}
	return i;
}

/* clean_agree: all three agree on s[0..n) for both CR settings; counts disagreements */
static int clean_agree(const char *s, size_t n)
{
	int bad = 0;

	for (int cr = 0; cr < 2; cr++) {
		size_t want = ref_clean_len(s, n, cr);
		bad += utf8_clean_len(s, n, cr) != want;
		bad += utf8_clean_len_scalar(s, n, cr) != want;
	}
	return bad;
}

static void test_clean_len(void)
{
	char buf[200];
	static const int offs[] = {14, 15, 16, 17, 62, 63, 64, 65}; /* around block edges */
	int bad = 0;
	static const unsigned char probe[] = {0x00, 0x0D, 0x41, 0x7F, 0x80, 0x8F, 0x90,
	                                      0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
	                                      0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
	static const unsigned char leads[] = {0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0,
	                                      0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF};
	static const char *const frag[] = {"a",
	                                   " ",
	                                   "\n",
	                                   "\r",
	                                   "\r\n",
	                                   "\xC3\xA9",
	                                   "\xE2\x80\x99",
	                                   "\xF0\x9F\x98\x80",
	                                   "\x80",
	                                   "\xC3",
	                                   "\xE2\x80",
	                                   "\xFF",
	                                   "\xED\xA0\x80",
	                                   "\xC0\xAF",
	                                   "\xF4\x90\x80\x80",
	                                   "\xEF\xBF\xBD",
	                                   "\0",
	                                   "abcdefghijklmnop"};
	size_t nfrag = sizeof(frag) / sizeof(frag[0]);

	IS_INT(utf8_clean_len("", 0, true), 0, "clean: empty");
	IS_INT(utf8_clean_len("caf\xC3\xA9", 5, true), 5, "clean: valid text");
	IS_INT(utf8_clean_len("ab\r\ncd", 6, true), 2, "clean: stops at CR");
	IS_INT(utf8_clean_len("ab\r\ncd", 6, false), 6, "clean: CR allowed");
	IS_INT(utf8_clean_len("0123456789abcdef0123\xE2\x80", 22, true), 20,
	       "clean: cut short at the end (second block)");
	IS_INT(utf8_clean_len("0123456789abcde\xE2\x80\x99xyz", 21, true), 21,
	       "clean: a sequence across a 16-byte boundary");
	IS_INT(utf8_clean_len("0123456789abcde\xE2\x80xyz", 20, true), 15,
	       "clean: a sequence cut short across a 16-byte boundary");

	/* every pair of bytes (lead and follower) at every offset around the first block
	 * boundary, in ASCII and in multibyte surroundings */
	for (int fill = 0; fill < 2; fill++)
		for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
			for (int b0 = 0, off = offs[o]; b0 < 256; b0++)
				for (int b1 = 0; b1 < 256; b1++) {
					size_t n = 80;
					for (size_t i = 0; i < n; i += 2)
						memcpy(buf + i, fill ? "\xC3\xA9" : "ab", 2);
					buf[off] = (char)b0;
					buf[off + 1] = (char)b1;
					bad += clean_agree(buf, n);
				}
	IS_INT(bad, 0, "clean: every byte pair at block and chunk edges agrees with utf8_decode");

	/* three- and four-byte leads with every kind of follower, across the boundary */
	bad = 0;
	for (size_t o = 0; o < sizeof(offs) / sizeof(offs[0]); o++)
		for (size_t l = 0; l < sizeof(leads); l++)
			for (size_t p1 = 0; p1 < sizeof(probe); p1++)
				for (size_t p2 = 0; p2 < sizeof(probe); p2++)
					for (size_t p3 = 0; p3 < sizeof(probe); p3++) {
						memset(buf, 'x', 80);
						int off = offs[o] - 1;
						buf[off] = (char)leads[l];
						buf[off + 1] = (char)probe[p1];
						buf[off + 2] = (char)probe[p2];
						buf[off + 3] = (char)probe[p3];
						bad += clean_agree(buf, 80);
						bad += clean_agree(buf, (size_t)off + 2);
						bad += clean_agree(buf, (size_t)off + 3);
					}
	IS_INT(bad, 0, "clean: long sequences, cut and whole, agree with utf8_decode");

	/* random texts from fragments, a fixed seed */
	bad = 0;
	srand(12345);
	for (int r = 0; r < 100000; r++) {
		size_t n = 0;
		while (n < sizeof(buf) - 16) {
			const char *f = frag[(size_t)rand() % nfrag];
			size_t k = *f ? strlen(f) : 1;
			if (rand() % 4 && (unsigned char)f[0] >= 0x80 &&
			    !(f[0] == '\xC3' && f[1] == '\xA9'))
				f = "e", k = 1; /* mostly clean, so errors land anywhere */
			memcpy(buf + n, f, k);
			n += k;
			if (rand() % 16 == 0)
				break;
		}
		bad += clean_agree(buf, n);
	}
	IS_INT(bad, 0, "clean: 100000 random texts agree with utf8_decode");
}

int main(void)
{
	test_decode();
	test_encode_valid();
	test_count_advance();
	test_width();
	test_sanitize();
	test_classes();
	test_clean_len();
	return t_done();
}
