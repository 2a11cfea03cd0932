#!/bin/sh
# tests/hostile/run-writers.sh — every writer of gloss against the same hostile layouts
# (issue 18, item 3). The writers: a codings save (savecodings), the codebook's in-vivo
# add (addcode), gloss code rename|merge|move|delete, import, export, init, merge, and the
# journal. The layouts, made where the writer would write: the file a symbolic link to a
# file outside, the coder's directory a link (codings/ana -> ../outside), the codings
# directory a link (transcripts/codings -> /outside), a FIFO, a character device, a
# dangling link, a read-only directory (as an unprivileged user when run as root: root
# writes anywhere). Each must be refused the same way: the documented exit status (3:
# the place is refused or the write failed; 1 where the writer must read the file first
# and the reader refuses a FIFO or a device as "not a regular file"), a message naming
# the path and the reason, and the target untouched (the outside file unchanged, the
# link still a link, the FIFO still a FIFO, the device still a device, the read-only
# directory as it was). Every command runs under `timeout`: a hang fails. Prints TAP.
set -u
SRCDIR=${SRCDIR:-$PWD}
BUILD=${BUILD:-build}
GLOSS=${GLOSS:-$SRCDIR/$BUILD/gloss}
TOOLS=${TOOLS:-$SRCDIR/$BUILD/tools}
LIMIT=${HOSTILE_TIMEOUT:-10}
[ "${SANITIZE:-}" = 1 ] && LIMIT=$((LIMIT * 4))
SAVE=$TOOLS/savecodings
ADD=$TOOLS/addcode
unset GLOSS_CODEBOOK
LC_ALL=C.UTF-8
export LC_ALL

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }

for b in "$GLOSS" "$SAVE" "$ADD"; do
	if [ ! -x "$b" ]; then
		nok "built: $b"
		echo "1..$n"
		exit 1
	fi
done
W=$(mktemp -d "${TMPDIR:-/tmp}/gloss-writers.XXXXXX") || exit 1
trap 'chmod -R u+w "$W" 2>/dev/null; rm -rf "$W"' EXIT INT TERM
chmod 755 "$W" # the unprivileged user of the read-only cases reads the project
P=$W/p
O=$W/outside

# unpriv COMMAND...: as an unprivileged user when root (a read-only directory does not
# stop root), else as is
unpriv() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$@"
	else
		"$@"
	fi
}

fresh() {
	chmod -R u+w "$W" 2>/dev/null
	rm -rf "$P" "$O" "$W/in" "$W/m"
	cp -R "$SRCDIR/tests/cli/fixture" "$P"
	rm -f "$P/README.md"
	mkdir -p "$O/ana" "$W/in" "$W/m"
	printf 'precious outside data\n' >"$O/file"
	printf 'INTERVIEWER: A new one.\n\nADA: Imported.\n' >"$W/in/new.txt"
	# a merge's three sides: ours adds a coding
	cp "$P/transcripts/codings/ana/01-ada.yaml" "$W/m/base.yaml"
	cp "$W/m/base.yaml" "$W/m/theirs.yaml"
	(cd "$P" && "$SAVE" transcripts/01-ada.txt ana add care 0 5 >/dev/null)
	cp "$P/transcripts/codings/ana/01-ada.yaml" "$W/m/ours.yaml"
	cp "$W/m/base.yaml" "$P/transcripts/codings/ana/01-ada.yaml"
	chmod -R a+rX "$W"
}

# ---- the writers: TARGET (relative to $P, or absolute), the command ----------------------
# target WRITER: the file the writer would write, where the layout is made
target() {
	case $1 in
	save | code-rename | code-merge | code-delete) echo transcripts/codings/ana/01-ada.yaml ;;
	vivo | code-move) echo codebooks/study.yaml ;;
	import) echo transcripts/new.txt ;;
	export) echo out/p.qdpx ;;
	init) echo new/gloss.yaml ;;
	merge) echo "$W/m/ours.yaml" ;;
	journal) echo .gloss-journal ;;
	esac
}

