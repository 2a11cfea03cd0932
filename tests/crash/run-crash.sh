#!/bin/sh
# tests/crash/run-crash.sh — crash safety of the codings writer under SIGKILL.
#
# CRASH_RUNS (default 100) seeded runs: $TOOLS/savecodings applies codings one at a time
# (core codings_add + codings_save, as the interactive coder does), printing "applied CODE
# START END" after each save has returned; it is killed with SIGKILL as soon as it has reported
# a seeded number of codings (0..29 of 30), that is while it makes the next save. After every kill the codings file must still load, and every coding ever reported
# as applied must be in it. The file accumulates across runs, so earlier work must also
# survive later crashes. Then CRASH_TUI_RUNS (default 100) runs of the real interactive coder
# in $TOOLS/vtdrive's pty: codes applied key by key (vtdrive sends the next key only when the
# coder has handled the last one and waits for input again, a state it reads from the kernel,
# and the status line must say "saved") must all be on disk after a SIGKILL; then a burst of
# keys sent without waiting, killed as soon as they are sent (so the kill lands anywhere in the
# burst, inside a save too), must leave a loadable file that still holds them. No step waits
# for time to pass: every wait is for a state, under a watchdog that only fails.
# Prints TAP (a handful of points summarising all runs).
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
SAVE=$TOOLS/savecodings
RUNS=${CRASH_RUNS:-100}
TUI_RUNS=${CRASH_TUI_RUNS:-100}
SEED=${CRASH_SEED:-20260320}

n=0
. "$SRCDIR/tests/lib.sh"
point() { # point OK|FAIL DESCRIPTION
	if [ "$1" = OK ]; then ok "$2"; else nok "$2"; fi
}

if [ ! -x "$SAVE" ]; then
	point FAIL "savecodings is built ($SAVE)"
	echo "1..$n"
	exit 1
fi

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/transcripts"
T=$W/transcripts/01-crash.txt
CDIR=$W/transcripts/codings/ana
# a transcript with non-ASCII text so code point and byte offsets differ
i=0
{
	printf -- '---\nparticipant: P01\n---\n'
	while [ $i -lt 40 ]; do
		printf '[00:%02d:00] AMARA: Turn %d — Zoë and José talk about “pro bono” at the café, ' \
			$((i % 60)) $i
		printf 'naïve plans, 東京 offices and long-term partnerships.\n\n'
		i=$((i + 1))
	done
} >"$T"

# seeded kill points (codings reported before the kill, 0..29 of 30), one per run
awk -v seed="$SEED" -v runs="$RUNS" 'BEGIN { srand(seed); for (i = 0; i < runs; i++)
	printf "%d %d\n", int(rand() * 30), int(rand() * 1000000) }' >"$W/plan"

