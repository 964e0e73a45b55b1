public import HomewardContract

/// The judgement of a chaos run: what the live pipeline left on its topics
/// and sent to the mail server, held to what `homeward replay` gives for the
/// same history (the oracle). Pure: it is given what was read and counts.
///
/// **Events.** Every reminder and escalation of the oracle must be on its
/// topic at least once, with the oracle's bytes; nothing else may be there.
/// A record there more than once is a *duplicate*: allowed (at least once)
/// when it repeats the same id with the same bytes.
///
/// **E-mails.** On stream time the notifier's clock moves only with its
/// input, per partition of `notifications`, so an e-mail waiting for a
/// digest or the end of quiet hours past the last notification of its
/// partition is still waiting when the input ends, live as in replay's
/// partitions; and the order in which a partition receives the fan-out's
/// notifications depends on the fan-out instances' pace. So the oracle's
/// notifications are each accounted for by the live audit trail
/// (`deliveries`): e-mailed (the server has it), still *waiting* (last
/// reported `deferred`), or *withdrawn* (reported `cancelled` or `failed`).
/// One the live run cannot account for is lost. Live, each notification is
/// e-mailed in one e-mail, each e-mail received once unless it was recorded
/// `in-doubt`; every e-mail reported `sent` is on the server; and nothing
/// is e-mailed that the oracle does not send once every wait is over
/// (replay run on past the history's end: a partition that took its
/// notifications in another order may have sent one that replay still
/// holds when the history ends).
public struct ChaosVerdict: Sendable, Equatable {
    /// One output event: its id, the topic it belongs on and its bytes.
    public struct Event: Sendable, Equatable {
        public let id: String
        public let role: TopicRole
        public let value: String

        public init(id: String, role: TopicRole, value: String) {
            self.id = id
            self.role = role
            self.value = value
        }
    }

    /// One e-mail as the mail server (or replay's outbox) kept it: its
    /// Message-ID and the notifications it carries (`X-Homeward-Notification`:
    /// a digest carries several).
    public struct Email: Sendable, Equatable {
        public let messageId: String
        public let notificationIds: [String]

        public init(messageId: String, notificationIds: [String]) {
            self.messageId = messageId
            self.notificationIds = notificationIds
        }
    }

    /// What the delivery audit trail says of the live e-mails.
    public struct Audit: Sendable, Equatable {
        /// Per notification id, its outcomes in the order reported.
        public var outcomes: [String: [String]] = [:]
        /// The Message-IDs reported `sent`.
        public var sent: Set<String> = []
        /// The Message-IDs reported `in-doubt`.
        public var inDoubt: Set<String> = []

        public init() {}

        /// Takes one delivery report (a CloudEvent of `deliveries`); anything else is left.
        public mutating func record(_ report: [UInt8]) {
            guard let data = (try? JSONParser.parse(report))?["data"], case .string(let outcome)? = data["outcome"] else { return }
            if case .array(let ids)? = data["notificationIds"] {
                for case .string(let id) in ids { outcomes[id, default: []].append(outcome) }
            }
            guard case .string(let messageId)? = data["messageId"] else { return }
            if outcome == "sent" { sent.insert(messageId) }
            if outcome == "in-doubt" { inDoubt.insert(messageId) }
        }
    }

    /// The figures of one topic of events.
    public struct Topic: Sendable, Equatable {
        public init() {}

        /// Events the oracle gives.
        public var expected = 0
        /// Records on the topic.
        public var published = 0
        /// Records repeating an id already on the topic, with the same bytes.
        public var duplicates = 0
        /// Oracle ids not on the topic.
        public var lost: [String] = []
        /// Ids on the topic that the oracle does not give (there, or on another topic).
        public var unexpected: [String] = []
        /// Ids on the topic with bytes other than the oracle's (or than their first copy's).
        public var differing: [String] = []
    }

    /// The figures of the e-mails.
    public struct Mail: Sendable, Equatable {
        /// E-mails the server received.
        public var received = 0
        /// Notifications e-mailed (distinct ids).
        public var notificationsEmailed = 0
        /// Notifications the oracle e-mails.
        public var expected = 0
        /// E-mails recorded in doubt (distinct Message-IDs).
        public var inDoubt = 0
        /// E-mails received more than once that were recorded in doubt (each repeat counted).
        public var inDoubtRepeats = 0
        /// Oracle notifications still waiting live (a digest or quiet hours ahead of stream time).
        public var waiting = 0
        /// Oracle notifications withdrawn live (cancelled or failed).
        public var withdrawn = 0
        /// Oracle notifications the live run cannot account for.
        public var lost: [String] = []
        /// Message-IDs reported sent that the server never received.
        public var sentNotReceived: [String] = []
        /// Notifications e-mailed that the oracle does not send, even once every wait is over.
        public var unexpected: [String] = []
        /// Message-IDs received more than once without being recorded in doubt, and
        /// notifications that came in more than one e-mail.
        public var repeated: [String] = []
    }

