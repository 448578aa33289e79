"""Restore of a snapshot with groups: `cogsh -m restore` puts 5,000 users (1,000 with
--quick) back into an empty pool of a stand-in at 50 ms with the published quotas. Timed
against the bound the quotas set: the groups first (CreateGroup, 5 a second per pool),
then max(creates / 50, (disables + memberships) / 25, SMS MFA preferences / 25) seconds,
the three categories overlapping. Also the rate of every category over time (from the
stand-in's arrival times), throttles, CPU, peak RSS, and whether the target now holds
what the source held.

The snapshot is set-up, not timed: it is taken with `--details` from a second stand-in
holding the source pool, with no latency and no quotas, and every quota of cogsh's lifted
(`--rate CATEGORY=100000`)."""
import os
from types import SimpleNamespace as Sizes

import harness
import listing
import restcheck
import restore_quotas as quotas
import restore_timeline as timeline
import snapcheck
from report import fnum, table

TITLE = "Restore of a 5,000-user snapshot with groups (`cogsh -m restore`)"
QUICK = Sizes(users=1_000)
DEFAULT = Sizes(users=5_000)
SOURCE, TARGET = "us-east-1_RestSource", "us-east-1_RestTarget"
GROUPS = 10
GOAL = 0.90          # of the bound's pace
LATENCY = 0.05       # the stand-in's delay before each answer: a round trip to a region
# The target must have the source's custom attributes, or the restore refuses to start.
CUSTOM = ["dept", {"Name": "tier", "values": ["gold", "silver", "bronze"], "share": 0.3}]
# Optional MFA: SMS MFA users come back with their preference (the target allows SMS).
MFA = "OPTIONAL"
# One identity provider: 2 % of the source's users are federated, which a restore leaves out.
IDP = [{"ProviderName": "Corp", "ProviderType": "OIDC", "ProviderDetails": {"oidc_issuer": "https://idp.example.com"}}]
# Every category cogsh knows, lifted out of reach for the untimed snapshot.
ALL_CATEGORIES = ["UserAuthentication", "UserCreation", "UserFederation", "UserAccountRecovery", "UserRead",
                  "UserUpdate", "UserToken", "UserResourceRead", "UserResourceUpdate", "UserList", "UserPoolRead",
                  "UserPoolUpdate", "UserPoolResourceRead", "UserPoolResourceUpdate", "UserPoolClientRead",
                  "UserPoolClientUpdate", "ClientAuthentication", "LimitManagement"]
WRITES = ["UserCreation", "UserUpdate", "UserResourceUpdate", "UserPoolResourceUpdate"]
# The categories with a call every few tens of milliseconds all along: a pause in them is
# time lost (the others are sparse, and their pauses say nothing).
DENSE = ["UserCreation", "UserUpdate"]


def mode(s):
    return f"restore: {s.users:,} users"


def run(bench, s):
    source, path = take_snapshot(bench.cogsh, s.users)
    need = restcheck.work(source, mfa_restored=True)
    bound = bound_of(need)
    harness.log(f"restore: {need.users:,} users to create ({need.federated} federated left out), {need.groups} groups, "
                f"{need.memberships:,} memberships, {need.disables} disables, {need.mfa} SMS MFA preferences; "
                f"bound {bound.total:.1f} s")
    url = harness.start_seeded_standin(quotas.CATEGORIES, latency=LATENCY, name="standin-restore", pools=[
        {"id": TARGET, "users": 0, "custom_attributes": CUSTOM, "mfa_configuration": MFA}])
    offset = listing.clock_offset(url)
    harness.endpoint_json(url, "/__reset", "GET")   # the clock probe forgotten, every bucket full
    harness.log(f"restore: timing cogsh -m restore of {need.users:,} users")
    r = harness.usage_process([bench.cogsh, "--endpoint-url", url, "-m", "restore", path, TARGET], "restore")
    stats = harness.endpoint_json(url, "/__stats", "GET")
    uses = timeline.category_use(stats, offset, r.started)
    problems = restcheck.compare(source, snapcheck.dump(url, TARGET)) + sent_problems(stats, need)
    throttles = sum(u.throttled for u in uses.values())
    harness.log("restore: " + (r.stderr.strip().splitlines() or ["(no summary)"])[-1])
    targets(bench, need, bound, r, throttles, problems)
    width = timeline.window_width(r.wall)
    return (table(["job", "users created", "groups", "memberships", "disables", "SMS MFA", "wall s", "bound s",
                   "bound / wall", "throttles received", "CPU s", "peak RSS MiB", "target"],
                  [["`cogsh -m restore`", f"{need.users:,}", need.groups, f"{need.memberships:,}", f"{need.disables:,}",
                    f"{need.mfa:,}", fnum(r.wall), fnum(bound.total), f"{bound.total / r.wall * 100:.0f} %",
                    f"{throttles:,}", fnum(r.cpu), fnum(r.rss / 1024), "; ".join(problems) or "exact"]])
            + "\n\nEach category during the restore (seconds from the process's start):\n\n"
            + table(["category (quota)", "calls (needed)", "first call s", "last call s", "calls/s first to last "
                     "(% of quota)", f"pauses > {timeline.GAP} s: count, total s, longest s (at)", "throttles",
                     "most in flight"], [category_row(u, bound, need) for u in ordered(uses)])
            + f"\n\nCalls a second in {width:.0f}-second windows from the process's start:\n\n"
            + table(["window s"] + WRITES, window_rows(uses, r.wall, width))
            + "\n\n" + notes(need, bound, r, uses))


