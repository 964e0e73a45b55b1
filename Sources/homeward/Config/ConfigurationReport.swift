import Foundation

/// What `homeward config check` found: the effective configuration, with
/// every secret already redacted, and the errors and warnings, each naming
/// its file, its entry and the fix. Printed as a table or one JSON object.
struct ConfigurationReport: Encodable {
    /// Where Kafka is and what is passed through to librdkafka.
    struct Kafka: Encodable {
        var brokers = ""
        var topicPrefix = ""
        var partitions = ""
        /// Name → value, secrets shown as `***`.
        var properties: [String: String] = [:]
    }

    /// The mail server and whether credentials are set (never the password).
    struct Mail: Encodable {
        /// The server's URL, or nil without `--smtp`.
        var server: String?
        /// `USER ***`, or `none`.
        var credentials = "none"
    }

    /// The files and directories in use.
    struct Paths: Encodable {
        var configuration: String?
        var policies = ""
        var directory = ""
        var templates = ""
    }

    /// Sizes of the staff directory, when it loaded.
    struct Counts: Encodable {
        var people: Int?
        var teams: Int?
    }

    var kafka = Kafka()
    var smtp = Mail()
    var paths = Paths()
    var counts = Counts()
    /// Where each setting comes from, by key (`kafka.brokers` → `environment`):
    /// `flag`, `environment`, `secret file`, the configuration file's path,
    /// `default` or `unset`.
    var sources: [String: String] = [:]
    var errors: [String] = []
    var warnings: [String] = []
    /// Whether everything is valid (warnings allowed).
    var valid: Bool { errors.isEmpty }

    private enum CodingKeys: String, CodingKey { case valid, kafka, smtp, paths, counts, sources, errors, warnings }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(valid, forKey: .valid)
        try container.encode(kafka, forKey: .kafka)
        try container.encode(smtp, forKey: .smtp)
        try container.encode(paths, forKey: .paths)
        try container.encode(counts, forKey: .counts)
        try container.encode(sources, forKey: .sources)
        try container.encode(errors, forKey: .errors)
        try container.encode(warnings, forKey: .warnings)
    }

    /// One JSON object.
    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The effective configuration as `setting  value  source` lines.
    var table: String {
        var rows: [(String, String, String)] = [
            ("configuration", paths.configuration ?? "none", ""),
            ("kafka.brokers", kafka.brokers, source("kafka.brokers")),
            ("kafka.topicPrefix", kafka.topicPrefix, source("kafka.topicPrefix")),
            ("kafka.partitions", kafka.partitions, source("kafka.partitions")),
        ]
        let properties = kafka.properties.sorted { $0.key < $1.key }
            .map { ("kafka.properties.\($0.key)", $0.value, source("kafka.properties.\($0.key)")) }
        rows += properties.isEmpty ? [("kafka.properties", "none", "")] : properties
        rows += [
            ("smtp.server", smtp.server ?? "none (--smtp not given)", smtp.server == nil ? "" : "flag"),
            ("smtp.credentials", smtp.credentials, smtp.credentials == "none" ? "" : source("smtp.username")),
            ("policies", paths.policies, ""),
            ("directory", paths.directory, ""),
            ("templates", paths.templates, ""),
            ("people", counts.people.map(String.init) ?? "unknown", ""),
            ("teams", counts.teams.map(String.init) ?? "unknown", ""),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        let valueWidth = min(rows.map(\.1.count).max() ?? 0, 48)
        return rows.map { row in
            let line = row.0.padding(toLength: width + 2, withPad: " ", startingAt: 0) + row.1
            guard !row.2.isEmpty else { return line }
            return line.padding(toLength: max(line.count, width + 2 + valueWidth) + 2, withPad: " ", startingAt: 0) + "(" + row.2 + ")"
        }.joined(separator: "\n")
    }

    /// The source of `key`, or an empty string.
    private func source(_ key: String) -> String { sources[key] ?? "" }
}
