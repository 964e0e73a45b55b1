public import Logging

// Reading partitions to their end.
//
// "Everything on the topic" moves while anything produces to it, so a read
// fixes its end before it starts: the high watermark of every partition
// (the offset its next record will get), asked of the broker; then it
// consumes from where the consumer was assigned until every partition's
// next offset reaches its watermark, and stops. Records produced after the
// start are left out.

/// Reads assigned partitions up to their high watermarks at the start of
/// the read, with keys, values and headers: for tools that inspect a topic
/// (dead letters) and for tests. Nothing is committed.
public enum KafkaTopicReader {
    /// Every record of `partitions` from the beginning up to the high
    /// watermarks at the time of the call, per partition in offset order,
    /// read by a consumer of `configuration` (no group is joined; give it
    /// no group id, or one whose commits do not matter: none are made).
    ///
    /// - Throws: ``KafkaError`` if a partition cannot be read.
    public static func readToEnd(_ partitions: [KafkaTopicPartition], configuration: KafkaConsumerConfiguration,
                                 logger: Logger) async throws -> [KafkaRecord] {
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        let ends: [KafkaTopicPartition: Int64]
        do {
            try consumer.assign(partitions, offsets: Dictionary(uniqueKeysWithValues: partitions.map { ($0, KafkaOffset.beginning) }))
            ends = try await highWatermarks(of: consumer)
        } catch {
            await consumer.close()
            throw error
        }
        return try await read(consumer, to: ends)
    }

    /// The high watermark of every partition assigned to `consumer`.
    public static func highWatermarks(of consumer: KafkaConsumer) async throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        Dictionary(uniqueKeysWithValues: try await consumer.currentLag().map { ($0.topicPartition, $0.highWatermark ?? 0) })
    }

    /// Consumes until every partition's next offset reaches `ends`, then
    /// closes `consumer` (from the task that iterated it, so the batch in
    /// hand counts as finished). Ends early, with an error, if cancelled.
    public static func read(_ consumer: KafkaConsumer, to ends: [KafkaTopicPartition: Int64]) async throws -> [KafkaRecord] {
        var unfinished = ends.filter { $0.value > 0 }
        var records: [KafkaRecord] = []
        var failure: (any Error)?
        if !unfinished.isEmpty {
            do {
                for try await batch in consumer.batches {
                    for record in batch {
                        let partition = record.topicPartition
                        guard let end = unfinished[partition] else { continue }
                        if record.offset < end { records.append(record) }
                        if record.offset + 1 >= end { unfinished[partition] = nil }
                    }
                    if unfinished.isEmpty { break }
                }
            } catch {
                failure = error
            }
        }
        await consumer.close()
        if let failure { throw failure }
        guard unfinished.isEmpty else {
            throw KafkaError(operation: .consume, code: 0,
                             message: "the read stopped before the end of \(unfinished.keys.sorted().map(\.description).joined(separator: ", "))",
                             isRetriable: false)
        }
        return records
    }
}
