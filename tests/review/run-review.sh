#!/bin/sh
# tests/review/run-review.sh — suggestions from a program (gloss suggest --model/--cmd)
# against a fake deterministic suggester (fake-suggester.py): what is stored and how;
# hostile output (malformed, unknown codes, bad ranges, escape sequences, non-UTF-8,
# huge, slow, failing) reported and never half-stored; -j; Ctrl-C keeps what finished;
# agreement and precision/recall against counts worked out by hand; gloss suggest leaves
# out decided suggestions; gloss check reports decisions whose passage changed; the
# contrib/ adapters against a fake local server (fake-server.py). Prints TAP.
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
GLOSS=${GLOSS:-$SRCDIR/build/gloss}
here=$SRCDIR/tests/review
LC_ALL=C.UTF-8
SOURCE_DATE_EPOCH=1774000000
GLOSS_CODER=ana
export LC_ALL SOURCE_DATE_EPOCH GLOSS_CODER
unset GLOSS_CODEBOOK
n=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gloss-review.XXXXXX") || exit 1
server=
cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
[ -n "$KEEP" ] && trap - EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; failed=1; }
check() { # check NAME COMMAND...: ok when the command succeeds
	name=$1
	shift
	if "$@"; then ok "$name"; else notok "$name"; fi
}
has() { grep -q -- "$2" "$1"; }
hasnt() { ! grep -q -- "$2" "$1"; }
no_escape() { ! grep -q "$(printf '\033')" "$1" && ! grep -q "$(printf '\007')" "$1"; }

if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP no python3"
	exit 0
fi

# the project: two codes; three transcripts of four one-line turns (the units 1 to 4)
mkproject() {
	rm -rf "$tmp/p"
	mkdir -p "$tmp/p/codebooks" "$tmp/p/transcripts"
	printf '%s\n' 'codes:' '  - id: trust' '    name: Trust' '    key: "T"' \
		'    patterns: ["(?i)\\bthank you\\b"]' '  - id: values' '    name: Values' \
		'    description: Engagement from belief.' '    examples: ["who I am"]' \
		>"$tmp/p/codebooks/cb.yaml"
	for d in 01 02 03; do
		printf '%s\n' '---' "id: P$d" '---' "A: Trust is everything here, in $d." '' \
			'B: And your partners?' '' \
			'A: It is just who I am.' '' 'B: Thank you.' >"$tmp/p/transcripts/$d.txt"
	done
}
fake() { echo "python3 $here/fake-suggester.py $1"; }
run() { # run NAME ARGS...: gloss in the project; output in $tmp/NAME.out/.err/.status
	(cd "$tmp/p" && "$GLOSS" "$@") >"$tmp/$name.out" 2>"$tmp/$name.err" </dev/null
	echo $? >"$tmp/$name.status"
}
status() { [ "$(cat "$tmp/$1.status")" = "$2" ]; }

mkproject
name=cand run suggest --model m --cmd "$(fake cand)"
check "a fake suggester's suggestions are stored (exit 0)" status cand 0
f=$tmp/p/transcripts/codings/suggest-m/01.yaml
check "stored as coder suggest-m with the model, confidence and rationale" \
	sh -c "grep -q 'coder: \"suggest-m\"' $f && grep -q 'confidence: 0.9' $f &&
		grep -q 'model: \"m\"' $f && grep -q 'rationale: \"unit 1\"' $f"
check "three codings of the three units" [ "$(grep -c '^  - code:' "$f")" = 3 ]
check "a unit's coding is its line's text without the label" has "$f" 'quote: "Trust is everything here, in 01."'
check "the summary names the coder" has "$tmp/cand.out" 'suggest-m: 3 of 3 transcripts stored'
cp "$f" "$tmp/cand-01.yaml"

name=again run suggest --model m --cmd "$(fake cand)" -j 3
check "-j 3 stores the same, byte for byte" cmp -s "$f" "$tmp/cand-01.yaml"

