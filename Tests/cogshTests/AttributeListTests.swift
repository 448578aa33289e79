import Foundation
import TestSupport
import XCTest

/// A user's attribute list in an answer also answers by name (user.Attributes.email),
/// while ipairs, # and json.encode see exactly the list the service sent.
final class AttributeListTests: MotoTestCase {
    func testAttributeListsAnswerByNameAndStayLists() throws {
        let moto = try requireMoto()
        let r = try cogsh(["--endpoint-url", moto.endpoint, "-e", #"""
            local pool = cognito.create_user_pool{ PoolName = "byname", Schema = {
              { Name = "tier", AttributeDataType = "String", Mutable = true } } }.UserPool.Id
            local created = cognito.admin_create_user{ UserPoolId = pool, Username = "alice", MessageAction = "SUPPRESS",
              UserAttributes = { email = "alice@example.com", ["custom:tier"] = "gold" } }
            print("create", created.User.Attributes.email, created.User.Attributes["custom:tier"])
            local got = cognito.admin_get_user{ UserPoolId = pool, Username = "alice" }
            print("get", got.UserAttributes.email, got.UserAttributes["custom:tier"], got.UserAttributes.phone_number)
            local listed = cognito.list_users{ UserPoolId = pool }.Users[1]
            print("list", listed.Attributes.email, listed.Attributes["custom:tier"])
            for u in cognito.each.list_users{ UserPoolId = pool } do print("each", u.Attributes.email) end
            -- Still exactly the list: its length, its items in order, its JSON.
            local n = 0
            for i, a in ipairs(got.UserAttributes) do n = i; assert(a.Name and a.Value) end
            print("list-shape", #got.UserAttributes == n, rawget(got.UserAttributes, "email") == nil)
            local encoded = json.encode(got.UserAttributes)
            print("json", encoded:sub(1, 1), encoded:find('"email":', 1, true) == nil, encoded:find('"Name":"email"', 1, true) ~= nil)
            -- json.decode gives plain JSON: no by-name lookup there.
            print("decoded", json.decode('{"Attributes":[{"Name":"email","Value":"x"}]}').Attributes.email)
            """#], environment: TestSecrets.environment())
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, """
            create\talice@example.com\tgold
            get\talice@example.com\tgold\tnil
            list\talice@example.com\tgold
            each\talice@example.com
            list-shape\ttrue\ttrue
            json\t[\ttrue\ttrue
            decoded\tnil

            """)
    }

    /// Journals list usernames (often e-mail addresses): private whatever the umask.
    func testJournalsArePrivate() throws {
        let dir = NSTemporaryDirectory() + "cogsh-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let journal = dir + "/job.journal"
        let command = "umask 022; exec \(Executables.cogsh.quoted) -e " + "task.map({'a', 'b'}, function() end, { journal = '\(journal)' })".quoted
        let r = try runCommand("/bin/sh", ["-c", command])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: journal)[.posixPermissions] as? Int, 0o600)
        XCTAssertEqual(try String(contentsOfFile: journal, encoding: .utf8), "# cogsh task.map journal v1\na\nb\n")
    }
}
