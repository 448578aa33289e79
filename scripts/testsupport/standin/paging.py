"""Page tokens: opaque to clients, and stateless here. A token names the last item a
page gave (a sub, a group name, ...) and what was listed, so the next page is found by
position whoever presents it: a client that restarted, or this stand-in restarted with
the same seeded pool."""
import base64
import itertools
import json

from .errors import invalid


def encode(scope, after):
    raw = json.dumps({"s": scope, "a": after}, separators=(",", ":")).encode()
    return base64.b64encode(raw).decode()


def decode(token, scope):
    """The position a token names; None without a token."""
    if not token:
        return None
    try:
        data = json.loads(base64.b64decode(token.encode(), validate=True))
        if data["s"] == scope:
            return data["a"]
    except (ValueError, KeyError, TypeError):
        pass
    raise invalid("Invalid pagination token.")


def page(items, limit, key):
    """(the first `limit` of an iterator, the key of the last one when more follow)."""
    taken = list(itertools.islice(items, limit + 1))
    if len(taken) > limit:
        return taken[:limit], key(taken[limit - 1])
    return taken, None


def sorted_after(keys, after):
    """Keys in order, from the one after `after`."""
    return (k for k in sorted(keys) if after is None or k > after)
