import HomewardContract
import Kafka

/// How far back one input topic reaches: where each of its partitions now
/// starts (above offset 0 once retention deleted its oldest records) and
/// the time of its earliest record.
struct InputReach: Sendable {
    let topic: String
    let watermarks: [KafkaTopicPartition: KafkaWatermarks]
    /// The earliest record timestamp seen so far.
    private(set) var earliest: Timestamp?

    /// The reach of `topic`, whose partitions have `watermarks`, before any record is seen.
    init(topic: String, watermarks: [KafkaTopicPartition: KafkaWatermarks]) {
        self.topic = topic
        self.watermarks = watermarks
    }

    /// Takes in a record's timestamp (milliseconds since 1970).
    mutating func saw(timestampMilliseconds: Int64) {
        let time = Timestamp(millisecondsSinceEpoch: timestampMilliseconds)
        if earliest.map({ time < $0 }) ?? true { earliest = time }
    }

    /// The partitions that no longer start at offset 0, in order.
    var trimmedPartitions: [Int32] {
        watermarks.filter { $0.value.low > 0 }.map(\.key.partition).sorted()
    }

    /// Whether every partition still starts at offset 0: nothing was deleted.
    var isWhole: Bool { trimmedPartitions.isEmpty }

    /// Where a group reading the topic from its start begins: every partition's low watermark.
    var start: [KafkaTopicPartition: Int64] { watermarks.mapValues(\.low) }

    /// One line for the operator.
    var summary: String {
        let records = watermarks.values.reduce(0) { $0 + $1.count }
        var line = "\(topic): \(counted(watermarks.count, "partition")), \(counted(Int(records), "record"))"
        if let earliest { line += ", the earliest from \(earliest)" }
        if isWhole { return line + "; every partition starts at offset 0 (nothing was deleted)" }
        let deleted = watermarks.values.reduce(0) { $0 + $1.low }
        let trimmed = trimmedPartitions
        let partitions = (trimmed.count == 1 ? "partition " : "partitions ") + trimmed.map(String.init).joined(separator: ", ")
        return line + "; \(partitions) \(trimmed.count == 1 ? "starts" : "start") after offset 0 "
            + "(the oldest \(counted(Int(deleted), "record")) deleted)"
    }
}
