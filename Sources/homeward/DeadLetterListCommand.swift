import ArgumentParser
import Foundation

/// `homeward dead-letter list`: the dead letters, filtered, and a summary.
struct DeadLetterListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the dead letters (worker, reason, source, key, time, event id/type/subject) and a summary by reason, worker and source topic.",
        discussion: """
        Reads <prefix>dead-letter from the beginning to its current end without joining a group or \
        committing. Prints each dead letter on stdout, in partition and offset order; the summary goes \
        to stderr. Of the value only a CloudEvent's id, type and subject are shown, never the rest.
        """
    )

    @OptionGroup var filter: DeadLetterFilter

    @Option(help: "Print at most this many dead letters (the summary counts every one that matches).")
    var limit: Int?

    @Flag(help: "Print each dead letter as a JSON object on one line.")
    var json = false

    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        if let limit, limit < 0 { throw ValidationError("--limit must be 0 or more, not \(limit)") }
    }

    func run() async throws {
        let entries = try await DeadLetterCommand.readAll(kafka).filter(filter.matches)
        for entry in entries.prefix(limit ?? entries.count) {
            print(json ? try jsonLine(entry) : textLine(entry))
        }
        printError(summary(entries))
    }

    private func textLine(_ entry: DeadLetterEntry) -> String {
        var fields = [entry.position, entry.time ?? "(no time)", "worker \(entry.worker)", "reason \(entry.kind ?? "-")"]
        if let source = entry.source {
            fields.append("from \(source.topic) \(source.partition):\(entry.sourceOffset.map(String.init) ?? "?")")
        } else {
            fields.append("from (no source headers)")
        }
        fields.append("key \(entry.keyText)")
        if let event = entry.event { fields.append("event \(event.id) \(event.type) subject \(event.subject)") }
        return fields.joined(separator: "  ") + "\n    " + entry.reason
    }

    private func jsonLine(_ entry: DeadLetterEntry) throws -> String {
        var object: [String: Any] = [
            "partition": entry.partition, "offset": entry.offset, "worker": entry.worker, "reason": entry.reason, "key": entry.keyText,
        ]
        object["kind"] = entry.kind
        object["time"] = entry.time
        if let source = entry.source {
            object["source"] = ["topic": source.topic, "partition": source.partition, "offset": entry.sourceOffset as Any]
        }
        if let event = entry.event { object["event"] = ["id": event.id, "type": event.type, "subject": event.subject] }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    /// `N dead letters`, then the counts by reason, worker and source topic.
    private func summary(_ entries: [DeadLetterEntry]) -> String {
        func counts(_ title: String, _ group: (DeadLetterEntry) -> String) -> String {
            let counted = Dictionary(grouping: entries, by: group).mapValues(\.count)
            let parts = counted.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
            return "by \(title): " + (parts.isEmpty ? "-" : parts.joined(separator: ", "))
        }
        return ["\(entries.count) dead letters" + (filter.isEmpty ? "" : " matching"),
                counts("reason", \.reasonGroup), counts("worker", \.worker),
                counts("source topic", { $0.source?.topic ?? "(none)" })].joined(separator: "\n")
    }
}
