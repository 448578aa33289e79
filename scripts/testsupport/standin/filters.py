"""ListUsers' Filter (`name = "value"` exact, `name ^= "value"` prefix, one attribute, as
the API reference lists them) and the walk over a pool in sub order that answers it. The
walk starts after the sub a page token names; `sub` and `username` filters use the
indexes, so a sharded snapshot's page costs O(log n + page), not O(pool)."""
import bisect
import re

from .errors import invalid

SEARCHABLE = ("username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
              "cognito:user_status", "status", "sub")
_FILTER = re.compile(r'^\s*([\w:]+)\s*(\^=|=)\s*"((?:[^"\\]|\\.)*)"\s*$')


class Filter:
    def __init__(self, name, op, value):
        self.name = name
        self.prefix = op == "^="
        self.value = value
        # cognito:user_status is case-insensitive; username and status are not; the
        # reference says nothing of the others, and they are compared exactly here.
        self.fold = name == "cognito:user_status"
        if self.fold:
            self.value = value.upper()

    def field(self, user):
        if self.name == "username":
            return user.username
        if self.name == "cognito:user_status":
            return user.status.upper()
        if self.name == "status":
            return "Enabled" if user.enabled else "Disabled"
        return user.attributes.get(self.name)

    def matches(self, user):
        value = self.field(user)
        if value is None:
            return False
        return value.startswith(self.value) if self.prefix else value == self.value


def parse(text):
    """The Filter, or None for an absent or empty one (every user)."""
    if not text or not text.strip():
        return None
    match = _FILTER.match(text)
    if not match:
        raise invalid("Error while parsing filter.")
    name, op, value = match.groups()
    if name not in SEARCHABLE:
        raise invalid("Invalid search attribute: %s" % name)
    return Filter(name, op, re.sub(r"\\(.)", r"\1", value))


def walk(pool, subs, filt, after):
    """Users from `subs` (the pool's or a group's sorted subs) that pass `filt`, in sub
    order, starting after the sub `after`."""
    start = bisect.bisect_right(subs, after) if after else 0
    by_sub = pool.by_sub
    if filt is not None and filt.name == "sub":
        if not filt.prefix:
            i = bisect.bisect_left(subs, filt.value)
            if i >= start and i < len(subs) and subs[i] == filt.value:
                yield by_sub[subs[i]]
            return
        start = max(start, bisect.bisect_left(subs, filt.value))
        for i in range(start, len(subs)):
            if not subs[i].startswith(filt.value):
                return
            yield by_sub[subs[i]]
        return
    if filt is not None and filt.name == "username" and not filt.prefix and subs is pool.subs:
        user = pool.users.get(filt.value)
        if user is not None and (not after or user.sub > after):
            yield user
        return
    for i in range(start, len(subs)):
        user = by_sub[subs[i]]
        if filt is None or filt.matches(user):
            yield user
