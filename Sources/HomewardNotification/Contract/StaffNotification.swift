public import HomewardContract
import HomewardProcessing

/// `org.homeward.notification.v1`: one person is to be told about one
/// reminder or escalation. Written by the fan-out to `notifications`, keyed
/// by ``recipientId``; read by delivery. Carries routing data and what the
/// templates show (case reference, deadline, recommendation), never case
/// details: no reasons, no evidence, nothing about the child.
///
/// Beyond the schema's required fields (its `data` allows more) it carries
/// what delivery needs without the source event: the escalation's id and
/// status (so an acknowledgement can cancel what is still waiting), its
/// recommendation and chain step, and a reminder's occurrence.
public struct StaffNotification: Sendable, Hashable {
    /// The CloudEvents `type`.
    public static let eventType = "org.homeward.notification.v1"
    /// The CloudEvents `source` of every notification.
    public static let source = "/homeward/notifier"

    /// Deterministic: `ntf-<source event id>-<recipient id>` (a hash when
    /// longer than 128 characters). Also the CloudEvent `id`.
    public var notificationId: Identifier
    /// The source event's time (the CloudEvent `time`).
    public var time: Timestamp
    /// The person told (the record key).
    public var recipientId: Identifier
    /// Their role for the case (the first of their roles the event names).
    public var role: NotifyRole
    /// The case (the CloudEvent `subject`).
    public var caseId: Identifier
    /// Reminder or escalation.
    public var sourceType: NotificationSource
    /// The reminder's or escalation event's id.
    public var sourceEventId: Identifier
    /// Routine, urgent or emergency.
    public var priority: NotificationPriority
    /// The reminder kind (`visit-overdue`) or escalation level (`urgent`).
    public var kind: String
    /// The e-mail's language: the recipient's, else the case's.
    public var language: Language
    /// The recipient's time zone (quiet hours, digest time, times shown).
    public var timezone: TimeZoneName
    /// The reminder's `dueAt` or the escalation's `respondBy`.
    public var dueAt: Timestamp?
    /// Reminders: 1 for the first about an item, 2 for the second, …
    public var occurrence: Int?
    /// Escalations: the escalation, across its updates.
    public var escalationId: Identifier?
    /// Escalations: what changed (`raised`, `level-raised`, `renotified`;
    /// `acknowledged` and `resolved` cancel what still waits, and are never e-mailed).
    public var escalationStatus: EscalationStatus?
    /// Escalations: what Homeward recommends.
    public var recommendation: EscalationRecommendation?
    /// Escalations: the chain step (0 at the raise).
    public var step: Int?

    /// Creates a notification.
    public init(notificationId: Identifier, time: Timestamp, recipientId: Identifier, role: NotifyRole, caseId: Identifier,
                sourceType: NotificationSource, sourceEventId: Identifier, priority: NotificationPriority, kind: String,
                language: Language, timezone: TimeZoneName, dueAt: Timestamp? = nil, occurrence: Int? = nil,
                escalationId: Identifier? = nil, escalationStatus: EscalationStatus? = nil,
                recommendation: EscalationRecommendation? = nil, step: Int? = nil) {
        self.notificationId = notificationId
        self.time = time
        self.recipientId = recipientId
        self.role = role
        self.caseId = caseId
        self.sourceType = sourceType
        self.sourceEventId = sourceEventId
        self.priority = priority
        self.kind = kind
        self.language = language
        self.timezone = timezone
        self.dueAt = dueAt
        self.occurrence = occurrence
        self.escalationId = escalationId
        self.escalationStatus = escalationStatus
        self.recommendation = recommendation
        self.step = step
    }

    /// The id of the notification of `sourceEventId` to `recipientId`.
    public static func id(sourceEventId: Identifier, recipientId: Identifier) -> Identifier {
        DerivedIdentifier.make("ntf-\(sourceEventId.rawValue)-\(recipientId.rawValue)", prefix: "ntf-")
    }

    /// Whether this notification only cancels (an acknowledged or resolved
    /// escalation): it is never e-mailed.
    public var isCancellation: Bool {
        escalationStatus == .acknowledged || escalationStatus == .resolved
    }

    /// The CloudEvent in structured JSON mode, members in a fixed order.
    public func encoded() -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: notificationId.rawValue, source: Self.source, type: Self.eventType, time: time,
                                    subject: caseId.rawValue) { data in
            data.member("notificationId", notificationId.rawValue)
            data.member("recipientId", recipientId.rawValue)
            data.member("role", role.rawValue)
            data.member("caseId", caseId.rawValue)
            data.member("sourceType", sourceType.rawValue)
            data.member("sourceEventId", sourceEventId.rawValue)
            data.member("priority", priority.rawValue)
            data.member("kind", kind)
            data.member("language", language.rawValue)
            data.member("timezone", timezone.rawValue)
            data.member("dueAt", ifPresent: dueAt)
            if let occurrence { data.member("occurrence", occurrence) }
            data.member("escalationId", ifPresent: escalationId?.rawValue)
            data.member("escalationStatus", ifPresent: escalationStatus?.rawValue)
            data.member("recommendation", ifPresent: recommendation?.rawValue)
            if let step { data.member("step", step) }
        }
    }

    /// Decodes and validates a notification CloudEvent (as delivery reads them).
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        let document = try CloudEventDocument.decode(NotificationDocument.self, from: bytes)
        let data = document.data
        guard document.subject == data.caseId else {
            throw EventRejection(kind: .value, path: "subject", expected: "the same as data.caseId", found: "\"\(document.subject)\"")
        }
        self.init(notificationId: data.notificationId, time: document.time, recipientId: data.recipientId, role: data.role,
                  caseId: data.caseId, sourceType: data.sourceType, sourceEventId: data.sourceEventId, priority: data.priority,
                  kind: data.kind.rawValue, language: data.language, timezone: data.timezone, dueAt: data.dueAt,
                  occurrence: data.occurrence, escalationId: data.escalationId, escalationStatus: data.escalationStatus,
                  recommendation: data.recommendation, step: data.step)
    }
}

/// `notification.v1` as written, for ``StaffNotification/init(decoding:)``.
private struct NotificationDocument: Decodable {
    var id: Identifier
    var time: Timestamp
    var subject: Identifier
    var data: DataDocument

    struct DataDocument: Decodable {
        var notificationId: Identifier
        var recipientId: Identifier
        var role: NotifyRole
        var caseId: Identifier
        var sourceType: NotificationSource
        var sourceEventId: Identifier
        var priority: NotificationPriority
        var kind: Identifier
        var language: Language
        var timezone: TimeZoneName
        var dueAt: Timestamp?
        var occurrence: Int?
        var escalationId: Identifier?
        var escalationStatus: EscalationStatus?
        var recommendation: EscalationRecommendation?
        var step: Int?
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        try CloudEventDocument.checkEnvelope(container, specversion: .specversion, type: .type, expected: StaffNotification.eventType)
        id = try container.decode(Identifier.self, forKey: .id)
        time = try container.decode(Timestamp.self, forKey: .time)
        subject = try container.decode(Identifier.self, forKey: .subject)
        data = try container.decode(DataDocument.self, forKey: .data)
    }

    enum CodingKeys: String, CodingKey { case specversion, type, id, time, subject, data }
}
