"""One update as a new process, what a bash loop pays per user: a cogsh `-e` one-liner
beside `aws cognito-idp admin-update-user-attributes` and workloads/oneshot.py (boto3),
against nginx, by hyperfine."""
from types import SimpleNamespace as Sizes

import harness
from report import hyperfine_rows, table

TITLE = "One update as a new process (against nginx)"
QUICK = Sizes(runs=5, warmup=1)
DEFAULT = Sizes(runs=10, warmup=3)


def mode(s):
    return f"hyperfine {s.runs} runs (one update)"


def run(bench, s):
    nginx = harness.nginx()
    lua = ('cognito.admin_update_user_attributes{UserPoolId="%s",Username="%s",'
           'UserAttributes={email="alice@example.com",email_verified=true}}' % (harness.POOL, harness.USER))
    cmds = [("cogsh -e (one update)", f"{bench.cogsh} --endpoint-url {nginx} -e '{lua}'"),
            ("aws cognito-idp admin-update-user-attributes", " ".join(harness.aws_cli_update(nginx))),
            ("python3 oneshot.py (boto3)", f"{harness.PY} {harness.workload('oneshot.py')} {nginx}")]
    res = harness.hyperfine(cmds, s.runs, s.warmup)
    return table(["command (against nginx)", "wall ms, median (min–max)", "runs", "cogsh/peer"],
                 hyperfine_rows(cmds, res))
