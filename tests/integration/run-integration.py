#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""run-integration.py - runs the real plugin binaries against the loopback
test server and prints TAP. Cases are defined in cases.py (and the
cases_*.py it imports) next to this file.

Every case asserts the exact exit code and its standard output; standard
error is asserted too where the case gives it (empty for a quiet run), and
only searched for secrets at -vv and above. The standard output is compared
exactly, after normalising only what varies from run to run
(cases.normalise and the placeholders of cases.py):
  - the measured run time, in each output format: time=T in Nagios and
    Checkmk perfdata, "value":T in JSON's time entry, T as Prometheus'
    *_duration_seconds (only in the plain decimal form the formats promise);
  - the server's ports and the temporary directory ({http}, {https}, {tmp},
    ...), and the random requestId the demo API answers with (DEMO-ID);
  - --version and --help name the libraries the plugin runs with:
    {versions} is what the same shared libraries (ldd) say of themselves,
    {package_version} configure's version.
The few cases that cannot be compared exactly match a pattern instead
(regex=True); each says why (why=), and the runner refuses one that does
not, and a case without an expected output. They are those whose output
holds libcurl's or OpenSSL's own words, which differ between the versions
the suite runs on (libcurl 7.74 to 8.x) or with timing:
  - a body cut short, a certificate's name mismatch (libcurl's wording);
  - an unusual status line (HTTP/1.7, a status that is not three digits):
    which of two libcurl codes it gets, each reported in words of ours;
  - plain HTTP to a TLS port: a reset, a close or the server's alert read
    as HTTP/0.9, depending on timing: one of three exact texts;
  - a client certificate required but not given: our words exactly, then
    libcurl's and OpenSSL's text for the server's alert.
Each pattern spells out everything but those words. The TAP output's first
comment line counts the cases of each kind.

After the cases come the self-tests (cases.SELF_TESTS: each reader and
check the cases use must refuse a bad output) and one test that reads the
perfdata of every Nagios-format case (line 1 after '|') with
Monitoring::Plugin's own parser (perfdata-parse.pl, Debian's
libmonitoring-plugin-perl): a label it rejects or reads otherwise than
printed fails it, and so does the module's absence.

