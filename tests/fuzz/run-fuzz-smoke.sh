#!/bin/sh
# tests/fuzz/run-fuzz-smoke.sh — a short fuzz run of every target as part of `make check`:
# replays tests/fuzz/regressions/ and fuzzes each target for FUZZ_SECONDS (default 3) from
# the seed corpus. Skipped without clang/libFuzzer, and under SANITIZE=1 (the fuzz targets
# are always sanitized, so the plain `make check` run already covers them). Prints TAP.
set -u
cd "${SRCDIR:-$(dirname "$0")/../..}" || exit 1
. ./tests/lib.sh
if [ "${SANITIZE:-}" = 1 ]; then
	skip "fuzz smoke runs in the plain make check (targets are always sanitized)"
	echo "1..1"
	exit 0
fi
CCF=${FUZZ_CC:-clang}
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include <stdint.h>\n#include <stddef.h>\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);\nint LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }\n' \
	>"$probe/p.c"
if ! command -v "$CCF" >/dev/null 2>&1; then
	skip "no clang"
	echo "1..1"
	exit 0
fi
if ! "$CCF" -fsanitize=fuzzer,address,undefined -o "$probe/p" "$probe/p.c" >/dev/null 2>&1; then
	skip "$CCF cannot build libFuzzer targets"
	echo "1..1"
	exit 0
fi
# its own logs and corpus: a long `make fuzz` running meanwhile keeps its own
FUZZ_WORK=build-fuzz/smoke FUZZ_SECONDS=${FUZZ_SECONDS:-3} exec sh tests/fuzz/run.sh