# hostile output: reported with line numbers, the good line kept, nothing raw on screen
name=hostile run suggest --model h --cmd "$(fake hostile)" transcripts/01.txt
check "hostile output: exit 1" status hostile 1
check "an unknown code is reported" has "$tmp/hostile.err" "01.txt (model h):2: no code 'no-such-code'"
check "a unit that does not exist is reported" has "$tmp/hostile.err" ':3: no unit 99 (the transcript has 4)'
check "a range in the front matter or reversed is reported" \
	sh -c "grep -q ':4: range 0-4 is not inside' $tmp/hostile.err && grep -q ':5: range 40-30' $tmp/hostile.err"
check "a confidence outside 0..1 is reported" has "$tmp/hostile.err" ':6: confidence must be'
check "malformed JSON is reported" sh -c "grep -q ':7:.*not a JSON object' $tmp/hostile.err && grep -q ':8:.*not a JSON object' $tmp/hostile.err"
check "non-UTF-8 is reported" has "$tmp/hostile.err" ':9:.*not a JSON object'
check "no escape sequence reaches the terminal" no_escape "$tmp/hostile.err"
fh=$tmp/p/transcripts/codings/suggest-h/01.yaml
check "the one good line is stored" [ "$(grep -c '^  - code:' "$fh")" = 1 ]
check "its escapes kept escaped in the file" no_escape "$fh"
check "its rationale kept" grep -q 'rationale: "ok .*pwned' "$fh"

# failing, huge and slow commands: reported per transcript, the old file kept
for mode in fail huge slow; do
	secs=60
	[ $mode = slow ] && secs=2
	name=$mode run suggest --model m --timeout $secs --cmd "$(fake $mode)" transcripts/01.txt
	check "$mode: exit 1" status $mode 1
	check "$mode: the old codings are kept as they were" cmp -s "$f" "$tmp/cand-01.yaml"
done
check "fail: its status and its standard error, made safe" \
	sh -c "grep -q '01.txt: the command exited with status 3; nothing stored: model not loaded ␛\[31m$' $tmp/fail.err"
check "fail: no escape sequence" no_escape "$tmp/fail.err"
check "huge: stopped at the limit" has "$tmp/huge.err" 'wrote more than 4194304 bytes (stopped); nothing stored'
check "slow: stopped at the time limit" has "$tmp/slow.err" 'timed out after 2.0 s (stopped); nothing stored'

# a save that fails (the fault shim: fsync of the new file): exit 3, the old file intact
shim=${TOOLS:-$SRCDIR/build/tools}/faultshim.so
if [ -f "$shim" ]; then
	# (an ASan build wants its runtime first; the shim comes first here, as in tests/fault)
	(cd "$tmp/p" && LD_PRELOAD=$shim GLOSS_FAULT=fsyncfile:1:EIO \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		"$GLOSS" suggest --model m --cmd "$(fake ref)" transcripts/01.txt) \
		>"$tmp/fault.out" 2>"$tmp/fault.err" </dev/null
	echo $? >"$tmp/fault.status"
	check "a failed save: exit 3, saying why" \
		sh -c "[ \$(cat $tmp/fault.status) = 3 ] && grep -q 'fsync' $tmp/fault.err"
	check "a failed save: the old codings are intact" cmp -s "$f" "$tmp/cand-01.yaml"
else
	notok "the fault shim $shim is built (make check builds it)"
fi

