#!/bin/sh
# tests/fault/run-fault.sh — write-failure injection for the codings writer.
#
# Saves a codings file with $TOOLS/savecodings (core codings_save -> atomic_write) while
# $TOOLS/faultshim.so (LD_PRELOAD) fails one step: temp file creation, fchmod, write,
# fsync, close, rename, directory fsync. Each failure must give a non-zero exit (3), a
# message naming the file, the step and the reason, leave the previous file byte for byte
# and leave no temp file behind. Also: retried EINTR/short writes, read-only project
# (EACCES/EROFS), disk full (ENOSPC, and EFBIG from a file-size limit), the codings file
# deleted or replaced while the writer holds it. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
SAVE=$TOOLS/savecodings
SHIM=$TOOLS/faultshim.so
# a sanitizer build links ASan first; it must not complain about the preloaded shim
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

n=0
. "$SRCDIR/tests/lib.sh"

if [ ! -x "$SAVE" ] || [ ! -f "$SHIM" ]; then
	nok "savecodings and faultshim.so are built ($SAVE, $SHIM)"
	echo "1..$n"
	exit 1
fi

W=$(mktemp -d)
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT
mkdir -p "$W/p/transcripts"
T=$W/p/transcripts/01-test.txt
CDIR=$W/p/transcripts/codings/ana
CF=$CDIR/01-test.yaml
cat >"$T" <<'EOF'
---
participant: P01
role: thought leader
---
[00:00:04] INTERVIEWER: Thank you for making time. Could you start by telling me about your work?

[00:00:15] AMARA: Of course. I run a small advisory practice in Lagos — eleven people now. Zoë,
our analyst, says the café talks were naïve. “Pro bono” was a Saturday thing.

[00:01:32] INTERVIEWER: That's a striking way to put it.
EOF

# base: a codings file with a few codings, its bytes kept in $W/base.yaml
"$SAVE" "$T" ana apply 12 7 >/dev/null 2>"$W/err" || { cat "$W/err"; }
cp "$CF" "$W/base.yaml" 2>/dev/null
check "a codings file is written without faults" test -s "$W/base.yaml"

no_temp() { # no file but the codings file in the coder's directory
	[ "$(ls -A "$CDIR" 2>/dev/null)" = "01-test.yaml" ]
}

restore() {
	chmod -R u+w "$W/p" 2>/dev/null
	rm -rf "$CDIR"
	mkdir -p "$CDIR"
	cp "$W/base.yaml" "$CF"
}

shim() { # shim FAULTSPEC COMMAND...: run with the fault shim, limited to the codings dir
	spec=$1
	shift
	: >"$W/log"
	GLOSS_FAULT=$spec GLOSS_FAULT_DIR=$W/p/transcripts/codings GLOSS_FAULT_LOG=$W/log \
		LD_PRELOAD=$SHIM "$@"
}

# inject SPEC STEP-REGEX REASON-REGEX: a failing save must be reported and harmless
inject() {
	spec=$1 step=$2 reason=$3
	restore
	shim "$spec" "$SAVE" "$T" ana add trust 20 40 >"$W/out" 2>"$W/err"
	rc=$?
	fired=$(grep -c . "$W/log")
	msg=$(cat "$W/err")
	if [ "$fired" -ge 1 ] && [ "$rc" -eq 3 ]; then
		ok "$spec: the save fails with exit 3"
	else
		nok "$spec: the save fails with exit 3 (exit $rc, $fired faults injected)"
		echo "#   $msg"
	fi
	if printf '%s' "$msg" | grep -q "01-test.yaml" && printf '%s' "$msg" | grep -Eqi "$step" &&
		printf '%s' "$msg" | grep -Eqi "$reason"; then
		ok "$spec: the message names the file, the step ($step) and the reason"
	else
		nok "$spec: the message names the file, the step ($step) and the reason"
		echo "#   got: $msg"
	fi
	check "$spec: the previous codings file is byte for byte intact" cmp -s "$W/base.yaml" "$CF"
	check "$spec: no temporary file is left behind" no_temp
}

inject mkstemp:1:ENOSPC 'temp' 'No space left'
inject fchmod:1:EPERM 'chmod|mode|permission' 'not permitted'
inject write:1:ENOSPC 'write' 'No space left'
inject write:1:EIO 'write' 'Input/output'
inject fsyncfile:1:EIO 'fsync' 'Input/output'
inject closewrite:1:EIO 'close' 'Input/output'
inject rename:1:EXDEV 'rename' 'cross-device'
inject mkstemp:1:EROFS 'temp' 'Read-only'
inject mkstemp:1:EACCES 'temp' 'Permission denied'
inject mkstemp:1:EDQUOT 'temp' 'quota'

has_codings() { # has_codings "CODE S E"...: the file loads and holds these codings
	"$SAVE" "$T" ana list >"$W/list" 2>"$W/listerr" || return 1
	for want in "$@"; do
		grep -qx "$want" "$W/list" || return 1
	done
}

restore
"$SAVE" "$T" ana list >"$W/baselist" 2>/dev/null
has_all() { # the new coding "trust 20 40" and every coding of the base file
	has_codings "trust 20 40" && [ "$(grep -cvxFf "$W/list" "$W/baselist")" -eq 0 ]
}

# directory fsync fails after the rename: the save is reported as failed, the file holds
# either the old or the complete new contents, never anything in between
restore
shim fsyncdir:1:EIO "$SAVE" "$T" ana add trust 20 40 >"$W/out" 2>"$W/err"
rc=$?
check "fsyncdir:1:EIO: the save reports failure (exit 3)" test "$rc" -eq 3 -a -s "$W/log"
check "fsyncdir:1:EIO: the message names the file and 'directory'" \
	grep -qi "01-test.yaml.*director" "$W/err"
