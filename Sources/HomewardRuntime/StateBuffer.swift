import HomewardProcessing
import Kafka

/// One partition's share of a batch's state: its changelog writes (one per
/// key the batch changed: the partition's store encodes each changed key
/// once per batch, see ``PartitionStore/takeWrites(into:)``) and where the
/// partition stands after them.
struct PartitionStateWrites: Sendable {
    let partition: Int32
    let writes: [ChangelogWrite]
    let checkpoint: PartitionCheckpoint?
}

/// State writes waiting to go to the changelog, coalesced as Kafka Streams'
/// record cache coalesces them between commits: per partition the last
/// value of each key, and the latest checkpoint. A key written by many
/// batches between two flushes costs one changelog record, not one per batch.
struct StateBuffer {
    private var values: [Int32: [String: [UInt8]?]] = [:]
    private var checkpoints: [Int32: PartitionCheckpoint] = [:]
    /// Bytes of the keys and values held.
    private(set) var bytes = 0
    /// When the oldest write held was added; nil when empty.
    private(set) var since: ContinuousClock.Instant?

    var isEmpty: Bool { since == nil }

    /// Adds a batch's writes for one partition; they supersede any earlier
    /// write of the same key, and its checkpoint the partition's earlier one.
    mutating func add(_ state: PartitionStateWrites, at now: ContinuousClock.Instant) {
        guard !state.writes.isEmpty || state.checkpoint != nil else { return }
        if since == nil { since = now }
        var partitionValues = values.removeValue(forKey: state.partition) ?? [:]
        for write in state.writes {
            let keySize = write.key.utf8.count
            if let replaced = partitionValues.updateValue(write.value, forKey: write.key) {
                bytes -= keySize + (replaced?.count ?? 0)
            }
            bytes += keySize + (write.value?.count ?? 0)
        }
        values[state.partition] = partitionValues
        if let checkpoint = state.checkpoint { checkpoints[state.partition] = checkpoint }
    }

    /// Empties the buffer into changelog records: per partition the
    /// surviving writes, then the checkpoint (restore trusts state only up
    /// to a checkpoint, so it must land after them on the same partition).
    mutating func drain(topic: String) -> [KafkaProducerRecord] {
        var records: [KafkaProducerRecord] = []
        records.reserveCapacity(values.values.reduce(checkpoints.count) { $0 + $1.count })
        for partition in Set(values.keys).union(checkpoints.keys).sorted() {
            for (key, value) in values[partition] ?? [:] {
                records.append(KafkaProducerRecord(topic: topic, partition: partition, key: key, value: value))
            }
            if let checkpoint = checkpoints[partition] {
                records.append(KafkaProducerRecord(topic: topic, partition: partition, key: PartitionCheckpoint.key, value: checkpoint.encoded()))
            }
        }
        // Keep each partition's table at its size: the next flush holds about as many keys.
        for partition in values.keys { values[partition]!.removeAll(keepingCapacity: true) }
        checkpoints.removeAll(keepingCapacity: true)
        bytes = 0
        since = nil
        return records
    }
}
