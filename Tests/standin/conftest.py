"""Fixtures for the stand-in's tests: the stand-in and moto on free loopback ports, boto3
clients for both, and the admin endpoints as functions."""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import boto3
import pytest
from botocore.config import Config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
STANDIN = os.path.join(ROOT, "scripts", "testsupport", "cognito_standin.py")
MOTO = os.path.join(os.path.dirname(sys.executable), "moto_server")
LOGS = os.path.join(ROOT, ".build", "test-logs")
# No retries: a throttle or an error is what the test looks at.
NO_RETRY = Config(retries={"total_max_attempts": 1, "mode": "standard"})

# A pool with every kind of configuration a snapshot records.
SHAPED = {"id": "us-east-1_Shaped1", "name": "shaped", "users": 300, "seed": 11, "groups": 4,
          "custom_attributes": ["dept", {"Name": "tier", "AttributeDataType": "Number", "share": 0.5}],
          "mfa_configuration": "OPTIONAL", "clients": [{"ClientName": "web", "GenerateSecret": True}],
          "identity_providers": [{"ProviderName": "Google", "ProviderType": "Google",
                                  "ProviderDetails": {"client_id": "cid", "authorize_scopes": "email"}}],
          "resource_servers": [{"Identifier": "https://api.example.com", "Name": "api",
                                "Scopes": [{"ScopeName": "read", "ScopeDescription": "read"}]}],
          "domain": "shaped-example", "email_case_duplicates": 3}
LISTED = {"id": "us-east-1_Listed1", "users": 2000, "seed": 5, "groups": 6, "custom_attributes": ["dept"]}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, process, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("exited with status %s" % process.returncode)
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("nothing answered on port %d within %s s" % (port, seconds))


class Peer:
    """A server process on a loopback port, its output in .build/test-logs."""

    def __init__(self, argv, port, name, seconds=60):
        os.makedirs(LOGS, exist_ok=True)
        self.port = port
        self.url = "http://127.0.0.1:%d" % port
        self.log = open(os.path.join(LOGS, "%s-%d.log" % (name, port)), "wb")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        self.process = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT, env=env)
        try:
            wait_port(port, self.process, seconds)
        except Exception:
            self.stop()
            raise

    def stop(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()

    def client(self, service="cognito-idp"):
        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1", aws_access_key_id="AKIDSTANDINTEST",
                            aws_secret_access_key="standin-test-secret", config=NO_RETRY)

    # The admin endpoints.
    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=120) as r:
            return json.loads(r.read())

    def post(self, path, body):
        request = urllib.request.Request(self.url + path, data=json.dumps(body).encode(), method="POST")
        with urllib.request.urlopen(request, timeout=120) as r:
            return json.loads(r.read())


def start_standin(config, seconds=60):
    port = free_port()
    handle, path = tempfile.mkstemp(prefix="standin-", suffix=".json")
    with os.fdopen(handle, "w") as f:
        json.dump(config, f)
    try:
        return Peer([sys.executable, STANDIN, str(port), path], port, "standin", seconds)
    finally:
        os.unlink(path)


@pytest.fixture(scope="session")
def standin():
    """A strict stand-in without latency holding SHAPED and LISTED."""
    peer = start_standin({"latency": 0, "strict_pools": True, "pools": [SHAPED, LISTED]})
    yield peer
    peer.stop()


@pytest.fixture(scope="session")
def moto():
    port = free_port()
    peer = Peer([MOTO, "-H", "127.0.0.1", "-p", str(port)], port, "moto")
    yield peer
    peer.stop()


def walk(client, operation, token_in, token_out, **params):
    """Every item of a paginated call, page after page."""
    items, token = [], None
    key = "Users" if operation in ("list_users", "list_users_in_group") else "Groups"
    while True:
        page = getattr(client, operation)(**params, **({token_in: token} if token else {}))
        items += page[key]
        token = page.get(token_out)
        if not token:
            return items
