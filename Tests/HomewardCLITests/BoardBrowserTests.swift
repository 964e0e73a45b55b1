import Foundation
import HomewardTestKit
import Testing

/// The escalation board in Debian's chromium, driven by selenium from
/// Python (`Tests/BoardTests/Browser/board_browser.py`): sign-in, a live
/// row within 1 s, acknowledge through the escalator, team scoping, CSRF.
@Suite("homeward dashboard in a real browser", .serialized, .timeLimit(.minutes(5)))
struct BoardBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BoardTests/Browser/board_browser.py")

    @Test("every check of the board in chromium passes: sign-in, live rows, acknowledge → case-events → acknowledged, team scoping, CSRF, no secret in the log")
    func browser() async throws {
        let repository = Self.script.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let run = try await ChildProcess.run(ChildProcess.python, [Self.script.path, "--homeward", HomewardProcess.executable.path],
                                             directory: repository)
        let (text, errorText) = (run.stdout, run.stderr)
        #expect(run.status == 0, "\(text)\n\(errorText.suffix(4_000))")
        #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("ok ") }.count == 6, "\(text)")
    }
}
