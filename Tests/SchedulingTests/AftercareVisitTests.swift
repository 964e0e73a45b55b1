import HomewardContract
import HomewardScheduling
import Testing

@Suite("Aftercare: the visit plan after reunification")
struct AftercareVisitTests {
    @Test("the first weeks home: due-soon two days before the visit, then overdue reminders a week apart until a visit is completed")
    func firstWeeks() throws {
        let history = openedAndReunified() + [visitCompleted(at: day(26))]
        let run = try replay(history, until: day(32))
        #expect(run.sent == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(10), due: day(7), occurrence: 1, notify: [.caseworker]),
            Sent(.visitOverdue, at: day(17), due: day(7), occurrence: 2, notify: [.caseworker, .supervisor]),
            Sent(.visitOverdue, at: day(24), due: day(7), occurrence: 3, notify: [.caseworker, .supervisor]),
            // The visit on day 26 ends the chain (no overdue #4 on day 31) and plans the next one a week later.
            Sent(.visitDueSoon, at: day(31), due: day(33), notify: [.caseworker]),
        ])
    }

    @Test("a reminder names the case's caseworker and team", arguments: [Language.nl, .en])
    func reminderCarriesContact(language: Language) throws {
        let history = [opened(at: day(-60), language: language), reunified(at: day(0))]
        let reminder = try #require(try replay(history, until: day(5)).reminders.first)
        #expect(reminder.caseId == ScheduleFixture.caseId)
        #expect(reminder.contact.caseworkerId == ScheduleFixture.caseworker)
        #expect(reminder.contact.teamId == ScheduleFixture.team)
        #expect(reminder.contact.language == language)
    }

    @Test("stage → reunified starts the plan just as case.reunified does")
    func stageChangeToReunified() throws {
        let history = [opened(at: day(-60)), stageChanged(to: .reunified, at: day(0))]
        #expect(try replay(history, until: day(10)).sent == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(10), due: day(7), notify: [.caseworker]),
        ])
    }

    @Test("case.reunified and stage → reunified for the same return start one plan, not two")
    func reunificationPair() throws {
        let history = openedAndReunified() + [stageChanged(to: .reunified, at: day(0))]
        #expect(try replay(history, until: day(10)).sent == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(10), due: day(7), notify: [.caseworker]),
        ])
    }

    /// (day of the completed visit, day the next visit is due)
    @Test("the interval is 7 days under 56 days home, 14 under 91, then 30",
          arguments: [(55, 62), (56, 70), (90, 104), (91, 121)])
    func intervalBySinceReunification(completedOn: Int, nextDue: Int) throws {
        let history = openedAndReunified() + [visitCompleted(at: day(completedOn))]
        let run = try replay(history, until: day(nextDue))
        let next = run.sent.filter { $0.kind == .visitDueSoon && $0.at > day(completedOn) }
        #expect(next == [Sent(.visitDueSoon, at: day(nextDue - 2), due: day(nextDue), notify: [.caseworker])])
    }

    /// (risk level, day of the completed visit, day the next visit is due)
    @Test("the risk level caps the interval: high at 7 days, medium at 14; a cap never lengthens it",
          arguments: [(RiskLevel.high, 100, 107), (.medium, 100, 114), (.medium, 20, 27), (.low, 100, 130)])
    func riskCaps(level: RiskLevel, completedOn: Int, nextDue: Int) throws {
        let history = openedAndReunified() + [riskAssessed(level, at: day(1)), visitCompleted(at: day(completedOn))]
        let run = try replay(history, until: day(nextDue))
        let next = run.sent.filter { $0.kind == .visitDueSoon && $0.at > day(completedOn) }
        #expect(next == [Sent(.visitDueSoon, at: day(nextDue - 2), due: day(nextDue), notify: [.caseworker])])
    }

    @Test("a new risk level re-plans the next visit from the last one")
    func riskAssessmentReplans() throws {
        // Day 91 visit: next due day 121. High risk assessed on day 95: due day 98 instead.
        let history = openedAndReunified() + [visitCompleted(at: day(91)), riskAssessed(.high, at: day(95))]
        let run = try replay(history, until: day(101))
        #expect(run.sent.filter { $0.at > day(91) } == [
            Sent(.visitDueSoon, at: day(96), due: day(98), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(101), due: day(98), notify: [.caseworker]),
        ])
    }

    @Test("an older risk assessment that arrives late does not override a newer one")
    func lateOlderRiskAssessment() throws {
        let history = openedAndReunified() + [riskAssessed(.high, at: day(80)), riskAssessed(.low, at: day(60)),
                                              visitCompleted(at: day(100))]
        let run = try replay(history, until: day(107))
        #expect(run.sent.filter { $0.at > day(100) } == [Sent(.visitDueSoon, at: day(105), due: day(107), notify: [.caseworker])])
    }

    @Test("visit.scheduled sets the due time: the old due time's reminders are cancelled, the new ones carry the visit")
    func explicitScheduling() throws {
        let history = openedAndReunified() + [visitScheduled("visit-000001-001", dueAt: day(10), at: day(1))]
        #expect(try replay(history, until: day(20)).sent == [
            Sent(.visitDueSoon, at: day(8), due: day(10), notify: [.caseworker], visitId: "visit-000001-001"),
            Sent(.visitOverdue, at: day(13), due: day(10), occurrence: 1, notify: [.caseworker], visitId: "visit-000001-001"),
            Sent(.visitOverdue, at: day(20), due: day(10), occurrence: 2, notify: [.caseworker, .supervisor], visitId: "visit-000001-001"),
        ])
    }

    @Test("a visit scheduled so soon that its due-soon moment has passed gets no due-soon reminder")
    func dueSoonOnlyWhenAhead() throws {
        let history = openedAndReunified() + [visitScheduled("visit-000001-001", dueAt: day(3), at: day(2))]
        #expect(try replay(history, until: day(6)).sent == [
            Sent(.visitOverdue, at: day(6), due: day(3), notify: [.caseworker], visitId: "visit-000001-001"),
        ])
    }

    @Test("rescheduling a visit replaces its reminders with those of the new due time")
    func rescheduling() throws {
        let history = openedAndReunified() + [visitScheduled("visit-000001-001", dueAt: day(10), at: day(1)),
                                              visitScheduled("visit-000001-002", dueAt: day(12), at: day(9))]
        #expect(try replay(history, until: day(15)).sent == [
            Sent(.visitDueSoon, at: day(8), due: day(10), notify: [.caseworker], visitId: "visit-000001-001"),
            Sent(.visitDueSoon, at: day(10), due: day(12), notify: [.caseworker], visitId: "visit-000001-002"),
            Sent(.visitOverdue, at: day(15), due: day(12), notify: [.caseworker], visitId: "visit-000001-002"),
        ])
    }

    @Test("a missed visit changes nothing: the visit stays due and the overdue chain goes on")
    func missedVisit() throws {
        let withMiss = openedAndReunified() + [visitMissed(at: day(7))]
        let without = openedAndReunified()
        #expect(try replay(withMiss, until: day(24)).sent == replay(without, until: day(24)).sent)
    }

    @Test("a completed visit reported late is applied by its own time")
    func lateReportedVisit() throws {
        // Another case on the partition moves stream time to day 12 (overdue #1 has gone out);
        // then the day-6 visit arrives: the next visit is due on day 13, its due-soon moment has passed.
        let history = openedAndReunified() + [opened(at: day(12), case: "case-000002"), visitCompleted(at: day(6))]
        let run = try replay(history, until: day(17))
        #expect(run.sent == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(10), due: day(7), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(16), due: day(13), notify: [.caseworker]),
        ])
    }

    @Test("an older completed visit arriving after a newer one does not move the due time back")
    func olderCompletionIgnored() throws {
        let history = openedAndReunified() + [visitCompleted(at: day(20)), visitCompleted(at: day(6))]
        let run = try replay(history, until: day(30))
        #expect(run.sent.filter { $0.at > day(20) } == [
            Sent(.visitDueSoon, at: day(25), due: day(27), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(30), due: day(27), notify: [.caseworker]),
        ])
    }

    @Test("a visit scheduled before a newer completed visit, arriving after it, does not move the due time back")
    func olderSchedulingIgnored() throws {
        let history = openedAndReunified() + [visitCompleted(at: day(20)), visitScheduled("visit-000001-001", dueAt: day(10), at: day(5))]
        let run = try replay(history, until: day(30))
        #expect(run.sent.filter { $0.at >= day(20) } == [
            Sent(.visitDueSoon, at: day(25), due: day(27), notify: [.caseworker]),
            Sent(.visitOverdue, at: day(30), due: day(27), notify: [.caseworker]),
        ])
    }

    @Test("a visit scheduled after a completed visit keeps its due time when the completion arrives late")
    func newerSchedulingKept() throws {
        let history = openedAndReunified() + [visitScheduled("visit-000001-002", dueAt: day(30), at: day(22)), visitCompleted(at: day(20))]
        let run = try replay(history, until: day(33))
        #expect(run.sent.filter { $0.at >= day(20) } == [
            Sent(.visitDueSoon, at: day(28), due: day(30), notify: [.caseworker], visitId: "visit-000001-002"),
            Sent(.visitOverdue, at: day(33), due: day(30), notify: [.caseworker], visitId: "visit-000001-002"),
        ])
    }

    @Test("an older rescheduling arriving after a newer one does not replace it")
    func olderReschedulingIgnored() throws {
        let history = openedAndReunified() + [visitScheduled("visit-000001-002", dueAt: day(12), at: day(6)),
                                              visitScheduled("visit-000001-001", dueAt: day(9), at: day(4))]
        let run = try replay(history, until: day(15))
        #expect(run.sent.filter { $0.at >= day(6) } == [
            Sent(.visitDueSoon, at: day(10), due: day(12), notify: [.caseworker], visitId: "visit-000001-002"),
            Sent(.visitOverdue, at: day(15), due: day(12), notify: [.caseworker], visitId: "visit-000001-002"),
        ])
    }
}
