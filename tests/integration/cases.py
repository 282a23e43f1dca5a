# SPDX-License-Identifier: GPL-3.0-or-later
"""cases.py - the integration cases: argv, exact exit code, exact stdout.

Placeholders in args, env and expected text: {U} (http base URL), {U2},
{S} (https base URL), {http}, {http2}, {https}, {https_wronghost},
{https_expired}, {https_clientcert}, {closed}, {raw_*}, {demo} (ports),
{tmp}, {certs}, {ca}, {demodir}, {package_version}, {versions} (the
libraries --version names).
Expected output has its measured time normalised (normalise()): time=T in
Nagios perfdata, and likewise in the other formats."""

import os
import re

import scenarios as sc

# ---------------------------------------------------------------- helpers


class Case:
    """One run of a plugin. out is the exact expected standard output (after
    normalise()); with regex=True it is a pattern instead, and why= must say
    which part of the output the run's environment decides (the runner
    refuses a pattern without a reason, and a case without an expected
    output)."""

    def __init__(self, name, args, rc, out, env=None, stdin=None, max_time=None,
                 min_time=None, stderr="", secrets=(), checks=(), regex=False, why=None,
                 max_rss_mb=None, setup=None, plugin="precheck", normalise=(),
                 rlimits=None, budget_bound=False):
        self.name = name
        self.args = list(args)
        self.rc = rc
        self.out = out
        self.env = env
        self.stdin = stdin
        self.max_time = max_time
        self.min_time = min_time
        verbose = sum(a.count("v") for a in self.args if a.startswith("-v")) + \
            self.args.count("--verbose")
        # Standard error is asserted empty for quiet runs; at -vv and above
        # it carries a trace that is only checked for secrets.
        self.stderr = None if (stderr == "" and verbose >= 2) else stderr
        self.secrets = tuple(secrets)
        self.checks = tuple(checks)
        self.regex = regex
        self.why = why
        self.max_rss_mb = max_rss_mb
        self.setup = setup
        self.plugin = plugin      # which binary: "precheck", "status" or "tasks"
        self.rlimits = rlimits or {}  # resource.RLIMIT_* name -> soft and hard limit
        # The case depends on what the plugin does within its own -t: a
        # wrapper (valgrind) slows the plugin, not the budget.
        self.budget_bound = budget_bound
        self.fmt = output_format(self.args)
        # extra (compiled regex, replacement) pairs for values that vary
        # between runs of this case only (a random requestId)
        self.normalise = tuple(normalise)


def output_format(args):
    """The --output-format a command line asks for (the last one wins)."""
    fmt = [a.split("=", 1)[1] if "=" in a else (args[i + 1] if i + 1 < len(args) else "")
           for i, a in enumerate(args) if a.startswith("--output-format")]
    return fmt[-1] if fmt else "nagios"


# The measured run time is the one value every format prints that differs
# from run to run: it becomes T. Each pattern matches only the plain
# decimal form the formats promise (an exponent is not normalised away).
_NUM = r"[0-9]+(?:\.[0-9]+)?"
TIME_PATTERNS = {
    "nagios": [(re.compile(r"time=%ss" % _NUM), "time=T")],
    "json": [(re.compile(r'"label":"time","value":%s,' % _NUM), '"label":"time","value":T,')],
    "prometheus": [(re.compile(r"(_duration_seconds(?:\{[^}\n]*\})?) %s\n" % _NUM), r"\1 T\n")],
    "checkmk": [(re.compile(r"(?<=[ |])time=%s;" % _NUM), "time=T;")],
}


def normalise(text, fmt="nagios", extra=()):
    for rx, repl in TIME_PATTERNS.get(fmt, []) + list(extra):
        text = rx.sub(repl, text)
    return text


CASES = []

# (name, function(env) -> list of problems): tests of the checks themselves,
# run once after the cases. Each feeds a check output it must refuse, so a
# check that cannot fail fails here.
SELF_TESTS = []

# stdin= value: a pipe the runner keeps open and never writes to.
HOLD_STDIN = object()


def case(*a, **kw):
    CASES.append(Case(*a, **kw))


T = "time=T;;;0"


def perf(items, ok=0, warn=0, fail=0, unk=0, ign=0):
    return ("items=%d;;;0 success=%d;;;0 warning=%d;;;0 failure=%d;;;0 unknown=%d;;;0 "
            "ignored=%d;;;0 %s" % (items, ok, warn, fail, unk, ign, T))


def head(state, rid, summary, perfdata=T):
    return "PRECHECK %s - %s: %s | %s\n" % (state, rid, summary, perfdata)


def err(rid, text, state="UNKNOWN"):
    return head(state, rid, text)


USAGE = (
    "Usage: check_replication_precheck {-U URL or -H HOST [-p PORT] [-S] or -f FILE} -r ID\n"
    "       [--access-key-id ID --secret-key-file FILE] [--token-file FILE]\n"
    "       [-t SECONDS[:STATE]] [--retries N] [--map VALUE=STATE]... [--ignore-item ID]...\n"
    "       [--warn-item ID]... [--error-state STATE] [--output-format FORMAT]\n"
    "       [--output-file PATH] [--extra-opts [SECTION][@FILE]] [-v]...\n")


def usage(text):
    return "PRECHECK UNKNOWN - %s\n%s" % (text, USAGE)


EXPECTED_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected")


def expected_file(name):
    """An expected output kept in expected/ beside this file (long texts)."""
    with open(os.path.join(EXPECTED_DIR, name), encoding="utf-8") as f:
        return f.read()


ALL_SECRETS = (sc.BEARER_TOKEN, sc.API_KEY, sc.BASIC_PASS, sc.CUSTOM_VALUE,
               # basic credentials as they travel
               __import__("base64").b64encode(("%s:%s" % (sc.BASIC_USER, sc.BASIC_PASS))
                                              .encode()).decode(),
               "QSECRET-query-value")

EP = "/openapi/v1/replication/precheck/status"

# ----------------------------------------------------- request log checks


def requests_seen(rid, n, listener=None):
    def check(env, r):
        got = env.requests(rid, listener)
        if len(got) != n:
            return ["server%s saw %d requests for %r, expected %d" % (
                " " + listener if listener else "", len(got), rid, n)]
    return check


def request_gap(rid, min_gap, max_gap=None):
    """Seconds between consecutive requests for rid, as the server saw them
    (independent of how slowly the plugin itself runs under a wrapper)."""
    def check(env, r):
        ts = [e["t"] for e in env.requests(rid)]
        bad = []
        for a, b in zip(ts, ts[1:]):
            if b - a < min_gap:
                bad.append("retry came %.3f s after the previous request, expected >= %.2f s"
                           % (b - a, min_gap))
            if max_gap is not None and b - a > max_gap + env.allowance:
                bad.append("retry came %.3f s after the previous request, expected <= %.2f s"
                           % (b - a, max_gap))
        return bad
    return check


def header_seen(rid, name, value, listener=None):
    def check(env, r):
        reqs = env.requests(rid, listener)
        if not reqs:
            return ["no request for %r reached the server" % rid]
        bad = []
        for e in reqs:
            vals = [v for k, v in e["headers"] if k.lower() == name.lower()]
            if vals != [value]:
                bad.append("request on %s: header %s = %r, expected [%r]"
                           % (e["listener"], name, vals, value))
        return bad
    return check


def headers_absent(rid, listener, names, values=ALL_SECRETS):
    """The requests on listener carry none of the header names and no
    header value contains any secret."""
    def check(env, r):
        reqs = env.requests(rid, listener)
        if not reqs:
            return ["no request for %r reached listener %s" % (rid, listener)]
        bad = []
        for e in reqs:
            for k, v in e["headers"]:
                if k.lower() in [n.lower() for n in names]:
                    bad.append("%s received header %s: %s" % (listener, k, v))
                elif any(s in v for s in values):
                    bad.append("%s received a secret in header %s" % (listener, k))
            if any(s in e["target"] for s in values):
                bad.append("%s received a secret in the request target" % listener)
        return bad
    return check


def logged(rid, key, want, listener=None):
    """A field of every logged request (path, query, target, client_cert)."""
    def check(env, r):
        reqs = env.requests(rid, listener)
        if not reqs:
            return ["no request for %r reached the server" % rid]
        return ["server saw %s = %r, expected %r" % (key, e[key], env.sub(want))
                for e in reqs if e[key] != env.sub(want)]
    return check


def header_prefix(rid, name, prefix):
    def check(env, r):
        reqs = env.requests(rid)
        if not reqs:
            return ["no request for %r reached the server" % rid]
        vals = [v for k, v in reqs[0]["headers"] if k.lower() == name.lower()]
        if len(vals) != 1 or not vals[0].startswith(prefix):
            return ["header %s = %r, expected one starting with %r" % (name, vals, prefix)]
    return check


# ------------------------------------------------------------ fixtures


def _write(path, data, mode=0o600):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(path, mode)


def prepare(env):
    t = env.tmp
    _write(os.path.join(t, "token"), sc.BEARER_TOKEN + "\n")
    _write(os.path.join(t, "token-world"), sc.BEARER_TOKEN + "\n", 0o644)
    _write(os.path.join(t, "token-two-lines"), "abc\ndef\n")
    _write(os.path.join(t, "token-crlf"), sc.BEARER_TOKEN + "\r\n")
    _write(os.path.join(t, "apikey"), sc.API_KEY)
    _write(os.path.join(t, "opts.ini"),
           "# options file for the integration tests\n"
           "[check_replication_precheck]\n"
           "token = %s\n"
           "header = %s: %s\n"
           "\n[basic]\nauthorization = %s:%s\n"
           "\n[typo]\ntokn = %s\n"
           % (sc.BEARER_TOKEN, sc.CUSTOM_HEADER, sc.CUSTOM_VALUE,
              sc.BASIC_USER, sc.BASIC_PASS, sc.BEARER_TOKEN))
    _write(os.path.join(t, "opts-t2.ini"), "[t2]\ntimeout = 2\n")
    # As Windows editors save it: byte order mark, CRLF line ends.
    _write(os.path.join(t, "opts-bom-crlf.ini"),
           ("\ufeff[check_replication_precheck]\r\n; saved by Notepad\r\ntoken = %s\r\n"
            "header = %s: %s\r\n" % (sc.BEARER_TOKEN, sc.CUSTOM_HEADER, sc.CUSTOM_VALUE))
           .encode("utf-8"))
    _write(os.path.join(t, "opts-world.ini"),
           "[check_replication_precheck]\ntoken = %s\n" % sc.BEARER_TOKEN, 0o644)
    _write(os.path.join(t, "doc.json"), sc.DOC_EXAMPLE, 0o644)
    # Opening it for reading blocks for ever: nobody ever writes to it.
    os.mkfifo(os.path.join(t, "fifo"), 0o600)
    _write(os.path.join(t, "empty.json"), b"", 0o644)
    _write(os.path.join(t, "items-10000.json"), sc.gen_items(10000, "rp-file-10000"), 0o644)
    _write(os.path.join(t, "big.json"), b'{"success":true,"message":"' + b"x" * (300 * 1024)
           + b'"}', 0o644)


# ------------------------------------------------------------ expected texts

DOC_HEAD = head("CRITICAL", "rp-div0qqpbffio",
                "1 failed of 2 items: Source datasource connection check", perf(2, 1, 0, 1))
DOC_ITEM = ("[CRITICAL] Source datasource connection check (srcDataSourceCheck): Failed to "
            "connect datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: "
            "Connection timed out\n")
DOC_OUT = DOC_HEAD + DOC_ITEM

OK3_LINES = ("[OK] Cyclic replication check (replBidirectionLoopExistCheck)\n"
             "[OK] Source datasource connection check (srcDataSourceCheck)\n"
             "[OK] Target datasource connection check (dstDataSourceCheck)\n")


def ok3(rid):
    return head("OK", rid, "all 3 items passed", perf(3, 3))


MIXED_SUMMARY = ("2 failed, 2 warning of 6 items: Source datasource connection check, "
                 "Target disk space check, Source account privilege check and 1 more")
