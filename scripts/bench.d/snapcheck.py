"""Is a snapshot exact? Its SQLite file (tables as DESIGN.md "Snapshots" names them)
against the stand-in's own copy of the pool (/__dump): the same users with the same sub,
status, enabled flag and attributes, the same groups and the same memberships."""
import json
import sqlite3
import urllib.request


def dump(url, pool):
    """The stand-in's whole pool: large (100,000 users is ~100 MB of JSON), so read with a
    longer timeout than the control calls'."""
    with urllib.request.urlopen(f"{url}/__dump?pool={pool}", timeout=300) as r:
        return json.loads(r.read())


def from_dump(d):
    users = {u["Username"]: (u["sub"], u["UserStatus"], bool(u["Enabled"])) for u in d["users"]}
    attributes = {(u["Username"], k, v) for u in d["users"] for k, v in u["Attributes"].items()}
    groups = {g["GroupName"] for g in d["groups"]}
    members = {(u["Username"], g) for u in d["users"] for g in u["Groups"]}
    return users, attributes, groups, members


def from_file(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        users = {name: (sub, status, bool(enabled))
                 for name, sub, status, enabled in db.execute("SELECT username, sub, status, enabled FROM users")}
        attributes = set(db.execute("SELECT username, name, value FROM attributes"))
        groups = {name for (name,) in db.execute("SELECT name FROM groups")}
        members = set(db.execute("SELECT username, group_name FROM memberships"))
        complete = dict(db.execute("SELECT key, value FROM meta")).get("complete") == "1"
    finally:
        db.close()
    return users, attributes, groups, members, complete


def compare(path, d):
    """(users in the file, memberships in the file, [differences in words]); no
    differences means exact."""
    want_users, want_attrs, want_groups, want_members = from_dump(d)
    users, attrs, groups, members, complete = from_file(path)
    problems = []
    if not complete:
        problems.append("the file is not marked complete")
    missing, extra = want_users.keys() - users.keys(), users.keys() - want_users.keys()
    changed = sum(1 for name in want_users.keys() & users.keys() if want_users[name] != users[name])
    for n, what in ((len(missing), "users missing"), (len(extra), "users not in the pool"),
                    (changed, "users with another sub, status or enabled flag"),
                    (len(want_attrs - attrs), "attribute values missing or different"),
                    (len(attrs - want_attrs), "attribute values not in the pool"),
                    (len(want_groups ^ groups), "groups missing or extra"),
                    (len(want_members - members), "memberships missing"),
                    (len(members - want_members), "memberships not in the pool")):
        if n:
            problems.append(f"{n:,} {what}")
    return len(users), len(members), problems
