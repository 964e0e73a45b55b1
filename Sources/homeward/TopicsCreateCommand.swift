import ArgumentParser
import HomewardContract
import Kafka

/// `homeward topics create`: creates the catalogue's missing topics through
/// the admin API and checks the ones that exist.
struct TopicsCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create Homeward's topics with their partitions, cleanup.policy and retention; check those that exist.",
        discussion: """
        Idempotent: a topic that exists is left as it is and checked. A co-partitioned topic (a state \
        topic, reminders, escalations) is created with the partition count of the topic it follows. \
        Exits 1, saying what to fix, when a topic is missing and cannot be created, when a co-partitioned \
        topic's count differs from its input's, or when a cleanup.policy differs. The embedded broker \
        cannot create topics over the protocol (homeward broker creates Homeward's topics itself) nor \
        describe their configuration.
        """
    )

    @Option(help: "Partitions of each topic created that follows no other (default: HOMEWARD_KAFKA_PARTITIONS, else the configuration's kafka.partitions, else 8).")
    var partitions: Int32?

    @Option(help: "Replicas of each partition (default: the cluster's default.replication.factor).")
    var replicationFactor: Int16?

    @OptionGroup var options: TopicAdminOptions

    func validate() throws {
        if let partitions, partitions < 1 { throw ValidationError("--partitions must be at least 1, not \(partitions)") }
        if let replicationFactor, replicationFactor < 1 {
            throw ValidationError("--replication-factor must be at least 1, not \(replicationFactor)")
        }
    }

    /// `--partitions`, else the configured `kafka.partitions`.
    private func partitionCount() throws -> Int32 {
        if let partitions { return partitions }
        let configuration = try options.kafka.configuration()
        guard let configured = configuration.value(.partitions).flatMap(Int32.init), configured >= 1 else {
            throw CommandFailure("\(configuration.source(of: .partitions)): kafka.partitions must be a whole number of at least 1")
        }
        return configured
    }

    func run() async throws {
        let catalog = try options.catalog()
        let admin = try options.admin()
        var cluster = try await options.readCluster(admin, catalog)
        let plan = TopicPlan(catalog: catalog, partitions: try partitionCount(), replicationFactor: replicationFactor ?? -1)
        let missing = plan.missingTopics(existing: cluster.topics)
        for name in catalog.allNames {
            if let topic = cluster.topics[name] { print("exists   \(name): \(cluster.summary(of: topic))") }
        }
        let created = try await create(missing, on: admin, cluster: &cluster)
        if let gap = cluster.configurationGap { print("note: \(gap)") }
        let problems = TopicProblem.all(in: catalog, on: cluster)
        for problem in problems { print(problem.line) }
        let errors = problems.filter(\.isError).count
        print("\(catalog.allNames.count) topics: \(created) created, \(catalog.allNames.count - missing.count) existed, \(errors) problems")
        if errors > 0 { throw ExitCode(1) }
    }

    /// Creates `missing` (unless the cluster is an embedded broker), prints
    /// each, and adds them to `cluster`; returns how many were created.
    private func create(_ missing: [KafkaTopicSpec], on admin: KafkaTopicAdmin, cluster: inout ClusterTopics) async throws -> Int {
        guard !missing.isEmpty, !cluster.isEmbedded else { return 0 }
        do {
            try await admin.createTopics(missing)
        } catch {
            throw CommandFailure("creating \(missing.map(\.name).joined(separator: ", ")) failed: \(error)")
        }
        for spec in missing {
            let configuration = spec.config.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
            let replicas = spec.replicationFactor < 0 ? "the cluster's default replication factor" : "replication factor \(spec.replicationFactor)"
            print("created  \(spec.name): \(spec.partitions) partitions, \(replicas), \(configuration)")
            cluster.topics[spec.name] = KafkaTopicDescription(name: spec.name, partitions: Int(spec.partitions),
                                                              replicationFactor: Int(spec.replicationFactor))
            cluster.configurations?[spec.name] = spec.config
        }
        return missing.count
    }
}
