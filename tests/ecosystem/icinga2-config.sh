#!/bin/sh
# The shipped Icinga 2 files against the real Icinga 2 and its ITL:
# `icinga2 daemon -C` validates the CheckCommand and every example in a
# throwaway configuration (state, log, run and zone dirs in a scratch
# directory, so it runs as root or not, next to or without a real Icinga 2);
# then a short-lived daemon runs the CheckCommand, to see the command lines
# Icinga 2 really builds from it and that the plugin accepts them.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

contrib=$abs_top_srcdir/contrib/icinga2
command_conf=$contrib/replication-precheck.conf
examples=$contrib/examples

plan 9
need_tool icinga2 || missing_rest "icinga2 not installed (apt-get install icinga2-bin icinga2-common)"
work_dir
mkdir -p "$work/var/lib" "$work/var/log" "$work/var/cache" "$work/var/spool" \
	"$work/run" "$work/zones.d/master" "$work/bin" "$work/out"

user=$(id -un)
group=$(id -gn)
# Everything Icinga 2 would write goes to the scratch directory.
defines="-DRunAsUser=$user -DRunAsGroup=$group
	-DDataDir=$work/var/lib -DLogDir=$work/var/log -DCacheDir=$work/var/cache
	-DSpoolDir=$work/var/spool -DInitRunDir=$work/run -DZonesDir=$work/zones.d
	-DStatePath=$work/var/lib/icinga2.state -DObjectsPath=$work/var/cache/icinga2.debug
	-DVarsPath=$work/var/cache/icinga2.vars -DPidPath=$work/run/icinga2.pid"

# validate CONFIG: icinga2 daemon -C, output in $work/validate.out
validate() {
	# shellcheck disable=SC2086
	icinga2 daemon -C -c "$1" $defines >"$work/validate.out" 2>&1
}

# The constants a packaged icinga2.conf gets from constants.conf.
cat >"$work/constants.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "/usr/lib/nagios/plugins"
const ZoneName = "master"
const TicketSalt = ""
EOF

# --- 1. the CheckCommand alone, with the whole ITL ------------------------
cat >"$work/command-only.conf" <<EOF
include "$work/constants.conf"
include <itl>
include <plugins>
include <plugins-contrib>
include <manubulon>
include <windows-plugins>
include <nscp>
include "$command_conf"
EOF
if validate "$work/command-only.conf"; then
	ok "icinga2 daemon -C: CheckCommand with the full ITL ($(icinga2 --version 2>/dev/null | sed -n 's/.*(version: \(.*\)).*/\1/p;q'))"
else
	not_ok "icinga2 daemon -C: CheckCommand with the full ITL"
	tail -n 30 "$work/validate.out" | diag
fi

# --- 2. the CheckCommand and every example, as a master would load them ---
cp "$examples/distributed-master.conf" "$work/zones.d/master/replication-precheck.conf"
cat >"$work/examples.conf" <<EOF
include "$work/constants.conf"
include <itl>
include <plugins>
include <plugins-contrib>
object Endpoint NodeName { }
object Zone "master" { endpoints = [ NodeName ] }
include "$command_conf"
include "$examples/distributed-zones.conf"
include "$examples/services.conf"
EOF
if validate "$work/examples.conf"; then
	ok "icinga2 daemon -C: CheckCommand, services.conf, distributed-zones.conf, distributed-master.conf (in zones.d/master)"
else
	not_ok "icinga2 daemon -C: CheckCommand and examples"
	tail -n 30 "$work/validate.out" | diag
fi

# --- 3. apply for: one service per task -------------------------------------
# shellcheck disable=SC2086
icinga2 object list --type Service $defines >"$work/services.out" 2>&1
sed -n "s/^Object '\([^']*\)' of type 'Service':.*/\1/p" "$work/services.out" |
	sed 's/^[^!]*!replication-precheck-//' | sort >"$work/services"
cat "$examples"/*.conf | sed -n 's/^[ \t]*"\(rp-[^"]*\)"[ \t]*=[ \t]*{.*/\1/p' | sort >"$work/tasks"
if [ -s "$work/tasks" ] && cmp -s "$work/tasks" "$work/services"; then
	ok "apply Service for: one service per replication task ($(wc -l <"$work/tasks") tasks in the examples)"
