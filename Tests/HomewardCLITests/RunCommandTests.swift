import Foundation
import HomewardTestKit
import Testing

@Suite("homeward run on the embedded broker", .serialized)
struct RunCommandTests {
    @Test("run scheduler escalator: one process, a consumer group per kind, the reminders and escalations `homeward replay` prints, a graceful stop on SIGTERM")
    func schedulerAndEscalator() async throws {
        let run = try await WorkerRun(.escalator, label: "run-two", cases: 30, months: 12, seed: 5)
        defer { run.stop() }
        let reminders = try await run.replay(.scheduler), escalations = try await run.replay()
        try #require(!reminders.isEmpty && !escalations.isEmpty, "the history gives reminders and escalations")

        let fixture = run.fixture
        let running = try HomewardProcess(
            ["run", "scheduler", "escalator", "--group-prefix", fixture.prefix, "--brokers", fixture.bootstrapServers,
             "--topic-prefix", fixture.prefix, "--clock", "stream", "--session-timeout-ms", "6000", "--fetch-wait-ms", "10",
             "--policies", WorkerProcess.policies, "--log-level", "error"])
        do {
            try await fixture.waitUntilConsumed(by: fixture.prefix + "scheduler", [.caseEvents], within: .seconds(120))
            try await fixture.waitUntilConsumed(by: fixture.prefix + "escalator", [.caseEvents, .reminders], within: .seconds(120))
        } catch {
            running.process.terminate()
            throw WorkerFailure(description: "\(error); the log: \(await running.wait().stderr.suffix(1_000))")
        }
        let liveReminders = try await fixture.readToEnd(.reminders).map(PublishedEvent.init)
        let liveEscalations = try await fixture.readToEnd(.escalations).map(PublishedEvent.init)
        running.process.terminate()
        let stopped = await running.wait()
        #expect(stopped.status == 0, "both workers stop gracefully on SIGTERM: \(stopped.stderr.suffix(1_000))")

        run.expectSameEvents(replay: PublishedEvent.byId(reminders, "replay"), live: PublishedEvent.byId(liveReminders, "live"))
        run.expectSameEvents(replay: PublishedEvent.byId(escalations, "replay"), live: PublishedEvent.byId(liveEscalations, "live"))
    }

    @Test("run without a worker kind is refused with what to name")
    func needsAWorker() async throws {
        let result = try await HomewardProcess(["run", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status == 64)
        #expect(result.stderr.contains("scheduler"), "\(result.stderr)")
    }
}
