#!/bin/sh
# tests/team/run-merge.sh — gloss merge as git's merge driver, in real repositories.
#
# A project in a temporary git repository with `merge.gloss.driver` and a .gitattributes
# line as gloss(1) documents them; two branches change one coder's codings file and git
# merges them. Checks: additions near each other on both sides (git's line merge would
# conflict), removals, the same coding added on both sides, memos edited on both sides
# (both texts kept, marked), a removal against a change, a file that does not load (line
# merge instead, conflict reported), and that the result always loads. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
SAVE=$TOOLS/savecodings
n=0
. "$SRCDIR/tests/lib.sh"

if ! command -v git >/dev/null 2>&1; then
	echo "ok 1 # SKIP git is not installed"
	echo "1..1"
	exit 0
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-merge.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$W"' EXIT INT TERM
export GIT_CONFIG_NOSYSTEM=1 HOME="$W" GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org \
	GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org LC_ALL=C.UTF-8

T=transcripts/01-ada.txt
F=transcripts/codings/ana/01-ada.yaml

# repo NAME: a fresh repository with the project, the driver and one base commit
repo() {
	R=$W/$1
	mkdir -p "$R/codebooks" "$R/transcripts"
	cd "$R" || exit 1
	git init -q -b main .
	git config merge.gloss.driver "'$GLOSS' merge %O %A %B %P"
	printf '%s\n' '**/codings/*/*.yaml merge=gloss' >.gitattributes
	cat >codebooks/study.yaml <<'YAML'
name: Study
codes:
  - id: care
  - id: trust
  - id: work
YAML
	cat >"$T" <<'TXT'
[00:00:05] INTERVIEWER: Why do you do pro bono work?

[00:00:09] ADA: Mostly because I care about people. Pro bono work gives me purpose.
It is meaningful work, honestly. I trust the partners we work with.

[00:00:30] INTERVIEWER: And secondments?
TXT
}

save() { # save EPOCH ARGS...: savecodings with a given creation time
	e=$1
	shift
	SOURCE_DATE_EPOCH=$e "$SAVE" "$T" ana "$@" >/dev/null || echo "# savecodings $* failed"
}

commit() {
	git add -A && git commit -q -m "$1"
}

has() { # has "CODE S E": the merged file loads and holds this coding
	"$SAVE" "$T" ana list >"$W/list" 2>"$W/listerr" && grep -qx "$1" "$W/list"
}

count() { # count: how many codings the file holds
	"$SAVE" "$T" ana list 2>/dev/null | grep -c .
}

set_memo() { # set_memo OLD NEW: edit a memo in the file as a text editor would
	sed -i "s/    memo: \"$1\"/    memo: \"$2\"/" "$F"
}

merge() { # merge BRANCH: git merge into the current branch; its status in $rc
	git merge -q --no-edit "$1" >"$W/merge.out" 2>&1
	rc=$?
}

# 1. additions near each other, removals, memos edited on both sides, the same coding
#    added on both sides
repo one
save 1774000000 add care 73 93 "base memo"
save 1774000001 add trust 123 154
save 1774000002 add work 95 126
commit base
git checkout -q -b theirs
save 1774000100 add work 60 71
save 1774000101 add care 73 80
save 1774000500 add trust 156 167
save 1774000002 remove work 95 126
set_memo "base memo" "their memo"
commit theirs
git checkout -q main
save 1774000200 add work 61 70
save 1774000201 add care 74 80
save 1774000500 add trust 156 167
set_memo "base memo" "our memo"
commit ours
cp "$F" "$W/ours.yaml"
merge theirs
check "memos edited on both sides: a conflict, git stops for the user (exit $rc)" test "$rc" -ne 0
check "... the file is left conflicted, for the memo to be edited" sh -c "git status --porcelain | grep -q '^UU $F'"
check "the merged file loads" sh -c "'$SAVE' '$T' ana list >/dev/null"
for c in "care 73 93" "trust 123 154" "work 60 71" "care 73 80" "work 61 70" "care 74 80" \
	"trust 156 167"; do
	check "kept: $c" has "$c"
done
check "removed on their side, unchanged on ours: work 95 126 is gone" sh -c "! grep -qx 'work 95 126' '$W/list'"
check "the same coding added on both sides is there once" test "$(count)" -eq 7
check "both memos kept, marked" grep -q 'memo: "<<<<<<< ours\\nour memo\\n=======\\ntheir memo\\n>>>>>>> theirs"' "$F"
check "the driver said so on standard error" grep -q "memo(s) edited on both sides" "$W/merge.out"
check "gloss check finds nothing wrong in the merged project" sh -c "'$GLOSS' check >'$W/check.out' 2>&1"
check "... but warns about the memo with both sides in it" \
	grep -q "01-ada.yaml:[0-9]*: warning: the memo of coding 'care' at 73-93 holds both sides of a merge" "$W/check.out"

