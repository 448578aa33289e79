"""Driver for scripts/bench: cogsh against boto3 and the AWS CLI, side by side.

Run through scripts/bench (which builds cogsh in release mode and runs this file with the
venv's python). Starts its own loopback endpoints (nginx answering {}, moto, and the
throttling server in throttle_server.py), runs the peers alternately, prints one markdown
table per section and writes them into docs/BENCHMARKS.md between the markers.
"""
import argparse
import atexit
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, ".venv", "bin")
PY = os.path.join(VENV, "python")
AWS = os.path.join(VENV, "aws")
DOC = os.path.join(ROOT, "docs", "BENCHMARKS.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
POOL, USER = "us-east-1_Example1", "alice"
QUOTA = 25.0

children = []
TMP = tempfile.mkdtemp(prefix="cogsh-bench.")


def cleanup():
    for p in reversed(children):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
    for p in children:
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
    shutil.rmtree(TMP, ignore_errors=True)


atexit.register(cleanup)
for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, lambda s, f: sys.exit(128 + s))


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"bench: {what} exited with {proc.returncode} while starting")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"bench: {what} did not listen on port {port} within {timeout}s")


def spawn(cmd, name, env=None):
    out = open(os.path.join(TMP, f"{name}.log"), "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         env=env, start_new_session=True)
    children.append(p)
    return p


def bench_env():
    env = {k: v for k, v in os.environ.items()
           if not (k.startswith("AWS_") or k in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy",
                                                 "http_proxy", "LUA_INIT", "LUA_INIT_5_4"))}
    env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
               AWS_REGION="us-east-1", AWS_DEFAULT_REGION="us-east-1",
               AWS_CONFIG_FILE=os.path.join(TMP, "no-config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(TMP, "no-credentials"),
               AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1,localhost")
    return env


ENV = bench_env()


# ---------------------------------------------------------------- endpoints

def start_nginx():
    port = free_port()
    with open(os.path.join(HERE, "nginx.conf.template")) as f:
        conf = f.read().replace("@TMP@", TMP).replace("@PORT@", str(port))
    path = os.path.join(TMP, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    p = spawn([nginx, "-p", TMP, "-c", path, "-e", os.path.join(TMP, "nginx-error.log")], "nginx")
    wait_port(port, p, "nginx")
    return f"http://127.0.0.1:{port}"


def start_moto():
    port = free_port()
    p = spawn([os.path.join(VENV, "moto_server"), "-H", "127.0.0.1", "-p", str(port)], "moto", ENV)
    wait_port(port, p, "moto_server", timeout=120)
    url = f"http://127.0.0.1:{port}"
    import boto3
    c = boto3.client("cognito-idp", endpoint_url=url, region_name="us-east-1",
                     aws_access_key_id="testing", aws_secret_access_key="testing")
    pool = c.create_user_pool(PoolName="bench")["UserPool"]["Id"]
    c.admin_create_user(UserPoolId=pool, Username=USER, MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}])
    return url, pool


def start_throttle():
    port = free_port()
    p = spawn([PY, os.path.join(HERE, "throttle_server.py"), str(port), str(QUOTA)], "throttle")
    wait_port(port, p, "throttle_server")
    return f"http://127.0.0.1:{port}"


