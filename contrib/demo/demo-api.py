#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""demo-api.py - a stand-in for the replication service API, for demos.

Serves the precheck status endpoint on 127.0.0.1 for four replication tasks:

  rp-demo-ok        every check item passed                       (plugin: OK)
  rp-demo-warning   one item warns                                (plugin: WARNING)
  rp-demo-failure   the source datasource cannot be reached,
                    like the example in the API documentation     (plugin: CRITICAL)
  rp-demo-precheck  the binary log is off on the source           (plugin: CRITICAL)

the replication status endpoint (check_replication_status) for seven:

  rp-dbzfwn1n4f9b   the example of the API documentation: running,
                    inc_writer, delay 672 ms, trigger notStarted
  rp-demo-ok        running, inc_writer, delay 672 ms, no trigger subtask
  rp-demo-ok2       running, inc_writer, delay 1.2 s
  rp-demo-warning   running, inc_writer, delay 7 min (over -w 5m)
  rp-demo-failure   failed: the full copy failed at 35.5 %
  rp-demo-stopped   stopped, its incremental subtask stopped too
  rp-demo-precheck  preCheckFailed (its precheck: above)

and the task list (check_replication_tasks) of the demo account: the six
rp-demo-* tasks, each with the status its status answer has, paged by
current and pageSize (default 10, at most 100) like the service, with the
filters replicationId, status, type, multiActiveId, sourceDatasourceId,
targetDatasourceId, datasourceId (source or target) and keyword (in the
name, any letter case). rp-dbzfwn1n4f9b is not in the account.

Any other id gets the documented failure shape with HTTP 404:
  {"success": false, "requestId": "...", "message": "replication X not found"}

Every request must be signed like NineData's OpenAPI wants it (headers
access-key-id, timestamp, signature; see doc/signing.md), with the
DEMO-ONLY AccessKey beside this file:
  demo-only.access-key-id   the AccessKey ID
  demo-only.secret-key      its secret
They open nothing but this demo. A refused request gets HTTP 401 with
{"success": false, "message": "..."} saying why.

Usage:
  demo-api.py [--ports-file FILE] [--bind ADDR] [--port N]
              [--token TOKEN] [--unsigned] [--max-lifetime SECONDS]

  --ports-file FILE      when listening, write {"http": PORT} to FILE
                         (atomically: temp file + rename)
  --bind ADDR            address to listen on (default 127.0.0.1)
  --port N               port (default 0: the kernel picks a free one)
  --token TOKEN          require "Authorization: Bearer TOKEN" too (default: none)
  --unsigned             accept requests without an AccessKey signature
  --max-lifetime SECONDS exit after this long (default 600; 0 = never)
  --exit-with-parent     exit as soon as the process that started it is gone

The endpoints are GET /openapi/v1/replication/precheck/status?replicationId=ID,
GET /openapi/v1/replication/status?replicationId=ID and
GET /openapi/v1/replication/list[?current=K&pageSize=N&FILTER=VALUE...];
other paths answer 404. Exits on SIGTERM and SIGINT. Python 3 standard
library only.

Try it:
  python3 contrib/demo/demo-api.py --port 8080 &
  check_replication_precheck -U http://127.0.0.1:8080 -r rp-demo-failure \
      --access-key-id "$(cat contrib/demo/demo-only.access-key-id)" \
      --secret-key-file contrib/demo/demo-only.secret-key
  check_replication_status -U http://127.0.0.1:8080 -r rp-dbzfwn1n4f9b \
      --access-key-id "$(cat contrib/demo/demo-only.access-key-id)" \
      --secret-key-file contrib/demo/demo-only.secret-key -w 5m -c 15m
  check_replication_tasks -U http://127.0.0.1:8080 \
      --access-key-id "$(cat contrib/demo/demo-only.access-key-id)" \
      --secret-key-file contrib/demo/demo-only.secret-key -w 5m -c 15m
