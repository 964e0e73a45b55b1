import Foundation
import HomewardContract
import HomewardTestKit
import Testing

/// `homeward worker … --http-port`: the operations endpoints of a live worker.
@Suite("homeward worker --http-port: metrics and health on the embedded broker", .serialized)
struct OperationsEndpointTests {
    /// What a scheduler that processed a history exports, at least.
    static let schedulerMetrics = [
        #"homeward_records_in_total{worker="scheduler"}"#, #"homeward_records_marked_total{worker="scheduler"}"#,
        #"homeward_records_out_total{worker="scheduler"}"#, #"homeward_reminders_total{worker="scheduler",kind="visit-due-soon"}"#,
        #"homeward_dead_letters_total{worker="scheduler",reason="enum"}"#, #"homeward_consumer_lag{worker="scheduler",topic=""#,
        #"homeward_timers_pending{worker="scheduler",partition="0"}"#, #"homeward_state_restore_duration_seconds_count{worker="scheduler"}"#,
    ]

    /// A case event whose wrong value quotes a name and an address: no log line may repeat them.
    static let personalValue = "Jan de Vries jan.devries@example.org"

    @Test("the scheduler is not ready while it has no partitions, ready once they are restored; live throughout; its metrics once it processed input; its JSON logs repeat no value of a rejected event")
    func scheduler() async throws {
        let run = try await WorkerRun(.scheduler, label: "operations", cases: 20, months: 6, seed: 3)
        defer { run.stop() }
        try await run.fixture.produce([("case-x", Array(#"{"specversion":"1.0","id":"evt-x","source":"/test","type":"org.homeward.case.reopened.v1","time":"2026-01-01T00:00:00Z","subject":"case-x","datacontenttype":"application/json","data":{"reason":"\#(Self.personalValue)"}}"#.utf8))], to: .caseEvents)
        let broker = try #require(run.fixture.broker)
        try broker.setAllBrokersDown()  // no group can form: no partition can be assigned yet

        let worker = try WorkerProcess(.scheduler, on: run.fixture, logLevel: "notice", extraArguments: ["--http-port", "0"])
        let port = try await worker.operationsPort()
        #expect(try await LocalHTTP.get("/health/live", port: port).status == 200)
        let before = try await LocalHTTP.get("/health/ready", port: port)
        #expect(before.status == 503)
        #expect(before.body.contains(#""worker":"scheduler","ready":false,"reason":"no partitions assigned yet""#), "\(before.body)")

        try broker.setAllBrokersUp()
        try await waitUntil("the scheduler is ready", within: .seconds(90), every: .milliseconds(200)) {
            try await LocalHTTP.get("/health/ready", port: port).status == 200
        }
        let ready = try await LocalHTTP.get("/health/ready", port: port).body
        #expect(ready.contains(#""assigned":[0,1,2,3],"restored":[0,1,2,3]"#), "\(ready)")
        #expect(try await LocalHTTP.get("/health/live", port: port).status == 200)

        try await run.fixture.waitUntilConsumed(by: worker.group, [.caseEvents], within: .seconds(120))
        let metrics = try await waitFor("every scheduler metric on /metrics", within: .seconds(30), every: .milliseconds(500)) {
            let body = try await LocalHTTP.get("/metrics", port: port).body
            return Self.schedulerMetrics.allSatisfy(body.contains) ? body : nil
        }
        #expect(metrics.contains(#"homeward_consumer_lag{worker="scheduler",topic="\#(run.fixture.topic(.caseEvents))",partition="0"} 0"#))
        try await worker.stop()

        let logged = worker.process.standardError.text.split(separator: "\n")
        #expect(logged.contains { WorkerLogLine($0)?.message == "input dead-lettered" }, "the bad event was logged")
        for line in logged {
            #expect(line.hasPrefix("{") && WorkerLogLine(line) != nil, "a JSON log line: \(line)")
            #expect(!line.contains("Jan de Vries") && !line.contains("@"), "no name or address: \(line)")
        }
    }

    @Test("the notifier is ready once both its stages are, and exports e-mails by outcome and the SMTP server's reply times; its logs carry no address or name from the directory")
    func notifier() async throws {
        let run = try await WorkerRun(.notifier, label: "operations-notifier", cases: 30, months: 12, seed: 5)
        defer { run.stop() }
        try await run.runUpstream()
        let (server, folder) = try NotifierWorkerTests.captureServer()
        defer { try? FileManager.default.removeItem(at: folder) }

        let notifier = try WorkerProcess(.notifier, on: run.fixture, logLevel: "notice", extraArguments: ["--http-port", "0"]
            + WorkerRun.notifierArguments(smtp: "smtp+plaintext://127.0.0.1:\(server.port)"))
        let port = try await notifier.operationsPort()
        try await run.waitUntilNotified(notifier)
        let ready = try await LocalHTTP.get("/health/ready", port: port)
        #expect(ready.status == 200, "\(ready.body)")
        #expect(ready.body.contains(#""worker":"notifier-fanout","ready":true"#) && ready.body.contains(#""worker":"notifier-delivery","ready":true"#))
        let metrics = try await LocalHTTP.get("/metrics", port: port).body
        #expect(metrics.contains(#"homeward_emails_total{worker="notifier-delivery",outcome="sent"}"#))
        #expect(metrics.contains(#"homeward_emails_total{worker="notifier-delivery",outcome="queued"}"#))
        #expect(metrics.contains(#"homeward_smtp_command_duration_seconds_count{command="mail"}"#))
        #expect(metrics.contains(#"homeward_smtp_command_duration_seconds_count{command="message"}"#))
        try await notifier.stop()

        let names = try String(contentsOf: WorkerProcess.config.appendingPathComponent("directory.yaml"), encoding: .utf8)
            .split(separator: "\n").compactMap { $0.split(separator: "name: ", maxSplits: 1).dropFirst().first.map(String.init) }
        try #require(names.count > 5)
        for line in notifier.process.standardError.text.split(separator: "\n") {
            #expect(!line.contains("@") && !names.contains { line.contains($0) }, "no address or name: \(line)")
        }
    }
}
