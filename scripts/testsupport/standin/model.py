"""A user pool in memory: users, groups and their indexes. Users are kept in order of
their `sub` (a sorted list beside the dicts) so a ListUsers page filtered by a sub
prefix, and every page's resumption, costs O(log n + page) however large the pool is;
group members are kept the same way. Lookups accept the username (case-folded when the
pool is case-insensitive) or, in pools that have them, an alias (e-mail, phone)."""
import bisect

from .errors import user_not_found


class User:
    __slots__ = ("username", "sub", "status", "enabled", "created", "modified", "attributes", "groups",
                 "mfa_options", "mfa_settings", "preferred_mfa", "totp")

    def __init__(self, username, sub, attributes, status="CONFIRMED", enabled=True, created=0.0, modified=None):
        self.username = username
        self.sub = sub
        # name → value, `sub` included and first, where the service lists it.
        self.attributes = attributes if next(iter(attributes), None) == "sub" else {"sub": sub, **attributes}
        self.attributes["sub"] = sub
        self.status = status
        self.enabled = enabled
        self.created = created
        self.modified = created if modified is None else modified
        self.groups = set()                   # group names
        self.mfa_options = []                 # MFAOptions (legacy SMS settings)
        self.mfa_settings = []                # UserMFASettingList
        self.preferred_mfa = None             # PreferredMfaSetting
        self.totp = False                     # an authenticator app is registered


class Group:
    __slots__ = ("name", "description", "precedence", "role_arn", "created", "modified", "members")

    def __init__(self, name, description=None, precedence=None, role_arn=None, created=0.0, modified=None):
        self.name = name
        self.description = description
        self.precedence = precedence
        self.role_arn = role_arn
        self.created = created
        self.modified = created if modified is None else modified
        self.members = []                     # subs, sorted


class Pool:
    def __init__(self, pool_id, name, arn, created, schema, config):
        self.id = pool_id
        self.name = name
        self.arn = arn
        self.created = created
        self.modified = created
        self.schema = schema                  # name → SchemaAttributeType
        self.config = config                  # DescribeUserPool's other fields (Policies, MfaConfiguration, ...)
        self.mfa_config = {}                  # GetUserPoolMfaConfig's fields besides MfaConfiguration
        self.clients = {}                     # ClientId → UserPoolClientType
        self.identity_providers = {}          # ProviderName → IdentityProviderType
        self.resource_servers = {}            # Identifier → ResourceServerType
        self.domain = None                    # DomainDescriptionType
        self.users = {}
        self.by_sub = {}
        self.subs = []
        self.folded = {}
        self.aliases = {}
        self.groups = {}

    @property
    def region(self):
        return self.id.split("_", 1)[0]

    @property
    def case_sensitive(self):
        return self.config.get("UsernameConfiguration", {}).get("CaseSensitive", True)

    @property
    def alias_names(self):
        return list(self.config.get("UsernameAttributes") or []) + list(self.config.get("AliasAttributes") or [])

    def alias_key(self, name, value):
        return (name, value if self.case_sensitive else value.lower())

    def _index_aliases(self, user, add):
        for name in self.alias_names:
            value = user.attributes.get(name)
            if value is None:
                continue
            key = self.alias_key(name, value)
            if add:
                self.aliases.setdefault(key, user)
            elif self.aliases.get(key) is user:
                del self.aliases[key]

    def find(self, name):
        """The user a Username names: its username, or an alias the pool signs in with."""
        user = self.users.get(name)
        if user is None and not self.case_sensitive:
            user = self.folded.get(name.lower())
        if user is None:
            for alias in self.alias_names:
                user = self.aliases.get(self.alias_key(alias, name))
                if user is not None:
                    break
        return user

    def require(self, name):
        user = self.find(name or "")
        if user is None:
            raise user_not_found()
        return user

    def add(self, user, keep_sorted=True):
        self.users[user.username] = user
        self.by_sub[user.sub] = user
        if keep_sorted:
            bisect.insort(self.subs, user.sub)
        else:
            self.subs.append(user.sub)
        if not self.case_sensitive:
            self.folded.setdefault(user.username.lower(), user)
        self._index_aliases(user, True)

    def add_many(self, users):
        """Seeding: index everything, then sort once (add's work, hoisted out of the loop)."""
        fold, aliases = not self.case_sensitive, self.alias_names
        for user in users:
            self.users[user.username] = user
            self.by_sub[user.sub] = user
            if fold:
                self.folded.setdefault(user.username.lower(), user)
            if aliases:
                self._index_aliases(user, True)
        self.subs.extend(user.sub for user in users)
        self.subs.sort()

    def remove(self, user):
        for name in list(user.groups):
            self.leave(user, self.groups[name])
        self._index_aliases(user, False)
        if self.folded.get(user.username.lower()) is user:
            del self.folded[user.username.lower()]
        del self.users[user.username]
        del self.by_sub[user.sub]
        del self.subs[bisect.bisect_left(self.subs, user.sub)]

    def set_attributes(self, user, values, now):
        self._index_aliases(user, False)
        user.attributes.update(values)
        self._index_aliases(user, True)
        user.modified = now

    def delete_attributes(self, user, names, now):
        self._index_aliases(user, False)
        for name in names:
            user.attributes.pop(name, None)
        self._index_aliases(user, True)
        user.modified = now

    def join(self, user, group):
        if group.name not in user.groups:
            user.groups.add(group.name)
            bisect.insort(group.members, user.sub)

    def leave(self, user, group):
        if group.name in user.groups:
            user.groups.discard(group.name)
            del group.members[bisect.bisect_left(group.members, user.sub)]

    def delete_group(self, group):
        for sub in group.members:
            self.by_sub[sub].groups.discard(group.name)
        del self.groups[group.name]
