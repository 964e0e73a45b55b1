import HomewardContract
import Testing

@Suite("Reading Homeward's output events (reminders, as the escalator and dashboards read them)")
struct OutputDecodingTests {
    static let reminder = Reminder(
        reminderId: Identifier(trusted: "rem-0001"), kind: .visitOverdue, caseId: Identifier(trusted: "case-000017"),
        scheduledFor: try! Timestamp(rfc3339: "2026-03-04T09:00:00Z"), dueAt: try! Timestamp(rfc3339: "2026-03-01T09:00:00Z"),
        occurrence: 2, contact: CaseContact(caseworkerId: Identifier(trusted: "cw-0042"), teamId: Identifier(trusted: "team-north"),
                                            language: .nl, timezone: .amsterdam),
        notify: [.caseworker, .supervisor], visitId: Identifier(trusted: "visit-17-3"))

    /// The reminder's encoding with `original` replaced by `replacement` (which must occur once).
    static func edited(_ original: String, _ replacement: String) -> String {
        let text = String(decoding: reminder.encoded(), as: UTF8.self)
        precondition(text.components(separatedBy: original).count == 2, "\(original) occurs once in \(text)")
        return text.replacingOccurrences(of: original, with: replacement)
    }

    static func decode(_ text: String) -> Result<Reminder, EventRejection> {
        Array(text.utf8).withUnsafeBytes { bytes in Result { () throws(EventRejection) in try Reminder(decoding: bytes) } }
    }

    @Test("a reminder reads back as it was written, top-level and nested fields alike")
    func roundTrip() throws {
        #expect(try Self.decode(String(decoding: Self.reminder.encoded(), as: UTF8.self)).get() == Self.reminder)
    }

    @Test("a missing or mistyped field is rejected by its dotted path", arguments: [
        (#""caseId":"case-000017","#, "", "data.caseId", EventRejection.Kind.missing),
        (#""occurrence":2"#, #""occurrence":"2""#, "data.occurrence", .wrongType),
        (#""visitId":"visit-17-3""#, #""visitId":17"#, "data.visitId", .wrongType),
        (#""caseworkerId":"cw-0042""#, #""caseworkerId":"""#, "data.caseworkerId", .identifier),
    ])
    func rejectedByPath(original: String, replacement: String, path: String, kind: EventRejection.Kind) {
        guard case .failure(let rejection) = Self.decode(Self.edited(original, replacement)) else {
            Issue.record("accepted with \(replacement)")
            return
        }
        #expect(rejection.path == path)
        #expect(rejection.kind == kind)
    }

    @Test("a null optional field reads as absent")
    func nullOptional() throws {
        let decoded = try Self.decode(Self.edited(#""visitId":"visit-17-3""#, #""visitId":null"#)).get()
        #expect(decoded.visitId == nil)
    }

    @Test("the time zone must be an IANA name: UTC, Area/Location or Area/Region/Location", arguments: [
        ("UTC", true), ("Europe/Amsterdam", true), ("America/Argentina/Buenos_Aires", true), ("Etc/GMT+2", true),
        ("Amsterdam", false), ("Europe//Amsterdam", false), ("Europe/Amsterdam/", false), ("/Europe", false),
        ("1Europe/Amsterdam", false), ("Europe/Amster dam", false), ("Europe/Ámsterdam", false), ("A/B/C/D", false),
    ])
    func timeZones(zone: String, accepted: Bool) {
        let result = Self.decode(Self.edited(#""timezone":"Europe/Amsterdam""#, #""timezone":"\#(zone)""#))
        switch result {
        case .success(let reminder): #expect(accepted && reminder.contact.timezone.rawValue == zone)
        case .failure(let rejection): #expect(!accepted && rejection.path == "data.timezone", "\(rejection)")
        }
    }
}
