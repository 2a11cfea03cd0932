#!/bin/sh
# tests/cli/run-stream.sh — tally, tally --cooccur, quotes and agree in bounded memory (TAP;
# issue 20).
#
# Two generated projects, 50 and 500 documents (nothing large is checked in): the peak
# memory (max RSS, /usr/bin/time) of each command must not grow with the documents: the
# 500-document run may peak only a small constant above the 50-document one (a command
# that kept every transcript would add some 25 MiB). tally keeps counts only; quotes keeps
# the quotes it prints (one code here: a quote or so a document), with their passages'
# text and, for --context, the document's turns; agree keeps a small record a document
# (its units and the codings' marks, no text), bounded here at 10 KiB a document. The results do not depend on the number of loading threads.
# A watchdog (timeout) only fails, it never passes.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LC_ALL=C.UTF-8
export LC_ALL
unset GLOSS_CODEBOOK GLOSS_CODER
TIME=/usr/bin/time
WATCHDOG=${BOUNDS_WATCHDOG:-240}
. "$SRCDIR/tests/lib.sh"

if [ -d /dev/shm ] && [ -w /dev/shm ]; then T=/dev/shm; else T=${TMPDIR:-/tmp}; fi
W=$(mktemp -d "$T/gloss-stream.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM

if [ ! -x "$GLOSS" ] || [ ! -x "$TOOLS/gencorpus" ]; then
	nok "gloss and gencorpus are built ($GLOSS, $TOOLS/gencorpus)"
	echo "1..$n"
	exit 1
fi

# Under SANITIZE=1 AddressSanitizer holds freed memory in a quarantine (256 MiB by default)
# before reusing it, so a peak would grow with all that was ever allocated, not with what
# is kept: the measured runs have no quarantine (ASan still checks every access), and the
# bounds are three times the plain build's for its redzones (the plain make check holds
# the real ones).
MEM_SCALE=1
if [ "${SANITIZE:-}" = 1 ]; then
	MEM_SCALE=3
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
	export ASAN_OPTIONS
fi

for docs in 50 500; do
	"$TOOLS/gencorpus" "$W/p$docs" --docs $docs --words 4000 --codings 60 \
		--second-coder ben >/dev/null || nok "gencorpus $docs documents"
done

# peak DIR ARGS...: gloss in DIR (two loading threads) under the watchdog and
# /usr/bin/time; prints the max RSS in KiB (999999999 when it failed)
peak() {
	_dir=$1
	shift
	if (cd "$_dir" && GLOSS_THREADS=2 exec timeout "$WATCHDOG" "$TIME" -f '%M' -o "$W/rss" \
		"$GLOSS" "$@") >"$W/out" 2>"$W/err" </dev/null; then
		tail -1 "$W/rss"
	else
		echo 999999999
	fi
}

# flat LIMIT_KIB ARGS...: the 500-document peak is at most LIMIT_KIB above the 50's
flat() {
	_lim=$(($1 * MEM_SCALE))
	shift
	a=$(peak "$W/p50" "$@")
	b=$(peak "$W/p500" "$@")
	case $a$b in *[!0-9]*) a=0 b=999999999 ;; esac
	if [ "$b" -le $((a + _lim)) ]; then
		ok "gloss $* in bounded memory: $((a / 1024)) MiB for 50 documents, $((b / 1024)) MiB for 500"
	else
		nok "gloss $* in bounded memory" \
			"peak $a KiB for 50 documents, $b KiB for 500: grew $(((b - a) / 1024)) MiB (want <= $((_lim / 1024)) MiB)" \
			"$(head -c 400 "$W/err")"
	fi
}

if [ ! -x "$TIME" ]; then
	skip "$TIME is not installed: no memory measurements"
else
	# 4 MiB: what the counts, the loading threads' transcripts and the allocator's
	# slack may add; every transcript kept would be some 25 MiB
	flat 4096 tally --format json
	flat 4096 tally --by role --count words --format csv
	flat 4096 tally --by speaker --count speakers --format csv
	flat 4096 tally --by document --count documents --format json
	flat 4096 tally --by coder --format json
	flat 4096 tally --cooccur --unit passage
	flat 4096 tally --cooccur --unit turn --format json
	flat 4096 quotes code-001 --format csv
	flat 4096 quotes code-001 --format text
	# with the question before each quote the turns of the documents quoted are kept (some
	# 80 bytes a turn): 450 documents more at 10 KiB each
	flat 4500 quotes code-001 --context question --format markdown
	# every code: each quote is written to a temporary file as it is collected and read
	# back a window at a time, so what grows is a key a quote (40 bytes; 36,000 quotes
	# here) and the windows up to their caps (a few MiB); keeping the quotes in memory
	# grew 20 to 33 MiB
	flat 8192 quotes --format csv
	flat 8192 quotes --context question --format json
	flat 8192 quotes --per-coder --format markdown
	# agree: 450 documents more at 10 KiB each (its units and marks, no text)
	flat 4500 agree --format json
