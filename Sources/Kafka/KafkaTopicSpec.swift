/// A topic to create: name, partitions, replication and topic configuration.
public struct KafkaTopicSpec: Sendable, Hashable {
    /// The topic's name.
    public var name: String
    /// How many partitions; co-partitioned topics must agree.
    public var partitions: Int32
    /// How many replicas of each partition (1 on the embedded broker).
    public var replicationFactor: Int16
    /// Topic configuration, e.g. `cleanup.policy=compact` or `retention.ms`.
    public var config: [String: String]

    /// Creates a topic description.
    public init(name: String, partitions: Int32, replicationFactor: Int16 = 1, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }

    /// A compacted topic (keeps the last value per key), for state changelogs.
    public static func compacted(_ name: String, partitions: Int32, replicationFactor: Int16 = 1) -> Self {
        Self(name: name, partitions: partitions, replicationFactor: replicationFactor,
             config: ["cleanup.policy": "compact"])
    }
}
