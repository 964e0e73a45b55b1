/// `org.homeward.reminder.v1`: the scheduler tells a caseworker (and, for
/// some kinds, the supervisor) that something is due. Published on
/// `reminders`, keyed by case id. Carries routing data only: no case details.
public struct Reminder: Sendable, Hashable {
    /// The CloudEvents `type`.
    public static let eventType = "org.homeward.reminder.v1"
    /// The CloudEvents `source` of every reminder.
    public static let source = "/homeward/scheduler"

    /// Deterministic: the same case, kind and schedule slot give the same id
    /// (it is also the CloudEvent `id`).
    public var reminderId: Identifier
    /// What is due.
    public var kind: ReminderKind
    /// The case.
    public var caseId: Identifier
    /// The moment the reminder was scheduled for (the CloudEvent `time`).
    public var scheduledFor: Timestamp
    /// When the thing reminded about is due (visit, deadline, review).
    public var dueAt: Timestamp
    /// 1 for the first reminder about this item, 2 for the second, …
    public var occurrence: Int
    /// Who handles the case.
    public var contact: CaseContact
    /// Who should be told.
    public var notify: [NotifyRole]
    /// The visit, for visit reminders that concern a scheduled visit.
    public var visitId: Identifier?
    /// The court order, for court-order reminders.
    public var orderId: Identifier?
    /// When it actually fired, if later than scheduled (after an outage).
    public var firedAt: Timestamp?

    /// Creates a reminder.
    public init(reminderId: Identifier, kind: ReminderKind, caseId: Identifier, scheduledFor: Timestamp, dueAt: Timestamp,
                occurrence: Int, contact: CaseContact, notify: [NotifyRole], visitId: Identifier? = nil,
                orderId: Identifier? = nil, firedAt: Timestamp? = nil) {
        self.reminderId = reminderId
        self.kind = kind
        self.caseId = caseId
        self.scheduledFor = scheduledFor
        self.dueAt = dueAt
        self.occurrence = occurrence
        self.contact = contact
        self.notify = notify
        self.visitId = visitId
        self.orderId = orderId
        self.firedAt = firedAt
    }

    /// The CloudEvent in structured JSON mode, members in a fixed order.
    public func encoded() -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: reminderId.rawValue, source: Self.source, type: Self.eventType, time: scheduledFor, subject: caseId.rawValue) { data in
            data.member("reminderId", reminderId.rawValue)
            data.member("kind", kind.rawValue)
            data.member("caseId", caseId.rawValue)
            data.member("dueAt", dueAt)
            data.member("occurrence", occurrence)
            data.members(of: contact)
            data.member("notify", strings: notify.map(\.rawValue))
            data.member("visitId", ifPresent: visitId?.rawValue)
            data.member("orderId", ifPresent: orderId?.rawValue)
            data.member("firedAt", ifPresent: firedAt)
        }
    }

    /// Decodes and validates a reminder CloudEvent (as the escalator and
    /// dashboards read them).
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        self = try OutputEventFields.read(bytes, type: Self.eventType) { fields throws(EventRejection) in
            let reminderId = try fields.identifier("data.reminderId")
            let kind: ReminderKind = try fields.enumeration("data.kind")
            let caseId = try fields.identifier("data.caseId")
            let scheduledFor = try fields.timestamp("time")
            let dueAt = try fields.timestamp("data.dueAt")
            let occurrence = try fields.integer("data.occurrence", in: 1...Int(Int32.max))
            let contact = try fields.contact()
            let notify: [NotifyRole] = try fields.enumerations("data.notify")
            let visitId = try fields.optionalIdentifier("data.visitId")
            let orderId = try fields.optionalIdentifier("data.orderId")
            let firedAt = try fields.optionalTimestamp("data.firedAt")
            guard try fields.identifier("subject") == caseId else {
                throw EventRejection(kind: .value, path: "subject", expected: "the same as data.caseId", found: "\"\(caseId)\"")
            }
            return Reminder(reminderId: reminderId, kind: kind, caseId: caseId, scheduledFor: scheduledFor, dueAt: dueAt,
                            occurrence: occurrence, contact: contact, notify: notify, visitId: visitId, orderId: orderId, firedAt: firedAt)
        }
    }
}