Environment:
  PLUGIN              the binary (default: ../../plugins/check_replication_precheck
                      relative to the current directory, i.e. the build dir)
  STATUS_PLUGIN       likewise for check_replication_status
  PACKAGE_VERSION     the version --version prints (default: from config.h
                      in the build dir above the plugin's)
  PLUGIN_WRAPPER      a command prefix, e.g. "valgrind -q --error-exitcode=99";
                      timing assertions then get TIMING_ALLOWANCE extra seconds
  TIMING_ALLOWANCE    seconds added to time limits (default 0, 15 with a wrapper)
  INTEGRATION_FILTER  only run cases whose name contains this substring
  INTEGRATION_JOBS    parallel cases (default 4)
  KEEP_TMP=1          keep the temporary directory (certs, logs) for debugging
  TESTSERVER_DIR      where testserver.py lives (default ../server next to this file)
  DEMO_API            contrib/demo/demo-api.py (default: found from this file)
"""

import difflib
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_DIR = os.environ.get("TESTSERVER_DIR") or os.path.join(HERE, "..", "server")
sys.path.insert(0, SERVER_DIR)
sys.path.insert(0, HERE)

import scenarios  # noqa: E402
import cases as case_table  # noqa: E402
from cases import HOLD_STDIN  # noqa: E402

TIME_BIN = "/usr/bin/time"
PERFDATA_PARSER = os.path.join(HERE, "perfdata-parse.pl")


# Each case names the plugin it runs; the binaries come from these variables
# or the build tree.
PLUGINS = {"precheck": ("PLUGIN", "check_replication_precheck"),
           "status": ("STATUS_PLUGIN", "check_replication_status"),
           "tasks": ("TASKS_PLUGIN", "check_replication_tasks")}


def find_plugin(which="precheck"):
    var, name = PLUGINS[which]
    p = os.environ.get(var)
    if p:
        return os.path.abspath(p)
    for cand in (os.path.join(os.getcwd(), "..", "..", "plugins", name),
                 os.path.join(HERE, "..", "..", "plugins", name)):
        if os.access(cand, os.X_OK):
            return os.path.abspath(cand)
    return None


def perfdata_self_test(text, expect):
    """The perfdata check must refuse text, saying expect."""
    def test(env):
        ok, problems = check_perfdata([("self-test", text)])
        if ok:
            return ["the perfdata check accepted %r" % text]
        if not any(expect in p for p in problems):
            return ["the perfdata check refused %r without saying %r:" % (text, expect)] + problems
        return []
    return test


case_table.SELF_TESTS += [
    ("self-test: the perfdata check refuses a value U (a label Monitoring::Plugin drops)",
     perfdata_self_test("items=1;;;0 delay=U time=0.1s;;;0", "read 2 of the 3 labels")),
    ("self-test: the perfdata check refuses a threshold that is not a range",
     perfdata_self_test("delay=1s;abc;;0", "read by Monitoring::Plugin::Range as None")),
    ("self-test: the perfdata check refuses a range whose start is above its end",
     perfdata_self_test("delay=1s;;10:5;0", "read by Monitoring::Plugin::Range as None")),
    ("self-test: the perfdata check refuses a min after an inside range it cannot see",
     perfdata_self_test("delay=1s;@1:2;;x", "not label=value")),
]


def package_version(plugin):
    """PACKAGE_VERSION as configure set it: from the environment (make
    check), else the build tree's config.h beside the plugin's directory."""
    if os.environ.get("PACKAGE_VERSION"):
        return os.environ["PACKAGE_VERSION"]
    config_h = os.path.join(os.path.dirname(plugin), "..", "config.h")
    with open(config_h, encoding="utf-8") as f:
        m = re.search(r'^#define PACKAGE_VERSION "([^"]*)"', f.read(), re.M)
    if not m:
        raise RuntimeError("no PACKAGE_VERSION in " + config_h)
    return m.group(1)


def library_versions(plugin):
    """"libcurl V, json-c V, OpenSSL V", as --version must print it: asked of
    the shared libraries the plugin binary is linked with (ldd), by their
    own version functions."""
    import ctypes
    r = subprocess.run(["ldd", plugin], capture_output=True, text=True, check=True)
    paths = {}
    for line in r.stdout.splitlines():
        m = re.match(r"\s*(lib(curl|json-c|crypto)\.so[^ ]*) => (\S+)", line)
        if m:
            paths[m.group(2)] = m.group(3)
    missing = {"curl", "json-c", "crypto"} - set(paths)
    if missing:
        raise RuntimeError("ldd %s names no %s" % (plugin, ", ".join(sorted(missing))))

    class CurlVersionInfo(ctypes.Structure):
        _fields_ = [("age", ctypes.c_int), ("version", ctypes.c_char_p)]
    curl = ctypes.CDLL(paths["curl"])
    curl.curl_version_info.restype = ctypes.POINTER(CurlVersionInfo)
    curl.curl_version_info.argtypes = [ctypes.c_int]
    jsonc = ctypes.CDLL(paths["json-c"])
    jsonc.json_c_version.restype = ctypes.c_char_p
    crypto = ctypes.CDLL(paths["crypto"])
    crypto.OpenSSL_version.restype = ctypes.c_char_p
    crypto.OpenSSL_version.argtypes = [ctypes.c_int]
    return "libcurl %s, json-c %s, %s" % (curl.curl_version_info(0).contents.version.decode(),
                                          jsonc.json_c_version().decode(),
                                          crypto.OpenSSL_version(0).decode())


class Env:
    """Everything a case may refer to: ports, paths, the request log."""

    def __init__(self, tmp, ports, log_path, wrapper, allowance):
        self.tmp = tmp
        self.ports = ports
        self.log_path = log_path
        self.wrapper = wrapper
        self.allowance = allowance
        self.certs = os.path.join(tmp, "certs")
        self.subs = {k: str(v) for k, v in ports.items()}
        self.subs.update({
            "tmp": tmp, "certs": self.certs,
            "U": "http://127.0.0.1:%d" % ports["http"],
            "U2": "http://127.0.0.1:%d" % ports["http2"],
            "UN": "http://127.0.0.1:%d" % ports["nodate"],
            "S": "https://127.0.0.1:%d" % ports["https"],
            "ca": os.path.join(self.certs, "ca.crt"),
            "setopt_shim": os.environ.get("SETOPT_SHIM", ""),
            "hang_shim": os.environ.get("HANG_SHIM", ""),
        })

    def sub(self, s):
        if isinstance(s, bytes):
            return s
        for k, v in self.subs.items():
            s = s.replace("{" + k + "}", v)
        return s

    def requests(self, rid, listener=None):
        """Logged requests whose decoded replicationId equals rid."""
        import urllib.parse
        out = []
        with open(self.log_path, encoding="utf-8") as f:
            for line in f:
                e = json.loads(line)
                q = dict(urllib.parse.parse_qsl(e["query"], keep_blank_values=True))
                if q.get("replicationId") == rid and (listener is None or e["listener"] == listener):
                    out.append(e)
        return out


class Result:
    pass


def run_plugin(env, plugin, case):
    argv = [env.sub(a) for a in case.args]
    cmd = list(env.wrapper) + [plugin] + argv
    penv = {k: v for k, v in os.environ.items()
            if k not in ("REPLICATION_API_TOKEN", "MP_CONFIG_FILE", "NINEDATA_API_KEY",
                         "NINEDATA_SECRET_KEY")
            and not k.lower().endswith("_proxy") and k.lower() != "proxy"}
    penv["LC_ALL"] = "C"
    penv["HOME"] = env.tmp
    for k, v in (case.env or {}).items():
        if v is None:
            penv.pop(k, None)
        else:
            penv[k] = env.sub(v)
    stdin_data = case.stdin
    if callable(stdin_data):
        stdin_data = stdin_data(env)
    hold_stdin = stdin_data is HOLD_STDIN   # a pipe that stays open, never EOF
    if hold_stdin:
        stdin_data = None
    hard_limit = (case.max_time or 20) + 20 + env.allowance

    # Peak RSS: ru_maxrss of a child forked from this (large) interpreter
    # starts at the interpreter's size, so measure through /usr/bin/time,
    # whose own child starts small. Not under a wrapper: that would measure
    # the wrapper.
    rss_file = None
    if case.max_rss_mb is not None and not env.wrapper and os.access(TIME_BIN, os.X_OK):
        fd, rss_file = tempfile.mkstemp(prefix="rss-", dir=env.tmp)
        os.close(fd)
        cmd = [TIME_BIN, "-f", "MAXRSS_KB %M", "-o", rss_file] + cmd

    preexec = None
    if case.rlimits:
        import resource

        def preexec():
            for name, value in case.rlimits.items():
                resource.setrlimit(getattr(resource, name), (value, value))
    start = time.monotonic()
    p = subprocess.Popen(cmd, preexec_fn=preexec, stdin=subprocess.PIPE if stdin_data is not None or hold_stdin
                         else subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=penv,
                         cwd=env.tmp, start_new_session=True)
    bufs = {"out": b"", "err": b""}

    def reader(stream, key):
        chunks = []
        while True:
            d = stream.read(65536)
            if not d:
                break
            chunks.append(d)
        bufs[key] = b"".join(chunks)

    def writer():
        try:
            p.stdin.write(stdin_data)
        except OSError:
            pass
        try:
            p.stdin.close()
        except OSError:
            pass

    threads = [threading.Thread(target=reader, args=(p.stdout, "out")),
               threading.Thread(target=reader, args=(p.stderr, "err"))]
    if stdin_data is not None:
        threads.append(threading.Thread(target=writer))
    for t in threads:
        t.daemon = True
        t.start()
    killed = []

    def kill():
        killed.append(True)
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass
    timer = threading.Timer(hard_limit, kill)
    timer.start()
    # wait4 reaps the child and reports its own rusage (peak RSS).
    _, status, ru = os.wait4(p.pid, 0)
    elapsed = time.monotonic() - start
    timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)
    for t in threads:
        t.join(10)
    for f in (p.stdout, p.stderr, p.stdin):
        if f:
            try:
                f.close()
            except OSError:
                pass
    r = Result()
    r.rc = p.returncode
    r.stdout = bufs["out"]
    r.stderr = bufs["err"]
    r.elapsed = elapsed
    # Without /usr/bin/time this includes the interpreter's size at fork.
    r.maxrss_kb = ru.ru_maxrss
    r.rss_measured = False
    if rss_file:
        with open(rss_file) as f:
            for line in f:
                if line.startswith("MAXRSS_KB "):
                    r.maxrss_kb = int(line.split()[1])
                    r.rss_measured = True
        os.unlink(rss_file)
        cmd = cmd[5:]
    r.killed = bool(killed)
    r.cmd = cmd
    return r


def perfdata_of(case, out):
    """The perfdata a Nagios-format run printed: line 1 after its '|'."""
    if case.fmt != "nagios":
        return None
    line1 = out.split("\n", 1)[0]
    return line1.split("|", 1)[1].strip() if "|" in line1 else None


def check_case(env, plugin, case):
    """Returns (ok, list of diagnostic lines, perfdata printed or None); ok
    is None for a skipped case."""
    # A preloaded shim would go into the wrapper (valgrind), not the plugin.
    if env.wrapper and "LD_PRELOAD" in (case.env or {}):
        return None, ["SKIP: an LD_PRELOAD case cannot run under a wrapper"], None
    if env.wrapper and case.rlimits:
        return None, ["SKIP: a resource limit would apply to the wrapper"], None
    if case.setup:
        case.setup(env)
    r = run_plugin(env, plugin, case)
    problems = []
    out = r.stdout.decode("utf-8", "backslashreplace")
    err = r.stderr.decode("utf-8", "backslashreplace")
    got = case_table.normalise(out, case.fmt, case.normalise)
    if r.killed:
        problems.append("killed after the hard limit (the plugin hung)")
    if r.rc != case.rc:
        problems.append("exit code %d, expected %d" % (r.rc, case.rc))
    want = env.sub(case.out)
    if case.regex:
        if not re.fullmatch(want, got, re.S):
            problems.append("stdout does not match /%s/" % want)
            problems += ["got: " + line for line in got.splitlines()]
    elif got != want:
        problems.append("stdout differs (-expected +actual):")
        for line in difflib.unified_diff(want.splitlines(True), got.splitlines(True),
                                         "expected", "actual", n=2):
            problems.append(line.rstrip("\n"))
    if case.stderr is not None and not env.wrapper:
        want_err = env.sub(case.stderr)
        if err != want_err:
            problems.append("stderr differs: expected %r, got %r" % (want_err, err[:2000]))
    if case.max_time is not None:
        limit = case.max_time + env.allowance
        if r.elapsed > limit:
            problems.append("took %.2f s, limit %.2f s" % (r.elapsed, limit))
    if case.min_time is not None and r.elapsed < case.min_time:
        problems.append("took %.2f s, expected at least %.2f s" % (r.elapsed, case.min_time))
    if case.max_rss_mb is not None:
        if env.wrapper:
            pass   # the wrapper's own memory would be measured
        elif r.rss_measured and r.maxrss_kb > case.max_rss_mb * 1024:
            problems.append("peak RSS %d KB, limit %d MB" % (r.maxrss_kb, case.max_rss_mb))
    for secret in case.secrets:
        for name, text in (("stdout", out), ("stderr", err)):
            if secret in text:
                problems.append("secret %r appears in %s" % (secret, name))
    for check in case.checks:
        try:
            problems += check(env, r) or []
        except Exception as e:  # a broken check is a failure, not a crash
            problems.append("check raised %r" % (e,))
    if not problems and case.max_rss_mb is not None:
        problems_note = ["elapsed %.2f s, peak RSS %s" % (
            r.elapsed, "%d KB" % r.maxrss_kb if r.rss_measured else "not measured")]
        return True, problems_note, perfdata_of(case, out)
    if problems:
        problems.insert(0, "command: " + " ".join(shlex.quote(c) for c in r.cmd))
        if err and not any("stderr" in p for p in problems):
            problems.append("stderr: " + err[:1500].replace("\n", "\n# stderr: "))
        problems.append("elapsed %.2f s" % r.elapsed +
                        (", peak RSS %d KB" % r.maxrss_kb if r.rss_measured else ""))
    return not problems, problems, perfdata_of(case, out)


# ---- perfdata as Monitoring::Plugin reads it ----------------------------------

PERF_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?")
PERF_TOKEN = re.compile(r"([^=\s]+)=(%s)([A-Za-z%%]*)((?:;[^;\s]*){0,4})" % PERF_NUMBER.pattern)


def printed_perfdata(text):
    """[(label, value, uom, [warn, crit, min, max])] as printed; value None
    for a token that is not label=value[uom][;warn;crit;min;max]."""
    out = []
    for tok in text.split():
        m = PERF_TOKEN.fullmatch(tok)
        if not m:
            out.append((tok, None, None, None))
            continue
        fields = (m.group(4).split(";")[1:] + [""] * 4)[:4]
        if not all(PERF_NUMBER.fullmatch(f) for f in fields[2:] if f):
            out.append((tok, None, None, None))   # min and max are plain numbers
            continue
        out.append((m.group(1), m.group(2), m.group(3), fields))
    return out


def perfdata_problems(text, parsed, ranges):
    """What Monitoring::Plugin did not read as printed. parsed: the labels
    Monitoring::Plugin::Performance->parse_perfstring read from text;
    ranges: each warn or crit field as Monitoring::Plugin::Range read it (as
    perfdata-parse.pl wrote them).

    Every label must be read, with its value, unit, thresholds, min and
    max as printed, and every threshold must be a range
    Monitoring::Plugin::Range reads back to the same text. One allowance:
    parse_perfstring's pattern has no room for the inside form '@start:end'
    that Monitoring::Plugin::Range reads (and that its own perfoutput
    writes); it stops reading the datum there, so the fields from an '@'
    threshold on are checked by the range reader (thresholds) and by this
    suite's own reading (min and max must be plain numbers) alone."""
    printed = printed_perfdata(text)
    bad = []
    if len(parsed) < len(printed):
        bad.append("Monitoring::Plugin read %d of the %d labels printed" % (len(parsed), len(printed)))
    left = list(parsed)
    for label, value, uom, fields in printed:
        if value is None:
            bad.append("%r is not label=value[uom][;warn;crit;min;max]" % label)
            continue
        got = next((p for p in left if p.get("label") == label), None)
        if got is None:
            bad.append("%s=%s%s: rejected" % (label, value, uom))
            continue
        left.remove(got)
        try:
            same = float(got.get("value")) == float(value)
        except (TypeError, ValueError):
            same = False
        if not same:
            bad.append("%s: value read as %r, printed %s" % (label, got.get("value"), value))
        if (got.get("uom") or "") != uom:
            bad.append("%s: unit read as %r, printed %r" % (label, got.get("uom"), uom))
        for key, want in zip(("warning", "critical", "min", "max"), fields):
            if key in ("warning", "critical") and want.startswith("@"):
                break
            if (got.get(key) or "") != want:
                bad.append("%s: %s read as %r, printed %r" % (label, key, got.get(key), want))
        for key, want in zip(("warning", "critical"), fields[:2]):
            if want and not same_range(ranges.get(want), want):
                bad.append("%s: %s %r read by Monitoring::Plugin::Range as %r" % (
                    label, key, want, ranges.get(want)))
    return bad


def range_parts(text):
    """A range as (inside, start, end) with numbers as numbers: Perl writes
    0.00005 back as 5e-05, which is the same range."""
    inside = text.startswith("@")
    body = text[1:] if inside else text
    start, _, end = body.rpartition(":")
    def num(x):
        return None if x in ("", "~") else float(x)
    return inside, num(start) if start else 0.0, num(end)


def same_range(read, printed):
    if read is None:
        return False
    try:
        return range_parts(read) == range_parts(printed)
    except ValueError:
        return read == printed


def check_perfdata(seen):
    """seen: [(case name, perfdata)]. Runs them all through Monitoring::Plugin
    (tests/integration/perfdata-parse.pl); (ok, diagnostic lines)."""
    if not seen:
        return False, ["no selected case printed perfdata, though some are expected to"]
    data = "".join(text + "\n" for _, text in seen).encode()
    try:
        r = subprocess.run(["perl", PERFDATA_PARSER], input=data, capture_output=True,
                           timeout=120)
    except (OSError, subprocess.TimeoutExpired) as e:
        return False, ["cannot run perl %s: %s" % (PERFDATA_PARSER, e)]
    if r.returncode != 0:
        return False, ["perl %s exited %d:" % (PERFDATA_PARSER, r.returncode)] + \
            r.stderr.decode(errors="replace").splitlines()
    results = r.stdout.decode().splitlines()
    if len(results) != len(seen):
        return False, ["perfdata-parse.pl answered %d lines for %d" % (len(results), len(seen))]
    problems = []
    for (name, text), line in zip(seen, results):
        got = json.loads(line)
        bad = perfdata_problems(text, got["parsed"], got["ranges"])
        if bad:
            problems.append("case %r printed: %s" % (name, text))
            problems += ["  " + b for b in bad]
    return not problems, problems


def start_server(tmp):
    certs = os.path.join(tmp, "certs")
    gencerts = os.path.join(SERVER_DIR, "gencerts.sh")
    genv = dict(os.environ)
    if genv.get("OPENSSL") in ("", "no"):
        genv.pop("OPENSSL")   # configure found none: try the PATH
    subprocess.run(["sh", gencerts, certs], check=True, env=genv)
    ports_file = os.path.join(tmp, "ports.json")
    log = os.path.join(tmp, "requests.jsonl")
    c = lambda n: os.path.join(certs, n)  # noqa: E731
    cmd = [sys.executable, os.path.join(SERVER_DIR, "testserver.py"),
           "--ports-file", ports_file, "--log", log, "--max-lifetime", "900", "--exit-with-parent",
           "--http", "--http2", "--http-nodate", "--closed", "--raw",
           "--https", c("server.crt"), c("server.key"),
           "--https-wronghost", c("wronghost.crt"), c("wronghost.key"),
           "--https-expired", c("expired.crt"), c("expired.key"),
           "--https-clientcert", c("server.crt"), c("server.key"), c("ca.crt")]
    errlog = open(os.path.join(tmp, "server.stderr"), "wb")
    proc = subprocess.Popen(cmd, stdout=errlog, stderr=errlog, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if os.path.exists(ports_file):
            with open(ports_file) as f:
                return proc, json.load(f), log
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    with open(os.path.join(tmp, "server.stderr"), "rb") as f:
        sys.stdout.write("# " + f.read().decode(errors="replace").replace("\n", "\n# ") + "\n")
    raise RuntimeError("test server did not start")


def demo_script():
    return os.environ.get("DEMO_API") or os.path.join(HERE, "..", "..", "contrib", "demo",
                                                      "demo-api.py")


def start_demo(tmp):
    """The demo API of contrib/demo, so ./demo keeps working."""
    script = demo_script()
    ports_file = os.path.join(tmp, "demo-ports.json")
    errlog = open(os.path.join(tmp, "demo.stderr"), "wb")
    proc = subprocess.Popen([sys.executable, script, "--ports-file", ports_file,
                             "--max-lifetime", "900", "--exit-with-parent"],
                            stdout=errlog, stderr=errlog, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if os.path.exists(ports_file):
            with open(ports_file) as f:
                return proc, json.load(f)["http"]
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    stop_server(proc)
    raise RuntimeError("demo API did not start")


def stop_server(proc):
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def on_sigterm(signum, frame):
    # Unwind through the finally blocks, which stop the servers.
    raise SystemExit(128 + signum)


def main():
    signal.signal(signal.SIGTERM, on_sigterm)
    # TAP output must not interleave: one writer, the main thread.
    plugins = {which: find_plugin(which) for which in PLUGINS}
    for which, path in plugins.items():
        if not path or not os.access(path, os.X_OK):
            print("Bail out! %s plugin binary not found (set %s)" % (which, PLUGINS[which][0]))
            return 1
    wrapper = shlex.split(os.environ.get("PLUGIN_WRAPPER", ""))
    allowance = float(os.environ.get("TIMING_ALLOWANCE", "15" if wrapper else "0"))
    filt = os.environ.get("INTEGRATION_FILTER", "")
    names = [c.name for c in case_table.CASES]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        print("Bail out! duplicate case names: %s" % ", ".join(sorted(dups)))
        return 1
    for c in case_table.CASES:
        if not isinstance(c.out, str):
            print("Bail out! case %r has no expected standard output" % c.name)
            return 1
        if c.regex and not c.why:
            print("Bail out! case %r matches a pattern without saying why (why=)" % c.name)
            return 1
    selected = [c for c in case_table.CASES if filt in c.name]
    selftests = [t for t in case_table.SELF_TESTS if filt in t[0]]
    # The perfdata test runs when a selected case that runs is to print
    # perfdata.
    perf_test = any(c.fmt == "nagios" and "|" in c.out.split("\n", 1)[0] and
                    not (wrapper and "LD_PRELOAD" in (c.env or {})) for c in selected)
    if not selected and not selftests:
        print("1..0 # SKIP no case matches INTEGRATION_FILTER")
        return 0

    tmp = tempfile.mkdtemp(prefix="precheck-int-")
    proc = demo = None
    failed = 0
    try:
        proc, ports, log = start_server(tmp)
        demo, ports["demo"] = start_demo(tmp)
        env = Env(tmp, ports, log, wrapper, allowance)
        env.subs["demodir"] = os.path.dirname(os.path.abspath(demo_script()))
        try:
            env.subs["package_version"] = package_version(plugins["precheck"])
            env.subs["versions"] = library_versions(plugins["precheck"])
        except (OSError, RuntimeError, subprocess.CalledProcessError, AttributeError) as e:
            print("Bail out! cannot tell what --version must print: %s" % e)
            return 1
        case_table.prepare(env)
        case_table.cases_signing.prepare(env)
        case_table.cases_status.prepare(env)
        case_table.cases_endings.prepare(env)
        exact = sum(not c.regex for c in selected)
        print("1..%d" % (len(selected) + len(selftests) + perf_test))
        print("# %d of %d cases compare the exact standard output, %d match a pattern"
              % (exact, len(selected), len(selected) - exact))
        for which in sorted(plugins):
            print("# %s plugin: %s" % (which, plugins[which]))
        if wrapper:
            print("# wrapper: %s (timing allowance %.0f s)" % (" ".join(wrapper), allowance))
        sys.stdout.flush()
        jobs = int(os.environ.get("INTEGRATION_JOBS", "4"))
        # Slow cases first, so they overlap with the many quick ones.
        order = sorted(range(len(selected)), key=lambda i: -(selected[i].max_time or 0))
        pool = ThreadPoolExecutor(max_workers=jobs)
        perfdata_seen = []
        n = 0
        try:
            futures = {}
            for i in order:
                futures[i] = pool.submit(check_case, env, plugins[selected[i].plugin],
                                         selected[i])
            for i, case in enumerate(selected, 1):
                n = i
                try:
                    ok, problems, perfdata = futures[i - 1].result()
                except Exception as e:
                    ok, problems, perfdata = False, ["runner error: %r" % (e,)], None
                if perfdata is not None:
                    perfdata_seen.append((case.name, perfdata))
                if ok is None:
                    print("ok %d - %s # %s" % (i, case.name, problems[0]))
                    continue
                print("%s %d - %s" % ("ok" if ok else "not ok", i, case.name))
                for line in problems:
                    print("# " + line)
                failed += not ok
                sys.stdout.flush()
        finally:
            # On an interrupt, do not wait for the queued cases.
            pool.shutdown(wait=False, cancel_futures=True)
        # The checks of the checks: each must find what it is there to find.
        for name, test in selftests:
            n += 1
            try:
                problems = test(env)
            except Exception as e:
                problems = ["self-test raised %r" % (e,)]
            print("%s %d - %s" % ("not ok" if problems else "ok", n, name))
            for line in problems:
                print("# " + line)
            failed += bool(problems)
        if perf_test:
            n += 1
            ok, problems = check_perfdata(perfdata_seen)
            print("%s %d - perfdata: Monitoring::Plugin::Performance reads all %d perfdata "
                  "lines printed, label for label" % ("ok" if ok else "not ok", n,
                                                      len(perfdata_seen)))
            for line in problems:
                print("# " + line)
            failed += not ok
        sys.stdout.flush()
    finally:
        for p in (proc, demo):
            if p:
                stop_server(p)
        if os.environ.get("KEEP_TMP"):
            print("# kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("# %d of %d tests failed" % (failed, len(selected) + len(selftests) + perf_test))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
