"""scripts/bench section 7 (snapshot): the baseline, a pool's users and their groups taken
the way today's backup tools do it with boto3. One ListUsers pagination (Limit 60), one
page after another; then one AdminListGroupsForUser per user on a ThreadPoolExecutor of
16; boto3's default retries (legacy mode: up to 5 attempts for the errors it retries,
which do not include Cognito's TooManyRequestsException); the users written to one
JSON file at the end, as such tools do.

usage: python snapshot_boto3.py POOL ENDPOINT OUT.json
Prints one line: listed=N failed=F pages=P listing_ms=L groups_ms=G. A user whose group
call finally failed is one the backup lost (failed); if the pagination itself fails the
users after it are lost too (the driver counts those against the pool).
"""
import json
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

pool, endpoint, out = sys.argv[1], sys.argv[2], sys.argv[3]
# Retries untouched (legacy mode, the default). The connection pool matches the threads,
# so boto3 is not charged for reconnecting (its default of 10 would warn and reconnect).
client = boto3.client("cognito-idp", endpoint_url=endpoint, config=Config(max_pool_connections=16))

t0 = time.monotonic()
users, pages = [], 0
try:
    for page in client.get_paginator("list_users").paginate(UserPoolId=pool, PaginationConfig={"PageSize": 60}):
        pages += 1
        users.extend(page["Users"])
except Exception as e:  # noqa: BLE001 - a tool stops listing here; what follows is lost
    print(f"ListUsers failed after {len(users)} users: {e}", file=sys.stderr)
t1 = time.monotonic()


def groups_of(user):
    """The user with its group names, or None when the call finally failed."""
    try:
        answer = client.admin_list_groups_for_user(UserPoolId=pool, Username=user["Username"], Limit=60)
        return dict(user, Groups=[g["GroupName"] for g in answer["Groups"]])
    except Exception:  # noqa: BLE001
        return None


with ThreadPoolExecutor(max_workers=16) as executor:
    results = list(executor.map(groups_of, users))
t2 = time.monotonic()

kept = [u for u in results if u is not None]
with open(out, "w") as f:
    json.dump(kept, f, default=str)
print(f"listed={len(users)} failed={len(users) - len(kept)} pages={pages} "
      f"listing_ms={(t1 - t0) * 1000:.0f} groups_ms={(t2 - t1) * 1000:.0f}", flush=True)
