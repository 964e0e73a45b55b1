import HomewardContract
import HomewardEscalation
import Testing

/// What each level asks for when an escalation is raised.
@Suite("Responses: who is told, by when, and what is recommended")
struct ResponseTests {
    /// A trigger that raises `level` at T on its own.
    static func trigger(for level: EscalationLevel) -> EscalatorInput {
        switch level {
        case .watch: signal(.neglect, severity: 2, at: day(0))
        case .review: riskAssessed(.high, at: day(0))
        case .urgent: signal(.childRanAway, severity: 1, at: day(0))
        case .emergency: signal(.neglect, severity: 4, at: day(0))
        }
    }

    /// The escalation raised by `level`'s trigger.
    func raised(_ level: EscalationLevel) throws -> Escalation {
        let escalations = try run([opened(at: day(-60)), Self.trigger(for: level)]).escalations
        try #require(escalations.count == 1, "\(escalations.map(Notice.init))")
        return escalations[0]
    }

    @Test("watch: no notification, no respondBy, recommendation monitor")
    func watch() throws {
        let escalation = try raised(.watch)
        #expect(escalation.level == .watch)
        #expect(escalation.notify == [])
        #expect(escalation.respondBy == nil)
        #expect(escalation.recommendation == .monitor)
    }

    @Test("review: the caseworker is told, to respond within 5 days; recommendation case-review")
    func review() throws {
        let escalation = try raised(.review)
        #expect(escalation.level == .review)
        #expect(escalation.notify == [.caseworker])
        #expect(escalation.respondBy == day(5))
        #expect(escalation.recommendation == .caseReview)
    }

    @Test("urgent: caseworker and supervisor are told, to respond within 24 hours; recommendation safety-assessment")
    func urgent() throws {
        let escalation = try raised(.urgent)
        #expect(escalation.level == .urgent)
        #expect(escalation.notify == [.caseworker, .supervisor])
        #expect(escalation.respondBy == day(1))
        #expect(escalation.recommendation == .safetyAssessment)
    }

    @Test("emergency: caseworker, supervisor and on-call are told, to respond within 1 hour; recommendation consider-protective-measures")
    func emergency() throws {
        let escalation = try raised(.emergency)
        #expect(escalation.level == .emergency)
        #expect(escalation.notify == [.caseworker, .supervisor, .onCall])
        #expect(escalation.respondBy == day(0, hours: 1))
        #expect(escalation.recommendation == .considerProtectiveMeasures)
    }

    @Test("a raise is status raised at step 0, at the trigger's time, about the case", arguments: EscalationLevel.allCases)
    func raiseIsStepZero(level: EscalationLevel) throws {
        let escalation = try raised(level)
        #expect(escalation.status == .raised)
        #expect(escalation.step == 0)
        #expect(escalation.time == day(0))
        #expect(escalation.caseId == EscalationFixture.caseId)
    }

    @Test("an escalation names the case's caseworker, team and language")
    func contact() throws {
        let escalation = try raised(.urgent)
        #expect(escalation.contact == CaseContact(caseworkerId: EscalationFixture.caseworker, teamId: EscalationFixture.team,
                                                  language: .en, timezone: .amsterdam))
    }

    @Test("before the case's caseworker is known an escalation goes out at once, to caseworker and team unassigned")
    func unassigned() throws {
        let escalations = try run([Self.trigger(for: .emergency)]).escalations
        #expect(escalations.map(\.contact) == [CaseContact(caseworkerId: EscalatorWorker.unassigned, teamId: EscalatorWorker.unassigned,
                                                           language: try EscalationFixture.policy().defaultLanguage,
                                                           timezone: .amsterdam)])
    }
}