fi

# the same results whatever the number of threads (each thread's partial counts are merged
# by name, never by the order the documents were loaded in)
for args in "tally --format json" "tally --by speaker --count speakers --format csv" \
	"tally --by role --count words --format csv" "tally --by coder --format csv" \
	"tally --cooccur --unit turn --format csv" "tally --cooccur --unit document --format csv" \
	"quotes --context question --format json" "quotes --per-coder --format csv"; do
	# shellcheck disable=SC2086
	(cd "$W/p500" && GLOSS_THREADS=1 "$GLOSS" $args >"$W/one" 2>&1 &&
		GLOSS_THREADS=8 "$GLOSS" $args >"$W/eight" 2>&1)
	if [ -s "$W/one" ] && cmp -s "$W/one" "$W/eight"; then
		ok "gloss $args: one thread and eight give the same bytes"
	else
		nok "gloss $args: one thread and eight give the same bytes" \
			"$(diff "$W/one" "$W/eight" | head -5)"
	fi
done

# the quotes' temporary file: where none can be made the quotes are kept in memory, said
# on standard error, with the same output; a failure to write it (the disk full) is an
# error and prints nothing; a short write is retried (tools/faultshim.so fails the call)
# (one code: most documents have no quote of it)
for args in "quotes code-001 --format csv" "quotes --context question --format json"; do
	# shellcheck disable=SC2086
	(cd "$W/p500" && "$GLOSS" $args >"$W/file" 2>"$W/file.err")
	# shellcheck disable=SC2086
	(cd "$W/p500" && TMPDIR=$W/none "$GLOSS" $args >"$W/mem" 2>"$W/mem.err")
	if [ -s "$W/file" ] && cmp -s "$W/file" "$W/mem" && [ ! -s "$W/file.err" ]; then
		ok "gloss $args kept in memory when no temporary file can be made: the same bytes"
	else
		nok "gloss $args kept in memory when no temporary file can be made: the same bytes" \
			"$(diff "$W/file" "$W/mem" | head -5)" "$(head -c 300 "$W/file.err")"
	fi
done
check "the fallback to memory is said, naming the directory" grep -qF \
	"gloss: warning: no temporary file in $W/none (No such file or directory): the quotes are kept in memory" \
	"$W/mem.err"
SHIM=$TOOLS/faultshim.so
if [ -f "$SHIM" ]; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	export ASAN_OPTIONS
	(cd "$W/p500" && GLOSS_THREADS=1 GLOSS_FAULT=pwrite:3:ENOSPC LD_PRELOAD=$SHIM \
		"$GLOSS" quotes --context question --format json >"$W/full" 2>"$W/full.err")
	rc=$?
	if [ "$rc" -eq 1 ] && [ ! -s "$W/full" ]; then
		ok "a full disk under the quotes' temporary file: exit 1, nothing printed"
	else
		nok "a full disk under the quotes' temporary file: exit 1, nothing printed" \
			"exit $rc, $(wc -c <"$W/full") bytes out"
	fi
	check "and it says why" grep -qF \
		"gloss: cannot keep the quotes in a temporary file: No space left on device" \
		"$W/full.err"
	(cd "$W/p500" && GLOSS_THREADS=1 GLOSS_FAULT=pwrite:2:SHORT LD_PRELOAD=$SHIM \
		"$GLOSS" quotes --context question --format json >"$W/short" 2>"$W/short.err")
	if cmp -s "$W/file" "$W/short"; then
		ok "a short write to the quotes' temporary file is completed: the same bytes"
	else
		nok "a short write to the quotes' temporary file is completed: the same bytes" \
			"$(head -c 300 "$W/short.err")"
	fi
else
	nok "tools/faultshim.so is built ($SHIM)"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
