/* fuzz_yamlx — yamlx_load on arbitrary bytes, then walk and re-emit the tree. */
#include <string.h>

#include "fuzz_common.h"
#include "gloss/yamlx.h"

static size_t walk(const struct yamlx_node *n, int depth)
{
	size_t count = 1;
	long long v;

	FUZZ_ASSERT(depth <= YAMLX_MAX_DEPTH + 1);
	if (n->type == YX_SCALAR) {
		FUZZ_ASSERT(n->str != NULL);
		(void)yamlx_as_int(n, &v);
		(void)yamlx_is_null(n);
		return count;
	}
	(void)yamlx_type_name(n);
	/* aliases share nodes, so bound the walk instead of expanding every copy */
	for (size_t i = 0; i < n->n && i < 64 && depth < 16; i++) {
		if (n->type == YX_MAP) {
			FUZZ_ASSERT(n->keys[i] != NULL);
			count += walk(n->keys[i], depth + 1);
		}
		count += walk(n->items[i], depth + 1);
	}
	return count;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d;
	struct yamlx_doc doc;

	diags_init(&d);
	memset(&doc, 0, sizeof(doc));
	if (yamlx_load(&doc, (const char *)data, size, "fuzz.yaml", &d)) {
		if (doc.root) {
			struct strbuf sb = STRBUF_INIT;
			walk(doc.root, 0);
			if (doc.npool < 5000)
				yamlx_write_flow(&sb, doc.root);
			sb_done(&sb);
			(void)yamlx_get(doc.root, "codes");
		}
	} else {
		FUZZ_ASSERT(d.errors > 0);
	}
	yamlx_free(&doc);
	fuzz_diags_done(&d);
	return 0;
}
