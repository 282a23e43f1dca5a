#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""readme-copy.py - the copy of README, HACKING and doc/*.md, checked
against the code, as options-documented.sh checks --help against the man
pages. TAP, one line per check:

  - README is at most 300 lines, and its quick start starts within the
    first 40 (with the line ./demo);
  - the two commands: README holds "./demo" and "./run-tests" as lines of
    their own, both are executable, and .ci/run ends in "exec ./run-tests";
  - every option a plugin command in these files passes exists in that
    plugin's --help; every other --option they name is an option of some
    plugin, or of the tool the ALLOWED table names (whose own text or usage
    must hold it);
  - every path under contrib/, doc/, bench/ or tests/ they name exists
    (<x> and * as wildcards);
  - every environment variable HACKING and doc/*.md name in backquotes
    occurs in the tree's scripts and makefiles;
  - the -V table: each row has the package version; the Debian 12 row is
    what the built plugin prints, checked on Debian 12 only (a TAP SKIP
    elsewhere); the other two plugins print the same libraries;
  - the states table: every status value it maps is mapped so by the
    plugins (an answer with that value through -f -), and the "on its way"
    values are reported as transient;
  - every "$ check_replication_..." example of README is run: against the
    demo API (contrib/demo/demo-api.py; http://127.0.0.1:8080 and, for the
    output ./demo prints, http://127.0.0.1:PORT and its secret file), or
    against the test server (https://ninedata.example.com, the README's
    AccessKey of tests/server/ndsign.py), and must print exactly what README
    shows, the measured time aside, with the exit code it shows ("$ echo $?",
    "(exit code N)") or, where it shows none, the state its output names;
    the commands shown as ./demo's output are commands the demo script
    prints; and there is an example of each output format.

Environment: abs_top_srcdir, PLUGIN, STATUS_PLUGIN, TASKS_PLUGIN,
PACKAGE_VERSION (tests/ecosystem/Makefile.am sets them), DEBIAN_VERSION_FILE
(default /etc/debian_version, for testing the skip). A plugin that is not
built fails the checks that need it; nothing but the Debian 12 row is ever
skipped.
"""

import glob
import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.environ.get("abs_top_srcdir") or os.path.dirname(os.path.dirname(HERE))
BUILD = os.environ.get("abs_top_builddir") or os.path.abspath(os.path.join(os.getcwd(), "..", ".."))
PLUGINS = {
    "check_replication_precheck": os.environ.get("PLUGIN") or
    os.path.join(BUILD, "plugins", "check_replication_precheck"),
    "check_replication_status": os.environ.get("STATUS_PLUGIN") or
    os.path.join(BUILD, "plugins", "check_replication_status"),
    "check_replication_tasks": os.environ.get("TASKS_PLUGIN") or
    os.path.join(BUILD, "plugins", "check_replication_tasks"),
}
PYTHON = os.environ.get("PYTHON3") or sys.executable
if PYTHON in ("", "no"):
    PYTHON = sys.executable


def version_of_package():
    v = os.environ.get("PACKAGE_VERSION")
    if v:
        return v
    with open(os.path.join(SRC, "configure.ac"), encoding="utf-8") as f:
        m = re.search(r"AC_INIT\(\[[^]]*\], *\[([^]]*)\]", f.read())
    return m.group(1) if m else "?"


PACKAGE_VERSION = version_of_package()

# Options that are not plugin options, and where each comes from: the file
# whose text must hold it, or a command whose output (usage) must.
ALLOWED = {
    "--quick": ("cmd", ["./run-tests", "--no-such-flag"]),
    "--debian11": ("cmd", ["./run-tests", "--no-such-flag"]),
    "--debian13": ("cmd", ["./run-tests", "--no-such-flag"]),
    "--tests": ("file", "contrib/install-build-deps.sh"),
    "--enable-werror": ("file", "configure.ac"),
    "--enable-sanitizers": ("file", "configure.ac"),
    "--with-plugindir": ("file", "configure.ac"),
    "--libexecdir": ("autoconf", None),
    "--prefix": ("autoconf", None),
    "--docdir": ("autoconf", None),
    "--port": ("file", "contrib/demo/demo-api.py"),
    "--ports-file": ("file", "contrib/demo/demo-api.py"),
    "--unsigned": ("file", "contrib/demo/demo-api.py"),
    "--host": ("file", "contrib/icinga2/replication-tasks-to-icinga2"),
    "--format": ("file", "contrib/icinga2/replication-tasks-to-icinga2"),
    "--import": ("file", "contrib/icinga2/replication-tasks-to-icinga2"),
    "--allow-empty": ("file", "contrib/icinga2/replication-tasks-to-icinga2"),
    "--collector.textfile.directory": ("file", "tests/ecosystem/prometheus-textfile.sh"),
    "--tasks-plugin": ("file", "bench/run-bench-fleet"),
    "--status-plugin": ("file", "bench/run-bench-fleet"),
    "--nodeps": ("tool", "rpmbuild"),
    "--without": ("file", "contrib/rpm/check_replication_precheck.spec"),
    "--variant": ("file", "tests/chroot/run.sh"),
    "--parallel-max": ("file", "bench/run-bench-fleet"),
    "--name": ("tool", "icinga2 object list"),
}

DOC_FILES = ["README", "HACKING"] + sorted(
    os.path.relpath(p, SRC) for p in glob.glob(os.path.join(SRC, "doc", "*.md")))

results = []          # (ok, description, diagnostics, skip reason)


def ok(cond, desc, diag=(), skip=None):
    results.append((bool(cond), desc, list(diag), skip))


def read(rel):
    with open(os.path.join(SRC, rel), encoding="utf-8") as f:
        return f.read()


def child_env():
    env = {k: v for k, v in os.environ.items()
           if not k.lower().endswith("_proxy") and k not in ("NINEDATA_API_KEY",
                                                              "NINEDATA_SECRET_KEY",
                                                              "REPLICATION_API_TOKEN",
                                                              "MP_CONFIG_FILE")}
    env["LC_ALL"] = "C.UTF-8"
    env["PYTHONDONTWRITEBYTECODE"] = "1"     # nothing written into the source tree
    dirs = []
    for p in PLUGINS.values():
        d = os.path.dirname(p)
        if d not in dirs:
            dirs.append(d)
    env["PATH"] = os.pathsep.join(dirs + [os.environ.get("PATH", "/usr/bin:/bin")])
    return env


ENV = child_env()


def run(argv, stdin=None, shell=False, timeout=30):
    try:
        p = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, cwd=SRC, env=ENV, shell=shell,
                           timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, "", str(e)


# ------------------------------------------------------------------ --help

def help_options(name):
    """The options of a plugin's --help: '--long' and '-x' (None: not built)."""
    path = PLUGINS[name]
    if not os.access(path, os.X_OK):
        return None
    rc, out, _ = run([path, "--help"])
    opts = set()
    for line in out.splitlines():
        if re.match(r"^ {1,2}-", line):
            opts.update(re.findall(r"(?<![\w-])(--?[A-Za-z0-9][A-Za-z0-9-]*)", line))
    return opts


HELP = {name: help_options(name) for name in PLUGINS}
UNION = set().union(*(h for h in HELP.values() if h))


def option_names(tokens):
    """Option names among argv words: '--a=b' as '--a', '-vv' as '-v'."""
    names = []
    for t in tokens:
        if t.startswith("--") and len(t) > 2:
            names.append(t.split("=", 1)[0])
        elif re.match(r"^-[A-Za-z0-9]", t):
            names.append(t[:2])
    return names


PLUGIN_RE = re.compile(r"(?:^|[\s`(/])(check_replication_(?:precheck|status|tasks))(?![\w(.-])")
END_OF_COMMAND = {"|", "||", "&&", ";", ">", "<", "&", "2>&1"}


def plugin_commands(text):
    """(line number, plugin, argv words) of each plugin command line in text:
    in code (indented) lines, continuation lines joined, and in `spans`."""
    lines = text.split("\n")
    found = []
    i = 0
    while i < len(lines):
        line = lines[i]
        start = i
        if line.startswith("    "):
            while line.endswith("\\") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + " " + lines[i].strip()
            chunks = [line]
        else:
            chunks = re.findall(r"`([^`]+)`", line)
        for chunk in chunks:
            for m in PLUGIN_RE.finditer(chunk):
                rest = chunk[m.end():]
                try:
                    words = shlex.split(rest, posix=True)
                except ValueError:
                    words = rest.split()
                argv = []
                for w in words:
                    if w in END_OF_COMMAND or w.startswith(("|", ">", "#")):
                        break
                    argv.append(w)
                found.append((start + 1, m.group(1), argv))
        i += 1
    return found


def allowed_source_has(opt):
    kind, what = ALLOWED[opt]
    if kind == "file":
        return opt in read(what)
    if kind == "cmd":
        _, out, err = run(what)
        return opt in out + err
    return True      # autoconf's and other tools' own options


def check_options():
    for rel in DOC_FILES:
        text = read(rel)
        bad = []
        n = 0
        spans = set()
        for lineno, name, argv in plugin_commands(text):
            have = HELP[name]
            if have is None:
                bad.append("line %d: %s is not built" % (lineno, name))
                continue
            for o in option_names(argv):
                n += 1
                spans.add(o)
                if o not in have:
                    bad.append("line %d: %s has no option %s" % (lineno, name, o))
        # Everything else: every --long in the text, and the short options
        # of `spans` that start with one.
        for lineno, line in enumerate(text.split("\n"), 1):
            for o in re.findall(r"(?<![\w-])(--[A-Za-z][A-Za-z0-9.-]*[A-Za-z0-9])", line):
                n += 1
                if o in UNION:
                    continue
                if o in ALLOWED:
                    if not allowed_source_has(o):
                        bad.append("line %d: %s is not in %s" % (lineno, o, ALLOWED[o][1]))
                    continue
                bad.append("line %d: %s is no option of the plugins' --help (nor a known tool's)"
                           % (lineno, o))
            for span in re.findall(r"`([^`]+)`", line):
                if not re.match(r"^-[A-Za-z](?:v*)(?:[ =]|$)", span):
                    continue
                for o in option_names(span.split()):
                    n += 1
                    if o not in UNION:
                        bad.append("line %d: %s is no option of the plugins' --help" % (lineno, o))
        ok(not bad and n > 0,
           "%s: every option it names is in --help (of the plugin it is passed to), "
           "or a known tool's (%d mentions)" % (rel, n), bad)


# ------------------------------------------------------------------ paths

PATH_RE = re.compile(r"(?<![\w./$-])((?:contrib|doc|bench|tests)/[\w.*<>/+-]*)")


def check_paths():
    for rel in DOC_FILES:
        text = read(rel)
        bad, seen = [], set()
        for lineno, line in enumerate(text.split("\n"), 1):
            for p in PATH_RE.findall(line):
                p = p.rstrip(".,:;")
                if p in seen:
                    continue
                seen.add(p)
                pattern = re.sub(r"<[^>]*>", "*", p)
                full = os.path.join(SRC, pattern)
                if "*" in pattern:
                    if not glob.glob(full):
                        bad.append("line %d: %s matches nothing" % (lineno, p))
                elif not os.path.exists(full):
                    bad.append("line %d: %s does not exist" % (lineno, p))
        ok(not bad and (seen or rel != "README"),
           "%s: every path under contrib/, doc/, bench/, tests/ it names exists (%d)"
           % (rel, len(seen)), bad)


def tree_text():
    parts = []
    for pat in ("run-tests", "demo", ".ci/run", "configure.ac", "Makefile.am", "*/Makefile.am",
                "*/*/Makefile.am", "tests/*/*.sh", "tests/*/*.py", "tests/valgrind-run.sh",
                "bench/run-*", "contrib/*.sh", "contrib/rpm/*.spec", "contrib/debian/rules", "contrib/checkmk/replication_tasks",
                "contrib/icinga2/replication-tasks-to-icinga2", "plugins/*/*.c"):
        for p in glob.glob(os.path.join(SRC, pat)):
            if os.path.isfile(p):
                with open(p, encoding="utf-8", errors="replace") as f:
                    parts.append(f.read())
    return "\n".join(parts)


