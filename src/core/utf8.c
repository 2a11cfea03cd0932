/* utf8.c — UTF-8 decoding, widths and terminal-safe rendering. */
#include "gloss/utf8.h"

#include <string.h>
#include <wchar.h>

size_t utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2, c &= 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3, c &= 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	if (n < len) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = UTF8_REPLACEMENT;
			return 1;
		}
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = UTF8_REPLACEMENT;
		return 1;
	}
	*cp = c;
	return len;
}

size_t utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ---- finding the clean prefix: valid UTF-8 without NUL (and CR) -------------------- */

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS ((uint64_t)0x8080808080808080u)

/* ascii_clean8: the eight bytes at p are ASCII with no NUL and, if cr, no CR. */
static bool ascii_clean8(const char *p, bool cr)
{
	uint64_t x, c;

	memcpy(&x, p, sizeof(x));
	c = x ^ (ONES * (cr ? '\r' : '\0'));
	return ((x | ((x - ONES) & ~x) | ((c - ONES) & ~c)) & HIGHS) == 0;
}

/* seq_len: the length of the valid sequence at s[0..n) with lead byte c >= 0x80, or 0 when
 * it is invalid (overlong, surrogate, out of range, truncated). */
static inline size_t seq_len(const unsigned char *s, size_t n, unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
	if (c >= 0xE0 && c <= 0xEF) {
		if (n < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (n < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
		    (s[3] & 0xC0) != 0x80)
			return 0;
		if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
			return 0;
		return 4;
	}
	return 0;
}

size_t utf8_clean_len_scalar(const char *str, size_t n, bool stop_cr)
{
	const unsigned char *u = (const unsigned char *)str;
	size_t i = 0;

	while (i < n) {
		unsigned char c = u[i];
		size_t k;

		if (i + 8 <= n && ascii_clean8(str + i, stop_cr)) {
			i += 8;
			continue;
		}
		if (c < 0x80) {
			if (c == '\0' || (c == '\r' && stop_cr))
				break;
			i++;
			continue;
		}
		k = seq_len(u + i, n - i, c);
		if (k == 0)
			break;
		i += k;
	}
	return i;
}

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>

/* The "lookup" algorithm of Keiser and Lemire, "Validating UTF-8 in less than one
 * instruction per byte" (Software: Practice and Experience, 2021), as simdjson and simdutf
 * use it, on 16-byte SSSE3 vectors: three table lookups on the nibbles of each byte and of
 * the byte before it classify every two-byte error; the bytes two and three after a
 * three- or four-byte lead must be continuations. A non-zero result is an error. */
#define TOO_SHORT (1 << 0)
#define TOO_LONG (1 << 1)
#define OVERLONG_3 (1 << 2)
#define TOO_LARGE (1 << 3)
#define SURROGATE (1 << 4)
#define OVERLONG_2 (1 << 5)
#define TOO_LARGE_1000 (1 << 6)
#define OVERLONG_4 (1 << 6)
#define TWO_CONTS (1 << 7)
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

#define SSSE3_INLINE __attribute__((target("ssse3"), always_inline)) static inline

SSSE3_INLINE __m128i block_errors(__m128i in, __m128i prev_in)
{
	const __m128i b1h_tab = _mm_setr_epi8(
	    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS, (char)TWO_CONTS,
	    TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
	    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m128i b1l_tab = _mm_setr_epi8(
	    (char)(CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4), (char)(CARRY | OVERLONG_2),
	    (char)CARRY, (char)CARRY, (char)(CARRY | TOO_LARGE),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE),
	    (char)(CARRY | TOO_LARGE | TOO_LARGE_1000), (char)(CARRY | TOO_LARGE | TOO_LARGE_1000));
	const __m128i b2h_tab = _mm_setr_epi8(
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
	    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
	    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
	    (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE), TOO_SHORT, TOO_SHORT,
	    TOO_SHORT, TOO_SHORT);
	const __m128i nib = _mm_set1_epi8(0x0F);
	__m128i prev1 = _mm_alignr_epi8(in, prev_in, 15);
	__m128i b1h = _mm_shuffle_epi8(b1h_tab, _mm_and_si128(_mm_srli_epi16(prev1, 4), nib));
	__m128i b1l = _mm_shuffle_epi8(b1l_tab, _mm_and_si128(prev1, nib));
	__m128i b2h = _mm_shuffle_epi8(b2h_tab, _mm_and_si128(_mm_srli_epi16(in, 4), nib));
	__m128i special = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);
	__m128i third = _mm_subs_epu8(_mm_alignr_epi8(in, prev_in, 14), _mm_set1_epi8(0xE0 - 0x80));
	__m128i fourth =
	    _mm_subs_epu8(_mm_alignr_epi8(in, prev_in, 13), _mm_set1_epi8(0xF0 - 0x80));
	__m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));

	return _mm_xor_si128(must23, special);
}

