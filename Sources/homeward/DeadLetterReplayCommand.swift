import ArgumentParser
import Foundation
import HomewardContract
import Kafka

/// `homeward dead-letter replay`: sends chosen dead letters back to where
/// they came from, once each.
struct DeadLetterReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Send chosen dead letters' original key and value back to their source topic, once each.",
        discussion: """
        Choose by position in <prefix>dead-letter (--offset PARTITION:OFFSET, repeatable) or by --reason, \
        optionally narrowed by --worker and --source-topic. Each goes to its homeward-source-topic with its \
        original key, value and timestamp, and the headers content-type: application/cloudevents+json and \
        homeward-replayed-from. A failed e-mail's dead letter (no source headers; written by \
        notifier-delivery) goes to <prefix>notifications. Run it after fixing what made the worker give \
        up: a record that still cannot be processed is dead-lettered again. Each run sends again.
        """
    )

    @Option(name: .customLong("offset"), help: "A dead letter's PARTITION:OFFSET in the dead-letter topic (repeatable).")
    var offsets: [String] = []

    @OptionGroup var filter: DeadLetterFilter

    @Flag(help: "Say what would be sent, and send nothing.")
    var dryRun = false

    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        guard !offsets.isEmpty || filter.reason != nil else {
            throw ValidationError("name what to replay: --offset PARTITION:OFFSET (see homeward dead-letter list) or --reason R")
        }
        _ = try positions()
    }

    func run() async throws {
        let chosen = try choose(from: try await DeadLetterCommand.readAll(kafka))
        let prefix = try kafka.prefix(), deadLetterTopic = try kafka.topic(.deadLetter)
        var records: [(DeadLetterEntry, KafkaProducerRecord)] = []
        var unsendable = 0
        for entry in chosen {
            guard let topic = entry.destination(prefix: prefix) else {
                unsendable += 1
                printError("not sent \(entry.position): it has no homeward-source-topic header and worker \(entry.worker)'s dead letters have no known source")
                continue
            }
            records.append((entry, record(for: entry, to: topic, from: deadLetterTopic)))
        }
        let failed = dryRun ? 0 : try await send(records)
        if dryRun {
            for (entry, record) in records { print("would send \(entry.position) to \(record.topic): \(describe(entry))") }
        }
        printError("\(dryRun ? "would replay" : "replayed") \(records.count - failed) of \(chosen.count) chosen dead letters")
        if unsendable + failed > 0 { throw ExitCode(1) }
    }

    /// The dead letters the options choose; every named position must exist.
    private func choose(from entries: [DeadLetterEntry]) throws -> [DeadLetterEntry] {
        let wanted = try positions()
        guard !wanted.isEmpty else { return entries.filter(filter.matches) }
        let found = entries.filter { wanted.contains($0.position) && filter.matches($0) }
        let missing = wanted.subtracting(found.map(\.position))
        guard missing.isEmpty else {
            throw CommandFailure("no dead letter at \(missing.sorted().joined(separator: ", "))\(filter.isEmpty ? "" : " matching the filter"): see homeward dead-letter list")
        }
        return found
    }

    /// `--offset` values, checked, as `partition:offset`.
    private func positions() throws -> Set<String> {
        Set(try offsets.map { text in
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let partition = Int32(parts[0]), partition >= 0, let offset = Int64(parts[1]), offset >= 0 else {
                throw ValidationError("--offset '\(text)' must look like PARTITION:OFFSET (e.g. 0:12, as homeward dead-letter list prints)")
            }
            return "\(partition):\(offset)"
        })
    }

    private func record(for entry: DeadLetterEntry, to topic: String, from deadLetterTopic: String) -> KafkaProducerRecord {
        KafkaProducerRecord(
            topic: topic, key: entry.key, value: entry.value,
            headers: [KafkaHeader(name: "content-type", value: "application/cloudevents+json"),
                      KafkaHeader(name: "homeward-replayed-from", value: "\(deadLetterTopic) \(entry.position)")],
            timestampMilliseconds: entry.timestampMilliseconds)
    }

    /// Sends `records`, waits for every acknowledgement, says where each
    /// went; returns how many failed.
    private func send(_ records: [(DeadLetterEntry, KafkaProducerRecord)]) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: kafka.clientConfiguration(clientID: "homeward-dead-letter")),
                                         logger: CommandLogging.logger("homeward.dead-letter", level: .warning))
        let reports: [KafkaDeliveryReport]
        do {
            reports = try await producer.send(contentsOf: records.map(\.1))
        } catch {
            await producer.shutdown()
            throw error
        }
        await producer.shutdown()
        var failed = 0
        for ((entry, _), report) in zip(records, reports) {
            if let error = report.error {
                failed += 1
                printError("not sent \(entry.position) to \(report.topic): \(error)")
            } else {
                print("sent \(entry.position) to \(report.topic) \(report.partition):\(report.offset.map(String.init) ?? "?"): \(describe(entry))")
            }
        }
        return failed
    }

    private func describe(_ entry: DeadLetterEntry) -> String {
        "key \(entry.keyText)" + (entry.event.map { ", event \($0.id) \($0.type)" } ?? "") + " (worker \(entry.worker), reason \(entry.reasonGroup))"
    }
}
