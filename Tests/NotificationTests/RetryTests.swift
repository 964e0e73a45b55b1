import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("Retries: transient failures back off with jitter for up to 24 hours; permanent ones fail at once")
struct RetryTests {
    let wednesday = at("2026-03-04T09:00:00Z")

    func urgent(id: Identifier = "esc-case-000001-1") throws -> StaffNotification {
        try notification(.escalation(escalation(.urgent, at: wednesday, id: id)))
    }

    @Test("the waits double from 1 minute to 2 hours, each shortened by at most 25%, the same every time")
    func backoffSequence() throws {
        let retries = try NotifierFixture.policy().retries
        let ceilings = [1, 2, 4, 8, 16, 32, 64, 120, 120, 120].map { Int64($0) * 60_000 }
        for (index, ceiling) in ceilings.enumerated() {
            let wait = retries.wait(after: index + 1, of: "ntf-a").milliseconds
            #expect(wait <= ceiling && wait >= ceiling * 3 / 4, "attempt \(index + 1): \(wait) ms")
            #expect(retries.wait(after: index + 1, of: "ntf-a") == PolicyDuration(milliseconds: wait))
        }
        let spread = Set((1...20).map { retries.wait(after: 3, of: "ntf-\($0)").milliseconds })
        #expect(spread.count > 10, "e-mails failing together spread out")
    }

    @Test("a transient failure is reported retrying with the next attempt's time, then retried with the same Message-ID")
    func retried() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try urgent(), at: wednesday)
        let first = try #require(recipient.sends.first)
        recipient.complete(first, greylisted, at: wednesday.adding(seconds: 2))
        let report = try #require(recipient.reports.last)
        #expect(report.status == .retrying && report.attempt == 1 && report.smtpCode == 451 && report.enhancedCode == "4.7.1")
        let next = try #require(report.until)
        recipient.advance(to: next)
        let second = try #require(recipient.sends.last)
        #expect(recipient.sends.count == 2 && second.attempt == 2 && second.messageId == first.messageId && second.date == next)
        recipient.complete(second, accepted, at: next.adding(seconds: 1))
        #expect(recipient.statuses == [.queued, .retrying, .sent])
        #expect(recipient.reports.last?.reply == "OK queued as 4F2A1")
    }

    @Test("retries stop at 24 hours after the first attempt: failed, and the notification goes to dead-letter")
    func exhaustion() throws {
        let item = try urgent()
        var recipient = try DeliveryHarness()
        recipient.receive(item, at: wednesday)
        while let email = recipient.sends.last, recipient.reports.last?.status != .failed {
            recipient.complete(email, greylisted, at: email.date.adding(seconds: 1))
            if let until = recipient.reports.last?.until { recipient.advance(to: until) }
            #expect(recipient.sends.count < 40)
            if recipient.sends.count >= 40 { break }
        }
        let attempts = recipient.sends.map(\.date)
        #expect(attempts.last! <= wednesday.adding(hours: 24))
        #expect(attempts.last! > wednesday.adding(hours: 20))
        let failed = try #require(recipient.reports.last)
        #expect(failed.status == .failed && failed.attempt == attempts.count)
        #expect(failed.reason?.hasPrefix("retries exhausted after \(attempts.count) attempts in 1d") == true)
        #expect(recipient.deadLetters.map(\.notification) == [item])
        #expect(recipient.timers.isEmpty)
    }

    @Test("a permanent failure fails at once and dead-letters, without a retry")
    func permanentFailure() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try urgent(), at: wednesday)
        let sent = try #require(recipient.sends.first)
        recipient.complete(sent, .permanentFailure(code: 550, enhancedCode: "5.1.1", reason: "RCPT TO rejected: 550 5.1.1 <\(sent.toAddress)>: mailbox unavailable"),
                           at: wednesday.adding(seconds: 1))
        #expect(recipient.statuses == [.queued, .failed])
        #expect(recipient.reports.last?.smtpCode == 550)
        #expect(recipient.deadLetters.count == 1)
        #expect(recipient.timers.isEmpty)
        // The server echoed the address: neither the audit log nor the dead letter carries it.
        let reasons = [recipient.reports.last?.reason, recipient.deadLetters.first?.reason].compactMap { $0 }
        #expect(reasons.count == 2 && reasons.allSatisfy { !$0.contains("@") && $0.contains("[address]") && $0.contains("mailbox unavailable") })
    }

    @Test("one e-mail waiting for a retry never holds up another")
    func neverBlocksOtherMail() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try urgent(), at: wednesday)
        recipient.complete(try #require(recipient.sends.first), greylisted, at: wednesday.adding(seconds: 1))
        recipient.receive(try urgent(id: "esc-case-000001-2"), at: wednesday.adding(seconds: 5))
        #expect(recipient.sends.count == 2)
        #expect(recipient.sends.last?.date == wednesday.adding(seconds: 5))
    }
}
