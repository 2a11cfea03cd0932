#!/bin/sh
# tests/hostile/run-files.sh — hostile files and environments around the files gloss reads
# and writes: user files that are not regular files (FIFO, device), SOURCE_DATE_EPOCH out
# of range, standard output on a full disk, transcripts that would share a codings file,
# symbolic links inside the project, the lock file and the codebook writer.
# Every command runs under `timeout`, so a hang fails the case. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LIMIT=${HOSTILE_TIMEOUT:-10}
[ "${SANITIZE:-}" = 1 ] && LIMIT=$((LIMIT * 4))
SAVE=$TOOLS/savecodings

n=0
. "$SRCDIR/tests/lib.sh"

for b in "$GLOSS" "$SAVE"; do
	if [ ! -x "$b" ]; then
		nok "built: $b"
		echo "1..$n"
		exit 1
	fi
done

W=${HOSTILE_KEEP:-$(mktemp -d)}
[ -n "${HOSTILE_KEEP:-}" ] || trap 'rm -rf "$W"' EXIT
LC_ALL=C.UTF-8
export LC_ALL
unset GLOSS_CODEBOOK GLOSS_CODER SOURCE_DATE_EPOCH

# project DIR: a small project (one codebook, one transcript) in $W/DIR
project() {
	rm -rf "${W:?}/$1"
	mkdir -p "$W/$1/codebooks" "$W/$1/transcripts"
	cat >"$W/$1/codebooks/study.yaml" <<'EOF'
name: Files study
codes:
  - id: purpose
    name: Purpose
    key: "1"
  - id: trust
    name: Trust
    key: "2"
EOF
	printf '[00:00:01] AMARA: I run a small practice in Lagos; pro bono was a Saturday thing.\n' \
		>"$W/$1/transcripts/int.txt"
}

# run NAME DIR CMD...: run CMD in $W/DIR under a timeout; output in $W/NAME.{out,err,rc}
run() {
	_name=$1 _dir=$2
	shift 2
	(cd "$W/$_dir" && timeout "$LIMIT" "$@") >"$W/$_name.out" 2>"$W/$_name.err" </dev/null
	echo $? >"$W/$_name.rc"
}
rc() { cat "$W/$1.rc"; }
# says NAME ERE: stdout or stderr of NAME matches ERE
says() { cat "$W/$1.out" "$W/$1.err" | grep -Eq "$2"; }
show() { cat "$W/$1.err" "$W/$1.out" | head -3 | cut -c1-200 | sed 's/^/#   got: /'; }
# expect NAME RC ERE DESCRIPTION: exit status RC and a message matching ERE
expect() {
	if [ "$(rc "$1")" = "$2" ] && says "$1" "$3"; then ok "$1: $4"; else
		nok "$1: $4 (exit $(rc "$1"))"
		show "$1"
	fi
}

# --- 12: user files that are not regular files never block ----------------------------
project fifo
mkfifo "$W/fifo/fifo.yaml"
run fifo-codebook fifo "$GLOSS" check --codebook fifo.yaml
expect fifo-codebook 1 'fifo\.yaml: .*not a regular file' \
	"a codebook that is a FIFO is a clear error, not a hang"
run fifo-tally fifo "$GLOSS" tally --codebook fifo.yaml
expect fifo-tally 1 'fifo\.yaml: .*not a regular file' "tally with a FIFO codebook: clear error"
ln -s /dev/tty "$W/fifo/tty.yaml"
run tty-codebook fifo "$GLOSS" check --codebook tty.yaml
expect tty-codebook 1 'tty\.yaml: .*not a regular file' \
	"a codebook linked to /dev/tty is a clear error, not a hang"
mv "$W/fifo/codebooks/study.yaml" "$W/fifo/study.yaml"
mkfifo "$W/fifo/codebooks/study.yaml"
run fifo-default fifo "$GLOSS" check
expect fifo-default 1 'study\.yaml: .*not a regular file' \
	"the default codebook (codebooks/*.yaml) as a FIFO: clear error"
