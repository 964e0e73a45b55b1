/// `risk.signal-reported.v1`: a warning sign was reported.
public struct RiskSignalReported: Codable, Sendable, Hashable {
    /// The signal.
    public var signalId: Identifier
    /// What it is about.
    public var category: RiskCategory
    /// How severe, 1...4.
    public var severity: Severity
    /// Who reported it.
    public var source: SignalSource
    /// When it was observed.
    public var observedAt: Timestamp
    /// Creates the payload.
    public init(signalId: Identifier, category: RiskCategory, severity: Severity, source: SignalSource, observedAt: Timestamp) {
        self.signalId = signalId; self.category = category; self.severity = severity
        self.source = source; self.observedAt = observedAt
    }
}

/// `court-order.issued.v1`: a Dutch court order was issued.
public struct CourtOrderIssued: Codable, Sendable, Hashable {
    /// The order.
    public var orderId: Identifier
    /// Its kind.
    public var kind: CourtOrderKind
    /// When it starts.
    public var startsAt: Timestamp
    /// When it ends (must be after `startsAt`).
    public var endsAt: Timestamp
    /// Creates the payload.
    public init(orderId: Identifier, kind: CourtOrderKind, startsAt: Timestamp, endsAt: Timestamp) {
        self.orderId = orderId; self.kind = kind; self.startsAt = startsAt; self.endsAt = endsAt
    }
}

/// `court-order.ended.v1`: a court order ended (expired, lifted or replaced).
public struct CourtOrderEnded: Codable, Sendable, Hashable {
    /// The order.
    public var orderId: Identifier
    /// When it ended.
    public var endedAt: Timestamp
    /// Creates the payload.
    public init(orderId: Identifier, endedAt: Timestamp) { self.orderId = orderId; self.endedAt = endedAt }
}

/// `escalation.acknowledged.v1`: someone took charge of an escalation.
public struct EscalationAcknowledged: Codable, Sendable, Hashable {
    /// The escalation.
    public var escalationId: Identifier
    /// Who acknowledged it.
    public var acknowledgedBy: Identifier
    /// When.
    public var acknowledgedAt: Timestamp
    /// Creates the payload.
    public init(escalationId: Identifier, acknowledgedBy: Identifier, acknowledgedAt: Timestamp) {
        self.escalationId = escalationId; self.acknowledgedBy = acknowledgedBy; self.acknowledgedAt = acknowledgedAt
    }
}

/// `escalation.resolved.v1`: an escalation was dealt with.
public struct EscalationResolved: Codable, Sendable, Hashable {
    /// The escalation.
    public var escalationId: Identifier
    /// Who resolved it.
    public var resolvedBy: Identifier
    /// When.
    public var resolvedAt: Timestamp
    /// What was decided.
    public var outcome: ResolutionOutcome
    /// Creates the payload.
    public init(escalationId: Identifier, resolvedBy: Identifier, resolvedAt: Timestamp, outcome: ResolutionOutcome) {
        self.escalationId = escalationId; self.resolvedBy = resolvedBy; self.resolvedAt = resolvedAt; self.outcome = outcome
    }
}
