import Foundation
import Kafka
import Testing

/// One reminder as published: its id, the record key (or, from replay, the
/// subject) and the exact bytes of the CloudEvent.
struct PublishedReminder: Sendable, Equatable {
    let id: String
    let caseId: String
    let value: String
}

/// The fixtures of a live scheduler run: a simulated history on an embedded
/// broker, what `homeward replay` says it gives, and what the worker wrote.
struct SchedulerRun {
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

    /// Starts a broker with the scheduler's topics under `prefix`, simulates a
    /// history and produces it to case-events.
    init(prefix: String, cases: Int, months: Int, seed: Int) async throws {
        self.prefix = prefix
        let topics = ["case-events", "schedule-state", "reminders", "dead-letter"]
            .map { "\(prefix)\($0):\(Self.partitions)" }.joined(separator: ",")
        broker = try HomewardProcess(["broker", "--topics", topics])
        address = broker.firstLine()

        let simulated = try HomewardProcess(["simulate", "--cases", "\(cases)", "--months", "\(months)", "--seed", "\(seed)"]).wait()
        try #require(simulated.status == 0, "\(simulated.stderr.suffix(500))")
        history = FileManager.default.temporaryDirectory.appendingPathComponent("scheduler-\(UUID().uuidString).ndjson").path
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

    /// The worker's command line; `maxBatchSize` small keeps it busy for longer.
    func workerArguments(maxBatchSize: Int? = nil) -> [String] {
        ["worker", "scheduler", "--brokers", address, "--topic-prefix", prefix, "--group", "\(prefix)scheduler",
         "--clock", "stream", "--session-timeout-ms", "6000", "--policies", Self.policies, "--log-level", "error"]
            + (maxBatchSize.map { ["--max-batch-size", "\($0)"] } ?? [])
    }

    /// What `homeward replay` prints for the history, in its order.
    func replay() throws -> [PublishedReminder] {
        let result = try HomewardProcess(["replay", history, "--partitions", "\(Self.partitions)", "--policies", Self.policies, "--worker", "scheduler"]).wait()
        try #require(result.status == 0, "\(result.stderr.suffix(500))")
        return try result.stdout.split(separator: "\n").map { try Self.reminder(String($0), key: nil) }
    }

    /// The input records the worker's group has committed, over all partitions.
    func committedInput() async throws -> Int64 {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            client: KafkaClientConfiguration(brokers: address), groupID: "\(prefix)scheduler", autoCommitInterval: nil))
        let committed = try await consumer.committedOffsets(
            for: (0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + "case-events", partition: $0) })
        await consumer.close()
        return committed.values.reduce(0, +)
    }

    /// Waits until the worker has committed every input record (so every
    /// output of the history is on the broker); false if `limit` passes first.
    func waitUntilEveryEventIsCommitted(limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await committedInput() == Int64(events) { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    /// Reads `reminders` from the beginning until `done` says so, or `limit` passes.
    func readReminders(limit: Duration,
                       until done: ([PublishedReminder], [Int32: Int64], KafkaConsumer) async throws -> Bool) async throws -> [PublishedReminder] {
        var configuration = KafkaConsumerConfiguration(client: KafkaClientConfiguration(brokers: address))
        configuration.idleBatchInterval = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + "reminders", partition: $0) })
        var read: [PublishedReminder] = []
        var nextOffsets: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now + limit
        for try await batch in consumer.batches {
            for record in batch {
                read.append(try Self.reminder(String(decoding: record.value ?? [], as: UTF8.self), key: record.keyString))
                nextOffsets[record.partition] = record.offset + 1
            }
            if try await done(read, nextOffsets, consumer) || ContinuousClock.now > deadline { break }
        }
        await consumer.close()
        return read
    }

    /// Every record on `reminders` up to its current end, duplicates
    /// included (complete once no worker is producing: it has committed
    /// every input, or it was killed).
    func readAllReminders() async throws -> [PublishedReminder] {
        try await readReminders(limit: .seconds(60)) { _, nextOffsets, consumer in
            let ends = try await consumer.currentLag()
            return ends.count == Self.partitions
                && ends.allSatisfy { $0.highWatermark == nextOffsets[$0.topicPartition.partition, default: 0] }
        }
    }

    /// `[id: value]`, failing the test if one id has two different values.
    static func byId(_ reminders: [PublishedReminder], _ origin: String) -> [String: String] {
        var byId: [String: String] = [:]
        for reminder in reminders {
            if let earlier = byId[reminder.id] {
                #expect(earlier == reminder.value, "\(origin): \(reminder.id) appears with two values:\n\(earlier)\n\(reminder.value)")
            }
            byId[reminder.id] = reminder.value
        }
        return byId
    }

    /// The ids of each case's reminders, in order.
    static func idsByCase(_ reminders: [PublishedReminder]) -> [String: [String]] {
        reminders.reduce(into: [:]) { $0[$1.caseId, default: []].append($1.id) }
    }

    /// A reminder from its CloudEvent line and record key (`nil`: use its subject).
    static func reminder(_ line: String, key: String?) throws -> PublishedReminder {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "\(line)")
        let id = try #require(object["id"] as? String, "\(line)")
        let subject = try #require(object["subject"] as? String, "\(line)")
        return PublishedReminder(id: id, caseId: key ?? subject, value: line)
    }
}

