import HomewardContract
import HomewardTestKit
import Kafka
import Testing

@Suite("homeward state reset on the embedded broker", .serialized)
struct StateResetTests {
    @Test("a reset empties the scheduler's state and rewinds its group; the scheduler then rebuilds the same state and publishes the same reminder ids again")
    func schedulerRebuilds() async throws {
        let run = try await WorkerRun(.scheduler, label: "reset-scheduler", cases: 20, months: 8, seed: 5)
        defer { run.stop() }
        let first = Set(try await run.runToCompletion(.scheduler, within: .seconds(120)).map(\.id))
        try #require(!first.isEmpty, "the history gives reminders")
        let stateBefore = try await run.state(of: .scheduler)
        let remindersBefore = try await run.fixture.highWatermarks(.reminders)

        let reset = try await run.stateReset(.scheduler, ["--yes"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stderr.contains("5. Done"), "\(reset.stderr)")
        #expect(try await run.state(of: .scheduler).isEmpty, "every key of the state topic has a tombstone last")
        let committed = try await run.footprint(of: .scheduler).committed
        #expect(!committed.isEmpty && committed.values.allSatisfy { $0 == 0 }, "the group starts case-events over: \(committed)")

        let again = try await run.idsPublished(by: .scheduler, after: remindersBefore, within: .seconds(120))
        #expect(Set(again) == first, "the rebuilt scheduler publishes the same reminder ids: \(again.count) published")
        #expect(try await run.state(of: .scheduler) == stateBefore, "the rebuilt state, checkpoints included, is the state before the reset, byte for byte")
    }

    @Test("a reset empties the escalator's state and rewinds both its inputs; the escalator then publishes the same escalation ids again")
    func escalatorRebuilds() async throws {
        let run = try await WorkerRun(.escalator, label: "reset-escalator", cases: 30, months: 10, seed: 11)
        defer { run.stop() }
        _ = try await run.runSchedulerToCompletion()
        let first = Set(try await run.runToCompletion(.escalator, within: .seconds(120)).map(\.id))
        try #require(!first.isEmpty, "the history gives escalations")
        let escalationsBefore = try await run.fixture.highWatermarks(.escalations)

        let reset = try await run.stateReset(.escalator, ["--yes"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(try await run.state(of: .escalator).isEmpty)
        let committed = try await run.footprint(of: .escalator).committed
        #expect(Set(committed.keys.map(\.topic)) == [run.fixture.topic(.caseEvents), run.fixture.topic(.reminders)])
        #expect(committed.values.allSatisfy { $0 == 0 }, "the group starts both inputs over: \(committed)")

        let again = try await run.idsPublished(by: .escalator, after: escalationsBefore, within: .seconds(120))
        #expect(Set(again) == first, "the rebuilt escalator publishes the same escalation ids: \(again.count) published")
    }

    @Test("--dry-run says what a reset would do and changes nothing")
    func dryRun() async throws {
        let run = try await WorkerRun(.scheduler, label: "reset-dry", cases: 10, months: 6, seed: 5)
        defer { run.stop() }
        _ = try await run.runToCompletion(.scheduler, within: .seconds(120))
        let before = try await run.footprint(of: .scheduler)

        let reset = try await run.stateReset(.scheduler, ["--dry-run"])
        #expect(reset.status == 0, "\(reset.stderr)")
        #expect(reset.stderr.contains("What a reset would do (dry run: nothing is changed)"), "\(reset.stderr)")
        #expect(reset.stderr.contains("rewind group \(WorkerProcess.group(.scheduler, on: run.fixture)) to the start of \(run.fixture.topic(.caseEvents))"))
        let after = try await run.footprint(of: .scheduler)
        #expect(after.stateRecords == before.stateRecords, "nothing was written to the state topic")
        #expect(after.committed == before.committed, "the group's offsets are where they were")
    }

    @Test("a reset is refused, naming the case, when an open case's case.opened is no longer on case-events")
    func refusedWithoutOpening() async throws {
        let run = try await WorkerRun(.scheduler, label: "reset-gone", cases: 10, months: 6, seed: 5)
        defer { run.stop() }
        _ = try await run.runToCompletion(.scheduler, within: .seconds(120))
        // A case the state holds whose history case-events no longer has: a real state value under another key.
        let state = try await run.state(of: .scheduler)
        let value = try #require(state.cases.values.first)
        try await run.fixture.produce([(key: "case-gone", value: value)], to: .scheduleState)
        let before = try await run.footprint(of: .scheduler)

        let reset = try await run.stateReset(.scheduler, ["--yes"])
        #expect(reset.status == 1, "\(reset.stderr)")
        #expect(reset.stderr.contains("1 open case began before what \(run.fixture.topic(.caseEvents)) still holds"), "\(reset.stderr)")
        #expect(reset.stderr.contains("The oldest: case-gone (no event of it is left)"), "\(reset.stderr)")
        #expect(reset.stderr.contains("retention.ms of two years"), "the refusal names the retention that avoids it")
        let after = try await run.footprint(of: .scheduler)
        #expect(after.stateRecords == before.stateRecords && after.committed == before.committed, "nothing was changed")
    }

    @Test("a reset is refused when the input no longer holds an open case's opening, and says where the input now starts")
    func refusedAfterDeletion() async throws {
        let fixture = try await BrokerFixture("reset-deleted", topics: WorkerProcess.Worker.scheduler.topics, partitions: 1)
        let history = try await HomewardProcess(["simulate", "--cases", "1", "--months", "1"]).wait().stdout
        let opening = try #require(history.split(separator: "\n").first { $0.contains("case.opened") })
        try await fixture.produce([(key: "case-000001", value: Array(opening.utf8))], to: .caseEvents)
        // The embedded broker keeps about 5 MiB per partition and drops the oldest records beyond it, as retention does.
        let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 10_240)
        let records = EmbeddedBroker.bytesPerPartition / filler.count + 100
        try await fixture.produce((0..<records).map { (key: "other-\($0)", value: filler) }, to: .caseEvents)
        try await fixture.produce([(key: "case-000001", value: [3, 1, 0, 0])], to: .scheduleState)

        let reset = try await fixture.stateReset(.scheduler, ["--dry-run"])
        #expect(reset.status == 1, "\(reset.stderr)")
        #expect(reset.stderr.contains("partition 0 starts after offset 0"), "\(reset.stderr)")
        #expect(reset.stderr.contains("1 open case began before what \(fixture.topic(.caseEvents)) still holds"), "\(reset.stderr)")
        #expect(reset.stderr.contains("The oldest: case-000001 (no event of it is left)"), "\(reset.stderr)")
    }

    @Test("a reset is refused while an instance of the worker is running")
    func refusedWhileRunning() async throws {
        let run = try await WorkerRun(.scheduler, label: "reset-running", cases: 10, months: 6, seed: 5)
        defer { run.stop() }
        let running = try WorkerProcess(.scheduler, on: run.fixture)
        try await run.fixture.waitUntilConsumed(by: running.group, [.caseEvents])
        let stateBefore = try await run.state(of: .scheduler)

        let reset = try await run.stateReset(.scheduler, ["--yes"])
        #expect(reset.status == 1, "\(reset.stderr)")
        #expect(reset.stderr.contains("has other members"), "\(reset.stderr)")
        #expect(reset.stderr.contains("Stop every instance of the worker first"), "\(reset.stderr)")
        try await running.stop()
        #expect(try await run.state(of: .scheduler) == stateBefore, "the state is untouched")
    }

    @Test("the notifier's state is refused, with why and what to do instead, before anything connects")
    func notifierRefused() async throws {
        let result = try await HomewardProcess(["state", "reset", "notifier", "--yes", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status == 64)
        #expect(result.stderr.contains("keeps it from e-mailing a notification twice"), "\(result.stderr)")
        #expect(result.stderr.contains("30 days"))
        #expect(result.stderr.contains("After a reset of the scheduler or the escalator: nothing."))
        #expect(result.stderr.contains("accepting that people are e-mailed again"))
    }

    @Test("without a terminal to confirm on, a reset needs --yes")
    func needsYesWithoutTerminal() async throws {
        let result = try await HomewardProcess(["state", "reset", "scheduler", "--brokers", "127.0.0.1:1"]).wait()
        #expect(result.status == 64)
        #expect(result.stderr.contains("a reset needs --yes"), "\(result.stderr)")
    }
}
