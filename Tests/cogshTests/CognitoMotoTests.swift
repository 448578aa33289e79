import Foundation
import TestSupport
import XCTest

/// The cognito module against moto on loopback: what users came for.
final class CognitoMotoTests: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer?

    override class func setUp() {
        moto = try? MotoServer()
    }

    override class func tearDown() {
        moto?.stop()
    }

    var endpoint: String = ""

    override func setUpWithError() throws {
        _ = try RepoPaths.requireVenvPython()
        guard let moto = Self.moto else { throw XCTSkip("moto did not start") }
        endpoint = moto.endpoint
    }

    let credentials = TestSecrets.environment()

    func script(_ body: String, users: Int = 3, extra: [String] = [], environment: [String: String] = [:], useFlag: Bool = true) throws -> CommandResult {
        let preamble = """
        local pool = cognito.create_user_pool{ PoolName = "p" .. os.time() .. math.random(1e6),
          Schema = { { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
        for i = 1, \(users) do
          cognito.admin_create_user{ UserPoolId = pool, Username = "user" .. i, UserAttributes = { email = "user" .. i .. "@example.com" } }
        end

        """
        var env = credentials.merging(environment) { $1 }
        var args = extra
        if useFlag { args += ["--endpoint-url", endpoint] } else { env["AWS_ENDPOINT_URL"] = endpoint }
        return try cogsh(args + ["-e", preamble + body], environment: env, limit: 120)
    }

    func testUpdateInListAndMapFormsAgreesWithBoto3() throws {
        let result = try script("""
        local r = cognito.admin_update_user_attributes{ UserPoolId = pool, Username = "user1",
          UserAttributes = { { Name = "email", Value = "first@example.com" }, { Name = "custom:tier", Value = "silver" } } }
        assert(r.ResponseMetadata.HTTPStatusCode == 200 and r.ResponseMetadata.RetryAttempts == 0)
        assert(type(r.ResponseMetadata.RequestId) == "string" and #r.ResponseMetadata.RequestId > 0)
        cognito.admin_update_user_attributes{ UserPoolId = pool, Username = "user2",
          UserAttributes = { email = "second@example.com", email_verified = true, ["custom:tier"] = "gold" } }
        local got = {}
        for _, a in ipairs(cognito.admin_get_user{ UserPoolId = pool, Username = "user2" }.UserAttributes) do got[a.Name] = a.Value end
        assert(got.email == "second@example.com" and got.email_verified == "true" and got["custom:tier"] == "gold", json.encode(got))
        print(pool)
        """)
        XCTAssertEqual(result.status, 0, result.stderr)
        let pool = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let viaBoto = try PythonHelper.run(script: "read_user.py", arguments: [endpoint, pool, "user2"])
        let attributes = try JSONSerialization.jsonObject(with: Data(viaBoto)) as! [String: String]
        XCTAssertEqual(attributes["email"], "second@example.com")
        XCTAssertEqual(attributes["email_verified"], "true")
        XCTAssertEqual(attributes["custom:tier"], "gold")
        let first = try JSONSerialization.jsonObject(with: Data(try PythonHelper.run(script: "read_user.py", arguments: [endpoint, pool, "user1"]))) as! [String: String]
        XCTAssertEqual(first["email"], "first@example.com")
        XCTAssertEqual(first["custom:tier"], "silver")
    }

    func testServiceErrorsReachLuaWithEveryField() throws {
        let result = try script("""
        local ok, err = pcall(cognito.admin_update_user_attributes, { UserPoolId = pool, Username = "nobody", UserAttributes = { email = "x@example.com" } })
        assert(not ok and err.code == "UserNotFoundException", tostring(err))
        assert(err.status == 400 and type(err.request_id) == "string" and #err.request_id > 0)
        assert(err.message == "User does not exist.", err.message)
        assert(err.operation == "AdminUpdateUserAttributes" and err.attempts == 1 and err.retryable == false)
        assert(err:is("UserNotFoundException"))
        local ok2, err2 = pcall(cognito.admin_get_user, { UserPoolId = "us-east-1_Missing1", Username = "a" })
        assert(not ok2 and err2.code == "ResourceNotFoundException" and err2.status == 400, tostring(err2))
        assert(#err2.message > 0 and err2.request_id)
        print(tostring(err))
        cognito.admin_get_user{ UserPoolId = pool, Username = "nobody" }
        """)
        XCTAssertEqual(result.status, 254, "an uncaught service error exits 254")
        XCTAssertTrue(result.stdout.hasPrefix("UserNotFoundException: User does not exist. (AdminUpdateUserAttributes, request id "), result.stdout)
        XCTAssertTrue(result.stderr.contains("UserNotFoundException"), result.stderr)
    }

    func testEachWalksMoreThanSixtyUsersExactlyOnce() throws {
        let result = try script("""
        local seen, n = {}, 0
        for user in cognito.each.list_users{ UserPoolId = pool, Limit = 7 } do
          assert(not seen[user.Username], "seen twice: " .. user.Username)
          seen[user.Username] = true
          n = n + 1
        end
        local pages = 0
        for page in cognito.pages.list_users{ UserPoolId = pool, Limit = 20 } do pages = pages + 1 end
        print(n, pages)
        """, users: 65)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "65\t4\n")
    }

    func testEndpointFromEnvironment() throws {
        let result = try script("print(#cognito.list_users{ UserPoolId = pool }.Users)", useFlag: false)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "3\n")
    }

    func testDryRunSendsReadsButNotWrites() throws {
        let made = try script("print(pool)")
        XCTAssertEqual(made.status, 0, made.stderr)
        let pool = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let source = """
        assert(cognito.dry_run == true)
        local r = cognito.admin_update_user_attributes{ UserPoolId = "\(pool)", Username = "user1", UserAttributes = { email = "changed@example.com" } }
        assert(r.ResponseMetadata.DryRun == true)
        local u = cognito.admin_get_user{ UserPoolId = "\(pool)", Username = "user1" }
        for _, a in ipairs(u.UserAttributes) do if a.Name == "email" then print(a.Value) end end
        """
        let result = try cogsh(["--dry-run", "--endpoint-url", endpoint, "-e", source], environment: credentials)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "user1@example.com\n", "the read was sent, the write was not")
        XCTAssertTrue(result.stderr.contains("dry-run: AdminUpdateUserAttributes"), result.stderr)
        XCTAssertFalse(result.stderr.contains("changed@example.com"), "sensitive values are masked: \(result.stderr)")
        XCTAssertFalse(result.stderr.contains("AdminGetUser"), "reads are not shown as dry-run")
    }

    /// A full scenario with --debug: requests and responses are shown, the secret key,
    /// the session token and the signature never are.
    func testDebugOutputNeverShowsSecrets() throws {
        let result = try script("""
        local ok, err = pcall(cognito.admin_get_user, { UserPoolId = pool, Username = "nobody" })
        print(tostring(err))
        cognito.admin_update_user_attributes{ UserPoolId = pool, Username = "user1", UserAttributes = { email = "debug@example.com" } }
        print(json.encode(aws.credentials()))
        """, extra: ["--debug"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let everything = result.stdout + result.stderr
        XCTAssertTrue(result.stderr.contains("AWSCognitoIdentityProviderService.AdminUpdateUserAttributes"), "debug shows the requests")
        XCTAssertTrue(result.stderr.contains("UserNotFoundException"), "debug shows the responses")
        XCTAssertFalse(everything.contains(TestSecrets.secretAccessKey), "the secret key leaked")
        XCTAssertFalse(everything.contains(TestSecrets.sessionToken), "the session token leaked")
        XCTAssertNil(everything.range(of: "Signature=[0-9a-f]{64}", options: .regularExpression), "a signature leaked")
        XCTAssertFalse(result.stderr.contains("debug@example.com"), "model-sensitive values are masked in debug output")
    }

    func testCredentialsErrorExits253AndNamesTheSourcesTried() throws {
        let result = try cogsh(["--endpoint-url", endpoint, "-e", "cognito.list_user_pools{ MaxResults = 1 }"],
                               environment: ["AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_REGION": "us-east-1",
                                             "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent",
                                             "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:9", "HOME": "/nonexistent"], limit: 60)
        XCTAssertEqual(result.status, 253, result.stderr)
        XCTAssertTrue(result.stderr.contains("CredentialsError"), result.stderr)
    }
}
