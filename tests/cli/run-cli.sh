#!/bin/sh
# tests/cli/run-cli.sh — golden tests of the command line (tally, grep, check, help, errors).
#
# Each case runs gloss in a scratch copy of tests/cli/fixture (see its README for the
# hand-checked numbers) and compares stdout, stderr and the exit status with
# tests/cli/expected/NAME.out, NAME.err and NAME.status. Prints TAP.
#
#   UPDATE=1 sh tests/cli/run-cli.sh   rewrite the expected files (then READ them all)
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GLOSS=${GLOSS:-$SRCDIR/build/gloss}
EXP=$SRCDIR/tests/cli/expected
LC_ALL=C.UTF-8
SOURCE_DATE_EPOCH=1774000000
export LC_ALL SOURCE_DATE_EPOCH
unset GLOSS_CODEBOOK GLOSS_CODER
GLOSS_CODER=tester
export GLOSS_CODER

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gloss-cli.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
cp -R "$SRCDIR/tests/cli/fixture" "$tmp/fix"
n=0
failed=0
. "$SRCDIR/tests/lib.sh"

# check_file NAME EXT: compare one output with its expected file
check_file() {
	if [ -n "$UPDATE" ]; then
		mkdir -p "$EXP"
		cp "$tmp/got.$2" "$EXP/$1.$2"
		return 0
	fi
	if ! cmp -s "$tmp/got.$2" "$EXP/$1.$2"; then
		echo "# $1.$2 differs:"
		diff -u "$EXP/$1.$2" "$tmp/got.$2" 2>&1 | head -30 | sed 's/^/#   /'
		return 1
	fi
	return 0
}

# t NAME DIR ARGS...: run gloss ARGS in DIR (relative to the scratch directory)
t() {
	name=$1
	dir=$2
	shift 2
	(cd "$tmp/$dir" && exec "$GLOSS" "$@") >"$tmp/got.out" 2>"$tmp/got.err" </dev/null
	echo $? >"$tmp/got.status"
	same_all=1
	for ext in out err status; do
		check_file "$name" $ext || same_all=0
	done
	if [ $same_all = 1 ]; then ok "$name"; else nok "$name"; fi
}

# project NAME: a copy of the fixture to break
project() {
	cp -R "$tmp/fix" "$tmp/$1"
}

# --- agree: every format and unit (numbers checked by hand in fixture/README.md) ---
t agree-table fix agree
t agree-csv fix agree --format csv
t agree-tsv fix agree --format tsv --unit line
t agree-json fix agree --format json --unit sentence
t agree-markdown fix agree --format markdown --unit character
t agree-themes fix agree --theme-as-variable --code motives
t agree-code fix agree --code care --code practice --format csv
t agree-one-coder fix agree --coder ana
t agree-coder-twice fix agree --coder ana --coder ana
t agree-bad-unit fix agree --unit word
t agree-not-theme fix agree --theme-as-variable --code care
t agree-unknown-code fix agree --code nope

# --- tally, every format and grouping ---
t tally-table fix tally
t tally-csv fix tally --format csv
t tally-tsv fix tally --format=tsv
t tally-json fix tally --format json
t tally-markdown fix tally --format markdown
t tally-by-speaker fix tally --by speaker
t tally-by-coder fix tally --by=coder --format csv
t tally-by-role fix tally --by role
t tally-by-document-json fix tally --format json --by document
t tally-coder-ben fix tally --coder ben
t tally-path-then-option fix tally transcripts/01-ada.txt --coder=ana
t options-before-command fix --coder ana --format=tsv tally transcripts/01-ada.txt
t options-before-grep fix -c --coder ben grep care
t options-before-command-unknown fix --by speaker check
t tally-verbose fix tally -v --format tsv
t tally-double-dash fix tally --format csv -- transcripts/03-cy.txt
t tally-by-country-markdown fix tally --by country --format md
t tally-unknown-coder fix tally --coder nobody --format tsv
t tally-unknown-attribute fix tally --by rol --format csv
t tally-directory-path fix tally --format tsv transcripts/

# --- grep ---
t grep-icase fix grep -i 'pro bono'
t grep-context fix grep -C 8 'purpose'
t grep-coder fix grep --coder ana -C3 care
t grep-nomatch fix grep zebra
t grep-count fix grep -c -i 'pro bono'
t grep-empty-matches fix grep 'z*'
t grep-invalid fix grep '(foo'
t grep-no-pattern fix grep

