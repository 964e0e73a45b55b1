import Foundation
import Testing

@Suite("homeward worker scheduler on the embedded broker", .serialized)
struct SchedulerWorkerTests {
    @Test("the live scheduler on the embedded broker produces exactly the reminders `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await WorkerRun(.scheduler, prefix: "live.", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try run.replay()
        try #require(!replayed.isEmpty, "the history gives reminders")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")

        let live = try await run.runToCompletion(.scheduler, consuming: ["case-events": run.events], limit: .seconds(300))
        run.expectLiveEqualsReplay(live: live, replayed: replayed)
    }

    @Test("a scheduler killed with SIGKILL mid-plan and restarted loses no reminder and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await WorkerRun(.scheduler, prefix: "crash.", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = PublishedEvent.byId(try run.replay(), "replay")
        try #require(expected.count >= 100, "the history gives enough reminders to kill the worker mid-way")

        // Kill it while it works through the history: once a quarter of the reminders are out.
        let outAtKill = try await run.killMidWay(.scheduler, onceOut: expected.count / 4, maxBatchSize: 100)
        #expect(outAtKill.count < expected.count, "killed mid-plan: \(outAtKill.count) of \(expected.count) reminders were out")

        let published = try await run.runToCompletion(.scheduler, consuming: ["case-events": run.events], limit: .seconds(300),
                                                      maxBatchSize: 100)
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }
}
