#!/bin/sh
# tests/man/run-man.sh — hold the man pages against the program (TAP).
#  - gloss.1 and gloss.5 are clean under `mandoc -Tlint -W warning`;
#  - every command that `gloss --help` lists is documented in gloss.1;
#  - every key of the TUI's key table (tests/screen/KEYS.txt) is in gloss.1's KEYS section,
#    under the same context, and the section documents no key the table lacks;
#  - `gloss help COMMAND` works for every command gloss.1 documents, and every option it
#    prints is documented in gloss.1.
# Environment: SRCDIR (repo root, default .), GLOSS (the binary, default $SRCDIR/build/gloss).
SRCDIR=${SRCDIR:-.}
GLOSS=${GLOSS:-$SRCDIR/build/gloss}
MAN1=$SRCDIR/man/gloss.1
MAN5=$SRCDIR/man/gloss.5
KEYS=$SRCDIR/tests/screen/KEYS.txt
TMP=$(mktemp -d "${TMPDIR:-/tmp}/gloss-man.XXXXXX") || exit 1
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0

. "$SRCDIR/tests/lib.sh"

have_mandoc=0
command -v mandoc >/dev/null 2>&1 && have_mandoc=1
have_gloss=0
[ -x "$GLOSS" ] && have_gloss=1

# unescape: mdoc source text to plain text (the escapes these pages use).
unescape() {
	sed -e 's/\\&//g' -e 's/\\-/-/g' -e 's/\\e/\\/g' -e 's/\\(em/--/g' -e 's/\\(en/-/g'
}

# plain FILE: the page as text (mandoc if installed, else the source with escapes undone and
# Fl turned into its dash, which is all the option checks need).
plain() {
	if [ $have_mandoc = 1 ]; then
		mandoc -Tascii "$1" | sed 's/.\x08//g'
	else
		sed -e 's/Fl \\-/--/g' -e 's/Fl /-/g' "$1" | unescape
	fi
}

# 1-2. mandoc -Tlint
for page in "$MAN1" "$MAN5"; do
	name=man/$(basename "$page")
	if [ $have_mandoc = 0 ]; then
		skip "mandoc not installed"
		continue
	fi
	if [ ! -f "$page" ]; then
		notok "$name exists" "no such file: $page"
		continue
	fi
	if mandoc -Tlint -W warning "$page" >"$TMP/lint" 2>&1; then
		ok "$name is clean under mandoc -Tlint -W warning"
	else
		notok "$name is clean under mandoc -Tlint -W warning" "$(cat "$TMP/lint")"
	fi
done

plain "$MAN1" >"$TMP/gloss1.txt"

# 3. every command listed by gloss --help is documented (.Cm NAME in gloss.1).
# Commands are taken from usage lines "gloss NAME ..." and from a "commands" list whose lines
# are indented "  NAME  description".
if [ $have_gloss = 0 ]; then
	skip "gloss binary not built ($GLOSS)"
else
	"$GLOSS" --help >"$TMP/help" 2>&1
	awk '
		{ line = $0 }
		/^[A-Za-z].*:[ \t]*$/ { incmd = (tolower(line) ~ /command/); next }
		/^[^ \t]/ && !/^[Uu]sage|^gloss / { incmd = 0 }
		{
			s = line
			while (match(s, /gloss +[a-z][a-z-]*/)) {
				w = substr(s, RSTART, RLENGTH); sub(/^gloss +/, "", w); print w
				s = substr(s, RSTART + RLENGTH)
			}
		}
		incmd && /^[ \t]+[a-z][a-z-]*([ \t]|$)/ { w = line; sub(/^[ \t]+/, "", w); sub(/[ \t].*/, "", w); print w }
	' "$TMP/help" | sort -u >"$TMP/commands"
	missing=""
	for c in $(cat "$TMP/commands"); do
		grep -q "^\.\(Cm\|Nm gloss Cm\) $c\([ ]\|\$\)" "$MAN1" ||
			grep -q "Cm $c\([ ]\|\$\)" "$MAN1" || missing="$missing $c"
	done
	if [ ! -s "$TMP/commands" ]; then
		notok "gloss --help lists commands" "$(head -20 "$TMP/help")"
	elif [ -z "$missing" ]; then
		ok "every command of gloss --help is in gloss.1 ($(tr '\n' ' ' <"$TMP/commands" | sed 's/ $//'))"
	else
		notok "every command of gloss --help is in gloss.1" "missing:$missing"
	fi
fi

