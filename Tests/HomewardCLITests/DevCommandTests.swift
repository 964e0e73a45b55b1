import Foundation
import HomewardTestKit
import Testing

@Suite("homeward dev: the whole pipeline in one process", .serialized)
struct DevCommandTests {
    static let notifierArguments = WorkerRun.notifierArguments(smtp: "").dropFirst(2)

    @Test("dev --simulate prints the broker's address first, processes the population, writes the e-mails the policy calls for and summarises")
    func simulateEndToEnd() async throws {
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("dev-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: outbox) }
        let dev = try HomewardProcess(["dev", "--simulate", "40", "--months", "12", "--seed", "3", "--start", "2026-01-01",
                                       "--policies", WorkerProcess.policies, "--outbox", outbox.path] + Self.notifierArguments)
        let address = dev.firstLine()
        #expect(address.wholeMatch(of: /127\.0\.0\.1:\d+/) != nil, "the bootstrap address comes first: \(address)")
        let finished = await dev.wait()
        try #require(finished.status == 0, "\(finished.stderr.suffix(1_500))")

        let mails = try CapturedMail.all(in: outbox)
        let written = try #require(finished.stdout.firstMatch(of: /(\d+) e-mails written to/).flatMap { Int($0.1) })
        #expect(written == mails.count && written > 0, "the summary counts the e-mails in the outbox")
        for section in ["case events", "reminders by kind", "escalations by level and status", "e-mail deliveries by status", "dead letters"] {
            #expect(finished.stdout.contains(section), "the summary shows \(section)")
        }
        let ids = mails.flatMap(\.notificationIds)
        #expect(Set(ids).count == ids.count, "no notification is e-mailed twice")

        // The same history offline: what dev e-mailed is what replay sends, and every urgent or
        // emergency escalation raised reached a supervisor.
        let history = FileManager.default.temporaryDirectory.appendingPathComponent("dev-history-\(UUID().uuidString).ndjson")
        defer { try? FileManager.default.removeItem(at: history) }
        let simulated = try await HomewardProcess(["simulate", "--cases", "40", "--months", "12", "--seed", "3", "--start", "2026-01-01"]).wait()
        try simulated.stdout.write(to: history, atomically: true, encoding: .utf8)
        let replayOutbox = FileManager.default.temporaryDirectory.appendingPathComponent("dev-replay-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: replayOutbox) }
        let replay = try await HomewardProcess(["replay", history.path, "--until", "2030-01-01T00:00:00Z", "--policies", WorkerProcess.policies,
                                                "--outbox", replayOutbox.path, "--worker", "escalator"] + Self.notifierArguments).wait()
        try #require(replay.status == 0, "\(replay.stderr.suffix(500))")
        let replayed = Set(try CapturedMail.all(in: replayOutbox).flatMap(\.notificationIds))
        #expect(Set(ids).isSubset(of: replayed), "\(Set(ids).subtracting(replayed).count) e-mailed notifications replay does not send")
        let alarms = replay.stdout.split(separator: "\n").filter {
            $0.contains(#""status":"raised""#) && ($0.contains(#""level":"urgent""#) || $0.contains(#""level":"emergency""#))
        }.compactMap { $0.firstMatch(of: /"id":"([^"]+)"/).map { String($0.1) } }
        try #require(!alarms.isEmpty, "the history raises urgent or emergency escalations")
        let toSupervisors = ids.filter { $0.contains("-sup-") }
        let missing = alarms.filter { id in !toSupervisors.contains { $0.hasPrefix("ntf-\(id)-sup-") } }
        #expect(missing.isEmpty, "\(missing.count) of \(alarms.count) urgent or emergency escalations raised reached no supervisor, e.g. \(missing.first ?? "")")
    }

    @Test("dev on the wall clock serves the escalation board beside /metrics and /health on its --http-port, once a board user exists")
    func servesTheBoard() async throws {
        let users = FileManager.default.temporaryDirectory.appendingPathComponent("dev-users-\(UUID().uuidString).yaml").path
        let outbox = FileManager.default.temporaryDirectory.appendingPathComponent("dev-outbox-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(atPath: users)
            try? FileManager.default.removeItem(at: outbox)
        }
        let added = try await DashboardUserCommandTests.run(["add", "mgr-0001", "--role", "manager", "--users", users],
                                                            input: DashboardUserCommandTests.password + "\n")
        try #require(added.status == 0, "\(added.stderr)")
        let port = try LocalHTTP.freePort()
        let dev = try HomewardProcess(["dev", "--http-port", "\(port)", "--users", users, "--policies", WorkerProcess.policies,
                                       "--outbox", outbox.path] + Self.notifierArguments)
        #expect(dev.firstLine().wholeMatch(of: /127\.0\.0\.1:\d+/) != nil)
        try await waitUntil("the board and the workers are ready", within: .seconds(120), every: .milliseconds(300)) {
            (try? await LocalHTTP.get("/health/ready", port: port).status) == 200
        }
        let ready = try await LocalHTTP.get("/health/ready", port: port).body
        #expect(ready.contains(#""worker":"board","ready":true"#) && ready.contains(#""worker":"escalator","ready":true"#), "\(ready)")
        let login = try await LocalHTTP.get("/login", port: port)
        #expect(login.status == 200 && login.body.contains("Sign in"))
        let page = try await LocalHTTP.get("/", port: port)  // redirected to the sign-in page
        #expect(page.status == 200 && page.body.contains("Sign in") && !page.body.contains("open escalations"), "the board needs sign-in")
        #expect(try await LocalHTTP.get("/metrics", port: port).body.contains("homeward_"))
        #expect(dev.standardError.text.contains("escalation board on http://127.0.0.1:\(port)/"))
    }
}
