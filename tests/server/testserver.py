#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""testserver.py - loopback HTTP/1.1 and HTTPS server for the integration
tests, the benchmark and the demo. Python 3 standard library only.

Usage:
  testserver.py --ports-file FILE [listeners] [--log FILE] [--max-lifetime S]
  testserver.py --ports-file FILE --http --static-body FILE     (benchmark)
  testserver.py --gen-items N [--gen-id ID] > body.json         (body generator)

Listeners (each binds 127.0.0.1 on a kernel-chosen port):
  --http                         plain HTTP, named "http"
  --http2                        a second plain HTTP listener, "http2"
                                 (redirect target on another port)
  --https CERT KEY               TLS, "https"
  --https-wronghost CERT KEY     TLS with a certificate for another name
  --https-expired CERT KEY       TLS with an expired certificate
  --https-clientcert CERT KEY CA TLS that requires a client certificate
                                 signed by CA
  --closed                       a port that is bound but never listens, so
                                 connecting is refused ("closed")
  --http-nodate                  plain HTTP, "nodate": no Date header, clock
                                 --nodate-offset (900) seconds ahead
  --clock-offset S               shift the server's clock by S seconds

Every plain answer carries a Date header from the server's clock, and
GET .../openapi/now answers {"success":true,"data":<epoch ms>}, as the
NineData service does. Scenarios with nd_sign verify the AccessKey
signature (ndsign.py) and refuse in the style they name.
  --raw                          raw-socket listeners that do not speak
                                 HTTP/1.x, one per name in RAW_ANSWERS
                                 ("raw_ssh", "raw_http09", ...)
When every listener is up, the actual ports are written as one JSON object
(e.g. {"http": 40001, "https": 40003}) to --ports-file, atomically (temp
file + rename).

What is answered is chosen by the replicationId query parameter: see
scenarios.py. Paths under /fleet/NAME/TAG serve whole accounts of tasks
(the list, status and precheck endpoints), and GET /test/connections?tag=TAG
counts their connections and requests: see scenarios_fleet.py. An unknown id gets 404 with
{"success":false,"requestId":"...","message":"replication X not found"}.

--log FILE appends one JSON line per request: listener, method, target,
path, query (raw), headers (list of [name, value]), client certificate
subject when there was one.

