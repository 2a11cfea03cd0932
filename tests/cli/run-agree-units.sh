#!/bin/sh
# tests/cli/run-agree-units.sh — gloss agree limited to some speakers' turns (--speaker,
# --not-speaker, gloss.yaml's agree:) and --theme-as-variable with --uncoded none|missing,
# against numbers worked out by hand in the comments beside each check. Prints TAP.
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GLOSS=${GLOSS:-$SRCDIR/build/gloss}
LC_ALL=C.UTF-8
export LC_ALL
unset GLOSS_CODEBOOK GLOSS_CODER
n=0
failed=0
. "$SRCDIR/tests/lib.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gloss-agree-units.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
p=$tmp/p
mkdir -p "$p/codebooks" "$p/transcripts/codings/ana" "$p/transcripts/codings/ben"
cat >"$p/codebooks/study.yaml" <<'YAML'
name: Units study
codes:
  - id: trust
    name: Trust
  - id: values
    name: Values
  - id: motives
    name: Motives
    codes:
      - id: care
        name: Care
      - id: purpose
        name: Purpose
YAML
# 01: six turns, I1 P1 I2 P2 I3 P3 (P3 has two sentences); ASCII, so byte offsets are the
# code points a codings file counts
cat >"$p/transcripts/01.txt" <<'TXT'
INTERVIEWER: Question one?
P05: Answer one.
INTERVIEWER: Question two?
P05: Answer two.
INTERVIEWER: Question three?
P05: Answer three. More here.
TXT
# 02: 41 turns of P05
i=1
while [ $i -le 41 ]; do
	echo "P05: Turn number $i here."
	i=$((i + 1))
done >"$p/transcripts/02.txt"

