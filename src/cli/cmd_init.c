/* cmd_init.c — gloss init: start a project with a commented codebook, an example
 * transcript and the git files gloss wants. Writes nothing over an existing file. */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gloss/gitsetup.h"
#include "gloss/project.h"
#include "gloss/settings.h"
#include "gloss/util.h"
#include "gloss/writer.h"

const char cmd_init_help[] =
    "usage: gloss init [DIR]\n"
    "\n"
    "Start a gloss project in DIR (default: the current directory, created when missing):\n"
    "  codebooks/codebook.yaml     a codebook template whose comments explain every field\n"
    "  transcripts/example.txt     a short transcript showing front matter and speaker turns\n"
    "  gloss.yaml                  the project settings, all commented out\n"
    "  .gitattributes, .gitignore  for keeping the project in git: codings files and\n"
    "                              codebooks merge with 'gloss merge' (in a git repository\n"
    "                              init configures it: see gloss git-setup), lock and\n"
    "                              temporary files are ignored\n"
    "then print the next steps. Nothing is overwritten: when any of these files exists,\n"
    "nothing is written; nor when one cannot be written where it belongs (a symbolic\n"
    "link in the way, such as a dangling transcripts -> ..., or a read-only directory):\n"
    "fix that and run gloss init again. The file formats are in gloss(5) (man 5 gloss).\n"
    "\n"
    "exit status: 0 created; 1 a file exists; 2 usage error; 3 a file cannot be written\n"
    "(nothing was).\n";

static const char codebook_template[] =
    "# The codebook: the codes you apply to passages of the transcripts. See man 5 gloss.\n"
    "# Everything here is YAML: indent with spaces, and put a value that contains ': ' or\n"
    "# starts with a special character (# @ ` & * ! | > ' \" %) in double quotes.\n"
    "\n"
    "# name: the codebook's title (optional)\n"
    "name: \"My study\"\n"
    "# description: what the codebook is for (optional)\n"
    "description: \"Codes for the interviews of my study.\"\n"
    "\n"
    "# codes: the list of top-level codes (themes). Each code is a mapping; only id is\n"
    "# required:\n"
    "#   id           lower-case letters, digits, _ and -, unique: used in codings files\n"
    "#   name         what the coder sees (default: the id)\n"
    "#   description  what the code means\n"
    "#   include      when to apply it\n"
    "#   exclude      when not to, and what to use instead\n"
    "#   examples     example passages: a list of strings\n"
    "#   color        black red green yellow blue magenta cyan white, or \"#RRGGBB\"\n"
    "#   key          the key that applies it in the coder: a digit, or an upper-case\n"
    "#                letter other than G H J K L N\n"
    "#   patterns     regular expressions (PCRE2, in single quotes) for wording typical of\n"
    "#                the code: the coder marks matching passages not yet coded with it,\n"
    "#                and gloss suggest lists them\n"
    "#   codes        the codes below this one (a theme's codes)\n"
    "codes:\n"
    "  - id: motives\n"
    "    name: \"Motives\"\n"
    "    color: green\n"
    "    key: \"M\"\n"
    "    codes:\n"
    "      - id: values\n"
    "        name: \"Personal values\"\n"
    "        key: \"1\"\n"
    "        description: \"The speaker explains what they do by what they believe in.\"\n"
    "        include: \"Statements of belief, upbringing, faith.\"\n"
    "        exclude: \"Career reasons: use career.\"\n"
    "        examples:\n"
    "          - \"It is just who I am.\"\n"
    "        patterns: ['(?i)\\bwho I am\\b']\n"
    "      - id: career\n"
    "        name: \"Career\"\n"
    "        key: \"2\"\n"
    "  - id: obstacles\n"
    "    name: \"Obstacles\"\n"
    "    color: red\n"
    "    key: \"O\"\n";

static const char transcript_example[] =
    "---\n"
    "# Front matter (optional): attributes of the interview, for gloss tally --by KEY.\n"
    "participant: P01\n"
    "role: volunteer\n"
    "---\n"
    "[00:00:01] INTERVIEWER: Why do you volunteer?\n"
    "\n"
    "[00:00:05] ALICE: Honestly, it is just who I am. My parents did it too.\n"
    "A line without a label continues the turn above it.\n"
    "\n"
    "INTERVIEWER: Timestamps are optional. Is anything in the way?\n"
    "\n"
    "ALICE: Time, mostly. Evenings are all I have.\n";

static const char settings_template[] =
    "# gloss.yaml: the project's settings, all optional. See man 5 gloss.\n"
    "\n"
    "# Names that start a speaker turn in any case, with or without a space before the\n"
    "# colon (\"moi : oui\"):\n"
    "# speakers: [interviewee, moi]\n"
    "\n"
    "# A regular expression (PCRE2) for speaker labels gloss does not read by itself; the\n"
    "# speaker is its first group:\n"
    "# speaker_pattern: '^\\*\\*(\\w[\\w ]*)\\*\\*'\n"
    "\n"
    "# Search matches quotes, dashes and ellipses only as written (default: ' finds "
    "\xE2\x80\x99):\n"
    "# exact_quotes: true\n"
    "\n"
    "# Leave the mouse to the terminal:\n"
    "# mouse: false\n"
    "\n"
    "# Code blind: the coder loads nothing of other coders (as gloss --blind):\n"
    "# blind: true\n"
    "\n"
    "# Agreement (gloss agree, the compare view) over these speakers' turns only, or all\n"
    "# but these:\n"
    "# agree:\n"
    "#   not_speakers: [interviewer]\n";

