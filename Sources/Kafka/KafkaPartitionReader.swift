import CRdkafka
public import Logging

/// Reads one partition from the beginning to its current end, synchronously:
/// for restoring a worker's state from its changelog inside a rebalance
/// handler (which runs on the consumer's own thread and may block).
public enum KafkaPartitionReader {
    /// One record of the partition: its key and value (`nil` for a tombstone).
    public struct Entry: Sendable {
        /// The key bytes (empty for a null key).
        public let key: [UInt8]
        /// The value, or `nil` for a tombstone.
        public let value: [UInt8]?
    }

    /// One record of the partition, borrowed: its bytes are valid only
    /// during the call that receives it (no copies are made).
    public struct BorrowedEntry {
        /// The key bytes (empty for a null key).
        public let key: UnsafeRawBufferPointer
        /// The value bytes, or `nil` for a tombstone.
        public let value: UnsafeRawBufferPointer?
        /// The record's offset in its partition.
        public let offset: Int64
        /// The record's timestamp in milliseconds since 1970, if it has one.
        public let timestampMilliseconds: Int64?
    }

    /// Calls `body` for every record of `partition` from the beginning up to
    /// the high watermark at the time of the call; returns how many were read.
    public static func readToEnd(
        _ partition: KafkaTopicPartition,
        configuration: KafkaClientConfiguration,
        timeout: Duration = .seconds(60),
        logger: Logger,
        _ body: (Entry) throws -> Void
    ) throws -> Int {
        try readToEnd([partition], configuration: configuration, timeout: timeout, logger: logger) { _, entry in try body(entry) }
    }

    /// Reads several partitions with one client (as a worker restores every
    /// partition it was assigned): `body` gets each record with its
    /// partition, in offset order per partition.
    ///
    /// - Throws: ``KafkaError`` if a partition cannot be read, or if no
    ///   progress is made for `timeout`.
    public static func readToEnd(
        _ partitions: [KafkaTopicPartition],
        configuration: KafkaClientConfiguration,
        timeout: Duration = .seconds(60),
        logger: Logger,
        _ body: (KafkaTopicPartition, Entry) throws -> Void
    ) throws -> Int {
        try readToEnd(borrowing: partitions, configuration: configuration, timeout: timeout, logger: logger) { partition, entry in
            try body(partition, Entry(key: Array(entry.key), value: entry.value.map { Array($0) }))
        }
    }

