import ArgumentParser
import Foundation
import HomewardContract
import Kafka

/// `homeward produce`: validates NDJSON case events and publishes them.
struct ProduceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "produce",
        abstract: "Validate NDJSON case events and publish them to case-events, keyed by subject.",
        discussion: """
        Invalid lines are reported on stderr (line number and reason) and never sent. \
        Waits for the broker's acknowledgement of every record. Exits 0 only if every \
        line was valid and delivered.
        """
    )

    @Argument(help: "The NDJSON file, or - for standard input.")
    var file: String = "-"

    @Option(help: "Send at most this many records a second, evenly (a steady load for a soak); as fast as possible when not given.")
    var rate: Double?

    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        if let rate, !(rate > 0 && rate <= 1_000_000) { throw ValidationError("--rate must be 0 < RATE ≤ 1000000 records a second, not \(rate)") }
    }

    func run() async throws {
        // The input first: a file that cannot be read fails before anything talks to Kafka.
        var reader = try LineReader(path: file)
        let client = try kafka.clientConfiguration(clientID: "homeward-produce")
        let topic = try kafka.topic(.caseEvents)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(client: client),
                                         logger: CommandLogging.logger("homeward.produce", level: .warning))
        let progress = ProgressLine(path: file)
        let validator = CaseEventValidator()
        var pending: [KafkaPendingDeliveries] = []
        var batch: [KafkaProducerRecord] = []
        var batchLines: [[Int]] = []
        var currentLines: [Int] = []
        var invalid = 0, sent = 0
        let pace = rate.map { ProducePace(recordsPerSecond: $0) }
        let header = KafkaHeader(name: "content-type", value: "application/cloudevents+json")

        func flushBatch() async throws {
            guard !batch.isEmpty else { return }
            pending.append(try await producer.enqueue(batch))
            batchLines.append(currentLines)
            batch.removeAll(keepingCapacity: true)
            currentLines.removeAll(keepingCapacity: true)
        }

        while let line = reader.next() {
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch validator.validate(line) {
            case .failure(let rejection):
                invalid += 1
                printError("line \(reader.lineNumber): not sent: \(rejection)")
            case .success(let event):
                batch.append(KafkaProducerRecord(
                    topic: topic, key: Array(event.subject.rawValue.utf8), value: line,
                    headers: [header], timestampMilliseconds: nil))
                currentLines.append(reader.lineNumber)
                sent += 1
                if let pace {
                    if batch.count >= pace.batchSize { try await flushBatch() }
                    try await pace.wait(untilSent: sent)
                } else if batch.count >= 5_000 {
                    try await flushBatch()
                }
            }
            progress.update(lines: reader.lineNumber, bytes: reader.bytesConsumed)
        }
        try await flushBatch()

        var failed = 0
        for (deliveries, lines) in zip(pending, batchLines) {
            for (report, line) in zip(await deliveries.reports(), lines) where !report.isDelivered {
                failed += 1
                if failed <= 20 { printError("line \(line): not delivered: \(report.error.map(String.init(describing:)) ?? "unknown")") }
            }
        }
        await producer.shutdown()
        progress.finish()
        let delivered = sent - failed
        printError("\(delivered) delivered to \(topic), \(invalid) invalid (not sent), \(failed) failed delivery")
        if invalid > 0 || failed > 0 { throw ExitCode(1) }
    }
}

/// A one-line progress display on stderr, only when stderr is a terminal.
final class ProgressLine {
    private let enabled: Bool
    private let total: Int?
    private var lastDrawn = 0

    init(path: String) {
        enabled = isatty(2) == 1
        if enabled, path != "-", let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let size = attributes[.size] as? Int, size > 0 {
            total = size
        } else {
            total = nil
        }
    }

    func update(lines: Int, bytes: Int) {
        guard enabled, lines - lastDrawn >= 5_000 else { return }
        lastDrawn = lines
        var text = "\r\u{1B}[K"
        if let total {
            let fraction = min(1, Double(bytes) / Double(total))
            let width = 30, filled = Int(fraction * Double(width))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] "
            text += String(format: "%3.0f%% ", fraction * 100)
        }
        text += "\(lines) lines"
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() {
        guard enabled, lastDrawn > 0 else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