static const char gitattributes[] =
    "# gloss: codings files and codebooks are merged by the merge driver named gloss\n"
    "# (gloss git-setup configures it; see gloss(1));\n"
    "# where no such driver is configured, git merges them as text.\n"
    "transcripts/**/codings/**/*.yaml merge=gloss\n"
    "codebooks/*.yaml merge=gloss\n"
    "# review decisions are a set of lines: git's union driver merges them\n"
    "transcripts/**/codings/**/*.decisions merge=union\n";

static const char gitignore[] =
    "# gloss: locks held while a transcript is open, and temporary files of saves\n"
    ".*.lock\n"
    ".*.tmp.*\n";

struct init_file {
	const char *path, *text;
};

static const struct init_file files[] = {
    {CODEBOOK_DIR "/codebook.yaml", codebook_template},
    {TRANSCRIPT_DIR "/example.txt", transcript_example},
    {SETTINGS_FILE, settings_template},
    {".gitattributes", gitattributes},
    {".gitignore", gitignore},
};

static int make_dir(const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	if (mkdir(path, 0777) == 0 || errno == EEXIST)
		return 0;
	cli_add_safe(&sb, path, strlen(path));
	fprintf(stderr, "gloss: cannot create %s: %s\n", sb.data, strerror(errno));
	sb_done(&sb);
	return -1;
}

/* existing: the first file of the project that exists already (or a codebooks/
 * directory: a project is there), or NULL */
static char *existing(const char *dir)
{
	struct stat st;
	char *cb = path_join(dir, CODEBOOK_DIR);

	if (lstat(cb, &st) == 0)
		return cb;
	free(cb);
	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		char *p = path_join(dir, files[i].path);
		if (lstat(p, &st) == 0 || errno != ENOENT)
			return p;
		free(p);
	}
	return NULL;
}

/* write_files: all of them through the writer (writer.h), as one: every place checked
 * first (no link below DIR: a dangling transcripts -> ... refuses before anything is
 * written), then written, or none */
static int write_files(const char *dir)
{
	struct writer_file f[ARRAY_LEN(files)];
	struct strbuf sb = STRBUF_INIT;
	char err[1024];
	int rc;

	for (size_t i = 0; i < ARRAY_LEN(files); i++) {
		char *p = path_join(dir, files[i].path);
		f[i] = (struct writer_file){p, strlen(p) - strlen(files[i].path), files[i].text,
		                            strlen(files[i].text), 0666};
	}
	rc = writer_write_all(f, ARRAY_LEN(f), WRITER_NEW | WRITER_MKDIR, err, sizeof(err));
	for (size_t i = 0; i < ARRAY_LEN(files); i++)
		free((char *)f[i].path);
	if (rc == WRITER_OK)
		return -1;
	cli_add_safe(&sb, err, strlen(err));
	fprintf(stderr, "gloss: %s; gloss init wrote nothing\n", sb.data);
	sb_done(&sb);
	return rc == WRITER_EXISTS ? GLOSS_EXIT_PROBLEMS : GLOSS_EXIT_IO;
}

static void next_steps(const char *dir)
{
	struct strbuf sb = STRBUF_INIT;

	cli_add_safe(&sb, dir, strlen(dir));
	printf("created a gloss project in %s:\n"
	       "  codebooks/codebook.yaml, transcripts/example.txt, gloss.yaml,\n"
	       "  .gitattributes, .gitignore\n"
	       "next:\n"
	       "  1. write your codes into codebooks/codebook.yaml (its comments explain every\n"
	       "     field; gloss check finds mistakes)\n"
	       "  2. put your transcripts into transcripts/ as UTF-8 .txt files, one\n"
	       "     \"SPEAKER: text\" line a turn (see transcripts/example.txt, man 5 gloss)\n"
	       "  3. %srun gloss to code them, and gloss tally to count the codes\n",
	       sb.data, strcmp(dir, ".") ? "in that directory, " : "");
	sb_done(&sb);
}

/* git_driver: in a git repository, configure the merge driver; else say how */
static void git_driver(const char *dir)
{
	struct strbuf done = STRBUF_INIT;
	struct diags d;

	if (gitsetup_state(dir) == GITSETUP_NO_REPO) {
		puts(
		    "  4. to keep the project in git: git init, then gloss git-setup (two coders'\n"
		    "     codings and codebooks then merge without conflicts)");
		return;
	}
	diags_init(&d);
	if (gitsetup_configure(dir, &done, &d))
		puts("  (git: the merge driver for codings and codebooks is configured)");
	for (size_t i = 0; i < d.len; i++)
		cli_print_diag(stderr, "gloss: ", &d.items[i]);
	diags_done(&d);
	sb_done(&done);
}

int cmd_init(struct args *a)
{
	const char *dir = a->npos ? a->pos[0] : ".";
	char *found;
	int rc;

	if (a->npos > 1)
		return cli_usage_error("init takes one DIR, not '%s'", a->pos[1]);
	if (make_dir(dir) < 0)
		return GLOSS_EXIT_IO;
	if ((found = existing(dir)) != NULL) {
		struct strbuf sb = STRBUF_INIT;
		cli_add_safe(&sb, found, strlen(found));
		fprintf(stderr, "gloss: %s exists: a project is there; gloss init writes nothing\n",
		        sb.data);
		sb_done(&sb);
		free(found);
		return GLOSS_EXIT_PROBLEMS;
	}
	if ((rc = write_files(dir)) >= 0)
		return rc;
	next_steps(dir);
	git_driver(dir);
	return cli_flush_out(GLOSS_EXIT_OK);
}
