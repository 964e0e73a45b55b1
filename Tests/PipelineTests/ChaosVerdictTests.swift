import HomewardContract
import HomewardPipeline
import Testing

@Suite("The chaos run's verdict: a live pipeline's outputs held to replay's")
struct ChaosVerdictTests {
    typealias Event = ChaosVerdict.Event
    typealias Email = ChaosVerdict.Email

    static func reminder(_ id: String, _ body: String = "a") -> Event { Event(id: id, role: .reminders, value: #"{"id":"\#(id)","b":"\#(body)"}"#) }
    static func escalation(_ id: String) -> Event { Event(id: id, role: .escalations, value: #"{"id":"\#(id)"}"#) }

    static func verdict(oracle: [Event] = [], live: [Event] = [], oracleMail: [Email] = [], eventualMail: [Email]? = nil,
                        received: [Email] = [], audit: ChaosVerdict.Audit = .init(), deadLetters: Int = 0) -> ChaosVerdict {
        ChaosVerdict(oracle: oracle, live: live, oracleMail: oracleMail, eventualMail: eventualMail, received: received, audit: audit,
                     deadLetters: deadLetters)
    }

    /// The audit trail of a few delivery reports: (notification ids, Message-ID, outcome).
    static func audit(_ reports: [(ids: [String], messageId: String, outcome: String)]) -> ChaosVerdict.Audit {
        var audit = ChaosVerdict.Audit()
        for report in reports {
            let ids = report.ids.map { #""\#($0)""# }.joined(separator: ",")
            audit.record(Array(#"{"id":"dlv","data":{"notificationIds":[\#(ids)],"messageId":"\#(report.messageId)","outcome":"\#(report.outcome)"}}"#.utf8))
        }
        return audit
    }

    @Test("every event of replay on its topic with replay's bytes passes; a repeat with the same id and bytes is a duplicate, not a fault")
    func duplicatesAreAllowed() {
        let verdict = Self.verdict(oracle: [Self.reminder("r1"), Self.escalation("e1")],
                                   live: [Self.reminder("r1"), Self.escalation("e1"), Self.reminder("r1")])
        #expect(verdict.passed)
        #expect(verdict.duplicates == 1)
        #expect(verdict.topics[.reminders]?.published == 2 && verdict.topics[.reminders]?.expected == 1)
    }

    @Test("an event of replay missing from its topic is lost, also when it is on another topic (which makes it unexpected there)")
    func missingIsLost() {
        let misplaced = Event(id: "e1", role: .reminders, value: Self.escalation("e1").value)
        let verdict = Self.verdict(oracle: [Self.reminder("r1"), Self.reminder("r2"), Self.escalation("e1")],
                                   live: [Self.reminder("r1"), misplaced])
        #expect(verdict.topics[.reminders]?.lost == ["r2"])
        #expect(verdict.topics[.escalations]?.lost == ["e1"])
        #expect(verdict.topics[.reminders]?.unexpected == ["e1"])
        #expect(verdict.lost == 2 && verdict.unexpected == 1 && !verdict.passed)
    }

    @Test("an id replay does not give, other bytes under replay's id, and a repeat whose bytes changed are unexpected")
    func otherOutputIsUnexpected() {
        let verdict = Self.verdict(oracle: [Self.reminder("r1"), Self.reminder("r2")],
                                   live: [Self.reminder("r1"), Self.reminder("r1", "b"), Self.reminder("r2", "b"), Self.reminder("r9")])
        #expect(verdict.topics[.reminders]?.unexpected == ["r9"])
        #expect(verdict.topics[.reminders]?.differing == ["r1", "r2"])
        #expect(verdict.lost == 0 && verdict.unexpected == 3)
    }

    @Test("an e-mail received twice passes only when it was recorded in doubt")
    func repeatsOnlyInDoubt() {
        let first = Email(messageId: "<hw-n1>", notificationIds: ["n1"]), second = Email(messageId: "<hw-n2>", notificationIds: ["n2"])
        let inDoubt = Self.audit([(["n1"], "<hw-n1>", "in-doubt"), (["n1"], "<hw-n1>", "sent"), (["n2"], "<hw-n2>", "sent")])
        let verdict = Self.verdict(oracleMail: [first, second], received: [first, first, second, second], audit: inDoubt)
        #expect(verdict.mail.inDoubt == 1 && verdict.mail.inDoubtRepeats == 1)
        #expect(verdict.mail.repeated == ["<hw-n2>"])
        #expect(!verdict.passed)
    }

    @Test("a notification e-mailed in two different e-mails is unexpected")
    func oneEmailPerNotification() {
        let single = Email(messageId: "<hw-n1>", notificationIds: ["n1"]), digest = Email(messageId: "<hw-dig>", notificationIds: ["n1", "n2"])
        let verdict = Self.verdict(oracleMail: [digest], received: [single, digest])
        #expect(verdict.mail.repeated == ["n1"])
        #expect(verdict.unexpected == 1)
    }

    @Test("a notification replay e-mails is accounted for when e-mailed, still deferred on stream time, or cancelled; otherwise it is lost")
    func notificationsAccountedFor() {
        let oracle = ["n1", "n2", "n3", "n4"].map { Email(messageId: "<hw-\($0)>", notificationIds: [$0]) }
        let audit = Self.audit([(["n1"], "<hw-n1>", "sent"), (["n2"], "<hw-dig>", "deferred"), (["n3"], "<hw-n3>", "cancelled"),
                                (["n4"], "<hw-n4>", "queued")])
        let verdict = Self.verdict(oracleMail: oracle, received: [oracle[0]], audit: audit)
        #expect(verdict.mail.waiting == 1 && verdict.mail.withdrawn == 1)
        #expect(verdict.mail.lost == ["n4"])
        #expect(verdict.lost == 1)
    }

    @Test("an e-mail reported sent that the server never received is lost; one e-mailed that replay does not send is unexpected")
    func sentMeansReceived() {
        let audit = Self.audit([(["n1"], "<hw-n1>", "sent"), (["n9"], "<hw-n9>", "sent")])
        let verdict = Self.verdict(oracleMail: [Email(messageId: "<hw-n1>", notificationIds: ["n1"])],
                                   received: [Email(messageId: "<hw-n9>", notificationIds: ["n9"])], audit: audit)
        #expect(verdict.mail.sentNotReceived == ["<hw-n1>"])
        #expect(verdict.mail.unexpected == ["n9"])
        #expect(verdict.lost == 2 && verdict.unexpected == 1)
    }

    @Test("a notification e-mailed live that replay still holds at the history's end, and sends once its wait is over, is expected")
    func sentBeforeReplaySendsIt() {
        let early = Email(messageId: "<hw-n1>", notificationIds: ["n1"])
        let verdict = Self.verdict(oracleMail: [], eventualMail: [early], received: [early])
        #expect(verdict.passed)
    }

    @Test("dead letters are unexpected: simulated input is valid")
    func deadLettersFail() {
        #expect(!Self.verdict(deadLetters: 1).passed)
    }
}
