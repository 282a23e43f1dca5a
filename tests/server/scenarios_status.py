# SPDX-License-Identifier: GPL-3.0-or-later
"""scenarios_status.py - what the test server answers for
GET /openapi/v1/replication/status, keyed by replicationId like the
precheck scenarios (scenarios.py merges these into SCENARIOS).

Every status scenario wants an AccessKey-signed request, as the service
does. A replicationId "rs-delay~MS" answers a running incremental subtask
with a delay of MS milliseconds, so one scenario serves every threshold
case.
"""

import json

from scenarios import Scenario

EXAMPLE = {
    "replicationId": None,
    "status": "running",
    "currentSubTaskType": "inc_writer",
    "subTaskList": [
        {"subTaskType": "schema", "status": "success", "percent": 100.0},
        {"subTaskType": "full", "status": "success", "percent": 100.0},
        {"subTaskType": "inc_writer", "status": "running", "percent": 0.0, "delay": 672},
        {"subTaskType": "trigger", "status": "notStarted", "percent": 0.0},
    ],
}


def subtasks(inc_status="running", delay=672, full="success", full_percent=100.0,
             trigger="notStarted"):
    inc = {"subTaskType": "inc_writer", "status": inc_status, "percent": 0.0}
    if delay is not None:
        inc["delay"] = delay
    return [
        {"subTaskType": "schema", "status": "success", "percent": 100.0},
        {"subTaskType": "full", "status": full, "percent": full_percent},
        inc,
        {"subTaskType": "trigger", "status": trigger, "percent": 0.0},
    ]


def status_body(status="running", current="inc_writer", subs=None, shape="data",
                request_id="req-st-0001"):
    """Body function: a success:true status answer echoing the asked-for id,
    with its fields inside data or (the older revision) beside success."""
    def build(ctx):
        fields = {"replicationId": ctx.rid, "status": status, "currentSubTaskType": current,
                  "subTaskList": subtasks() if subs is None else subs}
        if current is None:
            del fields["currentSubTaskType"]
        if shape == "top":
            doc = dict({"success": True, "requestId": request_id}, **fields)
        else:
            doc = {"success": True, "requestId": request_id, "data": fields}
        return (json.dumps(doc, indent=1) + "\n").encode()
    return build


def delay_from_id(ctx):
    """rs-delay~MS: the delay is the tag."""
    tag = ctx.rid.split("~", 1)[1] if "~" in ctx.rid else "672"
    return status_body(subs=subtasks(delay=int(tag)))(ctx)


def signed(body, **kw):
    return Scenario(body, nd_sign="401", **kw)


STATUS_SCENARIOS = {
    # the documentation's example
    "rs-doc": signed(status_body()),
    "rs-top": signed(status_body(shape="top", request_id="req-st-top")),
    "rs-delay": signed(delay_from_id),
    # one scenario per task status value (the subtasks as in the example)
    "rs-running": signed(status_body("running")),
    "rs-success": signed(status_body("success", "inc_writer",
                                     subtasks(inc_status="success", delay=None))),
    "rs-starting": signed(status_body("starting", "schema",
                                      subtasks(inc_status="notStarted", delay=None,
                                               full="notStarted", full_percent=0.0))),
    "rs-prechecking": signed(status_body("preChecking", None, [])),
    "rs-precheck-success": signed(status_body("preCheckSuccess", None, [])),
    "rs-create-success": signed(status_body("createSuccess", None, [])),
    "rs-suspended": signed(status_body("suspended", "inc_writer",
                                       subtasks(inc_status="suspended"))),
    "rs-stopped": signed(status_body("stopped", "inc_writer", subtasks(inc_status="stopped"))),
    "rs-not-started": signed(status_body("notStarted", None, [])),
    "rs-locked": signed(status_body("locked")),
    "rs-failed": signed(status_body("failed", "full",
                                    subtasks(full="failed", full_percent=35.5,
                                             inc_status="notStarted", delay=None))),
    "rs-abnormal": signed(status_body("abnormal", "inc_writer", subtasks(inc_status="abnormal"))),
    "rs-precheck-failed": signed(status_body("preCheckFailed", None, [])),
    "rs-weird": signed(status_body("migrating")),
    "rs-upper": signed(status_body("RUNNING")),
    # a running task whose subtask failed
    "rs-subtask-failed": signed(status_body("running", "inc_writer",
                                            subtasks(trigger="failed"))),
    # delay missing in different ways
    "rs-no-delay": signed(status_body(subs=subtasks(delay=None))),
    "rs-no-inc": signed(status_body("running", "full",
                                    subtasks()[:2])),
    "rs-inc-not-running": signed(status_body("running", "full",
                                             subtasks(inc_status="notStarted", delay=None,
                                                      full="running", full_percent=42.0))),
    # hostile text in the fields
    "rs-hostile": signed(status_body("running", "inc|writer\n\x01",
                                     [{"subTaskType": "inc_writer", "status": "running",
                                       "percent": 0, "delay": 1500},
                                      {"subTaskType": "we|rd\tname", "status": "failed",
                                       "percent": 12.5}])),
    # wrong shapes
    "rs-no-data": signed(b'{"success": true, "requestId": "req-st-nd"}\n'),
    "rs-bad-subtasks": signed(b'{"success": true, "data": {"replicationId": "rs-bad-subtasks",'
                              b' "status": "running", "subTaskList": {"x": 1}}}\n'),
    "rs-bad-delay": signed(b'{"success": true, "data": {"replicationId": "rs-bad-delay",'
                           b' "status": "running", "subTaskList": [{"subTaskType": "inc_writer",'
                           b' "status": "running", "delay": "soon"}]}}\n'),
    "rs-wrong-task": signed(b'{"success": true, "data": {"replicationId": "rs-someone-else",'
                            b' "status": "running", "subTaskList": []}}\n'),
    # a gateway's error page instead of an answer
    "rs-http-500": signed(b"<html><head><title>500 Internal Server Error</title></head></html>\n",
                          status=500, content_type="text/html"),
    "rs-api-error": signed(b'{"success": false, "requestId": "req-st-err",'
                           b' "message": "replication rs-api-error not found"}\n', status=404),
}
