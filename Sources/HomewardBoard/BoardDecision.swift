public import HomewardContract
import HomewardProcessing

/// What a person decided on the board: acknowledge an escalation, or
/// resolve it with an outcome. Becomes the contract's
/// `escalation.acknowledged.v1` or `escalation.resolved.v1` on
/// `case-events`, which the escalator follows.
public enum BoardDecision: Sendable, Hashable {
    /// Someone takes charge: the chain stops.
    case acknowledge
    /// Dealt with, with this outcome.
    case resolve(ResolutionOutcome)

    /// The CloudEvents `source` of the board's events.
    public static let source = EventSource(trusted: "/homeward/board")

    /// The case event recording this decision by `userId` on `escalationId` of `caseId` at `now`.
    /// Its id is derived from the escalation, the decision and the user:
    /// the same decision submitted twice is one event to every consumer.
    public func event(escalationId: Identifier, caseId: Identifier, userId: String, now: Timestamp) -> CaseEvent {
        let by = Identifier(trusted: userId)
        switch self {
        case .acknowledge:
            return CaseEvent(id: id("ack", escalationId, userId), source: Self.source, time: now, subject: caseId,
                             payload: .escalationAcknowledged(EscalationAcknowledged(escalationId: escalationId, acknowledgedBy: by,
                                                                                     acknowledgedAt: now)))
        case .resolve(let outcome):
            return CaseEvent(id: id("resolved", escalationId, userId), source: Self.source, time: now, subject: caseId,
                             payload: .escalationResolved(EscalationResolved(escalationId: escalationId, resolvedBy: by,
                                                                             resolvedAt: now, outcome: outcome)))
        }
    }

    private func id(_ verb: String, _ escalationId: Identifier, _ userId: String) -> Identifier {
        DerivedIdentifier.make("board-\(verb)-\(escalationId.rawValue)-\(userId)", prefix: "board-")
    }
}
