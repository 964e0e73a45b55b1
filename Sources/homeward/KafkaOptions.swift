import ArgumentParser
import Foundation
import HomewardContract
import Kafka

/// Options every command that talks to Kafka shares, and the
/// configuration they resolve through (``HomewardConfiguration``): a flag
/// wins over the environment (`HOMEWARD_KAFKA_BROKERS`, …), which wins over
/// secret files (`HOMEWARD_KAFKA_SASL_PASSWORD_FILE`), which win over the
/// configuration file (`--config`, else `$HOMEWARD_CONFIG`, else
/// `config/homeward.yaml` when present).
struct KafkaOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT…] (default: HOMEWARD_KAFKA_BROKERS, else the configuration's kafka.brokers).")
    var brokers: String?

    @Option(help: "Topic name prefix (default: HOMEWARD_KAFKA_TOPIC_PREFIX, else the configuration's kafka.topicPrefix, else homeward.).")
    var topicPrefix: String?

    @Option(name: .customLong("kafka-property"), help: "A librdkafka property NAME=VALUE, passed through (repeatable).")
    var kafkaProperties: [String] = []

    @Option(help: "Configuration file (YAML; default: HOMEWARD_CONFIG, else config/homeward.yaml when present).")
    var config: String?

    /// The `--kafka-property` flags as name and value, in order; nil for
    /// one that is not `NAME=VALUE`.
    var propertyFlags: [(name: String, value: String)?] {
        kafkaProperties.map { property in
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else { return nil }
            return (String(property[..<equals]), String(property[property.index(after: equals)...]))
        }
    }

    /// The flags as configuration keys and values.
    ///
    /// - Throws: for a `--kafka-property` that is not `NAME=VALUE`.
    func flagValues() throws -> [ConfigurationKey: String] {
        var values: [ConfigurationKey: String] = [:]
        values[.brokers] = brokers
        values[.topicPrefix] = topicPrefix
        for (position, flag) in propertyFlags.enumerated() {
            guard let flag else {
                throw ValidationError("--kafka-property number \(position + 1) must look like NAME=VALUE (not shown: it may hold a secret)")
            }
            values[.property(flag.name)] = flag.value
        }
        return values
    }

    /// The configuration these options, the environment and the
    /// configuration file give, with `extra` flags of the command.
    func configuration(extra: [ConfigurationKey: String] = [:]) throws -> HomewardConfiguration {
        let environment = ProcessInfo.processInfo.environment
        let file = try ConfigurationFile.locate(option: config, environment: environment)
        if let file, !file.problems.isEmpty {
            throw CommandFailure(file.problems.joined(separator: "\n") + "\n(homeward config check lists every problem)")
        }
        return try HomewardConfiguration(flags: try flagValues().merging(extra) { $1 }, file: file, environment: environment)
    }

    /// The client configuration these options describe.
    func clientConfiguration(clientID: String) throws -> KafkaClientConfiguration {
        let settings = try configuration()
        var client = KafkaClientConfiguration(brokers: settings.value(.brokers) ?? "", clientID: clientID)
        client.properties = settings.kafkaProperties()
        return client
    }

    /// The full name of the topic with `role`.
    func topic(_ role: TopicRole) throws -> String {
        role.topic(prefix: try prefix())
    }

    /// The topic name prefix: the flag's, else the environment's, else the configuration's, else `homeward.`.
    func prefix() throws -> String {
        try configuration().value(.topicPrefix) ?? "homeward."
    }
}