"""

import argparse
import calendar
import hashlib
import json
import os
import random
import signal
import string
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

ENDPOINT = "/openapi/v1/replication/precheck/status"
STATUS_ENDPOINT = "/openapi/v1/replication/status"
LIST_ENDPOINT = "/openapi/v1/replication/list"
HERE = os.path.dirname(os.path.abspath(__file__))
CLOCK_WINDOW = 600   # seconds a timestamp may differ from the server's clock


def read_line(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return f.readline().strip()


def signing_problem(headers, path, keys):
    """Why a request is not signed as NineData wants it, or None."""
    akid, ts, sig = (headers.get(h) for h in ("access-key-id", "timestamp", "signature"))
    if not (akid and ts and sig):
        return "missing access-key-id, timestamp or signature header"
    if akid not in keys:
        return "invalid access key id"
    try:
        sent = calendar.timegm(time.strptime(ts, "%Y-%m-%dT%H:%M:%SZ"))
    except ValueError:
        return "malformed timestamp"
    if abs(sent - time.time()) > CLOCK_WINDOW:
        return "request timestamp expired"
    want = hashlib.sha256(("%s/%s&%s" % (path, keys[akid], ts)).encode()).hexdigest()
    return None if sig == want else "signature mismatch"


def item(item_id, name, description, status="success", message=""):
    return {"itemId": item_id, "itemName": name, "itemDescription": description,
            "status": status, "message": message}


def common_items():
    return [
        item("replBidirectionLoopExistCheck", "Cyclic replication check",
             "Check for replication loops"),
        item("srcDataSourceCheck", "Source datasource connection check",
             "Check the status of the gateway of the source datasource, database "
             "connectable, and verify the username and password"),
        item("dstDataSourceCheck", "Target datasource connection check",
             "Check the status of the gateway of the target datasource, database "
             "connectable, and verify the username and password"),
        item("srcPrivilegeCheck", "Source account privilege check",
             "Check that the source account may read the binary log"),
        item("dstPrivilegeCheck", "Target account privilege check",
             "Check that the target account may create and write the tables"),
        item("srcBinlogCheck", "Source binary log check",
             "Check that binary logging is on with ROW format and full row image"),
        item("primaryKeyCheck", "Primary key check",
             "Check that every replicated table has a primary key or unique key"),
        item("dstSpaceCheck", "Target disk space check",
             "Check that the target has room for the initial load"),
        item("versionCompatibilityCheck", "Database version compatibility check",
             "Check that source and target versions can replicate"),
    ]


def task_ok():
    return "success", common_items()


def task_warning():
    items = common_items()
    for it in items:
        if it["itemId"] == "primaryKeyCheck":
            it["status"] = "warning"
            it["message"] = ("2 tables without a primary key or unique key: "
                             "shop.audit_log, shop.tmp_import; replication of them is slower")
    return "warning", items


def task_failure():
    items = common_items()
    for it in items:
        if it["itemId"] == "srcDataSourceCheck":
            it["status"] = "failure"
            it["message"] = ("Failed to connect datasource hzyh-ce-gaussdb: "
                             "root@123.60.66.55:8000:0 Caused by: Connection timed out")
        elif it["itemId"] == "srcBinlogCheck":
            it["status"] = "failure"
            it["message"] = "binlog_format is STATEMENT, ROW is required"
        elif it["itemId"] == "dstSpaceCheck":
            it["status"] = "warning"
            it["message"] = "38 GB free on the target, the initial load needs about 35 GB"
    return "failure", items


def task_precheck():
    items = common_items()
    for it in items:
        if it["itemId"] == "srcBinlogCheck":
            it["status"] = "failure"
            it["message"] = "log_bin is OFF on the source; turn on binary logging and restart"
    return "failure", items


TASKS = {
    "rp-demo-ok": task_ok,
    "rp-demo-warning": task_warning,
    "rp-demo-failure": task_failure,
    "rp-demo-precheck": task_precheck,
}


def subtask(kind, status, percent, delay=None):
    t = {"subTaskType": kind, "status": status, "percent": percent}
    if delay is not None:
        t["delay"] = delay
    return t


# replicationId -> (status, currentSubTaskType, subTaskList)
STATUS_TASKS = {
    "rp-dbzfwn1n4f9b": ("running", "inc_writer", [
        subtask("schema", "success", 100.0), subtask("full", "success", 100.0),
        subtask("inc_writer", "running", 0.0, 672), subtask("trigger", "notStarted", 0.0)]),
    "rp-demo-ok": ("running", "inc_writer", [
        subtask("schema", "success", 100.0), subtask("full", "success", 100.0),
        subtask("inc_writer", "running", 0.0, 672)]),
    "rp-demo-warning": ("running", "inc_writer", [
        subtask("schema", "success", 100.0), subtask("full", "success", 100.0),
        subtask("inc_writer", "running", 0.0, 420000)]),
    "rp-demo-failure": ("failed", "full", [
        subtask("schema", "success", 100.0), subtask("full", "failed", 35.5)]),
    "rp-demo-ok2": ("running", "inc_writer", [
        subtask("schema", "success", 100.0), subtask("full", "success", 100.0),
        subtask("inc_writer", "running", 0.0, 1200)]),
    "rp-demo-stopped": ("stopped", "inc_writer", [
        subtask("schema", "success", 100.0), subtask("full", "success", 100.0),
        subtask("inc_writer", "stopped", 0.0, 672)]),
    "rp-demo-precheck": ("preCheckFailed", None, []),
}


def listed(rid, name, src, dst, created):
    """A task as the list shows it; its status is its status answer's."""
    return {"replicationId": rid, "orgId": "org-demo-0001", "name": name,
            "sourceDatasourceId": src, "targetDatasourceId": dst, "type": "default",
            "status": STATUS_TASKS[rid][0], "subTaskTypeList": ["schema", "full", "inc_writer"],
            "createTime": created}


