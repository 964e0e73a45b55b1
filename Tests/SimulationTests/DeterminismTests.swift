import Foundation
import HomewardContract
import HomewardSimulation
import Testing

@Suite("Determinism")
struct DeterminismTests {
    let settings = SimulationSettings(cases: 150, months: 18, seed: 7)

    @Test("the same settings give byte-identical output")
    func sameSettingsSameBytes() throws {
        let first = try SimulatedRuns.encoded(settings)
        let second = try SimulatedRuns.encoded(settings)
        #expect(!first.isEmpty)
        #expect(first == second)
    }

    @Test("a different seed gives different histories")
    func differentSeedDifferentBytes() throws {
        var other = settings
        other.seed = 8
        let first = try SimulatedRuns.encoded(settings)
        let second = try SimulatedRuns.encoded(other)
        #expect(first != second)
        let firstOpenings = first.prefix(50)
        #expect(firstOpenings != second.prefix(50))
    }

    @Test("a case's history does not depend on how many other cases are simulated")
    func casesAreIndependent() {
        let small = CaseHistorySimulator(settings: SimulationSettings(cases: 5, months: 18, seed: 7)).events()
        let large = CaseHistorySimulator(settings: settings).events()
        for number in 1...5 {
            let subject = Identifier(trusted: "case-00000\(number)")
            let alone = small.filter { $0.subject == subject }
            #expect(!alone.isEmpty)
            #expect(alone == large.filter { $0.subject == subject })
        }
    }

    @Test("the start defaults to a fixed moment, never the clock")
    func defaultStartIsFixed() {
        let settings = SimulationSettings(cases: 1, months: 1, seed: 1)
        #expect(settings.start.rfc3339 == "2026-01-01T00:00:00Z")
        #expect(settings.source == "/simulator/case-system")
    }
}
