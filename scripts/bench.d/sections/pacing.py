"""Quota pacing: cogsh (workloads/seq.lua) and boto3 (workloads/seq.py), each with standard
and adaptive retries, updating against endpoints/throttle_server.py, a token bucket of
QUOTA requests/s: wall time, throttles the server counted, items that finally failed.

By default the four peers run one after another against one server; with --quick all
four at once, each against its own server (each client is idle-bound at QUOTA
requests/s), to stay under 2 minutes."""
import sys
import threading
from types import SimpleNamespace as Sizes

import harness
from report import fnum, table

QUOTA = 25.0
TITLE = f"Quota pacing ({QUOTA:.0f} requests/s token bucket)"
QUICK = Sizes(n=500, servers=4)
DEFAULT = Sizes(n=2000, servers=1)


def mode(s):
    return (f"{s.n:,} paced items × 1 run per peer"
            + (", the four pacing peers at once against a server each" if s.servers > 1 else ""))


def peers(cogsh, n, url):
    seq_lua, seq_py = harness.workload("seq.lua"), harness.workload("seq.py")
    pool, user = harness.POOL, harness.USER
    return [
        ("cogsh, standard", [cogsh, "--endpoint-url", url, "--retry-mode", "standard", seq_lua, str(n), pool, user]),
        ("cogsh, adaptive", [cogsh, "--endpoint-url", url, "--retry-mode", "adaptive", seq_lua, str(n), pool, user]),
        ("boto3, standard", [harness.PY, seq_py, str(n), pool, user, url, "standard"]),
        ("boto3, adaptive", [harness.PY, seq_py, str(n), pool, user, url, "adaptive"]),
    ]


def run(bench, s):
    servers = [harness.start_throttle(QUOTA) for _ in range(s.servers)]
    # One server: every peer against it. One server per peer: peer i against server i.
    jobs = [(name, cmd, url) for i, url in enumerate(servers)
            for j, (name, cmd) in enumerate(peers(bench.cogsh, s.n, url)) if len(servers) == 1 or i == j]
    results = {}

    def one(i, name, cmd, url):
        harness.endpoint_json(url, "/reset", "POST")
        try:
            secs, _, cnt = harness.run_loop(cmd, tag=f"pace{i}")
        except SystemExit as e:  # raised in a thread: report it, main thread exits after join
            harness.log(str(e))
            return
        results[name] = (secs, cnt, harness.endpoint_json(url, "/stats", "GET"))
    if len(servers) == 1:
        for i, (name, cmd, url) in enumerate(jobs):
            harness.log(f"pacing: {name}, {s.n} items")
            one(i, name, cmd, url)
    else:
        harness.log(f"pacing: all four peers at once, {s.n} items each, one server each")
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
        failed = cnt.get("failed", 0)
        peer, retry = name.split(", ")
        if peer == "cogsh":
            bench.target(f"quota pacing ≥ 96 % of 25 requests/s with 0 failed items (cogsh {retry})",
                         rate >= 0.96 * QUOTA and failed == 0,
                         f"{rate:.2f} succeeded/s ({rate / QUOTA * 100:.1f} %), {failed} failed items")
        rows.append([name, s.n, fnum(secs), ok, f"{fnum(rate)} ({rate / QUOTA * 100:.1f} %)",
                     srv["throttled"], failed])
    ceiling = s.n / ((s.n - QUOTA) / QUOTA)
    return (table(["peer, retry mode", "items", "wall s", "succeeded", f"succeeded/s (% of {QUOTA:.0f})",
                   "throttles received", "failed items"], rows)
            + f"\n\nThe bucket starts full ({QUOTA:.0f} tokens, refilled at {QUOTA:.0f}/s), so a perfect "
              f"client finishes {s.n} items at {ceiling:.1f}/s; throttles are counted by the server; "
              "wall time is the loop alone (client set-up excluded); one run per peer"
              + (", all four peers at once, each against its own server." if len(servers) > 1
                 else ", one peer after another against one server."))
