# tests/screen/check-keys.sh — sourced by run-screen.sh: every key in the key table
# (tests/screen/KEYS.txt, which test_keymap holds equal to src/keymap.c) must appear in the
# KEYS section of gloss(1). Skipped while gloss(1) has no KEYS section.
man=$SRCDIR/man/gloss.1
keys=$here/KEYS.txt
if ! grep -q '^\.Ss KEYS' "$man" 2>/dev/null || ! command -v mandoc >/dev/null 2>&1; then
	skip "every key is in gloss(1): no KEYS section in man/gloss.1 (or no mandoc)"
else
	mandoc -T utf8 -O width=300 "$man" | sed 's/.\x08//g' |
		awk '/^   KEYS/ {on = 1; next} on && /^[A-Z]/ {on = 0} on' >"$tmp/man-keys"
	tr ' ,\t' '\n\n\n' <"$tmp/man-keys" | sed '/^$/d' | LC_ALL=C sort -u >"$tmp/man-tokens"
	missing=
	while IFS='	' read -r k action rest; do
		case $k in '#'* | '[' | '['*']' | 0-9*) continue ;; esac
		old_ifs=$IFS
		IFS=','
		for key in $k; do
			key=$(printf '%s' "$key" | sed 's/^ *//')
			if ! grep -qxF -- "$key" "$tmp/man-tokens" &&
				! { case $key in [a-zA-Z0-9]*) false ;; *) true ;; esac &&
					grep -q "^$(printf '%s' "$key" | sed 's/[]\\.*^$[]/\\&/g')" "$tmp/man-tokens"; }; then
				missing="$missing '$key' ($action)"
			fi
		done
		IFS=$old_ifs
	done <"$keys"
	if [ -z "$missing" ]; then
		ok "every key in the key table is in gloss(1) KEYS"
	else
		nok "keys missing from gloss(1) KEYS:$missing"
	fi
fi
