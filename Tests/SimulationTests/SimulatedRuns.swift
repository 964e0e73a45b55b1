import Foundation
import HomewardContract
import HomewardSimulation

/// Runs shared by the specifications, each generated once per test process.
enum SimulatedRuns {
    /// The reference run: 1,000 cases over 24 months, seed 42.
    static let standardSettings = SimulationSettings(cases: 1_000, months: 24, seed: 42)

    /// The events of the reference run.
    static let standard: [CaseEvent] = CaseHistorySimulator(settings: standardSettings).events()

    /// The reference run's events by case, each case's events in order.
    static let standardByCase: [Identifier: [CaseEvent]] = Dictionary(grouping: standard, by: \.subject)

    /// The encoder the CLI uses for its output.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The encoded bytes of every event of a run.
    static func encoded(_ settings: SimulationSettings) throws -> [Data] {
        let encoder = encoder()
        return try CaseHistorySimulator(settings: settings).events().map { try encoder.encode($0) }
    }
}

extension CaseEvent {
    /// The case number in the subject (`case-000042` → 42).
    var caseNumber: Int { Int(subject.rawValue.dropFirst("case-".count)) ?? -1 }

    /// The sequence number at the end of the event id (`sim-42-000042-0007` → 7).
    var sequence: Int { Int(id.rawValue.split(separator: "-").last ?? "") ?? -1 }
}
