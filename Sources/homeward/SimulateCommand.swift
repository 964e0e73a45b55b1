import ArgumentParser
import Foundation
import HomewardContract
import HomewardSimulation
import Kafka

/// `homeward simulate`: deterministic synthetic case histories.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Generate deterministic synthetic case histories (same seed, same bytes) as NDJSON, or produce them to case-events.",
        discussion: """
        Histories follow the Guidelines on Children's Reintegration: tracing and assessment, \
        preparation, contact, reunification (about 39% of court-ordered placements, a quarter \
        of them placed out again), aftercare visits, risk signals, court orders, \
        acknowledgements, closures and re-opens. Pseudonymous ids only.
        """
    )

    @Option(help: "Number of cases.") var cases: Int = 100
    @Option(help: "Months of history.") var months: Int = 12
    @Option(help: "Seed; the same seed gives the same bytes.") var seed: UInt64 = 1
    @Option(help: "First day, RFC 3339 date or time (default 2026-01-01T00:00:00Z).") var start: String = "2026-01-01T00:00:00Z"
    @Flag(help: "Produce the events to case-events instead of printing them.") var produce = false
    @OptionGroup var kafka: KafkaOptions

    func validate() throws {
        guard cases > 0 else { throw ValidationError("--cases must be at least 1 (got \(cases))") }
        guard (1...240).contains(months) else { throw ValidationError("--months must be 1...240 (got \(months))") }
        _ = try startTimestamp()
    }

    func startTimestamp() throws -> Timestamp {
        let text = start.count == 10 ? start + "T00:00:00Z" : start
        do {
            return try Timestamp(rfc3339: text)
        } catch {
            throw ValidationError("--start '\(start)': expected a date like 2026-01-01 or an RFC 3339 time like 2026-01-01T00:00:00Z")
        }
    }

    func run() async throws {
        let simulator = CaseHistorySimulator(settings: SimulationSettings(
            cases: cases, months: months, seed: seed, start: try startTimestamp()))
        if produce {
            try await produceEvents(simulator)
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var buffer = Data()
        buffer.reserveCapacity(1 << 20)
        try simulator.forEachEvent { event in
            buffer.append(try encoder.encode(event))
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 {
                FileHandle.standardOutput.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(buffer)
    }

    private func produceEvents(_ simulator: CaseHistorySimulator) async throws {
        let topic = try kafka.topic(.caseEvents)
        let (delivered, failed, firstFailure) = try await SimulatedHistoryProducer.produce(
            simulator, client: try kafka.clientConfiguration(clientID: "homeward-simulate"), topic: topic,
            logger: CommandLogging.logger("homeward.simulate", level: .warning))
        printError("\(delivered) events delivered to \(topic), \(failed) failed")
        if let firstFailure { printError("first failure: \(firstFailure)") }
        if failed > 0 { throw ExitCode(1) }
    }
}
