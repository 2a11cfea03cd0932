#!/bin/sh
# tests/anchor/run-anchor.sh — re-anchoring from the outside (issue 9, cases 1, 2, 3, 10):
# codings written by gloss, then the transcript edited as a researcher would; `gloss check`,
# `gloss tally` and the file written back must keep every coding apart, report what cannot
# be placed without doubt, and never count a coding that is not where it says. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LIMIT=10
[ "${SANITIZE:-}" = 1 ] && LIMIT=40

n=0
. "$SRCDIR/tests/lib.sh"

W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
export GLOSS_CODER=ana SOURCE_DATE_EPOCH=1774000000 NO_COLOR=1

project() { # project DIR: a codebook with codes a and b
	rm -rf "$1"
	mkdir -p "$1/codebooks" "$1/transcripts/codings/ana"
	printf 'name: T\ncodes:\n  - id: a\n    key: "1"\n  - id: b\n    key: "2"\n' \
		>"$1/codebooks/t.yaml"
}

# gl DIR ARGS...: run gloss in DIR; stdout in $W/out, stderr in $W/err, status in $rc
gl() {
	_dir=$1
	shift
	(cd "$_dir" && timeout "$LIMIT" "$GLOSS" "$@") >"$W/out" 2>"$W/err"
	rc=$?
}

# passages CODE: the passages tally counted for CODE (from the last `gl DIR tally --format csv`)
passages() {
	awk -F, -v c="$1" '$1 == c { print $7 }' "$W/out"
}

# write_codings FILE: a codings file as gloss writes it, from lines "code start end quote
# prefix suffix" on standard input (no context fields when prefix is "-")
write_codings() {
	{
		echo '# gloss codings: one transcript, one coder. See gloss(5).'
		echo "transcript: \"$2\""
		echo 'coder: "ana"'
		echo 'codings:'
		cat
	} >"$1"
}

# ---- case 1: repeated quotes and front matter -------------------------------------------
P=$W/p1
project "$P"
printf 'Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n' >"$P/transcripts/q.txt"
write_codings "$P/transcripts/codings/ana/q.yaml" q.txt <<'EOF'
  - code: "a"
    start: 3
    end: 12
    quote: "(skipped)"
    prefix: "Q1 "
    suffix: "\nQ2 (skipped)\nQ3 (skipped)\n"
    created: "2026-03-20T10:15:00Z"
  - code: "a"
    start: 16
    end: 25
    quote: "(skipped)"
    prefix: "Q1 (skipped)\nQ2 "
    suffix: "\nQ3 (skipped)\n"
    created: "2026-03-20T10:15:00Z"
EOF
gl "$P" check
check "case 1: the file as written checks clean" test "$rc" = 0
gl "$P" tally --format csv
check "case 1: two passages before the edit" test "$(passages a)" = 2
{ printf -- '---\nsite: dublin\n---\n'; printf 'Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n'; } \
	>"$P/transcripts/q.txt"
gl "$P" check
check "case 1: after front matter, check exits 0 (both found again)" test "$rc" = 0
check "case 1: both re-anchored (two notes)" test "$(grep -c 're-anchored' "$W/out")" = 2
check "case 1: first coding moved to 3+21" grep -q "re-anchored from 3 to 24" "$W/out"
check "case 1: second coding moved to 16+21" grep -q "re-anchored from 16 to 37" "$W/out"
gl "$P" tally --format csv
check "case 1: tally still counts two passages" test "$(passages a)" = 2

# the same without context fields (a file of an older gloss): no guessing
P=$W/p1b
project "$P"
{ printf -- '---\nsite: dublin\n---\n'; printf 'Q1 (skipped)\nQ2 (skipped)\nQ3 (skipped)\n'; } \
	>"$P/transcripts/q.txt"
write_codings "$P/transcripts/codings/ana/q.yaml" q.txt <<'EOF'
  - code: "a"
    start: 3
    end: 12
    quote: "(skipped)"
    created: "2026-03-20T10:15:00Z"
  - code: "a"
    start: 16
    end: 25
    quote: "(skipped)"
    created: "2026-03-20T10:15:00Z"
EOF
cp "$P/transcripts/codings/ana/q.yaml" "$W/q-before.yaml"
gl "$P" check
check "case 1, no context: check exits 1" test "$rc" = 1
check "case 1, no context: both reported ambiguous" test "$(grep -c 'ambiguous' "$W/out")" -ge 3
check "case 1, no context: summary line lists them" \
	grep -q '^2 ambiguous codings.*q.yaml:5, .*q.yaml:10' "$W/out"
