public import Kafka

/// The record sent to `dead-letter` for an input that could not be handled:
/// the original key and bytes, plus headers naming the worker, the reason and
/// where the record came from.
public enum DeadLetter {
    /// Header names, as the contract publishes them.
    public static let errorHeader = "homeward-error"
    /// The kind of reason, one word to group and count by (`json`,
    /// `range`, `unresolved-role`, `undeliverable`, …; the metric's `reason`).
    public static let errorKindHeader = "homeward-error-kind"
    /// The worker that rejected the record.
    public static let workerHeader = "homeward-worker"
    /// The topic the record was read from.
    public static let topicHeader = "homeward-source-topic"
    /// Its partition.
    public static let partitionHeader = "homeward-source-partition"
    /// Its offset.
    public static let offsetHeader = "homeward-source-offset"

    /// The dead-letter record for `record`, rejected by `worker` because of
    /// `reason`, a reason of `kind`.
    public static func record(for record: KafkaRecord, worker: String, reason: String, kind: String, topic: String) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: topic,
            key: record.key,
            value: record.value ?? [],
            headers: [
                KafkaHeader(name: errorHeader, value: reason),
                KafkaHeader(name: errorKindHeader, value: kind),
                KafkaHeader(name: workerHeader, value: worker),
                KafkaHeader(name: topicHeader, value: record.topic),
                KafkaHeader(name: partitionHeader, value: "\(record.partition)"),
                KafkaHeader(name: offsetHeader, value: "\(record.offset)"),
            ],
            timestampMilliseconds: record.timestampMilliseconds)
    }
}
