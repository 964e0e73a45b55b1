public import HomewardContract

/// A reminder or escalation some of whose roles resolve to nobody: the
/// input goes to `dead-letter` with ``reason`` (the other roles are still
/// notified).
public struct FanOutDeadLetter: Sendable, Hashable {
    /// The source event.
    public var sourceEventId: Identifier
    /// Its case.
    public var caseId: Identifier
    /// One entry per role that resolved to nobody, naming the fix.
    public var problems: [UnresolvedRole]

    /// Creates the dead letter.
    public init(sourceEventId: Identifier, caseId: Identifier, problems: [UnresolvedRole]) {
        self.sourceEventId = sourceEventId
        self.caseId = caseId
        self.problems = problems
    }

    /// The reason for the dead-letter header: every problem, `; `-separated.
    public var reason: String { problems.map(\.description).joined(separator: "; ") }
}
