/// The keys `config/homeward.yaml` may hold; anything else is a mistake
/// (a misspelt key would otherwise be ignored in silence), and so is a
/// secret, which belongs in the environment or a file it names.
enum ConfigurationFileKeys {
    private static let sections: [String: Set<String>] = [
        "kafka": ["brokers", "topicPrefix", "partitions", "properties"],
        "smtp": ["username"],
    ]
    private static let top: Set<String> = ["kafka", "smtp"]

    /// The problems of `document`, the parsed file at `path`: unknown keys,
    /// sections or `kafka.properties` values of the wrong shape, and
    /// secrets. Values are never quoted (a property may hold a secret).
    static func problems(in document: Any?, path: String) -> [String] {
        guard let document else { return [] }
        guard let root = document as? [String: Any] else { return ["\(path): expected a mapping with a kafka section"] }
        var problems = unknown(root, known: top, at: "", path: path)
        for (name, keys) in sections.sorted(by: { $0.key < $1.key }) {
            guard let section = root[name] else { continue }
            guard let mapping = section as? [String: Any] else {
                problems.append("\(path): \(name): expected a mapping of \(list(keys))")
                continue
            }
            problems += secrets(in: mapping, section: name, path: path)
            problems += unknown(mapping.filter { !isSecretKey(section: name, $0.key) }, known: keys, at: "\(name).", path: path)
        }
        return problems + propertyProblems((root["kafka"] as? [String: Any])?["properties"], path: path)
    }

    /// The shape of `kafka.properties`, and the secrets among them.
    private static func propertyProblems(_ properties: Any?, path: String) -> [String] {
        guard let properties else { return [] }
        guard let mapping = properties as? [String: Any] else {
            return ["\(path): kafka.properties: expected a mapping of librdkafka property names to values"]
        }
        var problems: [String] = []
        for (name, value) in mapping.sorted(by: { $0.key < $1.key }) {
            if value is [Any] || value is [String: Any] {
                problems.append("\(path): kafka.properties.\(name): expected one value (a string or a number)")
            } else if SecretRedaction.isSecret(name) {
                let key = ConfigurationKey.property(name)
                problems.append("\(path): kafka.properties.\(name): a secret never belongs in the configuration file; "
                    + "set \(key.environmentVariable) or \(key.fileVariable) instead")
            }
        }
        return problems
    }

    /// The secrets written in a section (`smtp.password`, `kafka.sasl`).
    private static func secrets(in mapping: [String: Any], section: String, path: String) -> [String] {
        mapping.keys.filter { isSecretKey(section: section, $0) }.sorted().map { name in
            let key = section == "kafka" ? ConfigurationKey.saslPassword : ConfigurationKey.smtpPassword
            return "\(path): \(section).\(name): a secret never belongs in the configuration file; "
                + "set \(key.environmentVariable) or \(key.fileVariable) instead"
        }
    }

    private static func isSecretKey(section: String, _ key: String) -> Bool {
        (section == "smtp" && key == "password") || (section == "kafka" && key == "sasl")
    }

    private static func unknown(_ mapping: [String: Any], known: Set<String>, at prefix: String, path: String) -> [String] {
        mapping.keys.filter { !known.contains($0) }.sorted().map {
            "\(path): \(prefix)\($0): unknown key; expected one of \(list(known))"
        }
    }

    private static func list(_ keys: Set<String>) -> String { keys.sorted().joined(separator: ", ") }
}