# grep scans a whole text for candidate lines when the pattern allows it (search.h:
# search_line_local) and confirms each line on its own: matches across lines, in turn
# labels and in the front matter must not count
project lines
cat >"$tmp/lines/transcripts/04-lines.txt" <<'EOF'
---
name: Secondment Dee
---
[00:00:01] SECONDMENT: I mean the secondment
went well. Secondment
secondment again; the secondment, and
SECONDMENT: label only
Q: x secondment
ax one
ax bx two
three bx
EOF
printf 'bad \377 byte \r\nnext line, a secondment\r\n' >"$tmp/lines/transcripts/05-bytes.txt"
t grep-lines-count lines grep -c -i 'secondment' transcripts/04-lines.txt
t grep-lines-across lines grep 'Secondment\ssecondment' transcripts/04-lines.txt
t grep-lines-kwic lines grep -C 12 -i 'the secondment|^Q' transcripts/04-lines.txt
t grep-lines-bytes lines grep -C 5 '\x{FFFD}|e\s|secondment' transcripts/05-bytes.txt

# typographic quotes, dashes and ellipses, as pasted from a word processor, match the
# straight ones by default (search.h: search_loosen); --exact-quotes or the setting turns
# it off
project pasted
cat >"$tmp/pasted/transcripts/04-dee.txt" <<'EOF'
DEE: I’d say it was “fake” — well… a fake commute, 9–5.
DEE: And I'd go again -- twice...
EOF
t grep-typographic pasted grep "I'd" transcripts/04-dee.txt
t grep-typographic-back pasted grep -C 6 'I’d|"fake"|\.\.\.|9-5' transcripts/04-dee.txt
t grep-exact-quotes pasted grep --exact-quotes "I'd" transcripts/04-dee.txt
printf 'exact_quotes: true\n' >"$tmp/pasted/gloss.yaml"
t grep-exact-quotes-setting pasted grep "I'd" transcripts/04-dee.txt
printf 'exact_quotes: maybe\nspeakers: moi\nzoom: 2\n' >"$tmp/pasted/gloss.yaml"
t settings-bad pasted grep "I'd" transcripts/04-dee.txt

# same NAME DIR ARGS... -- ARGS...: the two commands print the same and exit alike
same() {
	name=$1 dir=$2
	shift 2
	a=
	while [ "$1" != -- ]; do a="$a '$1'"; shift; done
	shift
	(cd "$tmp/$dir" && eval "exec '$GLOSS' $a") >"$tmp/same1" 2>&1 </dev/null
	echo "exit $?" >>"$tmp/same1"
	(cd "$tmp/$dir" && exec "$GLOSS" "$@") >"$tmp/same2" 2>&1 </dev/null
	echo "exit $?" >>"$tmp/same2"
	if cmp -s "$tmp/same1" "$tmp/same2" && [ -s "$tmp/same1" ]; then
		ok "$name"
	else
		nok "$name"
		diff "$tmp/same1" "$tmp/same2" | head -10 | sed 's/^/#   /'
	fi
}
# an empty lookahead (?=) changes no match but makes grep search line by line
for pat in secondment '(?i)secondment' 'pro bono' '\bbono\b' '\w+ment' '[[:upper:]]{3,}' \
	'\s\s' e '\S+\s+\S+' 'g.w' '\x{FFFD}' 'é' 'well\.\s+Sec' '\Bcond' 'ax[\s\w]*bx'; do
	same "grep -c '$pat': whole-text scan = line by line" lines grep -c "$pat" -- \
		grep -c "$pat(?=)"
	same "grep -C 3 '$pat': whole-text scan = line by line" lines grep -C 3 "$pat" -- \
		grep -C 3 "$pat(?=)"
done
# the transcripts are searched in several threads; the output is in path order
project many
cp "$tmp/lines/transcripts/"0[45]* "$tmp/many/transcripts/"
for k in 1 2 3 4 5 6 7 8 9; do cp "$tmp/many/transcripts/01-ada.txt" "$tmp/many/transcripts/1$k.txt"; done
for args in "grep -C 2 -i e" "grep -c -i e"; do
	# shellcheck disable=SC2086 # args: words on purpose
	(cd "$tmp/many" && GLOSS_THREADS=1 "$GLOSS" $args) >"$tmp/same1" 2>&1
	# shellcheck disable=SC2086
	(cd "$tmp/many" && GLOSS_THREADS=4 "$GLOSS" $args) >"$tmp/same2" 2>&1
	n=$((n + 1))
	if cmp -s "$tmp/same1" "$tmp/same2" && [ "$(grep -c 1[1-9].txt "$tmp/same1")" -ge 9 ]; then
		echo "ok $n - $args: one thread = four threads"
	else
		echo "not ok $n - $args: one thread = four threads"
		diff "$tmp/same1" "$tmp/same2" | head -10 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done

