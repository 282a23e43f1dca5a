#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped Icinga 2 files against the real Icinga 2 and its ITL:
# `icinga2 daemon -C` validates the three CheckCommands (replication-precheck,
# replication-status, replication-tasks) and every example in a
# throwaway configuration (state, log, run and zone dirs in a scratch
# directory, so it runs as root or not, next to or without a real Icinga 2);
# replication-tasks-to-icinga2 turns the --discover output of the real
# check_replication_tasks against the test server (tests/server, fleet
# "basic") into a host whose services Icinga 2 then creates; then a
# short-lived daemon runs the CheckCommands, to see the command lines
# Icinga 2 really builds from them and that the plugins accept them (the
# tasks plugin against the test server's fleets). The command lines are
# checked even when a plugin is not built; its results are then "not ok".
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

contrib=$abs_top_srcdir/contrib/icinga2
command_conf=$contrib/replication-precheck.conf
status_conf=$contrib/replication-status.conf
tasks_conf=$contrib/replication-tasks.conf
to_icinga2=$contrib/replication-tasks-to-icinga2
examples=$contrib/examples

plan 20
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
include "$status_conf"
include "$tasks_conf"
EOF
if validate "$work/command-only.conf"; then
	ok "icinga2 daemon -C: the three CheckCommands with the full ITL ($(icinga2 --version 2>/dev/null | sed -n 's/.*(version: \(.*\)).*/\1/p;q'))"
else
	not_ok "icinga2 daemon -C: the three CheckCommands with the full ITL"
	tail -n 30 "$work/validate.out" | diag
fi

# --- 2. the CheckCommand and every example, as a master would load them ---
cp "$examples/distributed-master.conf" "$work/zones.d/master/replication-precheck.conf"
cp "$examples/tasks-sharding.conf" "$work/zones.d/master/replication-tasks-sharding.conf"
cat >"$work/examples.conf" <<EOF
include "$work/constants.conf"
include <itl>
include <plugins>
include <plugins-contrib>
object Endpoint NodeName { }
object Zone "master" { endpoints = [ NodeName ] }
include "$command_conf"
include "$status_conf"
include "$tasks_conf"
include "$examples/distributed-zones.conf"
include "$examples/tasks-sharding-zones.conf"
include "$examples/services.conf"
include "$examples/status-services.conf"
include "$examples/tasks-services.conf"
include "$examples/tasks-director.conf"
EOF
if validate "$work/examples.conf"; then
	ok "icinga2 daemon -C: the CheckCommands, services.conf, status-services.conf, tasks-services.conf, tasks-director.conf, distributed-zones.conf, tasks-sharding-zones.conf, distributed-master.conf and tasks-sharding.conf (in zones.d/master)"
else
	not_ok "icinga2 daemon -C: CheckCommands and examples"
	tail -n 30 "$work/validate.out" | diag
fi

# --- 3. apply for: one service per task -------------------------------------
# Precheck services for the tasks of services.conf and distributed-master.conf,
# status services for those of status-services.conf, one fleet service per
# account of tasks-services.conf and per satellite of tasks-sharding.conf,
# and nothing else.
# shellcheck disable=SC2086
icinga2 object list --type Service $defines >"$work/services.out" 2>&1
sed -n "s/^Object '\([^']*\)' of type 'Service':.*/\1/p" "$work/services.out" |
	sed 's/^[^!]*!//' | sort >"$work/services"