# coding DOC TEXT CODE: a coding of the first occurrence of TEXT in DOC
coding() {
	start=$(grep -bo -- "$2" "$p/transcripts/$1.txt" | head -1 | cut -d: -f1)
	printf '  - code: "%s"\n    start: %s\n    end: %s\n    quote: "%s"\n    created: "2026-03-20T10:00:00Z"\n' \
		"$3" "$start" $((start + ${#2})) "$2"
}
# codings CODER DOC: the header of a codings file
codings() {
	printf 'transcript: "%s.txt"\ncoder: "%s"\ncodings:\n' "$2" "$1"
}
#            I1         P1      I2  P2      I3  P3
#   ana:     trust      trust       values
#   ben:                trust                   values (its first sentence)
{
	codings ana 01
	coding 01 "Question one?" trust
	coding 01 "Answer one." trust
	coding 01 "Answer two." values
} >"$p/transcripts/codings/ana/01.yaml"
{
	codings ben 01
	coding 01 "Answer one." trust
	coding 01 "Answer three." values
} >"$p/transcripts/codings/ben/01.yaml"
# 02, the theme motives (care, purpose): ana care on turns 1 and 2, ben care on turn 1
{
	codings ana 02
	coding 02 "Turn number 1 here." care
	coding 02 "Turn number 2 here." care
} >"$p/transcripts/codings/ana/02.yaml"
{
	codings ben 02
	coding 02 "Turn number 1 here." care
} >"$p/transcripts/codings/ben/02.yaml"

# run NAME ARGS...: gloss ARGS in the project: NAME.out, NAME.err, NAME.status
run() {
	_name=$1
	shift
	(cd "$p" && exec "$GLOSS" "$@") >"$tmp/$_name.out" 2>"$tmp/$_name.err" </dev/null
	echo $? >"$tmp/$_name.status"
}
status() { [ "$(cat "$tmp/$1.status")" = "$2" ]; }
# row NAME ID: the CSV row of code ID (id,name,depth,theme,units,coded:ana,coded:ben,
# agreements,disagreements,percent,kappa,alpha,violations[,uncoded])
row() { grep "^$2," "$tmp/$1.out" | tr -d '\r'; }
has() { [ "$(row "$1" "$2")" = "$3" ]; }

# --- every turn of 01 (6 units) ---
# trust: I1 ana only (disagree), P1 both, I2 P2 I3 P3 neither: 5 of 6 agree
# values: P2 ana only, P3 ben only, the 4 others neither: 4 of 6
run all agree --format csv transcripts/01.txt
check "every turn: exit 0" status all 0
check "every turn: trust 6 units, ana 2 ben 1, 5 agree (83.3%)" \
	sh -c "grep -q '^trust,Trust,0,false,6,2,1,5,1,0.8333,' '$tmp/all.out'"
check "every turn: values 6 units, 4 agree: the interviewer's uncoded turns inflate it" \
	sh -c "grep -q '^values,Values,0,false,6,1,1,4,2,0.6667,' '$tmp/all.out'"

# --- --speaker P05: P1 P2 P3 (3 units) ---
# trust: P1 both, P2 P3 neither: 3 of 3 (100%); kappa: p_o 1, p_e 1/9 + 4/9 ... ana and ben
#   both coded P1 only: p_e = (1/3)(1/3) + (2/3)(2/3) = 5/9, kappa (1 - 5/9) / (4/9) = 1;
#   alpha: o_11 = 2, o_00 = 4, no disagreement: 1
# values: P2 ana only, P3 ben only, P1 neither: 1 of 3 (33.3%);
#   kappa: table (0,0) 1, (1,0) 1, (0,1) 1: p_o 1/3, p_e (2/3)(2/3) + (1/3)(1/3) = 5/9,
#   kappa (1/3 - 5/9) / (4/9) = -0.5;
#   alpha: o_00 = 2, o_01 = o_10 = 2, n = 6, n_0 = 4, n_1 = 2: 1 - 5 * 4 / (36 - 16 - 4)
#   = 1 - 20/16 = -0.25
run sp agree --format csv --speaker P05 transcripts/01.txt
check "--speaker P05: trust 3 units, 3 agree, kappa 1, alpha 1" \
	has sp trust "trust,Trust,0,false,3,1,1,3,0,1.0000,1.0000,1.0000,0"
check "--speaker P05: values 3 units, 1 agree (33.3%), kappa -0.5, alpha -0.25" \
	has sp values "values,Values,0,false,3,1,1,1,2,0.3333,-0.5000,-0.2500,0"
# pooled: each of the 5 codes over the 3 turns (motives, care, purpose coded by nobody:
#   0/0, agreed): units 15, agreements 3 + 1 + 3 + 3 + 3 = 13 of 15
check "--speaker P05: pooled 15 units (5 codes x 3 turns), 13 agree" \
	sh -c "grep -q '^\*,all codes,0,false,15,2,2,13,2,0.8667,' '$tmp/sp.out'"
run nsp agree --format csv --not-speaker INTERVIEWER transcripts/01.txt
check "--not-speaker INTERVIEWER: the same rows as --speaker P05" \
	sh -c "cmp -s '$tmp/sp.out' '$tmp/nsp.out'"
run spi agree --format csv --speaker p05 transcripts/01.txt
check "--speaker p05: ASCII case ignored" sh -c "cmp -s '$tmp/sp.out' '$tmp/spi.out'"
# --speaker INTERVIEWER: I1 I2 I3; trust I1 ana only: 2 of 3
run int agree --format csv --speaker INTERVIEWER transcripts/01.txt
check "--speaker INTERVIEWER: trust 3 units, 2 agree" \
	sh -c "grep -q '^trust,Trust,0,false,3,1,0,2,1,0.6667,' '$tmp/int.out'"
check "--speaker INTERVIEWER: values 3 units, none coded, 3 agree" \
	sh -c "grep -q '^values,Values,0,false,3,0,0,3,0,1.0000,' '$tmp/int.out'"
# repeated: --speaker P05 --speaker INTERVIEWER is every turn
run both agree --format csv --speaker P05 --speaker INTERVIEWER transcripts/01.txt
check "--speaker repeated: both speakers' turns, as every turn" \
	sh -c "cmp -s '$tmp/all.out' '$tmp/both.out'"

# --- sentences of P05's turns: Answer one. / Answer two. / Answer three. / More here. ---
# values: "Answer two." ana only, "Answer three." ben only: 2 of 4 agree (50%)
# trust: "Answer one." both: 4 of 4; every sentence (7, the 3 questions too): trust
#   "Question one?" ana only: 6 of 7
run sen agree --format csv --unit sentence --speaker P05 transcripts/01.txt
check "--unit sentence --speaker P05: values 4 units, 2 agree" \
	sh -c "grep -q '^values,Values,0,false,4,1,1,2,2,0.5000,' '$tmp/sen.out'"
check "--unit sentence --speaker P05: trust 4 units, 4 agree" \
	sh -c "grep -q '^trust,Trust,0,false,4,1,1,4,0,1.0000,' '$tmp/sen.out'"
run sena agree --format csv --unit sentence transcripts/01.txt
check "--unit sentence, every speaker: trust 7 units, 6 agree" \
	sh -c "grep -q '^trust,Trust,0,false,7,2,1,6,1,0.8571,' '$tmp/sena.out'"

# --- the headers say which turns ---
run spt agree --speaker P05 transcripts/01.txt
check "table: the title says 'by turn in turns of P05'" \
	grep -q '^agreement of ana and ben by turn in turns of P05: 1 document compared' "$tmp/spt.out"
run nspt agree --not-speaker INTERVIEWER --format markdown transcripts/01.txt
check "markdown: a line says 'Units: turns in turns not of INTERVIEWER.'" \
	grep -q '^Units: turns in turns not of INTERVIEWER\.$' "$tmp/nspt.out"
run spj agree --speaker P05 --not-speaker X --format json transcripts/01.txt
check "json: \"speakers\": [\"P05\"], \"not_speakers\": [\"X\"]" \
	sh -c "grep -q '^  \"speakers\": \[\"P05\"\],$' '$tmp/spj.out' && grep -q '^  \"not_speakers\": \[\"X\"\],$' '$tmp/spj.out'"
check "a speaker no turn has is warned about (X), the others not" \
	sh -c "grep -q \"^gloss: warning: no turn of speaker 'X' in the documents\$\" '$tmp/spj.err' && ! grep -q P05 '$tmp/spj.err'"
run nosp agree --speaker P5 transcripts/01.txt
check "--speaker P5 (a typo): exit 0, a warning, no unit" \
	sh -c "[ \$(cat '$tmp/nosp.status') = 0 ] && grep -q \"no turn of speaker 'P5'\" '$tmp/nosp.err' && grep -Eq '^Trust +0 ' '$tmp/nosp.out'"
run spempty agree --speaker "" transcripts/01.txt
check "--speaker '': a usage error" status spempty 2

# --- gloss.yaml's agree: the default, and the command line replaces it ---
printf 'agree:\n  speakers: [P05]\n' >"$p/gloss.yaml"
run yml agree --format csv transcripts/01.txt
check "gloss.yaml agree: speakers: [P05] gives the rows of --speaker P05" \
	sh -c "cmp -s '$tmp/sp.out' '$tmp/yml.out'"
run ymlc agree --format csv --speaker INTERVIEWER transcripts/01.txt
check "--speaker on the command line replaces gloss.yaml's" sh -c "cmp -s '$tmp/int.out' '$tmp/ymlc.out'"
printf 'agree:\n  not_speakers: P05\n' >"$p/gloss.yaml"
run ymlbad agree transcripts/01.txt
check "gloss.yaml agree: not_speakers not a list: file:line:col error" \
	grep -q '^gloss.yaml:2:17: agree: not_speakers must be a list of names' "$tmp/ymlbad.err"
rm "$p/gloss.yaml"

# --- --theme-as-variable over 02's 41 turns: ana care on turns 1 and 2, ben care on 1 ---
# missing (the default): only turn 1 has values from both: 1 unit, 1 agree, 100%, kappa
#   and alpha undefined (one value only) -- the "few units, 100%" the issue met
run miss agree --theme-as-variable --format csv transcripts/02.txt
check "--uncoded missing (default): motives 1 unit, 1 agree, 100%, kappa and alpha undefined" \
	has miss motives "motives,Motives,0,true,1,2,1,1,0,1.0000,,,0,missing"
# none: every turn is a unit: 41; turn 2 care vs none: 40 of 41 (97.6%)
#   values care 0, purpose 1, none 2; table (care,care) 1, (care,none) 1, (none,none) 39
#   kappa: p_o 40/41, p_e (2/41)(1/41) + (39/41)(40/41) = 1562/1681,
#     (1640 - 1562) / (1681 - 1562) = 78/119 = 0.6555
#   alpha: o_cc 2, o_cn = o_nc 1, o_nn 78; n 82, n_c 3, n_n 79;
#     1 - 81 * 2 / (82^2 - 9 - 6241) = 1 - 162/474 = 0.6582
run none agree --theme-as-variable --uncoded none --format csv transcripts/02.txt
check "--uncoded none: motives 41 units, ana 41 ben 41 valued, 40 agree, kappa 0.6555, alpha 0.6582" \
	has none motives "motives,Motives,0,true,41,41,41,40,1,0.9756,0.6555,0.6582,0,none"
check "csv: the header has the column uncoded" \
	sh -c "head -1 '$tmp/none.out' | tr -d '\r' | grep -q ',violations,uncoded\$'"
run nonet agree --theme-as-variable --uncoded none transcripts/02.txt
check "table: the title says uncoded units are the value 'none'" \
	grep -q "^agreement of ana and ben by turn (themes as variables; uncoded units are the value 'none'): 1 document" "$tmp/nonet.out"
check "table: Motives 41 units, 40 agree, 97.6%" \
	grep -Eq '^Motives +41 +41 +41 +40 +1 +97\.6% +0\.655 +0\.658 +0$' "$tmp/nonet.out"
run misst agree --theme-as-variable transcripts/02.txt
check "table: the default's title says uncoded units are missing" \
	grep -q '^agreement of ana and ben by turn (themes as variables; uncoded units are missing)' "$tmp/misst.out"
run nonej agree --theme-as-variable --uncoded none --format json transcripts/02.txt
check "json: \"uncoded\": \"none\"" grep -q '^  "uncoded": "none",$' "$tmp/nonej.out"
run nonem agree --theme-as-variable --uncoded none --format markdown transcripts/02.txt
check "markdown: the line says uncoded units are the value 'none'" \
	grep -q "^Units: turns; themes as variables; uncoded units are the value 'none'\.$" "$tmp/nonem.out"
run badunc agree --theme-as-variable --uncoded zero transcripts/02.txt
check "--uncoded zero: a usage error" status badunc 2
run uncnot agree --uncoded none transcripts/02.txt
check "--uncoded without --theme-as-variable: a usage error" status uncnot 2
# none with the speaker limit: 01's P05 turns, motives coded by nobody: 3 units of none/none
run nonesp agree --theme-as-variable --uncoded none --format csv --speaker P05 transcripts/01.txt
check "--uncoded none --speaker P05 on 01: motives 3 units, all none, 3 agree" \
	has nonesp motives "motives,Motives,0,true,3,3,3,3,0,1.0000,,,0,none"

echo "1..$n"
[ "$failed" -eq 0 ]
