import ArgumentParser
import Foundation
import HomewardContract
import Kafka
import Logging

/// `homeward broker`: a standalone embedded Kafka broker in the foreground.
struct BrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "broker",
        abstract: "Run an embedded Kafka broker (librdkafka's mock cluster) on 127.0.0.1 until SIGINT/SIGTERM.",
        discussion: """
        Prints the bootstrap address as the first line of stdout, so that kcat or \
        any Kafka client can be pointed at it. Data is kept in memory only. \
        Without --topics, Homeward's own topics are created under --prefix.
        """
    )

    @Option(name: .long, help: "Number of brokers in the cluster.")
    var brokers: Int = 1

    @Option(name: .long, parsing: .upToNextOption,
            help: "Topics to create, as NAME or NAME:PARTITIONS (space- or comma-separated).")
    var topics: [String] = []

    @Option(name: .long, help: "Partitions of each topic created without an explicit count.")
    var partitions: Int32 = 8

    @Option(name: .long, help: "Topic name prefix for Homeward's own topics.")
    var prefix: String = "homeward."

    @OptionGroup var log: LogOptions

    func validate() throws {
        guard brokers >= 1 else { throw ValidationError("--brokers must be at least 1 (got \(brokers))") }
        guard partitions >= 1 else { throw ValidationError("--partitions must be at least 1 (got \(partitions))") }
    }

    func run() async throws {
        let logger = log.logger("homeward.broker")
        let broker = try EmbeddedBroker(brokers: brokers, logger: logger)
        let specs = try topicSpecs()
        try await broker.createTopics(specs)
        print(broker.bootstrapServers)
        fflush(nil)  // the address must reach a pipe reader now, not at exit
        logger.notice("embedded broker up", metadata: [
            "bootstrap": "\(broker.bootstrapServers)",
            "topics": "\(specs.map { "\($0.name):\($0.partitions)" }.joined(separator: ","))",
        ])
        let signal = await SignalWaiter.waitForTermination()
        logger.notice("stopping embedded broker", metadata: ["signal": "\(signal)"])
        broker.shutdown()
    }

    func topicSpecs() throws -> [KafkaTopicSpec] {
        let entries = topics.flatMap { $0.split(separator: ",") }.map(String.init).filter { !$0.isEmpty }
        if entries.isEmpty {
            return TopicPlan(catalog: TopicCatalog(prefix: prefix), partitions: partitions, replicationFactor: 1).missingTopics(existing: [:])
        }
        return try entries.map { entry in
            let parts = entry.split(separator: ":", maxSplits: 1).map(String.init)
            guard let name = parts.first, !name.isEmpty else {
                throw ValidationError("--topics: empty topic name in '\(entry)'")
            }
            var count = partitions
            if parts.count == 2 {
                guard let parsed = Int32(parts[1]), parsed >= 1 else {
                    throw ValidationError("--topics: '\(entry)' has an invalid partition count; expected NAME:PARTITIONS with PARTITIONS ≥ 1")
                }
                count = parsed
            }
            return KafkaTopicSpec(name: name, partitions: count)
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
