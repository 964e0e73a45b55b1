import ArgumentParser
import HomewardContract
import Kafka

/// `homeward dead-letter`: inspect dead letters and send chosen ones back.
struct DeadLetterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dead-letter",
        abstract: "List dead letters by reason, worker and source topic; send chosen ones back to their source topic.",
        subcommands: [DeadLetterListCommand.self, DeadLetterReplayCommand.self]
    )

    /// Every record of `<prefix>dead-letter`, from the beginning to its end
    /// now, read by manual assignment (no group joined, nothing committed).
    static func readAll(_ kafka: KafkaOptions) async throws -> [DeadLetterEntry] {
        let client = try kafka.clientConfiguration(clientID: "homeward-dead-letter")
        let topic = try kafka.topic(.deadLetter)
        let logger = CommandLogging.logger("homeward.dead-letter", level: .warning)
        let admin = try KafkaTopicAdmin(configuration: client, logger: logger)
        guard let count = try await admin.partitionCount(of: topic) else {
            throw CommandFailure("\(topic) does not exist on \(client.bootstrapServers.joined(separator: ",")): check --brokers and --topic-prefix, or create Homeward's topics with `homeward topics create`")
        }
        var consumer = KafkaConsumerConfiguration(client: client, autoCommitInterval: nil)
        consumer.fetchWait = .milliseconds(100)
        let partitions = (0..<Int32(count)).map { KafkaTopicPartition(topic: topic, partition: $0) }
        return try await KafkaTopicReader.readToEnd(partitions, configuration: consumer, logger: logger).map(DeadLetterEntry.init)
    }
}
