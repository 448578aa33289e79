import AWSCore
import TestSupport
import XCTest
@testable import Cognito

/// End to end against moto's cognito-idp: the validated bodies are what the service accepts,
/// and the paginator fields drive a real page loop.
final class MotoIntegrationTests: XCTestCase {
    var moto: MotoServer!
    var client: CognitoInvoker!

    override func setUpWithError() throws {
        moto = try MotoServer()
        client = testInvoker(endpoint: moto.endpoint, region: "us-east-1", accessKeyId: "testing", secret: "testing")
    }

    override func tearDown() {
        moto?.stop()
    }

    func call(_ name: String, _ params: ParamValue, file: StaticString = #filePath, line: UInt = #line) async throws -> JSONValue {
        switch await invoke(client, name, params) {
        case .success(let r): return r.json
        case .failure(let e):
            XCTFail("\(name) failed: \(e)", file: file, line: line)
            throw e
        }
    }

    func testUpdateAttributesWithMapShorthandThenPageThroughUsers() async throws {
        let pool = try await call("create_user_pool", .object(["PoolName": .text("cogsh-test")]))
        let poolId = try XCTUnwrap(pool["UserPool"]?["Id"]?.stringValue)

        for name in ["alice", "bob", "carol"] {
            _ = try await call("admin_create_user", .object(["UserPoolId": .text(poolId), "Username": .text(name),
                                                             "MessageAction": .text("SUPPRESS")]))
        }
        _ = try await call("admin_update_user_attributes", .object([
            "UserPoolId": .text(poolId), "Username": .text("alice"),
            "UserAttributes": .object(["email": .text("alice@example.com"), "email_verified": .bool(true)]),
        ]))
        let alice = try await call("AdminGetUser", .object(["UserPoolId": .text(poolId), "Username": .text("alice")]))
        guard case .array(let attrs)? = alice["UserAttributes"] else { return XCTFail("no attributes: \(alice)") }
        let byName = Dictionary(attrs.compactMap { a in a["Name"]?.stringValue.map { ($0, a["Value"]?.stringValue ?? "") } },
                                uniquingKeysWith: { $1 })
        XCTAssertEqual(byName["email"], "alice@example.com")
        XCTAssertEqual(byName["email_verified"], "true")
        switch alice["UserCreateDate"] {
        case .double?, .int?: break
        default: XCTFail("UserCreateDate should be an epoch number: \(String(describing: alice["UserCreateDate"]))")
        }

        // The loop cognito.each.list_users runs, driven by the model's paginator.
        let pager = try XCTUnwrap(CognitoService.operation(named: "list_users")?.paginator)
        var names: [String] = []
        var token: JSONValue?
        var pages = 0
        repeat {
            var fields: [(key: ParamKey, value: ParamValue)] = [(.string("UserPoolId"), .text(poolId))]
            if let limit = pager.limitKey { fields.append((.string(limit), .int(1))) }
            if let t = token?.stringValue { fields.append((.string(pager.inputToken), .text(t))) }
            let page = try await call("ListUsers", .table(ParamTable(sequence: [], fields: fields)))
            if case .array(let users)? = page[pager.resultKey] {
                names += users.compactMap { $0["Username"]?.stringValue }
            }
            token = page[pager.outputToken]
            pages += 1
        } while token?.stringValue != nil && pages < 10
        XCTAssertEqual(names.sorted(), ["alice", "bob", "carol"])
        XCTAssertEqual(pages, 3)
    }

    func testServiceExceptionNameIsOneTheModelLists() async throws {
        let pool = try await call("CreateUserPool", .object(["PoolName": .text("cogsh-errors")]))
        let poolId = try XCTUnwrap(pool["UserPool"]?["Id"]?.stringValue)
        let result = await invoke(client, "AdminUpdateUserAttributes", .object([
            "UserPoolId": .text(poolId), "Username": .text("ghost"), "UserAttributes": .object(["email": .text("g@x")]),
        ]))
        guard case .failure(.failed(let e)) = result else { return XCTFail("expected a service error: \(result)") }
        XCTAssertEqual(e.code, "UserNotFoundException")
        XCTAssertEqual(e.status, 400)
        XCTAssertTrue(CognitoService.operation(named: "AdminUpdateUserAttributes")?.errors.contains(e.code) == true)
    }
}
