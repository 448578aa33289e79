"""scripts/bench section 4 (signing): botocore SigV4Auth.add_auth on a typical request,
N times.
A fresh AWSRequest each time (add_auth rewrites its headers), as botocore does per call."""
import sys

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

n = int(sys.argv[1])
body = ('{"UserPoolId":"us-east-1_Example1","Username":"alice","UserAttributes":'
        '[{"Name":"email","Value":"alice@example.com"},{"Name":"email_verified","Value":"true"}]}')
auth = SigV4Auth(Credentials("testing", "testing"), "cognito-idp", "us-east-1")
print("START", flush=True)
for _ in range(n):
    req = AWSRequest(method="POST", url="https://cognito-idp.us-east-1.amazonaws.com/", data=body,
                     headers={"Content-Type": "application/x-amz-json-1.1",
                              "X-Amz-Target": "AWSCognitoIdentityProviderService.AdminUpdateUserAttributes"})
    auth.add_auth(req)
print("END", flush=True)
assert "Signature=" in req.headers["Authorization"]