rm "$W/fifo/codebooks/study.yaml"
mv "$W/fifo/study.yaml" "$W/fifo/codebooks/study.yaml"
mkdir -p "$W/fifo/transcripts/codings/ana"
mkfifo "$W/fifo/transcripts/codings/ana/int.yaml"
run fifo-codings fifo "$GLOSS" check
expect fifo-codings 1 'codings/ana/int\.yaml: cannot read codings: not a regular file' \
	"a codings file that is a FIFO is a clear error, not a hang"
mkfifo "$W/fifo/pipe.txt"
run fifo-transcript fifo "$GLOSS" tally pipe.txt
expect fifo-transcript 1 'pipe\.txt: .*not a regular file' \
	"a transcript that is a FIFO is a clear error"

# --- 15: SOURCE_DATE_EPOCH out of range --------------------------------------------------
project epoch
for v in -99999999999999999 99999999999999999 253402300800 12abc; do
	rm -rf "$W/epoch/transcripts/codings"
	run "epoch$v" epoch env SOURCE_DATE_EPOCH="$v" "$SAVE" transcripts/int.txt ana \
		add purpose 0 10
	run "epoch$v-list" epoch grep -h created -r transcripts/codings
	if [ "$(rc "epoch$v")" = 0 ] &&
		grep -Eq '^ *created: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"$' \
			"$W/epoch$v-list.out" &&
		! grep -q '"9999\|"19\|"-' "$W/epoch$v-list.out"; then
		ok "epoch$v: SOURCE_DATE_EPOCH=$v gives a real creation time"
	else
		nok "epoch$v: SOURCE_DATE_EPOCH=$v gives a real creation time"
		show "epoch$v-list"
	fi
	run "epoch$v-warn" epoch env SOURCE_DATE_EPOCH="$v" "$GLOSS" check
	expect "epoch$v-warn" 0 'warning: SOURCE_DATE_EPOCH' "the bad value is reported as a warning"
done

# --- 16: standard output on a full disk ----------------------------------------------------
if [ -w /dev/full ]; then
	for args in "--help" "--version" "help" "help tally" "tally --help" "open --help" "-h"; do
		(cd "$W/epoch" && timeout "$LIMIT" "$GLOSS" $args) >/dev/full 2>"$W/full.err"
		r=$?
		if [ "$r" = 3 ] && grep -q 'cannot write' "$W/full.err"; then
			ok "gloss $args >/dev/full exits 3 with a message"
		else
			nok "gloss $args >/dev/full exits 3 with a message (exit $r)"
		fi
	done
else
	ok "# SKIP /dev/full is not writable here"
fi

# --- 19: a flow-style codings file loads as many codings as a block-style one -----------
project flow
mkdir -p "$W/flow/transcripts/codings/ana"
FLOW_N=${FLOW_N:-150000}
awk -v n="$FLOW_N" 'BEGIN { printf "{transcript: int.txt, coder: ana, codings: [";
	for (i = 0; i < n; i++) printf "%s{code: purpose, start: %d, end: %d}", i ? ", " : "", i % 50, i % 50 + 10;
	print "]}" }' >"$W/flow/transcripts/codings/ana/int.yaml"
run flow-check flow "$GLOSS" check
expect flow-check 0 "1 transcript, $FLOW_N codings by 1 coder: 0 errors" \
	"$FLOW_N codings in one flow-style file all load"
run flow-tally flow "$GLOSS" tally --format csv
check "flow-tally: their 50 distinct passages are counted" \
	grep -q '^purpose,Purpose,,0,false,false,50,' "$W/flow-tally.out"

# --- 18: group names that look like "(none)" or "total" -----------------------------------
project groups
T=$W/groups/transcripts
rm "$T/int.txt"
printf -- '---\nrole: (none)\n---\nAMARA: the first interview text.\n' >"$T/a.txt"
printf 'AMARA: the second interview text.\n' >"$T/b.txt"
printf -- '---\nrole: total\n---\nAMARA: the third interview text.\n' >"$T/c.txt"
for d in a b c; do
	(cd "$W/groups" && "$SAVE" "transcripts/$d.txt" ana add purpose 0 3 >/dev/null)
