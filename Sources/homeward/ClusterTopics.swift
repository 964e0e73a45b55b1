import Kafka

/// What a cluster reports about Homeward's topics: their partitions and
/// replicas (metadata, which every broker answers) and, where the cluster
/// answers DescribeConfigs, their configuration.
struct ClusterTopics {
    /// Every topic of the cluster, by name.
    var topics: [String: KafkaTopicDescription]
    /// Whether the cluster is an embedded broker (librdkafka's mock cluster).
    let isEmbedded: Bool
    /// The configuration of each topic asked about that exists, by topic
    /// name; `nil` when the cluster did not report it (``configurationGap``).
    var configurations: [String: [String: String]]?
    /// Why the configuration is not reported, for the user.
    let configurationGap: String?

    /// Reads the cluster through `admin`; `names` are the topics whose
    /// configuration to ask for (those that exist).
    static func read(from admin: KafkaTopicAdmin, names: [String]) async throws -> ClusterTopics {
        let clusterID = await admin.clusterID()
        let topics = try await admin.topics()
        let existing = names.filter { topics[$0] != nil }
        if let clusterID, EmbeddedBroker.isEmbedded(clusterID: clusterID) {
            return ClusterTopics(topics: topics, isEmbedded: true, configurations: nil,
                                 configurationGap: "the embedded broker (cluster \(clusterID)) does not answer DescribeConfigs: only partitions and replicas are checked")
        }
        do {
            return ClusterTopics(topics: topics, isEmbedded: false, configurations: try await admin.configurations(of: existing), configurationGap: nil)
        } catch {
            return ClusterTopics(topics: topics, isEmbedded: false, configurations: nil,
                                 configurationGap: "the cluster did not describe the topics' configuration (\(error)): only partitions and replicas are checked")
        }
    }

    /// The reported value of `entry` in `topic`'s configuration, if reported.
    func configuration(_ entry: String, of topic: String) -> String? {
        configurations?[topic]?[entry]
    }

    /// `topic` as a report line: partitions, replicas and, where reported,
    /// the configuration Homeward sets.
    func summary(of topic: KafkaTopicDescription) -> String {
        var parts = ["\(topic.partitions) partitions", "replication factor \(topic.replicationFactor)"]
        if configurations != nil {
            for entry in ["cleanup.policy", "retention.ms"] {
                parts.append("\(entry)=\(configuration(entry, of: topic.name) ?? "(not reported)")")
            }
        }
        return parts.joined(separator: ", ")
    }
}
