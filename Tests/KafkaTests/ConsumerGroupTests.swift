import Foundation
import HomewardTestKit
import Kafka
import Synchronization
import Testing

/// Records every processed value with its partition, from any task.
final class ProcessedLog: Sendable {
    private let entries = Mutex<[String: (count: Int, partition: Int32)]>([:])

    func record(_ record: KafkaRecord) {
        let key = record.valueString
        entries.withLock { $0[key, default: (0, record.partition)].count += 1 }
    }

    var distinct: Int { entries.withLock { $0.count } }
    /// Values processed more than once, with their partition.
    var duplicates: [(value: String, partition: Int32)] {
        entries.withLock { $0.filter { $0.value.count > 1 }.map { ($0.key, $0.value.partition) }.sorted { $0.value < $1.value } }
    }
}

/// A counter shared between tasks and threads.
final class Counter: Sendable {
    private let storage = Atomic<Int>(0)
    func increment() { storage.add(1, ordering: .relaxed) }
    var value: Int { storage.load(ordering: .relaxed) }
}

/// A set of partition numbers shared between tasks and threads.
final class PartitionSet: Sendable {
    private let storage = Mutex<Set<Int32>>([])
    func insert(_ partitions: [KafkaTopicPartition]) { storage.withLock { $0.formUnion(partitions.map(\.partition)) } }
    var value: Set<Int32> { storage.withLock { $0 } }
}

/// A group member that processes batches, marks them processed and counts
/// how often its rebalance handler ran.
final class GroupMember: Sendable {
    let consumer: KafkaConsumer
    let revocations = Counter()
    let assignments = Counter()
    /// Partitions given up without their offsets committed: lost, or the
    /// broker rejected the commit on revocation.
    let uncommitted = PartitionSet()
    private let task = Mutex<Task<Void, any Error>?>(nil)

    init(on kafka: BrokerFixture, group: String, topic: String, log: ProcessedLog) throws {
        let revocations = self.revocations
        let assignments = self.assignments
        let uncommitted = self.uncommitted
        let handler = KafkaRebalanceClosures(
            assigned: { _, _ in assignments.increment() },
            revoked: { partitions, lost, consumer in
                revocations.increment()
                let committed: Bool
                if lost {
                    committed = false
                } else {
                    do { try consumer.commit(); committed = true } catch { committed = false }
                }
                if !committed { uncommitted.insert(partitions) }
            })
        var configuration = kafka.consumerConfiguration(group: group, maxBatchSize: 50)
        // Incremental rebalancing: revocation happens while the group is up, so
        // the hook's commit is accepted. (With eager assignors the embedded
        // broker rejects commits once a rebalance started — REBALANCE_IN_PROGRESS —
        // which a real broker accepts from current members.)
        configuration.assignor = .cooperativeSticky
        consumer = try KafkaConsumer(
            configuration: configuration,
            rebalanceHandler: handler, logger: kafka.logger)
        try consumer.subscribe(to: [topic])
        let consumer = self.consumer
        task.withLock {
            $0 = Task {
                for try await batch in consumer.batches {
                    for record in batch { log.record(record) }
                    // Processing takes time (not a wait for anything): batches
                    // are in hand when rebalances come, which must wait for them.
                    try? await Task.sleep(for: .milliseconds(2))
                    try consumer.markProcessed(batch)
                }
            }
        }
    }

    func leave() async throws {
        await consumer.close()
        try await task.withLock { $0 }?.value
    }
}

@Suite("Consumer groups", .serialized)
struct ConsumerGroupTests {
    /// `count` records keyed `key-<i % keys>`, valued `<prefix>-<i>`.
    static func numbered(_ count: Int, keys: Int, prefix: String = "value") -> [(key: String, value: [UInt8])] {
        (0..<count).map { (key: "key-\($0 % keys)", value: Array("\(prefix)-\($0)".utf8)) }
    }

    @Test("two members split the partitions; across a join and a leave nothing is lost or processed twice")
    func rebalanceKeepsEveryRecordOnce() async throws {
        let kafka = try await BrokerFixture("group", topics: ["records"], partitions: 8)
        let topic = kafka.topic("records")
        let group = kafka.prefix + "members"
        let log = ProcessedLog()
        var sent = 0
        func produce(_ count: Int) async throws {
            let records = (sent..<(sent + count)).map {
                KafkaProducerRecord(topic: topic, key: "case-\($0 % 97)", value: "record-\($0)")
            }
            sent += count
            let reports = try await kafka.produce(records)
            #expect(reports.allSatisfy { $0.isDelivered })
        }

        try await produce(2_000)
        let first = try GroupMember(on: kafka, group: group, topic: topic, log: log)
        try await waitUntil("the first member processes 300 records (it processed \(log.distinct))") { log.distinct >= 300 }

        let second = try GroupMember(on: kafka, group: group, topic: topic, log: log)
        try await waitUntil("the two members split the 8 partitions (first: \(first.consumer.assignment), second: \(second.consumer.assignment))") {
            let a = Set(first.consumer.assignment), b = Set(second.consumer.assignment)
            return !a.isEmpty && !b.isEmpty && a.isDisjoint(with: b) && a.union(b).count == 8
        }
        try await produce(2_000)
        try await waitUntil("the members process 3000 records (they processed \(log.distinct))") { log.distinct >= 3_000 }

        try await second.leave()
        try await waitUntil("the first member takes all 8 partitions (it has \(first.consumer.assignment))") {
            first.consumer.assignment.count == 8
        }
        try await produce(1_000)
        let total = sent
        try await waitUntil("every one of \(total) records is processed (\(log.distinct) are)") { log.distinct == total }
        try await first.leave()

        #expect(first.revocations.value >= 1, "the first member gave partitions up at least once")
        #expect(second.assignments.value >= 1)
        #expect(log.distinct == 5_000)
        // Nothing is processed twice, except where a partition was given up
        // without its commit: the embedded broker rejects a commit once a
        // rebalance has started (REBALANCE_IN_PROGRESS; a real broker accepts
        // it from a current member), and then the new owner re-reads from the
        // last commit, as at-least-once delivery must.
        let uncommitted = first.uncommitted.value.union(second.uncommitted.value)
        let unexplained = log.duplicates.filter { !uncommitted.contains($0.partition) }
        #expect(unexplained.isEmpty, "processed twice: \(unexplained.prefix(10)); partitions given up uncommitted: \(uncommitted.sorted())")
    }