# --- quotes and memos: the fixture with memos and a hostile transcript (tests/cli/memos:
# 04-eve.txt has markup, quotes, a BEL and an ESC sequence in its text and front matter,
# a passage starting with '-' and one across two speakers' turns; memos with a formula,
# markup and an ESC) ---
project memo
cp -R "$SRCDIR/tests/cli/memos/." "$tmp/memo/"
for f in text markdown csv tsv json html; do
	t "quotes-$f" memo quotes --format "$f"
	t "memos-$f" memo memos --format "$f"
done
t quotes-theme memo quotes motives
t quotes-coder memo quotes --coder ben --format csv
t quotes-where-or memo quotes --where role=social-entrepreneur --where role=founder --format md
t quotes-where-and memo quotes --where role=manager --where country=Chile
t quotes-code-and-path memo quotes care transcripts/03-cy.txt
t quotes-unknown-code memo quotes nothere pro-bono
t quotes-bad-where memo quotes --where =x
t quotes-where-unknown memo quotes --where rol=manager
t quotes-bad-format memo quotes --format xls
t memos-coder-theme memo memos --coder ana motives
# other codes are the same coders' (by name); one entry a passage, --per-coder one a coding;
# the turns before a passage; the attributes shown (the import's hidden unless asked for)
t quotes-per-coder memo quotes --per-coder care purpose
t quotes-context-question memo quotes --context question --format md care pro-bono
t quotes-context-turns memo quotes --context 2 meaning
t quotes-context-json memo quotes -C question --format json care
t quotes-context-csv memo quotes --context 1 --format csv purpose
t quotes-context-html memo quotes --context question --format html pro-bono
t memos-context memo memos --context question --format md
t quotes-attr memo quotes --attr country,source --format md pro-bono
t quotes-attr-none memo quotes --attr '' care
t quotes-attr-unknown memo quotes --attr colour care
t quotes-bad-context memo quotes --context 0
project prov
sed 's/^name: Cy Tan$/name: Cy Tan\nsource: cy-2026-03-02.vtt\nformat: vtt\nimported: 2026-03-02T10:00:00Z/' \
	"$tmp/fix/transcripts/03-cy.txt" >"$tmp/prov/transcripts/03-cy.txt"
t quotes-provenance-hidden prov quotes care
t quotes-provenance-asked prov quotes --attr source,imported --format md care
t quotes-bad-attr memo quotes --attr role,,country
# memos of every kind (tests/cli/memos/memos: ana's on the project, a code and a document,
# with an ESC in one; ben's on the same code), each whole with its own times, and the filters
t memos-kind-code memo memos --kind code
t memos-kind-project memo memos --kind project
t memos-kind-document memo memos --kind document --doc transcripts
t memos-kind-coding memo memos --kind coding --coder ben
t memos-code-filter memo memos --code care --coder ana
t memos-doc-filter memo memos --doc transcripts/01-ada.txt --coder ana
t memos-bad-kind memo memos --kind chapter
t memos-kind-csv memo memos --kind code --format csv
t help-quotes fix help quotes
t help-memos fix memos --help

# the csv's text and attribute columns against the transcripts, the html through a parser
# (tests/cli/check-quotes.py); each check is also shown to fail on a broken copy
if command -v python3 >/dev/null 2>&1; then
	chk="python3 $SRCDIR/tests/cli/check-quotes.py"
	for cmd in quotes memos; do
		(cd "$tmp/memo" && "$GLOSS" $cmd --format csv) >"$tmp/q.csv" 2>/dev/null
		(cd "$tmp/memo" && "$GLOSS" $cmd --format html) >"$tmp/q.html" 2>/dev/null
		if [ $cmd = quotes ]; then
			n=$((n + 1))
			if out=$($chk csv "$tmp/q.csv" "$tmp/memo" 2>&1) && [ "$(wc -l <"$tmp/q.csv")" -gt 10 ]; then
				echo "ok $n - quotes csv: every text and attribute cell is in its transcript"
			else
				echo "not ok $n - quotes csv: every text and attribute cell is in its transcript"
				echo "$out" | head -10 | sed 's/^/#   /'
				failed=$((failed + 1))
			fi
			sed 's/pro bono/pro  bono/' "$tmp/q.csv" >"$tmp/bad.csv"
			n=$((n + 1))
			if $chk csv "$tmp/bad.csv" "$tmp/memo" >/dev/null 2>&1; then
				echo "not ok $n - the csv check finds a changed text"
				failed=$((failed + 1))
			else
				echo "ok $n - the csv check finds a changed text"
			fi
		fi
		n=$((n + 1))
		if out=$($chk html "$tmp/q.html" 2>&1); then
			echo "ok $n - $cmd html: balanced, self-contained, links inside the page"
		else
			echo "not ok $n - $cmd html: balanced, self-contained, links inside the page"
			echo "$out" | head -10 | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
		sed 's|</blockquote>||' "$tmp/q.html" >"$tmp/bad.html"
		n=$((n + 1))
		if $chk html "$tmp/bad.html" >/dev/null 2>&1; then
			echo "not ok $n - the html check finds an unclosed element ($cmd)"
			failed=$((failed + 1))
		else
			echo "ok $n - the html check finds an unclosed element ($cmd)"
		fi
	done
