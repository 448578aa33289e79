"""What every benchmark section shares: the peers' environment, the loopback endpoints,
the child processes and their clean-up, and the measurements (wall time, peak RSS, CPU).

Importing this module creates the run's temp dir and registers the clean-up: every
process started through spawn() is stopped, and the temp dir removed, when the run exits
(normally, on an error, or on SIGINT/SIGTERM/SIGHUP).
"""
import atexit
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from types import SimpleNamespace

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV = os.path.join(ROOT, ".venv", "bin")
PY = os.path.join(VENV, "python")
AWS = os.path.join(VENV, "aws")
POOL, USER = "us-east-1_Example1", "alice"

children = []
TMP = tempfile.mkdtemp(prefix="cogsh-bench.")


def workload(name):
    """A script one peer runs (scripts/bench.d/workloads/NAME)."""
    return os.path.join(HERE, "workloads", name)


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
# sys.exit runs the atexit clean-up; a bare signal would leave the endpoints running.
for _sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(_sig, lambda s, f: sys.exit(128 + s))


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def bench_env():
    """Dummy credentials, no config files, no proxies: every peer sees the same setup."""
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


# ---------------------------------------------------------------- child processes

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
    """Starts a long-running endpoint in its own process group, its output in TMP/NAME.log."""
    out = open(os.path.join(TMP, f"{name}.log"), "w")
    p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         env=env, start_new_session=True)
    children.append(p)
    return p


# ---------------------------------------------------------------- endpoints

@functools.cache
def nginx():
    """nginx answering every POST with {}: what remains is the client's own cost.
    Started once, on first use, and shared by the sections that want it."""
    port = free_port()
    with open(os.path.join(HERE, "endpoints", "nginx.conf.template")) as f:
        conf = f.read().replace("@TMP@", TMP).replace("@PORT@", str(port))
    path = os.path.join(TMP, "nginx.conf")
    with open(path, "w") as f:
        f.write(conf)
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    p = spawn([binary, "-p", TMP, "-c", path, "-e", os.path.join(TMP, "nginx-error.log")], "nginx")
    wait_port(port, p, "nginx")
    return f"http://127.0.0.1:{port}"


def start_moto():
    """moto_server with one user pool and USER in it. Returns (url, pool id)."""
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


def start_throttle(rate):
    """endpoints/throttle_server.py: a token bucket of RATE AdminUpdateUserAttributes a second."""
    port = free_port()
    p = spawn([PY, os.path.join(HERE, "endpoints", "throttle_server.py"), str(port), str(rate)],
              "throttle")
    wait_port(port, p, "throttle_server")
    return f"http://127.0.0.1:{port}"


def start_standin(background=0.0):
    """The Cognito stand-in of the tests: 50 ms answers, the published quotas; BACKGROUND
    updates a second taken by another client."""
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


def start_seeded_standin(categories, pools, latency=0.05, name="standin-seeded"):
    """The stand-in with the given quota categories ({name: {"rps", "per_pool_rps"?,
    "operations"}}) and seeded pools (SPECs, see cognito_standin.py); only those pools
    exist. Seeding 100,000 users takes a few seconds before it listens."""
    port = free_port()
    config = {"latency": latency, "strict_pools": True, "categories": categories, "pools": pools}
    path = os.path.join(TMP, f"{name}-{port}.json")
    with open(path, "w") as f:
        json.dump(config, f)
    p = spawn([PY, os.path.join(ROOT, "scripts", "testsupport", "cognito_standin.py"), str(port), path], name)
    wait_port(port, p, "cognito_standin", timeout=180)
    return f"http://127.0.0.1:{port}"


def endpoint_json(url, path, method):
    """An endpoint's own control calls (reset, stats): JSON back."""
    req = urllib.request.Request(url + path, method=method, data=b"" if method == "POST" else None)
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


# ---------------------------------------------------------------- baselines

def aws_cli_update(endpoint):
    """The AWS CLI's AdminUpdateUserAttributes, as a bash loop over users would run it."""
    return [AWS, "cognito-idp", "admin-update-user-attributes", "--endpoint-url", endpoint,
            "--user-pool-id", POOL, "--username", USER,
            "--user-attributes", "Name=email,Value=alice@example.com", "Name=email_verified,Value=true"]


# ---------------------------------------------------------------- measuring

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
    """Runs a workload speaking the START/END protocol under /usr/bin/time: the driver
    timestamps those lines, so the time covers the loop alone (start-up excluded).
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


def cpu_loop(cmd, tag):
    """run_loop, plus the child's CPU seconds (user + system) from /usr/bin/time.
    Returns (loop seconds, counters dict, CPU seconds)."""
    cpu_file = os.path.join(TMP, f"{tag}.cpu")
    secs, _, cnt = run_loop(["/usr/bin/time", "-f", "%U %S", "-o", cpu_file] + cmd, tag)
    with open(cpu_file) as f:
        user, system = (float(x) for x in f.read().split()[-2:])
    return secs, cnt, user + system


def timed_process(cmd):
    """One whole process, start to exit. Returns (wall seconds, peak RSS KiB)."""
    rss_file = os.path.join(TMP, "rss")
    t0 = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_file] + cmd, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr.decode()[-3000:]}")
    with open(rss_file) as f:
        return t, int(f.read().split()[-1])


def usage_process(cmd, tag):
    """One whole process under /usr/bin/time, its output kept. Returns a namespace:
    started/ended (time.monotonic() around it, the clock the stand-in stamps with too),
    wall and CPU (user + system) seconds, peak RSS KiB, stdout and stderr text."""
    usage_file = os.path.join(TMP, f"{tag}.usage")
    started = time.monotonic()
    r = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", usage_file] + cmd, env=ENV,
                       capture_output=True, stdin=subprocess.DEVNULL, text=True)
    ended = time.monotonic()
    if r.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed (exit {r.returncode}):\n{r.stderr[-3000:]}")
    with open(usage_file) as f:
        user, system, rss = f.read().split()[-3:]
    return SimpleNamespace(started=started, ended=ended, wall=ended - started, cpu=float(user) + float(system),
                           rss=int(rss), stdout=r.stdout, stderr=r.stderr)
