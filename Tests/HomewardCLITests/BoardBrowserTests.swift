import Foundation
import Testing

/// The escalation board in Debian's chromium, driven by selenium from
/// Python (`Tests/BoardTests/Browser/board_browser.py`): sign-in, a live
/// row within 1 s, acknowledge through the escalator, team scoping, CSRF.
@Suite("homeward dashboard in a real browser", .serialized, .timeLimit(.minutes(5)))
struct BoardBrowserTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("BoardTests/Browser/board_browser.py")

    @Test("every check of the board in chromium passes: sign-in, live rows, acknowledge → case-events → acknowledged, team scoping, CSRF, no secret in the log")
    func browser() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.script.path, "--homeward", HomewardProcess.executable.path]
        process.currentDirectoryURL = Self.script.deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)\n\(errorText.suffix(4_000))")
        #expect(text.components(separatedBy: "\n").filter { $0.hasPrefix("ok ") }.count == 6, "\(text)")
    }
}
