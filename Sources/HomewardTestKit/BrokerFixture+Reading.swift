public import HomewardContract
public import Kafka

// Reading a topic to its end.
//
// "Read until nothing more comes for a while" is a fixed wait in disguise:
// slow when generous, flaky when not. So a read fixes its end before it
// starts (`KafkaTopicReader`: every partition's high watermark at the call)
// and stops there. The result is complete once the test knows that nothing
// it cares about is still on its way: the producer was acknowledged, the
// worker committed its inputs (its outputs are acknowledged before its
// offsets are marked), or the worker is dead. A test that asserts "nothing
// more arrives" reads to the end after such a point, or produces a sentinel
// last and reads until it.
extension BrokerFixture {
    /// The high watermark of each partition of `role`'s topic: the offset
    /// its next record will get.
    public func highWatermarks(_ role: TopicRole) async throws -> [KafkaTopicPartition: Int64] {
        let partitions = try await partitions(of: role)
        return try await withConsumer { consumer in
            try consumer.assign(partitions)
            return try await KafkaTopicReader.highWatermarks(of: consumer)
        }
    }

    /// How many records were ever written to `role`'s topic: the sum of its
    /// high watermarks (the embedded broker deletes none below 5 MiB per partition).
    public func recordCount(_ role: TopicRole) async throws -> Int {
        Int(try await highWatermarks(role).values.reduce(0, +))
    }

    /// Every record of `role`'s topic from the beginning up to the high
    /// watermarks at the time of the call: per partition in offset order.
    ///
    /// - Throws: ``DeadlineExceeded`` if the records up to the end are not
    ///   all read within `limit`; ``KafkaError`` if the topic does not exist
    ///   or cannot be read.
    public func readToEnd(_ role: TopicRole, within limit: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        let partitions = try await partitions(of: role)
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(), logger: logger)
        let ends: [KafkaTopicPartition: Int64]
        do {
            try consumer.assign(partitions, offsets: Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
            ends = try await KafkaTopicReader.highWatermarks(of: consumer)
        } catch {
            await consumer.close()
            throw error
        }
        let described = ends.sorted { $0.key < $1.key }.map { "\($0.key.partition): \($0.value)" }.joined(separator: ", ")
        return try await withDeadline(limit, "reading \(topic(role)) to its high watermarks [\(described)]") {
            try await KafkaTopicReader.read(consumer, to: ends)
        }
    }

    /// Waits until `role`'s topic holds at least `count` records, then
    /// reads it to its end: for output that something else is producing.
    ///
    /// - Throws: ``DeadlineExceeded`` if the topic does not hold `count`
    ///   records within `limit`, or cannot be read to its end in the time left.
    public func readToEnd(_ role: TopicRole, atLeast count: Int, within limit: Duration = .seconds(60)) async throws -> [KafkaRecord] {
        let deadline = ContinuousClock.now + limit
        let partitions = try await partitions(of: role)
        var held: Int64 = 0
        try await withConsumer { consumer in
            try consumer.assign(partitions)
            try await waitUntil("\(topic(role)) holds \(count) records (it held \(held))", within: limit, every: .milliseconds(100)) {
                held = try await KafkaTopicReader.highWatermarks(of: consumer).values.reduce(0, +)
                return held >= count
            }
        }
        // The read gets the time left, and never less than a read of its own
        // needs on a loaded machine: the wait may have used most of `limit`.
        return try await readToEnd(role, within: max(deadline - ContinuousClock.now, .seconds(30)))
    }

    /// The offsets `group` has committed on `role`'s topic (the next offset
    /// it will read, per partition); partitions without a commit are absent.
    public func committedOffsets(group: String, _ role: TopicRole) async throws -> [KafkaTopicPartition: Int64] {
        let partitions = try await partitions(of: role)
        return try await withConsumer(group: group) { consumer in try await consumer.committedOffsets(for: partitions) }
    }

    /// Waits until `group` has committed every partition of `roles`' topics
    /// up to the high watermarks at the time of the call: every record on
    /// them then is processed and, for a Homeward worker, every output it
    /// gives is acknowledged.
    ///
    /// - Throws: ``DeadlineExceeded`` naming how far the group got, if it
    ///   does not get there within `limit`.
    public func waitUntilConsumed(by group: String, _ roles: [TopicRole], within limit: Duration = .seconds(120)) async throws {
        var ends: [KafkaTopicPartition: Int64] = [:]
        for role in roles { ends.merge(try await highWatermarks(role)) { $1 } }
        var committed: [KafkaTopicPartition: Int64] = [:]
        func progress() -> String {
            roles.map { role in
                let name = topic(role)
                let topicEnds = ends.filter { $0.key.topic == name }
                let done = topicEnds.keys.reduce(Int64(0)) { $0 + min(committed[$1] ?? 0, topicEnds[$1]!) }
                return "\(done) of \(topicEnds.values.reduce(0, +)) records of \(name)"
            }.joined(separator: ", ")
        }
        try await withConsumer(group: group) { consumer in
            try await waitUntil("group '\(group)' commits everything on its inputs (it committed \(progress()))",
                                within: limit, every: .milliseconds(200)) {
                committed = try await consumer.committedOffsets(for: Array(ends.keys))
                return ends.allSatisfy { committed[$0.key, default: 0] >= $0.value }
            }
        }
    }

    /// Runs `body` with a consumer of the fixture's broker (in `group`,
    /// which it does not join) and closes the consumer after.
    private func withConsumer<Value>(group: String? = nil, _ body: (KafkaConsumer) async throws -> Value) async throws -> Value {
        let consumer = try KafkaConsumer(configuration: consumerConfiguration(group: group), logger: logger)
        do {
            let value = try await body(consumer)
            await consumer.close()
            return value
        } catch {
            await consumer.close()
            throw error
        }
    }
}
