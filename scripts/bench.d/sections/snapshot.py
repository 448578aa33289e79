"""Snapshot of a large pool: `cogsh -m backup` (16 sub-prefix paginations at once under the
UserList quota, memberships by ListUsersInGroup per group) beside workloads/snapshot_boto3.py
(one ListUsers pagination, then AdminListGroupsForUser per user on 16 threads), against
the stand-in at 50 ms with the published quotas: wall time against the floor the UserList
quota sets, the UserList rate between the first and last listing call, throttles, CPU,
peak RSS, users lost, and whether the snapshot matches the stand-in's pool exactly.

The baseline makes one UserResourceRead call (50 a second) per user, so it is bound at
users / 50 s: 2,000 s for 100,000 users. It runs on the small pool only (10,000 users;
1,000 with --quick), beside cogsh on that same pool, and its time on the large pool is
extrapolated from it, labelled so. `--details` (one AdminGetUser per user, 120 a second:
~14 minutes for 100,000) likewise runs on the small pool only."""
import math
from types import SimpleNamespace as Sizes

import harness
import listing
import published_quotas as quotas
import snapcheck
from report import fnum, table

TITLE = "Snapshot of a 100,000-user pool (`cogsh -m backup` beside a boto3 backup script)"
QUICK = Sizes(large=10_000, small=1_000)
DEFAULT = Sizes(large=100_000, small=10_000)
LARGE, SMALL = "us-east-1_SnapLarge", "us-east-1_SnapSmall"
GROUPS = 10
# Pools under 500,000 estimated users are split by one hex digit of the sub.
PREFIXES = list("0123456789abcdef")
RSS_GOAL_MIB, RATE_GOAL = 100, 27.0
LATENCY = 0.05   # the stand-in's delay before each answer: a round trip to a region


def mode(s):
    return (f"snapshot: cogsh on {s.large:,} users; cogsh, cogsh --details and the boto3 baseline "
            f"on {s.small:,} users")


def run(bench, s):
    url = harness.start_seeded_standin(quotas.CATEGORIES, latency=LATENCY, pools=[
        {"id": LARGE, "users": s.large, "groups": GROUPS, "seed": 1},
        {"id": SMALL, "users": s.small, "groups": GROUPS, "seed": 2}])
    offset = listing.clock_offset(url)
    jobs = [("cogsh -m backup", LARGE, s.large, []), ("cogsh -m backup", SMALL, s.small, []),
            ("cogsh -m backup --details", SMALL, s.small, ["--details"]), ("boto3 script", SMALL, s.small, None)]
    results = []
    for name, pool, users, flags in jobs:
        harness.endpoint_json(url, "/__reset", "GET")   # counts cleared, every bucket full again
        harness.log(f"snapshot: {name}, {users:,} users")
        results.append(measure(bench.cogsh, url, offset, name, pool, flags))
    targets(bench, results)
    cogsh = [r for r in results if r.is_cogsh]
    return (table(["peer", "pool", "wall s", "quota floor s", "floor / wall", "UserList calls/s, first to last "
                   "listing call (% of 30)", "throttles received", "CPU s", "peak RSS MiB", "users lost", "snapshot"],
                  [row(r) for r in results])
            + "\n\nWhere cogsh's time went:\n\n"
            + table(["run", "start → first listing call s", "first → last listing call s", "last call → exit s",
                     "ListUsers pages (needed)", "ListUsersInGroup pages (needed)", "pages per pagination",
                     "last 5 % of listing calls", "UserList calls/s per 10 s window, min–max",
                     "most UserList calls in flight"], [time_row(r, offset) for r in cogsh])
            + "\n\n" + notes(results, s))


