"""How a restore used each quota category over time, from the arrival times the stand-in
records per category (/__stats' "admitted" and "throttled", seconds since the stand-in
started), moved onto the bench's clock with listing.clock_offset and measured from the
restore process's start: when each category's first and last call came, its rate in
between, its rate in consecutive windows, and the pauses in it (a paced category whose
workers are all busy elsewhere shows as gaps between its calls)."""
from types import SimpleNamespace

# At 25 a second calls are 40 ms apart; a pause six times that is not pacing jitter.
GAP = 0.25


def category_use(stats, offset, started):
    """{category: namespace} for every category that admitted or throttled a call: times
    (seconds since the process started, sorted), throttles, most calls in flight."""
    out = {}
    for name, c in stats["categories"].items():
        if not c["admitted"] and not c["throttled"]:
            continue
        times = sorted(t + offset - started for t in c["admitted"])
        out[name] = SimpleNamespace(name=name, times=times, calls=len(times), throttled=len(c["throttled"]),
                                    in_flight=c["max_in_flight"],
                                    first=times[0] if times else None, last=times[-1] if times else None)
    return out


def rate(use):
    """Calls a second from the first call to the last (each interval one call)."""
    if use.calls < 2 or use.last <= use.first:
        return 0.0
    return (use.calls - 1) / (use.last - use.first)


def gaps(use, at_least=GAP):
    """(count, seconds in all, longest, where the longest began) of the pauses between
    consecutive calls longer than AT_LEAST."""
    found = [(b - a, a) for a, b in zip(use.times, use.times[1:]) if b - a > at_least]
    if not found:
        return 0, 0.0, 0.0, None
    longest = max(found)
    return len(found), sum(g for g, _ in found), longest[0], longest[1]


def windows(uses, end, width):
    """[(window start, {category: calls a second})] for consecutive WIDTH-second windows
    from the process's start to END (the last window may be shorter)."""
    out, start = [], 0.0
    while start < end:
        stop = min(start + width, end)
        span = stop - start
        out.append((start, {u.name: sum(1 for t in u.times if start <= t < stop) / span for u in uses}))
        start += width
    return out


def window_width(wall):
    """Ten seconds for a short run, thirty for a long one: a table of at most ~10 rows."""
    return 10.0 if wall < 120 else 30.0