else
	n=$((n + 1))
	echo "ok $n # SKIP python3 not installed: csv and html checks"
fi

# --- codebook: the codebook as a document (tests/cli/codebook: every field a code has) ---
project cbk
cp -R "$SRCDIR/tests/cli/memos/." "$tmp/cbk/"
cp "$SRCDIR/tests/cli/codebook/codebooks/study.yaml" "$tmp/cbk/codebooks/study.yaml"
for f in markdown html csv json; do
	t "codebook-$f" cbk codebook --format "$f"
done
t codebook-counts cbk codebook --counts --example-quotes
t codebook-counts-json cbk codebook --counts --example-quotes --coder ana --format json
t codebook-counts-html cbk codebook --counts --example-quotes --format html
t codebook-bad-format cbk codebook --format text
project cbkbad
printf 'name: Broken\ncodes:\n  - id: a\n  - id: a\n' >"$tmp/cbkbad/codebooks/study.yaml"
t codebook-broken cbkbad codebook
t help-codebook fix help codebook
if command -v python3 >/dev/null 2>&1; then
	for coder in "" "--coder ben"; do
		# shellcheck disable=SC2086 # coder: words on purpose
		(cd "$tmp/cbk" && "$GLOSS" codebook --counts $coder --format csv) >"$tmp/cb.csv" 2>/dev/null
		# shellcheck disable=SC2086
		(cd "$tmp/cbk" && "$GLOSS" tally $coder --format csv) >"$tmp/t.csv" 2>/dev/null
		n=$((n + 1))
		if python3 - "$tmp/cb.csv" "$tmp/t.csv" <<'PY'
import csv, sys
cb = {r["id"]: (r["passages"], r["documents"]) for r in csv.DictReader(open(sys.argv[1], newline=""))}
ta = {r["id"]: (r["passages"], r["documents"]) for r in csv.DictReader(open(sys.argv[2], newline=""))}
sys.exit(0 if cb and all(ta.get(k) == v for k, v in cb.items()) else 1)
PY
		then
			echo "ok $n - codebook --counts $coder: passages and documents are tally's"
		else
			echo "not ok $n - codebook --counts $coder: passages and documents are tally's"
			failed=$((failed + 1))
		fi
	done
	(cd "$tmp/cbk" && "$GLOSS" codebook --counts --example-quotes --format html) >"$tmp/cb.html" 2>/dev/null
	n=$((n + 1))
	if out=$(python3 "$SRCDIR/tests/cli/check-quotes.py" html "$tmp/cb.html" 2>&1); then
		echo "ok $n - codebook html: balanced, self-contained"
	else
		echo "not ok $n - codebook html: balanced, self-contained"
		echo "$out" | head -10 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
fi

# --- report: one page of charts; every number is tally's or agree's (tests/cli/check-report.py
# parses the page with html.parser and each chart with an XML parser) ---
t report-html memo report
t report-coder memo report --coder ana --format html
t report-bad-format memo report --format pdf
t help-report fix help report
if command -v python3 >/dev/null 2>&1; then
	for coder in "" "--coder ana" "--coder ben"; do
		# shellcheck disable=SC2086 # coder: words on purpose
		(cd "$tmp/memo" && "$GLOSS" report $coder) >"$tmp/r.html" 2>/dev/null
		n=$((n + 1))
		# shellcheck disable=SC2086
		if out=$(python3 "$SRCDIR/tests/cli/check-report.py" "$tmp/r.html" "$tmp/memo" "$GLOSS" $coder 2>&1); then
			echo "ok $n - report $coder: every number is tally's and agree's"
		else
			echo "not ok $n - report $coder: every number is tally's and agree's"
			echo "$out" | head -10 | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
		n=$((n + 1))
		if out=$(python3 "$SRCDIR/tests/cli/check-quotes.py" html "$tmp/r.html" 2>&1) &&
			grep -q '<svg' "$tmp/r.html"; then
			echo "ok $n - report $coder: balanced, self-contained, nothing fetched"
		else
			echo "not ok $n - report $coder: balanced, self-contained, nothing fetched"
			echo "$out" | head -10 | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
	sed '0,/data-col="passages" data-n="[0-9]*">[0-9]*/s//data-col="passages" data-n="99">99/' \
		"$tmp/r.html" >"$tmp/bad.html"
	n=$((n + 1))
	if cmp -s "$tmp/r.html" "$tmp/bad.html" ||
		python3 "$SRCDIR/tests/cli/check-report.py" "$tmp/bad.html" "$tmp/memo" "$GLOSS" --coder ben >/dev/null 2>&1; then
		echo "not ok $n - the report check finds a number that is not tally's"
		failed=$((failed + 1))
	else
		echo "ok $n - the report check finds a number that is not tally's"
	fi
