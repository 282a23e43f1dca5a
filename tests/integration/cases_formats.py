# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_formats.py - --output-format json, prometheus and checkmk, and
--output-file, for both plugins: OK, WARNING, CRITICAL, an API error, a
transport error and a timeout. Every output is read back with a real
parser: Python's json, prometheus_client's text parser, and a strict
regular expression for the Checkmk local-check line."""

import json
import os
import re
import subprocess

import ndsign
from cases import case

SIGN = ["--access-key-id", ndsign.ACCESS_KEY_ID, "--secret-key-file", "{tmp}/nd-secret"]

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
        want_summary = env.sub(summary) if summary else None
        problems = []
        for key, want in (("state", ["OK", "WARNING", "CRITICAL", "UNKNOWN"][rc]), ("exit_code", rc),
                          ("replication_id", rid)):
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
            if set(p) != {"label", "value", "uom", "warn", "crit", "min", "max"}:
                problems.append("perfdata keys %r" % sorted(p))
        if plugin == "status" and not error:
            for key in ("status", "current_subtask", "delay_seconds"):
                if key not in doc:
                    problems.append("no %s" % key)
        if plugin == "precheck" and not error:
            for it in subs or []:
                if set(it) < {"id", "name", "state", "status", "message"}:
                    problems.append("item keys %r" % sorted(it))
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
    case("format json: %s %s" % (plugin, label), common + ["--output-format=json"], rc, None,
         plugin=plugin, checks=[json_check(plugin, rid, rc, summary, n_subs, error)],
         max_time=max_time)
    case("format prometheus: %s %s" % (plugin, label), common + ["--output-format", "prometheus"],
         rc, None, plugin=plugin, checks=[prometheus_check(plugin, rid, rc, error)],
         max_time=max_time)
    case("format checkmk: %s %s" % (plugin, label), common + ["--output-format=checkmk"], rc, None,
         plugin=plugin, checks=[checkmk_check(plugin, rid, rc, summary)], max_time=max_time)


for plugin, rid, args, rc, summary, n_subs in RUNS:
    format_cases(plugin, rid, ["-U", "{U}"] + args, rc, summary, n_subs, rc == 3 and n_subs is None,
                 rid)
for plugin in ("precheck", "status"):
    for label, args, rc, rid, summary in ERRORS:
        format_cases(plugin, rid or "rp-x", args + (SIGN if plugin == "status" else []), rc,
                     summary, None, True, label, max_time=3)


# ---- --output-file ------------------------------------------------------------------

def file_holds(path, fmt_check):
    """The file holds what the format check accepts; stdout is empty."""
    def check(env, r):
        p = env.sub(path)
        if r.stdout:
            return ["stdout not empty: %r" % r.stdout[:200]]
        try:
            with open(p, "rb") as f:
                data = f.read()
        except OSError as e:
            return ["cannot read %s: %s" % (p, e)]
        leftovers = [n for n in os.listdir(os.path.dirname(p)) if n.startswith(".")]
        if leftovers:
            return ["temporary files left: %r" % leftovers]

        class R:
            stdout = data
        return fmt_check(env, R)
    return check


def make_dir(name):
    """Each writing case gets a directory of its own: cases run in parallel, and
    file_holds() would see another case's temporary file as a leftover."""
    def setup(env):
        os.makedirs(os.path.join(env.tmp, name), exist_ok=True)
    return setup


case("--output-file: prometheus into node_exporter's textfile directory",
     ["-U", "{U}", "-r", "rp-div0qqpbffio", "--output-format=prometheus",
      "--output-file={tmp}/textfile-precheck/precheck.prom"], 2, None,
     setup=make_dir("textfile-precheck"),
     checks=[file_holds("{tmp}/textfile-precheck/precheck.prom",
                        prometheus_check("precheck", "rp-div0qqpbffio", 2))])
case("--output-file: the status plugin's JSON",
     ["-U", "{U}", "-r", "rs-doc", "--output-format=json", "--output-file={tmp}/textfile-status/st.json"]
     + SIGN, 0, None, plugin="status", setup=make_dir("textfile-status"),
     checks=[file_holds("{tmp}/textfile-status/st.json",
                        json_check("status", "rs-doc", 0, "running, inc_writer, delay 672 ms", 4,
                                   False))])
case("--output-file that cannot be written: UNKNOWN on stdout, in JSON",
     ["-U", "{U}", "-r", "rp-div0qqpbffio", "--output-format=json",
      "--output-file={tmp}/no-such-dir/precheck.json"], 3, None,
     checks=[json_check("precheck", "rp-div0qqpbffio", 3,
                        "cannot write --output-file {tmp}/no-such-dir/precheck.json: No such file "
                        "or directory", 0, True)])
