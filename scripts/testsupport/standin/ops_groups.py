"""Groups and memberships: ListGroups, GetGroup, CreateGroup, UpdateGroup, DeleteGroup,
AdminAddUserToGroup, AdminRemoveUserFromGroup, AdminListGroupsForUser."""
from . import paging
from .errors import ServiceError, limit, required, resource_not_found
from .model import Group
from .registry import now, pool_operation
from .shapes import group_type


def _group(pool, params):
    group = pool.groups.get(required(params, "GroupName"))
    if group is None:
        raise resource_not_found("Group not found.")
    return group


def _group_page(pool, names, params, scope):
    size = limit(params, "Limit", "limit", 0, 60, 60)
    after = paging.decode(params.get("NextToken"), scope)
    names, last = paging.page(paging.sorted_after(names, after), size, lambda n: n)
    answer = {"Groups": [group_type(pool.groups[n], pool.id) for n in names]}
    if last is not None:
        answer["NextToken"] = paging.encode(scope, last)
    return answer


@pool_operation("ListGroups")
def list_groups(service, pool, params):
    return _group_page(pool, pool.groups, params, "groups:" + pool.id)


@pool_operation("GetGroup")
def get_group(service, pool, params):
    return {"Group": group_type(_group(pool, params), pool.id)}


@pool_operation("CreateGroup")
def create_group(service, pool, params):
    name = required(params, "GroupName")
    if name in pool.groups:
        raise ServiceError("GroupExistsException", "A group with the name %s already exists." % name)
    stamp = now()
    group = Group(name, params.get("Description"), params.get("Precedence"), params.get("RoleArn"), stamp, stamp)
    pool.groups[name] = group
    return {"Group": group_type(group, pool.id)}


@pool_operation("UpdateGroup")
def update_group(service, pool, params):
    group = _group(pool, params)
    for key, field in (("Description", "description"), ("Precedence", "precedence"), ("RoleArn", "role_arn")):
        if key in params:
            setattr(group, field, params[key])
    group.modified = now()
    return {"Group": group_type(group, pool.id)}


@pool_operation("DeleteGroup")
def delete_group(service, pool, params):
    pool.delete_group(_group(pool, params))
    return {}


@pool_operation("AdminAddUserToGroup")
def admin_add_user_to_group(service, pool, params):
    user = pool.require(required(params, "Username"))
    pool.join(user, _group(pool, params))
    return {}


@pool_operation("AdminRemoveUserFromGroup")
def admin_remove_user_from_group(service, pool, params):
    user = pool.require(required(params, "Username"))
    pool.leave(user, _group(pool, params))
    return {}


@pool_operation("AdminListGroupsForUser")
def admin_list_groups_for_user(service, pool, params):
    user = pool.require(required(params, "Username"))
    return _group_page(pool, user.groups, params, "user-groups:%s:%s" % (pool.id, user.sub))
