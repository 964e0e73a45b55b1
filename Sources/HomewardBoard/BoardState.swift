public import HomewardContract
public import HomewardNotification

/// What the board knows, built from the topics it reads: the open
/// escalation of each case (`escalation-status`), the outcome of their
/// e-mails (`deliveries`), and today's counts. Pure: the feed applies
/// records to it, the pages and the API query it.
public struct BoardState: Sendable {
    /// The open escalation per case id.
    public private(set) var open: [String: CaseEscalationStatus] = [:]
    /// E-mail outcomes per escalation id (kept only while the escalation is
    /// open, or while its status has not been read yet).
    public private(set) var outcomes: [String: NotificationOutcome] = [:]
    /// Today's counts.
    public var today: TodayCounts

    /// Nothing read yet; counting `day`.
    public init(day: Range<Timestamp>) { today = TodayCounts(day: day) }

    /// A case's status record, or its tombstone (nil): returns what changed.
    @discardableResult
    public mutating func apply(status: CaseEscalationStatus?, caseId: String) -> BoardChange? {
        guard let status else {
            guard let closed = open.removeValue(forKey: caseId) else { return nil }
            outcomes[closed.escalationId.rawValue] = nil
            return .removed(caseId: caseId)
        }
        if let previous = open[caseId], previous.escalationId != status.escalationId {
            outcomes[previous.escalationId.rawValue] = nil
        }
        open[caseId] = status
        return .changed(caseId: caseId)
    }

    /// A delivery report: counted today, and kept as the outcome of the
    /// escalations it names. Returns the cases whose rows changed.
    public mutating func apply(delivery report: DeliveryReport) -> [BoardChange] {
        today.countDelivery(report)
        for escalationId in report.escalationIds {
            outcomes[escalationId.rawValue, default: NotificationOutcome()].apply(report)
        }
        guard !report.escalationIds.isEmpty else { return [] }
        let ids = Set(report.escalationIds.map(\.rawValue))
        return open.values.filter { ids.contains($0.escalationId.rawValue) }.map { .changed(caseId: $0.caseId.rawValue) }
    }

    /// Forgets the outcomes of escalations that are no longer open (once
    /// `escalation-status` has been read to its end, an outcome of an
    /// escalation not open belongs to one already resolved).
    public mutating func forgetClosedOutcomes() {
        let openIds = Set(open.values.map(\.escalationId.rawValue))
        outcomes = outcomes.filter { openIds.contains($0.key) }
    }

    /// The outcome of `escalation`'s e-mails (empty when none was reported).
    public func outcome(of escalation: CaseEscalationStatus) -> NotificationOutcome {
        outcomes[escalation.escalationId.rawValue] ?? NotificationOutcome()
    }
}

/// A change of the board's list, for live updates.
public enum BoardChange: Sendable, Hashable {
    /// The case's row is new or changed.
    case changed(caseId: String)
    /// The case has no open escalation any more.
    case removed(caseId: String)

    /// The case it is about.
    public var caseId: String {
        switch self {
        case .changed(let caseId), .removed(let caseId): caseId
        }
    }
}
