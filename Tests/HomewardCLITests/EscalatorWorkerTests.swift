import Foundation
import Testing

@Suite("homeward worker escalator on the embedded broker", .serialized)
struct EscalatorWorkerTests {
    @Test("the live escalator on the embedded broker produces exactly the escalations `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await WorkerRun(.escalator, label: "escalator-live", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try run.replay()
        try #require(!replayed.isEmpty, "the history gives escalations")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        let live = try await run.runToCompletion(.escalator, within: .seconds(120))
        run.expectLiveEqualsReplay(live: live, replayed: replayed)
    }

    @Test("an escalator killed with SIGKILL and restarted loses no escalation and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await WorkerRun(.escalator, label: "escalator-crash", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = PublishedEvent.byId(try run.replay(), "replay")
        try #require(expected.count >= 100, "the history gives enough escalations to kill the worker mid-way")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        // Kill it while it works through its inputs: once it reports a tenth of the events and reminders marked.
        let outAtKill = try await run.killMidWay(.escalator, inputs: run.events + reminders.count, maxBatchSize: 100)
        #expect(outAtKill.count < expected.count, "killed mid-way: \(outAtKill.count) of \(expected.count) escalations were out")

        let published = try await run.runToCompletion(.escalator, maxBatchSize: 100, within: .seconds(120))
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }
}
