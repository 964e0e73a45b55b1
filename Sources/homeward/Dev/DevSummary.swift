import Foundation
import HomewardContract
import Kafka
import Logging

/// What a `homeward dev` run produced, read back from its topics: reminders
/// by kind, escalations by level and status, e-mails by delivery outcome,
/// dead letters.
struct DevSummary {
    var events = 0
    var reminders: [String: Int] = [:]
    var escalations: [String: Int] = [:]
    var deliveries: [String: Int] = [:]
    var deadLetters = 0

    /// Reads the topics under `prefix` to their ends.
    init(client: KafkaClientConfiguration, prefix: String, partitions: Int32, logger: Logger) throws {
        func read(_ role: TopicRole, _ body: (JSONValue) -> Void) throws -> Int {
            let topic = role.topic(prefix: prefix)
            return try KafkaPartitionReader.readToEnd((0..<partitions).map { KafkaTopicPartition(topic: topic, partition: $0) },
                                                      configuration: client, logger: logger) { _, entry in
                guard let value = entry.value, let json = try? JSONParser.parse(value) else { return }
                body(json)
            }
        }
        events = try read(.caseEvents) { _ in }
        _ = try read(.reminders) { reminders[$0["data"]?["kind"]?.text ?? "?", default: 0] += 1 }
        _ = try read(.escalations) { event in
            let data = event["data"]
            escalations["\(data?["level"]?.text ?? "?") \(data?["status"]?.text ?? "?")", default: 0] += 1
        }
        _ = try read(.deliveries) { deliveries[$0["data"]?["outcome"]?.text ?? "?", default: 0] += 1 }
        deadLetters = try read(.deadLetter) { _ in }
    }

    /// The table, for people.
    func table(outbox: String?) -> String {
        var lines = ["", "Homeward dev: what the pipeline did", ""]
        func section(_ title: String, _ counts: [String: Int]) {
            lines.append("\(title) (\(counts.values.reduce(0, +)))")
            let width = counts.keys.map(\.count).max() ?? 0
            for (name, count) in counts.sorted(by: { $0.key < $1.key }) {
                lines.append("  " + name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + String(count))
            }
        }
        lines.append("case events      \(events)")
        section("reminders by kind", reminders)
        section("escalations by level and status", escalations)
        section("e-mail deliveries by status", deliveries)
        lines.append("dead letters     \(deadLetters)")
        let emails = (deliveries["sent"] ?? 0) + (deliveries["written-to-file"] ?? 0)
        lines.append("")
        if let outbox {
            lines.append("\(emails) e-mails written to \(outbox) (open the .eml files with any mail program)")
        } else {
            lines.append("\(emails) e-mails sent to the mail server")
        }
        return lines.joined(separator: "\n")
    }
}

extension JSONValue {
    /// The string, if it is one.
    var text: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