def take_snapshot(cogsh, users):
    """The source pool on a stand-in of its own (no latency, no quotas), its `--details`
    snapshot, and the stand-in's copy of it: (dump, snapshot path)."""
    spec = {"id": SOURCE, "users": users, "groups": GROUPS, "seed": 7, "custom_attributes": CUSTOM,
            "mfa_configuration": MFA, "identity_providers": IDP}
    url = harness.start_seeded_standin({}, latency=0, name="standin-restore-source", pools=[spec])
    path = os.path.join(harness.TMP, "restore-source.sqlite")
    rates = [arg for c in ALL_CATEGORIES for arg in ("--rate", f"{c}=100000")]
    harness.log(f"restore: taking a --details snapshot of {users:,} users (set-up, not timed)")
    harness.timed_process([cogsh, "--endpoint-url", url] + rates + ["-m", "backup", SOURCE, path, "--details"])
    return snapcheck.dump(url, SOURCE), path


def bound_of(need):
    """The least time the quotas allow: the groups (nothing else starts before them), then
    the slowest of the three user categories, which overlap."""
    seconds = {"UserCreation": need.creates / quotas.CREATE_RPS,
               "UserUpdate": (need.disables + need.memberships) / quotas.UPDATE_RPS,
               "UserResourceUpdate": need.mfa / quotas.MFA_RPS}
    binding = max(seconds, key=seconds.get)
    groups = need.groups / quotas.GROUP_RPS
    return Sizes(seconds=seconds, binding=binding, groups=groups, total=groups + seconds[binding])


def needed(need):
    return {"UserCreation": need.creates, "UserUpdate": need.disables + need.memberships,
            "UserResourceUpdate": need.mfa, "UserPoolResourceUpdate": need.groups}


def sent_problems(stats, need):
    """Calls the bound does not account for: writes beyond what the pool needs (a retry,
    a step done twice), or calls in no throttled category (too kind a stand-in)."""
    problems = []
    ops = stats["operations"]
    sent = {}
    for op, category in quotas.WRITE_OPERATIONS.items():
        sent[category] = sent.get(category, 0) + ops.get(op, 0)
    for category, n in needed(need).items():
        if sent.get(category, 0) != n:
            problems.append(f"{sent.get(category, 0):,} {category} writes sent for {n:,} needed")
    unthrottled = quotas.unthrottled(ops)
    if unthrottled:
        problems.append("calls outside the configured quotas: " + ", ".join(unthrottled))
    return problems


def ordered(uses):
    """The write categories first, in the order a restore starts them, then the reads."""
    order = ["UserPoolResourceUpdate", "UserCreation", "UserUpdate", "UserResourceUpdate"]
    return sorted(uses.values(), key=lambda u: (order.index(u.name) if u.name in order else len(order), u.name))