done
run groups-csv groups "$GLOSS" tally --by role --format csv
head -1 "$W/groups-csv.out" | tr -d '\r' | tr ',' '\n' >"$W/groups-cols"
check "groups-csv: a value (none) and documents without the attribute are two groups" \
	test "$(grep -c 'none' "$W/groups-cols")" = 2
check "groups-csv: every column name is distinct" \
	test "$(sort "$W/groups-cols" | uniq -d | wc -l)" = 0
check "groups-csv: 3 groups of 1 passage each, and the total" \
	grep -q '^purpose,Purpose,,0,1,1,1,3' "$W/groups-csv.out"
run groups-table groups "$GLOSS" tally --by role
check "groups-table: one 'total' column, the group total is told apart" \
	test "$(head -1 "$W/groups-table.out" | tr ' ' '\n' | grep -cx total)" = 1
run groups-json groups "$GLOSS" tally --by role --format json
check "groups-json: three distinct groups" \
	grep -q '"groups": \["(none)", "\\"(none)\\"", "\\"total\\""\]' "$W/groups-json.out"
run groups-md groups "$GLOSS" tally --by role --format markdown
check "groups-md: one 'total' column" \
	test "$(head -1 "$W/groups-md.out" | tr '|' '\n' | grep -cx ' total ')" = 1

# --- 7: a coder directory linked to another coder's inside the project ---------------------
project coderlink
C=$W/coderlink/transcripts/codings
mkdir -p "$C/ben"
(cd "$W/coderlink" && "$SAVE" transcripts/int.txt ben add trust 0 10 >/dev/null)
cp "$C/ben/int.yaml" "$W/ben-before.yaml"
ln -s ben "$C/ana"
run coderlink-save coderlink "$SAVE" transcripts/int.txt ana add purpose 20 30
expect coderlink-save 3 'codings/ana is a symbolic link.*coder' \
	"ana's save through codings/ana -> ben is refused, naming the link"
check "coderlink: ben's file is untouched" cmp -s "$C/ben/int.yaml" "$W/ben-before.yaml"
run coderlink-check coderlink "$GLOSS" check
expect coderlink-check 0 'codings/ana/int\.yaml: warning: read through .*codings/ana, a symbolic link' \
	"check reports the coder directory that is a link"

# --- 5 and 6: the codebook writer ----------------------------------------------------------
ADD=$TOOLS/addcode
if [ -x "$ADD" ]; then
	project vivo
	NA="" NB=""
	for i in $(seq 1 25); do NA="$NA ana-code-$i" NB="$NB ben-code-$i"; done
	# two coders adding in-vivo codes at the same moment: every code is kept
	(cd "$W/vivo" && timeout "$LIMIT" "$ADD" codebooks/study.yaml $NA >"$W/vivo-a.out" 2>&1
		echo $? >"$W/vivo-a.rc") &
	pa=$!
	(cd "$W/vivo" && timeout "$LIMIT" "$ADD" codebooks/study.yaml $NB >"$W/vivo-b.out" 2>&1
		echo $? >"$W/vivo-b.rc") &
	pb=$!
	wait "$pa" "$pb"
	check "vivo: both writers finish (exit $(cat "$W/vivo-a.rc") and $(cat "$W/vivo-b.rc"))" \
		test "$(cat "$W/vivo-a.rc")$(cat "$W/vivo-b.rc")" = 00
	run vivo-check vivo "$GLOSS" check
	expect vivo-check 0 'checked 1 codebook \(52 codes\)' \
		"all 50 codes added at the same moment are in the codebook, which loads"
	check "vivo: no lock file is left" test -z "$(find "$W/vivo/codebooks" -name '.*lock')"
	# a codebook that is a symbolic link is not replaced by a plain file
	project vlink
	mkdir -p "$W/vlink/shared"
	mv "$W/vlink/codebooks/study.yaml" "$W/vlink/shared/study.yaml"
	ln -s ../shared/study.yaml "$W/vlink/codebooks/study.yaml"
	cp "$W/vlink/shared/study.yaml" "$W/vlink-before.yaml"
	run vlink-add vlink "$ADD" codebooks/study.yaml "New code"
	expect vlink-add 3 'study\.yaml.*symbolic link' "adding a code through a link is refused, naming it"
	check "vlink: the link is still a link" test -L "$W/vlink/codebooks/study.yaml"
	check "vlink: its target is unchanged" cmp -s "$W/vlink/shared/study.yaml" "$W/vlink-before.yaml"
