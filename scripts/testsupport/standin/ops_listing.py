"""The paginated user listings a snapshot is made of: ListUsers (Filter, AttributesToGet,
Limit ≤ 60, PaginationToken) and ListUsersInGroup (Limit ≤ 60, NextToken). Both walk
users in sub order and resume after the sub a token names."""
from . import filters, paging
from .errors import limit, required, resource_not_found
from .registry import pool_operation
from .shapes import user_type


@pool_operation("ListUsers")
def list_users(service, pool, params):
    size = limit(params, "Limit", "limit", 0, 60, 60)
    text = params.get("Filter") or ""
    filt = filters.parse(text)
    wanted = params.get("AttributesToGet") or None
    scope = "users:%s:%s" % (pool.id, text)
    after = paging.decode(params.get("PaginationToken"), scope)
    users, last = paging.page(filters.walk(pool, pool.subs, filt, after), size, lambda u: u.sub)
    answer = {"Users": [user_type(u, wanted) for u in users]}
    if last is not None:
        answer["PaginationToken"] = paging.encode(scope, last)
    return answer


@pool_operation("ListUsersInGroup")
def list_users_in_group(service, pool, params):
    name = required(params, "GroupName")
    group = pool.groups.get(name)
    if group is None:
        raise resource_not_found("Group not found.")
    size = limit(params, "Limit", "limit", 0, 60, 60)
    scope = "group:%s:%s" % (pool.id, name)
    after = paging.decode(params.get("NextToken"), scope)
    users, last = paging.page(filters.walk(pool, group.members, None, after), size, lambda u: u.sub)
    answer = {"Users": [user_type(u) for u in users]}
    if last is not None:
        answer["NextToken"] = paging.encode(scope, last)
    return answer