# reported FILE N PID: wait until FILE has N lines or the process is gone (a watchdog of
# 20000 checks only ends a writer that hangs; the short sleep only paces the checks)
alive() { # PID: still running (an exited child stays a zombie until waited for)
	st=
	read -r st <"/proc/$1/stat" 2>/dev/null || return 1
	case ${st##*) } in Z* | X*) return 1 ;; esac
}
reported() {
	w=0
	while [ "$(wc -l <"$1")" -lt "$2" ] && alive "$3" && [ $w -lt 20000 ]; do
		sleep 0.001
		w=$((w + 1))
	done
}

: >"$W/applied"
killed=0 lost=0 unloadable=0 finished=0 ended=0 run=0 temps=0
while read -r delay seed; do
	run=$((run + 1))
	: >"$W/out"
	"$SAVE" "$T" ana apply 30 "$seed" </dev/null >"$W/out" 2>"$W/err" &
	pid=$!
	reported "$W/out" "$delay" "$pid"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rc=$?
	# what the writer did, from its status and its own output: killed by SIGKILL before it
	# had reported all 30 codings (mid-way), or finished (exit 0 after reporting all 30);
	# ended counts every writer that was killed or exited 0
	said=$(grep -c '^applied ' "$W/out")
	[ "$rc" -eq 137 ] && [ "$said" -lt 30 ] && killed=$((killed + 1))
	[ "$rc" -eq 0 ] && [ "$said" -eq 30 ] && finished=$((finished + 1))
	{ [ "$rc" -eq 137 ] || [ "$rc" -eq 0 ]; } && ended=$((ended + 1))
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 137 ]; then
		echo "# run $run (seed $seed): writer exit $rc: $(head -c 300 "$W/err")"
		unloadable=$((unloadable + 1))
	fi
	sed -n 's/^applied //p' "$W/out" >>"$W/applied"
	if ! "$SAVE" "$T" ana list </dev/null >"$W/list" 2>"$W/listerr"; then
		unloadable=$((unloadable + 1))
		echo "# run $run (seed $seed, killed after $delay codings): the codings file does not load:"
		head -5 "$W/listerr" | sed 's/^/#   /'
		cp "$CDIR/01-crash.yaml" "$W/broken-$run.yaml" 2>/dev/null
		continue
	fi
	missing=$(grep -cvxFf "$W/list" "$W/applied")
	if [ "$missing" -ne 0 ]; then
		lost=$((lost + missing))
		echo "# run $run (seed $seed, killed after $delay codings): $missing applied codings lost:"
		grep -vxFf "$W/list" "$W/applied" | head -3 | sed 's/^/#   /'
	fi
	# a temp file left by a killed writer is expected; count them for the record
	temps=$(find "$CDIR" -name '.*.tmp.*' 2>/dev/null | wc -l)
done <"$W/plan"

total=$(wc -l <"$W/applied")
echo "# $run runs, $killed killed mid-run, $finished finished, $total codings applied," \
	"$(wc -l <"$W/list") on disk, $temps stale temp files"
if [ "$run" -ge "$RUNS" ] && [ "$ended" -eq "$run" ]; then
	point OK "$run seeded runs of the writer, each ended by SIGKILL or exit 0 (its status)"
else
	point FAIL "$run seeded runs of the writer (want $RUNS), each ended by SIGKILL or exit 0: $ended did"
fi
if [ "$killed" -ge $((run / 2)) ]; then
	point OK "most writers were killed mid-way: SIGKILL status, fewer than 30 codings reported ($killed of $run)"
else
	point FAIL "most writers were killed mid-way ($killed of $run): the kill comes too late to test anything"
fi
if [ "$total" -gt 0 ]; then point OK "codings were applied before the kills ($total)"; else point FAIL "codings were applied before the kills"; fi
if [ "$unloadable" -eq 0 ]; then
	point OK "after every SIGKILL the codings file loads"
else
	point FAIL "after every SIGKILL the codings file loads ($unloadable failures)"
fi
if [ "$lost" -eq 0 ]; then
	point OK "every coding reported as applied is on disk"
else
	point FAIL "every coding reported as applied is on disk ($lost lost)"
fi

# --- the interactive coder under SIGKILL ---------------------------------------------------
VT=$TOOLS/vtdrive
GL=${GLOSS:-$SRCDIR/$BUILD/gloss}
if [ ! -x "$VT" ] || [ ! -x "$GL" ]; then
	point OK "# SKIP vtdrive or gloss not built: TUI crash runs skipped"
	echo "1..$n"
	exit 0
fi
mkdir -p "$W/tui/codebooks" "$W/tui/transcripts"
printf 'name: Crash\ncodes:\n  - id: purpose\n    key: "1"\n  - id: trust\n    key: "2"\n' \
	>"$W/tui/codebooks/crash.yaml"
cp "$T" "$W/tui/transcripts/01-crash.txt"
TT=$W/tui/transcripts/01-crash.txt
awk -v seed="$SEED" -v runs="$TUI_RUNS" 'BEGIN { srand(seed + 1); for (i = 0; i < runs; i++)
	printf "%d %d %d\n", 1 + int(rand() * 6), r = 2 + int(rand() * 20), 1 + int(rand() * (r - 1)) }' \
	>"$W/tuiplan"
