#!/bin/sh
# tests/team/run-code.sh — gloss code rename|merge|move|delete on a copy of the
# command-line fixture (tests/cli/fixture/README.md lists its codings). Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
unset GLOSS_CODEBOOK
LC_ALL=C.UTF-8
export LC_ALL
n=0
. "$SRCDIR/tests/lib.sh"
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-code.XXXXXX") || exit 1
trap 'rm -rf "$W"' EXIT INT TERM
P=$W/p
fresh() {
	rm -rf "$P"
	cp -R "$SRCDIR/tests/cli/fixture" "$P"
	rm -rf "$W/before"
	cp -R "$P" "$W/before"
}
g() { # g ARGS...: gloss in the project; output in $W/out, $W/err, status in $rc
	(cd "$P" && "$GLOSS" "$@") >"$W/out" 2>"$W/err"
	rc=$?
}
uses() { # uses ID: how many codings (all coders) have this code
	cat "$P"/transcripts/codings/*/*.yaml | grep -c "^  - code: \"$1\"$"
}
unchanged() { diff -r "$W/before" "$P" >/dev/null; }

# rename
fresh
care=$(uses care)
g code rename care caring
check "rename: exit 0" test "$rc" -eq 0
check "rename: the summary counts the codings and files" \
	grep -qx "renamed code 'care' to 'caring' in codebooks/study.yaml and $care codings in 3 codings files" "$W/out"
check "rename: no coding keeps the old id" test "$(uses care)" -eq 0
check "rename: every one has the new id" test "$(uses caring)" -eq "$care"
check "rename: the codebook changed in one line only" \
	test "$(diff "$W/before/codebooks/study.yaml" "$P/codebooks/study.yaml" | grep -c '^[<>]')" -eq 2
check "rename: gloss check finds no error in the renamed project" \
	sh -c "cd '$P' && '$GLOSS' check 2>&1 | grep -q ': 0 errors, 2 warnings$'"
g code rename caring purpose
check "rename onto an existing id: refused (exit 1), nothing changed" sh -c "[ $rc -eq 1 ] && grep -q 'taken' '$W/err'"
g code rename nothing x
check "rename of an unknown code: refused" sh -c "[ $rc -eq 1 ] && grep -q 'no such code' '$W/err'"

# a codings file open in the interactive coder (its lock held): refused, nothing changed
fresh
lock=$P/transcripts/codings/ben/.03-cy.yaml.lock
flock "$lock" sh -c "touch '$W/held'; while [ ! -e '$W/release' ]; do sleep 0.05; done" &
holder=$!
while [ ! -e "$W/held" ]; do sleep 0.05; done # wait for the lock to be held
g code rename care caring
touch "$W/release"
wait "$holder"
check "a file open in the coder: refused (exit 1)" test "$rc" -eq 1
check "a file open in the coder: the message names it" \
	grep -q "ben/03-cy.yaml: open in the interactive coder" "$W/err"
rm -f "$lock" "$W/held" "$W/release"
check "a file open in the coder: nothing changed" unchanged

# delete
fresh
g code delete secondment
check "delete a used code: refused with exit 1" test "$rc" -eq 1
check "delete a used code: the files that use it are listed" \
	grep -q "transcripts/codings/ana/01-ada.yaml: 1" "$W/err"
check "delete a used code: nothing changed" unchanged
n_sec=$(uses secondment)
g code delete secondment --force
check "delete --force: exit 0" test "$rc" -eq 0
check "delete --force: every deleted coding is listed" \
	test "$(grep -c '^  deleted .*: secondment ' "$W/out")" -eq "$n_sec"
check "delete --force: no coding is left with it" test "$(uses secondment)" -eq 0
check "delete --force: it left the codebook" sh -c "! grep -q 'id: secondment' '$P/codebooks/study.yaml'"
g code delete motives --force
check "delete a theme with codes under it: refused" sh -c "[ $rc -eq 1 ] && grep -q 'move or delete them first' '$W/err'"

# merge: ana's purpose on "I care about people" lies on her care coding's passage
fresh
n_pur=$(uses purpose)
n_care=$(uses care)
g code merge meaning care
check "merge a leaf into another: exit 0" test "$rc" -eq 0
check "merge: its codings now have the other id" test "$(uses care)" -eq $((n_care + 1))
check "merge: it left the codebook" sh -c "! grep -q 'id: meaning' '$P/codebooks/study.yaml'"
fresh
g code delete meaning --force >/dev/null
g code merge purpose care
check "merge a coding on the same passage as one of the target: folded (listed)" \
	grep -q "folded transcripts/codings/ana/01-ada.yaml: purpose 136-155" "$W/out"
check "merge: the folded coding is not doubled" test "$(uses care)" -eq $((n_care + n_pur - 1))
g code merge care care
check "merge into itself: refused" test "$rc" -eq 1

# move
fresh
g code move secondment --top
check "move to the top level: exit 0" test "$rc" -eq 0
check "move: no codings file changed" sh -c "diff -r '$W/before/transcripts' '$P/transcripts' >/dev/null"
check "move: tally shows it at the top level" sh -c "cd '$P' && '$GLOSS' tally --format csv 2>/dev/null | grep -q '^secondment,Secondment,,0,'"
g code move secondment --under motives
check "move under a theme: exit 0" test "$rc" -eq 0
check "move: tally shows it under the theme" sh -c "cd '$P' && '$GLOSS' tally --format csv 2>/dev/null | grep -q '^secondment,Secondment,motives,1,'"
g code move motives --under care
check "move under its own child: refused" test "$rc" -eq 1
g code move secondment
check "move without --under or --top: usage error (exit 2)" test "$rc" -eq 2
g code frobnicate x
check "an unknown code command: usage error" test "$rc" -eq 2

# ---- issue 18: what gloss code must refuse -----------------------------------------------
SAVE=${TOOLS:-$SRCDIR/$BUILD/tools}/savecodings

# finding 11: a coder session open on the project, even on the transcript list (it holds
# the project directory's session lock shared): refused, nothing changed
fresh
flock -s "$P" sh -c "touch '$W/held'; while [ ! -e '$W/release' ]; do sleep 0.05; done" &
holder=$!
while [ ! -e "$W/held" ]; do sleep 0.05; done # wait for the lock to be held
g code rename care caring
touch "$W/release"
wait "$holder"
rm -f "$W/held" "$W/release"
check "a coder session open: rename refused (exit 1)" test "$rc" -eq 1
check "a coder session open: the message says why" grep -q "a coder session is open on this project" "$W/err"
check "a coder session open: nothing changed" unchanged
g code rename care caring
check "the session closed: the same rename goes through" test "$rc" -eq 0

# finding 12: the new id of a rename is one codings use already (an orphan, not in the
# codebook): refused, the orphans are not adopted
fresh
(cd "$P" && "$SAVE" transcripts/02-ben.txt ana add legacy 0 9 >/dev/null)
rm -rf "$W/before" && cp -R "$P" "$W/before"
g code rename care legacy
check "rename onto an id codings use: refused (exit 1)" test "$rc" -eq 1
check "... naming the id and the file that uses it" sh -c \
	"grep -q \"cannot rename 'care' to 'legacy': 1 coding already uses that id\" '$W/err' && grep -q 'transcripts/codings/ana/02-ben.yaml: 1' '$W/err'"
check "... nothing changed" unchanged
g code merge care legacy
check "merge into an orphan id (not a code): refused too" test "$rc" -eq 1

# finding 8: never through linked directories: a coder directory that is a link to
# another coder's (codings/zed -> ben), a codings directory linked outside
fresh
ln -s ben "$P/transcripts/codings/zed"
rm -rf "$W/before" && cp -R "$P" "$W/before"
g code rename care caring
check "codings/zed -> ben: refused (exit 3)" test "$rc" -eq 3
check "... naming the link" grep -q "codings/zed is a symbolic link" "$W/err"
check "... nothing changed" unchanged
fresh
mv "$P/transcripts/codings" "$W/outside-codings"
ln -s "$W/outside-codings" "$P/transcripts/codings"
cp -R "$W/outside-codings" "$W/outside-before"
g code rename care caring
check "transcripts/codings -> outside: refused (exit 3)" sh -c "[ $rc -eq 3 ] && grep -q 'transcripts/codings is a symbolic link' '$W/err'"
check "... the codebook and the codings outside are unchanged" sh -c \
	"diff -r '$W/outside-codings' '$W/outside-before' >/dev/null && cmp -s '$P/codebooks/study.yaml' '$W/before/codebooks/study.yaml'"
rm -rf "$W/outside-codings" "$W/outside-before"

# finding 9: a codebook or a codings file that is a link is not replaced by a copy
fresh
mv "$P/codebooks/study.yaml" "$W/shared-study.yaml"
ln -s "$W/shared-study.yaml" "$P/codebooks/study.yaml"
cp "$W/shared-study.yaml" "$W/shared-before.yaml"
g code rename care caring
check "a linked codebook: refused (exit 3)" sh -c "[ $rc -eq 3 ] && grep -q 'study.yaml: it is a symbolic link' '$W/err'"
check "... the link is still a link, its target unchanged" sh -c \
	"[ -L '$P/codebooks/study.yaml' ] && cmp -s '$W/shared-study.yaml' '$W/shared-before.yaml'"
fresh
mv "$P/transcripts/codings/ana/01-ada.yaml" "$W/ada.yaml"
ln -s "$W/ada.yaml" "$P/transcripts/codings/ana/01-ada.yaml"
cp "$W/ada.yaml" "$W/ada-before.yaml"
g code rename care caring
check "a linked codings file: refused (exit 3), the link kept, its target unchanged" sh -c \
	"[ $rc -eq 3 ] && [ -L '$P/transcripts/codings/ana/01-ada.yaml' ] && cmp -s '$W/ada.yaml' '$W/ada-before.yaml'"
# rename the name (label): alone, or with the id
fresh
g code rename care --name "Caring for others"
check "rename --name alone: exit 0" test "$rc" -eq 0
check "rename --name alone: says so" grep -qx "code 'care' is now named 'Caring for others' in codebooks/study.yaml" "$W/out"
check "rename --name alone: no codings file changed" sh -c "diff -r '$W/before/transcripts' '$P/transcripts' >/dev/null"
check "rename --name alone: tally shows the new name" sh -c "cd '$P' && '$GLOSS' tally --format csv 2>/dev/null | grep -q '^care,Caring for others,'"
check "rename --name alone: one line of the codebook changed" \
	test "$(diff "$W/before/codebooks/study.yaml" "$P/codebooks/study.yaml" | grep -c '^[<>]')" -eq 2
fresh
care=$(uses care)
g code rename care caring --name "Caring: for others"
check "rename with --name: exit 0" test "$rc" -eq 0
check "rename with --name: the codings have the new id" test "$(uses caring)" -eq "$care"
check "rename with --name: tally shows id and name" sh -c "cd '$P' && '$GLOSS' tally --format csv 2>/dev/null | grep -q '^caring,Caring: for others,'"
fresh
g code rename care --name ""
check "rename --name '': refused, nothing changed" sh -c "[ $rc -eq 1 ] && diff -r '$W/before/codebooks' '$P/codebooks' >/dev/null" 
g code move care --top --name x
check "--name with move: usage error" test "$rc" -eq 2

echo "1..$n"
