import HomewardContract
import HomewardSimulation
import Testing

@Suite("Coverage of the contract's vocabulary")
struct CoverageTests {
    var signals: [RiskSignalReported] {
        SimulatedRuns.standard.compactMap { if case .riskSignalReported(let signal) = $0.payload { signal } else { nil } }
    }

    @Test("every input event type appears")
    func everyType() {
        let types = Set(SimulatedRuns.standard.map(\.type))
        #expect(types == Set(CaseEventType.allCases), "missing: \(Set(CaseEventType.allCases).subtracting(types))")
    }

    @Test("every risk category appears")
    func everyCategory() {
        #expect(Set(signals.map(\.category)) == Set(RiskCategory.allCases))
    }

    @Test("every severity from 1 to 4 appears")
    func everySeverity() {
        #expect(Set(signals.map(\.severity.value)) == Set(1...4))
    }

    @Test("every signal source appears")
    func everySource() {
        #expect(Set(signals.map(\.source)) == Set(SignalSource.allCases))
    }

    @Test("every court order kind appears")
    func everyCourtOrderKind() {
        let kinds = SimulatedRuns.standard.compactMap { if case .courtOrderIssued(let order) = $0.payload { order.kind } else { nil } }
        #expect(Set(kinds) == Set(CourtOrderKind.allCases))
    }

    @Test("every placement type, stage and missed-visit reason appears")
    func everyPlacementStageAndReason() {
        var placements: Set<PlacementType> = [], stages: Set<CaseStage> = [], reasons: Set<MissedVisitReason> = []
        for event in SimulatedRuns.standard {
            switch event.payload {
            case .caseOpened(let opened): placements.insert(opened.placement.type)
            case .caseStageChanged(let change): stages.insert(change.stage)
            case .visitMissed(let missed): reasons.insert(missed.reason)
            default: break
            }
        }
        #expect(placements == Set(PlacementType.allCases))
        #expect(stages == Set(CaseStage.allCases))
        #expect(reasons == Set(MissedVisitReason.allCases))
    }
}
