public import HomewardContract
public import HomewardProcessing

/// `org.homeward.delivery.v1`: one change in the delivery of one e-mail (a
/// single notification or a digest), on `deliveries`, keyed by recipient id,
/// for audit and dashboards. Carries no e-mail address and no names.
public struct DeliveryReport: Sendable, Hashable {
    /// The CloudEvents `type`.
    public static let eventType = "org.homeward.delivery.v1"
    /// The CloudEvents `source` of every report.
    public static let source = "/homeward/notifier"

    /// Deterministic: the e-mail, the status and the attempt.
    public var deliveryId: Identifier
    /// The recipient (the record key and the CloudEvent `subject`).
    public var recipientId: Identifier
    /// The notifications the e-mail carries (several for a digest).
    public var notificationIds: [Identifier]
    /// The escalations those notifications are about, each once (none for
    /// reminders): how a dashboard finds the outcome of an escalation's e-mails.
    public var escalationIds: [Identifier]
    /// The e-mail's Message-ID, without angle brackets.
    public var messageId: String
    /// What happened.
    public var status: DeliveryStatus
    /// 1 for the first attempt, 2 for the first retry, … (the attempt to
    /// come, for `queued` and `deferred`).
    public var attempt: Int
    /// When it happened (also the CloudEvent `time`).
    public var at: Timestamp
    /// `deferred`: until when; `retrying` and `in-doubt`: the next attempt.
    public var until: Timestamp?
    /// The server's final reply code, when there was one.
    public var smtpCode: Int?
    /// Its RFC 3463 enhanced status code (`2.0.0`), when it gave one.
    public var enhancedCode: String?
    /// Its reply text, with anything that looks like an address removed.
    public var reply: String?
    /// Why (`digest`, `quiet-hours`, `acknowledged`, a failure's reason…).
    public var reason: String?

    /// Creates a report about the e-mail carrying `notifications`; its id
    /// derives from `emailId`, `status` and `attempt`.
    public init(emailId: String, recipientId: Identifier, notifications: [StaffNotification], messageId: String, status: DeliveryStatus,
                attempt: Int, at: Timestamp, until: Timestamp? = nil, smtpCode: Int? = nil, enhancedCode: String? = nil,
                reply: String? = nil, reason: String? = nil) {
        self.init(deliveryId: DerivedIdentifier.make("dlv-\(emailId)-\(status.rawValue)-\(attempt)", prefix: "dlv-"),
                  recipientId: recipientId, notificationIds: notifications.map(\.notificationId),
                  escalationIds: Self.escalationIds(of: notifications), messageId: messageId, status: status,
                  attempt: attempt, at: at, until: until, smtpCode: smtpCode, enhancedCode: enhancedCode, reply: reply, reason: reason)
    }

    /// Creates a report with every field as given (as read back from `deliveries`).
    public init(deliveryId: Identifier, recipientId: Identifier, notificationIds: [Identifier], escalationIds: [Identifier],
                messageId: String, status: DeliveryStatus, attempt: Int, at: Timestamp, until: Timestamp?, smtpCode: Int?,
                enhancedCode: String?, reply: String?, reason: String?) {
        self.deliveryId = deliveryId
        self.recipientId = recipientId
        self.notificationIds = notificationIds
        self.escalationIds = escalationIds
        self.messageId = messageId
        self.status = status
        self.attempt = attempt
        self.at = at
        self.until = until
        self.smtpCode = smtpCode
        self.enhancedCode = enhancedCode
        self.reply = reply.map { Self.withoutAddresses($0) }
        self.reason = reason.map { Self.withoutAddresses($0, limit: 500) }
    }

    /// The CloudEvent in structured JSON mode, members in a fixed order.
    public func encoded() -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: deliveryId.rawValue, source: Self.source, type: Self.eventType, time: at,
                                    subject: recipientId.rawValue) { data in
            data.member("deliveryId", deliveryId.rawValue)
            data.member("recipientId", recipientId.rawValue)
            data.member("notificationIds", strings: notificationIds.map(\.rawValue))
            if !escalationIds.isEmpty { data.member("escalationIds", strings: escalationIds.map(\.rawValue)) }
            data.member("messageId", "<\(messageId)>")
            data.member("outcome", status.rawValue)
            data.member("attempt", attempt)
            data.member("at", at)
            data.member("until", ifPresent: until)
            if let smtpCode { data.member("smtpCode", smtpCode) }
            data.member("enhancedCode", ifPresent: enhancedCode)
            data.member("reply", ifPresent: reply)
            data.member("reason", ifPresent: reason)
        }
    }

    /// The report as a record for `deliveries`, counted by its outcome.
    public var record: OutputRecord {
        OutputRecord(topicRole: .deliveries, key: recipientId.rawValue, id: deliveryId.rawValue, time: at, value: encoded(),
                     metric: .email(status))
    }

    /// The escalations `notifications` are about, in order, each once.
    private static func escalationIds(of notifications: [StaffNotification]) -> [Identifier] {
        var seen = Set<Identifier>()
        return notifications.compactMap(\.escalationId).filter { seen.insert($0).inserted }
    }

    /// `text` without the words holding an `@` (a server may echo an
    /// address in its reply; the audit log carries none), cut to `limit` characters.
    static func withoutAddresses(_ text: String, limit: Int = 200) -> String {
        String(AddressRedaction.redacted(text).unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(limit))
    }
}
