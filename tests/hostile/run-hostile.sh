#!/bin/sh
# tests/hostile/run-hostile.sh — hostile inputs for the headless commands.
#
# Every case must give a clear error or safe output, never a crash (exit >= 128 or a
# sanitizer report), a hang (each command runs under `timeout`), or raw terminal control
# bytes (ESC, BEL, C1 controls) on standard output or standard error. Big inputs are
# generated here, in a scratch directory. Symlink policy (see README in this directory):
# reading a transcript that is a symlink to a file outside the project is allowed but
# `gloss check` warns; writing codings through a symlinked codings file or directory that
# points outside the project is refused. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LIMIT=${HOSTILE_TIMEOUT:-10}
[ "${SANITIZE:-}" = 1 ] && LIMIT=$((LIMIT * 4))

n=0
. "$SRCDIR/tests/lib.sh"

if [ ! -x "$GLOSS" ]; then
	nok "gloss is built ($GLOSS)"
	echo "1..$n"
	exit 1
fi

W=${HOSTILE_KEEP:-$(mktemp -d)}
[ -n "${HOSTILE_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
P=$W/p
mkdir -p "$P/codebooks" "$P/transcripts" "$W/outside"
ESC=$(printf '\033')
BEL=$(printf '\007')

cat >"$P/codebooks/study.yaml" <<'EOF'
name: Hostile study
codes:
  - id: arena
    name: Arena
    codes:
      - id: purpose
        name: Purpose
        key: "1"
      - id: trust
        name: Trust
        key: "2"
EOF
cat >"$P/transcripts/01-plain.txt" <<'EOF'
---
role: thought leader
---
[00:00:04] INTERVIEWER: Thank you for making time.

[00:00:15] AMARA: Of course. I run a small practice in Lagos; pro bono was a Saturday thing.
EOF

# run NAME [ENV=VALUE...] -- ARGS...: run gloss in the project under a timeout
run() {
	name=$1
	shift
	(cd "$P" && timeout "$LIMIT" env "$@") >"$W/$name.out" 2>"$W/$name.err"
	echo $? >"$W/$name.rc"
}
rc() { cat "$W/$1.rc"; }

# safe NAME: no crash, no hang, no sanitizer report, no control bytes in the output
safe() {
	_sr=$(rc "$1")
	if [ "$_sr" -ge 124 ]; then
		nok "$1: gloss finishes without crashing or hanging (exit $_sr)"
		tail -5 "$W/$1.err" | sed 's/^/#   /'
		return
	fi
	if grep -Eq 'AddressSanitizer|LeakSanitizer|runtime error:' "$W/$1.err"; then
		nok "$1: no sanitizer report"
		grep -m3 -E 'ERROR|runtime error' "$W/$1.err" | sed 's/^/#   /'
		return
	fi
	if LC_ALL=C grep -Pq '[\x1b\x07]|\xc2[\x80-\x9f]' "$W/$1.out" "$W/$1.err"; then
		nok "$1: no raw ESC, BEL or C1 control bytes in the output (exit $_sr)"
		LC_ALL=C grep -Pa '[\x1b\x07]|\xc2[\x80-\x9f]' "$W/$1.out" "$W/$1.err" | head -3 |
			cat -v | cut -c1-160 | sed 's/^/#   /'
		return
	fi
	# invalid UTF-8 could smuggle an 8-bit C1 control (0x9b is CSI) to the terminal
	for f in out err; do
		if ! iconv -f UTF-8 -t UTF-8 "$W/$1.$f" >/dev/null 2>&1; then
			nok "$1: standard $f is valid UTF-8"
			return
		fi
	done
	ok "$1: exits $_sr cleanly, no control bytes in the output"
}

# expect_msg NAME DESCRIPTION ERE: the messages (stderr, or stdout for check) match ERE
expect_msg() {
	if cat "$W/$1.err" "$W/$1.out" | grep -Eq "$3"; then ok "$1: $2"; else
		nok "$1: $2"
		cat "$W/$1.err" "$W/$1.out" | head -3 | cut -c1-200 | cat -v | sed 's/^/#   got: /'
	fi
}

valid_utf8() { iconv -f UTF-8 -t UTF-8 "$W/$1.out" >/dev/null 2>&1; }

# --- YAML bombs ------------------------------------------------------------------------
{
	echo 'name: Bomb'
	echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
	prev=a
	for x in b c d e f g h i j; do
		printf '%s: &%s [' "$x" "$x"
		for k in 1 2 3 4 5 6 7 8 9; do printf '*%s, ' "$prev"; done
		printf '*%s]\n' "$prev"
		prev=$x
	done
	echo 'codes: [{id: boom, name: *j}]'
} >"$W/bomb.yaml"
run bomb-check "$GLOSS" check --codebook "$W/bomb.yaml"
safe bomb-check
check "bomb-check: the alias bomb is an error (exit 1)" test "$(rc bomb-check)" -eq 1
expect_msg bomb-check "the message names file:line:col and the alias limit" \
	'bomb\.yaml:[0-9]+:[0-9]+: .*(alias|expan|large|limit|too many)'
run bomb-tally "$GLOSS" tally --codebook "$W/bomb.yaml"
safe bomb-tally

awk 'BEGIN { printf "name: Deep\ncodes: "; for (i = 0; i < 10000; i++) printf "[";
	for (i = 0; i < 10000; i++) printf "]"; print "" }' >"$W/deep.yaml"
