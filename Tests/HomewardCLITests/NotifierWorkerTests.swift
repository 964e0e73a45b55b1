import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("homeward worker notifier on the embedded broker, e-mailing a real SMTP server", .serialized)
struct NotifierWorkerTests {
    static let servers = WorkerProcess.config.deletingLastPathComponent().appendingPathComponent("Tests/SMTPTests/Servers")

    /// A capture server (aiosmtpd) writing into a fresh folder.
    static func captureServer(_ arguments: [String] = []) throws -> (server: PythonServer, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("captured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try PythonServer(script: servers.appendingPathComponent("capture_server.py"), arguments: [folder.path] + arguments), folder)
    }

    @Test("the live notifier e-mails each notification once, with its headers, and records every e-mail sent with the server's reply")
    func emailsThroughSMTP() async throws {
        let run = try await WorkerRun(.notifier, label: "notifier-live", cases: 60, months: 12, seed: 5)
        defer { run.stop() }
        try await run.runUpstream()
        let (server, folder) = try Self.captureServer()
        defer { try? FileManager.default.removeItem(at: folder) }

        let notifier = try await run.startNotifier(smtpPort: server.port)
        try await run.waitUntilNotified(notifier)
        try await notifier.stop()

        let captured = try CapturedMail.all(in: folder)
        try #require(captured.count >= 20, "the history gives e-mails: \(captured.count) captured")
        let ids = captured.flatMap(\.notificationIds)
        #expect(Set(ids).count == ids.count, "no notification is e-mailed twice")
        for mail in captured.prefix(50) {
            let messageId = try #require(mail.header("Message-ID"))
            #expect(messageId.hasPrefix("<hw-") && messageId.hasSuffix("@homeward.example>"))
            #expect(!mail.notificationIds.isEmpty && mail.header("Date") != nil && mail.header("Subject") != nil)
            #expect(mail.header("Content-Type")?.hasPrefix("multipart/alternative") == true)
            #expect(mail.envelopeFrom == "homeward@homeward.example")
            #expect(mail.envelopeTo.count == 1 && mail.header("To")?.contains(mail.envelopeTo[0]) == true)
        }

        // Replay on the same history (far enough to fire every digest): what went live is what replay sends.
        let replayed = try await run.replayedMail(until: "2030-01-01T00:00:00Z")
        let replayedIds = Set(replayed.flatMap(\.notificationIds))
        let unexpected = Set(ids).subtracting(replayedIds)
        #expect(unexpected.isEmpty, "\(unexpected.count) notifications e-mailed live that replay does not send, e.g. \(unexpected.first ?? "")")
        // Urgent and emergency escalations go at once, day and night: live sends every one replay sends.
        let notifications = try await run.fixture.readToEnd(.notifications).compactMap { record -> [String: Any]? in
            (try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any])?["data"] as? [String: Any]
        }
        let alarms = Set(notifications.filter { ["urgent", "emergency"].contains($0["kind"] as? String) && $0["escalationStatus"] as? String != "acknowledged"
            && $0["escalationStatus"] as? String != "resolved" }.compactMap { $0["notificationId"] as? String })
        try #require(!alarms.isEmpty, "the history raises urgent or emergency escalations")
        #expect(alarms.isSubset(of: Set(ids)), "\(alarms.subtracting(ids).count) of \(alarms.count) urgent or emergency notifications not e-mailed")

        // Every e-mail sent is recorded sent, with the server's reply and enhanced code.
        let reports = try await run.deliveryReports()
        let sent = Dictionary(reports.filter { $0["outcome"] as? String == "sent" }.map { ($0["messageId"] as? String ?? "", $0) }) { first, _ in first }
        let capturedIds = captured.compactMap { $0.header("Message-ID") }
        #expect(capturedIds.allSatisfy { sent[$0] != nil }, "each captured e-mail is recorded sent")
        #expect(sent.values.allSatisfy { $0["smtpCode"] as? Int == 250 && $0["enhancedCode"] as? String == "2.0.0" })
        #expect(reports.contains { $0["outcome"] as? String == "queued" } && reports.contains { $0["outcome"] as? String == "deferred" })
        withExtendedLifetime(server) {}
    }

    @Test("a notifier killed between a send and its recorded outcome sends it again with the same Message-ID, recorded in doubt, and nothing else twice")
    func killedBetweenSendAndRecord() async throws {
        let run = try await WorkerRun(.notifier, label: "notifier-crash", cases: 40, months: 12, seed: 5)
        defer { run.stop() }
        try await run.runUpstream()
        // The first server takes the first message and never answers its final dot.
        let (stalling, firstFolder) = try Self.captureServer(["--stall-first", "1"])
        defer { try? FileManager.default.removeItem(at: firstFolder) }
        let first = try await run.startNotifier(smtpPort: stalling.port)
        try await waitUntil("the first e-mail reaches the server", within: .seconds(120)) {
            FileManager.default.fileExists(atPath: firstFolder.appendingPathComponent("0001.eml").path)
        }
        first.process.send(SIGKILL)
        _ = await first.process.wait()
        let stalled = try #require(try CapturedMail(file: firstFolder.appendingPathComponent("0001.eml")).header("Message-ID"))

        let (server, secondFolder) = try Self.captureServer()
        defer { try? FileManager.default.removeItem(at: secondFolder) }
        let second = try await run.startNotifier(smtpPort: server.port)
        // Restored, it sends the stalled e-mail again (its input was marked: the restored state names the send).
        try await waitUntil("the e-mail without an outcome reaches the second server", within: .seconds(120)) {
            (try? CapturedMail.all(in: secondFolder))?.contains { $0.header("Message-ID") == stalled } == true
        }
        try await run.waitUntilNotified(second)
        try await second.stop()

        let captured = try CapturedMail.all(in: firstFolder) + CapturedMail.all(in: secondFolder)
        let reports = try await run.deliveryReports()
        let inDoubt = Set(reports.filter { $0["outcome"] as? String == "in-doubt" }.compactMap { $0["messageId"] as? String })
        #expect(inDoubt.contains(stalled), "the send without an outcome is recorded in doubt")
        var perMessage: [String: Int] = [:]
        for mail in captured { perMessage[mail.header("Message-ID") ?? "", default: 0] += 1 }
        let repeated = perMessage.filter { $0.value > 1 }.map(\.key)
        #expect(!repeated.isEmpty && repeated.allSatisfy { inDoubt.contains($0) }, "only e-mails recorded in doubt reach the server twice: \(repeated.filter { !inDoubt.contains($0) })")
        withExtendedLifetime((stalling, server)) {}
    }
}