tasks_of() {
	sed -n 's/^[ \t]*"\(rp-[^"]*\)"[ \t]*=[ \t]*{.*/\1/p' "$@"
}
# keys_of DICTIONARY FILE: the keys of the dictionary that FILE assigns to
# vars.DICTIONARY, on every host.
keys_of() {
	awk -v d="vars.$1" '
		$1 == d && $2 == "=" && $3 == "{" { on = 1; depth = 1; next }
		on {
			if (depth == 1 && match($0, /^[ \t]*"[^"]+"[ \t]*=/)) {
				k = $0; sub(/^[ \t]*"/, "", k); sub(/".*/, "", k); print k
			}
			n = gsub(/\{/, "{"); m = gsub(/\}/, "}"); depth += n - m
			if (depth <= 0) on = 0
		}' "$2"
}
{
	tasks_of "$examples/services.conf" "$examples/distributed-master.conf" | sed 's/^/replication-precheck-/'
	tasks_of "$examples/status-services.conf" | sed 's/^/replication-status-/'
	keys_of replication_accounts "$examples/tasks-services.conf" | sed 's/^/replication-tasks-/'
	keys_of replication_shard_endpoints "$examples/tasks-sharding.conf" | sed 's/^/replication-tasks-shard-/'
} | sort >"$work/tasks"
if [ -s "$work/tasks" ] && cmp -s "$work/tasks" "$work/services" &&
	grep -q '^replication-status-' "$work/tasks" && grep -q '^replication-tasks-[a-z]' "$work/tasks" &&
	grep -q '^replication-tasks-shard-' "$work/tasks"; then
	ok "apply Service for: one service per task, account and shard ($(grep -c precheck- "$work/tasks") precheck, $(grep -c status- "$work/tasks") status, $(grep -c 'tasks-' "$work/tasks") fleet services in the examples)"
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

# objects: the objects of the last validation as JSON lines (the objects
# file is netstrings of JSON), for checks that need exact attribute values.
objects() {
	"$py" - "$work/var/cache/icinga2.debug" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
i = 0
while i < len(data):
    colon = data.index(b":", i)
    n = int(data[i:colon])
    print(json.dumps(json.loads(data[colon + 1:colon + 1 + n])))
    i = colon + 1 + n + 1
PY
}
py=${PYTHON3:-python3}
case $py in no | "") py=python3 ;; esac

# --- 4b. sharding: shards 1/N..N/N, each on its satellite ------------------
# Every shard once, N = the number of endpoints, each service in zone
# master with its own endpoint as command_endpoint.
if need_tool "$py"; then
	objects >"$work/objects.json" 2>"$work/objects.err"
	"$py" - "$work/objects.json" >"$work/shards" 2>&1 <<'PY'
import json, sys
shards = []
for line in open(sys.argv[1]):
    o = json.loads(line)
    if o.get("type") != "Service" or not o["name"].startswith("replication-tasks-shard-"):
        continue
    p = o["properties"]
    ep = o["name"][len("replication-tasks-shard-"):]
    shards.append((p["vars"]["replication_tasks_shard"], p["command_endpoint"] == ep,
                   p["zone"], p["check_command"]))
n = len(shards)
want = sorted("%d/%d" % (k, n) for k in range(1, n + 1))
good = (n >= 2 and sorted(s[0] for s in shards) == want and all(s[1] for s in shards)
        and all(s[2] == "master" for s in shards)
        and all(s[3] == "replication-tasks" for s in shards))
print("%s %d %s" % ("yes" if good else "no", n, shards))
PY
	if grep -q '^yes' "$work/shards"; then
		ok "sharding example: $(cut -d' ' -f2 "$work/shards") replication-tasks services with --shard 1/N..N/N, each in zone master run on its own satellite"
	else
		not_ok "sharding example: replication-tasks services with --shard 1/N..N/N, each on its own satellite"
		cat "$work/shards" "$work/objects.err" | diag
	fi
else
	missing "sharding example: --shard 1/N..N/N, each on its satellite" "python3 not installed"
fi

# --- 4c. replication-tasks-to-icinga2 on real --discover output ------------
# The tasks plugin lists the test server's fleet "basic" (19 tasks, one of
# them with '|', a newline, a tab, a control character and non-ASCII in its
# name); the script makes a host of them, and status-services.conf's apply
# rule one replication-status service per task, each with the task's facts.
have_server=no
start_testserver && have_server=yes
ts_url=http://127.0.0.1:${ts_port:-1}/fleet
rm -f "$work/discover.json"
if [ $have_server = yes ] && [ -x "$TASKS_PLUGIN" ]; then
	"$TASKS_PLUGIN" -U "$ts_url/basic/icinga-discover" --access-key-id "$ts_akid" \
		--secret-key-file "$work/nd.secret" --discover --output-file="$work/discover.json" \
		>"$work/discover.out" 2>&1
	echo $? >"$work/discover.rc"
