#!/bin/sh
# tests/run.sh — run every test program and print "N passed, N failed".
# Each program prints TAP ("ok N - ...", "not ok N - ..."). Unit tests are the binaries in
# $BUILD/tests/; command-line and screen tests are tests/*/run-*.sh scripts.
# Every program runs under a watchdog (timeout) so a hang fails instead of blocking CI.
BUILD=${BUILD:-build}
export BUILD GLOSS="$PWD/$BUILD/gloss" TOOLS="$PWD/$BUILD/tools" SRCDIR="$PWD"
passed=0 failed=0 broken=0
log=$BUILD/test.log
: >"$log"

run_one() {
	name=$1
	shift
	out=$(timeout 300 "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" >>"$log"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
		if [ "$f" -eq 0 ]; then
			failed=$((failed + 1))
			broken=$((broken + 1))
			echo "FAIL $name (exit $rc, $p passed, no failure reported: crashed or hung?)"
		else
			echo "FAIL $name ($f failed)"
		fi
		printf '%s\n' "$out" | grep -A3 '^not ok ' | head -40 | sed 's/^/    /'
		[ "$f" -eq 0 ] && printf '%s\n' "$out" | tail -15 | sed 's/^/    /'
	else
		echo "ok   $name ($p)"
	fi
}

for t in "$BUILD"/tests/test_*; do
	case $t in *.d) continue ;; esac
	[ -x "$t" ] || continue
	run_one "unit/$(basename "$t")" "$t"
done
for s in tests/*/run-*.sh; do
	[ -f "$s" ] || continue
	run_one "${s#tests/}" sh "$s"
done
echo "see $log for every test point"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
