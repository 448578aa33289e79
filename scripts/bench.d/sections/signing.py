"""Signing alone: `aws.sign{...}` on a typical AdminUpdateUserAttributes request in a Lua
loop (workloads/sign.lua; the figure includes the Lua call, the argument table and the
result table) beside botocore's SigV4Auth.add_auth on a fresh AWSRequest in a Python
loop (workloads/sign.py)."""
import statistics
from types import SimpleNamespace as Sizes

import harness
from report import fnum, frange, ratio, runs, stats, table

TITLE = "Signing alone"
QUICK = Sizes(n=20_000, n_py=10_000, runs=3)
DEFAULT = Sizes(n=100_000, n_py=20_000, runs=5)


def mode(s):
    return f"{s.n:,} (cogsh) / {s.n_py:,} (botocore) signatures × {runs(s.runs)}"


def run(bench, s):
    lua = [bench.cogsh, harness.workload("sign.lua"), str(s.n)]
    py = [harness.PY, harness.workload("sign.py"), str(s.n_py)]
    got = {"cogsh": [], "boto3": []}
    for _ in range(s.runs):
        for name, cmd, n in (("cogsh", lua, s.n), ("boto3", py, s.n_py)):
            secs, _, _ = harness.run_loop(cmd)
            got[name].append(n / secs)
    c = statistics.median(got["cogsh"])
    rows = []
    for name, label in (("cogsh", "cogsh `aws.sign{...}` in a Lua loop (includes Lua call, argument "
                                  "and result tables)"),
                        ("boto3", "botocore `SigV4Auth.add_auth` (fresh `AWSRequest` each) in a "
                                  "Python loop")):
        med, lo, hi = stats(got[name])
        rows.append([label, s.n if name == "cogsh" else s.n_py, s.runs, frange(med, lo, hi),
                     fnum(1e6 / med), ratio(c, med)])
    bench.target("signing ≤ 5 µs", 1e6 / c <= 5, f"{1e6 / c:.2f} µs per `aws.sign{{}}` "
                 "from Lua (Lua call overhead included)")
    return table(["peer", "signatures per run", "runs", "signatures/s, median (min–max)",
                  "µs/signature", "cogsh/peer signatures/s"], rows)
