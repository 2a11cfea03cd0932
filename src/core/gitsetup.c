/* gitsetup.c — gloss's merge driver in a git repository (gitsetup.h). */
#include "gloss/gitsetup.h"
#include "gloss/writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gloss/atomic.h"

/* in_repo: a .git (directory or file) in dir or a directory above it */
static bool in_repo(const char *dir)
{
	char *cur = realpath(dir, NULL);
	bool found = false;

	while (cur && !found) {
		struct stat st;
		char *g = path_join(cur, ".git"), *up;
		found = lstat(g, &st) == 0;
		free(g);
		if (strcmp(cur, "/") == 0)
			break;
		up = path_dirname(cur);
		free(cur);
		cur = up;
	}
	free(cur);
	return found;
}

/* git: run git -C dir ARGS with its output thrown away; its exit status, or -1 */
static int git(const char *dir, const char *const *args)
{
	const char *argv[12] = {"git", "-C", dir};
	size_t n = 3;
	pid_t pid;
	int status;

	for (; *args && n < 11; args++)
		argv[n++] = *args;
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			dup2(null, STDOUT_FILENO);
			dup2(null, STDERR_FILENO);
		}
		execvp("git", (char *const *)argv);
		_exit(127);
	}
	if (pid < 0)
		return -1;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

enum gitsetup_state gitsetup_state(const char *dir)
{
	static const char *const get[] = {"config", "--get", "merge.gloss.driver", NULL};
	int rc;

	if (!in_repo(dir))
		return GITSETUP_NO_REPO;
	rc = git(dir, get);
	if (rc == 0)
		return GITSETUP_OK;
	return rc == 1 ? GITSETUP_MISSING : GITSETUP_UNKNOWN;
}

static bool has_line(const char *buf, size_t len, const char *line)
{
	size_t n = strlen(line);

	for (size_t i = 0; i < len;) {
		const char *nl = memchr(buf + i, '\n', len - i);
		size_t end = nl ? (size_t)(nl - buf) : len, e = end;
		if (e > i && buf[e - 1] == '\r')
			e--;
		if (e - i == n && memcmp(buf + i, line, n) == 0)
			return true;
		i = end + 1;
	}
	return false;
}

static bool attributes(const char *dir, struct strbuf *done, struct diags *d)
{
	static const char *const lines[] = {GITSETUP_ATTR_CODINGS, GITSETUP_ATTR_CODEBOOKS};
	char *path = path_join(dir, ".gitattributes"), *buf = NULL, err[512];
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	size_t len = 0, before;
	bool ok = true;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode) || !(buf = read_file(path, (size_t)1 << 20, &len))) {
			diag_add(d, DIAG_ERROR, DK_IO, path, 0, 0, "cannot %s: %s",
			         S_ISLNK(st.st_mode) ? "rewrite a symbolic link" : "read",
			         S_ISLNK(st.st_mode) ? "left as it is" : read_file_strerror(errno));
			free(path);
			return false;
		}
		sb_add(&sb, buf, len);
		if (len && buf[len - 1] != '\n')
			sb_addc(&sb, '\n');
	}
	before = sb.len;
	for (size_t i = 0; i < 2; i++)
		if (!has_line(buf ? buf : "", len, lines[i])) {
			if (sb.len == before)
				sb_adds(
				    &sb,
				    "# gloss: codings files and codebooks merge with the driver "
				    "named gloss (gloss git-setup)\n");
			sb_printf(&sb, "%s\n", lines[i]);
			sb_printf(done, ".gitattributes: added '%s'\n", lines[i]);
		}
	if (sb.len != before &&
	    writer_write(&(struct writer_file){path, writer_base(path), sb.data, sb.len, 0666}, 0,
	                 err, sizeof(err)) != WRITER_OK) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0, "%s", err);
		ok = false;
	}
	free(buf);
	free(path);
	sb_done(&sb);
	return ok;
}

bool gitsetup_configure(const char *dir, struct strbuf *done, struct diags *d)
{
	static const char *const name[] = {"config", "merge.gloss.name",
	                                   "gloss: codings and codebooks merged by id", NULL};
	static const char *const driver[] = {"config", "merge.gloss.driver", GITSETUP_DRIVER, NULL};

	if (!attributes(dir, done, d))
		return false;
	if (!in_repo(dir)) {
		sb_adds(done, "not a git repository yet: after 'git init', run gloss git-setup "
		              "again to configure the driver\n");
		return true;
	}
	if (git(dir, name) != 0 || git(dir, driver) != 0) {
		diag_add(d, DIAG_ERROR, DK_IO, NULL, 0, 0,
		         "git config merge.gloss.driver failed (is git installed?)");
		return false;
	}
	sb_adds(done, "git config: merge.gloss.driver = '" GITSETUP_DRIVER "'\n");
	return true;
}
