import HomewardProcessing
import Kafka

/// What a worker's state topic holds, read to its end: per partition, the
/// keys whose last record has a value (a tombstone deletes a key; the
/// embedded broker does not compact, so every version is read).
struct StateTopicContents: Sendable {
    let topic: String
    /// Per partition, the keys with a value, the checkpoint key included.
    private(set) var keys: [Int32: Set<String>] = [:]
    /// How many records were read.
    private(set) var records = 0

    /// An empty view of `topic`, before any record is read.
    init(topic: String) { self.topic = topic }

    /// Takes in the next record of `partition`.
    mutating func read(partition: Int32, key: String, hasValue: Bool) {
        records += 1
        if hasValue {
            keys[partition, default: []].insert(key)
        } else {
            keys[partition]?.remove(key)
        }
    }

    /// The open cases: every key with a value but the checkpoint key.
    var openCases: Set<String> {
        keys.values.reduce(into: Set<String>()) { $0.formUnion($1) }.subtracting([PartitionCheckpoint.key])
    }

    /// How many partitions hold a checkpoint.
    var checkpoints: Int { keys.values.filter { $0.contains(PartitionCheckpoint.key) }.count }

    /// The records that empty the topic: on each partition holding a key,
    /// a tombstone for every key there, then one for the checkpoint key
    /// (last, so a restore that reads it knows the partition was reset).
    var tombstones: [KafkaProducerRecord] {
        keys.filter { !$0.value.isEmpty }.sorted { $0.key < $1.key }.flatMap { partition, keys in
            (keys.subtracting([PartitionCheckpoint.key]).sorted() + [PartitionCheckpoint.key]).map {
                KafkaProducerRecord(topic: topic, partition: partition, key: $0, value: nil as [UInt8]?)
            }
        }
    }
}
