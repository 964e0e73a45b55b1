/// `org.homeward.escalation-status.v1`: a case's open escalation as it
/// stands, on the compacted `escalation-status` topic (keyed by case id),
/// for dashboards. Each escalation event writes the case's record anew; a
/// tombstone (null value) follows its resolution. A dashboard that reads
/// the topic from the start has the open escalations, with no rules to know.
public struct CaseEscalationStatus: Sendable, Hashable {
    /// The CloudEvents `type`.
    public static let eventType = "org.homeward.escalation-status.v1"
    /// The CloudEvents `source` of every record.
    public static let source = "/homeward/escalator"

    /// Deterministic: the id of the escalation event that made it, with `-status`.
    public var eventId: Identifier
    /// The escalation, across all its updates.
    public var escalationId: Identifier
    /// The case (the record key and the CloudEvent `subject`).
    public var caseId: Identifier
    /// The level now.
    public var level: EscalationLevel
    /// Whether someone acknowledged it (`data.status`: `acknowledged`, else `raised`).
    public var acknowledged: Bool
    /// The escalation event that made this record (`raised`, `level-raised`, `evidence-added`, `renotified`, `acknowledged`).
    public var lastChange: EscalationStatus
    /// Chain step: 0 at a raise, 1, 2, … as it is re-sent up the chain.
    public var step: Int
    /// Acknowledge by then (absent for `watch`).
    public var respondBy: Timestamp?
    /// What Homeward recommends; people decide.
    public var recommendation: EscalationRecommendation
    /// Ids of the rules that fired, in the order they first fired.
    public var reasons: [String]
    /// How many pieces of evidence it has gathered.
    public var evidenceCount: Int
    /// The case's caseworker.
    public var caseworkerId: Identifier
    /// The caseworker's team.
    public var teamId: Identifier
    /// When the escalation was first raised.
    public var raisedAt: Timestamp
    /// When it reached its current level.
    public var levelRaisedAt: Timestamp
    /// When it last changed (also the CloudEvent `time`).
    public var changedAt: Timestamp

    /// Creates a status record.
    public init(eventId: Identifier, escalationId: Identifier, caseId: Identifier, level: EscalationLevel, acknowledged: Bool,
                lastChange: EscalationStatus, step: Int, respondBy: Timestamp?, recommendation: EscalationRecommendation,
                reasons: [String], evidenceCount: Int, caseworkerId: Identifier, teamId: Identifier, raisedAt: Timestamp,
                levelRaisedAt: Timestamp, changedAt: Timestamp) {
        self.eventId = eventId
        self.escalationId = escalationId
        self.caseId = caseId
        self.level = level
        self.acknowledged = acknowledged
        self.lastChange = lastChange
        self.step = step
        self.respondBy = respondBy
        self.recommendation = recommendation
        self.reasons = reasons
        self.evidenceCount = evidenceCount
        self.caseworkerId = caseworkerId
        self.teamId = teamId
        self.raisedAt = raisedAt
        self.levelRaisedAt = levelRaisedAt
        self.changedAt = changedAt
    }

    /// The CloudEvent in structured JSON mode, members in a fixed order.
    public func encoded() -> [UInt8] {
        JSONObjectWriter.cloudEvent(id: eventId.rawValue, source: Self.source, type: Self.eventType, time: changedAt,
                                    subject: caseId.rawValue) { data in
            data.member("escalationId", escalationId.rawValue)
            data.member("caseId", caseId.rawValue)
            data.member("level", level.rawValue)
            data.member("status", acknowledged ? "acknowledged" : "raised")
            data.member("lastChange", lastChange.rawValue)
            data.member("step", step)
            data.member("respondBy", ifPresent: respondBy)
            data.member("recommendation", recommendation.rawValue)
            data.member("reasons", strings: reasons)
            data.member("evidenceCount", evidenceCount)
            data.member("caseworkerId", caseworkerId.rawValue)
            data.member("teamId", teamId.rawValue)
            data.member("raisedAt", raisedAt)
            data.member("levelRaisedAt", levelRaisedAt)
            data.member("changedAt", changedAt)
        }
    }

    /// Decodes and validates a status CloudEvent.
    public init(decoding bytes: UnsafeRawBufferPointer) throws(EventRejection) {
        self = try OutputEventFields.read(bytes, type: Self.eventType) { fields throws(EventRejection) in
            let status = try fields.string("data.status")
            guard status == "raised" || status == "acknowledged" else {
                throw EventRejection(kind: .enumeration, path: "data.status", expected: "one of raised|acknowledged", found: "\"\(status.prefix(40))\"")
            }
            let caseId = try fields.identifier("data.caseId")
            guard try fields.identifier("subject") == caseId else {
                throw EventRejection(kind: .value, path: "subject", expected: "the same as data.caseId", found: "another case id")
            }
            return CaseEscalationStatus(
                eventId: try fields.identifier("id"), escalationId: try fields.identifier("data.escalationId"), caseId: caseId,
                level: try fields.enumeration("data.level"), acknowledged: status == "acknowledged",
                lastChange: try fields.enumeration("data.lastChange"), step: try fields.integer("data.step", in: 0...Int(Int32.max)),
                respondBy: try fields.optionalTimestamp("data.respondBy"), recommendation: try fields.enumeration("data.recommendation"),
                reasons: try fields.identifiers("data.reasons").map(\.rawValue),
                evidenceCount: try fields.integer("data.evidenceCount", in: 0...Int(Int32.max)),
                caseworkerId: try fields.identifier("data.caseworkerId"), teamId: try fields.identifier("data.teamId"),
                raisedAt: try fields.timestamp("data.raisedAt"), levelRaisedAt: try fields.timestamp("data.levelRaisedAt"),
                changedAt: try fields.timestamp("time"))
        }
    }
}