def throttle_call(url, path, method):
    req = urllib.request.Request(url + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


# ---------------------------------------------------------------- measuring

def stats(xs):
    return statistics.median(xs), min(xs), max(xs)


def hyperfine(cmds, runs, warmup):
    """cmds: list of (label, command string). Returns {label: [seconds...]}."""
    out = os.path.join(TMP, "hyperfine.json")
    argv = ["hyperfine", "-N", "--style", "none", "--runs", str(runs), "--warmup", str(warmup),
            "--export-json", out]
    for label, cmd in cmds:
        argv += ["-n", label, cmd]
    subprocess.run(argv, env=ENV, check=True, stdout=subprocess.DEVNULL)
    with open(out) as f:
        data = json.load(f)
    return {r["command"]: r["times"] for r in data["results"]}


def run_loop(cmd, tag="loop"):
    """Runs a loop script speaking the START/END protocol under /usr/bin/time.
    Returns (loop seconds, peak RSS KiB, counters dict)."""
    rss_file = os.path.join(TMP, f"{tag}.rss")
    err_file = os.path.join(TMP, f"{tag}.err")
    with open(err_file, "w") as err:
        p = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, env=ENV,
                             stdout=subprocess.PIPE, stderr=err, stdin=subprocess.DEVNULL, text=True)
        t0 = t1 = None
        rest = []
        for line in p.stdout:
            line = line.strip()
            if line == "START":
                t0 = time.perf_counter()
            elif line == "END":
                t1 = time.perf_counter()
            else:
                rest.append(line)
        rc = p.wait()
    if rc != 0 or t0 is None or t1 is None:
        with open(err_file) as f:
            sys.exit(f"bench: {' '.join(cmd)} failed (exit {rc}):\n{f.read()[-3000:]}")
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    counters = {}
    for line in rest:
        for k, v in re.findall(r"(\w+)=(\d+)", line):
            counters[k] = int(v)
    return t1 - t0, rss, counters


def timed_process(cmd):
    rss_file = os.path.join(TMP, "rss")
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr.decode()[-3000:]}")
    with open(rss_file) as f:
        return t, int(f.read().split()[-1])


# ---------------------------------------------------------------- formatting

def fnum(x, digits=3):
    if x >= 1000:
        return f"{x:,.0f}"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 1:
        return f"{x:.2f}"
    return f"{x:.{digits}f}"


def frange(med, lo, hi):
    return f"{fnum(med)} ({fnum(lo)}–{fnum(hi)})"


def ratio(a, b):
    return f"{a / b:.3f}" if b else "—"


def table(header, rows):
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------- sections

def section_startup(a, cogsh):
    cmds = [("cogsh -e ''", f"{cogsh} -e ''"),
            ("aws --version", f"{AWS} --version"),
            ("python3 -c 'import boto3'", f"{PY} -c 'import boto3'")]
    res = hyperfine(cmds, a.hf_runs, a.hf_warmup)
    c = statistics.median(res[cmds[0][0]])
    rows = []
    for label, _ in cmds:
        med, lo, hi = stats(res[label])
        rows.append([f"`{label}`", frange(med * 1e3, lo * 1e3, hi * 1e3), len(res[label]),
                     ratio(c, med)])
    aws_med = statistics.median(res[cmds[1][0]])
    a.figures["startup_ms"] = c * 1e3
    a.figures["startup_aws_ratio"] = c / aws_med
    return table(["command", "wall ms, median (min–max)", "runs", "cogsh/peer"], rows)


def section_oneshot(a, cogsh, nginx):
    lua = ('cognito.admin_update_user_attributes{UserPoolId="%s",Username="%s",'
           'UserAttributes={email="alice@example.com",email_verified=true}}' % (POOL, USER))
    cmds = [("cogsh -e (one update)", f"{cogsh} --endpoint-url {nginx} -e '{lua}'"),
            ("aws cognito-idp admin-update-user-attributes",
             f"{AWS} cognito-idp admin-update-user-attributes --endpoint-url {nginx} "
             f"--user-pool-id {POOL} --username {USER} "
             "--user-attributes Name=email,Value=alice@example.com Name=email_verified,Value=true"),
            ("python3 oneshot.py (boto3)", f"{PY} {os.path.join(HERE, 'oneshot.py')} {nginx}")]
    res = hyperfine(cmds, a.hf_runs2, a.hf_warmup)
    c = statistics.median(res[cmds[0][0]])
    rows = []
    for label, _ in cmds:
        med, lo, hi = stats(res[label])
        rows.append([f"`{label}`", frange(med * 1e3, lo * 1e3, hi * 1e3), len(res[label]),
                     ratio(c, med)])
    return table(["command (against nginx)", "wall ms, median (min–max)", "runs", "cogsh/peer"], rows)