@Suite("homeward worker scheduler on the embedded broker", .serialized)
struct SchedulerWorkerTests {
    @Test("the live scheduler on the embedded broker produces exactly the reminders `homeward replay` prints for the same history")
    func liveEqualsReplay() async throws {
        let run = try await SchedulerRun(prefix: "live.", cases: 40, months: 14, seed: 11)
        defer { run.stop() }
        let replayed = try run.replay()
        try #require(!replayed.isEmpty, "the history gives reminders")
        #expect(Set(replayed.map(\.id)).count == replayed.count, "replay gives each id once")

        let worker = try HomewardProcess(run.workerArguments())
        let finished = try await run.waitUntilEveryEventIsCommitted(limit: .seconds(300))
        let live = try await run.readAllReminders()
        worker.process.terminate()
        let stopped = worker.wait()
        try #require(finished, "the worker processed all \(run.events) events: \(stopped.stderr.suffix(500))")
        #expect(stopped.status == 0, "graceful stop on SIGTERM: \(stopped.stderr.suffix(500))")

        let expected = SchedulerRun.byId(replayed, "replay")
        let actual = SchedulerRun.byId(live, "live")
        #expect(live.count == actual.count, "each reminder is published once: \(live.count) records, \(actual.count) ids")
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let unexpected = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "\(missing.count) of replay's reminders not published, e.g. \(missing.prefix(3).compactMap { expected[$0] })")
        #expect(unexpected.isEmpty, "\(unexpected.count) published reminders replay does not give, e.g. \(unexpected.prefix(3).compactMap { actual[$0] })")
        let different = expected.keys.sorted().filter { actual[$0] != nil && actual[$0] != expected[$0] }
        #expect(different.isEmpty, "\(different.count) reminders differ, e.g. replay \(different.first.flatMap { expected[$0] } ?? "") live \(different.first.flatMap { actual[$0] } ?? "")")
        #expect(live.allSatisfy { $0.value.contains(#""subject":"\#($0.caseId)""#) }, "each record is keyed by its case")
        let replayOrder = SchedulerRun.idsByCase(replayed), liveOrder = SchedulerRun.idsByCase(live)
        let reordered = Set(replayOrder.keys).union(liveOrder.keys).sorted().filter { replayOrder[$0] != liveOrder[$0] }
        #expect(reordered.isEmpty, "\(reordered.count) cases' reminders come in another order than replay's, e.g. \(reordered.first.map { "\($0): replay \(replayOrder[$0] ?? []), live \(liveOrder[$0] ?? [])" } ?? "")")
    }

    @Test("a scheduler killed with SIGKILL mid-plan and restarted loses no reminder and repeats none with a new id")
    func sigkillAndRestart() async throws {
        let run = try await SchedulerRun(prefix: "crash.", cases: 300, months: 18, seed: 11)
        defer { run.stop() }
        let expected = SchedulerRun.byId(try run.replay(), "replay")
        try #require(expected.count >= 100, "the history gives enough reminders to kill the worker mid-way")

        let first = try HomewardProcess(run.workerArguments(maxBatchSize: 100))
        // Kill it while it works through the history: once a quarter of the reminders are out.
        _ = try await run.readReminders(limit: .seconds(120)) { read, _, _ in Set(read.map(\.id)).count >= expected.count / 4 }
        kill(first.process.processIdentifier, SIGKILL)
        let killed = first.wait()
        #expect(killed.status == SIGKILL && first.process.terminationReason == .uncaughtSignal)
        let outAtKill = Set(try await run.readAllReminders().map(\.id))
        #expect(outAtKill.count < expected.count, "killed mid-plan: \(outAtKill.count) of \(expected.count) reminders were out")

        let second = try HomewardProcess(run.workerArguments(maxBatchSize: 100))
        let finished = try await run.waitUntilEveryEventIsCommitted(limit: .seconds(300))
        let published = try await run.readAllReminders()
        second.process.terminate()
        let stopped = second.wait()
        try #require(finished, "the restarted worker processed all \(run.events) events: \(stopped.stderr.suffix(500))")
        #expect(stopped.status == 0, "graceful stop on SIGTERM: \(stopped.stderr.suffix(500))")

        let actual = SchedulerRun.byId(published, "live")
        let missing = Set(expected.keys).subtracting(actual.keys).sorted()
        let unexpected = Set(actual.keys).subtracting(expected.keys).sorted()
        #expect(missing.isEmpty, "\(missing.count) of replay's reminders lost, e.g. \(missing.prefix(3).compactMap { expected[$0] })")
        #expect(unexpected.isEmpty, "\(unexpected.count) reminders with ids replay does not give, e.g. \(unexpected.prefix(3).compactMap { actual[$0] })")
        let different = expected.keys.sorted().filter { actual[$0] != nil && actual[$0] != expected[$0] }
        #expect(different.isEmpty, "\(different.count) reminders differ from replay, e.g. replay \(different.first.flatMap { expected[$0] } ?? "") live \(different.first.flatMap { actual[$0] } ?? "")")
    }
}
