#!/bin/sh
# tests/interchange/run-bounds.sh — hostile foreign files meet one budget (TAP; issue 18).
#
# Each case is generated here (nothing large is checked in): a .qdpx whose 80 sources name
# one 16 MiB entry, a Word document of 64 MiB of empty paragraphs (alone and as a QDPX rich
# text), 100,000 selections and 20,000 notes, an XML text of 11 MB, duplicate zip entries,
# and patterns that backtrack catastrophically (a codebook's, gloss.yaml's speaker_pattern).
# Each must end with a clear message (or import), with its peak memory (max RSS, measured
# with /usr/bin/time) under a bound; a watchdog (timeout) only fails, it never passes.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LC_ALL=C.UTF-8
SOURCE_DATE_EPOCH=1774000000
export LC_ALL SOURCE_DATE_EPOCH
unset GLOSS_CODEBOOK GLOSS_CODER
TIME=/usr/bin/time
WATCHDOG=${BOUNDS_WATCHDOG:-240}

# a memory file system when there is one: the 100,000 selections are written, not synced
if [ -d /dev/shm ] && [ -w /dev/shm ]; then T=/dev/shm; else T=${TMPDIR:-/tmp}; fi
W=$(mktemp -d "$T/gloss-bounds.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "#   $l"; done
}
# run DIR ARGS...: gloss in DIR under the watchdog and /usr/bin/time; $rc, $W/out, $W/err,
# $rss (KiB)
run() {
	_dir=$1
	shift
	(cd "$_dir" && exec timeout "$WATCHDOG" "$TIME" -f '%M' -o "$W/rss" "$GLOSS" "$@") \
		>"$W/out" 2>"$W/err" </dev/null
	rc=$?
	rss=$(tail -1 "$W/rss" 2>/dev/null)
	case $rss in '' | *[!0-9]*) rss=999999999 ;; esac
}
# expect DESCRIPTION RC PATTERN MAX_RSS_MIB: the last run exited RC, its stderr matches
# PATTERN (empty: anything), it peaked under MAX_RSS_MIB
# Under SANITIZE=1 AddressSanitizer's shadow memory and quarantine add to every peak: the
# bounds are those of the plain build times 3 there (the plain make check holds the real ones).
MEM_SCALE=1
[ "${SANITIZE:-}" = 1 ] && MEM_SCALE=3
expect() {
	if [ "$rc" -eq "$2" ] && { [ -z "$3" ] || grep -q -- "$3" "$W/err"; } &&
		[ "$rss" -lt $(($4 * 1024 * MEM_SCALE)) ]; then
		ok "$1 (exit $rc, $((rss / 1024)) MiB)"
	else
		nok "$1" "exit $rc (want $2), max RSS $rss KiB (want < $(($4 * MEM_SCALE)) MiB)" "$(head -c 600 "$W/err")"
	fi
}

if [ ! -x "$GLOSS" ] || [ ! -x "$TOOLS/mkzip" ]; then
	nok "gloss and mkzip are built ($GLOSS, $TOOLS/mkzip)"
	echo "1..$n"
	exit 1
fi
if [ ! -x "$TIME" ]; then
	ok "# SKIP $TIME is not installed: no memory measurements"
	echo "1..$n"
	exit 0
fi

# the project.qde of a generated project: KIND sources|sels|notes|huge|rich, N
qde() {
	awk -v kind="$1" -v n="$2" 'BEGIN {
	g = "00000000-0000-4000-8000-"
	print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	print "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"gen\" origin=\"bounds\">"
	print "<Users><User guid=\"" g "000000000009\" name=\"ana\"/></Users>"
	print "<CodeBook><Codes><Code guid=\"" g "000000000001\" name=\"Same\" isCodable=\"true\"/></Codes></CodeBook>"
	if (kind == "notes") {
		print "<Notes>"
		for (i = 1; i <= n; i++)
			printf "<Note guid=\"%s%012d\"><PlainTextContent>note %d</PlainTextContent></Note>\n", g, 500000 + i, i
		print "</Notes>"
	}
	print "<Sources>"
	if (kind == "bomb" || kind == "rich")
		for (i = 1; i <= n; i++)
			printf "<TextSource guid=\"%s%012d\" name=\"s\" %s/>\n", g, 100000 + i,
			    kind == "bomb" ? "plainTextPath=\"internal://big.txt\"" : "richTextPath=\"internal://big.docx\""
	if (kind == "sels" || kind == "notes") {
		printf "<TextSource guid=\"%s%012d\" name=\"x\"><PlainTextContent>[00:00:01] A: hello there, this is a line of text.</PlainTextContent>\n", g, 100000
		for (k = 1; k <= n; k++) {
			printf "<PlainTextSelection guid=\"%s%012d\" startPosition=\"%d\" endPosition=\"%d\" creatingUser=\"%s000000000009\">", g, 200000 + k, k % 20, k % 20 + 5, g
			printf "<Coding guid=\"%s%012d\"><CodeRef targetGUID=\"%s000000000001\"/></Coding>", g, 400000 + k, g
			if (kind == "notes")
				printf "<NoteRef targetGUID=\"%s%012d\"/>", g, 500000 + k
			print "</PlainTextSelection>"
		}
		print "</TextSource>"
	}
	if (kind == "huge") {
		printf "<TextSource guid=\"%s000000000100\" name=\"h\"><PlainTextContent>", g
		s = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
		for (i = 0; i < 11 * 1024 * 1024 / 96; i++) printf "%s", s
		print "</PlainTextContent></TextSource>"
	}
	print "</Sources></Project>"
}'
}