def measure(cogsh, url, offset, name, pool, flags):
    """One peer's run (FLAGS None: the boto3 script), with what the stand-in saw of it."""
    r = cogsh_run(cogsh, url, pool, flags) if flags is not None else boto3_run(url, pool)
    d = snapcheck.dump(url, pool)
    srv = harness.endpoint_json(url, "/__stats", "GET")
    r.name, r.pool, r.users, r.is_cogsh = name, pool, len(d["users"]), flags is not None
    r.throttles = sum(len(c["throttled"]) for c in srv["categories"].values())
    r.in_flight = srv["categories"]["UserList"]["max_in_flight"]
    r.t = listing.timeline(url)
    r.shard_pages, r.group_pages = listing.pages_needed(d, PREFIXES)
    r.floor = (r.shard_pages + r.group_pages) / quotas.USER_LIST_RPS
    if flags:   # --details: one AdminGetUser per user besides, under UserRead
        r.floor = max(r.floor, r.users / quotas.USER_READ_RPS)
    if r.is_cogsh:
        r.stored, r.memberships, r.problems = snapcheck.compare(r.file, d)
        r.lost = r.users - r.stored
        harness.log(f"snapshot: {listing.describe(r.t, offset, r.started, r.ended)}; "
                    f"at most {r.in_flight} UserList calls in flight")
    else:
        r.lost = r.users - r.listed + r.failed
        r.problems = []
    unthrottled = quotas.unthrottled(srv["operations"])
    if unthrottled:   # a call the quotas above do not cover would make the figures too kind
        r.problems.append("calls outside the configured quotas: " + ", ".join(unthrottled))
    return r


def cogsh_run(cogsh, url, pool, flags):
    path = f"{harness.TMP}/snapshot-{pool}-{len(flags)}.db"
    r = harness.usage_process([cogsh, "--endpoint-url", url, "-m", "backup", pool, path] + flags, "snapshot")
    r.file = path
    return r


def boto3_run(url, pool):
    r = harness.usage_process([harness.PY, harness.workload("snapshot_boto3.py"), pool, url,
                               f"{harness.TMP}/snapshot-boto3.json"], "snapshot-boto3")
    got = dict(kv.split("=") for kv in r.stdout.split())
    r.listed, r.failed, r.pages = int(got["listed"]), int(got["failed"]), int(got["pages"])
    r.listing_s, r.groups_s = int(got["listing_ms"]) / 1000, int(got["groups_ms"]) / 1000
    return r


def row(r):
    rate = f"{r.t.rate:.1f} ({r.t.rate / quotas.USER_LIST_RPS * 100:.0f} %)"
    snapshot = "exact" if r.is_cogsh else "(JSON, not compared)"
    return [r.name, f"{r.users:,} users", fnum(r.wall), fnum(r.floor) if r.is_cogsh else "—",
            f"{r.floor / r.wall * 100:.0f} %" if r.is_cogsh else "—", rate, f"{r.throttles:,}", fnum(r.cpu),
            fnum(r.rss / 1024), f"{r.lost:,}", "; ".join(r.problems) or snapshot]


def time_row(r, offset):
    t = r.t
    pages = sorted(p["pages"] for p in t.paginations.values())
    tail_s, tail_rate = listing.tail(t)
    win = listing.windows(t.times)
    full = win[:-1] or win   # the last window is partial
    return [f"{r.name.removeprefix('cogsh -m ')}, {r.users:,} users", fnum(t.first + offset - r.started),
            fnum(t.last - t.first), fnum(r.ended - (t.last + offset)), f"{t.list_users:,} ({r.shard_pages:,})",
            f"{t.in_group:,} ({r.group_pages:,})", f"{pages[0]}–{pages[-1]}",
            f"{fnum(tail_s)} s at {tail_rate:.1f}/s", f"{min(full):.1f}–{max(full):.1f}", r.in_flight]


