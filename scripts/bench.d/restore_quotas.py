"""The published Cognito quotas a restore runs under, as the stand-in's "categories"
config: the read categories of published_quotas.py (a restore reads the target's
configuration first) plus the four write categories it sends to, with the rates and
operations of Sources/Cognito/Quotas/QuotaCategories.swift. Each bucket holds one
second's worth and starts full, as the stand-in's default.

Only these categories are throttled; a call in any other category would pass unthrottled
and make the figures too kind, so the section checks (from /__stats) that none did."""
import published_quotas

WRITES = {
    "UserCreation": {"rps": 50, "operations": ["SignUp", "ConfirmSignUp", "AdminCreateUser", "AdminConfirmSignUp"]},
    "UserUpdate": {"rps": 25, "operations": [
        "AdminAddUserToGroup", "AdminDeleteUserAttributes", "AdminUpdateUserAttributes", "AdminDeleteUser",
        "AdminDisableUser", "AdminEnableUser", "AdminLinkProviderForUser", "AdminDisableProviderForUser",
        "VerifyUserAttribute", "DeleteUser", "DeleteUserAttributes", "UpdateUserAttributes", "AdminUserGlobalSignOut",
        "GlobalSignOut", "AdminRemoveUserFromGroup"]},
    "UserResourceUpdate": {"rps": 25, "operations": [
        "AdminForgetDevice", "AdminUpdateAuthEventFeedback", "AdminSetUserMFAPreference", "AdminSetUserSettings",
        "AdminUpdateDeviceStatus", "UpdateDeviceStatus", "UpdateAuthEventFeedback", "ConfirmDevice",
        "SetUserMFAPreference", "SetUserSettings", "VerifySoftwareToken", "AssociateSoftwareToken", "ForgetDevice"]},
    # 15 a second for the account and 5 a second for each pool, both at once.
    "UserPoolResourceUpdate": {"rps": 15, "per_pool_rps": 5, "operations": [
        "AddCustomAttributes", "CreateGroup", "CreateIdentityProvider", "CreateResourceServer", "CreateUserImportJob",
        "CreateUserPoolDomain", "DeleteGroup", "DeleteIdentityProvider", "DeleteResourceServer", "DeleteUserPoolDomain",
        "SetUserPoolMfaConfig", "StartUserImportJob", "StopUserImportJob", "UpdateGroup", "UpdateIdentityProvider",
        "UpdateResourceServer", "UpdateUserPoolDomain", "SetRiskConfiguration", "SetUICustomization", "TagResource",
        "UntagResource", "CreateManagedLoginBranding", "UpdateManagedLoginBranding", "DeleteManagedLoginBranding"]},
}

CATEGORIES = {**published_quotas.CATEGORIES, **WRITES}

# The rates the restore's bound is made of.
CREATE_RPS = WRITES["UserCreation"]["rps"]
UPDATE_RPS = WRITES["UserUpdate"]["rps"]
MFA_RPS = WRITES["UserResourceUpdate"]["rps"]
GROUP_RPS = WRITES["UserPoolResourceUpdate"]["per_pool_rps"]   # one target pool: its own 5 a second bind

# Where each of the restore's writes is counted, in the order a user's steps run.
WRITE_OPERATIONS = {"AdminCreateUser": "UserCreation", "AdminDisableUser": "UserUpdate",
                    "AdminSetUserMFAPreference": "UserResourceUpdate", "AdminAddUserToGroup": "UserUpdate",
                    "CreateGroup": "UserPoolResourceUpdate"}


def unthrottled(operations):
    """The operations called (/__stats' "operations") that no category here throttles; the
    clock probe (GetCallerIdentity) aside."""
    known = {op for c in CATEGORIES.values() for op in c["operations"]}
    return sorted(op for op in operations if op not in known and op != "GetCallerIdentity")
