# SPDX-License-Identifier: GPL-3.0-or-later
"""scenarios_fleet.py - whole accounts of replication tasks ("fleets") for
check_replication_tasks, its tests and the benchmark.

A fleet is chosen by a path prefix in the base URL:

    -U http://127.0.0.1:PORT/fleet/NAME/TAG

NAME picks the fleet (FLEETS below, or big-N), optionally followed by
modifiers: ",lat-MS" delays every answer of the fleet by MS milliseconds
(e.g. /fleet/big-1000,lat-20/t1). TAG is any word the test case picks:
state (first-time answers) and the accounting belong to one TAG, so cases
running in parallel do not share them. Under the prefix the server answers
three endpoints itself, every one AccessKey-signed (ndsign.verify on the
path with /fleet/NAME/TAG taken off; a gateway prefix such as /nd after it
is taken off as well), refused in the "401" style (401, JSON error)
otherwise:

  .../openapi/v1/replication/list
      The fleet's tasks that match every filter given (replicationId,
      status, sourceDatasourceId, targetDatasourceId, type, multiActiveId:
      equal; datasourceId: source or target; keyword: case-insensitive
      substring of the name; an empty value is no filter), paged by
      current (from 1, default 1) and pageSize (default 10):
      {"success":true,"requestId":"req-fleet-list","data":[...],
       "current":K,"pageSize":N,"total":T}, T = the number of matching
      tasks. A page past the end has "data":[]. current or pageSize that
      is not a positive integer: 400 with an API error.
  .../openapi/v1/replication/status?replicationId=ID
      The task's status answer: the STATUS_SCENARIOS body (status code,
      headers) that the plain server gives for the same ID, byte for byte
      (the Date header aside), so check_replication_status -r ID against
      the same prefix sees exactly what the fleet plugin sees. IDs not in
      the fleet: 404 with {"success":false,...,"message":"replication ID
      not found"}; no replicationId: 400.
  .../openapi/v1/replication/precheck/status?replicationId=ID
      For a task in preCheckFailed: precheckStatus "failure" with the
      documentation's two items (replBidirectionLoopExistCheck success,
      srcDataSourceCheck failure), echoing ID; preChecking: "running"
      (one item still running); any other task of the fleet: "success"
      with three passed items. Unknown IDs: 404 API error.

Anything else under the prefix: 404 API error. GET .../openapi/now is the
server's usual clock answer (testserver.py answers it before the fleets:
neither signed nor counted).
An unknown NAME or modifier: 404 {"message":"fleet NAME not found"}.

Accounting, per TAG: GET /test/connections?tag=TAG (unsigned, not counted)
answers {"connections": n, "requests": {"list": a, "status": b,
"precheck": c}, "max_in_flight": m, "refused": r}: n TCP or TLS
connections carried at least one request of the TAG, a/b/c requests
arrived per endpoint (refused ones included), m is the most requests of
the TAG that were being served at one moment (a lat-/slow sleep counts as
being served), r requests were refused for their signature. A request is
counted whatever it is answered (an unknown NAME, a first-time 429 too); a
path that is none of the three endpoints counts its connection only. A TAG
never seen answers zeros.
Every request is also in testserver.py's --log, as any other.

The fleets (ids are "scenario~suffix" so that the plain server answers
check_replication_status -r ID the same without the prefix; every id's
status answer is scenarios_status.STATUS_SCENARIOS[scenario]):

  basic       19 tasks, BASIC below: every value of the status table
              (createSuccess ... locked), running with 672 ms and with
              20 min delay, an unknown value "migrating", a two-way pair
              (forward/backward, multiActiveId ma-geo-0001), a task whose
              status request answers HTTP 500 (HTML body) and a task whose
              name holds '|', a newline, a tab, a control character and
              non-ASCII text.
  capped      25 running tasks rs-running~c01..c25; the server ignores the
              pageSize asked for: 10 per page and "pageSize":10 always
              (pages 1-3 carry 10, 10, 5).
  vanishing   30 running tasks rs-running~v01..v30; the list changes
              between page requests (page K of every request sees view K,
              views 3+ are the same), filters apply to the view:
                page 1: v01..v30, total 30
                page 2: v25 was changed and moved to the front (the list is
                        by last change): v25, v01..v24, v26..v30, total 30
                page 3: v02, v03, v04 deleted as well: v25, v01, v05..v24,
                        v26..v30, total 27
              With pageSize 10: page 1 v01..v10; page 2 v10..v19 (v10 a
              second time); page 3 v23, v24, v26..v30 (short, 7): 26
              distinct tasks for a total of 30 (v20..v22, v25 never show).
              Deleting alone only skips tasks; the duplicate is the moved
              one's doing. Every v-id's status answers running.
  ratelimit   8 running tasks rs-running~r1..r8. Per TAG, once: the first
              list request for current=2 answers 429 (Retry-After: 1, JSON
              error); the first status request of rs-running~r3 and of
              rs-running~r6 answers 503 (Retry-After: 1, HTML). Later ones
              answer normally. (Only validly signed requests use them up.)
  slow        20 running tasks rs-running~s01..s20; every status answer
              takes 0.5 s (the list and precheck answer at once).
  empty       no tasks: total 0, data [].
  big-N       N running tasks (1 <= N <= 100000): task k (1..N) is
              rs-running~bKKKKK (k in 5 digits: b00001 .. b99999, b100000),
              name bench-KKKKK, source ds-bench-src-((k-1) % 20), target
              ds-bench-dst-((k-1) % 7) (two digits), type default; every
              status answers running with 672 ms. The ids do not depend
              on N: big-1000 is the first 1000 tasks of big-10000.
              Generated once per N and kept (10 000 tasks: ~0.1 s, ~8 MB),
              each task's JSON and each filter's result cached.
"""