# cogsh paces every call under its quota category (25 updates/s); the sequential rows
# measure the cost of a call, so they raise every quota out of reach.
CATEGORIES = ["UserAuthentication", "UserCreation", "UserFederation", "UserAccountRecovery", "UserRead",
              "UserUpdate", "UserToken", "UserResourceRead", "UserResourceUpdate", "UserList", "UserPoolRead",
              "UserPoolUpdate", "UserPoolResourceRead", "UserPoolResourceUpdate", "UserPoolClientRead",
              "UserPoolClientUpdate", "ClientAuthentication", "LimitManagement"]
UNPACED = [arg for c in CATEGORIES for arg in ("--rate", f"{c}=100000")]


def seq_rows(a, cogsh, url, pool, n, runs, label):
    """Alternates cogsh and boto3 runs; returns two rows + the raw medians."""
    lua = [cogsh, "--endpoint-url", url] + UNPACED + [os.path.join(HERE, "seq.lua"), str(n), pool, USER]
    py = [PY, os.path.join(HERE, "seq.py"), str(n), pool, USER, url]
    got = {"cogsh": ([], []), "boto3": ([], [])}
    for _ in range(runs):
        for name, cmd in (("cogsh", lua), ("boto3", py)):
            secs, rss, cnt = run_loop(cmd)
            if cnt.get("failed", 0):
                sys.exit(f"bench: {name} had {cnt['failed']} failed calls against {label}")
            got[name][0].append(n / secs)
            got[name][1].append(rss / 1024)
    rows = []
    c_rate = statistics.median(got["cogsh"][0])
    c_rss = statistics.median(got["cogsh"][1])
    for name in ("cogsh", "boto3"):
        rates, rsss = got[name]
        med, lo, hi = stats(rates)
        rmed, rlo, rhi = stats(rsss)
        rows.append([f"{name} ({'Lua' if name == 'cogsh' else 'Python'} loop)", label, n, runs,
                     frange(med, lo, hi), fnum(1e6 / med), frange(rmed, rlo, rhi),
                     ratio(c_rate, med), ratio(c_rss, rmed)])
    return rows, got


def section_sequential(a, cogsh, nginx, moto):
    rows, got = seq_rows(a, cogsh, nginx, POOL, a.seq_n, a.seq_runs, "nginx")
    c_rate = statistics.median(got["cogsh"][0])
    c_rss = statistics.median(got["cogsh"][1])
    b_rate = statistics.median(got["boto3"][0])
    b_rss = statistics.median(got["boto3"][1])
    a.figures.update(seq_rate=c_rate, seq_boto_rate=b_rate, seq_rss=c_rss, seq_boto_rss=b_rss)
    # The AWS CLI: one process per call, a.cli_n calls, scaled.
    times, rsss = [], []
    cmd = [AWS, "cognito-idp", "admin-update-user-attributes", "--endpoint-url", nginx,
           "--user-pool-id", POOL, "--username", USER,
           "--user-attributes", "Name=email,Value=alice@example.com", "Name=email_verified,Value=true"]
    for _ in range(a.cli_n):
        t, rss = timed_process(cmd)
        times.append(t)
        rsss.append(rss / 1024)
    rates = [1 / t for t in times]
    med, lo, hi = stats(rates)
    rmed, rlo, rhi = stats(rsss)
    rows.append([f"aws CLI (bash-style loop, {a.cli_n} processes, scaled)", "nginx", a.cli_n,
                 f"{a.cli_n} calls", frange(med, lo, hi), fnum(1e6 / med), frange(rmed, rlo, rhi),
                 ratio(c_rate, med), ratio(c_rss, rmed)])
    if moto:
        murl, mpool = moto
        mrows, _ = seq_rows(a, cogsh, murl, mpool, a.moto_n, a.moto_runs, "moto")
        rows += mrows
    return table(["peer", "endpoint", "items", "runs", "calls/s, median (min–max)", "µs/call",
                  "peak RSS MiB, median (min–max)", "cogsh/peer calls/s", "cogsh/peer RSS"], rows)


