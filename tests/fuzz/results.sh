#!/bin/sh
# tests/fuzz/results.sh [--check] — the fuzzing figures of tests/fuzz/RESULTS.md and
# README.md are generated from the run summaries kept in tests/fuzz/runs/ (each written by
# tests/fuzz/run.sh from the run itself: `make fuzz FUZZ_KEEP=1` copies them there), never
# typed. It rewrites the lines between <!-- fuzz-totals --> and <!-- /fuzz-totals --> (one
# row a target: runs, executions, seconds, crashes, the latest run) in both files, and
# between <!-- fuzz-runs --> and <!-- /fuzz-runs --> (one row a run) in RESULTS.md. With
# --check it changes nothing and exits 1 when a block differs from what it would write, or
# when a target (tests/fuzz/fuzz_*.c) has no recorded run (tests/docs/run-docs.sh).
set -u
cd "$(dirname "$0")/../.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0

# every summary as one line: target date commit seconds executions crashes exit corpus
# max_len (libFuzzer's -max_len when the options set it, else "default": grown to 4096)
for f in tests/fuzz/runs/*.txt; do
	[ -f "$f" ] || continue
	awk -F': ' '
		{ v[$1] = $2 }
		END { ml = "default"
			if (match(v["options"], /-max_len=[0-9]+/)) ml = substr(v["options"], RSTART + 9, RLENGTH - 9)
			printf "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", v["target"], v["date"], v["commit"],
			v["seconds"], v["executions"], v["crashes"], v["exit"], v["corpus"], ml }
	' "$f"
done | sort -t "$(printf '\t')" -k1,1 -k2,2 >"$tmp/runs"

# thousands: 1234567 -> 1,234,567
commas='function commas(n,  s) { s = sprintf("%d", n); while (s ~ /[0-9][0-9][0-9][0-9]/) sub(/[0-9][0-9][0-9]([,]|$)/, ",&", s); return s }'

{
	echo "| target | runs recorded | executions recorded | largest run | seconds | crashes | latest run | its commit |"
	echo "|---|---|---|---|---|---|---|---|"
	awk -F'\t' "$commas"'
		{ t = $1; runs[t]++; ex[t] += $5; sec[t] += $4; cr[t] += $6; last[t] = $2; com[t] = $3
		  if ($5 + 0 > big[t]) big[t] = $5 + 0
		  if (!(t in seen)) { seen[t] = 1; order[++n] = t } }
		END { for (i = 1; i <= n; i++) { t = order[i]
			printf "| %s | %d | %s | %s | %s | %d | %s | %s |\n", t, runs[t], commas(ex[t]),
				commas(big[t]), commas(sec[t]), cr[t], substr(last[t], 1, 10), com[t] } }
	' "$tmp/runs"
} >"$tmp/totals"
{
	echo "| target | date (UTC) | commit | seconds | executions | max_len | corpus | crashes | exit |"
	echo "|---|---|---|---|---|---|---|---|---|"
	awk -F'\t' "$commas"'{ printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3,
		commas($4), commas($5), $9, $8, $6, $7 }' "$tmp/runs"
} >"$tmp/list"

for f in tests/fuzz/fuzz_*.c; do
	t=$(basename "$f" .c | sed 's/^fuzz_//')
	if ! cut -f1 "$tmp/runs" | grep -qx "$t"; then
		echo "fuzz results: fuzz_$t has no recorded run in tests/fuzz/runs/" >&2
		status=1
	fi
done

replace() { # replace MARK FILE BLOCK: FILE with MARK's block replaced by BLOCK
	awk -v mark="$1" -v blockfile="$3" '
		$0 == "<!-- " mark " -->" { print; while ((getline l < blockfile) > 0) print l; close(blockfile); skip = 1; next }
		$0 == "<!-- /" mark " -->" { skip = 0 }
		!skip { print }
	' "$2"
}

update() { # update FILE MARK BLOCK...
	file=$1
	shift
	cp "$file" "$tmp/new"
	while [ $# -gt 1 ]; do
		grep -qx "<!-- $1 -->" "$file" || {
			echo "fuzz results: $file has no <!-- $1 --> marker" >&2
			status=1
		}
		replace "$1" "$tmp/new" "$2" >"$tmp/next" && mv "$tmp/next" "$tmp/new"
		shift 2
	done
	if [ "$check" = 1 ]; then
		if ! cmp -s "$file" "$tmp/new"; then
			echo "fuzz results: $file is not what tests/fuzz/results.sh makes of tests/fuzz/runs/:" >&2
			diff -u "$file" "$tmp/new" | head -20 >&2
			status=1
		fi
	elif ! cmp -s "$file" "$tmp/new"; then
		cp "$tmp/new" "$file"
	fi
}

check=0
[ "${1:-}" = --check ] && check=1
update tests/fuzz/RESULTS.md fuzz-totals "$tmp/totals" fuzz-runs "$tmp/list"
update README.md fuzz-totals "$tmp/totals"
exit $status