# The demo account's tasks, in the order the list answers with them.
ACCOUNT = [
    listed("rp-demo-ok", "shop-orders-to-warehouse", "ds-mysql-shop", "ds-pg-warehouse",
           "2025-08-11 01:08:19Z"),
    listed("rp-demo-ok2", "shop-users-to-warehouse", "ds-mysql-shop", "ds-pg-warehouse",
           "2025-08-11 01:09:02Z"),
    listed("rp-demo-warning", "billing-to-reporting", "ds-mysql-billing", "ds-pg-reporting",
           "2025-08-12 09:30:44Z"),
    listed("rp-demo-failure", "crm-initial-load", "ds-gaussdb-crm", "ds-pg-warehouse",
           "2025-08-13 14:02:10Z"),
    listed("rp-demo-stopped", "audit-archive", "ds-mysql-shop", "ds-oss-archive",
           "2025-08-14 07:45:00Z"),
    listed("rp-demo-precheck", "inventory-to-search", "ds-mysql-inventory", "ds-es-search",
           "2025-08-15 16:20:31Z"),
]
LIST_FILTERS = {"replicationId": "replicationId", "status": "status", "type": "type",
                "multiActiveId": "multiActiveId", "sourceDatasourceId": "sourceDatasourceId",
                "targetDatasourceId": "targetDatasourceId"}
MAX_PAGE_SIZE = 100


def list_page(query):
    """(HTTP status, body) of a list request."""
    def positive(name, default):
        v = query.get(name, "")
        if v == "":
            return default
        if not v.isdigit() or int(v) < 1:
            raise ValueError("%s must be a positive integer" % name)
        return int(v)
    try:
        current = positive("current", 1)
        size = min(positive("pageSize", 10), MAX_PAGE_SIZE)
    except ValueError as e:
        return 400, {"success": False, "requestId": request_id(), "message": str(e)}
    tasks = ACCOUNT
    for param, field in LIST_FILTERS.items():
        if query.get(param):
            tasks = [t for t in tasks if t.get(field) == query[param]]
    if query.get("datasourceId"):
        ds = query["datasourceId"]
        tasks = [t for t in tasks if ds in (t["sourceDatasourceId"], t["targetDatasourceId"])]
    if query.get("keyword"):
        kw = query["keyword"].lower()
        tasks = [t for t in tasks if kw in t["name"].lower()]
    page = tasks[(current - 1) * size:current * size]
    return 200, {"success": True, "requestId": request_id(), "data": page,
                 "current": current, "pageSize": size, "total": len(tasks)}


