import Foundation
import HomewardContract
import Kafka
import Logging

/// What the broker and the mail server show of a chaos run at one moment:
/// the records on each topic, each worker group's lag, the e-mails received.
struct ChaosLook: Sendable, Equatable {
    /// Records on each topic (the sum of its partitions' high watermarks).
    var records: [TopicRole: Int64] = [:]
    /// Per consumer group, the records of its inputs it has not committed.
    var lag: [String: Int64] = [:]
    /// Per consumer group, the records of its inputs it has committed.
    var committed: [String: Int64] = [:]
    /// E-mails the mail server has kept.
    var emails = 0

    /// Every group's lag together.
    var totalLag: Int64 { lag.values.reduce(0, +) }

    /// Whether nothing moved between `self` and `later`: the same records
    /// on every topic, the same commits, the same e-mails.
    func isStill(comparedWith later: ChaosLook) -> Bool {
        records == later.records && committed == later.committed && emails == later.emails
    }
}

/// Takes ``ChaosLook``s: the high watermarks of every Homeward topic, the
/// committed offsets of every worker group (read with the group's id, never
/// joining it) and the number of e-mails in the mail server's folder.
final class ChaosObserver {
    /// A worker group and the topics it reads.
    typealias Group = DrainStage

    private let admin: KafkaTopicAdmin
    private let groups: [(group: Group, consumer: KafkaConsumer, partitions: [KafkaTopicPartition])]
    private let topics: [(role: TopicRole, partitions: [KafkaTopicPartition])]
    private let mailFolder: URL

    /// Watches the topics of `catalog` and `groups` on the cluster of `client`, and the e-mails in `mailFolder`.
    init(client: KafkaClientConfiguration, catalog: TopicCatalog, groups: [Group], mailFolder: URL, logger: Logger) async throws {
        admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        var partitionsOf: [String: [KafkaTopicPartition]] = [:]
        var topics: [(TopicRole, [KafkaTopicPartition])] = []
        for role in TopicCatalog.roles {
            let topic = catalog.name(role)
            let count = try await admin.partitionCount(of: topic) ?? 0
            let partitions = (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
            partitionsOf[topic] = partitions
            topics.append((role, partitions))
        }
        self.topics = topics
        self.groups = try groups.map { group in
            let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(client: client, groupID: group.group), logger: logger)
            return (group, consumer, group.inputs.flatMap { partitionsOf[$0] ?? [] })
        }
        self.mailFolder = mailFolder
    }

    /// Looks at everything once.
    func look() async throws -> ChaosLook {
        var look = ChaosLook()
        let ends = try await admin.watermarks(of: topics.flatMap(\.partitions)).mapValues(\.high)
        for (role, partitions) in topics {
            look.records[role] = partitions.reduce(0) { $0 + (ends[$1] ?? 0) }
        }
        for (group, consumer, partitions) in groups {
            let committed = try await consumer.committedOffsets(for: partitions)
            look.committed[group.group] = partitions.reduce(0) { $0 + (committed[$1] ?? 0) }
            look.lag[group.group] = partitions.reduce(0) { $0 + max(0, (ends[$1] ?? 0) - (committed[$1] ?? 0)) }
        }
        look.emails = (try? FileManager.default.contentsOfDirectory(atPath: mailFolder.path))?.count { $0.hasSuffix(".eml") } ?? 0
        return look
    }

    /// Closes the group consumers.
    func close() async {
        for (_, consumer, _) in groups { await consumer.close() }
    }
}