The server exits on SIGTERM or SIGINT, by itself after --max-lifetime
seconds (default 600), and with --exit-with-parent as soon as the process
that started it is gone.
"""

import argparse
import base64
import email.utils
import itertools
import json
import os
import signal
import socket
import ssl
import struct
import sys
import threading
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ndsign  # noqa: E402
import scenarios  # noqa: E402
import scenarios_fleet  # noqa: E402

REASONS = {
    200: "OK", 204: "No Content", 301: "Moved Permanently", 302: "Found",
    303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect",
    400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
    429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway",
    503: "Service Unavailable", 504: "Gateway Timeout",
}

STOP = threading.Event()

# What the raw listeners send: (send before reading the request?, bytes).
# None as the bytes: close without a word once the request is in.
RAW_ANSWERS = {
    # an SSH server speaks first and never HTTP
    "raw_ssh": (True, b"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n"),
    # a body without a status line: HTTP/0.9
    "raw_http09": (False, b'{"success":true,"data":{"precheckStatus":"success"}}\n'),
    # a status line with a version libcurl does not speak
    "raw_badversion": (False, b"HTTP/1.7 200 OK\r\nContent-Type: application/json\r\n"
                              b"Content-Length: 2\r\n\r\n{}"),
    # a TLS server answering plain HTTP with a fatal alert record
    # (protocol_version), as many TLS stacks do
    "raw_tlsalert": (False, b"\x15\x03\x01\x00\x02\x02\x46"),
    # HTTP/1.1, but the status code is not three digits
    "raw_weird": (False, b"HTTP/1.1 20 OK\r\nContent-Length: 2\r\n\r\n{}"),
    # status lines some libcurl versions take and others refuse
    "raw_longcode": (False, b"HTTP/1.1 2000 OK\r\nContent-Length: 2\r\n\r\n{}"),
    "raw_lowcode": (False, b"HTTP/1.1 099 OK\r\nContent-Length: 2\r\n\r\n{}"),
    "raw_twoblanks": (False, b"HTTP/1.1  200 OK\r\nContent-Length: 2\r\n\r\n{}"),
    "raw_http2": (False, b"HTTP/2 200 OK\r\nContent-Length: 2\r\n\r\n{}"),
    "raw_http3": (False, b"HTTP/3 200 OK\r\nContent-Length: 2\r\n\r\n{}"),
    # status lines every libcurl version takes
    "raw_http20": (False, b"HTTP/2.0 200 OK\r\nContent-Length: 52\r\n\r\n"
                          b'{"success":true,"data":{"precheckStatus":"success"}}'),
    "raw_noreason": (False, b"HTTP/1.1 200\r\nContent-Length: 52\r\n\r\n"
                            b'{"success":true,"data":{"precheckStatus":"success"}}'),
    # the connection is closed without an answer
    "raw_empty": (False, None),
}


class PeerGone(Exception):
    pass


class Server:
    def __init__(self, args):
        self.args = args
        self.ports = {}
        self.listeners = []          # (name, socket, ssl context or None)
        self.log_lock = threading.Lock()
        self.log_file = open(args.log, "a", encoding="utf-8") if args.log else None
        self.count_lock = threading.Lock()
        self.counts = {}
        self.conn_ids = itertools.count(1)   # one per connection (fleet accounting)
        self.static = None
        if args.static_body:
            with open(args.static_body, "rb") as f:
                body = f.read()
            self.static = (b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                           b"Content-Length: %d\r\n\r\n" % len(body)) + body

    # --- setup ---

    def add_listener(self, name, ctx=None, listen=True):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        if listen:
            s.listen(128)
            self.listeners.append((name, s, ctx))
        else:
            self.closed_socket = s   # keep it bound, so nobody else takes the port
        self.ports[name] = s.getsockname()[1]

    def write_ports(self, path):
        tmp = "%s.tmp.%d" % (path, os.getpid())
        with open(tmp, "w") as f:
            json.dump(self.ports, f)
            f.write("\n")
        os.replace(tmp, path)

    def start(self):
        for name, sock, ctx in self.listeners:
            t = threading.Thread(target=self.accept_loop, args=(name, sock, ctx), daemon=True)
            t.start()

    def accept_loop(self, name, sock, ctx):
        while not STOP.is_set():
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            if name in RAW_ANSWERS:
                target = self.serve_raw
            else:
                target = self.serve_static if self.static else self.serve
            threading.Thread(target=target, args=(name, conn, ctx), daemon=True).start()

    def serve_raw(self, name, conn, ctx):
        first, data = RAW_ANSWERS[name]
        try:
            conn.settimeout(5)
            if first:
                self.send(conn, data)
            head, _ = self.read_request(conn, b"")
            if head is not None:
                self.log_request(name, conn, head)
            if not first and data is not None:
                self.send(conn, data)
            if first:
                # like sshd: wait for a protocol answer that never comes
                STOP.wait(2)
        except (OSError, PeerGone):
            pass
        finally:
            self.close(conn)

    # --- low-level I/O ---

    @staticmethod
    def read_request(conn, buf):
        """Returns (head bytes, rest) or (None, buf) at EOF."""
        while b"\r\n\r\n" not in buf:
            if len(buf) > 65536:
                raise PeerGone()
            try:
                data = conn.recv(65536)
            except (OSError, ssl.SSLError):
                return None, buf
            if not data:
                return None, buf
            buf += data
        head, rest = buf.split(b"\r\n\r\n", 1)
        return head, rest

    @staticmethod
    def send(conn, data):
        try:
            conn.sendall(data)
        except (OSError, ssl.SSLError):
            raise PeerGone()

    # --- static fast path (benchmarks) ---

    def serve_static(self, name, conn, ctx):
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if ctx:
                conn = ctx.wrap_socket(conn, server_side=True)
            buf = b""
            while True:
                head, buf = self.read_request(conn, buf)
                if head is None:
                    break
                if self.log_file:
                    self.log_request(name, conn, head)
                conn.sendall(self.static)
                if b"connection: close" in head.lower():
                    break
        except (OSError, ssl.SSLError, PeerGone):
            pass
        finally:
            self.close(conn)

    # --- scenario path ---

    def serve(self, name, conn, ctx):
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if ctx:
                conn.settimeout(10)
                conn = ctx.wrap_socket(conn, server_side=True)
                conn.settimeout(None)
            buf = b""
            conn_id = next(self.conn_ids)
            while not STOP.is_set():
                head, buf = self.read_request(conn, buf)
                if head is None:
                    break
                req = self.log_request(name, conn, head)
                req["conn"] = conn_id
                # A request body, if any, is read and ignored.
                clen = int(req["hdr"].get("content-length", "0") or 0)
                while len(buf) < clen:
                    data = conn.recv(65536)
                    if not data:
                        raise PeerGone()
                    buf += data
                buf = buf[clen:]
                keep = self.respond(name, conn, req)
                if not keep or req["hdr"].get("connection", "").lower() == "close":
                    break
        except (OSError, ssl.SSLError, PeerGone, ValueError):
            pass
        finally:
            self.close(conn)

    @staticmethod
    def close(conn):
        try:
            conn.close()
        except OSError:
            pass

    def log_request(self, name, conn, head):
        lines = head.decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        method = parts[0] if parts else ""
        target = parts[1] if len(parts) > 1 else ""
        headers = []
        for line in lines[1:]:
            if ":" in line:
                k, v = line.split(":", 1)
                headers.append([k.strip(), v.strip()])
        path, _, query = target.partition("?")
        peer = None
        if isinstance(conn, ssl.SSLSocket):
            cert = conn.getpeercert()
            if cert:
                peer = ", ".join("%s=%s" % kv for rdn in cert.get("subject", ()) for kv in rdn)
        entry = {"t": round(time.time(), 3), "listener": name, "method": method,
                 "target": target, "path": path, "query": query, "headers": headers,
                 "client_cert": peer}
        if self.log_file:
            with self.log_lock:
                self.log_file.write(json.dumps(entry) + "\n")
                self.log_file.flush()
        entry["hdr"] = {k.lower(): v for k, v in headers}
        return entry

    def next_count(self, rid):
        with self.count_lock:
            n = self.counts.get(rid, 0)
            self.counts[rid] = n + 1
            return n

    def respond(self, name, conn, req):
        """Answers one request. Returns True when the connection may be reused."""
        params = urllib.parse.parse_qsl(req["query"], keep_blank_values=True)
        rid = next((v for k, v in params if k == "replicationId"), None)
        offset = self.args.clock_offset + (self.args.nodate_offset if name == "nodate" else 0)
        req["date_at"] = None if name == "nodate" else time.time() + offset
        if req["path"].endswith("/openapi/now"):
            body = json.dumps({"success": True, "requestId": "req-now",
                               "data": int((time.time() + offset) * 1000)}).encode()
            return self.plain(conn, 200, [("Content-Type", "application/json")], body, req)
        if scenarios_fleet.handles(req["path"]):
            return self.fleet(conn, req, time.time() + offset)
        if rid is None:
            body = scenarios.api_error("missing replicationId", "req-400")
            return self.plain(conn, 400, [("Content-Type", "application/json")], body, req)
        sc = scenarios.lookup(rid)
        if sc is None:
            return self.plain(conn, 404, [("Content-Type", "application/json")],
                              scenarios.not_found(rid), req)
        b = sc.b
        count = self.next_count(rid)
        sctx = scenarios.Ctx(rid, name, self.ports, req["hdr"], count)
        offset += b.get("clock_offset", 0)
        if req["date_at"] is not None:
            req["date_at"] = time.time() + offset

        style = b.get("nd_sign")
        if req["path"].startswith(ndsign.STRICT_PREFIX + "/"):
            style = style or "401"
        if style and name in b.get("nd_sign_on", (name,)):
            why = b.get("nd_refuse") or ndsign.verify(req["hdr"], req["path"], time.time() + offset)
            if why:
                return self.nd_refuse(conn, style, why, req)

        if b.get("require_auth") and not self.authorized(b["require_auth"], req["hdr"]):
            hdrs = [("WWW-Authenticate", 'Bearer realm="precheck"')]
            if b.get("auth_echo"):
                got = req["hdr"].get("authorization") or req["hdr"].get("x-api-key") or ""
                hdrs.append(("Content-Type", "application/json"))
                return self.plain(conn, 401, hdrs, scenarios.api_error(
                    "invalid credentials '%s'" % got, "req-echo"), req)
            if b.get("auth_html"):
                hdrs.append(("Content-Type", "text/html"))
                return self.plain(conn, 401, hdrs, scenarios.HTML_401, req)
            hdrs.append(("Content-Type", "application/json"))
            return self.plain(conn, 401, hdrs,
                              scenarios.api_error("missing or invalid credentials", "req-401"), req)

        if b.get("redirect"):
            target, code = b["redirect"]
            if target == "samepath":
                loc = None if req["path"].startswith("/moved/") else \
                    "http://127.0.0.1:%d/moved%s" % (self.ports[name], req["target"])
            elif target == "userinfo":
                loc = "http://someone:QSECRET-query-value@127.0.0.1:%d%s" % (
                    self.ports["http2"], req["target"])
            elif target == "self":
                loc = "http://127.0.0.1:%d%s" % (self.ports[name], req["target"])
            elif target == "ftp":
                loc = "ftp://127.0.0.1:%d/precheck.json" % self.ports[name]
            elif target != name:
                scheme = "https" if target.startswith("https") else "http"
                loc = "%s://127.0.0.1:%d%s" % (scheme, self.ports[target], req["target"])
            else:
                loc = None
            if loc:
                return self.plain(conn, code, [("Location", loc),
                                               ("Content-Type", "text/html")],
                                  b.get("redirect_body", b"<html><title>Moved</title></html>"),
                                  req)

        if b.get("hang"):
            self.hang(conn)
            return False

        seq = b.get("sequence")
        step = seq[count] if seq and count < len(seq) else None
        if step is not None and step != "reset":
            status, hdrs, body = step
            return self.plain(conn, status, hdrs, body, req)

        body = sc.render_body(sctx)
        headers = [("Content-Type", sc.content_type)] + sc.headers
        if b.get("precompressed"):
            headers.append(("Content-Encoding", b["precompressed"]))
        if b.get("gzip"):
            body = scenarios.gzip_bytes(body)
            headers.append(("Content-Encoding", "gzip"))
        status = sc.status

        if b.get("huge"):
            self.huge(conn, body, *b["huge"])
            return False
        if b.get("trickle_headers"):
            self.trickle_headers(conn, status, headers, body, b["trickle_headers"])
            return False
        if b.get("trickle_body"):
            self.trickle_body(conn, status, headers, body, *b["trickle_body"])
            return False
        if b.get("reset_midbody") or step == "reset":
            self.send(conn, self.head(status, headers + [("Content-Length", str(len(body)))]))
            self.send(conn, body[: len(body) // 2])
            time.sleep(0.2)
            # Linger 0: close() sends RST. SSLSocket.close() sends no
            # close_notify either, so TLS connections are reset just the same.
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close(conn)
            return False
        if b.get("short_body"):
            # Content-Length promises more than is sent, then an orderly close.
            self.send(conn, self.head(status, headers + [("Content-Length", str(len(body)))]))
            self.send(conn, body[: len(body) // 2])
            return False
        if b.get("chunked"):
            self.send(conn, self.head(status, headers + [("Transfer-Encoding", "chunked")]))
            step = max(1, len(body) // 5)
            for i in range(0, len(body), step):
                part = body[i:i + step]
                self.send(conn, b"%x\r\n%s\r\n" % (len(part), part))
            self.send(conn, b"0\r\n\r\n")
            return True
        return self.plain(conn, status, headers, body, req)

    def fleet(self, conn, req, now):
        """Under /fleet/NAME/TAG, and GET /test/connections: scenarios_fleet.py."""
        a = scenarios_fleet.answer(req, now)
        try:
            if a.delay:
                time.sleep(a.delay)
            if a.refuse:
                return self.nd_refuse(conn, "401", a.refuse, req)
            return self.plain(conn, a.status, a.headers, a.body, req)
        finally:
            a.done()

    @staticmethod
    def head(status, headers, reason=None):
        out = ["HTTP/1.1 %d %s" % (status, reason or REASONS.get(status, "Status"))]
        out += ["%s: %s" % kv for kv in headers]
        return ("\r\n".join(out) + "\r\n\r\n").encode("latin-1")

    def nd_refuse(self, conn, style, why, req):
        """A refused signed request, in one of the shapes a service or its
        gateway may use (the documentation shows none)."""
        msg = ndsign.MESSAGES.get(why, why)
        if "{signature}" in msg:
            msg = msg.replace("{signature}", req["hdr"].get("signature", ""))
        js = [("Content-Type", "application/json")]
        if style == "200":
            return self.plain(conn, 200, js, scenarios.api_error(msg, "req-nd-200"), req)
        if style == "401-empty":
            return self.plain(conn, 401, [], b"", req)
        if style == "401-www":
            return self.plain(conn, 401, [("WWW-Authenticate", 'NineData error="%s"' % msg)],
                              b"", req)
        code = 403 if style == "403" else 401
        return self.plain(conn, code, js, scenarios.api_error(msg, "req-nd-%d" % code), req)

    def plain(self, conn, status, headers, body, req):
        headers = list(headers) + [("Content-Length", str(len(body)))]
        if req.get("date_at") is not None:
            headers.append(("Date", email.utils.formatdate(req["date_at"], usegmt=True)))
        data = self.head(status, headers)
        if req["method"] != "HEAD":
            data += body
        self.send(conn, data)
        return True

    @staticmethod
    def authorized(rule, hdr):
        kind = rule[0]
        if kind == "bearer":
            return hdr.get("authorization", "") == "Bearer " + rule[1]
        if kind == "header":
            return hdr.get(rule[1].lower(), None) == rule[2]
        if kind == "basic":
            want = base64.b64encode(("%s:%s" % (rule[1], rule[2])).encode()).decode()
            return hdr.get("authorization", "") == "Basic " + want
        return False

    @staticmethod
    def hang(conn):
        conn.settimeout(0.5)
        while not STOP.is_set():
            try:
                if not conn.recv(4096):
                    return
            except socket.timeout:
                continue
            except (OSError, ssl.SSLError):
                return

    def trickle_headers(self, conn, status, headers, body, interval):
        lines = [("HTTP/1.1 %d %s\r\n" % (status, REASONS.get(status, "OK"))).encode()]
        filler = [("X-Trickle-%d" % i, "x") for i in range(120)]
        for k, v in headers + filler + [("Content-Length", str(len(body)))]:
            lines.append(("%s: %s\r\n" % (k, v)).encode())
        lines.append(b"\r\n")
        for line in lines:
            self.send(conn, line)
            if STOP.wait(interval):
                return
        self.send(conn, body)

    def trickle_body(self, conn, status, headers, body, nbytes, interval):
        self.send(conn, self.head(status, headers + [("Content-Length", str(len(body)))]))
        for i in range(0, len(body), nbytes):
            self.send(conn, body[i:i + nbytes])
            if STOP.wait(interval):
                return

    def huge(self, conn, prefix, megabytes, chunked):
        total = megabytes * 1024 * 1024
        block = b"A" * 65536
        if chunked:
            self.send(conn, self.head(200, [("Content-Type", "application/json"),
                                            ("Transfer-Encoding", "chunked")]))
            self.send(conn, b"%x\r\n%s\r\n" % (len(prefix), prefix))
            chunk = b"%x\r\n%s\r\n" % (len(block), block)
        else:
            self.send(conn, self.head(200, [("Content-Type", "application/json"),
                                            ("Content-Length", str(len(prefix) + total))]))
            self.send(conn, prefix)
            chunk = block
        sent = 0
        while sent < total and not STOP.is_set():
            self.send(conn, chunk)
            sent += len(block)
        if chunked:
            self.send(conn, b"0\r\n\r\n")


def tls_context(cert, key, ca=None):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    if ca:
        ctx.verify_mode = ssl.CERT_REQUIRED
        ctx.load_verify_locations(ca)
    return ctx


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ports-file")
    ap.add_argument("--http", action="store_true")
    ap.add_argument("--http2", action="store_true")
    ap.add_argument("--https", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--https-wronghost", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--https-expired", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--https-clientcert", nargs=3, metavar=("CERT", "KEY", "CA"))
    ap.add_argument("--closed", action="store_true")
    ap.add_argument("--http-nodate", action="store_true",
                    help='a plain HTTP listener, "nodate", whose answers carry no Date '
                         'header and whose clock is --nodate-offset seconds off')
    ap.add_argument("--nodate-offset", type=float, default=900)
    ap.add_argument("--clock-offset", type=float, default=0,
                    help="seconds added to the server's clock (Date header, signature "
                         "timestamps, /openapi/now)")
    ap.add_argument("--raw", action="store_true")
    ap.add_argument("--log")
    ap.add_argument("--static-body", metavar="FILE")
    ap.add_argument("--max-lifetime", type=float, default=600)
    ap.add_argument("--exit-with-parent", action="store_true",
                    help="exit as soon as the process that started the server is gone")
    ap.add_argument("--gen-items", type=int, metavar="N")
    ap.add_argument("--gen-id", default="rp-bench")
    args = ap.parse_args(argv)

    if args.gen_items is not None:
        sys.stdout.buffer.write(scenarios.gen_items(args.gen_items, args.gen_id))
        return 0
    if not args.ports_file:
        ap.error("--ports-file is required")

    srv = Server(args)
    if args.http:
        srv.add_listener("http")
    if args.http2:
        srv.add_listener("http2")
    if args.https:
        srv.add_listener("https", tls_context(*args.https))
    if args.https_wronghost:
        srv.add_listener("https_wronghost", tls_context(*args.https_wronghost))
    if args.https_expired:
        srv.add_listener("https_expired", tls_context(*args.https_expired))
    if args.https_clientcert:
        srv.add_listener("https_clientcert", tls_context(*args.https_clientcert))
    if args.http_nodate:
        srv.add_listener("nodate")
    if args.closed:
        srv.add_listener("closed", listen=False)
    if args.raw:
        for raw_name in RAW_ANSWERS:
            srv.add_listener(raw_name)
    if not srv.listeners:
        ap.error("no listener chosen")

    def stop(signum, frame):
        STOP.set()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    if args.exit_with_parent:
        parent = os.getppid()

        def watch_parent():
            while not STOP.wait(0.5):
                if os.getppid() != parent:
                    STOP.set()
        threading.Thread(target=watch_parent, daemon=True).start()

    srv.start()
    srv.write_ports(args.ports_file)
    STOP.wait(args.max_lifetime)
    STOP.set()
    for _, s, _ in srv.listeners:
        try:
            s.close()
        except OSError:
            pass
    if srv.log_file:
        with srv.log_lock:
            srv.log_file.flush()
    sys.stdout.flush()
    os._exit(0)   # do not wait for connection threads


if __name__ == "__main__":
    sys.exit(main())
