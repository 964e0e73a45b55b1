/// Code that runs synchronously while the consumer group moves partitions.
///
/// Both methods run on the consumer's own thread, inside librdkafka's
/// rebalance callback, so they may block (restore state, commit). Fetching
/// waits for them:
/// - `partitionsAssigned` runs before any record of those partitions is
///   fetched (restore the partitions' state here);
/// - `partitionsRevoked` runs after the batch the application holds is
///   finished (it asked for the next one, or released it) and before the
///   partitions move; buffered records of those partitions are discarded.
///   After it returns the consumer commits the offsets marked processed.
public protocol KafkaRebalanceHandler: Sendable {
    /// The group gave this consumer `partitions`.
    func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext)
    /// `partitions` are about to move to another member. `lost` means the
    /// group already gave them away (session timeout): a commit is not possible.
    func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext)
}

extension KafkaRebalanceHandler {
    /// Does nothing.
    public func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext) {}
    /// Does nothing.
    public func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext) {}
}
