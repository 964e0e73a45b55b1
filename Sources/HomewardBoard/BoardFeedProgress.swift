import Kafka

/// How far the feed has read towards where the topics ended at its start.
struct BoardFeedProgress {
    private var unfinished: [KafkaTopicPartition: Int64]
    private var done = false
    /// Records read so far.
    private(set) var recordsRead = 0

    /// Progress towards `ends` (each partition's next offset at the start).
    init(ends: [KafkaTopicPartition: Int64]) {
        unfinished = ends.filter { $0.value > 0 }
        done = unfinished.isEmpty
    }

    /// Whether every partition has been read to its end.
    var isDone: Bool { unfinished.isEmpty }

    /// Notes `batch` read; true exactly once, when the last partition reaches its end.
    mutating func advance(past batch: KafkaRecordBatch) -> Bool {
        recordsRead += batch.count
        guard !done else { return false }
        for record in batch {
            if let end = unfinished[record.topicPartition], record.offset + 1 >= end { unfinished[record.topicPartition] = nil }
        }
        done = unfinished.isEmpty
        return done
    }
}
