/* fuzz_codebook — codebook_load_mem on arbitrary bytes, then query the result. */
#include "fuzz_common.h"
#include "gloss/codebook.h"

static void check_tree(const struct codebook *cb)
{
	for (size_t i = 0; i < cb->ncodes; i++) {
		const struct code *c = &cb->codes[i];

		FUZZ_ASSERT(c->id != NULL && c->name != NULL);
		FUZZ_ASSERT(c->parent >= -1 && c->parent < (int)i);
		FUZZ_ASSERT(c->subtree_end > i && c->subtree_end <= cb->ncodes);
		FUZZ_ASSERT(codebook_find(cb, c->id) >= 0);
		FUZZ_ASSERT(codebook_is_descendant(cb, (int)i, (int)i));
		if (c->key)
			(void)codebook_by_key(cb, c->key);
		(void)codebook_effective_color(cb, (int)i);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct codebook *cb;

	diags_init(&d);
	cb = codebook_load_mem((const char *)data, size, "codebooks/fuzz.yaml", &d);
	if (cb) {
		check_tree(cb);
		if (cb->ncodes) {
			char *slug = codebook_slug(cb, cb->codes[0].name);
			FUZZ_ASSERT(codebook_find(cb, slug) < 0);
			free(slug);
		}
		codebook_free(cb);
	} else {
		FUZZ_ASSERT(d.errors > 0);
	}
	fuzz_diags_done(&d);
	return 0;
}
