# SPDX-License-Identifier: GPL-3.0-or-later
"""ndsign.py - the test server's side of NineData's AccessKey signing, as
authentication.md describes it, computed independently of the plugin (with
Python's hashlib).

A request is signed with three headers: access-key-id, timestamp
(YYYY-MM-DDTHH:MM:SSZ, UTC) and signature = sha256_hex(path + "/" + secret +
"&" + timestamp). The path is the API path: the test deployment's gateway
prefixes (GATEWAY_PREFIXES) are taken off first, as a gateway in front of
the service would, and the query string is never part of it.
"""

import calendar
import hashlib
import re
import time

# The AccessKeys the test service knows. Distinctive, so tests can grep
# output for the secret.
ACCESS_KEY_ID = "nd-test-akid-0001"
SECRET_KEY = "nd-S3cr3t-SecretKey-5a7e"
DISABLED_ID = "nd-disabled-akid-0002"
DISABLED_SECRET = "nd-S3cr3t-Disabled-77b1"
# The AccessKey ID of the README's example command line.
README_ID = "AKIDexample0000"
README_SECRET = "nd-S3cr3t-Readme-0c4f"
KEYS = {ACCESS_KEY_ID: SECRET_KEY, DISABLED_ID: DISABLED_SECRET, README_ID: README_SECRET}
DISABLED = {DISABLED_ID}

# The service's window for the timestamp, seconds.
TOLERANCE = 600

# Where the test gateways mount the API (base URLs {U}/nd, {U}/gw/nd).
# Under STRICT_PREFIX every request must be signed, whatever the scenario.
STRICT_PREFIX = "/nd-strict"
GATEWAY_PREFIXES = ("/gw/nd", "/nd", "/gw", STRICT_PREFIX)

TIMESTAMP_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")

# Why a request was refused, and the words the test service uses for it.
MESSAGES = {
    "missing": "missing access-key-id, timestamp or signature header",
    "unknown_id": "invalid access key id",
    "disabled": "access key is disabled",
    "timestamp": "request timestamp expired",
    "signature": "signature mismatch",
}


def signed_path(path):
    for prefix in GATEWAY_PREFIXES:
        if path.startswith(prefix + "/"):
            return path[len(prefix):]
    return path


def signature(path, secret, timestamp):
    return hashlib.sha256(("%s/%s&%s" % (path, secret, timestamp)).encode()).hexdigest()


def verify(hdr, path, now):
    """None when the request is signed as documented, else a MESSAGES key.
    hdr: lower-case header names; now: the service's clock (epoch)."""
    akid, ts, sig = hdr.get("access-key-id"), hdr.get("timestamp"), hdr.get("signature")
    if not akid or not ts or not sig:
        return "missing"
    if akid not in KEYS:
        return "unknown_id"
    if akid in DISABLED:
        return "disabled"
    if not TIMESTAMP_RE.match(ts):
        return "timestamp"
    sent = calendar.timegm(time.strptime(ts, "%Y-%m-%dT%H:%M:%SZ"))
    if abs(sent - now) > TOLERANCE:
        return "timestamp"
    if sig != signature(signed_path(path), KEYS[akid], ts):
        return "signature"
    return None