if cmp -s "$W/base.yaml" "$CF" || has_all; then
	ok "fsyncdir:1:EIO: the codings file is either the old or the complete new one"
else
	nok "fsyncdir:1:EIO: the codings file is either the old or the complete new one"
fi
check "fsyncdir:1:EIO: no temporary file is left behind" no_temp

# retried conditions: interrupted and short writes must not lose data
for spec in write:1:EINTR write:1:SHORT write:1:SHORT,write:2:SHORT,write:3:EINTR fsyncfile:1:EINTR; do
	restore
	shim "$spec" "$SAVE" "$T" ana add trust 20 40 >/dev/null 2>"$W/err"
	rc=$?
	case $spec in
	fsync*)
		# fsync EINTR is rare; failing cleanly is as acceptable as retrying
		if { [ "$rc" -eq 0 ] && has_codings "trust 20 40"; } ||
			{ [ "$rc" -eq 3 ] && cmp -s "$W/base.yaml" "$CF"; }; then
			ok "$spec: the save retries or fails cleanly"
		else
			nok "$spec: the save retries or fails cleanly (exit $rc)"
		fi
		;;
	*)
		check "$spec: the save is retried and succeeds" test "$rc" -eq 0 -a -s "$W/log"
		check "$spec: the new coding and the old ones are on disk" has_all
		;;
	esac
	check "$spec: no temporary file is left behind" no_temp
done

# read-only project directory: permissions do not stop root, so when the suite runs as root
# (as CI does) the save runs as the user nobody, who then owns the project (tests/lib.sh)
restore
if ! can_drop; then
	skip "read-only codings directory: running as root and cannot run as another user here"
else
	if is_root; then
		unprivileged_dir "$W"
		chown -R nobody "$W/p"
	fi
	chmod a-w "$CDIR"
	unprivileged "$SAVE" "$T" ana add trust 20 40 >/dev/null 2>"$W/err"
	rc=$?
	chmod u+w "$CDIR"
	is_root && chown -R 0 "$W/p"
	check "read-only codings directory: exit 3 with 'Permission denied'" \
		sh -c "[ $rc -eq 3 ] && grep -q 'Permission denied' '$W/err'"
	check "read-only codings directory: the file is intact" cmp -s "$W/base.yaml" "$CF"
fi

# disk full through a file-size limit: with SIGXFSZ ignored the write fails with EFBIG
restore
(
	trap '' XFSZ
	ulimit -f 1 # 512-byte blocks in dash, 1024 in bash: either is below the file size
	exec "$SAVE" "$T" ana apply 40 99
) >"$W/out" 2>"$W/err"
rc=$?
check "file-size limit (EFBIG): the save fails with exit 3" test "$rc" -eq 3
check "file-size limit (EFBIG): the message names the write and 'too large'" \
	grep -Eqi "01-test.yaml.*(write|close|fsync).*too large" "$W/err"
check "file-size limit (EFBIG): the previous codings file is intact" cmp -s "$W/base.yaml" "$CF"
check "file-size limit (EFBIG): no temporary file is left behind" no_temp

# ... and with SIGXFSZ at its default the writer dies, but the old file must survive
restore
(
	ulimit -f 1
	exec "$SAVE" "$T" ana apply 40 99
) >"$W/out" 2>"$W/err"
rc=$?
check "file-size limit, killed by SIGXFSZ: the writer died (exit $rc)" test "$rc" -ge 128
check "file-size limit, killed by SIGXFSZ: the previous codings file is intact" \
	cmp -s "$W/base.yaml" "$CF"

# the codings file deleted while the writer holds it: the save recreates it with
# everything the writer had loaded plus the new coding
restore
"$SAVE" --before-save "rm -f '$CF'" "$T" ana add trust 20 40 >/dev/null 2>"$W/err"
rc=$?
check "codings file deleted during the session: the save succeeds" test "$rc" -eq 0
check "codings file deleted during the session: every coding is back on disk" has_all

# the codings directory deleted while the writer holds the file: recreated as well
restore
"$SAVE" --before-save "rm -rf '$W/p/transcripts/codings'" "$T" ana add trust 20 40 \
	>/dev/null 2>"$W/err"
rc=$?
check "codings directory deleted during the session: the save recreates it" \
	sh -c "[ $rc -eq 0 ] && '$SAVE' '$T' ana list | grep -qx 'trust 20 40'"

# the codings file replaced (e.g. by git pull) while the writer holds it: the new coding
# must be saved and the file must stay loadable
restore
mkdir -p "$W/other/transcripts"
cp "$T" "$W/other/transcripts/"
"$SAVE" "$W/other/transcripts/01-test.txt" ana add core 3 9 >/dev/null 2>&1
"$SAVE" --before-save "cp '$W/other/transcripts/codings/ana/01-test.yaml' '$CF'" \
	"$T" ana add trust 20 40 >/dev/null 2>"$W/err"
rc=$?
check "codings file replaced during the session: the new coding is saved" \
	sh -c "[ $rc -eq 0 ] && '$SAVE' '$T' ana list | grep -qx 'trust 20 40'"
check "codings file replaced during the session: the other writer's coding is kept" \
	sh -c "'$SAVE' '$T' ana list | grep -qx 'core 3 9'"
check "codings file replaced during the session: no temporary file is left behind" no_temp

echo "1..$n"
