"""Every user of a pool through boto3, the second opinion on what a plan, an apply and
its undo did: Usage: pool_users.py ENDPOINT POOL → a JSON object on stdout,
{username: {"attributes": {name: value} (sub left out), "enabled": bool,
"status": str, "groups": [names]}}."""
import json
import sys

import boto3

endpoint, pool = sys.argv[1:3]
client = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
users = {}
for page in client.get_paginator("list_users").paginate(UserPoolId=pool):
    for user in page["Users"]:
        name = user["Username"]
        groups = client.admin_list_groups_for_user(UserPoolId=pool, Username=name)["Groups"]
        users[name] = {"attributes": {a["Name"]: a["Value"] for a in user["Attributes"] if a["Name"] != "sub"},
                       "enabled": user["Enabled"], "status": user["UserStatus"],
                       "groups": sorted(g["GroupName"] for g in groups)}
print(json.dumps(users, sort_keys=True))
