/* settings.c — read gloss.yaml, the project's settings (settings.h, gloss(5)). */
#include "gloss/settings.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gloss/search.h"
#include "gloss/util.h"
#include "gloss/yamlx.h"

struct reader {
	struct settings *s;
	const char *file;
	struct diags *d;
	bool ok;
};

static void bad(struct reader *r, const struct yamlx_node *at, const char *what)
{
	diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, at->line, at->col, "%s must be %s, not %s",
	         what, strcmp(what, "speakers") == 0 ? "a list of names" : "a string",
	         yamlx_type_name(at));
	r->ok = false;
}

static bool as_bool(const struct yamlx_node *n, bool *out)
{
	static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "on"};
	static const char *const no[] = {"false", "False", "FALSE", "no", "No", "off"};

	if (n->type != YX_SCALAR || !n->plain)
		return false;
	for (size_t i = 0; i < ARRAY_LEN(yes); i++) {
		if (strcmp(n->str, yes[i]) == 0)
			return *out = true;
		if (strcmp(n->str, no[i]) == 0)
			return !(*out = false);
	}
	return false;
}

static void read_bool(struct reader *r, const struct yamlx_node *k, const struct yamlx_node *v,
                      bool *out)
{
	if (as_bool(v, out))
		return;
	diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->line, v->col, "%s must be true or false",
	         k->str);
	r->ok = false;
}

static void read_pattern(struct reader *r, const struct yamlx_node *v)
{
	char err[256];
	size_t off = 0;
	struct search *re;

	if (v->type != YX_SCALAR || strlen(v->str) != v->len) {
		bad(r, v, "speaker_pattern");
		return;
	}
	re = search_new(v->str, SEARCH_EXACT_QUOTES, err, sizeof(err), &off);
	if (!re) {
		diag_add(r->d, DIAG_ERROR, DK_INVALID, r->file, v->line, v->col,
		         "invalid speaker_pattern: %s at offset %zu", err, off);
		r->ok = false;
		return;
	}
	search_free(re);
	free(r->s->speaker_pattern);
	r->s->speaker_pattern = xstrdup(v->str);
}

static void read_speakers(struct reader *r, const struct yamlx_node *v)
{
	size_t cap = 0;

	if (v->type != YX_SEQ || v->n > SETTINGS_MAX_SPEAKERS) {
		bad(r, v, "speakers");
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct yamlx_node *it = v->items[i];
		if (it->type != YX_SCALAR || it->len == 0 || strlen(it->str) != it->len ||
		    strchr(it->str, '\n')) {
			diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, it->line, it->col,
			         "a speaker must be a name on one line");
			r->ok = false;
			continue;
		}
		VEC_PUSH(r->s->speakers, r->s->nspeakers, cap, xstrdup(it->str));
	}
}

static void read_root(struct reader *r, const struct yamlx_node *root)
{
	if (!root || yamlx_is_null(root))
		return;
	if (root->type != YX_MAP) {
		diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, root->line, root->col,
		         "settings must be a mapping (key: value), not %s", yamlx_type_name(root));
		r->ok = false;
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const struct yamlx_node *k = root->keys[i], *v = root->items[i];
		const char *key = k->type == YX_SCALAR ? k->str : "";
		if (strcmp(key, "speaker_pattern") == 0)
			read_pattern(r, v);
		else if (strcmp(key, "speakers") == 0)
			read_speakers(r, v);
		else if (strcmp(key, "exact_quotes") == 0)
			read_bool(r, k, v, &r->s->exact_quotes);
		else if (strcmp(key, "mouse") == 0)
			read_bool(r, k, v, &r->s->mouse);
		else
			diag_add(r->d, DIAG_WARNING, DK_UNKNOWN, r->file, k->line, k->col,
			         "unknown setting '%s' (ignored)", key);
	}
}

void settings_init(struct settings *s)
{
	memset(s, 0, sizeof(*s));
	s->mouse = true;
}

bool settings_load(struct settings *s, const char *path, struct diags *d)
{
	struct reader r = {s, path, d, true};
	struct yamlx_doc doc = {0};
	struct stat st;
	size_t len;
	char *buf;

	settings_init(s);
	if (stat(path, &st) < 0)
		return errno == ENOENT || errno == ENOTDIR;
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, DIAG_WARNING, DK_IO, path, 0, 0,
		         "not a regular file; the settings are the defaults");
		return true;
	}
	buf = read_file(path, SETTINGS_MAX_SIZE, &len);
	if (!buf) {
		diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot read the settings: %s",
		         errno == EFBIG ? "file too large" : strerror(errno));
		return false;
	}
	if (yamlx_load(&doc, buf, len, path, d))
		read_root(&r, doc.root);
	else
		r.ok = false;
	yamlx_free(&doc);
	free(buf);
	return r.ok;
}

void settings_done(struct settings *s)
{
	if (!s)
		return;
	free(s->speaker_pattern);
	for (size_t i = 0; i < s->nspeakers; i++)
		free(s->speakers[i]);
	free(s->speakers);
	settings_init(s);
}
