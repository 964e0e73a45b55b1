/// The `data` of a case event, by type.
public enum CaseEventPayload: Sendable, Hashable {
    /// Boxed: the largest payload by far (82 bytes inline, once per case).
    /// Unboxed it made every ``CaseEvent`` 138 bytes, too large to be
    /// copied without a call to `memmove`, which the decoder's result and
    /// the runtime paid on every event; boxed, an event is 113.
    indirect case caseOpened(CaseOpened)
    case caseStageChanged(CaseStageChanged)
    case caseReunified(CaseReunified)
    case caseworkerAssigned(CaseworkerAssigned)
    case riskLevelAssessed(RiskLevelAssessed)
    case visitScheduled(VisitScheduled)
    case visitCompleted(VisitCompleted)
    case visitMissed(VisitMissed)
    case riskSignalReported(RiskSignalReported)
    case courtOrderIssued(CourtOrderIssued)
    case courtOrderEnded(CourtOrderEnded)
    case escalationAcknowledged(EscalationAcknowledged)
    case escalationResolved(EscalationResolved)
    case caseClosed(CaseClosed)
    case caseReopened(CaseReopened)

    /// The payload's event type.
    public var type: CaseEventType {
        switch self {
        case .caseOpened: .caseOpened
        case .caseStageChanged: .caseStageChanged
        case .caseReunified: .caseReunified
        case .caseworkerAssigned: .caseworkerAssigned
        case .riskLevelAssessed: .riskLevelAssessed
        case .visitScheduled: .visitScheduled
        case .visitCompleted: .visitCompleted
        case .visitMissed: .visitMissed
        case .riskSignalReported: .riskSignalReported
        case .courtOrderIssued: .courtOrderIssued
        case .courtOrderEnded: .courtOrderEnded
        case .escalationAcknowledged: .escalationAcknowledged
        case .escalationResolved: .escalationResolved
        case .caseClosed: .caseClosed
        case .caseReopened: .caseReopened
        }
    }

    /// Decodes the payload of `type`.
    public init(type: CaseEventType, from decoder: any Decoder) throws {
        switch type {
        case .caseOpened: self = .caseOpened(try CaseOpened(from: decoder))
        case .caseStageChanged: self = .caseStageChanged(try CaseStageChanged(from: decoder))
        case .caseReunified: self = .caseReunified(try CaseReunified(from: decoder))
        case .caseworkerAssigned: self = .caseworkerAssigned(try CaseworkerAssigned(from: decoder))
        case .riskLevelAssessed: self = .riskLevelAssessed(try RiskLevelAssessed(from: decoder))
        case .visitScheduled: self = .visitScheduled(try VisitScheduled(from: decoder))
        case .visitCompleted: self = .visitCompleted(try VisitCompleted(from: decoder))
        case .visitMissed: self = .visitMissed(try VisitMissed(from: decoder))
        case .riskSignalReported: self = .riskSignalReported(try RiskSignalReported(from: decoder))
        case .courtOrderIssued: self = .courtOrderIssued(try CourtOrderIssued(from: decoder))
        case .courtOrderEnded: self = .courtOrderEnded(try CourtOrderEnded(from: decoder))
        case .escalationAcknowledged: self = .escalationAcknowledged(try EscalationAcknowledged(from: decoder))
        case .escalationResolved: self = .escalationResolved(try EscalationResolved(from: decoder))
        case .caseClosed: self = .caseClosed(try CaseClosed(from: decoder))
        case .caseReopened: self = .caseReopened(try CaseReopened(from: decoder))
        }
    }

    /// Encodes the payload's fields.
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .caseOpened(let data): try data.encode(to: encoder)
        case .caseStageChanged(let data): try data.encode(to: encoder)
        case .caseReunified(let data): try data.encode(to: encoder)
        case .caseworkerAssigned(let data): try data.encode(to: encoder)
        case .riskLevelAssessed(let data): try data.encode(to: encoder)
        case .visitScheduled(let data): try data.encode(to: encoder)
        case .visitCompleted(let data): try data.encode(to: encoder)
        case .visitMissed(let data): try data.encode(to: encoder)
        case .riskSignalReported(let data): try data.encode(to: encoder)
        case .courtOrderIssued(let data): try data.encode(to: encoder)
        case .courtOrderEnded(let data): try data.encode(to: encoder)
        case .escalationAcknowledged(let data): try data.encode(to: encoder)
        case .escalationResolved(let data): try data.encode(to: encoder)
        case .caseClosed(let data): try data.encode(to: encoder)
        case .caseReopened(let data): try data.encode(to: encoder)
        }
    }
}