else
	nok "addcode is built ($ADD)"
fi

# --- 4: two transcripts never share one codings file --------------------------------------
project case
T=$W/case/transcripts
printf 'AMARA: lower case extension, first file.\n' >"$T/int.txt"
printf 'BEN: upper case extension, second file.\n' >"$T/int.TXT"
run case-save case "$SAVE" transcripts/int.TXT ana add trust 0 3
check "case-save: int.TXT gets codings/ana/int.TXT.yaml (exit $(rc case-save))" \
	sh -c "[ $(rc case-save) = 0 ] && [ -f '$T/codings/ana/int.TXT.yaml' ] && [ ! -e '$T/codings/ana/int.yaml' ]"
run case-tally case "$GLOSS" tally --by document --format csv
check "case-tally: the coding counts for int.TXT only, no ghost in int.txt" \
	grep -q '^trust,Trust,,0,1,0,1' "$W/case-tally.out"
check "case-tally: the two documents are two columns" \
	sh -c "head -1 '$W/case-tally.out' | grep -q 'transcripts/int.TXT,transcripts/int.txt,total'"
run case-txt case "$SAVE" transcripts/int.txt ana list
check "case-txt: int.txt has no codings" test ! -s "$W/case-txt.out"

project dirs
T=$W/dirs/transcripts
mkdir -p "$T/a" "$T/b"
mv "$T/int.txt" "$T/a/int.txt"
printf 'BEN: another interview, same file name.\n' >"$T/b/int.txt"
(cd "$W/dirs" && "$SAVE" transcripts/a/int.txt ana add purpose 0 5 >/dev/null)
run dirs-tally dirs "$GLOSS" tally --by document --format csv
check "dirs-tally: a/int.txt and b/int.txt are two documents" \
	sh -c "head -1 '$W/dirs-tally.out' | grep -q ',transcripts/a/int.txt,transcripts/b/int.txt,total'"
check "dirs-tally: the coding counts for a/int.txt only" \
	grep -q '^purpose,Purpose,,0,1,0,1' "$W/dirs-tally.out"

# a transcript without extension and one with .txt would share int.yaml: refused
project clash
printf 'AMARA: no extension.\n' >"$W/clash/transcripts/int"
(cd "$W/clash" && "$SAVE" transcripts/int.txt ana add purpose 0 5 >/dev/null)
run clash-check clash "$GLOSS" check transcripts/int transcripts/int.txt
expect clash-check 1 'int\.txt: its codings cannot be told apart from those of transcripts/int:' \
	"two transcripts that would share a codings file are an error naming both"
run clash-tally clash "$GLOSS" tally --format csv transcripts/int transcripts/int.txt
check "clash-tally: their codings are not counted twice (or at all)" \
	grep -q '^purpose,Purpose,,0,false,false,0,' "$W/clash-tally.out"

# codings of int.TXT made by an earlier gloss (named int.yaml): a warning says to rename
project oldname
T=$W/oldname/transcripts
mv "$T/int.txt" "$T/int.TXT"
mkdir -p "$T/codings/ana"
printf 'transcript: "int.TXT"\ncoder: "ana"\ncodings: []\n' >"$T/codings/ana/int.yaml"
run oldname-check oldname "$GLOSS" check
expect oldname-check 0 'int\.TXT: warning: codings/ana/int\.yaml .*codings/ana/int\.TXT\.yaml: rename' \
	"an old codings file name is reported with the new one"

echo "1..$n"
