# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_formats.py - --output-format json, prometheus and checkmk, and
--output-file, for both plugins: OK, WARNING, CRITICAL, an API error, a
transport error and a timeout. Every output is compared exactly (its
measured run time normalised to T, cases.normalise), and read back with a
real parser as well: Python's json, prometheus_client's text parser, and a
strict regular expression for the Checkmk local-check line. SELF_TESTS
prove that each reader refuses what it must."""

import json
import os
import re
import subprocess

import ndsign
from cases import SELF_TESTS, case, normalise

SIGN = ["--access-key-id", ndsign.ACCESS_KEY_ID, "--secret-key-file", "{tmp}/nd-secret"]

STATES = ["OK", "WARNING", "CRITICAL", "UNKNOWN"]
RANK = {"CRITICAL": 0, "WARNING": 1, "UNKNOWN": 2, "OK": 3}   # worst first

# ---- what the scenarios hold ------------------------------------------------------

CYCLIC = ("replBidirectionLoopExistCheck", "Cyclic replication check")
SRC = ("srcDataSourceCheck", "Source datasource connection check")
DST = ("dstDataSourceCheck", "Target datasource connection check")
PRIV = ("srcPrivilegeCheck", "Source account privilege check")
DOC_MESSAGE = ("Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 "
               "Caused by: Connection timed out")


def ok_item(who):
    return who + ("OK", "success", "")


# Precheck answers: precheckStatus and the items (id, name, state, status,
# message) in the API's order.
PRECHECK = {
    "rp-all-success": ("success", [ok_item(CYCLIC), ok_item(SRC), ok_item(DST)]),
    "rp-warning": ("warning", [ok_item(CYCLIC),
                               PRIV + ("WARNING", "warning",
                                       "Account repl lacks REPLICATION CLIENT on db2"),
                               ok_item(DST)]),
    "rp-div0qqpbffio": ("failure", [ok_item(CYCLIC),
                                    SRC + ("CRITICAL", "failure", DOC_MESSAGE)]),
}


def sub(kind, state, status, percent, delay=None):
    return (kind, state, status, percent, delay)


# Status answers: status, current subtask, delay (s), the subtasks (type,
# state, status, percent, delay) and the lines -v would not add (not OK).
STATUS = {
    "rs-doc": ("running", "inc_writer", 0.672,
               [sub("schema", "OK", "success", 100), sub("full", "OK", "success", 100),
                sub("inc_writer", "OK", "running", 0, 0.672),
                sub("trigger", "OK", "notStarted", 0)],
               []),
    "rs-stopped": ("stopped", "inc_writer", 0.672,
                   [sub("schema", "OK", "success", 100), sub("full", "OK", "success", 100),
                    sub("inc_writer", "WARNING", "stopped", 0, 0.672),
                    sub("trigger", "WARNING", "notStarted", 0)],
                   ["[WARNING] inc_writer: stopped, 0%, delay 672 ms",
                    "[WARNING] trigger: notStarted, 0%"]),
    "rs-failed": ("failed", "full", None,
                  [sub("schema", "OK", "success", 100), sub("full", "CRITICAL", "failed", 35.5),
                   sub("inc_writer", "WARNING", "notStarted", 0),
                   sub("trigger", "WARNING", "notStarted", 0)],
                  ["[CRITICAL] full: failed, 35.5%", "[WARNING] inc_writer: notStarted, 0%",
                   "[WARNING] trigger: notStarted, 0%"]),
}

# (plugin, replicationId, extra args, exit code, summary, subchecks judged)
RUNS = [
    ("precheck", "rp-all-success", [], 0, "all 3 items passed", 3),
    ("precheck", "rp-warning", [], 1, "1 warning of 3 items: Source account privilege check", 3),
    ("precheck", "rp-div0qqpbffio", [], 2,
     "1 failed of 2 items: Source datasource connection check", 2),
    ("precheck", "rp-nope", [], 3,
     "HTTP 404 Not Found: replication rp-nope not found (requestId req-404-0001)", None),
    ("status", "rs-doc", SIGN, 0, "running, inc_writer, delay 672 ms", 4),
    ("status", "rs-stopped", SIGN, 1, "stopped, inc_writer, delay 672 ms", 4),
    ("status", "rs-failed", SIGN, 2, "failed, full", 4),
    ("status", "rs-api-error", SIGN, 3,
     "HTTP 404 Not Found: replication rs-api-error not found (requestId req-st-err)", None),
]
# No answer at all: the same error for both plugins.
ERRORS = [
    ("connection refused", ["-U", "http://127.0.0.1:{closed}"], 3, None,
     "connection failed: 127.0.0.1 port {closed}: Connection refused"),
    ("timeout", ["-U", "{U}", "-t", "1:CRITICAL"], 2, "rp-hang",
     "timeout: no complete answer within 1 s"),
]
PREFIX = {"precheck": "replication_precheck", "status": "replication_status"}
SERVICE = {"precheck": "Replication precheck", "status": "Replication status"}
SUBS = {"precheck": "items", "status": "subtasks"}

# The keys of each object, exactly: one that appears or vanishes is a change
# of the format.
TOP_KEYS = ["state", "exit_code", "summary", "replication_id", "error"]
JUDGED_KEYS = {"precheck": ["precheck_status"], "status": ["status", "current_subtask",
                                                           "delay_seconds"]}
ITEM_KEYS = {"precheck": {"id", "name", "state", "status", "message", "ignored"},
             "status": {"type", "state", "status", "percent", "delay_seconds"}}
PERF_KEYS = {"label", "value", "uom", "warn", "crit", "min", "max"}


# ---- the exact outputs ---------------------------------------------------------------

def _jdump(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def _pd(label, value, uom="", mx=None):
    return {"label": label, "value": value, "uom": uom, "warn": None, "crit": None, "min": 0,
            "max": mx}


# The item counts of the perfdata and of Prometheus' _items, by final status
# (none of these scenarios has an ignored item).
COUNTED = ("success", "warning", "failure", "unknown", "ignored")


def item_counts(items):
    count = {s: sum(it[3] == s for it in items) for s in COUNTED}
    count["unknown"] = sum(it[3] not in COUNTED for it in items)
    return count


def _perfdata(plugin, rid):
    """[(label, value, uom, max)] of a judged answer, time last as T."""
    if plugin == "precheck":
        items = PRECHECK[rid][1]
        count = item_counts(items)
        return ([("items", len(items), "", None)] +
                [(s, count[s], "", None) for s in COUNTED] + [("time", "T", "s", None)])
    status, current, delay, subs, lines = STATUS[rid]
    return ([("delay", delay, "s", None)] if delay is not None else []) + \
        [(s[0] + "_percent", s[3], "%", 100) for s in subs] + [("time", "T", "s", None)]


def expected_json(plugin, rid, rc, summary, error):
    doc = {"state": STATES[rc], "exit_code": rc, "summary": summary, "replication_id": rid,
           "error": summary if error else None}
    if error:
        doc[SUBS[plugin]] = []
        perf = [("time", "T", "s", None)]
    elif plugin == "precheck":
        status, items = PRECHECK[rid]
        doc["precheck_status"] = status
        doc["items"] = [{"id": i, "name": n, "state": st, "status": s, "message": m,
                         "ignored": False}
                        for i, n, st, s, m in sorted(items, key=lambda it: RANK[it[2]])]
        perf = _perfdata(plugin, rid)
    else:
        status, current, delay, subs, lines = STATUS[rid]
        doc.update({"status": status, "current_subtask": current, "delay_seconds": delay})
        doc["subtasks"] = [{"type": t, "state": st, "status": s, "percent": p,
                            "delay_seconds": d} for t, st, s, p, d in subs]
        perf = _perfdata(plugin, rid)
    doc["perfdata"] = [_pd(label, "@T@" if v == "T" else v, uom, mx) for label, v, uom, mx in perf]
    return _jdump(doc).replace('"@T@"', "T") + "\n"


def _prom_family(name, help_text, samples):
    out = "# HELP %s %s\n# TYPE %s gauge\n" % (name, help_text, name)
    for labels, value in samples:
        out += "%s{%s} %s\n" % (name, ",".join('%s="%s"' % kv for kv in labels), value)
    return out


def expected_prometheus(plugin, rid, rc, error):
    pre = PREFIX[plugin]
    rl = [("replication_id", rid)]
    out = _prom_family(pre + "_state", "State of the check: 0 OK, 1 WARNING, 2 CRITICAL, "
                       "3 UNKNOWN.", [(rl, rc)])
    if not error and plugin == "precheck":
        items = PRECHECK[rid][1]
        count = item_counts(items)
        out += _prom_family(pre + "_items", "Check items by their final status.",
                            [(rl + [("status", s)], count[s]) for s in COUNTED])
        out += _prom_family(pre + "_item_state", "State of each check item: 0 OK, 1 WARNING, "
                            "2 CRITICAL, 3 UNKNOWN.",
                            [(rl + [("item_id", it[0])], STATES.index(it[2])) for it in items])
    if not error and plugin == "status":
        status, current, delay, subs, lines = STATUS[rid]
        if delay is not None:
            out += _prom_family(pre + "_delay_seconds", "Incremental replication delay in "
                                "seconds.", [(rl, delay)])
        out += _prom_family(pre + "_subtask_percent", "Progress of each subtask, 0 to 100.",
                            [(rl + [("subtask", s[0])], s[3]) for s in subs])
    out += _prom_family(pre + "_duration_seconds", "Seconds the check took.", [(rl, "T")])
    return out


def expected_checkmk(plugin, rid, rc, summary, error):
    if error:
        perf, lines = [("time", "T", "s", None)], []
    elif plugin == "precheck":
        perf = _perfdata(plugin, rid)
        lines = ["[%s] %s (%s): %s" % (st, n, i, m)
                 for i, n, st, s, m in sorted(PRECHECK[rid][1], key=lambda it: RANK[it[2]])
                 if st != "OK"]
    else:
        perf, lines = _perfdata(plugin, rid), STATUS[rid][4]
    metrics = "|".join("%s=%s;;;0;%s" % (label, v, "" if mx is None else mx)
                       for label, v, uom, mx in perf)
    return '%d "%s %s" %s %s\n' % (rc, SERVICE[plugin], rid, metrics,
                                    "\\n".join([summary] + lines))


# ---- readers ------------------------------------------------------------------

PROM_READER = (
    "import json, sys\n"
    "from prometheus_client.parser import text_string_to_metric_families\n"
    "out = []\n"
    "for fam in text_string_to_metric_families(sys.stdin.read()):\n"
    "    for s in fam.samples:\n"
    "        out.append([fam.name, fam.type, s.labels, s.value])\n"
    "json.dump(out, sys.stdout)\n")


def prometheus_samples(text):
    """[(family, type, labels, value)] by prometheus_client's own parser.
    Debian's python3-prometheus-client is read by Debian's python3, which
    may not be the python3 running this suite."""
    for py in ("python3", "/usr/bin/python3"):
        r = subprocess.run([py, "-c", PROM_READER], input=text.encode(), capture_output=True)
        if r.returncode == 0:
            return json.loads(r.stdout)
        if b"No module named" not in r.stderr:
            raise ValueError("prometheus parser: " + r.stderr.decode(errors="replace")[-400:])
    raise ValueError("prometheus_client not found (install python3-prometheus-client)")


CHECKMK_RE = re.compile(
    r'(?P<state>[0-3]) "(?P<service>[^"\n]+)" '
    r'(?P<metrics>-|[A-Za-z0-9_]+=[^ ;|]+(;[^ ;|]*){0,4}(\|[A-Za-z0-9_]+=[^ ;|]+(;[^ ;|]*){0,4})*) '
    r'(?P<text>[^\n]*)\n\Z')


def json_check(plugin, rid, rc, summary, n_subs, error):
    def check(env, r):
        try:
            doc = json.loads(r.stdout.decode("utf-8"))
        except ValueError as e:
            return ["not JSON: %s: %r" % (e, r.stdout[:300])]
        if not isinstance(doc, dict):
            return ["not a JSON object: %r" % r.stdout[:300]]
        want_summary = env.sub(summary) if summary else None
        problems = []
        keys = TOP_KEYS + ([] if error else JUDGED_KEYS[plugin]) + [SUBS[plugin], "perfdata"]
        if list(doc) != keys:
            problems.append("keys %r, want %r" % (list(doc), keys))
        for key, want in (("state", STATES[rc]), ("exit_code", rc), ("replication_id", rid)):
            if doc.get(key) != want:
                problems.append("%s = %r, want %r" % (key, doc.get(key), want))
        if want_summary is not None and doc.get("summary") != want_summary:
            problems.append("summary = %r, want %r" % (doc.get("summary"), want_summary))
        if error and doc.get("error") != doc.get("summary"):
            problems.append("error = %r, want the summary" % doc.get("error"))
        if not error and doc.get("error") is not None:
            problems.append("error = %r on a judged result" % doc.get("error"))
        subs = doc.get(SUBS[plugin])
        if not isinstance(subs, list) or (n_subs is not None and len(subs) != n_subs):
            problems.append("%s = %r" % (SUBS[plugin], subs))
        perf = doc.get("perfdata")
        if not isinstance(perf, list) or not perf or perf[-1].get("label") != "time":
            problems.append("perfdata does not end with time: %r" % perf)
        for p in perf or []:
            if set(p) != PERF_KEYS:
                problems.append("perfdata keys %r, want %r" % (sorted(p), sorted(PERF_KEYS)))
        for it in subs if isinstance(subs, list) else []:
            if not isinstance(it, dict) or set(it) != ITEM_KEYS[plugin]:
                problems.append("%s keys %r, want %r" % (
                    SUBS[plugin], sorted(it) if isinstance(it, dict) else it,
                    sorted(ITEM_KEYS[plugin])))
        return problems
    return check


def prometheus_check(plugin, rid, rc, error=False):
    def check(env, r):
        try:
            samples = prometheus_samples(r.stdout.decode("utf-8"))
        except ValueError as e:
            return [str(e)]
        pre = PREFIX[plugin]
        by_name = {}
        for name, typ, labels, value in samples:
            by_name.setdefault(name, []).append((labels, value))
        problems = []
        state = by_name.get(pre + "_state")
        if state != [({"replication_id": rid}, float(rc))]:
            problems.append("%s_state = %r, want %d" % (pre, state, rc))
        if len(by_name.get(pre + "_duration_seconds", [])) != 1:
            problems.append("no %s_duration_seconds" % pre)
        if plugin == "precheck" and not error:
            statuses = {l["status"] for l, v in by_name.get(pre + "_items", [])}
            if statuses != {"success", "warning", "failure", "unknown", "ignored"}:
                problems.append("%s_items statuses %r" % (pre, statuses))
            if not by_name.get(pre + "_item_state"):
                problems.append("no %s_item_state" % pre)
        if plugin == "status" and not error:
            if not by_name.get(pre + "_subtask_percent"):
                problems.append("no %s_subtask_percent" % pre)
        return problems
    return check


def checkmk_check(plugin, rid, rc, summary):
    def check(env, r):
        text = r.stdout.decode("utf-8")
        m = CHECKMK_RE.match(text)
        if not m:
            return ["not a Checkmk local-check line: %r" % text[:300]]
        problems = []
        if int(m.group("state")) != rc:
            problems.append("state %s, want %d" % (m.group("state"), rc))
        if m.group("service") != "%s %s" % (SERVICE[plugin], rid):
            problems.append("service %r" % m.group("service"))
        if summary and not m.group("text").startswith(env.sub(summary)):
            problems.append("text %r does not start with %r" % (m.group("text"), env.sub(summary)))
        return problems
    return check


def format_cases(plugin, rid, args, rc, summary, n_subs, error, label, max_time=None):
    common = ["-r", rid] + args
    case("format json: %s %s" % (plugin, label), common + ["--output-format=json"], rc,
         expected_json(plugin, rid, rc, summary, error), plugin=plugin,
         checks=[json_check(plugin, rid, rc, summary, n_subs, error)], max_time=max_time)
    case("format prometheus: %s %s" % (plugin, label), common + ["--output-format", "prometheus"],
         rc, expected_prometheus(plugin, rid, rc, error), plugin=plugin,
         checks=[prometheus_check(plugin, rid, rc, error)], max_time=max_time)
    case("format checkmk: %s %s" % (plugin, label), common + ["--output-format=checkmk"], rc,
         expected_checkmk(plugin, rid, rc, summary, error), plugin=plugin,
         checks=[checkmk_check(plugin, rid, rc, summary)], max_time=max_time)


for plugin, rid, args, rc, summary, n_subs in RUNS:
    format_cases(plugin, rid, ["-U", "{U}"] + args, rc, summary, n_subs, rc == 3 and n_subs is None,
                 rid)
for plugin in ("precheck", "status"):
    for label, args, rc, rid, summary in ERRORS:
        format_cases(plugin, rid or "rp-x", args + (SIGN if plugin == "status" else []), rc,
                     summary, None, True, label, max_time=3)


# ---- --output-file ------------------------------------------------------------------

def file_holds(path, fmt, want, fmt_check):
    """The file holds exactly want (its run time normalised), which the
    format check accepts too; stdout is empty (the case's out)."""
    def check(env, r):
        p = env.sub(path)
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError as e:
            return ["cannot read %s: %s" % (p, e)]
        problems = []
        leftovers = [n for n in os.listdir(os.path.dirname(p)) if n.startswith(".")]
        if leftovers:
            problems.append("temporary files left: %r" % leftovers)
        got = normalise(data.decode("utf-8", "backslashreplace"), fmt)
        if got != env.sub(want):
            problems.append("%s holds %r, want %r" % (p, got, env.sub(want)))

        class R:
            stdout = data
        return problems + fmt_check(env, R)
    return check


def make_dir(name):
    """Each writing case gets a directory of its own: cases run in parallel, and
    file_holds() would see another case's temporary file as a leftover."""
    def setup(env):
        os.makedirs(os.path.join(env.tmp, name), exist_ok=True)
    return setup


DOC_SUMMARY = "1 failed of 2 items: Source datasource connection check"
case("--output-file: prometheus into node_exporter's textfile directory",
     ["-U", "{U}", "-r", "rp-div0qqpbffio", "--output-format=prometheus",
      "--output-file={tmp}/textfile-precheck/precheck.prom"], 2, "",
     setup=make_dir("textfile-precheck"),
     checks=[file_holds("{tmp}/textfile-precheck/precheck.prom", "prometheus",
                        expected_prometheus("precheck", "rp-div0qqpbffio", 2, False),
                        prometheus_check("precheck", "rp-div0qqpbffio", 2))])
case("--output-file: the status plugin's JSON",
     ["-U", "{U}", "-r", "rs-doc", "--output-format=json", "--output-file={tmp}/textfile-status/st.json"]
     + SIGN, 0, "", plugin="status", setup=make_dir("textfile-status"),
     checks=[file_holds("{tmp}/textfile-status/st.json", "json",
                        expected_json("status", "rs-doc", 0, "running, inc_writer, delay 672 ms",
                                      False),
                        json_check("status", "rs-doc", 0, "running, inc_writer, delay 672 ms", 4,
                                   False))])
_NO_DIR = ("cannot write --output-file {tmp}/no-such-dir/precheck.json: No such file or "
           "directory")
case("--output-file that cannot be written: UNKNOWN on stdout, in JSON",
     ["-U", "{U}", "-r", "rp-div0qqpbffio", "--output-format=json",
      "--output-file={tmp}/no-such-dir/precheck.json"], 3,
     expected_json("precheck", "rp-div0qqpbffio", 3, _NO_DIR, True),
     checks=[json_check("precheck", "rp-div0qqpbffio", 3, _NO_DIR, 0, True),
             lambda env, r: ["%s was created" % env.sub("{tmp}/no-such-dir")]
             if os.path.exists(env.sub("{tmp}/no-such-dir")) else []])


# ---- the readers refuse what they must ---------------------------------------------


class _Out:
    def __init__(self, text):
        self.stdout = text.encode()


def _must_refuse(check, text, what):
    """A problem list: empty when check finds fault with text."""
    def test(env):
        found = check(env, _Out(text))
        return [] if found else ["the check accepted %s: %r" % (what, text[:300])]
    return test


def _json_variants(plugin, rid, rc, summary):
    """The expected document, and ones with a key too many or too few."""
    good = json.loads(expected_json(plugin, rid, rc, summary, False).replace(":T,", ":0.1,"))
    sub_key = SUBS[plugin]
    noun = {"precheck": "an item", "status": "a subtask"}[plugin]
    first_key = sorted(ITEM_KEYS[plugin])[0]
    out = []
    d = json.loads(json.dumps(good))
    d[sub_key][0]["extra"] = 1
    out.append(("%s with an extra key" % noun, d))
    d = json.loads(json.dumps(good))
    del d[sub_key][-1][first_key]
    out.append(("%s without %r" % (noun, first_key), d))
    d = json.loads(json.dumps(good))
    d["extra"] = None
    out.append(("an extra top-level key", d))
    d = json.loads(json.dumps(good))
    del d[JUDGED_KEYS[plugin][0]]
    out.append(("no %r" % JUDGED_KEYS[plugin][0], d))
    d = json.loads(json.dumps(good))
    del d["perfdata"][0]["max"]
    out.append(("a perfdata entry without 'max'", d))
    return good, out


for _plugin, _rid, _rc, _summary, _n in (("precheck", "rp-warning", 1, RUNS[1][4], 3),
                                         ("status", "rs-stopped", 1, RUNS[5][4], 4)):
    _good, _bad = _json_variants(_plugin, _rid, _rc, _summary)
    _check = json_check(_plugin, _rid, _rc, _summary, _n, False)
    SELF_TESTS.append(("self-test: the json check accepts the expected %s document" % _plugin,
                       lambda env, c=_check, g=_good: c(env, _Out(_jdump(g) + "\n"))))
    for _what, _doc in _bad:
        SELF_TESTS.append(("self-test: the json check refuses %s (%s)" % (_what, _plugin),
                           _must_refuse(_check, _jdump(_doc) + "\n", _what)))
SELF_TESTS.append((
    "self-test: the prometheus check refuses a wrong state",
    _must_refuse(prometheus_check("precheck", "rp-warning", 1),
                 expected_prometheus("precheck", "rp-warning", 2, False).replace(" T\n", " 0.1\n"),
                 "state 2 for 1")))
SELF_TESTS.append((
    "self-test: the checkmk check refuses a metric without a value",
    _must_refuse(checkmk_check("precheck", "rp-warning", 1, RUNS[1][4]),
                 expected_checkmk("precheck", "rp-warning", 1, RUNS[1][4], False)
                 .replace("items=3;", "items=;").replace("time=T;", "time=0.1;"),
                 "items=")))
