import CRdkafka

/// What a ``KafkaRebalanceHandler`` may do with the consumer while a
/// rebalance is in progress. All calls are synchronous and run on the
/// consumer's own thread.
public struct KafkaRebalanceContext: Sendable {
    let handle: SendablePointer
    let startOffsets = LockedValue<[KafkaTopicPartition: Int64]>([:])

    /// During `partitionsAssigned`: start reading `partition` at `offset`
    /// instead of the committed offset (e.g. where restored state left off).
    /// The records before `offset` count as processed: once the partition is
    /// assigned, `offset` is marked, so the group's next commit records it
    /// even if no record comes after it.
    public func startReading(_ partition: KafkaTopicPartition, at offset: Int64) {
        startOffsets.withLock { $0[partition] = offset }
    }

    /// Marks `record` (and every earlier record of its partition) processed.
    public func markProcessed(_ record: KafkaRecord) throws(KafkaError) {
        try KafkaConsumer.store([(record.topicPartition, record.offset + 1)], handle: handle.pointer)
    }

    /// Marks the records of `partition` before `nextOffset` processed.
    public func markProcessed(_ partition: KafkaTopicPartition, upTo nextOffset: Int64) throws(KafkaError) {
        try KafkaConsumer.store([(partition, nextOffset)], handle: handle.pointer)
    }

    /// Commits the offsets marked processed, synchronously.
    public func commit() throws(KafkaError) {
        try KafkaConsumer.checkCommit(rd_kafka_commit(handle.pointer, nil, 0))
    }

    /// The committed offsets (next offset to read) of `partitions`, from the
    /// group coordinator; partitions without one are absent.
    public func committedOffsets(for partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartition: Int64] {
        try KafkaConsumer.committed(partitions, handle: handle.pointer)
    }
}
