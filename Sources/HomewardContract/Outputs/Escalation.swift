/// `org.homeward.escalation.v1`: a warning sign that needs a person, on
/// `escalations` (keyed by case id), for dashboards and the notifier. One
/// escalation per case is open at a time; it keeps its id while its level
/// rises. It recommends; people decide.
public struct Escalation: Sendable, Hashable {
    /// The CloudEvents `type`.
    public static let eventType = "org.homeward.escalation.v1"
    /// The CloudEvents `source` of every escalation event.
    public static let source = "/homeward/escalator"

    /// The event's deterministic id (escalation, status, step, trigger).
    public var eventId: Identifier
    /// When it happened (the CloudEvent `time`).
    public var time: Timestamp
    /// The escalation, across all its updates.
    public var escalationId: Identifier
    /// The case.
    public var caseId: Identifier
    /// The level now.
    public var level: EscalationLevel
    /// What changed.
    public var status: EscalationStatus
    /// Chain step: 0 at raise, 1, 2, … as it is re-sent up the chain.
    public var step: Int
    /// Acknowledge by then (absent for `watch`).
    public var respondBy: Timestamp?
    /// What Homeward recommends.
    public var recommendation: EscalationRecommendation
    /// Ids of the rules that fired.
    public var reasons: [String]
    /// Ids of the events that triggered it.
    public var evidence: [String]
    /// Who to tell with this event (may be empty).
    public var notify: [NotifyRole]
    /// Who handles the case.
    public var contact: CaseContact

    /// Creates an escalation event.
    public init(eventId: Identifier, time: Timestamp, escalationId: Identifier, caseId: Identifier, level: EscalationLevel,
                status: EscalationStatus, step: Int, respondBy: Timestamp?, recommendation: EscalationRecommendation,
                reasons: [String], evidence: [String], notify: [NotifyRole], contact: CaseContact) {
        self.eventId = eventId
        self.time = time
        self.escalationId = escalationId
        self.caseId = caseId
        self.level = level
        self.status = status
        self.step = step
        self.respondBy = respondBy
        self.recommendation = recommendation
        self.reasons = reasons
        self.evidence = evidence
        self.notify = notify
        self.contact = contact
    }

    /// The CloudEvent in structured JSON mode, members in a fixed order.
    public func encoded() -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: eventId.rawValue, source: Self.source, type: Self.eventType, time: time, subject: caseId.rawValue) { data in
            data.member("escalationId", escalationId.rawValue)
            data.member("caseId", caseId.rawValue)
            data.member("level", level.rawValue)
            data.member("status", status.rawValue)
            data.member("step", step)
            data.member("respondBy", ifPresent: respondBy)
            data.member("recommendation", recommendation.rawValue)
            data.member("reasons", strings: reasons)
            data.member("evidence", strings: evidence)
            data.member("notify", strings: notify.map(\.rawValue))
            data.members(of: contact)
        }
    }

    /// Decodes and validates an escalation CloudEvent.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        self = try OutputEventFields.read(bytes, type: Self.eventType) { fields throws(EventRejection) in
            let eventId = try fields.identifier("id")
            let time = try fields.timestamp("time")
            let escalationId = try fields.identifier("data.escalationId")
            let caseId = try fields.identifier("data.caseId")
            let level: EscalationLevel = try fields.enumeration("data.level")
            let status: EscalationStatus = try fields.enumeration("data.status")
            let step = try fields.integer("data.step", in: 0...Int(Int32.max))
            let respondBy = try fields.optionalTimestamp("data.respondBy")
            let recommendation: EscalationRecommendation = try fields.enumeration("data.recommendation")
            let reasons = try fields.identifiers("data.reasons").map(\.rawValue)
            let evidence = try fields.identifiers("data.evidence").map(\.rawValue)
            let notify: [NotifyRole] = try fields.enumerations("data.notify")
            return Escalation(eventId: eventId, time: time, escalationId: escalationId, caseId: caseId, level: level, status: status,
                              step: step, respondBy: respondBy, recommendation: recommendation, reasons: reasons, evidence: evidence,
                              notify: notify, contact: try fields.contact())
        }
    }
}
