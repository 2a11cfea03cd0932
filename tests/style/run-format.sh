#!/bin/sh
# tests/style/run-format.sh — every C file is as clang-format (.clang-format) leaves it.
# Prints TAP; skips when clang-format is not installed.
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRCDIR" || exit 1
if ! command -v clang-format >/dev/null 2>&1; then
	echo "ok 1 # SKIP clang-format not installed"
	echo "1..1"
	exit 0
fi
n=0 failed=0
for f in src/*.c src/*/*.c src/*/*.h include/gloss/*.h tests/unit/*.c tests/unit/*.h tests/tools/*.c \
	tests/fuzz/*.c tests/fuzz/*.h tests/fault/*.c; do
	n=$((n + 1))
	if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "ok $n - $f is clang-formatted"
	else
		echo "not ok $n - $f is not clang-formatted (run make format)"
		failed=1
	fi
done
echo "1..$n"
exit $failed
