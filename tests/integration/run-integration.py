#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""run-integration.py - runs the real plugin binary against the loopback test
server and prints TAP.

Every case asserts the exact exit code and the exact standard output. Only
values that vary between runs are normalised: the time= perfdata value
(becomes time=T) and the server's ports (expected texts use {http}, {http2},
{https}, ... placeholders). Cases are defined in cases.py next to this file.

Environment:
  PLUGIN              the binary (default: ../../plugins/check_replication_precheck
                      relative to the current directory, i.e. the build dir)
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
TIME_RE = re.compile(r"time=[0-9]+(?:\.[0-9]+)?s?")
# The same measurement in JSON and Prometheus output.
JSON_TIME_RE = re.compile(r'("label":"time","value":)[0-9]+(?:\.[0-9]+)?')
PROM_TIME_RE = re.compile(r"(_duration_seconds\{[^}\n]*\}) [0-9]+(?:\.[0-9]+)?\n")


# Each case names the plugin it runs; the binaries come from these variables
# or the build tree.
PLUGINS = {"precheck": ("PLUGIN", "check_replication_precheck"),
           "status": ("STATUS_PLUGIN", "check_replication_status")}


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


def normalise(text):
    text = JSON_TIME_RE.sub(r"\1T", TIME_RE.sub("time=T", text))
    return PROM_TIME_RE.sub(r"\1 D\n", text)


def check_case(env, plugin, case):
    """Returns (ok, list of diagnostic lines); ok is None for a skipped case."""
    # A preloaded shim would go into the wrapper (valgrind), not the plugin.
    if env.wrapper and "LD_PRELOAD" in (case.env or {}):
        return None, ["SKIP: an LD_PRELOAD case cannot run under a wrapper"]
    if env.wrapper and case.rlimits:
        return None, ["SKIP: a resource limit would apply to the wrapper"]
    if case.setup:
        case.setup(env)
    r = run_plugin(env, plugin, case)
    problems = []
    out = r.stdout.decode("utf-8", "backslashreplace")
    err = r.stderr.decode("utf-8", "backslashreplace")
    got = normalise(out)
    if r.killed:
        problems.append("killed after the hard limit (the plugin hung)")
    if r.rc != case.rc:
        problems.append("exit code %d, expected %d" % (r.rc, case.rc))
    if case.out is not None:
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
        return True, problems_note
    if problems:
        problems.insert(0, "command: " + " ".join(shlex.quote(c) for c in r.cmd))
        if err and not any("stderr" in p for p in problems):
            problems.append("stderr: " + err[:1500].replace("\n", "\n# stderr: "))
        problems.append("elapsed %.2f s" % r.elapsed +
                        (", peak RSS %d KB" % r.maxrss_kb if r.rss_measured else ""))
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
    selected = [c for c in case_table.CASES
                if os.environ.get("INTEGRATION_FILTER", "") in c.name]
    names = [c.name for c in case_table.CASES]
    dups = {n for n in names if names.count(n) > 1}
    if dups:
        print("Bail out! duplicate case names: %s" % ", ".join(sorted(dups)))
        return 1
    if not selected:
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
        case_table.prepare(env)
        case_table.cases_signing.prepare(env)
        case_table.cases_status.prepare(env)
        case_table.cases_endings.prepare(env)
        print("1..%d" % len(selected))
        for which in sorted(plugins):
            print("# %s plugin: %s" % (which, plugins[which]))
        if wrapper:
            print("# wrapper: %s (timing allowance %.0f s)" % (" ".join(wrapper), allowance))
        sys.stdout.flush()
        jobs = int(os.environ.get("INTEGRATION_JOBS", "4"))
        # Slow cases first, so they overlap with the many quick ones.
        order = sorted(range(len(selected)), key=lambda i: -(selected[i].max_time or 0))
        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            futures = {}
            for i in order:
                futures[i] = pool.submit(check_case, env, plugins[selected[i].plugin],
                                         selected[i])
            for i, case in enumerate(selected, 1):
                try:
                    ok, problems = futures[i - 1].result()
                except Exception as e:
                    ok, problems = False, ["runner error: %r" % (e,)]
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
    finally:
        for p in (proc, demo):
            if p:
                stop_server(p)
        if os.environ.get("KEEP_TMP"):
            print("# kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print("# %d of %d cases failed" % (failed, len(selected)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