MIXED_LINES = (
    "[CRITICAL] Source datasource connection check (srcDataSourceCheck): Failed to connect "
    "datasource src-mysql: Connection refused\n"
    "[CRITICAL] Target disk space check (dstSpaceCheck): Only 2 GB free, 40 GB needed\n"
    "[WARNING] Source account privilege check (srcPrivilegeCheck): Account repl lacks "
    "REPLICATION CLIENT on db2\n"
    "[WARNING] Character set check (charsetCheck): latin1 tables found\n")


def mixed(rid):
    return head("CRITICAL", rid, MIXED_SUMMARY, perf(6, 2, 2, 2)) + MIXED_LINES


def gen_expected(rid, n, max_items=20):
    """Expected output for scenarios.gen_items(n)."""
    fails = [i for i in range(n) if i % 50 == 7]
    warns = [i for i in range(n) if i % 20 == 3]
    problems = len(fails) + len(warns)
    worst = "CRITICAL" if fails else "WARNING" if warns else "OK"
    parts = []
    if fails:
        parts.append("%d failed" % len(fails))
    if warns:
        parts.append("%d warning" % len(warns))
    names = ["Check item %d" % i for i in (fails + warns)[:3]]
    summary = "%s of %d items: %s" % (", ".join(parts), n, ", ".join(names))
    if problems > 3:
        summary += " and %d more" % (problems - 3)
    out = head(worst, rid, summary, perf(n, n - problems, len(warns), len(fails)))
    lines = ["[CRITICAL] Check item %d (check%05d): Check %d failed: connection to node-%d refused\n"
             % (i, i, i, i % 17) for i in fails]
    lines += ["[WARNING] Check item %d (check%05d): Check %d: table t_%d has no primary key\n"
              % (i, i, i, i) for i in warns]
    shown = lines if not max_items else lines[:max_items]
    out += "".join(shown)
    if len(lines) > len(shown):
        hidden = len(lines) - len(shown)
        out += "\u2026 %d more item%s not shown (see --max-items)\n" % (hidden, "" if hidden == 1 else "s")
    return out


TOO_LARGE = "response too large: body exceeds --max-size"

# =================================================================== cases
# --- the documented response shapes ---------------------------------------

case("doc example response is CRITICAL", ["-U", "{U}", "-r", "rp-div0qqpbffio"], 2, DOC_OUT)
case("doc example via -H/-p", ["-H", "127.0.0.1", "-p", "{http}", "-r", "rp-div0qqpbffio"], 2, DOC_OUT)
case("doc example via --url with the endpoint path",
     ["-U", "{U}" + EP, "-r", "rp-div0qqpbffio"], 2, DOC_OUT,
     checks=[logged("rp-div0qqpbffio", "path", EP)])
case("all items success is OK", ["-U", "{U}", "-r", "rp-all-success"], 0, ok3("rp-all-success"))
case("all success -v lists OK items", ["-U", "{U}", "-r", "rp-all-success", "-v"], 0,
     ok3("rp-all-success") + OK3_LINES)
case("warning item is WARNING", ["-U", "{U}", "-r", "rp-warning"], 1,
     head("WARNING", "rp-warning", "1 warning of 3 items: Source account privilege check",
          perf(3, 2, 1)) +
     "[WARNING] Source account privilege check (srcPrivilegeCheck): Account repl lacks "
     "REPLICATION CLIENT on db2\n")
case("mixed items, worst first", ["-U", "{U}", "-r", "rp-mixed"], 2, mixed("rp-mixed"))
case("mixed items -v also lists OK items", ["-U", "{U}", "-r", "rp-mixed", "-v"], 2,
     mixed("rp-mixed") +
     "[OK] Cyclic replication check (replBidirectionLoopExistCheck)\n"
     "[OK] Target datasource connection check (dstDataSourceCheck)\n")
case("overall success but an item failed is CRITICAL and says so",
     ["-U", "{U}", "-r", "rp-inconsistent"], 2,
     head("CRITICAL", "rp-inconsistent", "1 failed of 2 items: Source datasource connection "
          "check; API overall status 'success' disagrees with the items", perf(2, 1, 0, 1)) +
     "[CRITICAL] Source datasource connection check (srcDataSourceCheck): Connection timed out\n")
case("unknown status value 'running' is UNKNOWN", ["-U", "{U}", "-r", "rp-running"], 3,
     head("UNKNOWN", "rp-running", "1 unknown of 2 items: Source datasource connection check",
          perf(2, 1, 0, 0, 1)) +
     "[UNKNOWN] Source datasource connection check (srcDataSourceCheck): status 'running' "
     "is not a known value\n")
case("upper-case status values are recognised", ["-U", "{U}", "-r", "rp-upper"], 2,
     head("CRITICAL", "rp-upper", "1 failed, 1 warning of 3 items: Gamma, Beta", perf(3, 1, 1, 1)) +
     "[CRITICAL] Gamma (c): f\n[WARNING] Beta (b): w\n")
case("no items, overall success", ["-U", "{U}", "-r", "rp-no-items"], 0,
     head("OK", "rp-no-items", "precheck status 'success', no items", perf(0)))
case("items absent, overall warning", ["-U", "{U}", "-r", "rp-items-absent"], 1,
     head("WARNING", "rp-items-absent", "precheck status 'warning', no items", perf(0)))
case("unknown extra fields are ignored", ["-U", "{U}", "-r", "rp-extra-fields"], 0,
     head("OK", "rp-extra-fields", "all 2 items passed", perf(2, 2)))
case("duplicate keys: the last one wins", ["-U", "{U}", "-r", "rp-dup-keys"], 2,
     head("CRITICAL", "rp-dup-keys", "1 failed of 1 item: Duplicate keys", perf(1, 0, 0, 1)) +
     "[CRITICAL] Duplicate keys (dup): second\n")
case("null in every field", ["-U", "{U}", "-r", "rp-nulls"], 3,
     head("UNKNOWN", "rp-nulls", "1 unknown of 1 item: (unnamed item)", perf(1, 0, 0, 0, 1)) +
     "[UNKNOWN] (unnamed item): no status\n")
case("100 items", ["-U", "{U}", "-r", "rp-items-100"], 2, gen_expected("rp-items-100", 100))
case("10000 items stay fast and capped", ["-U", "{U}", "-r", "rp-items-10000"], 2,
     gen_expected("rp-items-10000", 10000), max_time=5, max_rss_mb=64)
case("10000 items from --file", ["-f", "{tmp}/items-10000.json", "-r", "rp-file-10000"], 2,
     gen_expected("rp-file-10000", 10000), max_time=5)
case("replication id that needs URL encoding",
     ["-U", "{U}", "-r", sc.ENCODED_ID], 0, ok3(sc.ENCODED_ID),
     checks=[logged(sc.ENCODED_ID, "query",
                    "replicationId=rp%20enc%2F%26%3D%3F%23%2B%25%C3%BC")])
case("query already in --url is kept, trailing slash dropped",
     ["-U", "{U}/?tenant=t1", "-r", "rp-all-success~q"], 0, ok3("rp-all-success~q"),
     checks=[logged("rp-all-success~q", "target", EP + "?tenant=t1&replicationId=rp-all-success~q")])
case("--path replaces the endpoint path",
     ["-U", "{U}", "--path", "/gw/precheck", "-r", "rp-all-success~path"], 0,
     ok3("rp-all-success~path"), checks=[logged("rp-all-success~path", "path", "/gw/precheck")])
case("default User-Agent names the plugin", ["-U", "{U}", "-r", "rp-all-success~ua"], 0,
     ok3("rp-all-success~ua"),
     checks=[header_prefix("rp-all-success~ua", "User-Agent", "check_replication_precheck/")])
case("-A sets the User-Agent", ["-U", "{U}", "-r", "rp-all-success~ua2", "-A", "probe/1.0"], 0,
     ok3("rp-all-success~ua2"),
     checks=[header_seen("rp-all-success~ua2", "User-Agent", "probe/1.0")])

# --- output hygiene -----------------------------------------------------------

case("'|', newlines, tabs, controls and bad UTF-8 in messages are neutralised",
     ["-U", "{U}", "-r", "rp-special"], 2,
     head("CRITICAL", "rp-special", "5 failed of 5 items: Pipe \u00a6 check, Newline check, "
          "Tab check and 2 more", perf(5, 0, 0, 5)) +
     "[CRITICAL] Pipe \u00a6 check (pipeCheck): a\u00a6b\u00a6c \u00a6 perf=1;2;3\n"
     "[CRITICAL] Newline check (nlCheck): line one line two line three\n"
     "[CRITICAL] Tab check (tabCheck): col1 col2\n"
     "[CRITICAL] UTF-8 check (utf8Check): bad \ufffd\ufffd bytes, ok \u00e9t\u00e9, cut \ufffd\ufffd\n"
     "[CRITICAL] Control check (ctrlCheck): bell esc [31m red sep nel\n")
case("raw control characters, UTF-8 and a 100-bit integer: CRITICAL on every json-c version",
     ["-U", "{U}", "-r", "rp-raw-bytes"], 2,
     head("CRITICAL", "rp-raw-bytes", "1 failed of 2 items: R\u00e9plication \u6e90",
          perf(2, 1, 0, 1)) +
     "[CRITICAL] R\u00e9plication \u6e90 (rawCheck): bell esc [31m tab nl cr nul bad \ufffd\ufffd "
     "ok \u00e9t\u00e9 cut \ufffd\ufffd\n")
case("NUL (\\u0000) inside strings", ["-U", "{U}", "-r", "rp-nul"], 2,
     head("CRITICAL", "rp-nul", "1 failed of 1 item: NUL check", perf(1, 0, 0, 1)) +
     "[CRITICAL] NUL check (nulCheck): before after\n")
LONG = "Error: " + "0123456789abcdef" * 13
case("200 KB message is truncated to the default 200 bytes",
     ["-U", "{U}", "-r", "rp-long-message"], 2,
     head("CRITICAL", "rp-long-message", "1 failed of 1 item: Long message check", perf(1, 0, 0, 1)) +
     "[CRITICAL] Long message check (longCheck): " + LONG[:197] + "\u2026\n")
case("--max-message 40", ["-U", "{U}", "-r", "rp-long-message", "--max-message", "40"], 2,
     head("CRITICAL", "rp-long-message", "1 failed of 1 item: Long message check", perf(1, 0, 0, 1)) +
     "[CRITICAL] Long message check (longCheck): " + LONG[:37] + "\u2026\n")
case("--max-items 3 caps the item lines",
     ["-U", "{U}", "-r", "rp-many-failures", "--max-items", "3"], 2,
     head("CRITICAL", "rp-many-failures", "25 failed of 25 items: Failing check 0, Failing "
          "check 1, Failing check 2 and 22 more", perf(25, 0, 0, 25)) +
     "".join("[CRITICAL] Failing check %d (fail%02d): reason %d\n" % (i, i, i) for i in range(3)) +
     "\u2026 22 more items not shown (see --max-items)\n")
case("--max-items 0 shows all", ["-U", "{U}", "-r", "rp-many-failures", "--max-items", "0"], 2,
     head("CRITICAL", "rp-many-failures", "25 failed of 25 items: Failing check 0, Failing "
          "check 1, Failing check 2 and 22 more", perf(25, 0, 0, 25)) +
     "".join("[CRITICAL] Failing check %d (fail%02d): reason %d\n" % (i, i, i) for i in range(25)))
case("--max-items 2 on 100 items", ["-U", "{U}", "-r", "rp-items-100", "--max-items", "2"], 2,
     gen_expected("rp-items-100", 100, 2))

# --- --max-output: the whole output fits a byte budget -------------------------------


def cut(text, limit):
    """What the sanitizer makes of text with a byte limit (0: none)."""
    b = text.encode()
    if not limit or len(b) <= limit:
        return text
    k = limit - 3
    while k > 0 and (b[k] & 0xC0) == 0x80:
        k -= 1
    return b[:k].decode().rstrip(" ") + "\u2026"


