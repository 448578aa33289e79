"""The published Cognito quotas of the categories a snapshot (and the boto3 baseline beside
it) calls, as the stand-in's "categories" config: the rates and operations of
Sources/Cognito/Quotas/QuotaCategories.swift, which copies the "Quotas in Amazon Cognito"
page. Each bucket holds one second's worth and starts full, as the stand-in's default.

Only these categories are throttled; a call in any other category would pass unthrottled,
so the section checks (from /__stats) that no call fell outside them."""

CATEGORIES = {
    "UserList": {"rps": 30, "operations": ["ListUsers", "ListUsersInGroup"]},
    "UserRead": {"rps": 120, "operations": ["AdminGetUser", "GetUser"]},
    "UserResourceRead": {"rps": 50, "operations": [
        "AdminGetDevice", "AdminListGroupsForUser", "AdminListDevices", "GetDevice", "ListDevices",
        "GetUserAttributeVerificationCode", "ResendConfirmationCode", "AdminListUserAuthEvents"]},
    "UserPoolRead": {"rps": 15, "operations": ["DescribeUserPool", "ListUserPools"]},
    # 20 a second for the account and 5 a second for each pool, both at once.
    "UserPoolResourceRead": {"rps": 20, "per_pool_rps": 5, "operations": [
        "DescribeIdentityProvider", "DescribeResourceServer", "DescribeUserImportJob", "DescribeUserPoolDomain",
        "GetCSVHeader", "GetGroup", "GetSigningCertificate", "GetIdentityProviderByIdentifier",
        "GetUserPoolMfaConfig", "ListGroups", "ListIdentityProviders", "ListResourceServers",
        "ListTagsForResource", "ListUserImportJobs"]},
    "UserPoolClientRead": {"rps": 15, "operations": ["DescribeUserPoolClient", "ListUserPoolClients"]},
}

# The quota a snapshot's listing is bound by: ListUsers and ListUsersInGroup pages.
USER_LIST_RPS = CATEGORIES["UserList"]["rps"]
# What the baseline's one-call-per-user phase is bound by: AdminListGroupsForUser.
USER_RESOURCE_READ_RPS = CATEGORIES["UserResourceRead"]["rps"]
USER_READ_RPS = CATEGORIES["UserRead"]["rps"]


def unthrottled(operations):
    """The operations called (/__stats' "operations") that no category here throttles; the
    clock probe (GetCallerIdentity) aside."""
    known = {op for c in CATEGORIES.values() for op in c["operations"]}
    return sorted(op for op in operations if op not in known and op != "GetCallerIdentity")
