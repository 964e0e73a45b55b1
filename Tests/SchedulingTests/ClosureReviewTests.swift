import HomewardContract
import HomewardScheduling
import Testing

@Suite("Aftercare: the closure review a year after reunification")
struct ClosureReviewTests {
    /// A visit every 7 days from day 7 to `lastDay`, except on the days in
    /// `gap`: never overdue, whatever the interval.
    func weeklyVisits(through lastDay: Int, except gap: ClosedRange<Int>? = nil) -> [CaseEvent] {
        stride(from: 7, through: lastDay, by: 7).filter { !(gap?.contains($0) ?? false) }.map { visitCompleted(at: day($0)) }
    }

    func closureReviews(_ history: [CaseEvent], until: Timestamp) throws -> [Sent] {
        try replay(history, until: until).sent.filter { $0.kind == .closureReviewDue }
    }

    @Test("a quiet year: the review is due at R + 365 days, for the caseworker and the supervisor")
    func quietYear() throws {
        let run = try replay(openedAndReunified() + weeklyVisits(through: 420), until: day(400))
        try #require(!run.sent.contains { $0.kind == .visitOverdue })
        #expect(run.sent.filter { $0.kind == .closureReviewDue } == [
            Sent(.closureReviewDue, at: day(365), due: day(365), notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("a signal of severity 2 within the 90 days before the check defers it by 30 days")
    func seriousSignalDefers() throws {
        let history = openedAndReunified() + [riskSignal(severity: 2, at: day(300))] + weeklyVisits(through: 420)
        #expect(try closureReviews(history.sorted { $0.time < $1.time }, until: day(420)) == [
            Sent(.closureReviewDue, at: day(395), due: day(395), notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("a signal of severity 1 does not defer the review")
    func minorSignalDoesNotDefer() throws {
        let history = openedAndReunified() + [riskSignal(severity: 1, at: day(300))] + weeklyVisits(through: 420)
        #expect(try closureReviews(history.sorted { $0.time < $1.time }, until: day(420)) == [
            Sent(.closureReviewDue, at: day(365), due: day(365), notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("a signal before the 90 days does not defer the review")
    func oldSignalDoesNotDefer() throws {
        let history = openedAndReunified() + [riskSignal(severity: 4, at: day(270))] + weeklyVisits(through: 420)
        #expect(try closureReviews(history.sorted { $0.time < $1.time }, until: day(420)) == [
            Sent(.closureReviewDue, at: day(365), due: day(365), notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("an overdue visit within the 90 days before the check defers it by 30 days")
    func overdueVisitDefers() throws {
        // After the day-245 visit the next is due on day 275; none until day 280: overdue on day 278.
        let history = openedAndReunified() + weeklyVisits(through: 420, except: 252...273)
        let run = try replay(history, until: day(420))
        try #require(run.sent.filter { $0.kind == .visitOverdue }.map(\.at) == [day(278)])
        #expect(run.sent.filter { $0.kind == .closureReviewDue } == [
            Sent(.closureReviewDue, at: day(395), due: day(395), notify: [.caseworker, .supervisor]),
        ])
    }

    @Test("a check that is still not quiet is deferred again, every 30 days, until one is")
    func repeatedDeferral() throws {
        let history = openedAndReunified() + [riskSignal(severity: 2, at: day(300)), riskSignal(severity: 3, at: day(330))]
            + weeklyVisits(through: 450)
        #expect(try closureReviews(history.sorted { $0.time < $1.time }, until: day(450)) == [
            Sent(.closureReviewDue, at: day(425), due: day(425), notify: [.caseworker, .supervisor]),
        ])
    }
}
