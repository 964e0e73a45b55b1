import HomewardBoard
import HomewardContract
import HomewardNotification
import Testing

@Suite("The board's view: open escalations, their e-mails, today's counts, the order")
struct BoardStateTests {
    typealias S = BoardSamples

    @Test("a status record opens a row, a newer one replaces it, a tombstone removes it and its outcomes")
    func statusAndTombstone() {
        var state = BoardState(day: S.start..<S.at(hours: 24))
        #expect(state.apply(status: S.status("case-1", .review), caseId: "case-1") == .changed(caseId: "case-1"))
        _ = state.apply(delivery: S.delivery("esc-case-1", to: "cw-0001", .sent, at: S.at(hours: 1)))
        state.apply(status: S.status("case-1", .urgent), caseId: "case-1")
        #expect(state.open["case-1"]?.level == .urgent)
        #expect(state.outcome(of: S.status("case-1", .urgent)).latest["cw-0001"]?.status == .sent)
        #expect(state.apply(status: nil, caseId: "case-1") == .removed(caseId: "case-1"))
        #expect(state.open.isEmpty && state.outcomes.isEmpty)
        #expect(state.apply(status: nil, caseId: "case-1") == nil, "a tombstone of a case with no row changes nothing")
    }

    @Test("a new escalation of the same case drops the outcomes of the one it replaced")
    func newEscalationDropsOldOutcomes() {
        var state = BoardState(day: S.start..<S.at(hours: 24))
        state.apply(status: S.status("case-1", .review, escalation: "esc-a"), caseId: "case-1")
        _ = state.apply(delivery: S.delivery("esc-a", to: "cw-0001", .sent, at: S.at(hours: 1)))
        state.apply(status: S.status("case-1", .review, escalation: "esc-b"), caseId: "case-1")
        #expect(state.outcomes["esc-a"] == nil)
    }

    @Test("each recipient's latest report counts; an older report arriving late does not override it")
    func latestReportPerRecipient() {
        var outcome = NotificationOutcome()
        outcome.apply(S.delivery("esc-1", to: "sup-0001", .deferred, at: S.at(hours: 2), until: S.at(hours: 8)))
        outcome.apply(S.delivery("esc-1", to: "cw-0001", .failed, at: S.at(hours: 2)))
        outcome.apply(S.delivery("esc-1", to: "sup-0001", .queued, at: S.at(hours: 1)))
        #expect(outcome.summary.map(\.status) == [.failed, .deferred])
        #expect(outcome.summary.last?.until == S.at(hours: 8))
    }

    @Test("a delivery report changes the rows of the escalations it names, and counts today only when it happened today")
    func deliveriesChangeRowsAndCount() {
        var state = BoardState(day: S.at(hours: 24)..<S.at(hours: 48))
        state.apply(status: S.status("case-1", .urgent), caseId: "case-1")
        #expect(state.apply(delivery: S.delivery("esc-case-1", to: "sup-0001", .sent, at: S.at(hours: 30))) == [.changed(caseId: "case-1")])
        #expect(state.apply(delivery: S.delivery("esc-case-9", to: "sup-0001", .sent, at: S.at(hours: 2))) == [])
        #expect(state.today.emails == ["sent": 1])
    }

    @Test("outcomes of escalations not open are forgotten once the status topic is read")
    func forgetClosed() {
        var state = BoardState(day: S.start..<S.at(hours: 24))
        _ = state.apply(delivery: S.delivery("esc-gone", to: "cw-0001", .sent, at: S.at(hours: 1)))
        state.apply(status: S.status("case-1", .review), caseId: "case-1")
        _ = state.apply(delivery: S.delivery("esc-case-1", to: "cw-0001", .sent, at: S.at(hours: 1)))
        state.forgetClosedOutcomes()
        #expect(Set(state.outcomes.keys) == ["esc-case-1"])
    }

    @Test("the order: level first; within a level overdue first, then by time left, then acknowledged and watch")
    func ordering() {
        let now = S.at(hours: 10)
        let rows = [
            S.status("a-review-soon", .review, respondBy: S.at(hours: 11)),
            S.status("b-urgent-acked", .urgent, respondBy: S.at(hours: 5), acknowledged: true),
            S.status("c-urgent-later", .urgent, respondBy: S.at(hours: 20)),
            S.status("d-urgent-overdue", .urgent, respondBy: S.at(hours: 9)),
            S.status("e-urgent-soon", .urgent, respondBy: S.at(hours: 12)),
            S.status("f-emergency", .emergency, respondBy: S.at(hours: 11)),
            S.status("g-watch", .watch),
            S.status("h-urgent-more-overdue", .urgent, respondBy: S.at(hours: 2)),
        ]
        let sorted = rows.sorted { BoardOrdering.precedes($0, $1, at: now) }.map(\.caseId.rawValue)
        #expect(sorted == ["f-emergency", "h-urgent-more-overdue", "d-urgent-overdue", "e-urgent-soon", "c-urgent-later",
                           "b-urgent-acked", "a-review-soon", "g-watch"])
        let keys = rows.sorted { BoardOrdering.sortKey($0, at: now) < BoardOrdering.sortKey($1, at: now) }.map(\.caseId.rawValue)
        #expect(keys == sorted, "the page script's sort key gives the same order")
        #expect(BoardOrdering.isOverdue(rows[3], at: now) && !BoardOrdering.isOverdue(rows[1], at: now))
    }

    @Test("today's counts start afresh on a new day")
    func newDay() {
        var today = TodayCounts(day: S.start..<S.at(hours: 24))
        today.countReminder(.visitOverdue, at: S.at(hours: 3))
        today.countReminder(.visitOverdue, at: S.at(hours: 30))
        today.countDeadLetter(reason: "json", at: S.at(hours: 4))
        #expect(today.reminders == ["visit-overdue": 1] && today.deadLetters == ["json": 1])
        today.move(to: S.at(hours: 24)..<S.at(hours: 48))
        #expect(today.reminders.isEmpty && today.deadLetters.isEmpty)
    }
}