# 2. removed on one side, its memo changed on the other: kept, with the change
repo two
save 1774000000 add care 73 93 "first"
save 1774000001 add trust 123 154
commit base
git checkout -q -b theirs
save 1774000000 remove care 73 93
commit theirs
git checkout -q main
set_memo "first" "second thoughts"
commit ours
merge theirs
check "removed there, memo changed here: merges (exit $rc)" test "$rc" -eq 0
check "removed there, memo changed here: the coding is kept" has "care 73 93"
check "removed there, memo changed here: with the new memo" grep -q 'memo: "second thoughts"' "$F"
check "removed there, memo changed here: the driver said so" grep -q "changed on the other: kept" "$W/merge.out"

# 3. the other way round, and removals on both sides
repo three
save 1774000000 add care 73 93 "first"
save 1774000001 add trust 123 154
save 1774000002 add work 95 126
commit base
git checkout -q -b theirs
set_memo "first" "their second thoughts"
save 1774000002 remove work 95 126
commit theirs
git checkout -q main
save 1774000000 remove care 73 93
save 1774000002 remove work 95 126
commit ours
merge theirs
check "removed here, changed there: merges (exit $rc)" test "$rc" -eq 0
check "removed here, changed there: kept with their memo" sh -c "grep -q 'memo: \"their second thoughts\"' '$F'"
check "removed on both sides: gone" sh -c "! '$SAVE' '$T' ana list | grep -qx 'work 95 126'"
check "untouched on both sides: kept" has "trust 123 154"

# 4. a side that does not load: git merge-file instead; the conflict is git's to report
repo four
save 1774000000 add care 73 93
commit base
git checkout -q -b theirs
printf 'codings: [\n' >>"$F"
commit theirs
git checkout -q main
save 1774000001 add trust 123 154
commit ours
merge theirs
check "a broken side: the merge stops with a conflict (exit $rc)" test "$rc" -ne 0
check "a broken side: the driver explains and merges line by line" grep -q "line by line" "$W/merge.out"
check "a broken side: git lists the file as conflicted" sh -c "git status --porcelain | grep -q '^UU $F'"

# 5. the driver by hand: a file that is not a codings file is merged line by line and
#    left alone by the codings merge
repo five
printf 'a\nb\nc\nd\ne\n' >"$W/o.txt"
printf 'a\nB\nc\nd\ne\n' >"$W/a.txt"
printf 'a\nb\nc\nD\ne\n' >"$W/b.txt"
"$GLOSS" merge "$W/o.txt" "$W/a.txt" "$W/b.txt" notes/x.txt 2>"$W/err"
rc=$?
printf 'a\nB\nc\nD\ne\n' >"$W/want.txt"
check "not a codings path: a clean line merge (exit $rc)" sh -c "[ $rc -eq 0 ] && cmp -s '$W/a.txt' '$W/want.txt'"
"$GLOSS" merge "$W/o.txt" 2>/dev/null
check "merge without its four arguments: usage error" test $? -eq 2

# ---- issue 18 ------------------------------------------------------------------------------
# 6. finding 10: a project written by an older gloss (no prefix/suffix); one branch removes a
#    coding, the other only adds one elsewhere, and its save re-makes the context of every
#    coding. The removal wins: a re-save is not a change of the coding.
repo six
save 1774000000 add care 73 93
save 1774000001 add trust 123 154
sed -i '/^    prefix: /d; /^    suffix: /d' "$F"
commit base
git checkout -q -b theirs
save 1774000002 add work 95 126
check "theirs' save re-made the context of the older codings" grep -q '^    prefix: ' "$F"
commit theirs
git checkout -q main
sed -i '/^    prefix: /d; /^    suffix: /d' "$F"
save 1774000000 remove care 73 93
commit ours
merge theirs
check "removed here, only re-saved there: merges (exit $rc)" test "$rc" -eq 0
check "removed here, only re-saved there: the coding stays removed" sh -c "! '$SAVE' '$T' ana list | grep -qx 'care 73 93'"
check "... their addition and the untouched coding are kept" sh -c "'$SAVE' '$T' ana list | grep -qx 'work 95 126' && '$SAVE' '$T' ana list | grep -qx 'trust 123 154'"
check "... the driver said so" grep -q "context only was re-made on the other: removed" "$W/merge.out"

