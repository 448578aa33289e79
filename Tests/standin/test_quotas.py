"""Quotas per account and per pool, latency, and a large pool: generated quickly, and
listed by sub shard at the cost of a page, not of the pool."""
import time

import pytest

from conftest import start_standin

READ = {"rps": 100, "per_pool_rps": 5, "operations": ["GetGroup", "ListGroups"]}


def test_a_per_pool_limit_throttles_one_pool_and_not_another():
    pools = [{"id": "us-east-1_PoolA", "groups": 1}, {"id": "us-east-1_PoolB", "groups": 1}]
    peer = start_standin({"latency": 0, "strict_pools": True, "pools": pools,
                          "categories": {"UserPoolResourceRead": READ}})
    try:
        c = peer.client()
        outcomes = {"us-east-1_PoolA": [], "us-east-1_PoolB": []}
        for pool in ["us-east-1_PoolA"] * 12 + ["us-east-1_PoolB"] * 3:
            try:
                c.get_group(UserPoolId=pool, GroupName="group01")
                outcomes[pool].append("ok")
            except c.exceptions.TooManyRequestsException:
                outcomes[pool].append("throttled")
        # The bucket starts full (5 tokens) and refills at 5 a second: 12 quick calls pass 5–6.
        assert 5 <= outcomes["us-east-1_PoolA"].count("ok") <= 7
        assert outcomes["us-east-1_PoolB"] == ["ok"] * 3
        category = peer.get("/__stats")["categories"]["UserPoolResourceRead"]
        per_pool = category["pools"]
        assert len(per_pool["us-east-1_PoolA"]["admitted"]) == outcomes["us-east-1_PoolA"].count("ok")
        assert len(per_pool["us-east-1_PoolA"]["throttled"]) == outcomes["us-east-1_PoolA"].count("throttled")
        assert len(per_pool["us-east-1_PoolB"]["admitted"]) == 3 and not per_pool["us-east-1_PoolB"]["throttled"]
        assert len(category["admitted"]) == len(per_pool["us-east-1_PoolA"]["admitted"]) + 3
        requests = peer.get("/__requests?op=GetGroup")["requests"]
        assert len(requests) == len(category["admitted"]), "throttled requests are not recorded"
        time.sleep(1.0)   # five more tokens
        c.get_group(UserPoolId="us-east-1_PoolA", GroupName="group01")
    finally:
        peer.stop()


def test_latency_applies_to_every_answer():
    peer = start_standin({"latency": 0.2, "pools": [{"id": "us-east-1_Slow1", "users": 3}]})
    try:
        c = peer.client()
        for call in (lambda: c.describe_user_pool(UserPoolId="us-east-1_Slow1"),
                     lambda: c.admin_get_user(UserPoolId="us-east-1_Slow1", Username="nobody"),
                     lambda: peer.client("sts").get_caller_identity()):
            start = time.monotonic()
            try:
                call()
            except c.exceptions.UserNotFoundException:
                pass
            assert time.monotonic() - start >= 0.2
    finally:
        peer.stop()


@pytest.fixture(scope="module")
def large():
    start = time.monotonic()
    peer = start_standin({"latency": 0, "pools": [{"id": "us-east-1_Large1", "users": 100_000, "seed": 3,
                                                    "groups": 10, "custom_attributes": ["dept"]}]}, seconds=30)
    peer.started_in = time.monotonic() - start
    yield peer
    peer.stop()


def test_a_100000_user_pool_starts_well_under_30_seconds(large):
    print("100,000 users: answering after %.1f s" % large.started_in)
    assert large.started_in < 20
    assert large.client().describe_user_pool(UserPoolId="us-east-1_Large1")["UserPool"]["EstimatedNumberOfUsers"] == 100_000


def test_a_shard_page_costs_a_page_not_the_pool(large):
    c = large.client()

    def timed(**params):
        best = float("inf")
        for _ in range(5):
            start = time.monotonic()
            page = c.list_users(UserPoolId="us-east-1_Large1", Limit=60, **params)
            best = min(best, time.monotonic() - start)
        return best, page

    scan, _ = timed(Filter='family_name = "nobody"')   # this filter walks every user
    for prefix in ("a", "a3"):
        seconds, page = timed(Filter='sub ^= "%s"' % prefix)
        assert len(page["Users"]) == 60 and "PaginationToken" in page
        resumed, _ = timed(Filter='sub ^= "%s"' % prefix, PaginationToken=page["PaginationToken"])
        assert max(seconds, resumed) < scan / 3, (prefix, seconds, resumed, scan)
