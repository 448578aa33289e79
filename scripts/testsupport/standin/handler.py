"""HTTP: Cognito's JSON 1.1 protocol (POST / with X-Amz-Target), STS's form-encoded
GetCallerIdentity on the same port, and the admin endpoints (/__stats, /__reset,
/__seed, /__dump, /__requests, /__identity) that tests use to set up and read back."""
import json
import re
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from . import sts
from .errors import ServiceError

_REGION = re.compile(r"Credential=[^/]+/[0-9]+/([a-z0-9-]+)/")


def make_handler(service, quotas, latency):
    quota_lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle plus the
        # client's delayed ACK would stall every answer by ~40 ms.
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="application/x-amz-json-1.1"):
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
            if status >= 400 and isinstance(body, dict) and "__type" in body:
                self.send_header("x-amzn-ErrorType", body["__type"] + ":")
            self.end_headers()
            self.wfile.write(data)

        def body(self):
            """The request's body; None when the connection ended before all of it came
            (a client killed mid-request), which the service never sees as a call."""
            n = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(n) if n else b""
            return raw if len(raw) == n else None

        # ------------------------------------------------------------ admin endpoints

        def do_GET(self):
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/__reset":
                return self.reset()
            if url.path == "/__dump":
                pool = service.dump(query.get("pool"))
                if pool is None:
                    return self.send(404, {"error": "no pool %r" % query.get("pool")})
                return self.send(200, pool, "application/json")
            if url.path == "/__requests":
                return self.send(200, {"requests": service.requests_of(query.get("op"))}, "application/json")
            # /__stats, and any other path, as the stand-in always answered.
            stats = service.stats()
            with quota_lock:
                stats["categories"] = quotas.stats()
            self.send(200, stats, "application/json")

        def reset(self):
            with quota_lock:
                quotas.reset()
            service.reset_counts()
            self.send(200, {}, "application/json")

        def admin_post(self, path, raw):
            if path == "/__reset":
                return self.reset()
            try:
                body = json.loads(raw or b"{}")
                if path == "/__seed":
                    return self.send(200, service.seed(body), "application/json")
                if path == "/__identity":
                    return self.send(200, service.set_identity(body), "application/json")
            except (ValueError, KeyError, TypeError, ServiceError) as e:
                return self.send(400, {"error": "%s: %s" % (type(e).__name__, e)}, "application/json")
            self.send(404, {"error": "no admin endpoint %s" % path}, "application/json")

        # ------------------------------------------------------------ the service

        def do_POST(self):
            raw = self.body()
            if raw is None:
                self.close_connection = True
                return
            path = urlsplit(self.path).path
            if path.startswith("/__"):
                return self.admin_post(path, raw)
            target = self.headers.get("X-Amz-Target")
            form = None
            if target is None and "x-www-form-urlencoded" in (self.headers.get("Content-Type") or ""):
                form = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                op, params = form.get("Action", ""), form
            else:
                op = (target or "").rsplit(".", 1)[-1]
                try:
                    params = json.loads(raw or b"{}")
                except ValueError:
                    return self.send(400, {"__type": "SerializationException", "message": "Malformed JSON"})
            if not isinstance(params, dict):
                params = {}
            self.serve(op, params, form)

        def serve(self, op, params, form):
            category = quotas.of(op)
            arrival = time.monotonic()
            service.count(op)
            with quota_lock:
                admitted = category.admit(arrival, params.get("UserPoolId")) if category else True
                if category:
                    category.in_flight += 1
                    category.max_in_flight = max(category.max_in_flight, category.in_flight)
            try:
                time.sleep(latency)
                if not admitted:
                    return self.send(400, {"__type": "TooManyRequestsException", "message": "Rate exceeded"})
                service.record(op, arrival, params)
                if form is not None:
                    status, xml = sts.answer(form, service.identity)
                    return self.send(status, xml, "text/xml")
                match = _REGION.search(self.headers.get("Authorization") or "")
                try:
                    return self.send(200, service.call(op, params, match.group(1) if match else "us-east-1"))
                except ServiceError as e:
                    return self.send(e.status, e.body())
                except Exception as e:   # a stand-in bug: say so, as the service's own 500 would
                    traceback.print_exc(file=sys.stderr)
                    return self.send(500, {"__type": "InternalErrorException", "message": "%s: %s" % (type(e).__name__, e)})
            finally:
                if category:
                    with quota_lock:
                        category.in_flight -= 1

    return Handler
