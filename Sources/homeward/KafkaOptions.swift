import ArgumentParser
import Foundation
import HomewardContract
import Kafka
import Yams

/// Options every command that talks to Kafka shares.
///
/// Defaults come from the configuration file (`--config`, else
/// `$HOMEWARD_CONFIG`, else `config/homeward.yaml` when present), then the
/// environment (`HOMEWARD_BROKERS`, and the SASL password of
/// ``KafkaSASLPassword``), then flags, later ones winning.
struct KafkaOptions: ParsableArguments {
    @Option(help: "Kafka bootstrap servers, HOST:PORT[,HOST:PORT…] (default: the configuration's kafka.brokers).")
    var brokers: String?

    @Option(help: "Topic name prefix (default: the configuration's kafka.topicPrefix, else homeward.).")
    var topicPrefix: String?

    @Option(name: .customLong("kafka-property"), help: "A librdkafka property NAME=VALUE, passed through (repeatable).")
    var kafkaProperties: [String] = []

    @Option(help: "Configuration file (YAML).")
    var config: String?

    /// The settings from the configuration file, if any.
    struct FileSettings {
        var brokers: String?
        var topicPrefix: String?
        var properties: [String: String] = [:]
    }

    func fileSettings() throws -> FileSettings {
        let environment = ProcessInfo.processInfo.environment
        let explicit = config ?? environment["HOMEWARD_CONFIG"]
        let path = explicit ?? "config/homeward.yaml"
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw ValidationError("configuration file \(path) does not exist") }
            return FileSettings()
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw ValidationError("configuration file \(path) is not valid YAML: \(error)")
        }
        let kafka = (root as? [String: Any])?["kafka"] as? [String: Any] ?? [:]
        var settings = FileSettings()
        settings.brokers = kafka["brokers"].map { "\($0)" }
        settings.topicPrefix = kafka["topicPrefix"].map { "\($0)" }
        for (name, value) in kafka["properties"] as? [String: Any] ?? [:] { settings.properties[name] = "\(value)" }
        return settings
    }

    /// The client configuration these options describe.
    func clientConfiguration(clientID: String) throws -> KafkaClientConfiguration {
        let file = try fileSettings()
        let resolved = brokers ?? ProcessInfo.processInfo.environment["HOMEWARD_BROKERS"] ?? file.brokers ?? "127.0.0.1:9092"
        var client = KafkaClientConfiguration(brokers: resolved, clientID: clientID)
        client.properties = file.properties
        if let password = try KafkaSASLPassword.password(environment: ProcessInfo.processInfo.environment) {
            client.properties[KafkaSASLPassword.property] = password
        }
        for property in kafkaProperties {
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else {
                throw ValidationError("--kafka-property '\(property)' must look like NAME=VALUE")
            }
            client.properties[String(property[..<equals])] = String(property[property.index(after: equals)...])
        }
        return client
    }

    /// The full name of the topic with `role`.
    func topic(_ role: TopicRole) throws -> String {
        role.topic(prefix: try prefix())
    }

    /// The topic name prefix: the flag's, else the configuration's, else `homeward.`.
    func prefix() throws -> String {
        if let topicPrefix { return topicPrefix }
        return try fileSettings().topicPrefix ?? "homeward."
    }
}
