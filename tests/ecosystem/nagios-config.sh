#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped Nagios files against the real Nagios: `nagios4 -v` on a
# throwaway nagios.cfg with contrib/nagios/*.cfg and the few objects the
# examples take from a sample configuration; then each command line,
# expanded as Nagios expands it, runs the built plugin
# (check_replication_precheck, check_replication_status or
# check_replication_tasks, the last against the test server's fleets; one
# that is not built fails its commands).
# NAGIOS=/path/to/nagios|naemon picks another binary.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

contrib=$abs_top_srcdir/contrib/nagios

plan 14
nagios=${NAGIOS:-}
if [ -z "$nagios" ]; then
	for n in nagios4 nagios naemon; do
		for d in $(echo "$PATH" | tr : ' ') /usr/sbin /usr/local/nagios/bin; do
			[ -x "$d/$n" ] && { nagios=$d/$n; break 2; }
		done
	done
fi
[ -n "$nagios" ] || missing_rest "nagios4 not installed (apt-get install nagios4-core)"
work_dir
mkdir -p "$work/var" "$work/spool" "$work/plugins"
ln -s "$PLUGIN" "$work/plugins/check_replication_precheck"
ln -s "$STATUS_PLUGIN" "$work/plugins/check_replication_status"
ln -s "$TASKS_PLUGIN" "$work/plugins/check_replication_tasks"

user=$(id -un)
group=$(id -gn)

# The objects of a sample configuration that the examples use.
cat >"$work/sample-objects.cfg" <<'EOF'
define timeperiod {
    timeperiod_name 24x7
    alias           24 Hours A Day, 7 Days A Week
    sunday          00:00-24:00
    monday          00:00-24:00
    tuesday         00:00-24:00
    wednesday       00:00-24:00
    thursday        00:00-24:00
    friday          00:00-24:00
    saturday        00:00-24:00
}
define command {
    command_name    check-host-alive
    command_line    $USER1$/check_ping -H '$HOSTADDRESS$' -w 3000.0,80% -c 5000.0,100% -p 5
}
define command {
    command_name    notify-nobody
    command_line    /bin/true
}
define contact {
    contact_name                    nagiosadmin
    alias                           Nagios Admin
    service_notification_period     24x7
    host_notification_period        24x7
    service_notification_options    w,u,c,r
    host_notification_options       d,u,r
    service_notification_commands   notify-nobody
    host_notification_commands      notify-nobody
}
define contactgroup {
    contactgroup_name   admins
    alias               Nagios Administrators
    members             nagiosadmin
}
define host {
    name                    generic-host
    notifications_enabled   1
    notification_period     24x7
    register                0
}
EOF
echo "\$USER1\$=$work/plugins" >"$work/resource.cfg"

# write_main_cfg NAME CFG-FILES...: a minimal nagios.cfg writing to $work.
write_main_cfg() {
	main=$work/$1
	shift
	{
		echo "log_file=$work/var/nagios.log"
		for f in "$@"; do echo "cfg_file=$f"; done
		echo "resource_file=$work/resource.cfg"
		for kv in object_cache_file=objects.cache precached_object_file=objects.precache \
			status_file=status.dat lock_file=nagios.lock temp_file=nagios.tmp \
			state_retention_file=retention.dat command_file=nagios.cmd; do
			echo "${kv%%=*}=$work/var/${kv#*=}"
		done
		echo "temp_path=$work/var"
		echo "check_result_path=$work/spool"
		echo "nagios_user=$user"
		echo "nagios_group=$group"
		echo "illegal_macro_output_chars=\`~\$&|'\"<>"
	} >"$main"
}

write_main_cfg nagios.cfg "$work/sample-objects.cfg" \
	"$contrib/commands.cfg" "$contrib/templates.cfg" "$contrib/example-services.cfg"
"$nagios" -v "$work/nagios.cfg" >"$work/verify.out" 2>&1
rc=$?
if [ $rc -eq 0 ] && grep -q 'Total Errors: *0' "$work/verify.out" &&
	grep -q 'Total Warnings: *0' "$work/verify.out"; then
	ok "$(basename "$nagios") -v: commands.cfg, templates.cfg, example-services.cfg (0 errors, 0 warnings; $(sed -n 's/^	Checked \([0-9]*\) services\./\1 services/p' "$work/verify.out"))"
