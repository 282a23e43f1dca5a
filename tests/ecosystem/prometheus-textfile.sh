#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The Prometheus text output as Prometheus's own tools read it: promtool
# checks each plugin's exposition (a verdict, an error, a usage error, a
# fleet), then node_exporter's textfile collector loads all of them from one
# directory, as an operator's cron jobs leave them: no scrape error, no
# clash of HELP or TYPE between the files, and the samples served. The
# integration suite compares the exact text and parses it with
# prometheus_client; this is the check with the consumers themselves,
# which only the Debian 12 stage installs.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

plan 5
work_dir
need_tool promtool prometheus-node-exporter curl ||
	missing_rest "promtool, prometheus-node-exporter or curl not installed"
start_testserver || {
	{ echo "the test server did not start:"; cat "$work/testserver.log"; } | diag
	missing_rest "the test server did not start"
}
base=http://127.0.0.1:$ts_port
sign="--access-key-id $ts_akid --secret-key-file $work/nd.secret"
tf=$work/textfile
mkdir -p "$tf"

# prom NAME PLUGIN ARGS...: writes the plugin's exposition to $tf/NAME.prom
# with --output-file, as a cron job does.
prom() {
	prom_name=$1 prom_plugin=$2
	shift 2
	# shellcheck disable=SC2086 # $sign is words on purpose
	"$prom_plugin" --output-format=prometheus --output-file="$tf/$prom_name.prom" $sign "$@" \
		>"$work/$prom_name.stdout" 2>&1
	echo $? >"$work/$prom_name.rc"
}

# promtool_ok DESCRIPTION NAME...: one result, promtool's verdict on the files.
promtool_ok() {
	pt_desc=$1
	shift
	pt_bad=
	for pt_n in "$@"; do
		if [ ! -s "$tf/$pt_n.prom" ]; then
			echo "$pt_n: no file written (exit $(cat "$work/$pt_n.rc")):" >>"$work/promtool.out"
			cat "$work/$pt_n.stdout" >>"$work/promtool.out"
			pt_bad=yes
		elif ! promtool check metrics <"$tf/$pt_n.prom" >>"$work/promtool.out" 2>&1; then
			echo "$pt_n: refused" >>"$work/promtool.out"
			pt_bad=yes
		fi
	done
	if [ -z "$pt_bad" ]; then
		ok "$pt_desc"
	else
		not_ok "$pt_desc"
		diag <"$work/promtool.out"
	fi
	: >"$work/promtool.out"
}

prom precheck-ok "$PLUGIN" -U "$base" -r rp-all-success
prom precheck-mixed "$PLUGIN" -U "$base" -r rp-mixed
prom precheck-refused "$PLUGIN" -U "$base" -r rp-missing-task-xyz
promtool_ok "promtool: check_replication_precheck's exposition (OK, CRITICAL with items, an API error)" \
	precheck-ok precheck-mixed precheck-refused

prom status-doc "$STATUS_PLUGIN" -U "$base" -r rs-doc -w 5m -c 15m
prom status-usage "$STATUS_PLUGIN" -U "$base" -r rs-usage -w bogus
promtool_ok "promtool: check_replication_status's exposition (a verdict with thresholds, a usage error)" \
	status-doc status-usage

prom fleet "$TASKS_PLUGIN" -U "$base/fleet/basic/prom-all"
promtool_ok "promtool: check_replication_tasks's exposition (the fleet and every task in one file)" \
	fleet

# node_exporter on a port of its own choosing is not possible: pick a free
# one and retry on a clash.
serve() {
	for try in 1 2 3 4 5; do
		ne_port=$("${PYTHON3:-python3}" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
		prometheus-node-exporter --collector.disable-defaults --collector.textfile \
			--collector.textfile.directory="$tf" --web.listen-address="127.0.0.1:$ne_port" \
			>"$work/ne.log" 2>&1 &
		ne_pid=$!
		i=0
		while [ $i -lt 100 ]; do
			if curl -fsS "http://127.0.0.1:$ne_port/metrics" >"$work/metrics" 2>/dev/null; then
				kill "$ne_pid" 2>/dev/null
				wait "$ne_pid" 2>/dev/null
				return 0
			fi
			kill -0 "$ne_pid" 2>/dev/null || break
			i=$((i + 1))
			sleep 0.1
		done
		kill "$ne_pid" 2>/dev/null
		wait "$ne_pid" 2>/dev/null
	done
	return 1
}

if serve; then
	ok "node_exporter: started with the textfile collector on the files above"
	missing_samples=
	for want in 'node_textfile_scrape_error 0' \
		'replication_precheck_state{replication_id="rp-all-success"} 0' \
		'replication_precheck_state{replication_id="rp-mixed"} 2' \
		'replication_precheck_state{replication_id="rp-missing-task-xyz"} 3' \
		'replication_status_state{replication_id="rs-doc"} 0' \
		'replication_status_state{replication_id="rs-usage"} 3' \
		'replication_tasks_state 2' \
		'replication_tasks{state="ok"} 9'; do
		grep -qxF "$want" "$work/metrics" || missing_samples="$missing_samples
$want"
	done
	if [ -z "$missing_samples" ]; then
		ok "node_exporter: every file loaded without a scrape error, each sample served"
	else
		not_ok "node_exporter: every file loaded without a scrape error, each sample served"
		{
			echo "missing:$missing_samples"
			echo "served:"
			grep -E '^(node_textfile|replication_)' "$work/metrics"
			cat "$work/ne.log"
		} | diag
	fi
else
	not_ok "node_exporter: started with the textfile collector on the files above"
	diag <"$work/ne.log"
	not_ok "node_exporter: every file loaded without a scrape error, each sample served"
fi
