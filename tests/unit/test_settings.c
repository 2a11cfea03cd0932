/* test_settings.c — gloss.yaml: defaults, every setting, errors with positions, and a file
 * that is not a regular file; models (gloss suggest --model). */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gloss/settings.h"
#include "gloss/util.h"
#include "t.h"

static char dir[64];

static char *write_tmp(const char *text)
{
	char *p = path_join(dir, "gloss.yaml");
	FILE *f = fopen(p, "w");

	fputs(text, f);
	fclose(f);
	return p;
}

static char *first_diag(const struct diags *d)
{
	return d->len ? diag_format(&d->items[0]) : NULL;
}

static void test_defaults(void)
{
	struct settings s;
	struct diags d;
	char *p = path_join(dir, "none.yaml");

	diags_init(&d);
	OK(settings_load(&s, p, &d), "a missing file is fine");
	OK(s.mouse && !s.exact_quotes && !s.speaker_pattern && s.nspeakers == 0, "defaults");
	IS_INT(d.len, 0, "no diagnostics");
	settings_done(&s);
	diags_done(&d);
	free(p);
}

static void test_values(void)
{
	struct settings s;
	struct diags d;
	char *p =
	    write_tmp("speaker_pattern: '^(\\w+) -- '\nspeakers: [moi, \"Grand-m\xC3\xA8re\"]\n"
	              "exact_quotes: true\nmouse: false\n");

	diags_init(&d);
	OK(settings_load(&s, p, &d), "valid settings load");
	IS_STR(s.speaker_pattern, "^(\\w+) -- ", "speaker_pattern");
	IS_INT(s.nspeakers, 2, "two speakers");
	IS_STR(s.nspeakers == 2 ? s.speakers[1] : NULL, "Grand-m\xC3\xA8re", "speaker as written");
	OK(s.exact_quotes && !s.mouse, "booleans");
	settings_done(&s);
	diags_done(&d);
	free(p);
}

static void test_errors(void)
{
	struct settings s;
	struct diags d;
	char *p = write_tmp("speaker_pattern: '(x'\nmouse: sometimes\nzoom: 2\n"), *m;

	diags_init(&d);
	OK(!settings_load(&s, p, &d), "errors: false");
	IS_INT(d.errors, 2, "two errors");
	IS_INT(d.warnings, 1, "unknown key: a warning");
	m = first_diag(&d);
	OK(m && strstr(m, "gloss.yaml:1:18: invalid speaker_pattern") != NULL,
	   "pattern error at its place");
	free(m);
	OK(s.mouse && !s.speaker_pattern, "bad values keep the defaults");
	settings_done(&s);
	diags_done(&d);
	free(p);
	diags_init(&d);
	p = write_tmp("speakers: [a, [b]]\n");
	OK(!settings_load(&s, p, &d), "a list in the speakers: false");
	IS_INT(s.nspeakers, 1, "the good speaker is kept");
	settings_done(&s);
	diags_done(&d);
	free(p);
	diags_init(&d);
	p = write_tmp("- a\n");
	OK(!settings_load(&s, p, &d), "not a mapping");
	settings_done(&s);
	diags_done(&d);
	free(p);
}

static void test_not_regular(void)
{
	struct settings s;
	struct diags d;
	char *p = path_join(dir, "sub");

	mkdir(p, 0700);
	diags_init(&d);
	OK(settings_load(&s, p, &d), "a directory is not read");
	IS_INT(d.warnings, 1, "and reported");
	settings_done(&s);
	diags_done(&d);
	rmdir(p);
	free(p);
}

static void test_models(void)
{
	struct settings s;
	struct diags d;
	const struct settings_model *m;
	char *p = write_tmp("models:\n  llama: \"python3 contrib/gloss-ollama --model x\"\n"
	                    "  slow: {command: \"sh slow.sh\", timeout: 90}\n"
	                    "  bad: {command: [a]}\n  worse: {command: x, timeout: 0}\n"
	                    "  odd: {command: y, colour: red}\n");

	diags_init(&d);
	OK(!settings_load(&s, p, &d), "models: errors reported");
	m = settings_model(&s, "llama");
	OK(m && strcmp(m->command, "python3 contrib/gloss-ollama --model x") == 0 &&
	       m->timeout_ms == 0,
	   "a model as a command");
	m = settings_model(&s, "slow");
	OK(m && strcmp(m->command, "sh slow.sh") == 0 && m->timeout_ms == 90000,
	   "a model with a timeout");
	OK(!settings_model(&s, "bad") && !settings_model(&s, "worse") && !settings_model(&s, "no"),
	   "invalid models are left out");
	OK(settings_model(&s, "odd") && d.warnings == 1, "an unknown field is a warning");
	IS_INT(d.errors, 2, "a command that is not a string, a timeout of 0");
	settings_done(&s);
	diags_done(&d);
	free(p);
}

/* blind and agree: (issue 21) */
static void test_blind_agree(void)
{
	struct settings s;
	struct diags d;
	char *p = write_tmp("blind: true\nagree:\n  speakers: [P05, \"Ana M\"]\n"
	                    "  not_speakers: [INTERVIEWER]\n  zoom: 1\n"),
	     *m;

	diags_init(&d);
	OK(settings_load(&s, p, &d), "blind and agree load");
	OK(s.blind, "blind: true");
	IS_INT(s.nagree_speakers, 2, "agree: two speakers");
	IS_STR(s.nagree_speakers == 2 ? s.agree_speakers[1] : NULL, "Ana M", "as written");
	IS_INT(s.nagree_not_speakers, 1, "agree: one not_speaker");
	IS_STR(s.nagree_not_speakers ? s.agree_not_speakers[0] : NULL, "INTERVIEWER",
	       "not_speakers as written");
	m = first_diag(&d);
	OK(m && strstr(m, "gloss.yaml:5:3: warning: unknown setting 'agree: zoom'") != NULL,
	   "an unknown key of agree: a warning at its place");
	free(m);
	settings_done(&s);
	diags_done(&d);
	free(p);
	diags_init(&d);
	p = write_tmp("blind: maybe\nagree: [a]\n");
	OK(!settings_load(&s, p, &d), "blind: maybe, agree: a list: errors");
	IS_INT(d.errors, 2, "two errors");
	OK(!s.blind, "a bad blind keeps the default (false)");
	m = first_diag(&d);
	OK(m && strstr(m, "gloss.yaml:1:8: blind must be true or false") != NULL,
	   "blind's error at its place");
	free(m);
	settings_done(&s);
	diags_done(&d);
	free(p);
}

int main(void)
{
	char *p;

	snprintf(dir, sizeof(dir), "/tmp/gloss-settings.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	test_defaults();
	test_values();
	test_errors();
	test_not_regular();
	test_models();
	test_blind_agree();
	p = path_join(dir, "gloss.yaml");
	unlink(p);
	free(p);
	rmdir(dir);
	return t_done();
}
