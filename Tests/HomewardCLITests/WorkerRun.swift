import Foundation
import Testing

/// The fixtures of a live worker run: a simulated history on an embedded
/// broker with the topics of the worker under test, what `homeward replay`
/// says that worker gives, and the worker processes that run on it.
struct WorkerRun {
    /// A worker of `homeward worker`, named as on its command line.
    enum Worker: String, Sendable {
        case scheduler, escalator

        /// The topics a run of it needs: the escalator reads the scheduler's
        /// reminders, so its run has the scheduler's topics too.
        var topics: [String] {
            switch self {
            case .scheduler: ["case-events", "schedule-state", "reminders", "dead-letter"]
            case .escalator: ["case-events", "schedule-state", "reminders", "escalation-state", "escalations", "dead-letter"]
            }
        }

        /// The topic it publishes its output events to.
        var output: String {
            switch self {
            case .scheduler: "reminders"
            case .escalator: "escalations"
            }
        }
    }

    static let partitions = 4
    static let policies = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/policies").path

    /// The worker under test: the one `replay()` replays.
    let worker: Worker
    let prefix: String
    let broker: HomewardProcess
    let address: String
    /// The NDJSON history.
    let history: String
    /// Its number of events (every line is valid).
    let events: Int

    /// Starts a broker with `worker`'s topics under `prefix`, simulates a
    /// history and produces it to case-events.
    init(_ worker: Worker, prefix: String, cases: Int, months: Int, seed: Int) async throws {
        self.worker = worker
        self.prefix = prefix
        let topics = worker.topics.map { "\(prefix)\($0):\(Self.partitions)" }.joined(separator: ",")
        broker = try HomewardProcess(["broker", "--topics", topics])
        address = broker.firstLine()

        let simulated = try HomewardProcess(["simulate", "--cases", "\(cases)", "--months", "\(months)", "--seed", "\(seed)"]).wait()
        try #require(simulated.status == 0, "\(simulated.stderr.suffix(500))")
        history = FileManager.default.temporaryDirectory.appendingPathComponent("\(worker)-\(UUID().uuidString).ndjson").path
        try simulated.stdout.write(toFile: history, atomically: true, encoding: .utf8)
        events = simulated.stdout.split(separator: "\n").count

        let produced = try HomewardProcess(["produce", history, "--brokers", address, "--topic-prefix", prefix]).wait()
        try #require(produced.status == 0, "\(produced.stderr.suffix(500))")
        try #require(produced.stderr.contains("\(events) delivered to \(prefix)case-events, 0 invalid"))
    }

    /// Stops the broker and removes the history file.
    func stop() {
        broker.process.terminate()
        try? FileManager.default.removeItem(atPath: history)
    }

    /// The consumer group of `worker`.
    func group(_ worker: Worker) -> String { "\(prefix)\(worker)" }

    /// The command line of `worker`; `maxBatchSize` small keeps it busy for longer.
    func workerArguments(_ worker: Worker, maxBatchSize: Int? = nil) -> [String] {
        ["worker", worker.rawValue, "--brokers", address, "--topic-prefix", prefix, "--group", group(worker),
         "--clock", "stream", "--session-timeout-ms", "6000", "--policies", Self.policies, "--log-level", "error"]
            + (maxBatchSize.map { ["--max-batch-size", "\($0)"] } ?? [])
    }

    /// What `homeward replay --worker <the worker under test>` prints for the history, in its order.
    func replay() throws -> [PublishedEvent] {
        let result = try HomewardProcess(["replay", history, "--partitions", "\(Self.partitions)", "--policies", Self.policies,
                                          "--worker", worker.rawValue]).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try result.stdout.split(separator: "\n").map { try PublishedEvent(line: String($0), key: nil) }
    }

    /// Starts `worker`, waits until its group has committed `records` (the
    /// number of records on each input topic: all of them, so every output
    /// they give is out), reads every record on its output topic and stops
    /// it with SIGTERM. Fails the test unless the group commits them within
    /// `limit` and the worker stops gracefully.
    func runToCompletion(_ worker: Worker, consuming records: [String: Int], limit: Duration, maxBatchSize: Int? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> [PublishedEvent] {
        let running = try HomewardProcess(workerArguments(worker, maxBatchSize: maxBatchSize))
        defer { if running.process.isRunning { running.process.terminate() } }
        let finished = try await waitUntilCommitted(group: group(worker), records, limit: limit)
        let published = try await readAll(worker.output)
        var committed: [String: Int64] = [:]
        if !finished {
            for topic in records.keys { committed[topic] = try await self.committed(group: group(worker), topic: topic) }
        }
        running.process.terminate()
        let stopped = running.wait()
        try #require(finished, "the \(worker) processed all of \(records) records (committed: \(committed)): \(stopped.stderr.suffix(500))",
                     sourceLocation: sourceLocation)
        try #require(stopped.status == 0, "the \(worker) stops gracefully on SIGTERM: \(stopped.stderr.suffix(500))",
                     sourceLocation: sourceLocation)
        return published
    }

    /// Runs the scheduler over the whole history and returns every reminder
    /// it published: the escalator's second input.
    func runSchedulerToCompletion(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [PublishedEvent] {
        try await runToCompletion(.scheduler, consuming: ["case-events": events], limit: .seconds(120), sourceLocation: sourceLocation)
    }

    /// Starts `worker`, kills it with SIGKILL once `count` distinct ids are
    /// out on its output topic, and returns the ids that were out at the kill.
    func killMidWay(_ worker: Worker, onceOut count: Int, maxBatchSize: Int,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> Set<String> {
        let running = try HomewardProcess(workerArguments(worker, maxBatchSize: maxBatchSize))
        defer { if running.process.isRunning { running.process.terminate() } }
        _ = try await read(worker.output, limit: .seconds(120)) { read, _, _ in Set(read.map(\.id)).count >= count }
        kill(running.process.processIdentifier, SIGKILL)
        let killed = running.wait()
        #expect(killed.status == SIGKILL && running.process.terminationReason == .uncaughtSignal, sourceLocation: sourceLocation)
        return Set(try await readAll(worker.output).map(\.id))
    }
}
