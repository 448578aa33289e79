"""The pool model as the API answers it (field names from botocore's cognito-idp model),
and as /__dump gives it to tests: timestamps are epoch seconds, as the JSON protocol
sends them."""


def attribute_list(attributes, wanted=None):
    return [{"Name": n, "Value": v} for n, v in attributes.items() if wanted is None or n in wanted]


def user_type(user, wanted=None):
    """UserType: ListUsers, ListUsersInGroup, AdminCreateUser's User."""
    return {"Username": user.username, "Attributes": attribute_list(user.attributes, wanted),
            "UserCreateDate": user.created, "UserLastModifiedDate": user.modified,
            "Enabled": user.enabled, "UserStatus": user.status, "MFAOptions": list(user.mfa_options)}


def admin_get_user(user):
    answer = {"Username": user.username, "UserAttributes": attribute_list(user.attributes),
              "UserCreateDate": user.created, "UserLastModifiedDate": user.modified,
              "Enabled": user.enabled, "UserStatus": user.status, "MFAOptions": list(user.mfa_options),
              "UserMFASettingList": list(user.mfa_settings)}
    # The service leaves the preference out until one is set (moto sends "").
    if user.preferred_mfa:
        answer["PreferredMfaSetting"] = user.preferred_mfa
    return answer


def group_type(group, pool_id):
    answer = {"GroupName": group.name, "UserPoolId": pool_id, "LastModifiedDate": group.modified,
              "CreationDate": group.created}
    if group.description is not None:
        answer["Description"] = group.description
    if group.role_arn is not None:
        answer["RoleArn"] = group.role_arn
    if group.precedence is not None:
        answer["Precedence"] = group.precedence
    return answer


def pool_type(pool):
    """UserPoolType: DescribeUserPool and CreateUserPool."""
    answer = {"Id": pool.id, "Name": pool.name, "Arn": pool.arn, "CreationDate": pool.created,
              "LastModifiedDate": pool.modified, "LambdaConfig": {},
              "EstimatedNumberOfUsers": len(pool.users), "SchemaAttributes": list(pool.schema.values())}
    answer.update(pool.config)
    if pool.domain:
        answer["Domain"] = pool.domain["Domain"]
    return answer


def pool_description(pool):
    """UserPoolDescriptionType: ListUserPools."""
    return {"Id": pool.id, "Name": pool.name, "LambdaConfig": pool.config.get("LambdaConfig", {}),
            "CreationDate": pool.created, "LastModifiedDate": pool.modified}


def mfa_config(pool):
    answer = dict(pool.mfa_config)
    answer["MfaConfiguration"] = pool.config.get("MfaConfiguration", "OFF")
    return answer


def dumped_user(user):
    return {"Username": user.username, "sub": user.sub, "UserStatus": user.status, "Enabled": user.enabled,
            "UserCreateDate": user.created, "UserLastModifiedDate": user.modified,
            "Attributes": dict(user.attributes), "Groups": sorted(user.groups),
            "MFAOptions": list(user.mfa_options), "UserMFASettingList": list(user.mfa_settings),
            "PreferredMfaSetting": user.preferred_mfa}


def dump(pool):
    """GET /__dump: the whole pool, users in username order."""
    return {"pool": pool_type(pool), "mfa_config": mfa_config(pool),
            "users": [dumped_user(pool.users[name]) for name in sorted(pool.users)],
            "groups": [group_type(pool.groups[name], pool.id) for name in sorted(pool.groups)],
            "clients": list(pool.clients.values()), "identity_providers": list(pool.identity_providers.values()),
            "resource_servers": list(pool.resource_servers.values()), "domain": pool.domain}
