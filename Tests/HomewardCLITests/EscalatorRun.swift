import Foundation
import Kafka
import Testing

/// One output event as published: its id, the record key (or, from replay,
/// the subject) and the exact bytes of the CloudEvent.
struct PublishedEvent: Sendable, Equatable {
    let id: String
    let caseId: String
    let value: String
}

/// The fixtures of a live escalator run: a simulated history on an embedded
/// broker with every topic of the scheduler and the escalator, what
/// `homeward replay` says the escalator gives, and what the workers wrote.
struct EscalatorRun {
    static let partitions = 4
    static let policies = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("config/policies").path

    let prefix: String
    let broker: HomewardProcess
    let address: String
    /// The NDJSON history.
    let history: String
    /// Its number of events (every line is valid).
    let events: Int

    /// Starts a broker with the scheduler's and the escalator's topics under
    /// `prefix`, simulates a history and produces it to case-events.
    init(prefix: String, cases: Int, months: Int, seed: Int) async throws {
        self.prefix = prefix
        let topics = ["case-events", "schedule-state", "reminders", "escalation-state", "escalations", "dead-letter"]
            .map { "\(prefix)\($0):\(Self.partitions)" }.joined(separator: ",")
        broker = try HomewardProcess(["broker", "--topics", topics])
        address = broker.firstLine()

        let simulated = try HomewardProcess(["simulate", "--cases", "\(cases)", "--months", "\(months)", "--seed", "\(seed)"]).wait()
        try #require(simulated.status == 0, "\(simulated.stderr.suffix(500))")
        history = FileManager.default.temporaryDirectory.appendingPathComponent("escalator-\(UUID().uuidString).ndjson").path
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

    /// The consumer group of `worker` (scheduler or escalator).
    func group(_ worker: String) -> String { "\(prefix)\(worker)" }

    /// The command line of `worker`; `maxBatchSize` small keeps it busy for longer.
    func workerArguments(_ worker: String, maxBatchSize: Int? = nil) -> [String] {
        ["worker", worker, "--brokers", address, "--topic-prefix", prefix, "--group", group(worker),
         "--clock", "stream", "--session-timeout-ms", "6000", "--policies", Self.policies, "--log-level", "error"]
            + (maxBatchSize.map { ["--max-batch-size", "\($0)"] } ?? [])
    }

    /// What `homeward replay --worker escalator` prints for the history, in its order.
    func replayedEscalations() throws -> [PublishedEvent] {
        let result = try HomewardProcess(["replay", history, "--partitions", "\(Self.partitions)", "--policies", Self.policies,
                                          "--worker", "escalator"]).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try result.stdout.split(separator: "\n").map { try Self.event(String($0), key: nil) }
    }

    /// Runs the scheduler until its group has committed every case event,
    /// stops it with SIGTERM and returns every reminder it published.
    func runSchedulerToCompletion() async throws -> [PublishedEvent] {
        let scheduler = try HomewardProcess(workerArguments("scheduler"))
        defer { if scheduler.process.isRunning { scheduler.process.terminate() } }
        let finished = try await waitUntilCommitted(group: group("scheduler"), ["case-events": events], limit: .seconds(120))
        scheduler.process.terminate()
        let stopped = scheduler.wait()
        try #require(finished, "the scheduler processed all \(events) events: \(stopped.stderr.suffix(500))")
        try #require(stopped.status == 0, "the scheduler stops gracefully on SIGTERM: \(stopped.stderr.suffix(500))")
        return try await readAll("reminders")
    }

    /// The records `group` has committed on `topic`, over all partitions.
    func committed(group: String, topic: String) async throws -> Int64 {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            client: KafkaClientConfiguration(brokers: address), groupID: group, autoCommitInterval: nil))
        let committed = try await consumer.committedOffsets(
            for: (0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + topic, partition: $0) })
        await consumer.close()
        return committed.values.reduce(0, +)
    }

    /// Waits until `group` has committed, on each topic, the given number of
    /// records (all of them, so every output they give is on the broker);
    /// false if `limit` passes first.
    func waitUntilCommitted(group: String, _ records: [String: Int], limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            var done = true
            for (topic, count) in records {
                let committed = try await committed(group: group, topic: topic)
                done = done && committed == Int64(count)
            }
            if done { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Reads `topic` from the beginning until `done` says so, or `limit` passes.
    func read(_ topic: String, limit: Duration,
              until done: ([PublishedEvent], [Int32: Int64], KafkaConsumer) async throws -> Bool) async throws -> [PublishedEvent] {
        var configuration = KafkaConsumerConfiguration(client: KafkaClientConfiguration(brokers: address))
        configuration.idleBatchInterval = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + topic, partition: $0) })
        var read: [PublishedEvent] = []
        var nextOffsets: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now + limit
        for try await batch in consumer.batches {
            for record in batch {
                read.append(try Self.event(String(decoding: record.value ?? [], as: UTF8.self), key: record.keyString))
                nextOffsets[record.partition] = record.offset + 1
            }
            if try await done(read, nextOffsets, consumer) || ContinuousClock.now > deadline { break }
        }
        await consumer.close()
        return read
    }

    /// Every record on `topic` up to its current end, duplicates included
    /// (complete once no worker is producing to it: it has committed every
    /// input, or it was killed).
    func readAll(_ topic: String) async throws -> [PublishedEvent] {
        try await read(topic, limit: .seconds(60)) { _, nextOffsets, consumer in
            let ends = try await consumer.currentLag()
            return ends.count == Self.partitions
                && ends.allSatisfy { $0.highWatermark == nextOffsets[$0.topicPartition.partition, default: 0] }
        }
    }

    /// `[id: value]`, failing the test if one id has two different values.
    static func byId(_ events: [PublishedEvent], _ origin: String) -> [String: String] {
        var byId: [String: String] = [:]
        for event in events {
            if let earlier = byId[event.id] {
                #expect(earlier == event.value, "\(origin): \(event.id) appears with two values:\n\(earlier)\n\(event.value)")
            }
            byId[event.id] = event.value
        }
        return byId
    }

    /// The ids of each case's events, in order.
    static func idsByCase(_ events: [PublishedEvent]) -> [String: [String]] {
        events.reduce(into: [:]) { $0[$1.caseId, default: []].append($1.id) }
    }

    /// An event from its CloudEvent line and record key (`nil`: use its subject).
    static func event(_ line: String, key: String?) throws -> PublishedEvent {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        let id = try #require(object["id"] as? String, "\(line)")
        let subject = try #require(object["subject"] as? String, "\(line)")
        return PublishedEvent(id: id, caseId: key ?? subject, value: line)
    }
}
