#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh - helper of `make fuzz` in tests/fuzz.
#
#   run-fuzz.sh probe CC
#       exit 0 when CC can build and link a libFuzzer target with
#       -fsanitize=fuzzer,address,undefined, else 1.
#   run-fuzz.sh run SRCDIR SECONDS TARGET...
#       runs every ./libfuzzer/TARGET for SECONDS (-max_total_time) on a
#       working corpus in ./fuzz-work/TARGET/corpus, seeded from
#       SRCDIR/corpus/TARGET and SRCDIR/regressions/TARGET, and prints the
#       executions and findings of each. Exits 1 if any target found a crash,
#       leak, timeout or out-of-memory input (kept under
#       fuzz-work/TARGET/artifacts/; those of earlier runs are moved to
#       fuzz-work/TARGET/old-artifacts/), 0 otherwise.
#   FUZZ_SEED=N fixes libFuzzer's seed, so that a run repeats an earlier
#   one's inputs (a shorter run then tries a prefix of a longer one); empty,
#   libFuzzer picks one. Either way the seed is printed. A seed alone does
#   not repeat a run: the corpus is also re-read on a timer, and comparison
#   operands (pointers among them) feed the mutations, so with a seed the
#   corpus is read once and address randomization is off where setarch can
#   turn it off.
#   Extra libFuzzer flags: FUZZ_FLAGS (e.g. FUZZ_FLAGS=-max_len=16384;
#   not -jobs, whose per-worker logs this summary does not read).
set -u

probe() {
	cc=$1
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/fuzzprobe.XXXXXX") || return 1
	cat >"$tmp/p.c" <<'EOF'
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { (void)d; (void)n; return 0; }
EOF
	# shellcheck disable=SC2086 # CC may carry flags
	if $cc -fsanitize=fuzzer,address,undefined -o "$tmp/p" "$tmp/p.c" >"$tmp/log" 2>&1 &&
	   "$tmp/p" -runs=1 >>"$tmp/log" 2>&1; then
		rm -rf "$tmp"
		return 0
	fi
	sed 's/^/fuzz: probe: /' "$tmp/log" | head -5 >&2
	rm -rf "$tmp"
	return 1
}

run() {
	srcdir=$1 seconds=$2
	shift 2
	failed=0 total=0 ntargets=$#
	# Sanitizer settings for the fuzzers themselves; leaks count as findings.
	ASAN_OPTIONS=${ASAN_OPTIONS-detect_leaks=1:allocator_may_return_null=0}
	UBSAN_OPTIONS=${UBSAN_OPTIONS-halt_on_error=1:print_stacktrace=1}
	export ASAN_OPTIONS UBSAN_OPTIONS
	norand=
	if [ -n "${FUZZ_SEED-}" ] && setarch "$(uname -m)" -R true 2>/dev/null; then
		norand="setarch $(uname -m) -R"
	fi
	for t in "$@"; do
		bin=./libfuzzer/$t
		work=fuzz-work/$t
		mkdir -p "$work/corpus" "$work/artifacts" "$work/old-artifacts"
		# Findings of earlier runs are kept, but not counted again.
		find "$work/artifacts" -type f -exec mv -f {} "$work/old-artifacts/" \;
		dict=$srcdir/dict/${t#fuzz_}.dict
		set -- -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
		       -rss_limit_mb=2048 -artifact_prefix="$work/artifacts/"
		[ -f "$dict" ] && set -- "$@" -dict="$dict"
		[ -n "${FUZZ_SEED-}" ] && set -- "$@" -seed="$FUZZ_SEED" -reload=0
		seeds=
		for d in "$srcdir/corpus/$t" "$srcdir/regressions/$t"; do
			[ -d "$d" ] && seeds="$seeds $d"
		done
		echo "fuzz: $t: running for ${seconds}s (log: $work/fuzz.log)"
		# shellcheck disable=SC2086 # norand, FUZZ_FLAGS and seeds are word lists
		$norand "$bin" "$@" ${FUZZ_FLAGS-} "$work/corpus" $seeds >"$work/fuzz.log" 2>&1
		rc=$?
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1)
		speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/fuzz.log" | tail -1)
		seed=$(sed -n 's/^INFO: Seed: *//p' "$work/fuzz.log" | head -1)
		cov=$(grep -E '^#[0-9]+' "$work/fuzz.log" | tail -1 | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
		corpus=$(find "$work/corpus" -type f | wc -l | tr -d ' ')
		found=$(find "$work/artifacts" -type f | wc -l | tr -d ' ')
		total=$((total + ${execs:-0}))
		echo "fuzz: $t: ${execs:-?} executions (${speed:-?}/s), coverage ${cov:-?}, corpus $corpus, seed ${seed:-?}, findings $found, exit $rc"
		if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
			failed=1
			find "$work/artifacts" -type f | sed "s|^|fuzz: $t: FINDING: |"
			grep -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant violated|.*runtime error)' "$work/fuzz.log" |
				head -5 | sed "s|^|fuzz: $t:   |"
		fi
	done
	if [ "$failed" -ne 0 ]; then
		echo "fuzz: FAILED; copy each finding to $srcdir/regressions/TARGET/ once understood"
		return 1
	fi
	echo "fuzz: $ntargets target(s) clean, $total executions in total"
	return 0
}

case ${1-} in
probe) shift; probe "$@" ;;
run) shift; run "$@" ;;
*) echo "usage: $0 probe CC | run SRCDIR SECONDS TARGET..." >&2; exit 2 ;;
esac
