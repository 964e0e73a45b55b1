import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("Nothing is e-mailed twice: ids settled within 30 days are dropped")
struct DuplicateTests {
    let wednesday = at("2026-03-04T09:00:00Z")

    @Test("the same notification arriving again while it waits or after it was sent is dropped without a report")
    func dropped() throws {
        let item = try notification(.escalation(escalation(.urgent, at: wednesday)))
        var recipient = try DeliveryHarness()
        recipient.receive(item, at: wednesday)
        recipient.receive(item, at: wednesday.adding(seconds: 1))
        recipient.complete(try #require(recipient.sends.first), accepted, at: wednesday.adding(seconds: 2))
        recipient.receive(item, at: wednesday.adding(days: 29))
        #expect(recipient.sends.count == 1)
        #expect(recipient.statuses == [.queued, .sent])
    }

    @Test("after 30 days an id is forgotten: the horizon bounds the state")
    func horizon() throws {
        let item = try notification(.escalation(escalation(.urgent, at: wednesday)))
        var recipient = try DeliveryHarness()
        recipient.receive(item, at: wednesday)
        recipient.complete(try #require(recipient.sends.first), accepted, at: wednesday.adding(seconds: 2))
        #expect(recipient.state?.settled.count == 1)
        recipient.receive(item, at: wednesday.adding(days: 31))
        #expect(recipient.state?.settled.isEmpty == true)
        #expect(recipient.sends.count == 2)
    }

    @Test("a cancelled or failed id is settled too: it never comes back")
    func cancelledStaysCancelled() throws {
        let saturday = at("2026-03-07T11:00:00Z")
        var state: FanOutCase?
        let raised = try #require(try fannedOut(.escalation(escalation(.review, at: saturday)), state: &state).notifications.first)
        let closed = try #require(try fannedOut(.escalation(escalation(.review, .resolved, at: saturday.adding(hours: 1), notify: [])),
                                                state: &state).notifications.first)
        var recipient = try DeliveryHarness()
        recipient.receive(raised, at: saturday)
        recipient.receive(closed, at: saturday.adding(hours: 1))
        recipient.receive(raised, at: saturday.adding(hours: 2))
        recipient.advance(to: saturday.adding(days: 3))
        #expect(recipient.sends.isEmpty)
    }

    @Test("a notification for someone not in the directory, or of a kind with no template, goes to dead-letter")
    func undeliverable() throws {
        var stranger = try notification(.escalation(escalation(.urgent, at: wednesday)))
        stranger.recipientId = "cw-7777"
        var recipient = try DeliveryHarness(recipient: "cw-7777")
        recipient.receive(stranger, at: wednesday)
        #expect(recipient.deadLetters.map(\.reason) == ["recipient cw-7777 is not in the directory: add them under people"])
        var unknown = try notification(.escalation(escalation(.urgent, at: wednesday)))
        unknown.kind = "critical"
        var other = try DeliveryHarness()
        other.receive(unknown, at: wednesday)
        #expect(other.deadLetters.first?.reason.hasPrefix("kind critical (escalation) has no template") == true)
        #expect(recipient.sends.isEmpty && other.sends.isEmpty)
    }

    @Test("the state survives its changelog encoding, led by its format version")
    func stateCoding() throws {
        let evening = at("2026-03-04T21:00:00Z")
        var recipient = try DeliveryHarness()
        recipient.receive(try notification(.escalation(escalation(.urgent, at: wednesday))), at: wednesday)
        recipient.complete(try #require(recipient.sends.first), accepted, at: wednesday.adding(seconds: 1))
        recipient.receive(try notification(.reminder(reminder(.visitDueSoon, at: evening))), at: evening)
        recipient.receive(try notification(.reminder(reminder(.visitOverdue, at: evening))), at: evening)
        recipient.receive(try notification(.escalation(escalation(.urgent, at: evening, id: "esc-case-000001-2"))), at: evening)
        let state = try #require(recipient.state)
        #expect(!state.digest.isEmpty && !state.deferred.isEmpty && !state.emails.isEmpty && !state.settled.isEmpty)
        var writer = BinaryWriter()
        state.encode(into: &writer)
        #expect(writer.bytes.first == RecipientDeliveries.formatVersion * 2)
        var reader = BinaryReader(writer.bytes)
        #expect(try RecipientDeliveries(from: &reader) == state)
        #expect(reader.isAtEnd)
    }
}