fi
if [ -s "$work/discover.json" ] &&
	"$py" "$to_icinga2" --host ninedata-discovered.example.com --format icinga2 \
		--import ninedata-discovered-account -o "$work/discovered.conf" "$work/discover.json" \
		>"$work/to-icinga2.out" 2>&1 &&
	cat >"$work/discovered-main.conf" <<EOF &&
include "$work/constants.conf"
include <itl>
include <plugins>
include "$status_conf"
include "$examples/status-services.conf"
include "$examples/tasks-director.conf"
include "$work/discovered.conf"
EOF
	validate "$work/discovered-main.conf"; then
	objects >"$work/discovered-objects.json"
	"$py" - "$work/discover.json" "$work/discovered-objects.json" >"$work/discovered.check" 2>&1 <<'PY'
import json, sys
tasks = json.load(open(sys.argv[1]))
services = {}
for line in open(sys.argv[2]):
    o = json.loads(line)
    if o.get("type") == "Service" and o["properties"]["host_name"] == "ninedata-discovered.example.com":
        services[o["name"]] = o["properties"]
problems = []
want = {"replication-status-" + t["replication_id"] for t in tasks}
if set(services) != want:
    problems.append("services %s, want %s" % (sorted(services), sorted(want)))
for t in tasks:
    p = services.get("replication-status-" + t["replication_id"])
    if not p:
        continue
    v = p["vars"]
    if v.get("replication_status_replication_id") != t["replication_id"]:
        problems.append("%s: replication id %r" % (t["replication_id"], v.get("replication_status_replication_id")))
    for field in ("name", "type", "source_datasource_id", "target_datasource_id", "multi_active_id"):
        got = v.get("replication_task_" + field)
        if got != t[field]:
            problems.append("%s: %s %r, want %r" % (t["replication_id"], field, got, t[field]))
    if p["check_command"] != "replication-status":
        problems.append("%s: check_command %s" % (t["replication_id"], p["check_command"]))
hostile = [t for t in tasks if "\n" in t["name"] and "\x01" in t["name"] and "|" in t["name"]]
if not hostile:
    problems.append("the fleet's hostile name is not in the discovery")
print("\n".join(problems) if problems else "ok %d" % len(tasks))
PY
fi
if grep -q '^ok ' "$work/discovered.check" 2>/dev/null && [ "$(cat "$work/discover.rc")" = 0 ]; then
	ok "replication-tasks-to-icinga2 --format icinga2 on real --discover output: icinga2 daemon -C accepts the host, and status-services.conf makes one replication-status service per task ($(cut -d' ' -f2 "$work/discovered.check") tasks), each with the task's name, type, datasources and pair id exactly (control characters included)"
else
	not_ok "replication-tasks-to-icinga2 --format icinga2 on real --discover output: one replication-status service per task, with its facts"
	[ $have_server = yes ] || { echo "the test server did not start:"; cat "$work/testserver.log"; } 2>/dev/null | diag
	[ -x "$TASKS_PLUGIN" ] || echo "$TASKS_PLUGIN not built" | diag
	cat "$work/discover.out" "$work/to-icinga2.out" "$work/discovered.check" 2>/dev/null | diag
	tail -n 20 "$work/validate.out" | diag
fi

# The Director rows of the same discovery hold the same dictionary; what
# is not the --discover array (the plugin's UNKNOWN line when the list could
# not be read) and an empty array are refused, and the last file stays.
rows_ok=no
if [ -s "$work/discover.json" ] &&
	"$py" "$to_icinga2" --host ninedata-discovered.example.com -o "$work/rows.json" \
		"$work/discover.json" >"$work/rows.out" 2>&1 &&
	"$py" - "$work/discover.json" "$work/rows.json" >>"$work/rows.out" 2>&1 <<'PY'
import json, sys
tasks = json.load(open(sys.argv[1]))
rows = json.load(open(sys.argv[2]))
assert isinstance(rows, list) and len(rows) == 1, rows
row = rows[0]
assert set(row) == {"host", "replication_status_tasks"}, row.keys()
assert row["host"] == "ninedata-discovered.example.com"
d = row["replication_status_tasks"]
assert list(d) == [t["replication_id"] for t in tasks], list(d)
for t in tasks:
    want = {"replication_task_" + k: t[k] for k in ("name", "type", "source_datasource_id",
                                                    "target_datasource_id", "multi_active_id")
            if t[k] is not None}
    assert d[t["replication_id"]] == want, (d[t["replication_id"]], want)
