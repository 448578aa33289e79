"""One user's operations: read, create, change attributes, enable/disable, delete, MFA
preferences, passwords, sign-out, confirmation. Passwords are checked against the
pool's policy and never stored."""
import re

from .errors import ServiceError, invalid, not_authorized, required, validation
from .generate import new_sub
from .model import User
from .registry import attribute_map, now, pool_operation
from .schema import check_attributes
from .shapes import admin_get_user as admin_get_user_shape, user_type

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_PHONE = re.compile(r"^\+[0-9]{4,20}$")


@pool_operation("AdminGetUser")
def admin_get_user(service, pool, params):
    return admin_get_user_shape(pool.require(required(params, "Username")))


def _username_for(pool, name):
    """(internal username, attribute the name fills) for a new user: in a pool whose
    users sign in with an e-mail or phone number, the name is that attribute and the
    username a new uuid."""
    kinds = pool.config.get("UsernameAttributes") or []
    if not kinds:
        return name, None
    if "email" in kinds and _EMAIL.match(name):
        return None, "email"
    if "phone_number" in kinds and _PHONE.match(name):
        return None, "phone_number"
    if len(kinds) == 2:
        raise invalid("Username should be either an email or a phone number.")
    raise invalid("Username should be an email." if kinds == ["email"] else "Username should be a phone number.")


@pool_operation("AdminCreateUser")
def admin_create_user(service, pool, params):
    name = required(params, "Username")
    action = params.get("MessageAction")
    if action not in (None, "RESEND", "SUPPRESS"):
        raise validation("messageAction", action, "Member must satisfy enum value set: [RESEND, SUPPRESS]")
    if action == "RESEND":
        user = pool.require(name)
        if user.status != "FORCE_CHANGE_PASSWORD":
            raise ServiceError("UnsupportedUserStateException", "Resend not possible. %s status is not "
                               "FORCE_CHANGE_PASSWORD" % user.username)
        return {"User": user_type(user)}
    attributes = attribute_map(params.get("UserAttributes"))
    check_attributes(pool.schema, attributes, creating=True)
    if "TemporaryPassword" in params:
        _check_password(pool, params["TemporaryPassword"])
    username, filled = _username_for(pool, name)
    sub = new_sub(service.rng)
    if filled:
        if pool.find(name) is not None:
            raise ServiceError("UsernameExistsException", "An account with the given %s already exists."
                               % ("email" if filled == "email" else "phone_number"))
        attributes[filled] = name
        username = sub
    elif name in pool.users or (not pool.case_sensitive and name.lower() in pool.folded):
        raise ServiceError("UsernameExistsException", "User account already exists")
    stamp = now()
    user = User(username, sub, attributes, "FORCE_CHANGE_PASSWORD", True, stamp, stamp)
    pool.add(user)
    return {"User": user_type(user)}


def _unverify_changed(user, attributes):
    """A new e-mail or phone number is unverified unless the same call says otherwise."""
    for name in ("email", "phone_number"):
        if name in attributes and attributes[name] != user.attributes.get(name) \
                and name + "_verified" not in attributes:
            attributes[name + "_verified"] = "false"


def _check_aliases(pool, user, attributes):
    for name in pool.alias_names:
        if name in attributes:
            other = pool.aliases.get(pool.alias_key(name, attributes[name]))
            if other is not None and other is not user:
                raise ServiceError("AliasExistsException", "An account with the given %s already exists." % name)


@pool_operation("AdminUpdateUserAttributes")
def admin_update_user_attributes(service, pool, params):
    user = pool.require(required(params, "Username"))
    attributes = attribute_map(required(params, "UserAttributes"))
    check_attributes(pool.schema, attributes, creating=False)
    _check_aliases(pool, user, attributes)
    _unverify_changed(user, attributes)
    pool.set_attributes(user, attributes, now())
    return {}


@pool_operation("AdminDeleteUserAttributes")
def admin_delete_user_attributes(service, pool, params):
    user = pool.require(required(params, "Username"))
    names = required(params, "UserAttributeNames")
    check_attributes(pool.schema, names, creating=False)
    must_stay = [n for n in names if pool.schema[n]["Required"]]
    if must_stay:
        raise invalid("".join("user.%s: Required attribute cannot be deleted.\n" % n for n in must_stay))
    pool.delete_attributes(user, names, now())
    return {}


