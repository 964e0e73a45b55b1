import CRdkafka

/// Records handed to Swift in one step, in the order librdkafka fetched them
/// (per partition, in offset order).
///
/// Holding a batch (or any of its records) keeps its bytes alive; the memory
/// returns to librdkafka when the last reference goes.
public struct KafkaRecordBatch: Sendable, RandomAccessCollection {
    let storage: RDKafkaBatchStorage

    /// The index of the first record.
    public var startIndex: Int { 0 }
    /// One past the last record.
    public var endIndex: Int { storage.count }

    /// The record at `position`.
    public subscript(position: Int) -> KafkaRecord {
        KafkaRecord(storage: storage, index: position)
    }

    /// The highest offset per partition in this batch.
    public var lastOffsets: [KafkaTopicPartition: Int64] {
        var result: [KafkaTopicPartition: Int64] = [:]
        for index in 0..<storage.count {
            let m = storage.messages[index].pointee
            let tp = KafkaTopicPartition(topic: storage.topicName(of: m.rkt), partition: m.partition)
            result[tp] = Swift.max(result[tp] ?? -1, m.offset)
        }
        return result
    }
}
