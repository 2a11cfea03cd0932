#!/bin/sh
# tests/run.sh — run every test program and end with the line "N passed, N failed, N skipped".
# Each program prints TAP ("ok N - ...", "not ok N - ...", "ok N # SKIP why"). Unit tests are
# the binaries in $BUILD/tests/; command-line and screen tests are tests/*/run-*.sh scripts
# (their helpers are in tests/lib.sh). A point marked "# SKIP" is counted as skipped, never as
# passed, and its reason is printed here; a program that passes nothing but skips is reported
# as skipped. Every program runs under a watchdog (timeout) so a hang fails instead of
# blocking CI.
BUILD=${BUILD:-build}
export BUILD GLOSS="$PWD/$BUILD/gloss" TOOLS="$PWD/$BUILD/tools" SRCDIR="$PWD"
passed=0 failed=0 skipped=0 broken=0
log=$BUILD/test.log
: >"$log"

skip_re='^ok .*#[[:space:]]*skip'

run_one() {
	name=$1
	shift
	out=$(timeout 300 "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out" >>"$log"
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	s=$(printf '%s\n' "$out" | grep -ciE "$skip_re")
	p=$(($(printf '%s\n' "$out" | grep -c '^ok ') - s))
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ] || [ $((p + s)) -eq 0 ]; then
		if [ "$f" -eq 0 ]; then
			failed=$((failed + 1))
			broken=$((broken + 1))
			echo "FAIL $name (exit $rc, $p passed, no failure reported: crashed or hung?)"
		else
			echo "FAIL $name ($f failed)"
		fi
		printf '%s\n' "$out" | grep -A3 '^not ok ' | head -40 | sed 's/^/    /'
		[ "$f" -eq 0 ] && printf '%s\n' "$out" | tail -15 | sed 's/^/    /'
	elif [ "$p" -eq 0 ]; then
		echo "skip $name ($s skipped)"
	elif [ "$s" -gt 0 ]; then
		echo "ok   $name ($p passed, $s skipped)"
	else
		echo "ok   $name ($p)"
	fi
	[ "$s" -gt 0 ] && printf '%s\n' "$out" | grep -iE "$skip_re" |
		sed -E 's/^ok [0-9]+ *-? *//; s/ *# *[Ss][Kk][Ii][Pp] */ -- /; s/^ -- //; s/^/    SKIP /'
	return 0
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
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