def section_signing(a, cogsh):
    lua = [cogsh, os.path.join(HERE, "sign.lua"), str(a.sign_n)]
    py = [PY, os.path.join(HERE, "sign.py"), str(a.sign_n_py)]
    got = {"cogsh": [], "boto3": []}
    for _ in range(a.sign_runs):
        for name, cmd, n in (("cogsh", lua, a.sign_n), ("boto3", py, a.sign_n_py)):
            secs, _, _ = run_loop(cmd)
            got[name].append(n / secs)
    c = statistics.median(got["cogsh"])
    a.figures["sign_us"] = 1e6 / c
    rows = []
    for name, label in (("cogsh", "cogsh `aws.sign{...}` in a Lua loop (includes Lua call, argument "
                                  "and result tables)"),
                        ("boto3", "botocore `SigV4Auth.add_auth` (fresh `AWSRequest` each) in a "
                                  "Python loop")):
        med, lo, hi = stats(got[name])
        rows.append([label, a.sign_n if name == "cogsh" else a.sign_n_py, a.sign_runs, frange(med, lo, hi), fnum(1e6 / med), ratio(c, med)])
    return table(["peer", "signatures per run", "runs", "signatures/s, median (min–max)",
                  "µs/signature", "cogsh/peer signatures/s"], rows)


