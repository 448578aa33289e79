"""Is a restore exact? The target pool against the source pool, both from the stand-in's
own copies (/__dump), leaving out what a restore cannot carry over (DESIGN.md, "Restore,
verify and clone"): federated users (not created), `sub` (a new one is issued), the
status (restored users are FORCE_CHANGE_PASSWORD) and TOTP (its secret cannot be read).
What must match: the users, every other attribute, the enabled flag, the groups (with
their description, precedence and role), the memberships, and SMS MFA preferences.

Also what the restore has to send for that pool, which the section's bound is made of."""
from types import SimpleNamespace

FEDERATED = "EXTERNAL_PROVIDER"
NOT_CARRIED = ("sub", "identities")


def restorable(dump):
    """The source's users a restore creates: all but the federated ones."""
    return [u for u in dump["users"] if u["UserStatus"] != FEDERATED]


def sms_mfa(user):
    """(SMS MFA on, preferred) — the part of a user's MFA a restore sets again."""
    return ("SMS_MFA" in user["UserMFASettingList"], user["PreferredMfaSetting"] == "SMS_MFA")


def work(dump, mfa_restored):
    """The calls a restore of DUMP needs, by kind (MFA_RESTORED: the snapshot has the
    users' MFA, from --details, and the target allows SMS MFA)."""
    users = restorable(dump)
    return SimpleNamespace(
        users=len(users), federated=len(dump["users"]) - len(users), groups=len(dump["groups"]),
        creates=len(users), disables=sum(1 for u in users if not u["Enabled"]),
        memberships=sum(len(u["Groups"]) for u in users),
        mfa=sum(1 for u in users if sms_mfa(u)[0]) if mfa_restored else 0)


def _users(users):
    return {u["Username"]: u for u in users}


def _attributes(users):
    return {(u["Username"], k, v) for u in users for k, v in u["Attributes"].items() if k not in NOT_CARRIED}


def _groups(dump):
    return {(g["GroupName"], g.get("Description"), g.get("Precedence"), g.get("RoleArn")) for g in dump["groups"]}


def _members(users):
    return {(u["Username"], g) for u in users for g in u["Groups"]}


def compare(source, target):
    """[differences in words] between the source's restorable users and the target; none
    means exact."""
    want, got = _users(restorable(source)), _users(target["users"])
    both = want.keys() & got.keys()
    problems = []
    for n, what in ((len(want.keys() - got.keys()), "users missing"),
                    (len(got.keys() - want.keys()), "users not in the source"),
                    (sum(1 for name in both if want[name]["Enabled"] != got[name]["Enabled"]),
                     "users with another enabled flag"),
                    (len(_attributes(want.values()) - _attributes(got.values())), "attribute values missing or different"),
                    (len(_attributes(got.values()) - _attributes(want.values())), "attribute values not in the source"),
                    (len(_groups(source) ^ _groups(target)), "groups missing, extra or different"),
                    (len(_members(want.values()) - _members(got.values())), "memberships missing"),
                    (len(_members(got.values()) - _members(want.values())), "memberships not in the source"),
                    (sum(1 for name in both if sms_mfa(want[name]) != sms_mfa(got[name])),
                     "users with another SMS MFA preference")):
        if n:
            problems.append(f"{n:,} {what}")
    return problems