    public var topics: [TopicRole: Topic] = [:]
    public var mail = Mail()
    /// Records on dead-letter: simulated input is valid, so any is unexpected.
    public var deadLetters = 0

    /// Judges `live` events against `oracle`, and the e-mails `received`
    /// against the oracle's `oracleMail`, the `audit`, and the e-mails the
    /// oracle sends once every wait is over, `eventualMail` (by default `oracleMail`).
    public init(oracle: [Event], live: [Event], oracleMail: [Email], eventualMail: [Email]? = nil, received: [Email], audit: Audit,
                deadLetters: Int) {
        judgeEvents(oracle: oracle, live: live)
        judgeMail(oracle: Set(oracleMail.flatMap(\.notificationIds)), eventual: Set((eventualMail ?? oracleMail).flatMap(\.notificationIds)),
                  received: received, audit: audit)
        self.deadLetters = deadLetters
    }

    /// Oracle items missing live: reminders, escalations and e-mails.
    public var lost: Int { topics.values.reduce(0) { $0 + $1.lost.count } + mail.lost.count + mail.sentNotReceived.count }

    /// Live items the oracle does not allow: other ids or bytes, unexplained repeats, e-mails replay does not send, dead letters.
    public var unexpected: Int {
        topics.values.reduce(0) { $0 + $1.unexpected.count + $1.differing.count } + mail.unexpected.count + mail.repeated.count + deadLetters
    }

    /// Repeats of an event with its id and bytes, over every topic.
    public var duplicates: Int { topics.values.reduce(0) { $0 + $1.duplicates } }

    /// Whether the run passed: nothing lost, nothing unexpected.
    public var passed: Bool { lost == 0 && unexpected == 0 }

    private mutating func judgeEvents(oracle: [Event], live: [Event]) {
        var expected: [String: Event] = [:]
        for event in oracle {
            expected[event.id] = event
            topics[event.role, default: Topic()].expected += 1
        }
        var seen: [String: Event] = [:]
        for event in live {
            var topic = topics[event.role, default: Topic()]
            topic.published += 1
            if let first = seen[event.id], first.role == event.role {
                if first.value == event.value { topic.duplicates += 1 } else { topic.differing.append(event.id) }
            } else if let wanted = expected[event.id], wanted.role == event.role {
                seen[event.id] = event
                if wanted.value != event.value { topic.differing.append(event.id) }
            } else {
                seen[event.id] = event
                topic.unexpected.append(event.id)
            }
            topics[event.role] = topic
        }
        for event in oracle where seen[event.id]?.role != event.role {
            topics[event.role, default: Topic()].lost.append(event.id)
        }
    }

    private mutating func judgeMail(oracle: Set<String>, eventual: Set<String>, received: [Email], audit: Audit) {
        mail.received = received.count
        mail.expected = oracle.count
        mail.inDoubt = audit.inDoubt.count
        var copies: [String: Int] = [:]
        var emailOf: [String: String] = [:]
        for email in received {
            copies[email.messageId, default: 0] += 1
            for id in email.notificationIds {
                if let other = emailOf[id], other != email.messageId { mail.repeated.append(id) }
                emailOf[id] = email.messageId
            }
        }
        for (messageId, count) in copies.sorted(by: { $0.key < $1.key }) where count > 1 {
            if audit.inDoubt.contains(messageId) { mail.inDoubtRepeats += count - 1 } else { mail.repeated.append(messageId) }
        }
        mail.sentNotReceived = audit.sent.filter { copies[$0] == nil }.sorted()
        mail.notificationsEmailed = emailOf.count
        mail.unexpected = emailOf.keys.filter { !oracle.contains($0) && !eventual.contains($0) }.sorted()
        for id in oracle.sorted() where emailOf[id] == nil {
            switch audit.outcomes[id]?.last {
            case "deferred": mail.waiting += 1
            case "cancelled", "failed": mail.withdrawn += 1
            default: mail.lost.append(id)
            }
        }
    }
}
