import Configuration
import Foundation

/// Homeward's settings, read through swift-configuration from four layers,
/// the first that sets a key winning: flags, the environment (`HOMEWARD_…`),
/// secret files (`HOMEWARD_…_FILE`), the configuration file; then the key's
/// default.
struct HomewardConfiguration: Sendable {
    /// One source of settings, with the name `config check` shows for it.
    struct Layer: Sendable {
        var name: String
        var provider: any ConfigProvider
    }

    /// The layers, first winning.
    let layers: [Layer]
    /// The configuration file, when one is in use.
    let file: ConfigurationFile?
    /// The reader over every layer.
    let reader: ConfigReader
    /// The reader of secrets: every layer but the configuration file.
    let secretReader: ConfigReader
    /// The librdkafka properties set by any layer, by name.
    let propertyNames: [String]

    /// The configuration `flags` (key → value) and `environment` give, over
    /// `file`.
    ///
    /// - Throws: when a secret file cannot be read.
    init(flags: [ConfigurationKey: String], file: ConfigurationFile?, environment: [String: String]) throws {
        let environmentProperties = Self.environmentProperties(environment)
        let flagValues = flags.reduce(into: [AbsoluteConfigKey: ConfigValue]()) {
            $0[$1.key.absolute] = ConfigValue(.string($1.value), isSecret: $1.key.isSecret)
        }
        let secretVariables = Set((ConfigurationKey.all + environmentProperties.map(ConfigurationKey.property))
            .filter(\.isSecret).map(\.environmentVariable))
        let variables = EnvironmentVariablesProvider(environmentVariables: environment,
                                                     secretsSpecifier: .dynamic { name, _ in secretVariables.contains(name.uppercased()) })
        var layers = [
            Layer(name: "flag", provider: InMemoryProvider(name: "flags", values: flagValues)),
            Layer(name: "environment", provider: KeyMappingProvider(upstream: variables) { $0.prepending(["homeward"]) }),
            Layer(name: "secret file", provider: try SecretFiles.provider(
                keys: ConfigurationKey.all + environmentProperties.map(ConfigurationKey.property), environment: environment)),
        ]
        if let file { layers.append(Layer(name: file.path, provider: ConfigurationFileProvider(file: file))) }
        self.layers = layers
        self.file = file
        self.reader = ConfigReader(providers: layers.map(\.provider))
        self.secretReader = ConfigReader(providers: layers.filter { !($0.provider is ConfigurationFileProvider) }.map(\.provider))
        let flagProperties = flags.keys.compactMap { $0.name.hasPrefix(ConfigurationKey.propertiesPrefix + ".") ? $0 : nil }
            .map { String($0.name.dropFirst(ConfigurationKey.propertiesPrefix.count + 1)) }
        propertyNames = Set(flagProperties + environmentProperties + (file?.propertyNames ?? [])).sorted()
    }

    /// The configuration of a command without Kafka flags: the environment
    /// and the default configuration file (`HOMEWARD_CONFIG`, else
    /// `config/homeward.yaml` when present).
    static func withoutFlags() throws -> Self {
        let environment = ProcessInfo.processInfo.environment
        return try Self(flags: [:], file: try ConfigurationFile.locate(option: nil, environment: environment), environment: environment)
    }

    /// The value of `key`, or its default. A secret is never taken from
    /// the configuration file.
    func value(_ key: ConfigurationKey) -> String? {
        let configKey = ConfigKey(key.absolute.components)
        return (key.isSecret ? secretReader.string(forKey: configKey, isSecret: true) : reader.string(forKey: configKey)) ?? key.defaultValue
    }

    /// The name of the layer `key`'s value comes from, or `default`.
    func source(of key: ConfigurationKey) -> String {
        for layer in layers where !(key.isSecret && layer.provider is ConfigurationFileProvider) {
            if let result = try? layer.provider.value(forKey: key.absolute, type: .string), result.value != nil { return layer.name }
        }
        return key.defaultValue == nil ? "unset" : "default"
    }

    /// The librdkafka properties, by name: each set by any layer, and the
    /// SASL password as `sasl.password` unless a property sets that. An
    /// empty SASL password sets nothing, so one deployment can mount an
    /// empty file for a cluster without SASL.
    func kafkaProperties() -> [String: String] {
        var properties: [String: String] = [:]
        for name in propertyNames {
            properties[name] = value(.property(name))
        }
        if properties["sasl.password"] == nil, let password = value(.saslPassword), !password.isEmpty {
            properties["sasl.password"] = password
        }
        return properties
    }

    /// The names of the properties `HOMEWARD_KAFKA_PROPERTIES_<NAME>[_FILE]`
    /// variables set: `<NAME>` in lower case with dots for underscores
    /// (`HOMEWARD_KAFKA_PROPERTIES_SECURITY_PROTOCOL` → `security.protocol`).
    static func environmentProperties(_ environment: [String: String]) -> [String] {
        let prefix = "HOMEWARD_KAFKA_PROPERTIES_"
        let names = environment.keys.filter { $0.hasPrefix(prefix) }.map { variable -> String in
            var name = String(variable.dropFirst(prefix.count))
            if name.hasSuffix("_FILE") { name.removeLast(5) }
            return name.lowercased().replacingOccurrences(of: "_", with: ".")
        }
        return Set(names).filter { !$0.isEmpty }.sorted()
    }
}