    /// Reads several partitions like the method above, lending each
    /// record's bytes instead of copying them (for restores, which keep only
    /// what they need). `sizes`, if given, learns first how many records each
    /// partition holds (at most that many will be read), so a restore can
    /// size its tables once.
    public static func readToEnd(
        borrowing partitions: [KafkaTopicPartition],
        configuration: KafkaClientConfiguration,
        timeout: Duration = .seconds(60),
        logger: Logger,
        sizes: (([KafkaTopicPartition: Int]) -> Void)? = nil,
        _ body: (KafkaTopicPartition, BorrowedEntry) throws -> Void
    ) throws -> Int {
        guard !partitions.isEmpty else { return 0 }
        // librdkafka stops fetching while `queued.min.messages` are queued and
        // looks again only up to a second later; a restore drains the queue
        // far sooner, so the byte limit alone should bound the prefetch.
        var consumerConfiguration = KafkaConsumerConfiguration(
            client: configuration, groupID: nil, autoCommitInterval: nil,
            prefetchRecords: 10_000_000, prefetchKilobytes: 1_048_576)
        // Every record read is known to be there (up to the end found above):
        // a fetch need not wait on the broker for more.
        consumerConfiguration.fetchWait = .milliseconds(10)
        let client = try RDKafkaClient(type: RD_KAFKA_CONSUMER, properties: consumerConfiguration.librdkafkaProperties,
                                       callbacks: RDKafkaCallbacks(logger: logger))
        defer { rd_kafka_consumer_close(client.handle) }
        var ends: [KafkaTopicPartition: Int64] = [:]
        var counts: [KafkaTopicPartition: Int] = [:]
        for partition in partitions {
            var low: Int64 = 0, high: Int64 = 0
            let error = rd_kafka_query_watermark_offsets(
                client.handle, partition.topic, partition.partition, &low, &high, Int32(clamping: timeout.milliseconds))
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .consume, code: error, context: "find the end of \(partition)")
            }
            if high > low {
                ends[partition] = high
                counts[partition] = Int(high - low)
            }
        }
        sizes?(counts)
        guard !ends.isEmpty else { return 0 }
        rd_kafka_poll_set_consumer(client.handle)
        let queue = rd_kafka_queue_get_consumer(client.handle)!
        defer { rd_kafka_queue_destroy(queue) }
        try RDKafkaPartitionList.with(ends.keys.map { ($0, Int64(RD_KAFKA_OFFSET_BEGINNING)) }) { list throws(KafkaError) in
            let error = rd_kafka_assign(client.handle, list)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                throw KafkaError(operation: .assignment, code: error, context: "assign \(ends.count) partitions for restore")
            }
        }
        let batchSize = 10_000
        let messages = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: batchSize)
        defer { messages.deallocate() }
        var count = 0
        var unfinished = ends.count
        var lastProgress = ContinuousClock.now
        // Per topic handle: its name and each partition's end (-1 once reached),
        // so a record is matched without hashing its topic name.
        var progress: [(rkt: OpaquePointer, topic: String, ends: [Int32: Int64])] = []
        while unfinished > 0 {
            // What is there, without waiting; when nothing is, wait for one record
            // (a timed batch call waits out its timeout unless the batch fills).
            var received = rd_kafka_consume_batch_queue(queue, 0, messages, batchSize)
            if received == 0, let first = rd_kafka_consume_queue(queue, 100) {
                messages[0] = first
                received = 1 + max(0, rd_kafka_consume_batch_queue(queue, 0, messages + 1, batchSize - 1))
            }
            if received <= 0 {
                if ContinuousClock.now - lastProgress > timeout {
                    let pending = progress.flatMap { entry in entry.ends.filter { $0.value >= 0 }.map { "\(entry.topic)/\($0.key)" } }
                    throw KafkaError(operation: .consume, code: RD_KAFKA_RESP_ERR__TIMED_OUT,
                                     context: "restore stalled with \(unfinished) partitions unfinished, e.g. \(pending.first ?? "\(ends.keys.first!)")")
                }
                continue
            }
            lastProgress = ContinuousClock.now
            for index in 0..<received {
                let message = messages[index]!
                defer { rd_kafka_message_destroy(message) }
                let m = message.pointee
                guard m.err == RD_KAFKA_RESP_ERR_NO_ERROR else {
                    if m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF { continue }
                    throw KafkaError(operation: .consume, code: m.err, context: "restore")
                }
                guard let rkt = m.rkt else { continue }
                let slot: Int
                if let known = progress.firstIndex(where: { $0.rkt == rkt }) {
                    slot = known
                } else {
                    let topic = String(cString: rd_kafka_topic_name(rkt))
                    var topicEnds: [Int32: Int64] = [:]
                    for (partition, end) in ends where partition.topic == topic { topicEnds[partition.partition] = end }
                    progress.append((rkt, topic, topicEnds))
                    slot = progress.count - 1
                }
                guard let end = progress[slot].ends[m.partition], end >= 0 else { continue }
                if m.offset < end {
                    let key = m.key.map { UnsafeRawBufferPointer(start: $0, count: m.key_len) } ?? UnsafeRawBufferPointer(start: nil, count: 0)
                    let value = m.payload.map { UnsafeRawBufferPointer(start: $0, count: m.len) }
                    var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
                    let timestamp = rd_kafka_message_timestamp(message, &timestampType)
                    try body(KafkaTopicPartition(topic: progress[slot].topic, partition: m.partition),
                             BorrowedEntry(key: key, value: value, offset: m.offset, timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp))
                    count += 1
                }
                if m.offset + 1 >= end {
                    progress[slot].ends[m.partition] = -1
                    unfinished -= 1
                }
            }
        }
        return count
    }
}
