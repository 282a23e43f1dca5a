#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind-run.sh - runs the plugin under valgrind and sums up what it found.
#
# Usage: tests/valgrind-run.sh [--integration | --standalone | --all] [--strict]
#
#   --integration  the integration suite (tests/integration/run-integration.py)
#                  with PLUGIN_WRAPPER set to valgrind
#   --standalone   the plugin on every response in tests/fuzz/corpus and
#                  tests/fuzz/regressions (--file), every options file of the
#                  extraopts corpus (--extra-opts), and a set of usage errors,
#                  unreachable URLs and odd files; needs no network or server
#   --all          both (the default; --integration is left out with a note
#                  when its runner or python3 is missing)
#   --strict       also fail when the integration runner reports failed cases
#                  (by default those are shown but only valgrind findings fail)
#
# Prints e.g. "valgrind: 0 errors, 0 bytes definitely lost in 123 runs" and
# exits 1 if valgrind reported any error or definitely lost bytes, a run
# crashed, a log is incomplete, or a standalone run exited outside 0-3.
# Only definite leaks count: what json-c, libcurl and OpenSSL keep
# reachable until exit is not a leak of the plugin.
#
# Environment:
#   PLUGIN         the plugin binary (default: plugins/check_replication_precheck
#                  under the current directory, then under ./_build*/)
#   VALGRIND       the valgrind command (default: valgrind)
#   VALGRIND_OPTS_EXTRA  more valgrind options, e.g. --suppressions=FILE
#   VALGRIND_LOG_DIR     where the logs go (default: a new temporary
#                  directory, removed after a clean run)
#   INTEGRATION_JOBS     parallel integration cases (default 2)
set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
mode=all
strict=0
for a in "$@"; do
	case $a in
	--integration) mode=integration ;;
	--standalone) mode=standalone ;;
	--all) mode=all ;;
	--strict) strict=1 ;;
	-h|--help) sed -n '2,/^set -u/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "valgrind-run: unknown argument '$a' (see --help)" >&2; exit 2 ;;
	esac
done

VALGRIND=${VALGRIND:-valgrind}
if ! command -v "$VALGRIND" >/dev/null 2>&1; then
	echo "valgrind-run: SKIP: $VALGRIND not found"
	exit 77
fi

plugin=${PLUGIN:-}
if [ -z "$plugin" ]; then
	for c in ./plugins/check_replication_precheck "$top"/_build*/plugins/check_replication_precheck; do
		if [ -x "$c" ]; then
			plugin=$c
			break
		fi
	done
fi
if [ -z "$plugin" ] || [ ! -x "$plugin" ]; then
	echo "valgrind-run: plugin binary not found; build it and set PLUGIN=path/to/check_replication_precheck" >&2
	exit 2
fi
plugin=$(cd "$(dirname "$plugin")" && pwd)/$(basename "$plugin")
# A binary built with -fsanitize=address cannot run under valgrind.
if grep -q __asan_init "$plugin" 2>/dev/null; then
	echo "valgrind-run: $plugin is built with AddressSanitizer; use a build without --enable-sanitizers" >&2
	exit 2
fi

if [ -n "${VALGRIND_LOG_DIR:-}" ]; then
	logdir=$VALGRIND_LOG_DIR
	mkdir -p "$logdir" || exit 2
	keep=1
else
	logdir=$(mktemp -d "${TMPDIR:-/tmp}/precheck-valgrind.XXXXXX") || exit 2
	keep=0
fi
work=$logdir/work
mkdir -p "$logdir/integration" "$logdir/standalone" "$work"

# vgcmd DIR: the valgrind prefix writing one log per process into DIR.
vgcmd() {
	# The plugin skips its frees at exit unless told otherwise.
	echo "env CHECK_FULL_CLEANUP=1 $VALGRIND --error-exitcode=97 --leak-check=full --show-leak-kinds=definite" \
	     "--errors-for-leak-kinds=definite --track-fds=no --num-callers=30" \
	     "${VALGRIND_OPTS_EXTRA-} --log-file=$1/vg.%p.log"
}

bad_exit=0        # standalone runs with an exit status outside 0-3
crashed=0
standalone_runs=0
integration_status=skipped

# ---- standalone ------------------------------------------------------------

