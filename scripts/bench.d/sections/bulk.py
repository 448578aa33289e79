"""Bulk jobs at the quotas: AdminGetUser and AdminUpdateUserAttributes calls by
workloads/bulk.lua (task.map, 16 workers) beside workloads/bulk.py (a boto3 thread pool
of 16 and 32 threads, standard retries), against the Cognito stand-in of the tests alone
and shared with another client: the job's pace as a fraction of the quota's, throttles,
lost items, and CPU per call."""
from types import SimpleNamespace as Sizes

import harness
from report import fnum, table

TITLE = "Bulk jobs at the quotas (task.map beside a boto3 thread pool)"
QUICK = Sizes(reads=300, updates=100)
DEFAULT = Sizes(reads=1200, updates=300)


def mode(s):
    return f"bulk: {s.reads:,} reads and {s.updates:,} updates per peer"


def peers(cogsh):
    """(name, function(op, n, url) -> argv), op being read or update."""
    def lua(m, n, url):
        return [cogsh, "--endpoint-url", url, harness.workload("bulk.lua"), m, str(n), harness.POOL, "16"]

    def py(threads):
        return lambda m, n, url: [harness.PY, harness.workload("bulk.py"), m, str(n), harness.POOL, url, threads]
    return [("cogsh task.map, 16 workers", lua),
            ("boto3, 16 threads", py("16")),
            ("boto3, 32 threads", py("32"))]


def run(bench, s):
    # A second stand-in where another client takes 10 of UserUpdate's 25 a second.
    alone, shared = harness.start_standin(), harness.start_standin(background=10.0)
    jobs = [("reads", "read", s.reads, 120.0, alone, "alone"),
            ("updates", "update", s.updates, 25.0, alone, "alone"),
            ("updates", "update", s.updates, 25.0, shared, "shared: another client takes 10/s")]
    rows = []
    for what, op, n, quota, url, setting in jobs:
        boto_cpu = []
        for name, cmd in peers(bench.cogsh):
            harness.endpoint_json(url, "/__reset", "GET")
            harness.log(f"bulk: {name}, {n} {what}, {setting}")
            secs, cnt, cpu = harness.cpu_loop(cmd(op, n, url), "bulk")
            srv = harness.endpoint_json(url, "/__stats", "GET")
            category = "UserRead" if op == "read" else "UserUpdate"
            throttles = len(srv["categories"][category]["throttled"])
            lost = cnt.get("failed", 0)
            fraction = n / quota / secs
            cpu_ms = cpu / n * 1000
            if name.startswith("cogsh"):
                cogsh_figures = (fraction, throttles, lost, cpu_ms)
            else:
                boto_cpu.append(cpu_ms)
            rows.append([name, f"{n} {what}", setting, fnum(secs), f"{fraction * 100:.1f} %", throttles, lost,
                         fnum(cpu_ms)])
        target(bench, f"{what} {setting}", *cogsh_figures, boto_cpu)
    return (table(["peer", "items", "quota", "wall s", "of the quota's pace", "throttles received", "items lost",
                   "CPU s per 1,000 calls"], rows)
            + "\n\nThe stand-in (scripts/testsupport/cognito_standin.py) answers after 50 ms and throttles "
              "what exceeds a token bucket per category (UserRead 120/s, UserUpdate 25/s, each holding one second's "
              "worth). \"Of the quota's pace\": the time the quota allows for the items over the wall time of the job "
              "alone (client set-up excluded); a lost item is one whose call finally failed; throttles are "
              "counted by the stand-in; CPU is the whole client process's, set-up included.")


def target(bench, job, fraction, throttles, lost, cpu, boto):
    """Alone, cogsh keeps to the quota without throttles; shared, it may be throttled but
    loses nothing. Either way its CPU per call is at most a third of boto3's."""
    alone = job.endswith("alone")
    cheaper = bool(boto) and cpu <= min(boto) / 3
    bench.target(f"{job}: " + ("≥ 95 % of the quota, 0 throttles, " if alone else "0 lost, ")
                 + "CPU per call ≤ 1/3 of boto3's",
                 (fraction >= 0.95 and throttles == 0 if alone else True) and lost == 0 and cheaper,
                 f"{fraction * 100:.1f} % of the quota, {throttles} throttles, {lost} lost, {cpu:.2f} CPU s per 1,000 calls"
                 + (f" vs boto3's {min(boto):.2f}–{max(boto):.2f}" if boto else ""))