gl "$P" tally --format csv
check "case 1, no context: tally counts neither" test "$(passages a)" = 0
check "case 1, no context: tally says why" grep -q '2 ambiguous codings not counted' "$W/err"
# the coder saves the file after a change: the ambiguous codings are written back as they
# were (offsets, quote, no context taken from the wrong place), never moved
(cd "$P" && "$TOOLS/savecodings" transcripts/q.txt ana add b 0 3) >"$W/out" 2>&1
check "case 1, no context: a new coding is saved" test $? = 0
check "case 1, no context: the new coding is in the file" \
	grep -q '^  - code: "b"' "$P/transcripts/codings/ana/q.yaml"
awk '/^  - code: "b"/ { skip = 1; next } /^  - / { skip = 0 } !skip' \
	"$P/transcripts/codings/ana/q.yaml" >"$W/q-after.yaml"
check "case 1, no context: the ambiguous codings are written back unchanged" \
	cmp -s "$W/q-before.yaml" "$W/q-after.yaml"

# ---- case 2: a long passage when the text gets shorter -----------------------------------
P=$W/p2
project "$P"
long=$(awk 'BEGIN { for (i = 0; i < 40; i++) printf "word%02d ", i }')
{
	i=0
	while [ $i -lt 60 ]; do echo "        indented line $i"; i=$((i + 1)); done
	echo "    A: $long"
} >"$P/transcripts/l.txt"
start=$(awk -v s="A: $long" '{ t = t $0 "\n" } END { print index(t, s) - 1 }' "$P/transcripts/l.txt")
end=$((start + ${#long} + 3))
q1=$(printf '%s' "A: $long" | cut -c1-100)
q2=$(printf '%s' "A: $long" | awk '{ print substr($0, length($0) - 99) }')
write_codings "$P/transcripts/codings/ana/l.yaml" l.txt <<EOF
  - code: "b"
    start: $start
    end: $end
    quote: "$q1"
    quote_end: "$q2"
    created: "2026-03-20T10:15:00Z"
EOF
gl "$P" check
check "case 2: the long passage is in place" test "$rc" = 0
sed 's/^ *//' "$P/transcripts/l.txt" >"$W/l.txt" && mv "$W/l.txt" "$P/transcripts/l.txt"
gl "$P" check
check "case 2: indentation removed: found again, not drifted" test "$rc" = 0
check "case 2: one note, no warning" grep -q 're-anchored' "$W/out"

# ---- case 3: offsets past the end of the text -------------------------------------------
P=$W/p3
project "$P"
printf 'A: a short transcript of exactly fifty-five characters\n' >"$P/transcripts/s.txt"
write_codings "$P/transcripts/codings/ana/s.yaml" s.txt <<'EOF'
  - {code: a, start: 1000, end: 2000}
EOF
gl "$P" check
check "case 3: check exits 1" test "$rc" = 1
check "case 3: check reports the coding past the end" grep -q 'past the end' "$W/out"
check "case 3: one warning" grep -q '1 warning' "$W/out"
check "case 3: check says how to repair (the coder's !, or removing it)" \
	grep -q '^to repair drifted or ambiguous codings: .*press !.*remove them' "$W/out"
gl "$P" tally --format csv
check "case 3: tally does not count it" test "$(passages a)" = 0

# ---- case 11 (issue 16): passages edited inside are re-anchored with changes -------------
P=$W/p11
project "$P"
t1='Honestly, a lot of the sustainability talk is branding. Some of it is genuine. The rest is what firms say to keep graduates from leaving early.'
t2='When I started out in consulting, every firm had a programme, and you would spend a Saturday helping at a food bank and then write a post about it. It was fine. But the work that mattered was the Tuesday work, advising the cooperative on its books, which nobody photographed or praised. Ok.'
printf 'INTERVIEWER: And the awards?\n\nAMARA: %s\n\nINTERVIEWER: And before?\n\nAMARA: %s\n\nINTERVIEWER: Thanks.\n' \
	"$t1" "$t2" >"$P/transcripts/e.txt"
s1=$(awk -v s="$t1" '{ t = t $0 "\n" } END { print index(t, s) - 1 }' "$P/transcripts/e.txt")
s2=$(awk -v s="$t2" '{ t = t $0 "\n" } END { print index(t, s) - 1 }' "$P/transcripts/e.txt")
(cd "$P" && "$TOOLS/savecodings" transcripts/e.txt ana add a "$s1" $((s1 + 143)) &&
	"$TOOLS/savecodings" transcripts/e.txt ana add b "$s2" $((s2 + 290))) >"$W/out" 2>&1
check "case 11: two codings on a 143- and a 290-character turn saved" test $? = 0
sed -e 's/Some of it is genuine\./Some of it — maybe a third — is genuine./' \
	-e 's/in consulting, every/in consulting, [Crosstalk removed.] every/' \
	"$P/transcripts/e.txt" >"$W/e.txt" && mv "$W/e.txt" "$P/transcripts/e.txt"
gl "$P" check
check "case 11: edited inside: check exits 0 (both found, counted)" test "$rc" = 0
check "case 11: a note for each, with the line of its codings entry" \
	test "$(grep -c 'e.yaml:[0-9]*: note: coding .* re-anchored with changes' "$W/out")" = 2
check "case 11: the summary lists them as re-anchored with changes" \
	grep -q '^2 codings re-anchored with changes .*e.yaml:5, .*e.yaml:1[0-9]' "$W/out"
check "case 11: no repair needed" sh -c "! grep -q 'to repair' '$W/out'"
gl "$P" tally --format csv
check "case 11: tally counts the edited passage of a" test "$(passages a)" = 1
check "case 11: and of b" test "$(passages b)" = 1
gl "$P" tally -v
check "case 11: tally -v reports them one by one" \
	test "$(grep -c 'e.yaml:[0-9]*: note: .*re-anchored with changes' "$W/err")" = 2
check "case 11: tally -v sums them up" \
	grep -q '2 codings re-anchored with changes, counted' "$W/err"
(cd "$P" && "$TOOLS/savecodings" transcripts/e.txt ana add b 0 11) >"$W/out" 2>&1
check "case 11: a save" test $? = 0
check "case 11: after the save the quote is the edited text" \
	grep -q 'quote: "Honestly, a lot of the sustainability talk is branding. Some of it — maybe a third — is genuine.' \
	"$P/transcripts/codings/ana/e.yaml"
check "case 11: after the save the first covers the edited turn (18 characters more)" \
	grep -q "^    end: $((s1 + 143 + 18))\$" "$P/transcripts/codings/ana/e.yaml"
check "case 11: the second starts 18 on and covers 21 more" \
	sh -c "grep -q '^    start: $((s2 + 18))\$' '$P/transcripts/codings/ana/e.yaml' &&
		grep -q '^    end: $((s2 + 18 + 290 + 21))\$' '$P/transcripts/codings/ana/e.yaml'"
check "case 11: and the long one's head too" \
	grep -q 'quote: "When I started out in consulting, \[Crosstalk removed.\] every' \
	"$P/transcripts/codings/ana/e.yaml"
gl "$P" check
check "case 11: read again: in place, nothing re-anchored" \
	sh -c "[ $rc = 0 ] && ! grep -q 're-anchored' '$W/out'"

# ---- case 10: 2,000 unmatched codings in a 1 MB transcript ------------------------------
P=$W/p10
project "$P"
awk 'BEGIN { for (i = 0; i < 16000; i++) printf "A: line %d of a long transcript, with some words in it.\n", i }' \
	>"$P/transcripts/big.txt"
awk 'BEGIN {
	print "# gloss codings: one transcript, one coder. See gloss(5)."
	print "transcript: \"big.txt\""; print "coder: \"ana\""; print "codings:"
	for (i = 0; i < 2000; i++) {
		printf "  - code: \"a\"\n    start: %d\n    end: %d\n", i * 400, i * 400 + 30
		printf "    quote: \"a passage that is gone %d, nowhere\"\n", i
		printf "    created: \"2026-03-20T10:15:00Z\"\n"
	}
}' >"$P/transcripts/codings/ana/big.yaml"
gl "$P" tally --format csv
# a time is no assertion on a shared machine: the 1 s target is bench/run.sh's row
# "re-anchoring 2,000 codings whose quotes are gone", and `make bench` fails when it is missed
check "case 10: tally with 2,000 unmatched codings in 1 MB exits 0 within the ${LIMIT} s watchdog" \
	test "$rc" = 0
check "case 10: all 2,000 reported drifted" grep -q '2000 drifted codings not counted' "$W/err"

echo "1..$n"
