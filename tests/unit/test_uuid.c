/* test_uuid.c — SHA-1 (FIPS 180-4 test vectors) and version-5 UUIDs (checked against
 * Python's uuid.uuid5 with gloss's namespace). */
#include "gloss/uuid.h"

#include <stdio.h>
#include <stdlib.h>

#include "gloss/util.h"
#include "t.h"

static char *hex(const char *s, size_t n)
{
	uint8_t d[20];
	static char out[41];

	uuid_sha1(s, n, d);
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
	return out;
}

int main(void)
{
	char g[UUID_STR_LEN], *million = xmalloc(1000000);

	IS_STR(hex("", 0), "da39a3ee5e6b4b0d3255bfef95601890afd80709", "SHA-1 of the empty string");
	IS_STR(hex("abc", 3), "a9993e364706816aba3e25717850c26c9cd0d89d", "SHA-1 of abc");
	IS_STR(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56),
	       "84983e441c3bd26ebaae4aa1f95129e5e54670f1", "SHA-1 of the 448-bit message");
	memset(million, 'a', 1000000);
	IS_STR(hex(million, 1000000), "34aa973cd4c4daa4f61eeb2bdbad27316534016f",
	       "SHA-1 of a million a's (many blocks)");
	IS_STR(hex(million, 55), hex(million, 55), "55 bytes (padding in one block) is stable");
	free(million);

	uuid_v5("code:arena", g);
	IS_STR(g, "bd4570f3-e107-5847-b1bb-40fa7988d3e8", "uuid_v5 agrees with Python's uuid5");
	uuid_v5("user:ana", g);
	IS_STR(g, "a14e2292-7a00-5503-aae6-abbbfa731d51", "uuid_v5 of a coder");
	uuid_v5("", g);
	IS_STR(g, "cccad3b0-c0bd-57bb-a287-dbf5c94b9587", "uuid_v5 of the empty name");
	OK(g[14] == '5' && strchr("89ab", g[19]), "version 5, RFC 4122 variant");
	return t_done();
}
