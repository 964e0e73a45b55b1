import HomewardContract
import HomewardProcessing
import HomewardScheduling
import Testing

@Suite("Court orders: deadline reminders before an order ends")
struct CourtOrderTests {
    /// E: when the orders of these histories end.
    let end = day(400)
    let order: Identifier = "order-000001-1"

    @Test("ots and machtiging-uithuisplaatsing: extension decision 12 weeks before the end, filing deadline 8 weeks before, expiring 14 days before",
          arguments: [CourtOrderKind.ots, .machtigingUithuisplaatsing])
    func extendableOrder(kind: CourtOrderKind) throws {
        let history = [opened(at: day(-10)), courtOrderIssued(order, kind, endsAt: end, at: day(0))]
        #expect(try replay(history, until: end).sent == [
            Sent(.courtOrderExtensionDecision, at: end - .weeks(12), due: end - .weeks(8), notify: [.caseworker, .supervisor], orderId: order),
            Sent(.courtOrderFilingDeadline, at: end - .weeks(8), due: end - .weeks(8), notify: [.caseworker, .supervisor], orderId: order),
            Sent(.courtOrderExpiring, at: end - .days(14), due: end, notify: [.caseworker, .supervisor], orderId: order),
        ])
    }

    @Test("voorlopige-ots and spoedmachtiging: expiring 14 days and 3 days before the end",
          arguments: [CourtOrderKind.voorlopigeOTS, .spoedmachtiging])
    func provisionalOrder(kind: CourtOrderKind) throws {
        let history = [opened(at: day(-10)), courtOrderIssued(order, kind, endsAt: end, at: day(0))]
        #expect(try replay(history, until: end).sent == [
            Sent(.courtOrderExpiring, at: end - .days(14), due: end, occurrence: 1, notify: [.caseworker, .supervisor], orderId: order),
            Sent(.courtOrderExpiring, at: end - .days(3), due: end, occurrence: 2, notify: [.caseworker, .supervisor], orderId: order),
        ])
    }

    @Test("an order that arrives after some of its moments: only the latest passed one fires, at once")
    func issuedLate() throws {
        // Issued 7 weeks before its end: the 12- and 8-week moments have passed.
        let history = [opened(at: day(-10)), courtOrderIssued(order, .ots, endsAt: end, at: end - .weeks(7))]
        let run = try replay(history, until: end)
        #expect(run.steps[1].map(Sent.init) == [
            Sent(.courtOrderFilingDeadline, at: end - .weeks(8), due: end - .weeks(8), notify: [.caseworker, .supervisor], orderId: order),
        ])
        #expect(run.atEnd.map(Sent.init) == [
            Sent(.courtOrderExpiring, at: end - .days(14), due: end, notify: [.caseworker, .supervisor], orderId: order),
        ])
    }

    @Test("a provisional order that arrives after its 14-day moment: that one fires at once, the 3-day one in time")
    func provisionalIssuedLate() throws {
        let history = [opened(at: day(-10)), courtOrderIssued(order, .spoedmachtiging, endsAt: end, at: end - .days(5))]
        let run = try replay(history, until: end)
        #expect(run.steps[1].map(Sent.init) == [
            Sent(.courtOrderExpiring, at: end - .days(14), due: end, occurrence: 1, notify: [.caseworker, .supervisor], orderId: order),
        ])
        #expect(run.atEnd.map(Sent.init) == [
            Sent(.courtOrderExpiring, at: end - .days(3), due: end, occurrence: 2, notify: [.caseworker, .supervisor], orderId: order),
        ])
    }

    @Test("an order that arrives after its end gets no reminders")
    func issuedAfterEnd() throws {
        let history = [opened(at: day(-10)), courtOrderIssued(order, .ots, endsAt: end, at: end.adding(days: 1))]
        #expect(try replay(history, until: end.adding(days: 30)).sent == [])
    }

    @Test("court-order.ended cancels that order's reminders and leaves another order's alone")
    func endedCancels() throws {
        let other: Identifier = "order-000001-2"
        let history = [opened(at: day(-10)),
                       courtOrderIssued(order, .ots, endsAt: end, at: day(0)),
                       courtOrderIssued(other, .voorlopigeOTS, endsAt: end, at: day(1)),
                       courtOrderEnded(order, at: end - .weeks(10))]
        #expect(try replay(history, until: end).sent == [
            Sent(.courtOrderExtensionDecision, at: end - .weeks(12), due: end - .weeks(8), notify: [.caseworker, .supervisor], orderId: order),
            Sent(.courtOrderExpiring, at: end - .days(14), due: end, occurrence: 1, notify: [.caseworker, .supervisor], orderId: other),
            Sent(.courtOrderExpiring, at: end - .days(3), due: end, occurrence: 2, notify: [.caseworker, .supervisor], orderId: other),
        ])
    }

    @Test("a court-order.ended that arrives before its court-order.issued keeps the order from setting reminders")
    func endedBeforeIssued() throws {
        let history = [opened(at: day(-10)),
                       courtOrderEnded(order, at: day(1)),
                       courtOrderIssued(order, .ots, endsAt: end, at: day(0))]
        #expect(try replay(history, until: end).sent == [])
    }
}
