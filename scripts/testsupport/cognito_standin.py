#!/usr/bin/env python3
"""A loopback stand-in for Amazon Cognito's user-pool API (and STS GetCallerIdentity),
for tests and scripts/bench: what moto cannot be — published quotas, latency, large
seeded pools with chosen dates and statuses, ground truth and request counts.

usage: cognito_standin.py PORT CONFIG_JSON   (the code is in standin/, beside this file)

CONFIG_JSON
  {"latency": 0.05,              seconds before every answer (a round trip to a region)
   "users": 1000,                the synthetic pool's size (below)
   "missing_prefix": "missing",  synthetic Usernames that do not exist
   "strict_pools": false,        true: an undeclared pool id → ResourceNotFoundException
   "seed": null,                 seeds the generator of new subs and CreateUserPool ids
   "categories": {"UserRead": {"rps": 120, "burst": 120, "background": 0,
                               "per_pool_rps": null, "per_pool_burst": null,
                               "operations": ["AdminGetUser"]}, ...},
   "pools": [SPEC, ...]}

  Each category is a token bucket (rps tokens a second, holding at most burst, default
  rps, starting full); a request that finds it empty gets HTTP 400
  TooManyRequestsException. background: requests a second another client takes from the
  same bucket. per_pool_rps: each UserPoolId also has its own bucket at that rate (the
  quotas page: 5 a second per pool for UserPoolResourceRead and UserPoolResourceUpdate);
  a request must find a token in both. Operations in no category are never throttled.

SPEC (a pool; in "pools", or POSTed to /__seed; generation is deterministic per seed,
100,000 users take about a second of CPU)
  id "us-east-1_Snap1" (required)  name  created (epoch, default 1.7e9)  seed (default 0)
  username_attributes ["email"|"phone_number"]  (the internal username is then the sub
      and lookups accept the alias)   alias_attributes  case_sensitive (default false)
  mfa_configuration "OFF"|"ON"|"OPTIONAL"   mfa_config {GetUserPoolMfaConfig's fields}
  policies {PasswordPolicy...}  account_recovery {RecoveryMechanisms...}
  deletion_protection  user_pool {any other DescribeUserPool fields, merged}
  custom_attributes ["dept" | {"Name": "tier", "AttributeDataType": "Number",
      "Mutable": true, "DeveloperOnlyAttribute": false, "values": [...], "share": 0.5}]
      (in the schema as custom:dept; generated users get a value with probability share)
  clients [{"ClientName", "ClientId"?, "GenerateSecret": true | "ClientSecret"?, ...}]
  identity_providers [{"ProviderName", "ProviderType", "ProviderDetails", ...}]
  resource_servers [{"Identifier", "Name", "Scopes"}]   domain "prefix" | {"Domain", ...}
  Generated: users N, username_prefix "user" (user00001…, width max(5, digits of N)),
      groups G (group01…: description, precedence i, a role ARN for odd i),
      created_between [start, end] (default [1.6e9, created]; modified after created),
      statuses {"CONFIRMED": .85, "UNCONFIRMED": .05, "FORCE_CHANGE_PASSWORD": .05,
      "RESET_REQUIRED": .05}, disabled .05, email_verified .8, phone .4,
      mfa (share with SMS or TOTP MFA; default .1 unless MFA is OFF),
      federated (share of EXTERNAL_PROVIDER users of the identity providers, default .02
      when there are any), memberships [w0, w1, w2, w3] (weights of 0–3 groups a user),
      email_case_duplicates K (K users get another's e-mail in other letter case).
      Attributes: given_name, family_name, name, email, email_verified, phone_number,
      phone_number_verified, custom:*, sub (uuid4-shaped), identities (federated).
  Explicit: group_list [{"GroupName", "Description", "Precedence", "RoleArn"}],
      user_list [{"Username", "Attributes": {name: value}, "UserStatus", "Enabled",
      "UserCreateDate", "UserLastModifiedDate", "Groups": [...], "MFAOptions",
      "UserMFASettingList", "PreferredMfaSetting", "sub"?}].

ADMIN ENDPOINTS
  GET  /__stats     {"operations": {op: requests}, "answered": {op: {Username: answers}},
                     "categories": {name: {"admitted": [t...], "throttled": [t...],
                     "max_in_flight": n, "pools": {id: {"admitted", "throttled"}}}}}
                     (t: seconds since start; "pools" only with per_pool_rps)
  GET|POST /__reset clears the counts and recorded requests, refills the buckets
                     (pools keep their state)
  POST /__seed      body SPEC → {"id", "users", "groups"}; replaces a pool of that id;
                     a bad spec → 400 {"error"}
  GET  /__dump?pool=ID  {"pool": DescribeUserPool's UserPool, "mfa_config",
                     "users": [{"Username", "sub", "UserStatus", "Enabled",
                     "UserCreateDate", "UserLastModifiedDate", "Attributes": {name: value},
                     "Groups": [names], "MFAOptions", "UserMFASettingList",
                     "PreferredMfaSetting"}] (by username), "groups": [GroupType],
                     "clients", "identity_providers", "resource_servers", "domain"}
  GET  /__requests[?op=NAME]  {"requests": [{"operation", "at", "body"}]}: admitted
                     requests in arrival order (bodies as sent; STS's as form fields)
  POST /__identity  {"account", "arn", "user_id"} → what GetCallerIdentity answers
                     (default 123456789012, arn:aws:iam::123456789012:user/cogsh-test)

OPERATIONS (JSON 1.1; errors HTTP 400 {"__type", "message"} with x-amzn-ErrorType)
  Pools declared or created are stateful: DescribeUserPool, GetUserPoolMfaConfig,
  SetUserPoolMfaConfig, ListUserPoolClients, DescribeUserPoolClient,
  ListIdentityProviders, DescribeIdentityProvider, ListResourceServers,
  DescribeResourceServer, DescribeUserPoolDomain, AddCustomAttributes, CreateUserPool,
  DeleteUserPool, ListUserPools; ListUsers (Filter = / ^= on username, email,
  phone_number, name, given_name, family_name, preferred_username, cognito:user_status,
  status, sub; AttributesToGet; Limit ≤ 60; PaginationToken), ListUsersInGroup,
  ListGroups, GetGroup, CreateGroup, UpdateGroup, DeleteGroup, AdminAddUserToGroup,
  AdminRemoveUserFromGroup, AdminListGroupsForUser; AdminGetUser, AdminCreateUser,
  AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminDisableUser,
  AdminEnableUser, AdminDeleteUser, AdminSetUserMFAPreference, AdminSetUserPassword,
  AdminResetUserPassword, AdminUserGlobalSignOut, AdminConfirmSignUp. Another operation
  on a declared pool → UnknownOperationException. Page tokens name a position (the last
  sub or name given), so they resume across client and stand-in restarts.
  Undeclared pool ids get the synthetic pool (unless strict_pools): USERS users named
  user00001…, AdminGetUser answers any name (MISSING_PREFIX… → UserNotFoundException),
  ListUsers pages by offset, everything else {}.
  STS: a form-encoded POST with Action=GetCallerIdentity (no X-Amz-Target) → STS's XML.
"""
import json
import sys
from http.server import ThreadingHTTPServer

from standin.handler import make_handler
from standin.quotas import Quotas
from standin.service import Service


def main():
    port = int(sys.argv[1])
    config = json.loads(open(sys.argv[2]).read()) if len(sys.argv) > 2 else {}
    service = Service(config)
    quotas = Quotas(config.get("categories", {}))
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 256
    # Bound only once the pools are built: a client that connects is answered at once.
    server = ThreadingHTTPServer(("127.0.0.1", port), make_handler(service, quotas, float(config.get("latency", 0.05))))
    server.serve_forever()


if __name__ == "__main__":
    main()
