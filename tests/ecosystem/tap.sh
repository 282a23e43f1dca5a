# SPDX-License-Identifier: GPL-3.0-or-later
# tap.sh - sourced by the tests in tests/ecosystem: TAP output helpers.
#
# Each test script calls `plan N` once, then emits exactly N results with
# ok/not_ok/check/missing. A tool the test needs but cannot find makes its
# results `not ok`, unless ECOSYSTEM_ALLOW_SKIP=1, which turns them into
# `ok N - ... # SKIP`: CI installs the tools, so there they really run.
#
# Environment (set by tests/ecosystem/Makefile.am; defaults for running a
# script by hand from the build tree's tests/ecosystem directory):
#   abs_top_srcdir, abs_top_builddir, PACKAGE_VERSION, PLUGIN, STATUS_PLUGIN,
#   TASKS_PLUGIN

: "${abs_top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${abs_top_builddir:=$(cd ../.. && pwd)}"
: "${PLUGIN:=$abs_top_builddir/plugins/check_replication_precheck}"
: "${STATUS_PLUGIN:=$abs_top_builddir/plugins/check_replication_status}"
: "${TASKS_PLUGIN:=$abs_top_builddir/plugins/check_replication_tasks}"
if [ -z "${PACKAGE_VERSION:-}" ]; then
	PACKAGE_VERSION=$(sed -n 's/^AC_INIT(\[[^]]*\], *\[\([^]]*\)\].*/\1/p' "$abs_top_srcdir/configure.ac")
fi
export abs_top_srcdir abs_top_builddir PLUGIN STATUS_PLUGIN TASKS_PLUGIN PACKAGE_VERSION
LC_ALL=C.UTF-8
export LC_ALL

tap_n=0
tap_planned=0

plan() {
	tap_planned=$1
	echo "1..$1"
}

ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $*"
}

not_ok() {
	tap_n=$((tap_n + 1))
	echo "not ok $tap_n - $*"
}

# diag < text: the text as TAP comment lines.
diag() {
	sed 's/^/# /'
}

# check DESCRIPTION COMMAND...: one result from a command's exit status.
check() {
	tap_desc=$1
	shift
	if "$@"; then ok "$tap_desc"; else not_ok "$tap_desc"; fi
}

# missing DESCRIPTION REASON: a result that could not run for want of a tool.
missing() {
	if [ "${ECOSYSTEM_ALLOW_SKIP:-0}" = 1 ]; then
		tap_n=$((tap_n + 1))
		echo "ok $tap_n - $1 # SKIP $2"
	else
		not_ok "$1: $2 (install it, or set ECOSYSTEM_ALLOW_SKIP=1 to skip)"
	fi
}

# missing_rest REASON: every result still outstanding could not run; ends
# the script.
missing_rest() {
	while [ "$tap_n" -lt "$tap_planned" ]; do
		missing "$(basename "$0" .sh) check $((tap_n + 1))" "$1"
	done
	exit 0
}

# need_tool NAME...: true when every NAME is a command.
need_tool() {
	for tap_t in "$@"; do
		command -v "$tap_t" >/dev/null 2>&1 || return 1
	done
}

# work_dir: sets $work to a fresh scratch directory in the build tree, named
# after the test; it is removed when the script ends unless KEEP_WORK=1
# (for looking into a failure).
work_dir() {
	work=$(pwd)/$(basename "$0" .sh).work
	rm -rf "$work"
	mkdir -p "$work"
	trap 'tap_cleanup' EXIT
	trap 'exit 1' HUP INT TERM
}

tap_server=
tap_cleanup() {
	if [ -n "$tap_server" ]; then
		kill "$tap_server" 2>/dev/null
		wait "$tap_server" 2>/dev/null
	fi
	if [ "${KEEP_WORK:-0}" != 1 ]; then
		rm -rf "$work"
	fi
}

# start_testserver: starts tests/server/testserver.py (plain HTTP on a
# loopback port the kernel picks) for the rest of the script and sets
# $ts_port; it is stopped when the script ends, and stops by itself after
# 10 minutes in any case. Its fleets (/fleet/NAME/TAG) sign like NineData:
# $ts_akid and the secret in $work/nd.secret. False when it does not come
# up (no python3, or it failed: $work/testserver.log says why).
start_testserver() {
	ts_akid=nd-test-akid-0001
	printf 'nd-S3cr3t-SecretKey-5a7e\n' >"$work/nd.secret"
	chmod 600 "$work/nd.secret"
	tap_py=${PYTHON3:-python3}
	case $tap_py in no | "") tap_py=python3 ;; esac
	need_tool "$tap_py" || return 1
	PYTHONDONTWRITEBYTECODE=1 "$tap_py" "$abs_top_srcdir/tests/server/testserver.py" \
		--ports-file "$work/ts-ports.json" --http --max-lifetime 600 \
		>"$work/testserver.log" 2>&1 </dev/null &
	tap_server=$!
	tap_i=0
	while [ ! -s "$work/ts-ports.json" ]; do
		kill -0 "$tap_server" 2>/dev/null || return 1
		tap_i=$((tap_i + 1))
		[ $tap_i -gt 200 ] && return 1
		sleep 0.05
	done
	ts_port=$(sed 's/.*"http": *\([0-9]*\).*/\1/' "$work/ts-ports.json")
	[ -n "$ts_port" ]
}