def budgeted(line1, lines, hidden, budget):
    """The plugin's contract: line 1 whole, item lines dropped from the end
    until they and the '... N more' line fit the budget (bytes)."""
    size = lambda t: len(t.encode())  # noqa: E731
    shown = len(lines)

    def more(n):
        if not n:
            return ""
        see = " and ".join(w for w, on in (("--max-items", hidden > 0),
                                             ("--max-output", shown < len(lines))) if on)
        return "\u2026 %d more item%s not shown (see %s)\n" % (n, "" if n == 1 else "s", see)
    while budget and shown > 0 and \
            size(line1) + sum(size(x) for x in lines[:shown]) + size(more(hidden + len(lines) - shown)) > budget:
        shown -= 1
    tail = more(hidden + len(lines) - shown)
    out = line1 + "".join(lines[:shown])
    if not budget or size(out) + size(tail) <= budget:
        out += tail
    return out


def long_items_expected(rid, budget, max_message=200, max_items=20):
    n = 60
    names = [sc.wide_text("Name%02d-" % i, 3072, i + 1) for i in range(n)]
    ids = [sc.wide_text("id%02d-" % i, 3072, i) for i in range(n)]
    msgs = [sc.wide_text("Msg%02d-" % i, 3072, i + 2) for i in range(n)]
    line1 = head("CRITICAL", rid, "%d failed of %d items: %s and %d more" % (
        n, n, ", ".join(cut(x, 60) for x in names[:3]), n - 3), perf(n, 0, 0, n))
    lines = ["[CRITICAL] %s (%s): %s\n" % (cut(names[i], max_message), cut(ids[i], max_message),
                                           cut(msgs[i], max_message)) for i in range(n)]
    shown = lines if not max_items else lines[:max_items]
    return budgeted(line1, shown, n - len(shown), budget)


def within(budget):
    def check(env, r):
        if len(r.stdout) > budget:
            return ["output is %d bytes, budget %d" % (len(r.stdout), budget)]
    return check


case("60 items with 3 KB multi-byte names, ids and messages fit the default 8192 bytes",
     ["-U", "{U}", "-r", "rp-long-items"], 2, long_items_expected("rp-long-items", 8192),
     checks=[within(8192)])
case("--max-output 4095 (NSCA)", ["-U", "{U}", "-r", "rp-long-items~nsca", "--max-output", "4095"], 2,
     long_items_expected("rp-long-items~nsca", 4095), checks=[within(4095)])
case("--max-output 1023 (NRPE 2)", ["-U", "{U}", "-r", "rp-long-items~nrpe", "--max-output", "1023"], 2,
     long_items_expected("rp-long-items~nrpe", 1023), checks=[within(1023)])
case("--max-output with --max-items 0 and --max-message 0: no item line fits, all are counted",
     ["-U", "{U}", "-r", "rp-long-items~all", "--max-items", "0", "--max-message", "0"], 2,
     long_items_expected("rp-long-items~all", 8192, 0, 0), checks=[within(8192)])
case("--max-output 0 means no limit",
     ["-U", "{U}", "-r", "rp-long-items~nolimit", "--max-output", "0"], 2,
     long_items_expected("rp-long-items~nolimit", 0))
_LONG_ERR = ("PRECHECK UNKNOWN - rp-long-api-error: HTTP 404 Not Found: " +
             sc.wide_text("no such task: ", 5000) + " (requestId req-long-err)")
case("a line 1 longer than --max-output is cut before its perfdata, on a character boundary",
     ["-U", "{U}", "-r", "rp-long-api-error", "--max-message", "0", "--max-output", "1023"], 3,
     cut(_LONG_ERR, 1023 - len(" | time=0.000000s;;;0\n")) + " | time=T;;;0\n",
     checks=[within(1023)])
case("usage: --max-output 100", ["-U", "{U}", "-r", "x", "--max-output", "100"], 3,
     usage("--max-output must be 0 (no limit) or 256 to 1048576 bytes, not '100'"))

case("replication id with invalid UTF-8", ["-U", "{U}", "-r", "rp-\udcff"], 3,
     err("rp-\ufffd", "HTTP 404 Not Found: replication rp-\ufffd not found (requestId req-404-0001)"),
     checks=[logged("rp-\ufffd", "query", "replicationId=rp-%FF")])
case("replication id with '|'", ["-U", "{U}", "-r", "rp|pipe"], 3,
     err("rp\u00a6pipe", "HTTP 404 Not Found: replication rp\u00a6pipe not found (requestId req-404-0001)"),
     checks=[logged("rp|pipe", "query", "replicationId=rp%7Cpipe")])
case("256-character replication id is shortened in the output", ["-U", "{U}", "-r", "b" * 256], 3,
     err("b" * 77 + "\u2026", "HTTP 404 Not Found: replication " + "b" * 185 + "\u2026 (requestId req-404-0001)"))

# --- judgement options -----------------------------------------------------------

case("--map running=OK", ["-U", "{U}", "-r", "rp-running", "--map", "running=OK"], 0,
     head("OK", "rp-running", "all 2 items passed", perf(2, 2)))
case("--map running=WARNING", ["-U", "{U}", "-r", "rp-running", "--map", "running=WARNING"], 1,
     head("WARNING", "rp-running", "1 warning of 2 items: Source datasource connection check",
          perf(2, 1, 1)) +
     "[WARNING] Source datasource connection check (srcDataSourceCheck)\n")
case("--map: the later mapping wins, case-insensitively",
     ["-U", "{U}", "-r", "rp-running", "--map", "running=warning", "--map", "RUNNING=2"], 2,
     head("CRITICAL", "rp-running", "1 failed of 2 items: Source datasource connection check",
          perf(2, 1, 0, 1)) +
     "[CRITICAL] Source datasource connection check (srcDataSourceCheck)\n")
case("--ignore-item and --warn-item",
     ["-U", "{U}", "-r", "rp-mixed", "--ignore-item", "dst*", "--warn-item", "srcDataSourceCheck"], 1,
     head("WARNING", "rp-mixed", "3 warning of 4 items: Source account privilege check, Source "
          "datasource connection check, Character set check (2 ignored); precheck status "
          "'failure' overridden by item rules", perf(6, 1, 3, 0, 0, 2)) +
     "[WARNING] Source account privilege check (srcPrivilegeCheck): Account repl lacks "
     "REPLICATION CLIENT on db2\n"
     "[WARNING] Source datasource connection check (srcDataSourceCheck): Failed to connect "
     "datasource src-mysql: Connection refused (failure capped at WARNING)\n"
     "[WARNING] Character set check (charsetCheck): latin1 tables found\n")
case("--ignore-item with -v shows IGNORED items",
     ["-U", "{U}", "-r", "rp-ignore", "--ignore-item", "src*", "-v"], 2,
     head("CRITICAL", "rp-ignore", "1 failed, 1 warning of 3 items: Target disk space check, "
          "Character set check (1 ignored)", perf(4, 1, 1, 1, 0, 1)) +
     "[CRITICAL] Target disk space check (dstSpaceCheck): Only 2 GB free\n"
     "[WARNING] Character set check (charsetCheck): latin1 tables found\n"
     "[OK] Cyclic replication check (replBidirectionLoopExistCheck)\n"
     "[IGNORED] Source datasource connection check (srcDataSourceCheck): Connection refused\n")
case("--ignore-item '*' ignores everything",
     ["-U", "{U}", "-r", "rp-ignore", "--ignore-item", "*"], 0,
     head("OK", "rp-ignore", "all 4 items ignored; precheck status 'failure' overridden by "
          "item rules", perf(4, 0, 0, 0, 0, 4)))
case("--error-state CRITICAL applies to HTTP errors",
     ["-U", "{U}", "-r", "rp-html-502", "--error-state", "CRITICAL"], 2,
     err("rp-html-502", "HTTP 502 Bad Gateway: 502 Bad Gateway", "CRITICAL"))

case("overall warning, all items passed", ["-U", "{U}", "-r", "rp-overall-warning-items-ok"], 1,
     head("WARNING", "rp-overall-warning-items-ok", "all 3 items passed; precheck status 'warning'",
          perf(3, 3)))
case("overall failure, all items passed", ["-U", "{U}", "-r", "rp-overall-failure-items-ok"], 2,
     head("CRITICAL", "rp-overall-failure-items-ok", "all 3 items passed; precheck status 'failure'",
          perf(3, 3)))
case("overall 'running', all items passed", ["-U", "{U}", "-r", "rp-overall-running-items-ok"], 3,
     head("UNKNOWN", "rp-overall-running-items-ok", "all 3 items passed; precheck status 'running' "
          "is not a known value", perf(3, 3)))
# An item rule that matches no item changes nothing: the overall failure
# is not explained by any ignored or capped item, so it must still count.
case("--ignore-item matching nothing keeps an overall failure",
     ["-U", "{U}", "-r", "rp-overall-failure-items-ok", "--ignore-item", "noSuchCheck"], 2,
     head("CRITICAL", "rp-overall-failure-items-ok", "all 3 items passed; precheck status 'failure'",
          perf(3, 3)))
case("--warn-item matching nothing keeps an unknown overall status",
     ["-U", "{U}", "-r", "rp-overall-running-items-ok", "--warn-item", "noSuchCheck"], 3,
     head("UNKNOWN", "rp-overall-running-items-ok", "all 3 items passed; precheck status 'running' "
          "is not a known value", perf(3, 3)))
case("--error-state CRITICAL applies to connection errors",
     ["-U", "http://127.0.0.1:{closed}", "-r", "rp-x", "--error-state", "CRITICAL"], 2,
     err("rp-x", "connection failed: 127.0.0.1 port {closed}: Connection refused", "CRITICAL"))
case("--error-state does not change the timeout state",
     ["-U", "{U}", "-r", "rp-hang", "-t", "1", "--error-state", "CRITICAL"], 3,
     err("rp-hang", "timeout: no complete answer within 1 s"), max_time=2)
case("--error-state WARNING applies to success:false",
     ["-U", "{U}", "-r", "rp-api-false-200", "--error-state", "WARNING"], 1,
     err("rp-api-false-200", "API error: internal error: precheck service unavailable "
         "(requestId req-false-200)", "WARNING"))

# --- API and HTTP errors ---------------------------------------------------------

case("unknown replication: 404 with success:false",
     ["-U", "{U}", "-r", "rp-does-not-exist"], 3,
     err("rp-does-not-exist", "HTTP 404 Not Found: replication rp-does-not-exist not found "
         "(requestId req-404-0001)"))
case("success:false with HTTP 200", ["-U", "{U}", "-r", "rp-api-false-200"], 3,
     err("rp-api-false-200", "API error: internal error: precheck service unavailable "
         "(requestId req-false-200)"))
case("success:false without a message", ["-U", "{U}", "-r", "rp-api-false-nomsg"], 3,
     err("rp-api-false-nomsg", "API error (success: false, no message) (requestId req-nomsg)"))
case("no success field", ["-U", "{U}", "-r", "rp-no-success"], 3,
     err("rp-no-success", "invalid response: no 'success' field (requestId req-nosucc)"))
case("success null", ["-U", "{U}", "-r", "rp-null-success"], 3,
     err("rp-null-success", "invalid response: no 'success' field (requestId req-ns)"))
case("HTML 502 from a gateway", ["-U", "{U}", "-r", "rp-html-502"], 3,
     err("rp-html-502", "HTTP 502 Bad Gateway: 502 Bad Gateway"))
case("500 with an empty body", ["-U", "{U}", "-r", "rp-500-empty"], 3,
     err("rp-500-empty", "HTTP 500 Internal Server Error"))
case("403 with a JSON message", ["-U", "{U}", "-r", "rp-403-json"], 3,
     err("rp-403-json", "HTTP 403 Forbidden: access denied for this API key - check the "
         "credentials (requestId req-403)"))
case("success without data", ["-U", "{U}", "-r", "rp-no-data"], 3,
     err("rp-no-data", "API reported success but sent no data (requestId req-nodata)"))
case("data null", ["-U", "{U}", "-r", "rp-null-data"], 3,
     err("rp-null-data", "API reported success but sent no data (requestId req-nd)"))
case("data without status and items", ["-U", "{U}", "-r", "rp-no-status"], 3,
     err("rp-no-status", "response has neither precheckStatus nor items (requestId req-nostatus)"))