def check_variables():
    tree = tree_text()
    for rel in DOC_FILES:
        if rel == "README":
            continue
        text = read(rel)
        names = sorted(set(re.findall(r"`\$?([A-Z][A-Z0-9]*_[A-Z0-9_]+)(?:=[^`]*)?`", text)))
        bad = [v for v in names if not re.search(r"(?<![A-Z0-9_])%s(?![A-Z0-9_])" % v, tree)]
        ok(not bad, "%s: every environment variable it names is used by the tree (%d)"
           % (rel, len(names)), ["not found: " + v for v in bad])


# ------------------------------------------------------------- the commands

def check_commands(readme):
    lines = readme.split("\n")
    ok(len(lines) - (1 if readme.endswith("\n") else 0) <= 300,
       "README is at most 300 lines (%d)" % (len(lines) - 1))
    qs = [i + 1 for i, l in enumerate(lines[:-1])
          if l.strip() == "Quick start" and re.match(r"^-{3,}$", lines[i + 1])]
    demo = [i + 1 for i, l in enumerate(lines) if l == "    ./demo"]
    ok(qs and qs[0] <= 40 and demo and demo[0] <= 40,
       "README: the quick start starts within the first 40 lines (heading at %s, ./demo at %s)"
       % (qs[:1] or "none", demo[:1] or "none"))
    tests = [i + 1 for i, l in enumerate(lines) if l == "    ./run-tests"]
    exe = all(os.access(os.path.join(SRC, f), os.X_OK) for f in ("demo", "run-tests"))
    ok(demo and tests and exe,
       "README has the two commands ./demo and ./run-tests as lines of their own, both executable")
    ci = [l.strip() for l in read(".ci/run").split("\n") if l.strip() and not l.startswith("#")]
    ok(ci and ci[-1] == "exec ./run-tests", ".ci/run ends in 'exec ./run-tests' (the README's command)",
       ["last command: %r" % (ci[-1] if ci else None)])


