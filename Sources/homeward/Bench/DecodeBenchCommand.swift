import ArgumentParser
import Foundation
import HomewardContract
import HomewardSimulation

/// `homeward bench decode`: Homeward's decode + validate path against
/// Foundation's `JSONDecoder` decoding the same bytes into the same types.
struct DecodeBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Decode + validate simulated case events with Homeward's parser and with Foundation's JSONDecoder, on one core; print both rates and the ratio."
    )

    @Option(help: "Events to decode per run.") var events: Int = 200_000
    @Option(help: "Runs; the median rate counts.") var rounds: Int = 3
    @Option(help: "Seed of the simulated population.") var seed: UInt64 = 7
    @Flag(help: "Print one JSON object instead of a table.") var json = false

    struct Report: Codable {
        var benchmark = "decode"
        var events: Int
        var bytesPerEvent: Double
        var homeward: Double
        var foundation: Double
        var ratio: Double
        var unit = "events/s per core"
    }

    func validate() throws {
        guard events > 0, rounds > 0 else { throw ValidationError("--events and --rounds must be positive") }
    }

    func run() throws {
        let lines = try simulatedLines()
        let data = lines.map { Data($0) }
        let validator = CaseEventValidator()
        let decoder = JSONDecoder()

        var homewardRates: [Double] = [], foundationRates: [Double] = []
        for round in 0..<rounds {
            for homewardSide in round % 2 == 0 ? [true, false] : [false, true] {
                let clock = ContinuousClock()
                var accepted = 0
                let elapsed = try clock.measure {
                    if homewardSide {
                        for line in lines {
                            if case .success = validator.validate(line) { accepted += 1 }
                        }
                    } else {
                        for bytes in data {
                            _ = try decoder.decode(CaseEvent.self, from: bytes)
                            accepted += 1
                        }
                    }
                }
                guard accepted == lines.count else {
                    throw ValidationError("only \(accepted) of \(lines.count) simulated events decoded")
                }
                let rate = Double(lines.count) / elapsed.seconds
                if homewardSide { homewardRates.append(rate) } else { foundationRates.append(rate) }
            }
        }
        let homeward = homewardRates.median, foundation = foundationRates.median
        let report = Report(events: lines.count,
                            bytesPerEvent: Double(lines.reduce(0) { $0 + $1.count }) / Double(lines.count),
                            homeward: homeward, foundation: foundation, ratio: homeward / foundation)
        if json {
            try BenchOutput.printJSON(report)
        } else {
            print("homeward bench decode: \(lines.count) simulated events, \(Int(report.bytesPerEvent)) B each on average, one core")
            print(BenchOutput.pad("decoder", 34) + "events/s")
            print(BenchOutput.pad("Homeward (parse + validate)", 34) + BenchOutput.format(homeward))
            print(BenchOutput.pad("Foundation JSONDecoder (same types)", 34) + BenchOutput.format(foundation))
            print(BenchOutput.pad("ratio", 34) + String(format: "%.2f", report.ratio))
        }
    }

    /// Encoded simulated events, repeated until there are `events` of them.
    func simulatedLines() throws -> [[UInt8]] {
        let simulator = CaseHistorySimulator(settings: SimulationSettings(
            cases: 2_000, months: 24, seed: seed, start: try Timestamp(rfc3339: "2026-01-01T00:00:00Z")))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var unique: [[UInt8]] = []
        for event in simulator.events() {
            unique.append(Array(try encoder.encode(event)))
            if unique.count >= events { break }
        }
        guard !unique.isEmpty else { throw ValidationError("the simulator produced no events") }
        return (0..<events).map { unique[$0 % unique.count] }
    }
}
