import Foundation
import HomewardContract
import HomewardTestKit
import Testing

/// The fixtures of a live worker run: a simulated history on an embedded
/// broker with the topics of the worker under test, what `homeward replay`
/// says that worker gives, and the worker processes that run on it.
struct WorkerRun {
    typealias Worker = WorkerProcess.Worker

    /// The worker under test: the one `replay()` replays.
    let worker: Worker
    let fixture: BrokerFixture
    /// The NDJSON history.
    let history: String
    /// Its number of events (every line is valid).
    let events: Int

    /// Starts a broker with the topics of `worker` (and of the scheduler,
    /// whose reminders the escalator reads) under a prefix made from
    /// `label`, simulates a history and, unless `produce` is false (the test
    /// produces it), produces it to case-events. With several `brokers`,
    /// every partition has a replica on each (for tests that take brokers
    /// down or move leaders).
    init(_ worker: Worker, label: String, cases: Int, months: Int, seed: Int, produce: Bool = true, brokers: Int = 1) async throws {
        self.worker = worker
        let upstream: [Worker] = switch worker {
        case .escalator: [.scheduler]
        case .notifier: [.scheduler, .escalator]
        default: []
        }
        let roles = upstream.flatMap(\.topics) + worker.topics
        fixture = try await BrokerFixture(label, brokers: brokers)
        try await fixture.createTopics(roles.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, replicationFactor: Int16(brokers))

        let simulated = try await HomewardProcess(["simulate", "--cases", "\(cases)", "--months", "\(months)", "--seed", "\(seed)"]).wait()
        try #require(simulated.status == 0, "\(simulated.stderr.suffix(500))")
        history = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString).ndjson").path
        try simulated.stdout.write(toFile: history, atomically: true, encoding: .utf8)
        events = simulated.stdout.split(separator: "\n").count
        if produce { try await produceHistory() }
    }

    /// Produces the history to case-events with `homeward produce`.
    func produceHistory() async throws {
        let produced = try await HomewardProcess(["produce", history, "--brokers", fixture.bootstrapServers, "--topic-prefix", fixture.prefix]).wait()
        try #require(produced.status == 0, "\(produced.stderr.suffix(500))")
        try #require(produced.stderr.contains("\(events) delivered to \(fixture.topic(.caseEvents)), 0 invalid"))
    }

    /// Removes the history file (the broker goes with the fixture).
    func stop() {
        try? FileManager.default.removeItem(atPath: history)
    }

    /// What `homeward replay --worker <worker>` (the worker under test by
    /// default) prints for the history, in its order.
    func replay(_ worker: Worker? = nil, history: String? = nil) async throws -> [PublishedEvent] {
        let result = try await HomewardProcess(["replay", history ?? self.history, "--partitions", "\(fixture.partitions)", "--policies", WorkerProcess.policies,
                                                "--worker", (worker ?? self.worker).rawValue]).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try result.stdout.split(separator: "\n").map { try PublishedEvent(line: String($0), key: nil) }
    }

    /// What `homeward replay --worker escalator --status` prints: one line per
    /// case with an open escalation at the end, by case id.
    func replayStatus(history: String? = nil) async throws -> [(caseId: String, line: String)] {
        let result = try await HomewardProcess(["replay", history ?? self.history, "--partitions", "\(fixture.partitions)", "--policies", WorkerProcess.policies,
                                                "--worker", "escalator", "--status"]).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try result.stdout.split(separator: "\n").map { line in
            let text = String(line)
            return (try #require(PublishedEvent.field("caseId", in: text), "a caseId in \(text.prefix(200))"), text)
        }
    }

    /// Runs `worker` until it has processed everything on its inputs and
    /// returns every record on its output topic (see ``WorkerProcess/runToCompletion(_:on:maxBatchSize:within:sourceLocation:)``).
    func runToCompletion(_ worker: Worker, maxBatchSize: Int? = nil, within limit: Duration,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws -> [PublishedEvent] {
        try await WorkerProcess.runToCompletion(worker, on: fixture, maxBatchSize: maxBatchSize, within: limit, sourceLocation: sourceLocation)
            .map(PublishedEvent.init)
    }

    /// Runs the scheduler over the whole history and returns every reminder
    /// it published: the escalator's second input.
    func runSchedulerToCompletion(sourceLocation: SourceLocation = #_sourceLocation) async throws -> [PublishedEvent] {
        try await runToCompletion(.scheduler, within: .seconds(120), sourceLocation: sourceLocation)
    }

    /// Starts `worker`, kills it with SIGKILL once it reports a tenth of its
    /// `inputs` input records marked, and returns the ids out on its output
    /// topic at the kill. Fails the test unless input was left. (A worker
    /// marks a state flush's worth of batches at a time, a few thousand
    /// records here: a tenth leaves most of the work for after the kill.)
    func killMidWay(_ worker: Worker, inputs: Int, maxBatchSize: Int,
                    sourceLocation: SourceLocation = #_sourceLocation) async throws -> Set<String> {
        let running = try WorkerProcess(worker, on: fixture, maxBatchSize: maxBatchSize, logLevel: "debug")
        let marked = try await running.kill(onceMarked: inputs / 10, sourceLocation: sourceLocation)
        try #require(marked < inputs, "killed with input left: \(marked) of \(inputs) records were marked", sourceLocation: sourceLocation)
        return Set(try await fixture.readToEnd(worker.output).map { try PublishedEvent($0).id })
    }
}
