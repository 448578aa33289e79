"""The service's state and its one entry point: the pools (seeded or created), the
synthetic pool for ids nobody declared, the caller identity STS answers, and what the
tests read back (requests per operation, their bodies, answers per Username). One lock
guards it all; answers are computed under it, the latency is spent outside."""
import random
import threading

from . import ops_groups, ops_listing, ops_pools, ops_users  # noqa: F401  (they register the operations)
from .errors import ServiceError, pool_not_found
from .quotas import START
from .registry import ACCOUNT_OPERATIONS, POOL_OPERATIONS
from .seeding import build_pool
from .shapes import dump
from .sts import DEFAULT_IDENTITY
from .synthetic import SyntheticPool


class Service:
    def __init__(self, config):
        self.lock = threading.Lock()
        self.strict = bool(config.get("strict_pools", False))
        self.synthetic = SyntheticPool(int(config.get("users", 1000)), config.get("missing_prefix", "missing"))
        self.identity = dict(DEFAULT_IDENTITY)
        self.rng = random.Random(config.get("seed"))   # new subs and pool ids
        self.pools = {}
        self.operations = {}    # operation → requests (throttled included)
        self.answered = {}      # operation → Username → answers (throttled not included)
        self.requests = []      # (operation, arrival, body) of every admitted request
        for spec in config.get("pools", []):
            self.seed(spec)

    def seed(self, spec):
        pool = build_pool(spec, self.identity["Account"])
        with self.lock:
            self.pools[pool.id] = pool
        return {"id": pool.id, "users": len(pool.users), "groups": len(pool.groups)}

    def count(self, op):
        with self.lock:
            self.operations[op] = self.operations.get(op, 0) + 1

    def record(self, op, arrival, params):
        with self.lock:
            self.requests.append((op, arrival - START, params))

    def call(self, op, params, region):
        """The answer to an admitted request, or a ServiceError."""
        with self.lock:
            if "Username" in params:
                per_user = self.answered.setdefault(op, {})
                per_user[params["Username"]] = per_user.get(params["Username"], 0) + 1
            if op in ACCOUNT_OPERATIONS:
                return ACCOUNT_OPERATIONS[op](self, params, region)
            pool_id = params.get("UserPoolId")
            pool = self.pools.get(pool_id) if pool_id is not None else None
            if pool is None:
                if self.strict and pool_id is not None:
                    raise pool_not_found(pool_id)
                return self.synthetic.answer(op, params)
            handler = POOL_OPERATIONS.get(op)
            if handler is None:
                raise ServiceError("UnknownOperationException", "The stand-in does not implement %s." % op)
            return handler(self, pool, params)

    def reset_counts(self):
        with self.lock:
            self.operations.clear()
            self.answered.clear()
            self.requests.clear()

    def stats(self):
        with self.lock:
            return {"operations": dict(self.operations),
                    "answered": {op: dict(u) for op, u in self.answered.items()}}

    def requests_of(self, op):
        with self.lock:
            return [{"operation": o, "at": at, "body": body} for o, at, body in self.requests if op in (None, o)]

    def dump(self, pool_id):
        with self.lock:
            pool = self.pools.get(pool_id)
            return None if pool is None else dump(pool)

    def set_identity(self, body):
        account = str(body.get("account", self.identity["Account"]))
        with self.lock:
            self.identity = {"Account": account,
                             "Arn": body.get("arn", "arn:aws:iam::%s:user/cogsh-test" % account),
                             "UserId": body.get("user_id", self.identity["UserId"])}
            return dict(self.identity)
