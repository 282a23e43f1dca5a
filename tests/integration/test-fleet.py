#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-fleet.py - self-test of the test server's fleets
(tests/server/scenarios_fleet.py), printed as TAP. Needs no plugin: it
drives a testserver.py of its own with http.client and signatures computed
here with hashlib (an independent copy of authentication.md's recipe).

Run: python3 tests/integration/test-fleet.py   (or make check, as a TESTS
entry of tests/integration). Environment: TESTSERVER_DIR (default
../server next to this file), OPENSSL (for the TLS case's certificates),
FLEET_FILTER (only cases whose name contains it), KEEP_TMP=1.
"""

import hashlib
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SERVER_DIR = os.environ.get("TESTSERVER_DIR") or os.path.join(HERE, "..", "server")
sys.path.insert(0, SERVER_DIR)

import scenarios  # noqa: E402
import scenarios_fleet  # noqa: E402

# The test service's AccessKey (tests/server/ndsign.py), repeated here so
# the signing is computed independently of the server's code.
AKID = "nd-test-akid-0001"
SECRET = "nd-S3cr3t-SecretKey-5a7e"
LIST = "/openapi/v1/replication/list"
STATUS = "/openapi/v1/replication/status"
PRECHECK = "/openapi/v1/replication/precheck/status"

STATUS_TABLE = {"createSuccess", "preChecking", "preCheckSuccess", "preCheckFailed", "notStarted",
                "starting", "running", "success", "failed", "suspended", "abnormal", "stopped",
                "locked"}
TASK_KEYS = ["replicationId", "orgId", "name", "sourceDatasourceId", "targetDatasourceId", "type",
             "status", "subTaskTypeList", "createTime"]


def sign_headers(api_path, secret=SECRET, akid=AKID):
    ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    sig = hashlib.sha256(("%s/%s&%s" % (api_path, secret, ts)).encode()).hexdigest()
    return {"access-key-id": akid, "timestamp": ts, "signature": sig}


class Fail(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Fail(what)


def equal(got, want, what):
    if got != want:
        raise Fail("%s: got %r, expected %r" % (what, got, want))


class Client:
    """One kept-alive connection to the server."""

    def __init__(self, port, tls=None):
        if tls:
            self.c = http.client.HTTPSConnection("127.0.0.1", port, context=tls, timeout=30)
        else:
            self.c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, target, signed=True, sign_path=None, headers=None):
        """(status, headers dict (lower-case), body bytes). The signed path
        is the API path: the target's path after /fleet/NAME/TAG."""
        path = target.split("?", 1)[0]
        h = dict(headers or {})
        if signed:
            if sign_path is None:
                sign_path = "/" + path.split("/", 4)[4] if path.startswith("/fleet/") else path
            h.update(sign_headers(sign_path))
        self.c.request("GET", target, headers=h)
        r = self.c.getresponse()
        body = r.read()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, body

    def json(self, target, want_status=200, **kw):
        st, _, body = self.get(target, **kw)
        equal(st, want_status, "HTTP status of %s" % target)
        return json.loads(body)

    def close(self):
        self.c.close()


def q(**params):
    return "?" + urllib.parse.urlencode(params) if params else ""


class Env:
    def __init__(self, port, https_port, tls, log):
        self.port, self.https_port, self.tls, self.log = port, https_port, tls, log
        self.tags = 0

    def client(self):
        return Client(self.port)

    def tag(self):
        """A TAG no other case uses."""
        self.tags += 1
        return "self%d-%d" % (os.getpid(), self.tags)

    def base(self, fleet, tag=None):
        return "/fleet/%s/%s" % (fleet, tag or self.tag())


def page_through(c, base, size, **filters):
    """Every page of the list as the fleet plugin reads it: (pages, tasks)."""
    pages, tasks, current = [], [], 1
    while True:
        doc = c.json(base + LIST + q(current=current, pageSize=size, **filters))
        pages.append(doc)
        tasks += doc["data"]
        if not doc["data"] or len(doc["data"]) < doc["pageSize"] or \
                current * doc["pageSize"] >= doc["total"]:
            return pages, tasks
        current += 1


# --- the cases ----------------------------------------------------------------

CASES = []


def case(fn):
    CASES.append(fn)
    return fn


@case
def signing_is_required_and_covers_the_api_path_only(env):
    c = env.client()
    base = env.base("basic")
    st, h, body = c.get(base + LIST, signed=False)
    equal(st, 401, "unsigned")
    equal(json.loads(body)["message"], "missing access-key-id, timestamp or signature header",
          "unsigned message")
    check(h.get("date"), "a refusal carries a Date header")
    st, _, body = c.get(base + LIST, sign_path=base + LIST)
    equal((st, json.loads(body)["message"]), (401, "signature mismatch"),
          "the prefix signed as well")
    st, _, body = c.get(base + LIST, headers={"x": "y"}, sign_path=LIST)
    equal(st, 200, "signed over the API path")
    # wrong secret, unknown key
    h = sign_headers(LIST, secret="wrong")
    st, _, body = c.get(base + LIST, signed=False, headers=h)
    equal((st, json.loads(body)["message"]), (401, "signature mismatch"), "wrong secret")
    h = sign_headers(LIST, akid="nd-unknown")
    st, _, body = c.get(base + LIST, signed=False, headers=h)
    equal((st, json.loads(body)["message"]), (401, "invalid access key id"), "unknown key")
    # a gateway prefix after the fleet prefix is not signed either
    st, _, _ = c.get(base + "/nd" + LIST, sign_path=LIST)
    equal(st, 200, "gateway prefix /nd after the fleet prefix")
    # the clock answers as everywhere
    doc = c.json(base + "/openapi/now", signed=False)
    check(abs(doc["data"] / 1000.0 - time.time()) < 60, "/openapi/now under the prefix")
    c.close()


@case
def basic_list_pages_in_the_documented_shape(env):
    c = env.client()
    base = env.base("basic")
    doc = c.json(base + LIST)
    equal(sorted(doc), ["current", "data", "pageSize", "requestId", "success", "total"], "keys")
    equal((doc["success"], doc["current"], doc["pageSize"], doc["total"], len(doc["data"])),
          (True, 1, 10, len(scenarios_fleet.BASIC), 10), "default page")
    pages, tasks = page_through(c, base, 10)
    equal([t["replicationId"] for t in tasks], [b[0] for b in scenarios_fleet.BASIC], "ids")
    equal([p["current"] for p in pages], [1, 2], "pages")
    for t in tasks:
        keys = [k for k in TASK_KEYS + ["multiActiveId"] if k in t]
        equal(sorted(t), sorted(keys), "fields of %s" % t["replicationId"])
        equal(t["orgId"], "org-fleet-0001", "orgId")
        check(("multiActiveId" in t) == (t["type"] != "default"), "multiActiveId on two-way only")
    statuses = {t["status"] for t in tasks}
    check(STATUS_TABLE <= statuses, "every status value: missing %s" % (STATUS_TABLE - statuses))
    check("migrating" in statuses, "an unknown status value")
    hostile = [t for t in tasks if "|" in t["name"]]
    check(len(hostile) == 1 and "\n" in hostile[0]["name"] and "\x01" in hostile[0]["name"],
          "one hostile name")
    _, small = page_through(c, base, 3)
    equal(small, tasks, "pageSize 3 gives the same tasks")
    equal(c.json(base + LIST + q(current=3, pageSize=10))["data"], [], "past the end")
    st, _, body = c.get(base + LIST + q(pageSize=0))
    equal((st, json.loads(body)["success"]), (400, False), "pageSize 0")
    st, _, _ = c.get(base + LIST + q(current="x"))
    equal(st, 400, "current x")
    c.close()


@case
def basic_list_filters(env):
    c = env.client()
    base = env.base("basic")

    def ids(**f):
        doc = c.json(base + LIST + q(pageSize=100, **f))
        equal(doc["total"], len(doc["data"]), "total of %r" % f)
        return [t["replicationId"] for t in doc["data"]]
    equal(ids(replicationId="rs-failed~f1"), ["rs-failed~f1"], "replicationId")
    equal(ids(replicationId="rs-failed"), [], "replicationId is exact")
    equal(ids(status="running"), ["rs-running~f1", "rs-delay~1200000", "rs-running~fwd",
                                  "rs-running~bwd", "rs-http-500~f1", "rs-hostile~f1"], "status")
    equal(ids(status="preCheckFailed"), ["rs-precheck-failed~f1"], "status preCheckFailed")
    equal(ids(sourceDatasourceId="ds-mysql-01"), ["rs-running~f1", "rs-delay~1200000"], "source")
    equal(ids(targetDatasourceId="ds-es-01"), ["rs-stopped~f1", "rs-suspended~f1"], "target")
    equal(ids(datasourceId="ds-pg-01"), ["rs-running~f1", "rs-success~f1", "rs-locked~f1"],
          "datasourceId (source or target)")
    equal(ids(datasourceId="ds-east-01"), ["rs-running~fwd", "rs-running~bwd"], "datasourceId pair")
    equal(ids(type="forward"), ["rs-running~fwd"], "type forward")
    equal(ids(type="backward"), ["rs-running~bwd"], "type backward")
    equal(len(ids(type="default")), len(scenarios_fleet.BASIC) - 2, "type default")
    equal(ids(multiActiveId="ma-geo-0001"), ["rs-running~fwd", "rs-running~bwd"], "multiActiveId")
    equal(ids(keyword="GEO-"), ["rs-running~fwd", "rs-running~bwd"], "keyword, any case")
    equal(ids(keyword="failed"), ["rs-failed~f1", "rs-precheck-failed~f1"], "keyword substring")
    equal(ids(keyword="|PROD\nreplication"), ["rs-hostile~f1"], "keyword in the hostile name")
    equal(ids(status="running", datasourceId="ds-mysql-05"), ["rs-http-500~f1", "rs-hostile~f1"],
          "two filters")
    equal(ids(status=""), [b[0] for b in scenarios_fleet.BASIC], "an empty filter is none")
    equal(ids(status="nothing"), [], "no match")
    doc = c.json(base + LIST + q(status="running", pageSize=4, current=2))
    equal((doc["total"], [t["replicationId"] for t in doc["data"]]),
          (6, ["rs-http-500~f1", "rs-hostile~f1"]), "a filtered second page")
    c.close()


@case
def basic_status_answers_are_the_plain_servers(env):
    c = env.client()
    base = env.base("basic")
    for rid, *_ in scenarios_fleet.BASIC:
        got = c.get(base + STATUS + q(replicationId=rid))
        want = c.get(STATUS + q(replicationId=rid))
        equal((got[0], got[1]["content-type"], got[2]), (want[0], want[1]["content-type"], want[2]),
              "status answer of %s" % rid)
        if rid == "rs-http-500~f1":
            equal(got[0], 500, "the 500 task")
        else:
            doc = json.loads(got[2])
            equal(doc["data"]["replicationId"], rid, "echoed id")
    doc = json.loads(c.get(base + STATUS + q(replicationId="rs-running~f1"))[2])
    equal(doc["data"]["subTaskList"][2]["delay"], 672, "running, 672 ms")
    doc = json.loads(c.get(base + STATUS + q(replicationId="rs-delay~1200000"))[2])
    equal(doc["data"]["subTaskList"][2]["delay"], 1200000, "running, 20 min")
    st, _, body = c.get(base + STATUS + q(replicationId="rs-running~nope"))
    equal((st, body), (404, scenarios.not_found("rs-running~nope")), "unknown id")
    st, _, _ = c.get(base + STATUS)
    equal(st, 400, "no replicationId")
    c.close()


@case
def basic_precheck_answers(env):
    c = env.client()
    base = env.base("basic")
    d = c.json(base + PRECHECK + q(replicationId="rs-precheck-failed~f1"))["data"]
    equal((d["replicationId"], d["precheckStatus"], [i["status"] for i in d["items"]]),
          ("rs-precheck-failed~f1", "failure", ["success", "failure"]), "preCheckFailed")
    d = c.json(base + PRECHECK + q(replicationId="rs-prechecking~f1"))["data"]
    equal(d["precheckStatus"], "running", "preChecking")
    d = c.json(base + PRECHECK + q(replicationId="rs-running~f1"))["data"]
    equal((d["precheckStatus"], [i["status"] for i in d["items"]]),
          ("success", ["success"] * 3), "a running task")
    st, _, body = c.get(base + PRECHECK + q(replicationId="rp-div0qqpbffio"))
    equal((st, json.loads(body)), (404, {"success": False, "requestId": "req-404-0001",
                                         "message": "replication rp-div0qqpbffio not found"}),
          "unknown id")
    c.close()


@case
def capped_answers_ten_per_page(env):
    c = env.client()
    base = env.base("capped")
    doc = c.json(base + LIST + q(pageSize=100))
    equal((doc["pageSize"], len(doc["data"]), doc["total"]), (10, 10, 25), "asked 100")
    doc = c.json(base + LIST + q(pageSize=5))
    equal((doc["pageSize"], len(doc["data"])), (10, 10), "asked 5")
    pages, tasks = page_through(c, base, 100)
    equal([len(p["data"]) for p in pages], [10, 10, 5], "page sizes")
    equal([t["replicationId"] for t in tasks], ["rs-running~c%02d" % i for i in range(1, 26)],
          "ids")
    equal(c.json(base + LIST + q(current=4))["data"], [], "page 4")
    c.close()


@case
def vanishing_pages_shift(env):
    c = env.client()
    base = env.base("vanishing")
    pages, tasks = page_through(c, base, 10)
    v = lambda p: [t["replicationId"][-3:] for t in p["data"]]  # noqa: E731
    equal([p["total"] for p in pages], [30, 30, 27], "totals")
    equal(v(pages[0]), ["v%02d" % i for i in range(1, 11)], "page 1")
    equal(v(pages[1]), ["v%02d" % i for i in range(10, 20)], "page 2")
    equal(v(pages[2]), ["v23", "v24", "v26", "v27", "v28", "v29", "v30"], "page 3")
    ids = [t["replicationId"] for t in tasks]
    equal(len(set(ids)), 26, "distinct tasks")
    equal([i for i in set(ids) if ids.count(i) > 1], ["rs-running~v10"], "seen twice")
    # the same again (the views are per page, not per request)
    equal(page_through(c, base, 10)[1], tasks, "a second pass")
    equal(c.json(base + STATUS + q(replicationId="rs-running~v03"))["data"]["status"], "running",
          "a deleted task's status")
    c.close()


@case
def ratelimit_once_per_tag(env):
    for _ in range(2):
        c = env.client()
        base = env.base("ratelimit")
        equal(c.get(base + LIST + q(current=1, pageSize=4))[0], 200, "page 1")
        st, h, body = c.get(base + LIST + q(current=2, pageSize=4))
        equal((st, h.get("retry-after"), json.loads(body)["message"]),
              (429, "1", "rate limit exceeded"), "page 2, first")
        doc = c.json(base + LIST + q(current=2, pageSize=4))
        equal([t["replicationId"] for t in doc["data"]],
              ["rs-running~r%d" % i for i in range(5, 9)], "page 2, again")
        for i in range(1, 9):
            rid = "rs-running~r%d" % i
            st, h, _ = c.get(base + STATUS + q(replicationId=rid))
            if i in (3, 6):
                equal((st, h.get("retry-after")), (503, "1"), "%s first" % rid)
                st, h, _ = c.get(base + STATUS + q(replicationId=rid))
            equal(st, 200, rid)
        equal(c.get(base + LIST + q(current=2, pageSize=4))[0], 200, "page 2, third")
        c.close()
    # an unsigned request does not use the first answer up
    c = env.client()
    base = env.base("ratelimit")
    equal(c.get(base + LIST + q(current=2), signed=False)[0], 401, "unsigned")
    equal(c.get(base + LIST + q(current=2))[0], 429, "then signed")
    c.close()


@case
def slow_status_and_lat_modifier(env):
    c = env.client()
    base = env.base("slow")
    t0 = time.monotonic()
    doc = c.json(base + LIST + q(pageSize=100))
    t1 = time.monotonic()
    equal((doc["total"], doc["data"][0]["replicationId"]), (20, "rs-running~s01"), "slow list")
    check(t1 - t0 < 0.4, "the slow list answers at once (%.2f s)" % (t1 - t0))
    c.json(base + STATUS + q(replicationId="rs-running~s07"))
    t2 = time.monotonic()
    check(0.5 <= t2 - t1 < 1.5, "a slow status takes 0.5 s (%.2f s)" % (t2 - t1))
    base = env.base("basic,lat-300")
    t0 = time.monotonic()
    c.json(base + LIST)
    c.get(base + LIST, signed=False)
    t1 = time.monotonic()
    check(0.6 <= t1 - t0 < 1.5, "lat-300 delays every answer, refusals too (%.2f s)" % (t1 - t0))
    base = env.base("slow,lat-100,lat-100")
    t0 = time.monotonic()
    c.json(base + STATUS + q(replicationId="rs-running~s01"))
    t1 = time.monotonic()
    check(0.7 <= t1 - t0 < 1.7, "slow plus two lat-100 (%.2f s)" % (t1 - t0))
    c.close()


@case
def accounting_per_tag(env):
    tag = env.tag()
    base = "/fleet/slow/" + tag
    acct = lambda t: env.client().json("/test/connections" + q(tag=t), signed=False)  # noqa: E731
    equal(acct(tag), {"connections": 0, "requests": {"list": 0, "status": 0, "precheck": 0},
                      "max_in_flight": 0, "refused": 0}, "before")
    a, b = env.client(), env.client()
    a.json(base + LIST)
    a.json(base + LIST + q(current=2))
    a.json(base + PRECHECK + q(replicationId="rs-running~s01"))
    b.json(base + LIST)
    b.get(base + LIST, signed=False)
    b.get(base + "/openapi/v1/replication/nothing")   # counted as a connection only
    # another tag on connection a: not this tag's
    a.json("/fleet/basic/%s-other%s" % (tag, LIST))
    a.close()
    b.close()
    # four status requests at once, on four connections
    clients = [env.client() for _ in range(4)]
    errors = []

    def one(cl, i):
        try:
            cl.json(base + STATUS + q(replicationId="rs-running~s%02d" % i))
        except Exception as e:
            errors.append(e)
    threads = [threading.Thread(target=one, args=(cl, i)) for i, cl in enumerate(clients, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for cl in clients:
        cl.close()
    check(not errors, "parallel requests: %r" % errors)
    equal(acct(tag), {"connections": 6, "requests": {"list": 4, "status": 4, "precheck": 1},
                      "max_in_flight": 4, "refused": 1}, "after")
    equal(acct(tag + "-other")["requests"], {"list": 1, "status": 0, "precheck": 0},
          "the other tag")
    equal(acct("never-used")["connections"], 0, "an unknown tag")


@case
def empty_and_unknown_fleets(env):
    c = env.client()
    doc = c.json(env.base("empty") + LIST)
    equal((doc["data"], doc["total"], doc["current"], doc["pageSize"]), ([], 0, 1, 10), "empty")
    for name in ("nope", "big-0", "big-100001", "basic,lat-x", "basic,fast"):
        st, _, body = c.get(env.base(name) + LIST)
        equal((st, json.loads(body)["message"]), (404, "fleet %s not found" % name), name)
    st, _, body = c.get(env.base("basic") + "/openapi/v1/replication/nothing")
    equal((st, json.loads(body)["success"]), (404, False), "unknown endpoint")
    c.close()


@case
def https_answers_the_same(env):
    if env.tls is None:
        return "SKIP no TLS certificates (openssl)"
    tag = env.tag()
    base = env.base("basic", tag)
    s = Client(env.https_port, env.tls)
    p = env.client()
    for target in (base + LIST + q(pageSize=5, current=2),
                   base + STATUS + q(replicationId="rs-hostile~f1"),
                   base + PRECHECK + q(replicationId="rs-precheck-failed~f1")):
        got, want = s.get(target), p.get(target)
        equal((got[0], got[2]), (want[0], want[2]), "over TLS: " + target)
    s.close()
    p.close()
    equal(env.client().json("/test/connections" + q(tag=tag), signed=False)["connections"], 2,
          "a TLS connection is counted")


@case
def big_fleets_are_stable_and_fast(env):
    c = env.client()
    base = env.base("big-10000")
    times = []
    for _ in range(2):
        t0 = time.monotonic()
        pages, tasks = page_through(c, base, 100)
        times.append(time.monotonic() - t0)
    ids = [t["replicationId"] for t in tasks]
    equal((len(pages), len(ids), len(set(ids))), (100, 10000, 10000), "pages, tasks, distinct")
    equal((ids[0], ids[-1]), ("rs-running~b00001", "rs-running~b10000"), "first and last")
    small = page_through(c, env.base("big-1000"), 1000)[1]
    equal([t["replicationId"] for t in small], ids[:1000], "big-1000 is big-10000's start")
    doc = c.json(base + LIST + q(sourceDatasourceId="ds-bench-src-03", pageSize=1000))
    equal(doc["total"], 500, "a filter on big-10000")
    equal(c.json(base + STATUS + q(replicationId="rs-running~b04711"))["data"]["status"],
          "running", "a status")
    c.close()
    # generous for a loaded machine; the measured time goes to the TAP output
    check(times[1] < 5.0, "100 pages of 100 in %.2f s" % times[1])
    return "first pass %.3f s (generating the fleet), second %.3f s, 100 pages of 100 over one " \
           "connection" % tuple(times)


@case
def fleet_requests_are_logged(env):
    tag = env.tag()
    env.client().json(env.base("basic", tag) + LIST + q(keyword="geo"))
    with open(env.log, encoding="utf-8") as f:
        hits = [e for e in map(json.loads, f) if e["path"] == "/fleet/basic/%s%s" % (tag, LIST)]
    equal(len(hits), 1, "log lines")
    equal((hits[0]["query"], hits[0]["listener"]), ("keyword=geo", "http"), "log entry")
    check(any(k == "signature" for k, _ in hits[0]["headers"]), "headers logged")


# --- the runner ---------------------------------------------------------------

def start_server(tmp):
    certs = os.path.join(tmp, "certs")
    genv = dict(os.environ)
    if genv.get("OPENSSL") in ("", "no"):
        genv.pop("OPENSSL")
    gen = subprocess.run(["sh", os.path.join(SERVER_DIR, "gencerts.sh"), certs], env=genv,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    have_certs = gen.returncode == 0
    ports_file = os.path.join(tmp, "ports.json")
    log = os.path.join(tmp, "requests.jsonl")
    cmd = [sys.executable, os.path.join(SERVER_DIR, "testserver.py"), "--ports-file", ports_file,
           "--log", log, "--max-lifetime", "300", "--exit-with-parent", "--http"]
    if have_certs:
        cmd += ["--https", os.path.join(certs, "server.crt"), os.path.join(certs, "server.key")]
    errlog = open(os.path.join(tmp, "server.stderr"), "wb")
    proc = subprocess.Popen(cmd, stdout=errlog, stderr=errlog, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if os.path.exists(ports_file):
            with open(ports_file) as f:
                ports = json.load(f)
            tls = None
            if have_certs:
                tls = ssl.create_default_context(cafile=os.path.join(certs, "ca.crt"))
            return proc, Env(ports["http"], ports.get("https"), tls, log)
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("test server did not start")


def main():
    selected = [fn for fn in CASES if os.environ.get("FLEET_FILTER", "") in fn.__name__]
    if not selected:
        print("1..0 # SKIP no case matches FLEET_FILTER")
        return 0
    tmp = tempfile.mkdtemp(prefix="fleet-self-")
    proc = None
    failed = 0
    try:
        proc, env = start_server(tmp)
        print("1..%d" % len(selected))
        for i, fn in enumerate(selected, 1):
            name = fn.__name__.replace("_", " ")
            try:
                note = fn(env)
                if note and note.startswith("SKIP"):
                    print("ok %d - %s # %s" % (i, name, note))
                else:
                    print("ok %d - %s" % (i, name))
                    if note:
                        print("# " + note)
            except Fail as e:
                failed += 1
                print("not ok %d - %s\n# %s" % (i, name, str(e).replace("\n", "\n# ")))
            except Exception:
                failed += 1
                print("not ok %d - %s\n# %s" % (i, name,
                                              traceback.format_exc().replace("\n", "\n# ")))
            sys.stdout.flush()
    finally:
        if proc and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        if os.environ.get("KEEP_TMP"):
            print("# kept %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
