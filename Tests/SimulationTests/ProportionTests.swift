import HomewardContract
import HomewardSimulation
import Testing

/// What happened to one case, read from its events.
struct CaseOutcome {
    var courtOrdered = false
    var reunified = false
    var placedOutAgain = false

    init(_ events: [CaseEvent]) {
        for event in events {
            switch event.payload {
            case .caseOpened(let opened):
                courtOrdered = opened.legalBasis == .ots || opened.legalBasis == .voorlopigeOTS
            case .caseReunified:
                reunified = true
            case .caseStageChanged(let change) where change.stage == .reunified:
                reunified = true
            case .caseStageChanged(let change) where change.stage == .alternativeCare && reunified:
                placedOutAgain = true
            default:
                break
            }
        }
    }
}

@Suite("Proportions")
struct ProportionTests {
    let outcomes = SimulatedRuns.standardByCase.values.map(CaseOutcome.init)

    @Test("about 39% of court-ordered cases return home (30–50%)")
    func reunifiedShare() {
        let courtOrdered = outcomes.filter(\.courtOrdered)
        #expect(courtOrdered.count > 400)
        let share = Double(courtOrdered.filter(\.reunified).count) / Double(courtOrdered.count)
        #expect((0.30...0.50).contains(share), "\(share)")
    }

    @Test("about a quarter of returns home are placed out again (15–35%)")
    func placedOutAgainShare() {
        let reunified = outcomes.filter(\.reunified)
        #expect(reunified.count > 300)
        let share = Double(reunified.filter(\.placedOutAgain).count) / Double(reunified.count)
        #expect((0.15...0.35).contains(share), "\(share)")
    }

    @Test("cases are mostly in Dutch, in Europe/Amsterdam, often under an OTS")
    func openingAttributes() {
        let opened = SimulatedRuns.standard.compactMap { if case .caseOpened(let data) = $0.payload { data } else { nil } }
        let count = Double(opened.count)
        #expect(Double(opened.filter { $0.language == .nl }.count) / count > 0.75)
        #expect(opened.contains { $0.language == .en })
        #expect(Double(opened.filter { $0.effectiveTimezone == .amsterdam }.count) / count > 0.8)
        #expect(opened.contains { $0.timezone == nil } && opened.contains { $0.effectiveTimezone != .amsterdam })
        #expect(Double(opened.filter { $0.legalBasis == .ots }.count) / count > 0.4)
        #expect(opened.contains { $0.birthYear != nil } && opened.contains { $0.birthYear == nil })
    }

    @Test("high severities are rare")
    func severities() {
        let severities = SimulatedRuns.standard.compactMap { if case .riskSignalReported(let signal) = $0.payload { signal.severity.value } else { nil } }
        let share = { (level: Int) in Double(severities.filter { $0 == level }.count) / Double(severities.count) }
        #expect(share(4) < 0.06)
        #expect(share(3) < 0.2)
        #expect(share(1) > share(2) && share(2) > share(3) && share(3) > share(4))
    }

    @Test("visits are mostly completed, the child usually seen alone, scored on several domains")
    func visits() {
        var completed: [VisitCompleted] = [], missed = 0
        for event in SimulatedRuns.standard {
            if case .visitCompleted(let visit) = event.payload { completed.append(visit) }
            if case .visitMissed = event.payload { missed += 1 }
        }
        let missedShare = Double(missed) / Double(missed + completed.count)
        #expect((0.05...0.2).contains(missedShare), "\(missedShare)")
        #expect(Double(completed.filter(\.childSeenAlone).count) / Double(completed.count) > 0.75)
        let scored = completed.compactMap(\.wellbeing)
        #expect(Double(scored.count) / Double(completed.count) > 0.5)
        #expect(scored.allSatisfy { (3...7).contains($0.scores.count) })
        #expect(Set(scored.flatMap { $0.scores.values.map(\.value) }) == Set(1...4))
        #expect(completed.contains { !($0.concerns ?? []).isEmpty })
    }
}
