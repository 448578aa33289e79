"""STS GetCallerIdentity on the stand-in's port (awsQuery: a form-encoded POST, an XML
answer), so plan/apply can check which account it talks to; POST /__identity sets what
it answers."""
import uuid
from xml.sax.saxutils import escape

DEFAULT_IDENTITY = {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/cogsh-test",
                    "UserId": "AIDACOGSHSTANDIN00001"}
_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def answer(form, identity):
    """(status, XML body) for a form-encoded STS request."""
    action = form.get("Action", "")
    request_id = str(uuid.uuid4())
    if action != "GetCallerIdentity":
        return 400, ('<ErrorResponse xmlns="%s"><Error><Type>Sender</Type><Code>InvalidAction</Code>'
                     '<Message>Could not find operation %s for version %s</Message></Error>'
                     '<RequestId>%s</RequestId></ErrorResponse>'
                     % (_NS, escape(action), escape(form.get("Version", "")), request_id))
    return 200, ('<GetCallerIdentityResponse xmlns="%s"><GetCallerIdentityResult><Arn>%s</Arn>'
                 '<UserId>%s</UserId><Account>%s</Account></GetCallerIdentityResult><ResponseMetadata>'
                 '<RequestId>%s</RequestId></ResponseMetadata></GetCallerIdentityResponse>'
                 % (_NS, escape(identity["Arn"]), escape(identity["UserId"]), escape(identity["Account"]), request_id))