fi

# Markdown escapes only what Markdown would misread: rendered by cmark, every passage and
# context reads as its text (no backslash shows), and text without markup gets no escape
if command -v python3 >/dev/null 2>&1 && command -v cmark >/dev/null 2>&1; then
	chk="python3 $SRCDIR/tests/cli/check-quotes.py"
	for args in "quotes" "quotes --context question" "quotes --per-coder --context 2" \
		"memos --context 1"; do
		# shellcheck disable=SC2086 # args: words on purpose
		(cd "$tmp/memo" && "$GLOSS" $args --format md) >"$tmp/q.md" 2>/dev/null
		# shellcheck disable=SC2086
		(cd "$tmp/memo" && "$GLOSS" $args --format json) >"$tmp/q.json" 2>/dev/null
		n=$((n + 1))
		if out=$($chk markdown "$tmp/q.md" "$tmp/q.json" 2>&1); then
			echo "ok $n - $args markdown: cmark renders every passage as its text"
		else
			echo "not ok $n - $args markdown: cmark renders every passage as its text"
			echo "$out" | head -10 | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
	sed 's/\\</</g' "$tmp/q.md" >"$tmp/bad.md"
	n=$((n + 1))
	if $chk markdown "$tmp/bad.md" "$tmp/q.json" >/dev/null 2>&1; then
		echo "not ok $n - the markdown check finds markup read as HTML"
		failed=$((failed + 1))
	else
		echo "ok $n - the markdown check finds markup read as HTML"
	fi
else
	n=$((n + 1))
	echo "ok $n # SKIP python3 or cmark not installed: markdown rendering"
fi
(cd "$tmp/memo" && "$GLOSS" quotes --context question --format md) >"$tmp/q.md" 2>/dev/null
n=$((n + 1))
if grep -q 'work & "care"' "$tmp/q.md" && grep -q '^\*Context:\* \[00:00:05\] INTERVIEWER' "$tmp/q.md" &&
	grep -q '02-ben\*' "$tmp/q.md" && ! grep -qF '\&' "$tmp/q.md" &&
	! grep -qF '\[' "$tmp/q.md" && ! grep -qF '\.' "$tmp/q.md" && ! grep -qF '\=' "$tmp/q.md"; then
	echo "ok $n - markdown: no escape before & . [ = where Markdown reads them as text"
else
	echo "not ok $n - markdown: no escape before & . [ = where Markdown reads them as text"
	failed=$((failed + 1))
fi

# every count of the quotes page equals gloss tally's passages for the same coders
if command -v python3 >/dev/null 2>&1; then
	for coder in "" "--coder ana" "--coder ben"; do
		# shellcheck disable=SC2086 # coder: words on purpose
		(cd "$tmp/memo" && "$GLOSS" quotes $coder --per-coder --format html) >"$tmp/q.html" 2>/dev/null
		# shellcheck disable=SC2086
		(cd "$tmp/memo" && "$GLOSS" tally $coder --format csv) >"$tmp/t.csv" 2>/dev/null
		n=$((n + 1))
		if out=$(python3 "$SRCDIR/tests/cli/check-quotes.py" counts "$tmp/q.html" "$tmp/t.csv" 2>&1); then
			echo "ok $n - quotes html $coder: every count is tally's passages"
		else
			echo "not ok $n - quotes html $coder: every count is tally's passages"
			echo "$out" | head -10 | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
	sed 's/data-n="2"/data-n="3"/' "$tmp/q.html" >"$tmp/bad.html"
	n=$((n + 1))
	if python3 "$SRCDIR/tests/cli/check-quotes.py" counts "$tmp/bad.html" "$tmp/t.csv" >/dev/null 2>&1; then
		echo "not ok $n - the counts check finds a count that is not tally's"
		failed=$((failed + 1))
	else
		echo "ok $n - the counts check finds a count that is not tally's"
	fi
