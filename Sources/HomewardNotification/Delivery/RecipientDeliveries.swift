public import HomewardContract
import HomewardProcessing

/// What delivery keeps per recipient: what waits for the next digest, what
/// waits for quiet hours to end, the e-mails being sent or waiting to be
/// retried, and the ids already settled (sent, cancelled or failed) within
/// the policy's horizon, so that nothing is e-mailed twice.
///
/// The durability protocol, in plain words: an e-mail is recorded here as
/// *sending* (with its attempt) in the same step that hands it to the
/// runtime, and that state is durable before the send goes out (the
/// runtime writes the changelog before performing the send). Its outcome
/// comes back as an input; only then is it *settled*. So after a crash an
/// e-mail is either settled (never sent again), waiting (sent at its
/// time), or sending with no outcome: that one is sent again with the same
/// Message-ID and reported in doubt, on ``DeliveryInput/restored(recipientId:at:)``.
/// (Within a running worker every send ends in an outcome: the mail
/// client's timers bound each session.)
public struct RecipientDeliveries: Sendable, Hashable {
    /// The encoding's format version (its first byte), so a later version can migrate.
    public static let formatVersion: UInt8 = 1

    /// Routine reminders waiting for the next digest, in arrival order.
    public var digest: [StaffNotification] = []
    /// When the next digest goes (set while ``digest`` is not empty).
    public var digestAt: Timestamp?
    /// Notifications waiting for quiet hours to end.
    public var deferred: [Deferred] = []
    /// E-mails being sent, or waiting to be retried.
    public var emails: [Email] = []
    /// Ids settled within the horizon, oldest first.
    public var settled: [Settled] = []

    /// Nothing owed.
    public init() {}

    /// A notification waiting until `until`.
    public struct Deferred: Sendable, Hashable {
        /// The notification.
        public var notification: StaffNotification
        /// When it goes.
        public var until: Timestamp

        /// Creates the record.
        public init(notification: StaffNotification, until: Timestamp) {
            self.notification = notification
            self.until = until
        }
    }

    /// One e-mail on its way: a single notification or a digest.
    public struct Email: Sendable, Hashable {
        /// Where an e-mail stands.
        public enum Phase: Sendable, Hashable {
            /// An attempt started at this moment and has no outcome yet.
            case sending(since: Timestamp)
            /// The last attempt failed for now; the next starts then.
            case waiting(until: Timestamp)
        }

        /// The notification id, or the digest's id.
        public var emailId: String
        /// Its Message-ID, the same on every attempt.
        public var messageId: String
        /// What it carries.
        public var content: EmailContent
        /// Attempts started so far.
        public var attempt: Int
        /// When the first attempt started (retries stop after ``NotifierPolicy/Retries/giveUpAfter``).
        public var firstAttemptAt: Timestamp
        /// Sending or waiting.
        public var phase: Phase
        /// Whether an attempt may have arrived already (reported in doubt).
        public var inDoubt: Bool
        /// Whether its escalation was acknowledged or resolved while an
        /// attempt was on its way: if that attempt fails, it is not retried.
        public var cancelled: Bool

        /// Creates the record.
        public init(emailId: String, messageId: String, content: EmailContent, attempt: Int, firstAttemptAt: Timestamp, phase: Phase,
                    inDoubt: Bool = false, cancelled: Bool = false) {
            self.emailId = emailId
            self.messageId = messageId
            self.content = content
            self.attempt = attempt
            self.firstAttemptAt = firstAttemptAt
            self.phase = phase
            self.inDoubt = inDoubt
            self.cancelled = cancelled
        }

        /// The notification ids it carries.
        public var notificationIds: [Identifier] { content.notifications.map(\.notificationId) }
    }

    /// An id that reached its end (sent, cancelled or failed), and when.
    public struct Settled: Sendable, Hashable {
        /// The notification id.
        public var id: Identifier
        /// When it was settled.
        public var at: Timestamp

        /// Creates the record.
        public init(id: Identifier, at: Timestamp) {
            self.id = id
            self.at = at
        }
    }

    /// Whether `id` is settled, waiting or on its way: a notification arriving
    /// with it again is a duplicate.
    public func knows(_ id: Identifier) -> Bool {
        settled.contains { $0.id == id } || digest.contains { $0.notificationId == id }
            || deferred.contains { $0.notification.notificationId == id } || emails.contains { $0.notificationIds.contains(id) }
    }

    /// Whether nothing is owed and nothing is remembered (the state can go).
    public var isEmpty: Bool { digest.isEmpty && deferred.isEmpty && emails.isEmpty && settled.isEmpty }

    /// Whether an attempt has started without an outcome.
    public var hasSendsWithoutOutcome: Bool {
        emails.contains { if case .sending = $0.phase { true } else { false } }
    }
}