# 7. finding 14: the codings of transcript int.TXT (codings/ana/int.TXT.yaml) keep naming it
repo seven
printf '[00:00:01] AMARA: An upper case extension, and a few words more.\n' >transcripts/int.TXT
TT=transcripts/int.TXT
FF=transcripts/codings/ana/int.TXT.yaml
SOURCE_DATE_EPOCH=1774000000 "$SAVE" "$TT" ana add care 20 25 >/dev/null
commit base
git checkout -q -b theirs
SOURCE_DATE_EPOCH=1774000001 "$SAVE" "$TT" ana add trust 27 32 >/dev/null
commit theirs
git checkout -q main
SOURCE_DATE_EPOCH=1774000002 "$SAVE" "$TT" ana add work 35 40 >/dev/null
commit ours
merge theirs
check "int.TXT: merges (exit $rc)" test "$rc" -eq 0
check "int.TXT: the merged file names transcript int.TXT" grep -qx 'transcript: "int.TXT"' "$FF"
check "int.TXT: gloss check has nothing to say about it" sh -c "'$GLOSS' check >'$W/check.out' 2>&1 && ! grep -q 'int.TXT.yaml.*warning' '$W/check.out'"
# the driver by hand: the name the sides give wins where no transcript is to be seen ...
cp "$FF" "$W/o7.yaml" && cp "$FF" "$W/a7.yaml" && cp "$FF" "$W/b7.yaml"
(cd "$W" && "$GLOSS" merge o7.yaml a7.yaml b7.yaml nowhere/codings/ana/int.TXT.yaml 2>/dev/null)
check "int.TXT by hand: the name the sides give is kept" grep -qx 'transcript: "int.TXT"' "$W/a7.yaml"
# ... and sides that name none take the transcript that is there (DIR/int.TXT)
sed -i '/^transcript: /d' "$W/o7.yaml" "$W/b7.yaml"
sed '/^transcript: /d' "$FF" >"$W/a7.yaml"
"$GLOSS" merge "$W/o7.yaml" "$W/a7.yaml" "$W/b7.yaml" "$FF" 2>/dev/null
check "int.TXT by hand, no name in the sides: the transcript beside it" grep -qx 'transcript: "int.TXT"' "$W/a7.yaml"

# 8. finding 23: a FIFO as BASE, OURS or THEIRS is refused at once, never waited on
mkfifo "$W/fifo"
cp "$F" "$W/side.yaml" 2>/dev/null || cp "$FF" "$W/side.yaml"
for slot in 1 2 3; do
	set -- "$W/side.yaml" "$W/side.yaml" "$W/side.yaml"
	case $slot in
	1) set -- "$W/fifo" "$2" "$3" ;;
	2) set -- "$1" "$W/fifo" "$3" ;;
	3) set -- "$1" "$2" "$W/fifo" ;;
	esac
	timeout 10 "$GLOSS" merge "$@" "$FF" >/dev/null 2>"$W/fifo.err"
	rc=$?
	check "a FIFO as side $slot: refused at once (exit $rc), saying it is a FIFO" sh -c \
		"[ $rc -eq 1 ] && grep -q 'is a FIFO, not a regular file' '$W/fifo.err'"
done
# 6. the codebook: gloss git-setup configures the driver; two branches each add an in-vivo
#    code (as the coder writes them) and one changes a name: git merges them by code id
R=$W/cb-six
mkdir -p "$R/codebooks" "$R/transcripts"
cd "$R" || exit 1
git init -q -b main .
PATH=$(dirname "$GLOSS"):$PATH "$GLOSS" git-setup >"$W/setup.out" 2>&1
check "git-setup: exit 0" test $? -eq 0
check "git-setup: the codebook line in .gitattributes" grep -qx 'codebooks/\*.yaml merge=gloss' .gitattributes
check "git-setup: the codings line in .gitattributes" grep -qx 'transcripts/\*\*/codings/\*\*/\*.yaml merge=gloss' .gitattributes
check "git-setup: merge.gloss.driver is set" sh -c "git config --get merge.gloss.driver | grep -q '^gloss merge %O %A %B %P\$'"
PATH=$(dirname "$GLOSS"):$PATH "$GLOSS" git-setup >/dev/null 2>&1
check "git-setup twice: the lines are there once" test "$(grep -c 'merge=gloss' .gitattributes)" -eq 2
cat >codebooks/study.yaml <<'YAML'
# the study's codes
name: Study
codes:
  - id: motives
    name: "Motives"
    codes:
      - id: care
        name: "Care"
      - id: trust
  - id: work
