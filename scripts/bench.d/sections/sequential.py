"""Sequential updates in one process: workloads/seq.lua (a Lua loop) beside
workloads/seq.py (a boto3 loop) against nginx and against moto, calls/s of the loop alone
and the whole process's peak RSS; and the AWS CLI as a bash loop would run it, one
process per call, scaled to calls/s."""
import statistics
import sys
from types import SimpleNamespace as Sizes

import harness
from report import fnum, frange, ratio, runs, stats, table

TITLE = "Sequential updates in one process"
QUICK = Sizes(n=500, runs=3, cli_n=10, moto_n=200, moto_runs=1)
DEFAULT = Sizes(n=2000, runs=5, cli_n=50, moto_n=1000, moto_runs=3)

# cogsh paces every call under its quota category (25 updates/s); the sequential rows
# measure the cost of a call, so they raise every quota out of reach.
CATEGORIES = ["UserAuthentication", "UserCreation", "UserFederation", "UserAccountRecovery", "UserRead",
              "UserUpdate", "UserToken", "UserResourceRead", "UserResourceUpdate", "UserList", "UserPoolRead",
              "UserPoolUpdate", "UserPoolResourceRead", "UserPoolResourceUpdate", "UserPoolClientRead",
              "UserPoolClientUpdate", "ClientAuthentication", "LimitManagement"]
UNPACED = [arg for c in CATEGORIES for arg in ("--rate", f"{c}=100000")]


def mode(s):
    return (f"{s.n:,} sequential items × {runs(s.runs)}, CLI loop of {s.cli_n}, "
            f"moto {s.moto_n:,} items × {runs(s.moto_runs)}")


def seq_rows(cogsh, url, pool, n, n_runs, label):
    """Alternates cogsh and boto3 runs; returns two rows + the raw figures
    {peer: ([calls/s...], [peak RSS MiB...])}."""
    lua = [cogsh, "--endpoint-url", url] + UNPACED + [harness.workload("seq.lua"), str(n), pool, harness.USER]
    py = [harness.PY, harness.workload("seq.py"), str(n), pool, harness.USER, url]
    got = {"cogsh": ([], []), "boto3": ([], [])}
    for _ in range(n_runs):
        for name, cmd in (("cogsh", lua), ("boto3", py)):
            secs, rss, cnt = harness.run_loop(cmd)
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
        rows.append([f"{name} ({'Lua' if name == 'cogsh' else 'Python'} loop)", label, n, n_runs,
                     frange(med, lo, hi), fnum(1e6 / med), frange(rmed, rlo, rhi),
                     ratio(c_rate, med), ratio(c_rss, rmed)])
    return rows, got


def cli_row(nginx, cli_n, c_rate, c_rss):
    """The AWS CLI: one process per call, CLI_N calls, scaled to calls/s."""
    times, rsss = [], []
    for _ in range(cli_n):
        t, rss = harness.timed_process(harness.aws_cli_update(nginx))
        times.append(t)
        rsss.append(rss / 1024)
    med, lo, hi = stats([1 / t for t in times])
    rmed, rlo, rhi = stats(rsss)
    return [f"aws CLI (bash-style loop, {cli_n} processes, scaled)", "nginx", cli_n,
            f"{cli_n} calls", frange(med, lo, hi), fnum(1e6 / med), frange(rmed, rlo, rhi),
            ratio(c_rate, med), ratio(c_rss, rmed)]


def run(bench, s):
    nginx = harness.nginx()
    rows, got = seq_rows(bench.cogsh, nginx, harness.POOL, s.n, s.runs, "nginx")
    c_rate, c_rss = (statistics.median(xs) for xs in got["cogsh"])
    b_rate, b_rss = (statistics.median(xs) for xs in got["boto3"])
    rows.append(cli_row(nginx, s.cli_n, c_rate, c_rss))
    murl, mpool = harness.start_moto()
    mrows, _ = seq_rows(bench.cogsh, murl, mpool, s.moto_n, s.moto_runs, "moto")
    rows += mrows
    rr, mr = c_rate / b_rate, c_rss / b_rss
    bench.target("sequential calls ≥ 5× boto3's rate, peak RSS ≤ 1/3 of boto3's", rr >= 5 and mr <= 1 / 3,
                 f"{c_rate:,.0f} vs {b_rate:,.0f} calls/s ({rr:.2f}×); "
                 f"{c_rss:.1f} vs {b_rss:.1f} MiB ({mr:.2f})")
    return table(["peer", "endpoint", "items", "runs", "calls/s, median (min–max)", "µs/call",
                  "peak RSS MiB, median (min–max)", "cogsh/peer calls/s", "cogsh/peer RSS"], rows)