else
	not_ok "apply Service for: one service per replication task"
	{ echo "tasks:"; cat "$work/tasks"; echo "services:"; cat "$work/services"; } | diag
fi

# --- 4. distributed: checks of the satellite's host run there ------------
awk '
	/^Object .* of type .Service.:/ { name = $2; dmz = (name ~ /dmz/) }
	dmz && /\* command_endpoint = "satellite-dmz.example.com"/ { ep[name] = 1 }
	dmz && /\* zone = "master"/ { z[name] = 1 }
	END { for (n in ep) if (z[n]) c++; print c + 0 }' "$work/services.out" >"$work/dmz"
if [ "$(cat "$work/dmz")" -ge 2 ]; then
	ok "distributed example: services in zone master with command_endpoint = the satellite"
else
	not_ok "distributed example: services in zone master with command_endpoint = the satellite"
	grep -E "^Object|command_endpoint|zone =" "$work/services.out" | diag
fi

# --- 5. the validation really validates ---------------------------------
cat >"$work/broken.conf" <<EOF
include "$work/constants.conf"
include <itl>
include <plugins>
include "$command_conf"
object Service "orphan" { host_name = "no-such-host"; check_command = "replication-precheck" }
EOF
if validate "$work/broken.conf"; then
	not_ok "icinga2 daemon -C rejects a broken configuration (negative control)"
else
	ok "icinga2 daemon -C rejects a broken configuration (negative control)"
fi

# --- 6-9. a daemon runs the CheckCommand ----------------------------------
# The plugin directory holds a wrapper that records its arguments under the
# name given as --useragent (unique per service), then runs the real plugin.
cat >"$work/bin/check_replication_precheck" <<EOF
#!/bin/sh
key=unnamed
prev=
for a in "\$@"; do
	[ "\$prev" = --useragent ] && key=\$a
	prev=\$a
done
printf '%s\n' "\$@" >"$work/out/\$key.args"
"$PLUGIN" "\$@" >"$work/out/\$key.stdout" 2>&1
rc=\$?
echo \$rc >"$work/out/\$key.rc.tmp" && mv "$work/out/\$key.rc.tmp" "$work/out/\$key.rc"
exit \$rc
EOF
chmod +x "$work/bin/check_replication_precheck"
# The response of the API documentation: one item failed.
cat >"$work/response.json" <<'EOF'
{"success": true, "requestId": "Tv8j8OCQ-JPQIeDXnIMNi2TEdLNx0HDG",
 "data": {"replicationId": "rp-div0qqpbffio", "precheckStatus": "failure",
  "items": [
   {"itemId": "replBidirectionLoopExistCheck", "itemName": "Cyclic replication check",
    "itemDescription": "Check for replication loops", "status": "success", "message": ""},
   {"itemId": "srcDataSourceCheck", "itemName": "Source datasource connection check",
    "itemDescription": "Check the source datasource", "status": "failure",
    "message": "Failed to connect datasource hzyh-ce-gaussdb: Connection timed out"}]}}
EOF
cat >"$work/run.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "$work/bin"
include <itl>
include <plugins>
include "$command_conf"
object CheckerComponent "checker" { }

object Host "api" {
	check_command = "dummy"
	address = "127.0.0.1"
	enable_active_checks = false
	vars.replication_precheck_port = 1
	vars.replication_precheck_ssl = true
	vars.replication_precheck_timeout = "5"
	vars.replication_tasks = {
		"by-address" = { replication_precheck_replication_id = "rp-by-address" }
		"as-documented" = { replication_precheck_file = "$work/response.json" }
		"warn-item" = {
			replication_precheck_file = "$work/response.json"
			replication_precheck_warn_item = [ "src*", "tgt*" ]
		}
		"ignore-item" = {
			replication_precheck_file = "$work/response.json"
			replication_precheck_ignore_item = "srcDataSourceCheck"
			replication_precheck_verbose = true
		}
		"url" = {
			replication_precheck_url = "http://127.0.0.1:1/api"
			replication_precheck_replication_id = "rp-url"
			replication_precheck_header = [ "X-One: 1", "X-Two: 2" ]
			replication_precheck_map = "running=OK"
			replication_precheck_ipv4 = true
			replication_precheck_extra_opts = "no-such-section@$work/empty.ini"
		}
	}
}

