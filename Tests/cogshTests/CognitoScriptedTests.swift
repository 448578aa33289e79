import Foundation
import TestSupport
import XCTest

/// The cognito module against a scripted loopback server: every exception of
/// AdminUpdateUserAttributes in every body form, and invalid input that sends nothing.
final class CognitoScriptedTests: XCTestCase {
    static let exceptions = [
        ("ResourceNotFoundException", 400), ("InvalidParameterException", 400), ("UnexpectedLambdaException", 400),
        ("UserLambdaValidationException", 400), ("InvalidLambdaResponseException", 400), ("AliasExistsException", 400),
        ("TooManyRequestsException", 400), ("NotAuthorizedException", 400), ("UserNotFoundException", 400),
        ("InternalErrorException", 500), ("InvalidSmsRoleAccessPolicyException", 400),
        ("InvalidEmailRoleAccessPolicyException", 400), ("InvalidSmsRoleTrustRelationshipException", 400),
    ]

    /// The three ways a service names its error: `__type` with a namespace and a
    /// suffix, `Message` capitalised, and the code only in `x-amzn-ErrorType`.
    static func response(_ code: String, status: Int, form: Int) -> ScriptedResponse {
        switch form {
        case 0: return .json(status, #"{"__type":"com.amazonaws.cognito.identityprovider.model#\#(code):http://internal.example/","message":"scripted \#(code)"}"#)
        case 1: return .json(status, #"{"__type":"\#(code)","Message":"scripted \#(code)"}"#)
        default: return .json(status, #"{"message":"scripted \#(code)"}"#, headers: [("x-amzn-ErrorType", code + ":http://internal.example/")])
        }
    }

    let environment = TestSecrets.environment()

    func testEveryExceptionReachesItsHandlerInEveryBodyForm() async throws {
        XCTAssertEqual(Self.exceptions.count, 13)
        for form in 0..<3 {
            let server = try await ScriptedHTTPServer { request, _ in
                let body = request.bodyText
                let (code, status) = Self.exceptions.first { body.contains("\"Username\":\"\($0.0)\"") } ?? ("UserNotFoundException", 400)
                return Self.response(code, status: status, form: form)
            }
            defer { Task { await server.shutdown() } }
            let names = Self.exceptions.map { "\"\($0.0)\"" }.joined(separator: ", ")
            let source = """
            local names = { \(names) }
            assert(#cognito.errors.AdminUpdateUserAttributes == 13)
            local by_try, by_pcall = 0, 0
            for _, name in ipairs(names) do
              local params = { UserPoolId = "us-east-1_Scripted1", Username = name, UserAttributes = { email = "a@example.com" } }
              local handlers = {}
              for _, other in ipairs(names) do
                handlers[other] = function(err) assert(other == name, "handler " .. other .. " got " .. name); return err end
              end
              local err = cognito.try(function() cognito.admin_update_user_attributes(params) end, handlers)
              assert(err and err.code == name and err.message == "scripted " .. name, tostring(err))
              by_try = by_try + 1
              local ok, e = pcall(cognito.admin_update_user_attributes, params)
              assert(not ok and e.code == name, tostring(e))
              assert(e.status == (name == "InternalErrorException" and 500 or 400), name .. " status " .. tostring(e.status))
              assert(e.request_id, "request id")
              assert(e.throttling == (name == "TooManyRequestsException"), name .. " throttling")
              by_pcall = by_pcall + 1
            end
            print(by_try, by_pcall)
            """
            let result = try cogsh(["--endpoint-url", server.baseURL, "--max-attempts", "1", "-e", source], environment: environment, limit: 120)
            XCTAssertEqual(result.status, 0, "form \(form): \(result.stderr)")
            XCTAssertEqual(result.stdout, "13\t13\n", "form \(form)")
        }
    }

    func testTryReraisesUnhandledCodesAndDefaultCatchesThem() async throws {
        let server = try await ScriptedHTTPServer { _, _ in .awsError(400, "AliasExistsException", "taken") }
        defer { Task { await server.shutdown() } }
        let source = """
        local params = { UserPoolId = "us-east-1_Scripted1", Username = "a", UserAttributes = { email = "a@example.com" } }
        local seen = cognito.try(function() cognito.admin_update_user_attributes(params) end, { default = function(e) return e.code end })
        assert(seen == "AliasExistsException")
        cognito.try(function() cognito.admin_update_user_attributes(params) end, { UserNotFoundException = function() error("wrong handler") end })
        """
        let result = try cogsh(["--endpoint-url", server.baseURL, "-e", source], environment: environment)
        XCTAssertEqual(result.status, 254, result.stderr)
        XCTAssertTrue(result.stderr.contains("AliasExistsException: taken (AdminUpdateUserAttributes, request id req-"), result.stderr)
    }

    func testInvalidInputSendsNothingAndNamesTheField() async throws {
        let server = try await ScriptedHTTPServer { _, _ in .json(200, "{}") }
        defer { Task { await server.shutdown() } }
        let cases: [(String, String, String)] = [
            ("{ Username = 'a', UserAttributes = { email = 'x' } }", "UserPoolId", "required"),
            ("{ UserPoolId = 'nopool', Username = 'a', UserAttributes = { email = 'x' } }", "UserPoolId", "pattern"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a b', UserAttributes = { email = 'x' } }", "Username", "pattern"),
            ("{ UserPoolId = 'us-east-1_A', Username = string.rep('é', 129), UserAttributes = { email = 'x' } }", "Username", "128"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = {} }", "UserAttributes", "empty"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = { { Name = 'email', Value = 'x' }, { Name = string.rep('n', 33), Value = 'v' } } }", "UserAttributes[2].Name", "32"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = { { Name = 'email', Value = 5 } } }", "UserAttributes[1].Value", "string"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = { tier = 'gold' } }", "UserAttributes[\"tier\"]", "custom:tier"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = { email = 'x' }, ClientMetadata = { reason = 7 } }", "ClientMetadata[\"reason\"]", "string"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a', UserAttributes = { email = 'x' }, UserAtributes = {} }", "UserAtributes", "UserAttributes"),
            ("{ UserPoolId = 'us-east-1_A', Username = 'a\\xff', UserAttributes = { email = 'x' } }", "Username", "UTF-8"),
        ]
        for (params, field, words) in cases {
            let source = """
            local ok, err = pcall(cognito.admin_update_user_attributes, \(params))
            assert(not ok, "expected a ValidationError")
            assert(err.code == "ValidationError", tostring(err))
            assert(err.field == \(luaString(field)), "field " .. tostring(err.field))
            assert(err.status == nil and err.attempts == 0 and err.operation == "AdminUpdateUserAttributes")
            assert(err.message:find(\(luaString(words)), 1, true), err.message)
            """
            let result = try cogsh(["--endpoint-url", server.baseURL, "-e", source], environment: environment)
            XCTAssertEqual(result.status, 0, "\(params): \(result.stderr)")
        }
        let uncaught = try cogsh(["--endpoint-url", server.baseURL, "-e", "cognito.admin_update_user_attributes{ UserPoolId = 'us-east-1_A' }"], environment: environment)
        XCTAssertEqual(uncaught.status, 252)
        XCTAssertEqual(server.requestCount, 0, "invalid input is never sent")
    }

    func luaString(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
