"""Role profiles in the REPL, through a real pseudo-terminal: a two-level role chain
against moto's STS, and an MFA profile whose code cogsh asks for on the terminal."""
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

import pytest

from repl_session import PROMPT, ask, repl_env, session

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
VENV = os.path.join(ROOT, ".venv", "bin")


def read_test_secrets():
    """The constants of Tests/TestSupport/TestSecrets.swift, so the secrets used here
    are the ones scripts/check-secrets looks for in the logs."""
    with open(os.path.join(ROOT, "Tests", "TestSupport", "TestSecrets.swift")) as f:
        return dict(re.findall(r'static let (\w+) = "([^"]+)"', f.read()))


SECRETS = read_test_secrets()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def home():
    d = tempfile.mkdtemp(prefix="cogsh-repl-creds-")
    os.makedirs(os.path.join(d, ".aws"))
    yield d
    shutil.rmtree(d, ignore_errors=True)


def write_aws(home, config, credentials):
    with open(os.path.join(home, ".aws", "config"), "w") as f:
        f.write(config)
    with open(os.path.join(home, ".aws", "credentials"), "w") as f:
        f.write(credentials)


def repl_session(home, **extra):
    """A REPL session (see repl_session.session) that sees only the AWS settings given
    here: the ~/.aws files under `home`, us-east-1, no instance metadata, and `extra`."""
    aws = dict(HOME=home, AWS_REGION="us-east-1", AWS_EC2_METADATA_DISABLED="true",
               AWS_CONFIG_FILE=os.path.join(home, ".aws", "config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(home, ".aws", "credentials"), **extra)
    env = {k: v for k, v in repl_env(home, **aws).items() if k in aws or not k.startswith("AWS_")}
    return session(env, timeout=20, width=200)


@pytest.fixture
def moto():
    """moto with authentication on once the IAM user and two roles exist."""
    port = free_port()
    log = open(os.path.join(ROOT, ".build", "test-logs", "moto-repl-%d.log" % port), "w") \
        if os.path.isdir(os.path.join(ROOT, ".build", "test-logs")) else subprocess.DEVNULL
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["INITIAL_NO_AUTH_ACTION_COUNT"] = str(3 + 2 * 2)
    server = subprocess.Popen([os.path.join(VENV, "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    endpoint = "http://127.0.0.1:%d" % port
    deadline = time.time() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert time.time() < deadline, "moto did not start"
            time.sleep(0.1)
    out = subprocess.check_output([os.path.join(VENV, "python"), os.path.join(ROOT, "scripts", "testsupport", "moto_roles.py"),
                                   endpoint, "ops", "admin"])
    yield endpoint, json.loads(out)
    server.kill()
    server.wait()


def base_keys(access_key_id, secret_access_key):
    """A credentials file whose profile `base` holds these keys."""
    return "[base]\naws_access_key_id = %s\naws_secret_access_key = %s\n" % (access_key_id, secret_access_key)


def test_two_level_role_chain(home, moto):
    endpoint, setup = moto
    write_aws(home, "[profile ops]\nrole_arn = arn:aws:iam::123456789012:role/ops\nsource_profile = base\n"
                    "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = ops\n",
              base_keys(setup["AccessKeyId"], setup["SecretAccessKey"]))
    with repl_session(home, AWS_PROFILE="admin", AWS_ENDPOINT_URL=endpoint) as c:
        ask(c, "=aws.credentials().source", "assume-role (profile admin)")
        # moto authenticates the call: it succeeds only with the final role's keys and token.
        ask(c, "=#cognito.list_user_pools{ MaxResults = 5 }.UserPools", "0")
        assert setup["SecretAccessKey"] not in c.before


class FakeSTS(http.server.BaseHTTPRequestHandler):
    """STS that wants the MFA code 123456, and Cognito that wants the role's keys."""
    calls = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        if self.headers.get("X-Amz-Target"):
            ok = ("Credential=%s/" % SECRETS["roleAccessKeyId"]) in self.headers.get("Authorization", "")
            self.answer(200 if ok else 400, "application/x-amz-json-1.1",
                        '{"UserPools":[]}' if ok else '{"__type":"UnrecognizedClientException","message":"bad keys"}')
            return
        form = dict(urllib.parse.parse_qsl(body))
        FakeSTS.calls.append(form)
        if form.get("TokenCode") != "123456":
            self.answer(403, "text/xml", "<ErrorResponse><Error><Code>AccessDenied</Code><Message>MultiFactorAuthentication "
                                         "failed with invalid MFA one time pass code.</Message></Error></ErrorResponse>")
            return
        expiration = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3600))
        self.answer(200, "text/xml", "<AssumeRoleResponse><AssumeRoleResult><Credentials>"
                    "<AccessKeyId>%s</AccessKeyId><SecretAccessKey>%s</SecretAccessKey><SessionToken>%s</SessionToken>"
                    "<Expiration>%s</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
                    % (SECRETS["roleAccessKeyId"], SECRETS["roleSecretAccessKey"], SECRETS["roleSessionToken"], expiration))

    def answer(self, status, content_type, text):
        data = text.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_sts():
    FakeSTS.calls = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeSTS)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % server.server_address[1]
    server.shutdown()


MFA_PROMPT = "MFA code for arn:aws:iam::123456789012:mfa/alice (profile admin): "


def mfa_session(home, endpoint):
    """A REPL session whose profile `admin` assumes a role with the MFA device alice,
    its STS and Cognito at `endpoint`."""
    write_aws(home, "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/admin\nsource_profile = base\n"
                    "mfa_serial = arn:aws:iam::123456789012:mfa/alice\n",
              base_keys(SECRETS["accessKeyId"], SECRETS["secretAccessKey"]))
    return repl_session(home, AWS_PROFILE="admin", AWS_ENDPOINT_URL=endpoint)


def test_mfa_code_is_asked_on_the_terminal(home, fake_sts):
    with mfa_session(home, fake_sts) as c:
        # A wrong code: STS's refusal, as a CredentialsError, and the REPL goes on.
        c.sendline("=aws.credentials().source")
        c.expect_exact(MFA_PROMPT)
        c.sendline("999999")
        c.expect_exact("CredentialsError: STS AssumeRole failed assuming role arn:aws:iam::123456789012:role/admin for profile admin")
        c.expect_exact("AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code.")
        c.expect_exact(PROMPT)
        assert "999999" not in c.before, "the code is not echoed"

        # The right code: asked again, sent with the device's serial, and the role is assumed.
        c.sendline("=aws.credentials().source")
        c.expect_exact(MFA_PROMPT)
        ask(c, "123456", "assume-role (profile admin)")
        assert [(f.get("SerialNumber"), f.get("TokenCode")) for f in FakeSTS.calls] == [
            ("arn:aws:iam::123456789012:mfa/alice", "999999"), ("arn:aws:iam::123456789012:mfa/alice", "123456")]

        # The role's credentials are kept: the next call asks nothing.
        ask(c, "=#cognito.list_user_pools{ MaxResults = 5 }.UserPools", "0")
        assert "MFA code" not in c.before
        assert len(FakeSTS.calls) == 2
        for name in ("secretAccessKey", "roleSecretAccessKey", "roleSessionToken"):
            assert SECRETS[name] not in c.before


def test_ctrl_c_at_the_mfa_prompt_returns_to_the_repl(home, fake_sts):
    with mfa_session(home, fake_sts) as c:
        c.sendline("=aws.credentials().source")
        c.expect_exact(MFA_PROMPT)
        time.sleep(0.2)
        c.sendintr()
        c.expect_exact(PROMPT)
        assert FakeSTS.calls == [], "nothing was sent without a code"
        # The terminal echoes again: what is typed at the prompt shows.
        c.sendline("=6 * 7")
        c.expect_exact("=6 * 7")
        c.expect_exact("42\r\n" + PROMPT)
