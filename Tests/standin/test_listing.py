"""ListUsers and ListUsersInGroup as a snapshot uses them: filters, shards by sub
prefix that partition the pool exactly, page tokens that resume after a restart, and
the ground truth of /__dump equal to what a full walk returns."""
import collections

import pytest

from conftest import LISTED, SHAPED, start_standin, walk

POOL = LISTED["id"]


@pytest.fixture(scope="module")
def truth(standin):
    return {u["Username"]: u for u in standin.get("/__dump?pool=" + POOL)["users"]}


def sub_of(user):
    return next(a["Value"] for a in user["Attributes"] if a["Name"] == "sub")


def names(users):
    return sorted(u["Username"] for u in users)


def listed(client, filt, **params):
    return names(walk(client, "list_users", "PaginationToken", "PaginationToken", UserPoolId=POOL, Filter=filt, **params))


def test_equals_and_prefix_filters(standin, truth):
    c = standin.client()
    some = truth["user00042"]
    email, given, sub = some["Attributes"]["email"], some["Attributes"]["given_name"], some["sub"]
    cases = [
        ('username = "user00042"', lambda u: u["Username"] == "user00042"),
        ('username ^= "user001"', lambda u: u["Username"].startswith("user001")),
        ('email = "%s"' % email, lambda u: u["Attributes"].get("email") == email),
        ('given_name ^= "%s"' % given[:2], lambda u: u["Attributes"].get("given_name", "").startswith(given[:2])),
        ('phone_number ^= "+1555"', lambda u: "phone_number" in u["Attributes"]),
        ('sub = "%s"' % sub, lambda u: u["sub"] == sub),
        ('status = "Disabled"', lambda u: not u["Enabled"]),
        ('cognito:user_status = "unconfirmed"', lambda u: u["UserStatus"] == "UNCONFIRMED"),
        ('family_name = "Nobody"', lambda u: False),
    ]
    for text, want in cases:
        expected = sorted(n for n, u in truth.items() if want(u))
        assert listed(c, text) == expected, text
    assert 0 < len(listed(c, 'status = "Disabled"')) < len(truth)


def test_sub_prefixes_of_one_and_two_digits_partition_the_pool(standin, truth):
    c = standin.client()
    hexdigits = "0123456789abcdef"
    for shards in ([h for h in hexdigits], [a + b for a in hexdigits for b in hexdigits]):
        seen = collections.Counter()
        for prefix in shards:
            users = walk(c, "list_users", "PaginationToken", "PaginationToken", UserPoolId=POOL,
                         Filter='sub ^= "%s"' % prefix)
            assert all(sub_of(u).startswith(prefix) for u in users), prefix
            seen.update(u["Username"] for u in users)
        assert set(seen) == set(truth) and set(seen.values()) == {1}, "%d shards" % len(shards)


def test_limits_and_attributes_to_get(standin):
    c = standin.client()
    assert len(c.list_users(UserPoolId=POOL, Limit=7)["Users"]) == 7
    with pytest.raises(c.exceptions.InvalidParameterException) as error:
        c.list_users(UserPoolId=POOL, Limit=61)
    assert "less than or equal to 60" in str(error.value)
    with pytest.raises(c.exceptions.InvalidParameterException):
        c.list_users_in_group(UserPoolId=POOL, GroupName="group01", Limit=61)
    with pytest.raises(c.exceptions.InvalidParameterException):
        c.list_users(UserPoolId=POOL, Filter="email = unquoted")
    users = c.list_users(UserPoolId=POOL, Limit=5, AttributesToGet=["email"])["Users"]
    assert [[a["Name"] for a in u["Attributes"]] for u in users] == [["email"]] * 5


