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

    @Test("a scheduler killed after its state was written but before its offsets were committed: the restart commits where the state stands and repeats nothing")
    func killedBeforeCommit() async throws {
        let run = try await WorkerRun(.scheduler, prefix: "uncommitted.", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let expected = PublishedEvent.byId(try run.replay(), "replay")
        try #require(!expected.isEmpty, "the history gives reminders")

        // A commit interval of an hour: the first run writes its state and checkpoints but commits nothing.
        let first = try HomewardProcess(run.workerArguments(.scheduler) + ["--kafka-property", "auto.commit.interval.ms=3600000"])
        defer { if first.process.isRunning { first.process.terminate() } }
        let out = try await run.read("reminders", limit: .seconds(120)) { read, _, _ in Set(read.map(\.id)).count >= expected.count }
        try #require(Set(out.map(\.id)).count == expected.count, "the first run published every reminder")
        // Its last state flush follows within the flush interval (200 ms).
        try #require(try await run.waitUntilQuiet("schedule-state", for: .seconds(2), limit: .seconds(60)), "the first run's state settles")
        let committedAtKill = try await run.committed(group: run.group(.scheduler), topic: "case-events")
        kill(first.process.processIdentifier, SIGKILL)
        _ = first.wait()
        try #require(committedAtKill < Int64(run.events), "the first run had not committed everything: \(committedAtKill) of \(run.events)")

        // The restart restores state and checkpoints covering every event: nothing is left to
        // read, yet the group must commit every event (or it would show lag forever).
        let published = try await run.runToCompletion(.scheduler, consuming: ["case-events": run.events], limit: .seconds(60))
        #expect(published.count == expected.count, "nothing was processed twice: \(published.count) reminders for \(expected.count)")
        run.expectSameEvents(replay: expected, live: PublishedEvent.byId(published, "live"))
    }
}