# configuration: models in gloss.yaml; unknown model; a name that cannot be a coder
printf '%s\n' 'models:' "  cfg: \"$(fake cand)\"" '  bad: {command: 3}' >"$tmp/p/gloss.yaml"
name=cfg run suggest --model cfg transcripts/02.txt
check "a model from gloss.yaml runs" sh -c "[ \$(cat $tmp/cfg.status) = 1 ] || [ \$(cat $tmp/cfg.status) = 0 ]"
check "its codings are stored" test -f "$tmp/p/transcripts/codings/suggest-cfg/02.yaml"
name=nomodel run suggest --model nope
check "an unknown model is a usage error" sh -c "[ \$(cat $tmp/nomodel.status) = 2 ] && grep -q \"no model 'nope'\" $tmp/nomodel.err"
rm -f "$tmp/p/gloss.yaml"
name=badname run suggest --model 'a/b' --cmd true
check "a model name that cannot name a coder is refused" status badname 2

# Ctrl-C: the first transcript finished is kept, the one running is not stored
mkproject
(cd "$tmp/p" && exec "$GLOSS" suggest --model w --cmd "$(fake wait)") >"$tmp/int.out" 2>"$tmp/int.err" &
pid=$!
i=0
while [ ! -f "$tmp/p/started-02" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
kill -INT $pid
wait $pid
echo $? >"$tmp/int.status"
check "interrupted: exit 1 and says so" sh -c "[ \$(cat $tmp/int.status) = 1 ] && grep -q 'interrupted: 1 of 3 transcripts done (kept)' $tmp/int.err"
check "interrupted: what finished is kept" test -f "$tmp/p/transcripts/codings/suggest-w/01.yaml"
check "interrupted: the one running is not stored, the next not started" \
	sh -c "[ ! -e $tmp/p/transcripts/codings/suggest-w/02.yaml ] && [ ! -e $tmp/p/transcripts/codings/suggest-w/03.yaml ]"

# agreement and precision/recall, by hand (units: turns 1-4 of each of 3 transcripts):
#   ana:       trust on 1, 2; values on 3        suggest-m: trust on 1, 3; values on 4
#   trust:  tp 1 fp 1 fn 1 per transcript -> 3 3 3: precision 0.5, recall 0.5, F1 0.5
#   values: tp 0 fp 1 fn 1 -> 0 3 3: precision 0, recall 0, F1 0
#   all:    tp 3 fp 6 fn 6: precision 1/3, recall 1/3, F1 1/3
mkproject
name=ref run suggest --model ref --cmd "$(fake ref)"
name=cand run suggest --model m --cmd "$(fake cand)"
mkdir -p "$tmp/p/transcripts/codings/ana"
for d in 01 02 03; do
	sed 's/^coder: .*/coder: "ana"/; /^    model:/d' "$tmp/p/transcripts/codings/suggest-ref/$d.yaml" \
		>"$tmp/p/transcripts/codings/ana/$d.yaml"
done
rm -r "$tmp/p/transcripts/codings/suggest-ref"
name=prf run agree --reference ana --coder suggest-m
check "agree --reference: exit 0" status prf 0
check "trust: tp 3, fp 3, fn 3; precision, recall, F1 0.5" \
	grep -Eq '^Trust +3 +3 +3 +0\.500 +0\.500 +0\.500$' "$tmp/prf.out"
check "values: tp 0, fp 3, fn 3; precision, recall, F1 0" \
	grep -Eq '^Values +0 +3 +3 +0\.000 +0\.000 +0\.000$' "$tmp/prf.out"
check "all codes: tp 3, fp 6, fn 6; 1/3 each" \
	grep -Eq '^all codes +3 +6 +6 +0\.333 +0\.333 +0\.333$' "$tmp/prf.out"
check "the agreement table comes first: 12 units, ana 6, suggest-m 6 for trust" \
	grep -Eq '^Trust +12 +6 +6 +' "$tmp/prf.out"
# a model's codings are counted only where a report names it
name=tal run tally --format csv
check "tally without --coder counts people only (ana's 6 trust passages, not the model's)" \
	grep -Eq '^trust,Trust,,0,false,false,6,3,' "$tmp/tal.out"
check "tally without --coder: ana's 3 values passages, not the model's 3 others" \
	grep -Eq '^values,Values,,0,false,false,3,3,' "$tmp/tal.out"
name=talm run tally --format csv --coder suggest-m
check "tally --coder suggest-m counts the model's" grep -Eq '^values,Values,,0,false,false,3,3,' "$tmp/talm.out"
name=talb run tally --format csv --coder ana --coder suggest-m
check "tally --coder ana --coder suggest-m: values on 6 passages (3 each)" \
	grep -Eq '^values,Values,,0,false,false,6,3,' "$tmp/talb.out"
name=agr run agree
check "agree without --coder: one coder only, so no pair (the model is not a coder of the study)" \
	sh -c "! grep -q 'suggest-m' '$tmp/agr.out' '$tmp/agr.err'"
name=quo run quotes --format csv
check "quotes without --coder leave the model's codings out" sh -c "! grep -q 'suggest-m' '$tmp/quo.out'"
name=quom run quotes --format csv --coder suggest-m
check "quotes --coder suggest-m lists them" grep -q 'suggest-m' "$tmp/quom.out"
name=exp run export --qdpx "$tmp/x.qdpx"
check "export leaves the model out: ana is a user, suggest-m is not" \
	sh -c "unzip -p '$tmp/x.qdpx' project.qde | grep -q 'name=\"ana\"' && ! unzip -p '$tmp/x.qdpx' project.qde | grep -q suggest-m"
name=prf2 run agree --reference ana --coder suggest-m --coder ben
check "--reference measures one coder" status prf2 2
name=prf3 run agree --reference ana --coder suggest-m --format csv
check "--reference gives a table only" status prf3 2

# gloss suggest: the model's suggestions listed, the decided ones left out
name=list run suggest
check "suggest lists the model's suggestions with source and confidence" \
	has "$tmp/list.out" 'transcripts/01.txt:8: trust: A: \[It is just who I am.\] (suggest-m, 0.60)'
check "suggest lists the patterns' suggestions too" has "$tmp/list.out" 'transcripts/01.txt:10: trust: B: \[Thank you\].'
# decide PASSAGE CODE: a reject line for 01.txt as the queue writes one (code points and
# FNV-1a 64 of the passage)
decide() {
	python3 -c '
import sys
text = open(sys.argv[1], encoding="utf-8").read()
passage = sys.argv[2]
start = text.index(passage)
h = 0xcbf29ce484222325
for b in passage.encode():
    h = ((h ^ b) * 0x100000001b3) % (1 << 64)
print("reject\t%s\t%d\t%d\t%016x\tpattern\t2026-01-01T00:00:00Z"
      % (sys.argv[3], start, start + len(passage), h))' "$tmp/p/transcripts/01.txt" "$1" "$2" \
		>>"$tmp/p/transcripts/codings/ana/01.decisions"
}
# a decision written as the queue writes one: code points and FNV-1a 64 of the passage
python3 -c '
import sys
text = open(sys.argv[1], encoding="utf-8").read()
passage = "It is just who I am."
start = text.index(passage)
h = 0xcbf29ce484222325
for b in passage.encode():
    h = ((h ^ b) * 0x100000001b3) % (1 << 64)
print("# decisions\nreject\ttrust\t%d\t%d\t%016x\tsuggest-m\t2026-01-01T00:00:00Z"
      % (start, start + len(passage), h))' "$tmp/p/transcripts/01.txt" \
	>"$tmp/p/transcripts/codings/ana/01.decisions"
name=list2 run suggest
check "a rejected suggestion is not listed again" hasnt "$tmp/list2.out" '01.txt:8: trust'
check "the same suggestion elsewhere still is" has "$tmp/list2.out" '02.txt:8: trust'
decide "Thank you." trust
name=list3 run suggest
check "a rejected pattern suggestion is not listed again" hasnt "$tmp/list3.out" '01.txt:10: trust'
check "the same pattern suggestion in another transcript still is" has "$tmp/list3.out" '02.txt:10: trust'
name=chk run check
check "gloss check is quiet about a decision whose passage is unchanged" hasnt "$tmp/chk.out" decisions
sed -i 's/who I am/who we are/' "$tmp/p/transcripts/01.txt"
name=chk2 run check
check "gloss check reports a decision whose passage changed" \
	has "$tmp/chk2.out" '01.decisions:2: warning: the passage of this decision (reject trust, from suggest-m) changed'

# the contrib/ adapters against a fake local server
mkproject
python3 "$here/fake-server.py" "$tmp/port" &
server=$!
i=0
while [ ! -f "$tmp/port" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$tmp/port")
for a in ollama llamacpp; do
	name=$a run suggest --model $a --cmd "python3 $SRCDIR/contrib/gloss-$a --model tiny --url http://127.0.0.1:$port" transcripts/01.txt
	fa=$tmp/p/transcripts/codings/suggest-$a/01.yaml
	check "gloss-$a: exit 0" status $a 0
	check "gloss-$a: the server's suggestion stored, the unknown code dropped" \
		sh -c "[ \$(grep -c '^  - code:' $fa) = 1 ] && grep -q 'rationale: \"speaks of trust\"' $fa && grep -q 'confidence: 0.75' $fa"
done
check "gloss-ollama asked /api/chat with the model, the codebook and the units" \
	sh -c "grep -q '^/api/chat .*\"model\": \"tiny\"' $tmp/port.log && grep -q 'Engagement from belief' $tmp/port.log && grep -q '\\[3\\] A: It is just who I am.' $tmp/port.log"
check "gloss-llamacpp asked /v1/chat/completions" grep -q '^/v1/chat/completions ' "$tmp/port.log"
name=remote run suggest --model r --cmd "python3 $SRCDIR/contrib/gloss-ollama --model tiny --url http://192.0.2.1:11434" transcripts/01.txt
check "an adapter refuses a server that is not on this machine" \
	sh -c "[ \$(cat $tmp/remote.status) = 1 ] && grep -q 'is not on this machine' $tmp/remote.err"

# the savers: one save of three fails (the second fsync of a file), the others are stored;
# which one fails depends on the savers' order, how many does not
if [ -f "$shim" ]; then
	mkproject
	(cd "$tmp/p" && LD_PRELOAD=$shim GLOSS_FAULT=fsyncfile:2:EIO \
		ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
		"$GLOSS" suggest --model s --cmd "$(fake cand)") >"$tmp/sv.out" 2>"$tmp/sv.err" </dev/null
	echo $? >"$tmp/sv.status"
	check "one failed save of three: exit 3, saying why, 2 of 3 stored" \
		sh -c "[ \$(cat $tmp/sv.status) = 3 ] && grep -q 'fsync' $tmp/sv.err &&
			grep -q 'suggest-s: 2 of 3 transcripts stored' $tmp/sv.out &&
			[ \$(ls $tmp/p/transcripts/codings/suggest-s/ | grep -c '[.]yaml\$') = 2 ]"
	check "one failed save of three: no temporary file left" \
		sh -c "! ls -a $tmp/p/transcripts/codings/suggest-s/ | grep -q tmp"
else
	notok "the fault shim $shim is built (make check builds it)"
fi

# vtdrive -b counts @match as a latency: the time from the keys @send typed to the screen
# showing them (the bench's "Enter to its first hit" is one)
printf '%s\n' '@wait' '@measure off' '@send x<Enter>' '@measure on' '@match ^seen x' \
	'@measure off' '<Enter>' '@exit' >"$tmp/lat.vt"
"$TOOLS/vtdrive" -b "$tmp/lat.vt" -- sh -c 'read a; echo "seen $a"; read b' >"$tmp/lat.out" 2>&1
check "vtdrive -b: @match after @send is one measured latency" grep -q '^keys 1 p50 ' "$tmp/lat.out"

echo "1..$n"
exit $failed
