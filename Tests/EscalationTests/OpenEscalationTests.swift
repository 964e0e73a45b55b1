import HomewardContract
import HomewardEscalation
import Testing

/// One escalation per case is open at a time: later triggers add evidence
/// or raise its level; acknowledgement and resolution end its chain.
@Suite("Open escalation: evidence, level raises, acknowledgement, resolution")
struct OpenEscalationTests {
    @Test("a trigger at the open escalation's level adds evidence and tells nobody")
    func equalTriggerAddsEvidence() throws {
        let assessment = riskAssessed(.high, at: day(0))
        let run = try run([assessment, overdueReminder(occurrence: 2, at: day(1))])
        #expect(run.notices == [
            Notice(.raised, .review, at: day(0), notify: Roles.review),
            Notice(.evidenceAdded, .review, at: day(1), notify: []),
        ])
        let (raised, added) = (run.escalations[0], run.escalations[1])
        #expect(added.escalationId == raised.escalationId)
        #expect(added.respondBy == day(5))
        #expect(added.evidence == [try #require(assessment.event).id.rawValue, "rem-case-000001-visit-overdue-2"])
        #expect(added.reasons == [EscalationRule.riskLevelAssessed, EscalationRule.visitOverdue])
    }

    @Test("a trigger below the open escalation's level adds evidence and tells nobody; the level and respondBy stay")
    func lowerTriggerAddsEvidence() throws {
        let run = try run([signal(.childRanAway, severity: 1, at: day(0), id: "sig-1"), signal(severity: 2, at: day(0, hours: 1), id: "sig-2")])
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.evidenceAdded, .urgent, step: 0, at: day(0, hours: 1), notify: []),
        ])
        #expect(run.escalations[1].escalationId == run.escalations[0].escalationId)
        #expect(run.escalations[1].respondBy == day(1))
        #expect(run.escalations[1].evidence == ["sig-1", "sig-2"])
    }

    @Test("evidence accumulates over every trigger, each id once")
    func evidenceAccumulates() throws {
        let assessment = riskAssessed(.high, at: day(0))
        let run = try run([assessment, overdueReminder(occurrence: 2, at: day(2)), visit(at: day(3), concerns: [.neglect, .other], id: "visit-1")])
        #expect(run.escalations.map(\.status) == [.raised, .evidenceAdded, .evidenceAdded])
        #expect(run.escalations.last?.evidence == [try #require(assessment.event).id.rawValue, "rem-case-000001-visit-overdue-2", "visit-1"])
    }

    @Test("a higher trigger raises the level: same escalation id, the new level's notifications, respondBy and recommendation")
    func higherTriggerRaisesLevel() throws {
        let run = try run([riskAssessed(.high, at: day(0)), signal(severity: 4, at: day(1), id: "sig-1")])
        #expect(run.notices == [
            Notice(.raised, .review, at: day(0), notify: Roles.review),
            Notice(.levelRaised, .emergency, at: day(1), notify: Roles.emergency),
        ])
        let (raised, levelRaised) = (run.escalations[0], run.escalations[1])
        #expect(levelRaised.escalationId == raised.escalationId)
        #expect(levelRaised.respondBy == day(1, hours: 1))
        #expect(levelRaised.recommendation == .considerProtectiveMeasures)
        #expect(levelRaised.reasons == [EscalationRule.riskLevelAssessed, EscalationRule.highestSeverity])
        #expect(levelRaised.evidence == raised.evidence + ["sig-1"])
    }

    @Test("a level raise restarts the chain from the raise: the new level's steps, none of the old level's left")
    func levelRaiseRestartsChain() throws {
        let run = try run([signal(.childRanAway, severity: 1, at: day(0)), signal(severity: 4, at: day(0, hours: 5))], until: day(3))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.renotified, .urgent, step: 1, at: day(0, hours: 4), notify: Roles.urgentStep1),
            Notice(.levelRaised, .emergency, step: 0, at: day(0, hours: 5), notify: Roles.emergency),
            Notice(.renotified, .emergency, step: 1, at: day(0, hours: 5, minutes: 30), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 2, at: day(0, hours: 6), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 3, at: day(0, hours: 6, minutes: 30), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 4, at: day(0, hours: 7), notify: Roles.emergencyStep),
        ])
        #expect(Set(run.escalations.map(\.escalationId)).count == 1)
    }

    @Test("a level raise after an acknowledgement starts the new level's chain")
    func levelRaiseAfterAcknowledgement() throws {
        let urgent = try run([signal(.childRanAway, severity: 1, at: day(0))]).escalations[0]
        let run = try run([signal(.childRanAway, severity: 1, at: day(0)), acknowledged(urgent.escalationId, at: day(0, hours: 1)),
                           signal(severity: 4, at: day(0, hours: 2))], until: day(3))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.acknowledged, .urgent, at: day(0, hours: 1), notify: []),
            Notice(.levelRaised, .emergency, at: day(0, hours: 2), notify: Roles.emergency),
            Notice(.renotified, .emergency, step: 1, at: day(0, hours: 2, minutes: 30), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 2, at: day(0, hours: 3), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 3, at: day(0, hours: 3, minutes: 30), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 4, at: day(0, hours: 4), notify: Roles.emergencyStep),
        ])
    }

    @Test("evidence added after an acknowledgement does not restart the chain")
    func evidenceAfterAcknowledgement() throws {
        let urgent = try run([signal(.childRanAway, severity: 1, at: day(0))]).escalations[0]
        let run = try run([signal(.childRanAway, severity: 1, at: day(0)), acknowledged(urgent.escalationId, at: day(0, hours: 1)),
                           signal(severity: 2, at: day(0, hours: 2))], until: day(3))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.acknowledged, .urgent, at: day(0, hours: 1), notify: []),
            Notice(.evidenceAdded, .urgent, at: day(0, hours: 2), notify: []),
        ])
    }

    @Test("an acknowledgement for another escalation id is ignored: nothing is written and the chain goes on")
    func acknowledgementOfAnotherEscalation() throws {
        let run = try run([signal(severity: 4, at: day(0)), acknowledged("esc-some-other-escalation", at: day(0, minutes: 15))],
                          until: day(1))
        #expect(run.notices == [
            Notice(.raised, .emergency, at: day(0), notify: Roles.emergency),
            Notice(.renotified, .emergency, step: 1, at: day(0, minutes: 30), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 2, at: day(0, minutes: 60), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 3, at: day(0, minutes: 90), notify: Roles.emergencyStep),
            Notice(.renotified, .emergency, step: 4, at: day(0, minutes: 120), notify: Roles.emergencyStep),
        ])
    }

    @Test("a resolution for another escalation id is ignored")
    func resolutionOfAnotherEscalation() throws {
        let run = try run([riskAssessed(.high, at: day(0)), resolved("esc-some-other-escalation", at: day(1)),
                           overdueReminder(occurrence: 2, at: day(2))])
        #expect(run.escalations.map(\.status) == [.raised, .evidenceAdded])
    }

    @Test("resolved: the chain stops, and the next trigger raises a new escalation with a new id")
    func resolveThenNewEscalation() throws {
        let urgent = try run([signal(.childRanAway, severity: 1, at: day(0))]).escalations[0]
        let run = try run([signal(.childRanAway, severity: 1, at: day(0)), resolved(urgent.escalationId, at: day(0, hours: 1)),
                           signal(severity: 4, at: day(2))])
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.resolved, .urgent, at: day(0, hours: 1), notify: []),
            Notice(.raised, .emergency, at: day(2), notify: Roles.emergency),
        ])
        #expect(run.escalations[1].escalationId == urgent.escalationId)
        #expect(run.escalations[2].escalationId != urgent.escalationId)
    }

    @Test("an acknowledgement of a resolved escalation is ignored")
    func acknowledgementAfterResolution() throws {
        let urgent = try run([signal(.childRanAway, severity: 1, at: day(0))]).escalations[0]
        let run = try run([signal(.childRanAway, severity: 1, at: day(0)), resolved(urgent.escalationId, at: day(0, hours: 1)),
                           acknowledged(urgent.escalationId, at: day(0, hours: 2))], until: day(2))
        #expect(run.escalations.map(\.status) == [.raised, .resolved])
    }
}
