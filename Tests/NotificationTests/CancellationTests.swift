import HomewardContract
import HomewardNotification
import Testing

@Suite("Cancellation: what of an escalation still waits is cancelled once it is acknowledged or resolved")
struct CancellationTests {
    let saturday = at("2026-03-07T11:00:00Z")

    /// The notifications of an escalation raised at `raisedAt` and then
    /// closed with `status` at `closedAt`, to cw-0001.
    func raisedThenClosed(_ level: EscalationLevel, raisedAt: Timestamp, _ status: EscalationStatus,
                          closedAt: Timestamp) throws -> (raised: StaffNotification, closed: StaffNotification) {
        var state: FanOutCase?
        let raised = try fannedOut(.escalation(escalation(level, at: raisedAt)), state: &state).notifications
        let closed = try fannedOut(.escalation(escalation(level, status, at: closedAt, notify: [])), state: &state).notifications
        return (try #require(raised.first), try #require(closed.first))
    }

    @Test("a deferred review escalation is cancelled when acknowledged or resolved, and never e-mailed", arguments: [
        EscalationStatus.acknowledged, .resolved,
    ])
    func deferredIsCancelled(status: EscalationStatus) throws {
        let (raised, closed) = try raisedThenClosed(.review, raisedAt: saturday, status, closedAt: saturday.adding(hours: 20))
        var recipient = try DeliveryHarness()
        recipient.receive(raised, at: saturday)
        recipient.receive(closed, at: saturday.adding(hours: 20))
        recipient.advance(to: at("2026-03-10T12:00:00Z"))
        #expect(recipient.sends.isEmpty)
        #expect(recipient.statuses == [.deferred, .cancelled])
        #expect(recipient.reports.last?.notificationIds == [raised.notificationId])
        #expect(recipient.reports.last?.reason == status.rawValue)
    }

    @Test("an urgent escalation waiting for a retry is cancelled when acknowledged: no further attempt")
    func waitingRetryIsCancelled() throws {
        let wednesday = at("2026-03-04T09:00:00Z")
        let (raised, closed) = try raisedThenClosed(.urgent, raisedAt: wednesday, .acknowledged, closedAt: wednesday.adding(seconds: 10))
        var recipient = try DeliveryHarness()
        recipient.receive(raised, at: wednesday)
        recipient.complete(try #require(recipient.sends.first), greylisted, at: wednesday.adding(milliseconds: 500))
        #expect(try #require(recipient.reports.last?.until) > wednesday.adding(seconds: 10))
        recipient.receive(closed, at: wednesday.adding(seconds: 10))
        recipient.advance(to: wednesday.adding(days: 2))
        #expect(recipient.sends.count == 1)
        #expect(recipient.statuses == [.queued, .retrying, .cancelled])
        #expect(recipient.timers.isEmpty)
    }

    @Test("an e-mail whose send has started is on its way: sent if it arrives, not retried if it fails")
    func sendingIsNotCancelled() throws {
        let wednesday = at("2026-03-04T09:00:00Z")
        let (raised, closed) = try raisedThenClosed(.urgent, raisedAt: wednesday, .resolved, closedAt: wednesday.adding(seconds: 1))
        var arrives = try DeliveryHarness()
        arrives.receive(raised, at: wednesday)
        arrives.receive(closed, at: wednesday.adding(seconds: 1))
        arrives.complete(try #require(arrives.sends.first), accepted, at: wednesday.adding(seconds: 2))
        #expect(arrives.statuses == [.queued, .sent])
        var fails = try DeliveryHarness()
        fails.receive(raised, at: wednesday)
        fails.receive(closed, at: wednesday.adding(seconds: 1))
        fails.complete(try #require(fails.sends.first), greylisted, at: wednesday.adding(seconds: 2))
        fails.advance(to: wednesday.adding(days: 2))
        #expect(fails.statuses == [.queued, .cancelled])
        #expect(fails.sends.count == 1 && fails.timers.isEmpty)
    }

    @Test("a newer notification of the same escalation replaces a deferred older one")
    func supersededWhileDeferred() throws {
        var state: FanOutCase?
        let review = try #require(try fannedOut(.escalation(escalation(.review, at: saturday)), state: &state).notifications.first)
        let urgent = try #require(try fannedOut(.escalation(escalation(.urgent, .levelRaised, at: saturday.adding(hours: 3))),
                                                state: &state).notifications.first)
        var recipient = try DeliveryHarness()
        recipient.receive(review, at: saturday)
        recipient.receive(urgent, at: saturday.adding(hours: 3))
        recipient.complete(try #require(recipient.sends.first), accepted, at: saturday.adding(hours: 3).adding(seconds: 1))
        recipient.advance(to: at("2026-03-10T12:00:00Z"))
        #expect(recipient.sends.map(\.notificationIds) == [[urgent.notificationId]])
        #expect(recipient.statuses == [.deferred, .cancelled, .queued, .sent])
    }
}

extension Timestamp {
    func adding(seconds: Int) -> Timestamp { adding(milliseconds: Int64(seconds) * 1000) }
}
