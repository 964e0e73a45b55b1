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

        init() {}

        /// The settings of a parsed configuration file (none without one).
        init(document: Any?) {
            let kafka = (document as? [String: Any])?["kafka"] as? [String: Any] ?? [:]
            brokers = kafka["brokers"].map { "\($0)" }
            topicPrefix = kafka["topicPrefix"].map { "\($0)" }
            for (name, value) in kafka["properties"] as? [String: Any] ?? [:] { properties[name] = "\(value)" }
        }
    }

    /// The configuration file in use: `--config`, else `$HOMEWARD_CONFIG`,
    /// else `config/homeward.yaml` when it exists; nil when none is.
    ///
    /// - Throws: when a file named explicitly does not exist.
    func configurationFile() throws -> String? {
        let explicit = config ?? ProcessInfo.processInfo.environment["HOMEWARD_CONFIG"]
        let path = explicit ?? "config/homeward.yaml"
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw ValidationError("configuration file \(path) does not exist") }
            return nil
        }
        return path
    }

    /// The configuration file's YAML document, or nil without a file.
    ///
    /// - Throws: when it cannot be read or is not YAML; the message gives
    ///   the position only, never the file's text (it may hold a secret).
    func configurationDocument() throws -> Any? {
        guard let path = try configurationFile() else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        do {
            return try Yams.load(yaml: text)
        } catch {
            let position = "\(error)".split(separator: "\n").first.map(String.init) ?? ""
            throw ValidationError("configuration file \(path) is not valid YAML: \(position)")
        }
    }

    /// The settings from the configuration file, if any.
    func fileSettings() throws -> FileSettings {
        FileSettings(document: try configurationDocument())
    }

    /// The brokers: the flag's, else `HOMEWARD_BROKERS`, else the configuration's, else `127.0.0.1:9092`.
    func resolvedBrokers(_ file: FileSettings) -> String {
        brokers ?? ProcessInfo.processInfo.environment["HOMEWARD_BROKERS"] ?? file.brokers ?? "127.0.0.1:9092"
    }

    /// The `--kafka-property` flags as name and value, in order; nil for
    /// one that is not `NAME=VALUE`.
    var propertyFlags: [(name: String, value: String)?] {
        kafkaProperties.map { property in
            guard let equals = property.firstIndex(of: "="), equals != property.startIndex else { return nil }
            return (String(property[..<equals]), String(property[property.index(after: equals)...]))
        }
    }

    /// The client configuration these options describe.
    func clientConfiguration(clientID: String) throws -> KafkaClientConfiguration {
        let file = try fileSettings()
        var client = KafkaClientConfiguration(brokers: resolvedBrokers(file), clientID: clientID)
        client.properties = file.properties
        if let password = try KafkaSASLPassword.password(environment: ProcessInfo.processInfo.environment) {
            client.properties[KafkaSASLPassword.property] = password
        }
        for (position, flag) in propertyFlags.enumerated() {
            guard let flag else {
                throw ValidationError("--kafka-property number \(position + 1) must look like NAME=VALUE (not shown: it may hold a secret)")
            }
            client.properties[flag.name] = flag.value
        }
        return client
    }

    /// The full name of the topic with `role`.
    func topic(_ role: TopicRole) throws -> String {
        role.topic(prefix: try prefix())
    }

    /// The topic name prefix: the flag's, else the configuration's, else `homeward.`.
    func prefix() throws -> String {
        prefix(try fileSettings())
    }

    /// The topic name prefix: the flag's, else `file`'s, else `homeward.`.
    func prefix(_ file: FileSettings) -> String {
        topicPrefix ?? file.topicPrefix ?? "homeward."
    }
}
