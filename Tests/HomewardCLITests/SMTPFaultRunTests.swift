import Foundation
import HomewardContract
import HomewardTestKit
import Testing

@Suite("the notifier through mail-server faults", .serialized)
struct SMTPFaultRunTests {
    static let server = NotifierWorkerTests.servers.appendingPathComponent("controlled_server.py")

    /// The shipped policies with retries of seconds rather than minutes,
    /// so that a run on the wall clock sees several within a minute.
    static func quickRetryPolicies() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("policies-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: URL(fileURLWithPath: WorkerProcess.policies), to: folder)
        let notifier = folder.appendingPathComponent("notifier.yaml")
        let text = try String(contentsOf: notifier, encoding: .utf8)
        let quick = text.replacingOccurrences(of: "  first: 1m\n  longest: 2h\n", with: "  first: 1s\n  longest: 4s\n")
        try #require(quick != text, "the shipped retries are 1m … 2h")
        try quick.write(to: notifier, atomically: true, encoding: .utf8)
        return folder
    }

    /// The address of staff member `id` in the shipped directory.
    static func address(of id: String) throws -> String {
        let directory = try String(contentsOf: WorkerProcess.config.appendingPathComponent("directory.yaml"), encoding: .utf8)
        let line = try #require(directory.split(separator: "\n").first { $0.contains("email: ") && $0.hasSuffix(".\(id)@example.org") })
        return String(try #require(line.split(separator: " ").last))
    }

    @Test("with the server down for a minute, then answering 421, then accepting slowly, and one recipient refused for good: every alarm is e-mailed once after retries, the refused one is dead-lettered, sessions never pile up, the notifier never stops")
    func notifierRidesOutMailServerFaults() async throws {
        let run = try await WorkerRun(.notifier, label: "smtp-faults", cases: 60, months: 12, seed: 5)
        defer { run.stop() }
        try await run.runUpstream()
        let policies = try Self.quickRetryPolicies()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("captured-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { for url in [policies, folder] { try? FileManager.default.removeItem(at: url) } }
        let server = try PythonServer(script: Self.server, arguments: [folder.path])
        #expect(try server.command("down") == "ok down")
        let downSince = ContinuousClock.now

        // On the wall clock: alarms (urgent and emergency escalations) go at once, day and night.
        let notifier = try WorkerProcess(.notifier, on: run.fixture, logLevel: "error", extraArguments: [
            "--clock", "wall", "--policies", policies.path, "--smtp-connections", "4",
        ] + WorkerRun.notifierArguments(smtp: "smtp+plaintext://127.0.0.1:\(server.port)"))
        try await run.fixture.waitUntilConsumed(by: notifier.group + ".fanout", WorkerProcess.Worker.notifier.inputs, within: .seconds(120))
        let alarms = try await Self.alarms(run)
        try #require(alarms.count >= 5, "the history raises alarms: \(alarms.count)")
        let refusedRecipient = try #require(alarms.values.sorted().first)
        #expect(try server.command("reject \(try Self.address(of: refusedRecipient))").hasPrefix("ok reject"))

        // Down for a minute: each attempt is refused and retried.
        try await waitUntil("a minute down, with retries scheduled", within: .seconds(120), every: .milliseconds(500)) {
            guard ContinuousClock.now - downSince >= .seconds(60) else { return false }
            return try await run.deliveryReports().contains { $0["outcome"] as? String == "retry-scheduled" }
        }
        // Back, but answering 421 until attempts have met it.
        #expect(try server.command("busy on") == "ok busy on")
        #expect(try server.command("up") == "ok up")
        try await waitUntil("attempts meet 421", within: .seconds(60), every: .milliseconds(500)) {
            (try await run.deliveryReports()).contains { $0["outcome"] as? String == "retry-scheduled" && $0["smtpCode"] as? Int == 421 }
        }
        // Then accepting, slowly: 1.5 s before each reply to the final dot.
        #expect(try server.command("slow 1.5") == "ok slow 1.5")
        #expect(try server.command("busy off") == "ok busy off")

        let expected = Set(alarms.filter { $0.value != refusedRecipient }.keys)
        let refused = Set(alarms.filter { $0.value == refusedRecipient }.keys)
        try await waitUntil("every alarm sent, the refused recipient's failed", within: .seconds(180), every: .milliseconds(500)) {
            let reports = try await run.deliveryReports()
            let sent = Set(reports.filter { $0["outcome"] as? String == "sent" }.flatMap { $0["notificationIds"] as? [String] ?? [] })
            let failed = Set(reports.filter { $0["outcome"] as? String == "failed" }.flatMap { $0["notificationIds"] as? [String] ?? [] })
            return expected.isSubset(of: sent) && refused.isSubset(of: failed)
        }
        #expect(notifier.process.process.isRunning, "the notifier never stopped")

        let captured = try CapturedMail.all(in: folder)
        let ids = captured.flatMap(\.notificationIds)
        #expect(expected.isSubset(of: Set(ids)), "every alarm reached the server")
        #expect(Set(ids).count == ids.count, "no notification e-mailed twice")
        #expect(refused.isDisjoint(with: Set(ids)), "nothing reached the refused recipient")
        let letters = try await run.fixture.readToEnd(.deadLetter).filter { $0.headers.string(named: "homeward-worker") == "notifier-delivery" }
        let deadIds = Set(letters.compactMap { letter -> String? in
            let event = try? JSONSerialization.jsonObject(with: Data(letter.value ?? [])) as? [String: Any]
            return (event?["data"] as? [String: Any])?["notificationId"] as? String
        })
        #expect(refused.isSubset(of: deadIds), "each of the refused recipient's alarms is dead-lettered: \(refused.subtracting(deadIds))")
        #expect(letters.allSatisfy { $0.headers.string(named: "homeward-error-kind") == "undeliverable" })

        // Counted by the server: a session the notifier has closed may still look open to it for a moment,
        // so what is bounded is the mail transactions under way together.
        let stats = try server.command("stats").split(separator: " ")
        let mostTogether = try #require(Int(stats[5]))
        #expect(mostTogether >= 1 && mostTogether <= 4, "at most --smtp-connections e-mails on their way at once, however slow the server: \(mostTogether)")
        try await notifier.stop()
        withExtendedLifetime(server) {}
    }

    /// The alarms among the notifications: urgent and emergency ones of
    /// open escalations, by notification id, with their recipient's id.
    static func alarms(_ run: WorkerRun) async throws -> [String: String] {
        var alarms: [String: String] = [:]
        for record in try await run.fixture.readToEnd(.notifications) {
            let event = try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any]
            guard let data = event?["data"] as? [String: Any], ["urgent", "emergency"].contains(data["kind"] as? String),
                  !["acknowledged", "resolved"].contains(data["escalationStatus"] as? String ?? ""),
                  let id = data["notificationId"] as? String, let recipient = data["recipientId"] as? String else { continue }
            alarms[id] = recipient
        }
        return alarms
    }
}