else
	n=$((n + 1))
	echo "ok $n # SKIP python3 not installed: counts of the quotes page"
fi

# csv, tsv and json are formatted in several threads, written in order
for args in "quotes --format csv" "quotes --format json" "memos --format tsv" "memos --format json"; do
	# shellcheck disable=SC2086 # args: words on purpose
	(cd "$tmp/memo" && GLOSS_THREADS=1 "$GLOSS" $args) >"$tmp/same1" 2>&1
	# shellcheck disable=SC2086
	(cd "$tmp/memo" && GLOSS_THREADS=4 "$GLOSS" $args) >"$tmp/same2" 2>&1
	n=$((n + 1))
	if cmp -s "$tmp/same1" "$tmp/same2" && [ "$(wc -l <"$tmp/same1")" -gt 5 ]; then
		echo "ok $n - $args: one thread = four threads"
	else
		echo "not ok $n - $args: one thread = four threads"
		diff "$tmp/same1" "$tmp/same2" | head -10 | sed 's/^/#   /'
		failed=$((failed + 1))
	fi
done

# the text format goes through $PAGER only on a terminal: never here
(cd "$tmp/memo" && PAGER=false "$GLOSS" quotes care) >"$tmp/paged" 2>/dev/null
n=$((n + 1))
if grep -q 'I care about people' "$tmp/paged"; then
	echo "ok $n - quotes: no pager when standard output is not a terminal"
else
	echo "not ok $n - quotes: no pager when standard output is not a terminal"
	failed=$((failed + 1))
fi

# on a terminal (vtdrive's pty): through $PAGER, wrapped to the terminal's width; PAGER=cat
# or empty: straight to the terminal
TOOLS=${TOOLS:-$SRCDIR/build/tools}
if [ -x "$TOOLS/vtdrive" ]; then
	printf '@exit\n' >"$tmp/exit.vt"
	(cd "$tmp/memo" && "$TOOLS/vtdrive" -g 60x40 -t 20000 -e "PAGER=cat >'$tmp/pager.out'" \
		"$tmp/exit.vt" -- "$GLOSS" quotes) >/dev/null 2>&1
	n=$((n + 1))
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$tmp/pager.out" 2>/dev/null)
	if grep -q 'I care about people' "$tmp/pager.out" 2>/dev/null && [ "$w" -le 60 ] &&
		[ "$w" -gt 50 ]; then
		echo "ok $n - quotes on a terminal: through \$PAGER, wrapped to 60 columns"
	else
		echo "not ok $n - quotes on a terminal: through \$PAGER, wrapped to 60 columns"
		echo "#   widest line $w; pager got $(wc -c <"$tmp/pager.out" 2>/dev/null) bytes"
		failed=$((failed + 1))
	fi
	for pg in cat ''; do
		printf '@expect I care about people\n@exit\n@snap screen\n' >"$tmp/cat.vt"
		n=$((n + 1))
		if (cd "$tmp/memo" && "$TOOLS/vtdrive" -g 80x200 -t 20000 -e "PAGER=$pg" \
			"$tmp/cat.vt" -- "$GLOSS" quotes care) >"$tmp/screen" 2>&1 &&
			grep -q 'Care for others' "$tmp/screen"; then
			echo "ok $n - quotes on a terminal with PAGER='$pg': straight to the terminal"
		else
			echo "not ok $n - quotes on a terminal with PAGER='$pg': straight to the terminal"
			head -5 "$tmp/screen" | sed 's/^/#   /'
			failed=$((failed + 1))
		fi
	done
	# PAGER unset: less -FRX, which waits for q when the output is longer than the screen
	if command -v less >/dev/null 2>&1; then
		printf '@expect Care for others\n@snap paged\nq\n@exit\n' >"$tmp/less.vt"
		n=$((n + 1))
		if (cd "$tmp/memo" && env -u PAGER -u LESS "$TOOLS/vtdrive" -g 80x10 -t 20000 \
			-o "$tmp" "$tmp/less.vt" -- "$GLOSS" quotes) >/dev/null 2>&1 &&
			grep -q 'Care for others' "$tmp/paged.txt"; then
			echo "ok $n - quotes on a terminal, PAGER unset: less, quit with q"
		else
			echo "not ok $n - quotes on a terminal, PAGER unset: less, quit with q"
			failed=$((failed + 1))
		fi
	fi
