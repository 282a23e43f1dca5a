# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_tasks.py - check_replication_tasks against the test server's fleets
(tests/server/scenarios_fleet.py: {F}/NAME/TAG; every TAG a case of its own,
so counters and once-only answers are the case's). Every case asserts the
exact exit code and output, but for the time budget running out, whose
split between judged and unreached tasks depends on the machine; besides,
checks read the server's counters (connections opened, requests by
endpoint), compare every task with what check_replication_status says of
it. promtool and node_exporter read the Prometheus output in
tests/ecosystem/prometheus-textfile.sh, on Debian 12 alone."""

import json
import re
import subprocess
import urllib.request

import ndsign
from cases import case, T

SIGN = ["--access-key-id", ndsign.ACCESS_KEY_ID, "--secret-key-file", "{tmp}/nd-secret"]
TASKS_USAGE = (
    "Usage: check_replication_tasks {-U URL or -H HOST [-p PORT] [-S]}\n"
    "       [--access-key-id ID --secret-key-file FILE] [--status VALUE]...\n"
    "       [--type TYPE] [--keyword TEXT] [--datasource-id ID]\n"
    "       [--source-datasource-id ID] [--target-datasource-id ID] [-r ID]...\n"
    "       [--shard K/N] [--parallel N] [--page-size N] [-w RANGE] [-c RANGE]\n"
    "       [--map VALUE=STATE]... [--min-tasks N] [--discover]\n"
    "       [--output-format FORMAT] [--output-file PATH] [options]\n")
COUNTS = "tasks=%d;;;0 ok=%d;;;0 warning=%d;;;0 critical=%d;;;0 unknown=%d;;;0 unreached=%d;;;0"


def fleet(name, tag, *more):
    return ["-U", "{F}/%s/%s" % (name, tag)] + SIGN + list(more)


def head(state, summary, counts, delay_max=None, thresholds=""):
    perf = COUNTS % counts
    if delay_max is not None:
        perf += " delay_max=%ss;%s;0" % (delay_max, thresholds or ";")
    return "REPLICATION %s - %s | %s %s\n" % (state, summary, perf, T)


def tasks_case(name, args, rc, out, **kw):
    case("tasks: " + name, args, rc, out, plugin="tasks", **kw)


def counters(tag, most_connections=None, **requests):
    """What the server counted for tag: at most most_connections connections,
    and exactly the requests named (list=, status=, precheck=)."""
    def check(env, r):
        url = "http://127.0.0.1:%d/test/connections?tag=%s" % (env.ports["http"], tag)
        got = json.loads(urllib.request.urlopen(url, timeout=10).read())
        problems = []
        if most_connections is not None and not 1 <= got["connections"] <= most_connections:
            problems.append("%d connections opened, want 1 to %d" % (got["connections"],
                                                                   most_connections))
        for k, want in requests.items():
            if got["requests"].get(k) != want:
                problems.append("%d %s requests, want %d" % (got["requests"].get(k), k, want))
        return problems
    return check


# ---- one fleet, every state of the status table ------------------------------------

BASIC = (
    "[CRITICAL] billing-lagging (rs-delay~1200000): running, inc_writer, delay 20 min 0 s "
    "(critical: above 900 s)\n"
    "[CRITICAL] crm-failed (rs-failed~f1): failed, full, no delay to judge: the incremental "
    "subtask is not running (notStarted)\n"
    "[CRITICAL] search-abnormal (rs-abnormal~f1): abnormal, inc_writer, no delay to judge: the "
    "incremental subtask is not running (abnormal)\n"
    "[CRITICAL] hr-precheck-failed (rs-precheck-failed~f1): preCheckFailed, no delay to judge: the "
    "answer has no incremental subtask (inc_writer); precheck: 1 failed of 2 items: Source "
    "datasource connection check\n"
    "[CRITICAL] ops\u00a6prod REPLICATION OK - forged line tab caf\u00e9 \u20ac \U0001f600 "
    "(rs-hostile~f1): running, inc\u00a6writer, delay 1.5 s\n"
    "[WARNING] events-not-started (rs-not-started~f1): notStarted, no delay to judge: the answer "
    "has no incremental subtask (inc_writer)\n"
    "[WARNING] logs-stopped (rs-stopped~f1): stopped, inc_writer, no delay to judge: the "
    "incremental subtask is not running (stopped)\n"
    "[WARNING] metrics-suspended (rs-suspended~f1): suspended, inc_writer, no delay to judge: the "
    "incremental subtask is not running (suspended)\n"
    "[WARNING] ledger-locked (rs-locked~f1): locked, inc_writer, delay 672 ms\n"
    "[WARNING] legacy-migrating (rs-weird~f1): status 'migrating' is not a known value, "
    "inc_writer, delay 672 ms\n"
    "[UNKNOWN] archive-2024-full (rs-success~f1): success, inc_writer, no delay to judge: the "
    "incremental subtask is not running (success)\n"
    "[UNKNOWN] users-starting (rs-starting~f1): starting (transient), schema, no delay to judge: "
    "the incremental subtask is not running (notStarted)\n"
    "[UNKNOWN] inventory-prechecking (rs-prechecking~f1): preChecking (transient), no delay to "
    "judge: the answer has no incremental subtask (inc_writer)\n"
    "[UNKNOWN] catalog-checked (rs-precheck-success~f1): preCheckSuccess (transient), no delay to "
    "judge: the answer has no incremental subtask (inc_writer)\n"
    "[UNKNOWN] payments-created (rs-create-success~f1): createSuccess (transient), no delay to "
    "judge: the answer has no incremental subtask (inc_writer)\n"
    "[UNKNOWN] reports-broken-status (rs-http-500~f1): HTTP 500 Internal Server Error: 500 "
    "Internal Server Error\n")
tasks_case("every status value, the precheck explained, a broken task among judged ones",
           fleet("basic", "t-basic", "-w", "5m", "-c", "15m", "--max-items", "0"), 2,
           head("CRITICAL", "19 tasks: 5 critical, 5 warning, 6 unknown, 3 ok",
                (19, 3, 5, 5, 6, 0), "1200", "300;900") + BASIC,
           checks=[counters("t-basic", 8, list=1, status=19, precheck=1)])
tasks_case("over HTTPS, the same words",
           ["-U", "{FS}/basic/t-tls", "--ca-cert", "{ca}"] + SIGN +
           ["-w", "5m", "-c", "15m", "--max-items", "0"], 2,
           head("CRITICAL", "19 tasks: 5 critical, 5 warning, 6 unknown, 3 ok",
                (19, 3, 5, 5, 6, 0), "1200", "300;900") + BASIC)
tasks_case("the first --max-items tasks, worst first, then a count of the rest",
           fleet("basic", "t-items", "--max-items", "3"), 2,
           head("CRITICAL", "19 tasks: 4 critical, 5 warning, 1 unknown, 9 ok",
                (19, 9, 5, 4, 1, 0), "1200") +
           "[CRITICAL] crm-failed (rs-failed~f1): failed, full\n"
           "[CRITICAL] search-abnormal (rs-abnormal~f1): abnormal, inc_writer, delay 672 ms\n"
           "[CRITICAL] hr-precheck-failed (rs-precheck-failed~f1): preCheckFailed; precheck: 1 "
           "failed of 2 items: Source datasource connection check\n"
           "\u2026 7 more tasks not shown (see --max-items)\n")

# ---- which tasks --------------------------------------------------------------------

tasks_case("--keyword: the API's filter",
           fleet("basic", "t-kw", "--keyword", "geo"), 0,
           head("OK", "2 tasks: 2 ok", (2, 2, 0, 0, 0, 0), "0.672"))
tasks_case("--type forward",
           fleet("basic", "t-type", "--type", "forward"), 0,
           head("OK", "1 task: 1 ok", (1, 1, 0, 0, 0, 0), "0.672"))
tasks_case("--datasource-id: as source or target",
           fleet("basic", "t-ds", "--datasource-id", "ds-pg-01"), 1,
           head("WARNING", "3 tasks: 1 warning, 2 ok", (3, 2, 1, 0, 0, 0), "0.672") +
           "[WARNING] ledger-locked (rs-locked~f1): locked, inc_writer, delay 672 ms\n")
tasks_case("two --status values: filtered here, -v lists every task",
           fleet("basic", "t-st", "--status", "running", "--status", "stopped", "-v"), 2,
           head("CRITICAL", "7 tasks: 1 critical, 1 warning, 1 unknown, 4 ok",
                (7, 4, 1, 1, 1, 0), "1200") +
           "[CRITICAL] ops\u00a6prod REPLICATION OK - forged line tab caf\u00e9 \u20ac \U0001f600 "
           "(rs-hostile~f1): running, inc\u00a6writer, delay 1.5 s\n"
           "[WARNING] logs-stopped (rs-stopped~f1): stopped, inc_writer, delay 672 ms\n"
           "[UNKNOWN] reports-broken-status (rs-http-500~f1): HTTP 500 Internal Server Error: 500 "
           "Internal Server Error\n"
           "[OK] orders-mysql-to-pg (rs-running~f1): running, inc_writer, delay 672 ms\n"
           "[OK] billing-lagging (rs-delay~1200000): running, inc_writer, delay 20 min 0 s\n"
           "[OK] geo-east-to-west (rs-running~fwd): running, inc_writer, delay 672 ms\n"
           "[OK] geo-west-to-east (rs-running~bwd): running, inc_writer, delay 672 ms\n",
           checks=[counters("t-st", list=1, status=7, precheck=0)])
tasks_case("-r restricts the run; a task named and not listed is UNKNOWN",
           fleet("basic", "t-ids", "-r", "rs-running~f1", "-r", "rs-nope"), 3,
           head("UNKNOWN", "2 tasks: 1 unknown, 1 ok", (2, 1, 0, 0, 1, 0), "0.672") +
           "[UNKNOWN] rs-nope: not in the task list\n",
           checks=[counters("t-ids", list=1, status=1)])
tasks_case("-r with --shard: a named task the list gave to another shard is that shard's",
           fleet("basic", "t-ids-shard", "-r", "rs-running~f1", "-r", "rs-failed~f1",
                 "--shard", "2/3"), 2,
           head("CRITICAL", "1 task: 1 critical", (1, 0, 0, 1, 0, 0)) +
           "[CRITICAL] crm-failed (rs-failed~f1): failed, full\n")
tasks_case("-r with two --status values: a named task they leave out is not UNKNOWN",
           fleet("basic", "t-ids-status", "-r", "rs-running~f1", "--status", "failed",
                 "--status", "stopped", "--min-tasks", "0"), 0,
           head("OK", "no tasks match (status=failed, status=stopped, "
                "replication-id=rs-running~f1)", (0, 0, 0, 0, 0, 0)))
tasks_case("an empty fleet is not a healthy one",
           fleet("empty", "t-empty"), 3,
           head("UNKNOWN", "the task list is empty, fewer than --min-tasks 1", (0, 0, 0, 0, 0, 0)))
tasks_case("--min-tasks 0: an empty fleet may be fine",
           fleet("empty", "t-empty0", "--min-tasks", "0"), 0,
           head("OK", "the task list is empty", (0, 0, 0, 0, 0, 0)))
tasks_case("filters that match nothing are named",
           fleet("basic", "t-none", "--shard", "1/3", "--status", "failed"), 3,
           head("UNKNOWN", "no tasks match (status=failed, shard 1/3), fewer than --min-tasks 1",
                (0, 0, 0, 0, 0, 0)))
tasks_case("fewer tasks than --min-tasks",
           fleet("basic", "t-min", "--keyword", "geo", "--min-tasks", "5"), 3,
           head("UNKNOWN", "2 tasks: 2 ok; fewer than --min-tasks 5 match (keyword=geo)",
                (2, 2, 0, 0, 0, 0), "0.672"))

# ---- paging ---------------------------------------------------------------------------

tasks_case("paging follows the page size the server answers with",
           fleet("capped", "t-cap"), 0,
           head("OK", "25 tasks: 25 ok", (25, 25, 0, 0, 0, 0), "0.672"),
           checks=[counters("t-cap", 8, list=3, status=25)])
tasks_case("tasks deleted while paging: counted once, and the shortfall said",
           fleet("vanishing", "t-van", "--page-size", "10"), 0,
           head("OK", "26 tasks: 26 ok; the list said 30 tasks, 26 arrived",
                (26, 26, 0, 0, 0, 0), "0.672"),
           checks=[counters("t-van", list=3, status=26)])

# ---- rate limits, the time budget -----------------------------------------------------

tasks_case("429 and 503 with Retry-After: every new request waits, and each is retried",
           fleet("ratelimit", "t-rate", "--page-size", "4"), 0,
           head("OK", "8 tasks: 8 ok", (8, 8, 0, 0, 0, 0), "0.672"), min_time=1.9, max_time=6,
           checks=[counters("t-rate", 8, list=3, status=10)])


def budget_spent(env, r):
    """The split between judged and unreached tasks is the machine's; what
    must hold is that none is dropped and each unreached one says so."""
    out = r.stdout.decode()
    m = re.match(r"REPLICATION UNKNOWN - 20 tasks: (\d+) ok, (\d+) not checked \(time budget of 2 s "
                 r"spent\) \| tasks=20;;;0 ok=(\d+);;;0 warning=0;;;0 critical=0;;;0 unknown=0;;;0 "
                 r"unreached=(\d+);;;0 delay_max=0\.672s;;;0 time=[0-9.]+s;;;0\n", out)
    if not m:
        return ["line 1 is not the budget's: %r" % out.split("\n")[0]]
    ok, unchecked = int(m.group(1)), int(m.group(2))
    problems = []
    if ok + unchecked != 20 or m.group(3) != m.group(1) or m.group(4) != m.group(2):
        problems.append("the counts do not add up to the 20 tasks")
    if not 1 <= ok <= 12 or unchecked < 1:
        problems.append("%d judged in 2 s at 0.5 s each, 2 at a time" % ok)
    lines = out.split("\n")[1:-1]
    if len(lines) != unchecked or not all(
            re.fullmatch(r"\[UNKNOWN\] slow-s\d\d \(rs-running~s\d\d\): not checked: time budget "
                         r"of 2 s spent", l) for l in lines):
        problems.append("not one 'not checked' line per unreached task: %r" % lines[:3])
    return problems


tasks_case("the time budget runs out mid-fleet: the rest is counted, not dropped",
           fleet("slow", "t-slow", "-t", "2", "--parallel", "2"), 3,
           r"REPLICATION UNKNOWN - 20 tasks: .*", regex=True,
           why="how many tasks 2 s reach depends on the machine; budget_spent checks the rest",
           min_time=1.9, max_time=3, checks=[budget_spent], budget_bound=True)
tasks_case("a thousand tasks: every one reached over at most --parallel connections",
           fleet("big-1000", "t-1000"), 0,
           head("OK", "1000 tasks: 1000 ok", (1000, 1000, 0, 0, 0, 0), "0.672"),
           max_time=20, checks=[counters("t-1000", 8, list=10, status=1000)], budget_bound=True)
tasks_case("--parallel 2: at most two connections",
           fleet("big-100", "t-par2", "--parallel", "2"), 0,
           head("OK", "100 tasks: 100 ok", (100, 100, 0, 0, 0, 0), "0.672"),
           checks=[counters("t-par2", 2, list=1, status=100)])

# ---- refusals ---------------------------------------------------------------------------

tasks_case("an unsigned run: the list is refused, nothing is judged",
           ["-U", "{F}/basic/t-unsigned"], 3,
           head("UNKNOWN", "cannot read the task list: HTTP 401 Unauthorized: missing "
                "access-key-id, timestamp or signature header - check the credentials "
                "(requestId req-nd-401)", (0, 0, 0, 0, 0, 0)))
tasks_case("--file is for one answer",
           ["-f", "{tmp}/doc.json"], 3,
           "REPLICATION UNKNOWN - --file holds one answer; this plugin asks the API about every "
           "task\n" + TASKS_USAGE)


# ---- --discover and --shard -------------------------------------------------------------

tasks_case("--discover: the matching tasks as a JSON array, none judged",
           fleet("basic", "t-disc", "--discover", "--keyword", "geo"), 0,
           '[{"replication_id":"rs-running~fwd","name":"geo-east-to-west","type":"forward",'
           '"status":"running","source_datasource_id":"ds-east-01","target_datasource_id":'
           '"ds-west-01","multi_active_id":"ma-geo-0001"},{"replication_id":"rs-running~bwd",'
           '"name":"geo-west-to-east","type":"backward","status":"running","source_datasource_id":'
           '"ds-west-01","target_datasource_id":"ds-east-01","multi_active_id":"ma-geo-0001"}]\n',
           checks=[counters("t-disc", list=1, status=0, precheck=0)])

tasks_case("--discover: a list cut off by the time budget prints no array, and says why",
           fleet("big-100,lat-600", "t-disc-cut", "--discover", "--page-size", "10", "-t", "2"), 3,
           head("UNKNOWN", "cannot read the task list: timeout: no complete answer within 2 s",
                (0, 0, 0, 0, 0, 0)),
           min_time=1.9, max_time=3, budget_bound=True)
tasks_case("--discover, JSON: a list cut off is no task's verdict",
           fleet("big-100,lat-600", "t-disc-cut-json", "--discover", "--page-size", "10",
                 "-t", "2", "--output-format", "json"), 3,
           r'\{"state":"UNKNOWN","exit_code":3,"summary":"cannot read the task list: timeout: no '
           r'complete answer within 2 s","replication_id":null,"error":"cannot read the task '
           r'list: timeout: no complete answer within 2 s","counts":\{"tasks":0,"ok":0,'
           r'"warning":0,"critical":0,"unknown":0,"unreached":0\},"listed":[0-9]+,"total":100,'
           r'"tasks":\[\],"perfdata":\[.*\]\}\n', regex=True,
           why="how many pages arrive in 2 s depends on the machine ('listed')",
           min_time=1.9, max_time=3, budget_bound=True)


def run_tasks(env, args):
    argv = [env.plugins["tasks"]] + [env.sub(a) for a in args]
    p = subprocess.run(argv, capture_output=True, timeout=120)
    return p.returncode, p.stdout.decode("utf-8")


def shards_split(n):
    """--shard 1/n to n/n over the 10 000 tasks of big-10000: together every
    task, each in exactly one shard, none empty."""
    def check(env, r):
        every = [t["replication_id"] for t in json.loads(r.stdout.decode())]
        problems = []
        if len(every) != 10000 or len(set(every)) != 10000:
            return ["the unsharded run listed %d tasks (%d distinct)" % (len(every), len(set(every)))]
        seen = {}
        for k in range(1, n + 1):
            rc, out = run_tasks(env, fleet("big-10000", "t-shards", "--discover", "--shard",
                                           "%d/%d" % (k, n)))
            ids = [t["replication_id"] for t in json.loads(out)] if rc == 0 else []
            if rc != 0 or not ids:
                problems.append("--shard %d/%d: exit %d, %d tasks" % (k, n, rc, len(ids)))
            for i in ids:
                if i in seen:
                    problems.append("%s in shards %d and %d" % (i, seen[i], k))
                seen[i] = k
        missing = set(every) - set(seen)
        if missing:
            problems.append("%d tasks in no shard, e.g. %s" % (len(missing), sorted(missing)[0]))
        return problems[:10]
    return check


tasks_case("--shard K/N: ten thousand tasks, each in exactly one of the shards",
           fleet("big-10000", "t-shards", "--discover"), 0,
           r'\[\{"replication_id":"rs-running~b00001",.*\}\]\n', regex=True,
           why="the array of 10 000 tasks is checked by shards_split, not spelled out",
           max_time=30, checks=[shards_split(3)], budget_bound=True)

# ---- every format, and each task as check_replication_status says it ---------------------


def same_as_status(tag, fmt):
    """Every task of the fleet, asked with check_replication_status over the
    same fleet prefix, gets the same state and words (JSON: the same object,
    the run time aside; Checkmk: the same line)."""
    def check(env, r):
        out = r.stdout.decode("utf-8")
        if fmt == "json":
            tasks = json.loads(out)["tasks"]
        else:
            tasks = [l for l in out.split("\n")[:-2]]
        problems = []
        ids = [t["replication_id"] for t in tasks] if fmt == "json" else \
            [re.match(r'\d "Replication status (.*?)"', l).group(1) for l in tasks]
        if len(ids) != 19:
            return ["%d tasks in the fleet's output, want 19" % len(ids)]
        for rid, mine in zip(ids, tasks):
            argv = [env.plugins["status"], "-U", env.sub("{F}/basic/%s" % tag), "-r", rid] + \
                [env.sub(a) for a in SIGN] + ["-w", "5m", "-c", "15m", "--output-format=" + fmt]
            p = subprocess.run(argv, capture_output=True, timeout=30)
            theirs = p.stdout.decode("utf-8")
            if fmt == "json":
                a, b = dict(mine), json.loads(theirs)
                a.pop("precheck", None)
                for d in (a, b):
                    for pd in d.get("perfdata", []):
                        if pd.get("label") == "time":
                            pd["value"] = "T"
                if a != b:
                    problems.append("%s: fleet %s, status plugin %s" % (rid, json.dumps(a)[:300],
                                                                      json.dumps(b)[:300]))
                if b["exit_code"] != p.returncode:
                    problems.append("%s: the status plugin exits %d" % (rid, p.returncode))
            else:
                norm = lambda l: re.sub(r"time=[0-9.]+;", "time=T;", l.rstrip("\n"))  # noqa: E731
                # The fleet's line of a preCheckFailed task also says why.
                a = re.sub(r"; precheck: [^\\]*(\\n.*)?$", "", norm(mine))
                if a != norm(theirs):
                    problems.append("%s: fleet %r, status plugin %r" % (rid, a[:200], theirs[:200]))
        return problems
    return check


tasks_case("json: each task is the object check_replication_status prints for it",
           fleet("basic", "t-same-json", "-w", "5m", "-c", "15m", "--output-format=json"), 2,
           r'\{"state":"CRITICAL","exit_code":2,"summary":"19 tasks: 5 critical, 5 warning, '
           r'6 unknown, 3 ok",.*\}\n', regex=True, why="19 task objects, compared one by one with the status plugin's",
           checks=[same_as_status("t-same-json", "json")])
tasks_case("checkmk: each task's line is check_replication_status's, then the fleet's",
           fleet("basic", "t-same-mk", "-w", "5m", "-c", "15m", "--output-format=checkmk"), 2,
           r'([0-3] "Replication status [^"]+" [^\n]*\n){19}2 "Replication tasks" [^\n]*\n',
           regex=True, why="19 lines, compared one by one with the status plugin's",
           checks=[same_as_status("t-same-mk", "checkmk")])
tasks_case("json: the fleet's own fields; one -r is the list's replicationId filter",
           fleet("capped", "t-json", "--output-format=json", "-r", "rs-running~c01"), 0,
           '{"state":"OK","exit_code":0,"summary":"1 task: 1 ok","replication_id":null,'
           '"error":null,"counts":{"tasks":1,"ok":1,"warning":0,"critical":0,"unknown":0,'
           '"unreached":0},"listed":1,"total":1,"tasks":[{"state":"OK","exit_code":0,'
           '"summary":"running, inc_writer, delay 672 ms","replication_id":"rs-running~c01",'
           '"error":null,"status":"running","current_subtask":"inc_writer","delay_seconds":0.672,'
           '"subtasks":[{"type":"schema","state":"OK","status":"success","percent":100,'
           '"delay_seconds":null},{"type":"full","state":"OK","status":"success","percent":100,'
           '"delay_seconds":null},{"type":"inc_writer","state":"OK","status":"running","percent":0,'
           '"delay_seconds":0.672},{"type":"trigger","state":"OK","status":"notStarted","percent":0,'
           '"delay_seconds":null}],"perfdata":[{"label":"delay","value":0.672,"uom":"s","warn":null,'
           '"crit":null,"min":0,"max":null},{"label":"schema_percent","value":100,"uom":"%",'
           '"warn":null,"crit":null,"min":0,"max":100},{"label":"full_percent","value":100,'
           '"uom":"%","warn":null,"crit":null,"min":0,"max":100},{"label":"inc_writer_percent",'
           '"value":0,"uom":"%","warn":null,"crit":null,"min":0,"max":100},{"label":"trigger_percent",'
           '"value":0,"uom":"%","warn":null,"crit":null,"min":0,"max":100},{"label":"time",'
           '"value":T,"uom":"s","warn":null,"crit":null,"min":0,"max":null}]}],"perfdata":['
           '{"label":"tasks","value":1,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"ok","value":1,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"warning","value":0,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"critical","value":0,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"unknown","value":0,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"unreached","value":0,"uom":"","warn":null,"crit":null,"min":0,"max":null},'
           '{"label":"delay_max","value":0.672,"uom":"s","warn":null,"crit":null,"min":0,'
           '"max":null},{"label":"time","value":T,"uom":"s","warn":null,"crit":null,"min":0,'
           '"max":null}]}\n')
tasks_case("checkmk: the fleet's line with its counts",
           fleet("capped", "t-mk", "--output-format=checkmk", "-r", "rs-running~c01"), 0,
           '0 "Replication status rs-running~c01" delay=0.672;;;0;|schema_percent=100;;;0;100|'
           'full_percent=100;;;0;100|inc_writer_percent=0;;;0;100|trigger_percent=0;;;0;100|'
           'time=T;;;0; running, inc_writer, delay 672 ms\n'
           '0 "Replication tasks" tasks=1;;;0;|ok=1;;;0;|warning=0;;;0;|critical=0;;;0;|'
           'unknown=0;;;0;|unreached=0;;;0;|delay_max=0.672;;;0;|time=T;;;0; 1 task: 1 ok\n')

PROM_FLEET = (
    "# HELP replication_tasks_state State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"
    "# TYPE replication_tasks_state gauge\n"
    "replication_tasks_state 0\n"
    "# HELP replication_tasks Tasks of the fleet by the state of their check.\n"
    "# TYPE replication_tasks gauge\n"
    'replication_tasks{state="ok"} 2\n'
    'replication_tasks{state="warning"} 0\n'
    'replication_tasks{state="critical"} 0\n'
    'replication_tasks{state="unknown"} 0\n'
    "# HELP replication_tasks_unreached Tasks of the fleet not checked before the time budget "
    "ran out.\n"
    "# TYPE replication_tasks_unreached gauge\n"
    "replication_tasks_unreached 0\n"
    "# HELP replication_tasks_duration_seconds Seconds the check took.\n"
    "# TYPE replication_tasks_duration_seconds gauge\n"
    "replication_tasks_duration_seconds T\n"
    "# HELP replication_status_state State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 "
    "UNKNOWN.\n"
    "# TYPE replication_status_state gauge\n"
    'replication_status_state{replication_id="rs-running~c01"} 0\n'
    'replication_status_state{replication_id="rs-running~c02"} 0\n'
    "# HELP replication_status_delay_seconds Incremental replication delay in seconds.\n"
    "# TYPE replication_status_delay_seconds gauge\n"
    'replication_status_delay_seconds{replication_id="rs-running~c01"} 0.672\n'
    'replication_status_delay_seconds{replication_id="rs-running~c02"} 0.672\n'
    "# HELP replication_status_subtask_percent Progress of each subtask, 0 to 100.\n"
    "# TYPE replication_status_subtask_percent gauge\n"
    + "".join('replication_status_subtask_percent{replication_id="rs-running~c0%d",subtask="%s"} %d\n'
              % (i, s, v) for i in (1, 2) for s, v in (("schema", 100), ("full", 100),
                                                       ("inc_writer", 0), ("trigger", 0))) +
    "# HELP replication_status_duration_seconds Seconds the check took.\n"
    "# TYPE replication_status_duration_seconds gauge\n"
    'replication_status_duration_seconds{replication_id="rs-running~c01"} T\n'
    'replication_status_duration_seconds{replication_id="rs-running~c02"} T\n')


# promtool and node_exporter read it in tests/ecosystem/prometheus-textfile.sh.
tasks_case("prometheus: one exposition for every task",
           fleet("capped", "t-prom", "--output-format=prometheus", "-r", "rs-running~c01",
                 "-r", "rs-running~c02"), 0, PROM_FLEET)
