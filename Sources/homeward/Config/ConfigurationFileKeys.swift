/// The keys `config/homeward.yaml` may hold; anything else is a mistake
/// (a misspelt key would otherwise be ignored in silence).
enum ConfigurationFileKeys {
    private static let top: Set<String> = ["kafka"]
    private static let kafka: Set<String> = ["brokers", "topicPrefix", "partitions", "properties"]

    /// The problems of `document`, the parsed file at `path`: unknown keys,
    /// and sections or `kafka.properties` values of the wrong shape. Values
    /// are never quoted (a property may hold a secret).
    static func problems(in document: Any?, path: String) -> [String] {
        guard let document else { return [] }
        guard let root = document as? [String: Any] else { return ["\(path): expected a mapping with a kafka section"] }
        var problems = unknown(root, known: top, at: "", path: path)
        guard let section = root["kafka"] else { return problems }
        guard let kafkaSection = section as? [String: Any] else { return problems + ["\(path): kafka: expected a mapping of \(list(kafka))"] }
        problems += unknown(kafkaSection, known: kafka, at: "kafka.", path: path)
        if let properties = kafkaSection["properties"], !(properties is [String: Any]) {
            problems.append("\(path): kafka.properties: expected a mapping of librdkafka property names to values")
        }
        for (name, value) in kafkaSection["properties"] as? [String: Any] ?? [:] where value is [Any] || value is [String: Any] {
            problems.append("\(path): kafka.properties.\(name): expected one value (a string or a number)")
        }
        return problems
    }

    private static func unknown(_ mapping: [String: Any], known: Set<String>, at prefix: String, path: String) -> [String] {
        mapping.keys.filter { !known.contains($0) }.sorted().map {
            "\(path): \(prefix)\($0): unknown key; expected one of \(list(known))"
        }
    }

    private static func list(_ keys: Set<String>) -> String { keys.sorted().joined(separator: ", ") }
}
