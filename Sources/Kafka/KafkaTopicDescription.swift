/// A topic as the cluster's metadata describes it.
public struct KafkaTopicDescription: Sendable, Hashable {
    /// The topic's name.
    public let name: String
    /// How many partitions it has.
    public let partitions: Int
    /// How many replicas its first partition has (every partition has as
    /// many unless someone reassigned them).
    public let replicationFactor: Int

    /// Describes a topic.
    public init(name: String, partitions: Int, replicationFactor: Int) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
    }
}