else
	not_ok "$(basename "$nagios") -v: commands.cfg, templates.cfg, example-services.cfg (exit $rc)"
	grep -iE 'error|warning' "$work/verify.out" | head -n 20 | diag
fi

# The verification really verifies.
cat >"$work/broken.cfg" <<'EOF'
define service {
    use                     replication-precheck-service
    host_name               replication-api
    service_description     broken
    check_command           no_such_command!x
    contact_groups          admins
}
EOF
write_main_cfg broken-nagios.cfg "$work/sample-objects.cfg" \
	"$contrib/commands.cfg" "$contrib/templates.cfg" "$contrib/example-services.cfg" "$work/broken.cfg"
if "$nagios" -v "$work/broken-nagios.cfg" >"$work/broken.out" 2>&1; then
	not_ok "$(basename "$nagios") -v rejects a broken configuration (negative control)"
else
	ok "$(basename "$nagios") -v rejects a broken configuration (negative control)"
fi

# Secrets come from files: no literal token or password anywhere.
if grep -nE -- '--(token|authorization)[= ]|(^|[ !])-a[ =]' "$contrib"/*.cfg >"$work/secrets"; then
	not_ok "no literal --token or --authorization in contrib/nagios (use --token-file or --extra-opts)"
	diag <"$work/secrets"
else
	ok "no literal --token or --authorization in contrib/nagios (secrets come from files)"
fi

# --- the command lines, expanded as Nagios does -------------------------
# command_line NAME: the command_line of a command in commands.cfg.
command_line() {
	awk -v name="$1" '
		/^[ \t]*define[ \t]+command/ { n = ""; l = "" }
		/^[ \t]*command_name[ \t]/ { n = $2 }
		/^[ \t]*command_line[ \t]/ { sub(/^[ \t]*command_line[ \t]+/, ""); l = $0 }
		/^[ \t]*\}/ && n == name { print l; exit }' "$contrib/commands.cfg"
}
# expand LINE MACRO=VALUE...: substitutes the macros literally.
expand() {
	line=$1
	shift
	for mv in "$@"; do
		line=$(printf '%s\n' "$line" | awk -v m="\$${mv%%=*}\$" -v v="${mv#*=}" '{
			out = ""
			while ((i = index($0, m)) > 0) { out = out substr($0, 1, i - 1) v; $0 = substr($0, i + length(m)) }
			print out $0 }')
	done
	printf '%s\n' "$line"
}
# run_command NAME EXPECTED-RC EXPECTED-START MACRO=VALUE...
run_command() {
	name=$1 want_rc=$2 want_out=$3
	shift 3
	cl=$(command_line "$name")
	if [ -z "$cl" ]; then
		not_ok "command $name: not found in commands.cfg"
		return
	fi
	cmd=$(expand "$cl" "USER1=$work/plugins" "HOSTADDRESS=127.0.0.1" "$@")
	# Nagios runs a command line with shell syntax through /bin/sh -c.
	(cd "$work" && /bin/sh -c "$cmd") >"$work/$name.out" 2>&1
	rc=$?
	if [ $rc -eq "$want_rc" ] && head -n 1 "$work/$name.out" | grep -q "^$want_out"; then
		ok "command $name runs the plugin: exit $rc, $(head -n 1 "$work/$name.out" | cut -c1-50)"
	else
		not_ok "command $name runs the plugin (exit $rc, wanted $want_rc and '$want_out')"
		{ echo "$cmd"; cat "$work/$name.out"; } | diag
	fi
}

cat >"$work/response.json" <<'EOF'
{"success": true, "requestId": "r1", "data": {"replicationId": "rp-div0qqpbffio",
 "precheckStatus": "failure", "items": [
  {"itemId": "srcDataSourceCheck", "itemName": "Source datasource connection check",
   "status": "failure", "message": "Connection timed out"}]}}
EOF
printf '[from-file]\nfile = %s\n' "$work/response.json" >"$work/options.ini"
chmod 600 "$work/options.ini"

# Nothing listens on port 1: a judgement (UNKNOWN), not a usage error.
run_command check_replication_precheck 3 "PRECHECK UNKNOWN - rp-test: connection failed" \
	"ARG1=rp-test" "ARG2=--port=1 --timeout=5"
run_command check_replication_precheck_url 3 "PRECHECK UNKNOWN - rp-test: connection failed" \
	"ARG1=http://127.0.0.1:1/api" "ARG2=rp-test" "ARG3=--timeout=5"
run_command check_replication_precheck_ini 1 "PRECHECK WARNING - rp-div0qqpbffio: " \
	"ARG1=from-file@$work/options.ini" "ARG2=rp-div0qqpbffio" "ARG3=--warn-item='src*'"
printf 'secret-for-the-config-test\n' >"$work/ninedata.secret"
chmod 600 "$work/ninedata.secret"
run_command check_replication_precheck_ninedata 3 "PRECHECK UNKNOWN - rp-test: connection failed" \
	"ARG1=http://127.0.0.1:1" "ARG2=rp-test" "ARG3=AKIDexample0000" \
	"ARG4=$work/ninedata.secret" "ARG5=--timeout=5"

# --- check_replication_status ---------------------------------------------
# The documented status response without its trigger subtask (see
# icinga2-config.sh): running, inc_writer, delay 672 ms.
cat >"$work/status.json" <<'EOF'
{"success": true, "requestId": "Xl1h5BXI-gmkjcLLnofiv3AZdmix8OQX",
 "data": {"replicationId": "rp-dbzfwn1n4f9b", "status": "running",
  "currentSubTaskType": "inc_writer",
  "subTaskList": [
   {"subTaskType": "schema", "status": "success", "percent": 100.0},
   {"subTaskType": "full", "status": "success", "percent": 100.0},
   {"subTaskType": "inc_writer", "status": "running", "percent": 0.0, "delay": 672}]}}
EOF
printf '[status-from-file]\nfile = %s\n' "$work/status.json" >"$work/status.ini"
chmod 600 "$work/status.ini"
run_command check_replication_status 3 "REPLICATION UNKNOWN - rp-test: " \
	"ARG1=rp-test" "ARG2=--port=1 --timeout=5"
run_command check_replication_status_url 3 "REPLICATION UNKNOWN - rp-test: " \
	"ARG1=http://127.0.0.1:1/api" "ARG2=rp-test" "ARG3=--timeout=5"
# 672 ms is over the WARNING threshold of 500 ms, under the CRITICAL of 1 s.
run_command check_replication_status_ini 1 "REPLICATION WARNING - rp-dbzfwn1n4f9b: " \
	"ARG1=status-from-file@$work/status.ini" "ARG2=rp-dbzfwn1n4f9b" "ARG3=--warning=500ms --critical=1s"
run_command check_replication_status_ninedata 3 "REPLICATION UNKNOWN - rp-test: " \
	"ARG1=http://127.0.0.1:1" "ARG2=rp-test" "ARG3=AKIDexample0000" \
	"ARG4=$work/ninedata.secret" "ARG5=5m" "ARG6=15m" "ARG7=--timeout=5"

# --- check_replication_tasks ----------------------------------------------
# Against the test server's fleet "basic" (19 tasks: 4 critical, 5 warning,
# 1 unknown, 9 ok); its shard 1/3 holds 5 of them. Without a server the
# commands fail, as they must.
start_testserver || echo "# the test server did not start: $(cat "$work/testserver.log" 2>/dev/null)"
fleet=http://127.0.0.1:${ts_port:-1}/fleet/basic
run_command check_replication_tasks_ninedata 2 "REPLICATION CRITICAL - 19 tasks: 4 critical, 5 warning, 1 unknown, 9 ok |" \
	"ARG1=$fleet/nagios-ninedata" "ARG2=$ts_akid" "ARG3=$work/nd.secret" "ARG4=--timeout=20 --parallel=4"
printf '[fleet]\nurl = %s/nagios-ini\naccess-key-id = %s\nsecret-key-file = %s\n' \
	"$fleet" "$ts_akid" "$work/nd.secret" >"$work/fleet.ini"
chmod 600 "$work/fleet.ini"
run_command check_replication_tasks_ini 2 "REPLICATION CRITICAL - 5 tasks: 2 critical, 2 warning, 1 ok |" \
	"ARG1=fleet@$work/fleet.ini" "ARG2=--shard=1/3"
run_command check_replication_tasks 3 "REPLICATION UNKNOWN - cannot read the task list: " \
	"ARG1=--port=1 --timeout=5"