def request_id():
    alphabet = string.ascii_letters + string.digits + "-_"
    return "".join(random.choice(alphabet) for _ in range(32))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo-replication-api/1.0"
    token = None
    keys = {}           # AccessKey ID -> secret; empty: no signing required

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    def send_json(self, code, obj):
        body = (json.dumps(obj, indent=2) + "\n").encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        url = urlsplit(self.path)
        query = dict(parse_qsl(url.query, keep_blank_values=True))
        rid = query.get("replicationId")
        if url.path == "/openapi/now":
            return self.send_json(200, {"success": True, "requestId": request_id(),
                                        "data": int(time.time() * 1000)})
        if url.path.rstrip("/") not in (ENDPOINT, STATUS_ENDPOINT, LIST_ENDPOINT):
            return self.send_json(404, {"success": False, "requestId": request_id(),
                                        "message": "no such endpoint: %s" % url.path})
        problem = self.keys and signing_problem(self.headers, url.path, self.keys)
        if problem:
            return self.send_json(401, {"success": False, "requestId": request_id(),
                                        "message": problem})
        if self.token and self.headers.get("Authorization") != "Bearer " + self.token:
            return self.send_json(401, {"success": False, "requestId": request_id(),
                                        "message": "missing or invalid token"})
        if url.path.rstrip("/") == LIST_ENDPOINT:
            return self.send_json(*list_page(query))
        if not rid:
            return self.send_json(400, {"success": False, "requestId": request_id(),
                                        "message": "replicationId is required"})
        if url.path.rstrip("/") == STATUS_ENDPOINT:
            if rid not in STATUS_TASKS:
                return self.send_json(404, {"success": False, "requestId": request_id(),
                                            "message": "replication %s not found" % rid})
            status, current, subtasks = STATUS_TASKS[rid]
            data = {"replicationId": rid, "status": status, "subTaskList": subtasks}
            if current is not None:
                data["currentSubTaskType"] = current
            return self.send_json(200, {"success": True, "requestId": request_id(),
                                        "data": data})
        task = TASKS.get(rid)
        if task is None:
            return self.send_json(404, {"success": False, "requestId": request_id(),
                                        "message": "replication %s not found" % rid})
        overall, items = task()
        self.send_json(200, {"success": True, "requestId": request_id(),
                             "data": {"replicationId": rid, "precheckStatus": overall,
                                      "items": items}})


def main(argv=None):
    ap = argparse.ArgumentParser(description="Demo replication precheck API.")
    ap.add_argument("--ports-file")
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--token")
    ap.add_argument("--unsigned", action="store_true")
    ap.add_argument("--max-lifetime", type=float, default=600)
    ap.add_argument("--exit-with-parent", action="store_true")
    args = ap.parse_args(argv)

    Handler.token = args.token
    if not args.unsigned:
        Handler.keys = {read_line("demo-only.access-key-id"): read_line("demo-only.secret-key")}
    httpd = ThreadingHTTPServer((args.bind, args.port), Handler)
    httpd.daemon_threads = True
    port = httpd.server_address[1]
    if args.ports_file:
        tmp = "%s.tmp.%d" % (args.ports_file, os.getpid())
        with open(tmp, "w") as f:
            json.dump({"http": port}, f)
            f.write("\n")
        os.replace(tmp, args.ports_file)
    sys.stderr.write("demo API on http://%s:%d%s?replicationId=rp-demo-ok\n"
                     % (args.bind, port, ENDPOINT))
    sys.stderr.flush()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda s, f: stop.set())
    signal.signal(signal.SIGINT, lambda s, f: stop.set())
    if args.exit_with_parent:
        parent = os.getppid()

        def watch_parent():
            while not stop.wait(0.5):
                if os.getppid() != parent:
                    stop.set()
        threading.Thread(target=watch_parent, daemon=True).start()
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stop.wait(args.max_lifetime if args.max_lifetime > 0 else None)
    httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