run deep-check "$GLOSS" check --codebook "$W/deep.yaml"
safe deep-check
check "deep-check: 10,000 nesting levels are an error (exit 1)" test "$(rc deep-check)" -eq 1
expect_msg deep-check "the message names file:line:col and the nesting limit" \
	'deep\.yaml:[0-9]+:[0-9]+: .*(nest|deep|depth)'

awk 'BEGIN { printf "name: Deep\ncodes:\n"; ind = "  ";
	for (i = 0; i < 300; i++) { printf "%s- id: c%d\n%s  codes:\n", ind, i, ind; ind = ind "    " }
	printf "%s- id: leaf\n", ind }' >"$W/deep-codes.yaml"
run deep-codes "$GLOSS" check --codebook "$W/deep-codes.yaml"
safe deep-codes
check "deep-codes: a 300-level code tree gives a clear verdict (exit 0 or 1)" \
	test "$(rc deep-codes)" -le 1

# --- catastrophic backtracking ---------------------------------------------------------
mkdir -p "$W/bt"
awk 'BEGIN { s = ""; for (i = 0; i < 5000; i++) s = s "a"; print "[00:00:01] A: " s "b" }' \
	>"$W/bt/bt.txt"
run backtrack-grep "$GLOSS" grep '(a+)+$' "$W/bt/bt.txt"
safe backtrack-grep
expect_msg backtrack-grep "the message names the match limit" '(limit|backtrack)'
# grep scans a whole text for candidate lines; a pattern that backtracks too much over
# many lines (but not in any one) must fall back to line by line, not rescan for each
awk 'BEGIN { for (i = 0; i < 3000; i++) print "aaaaaaaaaaaa" }' >"$W/bt/lines.txt"
for c in -c -C1; do
	run "backtrack-lines$c" "$GLOSS" grep $c '(?:[a\s]+)+b' "$W/bt/lines.txt"
	safe "backtrack-lines$c"
	check "backtrack-lines$c: no line matches (exit 1), no error" \
		sh -c "[ $(rc "backtrack-lines$c") -eq 1 ] && ! grep -q limit '$W/backtrack-lines$c.err'"
done
cat >"$W/bt-cb.yaml" <<'EOF'
name: Backtracking
codes:
  - id: evil
    patterns: ['(a+)+$', '(x+x+)+y', '(?:a|aa)*c']
EOF
run backtrack-codebook "$GLOSS" check --codebook "$W/bt-cb.yaml" "$W/bt/bt.txt"
safe backtrack-codebook

# --- a 10 MB single-line transcript --------------------------------------------------
mkdir -p "$W/big"
{
	printf '[00:00:01] AMARA: '
	yes 'pro bono work in the café, naïve and honest' | head -c 10000000 | tr '\n' ' '
	printf 'needle\n'
} >"$W/big/big.txt"
for cmd in tally check; do
	run "big-$cmd" "$GLOSS" "$cmd" "$W/big/big.txt"
	safe "big-$cmd"
done
check "big-tally: a 10 MB line is tallied (exit 0)" test "$(rc big-tally)" -eq 0
run big-grep "$GLOSS" grep needle "$W/big/big.txt"
safe big-grep
check "big-grep: the match at the end of a 10 MB line is found (exit 0)" \
	test "$(rc big-grep)" -eq 0

# --- NUL bytes, invalid and overlong UTF-8 --------------------------------------------
mkdir -p "$W/enc"
printf '[00:00:01] AMARA: nul\000here overlong\300\200 three\340\200\200 surrogate\355\240\200 five\370\210\200\200\200 lone\377 end\n' \
	>"$W/enc/bad.txt"
run enc-check "$GLOSS" check "$W/enc/bad.txt"
safe enc-check
expect_msg enc-check "invalid bytes are warnings naming file:line:col" \
	'bad\.txt:[0-9]+:[0-9]+: warning: .*(UTF-8|NUL|invalid|encoding)'