short=0 broken=0 tuiruns=0 burst_kept=0
while read -r m r k; do
	tuiruns=$((tuiruns + 1))
	rm -rf "$W/tui/transcripts/codings"
	{ # phase A: m codes, one key at a time, each handled (and shown saved) before the next
		echo '@wait'
		i=0
		while [ $i -lt "$m" ]; do printf '1\n@expect coded purpose\n@expect saved\nj\n'; i=$((i + 1)); done
		echo '@kill KILL'
	} >"$W/a.vt"
	(cd "$W/tui" && "$VT" -t 60000 "$W/a.vt" -- "$GL" open --coder ana \
		transcripts/01-crash.txt) </dev/null >"$W/a.log" 2>&1
	grep vtdrive: "$W/a.log" | sed "s/^/# TUI run $tuiruns: /"
	got=$("$SAVE" "$TT" ana list 2>/dev/null | grep -c '^purpose ')
	if [ "$got" -ne "$m" ]; then
		short=$((short + 1))
		echo "# TUI run $tuiruns: $m codes applied and shown, $got on disk after SIGKILL"
	fi
	"$SAVE" "$TT" ana list >"$W/tuibefore" 2>/dev/null
	{ # phase B: a burst of r codes sent at once, killed as soon as the codings file holds
		# k (1 <= k < r) of them, so the kill lands inside the burst (the screen is no
		# witness here: curses skips drawing while keys are waiting)
		echo '@wait'
		printf '@send '
		i=0
		while [ $i -lt "$r" ]; do printf '2j'; i=$((i + 1)); done
		echo
		echo "@until [ \"\$(grep -c '^  - code: \"trust\"' transcripts/codings/ana/01-crash.yaml 2>/dev/null)\" -ge $k ]"
		echo '@kill KILL'
	} >"$W/b.vt"
	(cd "$W/tui" && "$VT" -t 60000 "$W/b.vt" -- "$GL" open --coder ana \
		transcripts/01-crash.txt) </dev/null >"$W/b.log" 2>&1
	grep vtdrive: "$W/b.log" | sed "s/^/# TUI run $tuiruns (burst): /"
	if ! "$SAVE" "$TT" ana list >"$W/tuiafter" 2>"$W/tuierr"; then
		broken=$((broken + 1))
		echo "# TUI run $tuiruns: the codings file does not load after a SIGKILL mid-burst"
		head -3 "$W/tuierr" | sed 's/^/#   /'
	elif [ "$(grep -cvxFf "$W/tuiafter" "$W/tuibefore")" -ne 0 ]; then
		broken=$((broken + 1))
		echo "# TUI run $tuiruns: codings saved before the burst were lost"
	fi
	kept=$(grep -c '^trust ' "$W/tuiafter")
	if [ "$kept" -lt "$k" ]; then
		broken=$((broken + 1))
		echo "# TUI run $tuiruns: $k burst codes were on disk before the SIGKILL, $kept after"
	fi
	burst_kept=$((burst_kept + kept))
done <"$W/tuiplan"
echo "# $tuiruns TUI runs; $burst_kept burst codings were on disk after the kills"
if [ "$short" -eq 0 ]; then
	point OK "TUI: every code applied and shown before SIGKILL is on disk ($tuiruns runs)"
else
	point FAIL "TUI: every code applied and shown before SIGKILL is on disk ($short runs lost some)"
fi
if [ "$broken" -eq 0 ]; then
	point OK "TUI: a SIGKILL during a burst of codes leaves a loadable file with the earlier work"
else
	point FAIL "TUI: a SIGKILL during a burst of codes leaves a loadable file with the earlier work ($broken runs)"
fi
echo "1..$n"