def category_row(u, bound, need):
    rps = quotas.CATEGORIES[u.name]["rps"]
    if u.name == "UserPoolResourceUpdate":
        rps = quotas.GROUP_RPS
    n = needed(need).get(u.name)
    pauses = "—"
    if u.name in DENSE:
        count, total, longest, at = timeline.gaps(u)
        pauses = f"{count}, {fnum(total)}, {fnum(longest)}" + (f" (at {fnum(at)})" if at is not None else "")
    rate = timeline.rate(u)
    label = f"{u.name} ({rps}/s{' per pool' if u.name == 'UserPoolResourceUpdate' else ''})"
    if u.name == bound.binding:
        label += ", **binding**"
    return [label, f"{u.calls:,}" + (f" ({n:,})" if n is not None else ""),
            fnum(u.first) if u.calls else "—", fnum(u.last) if u.calls else "—",
            f"{rate:.1f} ({rate / rps * 100:.0f} %)" if u.calls > 1 else "—",
            pauses,
            f"{u.throttled:,}", u.in_flight]


def window_rows(uses, wall, width):
    writes = [uses[name] for name in WRITES if name in uses]
    rows = []
    for start, rates in timeline.windows(writes, wall, width):
        rows.append([f"{start:.0f}–{min(start + width, wall):.0f}"]
                    + [f"{rates[name]:.1f}" if name in rates else "—" for name in WRITES])
    return rows


def targets(bench, need, bound, r, throttles, problems):
    share = bound.total / r.wall
    bench.target(f"restore of {need.users:,} users: wall within the quotas' bound / {GOAL:.2f} "
                 f"(≥ {GOAL * 100:.0f} % of the bound's pace)", share >= GOAL,
                 f"{r.wall:.1f} s against a bound of {bound.total:.1f} s ({share * 100:.0f} %), "
                 f"{bound.binding} binding")
    bench.target("restore: 0 throttles", throttles == 0, f"{throttles:,} throttles received")
    bench.target("restore exact (users but federated ones, attributes but sub, enabled, groups, memberships, "
                 "SMS MFA)", not problems,
                 "; ".join(problems) or f"exact: {need.users:,} users, {need.memberships:,} memberships, "
                                        f"{need.disables:,} disabled, {need.mfa:,} SMS MFA")


def notes(need, bound, r, uses):
    s = bound.seconds
    writes = [u for name, u in uses.items() if name in WRITES and u.calls]
    first = min(u.first for u in uses.values() if u.calls)
    last = max(u.last for u in writes)
    creates = uses.get("UserCreation")
    text = (f"The source pool: {need.users + need.federated:,} seeded users in {GROUPS} groups (0–3 groups a user, "
            "weights 0.3/0.4/0.2/0.1: 1.1 on average), 5 % disabled, 10 % with MFA (SMS for those with a phone "
            f"number, TOTP for the rest), 2 % federated through an OIDC provider; two custom attributes. A restore "
            f"creates the {need.users:,} users who are not federated, with {need.memberships:,} memberships, "
            f"{need.disables:,} disables and {need.mfa:,} SMS MFA preferences (TOTP cannot be carried over). "
            f"The target: an empty pool of a stand-in (scripts/testsupport/cognito_standin.py) answering after "
            "50 ms, with the published quotas of scripts/bench.d/restore_quotas.py (the snapshot section's read "
            "categories plus UserCreation 50/s, UserUpdate 25/s, UserResourceUpdate 25/s, UserPoolResourceUpdate "
            "15/s and 5/s per pool; one second's worth of burst).")
    text += (f"\n\n\"Bound\": {need.groups} groups at 5 a second ({fnum(bound.groups)} s) before anything else, then "
             f"the slowest of creates / 50 ({fnum(s['UserCreation'])} s), (disables + memberships) / 25 "
             f"({fnum(s['UserUpdate'])} s) and SMS MFA / 25 ({fnum(s['UserResourceUpdate'])} s), which run at the "
             f"same time: {fnum(bound.total)} s, {bound.binding} binding. \"Bound / wall\" is how close the whole "
             "process (start to exit, reading the target's configuration included) came to it. Wall, CPU (user + "
             "system) and peak RSS are the whole process's (`/usr/bin/time`); throttles and calls are counted by "
             "the stand-in; \"target\" compares the target's users, attributes but sub, enabled flags, groups, "
             "memberships and SMS MFA with the source's (/__dump of both).")
    text += (f"\n\nThe first call came {fnum(first)} s after the process started"
             + (f", the first AdminCreateUser at {fnum(creates.first)} s, the last at {fnum(creates.last)} s"
                if creates and creates.calls else "")
             + f"; the last write at {fnum(last)} s, and the process exited {fnum(r.wall - last)} s after it.")
    return text
