import HomewardContract
import HomewardScheduling
import Testing

@Suite("Case lifecycle: closure, reopening, unknown cases, redelivered events")
struct CaseLifecycleTests {
    enum Closing: String, CaseIterable, CustomTestStringConvertible {
        case closedEvent = "case.closed"
        case closedStage = "stage → closed"
        var testDescription: String { rawValue }

        func event(at time: Timestamp) -> CaseEvent {
            switch self {
            case .closedEvent: caseClosed(at: time)
            case .closedStage: stageChanged(to: .closed, at: time)
            }
        }
    }

    @Test("closing the case cancels every timer: visits, closure review, court orders", arguments: Closing.allCases)
    func closureCancelsEverything(closing: Closing) throws {
        let history = openedAndReunified() + [courtOrderIssued("order-000001-1", .spoedmachtiging, endsAt: day(100), at: day(1)),
                                              closing.event(at: day(6))]
        #expect(try replay(history, until: day(400)).sent == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker]),
        ])
    }

    @Test("case.reopened restarts the plan from the reopening, as a new reunification")
    func reopenRestartsPlan() throws {
        let history = openedAndReunified() + [caseClosed(at: day(20)), caseReopened(at: day(100)), visitCompleted(at: day(108))]
        let run = try replay(history, until: day(116))
        // Eight days after the new R the interval is a week again (not the 30 days of day 108 after the first R).
        #expect(run.sent.filter { $0.at > day(20) } == [
            Sent(.visitDueSoon, at: day(105), due: day(107), notify: [.caseworker]),
            Sent(.visitDueSoon, at: day(113), due: day(115), notify: [.caseworker]),
        ])
    }

    @Test("a case's events before its case.opened are applied; the reminders wait for the caseworker and then carry firedAt")
    func unknownCaseWaitsForOpened() throws {
        let history = [reunified(at: day(0)), opened(at: day(12))]
        let run = try replay(history, until: day(17))
        #expect(run.steps[0] == [])
        #expect(run.steps[1].map(Sent.init) == [
            Sent(.visitDueSoon, at: day(5), due: day(7), notify: [.caseworker], firedAt: day(12)),
            Sent(.visitOverdue, at: day(10), due: day(7), notify: [.caseworker], firedAt: day(12)),
        ])
        #expect(run.steps[1].allSatisfy { $0.contact.caseworkerId == ScheduleFixture.caseworker && $0.contact.teamId == ScheduleFixture.team })
        #expect(run.atEnd.map(Sent.init) == [
            Sent(.visitOverdue, at: day(17), due: day(7), occurrence: 2, notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("a redelivered history does not fire its reminders again, nor close or restart the case again")
    func duplicatesDoNotRefire() throws {
        let history = openedAndReunified() + [courtOrderIssued("order-000001-1", .spoedmachtiging, endsAt: day(100), at: day(1)),
                                              visitCompleted(at: day(6)), caseClosed(at: day(20)), caseReopened(at: day(30)),
                                              courtOrderIssued("order-000001-2", .voorlopigeOTS, endsAt: day(100), at: day(31)),
                                              visitCompleted(at: day(36))]
        // Another case on the partition moves stream time on before the redelivery.
        let later = opened(at: day(50), case: "case-000002")
        let once = try replay(history + [later], until: day(120))
        let twice = try replay(history + [later] + history, until: day(120))
        try #require(!once.sent.isEmpty)
        #expect(twice.sent == once.sent)
        #expect(twice.reminders.map(\.reminderId) == once.reminders.map(\.reminderId))
    }

    @Test("a reopening older than the case's latest closure, arriving after it, leaves the case closed")
    func olderReopeningIgnored() throws {
        let history = openedAndReunified() + [caseClosed(at: day(10)), caseClosed(at: day(30)), caseReopened(at: day(20)),
                                              courtOrderIssued("order-000001-1", .spoedmachtiging, endsAt: day(100), at: day(40))]
        #expect(try replay(history, until: day(100)).sent.filter { $0.at > day(10) } == [])
    }
}