PY
then
	cp "$work/rows.json" "$work/rows.before"
	printf 'REPLICATION UNKNOWN - cannot read the task list: HTTP 401 Unauthorized
' >"$work/unknown.txt"
	echo '[]' >"$work/empty.json"
	if ! "$py" "$to_icinga2" --host h -o "$work/rows.json" "$work/unknown.txt" >>"$work/rows.out" 2>&1 &&
		! "$py" "$to_icinga2" --host h -o "$work/rows.json" "$work/empty.json" >>"$work/rows.out" 2>&1 &&
		cmp -s "$work/rows.json" "$work/rows.before" &&
		"$py" "$to_icinga2" --host h --allow-empty "$work/empty.json" >"$work/rows-empty.json" 2>>"$work/rows.out" &&
		grep -q '"replication_status_tasks": {}' "$work/rows-empty.json"; then
		rows_ok=yes
	fi
fi
if [ $rows_ok = yes ]; then
	ok "replication-tasks-to-icinga2 (Director rows): the same dictionary as JSON; a non-JSON input and an empty array are refused and leave the last file as it was (--allow-empty writes an empty one)"
else
	not_ok "replication-tasks-to-icinga2 (Director rows): the same dictionary; bad and empty input refused"
	cat "$work/rows.out" 2>/dev/null | diag
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

# --- 6-13. a daemon runs the CheckCommands ----------------------------------
# The plugin directory holds wrappers that record their arguments under the
# name given as --useragent (unique per service), then run the real plugin
# (a plugin that is not built: exit 127, the arguments are still recorded).
wrapper() {
	cat >"$work/bin/$1" <<EOF
#!/bin/sh
key=unnamed
prev=
for a in "\$@"; do
	[ "\$prev" = --useragent ] && key=\$a
	prev=\$a
done
printf '%s\n' "\$@" >"$work/out/\$key.args"
"$2" "\$@" >"$work/out/\$key.stdout" 2>&1
rc=\$?
echo \$rc >"$work/out/\$key.rc.tmp" && mv "$work/out/\$key.rc.tmp" "$work/out/\$key.rc"
exit \$rc
EOF
	chmod +x "$work/bin/$1"
}
wrapper check_replication_precheck "$PLUGIN"
wrapper check_replication_status "$STATUS_PLUGIN"
wrapper check_replication_tasks "$TASKS_PLUGIN"
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
# The status response of the API documentation, without its "trigger"
# subtask: the documentation shows that task as OK while trigger is
# notStarted, which the status table makes WARNING; these checks stay out
# of that question. A running incremental subtask, delay 672 ms.
cat >"$work/status.json" <<'EOF'
{"success": true, "requestId": "Xl1h5BXI-gmkjcLLnofiv3AZdmix8OQX",
 "data": {"replicationId": "rp-dbzfwn1n4f9b", "status": "running",
  "currentSubTaskType": "inc_writer",
  "subTaskList": [
   {"subTaskType": "schema", "status": "success", "percent": 100.0},
   {"subTaskType": "full", "status": "success", "percent": 100.0},
   {"subTaskType": "inc_writer", "status": "running", "percent": 0.0, "delay": 672}]}}
EOF
# A task still in its full copy: no incremental delay to judge.
cat >"$work/status-full.json" <<'EOF'
{"success": true, "requestId": "r2",
 "data": {"replicationId": "rp-dbzfwn1n4f9b", "status": "running",
  "currentSubTaskType": "full",
  "subTaskList": [
   {"subTaskType": "schema", "status": "success", "percent": 100.0},
   {"subTaskType": "full", "status": "running", "percent": 35.5}]}}
EOF
cat >"$work/run.conf" <<EOF
const PluginDir = "/usr/lib/nagios/plugins"
const ManubulonPluginDir = "/usr/lib/nagios/plugins"
const PluginContribDir = "$work/bin"
include <itl>
include <plugins>
include "$command_conf"
include "$status_conf"
include "$tasks_conf"
object CheckerComponent "checker" { }

