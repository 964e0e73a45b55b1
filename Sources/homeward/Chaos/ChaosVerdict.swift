import HomewardContract

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
/// is e-mailed that the oracle does not send.
struct ChaosVerdict: Sendable, Equatable {
    /// One output event: its id, the topic it belongs on and its bytes.
    struct Event: Sendable, Equatable {
        let id: String
        let role: TopicRole
        let value: String
    }

    /// What the delivery audit trail says of the live e-mails.
    struct Audit: Sendable, Equatable {
        /// Per notification id, its outcomes in the order reported.
        var outcomes: [String: [String]] = [:]
        /// The Message-IDs reported `sent`.
        var sent: Set<String> = []
        /// The Message-IDs reported `in-doubt`.
        var inDoubt: Set<String> = []
    }

    /// The figures of one topic of events.
    struct Topic: Sendable, Equatable {
        /// Events the oracle gives.
        var expected = 0
        /// Records on the topic.
        var published = 0
        /// Records repeating an id already on the topic, with the same bytes.
        var duplicates = 0
        /// Oracle ids not on the topic.
        var lost: [String] = []
        /// Ids on the topic that the oracle does not give (there, or on another topic).
        var unexpected: [String] = []
        /// Ids on the topic with bytes other than the oracle's (or than their first copy's).
        var differing: [String] = []
    }

    /// The figures of the e-mails.
    struct Mail: Sendable, Equatable {
        /// E-mails the server received.
        var received = 0
        /// Notifications e-mailed (distinct ids).
        var notificationsEmailed = 0
        /// Notifications the oracle e-mails.
        var expected = 0
        /// E-mails recorded in doubt (distinct Message-IDs).
        var inDoubt = 0
        /// E-mails received more than once that were recorded in doubt (each repeat counted).
        var inDoubtRepeats = 0
        /// Oracle notifications still waiting live (a digest or quiet hours ahead of stream time).
        var waiting = 0
        /// Oracle notifications withdrawn live (cancelled or failed).
        var withdrawn = 0
        /// Oracle notifications the live run cannot account for.
        var lost: [String] = []
        /// Message-IDs reported sent that the server never received.
        var sentNotReceived: [String] = []
        /// Notifications e-mailed that the oracle does not send.
        var unexpected: [String] = []
        /// Message-IDs received more than once without being recorded in doubt, and
        /// notifications that came in more than one e-mail.
        var repeated: [String] = []
    }

    var topics: [TopicRole: Topic] = [:]
    var mail = Mail()
    /// Records on dead-letter: simulated input is valid, so any is unexpected.
    var deadLetters = 0

    /// Judges `live` events against `oracle`, and the e-mails `received` against the oracle's `oracleMail` and the `audit`.
    init(oracle: [Event], live: [Event], oracleMail: [ChaosEmail], received: [ChaosEmail], audit: Audit, deadLetters: Int) {
        judgeEvents(oracle: oracle, live: live)
        judgeMail(oracle: Set(oracleMail.flatMap(\.notificationIds)), received: received, audit: audit)
        self.deadLetters = deadLetters
    }

    /// Oracle items missing live: reminders, escalations and e-mails.
    var lost: Int { topics.values.reduce(0) { $0 + $1.lost.count } + mail.lost.count + mail.sentNotReceived.count }

    /// Live items the oracle does not allow: other ids or bytes, unexplained repeats, e-mails replay does not send, dead letters.
    var unexpected: Int {
        topics.values.reduce(0) { $0 + $1.unexpected.count + $1.differing.count } + mail.unexpected.count + mail.repeated.count + deadLetters
    }

    /// Repeats of an event with its id and bytes, over every topic.
    var duplicates: Int { topics.values.reduce(0) { $0 + $1.duplicates } }

    /// Whether the run passed: nothing lost, nothing unexpected.
    var passed: Bool { lost == 0 && unexpected == 0 }

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

    private mutating func judgeMail(oracle: Set<String>, received: [ChaosEmail], audit: Audit) {
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
        mail.unexpected = emailOf.keys.filter { !oracle.contains($0) }.sorted()
        for id in oracle.sorted() where emailOf[id] == nil {
            switch audit.outcomes[id]?.last {
            case "deferred": mail.waiting += 1
            case "cancelled", "failed": mail.withdrawn += 1
            default: mail.lost.append(id)
            }
        }
    }
}
