#!/bin/sh
# tests/style/run-format.sh — every C file is as clang-format (.clang-format) leaves it.
# Prints TAP; skips when clang-format is not installed.
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRCDIR" || exit 1
. "$SRCDIR/tests/lib.sh"
if ! command -v clang-format >/dev/null 2>&1; then
	skip "clang-format not installed"
	echo "1..$n"
	exit 0
fi
for f in src/*.c src/*/*.c src/*/*.h include/gloss/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c \
	tests/fuzz/*.c tests/fuzz/*.h tests/fault/*.c; do
	if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		ok "$f is clang-formatted"
	else
		nok "$f is not clang-formatted (run make format)"
	fi
done
echo "1..$n"
[ "$failed" -eq 0 ]
