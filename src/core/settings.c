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

/* read_name_items: the names of the sequence v, each a name on one line, appended to *out */
static void read_name_items(struct reader *r, const struct yamlx_node *v, char ***out, size_t *n)
{
	size_t cap = *n;

	for (size_t i = 0; i < v->n; i++) {
		const struct yamlx_node *it = v->items[i];
		if (it->type != YX_SCALAR || it->len == 0 || strlen(it->str) != it->len ||
		    strchr(it->str, '\n')) {
			diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, it->line, it->col,
			         "a speaker must be a name on one line");
			r->ok = false;
			continue;
		}
		VEC_PUSH(*out, *n, cap, xstrdup(it->str));
	}
}

static void read_speakers(struct reader *r, const struct yamlx_node *v)
{
	if (v->type != YX_SEQ || v->n > SETTINGS_MAX_SPEAKERS) {
		bad(r, v, "speakers");
		return;
	}
	read_name_items(r, v, &r->s->speakers, &r->s->nspeakers);
}

/* read_names: a list of speaker names (agree: speakers, not_speakers) into *out */
static void read_names(struct reader *r, const struct yamlx_node *v, const char *what, char ***out,
                       size_t *n)
{
	if (v->type != YX_SEQ || v->n > SETTINGS_MAX_SPEAKERS) {
		diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->line, v->col,
		         "agree: %s must be a list of names, not %s", what, yamlx_type_name(v));
		r->ok = false;
		return;
	}
	read_name_items(r, v, out, n);
}

/* read_agree: agree: {speakers: [...], not_speakers: [...]} */
static void read_agree(struct reader *r, const struct yamlx_node *v)
{
	struct settings *s = r->s;

	if (v->type != YX_MAP) {
		diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->line, v->col,
		         "agree must be a mapping (speakers:, not_speakers:), not %s",
		         yamlx_type_name(v));
		r->ok = false;
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		const struct yamlx_node *k = v->keys[i];
		const char *key = k->type == YX_SCALAR ? k->str : "";
		if (strcmp(key, "speakers") == 0)
			read_names(r, v->items[i], key, &s->agree_speakers, &s->nagree_speakers);
		else if (strcmp(key, "not_speakers") == 0)
			read_names(r, v->items[i], key, &s->agree_not_speakers,
			           &s->nagree_not_speakers);
		else
			diag_add(r->d, DIAG_WARNING, DK_UNKNOWN, r->file, k->line, k->col,
			         "unknown setting 'agree: %s' (ignored)", key);
	}
}

/* ---- models: the suggesting commands (gloss suggest --model) ---- */

#define SETTINGS_MAX_TIMEOUT 86400

static bool model_timeout(struct reader *r, const struct yamlx_node *v, unsigned *ms)
{
	long long secs;

	if (!yamlx_as_int(v, &secs) || secs < 1 || secs > SETTINGS_MAX_TIMEOUT) {
		diag_add(r->d, DIAG_ERROR, DK_INVALID, r->file, v->line, v->col,
		         "timeout must be whole seconds from 1 to %d", SETTINGS_MAX_TIMEOUT);
		r->ok = false;
		return false;
	}
	*ms = (unsigned)secs * 1000u;
	return true;
}

static bool model_entry(struct reader *r, const struct yamlx_node *v, struct settings_model *m)
{
	const struct yamlx_node *cmd = v, *tmo;

	if (v->type == YX_MAP) {
		cmd = yamlx_get(v, "command");
		tmo = yamlx_get(v, "timeout");
		if (tmo && !model_timeout(r, tmo, &m->timeout_ms))
			return false;
		for (size_t i = 0; i < v->n; i++)
			if (v->keys[i]->type != YX_SCALAR || (strcmp(v->keys[i]->str, "command") &&
			                                      strcmp(v->keys[i]->str, "timeout")))
				diag_add(r->d, DIAG_WARNING, DK_UNKNOWN, r->file, v->keys[i]->line,
				         v->keys[i]->col, "unknown field of a model (ignored)");
	}
	if (!cmd || cmd->type != YX_SCALAR || cmd->len == 0 || strlen(cmd->str) != cmd->len) {
		diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->line, v->col,
		         "a model is a command (a string) or {command: ..., timeout: SECONDS}");
		r->ok = false;
		return false;
	}
	m->command = xstrdup(cmd->str);
	return true;
}

static void read_models(struct reader *r, const struct yamlx_node *v)
{
	size_t cap = 0;

	if (v->type != YX_MAP) {
		diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->line, v->col,
		         "models must be a mapping of names to commands, not %s",
		         yamlx_type_name(v));
		r->ok = false;
		return;
	}
	for (size_t i = 0; i < v->n; i++) {
		struct settings_model m = {0};
		if (v->keys[i]->type != YX_SCALAR || v->keys[i]->len == 0) {
			diag_add(r->d, DIAG_ERROR, DK_SYNTAX, r->file, v->keys[i]->line,
			         v->keys[i]->col, "a model's name must be a string");
			r->ok = false;
			continue;
		}
		if (!model_entry(r, v->items[i], &m))
			continue;
		m.name = xstrdup(v->keys[i]->str);
		VEC_PUSH(r->s->models, r->s->nmodels, cap, m);
	}
}

const struct settings_model *settings_model(const struct settings *s, const char *name)
{
	for (size_t i = 0; i < s->nmodels; i++)
		if (strcmp(s->models[i].name, name) == 0)
			return &s->models[i];
	return NULL;
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
		else if (strcmp(key, "models") == 0)
			read_models(r, v);
		else if (strcmp(key, "blind") == 0)
			read_bool(r, k, v, &r->s->blind);
		else if (strcmp(key, "agree") == 0)
			read_agree(r, v);
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
	for (size_t i = 0; i < s->nmodels; i++) {
		free(s->models[i].name);
		free(s->models[i].command);
	}
	free(s->models);
	for (size_t i = 0; i < s->nagree_speakers; i++)
		free(s->agree_speakers[i]);
	free(s->agree_speakers);
	for (size_t i = 0; i < s->nagree_not_speakers; i++)
		free(s->agree_not_speakers[i]);
	free(s->agree_not_speakers);
	settings_init(s);
}