object Host "api" {
	check_command = "dummy"
	address = "127.0.0.1"
	enable_active_checks = false
	vars.replication_precheck_port = 1
	vars.replication_precheck_ssl = true
	vars.replication_precheck_timeout = "5"
	vars.replication_status_port = 1
	vars.replication_status_ssl = true
	vars.replication_status_timeout = "5"
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

	vars.replication_status_tasks = {
		"st-by-address" = { replication_status_replication_id = "rp-st-by-address" }
		"st-documented" = { replication_status_file = "$work/status.json" }
		"st-delay-warning" = {
			replication_status_file = "$work/status.json"
			replication_status_warning = "500ms"
			replication_status_critical = "1s"
		}
		"st-delay-critical" = {
			replication_status_file = "$work/status.json"
			replication_status_warning = "100ms"
			replication_status_critical = "0.5s"
		}
		"st-no-thresholds" = {
			replication_status_file = "$work/status.json"
			replication_status_warning = ""
			replication_status_critical = ""
		}
		"st-no-delay" = {
			replication_status_file = "$work/status-full.json"
			replication_status_warning = "5m"
			replication_status_critical = "15m"
		}
		"st-url" = {
			replication_status_url = "http://127.0.0.1:1/api"
			replication_status_replication_id = "rp-st-url"
			replication_status_header = [ "X-One: 1", "X-Two: 2" ]
			replication_status_map = [ "stopped=OK", "suspended=OK" ]
			replication_status_ipv4 = true
			replication_status_verbose = true
			replication_status_extra_opts = "no-such-section@$work/empty.ini"
		}
	}
}

object Host "fleets" {
	check_command = "dummy"
	address = "127.0.0.1"
	enable_active_checks = false
	vars.replication_tasks_port = 1
	vars.replication_tasks_ssl = true
	vars.replication_tasks_timeout = "10"
	vars.replication_tasks_access_key_id = "$ts_akid"
	vars.replication_tasks_secret_key_file = "$work/nd.secret"

	vars.replication_fleets = {
		"tk-by-address" = { replication_tasks_timeout = "5" }
		"tk-basic" = {
			replication_tasks_url = "$ts_url/basic/icinga-tk-basic"
			replication_tasks_warning = "5m"
			replication_tasks_critical = "15m"
		}
		"tk-filters" = {
			replication_tasks_url = "$ts_url/basic/icinga-tk-filters"
			replication_tasks_status = [ "running", "stopped" ]
			replication_tasks_replication_id = [ "rs-running~f1", "rs-stopped~f1", "rs-running~fwd" ]
			replication_tasks_map = [ "stopped=OK", "suspended=OK" ]
			replication_tasks_type = "default"
			replication_tasks_shard = "1/1"
			replication_tasks_parallel = 2
			replication_tasks_page_size = 5
			replication_tasks_header = [ "X-One: 1", "X-Two: 2" ]
			replication_tasks_ipv4 = true
			replication_tasks_verbose = true
		}
		"tk-empty" = {
			replication_tasks_url = "$ts_url/empty/icinga-tk-empty"
			replication_tasks_min_tasks = 0
			replication_tasks_warning = ""
			replication_tasks_critical = ""
		}
		"tk-ini" = {
			replication_tasks_url = "$ts_url/basic/icinga-tk-ini"
			replication_tasks_extra_opts = "no-such-section@$work/empty.ini"
		}
	}
}

apply Service "f-" for (key => v in host.vars.replication_fleets) {
	check_command = "replication-tasks"
	check_interval = 1s
	retry_interval = 1s
	vars.replication_tasks_useragent = key
	vars += v
	assign where host.vars.replication_fleets
}

