import Foundation
import Snapshot
import XCTest

@testable import CogshLua

/// The apply journal's marks for deletes and creates: whether an earlier run's attempt
/// may have reached the service, read back as a rerun reads them.
final class PlanJournalTests: XCTestCase {
    func plan(_ path: String) -> Plan {
        let header = PlanHeader(id: "plan-1", pool: "us-east-1_Test1", region: "us-east-1", account: nil, identity: nil,
                                created: "2026-12-06T00:00:00Z", script: "s.lua", args: [], snapshot: nil)
        return Plan(path: path, header: header, calls: [])
    }

    /// One run: the marks `body` writes, then the journal closed as a killed run leaves it.
    func run(_ path: String, _ body: (PlanJournal) -> Void) throws {
        let journal = try PlanJournal.open(path, plan: plan(path + ".plan"))
        body(journal)
        journal.close()
    }

    func testAnAttemptIsInDoubtUntilRefusedAndAnEarlierOneStaysSo() throws {
        let path = NSTemporaryDirectory() + "/cogsh-plan-journal-\(getpid()).journal"
        defer { unlink(path) }
        unlink(path)
        try run(path) { j in
            XCTAssertEqual(j.attempts(1), 0)
            XCTAssertNil(j.markSending(1, attempt: 1))
            XCTAssertNil(j.markSending(2, attempt: 1))
            XCTAssertNil(j.markRefused(2, attempt: 1))
            XCTAssertNil(j.markSending(3, attempt: 1))
            XCTAssertNil(j.add(3))
        }
        try run(path) { j in
            XCTAssertEqual(j.attempts(1), 1)
            XCTAssertTrue(j.inDoubt(1), "sent, no answer journaled")
            XCTAssertFalse(j.inDoubt(2), "refused: it did nothing")
            XCTAssertFalse(j.inDoubt(3), "done")
            // Attempt 2 of call 1 refused: attempt 1 may still have reached the service.
            XCTAssertNil(j.markSending(1, attempt: 2))
            XCTAssertNil(j.markRefused(1, attempt: 2))
            XCTAssertNil(j.markSending(2, attempt: 2))
        }
        try run(path) { j in
            XCTAssertEqual(j.attempts(1), 2)
            XCTAssertTrue(j.inDoubt(1), "the first attempt was never refused")
            XCTAssertTrue(j.inDoubt(2), "its second attempt got no answer")
        }
    }
}
