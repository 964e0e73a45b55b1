import HomewardContract
import HomewardNotification
import Testing

/// Europe/Amsterdam is UTC+1 in winter, UTC+2 in summer (from the last
/// Sunday of March to the last Sunday of October). 2026-03-02 is a Monday.
@Suite("Daily digest: routine reminders once a day, at 08:00 local, on weekdays")
struct DigestTests {
    func dueSoon(at time: Timestamp, case caseNumber: Int = 1) throws -> StaffNotification {
        var item = try notification(.reminder(reminder(.visitDueSoon, at: time, due: time.adding(days: 3))))
        item.caseId = Identifier(trusted: "case-00000\(caseNumber)")
        item.notificationId = Identifier(trusted: item.notificationId.rawValue + "-\(caseNumber)")
        return item
    }

    @Test("a routine reminder waits for the next 08:00, reported deferred until then")
    func waitsForNextDigest() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try dueSoon(at: at("2026-03-04T09:00:00Z")), at: at("2026-03-04T09:00:00Z"))  // Wednesday 10:00
        #expect(recipient.sends.isEmpty)
        #expect(recipient.statuses == [.deferred])
        #expect(recipient.reports.first?.until == at("2026-03-05T07:00:00Z"))  // Thursday 08:00
        #expect(recipient.reports.first?.reason == "digest")
        recipient.advance(to: at("2026-03-05T06:59:59Z"))
        #expect(recipient.sends.isEmpty)
        recipient.advance(to: at("2026-03-05T07:00:00Z"))
        #expect(recipient.sends.map(\.date) == [at("2026-03-05T07:00:00Z")])
    }

    @Test("one e-mail per person lists every item of the day, each with its case reference and link")
    func oneEmailListsEveryItem() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try dueSoon(at: at("2026-03-04T09:00:00Z"), case: 1), at: at("2026-03-04T09:00:00Z"))
        recipient.receive(try dueSoon(at: at("2026-03-04T14:00:00Z"), case: 2), at: at("2026-03-04T14:00:00Z"))
        recipient.receive(try dueSoon(at: at("2026-03-04T22:30:00Z"), case: 3), at: at("2026-03-04T22:30:00Z"))  // 23:30, quiet: waits too
        recipient.advance(to: at("2026-03-05T07:00:00Z"))
        let digest = try #require(recipient.sends.first)
        #expect(recipient.sends.count == 1)
        #expect(digest.notificationIds.count == 3)
        #expect(digest.headers.filter { $0.name == "X-Homeward-Notification" }.map(\.value) == digest.notificationIds.map(\.rawValue))
        for number in 1...3 {
            #expect(digest.content.text.contains("case-00000\(number)"))
            #expect(digest.content.html.contains("https://homeward.example/cases/case-00000\(number)"))
        }
        #expect(digest.content.subject == "Homeward: 3 punten voor vandaag")
        #expect(recipient.statuses == [.deferred, .deferred, .deferred, .queued])
    }

    @Test("Friday's items go out on Monday at 08:00: there is no digest at the weekend")
    func weekdaysOnly() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try dueSoon(at: at("2026-03-06T09:00:00Z")), at: at("2026-03-06T09:00:00Z"))  // Friday 10:00
        recipient.advance(to: at("2026-03-08T23:00:00Z"))
        #expect(recipient.sends.isEmpty)
        recipient.advance(to: at("2026-03-09T07:00:00Z"))  // Monday 08:00
        #expect(recipient.sends.map(\.date) == [at("2026-03-09T07:00:00Z")])
    }

    @Test("an item arriving at 08:00 itself waits for the next day's digest")
    func atTheMinuteWaits() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try dueSoon(at: at("2026-03-04T07:00:00Z")), at: at("2026-03-04T07:00:00Z"))
        #expect(recipient.reports.first?.until == at("2026-03-05T07:00:00Z"))
    }

    @Test("across the change to summer time the digest stays at 08:00 on the wall clock", arguments: [
        // Friday 27 March 10:00 CET → Monday 30 March 08:00 CEST
        ("2026-03-27T09:00:00Z", "2026-03-30T06:00:00Z"),
        // Friday 23 October 10:00 CEST → Monday 26 October 08:00 CET
        ("2026-10-23T08:00:00Z", "2026-10-26T07:00:00Z"),
    ])
    func daylightSaving(arrival: String, digest: String) throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try dueSoon(at: at(arrival)), at: at(arrival))
        #expect(recipient.reports.first?.until == at(digest))
        recipient.advance(to: at(digest))
        #expect(recipient.sends.map(\.date) == [at(digest)])
    }
}
