#!/bin/sh
# tests/docs/run-docs.sh — the written records agree with what they record. Prints TAP.
#  - README.md's speed table is the latest table of bench/RESULTS.md (bench/readme-table.sh);
#  - the fuzzing tables of tests/fuzz/RESULTS.md and README.md are what tests/fuzz/results.sh
#    makes of the run summaries in tests/fuzz/runs/, and every fuzz target has a recorded run;
#  - every screen scenario (tests/screen/scenarios/NAME.keys) has an entry "### NAME" in
#    tests/screen/expected/README.md saying what its snapshots show and why that is right,
#    and the record names no scenario that does not exist.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$SRCDIR" || exit 1
. "$SRCDIR/tests/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gloss-docs.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

if sh bench/readme-table.sh --check 2>"$tmp/err"; then
	ok "README.md's speed table is the latest table of bench/RESULTS.md"
else
	nok "README.md's speed table is the latest table of bench/RESULTS.md (run bench/readme-table.sh)" \
		"$(head -5 "$tmp/err")"
fi
if sh tests/fuzz/results.sh --check 2>"$tmp/err"; then
	ok "the fuzzing tables are made from tests/fuzz/runs/, and every target has a recorded run"
else
	nok "the fuzzing tables are made from tests/fuzz/runs/, and every target has a recorded run" \
		"$(head -5 "$tmp/err")"
fi

rec=tests/screen/expected/README.md
missing='' empty=''
for k in tests/screen/scenarios/*.keys; do
	s=$(basename "$k" .keys)
	# the entry: its heading, then at least one line of text before the next heading
	if ! grep -qxF "### $s" "$rec" 2>/dev/null; then
		missing="$missing $s"
	elif ! awk -v h="### $s" '$0 == h { on = 1; next } on && /^#/ { exit } on && /[a-z]/ { found = 1 }
		END { exit !found }' "$rec"; then
		empty="$empty $s"
	fi
done
check "every screen scenario has an entry in $rec${missing:+ (missing:$missing)}" test -z "$missing"
check "every entry says something${empty:+ (empty:$empty)}" test -z "$empty"
stale=
for h in $(sed -n 's/^### //p' "$rec" 2>/dev/null); do
	[ -f "tests/screen/scenarios/$h.keys" ] || stale="$stale $h"
done
check "every entry is of a scenario that exists${stale:+ (no such scenario:$stale)}" test -z "$stale"
echo "1..$n"
