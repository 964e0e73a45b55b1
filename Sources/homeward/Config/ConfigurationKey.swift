import Configuration

/// A setting Homeward reads through its configuration: its key in
/// `config/homeward.yaml` (`kafka.brokers`), its environment variable
/// (`HOMEWARD_` and the key in capitals, `HOMEWARD_KAFKA_BROKERS`), whether it
/// is a secret, and its default.
///
/// Secrets come from the environment or from a file that `NAME_FILE` names,
/// never from the configuration file.
struct ConfigurationKey: Hashable, Sendable {
    /// The dotted key, as in the configuration file.
    let name: String
    /// Whether the value is a secret: never printed, never read from the file.
    let isSecret: Bool
    /// The value when no layer sets one.
    let defaultValue: String?

    /// Kafka's bootstrap servers, `HOST:PORT[,HOST:PORT…]`.
    static let brokers = Self(name: "kafka.brokers", defaultValue: "127.0.0.1:9092")
    /// The prefix of every Homeward topic.
    static let topicPrefix = Self(name: "kafka.topicPrefix", defaultValue: "homeward.")
    /// Partitions of `case-events` and its co-partitioned state topics.
    static let partitions = Self(name: "kafka.partitions", defaultValue: "8")
    /// The SASL password, passed to librdkafka as `sasl.password`.
    static let saslPassword = Self(name: "kafka.sasl.password", isSecret: true)
    /// The SMTP user name; with ``smtpPassword``, the credentials for AUTH.
    static let smtpUsername = Self(name: "smtp.username")
    /// The SMTP password.
    static let smtpPassword = Self(name: "smtp.password", isSecret: true)
    /// Every fixed key, in the order `config check` prints them.
    static let all: [Self] = [brokers, topicPrefix, partitions, saslPassword, smtpUsername, smtpPassword]

    /// The prefix of the keys of librdkafka properties passed through.
    static let propertiesPrefix = "kafka.properties"

    /// The librdkafka property `property`, passed through; a secret when
    /// its name says so (``SecretRedaction/isSecret(_:)``).
    static func property(_ property: String) -> Self {
        Self(name: "\(propertiesPrefix).\(property)", isSecret: SecretRedaction.isSecret(property))
    }

    init(name: String, isSecret: Bool = false, defaultValue: String? = nil) {
        self.name = name
        self.isSecret = isSecret
        self.defaultValue = defaultValue
    }

    /// The key as swift-configuration takes it. A property's name keeps
    /// its dots: it is one component (`kafka`, `properties`, `sasl.mechanism`).
    var absolute: AbsoluteConfigKey {
        let prefix = Self.propertiesPrefix + "."
        if name.hasPrefix(prefix) { return AbsoluteConfigKey(["kafka", "properties", String(name.dropFirst(prefix.count))]) }
        return AbsoluteConfigKey(name.split(separator: ".").map(String.init))
    }

    /// The environment variable: `HOMEWARD_` and the key in capitals, words
    /// and dots as underscores (`kafka.topicPrefix` → `HOMEWARD_KAFKA_TOPIC_PREFIX`,
    /// `kafka.properties.sasl.mechanism` → `HOMEWARD_KAFKA_PROPERTIES_SASL_MECHANISM`).
    var environmentVariable: String {
        var words = "HOMEWARD_"
        var previous: Character = "_"
        for character in name {
            let kept = character.isLetter || character.isNumber
            if character.isUppercase, previous.isLowercase { words.append("_") }
            words.append(kept ? Character(character.uppercased()) : "_")
            previous = kept ? character : "_"
        }
        return words
    }

    /// The variable naming a file that holds a secret's value.
    var fileVariable: String { environmentVariable + "_FILE" }
}