# ------------------------------------------------------------- -V table

def check_versions(readme):
    rows = dict(re.findall(r"^\| Debian (\d+) +\| `([^`]+)` *\|$", readme, re.M))
    want = re.compile(r"^check_replication_precheck %s \(libcurl [0-9.]+, json-c [0-9.]+, OpenSSL .+\)$"
                      % re.escape(PACKAGE_VERSION))
    bad = ["Debian %s: %r" % (r, v) for r, v in sorted(rows.items()) if not want.match(v)]
    ok(set(rows) >= {"11", "12", "13"} and not bad,
       "README -V table: rows for Debian 11, 12 and 13, each of version %s" % PACKAGE_VERSION,
       bad + ["rows: %s" % sorted(rows)])
    outs = {}
    for name, path in PLUGINS.items():
        rc, out, _ = run([path, "-V"]) if os.access(path, os.X_OK) else (None, "", "")
        outs[name] = (rc, out.split("\n")[0])
    pre = outs["check_replication_precheck"][1]
    tails = {n: o[len(n):] for n, (rc, o) in outs.items() if o.startswith(n + " ")}
    ok(len(tails) == 3 and len(set(tails.values())) == 1 and
       all(rc == 3 for rc, _ in outs.values()),
       "the three plugins' -V name the same version and libraries (README: 'the other two alike')",
       ["%s: exit %s, %r" % (n, rc, o) for n, (rc, o) in outs.items()])
    vfile = os.environ.get("DEBIAN_VERSION_FILE", "/etc/debian_version")
    try:
        with open(vfile) as f:
            debian = f.read().strip()
    except OSError:
        debian = ""
    desc = "README -V table: the Debian 12 row is what the built plugin prints (OpenSSL: its series)"
    if not re.match(r"^12(\.|$)", debian):
        ok(True, desc, skip="not Debian 12 (%s says %r)" % (vfile, debian))
    else:
        # OpenSSL's point release and build date move with Debian's
        # security updates (libcurl's and json-c's version strings do not):
        # its major.minor series is compared, the rest exactly.
        def series(v):
            return re.sub(r"(OpenSSL \d+\.\d+)[^)]*", r"\1", v or "")
        ok(series(rows.get("12")) == series(pre), desc + " (%r)" % pre,
           ["README: %r" % rows.get("12"), "plugin: %r" % pre])


