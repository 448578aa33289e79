"""Signs a batch of requests with botocore's SigV4Auth, for the differential signer
test. Reads a JSON list of cases on stdin, writes a JSON list of results (same order)
on stdout. Each case:
  method, url (scheme://host/path, no query), params [[name, value]] (decoded),
  headers [[name, value]] (order and repeats kept), body_hex, region, service,
  amz_date, access_key, secret_key, token (or null), sign_body (bool).
"""
import datetime
import hashlib
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials


def sign(case):
    creds = Credentials(case["access_key"], case["secret_key"], case.get("token"))
    when = datetime.datetime.strptime(case["amz_date"], "%Y%m%dT%H%M%SZ")
    request = AWSRequest(method=case["method"], url=case["url"], data=bytes.fromhex(case["body_hex"]))
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends: repeats are kept in order
    if case["params"]:
        request.params = [tuple(p) for p in case["params"]]
    if case.get("sign_body"):
        request.headers["X-Amz-Content-SHA256"] = hashlib.sha256(bytes.fromhex(case["body_hex"])).hexdigest()
    with mock.patch("botocore.auth.get_current_datetime", return_value=when):
        auth = botocore.auth.SigV4Auth(creds, case["service"], case["region"])
        auth.add_auth(request)
        return {"authorization": request.headers["Authorization"]}


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(c) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
