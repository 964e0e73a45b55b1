import Foundation
import HomewardContract
import HomewardTestKit
import Kafka
import Testing

@Suite("workers through broker faults", .serialized)
struct BrokerFaultRunTests {
    /// Kafka error codes the embedded broker injects: each one a real
    /// broker gives, and one a client must retry.
    enum Code {
        static let notLeader: Int32 = 6
        static let coordinatorNotAvailable: Int32 = 15
        static let notCoordinator: Int32 = 16
    }

    @Test("through joins refused, every broker down for 10 s, every leader moved, and produce, fetch and commit errors, a running scheduler and escalator lose nothing, repeat nothing under a new id, drain their lag and never restart")
    func workersRideOutBrokerFaults() async throws {
        let run = try await WorkerRun(.escalator, label: "broker-faults", cases: 30, months: 12, seed: 9, produce: false, brokers: 3)
        defer { run.stop() }
        let broker = try #require(run.fixture.broker)
        let (first, second) = try Self.halves(of: run.history)
        defer { for file in [first, second] { try? FileManager.default.removeItem(atPath: file) } }
        let expectedReminders = await PublishedEvent.byId(try run.replay(.scheduler), "replay")
        let expectedEscalations = await PublishedEvent.byId(try run.replay(.escalator), "replay")
        try #require(!expectedReminders.isEmpty && !expectedEscalations.isEmpty, "the history gives reminders and escalations")

        // The workers' first joins are refused, and retried.
        broker.failNextRequests(.joinGroup, with: Code.coordinatorNotAvailable, count: 4)
        try await Self.produce(first, on: run.fixture)
        let scheduler = try WorkerProcess(.scheduler, on: run.fixture, maxBatchSize: 50, logLevel: "warning")
        let escalator = try WorkerProcess(.escalator, on: run.fixture, maxBatchSize: 50, logLevel: "warning")
        try await waitUntil("the scheduler commits its first records", within: .seconds(120)) {
            try await run.fixture.committedOffsets(group: scheduler.group, .caseEvents).values.contains { $0 > 0 }
        }

        // Every broker down: held until the scheduler has seen it, and for 10 s at least.
        let downSince = ContinuousClock.now
        try broker.setAllBrokersDown()
        let lines = scheduler.process.standardError
        try await waitUntil("the scheduler sees every broker down, for 10 s", within: .seconds(90)) {
            ContinuousClock.now - downSince >= .seconds(10) && lines.text.contains("brokers are down")
        }
        try broker.setAllBrokersUp()

        // Every leader moves; produce, fetch and commit requests fail for a while.
        for role in WorkerProcess.Worker.escalator.topics + WorkerProcess.Worker.scheduler.topics {
            for partition in try await run.fixture.partitions(of: role) {
                try broker.moveLeader(of: partition, to: 2 + partition.partition % 2)
            }
        }
        broker.failNextRequests(.produce, with: Code.notLeader, count: 5)
        broker.failNextRequests(.fetch, with: Code.notLeader, count: 5)
        broker.failNextRequests(.offsetCommit, with: Code.notCoordinator, count: 5)
        try await Self.produce(second, on: run.fixture)

        try await run.fixture.waitUntilConsumed(by: scheduler.group, [.caseEvents], within: .seconds(240))
        try await run.fixture.waitUntilConsumed(by: escalator.group, [.caseEvents, .reminders], within: .seconds(240))
        #expect(scheduler.process.process.isRunning && escalator.process.process.isRunning, "neither worker stopped or restarted")
        let reminders = try await run.fixture.readToEnd(.reminders).map(PublishedEvent.init)
        let escalations = try await run.fixture.readToEnd(.escalations).map(PublishedEvent.init)
        run.expectSameEvents(replay: expectedReminders, live: PublishedEvent.byId(reminders, "live"))
        run.expectSameEvents(replay: expectedEscalations, live: PublishedEvent.byId(escalations, "live"))
        try await scheduler.stop()
        try await escalator.stop()
    }

    /// The history cut in two files at its middle line.
    static func halves(of history: String) throws -> (String, String) {
        let lines = try String(contentsOfFile: history, encoding: .utf8).split(separator: "\n")
        let middle = lines.count / 2
        let files = try [lines[..<middle], lines[middle...]].map { part in
            let file = history + ".\(part.startIndex)"
            try Data((part.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
            return file
        }
        return (files[0], files[1])
    }

    /// Produces the NDJSON `file` to case-events with `homeward produce`.
    static func produce(_ file: String, on fixture: BrokerFixture) async throws {
        let produced = try await HomewardProcess(["produce", file, "--brokers", fixture.bootstrapServers, "--topic-prefix", fixture.prefix]).wait()
        try #require(produced.status == 0, "\(produced.stderr.suffix(500))")
    }
}
