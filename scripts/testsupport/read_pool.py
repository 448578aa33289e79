"""Reads a whole pool through boto3: the second opinion on what a restore made.
Usage: read_pool.py ENDPOINT POOL [ALIAS]  → JSON on stdout:
  {"users": {KEY: {"attributes": {name: value}, "enabled": bool, "status": str, "groups": [names]}},
   "groups": {name: {"precedence": n, "description": str, "role_arn": str}}, "custom_attributes": [names]}
KEY is the username, or the ALIAS attribute's value (e-mail) when given."""
import json
import sys

import boto3

endpoint, pool = sys.argv[1:3]
alias = sys.argv[3] if len(sys.argv) > 3 else None
client = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")

users, names = {}, {}
for page in client.get_paginator("list_users").paginate(UserPoolId=pool):
    for u in page["Users"]:
        attrs = {a["Name"]: a["Value"] for a in u.get("Attributes", [])}
        key = attrs.get(alias, u["Username"]) if alias else u["Username"]
        names[u["Username"]] = key
        users[key] = {"attributes": attrs, "enabled": u["Enabled"], "status": u["UserStatus"], "groups": []}

groups = {}
for page in client.get_paginator("list_groups").paginate(UserPoolId=pool):
    for g in page["Groups"]:
        groups[g["GroupName"]] = {"precedence": g.get("Precedence"), "description": g.get("Description"),
                                  "role_arn": g.get("RoleArn")}
        for members in client.get_paginator("list_users_in_group").paginate(UserPoolId=pool, GroupName=g["GroupName"]):
            for u in members["Users"]:
                users[names[u["Username"]]]["groups"].append(g["GroupName"])
for u in users.values():
    u["groups"].sort()

schema = client.describe_user_pool(UserPoolId=pool)["UserPool"].get("SchemaAttributes", [])
customs = sorted(a["Name"] for a in schema if a["Name"].startswith(("custom:", "dev:custom:")))
print(json.dumps({"users": users, "groups": groups, "custom_attributes": customs}, sort_keys=True))
