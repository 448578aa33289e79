"""Deterministic users and groups for a pool spec (`users: N` with `seed`): the same spec
always gives the same pool, byte for byte, so a test, a restarted stand-in and a client
resuming a page token all see one pool. Tuned to make 100,000 users in about a second:
one random.Random, a handful of draws per user, no uuid module."""
import json

from .model import Group, User

GIVEN = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Tim", "Margaret",
         "John", "Hedy", "Linus", "Sophie", "Niklaus", "Katherine", "Dennis", "Shafi", "Yukihiro"]
FAMILY = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman",
          "Berners-Lee", "Hamilton", "McCarthy", "Lamarr", "Torvalds", "Wilson", "Wirth", "Johnson", "Ritchie",
          "Goldwasser", "Matsumoto"]
STATUSES = {"CONFIRMED": 0.85, "UNCONFIRMED": 0.05, "FORCE_CHANGE_PASSWORD": 0.05, "RESET_REQUIRED": 0.05}
MEMBERSHIPS = [0.3, 0.4, 0.2, 0.1]   # weights of 0, 1, 2, 3 groups per user
SMS = {"DeliveryMedium": "SMS", "AttributeName": "phone_number"}


def new_sub(rng):
    """A uuid4-shaped sub from the pool's own generator."""
    n = rng.getrandbits(128)
    n = (n & ~(0xF000 << 64) | (0x4000 << 64)) & ~(0xC000 << 48) | (0x8000 << 48)
    h = "%032x" % n
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def _cumulative(weights):
    total, out = 0.0, []
    for name, weight in weights.items():
        total += float(weight)
        out.append((total, name))
    return [(t / total, name) for t, name in out]


def _pick(cumulative, x):
    for bound, name in cumulative:
        if x < bound:
            return name
    return cumulative[-1][1]


def _custom_generators(spec):
    """(name, share, values or None, data type) for each custom attribute a spec declares."""
    out = []
    for entry in spec.get("custom_attributes", []):
        entry = {"Name": entry} if isinstance(entry, str) else entry
        base = entry["Name"].split(":")[-1]
        prefix = "dev:custom:" if entry.get("DeveloperOnlyAttribute") else "custom:"
        out.append((prefix + base, float(entry.get("share", 1.0)), entry.get("values"),
                    entry.get("AttributeDataType", "String")))
    return out


def _custom_value(x, name, values, data_type):
    """A value from one uniform draw x in [0, 1)."""
    if values:
        return str(values[int(x * len(values))])
    if data_type == "Number":
        return str(int(x * 1000))
    if data_type == "Boolean":
        return "true" if x < 0.5 else "false"
    if data_type == "DateTime":
        return "2024-%02d-%02dT12:00:00Z" % (1 + int(x * 12), 1 + int(x * 336) % 28)
    return "%s-%d" % (name.split(":")[-1], int(x * 100))


def generated_groups(spec, account, created):
    groups = []
    for i in range(1, int(spec.get("groups", 0)) + 1):
        name = "group%02d" % i
        role = "arn:aws:iam::%s:role/%s-role" % (account, name) if i % 2 else None
        groups.append(Group(name, "Group %d" % i, i, role, created, created))
    return groups


def generated_users(spec, rng, pool_created, groups, providers):
    """The spec's `users` users, with their group names in User.groups (members are
    indexed by the caller)."""
    count = int(spec.get("users", 0))
    by_email = bool({"email", "phone_number"} & set(spec.get("username_attributes") or []))
    prefix = spec.get("username_prefix", "user")
    width = max(5, len(str(count)))
    start, end = spec.get("created_between", [1_600_000_000, pool_created])
    statuses = _cumulative(spec.get("statuses", STATUSES))
    disabled = float(spec.get("disabled", 0.05))
    verified = float(spec.get("email_verified", 0.8))
    phone_share = float(spec.get("phone", 0.4))
    mfa_share = float(spec.get("mfa", 0.1 if spec.get("mfa_configuration", "OFF") != "OFF" else 0.0))
    federated = float(spec.get("federated", 0.02 if providers else 0.0)) if providers else 0.0
    customs = _custom_generators(spec)
    member_weights = _cumulative({k: w for k, w in enumerate(spec.get("memberships", MEMBERSHIPS))})
    group_names = [g.name for g in groups]
    users = []
    random_ = rng.random
    for i in range(1, count + 1):
        sub = new_sub(rng)
        given, family = GIVEN[int(random_() * 20)], FAMILY[int(random_() * 20)]
        attributes = {"sub": sub, "given_name": given, "family_name": family, "name": given + " " + family,
                      "email": ("%s.%s.%d@example.com" % (given, family, i)).lower(),
                      "email_verified": "true" if random_() < verified else "false"}
        has_phone = random_() < phone_share
        if has_phone:
            attributes["phone_number"] = "+1555%07d" % int(random_() * 10_000_000)
            attributes["phone_number_verified"] = "true" if random_() < 0.7 else "false"
        for name, share, values, data_type in customs:
            if share >= 1.0 or random_() < share:
                attributes[name] = _custom_value(random_(), name, values, data_type)
        username = sub if by_email else "%s%0*d" % (prefix, width, i)
        status = _pick(statuses, random_())
        if federated and random_() < federated:
            provider = providers[int(random_() * len(providers))]
            user_id = str(rng.getrandbits(60))
            username = "%s_%s" % (provider["ProviderName"], user_id)
            status = "EXTERNAL_PROVIDER"
            attributes["identities"] = json.dumps([{
                "userId": user_id, "providerName": provider["ProviderName"],
                "providerType": provider.get("ProviderType", "OIDC"), "issuer": None, "primary": "true",
                "dateCreated": str(int(start * 1000))}])
        # Whole milliseconds, as the service keeps them.
        created = int((start + (end - start) * random_()) * 1000) / 1000
        user = User(username, sub, attributes, status, random_() >= disabled, created,
                    int((created + (end - created) * random_()) * 1000) / 1000)
        if mfa_share and random_() < mfa_share:
            kind = "SMS_MFA" if has_phone else "SOFTWARE_TOKEN_MFA"
            user.mfa_settings = [kind]
            user.preferred_mfa = kind
            if has_phone:
                user.mfa_options = [dict(SMS)]
            else:
                user.totp = True
        if group_names:
            k = min(_pick(member_weights, random_()), len(group_names))
            while len(user.groups) < k:   # a small sample without rng.sample's overhead
                user.groups.add(group_names[int(random_() * len(group_names))])
        users.append(user)
    _case_duplicates(users, int(spec.get("email_case_duplicates", 0)), rng)
    return users


def _case_duplicates(users, count, rng):
    """Gives `count` users the e-mail of another user in other letter case, as pools
    created case-sensitive end up holding."""
    if len(users) < 2:
        return
    for _ in range(count):
        a, b = rng.sample(range(len(users)), 2)
        local, _, domain = users[a].attributes["email"].partition("@")
        users[b].attributes["email"] = local.title() + "@" + domain.upper()
