/* test_util.c — small helpers: SOURCE_DATE_EPOCH, reading only regular files. */
#include "gloss/util.h"

#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "t.h"

static bool iso_shape(const char *s)
{
	regex_t re;
	bool ok;

	regcomp(&re, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", REG_EXTENDED);
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

static void test_epoch(void)
{
	static const char *const bad[] = {
	    "-99999999999999999",
	    "99999999999999999",
	    "-1",
	    "253402300800",
	    "12abc",
	    "abc",
	    " 5",
	    "1e9",
	    "+",
	};
	char buf[64];

	setenv("SOURCE_DATE_EPOCH", "1774000000", 1);
	now_utc_iso(buf, sizeof(buf));
	IS_STR(buf, "2026-03-20T09:46:40Z", "SOURCE_DATE_EPOCH is honoured");
	OK(util_epoch_problem() == NULL, "a valid SOURCE_DATE_EPOCH is no problem");
	setenv("SOURCE_DATE_EPOCH", "253402300799", 1);
	now_utc_iso(buf, sizeof(buf));
	IS_STR(buf, "9999-12-31T23:59:59Z", "the last second of year 9999 is accepted");
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	now_utc_iso(buf, sizeof(buf));
	IS_STR(buf, "1970-01-01T00:00:00Z", "0 is the epoch");
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		char name[128];

		setenv("SOURCE_DATE_EPOCH", bad[i], 1);
		now_utc_iso(buf, sizeof(buf));
		snprintf(name, sizeof(name), "SOURCE_DATE_EPOCH='%s' gives a real date, not '%s'",
		         bad[i], buf);
		OK(iso_shape(buf) && strncmp(buf, "19", 2) != 0 && strncmp(buf, "9999", 4) != 0,
		   name);
		snprintf(name, sizeof(name), "SOURCE_DATE_EPOCH='%s' is reported", bad[i]);
		OK(util_epoch_problem() != NULL &&
		       strstr(util_epoch_problem(), "SOURCE_DATE_EPOCH") != NULL,
		   name);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	OK(util_epoch_problem() == NULL, "no SOURCE_DATE_EPOCH is no problem");
	now_utc_iso(buf, sizeof(buf));
	OK(iso_shape(buf), "the current time has the ISO shape");
}

static void test_not_regular(const char *dir)
{
	char *fifo = path_join(dir, "fifo.yaml"), *dev = path_join(dir, "tty.yaml");
	char *reg = path_join(dir, "plain.yaml");
	size_t len = 0;
	char *s;
	int fd;

	OK(mkfifo(fifo, 0600) == 0, "make a FIFO");
	errno = 0;
	s = read_file(fifo, 1 << 20, &len); /* before the fix this blocks (watchdog fails it) */
	OK(s == NULL, "a FIFO is not read");
	IS_STR(read_file_strerror(errno), "not a regular file", "and the reason says why");
	OK(symlink("/dev/null", dev) == 0, "link to a device");
	s = read_file(dev, 1 << 20, &len);
	OK(s == NULL, "a device is not read");
	IS_STR(read_file_strerror(errno), "not a regular file", "and the reason says why");
	s = read_file(dir, 1 << 20, &len);
	OK(s == NULL && errno == EISDIR, "a directory is not read");
	fd = open(reg, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	OK(fd >= 0 && write(fd, "abc", 3) == 3, "write a plain file");
	close(fd);
	s = read_file(reg, 1 << 20, &len);
	IS_STR(s, "abc", "a regular file is read");
	free(s);
	s = read_file(reg, 2, &len);
	OK(s == NULL && errno == EFBIG, "over the limit: EFBIG");
	IS_STR(read_file_strerror(EFBIG), "the file is too large", "EFBIG's reason");
	unlink(fifo);
	unlink(dev);
	unlink(reg);
	free(fifo);
	free(dev);
	free(reg);
}

int main(void)
{
	char dir[] = "/tmp/gloss-test-util-XXXXXX";

	if (!mkdtemp(dir))
		return 1;
	test_epoch();
	test_not_regular(dir);
	rmdir(dir);
	return t_done();
}
