public import HomewardContract

/// One open escalation as the page shows it: the escalation-status
/// record's fields in words, the time left or overdue, the e-mail outcome,
/// and whether the user may act on it. Case reference and staff ids only.
public struct BoardRow: Sendable {
    /// The record the row shows.
    public let escalation: CaseEscalationStatus
    /// Past `respondBy` without an acknowledgement.
    public let overdue: Bool
    /// "3 h 20 min left", "overdue by 2 h", "acknowledged", or "no deadline".
    public let timeText: String
    /// How long since it was raised.
    public let ageText: String
    /// Human labels of its reasons.
    public let reasonLabels: [String]
    /// What `deliveries` last reported per recipient of its e-mails.
    public let outcome: NotificationOutcome
    /// The e-mails' outcome in words ("sent 2 · deferred until 08:00 UTC 1"), or "no e-mail" (watch).
    public let notificationText: String
    /// Whether the signed-in user may acknowledge or resolve it.
    public let mayAct: Bool

    /// The row of `escalation` at `now`.
    public init(_ escalation: CaseEscalationStatus, outcome: NotificationOutcome, mayAct: Bool, now: Timestamp) {
        self.escalation = escalation
        overdue = BoardOrdering.isOverdue(escalation, at: now)
        timeText = Self.timeText(escalation, now: now)
        ageText = BoardDuration.words(milliseconds: now.millisecondsSinceEpoch - escalation.raisedAt.millisecondsSinceEpoch)
        reasonLabels = escalation.reasons.map(BoardLabels.reason)
        self.outcome = outcome
        notificationText = Self.notificationText(outcome)
        self.mayAct = mayAct
    }

    private static func timeText(_ escalation: CaseEscalationStatus, now: Timestamp) -> String {
        if escalation.acknowledged { return "acknowledged" }
        guard let respondBy = escalation.respondBy else { return "no deadline" }
        let left = respondBy.millisecondsSinceEpoch - now.millisecondsSinceEpoch
        return left > 0 ? "\(BoardDuration.words(milliseconds: left)) left" : "overdue by \(BoardDuration.words(milliseconds: -left))"
    }

    private static func notificationText(_ outcome: NotificationOutcome) -> String {
        let parts = outcome.summary.map { entry in
            let until = entry.until.map { " until \($0.rfc3339)" } ?? ""
            return "\(BoardLabels.delivery(entry.status))\(until) ×\(entry.count)"
        }
        return parts.isEmpty ? "no e-mail reported" : parts.joined(separator: " · ")
    }
}
