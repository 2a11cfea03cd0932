#!/bin/sh
# bench/readme-table.sh [--check] — README.md's speed table is generated, never typed: this
# copies the latest section of bench/RESULTS.md (the first "## " section: its text and its
# table, as `make bench BENCH_RECORD=1` wrote them) into README.md between the lines
# <!-- speed-table --> and <!-- /speed-table -->. With --check it changes nothing and exits
# 1 when README.md's block differs from what it would write (tests/docs/run-docs.sh).
set -u
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# the latest section: its heading as a line of text, then everything up to its table's end
awk '
	/^## / { if (seen) exit; seen = 1; printf "Latest `make bench` run (bench/RESULTS.md, section \"%s\"):\n", substr($0, 4); next }
	!seen { next }
	/^\|/ { intable = 1; print; next }
	intable { exit }
	{ print }
' bench/RESULTS.md >"$tmp/block"
grep -q '^|' "$tmp/block" || {
	echo "readme-table: no table in the latest section of bench/RESULTS.md" >&2
	exit 1
}

# replace MARK FILE BLOCK: FILE with the lines between <!-- MARK --> and <!-- /MARK -->
# replaced by BLOCK's; printed on standard output
replace() {
	awk -v mark="$1" -v blockfile="$3" '
		$0 == "<!-- " mark " -->" { print; while ((getline l < blockfile) > 0) print l; skip = 1; next }
		$0 == "<!-- /" mark " -->" { skip = 0 }
		!skip { print }
	' "$2"
}

grep -qx '<!-- speed-table -->' README.md || {
	echo "readme-table: README.md has no <!-- speed-table --> marker" >&2
	exit 1
}
replace speed-table README.md "$tmp/block" >"$tmp/README.md"
if [ "${1:-}" = --check ]; then
	if ! cmp -s README.md "$tmp/README.md"; then
		echo "readme-table: README.md's speed table is not the latest of bench/RESULTS.md:" >&2
		diff -u README.md "$tmp/README.md" | head -20 >&2
		exit 1
	fi
	exit 0
fi
cmp -s README.md "$tmp/README.md" || cp "$tmp/README.md" README.md
