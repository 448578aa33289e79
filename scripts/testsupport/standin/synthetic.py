"""The stateless pool every pool id the stand-in was not told about still gets (unless
`strict_pools`), as the bulk-job tests and scripts/bench use it: USERS users named
user00001, ...; AdminGetUser answers any name, except one that starts with
MISSING_PREFIX (UserNotFoundException); AdminUpdateUserAttributes {}; ListUsers pages by
offset; every other operation {}."""
from .errors import ServiceError, user_not_found


class SyntheticPool:
    def __init__(self, users, missing_prefix):
        self.users = users
        self.missing = missing_prefix

    @staticmethod
    def user(name):
        return {"Username": name, "Enabled": True, "UserStatus": "CONFIRMED", "UserCreateDate": 1.7e9,
                "UserAttributes": [{"Name": "email", "Value": name + "@example.com"}]}

    def answer(self, op, params):
        name = params.get("Username", "")
        if op in ("AdminGetUser", "AdminUpdateUserAttributes") and name.startswith(self.missing):
            raise user_not_found()
        if op == "AdminGetUser":
            return self.user(name)
        if op == "ListUsers":
            try:
                start = int(params.get("PaginationToken") or 0)
            except ValueError:
                raise ServiceError("InvalidParameterException", "Invalid pagination token.")
            end = min(self.users, start + int(params.get("Limit") or 60))
            body = {"Users": [self.user("user%05d" % i) for i in range(start + 1, end + 1)]}
            if end < self.users:
                body["PaginationToken"] = str(end)
            return body
        return {}