# 4. every key of the TUI's key table is in gloss.1, under the KEYS subsection of its context.
# KEYS.txt (generated from src/keymap.c): '#' comments, "[Context]" lines, and one binding a
# line as "KEYS<TAB>ACTION<TAB>DESCRIPTION" with KEYS like "PgDn, space, Ctrl-F". In gloss.1
# the keys are the Ic arguments of the .It lines of the KEYS section, by context; lines before
# any "[Context]" belong to the first context. A context is a ".Ss Context" inside ".Sh KEYS",
# or a ".Sy Context" line inside ".Ss KEYS".
if [ ! -f "$KEYS" ]; then
	skip "tests/screen/KEYS.txt not written yet"
else
	# "Context<TAB>key" for every key documented in gloss.1
	awk '
		/^\.S[hs] KEYS$/ { inkeys = 1; sub_ = ($0 ~ /^\.Ss/); ctx = ""; next }
		/^\.Sh / || (sub_ && /^\.Ss /) { inkeys = 0; next }
		!inkeys { next }
		/^\.(Ss|Sy) / { ctx = substr($0, 5); if (first == "") first = ctx; next }
		/^\.It / {
			s = $0; sub(/^\.It /, "", s)
			while (match(s, /Ic [^ ]+/)) {
				print ctx "\t" substr(s, RSTART + 3, RLENGTH - 3)
				s = substr(s, RSTART + RLENGTH)
			}
		}
		END { print "#first\t" first }' "$MAN1" | unescape | sed -e "s/\\\\(aq/'/g" -e 's/\\(dq/"/g' \
		>"$TMP/mankeys"
	first=$(sed -n 's/^#first\t//p' "$TMP/mankeys")
	# "Context<TAB>key" for every key of the table
	awk -F '\t' -v ctx="$first" '
		/^#/ || /^[ \t]*$/ { next }
		/^\[.*\]$/ { ctx = substr($0, 2, length($0) - 2); next }
		{
			n = split($1, k, ", ")
			for (i = 1; i <= n; i++) if (k[i] != "") print ctx "\t" k[i]
		}' "$KEYS" >"$TMP/tablekeys"
	nkeys=$(wc -l <"$TMP/tablekeys" | tr -d ' ')
	missing=$(grep -vxF -f "$TMP/mankeys" "$TMP/tablekeys" | sed 's/\t/: /' | tr '\n' ';')
	if [ "$nkeys" = 0 ]; then
		notok "KEYS.txt lists keys" "no keys found in $KEYS"
	elif [ -z "$missing" ]; then
		ok "all $nkeys keys of KEYS.txt are in gloss.1 KEYS, each under its context"
	else
		notok "every key of KEYS.txt is in gloss.1 KEYS under its context" \
			"missing (context: key): $missing"
	fi
	# and the other way round: gloss.1 documents no key the table does not have
	extra=$(grep -v '^#first' "$TMP/mankeys" | grep -vxF -f "$TMP/tablekeys" | sed 's/\t/: /' |
		tr '\n' ';')
	if [ -z "$extra" ]; then
		ok "gloss.1 KEYS documents no key that the key table lacks"
	else
		notok "gloss.1 KEYS documents no key that the key table lacks" \
			"not in KEYS.txt (context: key): $extra"
	fi
fi

# 5... gloss help COMMAND for each command in gloss.1's SYNOPSIS (".Nm gloss" then ".Cm NAME"),
# and every option it prints is in gloss.1.
awk '/^\.Sh SYNOPSIS/ { on = 1; next } /^\.Sh / { on = 0 }
	on && prev ~ /^\.Nm gloss$/ && /^\.(Op )?Cm / { print $NF } { prev = $0 }' "$MAN1" >"$TMP/documented"
if [ ! -s "$TMP/documented" ]; then
	notok "gloss.1 SYNOPSIS documents commands" "no '.Nm gloss' + '.Cm NAME' lines"
fi
for c in $(cat "$TMP/documented"); do
	if [ $have_gloss = 0 ]; then
		skip "gloss help $c: gloss binary not built"
		continue
	fi
	"$GLOSS" help "$c" >"$TMP/help-$c" 2>"$TMP/err-$c"
	rc=$?
	if [ $rc -ne 0 ] || [ ! -s "$TMP/help-$c" ]; then
		notok "gloss help $c" "exit $rc" "$(head -5 "$TMP/err-$c")"
		continue
	fi
	ok "gloss help $c"
	opts=$(grep -oE -- '(^|[^A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9-]*' "$TMP/help-$c" |
		sed 's/^[^-]*//' | sort -u)
	missing=""
	for o in $opts; do
		grep -qE -- "(^|[^A-Za-z0-9-])$o([^A-Za-z0-9-]|\$)" "$TMP/gloss1.txt" ||
			missing="$missing $o"
	done
	if [ -z "$missing" ]; then
		ok "every option of gloss help $c is in gloss.1"
	else
		notok "every option of gloss help $c is in gloss.1" "missing:$missing"
	fi
done

echo "1..$n"
