/* test_keymap.c — the key table: lookups, names, no clashes with code keys, and
 * tests/screen/KEYS.txt kept equal to it (UPDATE=1 rewrites the file). */
#include <stdlib.h>
#include <string.h>

#include "gloss/codebook.h"
#include "keymap.h"
#include "screen.h"
#include "gloss/util.h"
#include "t.h"

#define KEYS_FILE "tests/screen/KEYS.txt"

static void test_lookup(void)
{
	char buf[16];

	IS_INT(keymap_lookup(KC_MAIN, 'j'), KA_DOWN, "j moves down");
	IS_INT(keymap_lookup(KC_MAIN, SK_DOWN), KA_DOWN, "Down moves down");
	IS_INT(keymap_lookup(KC_MAIN, 4), KA_HALF_DOWN, "Ctrl-D half page");
	IS_INT(keymap_lookup(KC_MAIN, '?'), KA_HELP, "? is help");
	IS_INT(keymap_lookup(KC_MAIN, '\\'), KA_SEARCH_BACK, "backslash searches backward");
	IS_INT(keymap_lookup(KC_MAIN, '1'), KA_NONE, "digits are left to code keys");
	IS_INT(keymap_lookup(KC_PICKER, 'j'), KA_NONE, "j filters in a picker");
	IS_INT(keymap_lookup(KC_PROMPT, SK_ENTER), KA_ACCEPT, "Enter accepts a prompt");
	IS_STR(keymap_key_name(4, buf), "Ctrl-D", "control key name");
	IS_STR(keymap_key_name(' ', buf), "space", "space name");
	IS_STR(keymap_key_name(SK_PGDN, buf), "PgDn", "PgDn name");
	IS_STR(keymap_action_name(KA_HALF_DOWN), "half-page-down", "action name");
}

/* no key of the table is a possible code key, and no key is bound twice in a context */
static void test_no_clash(void)
{
	size_t n, clash = 0, dup = 0;
	const struct keybind *tb = keymap_table(&n);

	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < KEYMAP_MAX_KEYS && tb[i].keys[k]; k++) {
			int key = tb[i].keys[k];
			if (tb[i].ctx == KC_MAIN && key < 128 && strchr(CODEBOOK_KEYS, key))
				clash++;
			for (size_t j = i + 1; j < n; j++)
				for (size_t m = 0; m < KEYMAP_MAX_KEYS && tb[j].keys[m]; m++)
					if (tb[j].ctx == tb[i].ctx && tb[j].keys[m] == key)
						dup++;
		}
	}
	IS_INT(clash, 0, "no transcript key is a code key");
	IS_INT(dup, 0, "no key bound twice in one context");
}

static void test_keys_file(void)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len = 0;
	char *file;

	keymap_format(&sb);
	if (getenv("UPDATE") && strcmp(getenv("UPDATE"), "1") == 0) {
		FILE *fp = fopen(KEYS_FILE, "w");
		if (fp) {
			fwrite(sb.data, 1, sb.len, fp);
			fclose(fp);
		}
	}
	file = read_file(KEYS_FILE, 1 << 20, &len);
	OK(file != NULL, KEYS_FILE " exists (run from the source root)");
	OK(file && len == sb.len && memcmp(file, sb.data, len) == 0,
	   KEYS_FILE " matches the key table (UPDATE=1 rewrites it)");
	OK(strstr(sb.data, "Ctrl-R\tredo\t") != NULL, "the table lists Ctrl-R as redo");
	free(file);
	sb_done(&sb);
}

int main(void)
{
	test_lookup();
	test_no_clash();
	test_keys_file();
	return t_done();
}
