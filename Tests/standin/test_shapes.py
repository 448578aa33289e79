"""The same boto3 calls against moto and the stand-in give answers of the same shape:
the same keys, nested, values aside. Where the stand-in answers as the real service
does and moto does not, the difference is listed below with the reason."""
import pytest

from conftest import SHAPED

# Keys the real service returns and moto 5.2.1 leaves out (the stand-in has them).
REAL_ONLY = {
    "UserPool.DeletionProtection", "UserPool.AutoVerifiedAttributes", "UserPool.UserAttributeUpdateSettings",
    "UserPool.UserPoolTier", "UserPool.LambdaConfig",
    "UserPoolClient.CreationDate", "UserPoolClient.LastModifiedDate", "UserPoolClient.ExplicitAuthFlows",
    "UserPoolClient.TokenValidityUnits", "IdentityProvider.IdpIdentifiers",
    "DomainDescription.S3Bucket", "DomainDescription.Version", "DomainDescription.ManagedLoginVersion",
    "SmsMfaConfiguration",   # the seeded pool has an SMS role; the moto pool was given none
    "MFAOptions", "Users.MFAOptions",   # moto never fills MFAOptions (an SMS MFA user has one entry)
    # moto drops the standard attributes from a pool made with a Schema, and gives a
    # Number attribute StringAttributeConstraints.
    "UserPool.SchemaAttributes.StringAttributeConstraints.MinLength",
    "UserPool.SchemaAttributes.StringAttributeConstraints.MaxLength",
    "UserPool.SchemaAttributes.NumberAttributeConstraints",
}
# Keys moto sends that the real service does not (the stand-in leaves them out).
MOTO_ONLY = {
    # moto adds default messages of its own; the service answers with the ones a pool was given.
    "UserPool.SmsVerificationMessage", "UserPool.EmailVerificationMessage", "UserPool.EmailVerificationSubject",
    "UserPool.VerificationMessageTemplate.SmsMessage", "UserPool.VerificationMessageTemplate.EmailMessage",
    "UserPool.VerificationMessageTemplate.EmailSubject", "UserPool.AdminCreateUserConfig.InviteMessageTemplate",
}
# Present or not with the data (more items than a page), not with the implementation.
DATA_DEPENDENT = {"NextToken", "PaginationToken"}


def shape(value, path=""):
    """The set of key paths of an answer (a list's elements share its path)."""
    out = set()
    if isinstance(value, dict):
        for k, v in value.items():
            p = path + "." + k if path else k
            out.add(p)
            out |= shape(v, p)
    elif isinstance(value, list):
        for v in value:
            out |= shape(v, path)
    return out


def same_shape(moto_answer, standin_answer):
    for a in (moto_answer, standin_answer):
        a.pop("ResponseMetadata", None)
    m, s = shape(moto_answer) - DATA_DEPENDENT, shape(standin_answer) - DATA_DEPENDENT
    only_moto = {p for p in m - s if not any(p == x or p.startswith(x + ".") for x in MOTO_ONLY)}
    only_standin = {p for p in s - m if not any(p == x or p.startswith(x + ".") for x in REAL_ONLY)}
    assert (only_moto, only_standin) == (set(), set())


