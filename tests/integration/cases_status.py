# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_status.py - check_replication_status against the signing test
server: the whole status table, delay thresholds in every unit and range
form, a missing delay, both documented shapes, and errors.
Scenarios: tests/server/scenarios_status.py."""

import os

import ndsign
from cases import T, case, expected_file

AK, SK = ndsign.ACCESS_KEY_ID, ndsign.SECRET_KEY
SIGN = ["--access-key-id", AK, "--secret-key-file", "{tmp}/nd-secret"]

STATUS_USAGE = (
    "Usage: check_replication_status {-U URL or -H HOST [-p PORT] [-S] or -f FILE} -r ID\n"
    "       [--access-key-id ID --secret-key-file FILE] [-w RANGE] [-c RANGE]\n"
    "       [-t SECONDS[:STATE]] [--retries N] [--map VALUE=STATE]... [--error-state STATE]\n"
    "       [--output-format FORMAT] [--output-file PATH] [--extra-opts [SECTION][@FILE]]\n"
    "       [-v]...\n")

# The percent perfdata of the four subtasks most scenarios answer with.
PCT4 = ("schema_percent=100%;;;0;100 full_percent=100%;;;0;100 inc_writer_percent=0%;;;0;100 "
        "trigger_percent=0%;;;0;100")


def prepare(env):
    path = os.path.join(env.tmp, "status.ini")
    with open(path, "w") as f:
        f.write("[check_replication_status]\naccess-key-id = %s\nsecret-key-file = %s/nd-secret\n"
                "warning = 5m\ncritical = 15m\n" % (AK, env.tmp))
    os.chmod(path, 0o600)


def st(rid, state, summary, perf):
    return "REPLICATION %s - %s: %s | %s\n" % (state, rid, summary, (perf + " " + T).lstrip())


def status_case(name, args, rc, out, **kw):
    case("status: " + name, args, rc, out, plugin="status", **kw)


def signed(rid, *more):
    return ["-U", "{U}", "-r", rid] + SIGN + list(more)


# --- the documented example ------------------------------------------------------

status_case("the documented example is OK", signed("rs-doc"), 0,
            st("rs-doc", "OK", "running, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4))
status_case("-v lists every subtask", signed("rs-doc~v", "-v"), 0,
            st("rs-doc~v", "OK", "running, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4) +
            "[OK] schema: success, 100%\n[OK] full: success, 100%\n"
            "[OK] inc_writer: running, 0%, delay 672 ms\n"
            "[OK] trigger: notStarted (pending), 0%\n")
status_case("the older shape, fields beside success", signed("rs-top"), 0,
            st("rs-top", "OK", "running, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4))
status_case("thresholds in an --extra-opts section", ["--extra-opts=@{tmp}/status.ini", "-U", "{U}",
                                                       "-r", "rs-doc~ini"], 0,
            st("rs-doc~ini", "OK", "running, inc_writer, delay 672 ms",
               "delay=0.672s;300;900;0 " + PCT4))

# --- the status table ------------------------------------------------------------

NO_SUBS = ""
for rid, rc, state, summary, perf, lines in (
    ("rs-running", 0, "OK", "running, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4, ""),
    ("rs-success", 0, "OK", "success, inc_writer", PCT4, ""),
    ("rs-starting", 0, "OK", "starting (transient), schema",
     "schema_percent=100%;;;0;100 full_percent=0%;;;0;100 "
     "inc_writer_percent=0%;;;0;100 trigger_percent=0%;;;0;100", ""),
    ("rs-prechecking", 0, "OK", "preChecking (transient)", NO_SUBS, ""),
    ("rs-precheck-success", 0, "OK", "preCheckSuccess (transient)", NO_SUBS, ""),
    ("rs-create-success", 0, "OK", "createSuccess (transient)", NO_SUBS, ""),
    ("rs-suspended", 1, "WARNING", "suspended, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4,
     "[WARNING] inc_writer: suspended, 0%, delay 672 ms\n[WARNING] trigger: notStarted, 0%\n"),
    ("rs-stopped", 1, "WARNING", "stopped, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4,
     "[WARNING] inc_writer: stopped, 0%, delay 672 ms\n[WARNING] trigger: notStarted, 0%\n"),
    ("rs-not-started", 1, "WARNING", "notStarted", NO_SUBS, ""),
    ("rs-locked", 1, "WARNING", "locked, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4,
     "[WARNING] trigger: notStarted, 0%\n"),
    ("rs-failed", 2, "CRITICAL", "failed, full",
     "schema_percent=100%;;;0;100 full_percent=35.5%;;;0;100 "
     "inc_writer_percent=0%;;;0;100 trigger_percent=0%;;;0;100",
     "[CRITICAL] full: failed, 35.5%\n[WARNING] inc_writer: notStarted, 0%\n"
     "[WARNING] trigger: notStarted, 0%\n"),
    ("rs-abnormal", 2, "CRITICAL", "abnormal, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4,
     "[CRITICAL] inc_writer: abnormal, 0%, delay 672 ms\n[WARNING] trigger: notStarted, 0%\n"),
    ("rs-precheck-failed", 2, "CRITICAL", "preCheckFailed", NO_SUBS, ""),
    # an unknown task status does not make the trigger merely pending, and
    # WARNING ranks above UNKNOWN
    ("rs-weird", 1, "WARNING", "status 'migrating' is not a known value, inc_writer, delay 672 ms",
     "delay=0.672s;;;0 " + PCT4, "[WARNING] trigger: notStarted, 0%\n"),
    ("rs-upper", 0, "OK", "RUNNING, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4, ""),
    ("rs-subtask-failed", 2, "CRITICAL", "running, inc_writer, delay 672 ms",
     "delay=0.672s;;;0 " + PCT4, "[CRITICAL] trigger: failed, 0%\n"),
):
    status_case("table: %s is %s" % (rid, state), signed(rid), rc, st(rid, state, summary, perf) + lines)

# stopped=OK makes the task OK; its trigger is then merely pending.
status_case("--map overrides a row of the table", signed("rs-stopped~map", "--map", "stopped=OK"), 0,
            st("rs-stopped~map", "OK", "stopped, inc_writer, delay 672 ms",
               "delay=0.672s;;;0 " + PCT4))

# --- delay thresholds: every unit and range form -----------------------------------

for ms, w, c, rc, state, words, perf in (
    (672, "5m", "15m", 0, "OK", "delay 672 ms", "delay=0.672s;300;900;0"),
    (400000, "5m", "15m", 1, "WARNING", "delay 6 min 40 s (warning: above 300 s)", "delay=400s;300;900;0"),
    (1000000, "5m", "15m", 2, "CRITICAL", "delay 16 min 40 s (critical: above 900 s)",
     "delay=1000s;300;900;0"),
    (672, "500ms", None, 1, "WARNING", "delay 672 ms (warning: above 0.5 s)", "delay=0.672s;0.5;;0"),
    (672, "1s", "2s", 0, "OK", "delay 672 ms", "delay=0.672s;1;2;0"),
    (7300000, None, "3h", 0, "OK", "delay 2 h 1 min", "delay=7300s;;10800;0"),
    (7300000, None, "1.5h", 2, "CRITICAL", "delay 2 h 1 min (critical: above 5400 s)",
     "delay=7300s;;5400;0"),
    (5000, "10:", None, 1, "WARNING", "delay 5.0 s (warning: below 10 s)", "delay=5s;10:;;0"),
    (95000, "~:90s", None, 1, "WARNING", "delay 1 min 35 s (warning: above 90 s)", "delay=95s;~:90;;0"),
    (90000, "@1m:2m", None, 1, "WARNING", "delay 1 min 30 s (warning: within 60 to 120 s)",
     "delay=90s;@60:120;;0"),
    (30000, "@1m:2m", None, 0, "OK", "delay 30.0 s", "delay=30s;@60:120;;0"),
    (10000, None, "30s:2m", 2, "CRITICAL", "delay 10.0 s (critical: outside 30 to 120 s)",
     "delay=10s;;30:120;0"),
    (600000, "300", "600", 1, "WARNING", "delay 10 min 0 s (warning: above 300 s)",
     "delay=600s;300;600;0"),
):
    rid = "rs-delay~%d" % ms
    args = signed(rid)
    if w:
        args += ["-w", w]
    if c:
        args += ["--critical=" + c]
    status_case("delay %d ms with -w %s -c %s" % (ms, w, c), args, rc,
                st(rid, state, "running, inc_writer, " + words, perf + " " + PCT4))

# --- no delay to judge ----------------------------------------------------------

status_case("thresholds, but no incremental subtask: UNKNOWN", signed("rs-no-inc", "-w", "5m"), 3,
            st("rs-no-inc", "UNKNOWN", "running, full, no delay to judge: the answer has no "
               "incremental subtask (inc_writer)",
               "schema_percent=100%;;;0;100 full_percent=100%;;;0;100"))
status_case("thresholds, but the incremental subtask reports no delay: UNKNOWN",
            signed("rs-no-delay", "-c", "1h"), 3,
            st("rs-no-delay", "UNKNOWN", "running, inc_writer, no delay to judge: the incremental "
               "subtask reports no delay", PCT4))
status_case("thresholds, but the incremental subtask is not running: UNKNOWN",
            signed("rs-inc-not-running", "-w", "5m"), 3,
            st("rs-inc-not-running", "UNKNOWN", "running, full, no delay to judge: the incremental "
               "subtask is not running (notStarted)",
               "schema_percent=100%;;;0;100 full_percent=42%;;;0;100 "
               "inc_writer_percent=0%;;;0;100 trigger_percent=0%;;;0;100"))
status_case("no thresholds and no delay: reported, judged by nothing", signed("rs-no-delay~nt"), 0,
            st("rs-no-delay~nt", "OK", "running, inc_writer", PCT4))

# --- hostile text, errors ---------------------------------------------------------

status_case("hostile text in status fields", signed("rs-hostile"), 2,
            st("rs-hostile", "CRITICAL", "running, inc\u00a6writer, delay 1.5 s",
               "delay=1.5s;;;0 inc_writer_percent=0%;;;0;100 we_rd_name_percent=12.5%;;;0;100") +
            "[CRITICAL] we\u00a6rd name: failed, 12.5%\n")
status_case("API error: the service's message", signed("rs-api-error"), 3,
            "REPLICATION UNKNOWN - rs-api-error: HTTP 404 Not Found: replication rs-api-error "
            "not found (requestId req-st-err) | " + T + "\n")
status_case("unknown task: 404 from the server", signed("rs-nope"), 3,
            "REPLICATION UNKNOWN - rs-nope: HTTP 404 Not Found: replication rs-nope not found "
            "(requestId req-404-0001) | " + T + "\n")
status_case("success without data", signed("rs-no-data"), 3,
            "REPLICATION UNKNOWN - rs-no-data: API reported success but sent no data "
            "(requestId req-st-nd) | " + T + "\n")
status_case("subTaskList of the wrong type", signed("rs-bad-subtasks"), 3,
            "REPLICATION UNKNOWN - rs-bad-subtasks: invalid response (HTTP 200): 'subTaskList' is object, not "
            "an array; body starts: {\"success\": true, \"data\": {\"replicationId\": "
            "\"rs-bad-subtasks\", \"status\": \"running\", \"subTaskList\": {\"x\": 1}}} | " + T + "\n")
status_case("a delay that is not a number", signed("rs-bad-delay"), 3,
            "REPLICATION UNKNOWN - rs-bad-delay: invalid response (HTTP 200): 'subTaskList[0].delay' is "
            "string, not a number; body starts: {\"success\": true, \"data\": {\"replicationId\": "
            "\"rs-bad-delay\", \"status\": \"running\", \"subTaskList\": [{\"subTaskType\": "
            "\"inc\u2026 | " + T + "\n")
status_case("the answer is for another task", signed("rs-wrong-task"), 3,
            "REPLICATION UNKNOWN - rs-wrong-task: response is for replication 'rs-someone-else', "
            "not the one asked for | " + T + "\n")
status_case("--error-state CRITICAL", signed("rs-api-error~es", "--error-state", "CRITICAL"), 2,
            "REPLICATION CRITICAL - rs-api-error~es: HTTP 404 Not Found: replication "
            "rs-api-error not found (requestId req-st-err) | " + T + "\n")
status_case("an unsigned request is refused", ["-U", "{U}", "-r", "rs-doc~unsigned"], 3,
            "REPLICATION UNKNOWN - rs-doc~unsigned: HTTP 401 Unauthorized: missing access-key-id, "
            "timestamp or signature header - check the credentials (requestId req-nd-401) | "
            + T + "\n")
status_case("connection refused", ["-U", "http://127.0.0.1:{closed}", "-r", "rs-doc"] + SIGN, 3,
            "REPLICATION UNKNOWN - rs-doc: connection failed: 127.0.0.1 port {closed}: Connection "
            "refused | " + T + "\n")
status_case("a hung server: the timeout state", ["-U", "{U}", "-r", "rp-hang", "-t", "1:CRITICAL"]
            + SIGN, 2,
            "REPLICATION CRITICAL - rp-hang: timeout: no complete answer within 1 s | " + T + "\n",
            max_time=2)
status_case("--file with the documented example", ["-f", "{tmp}/status-doc.json", "-r", "rs-doc"], 0,
            st("rs-doc", "OK", "running, inc_writer, delay 672 ms", "delay=0.672s;;;0 " + PCT4),
            setup=lambda env: open(os.path.join(env.tmp, "status-doc.json"), "wb").write(
                __import__("scenarios").body_for("rs-doc")))

# --- usage -------------------------------------------------------------------------

RANGE_HINT = "(a range such as 300, 5m, 10:, ~:90s, @1m:2m; units ms, s, m, h)"
for bad, why in (("", "bad end"), ("abc", "bad end"), ("10:5", "start is above end"),
                 ("5mm", "bad end"), ("~:", "it has no end"), ("1e400", "bad end"),
                 ("@", "bad end")):
    status_case("usage: -w %r is not a range" % bad, signed("rs-doc", "-w", bad), 3,
                "REPLICATION UNKNOWN - --warning: '%s' is not a range: %s %s\n" % (bad, why, RANGE_HINT)
                + STATUS_USAGE)
status_case("usage: --ignore-item belongs to the precheck plugin",
            signed("rs-doc", "--ignore-item", "x"), 3,
            "REPLICATION UNKNOWN - unknown or ambiguous option '--ignore-item'\n" + STATUS_USAGE)
status_case("--help shows the status table", ["--help"], 3, expected_file("status-help.txt"))
status_case("--version", ["-V"], 3, "check_replication_status {package_version} ({versions})\n")

# --- the demo API (contrib/demo), as ./demo shows it --------------------------------

DEMO = "http://127.0.0.1:{demo}"
DEMO_SIGN = ["--access-key-id", "demo-only-akid-0000",
             "--secret-key-file", "{demodir}/demo-only.secret-key", "-w", "5m", "-c", "15m"]
status_case("demo API: rp-demo-ok", ["-U", DEMO, "-r", "rp-demo-ok"] + DEMO_SIGN, 0,
            st("rp-demo-ok", "OK", "running, inc_writer, delay 672 ms",
               "delay=0.672s;300;900;0 schema_percent=100%;;;0;100 full_percent=100%;;;0;100 "
               "inc_writer_percent=0%;;;0;100"))
status_case("demo API: rp-demo-warning", ["-U", DEMO, "-r", "rp-demo-warning"] + DEMO_SIGN, 1,
            st("rp-demo-warning", "WARNING", "running, inc_writer, delay 7 min 0 s (warning: above "
               "300 s)", "delay=420s;300;900;0 schema_percent=100%;;;0;100 full_percent=100%;;;0;100 "
               "inc_writer_percent=0%;;;0;100"))
status_case("demo API: rp-demo-failure", ["-U", DEMO, "-r", "rp-demo-failure"] + DEMO_SIGN, 2,
            st("rp-demo-failure", "CRITICAL", "failed, full, no delay to judge: the answer has no "
               "incremental subtask (inc_writer)", "schema_percent=100%;;;0;100 "
               "full_percent=35.5%;;;0;100") + "[CRITICAL] full: failed, 35.5%\n")

# ./demo's last command: the demo account's six tasks in one run of
# check_replication_tasks, in pages of four (two list requests), each task
# judged as the cases above judge it one by one; rp-demo-precheck is
# explained by its precheck answer.
DEMO_TASKS = ["-U", DEMO] + DEMO_SIGN + ["--page-size", "4"]
case("tasks: demo API: the whole account, as ./demo runs it", DEMO_TASKS, 2,
     "REPLICATION CRITICAL - 6 tasks: 2 critical, 2 warning, 2 ok | tasks=6;;;0 ok=2;;;0 "
     "warning=2;;;0 critical=2;;;0 unknown=0;;;0 unreached=0;;;0 delay_max=420s;300;900;0 " + T + "\n"
     "[CRITICAL] crm-initial-load (rp-demo-failure): failed, full, no delay to judge: the answer "
     "has no incremental subtask (inc_writer)\n"
     "[CRITICAL] inventory-to-search (rp-demo-precheck): preCheckFailed, no delay to judge: the "
     "answer has no incremental subtask (inc_writer); precheck: 1 failed of 9 items: Source binary "
     "log check\n"
     "[WARNING] billing-to-reporting (rp-demo-warning): running, inc_writer, delay 7 min 0 s "
     "(warning: above 300 s)\n"
     "[WARNING] audit-archive (rp-demo-stopped): stopped, inc_writer, no delay to judge: the "
     "incremental subtask is not running (stopped)\n", plugin="tasks")
# What replication-tasks-to-icinga2 reads: the running tasks (the API's
# status filter), as --discover lists them.
case("tasks: demo API: --discover --status running",
     ["-U", DEMO, "--access-key-id", "demo-only-akid-0000", "--secret-key-file",
      "{demodir}/demo-only.secret-key", "--discover", "--status", "running"], 0,
     '[{"replication_id":"rp-demo-ok","name":"shop-orders-to-warehouse","type":"default",'
     '"status":"running","source_datasource_id":"ds-mysql-shop","target_datasource_id":'
     '"ds-pg-warehouse","multi_active_id":null},{"replication_id":"rp-demo-ok2","name":'
     '"shop-users-to-warehouse","type":"default","status":"running","source_datasource_id":'
     '"ds-mysql-shop","target_datasource_id":"ds-pg-warehouse","multi_active_id":null},'
     '{"replication_id":"rp-demo-warning","name":"billing-to-reporting","type":"default",'
     '"status":"running","source_datasource_id":"ds-mysql-billing","target_datasource_id":'
     '"ds-pg-reporting","multi_active_id":null}]\n', plugin="tasks")
