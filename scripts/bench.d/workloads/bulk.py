"""scripts/bench section 6 (bulk): N users read or updated by a boto3 ThreadPoolExecutor.

usage: python bulk.py read|update N POOL ENDPOINT THREADS
Standard retry mode (3 attempts), as boto3's documentation recommends for such jobs.
Same protocol as bulk.lua: START / END markers around the job, then a counters line.
"""
import sys
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

mode, n, pool, endpoint, threads = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
client = boto3.client("cognito-idp", endpoint_url=endpoint,
                      config=Config(retries={"mode": "standard"}, max_pool_connections=threads))


def one(i):
    name = f"user{i}"
    try:
        if mode == "read":
            client.admin_get_user(UserPoolId=pool, Username=name)
        else:
            client.admin_update_user_attributes(UserPoolId=pool, Username=name,
                                                UserAttributes=[{"Name": "custom:n", "Value": "1"}])
        return True
    except Exception:
        return False


print("START", flush=True)
with ThreadPoolExecutor(max_workers=threads) as pool_:
    results = list(pool_.map(one, range(1, n + 1)))
print("END", flush=True)
print(f"ok={sum(results)} failed={len(results) - sum(results)}", flush=True)
