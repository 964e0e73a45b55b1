import HomewardContract
import HomewardEscalation
import Testing

/// Rule 4: serious signals within a sliding 30 days, by `observedAt`.
@Suite("Repeated signals: severity 2 or more within a sliding 30 days")
struct RepeatedSignalTests {
    @Test("two signals 30 days apart are within the window: review, citing both")
    func twoOnDayThirty() throws {
        let run = try run([signal(severity: 2, at: day(0), id: "sig-1"), signal(severity: 2, at: day(30), id: "sig-2")])
        #expect(run.notices == [
            Notice(.raised, .watch, at: day(0), notify: []),
            Notice(.levelRaised, .review, at: day(30), notify: Roles.review),
        ])
        let second = try #require(run.escalations.last)
        #expect(second.reasons.contains(EscalationRule.repeatedSignals))
        #expect(second.evidence == ["sig-1", "sig-2"])
    }

    @Test("two signals 31 days apart are not: the second only adds evidence to the watch")
    func twoOnDayThirtyOne() throws {
        let run = try run([signal(severity: 2, at: day(0), id: "sig-1"), signal(severity: 2, at: day(31), id: "sig-2")])
        #expect(run.notices == [
            Notice(.raised, .watch, at: day(0), notify: []),
            Notice(.evidenceAdded, .watch, at: day(31), notify: []),
        ])
        #expect(run.escalations.last?.reasons == [EscalationRule.riskSignal])
    }

    @Test("three signals within the window are urgent")
    func threeInWindow() throws {
        let run = try run([signal(severity: 2, at: day(0), id: "sig-1"), signal(severity: 2, at: day(15), id: "sig-2"),
                           signal(severity: 2, at: day(30), id: "sig-3")])
        #expect(run.notices == [
            Notice(.raised, .watch, at: day(0), notify: []),
            Notice(.levelRaised, .review, at: day(15), notify: Roles.review),
            Notice(.levelRaised, .urgent, at: day(30), notify: Roles.urgent),
        ])
        #expect(run.escalations.last?.evidence == ["sig-1", "sig-2", "sig-3"])
    }

    @Test("three signals spread over 31 days are at most two in any window: review, not urgent")
    func threeSpreadBeyondWindow() throws {
        let run = try run([signal(severity: 2, at: day(0)), signal(severity: 2, at: day(15)), signal(severity: 2, at: day(31))])
        #expect(run.escalations.map(\.level) == [.watch, .review, .review])
        #expect(run.escalations.last?.status == .evidenceAdded)
    }

    @Test("signals of severity 1 are not counted")
    func severityOneNotCounted() throws {
        let run = try run([signal(severity: 1, at: day(0)), signal(severity: 1, at: day(1)), signal(severity: 2, at: day(2))])
        #expect(run.notices == [Notice(.raised, .watch, at: day(2), notify: [])])
    }

    @Test("the window is by observedAt: a signal reported late but observed within 30 days of another counts")
    func windowByObservedAt() throws {
        let run = try run([signal(severity: 2, at: day(0), id: "sig-1"),
                           signal(severity: 2, at: day(45), observedAt: day(20), id: "sig-2")])
        #expect(run.escalations.map(\.level) == [.watch, .review])
        #expect(run.escalations.last?.evidence == ["sig-1", "sig-2"])
    }

    @Test("the window is by observedAt: a signal reported within 30 days but observed 31 days before does not count")
    func windowByObservedAtExcludes() throws {
        let run = try run([signal(severity: 2, at: day(0), observedAt: day(-31), id: "sig-1"),
                           signal(severity: 2, at: day(0), id: "sig-2")])
        #expect(run.escalations.map(\.level) == [.watch, .watch])
    }
}
