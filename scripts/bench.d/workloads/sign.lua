-- scripts/bench section 4 (signing): aws.sign{} on a typical AdminUpdateUserAttributes
-- request, N times.
-- The figure includes the Lua call, the argument table and the result table: that is
-- what a script pays, not the bare signer.
local n = tonumber(arg[1])
local body = '{"UserPoolId":"us-east-1_Example1","Username":"alice","UserAttributes":'
  .. '[{"Name":"email","Value":"alice@example.com"},{"Name":"email_verified","Value":"true"}]}'
local sign = aws.sign
local creds = { access_key_id = "testing", secret_access_key = "testing" }
io.write("START\n"); io.stdout:flush()
local r
for _ = 1, n do
  r = sign{
    method = "POST",
    url = "https://cognito-idp.us-east-1.amazonaws.com/",
    headers = {
      ["Content-Type"] = "application/x-amz-json-1.1",
      ["X-Amz-Target"] = "AWSCognitoIdentityProviderService.AdminUpdateUserAttributes",
    },
    body = body,
    region = "us-east-1",
    service = "cognito-idp",
    credentials = creds,
  }
end
io.write("END\n"); io.stdout:flush()
assert(r.signature and #r.signature == 64)
