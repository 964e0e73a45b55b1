import HomewardContract
import HomewardEscalation
import Testing

/// Rules 1, 2, 3 and 5: what one risk signal raises on its own.
@Suite("Signals: severe harm, highest severity, child-safety events, other signals")
struct SignalRuleTests {
    static let severeHarmCategories: [RiskCategory] = [.physicalAbuse, .sexualAbuse, .domesticViolence, .exploitation]

    /// The one escalation `input` raises, if any.
    func raised(by input: EscalatorInput) throws -> Escalation? {
        let escalations = try run([input]).escalations
        try #require(escalations.count <= 1, "\(escalations.map(Notice.init))")
        return escalations.first
    }

    @Test("rule 1: abuse, domestic violence or exploitation at severity 3 is an emergency", arguments: severeHarmCategories)
    func severeHarmAtThree(category: RiskCategory) throws {
        let escalation = try #require(try raised(by: signal(category, severity: 3, at: day(0), id: "sig-1")))
        #expect(escalation.status == .raised)
        #expect(escalation.level == .emergency)
        #expect(escalation.reasons == [EscalationRule.severeHarm])
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 1 boundary: the same categories at severity 2 are only watched", arguments: severeHarmCategories)
    func severeHarmAtTwo(category: RiskCategory) throws {
        let escalation = try #require(try raised(by: signal(category, severity: 2, at: day(0), id: "sig-1")))
        #expect(escalation.level == .watch)
        #expect(escalation.reasons == [EscalationRule.riskSignal])
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 1 is about those categories only: neglect at severity 3 is watched")
    func otherCategoryAtThree() throws {
        let escalation = try #require(try raised(by: signal(.neglect, severity: 3, at: day(0))))
        #expect(escalation.level == .watch)
        #expect(escalation.reasons == [EscalationRule.riskSignal])
    }

    @Test("rule 2: a signal of severity 4 in any category is an emergency", arguments: [RiskCategory.neglect, .schoolDropout, .other])
    func highestSeverity(category: RiskCategory) throws {
        let escalation = try #require(try raised(by: signal(category, severity: 4, at: day(0), id: "sig-1")))
        #expect(escalation.level == .emergency)
        #expect(escalation.reasons == [EscalationRule.highestSeverity])
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 2 boundary: severity 3 outside the severe-harm categories is watched, not an emergency")
    func severityThreeIsNotHighest() throws {
        let escalation = try #require(try raised(by: signal(.familyConflict, severity: 3, at: day(0))))
        #expect(escalation.level == .watch)
    }

    @Test("rules 1 and 2 together: severe harm at severity 4 names both rules")
    func severeHarmAtFour() throws {
        let escalation = try #require(try raised(by: signal(.sexualAbuse, severity: 4, at: day(0))))
        #expect(escalation.level == .emergency)
        #expect(escalation.reasons == [EscalationRule.severeHarm, EscalationRule.highestSeverity])
    }

    @Test("rule 3: the child ran away, or the placement broke down, is urgent at any severity below 4",
          arguments: [RiskCategory.childRanAway, .placementBreakdown], [1, 2, 3])
    func safetyEvent(category: RiskCategory, severity: Int) throws {
        let escalation = try #require(try raised(by: signal(category, severity: severity, at: day(0), id: "sig-1")))
        #expect(escalation.level == .urgent)
        #expect(escalation.reasons == [EscalationRule.safetyEvent])
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 3 with rule 2: a child-safety event at severity 4 is an emergency (the higher level wins)")
    func safetyEventAtFour() throws {
        let escalation = try #require(try raised(by: signal(.childRanAway, severity: 4, at: day(0))))
        #expect(escalation.level == .emergency)
        #expect(escalation.reasons == [EscalationRule.highestSeverity, EscalationRule.safetyEvent])
    }

    @Test("rule 5: any other signal of severity 2 is watched", arguments: [RiskCategory.neglect, .caregiverMentalHealth, .other])
    func otherSignal(category: RiskCategory) throws {
        let escalation = try #require(try raised(by: signal(category, severity: 2, at: day(0), id: "sig-1")))
        #expect(escalation.level == .watch)
        #expect(escalation.reasons == [EscalationRule.riskSignal])
        #expect(escalation.evidence == ["sig-1"])
    }

    @Test("rule 5 boundary: a signal of severity 1 outside the child-safety categories raises nothing",
          arguments: [RiskCategory.neglect, .physicalAbuse, .other])
    func severityOne(category: RiskCategory) throws {
        #expect(try raised(by: signal(category, severity: 1, at: day(0))) == nil)
    }
}
