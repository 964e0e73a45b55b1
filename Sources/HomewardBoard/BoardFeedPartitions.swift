import Kafka
import Logging

/// Every partition of the board's topics, from the cluster's metadata.
enum BoardFeedPartitions {
    /// The partitions of `topics`.
    ///
    /// - Throws: ``BoardFeedError`` naming a topic that does not exist.
    static func of(_ topics: [String], client: KafkaClientConfiguration, logger: Logger) async throws -> [KafkaTopicPartition] {
        let admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        var partitions: [KafkaTopicPartition] = []
        for topic in topics {
            guard let count = try await admin.partitionCount(of: topic) else { throw BoardFeedError.missingTopic(topic) }
            partitions += (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        }
        return partitions
    }
}

/// Why the board cannot read its topics.
public enum BoardFeedError: Error, CustomStringConvertible {
    /// The topic does not exist.
    case missingTopic(String)

    /// What to fix.
    public var description: String {
        switch self {
        case .missingTopic(let topic):
            "topic \(topic) does not exist: create Homeward's topics with `homeward topics create` (or check --brokers and the topic prefix)"
        }
    }
}