else
	n=$((n + 1))
	echo "ok $n # SKIP $TOOLS/vtdrive not built: pager tests"
fi

# --- co-occurrence and --count (the arithmetic is in tests/unit/test_cooccur.c and the
# fixture's README) ---
for u in passage turn document; do
	t "tally-cooccur-$u" fix tally --cooccur --unit "$u"
done
for f in csv tsv json markdown; do
	t "tally-cooccur-$f" fix tally --cooccur --format "$f"
done
t tally-count-words fix tally --by role --count words
t tally-count-documents-json fix tally --by coder --count documents --format json
t tally-count-speakers-csv fix tally --by speaker --count speakers --format csv
t tally-unit-without-cooccur fix tally --unit turn
t tally-cooccur-by fix tally --cooccur --by role
t tally-bad-unit fix tally --cooccur --unit line
t tally-bad-count fix tally --by role --count lines
t tally-count-without-by fix tally --count words

# --- check ---
t check fix check
t check-one-file fix check transcripts/02-ben.txt
project temps
: >"$tmp/temps/transcripts/codings/ana/.02-ben.yaml.tmp.Xy12Zw"
: >"$tmp/temps/transcripts/codings/ben/.03-cy.yaml.tmp.Ab34Cd"
t check-leftover-temp temps check transcripts/02-ben.txt
t check-leftover-temps-all temps check

# speakers as real transcripts write them (gloss(5), Speaker turns): role words in any
# case, blanks before the colon, leading blanks, the Otter layout; labels no rule reads
# make check say which setting would read them, and gloss.yaml's speakers do
project speakers
rm "$tmp/speakers/transcripts/"*.txt
cat >"$tmp/speakers/transcripts/01-lower.txt" <<'EOF'
interviewer: What does a good week look like?
interviewee: One with some pro bono in it.
 Interviewer 2 : And the clinic?
interviewee : Thursdays.
EOF
cat >"$tmp/speakers/transcripts/02-otter.txt" <<'EOF'
Speaker 1  0:05
What does a good week look like?

Speaker 2  0:09
One with some pro bono in it.
EOF
cat >"$tmp/speakers/transcripts/03-names.txt" <<'EOF'
marie : bonjour, on commence ?
moi : oui. Note: the time was 10:30
marie : et alors
moi : voilà
EOF
t speakers-tally speakers tally --by speaker --format tsv
t speakers-grep speakers grep -C 12 'good|bono|clinic|Thursdays|bonjour|voilà'
t speakers-check speakers check
printf 'speakers: [Marie, moi]\n' >"$tmp/speakers/gloss.yaml"
t speakers-setting speakers grep -C 12 'bonjour|voilà|clinic'
printf 'speaker_pattern: "^(ma|mo)\\\\w+ :"\n' >"$tmp/speakers/gloss.yaml"
t speakers-pattern speakers tally --by speaker --format tsv transcripts/03-names.txt

# --- suggest: what the codebook's patterns find and nobody coded yet
t suggest fix suggest
t suggest-coder fix suggest --coder ben pro-bono
t suggest-unknown-code fix suggest nope
t suggest-none fix suggest secondment

# --- init: a project from scratch; without a project every command says how to start one
mkdir "$tmp/start"
t init-new start init new-project
t init-check start/new-project check
t init-tally start/new-project tally --format tsv
t init-again start init new-project
t init-over-project fix init
t init-two-dirs fix init a b
# git-setup outside a repository: the .gitattributes lines (added to what is there, once)
mkdir -p "$tmp/gitsetup"
printf '*.txt text\n' >"$tmp/gitsetup/.gitattributes"
t git-setup-no-repo gitsetup git-setup
t git-setup-again gitsetup git-setup
t git-setup-two-dirs gitsetup git-setup a b
mkdir "$tmp/empty"
t no-project-tally empty tally
t no-project-grep empty grep x
t no-project-codebook empty --codebook ../fix/codebooks/study.yaml check

# --- help, version, usage errors ---
t help fix --help
t help-short fix -h
t help-tally fix help tally
t help-grep fix grep --help
t help-unknown fix help frobnicate
t version fix --version
t unknown-command fix frobnicate
t unknown-option fix tally --x
t unknown-short-option fix grep -q x
t missing-value fix tally --by
t bad-format fix tally --format xls
t bad-coder fix tally --coder ../x
t bad-context fix grep -C -1 x
t open-bad-coder fix open --coder '.hidden'

# --- bad input ---
project syntax
printf 'name: Broken\ncodes:\n  - id: a\n    name: [unclosed\n  - id: b\n' \
	>"$tmp/syntax/codebooks/study.yaml"
