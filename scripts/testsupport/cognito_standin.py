#!/usr/bin/env python3
"""A loopback stand-in for Cognito's user-pool API under its request-rate quotas, for
the bulk-job tests and scripts/bench.

Each answer comes after LATENCY seconds (a round trip to a Cognito region). Every
operation named in the config belongs to a quota category with a token bucket
(RPS tokens a second, holding at most BURST, starting full); a request that finds the
bucket empty is answered 400 TooManyRequestsException, as Cognito does. A category may
also carry BACKGROUND requests a second that another client takes from the same bucket.

Answers: AdminGetUser returns the user, AdminUpdateUserAttributes {}, ListUsers pages
through USERS users named user00001, ... (Limit, PaginationToken); a Username that
starts with MISSING_PREFIX gets UserNotFoundException. Other operations get {}.

GET /__stats returns, per category, the arrival times (monotonic seconds) of admitted
and throttled requests and the most requests ever in flight at once, the count of each
operation, and how often each Username was answered per operation; POST /__reset clears
them and refills the buckets.

usage: cognito_standin.py PORT CONFIG_JSON
  CONFIG_JSON: {"latency": 0.05, "users": 1000, "missing_prefix": "missing",
                "categories": {"UserRead": {"rps": 120, "burst": 120, "background": 0,
                                            "operations": ["AdminGetUser"]}, ...}}
"""
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
CONFIG = json.loads(open(sys.argv[2]).read()) if len(sys.argv) > 2 else {}
LATENCY = float(CONFIG.get("latency", 0.05))
USERS = int(CONFIG.get("users", 1000))
MISSING = CONFIG.get("missing_prefix", "missing")

lock = threading.Lock()
START = time.monotonic()


class Bucket:
    def __init__(self, name, spec):
        self.name = name
        self.rps = float(spec["rps"])
        self.burst = float(spec.get("burst", self.rps))
        self.background = float(spec.get("background", 0))
        self.reset()

    def reset(self):
        self.tokens = self.burst
        self.last = time.monotonic()
        self.admitted = []
        self.throttled = []
        self.in_flight = 0
        self.max_in_flight = 0

    def take(self, now):
        """Refills, lets the background client take its share, then admits or not."""
        elapsed = now - self.last
        self.last = now
        self.tokens = min(self.burst, self.tokens + elapsed * self.rps)
        self.tokens = max(0.0, self.tokens - elapsed * self.background)
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            self.admitted.append(now - START)
            return True
        self.throttled.append(now - START)
        return False


buckets = {name: Bucket(name, spec) for name, spec in CONFIG.get("categories", {}).items()}
category_of = {op: b for b in buckets.values() for op in CONFIG["categories"][b.name].get("operations", [])}
operations = {}
answered = {}   # operation -> Username -> times answered (not throttled)


def user(name):
    return {"Username": name, "Enabled": True, "UserStatus": "CONFIRMED", "UserCreateDate": 1.7e9,
            "UserAttributes": [{"Name": "email", "Value": name + "@example.com"}]}


def answer(op, params):
    name = params.get("Username", "")
    if op in ("AdminGetUser", "AdminUpdateUserAttributes") and name.startswith(MISSING):
        return 400, {"__type": "UserNotFoundException", "message": "User does not exist."}
    if op == "AdminGetUser":
        return 200, user(name)
    if op == "ListUsers":
        start = int(params.get("PaginationToken") or 0)
        limit = int(params.get("Limit") or 60)
        end = min(USERS, start + limit)
        body = {"Users": [user("user%05d" % i) for i in range(start + 1, end + 1)]}
        if end < USERS:
            body["PaginationToken"] = str(end)
        return 200, body
    return 200, {}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle plus the client's
    # delayed ACK would stall every answer by ~40 ms.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/__reset":
            with lock:
                for b in buckets.values():
                    b.reset()
                operations.clear()
                answered.clear()
            return self.send(200, {})
        with lock:
            stats = {"operations": dict(operations), "answered": {op: dict(u) for op, u in answered.items()}, "categories": {
                b.name: {"admitted": list(b.admitted), "throttled": list(b.throttled), "max_in_flight": b.max_in_flight}
                for b in buckets.values()}}
        self.send(200, stats)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(n) if n else b""
        target = self.headers.get("X-Amz-Target", "")
        op = target.rsplit(".", 1)[-1]
        bucket = category_of.get(op)
        with lock:
            operations[op] = operations.get(op, 0) + 1
            admitted = bucket.take(time.monotonic()) if bucket else True
            if bucket:
                bucket.in_flight += 1
                bucket.max_in_flight = max(bucket.max_in_flight, bucket.in_flight)
        try:
            time.sleep(LATENCY)
            if not admitted:
                return self.send(400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"})
            params = json.loads(raw or b"{}")
            status, body = answer(op, params)
            if "Username" in params:
                with lock:
                    per_user = answered.setdefault(op, {})
                    per_user[params["Username"]] = per_user.get(params["Username"], 0) + 1
            self.send(status, body)
        finally:
            if bucket:
                with lock:
                    bucket.in_flight -= 1


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 256
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
