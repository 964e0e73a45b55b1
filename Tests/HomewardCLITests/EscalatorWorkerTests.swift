import Foundation
import Testing

@Suite("homeward worker escalator on the embedded broker", .serialized)
struct EscalatorWorkerTests {
    @Test("the live escalator on the embedded broker produces exactly the escalations `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await EscalatorRun(prefix: "escalator-live.", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try run.replayedEscalations()
        try #require(!replayed.isEmpty, "the history gives escalations")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        let escalator = try HomewardProcess(run.workerArguments("escalator"))
        defer { if escalator.process.isRunning { escalator.process.terminate() } }
        let finished = try await run.waitUntilCommitted(
            group: run.group("escalator"), ["case-events": run.events, "reminders": reminders.count], limit: .seconds(120))
        let live = try await run.readAll("escalations")
        escalator.process.terminate()
        let stopped = escalator.wait()
        try #require(finished, "the escalator processed all \(run.events) events and \(reminders.count) reminders: \(stopped.stderr.suffix(500))")
        #expect(stopped.status == 0, "graceful stop on SIGTERM: \(stopped.stderr.suffix(500))")

        let expected = EscalatorRun.byId(replayed, "replay")
        let actual = EscalatorRun.byId(live, "live")
        #expect(live.count == actual.count, "each escalation is published once: \(live.count) records, \(actual.count) ids")
        Self.expectSameEvents(replay: expected, live: actual)
        #expect(live.allSatisfy { $0.value.contains(#""subject":"\#($0.caseId)""#) }, "each record is keyed by its case")
        let replayOrder = EscalatorRun.idsByCase(replayed), liveOrder = EscalatorRun.idsByCase(live)
        let reordered = Set(replayOrder.keys).union(liveOrder.keys).sorted().filter { replayOrder[$0] != liveOrder[$0] }
        #expect(reordered.isEmpty, "\(reordered.count) cases' escalations come in another order than replay's, e.g. \(reordered.first.map { "\($0): replay \(replayOrder[$0] ?? []), live \(liveOrder[$0] ?? [])" } ?? "")")
    }

    @Test("an escalator killed with SIGKILL and restarted loses no escalation and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await EscalatorRun(prefix: "escalator-crash.", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = EscalatorRun.byId(try run.replayedEscalations(), "replay")
        try #require(expected.count >= 100, "the history gives enough escalations to kill the worker mid-way")
        let reminders = try await run.runSchedulerToCompletion()
        try #require(!reminders.isEmpty, "the scheduler published reminders for the escalator to read")

        let first = try HomewardProcess(run.workerArguments("escalator", maxBatchSize: 100))
        defer { if first.process.isRunning { first.process.terminate() } }
        // Kill it while it works through the history: once a quarter of the escalations are out.
        _ = try await run.read("escalations", limit: .seconds(120)) { read, _, _ in Set(read.map(\.id)).count >= expected.count / 4 }
        kill(first.process.processIdentifier, SIGKILL)
        let killed = first.wait()
        #expect(killed.status == SIGKILL && first.process.terminationReason == .uncaughtSignal)
        let outAtKill = Set(try await run.readAll("escalations").map(\.id))
        #expect(outAtKill.count < expected.count, "killed mid-way: \(outAtKill.count) of \(expected.count) escalations were out")

        let second = try HomewardProcess(run.workerArguments("escalator", maxBatchSize: 100))
        defer { if second.process.isRunning { second.process.terminate() } }
        let finished = try await run.waitUntilCommitted(
            group: run.group("escalator"), ["case-events": run.events, "reminders": reminders.count], limit: .seconds(120))
        let published = try await run.readAll("escalations")
        second.process.terminate()
        let stopped = second.wait()
        try #require(finished, "the restarted escalator processed all \(run.events) events and \(reminders.count) reminders: \(stopped.stderr.suffix(500))")
        #expect(stopped.status == 0, "graceful stop on SIGTERM: \(stopped.stderr.suffix(500))")

        Self.expectSameEvents(replay: expected, live: EscalatorRun.byId(published, "live"))
    }

    /// Expects the live escalations to have exactly replay's ids, each with replay's bytes.
    static func expectSameEvents(replay expected: [String: String], live actual: [String: String],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let unexpected = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "\(missing.count) of replay's escalations not published, e.g. \(missing.prefix(3).compactMap { expected[$0] })",
                sourceLocation: sourceLocation)
        #expect(unexpected.isEmpty, "\(unexpected.count) published escalations replay does not give, e.g. \(unexpected.prefix(3).compactMap { actual[$0] })",
                sourceLocation: sourceLocation)
        let different = expected.keys.sorted().filter { actual[$0] != nil && actual[$0] != expected[$0] }
        #expect(different.isEmpty, "\(different.count) escalations differ from replay, e.g. replay \(different.first.flatMap { expected[$0] } ?? "") live \(different.first.flatMap { actual[$0] } ?? "")",
                sourceLocation: sourceLocation)
    }
}
