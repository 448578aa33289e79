"""Cognito's request-rate quotas as token buckets: one per category for the account, and
with `per_pool_rps` one more per user pool (the quotas page: 5 a second per pool for
UserPoolResourceRead and UserPoolResourceUpdate). A request is admitted only when every
bucket it draws from holds a token; a throttled one takes none."""
import time

START = time.monotonic()


class Bucket:
    def __init__(self, rps, burst=None, background=0.0):
        self.rps = float(rps)
        self.burst = float(self.rps if burst is None else burst)
        self.background = float(background)
        self.reset()

    def reset(self):
        self.tokens = self.burst
        self.last = time.monotonic()
        self.admitted = []
        self.throttled = []

    def refill(self, now):
        """Adds what the rate gave since the last request, then lets the background
        client take its share."""
        elapsed = now - self.last
        self.last = now
        self.tokens = min(self.burst, self.tokens + elapsed * self.rps)
        self.tokens = max(0.0, self.tokens - elapsed * self.background)


class Category:
    def __init__(self, name, spec):
        self.name = name
        self.bucket = Bucket(spec["rps"], spec.get("burst"), spec.get("background", 0))
        self.operations = list(spec.get("operations", []))
        self.per_pool_rps = spec.get("per_pool_rps")
        self.per_pool_burst = spec.get("per_pool_burst", self.per_pool_rps)
        self.pools = {}            # pool id → Bucket
        self.in_flight = 0
        self.max_in_flight = 0

    def admit(self, now, pool_id):
        buckets = [self.bucket]
        if self.per_pool_rps and pool_id:
            if pool_id not in self.pools:
                self.pools[pool_id] = Bucket(self.per_pool_rps, self.per_pool_burst)
            buckets.append(self.pools[pool_id])
        for b in buckets:
            b.refill(now)
        ok = all(b.tokens >= 1.0 for b in buckets)
        at = now - START
        for b in buckets:
            if ok:
                b.tokens -= 1.0
                b.admitted.append(at)
            else:
                b.throttled.append(at)
        return ok

    def reset(self):
        self.bucket.reset()
        self.pools.clear()
        self.in_flight = 0
        self.max_in_flight = 0

    def stats(self):
        out = {"admitted": list(self.bucket.admitted), "throttled": list(self.bucket.throttled),
               "max_in_flight": self.max_in_flight}
        if self.per_pool_rps:
            out["pools"] = {pool_id: {"admitted": list(b.admitted), "throttled": list(b.throttled)}
                            for pool_id, b in self.pools.items()}
        return out


class Quotas:
    def __init__(self, categories):
        self.categories = {name: Category(name, spec) for name, spec in (categories or {}).items()}
        self.by_operation = {op: c for c in self.categories.values() for op in c.operations}

    def of(self, operation):
        return self.by_operation.get(operation)

    def reset(self):
        for c in self.categories.values():
            c.reset()

    def stats(self):
        return {name: c.stats() for name, c in self.categories.items()}