# ------------------------------------------------------------- states table

STATE_CODES = {"OK": 0, "WARNING": 1, "CRITICAL": 2, "UNKNOWN": 3}


def check_states(readme):
    m = re.search(r"^States\n-+\n\n((?:\|.*\n)+)", readme, re.M)
    rows = []
    if m:
        for line in m.group(1).split("\n"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 4 and cells[0] in STATE_CODES:
                rows.append(cells)
    codes_ok = len(rows) == 4 and all(c[1] == str(STATE_CODES[c[0]]) for c in rows)
    ok(codes_ok, "README states table: OK, WARNING, CRITICAL, UNKNOWN with exit codes 0 to 3",
       [" | ".join(c[:2]) for c in rows])
    bodies = {
        "check_replication_precheck": (2, '{"success":true,"data":{"replicationId":"rp-readme",'
                                       '"precheckStatus":%s,"items":[]}}'),
        "check_replication_status": (3, '{"success":true,"data":{"replicationId":"rp-readme",'
                                     '"status":%s,"currentSubTaskType":"full","subTaskList":[]}}'),
    }
    for name, (col, body) in bodies.items():
        bad, n = [], 0
        path = PLUGINS[name]
        if not os.access(path, os.X_OK):
            ok(False, "README states table, %s column: %s not built" % (name, path))
            continue
        for cells in rows:
            if len(cells) <= col:
                continue
            cell = cells[col]
            transient_from = cell.find("on its way:")
            for vm in re.finditer(r"`([A-Za-z][A-Za-z_]*)`", cell):
                value = vm.group(1)
                n += 1
                rc, out, _ = run([path, "-f", "-", "-r", "rp-readme"],
                                 stdin=(body % json.dumps(value)).encode())
                if rc != STATE_CODES[cells[0]]:
                    bad.append("%s: exit %s, the table says %s" % (value, rc, cells[0]))
                transient = "(transient)" in out.split("\n")[0]
                if (transient_from >= 0 and vm.start() > transient_from) != transient:
                    bad.append("%s: transient in the output: %s" % (value, transient))
        ok(n >= 4 and not bad,
           "README states table, %s column: every status value maps to its row (%d values)"
           % (name, n), bad)


# ------------------------------------------------------------- examples

NUM = r"[0-9]+(?:\.[0-9]+)?"
TIME_PATTERNS = [
    (re.compile(r"time=%ss" % NUM), "time=Ts"),
    (re.compile(r'"label":"time","value":%s,' % NUM), '"label":"time","value":T,'),
    (re.compile(r"(_duration_seconds(?:\{[^}\n]*\})?) %s(?=\n|$)" % NUM), r"\1 T"),
    (re.compile(r"(?<=[ |])time=%s;" % NUM), "time=T;"),
]


def normalise(text):
    for rx, repl in TIME_PATTERNS:
        text = rx.sub(repl, text)
    return text


def stated_exit(cmd, output):
    """The exit code the output itself names, or None."""
    fmt = "nagios"
    m = re.search(r"--output-format[= ](\w+)", cmd)
    if m:
        fmt = m.group(1)
    lines = [l for l in output.split("\n") if l]
    if not lines:
        return None
    if fmt == "json":
        try:
            return json.loads(lines[0]).get("exit_code")
        except ValueError:
            return None
    if fmt == "checkmk":
        m = re.match(r"^(\d) ", lines[-1])
        return int(m.group(1)) if m else None
    if fmt == "prometheus":
        m = re.search(r"^replication_(?:tasks|precheck|status)_state(?:\{[^}]*\})? (\d)$",
                      output, re.M)
        return int(m.group(1)) if m else None
    m = re.match(r"^(?:PRECHECK|REPLICATION) (OK|WARNING|CRITICAL|UNKNOWN) ", lines[0])
    return STATE_CODES[m.group(1)] if m else None


def example_blocks(readme):
    """Runnable examples: (line, command, expected output, exit code shown)."""
    lines = readme.split("\n")
    blocks, i = [], 0
    while i < len(lines):
        if re.match(r"^ {4,}\$ ", lines[i]):
            start = i
            while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
                i += 1
            blocks.append((start, lines[start:i]))
        else:
            i += 1
    examples = []
    for start, block in blocks:
        j = 0
        while j < len(block):
            text = block[j].strip()
            if not text.startswith("$ "):
                j += 1
                continue
            lineno = start + j + 1
            cmd = text[2:]
            while cmd.endswith("\\") and j + 1 < len(block):
                j += 1
                cmd = cmd[:-1] + " " + block[j].strip()
            j += 1
            out = []
            while j < len(block) and not block[j].strip().startswith("$ "):
                out.append(block[j].strip())
                j += 1
            rc = None
            if out and re.match(r"^\(exit code \d\)$", out[-1]):
                rc = int(out.pop()[11])
            if j < len(block) and block[j].strip() == "$ echo $?":
                rc = int(block[j + 1].strip()) if j + 1 < len(block) else -1
                j += 2
            examples.append((lineno, cmd, "\n".join(out) + ("\n" if out else ""), rc))
    return examples


def demo_commands():
    """The commands ./demo prints, as it prints them (PORT, its secret file)."""
    text = read("demo")
    cmds = []
    loop = None
    for line in text.split("\n"):
        m = re.match(r"^for id in (.*); do$", line.strip())
        if m:
            loop = m.group(1).split()
            continue
        if line.strip() == "done":
            loop = None
        m = re.match(r'^\s*echo "\\\$ (.*)"$', line)
        if m:
            for rid in loop or [None]:
                c = m.group(1).replace("$url", "http://127.0.0.1:PORT")
                c = c.replace("$akid", read("contrib/demo/demo-only.access-key-id").strip())
                c = c.replace("$secret", "/tmp/tmp.XXXXXXXXXX/demo.secret")
                if rid:
                    c = c.replace("$id", rid)
                cmds.append(c)
    return cmds


class Server:
    def __init__(self, argv, work, name):
        self.ports = os.path.join(work, name + ".ports")
        self.log = open(os.path.join(work, name + ".log"), "w")
        self.proc = subprocess.Popen(argv + ["--ports-file", self.ports, "--max-lifetime", "300",
                                             "--exit-with-parent"],
                                     stdout=self.log, stderr=subprocess.STDOUT, cwd=SRC, env=ENV)
        self.port = None
        for _ in range(200):
            if os.path.exists(self.ports) and os.path.getsize(self.ports):
                with open(self.ports) as f:
                    self.port = json.load(f).get("http")
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.log.close()


def check_examples(readme):
    work = tempfile.mkdtemp(prefix="readme-copy.")
    servers = []
    try:
        demo = Server([PYTHON, "contrib/demo/demo-api.py"], work, "demo")
        servers.append(demo)
        sys.path.insert(0, os.path.join(SRC, "tests", "server"))
        sys.dont_write_bytecode = True
        import ndsign  # the test server's keys
        ts = Server([PYTHON, "tests/server/testserver.py", "--http"], work, "testserver")
        servers.append(ts)
        secret = os.path.join(work, "demo.secret")
        shutil.copyfile(os.path.join(SRC, "contrib/demo/demo-only.secret-key"), secret)
        os.chmod(secret, 0o600)
        nd_secret = os.path.join(work, "ninedata.secret")
        with open(nd_secret, "w") as f:
            f.write(ndsign.README_SECRET + "\n")
        os.chmod(nd_secret, 0o600)
        ok(demo.port and ts.port, "the demo API and the test server are up (ports %s, %s)"
           % (demo.port, ts.port))
        subst = [
            ("http://127.0.0.1:PORT", "http://127.0.0.1:%s" % demo.port),
            ("/tmp/tmp.XXXXXXXXXX/demo.secret", secret),
            ("http://127.0.0.1:8080", "http://127.0.0.1:%s" % demo.port),
            ("https://ninedata.example.com", "http://127.0.0.1:%s%s" % (ts.port, ndsign.STRICT_PREFIX)),
            ("/etc/nagios/ninedata.secret", nd_secret),
        ]
        shown_by_demo = demo_commands()
        formats, n_demo, n_real = set(), 0, 0
        for lineno, cmd, want, rc_shown in example_blocks(readme):
            if cmd.startswith("python3 contrib/demo/demo-api.py"):
                continue
            if cmd == "./demo":
                continue
            short = re.sub(r" --access-key-id \S+ --secret-key-file \S+", " ...", cmd)
            desc = "README line %d: `%s` prints what README shows" % (lineno, short[:150])
            m = PLUGIN_RE.match(" " + cmd)
            hosts = [a for a, _ in subst if a in cmd and a.startswith("http")]
            if not m or not hosts:
                ok(False, desc, ["not a plugin command against the demo API or the test server"])
                continue
            problems = []
            if "127.0.0.1:PORT" in cmd:
                n_demo += 1
                if cmd not in shown_by_demo:
                    problems.append("./demo prints no such command; it prints:")
                    problems += ["  " + c for c in shown_by_demo]
            if "ninedata.example.com" in cmd:
                n_real += 1
            real = cmd
            for a, b in subst:
                real = real.replace(a, b)
            fm = re.search(r"--output-format[= ](\w+)", cmd)
            formats.add(fm.group(1) if fm else "nagios")
            rc, out, err = run(real, shell=True)
            if normalise(out) != normalise(want):
                problems.append("output differs; README:")
                problems += ["  " + l for l in want.split("\n")]
                problems.append("plugin (exit %s):" % rc)
                problems += ["  " + l for l in out.split("\n")]
                problems += ["  stderr: " + l for l in err.split("\n") if l][:5]
            implied = stated_exit(cmd, want)
            if rc_shown is None and implied is None:
                problems.append("README shows no exit code and its output names no state")
            for shown, how in ((rc_shown, "README shows"), (implied, "its output names")):
                if shown is not None and shown != rc:
                    problems.append("exit %s, %s %s" % (rc, how, shown))
            ok(not problems, desc + " (exit %s)" % rc, problems)
        ok(formats >= {"nagios", "json", "prometheus", "checkmk"} and n_demo >= 1 and n_real >= 1,
           "README has runnable examples of ./demo's output (%d), of the quick start's real "
           "command (%d) and of every output format (%s)" % (n_demo, n_real, ", ".join(sorted(formats))))
    finally:
        for s in servers:
            s.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    for rel in list(DOC_FILES):
        if not os.path.isfile(os.path.join(SRC, rel)):
            ok(False, "%s exists" % rel)
            DOC_FILES.remove(rel)
    readme = read("README")
    check_commands(readme)
    check_options()
    check_paths()
    check_variables()
    check_versions(readme)
    check_states(readme)
    check_examples(readme)
    print("1..%d" % len(results))
    for n, (good, desc, diag, skip) in enumerate(results, 1):
        if skip:
            print("ok %d - %s # SKIP %s" % (n, desc, skip))
            continue
        print("%s %d - %s" % ("ok" if good else "not ok", n, desc))
        if not good:
            for d in diag[:60]:
                print("# " + d)
    return 0


if __name__ == "__main__":
    sys.exit(main())
