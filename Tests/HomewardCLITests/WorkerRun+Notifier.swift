import Foundation
import HomewardContract
import HomewardTestKit
import Testing

/// A live notifier run: the scheduler and the escalator first, then the
/// notifier's two stages on what they published.
extension WorkerRun {
    /// Runs the scheduler, then the escalator, over the whole history:
    /// the notifier's inputs are then on the broker.
    func runUpstream(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let reminders = try await runToCompletion(.scheduler, within: .seconds(120), sourceLocation: sourceLocation)
        let escalations = try await runToCompletion(.escalator, within: .seconds(120), sourceLocation: sourceLocation)
        try #require(!reminders.isEmpty && !escalations.isEmpty, "the history gives reminders and escalations", sourceLocation: sourceLocation)
    }

    /// The notifier's options for the shipped directory and templates, sending to `smtp`.
    static func notifierArguments(smtp: String) -> [String] {
        ["--smtp", smtp, "--directory", WorkerProcess.config.appendingPathComponent("directory.yaml").path,
         "--templates", WorkerProcess.config.appendingPathComponent("templates").path]
    }

    /// Starts the notifier (stream time) sending to the plaintext SMTP server on `port`.
    func startNotifier(smtpPort port: Int, logLevel: String = "error") async throws -> WorkerProcess {
        try WorkerProcess(.notifier, on: fixture, logLevel: logLevel,
                          extraArguments: Self.notifierArguments(smtp: "smtp+plaintext://127.0.0.1:\(port)"))
    }

    /// Waits until the notifier's fan-out has committed its inputs and then
    /// its delivery all notifications: every e-mail has gone and its outcome is recorded.
    func waitUntilNotified(_ notifier: WorkerProcess, within limit: Duration = .seconds(120)) async throws {
        do {
            try await fixture.waitUntilConsumed(by: notifier.group + ".fanout", Worker.notifier.inputs, within: limit)
            try await fixture.waitUntilConsumed(by: notifier.group + ".delivery", [.notifications], within: limit)
        } catch {
            notifier.process.process.terminate()
            throw WorkerFailure(description: "\(error); the notifier's log: \(await notifier.process.wait().stderr.suffix(1_500))")
        }
    }

    /// The e-mails `homeward replay --outbox` writes for the history, up to `until`.
    func replayedMail(until: String) async throws -> [CapturedMail] {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("replay-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let result = try await HomewardProcess(["replay", history, "--partitions", "\(fixture.partitions)", "--policies", WorkerProcess.policies,
                                                "--until", until, "--outbox", outbox.path]
                                               + Array(Self.notifierArguments(smtp: "").dropFirst(2))).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try CapturedMail.all(in: outbox)
    }

    /// The delivery reports on `deliveries`, as JSON objects.
    func deliveryReports() async throws -> [[String: Any]] {
        try await fixture.readToEnd(.deliveries).map { record in
            let event = try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any]
            return try #require(event?["data"] as? [String: Any])
        }
    }
}
