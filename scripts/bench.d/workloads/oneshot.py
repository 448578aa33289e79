"""scripts/bench section 2 (oneshot): one AdminUpdateUserAttributes call from a fresh
Python process.
usage: python oneshot.py ENDPOINT"""
import sys

import boto3

boto3.client("cognito-idp", endpoint_url=sys.argv[1]).admin_update_user_attributes(
    UserPoolId="us-east-1_Example1", Username="alice",
    UserAttributes=[{"Name": "email", "Value": "alice@example.com"},
                    {"Name": "email_verified", "Value": "true"}])
