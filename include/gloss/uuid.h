/* uuid.h — name-based UUIDs (RFC 4122 version 5: SHA-1 of a namespace and a name).
 *
 * The REFI-QDA export names every object with a GUID. gloss derives them from stable
 * names (a code's id, a transcript's path, a coder's name), so two exports of the same
 * project carry the same GUIDs and can be compared with diff. */
#ifndef GLOSS_UUID_H
#define GLOSS_UUID_H

#include <stddef.h>
#include <stdint.h>

#define UUID_STR_LEN 37 /* "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" and its NUL */

/* uuid_sha1: the SHA-1 digest (FIPS 180-4) of data[0..len) into out. */
void uuid_sha1(const void *data, size_t len, uint8_t out[20]);
/* uuid_v5: the version-5 UUID of name in gloss's namespace (a fixed UUID), written in
 * lower-case hex with dashes into out. */
void uuid_v5(const char *name, char out[UUID_STR_LEN]);

#endif
