import HomewardContract
import HomewardSimulation
import Testing

@Suite("Birth years")
struct BirthYearTests {
    @Test("a child's birth year is no later than the placement began, and the child is under 18")
    func birthYearFitsThePlacement() {
        let simulator = CaseHistorySimulator(settings: SimulationSettings(cases: 300, months: 6, seed: 11))
        var checked = 0
        for event in simulator.events() {
            guard case .caseOpened(let opened) = event.payload, let birthYear = opened.birthYear?.value else { continue }
            let placedYear = Int(opened.placement.since.rfc3339.prefix(4))!
            let openedYear = Int(event.time.rfc3339.prefix(4))!
            #expect(birthYear <= placedYear, "\(event.subject): born \(birthYear), placed \(placedYear)")
            #expect(openedYear - birthYear <= 17)
            checked += 1
        }
        #expect(checked > 100)
    }
}
