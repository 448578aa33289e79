#!/usr/bin/env python3
"""Loopback stand-in for Cognito's UserUpdate quota (scripts/bench, section 5: pacing).

AdminUpdateUserAttributes is admitted by a token bucket (RATE tokens/s, capacity
BURST, starting full); beyond it the answer is HTTP 400
{"__type":"TooManyRequestsException","message":"Rate exceeded"}. Every other POST gets
{}. GET /stats returns the counters as JSON; POST /reset (no X-Amz-Target) zeroes
them and refills the bucket.

usage: throttle_server.py PORT [RATE] [BURST]
"""
import json
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
RATE = float(sys.argv[2]) if len(sys.argv) > 2 else 25.0
BURST = float(sys.argv[3]) if len(sys.argv) > 3 else RATE

lock = threading.Lock()
state = {}


def reset():
    state.update(tokens=BURST, last=time.monotonic(), admitted=0, throttled=0, other=0)


reset()


def take():
    with lock:
        now = time.monotonic()
        state["tokens"] = min(BURST, state["tokens"] + (now - state["last"]) * RATE)
        state["last"] = now
        if state["tokens"] >= 1.0:
            state["tokens"] -= 1.0
            state["admitted"] += 1
            return True
        state["throttled"] += 1
        return False


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY, Nagle plus the client's
    # delayed ACK stalls every response by ~40 ms and the server, not the quota, sets the pace.
    disable_nagle_algorithm = True

    def log_message(self, *args):
        pass

    def send(self, status, body, ctype="application/x-amz-json-1.1", extra=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        with lock:
            snap = {k: state[k] for k in ("admitted", "throttled", "other")}
        self.send(200, json.dumps(snap), "application/json")

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        if n:
            self.rfile.read(n)
        target = self.headers.get("X-Amz-Target", "")
        if self.path == "/reset" and not target:
            with lock:
                reset()
            self.send(200, "{}", "application/json")
        elif target.endswith(".AdminUpdateUserAttributes"):
            if take():
                self.send(200, "{}")
            else:
                self.send(400, '{"__type":"TooManyRequestsException","message":"Rate exceeded"}')
        else:
            with lock:
                state["other"] += 1
            self.send(200, "{}")


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 128
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