# run_vg [< stdin] ARGS...: one plugin run under valgrind. Environment is
# reduced so a token or proxy of the caller cannot change the runs.
run_vg() {
	standalone_runs=$((standalone_runs + 1))
	# shellcheck disable=SC2046 # the valgrind prefix is a word list
	env -u REPLICATION_API_TOKEN -u MP_CONFIG_FILE -u http_proxy -u https_proxy \
	    -u HTTP_PROXY -u HTTPS_PROXY -u ALL_PROXY -u all_proxy LC_ALL=C \
	    $(vgcmd "$logdir/standalone") "$plugin" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ "$rc" -gt 3 ] && [ "$rc" -ne 97 ]; then
		if [ "$rc" -ge 128 ]; then
			crashed=$((crashed + 1))
			echo "valgrind-run: CRASH (status $rc): $*" >&2
		else
			bad_exit=$((bad_exit + 1))
			echo "valgrind-run: exit status $rc (not 0-3): $*" >&2
		fi
		sed 's/^/  stdout: /' "$work/out" | head -3 >&2
	fi
	return 0
}

standalone() {
	fz=$top/tests/fuzz
	rid=rp-div0qqpbffio
	n=0
	for f in "$fz"/corpus/fuzz_response/* "$fz"/regressions/fuzz_response/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		run_vg -f "$f" -r "$rid"
		run_vg -f "$f" -r "$rid" -v --max-items 2 --max-message 16 --map running=WARNING \
		       --map SKIPPED=OK --ignore-item 'ign*' --warn-item '*Check' --error-state CRITICAL
		# stdin, a body cut by --max-size, and verbose diagnostics
		if [ $((n % 4)) -eq 0 ]; then
			run_vg -f - -r "$rid" -vvv --max-size 64 <"$f"
		fi
	done
	for f in "$fz"/corpus/fuzz_extraopts/* "$fz"/regressions/fuzz_extraopts/*; do
		[ -f "$f" ] || continue
		cp "$f" "$work/opts.ini" && chmod 600 "$work/opts.ini"
		# The command line wins over the file; --file keeps it off the network.
		run_vg --extra-opts="check_replication_precheck@$work/opts.ini" -f /dev/null -r "$rid"
		run_vg --extra-opts="@$work/opts.ini" -v
	done
	printf 'tok\n' >"$work/token" && chmod 600 "$work/token"
	printf '' >"$work/empty"
	run_vg
	run_vg --help
	run_vg --version
	run_vg -x
	run_vg --map
	run_vg -f /dev/null -r "$rid" --url http://127.0.0.1:1/
	run_vg -f "$work/does-not-exist" -r "$rid"
	run_vg -f "$work" -r "$rid"
	run_vg -f "$work/empty" -r "$rid" --token-file "$work/does-not-exist"
	run_vg -f "$work/empty" -r "$rid" --token-file "$work/token" -k 'X-A: b' -v
	run_vg --extra-opts="@$work/does-not-exist" -r "$rid"
	# Real transfers that fail fast on the loopback interface: libcurl and
	# OpenSSL set up and torn down, nothing reaches the network.
	run_vg -U http://127.0.0.1:1/ -r "$rid" -t 5 --retries 1
	run_vg -U https://127.0.0.1:1/ -r "$rid" -t 5 --token secret -v
	run_vg -H 127.0.0.1 -p 1 -S -r "$rid" -t 5 --client-cert "$work/none.pem"
	run_vg -U 'http://[::1]:1/' -r "$rid" -t 5 -6
}

# ---- integration ------------------------------------------------------------

integration() {
	runner=$top/tests/integration/run-integration.py
	if [ ! -f "$runner" ] || ! command -v python3 >/dev/null 2>&1; then
		echo "valgrind-run: note: integration runner or python3 missing; integration part skipped"
		return 0
	fi
	echo "valgrind-run: integration suite under valgrind (log: $logdir/integration.tap)"
	PLUGIN=$plugin STATUS_PLUGIN=$(dirname "$plugin")/check_replication_status \
	TASKS_PLUGIN=$(dirname "$plugin")/check_replication_tasks \
	PLUGIN_WRAPPER=$(vgcmd "$logdir/integration") \
	INTEGRATION_JOBS=${INTEGRATION_JOBS:-2} \
	    python3 "$runner" >"$logdir/integration.tap" 2>&1
	rc=$?
	nfail=$(grep -c '^not ok' "$logdir/integration.tap")
	nskip=$(grep -c '^ok [0-9]* - .* # SKIP' "$logdir/integration.tap")
	nok=$(($(grep -c '^ok' "$logdir/integration.tap") - nskip))
	if grep -q '^Bail out!' "$logdir/integration.tap"; then
		integration_status=bailed
		grep '^Bail out!' "$logdir/integration.tap" | sed 's/^/valgrind-run: integration: /'
	elif [ "$rc" -ne 0 ]; then
		integration_status="$nfail of $((nok + nfail)) cases failed, $nskip skipped"
		grep '^not ok' "$logdir/integration.tap" | head -20 | sed 's/^/valgrind-run: integration: /'
	else
		# The LD_PRELOAD cases cannot run under valgrind: counted apart.
		integration_status="all $nok cases passed, $nskip skipped"
	fi
}

case $mode in
integration) integration ;;
standalone) echo "valgrind-run: standalone runs"; standalone ;;
all)
	# Side by side: the standalone runs are one process at a time, so the
	# second CPU would otherwise wait. Their counts come back in a file.
	echo "valgrind-run: standalone runs, beside the integration suite"
	(
		standalone
		echo "$standalone_runs $bad_exit $crashed" >"$work/standalone.counts"
	) &
	standalone_pid=$!
	integration
	wait "$standalone_pid"
	# shellcheck disable=SC2046 # three numbers, split on purpose
	set -- $(cat "$work/standalone.counts" 2>/dev/null || echo "0 0 1")
	standalone_runs=$1 bad_exit=$2 crashed=$3
	;;
esac

# ---- summing up ---------------------------------------------------------------

# sum_logs DIR: prints "RUNS ERRORS LOST INCOMPLETE" over DIR/vg.*.log.
sum_logs() {
	awk '
		FNR == 1 { runs++; if (NR > 1 && !summary) incomplete++; summary = 0 }
		/ERROR SUMMARY:/ {
			summary = 1
			for (i = 1; i <= NF; i++) if ($i == "SUMMARY:") { v = $(i + 1); gsub(",", "", v); errors += v }
		}
		/definitely lost:/ {
			for (i = 1; i <= NF; i++) if ($i == "lost:") { v = $(i + 1); gsub(",", "", v); lost += v }
		}
		END {
			if (runs && !summary) incomplete++
			printf "%d %d %d %d\n", runs, errors, lost, incomplete
		}' "$1"/vg.*.log 2>/dev/null || echo "0 0 0 0"
}

# shellcheck disable=SC2046 # four numbers, split on purpose
set -- $(sum_logs "$logdir/standalone")
s_runs=$1 s_err=$2 s_lost=$3 s_inc=$4
# shellcheck disable=SC2046
set -- $(sum_logs "$logdir/integration")
i_runs=$1 i_err=$2 i_lost=$3 i_inc=$4
runs=$((s_runs + i_runs))
errors=$((s_err + i_err))
lost=$((s_lost + i_lost))
incomplete=$((s_inc + i_inc))

[ "$mode" = integration ] || echo "valgrind: standalone: $s_err errors, $s_lost bytes definitely lost in $s_runs runs"
[ "$mode" = standalone ] || echo "valgrind: integration: $i_err errors, $i_lost bytes definitely lost in $i_runs runs ($integration_status)"
echo "valgrind: $errors errors, $lost bytes definitely lost in $runs runs"

status=0
if [ "$errors" -ne 0 ] || [ "$lost" -ne 0 ]; then
	status=1
	echo "valgrind-run: FAILED; logs with findings:"
	for f in "$logdir"/*/vg.*.log; do
		grep -q 'ERROR SUMMARY: [1-9]' "$f" || continue
		echo "== $f: $(sed -n 's/^==[0-9]*== Command: //p' "$f" | head -1)"
		grep -E '^==[0-9]+== ([A-Z][a-z]|   (at|by) 0x)|definitely lost' "$f" |
			grep -vE '== (Memcheck|Copyright|Using Valgrind|Command|Parent PID|Use --track|For lists|To see them|Rerun with|HEAP SUMMARY|LEAK SUMMARY|ERROR SUMMARY)' |
			head -12
	done | head -200
fi
if [ "$crashed" -ne 0 ] || [ "$incomplete" -ne 0 ] || [ "$bad_exit" -ne 0 ]; then
	status=1
	echo "valgrind-run: FAILED: $crashed crashed, $incomplete incomplete logs, $bad_exit exit statuses outside 0-3"
fi
if [ "$mode" != standalone ] && [ "$integration_status" != skipped ] && [ "$i_runs" -eq 0 ]; then
	status=1
	echo "valgrind-run: FAILED: the integration runner ran the plugin 0 times"
fi
case $integration_status in
skipped|all*) ;;
*) [ "$strict" -eq 1 ] && status=1
   echo "valgrind-run: note: integration suite: $integration_status (see $logdir/integration.tap)" ;;
esac

if [ "$status" -ne 0 ] || [ "$keep" -eq 1 ]; then
	echo "valgrind-run: logs kept in $logdir"
else
	rm -rf "$logdir"
fi
exit "$status"