run enc-grep "$GLOSS" grep 'here|end' "$W/enc/bad.txt"
safe enc-grep
check "enc-grep: the line is found and printed as valid UTF-8" \
	sh -c "[ $(rc enc-grep) -eq 0 ] && iconv -f UTF-8 -t UTF-8 '$W/enc-grep.out' >/dev/null"
run enc-tally "$GLOSS" tally "$W/enc/bad.txt"
safe enc-tally

# --- terminal escapes in every kind of text ------------------------------------------
mkdir -p "$P/transcripts/codings/ana"
CSI="${ESC}[2J${ESC}[31m"
OSC_TITLE="${ESC}]0;pwned${BEL}"
OSC52="${ESC}]52;c;cm0gLXJmIH4=${BEL}"
OSC8="${ESC}]8;;http://evil.example/${ESC}\\link${ESC}]8;;${ESC}\\"
C1=$(printf '\302\233')31m # U+009B CSI
# the same sequences as YAML double-quoted escapes (raw controls are YAML syntax errors)
Y_CSI='\e[2J\e[31m'
Y_OSC_TITLE='\e]0;pwned\a'
Y_OSC52='\e]52;c;cm0gLXJmIH4=\a'
Y_OSC8='\e]8;;http://evil.example/\e\\link\e]8;;\e\\'
Y_C1='\x9b31m\u009d0;c1 title\a'
{
	printf -- '---\nrole: "%s"\ntitle: "%s"\n---\n' "$Y_CSI" "$Y_OSC_TITLE"
	printf '[00:00:01] INTERVIEWER: clear %s screen %s and %s\n\n' "$CSI" "$OSC_TITLE" "$OSC52"
	printf '[00:00:02] EVIL%sNAME: hyperlink %s c1 %s tail\n' "$CSI" "$OSC8" "$C1"
} >"$P/transcripts/02-escapes.txt"
cat >"$P/codebooks/study.yaml" <<EOF
name: "Hostile ${Y_OSC_TITLE} study"
codes:
  - id: arena
    name: "Arena ${Y_CSI}"
    description: "${Y_OSC52}"
    codes:
      - id: purpose
        name: "=HYPERLINK(\"http://evil.example/\",\"click\")"
        key: "1"
      - id: trust
        name: "+cmd|' /C calc'!A0"
        key: "2"
      - id: minus
        name: "-2+3"
      - id: at
        name: "@SUM(1+1)"
      - id: osc8
        name: "${Y_OSC8}"
      - id: c1
        name: "${Y_C1}"
EOF
cat >"$P/transcripts/codings/ana/02-escapes.yaml" <<EOF
# gloss codings: one transcript, one coder. See gloss(5).
transcript: "02-escapes.txt"
coder: "ana"
codings:
  - code: "purpose"
    start: 0
    end: 3
    quote: "---"
    memo: "memo ${Y_OSC52} ${Y_CSI}"
    created: "2026-03-20T10:15:00Z"
  - code: "nope${Y_CSI}"
    start: 4
    end: 8
    quote: "role"
    memo: "\u001b]0;json escaped\u0007"
    created: "2026-03-20T10:16:00Z"
  - code: "trust"
    start: 1
    end: 3
    quote: "${Y_OSC_TITLE}drifted"
    created: "2026-03-20T10:17:00Z"
  - code: "osc8"
    start: 60
    end: 70
    quote: "x"
    created: "2026-03-20T10:18:00Z"
    "${Y_OSC_TITLE}unknown-field": "${Y_OSC52}"
