# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_endings.py - the results no renderer gets to write in the usual
way, and the numbers and series the guidelines and parsers insist on:
  - the watchdog's and the out-of-memory words, in the chosen format and
    in place of --output-file;
  - usage errors in the format and to the file asked for, wherever on the
    command line that request stands;
  - perfdata and metric numbers in plain decimal; one Prometheus series
    per name; a task with two incremental subtasks judged by the later;
    a server's backslash in Checkmk text.
Every case asserts the exact exit code and output (or file)."""

import json
import os

import ndsign
from cases import case, T, USAGE

SIGN = ["--access-key-id", ndsign.ACCESS_KEY_ID, "--secret-key-file", "{tmp}/nd-secret"]
STATE_HELP = "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN."


def prom_state(prefix, rid, state, duration=None):
    text = ("# HELP %s_state %s\n# TYPE %s_state gauge\n%s_state{replication_id=\"%s\"} %d\n"
            % (prefix, STATE_HELP, prefix, prefix, rid, state))
    if duration is not None:
        text += ("# HELP %s_duration_seconds Seconds the check took.\n"
                 "# TYPE %s_duration_seconds gauge\n"
                 "%s_duration_seconds{replication_id=\"%s\"} %s\n"
                 % (prefix, prefix, prefix, rid, duration))
    return text


def file_is(path, want):
    """path holds exactly want (placeholders filled), nothing is left
    beside it, and standard output stayed empty."""
    def check(env, r):
        p = env.sub(path)
        problems = []
        if r.stdout:
            problems.append("stdout not empty: %r" % r.stdout[:200])
        try:
            with open(p, encoding="utf-8") as f:
                got = f.read()
        except OSError as e:
            return problems + ["cannot read %s: %s" % (p, e)]
        if got != env.sub(want):
            problems.append("%s holds %r, want %r" % (p, got, env.sub(want)))
        left = [n for n in os.listdir(os.path.dirname(p)) if n.startswith(".")]
        if left:
            problems.append("temporary files left: %r" % left)
        return problems
    return check


def stale_file(dirname, name):
    """A directory of the case's own, holding an old result that claims OK:
    it must be replaced, not left standing."""
    def setup(env):
        d = os.path.join(env.tmp, dirname)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name), "w") as f:
            f.write(prom_state("replication_precheck", "rp-hang", 0))
    return setup


# ---- the watchdog ---------------------------------------------------------------
# libcurl blocked inside a library call (here: reading the CA file, which
# tests/integration/hang-open.c makes hang) cannot time out by itself: the
# watchdog answers, with what was rendered before the transfer began.

def hung_ca(path):
    return {"LD_PRELOAD": "{hang_shim}", "PRECHECK_TEST_HANG_PATH": path}


WD = ["-U", "{S}", "-r", "rp-hang", "--ca-cert", "{tmp}/wd-hung-ca.pem", "-t", "2"]
case("watchdog: a hung transfer ends after -t, in Nagios text on standard output", WD, 3,
     "PRECHECK UNKNOWN - rp-hang: timeout: no complete answer within 2 s | " + T + "\n",
     env=hung_ca("{tmp}/wd-hung-ca.pem"), max_time=3, min_time=1.9)
case("watchdog: the Prometheus textfile is replaced, not left at its last OK",
     WD + ["--output-format=prometheus", "--output-file={tmp}/wd-prom/precheck.prom"], 3, "",
     env=hung_ca("{tmp}/wd-hung-ca.pem"), max_time=3, min_time=1.9,
     setup=stale_file("wd-prom", "precheck.prom"),
     checks=[file_is("{tmp}/wd-prom/precheck.prom",
                     prom_state("replication_precheck", "rp-hang", 3, "2.5"))])
case("watchdog: the timeout state of -t, in JSON to --output-file (status)",
     ["-U", "{S}", "-r", "rs-doc", "--ca-cert", "{tmp}/wd-hung-ca2.pem", "-t", "2:CRITICAL",
      "--output-format=json", "--output-file={tmp}/wd-json/status.json"] + SIGN, 2, "",
     plugin="status", env=hung_ca("{tmp}/wd-hung-ca2.pem"), max_time=3, min_time=1.9,
     setup=stale_file("wd-json", "status.json"),
     checks=[file_is("{tmp}/wd-json/status.json", json.dumps({
         "state": "CRITICAL", "exit_code": 2,
         "summary": "timeout: no complete answer within 2 s", "replication_id": "rs-doc",
         "error": "timeout: no complete answer within 2 s", "subtasks": [],
         "perfdata": [{"label": "time", "value": 2.5, "uom": "s", "warn": None, "crit": None,
                       "min": 0, "max": None}]}, separators=(",", ":")) + "\n")])

# ---- out of memory -----------------------------------------------------------------
# A 16 MiB message under an 8 MiB data limit: json-c cannot hold it. json-c
# before 0.17 reports that as a syntax error; the plugin says what it is.

OOM = ["-f", "{tmp}/huge-message.json", "-r", "rp-1", "--max-size", "64M"]
DATA_8M = {"RLIMIT_DATA": 8 << 20}
case("out of memory: said as such, not as an invalid response", OOM, 3,
     "PRECHECK UNKNOWN - rp-1: out of memory\n", rlimits=DATA_8M)
case("out of memory: in the format asked for (JSON)", OOM + ["--output-format=json"], 3,
     '{"state":"UNKNOWN","exit_code":3,"summary":"out of memory","replication_id":"rp-1",'
     '"error":"out of memory","items":[],"perfdata":[]}\n', rlimits=DATA_8M)
case("out of memory: in place of --output-file",
     OOM + ["--output-format=prometheus", "--output-file={tmp}/oom/precheck.prom"], 3, "",
     rlimits=DATA_8M, setup=stale_file("oom", "precheck.prom"),
     checks=[file_is("{tmp}/oom/precheck.prom", prom_state("replication_precheck", "rp-1", 3))])
case("out of memory: the same body with memory enough is judged",
     OOM + ["--max-message", "16"], 2,
     "PRECHECK CRITICAL - rp-1: 1 failed of 1 item: A | items=1;;;0 success=0;;;0 warning=0;;;0 "
     "failure=1;;;0 unknown=0;;;0 ignored=0;;;0 " + T + "\n"
     "[CRITICAL] A (a): xxxxxxxxxxxxx\u2026\n")

# ---- usage errors: the format and the file asked for ---------------------------------

case("usage error: JSON although --output-format comes after the bad option (status)",
     ["-U", "{U}", "-r", "rs-1", "-w", "bogus", "--output-format=json"], 3,
     '{"state":"UNKNOWN","exit_code":3,"summary":"--warning: \'bogus\' is not a range: bad end '
     '(a range such as 300, 5m, 10:, ~:90s, @1m:2m; units ms, s, m, h)","replication_id":"rs-1",'
     '"error":"--warning: \'bogus\' is not a range: bad end (a range such as 300, 5m, 10:, ~:90s, '
     '@1m:2m; units ms, s, m, h)","subtasks":[],"perfdata":[]}\n', plugin="status")
case("usage error: Prometheus samples carry the replication_id given",
     ["--output-format=prometheus", "-r", "rp-9", "--bogus", "-U", "{U}"], 3,
     prom_state("replication_precheck", "rp-9", 3))
case("usage error: Prometheus without -r still labels every sample",
     ["--output-format=prometheus", "-U", "{U}"], 3, prom_state("replication_precheck", "", 3))
case("usage error: a stale textfile is replaced by the error",
     ["--output-format=prometheus", "--output-file={tmp}/usage-prom/precheck.prom", "-r", "rp-9",
      "--bogus", "-U", "{U}"], 3, "", setup=stale_file("usage-prom", "precheck.prom"),
     checks=[file_is("{tmp}/usage-prom/precheck.prom",
                     prom_state("replication_precheck", "rp-9", 3))])
case("usage error: Nagios text to --output-file, the synopsis to standard error",
     ["--output-file={tmp}/usage-nagios/out.txt", "-r", "rp-9", "--bogus", "-U", "{U}"], 3, "",
     stderr=USAGE, setup=stale_file("usage-nagios", "out.txt"),
     checks=[file_is("{tmp}/usage-nagios/out.txt",
                     "PRECHECK UNKNOWN - unknown or ambiguous option '--bogus'\n")])
case("usage error: Checkmk, from --extra-opts too",
     ["--extra-opts=@{tmp}/checkmk-format.ini", "-U", "{U}", "-r", "rs-1", "-c", "1:0"], 3,
     '3 "Replication status rs-1" - --critical: \'1:0\' is not a range: start is above end '
     '(a range such as 300, 5m, 10:, ~:90s, @1m:2m; units ms, s, m, h)\n', plugin="status")

# ---- numbers, series and text the parsers insist on -------------------------------------

ST = ["-r", "rs-e", "-w", "0.05ms", "-c", "10m"]
case("plain decimals: a 0.05 ms delay and threshold are not 5e-05",
     ["-f", "{tmp}/tiny-delay.json"] + ST, 0,
     "REPLICATION OK - rs-e: running, inc_writer, delay 0 ms | delay=0.00005s;0.00005;600;0 "
     "inc_writer_percent=0%;;;0;100 " + T + "\n", plugin="status")
case("plain decimals: a delay beyond 64 bits of milliseconds",
     ["-f", "{tmp}/huge-delay.json"] + ST, 2,
     "REPLICATION CRITICAL - rs-e: running, delay 213503982335 days (critical: above 600 s) | "
     "delay=18446744073709552s;0.00005;600;0 inc_writer_percent=12.5%;;;0;100 " + T + "\n",
     plugin="status")
case("plain decimals: JSON numbers too",
     ["-f", "{tmp}/tiny-delay.json", "-r", "rs-e", "-w", "0.05ms", "--output-format=json"], 0,
     '{"state":"OK","exit_code":0,"summary":"running, inc_writer, delay 0 ms",'
     '"replication_id":"rs-e","error":null,"status":"running","current_subtask":"inc_writer",'
     '"delay_seconds":0.00005,"subtasks":[{"type":"inc_writer","state":"OK","status":"running",'
     '"percent":0,"delay_seconds":0.00005}],"perfdata":[{"label":"delay","value":0.00005,'
     '"uom":"s","warn":"0.00005","crit":null,"min":0,"max":null},{"label":"inc_writer_percent",'
     '"value":0,"uom":"%","warn":null,"crit":null,"min":0,"max":100},{"label":"time",'
     '"value":T,"uom":"s","warn":null,"crit":null,"min":0,"max":null}]}\n', plugin="status")
case("two incremental subtasks: the later one's delay is judged",
     ["-f", "{tmp}/two-inc.json"] + ST, 2,
     "REPLICATION CRITICAL - rs-e: running, inc_writer, delay 1 h 0 min (critical: above 600 s) | "
     "delay=3600s;0.00005;600;0 inc_writer_percent=0%;;;0;100 " + T + "\n", plugin="status")
case("two subtasks of one type: one perfdata label, at the progress of the one behind",
     ["-f", "{tmp}/two-full.json", "-r", "rs-e"], 0,
     "REPLICATION OK - rs-e: running, inc_writer, delay 672 ms | delay=0.672s;;;0 "
     "full_percent=40%;;;0;100 inc_writer_percent=0%;;;0;100 " + T + "\n", plugin="status")
case("two subtasks of one type: one Prometheus series",
     ["-f", "{tmp}/two-full.json", "-r", "rs-e", "--output-format=prometheus"], 0,
     prom_state("replication_status", "rs-e", 0) +
     "# HELP replication_status_delay_seconds Incremental replication delay in seconds.\n"
     "# TYPE replication_status_delay_seconds gauge\n"
     "replication_status_delay_seconds{replication_id=\"rs-e\"} 0.672\n"
     "# HELP replication_status_subtask_percent Progress of each subtask, 0 to 100.\n"
     "# TYPE replication_status_subtask_percent gauge\n"
     "replication_status_subtask_percent{replication_id=\"rs-e\",subtask=\"full\"} 40\n"
     "replication_status_subtask_percent{replication_id=\"rs-e\",subtask=\"inc_writer\"} 0\n"
     "# HELP replication_status_duration_seconds Seconds the check took.\n"
     "# TYPE replication_status_duration_seconds gauge\n"
     "replication_status_duration_seconds{replication_id=\"rs-e\"} T\n", plugin="status")
case("two precheck items of one itemId: one Prometheus series, at the worse state",
     ["-f", "{tmp}/dup-items.json", "-r", "rp-1", "--output-format=prometheus"], 2,
     prom_state("replication_precheck", "rp-1", 2) +
     "# HELP replication_precheck_items Check items by their final status.\n"
     "# TYPE replication_precheck_items gauge\n"
     "replication_precheck_items{replication_id=\"rp-1\",status=\"success\"} 1\n"
     "replication_precheck_items{replication_id=\"rp-1\",status=\"warning\"} 0\n"
     "replication_precheck_items{replication_id=\"rp-1\",status=\"failure\"} 1\n"
     "replication_precheck_items{replication_id=\"rp-1\",status=\"unknown\"} 0\n"
     "replication_precheck_items{replication_id=\"rp-1\",status=\"ignored\"} 0\n"
     "# HELP replication_precheck_item_state State of each check item: 0 OK, 1 WARNING, "
     "2 CRITICAL, 3 UNKNOWN.\n"
     "# TYPE replication_precheck_item_state gauge\n"
     "replication_precheck_item_state{replication_id=\"rp-1\",item_id=\"dup\"} 2\n"
     "# HELP replication_precheck_duration_seconds Seconds the check took.\n"
     "# TYPE replication_precheck_duration_seconds gauge\n"
     "replication_precheck_duration_seconds{replication_id=\"rp-1\"} T\n")
case("Checkmk: a literal \\n from the server cannot start a detail line",
     ["-f", "{tmp}/backslash.json", "-r", "rs-e", "--output-format=checkmk"], 3,
     "3 \"Replication status rs-e\" time=T;;;0; status 'running\u29f5n[OK] all fine' is not a "
     "known value, inc_writer\n", plugin="status")


def _status(subs, status="running"):
    return {"success": True, "requestId": "req-e",
            "data": {"replicationId": "rs-e", "status": status,
                     "currentSubTaskType": "inc_writer", "subTaskList": subs}}


def _inc(delay, percent=0):
    return {"subTaskType": "inc_writer", "status": "running", "percent": percent, "delay": delay}


def prepare(env):
    def put(name, text):
        with open(os.path.join(env.tmp, name), "w", encoding="utf-8") as f:
            f.write(text if isinstance(text, str) else json.dumps(text))
    put("huge-message.json", {"success": True, "data": {
        "replicationId": "rp-1", "precheckStatus": "failure",
        "items": [{"itemId": "a", "itemName": "A", "status": "failure",
                   "message": "x" * (16 << 20)}]}})
    put("two-inc.json", _status([_inc(1000), _inc(3600000)]))
    put("tiny-delay.json", _status([_inc(0.05)]))
    # 2^64 - 1 ms, written out: json.dumps would not keep the digits.
    put("huge-delay.json", '{"success":true,"data":{"replicationId":"rs-e","status":"running",'
        '"subTaskList":[{"subTaskType":"inc_writer","status":"running","percent":12.5,'
        '"delay":18446744073709551615}]}}')
    put("two-full.json", _status([
        {"subTaskType": "full", "status": "success", "percent": 100},
        {"subTaskType": "full", "status": "running", "percent": 40}, _inc(672)]))
    put("backslash.json", _status([], status="running\\n[OK] all fine"))
    put("dup-items.json", {"success": True, "data": {
        "replicationId": "rp-1", "precheckStatus": "failure", "items": [
            {"itemId": "dup", "itemName": "One", "status": "success", "message": ""},
            {"itemId": "dup", "itemName": "Two", "status": "failure", "message": "bad"}]}})
    put("checkmk-format.ini", "[check_replication_status]\noutput-format = checkmk\n")
