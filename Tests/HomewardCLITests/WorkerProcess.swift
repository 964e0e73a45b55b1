import Foundation
import HomewardContract
import HomewardProcessing
import HomewardTestKit
import Kafka
import Testing

/// A `homeward worker` child process on a ``BrokerFixture``'s broker, with
/// the settings the embedded broker needs.
struct WorkerProcess {
    /// A worker of `homeward worker`, named as on its command line, with its topics.
    enum Worker: String, Sendable {
        case scheduler, escalator, notifier, passthrough

        /// The topics it reads (the notifier: its fan-out's).
        var inputs: [TopicRole] {
            switch self {
            case .scheduler, .passthrough: [.caseEvents]
            case .escalator: [.caseEvents, .reminders]
            case .notifier: [.reminders, .escalations]
            }
        }

        /// Its state changelog.
        var state: TopicRole {
            switch self {
            case .scheduler: .scheduleState
            case .escalator: .escalationState
            case .notifier: .notifierFanOutState
            case .passthrough: PassThroughWorker().stateRole
            }
        }

        /// The topic it publishes its output events to.
        var output: TopicRole {
            switch self {
            case .scheduler: .reminders
            case .escalator: .escalations
            case .notifier: .notifications
            case .passthrough: PassThroughWorker.outputRole
            }
        }

        /// Every topic a run of it needs (the notifier's delivery adds its state and audit log; the escalator its status topic).
        var topics: [TopicRole] {
            inputs + [state, output, .deadLetter] + (self == .notifier ? [.notifierState, .deliveries] : [])
                + (self == .escalator ? [.escalationStatus] : [])
        }
    }

    /// The repository's config folder.
    static let config = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config")
    static let policies = config.appendingPathComponent("policies").path

    let worker: Worker
    /// Its consumer group.
    let group: String
    let process: HomewardProcess

    /// The consumer group a `worker` on `fixture` uses unless told otherwise:
    /// under the fixture's prefix, so that no other test's group meets it.
    static func group(_ worker: Worker, on fixture: BrokerFixture) -> String { fixture.prefix + worker.rawValue }

    /// Starts `worker` on stream time; `maxBatchSize` small keeps it busy
    /// for longer. `logLevel` debug lets a test act on what it reports
    /// (``kill(onceMarked:within:sourceLocation:)``).
    init(_ worker: Worker, on fixture: BrokerFixture, group: String? = nil, maxBatchSize: Int? = nil,
         logLevel: String = "error", extraArguments: [String] = []) throws {
        self.worker = worker
        self.group = group ?? Self.group(worker, on: fixture)
        process = try HomewardProcess(
            ["worker", worker.rawValue, "--brokers", fixture.bootstrapServers, "--topic-prefix", fixture.prefix, "--group", self.group,
             "--clock", "stream", "--session-timeout-ms", Self.milliseconds(BrokerFixture.sessionTimeout),
             "--fetch-wait-ms", Self.milliseconds(BrokerFixture.fetchWait), "--policies", Self.policies, "--log-level", logLevel]
                + (maxBatchSize.map { ["--max-batch-size", "\($0)"] } ?? [])
                + extraArguments)
    }

    /// `duration` in whole milliseconds, for a command-line option.
    private static func milliseconds(_ duration: Duration) -> String {
        "\(duration.components.seconds * 1_000 + duration.components.attoseconds / 1_000_000_000_000_000)"
    }

    /// Sends SIGKILL the moment the worker logs (at debug level) that it
    /// has marked at least `records` input records processed, waits until
    /// it is dead, and returns how many it had marked by then: a kill at a
    /// point the worker itself reports, whatever pace the test keeps.
    func kill(onceMarked records: Int, within limit: Duration = .seconds(120),
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> Int {
        let lines = process.standardError
        let pid = process.process.processIdentifier
        let line = try await withDeadline(limit, "the \(worker) reports \(records) input records marked") {
            await lines.firstLine(where: { (WorkerLogLine($0)?.offsetsMarked ?? 0) >= records },
                                  then: { _ = Foundation.kill(pid, SIGKILL) })
        }
        let killed = await process.wait()
        let marked = try #require(line.flatMap { WorkerLogLine($0[...])?.offsetsMarked },
                                  "the \(worker) ended before it reported \(records) records marked: \(killed.stderr.suffix(1_000))",
                                  sourceLocation: sourceLocation)
        #expect(killed.status == SIGKILL && process.process.terminationReason == .uncaughtSignal, sourceLocation: sourceLocation)
        return marked
    }

    /// The port of its operations endpoints (`--http-port 0`), as it logs
    /// it once they listen (it must log at notice level or below).
    func operationsPort(within limit: Duration = .seconds(60)) async throws -> Int {
        let lines = process.standardError
        let line = try await withDeadline(limit, "the \(worker) logs where its operations endpoints listen") {
            await lines.firstLine(where: { WorkerLogLine($0)?.message == "operations endpoints listening" })
        }
        let port = line.flatMap { WorkerLogLine($0[...])?.metadata["http.port"] }.flatMap { Int($0) }
        return try #require(port, "the \(worker) listens: \(lines.text.suffix(1_000))")
    }

    /// Stops it with SIGTERM and requires a graceful stop.
    func stop(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        process.process.terminate()
        let stopped = await process.wait()
        try #require(stopped.status == 0, "the \(worker) stops gracefully on SIGTERM: \(stopped.stderr.suffix(1_000))",
                     sourceLocation: sourceLocation)
    }

    /// Starts `worker`, waits until its group has committed its inputs up
    /// to their current ends (so every output they give is on the broker),
    /// reads its output topic to the end and stops it with SIGTERM. Fails
    /// the test unless that happens within `limit` and it stops gracefully.
    static func runToCompletion(_ worker: Worker, on fixture: BrokerFixture, maxBatchSize: Int? = nil, within limit: Duration,
                                sourceLocation: SourceLocation = #_sourceLocation) async throws -> [KafkaRecord] {
        let running = try WorkerProcess(worker, on: fixture, maxBatchSize: maxBatchSize)
        var unfinished: (any Error)?
        do {
            try await fixture.waitUntilConsumed(by: running.group, worker.inputs, within: limit)
        } catch {
            unfinished = error
        }
        if let unfinished {
            running.process.process.terminate()
            throw WorkerFailure(description: "\(unfinished); the \(worker)'s log: \(await running.process.wait().stderr.suffix(1_000))")
        }
        let published = try await fixture.readToEnd(worker.output)
        try await running.stop(sourceLocation: sourceLocation)
        return published
    }
}

/// A worker run that did not finish, with the worker's last words.
struct WorkerFailure: Error, CustomStringConvertible {
    let description: String
}