@pytest.fixture(scope="module")
def pools(moto, standin):
    """The SHAPED pool's configuration, made again in moto with the calls a user would."""
    m = moto.client()
    pool = m.create_user_pool(PoolName="shaped", Schema=[
        {"Name": "dept", "AttributeDataType": "String"}, {"Name": "tier", "AttributeDataType": "Number"}],
        UsernameConfiguration={"CaseSensitive": False}, AutoVerifiedAttributes=["email"],
        DeletionProtection="INACTIVE")["UserPool"]["Id"]
    m.set_user_pool_mfa_config(UserPoolId=pool, MfaConfiguration="OPTIONAL",
                               SoftwareTokenMfaConfiguration={"Enabled": True})
    client = m.create_user_pool_client(UserPoolId=pool, ClientName="web", GenerateSecret=True)["UserPoolClient"]
    provider = SHAPED["identity_providers"][0]
    m.create_identity_provider(UserPoolId=pool, **provider)
    m.create_resource_server(UserPoolId=pool, **SHAPED["resource_servers"][0])
    m.create_user_pool_domain(UserPoolId=pool, Domain="moto-example")
    m.create_group(UserPoolId=pool, GroupName="group01", Description="Group 1", Precedence=1,
                   RoleArn="arn:aws:iam::123456789012:role/group01-role")
    for c, p in ((m, pool), (standin.client(), SHAPED["id"])):
        c.admin_create_user(UserPoolId=p, Username="shape-user", MessageAction="SUPPRESS",
                            UserAttributes=[{"Name": "email", "Value": "shape@example.com"},
                                            {"Name": "phone_number", "Value": "+15550001111"}])
        c.admin_add_user_to_group(UserPoolId=p, Username="shape-user", GroupName="group01")
        c.admin_set_user_mfa_preference(UserPoolId=p, Username="shape-user",
                                        SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    s_client = standin.client().list_user_pool_clients(UserPoolId=SHAPED["id"], MaxResults=10)
    return {"moto": (m, pool, client["ClientId"], "moto-example"),
            "standin": (standin.client(), SHAPED["id"], s_client["UserPoolClients"][0]["ClientId"], SHAPED["domain"])}


READS = {
    "describe_user_pool": lambda c, p, cid, d: c.describe_user_pool(UserPoolId=p),
    "list_user_pools": lambda c, p, cid, d: c.list_user_pools(MaxResults=60),
    "get_user_pool_mfa_config": lambda c, p, cid, d: c.get_user_pool_mfa_config(UserPoolId=p),
    "list_user_pool_clients": lambda c, p, cid, d: c.list_user_pool_clients(UserPoolId=p, MaxResults=10),
    "describe_user_pool_client": lambda c, p, cid, d: c.describe_user_pool_client(UserPoolId=p, ClientId=cid),
    "list_identity_providers": lambda c, p, cid, d: c.list_identity_providers(UserPoolId=p),
    "describe_identity_provider": lambda c, p, cid, d: c.describe_identity_provider(UserPoolId=p, ProviderName="Google"),
    "list_resource_servers": lambda c, p, cid, d: c.list_resource_servers(UserPoolId=p, MaxResults=10),
    "describe_resource_server": lambda c, p, cid, d: c.describe_resource_server(
        UserPoolId=p, Identifier="https://api.example.com"),
    "describe_user_pool_domain": lambda c, p, cid, d: c.describe_user_pool_domain(Domain=d),
    "list_users": lambda c, p, cid, d: c.list_users(UserPoolId=p, Filter='username = "shape-user"'),
    "list_users_in_group": lambda c, p, cid, d: c.list_users_in_group(UserPoolId=p, GroupName="group01", Limit=1),
    "list_groups": lambda c, p, cid, d: c.list_groups(UserPoolId=p, Limit=1),
    "get_group": lambda c, p, cid, d: c.get_group(UserPoolId=p, GroupName="group01"),
    "admin_list_groups_for_user": lambda c, p, cid, d: c.admin_list_groups_for_user(UserPoolId=p, Username="shape-user"),
    "admin_get_user": lambda c, p, cid, d: c.admin_get_user(UserPoolId=p, Username="shape-user"),
}


@pytest.mark.parametrize("operation", sorted(READS))
def test_reads_have_the_same_shape(pools, operation):
    call = READS[operation]
    same_shape(call(*pools["moto"]), call(*pools["standin"]))


def test_writes_have_the_same_shape(pools):
    for name in ("moto", "standin"):
        c, p, _, _ = pools[name]
        pools[name + "-answers"] = [
            c.create_group(UserPoolId=p, GroupName="shape-group", Description="d", Precedence=7),
            c.update_group(UserPoolId=p, GroupName="shape-group", Description="e"),
            c.admin_create_user(UserPoolId=p, Username="shape-two", MessageAction="SUPPRESS",
                                UserAttributes=[{"Name": "custom:dept", "Value": "x"},
                                                {"Name": "email", "Value": "two@example.com"},
                                                {"Name": "email_verified", "Value": "true"}]),
            c.admin_update_user_attributes(UserPoolId=p, Username="shape-two",
                                           UserAttributes=[{"Name": "name", "Value": "Two"}]),
            c.admin_delete_user_attributes(UserPoolId=p, Username="shape-two", UserAttributeNames=["name"]),
            c.admin_disable_user(UserPoolId=p, Username="shape-two"),
            c.admin_enable_user(UserPoolId=p, Username="shape-two"),
            c.admin_set_user_password(UserPoolId=p, Username="shape-two", Password="Passw0rd!Shape", Permanent=True),
            c.admin_reset_user_password(UserPoolId=p, Username="shape-two"),
            c.admin_user_global_sign_out(UserPoolId=p, Username="shape-two"),
            c.admin_remove_user_from_group(UserPoolId=p, Username="shape-user", GroupName="group01"),
            c.add_custom_attributes(UserPoolId=p, CustomAttributes=[{"Name": "added", "AttributeDataType": "String"}]),
            c.delete_group(UserPoolId=p, GroupName="shape-group"),
            c.admin_delete_user(UserPoolId=p, Username="shape-two"),
            c.create_user_pool(PoolName="made", Schema=[{"Name": "dept", "AttributeDataType": "String"}],
                               UsernameAttributes=["email"], MfaConfiguration="OFF"),
        ]
    for m, s in zip(pools["moto-answers"], pools["standin-answers"]):
        same_shape(m, s)


def test_caller_identity_has_the_same_shape(moto, standin):
    same_shape(moto.client("sts").get_caller_identity(), standin.client("sts").get_caller_identity())


ERRORS = [
    ("UserNotFoundException", lambda c, p: c.admin_get_user(UserPoolId=p, Username="nobody-at-all")),
    ("UsernameExistsException", lambda c, p: c.admin_create_user(UserPoolId=p, Username="shape-user")),
    ("GroupExistsException", lambda c, p: c.create_group(UserPoolId=p, GroupName="group01")),
    ("ResourceNotFoundException", lambda c, p: c.get_group(UserPoolId=p, GroupName="no-such-group")),
    ("ResourceNotFoundException", lambda c, p: c.describe_user_pool(UserPoolId="us-east-1_NoSuchPool")),
    ("InvalidParameterException", lambda c, p: c.list_users(UserPoolId=p, Filter='custom:dept = "x"')),
    ("InvalidParameterException", lambda c, p: c.add_custom_attributes(
        UserPoolId=p, CustomAttributes=[{"Name": "dept", "AttributeDataType": "String"}])),
]


@pytest.mark.parametrize("code,call", ERRORS, ids=[e[0] + str(i) for i, e in enumerate(ERRORS)])
def test_errors_have_the_same_code(pools, code, call):
    for name in ("moto", "standin"):
        c, p, _, _ = pools[name]
        with pytest.raises(c.exceptions.ClientError) as error:
            call(c, p)
        assert error.value.response["Error"]["Code"] == code, name
