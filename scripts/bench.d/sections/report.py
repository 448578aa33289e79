"""The pool report: `cogsh -m report` on a snapshot of a 100,000-user pool (the statuses,
MFA, months, attribute coverage, groups and attention checks are SQL over the snapshot;
the page is the built-in template). The snapshot is taken once, by `cogsh -m backup` from
the Cognito stand-in (no latency, every quota lifted): only the report is timed."""
import json
import os
import statistics
from types import SimpleNamespace as Sizes

import harness
from report import fnum, frange, runs, stats, table

TITLE = "The pool report of a large snapshot"
QUICK = Sizes(users=20_000, runs=3)
DEFAULT = Sizes(users=100_000, runs=3)
POOL = "us-east-1_Report100k"
GOAL = 10.0   # seconds for 100,000 users

# Every quota category lifted out of reach: the set-up measures nothing.
CATEGORIES = ["UserAuthentication", "UserCreation", "UserFederation", "UserAccountRecovery", "UserRead", "UserUpdate",
              "UserToken", "UserResourceRead", "UserResourceUpdate", "UserList", "UserPoolRead", "UserPoolUpdate",
              "UserPoolResourceRead", "UserPoolResourceUpdate", "UserPoolClientRead", "UserPoolClientUpdate",
              "ClientAuthentication", "LimitManagement"]


def mode(s):
    return f"report: a {s.users:,}-user snapshot × {runs(s.runs)}"


def standin(users):
    """The stand-in holding one generated pool: statuses, MFA, groups, custom attributes
    and e-mail duplicates, accounts created over three years."""
    port = harness.free_port()
    spec = {"id": POOL, "users": users, "groups": 12, "seed": 24, "mfa_configuration": "OPTIONAL",
            "custom_attributes": ["dept", {"Name": "tier", "values": ["gold", "silver"], "share": 0.3}],
            "created_between": [1_650_000_000, 1_750_000_000], "email_case_duplicates": users // 1000}
    path = os.path.join(harness.TMP, f"standin-{port}.json")
    with open(path, "w") as f:
        json.dump({"latency": 0, "categories": {}, "strict_pools": True, "pools": [spec]}, f)
    p = harness.spawn([harness.PY, os.path.join(harness.ROOT, "scripts", "testsupport", "cognito_standin.py"),
                       str(port), path], "standin-report")
    harness.wait_port(port, p, "cognito_standin", timeout=120)
    return f"http://127.0.0.1:{port}"


def run(bench, s):
    url = standin(s.users)
    snap = os.path.join(harness.TMP, "report.sqlite")
    rates = [arg for c in CATEGORIES for arg in ("--rate", f"{c}=100000")]
    harness.log(f"report: taking a {s.users:,}-user snapshot from the stand-in (set-up, not timed)")
    harness.timed_process([bench.cogsh, "--endpoint-url", url] + rates + ["-m", "backup", POOL, snap])
    times, rss = [], []
    for i in range(s.runs):
        harness.log(f"report: run {i + 1} of {s.runs}")
        secs, kib = harness.timed_process([bench.cogsh, "-m", "report", snap, os.path.join(harness.TMP, "report.html")])
        times.append(secs)
        rss.append(kib)
    med, lo, hi = stats(times)
    size = os.path.getsize(os.path.join(harness.TMP, "report.html"))
    per_100k = med * 100_000 / s.users
    bench.target(f"report of a 100,000-user snapshot ≤ {GOAL:.0f} s", per_100k <= GOAL,
                 f"{fnum(med)} s for {s.users:,} users" + ("" if s.users == 100_000 else f" ({fnum(per_100k)} s per 100,000)"))
    return (table(["job", "users", "runs", "wall s, median (min–max)", "peak RSS MiB", "page KiB"],
                  [["`cogsh -m report SNAPSHOT OUT.html`", f"{s.users:,}", s.runs, frange(med, lo, hi),
                    fnum(statistics.median(rss) / 1024), fnum(size / 1024)]])
            + "\n\nThe whole process, start to exit: opening the snapshot read-only, the report's SQL "
              "(counts by status, MFA method, month, attribute, group, and the attention checks), the template "
              "and the 0600 write. The snapshot is taken beforehand from the stand-in and is not timed.")
