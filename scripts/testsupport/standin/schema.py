"""A pool's attribute schema: the standard attributes every Cognito pool has, custom ones
(stored and answered as `custom:x`, given to CreateUserPool and AddCustomAttributes
without the prefix), and the checks AdminCreateUser and the attribute updates make."""
import copy

from .errors import invalid

_TEXT = {"MinLength": "0", "MaxLength": "2048"}

# (name, type, mutable, required, constraints) in the order DescribeUserPool lists them.
_STANDARD = [
    ("sub", "String", False, True, {"MinLength": "1", "MaxLength": "2048"}),
    ("name", "String", True, False, _TEXT), ("given_name", "String", True, False, _TEXT),
    ("family_name", "String", True, False, _TEXT), ("middle_name", "String", True, False, _TEXT),
    ("nickname", "String", True, False, _TEXT), ("preferred_username", "String", True, False, _TEXT),
    ("profile", "String", True, False, _TEXT), ("picture", "String", True, False, _TEXT),
    ("website", "String", True, False, _TEXT), ("email", "String", True, False, _TEXT),
    ("email_verified", "Boolean", True, False, None), ("gender", "String", True, False, _TEXT),
    ("birthdate", "String", True, False, {"MinLength": "10", "MaxLength": "10"}),
    ("zoneinfo", "String", True, False, _TEXT), ("locale", "String", True, False, _TEXT),
    ("phone_number", "String", True, False, _TEXT), ("phone_number_verified", "Boolean", True, False, None),
    ("address", "String", True, False, _TEXT), ("updated_at", "Number", True, False, {"MinValue": "0"}),
    ("identities", "String", True, False, {}),
]
STANDARD_NAMES = frozenset(n for n, *_ in _STANDARD)
DATA_TYPES = ("String", "Number", "DateTime", "Boolean")


def _constraints_key(data_type):
    return {"String": "StringAttributeConstraints", "Number": "NumberAttributeConstraints"}.get(data_type)


def standard_schema():
    """name → SchemaAttributeType, as a new pool has them."""
    schema = {}
    for name, data_type, mutable, required, constraints in _STANDARD:
        entry = {"Name": name, "AttributeDataType": data_type, "DeveloperOnlyAttribute": False,
                 "Mutable": mutable, "Required": required}
        if constraints is not None:
            entry[_constraints_key(data_type)] = dict(constraints)
        schema[name] = entry
    return schema


def custom_definition(entry):
    """(full name, SchemaAttributeType) of a custom attribute given as CreateUserPool's
    Schema and AddCustomAttributes take it: a name without the prefix (a `custom:` one is
    tolerated in specs), or just the name as a string."""
    if isinstance(entry, str):
        entry = {"Name": entry}
    base = entry["Name"]
    for prefix in ("dev:custom:", "custom:"):
        if base.startswith(prefix):
            base = base[len(prefix):]
    data_type = entry.get("AttributeDataType", "String")
    if data_type not in DATA_TYPES:
        raise invalid("Validation error detected: Value '%s' failed to satisfy constraint: "
                      "Member must satisfy enum value set: [Boolean, Number, String, DateTime]" % data_type)
    if entry.get("Required"):
        raise invalid("Required custom attributes are not supported currently.")
    developer = bool(entry.get("DeveloperOnlyAttribute", False))
    name = ("dev:custom:" if developer else "custom:") + base
    definition = {"Name": name, "AttributeDataType": data_type, "DeveloperOnlyAttribute": developer,
                  "Mutable": bool(entry.get("Mutable", True)), "Required": False}
    key = _constraints_key(data_type)
    if key:
        definition[key] = copy.deepcopy(entry.get(key) or {})
    return name, definition


def add_custom(schema, entries):
    """AddCustomAttributes: every name must be new; nothing is added if one is not."""
    definitions = [custom_definition(e) for e in entries]
    for name, _ in definitions:
        if name in schema:
            raise invalid("%s: Existing attribute already has name %s." % (name.replace("dev:", ""), name))
    for name, definition in definitions:
        schema[name] = definition


def schema_from_request(entries):
    """CreateUserPool's Schema: standard attributes adjusted (mutability, requirement,
    constraints; never their type), custom ones added."""
    schema = standard_schema()
    custom = []
    for entry in entries or []:
        name = entry.get("Name", "")
        if name in STANDARD_NAMES:
            current = schema[name]
            if entry.get("AttributeDataType", current["AttributeDataType"]) != current["AttributeDataType"] \
                    or entry.get("DeveloperOnlyAttribute"):
                raise invalid("You can not change AttributeDataType or set developerOnlyAttribute for standard "
                              "schema attribute %s" % name)
            for key in ("Mutable", "Required"):
                if key in entry:
                    current[key] = bool(entry[key])
            key = _constraints_key(current["AttributeDataType"])
            if key and entry.get(key):
                current[key] = dict(entry[key])
        else:
            custom.append(entry)
    add_custom(schema, custom)
    return schema


def check_attributes(schema, names, creating):
    """Raises what Cognito answers for attributes the schema lacks or that cannot be
    written: AdminCreateUser says 'Attributes did not conform to the schema', the
    updates name each attribute as `user.<name>`."""
    problems = []
    for name in names:
        definition = schema.get(name)
        if definition is None:
            problems.append("%s: Attribute does not exist in the schema." % name)
        elif name == "sub" or (not creating and not definition["Mutable"]):
            problems.append("%s: Attribute cannot be updated. (changing an immutable attribute)" % name)
    if not problems:
        return
    if creating:
        raise invalid("Attributes did not conform to the schema: " + "".join(p + "\n" for p in problems))
    raise invalid("".join("user." + p + "\n" for p in problems))