/* block_bad: non-zero where the 16 bytes in (after the 16 bytes prev_in) have an encoding
 * error, a NUL or a CR (crv: CR, or NUL when CR is allowed) */
SSSE3_INLINE __m128i block_bad(__m128i in, __m128i prev_in, __m128i crv)
{
	__m128i bad =
	    _mm_or_si128(_mm_cmpeq_epi8(in, _mm_setzero_si128()), _mm_cmpeq_epi8(in, crv));

	return _mm_or_si128(bad, block_errors(in, prev_in));
}

SSSE3_INLINE bool none_bad(__m128i bad)
{
	return _mm_movemask_epi8(_mm_cmpeq_epi8(bad, _mm_setzero_si128())) == 0xFFFF;
}

/* clean_len_ssse3: the first 64-byte chunk with a problem is found with vectors (the
 * input followed by a block of spaces, so a sequence cut short by the end is one); the
 * exact offset is then found by the scalar scan, from the start of the character that
 * may reach into that chunk. */
__attribute__((target("ssse3"))) static size_t clean_len_ssse3(const char *s, size_t n, bool cr)
{
	const __m128i crv = _mm_set1_epi8(cr ? '\r' : '\0');
	__m128i prev = _mm_set1_epi8(' '), in[4], bad;
	char tail[16];
	size_t i = 0, b;

	for (; i + 64 <= n; i += 64) {
		for (int k = 0; k < 4; k++)
			in[k] = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16 * k));
		bad = _mm_or_si128(
		    _mm_or_si128(block_bad(in[0], prev, crv), block_bad(in[1], in[0], crv)),
		    _mm_or_si128(block_bad(in[2], in[1], crv), block_bad(in[3], in[2], crv)));
		if (!none_bad(bad))
			goto found;
		prev = in[3];
	}
	for (; i + 16 <= n; i += 16) {
		in[0] = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		if (!none_bad(block_bad(in[0], prev, crv)))
			goto found;
		prev = in[0];
	}
	memset(tail, ' ', sizeof(tail));
	memcpy(tail, s + i, n - i);
	in[0] = _mm_loadu_si128((const __m128i *)(const void *)tail);
	if (none_bad(block_bad(in[0], prev, crv)))
		return n;
found:
	b = i >= 3 ? i - 3 : 0;
	while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
		b--;
	return b + utf8_clean_len_scalar(s + b, n - b, cr);
}

size_t utf8_clean_len(const char *s, size_t n, bool stop_cr)
{
	if (__builtin_cpu_supports("ssse3"))
		return clean_len_ssse3(s, n, stop_cr);
	return utf8_clean_len_scalar(s, n, stop_cr);
}
#else
size_t utf8_clean_len(const char *s, size_t n, bool stop_cr)
{
	return utf8_clean_len_scalar(s, n, stop_cr);
}
#endif

bool utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	size_t i = utf8_clean_len(s, n, false);

	if (i == n)
		return true;
	if (bad_off)
		*bad_off = i;
	return false;
}

size_t utf8_count(const char *s, size_t n)
{
	size_t count = 0;

	/* every byte that is not a continuation byte starts a code point; invalid
	 * continuation bytes (not after a lead byte) are counted by the slow path */
	for (size_t i = 0; i < n;) {
		uint32_t cp;

		if ((unsigned char)s[i] < 0x80) {
			i++;
		} else {
			i += utf8_decode(s + i, n - i, &cp);
		}
		count++;
	}
	return count;
}

size_t utf8_advance(const char *s, size_t n, size_t ncp)
{
	size_t i = 0;

	while (i < n && ncp > 0) {
		uint32_t cp;

		if ((unsigned char)s[i] < 0x80)
			i++;
		else
			i += utf8_decode(s + i, n - i, &cp);
		ncp--;
	}
	return i;
}

size_t utf8_prev(const char *s, size_t off)
{
	size_t i = off;
	uint32_t cp;

	if (off == 0)
		return 0;
	/* step back over at most 3 continuation bytes, then check the sequence decodes
	 * to exactly off; otherwise the previous byte is a lone invalid byte */
	for (size_t k = 1; k <= 4 && k <= off; k++) {
		i = off - k;
		if (((unsigned char)s[i] & 0xC0) != 0x80) {
			if (utf8_decode(s + i, k, &cp) == k)
				return i;
			break;
		}
	}
	return off - 1;
}

