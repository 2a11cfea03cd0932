#!/bin/sh
# tests/fault/run-recode.sh — a codebook change across several files (gloss code rename)
# under injected failures: all files change or none.
#
# `gloss code rename care caring` on the command-line fixture changes four files (the
# codebook and three codings files of two coders). $TOOLS/faultshim.so fails one step of
# the change — creating, writing, syncing or closing a temporary file, writing the
# journal, any of the renames, removing the journal — and then the next gloss command
# (gloss check, without faults) runs. Afterwards every file must be exactly as before or
# exactly as after a clean rename, with no journal and no temporary file left; and a
# failure before the journal was in place must leave everything as before at once.
# Also: a crash (SIGKILL) half-way, simulated by a journal left with some renames done;
# and a journal that cannot be trusted is refused. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
SHIM=$TOOLS/faultshim.so
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS
unset GLOSS_CODEBOOK
n=0
. "$SRCDIR/tests/lib.sh"

if [ ! -f "$SHIM" ]; then
	nok "faultshim.so is built ($SHIM)"
	echo "1..$n"
	exit 1
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-recode.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
cp -R "$SRCDIR/tests/cli/fixture" "$W/before"
rm -f "$W/before/README.md"
P=$W/p

# the state after a clean rename
cp -R "$W/before" "$W/after"
(cd "$W/after" && "$GLOSS" code rename care caring >"$W/out" 2>"$W/err")
check "a clean rename succeeds" grep -q "renamed code 'care' to 'caring'" "$W/out"
nfiles=$(diff -rq "$W/before" "$W/after" | grep -c differ)
check "the clean rename changes 4 files (codebook, 3 codings files of 2 coders)" test "$nfiles" -eq 4
check "the clean rename leaves no journal" test ! -e "$W/after/.gloss-journal"

same_as() { diff -r "$1" "$P" >/dev/null 2>&1; }
no_leftovers() {
	[ ! -e "$P/.gloss-journal" ] && [ -z "$(find "$P" -name '.*.tmp.*' | head -1)" ]
}

# inject SPEC WHEN: run the rename with one fault, then gloss check; WHEN is "before"
# (the fault hits before the journal is in place: nothing may change at all) or "either"
inject() {
	spec=$1 when=$2
	rm -rf "$P"
	cp -R "$W/before" "$P"
	: >"$W/log"
	(cd "$P" && GLOSS_FAULT=$spec GLOSS_FAULT_DIR=$P GLOSS_FAULT_LOG=$W/log LD_PRELOAD=$SHIM \
		"$GLOSS" code rename care caring >"$W/out" 2>"$W/err")
	rc=$?
	fired=$(grep -c . "$W/log")
	if [ "$fired" -ge 1 ] && [ "$rc" -eq 3 ]; then
		ok "$spec: the rename fails with exit 3"
	elif [ "$fired" -ge 1 ] && [ "$rc" -eq 0 ] && [ "$when" != before ] && [ "$when" != either ]; then
		ok "$spec: the rename is complete, the failure reported harmless"
		find "$P" -name '.*.lock' -exec rm -f {} + # a stale lock file: not part of the state"
	else
		nok "$spec: the rename fails with exit 3 (exit $rc, $fired faults injected)"
		sed 's/^/#   /' "$W/err"
	fi
	if [ "$when" = before ]; then
		check "$spec: every file as before, at once" same_as "$W/before"
		check "$spec: the message says nothing changed" grep -q "nothing changed" "$W/err"
	fi
	(cd "$P" && "$GLOSS" check >/dev/null 2>"$W/err2")
	if same_as "$W/before" || same_as "$W/after"; then
		ok "$spec: after the next command every file is as before or as after"
	else
		nok "$spec: after the next command every file is as before or as after"
		diff -r "$W/after" "$P" | head -5 | sed 's/^/#   /'
	fi
	check "$spec: no journal or temporary file is left" no_leftovers
}

# staging the four new files: temporary file, chmod, write, fsync, close
for k in 1 2 4; do
	inject mkstemp:$k:ENOSPC before
	inject write:$k:EIO before
	inject fsyncfile:$k:EIO before
done
inject fchmod:3:EPERM before
# closes and unlinks also count the lock files: the codebook's lock is taken first and
# let go last, and the lock of each of the four codings files is taken and let go once
# (is it open in a coder?) before anything is staged: the second temporary file's close
# is the sixth, the journal's removal the fifth unlink
inject closewrite:6:EIO before
# the journal itself (the fifth temporary file, its fsync, and the first rename)
inject mkstemp:5:ENOSPC before
inject fsyncfile:5:EIO before
inject rename:1:EIO before
inject fsyncdir:1:EIO before
# the renames of the four files over their targets: half made, completed next time
for k in 2 3 4 5; do
	inject rename:$k:EIO either
done
check "a failed rename half-way: the message says the next command completes it" \
	grep -q "half made" "$W/err"
check "... and the next command says it completed the change" grep -q "completed an interrupted change" "$W/err2"
check "... and every file is as after" same_as "$W/after"
# the directory fsync after a rename, and removing the journal: the change is made
inject fsyncdir:3:EIO either
inject unlink:5:EIO after-ok
# a lock file that cannot be removed is harmless (an flock, not the file, is the lock)
inject unlink:1:EIO either-lock

# a crash half-way: a journal and two temporary files left, two renames already done
rm -rf "$P"
cp -R "$W/before" "$P"
(cd "$P" && GLOSS_FAULT=rename:4:EIO GLOSS_FAULT_DIR=$P LD_PRELOAD=$SHIM \
	"$GLOSS" code rename care caring >/dev/null 2>&1)
check "a crash half-way leaves a journal" test -f "$P/.gloss-journal"
find "$P" -name '.*.tmp.*' >"$W/temps"
check "... which names every temporary file left (2 left)" sh -c "[ \$(wc -l <'$W/temps') -eq 2 ] &&
	while read -r t; do grep -qF \"\$(basename \"\$t\")\" '$P/.gloss-journal' || exit 1; done <'$W/temps'"
(cd "$P" && "$GLOSS" tally >/dev/null 2>"$W/err3")
check "any next command (tally) completes it" same_as "$W/after"
check "... and says so" grep -q "completed an interrupted change" "$W/err3"
check "... and leaves nothing behind" no_leftovers

# a journal that names a file that is not a temporary file of its target is refused
rm -rf "$P"
cp -R "$W/before" "$P"
printf 'renames:\n  - ["codebooks/study.yaml", "transcripts/01-ada.txt"]\n' >"$P/.gloss-journal"
(cd "$P" && "$GLOSS" check >/dev/null 2>"$W/err4")
rc=$?
check "an untrustworthy journal: the command stops with exit 3" test "$rc" -eq 3
check "... saying why" grep -q "not a temporary file of its TARGET" "$W/err4"
rm -f "$P/.gloss-journal"
check "... and renames nothing" same_as "$W/before"
(cd "$P" && "$GLOSS" --version >/dev/null 2>&1)
check "gloss --version still runs" test $? -eq 0

echo "1..$n"