def _set_enabled(pool, params, enabled):
    user = pool.require(required(params, "Username"))
    user.enabled = enabled
    user.modified = now()
    return {}


@pool_operation("AdminDisableUser")
def admin_disable_user(service, pool, params):
    return _set_enabled(pool, params, False)


@pool_operation("AdminEnableUser")
def admin_enable_user(service, pool, params):
    return _set_enabled(pool, params, True)


@pool_operation("AdminDeleteUser")
def admin_delete_user(service, pool, params):
    pool.remove(pool.require(required(params, "Username")))
    return {}


_FACTORS = (("SMSMfaSettings", "SMS_MFA"), ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"),
            ("EmailMfaSettings", "EMAIL_OTP"))


@pool_operation("AdminSetUserMFAPreference")
def admin_set_user_mfa_preference(service, pool, params):
    user = pool.require(required(params, "Username"))
    for key, factor in _FACTORS:
        settings = params.get(key)
        if settings is None:
            continue
        if settings.get("Enabled"):
            if factor == "SMS_MFA" and "phone_number" not in user.attributes:
                raise invalid("User does not have a phone_number set to turn on SMS MFA")
            if factor == "SOFTWARE_TOKEN_MFA" and not user.totp:
                raise invalid("User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA")
            if factor == "EMAIL_OTP" and "email" not in user.attributes:
                raise invalid("User does not have an email set to turn on EMAIL_OTP MFA")
            if factor not in user.mfa_settings:
                user.mfa_settings.append(factor)
        elif factor in user.mfa_settings:
            user.mfa_settings.remove(factor)
        if settings.get("PreferredMfa") and settings.get("Enabled"):
            user.preferred_mfa = factor
        elif user.preferred_mfa == factor:
            user.preferred_mfa = None
    # ListUsers shows SMS MFA as the legacy MFAOptions entry.
    user.mfa_options = [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}] \
        if "SMS_MFA" in user.mfa_settings else []
    return {}


def _check_password(pool, password):
    policy = pool.config.get("Policies", {}).get("PasswordPolicy", {})
    problems = []
    if len(password) < int(policy.get("MinimumLength", 8)):
        problems.append("Password not long enough")
    for key, pattern, what in (("RequireUppercase", "[A-Z]", "uppercase"), ("RequireLowercase", "[a-z]", "lowercase"),
                               ("RequireNumbers", "[0-9]", "numeric"), ("RequireSymbols", r"[^A-Za-z0-9]", "symbol")):
        if policy.get(key, True) and not re.search(pattern, password):
            problems.append("Password must have %s characters" % what)
    if problems:
        raise ServiceError("InvalidPasswordException", "Password does not conform to policy: " + problems[0])


@pool_operation("AdminSetUserPassword")
def admin_set_user_password(service, pool, params):
    user = pool.require(required(params, "Username"))
    _check_password(pool, required(params, "Password"))
    user.status = "CONFIRMED" if params.get("Permanent") else "FORCE_CHANGE_PASSWORD"
    user.modified = now()
    return {}


@pool_operation("AdminResetUserPassword")
def admin_reset_user_password(service, pool, params):
    user = pool.require(required(params, "Username"))
    if not user.enabled:
        raise not_authorized("User is disabled.")
    if user.status not in ("CONFIRMED", "RESET_REQUIRED"):
        raise not_authorized("User password cannot be reset in the current state.")
    if user.attributes.get("email_verified") != "true" and user.attributes.get("phone_number_verified") != "true":
        raise invalid("Cannot reset password for the user as there is no registered/verified email or phone_number")
    user.status = "RESET_REQUIRED"
    user.modified = now()
    return {}


@pool_operation("AdminUserGlobalSignOut")
def admin_user_global_sign_out(service, pool, params):
    pool.require(required(params, "Username"))
    return {}


@pool_operation("AdminConfirmSignUp")
def admin_confirm_sign_up(service, pool, params):
    user = pool.require(required(params, "Username"))
    if user.status != "UNCONFIRMED":
        raise not_authorized("User cannot be confirmed. Current status is %s" % user.status)
    user.status = "CONFIRMED"
    user.modified = now()
    return {}
