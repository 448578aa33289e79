"""scripts/bench sections 3 and 5 (sequential, pacing): N sequential
admin_update_user_attributes calls with boto3.

usage: python seq.py N POOL USER ENDPOINT [standard|adaptive]
Same protocol as seq.lua: START / END markers around the loop, then a counters line.
"""
import sys

import boto3
from botocore.config import Config

n, pool, user, endpoint = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
mode = sys.argv[5] if len(sys.argv) > 5 else None
cfg = Config(retries={"mode": mode}) if mode else None
client = boto3.client("cognito-idp", endpoint_url=endpoint, config=cfg)
update = client.admin_update_user_attributes
ok_n = failed = throttled = retries = 0
print("START", flush=True)
for i in range(1, n + 1):
    try:
        res = update(UserPoolId=pool, Username=user, UserAttributes=[
            {"Name": "email", "Value": f"user{i}@example.com"},
            {"Name": "email_verified", "Value": "true"},
        ])
        ok_n += 1
        retries += res.get("ResponseMetadata", {}).get("RetryAttempts", 0)
    except client.exceptions.TooManyRequestsException:
        failed += 1
        throttled += 1
    except Exception:
        failed += 1
print("END", flush=True)
print(f"ok={ok_n} failed={failed} throttled_errors={throttled} retries={retries}", flush=True)
