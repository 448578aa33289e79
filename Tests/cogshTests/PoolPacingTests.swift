import Foundation
import TestSupport
import XCTest

/// Pool-resource calls are paced at 5 a second per user pool as well as the account's
/// rate (the quotas page's per-pool limits): what the stand-in counted per pool.
final class PoolPacingTests: XCTestCase {
    func testPoolResourceReadsStayUnderEachPoolsLimit() throws {
        let categories = [StandInServer.Category("UserPoolResourceRead", rate: 20, perPoolRate: 5, operations: ["ListGroups", "GetGroup"])]
        let pools = [StandInServer.PoolSpec(id: "us-east-1_PoolOne", groups: 2), StandInServer.PoolSpec(id: "us-east-1_PoolTwo", groups: 2)]
        let s = try StandInServer(latency: 0.02, categories: categories, pools: pools, strictPools: true)
        defer { s.stop() }
        let r = try cogsh(["--endpoint-url", s.endpoint, "-e", """
            local calls = {}
            for i = 1, 40 do calls[i] = i % 2 == 0 and "us-east-1_PoolOne" or "us-east-1_PoolTwo" end
            local done = task.map(calls, function(pool) cognito.list_groups{ UserPoolId = pool } end,
              { workers = 16, key = function() return tostring(math.random()) end, progress = false })
            print(done.done, done.failed)
            """], environment: TestSecrets.environment(), limit: 60)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "40\t0\n")
        let counts = try XCTUnwrap(try s.stats().categories["UserPoolResourceRead"])
        XCTAssertEqual(counts.throttled.count, 0, "never throttled")
        for pool in ["us-east-1_PoolOne", "us-east-1_PoolTwo"] {
            let p = try XCTUnwrap(counts.pools[pool], pool)
            XCTAssertEqual(p.admitted.count, 20)
            XCTAssertLessThanOrEqual(p.busiestSecond, 5, "\(pool): over its 5 a second")
        }
        // The two pools' turns interleave: some second of the server's clock has both.
        let seconds = try ["us-east-1_PoolOne", "us-east-1_PoolTwo"].map { pool in
            Set(try XCTUnwrap(counts.pools[pool]).admitted.map { Int($0.rounded(.down)) })
        }
        XCTAssertFalse(seconds[0].isDisjoint(with: seconds[1]), "the pools waited for each other")
    }
}