    @Test("records not marked processed come back after a restart; marked ones do not")
    func onlyMarkedRecordsAreCommitted() async throws {
        let kafka = try await BrokerFixture("restart", topics: ["records"], partitions: 2)
        let topic = kafka.topic("records")
        let group = kafka.prefix + "restart-group"
        try await kafka.produce(Self.numbered(100, keys: 10), to: "records")

        func readAll(marking: Bool, expecting count: Int) async throws -> [String] {
            let consumer = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), logger: kafka.logger)
            try consumer.subscribe(to: [topic])
            var values: [String] = []
            for try await batch in consumer.batches {
                values += batch.map(\.valueString)
                if marking { try consumer.markProcessed(batch) }
                if values.count >= count { break }
            }
            await consumer.close()
            return values
        }

        let unmarked = try await readAll(marking: false, expecting: 100)
        #expect(Set(unmarked).count == 100)

        let again = try await readAll(marking: true, expecting: 100)
        #expect(Set(again) == Set(unmarked), "nothing was marked, so everything is read again")

        try await kafka.produce(Self.numbered(5, keys: 5, prefix: "later"), to: "records")
        let afterMarking = try await readAll(marking: true, expecting: 5)
        #expect(afterMarking.count == 5, "only the records produced after the marked ones: \(afterMarking)")
        #expect(Set(afterMarking).isDisjoint(with: Set(unmarked)))
    }

    @Test("a partition started at a restored position counts the records before it as processed: the group commits that position although nothing was read")
    func startPositionIsCommitted() async throws {
        let kafka = try await BrokerFixture("restored", topics: ["records"], partitions: 2)
        let topic = kafka.topic("records")
        let group = kafka.prefix + "restored-group"
        let reports = try await kafka.produce((0..<40).map {
            KafkaProducerRecord(topic: topic, partition: Int32($0 % 2), key: "key-\($0)", value: "before-\($0)")
        })
        #expect(reports.allSatisfy { $0.isDelivered })
        let partitions = (0..<Int32(2)).map { KafkaTopicPartition(topic: topic, partition: $0) }

        // As a worker whose restored state already covers every record: start each partition at its end.
        let assignments = Counter()
        let restored = try KafkaConsumer(
            configuration: kafka.consumerConfiguration(group: group),
            rebalanceHandler: KafkaRebalanceClosures(assigned: { assigned, consumer in
                for partition in assigned { consumer.startReading(partition, at: 20) }
                assignments.increment()
            }),
            logger: kafka.logger)
        try restored.subscribe(to: [topic])
        // Reads until a sentinel produced last on each partition: whatever
        // came before a sentinel was read from where the partition started.
        let sentinels: Set<String> = ["sentinel-0", "sentinel-1"]
        let reader = Task {
            var read: [String] = []
            for try await batch in restored.batches {
                read += batch.map(\.valueString)
                try restored.markProcessed(batch)
                if sentinels.isSubset(of: read) { break }
            }
            return read
        }
        try await waitUntil("the member was assigned the partitions") { assignments.value > 0 }
        // Nothing is read and nothing marked by the application; the start position is committed all the same.
        try await restored.commit()
        let committed = try await restored.committedOffsets(for: partitions)
        #expect(committed == Dictionary(uniqueKeysWithValues: partitions.map { ($0, Int64(20)) }))
        try await kafka.produce(partitions.map {
            KafkaProducerRecord(topic: topic, partition: $0.partition, key: "key-sentinel", value: "sentinel-\($0.partition)")
        })
        let readByRestored = try await reader.value
        await restored.close()
        #expect(readByRestored.sorted() == sentinels.sorted(), "started at the end: \(readByRestored.prefix(5))")

        // The next member of the group starts where the restored one stood.
        try await kafka.produce([KafkaProducerRecord(topic: topic, partition: 0, key: "key-later", value: "later")])
        let next = try KafkaConsumer(configuration: kafka.consumerConfiguration(group: group), logger: kafka.logger)
        try next.subscribe(to: [topic])
        var values: [String] = []
        for try await batch in next.batches {
            values += batch.map(\.valueString)
            if !values.isEmpty { break }
        }
        await next.close()
        #expect(values == ["later"])
    }
}
