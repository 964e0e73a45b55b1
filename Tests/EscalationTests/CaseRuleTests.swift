import HomewardContract
import HomewardEscalation
import Testing

/// Rules 8 and 10: the assessed risk level, and signals about a closed case.
@Suite("Case: risk level assessed, signals on a closed case")
struct CaseRuleTests {
    @Test("rule 8: a risk level assessed high is a review, citing the assessment")
    func riskHigh() throws {
        let assessment = riskAssessed(.high, at: day(0))
        let run = try run([assessment])
        #expect(run.notices == [Notice(.raised, .review, at: day(0), notify: Roles.review)])
        #expect(run.escalations.first?.reasons == [EscalationRule.riskLevelAssessed])
        #expect(run.escalations.first?.evidence == [try #require(assessment.event).id.rawValue])
    }

    @Test("rule 8 boundary: a risk level assessed medium or low raises nothing", arguments: [RiskLevel.medium, .low])
    func riskBelowHigh(level: RiskLevel) throws {
        #expect(try run([riskAssessed(level, at: day(0))]).escalations.isEmpty)
    }

    @Test("rule 10: a signal on a closed case is a review with reason signal-on-closed-case")
    func signalOnClosedCase() throws {
        let run = try run([closed(at: day(0)), signal(severity: 2, at: day(10), id: "sig-1")])
        #expect(run.notices == [Notice(.raised, .review, at: day(10), notify: Roles.review)])
        let escalation = try #require(run.escalations.first)
        #expect(escalation.reasons.contains(EscalationRule.signalOnClosedCase))
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 10: even a signal of severity 1 on a closed case is a review")
    func minorSignalOnClosedCase() throws {
        let run = try run([closed(at: day(0)), signal(severity: 1, at: day(10))])
        #expect(run.escalations.map(\.level) == [.review])
        #expect(run.escalations.first?.reasons == [EscalationRule.signalOnClosedCase])
    }

    @Test("rule 10 with the other rules: a severe signal on a closed case is still an emergency")
    func severeSignalOnClosedCase() throws {
        let run = try run([closed(at: day(0)), signal(.physicalAbuse, severity: 3, at: day(10))])
        #expect(run.escalations.map(\.level) == [.emergency])
        #expect(run.escalations.first?.reasons == [EscalationRule.severeHarm, EscalationRule.signalOnClosedCase])
    }

    @Test("rule 10: the stage changing to closed closes the case too")
    func stageClosed() throws {
        let run = try run([caseEvent(.caseStageChanged(CaseStageChanged(stage: .closed, effectiveAt: day(0))), at: day(0)),
                           signal(severity: 2, at: day(10))])
        #expect(run.escalations.first?.reasons.contains(EscalationRule.signalOnClosedCase) == true)
    }

    @Test("after the case is reopened a signal is an ordinary signal again")
    func signalAfterReopen() throws {
        let run = try run([closed(at: day(0)), reopened(at: day(5)), signal(severity: 2, at: day(10))])
        #expect(run.notices == [Notice(.raised, .watch, at: day(10), notify: [])])
        #expect(run.escalations.first?.reasons == [EscalationRule.riskSignal])
    }
}
