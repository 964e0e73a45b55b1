import Foundation
import HomewardContract
import Testing

@Suite("Event validation")
struct ValidationTests {
    let validator = CaseEventValidator()

    func rejection(_ text: String) -> EventRejection? {
        if case .failure(let rejection) = validator.validate(text) { return rejection }
        return nil
    }

    @Test("every input type decodes into its payload", arguments: CaseEventType.allCases)
    func everyTypeDecodes(_ type: CaseEventType) throws {
        let text = try #require(Fixtures.valid[type])
        let event = try validator.validate(text).get()
        #expect(event.type == type)
        #expect(event.subject == "case-000123")
        #expect(event.time == (try Timestamp(rfc3339: "2026-03-02T08:30:00Z")))
    }

    @Test("decoded events encode back to the same contract")
    func roundTrip() throws {
        for (_, text) in Fixtures.valid {
            let event = try validator.validate(text).get()
            let encoded = try JSONEncoder().encode(event)
            #expect(try validator.validate(Array(encoded)).get() == event)
        }
    }

    @Test("the payload's values are typed")
    func typedValues() throws {
        let event = try validator.validate(Fixtures.valid[.visitCompleted]!).get()
        guard case .visitCompleted(let visit) = event.payload else { Issue.record("wrong payload"); return }
        #expect(visit.childSeenAlone)
        #expect(visit.wellbeing?.scores[.emotionalHealth]?.value == 3)
        #expect(visit.concerns == [.schoolDropout])
        let opened = try validator.validate(Fixtures.valid[.caseOpened]!).get()
        guard case .caseOpened(let data) = opened.payload else { Issue.record("wrong payload"); return }
        #expect(data.placement.type == .foster)
        #expect(data.birthYear?.value == 2014)
    }

