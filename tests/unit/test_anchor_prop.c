/* test_anchor_prop.c — the re-anchoring properties (anchor_prop.h) on seeded random cases:
 * random transcripts with repeated sentences, random codings, random edits. Bounded: a
 * fixed number of cases (ANCHOR_PROP_CASES, default 4000), a few seconds. A failing case
 * prints its seed; tests/fuzz/fuzz_anchor.c runs the same properties under libFuzzer. */
#include "anchor_prop.h"
#include "t.h"

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

int main(void)
{
	const char *env = getenv("ANCHOR_PROP_CASES");
	size_t cases = env && *env ? strtoul(env, NULL, 10) : 4000, failed = 0;
	const char *first = NULL;
	uint64_t first_seed = 0;

	setenv("SOURCE_DATE_EPOCH", "1774000000", 1);
	if (getenv("ANCHOR_PROP_FILE")) { /* a fuzz input, shown in detail */
		size_t n;
		char *buf = read_file(getenv("ANCHOR_PROP_FILE"), 1 << 20, &n);
		const char *bad;
		prop_debug = 1;
		bad = buf ? prop_run((const uint8_t *)buf, n > 4096 ? 4096 : n) : "unreadable";
		OK(bad == NULL, bad ? bad : "the input keeps the properties");
		free(buf);
		return t_done();
	}
	if (getenv("ANCHOR_PROP_SEED")) { /* one case, shown in detail */
		uint64_t seed = strtoull(getenv("ANCHOR_PROP_SEED"), NULL, 10);
		cases = seed;
		prop_debug = 1;
		(void)seed;
	}
	for (uint64_t seed = prop_debug ? cases : 1; seed <= cases; seed++) {
		uint8_t buf[96];
		uint64_t x = seed;
		const char *bad;
		for (size_t i = 0; i < sizeof(buf); i += 8) {
			uint64_t v = splitmix(&x);
			memcpy(buf + i, &v, 8);
		}
		bad = prop_run(buf, sizeof(buf));
		if (bad && getenv("ANCHOR_PROP_VERBOSE"))
			printf("# seed %llu: %s\n", (unsigned long long)seed, bad);
		if (bad && !failed++)
			first = bad, first_seed = seed;
	}
	if (first)
		printf("# first failure: seed %llu: %s\n", (unsigned long long)first_seed, first);
	IS_INT(failed, 0, "every random case keeps the re-anchoring properties (P1-P8)");
	return t_done();
}