def test_pagination_tokens_resume_in_a_new_client_and_a_restarted_standin(standin):
    first = standin.client().list_users(UserPoolId=POOL, Filter='sub ^= "a"', Limit=10)
    token = first["PaginationToken"]
    expected = standin.client().list_users(UserPoolId=POOL, Filter='sub ^= "a"', Limit=10, PaginationToken=token)
    again = start_standin({"latency": 0, "pools": [LISTED]})
    try:
        resumed = again.client().list_users(UserPoolId=POOL, Filter='sub ^= "a"', Limit=10, PaginationToken=token)
        assert names(resumed["Users"]) == names(expected["Users"]) and not set(names(resumed["Users"])) & set(
            names(first["Users"]))
        group_page = standin.client().list_users_in_group(UserPoolId=POOL, GroupName="group02", Limit=5)
        resumed = again.client().list_users_in_group(UserPoolId=POOL, GroupName="group02", Limit=5,
                                                     NextToken=group_page["NextToken"])
        direct = standin.client().list_users_in_group(UserPoolId=POOL, GroupName="group02", Limit=5,
                                                      NextToken=group_page["NextToken"])
        assert names(resumed["Users"]) == names(direct["Users"])
    finally:
        again.stop()
    with pytest.raises(standin.client().exceptions.InvalidParameterException):
        standin.client().list_users(UserPoolId=POOL, Filter='sub ^= "b"', PaginationToken=token)


def test_dump_equals_a_full_listing(standin, truth):
    c = standin.client()
    listing = {u["Username"]: u for u in walk(c, "list_users", "PaginationToken", "PaginationToken", UserPoolId=POOL)}
    groups = walk(c, "list_groups", "NextToken", "NextToken", UserPoolId=POOL, Limit=2)
    members = collections.defaultdict(list)
    for g in groups:
        for u in walk(c, "list_users_in_group", "NextToken", "NextToken", UserPoolId=POOL, GroupName=g["GroupName"]):
            members[u["Username"]].append(g["GroupName"])
    assert set(listing) == set(truth)
    for name, user in truth.items():
        live = listing[name]
        assert {a["Name"]: a["Value"] for a in live["Attributes"]} == user["Attributes"]
        assert (live["UserStatus"], live["Enabled"], live["UserCreateDate"].timestamp(),
                live["UserLastModifiedDate"].timestamp()) == (
            user["UserStatus"], user["Enabled"], user["UserCreateDate"], user["UserLastModifiedDate"])
        assert sorted(members.get(name, [])) == user["Groups"]
    dumped = standin.get("/__dump?pool=" + POOL)
    assert [g["GroupName"] for g in dumped["groups"]] == [g["GroupName"] for g in groups]
    assert dumped["pool"]["EstimatedNumberOfUsers"] == len(truth) == LISTED["users"]


def test_generation_is_deterministic_and_varied(standin):
    dumped = standin.get("/__dump?pool=" + SHAPED["id"])
    users = [u for u in dumped["users"] if u["Username"].startswith("user")]
    statuses = collections.Counter(u["UserStatus"] for u in users)
    assert statuses["CONFIRMED"] > len(users) / 2 and len(statuses) >= 4, statuses
    assert any(not u["Enabled"] for u in users) and any(u["UserMFASettingList"] for u in users)
    assert any(u["UserStatus"] == "EXTERNAL_PROVIDER" and "identities" in u["Attributes"] for u in dumped["users"])
    emails = collections.Counter(u["Attributes"]["email"].lower() for u in dumped["users"] if "email" in u["Attributes"])
    assert 1 <= sum(1 for n in emails.values() if n > 1) <= SHAPED["email_case_duplicates"]
    assert len({u["UserCreateDate"] for u in users}) > len(users) * 0.9
    assert all("custom:dept" in u["Attributes"] for u in users)
    assert "custom:dept" in {a["Name"] for a in dumped["pool"]["SchemaAttributes"]}
    # The same spec in another process gives the same users.
    again = start_standin({"latency": 0, "pools": [SHAPED]})
    try:
        fresh = {u["Username"]: u for u in again.get("/__dump?pool=" + SHAPED["id"])["users"]}
    finally:
        again.stop()
    assert {(u["Username"], u["sub"], str(u["Attributes"])) for u in users} == {
        (u["Username"], u["sub"], str(u["Attributes"])) for n, u in fresh.items() if n.startswith("user")}
