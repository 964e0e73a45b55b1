import HomewardContract
import Kafka

/// Something about one of Homeward's topics on a cluster that differs from
/// the catalogue, and how to fix it.
struct TopicProblem {
    /// The topic's full name.
    let topic: String
    /// What differs, and the fix.
    let message: String
    /// Whether Homeward cannot run correctly like this (a missing topic, a
    /// co-partitioning or cleanup mismatch), rather than a choice an
    /// operator may have made (another retention).
    let isError: Bool

    /// The problem as a report line.
    var line: String { "\(isError ? "PROBLEM" : "warning") \(topic): \(message)" }

    /// The problems of the catalogue's topics under `catalog`'s prefix on `cluster`.
    static func all(in catalog: TopicCatalog, on cluster: ClusterTopics) -> [TopicProblem] {
        TopicCatalog.topics.flatMap { descriptor -> [TopicProblem] in
            let name = catalog.name(descriptor.role)
            guard let topic = cluster.topics[name] else {
                let fix = cluster.isEmbedded
                    ? "the embedded broker cannot create topics over the protocol: start `homeward broker` without --topics (it creates Homeward's topics under --prefix), or name the topic in its --topics"
                    : "create it with `homeward topics create`"
                return [TopicProblem(topic: name, message: "missing: \(fix)", isError: true)]
            }
            return [partitionProblem(descriptor, topic, catalog, cluster)].compactMap { $0 }
                + configurationProblems(descriptor, name, cluster)
        }
    }

    /// A co-partitioned topic whose partition count differs from the topic it follows.
    private static func partitionProblem(_ descriptor: TopicDescriptor, _ topic: KafkaTopicDescription, _ catalog: TopicCatalog,
                                         _ cluster: ClusterTopics) -> TopicProblem? {
        guard let leaderRole = descriptor.copartitionedWith, let leader = cluster.topics[catalog.name(leaderRole)],
              leader.partitions != topic.partitions else { return nil }
        let fix = descriptor.stateOf != nil
            ? "a state topic must have as many partitions as its input, so that the worker owning input partition p owns state partition p. Fix: stop the workers, delete \(topic.name) and run `homeward topics create` again (it takes the input's count); if it held state, rewind the worker's consumer group to the start of its inputs so that the state is rebuilt"
            : "they must have as many partitions, so that one worker owns partition p of both. Fix: stop the workers and give both the same count (delete the topic with the wrong count and run `homeward topics create` again, or add partitions with kafka-topics.sh --alter and rewind the consumer groups)"
        return TopicProblem(topic: topic.name,
                            message: "\(topic.partitions) partitions, but \(leader.name) has \(leader.partitions): \(fix)",
                            isError: true)
    }

    /// `cleanup.policy` and `retention.ms` as reported, against the catalogue.
    private static func configurationProblems(_ descriptor: TopicDescriptor, _ name: String, _ cluster: ClusterTopics) -> [TopicProblem] {
        guard cluster.configurations != nil else { return [] }
        var problems: [TopicProblem] = []
        let cleanup = cluster.configuration("cleanup.policy", of: name)
        if cleanup != descriptor.cleanup.rawValue {
            problems.append(TopicProblem(
                topic: name, message: "cleanup.policy is \(cleanup ?? "not reported"), Homeward needs \(descriptor.cleanup.rawValue). Fix: kafka-configs.sh --alter --entity-type topics --entity-name \(name) --add-config cleanup.policy=\(descriptor.cleanup.rawValue)",
                isError: true))
        }
        if let expected = descriptor.retentionMilliseconds, let retention = cluster.configuration("retention.ms", of: name),
           retention != "\(expected)" {
            problems.append(TopicProblem(
                topic: name, message: "retention.ms is \(retention), Homeward's default is \(expected) (\(descriptor.retentionDays ?? 0) days); if that was not chosen on purpose: kafka-configs.sh --alter --entity-type topics --entity-name \(name) --add-config retention.ms=\(expected)",
                isError: false))
        }
        return problems
    }
}
