/* fuzz_anchor — the re-anchoring properties of tests/unit/anchor_prop.h under libFuzzer:
 * the input bytes choose a transcript of repeated sentences, codings on it and edits of
 * it, among them a few code points edited inside a coded passage (when they run out, a
 * generator seeded by them goes on); every property must hold: no coding lost, a
 * surviving identifiable coding found at its new place (an edited one at its edited
 * place), drifted and ambiguous codings not moved, no two distinct codings on one
 * segment, the order kept, placed codings stable when read again, every doubt and every
 * change reported. */
#include "../unit/anchor_prop.h"
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int once;
	const char *bad;

	if (!once) {
		setenv("SOURCE_DATE_EPOCH", "1774000000", 1);
		once = 1;
	}
	bad = prop_run(data, size > 4096 ? 4096 : size);
	if (bad)
		fprintf(stderr, "fuzz_anchor: %s\n", bad);
	FUZZ_ASSERT(bad == NULL);
	return 0;
}