struct range {
	uint32_t lo, hi;
};

/* clang-format off */
static const struct range zero_width[] = {
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF}, {0x05C1, 0x05C2},
	{0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A}, {0x064B, 0x065F}, {0x0670, 0x0670},
	{0x06D6, 0x06DC}, {0x06DF, 0x06E4}, {0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x0900, 0x0902},
	{0x093A, 0x093A}, {0x093C, 0x093C}, {0x0941, 0x0948}, {0x094D, 0x094D}, {0x0951, 0x0957},
	{0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x0E47, 0x0E4E}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF},
	{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x20D0, 0x20FF}, {0x302A, 0x302D},
	{0x3099, 0x309A}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF}, {0xE0100, 0xE01EF},
};

static const struct range wide[] = {
	{0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0},
	{0x23F3, 0x23F3}, {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F},
	{0x2693, 0x2693}, {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5},
	{0x26CE, 0x26CE}, {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5},
	{0x26FA, 0x26FA}, {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728},
	{0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797},
	{0x27B0, 0x27B0}, {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55},
	{0x2E80, 0x303E}, {0x3041, 0x33FF}, {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF},
	{0xA960, 0xA97F}, {0xAC00, 0xD7A3}, {0xF900, 0xFAFF}, {0xFE10, 0xFE19}, {0xFE30, 0xFE6F},
	{0xFF00, 0xFF60}, {0xFFE0, 0xFFE6}, {0x1F004, 0x1F004}, {0x1F0CF, 0x1F0CF},
	{0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F200, 0x1F251}, {0x1F300, 0x1F64F},
	{0x1F680, 0x1F6FF}, {0x1F900, 0x1F9FF}, {0x1FA70, 0x1FAFF}, {0x20000, 0x3FFFD},
};
/* clang-format on */

static bool in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

int utf8_width(uint32_t cp)
{
	if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
		return -1;
	if (cp < 0x300)
		return 1;
	if (in_ranges(cp, zero_width, ARRAY_LEN(zero_width)))
		return 0;
	if (in_ranges(cp, wide, ARRAY_LEN(wide)))
		return 2;
	return 1;
}

bool utf8_unsafe(uint32_t cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) ||
	       (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

uint32_t utf8_placeholder(uint32_t cp)
{
	if (cp < 0x20)
		return 0x2400 + cp; /* ␀ .. ␟, ESC is ␛ */
	if (cp == 0x7F)
		return 0x2421; /* ␡ */
	return UTF8_REPLACEMENT;
}

void utf8_sanitize_display(struct strbuf *out, const char *s, size_t n, bool keep_newlines)
{
	size_t i = 0;

	while (i < n) {
		size_t run = i;
		uint32_t cp;
		size_t k;
		char buf[4];

		/* copy runs of plain printable ASCII at once */
		while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x7F)
			run++;
		if (run > i) {
			sb_add(out, s + i, run - i);
			i = run;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (keep_newlines && (cp == '\n' || cp == '\t'))
			sb_addc(out, (char)cp);
		else if (utf8_unsafe(cp))
			sb_add(out, buf, utf8_encode(utf8_placeholder(cp), buf));
		else
			sb_add(out, buf, utf8_encode(cp, buf));
		i += k;
	}
}

bool utf8_is_space(uint32_t cp)
{
	return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x1680 ||
	       (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
	       cp == 0x205F || cp == 0x3000;
}

bool utf8_is_word(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		       (cp >= 'A' && cp <= 'Z');
	if (utf8_is_space(cp) || cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	if (cp == 0xD7 || cp == 0xF7)
		return false;
	/* general punctuation, symbols, arrows, box drawing, CJK punctuation, fullwidth
	 * punctuation, replacement character */
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 && cp <= 0x303F) ||
	    (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	    (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65) ||
	    (cp >= 0x2E00 && cp <= 0x2E7F) || cp == 0xFEFF || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	    cp == UTF8_REPLACEMENT || (cp >= 0x1F000 && cp <= 0x1FAFF))
		return false;
	return true;
}

uint32_t utf8_fold_punct(uint32_t cp)
{
	switch (cp) {
	case 0x201C:
	case 0x201D:
	case 0x201E:
	case 0x201F:
	case 0x2033:
		return '"';
	case 0x2018:
	case 0x2019:
	case 0x201A:
	case 0x201B:
	case 0x2032:
		return '\'';
	case 0x2012:
	case 0x2013:
	case 0x2014:
	case 0x2015:
	case 0x2212:
		return '-';
	default:
		return cp;
	}
}