# run WRITER [PRIV]: the writer, in the project; its output in $W/out, $W/err, status $rc
run() {
	w=$1 pre=${2:-}
	case $w in
	save) set -- "$SAVE" transcripts/01-ada.txt ana add care 10 20 ;;
	vivo) set -- "$ADD" codebooks/study.yaml "Brand new" ;;
	code-rename) set -- "$GLOSS" code rename care caring ;;
	code-merge) set -- "$GLOSS" code merge secondment care ;;
	code-move) set -- "$GLOSS" code move secondment --top ;;
	code-delete) set -- "$GLOSS" code delete secondment --force ;;
	import) set -- "$GLOSS" import "$W/in/new.txt" ;;
	export) set -- "$GLOSS" export --qdpx out/p.qdpx --force ;;
	init) set -- "$GLOSS" init new ;;
	merge) set -- "$GLOSS" merge "$W/m/base.yaml" "$W/m/ours.yaml" "$W/m/theirs.yaml" \
		transcripts/codings/ana/01-ada.yaml ;;
	journal) set -- "$GLOSS" code rename care caring ;;
	esac
	if [ -n "$pre" ]; then
		(cd "$P" && unpriv timeout "$LIMIT" "$@") >"$W/out" 2>"$W/err"
	else
		(cd "$P" && timeout "$LIMIT" "$@") >"$W/out" 2>"$W/err"
	fi
	rc=$?
}

abs() { # abs TARGET: its absolute path
	case $1 in /*) echo "$1" ;; *) echo "$P/$1" ;; esac
}

# ---- the layouts: make LAYOUT at TARGET; intact LAYOUT TARGET checks it is as made ---------
make_layout() {
	l=$1 t=$(abs "$2")
	mkdir -p "$(dirname "$t")"
	case $l in
	file-link) # a copy of the file outside (so that it reads well), the file a link to it
		[ -f "$t" ] && cp "$t" "$O/file"
		rm -f "$t" && ln -s "$O/file" "$t"
		;;
	dangling) rm -f "$t" && ln -s "$O/nothing-here" "$t" ;;
	fifo) rm -f "$t" && mkfifo "$t" ;;
	device) rm -f "$t" && mknod "$t" c 1 3 ;;
	coder-link) # the file's directory, a link to a directory outside
		d=$(dirname "$t")
		cp -R "$d/." "$O/ana/" 2>/dev/null
		rm -rf "$d" && ln -s "$O/ana" "$d"
		;;
	codings-link) # the directory two up (transcripts/codings), a link outside
		d=$(dirname "$(dirname "$t")")
		rm -rf "$O/codings" && cp -R "$d" "$O/codings"
		rm -rf "$d" && ln -s "$O/codings" "$d"
		;;
	readonly) # everything writable to the unprivileged user but this directory
		chmod -R a+rwX "$P" "$W/m"
		chmod a-w "$(dirname "$t")"
		;;
	esac
	find "$O" -type f -exec cksum {} + | sort >"$W/outside.sum"
	ls -lA "$(dirname "$t")" >"$W/dir.before" 2>&1
}

intact() {
	l=$1 t=$(abs "$2")
	find "$O" -type f -exec cksum {} + | sort | cmp -s - "$W/outside.sum" || return 1
	case $l in
	file-link) [ -L "$t" ] && [ "$(readlink "$t")" = "$O/file" ] ;;
	dangling) [ -L "$t" ] && [ ! -e "$t" ] ;;
	fifo) [ -p "$t" ] ;;
	device) [ -c "$t" ] ;;
	coder-link) [ -L "$(dirname "$t")" ] ;;
	codings-link) [ -L "$(dirname "$(dirname "$t")")" ] ;;
	readonly) ls -lA "$(dirname "$t")" | cmp -s - "$W/dir.before" ;;
	esac
}

# reason LAYOUT: what the message must say
reason() {
	case $1 in
	file-link | coder-link | codings-link) echo 'symbolic link' ;;
	dangling) echo 'symbolic link|No such file' ;; # a reader: the file is not there
	fifo) echo 'FIFO|not a regular file' ;;
	device) echo 'character device|not a regular file' ;;
	readonly) echo 'Permission denied' ;;
	esac
}

# named LAYOUT TARGET: the name the message must give (the file, or the linked directory)
named() {
	case $w/$1 in
	init/*) echo new ;;
	*/coder-link) basename "$(dirname "$2")" ;;
	*/codings-link) basename "$(dirname "$(dirname "$2")")" ;;
	*) basename "$2" ;;
	esac
}

