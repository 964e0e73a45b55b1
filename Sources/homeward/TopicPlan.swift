import HomewardContract
import Kafka

/// The topics Homeward needs on a cluster, as Kafka topic specifications:
/// the catalogue's topics under a prefix, each with `partitions` (a
/// co-partitioned topic with the count of the topic it follows, as the
/// cluster has it or as it is planned), the catalogue's configuration and
/// `replicationFactor` replicas.
struct TopicPlan {
    let catalog: TopicCatalog
    let partitions: Int32
    /// Replicas of each partition; -1 takes the cluster's `default.replication.factor`.
    let replicationFactor: Int16

    /// The specifications of the catalogue's topics missing from
    /// `existing`, in the catalogue's order.
    func missingTopics(existing: [String: KafkaTopicDescription]) -> [KafkaTopicSpec] {
        var counts = existing.mapValues { Int32($0.partitions) }
        var missing: [KafkaTopicSpec] = []
        for descriptor in TopicCatalog.topics where counts[catalog.name(descriptor.role)] == nil {
            let count = descriptor.copartitionedWith.flatMap { counts[catalog.name($0)] } ?? partitions
            let spec = KafkaTopicSpec(name: catalog.name(descriptor.role), partitions: count, replicationFactor: replicationFactor,
                                      config: descriptor.configuration)
            counts[spec.name] = count
            missing.append(spec)
        }
        return missing
    }
}