YAML
printf 'ADA: I care.\n' >transcripts/01-ada.txt
commit base
git checkout -q -b theirs
printf '  - id: "fake-commute"\n    name: "fake commute"\n' >>codebooks/study.yaml
sed -i 's/^      - id: trust$/      - id: trust\n        name: "Trust in partners"/' codebooks/study.yaml
commit theirs
git checkout -q main
printf '  - id: "pride"\n    name: "Pride"\n' >>codebooks/study.yaml
commit ours
PATH=$(dirname "$GLOSS"):$PATH git merge -q --no-edit theirs >"$W/merge.out" 2>&1
rc=$?
check "codebook: two in-vivo codes added on two branches: git merges (exit $rc)" test "$rc" -eq 0
check "codebook: the merge is committed" sh -c '[ -z "$(git status --porcelain)" ]'
check "codebook: ours' code is there" grep -q 'id: "pride"' codebooks/study.yaml
check "codebook: theirs' code is there" grep -q 'id: "fake-commute"' codebooks/study.yaml
check "codebook: theirs' new name is taken" grep -q 'name: "Trust in partners"' codebooks/study.yaml
check "codebook: the comment is kept" grep -qx '# the study.s codes' codebooks/study.yaml
check "codebook: gloss check passes on the merged project" sh -c "'$GLOSS' check >'$W/check.out' 2>&1"
check "codebook: gloss check counts every code" grep -q '(6 codes)' "$W/check.out"

# 7. the same code changed differently on both sides: a conflict, written with markers,
#    and every gloss command names the line
git checkout -q -b theirs2
sed -i 's/name: "Care"/name: "Caring for others"/' codebooks/study.yaml
commit theirs2
git checkout -q main
sed -i 's/name: "Care"/name: "Care work"/' codebooks/study.yaml
commit ours2
PATH=$(dirname "$GLOSS"):$PATH git merge -q --no-edit theirs2 >"$W/merge.out" 2>&1
rc=$?
check "codebook conflict: git merge stops (exit $rc)" test "$rc" -ne 0
check "codebook conflict: git lists the codebook as conflicted" sh -c "git status --porcelain | grep -q '^UU codebooks/study.yaml'"
check "codebook conflict: the driver names the code" grep -q "code 'care' was changed differently on both sides" "$W/merge.out"
check "codebook conflict: both versions between markers" sh -c "grep -A6 '^<<<<<<< ours' codebooks/study.yaml | tr '\n' '|' | grep -q 'Care work\".*|=======|.*Caring for others\".*|>>>>>>> theirs'"
check "codebook conflict: only the conflicting code is marked" test "$(grep -c '^=======' codebooks/study.yaml)" -eq 1
line=$(grep -n '^<<<<<<<' codebooks/study.yaml | cut -d: -f1)
"$GLOSS" check >"$W/check.out" 2>&1
rc=$?
check "codebook conflict: gloss check fails (exit $rc)" test "$rc" -eq 1
check "codebook conflict: gloss check names the markers and the line" grep -q "^codebooks/study.yaml:$line:1: git conflict markers: resolve the merge first" "$W/check.out"
check "codebook conflict: no YAML error instead" sh -c "! grep -q 'could not find expected' '$W/check.out'"
"$GLOSS" tally >"$W/tally.out" 2>&1
check "codebook conflict: gloss tally names the markers too" grep -q "codebooks/study.yaml:$line:1: git conflict markers" "$W/tally.out"
git merge --abort

# 8. a renamed code on one side, an added code on the other
git checkout -q -b theirs3
"$GLOSS" code rename work paid-work >/dev/null 2>&1 || echo "# gloss code rename failed"
commit theirs3
git checkout -q main
printf '  - id: "pro-bono"\n' >>codebooks/study.yaml
commit ours3
PATH=$(dirname "$GLOSS"):$PATH git merge -q --no-edit theirs3 >"$W/merge.out" 2>&1
rc=$?
check "codebook: a rename there, an addition here: merges (exit $rc)" test "$rc" -eq 0
check "codebook: the rename is followed" sh -c "grep -q 'id: paid-work' codebooks/study.yaml && ! grep -q 'id: work\$' codebooks/study.yaml"
check "codebook: the addition is kept" grep -q 'id: "pro-bono"' codebooks/study.yaml

# 9. a repository without the driver: gloss check warns once, and says what to run
R=$W/cb-nine
mkdir -p "$R"
cd "$R" || exit 1
git init -q -b main .
"$GLOSS" init . >"$W/init.out" 2>&1
check "init in a git repository configures the driver" sh -c "git config --get merge.gloss.driver >/dev/null"
git config --unset merge.gloss.driver
"$GLOSS" check >"$W/check.out" 2>"$W/check.err"
check "no driver: gloss check warns" grep -q "no merge driver for gloss files.*run 'gloss git-setup'" "$W/check.err"
check "no driver: ... once" test "$(grep -c 'merge driver' "$W/check.err")" -eq 1
git config merge.gloss.driver "gloss merge %O %A %B %P"
"$GLOSS" check >"$W/check.out" 2>"$W/check.err"
check "driver set: gloss check does not warn" sh -c "! grep -q 'merge driver' '$W/check.err'"

echo "1..$n"
