import Foundation
import HomewardPipeline
import HomewardContract
import Kafka
import Logging

/// What the live pipeline of a chaos run left behind, read once it has
/// settled: every record on `reminders` and `escalations`, the delivery
/// audit trail (`deliveries`), the dead letters, and the e-mails the mail
/// server kept.
struct ChaosLiveOutputs {
    var events: [ChaosVerdict.Event] = []
    var audit = ChaosVerdict.Audit()
    /// The delivery reports as read, one CloudEvent a line.
    var deliveries: [String] = []
    var deadLetters = 0
    var emails: [ChaosVerdict.Email] = []

    /// Reads the topics under `catalog` on the cluster of `client` to their ends, and the e-mails in `mailFolder`.
    static func read(client: KafkaClientConfiguration, catalog: TopicCatalog, mailFolder: URL, logger: Logger) async throws -> ChaosLiveOutputs {
        let admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        var partitions: [KafkaTopicPartition] = []
        for role in [TopicRole.reminders, .escalations, .deliveries, .deadLetter] {
            let topic = catalog.name(role)
            let count = try await admin.partitionCount(of: topic) ?? 0
            partitions += (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        }
        let records = try await KafkaTopicReader.readToEnd(partitions, configuration: KafkaConsumerConfiguration(client: client), logger: logger)
        var outputs = ChaosLiveOutputs()
        for record in records {
            let value = record.value ?? []
            switch TopicRole(topic: record.topic, prefix: catalog.prefix) {
            case .reminders?, .escalations?:
                let role = TopicRole(topic: record.topic, prefix: catalog.prefix)!
                let id = (try? JSONParser.parse(value))?["id"]?.text ?? "(no id)"
                outputs.events.append(ChaosVerdict.Event(id: id, role: role, value: String(decoding: value, as: UTF8.self)))
            case .deliveries?:
                outputs.audit.record(value)
                outputs.deliveries.append(String(decoding: value, as: UTF8.self))
            default:
                outputs.deadLetters += 1
            }
        }
        outputs.emails = try ChaosVerdict.Email.all(in: mailFolder)
        return outputs
    }
}