def section_pacing(a, cogsh, throttles):
    """Default: the peers one after another against one server. --quick: all four at once,
    each against its own server (each client is idle-bound at 25 requests/s)."""
    def peers(url):
        return [
            ("cogsh, standard", [cogsh, "--endpoint-url", url, "--retry-mode", "standard",
                                 os.path.join(HERE, "seq.lua"), str(a.pace_n), POOL, USER]),
            ("cogsh, adaptive", [cogsh, "--endpoint-url", url, "--retry-mode", "adaptive",
                                 os.path.join(HERE, "seq.lua"), str(a.pace_n), POOL, USER]),
            ("boto3, standard", [PY, os.path.join(HERE, "seq.py"), str(a.pace_n), POOL, USER, url,
                                 "standard"]),
            ("boto3, adaptive", [PY, os.path.join(HERE, "seq.py"), str(a.pace_n), POOL, USER, url,
                                 "adaptive"]),
        ]
    jobs = [(name, cmd, url) for i, url in enumerate(throttles)
            for j, (name, cmd) in enumerate(peers(url)) if len(throttles) == 1 or i == j]
    results = {}

    def one(i, name, cmd, url):
        throttle_call(url, "/reset", "POST")
        try:
            secs, _, cnt = run_loop(cmd, tag=f"pace{i}")
        except SystemExit as e:  # raised in a thread: report it, main thread exits after join
            log(str(e))
            return
        results[name] = (secs, cnt, throttle_call(url, "/stats", "GET"))
    if len(throttles) == 1:
        for i, (name, cmd, url) in enumerate(jobs):
            log(f"pacing: {name}, {a.pace_n} items")
            one(i, name, cmd, url)
    else:
        import threading
        log(f"pacing: all four peers at once, {a.pace_n} items each, one server each")
        threads = [threading.Thread(target=one, args=(i, *job)) for i, job in enumerate(jobs)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if len(results) != len(jobs):
            sys.exit("bench: a pacing peer failed")
    rows = []
    for name, _, _ in jobs:
        secs, cnt, srv = results[name]
        ok = cnt.get("ok", 0)
        rate = ok / secs
        a.figures[f"pace {name}"] = (rate, cnt.get("failed", 0))
        rows.append([name, a.pace_n, fnum(secs), ok, f"{fnum(rate)} ({rate / QUOTA * 100:.1f} %)",
                     srv["throttled"], cnt.get("failed", 0)])
    ceiling = a.pace_n / ((a.pace_n - QUOTA) / QUOTA)
    return (table(["peer, retry mode", "items", "wall s", "succeeded", f"succeeded/s (% of {QUOTA:.0f})",
                   "throttles received", "failed items"], rows)
            + f"\n\nThe bucket starts full ({QUOTA:.0f} tokens, refilled at {QUOTA:.0f}/s), so a perfect "
              f"client finishes {a.pace_n} items at {ceiling:.1f}/s; throttles are counted by the server; "
              "wall time is the loop alone (client set-up excluded); one run per peer"
              + (", all four peers at once, each against its own server." if len(throttles) > 1
                 else ", one peer after another against one server."))


def start_standin(background=0.0):
    """The Cognito stand-in of the tests: 50 ms answers, the published quotas."""
    port = free_port()
    config = {"latency": 0.05, "users": 1000, "categories": {
        "UserRead": {"rps": 120, "operations": ["AdminGetUser"]},
        "UserUpdate": {"rps": 25, "background": background, "operations": ["AdminUpdateUserAttributes"]},
        "UserList": {"rps": 30, "operations": ["ListUsers"]}}}
    path = os.path.join(TMP, f"standin-{port}.json")
    with open(path, "w") as f:
        json.dump(config, f)
    p = spawn([PY, os.path.join(ROOT, "scripts", "testsupport", "cognito_standin.py"), str(port), path], "standin")
    wait_port(port, p, "cognito_standin")
    return f"http://127.0.0.1:{port}"


def cpu_loop(cmd, tag):
    """run_loop, plus the child's CPU seconds (user + system) from /usr/bin/time."""
    rss_file = os.path.join(TMP, f"{tag}.cpu")
    secs, _, cnt = run_loop(["/usr/bin/time", "-f", "%U %S", "-o", rss_file] + cmd, tag)
    with open(rss_file) as f:
        user, system = (float(x) for x in f.read().split()[-2:])
    return secs, cnt, user + system


def section_bulk(a, cogsh, alone, shared):
    """Bulk reads and updates at the published quotas, 50 ms from the service."""
    jobs = [("reads", "read", a.bulk_reads, 120.0, alone, "alone"),
            ("updates", "update", a.bulk_updates, 25.0, alone, "alone"),
            ("updates", "update", a.bulk_updates, 25.0, shared, "shared: another client takes 10/s")]
    peers = [("cogsh task.map, 16 workers", lambda m, n, url: [cogsh, "--endpoint-url", url,
                                                               os.path.join(HERE, "bulk.lua"), m, str(n), POOL, "16"]),
             ("boto3, 16 threads", lambda m, n, url: [PY, os.path.join(HERE, "bulk.py"), m, str(n), POOL, url, "16"]),
             ("boto3, 32 threads", lambda m, n, url: [PY, os.path.join(HERE, "bulk.py"), m, str(n), POOL, url, "32"])]
    rows = []
    for what, mode, n, quota, url, setting in jobs:
        for name, cmd in peers:
            throttle_call(url, "/__reset", "GET")
            log(f"bulk: {name}, {n} {what}, {setting}")
            secs, cnt, cpu = cpu_loop(cmd(mode, n, url), "bulk")
            srv = throttle_call(url, "/__stats", "GET")
            category = "UserRead" if mode == "read" else "UserUpdate"
            throttles = len(srv["categories"][category]["throttled"])
            lost = cnt.get("failed", 0)
            fraction = n / quota / secs
            if name.startswith("cogsh"):
                a.figures[f"bulk {what} {setting}"] = (fraction, throttles, lost, cpu / n * 1000)
            else:
                a.figures.setdefault(f"bulk boto3 cpu {what} {setting}", []).append(cpu / n * 1000)
            rows.append([name, f"{n} {what}", setting, fnum(secs), f"{fraction * 100:.1f} %", throttles, lost,
                         fnum(cpu / n * 1000)])
    return (table(["peer", "items", "quota", "wall s", "of the quota's pace", "throttles received", "items lost",
                   "CPU s per 1,000 calls"], rows)
            + "\n\nThe stand-in (scripts/testsupport/cognito_standin.py) answers after 50 ms and throttles "
              "what exceeds a token bucket per category (UserRead 120/s, UserUpdate 25/s, each holding one second's "
              "worth). \"Of the quota's pace\": the time the quota allows for the items over the wall time of the job "
              "alone (client set-up excluded); a lost item is one whose call finally failed; throttles are "
              "counted by the stand-in; CPU is the whole client process's, set-up included.")


# ---------------------------------------------------------------- report

def versions(cogsh):
    def out(cmd):
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=60)
            return (r.stdout + r.stderr).strip().splitlines()[0]
        except Exception as e:  # noqa: BLE001
            return f"unknown ({e})"
    import boto3, botocore  # noqa: E401
    try:
        import importlib.metadata as md
        moto_v = md.version("moto")
        cli_v = md.version("awscli")
    except Exception:  # noqa: BLE001
        moto_v = cli_v = "?"
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except Exception:  # noqa: BLE001
        pass
    return {
        "machine": f"{cpu}, {os.cpu_count()} cores, Linux {platform.release()}",
        "cogsh": out([cogsh, "-v"]),
        "swift": out(["swift", "--version"]),
        "python": platform.python_version(),
        "boto3/botocore": f"{boto3.__version__} / {botocore.__version__}",
        "awscli": cli_v,
        "moto": moto_v,
        "nginx": out(["nginx", "-v"]),
        "hyperfine": out(["hyperfine", "--version"]),
    }


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def targets(f):
    out = []

    def line(name, ok, detail):
        out.append(f"- {name}: **{'met' if ok else 'missed'}** — {detail}")
    if "startup_ms" in f:
        r = f["startup_aws_ratio"]
        line("start-up ≤ 1/50 of the AWS CLI and under 8 ms", r <= 1 / 50 and f["startup_ms"] < 8,
             f"{f['startup_ms']:.2f} ms, {r:.4f} of `aws --version` (1/{1 / r:.0f})")
    if "seq_rate" in f:
        rr = f["seq_rate"] / f["seq_boto_rate"]
        mr = f["seq_rss"] / f["seq_boto_rss"]
        line("sequential calls ≥ 5× boto3's rate, peak RSS ≤ 1/3 of boto3's", rr >= 5 and mr <= 1 / 3,
             f"{f['seq_rate']:,.0f} vs {f['seq_boto_rate']:,.0f} calls/s ({rr:.2f}×); "
             f"{f['seq_rss']:.1f} vs {f['seq_boto_rss']:.1f} MiB ({mr:.2f})")
    if "sign_us" in f:
        line("signing ≤ 5 µs", f["sign_us"] <= 5, f"{f['sign_us']:.2f} µs per `aws.sign{{}}` "
             "from Lua (Lua call overhead included)")
    for key in [k for k in f if k.startswith("bulk ") and not k.startswith("bulk boto3")]:
        fraction, throttles, lost, cpu = f[key]
        boto = f.get("bulk boto3 cpu " + key[len("bulk "):], [])
        cheaper = bool(boto) and cpu <= min(boto) / 3
        alone = key.endswith("alone")
        line(f"{key[len('bulk '):]}: " + ("≥ 95 % of the quota, 0 throttles, " if alone else "0 lost, ")
             + "CPU per call ≤ 1/3 of boto3's",
             (fraction >= 0.95 and throttles == 0 if alone else True) and lost == 0 and cheaper,
             f"{fraction * 100:.1f} % of the quota, {throttles} throttles, {lost} lost, {cpu:.2f} CPU s per 1,000 calls"
             + (f" vs boto3's {min(boto):.2f}–{max(boto):.2f}" if boto else ""))
    for mode in ("standard", "adaptive"):
        k = f"pace cogsh, {mode}"
        if k in f:
            rate, failed = f[k]
            line(f"quota pacing ≥ 96 % of 25 requests/s with 0 failed items (cogsh {mode})",
                 rate >= 0.96 * QUOTA and failed == 0,
                 f"{rate:.2f} succeeded/s ({rate / QUOTA * 100:.1f} %), {failed} failed items")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(prog="scripts/bench")
    ap.add_argument("--quick", action="store_true", help="fewer runs and items (under 2 minutes)")
    ap.add_argument("--cogsh", required=True, help="the cogsh binary to measure")
    ap.add_argument("--sections", default="1,2,3,4,5,6", help="comma-separated subset, e.g. 1,4")
    ap.add_argument("--no-doc", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    a = ap.parse_args()
    q = a.quick
    a.hf_runs, a.hf_runs2, a.hf_warmup = (5, 5, 1) if q else (20, 10, 3)
    a.seq_n, a.seq_runs = (500, 3) if q else (2000, 5)
    a.cli_n = 10 if q else 50
    a.moto_n, a.moto_runs = (200, 1) if q else (1000, 3)
    a.sign_n, a.sign_runs = (20_000, 3) if q else (100_000, 5)
    a.sign_n_py = 10_000 if q else 20_000
    a.pace_n = 500 if q else 2000
    a.bulk_reads, a.bulk_updates = (300, 100) if q else (1200, 300)
    a.figures = {}
    sections = {int(s) for s in a.sections.split(",") if s}
    cogsh = os.path.abspath(a.cogsh)

    t_start = time.monotonic()
    load_before = loadavg()
    mode = ("quick (`--quick`): hyperfine 5 runs, 500 sequential items × 3 runs, CLI loop of 10, "
            "moto 200 items × 1 run, 20,000 (cogsh) / 10,000 (botocore) signatures × 3 runs, "
            "500 paced items × 1 run per peer, the four pacing peers at once against a server each, "
            "bulk: 300 reads and 100 updates per peer"
            if q else
            "default: hyperfine 20 runs (start-up) / 10 runs (one update), 2,000 sequential items "
            "× 5 runs, CLI loop of 50, moto 1,000 items × 3 runs, 100,000 (cogsh) / 20,000 (botocore) "
            "signatures × 5 runs, "
            "2,000 paced items × 1 run per peer, bulk: 1,200 reads and 300 updates per peer")
    log(f"mode: {mode}")
    nginx = start_nginx() if sections & {2, 3} else None
    moto = start_moto() if 3 in sections else None
    throttle = [start_throttle() for _ in range(4 if q else 1)] if 5 in sections else None
    standins = (start_standin(), start_standin(background=10.0)) if 6 in sections else None

    parts = []
    titles = {1: "1. Start-up", 2: "2. One update as a new process (against nginx)",
              3: "3. Sequential updates in one process", 4: "4. Signing alone",
              5: f"5. Quota pacing ({QUOTA:.0f} requests/s token bucket)",
              6: "6. Bulk jobs at the quotas (task.map beside a boto3 thread pool)"}
    for s in sorted(sections):
        log(f"section {titles[s]}")
        if s == 1:
            body = section_startup(a, cogsh)
        elif s == 2:
            body = section_oneshot(a, cogsh, nginx)
        elif s == 3:
            body = section_sequential(a, cogsh, nginx, moto)
        elif s == 4:
            body = section_signing(a, cogsh)
        elif s == 5:
            body = section_pacing(a, cogsh, throttle)
        else:
            body = section_bulk(a, cogsh, *standins)
        part = f"### {titles[s]}\n\n{body}\n"
        print(part, flush=True)
        parts.append(part)

    v = versions(cogsh)
    elapsed = time.monotonic() - t_start
    head = [f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {mode}; "
            f"took {elapsed:.0f} s. Load average before: {load_before}, after: {loadavg()} "
            f"(on {os.cpu_count()} cores; a load above ~0.5 means other work was running).", ""]
    head += [f"- {k}: {val}" for k, val in v.items()]
    tgt = targets(a.figures)
    text = "\n".join(head) + "\n\n" + "\n".join(parts) + ("\n### Targets\n\n" + tgt + "\n" if tgt else "")
    print("### Targets\n\n" + tgt if tgt else "", flush=True)
    print("\n" + "\n".join(head), flush=True)
    if not a.no_doc:
        write_doc(text)
        log(f"wrote {os.path.relpath(DOC, ROOT)}")


def write_doc(text):
    try:
        with open(DOC) as f:
            doc = f.read()
    except FileNotFoundError:
        doc = f"# Benchmarks\n\n{BEGIN}\n{END}\n"
    if BEGIN not in doc or END not in doc:
        doc = doc.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    pre, rest = doc.split(BEGIN, 1)
    _, post = rest.split(END, 1)
    with open(DOC, "w") as f:
        f.write(f"{pre}{BEGIN}\n{text}{END}{post}")


if __name__ == "__main__":
    main()