case("answer for another replication", ["-U", "{U}", "-r", "rp-wrong-task"], 3,
     err("rp-wrong-task", "response is for replication 'rp-someone-else', not the one asked "
         "for (requestId req-wt)"))

# --- bodies that are not the documented JSON ---------------------------------------

case("empty body", ["-U", "{U}", "-r", "rp-empty"], 3,
     err("rp-empty", "invalid response (HTTP 200): empty body"))
case("white space body", ["-U", "{U}", "-r", "rp-whitespace"], 3,
     err("rp-whitespace", "invalid response (HTTP 200): body is only white space"))
case("invalid JSON", ["-U", "{U}", "-r", "rp-invalid-json"], 3,
     err("rp-invalid-json", "invalid response (HTTP 200): unexpected character; body starts: "
         "{\"success\": true, \"data\": {\"precheckStatus\": success}}"))
case("truncated JSON", ["-U", "{U}", "-r", "rp-truncated-json"], 3,
     err("rp-truncated-json", "invalid response (HTTP 200): unexpected end of data; body "
         "starts: {\"success\": true, \"data\": {\"precheckStatus\": \"succ"))
case("HTML login page with 200", ["-U", "{U}", "-r", "rp-html-200"], 3,
     err("rp-html-200", "invalid response (HTTP 200): unexpected character; body starts: "
         "Login required"))
case("data after the JSON value", ["-U", "{U}", "-r", "rp-trailing-garbage"], 3,
     err("rp-trailing-garbage", "invalid response (HTTP 200): unexpected character"
         "; body starts: {\"success\":true,\"requestId\":\"r\",\"data\":{\"replicationId\":"
         "\"rp-trailing-garbage\",\"precheckStatus\":\"success\",\"items\":[]}}\u2026"))
case("JSON array instead of object", ["-U", "{U}", "-r", "rp-array-root"], 3,
     err("rp-array-root", "invalid response (HTTP 200): response is a JSON array, not an "
         "object; body starts: [{\"success\":true}]"))
case("wrong type: success is a string", ["-U", "{U}", "-r", "rp-wrong-type-success"], 3,
     err("rp-wrong-type-success", "invalid response (HTTP 200): 'success' is string, not a "
         "boolean; body starts: {\"success\":\"true\",\"requestId\":\"r\"}"))
case("wrong type: items is an object", ["-U", "{U}", "-r", "rp-wrong-type-items"], 3,
     err("rp-wrong-type-items", "invalid response (HTTP 200): 'data.items' is object, not an "
         "array; body starts: {\"success\":true,\"requestId\":\"r\",\"data\":{\"replicationId\":"
         "\"rp-wrong-type-items\",\"precheckStatus\":\"success\",\"items\":{\"it\u2026"))
case("wrong type: status is a number", ["-U", "{U}", "-r", "rp-wrong-type-status"], 3,
     err("rp-wrong-type-status", "invalid response (HTTP 200): 'data.items[0].status' is int, "
         "not a string; body starts: {\"success\":true,\"requestId\":\"r\",\"data\":"
         "{\"replicationId\":\"rp-wrong-type-status\",\"precheckStatus\":\"success\",\"items\":"
         "[{\"\u2026"))
case("wrong type: item is a string", ["-U", "{U}", "-r", "rp-wrong-type-item"], 3,
     err("rp-wrong-type-item", "invalid response (HTTP 200): 'data.items[0]' is string, not an "
         "object; body starts: {\"success\":true,\"requestId\":\"r\",\"data\":{\"replicationId\":"
         "\"rp-wrong-type-item\",\"precheckStatus\":\"success\",\"items\":[\"suc\u2026"))
case("300000 nested '[' are refused quickly", ["-U", "{U}", "-r", "rp-deep-nest"], 3,
     err("rp-deep-nest", "invalid response (HTTP 200): nesting too deep; body starts: " +
         "[" * 117 + "\u2026"), max_time=3, max_rss_mb=64)
case("100000 nested objects are refused quickly", ["-U", "{U}", "-r", "rp-deep-nest-obj"], 3,
     err("rp-deep-nest-obj", "invalid response (HTTP 200): nesting too deep; body starts: " +
         sc.body_for("rp-deep-nest-obj")[:117].decode() + "\u2026"), max_time=3, max_rss_mb=64)

# --- transfer encodings and sizes ------------------------------------------------------

case("gzip body", ["-U", "{U}", "-r", "rp-gzip"], 2, mixed("rp-gzip"))
case("chunked body", ["-U", "{U}", "-r", "rp-chunked"], 2, mixed("rp-chunked"))
case("gzip and chunked body", ["-U", "{U}", "-r", "rp-gzip-chunked"], 0, ok3("rp-gzip-chunked"))
case("512 MB body with Content-Length fails fast",
     ["-U", "{U}", "-r", "rp-huge-cl"], 3, err("rp-huge-cl", TOO_LARGE),
     max_time=2, max_rss_mb=32)
case("512 MB chunked body fails fast with bounded memory",
     ["-U", "{U}", "-r", "rp-huge-chunked"], 3, err("rp-huge-chunked", TOO_LARGE),
     max_time=3, max_rss_mb=64)
case("gzip bomb (96 MB inflated) fails fast with bounded memory",
     ["-U", "{U}", "-r", "rp-gzip-bomb"], 3, err("rp-gzip-bomb", TOO_LARGE),
     max_time=3, max_rss_mb=64)
case("--max-size 4K against a 20 KB body", ["-U", "{U}", "-r", "rp-items-100", "--max-size", "4K"], 3,
     err("rp-items-100", TOO_LARGE))
_ms = len(sc.body_for("rp-all-success~ms"))
case("--max-size equal to the body size passes",
     ["-U", "{U}", "-r", "rp-all-success~ms", "--max-size", str(_ms)], 0, ok3("rp-all-success~ms"))
case("--max-size one byte below the body size fails",
     ["-U", "{U}", "-r", "rp-all-success~ms", "--max-size", str(_ms - 1)], 3,
     err("rp-all-success~ms", TOO_LARGE))
case("--max-size one byte below, chunked body",
     ["-U", "{U}", "-r", "rp-chunked~ms", "--max-size", str(len(sc.body_for("rp-chunked~ms")) - 1)], 3,
     err("rp-chunked~ms", TOO_LARGE))
case("--max-size applies to --file", ["-f", "{tmp}/big.json", "-r", "rp-x", "--max-size", "100K"], 3,
     err("rp-x", TOO_LARGE))

# --- authentication ------------------------------------------------------------------

BEARER = "Bearer " + sc.BEARER_TOKEN


def unauthorized(rid):
    return err(rid, "HTTP 401 Unauthorized: missing or invalid credentials - check the "
               "credentials (requestId req-401)")


case("401 without credentials", ["-U", "{U}", "-r", "rp-auth-bearer"], 3,
     unauthorized("rp-auth-bearer"))
case("401 with an HTML page", ["-U", "{U}", "-r", "rp-auth-html"], 3,
     err("rp-auth-html", "HTTP 401 Unauthorized: 401 Authorization Required - check the credentials"))
case("bearer token from --token-file",
     ["-U", "{U}", "-r", "rp-auth-bearer~file", "--token-file", "{tmp}/token"], 0,
     ok3("rp-auth-bearer~file"), checks=[header_seen("rp-auth-bearer~file", "Authorization", BEARER)])
case("bearer token from REPLICATION_API_TOKEN", ["-U", "{U}", "-r", "rp-auth-bearer~env"], 0,
     ok3("rp-auth-bearer~env"), env={"REPLICATION_API_TOKEN": sc.BEARER_TOKEN},
     checks=[header_seen("rp-auth-bearer~env", "Authorization", BEARER)])
case("bearer token from --token",
     ["-U", "{U}", "-r", "rp-auth-bearer~arg", "--token", sc.BEARER_TOKEN], 0, ok3("rp-auth-bearer~arg"))
case("--token-file wins over the environment and --token",
     ["-U", "{U}", "-r", "rp-auth-bearer~prec1", "--token-file", "{tmp}/token", "--token", "wrong-1"], 0,
     ok3("rp-auth-bearer~prec1"), env={"REPLICATION_API_TOKEN": "wrong-2"})
case("the environment wins over --token",
     ["-U", "{U}", "-r", "rp-auth-bearer~prec2", "--token", "wrong-1"], 0,
     ok3("rp-auth-bearer~prec2"), env={"REPLICATION_API_TOKEN": sc.BEARER_TOKEN})
case("wrong bearer token is 401", ["-U", "{U}", "-r", "rp-auth-bearer", "--token", "wrong-token"], 3,
     unauthorized("rp-auth-bearer"))
case("token in X-API-Key (--token-header, --token-file)",
     ["-U", "{U}", "-r", "rp-auth-apikey~f", "--token-header", "X-API-Key", "--token-file", "{tmp}/apikey"],
     0, ok3("rp-auth-apikey~f"),
     checks=[header_seen("rp-auth-apikey~f", "X-API-Key", sc.API_KEY),
             headers_absent("rp-auth-apikey~f", "http", ["Authorization"], ())])
case("token in X-API-Key from the environment",
     ["-U", "{U}", "-r", "rp-auth-apikey~e", "--token-header", "X-API-Key"], 0, ok3("rp-auth-apikey~e"),
     env={"REPLICATION_API_TOKEN": sc.API_KEY})
case("basic auth -a", ["-U", "{U}", "-r", "rp-auth-basic", "-a", sc.BASIC_USER + ":" + sc.BASIC_PASS], 0,
     ok3("rp-auth-basic"))
case("basic auth with the wrong password is 401",
     ["-U", "{U}", "-r", "rp-auth-basic", "-a", sc.BASIC_USER + ":nope"], 3, unauthorized("rp-auth-basic"))
case("basic auth from URL user info",
     ["-U", "http://%s:%s@127.0.0.1:{http}" % (sc.BASIC_USER, sc.BASIC_PASS), "-r", "rp-auth-basic"], 0,
     ok3("rp-auth-basic"), secrets=ALL_SECRETS)
