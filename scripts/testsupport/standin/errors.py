"""The service's errors as exceptions: an operation raises one, the handler turns it into
HTTP 400 `{"__type": ..., "message": ...}` as Cognito's JSON protocol does."""


class ServiceError(Exception):
    def __init__(self, code, message, status=400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status

    def body(self):
        return {"__type": self.code, "message": self.message}


def invalid(message):
    return ServiceError("InvalidParameterException", message)


def pool_not_found(pool_id):
    return ServiceError("ResourceNotFoundException", "User pool %s does not exist." % pool_id)


def resource_not_found(message):
    return ServiceError("ResourceNotFoundException", message)


def user_not_found():
    return ServiceError("UserNotFoundException", "User does not exist.")


def not_authorized(message):
    return ServiceError("NotAuthorizedException", message)


def validation(field, value, constraint):
    """The model-validation error the service answers before any logic runs."""
    return invalid("1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: %s"
                   % (value, field, constraint))


def limit(params, key, field, low, high, default):
    """A page size from the request, checked against the model's range."""
    value = params.get(key)
    if value is None:
        return default
    value = int(value)
    if value > high:
        raise validation(field, value, "Member must have value less than or equal to %d" % high)
    if value < low:
        raise validation(field, value, "Member must have value greater than or equal to %d" % low)
    return value or default


def required(params, key):
    value = params.get(key)
    if value is None or value == "":
        raise validation(key[0].lower() + key[1:], "null", "Member must not be null")
    return value