EOF
run esc-grep "$GLOSS" grep -C 80 'screen|hyperlink|tail'
safe esc-grep
# every escape, BEL and C1 control of the two lines, each shown as a visible placeholder
cat >"$W/esc-grep.want" <<'EOF'
transcripts/02-escapes.txt:5: INTERVIEWER: clear ␛[2J␛[31m [screen] ␛]0;pwned␇ and ␛]52;c;cm0gLXJmIH4=␇
transcripts/02-escapes.txt:7: EVIL␛[2J␛[31mNAME: [hyperlink] ␛]8;;http://evil.example/␛\link␛]8;;␛\ c1 �31m tail
transcripts/02-escapes.txt:7: EVIL␛[2J␛[31mNAME: hyperlink ␛]8;;http://evil.example/␛\link␛]8;;␛\ c1 �31m [tail]
EOF
check "esc-grep: the lines are found and shown with visible placeholders" \
	sh -c "[ $(rc esc-grep) -eq 0 ] && cmp -s '$W/esc-grep.want' '$W/esc-grep.out'"
run esc-check "$GLOSS" check
safe esc-check
expect_msg esc-check "the codebook with escaped controls loads (no error for it)" \
	'checked 1 codebook \(7 codes\)'
expect_msg esc-check "unknown code ids are reported" 'nope.*(unknown|not in)'
expect_msg esc-check "the drifted coding is reported" 'drift'
check "esc-check: escapes are shown as visible placeholders" \
	grep -q '␛' "$W/esc-check.out" "$W/esc-check.err"
for f in table csv tsv json markdown; do
	run "esc-tally-$f" "$GLOSS" tally --format "$f"
	safe "esc-tally-$f"
done
run esc-tally-speaker "$GLOSS" tally --by speaker
safe esc-tally-speaker
run esc-tally-role "$GLOSS" tally --by role --format csv
safe esc-tally-role
run esc-tally-title "$GLOSS" tally --by title
safe esc-tally-title
# a transcript whose file name holds an escape sequence
cp "$P/transcripts/01-plain.txt" "$P/transcripts/03-${ESC}]0;name${BEL}.txt"
run esc-filename "$GLOSS" grep Lagos
safe esc-filename
run esc-filename-check "$GLOSS" check
safe esc-filename-check
rm -f "$P/transcripts/03-"*

# --- spreadsheet formulas in CSV/TSV ----------------------------------------------------
csv_neutral() { # no cell starts with = + - @ (after an optional opening quote)
	! LC_ALL=C grep -Eq "(^|$2)\"?[=+@-]" "$W/$1.out"
}
check "esc-tally-csv: formula-like code names are neutralised" csv_neutral esc-tally-csv ','
check "esc-tally-csv: the names are kept, prefixed with a single quote" \
	grep -q "'=HYPERLINK" "$W/esc-tally-csv.out"
check "esc-tally-tsv: formula-like code names are neutralised" csv_neutral esc-tally-tsv "$(printf '\t')"
check "esc-tally-tsv: the names are kept, prefixed with a single quote" \
	grep -q "'@SUM" "$W/esc-tally-tsv.out"

# --- symlinks pointing outside the project ---------------------------------------------
printf 'root:x:0:0:outside the project:/root:/bin/sh\n' >"$W/outside/passwd"
ln -s "$W/outside/passwd" "$P/transcripts/link.txt"
run link-check "$GLOSS" check
safe link-check
check "link-check: a transcript symlinked outside the project is reported as a warning" \
	grep -Eqi 'link\.txt.*warning.*(symbolic|symlink|outside)' "$W/link-check.out"
run link-tally "$GLOSS" tally --format csv
safe link-tally
run link-grep "$GLOSS" grep -c 'outside the project'
safe link-grep
check "link-tally: reading a symlinked transcript is allowed (tally exits 0, grep finds its text)" \
	sh -c "[ $(rc link-tally) -eq 0 ] && [ $(rc link-grep) -eq 0 ] &&
		grep -qx 'transcripts/link.txt:1' '$W/link-grep.out'"
rm -f "$P/transcripts/link.txt"

SAVE=$TOOLS/savecodings
if [ -x "$SAVE" ]; then
	# the codings directory is a symlink to a directory outside the project
	mkdir -p "$W/outside/codings" "$W/q/transcripts"
	cp "$P/transcripts/01-plain.txt" "$W/q/transcripts/"
	ln -s "$W/outside/codings" "$W/q/transcripts/codings"
	(cd "$W/q" && timeout "$LIMIT" "$SAVE" transcripts/01-plain.txt ana add purpose 40 60) \
		>"$W/link-dir.out" 2>"$W/link-dir.err"
	r=$?
	check "link-dir: the writer does not crash (exit $r)" test "$r" -lt 124
	check "link-dir: no codings are written through a codings dir symlinked outside" \
		test -z "$(find "$W/outside/codings" -type f)"
	check "link-dir: the refusal is reported (exit 3, naming the symlink)" \
		sh -c "[ $r -eq 3 ] && grep -Eqi 'symbolic|symlink|outside' '$W/link-dir.err'"
	# the codings file is a symlink to a file outside the project
	rm -rf "$W/q/transcripts/codings"
	mkdir -p "$W/q/transcripts/codings/ana"
	printf 'precious outside data\n' >"$W/outside/target.yaml"
	ln -s "$W/outside/target.yaml" "$W/q/transcripts/codings/ana/01-plain.yaml"
	(cd "$W/q" && timeout "$LIMIT" "$SAVE" transcripts/01-plain.txt ana add purpose 40 60) \
		>"$W/link-file.out" 2>"$W/link-file.err"
	r=$?
	check "link-file: the writer does not crash (exit $r)" test "$r" -lt 124
	check "link-file: the file outside the project is not written through the symlink" \
		grep -qx 'precious outside data' "$W/outside/target.yaml"
	check "link-file: the save is refused and the symlink kept (exit 3)" \
		sh -c "[ $r -eq 3 ] && [ -L '$W/q/transcripts/codings/ana/01-plain.yaml' ]"
else
	nok "savecodings is built ($SAVE)"
fi

echo "1..$n"
