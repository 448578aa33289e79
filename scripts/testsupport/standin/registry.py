"""Which function answers which operation. Pool operations receive the pool the
request's UserPoolId names (known pools only); account operations receive none."""
import time

POOL_OPERATIONS = {}      # name → fn(service, pool, params) → answer dict
ACCOUNT_OPERATIONS = {}   # name → fn(service, params, region) → answer dict


def pool_operation(name):
    def register(fn):
        POOL_OPERATIONS[name] = fn
        return fn
    return register


def account_operation(name):
    def register(fn):
        ACCOUNT_OPERATIONS[name] = fn
        return fn
    return register


def now():
    """Epoch seconds in whole milliseconds, as the service stamps its records."""
    return int(time.time() * 1000) / 1000


def attribute_map(entries):
    """A request's [{Name, Value}] as a dict (the last value of a repeated name wins)."""
    return {e["Name"]: e.get("Value", "") for e in entries or []}
