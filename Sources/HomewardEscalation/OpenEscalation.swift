public import HomewardContract

/// The escalation a case has open: its level, its chain, what raised it.
public struct OpenEscalation: Sendable, Hashable {
    /// Kept while its level rises.
    public var id: Identifier
    /// The level now.
    public var level: EscalationLevel
    /// When it was raised, or raised to this level: the chain counts from here.
    public var raisedAt: Timestamp
    /// Acknowledge by then (none for `watch`).
    public var respondBy: Timestamp?
    /// Whether someone acknowledged it (the chain stops).
    public var acknowledged: Bool
    /// The chain steps sent so far at this level.
    public var step: Int
    /// Rule ids that fired, in the order they first fired.
    public var reasons: [String]
    /// Ids of the triggering events (the latest ``CaseEscalations/evidenceKept``).
    public var evidence: [String]
    /// How many pieces of evidence it has gathered (also those no longer kept).
    public var evidenceCount: Int
    /// When it was first raised (``raisedAt`` moves when its level rises).
    public var firstRaisedAt: Timestamp

    /// Creates an open escalation; `evidenceCount` defaults to the evidence
    /// given, `firstRaisedAt` to `raisedAt`.
    public init(id: Identifier, level: EscalationLevel, raisedAt: Timestamp, respondBy: Timestamp?, acknowledged: Bool = false,
                step: Int = 0, reasons: [String], evidence: [String], evidenceCount: Int? = nil, firstRaisedAt: Timestamp? = nil) {
        self.id = id
        self.level = level
        self.raisedAt = raisedAt
        self.respondBy = respondBy
        self.acknowledged = acknowledged
        self.step = step
        self.reasons = reasons
        self.evidence = evidence
        self.evidenceCount = evidenceCount ?? evidence.count
        self.firstRaisedAt = firstRaisedAt ?? raisedAt
    }
}

/// What one input asks of the escalator: a level, why, and on what evidence.
public struct EscalationTrigger: Sendable, Hashable {
    /// The level the rules give.
    public var level: EscalationLevel
    /// The rules that fired.
    public var reasons: [String]
    /// The triggering events' ids.
    public var evidence: [String]
    /// The input's own id (part of output ids).
    public var source: String

    /// Creates a trigger.
    public init(level: EscalationLevel, reasons: [String], evidence: [String], source: String) {
        self.level = level
        self.reasons = reasons
        self.evidence = evidence
        self.source = source
    }

    /// Both triggers as one: the higher level, every reason and piece of evidence.
    func merged(with other: EscalationTrigger?) -> EscalationTrigger {
        guard let other else { return self }
        return EscalationTrigger(level: max(level, other.level), reasons: (reasons + other.reasons).uniqued(),
                                 evidence: (evidence + other.evidence).uniqued(), source: source)
    }
}

extension Array where Element: Hashable {
    /// The elements in order, each once.
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
