"""How a snapshot's listing used the UserList quota, from the stand-in's record of admitted
requests (/__requests): when the first and last ListUsers / ListUsersInGroup calls
arrived, their average rate in between, the pages of each pagination (shard or group)
and when it ended, and how the rate held up over time. Also the floor the quota sets:
the pages a pool needs over 30 a second."""
import math
import time
import urllib.request
from types import SimpleNamespace

import harness

LISTING = ("ListUsers", "ListUsersInGroup")
PAGE = 60


def clock_offset(url):
    """Seconds to add to the stand-in's times ("at", since it started) to get this
    process's time.monotonic() (the same system clock). Measured with one call the
    stand-in records and never throttles: STS GetCallerIdentity, arriving within a
    millisecond of being sent on loopback."""
    req = urllib.request.Request(url + "/", method="POST", data=b"Action=GetCallerIdentity&Version=2011-06-15",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    sent = time.monotonic()
    with urllib.request.urlopen(req, timeout=10) as r:
        r.read()
    at = harness.endpoint_json(url, "/__requests?op=GetCallerIdentity", "GET")["requests"][-1]["at"]
    return sent - at


def pages_needed(dump, prefixes):
    """UserList calls a sharded snapshot of DUMP cannot do without: ceil(n / 60) per
    sub-prefix shard and per group, and one call for an empty one."""
    shard_users = {p: 0 for p in prefixes}
    members = {g["GroupName"]: 0 for g in dump["groups"]}
    for u in dump["users"]:
        shard_users[next(p for p in prefixes if u["sub"].startswith(p))] += 1
        for g in u["Groups"]:
            members[g] += 1
    shards = sum(max(1, math.ceil(n / PAGE)) for n in shard_users.values())
    groups = sum(max(1, math.ceil(n / PAGE)) for n in members.values())
    return shards, groups


def timeline(url):
    """The listing calls of the last run (since /__reset), in stand-in time."""
    calls = [r for r in harness.endpoint_json(url, "/__requests", "GET")["requests"] if r["operation"] in LISTING]
    calls.sort(key=lambda r: r["at"])
    times = [r["at"] for r in calls]
    first, last = times[0], times[-1]
    paginations = {}
    for r in calls:
        key = (f"shard {r['body'].get('Filter', '')}" if r["operation"] == "ListUsers"
               else f"group {r['body'].get('GroupName')}")
        p = paginations.setdefault(key, {"pages": 0, "end": 0.0})
        p["pages"] += 1
        p["end"] = r["at"]
    return SimpleNamespace(
        calls=len(times), first=first, last=last,
        rate=(len(times) - 1) / (last - first) if last > first else 0.0,
        list_users=sum(1 for r in calls if r["operation"] == "ListUsers"),
        in_group=sum(1 for r in calls if r["operation"] == "ListUsersInGroup"),
        last_list_users=max((r["at"] for r in calls if r["operation"] == "ListUsers"), default=first),
        paginations=paginations, times=times)


def windows(times, width=10.0):
    """Calls a second in consecutive WIDTH-second windows from the first call (the last
    window may be shorter)."""
    if not times:
        return []
    out, start, i = [], times[0], 0
    while i < len(times):
        end = start + width
        n = 0
        while i < len(times) and times[i] < end:
            n += 1
            i += 1
        span = min(width, times[-1] - start) if i == len(times) else width
        out.append(n / span if span > 0 else float(n))
        start = end
    return out


def tail(t, share=0.05):
    """(seconds, calls a second) of the last SHARE of the listing calls: stragglers, when a
    few paginations are left and each is bound by its round trip, show as a slow tail."""
    n = max(5, int(len(t.times) * share))
    seconds = t.times[-1] - t.times[-n]
    return seconds, (n - 1) / seconds if seconds > 0 else 0.0


def describe(t, offset, started, ended):
    """One line on where the time went, for the log and the doc."""
    pages = sorted(p["pages"] for p in t.paginations.values())
    ends = sorted(t.paginations.items(), key=lambda kv: kv[1]["end"])
    tail_s, tail_rate = tail(t)
    win = ", ".join(f"{r:.1f}" for r in windows(t.times))
    return (f"first listing call {t.first + offset - started:.2f} s after the process started, last "
            f"{t.last - t.first:.1f} s later, exit {ended - (t.last + offset):.2f} s after it; "
            f"{t.list_users} ListUsers + {t.in_group} ListUsersInGroup pages; pages per pagination "
            f"{pages[0]}–{pages[-1]}; last ListUsers at +{t.last_list_users - t.first:.1f} s; "
            f"last paginations to end: {', '.join(k for k, _ in ends[-3:])}; "
            f"the last 5 % of the calls took {tail_s:.1f} s ({tail_rate:.1f}/s); "
            f"UserList calls/s per 10 s: {win}")

