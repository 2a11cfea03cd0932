#!/bin/sh
# tests/fuzz/run.sh [TARGET...] — build the libFuzzer targets (tests/fuzz/fuzz_TARGET.c) into
# build-fuzz/, replay every input kept in tests/fuzz/regressions/TARGET/, then fuzz each
# target for $FUZZ_SECONDS seconds (default 60) starting from tests/fuzz/corpus/TARGET/.
# A crash, leak, timeout or out-of-memory input is copied into tests/fuzz/regressions/TARGET/
# (so every later run replays it) and the run fails. Prints TAP. Environment:
#   FUZZ_SECONDS  time per target       FUZZ_RUNS  stop after this many executions
#   FUZZ_NICE     nice level (default 10)  FUZZ_FLAGS extra libFuzzer flags
#   (e.g. "-detect_leaks=0" to look past a known leak)
#   FUZZ_WORK     where logs, the grown corpus and crash inputs go (default build-fuzz;
#   make check's smoke uses its own, so it never touches a long run's)
#   FUZZ_KEEP=1   also copy each run's summary into tests/fuzz/runs/ (to commit it)
# Every fuzzing run writes a summary, $FUZZ_WORK/runs/TARGET-DATE.txt: target, date, source
# commit, options, seconds, executions, corpus size, crashes, exit status, all read from the
# run itself (libFuzzer's final stats, the clock, git). tests/fuzz/results.sh makes the
# tables of tests/fuzz/RESULTS.md and README.md from the summaries kept in tests/fuzz/runs/.
set -u
cd "$(dirname "$0")/../.." || exit 1
SECONDS_EACH=${FUZZ_SECONDS:-60}
NICE=${FUZZ_NICE:-10}
MAKE=${MAKE:-make}
OUT=build-fuzz
WORK=${FUZZ_WORK:-$OUT}
if [ $# -eq 0 ]; then
	set -- $(for f in tests/fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
fi
n=0
failed=0

tap() { # tap OK|FAIL description
	n=$((n + 1))
	if [ "$1" = OK ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=1; fi
}

keep_artifacts() { # keep_artifacts TARGET: move crash inputs into the regressions
	mkdir -p "tests/fuzz/regressions/$1"
	for a in "$WORK/artifacts/$1"/*; do
		[ -f "$a" ] || continue
		cp "$a" "tests/fuzz/regressions/$1/" && echo "# kept $(basename "$a") in tests/fuzz/regressions/$1/"
		rm -f "$a"
	done
}

replay() { # replay TARGET: run the binary once over every kept regression input
	bin=$OUT/fuzz_$1
	set -- "$1" tests/fuzz/regressions/"$1"/*
	[ -f "$2" ] || return 0 # no regressions kept
	t=$1
	shift
	if "$bin" -runs=1 "$@" >"$WORK/$t.replay.log" 2>&1; then
		tap OK "fuzz_$t: $# regression inputs replay cleanly"
	else
		tap FAIL "fuzz_$t: a regression input still fails (see $WORK/$t.replay.log)"
		grep -m5 -E 'ERROR|SUMMARY|runtime error|contract' "$WORK/$t.replay.log" | sed 's/^/#   /'
		return 1
	fi
}

# source_commit: the last commit that changed what is fuzzed (the sources, the targets,
# their build rules), "+changes" when the working tree differs from it there
source_commit() {
	c=$(git log -1 --format=%h --abbrev=12 -- src include tests/fuzz/*.c tests/fuzz/*.h mk \
		2>/dev/null)
	[ -n "$c" ] || {
		echo unknown
		return
	}
	if git diff --quiet HEAD -- src include tests/fuzz/*.c tests/fuzz/*.h mk 2>/dev/null; then
		echo "$c"
	else
		echo "$c+changes"
	fi
}

summary() { # summary TARGET EXIT SECONDS EXECUTIONS OPTIONS: what this run did, from the run
	crashes=0
	for a in "$WORK/artifacts/$1"/*; do [ -f "$a" ] && crashes=$((crashes + 1)); done
	corpus=$(find "$WORK/corpus/$1" -type f | wc -l)
	seeds=$(find "tests/fuzz/corpus/$1" -type f | wc -l)
	mkdir -p "$WORK/runs"
	f=$WORK/runs/$1-$(date -u +%Y%m%dT%H%M%SZ).txt
	{
		echo "target: $1"
		echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
		echo "commit: $(source_commit)"
		echo "options: $5"
		echo "seconds: $3"
		echo "executions: ${4:-unknown}"
		echo "corpus: $((corpus + 0)) grown, $((seeds + 0)) seeds"
		echo "crashes: $crashes"
		echo "exit: $2"
	} >"$f"
	echo "# summary: $f"
	if [ "${FUZZ_KEEP:-}" = 1 ]; then
		mkdir -p tests/fuzz/runs
		cp "$f" tests/fuzz/runs/
	fi
}

fuzz() { # fuzz TARGET
	t=$1 bin=$OUT/fuzz_$1 log=$WORK/$1.log
	mkdir -p "$WORK/corpus/$t" "$WORK/artifacts/$t"
	set -- -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$WORK/artifacts/$t/" -print_final_stats=1
	[ -n "${FUZZ_RUNS:-}" ] && set -- "$@" -runs="$FUZZ_RUNS"
	# shellcheck disable=SC2086 # FUZZ_FLAGS: extra libFuzzer flags, word-split on purpose
	[ -n "${FUZZ_FLAGS:-}" ] && set -- "$@" $FUZZ_FLAGS
	case $t in yamlx | codebook | codings) dict=tests/fuzz/yaml.dict ;; *) dict=tests/fuzz/$t.dict ;; esac
	[ -f "$dict" ] && set -- "$@" -dict="$dict"
	opts="$*"
	start=$(date +%s)
	nice -n "$NICE" "$bin" "$@" "$WORK/corpus/$t" "tests/fuzz/corpus/$t" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	summary "$t" "$rc" "$(($(date +%s) - start))" "${execs:-}" "$opts"
	if [ "$rc" -eq 0 ]; then
		tap OK "fuzz_$t: ${execs:-?} executions in ${SECONDS_EACH}s, no crash"
	else
		tap FAIL "fuzz_$t: exit $rc after ${execs:-?} executions (see $log)"
		grep -m8 -E 'ERROR|SUMMARY|runtime error|#[0-9]+ 0x' "$log" | sed 's/^/#   /'
		keep_artifacts "$t"
	fi
}

for t in "$@"; do
	mkdir -p "$OUT" "$WORK"
	if ! $MAKE -s "$OUT/fuzz_$t" >"$WORK/build.log" 2>&1; then
		tap FAIL "fuzz_$t: does not build (see $WORK/build.log)"
		sed 's/^/#   /' "$WORK/build.log" | head -20
		continue
	fi
	if replay "$t"; then
		fuzz "$t"
	else
		echo "# fuzz_$t: not fuzzed until the kept regression is fixed"
	fi
done
echo "1..$n"
exit $failed