D=$W/d
mkdir -p "$D"

# finding 1: 80 TextSources naming one 16 MiB entry
head -c 16777216 /dev/zero | tr '\0' a >"$D/big.txt"
qde bomb 80 >"$D/project.qde"
"$TOOLS/mkzip" "$D/bomb.qdpx" project.qde="$D/project.qde" sources/big.txt="$D/big.txt"
run "$D" import bomb.qdpx --into out
expect "80 sources of one 16 MiB entry: refused before reading" 1 "more than 256 MiB of text in all" 64
[ -e "$D/out" ] && nok "nothing is written" || ok "nothing is written"

# finding 2: a Word document of 64 MiB of empty paragraphs, alone and as rich text
{
	printf '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
	head -c 11184810 /dev/zero | sed 's/\x0/<w:p\/>/g' | head -c 67108860
	printf '</w:body></w:document>'
} >"$D/document.xml"
"$TOOLS/mkzip" "$D/empty.docx" word/document.xml="$D/document.xml"
run "$D" import empty.docx --into out
expect "a .docx of 64 MiB of <w:p/>: refused by the node budget" 1 "past 3,000,000 elements and attributes" 200
{
	printf '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
	head -c 1000000 /dev/zero | tr '\0' a >"$D/run.txt"
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
		printf '<w:r><w:t>'
		cat "$D/run.txt"
		printf '</w:t></w:r>'
	done
	printf '</w:p></w:body></w:document>'
} >"$D/text.xml"
"$TOOLS/mkzip" "$D/big.docx" word/document.xml="$D/text.xml"
qde rich 80 >"$D/project.qde"
"$TOOLS/mkzip" "$D/rich.qdpx" project.qde="$D/project.qde" sources/big.docx="$D/big.docx"
run "$D" import rich.qdpx --into out
expect "80 rich-text sources of one 16 MB .docx: refused by the read budget" 1 "past 256 MiB decompressed in all" 400
rm -f "$D"/*.xml "$D"/*.txt "$D"/*.docx "$D"/*.qdpx

# finding 4: 100,000 selections; 20,000 notes
qde sels 100000 >"$D/project.qde"
"$TOOLS/mkzip" "$D/sels.qdpx" project.qde="$D/project.qde"
run "$D" import sels.qdpx --into sels
expect "100,000 selections import" 0 "" 600
grep -q '100000 codings by 1 coder' "$W/out" && ok "all of them" || nok "all of them" "$(cat "$W/out")"
qde notes 20000 >"$D/project.qde"
"$TOOLS/mkzip" "$D/notes.qdpx" project.qde="$D/project.qde"
run "$D" import notes.qdpx --into notes
expect "20,000 selections with notes import" 0 "" 300
grep -q 'memo: "note 20000"' "$D/notes/transcripts/codings/ana/x.yaml" && ok "with their notes" ||
	nok "with their notes"
rm -rf "$D"/*

# finding 23: an XML text of 11 MB; two entries of one name
qde huge 1 >"$D/project.qde"
"$TOOLS/mkzip" "$D/huge.qdpx" project.qde="$D/project.qde"
run "$D" import huge.qdpx --into out
expect "an XML text of 11 MB gets a clear message" 1 "a text longer than 10 MB in one piece" 200
! grep -q "Huge input lookup" "$W/err" && ok "not libxml2's internal error" || nok "not libxml2's internal error"
printf '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>' >"$D/doc.xml"
"$TOOLS/mkzip" "$D/dup.docx" word/document.xml="$D/doc.xml" word/documenX.xml="$D/doc.xml"
sed 's/documenX/document/g' "$D/dup.docx" >"$D/dup2.docx"
run "$D" import dup2.docx --into out
expect "two zip entries of one name are named" 1 "two entries named 'word/document.xml'" 64

# finding 5: patterns that backtrack catastrophically
P=$W/p
mkdir -p "$P/codebooks" "$P/transcripts"
printf 'name: P\ncodes:\n  - id: a\n    name: A\n    patterns: ["(a|aa)*\\\\d"]\n' >"$P/codebooks/p.yaml"
awk 'BEGIN { print "[00:00:01] Ana: start"; s = ""; for (k = 0; k < 60; k++) s = s "a";
	for (i = 0; i < 3000; i++) print s "b" }' >"$P/transcripts/t.txt"
run "$P" suggest
expect "gloss suggest with a catastrophic codebook pattern stops at the budget" 1 "3000 lines skipped" 64
printf "speaker_pattern: '(a|aa)*\\\\d'\n" >"$P/gloss.yaml"
run "$P" tally
expect "gloss tally with a catastrophic speaker_pattern says so, with the line" 0 \
	"t.txt:2:1: warning: speaker_pattern needs too much backtracking" 64

echo "1..$n"
[ $failed -eq 0 ]
