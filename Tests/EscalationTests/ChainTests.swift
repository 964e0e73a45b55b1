import HomewardContract
import HomewardEscalation
import Testing

/// While nobody acknowledges an urgent or emergency escalation it is re-sent
/// up the chain, counted from the raise; an acknowledgement stops it.
@Suite("Chain: re-sent up the chain until acknowledged")
struct ChainTests {
    static let urgentTrigger = signal(.childRanAway, severity: 1, at: day(0))
    static let emergencyTrigger = signal(.neglect, severity: 4, at: day(0))

    /// The id of the escalation `trigger` raises.
    func escalationId(raisedBy trigger: EscalatorInput) throws -> Identifier {
        try #require(try run([trigger]).escalations.first).escalationId
    }

    @Test("urgent, never acknowledged: after 4 hours step 1 to supervisor and on-call, after 12 hours step 2 to manager and on-call, then nothing")
    func urgentChain() throws {
        let run = try run([Self.urgentTrigger], until: day(30))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.renotified, .urgent, step: 1, at: day(0, hours: 4), notify: Roles.urgentStep1),
            Notice(.renotified, .urgent, step: 2, at: day(0, hours: 12), notify: Roles.urgentStep2),
        ])
        #expect(run.escalations.allSatisfy { $0.respondBy == day(1) && $0.recommendation == .safetyAssessment })
        #expect(Set(run.escalations.map(\.escalationId)).count == 1)
    }

    @Test("emergency, never acknowledged: every 30 minutes steps 1 to 4 to manager and on-call, then nothing")
    func emergencyChain() throws {
        let run = try run([Self.emergencyTrigger], until: day(30))
        #expect(run.notices == [Notice(.raised, .emergency, at: day(0), notify: Roles.emergency)] + (1...4).map { step in
            Notice(.renotified, .emergency, step: step, at: day(0, minutes: 30 * step), notify: Roles.emergencyStep)
        })
        #expect(run.escalations.allSatisfy { $0.respondBy == day(0, hours: 1) && $0.recommendation == .considerProtectiveMeasures })
        #expect(Set(run.escalations.map(\.escalationId)).count == 1)
    }

    @Test("watch and review have no chain", arguments: [signal(severity: 2, at: day(0)), riskAssessed(.high, at: day(0))])
    func noChainBelowUrgent(trigger: EscalatorInput) throws {
        #expect(try run([trigger], until: day(30)).escalations.map(\.status) == [.raised])
    }

    @Test("urgent acknowledged before step 1: acknowledged, nobody told, no step follows")
    func urgentAcknowledgedBeforeStepOne() throws {
        let id = try escalationId(raisedBy: Self.urgentTrigger)
        let run = try run([Self.urgentTrigger, acknowledged(id, at: day(0, hours: 3))], until: day(30))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.acknowledged, .urgent, step: 0, at: day(0, hours: 3), notify: []),
        ])
        #expect(run.escalations.last?.escalationId == id)
    }

    @Test("urgent acknowledged between steps 1 and 2: step 2 never goes out")
    func urgentAcknowledgedBetweenSteps() throws {
        let id = try escalationId(raisedBy: Self.urgentTrigger)
        let run = try run([Self.urgentTrigger, acknowledged(id, at: day(0, hours: 5))], until: day(30))
        #expect(run.notices == [
            Notice(.raised, .urgent, at: day(0), notify: Roles.urgent),
            Notice(.renotified, .urgent, step: 1, at: day(0, hours: 4), notify: Roles.urgentStep1),
            Notice(.acknowledged, .urgent, step: 1, at: day(0, hours: 5), notify: []),
        ])
    }

    @Test("emergency acknowledged after step k: the steps after k never go out", arguments: 0...3)
    func emergencyAcknowledgedAfterStep(k: Int) throws {
        let id = try escalationId(raisedBy: Self.emergencyTrigger)
        let acknowledgedAt = day(0, minutes: 30 * k + 15)
        let run = try run([Self.emergencyTrigger, acknowledged(id, at: acknowledgedAt)], until: day(30))
        let steps = (0..<k).map { index in
            Notice(.renotified, .emergency, step: index + 1, at: day(0, minutes: 30 * (index + 1)), notify: Roles.emergencyStep)
        }
        #expect(run.notices == [Notice(.raised, .emergency, at: day(0), notify: Roles.emergency)] + steps
            + [Notice(.acknowledged, .emergency, step: k, at: acknowledgedAt, notify: [])])
    }

    @Test("a second acknowledgement of the same escalation writes nothing")
    func repeatedAcknowledgement() throws {
        let id = try escalationId(raisedBy: Self.emergencyTrigger)
        let run = try run([Self.emergencyTrigger, acknowledged(id, at: day(0, minutes: 10)), acknowledged(id, at: day(0, minutes: 20))],
                          until: day(1))
        #expect(run.escalations.map(\.status) == [.raised, .acknowledged])
    }
}