t codebook-syntax-tally syntax tally
t codebook-syntax-check syntax check

# the most common YAML slip gets a hint
project colon
printf 'name: Study\ncodes:\n  - id: wlb\n    name: Work: life balance\n' \
	>"$tmp/colon/codebooks/study.yaml"
t codebook-colon-value colon check

project dup
cat >>"$tmp/dup/codebooks/study.yaml" <<'EOF'
  - id: care
    name: Care again
EOF
t codebook-duplicate-id dup tally

project colour
sed 's/color: green/color: greenish/' "$tmp/fix/codebooks/study.yaml" \
	>"$tmp/colour/codebooks/study.yaml"
t codebook-bad-colour colour check

project regex
sed 's/pro bono\\b/pro (bono\\b/' "$tmp/fix/codebooks/study.yaml" \
	>"$tmp/regex/codebooks/study.yaml"
t codebook-bad-regex regex tally --format csv

project formula
cat >"$tmp/formula/codebooks/study.yaml" <<'EOF'
codes:
  - id: f1
    name: "=HYPERLINK(\"http://x\",\"y\")"
  - id: f2
    name: "+1, -2 and @3"
  - id: f3
    name: "-minus \"quoted\""
EOF
t csv-formula-guard formula tally --format csv

project several
cp "$tmp/several/codebooks/study.yaml" "$tmp/several/codebooks/another.yaml"
t several-codebooks several tally
t several-codebooks-chosen several tally --codebook codebooks/another.yaml --format tsv

project nocodebook
rm -r "$tmp/nocodebook/codebooks"
t missing-codebook nocodebook tally
t missing-codebook-file fix tally --codebook nothere.yaml

t missing-path fix tally nothere.txt
t missing-path-grep fix grep x transcripts/nothere.txt

# --- tally: a long name is cut only where the width runs out (issue 21) ---
project longname
sed 's/name: Care for others$/name: Care for others, as the participants themselves describe it at length/' \
	"$tmp/fix/codebooks/study.yaml" >"$tmp/longname/codebooks/study.yaml"
t tally-long-name longname tally
t tally-long-name-by longname tally --by speaker
t tally-long-name-csv longname tally --format csv
t tally-long-name-json longname tally --format json
# on a terminal 160 columns wide the whole name is shown; on one 100 wide it is cut at 46
if [ -x "$TOOLS/vtdrive" ]; then
	printf '@exit\n@snap screen\n' >"$tmp/tally.vt"
	for g in 160x14 100x14; do
		(cd "$tmp/longname" && "$TOOLS/vtdrive" -g $g -t 20000 -o "$tmp" "$tmp/tally.vt" -- \
			"$GLOSS" tally) >/dev/null 2>&1
		echo $? >"$tmp/got.status"
		cp "$tmp/screen.txt" "$tmp/got.out" 2>/dev/null || : >"$tmp/got.out"
		: >"$tmp/got.err"
		same_all=1
		for ext in out err status; do
			check_file "tally-long-name-tty-$g" $ext || same_all=0
		done
		if [ $same_all = 1 ]; then ok "tally-long-name-tty-$g"; else nok "tally-long-name-tty-$g"; fi
	done
else
	skip "vtdrive not built: tally on a terminal"
fi

# the settings gloss init writes, uncommented, are settings gloss reads without a word
mkdir -p "$tmp/initset" && (cd "$tmp/initset" && "$GLOSS" init proj >/dev/null 2>&1)
sed 's/^# \(blind\|mouse\|exact_quotes\|agree\):/\1:/; s/^#   not_speakers:/  not_speakers:/' \
	"$tmp/initset/proj/gloss.yaml" >"$tmp/initset/g.yaml" && mv "$tmp/initset/g.yaml" "$tmp/initset/proj/gloss.yaml"
(cd "$tmp/initset/proj" && "$GLOSS" check >"$tmp/initset/out" 2>&1)
st=$?
if [ $st = 0 ] && grep -q '^blind: true' "$tmp/initset/proj/gloss.yaml" &&
	grep -q '^  not_speakers: \[interviewer\]' "$tmp/initset/proj/gloss.yaml" &&
	! grep -qi 'unknown\|: warning' "$tmp/initset/out"; then
	ok "init's gloss.yaml template: blind and agree, uncommented, are read without a warning"
else
	nok "init's gloss.yaml template: blind and agree, uncommented, are read without a warning" "$(cat "$tmp/initset/out")"
fi

echo "1..$n"
[ -n "$UPDATE" ] && echo "# expected files written to $EXP: read every one of them"
[ $failed -eq 0 ]
