# SPDX-License-Identifier: GPL-3.0-or-later
"""scenarios.py - what the test server answers, keyed by replicationId.

Every scenario is a Scenario object: a status code, headers and a body,
plus optional behaviour (hang, trickling, resets, huge bodies, gzip,
chunked transfer, sequences, redirects, required authentication).

Bodies are either bytes or a callable taking a Ctx and returning bytes;
the helpers below build bodies whose data.replicationId echoes the id that
was asked for, so the same scenario answers under any id suffix.

A replicationId "NAME~TAG" selects scenario NAME (a fresh sequence counter
per full id), so several test cases can use a stateful scenario at once.

Also importable by the test runner, to write the same bodies into files for
--file and stdin cases (see body_for()).
"""

import gzip as _gzip
import json

# Secrets the auth scenarios accept. Distinctive, so tests can grep output
# for them.
BEARER_TOKEN = "tok-S3cr3t-Bearer-7f1c"
API_KEY_HEADER = "X-API-Key"
API_KEY = "key-S3cr3t-ApiKey-91ab"
BASIC_USER = "monitor"
BASIC_PASS = "pw-S3cr3t-Basic-4d2e"
CUSTOM_HEADER = "X-Gateway-Secret"
CUSTOM_VALUE = "hdr-S3cr3t-Custom-c0de"

DOC_EXAMPLE = b"""{
  "success": true,
  "requestId": "Tv8j8OCQ-JPQIeDXnIMNi2TEdLNx0HDG",
  "data": {
    "replicationId": "rp-div0qqpbffio",
    "precheckStatus": "failure",
    "items": [
      {
        "itemId": "replBidirectionLoopExistCheck",
        "itemName": "Cyclic replication check",
        "itemDescription": "Check for replication loops",
        "status": "success",
        "message": ""
      },
      {
        "itemId": "srcDataSourceCheck",
        "itemName": "Source datasource connection check",
        "itemDescription": "Check the status of the gateway of the source datasource, database connectable, and verify the username and password",
        "status": "failure",
        "message": "Failed to connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out"
      }
    ]
  }
}
"""


class Ctx:
    """What a body function may look at."""

    def __init__(self, rid, listener="file", ports=None, headers=None, count=0):
        self.rid = rid              # the replicationId as requested (decoded)
        self.listener = listener    # listener name, "file" outside the server
        self.ports = ports or {}
        self.headers = headers or {}
        self.count = count          # 0 for the first request of this id


class Scenario:
    def __init__(self, body=b"", status=200, headers=None, reason=None,
                 content_type="application/json", **behaviour):
        self.status = status
        self.reason = reason
        self.headers = list(headers or [])
        self.body = body
        self.content_type = content_type
        # hang, trickle_headers, trickle_body, reset_midbody, short_body,
        # huge=(MB, chunked), gzip, precompressed, chunked, redirect=(target,
        # code), require_auth, auth_html, and sequence: answers given before
        # the scenario's own, one per request, each (status, headers, body)
        # or "reset" (half the body, then a TCP reset)
        self.b = behaviour

    def render_body(self, ctx):
        return self.body(ctx) if callable(self.body) else self.body


def item(iid, name, status, message="", desc=None):
    return {"itemId": iid, "itemName": name,
            "itemDescription": desc if desc is not None else "Checks " + name.lower(),
            "status": status, "message": message}


def response(items, overall, request_id="req-0001", **extra_data):
    """Body function: a success:true response that echoes the asked-for id."""
    def build(ctx):
        data = {"replicationId": ctx.rid, "precheckStatus": overall, "items": items}
        data.update(extra_data)
        return (json.dumps({"success": True, "requestId": request_id, "data": data},
                           indent=1) + "\n").encode()
    return build


def raw(template):
    """Body function: a literal body with @ID@ replaced by the JSON-escaped id."""
    def build(ctx):
        return template.replace(b"@ID@", json.dumps(ctx.rid)[1:-1].encode())
    return build


def api_error(message, request_id="req-err-1"):
    return (json.dumps({"success": False, "requestId": request_id,
                        "message": message}) + "\n").encode()


def not_found(rid):
    return api_error("replication %s not found" % rid, "req-404-0001")


def wide_text(prefix, nbytes, seed=0):
    """prefix, then multi-byte text (2-, 3- and 4-byte UTF-8) up to about
    nbytes bytes: every cut has to land on a character boundary."""
    glyphs = ["\u00e9", "\u20ac", "\U0001f600", "x"]
    out, size, k = [prefix], len(prefix.encode()), seed
    while size < nbytes:
        g = glyphs[k % 4]
        out.append(g)
        size += len(g.encode())
        k += 1
    return "".join(out)


