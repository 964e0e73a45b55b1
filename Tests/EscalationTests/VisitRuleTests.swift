import HomewardContract
import HomewardEscalation
import Testing

/// Rules 6, 7 and 9: overdue visits, visits without seeing the child alone,
/// and concerns noted at a visit.
@Suite("Visits: overdue reminders, the child not seen alone, concerns")
struct VisitRuleTests {
    // MARK: Rule 6

    /// (occurrence of the reminder, the level it raises on its own)
    @Test("rule 6: visit-overdue occurrence 1 raises nothing, 2 a review, 3 and later urgent",
          arguments: [(1, nil), (2, EscalationLevel.review), (3, .urgent), (4, .urgent)] as [(Int, EscalationLevel?)])
    func overdueOccurrence(occurrence: Int, level: EscalationLevel?) throws {
        let escalations = try run([overdueReminder(occurrence: occurrence, at: day(0))]).escalations
        #expect(escalations.map(\.level) == (level.map { [$0] } ?? []))
        if let escalation = escalations.first {
            #expect(escalation.reasons == [EscalationRule.visitOverdue])
            #expect(escalation.evidence == ["rem-case-000001-visit-overdue-\(occurrence)"])
        }
    }

    @Test("rule 6 as the reminders come: review at the second, level raised to urgent at the third, evidence at the fourth")
    func overdueSequence() throws {
        let run = try run((1...4).map { overdueReminder(occurrence: $0, at: day(7 * $0)) })
        let updates = run.escalations.filter { $0.status != .renotified }  // the urgent chain runs between the reminders
        #expect(updates.map(\.status) == [.raised, .levelRaised, .evidenceAdded])
        #expect(updates.map(\.level) == [.review, .urgent, .urgent])
        #expect(updates.map(\.time) == [day(14), day(21), day(28)])
        #expect(updates.map(\.notify) == [Roles.review, Roles.urgent, []])
        #expect(updates.last?.evidence == (2...4).map { "rem-case-000001-visit-overdue-\($0)" })
    }

    @Test("rule 6 is about visit-overdue reminders only", arguments: [ReminderKind.casePlanReviewDue, .courtOrderExpiring])
    func otherReminderKinds(kind: ReminderKind) throws {
        #expect(try run([overdueReminder(occurrence: 3, at: day(0), kind: kind)]).escalations.isEmpty)
    }

    // MARK: Rule 7

    @Test("rule 7: one completed visit without seeing the child alone raises nothing")
    func oneVisitNotAlone() throws {
        #expect(try run([visit(at: day(0), seenAlone: false)]).escalations.isEmpty)
    }

    @Test("rule 7: two completed visits in a row without seeing the child alone are a review, citing both visits")
    func twoVisitsNotAlone() throws {
        let run = try run([visit(at: day(0), seenAlone: false, id: "visit-1"), visit(at: day(7), seenAlone: false, id: "visit-2")])
        #expect(run.notices == [Notice(.raised, .review, at: day(7), notify: Roles.review)])
        let escalation = try #require(run.escalations.first)
        #expect(escalation.reasons == [EscalationRule.childNotSeenAlone])
        #expect(escalation.evidence == ["visit-1", "visit-2"])
    }

    @Test("rule 7: a visit with the child seen alone ends the run")
    func runReset() throws {
        let history = [visit(at: day(0), seenAlone: false), visit(at: day(7), seenAlone: true), visit(at: day(14), seenAlone: false)]
        #expect(try run(history).escalations.isEmpty)
    }

    @Test("rule 7: after the reset, two more visits in a row without seeing the child alone are a review again")
    func runAfterReset() throws {
        let history = [visit(at: day(0), seenAlone: false), visit(at: day(7), seenAlone: true),
                       visit(at: day(14), seenAlone: false), visit(at: day(21), seenAlone: false)]
        #expect(try run(history).notices == [Notice(.raised, .review, at: day(21), notify: Roles.review)])
    }

    // MARK: Rule 9

    @Test("rule 9: a concern noted at a visit counts as a signal of severity 2: watched, citing the visit")
    func concernIsASignal() throws {
        let escalation = try #require(try run([visit(at: day(0), concerns: [.neglect], id: "visit-1")]).escalations.first)
        #expect(escalation.level == .watch)
        #expect(escalation.reasons == [EscalationRule.riskSignal])
        #expect(escalation.evidence == ["visit-1"])
    }

    @Test("rule 9: a concern that the child ran away is urgent, like the signal")
    func concernChildRanAway() throws {
        let escalation = try #require(try run([visit(at: day(0), concerns: [.childRanAway], id: "visit-1")]).escalations.first)
        #expect(escalation.level == .urgent)
        #expect(escalation.reasons == [EscalationRule.safetyEvent])
        #expect(escalation.evidence == ["visit-1"])
    }

    @Test("rule 9: a concern of abuse counts at severity 2, below severe harm: watched, not an emergency")
    func concernOfAbuseIsSeverityTwo() throws {
        let escalation = try #require(try run([visit(at: day(0), concerns: [.physicalAbuse])]).escalations.first)
        #expect(escalation.level == .watch)
    }

    @Test("rule 9: each concern counts: two concerns at one visit are two signals within the window, a review")
    func twoConcerns() throws {
        let run = try run([visit(at: day(0), concerns: [.neglect, .familyConflict], id: "visit-1")])
        #expect(run.notices == [Notice(.raised, .review, at: day(0), notify: Roles.review)])
        #expect(run.escalations.first?.reasons.contains(EscalationRule.repeatedSignals) == true)
        #expect(run.escalations.first?.evidence == ["visit-1"])
    }

    @Test("rule 9: concerns and reported signals count together in the window")
    func concernsAndSignals() throws {
        let run = try run([signal(severity: 2, at: day(0), id: "sig-1"), visit(at: day(10), concerns: [.neglect], id: "visit-1"),
                           signal(severity: 3, at: day(20), id: "sig-2")])
        #expect(run.escalations.map(\.level) == [.watch, .review, .urgent])
        #expect(run.escalations.last?.evidence == ["sig-1", "visit-1", "sig-2"])
    }

    @Test("a visit with the child seen alone and no concerns raises nothing", arguments: [nil, []] as [[RiskCategory]?])
    func quietVisit(concerns: [RiskCategory]?) throws {
        #expect(try run([visit(at: day(0), concerns: concerns)]).escalations.isEmpty)
    }
}