    @Test("a type, a member name or a value one byte off a known one is not taken for it, whatever the byte and the length")
    func oneByteOff() throws {
        // (event, the known text in it, where the rejection points, and how it is rejected)
        let cases: [(String, String, String, EventRejection.Kind?)] = [
            (Fixtures.valid[.visitScheduled]!, "org.homeward.visit.scheduled.v1", "type", nil),
            (Fixtures.valid[.caseReunified]!, "reunifiedAt", "data.reunifiedAt", .missing),
            (Fixtures.valid[.caseStageChanged]!, "reunified", "data.stage", .enumeration),
            (Fixtures.valid[.riskLevelAssessed]!, "high", "data.level", .enumeration),
            (Fixtures.valid[.caseOpened]!, "foster", "data.placement.type", .enumeration),
            (Fixtures.valid[.visitMissed]!, "family-not-home", "data.reason", .enumeration),
            (Fixtures.valid[.caseOpened]!, "\"nl\"", "data.language", .enumeration),
        ]
        for (event, known, path, kind) in cases {
            #expect(throws: Never.self) { try validator.validate(event).get() }
            let text = Array(event.utf8), knownBytes = Array(known.utf8)
            let start = try #require(text.indices.first { text[$0...].starts(with: knownBytes) })
            // Every byte of it (for the quoted value, the bytes inside the quotes).
            let inside = known.hasPrefix("\"") ? (start + 1)..<(start + knownBytes.count - 1) : start..<(start + knownBytes.count)
            for position in inside {
                var changed = text
                changed[position] = changed[position] == UInt8(ascii: "x") ? UInt8(ascii: "y") : UInt8(ascii: "x")
                let found = try #require(self.rejection(String(decoding: changed, as: UTF8.self)), "\(known), byte \(position - start)")
                #expect(found.path == path, "\(known), byte \(position - start)")
                if let kind { #expect(found.kind == kind, "\(known), byte \(position - start)") }
            }
        }
    }

    @Test("a rejection's expectation names the field and what was expected, never the value found (it may be case data)")
    func expectationLeavesOutTheValue() throws {
        let text = #"{"specversion":"1.0","id":"e-1","source":"/t","type":"org.homeward.case.reopened.v1","time":"2026-01-01T00:00:00Z","subject":"case-1","datacontenttype":"application/json","data":{"reason":"Jan de Vries"}}"#
        let rejected = try #require(rejection(text))
        #expect(rejected.description.contains("Jan de Vries"), "the dead letter's reason says what was found")
        #expect(rejected.expectation.hasPrefix("data.reason: expected "))
        #expect(!rejected.expectation.contains("Jan de Vries"))
    }

    @Test("a case opened without a time zone gets Europe/Amsterdam")
    func defaultTimezone() throws {
        let text = Fixtures.event("case.opened.v1", data: #"{"caseworkerId":"cw-1","teamId":"t","language":"en","placement":{"type":"kinship","since":"2025-01-01T00:00:00Z"}}"#)
        guard case .caseOpened(let data) = try validator.validate(text).get().payload else { Issue.record("wrong payload"); return }
        #expect(data.effectiveTimezone == .amsterdam)
    }

    @Test("unknown fields inside data and unknown extension attributes are ignored")
    func unknownFieldsIgnored() throws {
        let text = Fixtures.event("risk.signal-reported.v1",
                                  data: #"{"signalId":"s-1","category":"other","severity":1,"source":"other","observedAt":"2026-03-05T14:00:00Z","futureField":{"x":[1,2]}}"#,
                                  extra: #","traceparent":"00-abc-def-01""#)
        #expect(throws: Never.self) { try validator.validate(text).get() }
    }

    @Test("escaped member names and values are read unescaped; a repeated member's last value counts")
    func escapesAndRepeatedMembers() throws {
        let text = Fixtures.event("visit.scheduled.v1", data: #"{"visit\u0049d":"v-\u00e9\"1","dueAt":"2026-03-01T00:00:00Z","dueAt":"2026-03-09T09:00:00Z"}"#)
        guard case .visitScheduled(let visit) = try validator.validate(text).get().payload else { Issue.record("wrong payload"); return }
        #expect(visit.visitId == "v-\u{e9}\"1")
        #expect(visit.dueAt == (try Timestamp(rfc3339: "2026-03-09T09:00:00Z")))
        let escapedTime = Fixtures.event("visit.scheduled.v1", data: #"{"visitId":"v-1","dueAt":"2026-03-09T09:00:00\u005A"}"#)
        guard case .visitScheduled(let sameDue) = try validator.validate(escapedTime).get().payload else { Issue.record("wrong payload"); return }
        #expect(sameDue.dueAt == visit.dueAt)
    }

    @Test("a repeated wellbeing domain's last score counts; an out-of-range score it replaces is not read")
    func repeatedWellbeingDomain() throws {
        let text = Fixtures.event("visit.completed.v1",
                                  data: #"{"visitId":"v-1","completedAt":"2026-03-09T10:40:00Z","childSeenAlone":true,"wellbeing":{"care":0,"care":2}}"#)
        guard case .visitCompleted(let visit) = try validator.validate(text).get().payload else { Issue.record("wrong payload"); return }
        #expect(visit.wellbeing?[.care]?.value == 2)
    }

    @Test("a child's name, address or date of birth sent by a producer is not carried into any output")
    func personalDataIsDropped() throws {
        let text = Fixtures.event("case.opened.v1", data: #"{"caseworkerId":"cw-1","teamId":"t","language":"nl","placement":{"type":"foster","since":"2025-01-01T00:00:00Z"},"childName":"Synthetic Name","address":"Synthetic Street 1","dateOfBirth":"2014-05-05"}"#)
        let event = try validator.validate(text).get()
        let output = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        for leaked in ["childName", "Synthetic Name", "address", "Synthetic Street", "dateOfBirth", "2014-05-05"] {
            #expect(!output.contains(leaked), "\(leaked) leaked into \(output)")
        }
    }

    // MARK: rejections, one per class, with the precise reason

    @Test("a record over 64 KiB is rejected before parsing")
    func tooLarge() {
        let padding = String(repeating: "x", count: 70_000)
        let rejection = rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other","pad":"\#(padding)"}"#))
        #expect(rejection?.kind == .tooLarge)
        #expect(rejection?.description.contains("at most 65536 bytes") == true)
    }

    @Test("invalid JSON names the byte offset")
    func invalidJSON() {
        let rejection = rejection(#"{"specversion":"1.0","id":"x",}"#)
        #expect(rejection?.kind == .invalidJSON)
        #expect(rejection?.found.contains("byte 30") == true, "\(String(describing: rejection))")
        #expect(self.rejection("[1,2]")?.kind == .invalidJSON)
        #expect(self.rejection("")?.kind == .invalidJSON)
    }

    @Test("a missing attribute or field is named")
    func missing() {
        let noSubject = #"{"specversion":"1.0","id":"e","source":"/s","type":"org.homeward.case.reopened.v1","time":"2026-03-02T09:30:00Z","datacontenttype":"application/json","data":{"reason":"other"}}"#
        #expect(rejection(noSubject)?.description == "subject: expected a value, found nothing (the field is missing)")
        let noVisit = Fixtures.event("visit.scheduled.v1", data: #"{"dueAt":"2026-03-09T10:00:00Z"}"#)
        #expect(rejection(noVisit)?.path == "data.visitId")
        #expect(rejection(noVisit)?.kind == .missing)
        let noSince = Fixtures.event("case.opened.v1", data: #"{"caseworkerId":"cw-1","teamId":"t","language":"nl","placement":{"type":"foster"}}"#)
        #expect(rejection(noSince)?.path == "data.placement.since")
    }

    @Test("a wrong JSON type says what was expected and found")
    func wrongType() {
        let text = Fixtures.event("visit.completed.v1", data: #"{"visitId":"v","completedAt":"2026-03-09T10:40:00Z","childSeenAlone":"yes"}"#)
        #expect(rejection(text)?.description == #"data.childSeenAlone: expected boolean, found string "yes""#)
        let data = Fixtures.event("case.reopened.v1", data: #""new-concern""#)
        #expect(rejection(data)?.description == #"data: expected object, found string "new-concern""#)
    }

    @Test("an unknown type and an unknown major version are told apart")
    func unknownTypeAndVersion() {
        let unknown = rejection(Fixtures.event("case.teleported.v1", data: "{}"))
        #expect(unknown?.kind == .unknownType)
        let v2 = rejection(Fixtures.event("case.opened.v2", data: "{}"))
        #expect(v2?.kind == .unknownMajorVersion)
        #expect(v2?.description.contains("does not know v2") == true)
        #expect(rejection(Fixtures.event("reminder.v1", data: "{}"))?.kind == .unknownType, "output types are not input")
    }

    @Test("a type with the prefix and a version but no name between them is an unknown type")
    func typeWithoutName() {
        for afterPrefix in ["v1", ".v1", "v12"] {
            #expect(rejection(Fixtures.event(afterPrefix, data: "{}"))?.kind == .unknownType, "org.homeward.\(afterPrefix)")
            #expect(throws: ContractMismatch.self) { try CaseEventType.resolve("org.homeward." + afterPrefix) }
        }
    }

    @Test("a subject that is empty, over 128 characters or has control characters is rejected")
    func subject() {
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, subject: ""))?.kind == .subject)
        let long = String(repeating: "c", count: 129)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, subject: long))?.description
                == "subject: expected case id (1…128 characters, no control characters or line separators), found 129 characters")
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, subject: #"case\u0007"#))?.kind == .subject)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, subject: String(repeating: "c", count: 128))) == nil)
    }

    @Test("times must be RFC 3339 with an offset and a real date")
    func times() {
        for bad in ["2026-03-02T09:30:00", "2026-03-02 09:30:00Z", "2026-02-30T09:30:00Z", "2026-13-02T09:30:00Z", "yesterday", "2026-03-02T09:30:00+0100"] {
            let rejection = rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, time: bad))
            #expect(rejection?.kind == .time, "\(bad)")
            #expect(rejection?.path == "time")
        }
        let text = Fixtures.event("case.reunified.v1", data: #"{"reunifiedAt":"2026-03-01"}"#)
        #expect(rejection(text)?.description == #"data.reunifiedAt: expected RFC 3339 time with offset in the years 1900…2199, e.g. 2026-03-01T09:30:00+01:00, found "2026-03-01""#)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, time: "2026-03-02T09:30:00.123456789-05:30")) == nil)
    }

    @Test("values outside their enumeration list what is allowed")
    func enumerations() {
        let text = Fixtures.event("case.risk-level-assessed.v1", data: #"{"level":"extreme","assessedAt":"2026-03-02T08:00:00Z"}"#)
        #expect(rejection(text)?.description == #"data.level: expected one of low|medium|high, found "extreme""#)
        let concern = Fixtures.event("visit.completed.v1", data: #"{"visitId":"v","completedAt":"2026-03-09T10:40:00Z","childSeenAlone":true,"concerns":["neglect","bad-vibes"]}"#)
        #expect(rejection(concern)?.path == "data.concerns[1]")
        let domain = Fixtures.event("visit.completed.v1", data: #"{"visitId":"v","completedAt":"2026-03-09T10:40:00Z","childSeenAlone":true,"wellbeing":{"happiness":3}}"#)
        #expect(rejection(domain)?.path == "data.wellbeing.happiness")
        #expect(rejection(domain)?.kind == .enumeration)
    }

    @Test("numbers outside their range say the range")
    func ranges() {
        let text = Fixtures.event("risk.signal-reported.v1", data: #"{"signalId":"s","category":"neglect","severity":7,"source":"school","observedAt":"2026-03-05T14:00:00Z"}"#)
        #expect(rejection(text)?.description == "data.severity: expected integer 1...4, found 7")
        let score = Fixtures.event("visit.completed.v1", data: #"{"visitId":"v","completedAt":"2026-03-09T10:40:00Z","childSeenAlone":true,"wellbeing":{"wellness":0}}"#)
        #expect(rejection(score)?.description == "data.wellbeing.wellness: expected integer 1...4, found 0")
        let fraction = Fixtures.event("risk.signal-reported.v1", data: #"{"signalId":"s","category":"neglect","severity":2.5,"source":"school","observedAt":"2026-03-05T14:00:00Z"}"#)
        #expect(rejection(fraction)?.kind == .range)
    }

    @Test("identifiers with control characters or over 128 characters are rejected")
    func identifiers() {
        let text = Fixtures.event("visit.scheduled.v1", data: #"{"visitId":"visit\n1","dueAt":"2026-03-09T10:00:00Z"}"#)
        #expect(rejection(text)?.kind == .identifier)
        #expect(rejection(text)?.path == "data.visitId")
        #expect(rejection(text)?.found.contains("U+000A") == true)
        let long = Fixtures.event("visit.scheduled.v1", data: #"{"visitId":"\#(String(repeating: "v", count: 129))","dueAt":"2026-03-09T10:00:00Z"}"#)
        #expect(rejection(long)?.description.hasSuffix("found 129 characters") == true)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, id: ""))?.path == "id")
    }

    @Test("identifiers, subjects and sources beyond printable ASCII are judged by their characters, not their bytes")
    func nonASCIIReferences() throws {
        let reference = "zaak-" + String(repeating: "é", count: 123)  // 128 characters, 251 bytes
        let visit = Fixtures.event("visit.scheduled.v1", data: #"{"visitId":"\#(reference)","dueAt":"2026-03-09T10:00:00Z"}"#, subject: reference)
        let event = try CaseEventValidator().validate(visit).get()
        #expect(event.subject.rawValue == reference)
        guard case .visitScheduled(let scheduled) = event.payload else { Issue.record("not a visit.scheduled"); return }
        #expect(scheduled.visitId.rawValue == reference)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, subject: reference + "é"))?.kind == .subject)
        #expect(rejection(Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#, id: #"evt\u007F"#))?.path == "id")
        let source = Fixtures.event("case.reopened.v1", data: #"{"reason":"other"}"#).replacingOccurrences(of: "/case-system/north", with: "/zaaksysteem/noordé")
        #expect(rejection(source) == nil)
        let spaced = source.replacingOccurrences(of: "/zaaksysteem/noordé", with: #"/zaaksysteem/noord\u00A0oost"#)
        #expect(rejection(spaced)?.path == "source", "a no-break space is white space")
    }

    @Test("rules across fields: an order ends after it starts; a time zone exists")
    func crossField() {
        let order = Fixtures.event("court-order.issued.v1", data: #"{"orderId":"o","kind":"ots","startsAt":"2026-01-01T00:00:00Z","endsAt":"2025-12-31T00:00:00Z"}"#)
        #expect(rejection(order)?.path == "data.endsAt")
        #expect(rejection(order)?.kind == .value)
        let zone = Fixtures.event("case.opened.v1", data: #"{"caseworkerId":"cw-1","teamId":"t","language":"nl","timezone":"Mars/Olympus_Mons","placement":{"type":"foster","since":"2025-01-01T00:00:00Z"}}"#)
        #expect(rejection(zone)?.description == #"data.timezone: expected a zone of the IANA tz database, found "Mars/Olympus_Mons""#)
    }
}
