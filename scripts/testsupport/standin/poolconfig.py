"""A pool's configuration as DescribeUserPool and the other Describe*/List* calls answer
it: defaults as a new Cognito pool has them, and the pool-level resources (app clients,
identity providers, resource servers, domain) in their API shapes. Shared by seeded
pools and CreateUserPool."""
import copy
import hashlib

from .model import Pool

DEFAULT_CONFIG = {
    "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True,
                                    "RequireNumbers": True, "RequireSymbols": True,
                                    "TemporaryPasswordValidityDays": 7}},
    "DeletionProtection": "INACTIVE",
    "AutoVerifiedAttributes": ["email"],
    "VerificationMessageTemplate": {"DefaultEmailOption": "CONFIRM_WITH_CODE"},
    "UserAttributeUpdateSettings": {"AttributesRequireVerificationBeforeUpdate": []},
    "MfaConfiguration": "OFF",
    "EmailConfiguration": {"EmailSendingAccount": "COGNITO_DEFAULT"},
    "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False, "UnusedAccountValidityDays": 7},
    "AccountRecoverySetting": {"RecoveryMechanisms": [{"Priority": 1, "Name": "verified_email"},
                                                      {"Priority": 2, "Name": "verified_phone_number"}]},
    "UserPoolTier": "ESSENTIALS",
}

# Answered, not stored: what a client reads once per test.
CLIENT_DEFAULTS = {"RefreshTokenValidity": 30, "TokenValidityUnits": {}, "ExplicitAuthFlows":
                   ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"], "AllowedOAuthFlowsUserPoolClient": False,
                   "EnableTokenRevocation": True, "EnablePropagateAdditionalUserContextData": False,
                   "AuthSessionValidity": 3}


def default_config():
    return copy.deepcopy(DEFAULT_CONFIG)


def default_mfa_config(mfa, account, region):
    if mfa == "OFF":
        return {}
    return {"SoftwareTokenMfaConfiguration": {"Enabled": True},
            "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your authentication code is {####}. ",
                                    "SmsConfiguration": {"SnsCallerArn": "arn:aws:iam::%s:role/cognito-sms" % account,
                                                         "ExternalId": "cogsh-standin", "SnsRegion": region}}}


def new_pool(pool_id, name, account, created, schema, config):
    region = pool_id.split("_", 1)[0]
    arn = "arn:aws:cognito-idp:%s:%s:userpool/%s" % (region, account, pool_id)
    return Pool(pool_id, name, arn, created, schema, config)


def _token(rng, length, alphabet="abcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(alphabet[rng.randrange(len(alphabet))] for _ in range(length))


def client(pool, spec, rng, now):
    """UserPoolClientType from a spec entry: ClientId and, with GenerateSecret, a
    ClientSecret invented unless given (tests check a secret is never stored)."""
    answer = dict(CLIENT_DEFAULTS)
    answer.update({k: v for k, v in spec.items() if k != "GenerateSecret"})
    answer["UserPoolId"] = pool.id
    answer.setdefault("ClientName", "client")
    answer.setdefault("ClientId", _token(rng, 26))
    if spec.get("GenerateSecret") and "ClientSecret" not in spec:
        answer["ClientSecret"] = _token(rng, 51, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    answer.setdefault("CreationDate", now)
    answer.setdefault("LastModifiedDate", answer["CreationDate"])
    return answer


def identity_provider(pool, spec, now):
    answer = {"UserPoolId": pool.id, "ProviderType": "OIDC", "ProviderDetails": {},
              "AttributeMapping": {"username": "sub"}, "IdpIdentifiers": [], "CreationDate": now}
    answer.update(spec)
    answer.setdefault("LastModifiedDate", answer["CreationDate"])
    return answer


def resource_server(pool, spec):
    answer = {"UserPoolId": pool.id, "Scopes": []}
    answer.update(spec)
    answer.setdefault("Name", answer["Identifier"])
    return answer


def domain(pool, spec, account):
    """DomainDescriptionType for a prefix domain (a string) or a custom one (an object
    with CustomDomainConfig)."""
    spec = {"Domain": spec} if isinstance(spec, str) else dict(spec)
    digest = hashlib.sha256((pool.id + spec["Domain"]).encode()).hexdigest()
    answer = {"UserPoolId": pool.id, "AWSAccountId": account, "Domain": spec["Domain"],
              "S3Bucket": "aws-cognito-prod-%s-assets" % pool.region,
              "CloudFrontDistribution": "d%s.cloudfront.net" % digest[:13], "Version": "20130630",
              "Status": "ACTIVE", "ManagedLoginVersion": 1}
    answer.update(spec)
    return answer
