# tests/lib.sh — the TAP helpers every shell suite sources (`. "$SRCDIR/tests/lib.sh"`).
# A suite prints one line per test point, "ok N - what" or "not ok N - what", and ends with
# "1..N"; tests/run.sh counts them. A point that cannot run here is "ok N # SKIP why":
# tests/run.sh reports it as skipped, never as passed.
#   ok WHAT              a point that holds
#   nok WHAT [NOTE...]   a point that fails; each NOTE is printed after it as "#   NOTE"
#   notok                the same as nok
#   skip WHY             a point that could not run here
#   check WHAT CMD...    ok or nok from CMD's exit status
#   unprivileged CMD...  run CMD as an unprivileged user (nobody) when the suite runs as
#                        root, as it is otherwise: for checks that permissions must stop
#                        (root ignores them). Exit 125 with a reason on stderr when root
#                        cannot drop its privileges here. The files CMD touches must be
#                        reachable by that user (see unprivileged_dir).
#   unprivileged_dir DIR make DIR, a directory under $TMPDIR (or /tmp), and those between
#                        them reachable (o+x) by that user when running as root
n=${n:-0}
failed=${failed:-0}

ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}

nok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for _lib_l in "$@"; do echo "#   $_lib_l"; done
}

notok() { nok "$@"; }

skip() {
	n=$((n + 1))
	echo "ok $n # SKIP $1"
}

check() {
	_lib_d=$1
	shift
	if "$@"; then ok "$_lib_d"; else nok "$_lib_d"; fi
}

is_root() { [ "$(id -u)" -eq 0 ]; }

unprivileged() {
	if ! is_root; then
		"$@"
		return
	fi
	if command -v setpriv >/dev/null 2>&1; then
		setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups -- "$@"
	elif command -v runuser >/dev/null 2>&1; then
		runuser -u nobody -- "$@"
	else
		echo "unprivileged: running as root and neither setpriv nor runuser is installed" >&2
		return 125
	fi
}

# can_drop: whether unprivileged can run a command as another user here
can_drop() {
	is_root || return 0
	[ "$(unprivileged id -u 2>/dev/null)" = "$(id -u nobody 2>/dev/null)" ] &&
		[ "$(id -u nobody 2>/dev/null)" != 0 ]
}

unprivileged_dir() {
	is_root || return 0
	_lib_p=$1
	_lib_top=${TMPDIR:-/tmp}
	case $_lib_p in "$_lib_top"/*) ;; *) return 1 ;; esac # only the suite's own temporary tree
	while [ "$_lib_p" != "$_lib_top" ] && [ "$_lib_p" != / ] && [ "$_lib_p" != . ]; do
		chmod o+x "$_lib_p" 2>/dev/null
		_lib_p=$(dirname "$_lib_p")
	done
}