def long_items(n, kb):
    """Body function: n failing items whose id, name and message are each
    kb KB of multi-byte text."""
    items = [item(wide_text("id%02d-" % i, kb * 1024, i), wide_text("Name%02d-" % i, kb * 1024, i + 1),
                  "failure", wide_text("Msg%02d-" % i, kb * 1024, i + 2)) for i in range(n)]
    return response(items, "failure", "req-long-items")


def gen_items(n, rid="rp-bench", request_id="req-gen-0001"):
    """A valid response with n items: mostly success, some warnings and failures."""
    items = []
    worst = "success"
    for i in range(n):
        if i % 50 == 7:
            st, msg = "failure", "Check %d failed: connection to node-%d refused" % (i, i % 17)
            worst = "failure"
        elif i % 20 == 3:
            st, msg = "warning", "Check %d: table t_%d has no primary key" % (i, i)
            if worst == "success":
                worst = "warning"
        else:
            st, msg = "success", ""
        items.append(item("check%05d" % i, "Check item %d" % i, st, msg,
                          desc="Generated check number %d" % i))
    return (json.dumps({"success": True, "requestId": request_id,
                        "data": {"replicationId": rid, "precheckStatus": worst,
                                 "items": items}}) + "\n").encode()


def _gen(n):
    return lambda ctx: gen_items(n, ctx.rid)


OK3 = [
    item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
    item("srcDataSourceCheck", "Source datasource connection check", "success"),
    item("dstDataSourceCheck", "Target datasource connection check", "success"),
]

MIXED = [
    item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
    item("srcPrivilegeCheck", "Source account privilege check", "warning",
         "Account repl lacks REPLICATION CLIENT on db2"),
    item("srcDataSourceCheck", "Source datasource connection check", "failure",
         "Failed to connect datasource src-mysql: Connection refused"),
    item("dstDataSourceCheck", "Target datasource connection check", "success"),
    item("dstSpaceCheck", "Target disk space check", "failure",
         "Only 2 GB free, 40 GB needed"),
    item("charsetCheck", "Character set check", "warning", "latin1 tables found"),
]


def _many_failures(n):
    return [item("fail%02d" % i, "Failing check %d" % i, "failure", "reason %d" % i)
            for i in range(n)]


def _huge_prefix(ctx):
    return ('{"success":true,"requestId":"huge","data":{"replicationId":%s,'
            '"precheckStatus":"success","items":[{"itemId":"x","status":"success",'
            '"message":"' % json.dumps(ctx.rid)).encode()


_bomb_cache = {}


def _gzip_bomb(ctx):
    # 96 MiB of white space inside a JSON string, about 100 KB compressed.
    if "b" not in _bomb_cache:
        import zlib
        co = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [co.compress(b'{"success":true,"data":{"items":[{"message":"')]
        block = b" " * (1 << 20)
        for _ in range(96):
            parts.append(co.compress(block))
        parts.append(co.compress(b'"}]}}'))
        parts.append(co.flush())
        _bomb_cache["b"] = b"".join(parts)
    return _bomb_cache["b"]


HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
            b"</body>\r\n</html>\r\n")


