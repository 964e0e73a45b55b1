import Foundation
import HomewardContract
import Testing

@Suite("homeward worker scheduler on the embedded broker", .serialized)
struct SchedulerWorkerTests {
    @Test("the live scheduler on the embedded broker produces exactly the reminders `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await WorkerRun(.scheduler, label: "scheduler-live", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try await run.replay()
        try #require(!replayed.isEmpty, "the history gives reminders")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")

        let live = try await run.runToCompletion(.scheduler, within: .seconds(300))
        run.expectLiveEqualsReplay(live: live, replayed: replayed)
    }

    @Test("a scheduler killed with SIGKILL mid-plan and restarted loses no reminder and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await WorkerRun(.scheduler, label: "scheduler-crash", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = await PublishedEvent.byId(try run.replay(), "replay")
        try #require(expected.count >= 100, "the history gives enough reminders to kill the worker mid-way")

        // Kill it while it works through the history: once it reports a tenth of the events marked.
        let outAtKill = try await run.killMidWay(.scheduler, inputs: run.events, maxBatchSize: 100)
        #expect(outAtKill.count < expected.count, "killed mid-plan: \(outAtKill.count) of \(expected.count) reminders were out")

        let published = try await run.runToCompletion(.scheduler, maxBatchSize: 100, within: .seconds(300))
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }

    @Test("a scheduler killed after its state was written but before its offsets were committed: the restart commits where the state stands and repeats nothing")
    func killedBeforeCommit() async throws {
        let run = try await WorkerRun(.scheduler, label: "scheduler-uncommitted", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let expected = await PublishedEvent.byId(try run.replay(), "replay")
        try #require(!expected.isEmpty, "the history gives reminders")

        // A commit interval of an hour: the first run writes its state and checkpoints but commits nothing.
        // It marks an event's offset once the event's outputs, state and checkpoint are acknowledged:
        // killed when it reports every event marked, all of them are on the broker.
        let first = try WorkerProcess(.scheduler, on: run.fixture, logLevel: "debug",
                                      extraArguments: ["--kafka-property", "auto.commit.interval.ms=3600000"])
        _ = try await first.kill(onceMarked: run.events)
        let out = try await run.fixture.readToEnd(.reminders).map(PublishedEvent.init)
        try #require(Set(out.map(\.id)).count == expected.count, "the first run published every reminder")
        let committedAtKill = try await run.fixture.committedOffsets(group: first.group, .caseEvents).values.reduce(0, +)
        try #require(committedAtKill < Int64(run.events), "the first run had not committed everything: \(committedAtKill) of \(run.events)")

        // The restart restores state and checkpoints covering every event: nothing is left to
        // read, yet the group must commit every event (or it would show lag forever).
        let published = try await run.runToCompletion(.scheduler, within: .seconds(60))
        #expect(published.count == expected.count, "nothing was processed twice: \(published.count) reminders for \(expected.count)")
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }
}
