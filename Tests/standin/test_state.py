"""What the stand-in keeps: changes made through the API show in /__dump and in later
answers; pools seeded at run time; the requests recorded; the caller identity; and the
synthetic pool of undeclared ids, unchanged for the bulk-job tests and the bench."""
import urllib.error

import pytest

from conftest import start_standin

EXPLICIT = {
    "id": "eu-west-1_Explicit1", "name": "explicit", "custom_attributes": ["dept"],
    "username_attributes": ["email"], "mfa_configuration": "OPTIONAL",
    "group_list": [{"GroupName": "admins", "Description": "Admins", "Precedence": 1,
                    "RoleArn": "arn:aws:iam::123456789012:role/admins"}, {"GroupName": "staff"}],
    "user_list": [
        {"Username": "0d6d0b0c-0000-4000-8000-000000000001", "sub": "0d6d0b0c-0000-4000-8000-000000000001",
         "Attributes": {"email": "ada@example.com", "email_verified": "true", "custom:dept": "math"},
         "UserStatus": "CONFIRMED", "Enabled": False, "UserCreateDate": 1500000000.5, "UserLastModifiedDate": 1600000000,
         "Groups": ["admins", "staff"], "UserMFASettingList": ["SOFTWARE_TOKEN_MFA"],
         "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA"},
        {"Attributes": {"email": "alan@example.com"}, "UserStatus": "UNCONFIRMED"},
    ],
}


@pytest.fixture(scope="module")
def seeded(standin):
    assert standin.post("/__seed", EXPLICIT) == {"id": EXPLICIT["id"], "users": 2, "groups": 2}
    return standin.client(), EXPLICIT["id"]


def users_of(standin, pool):
    return {u["Username"]: u for u in standin.get("/__dump?pool=" + pool)["users"]}


