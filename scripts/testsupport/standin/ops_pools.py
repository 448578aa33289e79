"""A pool's configuration: the Describe*/List*/Get* calls a snapshot records, the
changes a clone makes (CreateUserPool, AddCustomAttributes, SetUserPoolMfaConfig), and
DeleteUserPool, ListUserPools."""
from . import paging, poolconfig
from .errors import invalid, limit, required, resource_not_found
from .registry import account_operation, now, pool_operation
from .schema import add_custom, schema_from_request
from .shapes import mfa_config, pool_description, pool_type

_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def _page(params, items, shape, scope, field):
    """One page of a small keyed collection (MaxResults 1–60, NextToken)."""
    size = limit(params, "MaxResults", "maxResults", 1, 60, 60)
    after = paging.decode(params.get("NextToken"), scope)
    keys, last = paging.page(paging.sorted_after(items, after), size, lambda k: k)
    answer = {field: [shape(items[k]) for k in keys]}
    if last is not None:
        answer["NextToken"] = paging.encode(scope, last)
    return answer


def _described(collection, params, key, what, field):
    """One of a pool's resources by its key, or ResourceNotFoundException naming it."""
    name = required(params, key)
    if name not in collection:
        raise resource_not_found("%s %s does not exist." % (what, name))
    return {field: dict(collection[name])}


@pool_operation("DescribeUserPool")
def describe_user_pool(service, pool, params):
    return {"UserPool": pool_type(pool)}


@pool_operation("GetUserPoolMfaConfig")
def get_user_pool_mfa_config(service, pool, params):
    return mfa_config(pool)


@pool_operation("SetUserPoolMfaConfig")
def set_user_pool_mfa_config(service, pool, params):
    factors = {k: params[k] for k in ("SmsMfaConfiguration", "SoftwareTokenMfaConfiguration", "EmailMfaConfiguration")
               if params.get(k) is not None}
    enabled = any(k != "SoftwareTokenMfaConfiguration" or v.get("Enabled") for k, v in factors.items())
    mode = params.get("MfaConfiguration")
    if mode == "OFF" and enabled:
        raise invalid("Invalid MFA configuration given, can't turn off MFA and configure an MFA together.")
    if mode in ("ON", "OPTIONAL") and not enabled:
        raise invalid("Invalid MFA configuration given, can't disable all MFAs with a required or optional "
                      "configuration.")
    pool.mfa_config.update(factors)
    if mode:
        pool.config["MfaConfiguration"] = mode
    return mfa_config(pool)


@pool_operation("ListUserPoolClients")
def list_user_pool_clients(service, pool, params):
    def shape(c):
        return {"ClientId": c["ClientId"], "UserPoolId": pool.id, "ClientName": c["ClientName"]}
    return _page(params, pool.clients, shape, "clients:" + pool.id, "UserPoolClients")


@pool_operation("DescribeUserPoolClient")
def describe_user_pool_client(service, pool, params):
    return _described(pool.clients, params, "ClientId", "User pool client", "UserPoolClient")


@pool_operation("ListIdentityProviders")
def list_identity_providers(service, pool, params):
    def shape(p):
        return {k: p[k] for k in ("ProviderName", "ProviderType", "LastModifiedDate", "CreationDate")}
    return _page(params, pool.identity_providers, shape, "idps:" + pool.id, "Providers")


@pool_operation("DescribeIdentityProvider")
def describe_identity_provider(service, pool, params):
    return _described(pool.identity_providers, params, "ProviderName", "Identity provider", "IdentityProvider")


@pool_operation("ListResourceServers")
def list_resource_servers(service, pool, params):
    return _page(params, pool.resource_servers, dict, "servers:" + pool.id, "ResourceServers")


@pool_operation("DescribeResourceServer")
def describe_resource_server(service, pool, params):
    return _described(pool.resource_servers, params, "Identifier", "Resource server", "ResourceServer")


@pool_operation("AddCustomAttributes")
def add_custom_attributes(service, pool, params):
    add_custom(pool.schema, required(params, "CustomAttributes"))
    pool.modified = now()
    return {}


@pool_operation("DeleteUserPool")
def delete_user_pool(service, pool, params):
    if pool.config.get("DeletionProtection") == "ACTIVE":
        raise invalid("The user pool cannot be deleted because deletion protection is activated. Deletion "
                      "protection must be inactivated first.")
    del service.pools[pool.id]
    return {}


@account_operation("CreateUserPool")
def create_user_pool(service, params, region):
    name = required(params, "PoolName")
    schema = schema_from_request(params.get("Schema"))
    config = poolconfig.default_config()
    # Every other request field is a UserPoolType field of the same name.
    config.update({k: v for k, v in params.items() if k not in ("PoolName", "Schema")})
    pool_id = "%s_%s" % (region, "".join(service.rng.choice(_ALPHANUMERIC) for _ in range(9)))
    pool = poolconfig.new_pool(pool_id, name, service.identity["Account"], now(), schema, config)
    if "SmsConfiguration" in params:
        sms = {"SmsConfiguration": params["SmsConfiguration"]}
        if "SmsAuthenticationMessage" in params:
            sms["SmsAuthenticationMessage"] = params["SmsAuthenticationMessage"]
        pool.mfa_config["SmsMfaConfiguration"] = sms
    service.pools[pool_id] = pool
    return {"UserPool": pool_type(pool)}


@account_operation("ListUserPools")
def list_user_pools(service, params, region):
    required(params, "MaxResults")
    return _page(params, service.pools, pool_description, "pools", "UserPools")


@account_operation("DescribeUserPoolDomain")
def describe_user_pool_domain(service, params, region):
    name = required(params, "Domain")
    for pool in service.pools.values():
        if pool.domain and pool.domain["Domain"] == name:
            return {"DomainDescription": dict(pool.domain)}
    return {"DomainDescription": {}}
