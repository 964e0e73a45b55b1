import HomewardContract
import HomewardNotification
import HomewardProcessing
import Testing

@Suite("Fan-out: one notification per person per reminder or escalation")
struct FanOutTests {
    @Test("each role becomes one notification to its holder, keyed by the recipient, with a deterministic id")
    func onePerPerson() throws {
        let source = reminder(.visitOverdue, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker, .supervisor], occurrence: 2)
        var state: FanOutCase?
        let result = try NotifierFixture.fanOut().fanOut(.reminder(source), updating: &state)
        #expect(result.effects.outputs.map(\.key) == ["cw-0001", "sup-0001"])
        #expect(result.effects.outputs.allSatisfy { $0.topicRole == .notifications })
        let notifications = try fannedOut(.reminder(source)).notifications
        #expect(notifications.map(\.notificationId.rawValue) == ["ntf-\(source.reminderId)-cw-0001", "ntf-\(source.reminderId)-sup-0001"])
        #expect(notifications.map(\.role) == [.caseworker, .supervisor])
        #expect(notifications.allSatisfy { $0.priority == .routine && $0.kind == "visit-overdue" && $0.occurrence == 2 })
        #expect(result.deadLetter == nil)
    }

    @Test("a person who holds two roles for one event gets one notification, in the first role named")
    func twoRolesOneNotification() throws {
        let source = escalation(.urgent, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker, .supervisor], caseworker: "cw-0009",
                                team: "team-west")
        let notifications = try fannedOut(.escalation(source)).notifications
        #expect(notifications.map(\.recipientId) == ["cw-0009"])
        #expect(notifications.map(\.role) == [.caseworker])
    }

    @Test("the language is the recipient's, else the case's; the time zone is the recipient's")
    func languageAndZone() throws {
        let source = reminder(.visitOverdue, at: at("2026-03-04T09:00:00Z"), caseworker: "cw-0003")
        let only = try #require(try fannedOut(.reminder(source)).notifications.first)
        #expect(only.language == .en)  // cw-0003 names no language; the case is in English
        let dutch = try notification(.reminder(reminder(.visitOverdue, at: at("2026-03-04T09:00:00Z"))))
        #expect(dutch.language == .nl)
        #expect(dutch.timezone == .amsterdam)
    }

    @Test("an escalation's notification carries its level as priority, its deadline, recommendation and escalation id, never its reasons")
    func escalationFields() throws {
        let source = escalation(.emergency, at: at("2026-03-08T02:00:00Z"), notify: [.caseworker, .onCall])
        let notifications = try fannedOut(.escalation(source)).notifications
        #expect(notifications.map(\.recipientId) == ["cw-0001", "oc-0001"])
        let first = try #require(notifications.first)
        #expect(first.priority == .emergency && first.kind == "emergency" && first.dueAt == source.respondBy)
        #expect(first.recommendation == .safetyAssessment && first.escalationId == source.escalationId && first.escalationStatus == .raised)
        let text = String(decoding: first.encoded(), as: UTF8.self)
        #expect(!text.contains("severe-harm") && !text.contains("child-ran-away") && !text.contains("signal-000001-003"))
    }

    @Test("a role nobody holds is a dead letter naming it; the others are still told")
    func unknownRoleIsDeadLetter() throws {
        let source = reminder(.visitOverdue, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker, .supervisor], caseworker: "cw-9999")
        let (notifications, deadLetter) = try fannedOut(.reminder(source))
        #expect(notifications.map(\.recipientId) == ["sup-0001"])
        let letter = try #require(deadLetter)
        #expect(letter.sourceEventId == source.reminderId)
        #expect(letter.reason == "role caseworker: caseworker cw-9999 is not in the directory: add them under people")
    }

    @Test("an unknown team is a dead letter for every role it would have resolved")
    func unknownTeam() throws {
        let source = escalation(.urgent, at: at("2026-03-04T09:00:00Z"), notify: [.supervisor, .onCall], team: "team-nowhere")
        let (notifications, deadLetter) = try fannedOut(.escalation(source))
        #expect(notifications.isEmpty)
        #expect(deadLetter?.problems.map(\.role) == [.supervisor, .onCall])
    }

    @Test("watch escalations and escalation events that name nobody make no notification")
    func neverNotified() throws {
        #expect(try fannedOut(.escalation(escalation(.watch, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker]))).notifications.isEmpty)
        #expect(try fannedOut(.escalation(escalation(.review, .evidenceAdded, at: at("2026-03-04T09:00:00Z"), notify: []))).notifications.isEmpty)
    }

    @Test("acknowledging an escalation sends a cancelling notification to everyone told of it, and forgets them", arguments: [
        EscalationStatus.acknowledged, .resolved,
    ])
    func acknowledgementCancels(status: EscalationStatus) throws {
        var state: FanOutCase?
        _ = try fannedOut(.escalation(escalation(.urgent, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker, .supervisor])), state: &state)
        _ = try fannedOut(.escalation(escalation(.urgent, .renotified, at: at("2026-03-04T13:00:00Z"), notify: [.supervisor, .onCall],
                                                 step: 1)), state: &state)
        let closing = escalation(.urgent, status, at: at("2026-03-04T14:00:00Z"), notify: [])
        let cancellations = try fannedOut(.escalation(closing), state: &state).notifications
        #expect(cancellations.map(\.recipientId) == ["cw-0001", "sup-0001", "oc-0001"])
        #expect(cancellations.allSatisfy { $0.escalationStatus == status && $0.isCancellation && $0.escalationId == closing.escalationId })
        #expect(state == nil)
        #expect(try fannedOut(.escalation(closing), state: &state).notifications.isEmpty)
    }

    @Test("the fan-out's state survives its changelog encoding, led by its format version")
    func stateCoding() throws {
        var state: FanOutCase?
        _ = try fannedOut(.escalation(escalation(.urgent, at: at("2026-03-04T09:00:00Z"), notify: [.caseworker, .onCall])), state: &state)
        var writer = BinaryWriter()
        try #require(state).encode(into: &writer)
        #expect(writer.bytes.first == FanOutCase.formatVersion * 2)  // zig-zag varint
        var reader = BinaryReader(writer.bytes)
        #expect(try FanOutCase(from: &reader) == state)
        var future = BinaryReader([UInt8(9 * 2)] + writer.bytes.dropFirst())
        #expect(throws: BinaryDecodingError.self) { try FanOutCase(from: &future) }
    }
}