def test_seeded_pool_is_as_specified(standin, seeded):
    c, pool = seeded
    ada = users_of(standin, pool)["0d6d0b0c-0000-4000-8000-000000000001"]
    assert (ada["Enabled"], ada["UserStatus"], ada["Groups"], ada["UserCreateDate"], ada["PreferredMfaSetting"]) == (
        False, "CONFIRMED", ["admins", "staff"], 1500000000.5, "SOFTWARE_TOKEN_MFA")
    by_alias = c.admin_get_user(UserPoolId=pool, Username="ada@example.com")
    assert by_alias["Username"] == ada["Username"] and by_alias["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    assert c.describe_user_pool(UserPoolId=pool)["UserPool"]["UsernameAttributes"] == ["email"]
    assert [g["GroupName"] for g in c.admin_list_groups_for_user(UserPoolId=pool, Username="ada@example.com")["Groups"]] \
        == ["admins", "staff"]
    with pytest.raises(urllib.error.HTTPError) as error:
        standin.post("/__seed", {"id": "us-east-1_Bad", "user_list": [{"Username": "x", "Attributes": {"custom:no": "1"}}]})
    assert error.value.code == 400


def test_email_username_pool_issues_uuid_usernames(standin, seeded):
    c, pool = seeded
    made = c.admin_create_user(UserPoolId=pool, Username="grace@example.com", MessageAction="SUPPRESS",
                               UserAttributes=[{"Name": "email_verified", "Value": "true"}],
                               ClientMetadata={"cogsh": "restore"})["User"]
    attributes = {a["Name"]: a["Value"] for a in made["Attributes"]}
    assert made["Username"] == attributes["sub"] != "grace@example.com" and attributes["email"] == "grace@example.com"
    assert made["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    with pytest.raises(c.exceptions.UsernameExistsException):
        c.admin_create_user(UserPoolId=pool, Username="grace@example.com", MessageAction="SUPPRESS")
    with pytest.raises(c.exceptions.InvalidParameterException):
        c.admin_create_user(UserPoolId=pool, Username="not-an-email", MessageAction="SUPPRESS")
    bodies = [r["body"] for r in standin.get("/__requests?op=AdminCreateUser")["requests"]]
    mine = [b for b in bodies if b.get("UserPoolId") == pool and b["Username"] == "grace@example.com"][0]
    assert mine["MessageAction"] == "SUPPRESS" and mine["ClientMetadata"] == {"cogsh": "restore"}


def test_changes_show_in_the_dump(standin, seeded):
    c, pool = seeded
    c.admin_create_user(UserPoolId=pool, Username="edsger@example.com", MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": "custom:dept", "Value": "cs"}, {"Name": "email_verified", "Value": "true"}])
    c.admin_update_user_attributes(UserPoolId=pool, Username="edsger@example.com", UserAttributes=[
        {"Name": "name", "Value": "Edsger"}, {"Name": "email", "Value": "ewd@example.com"}])
    c.admin_delete_user_attributes(UserPoolId=pool, Username="ewd@example.com", UserAttributeNames=["custom:dept"])
    c.admin_disable_user(UserPoolId=pool, Username="ewd@example.com")
    c.admin_add_user_to_group(UserPoolId=pool, Username="ewd@example.com", GroupName="staff")
    c.create_group(UserPoolId=pool, GroupName="new", Precedence=3)
    c.admin_add_user_to_group(UserPoolId=pool, Username="ewd@example.com", GroupName="new")
    c.admin_remove_user_from_group(UserPoolId=pool, Username="ewd@example.com", GroupName="staff")
    c.admin_set_user_password(UserPoolId=pool, Username="ewd@example.com", Password="Str0ng!Password", Permanent=True)
    c.add_custom_attributes(UserPoolId=pool, CustomAttributes=[{"Name": "team", "AttributeDataType": "String"}])
    c.admin_update_user_attributes(UserPoolId=pool, Username="ewd@example.com",
                                   UserAttributes=[{"Name": "custom:team", "Value": "blue"}])
    user = [u for u in users_of(standin, pool).values() if u["Attributes"].get("email") == "ewd@example.com"][0]
    assert user["Attributes"] == {"sub": user["sub"], "email": "ewd@example.com", "email_verified": "false",
                                  "name": "Edsger", "custom:team": "blue"}
    assert (user["Enabled"], user["UserStatus"], user["Groups"]) == (False, "CONFIRMED", ["new"])
    with pytest.raises(c.exceptions.InvalidParameterException) as error:
        c.admin_update_user_attributes(UserPoolId=pool, Username="ewd@example.com",
                                       UserAttributes=[{"Name": "custom:missing", "Value": "x"}])
    assert "custom:missing" in str(error.value)
    with pytest.raises(c.exceptions.AliasExistsException):
        c.admin_update_user_attributes(UserPoolId=pool, Username="ewd@example.com",
                                       UserAttributes=[{"Name": "email", "Value": "ada@example.com"}])
    c.delete_group(UserPoolId=pool, GroupName="new")
    c.admin_delete_user(UserPoolId=pool, Username="ewd@example.com")
    assert user["Username"] not in users_of(standin, pool)
    assert [g["GroupName"] for g in standin.get("/__dump?pool=" + pool)["groups"]] == ["admins", "staff"]


def test_clone_pool_and_mfa_preferences(standin):
    c = standin.client()
    made = c.create_user_pool(PoolName="clone", Schema=[{"Name": "dept", "AttributeDataType": "String"}],
                              MfaConfiguration="OFF", UsernameConfiguration={"CaseSensitive": False})["UserPool"]
    pool = made["Id"]
    assert pool.startswith("us-east-1_") and "custom:dept" in {a["Name"] for a in made["SchemaAttributes"]}
    assert pool in {p["Id"] for p in c.list_user_pools(MaxResults=60)["UserPools"]}
    c.admin_create_user(UserPoolId=pool, Username="Barbara", MessageAction="SUPPRESS",
                        UserAttributes=[{"Name": "phone_number", "Value": "+15550002222"}])
    c.admin_set_user_mfa_preference(UserPoolId=pool, Username="barbara",   # a case-insensitive pool
                                    SMSMfaSettings={"Enabled": True, "PreferredMfa": True})
    got = c.admin_get_user(UserPoolId=pool, Username="Barbara")
    assert (got["UserMFASettingList"], got["PreferredMfaSetting"], got["MFAOptions"]) == (
        ["SMS_MFA"], "SMS_MFA", [{"DeliveryMedium": "SMS", "AttributeName": "phone_number"}])
    with pytest.raises(c.exceptions.InvalidParameterException):
        c.admin_set_user_mfa_preference(UserPoolId=pool, Username="Barbara",
                                        SoftwareTokenMfaSettings={"Enabled": True})
    c.delete_user_pool(UserPoolId=pool)
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.describe_user_pool(UserPoolId=pool)


def test_caller_identity_is_settable(standin):
    sts = standin.client("sts")
    assert sts.get_caller_identity()["Account"] == "123456789012"
    standin.post("/__identity", {"account": "210987654321", "arn": "arn:aws:sts::210987654321:assumed-role/ops/me",
                                 "user_id": "AROAEXAMPLE:me"})
    try:
        got = sts.get_caller_identity()
        assert (got["Account"], got["Arn"], got["UserId"]) == (
            "210987654321", "arn:aws:sts::210987654321:assumed-role/ops/me", "AROAEXAMPLE:me")
    finally:
        standin.post("/__identity", {"account": "123456789012"})


def test_undeclared_pools_keep_the_synthetic_behaviour():
    peer = start_standin({"latency": 0, "users": 130, "missing_prefix": "missing",
                          "categories": {"UserRead": {"rps": 120, "operations": ["AdminGetUser"]}}})
    try:
        c = peer.client()
        pool = "us-east-1_Example1"
        assert c.admin_get_user(UserPoolId=pool, Username="anyone")["Username"] == "anyone"
        with pytest.raises(c.exceptions.UserNotFoundException):
            c.admin_get_user(UserPoolId=pool, Username="missing-7")
        pages = [c.list_users(UserPoolId=pool)]
        pages.append(c.list_users(UserPoolId=pool, PaginationToken=pages[0]["PaginationToken"]))
        pages.append(c.list_users(UserPoolId=pool, PaginationToken=pages[1]["PaginationToken"]))
        assert [len(p["Users"]) for p in pages] == [60, 60, 10] and pages[1]["PaginationToken"] == "120"
        assert pages[0]["Users"][0]["Username"] == "user00001" and "PaginationToken" not in pages[2]
        assert c.admin_update_user_attributes(UserPoolId=pool, Username="u", UserAttributes=[])["ResponseMetadata"]
        stats = peer.get("/__stats")
        assert stats["operations"] == {"AdminGetUser": 2, "ListUsers": 3, "AdminUpdateUserAttributes": 1}
        assert stats["answered"]["AdminGetUser"] == {"anyone": 1, "missing-7": 1}
        assert len(stats["categories"]["UserRead"]["admitted"]) == 2 and "pools" not in stats["categories"]["UserRead"]
        peer.get("/__reset")
        assert peer.get("/__stats")["operations"] == {}
    finally:
        peer.stop()


def test_strict_pools_answer_resource_not_found(standin):
    c = standin.client()
    with pytest.raises(c.exceptions.ResourceNotFoundException):
        c.admin_get_user(UserPoolId="us-east-1_Undeclared", Username="anyone")
