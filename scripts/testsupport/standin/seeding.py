"""A pool from a spec (the config's `pools` entries and POST /__seed): configuration,
then generated users and groups (`users`, `groups`, `seed`), then the explicit
`group_list` and `user_list`. A spec's mistakes raise ValueError, which /__seed
answers with HTTP 400."""
import gc
import random
import re

from . import poolconfig
from .generate import generated_groups, generated_users, new_sub
from .model import Group, User
from .schema import custom_definition, standard_schema

POOL_ID = re.compile(r"^[\w-]+_[0-9a-zA-Z]+$")


def build_pool(spec, account):
    # The cyclic collector would walk every user made so far, again and again: off while
    # building (100,000 users: 1.07 → 0.76 s of CPU), and what was built is then frozen
    # out of its sight, so that later collections during requests skip it too.
    gc.disable()
    try:
        pool = _build(spec, account)
    finally:
        gc.enable()
    gc.freeze()
    return pool


def _build(spec, account):
    pool_id = spec.get("id", "")
    if not POOL_ID.match(pool_id):
        raise ValueError("a pool spec needs an id like us-east-1_Example1, not %r" % pool_id)
    rng = random.Random(spec.get("seed", 0))
    created = float(spec.get("created", 1_700_000_000))
    schema = standard_schema()
    for entry in spec.get("custom_attributes", []):
        name, definition = custom_definition(entry)
        schema[name] = definition
    config = poolconfig.default_config()
    config["MfaConfiguration"] = spec.get("mfa_configuration", "OFF")
    config["UsernameConfiguration"] = {"CaseSensitive": bool(spec.get("case_sensitive", False))}
    for key, field in (("username_attributes", "UsernameAttributes"), ("alias_attributes", "AliasAttributes"),
                       ("policies", "Policies"), ("account_recovery", "AccountRecoverySetting"),
                       ("deletion_protection", "DeletionProtection")):
        if key in spec:
            config[field] = spec[key]
    config.update(spec.get("user_pool", {}))
    pool = poolconfig.new_pool(pool_id, spec.get("name", pool_id), account, created, schema, config)
    pool.mfa_config = spec.get("mfa_config") or poolconfig.default_mfa_config(config["MfaConfiguration"], account,
                                                                              pool.region)
    for entry in spec.get("clients", []):
        c = poolconfig.client(pool, entry, rng, created)
        pool.clients[c["ClientId"]] = c
    for entry in spec.get("identity_providers", []):
        pool.identity_providers[entry["ProviderName"]] = poolconfig.identity_provider(pool, entry, created)
    for entry in spec.get("resource_servers", []):
        pool.resource_servers[entry["Identifier"]] = poolconfig.resource_server(pool, entry)
    if spec.get("domain"):
        pool.domain = poolconfig.domain(pool, spec["domain"], account)

    for group in generated_groups(spec, account, created):
        pool.groups[group.name] = group
    for entry in spec.get("group_list", []):
        pool.groups[entry["GroupName"]] = Group(entry["GroupName"], entry.get("Description"), entry.get("Precedence"),
                                                entry.get("RoleArn"), entry.get("CreationDate", created),
                                                entry.get("LastModifiedDate"))
    users = generated_users(spec, rng, created, list(pool.groups.values()),
                            list(pool.identity_providers.values()))
    users += [_explicit_user(pool, entry, rng, created) for entry in spec.get("user_list", [])]
    _check_unique(users)
    pool.add_many(users)
    for user in users:
        for name in user.groups:
            if name not in pool.groups:
                raise ValueError("user %s is in group %r, which the spec does not define" % (user.username, name))
            pool.groups[name].members.append(user.sub)
    for group in pool.groups.values():
        group.members.sort()
    return pool


def _explicit_user(pool, entry, rng, created):
    attributes = entry.get("Attributes", {})
    if isinstance(attributes, list):
        attributes = {a["Name"]: a["Value"] for a in attributes}
    attributes = dict(attributes)
    unknown = [n for n in attributes if n not in pool.schema]
    if unknown:
        raise ValueError("user %s has attributes the pool's schema lacks: %s (declare them in custom_attributes)"
                         % (entry.get("Username"), ", ".join(unknown)))
    sub = entry.get("sub") or attributes.get("sub") or new_sub(rng)
    username = entry.get("Username")
    if not username:
        if not pool.config.get("UsernameAttributes"):
            raise ValueError("a user_list entry needs a Username")
        username = sub
    user = User(username, sub, attributes, entry.get("UserStatus", "CONFIRMED"), bool(entry.get("Enabled", True)),
                float(entry.get("UserCreateDate", created)), entry.get("UserLastModifiedDate"))
    user.groups.update(entry.get("Groups", []))
    user.mfa_options = list(entry.get("MFAOptions", []))
    user.mfa_settings = list(entry.get("UserMFASettingList", []))
    user.preferred_mfa = entry.get("PreferredMfaSetting")
    user.totp = "SOFTWARE_TOKEN_MFA" in user.mfa_settings
    return user


def _check_unique(users):
    names, subs = set(), set()
    for user in users:
        if user.username in names or user.sub in subs:
            raise ValueError("two users share the username %s or the sub %s" % (user.username, user.sub))
        names.add(user.username)
        subs.add(user.sub)
