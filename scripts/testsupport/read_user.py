"""Reads one user's attributes through boto3: the second opinion on what cogsh wrote.
Usage: read_user.py ENDPOINT POOL USERNAME  → a JSON object {name: value} on stdout."""
import json
import sys

import boto3

endpoint, pool, username = sys.argv[1:4]
client = boto3.client("cognito-idp", endpoint_url=endpoint, region_name="us-east-1",
                      aws_access_key_id="testing", aws_secret_access_key="testing")
user = client.admin_get_user(UserPoolId=pool, Username=username)
print(json.dumps({a["Name"]: a["Value"] for a in user["UserAttributes"]}, sort_keys=True))
