"""Sets up a moto server for assume-role tests, during its INITIAL_NO_AUTH_ACTION_COUNT
window: an IAM user with an allow-all policy and an access key (unless --no-user), and
for each role name given a role that any principal may assume (a name written
`name=EXTERNAL_ID` requires that external id) with an allow-all policy. Prints JSON:
{"AccessKeyId", "SecretAccessKey", "Roles": {name: arn}}. The number of calls it makes,
which the window must cover, is `calls_needed(roles, user)`: 3 for the user, 2 a role.
Usage: moto_roles.py <endpoint> [--no-user] role[=external-id]...
"""
import json
import sys

import boto3

ALLOW_ALL = json.dumps({"Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]})


def trust(external_id):
    statement = {"Effect": "Allow", "Principal": {"AWS": "*"},
                 "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}
    if external_id:
        statement["Condition"] = {"StringEquals": {"sts:ExternalId": external_id}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def main():
    endpoint, args = sys.argv[1], sys.argv[2:]
    with_user = "--no-user" not in args
    names = [a for a in args if a != "--no-user"]
    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
    out = {"Roles": {}}
    if with_user:
        iam.create_user(UserName="cogsh-admin")
        iam.put_user_policy(UserName="cogsh-admin", PolicyName="all", PolicyDocument=ALLOW_ALL)
        key = iam.create_access_key(UserName="cogsh-admin")["AccessKey"]
        out["AccessKeyId"], out["SecretAccessKey"] = key["AccessKeyId"], key["SecretAccessKey"]
    for spec in names:
        name, _, external_id = spec.partition("=")
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust(external_id))["Role"]
        iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=ALLOW_ALL)
        out["Roles"][name] = role["Arn"]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
