/* uuid.c — SHA-1 and name-based (version 5) UUIDs; see uuid.h. */
#include "gloss/uuid.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gloss/util.h"

struct sha1 {
	uint32_t h[5];
	uint8_t block[64];
	size_t fill;
	uint64_t bits;
};

static uint32_t rol(uint32_t x, int n)
{
	return (x << n) | (x >> (32 - n));
}

static void sha1_block(struct sha1 *s)
{
	uint32_t w[80], a = s->h[0], b = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4];

	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)s->block[4 * i] << 24 | (uint32_t)s->block[4 * i + 1] << 16 |
		       (uint32_t)s->block[4 * i + 2] << 8 | s->block[4 * i + 3];
	for (int i = 16; i < 80; i++)
		w[i] = rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
	for (int i = 0; i < 80; i++) {
		uint32_t f, k, t;
		if (i < 20)
			f = (b & c) | (~b & d), k = 0x5A827999;
		else if (i < 40)
			f = b ^ c ^ d, k = 0x6ED9EBA1;
		else if (i < 60)
			f = (b & c) | (b & d) | (c & d), k = 0x8F1BBCDC;
		else
			f = b ^ c ^ d, k = 0xCA62C1D6;
		t = rol(a, 5) + f + e + k + w[i];
		e = d, d = c, c = rol(b, 30), b = a, a = t;
	}
	s->h[0] += a, s->h[1] += b, s->h[2] += c, s->h[3] += d, s->h[4] += e;
	s->fill = 0;
}

static void sha1_add(struct sha1 *s, const uint8_t *p, size_t n)
{
	s->bits += (uint64_t)n * 8;
	while (n--) {
		s->block[s->fill++] = *p++;
		if (s->fill == 64)
			sha1_block(s);
	}
}

void uuid_sha1(const void *data, size_t len, uint8_t out[20])
{
	struct sha1 s = {{0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0}, {0}, 0, 0};
	uint64_t bits;

	sha1_add(&s, data, len);
	bits = s.bits;
	s.block[s.fill++] = 0x80;
	if (s.fill > 56) {
		memset(s.block + s.fill, 0, 64 - s.fill);
		sha1_block(&s);
	}
	memset(s.block + s.fill, 0, 56 - s.fill);
	for (int i = 0; i < 8; i++)
		s.block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	sha1_block(&s);
	for (int i = 0; i < 20; i++)
		out[i] = (uint8_t)(s.h[i / 4] >> (24 - 8 * (i % 4)));
}

/* gloss's namespace UUID (6b1f3c52-0e4d-5a8c-9d21-470ac5736e19), chosen once and fixed
 * here so GUIDs never change between versions of gloss. */
static const uint8_t gloss_ns[16] = {0x6b, 0x1f, 0x3c, 0x52, 0x0e, 0x4d, 0x5a, 0x8c,
                                     0x9d, 0x21, 0x47, 0x0a, 0xc5, 0x73, 0x6e, 0x19};

void uuid_v5(const char *name, char out[UUID_STR_LEN])
{
	size_t n = strlen(name);
	uint8_t *buf = xmalloc(16 + n), d[20];

	memcpy(buf, gloss_ns, 16);
	memcpy(buf + 16, name, n);
	uuid_sha1(buf, 16 + n, d);
	free(buf);
	d[6] = (uint8_t)((d[6] & 0x0F) | 0x50);
	d[8] = (uint8_t)((d[8] & 0x3F) | 0x80);
	snprintf(out, UUID_STR_LEN,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0], d[1],
	         d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14],
	         d[15]);
}
