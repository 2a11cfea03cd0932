#!/bin/sh
# bench/keys-callgrind.sh — instructions per key of the coder on a whole project, counted
# by callgrind (exact and unaffected by the machine's load, unlike wall-clock latency).
#
#   bench/keys-callgrind.sh PROJECT-DIR [GLOSS]
#
# PROJECT-DIR is a gencorpus project (bench/out/corpus after `make bench`). Each scenario
# opens the project (the list, then Enter on the first transcript) at 120x40 with the
# codebook pane and quits; the scenarios differ by the keys in between, so the difference
# of two runs' totals divided by the keys added is what one key costs: the start-up
# (loading, the first tally of the project) cancels out. Slow: each run loads the project
# under valgrind (about a minute for 1000 transcripts). Prints one line per key kind.
set -u
P=${1:?usage: keys-callgrind.sh PROJECT-DIR [GLOSS]}
here=$(cd "$(dirname "$0")/.." && pwd)
GLOSS=${2:-$here/build/gloss}
VT=$here/build/tools/vtdrive
TMP=$(mktemp -d)
trap 'rm -rf "$TMP" "$P/transcripts/codings/cgkeys"' EXIT

keys() { # N KEY...: the keys N times
	n=$1
	shift
	i=0
	while [ $i -lt "$n" ]; do
		printf '%s\n' "$@"
		i=$((i + 1))
	done
}

scenario() { # NAME KEY...: the instructions of a session with these keys
	name=$1
	shift
	{ printf '@wait\n<Enter>\n@wait\n'; printf '%s\n' "$@"; printf 'q\nq\n@exit\n'; } >"$TMP/$name.vt"
	rm -rf "$P/transcripts/codings/cgkeys"
	(cd "$P" && GLOSS_CODER=cgkeys "$VT" -g 120x40 -s 800 -t 900000 "$TMP/$name.vt" -- \
		valgrind --tool=callgrind --callgrind-out-file="$TMP/$name.cg" "$GLOSS") \
		>/dev/null 2>&1
	sed -n 's/^summary: //p' "$TMP/$name.cg"
}

show() { # LABEL INSTRUCTIONS
	awk -v l="$1" -v n="$2" 'BEGIN { printf "%-46s %7.2f M instructions\n", l, n / 1e6 }'
}

base=$(scenario base)
move=$(scenario move $(keys 20 j))
code=$(scenario code $(keys 10 j 1))
undo=$(scenario undo $(keys 10 j 1) $(keys 10 u))
tally0=$(scenario tally0 t q)
tally=$(scenario tally t $(keys 20 j) q)
retr0=$(scenario retr0 r theme-01 '<Enter>' q)
retr=$(scenario retr r theme-01 '<Enter>' $(keys 20 j) q)
j=$(((move - base) / 20))
show "start-up and quit (no key)" "$base"
show "j: move in the transcript" "$j"
show "1: apply a code (recount one doc, save)" "$(((code - base - 10 * j) / 10))"
show "u: undo (recount one doc, save)" "$(((undo - code) / 10))"
show "t, q: open and close the tally view" "$((tally0 - base))"
show "j in the tally view" "$(((tally - tally0) / 20))"
show "r, theme-01, Enter: collect a theme's quotes" "$((retr0 - base))"
show "j in the retrieval view" "$(((retr - retr0) / 20))"