apply Service "s-" for (key => v in host.vars.replication_status_tasks) {
	check_command = "replication-status"
	check_interval = 1s
	retry_interval = 1s
	vars.replication_status_useragent = key
	vars.replication_status_replication_id = "rp-dbzfwn1n4f9b"
	vars += v
	assign where host.vars.replication_status_tasks
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
status_keys="st-by-address st-documented st-delay-warning st-delay-critical st-no-thresholds st-no-delay st-url"
tasks_keys="tk-by-address tk-basic tk-filters tk-empty tk-ini"
# shellcheck disable=SC2086
icinga2 daemon -c "$work/run.conf" $defines >"$work/daemon.out" 2>&1 &
daemon=$!
i=0
while [ $i -lt 120 ]; do
	done_all=yes
	for k in $keys $status_keys $tasks_keys; do [ -f "$work/out/$k.rc" ] || done_all=no; done
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
	for k in ${1:-$keys}; do echo "$k: $(args "$k")"; echo "  -> $(result "$k")"; done | diag
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

# --- the status CheckCommand ----------------------------------------------
if has st-by-address -H 127.0.0.1 && has st-by-address --port 1 && has st-by-address --ssl &&
	has st-by-address --replication-id rp-st-by-address &&
	! has st-url -H && ! has st-url --port && ! has st-url --ssl &&
	! has st-documented -H && ! has st-documented --port && ! has st-documented --ssl &&
	has st-delay-critical --warning 100ms && has st-delay-critical --critical 0.5s &&
	! has st-no-thresholds --warning && ! has st-no-thresholds --critical; then
	ok "daemon run, replication-status: -H is the host's address, left out with a URL or file; --warning/--critical passed, left out when empty"
else
	not_ok "daemon run, replication-status: -H, --port, --ssl, --warning, --critical"
	report "$status_keys"
fi
if has st-url --header "X-One: 1" --header "X-Two: 2" && has st-url --map stopped=OK --map suspended=OK &&
	has st-url -4 && has st-url --verbose && has st-url "--extra-opts=no-such-section@$work/empty.ini"; then
	ok "daemon run, replication-status: repeat_key repeats, set_if flags, --extra-opts=VALUE as one argument"
else
	not_ok "daemon run, replication-status: repeat_key repeats, set_if flags, --extra-opts=VALUE as one argument"
	report "$status_keys"
fi
# The documented response (delay 672 ms) is OK; over -w 500ms WARNING, over
# -c 0.5s CRITICAL; thresholds without a delay to judge are UNKNOWN.
if [ "$(cat "$work/out/st-documented.rc" 2>/dev/null)" = 0 ] &&
	grep -q '^REPLICATION OK - rp-dbzfwn1n4f9b: ' "$work/out/st-documented.stdout" &&
	[ "$(cat "$work/out/st-no-thresholds.rc" 2>/dev/null)" = 0 ] &&
	[ "$(cat "$work/out/st-delay-warning.rc" 2>/dev/null)" = 1 ] &&
	[ "$(cat "$work/out/st-delay-critical.rc" 2>/dev/null)" = 2 ] &&
	[ "$(cat "$work/out/st-no-delay.rc" 2>/dev/null)" = 3 ] &&
	grep -q '^REPLICATION UNKNOWN - ' "$work/out/st-no-delay.stdout"; then
	ok "daemon run, replication-status: the plugin accepts the command lines (OK; delay thresholds WARNING, CRITICAL; no delay UNKNOWN)"
else
	not_ok "daemon run, replication-status: the plugin accepts the command lines (OK; delay thresholds WARNING, CRITICAL; no delay UNKNOWN)"
	[ -x "$STATUS_PLUGIN" ] || echo "$STATUS_PLUGIN not built" | diag
	report "$status_keys"
fi
if [ "$(cat "$work/out/st-by-address.rc" 2>/dev/null)" = 3 ] &&
	grep -q '^REPLICATION UNKNOWN - rp-st-by-address: ' "$work/out/st-by-address.stdout" &&
	[ "$(cat "$work/out/st-url.rc" 2>/dev/null)" = 3 ] &&
	grep -q 'section \[no-such-section\] not found' "$work/out/st-url.stdout"; then
	ok "daemon run, replication-status: network failure and a missing --extra-opts section are UNKNOWN"
else
	not_ok "daemon run, replication-status: network failure and a missing --extra-opts section are UNKNOWN"
	[ -x "$STATUS_PLUGIN" ] || echo "$STATUS_PLUGIN not built" | diag
	report "$status_keys"
fi

# --- the tasks CheckCommand -----------------------------------------------
if has tk-by-address -H 127.0.0.1 && has tk-by-address --port 1 && has tk-by-address --ssl &&
	! has tk-basic -H && ! has tk-basic --port && ! has tk-basic --ssl &&
	has tk-basic --warning 5m && has tk-basic --critical 15m &&
	! has tk-empty --warning && ! has tk-empty --critical && has tk-empty --min-tasks 0 &&
	has tk-basic --access-key-id "$ts_akid" && has tk-basic --secret-key-file "$work/nd.secret"; then
	ok "daemon run, replication-tasks: -H is the host's address, left out with a URL; --warning/--critical passed, left out when empty; the AccessKey as ID and secret file"
else
	not_ok "daemon run, replication-tasks: -H, --port, --ssl, --warning, --critical, --min-tasks, AccessKey"
	report "$tasks_keys"
fi
if has tk-filters --status running --status stopped &&
	has tk-filters --replication-id rs-running~f1 --replication-id rs-stopped~f1 --replication-id rs-running~fwd &&
	has tk-filters --map stopped=OK --map suspended=OK && has tk-filters --type default &&
	has tk-filters --shard 1/1 && has tk-filters --parallel 2 && has tk-filters --page-size 5 &&
	has tk-filters --header "X-One: 1" --header "X-Two: 2" && has tk-filters -4 && has tk-filters --verbose &&
	has tk-ini "--extra-opts=no-such-section@$work/empty.ini"; then
	ok "daemon run, replication-tasks: repeat_key repeats (--status, --replication-id, --map, --header), set_if flags, --extra-opts=VALUE as one argument"
else
	not_ok "daemon run, replication-tasks: repeat_key repeats, set_if flags, --extra-opts=VALUE as one argument"
	report "$tasks_keys"
fi
# Against the test server: the fleet "basic" judged (CRITICAL, 19 tasks).
# Of the three tasks named, --type default drops rs-running~fwd (a forward
# half), so it is UNKNOWN, "not in the task list"; the other two are OK,
# the stopped one by --map stopped=OK. An empty fleet with --min-tasks 0
# is OK.
if [ "$(cat "$work/out/tk-basic.rc" 2>/dev/null)" = 2 ] &&
	grep -q '^REPLICATION CRITICAL - 19 tasks: ' "$work/out/tk-basic.stdout" &&
	[ "$(cat "$work/out/tk-filters.rc" 2>/dev/null)" = 3 ] &&
	grep -q '^REPLICATION UNKNOWN - 3 tasks: 1 unknown, 2 ok |' "$work/out/tk-filters.stdout" &&
	grep -qx '\[UNKNOWN\] rs-running~fwd: not in the task list' "$work/out/tk-filters.stdout" &&
	grep -qx '\[OK\] logs-stopped (rs-stopped~f1): stopped, inc_writer, delay 672 ms' "$work/out/tk-filters.stdout" &&
	[ "$(cat "$work/out/tk-empty.rc" 2>/dev/null)" = 0 ] &&
	grep -q '^REPLICATION OK - ' "$work/out/tk-empty.stdout"; then
	ok "daemon run, replication-tasks: the plugin accepts the command lines (a fleet CRITICAL; filtered, a named task filtered away UNKNOWN, a stopped one mapped OK; an empty fleet with --min-tasks 0 OK)"
else
	not_ok "daemon run, replication-tasks: the plugin accepts the command lines (a fleet CRITICAL, filtered and mapped OK, an empty fleet OK)"
	[ -x "$TASKS_PLUGIN" ] || echo "$TASKS_PLUGIN not built" | diag
	[ $have_server = yes ] || echo "the test server did not start" | diag
	report "$tasks_keys"
fi
if [ "$(cat "$work/out/tk-by-address.rc" 2>/dev/null)" = 3 ] &&
	grep -q '^REPLICATION UNKNOWN - cannot read the task list: ' "$work/out/tk-by-address.stdout" &&
	[ "$(cat "$work/out/tk-ini.rc" 2>/dev/null)" = 3 ] &&
	grep -q 'section \[no-such-section\] not found' "$work/out/tk-ini.stdout"; then
	ok "daemon run, replication-tasks: network failure and a missing --extra-opts section are UNKNOWN"
else
	not_ok "daemon run, replication-tasks: network failure and a missing --extra-opts section are UNKNOWN"
	[ -x "$TASKS_PLUGIN" ] || echo "$TASKS_PLUGIN not built" | diag
	report "$tasks_keys"
fi