import json
import re
import threading
import time
import urllib.parse

import ndsign
import scenarios

PREFIX = "/fleet/"
ACCOUNTING_PATH = "/test/connections"
ENDPOINTS = {
    "/openapi/v1/replication/list": "list",
    "/openapi/v1/replication/status": "status",
    "/openapi/v1/replication/precheck/status": "precheck",
}
FILTERS = ("replicationId", "status", "sourceDatasourceId", "targetDatasourceId",
           "datasourceId", "type", "multiActiveId", "keyword")
DEFAULT_PAGE_SIZE = 10
ORG_ID = "org-fleet-0001"
SUBTASK_TYPES = ["schema", "full", "inc_writer"]
BIG_MAX = 100000
JSON = [("Content-Type", "application/json")]


class Task:
    """One task as the list shows it: its JSON kept ready, and the fields
    the filters look at (no dict per task, so big fleets stay small)."""

    __slots__ = ("rid", "json", "name_lower", "status", "type", "src", "dst", "multi")
    # filter parameter -> attribute
    ATTR = {"replicationId": "rid", "status": "status", "sourceDatasourceId": "src",
            "targetDatasourceId": "dst", "type": "type", "multiActiveId": "multi"}

    def __init__(self, rid, name, status, src, dst, created, type_="default", multi=None,
                 subs=SUBTASK_TYPES):
        f = {"replicationId": rid, "orgId": ORG_ID, "name": name,
             "sourceDatasourceId": src, "targetDatasourceId": dst, "type": type_,
             "status": status, "subTaskTypeList": list(subs)}
        if multi is not None:
            f["multiActiveId"] = multi
        f["createTime"] = created
        self.json = json.dumps(f, separators=(",", ":")).encode()
        self.rid, self.status, self.type, self.src, self.dst, self.multi = \
            rid, status, type_, src, dst, multi
        self.name_lower = name.lower()

    def matches(self, filters):
        for key, value in filters:
            if key == "datasourceId":
                if value != self.src and value != self.dst:
                    return False
            elif key == "keyword":
                if value.lower() not in self.name_lower:
                    return False
            elif getattr(self, self.ATTR[key]) != value:
                return False
        return True


class Fleet:
    """tasks: every task (status and precheck answer for these ids).
    views: the list as page 1, 2, ... sees it (the last for later pages).
    firsts: answers given once per TAG instead of the usual one, keyed
    ("list", current) or ("status", id), each (status, headers, body)."""

    def __init__(self, tasks, views=None, page_cap=None, status_delay=0.0, firsts=None):
        self.tasks = tasks
        self.by_id = {t.rid: t for t in tasks}
        self.views = views or [tasks]
        self.page_cap = page_cap
        self.status_delay = status_delay
        self.firsts = firsts or {}
        self.filtered = {}          # (view index, filters) -> matching tasks
        self.lock = threading.Lock()

    def matching(self, view, filters):
        if not filters:
            return self.views[view]
        key = (view, filters)
        with self.lock:
            hit = self.filtered.get(key)
        if hit is None:
            hit = [t for t in self.views[view] if t.matches(filters)]
            with self.lock:
                if len(self.filtered) > 512:
                    self.filtered.clear()
                self.filtered[key] = hit
        return hit


