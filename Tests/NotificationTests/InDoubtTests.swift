import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("In doubt: a send started without a recorded outcome is sent again with the same Message-ID")
struct InDoubtTests {
    let sunday3am = at("2026-03-08T02:00:00Z")

    func emergency() throws -> StaffNotification {
        try notification(.escalation(escalation(.emergency, at: sunday3am)))
    }

    @Test("the state records the send as started before the e-mail leaves the rules")
    func startedBeforeItLeaves() throws {
        var recipient = try DeliveryHarness()
        let decision = recipient.receive(try emergency(), at: sunday3am)
        #expect(decision.sends.count == 1)
        #expect(recipient.state?.hasSendsWithoutOutcome == true)
        #expect(recipient.state?.emails.first?.messageId == decision.sends.first?.messageId)
    }

    @Test("after a restart, a started send with no outcome goes again with the same Message-ID, reported in doubt")
    func restartResends() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try emergency(), at: sunday3am)
        let first = try #require(recipient.sends.first)
        recipient.restart(at: sunday3am.adding(minutes: 2))
        let again = try #require(recipient.sends.last)
        #expect(recipient.sends.count == 2)
        #expect(again.messageId == first.messageId && again.attempt == 2 && again.date == sunday3am.adding(minutes: 2))
        #expect(recipient.statuses == [.queued, .inDoubt])
        recipient.complete(again, accepted, at: sunday3am.adding(minutes: 3))
        #expect(recipient.statuses == [.queued, .inDoubt, .sent])
        recipient.restart(at: sunday3am.adding(minutes: 4))
        #expect(recipient.sends.count == 2, "a settled e-mail is never sent again")
    }

    @Test("no timer stands in for an outcome: a send under way is sent again only on a restart")
    func noOutcomeTimer() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try emergency(), at: sunday3am)
        #expect(recipient.timers.isEmpty, "the mail client's own timers bound every attempt")
        recipient.advance(to: sunday3am.adding(days: 2))
        #expect(recipient.sends.count == 1)
    }

    @Test("a send that never reports an outcome is resent in doubt at each restart, until an attempt started after the retry window: then it fails")
    func inDoubtIsBounded() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try emergency(), at: sunday3am)
        recipient.restart(at: sunday3am.adding(hours: 1))
        recipient.restart(at: sunday3am.adding(hours: 12))
        recipient.restart(at: sunday3am.adding(hours: 25))
        #expect(recipient.sends.count == 4, "each lost attempt started within the day's window")
        #expect(recipient.statuses == [.queued, .inDoubt, .inDoubt, .inDoubt])
        recipient.restart(at: sunday3am.adding(hours: 26))
        #expect(recipient.sends.count == 4, "the attempt at 25 h started after the window")
        #expect(recipient.statuses.last == .failed)
        #expect(recipient.deadLetters.count == 1 && recipient.timers.isEmpty && recipient.state?.emails.isEmpty == true)
    }

    @Test("a connection lost after the final dot is reported in doubt and retried with the same Message-ID")
    func lostAfterTheDot() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try emergency(), at: sunday3am)
        let first = try #require(recipient.sends.first)
        recipient.complete(first, .inDoubt(reason: "connection reset after the final dot"), at: sunday3am.adding(seconds: 3))
        let report = try #require(recipient.reports.last)
        #expect(report.status == .inDoubt)
        recipient.advance(to: try #require(report.until))
        #expect(recipient.sends.last?.messageId == first.messageId)
    }

    @Test("a late outcome of an attempt already resent is ignored, unless it says sent")
    func lateOutcome() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try emergency(), at: sunday3am)
        let first = try #require(recipient.sends.first)
        recipient.restart(at: sunday3am.adding(minutes: 15))
        recipient.complete(first, greylisted, at: sunday3am.adding(minutes: 16))
        #expect(recipient.statuses == [.queued, .inDoubt])
        recipient.complete(first, accepted, at: sunday3am.adding(minutes: 17))
        #expect(recipient.statuses == [.queued, .inDoubt, .sent])
        #expect(recipient.state == nil || recipient.state?.emails.isEmpty == true)
    }
}
