/* mkzip — build zip archives for the interchange tests, hostile ones included.
 *
 *   mkzip OUT SPEC...
 *     NAME=FILE        an entry NAME holding the contents of FILE (NAME may be anything,
 *                      "../x" or "/etc/x" included)
 *     link:NAME=TARGET a symbolic link entry (Unix mode 0120777) pointing at TARGET
 *     zeros:NAME=N     an entry of N zero bytes (a zip bomb when N is large)
 *     --lie            afterwards, make every entry declare one byte less than it holds
 *                      (sizes in the local headers and the central directory)
 *     --declare N      afterwards, make every entry declare N bytes uncompressed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

static void patch_sizes(unsigned char *b, size_t n, long declare)
{
	for (size_t i = 0; i + 46 <= n; i++) {
		size_t off = 0;
		if (memcmp(b + i, "PK\x01\x02", 4) == 0)
			off = i + 24; /* central directory: uncompressed size */
		else if (memcmp(b + i, "PK\x03\x04", 4) == 0)
			off = i + 22; /* local header: uncompressed size */
		if (!off)
			continue;
		unsigned long v = b[off] | b[off + 1] << 8 | (unsigned long)b[off + 2] << 16 |
		                  (unsigned long)b[off + 3] << 24;
		if (declare >= 0 || (v > 0 && v != 0xFFFFFFFFul)) {
			v = declare >= 0 ? (unsigned long)declare : v - 1;
			for (int k = 0; k < 4; k++)
				b[off + k] = (unsigned char)(v >> (8 * k));
		}
	}
}

static int add(zip_t *za, const char *spec)
{
	const char *eq = strchr(spec, '=');
	char name[4096];
	zip_source_t *s;
	zip_int64_t i;

	if (!eq || (size_t)(eq - spec) >= sizeof(name))
		return -1;
	if (strncmp(spec, "link:", 5) == 0) {
		memcpy(name, spec + 5, (size_t)(eq - spec - 5));
		name[eq - spec - 5] = '\0';
		s = zip_source_buffer(za, eq + 1, strlen(eq + 1), 0);
		i = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
		return i < 0
		           ? -1
		           : zip_file_set_external_attributes(za, (zip_uint64_t)i, 0,
		                                              ZIP_OPSYS_UNIX,
		                                              (zip_uint32_t)(S_IFLNK | 0777) << 16);
	}
	if (strncmp(spec, "zeros:", 6) == 0) {
		size_t n = strtoul(eq + 1, NULL, 10);
		void *z = calloc(1, n ? n : 1);
		memcpy(name, spec + 6, (size_t)(eq - spec - 6));
		name[eq - spec - 6] = '\0';
		s = zip_source_buffer(za, z, n, 1);
		return zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0 ? -1 : 0;
	}
	memcpy(name, spec, (size_t)(eq - spec));
	name[eq - spec] = '\0';
	s = zip_source_file(za, eq + 1, 0, -1);
	return s && zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8) >= 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
	zip_t *za;
	int err, lie = 0;
	long declare = -1;

	if (argc < 3) {
		fprintf(stderr,
		        "usage: mkzip OUT [--lie] NAME=FILE|link:NAME=TARGET|zeros:NAME=N...\n");
		return 2;
	}
	za = zip_open(argv[1], ZIP_CREATE | ZIP_TRUNCATE, &err);
	if (!za)
		return 1;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--lie") == 0)
			lie = 1;
		else if (strcmp(argv[i], "--declare") == 0 && i + 1 < argc)
			lie = 1, declare = strtol(argv[++i], NULL, 10);
		else if (add(za, argv[i]) != 0) {
			fprintf(stderr, "mkzip: cannot add %s: %s\n", argv[i], zip_strerror(za));
			return 1;
		}
	}
	if (zip_close(za) != 0)
		return 1;
	if (lie) {
		FILE *f = fopen(argv[1], "r+b");
		unsigned char *b;
		long n;
		if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0)
			return 1;
		b = malloc((size_t)n);
		rewind(f);
		if (fread(b, 1, (size_t)n, f) != (size_t)n)
			return 1;
		patch_sizes(b, (size_t)n, declare);
		rewind(f);
		fwrite(b, 1, (size_t)n, f);
		fclose(f);
		free(b);
	}
	return 0;
}
