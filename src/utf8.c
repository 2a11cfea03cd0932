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

/* ascii8: eight bytes at p are ASCII with no NUL. */
static bool ascii8(const char *p)
{
	const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
	uint64_t x;

	memcpy(&x, p, sizeof(x));
	return ((x | ((x - ones) & ~x)) & highs) == 0;
}

bool utf8_valid(const char *s, size_t n, size_t *bad_off)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t k;

		if (i + 8 <= n && ascii8(s + i)) {
			i += 8;
			continue;
		}
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				goto bad;
			i++;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == UTF8_REPLACEMENT && k == 1)
			goto bad;
		i += k;
	}
	return true;
bad:
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
