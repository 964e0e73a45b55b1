import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("privacy of a simulated run: logs and e-mails", .serialized)
struct PrivacyRunTests {
    /// What a log line or an e-mail must never carry: the risk categories,
    /// what a case opening says about the child (placement, legal basis,
    /// birth year), the escalator's reasons, and the fields that hold them.
    static let forbiddenWords: [String] = RiskCategory.allCases.filter { $0 != .other }.map(\.rawValue)
        + PlacementType.allCases.filter { ![.other, .foster].contains($0) }.map(\.rawValue)
        + ["birthYear", "legalBasis", "placement", "category", "severity", "concerns", "childSeenAlone", "wellbeing",
           "severe-harm", "highest-severity", "child-safety-event", "repeated-signals", "child-not-seen-alone"]

    @Test("a simulated run logged at debug level, and its e-mails, carry no detail of a child or a risk, and its logs no staff name or address")
    func nothingAboutTheChildInLogsOrEmails() async throws {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("privacy-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let dev = try HomewardProcess(["dev", "--simulate", "40", "--months", "8", "--seed", "4", "--start", "2026-01-01", "--log-level", "debug",
                                       "--policies", WorkerProcess.policies, "--outbox", outbox.path] + DevCommandTests.notifierArguments)
        let finished = await dev.wait()
        try #require(finished.status == 0, "\(finished.stderr.suffix(1_500))")
        let logLines = finished.stderr.split(separator: "\n").filter { $0.hasPrefix("{") }
        try #require(logLines.count > 50, "the run logs at debug level: \(logLines.count) JSON lines")
        let mails = try CapturedMail.all(in: outbox)
        try #require(mails.count > 20, "the run writes e-mails: \(mails.count)")
        try #require(mails.allSatisfy { $0.part("text/plain") != nil && $0.part("text/html") != nil }, "each e-mail has a text and an HTML part")

        let simulated = try await HomewardProcess(["simulate", "--cases", "40", "--months", "8", "--seed", "4", "--start", "2026-01-01"]).wait()
        let birthYears = Set(simulated.stdout.matches(of: /"birthYear":(\d{4})/).map { String($0.1) }).filter { $0 < "2026" }
        try #require(!birthYears.isEmpty, "the history names birth years")
        let directory = try String(contentsOf: WorkerProcess.config.appendingPathComponent("directory.yaml"), encoding: .utf8)
        let staff = directory.matches(of: /(?m)^\s+(?:name|email): (.+)$/).map { String($0.1) }
        try #require(staff.count > 100)

        for line in logLines {
            let lower = line.lowercased()
            for word in Self.forbiddenWords where lower.contains(word.lowercased()) {
                Issue.record("a log line names \(word): \(line.prefix(300))")
            }
            for person in staff where line.contains(person) { Issue.record("a log line names staff \(person): \(line.prefix(300))") }
        }
        for mail in mails {
            for part in [mail.header("Subject") ?? "", mail.part("text/plain") ?? "", mail.part("text/html") ?? ""] {
                let lower = part.lowercased()
                for word in Self.forbiddenWords where lower.contains(word.lowercased()) {
                    Issue.record("an e-mail names \(word): \(mail.header("Subject") ?? "")")
                }
                for year in birthYears where part.contains(try Regex("(^|[^0-9A-Za-z])\(year)($|[^0-9A-Za-z])")) { Issue.record("an e-mail names the birth year \(year): \(mail.header("Subject") ?? "")") }
            }
        }
    }
}