case("custom header -k", ["-U", "{U}", "-r", "rp-auth-custom",
                          "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE)], 0, ok3("rp-auth-custom"))
case("several -k headers are all sent",
     ["-U", "{U}", "-r", "rp-auth-custom~2", "-k", "X-Tenant: t1",
      "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE)], 0, ok3("rp-auth-custom~2"),
     checks=[header_seen("rp-auth-custom~2", "X-Tenant", "t1")])
case("--token-file that does not exist",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--token-file", "{tmp}/nonexistent"], 3,
     "PRECHECK UNKNOWN - cannot open --token-file {tmp}/nonexistent: No such file or directory\n")
case("--token-file with two lines",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--token-file", "{tmp}/token-two-lines"], 3,
     "PRECHECK UNKNOWN - --token-file {tmp}/token-two-lines must hold the token on one line\n")
case("--token-file with a CRLF line end",
     ["-U", "{U}", "-r", "rp-auth-bearer~crlf", "--token-file", "{tmp}/token-crlf"], 0,
     ok3("rp-auth-bearer~crlf"), checks=[header_seen("rp-auth-bearer~crlf", "Authorization", BEARER)])
case("token with a newline is refused before any request", ["-U", "{U}", "-r", "rp-auth-bearer~nl"], 3,
     "PRECHECK UNKNOWN - the token contains control characters\n",
     env={"REPLICATION_API_TOKEN": "abc\ndef"}, checks=[requests_seen("rp-auth-bearer~nl", 0)])
case("-k with CR LF (header injection) is refused",
     ["-U", "{U}", "-r", "x", "-k", "X-A: b\r\nX-Injected: 1"], 3,
     usage("--header must be 'Name: value' on one line"))
case("world-readable --token-file is reported at -v",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--token-file", "{tmp}/token-world", "-v"], 0,
     ok3("rp-auth-bearer") + OK3_LINES,
     stderr="warning: token file {tmp}/token-world is readable by group or others\n")
case("--extra-opts file with token and header",
     ["-U", "{U}", "-r", "rp-auth-bearer~eo", "--extra-opts=@{tmp}/opts.ini"], 0, ok3("rp-auth-bearer~eo"),
     checks=[header_seen("rp-auth-bearer~eo", "Authorization", BEARER),
             header_seen("rp-auth-bearer~eo", sc.CUSTOM_HEADER, sc.CUSTOM_VALUE)])
case("--extra-opts file with a byte order mark and CRLF line ends",
     ["-U", "{U}", "-r", "rp-auth-bearer~bom", "--extra-opts=@{tmp}/opts-bom-crlf.ini"], 0,
     ok3("rp-auth-bearer~bom"),
     checks=[header_seen("rp-auth-bearer~bom", "Authorization", BEARER),
             header_seen("rp-auth-bearer~bom", sc.CUSTOM_HEADER, sc.CUSTOM_VALUE)])
case("--extra-opts section with basic auth",
     ["-U", "{U}", "-r", "rp-auth-basic", "--extra-opts=basic@{tmp}/opts.ini"], 0, ok3("rp-auth-basic"))
case("--extra-opts from MP_CONFIG_FILE", ["-U", "{U}", "-r", "rp-auth-bearer", "--extra-opts"], 0,
     ok3("rp-auth-bearer"), env={"MP_CONFIG_FILE": "{tmp}/opts.ini"})
case("world-readable --extra-opts file is reported at -v",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--extra-opts=@{tmp}/opts-world.ini", "-v"], 0,
     ok3("rp-auth-bearer") + OK3_LINES,
     stderr="warning: options file {tmp}/opts-world.ini is readable by group or others\n")
case("--extra-opts section not found",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--extra-opts=nosuch@{tmp}/opts.ini"], 3,
     usage("section [nosuch] not found in options file {tmp}/opts.ini"))

# --- secrets never reach the output -----------------------------------------------------

for level in ("-v", "-vv", "-vvv"):
    case("no secret in output at %s: bearer and custom header" % level,
         ["-U", "{U}", "-r", "rp-auth-bearer", "--token", sc.BEARER_TOKEN,
          "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE), level], 0,
         ok3("rp-auth-bearer") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: token header" % level,
         ["-U", "{U}", "-r", "rp-auth-apikey", "--token-header", "X-API-Key",
          "--token-file", "{tmp}/apikey", level], 0,
         ok3("rp-auth-apikey") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: basic auth" % level,
         ["-U", "{U}", "-r", "rp-auth-basic", "-a", sc.BASIC_USER + ":" + sc.BASIC_PASS, level], 0,
         ok3("rp-auth-basic") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: --extra-opts file" % level,
         ["-U", "{U}", "-r", "rp-auth-bearer", "--extra-opts=@{tmp}/opts.ini", level], 0,
         ok3("rp-auth-bearer") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: 401 answer" % level,
         ["-U", "{U}", "-r", "rp-auth-basic", "--token", sc.BEARER_TOKEN,
          "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE), level], 3,
         unauthorized("rp-auth-basic"), secrets=ALL_SECRETS)
    case("no secret in output at %s: followed redirect" % level,
         ["-U", "{U}", "-r", "rp-redirect", "--follow", "--token", sc.BEARER_TOKEN,
          "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE), level], 0,
         ok3("rp-redirect") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: credentials in URL user info" % level,
         ["-U", "http://%s:%s@127.0.0.1:{http}" % (sc.BASIC_USER, sc.BASIC_PASS), "-r", "rp-auth-basic",
          level], 0, ok3("rp-auth-basic") + OK3_LINES, secrets=ALL_SECRETS)
    case("no secret in output at %s: secret in the URL query, redirect not followed" % level,
         ["-U", "{U}/?apikey=QSECRET-query-value", "-r", "rp-redirect", level], 3,
         err("rp-redirect", "HTTP 302 Found: redirect to http://127.0.0.1:{http2}" + EP +
             "?apikey=<redacted>&replicationId=rp-redirect not followed (see --follow)"),
         secrets=ALL_SECRETS)
# The gateway's message quotes the header it got: the secret in it is
# redacted, the scheme word kept.
case("no secret in output: a gateway that quotes the rejected token",
     ["-U", "{U}", "-r", "rp-auth-echo", "--token", sc.BEARER_TOKEN], 3,
     err("rp-auth-echo", "HTTP 401 Unauthorized: invalid credentials 'Bearer <redacted>' - check "
         "the credentials (requestId req-echo)"), secrets=ALL_SECRETS)
case("no secret in output: a gateway that quotes the rejected API key",
     ["-U", "{U}", "-r", "rp-auth-echo", "--token-header", "X-API-Key", "--token-file", "{tmp}/apikey"], 3,
     err("rp-auth-echo", "HTTP 401 Unauthorized: invalid credentials '<redacted>' - check the "
         "credentials (requestId req-echo)"), secrets=ALL_SECRETS)
# The option is named without the value that came with it.
case("no secret in output: abbreviated option --tok=SECRET",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--tok=" + sc.BEARER_TOKEN], 3,
     usage("unknown or ambiguous option '--tok'"), secrets=ALL_SECRETS)
case("no secret in output: misspelt key in an --extra-opts file",
     ["-U", "{U}", "-r", "rp-auth-bearer", "--extra-opts=typo@{tmp}/opts.ini"], 3,
     usage("unknown or ambiguous option '--tokn'"), secrets=ALL_SECRETS)

# --- redirects ------------------------------------------------------------------------

case("redirect is not followed by default and says where it points",
     ["-U", "{U}", "-r", "rp-redirect~nf"], 3,
     err("rp-redirect~nf", "HTTP 302 Found: redirect to http://127.0.0.1:{http2}" + EP +
         "?replicationId=rp-redirect~nf not followed (see --follow)"),
     checks=[requests_seen("rp-redirect~nf", 0, "http2")])
case("301 is not followed by default", ["-U", "{U}", "-r", "rp-redirect-301"], 3,
     err("rp-redirect-301", "HTTP 301 Moved Permanently: redirect to http://127.0.0.1:{http2}" + EP +
         "?replicationId=rp-redirect-301 not followed (see --follow)"))
case("302 with a 7 KB HTML page is not followed by default and says where it points",
     ["-U", "{U}", "-r", "rp-redirect-bigpage~nf"], 3,
     err("rp-redirect-bigpage~nf", "HTTP 302 Found: redirect to http://127.0.0.1:{http2}" + EP +
         "?replicationId=rp-redirect-bigpage~nf not followed (see --follow)"),
     checks=[requests_seen("rp-redirect-bigpage~nf", 0, "http2")])
case("302 with a 7 KB HTML page: --follow follows it",
     ["-U", "{U}", "-r", "rp-redirect-bigpage~f", "--follow"], 0, ok3("rp-redirect-bigpage~f"),
     checks=[requests_seen("rp-redirect-bigpage~f", 1, "http2")])
case("307 with a 24 KB page longer than --max-size: --follow follows it",
     ["-U", "{U}", "-r", "rp-redirect-bigpage-307~f", "--follow", "--max-size", "4K"], 0,
     ok3("rp-redirect-bigpage-307~f"), checks=[requests_seen("rp-redirect-bigpage-307~f", 1, "http2")])
case("307 with a 24 KB page longer than --max-size, not followed: says where it points",
     ["-U", "{U}", "-r", "rp-redirect-bigpage-307~n", "--max-size", "4K"], 3,
     err("rp-redirect-bigpage-307~n", "HTTP 307 Temporary Redirect: redirect to http://127.0.0.1:{http2}"
         + EP + "?replicationId=rp-redirect-bigpage-307~n not followed (see --follow)"))
case("--follow follows a redirect to another port", ["-U", "{U}", "-r", "rp-redirect~f", "--follow"], 0,
     ok3("rp-redirect~f"), checks=[requests_seen("rp-redirect~f", 1, "http2")])
case("--follow: bearer token and custom header stay behind",
     ["-U", "{U}", "-r", "rp-redirect~b", "--follow", "--token-file", "{tmp}/token",
      "-k", "%s: %s" % (sc.CUSTOM_HEADER, sc.CUSTOM_VALUE)], 0, ok3("rp-redirect~b"),
     checks=[header_seen("rp-redirect~b", "Authorization", BEARER, "http"),
             header_seen("rp-redirect~b", sc.CUSTOM_HEADER, sc.CUSTOM_VALUE, "http"),
             headers_absent("rp-redirect~b", "http2", ["Authorization", sc.CUSTOM_HEADER])])
case("--follow: token header stays behind",
     ["-U", "{U}", "-r", "rp-redirect~k", "--follow", "--token-header", "X-API-Key",
      "--token-file", "{tmp}/apikey"], 0, ok3("rp-redirect~k"),
     checks=[header_seen("rp-redirect~k", "X-API-Key", sc.API_KEY, "http"),
             headers_absent("rp-redirect~k", "http2", ["X-API-Key", "Authorization"])])
case("--follow: basic credentials stay behind",
     ["-U", "{U}", "-r", "rp-redirect~u", "--follow", "-a", sc.BASIC_USER + ":" + sc.BASIC_PASS], 0,
     ok3("rp-redirect~u"),
     checks=[headers_absent("rp-redirect~u", "http2", ["Authorization"])])
case("--follow: credentials from URL user info stay behind",
     ["-U", "http://%s:%s@127.0.0.1:{http}" % (sc.BASIC_USER, sc.BASIC_PASS), "-r", "rp-redirect~ui",
      "--follow"], 0, ok3("rp-redirect~ui"),
     checks=[headers_absent("rp-redirect~ui", "http2", ["Authorization"])], secrets=ALL_SECRETS)
case("--follow from https to another port over http drops the token",
     ["-U", "{S}", "-r", "rp-redirect~tls", "--follow", "--ca-cert", "{ca}", "--token-file", "{tmp}/token"], 0,
     ok3("rp-redirect~tls"),
     checks=[header_seen("rp-redirect~tls", "Authorization", BEARER, "https"),
             headers_absent("rp-redirect~tls", "http2", ["Authorization"])])
case("redirect to a URL with user info is reported redacted",
     ["-U", "{U}", "-r", "rp-redirect-userinfo"], 3,
     err("rp-redirect-userinfo", "HTTP 302 Found: redirect to http://<redacted>@127.0.0.1:{http2}" + EP +
         "?replicationId=rp-redirect-userinfo not followed (see --follow)"), secrets=ALL_SECRETS)
case("--follow within the same origin keeps the token",
     ["-U", "{U}", "-r", "rp-redirect-same", "--follow", "--token-file", "{tmp}/token"], 0,
     ok3("rp-redirect-same"))
case("--follow to https with --ca-cert",
     ["-U", "{U}", "-r", "rp-redirect-https", "--follow", "--ca-cert", "{ca}"], 0, ok3("rp-redirect-https"))
case("--follow refuses a redirect to ftp", ["-U", "{U}", "-r", "rp-redirect-ftp", "--follow"], 3,
     err("rp-redirect-ftp", "redirect refused: redirect to a scheme other than http or https"))
case("--follow stops a redirect loop", ["-U", "{U}", "-r", "rp-redirect-loop~l", "--follow"], 3,
     err("rp-redirect-loop~l", "redirect refused: more than 5 redirects"),
     checks=[requests_seen("rp-redirect-loop~l", 6)])

# --- retries --------------------------------------------------------------------------

case("503 then 200 without --retries", ["-U", "{U}", "-r", "rp-503-then-200~a"], 3,
     err("rp-503-then-200~a", "HTTP 503 Service Unavailable: 503 Service Unavailable"),
     checks=[requests_seen("rp-503-then-200~a", 1)])
case("503 then 200 with --retries 1 (after a back-off)",
     ["-U", "{U}", "-r", "rp-503-then-200~b", "--retries", "1"], 0, ok3("rp-503-then-200~b"),
     max_time=3, checks=[requests_seen("rp-503-then-200~b", 2), request_gap("rp-503-then-200~b", 0.4)])
case("429 with Retry-After then 200, without --retries", ["-U", "{U}", "-r", "rp-429-then-200~a"], 3,
     err("rp-429-then-200~a", "HTTP 429 Too Many Requests: rate limit exceeded (requestId req-429)"))
case("429 with Retry-After: 1 then 200, --retries 1 waits 1 s",
     ["-U", "{U}", "-r", "rp-429-then-200~b", "--retries", "1"], 0, ok3("rp-429-then-200~b"),
     max_time=3, checks=[requests_seen("rp-429-then-200~b", 2),
                         request_gap("rp-429-then-200~b", 0.95, 1.5)])
case("always 503: --retries 2 makes three attempts with back-off",
     ["-U", "{U}", "-r", "rp-always-503~r", "--retries", "2"], 3,
     err("rp-always-503~r", "HTTP 503 Service Unavailable: 503 Service Unavailable"),
     max_time=4, checks=[requests_seen("rp-always-503~r", 3), request_gap("rp-always-503~r", 0.4)])
case("Retry-After beyond the time budget is not waited for",
     ["-U", "{U}", "-r", "rp-429-long~r", "--retries", "2", "-t", "3"], 3,
     err("rp-429-long~r", "HTTP 429 Too Many Requests: rate limit exceeded (requestId req-429-long)"),
     max_time=1.5, checks=[requests_seen("rp-429-long~r", 1)])

# Error pages of several KB (what CDNs and gateways send) must not defeat the decision.
case("503 with a 7 KB HTML page then 200: --retries 1 retries",
     ["-U", "{U}", "-r", "rp-503-bigpage-then-200~r", "--retries", "1"], 0,
     ok3("rp-503-bigpage-then-200~r"), max_time=3,
     checks=[requests_seen("rp-503-bigpage-then-200~r", 2)])
case("503 with an HTML page longer than --max-size then 200: still retried",
     ["-U", "{U}", "-r", "rp-503-bigpage-then-200~m", "--retries", "1", "--max-size", "2K"], 0,
     ok3("rp-503-bigpage-then-200~m"), max_time=3,
     checks=[requests_seen("rp-503-bigpage-then-200~m", 2)])
case("429 with a 12 KB HTML page and Retry-After: 1 then 200: --retries 1 waits and retries",
     ["-U", "{U}", "-r", "rp-429-bigpage-then-200~r", "--retries", "1"], 0,
     ok3("rp-429-bigpage-then-200~r"), max_time=3,
     checks=[requests_seen("rp-429-bigpage-then-200~r", 2),
             request_gap("rp-429-bigpage-then-200~r", 0.95, 1.5)])
case("503 with a 7 KB HTML page, no retries: the page title is quoted",
     ["-U", "{U}", "-r", "rp-503-bigpage-then-200~n"], 3,
     err("rp-503-bigpage-then-200~n", "HTTP 503 Service Unavailable: 503 Service Unavailable"),
     checks=[requests_seen("rp-503-bigpage-then-200~n", 1)])
case("always 503 with a 7 KB page: --retries 2 makes three attempts",
     ["-U", "{U}", "-r", "rp-always-503-bigpage~r", "--retries", "2"], 3,
     err("rp-always-503-bigpage~r", "HTTP 503 Service Unavailable: 503 Service Unavailable"),
     max_time=4, checks=[requests_seen("rp-always-503-bigpage~r", 3)])
case("always 503 with a page longer than --max-size: the status decides, not the size",
     ["-U", "{U}", "-r", "rp-always-503-bigpage", "--max-size", "1K"], 3,
     err("rp-always-503-bigpage", "HTTP 503 Service Unavailable"))
case("404 is not retried", ["-U", "{U}", "-r", "rp-nope~r", "--retries", "3"], 3,
     err("rp-nope~r", "HTTP 404 Not Found: replication rp-nope~r not found (requestId req-404-0001)"),
     checks=[requests_seen("rp-nope~r", 1)])

# --- transport faults -----------------------------------------------------------------

TIMEOUT2 = "timeout: no complete answer within 2 s"
case("server accepts and never answers: -t 2", ["-U", "{U}", "-r", "rp-hang", "-t", "2"], 3,
     err("rp-hang", TIMEOUT2), max_time=3, min_time=1.9)
case("timeout state from -t 2:CRITICAL", ["-U", "{U}", "-r", "rp-hang", "-t", "2:CRITICAL"], 2,
     err("rp-hang", TIMEOUT2, "CRITICAL"), max_time=3)
case("timeout state from -t 1.5:WARNING", ["-U", "{U}", "-r", "rp-hang", "-t", "1.5:WARNING"], 1,
     err("rp-hang", "timeout: no complete answer within 1.5 s", "WARNING"), max_time=2.5)
case("--retries do not extend the time budget",
     ["-U", "{U}", "-r", "rp-hang", "-t", "2", "--retries", "3"], 3, err("rp-hang", TIMEOUT2), max_time=3)
case("headers trickle one per second", ["-U", "{U}", "-r", "rp-trickle-headers", "-t", "2"], 3,
     err("rp-trickle-headers", TIMEOUT2), max_time=3)
case("body arrives one byte per 100 ms", ["-U", "{U}", "-r", "rp-trickle-body", "-t", "2"], 3,
     err("rp-trickle-body", TIMEOUT2), max_time=3)
case("slow body that completes in time", ["-U", "{U}", "-r", "rp-trickle-body-ok", "-t", "5"], 0,
     ok3("rp-trickle-body-ok"), min_time=0.3, max_time=3)
case("connection reset mid-body", ["-U", "{U}", "-r", "rp-reset-midbody"], 3,
     err("rp-reset-midbody", "request failed: Recv failure: Connection reset by peer"), max_time=3)
case("TLS connection reset mid-body", ["-U", "{S}", "-r", "rp-reset-midbody", "--ca-cert", "{ca}"], 3,
     err("rp-reset-midbody", "request failed: Recv failure: Connection reset by peer"), max_time=3)
_short = sc.body_for("rp-short-body")
# libcurl's wording only: 7.88 says "transfer closed with N bytes remaining
# to read", 8.x "end of response with N bytes missing"; the verdict is one.
case("connection closed before Content-Length was sent", ["-U", "{U}", "-r", "rp-short-body"], 3,
     r"PRECHECK UNKNOWN - rp-short-body: request failed: (transfer closed with %(n)d bytes "
     r"remaining to read|end of response with %(n)d bytes missing) \| time=T;;;0\n"
     % {"n": len(_short) - len(_short) // 2}, regex=True,
     why="libcurl's own words for a body cut short differ between versions")
case("connection refused (closed port)", ["-U", "http://127.0.0.1:{closed}", "-r", "rp-all-success"], 3,
     err("rp-all-success", "connection failed: 127.0.0.1 port {closed}: Connection refused"), max_time=2)
case("unresolvable host .invalid", ["-U", "http://precheck.invalid", "-r", "rp-all-success", "-t", "5"], 3,
     err("rp-all-success", "cannot resolve host: precheck.invalid"), max_time=6)

case("connection reset, then a complete answer: --retries 1 starts the parse afresh",
     ["-U", "{U}", "-r", "rp-reset-then-200~r", "--retries", "1"], 2, mixed("rp-reset-then-200~r"),
     max_time=3, checks=[requests_seen("rp-reset-then-200~r", 2)])
case("connection reset, no retries", ["-U", "{U}", "-r", "rp-reset-then-200~n"], 3,
     err("rp-reset-then-200~n", "request failed: Recv failure: Connection reset by peer"), max_time=3)
case("TLS handshake that never completes (https to a plain HTTP port)",
     ["-U", "https://127.0.0.1:{http}", "-r", "rp-all-success", "-t", "2", "--insecure"], 3,
     err("rp-all-success", TIMEOUT2), max_time=3)
case("plain HTTP to a TLS port", ["-U", "http://127.0.0.1:{https}", "-r", "rp-all-success"], 3,
     r"PRECHECK UNKNOWN - rp-all-success: (request failed: Recv failure: Connection reset by peer|"
     r"request failed: 127\.0\.0\.1 port {https} closed the connection without answering|"
     r"protocol error: 127\.0\.0\.1 port {https} did not answer in HTTP: HTTP/0\.9, an unsupported "
     r"HTTP version, or another protocol \(TLS, SSH, \.\.\.\) on this port) \| time=T;;;0\n",
     regex=True, max_time=2,
     why="how the TLS server's refusal of plain text reaches libcurl (a reset, a close, or its "
     "alert record read as an HTTP/0.9 answer) depends on timing and the libcurl version")

# Answers that are not HTTP: reported as such, never as a redirect problem.
NOT_HTTP = ("protocol error: 127.0.0.1 port {%s} did not answer in HTTP: HTTP/0.9, an unsupported "
            "HTTP version, or another protocol (TLS, SSH, ...) on this port")
case("an SSH server's banner is a protocol error",
     ["-U", "http://127.0.0.1:{raw_ssh}", "-r", "rp-x"], 3, err("rp-x", NOT_HTTP % "raw_ssh"),
     max_time=2)
case("an HTTP/0.9 answer (a body without a status line) is a protocol error",
     ["-U", "http://127.0.0.1:{raw_http09}", "-r", "rp-x"], 3, err("rp-x", NOT_HTTP % "raw_http09"))
case("plain HTTP answered with a TLS alert record is a protocol error",
     ["-U", "http://127.0.0.1:{raw_tlsalert}", "-r", "rp-x"], 3,
     err("rp-x", NOT_HTTP % "raw_tlsalert"))
case("--error-state applies to a protocol error",
     ["-U", "http://127.0.0.1:{raw_http09}", "-r", "rp-x", "--error-state", "CRITICAL"], 2,
     err("rp-x", NOT_HTTP % "raw_http09", "CRITICAL"))
# Status lines libcurl versions disagree on (7.74 takes them all; 7.88 and
# 8.x refuse different ones, with different codes): one report on every
# version (fetch.c, status_line_ok).
for _raw, _what in (("raw_badversion", "an unsupported HTTP version (HTTP/1.7)"),
                    ("raw_weird", "a status code that is not three digits"),
                    ("raw_longcode", "a four-digit status code"),
                    ("raw_lowcode", "a status code below 100"),
                    ("raw_twoblanks", "two blanks before the status code"),
                    ("raw_http2", "an HTTP/2 status line over plain HTTP"),
                    ("raw_http3", "an HTTP/3 status line over TCP")):
    case("%s is a protocol error" % _what,
         ["-U", "http://127.0.0.1:{%s}" % _raw, "-r", "rp-x"], 3, err("rp-x", NOT_HTTP % _raw))
for _raw, _what in (("raw_http20", "HTTP/2.0 as the version"),
                    ("raw_noreason", "a status line without a reason phrase")):
    case("%s is taken" % _what, ["-U", "http://127.0.0.1:{%s}" % _raw, "-r", "rp-x"], 0,
         head("OK", "rp-x", "precheck status 'success', no items", perf(0, 0)))
case("a connection closed without an answer names the peer",
     ["-U", "http://127.0.0.1:{raw_empty}", "-r", "rp-x"], 3,
     err("rp-x", "request failed: 127.0.0.1 port {raw_empty} closed the connection without answering"))

# An unreachable proxy is named as the proxy, never as the API's host and port.
PROXY_REFUSED = "connection failed: proxy 127.0.0.1 port {closed} (from %s): Connection refused"
case("--proxy that refuses connections is named",
     ["-U", "http://api.invalid", "-r", "rp-x", "--proxy", "http://127.0.0.1:{closed}"], 3,
     err("rp-x", PROXY_REFUSED % "--proxy"), max_time=2)
case("--proxy without a scheme that refuses connections is named",
     ["-U", "{U}", "-r", "rp-x~pns", "--proxy", "127.0.0.1:{closed}"], 3,
     err("rp-x~pns", PROXY_REFUSED % "--proxy"), max_time=2, checks=[requests_seen("rp-x~pns", 0)])
case("$http_proxy that refuses connections is named",
     ["-U", "http://api.example.com:8443", "-r", "rp-x"], 3, err("rp-x", PROXY_REFUSED % "$http_proxy"),
     env={"http_proxy": "http://127.0.0.1:{closed}"}, max_time=2)
case("$https_proxy that refuses connections is named",
     ["-U", "https://api.example.com", "-r", "rp-x"], 3, err("rp-x", PROXY_REFUSED % "$https_proxy"),
     env={"https_proxy": "http://127.0.0.1:{closed}"}, max_time=2)
case("$HTTPS_PROXY that refuses connections is named",
     ["-U", "https://api.example.com", "-r", "rp-x"], 3, err("rp-x", PROXY_REFUSED % "$HTTPS_PROXY"),
     env={"HTTPS_PROXY": "http://127.0.0.1:{closed}"}, max_time=2)
case("$all_proxy that refuses connections is named",
     ["-U", "http://api.example.com", "-r", "rp-x"], 3, err("rp-x", PROXY_REFUSED % "$all_proxy"),
     env={"all_proxy": "127.0.0.1:{closed}"}, max_time=2)
case("--proxy wins over $http_proxy in the message as in the request",
     ["-U", "http://api.example.com", "-r", "rp-x", "--proxy", "http://127.0.0.1:{closed}"], 3,
     err("rp-x", PROXY_REFUSED % "--proxy"), env={"http_proxy": "http://127.0.0.1:{http}"}, max_time=2)
case("$no_proxy exempts the host: the refusal is the API's own",
     ["-U", "http://127.0.0.1:{closed}", "-r", "rp-x"], 3,
     err("rp-x", "connection failed: 127.0.0.1 port {closed}: Connection refused"),
     env={"http_proxy": "http://127.0.0.1:{http}", "no_proxy": "127.0.0.1"}, max_time=2)
case("--noproxy exempts the host: the refusal is the API's own",
     ["-U", "http://localhost:{closed}", "-r", "rp-x", "--proxy", "http://127.0.0.1:{http}",
      "--noproxy", ".localhost"], 3,
     err("rp-x", "connection failed: localhost port {closed}: Connection refused"), max_time=2)
case("--proxy whose name does not resolve is named",
     ["-U", "{U}", "-r", "rp-x", "--proxy", "http://proxy.invalid:3128", "-t", "5"], 3,
     err("rp-x", "cannot resolve host: proxy proxy.invalid port 3128 (from --proxy)"), max_time=6)
case("a proxy that refuses the CONNECT tunnel is named, with its answer",
     ["-U", "https://api.example.com", "-r", "rp-x", "--proxy", "http://127.0.0.1:{http}"], 3,
     err("rp-x", "connection failed: proxy 127.0.0.1 port {http} (from --proxy) refused the tunnel: "
         "HTTP 400"), max_time=2)
case("--proxy carries the request", ["-U", "http://api.invalid", "-r", "rp-all-success~px",
                                     "--proxy", "http://127.0.0.1:{http}"], 0, ok3("rp-all-success~px"),
     checks=[logged("rp-all-success~px", "target", "http://api.invalid" + EP +
                    "?replicationId=rp-all-success~px")])
case("--noproxy bypasses --proxy", ["-U", "http://api.invalid", "-r", "rp-all-success",
                                    "--proxy", "http://127.0.0.1:{http}", "--noproxy", "api.invalid",
                                    "-t", "5"], 3,
     err("rp-all-success", "cannot resolve host: api.invalid"), max_time=6)
case("-4 forces IPv4", ["-4", "-U", "{U}", "-r", "rp-all-success"], 0, ok3("rp-all-success"))

# --- every libcurl option is checked (tests/integration/setopt-fail.c refuses one) ------


def setopt_refused(name):
    return {"LD_PRELOAD": "{setopt_shim}", "PRECHECK_TEST_SETOPT_FAIL": name}


SETUP_FAILED = "libcurl setup failed: cannot set %s: %s (libcurl error %d)"
# The protocol restriction is named as a setting: libcurl before 7.85 sets
# it with other options (CURLOPT_PROTOCOLS, not CURLOPT_PROTOCOLS_STR).
for _opt, _named, _args in (
        ("protocols", "the allowed protocols", []),
        ("redir_protocols", "the allowed redirect protocols", ["--follow"]),
        ("CURLOPT_SSL_VERIFYPEER", None, []), ("CURLOPT_SSL_VERIFYHOST", None, []),
        ("CURLOPT_CAINFO", None, []), ("CURLOPT_URL", None, []), ("CURLOPT_TIMEOUT_MS", None, []),
        ("CURLOPT_MAXFILESIZE_LARGE", None, []), ("CURLOPT_HEADERFUNCTION", None, [])):
    _named = _named or _opt
    _rid = "rp-all-success~so-" + _opt
    case("libcurl refuses %s: UNKNOWN naming it, nothing is sent" % _named,
         ["-U", "{S}", "-r", _rid, "--ca-cert", "{ca}"] + _args, 3,
         err(_rid, SETUP_FAILED % (_named, "not built into this libcurl", 4)),
         env=setopt_refused(_opt), checks=[requests_seen(_rid, 0)])
case("libcurl refuses to turn TLS verification off: UNKNOWN, no unverified request",
     ["-U", "{S}", "-r", "rp-all-success~so-insecure", "--insecure"], 3,
     err("rp-all-success~so-insecure", SETUP_FAILED % ("CURLOPT_SSL_VERIFYPEER", "value refused", 43)),
     env=setopt_refused("CURLOPT_SSL_VERIFYPEER:43"),
     checks=[requests_seen("rp-all-success~so-insecure", 0)])
case("libcurl refuses --proxy: UNKNOWN, no direct request instead",
     ["-U", "{U}", "-r", "rp-all-success~so-proxy", "--proxy", "http://127.0.0.1:{http2}"], 3,
     err("rp-all-success~so-proxy", SETUP_FAILED % ("CURLOPT_PROXY", "unknown to this libcurl", 48)),
     env=setopt_refused("CURLOPT_PROXY:48"), checks=[requests_seen("rp-all-success~so-proxy", 0)])
case("a refused option is UNKNOWN whatever --error-state says, and not retried",
     ["-U", "{U}", "-r", "rp-all-success~so-es", "--error-state", "CRITICAL", "--retries", "2"], 3,
     err("rp-all-success~so-es", SETUP_FAILED % ("CURLOPT_NOSIGNAL", "not built into this libcurl", 4)),
     env=setopt_refused("CURLOPT_NOSIGNAL"), max_time=1.5,
     checks=[requests_seen("rp-all-success~so-es", 0)])
case("a refused -vvv trace option is UNKNOWN too",
     ["-U", "{U}", "-r", "rp-all-success~so-v", "-vvv"], 3,
     err("rp-all-success~so-v", SETUP_FAILED % ("CURLOPT_DEBUGFUNCTION", "not built into this libcurl", 4)),
     env=setopt_refused("CURLOPT_DEBUGFUNCTION"), checks=[requests_seen("rp-all-success~so-v", 0)])
case("the setopt shim passes everything else through",
     ["-U", "{S}", "-r", "rp-all-success~so-none", "--ca-cert", "{ca}", "--follow"], 0,
     ok3("rp-all-success~so-none"), env=setopt_refused("CURLOPT_NOPROXY"))

# --- TLS ------------------------------------------------------------------------------

case("TLS without --ca-cert fails (self-signed CA)", ["-U", "{S}", "-r", "rp-all-success"], 3,
     err("rp-all-success", "TLS error: SSL certificate problem: unable to get local issuer certificate"))
case("TLS with --ca-cert", ["-U", "{S}", "-r", "rp-all-success", "--ca-cert", "{ca}"], 0,
     ok3("rp-all-success"))
case("TLS by host name localhost", ["-U", "https://localhost:{https}", "-r", "rp-all-success",
                                    "--ca-cert", "{ca}"], 0, ok3("rp-all-success"))
case("TLS via -H -p -S", ["-H", "127.0.0.1", "-p", "{https}", "-S", "-r", "rp-all-success",
                          "--ca-cert", "{ca}"], 0, ok3("rp-all-success"))
case("TLS with an unrelated --ca-cert", ["-U", "{S}", "-r", "rp-all-success",
                                         "--ca-cert", "{certs}/other-ca.crt"], 3,
     err("rp-all-success", "TLS error: SSL certificate problem: unable to get local issuer certificate"))
case("TLS --ca-cert file missing", ["-U", "{S}", "-r", "rp-all-success", "--ca-cert", "{tmp}/none.crt"], 3,
     err("rp-all-success", "TLS error: cannot load CA certificates from {tmp}/none.crt"))
case("TLS --ca-cert that holds no certificate",
     ["-U", "{S}", "-r", "rp-all-success", "--ca-cert", "{certs}/server.key"], 3,
     err("rp-all-success", "TLS error: cannot load CA certificates from {certs}/server.key"))
# libcurl 8.x names an IP address as such ("target ipv4 address").
case("TLS wrong host name", ["-U", "https://127.0.0.1:{https_wronghost}", "-r", "rp-all-success",
                             "--ca-cert", "{ca}"], 3,
     r"PRECHECK UNKNOWN - rp-all-success: TLS error: SSL: no alternative certificate subject name "
     r"matches target (host name|ipv4 address) '127\.0\.0\.1' \| time=T;;;0\n", regex=True,
     why="libcurl's own words: 8.x names an IP address as such")
case("TLS wrong host name with --insecure", ["-U", "https://127.0.0.1:{https_wronghost}", "-r",
                                             "rp-all-success", "--insecure"], 0, ok3("rp-all-success"))
case("TLS expired certificate", ["-U", "https://127.0.0.1:{https_expired}", "-r", "rp-all-success",
                                 "--ca-cert", "{ca}"], 3,
     err("rp-all-success", "TLS error: SSL certificate problem: certificate has expired"))
case("TLS expired certificate with --insecure", ["-U", "https://127.0.0.1:{https_expired}", "-r",
                                                 "rp-all-success", "--insecure"], 0, ok3("rp-all-success"))
case("TLS client certificate required, none given",
     ["-U", "https://127.0.0.1:{https_clientcert}", "-r", "rp-all-success", "--ca-cert", "{ca}"], 3,
     r"PRECHECK UNKNOWN - rp-all-success: TLS error: 127\.0\.0\.1 port {https_clientcert} ended the "
     r"connection after the TLS handshake \(client certificate required\?\): [^|\n]+ \| time=T;;;0\n",
     regex=True,
     why="after the plugin's words comes libcurl's and OpenSSL's text for the server's alert "
     "(or for the reset that ends it), which names their versions")
case("TLS client certificate with -J/-K",
     ["-U", "https://127.0.0.1:{https_clientcert}", "-r", "rp-all-success~cc", "--ca-cert", "{ca}",
      "-J", "{certs}/client.crt", "-K", "{certs}/client.key"], 0, ok3("rp-all-success~cc"),
     checks=[logged("rp-all-success~cc", "client_cert", "commonName=precheck-client")])
case("TLS client certificate without its key",
     ["-U", "https://127.0.0.1:{https_clientcert}", "-r", "rp-all-success", "--ca-cert", "{ca}",
      "-J", "{certs}/client.crt"], 3,
     err("rp-all-success", "TLS error: unable to set private key file: '{certs}/client.crt' type PEM"))

# --- --file and standard input ----------------------------------------------------------

case("--file with the doc example", ["-f", "{tmp}/doc.json", "-r", "rp-div0qqpbffio"], 2, DOC_OUT)
case("-f - reads standard input", ["-f", "-", "-r", "rp-div0qqpbffio"], 2, DOC_OUT, stdin=sc.DOC_EXAMPLE)
case("-f - with special characters", ["-f", "-", "-r", "rp-nul"], 2,
     head("CRITICAL", "rp-nul", "1 failed of 1 item: NUL check", perf(1, 0, 0, 1)) +
     "[CRITICAL] NUL check (nulCheck): before after\n", stdin=sc.body_for("rp-nul"))
case("-f - on a standard input that never ends: the watchdog answers",
     ["-f", "-", "-r", "rp-x", "-t", "2"], 3, err("rp-x", TIMEOUT2), stdin=HOLD_STDIN, max_time=3)

# --- the time budget covers reading options and secrets --------------------------------

EARLY2 = "timeout: options and secret files not read within 2 s"
# A file on a hung network mount: tests/integration/hang-open.c makes
# stat() and open() of one path block for good.
def hang(path):
    return {"LD_PRELOAD": "{hang_shim}", "PRECHECK_TEST_HANG_PATH": path}


case("--token-file on a hung mount: the watchdog answers after -t",
     ["-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}/token", "-t", "2"], 3,
     err("rp-x", EARLY2), max_time=3, min_time=1.9, env=hang("{tmp}/token"))
case("--token-file on a hung mount: the timeout state of -t applies",
     ["-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}/token", "-t", "2:CRITICAL"], 2,
     err("rp-x", EARLY2, "CRITICAL"), max_time=3, min_time=1.9, env=hang("{tmp}/token"))
case("--token-file on a hung mount: -t from an options file applies too",
     ["--extra-opts=t2@{tmp}/opts-t2.ini", "-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}/token"],
     3, err("rp-x", EARLY2), max_time=3, min_time=1.9, env=hang("{tmp}/token"))
case("--secret-key-file on a hung mount: the watchdog answers after -t",
     ["-U", "{U}", "-r", "rp-x", "--access-key-id", "AK", "--secret-key-file", "{tmp}/token",
      "-t", "2"], 3, err("rp-x", EARLY2), max_time=3, min_time=1.9, env=hang("{tmp}/token"))
case("--extra-opts file on a hung mount: the default budget, before -t is known",
     ["--extra-opts=@{tmp}/opts-t2.ini", "-U", "{U}", "-r", "rp-x", "-t", "2"], 3,
     "PRECHECK UNKNOWN - timeout: options and secret files not read within 10 s | time=T;;;0\n",
     max_time=11, min_time=9.8, env=hang("{tmp}/opts-t2.ini"))
# A FIFO is refused before it is opened: nothing can block on it.
case("--token-file that is a FIFO is refused at once",
     ["-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}/fifo", "-t", "2"], 3,
     "PRECHECK UNKNOWN - --token-file {tmp}/fifo is a FIFO (named pipe), not a regular file\n",
     max_time=1)
case("--extra-opts file that is a FIFO is refused at once",
     ["--extra-opts=@{tmp}/fifo", "-U", "{U}", "-r", "rp-x"], 3,
     usage("options file {tmp}/fifo is a FIFO (named pipe), not a regular file"), max_time=1)
case("--token-file that is a directory", ["-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}"], 3,
     "PRECHECK UNKNOWN - --token-file {tmp} is a directory, not a file\n")
case("--token-file that is empty", ["-U", "{U}", "-r", "rp-x", "--token-file", "{tmp}/empty.json"],
     3, "PRECHECK UNKNOWN - --token-file {tmp}/empty.json is empty\n")
case("--extra-opts file that is empty", ["--extra-opts=@{tmp}/empty.json", "-U", "{U}", "-r", "rp-x"],
     3, usage("options file {tmp}/empty.json is empty"))
case("--file that is a directory", ["-f", "{tmp}", "-r", "rp-x"], 3,
     err("rp-x", "cannot read response file: {tmp}: read error"))
case("--file that does not exist", ["-f", "{tmp}/missing.json", "-r", "rp-x"], 3,
     err("rp-x", "cannot read response file: {tmp}/missing.json: No such file or directory"))
case("--file that is empty", ["-f", "{tmp}/empty.json", "-r", "rp-x"], 3,
     err("rp-x", "invalid response: empty body"))
case("-f - with empty standard input", ["-f", "-", "-r", "rp-x"], 3,
     err("rp-x", "invalid response: empty body"), stdin=b"")

# --- usage errors ------------------------------------------------------------------------

case("usage: no arguments", [], 3, usage("one of --url, --hostname or --file is required"))
case("usage: no target", ["-r", "x"], 3, usage("one of --url, --hostname or --file is required"))
case("usage: no replication id", ["-U", "{U}"], 3, usage("--replication-id is required"))
case("usage: empty replication id", ["-U", "{U}", "-r", ""], 3, usage("--replication-id is required"))
case("usage: replication id too long", ["-U", "{U}", "-r", "a" * 300], 3,
     usage("--replication-id is longer than 256 characters"))
case("usage: two targets", ["-U", "{U}", "-H", "h", "-r", "x"], 3,
     usage("use only one of --url, --hostname and --file"))
case("upper-case URL scheme HTTP://", ["-U", "HTTP://127.0.0.1:{http}", "-r", "rp-all-success"], 0,
     ok3("rp-all-success"))
case("mixed-case URL scheme HtTpS:// with --ca-cert",
     ["-U", "HtTpS://127.0.0.1:{https}", "-r", "rp-all-success", "--ca-cert", "{ca}"], 0,
     ok3("rp-all-success"))
case("usage: non-http URL", ["-U", "ftp://h/", "-r", "x"], 3,
     usage("--url must start with http:// or https://"))
case("usage: -t 0", ["-U", "{U}", "-r", "x", "-t", "0"], 3,
     usage("--timeout must be SECONDS[:STATE] with SECONDS > 0, not '0'"))
case("usage: -t with a bad state", ["-U", "{U}", "-r", "x", "-t", "2:BAD"], 3,
     usage("--timeout must be SECONDS[:STATE] with SECONDS > 0, not '2:BAD'"))
case("usage: -t without a value", ["-U", "{U}", "-r", "x", "-t"], 3, usage("option -t needs a value"))
case("usage: --map without a state", ["-U", "{U}", "-r", "x", "--map", "foo"], 3,
     usage("--map must be VALUE=STATE with STATE OK, WARNING, CRITICAL, UNKNOWN or 0-3, not 'foo'"))
case("usage: --max-message 5", ["-U", "{U}", "-r", "x", "--max-message", "5"], 3,
     usage("--max-message must be 0 (no limit) or 16 to 65536 bytes, not '5'"))
case("usage: --retries 11", ["-U", "{U}", "-r", "x", "--retries", "11"], 3,
     usage("--retries must be a number from 0 to 10, not '11'"))
case("usage: --max-size 0", ["-U", "{U}", "-r", "x", "--max-size", "0"], 3,
     usage("--max-size must be BYTES[K\u00a6M\u00a6G] between 1 and 4G, not '0'"))
case("usage: unexpected argument", ["-U", "{U}", "-r", "x", "extra"], 3,
     usage("unexpected argument in position 5 (not an option or an option's value)"))
case("usage: unknown option", ["-U", "{U}", "-r", "x", "-Z"], 3, usage("unknown option -Z"))
case("usage: unknown option first in a cluster", ["-U", "{U}", "-r", "x", "-Zv"], 3,
     usage("unknown option -Z"))
case("usage: unknown option inside a cluster after a long option with a value",
     ["-r", "x", "--url={U}", "-vvZ"], 3, usage("unknown option -Z"))
case("usage: unknown option in a cluster after --token VALUE is not blamed on it",
     ["-U", "{U}", "-r", "x", "--token", sc.BEARER_TOKEN, "-vZ"], 3, usage("unknown option -Z"),
     secrets=ALL_SECRETS)
case("usage: --port without --hostname", ["-p", "80", "-U", "{U}", "-r", "x"], 3,
     usage("--port and --ssl go with --hostname; put them into --url instead"))
case("usage: --insecure with --ca-cert", ["-U", "{S}", "-r", "x", "--insecure", "--ca-cert", "{ca}"], 3,
     usage("--insecure and --ca-cert contradict each other"))
case("usage: -K without -J", ["-U", "{S}", "-r", "x", "-K", "{certs}/client.key"], 3,
     usage("--private-key needs --client-cert"))
case("usage: bad --token-header", ["-U", "{U}", "-r", "x", "--token-header", "X API"], 3,
     usage("--token-header must be a header name such as X-API-Key"))
case("usage: -k without a colon", ["-U", "{U}", "-r", "x", "-k", "nocolon"], 3,
     usage("--header must be 'Name: value' on one line"))
case("usage: -a without a colon", ["-U", "{U}", "-r", "x", "-a", "justuser"], 3,
     usage("--authorization must be USER:PASSWORD"))
# {versions}: the libcurl, json-c and OpenSSL the plugin runs with, as the
# runner asks the same shared libraries.
case("--version", ["-V"], 3, "check_replication_precheck {package_version} ({versions})\n")
case("--help", ["-h"], 3, expected_file("precheck-help.txt"))

# --- the demo API (contrib/demo) --------------------------------------------------------

DEMO = "http://127.0.0.1:{demo}"
# The demo, like the service, answers every request with a random requestId
# of 32 characters: it becomes DEMO-ID.
DEMO_REQUEST_ID = (re.compile(r"\(requestId [A-Za-z0-9_-]{32}\)"), "(requestId DEMO-ID)")
# The demo's AccessKey, shipped beside it (DEMO ONLY).
DEMO_SIGN = ["--access-key-id", "demo-only-akid-0000",
             "--secret-key-file", "{demodir}/demo-only.secret-key"]
case("demo API: rp-demo-ok", ["-U", DEMO, "-r", "rp-demo-ok"] + DEMO_SIGN, 0,
     head("OK", "rp-demo-ok", "all 9 items passed", perf(9, 9)))
case("demo API: rp-demo-warning", ["-U", DEMO, "-r", "rp-demo-warning"] + DEMO_SIGN, 1,
     head("WARNING", "rp-demo-warning", "1 warning of 9 items: Primary key check", perf(9, 8, 1)) +
     "[WARNING] Primary key check (primaryKeyCheck): 2 tables without a primary key or unique "
     "key: shop.audit_log, shop.tmp_import; replication of them is slower\n")
case("demo API: rp-demo-failure", ["-U", DEMO, "-r", "rp-demo-failure"] + DEMO_SIGN, 2,
     head("CRITICAL", "rp-demo-failure", "2 failed, 1 warning of 9 items: Source datasource "
          "connection check, Source binary log check, Target disk space check", perf(9, 6, 1, 2)) +
     "[CRITICAL] Source datasource connection check (srcDataSourceCheck): Failed to connect "
     "datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out\n"
     "[CRITICAL] Source binary log check (srcBinlogCheck): binlog_format is STATEMENT, ROW is "
     "required\n"
     "[WARNING] Target disk space check (dstSpaceCheck): 38 GB free on the target, the initial "
     "load needs about 35 GB\n")
case("demo API: unknown task", ["-U", DEMO, "-r", "rp-demo-nope"] + DEMO_SIGN, 3,
     err("rp-demo-nope", "HTTP 404 Not Found: replication rp-demo-nope not found (requestId "
         "DEMO-ID)"), normalise=[DEMO_REQUEST_ID])
case("demo API: an unsigned request is refused", ["-U", DEMO, "-r", "rp-demo-ok"], 3,
     err("rp-demo-ok", "HTTP 401 Unauthorized: missing access-key-id, timestamp or signature "
         "header - check the credentials (requestId DEMO-ID)"), normalise=[DEMO_REQUEST_ID])
case("demo API: a wrong secret is refused",
     ["-U", DEMO, "-r", "rp-demo-ok", "--access-key-id", "demo-only-akid-0000",
      "--secret-key", "not-the-demo-secret"], 3,
     err("rp-demo-ok", "HTTP 401 Unauthorized: signature mismatch - the signature was not "
         "accepted: check the secret key (requestId DEMO-ID)"), normalise=[DEMO_REQUEST_ID])

# The signing, status-plugin and output-format cases live in files of their
# own; they join CASES here.
import cases_signing  # noqa: E402,F401
import cases_status  # noqa: E402,F401
import cases_formats  # noqa: E402,F401
import cases_endings  # noqa: E402,F401
import cases_tasks  # noqa: E402,F401


# --- no '|' beyond line 1's perfdata separator, in every case ---------------------------


def no_pipe_beyond_perfdata(env, r):
    """A monitoring core takes everything after a '|' as perfdata: only the
    separator on line 1 may hold one."""
    lines = r.stdout.decode("utf-8", "replace").split("\n")
    bad = ["line %d holds '|': %r" % (i + 1, l[:120]) for i, l in enumerate(lines[1:], 1)
           if "|" in l]
    if lines and lines[0].count("|") > 1:
        bad.append("line 1 holds more than one '|': %r" % lines[0][:200])
    return bad


# Checkmk joins its metrics with '|' by design; the rule is the Nagios line's.
for _c in CASES:
    if _c.fmt == "nagios":
        _c.checks = _c.checks + (no_pipe_beyond_perfdata,)