def created(i):
    """A createTime in the documented form, distinct per index."""
    return "2025-08-%02d %02d:%02d:19Z" % (1 + i // 1440 % 28, i // 60 % 24, i % 60)


# --- basic --------------------------------------------------------------------

HOSTILE_NAME = "ops|prod\nREPLICATION OK - forged line\ttab \x01 caf\u00e9 \u20ac \U0001f600"

# (id, name, type, status the list shows, source, target, multiActiveId);
# the status answer is the STATUS_SCENARIOS entry named before the "~".
BASIC = [
    ("rs-running~f1", "orders-mysql-to-pg", "default", "running",
     "ds-mysql-01", "ds-pg-01", None),                 # running, delay 672 ms
    ("rs-delay~1200000", "billing-lagging", "default", "running",
     "ds-mysql-01", "ds-pg-02", None),                 # running, delay 20 min
    ("rs-success~f1", "archive-2024-full", "default", "success",
     "ds-mysql-02", "ds-pg-01", None),
    ("rs-starting~f1", "users-starting", "default", "starting",
     "ds-mysql-02", "ds-pg-02", None),
    ("rs-prechecking~f1", "inventory-prechecking", "default", "preChecking",
     "ds-oracle-01", "ds-pg-03", None),
    ("rs-precheck-success~f1", "catalog-checked", "default", "preCheckSuccess",
     "ds-oracle-01", "ds-pg-03", None),
    ("rs-create-success~f1", "payments-created", "default", "createSuccess",
     "ds-oracle-01", "ds-kafka-01", None),
    ("rs-not-started~f1", "events-not-started", "default", "notStarted",
     "ds-mysql-03", "ds-kafka-01", None),
    ("rs-stopped~f1", "logs-stopped", "default", "stopped",
     "ds-mysql-03", "ds-es-01", None),
    ("rs-suspended~f1", "metrics-suspended", "default", "suspended",
     "ds-mysql-03", "ds-es-01", None),
    ("rs-locked~f1", "ledger-locked", "default", "locked",
     "ds-pg-01", "ds-mysql-04", None),
    ("rs-failed~f1", "crm-failed", "default", "failed",
     "ds-pg-02", "ds-mysql-04", None),
    ("rs-abnormal~f1", "search-abnormal", "default", "abnormal",
     "ds-pg-02", "ds-es-02", None),
    ("rs-precheck-failed~f1", "hr-precheck-failed", "default", "preCheckFailed",
     "ds-sqlserver-01", "ds-pg-04", None),
    ("rs-weird~f1", "legacy-migrating", "default", "migrating",
     "ds-sqlserver-01", "ds-pg-04", None),
    ("rs-running~fwd", "geo-east-to-west", "forward", "running",
     "ds-east-01", "ds-west-01", "ma-geo-0001"),
    ("rs-running~bwd", "geo-west-to-east", "backward", "running",
     "ds-west-01", "ds-east-01", "ma-geo-0001"),
    ("rs-http-500~f1", "reports-broken-status", "default", "running",
     "ds-mysql-05", "ds-pg-05", None),                 # status: HTTP 500, HTML
    ("rs-hostile~f1", HOSTILE_NAME, "default", "running",
     "ds-mysql-05", "ds-pg-05", None),                 # hostile subtask text too
]


def basic():
    return Fleet([Task(rid, name, st, src, dst, created(i), type_, multi)
                  for i, (rid, name, type_, st, src, dst, multi) in enumerate(BASIC)])


def running(ids, name_fmt, src_fmt="ds-src-%02d", dst_fmt="ds-dst-%02d", mod=(5, 3)):
    return [Task("rs-running~" + s, name_fmt % s, "running", src_fmt % (i % mod[0]),
                 dst_fmt % (i % mod[1]), created(i)) for i, s in enumerate(ids)]


def capped():
    return Fleet(running(["c%02d" % i for i in range(1, 26)], "capped-%s"), page_cap=10)


def vanishing():
    tasks = running(["v%02d" % i for i in range(1, 31)], "vanishing-%s")
    by = {t.rid[-3:]: t for t in tasks}
    moved = [by["v25"]] + [t for t in tasks if t is not by["v25"]]
    gone = {"v02", "v03", "v04"}
    later = [t for t in moved if t.rid[-3:] not in gone]
    return Fleet(tasks, views=[tasks, moved, later])


RETRY_429 = (429, [("Retry-After", "1")] + JSON,
             scenarios.api_error("rate limit exceeded", "req-fleet-429"))
RETRY_503 = (503, [("Retry-After", "1"), ("Content-Type", "text/html")],
             b"<html><head><title>503 Service Unavailable</title></head></html>\n")


def ratelimit():
    return Fleet(running(["r%d" % i for i in range(1, 9)], "ratelimit-%s"),
                 firsts={("list", 2): RETRY_429, ("status", "rs-running~r3"): RETRY_503,
                         ("status", "rs-running~r6"): RETRY_503})


def slow():
    return Fleet(running(["s%02d" % i for i in range(1, 21)], "slow-%s"), status_delay=0.5)


def empty():
    return Fleet([])


def big(n):
    ids = ["b%05d" % i for i in range(1, n + 1)]
    tasks = [Task("rs-running~" + s, "bench-" + s[1:], "running",
                  "ds-bench-src-%02d" % (i % 20), "ds-bench-dst-%02d" % (i % 7), created(i))
             for i, s in enumerate(ids)]
    return Fleet(tasks)


FLEETS = {"basic": basic, "capped": capped, "vanishing": vanishing, "ratelimit": ratelimit,
          "slow": slow, "empty": empty}
BIG_RE = re.compile(r"big-([1-9][0-9]{0,5})\Z")
LAT_RE = re.compile(r"lat-([0-9]{1,6})\Z")

_fleets = {}
_fleets_lock = threading.Lock()


def fleet(base):
    """The Fleet of a name without modifiers, built once; None if unknown."""
    with _fleets_lock:
        f = _fleets.get(base)
        if f is None:
            m = BIG_RE.match(base)
            if base in FLEETS:
                f = FLEETS[base]()
            elif m and int(m.group(1)) <= BIG_MAX:
                f = big(int(m.group(1)))
            else:
                return None
            _fleets[base] = f
        return f


def parse_name(name):
    """(Fleet, delay seconds) for NAME[,lat-MS]..., or (None, 0)."""
    base, *mods = name.split(",")
    delay = 0.0
    for mod in mods:
        m = LAT_RE.match(mod)
        if not m:
            return None, 0.0
        delay += int(m.group(1)) / 1000.0
    return fleet(base), delay


# --- accounting ---------------------------------------------------------------

class Account:
    def __init__(self):
        self.connections = set()
        self.requests = {"list": 0, "status": 0, "precheck": 0}
        self.in_flight = 0
        self.max_in_flight = 0
        self.refused = 0
        self.used = set()           # firsts already answered

    def report(self):
        return {"connections": len(self.connections), "requests": dict(self.requests),
                "max_in_flight": self.max_in_flight, "refused": self.refused}


_accounts = {}
_accounts_lock = threading.Lock()


class Answer:
    """What testserver.py sends: after delay seconds either a refusal
    (refuse: an ndsign.MESSAGES key, "401" style) or status, headers,
    body. done() must be called once it is sent."""

    def __init__(self, status=200, headers=JSON, body=b"", delay=0.0, refuse=None, account=None):
        self.status, self.headers, self.body = status, list(headers), body
        self.delay, self.refuse = delay, refuse
        self.account = account

    def done(self):
        if self.account is not None:
            with _accounts_lock:
                self.account.in_flight -= 1
            self.account = None


def handles(path):
    return path.startswith(PREFIX) or path == ACCOUNTING_PATH


def api_answer(status, message, request_id):
    return status, JSON, scenarios.api_error(message, request_id)


def answer(req, now):
    """The Answer to a request for which handles(path) is true. req: the
    server's request (path, query, hdr, conn); now: the service's clock."""
    params = {}
    for k, v in urllib.parse.parse_qsl(req["query"], keep_blank_values=True):
        params.setdefault(k, v)
    if req["path"] == ACCOUNTING_PATH:
        with _accounts_lock:
            acct = _accounts.get(params.get("tag", ""))
            report = acct.report() if acct else Account().report()
        return Answer(body=(json.dumps(report) + "\n").encode())

    parts = req["path"][len(PREFIX):].split("/", 2)
    name = urllib.parse.unquote(parts[0])
    tag = urllib.parse.unquote(parts[1]) if len(parts) > 1 else ""
    api_path = ndsign.signed_path("/" + parts[2] if len(parts) > 2 else "/")
    endpoint = ENDPOINTS.get(api_path)
    with _accounts_lock:
        acct = _accounts.setdefault(tag, Account())
        acct.connections.add(req.get("conn"))
        if endpoint:
            acct.requests[endpoint] += 1
        acct.in_flight += 1
        acct.max_in_flight = max(acct.max_in_flight, acct.in_flight)

    fl, delay = parse_name(name)
    a = Answer(delay=delay, account=acct)
    if fl is None:
        a.status, a.headers, a.body = api_answer(404, "fleet %s not found" % name, "req-fleet-404")
        return a
    why = ndsign.verify(req["hdr"], api_path, now)
    if why:
        with _accounts_lock:
            acct.refused += 1
        a.refuse = why
        return a
    if endpoint == "list":
        a.status, a.headers, a.body = list_page(fl, params, acct, tag)
    elif endpoint in ("status", "precheck"):
        rid = params.get("replicationId")
        if endpoint == "status":
            a.delay += fl.status_delay
        a.status, a.headers, a.body = task_answer(fl, endpoint, rid, acct)
    else:
        a.status, a.headers, a.body = api_answer(404, "no such API: %s" % api_path,
                                                 "req-fleet-404")
    return a


def first_time(fl, acct, key):
    """The once-per-TAG answer for key, the first time it is asked; else None."""
    ans = fl.firsts.get(key)
    if ans is None:
        return None
    with _accounts_lock:
        if (id(fl), key) in acct.used:
            return None
        acct.used.add((id(fl), key))
    return ans


def positive(params, key, default):
    v = params.get(key, "")
    if v == "":
        return default
    if not v.isdigit() or int(v) < 1:
        return None
    return int(v)


def list_page(fl, params, acct, tag):
    current = positive(params, "current", 1)
    size = positive(params, "pageSize", DEFAULT_PAGE_SIZE)
    if current is None or size is None:
        return api_answer(400, "current and pageSize must be positive integers", "req-fleet-400")
    once = first_time(fl, acct, ("list", current))
    if once:
        return once
    if fl.page_cap:
        size = fl.page_cap
    filters = tuple((k, params[k]) for k in FILTERS if params.get(k, "") != "")
    tasks = fl.matching(min(current, len(fl.views)) - 1, filters)
    start = (current - 1) * size
    page = tasks[start:start + size]
    body = b"".join((b'{"success":true,"requestId":"req-fleet-list","data":[',
                     b",".join(t.json for t in page),
                     b'],"current":%d,"pageSize":%d,"total":%d}\n' % (current, size, len(tasks))))
    return 200, JSON, body


def task_answer(fl, endpoint, rid, acct):
    if rid is None:
        return api_answer(400, "missing replicationId", "req-400")
    task = fl.by_id.get(rid)
    if task is None:
        return 404, JSON, scenarios.not_found(rid)
    once = first_time(fl, acct, (endpoint, rid))
    if once:
        return once
    ctx = scenarios.Ctx(rid)
    if endpoint == "status":
        sc = scenarios.lookup(rid)
        return sc.status, [("Content-Type", sc.content_type)] + sc.headers, sc.render_body(ctx)
    st = task.status
    if st == "preCheckFailed":
        body = scenarios.response(PRECHECK_FAILED, "failure", "req-fleet-pc-fail")
    elif st == "preChecking":
        body = scenarios.response(PRECHECK_RUNNING, "running", "req-fleet-pc-run")
    else:
        body = scenarios.response(scenarios.OK3, "success", "req-fleet-pc-ok")
    return 200, JSON, body(ctx)


PRECHECK_FAILED = [
    scenarios.item("replBidirectionLoopExistCheck", "Cyclic replication check", "success",
                   desc="Check for replication loops"),
    scenarios.item("srcDataSourceCheck", "Source datasource connection check", "failure",
                   "Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 "
                   "Caused by: Connection timed out",
                   desc="Check the status of the gateway of the source datasource, database "
                        "connectable, and verify the username and password"),
]
PRECHECK_RUNNING = [
    scenarios.item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
    scenarios.item("srcDataSourceCheck", "Source datasource connection check", "running"),
]