apply Service "t-" for (key => v in host.vars.replication_tasks) {
	check_command = "replication-precheck"
	check_interval = 1s
	retry_interval = 1s
	vars.replication_precheck_useragent = key
	vars.replication_precheck_replication_id = "rp-div0qqpbffio"
	vars += v
	assign where host.vars.replication_tasks
}
EOF
printf "# an options file without the section asked for\n" >"$work/empty.ini"
keys="by-address as-documented warn-item ignore-item url"
# shellcheck disable=SC2086
icinga2 daemon -c "$work/run.conf" $defines >"$work/daemon.out" 2>&1 &
daemon=$!
i=0
while [ $i -lt 120 ]; do
	done_all=yes
	for k in $keys; do [ -f "$work/out/$k.rc" ] || done_all=no; done
	[ $done_all = yes ] && break
	kill -0 $daemon 2>/dev/null || break
	sleep 0.5
	i=$((i + 1))
done
kill $daemon 2>/dev/null
wait $daemon 2>/dev/null

# args KEY: the recorded arguments as one line.
args() {
	[ -f "$work/out/$1.args" ] && tr '\n' ' ' <"$work/out/$1.args"
}
# has KEY WORDS...: the recorded arguments hold WORDS in this order, adjacent.
has() {
	k=$1
	shift
	case " $(args "$k")" in *" $* "*) return 0 ;; esac
	return 1
}
result() {
	echo "$(cat "$work/out/$1.rc" 2>/dev/null) $(head -n 1 "$work/out/$1.stdout" 2>/dev/null | cut -c1-60)"
}
report() {
	for k in $keys; do echo "$k: $(args "$k")"; echo "  -> $(result "$k")"; done | diag
	[ -f "$work/out/by-address.args" ] || tail -n 20 "$work/daemon.out" | diag
}

if has by-address -H 127.0.0.1 && has by-address --port 1 && has by-address --ssl &&
	has by-address --replication-id rp-by-address &&
	! has url -H && ! has url --port && ! has url --ssl &&
	! has as-documented -H && ! has as-documented --port && ! has as-documented --ssl; then
	ok "daemon run: -H is the host's address; -H, --port, --ssl left out when a URL or file is given"
else
	not_ok "daemon run: -H is the host's address; -H, --port, --ssl left out when a URL or file is given"
	report
fi
if has url --header "X-One: 1" --header "X-Two: 2" && has warn-item --warn-item "src*" --warn-item "tgt*" &&
	has ignore-item --ignore-item srcDataSourceCheck && has ignore-item --verbose && has url -4 &&
	has url "--extra-opts=no-such-section@$work/empty.ini" && has url --map running=OK; then
	ok "daemon run: repeat_key repeats, set_if flags, --extra-opts=VALUE as one argument"
else
	not_ok "daemon run: repeat_key repeats, set_if flags, --extra-opts=VALUE as one argument"
	report
fi
# The file-based services: the documented response is CRITICAL; a capped
# item makes it WARNING, an ignored one OK.
if [ "$(cat "$work/out/as-documented.rc" 2>/dev/null)" = 2 ] &&
	grep -q '^PRECHECK CRITICAL - rp-div0qqpbffio: ' "$work/out/as-documented.stdout" &&
	[ "$(cat "$work/out/warn-item.rc" 2>/dev/null)" = 1 ] &&
	[ "$(cat "$work/out/ignore-item.rc" 2>/dev/null)" = 0 ]; then
	ok "daemon run: the plugin accepts the command lines (CRITICAL, with --warn-item WARNING, with --ignore-item OK)"
else
	not_ok "daemon run: the plugin accepts the command lines"
	report
fi
# The network services cannot connect (port 1) or find their section: a
# judgement of UNKNOWN, not a crash or a usage error about the arguments.
if [ "$(cat "$work/out/by-address.rc" 2>/dev/null)" = 3 ] &&
	grep -q '^PRECHECK UNKNOWN - rp-by-address: ' "$work/out/by-address.stdout" &&
	[ "$(cat "$work/out/url.rc" 2>/dev/null)" = 3 ] &&
	grep -q 'section \[no-such-section\] not found' "$work/out/url.stdout"; then
	ok "daemon run: network failure and a missing --extra-opts section are UNKNOWN"
else
	not_ok "daemon run: network failure and a missing --extra-opts section are UNKNOWN"
	report
fi
