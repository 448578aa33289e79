"""Start-up: `cogsh -e ''` beside `aws --version` and `python3 -c 'import boto3'` (the
venv's python), wall time by hyperfine."""
import statistics
from types import SimpleNamespace as Sizes

import harness
from report import hyperfine_rows, table

TITLE = "Start-up"
QUICK = Sizes(runs=5, warmup=1)
DEFAULT = Sizes(runs=20, warmup=3)


def mode(s):
    return f"hyperfine {s.runs} runs (start-up)"


def run(bench, s):
    cmds = [("cogsh -e ''", f"{bench.cogsh} -e ''"),
            ("aws --version", f"{harness.AWS} --version"),
            ("python3 -c 'import boto3'", f"{harness.PY} -c 'import boto3'")]
    res = harness.hyperfine(cmds, s.runs, s.warmup)
    c = statistics.median(res[cmds[0][0]])
    ms, r = c * 1e3, c / statistics.median(res[cmds[1][0]])
    bench.target("start-up ≤ 1/50 of the AWS CLI and under 8 ms", r <= 1 / 50 and ms < 8,
                 f"{ms:.2f} ms, {r:.4f} of `aws --version` (1/{1 / r:.0f})")
    return table(["command", "wall ms, median (min–max)", "runs", "cogsh/peer"], hyperfine_rows(cmds, res))
