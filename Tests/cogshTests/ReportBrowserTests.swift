import Foundation
import TestSupport
import XCTest

/// The report opened in a real browser: Debian's chromium, headless, loads the page from
/// a loopback server that counts requests. The page must be the only request (it is
/// self-contained), log nothing to the console, and render every chart with its bars.
/// Skipped, saying why, where chromium is not installed (scripts/bootstrap installs it).
final class ReportBrowserTests: XCTestCase {
    static let chromium = "/usr/bin/chromium"

    override class func tearDown() { ReportFixture.removeShared() }

    func testChromiumRendersThePageAloneWithEveryChart() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.chromium) else {
            let reason = "no \(Self.chromium) (scripts/bootstrap installs Debian's chromium); skipping the browser test"
            print("SKIP: \(reason)")
            throw XCTSkip(reason)
        }
        let f = try ReportFixture.shared()
        let out = f.dir + "/browser.html"
        let made = try runCommand(Executables.cogsh, ["-m", "report", f.new, out, "--compare", f.old])
        XCTAssertEqual(made.status, 0, made.stderr)
        let page = try Array(Data(contentsOf: URL(fileURLWithPath: out)))

        let server = try await ScriptedHTTPServer { request, _ in
            request.uri == "/report.html"
                ? ScriptedResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
                : ScriptedResponse(status: 404, body: Array("not found".utf8))
        }
        let png = f.dir + "/browser.png"
        let browser = try runCommand(Self.chromium, [
            "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
            "--user-data-dir=\(f.dir)/chromium-profile", "--no-first-run", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=1000,1600", "--screenshot=\(png)", "--dump-dom", server.baseURL + "/report.html",
        ], limit: 120)
        let requests = server.requests.map(\.uri)
        await server.shutdown()

        XCTAssertEqual(browser.status, 0, browser.stderr)
        XCTAssertEqual(requests, ["/report.html"], "the page loaded something besides itself")
        let console = browser.stderr.split(separator: "\n").filter { $0.contains(":CONSOLE") }
        XCTAssertEqual(console, [], "the page logged to the browser's console")

        // The rendered document: the header's figures, and every chart with its bars.
        let dom = browser.stdout
        XCTAssertTrue(dom.contains("id=\"users-counted\">11<"), String(dom.prefix(2000)))
        XCTAssertTrue(dom.contains("id=\"compare-added\">1<"))
        XCTAssertFalse(dom.lowercased().contains("<img"), "an escaped value became an element")
        let text = dom.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        for words in ["Users by status", "CONFIRMED", "6 (54.5%)", "Accounts created per month", "Needs attention",
                      "E-mail addresses held by more than one user", "2 addresses, 4 users", "<img src=x onerror=alert(1)>@example.com"] {
            XCTAssertTrue(ReportPage.unescape(text).contains(words), "the rendered page lacks \(words)")
        }
        let charts = ["status", "enabled", "mfa", "verified", "created", "modified", "coverage", "groups", "changes"]
        for chart in charts {
            let svg = try XCTUnwrap(ReportPage.svg(dom, chart), "no chart \(chart)")
            let bars = ReportPage.bars(dom, chart)
            XCTAssertFalse(bars.isEmpty, "chart \(chart) has no bars")
            XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, bars.count, "chart \(chart): a rect per bar")
            XCTAssertEqual(svg.components(separatedBy: "class=\"value\"").count - 1, bars.count, "chart \(chart): a number per bar")
        }
        XCTAssertEqual(ReportPage.bars(dom, "created").map(\.label), f.months.map(\.month), "one bar per month")

        // The screenshot is a 1000-pixel-wide PNG with something drawn in it.
        let image = try Data(contentsOf: URL(fileURLWithPath: png))
        XCTAssertEqual(Array(image.prefix(8)), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let width = image.count > 24 ? image[16..<20].reduce(0) { $0 << 8 | Int($1) } : 0
        XCTAssertEqual(width, 1000)
        XCTAssertGreaterThan(image.count, 20_000, "a blank page compresses to almost nothing")
    }
}
