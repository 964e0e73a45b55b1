import ArgumentParser
import HomewardContract
import Kafka
import Logging

/// The options of the topic commands: the cluster (Kafka options), how
/// long to wait for it, and logging.
struct TopicAdminOptions: ParsableArguments {
    @OptionGroup var kafka: KafkaOptions

    @Option(help: "How long to wait for the cluster's answers, in seconds.")
    var timeout: Int = 30

    @Option(help: "Log level.")
    var logLevel: Logger.Level = .warning

    func validate() throws {
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second, not \(timeout)") }
    }

    /// Homeward's topics under the configured prefix.
    func catalog() throws -> TopicCatalog {
        TopicCatalog(prefix: try kafka.prefix())
    }

    /// An admin client of the configured cluster.
    func admin() throws -> KafkaTopicAdmin {
        try KafkaTopicAdmin(configuration: kafka.clientConfiguration(clientID: "homeward-topics"), timeout: .seconds(timeout),
                            logger: CommandLogging.logger("homeward.topics", level: logLevel))
    }

    /// What the cluster reports about the catalogue's topics.
    func readCluster(_ admin: KafkaTopicAdmin, _ catalog: TopicCatalog) async throws -> ClusterTopics {
        do {
            return try await ClusterTopics.read(from: admin, names: catalog.allNames)
        } catch {
            throw CommandFailure("cannot read the cluster's topics at \(try kafka.clientConfiguration(clientID: "").bootstrapServers.joined(separator: ",")): \(error)")
        }
    }
}
