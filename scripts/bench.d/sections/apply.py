"""Plan and apply: `cogsh --plan` of a task.map job setting one attribute on every user of
a pool (workloads/apply_plan.lua), then `cogsh --apply` of that plan, against the stand-in
at 50 ms with the published quotas. For the apply: the UserUpdate rate between its first
and last update as a share of the quota (25 a second), the throttles received, the busiest
second, and the drift check's reads per user (one AdminGetUser each at most); for the
plan, its reads (one AdminGetUser per user, the state before). Both are whole processes
(`/usr/bin/time`): the apply's wall time includes its checks (STS, DescribeUserPool)."""
import os
from types import SimpleNamespace as Sizes

import harness
import published_quotas as quotas
from report import fnum, table

TITLE = "Plan and apply (`cogsh --plan` of a task.map job, then `cogsh --apply`)"
QUICK = Sizes(users=1_000)
DEFAULT = Sizes(users=3_000)
POOL = "us-east-1_ApplyBench"
UPDATE_RPS = 25
RATE_GOAL = 0.95
# UserUpdate as QuotaCategories.swift has it, besides the reading categories.
CATEGORIES = dict(quotas.CATEGORIES, UserUpdate={"rps": UPDATE_RPS, "operations": [
    "AdminAddUserToGroup", "AdminDeleteUserAttributes", "AdminUpdateUserAttributes", "AdminDeleteUser",
    "AdminDisableUser", "AdminEnableUser", "AdminRemoveUserFromGroup", "AdminUserGlobalSignOut"]})


def mode(s):
    return f"apply: {s.users:,} attribute updates planned and applied"


def run(bench, s):
    url = harness.start_seeded_standin(CATEGORIES, latency=0.05, name="standin-apply", pools=[
        {"id": POOL, "users": s.users, "custom_attributes": ["tier"], "seed": 7}])
    plan = os.path.join(harness.TMP, f"apply-{s.users}.plan")
    # STS GetCallerIdentity goes to the stand-in too: the plan's header, the apply's check.
    harness.ENV["AWS_ENDPOINT_URL"] = url
    try:
        harness.endpoint_json(url, "/__reset", "GET")
        harness.log(f"apply: --plan of {s.users:,} updates")
        planned = measure(url, [bench.cogsh, "--plan", plan, harness.workload("apply_plan.lua"), POOL], "plan")
        harness.endpoint_json(url, "/__reset", "GET")
        harness.log(f"apply: --apply of {s.users:,} updates")
        applied = measure(url, [bench.cogsh, "--apply", plan], "apply")
    finally:
        del harness.ENV["AWS_ENDPOINT_URL"]
    gold = sum(1 for u in harness.endpoint_json(url, f"/__dump?pool={POOL}", "GET")["users"]
               if u["Attributes"].get("custom:tier") == "gold")
    share = applied.update_rate / UPDATE_RPS
    bench.target(f"apply of {s.users:,} updates: ≥ {RATE_GOAL * 100:.0f} % of the UserUpdate quota, 0 throttles, "
                 "≤ 1 drift read per user", share >= RATE_GOAL and applied.throttles == 0 and applied.reads_max <= 1,
                 f"{share * 100:.1f} % ({applied.update_rate:.2f}/s between the first and last update), "
                 f"{applied.throttles} throttles, {applied.reads:,} AdminGetUser for {s.users:,} users "
                 f"(at most {applied.reads_max} for one); {gold:,} users changed")
    rows = [row("--plan", planned, s.users), row("--apply", applied, s.users)]
    return (table(["step", "users", "wall s", "AdminGetUser (most for one user)", "updates sent",
                   "updates/s, first to last (% of 25)", "updates/s over the whole run (% of 25)",
                   "busiest second (updates)", "throttles received", "CPU s", "peak RSS MiB"], rows)
            + "\n\nThe stand-in (scripts/testsupport/cognito_standin.py) answers after 50 ms and throttles by "
              "the published quotas (UserUpdate 25/s, UserRead 120/s, UserList 30/s, UserPoolRead 15/s; one "
              "second's worth of burst); its pool is seeded with a custom attribute `tier`. The plan lists the "
              "pool (ListUsers) and reads each user once for its state before; the apply checks the account "
              "(STS) and the pool (DescribeUserPool), reads each user once for the drift check, and sends the "
              "updates, 16 users at a time, paced under UserUpdate. cogsh paces at 97 % of a quota (whoami "
              "shows the ceilings), so 97 % is the most a run can show. Throttles are counted by the stand-in "
              f"over every category. After the apply, {gold:,} of {s.users:,} users had the new value.")


def measure(url, cmd, tag):
    r = harness.usage_process(cmd, tag)
    srv = harness.endpoint_json(url, "/__stats", "GET")
    updates = sorted(srv["categories"]["UserUpdate"]["admitted"])
    r.updates = len(updates)
    r.update_rate = (len(updates) - 1) / (updates[-1] - updates[0]) if len(updates) > 1 else 0.0
    r.busiest = max((sum(1 for t in updates if int(t) == second) for second in {int(t) for t in updates}), default=0)
    r.throttles = sum(len(c["throttled"]) for c in srv["categories"].values())
    reads = srv["answered"].get("AdminGetUser", {})
    r.reads, r.reads_max = sum(reads.values()), max(reads.values(), default=0)
    return r


def row(step, r, users):
    rate = f"{r.update_rate:.2f} ({r.update_rate / UPDATE_RPS * 100:.1f} %)" if r.updates else "—"
    whole = f"{r.updates / r.wall:.2f} ({r.updates / r.wall / UPDATE_RPS * 100:.1f} %)" if r.updates else "—"
    return [step, f"{users:,}", fnum(r.wall), f"{r.reads:,} ({r.reads_max})", f"{r.updates:,}", rate, whole,
            r.busiest if r.updates else "—", f"{r.throttles:,}", fnum(r.cpu), fnum(r.rss / 1024)]
