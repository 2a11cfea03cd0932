#!/bin/sh
# tests/screen/run-screen.sh — screen tests of the interactive coder.
#
# Each scenario tests/screen/scenarios/NAME.keys is a vtdrive script (see
# tests/tools/vtdrive.c) run against a scratch copy of tests/screen/fixture/. Header
# comments set it up:  "# geometry: 80x24", "# args: open transcripts/01-alpha.txt",
# "# env: NO_COLOR=1", "# term: xterm", "# exit: 0" (expected exit status),
# "# setup: SHELL COMMAND" (run in the project to completion first),
# "# before: SHELL COMMAND" (started in the background first, e.g. to hold a lock; it
# touches .ready in the project when it is ready, and the scenario starts only then).
# Every snapshot it takes is compared with tests/screen/expected/NAME.SNAP.txt (or
# .attrs), and the codings files plus the codebook's diff it leaves behind with
# expected/NAME.files. UPDATE=1 rewrites the expected files (read them before committing).
# Prints TAP.
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GLOSS=${GLOSS:-$SRCDIR/build/gloss}
TOOLS=${TOOLS:-$SRCDIR/build/tools}
here=$SRCDIR/tests/screen
exp=$here/expected
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gloss-screen.XXXXXX") || exit 1
trap 'rm -rf "$tmp"; [ -n "$holder" ] && kill "$holder" 2>/dev/null' EXIT
holder=
n=0

. "$SRCDIR/tests/lib.sh"

compare() { # GOT WANT NAME
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$1" "$2"
		ok "$3 (expected file updated)"
	elif [ ! -f "$2" ]; then
		notok "$3 (missing $2)"
	elif diff -u "$2" "$1" >"$tmp/diff"; then
		ok "$3"
	else
		notok "$3"
		sed 's/^/#   /' "$tmp/diff" | head -60
	fi
}

header() { sed -n "s/^# $1: //p" "$2" | head -1; }

files_left() { # PROJECTDIR
	(cd "$1" && find . -path '*/codings/*' -name '*.yaml' | LC_ALL=C sort | while read -r f; do
		echo "== $f"
		cat "$f"
	done
	echo "== codebook changes"
	diff -u "$here/fixture/codebooks/test.yaml" codebooks/test.yaml | tail -n +3)
}

scenario() { # NAME
	name=$1
	script=$here/scenarios/$name.keys
	work=$tmp/$name
	mkdir -p "$work/out"
	cp -R "$here/fixture" "$work/proj"
	geom=$(header geometry "$script")
	args=$(header args "$script")
	envs=$(header env "$script")
	term=$(header term "$script")
	want_rc=$(header exit "$script")
	before=$(header before "$script")
	setup=$(header setup "$script")
	if [ -n "$setup" ]; then
		(cd "$work/proj" && export SOURCE_DATE_EPOCH=1767225600 && eval "$setup") ||
			notok "$name: setup failed: $setup"
	fi
	if [ -n "$before" ]; then
		(cd "$work/proj" && eval "$before") &
		holder=$!
		# wait for the state, not for time: the sleep only paces the checks, and 3000 of
		# them are a watchdog that fails the scenario
		w=0
		while [ ! -e "$work/proj/.ready" ] && [ $w -lt 3000 ]; do
			sleep 0.01
			w=$((w + 1))
		done
		[ -e "$work/proj/.ready" ] || notok "$name: the before: command never got ready"
	fi
	# shellcheck disable=SC2086
	(cd "$work/proj" && ulimit -c 0 && env SOURCE_DATE_EPOCH=1767225600 GLOSS_CODER=tester LC_ALL=C.UTF-8 \
		NO_COLOR= $envs "$TOOLS/vtdrive" -g "${geom:-80x24}" -e "TERM=${term:-xterm-256color}" \
		-o "$work/out" "$script" -- "$GLOSS" $args) >"$work/log" 2>&1
	rc=$?
	if [ -n "$holder" ]; then
		kill "$holder" 2>/dev/null
		wait "$holder" 2>/dev/null
		holder=
	fi
	if [ "$rc" -eq "${want_rc:-0}" ]; then
		ok "$name: exit status $rc"
	else
		notok "$name: exit status $rc, want ${want_rc:-0}"
		sed 's/^/#   /' "$work/log" | head -20
	fi
	for f in "$work/out"/*; do
		[ -f "$f" ] || continue
		b=$(basename "$f")
		compare "$f" "$exp/$name.$b" "$name: screen $b"
	done
	for f in "$exp/$name".*; do
		[ -f "$f" ] || continue
		b=${f#"$exp/$name."}
		case $b in files) continue ;; esac
		[ -f "$work/out/$b" ] || notok "$name: snapshot $b was not taken"
	done
	files_left "$work/proj" >"$work/files"
	compare "$work/files" "$exp/$name.files" "$name: files left behind"
}

if [ ! -x "$TOOLS/vtdrive" ] || [ ! -x "$GLOSS" ]; then
	echo "ok 1 - # SKIP vtdrive or gloss not built"
	exit 0
fi

for s in ${SCENARIOS:-"$here"/scenarios/*.keys}; do
	name=$(basename "$s" .keys)
	[ -z "$ONLY" ] || [ "$ONLY" = "$name" ] || continue
	scenario "$name"
done

# without a terminal the coder refuses to start, with a clear message and status 2
out=$(cd "$here/fixture" && "$GLOSS" open transcripts/01-alpha.txt </dev/null 2>&1 >/dev/null)
rc=$?
if [ "$rc" -eq 2 ] && printf '%s' "$out" | grep -q 'needs a terminal'; then
	ok "no terminal: refused with status 2"
else
	notok "no terminal: status $rc, message: $out"
fi

# a session leaves no lock file behind, and one that coded nothing no codings directory
if [ -d "$tmp/open-page/proj" ] && [ -d "$tmp/apply/proj" ]; then
	if [ -z "$(find "$tmp/open-page/proj" "$tmp/apply/proj" -name '*.lock')" ]; then
		ok "no lock file is left behind after quitting"
	else
		notok "lock files left behind: $(find "$tmp/open-page/proj" "$tmp/apply/proj" -name '*.lock')"
	fi
	if [ ! -e "$tmp/open-page/proj/transcripts/codings/tester" ]; then
		ok "a session that coded nothing leaves no codings directory"
	else
		notok "a session that coded nothing left transcripts/codings/tester"
	fi
fi

. "$here/check-keys.sh"
echo "1..$n"
