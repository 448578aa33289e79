import TestSupport
import XCTest

/// A test class whose tests run cogsh against one moto server on loopback, started
/// before the class's first test and stopped after its last. A test that needs it asks
/// `requireMoto()`, which skips the test when there is no venv or moto did not start.
class MotoTestCase: XCTestCase {
    nonisolated(unsafe) static var moto: MotoServer?
    nonisolated(unsafe) static var startFailure: String?

    override class func setUp() {
        super.setUp()
        do { moto = try MotoServer() } catch { startFailure = "\(error)" }
    }

    override class func tearDown() {
        moto?.stop()
        moto = nil
        super.tearDown()
    }

    /// The class's moto server, or an XCTSkip saying why there is none.
    func requireMoto() throws -> MotoServer {
        _ = try RepoPaths.requireVenvPython()
        guard let moto = Self.moto else {
            let reason = "moto did not start: \(Self.startFailure ?? "unknown reason"); skipping"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        return moto
    }
}
