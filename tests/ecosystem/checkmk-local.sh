#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# contrib/checkmk/replication_tasks, the Checkmk agent local check, against
# the test server's fleets (tests/server, scenarios_fleet.py) with the built
# check_replication_tasks: every line it prints is a Checkmk local check
# line (checked with a strict pattern: state, quoted service name, metrics
# or "-", text on one line), one service per task with the name, state and
# metrics check_replication_status gives that task, and a "Replication
# tasks" line with the counts. Then the caching form the README installs it
# in: an interval directory (local/300/), which the Linux agent runs in the
# background and whose output it reports with each line prefixed by
# "cached(MTIME,300) "; the agent's handling is emulated here (no Checkmk
# agent is packaged for Debian), per its documented behaviour: the first
# run only starts the check, a later one prints the cache, and output of a
# run that exits non-zero is thrown away. Last, sharding and the lines a
# broken setup gives.
. "${abs_top_srcdir:-$(dirname "$0")/../..}/tests/ecosystem/tap.sh"

script=$abs_top_srcdir/contrib/checkmk/replication_tasks

plan 7
work_dir
py=${PYTHON3:-python3}
case $py in no | "") py=python3 ;; esac
need_tool "$py" || missing_rest "python3 not installed (the test server and the checks need it)"

# --- 1. the script itself ---------------------------------------------------
if sh -n "$script" 2>"$work/syntax" && [ -x "$script" ] &&
	grep -q 'local/300/replication_tasks' "$abs_top_srcdir/contrib/checkmk/README" &&
	grep -q '^exit 0$' "$script"; then
	ok "replication_tasks: POSIX sh, executable, and the README installs it into local/300/"
else
	not_ok "replication_tasks: POSIX sh, executable, and the README installs it into local/300/"
	diag <"$work/syntax"
fi

if start_testserver; then
	have_server=yes
else
	have_server=no
	{ echo "the test server did not start:"; cat "$work/testserver.log"; } | diag
fi
fleet=http://127.0.0.1:${ts_port:-1}/fleet

# ini SECTION URL [OPTION=VALUE...]: appends a section to $work/cmk.ini.
ini() {
	{
		echo "[$1]"
		echo "url = $2"
		echo "access-key-id = $ts_akid"
		echo "secret-key-file = $work/nd.secret"
		shift 2
		for kv in "$@"; do echo "${kv%%=*} = ${kv#*=}"; done
	} >>"$work/cmk.ini"
}
: >"$work/cmk.ini"
ini check_replication_tasks "$fleet/basic/cmk-all" timeout=20
ini shard1 "$fleet/basic/cmk-shard" shard=1/2 "service-name=Replication tasks shard 1/2"
ini shard2 "$fleet/basic/cmk-shard" shard=2/2 "service-name=Replication tasks shard 2/2"
ini wrong-secret "$fleet/basic/cmk-wrong" "service-name=Replication tasks wrong"
printf 'not-the-secret\n' >"$work/wrong.secret"
chmod 600 "$work/wrong.secret"
# The last section signs with the wrong secret.
awk -v w="$work/wrong.secret" '/^\[wrong-secret\]/ { on = 1 } on && /^secret-key-file/ { $0 = "secret-key-file = " w } { print }' \
	"$work/cmk.ini" >"$work/cmk.ini.new" && mv "$work/cmk.ini.new" "$work/cmk.ini"
chmod 600 "$work/cmk.ini"

# run_check [VAR=VALUE...]: the local check as the agent runs it, output in
# $work/run.out, exit status in $work/run.rc.
run_check() {
	env MK_CONFDIR="$work" REPLICATION_TASKS_INI="$work/cmk.ini" \
		REPLICATION_TASKS_PLUGIN="$TASKS_PLUGIN" "$@" sh "$script" >"$work/run.out" 2>"$work/run.err"
	echo $? >"$work/run.rc"
}

# lines.py MODE FILE [ARGS]: the strict checks, written once.
cat >"$work/lines.py" <<'PY'
import json, re, subprocess, sys

# A Checkmk local check line: state 0-3, the service name in double quotes
# (no quote or newline in it), the metrics (name=value with up to four
# ;-fields warn;crit;min;max, joined by |, or "-"), the text, one line.
NUM = r"-?[0-9]+(?:\.[0-9]+)?"
FIELD = r"(?:[0-9.:~@-]*)"
METRIC = r"[A-Za-z0-9_]+=" + NUM + r"(?:;" + FIELD + r"){0,4}"
LINE = re.compile(r'(?P<state>[0-3]) "(?P<service>[^"\n]+)" '
                  r'(?P<metrics>-|' + METRIC + r'(?:\|' + METRIC + r')*) '
                  r'(?P<text>[^\n]*)\Z')