def big_html(title, kb=6):
    """An error page as CDNs and gateways send it: a few KB of markup and
    style around a short title."""
    style = b"".join(b".c%d{margin:0 auto;padding:%dpx;font:14px/1.4 sans-serif}\n" % (i, i % 9)
                     for i in range(kb * 1024 // 50))
    return (b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
            b"</title>\n<style>\n" + style + b"</style></head>\n<body><h1>" + title +
            b"</h1><p>Please try again later.</p></body></html>\n")


HTML_401 = (b"<html><head><title>401 Authorization Required</title></head>"
            b"<body><h1>401 Authorization Required</h1></body></html>\n")

SPECIAL_MSG = (b'{"success":true,"requestId":"req-special","data":{"replicationId":"@ID@",'
               b'"precheckStatus":"failure","items":['
               b'{"itemId":"pipeCheck","itemName":"Pipe | check","status":"failure",'
               b'"message":"a|b|c | perf=1;2;3"},'
               b'{"itemId":"nlCheck","itemName":"Newline check","status":"failure",'
               b'"message":"line one\\nline two\\r\\nline three\\n\\n"},'
               b'{"itemId":"tabCheck","itemName":"Tab\\tcheck","status":"failure",'
               b'"message":"\\tcol1\\tcol2\\t"},'
               b'{"itemId":"utf8Check","itemName":"UTF-8 check","status":"failure",'
               b'"message":"bad \xff\xfe bytes, ok \xc3\xa9t\xc3\xa9, cut \xe2\x82"},'
               b'{"itemId":"ctrlCheck","itemName":"Control check","status":"failure",'
               b'"message":"bell\\u0007 esc\\u001b[31m red \\u2028sep \\u0085nel"}'
               b']}}\n')

# What json-c 0.18's strict mode rejects and 0.16's accepts, raw: control
# characters, valid and invalid UTF-8, an integer beyond 64 bits. The
# verdict must not depend on the json-c version.
RAW_BYTES_MSG = (b'{"success":true,"requestId":"req-raw","elapsedMs":123456789012345678901234567890,'
                 b'"data":{"replicationId":"@ID@","precheckStatus":"failure","items":['
                 b'{"itemId":"rawCheck","itemName":"R\xc3\xa9plication \xe6\xba\x90","status":"failure",'
                 b'"message":"bell\x07 esc\x1b[31m tab\tnl\ncr\r nul\x00 bad \xff\xfe ok \xc3\xa9t\xc3\xa9 cut \xe2\x82"},'
                 b'{"itemId":"okCheck","itemName":"OK check","status":"success","message":""}'
                 b']}}\n')

NUL_MSG = (b'{"success":true,"requestId":"req-nul","data":{"replicationId":"@ID@",'
           b'"precheckStatus":"failure","items":['
           b'{"itemId":"nulCheck","itemName":"NUL\\u0000check","status":"failure",'
           b'"message":"before\\u0000after"}]}}\n')

NULLS = (b'{"success":true,"requestId":null,"message":null,"data":{"replicationId":null,'
         b'"precheckStatus":null,"items":[{"itemId":null,"itemName":null,'
         b'"itemDescription":null,"status":null,"message":null}]}}\n')

EXTRA_FIELDS = (b'{"success":true,"requestId":"req-extra","code":0,"extra":{"a":[1,2,{"b":null}]},'
                b'"data":{"replicationId":"@ID@","precheckStatus":"success","version":3,'
                b'"startedAt":"2024-01-01T00:00:00Z","items":[{"itemId":"a","itemName":"Alpha",'
                b'"status":"success","message":"","weight":1.5,"tags":["x"],"nested":{"k":"v"}},'
                b'{"itemId":"b","itemName":"Beta","status":"success","extra":null}]},'
                b'"trailer":true}\n')

DUP_KEYS = (b'{"success":true,"requestId":"req-dup","data":{"replicationId":"@ID@",'
            b'"precheckStatus":"success","precheckStatus":"failure","items":['
            b'{"itemId":"dup","itemName":"Duplicate keys","status":"success",'
            b'"status":"failure","message":"first","message":"second"}]}}\n')

UPPER = (b'{"success":true,"requestId":"req-upper","data":{"replicationId":"@ID@",'
         b'"precheckStatus":"FAILURE","items":['
         b'{"itemId":"a","itemName":"Alpha","status":"SUCCESS","message":""},'
         b'{"itemId":"b","itemName":"Beta","status":"Warning","message":"w"},'
         b'{"itemId":"c","itemName":"Gamma","status":"FAILURE","message":"f"}]}}\n')

ENCODED_ID = "rp enc/&=?#+%\u00fc"


SCENARIOS = {
    # --- the documented shapes ---
    "rp-div0qqpbffio": Scenario(DOC_EXAMPLE),
    "rp-all-success": Scenario(response(OK3, "success", "req-ok-1")),
    "rp-warning": Scenario(response([
        item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
        item("srcPrivilegeCheck", "Source account privilege check", "warning",
             "Account repl lacks REPLICATION CLIENT on db2"),
        item("dstDataSourceCheck", "Target datasource connection check", "success"),
    ], "warning", "req-warn-1")),
    "rp-mixed": Scenario(response(MIXED, "failure", "req-mixed-1")),
    "rp-inconsistent": Scenario(response([
        item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
        item("srcDataSourceCheck", "Source datasource connection check", "failure",
             "Connection timed out"),
    ], "success", "req-inc-1")),
    "rp-running": Scenario(response([
        item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
        item("srcDataSourceCheck", "Source datasource connection check", "running"),
    ], "running", "req-run-1")),
    "rp-upper": Scenario(raw(UPPER)),
    "rp-overall-warning-items-ok": Scenario(response(OK3, "warning", "req-ow")),
    "rp-overall-failure-items-ok": Scenario(response(OK3, "failure", "req-of")),
    "rp-overall-running-items-ok": Scenario(response(OK3, "running", "req-or")),
    "rp-no-items": Scenario(response([], "success", "req-noitems")),
    "rp-items-absent": Scenario(raw(b'{"success":true,"requestId":"r","data":{"replicationId":"@ID@",'
                                    b'"precheckStatus":"warning"}}')),
    "rp-no-status": Scenario(raw(b'{"success":true,"requestId":"req-nostatus","data":'
                                 b'{"replicationId":"@ID@"}}')),
    "rp-no-data": Scenario(b'{"success":true,"requestId":"req-nodata"}'),
    "rp-wrong-task": Scenario(raw(b'{"success":true,"requestId":"req-wt","data":{"replicationId":'
                                  b'"rp-someone-else","precheckStatus":"success","items":[]}}')),
    "rp-items-100": Scenario(_gen(100)),
    "rp-items-10000": Scenario(_gen(10000)),
    "rp-many-failures": Scenario(response(_many_failures(25), "failure", "req-many")),
    "rp-long-message": Scenario(response([
        item("longCheck", "Long message check", "failure",
             "Error: " + "0123456789abcdef" * (200 * 1024 // 16)),
    ], "failure", "req-long")),
    "rp-special": Scenario(raw(SPECIAL_MSG)),
    "rp-nul": Scenario(raw(NUL_MSG)),
    "rp-nulls": Scenario(NULLS),
    "rp-null-success": Scenario(b'{"success":null,"requestId":"req-ns","data":null}'),
    "rp-null-data": Scenario(b'{"success":true,"requestId":"req-nd","data":null}'),
    "rp-extra-fields": Scenario(raw(EXTRA_FIELDS)),
    "rp-dup-keys": Scenario(raw(DUP_KEYS)),
    "rp-ignore": Scenario(response([
        item("replBidirectionLoopExistCheck", "Cyclic replication check", "success"),
        item("srcDataSourceCheck", "Source datasource connection check", "failure",
             "Connection refused"),
        item("dstSpaceCheck", "Target disk space check", "failure", "Only 2 GB free"),
        item("charsetCheck", "Character set check", "warning", "latin1 tables found"),
    ], "failure", "req-ign-1")),
    ENCODED_ID: Scenario(response(OK3, "success", "req-enc-1")),

    # --- API-level and HTTP-level errors ---
    "rp-api-false-200": Scenario(api_error("internal error: precheck service unavailable",
                                           "req-false-200")),
    "rp-api-false-nomsg": Scenario(b'{"success":false,"requestId":"req-nomsg"}'),
    "rp-no-success": Scenario(raw(b'{"requestId":"req-nosucc","data":{"replicationId":"@ID@",'
                                  b'"precheckStatus":"success","items":[]}}')),
    "rp-html-502": Scenario(HTML_502, status=502, content_type="text/html"),
    "rp-500-empty": Scenario(b"", status=500),
    "rp-403-json": Scenario(api_error("access denied for this API key", "req-403"), status=403),
    "rp-empty": Scenario(b""),
    "rp-whitespace": Scenario(b"  \r\n\t \n"),
    "rp-raw-bytes": Scenario(raw(RAW_BYTES_MSG)),
    "rp-invalid-json": Scenario(b'{"success": true, "data": {"precheckStatus": success}}'),
    "rp-truncated-json": Scenario(b'{"success": true, "data": {"precheckStatus": "succ'),
    "rp-html-200": Scenario(b"<html><head><title>Login required</title></head><body>Please log in"
                            b"</body></html>", content_type="text/html"),
    "rp-trailing-garbage": Scenario(raw(b'{"success":true,"requestId":"r","data":{"replicationId":"@ID@",'
                                        b'"precheckStatus":"success","items":[]}} {"more":1}')),
    "rp-array-root": Scenario(b'[{"success":true}]'),
    "rp-wrong-type-success": Scenario(b'{"success":"true","requestId":"r"}'),
    "rp-wrong-type-items": Scenario(raw(b'{"success":true,"requestId":"r","data":{"replicationId":"@ID@",'
                                        b'"precheckStatus":"success","items":{"itemId":"a"}}}')),
    "rp-wrong-type-status": Scenario(raw(b'{"success":true,"requestId":"r","data":{"replicationId":"@ID@",'
                                         b'"precheckStatus":"success","items":[{"itemId":"a",'
                                         b'"status":1}]}}')),
    "rp-wrong-type-item": Scenario(raw(b'{"success":true,"requestId":"r","data":{"replicationId":"@ID@",'
                                       b'"precheckStatus":"success","items":["success"]}}')),
    "rp-deep-nest": Scenario(lambda ctx: b"[" * 300000 + b"]" * 300000),
    "rp-deep-nest-obj": Scenario(lambda ctx: b'{"success":true,"data":' + b'{"a":' * 100000
                                 + b"1" + b"}" * 100001),

    # --- authentication ---
    "rp-auth-bearer": Scenario(response(OK3, "success", "req-auth-b"),
                               require_auth=("bearer", BEARER_TOKEN)),
    "rp-auth-apikey": Scenario(response(OK3, "success", "req-auth-k"),
                               require_auth=("header", API_KEY_HEADER, API_KEY)),
    "rp-auth-basic": Scenario(response(OK3, "success", "req-auth-u"),
                              require_auth=("basic", BASIC_USER, BASIC_PASS)),
    "rp-auth-custom": Scenario(response(OK3, "success", "req-auth-c"),
                               require_auth=("header", CUSTOM_HEADER, CUSTOM_VALUE)),
    # a gateway that quotes the credentials it rejected
    "rp-auth-echo": Scenario(b"", require_auth=("bearer", "something-else"), auth_echo=True),
    "rp-auth-html": Scenario(response(OK3, "success", "req-auth-h"),
                             require_auth=("bearer", BEARER_TOKEN), auth_html=True),

    # --- transport faults ---
    "rp-hang": Scenario(b"", hang=True),
    "rp-trickle-headers": Scenario(response(OK3, "success"), trickle_headers=1.0),
    "rp-trickle-body": Scenario(response(OK3, "success"), trickle_body=(1, 0.1)),
    "rp-trickle-body-ok": Scenario(response(OK3, "success", "req-slow"), trickle_body=(64, 0.05)),
    "rp-reset-midbody": Scenario(response(MIXED, "failure"), reset_midbody=True),
    "rp-short-body": Scenario(response(MIXED, "failure"), short_body=True),
    "rp-huge-cl": Scenario(_huge_prefix, huge=(512, False)),
    "rp-huge-chunked": Scenario(_huge_prefix, huge=(512, True)),
    "rp-gzip": Scenario(response(MIXED, "failure", "req-gzip"), gzip=True),
    "rp-chunked": Scenario(response(MIXED, "failure", "req-chunked"), chunked=True),
    "rp-gzip-chunked": Scenario(response(OK3, "success", "req-gzch"), gzip=True, chunked=True),
    "rp-gzip-bomb": Scenario(_gzip_bomb, precompressed="gzip"),

    # --- stateful: retries ---
    "rp-503-then-200": Scenario(response(OK3, "success", "req-after-503"), sequence=[
        (503, [("Content-Type", "text/html")], b"<html><title>503 Service Unavailable</title></html>"),
    ]),
    "rp-429-then-200": Scenario(response(OK3, "success", "req-after-429"), sequence=[
        (429, [("Retry-After", "1"), ("Content-Type", "application/json")],
         api_error("rate limit exceeded", "req-429")),
    ]),
    "rp-429-long": Scenario(api_error("rate limit exceeded", "req-429-long"), status=429,
                            headers=[("Retry-After", "30")]),
    # the first answer is cut by a reset half-way, the second is complete
    "rp-reset-then-200": Scenario(response(MIXED, "failure", "req-after-reset"),
                                  sequence=["reset"]),
    # CDN-style error pages of several KB (longer than the kept snippet)
    "rp-503-bigpage-then-200": Scenario(response(OK3, "success", "req-after-503-big"), sequence=[
        (503, [("Content-Type", "text/html")], big_html(b"503 Service Unavailable")),
    ]),
    "rp-429-bigpage-then-200": Scenario(response(OK3, "success", "req-after-429-big"), sequence=[
        (429, [("Retry-After", "1"), ("Content-Type", "text/html")],
         big_html(b"429 Too Many Requests", 12)),
    ]),
    "rp-always-503-bigpage": Scenario(big_html(b"503 Service Unavailable"), status=503,
                                      content_type="text/html"),
    "rp-always-503": Scenario(b"<html><head><title>503 Service Unavailable</title></head></html>",
                              status=503, content_type="text/html"),

    # --- output budget ---
    "rp-long-items": Scenario(long_items(60, 3)),
    "rp-long-api-error": Scenario(api_error(wide_text("no such task: ", 5000), "req-long-err"),
                                  status=404),

    # --- redirects (only from a listener other than the target) ---
    "rp-redirect": Scenario(response(OK3, "success", "req-redir"), redirect=("http2", 302)),
    "rp-redirect-301": Scenario(response(OK3, "success", "req-redir301"), redirect=("http2", 301)),
    "rp-redirect-https": Scenario(response(OK3, "success", "req-redir-tls"), redirect=("https", 302)),
    # same listener, another path: credentials must survive this one
    "rp-redirect-same": Scenario(response(OK3, "success", "req-redir-same"), redirect=("samepath", 302),
                                 require_auth=("bearer", BEARER_TOKEN)),
    "rp-redirect-userinfo": Scenario(b"", redirect=("userinfo", 302)),
    "rp-redirect-ftp": Scenario(b"", redirect=("ftp", 302)),
    "rp-redirect-loop": Scenario(b"", redirect=("self", 302)),

    # --- NineData AccessKey signing (ndsign.py); nd_sign names how a
    # refusal looks: "401"/"403" with a JSON error, "200" with
    # success:false, "401-empty", "401-www" (the reason in WWW-Authenticate)
    "rp-nd-ok": Scenario(response(OK3, "success", "req-nd-ok"), nd_sign="401"),
    "rp-nd-doc": Scenario(raw(DOC_EXAMPLE.replace(b'"rp-div0qqpbffio"', b'"@ID@"')),
                          nd_sign="401"),
    "rp-nd-403": Scenario(response(OK3, "success", "req-nd-403"), nd_sign="403"),
    "rp-nd-200": Scenario(response(OK3, "success", "req-nd-200"), nd_sign="200"),
    "rp-nd-empty": Scenario(response(OK3, "success", "req-nd-e"), nd_sign="401-empty"),
    "rp-nd-www": Scenario(response(OK3, "success", "req-nd-w"), nd_sign="401-www"),
    # the service's clock is off from ours (Date header and the check)
    "rp-nd-ahead": Scenario(response(OK3, "success"), nd_sign="401", clock_offset=900),
    "rp-nd-behind": Scenario(response(OK3, "success"), nd_sign="200", clock_offset=-1500),
    # within the window: accepted
    "rp-nd-near": Scenario(response(OK3, "success", "req-nd-near"), nd_sign="401",
                           clock_offset=300),
    "rp-nd-retry": Scenario(response(OK3, "success", "req-nd-retry"), nd_sign="401", sequence=[
        (503, [("Retry-After", "1"), ("Content-Type", "text/html")],
         b"<html><title>503 Service Unavailable</title></html>"),
    ]),
    "rp-nd-redirect-same": Scenario(response(OK3, "success", "req-nd-rs"), nd_sign="401",
                                    redirect=("samepath", 302)),
    "rp-nd-redirect-cross": Scenario(response(OK3, "success", "req-nd-rc"), nd_sign="401",
                                     nd_sign_on=("http",), redirect=("http2", 302)),
    # a service that quotes the signature it refused
    "rp-nd-echo": Scenario(b"", nd_sign="401", nd_refuse="signature {signature} does not match"),
    "rp-nd-echo-www": Scenario(b"", nd_sign="401-www",
                               nd_refuse="signature {signature} does not match"),
    "rp-redirect-bigpage": Scenario(response(OK3, "success", "req-redir-big"), redirect=("http2", 302),
                                    redirect_body=big_html(b"302 Found")),
    "rp-redirect-bigpage-307": Scenario(response(OK3, "success", "req-redir-big"),
                                        redirect=("http2", 307), redirect_body=big_html(b"Moved", 20)),
}


def lookup(rid):
    """The Scenario for a replicationId, or None."""
    if rid in SCENARIOS:
        return SCENARIOS[rid]
    if "~" in rid:
        return SCENARIOS.get(rid.split("~", 1)[0])
    return None


def body_for(rid, count=0):
    """The body a plain 200 answer of this scenario carries (for --file cases)."""
    sc = lookup(rid)
    if sc is None:
        return not_found(rid)
    return sc.render_body(Ctx(rid, count=count))


def gzip_bytes(data):
    return _gzip.compress(data, 6)


# The status endpoint's scenarios (scenarios_status.py) answer by the same
# replicationId routing.
from scenarios_status import STATUS_SCENARIOS  # noqa: E402

SCENARIOS.update(STATUS_SCENARIOS)
