# SPDX-License-Identifier: GPL-3.0-or-later
"""cases_signing.py - NineData AccessKey signing, end to end: every secret
source, gateway prefixes and --path, retries and redirects, each kind of
refusal, clock skew both ways, and no secret or signature in any output.

Every request the plugin signs is verified twice: by the test server as it
answers (ndsign.verify), and again here from the request log, so a case
also fails when the server accepted something it should not have.
"""

import json
import os
import re
import shlex

import ndsign
from cases import DOC_OUT, EP, OK3_LINES, T, case, err, head, ok3, requests_seen, usage

AK, SK = ndsign.ACCESS_KEY_ID, ndsign.SECRET_KEY
SIGN = ["--access-key-id", AK, "--secret-key-file", "{tmp}/nd-secret"]
SECRETS = (SK, ndsign.DISABLED_SECRET, "wrong-secret-key-123")


def prepare(env):
    t = env.tmp

    def write(name, text, mode=0o600):
        path = os.path.join(t, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
    write("nd-secret", SK + "\n")
    write("nd-secret-world", SK + "\n", 0o644)
    write("nd-secret-empty", "")
    write("nd-disabled-secret", ndsign.DISABLED_SECRET + "\n")
    write("nd-wrong-secret", "wrong-secret-key-123\n")
    write("readme.secret", ndsign.README_SECRET + "\n")
    write("nd.ini", "[nd-file]\naccess-key-id = %s\nsecret-key-file = %s/nd-secret\n"
                    "\n[nd-inline]\naccess-key-id = %s\nsecret-key = %s\n" % (AK, t, AK, SK))
    os.mkdir(os.path.join(t, "nd-secret-dir"))
    os.mkfifo(os.path.join(t, "nd-secret-fifo"))


def _headers(e):
    return {k.lower(): v for k, v in e["headers"]}


def signed_ok(rid, n=None, listener=None, offset=0, under=""):
    """Every request for rid (whose path starts with under) carried a
    signature that verifies, computed here from the log; n: how many
    requests there must be."""
    def check(env, r):
        reqs = [e for e in env.requests(rid, listener) if e["path"].startswith(under)]
        problems = []
        if not reqs or (n is not None and len(reqs) != n):
            return ["server saw %d requests for %r, expected %s" % (len(reqs), rid, n or "some")]
        for e in reqs:
            why = ndsign.verify(_headers(e), e["path"], e["t"] + offset)
            if why:
                problems.append("request %s: signature does not verify (%s)" % (e["path"], why))
        return problems
    return check


def fresh_signatures(rid):
    """Each request of a retry or redirect carries its own signature."""
    def check(env, r):
        sigs = [_headers(e).get("signature") for e in env.requests(rid)]
        if len(sigs) < 2 or len(set(sigs)) != len(sigs):
            return ["signatures were not fresh per request: %r" % sigs]
    return check


def fresh_timestamps(rid):
    def check(env, r):
        stamps = [_headers(e).get("timestamp") for e in env.requests(rid)]
        if len(stamps) < 2 or len(set(stamps)) != len(stamps):
            return ["timestamps were not fresh per attempt: %r" % stamps]
    return check


def unsigned_at(rid, listener):
    def check(env, r):
        reqs = env.requests(rid, listener)
        if not reqs:
            return ["no request for %r reached %s" % (rid, listener)]
        leaked = [k for e in reqs for k in _headers(e)
                  if k in ("access-key-id", "timestamp", "signature")]
        if leaked:
            return ["%s received signing headers: %r" % (listener, leaked)]
    return check


def no_signature_in_output(rid):
    """No signature value sent for rid appears on stdout or stderr."""
    def check(env, r):
        problems = []
        sigs = [_headers(e).get("signature") for e in env.requests(rid)]
        for s in filter(None, sigs):
            for name, text in (("stdout", r.stdout), ("stderr", r.stderr)):
                if s.encode() in text:
                    problems.append("signature %s... appears in %s" % (s[:12], name))
        return problems
    return check


def stderr_has(pattern):
    def check(env, r):
        text = r.stderr.decode("utf-8", "replace")
        if not re.search(pattern, text):
            return ["stderr lacks /%s/" % pattern]
    return check


def asked_clock(listener):
    def check(env, r):
        with open(env.log_path, encoding="utf-8") as f:
            seen = [json.loads(line) for line in f]
        if not any(e["path"].endswith("/openapi/now") and e["listener"] == listener
                   for e in seen):
            return ["no GET /openapi/now reached %s" % listener]
    return check


def refused(rid, text, request_id=None):
    return err(rid, text + (" (requestId %s)" % request_id if request_id else ""))


# --- each source of the secret, and the ID ------------------------------------------

case("signing: secret from --secret-key-file", ["-U", "{U}", "-r", "rp-nd-ok~file"] + SIGN, 0,
     ok3("rp-nd-ok~file"), checks=[signed_ok("rp-nd-ok~file", 1)], secrets=SECRETS)
case("signing: ID and secret from $NINEDATA_API_KEY and $NINEDATA_SECRET_KEY",
     ["-U", "{U}", "-r", "rp-nd-ok~env"], 0, ok3("rp-nd-ok~env"),
     env={"NINEDATA_API_KEY": AK, "NINEDATA_SECRET_KEY": SK},
     checks=[signed_ok("rp-nd-ok~env", 1)], secrets=SECRETS)
case("signing: secret-key-file= in an --extra-opts file",
     ["-U", "{U}", "-r", "rp-nd-ok~inif", "--extra-opts=nd-file@{tmp}/nd.ini"], 0,
     ok3("rp-nd-ok~inif"), checks=[signed_ok("rp-nd-ok~inif", 1)], secrets=SECRETS)
case("signing: secret-key= in an --extra-opts file",
     ["-U", "{U}", "-r", "rp-nd-ok~inii", "--extra-opts=nd-inline@{tmp}/nd.ini"], 0,
     ok3("rp-nd-ok~inii"), checks=[signed_ok("rp-nd-ok~inii", 1)], secrets=SECRETS)
case("signing: secret from --secret-key on the command line",
     ["-U", "{U}", "-r", "rp-nd-ok~argv", "--access-key-id", AK, "--secret-key", SK], 0,
     ok3("rp-nd-ok~argv"), checks=[signed_ok("rp-nd-ok~argv", 1)], secrets=SECRETS)
case("signing: the file wins over the environment and the command line",
     ["-U", "{U}", "-r", "rp-nd-ok~prec", "--secret-key", "wrong-secret-key-123"] + SIGN, 0,
     ok3("rp-nd-ok~prec"), env={"NINEDATA_SECRET_KEY": "wrong-secret-key-123"},
     checks=[signed_ok("rp-nd-ok~prec", 1)], secrets=SECRETS)
case("signing: --access-key-id wins over $NINEDATA_API_KEY",
     ["-U", "{U}", "-r", "rp-nd-ok~idprec"] + SIGN, 0, ok3("rp-nd-ok~idprec"),
     env={"NINEDATA_API_KEY": "nd-unknown-akid"}, checks=[signed_ok("rp-nd-ok~idprec", 1)])
case("signing: the documented example answer, signed, is CRITICAL",
     ["-U", "{U}", "-r", "rp-nd-doc"] + SIGN, 2,
     head("CRITICAL", "rp-nd-doc", "1 failed of 2 items: Source datasource connection check",
          "items=2;;;0 success=1;;;0 warning=0;;;0 failure=1;;;0 unknown=0;;;0 ignored=0;;;0 " + T) +
     "[CRITICAL] Source datasource connection check (srcDataSourceCheck): Failed to connect "
     "datasource hzyh-ce-gaussdb: root@123.60.66.55:8000:0 Caused by: Connection timed out\n",
     checks=[signed_ok("rp-nd-doc", 1)])

# --- what is signed: the API path, never the prefix or the query --------------------------

for prefix in ("/nd", "/gw/nd"):
    rid = "rp-nd-ok~p" + prefix.replace("/", "-")
    case("signing: base URL with the prefix %s signs the API path only" % prefix,
         ["-U", "{U}" + prefix, "-r", rid] + SIGN, 0, ok3(rid),
         checks=[signed_ok(rid, 1), requests_seen(rid, 1)])
case("signing: the base URL's query is not signed",
     ["-U", "{U}/nd?tenant=t1", "-r", "rp-nd-ok~q"] + SIGN, 0, ok3("rp-nd-ok~q"),
     checks=[signed_ok("rp-nd-ok~q", 1)])
case("signing: --path is what gets signed",
     ["-U", "{U}", "--path", "/custom/precheck", "-r", "rp-nd-ok~path"] + SIGN, 0,
     ok3("rp-nd-ok~path"), checks=[signed_ok("rp-nd-ok~path", 1)])
case("signing: --path under a gateway prefix",
     ["-U", "{U}/nd", "--path", "/openapi/v2/replication/precheck/status", "-r", "rp-nd-ok~pp"]
     + SIGN, 0, ok3("rp-nd-ok~pp"), checks=[signed_ok("rp-nd-ok~pp", 1)])
case("signing: -H/-p build the same signed request",
     ["-H", "127.0.0.1", "-p", "{http}", "-r", "rp-nd-ok~H"] + SIGN, 0, ok3("rp-nd-ok~H"),
     checks=[signed_ok("rp-nd-ok~H", 1)])
case("signing: https", ["-U", "{S}", "--ca-cert", "{ca}", "-r", "rp-nd-ok~tls"] + SIGN, 0,
     ok3("rp-nd-ok~tls"), checks=[signed_ok("rp-nd-ok~tls", 1, "https")])
case("signing: accepted within the service's 10 min window",
     ["-U", "{U}", "-r", "rp-nd-near"] + SIGN, 0, ok3("rp-nd-near"),
     checks=[signed_ok("rp-nd-near", 1, offset=300)])

# --- retries and redirects are signed afresh ------------------------------------------

case("signing: a retry gets a fresh timestamp and signature",
     ["-U", "{U}", "-r", "rp-nd-retry~a", "--retries", "1"] + SIGN, 0,
     head("OK", "rp-nd-retry~a", "all 3 items passed",
          "items=3;;;0 success=3;;;0 warning=0;;;0 failure=0;;;0 unknown=0;;;0 ignored=0;;;0 " + T),
     checks=[signed_ok("rp-nd-retry~a", 2), fresh_timestamps("rp-nd-retry~a"),
             fresh_signatures("rp-nd-retry~a")], min_time=1.0)
case("signing: a same-origin redirect is signed for its new path",
     ["-U", "{U}", "-r", "rp-nd-redirect-same~a", "--follow"] + SIGN, 0,
     ok3("rp-nd-redirect-same~a"),
     checks=[signed_ok("rp-nd-redirect-same~a", 2), fresh_signatures("rp-nd-redirect-same~a")])
case("signing: a redirect to another origin carries no signing headers",
     ["-U", "{U}", "-r", "rp-nd-redirect-cross~a", "--follow"] + SIGN, 0,
     ok3("rp-nd-redirect-cross~a"),
     checks=[signed_ok("rp-nd-redirect-cross~a", 1, "http"),
             unsigned_at("rp-nd-redirect-cross~a", "http2")])
case("signing: a redirect not followed says where it points",
     ["-U", "{U}", "-r", "rp-nd-redirect-cross~nf"] + SIGN, 3,
     err("rp-nd-redirect-cross~nf", "HTTP 302 Found: redirect to http://127.0.0.1:{http2}" + EP +
         "?replicationId=rp-nd-redirect-cross~nf not followed (see --follow)"),
     checks=[requests_seen("rp-nd-redirect-cross~nf", 0, "http2")])

# --- refusals: what to fix ---------------------------------------------------------------

KEY_HINT = (" - the AccessKey ID is unknown or disabled: check --access-key-id and that the"
            " AccessKey is enabled in the NineData console")
case("refused: unknown AccessKey ID (401)",
     ["-U", "{U}", "-r", "rp-nd-ok~unk", "--access-key-id", "nd-unknown-akid",
      "--secret-key-file", "{tmp}/nd-secret"], 3,
     refused("rp-nd-ok~unk", "HTTP 401 Unauthorized: invalid access key id" + KEY_HINT,
             "req-nd-401"), secrets=SECRETS)
case("refused: disabled AccessKey (403)",
     ["-U", "{U}", "-r", "rp-nd-403~dis", "--access-key-id", ndsign.DISABLED_ID,
      "--secret-key-file", "{tmp}/nd-disabled-secret"], 3,
     refused("rp-nd-403~dis", "HTTP 403 Forbidden: access key is disabled" + KEY_HINT,
             "req-nd-403"), secrets=SECRETS)
case("refused: wrong secret, as a 200 with success:false",
     ["-U", "{U}", "-r", "rp-nd-200~sig", "--access-key-id", AK,
      "--secret-key-file", "{tmp}/nd-wrong-secret"], 3,
     refused("rp-nd-200~sig", "API error: signature mismatch - the signature was not accepted:"
             " check the secret key", "req-nd-200"), secrets=SECRETS)
case("refused: wrong secret, as a 403",
     ["-U", "{U}", "-r", "rp-nd-403~sig", "--access-key-id", AK,
      "--secret-key-file", "{tmp}/nd-wrong-secret"], 3,
     refused("rp-nd-403~sig", "HTTP 403 Forbidden: signature mismatch - the signature was not"
             " accepted: check the secret key", "req-nd-403"), secrets=SECRETS)
case("refused: a bare 401 says what to check",
     ["-U", "{U}", "-r", "rp-nd-empty~sig", "--access-key-id", AK,
      "--secret-key-file", "{tmp}/nd-wrong-secret"], 3,
     refused("rp-nd-empty~sig", "HTTP 401 Unauthorized - the signed request was refused: check"
             " the AccessKey ID, the secret key and the local clock"), secrets=SECRETS)
case("refused: the service's clock is 15 min ahead of ours",
     ["-U", "{U}", "-r", "rp-nd-ahead"] + SIGN, 3,
     refused("rp-nd-ahead", "HTTP 401 Unauthorized: request timestamp expired - local clock is"
             " 15 min behind the service (it accepts 10 min): synchronise it", "req-nd-401"))
case("refused: the service's clock is 25 min behind ours",
     ["-U", "{U}", "-r", "rp-nd-behind"] + SIGN, 3,
     refused("rp-nd-behind", "API error: request timestamp expired - local clock is 25 min"
             " ahead of the service (it accepts 10 min): synchronise it", "req-nd-200"))
case("refused: no Date header, so the clock is read from GET /openapi/now",
     ["-U", "{UN}", "-r", "rp-nd-ok~nodate"] + SIGN, 3,
     refused("rp-nd-ok~nodate", "HTTP 401 Unauthorized: request timestamp expired - local clock"
             " is 15 min behind the service (it accepts 10 min): synchronise it", "req-nd-401"),
     checks=[asked_clock("nodate")])
case("refused: an unsigned request to the signing service",
     ["-U", "{U}", "-r", "rp-nd-ok~unsigned"], 3,
     refused("rp-nd-ok~unsigned", "HTTP 401 Unauthorized: missing access-key-id, timestamp or"
             " signature header - check the credentials", "req-nd-401"))
case("refused: with --error-state CRITICAL",
     ["-U", "{U}", "-r", "rp-nd-ok~es", "--error-state", "CRITICAL", "--access-key-id",
      "nd-unknown-akid", "--secret-key-file", "{tmp}/nd-secret"], 2,
     err("rp-nd-ok~es", "HTTP 401 Unauthorized: invalid access key id" + KEY_HINT +
         " (requestId req-nd-401)", state="CRITICAL"))

# --- usage: half an AccessKey, bad files -----------------------------------------------

case("usage: an AccessKey ID without its secret",
     ["-U", "{U}", "-r", "rp-nd-ok", "--access-key-id", AK], 3,
     usage("the AccessKey ID needs its secret: give --secret-key-file, $NINEDATA_SECRET_KEY"
           " or --secret-key"))
case("usage: a secret without an AccessKey ID",
     ["-U", "{U}", "-r", "rp-nd-ok", "--secret-key-file", "{tmp}/nd-secret"], 3,
     usage("a secret key was given (--secret-key-file) but no AccessKey ID: add"
           " --access-key-id or $NINEDATA_API_KEY"))
case("usage: $NINEDATA_SECRET_KEY without an AccessKey ID",
     ["-U", "{U}", "-r", "rp-nd-ok"], 3,
     usage("a secret key was given ($NINEDATA_SECRET_KEY) but no AccessKey ID: add"
           " --access-key-id or $NINEDATA_API_KEY"), env={"NINEDATA_SECRET_KEY": SK},
     secrets=SECRETS)
for kind, name, what in (("a directory", "nd-secret-dir", "is a directory, not a file"),
                         ("a FIFO", "nd-secret-fifo", "is a FIFO (named pipe), not a regular file"),
                         ("empty", "nd-secret-empty", "is empty")):
    case("secret key file that is %s" % kind,
         ["-U", "{U}", "-r", "rp-nd-ok", "--access-key-id", AK, "--secret-key-file",
          "{tmp}/" + name], 3,
         "PRECHECK UNKNOWN - --secret-key-file {tmp}/%s %s\n" % (name, what), max_time=2)
case("secret key file readable by others: a warning at -v",
     ["-U", "{U}", "-r", "rp-nd-ok~world", "--access-key-id", AK, "--secret-key-file",
      "{tmp}/nd-secret-world", "-v"], 0, ok3("rp-nd-ok~world") + OK3_LINES,
     stderr="warning: secret key file {tmp}/nd-secret-world is readable by group or others\n")

# --- neither the secret nor any signature reaches an output ------------------------------

for level in ("-v", "-vv", "-vvv"):
    rid = "rp-nd-ok~v%d" % len(level)
    case("no secret or signature in output at %s: signed request" % level,
         ["-U", "{U}", "-r", rid, level] + SIGN, 0, ok3(rid) + OK3_LINES,
         secrets=SECRETS, checks=[no_signature_in_output(rid)])
    rid = "rp-nd-echo~v%d" % len(level)
    case("no secret or signature in output at %s: a service that quotes the signature" % level,
         ["-U", "{U}", "-r", rid, level] + SIGN, 3,
         refused(rid, "HTTP 401 Unauthorized: signature <redacted> does not match - the"
                 " signature was not accepted: check the secret key", "req-nd-401"),
         secrets=SECRETS, checks=[no_signature_in_output(rid)])
case("no signature in the -vvv trace: a WWW-Authenticate header that quotes it",
     ["-U", "{U}", "-r", "rp-nd-echo-www", "-vvv"] + SIGN, 3,
     refused("rp-nd-echo-www", "HTTP 401 Unauthorized - the signed request was refused: check"
             " the AccessKey ID, the secret key and the local clock"),
     secrets=SECRETS, checks=[no_signature_in_output("rp-nd-echo-www"),
                              stderr_has(r"< WWW-Authenticate: NineData error=\"signature "
                                         r"<redacted> does not match\"")])
case("-vv shows the string that was signed, with the secret as <secret>",
     ["-U", "{U}/nd", "-r", "rp-nd-ok~vv", "-vv"] + SIGN, 0, ok3("rp-nd-ok~vv") + OK3_LINES,
     secrets=SECRETS,
     checks=[stderr_has(r"\* signing /openapi/v1/replication/precheck/status \(AccessKey ID "
                        + re.escape(AK) + r"\): sha256\(\"/openapi/v1/replication/precheck/"
                        r"status/<secret>&\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\"\)"),
             no_signature_in_output("rp-nd-ok~vv")])


# --- the README's command line, as an operator would paste it -----------------------

def readme_command():
    """The quick start's step 3, the command against NineData's OpenAPI, with
    the example host and secret path replaced by the test server's and a
    scratch file (tests/ecosystem/readme-copy.py also runs it, output and
    all)."""
    readme = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "README")
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"^ +\$ (check_replication_precheck -U https://ninedata\.example\.com"
                  r"[^\n]*\\\n(?: +[^\n$]*\\\n)* +[^\n]*\n)", text, re.M)
    if not m:
        return None
    words = shlex.split(m.group(1).replace("\\\n", " "))
    if not words or words[0] != "check_replication_precheck":
        return None
    return [{"https://ninedata.example.com": "{U}" + ndsign.STRICT_PREFIX,
             "/etc/nagios/ninedata.secret": "{tmp}/readme.secret"}.get(w, w) for w in words[1:]]


README_ARGS = readme_command()
case("README: the NineData command line works against the signing server",
     README_ARGS or ["--readme-example-not-found"], 2 if README_ARGS else -1,
     DOC_OUT if README_ARGS else "",
     checks=[signed_ok("rp-div0qqpbffio", 1, under=ndsign.STRICT_PREFIX + "/")])


def sent_headers(rid, names):
    def check(env, r):
        reqs = env.requests(rid)
        if not reqs:
            return ["no request for %r" % rid]
        missing = [n for n in names if n not in _headers(reqs[0])]
        return ["not sent: %r" % missing] if missing else []
    return check


case("signing with gateway credentials on top: bearer token and an extra header",
     ["-U", "{U}/gw", "-r", "rp-nd-ok~gw", "--token-file", "{tmp}/token",
      "-k", "X-Gateway-Secret: hdr-S3cr3t-Custom-c0de"] + SIGN, 0, ok3("rp-nd-ok~gw"),
     checks=[signed_ok("rp-nd-ok~gw", 1),
             sent_headers("rp-nd-ok~gw", ["authorization", "x-gateway-secret", "access-key-id",
                                          "timestamp", "signature"])],
     secrets=SECRETS + ("hdr-S3cr3t-Custom-c0de",))