CACHED = re.compile(r"cached\((?P<mtime>[0-9]+),(?P<interval>[0-9]+)\) (?P<rest>.*)\Z", re.S)


def lines(path):
    data = open(path, "rb").read().decode("utf-8")
    if not data.endswith("\n"):
        sys.exit("output does not end with a newline: %r" % data[-80:])
    return data[:-1].split("\n")


def parse(line):
    m = LINE.match(line)
    if not m:
        sys.exit("not a Checkmk local check line: %r" % line[:300])
    return m


mode = sys.argv[1]
if mode == "fleet":
    # FILE DISCOVER-JSON STATUS-PLUGIN URL AKID SECRET: one line per task,
    # named and judged as check_replication_status judges it, then the
    # summary line.
    out, discover, status_plugin, url, akid, secret = sys.argv[2:8]
    ls = lines(out)
    ms = [parse(l) for l in ls]
    ids = [t["replication_id"] for t in json.load(open(discover))]
    tasks = [m for m in ms if m.group("service").startswith("Replication status ")]
    if [m.group("service") for m in tasks] != ["Replication status " + i for i in ids]:
        sys.exit("task services %r, want one per discovered task %r"
                 % ([m.group("service") for m in tasks], ids))
    last = ms[-1]
    if len(ms) != len(ids) + 1 or last.group("service") != "Replication tasks":
        sys.exit("want %d task lines and a last 'Replication tasks' line, got %d lines"
                 % (len(ids), len(ms)))
    for m, rid in zip(tasks, ids):
        r = subprocess.run([status_plugin, "-U", url, "-r", rid, "--access-key-id", akid,
                            "--secret-key-file", secret, "--output-format=checkmk"],
                           stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
        s = parse(r.stdout.decode("utf-8").rstrip("\n"))
        # The metrics but the run time, which differs from run to run.
        strip = lambda x: re.sub(r"\|?time=[^|]*", "", x)
        # A task in preCheckFailed also names its failing precheck items
        # (check_replication_tasks asks the precheck endpoint for them).
        text = m.group("text")
        if s.group("text") == "preCheckFailed" and text.startswith("preCheckFailed; precheck: "):
            text = "preCheckFailed"
        if (s.group("state"), s.group("service"), strip(s.group("metrics")), s.group("text")) != \
           (m.group("state"), m.group("service"), strip(m.group("metrics")), text):
            sys.exit("%s: the local check says %r, check_replication_status %r"
                     % (rid, m.group(0)[:200], s.group(0)[:200]))
        if int(s.group("state")) != r.returncode:
            sys.exit("%s: state %s, exit %d" % (rid, s.group("state"), r.returncode))
    print("%d lines, %d task services as check_replication_status names and judges them; %s"
          % (len(ms), len(tasks), last.group("state") + " " + last.group("text").split("\\n")[0]))
elif mode == "cached":
    # FILE INTERVAL MTIME N: every line cached(MTIME,INTERVAL) + a local
    # check line, N lines.
    out, interval, mtime, n = sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    ls = lines(out)
    for l in ls:
        c = CACHED.match(l)
        if not c:
            sys.exit("not a cached(...) line: %r" % l[:200])
        if c.group("interval") != interval or c.group("mtime") != mtime:
            sys.exit("cached(%s,%s), want cached(%s,%s)" % (c.group("mtime"), c.group("interval"),
                                                          mtime, interval))
        parse(c.group("rest"))
    if len(ls) != n:
        sys.exit("%d lines, want %d" % (len(ls), n))
    print("%d lines cached(%s,%s)" % (len(ls), mtime, interval))
elif mode == "shards":
    # FILE N DISCOVER-JSON: the sections shard1..shardN cover every task
    # once, each in the shard FNV-1a 64 of its id modulo N plus 1 names.
    out, n, discover = sys.argv[2], int(sys.argv[3]), sys.argv[4]
    ids = [t["replication_id"] for t in json.load(open(discover))]
    ms = [parse(l) for l in lines(out)]
    shard, seen, summaries = 0, {}, []
    for m in ms:
        svc = m.group("service")
        if svc.startswith("Replication status "):
            seen.setdefault(svc[len("Replication status "):], []).append(shard + 1)
        else:
            summaries.append(svc)
            shard += 1

    def fnv1a64(b):
        h = 0xcbf29ce484222325
        for x in b:
            h = ((h ^ x) * 0x100000001b3) & 0xFFFFFFFFFFFFFFFF
        return h

    want = {i: [fnv1a64(i.encode()) % n + 1] for i in ids}
    if seen != want:
        sys.exit("tasks by shard %r, want (FNV-1a 64 mod %d + 1) %r" % (seen, n, want))
    if summaries != ["Replication tasks shard %d/%d" % (k, n) for k in range(1, n + 1)]:
        sys.exit("summary services %r" % summaries)
    print("%d tasks over %d shards: %s" % (len(ids), n, [sum(1 for v in seen.values() if v == [k])
                                                       for k in range(1, n + 1)]))
elif mode == "one":
    # FILE SERVICE STATE TEXT-START: exactly one line, that one.
    out, service, state, start = sys.argv[2:6]
    ls = lines(out)
    if len(ls) != 1:
        sys.exit("%d lines, want 1: %r" % (len(ls), ls))
    m = parse(ls[0])
    if (m.group("service"), m.group("state")) != (service, state) or \
       not m.group("text").startswith(start):
        sys.exit("got %r" % ls[0])
    print(ls[0][:100])
PY

# The tasks of the fleet, as --discover lists them.
if [ $have_server = yes ] && [ -x "$TASKS_PLUGIN" ]; then
	"$TASKS_PLUGIN" -U "$fleet/basic/cmk-discover" --access-key-id "$ts_akid" \
		--secret-key-file "$work/nd.secret" --discover >"$work/discover.json" 2>&1
fi

# --- 2. the lines: one per task, as check_replication_status, and a summary
run_check
if [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" fleet "$work/run.out" "$work/discover.json" "$STATUS_PLUGIN" \
		"$fleet/basic/cmk-status" "$ts_akid" "$work/nd.secret" >"$work/check.out" 2>&1 &&
	tail -n 1 "$work/run.out" | grep -q '^2 "Replication tasks" tasks=19;;;0;|ok=9;;;0;|warning=5;;;0;|critical=4;;;0;|unknown=1;;;0;|unreached=0;;;0;|delay_max=1200;;;0;|time=[0-9.]*;;;0; 19 tasks: 4 critical, 5 warning, 1 unknown, 9 ok\\n\[CRITICAL\] '; then
	ok "replication_tasks against the fleet 'basic': exit 0 although CRITICAL; $(cat "$work/check.out")"
else
	not_ok "replication_tasks against the fleet 'basic': strict local check lines, one per task as check_replication_status, and the summary (exit $(cat "$work/run.rc"))"
	cat "$work/check.out" "$work/run.err" 2>/dev/null | diag
	cut -c1-200 "$work/run.out" | diag
	[ -x "$TASKS_PLUGIN" ] || echo "$TASKS_PLUGIN not built" | diag
fi

# --- 3. the caching form: local/300/, as the agent runs it ----------------
# The emulated agent: a check in local/N/ runs in the background with its
# output going to a cache file that replaces the old one only when the
# check exits 0; each agent run prints the cache file it finds, every line
# prefixed with "cached(MTIME,N) ", and starts a new run once the cache is
# older than N seconds.
mkdir -p "$work/agent/local/300" "$work/agent/cache"
cp "$script" "$work/agent/local/300/replication_tasks"
chmod 755 "$work/agent/local/300/replication_tasks"
cat >"$work/agent/run-local" <<'EOF'
#!/bin/sh
# run-local LOCALDIR CACHEDIR: one agent run's <<<local>>> section, the
# asynchronous part only.
echo '<<<local:sep(0)>>>'
now=$(date +%s)
for dir in "$1"/[0-9]*; do
	[ -d "$dir" ] || continue
	interval=${dir##*/}
	for check in "$dir"/*; do
		[ -x "$check" ] || continue
		cache=$2/local_${check##*/}.cache
		fresh=no
		if [ -s "$cache" ]; then
			mtime=$(stat -c %Y "$cache")
			[ $((now - mtime)) -le "$interval" ] && fresh=yes
			sed "s/^/cached($mtime,$interval) /" "$cache"
		fi
		if [ $fresh = no ] && [ ! -e "$cache.new" ]; then
			( "$check" >"$cache.new" && mv "$cache.new" "$cache" || rm -f "$cache.new" ) \
				</dev/null >/dev/null 2>&1 &
		fi
	done
done
EOF
chmod 755 "$work/agent/run-local"
agent() {
	env MK_CONFDIR="$work" REPLICATION_TASKS_INI="$work/cmk.ini" \
		REPLICATION_TASKS_PLUGIN="$TASKS_PLUGIN" \
		sh "$work/agent/run-local" "$work/agent/local" "$work/agent/cache"
}
agent >"$work/agent1.out" 2>&1
i=0
while [ ! -s "$work/agent/cache/local_replication_tasks.cache" ] && [ $i -lt 300 ]; do
	sleep 0.1
	i=$((i + 1))
done
agent >"$work/agent2.out" 2>&1
sed 1d "$work/agent2.out" >"$work/agent2.lines"
mtime=$(stat -c %Y "$work/agent/cache/local_replication_tasks.cache" 2>/dev/null)
if [ "$(cat "$work/agent1.out")" = '<<<local:sep(0)>>>' ] && [ -n "$mtime" ] &&
	"$py" "$work/lines.py" cached "$work/agent2.lines" 300 "$mtime" 20 >"$work/cached.out" 2>&1; then
	ok "local/300/replication_tasks run as the agent runs it: the first run only starts it, the next prints $(cat "$work/cached.out"), each a strict local check line"
else
	not_ok "local/300/replication_tasks run as the agent runs it: cached(MTIME,300) before each strict local check line"
	cat "$work/cached.out" "$work/agent1.out" 2>/dev/null | diag
	head -n 3 "$work/agent2.out" | cut -c1-200 | diag
fi

# The reason replication_tasks exits 0: the same emulation throws away the
# output of a check that exits with the state, as a plugin does.
mkdir -p "$work/agent-rc/local/300" "$work/agent-rc/cache"
printf '#!/bin/sh\n"%s" --extra-opts="check_replication_tasks@%s" --output-format=checkmk\n' \
	"$TASKS_PLUGIN" "$work/cmk.ini" >"$work/agent-rc/local/300/plugin_direct"
chmod 755 "$work/agent-rc/local/300/plugin_direct"
sh "$work/agent/run-local" "$work/agent-rc/local" "$work/agent-rc/cache" >/dev/null 2>&1
i=0
while [ -e "$work/agent-rc/cache/local_plugin_direct.cache.new" ] || [ $i -lt 5 ]; do
	[ $i -ge 300 ] && break
	sleep 0.1
	i=$((i + 1))
done
if [ ! -e "$work/agent-rc/cache/local_plugin_direct.cache" ] &&
	[ -s "$work/agent/cache/local_replication_tasks.cache" ]; then
	ok "negative control: the plugin run directly from local/300/ (exit 2, CRITICAL) leaves no cache, so the agent would report nothing; the script's exit 0 keeps its output"
else
	not_ok "negative control: a cached check that exits 2 leaves no cache"
	ls -la "$work/agent-rc/cache" | diag
fi

# --- 4. sharding: two sections split the account -------------------------
run_check REPLICATION_TASKS_SECTIONS="shard1 shard2"
if [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" shards "$work/run.out" 2 "$work/discover.json" >"$work/shards.out" 2>&1; then
	ok "two sections with --shard 1/2 and 2/2: every task in exactly one, the one FNV-1a 64 of its id names; $(cat "$work/shards.out")"
else
	not_ok "two sections with --shard 1/2 and 2/2: every task in exactly one"
	cat "$work/shards.out" | diag
fi

# --- 5. a broken setup shows as an UNKNOWN line, still exit 0 -------------
fails=""
run_check REPLICATION_TASKS_SECTIONS=wrong-secret
{ [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" one "$work/run.out" "Replication tasks wrong" 3 \
		"cannot read the task list: HTTP 401 Unauthorized: signature mismatch" >"$work/one.out" 2>&1; } ||
	fails="$fails wrong-secret($(cat "$work/one.out"))"
run_check REPLICATION_TASKS_PLUGIN="$work/no-such-plugin"
{ [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" one "$work/run.out" "Replication tasks" 3 \
		"check_replication_tasks not found" >"$work/one.out" 2>&1; } ||
	fails="$fails no-plugin($(cat "$work/one.out"))"
run_check REPLICATION_TASKS_INI="$work/no-such.ini"
{ [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" one "$work/run.out" "Replication tasks" 3 \
		"cannot read $work/no-such.ini" >"$work/one.out" 2>&1; } ||
	fails="$fails no-ini($(cat "$work/one.out"))"
run_check REPLICATION_TASKS_SECTIONS=no-such-section
{ [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" one "$work/run.out" "Replication tasks" 3 \
		"section [no-such-section] not found" >"$work/one.out" 2>&1; } ||
	fails="$fails no-section($(cat "$work/one.out"))"
if [ -z "$fails" ]; then
	ok "a wrong secret, no plugin, no options file, a missing section: one strict UNKNOWN line each, exit 0"
else
	not_ok "a broken setup: one strict UNKNOWN line each, exit 0:$fails"
fi

# --- 6. an empty account is UNKNOWN by default ---------------------------
: >"$work/cmk.ini"
ini check_replication_tasks "$fleet/empty/cmk-empty"
run_check
if [ "$(cat "$work/run.rc")" = 0 ] &&
	"$py" "$work/lines.py" one "$work/run.out" "Replication tasks" 3 \
		"the task list is empty, fewer than --min-tasks 1" >"$work/one.out" 2>&1; then
	ok "an empty account: the one 'Replication tasks' line is UNKNOWN (--min-tasks 1), not a silent OK"
else
	not_ok "an empty account: UNKNOWN"
	cat "$work/one.out" "$work/run.out" | diag
fi
