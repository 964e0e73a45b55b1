import Kafka

/// What is on the run's broker: the offsets a group has committed and the
/// records of a topic.
extension WorkerRun {
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
        configuration.fetchWait = .milliseconds(10)  // the embedded broker holds a fetch for the whole wait
        let consumer = try KafkaConsumer(configuration: configuration)
        try consumer.assign((0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + topic, partition: $0) })
        var read: [PublishedEvent] = []
        var nextOffsets: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now + limit
        for try await batch in consumer.batches {
            for record in batch {
                read.append(try PublishedEvent(line: String(decoding: record.value ?? [], as: UTF8.self), key: record.keyString))
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

    /// Waits until no record was added to `topic` for `quiet` (a worker that
    /// is done flushing its state), at most `limit`; false if it never settles.
    func waitUntilQuiet(_ topic: String, for quiet: Duration, limit: Duration) async throws -> Bool {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: KafkaClientConfiguration(brokers: address)))
        try consumer.assign((0..<Int32(Self.partitions)).map { KafkaTopicPartition(topic: prefix + topic, partition: $0) })
        let deadline = ContinuousClock.now + limit
        var last: [Int64?] = []
        var since = ContinuousClock.now
        var settled = false
        while !settled, ContinuousClock.now < deadline {
            let ends = try await consumer.currentLag().map(\.highWatermark)
            if ends != last {
                last = ends
                since = ContinuousClock.now
            }
            settled = ContinuousClock.now - since >= quiet
            if !settled { try await Task.sleep(for: .milliseconds(200)) }
        }
        await consumer.close()
        return settled
    }
}