def targets(bench, results):
    big = results[0]
    cogsh = [r for r in results if r.is_cogsh]
    bench.target(f"snapshot of {big.users:,} users: UserList ≥ {RATE_GOAL:.0f} calls/s between the first and last "
                 "listing call", big.t.rate >= RATE_GOAL,
                 f"{big.t.rate:.1f} calls/s ({big.t.calls:,} calls in {big.t.last - big.t.first:.1f} s); "
                 f"wall {big.wall:.1f} s, {big.floor / big.wall * 100:.0f} % of the UserList floor's pace")
    bench.target(f"snapshot of {big.users:,} users: peak RSS ≤ {RSS_GOAL_MIB} MiB", big.rss / 1024 <= RSS_GOAL_MIB,
                 f"{big.rss / 1024:.1f} MiB")
    bench.target("snapshots: 0 throttles (cogsh)", all(r.throttles == 0 for r in cogsh),
                 ", ".join(f"{r.throttles} ({r.name.removeprefix('cogsh -m ')}, {r.users:,})" for r in cogsh))
    bench.target("snapshots exact (users, attributes, groups, memberships against the stand-in)",
                 all(not r.problems for r in cogsh),
                 "; ".join(f"{r.name.removeprefix('cogsh -m ')}, {r.users:,}: "
                           + (f"exact, {r.stored:,} users, {r.memberships:,} memberships" if not r.problems
                              else ", ".join(r.problems)) for r in cogsh))


def notes(results, s):
    big, small = results[0], results[1]
    boto = results[-1]
    text = ("The stand-in (scripts/testsupport/cognito_standin.py) answers after 50 ms and throttles by the "
            "published quotas (scripts/bench.d/published_quotas.py: UserList 30/s, UserRead 120/s, "
            "UserResourceRead 50/s, UserPoolRead 15/s, UserPoolResourceRead 20/s and 5/s per pool, "
            f"UserPoolClientRead 15/s; one second's worth of burst). Pools: {GROUPS} groups, 0–3 per user "
            "(1.1 on average), seeded. \"Quota floor\": the ListUsers pages of 16 sub-prefix shards plus the "
            "ListUsersInGroup pages of every group, at 60 users a page, over 30 a second — the least time the "
            "quota allows for what cogsh lists (with `--details`, or users / 120 for the AdminGetUser calls under "
            "UserRead if that is longer); \"floor / wall\" is how close the run came to it. Wall, CPU (user + "
            "system) and peak RSS are the whole process's (`/usr/bin/time`); throttles are counted by the "
            "stand-in over every category; \"snapshot\" compares the file's users, attributes, groups and "
            "memberships with the stand-in's pool.")
    # One pagination waits a round trip (at least the stand-in's 50 ms) for each page.
    lossless = boto.pages * LATENCY + boto.listed / quotas.USER_RESOURCE_READ_RPS
    text += (f"\n\nThe boto3 script (scripts/bench.d/workloads/snapshot_boto3.py) ran on the {s.small:,}-user pool "
             f"only: its ListUsers pagination took {boto.listing_s:.1f} s for {boto.pages:,} pages "
             f"({boto.pages / boto.listing_s:.1f} pages/s: one page per round trip), then {boto.listed:,} "
             f"AdminListGroupsForUser calls on 16 threads took {boto.groups_s:.1f} s "
             f"({boto.listed / boto.groups_s:.0f} calls/s against UserResourceRead's 50) and lost "
             f"{boto.lost:,} users ({boto.lost / boto.users * 100:.0f} %) to {boto.throttles:,} throttles: boto3's "
             "default (legacy) retry mode retries HTTP 429 and a fixed list of throttling codes that leaves out "
             "Cognito's TooManyRequestsException (HTTP 400; standard mode retries it), so every throttled call is "
             "a user without groups. "
             f"A run that lost none could not take less than {lossless:.0f} s ({boto.pages:,} pages one "
             f"round trip apart, {boto.listed:,} calls at 50 a second); cogsh took {small.wall:.1f} s on the "
             "same pool.")
    if s.large > s.small:
        pages = math.ceil(s.large / 60)
        at_pace = pages * boto.listing_s / boto.pages + s.large * boto.groups_s / boto.listed
        floor = pages * LATENCY + s.large / quotas.USER_RESOURCE_READ_RPS
        text += (f" **Extrapolated, not measured:** on {s.large:,} users the script would run about "
                 f"{at_pace:,.0f} s at its measured pace ({pages:,} pages, then {s.large:,} calls), losing a like "
                 f"share of the users; without losing any, at least {floor:,.0f} s — against cogsh's "
                 f"{big.wall:.0f} s measured" + (", with every user and membership." if not big.problems else "."))
    return text
