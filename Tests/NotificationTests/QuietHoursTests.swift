import HomewardContract
import HomewardNotification
import Testing

@Suite("Quiet hours: 20:00-07:00 and weekends wait, urgent and emergency never do")
struct QuietHoursTests {
    func overdue(at time: Timestamp) throws -> StaffNotification {
        try notification(.reminder(reminder(.visitOverdue, at: time)))
    }

    /// The moment `item`, arriving at `arrival`, is e-mailed.
    func sentAt(_ item: StaffNotification, arriving arrival: Timestamp) throws -> Timestamp? {
        var recipient = try DeliveryHarness(recipient: item.recipientId)
        recipient.receive(item, at: arrival)
        recipient.advance(to: arrival.adding(days: 4))
        return recipient.sends.first?.date
    }

    @Test("at once outside quiet hours, deferred to 07:00 inside them", arguments: [
        ("2026-03-04T18:59:00Z", "2026-03-04T18:59:00Z"),  // Wednesday 19:59: at once
        ("2026-03-04T19:00:00Z", "2026-03-05T06:00:00Z"),  // Wednesday 20:00 → Thursday 07:00
        ("2026-03-05T05:59:00Z", "2026-03-05T06:00:00Z"),  // Thursday 06:59 → 07:00
        ("2026-03-05T06:00:00Z", "2026-03-05T06:00:00Z"),  // Thursday 07:00: at once
    ])
    func eveningAndMorning(arrival: String, sent: String) throws {
        #expect(try sentAt(try overdue(at: at(arrival)), arriving: at(arrival)) == at(sent))
    }

    @Test("midnight: the last second of a day and the first of the next both wait for 07:00 that morning", arguments: [
        "2026-03-04T22:59:59Z",  // Wednesday 23:59:59
        "2026-03-04T23:00:00Z",  // Thursday 00:00
    ])
    func midnight(arrival: String) throws {
        #expect(try sentAt(try overdue(at: at(arrival)), arriving: at(arrival)) == at("2026-03-05T06:00:00Z"))
    }

    @Test("from Friday evening to Sunday night, everything not urgent waits for Monday 07:00", arguments: [
        "2026-03-06T19:30:00Z", "2026-03-07T11:00:00Z", "2026-03-08T22:00:00Z",
    ])
    func weekend(arrival: String) throws {
        #expect(try sentAt(try overdue(at: at(arrival)), arriving: at(arrival)) == at("2026-03-09T06:00:00Z"))
        let review = try notification(.escalation(escalation(.review, at: at(arrival))))
        #expect(try sentAt(review, arriving: at(arrival)) == at("2026-03-09T06:00:00Z"))
    }

    @Test("a deferred notification is reported deferred until the end of quiet hours")
    func reportedDeferred() throws {
        var recipient = try DeliveryHarness()
        recipient.receive(try overdue(at: at("2026-03-07T11:00:00Z")), at: at("2026-03-07T11:00:00Z"))
        #expect(recipient.statuses == [.deferred])
        #expect(recipient.reports.first?.until == at("2026-03-09T06:00:00Z"))
        #expect(recipient.reports.first?.reason == "quiet-hours")
        recipient.advance(to: at("2026-03-09T06:00:00Z"))
        #expect(recipient.statuses == [.deferred, .queued])
    }

    @Test("urgent and emergency escalations go at once, also at 03:00 on a Sunday", arguments: [EscalationLevel.urgent, .emergency])
    func urgentAtNight(level: EscalationLevel) throws {
        let sunday3am = at("2026-03-08T02:00:00Z")
        let item = try notification(.escalation(escalation(level, at: sunday3am)))
        #expect(try sentAt(item, arriving: sunday3am) == sunday3am)
    }

    @Test("across both daylight-saving changes, deferral ends at 07:00 on the wall clock", arguments: [
        // Saturday 28 March 22:00 CET → Monday 30 March 07:00 CEST
        ("2026-03-28T21:00:00Z", "2026-03-30T05:00:00Z"),
        // Sunday 29 March 01:30 CET, before the clocks go forward
        ("2026-03-29T00:30:00Z", "2026-03-30T05:00:00Z"),
        // Saturday 24 October 22:00 CEST → Monday 26 October 07:00 CET
        ("2026-10-24T20:00:00Z", "2026-10-26T06:00:00Z"),
        // Sunday 25 October 02:30 CEST, the first of the repeated hour
        ("2026-10-25T00:30:00Z", "2026-10-26T06:00:00Z"),
    ])
    func daylightSaving(arrival: String, sent: String) throws {
        #expect(try sentAt(try overdue(at: at(arrival)), arriving: at(arrival)) == at(sent))
    }

    @Test("in the night the clocks go forward, an emergency still goes at once")
    func emergencyOnTheShortNight() throws {
        let moment = at("2026-03-29T01:00:00Z")  // 03:00 CEST, just after the change
        let item = try notification(.escalation(escalation(.emergency, at: moment, notify: [.onCall])), to: "mgr-0001")  // no shift then: the manager
        #expect(try sentAt(item, arriving: moment) == moment)
    }

    @Test("the recipient's calendar agrees: weekday 08:00 after a weekday evening, Monday after a Saturday")
    func localCalendar() {
        let calendar = LocalCalendar(zone: .amsterdam)
        let quiet = NotifierPolicy.QuietHours(from: LocalTimeOfDay("20:00")!, until: LocalTimeOfDay("07:00")!, allDay: [.saturday, .sunday])
        #expect(calendar.isQuiet(at("2026-03-04T19:00:00Z"), quiet))
        #expect(!calendar.isQuiet(at("2026-03-04T18:59:59Z"), quiet))
        #expect(calendar.endOfQuiet(after: at("2026-03-07T12:00:00Z"), quiet) == at("2026-03-09T06:00:00Z"))
        #expect(calendar.text(of: at("2026-07-01T12:05:00Z")) == "2026-07-01 14:05")
    }
}