# case WRITER LAYOUT STATUS: one cell of the table
cell() {
	w=$1 l=$2 want=$3
	if [ "$l" = device ] && [ "$(id -u)" -ne 0 ]; then
		ok "# SKIP $w / $l: mknod needs root"
		return
	fi
	fresh
	t=$(target "$w")
	if [ "$w" = init ]; then
		mkdir -p "$P/new"
		chmod a+rwx "$P/new"
	fi
	if [ "$w" = init ] && [ "$l" = dangling ]; then
		ln -s "$O/nothing-here" "$P/new/transcripts" # finding 22: transcripts dangles
		t=new/transcripts/x
		chmod a+rwx "$P/new"
		find "$O" -type f -exec cksum {} + | sort >"$W/outside.sum"
	else
		make_layout "$l" "$t"
	fi
	if [ "$l" = readonly ]; then
		run "$w" unpriv
	else
		run "$w"
	fi
	msg=$(tr '\n' ' ' <"$W/err")
	name=$(named "$l" "$t")
	why=$(reason "$l")
	if [ "$rc" -eq "$want" ] && printf '%s' "$msg" | grep -q "$name" &&
		printf '%s' "$msg" | grep -Eq "$why"; then
		ok "$w / $l: refused (exit $rc), naming $name and the reason"
	else
		nok "$w / $l: refused (exit $rc, want $want), naming $name and the reason"
		echo "#   $msg"
	fi
	if [ "$w" = init ] && [ "$l" = dangling ]; then
		if [ -L "$P/new/transcripts" ] && [ -z "$(ls -A "$P/new" | grep -v '^transcripts$')" ]; then
			ok "$w / $l: nothing at all was written"
		else
			nok "$w / $l: nothing at all was written ($(ls -A "$P/new" | tr '\n' ' '))"
		fi
		rm "$P/new/transcripts" # the fix: then init runs again, and succeeds
		run init
		if [ "$rc" -eq 0 ] && [ -f "$P/new/transcripts/example.txt" ]; then
			ok "$w / $l: once the link is gone, init runs again"
		else
			nok "$w / $l: once the link is gone, init runs again (exit $rc)"
		fi
		return
	fi
	if intact "$l" "$t"; then ok "$w / $l: the target is untouched"; else nok "$w / $l: the target is untouched"; fi
}

# The table. Writers that read their file before writing it (a codings save, the codebook,
# gloss code, merge's OURS) meet a FIFO or a device as a reader: exit 1, "not a regular
# file", and a dangling codebook as a file that is not there (exit 1). Layouts that do not
# apply to a writer are not in its row: a coder directory for the codebook; a dangling
# codings file for gloss code (it holds no codings: nothing to write there).
while read -r w cells; do
	for c in $cells; do
		cell "$w" "${c%=*}" "${c#*=}"
	done
done <<'EOF'
save file-link=3 dangling=3 fifo=1 device=1 coder-link=3 codings-link=3 readonly=3
vivo file-link=3 dangling=1 fifo=1 device=1 readonly=3
code-rename file-link=3 fifo=1 device=1 coder-link=3 codings-link=3 readonly=3
code-merge file-link=3 coder-link=3 codings-link=3 readonly=3
code-delete file-link=3 coder-link=3 codings-link=3 readonly=3
code-move file-link=3 readonly=3
import file-link=3 dangling=3 fifo=3 device=3 readonly=3
export file-link=3 dangling=3 fifo=3 device=3 readonly=3
init dangling=3 readonly=3
merge file-link=3 fifo=1 device=1 readonly=3
journal file-link=3 dangling=3 fifo=3 device=3
EOF

echo "1..$n"
