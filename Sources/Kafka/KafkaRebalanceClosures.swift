/// A rebalance handler made of two closures.
public struct KafkaRebalanceClosures: KafkaRebalanceHandler {
    private let assigned: @Sendable ([KafkaTopicPartition], KafkaRebalanceContext) -> Void
    private let revoked: @Sendable ([KafkaTopicPartition], Bool, KafkaRebalanceContext) -> Void

    /// Creates a handler from closures; either may be omitted.
    public init(
        assigned: @escaping @Sendable ([KafkaTopicPartition], KafkaRebalanceContext) -> Void = { _, _ in },
        revoked: @escaping @Sendable ([KafkaTopicPartition], _ lost: Bool, KafkaRebalanceContext) -> Void = { _, _, _ in }
    ) {
        self.assigned = assigned
        self.revoked = revoked
    }

    /// Calls the `assigned` closure.
    public func partitionsAssigned(_ partitions: [KafkaTopicPartition], consumer: KafkaRebalanceContext) {
        assigned(partitions, consumer)
    }

    /// Calls the `revoked` closure.
    public func partitionsRevoked(_ partitions: [KafkaTopicPartition], lost: Bool, consumer: KafkaRebalanceContext) {
        revoked(partitions, lost, consumer)
    }
}
